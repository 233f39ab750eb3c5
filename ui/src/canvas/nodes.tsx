// Custom React Flow nodes: small components that read their own badge from the store.
import { Handle, type NodeProps, Position, type ReactFlowState, useStore } from "@xyflow/react";
import { memo } from "react";
import {
  type ActionNode as ActionNodeT,
  actionSubtitle,
  DETAIL_ZOOM,
  EMPTY_STAGE_TEXT,
  type StageNode as StageNodeT,
} from "../model/layout";
import type { NodeProblems } from "../model/pointer";
import { useDesigner } from "../store";

// Glyphs the usual default fonts hold (DejaVu Sans has them all): one a page's font lacks costs
// a fallback font lookup while the first screen starts.
export const CATEGORY_ICON: Record<string, string> = {
  Source: "⇩",
  Build: "⚙",
  Test: "✓",
  Approval: "⚑",
  Deploy: "⇪",
  Invoke: "λ",
  Compute: "▶",
};

/** The worst severity among a node's problems, if it has any. */
function severityOf(problems: NodeProblems | undefined): "error" | "warning" | null {
  if (!problems || problems.errors + problems.warnings === 0) return null;
  return problems.errors > 0 ? "error" : "warning";
}

export function ProblemBadge({ problems, testId }: { problems: NodeProblems | undefined; testId?: string }) {
  const severity = severityOf(problems);
  if (!problems || !severity) return null;
  const count = problems.errors + problems.warnings;
  const title = `${problems.errors} error(s), ${problems.warnings} warning(s)`;
  return (
    <span className={`badge badge-${severity}`} title={title} data-testid={testId} data-severity={severity}>
      {severity === "error" ? "✕" : "!"} {count}
    </span>
  );
}

function StageNodeView({ id, data, selected }: NodeProps<StageNodeT>) {
  const problems = useDesigner((s) => s.problems.get(id));
  const pickProviderFor = useDesigner((s) => s.pickProviderFor);
  return (
    <div className={`stage-node${selected ? " selected" : ""}`} data-testid={`stage-${data.name}`}>
      <Handle type="target" position={Position.Left} className="stage-handle" isConnectable={false} />
      <div className="stage-header">
        <span className="stage-index">{data.index + 1}</span>
        <span className="stage-name" title={data.name}>
          {data.name || "(unnamed stage)"}
        </span>
      </div>
      {/* On the corner: the stage is as wide as its name (layout.ts), a badge beside it would cut it. */}
      <span className="node-badges">
        <ProblemBadge problems={problems} testId={`badge-stage-${data.name}`} />
      </span>
      {data.actionCount === 0 && <div className="stage-empty">{EMPTY_STAGE_TEXT}</div>}
      <button
        type="button"
        className="stage-add-action nodrag"
        data-testid={`stage-add-action-${data.name}`}
        onClick={(e) => {
          e.stopPropagation();
          pickProviderFor(data.name);
        }}
      >
        + Action
      </button>
      <Handle type="source" position={Position.Right} className="stage-handle" isConnectable={false} />
    </div>
  );
}

/** Seen from far away (layout.ts DETAIL_ZOOM), a card is a block of its category's colour. */
const farAway = (s: ReactFlowState) => s.transform[2] < DETAIL_ZOOM;

function ActionNodeView({ id, data, selected }: NodeProps<ActionNodeT>) {
  const problems = useDesigner((s) => s.problems.get(id));
  const far = useStore(farAway);
  const className = `action-node cat-${data.category}${selected ? " selected" : ""}`;
  const testId = `action-${data.stageName}-${data.name}`;
  const kind = `${data.owner}/${data.category}/${data.provider} · runOrder ${data.runOrder}`;
  if (far) {
    const severity = severityOf(problems);
    return (
      <div
        className={`${className} far${severity ? ` far-${severity}` : ""}`}
        data-testid={testId}
        data-severity={severity ?? undefined}
        title={`${data.name || "(unnamed action)"}: ${kind}`}
      >
        <Handle type="target" position={Position.Left} isConnectable={false} />
        <Handle type="source" position={Position.Right} isConnectable={false} />
      </div>
    );
  }
  return (
    <div className={className} data-testid={testId} title={kind}>
      <Handle type="target" position={Position.Left} isConnectable={false} />
      <span className="action-icon" aria-hidden>
        {CATEGORY_ICON[data.category] ?? "•"}
      </span>
      <span className="action-text">
        <span className="action-name">{data.name || "(unnamed action)"}</span>
        <span className="action-provider">{actionSubtitle(data.provider, data.runOrder)}</span>
      </span>
      {/* On the corner: the card is as wide as its text (layout.ts), a badge beside it would cut it. */}
      <span className="node-badges">
        {data.placeholders > 0 && (
          <span
            className="badge badge-placeholder"
            title={`${data.placeholders} configuration value(s) still hold a placeholder to replace`}
            data-testid={`placeholder-${data.stageName}-${data.name}`}
          >
            ✎ {data.placeholders}
          </span>
        )}
        <ProblemBadge problems={problems} testId={`badge-action-${data.stageName}-${data.name}`} />
      </span>
      <Handle type="source" position={Position.Right} isConnectable={false} />
    </div>
  );
}

export const StageNode = memo(StageNodeView);
export const ActionNode = memo(ActionNodeView);

/** Defined once, outside any component, as React Flow asks. */
export const nodeTypes = { stage: StageNode, action: ActionNode };
