// Edits on the pipeline model. Each function is pure: it takes a Document and returns a new one,
// spreading every object it touches so unknown fields (present at run time, not in the types)
// survive. The canvas never edits nodes; it calls these.
import type { Action, Document, OutputArtifact, Pipeline, Stage } from "../backend";
import type { ProviderView } from "./catalog";

export const stageNodeId = (stage: string) => `stage:${stage}`;
export const actionNodeId = (stage: string, action: string) => `action:${stage}/${action}`;

export function runOrderOf(action: Action): number {
  return typeof action.runOrder === "number" && action.runOrder > 0 ? action.runOrder : 1;
}

/** `base` if nobody has it, else `base-2`, `base-3`, ... (an existing `-N` suffix is replaced). */
export function uniqueName(base: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  if (!used.has(base)) return base;
  const stem = base.replace(/-\d+$/, "") || base;
  for (let n = 2; ; n++) {
    const candidate = `${stem}-${n}`;
    if (!used.has(candidate)) return candidate;
  }
}

function withPipeline(doc: Document, f: (p: Pipeline) => Pipeline): Document {
  return { ...doc, pipeline: f(doc.pipeline) };
}

function withStages(doc: Document, f: (stages: Stage[]) => Stage[]): Document {
  return withPipeline(doc, (p) => ({ ...p, stages: f(p.stages) }));
}

function withStage(doc: Document, si: number, f: (s: Stage) => Stage): Document {
  if (!doc.pipeline.stages[si]) return doc;
  return withStages(doc, (stages) => stages.map((s, i) => (i === si ? f(s) : s)));
}

export function allOutputNames(doc: Document): string[] {
  const out: string[] = [];
  for (const s of doc.pipeline.stages) {
    for (const a of s.actions) for (const o of a.outputArtifacts ?? []) out.push(o.name);
  }
  return out;
}

/** Artifacts produced before action `ai` of stage `si` runs: earlier stages, or the same stage at a lower runOrder. */
export function upstreamArtifacts(doc: Document, si: number, ai: number): string[] {
  const stages = doc.pipeline.stages;
  const me = stages[si]?.actions[ai];
  const names: string[] = [];
  stages.forEach((s, i) => {
    if (i > si) return;
    for (const a of s.actions) {
      if (i === si && (!me || runOrderOf(a) >= runOrderOf(me))) continue;
      for (const o of a.outputArtifacts ?? []) names.push(o.name);
    }
  });
  return names;
}

// ---- Stages -------------------------------------------------------------------------------

export function addStage(doc: Document, at?: number, base = "Stage"): { doc: Document; name: string } {
  const name = uniqueName(
    base,
    doc.pipeline.stages.map((s) => s.name),
  );
  const index = at ?? doc.pipeline.stages.length;
  const next = withStages(doc, (stages) => [
    ...stages.slice(0, index),
    { name, actions: [] },
    ...stages.slice(index),
  ]);
  return { doc: next, name };
}

export function renameStage(doc: Document, si: number, name: string): Document {
  const old = doc.pipeline.stages[si]?.name;
  if (old === undefined || old === name) return doc;
  const next = withStage(doc, si, (s) => ({ ...s, name }));
  return renamePositions(next, (key) =>
    key === stageNodeId(old)
      ? stageNodeId(name)
      : key.startsWith(`action:${old}/`)
        ? `action:${name}/${key.slice(`action:${old}/`.length)}`
        : key,
  );
}

export function moveStage(doc: Document, from: number, to: number): Document {
  const stages = doc.pipeline.stages;
  if (from === to || !stages[from] || to < 0 || to >= stages.length) return doc;
  return withStages(doc, (list) => {
    const copy = [...list];
    const [moved] = copy.splice(from, 1);
    copy.splice(to, 0, moved);
    return copy;
  });
}

export function deleteStage(doc: Document, si: number): Document {
  if (!doc.pipeline.stages[si]) return doc;
  return withStages(doc, (stages) => stages.filter((_, i) => i !== si));
}

export function updateStage(doc: Document, si: number, f: (s: Stage) => Stage): Document {
  return withStage(doc, si, f);
}

/** Paste a copied stage at `at`, renaming the stage and its output artifacts so names stay unique. */
export function pasteStage(doc: Document, stage: Stage, at?: number): { doc: Document; name: string } {
  const name = uniqueName(
    stage.name,
    doc.pipeline.stages.map((s) => s.name),
  );
  const taken = allOutputNames(doc);
  const renames = new Map<string, string>();
  const actions = stage.actions.map((a) => {
    const outputs = a.outputArtifacts?.map((o) => {
      const fresh = uniqueName(o.name, taken);
      taken.push(fresh);
      renames.set(o.name, fresh);
      return { ...o, name: fresh };
    });
    return a.outputArtifacts ? { ...a, outputArtifacts: outputs } : { ...a };
  });
  // Inputs that pointed at artifacts produced inside the copied stage follow the renamed outputs.
  const rewired = actions.map((a) =>
    a.inputArtifacts
      ? { ...a, inputArtifacts: a.inputArtifacts.map((i) => ({ ...i, name: renames.get(i.name) ?? i.name })) }
      : a,
  );
  const index = at ?? doc.pipeline.stages.length;
  const pasted: Stage = { ...stage, name, actions: rewired };
  return {
    doc: withStages(doc, (stages) => [...stages.slice(0, index), pasted, ...stages.slice(index)]),
    name,
  };
}

// ---- Actions ------------------------------------------------------------------------------

function outputBase(action: { name: string; actionTypeId: { category: string } }): string {
  const clean = action.name.replace(/[^A-Za-z0-9_-]/g, "");
  return `${clean || action.actionTypeId.category}Output`;
}

/**
 * Add an action for `provider` to stage `si`. It runs after the stage's current actions (a new
 * runOrder) unless `runOrder` is given; it gets an output artifact when the provider produces one
 * and takes the nearest upstream artifact when the provider needs an input.
 */
export function addAction(
  doc: Document,
  si: number,
  provider: ProviderView,
  runOrder?: number,
): { doc: Document; name: string } {
  const stage = doc.pipeline.stages[si];
  if (!stage) return { doc, name: "" };
  const name = uniqueName(
    provider.provider,
    stage.actions.map((a) => a.name),
  );
  const order = runOrder ?? stage.actions.reduce((m, a) => Math.max(m, runOrderOf(a)), 0) + 1;
  const action: Action = {
    name,
    actionTypeId: {
      category: provider.category,
      owner: provider.owner,
      provider: provider.provider,
      version: provider.version,
    },
    runOrder: order,
    configuration: {},
  };
  if (provider.inputs.min > 0) {
    const upstream = upstreamArtifactsAt(doc, si, order);
    const last = upstream[upstream.length - 1];
    action.inputArtifacts = last ? [{ name: last }] : [];
  }
  if (provider.outputs.min > 0 || (provider.outputs.max > 0 && provider.category !== "Test")) {
    action.outputArtifacts = [{ name: uniqueName(outputBase(action), allOutputNames(doc)) }];
  }
  return { doc: withStage(doc, si, (s) => ({ ...s, actions: [...s.actions, action] })), name };
}

function upstreamArtifactsAt(doc: Document, si: number, runOrder: number): string[] {
  const names: string[] = [];
  doc.pipeline.stages.forEach((s, i) => {
    if (i > si) return;
    for (const a of s.actions) {
      if (i === si && runOrderOf(a) >= runOrder) continue;
      for (const o of a.outputArtifacts ?? []) names.push(o.name);
    }
  });
  return names;
}

export function updateAction(doc: Document, si: number, ai: number, f: (a: Action) => Action): Document {
  if (!doc.pipeline.stages[si]?.actions[ai]) return doc;
  return withStage(doc, si, (s) => ({ ...s, actions: s.actions.map((a, i) => (i === ai ? f(a) : a)) }));
}

export function renameAction(doc: Document, si: number, ai: number, name: string): Document {
  const stage = doc.pipeline.stages[si];
  const old = stage?.actions[ai]?.name;
  if (old === undefined || old === name) return doc;
  let next = updateAction(doc, si, ai, (a) => ({ ...a, name }));
  // Triggers name their source action; keep them pointing at it.
  const triggers = next.pipeline.triggers;
  if (si === 0 && Array.isArray(triggers)) {
    next = withPipeline(next, (p) => ({
      ...p,
      triggers: triggers.map((t) => {
        const git = t.gitConfiguration as Record<string, unknown> | undefined;
        return git && git.sourceActionName === old
          ? { ...t, gitConfiguration: { ...git, sourceActionName: name } }
          : t;
      }),
    }));
  }
  const from = actionNodeId(stage.name, old);
  return renamePositions(next, (key) => (key === from ? actionNodeId(stage.name, name) : key));
}

export function deleteAction(doc: Document, si: number, ai: number): Document {
  if (!doc.pipeline.stages[si]?.actions[ai]) return doc;
  return withStage(doc, si, (s) => ({ ...s, actions: s.actions.filter((_, i) => i !== ai) }));
}

/**
 * Move action `ai` of stage `from` into stage `to` at list index `at` (end when omitted). Moving to
 * another stage renames it if its name is taken there.
 */
export function moveAction(doc: Document, from: number, ai: number, to: number, at?: number): Document {
  const src = doc.pipeline.stages[from];
  const action = src?.actions[ai];
  const dst = doc.pipeline.stages[to];
  if (!action || !dst) return doc;
  if (from === to) {
    const target = Math.max(0, Math.min(at ?? src.actions.length - 1, src.actions.length - 1));
    if (target === ai) return doc;
    return withStage(doc, from, (s) => {
      const copy = [...s.actions];
      const [moved] = copy.splice(ai, 1);
      copy.splice(target, 0, moved);
      return { ...s, actions: copy };
    });
  }
  const name = uniqueName(
    action.name,
    dst.actions.map((a) => a.name),
  );
  const removed = deleteAction(doc, from, ai);
  return withStage(removed, to, (s) => {
    const copy = [...s.actions];
    copy.splice(at ?? copy.length, 0, { ...action, name });
    return { ...s, actions: copy };
  });
}

/** Paste a copied action into stage `si`, renaming it and its output artifacts to keep names unique. */
export function pasteAction(doc: Document, si: number, action: Action): { doc: Document; name: string } {
  const stage = doc.pipeline.stages[si];
  if (!stage) return { doc, name: "" };
  const name = uniqueName(
    action.name,
    stage.actions.map((a) => a.name),
  );
  const taken = allOutputNames(doc);
  const pasted: Action = { ...action, name };
  if (action.outputArtifacts) {
    pasted.outputArtifacts = action.outputArtifacts.map((o: OutputArtifact) => {
      const fresh = uniqueName(o.name, taken);
      taken.push(fresh);
      return { ...o, name: fresh };
    });
  }
  return { doc: withStage(doc, si, (s) => ({ ...s, actions: [...s.actions, pasted] })), name };
}

export function setPipelineField(doc: Document, f: (p: Pipeline) => Pipeline): Document {
  return withPipeline(doc, f);
}

function renamePositions(doc: Document, rename: (key: string) => string): Document {
  const designer = doc.pipewright;
  const positions = designer?.positions;
  if (!designer || !positions) return doc;
  const next: typeof positions = {};
  for (const [k, v] of Object.entries(positions)) next[rename(k)] = v;
  return { ...doc, pipewright: { ...designer, positions: next } };
}

/** Sorted distinct runOrders of a stage, each with its actions (indices in list order). */
export function runOrderGroups(actions: Action[]): { runOrder: number; indices: number[] }[] {
  const byOrder = new Map<number, number[]>();
  actions.forEach((a, i) => {
    const ro = runOrderOf(a);
    const list = byOrder.get(ro);
    if (list) list.push(i);
    else byOrder.set(ro, [i]);
  });
  return [...byOrder.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([runOrder, indices]) => ({ runOrder, indices }));
}

/**
 * Drop action `ai` of stage `si` onto runOrder column `column` of stage `to` (as laid out): it joins
 * that column's runOrder (runs in parallel with it), or runs after all of them when `column` is
 * past the last one. Returns the document and the action's (possibly new) name.
 */
export function placeAction(
  doc: Document,
  si: number,
  ai: number,
  to: number,
  column: number,
): { doc: Document; name: string } {
  const action = doc.pipeline.stages[si]?.actions[ai];
  const target = doc.pipeline.stages[to];
  if (!action || !target) return { doc, name: action?.name ?? "" };
  const others = target.actions.filter((_, i) => !(to === si && i === ai));
  const groups = runOrderGroups(others);
  const runOrder =
    column >= 0 && column < groups.length
      ? groups[column].runOrder
      : groups.reduce((m, g) => Math.max(m, g.runOrder), 0) + 1;
  if (to === si && runOrder === runOrderOf(action)) return { doc, name: action.name };
  const moved = to === si ? doc : moveAction(doc, si, ai, to);
  const index = to === si ? ai : moved.pipeline.stages[to].actions.length - 1;
  const name = moved.pipeline.stages[to].actions[index].name;
  return { doc: updateAction(moved, to, index, (a) => ({ ...a, runOrder })), name };
}

/**
 * The keyboard's way to change when action `ai` of stage `si` runs, one step earlier (`-1`) or
 * later (`+1`), as dragging it onto a column does: it joins the neighbouring runOrder group (runs
 * in parallel with it), or, sharing the first or last group with others, gets a group of its own
 * before or after them. An action alone at either end stays (the document is returned as is).
 */
export function stepRunOrder(doc: Document, si: number, ai: number, dir: -1 | 1): Document {
  const stage = doc.pipeline.stages[si];
  const action = stage?.actions[ai];
  if (!action) return doc;
  const me = runOrderOf(action);
  const orders = [...new Set(stage.actions.filter((_, i) => i !== ai).map(runOrderOf))].sort((x, y) => x - y);
  const shares = orders.includes(me);
  const next = dir === 1 ? orders.find((o) => o > me) : [...orders].reverse().find((o) => o < me);
  if (next !== undefined) return updateAction(doc, si, ai, (a) => ({ ...a, runOrder: next }));
  if (!shares) return doc;
  if (dir === 1) return updateAction(doc, si, ai, (a) => ({ ...a, runOrder: me + 1 }));
  if (me > 1) return updateAction(doc, si, ai, (a) => ({ ...a, runOrder: me - 1 }));
  // Already at run order 1 with others: they all move one later instead.
  return withStage(doc, si, (s) => ({
    ...s,
    actions: s.actions.map((a, i) =>
      i === ai ? { ...a, runOrder: me } : { ...a, runOrder: runOrderOf(a) + 1 },
    ),
  }));
}

/**
 * The keyboard's way to move action `ai` of stage `si` into stage `to`: it runs after that stage's
 * actions (renamed when its name is taken there). Returns the document and its (new) name.
 */
export function moveActionToStage(
  doc: Document,
  si: number,
  ai: number,
  to: number,
): { doc: Document; name: string } {
  const target = doc.pipeline.stages[to];
  const action = doc.pipeline.stages[si]?.actions[ai];
  if (!target || !action || to === si) return { doc, name: action?.name ?? "" };
  return placeAction(doc, si, ai, to, runOrderGroups(target.actions).length);
}

// ---- Lookup -------------------------------------------------------------------------------

export type Selection =
  | { kind: "pipeline" }
  | { kind: "stage"; stage: number }
  | { kind: "action"; stage: number; action: number };

/**
 * Node ids of every stage and action. Names should be unique (validation says so when they are
 * not), but while a user types a name twice the canvas still needs distinct ids: the second
 * `stage:Build` becomes `stage:Build#2`.
 */
export function nodeIds(doc: Document): { stages: string[]; actions: string[][] } {
  const seen = new Map<string, number>();
  const unique = (id: string) => {
    const n = (seen.get(id) ?? 0) + 1;
    seen.set(id, n);
    return n === 1 ? id : `${id}#${n}`;
  };
  const stages = doc.pipeline.stages.map((s) => unique(stageNodeId(s.name)));
  const actions = doc.pipeline.stages.map((s) => s.actions.map((a) => unique(actionNodeId(s.name, a.name))));
  return { stages, actions };
}

/** The model position a node id stands for. */
export function resolveNodeId(doc: Document, id: string | null): Selection {
  if (!id) return { kind: "pipeline" };
  const ids = nodeIds(doc);
  const si = ids.stages.indexOf(id);
  if (si !== -1) return { kind: "stage", stage: si };
  for (let s = 0; s < ids.actions.length; s++) {
    const ai = ids.actions[s].indexOf(id);
    if (ai !== -1) return { kind: "action", stage: s, action: ai };
  }
  return { kind: "pipeline" };
}
