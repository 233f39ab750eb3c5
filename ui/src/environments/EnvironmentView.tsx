// One environment's pipeline: rendered by core from the design, shown read-only on a canvas of
// its own, with what differs from another environment and the validation of the rendered
// pipeline. Overrides are edited in the environment panel (EnvironmentPanel), never here.
import { Background, Controls, ReactFlow, useReactFlow } from "@xyflow/react";
import { useEffect, useMemo, useState } from "react";
import { api, type Diagnostic, type Difference, type Document, errorMessage } from "../backend";
import { edgeTypes } from "../canvas/edges";
import { nodeTypes } from "../canvas/nodes";
import { layoutDocument, MAX_FIT_ZOOM, MIN_ZOOM } from "../model/layout";
import { compareTarget, environmentNames, phraseDifference } from "./logic";
import { useEnvironmentView } from "./store";

/** Wait this long after the last edit before rendering again (typing in the panel). */
export const RENDER_DELAY_MS = 200;

interface Rendered {
  env: string;
  doc: Document;
  diagnostics: Diagnostic[];
  /** The environment compared with, its rendered document and the differences. */
  compare: { env: string; doc: Document; differences: Difference[] } | null;
}

function useRendered(doc: Document, env: string, compare: string | null) {
  const [state, setState] = useState<{ rendered: Rendered | null; error: string | null }>({
    rendered: null,
    error: null,
  });
  useEffect(() => {
    let live = true;
    const timer = setTimeout(async () => {
      try {
        const [rendered, other, differences] = await Promise.all([
          api.renderEnvironment(doc, env),
          compare ? api.renderEnvironment(doc, compare) : Promise.resolve(null),
          compare ? api.environmentDifferences(doc, env, compare) : Promise.resolve([]),
        ]);
        const diagnostics = await api.validateDocument(rendered);
        if (!live) return;
        setState({
          rendered: {
            env,
            doc: rendered,
            diagnostics,
            compare: compare && other ? { env: compare, doc: other, differences } : null,
          },
          error: null,
        });
      } catch (err) {
        if (live) setState((s) => ({ rendered: s.rendered, error: errorMessage(err) }));
      }
    }, RENDER_DELAY_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [doc, env, compare]);
  return state;
}

function ReadOnlyCanvas({ doc }: { doc: Document }) {
  const layout = useMemo(() => layoutDocument(doc), [doc]);
  const { fitView } = useReactFlow();
  const stages = doc.pipeline.stages.length;
  // biome-ignore lint/correctness/useExhaustiveDependencies: frame again when stages come or go
  useEffect(() => {
    const t = setTimeout(() => void fitView({ padding: 0.08, maxZoom: MAX_FIT_ZOOM }), 30);
    return () => clearTimeout(t);
  }, [stages, fitView]);
  return (
    <div className="canvas env-canvas" data-testid="environment-canvas">
      <ReactFlow
        nodes={layout.nodes}
        edges={layout.edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        nodesDraggable={false}
        nodesConnectable={false}
        nodesFocusable={false}
        elementsSelectable={false}
        deleteKeyCode={null}
        selectionKeyCode={null}
        multiSelectionKeyCode={null}
        colorMode="system"
        fitView
        fitViewOptions={{ padding: 0.08, maxZoom: MAX_FIT_ZOOM }}
        minZoom={MIN_ZOOM}
        maxZoom={2}
        proOptions={{ hideAttribution: true }}
      >
        <Background gap={24} />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}

export function EnvironmentView({ doc, env }: { doc: Document; env: string }) {
  const wantedCompare = useEnvironmentView((s) => s.compare);
  const compareWith = useEnvironmentView((s) => s.compareWith);
  const compare = compareTarget(doc, env, wantedCompare);
  const { rendered, error } = useRendered(doc, env, compare);
  const current = rendered && rendered.env === env ? rendered : null;
  const others = environmentNames(doc).filter((n) => n !== env);
  const errors = current?.diagnostics.filter((d) => d.severity === "error").length ?? 0;
  const warnings = (current?.diagnostics.length ?? 0) - errors;

  return (
    <>
      <div className="env-readonly" role="note" data-testid="environment-readonly">
        <strong>Read-only: {current ? current.doc.pipeline.name : env}</strong>
        <span>
          This is the <b>{env}</b> pipeline as Pipewright renders it from the design. Edit its name suffix,
          branch, variables and configuration overrides in the environment panel on the right; switch to{" "}
          <b>Base</b> to edit the design itself.
        </span>
      </div>
      {error && (
        <div className="panel-error" role="alert" data-testid="environment-error">
          {error}
        </div>
      )}
      {current ? (
        <ReadOnlyCanvas doc={current.doc} />
      ) : (
        <div className="canvas env-loading">Rendering {env}…</div>
      )}
      <div className="env-bottom">
        <section className="env-differences" data-testid="environment-differences" aria-label="Differences">
          <div className="panel-title">
            <span>
              Differences {env} → {compare ?? "—"}
            </span>
            {others.length > 1 && (
              <select
                className="env-compare"
                data-testid="environment-compare"
                aria-label="Compare with"
                value={compare ?? ""}
                onChange={(e) => compareWith(e.target.value)}
              >
                {others.map((n) => (
                  <option key={n} value={n}>
                    {n}
                  </option>
                ))}
              </select>
            )}
          </div>
          {!compare && <div className="panel-muted">Add another environment to compare {env} with.</div>}
          {current?.compare && current.compare.differences.length === 0 && (
            <div className="panel-muted">
              {env} and {current.compare.env} render the same pipeline.
            </div>
          )}
          <ul className="env-list">
            {current?.compare?.differences.map((d) => (
              <li key={d.pointer} data-testid="difference" data-pointer={d.pointer} title={d.pointer}>
                {phraseDifference(
                  d,
                  current.doc,
                  current.compare?.doc ?? current.doc,
                  env,
                  current.compare?.env ?? "",
                )}
              </li>
            ))}
          </ul>
        </section>
        <section
          className="env-problems"
          data-testid="environment-problems"
          aria-label={`Problems in ${env}`}
        >
          <div className="panel-title">
            Problems in {env}
            <span className={`count ${errors ? "error" : ""}`} data-testid="environment-problems-count">
              {errors} error{errors === 1 ? "" : "s"}, {warnings} warning{warnings === 1 ? "" : "s"}
            </span>
          </div>
          {current && current.diagnostics.length === 0 && (
            <div className="panel-muted">The {env} pipeline has no problems.</div>
          )}
          <ul className="env-list">
            {current?.diagnostics.map((d) => (
              <li
                key={`${d.code}-${d.pointer}-${d.message}`}
                className={`env-problem ${d.severity}`}
                data-testid={`env-problem-${d.code}`}
                title={d.hint || d.pointer}
              >
                <span className="problem-code">{d.code}</span> {d.message}
              </li>
            ))}
          </ul>
        </section>
      </div>
    </>
  );
}
