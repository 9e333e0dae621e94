#!/usr/bin/env bash
# Quickstart, command 2: set up with the test dependencies and run the whole test suite, slow
# tests included (-m ""), with the 25 slowest tests and branch coverage reported at the end.
# Arguments go to pytest (./test.sh tests/web). For the fast run (under a minute, slow tests
# left out), run `python -m pytest` in the virtual environment.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/setup.sh test
python -m pytest -m "" --durations=25 --cov --cov-report=term "$@"
