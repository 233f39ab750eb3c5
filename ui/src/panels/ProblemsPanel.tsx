// The problems panel: every diagnostic of the last validation. Clicking one selects the node its
// pointer belongs to and focuses the inspector field when there is one.
import type { Diagnostic, Document } from "../backend";
import { useFlowInstance } from "../canvas/flowInstance";
import { PIPELINE_NODE, pointerTarget } from "../model/pointer";
import { useDesigner } from "../store";

export function ProblemsPanel({ doc }: { doc: Document }) {
  const diagnostics = useDesigner((s) => s.diagnostics);
  const validationError = useDesigner((s) => s.validationError);
  const select = useDesigner((s) => s.select);
  const flow = useFlowInstance();
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  const warnings = diagnostics.length - errors;
  const counts = `${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}`;
  // Said to screen readers whenever it changes (a validation after an edit).
  const summary = validationError
    ? `Validation failed: ${validationError}`
    : diagnostics.length === 0
      ? "No problems."
      : `${counts}. First: ${diagnostics[0].message}`;

  const reveal = (d: Diagnostic) => {
    const target = pointerTarget(doc, d.pointer);
    select(target.nodeId, target.field);
    const rf = flow();
    const node = target.nodeId === PIPELINE_NODE ? undefined : rf?.getInternalNode(target.nodeId);
    if (rf && node) {
      // Bring the node to the middle without changing the zoom the user chose (unless unreadable).
      const { x, y } = node.internals.positionAbsolute;
      const w = node.measured.width ?? 0;
      const h = node.measured.height ?? 0;
      void rf.setCenter(x + w / 2, y + h / 2, { zoom: Math.max(rf.getZoom(), 0.5), duration: 250 });
    }
  };

  return (
    <section className="problems" data-testid="problems-panel" aria-label="Problems" data-region>
      <div className="panel-title">
        Problems
        <span className={`count ${errors ? "error" : ""}`} data-testid="problems-count">
          {counts}
        </span>
      </div>
      <div className="sr-only" role="status" data-testid="problems-announcer">
        {summary}
      </div>
      {validationError && <div className="panel-error">Validation failed: {validationError}</div>}
      {!validationError && diagnostics.length === 0 && (
        <div className="panel-muted">
          No problems found. You can save, or sync the pipeline when connected.
        </div>
      )}
      <ul className="problem-list">
        {diagnostics.map((d) => (
          <li key={`${d.code}-${d.pointer}-${d.message}`}>
            <button
              type="button"
              className={`problem ${d.severity}`}
              data-testid={`problem-${d.code}`}
              data-pointer={d.pointer}
              onClick={() => reveal(d)}
              title={d.pointer}
            >
              <span className="problem-icon">{d.severity === "error" ? "✕" : "!"}</span>
              <span className="problem-code">{d.code}</span>
              <span className="problem-message">{d.message}</span>
              {d.hint && <span className="problem-hint">{d.hint}</span>}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
