// Click-only alternative to drag and drop: a list of providers for one stage.
import { useEffect, useMemo, useState } from "react";
import { focusCard } from "../canvas/commands";
import { groupProviders } from "../model/catalog";
import { actionNodeId, addAction } from "../model/ops";
import { Dialog } from "../shell/Dialog";
import { selectDoc, useDesigner } from "../store";

export function ProviderPicker() {
  const stageName = useDesigner((s) => s.providerPicker);
  const catalog = useDesigner((s) => s.catalog);
  const pickProviderFor = useDesigner((s) => s.pickProviderFor);
  const [filter, setFilter] = useState("");
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new stage starts with an empty filter
  useEffect(() => setFilter(""), [stageName]);
  const groups = useMemo(
    () => (catalog ? groupProviders(catalog.providers, catalog.categories, filter) : []),
    [catalog, filter],
  );
  if (stageName === null) return null;
  // CodePipeline allows source actions only in the first stage, and only them there.
  const doc = selectDoc(useDesigner.getState());
  const first = doc?.pipeline.stages[0]?.name === stageName;
  const fits = (category: string) => (category === "Source") === first;
  const ordered = [...groups.filter((g) => fits(g.category)), ...groups.filter((g) => !fits(g.category))];
  const close = () => pickProviderFor(null);
  const pick = (key: string) => {
    const s = useDesigner.getState();
    const doc = selectDoc(s);
    const provider = s.catalog?.providers.find((p) => p.key === key);
    const si = doc ? doc.pipeline.stages.findIndex((st) => st.name === stageName) : -1;
    close();
    if (!doc || !provider || si === -1) return;
    const added = addAction(doc, si, provider);
    const id = actionNodeId(stageName, added.name);
    s.edit(() => added.doc, { select: id });
    // The focus goes to the new card, not back to the stage the list was opened for.
    focusCard(id);
  };
  return (
    <Dialog
      title={`Add an action to “${stageName}”`}
      onClose={close}
      closeOnOutsideClick
      className="picker"
      testId="provider-picker"
    >
      <input
        type="search"
        aria-label="Filter providers"
        placeholder="Filter providers…"
        value={filter}
        onChange={(e) => setFilter(e.target.value)}
      />
      <div className="picker-list">
        {ordered.map((g) => (
          <section key={g.category} className={fits(g.category) ? "" : "unfit"}>
            <h3>
              {g.category}
              {!fits(g.category) &&
                (first ? " — the first stage holds only source actions" : " — only in the first stage")}
            </h3>
            {g.providers.map((p) => (
              <button
                type="button"
                key={`${p.key}-${p.owner}`}
                data-testid={`provider-option-${p.key}`}
                className={`picker-option cat-${p.category}`}
                onClick={() => pick(p.key)}
              >
                <strong>{p.displayName}</strong>
                <span>{p.description}</span>
              </button>
            ))}
          </section>
        ))}
        {groups.length === 0 && <div className="panel-muted">No provider matches “{filter}”.</div>}
      </div>
      <div className="modal-actions">
        <button type="button" onClick={close}>
          Cancel
        </button>
      </div>
    </Dialog>
  );
}
