#!/usr/bin/env bash
# Runs one mlops verb for a composite action of this folder. Action inputs arrive ONLY as environment variables
# (the composite maps each input to one in its step's env:), never as ${{ }} text in a script, so a value such as
# "a b; $(rm -rf ~)" stays one literal argument. The argv is built from a spec, one word per argument:
#
#   --flag=VAR   add `--flag VALUE` when $VAR is not empty
#   --flag+VAR   add `--flag` when $VAR is "true" (a boolean input)
#   --flag!VAR   add `--flag` when $VAR is "false" (a boolean input that turns a default off)
#   =VAR         add VALUE as a positional argument (required: an empty value is an error)
#
# Also read: MLOPS_WORKING_DIRECTORY (run there), MLOPS_VERDICT_FAILS ("false": exit code 1, which is a verdict
# such as "quality gate failed" and not a crash, does not fail the step). The exit code of mlops is written to the
# step output exit_code; mlops itself writes the verb's outputs (gate_passed, model_version, ...) to GITHUB_OUTPUT.
set -euo pipefail

verb="${1:?usage: run-mlops.sh VERB [SPEC...]}"
shift
args=("$verb")
for spec in "$@"; do
  case "$spec" in
    =*)
      var="${spec#=}"
      [ -n "${!var:-}" ] || { echo "::error::mlops $verb: the input for $var is required but empty"; exit 2; }
      args+=("${!var}") ;;
    *=*)
      var="${spec#*=}"
      [ -z "${!var:-}" ] || args+=("${spec%%=*}" "${!var}") ;;
    *+*)
      var="${spec#*+}"
      [ "${!var:-}" != "true" ] || args+=("${spec%%+*}") ;;
    *!*)
      var="${spec#*!}"
      [ "${!var:-}" != "false" ] || args+=("${spec%%!*}") ;;
    *)
      echo "::error::run-mlops.sh: bad argument spec '$spec' (the action is broken; please report it)"; exit 4 ;;
  esac
done

if ! command -v mlops >/dev/null 2>&1; then
  echo "::error::mlops is not on PATH: add the setup action before this step (uses: <owner>/<repo>/actions/setup@<ref>)"
  exit 2
fi

cd "${MLOPS_WORKING_DIRECTORY:-.}"
printf 'mlops'; printf ' %q' "${args[@]}"; printf '\n'
code=0
mlops "${args[@]}" || code=$?
if [ -n "${GITHUB_OUTPUT:-}" ]; then echo "exit_code=$code" >> "$GITHUB_OUTPUT"; fi
if [ "$code" = 1 ] && [ "${MLOPS_VERDICT_FAILS:-true}" = "false" ]; then
  echo "mlops $verb: exit code 1 (a verdict, see its report); the step passes because the action was asked not to fail on it"
  exit 0
fi
exit "$code"
