#!/usr/bin/env bash
# Runs the Azure DevOps task tests (mocha + MockTestRunner) and prints one line: N passed, N failed, N skipped
# Usage: tasks/test.sh [RESULTS_JSON]   (default tasks/out/test-results/mocha.json)
# The results file is mocha's JSON report; its "stats" object holds the counts: passes, failures, pending (skipped).
# Exit status is non-zero when a test failed or mocha did not report.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
results="$(realpath -m "${1:-$here/out/test-results/mocha.json}")"
cd "$here"

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "tasks: node and npm are needed (Node 20.19 or later; Debian: apt-get install nodejs npm)"
  echo "0 passed, 1 failed, 0 skipped"; exit 1
fi
# npm ci when nothing is installed yet or package-lock.json changed since the last install.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error || { echo "tasks: npm ci failed"; echo "0 passed, 1 failed, 0 skipped"; exit 1; }
fi

rm -f "$results"
mkdir -p "$(dirname "$results")"
node_modules/.bin/mocha --reporter json --reporter-option "output=$results"
status=$?
# Failures with their messages, then the totals (a missing report counts as one failure).
node -e '
const fs = require("fs");
if (!fs.existsSync(process.argv[1])) { console.log("tasks: mocha wrote no report"); console.log("0 passed, 1 failed, 0 skipped"); process.exit(1); }
const r = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
for (const f of r.failures) console.log(`FAILED ${f.fullTitle}\n  ${(f.err.message || "").split("\n").join("\n  ")}`);
console.log(`${r.stats.passes} passed, ${r.stats.failures} failed, ${r.stats.pending} skipped`);
process.exit(r.stats.failures > 0 ? 1 : 0);' "$results" || status=1
exit $status
