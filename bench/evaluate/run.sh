#!/usr/bin/env bash
# bench/evaluate: evaluate-and-gate on 1M rows resampled from Adult test, with 1,000 paired-bootstrap resamples, two
# slice columns and fairness, next to (1) raw ONNX Runtime batch scoring of the same rows with the same two models and
# (2) a scikit-learn + numpy script computing the same metrics, slices, fairness and bootstrap. Prints the ratios.
# Usage: bench/evaluate/run.sh [ROWS] [PEER_RESAMPLES] [MODEL]      (defaults 1000000, 20 and gbdt)
# MODEL gbdt: examples/python-sklearn (gradient-boosted trees behind one-hot featurization, one ONNX input per column);
# MODEL logistic: examples/python-logistic-onnx (one matrix input, a dot product: the cheapest model there is).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
rows="${1:-1000000}"; peer_resamples="${2:-20}"; model="${3:-gbdt}"
case "$model" in
  gbdt) example=python-sklearn ;;
  logistic) example=python-logistic-onnx ;;
  *) echo "MODEL must be gbdt or logistic, not '$model'" >&2; exit 2 ;;
esac
shared="$root/out/bench-evaluate"; out="$shared/$model"; mkdir -p "$out"
dotnet build "$root/src/MlOps.Cli/MlOps.Cli.csproj" -c Release -o "$shared/mlops" --nologo -v quiet -clp:ErrorsOnly -clp:NoSummary
dotnet build "$here/OrtScoring/OrtScoring.csproj" -c Release -o "$shared/ort" --nologo -v quiet -clp:ErrorsOnly -clp:NoSummary
mlops="$shared/mlops/mlops"
data="$shared/adult_${rows}.csv"
[ -f "$data" ] || /usr/bin/python3 "$here/make_data.py" "$root/examples/adult-income/data/adult_test.csv" "$data" "$rows"

# Two ONNX models from the example's command trainer: the baseline sees every column, the candidate one fewer.
cd "$root/examples/$example"
[ -f "$out/baseline/model.onnx" ] || "$mlops" train --output "$out/baseline" >/dev/null
[ -f "$out/candidate/model.onnx" ] || "$mlops" train --output "$out/candidate" --exclude capital_loss >/dev/null
cat > "$out/bench.yml" <<YML
model: { name: adult-$model, task: binary-classification, label: income, positive: ">50K" }
data: { test: $data }
evaluate:
  thresholds: { auc: ">= 0.7" }
  baseline: { margin: { auc: 0.005, accuracy: 0.01 } }
  significance: { resamples: 1000 }
  slices: { columns: [sex, race], max-regression: { auc: 0.05 } }
  fairness: { sensitive: sex, demographic-parity-ratio: ">= 0.1" }
YML

echo "== mlops evaluate ($rows rows, 1000 resamples, slices sex+race, fairness) =="
/usr/bin/time -v "$mlops" evaluate --config "$out/bench.yml" --model "$out/candidate" --baseline "$out/baseline" \
  --report "$out/report" > "$out/evaluate.log" 2> "$out/evaluate.time" || true
ours_wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$out/evaluate.time" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
ours_rss_kb=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$out/evaluate.time")
grep -E "quality gate|verdict" "$out/evaluate.log" | tail -1

echo "== raw ONNX Runtime scoring of the same rows (both models, one batch each) =="
features() { /usr/bin/python3 -c 'import json,sys; print(",".join(f["name"] for f in json.load(open(sys.argv[1]))["features"]))' "$1/model.json"; }
"$shared/ort/OrtScoring" "$data" income ">50K" "$out/predictions.csv" \
  "$out/candidate/model.onnx" "$(features "$out/candidate")" "$out/baseline/model.onnx" "$(features "$out/baseline")" > "$out/ort.txt"
cat "$out/ort.txt"
ort=$(sed -n 's/^ort_seconds=//p' "$out/ort.txt"); ort_total=$(sed -n 's/^ort_total_seconds=//p' "$out/ort.txt")

echo "== Python peer (scikit-learn + numpy) =="
/usr/bin/python3 "$here/peer_sklearn.py" "$out/predictions.csv" "$peer_resamples" | tee "$out/peer.txt"
peer=$(sed -n 's/extrapolated_seconds_1000=//p' "$out/peer.txt")

/usr/bin/python3 - "$ours_wall" "$ours_rss_kb" "$ort" "$peer" "$ort_total" "$model" <<'PY'
import sys
ours, rss_kb, ort, peer, ort_total, model = float(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5]), sys.argv[6]
print(f"model: {model}")
print(f"mlops evaluate wall time:            {ours:8.2f} s   (peak memory {rss_kb / 1024:.0f} MB; target <= 2048 MB)")
print(f"raw ONNX Runtime, Run calls only:    {ort:8.2f} s   ratio mlops/ORT = {ours / ort:.2f}x (target <= 1.5x; best of one call and 131,072-row batches)")
print(f"raw ONNX Runtime, CSV + tensors + Run: {ort_total:6.2f} s   ratio mlops/ORT = {ours / ort_total:.2f}x")
print(f"scikit-learn + numpy (extrapolated): {peer:8.1f} s   speed-up = {peer / ours:.1f}x (target >= 10x)")
PY
