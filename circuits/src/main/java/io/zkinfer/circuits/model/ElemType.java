package io.zkinfer.circuits.model;

/** Element type of a tensor, reduced to what the compiler distinguishes: real numbers, integers, booleans. */
public enum ElemType {
    FLOAT, INT, BOOL;

    /** Maps an ONNX {@code TensorProto.DataType} code. */
    public static ElemType fromOnnx(int dataType, String where) {
        return switch (dataType) {
            case 1, 10, 11, 16 -> FLOAT;          // float, float16, double, bfloat16
            case 2, 3, 4, 5, 6, 7, 12, 13 -> INT; // uint8, int8, uint16, int16, int32, int64, uint32, uint64
            case 9 -> BOOL;
            default -> throw new ModelException("unsupported tensor element type " + dataType + " at " + where);
        };
    }
}
