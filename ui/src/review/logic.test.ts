import { describe, expect, it } from "vitest";
import type { ActionView, Document, Review, ReviewChange, StageView } from "../backend";
import { action } from "../model/fixtures";
import { changeItems, changeTarget, reviewMarks, summary } from "./logic";

/** The open design: the held-back example's newer side (tests/review/after.pipewright.yaml). */
function openDesign(): Document {
  return {
    pipeline: {
      name: "shop",
      roleArn: "arn:aws:iam::123456789012:role/shop-pipeline",
      stages: [
        { name: "Source", actions: [action("Source", "Source", "CodeStarSourceConnection")] },
        {
          name: "Build",
          actions: [action("BuildImage", "Build", "CodeBuild"), action("UnitTests", "Test", "CodeBuild")],
        },
        { name: "Approve", actions: [action("ApproveRelease", "Approval", "Manual")] },
        { name: "Deploy", actions: [action("Deploy", "Deploy", "ECS")] },
      ],
    },
  } as Document;
}

const view = (name: string, mark: ActionView["mark"], extra: Partial<ActionView> = {}): ActionView => ({
  name,
  mark,
  category: "Build",
  owner: "AWS",
  provider: "CodeBuild",
  runOrder: 1,
  inputArtifacts: [],
  outputArtifacts: [],
  ...extra,
});
const stage = (name: string, mark: StageView["mark"], actions: ActionView[]): StageView => ({
  name,
  mark,
  actions,
});
const counts = (c: Partial<Review["stageMarks"]> = {}) => ({
  added: 0,
  removed: 0,
  renamed: 0,
  changed: 0,
  moved: 0,
  ...c,
});

/** What `pipewright diff --format json` says of the held-back example (its first pipeline). */
function heldBack(): Review {
  return {
    name: "shop",
    before: "HEAD:shop.pipewright.yaml",
    after: "shop.pipewright.yaml",
    status: "changed",
    changes: [
      {
        op: "rename",
        area: "action",
        subject: "`name` of action `BuildImage` in stage `Build`",
        phrase: "action `Build` in stage `Build` renamed to `BuildImage`",
        pointer: "/pipeline/stages/1/actions/0/name",
        stage: "Build",
        action: "BuildImage",
      },
      {
        op: "add",
        area: "stage",
        subject: "stage `Approve`",
        phrase: "stage `Approve` added after `Build` with 1 action: `ApproveRelease` (Approval, Manual)",
        pointer: "/pipeline/stages/2",
        stage: "Approve",
      },
    ],
    stages: [
      stage("Source", "unchanged", [view("Source", "unchanged")]),
      stage("Build", "unchanged", [
        view("BuildImage", "renamed", { beforeName: "Build" }),
        view("UnitTests", "unchanged"),
      ]),
      stage("Approve", "added", [view("ApproveRelease", "added")]),
      stage("Deploy", "unchanged", [view("Deploy", "unchanged")]),
    ],
    stageMarks: counts({ added: 1 }),
    actionMarks: counts({ renamed: 1 }),
    orderOnly: false,
  };
}

describe("the canvas marks", () => {
  it("mark the renamed action and the added stage, nothing else", () => {
    const marks = reviewMarks(heldBack(), openDesign());
    expect([...marks.entries()]).toEqual([
      ["action:Build/BuildImage", "renamed"],
      ["action:Approve/ApproveRelease", "added"],
      ["stage:Approve", "added"],
    ]);
  });

  it("leave removed nodes off the canvas, and mark the stage that lost an action", () => {
    const review = heldBack();
    review.stages[3] = stage("Deploy", "unchanged", [view("Deploy", "changed"), view("Smoke", "removed")]);
    review.stages.push(stage("Old", "removed", [view("Gone", "removed")]));
    const marks = reviewMarks(review, openDesign());
    expect(marks.get("action:Deploy/Deploy")).toBe("changed");
    expect(marks.get("stage:Deploy")).toBe("changed");
    expect(marks.has("action:Deploy/Smoke")).toBe(false);
    expect(marks.has("stage:Old")).toBe(false);
    expect(marks.has("action:Old/Gone")).toBe(false);
  });

  it("follow the open design: a stage it no longer has is not marked", () => {
    const doc = openDesign();
    doc.pipeline.stages = doc.pipeline.stages.filter((s) => s.name !== "Approve");
    const marks = reviewMarks(heldBack(), doc);
    expect(marks.has("stage:Approve")).toBe(false);
    expect(marks.get("action:Build/BuildImage")).toBe("renamed");
  });
});

describe("the list of changes", () => {
  it("names each change and the card a click selects", () => {
    const items = changeItems(heldBack(), openDesign());
    expect(items.map((i) => [i.kind, i.target])).toEqual([
      ["renamed", "action:Build/BuildImage"],
      ["added", "stage:Approve"],
    ]);
    expect(items[0].phrase).toBe("action `Build` in stage `Build` renamed to `BuildImage`");
  });

  it("selects the stage of a removed action, and nothing for a pipeline setting", () => {
    const doc = openDesign();
    const removed: ReviewChange = {
      op: "remove",
      area: "action",
      subject: "action `Smoke` in stage `Deploy`",
      phrase: "action `Smoke` in stage `Deploy` removed (Test, CodeBuild)",
      pointer: "/pipeline/stages/3/actions/1",
      stage: "Deploy",
      action: "Smoke",
    };
    expect(changeTarget(removed, doc)).toBe("stage:Deploy");
    const setting: ReviewChange = {
      op: "replace",
      area: "pipeline",
      subject: "`executionMode`",
      phrase: "`executionMode` changed from SUPERSEDED to QUEUED",
      pointer: "/pipeline/executionMode",
    };
    expect(changeTarget(setting, doc)).toBeNull();
    expect(changeTarget({ ...removed, stage: "Old", action: undefined }, doc)).toBeNull();
  });

  it("sums the review up in the words of the CLI", () => {
    expect(summary(heldBack())).toBe("1 stage added, 1 action renamed.");
    expect(summary({ ...heldBack(), status: "unchanged", changes: [] })).toBe("No changes.");
    const moved = {
      ...heldBack(),
      stageMarks: counts({ moved: 1 }),
      actionMarks: counts(),
      orderOnly: true,
    };
    expect(summary(moved)).toBe("Order only: 1 stage moved.");
  });
});
