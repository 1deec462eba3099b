# widget.js and the search page in a real browser: headless Chromium via
# chromedriver (Debian's chromium and chromium-driver), driven by
# browser_widget.py.  Screenshots (desktop and phone) are saved under
# the build's tests/artifacts/ ($DX_ARTIFACTS overrides).
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/hostile.bash"

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  echo "chromium or chromedriver missing (scripts/setup.sh installs them)"
  exit 77
fi
ART=${DX_ARTIFACTS:-$(dirname "${DX_TMP:-$WORK}")/artifacts}
mkdir -p "$ART"
write_hostile "$WORK/hostile"
check "index corpus and hostile articles" \
  "$DX" index --db "$WORK/db" -q "$SRC/corpus" "$WORK/hostile"
check "browser checks (browser_widget.py)" \
  python3 "$(dirname "$0")/browser_widget.py" "$WORK" "$ART"
echo "screenshots: $ART"
finish
