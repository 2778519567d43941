#!/usr/bin/env bash
# Installs what the tests need, builds, runs every test project and prints one line:
#   N passed, N failed, N skipped
# Exit status is non-zero when anything failed or a test project did not report. Usage: ./test.sh [dotnet test filter]
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"

# Debian packages the tests use: git (run records), curl (example), python3 + onnx + numpy (the command-trainer test
# writes an ONNX model from Python; scikit-learn is the reference the metric tests compare with; headless Chromium
# renders the HTML report in a test, with an emoji font for the verdict; docker-registry is the OCI registry the push
# tests start on 127.0.0.1, apache2-utils' htpasswd writes its bcrypt user file).
packages=(git curl python3 python3-numpy python3-onnx python3-sklearn chromium fonts-noto-color-emoji podman runc uidmap fuse-overlayfs slirp4netns docker-registry apache2-utils)
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null \
    || { echo "could not install ${missing[*]}"; echo "0 passed, 1 failed"; exit 1; }
fi

echo "== build =="
if ! dotnet build MlOpsTasks.sln -c Release --nologo -v quiet -clp:ErrorsOnly; then
  echo "0 passed, 1 failed"
  exit 1
fi

results="$root/out/test-results"
rm -rf "$results"
mkdir -p "$results"
filter=()
[ $# -gt 0 ] && filter=(--filter "$1")
projects=$(ls tests/*/*.csproj)
status=0
for project in $projects; do
  name="$(basename "$project" .csproj)"
  echo "== $name =="
  dotnet test "$project" -c Release --no-build --nologo "${filter[@]}" \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=minimal" \
    --results-directory "$results/$name" --blame-hang-timeout 15m || status=1
done

# Sum the counters of every TRX file; a project without one (crashed runner) counts as a failure.
passed=0; failed=0; skipped=0
for project in $projects; do
  name="$(basename "$project" .csproj)"
  trx="$results/$name/$name.trx"
  if [ ! -f "$trx" ]; then echo "no results from $name"; failed=$((failed + 1)); continue; fi
  counters="$(grep -o '<Counters [^>]*>' "$trx")"
  get() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  total=$(get total); executed=$(get executed)
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed) + $(get error) + $(get timeout) + $(get aborted)))
  skipped=$((skipped + total - executed))
done
# Azure DevOps task tests (mocha): tasks/test.sh writes mocha's JSON report, whose "stats" hold passes, failures and
# pending (skipped). A dotnet filter selects .NET tests only, so the task tests are left out then.
if [ ${#filter[@]} -eq 0 ]; then
  echo "== tasks =="
  report="$results/tasks/mocha.json"
  tasks/test.sh "$report" || status=1
  if [ -f "$report" ]; then
    read -r p f s < <(node -e 'const s = require(process.argv[1]).stats; console.log(s.passes, s.failures, s.pending)' "$report")
    passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
  else
    echo "no results from tasks"; failed=$((failed + 1))
  fi
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] && [ "$status" -eq 0 ]
