import { describe, expect, it } from "vitest";
import { sampleDoc } from "./fixtures";
import { pointerTarget, pointerTokens, problemsByNode } from "./pointer";

describe("pointer to node", () => {
  it("unescapes RFC 6901 tokens", () => {
    expect(pointerTokens("/a~1b/c~0d")).toEqual(["a/b", "c~d"]);
    expect(pointerTokens("")).toEqual([]);
  });

  it("maps action pointers to action nodes and fields", () => {
    const doc = sampleDoc();
    expect(pointerTarget(doc, "/pipeline/stages/1/actions/2/runOrder")).toEqual({
      nodeId: "action:Build/Package",
      field: "runOrder",
    });
    expect(pointerTarget(doc, "/pipeline/stages/0/actions/0/configuration/BranchName")).toEqual({
      nodeId: "action:Source/Checkout",
      field: "BranchName",
    });
    expect(pointerTarget(doc, "/pipeline/stages/0/actions/0/actionTypeId/provider").field).toBe("provider");
  });

  it("maps stage and pipeline pointers", () => {
    const doc = sampleDoc();
    expect(pointerTarget(doc, "/pipeline/stages/1/name")).toEqual({ nodeId: "stage:Build", field: "name" });
    expect(pointerTarget(doc, "/pipeline/stages/1")).toEqual({ nodeId: "stage:Build", field: null });
    expect(pointerTarget(doc, "/pipeline/roleArn")).toEqual({ nodeId: "pipeline", field: "roleArn" });
    expect(pointerTarget(doc, "/pipeline/stages/9/name").nodeId).toBe("pipeline");
    expect(pointerTarget(doc, "/pipeline/stages/1/actions/9").nodeId).toBe("stage:Build");
  });

  it("counts problems per node by severity", () => {
    const doc = sampleDoc();
    const map = problemsByNode(doc, [
      { code: "E1", severity: "error", message: "", hint: "", pointer: "/pipeline/stages/1/actions/0/name" },
      { code: "W1", severity: "warning", message: "", hint: "", pointer: "/pipeline/stages/1/actions/0" },
      { code: "E2", severity: "error", message: "", hint: "", pointer: "/pipeline/name" },
    ]);
    expect(map.get("action:Build/Compile")).toEqual({ errors: 1, warnings: 1 });
    expect(map.get("pipeline")).toEqual({ errors: 1, warnings: 0 });
  });
});
