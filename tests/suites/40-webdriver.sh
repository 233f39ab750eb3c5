#!/usr/bin/env bash
# The real desktop app, end to end through WebDriver (tauri-driver + WebKitWebDriver) in a
# private X/D-Bus session: open a design file given on the command line, add an action with
# clicks, save, check the file on disk. Screenshots of each step go to test-artifacts/webdriver/.
source "$(dirname "$0")/../../scripts/lib.sh"
cd "$ROOT"
ensure_tauri_driver
ensure_ui_deps

say "building the UI (npm run build in ui/)"
(cd ui && npm run build --silent >/dev/null) || die "the UI did not build: run 'npm run build' in ui/ to see why"
say "building the app (debug)"
cargo build -p pipewright-app --quiet
app="$CARGO_TARGET_DIR/debug/pipewright-app"
[ -x "$app" ] || die "the app binary is missing at $app"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp tests/webdriver/fixture.json "$work/design.json"
out="$ROOT/test-artifacts/webdriver"
rm -rf "$out"
log="$work/session.log"
if ! "$ROOT/scripts/with-session.sh" node tests/webdriver/designer.mjs --app "$app" --design "$work/design.json" --out "$out" >"$log" 2>&1; then
  cat "$log"
  die "the WebDriver test failed; screenshots are in test-artifacts/webdriver/"
fi
# The session's own chatter (portals, D-Bus) stays in the log; show the test's lines.
grep -E '^(tauri-driver on|session|  screenshot|saved|undo|CSP|single instance|window state|theme|webdriver)' "$log" || true
