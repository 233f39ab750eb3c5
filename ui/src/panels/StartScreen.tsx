// What shows when no design is open: start a new one, open one, or pick a recent file.
import { baseName, newDesign, openPath, openWithDialog, pickTemplate } from "../files";
import { useDesigner } from "../store";
import { TemplateList } from "./Dialogs";

export function StartScreen() {
  const recent = useDesigner((s) => s.recent);
  const busy = useDesigner((s) => s.busy);
  const templates = useDesigner((s) => s.templates);
  return (
    <main className="start" data-testid="start-screen" data-region>
      <div className="start-card">
        <h1>Design a pipeline</h1>
        <p className="muted">
          Draw an AWS CodePipeline: stages, actions and the artifacts between them. Pipewright checks it as
          you go.
        </p>
        <div className="start-buttons">
          <button type="button" className="primary" data-testid="start-new" onClick={() => newDesign(null)}>
            New pipeline
          </button>
          <button type="button" data-testid="start-open" onClick={openWithDialog}>
            Open design…
          </button>
        </div>
        <h2>Recent</h2>
        {recent.length === 0 ? (
          <p className="muted">No recent designs yet. Files you open or save show up here.</p>
        ) : (
          <ul className="recent">
            {recent.map((p, i) => (
              <li key={p}>
                <button type="button" data-testid={`recent-${i}`} onClick={() => void openPath(p)} title={p}>
                  <strong>{baseName(p)}</strong>
                  <span className="muted">{p}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
        {templates.length > 0 && <h2>Start from a template</h2>}
        <div>
          <TemplateList compact onPick={(id) => pickTemplate(id)} />
        </div>
        <p className="muted small">Tip: drop a .json or .yaml design file onto this window to open it.</p>
        {busy && <div className="busy">{busy}</div>}
      </div>
    </main>
  );
}
