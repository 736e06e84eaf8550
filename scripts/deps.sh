#!/usr/bin/env bash
# Installs the Debian 12 packages relata needs, if any are missing; arguments name extra
# packages a script needs (scripts/bench-report.sh: gnuplot-nox).
# As root: runs apt-get. Otherwise: prints the exact apt-get line and exits 1.
set -euo pipefail

packages=(cmake ninja-build g++ ccache
          libboost1.81-dev libboost-serialization1.81-dev libboost-json1.81-dev
          catch2 libbenchmark-dev libsqlite3-dev sqlite3 libcli11-dev libxxhash-dev libpq-dev postgresql
          clang-14 libclang-rt-14-dev)
packages+=("$@")

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

line="apt-get install -y --no-install-recommends ${missing[*]}"
if [[ $(id -u) -ne 0 ]]; then
  echo "relata: missing Debian packages. Run as root:" >&2
  echo "  apt-get update && $line" >&2
  exit 1
fi
echo "relata: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
$line
