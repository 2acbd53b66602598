#!/bin/sh
# Install the Debian packages a make target needs, or say exactly how.
#   scripts/deps.sh test|demo|bench
# Only Debian packages, nothing downloaded from anywhere else.
#
# Another apt-get or dpkg running (unattended-upgrades, a second `make`)
# holds the package locks. Then this script says so, naming the process,
# and waits up to TC_APT_LOCK_TIMEOUT seconds (default 600) instead of
# failing: apt-get gets -o DPkg::Lock::Timeout (it waits for dpkg's
# frontend lock itself), and because `apt-get update` cannot wait for the
# lists lock that way, every apt-get run is retried while it reports
# "Could not get lock". The holder is found with fuser (psmisc) when
# present, else from apt-get's own message.
#
# For tests only: TC_APT_GET, TC_DPKG_QUERY (commands), TC_APT_LOCKS (the
# lock files watched), TC_DEPS_UID (the user id) replace the real ones.
set -eu
group=${1:-test}
base="cmake make gcc clang pkg-config libcjson-dev zlib1g-dev libjpeg62-turbo-dev libpng-dev libwebp-dev libopenblas-dev libcurl4-openssl-dev libmicrohttpd-dev"
cross="gcc-riscv64-unknown-elf picolibc-riscv64-unknown-elf qemu-system-misc gcc-arm-none-eabi libnewlib-arm-none-eabi gcc-xtensa-lx106 picolibc-xtensa-lx106-elf qemu-system-arm"
case "$group" in
  # the test group includes the demo's data: train_data_fashion runs in CI
  test) pkgs="$base $cross valgrind libclang-rt-14-dev chromium dataset-fashion-mnist arduino-builder zip unzip" ;;
  demo) pkgs="$base dataset-fashion-mnist" ;;
  bench) pkgs="$base $cross valgrind" ;;
  *) echo "deps.sh: unknown group '$group'" >&2; exit 2 ;;
esac
apt=${TC_APT_GET:-apt-get}
query=${TC_DPKG_QUERY:-dpkg-query}
locks=${TC_APT_LOCKS-/var/lib/dpkg/lock-frontend /var/lib/dpkg/lock /var/lib/apt/lists/lock /var/cache/apt/archives/lock}
timeout=${TC_APT_LOCK_TIMEOUT:-600}
uid=${TC_DEPS_UID:-$(id -u)}

missing=""
for p in $pkgs; do
  st=$("$query" -W -f='${Status}' "$p" 2>/dev/null || true)
  case "$st" in *"install ok installed"*) ;; *) missing="$missing $p" ;; esac
done
[ -z "$missing" ] && exit 0
if [ "$uid" != 0 ]; then
  echo "Missing Debian packages. Run this, then try again:" >&2
  echo "  sudo apt-get install -y --no-install-recommends$missing" >&2
  exit 1
fi

start=$(date +%s)
elapsed() { echo $(($(date +%s) - start)); }

# "PID (name) on FILE" for the first process that has a lock file open.
holder() {
  command -v fuser >/dev/null 2>&1 || return 1
  for f in $locks; do
    [ -e "$f" ] || continue
    pid=$(fuser "$f" 2>/dev/null | awk '{ print $1 }') || true
    if [ -n "$pid" ]; then
      echo "$pid ($(cat "/proc/$pid/comm" 2>/dev/null || echo '?')) on $f"
      return 0
    fi
  done
  return 1
}

# Until the locks are free (or the time is up): say once who holds them.
wait_for_locks() {
  said=""
  while h=$(holder); do
    if [ -z "$said" ]; then
      echo "deps.sh: waiting for the package manager lock, held by process $h" \
           "(up to ${timeout} s in all)..."
      said=1
    fi
    [ "$(elapsed)" -ge "$timeout" ] && return 0
    sleep 1
  done
  [ -z "$said" ] || echo "deps.sh: the lock is free after $(elapsed) s; going on"
}

# apt-get "$@", waiting for the locks; retried while it cannot get one.
run_apt() {
  err=$(mktemp)
  while :; do
    wait_for_locks
    left=$((timeout - $(elapsed))); [ "$left" -gt 0 ] || left=0
    rc=0
    "$apt" -o DPkg::Lock::Timeout="$left" "$@" 2>"$err" || rc=$?
    if [ "$rc" != 0 ] && grep -q "Could not get lock" "$err" && [ "$(elapsed)" -lt "$timeout" ]; then
      echo "deps.sh: waiting for the package manager lock:" \
           "$(grep -m1 "Could not get lock" "$err" | sed 's/^E: //')"
      sleep 2
      continue
    fi
    cat "$err" >&2
    rm -f "$err"
    return "$rc"
  done
}

echo "Installing Debian packages:$missing"
export DEBIAN_FRONTEND=noninteractive
run_apt update -qq
# shellcheck disable=SC2086
run_apt install -y --no-install-recommends $missing
