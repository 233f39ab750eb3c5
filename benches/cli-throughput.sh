#!/usr/bin/env bash
# CLI throughput: `pipewright validate` over 1,000 ordinary design files, with a release build of
# just the CLI. Prints designs per second (the median of BENCH_RUNS runs, 7) against the target
# (1,000/s). Never part of `make test`.
# Usage: benches/cli-throughput.sh [COUNT]   (BENCH_STRICT=1 exits 1 below the target)
source "$(dirname "$0")/../scripts/lib.sh"
ensure_rust
cd "$ROOT"

count="${1:-1000}"
runs="${BENCH_RUNS:-7}"
target=1000

say "building the CLI (release, pipewright-cli only)"
cargo build --release --quiet -p pipewright-cli
bin="$CARGO_TARGET_DIR/release/pipewright"
[ -x "$bin" ] || die "no binary at $bin after the build"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

say "writing $count design files to $work"
# Ordinary pipelines: S3 or CodeStar source, one to three build/test actions, an approval on some,
# a CloudFormation deploy, designer positions and notes. Varied by index so no two are the same.
for ((i = 0; i < count; i++)); do
  builds=$((i % 3 + 1))
  {
    printf 'pipeline:\n  name: service-%04d\n' "$i"
    printf '  roleArn: arn:aws:iam::123456789012:role/codepipeline-service-%04d\n' "$i"
    printf '  artifactStore:\n    type: S3\n    location: artifacts-%04d\n' "$i"
    printf '  stages:\n  - name: Source\n    actions:\n    - name: Fetch\n'
    if ((i % 2)); then
      printf '      actionTypeId: {category: Source, owner: AWS, provider: S3, version: "1"}\n'
      printf '      configuration: {S3Bucket: src-%04d, S3ObjectKey: app.zip, PollForSourceChanges: "false"}\n' "$i"
    else
      printf '      actionTypeId: {category: Source, owner: AWS, provider: CodeStarSourceConnection, version: "1"}\n'
      printf '      configuration:\n        ConnectionArn: arn:aws:codeconnections:us-east-1:123456789012:connection/0f8e5a3c-1b2d-4e5f-8a9b-%012d\n' "$i"
      printf '        FullRepositoryId: org/service-%04d\n        BranchName: main\n' "$i"
    fi
    printf '      outputArtifacts: [{name: Src}]\n'
    printf '  - name: Build\n    actions:\n'
    for ((b = 1; b <= builds; b++)); do
      printf '    - name: Build%d\n      runOrder: %d\n' "$b" "$b"
      printf '      actionTypeId: {category: Build, owner: AWS, provider: CodeBuild, version: "1"}\n'
      printf '      configuration: {ProjectName: service-%04d-build%d}\n' "$i" "$b"
      printf '      inputArtifacts: [{name: Src}]\n      outputArtifacts: [{name: Out%d}]\n' "$b"
    done
    if ((i % 4 == 0)); then
      printf '  - name: Approve\n    actions:\n    - name: Release\n'
      printf '      actionTypeId: {category: Approval, owner: AWS, provider: Manual, version: "1"}\n'
    fi
    printf '  - name: Deploy\n    actions:\n    - name: Stack\n'
    printf '      actionTypeId: {category: Deploy, owner: AWS, provider: CloudFormation, version: "1"}\n'
    printf '      configuration:\n        ActionMode: CREATE_UPDATE\n        StackName: service-%04d\n' "$i"
    printf '        TemplatePath: Out1::template.yaml\n'
    printf '        RoleArn: arn:aws:iam::123456789012:role/cfn-service-%04d\n' "$i"
    printf '      inputArtifacts: [{name: Out1}]\n'
    printf '  pipelineType: V2\n  executionMode: QUEUED\n'
    printf 'pipewright:\n  format: 1\n  positions:\n'
    printf '    stage:Source: {x: 0, y: 0}\n    stage:Build: {x: 300, y: 0}\n    stage:Deploy: {x: 600, y: 0}\n'
    printf '  notes:\n    pipeline: Service %d release pipeline.\n' "$i"
  } >"$work/service-$i.pipewright.yaml"
done

say "validating (one warm-up run, then $runs timed runs)"
# One run right after writing the files measured the disk's write-back as much as the CLI (one
# run gave anywhere from 6,000 to 12,000/s): a warm-up run reads them into the page cache, and
# the median of several runs is reported.
validate() {
  set +e
  "$bin" validate "$work"/*.pipewright.yaml >"$work/report.txt" 2>"$work/errors.txt"
  status=$?
  set -e
}
validate
[ "$status" -le 1 ] || die "validate could not read the generated files: $(head -3 "$work/errors.txt")"
tail -1 "$work/report.txt"
if [ "$status" -ne 0 ]; then
  echo "note: the generated designs have validation errors (first: $(grep -m1 ': error\[' "$work/report.txt"))"
fi
times=()
for ((r = 0; r < runs; r++)); do
  start=$(date +%s.%N)
  validate
  end=$(date +%s.%N)
  times+=("$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.6f", e - s }')")
done
read -r secs fastest slowest < <(printf '%s\n' "${times[@]}" | sort -n |
  awk '{ t[NR] = $1 } END { printf "%.3f %.3f %.3f\n", t[int((NR + 1) / 2)], t[1], t[NR] }')
rate=$(awk -v n="$count" -v t="$secs" 'BEGIN { if (t <= 0) t = 0.000001; printf "%d", n / t }')
range=$(awk -v n="$count" -v a="$slowest" -v b="$fastest" 'BEGIN { printf "%d-%d", n / a, n / b }')
verdict="meets"
[ "$rate" -ge "$target" ] || verdict="BELOW"
echo "cli-throughput: validated $count designs in ${secs}s (median of $runs runs) = $rate designs/s, runs $range/s (target $target/s: $verdict)"
if [ "${BENCH_STRICT:-0}" = 1 ] && [ "$verdict" = BELOW ]; then exit 1; fi
