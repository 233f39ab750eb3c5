#!/usr/bin/env bash
# A 1 MB YAML design whose aliases would expand to about 20 GB (a 64 KB string copied by every
# alias): `pipewright validate` must refuse it, with the location, in under a second and under
# 100 MB of memory. Prints the wall time and the peak resident memory (GNU time). Never part of
# `make test` (the refusal itself is tested in crates/core/src/codec/aliases.rs).
# Usage: benches/yaml-alias-bomb.sh [--debug]   (BENCH_STRICT=1 exits 1 past either bound)
source "$(dirname "$0")/../scripts/lib.sh"
ensure_rust
cd "$ROOT"

profile=release
if [ "${1:-}" = "--debug" ]; then profile=debug; fi
flag=(); [ "$profile" = release ] && flag=(--release)
say "building the CLI ($profile, pipewright-cli only)"
cargo build "${flag[@]}" --quiet -p pipewright-cli
bin="$CARGO_TARGET_DIR/$profile/pipewright"
[ -x "$bin" ] || die "no binary at $bin after the build"
[ -x /usr/bin/time ] || die "GNU time is needed: apt-get install time"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
bomb="$work/bomb.yaml"
python3 - "$bomb" <<'PY'
import sys
text = "pipeline:\n  name: bomb\n  roleArn: &s \"" + "x" * 65536 + "\"\n  stages:\n"
lines = []
while len(text) + sum(map(len, lines)) < 1024 * 1024:
    lines.append("    - *s\n")
open(sys.argv[1], "w").write(text + "".join(lines))
print(f"{len(lines)} aliases of 64 KB: {len(lines) * 65536 / 1e9:.0f} GB expanded", file=sys.stderr)
PY

out="$(/usr/bin/time -f '%e %M' "$bin" validate "$bomb" 2>&1 >/dev/null)" || true
read -r seconds kb < <(tail -1 <<<"$out")
say "refusal: $(grep -m1 -i 'alias' <<<"$out" || echo '(no alias error printed!)')"
say "wall time ${seconds}s, peak memory $((kb / 1024)) MB (bounds: 1 s, 100 MB)"
if [ "${BENCH_STRICT:-0}" = 1 ]; then
  awk -v s="$seconds" -v k="$kb" 'BEGIN { exit !(s < 1 && k < 100 * 1024) }' || die "past a bound"
fi
