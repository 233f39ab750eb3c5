#!/usr/bin/env bash
# A signed update, end to end on loopback: the older .deb installed, a local HTTP server with the
# update manifest (latest.json, written by scripts/latest-json.py as a release does) and the newer
# .deb; the installed app finds the update at start and offers it; a tampered package (the real
# one's signature, other bytes) is refused with a clear message and the installed version still
# runs; then the real one is downloaded, verified, installed (dpkg, through sudo as root) and the
# app restarts as the newer version. Run by scripts/test-package.sh, which builds both packages.
source "$(dirname "$0")/../../scripts/lib.sh"
cd "$ROOT"
work="$PACKAGE_TEST_WORK/update"
serve="$work/serve"
mkdir -p "$serve"
out="$ROOT/test-artifacts/package-update"
rm -rf "$out"; mkdir -p "$out"
fail() { die "update suite: $*"; }
old="$(ls "$PACKAGE_TEST_OLD"/*.deb)"
new="$(ls "$PACKAGE_TEST_NEW"/*.deb)"
[ -f "$new.sig" ] || fail "the newer package has no signature ($new.sig)"

# The real package, and a tampered copy: one byte changed near its end, its signature kept.
cp "$new" "$new.sig" "$serve/"
name="$(basename "$new")"
tampered="${name/_amd64.deb/-tampered_amd64.deb}"
cp "$new" "$serve/$tampered"
cp "$new.sig" "$serve/$tampered.sig"
python3 - "$serve/$tampered" <<'PY'
import sys
with open(sys.argv[1], "r+b") as f:
    f.seek(-100, 2)
    byte = f.read(1)
    f.seek(-100, 2)
    f.write(bytes([byte[0] ^ 0xFF]))
PY
notes="Pipewright $PACKAGE_TEST_NEWER: a test release built by the package suite."
base="http://127.0.0.1:$PACKAGE_TEST_PORT"
python3 scripts/latest-json.py --version "$PACKAGE_TEST_NEWER" --base-url "$base" --notes "$notes" "$serve/$tampered" >"$work/latest-tampered.json" \
  || fail "scripts/latest-json.py failed"
python3 scripts/latest-json.py --version "$PACKAGE_TEST_NEWER" --base-url "$base" --notes "$notes" "$serve/$name" >"$work/latest-real.json" \
  || fail "scripts/latest-json.py failed"
python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); assert list(d["platforms"]) == ["linux-x86_64-deb"], d' "$work/latest-real.json" \
  || fail "latest.json does not offer the .deb to linux-x86_64-deb"
cp "$work/latest-tampered.json" "$serve/latest.json"

python3 -m http.server "$PACKAGE_TEST_PORT" --bind 127.0.0.1 --directory "$serve" >"$work/http.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -fs -o /dev/null "$base/latest.json" && break; sleep 0.1; done
curl -fs -o /dev/null "$base/latest.json" || { cat "$work/http.log"; fail "the update server did not start on port $PACKAGE_TEST_PORT"; }

say "apt-get install $(basename "$old")"
as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$old" >"$work/apt.log" 2>&1 || { cat "$work/apt.log"; fail "apt-get install failed"; }
installed() { dpkg-query -W -f='${Version}' pipewright; }
[ "$(installed)" = "$PACKAGE_TEST_VERSION" ] || fail "dpkg says $(installed) is installed, not $PACKAGE_TEST_VERSION"
cp tests/webdriver/fixture.json "$work/web.pipewright.json"

say "the installed app finds, refuses the tampered package, then installs the real one and restarts"
if ! "$ROOT/scripts/with-session.sh" node tests/package/update.mjs --design "$work/web.pipewright.json" \
  --old "$PACKAGE_TEST_VERSION" --new "$PACKAGE_TEST_NEWER" --notes "$notes" \
  --serve "$serve" --real "$work/latest-real.json" --out "$out" >"$work/session.log" 2>&1; then
  cat "$work/session.log"
  echo "update server log:"; cat "$work/http.log"
  fail "the update test failed; screenshots are in test-artifacts/package-update/"
fi
grep -E '^(tauri-driver on|session|  screenshot|offered|refused|still|installed|restarted|about|downloads)' "$work/session.log" || true
[ "$(installed)" = "$PACKAGE_TEST_NEWER" ] || fail "after the update dpkg says $(installed), not $PACKAGE_TEST_NEWER"
grep -q "GET /$tampered " "$work/http.log" || fail "the app never downloaded the tampered package"
grep -q "GET /$name " "$work/http.log" || fail "the app never downloaded the real package"

say "apt-get purge pipewright"
as_root env DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq pipewright >"$work/purge.log" 2>&1 || { cat "$work/purge.log"; fail "apt-get purge failed"; }
[ ! -e /usr/bin/pipewright-app ] || fail "/usr/bin/pipewright-app is left after purge"
echo "update: $PACKAGE_TEST_VERSION -> $PACKAGE_TEST_NEWER through the signed update; the tampered package was refused"
