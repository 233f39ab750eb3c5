// The control room's backend for the Chromium end-to-end tests: a small stateful fake with
// pipelines, a waiting approval and tokens that go stale, api-dev's Deploy stage held by a
// deployment window until it is overridden, data-jobs' failed build with why it failed, and a
// second connection ("prod", pipeline billing) to switch to. `handle` answers the control
// commands and returns undefined for every other one (the designer's test backend answers those).
import { compareTimelines, liveTimeline, oldTimeline } from "./timeline-fake.mjs";

const iso = (minutesAgo) => new Date(Date.now() - minutesAgo * 60_000).toISOString();

/** The control room's backend, faked: enough state to approve, reject and go stale. */
export class ControlFake {
  constructor() {
    this.calls = [];
    this.token = "token-1";
    this.decided = null;
    this.exec = "7c1e2a90-aaaa-bbbb-cccc-000000000001";
    /** Marks web-app as production (the typed-name confirmation). */
    this.production = false;
    this.settings = { quietHours: null, muted: [], production: [], watched: ["id-prod"], events: [] };
    /** api-dev's Deploy stage waits on its beforeEntry condition (a closed deployment window). */
    this.held = true;
    this.heldExec = "4b2d9e00-held-0000-0000-000000000001";
    /** data-jobs' failed build (Build › Compile), explained by control_why. */
    this.failedExec = "9a7f3c21-fail-0000-0000-000000000001";
    /** The build log's group answers AccessDenied (the panel says so and shows the rest). */
    this.logDenied = false;
    /** How many lines the whole build log has (control_log_page pages through them from the tail). */
    this.fullLogLines = 12_000;
    /** The active connection: "sandbox", or "prod" after a switch. */
    this.active = "sandbox";
    /**
     * mobile-release (PARALLEL mode): its latest run was rejected at Approval; two other runs
     * wait there, each with its own token. Decided ones leave this list.
     */
    this.parallelWaiting = [
      {
        exec: "a1a1a1a1-0000-0000-0000-000000000001",
        token: "par-token-1",
        revision: "Add dark mode",
        since: 20,
      },
      {
        exec: "b2b2b2b2-0000-0000-0000-000000000002",
        token: "par-token-2",
        revision: "Fix crash on start",
        since: 10,
      },
    ];
  }

  /** mobile-release: a rejected latest run, and the runs waiting at the same approval. */
  parallelDetail() {
    const d = this.detail();
    const state = this.state();
    const approvalStage = state.stages[2];
    const rejected = {
      ...approvalStage,
      latestExecution: {
        pipelineExecutionId: "c3c3c3c3-rejected",
        status: "Failed",
        executionType: "STANDARD",
      },
      actions: approvalStage.actions.map((a) => ({
        ...a,
        latestExecution: {
          ...(a.latestExecution ?? {}),
          actionExecutionId: "par-a-3",
          status: "Failed",
          summary: "Rejected by alice: crash on start",
          token: null,
          lastStatusChange: iso(2),
          lastUpdatedBy: "arn:aws:iam::000000000000:user/alice",
          externalExecutionId: null,
          externalExecutionUrl: null,
          percentComplete: null,
          error: null,
        },
      })),
    };
    const run = (w) => ({
      ...this.execution(w.exec, "InProgress", w.since),
      executionMode: "PARALLEL",
      triggerType: "Webhook",
      sourceRevisions: [
        { actionName: "Source", revisionId: "9e8d7c6b5a", revisionSummary: w.revision, revisionUrl: null },
      ],
    });
    return {
      ...d,
      view: {
        ...d.view,
        state: {
          ...state,
          pipelineName: "mobile-release",
          stages: [...state.stages.slice(0, 2), rejected, state.stages[3]],
        },
        executions: [
          ...this.parallelWaiting.map(run),
          { ...this.execution("c3c3c3c3-rejected", "Failed", 30), executionMode: "PARALLEL" },
        ],
      },
      summary: { ...d.summary, name: "mobile-release", executionMode: "PARALLEL" },
      approvals: this.parallelWaiting.map((w) => ({
        pipeline: "mobile-release",
        stage: "Approval",
        action: "ManualApproval",
        pipelineExecutionId: w.exec,
        token: w.token,
        since: iso(w.since),
        expiresAt: null,
      })),
    };
  }

  /** The active connection as the backend describes it (status, `active-connection`). */
  connection(which = this.active) {
    return which === "prod"
      ? {
          id: "id-prod",
          name: "prod",
          kind: "profile",
          region: "eu-west-1",
          endpointUrl: null,
          isSandbox: false,
          title: "prod · eu-west-1",
        }
      : {
          id: "sandbox",
          name: "Local sandbox",
          kind: "localSandbox",
          region: "us-east-1",
          endpointUrl: "http://127.0.0.1:4566",
          isSandbox: true,
          title: "Local sandbox · us-east-1 · local sandbox, not AWS",
        };
  }

  /** prod's one pipeline, billing: failed at Deploy. */
  prodDetail() {
    const d = this.detail();
    return {
      ...d,
      view: {
        ...d.view,
        state: { ...this.state(), pipelineName: "billing" },
        executions: [this.execution("b1ll-0001", "Failed", 30)],
      },
      summary: { ...d.summary, name: "billing" },
      seen: { connectionId: "id-prod", connection: "prod", region: "eu-west-1" },
      approvals: [],
    };
  }

  /** data-jobs: its Build › Compile failed in the INSTALL phase. */
  failedState() {
    const state = this.state();
    const build = state.stages[1];
    return {
      ...state,
      pipelineName: "data-jobs",
      stages: [
        state.stages[0],
        {
          ...build,
          latestExecution: {
            pipelineExecutionId: this.failedExec,
            status: "Failed",
            executionType: "STANDARD",
          },
          actions: [
            {
              ...build.actions[0],
              name: "Compile",
              latestExecution: {
                ...build.actions[0].latestExecution,
                status: "Failed",
                summary: null,
                error: { code: "JobFailed", message: "Build terminated with state: FAILED. Phase: INSTALL" },
              },
            },
          ],
        },
      ],
    };
  }

  /** What control_release says web-app's approval releases (a CodeCommit source, three commits). */
  release(approval) {
    const commit = (id, message, author) => ({ id: id.repeat(40).slice(0, 40), message, author, date: null });
    return {
      expiresAt: approval.expiresAt,
      expires: "expires in 6 days 23 h (at 2026-12-13 15:20 UTC)",
      runsAfter: [
        {
          stage: "Deploy",
          actions: [
            { name: "Deploy", category: "Deploy", provider: "CodeDeploy", runOrder: 1 },
            { name: "SmokeTest", category: "Test", provider: "CodeBuild", runOrder: 2 },
          ],
        },
      ],
      lastApproved: {
        pipelineExecutionId: "7e7e7e7e-0000-4000-8000-000000000001",
        startTime: iso(1440),
        approvedBy: null,
      },
      changes: [
        {
          actionName: "Source",
          provider: "CodeCommit",
          repository: "web-app",
          from: "1".repeat(40),
          to: "4f2a9c1e".repeat(5),
          commits: [
            commit("4f2a9c1e", "faster checkout", "Ana Souza"),
            commit("3b3b", "Cache product images for a day", "Kenji Watanabe"),
            commit("2c2c", "Fix price rounding in the cart total", "Priya Raman"),
          ],
          more: false,
          filesChanged: 5,
          compareUrl: null,
        },
      ],
      notes: [],
    };
  }

  /**
   * Line `n` (from 1) of the whole build log: npm's coloured fetch lines, `npm ERR!` at 100, 6,000
   * and the third line from the end, and one line of markup (text, never HTML) at 5,000.
   */
  fullLogLine(n) {
    const E = "\u001b";
    const err = `${E}[37;40mnpm${E}[0m ${E}[0m${E}[31;40mERR!${E}[0m`;
    const total = this.fullLogLines;
    if (n === 100 || n === 6_000) return `${err} network retry ${n}`;
    if (n === total - 2) return `${err} code ERESOLVE`;
    if (n === 5_000) return '<img src=x onerror="window.__pwned=1"> is only text';
    return `${E}[37;40mnpm${E}[0m ${E}[32mhttp${E}[0m fetch GET 200 https://registry.npmjs.org/pkg-${n} ${n % 97}ms`;
  }

  /** control_log_page: a page from the tail, tokens `b/<index of its first line>`. */
  logPage(request) {
    const end = request.before ? Number(request.before.slice(2)) : this.fullLogLines;
    const start = Math.max(0, end - (request.limit ?? 10_000));
    const strip = (t) => t.replaceAll(/\[[0-9;]*m/g, "").replaceAll("\u001b", "");
    const lines = [];
    for (let i = start; i < end; i++) {
      const raw = this.fullLogLine(i + 1);
      lines.push({ number: i - start + 1, text: strip(raw), ansi: raw.includes("\u001b") ? raw : null });
    }
    return { lines, earlier: start > 0 ? `b/${start}` : null };
  }

  /** What control_why says about data-jobs' failed build (the sandbox's storefront log, shortened). */
  why(request) {
    const E = "\u001b";
    const line = (number, text) => ({ number, text, ansi: null });
    const coloured = (number, text, ansi) => ({ number, text, ansi });
    const around = [
      line(2474, "npm http fetch GET 200 https://registry.npmjs.org/react-dom 14ms (cache miss)"),
      line(2475, "npm http fetch GET 200 https://registry.npmjs.org/@testing-library%2freact 9ms"),
      line(2476, "npm WARN ERESOLVE overriding peer dependency"),
      line(2477, "npm http fetch GET 200 https://registry.npmjs.org/scheduler 11ms (cache miss)"),
      line(2478, "npm WARN While resolving: @testing-library/react@13.4.0"),
      coloured(
        2479,
        "npm ERR! code ERESOLVE",
        `${E}[37;40mnpm${E}[0m ${E}[0m${E}[31;40mERR!${E}[0m code ERESOLVE`,
      ),
      line(2480, "npm ERR! ERESOLVE unable to resolve dependency tree"),
      line(2481, "npm ERR! Found: react@19.0.0"),
      line(2482, "npm ERR! Could not resolve dependency:"),
      line(2483, 'npm ERR! peer react@"^18.0.0" from @testing-library/react@13.4.0'),
      line(2484, "npm ERR! Fix the upstream dependency conflict, or retry with --legacy-peer-deps"),
    ];
    const tail = [
      line(2496, "npm ERR! A complete log of this run can be found in: /root/.npm/_logs/debug-0.log"),
      line(2497, ""),
      line(
        2498,
        "[Container] 2026/12/06 14:02:11.412 Command did not exit successfully npm ci exit status 1",
      ),
      line(2499, "[Container] 2026/12/06 14:02:11.418 Phase complete: INSTALL State: FAILED"),
      line(
        2500,
        "[Container] 2026/12/06 14:02:11.418 Phase context status code: COMMAND_EXECUTION_ERROR Message: Error while executing command: npm ci. Reason: exit status 1",
      ),
    ];
    const group = "/aws/codebuild/data-jobs-build";
    return {
      pipeline: request.pipeline,
      pipelineExecutionId: request.pipelineExecutionId ?? this.failedExec,
      status: "Failed",
      statusSummary: null,
      headline: "npm ERR! code ERESOLVE",
      revisions: [
        {
          actionName: "Source",
          provider: "CodeCommit",
          revisionId: "4f2a9c1e0b7d8a6c5e4f3a2b1c0d9e8f7a6b5c4d",
          message: "Upgrade React to 19",
          author: "Tomás García",
          authorEmail: "tomas.garcia@example.com",
          url: null,
        },
      ],
      failed: {
        stage: "Build",
        action: request.action ?? "Compile",
        category: "Build",
        provider: "CodeBuild",
        actionExecutionId: "ae-9",
        startTime: iso(12),
        lastUpdateTime: iso(10),
        externalExecutionId: "data-jobs-build:7",
        summary: null,
        error: { code: "JobFailed", message: "Build terminated with state: FAILED. Phase: INSTALL" },
        consoleUrl:
          "https://us-east-1.console.aws.amazon.com/codesuite/codebuild/projects/data-jobs-build/build/data-jobs-build:7",
        cause: {
          service: "codeBuild",
          buildId: "data-jobs-build:7",
          buildStatus: "FAILED",
          tests: {
            reports: [
              {
                arn: "arn:aws:codebuild:us-east-1:123456789012:report/data-jobs-build-jest:7",
                name: "data-jobs-build-jest",
                status: "FAILED",
                total: 412,
                failed: 2,
              },
            ],
            failed: [
              {
                report: "data-jobs-build-jest",
                prefix: "src/orders/dedupe.test.ts",
                name: "dedupes orders by id",
                status: "FAILED",
                message: "expect(received).toBe(expected)\n\nExpected: 1040",
              },
              {
                report: "data-jobs-build-jest",
                prefix: null,
                name: "rounds currency",
                status: "FAILED",
                message: null,
              },
            ],
            more: false,
          },
          failedPhase: {
            phase: "INSTALL",
            statusCode: "COMMAND_EXECUTION_ERROR",
            message: "Error while executing command: npm ci. Reason: exit status 1",
          },
          log: this.logDenied
            ? null
            : {
                group,
                stream: "7",
                deepLink: "https://console.aws.amazon.com/cloudwatch/home?region=us-east-1#logsV2:log-groups",
                lineCount: this.fullLogLines,
                complete: true,
                firstError: around[5],
                aroundFirstError: around,
                tail,
              },
        },
      },
      notes: this.logDenied
        ? [
            `the build log is not shown: this connection may not call logs:GetLogEvents on arn:aws:logs:us-east-1:*:log-group:${group}:log-stream:7; ask for that permission`,
          ]
        : [],
      consoleUrl: `https://us-east-1.console.aws.amazon.com/codesuite/codepipeline/pipelines/${request.pipeline}/executions/${this.failedExec}/timeline?region=us-east-1`,
    };
  }

  /** api-dev: Deploy held by its deployment window, or (overridden) run. */
  heldState() {
    const state = this.state();
    const window = {
      name: "Window",
      ruleExecutionId: "rule-1",
      status: this.held ? "InProgress" : "Abandoned",
      summary: "Held by deployment window cron(0 * 14 ? * * *) until 14:00 UTC",
      lastStatusChange: iso(2),
      error: null,
      externalExecutionUrl: null,
    };
    const deploy = state.stages[3];
    return {
      ...state,
      pipelineName: "api-dev",
      stages: [
        ...state.stages.slice(0, 3).map((s) => ({ ...s, conditions: [] })),
        {
          ...deploy,
          latestExecution: { pipelineExecutionId: this.heldExec, status: "InProgress", executionType: null },
          actions: deploy.actions.map((a) => ({
            ...a,
            latestExecution: this.held
              ? null
              : {
                  actionExecutionId: "a-2",
                  status: "Succeeded",
                  summary: null,
                  lastStatusChange: iso(0),
                  token: null,
                  lastUpdatedBy: null,
                  externalExecutionId: null,
                  externalExecutionUrl: null,
                  percentComplete: null,
                  error: null,
                },
          })),
          conditions: [
            {
              kind: "beforeEntry",
              status: this.held ? "InProgress" : "Overridden",
              summary: null,
              lastStatusChange: iso(2),
              rules: [window],
            },
          ],
        },
      ],
    };
  }

  approvalWaiting() {
    return this.decided === null;
  }

  state() {
    const waiting = this.approvalWaiting();
    const ok = (name, actions, extra = {}) => ({
      name,
      latestExecution: { pipelineExecutionId: this.exec, status: "Succeeded", executionType: "STANDARD" },
      inboundExecutions: [],
      inboundTransition: { enabled: true, lastChangedBy: null, lastChangedAt: null, disabledReason: null },
      actions,
      retryAttempts: null,
      conditions: [],
      ...extra,
    });
    const run = (status, extra = {}) => ({
      actionExecutionId: "a-1",
      status,
      summary: null,
      lastStatusChange: iso(3),
      token: null,
      lastUpdatedBy: "arn:aws:iam::000000000000:user/pipewright-sandbox",
      externalExecutionId: null,
      externalExecutionUrl: null,
      percentComplete: null,
      error: null,
      ...extra,
    });
    const action = (name, latestExecution) => ({
      name,
      latestExecution,
      entityUrl: null,
      revisionUrl: null,
      currentRevision: null,
    });
    return {
      pipelineName: "web-app",
      pipelineVersion: 3,
      created: iso(600),
      updated: iso(60),
      stages: [
        ok("Source", [
          action("Source", run("Succeeded", { summary: "Merge pull request #42: faster checkout" })),
        ]),
        ok("Build", [
          action(
            "Build",
            run("Succeeded", {
              summary: "412 tests passed",
              externalExecutionUrl:
                "https://console.aws.amazon.com/codesuite/codebuild/projects/web-app-build/build/1",
            }),
          ),
        ]),
        {
          ...ok("Approval", [
            action(
              "ManualApproval",
              waiting
                ? run("InProgress", { token: this.token, lastStatusChange: iso(1) })
                : run(this.decided.status === "Approved" ? "Succeeded" : "Failed", {
                    summary: this.decided.summary,
                  }),
            ),
          ]),
          latestExecution: {
            pipelineExecutionId: this.exec,
            status: waiting ? "InProgress" : this.decided.status === "Approved" ? "Succeeded" : "Failed",
            executionType: "STANDARD",
          },
        },
        {
          ...ok("Deploy", [action("Deploy", waiting ? null : run("InProgress"))]),
          latestExecution: waiting
            ? null
            : { pipelineExecutionId: this.exec, status: "InProgress", executionType: null },
        },
      ],
    };
  }

  execution(id, status, minutesAgo) {
    return {
      pipelineExecutionId: id,
      status,
      statusSummary: null,
      startTime: iso(minutesAgo),
      lastUpdateTime: iso(minutesAgo - 1),
      triggerType: "StartPipelineExecution",
      triggerDetail: null,
      stopReason: null,
      executionMode: "SUPERSEDED",
      executionType: "STANDARD",
      rollbackTarget: null,
      sourceRevisions: [
        {
          actionName: "Source",
          revisionId: "4f2a9c1e",
          revisionSummary: "faster checkout",
          revisionUrl: null,
        },
      ],
    };
  }

  overview() {
    const item = (name, status, approvals = [], failing = false, failure = null) => ({
      overview: {
        pipeline: {
          name,
          version: 1,
          pipelineType: "V2",
          executionMode: "SUPERSEDED",
          created: null,
          updated: null,
        },
        latestExecution: this.execution(`${name}-1`, status, 5),
      },
      production: name.includes("prod"),
      muted: false,
      health: {
        pipeline: name,
        running: status === "InProgress",
        approvals,
        failing,
        failure,
        lastStatus: failing ? "Failure" : "Success",
        lastExecutionId: null,
        lastChange: null,
      },
    });
    if (this.active === "prod") return [item("billing", "Failed", [], true, "Deploy › Deploy")];
    return [
      item("web-app", "InProgress", this.approvalWaiting() ? ["Approval › ManualApproval"] : []),
      item("data-jobs", "Failed", [], true, "Build › Compile"),
      item("api-dev", "Succeeded"),
      item(
        "mobile-release",
        "InProgress",
        this.parallelWaiting.map(() => "Approval › ManualApproval"),
      ),
    ];
  }

  detail() {
    const state = this.state();
    return {
      view: {
        state,
        executions: [
          this.execution(this.exec, this.approvalWaiting() ? "InProgress" : "InProgress", 4),
          this.execution("5d0b-old", "Succeeded", 90),
        ],
        nextToken: null,
      },
      summary: {
        name: "web-app",
        version: 3,
        pipelineType: "V2",
        executionMode: "SUPERSEDED",
        created: null,
        updated: null,
      },
      production: this.production,
      productionStages: [],
      seen: { connectionId: "sandbox", connection: "Local sandbox", region: "us-east-1" },
      approvals: this.approvalWaiting()
        ? [
            {
              pipeline: "web-app",
              stage: "Approval",
              action: "ManualApproval",
              pipelineExecutionId: this.exec,
              token: this.token,
              since: iso(1),
              expiresAt: new Date(Date.now() + 7 * 86_400_000 - 60_000).toISOString(),
            },
          ]
        : [],
      muted: false,
    };
  }

  /** Over both watched connections: the sandbox on screen, and "prod" with a failure. */
  badge() {
    const item = (connection, pipeline, kind, label) => ({ connection, pipeline, kind, label });
    const items = [
      item("Local sandbox", "data-jobs", "Failing", "data-jobs failed at Build › Compile"),
      item("prod", "billing", "Failing", "billing failed at Deploy › Deploy"),
    ];
    if (this.approvalWaiting())
      items.push(
        item("Local sandbox", "web-app", "ApprovalWaiting", "web-app: approve Approval › ManualApproval"),
      );
    return {
      waitingApprovals: this.approvalWaiting() ? 1 : 0,
      failingPipelines: 2,
      colour: "Failure",
      items,
      tooltip: "Pipewright",
    };
  }

  status() {
    return {
      connection: this.connection(),
      starting: false,
      error: null,
      badge: this.badge(),
      watching: ["Local sandbox", "prod"],
    };
  }

  /** Answers a control command, or returns undefined for the designer's backend. */
  handle(cmd, a) {
    if (!cmd.startsWith("control_")) return undefined;
    this.calls.push({ cmd, args: a });
    switch (cmd) {
      case "control_status":
      case "control_connect":
        return this.status();
      case "control_overview":
        return this.overview();
      case "control_view":
        if (this.active === "prod") {
          if (a.pipeline === "billing") return this.prodDetail();
          throw {
            kind: "not-found",
            message: `Pipeline \`${a.pipeline}\` does not exist in this account and region; check the name, the region and the connection`,
          };
        }
        if (a.pipeline === "mobile-release") return this.parallelDetail();
        if (a.pipeline === "api-dev")
          return {
            ...this.detail(),
            view: { ...this.detail().view, state: this.heldState() },
            approvals: [],
          };
        if (a.pipeline === "data-jobs")
          return {
            ...this.detail(),
            view: { ...this.detail().view, state: this.failedState() },
            approvals: [],
          };
        if (a.pipeline !== "web-app")
          return {
            ...this.detail(),
            view: { ...this.detail().view, state: { ...this.state(), pipelineName: a.pipeline } },
            approvals: [],
          };
        return this.detail();
      case "control_log_page":
        if (a.seen?.connection !== "Local sandbox" || a.seen?.region !== "us-east-1")
          throw { kind: "changed-since-review", message: "The active connection is not the one reviewed." };
        return this.logPage(a.request);
      case "control_why":
        if (a.seen?.connection !== "Local sandbox" || a.seen?.region !== "us-east-1")
          throw { kind: "changed-since-review", message: "The active connection is not the one reviewed." };
        return this.why(a.request);
      case "control_release":
        if (a.seen?.connection !== "Local sandbox" || a.seen?.region !== "us-east-1")
          throw { kind: "changed-since-review", message: "The active connection is not the one reviewed." };
        return this.release(a.approval);
      case "control_timeline":
      case "control_compare": {
        if (a.seen?.connection !== "Local sandbox" || a.seen?.region !== "us-east-1")
          throw { kind: "changed-since-review", message: "The active connection is not the one reviewed." };
        const run = (id) =>
          id === "5d0b-old" ? oldTimeline(id) : liveTimeline(id ?? this.exec, !this.approvalWaiting());
        return cmd === "control_timeline" ? run(a.execution) : compareTimelines(run(a.a), run(a.b));
      }
      case "control_execution_actions":
        return [
          {
            pipelineExecutionId: a.pipelineExecutionId,
            actionExecutionId: "ae-1",
            pipelineVersion: 3,
            stageName: "Build",
            actionName: "Build",
            status: "Succeeded",
            startTime: iso(4),
            lastUpdateTime: iso(3),
            updatedBy: null,
            category: "Build",
            provider: "CodeBuild",
            configuration: {},
            externalExecutionId: null,
            externalExecutionUrl: null,
            summary: "412 tests passed",
            error: null,
            outputVariables: {},
          },
          {
            pipelineExecutionId: a.pipelineExecutionId,
            actionExecutionId: "ae-2",
            pipelineVersion: 3,
            stageName: "Approval",
            actionName: "ManualApproval",
            status: this.approvalWaiting() ? "InProgress" : "Succeeded",
            startTime: iso(1),
            lastUpdateTime: iso(1),
            updatedBy: null,
            category: "Approval",
            provider: "Manual",
            configuration: {
              CustomData: "Check the checkout flow on staging first",
              ExternalEntityLink: "https://staging.example.com/releases/42",
            },
            externalExecutionId: null,
            externalExecutionUrl: null,
            summary: null,
            error: null,
            outputVariables: {},
          },
        ];
      case "control_decide": {
        const r = a.request;
        if (r.pipeline === "mobile-release") {
          const i = this.parallelWaiting.findIndex(
            (w) => w.exec === r.pipelineExecutionId && w.token === a.token,
          );
          if (!r.parallel || i < 0)
            throw {
              kind: "approval-stale",
              message: "This approval was already decided or has expired; the view was refreshed.",
            };
          const [w] = this.parallelWaiting.splice(i, 1);
          const status = r.decision.decision === "approve" ? "Approved" : "Rejected";
          const approval = {
            pipeline: r.pipeline,
            stage: r.stage,
            action: r.action,
            pipelineExecutionId: w.exec,
            token: w.token,
            since: null,
            expiresAt: null,
          };
          return { approval, status, state: this.parallelDetail().view.state };
        }
        if (r.decision.decision === "reject" && !r.decision.reason?.trim())
          throw { kind: "invalid", message: "a rejection needs a reason: say why the change must not go on" };
        if (this.production && r.decision.decision === "approve" && r.confirmation !== "web-app")
          throw {
            kind: "confirmation-required",
            message: "`web-app` is a production pipeline: type its name `web-app` to confirm this approval",
          };
        if (a.seen?.connection !== "Local sandbox" || a.seen?.region !== "us-east-1")
          throw { kind: "changed-since-review", message: "The active connection is not the one reviewed." };
        if (!this.approvalWaiting() || r.pipelineExecutionId !== this.exec || a.token !== this.token)
          throw {
            kind: "approval-stale",
            message: "This approval was already decided or has expired; the view was refreshed.",
          };
        this.decided = {
          status: r.decision.decision === "approve" ? "Approved" : "Rejected",
          summary: r.summary,
        };
        const approval = {
          pipeline: "web-app",
          stage: r.stage,
          action: r.action,
          pipelineExecutionId: this.exec,
          token: this.token,
          since: null,
          expiresAt: null,
        };
        return { approval, status: this.decided.status, state: this.state() };
      }
      case "control_settings":
        return this.settings;
      case "control_save_settings":
        this.settings = a.settings;
        return this.settings;
      case "control_watch_choices":
        return [
          {
            key: "local-sandbox",
            name: "Local sandbox",
            detail: "on this computer, not AWS",
            isSandbox: true,
            active: true,
            watching: true,
            problem: null,
          },
          {
            key: "id-prod",
            name: "prod",
            detail: "eu-west-1",
            isSandbox: false,
            active: false,
            watching: this.settings.watched.includes("id-prod"),
            problem: null,
          },
          {
            key: "id-mfa",
            name: "audit",
            detail: "us-east-1",
            isSandbox: false,
            active: false,
            watching: false,
            problem: "An MFA code is needed for audit: make it the active connection to enter one.",
          },
        ];
      case "control_open":
      case "control_open_link":
        return null;
      case "control_rule_executions":
        return a.pipeline !== "api-dev"
          ? []
          : [
              {
                pipelineExecutionId: this.heldExec,
                ruleExecutionId: "rule-1",
                stageName: "Deploy",
                ruleName: "Window",
                provider: "DeploymentWindow",
                status: this.held ? "InProgress" : "Abandoned",
                summary: "Held by deployment window cron(0 * 14 ? * * *) until 14:00 UTC",
                startTime: iso(2),
                lastUpdateTime: iso(2),
                error: null,
              },
            ];
      case "control_override":
        if (a.seen?.connection !== "Local sandbox" || a.seen?.region !== "us-east-1")
          throw { kind: "changed-since-review", message: "The active connection is not the one reviewed." };
        if (!this.held || a.pipeline !== "api-dev" || a.stage !== "Deploy" || a.condition !== "beforeEntry")
          throw { kind: "no-execution", message: "no execution of pipeline `api-dev` is held there" };
        if (a.pipelineExecutionId !== this.heldExec)
          throw { kind: "no-execution", message: "no execution of pipeline `api-dev` matches the one shown" };
        this.held = false;
        return this.heldExec;
      default:
        throw { kind: "unmocked", message: `The control fake does not implement "${cmd}".` };
    }
  }
}
