// The control room's operation dialogs: approve / reject (summary, reason), start (variables and
// source revisions on V2), stop or abandon (reason), retry (failed actions or all), roll back
// (pick a target), disable / enable a transition (reason), override a stage condition that holds
// an execution, and the settings: connections to watch, quiet hours, production names.
// Production pipelines and stages ask for the pipeline's name typed back.
import { type ReactNode, useEffect, useState } from "react";
import {
  api,
  type ConditionKind,
  type ExecutionSummary,
  errorMessage,
  type PipelineDetail,
  type RetryMode,
} from "../backend";
import { CopyDetails } from "../shell/CopyDetails";
import { Dialog } from "../shell/Dialog";
import { ApprovalContext } from "./ApprovalContext";
import { CONDITION_NAMES, overrideConsequence, ruleWords } from "./conditions";
import {
  ago,
  approvalRequest,
  isV2,
  needsConfirmation,
  parseRevisions,
  parseVariables,
  shortId,
  toggleWatched,
  watchNote,
} from "./logic";
import {
  closeDialog,
  eventsExport,
  failDialog,
  runOperation,
  saveSettings,
  setEventsOn,
  useControl,
} from "./store";

function Confirm({
  detail,
  stage,
  value,
  onChange,
}: {
  detail: PipelineDetail;
  stage: string | null;
  value: string;
  onChange: (v: string) => void;
}) {
  if (!needsConfirmation(detail, stage)) return null;
  const name = detail.view.state.pipelineName;
  return (
    <label className="cr-field cr-confirm">
      <span>
        <strong>{name}</strong> is production. Type its name to confirm:
      </span>
      <input
        data-testid="dialog-confirm-name"
        value={value}
        placeholder={name}
        onChange={(e) => onChange(e.target.value)}
        autoComplete="off"
        spellCheck={false}
      />
    </label>
  );
}

function confirmed(detail: PipelineDetail, stage: string | null, value: string): boolean {
  return !needsConfirmation(detail, stage) || value.trim() === detail.view.state.pipelineName;
}

function Shell({
  title,
  children,
  submit,
  submitLabel,
  danger,
  disabled,
}: {
  title: string;
  children: ReactNode;
  submit: () => void;
  submitLabel: string;
  danger?: boolean;
  disabled?: boolean;
}) {
  const busy = useControl((s) => s.busy);
  const error = useControl((s) => s.dialogError);
  const details = useControl((s) => s.dialogDetails);
  return (
    <Dialog
      title={title}
      onClose={closeDialog}
      className="cr-dialog"
      testId="control-dialog"
      fallbackFocus='[data-testid="pipeline-view"] h2'
      onSubmit={() => {
        if (!disabled && !busy) submit();
      }}
    >
      {children}
      {error && (
        <div className="cr-error" role="alert" data-testid="dialog-error">
          {error}
          <CopyDetails details={details} />
        </div>
      )}
      <div className="modal-actions">
        <button type="button" onClick={closeDialog}>
          Cancel
        </button>
        <button
          type="submit"
          className={danger ? "danger" : "primary"}
          disabled={disabled || busy}
          data-testid="dialog-submit"
        >
          {busy ? "Working…" : submitLabel}
        </button>
      </div>
    </Dialog>
  );
}

function ApproveDialog({ detail }: { detail: PipelineDetail }) {
  const dialog = useControl((s) => s.dialog);
  const [summary, setSummary] = useState("");
  const [reason, setReason] = useState("");
  const [confirmation, setConfirmation] = useState("");
  if (dialog?.kind !== "approve") return null;
  const { approval, decision } = dialog;
  const reject = decision === "reject";
  // Rejecting stops the change: no confirmation needed; approving production needs the name.
  const needs = !reject && needsConfirmation(detail, approval.stage);
  const ok = (!reject || reason.trim() !== "") && (!needs || confirmed(detail, approval.stage, confirmation));
  return (
    <Shell
      title={`${reject ? "Reject" : "Approve"} ${approval.stage} › ${approval.action}`}
      submitLabel={reject ? "Reject" : "Approve"}
      danger={reject}
      disabled={!ok}
      submit={() =>
        void runOperation(
          () =>
            api.controlDecide(
              approvalRequest(detail, approval, decision, summary, reason, confirmation),
              approval.token,
              detail.seen,
            ),
          `${reject ? "Rejected" : "Approved"} ${approval.stage} › ${approval.action} of ${approval.pipeline}.`,
        )
      }
    >
      <p className="muted small">
        Execution {shortId(approval.pipelineExecutionId)} · waiting since {ago(approval.since) || "now"}
      </p>
      <ApprovalContext detail={detail} approval={approval} />
      {reject && (
        <label className="cr-field">
          <span>Reason (required)</span>
          <input
            data-testid="dialog-reason"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            placeholder="Why must this change not go on?"
          />
        </label>
      )}
      <label className="cr-field">
        <span>Summary {reject ? "(optional)" : ""}</span>
        <textarea
          data-testid="dialog-summary"
          rows={3}
          value={summary}
          maxLength={512}
          onChange={(e) => setSummary(e.target.value)}
          placeholder={reject ? "" : "What you checked"}
        />
      </label>
      {needs && (
        <Confirm detail={detail} stage={approval.stage} value={confirmation} onChange={setConfirmation} />
      )}
    </Shell>
  );
}

function StartDialog({ detail }: { detail: PipelineDetail }) {
  const [variables, setVariables] = useState("");
  const [revisions, setRevisions] = useState("");
  const [confirmation, setConfirmation] = useState("");
  const v2 = isV2(detail);
  const name = detail.view.state.pipelineName;
  const prodAnywhere = detail.production || detail.productionStages.length > 0;
  const ok = !prodAnywhere || confirmation.trim() === name;
  return (
    <Shell
      title={`Start ${name}`}
      submitLabel="Start"
      disabled={!ok}
      submit={() => {
        let vars: ReturnType<typeof parseVariables>;
        let revs: ReturnType<typeof parseRevisions>;
        try {
          vars = parseVariables(variables);
          revs = parseRevisions(revisions);
        } catch (err) {
          failDialog(errorMessage(err));
          return;
        }
        void runOperation(
          () =>
            api.controlStart(
              { pipeline: name, variables: vars, sourceRevisions: revs, clientRequestToken: null },
              prodAnywhere ? confirmation : null,
              detail.seen,
            ),
          `Started ${name}.`,
        );
      }}
    >
      {v2 ? (
        <>
          <label className="cr-field">
            <span>Variables, one NAME=value per line (optional)</span>
            <textarea
              data-testid="start-variables"
              rows={3}
              value={variables}
              onChange={(e) => setVariables(e.target.value)}
            />
          </label>
          <label className="cr-field">
            <span>Source revisions, ActionName=COMMIT_ID:value per line (optional)</span>
            <textarea
              data-testid="start-revisions"
              rows={2}
              value={revisions}
              onChange={(e) => setRevisions(e.target.value)}
              placeholder="Source=COMMIT_ID:4f2a9c1"
            />
          </label>
        </>
      ) : (
        <p className="muted">Runs the latest source revisions (V1 pipelines take no variables).</p>
      )}
      {prodAnywhere && (
        <label className="cr-field cr-confirm">
          <span>
            <strong>{name}</strong> deploys to production. Type its name to confirm:
          </span>
          <input
            data-testid="dialog-confirm-name"
            value={confirmation}
            placeholder={name}
            onChange={(e) => setConfirmation(e.target.value)}
          />
        </label>
      )}
    </Shell>
  );
}

function StopDialog({ detail, executionId }: { detail: PipelineDetail; executionId: string }) {
  const [abandon, setAbandon] = useState(false);
  const [reason, setReason] = useState("");
  const name = detail.view.state.pipelineName;
  return (
    <Shell
      title={`Stop execution ${shortId(executionId)}`}
      submitLabel={abandon ? "Stop and abandon" : "Stop"}
      danger
      submit={() =>
        void runOperation(
          () =>
            api.controlStop(
              {
                pipeline: name,
                pipelineExecutionId: executionId,
                abandon,
                reason: reason.trim() || null,
              },
              detail.seen,
            ),
          `Stopping ${name} (${shortId(executionId)}).`,
        )
      }
    >
      <label className="cr-radio">
        <input type="radio" checked={!abandon} onChange={() => setAbandon(false)} /> Stop and wait: running
        actions finish first
      </label>
      <label className="cr-radio">
        <input type="radio" checked={abandon} onChange={() => setAbandon(true)} data-testid="stop-abandon" />{" "}
        Stop and abandon: running actions are abandoned
      </label>
      <label className="cr-field">
        <span>Reason</span>
        <input data-testid="dialog-reason" value={reason} onChange={(e) => setReason(e.target.value)} />
      </label>
    </Shell>
  );
}

function RetryDialog({
  detail,
  stage,
  executionId,
}: {
  detail: PipelineDetail;
  stage: string;
  executionId: string | null;
}) {
  const [mode, setMode] = useState<RetryMode>("FAILED_ACTIONS");
  const name = detail.view.state.pipelineName;
  return (
    <Shell
      title={`Retry ${stage}`}
      submitLabel="Retry"
      submit={() =>
        void runOperation(
          () => api.controlRetry(name, stage, executionId, mode, detail.seen),
          `Retrying ${stage} of ${name}.`,
        )
      }
    >
      <label className="cr-radio">
        <input type="radio" checked={mode === "FAILED_ACTIONS"} onChange={() => setMode("FAILED_ACTIONS")} />{" "}
        Failed actions only
      </label>
      <label className="cr-radio">
        <input
          type="radio"
          checked={mode === "ALL_ACTIONS"}
          onChange={() => setMode("ALL_ACTIONS")}
          data-testid="retry-all"
        />{" "}
        All actions of the stage
      </label>
    </Shell>
  );
}

function RollbackDialog({ detail, stage }: { detail: PipelineDetail; stage: string }) {
  const [targets, setTargets] = useState<ExecutionSummary[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [target, setTarget] = useState<string | null>(null);
  const [confirmation, setConfirmation] = useState("");
  const name = detail.view.state.pipelineName;
  useEffect(() => {
    api
      .controlRollbackTargets(name, stage)
      .then((t) => {
        setTargets(t);
        setTarget(t[0]?.pipelineExecutionId ?? null);
      })
      .catch((err) => setLoadError(errorMessage(err)));
  }, [name, stage]);
  const ok = target !== null && confirmed(detail, stage, confirmation);
  return (
    <Shell
      title={`Roll back ${stage}`}
      submitLabel="Roll back"
      danger
      disabled={!ok}
      submit={() =>
        target &&
        void runOperation(
          () =>
            api.controlRollback(
              name,
              stage,
              target,
              needsConfirmation(detail, stage) ? confirmation : null,
              detail.seen,
            ),
          `Rolling ${stage} of ${name} back to ${shortId(target)}.`,
        )
      }
    >
      <p className="muted small">Earlier executions that succeeded in {stage}, newest first:</p>
      {loadError && <div className="cr-error">{loadError}</div>}
      {targets === null && !loadError && <div className="muted">Loading…</div>}
      {targets?.length === 0 && (
        <div className="muted">No earlier successful execution of {stage} to go back to.</div>
      )}
      <div className="cr-targets">
        {targets?.map((t) => (
          <label
            key={t.pipelineExecutionId}
            className="cr-radio"
            data-testid={`rollback-target-${t.pipelineExecutionId}`}
          >
            <input
              type="radio"
              checked={target === t.pipelineExecutionId}
              onChange={() => setTarget(t.pipelineExecutionId)}
            />{" "}
            <span className="mono">{shortId(t.pipelineExecutionId)}</span>{" "}
            <span className="muted small">
              {ago(t.startTime)} ·{" "}
              {t.sourceRevisions.map((r) => r.revisionSummary ?? shortId(r.revisionId ?? "")).join(", ")}
            </span>
          </label>
        ))}
      </div>
      <Confirm detail={detail} stage={stage} value={confirmation} onChange={setConfirmation} />
    </Shell>
  );
}

function TransitionDialog({
  detail,
  stage,
  enable,
}: {
  detail: PipelineDetail;
  stage: string;
  enable: boolean;
}) {
  const [reason, setReason] = useState("");
  const name = detail.view.state.pipelineName;
  return (
    <Shell
      title={`${enable ? "Enable" : "Disable"} the transition into ${stage}`}
      submitLabel={enable ? "Enable" : "Disable"}
      disabled={!enable && reason.trim() === ""}
      submit={() =>
        void runOperation(
          () => api.controlSetTransition(name, stage, "Inbound", enable, enable ? null : reason, detail.seen),
          `${enable ? "Enabled" : "Disabled"} the transition into ${stage}.`,
        )
      }
    >
      {enable ? (
        <p>Executions waiting before {stage} will enter it.</p>
      ) : (
        <label className="cr-field">
          <span>Reason (required; letters, digits, spaces and basic punctuation)</span>
          <input
            data-testid="dialog-reason"
            value={reason}
            maxLength={300}
            onChange={(e) => setReason(e.target.value)}
            placeholder="Change freeze until Monday"
          />
        </label>
      )}
    </Shell>
  );
}

function OverrideDialog({
  detail,
  stage,
  condition,
  executionId,
}: {
  detail: PipelineDetail;
  stage: string;
  condition: ConditionKind;
  executionId: string | null;
}) {
  const rules = useControl((s) => s.rules);
  const [confirmation, setConfirmation] = useState("");
  const name = detail.view.state.pipelineName;
  const shown = detail.view.state.stages
    .find((s) => s.name === stage)
    ?.conditions.find((c) => c.kind === condition);
  return (
    <Shell
      title={`Override the ${CONDITION_NAMES[condition]} condition of ${stage}`}
      submitLabel="Override"
      danger
      disabled={executionId === null || !confirmed(detail, stage, confirmation)}
      submit={() =>
        void runOperation(
          () =>
            api.controlOverride(
              name,
              stage,
              condition,
              executionId,
              needsConfirmation(detail, stage) ? confirmation : null,
              detail.seen,
            ),
          `Overrode the ${CONDITION_NAMES[condition]} condition of ${stage}: execution ${shortId(executionId)} goes on.`,
        )
      }
    >
      <p data-testid="override-what">
        Execution <span className="mono">{shortId(executionId) || "(none)"}</span> of {name} is held by:
      </p>
      <ul className="cr-rules small">
        {(shown?.rules ?? []).map((r) => (
          <li key={r.name}>
            <strong>{r.name}</strong>:{" "}
            {ruleWords(r, rules?.find((x) => x.stageName === stage && x.ruleName === r.name)?.provider)}
          </li>
        ))}
      </ul>
      <p>{overrideConsequence(condition, stage)} This cannot be undone.</p>
      <Confirm detail={detail} stage={stage} value={confirmation} onChange={setConfirmation} />
      {executionId === null && (
        <div className="cr-error">No execution is held here any more; close this and refresh the view.</div>
      )}
    </Shell>
  );
}

/**
 * "Use events" for the active connection: on, this desktop reads its own queue of CodePipeline's
 * state changes and polls only what changed; off, it polls. Setting up needs the rights to make
 * an EventBridge rule and an SQS queue; without them, the export is for someone who has them.
 */
function EventsField() {
  const settings = useControl((s) => s.settings);
  const choices = useControl((s) => s.choices);
  const connection = useControl((s) => s.status?.connection ?? null);
  const busy = useControl((s) => s.busy);
  const [exported, setExported] = useState<string | null>(null);
  const active = (choices ?? []).find((c) => c.active);
  if (!settings || !connection || !active) return null;
  const on = (settings.events ?? []).includes(active.key);
  return (
    <fieldset className="cr-field" data-testid="settings-events">
      <span>
        Learn of changes on <strong>{connection.name}</strong> from CodePipeline's events instead of polling
        (an EventBridge rule and an SQS queue for this desktop; a slow check every 15 minutes catches a missed
        event).
      </span>
      <div className="cr-watch-row">
        <span className="small" data-testid="events-state">
          {on
            ? "On: changes arrive as events."
            : "Off: pipelines are polled (every 5 s while running, 60 s idle)."}
        </span>
        <button
          type="button"
          data-testid="events-toggle"
          disabled={busy}
          onClick={() => void setEventsOn(!on)}
        >
          {on ? "Poll instead" : "Use events"}
        </button>
        <button
          type="button"
          data-testid="events-export"
          onClick={() => void eventsExport("cloudformation").then(setExported)}
        >
          Export as CloudFormation
        </button>
      </div>
      {exported && (
        <textarea readOnly className="cr-export" data-testid="events-export-text" rows={8} value={exported} />
      )}
    </fieldset>
  );
}

function SettingsDialog() {
  const settings = useControl((s) => s.settings);
  const choices = useControl((s) => s.choices);
  const [quiet, setQuiet] = useState<string | null>(null);
  const [production, setProduction] = useState<string | null>(null);
  const [watched, setWatched] = useState<string[] | null>(null);
  if (!settings) return null;
  const quietValue = quiet ?? settings.quietHours ?? "";
  const prodValue = production ?? settings.production.join(", ");
  const watchedValue = watched ?? settings.watched ?? [];
  return (
    <Shell
      title="Watching and notifications"
      submitLabel="Save"
      submit={() => {
        void saveSettings({
          quietHours: quietValue.trim() || null,
          muted: settings.muted,
          production: prodValue
            .split(",")
            .map((s) => s.trim())
            .filter(Boolean),
          watched: watchedValue,
          events: settings.events ?? [],
        });
      }}
    >
      <fieldset className="cr-field" data-testid="settings-watch">
        <span>
          Connections to watch in the background (desktop notifications and the tray). The active connection
          is watched while it is active.
        </span>
        <div className="cr-watch-list">
          {(choices ?? []).map((c) => {
            const chosen = watchedValue.includes(c.key);
            return (
              <label key={c.key} className="cr-watch-row">
                <input
                  type="checkbox"
                  data-testid={`watch-${c.name}`}
                  checked={chosen}
                  onChange={(e) => setWatched(toggleWatched(watchedValue, c.key, e.target.checked))}
                />
                <span className="cr-watch-name">
                  <strong>{c.name}</strong>
                  <span className="muted small">{c.detail}</span>
                </span>
                <span
                  className={`small ${c.problem && (chosen || c.active) ? "cr-error" : "muted"}`}
                  data-testid={`watch-note-${c.name}`}
                >
                  {watchNote(c, chosen)}
                </span>
              </label>
            );
          })}
          {choices === null && <span className="muted small">Loading the connections…</span>}
        </div>
      </fieldset>
      <EventsField />
      <label className="cr-field">
        <span>Quiet hours (no desktop notifications), e.g. 22:00-07:30; empty for none</span>
        <input
          data-testid="settings-quiet-hours"
          value={quietValue}
          onChange={(e) => setQuiet(e.target.value)}
        />
      </label>
      <div className="cr-field">
        <span>Muted pipelines, in every connection (mute one from its view)</span>
        <div className="small">{settings.muted.length ? settings.muted.join(", ") : "none"}</div>
      </div>
      <label className="cr-field">
        <span>
          Also production (comma-separated pipelines or pipeline/stage; names with “prod” or “production”
          always are)
        </span>
        <input
          data-testid="settings-production"
          value={prodValue}
          onChange={(e) => setProduction(e.target.value)}
        />
      </label>
    </Shell>
  );
}

export function OperationDialog() {
  const dialog = useControl((s) => s.dialog);
  const detail = useControl((s) => s.detail);
  if (!dialog) return null;
  if (dialog.kind === "settings") return <SettingsDialog />;
  if (!detail) return null;
  // Keyed so each opening starts with empty fields.
  switch (dialog.kind) {
    case "approve":
      return <ApproveDialog key={`${dialog.approval.token}-${dialog.decision}`} detail={detail} />;
    case "start":
      return <StartDialog detail={detail} />;
    case "stop":
      return <StopDialog detail={detail} executionId={dialog.executionId} />;
    case "retry":
      return <RetryDialog detail={detail} stage={dialog.stage} executionId={dialog.executionId} />;
    case "rollback":
      return <RollbackDialog detail={detail} stage={dialog.stage} />;
    case "transition":
      return <TransitionDialog detail={detail} stage={dialog.stage} enable={dialog.enable} />;
    case "override":
      return (
        <OverrideDialog
          detail={detail}
          stage={dialog.stage}
          condition={dialog.condition}
          executionId={dialog.executionId}
        />
      );
  }
}
