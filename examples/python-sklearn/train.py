"""A real scikit-learn model for the `command` backend, exported to ONNX by hand (no skl2onnx).

Pipeline: numeric columns -> median imputation; categorical columns -> "(missing)" imputation + one-hot
(unknown categories -> all zeros); then a GradientBoostingClassifier. The fitted pipeline is written as an ONNX graph
built with onnx.helper (ai.onnx.ml Imputer, OneHotEncoder, TreeEnsembleClassifier), following the input/output
conventions mlops scores with ONNX Runtime: one input per feature column, named like the column, shape [N, 1]
(float for numeric columns, string for categorical ones; a missing category arrives as ""), and a float
`probabilities` output [N, 2].

Writes into MLOPS_OUTPUT_DIR:
  model.onnx              the model (checked with onnx.checker, full_check=True)
  params.json             hyperparameters, picked up by `mlops train` into run.json
  metrics.json            train/validation metrics computed by scikit-learn, shown by `mlops train`, kept in run.json
  sklearn_test_proba.csv  sklearn's P(positive) for every row of MLOPS_TEST_DATA, in file order (for comparing with
                          ONNX Runtime; not registered)

Hyperparameters can be set with environment variables (train.command.env in mlops.yml): N_ESTIMATORS, MAX_DEPTH,
LEARNING_RATE, SUBSAMPLE, VALIDATION_FRACTION.
"""
import csv
import json
import math
import os
import sys
import time

import numpy as np
import onnx
from onnx import TensorProto, helper
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.impute import SimpleImputer
from sklearn.metrics import accuracy_score, log_loss, roc_auc_score
from sklearn.model_selection import train_test_split
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import FunctionTransformer, OneHotEncoder

MISSING = "(missing)"  # what an empty categorical value is imputed with


def fail(message):
    print(f"train.py: error: {message}", file=sys.stderr)
    sys.exit(2)


def env(name, required=True, default=None):
    value = os.environ.get(name, "")
    if value == "":
        if required:
            fail(f"environment variable {name} is not set; run this script through `mlops train` "
                 "(train.backend: command), which sets the MLOPS_* variables")
        return default
    return value


def env_number(name, default, kind):
    raw = os.environ.get(name, "")
    if raw == "":
        return default
    try:
        return kind(raw)
    except ValueError:
        fail(f"environment variable {name}='{raw}' is not a valid {kind.__name__}")


def is_number(text):
    """The same rule as mlops: a finite number in invariant-culture notation."""
    if "_" in text:
        return False
    try:
        return math.isfinite(float(text))
    except ValueError:
        return False


def read_csv(path, columns, label):
    try:
        with open(path, newline="", encoding="utf-8") as f:
            reader = csv.reader(f)
            header = next(reader, None)
            if header is None:
                fail(f"{path}: the file is empty (expected a header row)")
            header = [h.strip() for h in header]
            missing = [c for c in columns + ([label] if label else []) if c not in header]
            if missing:
                fail(f"{path}: column(s) {', '.join(repr(m) for m in missing)} not found; the header has: {', '.join(header)}")
            index = [header.index(c) for c in columns]
            rows, labels = [], []
            for line, row in enumerate(reader, start=2):
                if not row:
                    continue
                if len(row) != len(header):
                    fail(f"{path}:{line}: {len(row)} fields, the header has {len(header)}")
                rows.append([row[i].strip() for i in index])
                if label:
                    labels.append(row[header.index(label)].strip())
            return rows, labels
    except OSError as e:
        fail(f"cannot read {path}: {e.strerror}")


def columns_of(rows, j):
    return [r[j] for r in rows]


def numeric_matrix(rows, idx):
    return np.array([[float(r[j]) if r[j] != "" else np.nan for j in idx] for r in rows], dtype=np.float64).reshape(len(rows), len(idx))


def string_matrix(rows, idx):
    return np.array([[r[j] for j in idx] for r in rows], dtype=object).reshape(len(rows), len(idx))


def float32_at_most(values):
    """The largest float32 <= each float64 value, so `x <= t` decides the same for every float32 x (sklearn's trees
    compare float32 inputs with float64 thresholds; ONNX Runtime compares float32 with float32)."""
    t32 = values.astype(np.float32)
    above = t32.astype(np.float64) > values
    t32[above] = np.nextafter(t32[above], np.float32(-np.inf))
    return t32


def build_onnx(numeric, categorical, medians, categories, gbc, base_value):
    # value_info: onnx's shape inference has no rules for these ai.onnx.ml outputs; full_check needs their types.
    inputs, nodes, blocks, value_info = [], [], [], []
    for name in numeric:
        inputs.append(helper.make_tensor_value_info(name, TensorProto.FLOAT, [None, 1]))
    for name in categorical:
        inputs.append(helper.make_tensor_value_info(name, TensorProto.STRING, [None, 1]))
    if numeric:
        nodes.append(helper.make_node("Concat", list(numeric), ["numeric_raw"], axis=1, name="concat_numeric"))
        nodes.append(helper.make_node("Imputer", ["numeric_raw"], ["numeric_imputed"], domain="ai.onnx.ml", name="impute_median",
                                      imputed_value_floats=[float(m) for m in medians], replaced_value_float=float("nan")))
        value_info.append(helper.make_tensor_value_info("numeric_imputed", TensorProto.FLOAT, [None, len(numeric)]))
        blocks.append("numeric_imputed")
    for name, cats in zip(categorical, categories):
        # The "(missing)" category of the sklearn imputer is the empty string ONNX receives for a missing value.
        cats = ["" if c == MISSING else str(c) for c in cats]
        nodes.append(helper.make_node("OneHotEncoder", [name], [f"{name}_onehot3d"], domain="ai.onnx.ml", name=f"onehot_{name}",
                                      cats_strings=cats, zeros=1))
        nodes.append(helper.make_node("Flatten", [f"{name}_onehot3d"], [f"{name}_onehot"], axis=1, name=f"flatten_{name}"))
        value_info.append(helper.make_tensor_value_info(f"{name}_onehot3d", TensorProto.FLOAT, [None, 1, len(cats)]))
        blocks.append(f"{name}_onehot")
    nodes.append(helper.make_node("Concat", blocks, ["features"], axis=1, name="concat_features"))

    lr = gbc.learning_rate
    attrs = {k: [] for k in ["nodes_treeids", "nodes_nodeids", "nodes_featureids", "nodes_values", "nodes_modes",
                             "nodes_truenodeids", "nodes_falsenodeids", "class_treeids", "class_nodeids", "class_ids",
                             "class_weights"]}
    for t, estimator in enumerate(gbc.estimators_[:, 0]):
        tree = estimator.tree_
        leaf = tree.children_left == -1
        n = tree.node_count
        thresholds = float32_at_most(tree.threshold)
        attrs["nodes_treeids"] += [t] * n
        attrs["nodes_nodeids"] += list(range(n))
        attrs["nodes_featureids"] += [0 if leaf[i] else int(tree.feature[i]) for i in range(n)]
        attrs["nodes_values"] += [0.0 if leaf[i] else float(thresholds[i]) for i in range(n)]
        attrs["nodes_modes"] += ["LEAF" if leaf[i] else "BRANCH_LEQ" for i in range(n)]  # sklearn: x <= t goes left
        attrs["nodes_truenodeids"] += [0 if leaf[i] else int(tree.children_left[i]) for i in range(n)]
        attrs["nodes_falsenodeids"] += [0 if leaf[i] else int(tree.children_right[i]) for i in range(n)]
        for i in np.flatnonzero(leaf):
            attrs["class_treeids"].append(t)
            attrs["class_nodeids"].append(int(i))
            attrs["class_ids"].append(0)
            attrs["class_weights"].append(float(lr * tree.value[i, 0, 0]))
    # Binary case: one score (the log-odds, starting from the prior's log-odds), turned into [1-p, p] by LOGISTIC.
    nodes.append(helper.make_node("TreeEnsembleClassifier", ["features"], ["label", "probabilities"], domain="ai.onnx.ml",
                                  name="gradient_boosting", classlabels_int64s=[0, 1], base_values=[float(base_value)],
                                  post_transform="LOGISTIC", **attrs))
    graph = helper.make_graph(nodes, "sklearn_gradient_boosting", inputs, [
        helper.make_tensor_value_info("label", TensorProto.INT64, [None]),
        helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, [None, 2]),
    ], value_info=value_info)
    model = helper.make_model(graph, producer_name="mlops-examples-python-sklearn",
                              opset_imports=[helper.make_opsetid("", 15), helper.make_opsetid("ai.onnx.ml", 3)])
    model.ir_version = 8
    return model, attrs


def exported_proba(features32, attrs, n_trees, base_value):
    """P(positive) computed from the exported ONNX attributes (float32 comparisons and sums, like ONNX Runtime):
    checks the conversion before the model is written."""
    node_tree = np.array(attrs["nodes_treeids"])
    starts = np.searchsorted(node_tree, np.arange(n_trees))
    feature = np.array(attrs["nodes_featureids"])
    value = np.array(attrs["nodes_values"], dtype=np.float32)
    leaf = np.array(attrs["nodes_modes"]) == "LEAF"
    true_id, false_id = np.array(attrs["nodes_truenodeids"]), np.array(attrs["nodes_falsenodeids"])
    weight = np.zeros(len(node_tree), dtype=np.float32)
    weight[starts[np.array(attrs["class_treeids"])] + np.array(attrs["class_nodeids"])] = attrs["class_weights"]
    rows = np.arange(features32.shape[0])
    score = np.full(features32.shape[0], np.float32(base_value), dtype=np.float32)
    for t in range(n_trees):
        node = np.full(features32.shape[0], starts[t])
        while not leaf[node].all():
            go = ~leaf[node]
            x = features32[rows[go], feature[node[go]]]
            node[go] = starts[t] + np.where(x <= value[node[go]], true_id[node[go]], false_id[node[go]])
        score += weight[node]
    return 1.0 / (1.0 + np.exp(-score.astype(np.float64)))


def main():
    train_path = env("MLOPS_TRAIN_DATA")
    test_path = env("MLOPS_TEST_DATA", required=False)
    out = env("MLOPS_OUTPUT_DIR")
    label = env("MLOPS_LABEL")
    task = env("MLOPS_TASK")
    if task != "binary-classification":
        fail(f"MLOPS_TASK is '{task}', but this example trains binary classifiers only (model.task: binary-classification)")
    positive = env("MLOPS_POSITIVE", required=False)
    if positive is None:
        fail("MLOPS_POSITIVE is empty; set model.positive in mlops.yml to the label value of the positive class")
    features = [f for f in env("MLOPS_FEATURES").split(",") if f]
    seed_text = env("MLOPS_SEED")
    try:
        seed = int(seed_text)
    except ValueError:
        fail(f"MLOPS_SEED='{seed_text}' is not an integer")

    params = {
        "estimator": "sklearn.ensemble.GradientBoostingClassifier",
        "n_estimators": env_number("N_ESTIMATORS", 150, int),
        "max_depth": env_number("MAX_DEPTH", 4, int),
        "learning_rate": env_number("LEARNING_RATE", 0.1, float),
        "subsample": env_number("SUBSAMPLE", 0.8, float),
        "validation_fraction": env_number("VALIDATION_FRACTION", 0.2, float),
        "random_state": seed,
    }

    started = time.time()
    rows, labels = read_csv(train_path, features, label)
    if not rows:
        fail(f"{train_path}: no data rows")
    if positive not in labels:
        fail(f"{train_path}: no row has {label} = '{positive}' (MLOPS_POSITIVE); values seen: {', '.join(sorted(set(labels))[:10])}")
    y = np.array([1 if v == positive else 0 for v in labels])
    # Column kinds follow mlops' rule, so the ONNX input types match the model.json signature mlops writes.
    numeric_idx = [j for j, _ in enumerate(features)
                   if any(r[j] != "" for r in rows) and all(r[j] == "" or is_number(r[j]) for r in rows)]
    categorical_idx = [j for j in range(len(features)) if j not in numeric_idx]
    numeric = [features[j] for j in numeric_idx]
    categorical = [features[j] for j in categorical_idx]
    print(f"{len(rows)} training rows; numeric: {', '.join(numeric) or '-'}; categorical: {', '.join(categorical) or '-'}")

    def frame(data):
        return numeric_matrix(data, numeric_idx), string_matrix(data, categorical_idx)

    x_num, x_cat = frame(rows)
    x = np.concatenate([x_num.astype(object), x_cat], axis=1)
    n_num = len(numeric)
    preprocess = ColumnTransformer([
        ("numeric", Pipeline([
            ("to_float", FunctionTransformer(lambda a: a.astype(np.float64))),
            ("impute", SimpleImputer(strategy="median")),
        ]), list(range(n_num))),
        ("categorical", Pipeline([
            ("impute", SimpleImputer(missing_values="", strategy="constant", fill_value=MISSING)),
            ("onehot", OneHotEncoder(handle_unknown="ignore", sparse_output=False)),
        ]), list(range(n_num, n_num + len(categorical)))),
    ], sparse_threshold=0)
    gbc = GradientBoostingClassifier(n_estimators=params["n_estimators"], max_depth=params["max_depth"],
                                     learning_rate=params["learning_rate"], subsample=params["subsample"],
                                     random_state=seed)
    model = Pipeline([("preprocess", preprocess), ("model", gbc)])
    x_fit, x_val, y_fit, y_val = train_test_split(x, y, test_size=params["validation_fraction"], stratify=y, random_state=seed)
    model.fit(x_fit, y_fit)
    p_fit, p_val = model.predict_proba(x_fit)[:, 1], model.predict_proba(x_val)[:, 1]
    metrics = {
        "train_auc": roc_auc_score(y_fit, p_fit),
        "train_log_loss": log_loss(y_fit, p_fit),
        "validation_auc": roc_auc_score(y_val, p_val),
        "validation_log_loss": log_loss(y_val, p_val),
        "validation_accuracy": accuracy_score(y_val, p_val >= 0.5),
    }
    metrics = {k: round(float(v), 6) for k, v in metrics.items()}
    print(f"fitted {params['n_estimators']} trees on {len(y_fit)} rows ({time.time() - started:.1f} s); "
          f"validation ({len(y_val)} rows): auc {metrics['validation_auc']:.4f}, log loss {metrics['validation_log_loss']:.4f}")

    fitted = model.named_steps["preprocess"]
    medians = fitted.named_transformers_["numeric"].named_steps["impute"].statistics_ if n_num else []
    categories = fitted.named_transformers_["categorical"].named_steps["onehot"].categories_ if categorical else []
    base_value = float(gbc._raw_predict_init(fitted.transform(x_val[:1]))[0, 0])
    onnx_model, attrs = build_onnx(numeric, categorical, medians, categories, gbc, base_value)
    try:
        onnx.checker.check_model(onnx_model, full_check=True)
    except Exception as e:  # ValidationError, or InferenceError from the full (shape inference) check
        fail(f"onnx.checker rejected the exported model: {e}")

    # The exported trees must reproduce sklearn's probabilities (evaluated here with float32, as ONNX Runtime does).
    check = exported_proba(fitted.transform(x_val).astype(np.float32), attrs, params["n_estimators"], base_value)
    diff = float(np.max(np.abs(check - p_val)))
    if diff > 1e-5:
        fail(f"the exported trees disagree with sklearn's predict_proba by up to {diff:.3g} on the validation rows")

    onnx.save(onnx_model, os.path.join(out, "model.onnx"))
    with open(os.path.join(out, "params.json"), "w") as f:
        json.dump(params, f, indent=2)
    with open(os.path.join(out, "metrics.json"), "w") as f:
        json.dump(metrics, f, indent=2, allow_nan=False)
    if test_path:
        test_rows, _ = read_csv(test_path, features, None)
        t_num, t_cat = frame(test_rows)
        proba = model.predict_proba(np.concatenate([t_num.astype(object), t_cat], axis=1))[:, 1]
        with open(os.path.join(out, "sklearn_test_proba.csv"), "w") as f:
            f.write("row,p_positive\n")
            f.writelines(f"{i},{p!r}\n" for i, p in enumerate(proba.tolist()))
        print(f"wrote sklearn's probabilities for {len(test_rows)} rows of {os.path.basename(test_path)}")
    print(f"model.onnx: {len(attrs['nodes_nodeids'])} tree nodes; exported trees match sklearn within {diff:.1g}; "
          f"done in {time.time() - started:.1f} s")


if __name__ == "__main__":
    main()
