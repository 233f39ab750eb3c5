// What a screen reader says for each card of the canvas ("Build stage, action Compile, CodeBuild,
// run order 1, 1 error"), and the canvas's nodes carrying those names. A node keeps its object
// while its name and selection stay, so naming them costs React Flow no re-render.
import type { DesignerNode } from "../model/layout";
import type { NodeProblems } from "../model/pointer";

const count = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** ", 1 error, 2 warnings" (nothing without problems). */
export function problemWords(problems: NodeProblems | undefined): string {
  if (!problems) return "";
  const parts = [];
  if (problems.errors > 0) parts.push(count(problems.errors, "error"));
  if (problems.warnings > 0) parts.push(count(problems.warnings, "warning"));
  return parts.length ? `, ${parts.join(", ")}` : "";
}

/** The accessible name of a card. */
export function nodeName(node: DesignerNode, problems: NodeProblems | undefined, stageCount: number): string {
  if (node.type === "stage") {
    const d = node.data;
    return `${d.name || "Unnamed"} stage, ${d.index + 1} of ${stageCount}, ${count(d.actionCount, "action")}${problemWords(problems)}`;
  }
  const d = node.data;
  const placeholders = d.placeholders > 0 ? `, ${count(d.placeholders, "placeholder")} to replace` : "";
  return `${d.stageName || "Unnamed"} stage, action ${d.name || "unnamed"}, ${d.provider}, run order ${d.runOrder}${problemWords(problems)}${placeholders}`;
}

interface Named {
  from: DesignerNode;
  name: string;
  selected: boolean;
  node: DesignerNode;
}

/**
 * The layout's nodes with their accessible names and the selection marked. `memo` carries the
 * previous call's nodes: unchanged ones (and the array, when none changed) are given back as they
 * were.
 */
export function namedNodes(
  nodes: DesignerNode[],
  problems: ReadonlyMap<string, NodeProblems>,
  selection: string | null,
  memo: { byId: Map<string, Named>; out: DesignerNode[] },
): { byId: Map<string, Named>; out: DesignerNode[] } {
  const stageCount = nodes.reduce((n, x) => n + (x.type === "stage" ? 1 : 0), 0);
  const byId = new Map<string, Named>();
  let changed = nodes.length !== memo.out.length;
  const out = nodes.map((from, i) => {
    const name = nodeName(from, problems.get(from.id), stageCount);
    const selected = from.id === selection;
    const hit = memo.byId.get(from.id);
    const node =
      hit && hit.from === from && hit.name === name && hit.selected === selected
        ? hit.node
        : ({ ...from, ariaLabel: name, ...(selected ? { selected: true } : {}) } as DesignerNode);
    byId.set(from.id, { from, name, selected, node });
    if (memo.out[i] !== node) changed = true;
    return node;
  });
  return { byId, out: changed ? out : memo.out };
}
