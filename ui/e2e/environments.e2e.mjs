// End-to-end test of environments, IaC exports and the GitHub v1 migration in headless Chromium,
// on the shared harness (harness.mjs, backend.mjs). The designs come from core's templates
// (`pipewright new --examples`); rendering an environment and the exports run the REAL
// `pipewright export` (codepipeline-json / cloudformation / terraform, `--environment`). The
// differences and the migration, which the CLI does not offer, are small JavaScript stand-ins
// here (the Rust commands themselves are tested through IPC in src-tauri's `commands::iac`).
// Screenshots land in test-artifacts/environments/. Prints `N passed, N failed`.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import YAML from "yaml";
import { audit } from "./axe.mjs";
import { bundleIpcMock, launchBrowser, openApp, REPO_DIR, serveDist } from "./harness.mjs";

const ARTIFACTS = path.join(REPO_DIR, "test-artifacts", "environments");
const FILES = path.join(ARTIFACTS, "files");
fs.rmSync(ARTIFACTS, { recursive: true, force: true });
fs.mkdirSync(FILES, { recursive: true });

const tid = (id) => `[data-testid="${id}"]`;
const results = [];
const MINE = [
  "environment_names",
  "render_environment",
  "environment_differences",
  "export_iac",
  "migrate_github_v1",
  "save_text",
];

const server = await serveDist();
const mock = await bundleIpcMock();
const browser = await launchBrowser();
const { page, backend, problems } = await openApp(browser.context, server.url, mock, { dir: FILES });
page.setDefaultTimeout(10_000);
if (!backend.cli) {
  console.log("SKIP environments e2e: no pipewright binary (set PIPEWRIGHT_BIN or build pipewright-cli)");
  await browser.close();
  await server.close();
  process.exit(process.env.PIPEWRIGHT_E2E_REQUIRE_CLI === "1" ? 1 : 0);
}

// --- The commands of src-tauri/src/commands/iac.rs, answered by the CLI where it can. ---------

function cliOrThrow(args, input) {
  const r = backend.runCli(args, input);
  if (r.status !== 0) {
    const message = r.stderr.trim().replace(/^error:\s*/i, "");
    throw { kind: "invalid", message };
  }
  return r;
}

function renderEnvironment(document, env) {
  const r = cliOrThrow(
    ["export", "-", "--format", "codepipeline-json", "--environment", env],
    JSON.stringify(document),
  );
  return JSON.parse(r.stdout);
}

/** Core's `differences` (environments.rs): stages and actions paired by name. */
function diffValues(at, l, r, out) {
  const isObj = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
  const named = (a) => Array.isArray(a) && a.length > 0 && a.every((v) => typeof v?.name === "string");
  if (isObj(l) && isObj(r)) {
    for (const k of Object.keys(l)) diffValues(`${at}/${k}`, l[k], r[k], out);
    for (const k of Object.keys(r)) if (!(k in l)) diffValues(`${at}/${k}`, undefined, r[k], out);
    return;
  }
  if (named(l) && named(r)) {
    l.forEach((va, i) => {
      diffValues(
        `${at}/${i}`,
        va,
        r.find((x) => x.name === va.name),
        out,
      );
    });
    r.forEach((vb, j) => {
      if (!l.some((x) => x.name === vb.name)) diffValues(`${at}/${j}`, undefined, vb, out);
    });
    return;
  }
  if (JSON.stringify(l) === JSON.stringify(r)) return;
  out.push({
    pointer: at,
    ...(l === undefined ? {} : { left: l }),
    ...(r === undefined ? {} : { right: r }),
  });
}

function migrate(document, arn) {
  if (!/^arn:aws[a-z-]*:(codestar-connections|codeconnections):[^:]+:\d{12}:connection\/.+/.test(arn))
    throw { kind: "invalid", message: `\`${arn}\` is not a connection ARN` };
  const doc = structuredClone(document);
  const changes = [];
  for (const s of doc.pipeline.stages)
    for (const a of s.actions) {
      const t = a.actionTypeId;
      if (!(t.category === "Source" && t.owner === "ThirdParty" && t.provider === "GitHub")) continue;
      const c = a.configuration ?? {};
      a.actionTypeId = { ...t, owner: "AWS", provider: "CodeStarSourceConnection", version: "1" };
      a.configuration = {
        ConnectionArn: arn,
        FullRepositoryId: `${c.Owner}/${c.Repo}`,
        BranchName: c.Branch ?? "main",
        OutputArtifactFormat: "CODE_ZIP",
      };
      changes.push(`Source action \`${s.name}/${a.name}\` now uses the CodeStar connection.`);
    }
  if (changes.length === 0) throw { kind: "invalid", message: "nothing to migrate" };
  doc.pipeline.pipelineType = "V2";
  return { document: doc, changes };
}

const IAC_FORMAT = {
  "cloudformation-yaml": "cloudformation",
  "cloudformation-json": "cloudformation-json",
  terraform: "terraform",
};

const baseDispatch = backend.dispatch.bind(backend);
backend.dispatch = (cmd, a) => {
  switch (cmd) {
    case "environment_names":
      backend.note(cmd, "JavaScript (keys of pipewright.environments)");
      return Object.keys(a.document.pipewright?.environments ?? {});
    case "render_environment":
      backend.note(cmd, "pipewright CLI (export --format codepipeline-json --environment)");
      return renderEnvironment(a.document, a.env);
    case "environment_differences": {
      backend.note(cmd, "JavaScript stand-in over two CLI renders");
      const out = [];
      diffValues("", renderEnvironment(a.document, a.left), renderEnvironment(a.document, a.right), out);
      return out;
    }
    case "export_iac": {
      backend.note(cmd, "pipewright CLI (export --format cloudformation|terraform)");
      const args = ["export", "-", "--format", IAC_FORMAT[a.format]];
      if (a.environment) args.push("--environment", a.environment);
      const r = cliOrThrow(args, JSON.stringify(a.document));
      const notes = r.stderr
        .split("\n")
        .map((l) => /^note: (\S*): (.*)$/.exec(l))
        .filter(Boolean)
        .map((m) => ({ pointer: m[1], message: m[2] }));
      return { text: r.stdout, notes };
    }
    case "migrate_github_v1":
      backend.note(cmd, "JavaScript stand-in");
      return migrate(a.document, a.connectionArn);
    case "save_text":
      backend.note(cmd, "Node fs");
      fs.writeFileSync(a.path, a.text);
      return null;
    default:
      return baseDispatch(cmd, a);
  }
};

// --- Steps. --------------------------------------------------------------------------------

let shotNo = 0;
/** A screenshot of the step, and an axe audit of what it shows (no serious or critical violation). */
async function shot(name) {
  shotNo += 1;
  const file = `${String(shotNo).padStart(2, "0")}-${name}`;
  await page.screenshot({ path: path.join(ARTIFACTS, `${file}.png`) });
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

async function differences() {
  await page.waitForSelector(tid("difference"));
  return page.locator(tid("difference")).allTextContents();
}

async function waitForDifference(re) {
  await page.waitForFunction(
    ([sel, source]) =>
      [...document.querySelectorAll(sel)].some((e) => new RegExp(source).test(e.textContent ?? "")),
    [tid("difference"), re.source],
  );
}

function newDesign(template, file) {
  const out = path.join(FILES, file);
  const r = backend.runCli(["new", "--template", template, "--examples", "-o", out], "");
  assert.equal(r.status, 0, r.stderr);
  return out;
}

const shop = newDesign("eb-dev-prod", "shop.yaml");
const github = newDesign("github-v1-polling", "github.yaml");
const shopDoc = YAML.parse(fs.readFileSync(shop, "utf8"));
const appName = shopDoc.pipeline.name;
const devEnv = shopDoc.pipewright.environments.dev.configuration["Deploy/Deploy"].EnvironmentName;
const prodEnv = shopDoc.pipewright.environments.prod.configuration["Deploy/Deploy"].EnvironmentName;

await step("a design with environments shows the switcher on its base", async () => {
  backend.startupFile = shop;
  await page.reload();
  await page.waitForSelector(tid("environment-switcher"));
  await page.waitForSelector(tid("stage-Deploy"));
  assert.ok(await page.isVisible(tid("inspector")), "Base edits the design: the inspector is there");
  assert.equal(await page.locator(tid("stage-Approve")).count(), 0, "the base has no approval stage");
  await shot("base");
});

await step(
  "dev shows its rendered pipeline read-only, with differences from prod and its problems",
  async () => {
    await page.click(tid("environment-option-dev"));
    await page.waitForSelector(tid("environment-readonly"));
    await page.waitForSelector(`${tid("environment-canvas")} ${tid("stage-Deploy")}`);
    assert.match(await page.textContent(tid("environment-readonly")), new RegExp(`${appName}-dev`));
    assert.equal(await page.locator(tid("inspector")).count(), 0);
    await page.waitForSelector(tid("environment-panel"));
    const diffs = await differences();
    assert.ok(diffs.includes(`Deploy/Deploy EnvironmentName: ${devEnv} -> ${prodEnv}`), diffs.join("\n"));
    assert.ok(diffs.includes("stage Approve only in prod"), diffs.join("\n"));
    assert.ok(
      diffs.includes("triggers: Source on push to develop -> Source on push to main"),
      diffs.join("\n"),
    );
    assert.ok(diffs.includes(`pipeline name: ${appName}-dev -> ${appName}-prod`), diffs.join("\n"));
    await page.waitForSelector(tid("environment-problems-count"));
    assert.match(await page.textContent(tid("environment-problems-count")), /\d+ errors?, \d+ warnings?/);
    assert.equal(
      await page.locator(`${tid("environment-canvas")} ${tid("stage-add-action-Deploy")}`).isVisible(),
      false,
    );
    await shot("dev");
  },
);

await step("prod shows its extra approval stage", async () => {
  await page.click(tid("environment-option-prod"));
  await page.waitForSelector(`${tid("environment-canvas")} ${tid("stage-Approve")}`);
  await waitForDifference(/^stage Approve only in prod$/);
  await shot("prod");
});

await step("the environment panel edits branch and overrides as undoable edits", async () => {
  await page.click(tid("environment-option-dev"));
  await page.waitForSelector(tid("env-field-branch"));
  await page.fill(tid("env-field-branch"), "feature-x");
  await waitForDifference(/BranchName: feature-x -> main/);
  await page.waitForSelector(tid("dirty-marker"));
  await page.selectOption(tid("env-override-target"), "Build/Build");
  await page.fill(tid("env-override-key"), "ProjectName");
  await page.fill(tid("env-override-value"), "shop-build-dev");
  await page.click(tid("env-override-add"));
  await page.waitForSelector(tid("env-override-Build/Build-ProjectName"));
  await waitForDifference(/^Build\/Build ProjectName: shop-build-dev -> /);
  await shot("panel-edits");
  await page.click(tid("undo"));
  await page.waitForSelector(tid("env-override-Build/Build-ProjectName"), { state: "detached" });
  assert.equal(await page.inputValue(tid("env-field-branch")), "feature-x", "only the override was undone");
});

await step("environments are added and removed", async () => {
  await page.click(tid("environment-add"));
  await page.fill(tid("environment-new-name"), "dev");
  assert.ok(await page.isDisabled(tid("environment-add-confirm")), "a taken name is refused");
  await page.fill(tid("environment-new-name"), "staging");
  await page.click(tid("environment-add-confirm"));
  await page.waitForSelector(`${tid("environment-option-staging")}[aria-selected="true"]`);
  await page.waitForSelector(`${tid("environment-canvas")} ${tid("stage-Deploy")}`);
  assert.match(await page.textContent(tid("environment-readonly")), new RegExp(`${appName}-staging`));
  await page.click(tid("environment-remove"));
  await page.click(tid("confirm-yes"));
  await page.waitForSelector(tid("environment-option-staging"), { state: "detached" });
  assert.ok(await page.isVisible(tid("inspector")), "back on the base");
});

await step("a manual approval is added to dev alone, and removed again", async () => {
  await page.click(tid("environment-option-dev"));
  await page.selectOption(tid("env-approval-before"), "Deploy");
  await page.click(tid("env-add-approval"));
  await page.waitForSelector(`${tid("environment-canvas")} ${tid("stage-Approve")}`);
  await page.waitForSelector(tid("env-extra-stage-Approve"));
  await waitForDifference(/^action Approve\/ApproveDev only in dev$/);
  await shot("dev-approval");
  await page.click(tid("env-extra-remove-Approve"));
  await page.waitForSelector(`${tid("environment-canvas")} ${tid("stage-Approve")}`, { state: "detached" });
  await waitForDifference(/^stage Approve only in prod$/);
  await page.click(tid("environment-option-base"));
});

await step("saving keeps the environments in the design file", async () => {
  await page.click(tid("save"));
  await page.waitForSelector(tid("dirty-marker"), { state: "detached" });
  const text = fs.readFileSync(shop, "utf8");
  assert.match(text, /environments:/);
  assert.match(text, /branch: feature-x/);
  assert.doesNotMatch(text, /staging/);
});

await step("Terraform of prod: the notes dialog first, then a save dialog", async () => {
  await page.click(tid("environment-option-prod"));
  await page.click(tid("export-menu"));
  await page.waitForSelector(tid("export-menu-popover"));
  assert.equal(
    await page.inputValue(tid("export-environment")),
    "prod",
    "the shown environment is preselected",
  );
  await page.click(tid("export-terraform"));
  await page.waitForSelector(tid("export-dialog"));
  assert.match(await page.textContent(tid("export-preview")), /resource "aws_codepipeline"/);
  await shot("export-terraform");
  await page.click(tid("export-save"));
  const out = path.join(FILES, `${appName}-prod.tf`);
  await page.waitForSelector(tid("export-dialog"), { state: "detached" });
  const tf = fs.readFileSync(out, "utf8");
  assert.match(tf, new RegExp(`"${appName}-prod"`));
  assert.match(tf, /Approve/);
});

await step("CloudFormation of the base: YAML and JSON", async () => {
  await page.click(tid("environment-option-base"));
  for (const [format, file, re] of [
    ["cloudformation-yaml", `${appName}.cfn.yaml`, /AWS::CodePipeline::Pipeline/],
    ["cloudformation-json", `${appName}.cfn.json`, /"AWS::CodePipeline::Pipeline"/],
  ]) {
    await page.click(tid("export-menu"));
    assert.equal(await page.inputValue(tid("export-environment")), "");
    await page.click(tid(`export-${format}`));
    await page.waitForSelector(tid("export-dialog"));
    await page.click(tid("export-save"));
    await page.waitForSelector(tid("export-dialog"), { state: "detached" });
    assert.match(fs.readFileSync(path.join(FILES, file), "utf8"), re);
  }
  JSON.parse(fs.readFileSync(path.join(FILES, `${appName}.cfn.json`), "utf8"));
  assert.ok(await page.isVisible(tid("export-png")), "the picture exports are still there");
});

await step("a GitHub v1 design explains itself; its export notes the replaced token", async () => {
  backend.startupFile = github;
  await page.reload();
  await page.waitForSelector(tid("github-v1-banner"));
  await page.waitForSelector(tid("github-lint-W001"));
  assert.match(await page.textContent(tid("github-lint-W001")), /GitHub version 1/);
  assert.equal(await page.locator(tid("environment-switcher")).count(), 0, "no environments, no switcher");
  await shot("github-v1");
  await page.click(tid("export-menu"));
  await page.click(tid("export-cloudformation-yaml"));
  await page.waitForSelector(tid("export-note"));
  const notes = await page.locator(tid("export-note")).allTextContents();
  assert.ok(
    notes.some((n) => /OAuthToken/.test(n)),
    notes.join("\n"),
  );
  await shot("export-notes");
  await page.click(`${tid("export-dialog")} button:has-text("Cancel")`);
});

await step("one click migrates it to a CodeStar connection, listed and undoable", async () => {
  await page.click(tid("github-migrate"));
  await page.fill(tid("github-migrate-arn"), "my-connection");
  await shot("github-migrate-dialog");
  await page.click(tid("github-migrate-apply"));
  await page.waitForSelector(tid("github-migrate-error"));
  await page.fill(
    tid("github-migrate-arn"),
    "arn:aws:codestar-connections:eu-west-1:123456789012:connection/abc",
  );
  await page.click(tid("github-migrate-apply"));
  await page.waitForSelector(tid("github-migrate-change"));
  await shot("github-migrated");
  await page.click(tid("github-migrate-done"));
  await page.waitForSelector(tid("github-v1-banner"), { state: "detached" });
  await page.click(tid("action-Source-Source"));
  await page.waitForFunction(
    (sel) => /CodeStarSourceConnection/.test(document.querySelector(sel)?.textContent ?? ""),
    tid("action-Source-Source"),
  );
  await page.click(tid("undo"));
  await page.waitForSelector(tid("github-v1-banner"));
});

await step("none of these commands went unanswered and the page logged no errors", async () => {
  const missing = backend.unmocked.filter((c) => MINE.includes(c));
  assert.deepEqual(missing, []);
  const others = [...new Set(backend.unmocked)];
  if (others.length)
    console.log(`     (commands of other views the shared mock does not answer: ${others.join(", ")})`);
  const mine = problems.filter((p) => !/unmocked|does not implement/.test(p));
  assert.deepEqual(mine, []);
});

console.log("answered by:");
for (const c of MINE) console.log(`  ${c}: ${backend.answeredBy[c] ?? "(not called)"}`);
await browser.close();
await server.close();
const failed = results.filter((r) => !r.ok).length;
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
