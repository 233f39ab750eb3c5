import { describe, expect, it } from "vitest";
import { action, sampleDoc } from "./fixtures";
import { ACTION_H, type ActionNode, layoutDocument, stageAt } from "./layout";

function actionNodes(doc = sampleDoc()) {
  const layout = layoutDocument(doc);
  return {
    layout,
    byId: new Map(layout.nodes.filter((n) => n.type === "action").map((n) => [n.id, n as ActionNode])),
  };
}

describe("layout", () => {
  it("places stages left to right in model order", () => {
    const { layout } = actionNodes();
    const stages = layout.nodes.filter((n) => n.type === "stage");
    expect(stages.map((s) => s.id)).toEqual(["stage:Source", "stage:Build"]);
    expect(stages[0].position.x).toBeLessThan(stages[1].position.x);
    expect(stages[0].position.x + (stages[0].width ?? 0)).toBeLessThan(stages[1].position.x);
  });

  it("gives every node its measured size and a target handle on its left edge, a source on its right", () => {
    const { layout } = actionNodes();
    for (const n of layout.nodes) {
      expect(n.measured).toEqual({ width: n.width, height: n.height });
      const [target, source] = n.handles ?? [];
      const width = n.width ?? 0;
      const height = n.height ?? 0;
      expect(target).toMatchObject({ type: "target", position: "left" });
      expect(source).toMatchObject({ type: "source", position: "right" });
      // Centred on the edges (a stage's inside its 1 px border), halfway down.
      expect(Math.abs((target.x ?? 0) + (target.width ?? 0) / 2)).toBeLessThanOrEqual(1);
      expect(Math.abs((source.x ?? 0) + (source.width ?? 0) / 2 - width)).toBeLessThanOrEqual(1);
      expect((target.y ?? 0) + (target.height ?? 0) / 2).toBe(height / 2);
    }
  });

  it("stacks parallel actions (same runOrder) and puts sequential ones after each other", () => {
    const { byId } = actionNodes();
    const compile = byId.get("action:Build/Compile");
    const lint = byId.get("action:Build/Lint");
    const pack = byId.get("action:Build/Package");
    if (!compile || !lint || !pack) throw new Error("missing action nodes");
    expect(compile.position.x).toBe(lint.position.x);
    expect(lint.position.y).toBeGreaterThanOrEqual(compile.position.y + ACTION_H);
    expect(compile.width).toBe(lint.width);
    expect(pack.position.x).toBeGreaterThanOrEqual(compile.position.x + (compile.width ?? 0));
    expect(pack.data.group).toBe(1);
    expect(compile.parentId).toBe("stage:Build");
  });

  it("orders runOrder groups numerically, not by list position", () => {
    const doc = sampleDoc();
    doc.pipeline.stages[1].actions = [
      action("Late", "Build", "CodeBuild", { runOrder: 10 }),
      action("Early", "Build", "CodeBuild", { runOrder: 2 }),
    ];
    const { byId } = actionNodes(doc);
    expect(byId.get("action:Build/Early")?.data.group).toBe(0);
    expect(byId.get("action:Build/Late")?.data.group).toBe(1);
  });

  it("draws artifact edges from producer to consumers", () => {
    const { layout } = actionNodes();
    const artifactEdges = layout.edges.filter((e) => e.id.startsWith("artifact:"));
    const pairs = artifactEdges.map((e) => `${e.source} -> ${e.target} (${e.label})`).sort();
    expect(pairs).toEqual([
      "action:Build/Compile -> action:Build/Package (BuildOutput)",
      "action:Source/Checkout -> action:Build/Compile (SourceOutput)",
      "action:Source/Checkout -> action:Build/Lint (SourceOutput)",
    ]);
  });

  it("names every edge for screen readers: the artifact and its two actions, or the transition", () => {
    const { layout } = actionNodes();
    const names = layout.edges.map((e) => e.ariaLabel).sort();
    expect(names).toEqual([
      "Artifact BuildOutput from Build › Compile to Build › Package",
      "Artifact SourceOutput from Source › Checkout to Build › Compile",
      "Artifact SourceOutput from Source › Checkout to Build › Lint",
      "Transition from stage Source to stage Build",
    ]);
  });

  it("draws no edge for an input nobody upstream produces", () => {
    const doc = sampleDoc();
    doc.pipeline.stages[0].actions[0].inputArtifacts = [{ name: "PackageOutput" }];
    const { layout } = actionNodes(doc);
    expect(layout.edges.some((e) => e.target === "action:Source/Checkout")).toBe(false);
  });

  it("finds the stage under a point", () => {
    const { layout } = actionNodes();
    const build = layout.nodes.find((n) => n.id === "stage:Build");
    if (!build) throw new Error("no build stage");
    expect(stageAt(layout, { x: build.position.x + 5, y: 5 })?.id).toBe("stage:Build");
    expect(stageAt(layout, { x: -50, y: 5 })).toBeUndefined();
  });

  it("is a pure function of the model", () => {
    const doc = sampleDoc();
    expect(layoutDocument(doc)).toEqual(layoutDocument(structuredClone(doc)));
  });
});

describe("edge routing", () => {
  it("routes edges that would cross other cards along a lane under the stages", () => {
    const doc = sampleDoc();
    doc.pipeline.stages.push({
      name: "Deploy",
      actions: [action("Ship", "Deploy", "CodeDeploy", { inputArtifacts: [{ name: "SourceOutput" }] })],
    });
    const layout = layoutDocument(doc);
    const lane = (target: string) => layout.edges.find((e) => e.target === target)?.data?.lane;
    // Source -> Build/Compile: neighbours (last group -> first group of the next stage).
    expect(lane("action:Build/Compile")).toBeUndefined();
    // Source -> Deploy/Ship skips the Build stage.
    expect(lane("action:Deploy/Ship")).toBeGreaterThan(
      Math.max(...layout.nodes.map((n) => n.position.y + (n.height ?? 0))) - 1,
    );
    expect(layout.height).toBeGreaterThan(lane("action:Deploy/Ship") as number);
  });
});

describe("duplicate names", () => {
  it("still gives every node a distinct id, and resolves it back to its position", async () => {
    const { resolveNodeId } = await import("./ops");
    const doc = sampleDoc();
    doc.pipeline.stages[1].actions[1].name = "Compile";
    doc.pipeline.stages.push({ name: "Build", actions: [] });
    const layout = layoutDocument(doc);
    const ids = layout.nodes.map((n) => n.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain("action:Build/Compile#2");
    expect(ids).toContain("stage:Build#2");
    expect(resolveNodeId(doc, "action:Build/Compile#2")).toEqual({ kind: "action", stage: 1, action: 1 });
    expect(resolveNodeId(doc, "stage:Build#2")).toEqual({ kind: "stage", stage: 2 });
  });
});

describe("node reuse", () => {
  it("keeps unchanged node objects and replaces changed ones", async () => {
    const { reuseNodes } = await import("./layout");
    const { renameAction } = await import("./ops");
    const doc = sampleDoc();
    const before = layoutDocument(doc).nodes;
    expect(reuseNodes(before, layoutDocument(structuredClone(doc)).nodes)).toBe(before);
    const after = reuseNodes(before, layoutDocument(renameAction(doc, 1, 1, "Check")).nodes);
    const byId = new Map(before.map((n) => [n.id, n]));
    expect(after.find((n) => n.id === "action:Build/Compile")).toBe(byId.get("action:Build/Compile"));
    expect(after.find((n) => n.id === "action:Build/Check")).toBeDefined();
    expect(after.some((n) => n.id === "action:Build/Lint")).toBe(false);
  });
});

describe("first viewport", () => {
  it("fits the whole layout, centred, within the zoom limits", async () => {
    const { fitViewport, FIT_PADDING, MAX_FIT_ZOOM, MIN_ZOOM } = await import("./layout");
    const small = fitViewport({ width: 100, height: 50 }, { width: 1000, height: 500 });
    expect(small.zoom).toBe(MAX_FIT_ZOOM);
    expect(small.x).toBeCloseTo((1000 - 100 * MAX_FIT_ZOOM) / 2);
    const wide = fitViewport({ width: 4000, height: 200 }, { width: 1000, height: 500 });
    expect(wide.zoom).toBeCloseTo((1000 - 2 * FIT_PADDING) / 4000);
    expect(wide.x).toBeCloseTo(FIT_PADDING);
    const huge = fitViewport({ width: 100_000, height: 200 }, { width: 1000, height: 500 });
    expect(huge.zoom).toBe(MIN_ZOOM);
  });

  it("zooms out no further than asked, then shows the start, or the focus, and pans for the rest", async () => {
    const { fitViewport, FIT_PADDING, READABLE_ZOOM } = await import("./layout");
    const box = { width: 1000, height: 500 };
    const layout = { width: 3000, height: 200 };
    const start = fitViewport(layout, box, { minZoom: READABLE_ZOOM });
    expect(start.zoom).toBe(READABLE_ZOOM);
    expect(13 * start.zoom).toBeGreaterThanOrEqual(11);
    expect(start.x).toBe(FIT_PADDING);
    expect(start.y).toBeCloseTo((500 - 200 * READABLE_ZOOM) / 2);
    // A focus already in view leaves the start; one further right is brought in at the right.
    expect(fitViewport(layout, box, { minZoom: READABLE_ZOOM, focus: { x: 100, width: 200 } }).x).toBe(
      FIT_PADDING,
    );
    const end = fitViewport(layout, box, { minZoom: READABLE_ZOOM, focus: { x: 2800, width: 200 } });
    expect(end.x + 3000 * end.zoom).toBeCloseTo(1000 - FIT_PADDING);
    // A focus wider than the box shows its left end.
    const wideFocus = fitViewport(layout, box, { minZoom: 1, focus: { x: 1000, width: 2000 } });
    expect(wideFocus.x + 1000 * wideFocus.zoom).toBeCloseTo(FIT_PADDING);
    // Too tall: the top.
    expect(fitViewport({ width: 100, height: 2000 }, box, { minZoom: 1 }).y).toBe(FIT_PADDING);
    // What fits is centred as before.
    const fits = fitViewport({ width: 800, height: 200 }, box, { minZoom: READABLE_ZOOM });
    expect(fits.x).toBeCloseTo((1000 - 800 * fits.zoom) / 2);
    expect(fits.zoom).toBeGreaterThan(READABLE_ZOOM);
  });
});

describe("panning a card into view", () => {
  it("moves the viewport as little as it takes, at the same zoom", async () => {
    const { panIntoView } = await import("./layout");
    const box = { width: 800, height: 400 };
    const vp = { x: 0, y: 0, zoom: 0.5 };
    // In view already: the same viewport.
    expect(panIntoView(vp, { x: 100, y: 100, width: 200, height: 60 }, box, 16)).toEqual(vp);
    // Past the right edge: its right end 16 px inside.
    const right = panIntoView(vp, { x: 1500, y: 100, width: 200, height: 60 }, box, 16);
    expect(right.zoom).toBe(0.5);
    expect(right.y).toBe(0);
    expect(right.x + 1700 * 0.5).toBe(800 - 16);
    // Left of the view, or above it: its left (top) end 16 px inside.
    const left = panIntoView(
      { x: -600, y: -300, zoom: 1 },
      { x: 100, y: 100, width: 200, height: 60 },
      box,
      16,
    );
    expect(left).toEqual({ x: 16 - 100, y: 16 - 100, zoom: 1 });
    // Wider than the box: its left end.
    expect(panIntoView({ x: 0, y: 0, zoom: 1 }, { x: 2000, y: 0, width: 2000, height: 60 }, box, 16).x).toBe(
      16 - 2000,
    );
  });
});

describe("dragging a stage", () => {
  it("lands at the index given by its centre among the other stages", async () => {
    const { stageIndexAt } = await import("./layout");
    const doc = sampleDoc();
    doc.pipeline.stages.push({ name: "Deploy", actions: [] });
    const layout = layoutDocument(doc);
    const deploy = layout.nodes.find((n) => n.id === "stage:Deploy");
    const source = layout.nodes.find((n) => n.id === "stage:Source");
    if (!deploy || !source) throw new Error("missing stages");
    expect(stageIndexAt(layout, "stage:Deploy", deploy.position.x + 10)).toBe(2);
    expect(stageIndexAt(layout, "stage:Deploy", source.position.x + 1)).toBe(0);
    expect(stageIndexAt(layout, "stage:Source", deploy.position.x + (deploy.width ?? 0))).toBe(2);
  });
});

describe("placeholders", () => {
  it("counts configuration values that still say REPLACE-ME", () => {
    const doc = sampleDoc();
    doc.pipeline.stages[0].actions[0].configuration = {
      RepositoryName: "REPLACE-ME-repo",
      BranchName: "main",
    };
    const node = layoutDocument(doc).nodes.find((n) => n.id === "action:Source/Checkout") as ActionNode;
    expect(node.data.placeholders).toBe(1);
  });
});

describe("drop columns", () => {
  it("maps an x position inside a stage to its runOrder column", async () => {
    const { columnAt, GROUP_GAP } = await import("./layout");
    const layout = layoutDocument(sampleDoc());
    const build = layout.nodes.find((n) => n.id === "stage:Build");
    if (!build) throw new Error("no build stage");
    const [first, second] = layout.columns["stage:Build"];
    const x0 = build.position.x;
    expect(columnAt(layout, "stage:Build", x0 + first.x + 10)).toBe(0);
    expect(columnAt(layout, "stage:Build", x0 + first.x - GROUP_GAP / 2 - 1)).toBe(-1);
    expect(columnAt(layout, "stage:Build", x0 + second.x + 10)).toBe(1);
    // Half way into the gap between them is the border.
    const border = (first.x + first.width + second.x) / 2;
    expect(columnAt(layout, "stage:Build", x0 + border - 1)).toBe(0);
    expect(columnAt(layout, "stage:Build", x0 + border + 1)).toBe(1);
    // Past the last column: a new group after the others.
    expect(columnAt(layout, "stage:Build", x0 + second.x + second.width + GROUP_GAP)).toBe(2);
  });
});

describe("card sizes", () => {
  /** A measure where every letter is 7 px (600) or 6 px (400) wide. */
  const fixed = (text: string, weight: 400 | 600) => text.length * (weight === 600 ? 7 : 6);

  it("makes an action card as wide as its name or subtitle, within the limits", async () => {
    const { ACTION_CHROME, ACTION_MAX_W, ACTION_MIN_W, actionSubtitle } = await import("./layout");
    const doc = sampleDoc();
    doc.pipeline.stages[0].actions[0].name = "Checkout-the-sources";
    doc.pipeline.stages[1].actions[0].name = "C";
    doc.pipeline.stages[1].actions[2].name = "P".repeat(80);
    const { byId } = { byId: new Map(layoutDocument(doc, fixed).nodes.map((n) => [n.id, n])) };
    const checkout = byId.get("action:Source/Checkout-the-sources");
    expect(checkout?.width).toBe(Math.ceil(20 * 7 + ACTION_CHROME));
    // A short name: the subtitle ("CodeBuild · #1") sets the width, for Lint beside it too.
    const sub = actionSubtitle("CodeBuild", 1).length * 6;
    expect(byId.get("action:Build/C")?.width).toBe(Math.max(ACTION_MIN_W, Math.ceil(sub + ACTION_CHROME)));
    expect(byId.get("action:Build/Lint")?.width).toBe(byId.get("action:Build/C")?.width);
    expect(byId.get(`action:Build/${"P".repeat(80)}`)?.width).toBe(ACTION_MAX_W);
  });

  it("makes a stage with one action as narrow as that card, or its name", async () => {
    const { STAGE_PAD } = await import("./layout");
    const doc = sampleDoc();
    const short = layoutDocument(doc, fixed);
    const stage = short.nodes.find((n) => n.id === "stage:Source");
    const card = short.nodes.find((n) => n.id === "action:Source/Checkout");
    expect(stage?.width).toBe((card?.width ?? 0) + 2 * STAGE_PAD);
    expect(stage?.width).toBeLessThan(200);
    doc.pipeline.stages[0].name = "Source-of-every-change";
    const long = layoutDocument(doc, fixed).nodes.find((n) => n.type === "stage");
    expect(long?.width).toBeGreaterThan((stage?.width ?? 0) + 10);
  });

  it("leaves room between two cards for the artifact label drawn between them", async () => {
    const { STAGE_GAP } = await import("./layout");
    const doc = sampleDoc();
    const layout = layoutDocument(doc, fixed);
    const at = (id: string) => {
      const n = layout.nodes.find((n) => n.id === id);
      const parent = layout.nodes.find((p) => p.id === n?.parentId);
      const x = (parent?.position.x ?? 0) + (n?.position.x ?? 0);
      return { left: x, right: x + (n?.width ?? 0) };
    };
    // SourceOutput (12 letters, 72 px) between Source › Checkout and Build › Compile.
    expect(at("action:Build/Compile").left - at("action:Source/Checkout").right).toBeGreaterThanOrEqual(
      72 + 16,
    );
    // BuildOutput (11 letters, 66 px) between Compile and Package inside Build.
    expect(at("action:Build/Package").left - at("action:Build/Compile").right).toBeGreaterThanOrEqual(
      66 + 16,
    );
    // Without a label the stages keep the least gap.
    doc.pipeline.stages[1].actions.forEach((a) => {
      a.inputArtifacts = [];
    });
    const bare = layoutDocument(doc, fixed).nodes.filter((n) => n.type === "stage");
    expect(bare[1].position.x - (bare[0].position.x + (bare[0].width ?? 0))).toBe(STAGE_GAP);
  });

  it("measures with the page's widths when given, else estimates them", async () => {
    const { estimateTextWidth } = await import("./layout");
    expect(layoutDocument(sampleDoc())).toEqual(layoutDocument(sampleDoc(), estimateTextWidth));
    expect(estimateTextWidth("CodeCommit", 600)).toBeGreaterThan(estimateTextWidth("CodeCommit", 400));
  });
});

describe("template placeholders", () => {
  it("counts <<Name>> values like REPLACE-ME ones", async () => {
    const { hasPlaceholder } = await import("./layout");
    expect(hasPlaceholder("<<RepositoryName>>")).toBe(true);
    expect(hasPlaceholder("arn:aws:iam::<<AccountId>>:role/x")).toBe(true);
    expect(hasPlaceholder("REPLACE-ME-bucket")).toBe(true);
    expect(hasPlaceholder("a << b >> c")).toBe(false);
    expect(hasPlaceholder(undefined)).toBe(false);
    const doc = sampleDoc();
    doc.pipeline.stages[0].actions[0].configuration = {
      RepositoryName: "<<RepositoryName>>",
      BranchName: "main",
    };
    const node = layoutDocument(doc).nodes.find((n) => n.id === "action:Source/Checkout") as ActionNode;
    expect(node.data.placeholders).toBe(1);
  });
});
