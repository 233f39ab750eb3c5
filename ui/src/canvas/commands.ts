// The canvas's keyboard commands: every edit the mouse makes on the canvas (add a stage or an
// action, move an action between run orders and stages, move a stage, edit, delete, walk the
// cards). Part of the workspace's chunk; panels/keyboard.ts decides which key runs which.
import {
  actionNodeId,
  addStage,
  moveActionToStage,
  moveStage,
  nodeIds,
  resolveNodeId,
  stageNodeId,
  stepRunOrder,
} from "../model/ops";
import { PIPELINE_NODE } from "../model/pointer";
import { type DesignerCommand, registerCanvasCommands } from "../panels/keyboard";
import { selectDoc, useDesigner } from "../store";

/** Focus the card of a node id once the canvas has drawn it (keyboard edits keep the focus on it). */
export function focusCard(id: string | null): void {
  if (!id) return;
  const find = () => document.querySelector<HTMLElement>(`.react-flow__node[data-id="${CSS.escape(id)}"]`);
  requestAnimationFrame(() =>
    requestAnimationFrame(() => {
      find()?.focus();
    }),
  );
}

/** The cards in reading order: each stage, then its actions column by column. */
function readingOrder(doc: NonNullable<ReturnType<typeof selectDoc>>): string[] {
  const ids = nodeIds(doc);
  const out: string[] = [];
  doc.pipeline.stages.forEach((stage, si) => {
    out.push(ids.stages[si]);
    const order = stage.actions
      .map((a, ai) => ({ ai, runOrder: typeof a.runOrder === "number" && a.runOrder > 0 ? a.runOrder : 1 }))
      .sort((x, y) => x.runOrder - y.runOrder || x.ai - y.ai);
    for (const { ai } of order) out.push(ids.actions[si][ai]);
  });
  return out;
}

/**
 * The canvas's commands (panels/keyboard.ts decides the keys). `card` is the card that has the
 * focus, if one has. Returns false when it did nothing. Changes are said in the designer's live
 * region, and the focus stays on the card edited.
 */
function runCanvasCommand(command: DesignerCommand, card: string | null): boolean {
  const s = useDesigner.getState();
  const doc = selectDoc(s);
  if (!doc) return false;
  const sel = resolveNodeId(doc, s.selection);
  switch (command) {
    case "paste":
      if (!s.pasteClipboard()) return false;
      focusCard(useDesigner.getState().selection);
      return true;
    case "delete": {
      if (!s.deleteSelection()) return false;
      s.announce("Deleted. Ctrl+Z brings it back.");
      focusCard(useDesigner.getState().selection);
      return true;
    }
    case "addStage": {
      const { doc: next, name } = addStage(doc);
      s.edit(() => next, { select: stageNodeId(name) });
      s.announce(`Stage ${name} added at the end. A adds an action to it; F2 renames it.`);
      focusCard(stageNodeId(name));
      return true;
    }
    case "addAction": {
      if (sel.kind === "pipeline") {
        s.announce("Select a stage first: Tab to it on the canvas, or press S to add one.");
        return true;
      }
      s.pickProviderFor(doc.pipeline.stages[sel.stage].name);
      return true;
    }
    case "edit":
      s.select(s.selection ?? PIPELINE_NODE, "name");
      return true;
    case "deselect":
      if (!s.selection) return false;
      s.select(null);
      return true;
    case "moveEarlier":
    case "moveLater": {
      const dir = command === "moveEarlier" ? -1 : 1;
      if (sel.kind === "stage") {
        const to = sel.stage + dir;
        const name = doc.pipeline.stages[sel.stage].name;
        if (to < 0 || to >= doc.pipeline.stages.length) {
          s.announce(`${name} is already the ${dir < 0 ? "first" : "last"} stage.`);
          return true;
        }
        s.edit((d) => moveStage(d, sel.stage, to), { select: s.selection });
        s.announce(`Stage ${name} is now stage ${to + 1} of ${doc.pipeline.stages.length}.`);
        focusCard(s.selection);
        return true;
      }
      if (sel.kind !== "action") return false;
      const next = stepRunOrder(doc, sel.stage, sel.action, dir);
      const action = next.pipeline.stages[sel.stage].actions[sel.action];
      if (next === doc) {
        s.announce(`${action.name} already runs ${dir < 0 ? "first" : "last"} in its stage.`);
        return true;
      }
      s.edit(() => next, { select: s.selection });
      const together = next.pipeline.stages[sel.stage].actions.filter(
        (a, i) => i !== sel.action && (a.runOrder ?? 1) === (action.runOrder ?? 1),
      );
      s.announce(
        `${action.name} now has run order ${action.runOrder}${
          together.length ? `, in parallel with ${together.map((a) => a.name).join(", ")}` : ""
        }.`,
      );
      focusCard(s.selection);
      return true;
    }
    case "movePreviousStage":
    case "moveNextStage": {
      if (sel.kind !== "action") return false;
      const to = sel.stage + (command === "movePreviousStage" ? -1 : 1);
      const target = doc.pipeline.stages[to];
      if (!target) {
        s.announce(`There is no ${to < 0 ? "earlier" : "later"} stage to move it to.`);
        return true;
      }
      const { doc: next, name } = moveActionToStage(doc, sel.stage, sel.action, to);
      const id = actionNodeId(target.name, name);
      s.edit(() => next, { select: id });
      s.announce(`${name} moved to stage ${target.name}, running after its other actions.`);
      focusCard(id);
      return true;
    }
    case "focusPrevious":
    case "focusNext": {
      const order = readingOrder(doc);
      const at = order.indexOf(card ?? s.selection ?? "");
      const to = order[at + (command === "focusNext" ? 1 : -1)] ?? (at === -1 ? order[0] : undefined);
      if (!to) return false;
      s.select(to);
      focusCard(to);
      return true;
    }
  }
  return false;
}

registerCanvasCommands(runCanvasCommand);
