package io.zkinfer.circuits.ir;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON rendering of IR v1 (docs/ir.md, "JSON rendering"), for debugging and golden tests. Field elements are
 * decimal strings; {@code out} is derived and checked on parsing. {@link #parse} refuses anything {@link #render}
 * would not produce, with an {@link IrFormatException} (offset -1).
 */
public final class IrJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private IrJson() {
    }

    /** Pretty-printed JSON (two-space indent, {@code \n} line ends, final newline). */
    public static String render(Circuit c) {
        DefaultPrettyPrinter pp = new DefaultPrettyPrinter()
                .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                .withArrayIndenter(DefaultPrettyPrinter.FixedSpaceIndenter.instance); // arrays on one line
        try {
            return MAPPER.writer(pp).writeValueAsString(toTree(c)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render circuit JSON", e);
        }
    }

    public static ObjectNode toTree(Circuit c) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("version", Circuit.VERSION);
        root.put("name", c.name());
        c.publicInputs().forEach(root.putArray("publicInputs")::add);
        c.privateInputs().forEach(root.putArray("privateInputs")::add);
        ArrayNode constants = root.putArray("constants");
        c.constants().forEach(v -> constants.add(v.toString()));
        ArrayNode tables = root.putArray("tables");
        for (Table t : c.tables()) {
            ObjectNode tn = tables.addObject();
            tn.put("name", t.name());
            tn.put("minKey", t.minKey());
            ArrayNode vs = tn.putArray("values");
            t.values().forEach(v -> vs.add(v.toString()));
        }
        ArrayNode ops = root.putArray("ops");
        int next = c.inputCount();
        for (Op op : c.ops()) {
            ObjectNode on = ops.addObject();
            ArrayNode out = on.putArray("out");
            for (int k = 0; k < op.results(); k++) {
                out.add(next++);
            }
            on.put("op", op.mnemonic());
            switch (op) {
                case Op.Const k -> on.put("const", k.constant());
                case Op.LinComb l -> {
                    ArrayNode in = on.putArray("in");
                    ArrayNode coefs = on.putArray("coefs");
                    l.terms().forEach(t -> {
                        in.add(t.wire().index());
                        coefs.add(t.coef());
                    });
                    on.put("bias", l.bias());
                }
                case Op.Lookup l -> {
                    on.putArray("in").add(l.a().index());
                    on.put("table", l.table());
                }
                default -> {
                    ArrayNode in = on.putArray("in");
                    op.inputs().forEach(w -> in.add(w.index()));
                }
            }
            switch (op) {
                case Op.RangeCheck o -> on.put("bits", o.bits());
                case Op.Rescale o -> {
                    on.put("shift", o.shift());
                    on.put("bits", o.bits());
                }
                case Op.Less o -> on.put("bits", o.bits());
                case Op.Max o -> on.put("bits", o.bits());
                case Op.Relu o -> on.put("bits", o.bits());
                default -> { }
            }
        }
        ArrayNode outputs = root.putArray("outputs");
        for (Output o : c.outputs()) {
            outputs.addObject().put("name", o.name()).put("wire", o.wire().index());
        }
        return root;
    }

    public static Circuit parse(String json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IrFormatException(-1, "not JSON: " + e.getOriginalMessage(), e);
        }
        return fromTree(root);
    }

    public static Circuit fromTree(JsonNode root) {
        try {
            int version = integer(root, "version");
            if (version != Circuit.VERSION) {
                throw new IrFormatException(-1, "unsupported IR version " + version + " (supported: "
                        + Circuit.VERSION + ")");
            }
            List<BigInteger> constants = fields(array(root, "constants"), "constants");
            List<Table> tables = new ArrayList<>();
            for (JsonNode t : array(root, "tables")) {
                JsonNode mk = field(t, "minKey");
                if (!mk.canConvertToLong() || !mk.isIntegralNumber()) {
                    throw new IrFormatException(-1, "table minKey must be a 64-bit integer, got " + mk);
                }
                tables.add(new Table(text(t, "name"), mk.asLong(), fields(array(t, "values"), "table values")));
            }
            List<Op> ops = new ArrayList<>();
            int next = array(root, "publicInputs").size() + array(root, "privateInputs").size();
            for (JsonNode on : array(root, "ops")) {
                Op op = op(on, ops.size());
                List<Integer> out = new ArrayList<>();
                array(on, "out").forEach(n -> out.add(n.asInt()));
                List<Integer> expected = new ArrayList<>();
                for (int k = 0; k < op.results(); k++) {
                    expected.add(next++);
                }
                if (!out.equals(expected)) {
                    throw new IrFormatException(-1, "op #" + ops.size() + " (" + op.mnemonic() + "): \"out\" is "
                            + out + " but it creates wires " + expected);
                }
                ops.add(op);
            }
            List<Output> outputs = new ArrayList<>();
            for (JsonNode o : array(root, "outputs")) {
                outputs.add(new Output(text(o, "name"), new Wire(integer(o, "wire"))));
            }
            return new Circuit(text(root, "name"), strings(array(root, "publicInputs")),
                    strings(array(root, "privateInputs")), constants, tables, ops, outputs);
        } catch (IllegalArgumentException e) {
            // a record constructor refused a value (bits, names, references, ...)
            throw new IrFormatException(-1, e.getMessage(), e);
        }
    }

    private static Op op(JsonNode on, int index) {
        String name = text(on, "op");
        List<Wire> in = name.equals("const") ? List.of() : wires(array(on, "in"));
        String ctx = "op #" + index + " (" + name + ")";
        return switch (name) {
            case "const" -> new Op.Const(integer(on, "const"));
            case "add" -> new Op.Add(get(in, 0, 2, ctx), get(in, 1, 2, ctx));
            case "sub" -> new Op.Sub(get(in, 0, 2, ctx), get(in, 1, 2, ctx));
            case "mul" -> new Op.Mul(get(in, 0, 2, ctx), get(in, 1, 2, ctx));
            case "lincomb" -> {
                JsonNode coefs = array(on, "coefs");
                if (coefs.size() != in.size()) {
                    throw new IrFormatException(-1, ctx + ": " + coefs.size() + " coefs for " + in.size() + " wires");
                }
                List<Op.Term> terms = new ArrayList<>();
                for (int k = 0; k < in.size(); k++) {
                    terms.add(new Op.Term(intValue(coefs.get(k), "coefs"), in.get(k)));
                }
                yield new Op.LinComb(terms, integer(on, "bias"));
            }
            case "assert_eq" -> new Op.AssertEq(get(in, 0, 2, ctx), get(in, 1, 2, ctx));
            case "assert_bool" -> new Op.AssertBool(get(in, 0, 1, ctx));
            case "select" -> new Op.Select(get(in, 0, 3, ctx), get(in, 1, 3, ctx), get(in, 2, 3, ctx));
            case "range_check" -> new Op.RangeCheck(get(in, 0, 1, ctx), integer(on, "bits"));
            case "rescale" -> new Op.Rescale(get(in, 0, 1, ctx), integer(on, "shift"), integer(on, "bits"));
            case "less" -> new Op.Less(get(in, 0, 2, ctx), get(in, 1, 2, ctx), integer(on, "bits"));
            case "max" -> new Op.Max(get(in, 0, 2, ctx), get(in, 1, 2, ctx), integer(on, "bits"));
            case "relu" -> new Op.Relu(get(in, 0, 1, ctx), integer(on, "bits"));
            case "lookup" -> new Op.Lookup(integer(on, "table"), get(in, 0, 1, ctx));
            case "poseidon2" -> new Op.Poseidon2(in);
            case "is_zero" -> new Op.IsZero(get(in, 0, 1, ctx));
            case "eddsa_verify" -> new Op.EddsaVerify(get(in, 0, 6, ctx), get(in, 1, 6, ctx), get(in, 2, 6, ctx),
                    get(in, 3, 6, ctx), get(in, 4, 6, ctx), get(in, 5, 6, ctx));
            default -> throw new IrFormatException(-1, ctx + ": unknown op");
        };
    }

    private static Wire get(List<Wire> in, int k, int arity, String ctx) {
        if (in.size() != arity) {
            throw new IrFormatException(-1, ctx + ": expects " + arity + " input wires, got " + in.size());
        }
        return in.get(k);
    }

    private static JsonNode field(JsonNode n, String name) {
        JsonNode v = n.get(name);
        if (v == null || v.isNull()) {
            throw new IrFormatException(-1, "missing field \"" + name + "\"");
        }
        return v;
    }

    private static JsonNode array(JsonNode n, String name) {
        JsonNode v = field(n, name);
        if (!v.isArray()) {
            throw new IrFormatException(-1, "\"" + name + "\" must be an array");
        }
        return v;
    }

    private static String text(JsonNode n, String name) {
        JsonNode v = field(n, name);
        if (!v.isTextual()) {
            throw new IrFormatException(-1, "\"" + name + "\" must be a string");
        }
        return v.asText();
    }

    private static int integer(JsonNode n, String name) {
        return intValue(field(n, name), name);
    }

    private static int intValue(JsonNode v, String name) {
        if (v == null || !v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 0) {
            throw new IrFormatException(-1, "\"" + name + "\" must be a non-negative 32-bit integer, got " + v);
        }
        return v.asInt();
    }

    private static List<Wire> wires(JsonNode arr) {
        List<Wire> out = new ArrayList<>();
        arr.forEach(n -> out.add(new Wire(intValue(n, "in"))));
        return out;
    }

    private static List<String> strings(JsonNode arr) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : arr) {
            if (!n.isTextual()) {
                throw new IrFormatException(-1, "input names must be strings, got " + n);
            }
            out.add(n.asText());
        }
        return out;
    }

    private static List<BigInteger> fields(JsonNode arr, String what) {
        List<BigInteger> out = new ArrayList<>();
        for (JsonNode n : arr) {
            if (!n.isTextual() || !n.asText().matches("0|[1-9][0-9]*")) {
                throw new IrFormatException(-1, what + ": field elements are canonical decimal strings, got " + n);
            }
            out.add(new BigInteger(n.asText()));
        }
        return out;
    }
}
