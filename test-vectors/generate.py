#!/usr/bin/env python3
"""Generates the model test vectors under test-vectors/models/ (run once; Java tests read the outputs, no Python).

For each model: <name>.onnx, <name>.json with the held-out split (inputs, labels) and onnxruntime's float outputs,
plus a calibration split. Deterministic (fixed seeds). Requires: numpy scikit-learn skl2onnx onnx onnxruntime.
    python3 test-vectors/generate.py
"""
import json
import os

import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper, numpy_helper
from skl2onnx import to_onnx
from sklearn.datasets import load_breast_cancer, load_digits
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "models")
SEED = 7


def run_ort(model_bytes, x):
    sess = ort.InferenceSession(model_bytes, providers=["CPUExecutionProvider"])
    name = sess.get_inputs()[0].name
    outs = sess.run(None, {name: x})
    return {o.name: v for o, v in zip(sess.get_outputs(), outs)}


def save(name, model, x_cal, x_test, y_test, accuracy_note):
    onnx.checker.check_model(model)
    data = model.SerializeToString()
    with open(os.path.join(OUT, name + ".onnx"), "wb") as f:
        f.write(data)
    x_test = x_test.astype(np.float32)
    outs = run_ort(data, x_test)
    doc = {
        "model": name + ".onnx",
        "input": model.graph.input[0].name,
        "inputShape": [1] + list(x_test.shape[1:]),
        "calibration": x_cal.astype(np.float32).reshape(len(x_cal), -1).tolist(),
        "test": x_test.reshape(len(x_test), -1).tolist(),
        "labels": [int(v) for v in y_test],
        "outputs": {k: np.asarray(v).reshape(len(x_test), -1).astype(float).tolist() for k, v in outs.items()},
        "note": accuracy_note,
    }
    with open(os.path.join(OUT, name + ".json"), "w") as f:
        json.dump(doc, f)
    print(name, "ops:", sorted({n.op_type for n in model.graph.node}), accuracy_note)


def sk(model, x_train, name, opset=15):
    onx = to_onnx(model, x_train[:1].astype(np.float32), target_opset={"": opset, "ai.onnx.ml": 3},
                  options={id(model): {"zipmap": False}})
    onx.graph.name = name
    return onx


def main():
    os.makedirs(OUT, exist_ok=True)
    # Breast cancer: logistic regression (with the scaler in the graph) and gradient-boosted trees.
    x, y = load_breast_cancer(return_X_y=True)
    x_tr, x_te, y_tr, y_te = train_test_split(x, y, test_size=0.3, random_state=SEED, stratify=y)
    lr = make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000)).fit(x_tr, y_tr)
    save("breast_cancer_logreg", sk(lr, x_tr, "breast_cancer_logreg"), x_tr, x_te, y_te,
         "sklearn accuracy %.4f" % lr.score(x_te, y_te))
    gb = GradientBoostingClassifier(n_estimators=30, max_depth=3, random_state=SEED).fit(x_tr, y_tr)
    save("breast_cancer_gbt", sk(gb, x_tr, "breast_cancer_gbt"), x_tr, x_te, y_te,
         "sklearn accuracy %.4f" % gb.score(x_te, y_te))

    # Digits: an MLP (sklearn) and a small CNN (fixed conv filters, dense head trained with sklearn).
    xd, yd = load_digits(return_X_y=True)
    xd_tr, xd_te, yd_tr, yd_te = train_test_split(xd, yd, test_size=0.3, random_state=SEED, stratify=yd)
    mlp = MLPClassifier(hidden_layer_sizes=(32,), max_iter=600, random_state=SEED).fit(xd_tr / 16.0, yd_tr)
    mlp_onnx = sk(mlp, xd_tr, "digits_mlp")
    # The MLP was trained on x/16; put that scaling in the graph so the model takes raw pixels 0..16.
    mlp_onnx = prepend_scale(mlp_onnx, 1.0 / 16.0)
    save("digits_mlp", mlp_onnx, xd_tr[:200], xd_te, yd_te, "sklearn accuracy %.4f" % mlp.score(xd_te / 16.0, yd_te))

    cnn, acc = digits_cnn(xd_tr, yd_tr, xd_te, yd_te)
    save("digits_cnn", cnn, xd_tr[:200].reshape(-1, 1, 8, 8), xd_te.reshape(-1, 1, 8, 8), yd_te, "accuracy %.4f" % acc)


def prepend_scale(model, factor):
    g = model.graph
    inp = g.input[0].name
    scaled = inp + "_scaled"
    for n in g.node:
        for i, name in enumerate(n.input):
            if name == inp:
                n.input[i] = scaled
    g.initializer.append(numpy_helper.from_array(np.array([factor], dtype=np.float32), "input_scale"))
    g.node.insert(0, helper.make_node("Mul", [inp, "input_scale"], [scaled], name="scale_input"))
    return model


def conv_features(x, filters):
    """numpy reference of Conv(pad 1) -> Relu -> MaxPool 2x2 -> Flatten, matching the ONNX graph below."""
    n = x.shape[0]
    xp = np.pad(x.reshape(n, 8, 8), ((0, 0), (1, 1), (1, 1)))
    k = filters.shape[0]
    out = np.zeros((n, k, 8, 8))
    for c in range(k):
        for i in range(8):
            for j in range(8):
                out[:, c, i, j] = np.sum(xp[:, i:i + 3, j:j + 3] * filters[c, 0], axis=(1, 2))
    out = np.maximum(out, 0)
    out = out.reshape(n, k, 4, 2, 4, 2).max(axis=(3, 5))
    return out.reshape(n, -1)


def digits_cnn(x_tr, y_tr, x_te, y_te):
    rng = np.random.default_rng(SEED)
    edge = np.array([[[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]]], dtype=np.float64)
    fixed = [edge, np.transpose(edge, (0, 2, 1)), -edge, -np.transpose(edge, (0, 2, 1)),
             np.ones((1, 3, 3)) / 9.0, rng.normal(size=(1, 3, 3)), rng.normal(size=(1, 3, 3)), rng.normal(size=(1, 3, 3))]
    filters = (np.stack(fixed) / 16.0).astype(np.float32)  # (8, 1, 3, 3); inputs are pixels 0..16
    f_tr = conv_features(x_tr, filters)
    head = LogisticRegression(max_iter=3000, C=0.5).fit(f_tr, y_tr)
    acc = head.score(conv_features(x_te, filters), y_te)
    w = head.coef_.T.astype(np.float32)  # (128, 10)
    b = head.intercept_.astype(np.float32)
    nodes = [
        helper.make_node("Conv", ["x", "conv_w"], ["c1"], name="conv", pads=[1, 1, 1, 1], kernel_shape=[3, 3]),
        helper.make_node("Relu", ["c1"], ["r1"], name="relu"),
        helper.make_node("MaxPool", ["r1"], ["p1"], name="pool", kernel_shape=[2, 2], strides=[2, 2]),
        helper.make_node("Flatten", ["p1"], ["f1"], name="flatten", axis=1),
        helper.make_node("Gemm", ["f1", "fc_w", "fc_b"], ["logits"], name="fc"),
        helper.make_node("Softmax", ["logits"], ["probabilities"], name="softmax", axis=1),
        helper.make_node("ArgMax", ["logits"], ["label"], name="argmax", axis=1, keepdims=0),
    ]
    graph = helper.make_graph(
        nodes, "digits_cnn",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", 1, 8, 8])],
        [helper.make_tensor_value_info("label", TensorProto.INT64, ["N"]),
         helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, ["N", 10])],
        [numpy_helper.from_array(filters, "conv_w"), numpy_helper.from_array(w, "fc_w"),
         numpy_helper.from_array(b, "fc_b")])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 15)], producer_name="zkinfer-test-vectors")
    model.ir_version = 8
    return model, acc


if __name__ == "__main__":
    main()
