#!/usr/bin/env bash
# Benchmark (not a test): apply 100 new pipelines with `pipewright apply` vs. a shell loop of
# `aws codepipeline create-pipeline`, against one moto server on loopback; then `pipewright plan`
# over the 100 unchanged pipelines. Like for like: those designs leave their change detection
# alone (`pipewright.changeDetection.manage: false`), so Pipewright creates the pipelines only, as
# the loop does. Then the same again with change detection managed (the default: per pipeline, the
# EventBridge rule that starts it on an S3 upload and the role the rule uses), measured, no target.
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

mkdir -p "$WORK/designs" "$WORK/managed" "$WORK/cli"
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
alone = {"changeDetection": {"manage": False}}
for i in range(count):
    with open(f"{work}/designs/pw-{i:03}.json", "w") as f:
        json.dump({"pipeline": pipeline(f"pw-{i:03}"), "pipewright": alone}, f, indent=2)
    with open(f"{work}/managed/mg-{i:03}.json", "w") as f:
        json.dump({"pipeline": pipeline(f"mg-{i:03}")}, f, indent=2)
    with open(f"{work}/cli/cli-{i:03}.json", "w") as f:
        json.dump({"pipeline": pipeline(f"cli-{i:03}")}, f)
EOF

now() { date +%s.%N; }
elapsed() { python3 -c "print(f'{$2 - $1:.2f}')"; }

# `pw NAME ARGS...`: runs `pipewright ARGS...` (output in $WORK/NAME.txt), prints its last line and
# sets SECONDS_TAKEN; a failure prints everything and stops the benchmark.
pw() {
  local name=$1; shift
  local t0; t0=$(now)
  "$PW" "$@" --endpoint-url "$URL" --region us-east-1 >"$WORK/$name.txt" 2>"$WORK/$name.err" || {
    cat "$WORK/$name.txt" "$WORK/$name.err" >&2; echo "error: pipewright $name failed" >&2; exit 1; }
  SECONDS_TAKEN=$(elapsed "$t0" "$(now)")
  tail -n 1 "$WORK/$name.txt" >&2
}

echo "== pipewright apply: $COUNT new pipelines" >&2
pw apply apply "$WORK/designs" --yes --concurrency 16
PW_APPLY=$SECONDS_TAKEN

echo "== awscli loop: $COUNT create-pipeline calls" >&2
t0=$(now)
for f in "$WORK"/cli/*.json; do
  "$AWS" --endpoint-url "$URL" codepipeline create-pipeline --cli-input-json "file://$f" >/dev/null
done
t1=$(now)
CLI_LOOP=$(elapsed "$t0" "$t1")

echo "== pipewright plan: $COUNT unchanged pipelines" >&2
pw plan plan "$WORK/designs"
PW_PLAN=$SECONDS_TAKEN

echo "== with change detection managed: apply $COUNT new, then plan them unchanged" >&2
pw apply-managed apply "$WORK/managed" --yes --concurrency 16
MG_APPLY=$SECONDS_TAKEN
pw plan-managed plan "$WORK/managed"
MG_PLAN=$SECONDS_TAKEN

python3 - "$COUNT" "$PW_APPLY" "$CLI_LOOP" "$PW_PLAN" "$MG_APPLY" "$MG_PLAN" <<'EOF'
import sys
count, apply_s, loop_s, plan_s, mg_apply_s, mg_plan_s = int(sys.argv[1]), *map(float, sys.argv[2:])
speedup = loop_s / apply_s if apply_s > 0 else float("inf")
print(f"pipewright apply ({count} new):      {apply_s:7.2f} s")
print(f"awscli create-pipeline loop ({count}): {loop_s:7.2f} s")
print(f"speedup:                             {speedup:7.1f}x  (target >= 10x: {'met' if speedup >= 10 else 'MISSED'})")
print(f"pipewright plan ({count} unchanged):  {plan_s:7.2f} s  (target < 2 s: {'met' if plan_s < 2 else 'MISSED'})")
print(f"with change detection managed (a rule and its role per pipeline, no target):")
print(f"  apply ({count} new):                 {mg_apply_s:7.2f} s")
print(f"  plan ({count} unchanged):            {mg_plan_s:7.2f} s")
EOF
