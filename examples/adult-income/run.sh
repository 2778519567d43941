#!/usr/bin/env bash
# The main job on the Adult example, end to end on this machine (no cloud account):
#   train -> evaluate-and-gate vs production -> register -> promote -> package an image -> deploy locally + score
#   -> compare a challenger -> monitor replayed traffic for drift -> delivery metrics.
# Needs only the .NET SDK (and curl). Run from anywhere: ./examples/adult-income/run.sh
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bin="$root/out/mlops"

step() { printf '\n\033[1m== %s ==\033[0m\n' "$*"; }

step "build mlops"
dotnet build "$root/src/MlOps.Cli/MlOps.Cli.csproj" -c Release -o "$bin" --nologo -v quiet -clp:ErrorsOnly -clp:NoSummary
mlops() { "$bin/mlops" "$@"; }
cd "$here"
stamp="$(date -u +%Y%m%d-%H%M%S)"

step "1. train"
mlops train --config mlops.yml --output ".mlops/runs/candidate-$stamp"

step "2. evaluate and gate (vs adult-income@production when there is one)"
mlops evaluate --config mlops.yml --model ".mlops/runs/candidate-$stamp" --report ".mlops/report"

step "3. register"
version="$(mlops register --config mlops.yml --model ".mlops/runs/candidate-$stamp" | tail -n 1)"
echo "registered $version"

step "4. promote $version to production"
mlops promote "$version" --alias production --config mlops.yml

step "5. package $version as a container image (no container engine needed)"
# The image's app layer is mlops-serve (the scoring server alone), which a linux-x64 publish of mlops puts in its serve/;
# dotnet publish is incremental after the first run.
dotnet publish "$root/src/MlOps.Cli/MlOps.Cli.csproj" -c Release -r linux-x64 --self-contained -p:DebugType=none \
  -o "$root/out/mlops-linux-x64" --nologo -v quiet -clp:ErrorsOnly -clp:NoSummary
mlops package adult-income@production --config mlops.yml --app "$root/out/mlops-linux-x64" --output ".mlops/image"

step "6. deploy production to the local test environment and score two rows"
url="$(mlops deploy --config mlops.yml --env test | tail -n 1)"
# One cleanup for everything the steps below start or create, whichever of them ran.
server=""; challenger_cfg=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; fi
  if [ -n "$challenger_cfg" ]; then rm -f "$challenger_cfg"; fi
  mlops deploy --config mlops.yml --env test --stop >/dev/null 2>&1 || true
}
trap cleanup EXIT
echo "serving at $url; POST $url/score:"
curl -fsS -X POST "$url/score" -H 'Content-Type: application/json' --data-binary @- <<'JSON'
[{"age": 52, "workclass": "Self-emp-inc", "education": "HS-grad", "education_num": 9,
  "marital_status": "Married-civ-spouse", "occupation": "Exec-managerial", "relationship": "Wife", "race": "White",
  "sex": "Female", "capital_gain": 15024, "capital_loss": 0, "hours_per_week": 40, "native_country": "United-States"},
 {"age": 22, "workclass": "Private", "education": "HS-grad", "education_num": 9,
  "marital_status": "Never-married", "occupation": "Adm-clerical", "relationship": "Own-child", "race": "White",
  "sex": "Male", "capital_gain": 0, "capital_loss": 0, "hours_per_week": 20, "native_country": "United-States"}]
JSON
echo

step "7. compare: a LightGBM challenger vs production, on the same rows"
challenger_cfg="$(mktemp "$here/.mlops-challenger-XXXX.yml")"
sed 's/trainer: fasttree/trainer: lightgbm/' mlops.yml > "$challenger_cfg"
mlops train --config "$challenger_cfg" --output ".mlops/runs/challenger-$stamp"
mlops compare --champion adult-income@production --challenger ".mlops/runs/challenger-$stamp" --config mlops.yml \
  --report ".mlops/compare" || echo "(the challenger does not beat production: it would not be promoted)"

step "8. monitor: serve production with a request log, replay test rows, then check them for drift"
# Rows of the test CSV as an MLflow dataframe_split body: the model's features only (fnlwgt and the label are not
# features, and the server refuses keys that are not), numbers unquoted, blanks as null.
body() {
  awk -F, -v numeric="age,education_num,capital_gain,capital_loss,hours_per_week" '
    BEGIN { split(numeric, n, ","); for (i in n) isnum[n[i]] = 1 }
    NR == 1 { for (i = 1; i <= NF; i++) if ($i != "fnlwgt" && $i != "income") { keep[++k] = i; name[k] = $i }
              printf "{\"dataframe_split\": {\"columns\": ["; for (j = 1; j <= k; j++) printf "%s\"%s\"", (j > 1 ? ", " : ""), name[j]
              printf "], \"data\": ["; next }
    { printf "%s[", (NR > 2 ? ", " : "")
      for (j = 1; j <= k; j++) { v = $(keep[j]); sub(/\r$/, "", v)
        printf "%s%s", (j > 1 ? ", " : ""), (v == "" ? "null" : isnum[name[j]] ? v : "\"" v "\"") }
      printf "]" }
    END { print "]}}" }'
}
replay() { body | curl -fsS -o /dev/null -X POST "$monitor_url/score" -H 'Content-Type: application/json' --data-binary @-; }
mkdir -p .mlops/monitor
log=".mlops/monitor/requests-$stamp.jsonl"
rm -f .mlops/monitor/url
# The binary itself, not the mlops() function: $! must be the server, or killing it would leave the server running.
"$bin/mlops" serve --model adult-income@production --config mlops.yml --port 0 --url-file .mlops/monitor/url --request-log "$log" \
  > .mlops/monitor/serve.log 2>&1 &
server=$!
for _ in $(seq 600); do [ -s .mlops/monitor/url ] && break; sleep 0.1; done
monitor_url="$(cat .mlops/monitor/url)"
for start in 2 1002; do sed -n "1p;${start},$((start + 999))p" data/adult_test.csv | replay; done   # like the training data
awk -F, 'NR == 1 || ($1 >= 55 && n++ < 1000)' data/adult_test.csv | replay   # only people of 55 and over
kill -TERM "$server"; wait "$server" || true; server=""                                          # SIGTERM flushes the log
monitored=0
mlops monitor adult-income@production --config mlops.yml --log "$log" --window "1000 rows" --output .mlops/monitor || monitored=$?
[ "$monitored" -le 1 ] || exit "$monitored"
[ "$monitored" -eq 1 ] && echo "(drift found in the last window, as planted: in CI this run would output retrain=true)"

step "9. delivery metrics from the registry's audit trail"
mlops metrics delivery --config mlops.yml

step "artifacts"
echo "model:     $here/.mlops/runs/candidate-$stamp"
echo "report:    $here/.mlops/report/report.md"
echo "registry:  $here/.mlops/registry  ($version is production)"
echo "compare:   $here/.mlops/compare/report.md"
echo "image:     $here/.mlops/image  (oci/ layout, image.tar for podman load, package.json)"
echo "monitor:   $here/.mlops/monitor/monitor-report.md"
echo "served at: $url (stopped on exit)"
