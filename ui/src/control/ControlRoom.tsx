// The control room: the active connection (a banner when it is the local sandbox) with what needs
// attention there and in the other watched connections, the pipelines with their latest status on
// the left, the open pipeline on the right, and the operation dialogs. Opening it connects it
// (the local sandbox starts then when no connection is active).
import { useEffect } from "react";
import { shownStatus, statusLabel } from "../backend";
import { endpointNote } from "../connections/form";
import { startSignIn } from "../connections/signIn";
import { CopyDetails } from "../shell/CopyDetails";
import { useNav } from "../shell/nav";
import "./control.css";
import { OperationDialog } from "./Dialogs";
import { ago, cardTone, splitBadge } from "./logic";
import { PipelineView } from "./PipelineView";
import {
  connectRoom,
  dismissNotice,
  loadSettings,
  loadStatus,
  openDialog,
  openElsewhere,
  openPipeline,
  refreshAll,
  useControl,
} from "./store";
import { refreshTimeline } from "./timeline";

/** At most this many items of other connections in the header. */
const ELSEWHERE_SHOWN = 3;

/** How often the open views refresh besides the watcher's events. */
export const REFRESH_MS = 5000;

/** The connection settings (on the designer's side of the view switch). */
function openConnections(): void {
  useNav.getState().setView("settings");
}

function ConnectionHeader() {
  const status = useControl((s) => s.status);
  const conn = status?.connection ?? null;
  const badge = useControl((s) => s.badge);
  const here = splitBadge(badge, conn?.name ?? null);
  return (
    <div className="cr-header" data-region>
      <div className="cr-conn" data-testid="control-connection">
        <span className={`dot ${conn?.isSandbox ? "sandbox" : "live"}`} />
        {conn ? (
          <>
            <strong>{conn.name}</strong>
            <span className="muted">{conn.region}</span>
            {conn.isSandbox && (
              <span className="cr-chip sandbox" data-testid="sandbox-badge">
                Sandbox · not AWS
              </span>
            )}
            {endpointNote(conn) && (
              <span className="cr-chip prod" data-testid="control-endpoint" title={conn.title}>
                {endpointNote(conn)}
              </span>
            )}
          </>
        ) : status?.error ? (
          <span className="muted">Not connected</span>
        ) : (
          <span className="muted">Connecting…</span>
        )}
      </div>
      <div className="cr-counts">
        {here.notWatched.map((item) => (
          <span
            key={`not-watched-${item.connection}`}
            className="cr-chip failed"
            role="alert"
            data-testid={`not-watched-${item.connection}`}
          >
            ⚠ {item.connection}: {item.label}
            {item.kind === "SignInNeeded" && item.connection && (
              <button
                type="button"
                className="cr-chip-action"
                data-testid={`sign-in-again-${item.connection}`}
                onClick={() => item.connection && void startSignIn(item.connection)}
              >
                Sign in again
              </button>
            )}
          </span>
        ))}
        {here.approvals > 0 && (
          <span className="cr-chip waiting" data-testid="count-approvals">
            {here.approvals} approval{here.approvals === 1 ? "" : "s"} waiting
          </span>
        )}
        {here.failing > 0 && (
          <span className="cr-chip failed" data-testid="count-failing">
            {here.failing} failing
          </span>
        )}
        {here.elsewhere.length > 0 && (
          <span className="cr-elsewhere" data-testid="elsewhere">
            <span className="muted small">Elsewhere:</span>
            {here.elsewhere.slice(0, ELSEWHERE_SHOWN).map((item) => (
              <button
                type="button"
                key={`${item.connection}/${item.pipeline}/${item.label}`}
                className={`cr-chip ${item.kind === "Failing" ? "failed" : "waiting"}`}
                data-testid={`elsewhere-${item.connection}-${item.pipeline}`}
                title={`${item.label}: switch to ${item.connection} and open it`}
                onClick={() => void openElsewhere(item)}
              >
                {item.connection}: {item.pipeline}
              </button>
            ))}
            {here.elsewhere.length > ELSEWHERE_SHOWN && (
              <span className="muted small">+{here.elsewhere.length - ELSEWHERE_SHOWN} more</span>
            )}
          </span>
        )}
        <button type="button" onClick={() => void refreshAll()} title="Refresh now">
          ↻ Refresh
        </button>
        <button type="button" data-testid="control-connections" onClick={openConnections}>
          Connections…
        </button>
        <button
          type="button"
          data-testid="control-settings"
          onClick={() => {
            void loadSettings();
            openDialog({ kind: "settings" });
          }}
        >
          Watching & notifications…
        </button>
      </div>
    </div>
  );
}

function PipelineList() {
  const cards = useControl((s) => s.cards);
  const selected = useControl((s) => s.selected);
  const listError = useControl((s) => s.listError);
  return (
    <nav className="cr-list" aria-label="Pipelines" data-region>
      <div className="cr-list-title">Pipelines</div>
      {listError && <div className="cr-error small">{listError}</div>}
      {cards.map((c) => {
        const name = c.overview.pipeline.name;
        const latest = c.overview.latestExecution;
        const tone = cardTone(c);
        const approvals = c.health?.approvals.length ?? 0;
        return (
          <button
            type="button"
            key={name}
            className={`cr-row${selected === name ? " selected" : ""}`}
            aria-current={selected === name ? "true" : undefined}
            data-testid={`pipeline-row-${name}`}
            onClick={() => void openPipeline(name)}
          >
            <span className={`cr-status-dot ${tone}`} />
            <span className="cr-row-main">
              <span className="cr-row-name">
                {name}
                {c.production && <span className="cr-chip prod">prod</span>}
                {c.muted && (
                  <span className="cr-chip muted-chip" title="Notifications muted">
                    muted
                  </span>
                )}
              </span>
              <span className="cr-row-sub muted small">
                {approvals > 0
                  ? `${approvals} approval${approvals === 1 ? "" : "s"} waiting`
                  : c.health?.failing
                    ? `failed${c.health.failure ? ` at ${c.health.failure}` : ""}`
                    : latest
                      ? `${statusLabel(shownStatus(latest.status))} · ${ago(latest.lastUpdateTime ?? latest.startTime)}`
                      : "never ran"}
              </span>
            </span>
          </button>
        );
      })}
      {cards.length === 0 && !listError && <div className="muted small cr-empty">No pipelines yet.</div>}
    </nav>
  );
}

export function ControlRoom() {
  const status = useControl((s) => s.status);
  const notice = useControl((s) => s.notice);

  useEffect(() => {
    void connectRoom();
    const timer = setInterval(() => {
      const s = useControl.getState();
      if (s.dialog === null) {
        void refreshAll();
        void refreshTimeline(null);
      } else if (s.status?.starting) void loadStatus();
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, []);

  useEffect(() => {
    if (notice?.kind !== "info") return;
    const t = setTimeout(dismissNotice, 5000);
    return () => clearTimeout(t);
  }, [notice]);

  const sandbox = status?.connection?.isSandbox ?? false;
  return (
    <div className="control-room" data-testid="control-room">
      <ConnectionHeader />
      {sandbox && (
        <div className="cr-banner" data-testid="sandbox-banner" role="note">
          You are looking at the <strong>local sandbox</strong>: sample pipelines running on this computer,
          not AWS. Try approving, retrying or rolling back freely.{" "}
          <button type="button" className="link-button" onClick={openConnections}>
            Add an AWS connection
          </button>{" "}
          to watch your own pipelines.
        </div>
      )}
      {status?.error && (
        <div className="notice error" role="alert" data-testid="control-error">
          {status.error}
        </div>
      )}
      {notice && (
        <div
          className={`notice ${notice.kind}`}
          role={notice.kind === "error" ? "alert" : "status"}
          data-testid="control-notice"
        >
          <span>
            {notice.text}
            {notice.kind === "error" && <CopyDetails details={notice.details} />}
          </span>
          <button type="button" className="icon-button" aria-label="Dismiss" onClick={dismissNotice}>
            ✕
          </button>
        </div>
      )}
      <div className="cr-body">
        <PipelineList />
        <PipelineView />
      </div>
      <OperationDialog />
    </div>
  );
}
