#!/bin/sh
# Install the Debian packages a make target needs, or say exactly how.
#   scripts/deps.sh test|demo|bench
# Only Debian packages, nothing downloaded from anywhere else.
set -eu
group=${1:-test}
base="cmake make gcc clang pkg-config libcjson-dev zlib1g-dev libjpeg62-turbo-dev libpng-dev libopenblas-dev libcurl4-openssl-dev libmicrohttpd-dev"
cross="gcc-riscv64-unknown-elf picolibc-riscv64-unknown-elf qemu-system-misc gcc-arm-none-eabi libnewlib-arm-none-eabi gcc-xtensa-lx106 picolibc-xtensa-lx106-elf qemu-system-arm"
case "$group" in
  test) pkgs="$base $cross valgrind libclang-rt-14-dev chromium" ;;
  demo) pkgs="$base dataset-fashion-mnist" ;;
  bench) pkgs="$base $cross valgrind" ;;
  *) echo "deps.sh: unknown group '$group'" >&2; exit 2 ;;
esac
missing=""
for p in $pkgs; do
  st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  case "$st" in *"install ok installed"*) ;; *) missing="$missing $p" ;; esac
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ]; then
  echo "Installing Debian packages:$missing"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # shellcheck disable=SC2086
  apt-get install -y --no-install-recommends $missing
else
  echo "Missing Debian packages. Run this, then try again:" >&2
  echo "  sudo apt-get install -y --no-install-recommends$missing" >&2
  exit 1
fi
