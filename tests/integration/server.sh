# dxsearch serve: the HTTP API, the page, the assets, limits, security
# (hostile documents and queries), updates while serving, graceful stop.
# The checks are in server_http.py (standard library only).
. "$(dirname "$0")/lib.bash"
DB=$WORK/db
H=$WORK/hostile

. "$(dirname "$0")/hostile.bash"
write_hostile "$H"

check "index corpus and hostile articles" \
  "$DX" index --db "$DB" -q "$SRC/corpus" "$H"
check "HTTP checks (server_http.py)" \
  python3 "$(dirname "$0")/server_http.py" "$WORK"
finish
