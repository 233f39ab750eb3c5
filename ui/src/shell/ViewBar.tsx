// The one bar on top: the main views as tabs (Design, Sync review, Connections, Control room with
// its count of approvals waiting and failing pipelines), and the active connection and region,
// switched in one click.
import { useEffect, useState } from "react";
import { api, type Connection, errorMessage } from "../backend";
import { useConnection } from "../connections/active";
import { endpointNote, NO_OPTIONS, regionChoices } from "../connections/form";
import { attentionOf } from "../control/logic";
import { useControl } from "../control/store";
import { AboutButton } from "./AppUpdates";
import { useAppInfo } from "./appInfo";
import { onTabKeys, tabIndex } from "./keys";
import { useNav, VIEWS } from "./nav";
import "./shell.css";

export function ViewBar() {
  const view = useNav((s) => s.view);
  const active = useConnection((s) => s.active);
  // Before a connection is active, the one the title bar names (the last session's, or the local
  // sandbox the control room starts), so the bar and the title agree.
  const expected = useAppInfo((s) => s.info?.connectionLabel);
  const attention = attentionOf(useControl((s) => s.badge));
  const [connections, setConnections] = useState<Connection[]>([]);
  const [regions, setRegions] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);

  // The lists load when a picker is opened: nothing is asked at start-up but the active one.
  const load = () => {
    api
      .listConnections()
      .then((o) => {
        setConnections(o.connections);
        setRegions(o.regions);
      })
      .catch((e) => setError(errorMessage(e)));
  };
  // And whenever another connection becomes active (its region list, a renamed connection).
  const activeId = active?.id ?? null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: load is recreated each render; the id is the trigger
  useEffect(() => {
    if (activeId) load();
  }, [activeId]);
  const run = (p: Promise<unknown>) => {
    setError(null);
    p.catch((e) => {
      setError(errorMessage(e));
      useNav.getState().setView("settings");
    });
  };

  return (
    <div className="view-bar" data-testid="view-bar" data-region>
      <div className="view-bar-tabs" role="tablist" aria-label="View" onKeyDown={onTabKeys}>
        {VIEWS.map((v) => (
          <button
            key={v.view}
            type="button"
            role="tab"
            data-testid={`view-${v.view}`}
            className={view === v.view ? "active" : ""}
            aria-selected={view === v.view}
            tabIndex={tabIndex(view === v.view)}
            onClick={() => useNav.getState().setView(v.view)}
          >
            {v.label}
            {v.view === "control" && attention > 0 && (
              <span
                className="count"
                data-testid="view-control-count"
                title="Approvals waiting and failing pipelines"
              >
                {attention}
              </span>
            )}
          </button>
        ))}
      </div>
      <div className="quick-connection">
        <span className={`dot ${active?.isSandbox ? "sandbox" : "live"}`} />
        <select
          aria-label="Active connection"
          data-testid="active-connection-select"
          value={active?.id ?? ""}
          onFocus={load}
          onMouseDown={load}
          onChange={(e) =>
            e.target.value &&
            run(api.activateConnection(e.target.value, NO_OPTIONS).then(useConnection.getState().setActive))
          }
        >
          {!active && <option value="">{expected ?? "No connection"}</option>}
          {active && !connections.some((c) => c.id === active.id) && (
            <option value={active.id ?? ""}>{active.name}</option>
          )}
          {connections.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
        {active && (
          <select
            aria-label="Region"
            data-testid="region-select"
            value={active.region}
            onFocus={load}
            onMouseDown={load}
            onChange={(e) => run(api.switchRegion(e.target.value).then(useConnection.getState().setActive))}
          >
            {regionChoices(regions, active.region).map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        )}
        {active?.isSandbox && <span className="sandbox-chip">local sandbox, not AWS</span>}
        {endpointNote(active) && (
          <span
            className="sandbox-chip"
            data-testid="active-endpoint"
            title={endpointNote(active) ?? undefined}
          >
            {active?.endpointFrom ? `endpoint from ${active.endpointFrom}` : "custom endpoint"}
          </span>
        )}
        {error && (
          <span className="quick-error" role="alert" title={error}>
            {error}
          </span>
        )}
        <button
          type="button"
          className="shortcuts-button"
          data-testid="shortcuts-button"
          aria-label="Keyboard shortcuts"
          title="Keyboard shortcuts (?)"
          onClick={() => useNav.getState().showShortcuts(true)}
        >
          ?
        </button>
      </div>
      <AboutButton />
    </div>
  );
}
