#!/usr/bin/env bash
# `make package`: the installable packages this machine can make, with Tauri's bundler (pinned in
# packaging/tauri-cli): on Linux a .deb and an .rpm (AppImage needs tools the bundler downloads
# from outside the package registries: the release workflow makes it), on macOS .app/.dmg, on
# Windows NSIS and MSI installers. Besides the app, a Linux package holds the `pipewright` CLI
# (/usr/bin/pipewright) with its man pages and bash/zsh/fish completions (generated from clap),
# the desktop entry and icons, and the MIME type of design files.
#
# The CLI is the app's own binary under a second name (it runs the CLI when invoked as
# `pipewright`): in the .deb a symbolic link, in the .rpm a two-line script that runs the app's
# binary under that name (the bundler's .rpm copies what a link points to). The bundler packs a
# .deb's files with gzip: the .deb is repacked with xz (dpkg-deb), the .rpm is made with xz.
#
#   scripts/package.sh [--profile release|dev] [--version X.Y.Z] [--bundles deb,rpm] [--out DIR]
#
# --profile   release (default; what users get), or dev: the debug build that `make test` already
#             makes for its WebDriver suites, which the package suite bundles (it has devtools)
# --version   bundle under another version than the workspace's (the update test's newer package)
# --out       where the packages are copied (default: target/packages in the clone)
#
# Updates (src-tauri/src/updater.rs), set at build time from the environment:
#   PIPEWRIGHT_UPDATER_ENDPOINT   the latest.json URL (https; http only on 127.0.0.1, for tests)
#   PIPEWRIGHT_UPDATER_PUBKEY     the minisign public key, as `tauri signer generate` writes it
#   TAURI_SIGNING_PRIVATE_KEY     (and _PASSWORD) signs each package for the updater (<pkg>.sig)
# Without an endpoint and a key, the app is built with updates off.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

profile=release version="" bundles="" out="$ROOT/target/packages"
while [ $# -gt 0 ]; do
  case "$1" in
    --profile) profile="$2"; shift 2 ;;
    --version) version="$2"; shift 2 ;;
    --bundles) bundles="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    *) die "unknown argument $1; see the usage at the top of scripts/package.sh" ;;
  esac
done
case "$(uname -s)" in
  Linux) os=linux; bundles="${bundles:-deb,rpm}" ;;
  Darwin) os=macos; bundles="${bundles:-app,dmg}" ;;
  MINGW* | MSYS* | CYGWIN*) os=windows; bundles="${bundles:-nsis,msi}" ;;
  *) die "packages are made on Linux, macOS or Windows, not $(uname -s)" ;;
esac

ensure_rust
[ "$os" = linux ] && ensure_apt "${APP_PACKAGES[@]}"
ensure_ui_deps
ensure_tauri_cli

py="$(command -v python3 || command -v python)" || die "Python 3 is needed to write the bundler's configuration"
started=$SECONDS
say "building the UI (npm run build in ui/)"
(cd ui && npm run build --silent >/dev/null) || die "the UI did not build: run 'npm run build' in ui/ to see why"

# Cargo's folder for the profile: target/debug for dev.
profile_dir="$profile"; [ "$profile" = dev ] && profile_dir=debug
app="$CARGO_TARGET_DIR/$profile_dir/pipewright-app"

stage="$CARGO_TARGET_DIR/$profile_dir/package-stage"
rm -rf "$stage"; mkdir -p "$stage/man"
gzip -9nc CHANGELOG.md >"$stage/changelog.gz"
# The CLI's man pages and completions come from its clap definition, through the binary the
# bundler has just built (run as `pipewright`), before it packs them (beforeBundleCommand).
cat >"$stage/assets.sh" <<SH
set -e
ln -sfn "$app" "$stage/pipewright"
"$stage/pipewright" package-assets --out "$stage" >/dev/null
gzip -9nf "$stage"/man/*.1
SH
# The .rpm's /usr/bin/pipewright: the app's binary under the CLI's name (bash's exec -a).
printf '#!/bin/bash\n# The pipewright command line: the app'"'"'s binary, run under the name pipewright.\nexec -a pipewright /usr/bin/pipewright-app "$@"\n' >"$stage/pipewright.rpm.sh"
chmod 755 "$stage/pipewright.rpm.sh"

# The configuration merged over tauri.conf.json (read through the link src-tauri/tauri.conf.json) for this build.
"$py" - "$stage" "$os" "$version" >"$stage/tauri.package.json" <<'PY'
import json, os, sys
from urllib.parse import urlparse
stage, target_os, version = sys.argv[1:4]
root = os.getcwd()
files = {"/usr/share/mime/packages/pipewright.xml": f"{root}/packaging/linux/pipewright-mime.xml",
         "/usr/share/bash-completion/completions/pipewright": f"{stage}/completions/pipewright.bash",
         "/usr/share/fish/vendor_completions.d/pipewright.fish": f"{stage}/completions/pipewright.fish",
         # A folder: the pages exist once the hook below has run.
         "/usr/share/man/man1": f"{stage}/man"}
# /usr/bin/pipewright of the .deb is a link, added when it is repacked (below).
deb = dict(files, **{"/usr/share/zsh/vendor-completions/_pipewright": f"{stage}/completions/_pipewright",
                     "/usr/share/doc/pipewright/changelog.gz": f"{stage}/changelog.gz"})
rpm = dict(files, **{"/usr/bin/pipewright": f"{stage}/pipewright.rpm.sh",
                     "/usr/share/zsh/site-functions/_pipewright": f"{stage}/completions/_pipewright"})
config = {"bundle": {"linux": {"deb": {"files": deb},
                               "rpm": {"files": rpm, "compression": {"type": "xz", "level": 9}}}}}
if target_os == "linux":
    config["build"] = {"beforeBundleCommand": f"bash {stage}/assets.sh"}
if version:
    config["version"] = version
endpoint = os.environ.get("PIPEWRIGHT_UPDATER_ENDPOINT", "")
pubkey = os.environ.get("PIPEWRIGHT_UPDATER_PUBKEY", "")
if bool(endpoint) != bool(pubkey):
    sys.exit("error: set both PIPEWRIGHT_UPDATER_ENDPOINT and PIPEWRIGHT_UPDATER_PUBKEY, or neither")
if endpoint:
    url = urlparse(endpoint)
    loopback = url.scheme == "http" and url.hostname == "127.0.0.1"
    if url.scheme != "https" and not loopback:
        sys.exit(f"error: the update endpoint {endpoint} is not https; only a test server on 127.0.0.1 may use http")
    updater = {"endpoints": [endpoint], "pubkey": pubkey}
    if loopback:
        updater["dangerousInsecureTransportProtocol"] = True
    config["plugins"] = {"updater": updater}
    if os.environ.get("TAURI_SIGNING_PRIVATE_KEY"):
        config["bundle"]["createUpdaterArtifacts"] = True
json.dump(config, sys.stdout, indent=2)
PY

say "bundling $bundles with Tauri's bundler ($("$TAURI_CLI" --version), $profile build)"
bundle_dir="$CARGO_TARGET_DIR/$profile_dir/bundle"
rm -rf "$bundle_dir"
# shellcheck disable=SC2206 # the bundle names are words
build_args=(build --ci --bundles ${bundles//,/ } --config "$stage/tauri.package.json")
if [ "$profile" = dev ]; then build_args+=(--debug -- --quiet); else build_args+=(-- --profile "$profile" --quiet); fi
(cd src-tauri && "$TAURI_CLI" "${build_args[@]}") || die "the bundler failed; its messages are above"

# The app's hygiene, on the binary that was bundled: the built UI embedded, and devtools only in
# a debug build (on Linux, where the web inspector is a library's symbols).
if [ "$os" = linux ]; then
  devtools=absent; [ "$profile" = dev ] && devtools=present
  "$py" scripts/check-app-binary.py "$CARGO_TARGET_DIR/$profile_dir/pipewright-app" --dist ui/dist --devtools "$devtools" \
    || die "the app binary is not what a $profile build must be (see above)"
fi

# The .deb repacked: its data compressed with xz instead of gzip (a third smaller), the CLI's
# link added; the control file as the bundler wrote it. Its updater signature is made again.
# xz -9 for what ships; a debug build's 180 MB binary (the package suite) takes minutes at -9.
xz_level=9; [ "$profile" = dev ] && xz_level=1
for deb in "$bundle_dir"/deb/*.deb; do
  [ -f "$deb" ] || continue
  say "repacking $(basename "$deb") with xz, /usr/bin/pipewright a link to the app"
  tree="$stage/deb-tree"
  rm -rf "$tree"
  dpkg-deb --raw-extract "$deb" "$tree"
  ln -s pipewright-app "$tree/usr/bin/pipewright"
  dpkg-deb --root-owner-group -Zxz "-z$xz_level" --build "$tree" "$deb" >/dev/null || die "dpkg-deb could not repack $deb"
  rm -rf "$tree"
  if [ -f "$deb.sig" ]; then
    # Bound to the version like the bundler's signature (the updater requires it).
    key=(--private-key "${TAURI_SIGNING_PRIVATE_KEY:-}")
    [ -f "${TAURI_SIGNING_PRIVATE_KEY:-}" ] && key=(--private-key-path "$TAURI_SIGNING_PRIVATE_KEY")
    rm -f "$deb.sig"
    env -u TAURI_SIGNING_PRIVATE_KEY "$TAURI_CLI" signer sign "${key[@]}" --app-version "$(dpkg-deb -f "$deb" Version)" "$deb" >/dev/null \
      || die "could not sign the repacked $deb for the updater"
    [ -f "$deb.sig" ] || die "signing the repacked $deb wrote no $deb.sig"
  fi
done

mkdir -p "$out"
made=()
while IFS= read -r -d '' file; do
  cp "$file" "$out/"
  made+=("$out/$(basename "$file")")
done < <(find "$bundle_dir" -maxdepth 2 -type f \( -name '*.deb' -o -name '*.rpm' -o -name '*.sig' -o -name '*.dmg' -o -name '*.exe' -o -name '*.msi' -o -name '*.app.tar.gz' \) -print0)
[ ${#made[@]} -gt 0 ] || die "the bundler made no package in $bundle_dir"
say "packages ($((SECONDS - started)) s):"
for file in "${made[@]}"; do
  line="  $file  $(du -h "$file" | cut -f1)"
  case "$file" in
    *.deb) line="$line, installed $(dpkg-deb -f "$file" Installed-Size) KiB" ;;
  esac
  echo "$line"
done
