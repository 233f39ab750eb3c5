// The artifact edge: a bezier between neighbours; an edge that would cross other actions (it skips
// a stage or a runOrder group) runs along a lane under the stages instead of through the cards.
import { BaseEdge, type Edge, type EdgeProps, getBezierPath } from "@xyflow/react";
import { memo } from "react";

export type ArtifactEdgeData = { lane?: number };
export type ArtifactEdge = Edge<ArtifactEdgeData, "artifact">;

/** SVG path of an edge routed through a horizontal lane at `lane` (flow coordinates). */
export function lanePath(
  sx: number,
  sy: number,
  tx: number,
  ty: number,
  lane: number,
): [string, number, number] {
  const r = 28;
  const path = [
    `M ${sx},${sy}`,
    `C ${sx + r},${sy} ${sx + r},${lane} ${sx + 2 * r},${lane}`,
    `L ${tx - 2 * r},${lane}`,
    `C ${tx - r},${lane} ${tx - r},${ty} ${tx},${ty}`,
  ].join(" ");
  return [path, (sx + tx) / 2, lane];
}

// The label is a text drawn centred on the edge's middle over a halo of the panel's colour, not
// React Flow's edge label: that one measures each label in the DOM after it mounts and draws it
// again once measured (a forced layout and a second render per edge on the first frame).
function ArtifactEdgeView(props: EdgeProps<ArtifactEdge>) {
  const {
    sourceX,
    sourceY,
    targetX,
    targetY,
    sourcePosition,
    targetPosition,
    data,
    label,
    markerEnd,
    style,
  } = props;
  const [path, labelX, labelY] =
    data?.lane !== undefined && targetX - sourceX > 120
      ? lanePath(sourceX, sourceY, targetX, targetY, data.lane)
      : getBezierPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition });
  return (
    <>
      <BaseEdge path={path} markerEnd={markerEnd} style={style} />
      {label ? (
        <text className="artifact-label" x={labelX} y={labelY} textAnchor="middle" dominantBaseline="central">
          {label}
        </text>
      ) : null}
    </>
  );
}

/** Defined once, outside any component, as React Flow asks. */
export const edgeTypes = { artifact: memo(ArtifactEdgeView) };
