import { describe, expect, it } from "vitest";
import type { Difference, Document } from "../backend";
import { exportFileName } from "../exports/logic";
import {
  activeEnvironment,
  addApprovalStage,
  addEnvironment,
  compareTarget,
  environmentNameProblem,
  environmentNames,
  githubV1Sources,
  overrideTargets,
  phraseDifference,
  removeEnvironment,
  removeExtraStage,
  setConfigurationOverride,
  setEnvironmentField,
  setEnvironmentVariable,
} from "./logic";

const action = (
  name: string,
  category: string,
  provider: string,
  configuration: Record<string, string> = {},
) => ({
  name,
  actionTypeId: { category, owner: "AWS", provider, version: "1" },
  configuration,
});

/** A design like core's eb-dev-prod template, with fields this UI does not know. */
function design(): Document {
  return {
    pipeline: {
      name: "web",
      roleArn: "arn:aws:iam::123456789012:role/p",
      variables: [{ name: "STAGE", defaultValue: "base" }],
      stages: [
        { name: "Source", actions: [action("Source", "Source", "CodeCommit", { BranchName: "main" })] },
        {
          name: "Deploy",
          actions: [action("Deploy", "Deploy", "ElasticBeanstalk", { EnvironmentName: "web-env" })],
        },
      ],
    },
    pipewright: {
      format: 1,
      futureDesignerField: { kept: true },
      environments: {
        dev: { nameSuffix: "-dev", branch: "develop", futureEnvField: [1, 2] },
        prod: {
          nameSuffix: "-prod",
          configuration: { "Deploy/Deploy": { EnvironmentName: "web-prod" } },
          extraStages: [{ before: "Deploy", stage: { name: "Approve", actions: [] } }],
        },
      },
    },
  } as unknown as Document;
}

/** What core's render gives for dev and prod of `design()` (the parts the phrasing reads). */
function rendered(env: "dev" | "prod"): Document {
  const doc = design();
  const stages =
    env === "prod"
      ? [
          doc.pipeline.stages[0],
          { name: "Approve", actions: [action("Approve", "Approval", "Manual")] },
          doc.pipeline.stages[1],
        ]
      : doc.pipeline.stages;
  return { ...doc, pipeline: { ...doc.pipeline, name: `web-${env}`, stages } } as Document;
}

const diff = (pointer: string, left?: unknown, right?: unknown): Difference =>
  ({
    pointer,
    ...(left === undefined ? {} : { left }),
    ...(right === undefined ? {} : { right }),
  }) as Difference;

describe("difference phrasing", () => {
  const phrase = (d: Difference) => phraseDifference(d, rendered("dev"), rendered("prod"), "dev", "prod");

  it("names the action and configuration key of a changed value", () => {
    expect(
      phrase(diff("/pipeline/stages/1/actions/0/configuration/EnvironmentName", "web-dev", "web-prod")),
    ).toBe("Deploy/Deploy EnvironmentName: web-dev -> web-prod");
  });

  it("says which environment alone has a stage, taking its name from that side", () => {
    // Index 1 is the right (prod) document's: dev has Deploy there.
    expect(phrase(diff("/pipeline/stages/1", undefined, { name: "Approve", actions: [] }))).toBe(
      "stage Approve only in prod",
    );
    expect(phrase(diff("/pipeline/stages/1", { name: "Deploy" }, undefined))).toBe(
      "stage Deploy only in dev",
    );
  });

  it("phrases the pipeline name, variables, absent values and other fields", () => {
    expect(phrase(diff("/pipeline/name", "web-dev", "web-prod"))).toBe("pipeline name: web-dev -> web-prod");
    expect(phrase(diff("/pipeline/variables/0/defaultValue", "dev", "prod"))).toBe(
      "variable STAGE default: dev -> prod",
    );
    expect(phrase(diff("/pipeline/stages/0/actions/0/configuration/Extra", undefined, "x"))).toBe(
      "Source/Source Extra: (not set) -> x",
    );
    expect(phrase(diff("/pipeline/stages/0/actions/0/runOrder", 1, 2))).toBe(
      "Source/Source runOrder: 1 -> 2",
    );
    expect(phrase(diff("/pipeline/executionMode", "QUEUED", "SUPERSEDED"))).toBe(
      "pipeline executionMode: QUEUED -> SUPERSEDED",
    );
    const trigger = (branch: string) => ({
      providerType: "CodeStarSourceConnection",
      gitConfiguration: { sourceActionName: "Source", push: [{ branches: { includes: [branch] } }] },
    });
    expect(phrase(diff("/pipeline/triggers", [trigger("develop")], [trigger("main")]))).toBe(
      "triggers: Source on push to develop -> Source on push to main",
    );
    expect(phrase(diff("/pipeline/stages/1/actions/0", undefined, { name: "X" }))).toBe(
      "action Deploy/Deploy only in prod",
    );
  });
});

describe("environment edits", () => {
  it("lists environments and picks what to show and compare", () => {
    const doc = design();
    expect(environmentNames(doc)).toEqual(["dev", "prod"]);
    expect(activeEnvironment(doc, "prod")).toBe("prod");
    expect(activeEnvironment(doc, "gone")).toBeNull();
    expect(compareTarget(doc, "dev", null)).toBe("prod");
    expect(compareTarget(doc, "dev", "dev")).toBe("prod");
    expect(environmentNames({ ...doc, pipewright: undefined } as Document)).toEqual([]);
    expect(overrideTargets(doc)).toEqual(["Source/Source", "Deploy/Deploy"]);
  });

  it("changes one field and keeps every unknown field and the original untouched", () => {
    const doc = design();
    const before = JSON.stringify(doc);
    const next = setEnvironmentField(doc, "dev", "branch", "feature");
    expect(JSON.stringify(doc)).toBe(before);
    const pw = next.pipewright as unknown as Record<string, unknown>;
    const envs = pw.environments as Record<string, Record<string, unknown>>;
    expect(envs.dev).toEqual({ nameSuffix: "-dev", branch: "feature", futureEnvField: [1, 2] });
    expect(pw.futureDesignerField).toEqual({ kept: true });
    expect(envs.prod).toBe(
      (doc.pipewright as unknown as { environments: Record<string, unknown> }).environments.prod,
    );
    expect(next.pipeline).toBe(doc.pipeline);
    // Empty removes the field: the base branch applies again.
    const cleared = setEnvironmentField(next, "dev", "branch", "");
    expect("branch" in (cleared.pipewright?.environments?.dev ?? {})).toBe(false);
  });

  it("sets and removes variable defaults and configuration overrides, dropping empty maps", () => {
    let doc = setEnvironmentVariable(design(), "dev", "STAGE", "dev");
    expect(doc.pipewright?.environments?.dev?.variables).toEqual({ STAGE: "dev" });
    doc = setEnvironmentVariable(doc, "dev", "STAGE", null);
    expect(doc.pipewright?.environments?.dev && "variables" in doc.pipewright.environments.dev).toBe(false);

    doc = setConfigurationOverride(doc, "prod", "Deploy/Deploy", "ApplicationName", "web-app");
    expect(doc.pipewright?.environments?.prod?.configuration).toEqual({
      "Deploy/Deploy": { EnvironmentName: "web-prod", ApplicationName: "web-app" },
    });
    doc = setConfigurationOverride(doc, "prod", "Deploy/Deploy", "EnvironmentName", null);
    doc = setConfigurationOverride(doc, "prod", "Deploy/Deploy", "ApplicationName", "");
    expect(doc.pipewright?.environments?.prod && "configuration" in doc.pipewright.environments.prod).toBe(
      false,
    );
    expect(doc.pipewright?.environments?.prod?.extraStages?.[0].stage.name).toBe("Approve");
  });

  it("adds a manual approval to one environment under a free name, and removes extra stages", () => {
    let doc = addApprovalStage(design(), "dev", "Deploy");
    const extra = doc.pipewright?.environments?.dev?.extraStages ?? [];
    expect(extra).toHaveLength(1);
    expect(extra[0].before).toBe("Deploy");
    expect(extra[0].stage.name).toBe("Approve");
    expect(extra[0].stage.actions[0].actionTypeId.provider).toBe("Manual");
    doc = addApprovalStage(doc, "dev", null);
    const both = doc.pipewright?.environments?.dev?.extraStages ?? [];
    expect(both[1].stage.name).toBe("Approve-2");
    expect("before" in both[1]).toBe(false);
    doc = removeExtraStage(removeExtraStage(doc, "dev", 0), "dev", 0);
    const dev = doc.pipewright?.environments?.dev as unknown as Record<string, unknown>;
    expect(dev).toEqual({ nameSuffix: "-dev", branch: "develop", futureEnvField: [1, 2] });
    // Prod keeps its own approval.
    expect(doc.pipewright?.environments?.prod?.extraStages?.[0].stage.name).toBe("Approve");
  });

  it("adds and removes environments, refusing bad or taken names", () => {
    const doc = design();
    expect(environmentNameProblem(doc, "dev")).toMatch(/already/);
    expect(environmentNameProblem(doc, "qa env")).toMatch(/letters/);
    expect(environmentNameProblem(doc, "")).toMatch(/Type a name/);
    expect(addEnvironment(doc, "dev")).toBe(doc);
    const added = addEnvironment(doc, "staging");
    expect(environmentNames(added)).toEqual(["dev", "prod", "staging"]);
    expect(added.pipewright?.environments?.staging).toEqual({ nameSuffix: "-staging" });

    let gone = removeEnvironment(removeEnvironment(added, "dev"), "prod");
    expect(environmentNames(gone)).toEqual(["staging"]);
    gone = removeEnvironment(gone, "staging");
    const pw = gone.pipewright as unknown as Record<string, unknown>;
    expect("environments" in pw).toBe(false);
    expect(pw.futureDesignerField).toEqual({ kept: true });

    // A design without a pipewright section gets one.
    const plain = { pipeline: design().pipeline } as Document;
    expect(addEnvironment(plain, "dev").pipewright).toEqual({
      format: 1,
      environments: { dev: { nameSuffix: "-dev" } },
    });
  });
});

describe("GitHub v1 sources and export names", () => {
  it("finds ThirdParty/GitHub source actions with their pointer", () => {
    const doc = design();
    expect(githubV1Sources(doc)).toEqual([]);
    const gh = {
      ...doc,
      pipeline: {
        ...doc.pipeline,
        stages: [
          {
            name: "Source",
            actions: [
              {
                name: "Code",
                actionTypeId: { category: "Source", owner: "ThirdParty", provider: "GitHub", version: "1" },
              },
            ],
          },
          ...doc.pipeline.stages.slice(1),
        ],
      },
    } as Document;
    expect(githubV1Sources(gh)).toEqual([
      { stage: "Source", action: "Code", pointer: "/pipeline/stages/0/actions/0" },
    ]);
  });

  it("suggests file names from the pipeline and the environment's suffix", () => {
    const doc = design();
    expect(exportFileName(doc, "terraform", null)).toBe("web.tf");
    expect(exportFileName(doc, "cloudformation-yaml", "prod")).toBe("web-prod.cfn.yaml");
    expect(exportFileName(doc, "cloudformation-json", "dev")).toBe("web-dev.cfn.json");
  });
});
