// Makes docs/screenshots/designer.png (the README's picture of the designer): a realistic design
// opened in headless Chromium with the IPC mock, an action selected so the inspector shows its
// form and a problem. Run after `npm run build`: node e2e/readme-screenshot.mjs
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { bundleIpcMock, launchBrowser, openApp, REPO_DIR, serveDist } from "./harness.mjs";

const cb = (name, provider, category, runOrder, inputs, outputs, configuration) => ({
  name,
  actionTypeId: { category, owner: "AWS", provider, version: "1" },
  runOrder,
  configuration,
  ...(inputs.length ? { inputArtifacts: inputs.map((n) => ({ name: n })) } : {}),
  ...(outputs.length ? { outputArtifacts: outputs.map((n) => ({ name: n })) } : {}),
});

const design = {
  pipeline: {
    name: "web-shop",
    roleArn: "arn:aws:iam::123456789012:role/web-shop-pipeline",
    artifactStore: { type: "S3", location: "web-shop-artifacts" },
    pipelineType: "V2",
    executionMode: "QUEUED",
    stages: [
      {
        name: "Source",
        actions: [
          cb("Checkout", "CodeCommit", "Source", 1, [], ["SourceOutput"], {
            RepositoryName: "web-shop",
            BranchName: "main",
            PollForSourceChanges: "false",
          }),
        ],
      },
      {
        name: "Build",
        actions: [
          cb("Compile", "CodeBuild", "Build", 1, ["SourceOutput"], ["BuildOutput"], {
            ProjectName: "web-shop-build",
          }),
          cb("UnitTests", "CodeBuild", "Test", 1, ["SourceOutput"], [], { ProjectName: "web-shop-tests" }),
          cb("Package", "CodeBuild", "Build", 2, ["BuildOutput"], ["PackageOutput"], {
            ProjectName: "web-shop-package",
          }),
        ],
      },
      {
        name: "Approve",
        actions: [cb("Review", "Manual", "Approval", 1, [], [], { CustomData: "Check the staging site" })],
      },
      {
        name: "Deploy",
        actions: [
          cb("Production", "CodeDeploy", "Deploy", 1, ["PackageOutput"], [], { ApplicationName: "web-shop" }),
        ],
      },
    ],
  },
};

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pipewright-shot-"));
const file = path.join(dir, "web-shop.pipewright.json");
fs.writeFileSync(file, JSON.stringify(design, null, 2));
const server = await serveDist();
const browser = await launchBrowser({ width: 1440, height: 860 });
try {
  const { page, backend } = await openApp(browser.context, server.url, await bundleIpcMock(), { dir });
  // The bar shows the local sandbox as the active connection, as after the control room started it.
  const sandbox = {
    id: "local-sandbox",
    name: "Local sandbox",
    kind: "localSandbox",
    region: "us-east-1",
    endpointUrl: "http://127.0.0.1:4599",
    isSandbox: true,
    title: "Local sandbox · us-east-1",
  };
  const dispatch = backend.dispatch.bind(backend);
  backend.dispatch = (cmd, args) => {
    if (cmd === "active_connection") return sandbox;
    if (cmd === "list_connections")
      return {
        connections: [
          { id: sandbox.id, name: sandbox.name, region: sandbox.region, auth: { kind: "localSandbox" } },
        ],
        active: sandbox,
        keyringProblem: null,
        regions: ["us-east-1", "eu-west-1"],
      };
    return dispatch(cmd, args);
  };
  await page.reload();
  await page.waitForSelector('[data-testid="start-screen"]');
  await page.waitForSelector('[data-testid="region-select"]');
  backend.nextOpenPath = file;
  await page.click('[data-testid="start-open"]');
  await page.waitForSelector('[data-testid="action-Deploy-Production"]');
  await page.click('[data-testid="action-Deploy-Production"]');
  await page.waitForSelector('[data-testid^="problem-"]');
  await page.waitForTimeout(500);
  const out = path.join(REPO_DIR, "docs", "screenshots", "designer.png");
  await page.screenshot({ path: out });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
  await server.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
