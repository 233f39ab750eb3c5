// Auto-layout: a pure function of the model. Stages are columns left to right; inside a stage the
// actions are grouped by runOrder: groups run one after another (left to right), actions of one
// group run in parallel (stacked). Artifact edges go from the action that produced an artifact to
// each action that consumes it. Linear in the number of actions, so 500 actions lay out in a blink.
import { type Edge, type Node, type NodeHandle, Position } from "@xyflow/react";
import type { Document } from "../backend";
import { nodeIds, runOrderGroups, runOrderOf } from "./ops";

export { runOrderGroups };

/** The narrowest and widest action card: a card is as wide as its text between the two. */
export const ACTION_MIN_W = 120;
export const ACTION_MAX_W = 248;
/**
 * What an action card adds around its text (designer.css .action-node): its 4 px stripe and
 * 1 px right border, 8 px padding each side, the 18 px icon and the 6 px gap after it, and
 * 2 px to spare, so a text the page draws a fraction wider is not cut.
 */
export const ACTION_CHROME = 4 + 1 + 2 * 8 + 18 + 6 + 2;
export const ACTION_H = 62;
/** The least room between two runOrder groups of a stage; an artifact label between them gets more. */
export const GROUP_GAP = 32;
export const ROW_GAP = 14;
export const STAGE_PAD = 12;
export const STAGE_HEADER = 46;
export const STAGE_FOOTER = 40;
/** The least room between two stages; an artifact label between them gets more. */
export const STAGE_GAP = 36;
/** Room on each side of an artifact label drawn between two cards (past the handles' dots). */
const LABEL_MARGIN = 8;
/**
 * What a stage's header adds around its name (designer.css .stage-header): the 1 px borders and
 * 12 px padding each side, the index pill's border and padding (14 px) and the 8 px gap after it,
 * and 2 px to spare. The widest name a stage grows for; a longer one is cut with an ellipsis.
 */
const STAGE_HEADER_CHROME = 2 * 1 + 2 * 12 + 14 + 8 + 2;
const STAGE_NAME_MAX_W = 240;
/** What an empty stage says (nodes.tsx). */
export const EMPTY_STAGE_TEXT = "Drop a provider here";

/**
 * How wide a text is drawn at the canvas's size (13 px) in a weight. The canvas measures it with
 * the page's font (canvas/measure.ts); `estimateTextWidth` is the guess without a page.
 */
export type TextWidth = (text: string, weight: 400 | 600) => number;

/**
 * A text's width from its letters, for DejaVu Sans at 13 px (the usual Linux `sans-serif`, and
 * one of the wider faces): what the unit tests and a layout made before the page can measure use.
 */
export function estimateTextWidth(text: string, weight: 400 | 600): number {
  let w = 0;
  for (const ch of text) {
    if (/[a-z]/.test(ch)) w += weight === 600 ? 7.1 : 6.4;
    else if (/[A-Z]/.test(ch)) w += 9;
    else if (/[0-9]/.test(ch)) w += 7.3;
    else if (ch === " " || ch === "·" || ch === "." || ch === "-" || ch === "_") w += 4.6;
    else w += 8;
  }
  return w;
}

/** The text an action card shows under its name (nodes.tsx). */
export function actionSubtitle(provider: string, runOrder: number): string {
  return `${provider} · #${runOrder}`;
}

/** The word the starter design uses for values the user must replace. */
export const PLACEHOLDER_MARK = "REPLACE-ME";

/** Whether a value still holds a placeholder: the starter's REPLACE-ME or a template's `<<Name>>`. */
export function hasPlaceholder(value: string | undefined): boolean {
  return value !== undefined && (value.includes(PLACEHOLDER_MARK) || /<<[A-Za-z0-9_]+>>/.test(value));
}
/** Above this many nodes, the canvas renders only what is on screen (and a lighter minimap). */
export const LARGE_CANVAS = 150;
/** Above this many actions, artifact edges are drawn without their name labels. */
export const LABEL_LIMIT = 150;

/** React Flow's handle: 6 x 6 px, centred on the node's edge (its style.css). */
const HANDLE = 6;

/**
 * Where the two handles of a node of this size sit, as React Flow would measure them. Given up
 * front, React Flow draws edges and culls off-screen nodes from the first frame, instead of
 * mounting every node once to measure its handles (550 nodes for a 500-action pipeline).
 * `inset` is the node's border when the handles are placed inside it (a positioned box).
 * The nodes carry their `measured` size too (their CSS fixes it): a node object the layout
 * replaces then counts as measured at once (React Flow would not observe it again, its handles
 * being known), and fitView need not wait. A size that differs is still caught by React Flow's
 * ResizeObserver.
 */
export function nodeHandles(width: number, height: number, inset = 0): NodeHandle[] {
  const y = height / 2 - HANDLE / 2;
  return [
    { type: "target", position: Position.Left, x: inset - HANDLE / 2, y, width: HANDLE, height: HANDLE },
    {
      type: "source",
      position: Position.Right,
      x: width - inset - HANDLE / 2,
      y,
      width: HANDLE,
      height: HANDLE,
    },
  ];
}
/** The stage box's border (designer.css .stage-node; whole pixels, as browsers draw them), inside which its handles sit. */
const STAGE_BORDER = 1;

export interface StageData extends Record<string, unknown> {
  name: string;
  index: number;
  actionCount: number;
}

export interface ActionData extends Record<string, unknown> {
  stageName: string;
  stageIndex: number;
  actionIndex: number;
  name: string;
  category: string;
  provider: string;
  owner: string;
  runOrder: number;
  /** 0-based column of this action's runOrder group inside its stage. */
  group: number;
  /** 0-based row inside its group. */
  row: number;
  /** Configuration values still holding the REPLACE-ME placeholder. */
  placeholders: number;
}

export type StageNode = Node<StageData, "stage">;
export type ActionNode = Node<ActionData, "action">;
export type DesignerNode = StageNode | ActionNode;

/** A runOrder group's column inside its stage: its left edge (from the stage's) and width. */
export interface Column {
  x: number;
  width: number;
}

export interface Layout {
  nodes: DesignerNode[];
  edges: Edge[];
  width: number;
  height: number;
  /** Each stage's columns, by the stage's node id. */
  columns: Record<string, Column[]>;
}

interface Producer {
  stage: number;
  runOrder: number;
  group: number;
  nodeId: string;
  /** `Stage › Action`, for the edge's accessible name. */
  title: string;
}

/** The width of an action card: its name or its subtitle, whichever is wider, with the card around it. */
function actionWidth(name: string, subtitle: string, measure: TextWidth): number {
  const text = Math.max(measure(name || "(unnamed action)", 600), measure(subtitle, 400));
  return Math.min(ACTION_MAX_W, Math.max(ACTION_MIN_W, Math.ceil(text + ACTION_CHROME)));
}

/**
 * Lay the document out. Cards are as wide as their text (`measure`), a column of parallel
 * actions as wide as its widest card, a stage as wide as its columns or its name; two neighbours
 * leave room for the artifact label drawn between them.
 */
export function layoutDocument(doc: Document, measure: TextWidth = estimateTextWidth): Layout {
  const nodes: DesignerNode[] = [];
  const edges: Edge[] = [];
  const stages = doc.pipeline.stages;
  const ids = nodeIds(doc);

  // Sizes first: each stage's runOrder groups, their widths, the stage's width and height.
  const sized = stages.map((stage, si) => {
    const groups = runOrderGroups(stage.actions);
    const widths = groups.map((g) =>
      g.indices.reduce((m, ai) => {
        const a = stage.actions[ai];
        return Math.max(
          m,
          actionWidth(a.name, actionSubtitle(a.actionTypeId?.provider ?? "", g.runOrder), measure),
        );
      }, 0),
    );
    const tallest = groups.reduce((m, g) => Math.max(m, g.indices.length), 0);
    const height = STAGE_HEADER + Math.max(1, tallest) * (ACTION_H + ROW_GAP) - ROW_GAP + STAGE_FOOTER;
    const header =
      STAGE_HEADER_CHROME +
      measure(String(si + 1), 600) +
      Math.min(STAGE_NAME_MAX_W, measure(stage.name || "(unnamed stage)", 600));
    const empty = groups.length === 0 ? measure(EMPTY_STAGE_TEXT, 400) + 2 * STAGE_PAD + 2 : 0;
    return { groups, widths, height, header: Math.ceil(Math.max(header, empty)) };
  });
  const maxHeight = sized.reduce((m, s) => Math.max(m, s.height), 0);

  // Artifact edges, from each action that produces an artifact to each one that consumes it.
  // An edge between neighbours draws its label in the gap between their cards: the gap grows to
  // hold it (`stageGapNeed`, `groupGapNeed`: the room wanted between two cards).
  const producers = new Map<string, Producer[]>();
  const groupOf = new Map<string, number>();
  stages.forEach((stage, si) => {
    const orders = sized[si].groups.map((g) => g.runOrder);
    stage.actions.forEach((a, ai) => {
      const ro = runOrderOf(a);
      const group = orders.indexOf(ro);
      const nodeId = ids.actions[si][ai];
      groupOf.set(nodeId, group);
      for (const o of a.outputArtifacts ?? []) {
        const list = producers.get(o.name) ?? [];
        list.push({ stage: si, runOrder: ro, group, nodeId, title: `${stage.name} › ${a.name}` });
        producers.set(o.name, list);
      }
    });
  });
  // Edges that would cross other cards run along this lane, under the tallest stage.
  const lane = maxHeight + 24;
  const seen = new Set<string>();
  // Each edge label is one more text to draw; past a few hundred actions they cost more than
  // they tell at the zoom such a pipeline is seen at (the inspector still lists artifacts).
  const actionCount = stages.reduce((n, s) => n + s.actions.length, 0);
  const labels = actionCount <= LABEL_LIMIT;
  const stageGapNeed = stages.map(() => 0);
  const groupGapNeed = sized.map((s) => s.groups.map(() => 0));
  stages.forEach((stage, si) => {
    stage.actions.forEach((a, ai) => {
      const ro = runOrderOf(a);
      const target = ids.actions[si][ai];
      const targetGroup = groupOf.get(target) ?? 0;
      for (const input of a.inputArtifacts ?? []) {
        const source = nearestProducer(producers.get(input.name), si, ro);
        if (!source) continue;
        const id = `artifact:${source.nodeId}->${target}:${input.name}`;
        if (seen.has(id)) continue;
        seen.add(id);
        const skips =
          si - source.stage > 1 ||
          (si === source.stage && targetGroup - source.group > 1) ||
          (si - source.stage === 1 &&
            (source.group < (sized[source.stage]?.groups.length ?? 1) - 1 || targetGroup > 0));
        if (labels && !skips) {
          const room = Math.ceil(measure(input.name, 400)) + 2 * LABEL_MARGIN;
          if (si === source.stage)
            groupGapNeed[si][source.group] = Math.max(groupGapNeed[si][source.group], room);
          else stageGapNeed[source.stage] = Math.max(stageGapNeed[source.stage], room);
        }
        edges.push({
          id,
          source: source.nodeId,
          target,
          label: labels ? input.name : undefined,
          ariaLabel: `Artifact ${input.name} from ${source.title} to ${stage.name} › ${a.name}`,
          type: "artifact",
          data: skips ? { lane } : {},
          className: "artifact-edge",
          // The flow is drawn, not edited: no selection, focus or invisible hit path per edge.
          selectable: false,
          focusable: false,
          interactionWidth: 0,
          // Above the stage boxes, below the action cards it passes.
          zIndex: 1,
        });
      }
    });
  });

  // Then places: stages left to right, columns left to right inside each, parallel actions stacked.
  const columns: Record<string, Column[]> = {};
  const stageBoxes: { id: string; width: number; height: number }[] = [];
  let x = 0;
  let right = 0;
  stages.forEach((stage, si) => {
    const { groups, widths, height, header } = sized[si];
    const id = ids.stages[si];
    const cols: Column[] = [];
    let cx = STAGE_PAD;
    groups.forEach((_, gi) => {
      cols.push({ x: cx, width: widths[gi] });
      cx += widths[gi] + Math.max(GROUP_GAP, groupGapNeed[si][gi]);
    });
    const content = cols.length > 0 ? cols[cols.length - 1].x + widths[widths.length - 1] + STAGE_PAD : 0;
    const width = Math.max(ACTION_MIN_W + 2 * STAGE_PAD, content, header);
    columns[id] = cols;
    nodes.push({
      id,
      type: "stage",
      position: { x, y: 0 },
      data: { name: stage.name, index: si, actionCount: stage.actions.length },
      width,
      height,
      measured: { width, height },
      handles: nodeHandles(width, height, STAGE_BORDER),
      style: { width, height },
      // Dragging a stage left or right reorders the stages.
      draggable: true,
      selectable: true,
      zIndex: 0,
    });
    stageBoxes.push({ id, width, height });
    groups.forEach((g, gi) => {
      const w = widths[gi];
      const handles = nodeHandles(w, ACTION_H);
      g.indices.forEach((ai, row) => {
        const a = stage.actions[ai];
        nodes.push({
          id: ids.actions[si][ai],
          type: "action",
          parentId: id,
          position: { x: cols[gi].x, y: STAGE_HEADER + row * (ACTION_H + ROW_GAP) },
          data: {
            stageName: stage.name,
            stageIndex: si,
            actionIndex: ai,
            name: a.name,
            category: a.actionTypeId?.category ?? "",
            provider: a.actionTypeId?.provider ?? "",
            owner: a.actionTypeId?.owner ?? "",
            runOrder: g.runOrder,
            group: gi,
            row,
            placeholders: Object.values(a.configuration ?? {}).filter(hasPlaceholder).length,
          },
          width: w,
          height: ACTION_H,
          measured: { width: w, height: ACTION_H },
          handles,
          zIndex: 2,
        });
      });
    });
    // The room to the next stage: its gap, or what an artifact label between their cards needs
    // (from the last column's right edge to the next stage's first card).
    const lastRight = cols.length > 0 ? content - STAGE_PAD : width;
    const need = stageGapNeed[si] - (width - lastRight) - STAGE_PAD;
    right = x + width;
    x += width + Math.max(STAGE_GAP, need);
  });

  // Transitions between consecutive stages.
  for (let i = 0; i + 1 < stageBoxes.length; i++) {
    edges.push({
      id: `transition:${stageBoxes[i].id}->${stageBoxes[i + 1].id}`,
      source: stageBoxes[i].id,
      target: stageBoxes[i + 1].id,
      ariaLabel: `Transition from stage ${stages[i].name} to stage ${stages[i + 1].name}`,
      className: "transition-edge",
      selectable: false,
      focusable: false,
      interactionWidth: 0,
      zIndex: 0,
    });
  }

  const laneUsed = edges.some((e) => e.data && "lane" in e.data);
  return { nodes, edges, width: right, height: maxHeight + (laneUsed ? 48 : 0), columns };
}

function nearestProducer(
  list: Producer[] | undefined,
  stage: number,
  runOrder: number,
): Producer | undefined {
  if (!list) return undefined;
  let best: Producer | undefined;
  for (const p of list) {
    const before = p.stage < stage || (p.stage === stage && p.runOrder < runOrder);
    if (!before) continue;
    if (!best || p.stage > best.stage || (p.stage === best.stage && p.runOrder > best.runOrder)) best = p;
  }
  return best;
}

/** The stage whose box contains a flow-space point, for drops from the palette. */
export function stageAt(layout: Layout, point: { x: number; y: number }): StageNode | undefined {
  for (const n of layout.nodes) {
    if (n.type !== "stage") continue;
    const w = n.width ?? 0;
    const h = n.height ?? 0;
    if (
      point.x >= n.position.x &&
      point.x <= n.position.x + w &&
      point.y >= n.position.y &&
      point.y <= n.position.y + h
    ) {
      return n as StageNode;
    }
  }
  return undefined;
}

function sameRecord(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => a[k] === b[k]);
}

function sameNode(a: DesignerNode, b: DesignerNode): boolean {
  return (
    a.id === b.id &&
    a.type === b.type &&
    a.parentId === b.parentId &&
    a.width === b.width &&
    a.height === b.height &&
    a.position.x === b.position.x &&
    a.position.y === b.position.y &&
    sameRecord(a.data, b.data)
  );
}

/**
 * Keep the previous object of every node that did not change, so an edit re-renders only the
 * nodes it touched (React Flow and the memoised node components compare by identity).
 */
export function reuseNodes(previous: DesignerNode[], next: DesignerNode[]): DesignerNode[] {
  if (previous.length === 0) return next;
  const byId = new Map(previous.map((n) => [n.id, n]));
  let changed = previous.length !== next.length;
  const out = next.map((n, i) => {
    const old = byId.get(n.id);
    if (old && sameNode(old, n)) {
      if (previous[i] !== old) changed = true;
      return old;
    }
    changed = true;
    return n;
  });
  return changed ? out : previous;
}

export const MIN_ZOOM = 0.05;
/**
 * Below this zoom a card's text would be under 3 px and an edge a third of a pixel: cards
 * are drawn as blocks in their category's colour (red or amber when they have problems, named by
 * their tooltip) and edges are left out. A 500-action pipeline framed whole is seen this way.
 */
export const DETAIL_ZOOM = 0.2;
export const MAX_FIT_ZOOM = 1.1;

/** The margin a fit leaves around the pipeline, in screen pixels (also the canvas's fit button). */
export const FIT_PADDING = 16;
/**
 * The zoom at which the cards' 13 px text is drawn 11 px high (11.05 px). The canvas frames a
 * design by itself (when it opens, when stages come or go, when the code view opens or closes)
 * no further out than this: a pipeline too long for the canvas at this zoom shows its start (or
 * the selected stage) and pans, and the minimap shows the rest. The fit button frames it whole.
 */
export const READABLE_ZOOM = 0.85;

/**
 * The viewport that frames the layout in a box, computed so the first paint is final: the whole
 * layout centred, zoomed in no further than MAX_FIT_ZOOM and out no further than `minZoom`. A
 * layout that does not fit at `minZoom` shows its left end, or `focus` (a flow-space span, such
 * as the selected stage) when that is further right; and its top when it is too tall.
 */
export function fitViewport(
  layout: Pick<Layout, "width" | "height">,
  box: { width: number; height: number },
  { minZoom = MIN_ZOOM, focus }: { minZoom?: number; focus?: { x: number; width: number } } = {},
) {
  const pad = FIT_PADDING;
  const w = Math.max(1, layout.width);
  const h = Math.max(1, layout.height);
  const room = { width: Math.max(1, box.width - 2 * pad), height: Math.max(1, box.height - 2 * pad) };
  const zoom = Math.min(MAX_FIT_ZOOM, Math.max(minZoom, Math.min(room.width / w, room.height / h)));
  let x = (box.width - w * zoom) / 2;
  if (w * zoom > room.width) {
    x = pad;
    if (focus) {
      // The focus's right end in view, then its left end (which wins when it is the wider).
      x = Math.min(x, box.width - pad - (focus.x + focus.width) * zoom);
      x = Math.max(x, pad - focus.x * zoom);
    }
  }
  const y = h * zoom > room.height ? pad : (box.height - h * zoom) / 2;
  return { x, y, zoom };
}

/**
 * The viewport moved (not zoomed) as little as it takes to show `rect` (flow space) in a box with
 * `pad` pixels to spare, or its left and top ends when it is larger than the box: the same
 * viewport when it shows it already.
 */
export function panIntoView(
  viewport: { x: number; y: number; zoom: number },
  rect: { x: number; y: number; width: number; height: number },
  box: { width: number; height: number },
  pad = FIT_PADDING,
) {
  const { zoom } = viewport;
  const axis = (at: number, start: number, size: number, room: number) => {
    let next = at;
    const end = next + (start + size) * zoom;
    if (end > room - pad) next -= end - (room - pad);
    if (next + start * zoom < pad) next = pad - start * zoom;
    return next;
  };
  return {
    x: axis(viewport.x, rect.x, rect.width, box.width),
    y: axis(viewport.y, rect.y, rect.height, box.height),
    zoom,
  };
}

/** Where a stage dragged so its centre is at `centerX` lands: the index among the other stages. */
export function stageIndexAt(layout: Layout, stageId: string, centerX: number): number {
  let index = 0;
  for (const n of layout.nodes) {
    if (n.type !== "stage" || n.id === stageId) continue;
    if (n.position.x + (n.width ?? 0) / 2 < centerX) index++;
  }
  return index;
}

/**
 * The runOrder column of stage `stageId` under flow x-coordinate `x`: each column reaches half
 * way into the gaps beside it; left of the first is -1, right of the last is the column count (a
 * new group after the others).
 */
export function columnAt(layout: Layout, stageId: string, x: number): number {
  const stage = layout.nodes.find((n) => n.id === stageId);
  if (!stage) return 0;
  const cols = layout.columns[stageId] ?? [];
  const at = x - stage.position.x;
  if (cols.length === 0) return at < STAGE_PAD - GROUP_GAP / 2 ? -1 : 0;
  if (at < cols[0].x - GROUP_GAP / 2) return -1;
  for (let i = 0; i < cols.length; i++) {
    const next = cols[i + 1];
    const end = next ? (cols[i].x + cols[i].width + next.x) / 2 : cols[i].x + cols[i].width + GROUP_GAP / 2;
    if (at < end) return i;
  }
  return cols.length;
}
