#!/usr/bin/env bash
# Install what dxsearch needs from Debian 12 and build it into ./build.
# Used by scripts/demo.sh, scripts/test.sh and .ci/run.  Safe to re-run:
# apt-get runs only when a package is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(
  build-essential cmake pkg-config          # toolchain
  libmecab-dev mecab mecab-utils mecab-ipadic mecab-ipadic-utf8  # MeCab, IPADIC
  libxapian-dev xapian-tools                # Xapian 1.4
  libutf8proc-dev libcmark-dev libxml2-dev  # NFKC, Markdown, HTML
  libxxhash-dev                             # content hashes (manifest)
  time                                      # peak RSS in tests (GNU time)
  python3                                   # integration test helpers
  libmicrohttpd-dev                         # HTTP server
  chromium chromium-driver fonts-noto-cjk   # browser test (headless)
  wrk                                       # load benchmark (bench/)
  groff-base                                # man page check
  liblzma-dev zlib1g-dev libicu-dev uuid-dev  # static link of libdxsearch
)

missing=()
for p in "${PACKAGES[@]}"; do
  [[ $p == \#* ]] && continue
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' \
    || missing+=("$p")
done
if ((${#missing[@]})); then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "dxsearch setup: installing ${missing[*]}" >&2
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
    --no-install-recommends "${missing[@]}" >/dev/null
fi

BUILD_DIR=${BUILD_DIR:-build}
cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=${BUILD_TYPE:-RelWithDebInfo} \
  ${CMAKE_ARGS:-} >/dev/null
cmake --build "$BUILD_DIR" -j"$(nproc)"
