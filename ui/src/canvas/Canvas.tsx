// The pipeline canvas: a projection of the model. Layout is computed from the document; a node
// drag only moves the node until it is dropped, then becomes a model edit (placeAction).
import {
  applyNodeChanges,
  Background,
  Controls,
  type Edge,
  MiniMap,
  type Node,
  type NodeChange,
  ReactFlow,
  type Viewport,
} from "@xyflow/react";
import { type DragEvent, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import type { Document } from "../backend";
import {
  ACTION_H,
  columnAt,
  DETAIL_ZOOM,
  type DesignerNode,
  FIT_PADDING,
  fitViewport,
  LARGE_CANVAS,
  type Layout,
  layoutDocument,
  MAX_FIT_ZOOM,
  MIN_ZOOM,
  panIntoView,
  READABLE_ZOOM,
  reuseNodes,
  stageAt,
  stageIndexAt,
} from "../model/layout";
import { actionNodeId, addAction, moveStage, placeAction, resolveNodeId, runOrderGroups } from "../model/ops";
import { reviewMarks } from "../review/logic";
import { useReview } from "../review/store";
import { useDesigner } from "../store";
import { edgeTypes } from "./edges";
import { useFlowInstance } from "./flowInstance";
import { pageTextWidth } from "./measure";
import { minimapColor, StageOnlyMiniMapNode } from "./minimap";
import { namedNodes } from "./names";
import { nodeTypes } from "./nodes";

const NO_EDGES: Edge[] = [];

/** What React Flow says about a focused card: the designer's keys (panels/keyboard.ts), not its own. */
const ARIA_LABELS = {
  "node.a11yDescription.default":
    "Enter selects the card. Alt with the arrow keys moves it, Delete removes it, F2 edits it; press ? for every shortcut.",
  // React Flow moves a card with the arrow keys; the designer does not (the layout decides).
  "node.a11yDescription.ariaLiveMessage": () => "",
};

export const PROVIDER_MIME = "application/x-pipewright-provider";

/** The fit button's framing: the whole pipeline, whatever the zoom it takes. */
const FIT_ALL = { padding: `${FIT_PADDING}px`, maxZoom: MAX_FIT_ZOOM } as const;

/** Where node `id` is in flow space (an action's position is its stage's plus its own). */
function flowRect(layout: Layout, id: string | null) {
  const node = id ? layout.nodes.find((n) => n.id === id) : undefined;
  if (!node) return undefined;
  const parent = node.parentId ? layout.nodes.find((n) => n.id === node.parentId) : undefined;
  return {
    x: (parent?.position.x ?? 0) + node.position.x,
    y: (parent?.position.y ?? 0) + node.position.y,
    width: node.width ?? 0,
    height: node.height ?? 0,
  };
}

/** The flow-space span of the selected card's stage, for a framing to keep in view. */
function selectedSpan(layout: Layout, selection: string | null): { x: number; width: number } | undefined {
  if (!selection) return undefined;
  const node = layout.nodes.find((n) => n.id === selection);
  const stage = node?.parentId ? layout.nodes.find((n) => n.id === node.parentId) : node;
  return stage ? { x: stage.position.x, width: stage.width ?? 0 } : undefined;
}

export function Canvas({ doc }: { doc: Document }) {
  const selection = useDesigner((s) => s.selection);
  const select = useDesigner((s) => s.select);
  const edit = useDesigner((s) => s.edit);
  const setNotice = useDesigner((s) => s.setNotice);
  const flow = useFlowInstance();
  const box = useRef<HTMLElement>(null);
  const [size, setSize] = useState<{ width: number; height: number } | null>(null);
  useLayoutEffect(() => {
    const el = box.current;
    if (el) setSize({ width: el.clientWidth, height: el.clientHeight });
  }, []);

  const previousNodes = useRef<DesignerNode[]>([]);
  const measure = useMemo(pageTextWidth, []);
  const layout = useMemo(() => {
    const fresh = layoutDocument(doc, measure);
    const nodes = reuseNodes(previousNodes.current, fresh.nodes);
    previousNodes.current = nodes;
    return { ...fresh, nodes };
  }, [doc, measure]);
  // Frame the pipeline again when stages come or go (a new stage may be off screen), or when the
  // code view opens or closes beside the canvas: readable (READABLE_ZOOM), the selection in view.
  // Otherwise a selected card the layout put out of sight (an action added at a stage's end, a
  // card dropped elsewhere) is panned into view, at the same zoom.
  const stageCount = doc.pipeline.stages.length;
  const codeView = useDesigner((s) => s.codeView);
  const framed = useRef({ stageCount, codeView });
  // Where a framing under way is going, and until when: a pan starts from there, not half way.
  const heading = useRef<{ viewport: Viewport; until: number } | null>(null);
  useEffect(() => {
    const reframe = framed.current.stageCount !== stageCount || framed.current.codeView !== codeView;
    if (!reframe && !selection) return;
    const t = setTimeout(() => {
      const el = box.current;
      const f = flow();
      if (!el || !f) return;
      const room = { width: el.clientWidth, height: el.clientHeight };
      if (reframe) {
        framed.current = { stageCount, codeView };
        const focus = selectedSpan(layout, selection);
        const viewport = fitViewport(layout, room, { minZoom: READABLE_ZOOM, focus });
        heading.current = { viewport, until: performance.now() + 250 };
        void f.setViewport(viewport, { duration: 200 });
        return;
      }
      const rect = flowRect(layout, selection);
      // Not under a card being dragged: the drop decides where it goes.
      if (!rect || f.getNodes().some((n) => n.dragging)) return;
      const moving = heading.current && performance.now() < heading.current.until;
      const now = moving && heading.current ? heading.current.viewport : f.getViewport();
      const next = panIntoView(now, rect, room);
      if (next.x === now.x && next.y === now.y) return;
      heading.current = { viewport: next, until: performance.now() + 250 };
      void f.setViewport(next, { duration: 200 });
    }, 30);
    return () => clearTimeout(t);
  }, [stageCount, codeView, flow, layout, selection]);
  // Each card named for screen readers (with its problems), the selection marked.
  const problems = useDesigner((s) => s.problems);
  const named = useRef<ReturnType<typeof namedNodes>>({ byId: new Map(), out: [] });
  const decorated = useMemo(() => {
    named.current = namedNodes(layout.nodes, problems, selection, named.current);
    return named.current.out;
  }, [layout, selection, problems]);
  // "Compare with...": each changed card marked (class and accessible name), while one is on.
  const review = useReview((s) => s.review);
  const marked = useMemo(() => {
    const marks = review ? reviewMarks(review, doc) : null;
    if (!marks || marks.size === 0) return decorated;
    return decorated.map((n) => {
      const mark = marks.get(n.id);
      return mark
        ? ({
            ...n,
            className: `review-mark review-${mark}`,
            ariaLabel: `${n.ariaLabel}, ${mark}`,
          } as DesignerNode)
        : n;
    });
  }, [decorated, review, doc]);
  const [dragNodes, setDragNodes] = useState<DesignerNode[] | null>(null);
  const decoratedRef = useRef(decorated);
  decoratedRef.current = marked;
  // A new model (or selection) replaces whatever a drag left behind.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when the projection changes
  useEffect(() => setDragNodes(null), [marked]);

  const onNodesChange = useCallback(
    (changes: NodeChange<DesignerNode>[]) => {
      // Keyboard selection (Tab to a node, Enter) selects in the model like a click does.
      for (const c of changes) if (c.type === "select" && c.selected) select(c.id);
      // Only a live mouse drag moves a node on screen; it becomes a model edit when dropped.
      // (Arrow-key nudges have no meaning in an auto-laid-out pipeline.)
      const moves = changes.filter((c) => c.type === "position" && c.dragging === true);
      if (moves.length === 0) return;
      setDragNodes((current) => applyNodeChanges(moves, current ?? decoratedRef.current));
    },
    [select],
  );

  const onNodeDragStop = useCallback(
    (_: unknown, node: Node) => {
      if (node.type === "stage") {
        const from = resolveNodeId(doc, node.id);
        const to = stageIndexAt(layout, node.id, node.position.x + (node.width ?? 0) / 2);
        if (from.kind === "stage" && to !== from.stage)
          edit((d) => moveStage(d, from.stage, to), { select: node.id });
        else setDragNodes(null);
        return;
      }
      if (node.type !== "action") {
        setDragNodes(null);
        return;
      }
      const parent = layout.nodes.find((n) => n.id === node.parentId);
      const width = node.width ?? 0;
      const center = {
        x: (parent?.position.x ?? 0) + node.position.x + width / 2,
        y: (parent?.position.y ?? 0) + node.position.y + ACTION_H / 2,
      };
      const target = stageAt(layout, center);
      const from = resolveNodeId(doc, node.id);
      if (!target || from.kind !== "action") {
        setDragNodes(null);
        return;
      }
      const column = columnAt(layout, target.id, center.x - width / 2);
      const { doc: next, name } = placeAction(doc, from.stage, from.action, target.data.index, column);
      if (next === doc) setDragNodes(null);
      else edit(() => next, { select: actionNodeId(target.data.name, name) });
    },
    [doc, layout, edit],
  );

  const onDragOver = useCallback((e: DragEvent) => {
    if (e.dataTransfer.types.includes(PROVIDER_MIME)) {
      e.preventDefault();
      e.dataTransfer.dropEffect = "copy";
    }
  }, []);

  const onDrop = useCallback(
    (e: DragEvent) => {
      const key = e.dataTransfer.getData(PROVIDER_MIME);
      if (!key) return;
      e.preventDefault();
      // Read when a provider is dropped: the canvas need not draw again when the catalog arrives.
      const provider = useDesigner.getState().catalog?.providers.find((p) => p.key === key);
      if (!provider) return;
      const point = flow()?.screenToFlowPosition({ x: e.clientX, y: e.clientY });
      if (!point) return;
      const target = stageAt(layout, point);
      if (!target) {
        setNotice({
          kind: "info",
          text: "Drop the provider onto a stage, or add a stage first with “+ Stage”.",
        });
        return;
      }
      const si = target.data.index;
      const groups = runOrderGroups(doc.pipeline.stages[si].actions);
      const column = columnAt(layout, target.id, point.x);
      const runOrder = column >= 0 && column < groups.length ? groups[column].runOrder : undefined;
      const { doc: next, name } = addAction(doc, si, provider, runOrder);
      edit(() => next, { select: actionNodeId(target.data.name, name) });
    },
    [doc, layout, edit, flow, setNotice],
  );

  // A large pipeline draws only what is on screen, and its minimap only the stages.
  const large = layout.nodes.length > LARGE_CANVAS;
  // The first viewport frames the pipeline, readable; from far away (zoomed out by hand) edges
  // are not drawn (DETAIL_ZOOM).
  const initial = useRef<Viewport | null>(null);
  if (size && !initial.current)
    initial.current = fitViewport(layout, size, {
      minZoom: READABLE_ZOOM,
      focus: selectedSpan(layout, selection),
    });
  const [zoomedOut, setZoomedOut] = useState<boolean | null>(null);
  const far = zoomedOut ?? (initial.current !== null && initial.current.zoom < DETAIL_ZOOM);
  const onMove = useCallback((_: unknown, vp: Viewport) => setZoomedOut(vp.zoom < DETAIL_ZOOM), []);
  return (
    // A region of its own (F6 reaches it), where providers dragged from the palette are dropped.
    <section
      className="canvas"
      aria-label="Pipeline canvas"
      data-region
      onDragOver={onDragOver}
      onDrop={onDrop}
      ref={box}
    >
      {size && (
        <ReactFlow<DesignerNode>
          nodes={dragNodes ?? marked}
          edges={far ? NO_EDGES : layout.edges}
          onMove={onMove}
          nodeTypes={nodeTypes}
          edgeTypes={edgeTypes}
          onNodesChange={onNodesChange}
          onNodeClick={(_, node) => select(node.id)}
          onPaneClick={() => select(null)}
          onNodeDragStop={onNodeDragStop}
          nodesConnectable={false}
          elementsSelectable
          deleteKeyCode={null}
          selectionKeyCode={null}
          multiSelectionKeyCode={null}
          colorMode="system"
          defaultViewport={initial.current ?? undefined}
          minZoom={MIN_ZOOM}
          maxZoom={2}
          onlyRenderVisibleElements={large}
          proOptions={{ hideAttribution: true }}
          ariaLabelConfig={ARIA_LABELS}
        >
          <Background gap={24} />
          <Controls showInteractive={false} fitViewOptions={FIT_ALL} />
          <MiniMap
            pannable
            zoomable
            nodeColor={minimapColor}
            nodeComponent={large ? StageOnlyMiniMapNode : undefined}
            style={{ width: 160, height: 110 }}
          />
        </ReactFlow>
      )}
    </section>
  );
}
