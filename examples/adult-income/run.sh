#!/usr/bin/env bash
# The main job on the Adult example, end to end on this machine (no cloud account):
#   train -> evaluate-and-gate vs production -> register -> promote -> deploy locally + score -> compare a challenger.
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

step "5. deploy production to the local test environment and score two rows"
url="$(mlops deploy --config mlops.yml --env test | tail -n 1)"
trap 'mlops deploy --config mlops.yml --env test --stop >/dev/null 2>&1 || true' EXIT
echo "serving at $url; POST $url/score:"
curl -fsS -X POST "$url/score" -H 'Content-Type: application/json' --data-binary @- <<'JSON'
[{"age": 52, "workclass": "Self-emp-inc", "fnlwgt": 287927, "education": "HS-grad", "education_num": 9,
  "marital_status": "Married-civ-spouse", "occupation": "Exec-managerial", "relationship": "Wife", "race": "White",
  "sex": "Female", "capital_gain": 15024, "capital_loss": 0, "hours_per_week": 40, "native_country": "United-States"},
 {"age": 22, "workclass": "Private", "fnlwgt": 201490, "education": "HS-grad", "education_num": 9,
  "marital_status": "Never-married", "occupation": "Adm-clerical", "relationship": "Own-child", "race": "White",
  "sex": "Male", "capital_gain": 0, "capital_loss": 0, "hours_per_week": 20, "native_country": "United-States"}]
JSON
echo

step "6. compare: a LightGBM challenger vs production, on the same rows"
challenger_cfg="$(mktemp "$here/.mlops-challenger-XXXX.yml")"
sed 's/trainer: fasttree/trainer: lightgbm/' mlops.yml > "$challenger_cfg"
trap 'rm -f "$challenger_cfg"; mlops deploy --config mlops.yml --env test --stop >/dev/null 2>&1 || true' EXIT
mlops train --config "$challenger_cfg" --output ".mlops/runs/challenger-$stamp"
mlops compare --champion adult-income@production --challenger ".mlops/runs/challenger-$stamp" --config mlops.yml \
  --report ".mlops/compare" || echo "(the challenger does not beat production: it would not be promoted)"

step "artifacts"
echo "model:     $here/.mlops/runs/candidate-$stamp"
echo "report:    $here/.mlops/report/report.md"
echo "registry:  $here/.mlops/registry  ($version is production)"
echo "compare:   $here/.mlops/compare/report.md"
echo "served at: $url (stopped on exit)"
