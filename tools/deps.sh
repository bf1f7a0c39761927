#!/usr/bin/env bash
# Installs the Debian packages referat needs to build and test. Sourced by
# quickstart.sh and test.sh. As root it runs apt-get; otherwise it uses sudo, and
# without sudo it prints the apt-get line to run and exits 2.
REFERAT_PACKAGES=(
  g++ cmake make pkg-config python3
  libxapian-dev        # storage and retrieval
  libicu-dev           # Unicode: case mapping, normalisation
  libstemmer-dev       # Snowball Danish stemmer
  wdanish              # Danish word list: validates compound parts and hyphenation
  xapian-tools         # xapian-tcpsrv: the test of searching remote shards
  libboost-program-options-dev  # the CLI's options
  nlohmann-json3-dev   # JSON output
  doctest-dev          # unit tests
  libpoppler-cpp-dev   # PDF text layers, page by page
  libxml2-dev          # HTML pages and XML exports of meeting systems
)

referat_install_deps() {
  local missing=() pkg
  for pkg in "${REFERAT_PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$pkg")
    fi
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "referat: installing ${missing[*]}" >&2
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
      sudo=(sudo)
    else
      echo "referat: missing packages; as root run:" >&2
      echo "  apt-get update && apt-get install -y ${missing[*]}" >&2
      exit 2
    fi
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# Configures (once) and builds the project in $REFERAT_BUILD_DIR.
referat_build() {
  local repo=$1 build=$2
  cmake -S "$repo" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build "$build" -j "$(nproc)"
}
