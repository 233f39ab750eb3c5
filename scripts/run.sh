#!/usr/bin/env bash
# `make run`: build the UI and start the Pipewright desktop app (debug build), installing what
# is missing first (or saying exactly what to install).
#   scripts/run.sh [DESIGN-FILE]        open a design file at start
#   scripts/run.sh --dev [DESIGN-FILE]  use the Vite dev server (hot reload) instead of ui/dist
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

dev=0
if [ "${1:-}" = "--dev" ]; then dev=1; shift; fi

ensure_rust
ensure_apt "${APP_PACKAGES[@]}"
ensure_node
[ -f ui/package.json ] || die "ui/package.json is missing: this checkout has no UI to run."
ensure_ui_deps

if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  die "no graphical session (neither DISPLAY nor WAYLAND_DISPLAY is set). Run it from a desktop, or headless: scripts/with-session.sh bash scripts/run.sh"
fi

if [ "$dev" = 1 ]; then
  say "starting the UI dev server (vite in ui/, as 'npm run dev')"
  # vite itself (not npm) is the background job, so stopping this script stops the server.
  (cd ui && exec ./node_modules/.bin/vite --strictPort --port 5173) &
  vite=$!
  trap 'kill $vite 2>/dev/null || true' EXIT
  trap 'exit 130' INT TERM
  for _ in $(seq 100); do
    curl -fs -o /dev/null http://localhost:5173 && break
    kill -0 "$vite" 2>/dev/null || die "the UI dev server stopped; see its output above"
    sleep 0.2
  done
  say "starting Pipewright against the dev server (cargo run -p pipewright-app --no-default-features)"
  cargo run -p pipewright-app --no-default-features -- "$@"
else
  say "building the UI (npm run build in ui/)"
  (cd ui && npm run build) || die "the UI did not build: fix the errors above, then run 'make run' again."
  say "building and starting Pipewright (cargo run -p pipewright-app)"
  exec cargo run -p pipewright-app -- "$@"
fi
