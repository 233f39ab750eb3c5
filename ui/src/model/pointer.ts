// From a diagnostic's JSON pointer to the canvas node and inspector field it is about.
import type { Diagnostic, Document, Severity } from "../backend";
import { nodeIds } from "./ops";

export const PIPELINE_NODE = "pipeline";

export interface PointerTarget {
  /** `stage:<name>`, `action:<stage>/<action>`, or `pipeline` for pipeline-level pointers. */
  nodeId: string;
  /** The inspector field to focus (`name`, `runOrder`, a configuration key, ...), when one fits. */
  field: string | null;
}

/** Split an RFC 6901 pointer into its unescaped tokens. */
export function pointerTokens(pointer: string): string[] {
  if (pointer === "" || pointer === "/") return [];
  return pointer
    .replace(/^\//, "")
    .split("/")
    .map((t) => t.replace(/~1/g, "/").replace(/~0/g, "~"));
}

/** Map `/pipeline/stages/i/actions/j/...` to the node and field it points at. */
export function pointerTarget(
  doc: Document,
  pointer: string,
  ids: ReturnType<typeof nodeIds> = nodeIds(doc),
): PointerTarget {
  const t = pointerTokens(pointer);
  if (t[0] !== "pipeline" || t[1] !== "stages" || t.length < 3) {
    return { nodeId: PIPELINE_NODE, field: t[0] === "pipeline" ? (t[1] ?? null) : (t[0] ?? null) };
  }
  const si = Number(t[2]);
  const stage = doc.pipeline.stages[si];
  if (!stage) return { nodeId: PIPELINE_NODE, field: "stages" };
  if (t[3] !== "actions" || t.length < 5) {
    return { nodeId: ids.stages[si], field: t[3] ?? null };
  }
  const ai = Number(t[4]);
  const action = stage.actions[ai];
  if (!action) return { nodeId: ids.stages[si], field: "actions" };
  const rest = t.slice(5);
  let field: string | null = rest[0] ?? null;
  if (rest[0] === "configuration" && rest[1]) field = rest[1];
  if (rest[0] === "actionTypeId") field = "provider";
  return { nodeId: ids.actions[si][ai], field };
}

export interface NodeProblems {
  errors: number;
  warnings: number;
}

/** Count diagnostics per node id (stage counts include only pointers at the stage itself). */
export function problemsByNode(doc: Document, diagnostics: Diagnostic[]): Map<string, NodeProblems> {
  const map = new Map<string, NodeProblems>();
  const ids = nodeIds(doc);
  for (const d of diagnostics) {
    const { nodeId } = pointerTarget(doc, d.pointer, ids);
    const entry = map.get(nodeId) ?? { errors: 0, warnings: 0 };
    if (d.severity === ("error" as Severity)) entry.errors++;
    else entry.warnings++;
    map.set(nodeId, entry);
  }
  return map;
}
