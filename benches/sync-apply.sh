#!/usr/bin/env bash
# Benchmark (not a test): apply 100 new pipelines with `pipewright apply` vs. a shell loop of
# `aws codepipeline create-pipeline`, against one moto server on loopback; then `pipewright plan`
# over the 100 unchanged pipelines.
#
# Targets: apply >= 10x faster than the awscli loop; plan of 100 unchanged pipelines < 2 s.
#
# Needs the test venv (moto[server], awscli): $PIPEWRIGHT_VENV, else <repo>/.venv-test
# (`make test` creates it). Builds the release `pipewright` binary only (not the workspace).
#
# Usage: benches/sync-apply.sh [COUNT]   (default 100)
set -euo pipefail

COUNT="${1:-100}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${PIPEWRIGHT_VENV:-$ROOT/.venv-test}"
MOTO="$VENV/bin/moto_server"
AWS="$VENV/bin/aws"
for bin in "$MOTO" "$AWS"; do
  if [ ! -x "$bin" ]; then
    echo "error: $bin not found; run \`make test\` (or create .venv-test from tests/requirements.txt)" >&2
    exit 2
  fi
done

TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
echo "== building release pipewright (CLI only)" >&2
(cd "$ROOT" && cargo build --release -p pipewright-cli --bin pipewright >&2)
PW="$TARGET_DIR/release/pipewright"

WORK="$(mktemp -d)"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
URL="http://127.0.0.1:$PORT"
"$MOTO" -H 127.0.0.1 -p "$PORT" >"$WORK/moto.log" 2>&1 &
MOTO_PID=$!
cleanup() { kill "$MOTO_PID" 2>/dev/null || true; wait "$MOTO_PID" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1
export AWS_PAGER="" AWS_EC2_METADATA_DISABLED=true
for _ in $(seq 1 100); do
  curl -s -o /dev/null "$URL/moto-api/" && break
  sleep 0.1
done

"$AWS" --endpoint-url "$URL" iam create-role --role-name bench-role \
  --assume-role-policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"codepipeline.amazonaws.com"},"Action":"sts:AssumeRole"}]}' >/dev/null
ROLE="arn:aws:iam::123456789012:role/bench-role"

mkdir -p "$WORK/designs" "$WORK/cli"
python3 - "$WORK" "$COUNT" "$ROLE" <<'EOF'
import json, sys
work, count, role = sys.argv[1], int(sys.argv[2]), sys.argv[3]
def pipeline(name):
    return {
        "name": name, "roleArn": role,
        "artifactStore": {"type": "S3", "location": "bench-artifacts"},
        "stages": [
            {"name": "Source", "actions": [{"name": "Fetch",
                "actionTypeId": {"category": "Source", "owner": "AWS", "provider": "S3", "version": "1"},
                "configuration": {"S3Bucket": "src", "S3ObjectKey": "src.zip", "PollForSourceChanges": "false"},
                "outputArtifacts": [{"name": "SourceOut"}]}]},
            {"name": "Build", "actions": [{"name": "Compile",
                "actionTypeId": {"category": "Build", "owner": "AWS", "provider": "CodeBuild", "version": "1"},
                "configuration": {"ProjectName": "proj"},
                "inputArtifacts": [{"name": "SourceOut"}]}]},
        ],
    }
for i in range(count):
    with open(f"{work}/designs/pw-{i:03}.json", "w") as f:
        json.dump({"pipeline": pipeline(f"pw-{i:03}")}, f, indent=2)
    with open(f"{work}/cli/cli-{i:03}.json", "w") as f:
        json.dump({"pipeline": pipeline(f"cli-{i:03}")}, f)
EOF

now() { date +%s.%N; }
elapsed() { python3 -c "print(f'{$2 - $1:.2f}')"; }

echo "== pipewright apply: $COUNT new pipelines" >&2
t0=$(now)
"$PW" apply "$WORK/designs" --endpoint-url "$URL" --region us-east-1 --yes --concurrency 16 >"$WORK/apply.txt" 2>"$WORK/apply.err" || {
  cat "$WORK/apply.txt" "$WORK/apply.err" >&2; echo "error: pipewright apply failed" >&2; exit 1; }
t1=$(now)
PW_APPLY=$(elapsed "$t0" "$t1")
tail -n 1 "$WORK/apply.txt" >&2

echo "== awscli loop: $COUNT create-pipeline calls" >&2
t0=$(now)
for f in "$WORK"/cli/*.json; do
  "$AWS" --endpoint-url "$URL" codepipeline create-pipeline --cli-input-json "file://$f" >/dev/null
done
t1=$(now)
CLI_LOOP=$(elapsed "$t0" "$t1")

echo "== pipewright plan: $COUNT unchanged pipelines" >&2
t0=$(now)
"$PW" plan "$WORK/designs" --endpoint-url "$URL" --region us-east-1 >"$WORK/plan.txt" 2>"$WORK/plan.err" || {
  cat "$WORK/plan.txt" "$WORK/plan.err" >&2; echo "error: pipewright plan failed" >&2; exit 1; }
t1=$(now)
PW_PLAN=$(elapsed "$t0" "$t1")
tail -n 1 "$WORK/plan.txt" >&2

python3 - "$COUNT" "$PW_APPLY" "$CLI_LOOP" "$PW_PLAN" <<'EOF'
import sys
count, apply_s, loop_s, plan_s = int(sys.argv[1]), *map(float, sys.argv[2:])
speedup = loop_s / apply_s if apply_s > 0 else float("inf")
print(f"pipewright apply ({count} new):      {apply_s:7.2f} s")
print(f"awscli create-pipeline loop ({count}): {loop_s:7.2f} s")
print(f"speedup:                             {speedup:7.1f}x  (target >= 10x: {'met' if speedup >= 10 else 'MISSED'})")
print(f"pipewright plan ({count} unchanged):  {plan_s:7.2f} s  (target < 2 s: {'met' if plan_s < 2 else 'MISSED'})")
EOF
