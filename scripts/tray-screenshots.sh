#!/usr/bin/env bash
# The tray in a real desktop session: the built app on the local sandbox (its sample pipelines:
# two failing, three approvals waiting, two of them on one PARALLEL-mode pipeline) under a private
# Xvfb with an XEmbed tray host (trayer; the app's AppIndicator falls back to it), the tray icon
# clicked open with xdotool and the screen taken with ImageMagick's `import`. Writes
# tray-menu.png (the icon with its count and the open menu) and tray-approve.png (the second
# PARALLEL run's "Approve ..." line clicked: its approval dialog) to test-artifacts/tray/, and
# tray-menu.png to docs/screenshots/ with UPDATE_SCREENSHOTS=1.
#   scripts/tray-screenshots.sh          (builds the UI and the app first)
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
out="$ROOT/test-artifacts/tray"

if [ "${1:-}" != "--inside" ]; then
  ensure_apt trayer xdotool imagemagick
  say "building the UI and the app (debug)"
  (cd ui && npm run build --silent >/dev/null) || die "the UI did not build: run 'npm run build' in ui/ to see why"
  cargo build -p pipewright-app --quiet
  rm -rf "$out" && mkdir -p "$out"
  exec "$ROOT/scripts/with-session.sh" "$0" --inside "$CARGO_TARGET_DIR/debug/pipewright-app"
fi

app="$2"
trayer --edge top --align right --widthtype request --height 32 --heighttype pixel \
  --transparent false --SetDockType false --SetPartialStrut false --expand false >"$out/trayer.log" 2>&1 &
"$app" >"$out/app.log" 2>&1 &
# The tray icon: a 32 px window of the app's, embedded in trayer's panel.
icon=""
for _ in $(seq 60); do
  sleep 0.5
  for w in $(xdotool search --onlyvisible --name pipewright-app 2>/dev/null); do
    [ "$(xdotool getwindowgeometry "$w" | grep -o 'Geometry: [0-9]*' | grep -o '[0-9]*$')" -le 40 ] && icon="$w"
  done
  [ -n "$icon" ] && break
done
[ -n "$icon" ] || die "no tray icon appeared (see $out/app.log)"
# The sandbox's executions reach their approvals and failures within seconds; the watcher polls
# busy pipelines every 5 s.
sleep 20
panel="$(xdotool search --onlyvisible --name '^panel$' | head -1)"
open_menu() {
  # Without a window manager the app's window may cover the panel: raise it, then click the icon.
  xdotool windowraise "$panel"
  sleep 0.5
  eval "$(xdotool getwindowgeometry --shell "$icon")"
  xdotool mousemove $((X + WIDTH / 2)) $((Y + HEIGHT / 2)) click 1
  sleep 2
  menu=""
  for w in $(xdotool search --onlyvisible --name pipewright-app); do
    [ "$(xdotool getwindowgeometry "$w" | grep -o 'Geometry: [0-9]*' | grep -o '[0-9]*$')" -gt 200 ] && menu="$w"
  done
  [ -n "$menu" ] || die "the tray menu did not open"
  eval "$(xdotool getwindowgeometry --shell "$menu")"
}
open_menu
left=$((X > 20 ? X - 20 : 0))
import -window root -crop "$((1280 - left))x$((Y + HEIGHT + 16))+$left+0" +repage "$out/tray-menu.png"
if [ "${UPDATE_SCREENSHOTS:-}" = 1 ]; then
  cp "$out/tray-menu.png" "$ROOT/docs/screenshots/tray-menu.png"
fi
# Lines: two failures, then the approvals (mobile-release's two runs, web-app-prod's); each is
# about 25 px high under a 10 px top margin. The fourth: mobile-release's second run.
xdotool mousemove $((X + WIDTH / 3)) $((Y + 10 + 25 * 3 + 12)) click 1
sleep 4
import -window root "$out/tray-approve.png"
say "screenshots in $out"
