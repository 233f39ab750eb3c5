// The run timeline under the pipeline view: one execution's stages and actions as a strip of bars
// on its time axis (like GitLab's pipeline graph), each with its status in words and its
// duration, the attempts of a retried action, the trigger and the source revisions; and a second
// run picked to compare with (revisions, each stage's and action's duration in both, outcome).
// Opened by "Timeline" on a history row. Layout math and the store are in timeline.ts.
import { useEffect, useRef } from "react";
import {
  type Comparison,
  type PipelineDetail,
  type RunSide,
  shownStatus,
  statusLabel,
  statusTone,
} from "../backend";
import { ago, shortId } from "./logic";
import { useControl } from "./store";
import {
  closeTimeline,
  compareSentence,
  compareWith,
  deltaText,
  durationText,
  layout,
  openTimeline,
  pairWidths,
  span,
  ticks,
  triggerText,
  useTimeline,
} from "./timeline";
import { shortRevision } from "./why";
import "./timeline.css";

/** The history row's button that opens its run's timeline. */
export function TimelineButton({ detail, executionId }: { detail: PipelineDetail; executionId: string }) {
  const open = useTimeline(
    (s) => s.executionId === executionId && s.pipeline === detail.view.state.pipelineName,
  );
  return (
    <button
      type="button"
      className="link-button tl-open"
      data-testid={`timeline-open-${executionId}`}
      aria-pressed={open}
      title="Show this run's stages and actions on a time line"
      onClick={(e) => {
        e.stopPropagation();
        void openTimeline(detail.view.state.pipelineName, executionId, detail.seen);
      }}
    >
      Timeline
    </button>
  );
}

function Chip({ status }: { status: string | null }) {
  const shown = shownStatus(status);
  return <span className={`cr-status ${statusTone(shown)}`}>{statusLabel(shown)}</span>;
}

function Side({ side, testid }: { side: RunSide | null; testid?: string }) {
  if (!side) return <span className="muted">Did not run</span>;
  return (
    <span data-testid={testid}>
      <Chip status={side.status} /> {durationText(side.durationMs)}
      {side.attempts > 1 ? <span className="muted small"> · {side.attempts} attempts</span> : null}
    </span>
  );
}

function Bars({ a, b }: { a: RunSide | null; b: RunSide | null }) {
  const [wa, wb] = pairWidths(a?.durationMs, b?.durationMs);
  return (
    <span className="tl-pair" aria-hidden="true">
      <span className="tl-pair-bar a" style={{ width: `${wa}%` }} />
      <span className="tl-pair-bar b" style={{ width: `${wb}%` }} />
    </span>
  );
}

function Compare({ c }: { c: Comparison }) {
  return (
    <section className="tl-compare" aria-label="Comparison" data-testid="timeline-compare">
      <p data-testid="timeline-compare-sentence">{compareSentence(c)}</p>
      {c.revisions.length > 0 && (
        <ul className="tl-revisions">
          {c.revisions.map((r) => (
            <li key={r.source} data-testid={`timeline-compare-revision-${r.source}`}>
              <strong>{r.source}</strong>:{" "}
              <span className="mono">{shortRevision(r.a?.revisionId) || "—"}</span> →{" "}
              <span className="mono">{shortRevision(r.b?.revisionId) || "—"}</span>{" "}
              {r.changed ? (
                <span>changed{r.b?.message ? <span className="muted"> · {r.b.message}</span> : null}</span>
              ) : (
                <span className="muted">same revision</span>
              )}
            </li>
          ))}
        </ul>
      )}
      <table className="tl-compare-table">
        <thead>
          <tr>
            <th scope="col">Stage / action</th>
            <th scope="col">This run ({shortId(c.a.pipelineExecutionId)})</th>
            <th scope="col">Other run ({shortId(c.b.pipelineExecutionId)})</th>
            <th scope="col">Difference</th>
            <th scope="col">
              <span className="sr-only">Durations side by side: </span>
              <span className="tl-key a" aria-hidden="true" /> this run{" "}
              <span className="tl-key b" aria-hidden="true" /> other
            </th>
          </tr>
        </thead>
        <tbody>
          {c.stages.flatMap((s) => [
            <tr key={`s:${s.name}`} className="tl-stage-row" data-testid={`timeline-compare-${s.name}`}>
              <th scope="row">{s.name}</th>
              <td>
                <Side side={s.a} />
              </td>
              <td>
                <Side side={s.b} />
              </td>
              <td className="mono">{deltaText(s.deltaMs)}</td>
              <td>
                <Bars a={s.a} b={s.b} />
              </td>
            </tr>,
            ...s.actions.map((x) => (
              <tr key={`a:${s.name}/${x.name}`} data-testid={`timeline-compare-${s.name}-${x.name}`}>
                <th scope="row" className="tl-action-name">
                  {x.name}
                </th>
                <td>
                  <Side side={x.a} />
                </td>
                <td>
                  <Side side={x.b} />
                </td>
                <td className="mono">{deltaText(x.deltaMs)}</td>
                <td>
                  <Bars a={x.a} b={x.b} />
                </td>
              </tr>
            )),
          ])}
        </tbody>
      </table>
    </section>
  );
}

export function TimelinePanel() {
  const pipeline = useTimeline((s) => s.pipeline);
  const timeline = useTimeline((s) => s.timeline);
  const comparison = useTimeline((s) => s.comparison);
  const other = useTimeline((s) => s.other);
  const loading = useTimeline((s) => s.loading);
  const error = useTimeline((s) => s.error);
  const executionId = useTimeline((s) => s.executionId);
  const selected = useControl((s) => s.selected);
  const executions = useControl((s) => s.detail?.view.executions ?? []);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (executionId) heading.current?.focus();
  }, [executionId]);
  // Another pipeline opened since: the timeline belongs to the one it was opened on.
  if (!pipeline || !executionId || pipeline !== selected) return null;
  const rows = timeline ? layout(timeline) : [];
  const s = timeline ? span(timeline) : null;
  const axis = s ? ticks(s.end - s.start) : [];
  return (
    <section
      className="tl-panel"
      aria-labelledby="tl-title"
      data-testid="timeline-panel"
      onKeyDown={(e) => {
        if (e.key === "Escape") closeTimeline();
      }}
    >
      <header className="tl-head">
        <h3 id="tl-title" tabIndex={-1} ref={heading}>
          Timeline of run {shortId(executionId)}
        </h3>
        <button type="button" className="icon-button" data-testid="timeline-close" onClick={closeTimeline}>
          Close
        </button>
      </header>
      {error && (
        <div className="cr-error" role="alert" data-testid="timeline-error">
          {error}
        </div>
      )}
      {loading && !timeline && <div className="muted">Reading the run…</div>}
      {timeline && (
        <>
          <dl className="tl-facts" data-testid="timeline-facts">
            <div>
              <dt>Outcome</dt>
              <dd>
                <Chip status={timeline.status} />
                {timeline.statusSummary ? <span className="small"> {timeline.statusSummary}</span> : null}
              </dd>
            </div>
            <div>
              <dt>Started</dt>
              <dd title={timeline.startTime ?? ""}>{ago(timeline.startTime) || "—"}</dd>
            </div>
            <div>
              <dt>{timeline.endTime ? "Took" : "Running for"}</dt>
              <dd data-testid="timeline-duration">{durationText(timeline.durationMs)}</dd>
            </div>
            <div>
              <dt>Trigger</dt>
              <dd data-testid="timeline-trigger">{triggerText(timeline)}</dd>
            </div>
            {timeline.revisions.map((r) => (
              <div key={r.source}>
                <dt>{timeline.revisions.length > 1 ? `Revision · ${r.source}` : "Revision"}</dt>
                <dd data-testid={`timeline-revision-${r.source}`}>
                  <span className="mono">{shortRevision(r.revisionId) || "—"}</span>
                  {r.message ? ` ${r.message}` : ""}
                </dd>
              </div>
            ))}
          </dl>
          <table className="tl-strip" data-testid="timeline-strip">
            <caption className="sr-only">
              Stages and actions of run {shortId(executionId)}, with status, duration and when each ran
            </caption>
            <thead>
              <tr>
                <th scope="col">Stage / action</th>
                <th scope="col">Status</th>
                <th scope="col">Duration</th>
                <th scope="col" className="tl-axis-cell">
                  <span className="sr-only">When it ran</span>
                  <span className="tl-axis" aria-hidden="true">
                    {axis.map((t) => (
                      <span key={t.left} className="tl-tick" style={{ left: `${t.left}%` }}>
                        {t.label}
                      </span>
                    ))}
                  </span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr
                  key={r.key}
                  className={r.kind === "stage" ? "tl-stage-row" : "tl-action-row"}
                  data-testid={`timeline-row-${r.kind === "stage" ? r.name : `${r.stage}-${r.name}`}`}
                >
                  <th scope="row" className={r.kind === "action" ? "tl-action-name" : undefined}>
                    {r.name}
                  </th>
                  <td>
                    {r.status === "NotRun" ? (
                      <span className="muted">Did not run</span>
                    ) : (
                      <span className={`cr-status ${statusTone(r.status)}`}>{statusLabel(r.status)}</span>
                    )}
                    {r.attempts > 1 ? <span className="muted small"> · {r.attempts} attempts</span> : null}
                  </td>
                  <td className="mono">{r.duration}</td>
                  <td className="tl-track">
                    {axis.map((t) => (
                      <span
                        key={t.left}
                        className="tl-grid"
                        style={{ left: `${t.left}%` }}
                        aria-hidden="true"
                      />
                    ))}
                    {r.bar && (
                      <span
                        className={`tl-bar ${statusTone(r.status)}${r.running ? " running" : ""}${
                          r.kind === "stage" ? " stage" : ""
                        }`}
                        style={{ left: `${r.bar.left}%`, width: `${r.bar.width}%` }}
                        aria-hidden="true"
                      />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="tl-compare-pick">
            <label>
              Compare with{" "}
              <select
                data-testid="timeline-compare-with"
                value={other ?? ""}
                onChange={(e) => void compareWith(e.target.value || null)}
              >
                <option value="">another run…</option>
                {executions
                  .filter((x) => x.pipelineExecutionId !== executionId)
                  .map((x) => (
                    <option key={x.pipelineExecutionId} value={x.pipelineExecutionId}>
                      {shortId(x.pipelineExecutionId)} · {statusLabel(shownStatus(x.status))}
                      {x.startTime ? ` · ${ago(x.startTime)}` : ""}
                    </option>
                  ))}
              </select>
            </label>
            {loading && other && !comparison && <span className="muted small"> Comparing…</span>}
          </div>
          {comparison && comparison.b.pipelineExecutionId === other && <Compare c={comparison} />}
        </>
      )}
    </section>
  );
}
