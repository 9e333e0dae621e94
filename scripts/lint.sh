#!/usr/bin/env bash
# Lint and type checks, as CI runs them: ruff check, ruff format --check, mypy (settings in
# pyproject.toml). One line per tool with its result; exits non-zero when any tool finds
# something. Run from anywhere: `scripts/lint.sh` (the project's .venv is used when present).
set -u
cd "$(dirname "$0")/.."
if [ -x .venv/bin/ruff ]; then PATH="$PWD/.venv/bin:$PATH"; fi

status=0
run() {  # run NAME COMMAND...: its output only when it fails, then one line of result
    local name=$1; shift
    local out
    if out=$("$@" 2>&1); then
        echo "$name: ok"
    else
        printf '%s\n' "$out"
        local summary
        summary=$(printf '%s\n' "$out" | grep -E 'Found [0-9]+ error|would be reformatted' | tail -n 1)
        echo "$name: FAILED (${summary:-$(printf '%s\n' "$out" | tail -n 1)})"
        status=1
    fi
}

PATHS=(kg search web ontology tests bench scripts)
run "ruff check" ruff check --output-format concise "${PATHS[@]}"
run "ruff format" ruff format --check "${PATHS[@]}"
run "mypy" mypy
exit $status
