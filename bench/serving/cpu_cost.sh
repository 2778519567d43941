#!/usr/bin/env bash
# The scoring server's CPU cost per request, the figure to optimise on a shared machine: throughput follows the other
# processes' load, the server's CPU time per request (user + system, from /proc/PID/stat around a wrk run) hardly.
# Starts MLOPS serve on MODEL, loads it with wrk (1-row body, 16 connections; 1,000-row body, 4 connections) for
# SECONDS each, ROUNDS times, and prints the median CPU ms per request of each size.
# Usage: bench/serving/cpu_cost.sh MLOPS MODEL_DIR BODY_1.json BODY_1000.json [SECONDS] [ROUNDS] [serve flags...]
# (run.sh builds MLOPS, trains MODEL_DIR and writes the bodies under out/bench-serving.)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
mlops="$1" model="$2" body1="$3" body1000="$4" seconds="${5:-5}" rounds="${6:-3}"
shift $(( $# < 6 ? $# : 6 ))
work="$(mktemp -d)"
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

"$mlops" serve --model "$model" --port 0 --url-file "$work/url" "$@" > "$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 600); do [ -s "$work/url" ] && break; sleep 0.1; done
[ -s "$work/url" ] || { cat "$work/serve.log" >&2; echo "mlops serve did not start" >&2; exit 4; }
url="$(cat "$work/url")/score"

ticks() { awk '{ print $14 + $15 }' "/proc/$server/stat"; }
# Prints "requests/s CPU-ms-per-request" for one wrk run; fails on any non-2xx answer.
cost() {
  local body="$1" connections="$2" before
  before=$(ticks)
  WRK_BODY="$body" wrk -t1 -c"$connections" -d"${seconds}s" -s "$here/post.lua" "$url" > "$work/wrk.log"
  if grep -qE 'Non-2xx|Socket errors' "$work/wrk.log"; then cat "$work/wrk.log" >&2; exit 4; fi
  local requests rps
  requests=$(sed -n 's/^ *\([0-9]*\) requests in .*/\1/p' "$work/wrk.log")
  rps=$(sed -n 's/^Requests\/sec: *//p' "$work/wrk.log")
  awk -v t="$(ticks)" -v b="$before" -v hz="$(getconf CLK_TCK)" -v n="$requests" -v r="$rps" \
    'BEGIN { printf "%s %.4f\n", r, (t - b) * 1000 / hz / n }'
}
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

WRK_BODY="$body1" wrk -t1 -c16 -d2s -s "$here/post.lua" "$url" > /dev/null # JIT and tiering warm-up
WRK_BODY="$body1000" wrk -t1 -c4 -d2s -s "$here/post.lua" "$url" > /dev/null
one=(); thousand=()
for round in $(seq "$rounds"); do
  read -r rps1 cpu1 <<< "$(cost "$body1" 16)"; one+=("$cpu1")
  read -r rps1000 cpu1000 <<< "$(cost "$body1000" 4)"; thousand+=("$cpu1000")
  echo "round $round: 1-row $rps1 req/s, $cpu1 CPU ms/request; 1,000-row $rps1000 req/s, $cpu1000 CPU ms/request"
done
echo "cpu_ms_per_request_1=$(median "${one[@]}") cpu_ms_per_request_1000=$(median "${thousand[@]}")"
