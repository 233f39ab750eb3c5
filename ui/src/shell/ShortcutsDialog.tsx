// The list of keyboard shortcuts (`?`, or the bar's "?" button).
import { Dialog } from "./Dialog";
import { useNav } from "./nav";
import { SHORTCUTS } from "./shortcuts";

export function ShortcutsDialog() {
  const open = useNav((s) => s.shortcuts);
  if (!open) return null;
  const close = () => useNav.getState().showShortcuts(false);
  return (
    <Dialog title="Keyboard shortcuts" onClose={close} className="shortcuts-dialog" testId="shortcuts-dialog">
      <div className="shortcuts-list">
        {SHORTCUTS.map((g) => (
          <section key={g.title} aria-label={g.title}>
            <h3>{g.title}</h3>
            <dl>
              {g.items.map((item) => (
                <div key={`${item.keys.join("/")} ${item.what}`} className="shortcut">
                  <dt>
                    {item.keys.map((k, i) => (
                      <span key={k}>
                        {i > 0 && " or "}
                        <kbd>{k}</kbd>
                      </span>
                    ))}
                  </dt>
                  <dd>{item.what}</dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
      </div>
      <div className="modal-actions">
        <button type="button" onClick={close}>
          Close
        </button>
      </div>
    </Dialog>
  );
}
