"""The Python peer of bench/evaluate: the same metrics, slices, fairness and paired bootstrap that `mlops evaluate`
computes, with scikit-learn + numpy (Debian packages), from the predictions OrtScoring wrote.

A full 1,000-resample bootstrap of sklearn's roc_auc_score on a million rows takes many minutes, so the peer times
RESAMPLES resamples and extrapolates linearly to 1,000 (each resample is the same work). Prints key=value lines.
Usage: peer_sklearn.py PREDICTIONS.csv RESAMPLES
"""
import sys, time
import numpy as np
from sklearn import metrics as m

start = time.perf_counter()
path, resamples = sys.argv[1], int(sys.argv[2])
cols = np.genfromtxt(path, delimiter=",", skip_header=1, dtype=None, encoding="utf-8",
                     names=["y", "candidate", "baseline", "sex", "race"])
y = cols["y"].astype(int)
models = {"candidate": cols["candidate"].astype(float), "baseline": cols["baseline"].astype(float)}

def ece(y, p, bins=10):
    idx = np.minimum((p * bins).astype(int), bins - 1)
    return sum(((idx == b).mean() * abs(p[idx == b].mean() - y[idx == b].mean())) for b in range(bins) if (idx == b).any())

def all_metrics(y, p):
    hard = (p >= 0.5).astype(int)
    return {"auc": m.roc_auc_score(y, p), "pr-auc": m.average_precision_score(y, p), "accuracy": m.accuracy_score(y, hard),
            "balanced-accuracy": m.balanced_accuracy_score(y, hard), "f1": m.f1_score(y, hard), "precision": m.precision_score(y, hard),
            "recall": m.recall_score(y, hard), "logloss": m.log_loss(y, np.clip(p, 1e-15, 1 - 1e-15)), "brier": m.brier_score_loss(y, p),
            "ece": ece(y, p)}

report = {name: all_metrics(y, p) for name, p in models.items()}
for column in ("sex", "race"):
    for value in np.unique(cols[column]):
        mask = cols[column] == value
        for name, p in models.items():
            if len(np.unique(y[mask])) == 2:
                report[(name, column, value)] = all_metrics(y[mask], p[mask])
for name, p in models.items():
    groups = [cols["sex"] == g for g in np.unique(cols["sex"])]
    sel = [(p[g] >= 0.5).mean() for g in groups]
    tpr = [(p[g & (y == 1)] >= 0.5).mean() for g in groups]
    fpr = [(p[g & (y == 0)] >= 0.5).mean() for g in groups]
    report[(name, "fairness")] = (max(sel) - min(sel), min(sel) / max(sel), max(tpr) - min(tpr), max(max(tpr) - min(tpr), max(fpr) - min(fpr)))
fixed = time.perf_counter() - start

rng = np.random.default_rng(0)
n = len(y)
boot = time.perf_counter()
deltas = []
for _ in range(resamples):
    idx = rng.integers(0, n, n)
    yc, pc, pb = y[idx], models["candidate"][idx], models["baseline"][idx]
    deltas.append((m.roc_auc_score(yc, pc) - m.roc_auc_score(yc, pb), m.accuracy_score(yc, pc >= 0.5) - m.accuracy_score(yc, pb >= 0.5)))
per_resample = (time.perf_counter() - boot) / resamples
print(f"rows={n}")
print(f"fixed_seconds={fixed:.3f}")
print(f"per_resample_seconds={per_resample:.4f}")
print(f"extrapolated_seconds_1000={fixed + 1000 * per_resample:.1f}")
