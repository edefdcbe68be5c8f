package io.zkinfer.circuits.model;

/** A graph input or output: name, static shape (symbolic dims fixed to 1) and element type. */
public record ValueInfo(String name, int[] shape, ElemType type) {

    public ValueInfo {
        shape = shape.clone();
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ValueInfo v && v.name.equals(name) && java.util.Arrays.equals(v.shape, shape) && v.type == type;
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return name + java.util.Arrays.toString(shape);
    }
}
