package io.zkinfer.circuits.model;

import java.util.List;

/** An ONNX node attribute, by kind. */
public sealed interface Attribute {

    record Int(long value) implements Attribute {
    }

    record Float(double value) implements Attribute {
    }

    record Str(String value) implements Attribute {
    }

    record Ints(List<Long> values) implements Attribute {
        public Ints {
            values = List.copyOf(values);
        }
    }

    record Floats(List<Double> values) implements Attribute {
        public Floats {
            values = List.copyOf(values);
        }
    }

    record Strs(List<String> values) implements Attribute {
        public Strs {
            values = List.copyOf(values);
        }
    }

    record TensorValue(Tensor value) implements Attribute {
    }

    /** A kind zkinfer does not read (graphs, sparse tensors, type protos). */
    record Other(String kind) implements Attribute {
    }
}
