package io.zkinfer.circuits.quant;

import java.util.List;

/** Computes nothing: running kernels on it yields only the tracked intervals (value-independent). */
final class NullBackend implements Backend<Boolean> {

    private static final Boolean X = Boolean.TRUE;

    @Override
    public Boolean constant(long c) {
        return X;
    }

    @Override
    public Boolean lincomb(long[] coefs, List<Boolean> xs, long bias) {
        return X;
    }

    @Override
    public Boolean mul(Boolean a, Boolean b) {
        return X;
    }

    @Override
    public Boolean rescale(Boolean a, int shift, int bits) {
        return X;
    }

    @Override
    public Boolean less(Boolean a, Boolean b, int bits) {
        return X;
    }

    @Override
    public Boolean max(Boolean a, Boolean b, int bits) {
        return X;
    }

    @Override
    public Boolean relu(Boolean a, int bits) {
        return X;
    }

    @Override
    public Boolean select(Boolean cond, Boolean a, Boolean b) {
        return X;
    }

    @Override
    public Boolean isZero(Boolean a) {
        return X;
    }

    @Override
    public void rangeCheck(Boolean a, int bits) {
    }

    @Override
    public void assertEqual(Boolean a, Boolean b) {
    }

    @Override
    public Boolean lookup(LookupTable table, Boolean a) {
        return X;
    }

    @Override
    public List<Boolean> divAdvice(String name, Boolean a, Boolean d) {
        return List.of(X, X);
    }
}
