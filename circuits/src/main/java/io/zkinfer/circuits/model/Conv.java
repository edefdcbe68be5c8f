package io.zkinfer.circuits.model;

import java.util.Arrays;

/** Conv, ConvTranspose and pooling over 1-D or 2-D spatial dimensions (NC[H]W layout). */
final class Conv {

    private Conv() {
    }

    /** Spatial attributes normalized to 2-D (a 1-D op gets height 1). */
    record Geometry(int kh, int kw, int sh, int sw, int dh, int dw, int pt, int pl, int pb, int pr) {
    }

    static int[] spatial(Tensor x, Node n) {
        if (x.rank() == 4) {
            return new int[]{x.dim(2), x.dim(3)};
        }
        if (x.rank() == 3) {
            return new int[]{1, x.dim(2)};
        }
        throw n.unsupported("input of rank " + x.rank() + "; only 1-D and 2-D spatial dimensions");
    }

    static Geometry geometry(Node n, int[] kernel, int[] in, boolean transpose) {
        int sd = kernel.length;
        long[] strides = n.attrInts("strides").orElse(fill(sd, 1));
        long[] dil = n.attrInts("dilations").orElse(fill(sd, 1));
        long[] pads = n.attrInts("pads").orElse(fill(2 * sd, 0));
        String autoPad = n.attrString("auto_pad", "NOTSET");
        int kh = sd == 2 ? kernel[0] : 1;
        int kw = kernel[sd - 1];
        int sh = sd == 2 ? (int) strides[0] : 1;
        int sw = (int) strides[sd - 1];
        int dh = sd == 2 ? (int) dil[0] : 1;
        int dw = (int) dil[sd - 1];
        int pt = sd == 2 ? (int) pads[0] : 0;
        int pl = (int) pads[sd == 2 ? 1 : 0];
        int pb = sd == 2 ? (int) pads[2] : 0;
        int pr = (int) pads[sd == 2 ? 3 : 1];
        if (!autoPad.equals("NOTSET") && !autoPad.equals("VALID")) {
            if (transpose) {
                throw n.unsupported("attribute auto_pad=" + autoPad);
            }
            int[] p = new int[4];
            int[] ks = {kh, kw};
            int[] ss = {sh, sw};
            int[] ds = {dh, dw};
            for (int i = 0; i < 2; i++) {
                int outD = (in[i] + ss[i] - 1) / ss[i];
                int total = Math.max(0, (outD - 1) * ss[i] + (ks[i] - 1) * ds[i] + 1 - in[i]);
                int small = total / 2;
                int big = total - small;
                boolean upper = autoPad.equals("SAME_UPPER");
                p[i] = upper ? small : big;
                p[i + 2] = upper ? big : small;
            }
            pt = p[0];
            pl = p[1];
            pb = p[2];
            pr = p[3];
        }
        return new Geometry(kh, kw, sh, sw, dh, dw, pt, pl, pb, pr);
    }

    private static long[] fill(int n, long v) {
        long[] r = new long[n];
        Arrays.fill(r, v);
        return r;
    }

    static Tensor conv(Node n, Tensor x, Tensor w, Tensor b) {
        int[] hw = spatial(x, n);
        int sd = x.rank() - 2;
        int[] kernel = Arrays.copyOfRange(w.shape(), 2, w.rank());
        Geometry g = geometry(n, kernel, hw, false);
        int group = (int) n.attrInt("group", 1);
        int batch = x.dim(0);
        int cin = x.dim(1);
        int cout = w.dim(0);
        int cpg = w.dim(1);
        if (cpg * group != cin || cout % group != 0) {
            throw new ModelException("Conv at node " + n.name() + ": weight " + Arrays.toString(w.shape())
                    + " does not fit input " + Arrays.toString(x.shape()) + " with group " + group);
        }
        int h = hw[0];
        int wd = hw[1];
        int oh = (h + g.pt() + g.pb() - g.dh() * (g.kh() - 1) - 1) / g.sh() + 1;
        int ow = (wd + g.pl() + g.pr() - g.dw() * (g.kw() - 1) - 1) / g.sw() + 1;
        double[] r = new double[batch * cout * oh * ow];
        double[] xd = x.raw();
        double[] wdat = w.raw();
        int opg = cout / group;
        for (int nb = 0; nb < batch; nb++) {
            for (int oc = 0; oc < cout; oc++) {
                int gidx = oc / opg;
                double bias = b == null ? 0 : b.get(oc);
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        double s = bias;
                        for (int ic = 0; ic < cpg; ic++) {
                            int c = gidx * cpg + ic;
                            for (int ky = 0; ky < g.kh(); ky++) {
                                int iy = oy * g.sh() - g.pt() + ky * g.dh();
                                if (iy < 0 || iy >= h) {
                                    continue;
                                }
                                for (int kx = 0; kx < g.kw(); kx++) {
                                    int ix = ox * g.sw() - g.pl() + kx * g.dw();
                                    if (ix < 0 || ix >= wd) {
                                        continue;
                                    }
                                    s += xd[((nb * cin + c) * h + iy) * wd + ix]
                                            * wdat[((oc * cpg + ic) * g.kh() + ky) * g.kw() + kx];
                                }
                            }
                        }
                        r[((nb * cout + oc) * oh + oy) * ow + ox] = s;
                    }
                }
            }
        }
        int[] shape = sd == 2 ? new int[]{batch, cout, oh, ow} : new int[]{batch, cout, ow};
        return Tensor.wrap(shape, r, ElemType.FLOAT);
    }

    static Tensor convTranspose(Node n, Tensor x, Tensor w, Tensor b) {
        int[] hw = spatial(x, n);
        int sd = x.rank() - 2;
        int[] kernel = Arrays.copyOfRange(w.shape(), 2, w.rank());
        Geometry g = geometry(n, kernel, hw, true);
        int group = (int) n.attrInt("group", 1);
        long[] outPad = n.attrInts("output_padding").orElse(new long[sd]);
        if (n.attrInts("output_shape").isPresent()) {
            throw n.unsupported("attribute output_shape");
        }
        int batch = x.dim(0);
        int cin = x.dim(1);
        int opg = w.dim(1);
        int cout = opg * group;
        int ipg = cin / group;
        int h = hw[0];
        int wd = hw[1];
        int oph = sd == 2 ? (int) outPad[0] : 0;
        int opw = (int) outPad[sd - 1];
        int oh = g.sh() * (h - 1) + oph + (g.kh() - 1) * g.dh() + 1 - g.pt() - g.pb();
        int ow = g.sw() * (wd - 1) + opw + (g.kw() - 1) * g.dw() + 1 - g.pl() - g.pr();
        double[] r = new double[batch * cout * oh * ow];
        for (int nb = 0; nb < batch; nb++) {
            for (int oc = 0; oc < cout; oc++) {
                double bias = b == null ? 0 : b.get(oc);
                for (int i = 0; i < oh * ow; i++) {
                    r[(nb * cout + oc) * oh * ow + i] = bias;
                }
            }
            for (int ic = 0; ic < cin; ic++) {
                int gidx = ic / ipg;
                for (int iy = 0; iy < h; iy++) {
                    for (int ix = 0; ix < wd; ix++) {
                        double v = x.raw()[((nb * cin + ic) * h + iy) * wd + ix];
                        for (int o = 0; o < opg; o++) {
                            int oc = gidx * opg + o;
                            for (int ky = 0; ky < g.kh(); ky++) {
                                int oy = iy * g.sh() + ky * g.dh() - g.pt();
                                if (oy < 0 || oy >= oh) {
                                    continue;
                                }
                                for (int kx = 0; kx < g.kw(); kx++) {
                                    int ox = ix * g.sw() + kx * g.dw() - g.pl();
                                    if (ox < 0 || ox >= ow) {
                                        continue;
                                    }
                                    r[((nb * cout + oc) * oh + oy) * ow + ox] +=
                                            v * w.raw()[((ic * opg + o) * g.kh() + ky) * g.kw() + kx];
                                }
                            }
                        }
                    }
                }
            }
        }
        int[] shape = sd == 2 ? new int[]{batch, cout, oh, ow} : new int[]{batch, cout, ow};
        return Tensor.wrap(shape, r, ElemType.FLOAT);
    }

    static Tensor pool(Node n, Tensor x, boolean max) {
        int[] hw = spatial(x, n);
        int sd = x.rank() - 2;
        long[] ks = n.attrInts("kernel_shape").orElseThrow(
                () -> new ModelException(n.opType() + " at node " + n.name() + " has no kernel_shape"));
        int[] kernel = Arrays.stream(ks).mapToInt(v -> (int) v).toArray();
        Geometry g = geometry(n, kernel, hw, false);
        if (n.attrInt("ceil_mode", 0) != 0) {
            throw n.unsupported("attribute ceil_mode=1");
        }
        if (max && n.attrInt("storage_order", 0) != 0) {
            throw n.unsupported("attribute storage_order=1");
        }
        boolean includePad = n.attrInt("count_include_pad", 0) != 0;
        int nc = x.dim(0) * x.dim(1);
        int h = hw[0];
        int wd = hw[1];
        int oh = (h + g.pt() + g.pb() - g.dh() * (g.kh() - 1) - 1) / g.sh() + 1;
        int ow = (wd + g.pl() + g.pr() - g.dw() * (g.kw() - 1) - 1) / g.sw() + 1;
        double[] r = new double[nc * oh * ow];
        for (int c = 0; c < nc; c++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    double acc = max ? Double.NEGATIVE_INFINITY : 0;
                    int count = 0;
                    for (int ky = 0; ky < g.kh(); ky++) {
                        int iy = oy * g.sh() - g.pt() + ky * g.dh();
                        for (int kx = 0; kx < g.kw(); kx++) {
                            int ix = ox * g.sw() - g.pl() + kx * g.dw();
                            boolean inside = iy >= 0 && iy < h && ix >= 0 && ix < wd;
                            if (!inside) {
                                if (includePad && iy < h + g.pb() && ix < wd + g.pr()) {
                                    count++;
                                }
                                continue;
                            }
                            double v = x.raw()[(c * h + iy) * wd + ix];
                            acc = max ? Math.max(acc, v) : acc + v;
                            count++;
                        }
                    }
                    r[(c * oh + oy) * ow + ox] = max ? acc : acc / count;
                }
            }
        }
        int[] shape = sd == 2 ? new int[]{x.dim(0), x.dim(1), oh, ow} : new int[]{x.dim(0), x.dim(1), ow};
        return Tensor.wrap(shape, r, x.type());
    }

    static Tensor globalPool(Tensor x, boolean max) {
        int nc = x.dim(0) * x.dim(1);
        int inner = x.size() / nc;
        double[] r = new double[nc];
        for (int c = 0; c < nc; c++) {
            double acc = max ? Double.NEGATIVE_INFINITY : 0;
            for (int i = 0; i < inner; i++) {
                double v = x.raw()[c * inner + i];
                acc = max ? Math.max(acc, v) : acc + v;
            }
            r[c] = max ? acc : acc / inner;
        }
        int[] shape = new int[x.rank()];
        Arrays.fill(shape, 1);
        shape[0] = x.dim(0);
        shape[1] = x.dim(1);
        return Tensor.wrap(shape, r, x.type());
    }
}
