#!/usr/bin/env python3
"""Writes benchmarks/models/: the benchmark's model list, one input and the calibration set per model (EZKL's
input.json layout), and onnxruntime's float outputs on that input (the accuracy reference for both systems).

Run once when the model list changes (needs onnxruntime); its outputs are committed, so `zkinfer bench` needs no Python.
    benchmarks/.venv/bin/python benchmarks/ezkl/prepare_models.py [--conformance DIR]
"""
import argparse, json, os, shutil
import numpy as np
import onnx
import onnxruntime as ort

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(ROOT, "benchmarks", "models")

# name, source, description. Small models first: the default run goes in this order.
TEST_VECTORS = [
    ("breast_cancer_logreg", "sklearn logistic regression, 30 features (ai.onnx.ml LinearClassifier + Scaler)"),
    ("breast_cancer_gbt", "sklearn gradient-boosted trees, 30 features (ai.onnx.ml TreeEnsembleClassifier)"),
    ("digits_mlp", "sklearn MLP 64-?-10 on 8x8 digits (MatMul, Relu, Softmax, ArgMax)"),
    ("digits_cnn", "PyTorch CNN on 8x8 digits (Conv, MaxPool, Gemm, Softmax, ArgMax)"),
]
CONFORMANCE = [
    ("1l_mlp", "EZKL example: Gemm 3->4 + Relu"),
    ("2l_relu_fc", "EZKL example: 2 Gemm + Relu layers, 3 inputs"),
    ("xgboost_reg", "EZKL example: XGBoost regressor via hummingbird (Gather, Less, ReduceSum: a tree ensemble)"),
    ("3l_relu_conv_fc", "EZKL example: Conv on 1x28x28 + Relu + Gemm layers"),
]
ORDER = ["1l_mlp", "2l_relu_fc", "xgboost_reg", "breast_cancer_logreg", "breast_cancer_gbt", "digits_mlp",
         "digits_cnn", "3l_relu_conv_fc"]


def shape_of(model, i):
    dims = [d.dim_value if d.dim_value > 0 else 1 for d in model.graph.input[i].type.tensor_type.shape.dim]
    return dims


def ort_outputs(onnx_path, flat_inputs, model):
    sess = ort.InferenceSession(onnx_path, providers=["CPUExecutionProvider"])
    feeds = {}
    for i, inp in enumerate(sess.get_inputs()):
        feeds[inp.name] = np.asarray(flat_inputs[i], dtype=np.float32).reshape(shape_of(model, i))
    res = sess.run(None, feeds)
    out = {}
    for o, v in zip(sess.get_outputs(), res):
        out[o.name] = {"type": o.type, "data": [float(x) for x in np.asarray(v, dtype=np.float64).ravel()]}
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--conformance", default="/work/shared/conformance/ezkl")
    a = ap.parse_args()
    models = {}
    for name, desc in TEST_VECTORS:
        tv = json.load(open(os.path.join(ROOT, "test-vectors", "models", name + ".json")))
        # the same graph with its batch dimension fixed to 1: EZKL (tract) refuses symbolic batch sizes in Conv
        # ("Undetermined symbol in expression"); both systems read this copy
        g = onnx.load(os.path.join(ROOT, "test-vectors", "models", name + ".onnx"))
        for v in list(g.graph.input) + list(g.graph.output):
            dims = v.type.tensor_type.shape.dim
            if len(dims) > 0 and dims[0].dim_value <= 0:
                dims[0].ClearField("dim_param")
                dims[0].dim_value = 1
        # and default attributes written out (same semantics): EZKL refuses a Conv/MaxPool without explicit strides
        for n in g.graph.node:
            if n.op_type in ("Conv", "MaxPool", "AveragePool") and not any(at.name == "strides" for at in n.attribute):
                ks = [at for at in n.attribute if at.name == "kernel_shape"]
                n.attribute.append(onnx.helper.make_attribute("strides", [1] * (len(ks[0].ints) if ks else 2)))
        os.makedirs(os.path.join(OUT, name), exist_ok=True)
        onnx.save(g, os.path.join(OUT, name, "network.onnx"))
        onnx_rel = "benchmarks/models/%s/network.onnx" % name
        calib = tv["calibration"]
        inp = tv["test"][0]
        models[name] = dict(onnx=onnx_rel, desc=desc, source="test-vectors/models/%s.onnx, batch fixed to 1" % name, input=[inp], calib=[sum(calib, [])],
                            ncalib=len(calib), shape=tv["inputShape"])
    for name, desc in CONFORMANCE:
        src = os.path.join(a.conformance, name)
        d = os.path.join(OUT, name)
        os.makedirs(d, exist_ok=True)
        shutil.copyfile(os.path.join(src, "network.onnx"), os.path.join(d, "network.onnx"))
        j = json.load(open(os.path.join(src, "input.json")))
        inp = [list(map(float, x)) for x in j["input_data"]]
        models[name] = dict(onnx="benchmarks/models/%s/network.onnx" % name, desc=desc, source="ezkl examples (Apache-2.0, 2023-12)",
                            input=inp, calib=inp, ncalib=1, shape=None)
    manifest = []
    for name in ORDER:
        m = models[name]
        d = os.path.join(OUT, name)
        os.makedirs(d, exist_ok=True)
        model = onnx.load(os.path.join(ROOT, m["onnx"]))
        shapes = [shape_of(model, i) for i in range(len(model.graph.input))]
        json.dump({"input_data": m["input"], "input_shapes": shapes}, open(os.path.join(d, "input.json"), "w"))
        json.dump({"input_data": m["calib"], "input_shapes": shapes}, open(os.path.join(d, "calibration.json"), "w"))
        ref = ort_outputs(os.path.join(ROOT, m["onnx"]), m["input"], model)
        json.dump({"producer": "onnxruntime " + ort.__version__, "outputs": ref}, open(os.path.join(d, "reference.json"), "w"), indent=1)
        manifest.append({"name": name, "onnx": m["onnx"], "description": m["desc"], "source": m["source"],
                         "input": "benchmarks/models/%s/input.json" % name,
                         "calibration": "benchmarks/models/%s/calibration.json" % name, "calibrationSamples": m["ncalib"],
                         "reference": "benchmarks/models/%s/reference.json" % name,
                         "ops": sorted(set(n.op_type for n in model.graph.node))})
        print(name, {k: v["data"][:4] for k, v in ref.items()})
    json.dump({"models": manifest}, open(os.path.join(OUT, "models.json"), "w"), indent=1)


if __name__ == "__main__":
    main()
