#!/usr/bin/env bash
# The connections settings and the sync review screen in the real desktop app through WebDriver
# (tauri-driver + WebKitWebDriver) in a private X/D-Bus session, against the embedded local
# sandbox: test connection, plan, apply with progress, sync record on disk, typed-name delete,
# access keys in the session's Secret Service, instant region switch in the title bar.
# Screenshots go to test-artifacts/webdriver-settings-sync/.
source "$(dirname "$0")/../../scripts/lib.sh"
cd "$ROOT"
ensure_tauri_driver
ensure_ui_deps

say "building the UI (npm run build in ui/) and the app (debug)"
(cd ui && npm run build --silent >/dev/null) || die "the UI did not build: run 'npm run build' in ui/ to see why"
cargo build -p pipewright-app --quiet
app="$CARGO_TARGET_DIR/debug/pipewright-app"
[ -x "$app" ] || die "the app binary is missing at $app"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
out="$ROOT/test-artifacts/webdriver-settings-sync"
rm -rf "$out"
log="$work/session.log"
if ! "$ROOT/scripts/with-session.sh" node tests/webdriver/settings-sync.mjs --app "$app" --work "$work" --out "$out" >"$log" 2>&1; then
  cat "$log"
  die "the settings/sync WebDriver test failed; screenshots are in test-artifacts/webdriver-settings-sync/"
fi
grep -E '^(tauri-driver on|session|  screenshot|test connection|applied|deleted|access keys|title bar|webdriver)' "$log" || true
