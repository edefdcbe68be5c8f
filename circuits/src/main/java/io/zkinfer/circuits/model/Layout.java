package io.zkinfer.circuits.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Data-movement operators: they copy elements around and compute nothing. */
final class Layout {

    private Layout() {
    }

    private static Tensor need(Node n, List<Tensor> a, int i) {
        Tensor t = i < a.size() ? a.get(i) : null;
        if (t == null) {
            throw new ModelException(n.opType() + " at node " + n.name() + " needs input " + i);
        }
        return t;
    }

    static Tensor transpose2(Tensor x) {
        int r = x.dim(0);
        int c = x.dim(1);
        double[] d = new double[r * c];
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                d[j * r + i] = x.raw()[i * c + j];
            }
        }
        return Tensor.wrap(new int[]{c, r}, d, x.type());
    }

    static Tensor transpose(Tensor x, Node n) {
        int r = x.rank();
        int[] perm = new int[r];
        long[] p = n.attrInts("perm").orElse(null);
        for (int i = 0; i < r; i++) {
            perm[i] = p == null ? r - 1 - i : (int) p[i];
        }
        return permute(x, perm);
    }

    static Tensor permute(Tensor x, int[] perm) {
        int r = x.rank();
        int[] in = x.rawShape();
        int[] out = new int[r];
        for (int i = 0; i < r; i++) {
            out[i] = in[perm[i]];
        }
        int[] inStr = Shapes.strides(in);
        int[] coord = new int[r];
        double[] d = new double[x.size()];
        for (int i = 0; i < d.length; i++) {
            int src = 0;
            for (int k = 0; k < r; k++) {
                src += coord[k] * inStr[perm[k]];
            }
            d[i] = x.raw()[src];
            for (int k = r - 1; k >= 0; k--) {
                if (++coord[k] < out[k]) {
                    break;
                }
                coord[k] = 0;
            }
        }
        return Tensor.wrap(out, d, x.type());
    }

    static Tensor concat(List<Tensor> a, Node n) {
        List<Tensor> parts = a.stream().filter(t -> t != null).toList();
        Tensor first = parts.get(0);
        int axis = Shapes.normAxis((int) n.attrInt("axis", 0), first.rank(), "node " + n.name());
        int outer = 1;
        for (int i = 0; i < axis; i++) {
            outer *= first.dim(i);
        }
        int[] shape = first.shape();
        int total = 0;
        for (Tensor t : parts) {
            if (t.rank() != first.rank()) {
                throw new ModelException("Concat at node " + n.name() + ": inputs of different rank");
            }
            total += t.dim(axis);
        }
        shape[axis] = total;
        double[] d = new double[Shapes.size(shape)];
        int pos = 0;
        for (int o = 0; o < outer; o++) {
            for (Tensor t : parts) {
                int chunk = t.size() / Math.max(outer, 1);
                System.arraycopy(t.raw(), o * chunk, d, pos, chunk);
                pos += chunk;
            }
        }
        return Tensor.wrap(shape, d, first.type());
    }

    static Tensor slice(List<Tensor> a, Node n, int opset) {
        Tensor x = need(n, a, 0);
        long[] starts;
        long[] ends;
        long[] axes;
        long[] steps;
        if (opset < 10) {
            starts = n.attrInts("starts").orElseThrow();
            ends = n.attrInts("ends").orElseThrow();
            axes = n.attrInts("axes").orElse(null);
            steps = null;
        } else {
            starts = need(n, a, 1).toLongs();
            ends = need(n, a, 2).toLongs();
            axes = a.size() > 3 && a.get(3) != null ? a.get(3).toLongs() : null;
            steps = a.size() > 4 && a.get(4) != null ? a.get(4).toLongs() : null;
        }
        int r = x.rank();
        int[] st = new int[r];
        int[] step = new int[r];
        int[] len = x.shape();
        Arrays.fill(step, 1);
        for (int i = 0; i < starts.length; i++) {
            int ax = Shapes.normAxis(axes == null ? i : (int) axes[i], r, "node " + n.name());
            int dim = x.dim(ax);
            int sp = steps == null ? 1 : (int) steps[i];
            if (sp == 0) {
                throw new ModelException("Slice at node " + n.name() + ": step 0");
            }
            long s = starts[i];
            long e = ends[i];
            if (s < 0) {
                s += dim;
            }
            if (e < 0) {
                e += dim;
            }
            if (sp > 0) {
                s = Math.max(0, Math.min(s, dim));
                e = Math.max(0, Math.min(e, dim));
                len[ax] = (int) Math.max(0, (e - s + sp - 1) / sp);
            } else {
                s = Math.max(-1, Math.min(s, dim - 1));
                e = Math.max(-1, Math.min(e, dim - 1));
                len[ax] = (int) Math.max(0, (s - e + (-sp) - 1) / (-sp));
            }
            st[ax] = (int) s;
            step[ax] = sp;
        }
        int[] inStr = Shapes.strides(x.rawShape());
        double[] d = new double[Shapes.size(len)];
        int[] coord = new int[r];
        for (int i = 0; i < d.length; i++) {
            int src = 0;
            for (int k = 0; k < r; k++) {
                src += (st[k] + coord[k] * step[k]) * inStr[k];
            }
            d[i] = x.raw()[src];
            for (int k = r - 1; k >= 0; k--) {
                if (++coord[k] < len[k]) {
                    break;
                }
                coord[k] = 0;
            }
        }
        return Tensor.wrap(len, d, x.type());
    }

    static Tensor pad(List<Tensor> a, Node n, int opset) {
        Tensor x = need(n, a, 0);
        String mode = n.attrString("mode", "constant");
        long[] pads;
        double value;
        int r = x.rank();
        if (opset < 11) {
            pads = n.attrInts("pads").orElseThrow();
            value = n.attrFloat("value", 0);
        } else {
            long[] p = need(n, a, 1).toLongs();
            value = a.size() > 2 && a.get(2) != null ? a.get(2).get(0) : 0;
            if (a.size() > 3 && a.get(3) != null) {
                long[] axes = a.get(3).toLongs();
                pads = new long[2 * r];
                for (int i = 0; i < axes.length; i++) {
                    int ax = Shapes.normAxis((int) axes[i], r, "node " + n.name());
                    pads[ax] = p[i];
                    pads[ax + r] = p[i + axes.length];
                }
            } else {
                pads = p;
            }
        }
        if (!mode.equals("constant") && !mode.equals("edge") && !mode.equals("reflect")) {
            throw n.unsupported("attribute mode=" + mode);
        }
        int[] out = new int[r];
        for (int i = 0; i < r; i++) {
            out[i] = (int) (x.dim(i) + pads[i] + pads[i + r]);
        }
        int[] inStr = Shapes.strides(x.rawShape());
        double[] d = new double[Shapes.size(out)];
        int[] coord = new int[r];
        for (int i = 0; i < d.length; i++) {
            int src = 0;
            boolean outside = false;
            for (int k = 0; k < r; k++) {
                int c = (int) (coord[k] - pads[k]);
                int dim = x.dim(k);
                if (c < 0 || c >= dim) {
                    switch (mode) {
                        case "constant" -> outside = true;
                        case "edge" -> c = Math.max(0, Math.min(dim - 1, c));
                        default -> {
                            while (c < 0 || c >= dim) {
                                c = c < 0 ? -c : 2 * (dim - 1) - c;
                            }
                        }
                    }
                }
                src += c * inStr[k];
            }
            d[i] = outside ? value : x.raw()[src];
            for (int k = r - 1; k >= 0; k--) {
                if (++coord[k] < out[k]) {
                    break;
                }
                coord[k] = 0;
            }
        }
        return Tensor.wrap(out, d, x.type());
    }

    private static long[] axesOf(List<Tensor> a, Node n, int opset) {
        if (opset >= 13) {
            return a.size() > 1 && a.get(1) != null ? a.get(1).toLongs() : null;
        }
        return n.attrInts("axes").orElse(null);
    }

    static Tensor squeeze(List<Tensor> a, Node n, int opset) {
        Tensor x = need(n, a, 0);
        long[] axes = axesOf(a, n, opset);
        boolean[] drop = new boolean[x.rank()];
        if (axes == null) {
            for (int i = 0; i < x.rank(); i++) {
                drop[i] = x.dim(i) == 1;
            }
        } else {
            for (long ax : axes) {
                int k = Shapes.normAxis((int) ax, x.rank(), "node " + n.name());
                if (x.dim(k) != 1) {
                    throw new ModelException("Squeeze at node " + n.name() + ": axis " + ax + " has size " + x.dim(k));
                }
                drop[k] = true;
            }
        }
        List<Integer> dims = new ArrayList<>();
        for (int i = 0; i < x.rank(); i++) {
            if (!drop[i]) {
                dims.add(x.dim(i));
            }
        }
        return x.reshape(dims.stream().mapToInt(Integer::intValue).toArray());
    }

    static Tensor unsqueeze(List<Tensor> a, Node n, int opset) {
        Tensor x = need(n, a, 0);
        long[] axes = axesOf(a, n, opset);
        if (axes == null) {
            throw new ModelException("Unsqueeze at node " + n.name() + " has no axes");
        }
        int r = x.rank() + axes.length;
        boolean[] added = new boolean[r];
        for (long ax : axes) {
            added[Shapes.normAxis((int) ax, r, "node " + n.name())] = true;
        }
        int[] s = new int[r];
        int k = 0;
        for (int i = 0; i < r; i++) {
            s[i] = added[i] ? 1 : x.dim(k++);
        }
        return x.reshape(s);
    }

    static Tensor gather(Tensor x, Tensor idx, Node n) {
        int axis = Shapes.normAxis((int) n.attrInt("axis", 0), x.rank(), "node " + n.name());
        int outer = 1;
        for (int i = 0; i < axis; i++) {
            outer *= x.dim(i);
        }
        int dim = x.dim(axis);
        int inner = x.size() / Math.max(1, outer * dim);
        int[] shape = new int[x.rank() - 1 + idx.rank()];
        int k = 0;
        for (int i = 0; i < axis; i++) {
            shape[k++] = x.dim(i);
        }
        for (int i = 0; i < idx.rank(); i++) {
            shape[k++] = idx.dim(i);
        }
        for (int i = axis + 1; i < x.rank(); i++) {
            shape[k++] = x.dim(i);
        }
        double[] d = new double[Shapes.size(shape)];
        int ni = idx.size();
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < ni; j++) {
                int id = (int) idx.get(j);
                if (id < 0) {
                    id += dim;
                }
                if (id < 0 || id >= dim) {
                    throw new ModelException("Gather at node " + n.name() + ": index " + (long) idx.get(j)
                            + " out of range [0, " + dim + ")");
                }
                System.arraycopy(x.raw(), (o * dim + id) * inner, d, (o * ni + j) * inner, inner);
            }
        }
        return Tensor.wrap(shape, d, x.type());
    }

    static Tensor gatherElements(Tensor x, Tensor idx, Node n) {
        int r = x.rank();
        int axis = Shapes.normAxis((int) n.attrInt("axis", 0), r, "node " + n.name());
        int[] out = idx.rawShape();
        int[] xs = Shapes.strides(x.rawShape());
        int[] coord = new int[r];
        double[] d = new double[idx.size()];
        for (int i = 0; i < d.length; i++) {
            int src = 0;
            for (int k = 0; k < r; k++) {
                int c = coord[k];
                if (k == axis) {
                    c = (int) idx.get(i);
                    if (c < 0) {
                        c += x.dim(axis);
                    }
                    if (c < 0 || c >= x.dim(axis)) {
                        throw new ModelException("GatherElements at node " + n.name() + ": index out of range");
                    }
                }
                src += c * xs[k];
            }
            d[i] = x.raw()[src];
            for (int k = r - 1; k >= 0; k--) {
                if (++coord[k] < out[k]) {
                    break;
                }
                coord[k] = 0;
            }
        }
        return Tensor.wrap(out, d, x.type());
    }

    /** ai.onnx.ml ArrayFeatureExtractor: selects entries of the last axis. */
    static Tensor arrayFeatureExtractor(Tensor x, Tensor idx) {
        int last = x.dim(x.rank() - 1);
        int outer = x.size() / last;
        int ni = idx.size();
        double[] d = new double[outer * ni];
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < ni; j++) {
                int id = (int) idx.get(j);
                if (id < 0 || id >= last) {
                    throw new ModelException("ArrayFeatureExtractor: index " + id + " out of range [0, " + last + ")");
                }
                d[o * ni + j] = x.raw()[o * last + id];
            }
        }
        int[] shape = x.shape();
        shape[shape.length - 1] = ni;
        if (x.rank() == 1) {
            shape = new int[]{1, ni};
        }
        return Tensor.wrap(shape, d, x.type());
    }

    static Tensor expand(Tensor x, Tensor shapeT, Node n) {
        int[] target = Arrays.stream(shapeT.toLongs()).mapToInt(v -> (int) v).toArray();
        int[] out = Shapes.broadcast(x.rawShape(), target, "node " + n.name());
        int[] idx = Shapes.broadcastIndex(out, x.rawShape());
        double[] d = new double[idx.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = x.raw()[idx[i]];
        }
        return Tensor.wrap(out, d, x.type());
    }

    static Tensor tile(Tensor x, Tensor reps) {
        long[] rp = reps.toLongs();
        int r = x.rank();
        int[] out = new int[r];
        for (int i = 0; i < r; i++) {
            out[i] = (int) (x.dim(i) * rp[i]);
        }
        int[] xs = Shapes.strides(x.rawShape());
        int[] coord = new int[r];
        double[] d = new double[Shapes.size(out)];
        for (int i = 0; i < d.length; i++) {
            int src = 0;
            for (int k = 0; k < r; k++) {
                src += (coord[k] % x.dim(k)) * xs[k];
            }
            d[i] = x.raw()[src];
            for (int k = r - 1; k >= 0; k--) {
                if (++coord[k] < out[k]) {
                    break;
                }
                coord[k] = 0;
            }
        }
        return Tensor.wrap(out, d, x.type());
    }

    static List<Tensor> split(List<Tensor> a, Node n, int opset) {
        Tensor x = need(n, a, 0);
        int axis = Shapes.normAxis((int) n.attrInt("axis", 0), x.rank(), "node " + n.name());
        long[] sizes = opset >= 13 ? (a.size() > 1 && a.get(1) != null ? a.get(1).toLongs() : null)
                : n.attrInts("split").orElse(null);
        int parts = n.outputs().size();
        int dim = x.dim(axis);
        if (sizes == null) {
            sizes = new long[parts];
            int each = (dim + parts - 1) / parts;
            for (int i = 0; i < parts; i++) {
                sizes[i] = Math.min(each, dim - (long) each * i);
            }
        }
        List<Tensor> out = new ArrayList<>();
        long start = 0;
        for (long s : sizes) {
            Node sl = new Node(n.name(), "Slice", "", List.of(), List.of(), java.util.Map.of(
                    "starts", new Attribute.Ints(List.of(start)), "ends", new Attribute.Ints(List.of(start + s)),
                    "axes", new Attribute.Ints(List.of((long) axis))));
            out.add(slice(List.of(x), sl, 9));
            start += s;
        }
        return out;
    }

    static Tensor shapeOf(Tensor x, Node n) {
        int r = x.rank();
        int start = (int) n.attrInt("start", 0);
        int end = (int) n.attrInt("end", r);
        if (start < 0) {
            start += r;
        }
        if (end < 0) {
            end += r;
        }
        start = Math.max(0, Math.min(r, start));
        end = Math.max(start, Math.min(r, end));
        double[] d = new double[end - start];
        for (int i = start; i < end; i++) {
            d[i - start] = x.dim(i);
        }
        return Tensor.wrap(new int[]{d.length}, d, ElemType.INT);
    }

    static Tensor constantOfShape(Tensor shapeT, Node n) {
        int[] s = Arrays.stream(shapeT.toLongs()).mapToInt(v -> (int) v).toArray();
        double v = 0;
        ElemType t = ElemType.FLOAT;
        if (n.attr("value").orElse(null) instanceof Attribute.TensorValue tv) {
            v = tv.value().get(0);
            t = tv.value().type();
        }
        double[] d = new double[Shapes.size(s)];
        Arrays.fill(d, v);
        return Tensor.wrap(s, d, t);
    }

    static Tensor range(Tensor start, Tensor limit, Tensor delta) {
        double s = start.get(0);
        double l = limit.get(0);
        double dl = delta.get(0);
        int count = (int) Math.max(0, Math.ceil((l - s) / dl));
        double[] d = new double[count];
        for (int i = 0; i < count; i++) {
            d[i] = s + i * dl;
        }
        return Tensor.wrap(new int[]{count}, d, start.type());
    }

    /** Resize / Upsample in nearest mode (any coordinate transformation and rounding mode). */
    static Tensor resize(List<Tensor> a, Node n, int opset) {
        Tensor x = need(n, a, 0);
        String mode = n.attrString("mode", "nearest");
        if (!mode.equals("nearest")) {
            throw n.unsupported("attribute mode=" + mode);
        }
        int r = x.rank();
        double[] scales;
        int[] out = new int[r];
        String ctm = "asymmetric";
        String nm = "floor";
        if (n.opType().equals("Upsample") || opset < 11) {
            scales = n.opType().equals("Upsample") && opset < 9 ? n.attrFloats("scales").orElseThrow()
                    : need(n, a, 1).toArray();
            for (int i = 0; i < r; i++) {
                out[i] = (int) Math.floor(x.dim(i) * scales[i]);
            }
        } else {
            ctm = n.attrString("coordinate_transformation_mode", "half_pixel");
            nm = n.attrString("nearest_mode", "round_prefer_floor");
            Tensor sc = a.size() > 2 ? a.get(2) : null;
            Tensor sizes = a.size() > 3 ? a.get(3) : null;
            if (n.attr("axes").isPresent() || n.attrInt("antialias", 0) != 0) {
                throw n.unsupported("attribute axes/antialias");
            }
            if (sc != null && sc.size() > 0) {
                scales = sc.toArray();
                for (int i = 0; i < r; i++) {
                    out[i] = (int) Math.floor(x.dim(i) * scales[i]);
                }
            } else if (sizes != null && sizes.size() > 0) {
                scales = new double[r];
                for (int i = 0; i < r; i++) {
                    out[i] = (int) sizes.get(i);
                    scales[i] = (double) out[i] / x.dim(i);
                }
            } else {
                throw new ModelException("Resize at node " + n.name() + " has neither scales nor sizes");
            }
        }
        int[][] src = new int[r][];
        for (int k = 0; k < r; k++) {
            src[k] = new int[out[k]];
            for (int o = 0; o < out[k]; o++) {
                double xo = switch (ctm) {
                    case "asymmetric" -> o / scales[k];
                    case "half_pixel" -> (o + 0.5) / scales[k] - 0.5;
                    case "pytorch_half_pixel" -> out[k] > 1 ? (o + 0.5) / scales[k] - 0.5 : 0;
                    case "align_corners" -> out[k] > 1 ? o * (x.dim(k) - 1.0) / (out[k] - 1.0) : 0;
                    default -> throw n.unsupported("attribute coordinate_transformation_mode=" + ctm);
                };
                double fr = xo - Math.floor(xo);
                int i = switch (nm) {
                    case "floor" -> (int) Math.floor(xo);
                    case "ceil" -> (int) Math.ceil(xo);
                    case "round_prefer_floor" -> fr == 0.5 ? (int) Math.floor(xo) : (int) Math.round(xo);
                    case "round_prefer_ceil" -> fr == 0.5 ? (int) Math.ceil(xo) : (int) Math.round(xo);
                    default -> throw n.unsupported("attribute nearest_mode=" + nm);
                };
                src[k][o] = Math.max(0, Math.min(x.dim(k) - 1, i));
            }
        }
        int[] xs = Shapes.strides(x.rawShape());
        int[] coord = new int[r];
        double[] d = new double[Shapes.size(out)];
        for (int i = 0; i < d.length; i++) {
            int s0 = 0;
            for (int k = 0; k < r; k++) {
                s0 += src[k][coord[k]] * xs[k];
            }
            d[i] = x.raw()[s0];
            for (int k = r - 1; k >= 0; k--) {
                if (++coord[k] < out[k]) {
                    break;
                }
                coord[k] = 0;
            }
        }
        return Tensor.wrap(out, d, x.type());
    }
}
