// The run timelines the control room's fake backend answers (`control_timeline`,
// `control_compare`), shaped like pipewright_aws::control::timeline: web-app's live run (its build
// failed once and was retried, the approval took six minutes, Deploy still runs) and an older run
// that went through in one go with another revision.
const iso = (minutesAgo) => new Date(Date.now() - minutesAgo * 60_000).toISOString();
const ms = (fromMin, toMin) => Math.round((fromMin - toMin) * 60_000);

function attempt(id, status, from, to, extra = {}) {
  return {
    actionExecutionId: id,
    status,
    startTime: iso(from),
    endTime: to === null ? null : iso(to),
    durationMs: to === null ? null : ms(from, to),
    summary: null,
    error: null,
    externalExecutionUrl: null,
    ...extra,
  };
}

function action(name, category, provider, attempts, running = false, asOf = 0) {
  const first = attempts[0];
  const last = attempts.at(-1);
  const from = first ? (Date.now() - Date.parse(first.startTime)) / 60_000 : 0;
  return {
    name,
    runOrder: 1,
    category,
    provider,
    status: last?.status ?? null,
    startTime: first?.startTime ?? null,
    endTime: running ? null : (last?.endTime ?? null),
    running,
    durationMs: !first
      ? null
      : running
        ? ms(from, asOf)
        : last?.endTime
          ? Date.parse(last.endTime) - Date.parse(first.startTime)
          : null,
    attempts,
  };
}

function stage(name, actions) {
  const ran = actions.filter((a) => a.status);
  if (ran.length === 0)
    return { name, status: null, startTime: null, endTime: null, durationMs: null, actions };
  const running = ran.some((a) => a.running);
  const start = ran.map((a) => a.startTime).sort()[0];
  const end = running
    ? null
    : ran
        .map((a) => a.endTime)
        .sort()
        .at(-1);
  return {
    name,
    status: running ? "InProgress" : ran.some((a) => a.status === "Failed") ? "Failed" : "Succeeded",
    startTime: start,
    endTime: end,
    durationMs: ran.reduce((n, a) => n + (a.durationMs ?? 0), 0),
    actions,
  };
}

/** web-app's live run `id`: started 22 minutes ago, its build retried, Deploy running. */
export function liveTimeline(id, deployRunning) {
  const stages = [
    stage("Source", [action("Source", "Source", "CodeCommit", [attempt("s1", "Succeeded", 22, 21.4)])]),
    stage("Build", [
      action("Build", "Build", "CodeBuild", [
        attempt("b1", "Failed", 21.4, 18.9, { error: "Build terminated with state: FAILED. Phase: BUILD" }),
        attempt("b2", "Succeeded", 15.2, 11.1, { summary: "412 tests passed" }),
      ]),
    ]),
    stage("Approval", [
      action("ManualApproval", "Approval", "Manual", [attempt("p1", "Succeeded", 11.1, 5)]),
    ]),
    stage("Deploy", [
      deployRunning
        ? action("Deploy", "Deploy", "CodeDeploy", [attempt("d1", "InProgress", 5, null)], true, 0)
        : action("Deploy", "Deploy", "CodeDeploy", []),
    ]),
  ];
  return {
    pipeline: "web-app",
    pipelineExecutionId: id,
    status: "InProgress",
    statusSummary: null,
    triggerType: "StartPipelineExecution",
    triggerDetail: "arn:aws:iam::000000000000:user/alice",
    executionType: "STANDARD",
    revisions: [
      {
        source: "Source",
        revisionId: "4f2a9c1e77d0",
        message: "Merge pull request #42: faster checkout",
        url: null,
      },
    ],
    startTime: iso(22),
    endTime: null,
    durationMs: ms(22, 0),
    asOf: iso(0),
    stages,
  };
}

/** web-app's older run: 90 minutes ago, succeeded in 14 minutes. */
export function oldTimeline(id) {
  const stages = [
    stage("Source", [action("Source", "Source", "CodeCommit", [attempt("o1", "Succeeded", 90, 89.5)])]),
    stage("Build", [action("Build", "Build", "CodeBuild", [attempt("o2", "Succeeded", 89.5, 85.8)])]),
    stage("Approval", [
      action("ManualApproval", "Approval", "Manual", [attempt("o3", "Succeeded", 85.8, 80)]),
    ]),
    stage("Deploy", [action("Deploy", "Deploy", "CodeDeploy", [attempt("o4", "Succeeded", 80, 76)])]),
  ];
  return {
    pipeline: "web-app",
    pipelineExecutionId: id,
    status: "Succeeded",
    statusSummary: null,
    triggerType: "Webhook",
    triggerDetail: "push to main",
    executionType: "STANDARD",
    revisions: [{ source: "Source", revisionId: "b7c1d2e3f405", message: "Cache product images", url: null }],
    startTime: iso(90),
    endTime: iso(76),
    durationMs: ms(90, 76),
    asOf: iso(0),
    stages,
  };
}

function side(x) {
  if (!x?.status) return null;
  return {
    status: x.status,
    durationMs: x.durationMs,
    attempts: x.attempts ? x.attempts.length : Math.max(...x.actions.map((a) => a.attempts.length)),
  };
}

const delta = (a, b) => (a?.durationMs == null || b?.durationMs == null ? null : b.durationMs - a.durationMs);

/** `a` and `b` side by side, as pipewright_aws::control::timeline::compare does. */
export function compareTimelines(a, b) {
  const sources = [...new Set([...a.revisions, ...b.revisions].map((r) => r.source))];
  return {
    a,
    b,
    revisions: sources.map((source) => {
      const ra = a.revisions.find((r) => r.source === source) ?? null;
      const rb = b.revisions.find((r) => r.source === source) ?? null;
      return { source, a: ra, b: rb, changed: ra?.revisionId !== rb?.revisionId };
    }),
    durationDeltaMs: delta(a, b),
    sameOutcome: a.status === b.status,
    stages: a.stages.map((sa) => {
      const sb = b.stages.find((s) => s.name === sa.name);
      const [xa, xb] = [side(sa), side(sb)];
      return {
        name: sa.name,
        a: xa,
        b: xb,
        deltaMs: delta(xa, xb),
        actions: sa.actions.map((aa) => {
          const ab = sb?.actions.find((x) => x.name === aa.name);
          const [ya, yb] = [side(aa), side(ab)];
          return { name: aa.name, a: ya, b: yb, deltaMs: delta(ya, yb) };
        }),
      };
    }),
  };
}
