#!/usr/bin/env bash
# Quickstart, command 1: set up (once), ingest the bundled demo document, print the store
# summary, then serve the web UI on http://127.0.0.1:5000/ until Ctrl-C.
# Re-running is fast: the virtual environment is reused while pyproject.toml is unchanged,
# and an unchanged document is not re-processed. Arguments go to `kg serve`
# (e.g. ./run.sh --port 8000; entity IRIs keep KG_BASE_IRI, default http://127.0.0.1:5000/).
set -euo pipefail
cd "$(dirname "$0")"
source scripts/setup.sh ""  # no extras (an explicit argument: a bare `source` would pass on ours)
kg ingest --demo
kg stats
exec kg serve "$@"
