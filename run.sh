#!/usr/bin/env bash
# Quickstart, command 1: set up (once), ingest the bundled demo document, run the main job.
# Re-running is fast: the virtual environment is reused while pyproject.toml is unchanged,
# and an unchanged document is not re-processed.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/setup.sh
kg ingest --demo
kg stats
