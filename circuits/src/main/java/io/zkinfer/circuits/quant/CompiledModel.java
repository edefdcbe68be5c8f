package io.zkinfer.circuits.quant;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zkinfer.circuits.ir.Circuit;
import io.zkinfer.circuits.ir.CircuitEvaluator;
import io.zkinfer.circuits.ir.Witness;
import io.zkinfer.circuits.model.Graph;
import io.zkinfer.circuits.model.Tensor;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A compiled model: the float graph, its quantized form, the circuit, the calibration report and tracked bounds.
 * {@link #witness} turns float inputs into the IR witness plus de-quantized outputs.
 */
public record CompiledModel(Graph graph, QuantizedGraph quantized, Circuit circuit, ModelVisibility visibility,
                            FidelityReport report, Map<String, double[]> inputRanges, int lookupBits,
                            Map<String, double[]> enforcedRanges) {

    private static final SecureRandom RANDOM = new SecureRandom();

    public CompiledModel {
        inputRanges = Map.copyOf(inputRanges);
        enforcedRanges = Map.copyOf(enforcedRanges);
    }

    public CompiledModel(Graph graph, QuantizedGraph quantized, Circuit circuit, ModelVisibility visibility,
                         FidelityReport report, Map<String, double[]> inputRanges, int lookupBits) {
        this(graph, quantized, circuit, visibility, report, inputRanges, lookupBits, Map.of());
    }

    /**
     * The result of running the model for a proof.
     *
     * @param outputs      de-quantized outputs (integer / 2^scale) by output name
     * @param quantized    integer outputs by output name
     * @param salts        the salts used for committed tensors (keep them to open the commitments)
     * @param commitments  the Poseidon2 commitments the circuit outputs, by tensor name
     */
    public record ModelWitness(Witness witness, Map<String, double[]> outputs, Map<String, long[]> quantized,
                               Map<String, BigInteger> salts, Map<String, BigInteger> commitments) {
    }

    public ModelWitness witness(Map<String, Tensor> inputs) {
        return witness(inputs, Map.of());
    }

    /**
     * Runs the quantized executor, assigns the circuit's inputs and evaluates it. Throws {@link QuantizationException}
     * for a wrong shape, NaN/Inf or a value outside the calibrated range.
     *
     * @param salts salts for committed tensors by tensor name; missing ones are drawn at random
     */
    public ModelWitness witness(Map<String, Tensor> inputs, Map<String, BigInteger> salts) {
        QuantizedExecutor.Result r = QuantizedExecutor.run(quantized, inputs);
        Map<String, BigInteger> assign = new LinkedHashMap<>();
        r.inputs().forEach((k, v) -> {
            for (int j = 0; j < v.length; j++) {
                assign.put(Lowering.inputName(k, j), BigInteger.valueOf(v[j]));
            }
        });
        r.advice().forEach((k, v) -> assign.put(Lowering.adviceName(k), BigInteger.valueOf(v)));
        quantized.params().forEach((k, v) -> {
            for (int j = 0; j < v.length; j++) {
                assign.put(Lowering.paramName(k, j), BigInteger.valueOf(v[j]));
            }
        });
        Map<String, BigInteger> usedSalts = new LinkedHashMap<>();
        for (String name : circuit.privateInputs()) {
            if (name.startsWith("salt:")) {
                String tensor = name.substring(5);
                BigInteger s = salts.getOrDefault(tensor, new BigInteger(250, RANDOM));
                usedSalts.put(tensor, s);
                assign.put(name, s);
            }
        }
        Witness w = CircuitEvaluator.evaluate(circuit, assign);
        Map<String, BigInteger> outs = w.signedOutputs();
        Map<String, BigInteger> commitments = new LinkedHashMap<>();
        for (QuantizedGraph.Output o : quantized.outputs()) {
            long[] v = r.outputs().get(o.name());
            if (visibility.output() == Visibility.PUBLIC) {
                for (int j = 0; j < v.length; j++) {
                    BigInteger got = outs.get(Lowering.outputName(o.name(), j));
                    if (!BigInteger.valueOf(v[j]).equals(got)) {
                        // the executor is the source of truth: a mismatch is a bug, never hidden
                        throw new IllegalStateException("circuit output " + o.name() + "[" + j + "] = " + got
                                + " differs from the quantized executor's " + v[j]);
                    }
                }
            }
        }
        w.outputs().forEach((k, v) -> {
            if (k.startsWith("commit:")) {
                commitments.put(k.substring(7), v);
            }
        });
        return new ModelWitness(w, r.dequantized(quantized), r.outputs(), usedSalts, commitments);
    }

    /** Per tensor: scale and tracked integer bounds (value-independent). */
    public Map<String, long[]> trackedBounds() {
        return QuantizedExecutor.bounds(quantized);
    }

    /** The settings file of a bundle: scales, visibility, inputs and outputs, tracked bounds, calibration report. */
    public String settingsJson() {
        ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = m.createObjectNode();
        root.put("model", graph.name());
        root.put("irVersion", Circuit.VERSION);
        root.put("circuitHash", circuit.hash());
        root.put("scale", report.chosenScale());
        root.put("paramScale", report.chosenParamScale());
        root.put("target", report.target());
        root.put("lookupBits", lookupBits());
        ObjectNode vis = root.putObject("visibility");
        vis.put("input", visibility.input().name().toLowerCase());
        vis.put("params", visibility.params().name().toLowerCase());
        vis.put("output", visibility.output().name().toLowerCase());
        ArrayNode ins = root.putArray("inputs");
        for (QuantizedGraph.Input in : quantized.inputs()) {
            ObjectNode o = ins.addObject();
            o.put("name", in.name());
            ArrayNode sh = o.putArray("shape");
            for (int d : in.shape()) {
                sh.add(d);
            }
            o.put("scale", in.scale());
            o.put("min", in.lo() / Math.pow(2, in.scale()));
            o.put("max", in.hi() / Math.pow(2, in.scale()));
        }
        if (!enforcedRanges.isEmpty()) { // needed to rebuild the circuit: see ModelCompiler.fromSettings
            ObjectNode er = root.putObject("enforcedRanges");
            new java.util.TreeMap<>(enforcedRanges).forEach((k, v) -> er.putArray(k).add(v[0]).add(v[1]));
        }
        ArrayNode outs = root.putArray("outputs");
        for (QuantizedGraph.Output out : quantized.outputs()) {
            ObjectNode o = outs.addObject();
            o.put("name", out.name());
            ArrayNode sh = o.putArray("shape");
            for (int d : out.shape()) {
                sh.add(d);
            }
            o.put("scale", out.scale());
            o.put("type", out.type().name().toLowerCase());
        }
        ObjectNode b = root.putObject("bounds");
        trackedBounds().forEach((k, v) -> {
            if (!quantized.scales().containsKey(k)) {
                return;
            }
            ObjectNode o = b.putObject(k);
            int sc = quantized.scale(k);
            o.put("scale", sc);
            o.put("lo", v[0]);
            o.put("hi", v[1]);
        });
        ArrayNode cal = root.putArray("calibration");
        for (FidelityReport.Candidate c : report.candidates()) {
            ObjectNode o = cal.addObject();
            o.put("scale", c.scale());
            o.put("paramScale", c.paramScale());
            if (!c.ok()) {
                o.put("failure", c.failure());
                continue;
            }
            o.put("cost", c.cost());
            ObjectNode f = o.putObject("outputs");
            c.outputs().forEach((k, v) -> {
                ObjectNode x = f.putObject(k);
                x.put("maxAbsError", v.maxAbsError());
                x.put("meanAbsError", v.meanAbsError());
                if (!Double.isNaN(v.argmaxAgreement())) {
                    x.put("argmaxAgreement", v.argmaxAgreement());
                }
            });
        }
        try {
            return m.writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
