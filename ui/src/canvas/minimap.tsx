// The minimap's node shapes. For a large pipeline it draws the stage boxes only: at a minimap's
// scale an action card is under a pixel, and 500 of them cost a first render more than they show.
import type { MiniMapNodeProps, Node } from "@xyflow/react";
import { memo } from "react";

export function minimapColor(node: Node): string {
  if (node.type === "stage") return "var(--minimap-stage)";
  return "var(--minimap-action)";
}

function StageShape({ id, x, y, width, height, color, borderRadius, shapeRendering }: MiniMapNodeProps) {
  if (id.startsWith("action:")) return null;
  return (
    <rect
      className="react-flow__minimap-node"
      x={x}
      y={y}
      rx={borderRadius}
      ry={borderRadius}
      width={width}
      height={height}
      style={{ fill: color }}
      shapeRendering={shapeRendering}
    />
  );
}

/** The minimap node of a large pipeline: stages drawn, actions left out. */
export const StageOnlyMiniMapNode = memo(StageShape);
