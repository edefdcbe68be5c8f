package io.zkinfer.circuits.quant;

import io.zkinfer.circuits.model.Fn;
import java.util.function.DoubleUnaryOperator;

/**
 * Element-wise non-linear functions computed by lookup tables. {@code low}/{@code high} are the limits for
 * x → -∞ / +∞ when the function saturates there (NaN otherwise): inputs beyond the saturation point are clamped, so
 * the table only spans the interesting part.
 */
public enum UnaryFn {
    SIGMOID(Fn::sigmoid, 0, 1),
    TANH(Math::tanh, -1, 1),
    ERF(Fn::erf, -1, 1),
    EXP(Math::exp, 0, Double.NaN),
    SQRT(x -> Math.sqrt(Math.max(x, 0)), Double.NaN, Double.NaN),
    LOG(Math::log, Double.NaN, Double.NaN),
    RECIPROCAL(x -> 1 / x, Double.NaN, Double.NaN),
    SOFTPLUS(Fn::softplus, 0, Double.NaN),
    GELU(Fn::gelu, 0, Double.NaN),
    GELU_TANH(Fn::geluTanh, 0, Double.NaN),
    SIN(Math::sin, Double.NaN, Double.NaN),
    COS(Math::cos, Double.NaN, Double.NaN),
    TAN(Math::tan, Double.NaN, Double.NaN),
    ASIN(Math::asin, Double.NaN, Double.NaN),
    ACOS(Math::acos, Double.NaN, Double.NaN),
    ATAN(Math::atan, -Math.PI / 2, Math.PI / 2),
    SINH(Math::sinh, Double.NaN, Double.NaN),
    COSH(Math::cosh, Double.NaN, Double.NaN),
    SOFTSIGN(x -> x / (1 + Math.abs(x)), Double.NaN, Double.NaN),
    ABS(Math::abs, Double.NaN, Double.NaN),
    SIGN(Math::signum, -1, 1),
    CUSTOM(x -> x, Double.NaN, Double.NaN);

    private final DoubleUnaryOperator f;
    private final double low;
    private final double high;

    UnaryFn(DoubleUnaryOperator f, double low, double high) {
        this.f = f;
        this.low = low;
        this.high = high;
    }

    public double apply(double x) {
        return f.applyAsDouble(x);
    }

    public double low() {
        return low;
    }

    public double high() {
        return high;
    }

    public static UnaryFn forOp(String opType) {
        return switch (opType) {
            case "Sigmoid" -> SIGMOID;
            case "Tanh" -> TANH;
            case "Erf" -> ERF;
            case "Exp" -> EXP;
            case "Sqrt" -> SQRT;
            case "Log" -> LOG;
            case "Reciprocal" -> RECIPROCAL;
            case "Softplus" -> SOFTPLUS;
            case "Sin" -> SIN;
            case "Cos" -> COS;
            case "Tan" -> TAN;
            case "Asin" -> ASIN;
            case "Acos" -> ACOS;
            case "Atan" -> ATAN;
            case "Sinh" -> SINH;
            case "Cosh" -> COSH;
            case "Softsign" -> SOFTSIGN;
            default -> null;
        };
    }
}
