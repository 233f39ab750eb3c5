import { beforeEach, describe, expect, it } from "vitest";
import { sampleDoc } from "./model/fixtures";
import { renameStage } from "./model/ops";
import { selectDirty, selectDoc, useDesigner } from "./store";

const store = () => useDesigner.getState();
const stageNames = () => selectDoc(store())?.pipeline.stages.map((s) => s.name);
const actionNames = (si: number) => selectDoc(store())?.pipeline.stages[si].actions.map((a) => a.name);

describe("designer store", () => {
  beforeEach(() => {
    store().loadDocument(sampleDoc(), "/tmp/demo.json", "json");
    store().markSaved(selectDoc(store()) ?? sampleDoc(), "/tmp/demo.json", "json");
  });

  it("tracks dirtiness against the saved document, through undo and redo", () => {
    expect(selectDirty(store())).toBe(false);
    store().edit((d) => renameStage(d, 1, "Compile"), { select: "stage:Compile" });
    expect(selectDirty(store())).toBe(true);
    expect(store().selection).toBe("stage:Compile");
    store().undo();
    expect(selectDirty(store())).toBe(false);
    expect(stageNames()).toEqual(["Source", "Build"]);
    store().redo();
    expect(stageNames()).toEqual(["Source", "Compile"]);
  });

  it("copies and pastes the selected action into its stage with a fresh name", () => {
    store().select("action:Build/Compile");
    expect(store().copySelection()).toBe(true);
    expect(store().pasteClipboard()).toBe(true);
    expect(actionNames(1)).toEqual(["Compile", "Lint", "Package", "Compile-2"]);
    expect(store().selection).toBe("action:Build/Compile-2");
    // Pasting again while the copy is selected makes a third one.
    store().pasteClipboard();
    expect(actionNames(1)).toEqual(["Compile", "Lint", "Package", "Compile-2", "Compile-3"]);
  });

  it("copies and pastes a stage after the selected one", () => {
    store().select("stage:Source");
    store().copySelection();
    store().pasteClipboard();
    expect(stageNames()).toEqual(["Source", "Source-2", "Build"]);
    expect(store().selection).toBe("stage:Source-2");
  });

  it("deletes the selection: an action selects its stage, a stage clears the selection", () => {
    store().select("action:Build/Lint");
    expect(store().deleteSelection()).toBe(true);
    expect(actionNames(1)).toEqual(["Compile", "Package"]);
    expect(store().selection).toBe("stage:Build");
    expect(store().deleteSelection()).toBe(true);
    expect(stageNames()).toEqual(["Source"]);
    expect(store().selection).toBe(null);
    expect(store().deleteSelection()).toBe(false);
  });

  it("counts diagnostics per node for the badges", () => {
    store().setDiagnostics(
      [
        {
          code: "E501",
          severity: "error",
          message: "m",
          hint: "h",
          pointer: "/pipeline/stages/1/actions/2/configuration/X",
        },
        { code: "W1", severity: "warning", message: "m", hint: "h", pointer: "/pipeline/stages/1/name" },
      ],
      null,
    );
    expect(store().problems.get("action:Build/Package")).toEqual({ errors: 1, warnings: 0 });
    expect(store().problems.get("stage:Build")).toEqual({ errors: 0, warnings: 1 });
  });

  it("asks the inspector to focus a field on every selection request", () => {
    store().select("action:Build/Compile", "runOrder");
    const first = store().focus;
    store().select("action:Build/Compile", "runOrder");
    expect(store().focus?.field).toBe("runOrder");
    expect(store().focus?.nonce).not.toBe(first?.nonce);
  });
});

describe("renaming to a name that is taken", () => {
  it("keeps the renamed node selected, not its namesake", async () => {
    const { nodeIds, renameStage: rename } = await import("./model/ops");
    store().loadDocument(sampleDoc(), null, "json");
    store().select("stage:Build");
    store().edit((d) => rename(d, 1, "Source"), {
      coalesce: "stage/1/name",
      select: (next) => nodeIds(next).stages[1] ?? null,
    });
    expect(store().selection).toBe("stage:Source#2");
    expect(stageNames()).toEqual(["Source", "Source"]);
  });
});
