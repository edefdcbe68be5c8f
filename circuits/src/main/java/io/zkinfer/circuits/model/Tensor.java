package io.zkinfer.circuits.model;

import java.util.Arrays;
import java.util.Objects;

/**
 * An immutable dense tensor, row-major, with values held as doubles (float models; integers up to 2^53 are exact).
 * Accessors copy; {@link #get(int)} reads one element.
 */
public final class Tensor {

    private final int[] shape;
    private final double[] data;
    private final ElemType type;

    public Tensor(int[] shape, double[] data, ElemType type) {
        this.shape = shape.clone();
        this.data = data.clone();
        this.type = Objects.requireNonNull(type, "type");
        for (int d : shape) {
            if (d < 0) {
                throw new ModelException("negative dimension in shape " + Arrays.toString(shape));
            }
        }
        if (Shapes.size(shape) != data.length) {
            throw new ModelException("tensor of shape " + Arrays.toString(shape) + " needs " + Shapes.size(shape)
                    + " values, got " + data.length);
        }
    }

    /** Wraps without copying: for executor-internal arrays that nobody else holds. */
    static Tensor wrap(int[] shape, double[] data, ElemType type) {
        return new Tensor(shape, data, type, true);
    }

    private Tensor(int[] shape, double[] data, ElemType type, boolean trusted) {
        this.shape = shape;
        this.data = data;
        this.type = type;
        if (Shapes.size(shape) != data.length) {
            throw new ModelException("tensor of shape " + Arrays.toString(shape) + " needs " + Shapes.size(shape)
                    + " values, got " + data.length);
        }
    }

    public static Tensor of(int[] shape, double... data) {
        return new Tensor(shape, data, ElemType.FLOAT);
    }

    public static Tensor scalar(double v, ElemType type) {
        return new Tensor(new int[0], new double[]{v}, type);
    }

    public int[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    public int dim(int axis) {
        return shape[axis];
    }

    public int size() {
        return data.length;
    }

    public double get(int flatIndex) {
        return data[flatIndex];
    }

    public double[] toArray() {
        return data.clone();
    }

    public long[] toLongs() {
        long[] r = new long[data.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = (long) data[i];
        }
        return r;
    }

    public ElemType type() {
        return type;
    }

    /** Internal read access without a copy (callers in this module must not modify it). */
    double[] raw() {
        return data;
    }

    int[] rawShape() {
        return shape;
    }

    public Tensor withType(ElemType t) {
        return new Tensor(shape, data, t, true);
    }

    public Tensor reshape(int[] newShape) {
        return new Tensor(newShape.clone(), data, type, true);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tensor t && Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data) && type == t.type;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return type + Arrays.toString(shape) + (data.length <= 16 ? Arrays.toString(data) : "[" + data.length + " values]");
    }
}
