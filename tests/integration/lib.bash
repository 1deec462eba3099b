# lib.bash -- sourced by the integration tests (not a test itself).
# Provides: $DX (the binary), $WORK (a fresh temp dir), check/expect
# helpers and a summary that ends with "N passed, M failed".
set -u
DX=${DXSEARCH:?DXSEARCH must name the dxsearch binary}
SRC=${DX_SOURCE_DIR:?}
WORK=$(mktemp -d "${DX_TMP:-/tmp}/dxit.XXXXXX" 2>/dev/null || mktemp -d)
trap 'rm -rf "$WORK"' EXIT
PASSED=0
FAILED=0

pass() { PASSED=$((PASSED + 1)); }
fail() { FAILED=$((FAILED + 1)); echo "FAIL: $*" >&2; }

# check DESCRIPTION COMMAND...: the command must succeed.
check() {
  local what=$1; shift
  if "$@"; then pass; else fail "$what"; fi
}

# expect_exit CODE DESCRIPTION COMMAND...: exit code and one dxsearch: line.
expect_exit() {
  local want=$1 what=$2; shift 2
  local err rc=0
  err=$("$@" 2>&1 >/dev/null) || rc=$?
  if [ "$rc" -ne "$want" ]; then
    fail "$what: exit $rc, want $want ($err)"
  elif [ "$want" -ne 0 ] && ! printf '%s\n' "$err" | grep -q '^dxsearch: '; then
    fail "$what: no 'dxsearch:' message ($err)"
  else
    pass
  fi
}

# jq-like checks with python3: pyjson 'EXPR' < json; EXPR sees `d`.
pyjson() {
  python3 -c 'import json,sys; d=json.load(sys.stdin); sys.exit(0 if eval(sys.argv[1]) else 1)' "$1"
}

finish() {
  echo "$PASSED passed, $FAILED failed"
  [ "$FAILED" -eq 0 ]
}
