#!/usr/bin/env bash
# The main job: set up, index the sample corpus, run a query.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
./build/cli/dxsearch index --db ./dxsearch.db corpus/
./build/cli/dxsearch query --db ./dxsearch.db "${@:-共創}"
