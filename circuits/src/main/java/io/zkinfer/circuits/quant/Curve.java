package io.zkinfer.circuits.quant;

import java.util.function.DoubleUnaryOperator;

/** A function with its saturation limits ({@code NaN}: none) for table-based evaluation. */
record Curve(String name, DoubleUnaryOperator f, double low, double high) {
}
