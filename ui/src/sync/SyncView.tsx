// The sync review screen: plan a folder of designs (or the open design) against the active
// connection, review per pipeline what would happen with the field-level diff, choose what to do
// with drifted pipelines, what makes each pipeline start (the EventBridge rules, role and webhooks
// around it, with notes), apply with per-pipeline progress, import remote pipelines, and delete
// a remote pipeline after typing its name (with what was removed around it).
import { useEffect, useState } from "react";
import {
  type ApplyRequest,
  type ApplyResults,
  type AroundResult,
  api,
  type Change,
  dialogs,
  errorMessage,
  events,
  type Format,
  type ImportResults,
  type PipelinePlan,
  type RemotePipeline,
  type Seen,
  type SyncPlan,
} from "../backend";
import { useConnection } from "../connections/active";
import { openPath as reopenDesign } from "../files";
import { Dialog } from "../shell/Dialog";
import { selectDirty, useDesigner } from "../store";
import {
  ACTION_LABELS,
  AROUND_KINDS,
  AROUND_OPS,
  applicable,
  aroundCount,
  aroundTone,
  buildApplyRequest,
  canConfirmDelete,
  confirmText,
  type DriftChoice,
  defaultSelection,
  deletedAround,
  driftText,
  formatValue,
  groupChanges,
  onProgress,
  type ProgressState,
  planErrors,
  planIsElsewhere,
  plansOpenDesign,
  reviewedOf,
  seenOf,
  sourcePaths,
  startProgress,
  tone,
} from "./logic";
import { useSyncSource } from "./store";
import "./sync.css";

/** Outcomes after which apply rewrote the design file (new sync record, or the pulled remote). */
const REWRITTEN = new Set(["created", "updated", "pulled", "record-refreshed"]);

/** Apply rewrote the open design's file: show the new content, or say why it cannot be shown. */
function reloadOpenDesign(r: ApplyResults, setError: (e: string | null) => void) {
  const s = useDesigner.getState();
  const open = s.path;
  // An environment's pipeline shows as "<path> (<environment>)"; its record goes into the same file.
  const fromOpen = (source: string) => source === open || source.startsWith(`${open} (`);
  if (!open || !r.results.some((x) => fromOpen(x.source) && REWRITTEN.has(x.outcome))) return;
  if (selectDirty(s))
    setError(
      "Apply rewrote the open design's file (its sync record), but the designer has unsaved changes: reopen the file before saving, or the next plan sees it as never synced.",
    );
  else void reopenDesign(open);
}

export function SyncView() {
  const active = useConnection((s) => s.active);
  const openPath = useDesigner((s) => s.path);
  const dirty = useDesigner(selectDirty);
  const { folder, chooseFolder, choose } = useSyncSource();
  const useOpen = useSyncSource((s) => plansOpenDesign(s, openPath));
  const [plan, setPlan] = useState<SyncPlan | null>(null);
  const [planning, setPlanning] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [choices, setChoices] = useState<Record<string, DriftChoice>>({});
  const [expanded, setExpanded] = useState<Set<string>>(new Set());
  const [confirming, setConfirming] = useState<ApplyRequest | null>(null);
  const [progress, setProgress] = useState<ProgressState | null>(null);
  const [results, setResults] = useState<ApplyResults | null>(null);

  const paths = sourcePaths(folder, openPath, useOpen);

  // A plan belongs to the connection and region it was made on: switching drops it (and any
  // apply about to be confirmed), so nothing reviewed elsewhere can be applied here.
  useEffect(() => {
    if (planIsElsewhere(plan, active)) {
      setPlan(null);
      setConfirming(null);
      setSelected(new Set());
      setChoices({});
    }
  }, [plan, active]);

  useEffect(() => {
    const unlisten = events.onSyncProgress((e) => setProgress((s) => (s ? onProgress(s, e) : s)));
    return () => {
      unlisten.then((f) => f()).catch(() => undefined);
    };
  }, []);

  const runPlan = () => {
    if (useOpen && dirty) {
      setError("The open design has unsaved changes: save it first, so the plan compares what is on disk.");
      return;
    }
    setPlanning(true);
    setError(null);
    setResults(null);
    setProgress(null);
    api
      .syncPlan(paths)
      .then((p) => {
        setPlan(p);
        setSelected(defaultSelection(p.plan));
        setChoices({});
      })
      .catch((e) => setError(errorMessage(e)))
      .finally(() => setPlanning(false));
  };

  const runApply = (request: ApplyRequest) => {
    setConfirming(null);
    setResults(null);
    setProgress(startProgress(request.only ?? []));
    api
      .syncApply(request)
      .then((r) => {
        setResults(r);
        reloadOpenDesign(r, setError);
        // The plan is now stale: plan again to show the new state.
        return api.syncPlan(paths).then(setPlan);
      })
      .catch((e) => setError(errorMessage(e)));
  };

  const toggle = (set: Set<string>, name: string) => {
    const next = new Set(set);
    if (next.has(name)) next.delete(name);
    else next.add(name);
    return next;
  };

  const request = plan ? buildApplyRequest(paths, plan.plan, selected, choices, reviewedOf(plan)) : null;
  return (
    <main className="sync" data-testid="sync-view" data-region>
      <header className="sync-head">
        <h2>Sync with CodePipeline</h2>
        <span className="muted" data-testid="sync-connection">
          {active ? `against ${active.title}` : "No connection is active: pick one in Connections."}
        </span>
      </header>
      <div className="sync-source">
        <label>
          <input
            type="radio"
            name="sync-source"
            data-testid="sync-use-folder"
            checked={!useOpen}
            disabled={!folder}
            onChange={() => choose("folder")}
          />
          Folder of designs:
        </label>
        <button
          type="button"
          data-testid="sync-pick-folder"
          onClick={() => {
            dialogs
              .pickFolder("Folder of pipeline designs")
              .then((f) => {
                if (f) chooseFolder(f);
              })
              .catch((e) => setError(errorMessage(e)));
          }}
        >
          {folder ? "Change…" : "Choose folder…"}
        </button>
        <code data-testid="sync-folder">{folder ?? "none"}</code>
        <label>
          <input
            type="radio"
            name="sync-source"
            data-testid="sync-use-open"
            checked={useOpen}
            disabled={!openPath}
            onChange={() => choose("open")}
          />
          The open design {openPath ? <code>{openPath}</code> : "(save it to a file first)"}
        </label>
        <button
          type="button"
          className="primary"
          data-testid="sync-plan"
          disabled={paths.length === 0 || planning || !active}
          onClick={runPlan}
        >
          {planning ? "Planning…" : "Plan"}
        </button>
      </div>
      {error && (
        <p className="sync-error" role="alert" data-testid="sync-error">
          {error}
        </p>
      )}
      {plan && (
        <div className="plan" data-testid="sync-plan-result">
          <p className="plan-summary" data-testid="plan-summary">
            Plan against {plan.connection.title}: {plan.plan.summary.create} to create,{" "}
            {plan.plan.summary.update} to update, {plan.plan.summary.unchanged} unchanged,{" "}
            {plan.plan.summary.drifted} drifted, {plan.plan.summary.remoteOnly} only remote,{" "}
            {plan.plan.summary.invalid} invalid
            {plan.plan.summary.otherPipeline > 0 &&
              `, ${plan.plan.summary.otherPipeline} synced with another pipeline`}
            .
          </p>
          {plan.problems.map((p) => (
            <p key={p} className="sync-error" data-testid="plan-problem">
              {p}
            </p>
          ))}
          <ul className="plan-list">
            {plan.plan.pipelines.map((p) => (
              <PlanRow
                key={`${p.name}|${p.source ?? ""}`}
                p={p}
                checked={selected.has(p.name)}
                choice={choices[p.name]}
                expanded={expanded.has(p.name)}
                progress={progress?.pipelines[p.name]?.status}
                onCheck={() => setSelected((s) => toggle(s, p.name))}
                onChoice={(c) => {
                  setChoices((s) => ({ ...s, [p.name]: c }));
                  setSelected((s) => {
                    const next = new Set(s);
                    if (c === "skip") next.delete(p.name);
                    else next.add(p.name);
                    return next;
                  });
                }}
                onExpand={() => setExpanded((s) => toggle(s, p.name))}
                seen={reviewedOf(plan).seen}
              />
            ))}
          </ul>
          <div className="apply-bar">
            <button
              type="button"
              className="primary"
              data-testid="sync-apply"
              disabled={
                !request || (request.only?.length ?? 0) === 0 || (progress !== null && results === null)
              }
              onClick={() => request && setConfirming(request)}
            >
              Apply {request?.only?.length ?? 0} selected…
            </button>
            <span className="muted">Designs with errors are never sent.</span>
          </div>
          {confirming && (
            <Dialog
              title={`Apply to ${plan.connection.title}?`}
              role="alertdialog"
              onClose={() => setConfirming(null)}
              testId="sync-apply-confirm"
            >
              <p>
                {confirmText(plan.plan, confirming)} Against {plan.connection.title}.
              </p>
              <div className="modal-actions">
                <button type="button" onClick={() => setConfirming(null)}>
                  Cancel
                </button>
                <button
                  type="button"
                  className="primary"
                  data-testid="sync-apply-go"
                  onClick={() => runApply(confirming)}
                >
                  Apply
                </button>
              </div>
            </Dialog>
          )}
        </div>
      )}
      {progress && (
        <div className="apply-progress" data-testid="apply-progress">
          <progress max={Math.max(progress.total, 1)} value={progress.done} />
          <span>
            {progress.done} of {progress.total} done
          </span>
          <ul>
            {Object.entries(progress.pipelines).map(([name, s]) => (
              <li key={name} data-testid={`progress-${name}`} className={`progress-${s.status}`}>
                {name}: {s.status === "done" ? s.outcome : s.status === "running" ? "working…" : "waiting"}
              </li>
            ))}
          </ul>
        </div>
      )}
      {results && (
        <div className="apply-results" data-testid="apply-results">
          <h3>{results.success ? "Applied" : "Applied with problems"}</h3>
          <ul>
            {results.results.map((r) => (
              <li key={`${r.name}|${r.source}`} data-testid={`result-${r.name}`}>
                <span className={`badge ${tone(r.outcome)}`}>{r.label}</span> <strong>{r.name}</strong>
                {r.version !== null && <span className="muted"> version {r.version}</span>}
                {r.error && <p className="sync-error">{r.error}</p>}
                {r.drift && (
                  <p className="muted">
                    {driftText({ drift: r.drift })} Choose “Pull remote” or “Overwrite”.
                  </p>
                )}
                {r.errors.map((d) => (
                  <p key={`${d.code}${d.pointer}`} className="sync-error">
                    {d.code}: {d.message}
                  </p>
                ))}
              </li>
            ))}
          </ul>
          {results.problems.map((p) => (
            <p key={p} className="sync-error">
              {p}
            </p>
          ))}
        </div>
      )}
      <ImportPanel />
    </main>
  );
}

function PlanRow({
  p,
  checked,
  choice,
  expanded,
  progress,
  onCheck,
  onChoice,
  onExpand,
  seen,
}: {
  seen: Seen | null;
  p: PipelinePlan;
  checked: boolean;
  choice: DriftChoice | undefined;
  expanded: boolean;
  progress: string | undefined;
  onCheck: () => void;
  onChoice: (c: DriftChoice) => void;
  onExpand: () => void;
}) {
  const canApply = applicable(p, choice);
  const detail = p.changes.length > 0 || planErrors(p).length > 0;
  return (
    <li className={`plan-row ${tone(p.action)}`} data-testid={`plan-row-${p.name}`}>
      <div className="plan-line">
        <input
          type="checkbox"
          aria-label={`Apply ${p.name}`}
          data-testid={`plan-check-${p.name}`}
          checked={checked && canApply}
          disabled={!canApply}
          onChange={onCheck}
        />
        <span className={`badge ${tone(p.action)}`} data-testid={`plan-action-${p.name}`}>
          {ACTION_LABELS[p.action]}
        </span>
        <strong>{p.name}</strong>
        {p.source && <code className="muted">{p.source}</code>}
        {p.changes.length > 0 && (
          <span className="muted">
            {p.changes.length} change{p.changes.length === 1 ? "" : "s"}
          </span>
        )}
        {progress && <span className="muted">({progress})</span>}
        {detail && (
          <button type="button" className="link" data-testid={`plan-expand-${p.name}`} onClick={onExpand}>
            {expanded ? "Hide details" : "Show details"}
          </button>
        )}
      </div>
      {p.action === "drifted" && (
        <div className="drift" data-testid={`drift-${p.name}`}>
          <p>{driftText(p)} The changes below show the remote as it is now against the design.</p>
          <div className="drift-choices" role="radiogroup" aria-label={`What to do with ${p.name}`}>
            {(
              [
                ["skip", "Leave it"],
                ["pull", "Pull remote into the design"],
                ["overwrite", "Overwrite the remote"],
              ] as const
            ).map(([c, label]) => (
              <label key={c}>
                <input
                  type="radio"
                  name={`drift-${p.name}`}
                  data-testid={`drift-${c}-${p.name}`}
                  checked={(choice ?? "skip") === c}
                  onChange={() => onChoice(c)}
                />
                {label}
              </label>
            ))}
          </div>
        </div>
      )}
      {p.action === "other-pipeline" && (
        <div className="drift" data-testid={`other-pipeline-${p.name}`}>
          <p>
            {p.binding ? `${p.binding.reason[0].toUpperCase()}${p.binding.reason.slice(1)}.` : ""} Apply
            leaves it alone unless you choose to send the design to this pipeline.
          </p>
          <label>
            <input
              type="checkbox"
              data-testid={`drift-overwrite-${p.name}`}
              checked={choice === "overwrite"}
              onChange={(e) => onChoice(e.target.checked ? "overwrite" : "skip")}
            />
            Send the design to this pipeline (it is bound to it afterwards)
          </label>
        </div>
      )}
      <Around p={p} />
      {p.action === "remote-only" && seen && <DeleteRemote name={p.name} seen={seen} />}
      {(expanded || p.action === "drifted") && detail && <Diff changes={p.changes} errors={p} />}
    </li>
  );
}

/** What makes the pipeline start (EventBridge rules, their role, webhooks), what apply does to
 * each, what Pipewright does not make (notes), and what only the remote could tell (warnings). */
function Around({ p }: { p: PipelinePlan }) {
  const around = p.around ?? [];
  const notes = p.notes ?? [];
  const warnings = p.warnings ?? [];
  if (around.length === 0 && notes.length === 0 && warnings.length === 0) return null;
  return (
    <div className="around" data-testid={`around-${p.name}`}>
      {around.length > 0 && (
        <>
          <h4>
            Around the pipeline <span className="muted">{aroundCount(around)}</span>
          </h4>
          <ul>
            {around.map((a) => (
              <li
                key={`${a.kind}-${a.name}-${a.pointer}`}
                data-testid={`around-${p.name}-${a.kind}-${a.name}`}
              >
                <span className={`badge ${aroundTone(a.op)}`}>{AROUND_OPS[a.op]}</span> {AROUND_KINDS[a.kind]}{" "}
                <code>{a.name}</code>
                {a.summary && <span className="muted"> — {a.summary}</span>}
                {a.differences.length > 0 && (
                  <ul className="around-differences">
                    {a.differences.map((d) => (
                      <li key={d}>{d}</li>
                    ))}
                  </ul>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
      {notes.map((n) => (
        <p key={`${n.pointer}${n.message}`} className="around-note" data-testid={`around-note-${p.name}`}>
          Note: {n.message} {n.pointer && <code className="muted">{n.pointer}</code>}
        </p>
      ))}
      {warnings.map((w) => (
        <p key={`${w.code}${w.pointer}`} className="around-warning" data-testid={`plan-warning-${p.name}`}>
          {w.code}: {w.message}
        </p>
      ))}
    </div>
  );
}

function Diff({ changes, errors }: { changes: Change[]; errors: PipelinePlan }) {
  return (
    <div className="diff" data-testid={`diff-${errors.name}`}>
      {planErrors(errors).map((d) => (
        <p key={`${d.code}${d.pointer}`} className="sync-error">
          {d.code} <code>{d.pointer}</code>: {d.message}
        </p>
      ))}
      {groupChanges(changes).map((g) => (
        <div key={g.group} className="diff-group">
          <h4>{g.group}</h4>
          <ul>
            {g.changes.map((c) => (
              <li key={`${c.op}${c.pointer}`} className={`diff-${c.op}`}>
                <span className="diff-op">{c.op}</span> {c.phrase}
                {(c.before !== undefined || c.after !== undefined) && (
                  <div className="diff-values">
                    <code className="before">{formatValue(c.before)}</code> →{" "}
                    <code className="after">{formatValue(c.after)}</code>
                  </div>
                )}
                <code className="pointer muted">{c.pointer}</code>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </div>
  );
}

function DeleteRemote({ name, seen, onDeleted }: { name: string; seen: Seen; onDeleted?: () => void }) {
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState("");
  const [status, setStatus] = useState<string | null>(null);
  const [removed, setRemoved] = useState<AroundResult[]>([]);
  if (status === "deleted")
    return (
      <div className="muted" data-testid={`deleted-${name}`}>
        Deleted from the remote.
        {removed.length > 0 && (
          <ul>
            {deletedAround(removed).map((line) => (
              <li key={line} className={line.includes("was not deleted") ? "sync-error" : undefined}>
                {line}
              </li>
            ))}
          </ul>
        )}
      </div>
    );
  if (!open)
    return (
      <button
        type="button"
        className="danger link"
        data-testid={`delete-remote-${name}`}
        onClick={() => setOpen(true)}
      >
        Delete remote…
      </button>
    );
  return (
    <div className="inline-confirm" data-testid={`delete-remote-confirm-${name}`}>
      <span>
        This deletes pipeline <strong>{name}</strong> from CodePipeline. Type its name to confirm:
      </span>
      <input
        data-testid={`delete-remote-input-${name}`}
        value={typed}
        onChange={(e) => setTyped(e.target.value)}
      />
      <button
        type="button"
        className="danger"
        data-testid={`delete-remote-go-${name}`}
        disabled={!canConfirmDelete(name, typed)}
        onClick={() =>
          api
            .deleteRemotePipeline(name, typed, seen)
            .then((around) => {
              setRemoved(around ?? []);
              setStatus("deleted");
              onDeleted?.();
            })
            .catch((e) => setStatus(errorMessage(e)))
        }
      >
        Delete
      </button>
      <button type="button" onClick={() => setOpen(false)}>
        Cancel
      </button>
      {status && status !== "deleted" && <p className="sync-error">{status}</p>}
    </div>
  );
}

function ImportPanel() {
  const active = useConnection((s) => s.active);
  const [remote, setRemote] = useState<RemotePipeline[] | null>(null);
  // The connection the list was made on: a delete from it names that one, and switching drops it.
  const [listedOn, setListedOn] = useState<Seen | null>(null);
  useEffect(() => {
    if (
      listedOn &&
      (!active ||
        seenOf(active).connectionId !== listedOn.connectionId ||
        active.region !== listedOn.region ||
        active.name !== listedOn.connection)
    ) {
      setRemote(null);
      setListedOn(null);
    }
  }, [active, listedOn]);
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const [folder, setFolder] = useState<string | null>(null);
  const [format, setFormat] = useState<Format>("json");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ImportResults | null>(null);
  const list = () => {
    setError(null);
    setBusy(true);
    const on = active ? seenOf(active) : null;
    api
      .remotePipelines()
      .then((r) => {
        setRemote(r);
        setListedOn(on);
        setPicked(new Set());
      })
      .catch((e) => setError(errorMessage(e)))
      .finally(() => setBusy(false));
  };
  const all = remote !== null && remote.length > 0 && picked.size === remote.length;
  const run = () => {
    if (!folder) return;
    setBusy(true);
    setError(null);
    api
      .syncImport({ names: all ? null : [...picked], folder, format })
      .then(setResult)
      .catch((e) => setError(errorMessage(e)))
      .finally(() => setBusy(false));
  };
  return (
    <section className="import" data-testid="import-panel">
      <h3>Import remote pipelines</h3>
      <button type="button" data-testid="import-list" onClick={list} disabled={busy}>
        {remote === null ? "List remote pipelines" : "Refresh"}
      </button>
      {error && (
        <p className="sync-error" role="alert">
          {error}
        </p>
      )}
      {remote && remote.length === 0 && <p className="muted">No pipelines in this account and region.</p>}
      {remote && remote.length > 0 && (
        <>
          <label className="import-all">
            <input
              type="checkbox"
              data-testid="import-all"
              checked={all}
              onChange={() => setPicked(all ? new Set() : new Set(remote.map((r) => r.name)))}
            />
            All {remote.length} pipelines
          </label>
          <ul className="import-list">
            {remote.map((r) => (
              <li key={r.name}>
                <label>
                  <input
                    type="checkbox"
                    data-testid={`import-check-${r.name}`}
                    checked={picked.has(r.name)}
                    onChange={() =>
                      setPicked((s) => {
                        const next = new Set(s);
                        if (next.has(r.name)) next.delete(r.name);
                        else next.add(r.name);
                        return next;
                      })
                    }
                  />
                  {r.name}
                </label>
                <span className="muted">
                  {r.pipelineType ?? ""} {r.version !== null ? `v${r.version}` : ""}
                </span>
                {listedOn && <DeleteRemote name={r.name} seen={listedOn} onDeleted={list} />}
              </li>
            ))}
          </ul>
          <div className="import-bar">
            <button
              type="button"
              data-testid="import-pick-folder"
              onClick={() =>
                dialogs
                  .pickFolder("Folder for the imported designs")
                  .then((f) => f && setFolder(f))
                  .catch((e) => setError(errorMessage(e)))
              }
            >
              {folder ? "Change folder…" : "Choose folder…"}
            </button>
            <code data-testid="import-folder">{folder ?? "no folder"}</code>
            <select aria-label="Format" value={format} onChange={(e) => setFormat(e.target.value as Format)}>
              <option value="json">JSON</option>
              <option value="yaml">YAML</option>
            </select>
            <button
              type="button"
              className="primary"
              data-testid="import-go"
              disabled={!folder || picked.size === 0 || busy}
              onClick={run}
            >
              Import {picked.size}
            </button>
          </div>
        </>
      )}
      {result && (
        <div data-testid="import-result">
          {result.imported.map((i) => (
            <p key={i.name}>
              Imported <strong>{i.name}</strong> to <code>{i.path}</code>
            </p>
          ))}
          {result.failed.map((f) => (
            <p key={f.name} className="sync-error">
              {f.name}: {f.error}
            </p>
          ))}
        </div>
      )}
    </section>
  );
}
