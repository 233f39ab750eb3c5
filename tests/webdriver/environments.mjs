// End-to-end test of environments, IaC exports and the GitHub v1 migration in the REAL desktop
// app through WebDriver (tauri-driver + WebKitWebDriver): every answer comes from the app's own
// Rust commands (render_environment, environment_differences, validate_document, export_iac,
// migrate_github_v1, save_design). The design is core's `github-v1-polling` template (filled with
// its examples by `pipewright new`) with dev/prod environments added.
//
//   node tests/webdriver/environments.mjs --app <pipewright-app> --cli <pipewright> --work <dir> --out <dir>
//
// Run it inside scripts/with-session.sh (Xvfb + D-Bus); tests/suites/41-environments-webdriver.sh does.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { startDriver, until } from "./webdriver.mjs";

const { values: opts } = parseArgs({
  options: {
    app: { type: "string" },
    cli: { type: "string" },
    work: { type: "string" },
    out: { type: "string", default: "test-artifacts/webdriver-environments" },
    driver: { type: "string", default: "tauri-driver" },
  },
});
if (!opts.app || !opts.cli || !opts.work) {
  console.error("usage: environments.mjs --app <binary> --cli <pipewright> --work <dir> [--out <dir>]");
  process.exit(2);
}
const out = path.resolve(opts.out);
mkdirSync(out, { recursive: true });
const design = path.join(path.resolve(opts.work), "github-envs.json");
const tid = (id) => `[data-testid="${id}"]`;
const ARN = "arn:aws:codestar-connections:eu-west-1:123456789012:connection/0f1e2d3c-wd";

function check(cond, message) {
  if (!cond) throw new Error(message);
}

/** The design: the GitHub v1 template with two environments, prod with an approval first. */
function writeDesign() {
  execFileSync(opts.cli, ["new", "--template", "github-v1-polling", "--examples", "-o", design]);
  const doc = JSON.parse(readFileSync(design, "utf8"));
  doc.pipewright.environments = {
    dev: { nameSuffix: "-dev", branch: "develop" },
    prod: {
      nameSuffix: "-prod",
      branch: "main",
      extraStages: [
        {
          before: "Build",
          stage: {
            name: "Approve",
            actions: [
              {
                name: "Release",
                actionTypeId: { category: "Approval", owner: "AWS", provider: "Manual", version: "1" },
                runOrder: 1,
              },
            ],
          },
        },
      ],
    },
  };
  writeFileSync(design, `${JSON.stringify(doc, null, 2)}\n`);
  return doc;
}

async function texts(wd, css) {
  const ids = await wd.findAll(css);
  return Promise.all(ids.map((id) => wd.text(id)));
}

async function type(wd, css, text) {
  const id = await wd.waitFor(css);
  await wd.call("POST", wd.s(`/element/${id}/value`), { text });
}

async function main() {
  const before = writeDesign();
  const name = before.pipeline.name;
  const { wd, log: driverLog, stop, port } = await startDriver({ driver: opts.driver, out });
  console.log(`tauri-driver on 127.0.0.1:${port}`);
  try {
    await wd.start({ "tauri:options": { application: path.resolve(opts.app), args: [design] } });
    console.log(`session ${wd.session}: ${opts.app} ${design}`);

    // 1. The base design, with the switcher and the GitHub v1 banner (core's W001 message).
    await wd.waitFor(tid("environment-switcher"), 30000);
    await wd.waitFor(tid("github-v1-banner"));
    const lint = await wd.text(await wd.waitFor(tid("github-lint-W001")));
    check(/GitHub version 1/.test(lint), `W001 says: ${lint}`);
    await wd.screenshot("01-base");

    // 2. dev: rendered by the app, read-only, with the differences from prod phrased.
    await wd.click(await wd.waitFor(tid("environment-option-dev")));
    await wd.waitFor(`${tid("environment-canvas")} ${tid("stage-Build")}`);
    const diffs = await until("the differences dev -> prod", async () => {
      const t = await texts(wd, tid("difference"));
      return t.length > 0 ? t : null;
    });
    for (const want of [
      `pipeline name: ${name}-dev -> ${name}-prod`,
      "Source/Source Branch: develop -> main",
      "stage Approve only in prod",
    ])
      check(diffs.includes(want), `no difference "${want}" in:\n${diffs.join("\n")}`);
    const readOnly = await wd.text(await wd.find(tid("environment-readonly")));
    check(readOnly.includes(`${name}-dev`), `the banner names the dev pipeline: ${readOnly}`);
    await wd.waitFor(tid("env-problem-W001"));
    await wd.screenshot("02-dev");

    // 3. The Terraform of prod: the app's export, notes shown before saving.
    await wd.click(await wd.waitFor(tid("environment-option-prod")));
    await wd.waitFor(`${tid("environment-canvas")} ${tid("stage-Approve")}`);
    await wd.click(await wd.find(tid("export-menu")));
    await wd.click(await wd.waitFor(tid("export-terraform")));
    const preview = await wd.text(await wd.waitFor(tid("export-preview")));
    check(
      /resource "aws_codepipeline"/.test(preview) && preview.includes(`${name}-prod`),
      preview.slice(0, 400),
    );
    const notes = await texts(wd, tid("export-note"));
    check(
      notes.some((n) => /OAuthToken/.test(n)),
      `a note about the OAuth token: ${notes.join("\n")}`,
    );
    await wd.screenshot("03-export-notes");
    await wd.click(await wd.find(`${tid("export-dialog")} button`));
    await until(
      "the export dialog to close",
      async () => (await wd.findAll(tid("export-dialog"))).length === 0,
    );

    // 4. Back to the base; migrate to a CodeStar connection with the app's migration, then save.
    await wd.click(await wd.find(tid("environment-option-base")));
    await wd.click(await wd.waitFor(tid("github-migrate")));
    await type(wd, tid("github-migrate-arn"), ARN);
    await wd.click(await wd.find(tid("github-migrate-apply")));
    const changes = await until("the migration's changes", async () => {
      const t = await texts(wd, tid("github-migrate-change"));
      return t.length > 0 ? t : null;
    });
    check(
      changes.some((c) => c.includes("Source/Source")),
      changes.join("\n"),
    );
    await wd.screenshot("04-migrated");
    await wd.click(await wd.find(tid("github-migrate-done")));
    await until("the banner to go", async () => (await wd.findAll(tid("github-v1-banner"))).length === 0);
    await wd.click(await wd.find(tid("save")));
    const saved = await until(
      "the saved design to use the connection",
      () => {
        const doc = JSON.parse(readFileSync(design, "utf8"));
        return doc.pipeline.stages[0].actions[0].actionTypeId.provider === "CodeStarSourceConnection"
          ? doc
          : null;
      },
      15000,
    );
    const source = saved.pipeline.stages[0].actions[0];
    check(source.configuration.ConnectionArn === ARN, JSON.stringify(source.configuration));
    check(!("OAuthToken" in source.configuration), "the OAuth token is gone");
    check(
      JSON.stringify(saved.pipewright.environments) === JSON.stringify(before.pipewright.environments),
      "the environments survive the migration and the save",
    );
    console.log(`saved ${design}: Source uses ${source.actionTypeId.provider}, environments kept`);
    await wd.screenshot("05-saved");
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
    console.log("webdriver environments: passed");
    process.exit(0);
  },
  (e) => {
    console.error(`webdriver environments: FAILED: ${e.stack ?? e}`);
    process.exit(1);
  },
);
