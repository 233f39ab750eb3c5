import { describe, expect, it } from "vitest";
import { action, extraField, provider, sampleDoc } from "./fixtures";
import { COALESCE_MS, canRedo, canUndo, record, redo, startHistory, undo } from "./history";
import {
  addAction,
  addStage,
  deleteAction,
  deleteStage,
  moveAction,
  moveActionToStage,
  moveStage,
  pasteAction,
  pasteStage,
  placeAction,
  renameAction,
  renameStage,
  resolveNodeId,
  stepRunOrder,
  uniqueName,
  updateAction,
  upstreamArtifacts,
} from "./ops";

describe("stage edits", () => {
  it("adds a stage with a unique name at the end or at an index", () => {
    const doc = sampleDoc();
    const a = addStage(doc);
    expect(a.name).toBe("Stage");
    expect(a.doc.pipeline.stages.map((s) => s.name)).toEqual(["Source", "Build", "Stage"]);
    const b = addStage(a.doc, 1);
    expect(b.name).toBe("Stage-2");
    expect(b.doc.pipeline.stages.map((s) => s.name)).toEqual(["Source", "Stage-2", "Build", "Stage"]);
    expect(doc.pipeline.stages).toHaveLength(2);
  });

  it("renames a stage keeping unknown fields and designer positions", () => {
    const next = renameStage(sampleDoc(), 1, "Compile");
    expect(next.pipeline.stages[1].name).toBe("Compile");
    expect(extraField(next.pipeline, "unknownPipelineField")).toBe("x");
    expect(extraField(next, "extraTopLevel")).toEqual([1, 2, 3]);
    const positions = (next.pipewright as { positions: Record<string, unknown> }).positions;
    expect(Object.keys(positions)).toEqual(["stage:Compile"]);
    const renamedSource = renameStage(sampleDoc(), 0, "Origin");
    expect(extraField(renamedSource.pipeline.stages[0], "unknownStageField")).toBe(42);
  });

  it("moves and deletes stages", () => {
    const moved = moveStage(sampleDoc(), 1, 0);
    expect(moved.pipeline.stages.map((s) => s.name)).toEqual(["Build", "Source"]);
    expect(moveStage(moved, 0, 5)).toBe(moved);
    const deleted = deleteStage(sampleDoc(), 0);
    expect(deleted.pipeline.stages.map((s) => s.name)).toEqual(["Build"]);
  });

  it("pastes a stage with unique stage and artifact names and rewires internal inputs", () => {
    const doc = sampleDoc();
    const { doc: next, name } = pasteStage(doc, doc.pipeline.stages[1]);
    expect(name).toBe("Build-2");
    const copy = next.pipeline.stages[2];
    expect(copy.actions.map((a) => a.name)).toEqual(["Compile", "Lint", "Package"]);
    expect(copy.actions[0].outputArtifacts?.[0].name).toBe("BuildOutput-2");
    expect(copy.actions[2].inputArtifacts?.[0].name).toBe("BuildOutput-2");
    // An input from outside the copied stage still points at the original producer.
    expect(copy.actions[0].inputArtifacts?.[0].name).toBe("SourceOutput");
  });
});

describe("action edits", () => {
  it("adds an action after the existing ones, wired to the nearest upstream artifact", () => {
    const { doc, name } = addAction(sampleDoc(), 1, provider("Test", "CodeBuild", 1, 0));
    expect(name).toBe("CodeBuild");
    const added = doc.pipeline.stages[1].actions[3];
    expect(added.runOrder).toBe(3);
    expect(added.inputArtifacts).toEqual([{ name: "PackageOutput" }]);
    expect(added.outputArtifacts).toBeUndefined();
    expect(added.actionTypeId).toEqual({
      category: "Test",
      owner: "AWS",
      provider: "CodeBuild",
      version: "1",
    });
  });

  it("gives a new producing action a pipeline-unique output artifact", () => {
    const one = addAction(sampleDoc(), 0, provider("Source", "S3"));
    const two = addAction(one.doc, 0, provider("Source", "S3"));
    expect(two.name).toBe("S3-2");
    const outs = two.doc.pipeline.stages[0].actions.map((a) => a.outputArtifacts?.[0]?.name);
    expect(outs).toEqual(["SourceOutput", "S3Output", "S3-2Output"]);
  });

  it("renames, updates and deletes actions keeping unknown fields", () => {
    let doc = renameAction(sampleDoc(), 0, 0, "Repo");
    expect(doc.pipeline.stages[0].actions[0].name).toBe("Repo");
    expect(extraField(doc.pipeline.stages[0].actions[0], "unknownActionField")).toEqual({ keep: true });
    doc = updateAction(doc, 0, 0, (a) => ({
      ...a,
      configuration: { ...a.configuration, BranchName: "dev" },
    }));
    expect(doc.pipeline.stages[0].actions[0].configuration).toEqual({
      RepositoryName: "repo",
      BranchName: "dev",
    });
    expect(extraField(doc.pipeline.stages[0].actions[0], "unknownActionField")).toEqual({ keep: true });
    doc = deleteAction(doc, 1, 1);
    expect(doc.pipeline.stages[1].actions.map((a) => a.name)).toEqual(["Compile", "Package"]);
  });

  it("renaming a source action keeps triggers pointing at it", () => {
    const base = sampleDoc();
    base.pipeline.triggers = [
      {
        providerType: "CodeStarSourceConnection",
        gitConfiguration: { sourceActionName: "Checkout", push: [] },
      },
    ];
    const doc = renameAction(base, 0, 0, "Repo");
    expect(doc.pipeline.triggers?.[0]).toEqual({
      providerType: "CodeStarSourceConnection",
      gitConfiguration: { sourceActionName: "Repo", push: [] },
    });
  });

  it("moves an action within a stage and across stages (renaming on clash)", () => {
    const within = moveAction(sampleDoc(), 1, 2, 1, 0);
    expect(within.pipeline.stages[1].actions.map((a) => a.name)).toEqual(["Package", "Compile", "Lint"]);
    const base = sampleDoc();
    base.pipeline.stages[0].actions.push(action("Lint", "Source", "S3"));
    const across = moveAction(base, 1, 1, 0);
    expect(across.pipeline.stages[0].actions.map((a) => a.name)).toEqual(["Checkout", "Lint", "Lint-2"]);
    expect(across.pipeline.stages[1].actions.map((a) => a.name)).toEqual(["Compile", "Package"]);
  });

  it("pastes an action renaming it and its outputs", () => {
    const doc = sampleDoc();
    const { doc: next, name } = pasteAction(doc, 1, doc.pipeline.stages[1].actions[0]);
    expect(name).toBe("Compile-2");
    const pasted = next.pipeline.stages[1].actions[3];
    expect(pasted.outputArtifacts).toEqual([{ name: "BuildOutput-2" }]);
    expect(pasted.inputArtifacts).toEqual([{ name: "SourceOutput" }]);
    const again = pasteAction(next, 1, doc.pipeline.stages[1].actions[0]);
    expect(again.name).toBe("Compile-3");
  });

  it("lists upstream artifacts by stage order and runOrder", () => {
    const doc = sampleDoc();
    expect(upstreamArtifacts(doc, 1, 0)).toEqual(["SourceOutput"]);
    expect(upstreamArtifacts(doc, 1, 2)).toEqual(["SourceOutput", "BuildOutput"]);
    expect(upstreamArtifacts(doc, 0, 0)).toEqual([]);
  });
});

describe("names and ids", () => {
  it("makes unique names", () => {
    expect(uniqueName("Build", [])).toBe("Build");
    expect(uniqueName("Build", ["Build"])).toBe("Build-2");
    expect(uniqueName("Build-2", ["Build", "Build-2"])).toBe("Build-3");
  });

  it("resolves node ids to model positions", () => {
    const doc = sampleDoc();
    expect(resolveNodeId(doc, "stage:Build")).toEqual({ kind: "stage", stage: 1 });
    expect(resolveNodeId(doc, "action:Build/Package")).toEqual({ kind: "action", stage: 1, action: 2 });
    expect(resolveNodeId(doc, "action:Build/Nope")).toEqual({ kind: "pipeline" });
    expect(resolveNodeId(doc, null)).toEqual({ kind: "pipeline" });
  });
});

describe("undo/redo", () => {
  it("walks back and forth through recorded documents", () => {
    const d0 = sampleDoc();
    const d1 = addStage(d0).doc;
    const d2 = renameStage(d1, 2, "Deploy");
    let h = record(record(startHistory(d0), d1), d2);
    expect(canUndo(h)).toBe(true);
    h = undo(h);
    expect(h.present).toBe(d1);
    h = undo(h);
    expect(h.present).toBe(d0);
    expect(canUndo(h)).toBe(false);
    h = redo(h);
    expect(h.present).toBe(d1);
    expect(canRedo(h)).toBe(true);
    // A new edit drops the redo branch.
    const d3 = deleteStage(d1, 0);
    h = record(h, d3);
    expect(canRedo(h)).toBe(false);
    expect(undo(h).present).toBe(d1);
  });

  it("merges edits with the same coalesce key into one step", () => {
    const d0 = sampleDoc();
    const d1 = renameStage(d0, 1, "B");
    const d2 = renameStage(d1, 1, "Bu");
    let h = record(startHistory(d0), d1, "rename", 1000);
    h = record(h, d2, "rename", 1200);
    expect(h.past).toHaveLength(1);
    expect(undo(h).present).toBe(d0);
  });

  it("starts a new step after a pause, even in the same field", () => {
    const d0 = sampleDoc();
    const d1 = renameStage(d0, 1, "B");
    const d2 = renameStage(d1, 1, "Bu");
    let h = record(startHistory(d0), d1, "rename", 1000);
    h = record(h, d2, "rename", 1000 + COALESCE_MS + 1);
    expect(h.past).toHaveLength(2);
    expect(undo(h).present).toBe(d1);
  });
});

describe("placing a dragged action", () => {
  it("joins a runOrder column to run in parallel, or runs after all columns", () => {
    const doc = sampleDoc();
    const parallel = placeAction(doc, 1, 2, 1, 0);
    expect(parallel.doc.pipeline.stages[1].actions[2].runOrder).toBe(1);
    const after = placeAction(doc, 1, 1, 1, 5);
    expect(after.doc.pipeline.stages[1].actions[1].runOrder).toBe(3);
    const across = placeAction(doc, 1, 1, 0, 0);
    expect(across.doc.pipeline.stages[0].actions.map((a) => a.name)).toEqual(["Checkout", "Lint"]);
    expect(across.doc.pipeline.stages[0].actions[1].runOrder).toBe(1);
    expect(across.name).toBe("Lint");
    expect(placeAction(doc, 1, 2, 1, 1).doc).toBe(doc);
  });
});

describe("moving an action with the keyboard", () => {
  // Build: A and B in parallel at run order 1, C at 2.
  const doc = () => {
    const d = sampleDoc();
    d.pipeline.stages[1].actions = [
      action("A", "Build", "CodeBuild", { runOrder: 1 }),
      action("B", "Build", "CodeBuild", { runOrder: 1 }),
      action("C", "Test", "CodeBuild", { runOrder: 2 }),
    ];
    return d;
  };
  const orders = (d: ReturnType<typeof doc>) => d.pipeline.stages[1].actions.map((a) => a.runOrder);

  it("joins the next or previous run order group", () => {
    expect(orders(stepRunOrder(doc(), 1, 1, 1))).toEqual([1, 2, 2]);
    expect(orders(stepRunOrder(doc(), 1, 2, -1))).toEqual([1, 1, 1]);
  });

  it("gets a group of its own past the last or first group it shares", () => {
    const later = stepRunOrder(stepRunOrder(doc(), 1, 1, 1), 1, 1, 1);
    expect(orders(later)).toEqual([1, 3, 2]);
    // A shares run order 1 with B: running earlier moves B and C one later instead.
    expect(orders(stepRunOrder(doc(), 1, 0, -1))).toEqual([1, 2, 3]);
    const spaced = doc();
    spaced.pipeline.stages[1].actions = spaced.pipeline.stages[1].actions.map((a) => ({
      ...a,
      runOrder: (a.runOrder ?? 1) + 1,
    }));
    expect(orders(stepRunOrder(spaced, 1, 0, -1))).toEqual([1, 2, 3]);
  });

  it("leaves an action alone at either end where it is", () => {
    const d = doc();
    expect(stepRunOrder(d, 1, 2, 1)).toBe(d);
    const alone = sampleDoc();
    expect(stepRunOrder(alone, 0, 0, -1)).toBe(alone);
    expect(stepRunOrder(alone, 0, 0, 1)).toBe(alone);
  });

  it("moves an action to another stage, running after its actions, renamed if taken", () => {
    const d = doc();
    d.pipeline.stages[0].actions.push(action("A", "Source", "S3"));
    const { doc: next, name } = moveActionToStage(d, 0, 1, 1);
    expect(name).toBe("A-2");
    const build = next.pipeline.stages[1].actions;
    expect(build.map((a) => a.name)).toEqual(["A", "B", "C", "A-2"]);
    expect(build[3].runOrder).toBe(3);
    expect(next.pipeline.stages[0].actions).toHaveLength(1);
    expect(moveActionToStage(d, 0, 0, 0).doc).toBe(d);
  });
});
