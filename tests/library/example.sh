# example.sh EXAMPLE DXSEARCH SRC -- examples/search.c, built against the
# shared libdxsearch, searches an index of the sample corpus.
set -u
EX=$1 DX=$2 SRC=$3
WORK=$(mktemp -d "${DX_TMP:-/tmp}/dxex.XXXXXX" 2>/dev/null || mktemp -d)
trap 'rm -rf "$WORK"' EXIT
PASSED=0 FAILED=0
ok() { if eval "$2"; then PASSED=$((PASSED + 1)); else FAILED=$((FAILED + 1)); echo "FAIL: $1" >&2; fi; }

"$DX" index --db "$WORK/db" -q "$SRC/corpus" || exit 1
out=$("$EX" "$WORK/db" 共創 2>&1); rc=$?
printf '%s\n' "$out"
ok "exit 0" '[ $rc -eq 0 ]'
ok "result count line" 'printf "%s\n" "$out" | grep -q "^about [0-9]* results"'
ok "first hit with a bracketed match" 'printf "%s\n" "$out" | grep -q "\[共創\]"'
ok "five hits at most" '[ "$(printf "%s\n" "$out" | grep -c "^[0-9]\. ")" -le 5 ]'
ok "linked to the shared library" 'ldd "$EX" | grep -q "libdxsearch\.so"'
out=$("$EX" "$WORK/nothing" 共創 2>&1); rc=$?
ok "missing index: exit 1 with the library's message" '[ $rc -eq 1 ] && printf "%s" "$out" | grep -q "not_found"'
"$EX" >/dev/null 2>&1; rc=$?
ok "usage: exit 2" '[ $rc -eq 2 ]'
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
