"""A tiny any-language trainer for the `command` backend: logistic regression in numpy, exported as ONNX.

Reads the mlops contract variables, trains on the numeric features, writes model.onnx and params.json.
Set FAIL_AFTER_OUTPUT=1 to make it print a few lines and fail (tests the error path).
"""
import csv, json, os, sys
import numpy as np
import onnx
from onnx import helper, TensorProto, numpy_helper

if os.environ.get("FAIL_AFTER_OUTPUT"):
    for i in range(30):
        print(f"epoch {i}: loss nan")
    print("ValueError: training diverged", file=sys.stderr)
    sys.exit(7)

features = os.environ["MLOPS_FEATURES"].split(",")
label, positive = os.environ["MLOPS_LABEL"], os.environ["MLOPS_POSITIVE"]
with open(os.environ["MLOPS_TRAIN_DATA"], newline="") as f:
    rows = list(csv.DictReader(f))
x = np.array([[float(r[c]) for c in features] for r in rows], dtype=np.float32)
y = np.array([1.0 if r[label] == positive else 0.0 for r in rows], dtype=np.float32)
mean, std = x.mean(axis=0), x.std(axis=0) + 1e-6
z = (x - mean) / std
w, b = np.zeros(z.shape[1], dtype=np.float32), 0.0
for _ in range(500):
    p = 1 / (1 + np.exp(-(z @ w + b)))
    w -= 0.5 * (z.T @ (p - y)) / len(y)
    b -= 0.5 * float((p - y).mean())

if os.environ.get("NAN_WEIGHTS"):  # a broken model, for the "NaN scores" error path
    w[:] = np.nan

graph = helper.make_graph(
    [
        helper.make_node("Sub", ["input", "mean"], ["centered"]),
        helper.make_node("Div", ["centered", "std"], ["scaled"]),
        helper.make_node("MatMul", ["scaled", "w"], ["logit0"]),
        helper.make_node("Add", ["logit0", "b"], ["logit"]),
        helper.make_node("Sigmoid", ["logit"], ["probabilities"]),
    ],
    "logistic",
    [helper.make_tensor_value_info("input", TensorProto.FLOAT, [None, len(features)])],
    [helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, [None, 1])],
    [
        numpy_helper.from_array(mean.astype(np.float32), "mean"),
        numpy_helper.from_array(std.astype(np.float32), "std"),
        numpy_helper.from_array(w.reshape(-1, 1).astype(np.float32), "w"),
        numpy_helper.from_array(np.array([b], dtype=np.float32), "b"),
    ],
)
model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
model.ir_version = 8
onnx.checker.check_model(model)
out = os.environ["MLOPS_OUTPUT_DIR"]
onnx.save(model, os.path.join(out, "model.onnx"))
with open(os.path.join(out, "params.json"), "w") as f:
    json.dump({"solver": "gradient-descent", "epochs": 500, "seed": os.environ["MLOPS_SEED"]}, f)
print(f"trained on {len(rows)} rows, {len(features)} features")
