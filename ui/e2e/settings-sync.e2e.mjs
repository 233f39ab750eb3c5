// End-to-end test of the connections settings and the sync review screen in headless Chromium,
// with the Tauri IPC mocked (the harness of designer.e2e.mjs) and the connections and sync
// commands answered by a small stateful fake that records what the UI sent. The Rust side of
// these commands is tested through real IPC in src-tauri (remote_ipc_tests: keyring, moto).
// Screenshots go to test-artifacts/settings-sync/. Prints `N passed, N failed`.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { audit } from "./axe.mjs";
import { bundleIpcMock, launchBrowser, openApp, REPO_DIR, serveDist } from "./harness.mjs";

const ARTIFACTS = path.join(REPO_DIR, "test-artifacts", "settings-sync");
const FILES = path.join(ARTIFACTS, "files");
fs.rmSync(ARTIFACTS, { recursive: true, force: true });
fs.mkdirSync(FILES, { recursive: true });

const SECRET = "wJalrXUtnFEMI/K7MDENG/e2eSECRETvalue";
const tid = (id) => `[data-testid="${id}"]`;
const results = [];

/** The connections and sync commands, with state, recording every call. */
class RemoteFake {
  constructor() {
    this.calls = [];
    this.keyringProblem = null;
    this.connections = [
      {
        id: "sandbox-id",
        name: "Local sandbox",
        region: "us-east-1",
        endpointUrl: "http://127.0.0.1:4599",
        auth: { kind: "localSandbox" },
      },
    ];
    this.active = this.activeOf(this.connections[0], "us-east-1");
    this.remote = [
      { name: "alpha", version: null, pipelineType: "V2", updated: null },
      { name: "legacy", version: 4, pipelineType: "V1", updated: "2026-01-01T00:00:00Z" },
    ];
  }

  activeOf(c, region) {
    const sandbox = c.auth.kind === "localSandbox";
    const title = sandbox
      ? `${c.name} · ${region} · local sandbox, not AWS`
      : c.endpointUrl
        ? `${c.name} · ${region} · ${c.endpointUrl}`
        : `${c.name} · ${region}`;
    return {
      id: c.id,
      name: c.name,
      kind: c.auth.kind,
      region,
      endpointUrl: c.endpointUrl,
      isSandbox: sandbox,
      title,
    };
  }

  handles(cmd) {
    return cmd in this.table();
  }

  table() {
    const err = (kind, message) => {
      throw { kind, message };
    };
    return {
      active_connection: () => this.active,
      // No SSO connection here: no session to show.
      connection_sessions: () => [],
      list_connections: () => ({
        connections: this.connections,
        active: this.active,
        keyringProblem: this.keyringProblem,
        regions: ["us-east-1", "us-west-2", "eu-west-1"],
      }),
      aws_profiles: () => [
        {
          name: "dev",
          kind: "sso",
          region: "eu-west-1",
          sourceProfile: null,
          roleArn: null,
          ssoStartUrl: "https://x.awsapps.com/start",
          endpointUrl: null,
        },
      ],
      add_connection: ({ connection }) => {
        const { auth } = connection;
        const stored =
          auth.kind === "accessKey"
            ? {
                kind: "accessKey",
                accessKeyId: auth.accessKeyId,
                hasSessionToken: auth.sessionToken !== null,
                mfaSerial: auth.mfaSerial,
              }
            : auth;
        const c = {
          id: `id-${this.connections.length}`,
          name: connection.name,
          region: connection.region,
          endpointUrl: connection.endpointUrl,
          auth: stored,
        };
        this.connections.push(c);
        return c;
      },
      edit_connection: ({ id, edit }) => {
        const c = this.connections.find((x) => x.id === id) ?? err("notFound", "No such connection.");
        Object.assign(c, { name: edit.name, region: edit.region, endpointUrl: edit.endpointUrl });
        return c;
      },
      rotate_connection_secret: ({ id }) => this.connections.find((x) => x.id === id),
      remove_connection: ({ id }) => {
        const c = this.connections.find((x) => x.id === id) ?? err("notFound", "No such connection.");
        this.connections = this.connections.filter((x) => x.id !== id);
        if (this.active?.id === id) this.active = null;
        return c;
      },
      test_connection: ({ id }) => {
        const c = this.connections.find((x) => x.id === id);
        return {
          connection: this.activeOf(c, c.region ?? "us-east-1"),
          message: `Connected to ${c.name} (${c.region}): CodePipeline answered in 42 ms.`,
          firstPipeline: null,
          elapsedMs: 42,
        };
      },
      activate_connection: ({ id }) => {
        const c = this.connections.find((x) => x.id === id);
        this.active = this.activeOf(c, c.region ?? "us-east-1");
        return this.active;
      },
      switch_region: ({ region }) => {
        const c = this.connections.find((x) => x.id === this.active.id);
        this.active = this.activeOf(c, region);
        return this.active;
      },
      sync_plan: ({ paths }) => ({
        plan: PLAN,
        problems: [`${paths[0]}/notes.yaml is not a readable pipeline design`],
        connection: this.active,
        fingerprint: "plan-1",
      }),
      remote_pipelines: () => this.remote,
      sync_import: ({ request }) => ({
        imported: (request.names ?? this.remote.map((r) => r.name)).map((name) => ({
          name,
          path: path.join(request.folder, `${name}.${request.format}`),
          version: 1,
        })),
        failed: [],
      }),
      delete_remote_pipeline: ({ name, confirmName }) => {
        if (name !== confirmName) err("not-confirmed", "Refusing to delete.");
        this.remote = this.remote.filter((r) => r.name !== name);
        return [
          { kind: "rule", name: `codepipeline-${name}-main`, op: "delete" },
          { kind: "role", name: `pipewright-events-${name}`, op: "delete", error: "access denied" },
        ];
      },
    };
  }
}

const change = (pointer, phrase, before, after) => ({
  op: "replace",
  pointer,
  subject: pointer,
  phrase,
  before,
  after,
});
const PLAN = {
  pipelines: [
    {
      name: "alpha",
      source: "/designs/alpha.json",
      action: "create",
      changes: [],
      errors: [],
      recordStale: false,
      around: [
        {
          kind: "rule",
          name: "codepipeline-alpha-main",
          op: "create",
          pointer: "/pipeline/stages/0/actions/0",
          summary: "starts alpha on a push to main of repository alpha",
          differences: [],
        },
        {
          kind: "role",
          name: "pipewright-events-alpha",
          op: "missing",
          pointer: "",
          summary: "lets EventBridge start alpha",
          differences: [],
        },
      ],
      notes: [{ pointer: "/pipeline/stages/0/actions/1", message: "an S3 source needs a CloudTrail trail" }],
    },
    {
      name: "beta",
      source: "/designs/beta.json",
      action: "update",
      changes: [
        change(
          "/pipeline/stages/1/actions/0/configuration/ProjectName",
          "configuration key `ProjectName` of action `Compile` in stage `Build` changed from `old` to `new`",
          "old",
          "new",
        ),
      ],
      remoteVersion: 3,
      syncedVersion: 3,
      errors: [],
      recordStale: false,
    },
    {
      name: "broken",
      source: "/designs/broken.json",
      action: "invalid",
      changes: [],
      errors: [
        {
          code: "E101",
          severity: "error",
          message: "A pipeline needs at least two stages.",
          pointer: "/pipeline/stages",
          hint: null,
        },
      ],
      recordStale: false,
    },
    {
      name: "gamma",
      source: "/designs/gamma.json",
      action: "drifted",
      changes: [
        change(
          "/pipeline/stages/0/actions/0/configuration/BranchName",
          "configuration key `BranchName` of action `Fetch` in stage `Source` changed from `release` to `main`",
          "release",
          "main",
        ),
      ],
      remoteVersion: 5,
      syncedVersion: 2,
      drift: {
        syncedVersion: 2,
        remoteVersion: 5,
        reason: "the remote pipeline changed since the last sync",
      },
      errors: [],
      recordStale: false,
    },
    // As on the wire: `errors` is left out when empty.
    { name: "legacy", action: "remote-only", changes: [], remoteVersion: 4, recordStale: false },
  ],
  summary: { create: 1, update: 1, unchanged: 0, drifted: 1, remoteOnly: 1, invalid: 1 },
};

const server = await serveDist();
const mock = await bundleIpcMock();
const browser = await launchBrowser();
const { page, backend, problems } = await openApp(browser.context, server.url, mock, { dir: FILES });
page.setDefaultTimeout(10_000);
const fake = new RemoteFake();
const plainHandle = backend.handle.bind(backend);
let applyRequest = null;
// The connections and sync commands go to the fake; sync_apply also emits `sync-progress`.
backend.handle = async (cmd, args) => {
  if (cmd === "sync_apply") {
    backend.calls.push(cmd);
    fake.calls.push({ cmd, args });
    applyRequest = args.request;
    const names = args.request.only;
    let done = 0;
    const outcome = (n) => (n === "alpha" ? "created" : "updated");
    for (const name of names) {
      const start = { name, finished: null, done, total: names.length };
      await page.evaluate(
        (p) => window.__TAURI_INTERNALS__.invoke("plugin:event|emit", { event: "sync-progress", payload: p }),
        start,
      );
      done += 1;
      const end = { name, finished: outcome(name), done, total: names.length };
      await page.evaluate(
        (p) => window.__TAURI_INTERNALS__.invoke("plugin:event|emit", { event: "sync-progress", payload: p }),
        end,
      );
    }
    return {
      ok: true,
      value: {
        results: names.map((name) => ({
          name,
          source: `/designs/${name}.json`,
          outcome: outcome(name),
          label: outcome(name),
          problem: false,
          version: 6,
          error: null,
          transient: false,
          errors: [],
          drift: null,
          changes: [],
        })),
        problems: [],
        success: true,
      },
    };
  }
  if (fake.handles(cmd)) {
    backend.calls.push(cmd);
    fake.calls.push({ cmd, args });
    try {
      return { ok: true, value: fake.table()[cmd](args) ?? null };
    } catch (error) {
      return { ok: false, error };
    }
  }
  return plainHandle(cmd, args);
};
await page.reload();

let shotNo = 0;
/** A screenshot of the step, and an axe audit of what it shows (no serious or critical violation). */
async function shot(name) {
  shotNo += 1;
  const file = `${String(shotNo).padStart(2, "0")}-${name}`;
  await page.screenshot({ path: path.join(ARTIFACTS, `${file}.png`), fullPage: true });
  await audit(page, ARTIFACTS, file);
}

let stopped = false;
async function step(name, fn) {
  if (stopped) {
    results.push({ name, ok: false, error: "skipped: an earlier step failed" });
    console.log(`SKIP ${name}`);
    return;
  }
  try {
    await fn();
    results.push({ name, ok: true });
    console.log(`ok   ${name}`);
  } catch (err) {
    results.push({ name, ok: false, error: err });
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

const text = async (id) => (await page.textContent(tid(id))) ?? "";
const lastCall = (cmd) => [...fake.calls].reverse().find((c) => c.cmd === cmd);
async function until(fn, what) {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (await fn()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`timed out waiting for ${what}`);
}

await step("the title area shows the active connection at start", async () => {
  await page.waitForSelector(tid("view-bar"));
  await until(
    async () => (await text("connection-label")).includes("local sandbox, not AWS"),
    "the sandbox title",
  );
  assert.match(await text("connection-label"), /Local sandbox · us-east-1 · local sandbox, not AWS/);
});

await step("settings list the saved connections with the active one marked", async () => {
  await page.click(tid("view-settings"));
  await page.waitForSelector(tid("connection-row-Local sandbox"));
  await page.waitForSelector(tid("connection-active-Local sandbox"));
});

await step("adding access keys sends the secret once from a password field and never shows it", async () => {
  await page.click(tid("connection-add"));
  await page.fill(tid("connection-field-name"), "prod");
  await page.selectOption(tid("connection-field-kind"), "accessKey");
  await page.fill(tid("connection-field-region"), "eu-west-1");
  await page.fill(tid("connection-field-access-key-id"), "AKIAIOSFODNN7EXAMPLE");
  assert.equal(await page.getAttribute(tid("connection-field-secret"), "type"), "password");
  await page.fill(tid("connection-field-secret"), SECRET);
  await shot("add-connection");
  await page.click(tid("connection-save"));
  await page.waitForSelector(tid("connection-row-prod"));
  const sent = lastCall("add_connection").args.connection;
  assert.equal(sent.auth.secretAccessKey, SECRET);
  assert.equal(sent.region, "eu-west-1");
  assert.match(await text("connection-row-prod"), /AKIA…MPLE/);
  assert.ok(!(await page.content()).includes(SECRET), "the secret is not in the page");
  assert.equal(fake.calls.filter((c) => JSON.stringify(c.args).includes(SECRET)).length, 1, "sent once");
});

await step("a form with problems says what to fix and sends nothing", async () => {
  const before = fake.calls.length;
  await page.click(tid("connection-add"));
  await page.fill(tid("connection-field-name"), "prod");
  await page.click(tid("connection-save"));
  await page.waitForSelector("text=already exists");
  assert.equal(fake.calls.filter((c) => c.cmd === "add_connection").length, 1);
  assert.ok(fake.calls.length >= before);
  await page.click(`${tid("connection-form")} >> text=Cancel`);
});

await step("test connection answers in plain words", async () => {
  await page.click(tid("connection-test-prod"));
  await until(
    async () => (await text("connection-status-prod")).includes("Connected to prod"),
    "the test result",
  );
});

await step("use switches the active connection and region at once, title included", async () => {
  await page.click(tid("connection-use-prod"));
  await page.waitForSelector(tid("connection-active-prod"));
  // The bar over every view shows it, and so does the designer's title bar.
  assert.equal(await page.inputValue(tid("active-connection-select")), "id-1");
  await page.selectOption(tid("region-select"), "us-west-2");
  await until(async () => (await page.inputValue(tid("region-select"))) === "us-west-2", "the region switch");
  assert.equal(lastCall("switch_region").args.region, "us-west-2");
  await page.waitForSelector(`${tid("connection-active-prod")} >> text=us-west-2`);
  await page.click(tid("view-design"));
  await until(
    async () => (await text("connection-label")).includes("prod · us-west-2"),
    "the title to show prod",
  );
  await page.click(tid("view-settings"));
  await page.waitForSelector(tid("connection-row-prod"));
  await shot("settings");
});

await step("an AWS profile is picked from the profiles found in ~/.aws", async () => {
  await page.click(tid("connection-add"));
  await page.selectOption(tid("connection-field-kind"), "awsProfile");
  await page.waitForSelector(`${tid("connection-field-profile")} >> option[value="dev"]`, {
    state: "attached",
  });
  await page.fill(tid("connection-field-name"), "dev sso");
  await page.selectOption(tid("connection-field-profile"), "dev");
  await page.click(tid("connection-save"));
  await page.waitForSelector(tid("connection-row-dev sso"));
  assert.deepEqual(lastCall("add_connection").args.connection.auth, { kind: "awsProfile", profile: "dev" });
});

await step("deleting a connection asks first and removes it", async () => {
  await page.click(tid("connection-delete-dev sso"));
  await page.click(tid("connection-delete-go-dev sso"));
  await page.waitForSelector(tid("connection-row-dev sso"), { state: "detached" });
});

await step("without a Secret Service the screen says so and offers the other kinds", async () => {
  fake.keyringProblem =
    "No OS keyring (Secret Service) is available: use an AWS profile or environment credentials instead.";
  await page.click(tid("view-design"));
  await page.click(tid("view-settings"));
  await page.waitForSelector(tid("keyring-problem"));
  await page.click(tid("connection-add"));
  const kinds = await page.$$eval(`${tid("connection-field-kind")} option`, (os) => os.map((o) => o.value));
  assert.deepEqual(kinds, ["awsProfile", "environment", "localSandbox"]);
  await shot("no-keyring");
  await page.click(`${tid("connection-form")} >> text=Cancel`);
  fake.keyringProblem = null;
});

await step("the sync plan shows each pipeline's action with the field-level diff", async () => {
  await page.click(tid("view-sync"));
  backend.nextOpenPath = "/designs";
  await page.click(tid("sync-pick-folder"));
  await until(async () => (await text("sync-folder")) === "/designs", "the folder");
  await page.click(tid("sync-plan"));
  await page.waitForSelector(tid("sync-plan-result"));
  assert.deepEqual(lastCall("sync_plan").args, { paths: ["/designs"] });
  for (const [name, action] of [
    ["alpha", "create"],
    ["beta", "update"],
    ["broken", "invalid"],
    ["gamma", "drifted"],
    ["legacy", "remote only"],
  ]) {
    assert.equal((await text(`plan-action-${name}`)).trim(), action);
  }
  assert.equal(await page.isDisabled(tid("plan-check-broken")), true, "invalid designs cannot be applied");
  assert.equal(await page.isChecked(tid("plan-check-gamma")), false, "drifted ones wait for a choice");
  await page.click(tid("plan-expand-beta"));
  assert.match(await text("diff-beta"), /ProjectName/);
  assert.match(await text("diff-beta"), /old/);
  assert.match(await text("drift-gamma"), /synced from version 2, remote is version 5/);
  assert.match(await text("diff-gamma"), /BranchName/);
  // What makes alpha start, around the pipeline, with what apply does to each.
  assert.match(
    await text("around-alpha-rule-codepipeline-alpha-main"),
    /create\s*EventBridge rule codepipeline-alpha-main — starts alpha on a push to main/i,
  );
  assert.match(await text("around-alpha-role-pipewright-events-alpha"), /missing\s*IAM role/i);
  assert.match(await text("around-alpha"), /2 around: 1 create, 1 missing/);
  assert.match(await text("around-note-alpha"), /CloudTrail trail/);
  await page.waitForSelector(tid("plan-problem"));
});

await step("apply asks for confirmation and shows per-pipeline progress and results", async () => {
  await page.click(tid("drift-overwrite-gamma"));
  assert.equal(await page.isChecked(tid("plan-check-gamma")), true);
  await shot("sync-plan");
  await page.click(tid("sync-apply"));
  assert.match(await text("sync-apply-confirm"), /Create 1, update 1, overwrite 1 drifted pipelines/);
  await shot("sync-apply-confirm");
  await page.click(tid("sync-apply-go"));
  await page.waitForSelector(tid("apply-results"));
  assert.deepEqual(applyRequest, {
    paths: ["/designs"],
    only: ["alpha", "beta", "gamma"],
    overwrite: ["gamma"],
    pull: [],
    // Bound to what was reviewed: the plan's connection and region, and the plan itself.
    seen: { connectionId: fake.active.id, connection: fake.active.name, region: fake.active.region },
    fingerprint: "plan-1",
  });
  assert.match(await text("progress-alpha"), /created/);
  assert.match(await text("progress-gamma"), /updated/);
  assert.match(await text("apply-progress"), /3 of 3 done/);
  assert.match(await text("result-gamma"), /updated/);
  await shot("sync-applied");
});

await step("a remote pipeline is deleted only after its name is typed", async () => {
  await page.click(tid("delete-remote-legacy"));
  assert.equal(await page.isDisabled(tid("delete-remote-go-legacy")), true);
  await page.fill(tid("delete-remote-input-legacy"), "legac");
  assert.equal(await page.isDisabled(tid("delete-remote-go-legacy")), true);
  await page.fill(tid("delete-remote-input-legacy"), "legacy");
  await page.click(tid("delete-remote-go-legacy"));
  await until(async () => fake.calls.some((c) => c.cmd === "delete_remote_pipeline"), "the delete");
  assert.deepEqual(lastCall("delete_remote_pipeline").args, {
    name: "legacy",
    confirmName: "legacy",
    seen: { connectionId: fake.active.id, connection: fake.active.name, region: fake.active.region },
  });
  // What the delete removed around the pipeline, and what it could not.
  await page.waitForSelector(tid("deleted-legacy"));
  assert.match(await text("deleted-legacy"), /EventBridge rule codepipeline-legacy-main deleted/);
  assert.match(
    await text("deleted-legacy"),
    /IAM role pipewright-events-legacy was not deleted: access denied/,
  );
});

await step("import lists the remote pipelines and writes the picked ones to a folder", async () => {
  await page.click(tid("import-list"));
  await page.waitForSelector(tid("import-check-alpha"));
  await page.click(tid("import-all"));
  backend.nextOpenPath = "/imported";
  await page.click(tid("import-pick-folder"));
  await until(async () => (await text("import-folder")) === "/imported", "the import folder");
  await page.click(tid("import-go"));
  await page.waitForSelector(tid("import-result"));
  assert.deepEqual(lastCall("sync_import").args.request, {
    names: null,
    folder: "/imported",
    format: "json",
  });
  assert.match(await text("import-result"), /alpha/);
  await shot("import");
});

await step("the Sync view remembers its folder across visits and restarts", async () => {
  // The folder chosen in the plan step above, seen again after another view.
  await page.click(tid("view-settings"));
  await page.click(tid("view-sync"));
  assert.equal(await text("sync-folder"), "/designs");
  assert.equal(await page.isChecked(tid("sync-use-folder")), true);
  assert.equal(await page.isEnabled(tid("sync-plan")), true);
  // And after a restart of the window.
  await page.reload();
  await page.click(tid("view-sync"));
  assert.equal(await text("sync-folder"), "/designs");
  await page.click(tid("sync-plan"));
  await page.waitForSelector(tid("sync-plan-result"));
  assert.deepEqual(lastCall("sync_plan").args, { paths: ["/designs"] });
});

await step("with a design open and no folder chosen yet, the Sync view plans the open design", async () => {
  const design = path.join(FILES, "shop.json");
  fs.writeFileSync(
    design,
    JSON.stringify({
      pipeline: {
        name: "shop",
        roleArn: "arn:aws:iam::123456789012:role/shop",
        artifactStore: { type: "S3", location: "shop-bucket" },
        stages: [
          {
            name: "Source",
            actions: [
              {
                name: "Source",
                actionTypeId: { category: "Source", owner: "AWS", provider: "S3", version: "1" },
                configuration: { S3Bucket: "b", S3ObjectKey: "k.zip" },
                outputArtifacts: [{ name: "Src" }],
              },
            ],
          },
          {
            name: "Approve",
            actions: [
              {
                name: "Approve",
                actionTypeId: { category: "Approval", owner: "AWS", provider: "Manual", version: "1" },
              },
            ],
          },
        ],
      },
    }),
  );
  // A first start with this design: nothing chosen in the Sync view yet.
  await page.evaluate(() => localStorage.removeItem("pipewright.sync.source"));
  backend.startupFile = design;
  await page.reload();
  await until(
    async () => (await page.textContent(tid("document-title")))?.includes("shop.json"),
    "the design",
  );
  await page.click(tid("view-sync"));
  assert.equal(await text("sync-folder"), "none");
  assert.equal(await page.isChecked(tid("sync-use-open")), true);
  assert.equal(await page.isDisabled(tid("sync-use-folder")), true, "no folder to choose yet");
  await shot("sync-open-design");
  await page.click(tid("sync-plan"));
  await until(async () => lastCall("sync_plan")?.args.paths[0] === design, "a plan of the open design");
  // A folder chosen now wins over the open design, on this visit and the next.
  backend.nextOpenPath = "/designs";
  await page.click(tid("sync-pick-folder"));
  await until(async () => (await text("sync-folder")) === "/designs", "the folder");
  assert.equal(await page.isChecked(tid("sync-use-folder")), true);
  await page.click(tid("view-design"));
  await page.click(tid("view-sync"));
  assert.equal(await page.isChecked(tid("sync-use-folder")), true);
  // Going back to the open design is remembered too.
  await page.click(tid("sync-use-open"));
  await page.click(tid("view-design"));
  await page.click(tid("view-sync"));
  assert.equal(await page.isChecked(tid("sync-use-open")), true);
  backend.startupFile = null;
});

await step("no unmocked command was called and the page logged no errors", async () => {
  // The control room (another view, tested elsewhere) may ask for its own commands.
  assert.deepEqual(
    backend.unmocked.filter((c) => !c.startsWith("control_")),
    [],
  );
  assert.deepEqual(
    problems.filter((p) => !p.includes("control_")),
    [],
  );
});

await browser.close();
await server.close();

const passed = results.filter((r) => r.ok).length;
const failed = results.length - passed;
console.log(`settings-sync e2e: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
