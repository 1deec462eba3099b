# install.sh BUILD SRC DXSEARCH [SANITIZE] -- `cmake --install` into a
# temporary prefix, then: the files are there; only the header's
# DX_EXTERN functions are exported; examples/search.c builds against the
# installed library with pkg-config, shared and static, and runs; the man
# page formats without warnings.
set -u
BUILD=$1 SRC=$2 DX=$3 SAN=${4:-OFF}
WORK=$(mktemp -d "${DX_TMP:-/tmp}/dxinst.XXXXXX" 2>/dev/null || mktemp -d)
trap 'rm -rf "$WORK"' EXIT
PASSED=0 FAILED=0
ok() { if eval "$2"; then PASSED=$((PASSED + 1)); else FAILED=$((FAILED + 1)); echo "FAIL: $1" >&2; fi; }

P=$WORK/prefix
ok "cmake --install" 'cmake --install "$BUILD" --prefix "$P" >/dev/null'
PC=$(find "$P" -name dxsearch.pc | head -1)
LIBDIR=$(dirname "$(dirname "$PC")")
ok "bin/dxsearch runs" '"$P/bin/dxsearch" --version | grep -q "^dxsearch "'
ok "shared library and soname link" '[ -f "$LIBDIR/libdxsearch.so" ] && [ -L "$LIBDIR/libdxsearch.so.0" ]'
ok "static library" '[ -f "$LIBDIR/libdxsearch.a" ]'
ok "header" 'cmp -s "$P/include/dxsearch.h" "$SRC/include/dxsearch.h"'
ok "man page" '[ -f "$P/share/man/man1/dxsearch.1" ]'
if command -v groff >/dev/null; then
  ok "man page formats without warnings" \
    '[ -z "$(groff -k -man -Tutf8 -ww -z "$P/share/man/man1/dxsearch.1" 2>&1)" ]'
fi

# Exported symbols: exactly the DX_EXTERN functions of the header.
nm -D --defined-only "$LIBDIR/libdxsearch.so" |
  awk '$2 ~ /^[TWDBVRi]$/ && $3 != "_init" && $3 != "_fini" { print $3 }' |
  sort > "$WORK/exported"
python3 - "$SRC/include/dxsearch.h" > "$WORK/declared" <<'PY'
import re, sys
h = open(sys.argv[1]).read()
h = re.sub(r"/\*.*?\*/", "", h, flags=re.S)
names = re.findall(r"DX_EXTERN\b[^;{]*?\b(dx_\w+)\s*\(", h, flags=re.S)
print("\n".join(sorted(set(names))))
PY
ok "exported symbols = DX_EXTERN declarations" 'diff "$WORK/declared" "$WORK/exported" >&2'
ok "a useful number of exports" '[ "$(wc -l < "$WORK/exported")" -ge 20 ]'

export PKG_CONFIG_PATH=$LIBDIR/pkgconfig
ok "pkg-config version" '[ "$(pkg-config --modversion dxsearch)" = "$("$P/bin/dxsearch" --version | cut -d" " -f2)" ]'
CFLAGS="-std=c11 -Wall -Wextra -pedantic -Werror"
[ "$SAN" = ON ] && CFLAGS="$CFLAGS -fsanitize=address,undefined"
ok "example builds (shared, pkg-config)" \
  'cc $CFLAGS "$SRC/examples/search.c" $(pkg-config --cflags --libs dxsearch) -o "$WORK/ex-shared"'
LIBS=$(pkg-config --static --libs dxsearch | sed 's/-ldxsearch//')
ok "example builds (static, pkg-config --static)" \
  'cc $CFLAGS "$SRC/examples/search.c" $(pkg-config --cflags dxsearch) "$LIBDIR/libdxsearch.a" $LIBS -o "$WORK/ex-static"'
ok "static example does not need libdxsearch.so" '! ldd "$WORK/ex-static" | grep -q libdxsearch'

"$DX" index --db "$WORK/db" -q "$SRC/corpus" || exit 1
ok "shared example finds 共創" \
  'LD_LIBRARY_PATH=$LIBDIR "$WORK/ex-shared" "$WORK/db" 共創 | grep -q "\[共創\]"'
ok "static example finds 共創" '"$WORK/ex-static" "$WORK/db" 共創 | grep -q "\[共創\]"'
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
