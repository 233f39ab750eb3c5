#!/usr/bin/env bash
# Run a command inside a private desktop session: a virtual X display (Xvfb), a private D-Bus
# session bus with a real, unlocked Secret Service (gnome-keyring) and a real notification
# daemon (dunst). Nothing touches the user's own session.
#   scripts/with-session.sh COMMAND [ARGS...]
set -euo pipefail
if [ -z "${PIPEWRIGHT_IN_SESSION:-}" ]; then
  export PIPEWRIGHT_IN_SESSION=1
  exec dbus-run-session -- "$0" "$@"
fi
work="$(mktemp -d)"
cleanup() {
  local rc=$?
  kill $(jobs -p) 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work" 2>/dev/null || true
  exit "$rc"
}
trap cleanup EXIT
export XDG_DATA_HOME="$work/data" XDG_CONFIG_HOME="$work/config" XDG_CACHE_HOME="$work/cache" XDG_RUNTIME_DIR="$work/run"
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_RUNTIME_DIR"; chmod 700 "$XDG_RUNTIME_DIR"
export NO_AT_BRIDGE=1
if [ -z "${DISPLAY:-}" ]; then
  for n in $(seq 90 140); do [ -e "/tmp/.X11-unix/X$n" ] || [ -e "/tmp/.X$n-lock" ] || break; done
  Xvfb ":$n" -screen 0 1280x800x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
  export DISPLAY=":$n"
  for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X$n" ] && break; sleep 0.1; done
fi
eval "$(printf %s pipewright-test | gnome-keyring-daemon --daemonize --unlock --components=secrets)"
export GNOME_KEYRING_CONTROL SSH_AUTH_SOCK 2>/dev/null || true
dunst >"$work/dunst.log" 2>&1 &
for _ in $(seq 50); do
  dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus org.freedesktop.DBus.NameHasOwner string:org.freedesktop.Notifications 2>/dev/null | grep -q true && break
  sleep 0.1
done
"$@"
