// The palette: providers of the catalog by category. Drag one onto a stage, or click it to add it
// to the selected stage.
import { useMemo, useState } from "react";
import { PROVIDER_MIME } from "../canvas/Canvas";
import { CATEGORY_ICON } from "../canvas/nodes";
import { groupProviders, type ProviderView } from "../model/catalog";
import { actionNodeId, addAction, resolveNodeId } from "../model/ops";
import { selectDoc, useDesigner } from "../store";

export function Palette({ inert = false }: { inert?: boolean }) {
  const catalog = useDesigner((s) => s.catalog);
  const catalogError = useDesigner((s) => s.catalogError);
  const [filter, setFilter] = useState("");
  const groups = useMemo(
    () => (catalog ? groupProviders(catalog.providers, catalog.categories, filter) : []),
    [catalog, filter],
  );

  const addToSelection = (p: ProviderView) => {
    const s = useDesigner.getState();
    const doc = selectDoc(s);
    if (!doc) return;
    const sel = resolveNodeId(doc, s.selection);
    if (sel.kind === "pipeline") {
      s.setNotice({ kind: "info", text: `Select a stage first, or drag “${p.displayName}” onto a stage.` });
      return;
    }
    const stage = doc.pipeline.stages[sel.stage];
    const { doc: next, name } = addAction(doc, sel.stage, p);
    s.edit(() => next, { select: actionNodeId(stage.name, name) });
  };

  return (
    <aside className="palette" aria-label="Providers" data-region inert={inert}>
      <div className="panel-title">Providers</div>
      <input
        className="palette-filter"
        type="search"
        placeholder="Filter providers…"
        value={filter}
        onChange={(e) => setFilter(e.target.value)}
      />
      {catalogError && <div className="panel-error">{catalogError}</div>}
      {!catalog && !catalogError && <div className="panel-muted">Loading providers…</div>}
      <div className="palette-groups">
        {groups.map((g) => (
          <section key={g.category} className="palette-group">
            <h3>
              <span aria-hidden>{CATEGORY_ICON[g.category] ?? "•"}</span> {g.category}
            </h3>
            {g.providers.map((p) => (
              <button
                type="button"
                key={`${p.key}-${p.owner}`}
                className={`palette-item cat-${p.category}`}
                data-testid={`palette-item-${p.key}`}
                draggable
                title={`${p.description}\nDrag onto a stage, or click to add to the selected stage.`}
                onDragStart={(e) => {
                  e.dataTransfer.setData(PROVIDER_MIME, p.key);
                  e.dataTransfer.effectAllowed = "copy";
                }}
                onClick={() => addToSelection(p)}
              >
                <span className="palette-name">{p.displayName}</span>
                {p.v2Only && <span className="tag">V2</span>}
                {p.legacy && <span className="tag">legacy</span>}
              </button>
            ))}
          </section>
        ))}
      </div>
    </aside>
  );
}
