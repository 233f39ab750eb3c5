#!/usr/bin/env bash
# Rust unit and end-to-end tests of every crate, inside a private desktop session (Xvfb, D-Bus,
# gnome-keyring, dunst) so keyring and notification tests use the real services.
source "$(dirname "$0")/../../scripts/lib.sh"
cd "$ROOT"
cargo fmt --all -- --check || die "cargo fmt would change files: run 'cargo fmt --all'"
cargo clippy --workspace --all-targets --quiet -- -D warnings
# Snapshot tests (insta) find their files from the crate folder compiled into the test binary. With
# a CARGO_TARGET_DIR shared by several clones, cargo may reuse a binary built in another clone, and
# the snapshots would be looked for there; this clone's root is where they are.
export INSTA_WORKSPACE_ROOT="$ROOT"
# --no-fail-fast: every failing test is reported, not only those of the first failing test binary.
"$ROOT/scripts/with-session.sh" cargo test --workspace --all-targets --no-fail-fast --quiet
