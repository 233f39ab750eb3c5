# Shared helpers for the set-up and test scripts. Source it; do not run it.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export ROOT
# A build cache outside the clone keeps repeated CI runs fast; override with CARGO_TARGET_DIR.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/pipewright/target}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
VENV="$ROOT/.venv-test"
export PIPEWRIGHT_VENV="$VENV"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Run as root, or through sudo when it is available without a password.
as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo "$@"
  else return 1; fi
}

# ensure_apt PACKAGE...: install the Debian packages that are missing, or say exactly which.
ensure_apt() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "installing system packages: ${missing[*]}"
  if as_root true; then
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    die "missing system packages: ${missing[*]}. Run: sudo apt-get install -y ${missing[*]}"
  fi
}

need_cmd() {
  command -v "$1" >/dev/null || die "'$1' is not installed. $2"
}

# Packages to build and run the desktop app (Tauri 2 on WebKitGTK).
APP_PACKAGES=(libwebkit2gtk-4.1-dev libdbus-1-dev libayatana-appindicator3-dev librsvg2-dev libssl-dev pkg-config build-essential curl file)
# Extra packages the test suite uses: a virtual display, a session bus with a real Secret Service,
# a real notification daemon, WebDriver for the app, Chromium for the UI, Python for moto,
# rsvg-convert to draw the SVGs of `pipewright diff` and of the designer's export.
TEST_PACKAGES=(xvfb dbus-x11 gnome-keyring libsecret-1-dev dunst webkit2gtk-driver chromium python3-venv python3-dbusmock imagemagick librsvg2-bin)

ensure_rust() {
  need_cmd cargo "Install Rust with rustup (https://rustup.rs), then re-run."
}

ensure_node() {
  need_cmd node "Install Node.js 20 or newer (sudo apt-get install -y nodejs npm), then re-run."
  need_cmd npm "Install npm (sudo apt-get install -y npm), then re-run."
}

# npm packages of the UI, installed from the lock file.
ensure_ui_deps() {
  ensure_node
  if [ -f "$ROOT/ui/package.json" ]; then
    if [ ! -d "$ROOT/ui/node_modules" ] || [ "$ROOT/ui/package-lock.json" -nt "$ROOT/ui/node_modules/.package-lock.json" ]; then
      say "installing UI packages (npm ci)"
      (cd "$ROOT/ui" && npm ci --no-audit --no-fund --loglevel=error)
    fi
  fi
}

# Python venv with the test servers and tools (moto, awscli, cfn-lint), exactly as locked in
# tests/requirements.txt (compiled from tests/requirements.in with hashes; `make lock-python` moves
# it forward). A venv that does not hold exactly the lock (made from an older or newer lock, or
# changed by hand) is rebuilt from scratch, so an old venv can never hide a change either way.
ensure_venv() {
  local lock="$ROOT/tests/requirements.txt" stamp want
  want="$(sha256sum "$lock" | cut -d' ' -f1) $(python3 -c 'import sys; print(sys.version.split()[0])' 2>/dev/null)"
  stamp="$VENV/.pipewright-lock"
  if [ -x "$VENV/bin/python" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ] && venv_matches_lock "$lock"; then
    return 0
  fi
  if [ -e "$VENV" ]; then say "rebuilding .venv-test: it does not match tests/requirements.txt"; rm -rf "$VENV"; fi
  say "creating the Python test venv .venv-test from tests/requirements.txt"
  python3 -m venv "$VENV" || die "python3 -m venv failed: install python3-venv"
  "$VENV/bin/pip" install -q --disable-pip-version-check --no-input --require-hashes --no-deps \
    --only-binary :all: -r "$lock" || { rm -rf "$VENV"; die "could not install tests/requirements.txt into .venv-test"; }
  venv_matches_lock "$lock" || { rm -rf "$VENV"; die ".venv-test does not hold exactly tests/requirements.txt after installing it"; }
  printf '%s\n' "$want" >"$stamp"
}

# True when the venv's packages (pip freeze) are exactly the lock's `name==version` lines.
venv_matches_lock() {
  local norm='{ n = tolower($1); gsub(/[-_.]+/, "-", n); print n "==" $2 }'
  diff -q <(grep -E '^[A-Za-z0-9]' "$1" | sed 's/ .*//' | awk -F'==' "$norm" | sort) \
          <("$VENV/bin/pip" freeze --disable-pip-version-check 2>/dev/null | awk -F'==' "$norm" | sort) >/dev/null
}

# tauri-driver, the WebDriver server of the app suites and the start-up bench, at an exact version
# in a folder of its own (never whatever `tauri-driver` happens to be on PATH); puts it first on PATH.
TAURI_DRIVER_VERSION=2.1.0
ensure_tauri_driver() {
  need_cmd WebKitWebDriver "Install it with: sudo apt-get install -y webkit2gtk-driver"
  local root="$HOME/.cache/pipewright/tools/tauri-driver-$TAURI_DRIVER_VERSION"
  if [ ! -x "$root/bin/tauri-driver" ]; then
    say "installing tauri-driver $TAURI_DRIVER_VERSION (cargo install --locked)"
    CARGO_TARGET_DIR="$root/build" cargo install tauri-driver --locked --version "=$TAURI_DRIVER_VERSION" \
      --root "$root" --quiet || die "could not install tauri-driver; check that crates.io is reachable"
    rm -rf "$root/build"
  fi
  export PATH="$root/bin:$PATH"
}

# Tauri's bundler CLI (@tauri-apps/cli, a prebuilt binary in an npm package) for `make package`,
# at the exact version of packaging/tauri-cli/package.json, installed from its own lock into that
# folder (never the UI's packages, never whatever `tauri` is on PATH). Sets TAURI_CLI.
ensure_tauri_cli() {
  ensure_node
  local dir="$ROOT/packaging/tauri-cli"
  if [ ! -x "$dir/node_modules/.bin/tauri" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    say "installing Tauri's bundler CLI (npm ci in packaging/tauri-cli)"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error) || die "could not install packaging/tauri-cli; check that the npm registry is reachable"
  fi
  TAURI_CLI="$dir/node_modules/.bin/tauri"
  export TAURI_CLI
}
