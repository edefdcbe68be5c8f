package io.zkinfer.circuits.model;

import java.util.Arrays;

/** Shape arithmetic: sizes, strides, numpy-style broadcasting. */
public final class Shapes {

    private Shapes() {
    }

    public static int size(int[] shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
            if (n > Integer.MAX_VALUE) {
                throw new ModelException("tensor of shape " + Arrays.toString(shape) + " is too large");
            }
        }
        return (int) n;
    }

    public static int[] strides(int[] shape) {
        int[] s = new int[shape.length];
        int acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= shape[i];
        }
        return s;
    }

    public static int normAxis(int axis, int rank, String where) {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= Math.max(rank, 1)) {
            throw new ModelException("axis " + axis + " out of range for rank " + rank + " at " + where);
        }
        return a;
    }

    /** The numpy broadcast of two shapes, or an error naming both. */
    public static int[] broadcast(int[] a, int[] b, String where) {
        int r = Math.max(a.length, b.length);
        int[] out = new int[r];
        for (int i = 0; i < r; i++) {
            int da = i - (r - a.length) >= 0 ? a[i - (r - a.length)] : 1;
            int db = i - (r - b.length) >= 0 ? b[i - (r - b.length)] : 1;
            if (da != db && da != 1 && db != 1) {
                throw new ModelException("shapes " + Arrays.toString(a) + " and " + Arrays.toString(b)
                        + " do not broadcast at " + where);
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /** For each flat index of {@code out}, the flat index of the broadcast source element of shape {@code in}. */
    public static int[] broadcastIndex(int[] out, int[] in) {
        int n = size(out);
        int[] idx = new int[n];
        int r = out.length;
        int[] inStrides = strides(in);
        int[] coord = new int[r];
        for (int i = 0; i < n; i++) {
            int src = 0;
            for (int k = 0; k < in.length; k++) {
                int ok = k + (r - in.length);
                if (in[k] != 1) {
                    src += coord[ok] * inStrides[k];
                }
            }
            idx[i] = src;
            for (int k = r - 1; k >= 0; k--) {
                if (++coord[k] < out[k]) {
                    break;
                }
                coord[k] = 0;
            }
        }
        return idx;
    }
}
