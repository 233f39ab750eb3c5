// End-to-end test of the connections settings and the sync review screen in the REAL desktop app
// through WebDriver (tauri-driver + WebKitWebDriver). Every answer comes from the app's own Rust
// commands against the embedded local sandbox (the control room, opened from its tab, starts it
// and makes "Local sandbox" the active connection): test the connection, plan the open design (create), apply it
// with progress and a result, see the sync record written into the file, list the remote
// pipelines and delete the new one after typing its name.
//
//   node tests/webdriver/settings-sync.mjs --app <pipewright-app> --work <dir> --out <dir>
//
// Run it inside scripts/with-session.sh (Xvfb + D-Bus); tests/suites/42-settings-sync-webdriver.sh does.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { startDriver, until } from "./webdriver.mjs";

const { values: opts } = parseArgs({
  options: {
    app: { type: "string" },
    work: { type: "string" },
    out: { type: "string", default: "test-artifacts/webdriver-settings-sync" },
    driver: { type: "string", default: "tauri-driver" },
  },
});
if (!opts.app || !opts.work) {
  console.error("usage: settings-sync.mjs --app <binary> --work <dir> [--out <dir>]");
  process.exit(2);
}
const out = path.resolve(opts.out);
mkdirSync(out, { recursive: true });
const NAME = "wd-sync-demo";
const SECRET = "wdSecretAccessKey/pipewright/0123456789";
const design = path.join(path.resolve(opts.work), `${NAME}.json`);
const tid = (id) => `[data-testid="${id}"]`;

function check(cond, message) {
  if (!cond) throw new Error(message);
}

function writeDesign() {
  const doc = {
    pipeline: {
      name: NAME,
      roleArn: "arn:aws:iam::123456789012:role/pipewright-demo",
      artifactStore: { type: "S3", location: "pipewright-artifacts" },
      stages: [
        {
          name: "Source",
          actions: [
            {
              name: "Fetch",
              actionTypeId: { category: "Source", owner: "AWS", provider: "S3", version: "1" },
              runOrder: 1,
              configuration: {
                S3Bucket: "src-bucket",
                S3ObjectKey: "src.zip",
                PollForSourceChanges: "false",
              },
              outputArtifacts: [{ name: "SourceOut" }],
            },
          ],
        },
        {
          name: "Build",
          actions: [
            {
              name: "Compile",
              actionTypeId: { category: "Build", owner: "AWS", provider: "CodeBuild", version: "1" },
              runOrder: 1,
              configuration: { ProjectName: "demo" },
              inputArtifacts: [{ name: "SourceOut" }],
            },
          ],
        },
      ],
      pipelineType: "V2",
      executionMode: "QUEUED",
    },
  };
  writeFileSync(design, `${JSON.stringify(doc, null, 2)}\n`);
}

async function type(wd, css, text) {
  const id = await wd.waitFor(css);
  await wd.call("POST", wd.s(`/element/${id}/value`), { text });
}

async function textOf(wd, css, timeoutMs) {
  return wd.text(await wd.waitFor(css, timeoutMs));
}

async function main() {
  writeDesign();
  const { wd, log: driverLog, stop, port } = await startDriver({ driver: opts.driver, out });
  console.log(`tauri-driver on 127.0.0.1:${port}`);
  try {
    await wd.start({ "tauri:options": { application: path.resolve(opts.app), args: [design] } });
    console.log(`session ${wd.session}: ${opts.app} ${design}`);
    await wd.waitFor(tid("stage-Build"), 30000);

    // 1. Opening the control room (its tab) starts the local sandbox and makes it the active
    // connection: the settings show it.
    await wd.click(await wd.waitFor(tid("view-control")));
    await until(
      "the control room on the local sandbox",
      async () => /Local sandbox/.test(await textOf(wd, tid("control-connection"), 30000)),
      30000,
    );
    await wd.click(await wd.waitFor(tid("view-settings")));
    await wd.waitFor(tid("connection-active-Local sandbox"), 30000);
    await wd.click(await wd.waitFor(tid("connection-test-Local sandbox")));
    const tested = await until("the test result", async () => {
      const t = await textOf(wd, tid("connection-status-Local sandbox"));
      return t.includes("Testing") ? null : t;
    });
    check(/Local sandbox/.test(tested) && !/Could not/.test(tested), `test connection said: ${tested}`);
    console.log(`test connection: ${tested}`);
    await wd.screenshot("01-connections");

    // 2. Plan the open design against it: one pipeline to create.
    await wd.click(await wd.waitFor(tid("view-sync")));
    await wd.click(await wd.waitFor(tid("sync-use-open")));
    await wd.click(await wd.waitFor(tid("sync-plan")));
    const action = await textOf(wd, tid(`plan-action-${NAME}`), 30000);
    check(action.trim().toLowerCase() === "create", `the plan says ${action}`);
    const summary = await textOf(wd, tid("plan-summary"));
    check(summary.includes("Local sandbox"), `the plan names the connection: ${summary}`);
    await wd.screenshot("02-plan");

    // 3. Apply after confirming: progress and result per pipeline, the design file gets its record.
    await wd.click(await wd.waitFor(tid("sync-apply")));
    await wd.click(await wd.waitFor(tid("sync-apply-go")));
    const result = await textOf(wd, tid(`result-${NAME}`), 30000);
    check(/created/i.test(result), `the result says ${result}`);
    const progress = await textOf(wd, tid(`progress-${NAME}`));
    check(/created/.test(progress), `the progress says ${progress}`);
    const saved = await until("the sync record in the design file", () => {
      const doc = JSON.parse(readFileSync(design, "utf8"));
      return doc.pipewright?.sync?.version ? doc : null;
    });
    console.log(`applied: ${NAME} created, design synced from version ${saved.pipewright.sync.version}`);
    const replanned = await until("the new plan", async () => {
      const t = await textOf(wd, tid(`plan-action-${NAME}`));
      return /unchanged/i.test(t) ? t : null;
    });
    check(/unchanged/i.test(replanned), replanned);
    await wd.screenshot("03-applied");

    // 4. The remote list has it; delete it only after typing its name.
    await wd.click(await wd.waitFor(tid("import-list")));
    await wd.waitFor(tid(`import-check-${NAME}`), 30000);
    await wd.click(await wd.waitFor(`${tid("import-panel")} ${tid(`delete-remote-${NAME}`)}`));
    await type(wd, `${tid("import-panel")} ${tid(`delete-remote-input-${NAME}`)}`, NAME);
    await wd.click(await wd.waitFor(`${tid("import-panel")} ${tid(`delete-remote-go-${NAME}`)}`));
    await until(
      "the pipeline to leave the remote list",
      async () => (await wd.findAll(tid(`import-check-${NAME}`))).length === 0,
    );
    console.log(`deleted ${NAME} from the sandbox after typing its name`);
    await wd.screenshot("04-deleted");

    // 5. Access keys in the session's real Secret Service: add (secret typed once into a
    //    password field), test against the sandbox endpoint, never shown back, delete.
    await wd.click(await wd.waitFor(tid("view-settings")));
    const sandboxRow = await textOf(wd, tid("connection-row-Local sandbox"));
    const endpoint = sandboxRow.match(/http:\/\/127\.0\.0\.1:\d+/)?.[0];
    check(endpoint, `the sandbox row shows its endpoint: ${sandboxRow}`);
    await wd.click(await wd.waitFor(tid("connection-add")));
    await type(wd, tid("connection-field-name"), "wd keys");
    await type(wd, tid("connection-field-access-key-id"), "AKIAIOSFODNN7EXAMPLE");
    const secretField = await wd.waitFor(tid("connection-field-secret"));
    const fieldType = await wd.call("GET", wd.s(`/element/${secretField}/attribute/type`));
    check(fieldType === "password", `the secret field is a ${fieldType} field`);
    await type(wd, tid("connection-field-secret"), SECRET);
    await type(wd, tid("connection-field-endpoint"), endpoint);
    await wd.click(await wd.find(tid("connection-save")));
    await wd.waitFor(tid("connection-row-wd keys"), 15000);
    await wd.click(await wd.waitFor(tid("connection-test-wd keys")));
    const keysTested = await until("the access-key test", async () => {
      const t = await textOf(wd, tid("connection-status-wd keys"));
      return t.includes("Testing") ? null : t;
    });
    check(/Connected to wd keys/.test(keysTested), `test connection said: ${keysTested}`);
    const source = await wd.call("GET", wd.s("/source"));
    check(!source.includes(SECRET), "the secret is not in the page");
    console.log(`access keys: ${keysTested}`);
    await wd.screenshot("05-access-keys");
    await wd.click(await wd.waitFor(tid("connection-delete-wd keys")));
    await wd.click(await wd.waitFor(tid("connection-delete-go-wd keys")));
    await until(
      "the connection to go",
      async () => (await wd.findAll(tid("connection-row-wd keys"))).length === 0,
    );

    // 6. Switch the region at once: the designer's title bar follows.
    // (WebKitWebDriver's option click does not fire the select's change event: pick it by script.)
    await wd.waitFor(`${tid("region-select")} option[value="eu-west-1"]`);
    // The select may re-render while the connection list reloads; pick again until it sticks.
    const pick = () =>
      wd.script(
        `const s = document.querySelector('${tid("region-select")}');
         if (s && s.value !== "eu-west-1") {
           s.value = "eu-west-1";
           s.dispatchEvent(new Event("change", { bubbles: true }));
         }`,
      );
    await pick();
    await wd.click(await wd.waitFor(tid("view-design")));
    // The designer's own connection label shows only in windows 1400 px and wider (the view bar
    // names the connection already), so read what it holds rather than what is painted.
    const label = await until("the title bar to show eu-west-1", async () => {
      const t = String(
        (await wd.script(
          `return document.querySelector('${tid("connection-label")}')?.textContent ?? "";`,
        )) ?? "",
      );
      if (t.includes("eu-west-1")) return t;
      await pick();
      return null;
    });
    console.log(`title bar: ${label}`);
    await wd.screenshot("06-region");
  } catch (e) {
    await wd.screenshot("FAILED").catch(() => {});
    console.error(driverLog.join("").split("\n").slice(-30).join("\n"));
    throw e;
  } finally {
    await stop();
  }
}

main().then(
  () => {
    console.log("webdriver settings-sync: passed");
    process.exit(0);
  },
  (e) => {
    console.error(`webdriver settings-sync: FAILED: ${e.stack ?? e}`);
    process.exit(1);
  },
);
