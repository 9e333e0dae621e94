#!/usr/bin/env bash
# Quickstart, command 2: set up with the test dependencies and run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/setup.sh test
python -m pytest "$@"
