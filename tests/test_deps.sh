#!/bin/sh
# scripts/deps.sh waits for the package locks instead of failing, and the
# test group installs everything the tests use (issue 10). Its logic runs
# with stand-ins (TC_APT_GET, TC_DPKG_QUERY, TC_APT_LOCKS, TC_DEPS_UID):
# the real apt, dpkg and their locks are never touched. The stand-in
# apt-get takes a flock on a temporary lock file like apt takes its locks:
# `install` waits DPkg::Lock::Timeout seconds for it (0 without the
# option), `update` never waits (as apt-get update and the lists lock).
# A background `flock -o LOCK sleep 1` is the other package manager.
#   test_deps.sh SRC
set -u
src=$1
t=$(mktemp -d)
holder=""
trap '[ -n "$holder" ] && kill "$holder" 2>/dev/null; rm -rf "$t"' EXIT
fails=0; passes=0
ok() { passes=$((passes + 1)); }
bad() { fails=$((fails + 1)); echo "FAIL $*"; }
command -v flock >/dev/null 2>&1 || { echo "SKIP deps: flock (util-linux) not found"; exit 77; }

mkdir "$t/bin"
cat > "$t/bin/apt-get" <<'EOF'
#!/bin/sh
to=0
for a in "$@"; do case "$a" in DPkg::Lock::Timeout=*) to=${a#*=} ;; esac; done
echo "$*" >> "$FAKE_LOG"
case " $* " in *" update "*) to=0 ;; esac
if ! flock -w "$to" "$FAKE_LOCK" true; then
  echo "E: Could not get lock $FAKE_LOCK. It is held by process 4242 (stand-in)" >&2
  exit 100
fi
EOF
printf '#!/bin/sh\nexit 1\n' > "$t/bin/dpkg-query" # nothing is installed
chmod +x "$t/bin/apt-get" "$t/bin/dpkg-query"
: > "$t/lock"
export FAKE_LOG="$t/log" FAKE_LOCK="$t/lock" TC_APT_GET="$t/bin/apt-get" \
  TC_DPKG_QUERY="$t/bin/dpkg-query" TC_APT_LOCK_TIMEOUT=60

# 1. The holder found with fuser (when psmisc is there): named, waited for.
for how in fuser trying; do
  : > "$t/log"
  if [ $how = fuser ]; then
    command -v fuser >/dev/null 2>&1 || { echo "note: no fuser (psmisc): only the retry path"; continue; }
    locks="$t/lock"
  else
    locks="" # 2. no lock file to watch: apt-get's own refusal is retried
  fi
  flock -o "$t/lock" sleep 1 >/dev/null 2>&1 & holder=$!
  sleep 0.3 # the holder has the lock
  TC_APT_LOCKS=$locks TC_DEPS_UID=0 sh "$src/scripts/deps.sh" test > "$t/out" 2>&1; rc=$?
  wait "$holder" 2>/dev/null; holder=""
  [ $rc = 0 ] && ok || { bad "$how: deps.sh exit $rc"; cat "$t/out"; }
  if [ $how = fuser ]; then
    grep -q "waiting for the package manager lock, held by process [0-9]* (.*) on $t/lock" "$t/out" \
      && grep -q "the lock is free after" "$t/out" && ok || { bad "$how: no waiting message"; cat "$t/out"; }
  else
    grep -q "waiting for the package manager lock: Could not get lock $t/lock. It is held by process 4242" "$t/out" \
      && ok || { bad "$how: no retry message"; cat "$t/out"; }
  fi
  # update then install, each with the lock timeout, the install last
  grep -q "^-o DPkg::Lock::Timeout=[0-9]* update -qq" "$t/log" && ok || { bad "$how: update without DPkg::Lock::Timeout"; cat "$t/log"; }
  tail -1 "$t/log" | grep -q "^-o DPkg::Lock::Timeout=[1-9][0-9]* install -y --no-install-recommends" && ok \
    || { bad "$how: install without DPkg::Lock::Timeout"; cat "$t/log"; }
done

# 3. The test group has every package the tests use: libwebp-dev (WebP)
# and dataset-fashion-mnist (train_data_fashion), not only the demo.
for p in libwebp-dev dataset-fashion-mnist libjpeg62-turbo-dev libpng-dev; do
  tail -1 "$t/log" | grep -q " $p\( \|\$\)" && ok || bad "the test group does not install $p"
done
# 4. Not root: the exact command, exit 1, nothing run.
: > "$t/log"
TC_DEPS_UID=1000 sh "$src/scripts/deps.sh" test > "$t/out" 2>&1; rc=$?
[ $rc = 1 ] && grep -q "sudo apt-get install -y --no-install-recommends .*dataset-fashion-mnist" "$t/out" \
  && [ ! -s "$t/log" ] && ok || { bad "not root: exit $rc"; cat "$t/out"; }
# 5. A lock held longer than the timeout (1 s): deps.sh gives up with apt's error.
flock -o "$t/lock" sleep 3 >/dev/null 2>&1 & holder=$!
sleep 0.3
TC_APT_LOCKS="" TC_DEPS_UID=0 TC_APT_LOCK_TIMEOUT=1 sh "$src/scripts/deps.sh" demo > "$t/out" 2>&1; rc=$?
wait "$holder" 2>/dev/null; holder=""
[ $rc = 100 ] && grep -q "E: Could not get lock" "$t/out" && ok || { bad "timeout: exit $rc"; cat "$t/out"; }

echo "deps: $passes passed, $fails failed"
[ $fails = 0 ]
