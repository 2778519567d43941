#!/usr/bin/env bash
# bench/serving: `mlops serve` on the Adult model (examples/adult-income's config with train.export: onnx) next to
# (1) an MLflow-style peer (peer/app.py: FastAPI + uvicorn, JSON -> pandas DataFrame -> scikit-learn
# GradientBoosting predict_proba, as `mlflow models serve` does) and (2) raw in-process ONNX Runtime scoring of the
# same model file (OrtBatch). Everything on 127.0.0.1, each measurement bounded by SECONDS. Prints the ratios:
#   1-row requests/s, ours vs the peer (wrk, closed loop)                       target >= 50x
#   our p50/p99 at half our 1-row maximum, paced open loop (LoadGen)             target p99 <= 2 ms
#     and, at the same rate, the floor: bare Kestrel answering a fixed body (Floor), no model
#   rows/s with 1,000-row requests, ours vs raw ONNX Runtime on the same batches target >= 0.8x
#   throughput with the drift gauges on (default window) vs off (--drift-window 0) target <= 5% drop
# and, because throughput on a shared machine follows the other processes' load, the server's CPU time per request
# (drift on vs off; 1,000-row requests vs raw ONNX Runtime's CPU time per batch).
# Usage: [ROUNDS=N] [GAUGE_ROUNDS=N] bench/serving/run.sh [SECONDS]   (default 10 s per measurement, 3 rounds, 6 gauge
# rounds). Never part of CI.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
seconds="${1:-10}"
out="$root/out/bench-serving"; mkdir -p "$out"
python=/usr/bin/python3

# The peers come from Debian (see docs/design.md, Benchmarks).
if ! command -v wrk >/dev/null || ! "$python" -c 'import fastapi, uvicorn, pandas, sklearn, onnx, joblib' 2>/dev/null; then
  apt-get install -y -q wrk python3-fastapi python3-uvicorn python3-pandas python3-sklearn python3-onnx >/dev/null
fi

dotnet build "$root/src/MlOps.Cli/MlOps.Cli.csproj" -c Release -o "$out/mlops" --nologo -v quiet -clp:ErrorsOnly -clp:NoSummary
dotnet build "$here/LoadGen/LoadGen.csproj" -c Release -o "$out/loadgen" --nologo -v quiet -clp:ErrorsOnly -clp:NoSummary
dotnet build "$here/OrtBatch/OrtBatch.csproj" -c Release -o "$out/ort" --nologo -v quiet -clp:ErrorsOnly -clp:NoSummary
dotnet build "$here/Floor/Floor.csproj" -c Release -o "$out/floor" --nologo -v quiet -clp:ErrorsOnly -clp:NoSummary
dotnet build "$here/ScoreCost/ScoreCost.csproj" -c Release -o "$out/scorecost" --nologo -v quiet -clp:ErrorsOnly -clp:NoSummary
mlops="$out/mlops/mlops"
data="$root/examples/adult-income/data"

# Our model: the example's config, data paths made absolute, exported to ONNX so raw ONNX Runtime can score the file.
sed -e "s|data/adult_|$data/adult_|" -e 's|^  backend: mlnet$|  backend: mlnet\n  export: onnx|' \
  "$root/examples/adult-income/mlops.yml" > "$out/mlops.yml"
grep -q 'export: onnx' "$out/mlops.yml" || { echo "could not set train.export: onnx in $out/mlops.yml" >&2; exit 4; }
[ -f "$out/model/model.onnx" ] || (cd "$out" && "$mlops" train --config mlops.yml --output "$out/model" >/dev/null)
[ -f "$out/peer.joblib" ] || "$python" "$here/peer/train.py" "$data/adult_train.csv" "$out/peer.joblib"
"$python" "$here/make_bodies.py" "$data/adult_test.csv" "$out/body" 1 1000

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

# Starts `mlops serve` with extra flags; sets $url. The URL file appears once the model is warmed up.
serve() {
  rm -f "$out/url"
  "$mlops" serve --model "$out/model" --port 0 --url-file "$out/url" "$@" > "$out/serve.log" 2>&1 &
  server=$!; pids+=("$server")
  for _ in $(seq 300); do [ -s "$out/url" ] && break; sleep 0.1; done
  [ -s "$out/url" ] || { cat "$out/serve.log" >&2; echo "mlops serve did not start" >&2; exit 4; }
  url="$(cat "$out/url")/score"
  # Tiered JIT and dynamic PGO keep speeding the server up for its first tens of thousands of requests (1-row
  # throughput grows from ~10k to ~20k req/s over the first half minute here): load it, untimed, before measuring, as
  # the peer is warm from its first round on. WARMUP seconds per body (default SECONDS).
  for body in "$out/body_1.json" "$out/body_1000.json"; do
    WRK_BODY="$body" wrk -t2 -c8 -d"${WARMUP:-$seconds}s" -s "$here/post.lua" "$url" > /dev/null
  done
}
stop() { kill "$server"; wait "$server" 2>/dev/null || true; }

# Process CPU time (user + system) in clock ticks.
ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

# wrk with a body and a number of connections; prints requests/s and, given the server's pid, the server's CPU
# milliseconds per request: on a busy machine throughput follows the other processes' load, CPU per request hardly.
# Fails on any non-2xx answer or socket error.
load() {
  local target="$1" body="$2" connections="$3" pid="${4:-}" log="$out/wrk.log" before=0
  [ -n "$pid" ] && before=$(ticks "$pid")
  WRK_BODY="$body" wrk -t2 -c"$connections" -d"${seconds}s" -s "$here/post.lua" "$target" > "$log"
  if grep -qE 'Non-2xx|Socket errors' "$log"; then cat "$log" >&2; echo "wrk saw failed requests" >&2; exit 4; fi
  local rps requests cpu=nan
  rps=$(sed -n 's/^Requests\/sec: *//p' "$log")
  requests=$(sed -n 's/^ *\([0-9]*\) requests in .*/\1/p' "$log")
  [ -n "$pid" ] && cpu=$("$python" -c "print(f'{($(ticks "$pid") - $before) * 1000 / $(getconf CLK_TCK) / $requests:.4f}')")
  echo "$rps $cpu"
}

# Everything alternates, ROUNDS times (default 3): each round measures our server with drift gauges on (the default
# window: 1-row wrk, the paced latency run at half that round's 1-row rate, 1,000-row wrk), raw ONNX Runtime on the
# same 1,000-row batches, the peer, and our server with --drift-window 0. The machine's load drifts during a run, so
# each comparison is between measurements made minutes apart, and each figure printed is the median over the rounds.
rounds="${ROUNDS:-3}"
floor_p50=(); floor_p99=(); main_1=(); main_1000=(); main_1000_cpu=(); on_1=(); on_1000=(); off_1=(); off_1000=(); ort=(); peer_1=(); peer_1000=(); p50=(); p99=(); due_p50=(); due_p99=(); achieved=(); errors=(); halves=()
on_1_cpu=(); on_1000_cpu=(); off_1_cpu=(); off_1000_cpu=(); ort_cpu=(); ort_run=(); ort_run_cpu=()

echo "== MLflow-style peer: FastAPI + uvicorn (2 workers) + pandas + scikit-learn, started once =="
port=$("$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
PEER_MODEL="$out/peer.joblib" "$python" -m uvicorn app:app --app-dir "$here/peer" --host 127.0.0.1 --port "$port" \
  --workers 2 --log-level warning > "$out/peer.log" 2>&1 &
pids+=("$!")
for _ in $(seq 300); do curl -sf "http://127.0.0.1:$port/ping" >/dev/null && break; sleep 0.2; done
curl -sf "http://127.0.0.1:$port/ping" >/dev/null || { cat "$out/peer.log" >&2; echo "the peer did not start" >&2; exit 4; }

echo "== latency floor: bare Kestrel, fixed answer (Floor), started once =="
floor_port=$("$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$out/floor/Floor" "$floor_port" > "$out/floor.log" 2>&1 &
pids+=("$!")
for _ in $(seq 300); do curl -sf "http://127.0.0.1:$floor_port/ping" >/dev/null && break; sleep 0.1; done
floor_url="http://127.0.0.1:$floor_port/score"
WRK_BODY="$out/body_1.json" wrk -t2 -c8 -d"${WARMUP:-$seconds}s" -s "$here/post.lua" "$floor_url" > /dev/null

field() { sed -n "s/.*\b$1=\([^ ]*\).*/\1/p" "$2"; }
for round in $(seq "$rounds"); do
  echo "== round $round/$rounds: mlops serve, drift gauges on (default window) =="
  serve
  r=$(load "$url" "$out/body_1.json" 16 "$server"); read -r rps cpu <<< "$r"; main_1+=("$rps")
  echo "1-row requests/s: $rps, server CPU ms/request: $cpu"
  half=$("$python" -c "print(round($rps / 2))"); halves+=("$half")
  echo "paced 1-row requests at $half/s:"
  "$out/loadgen/LoadGen" "$url" "$out/body_1.json" "$half" "$seconds" | tee "$out/paced.txt"
  p50+=("$(field p50_ms "$out/paced.txt")"); p99+=("$(field p99_ms "$out/paced.txt")")
  due_p50+=("$(field due_p50_ms "$out/paced.txt")"); due_p99+=("$(field due_p99_ms "$out/paced.txt")")
  achieved+=("$(field achieved_rate "$out/paced.txt")"); errors+=("$(field errors "$out/paced.txt")")
  echo "the floor (bare Kestrel, fixed answer), paced at the same $half/s:"
  "$out/loadgen/LoadGen" "$floor_url" "$out/body_1.json" "$half" "$seconds" | tee "$out/floor.txt"
  floor_p50+=("$(field p50_ms "$out/floor.txt")"); floor_p99+=("$(field p99_ms "$out/floor.txt")")
  r=$(load "$url" "$out/body_1000.json" 4 "$server"); read -r rps cpu <<< "$r"; main_1000+=("$rps"); main_1000_cpu+=("$cpu")
  echo "1,000-row requests/s: $rps, server CPU ms/request: $cpu"
  curl -s "$(cat "$out/url")/metrics" | grep -E '^mlops_(drift_window_rows|feature_drift_psi\{feature="age"\})' || true
  stop
  echo "== round $round/$rounds: raw ONNX Runtime, the same 1,000-row batches =="
  "$out/ort/OrtBatch" "$out/model/model.onnx" "$out/model/model.json" "$data/adult_test.csv" 1000 "$seconds" | tee "$out/ort.txt"
  ort+=("$(sed -n 's/^ort_rows_per_second=//p' "$out/ort.txt")"); ort_cpu+=("$(sed -n 's/^ort_cpu_ms_per_batch=//p' "$out/ort.txt")")
  ort_run+=("$(sed -n 's/^ort_run_only_rows_per_second=//p' "$out/ort.txt")"); ort_run_cpu+=("$(sed -n 's/^ort_run_only_cpu_ms_per_batch=//p' "$out/ort.txt")")
  echo "== round $round/$rounds: MLflow-style peer =="
  r=$(load "http://127.0.0.1:$port/invocations" "$out/body_1.json" 16); read -r rps _ <<< "$r"; peer_1+=("$rps"); echo "1-row requests/s: $rps"
  r=$(load "http://127.0.0.1:$port/invocations" "$out/body_1000.json" 4); read -r rps _ <<< "$r"; peer_1000+=("$rps"); echo "1,000-row requests/s: $rps"
done

# Drift gauges on vs off, apart from the rounds above: there the gauges-on server had just served the paced latency
# run and a fresh gauges-off server had not, an order effect as large as the gauges' cost (±8% either way). Here both
# servers are up at once, started together, and take turns under the same load, ABBA within each round (on, off,
# off, on) so a drift in the machine's load cancels; each round gives one on/off ratio per request size, and the
# medians of those ratios are printed.
echo "== drift gauges: both servers up, loads interleaved on/off/off/on, GAUGE_ROUNDS=${GAUGE_ROUNDS:-6} =="
serve; on_pid=$server; on_url=$url
serve --drift-window 0; off_pid=$server; off_url=$url
gauge() { # URL BODY CONNECTIONS PID ARRAY_PREFIX
  local r rps cpu; r=$(load "$1" "$2" "$3" "$4"); read -r rps cpu <<< "$r"; eval "$5+=(\"$rps\"); $5_cpu+=(\"$cpu\")"
}
for round in $(seq "${GAUGE_ROUNDS:-6}"); do
  for size in 1 1000; do
    connections=$([ "$size" = 1 ] && echo 16 || echo 4)
    gauge "$on_url" "$out/body_$size.json" "$connections" "$on_pid" "on_$size"
    gauge "$off_url" "$out/body_$size.json" "$connections" "$off_pid" "off_$size"
    gauge "$off_url" "$out/body_$size.json" "$connections" "$off_pid" "off_$size"
    gauge "$on_url" "$out/body_$size.json" "$connections" "$on_pid" "on_$size"
  done
  echo "round $round: 1-row on ${on_1[*]: -2} / off ${off_1[*]: -2} req/s; 1,000-row on ${on_1000[*]: -2} / off ${off_1000[*]: -2} req/s"
done
kill "$on_pid" "$off_pid"; wait "$on_pid" "$off_pid" 2>/dev/null || true
# Per round: (on + on) / (off + off) throughput, and CPU per request likewise; the median over rounds.
round_ratios() { "$python" -c "import sys, statistics as s; a = list(map(float, sys.argv[1].split())); b = list(map(float, sys.argv[2].split()))
print(f'{s.median((a[i] + a[i + 1]) / (b[i] + b[i + 1]) for i in range(0, len(a), 2)):.4f}')" "$1" "$2"; }
gauge_1=$(round_ratios "${on_1[*]}" "${off_1[*]}"); gauge_1000=$(round_ratios "${on_1000[*]}" "${off_1000[*]}")
gauge_1_cpu=$(round_ratios "${on_1_cpu[*]}" "${off_1_cpu[*]}"); gauge_1000_cpu=$(round_ratios "${on_1000_cpu[*]}" "${off_1000_cpu[*]}")
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
m() { median "$@"; }
printf 'p50_ms=%s p99_ms=%s due_p50_ms=%s due_p99_ms=%s achieved_rate=%s errors=%s\n' "$(m "${p50[@]}")" "$(m "${p99[@]}")" \
  "$(m "${due_p50[@]}")" "$(m "${due_p99[@]}")" "$(m "${achieved[@]}")" "$(m "${errors[@]}")" > "$out/paced.txt"
half=$(m "${halves[@]}")

"$python" - "$(m "${main_1[@]}")" "$gauge_1" "$(m "${main_1000[@]}")" "$gauge_1000" \
  "$(m "${peer_1[@]}")" "$(m "${peer_1000[@]}")" "$(m "${ort[@]}")" "$out/paced.txt" "$half" \
  "$gauge_1_cpu" "$gauge_1000_cpu" "$(m "${main_1000_cpu[@]}")" "${GAUGE_ROUNDS:-6}" "$(m "${ort_cpu[@]}")" "$rounds" "$(m "${ort_run[@]}")" "$(m "${ort_run_cpu[@]}")" "$(m "${floor_p50[@]}")" "$(m "${floor_p99[@]}")" <<'PY'
import re, sys
on1, gauge1, on1000, gauge1000, peer1, peer1000, ort = map(float, sys.argv[1:8])
paced = dict(re.findall(r"(\w+)=(\S+)", open(sys.argv[8]).read()))
cpu_gauge1, cpu_gauge1000, cpu_on1000, gauge_rounds, cpu_ort = map(float, sys.argv[10:15])
print()
print(f"medians of {sys.argv[15]} alternating rounds:")
print(f"1-row requests/s:        mlops {on1:9.0f}   peer {peer1:7.0f}   ratio {on1 / peer1:6.1f}x  (target >= 50x)")
print(f"1-row paced at {float(sys.argv[9]):.0f}/s (half our max):  p50 {paced['p50_ms']} ms, p99 {paced['p99_ms']} ms from send "
      f"(from due time: p50 {paced['due_p50_ms']}, p99 {paced['due_p99_ms']} ms; achieved {paced['achieved_rate']}/s, {paced['errors']} errors)  (target p99 <= 2 ms)")
print(f"  the floor at the same rate (bare Kestrel, fixed answer, no model): p50 {sys.argv[18]} ms, p99 {sys.argv[19]} ms from send")
print(f"1,000-row rows/s:        mlops {on1000 * 1000:9.0f}   raw ORT {ort:9.0f}   ratio {on1000 * 1000 / ort:5.2f}x  (target >= 0.8x);"
      f"   peer {peer1000 * 1000:7.0f} rows/s ({on1000 / peer1000:.1f}x)")
print(f"drift gauges on vs off (both servers up, interleaved; median of {gauge_rounds:.0f} rounds' on/off ratios):  "
      f"1-row {(1 - gauge1) * 100:+.1f}% throughput drop, {(cpu_gauge1 - 1) * 100:+.1f}% server CPU per request; "
      f"1,000-row {(1 - gauge1000) * 100:+.1f}% drop, {(cpu_gauge1000 - 1) * 100:+.1f}% CPU  (target <= 5% drop)")
print(f"server CPU per 1,000-row request: {cpu_on1000:.3f} ms; raw ORT {cpu_ort:.3f} ms per batch -> ORT / mlops = {cpu_ort / cpu_on1000:.2f}x")
ort_run, cpu_ort_run = map(float, sys.argv[16:18])
print(f"raw ORT, input tensors built once (Run alone, the model's own cost): {ort_run:.0f} rows/s, {cpu_ort_run:.3f} ms CPU per batch -> "
      f"mlops {on1000 * 1000 / ort_run:.2f}x its rows/s, {cpu_ort_run / cpu_on1000:.2f}x its CPU per batch")
PY
echo
echo "the /score handler in-process, no HTTP (ScoreCost; least time of 5 repeats, with its CPU time):"
"$out/scorecost/ScoreCost" "$out/model" "$out/body_1.json" "$out/body_1000.json" --seconds 1 --repeats 5
