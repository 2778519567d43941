"""Independent reference for mlops' metrics: reads y/p CSVs written by the test and prints sklearn's values as JSON."""
import json, sys
import numpy as np
from sklearn import metrics as m

def ece(y, p, bins=10):
    idx = np.minimum((p * bins).astype(int), bins - 1)
    total = 0.0
    for b in range(bins):
        mask = idx == b
        if mask.any():
            total += mask.mean() * abs(p[mask].mean() - y[mask].mean())
    return total

kind, path = sys.argv[1], sys.argv[2]
data = np.loadtxt(path, delimiter=",", skiprows=1)
if kind == "binary":
    y, p = data[:, 0].astype(int), data[:, 1]
    hard = (p >= 0.5).astype(int)
    out = {"auc": m.roc_auc_score(y, p), "pr-auc": m.average_precision_score(y, p), "accuracy": m.accuracy_score(y, hard),
           "balanced-accuracy": m.balanced_accuracy_score(y, hard), "f1": m.f1_score(y, hard), "precision": m.precision_score(y, hard),
           "recall": m.recall_score(y, hard), "logloss": m.log_loss(y, p), "brier": m.brier_score_loss(y, p), "ece": ece(y, p)}
elif kind == "multiclass":
    y, probs = data[:, 0].astype(int), data[:, 1:]
    hard = probs.argmax(axis=1)
    out = {"accuracy": m.accuracy_score(y, hard), "macro-f1": m.f1_score(y, hard, average="macro"),
           "weighted-f1": m.f1_score(y, hard, average="weighted"), "logloss": m.log_loss(y, probs, labels=list(range(probs.shape[1])))}
else:
    y, pred = data[:, 0], data[:, 1]
    out = {"rmse": float(np.sqrt(m.mean_squared_error(y, pred))), "mae": m.mean_absolute_error(y, pred),
           "mape": m.mean_absolute_percentage_error(y, pred), "r2": m.r2_score(y, pred)}
print(json.dumps({k: float(v) for k, v in out.items()}))
