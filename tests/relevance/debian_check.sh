#!/bin/sh
# ctest relevance.debian: the "debian" relevance set (debian_set.py) over
# the two manuals only (--scope subset), scored by dx_releval against
# debian_floors.txt.  bench/data is not in git (bench/corpus-build.sh makes
# it): without it the test is skipped (exit 77).
#   debian_check.sh DX_RELEVAL SOURCE_DIR WORK_DIR
set -eu
releval=$1 src=$2 work=$3
data=${DX_BENCH_DATA:-$src/bench/data}
if [ ! -d "$data/corpus/debian-reference-ja" ] ||
   [ ! -d "$data/corpus/kicad-doc-ja" ]; then
	echo "skipped: no $data/corpus (run bench/corpus-build.sh)"
	exit 77
fi
python3 "$src/tests/relevance/debian_set.py" --data "$data" --out "$work" \
	--scope subset
exec "$releval" --corpus "$work/corpus" --queries "$work/queries.tsv" \
	--judgments "$work/judgments.tsv" \
	--floors "$src/tests/relevance/debian_floors.txt" --db "$work/db"
