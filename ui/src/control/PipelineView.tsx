// One pipeline in the control room: its stages left to right with each action's latest
// execution (status, time, summary, error, external link), its conditions (StageConditions), the
// transitions between stages, the operations (approve/reject, retry, roll back, override a
// condition, disable/enable, start, stop) and the history with each execution's action executions.
import {
  type ActionState,
  isRollback,
  modeLabel,
  type PipelineDetail,
  type ShownStatus,
  type StageState,
  shownStatus,
  statusLabel,
  statusTone,
} from "../backend";
import { ApprovalCards } from "./ApprovalCards";
import { holdingCondition } from "./conditions";
import {
  actionStatus,
  ago,
  approvalsAt,
  canRetry,
  detailIsCurrent,
  isV2,
  isWebLink,
  runningExecution,
  shortId,
} from "./logic";
import { StageConditions } from "./StageConditions";
import { loadOlder, notify, openDialog, openLink, toggleExecution, toggleMute, useControl } from "./store";
import { TimelineButton, TimelinePanel } from "./Timeline";
import { WhyPanel } from "./WhyPanel";
import { openWhy } from "./why";

function Status({ status }: { status: ShownStatus }) {
  return <span className={`cr-status ${statusTone(status)}`}>{statusLabel(status)}</span>;
}

function ExternalLink({ url, label }: { url: string | null | undefined; label: string }) {
  if (!isWebLink(url)) return null;
  return (
    <span className="cr-link">
      <button type="button" className="link-button" title={url} onClick={() => void openLink(url)}>
        {label} ↗
      </button>
      <button
        type="button"
        className="link-button quiet"
        title={`Copy ${url}`}
        onClick={() =>
          void navigator.clipboard
            ?.writeText(url)
            .then(() => notify("info", "Link copied."))
            .catch(() => notify("error", `Copy this link by hand: ${url}`))
        }
      >
        Copy link
      </button>
    </span>
  );
}

function ActionCard({
  detail,
  stage,
  action,
}: {
  detail: PipelineDetail;
  stage: StageState;
  action: ActionState;
}) {
  const run = action.latestExecution;
  const approvals = approvalsAt(detail.approvals, stage.name, action.name);
  const status = actionStatus(run, approvals.length);
  return (
    <div
      className={`cr-action ${statusTone(status)}${approvals.length > 0 ? " waiting" : ""}`}
      data-testid={`cr-action-${stage.name}-${action.name}`}
    >
      <div className="cr-action-head">
        <span className="cr-action-name">{action.name}</span>
        <Status status={status} />
      </div>
      {run?.lastStatusChange && (
        <div className="muted small" title={run.lastStatusChange}>
          {ago(run.lastStatusChange)}
          {run.lastUpdatedBy ? ` · ${run.lastUpdatedBy.split("/").pop()}` : ""}
        </div>
      )}
      {run?.summary && <div className="cr-summary small">{run.summary}</div>}
      {run?.error && (
        <div className="cr-error small" data-testid={`cr-error-${stage.name}-${action.name}`}>
          <strong>{run.error.code ?? "Error"}</strong>
          {run.error.message ? `: ${run.error.message}` : ""}
        </div>
      )}
      <ExternalLink url={run?.externalExecutionUrl} label="Details" />
      {shownStatus(run?.status) === "Failed" && (
        <button
          type="button"
          className="small"
          data-testid={`why-${stage.name}-${action.name}`}
          onClick={() =>
            void openWhy(
              {
                pipeline: detail.view.state.pipelineName,
                stage: stage.name,
                action: action.name,
                executionId:
                  stage.latestExecution?.status === "Failed"
                    ? stage.latestExecution.pipelineExecutionId
                    : null,
              },
              detail.seen,
            )
          }
        >
          Why it failed
        </button>
      )}
      <ApprovalCards detail={detail} stage={stage.name} action={action.name} approvals={approvals} />
    </div>
  );
}

function Transition({ stage }: { stage: StageState }) {
  const t = stage.inboundTransition;
  if (!t) return <div className="cr-arrow">→</div>;
  return (
    <div className={`cr-transition${t.enabled ? "" : " disabled"}`} data-testid={`transition-${stage.name}`}>
      <div className="cr-arrow">{t.enabled ? "→" : "‖"}</div>
      {!t.enabled && (
        <div className="cr-transition-reason small" title={t.disabledReason ?? ""}>
          {t.disabledReason ?? "Disabled"}
        </div>
      )}
      <button
        type="button"
        className="small"
        data-testid={`transition-toggle-${stage.name}`}
        title={t.enabled ? `Stop executions entering ${stage.name}` : `Let executions enter ${stage.name}`}
        onClick={() => openDialog({ kind: "transition", stage: stage.name, enable: !t.enabled })}
      >
        {t.enabled ? "Disable" : "Enable"}
      </button>
    </div>
  );
}

function StageColumn({ detail, stage }: { detail: PipelineDetail; stage: StageState }) {
  const e = stage.latestExecution;
  const prod = detail.productionStages.includes(stage.name);
  const held = holdingCondition(stage);
  return (
    <section
      className={`cr-stage ${held ? "waiting" : statusTone(shownStatus(e?.status))}`}
      data-testid={`cr-stage-${stage.name}`}
    >
      <header className="cr-stage-head">
        <span className="cr-stage-name">
          {stage.name}
          {prod && <span className="cr-chip prod">prod</span>}
        </span>
        {held ? (
          <span className="cr-status waiting" data-testid={`cr-held-${stage.name}`}>
            ‖ Held
          </span>
        ) : (
          <Status status={shownStatus(e?.status)} />
        )}
      </header>
      {held && (
        <div className="cr-held small">
          held by its <strong>{held.kind}</strong> condition
        </div>
      )}
      {e && (
        <div className="muted small">
          run {shortId(e.pipelineExecutionId)}
          {isRollback(e.executionType) ? " · rollback" : ""}
        </div>
      )}
      {stage.inboundExecutions.length > 0 && (
        <div className="muted small">{stage.inboundExecutions.length} waiting to enter</div>
      )}
      <StageConditions stage={stage} />
      <div className="cr-actions">
        {stage.actions.map((a) => (
          <ActionCard key={a.name} detail={detail} stage={stage} action={a} />
        ))}
      </div>
      <footer className="cr-stage-ops">
        {canRetry(stage) && (
          <button
            type="button"
            data-testid={`retry-${stage.name}`}
            onClick={() =>
              openDialog({ kind: "retry", stage: stage.name, executionId: e?.pipelineExecutionId ?? null })
            }
          >
            Retry…
          </button>
        )}
        <button
          type="button"
          className="danger"
          data-testid={`rollback-${stage.name}`}
          onClick={() => openDialog({ kind: "rollback", stage: stage.name, targets: null })}
        >
          Roll back…
        </button>
      </footer>
    </section>
  );
}

function History({ detail }: { detail: PipelineDetail }) {
  const actions = useControl((s) => s.actions);
  const older = useControl((s) => s.olderToken);
  return (
    <section className="cr-history" aria-label="Execution history">
      <h3>History</h3>
      <table>
        <thead>
          <tr>
            <th>Execution</th>
            <th>Status</th>
            <th>Started</th>
            <th>Trigger</th>
            <th>Source</th>
          </tr>
        </thead>
        <tbody>
          {detail.view.executions.map((x) => {
            const open = actions[x.pipelineExecutionId];
            return [
              <tr
                key={x.pipelineExecutionId}
                className="cr-history-row"
                data-testid={`history-${x.pipelineExecutionId}`}
                onClick={() => void toggleExecution(x.pipelineExecutionId)}
              >
                <td className="mono">
                  {/* The row's control for the keyboard (a click anywhere on the row does the same). */}
                  <button
                    type="button"
                    className="cr-history-toggle"
                    aria-expanded={!!open}
                    aria-controls={open ? `actions-${x.pipelineExecutionId}` : undefined}
                    data-testid={`history-toggle-${x.pipelineExecutionId}`}
                    title={open ? "Hide its action executions" : "Show its action executions"}
                    onClick={(e) => {
                      e.stopPropagation();
                      void toggleExecution(x.pipelineExecutionId);
                    }}
                  >
                    <span aria-hidden="true">{open ? "▾" : "▸"}</span> {shortId(x.pipelineExecutionId)}
                    {isRollback(x.executionType) ? " (rollback)" : ""}
                  </button>
                  <TimelineButton detail={detail} executionId={x.pipelineExecutionId} />
                </td>
                <td>
                  <Status status={shownStatus(x.status)} />
                  {x.statusSummary && <div className="muted small">{x.statusSummary}</div>}
                  {x.stopReason && <div className="muted small">Stopped: {x.stopReason}</div>}
                </td>
                <td title={x.startTime ?? ""}>{ago(x.startTime)}</td>
                <td className="small">{x.triggerType ?? ""}</td>
                <td className="small">
                  {x.sourceRevisions
                    .map((r) => r.revisionSummary ?? shortId(r.revisionId ?? ""))
                    .filter(Boolean)
                    .join(", ")}
                </td>
              </tr>,
              open && (
                <tr
                  key={`${x.pipelineExecutionId}-actions`}
                  id={`actions-${x.pipelineExecutionId}`}
                  className="cr-history-actions"
                >
                  <td colSpan={5}>
                    <ul>
                      {open.map((a) => (
                        <li key={a.actionExecutionId}>
                          <Status status={shownStatus(a.status)} /> <strong>{a.stageName}</strong> ›{" "}
                          {a.actionName}{" "}
                          <span className="muted small">{ago(a.lastUpdateTime ?? a.startTime)}</span>
                          {a.summary && <span className="small"> — {a.summary}</span>}
                          {a.error?.message && <span className="cr-error small"> — {a.error.message}</span>}
                          <ExternalLink url={a.externalExecutionUrl} label="Details" />
                        </li>
                      ))}
                      {open.length === 0 && <li className="muted">No action executions recorded.</li>}
                    </ul>
                  </td>
                </tr>
              ),
            ];
          })}
        </tbody>
      </table>
      {older && (
        <button type="button" onClick={() => void loadOlder()}>
          Load older executions
        </button>
      )}
    </section>
  );
}

export function PipelineView() {
  // A detail of another connection than the active one is not shown (its buttons would act there).
  const detail = useControl((s) => (detailIsCurrent(s.detail, s.status?.connection) ? s.detail : null));
  const selected = useControl((s) => s.selected);
  const error = useControl((s) => s.detailError);
  if (!selected)
    return (
      <main data-region className="cr-detail cr-empty muted">
        Pick a pipeline on the left.
      </main>
    );
  if (!detail)
    return (
      <main data-region className="cr-detail cr-empty">
        {error ? <div className="cr-error">{error}</div> : "Loading…"}
      </main>
    );
  const running = runningExecution(detail);
  const name = detail.view.state.pipelineName;
  return (
    <main data-region className="cr-detail" data-testid="pipeline-view">
      <div className="cr-detail-head">
        <div>
          {/* Where the focus goes when a dialog closes with its opener gone (an approval decided). */}
          <h2 tabIndex={-1}>
            {name}
            {detail.production && <span className="cr-chip prod">production</span>}
          </h2>
          <div className="muted small">
            {detail.summary.pipelineType ?? "V1"} · {modeLabel(detail.summary.executionMode)}
            {detail.view.state.pipelineVersion ? ` · version ${detail.view.state.pipelineVersion}` : ""}
          </div>
        </div>
        <div className="cr-detail-ops">
          <label className="small cr-mute">
            <input
              type="checkbox"
              checked={detail.muted}
              data-testid="mute-toggle"
              onChange={(e) => void toggleMute(name, e.target.checked)}
            />
            Mute notifications
          </label>
          <button
            type="button"
            className="primary"
            data-testid="start-button"
            onClick={() => openDialog({ kind: "start" })}
          >
            ▶ Start{isV2(detail) ? "…" : ""}
          </button>
          <button
            type="button"
            className="danger"
            data-testid="stop-button"
            disabled={!running}
            onClick={() => running && openDialog({ kind: "stop", executionId: running })}
          >
            ■ Stop…
          </button>
        </div>
      </div>
      {error && <div className="cr-error">{error}</div>}
      <div className="cr-stages">
        {detail.view.state.stages.map((s, i) => (
          <div className="cr-stage-wrap" key={s.name}>
            {i > 0 && <Transition stage={s} />}
            <StageColumn detail={detail} stage={s} />
          </div>
        ))}
      </div>
      <History detail={detail} />
      <TimelinePanel />
      <WhyPanel />
    </main>
  );
}
