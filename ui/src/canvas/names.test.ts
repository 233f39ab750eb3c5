import { describe, expect, it } from "vitest";
import { action, sampleDoc } from "../model/fixtures";
import { layoutDocument } from "../model/layout";
import { namedNodes, nodeName } from "./names";

const fresh = () => ({ byId: new Map(), out: [] });

describe("the canvas's accessible names", () => {
  const doc = sampleDoc();
  doc.pipeline.stages[1].actions[0] = action("Compile", "Build", "CodeBuild", {
    configuration: { ProjectName: "REPLACE-ME" },
  });
  const { nodes } = layoutDocument(doc);
  const byId = (id: string) => {
    const n = nodes.find((x) => x.id === id);
    if (!n) throw new Error(`no node ${id}`);
    return n;
  };

  it("says the stage, the action, its provider, run order and problems", () => {
    expect(nodeName(byId("action:Build/Compile"), { errors: 1, warnings: 0 }, 2)).toBe(
      "Build stage, action Compile, CodeBuild, run order 1, 1 error, 1 placeholder to replace",
    );
    expect(nodeName(byId("stage:Build"), { errors: 2, warnings: 1 }, 2)).toMatch(
      /^Build stage, 2 of 2, \d actions, 2 errors, 1 warning$/,
    );
    expect(nodeName(byId("stage:Source"), undefined, 2)).toBe("Source stage, 1 of 2, 1 action");
  });

  it("puts the names on the nodes and marks the selection", () => {
    const { out } = namedNodes(nodes, new Map(), "stage:Source", fresh());
    expect(out.find((n) => n.id === "stage:Source")).toMatchObject({
      selected: true,
      ariaLabel: "Source stage, 1 of 2, 1 action",
    });
    expect(out.find((n) => n.id === "stage:Build")?.selected).toBeUndefined();
  });

  it("keeps the nodes, and the array, while names and selection stay", () => {
    const first = namedNodes(nodes, new Map(), null, fresh());
    const again = namedNodes(nodes, new Map([["stage:Build", { errors: 0, warnings: 0 }]]), null, first);
    expect(again.out).toBe(first.out);
    const problem = namedNodes(nodes, new Map([["stage:Build", { errors: 1, warnings: 0 }]]), null, again);
    expect(problem.out).not.toBe(first.out);
    const changed = problem.out.filter((n, i) => n !== first.out[i]).map((n) => n.id);
    expect(changed).toEqual(["stage:Build"]);
  });
});
