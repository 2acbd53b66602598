#!/bin/sh
# RUN/report.html in headless Chromium: a non-empty screenshot and no
# console message (the page has no script, so any console line is an error:
# a failed resource, a parse error). Skips visibly without chromium.
#   test_report_chromium.sh TEST_TRAIN_EXPORT [SHOT.png]
set -u
t=$1
shot_keep=${2:-}
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
  echo "SKIP report_chromium: chromium not found (Debian package chromium; scripts/deps.sh test installs it)"
  exit 77
fi
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
mkdir "$d/run" "$d/profile"
"$t" --report "$d/run" > "$d/gen.log" || { cat "$d/gen.log"; exit 1; }
shot="$d/shot.png"
timeout 120 "$browser" --headless --no-sandbox --disable-gpu \
  --disable-background-networking --disable-component-update --disable-sync \
  --no-first-run --user-data-dir="$d/profile" --window-size=1000,1400 \
  --screenshot="$shot" --enable-logging=stderr --v=0 \
  "file://$d/run/report.html" > "$d/chrome.log" 2>&1
rc=$?
fails=0
if [ $rc -ne 0 ]; then echo "FAIL chromium exit $rc"; fails=1; fi
size=$(wc -c < "$shot" 2>/dev/null || echo 0)
# A PNG signature and more than a blank page's few KB.
if [ "$size" -lt 20000 ] || [ "$(head -c 8 "$shot" | od -An -tx1 | tr -d ' \n')" != "89504e470d0a1a0a" ]; then
  echo "FAIL screenshot: $size bytes"; fails=1
fi
if grep -E 'CONSOLE|Uncaught|Failed to load resource|ERR_FILE_NOT_FOUND' "$d/chrome.log"; then
  echo "FAIL console messages while loading the report"; fails=1
fi
[ -n "$shot_keep" ] && cp "$shot" "$shot_keep"
echo "screenshot $size bytes, $(grep -c . "$d/chrome.log") log lines, console clean: $([ $fails -eq 0 ] && echo yes || echo no)"
[ $fails -eq 0 ] || { cat "$d/chrome.log" | tail -20; exit 1; }
