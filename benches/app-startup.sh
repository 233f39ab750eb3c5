#!/usr/bin/env bash
# Start-up benchmark of the desktop app against a minimal Tauri 2 hello-world built with the same
# tauri version and profile: time from launch to the first rendered page, and memory (PSS of the
# app plus its WebKit processes) once it has settled. Target: Pipewright / hello-world <= 1.3 for
# both. Not part of `make test`.
#   benches/app-startup.sh [--debug] [RUNS]
# Release builds by default (about 15 minutes cold on 2 cores); --debug checks the script quickly.
# BENCH_STRICT=1 exits non-zero when a ratio misses the target.
source "$(dirname "$0")/../scripts/lib.sh"
cd "$ROOT"
export PATH="$HOME/.cargo/bin:$PATH"

profile=release
if [ "${1:-}" = "--debug" ]; then profile=debug; shift; fi
runs="${1:-5}"
target=1.3

ensure_rust
ensure_apt "${APP_PACKAGES[@]}" xvfb dbus-x11 webkit2gtk-driver
ensure_tauri_driver
ensure_ui_deps
say "building the UI"
(cd ui && npm run build --silent >/dev/null) || die "the UI did not build: run 'npm run build' in ui/"
flag=(); [ "$profile" = release ] && flag=(--release)
say "building pipewright-app ($profile)"
cargo build -p pipewright-app "${flag[@]}" --quiet

# The hello-world: the tauri version of Cargo.lock, the default features a new app gets.
tauri_version=$(awk '/^name = "tauri"$/ { getline; gsub(/[" ]/, "", $0); sub("version=", "", $0); print; exit }' Cargo.lock)
build_version=$(awk '/^name = "tauri-build"$/ { getline; gsub(/[" ]/, "", $0); sub("version=", "", $0); print; exit }' Cargo.lock)
[ -n "$tauri_version" ] || die "no tauri in Cargo.lock: build the app once first"
work="$(mktemp -d)"
floor_src="$ROOT/ui/node_modules/.cache/pipewright-bench-floor"
trap 'rm -rf "$work" "$floor_src"' EXIT

# tauri_app NAME TITLE DIST: a Tauri app crate in $work/NAME serving the page in DIST, with the
# tauri version of Cargo.lock, the default features a new app gets and the workspace's profile.
tauri_app() {
  local dir="$work/$1"
  mkdir -p "$dir/src"
  cat >"$dir/Cargo.toml" <<TOML
[package]
name = "$1"
version = "0.1.0"
edition = "2021"
[workspace]
[dependencies]
tauri = { version = "=$tauri_version", features = ["custom-protocol"] }
[build-dependencies]
tauri-build = "=$build_version"
TOML
  # Built the same way: the workspace's release profile.
  awk '/^\[profile\.release\]/ { on = 1; print; next } /^\[/ { on = 0 } on' Cargo.toml >>"$dir/Cargo.toml"
  cp Cargo.lock "$dir/Cargo.lock"
  echo 'fn main() { tauri_build::build() }' >"$dir/build.rs"
  echo 'fn main() { tauri::Builder::default().run(tauri::generate_context!()).expect("run the hello-world"); }' >"$dir/src/main.rs"
  cp -r "$3" "$dir/dist"
  cp -r icons "$dir/icons"
  cat >"$dir/tauri.conf.json" <<JSON
{ "productName": "$1", "identifier": "dev.pipewright.bench-$1", "build": { "frontendDist": "dist" },
  "app": { "windows": [{ "label": "main", "title": "$2", "width": 1280, "height": 800 }] },
  "bundle": { "icon": ["icons/32x32.png", "icons/icon.png"] } }
JSON
  say "building the Tauri $tauri_version $1 ($profile)"
  (cd "$dir" && cargo build "${flag[@]}" --quiet)
}

# The hello-world: one heading.
mkdir -p "$work/hello-page"
echo '<!doctype html><html><head><meta charset="utf-8"><title>Hello</title></head><body><h1 id="hello">Hello, Tauri</h1></body></html>' >"$work/hello-page/index.html"
tauri_app tauri-hello Hello "$work/hello-page"

# The floor of the stack, a reference without a target: React and React Flow drawing five cards
# (benches/app-startup/floor), built by the UI's Vite from a copy where the UI's packages resolve.
rm -rf "$floor_src" && mkdir -p "$floor_src" && cp benches/app-startup/floor/* "$floor_src/"
(cd ui && npx vite build "$floor_src" --config "$floor_src/vite.config.mjs" --outDir "$work/floor-page" --emptyOutDir) ||
  die "the React Flow hello-world did not build: check ui/node_modules (npm ci in ui/)"
tauri_app tauri-react-flow "React Flow" "$work/floor-page"

# The hello-world with the rendering Pipewright chooses on this machine (src-tauri/src/rendering.rs):
# the user's own setting, else CPU rendering without compositing when there is no GPU render node
# or Mesa is told to render in software (LIBGL_ALWAYS_SOFTWARE set, and not empty, 0 or false).
same="$work/hello-same-rendering"
if [ -n "${WEBKIT_SKIA_ENABLE_CPU_RENDERING+set}${WEBKIT_DISABLE_COMPOSITING_MODE+set}" ]; then
  choice=":"
elif ! ls /dev/dri 2>/dev/null | grep -q '^renderD' || ! [[ "${LIBGL_ALWAYS_SOFTWARE:-0}" =~ ^(|0|false)$ ]]; then
  choice="export WEBKIT_SKIA_ENABLE_CPU_RENDERING=1 WEBKIT_DISABLE_COMPOSITING_MODE=1"
else
  choice=":"
fi
printf '#!/bin/sh\n%s\nexec "%s" "$@"\n' "$choice" "$CARGO_TARGET_DIR/$profile/tauri-hello" >"$same"
# The floor runs with that choice too, so that Pipewright is compared with it like for like.
floor="$work/react-flow-same-rendering"
printf '#!/bin/sh\n%s\nexec "%s" "$@"\n' "$choice" "$CARGO_TARGET_DIR/$profile/tauri-react-flow" >"$floor"
chmod +x "$same" "$floor"

"$ROOT/scripts/with-session.sh" node benches/app-startup/measure.mjs \
  --app "$CARGO_TARGET_DIR/$profile/pipewright-app" --hello "$CARGO_TARGET_DIR/$profile/tauri-hello" \
  --hello-same-rendering "$same" --floor "$floor" --floor-exe "$CARGO_TARGET_DIR/$profile/tauri-react-flow" \
  --runs "$runs" --target "$target" --profile "$profile"
