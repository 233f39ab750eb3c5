// End-to-end test of the control room in headless Chromium (playwright-core + /usr/bin/chromium),
// reusing the designer's harness. The control commands are answered by a small stateful fake of
// the backend here (pipelines, a waiting approval, tokens that go stale); everything else goes to
// the designer's test backend. Screenshots go to test-artifacts/control/. Prints `N passed, N failed`.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { Backend } from "./backend.mjs";
import { bundleIpcMock, launchBrowser, REPO_DIR, serveDist } from "./harness.mjs";

const ARTIFACTS = path.join(REPO_DIR, "test-artifacts", "control");
fs.rmSync(ARTIFACTS, { recursive: true, force: true });
fs.mkdirSync(path.join(ARTIFACTS, "files"), { recursive: true });

const tid = (id) => `[data-testid="${id}"]`;
const results = [];
const iso = (minutesAgo) => new Date(Date.now() - minutesAgo * 60_000).toISOString();

/** The control room's backend, faked: enough state to approve, reject and go stale. */
class ControlFake {
  constructor() {
    this.calls = [];
    this.token = "token-1";
    this.decided = null;
    this.exec = "7c1e2a90-aaaa-bbbb-cccc-000000000001";
    /** Marks web-app as production (the typed-name confirmation). */
    this.production = false;
    this.settings = { quietHours: null, muted: [], production: [], watched: ["id-prod"] };
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
    return [
      item("web-app", "InProgress", this.approvalWaiting() ? ["Approval › ManualApproval"] : []),
      item("data-jobs", "Failed", [], true, "Build › Compile"),
      item("api-dev", "Succeeded"),
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
      approvals: this.approvalWaiting()
        ? [
            {
              pipeline: "web-app",
              stage: "Approval",
              action: "ManualApproval",
              pipelineExecutionId: this.exec,
              token: this.token,
              since: iso(1),
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
      connection: {
        id: "sandbox",
        name: "Local sandbox",
        kind: "localSandbox",
        region: "us-east-1",
        endpointUrl: "http://127.0.0.1:4566",
        isSandbox: true,
        title: "Local sandbox · us-east-1 · local sandbox, not AWS",
      },
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
        if (a.pipeline !== "web-app")
          return {
            ...this.detail(),
            view: { ...this.detail().view, state: { ...this.state(), pipelineName: a.pipeline } },
            approvals: [],
          };
        return this.detail();
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
        ];
      case "control_decide": {
        const r = a.request;
        if (r.decision.decision === "reject" && !r.decision.reason?.trim())
          throw { kind: "invalid", message: "a rejection needs a reason: say why the change must not go on" };
        if (this.production && r.decision.decision === "approve" && r.confirmation !== "web-app")
          throw {
            kind: "confirmation-required",
            message: "`web-app` is a production pipeline: type its name `web-app` to confirm this approval",
          };
        if (!this.approvalWaiting() || r.pipelineExecutionId !== this.exec)
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
        return null;
      default:
        throw { kind: "unmocked", message: `The control fake does not implement "${cmd}".` };
    }
  }
}

const server = await serveDist();
const mock = await bundleIpcMock();
const browser = await launchBrowser();
const backend = new Backend({ dir: path.join(ARTIFACTS, "files") });
const control = new ControlFake();
const page = browser.context.pages()[0] ?? (await browser.context.newPage());
await page.exposeFunction("__pwBackend", async (cmd, args) => {
  try {
    const answer = control.handle(cmd, args ?? {});
    if (answer !== undefined) return { ok: true, value: answer };
    // The connection settings screen (reached from the control room) lists none.
    if (cmd === "list_connections")
      return {
        ok: true,
        value: { connections: [], active: null, keyringProblem: null, regions: ["us-east-1"] },
      };
    // The control room opens first on the sandbox, as the real app does for a new user.
    if (cmd === "app_info")
      return { ok: true, value: { ...(await backend.handle(cmd, args)), firstView: "control" } };
    return await backend.handle(cmd, args);
  } catch (error) {
    return { ok: false, error };
  }
});
await page.addInitScript({ content: mock });
const problems = [];
page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
page.on("console", (m) => {
  if (m.type() === "error") problems.push(`console error: ${m.text()}`);
});
page.setDefaultTimeout(10_000);
await page.goto(server.url);

let shotNo = 0;
async function shot(name) {
  shotNo += 1;
  await page.screenshot({ path: path.join(ARTIFACTS, `${String(shotNo).padStart(2, "0")}-${name}.png`) });
}

/** Waits until `cond()` holds (a fake call made by a click). */
async function until(cond, ms = 5000) {
  for (const end = Date.now() + ms; !cond(); ) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms`);
    await page.waitForTimeout(50);
  }
}

let stopped = false;
async function step(name, fn) {
  if (stopped) {
    results.push({ name, ok: false });
    console.log(`SKIP ${name}`);
    return;
  }
  try {
    await fn();
    results.push({ name, ok: true });
    console.log(`ok   ${name}`);
  } catch (err) {
    results.push({ name, ok: false });
    console.log(
      `FAIL ${name}\n     ${String(err?.stack ?? err)
        .split("\n")
        .slice(0, 6)
        .join("\n     ")}`,
    );
    await page
      .screenshot({ path: path.join(ARTIFACTS, `FAILED-${name.replace(/\W+/g, "-")}.png`) })
      .catch(() => {});
    stopped = true;
  }
}

await step("the control room opens first, labelled as the local sandbox", async () => {
  await page.waitForSelector(tid("control-room"));
  await page.waitForSelector(tid("sandbox-banner"));
  assert.match(await page.textContent(tid("sandbox-badge")), /Sandbox/);
  assert.match(await page.textContent(tid("control-connection")), /Local sandbox/);
  await page.waitForSelector(tid("pipeline-row-web-app"));
  await page.waitForSelector(tid("pipeline-row-data-jobs"));
});

await step("the pipeline asking for attention is open with its pending approval", async () => {
  await page.waitForSelector(tid("approval-Approval-ManualApproval"));
  assert.match(await page.textContent(tid("cr-stage-Build")), /412 tests passed/);
  assert.match(await page.textContent(tid("count-approvals")), /1 approval waiting/);
  await shot("pending-approval");
});

await step("history rows open their action executions", async () => {
  await page.click(tid(`history-${control.exec}`));
  await page.waitForSelector("text=412 tests passed >> nth=1");
});

await step("reject needs a reason before it can be sent", async () => {
  await page.click(tid("reject-button"));
  await page.waitForSelector(tid("control-dialog"));
  assert.equal(await page.isDisabled(tid("dialog-submit")), true);
  await page.fill(tid("dialog-reason"), "Not today");
  assert.equal(await page.isDisabled(tid("dialog-submit")), false);
  await page.click("text=Cancel");
  await page.waitForSelector(tid("control-dialog"), { state: "detached" });
});

await step("approve with a summary: the approval is decided and the view updates", async () => {
  await page.click(tid("approve-button"));
  await page.fill(tid("dialog-summary"), "Staging checked, ship it");
  await shot("approve-dialog");
  await page.click(tid("dialog-submit"));
  await page.waitForSelector(tid("control-dialog"), { state: "detached" });
  await page.waitForSelector(tid("approval-Approval-ManualApproval"), { state: "detached" });
  assert.match(
    await page.textContent(tid("control-notice")),
    /Approved Approval › ManualApproval of web-app/,
  );
  assert.match(await page.textContent(tid("cr-action-Approval-ManualApproval")), /Staging checked, ship it/);
  const decide = control.calls.find((c) => c.cmd === "control_decide");
  assert.equal(decide.args.request.summary, "Staging checked, ship it");
  assert.equal(decide.args.request.pipelineExecutionId, control.exec);
  assert.deepEqual(decide.args.request.decision, { decision: "approve" });
  await shot("approved");
});

await step("a stale approval says so and refreshes the view", async () => {
  // Another person approved meanwhile: the UI still shows the old approval until it refreshes.
  control.decided = null;
  control.exec = "9f00-new-run";
  await page.click("text=↻ Refresh");
  await page.waitForSelector(tid("approval-Approval-ManualApproval"));
  await page.click(tid("approve-button"));
  control.decided = { status: "Approved", summary: "approved by someone else" };
  await page.click(tid("dialog-submit"));
  await page.waitForSelector(tid("control-dialog"), { state: "detached" });
  assert.match(await page.textContent(tid("control-notice")), /already decided/);
  await page.waitForSelector(tid("approval-Approval-ManualApproval"), { state: "detached" });
  assert.match(await page.textContent(tid("cr-action-Approval-ManualApproval")), /approved by someone else/);
  await shot("stale");
});

await step("a production pipeline asks for its name typed back before approving", async () => {
  control.production = true;
  control.decided = null;
  control.exec = "prod-run-0001";
  await page.click("text=↻ Refresh");
  await page.waitForSelector(tid("approval-Approval-ManualApproval"));
  await page.click(tid("approve-button"));
  await page.waitForSelector(tid("dialog-confirm-name"));
  assert.equal(await page.isDisabled(tid("dialog-submit")), true);
  await page.fill(tid("dialog-confirm-name"), "web-ap");
  assert.equal(await page.isDisabled(tid("dialog-submit")), true);
  await page.fill(tid("dialog-confirm-name"), "web-app");
  await shot("production-confirmation");
  await page.click(tid("dialog-submit"));
  await page.waitForSelector(tid("control-dialog"), { state: "detached" });
  const decide = control.calls.filter((c) => c.cmd === "control_decide").at(-1);
  assert.equal(decide.args.request.confirmation, "web-app");
  assert.match(await page.textContent(tid("control-notice")), /Approved/);
  control.production = false;
});

await step("another watched connection's failure shows and opens on its connection", async () => {
  assert.match(await page.textContent(tid("count-failing")), /^1 failing$/);
  assert.match(await page.textContent(tid("elsewhere")), /prod: billing/);
  await page.click(tid("elsewhere-prod-billing"));
  await until(() => control.calls.some((c) => c.cmd === "control_open"));
  const open = control.calls.find((c) => c.cmd === "control_open");
  assert.deepEqual(open.args, { connection: "prod", pipeline: "billing" });
});

await step("the settings choose the connections to watch", async () => {
  await page.click(tid("control-settings"));
  await page.waitForSelector(tid("settings-watch"));
  assert.equal(await page.isChecked(tid("watch-prod")), true);
  assert.equal(await page.isChecked(tid("watch-Local sandbox")), false);
  assert.match(await page.textContent(tid("watch-note-Local sandbox")), /while it is the active connection/);
  await page.check(tid("watch-audit"));
  assert.match(await page.textContent(tid("watch-note-audit")), /MFA code/);
  await page.uncheck(tid("watch-prod"));
  assert.match(await page.textContent(tid("watch-note-prod")), /stops being watched/);
  await shot("watch-settings");
  await page.click(tid("dialog-submit"));
  await page.waitForSelector(tid("control-dialog"), { state: "detached" });
  const save = control.calls.filter((c) => c.cmd === "control_save_settings").at(-1);
  assert.deepEqual(save.args.settings.watched, ["id-mfa"]);
  assert.match(await page.textContent(tid("control-notice")), /Settings saved/);
});

await step("the designer is one click away and back", async () => {
  await page.click(tid("view-design"));
  await page.waitForSelector(tid("control-room"), { state: "detached" });
  await page.click(tid("view-control"));
  await page.waitForSelector(tid("control-room"));
});

await step("Connections… opens the connection settings on the designer's side", async () => {
  await page.click(tid("control-connections"));
  await page.waitForSelector(tid("control-room"), { state: "detached" });
  await page.waitForSelector(tid("view-bar"));
  await page.click(tid("view-control"));
  await page.waitForSelector(tid("control-room"));
});

await step("dark mode keeps the control room readable", async () => {
  await page.emulateMedia({ colorScheme: "dark" });
  await page.waitForSelector(tid("pipeline-view"));
  await shot("dark");
  await page.emulateMedia({ colorScheme: "light" });
});

await step("no unmocked command was called and the page logged no errors", async () => {
  assert.deepEqual(backend.unmocked, []);
  assert.deepEqual(problems, []);
});

await browser.close();
await server.close();
const passed = results.filter((r) => r.ok).length;
const failed = results.length - passed;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
