# dxsearch serve's result cache, end to end over HTTP: a repeated search
# is answered from the cache with its own took_ms, requests that differ
# in any parameter are not confused, and a commit of `dxsearch index`
# (changed text, a removed article) is never answered from before it.
# The checks are in cache_http.py (standard library only).
. "$(dirname "$0")/lib.bash"
check "result cache checks (cache_http.py)" \
  python3 "$(dirname "$0")/cache_http.py" "$WORK"
finish
