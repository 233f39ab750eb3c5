// The title bar's commands while a design is open: file, history, stage, export and view. Part of
// the designer's workspace chunk (with the infrastructure-as-code export menu).
import { useEffect, useRef, useState } from "react";
import { ExportMenu } from "../exports/ExportMenu";
import { baseName, openPathGuarded, openWithDialog, save, saveAs } from "../files";
import { canRedo, canUndo } from "../model/history";
import { addStage, stageNodeId } from "../model/ops";
import { useReview } from "../review/store";
import { selectDoc, useDesigner } from "../store";

export function DesignTools({ onExport }: { onExport: (kind: "png" | "svg") => void }) {
  const history = useDesigner((s) => s.history);
  const codeView = useDesigner((s) => s.codeView);
  const recent = useDesigner((s) => s.recent);
  const s = useDesigner.getState;
  // Below 1200 px the less used commands (Save as, Compare, Export) move behind "More": the
  // toolbar stays one row down to the smallest window (styles.css, .tools-more).
  const [more, setMore] = useState(false);
  const moreRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!more) return;
    const close = (e: Event) => {
      if (e instanceof KeyboardEvent ? e.key === "Escape" : !moreRef.current?.contains(e.target as Node))
        setMore(false);
    };
    document.addEventListener("pointerdown", close);
    document.addEventListener("keydown", close);
    return () => {
      document.removeEventListener("pointerdown", close);
      document.removeEventListener("keydown", close);
    };
  }, [more]);
  return (
    <nav className="tools" data-testid="design-tools">
      <button
        type="button"
        data-testid="toolbar-new"
        onClick={() => s().openNewDialog()}
        title="New design, from the starter or a template (Ctrl+N)"
      >
        New
      </button>
      <button type="button" data-testid="toolbar-open" onClick={openWithDialog} title="Open (Ctrl+O)">
        Open
      </button>
      <select
        className="recent-select"
        data-testid="recent-select"
        aria-label="Open a recent design"
        value=""
        onChange={(e) => e.target.value && openPathGuarded(e.target.value)}
      >
        <option value="">Recent…</option>
        {recent.length === 0 && <option disabled>No recent designs yet</option>}
        {recent.map((p) => (
          <option key={p} value={p} title={p}>
            {baseName(p)}
          </option>
        ))}
      </select>
      <button type="button" data-testid="save" onClick={() => void save()} title="Save (Ctrl+S)">
        Save
      </button>
      <span className="sep" />
      <button
        type="button"
        data-testid="undo"
        disabled={!history || !canUndo(history)}
        onClick={() => s().undo()}
        title="Undo (Ctrl+Z)"
      >
        ↶<span className="label"> Undo</span>
      </button>
      <button
        type="button"
        data-testid="redo"
        disabled={!history || !canRedo(history)}
        onClick={() => s().redo()}
        title="Redo (Ctrl+Shift+Z)"
      >
        ↷<span className="label"> Redo</span>
      </button>
      <span className="sep" />
      <button
        type="button"
        data-testid="add-stage"
        onClick={() => {
          const current = selectDoc(s());
          if (!current) return;
          const { doc: next, name } = addStage(current);
          s().edit(() => next, { select: stageNodeId(name) });
        }}
      >
        + Stage
      </button>
      <button
        type="button"
        data-testid="code-view-toggle"
        className={codeView ? "active" : ""}
        aria-pressed={codeView}
        onClick={() => s().toggleCodeView()}
      >
        {"{ }"} Code
      </button>
      <span className="sep" />
      <div className="tools-more" ref={moreRef}>
        <button
          type="button"
          className="tools-more-toggle"
          data-testid="tools-more"
          aria-expanded={more}
          aria-controls="tools-more-items"
          onClick={() => setMore(!more)}
        >
          More ▾
        </button>
        {/* A command run from the menu closes it; the IaC menu stays open for its own choices. */}
        {/* biome-ignore lint/a11y/useKeyWithClickEvents lint/a11y/noStaticElementInteractions: the buttons inside take the keys */}
        <div
          id="tools-more-items"
          className={`tools-more-items${more ? " open" : ""}`}
          onClick={(e) => {
            const target = e.target as HTMLElement;
            if (target.closest("button") && !target.closest(".export-menu-wrap")) setMore(false);
          }}
        >
          <button
            type="button"
            data-testid="save-as"
            onClick={() => void saveAs()}
            title="Save as (Ctrl+Shift+S)"
          >
            Save as
          </button>
          <button
            type="button"
            data-testid="compare-with"
            onClick={() => useReview.getState().openDialog()}
            title="Compare with a git revision of this file, or another design file: the canvas marks what changed"
          >
            Compare…
          </button>
          <span className="tool-group">
            <span className="tool-label">Export</span>
            <button
              type="button"
              data-testid="export-png"
              onClick={() => onExport("png")}
              title="Export the diagram as PNG"
            >
              PNG
            </button>
            <button
              type="button"
              data-testid="export-svg"
              onClick={() => onExport("svg")}
              title="Export the diagram as SVG"
            >
              SVG
            </button>
            <ExportMenu />
          </span>
        </div>
      </div>
    </nav>
  );
}
