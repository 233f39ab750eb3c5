// The "why it failed" panel beside the pipeline view: the failed action, what the service that ran
// it says (CodeBuild's failed phase and the build log around the first error and its tail,
// CloudFormation's first failed resource, CodeDeploy's failed lifecycle event), the source
// revision, console links, and the sentences of what could not be read (the rest still shows).
// Opened by "Why it failed" on a failed action, or by "Show why" on a failure notification.
import { useEffect, useRef } from "react";
import {
  type BuildLog,
  type FailedAction,
  humanWord,
  type LogLine,
  type RevisionInfo,
  type TestReports,
} from "../backend";
import { LogViewer, StyledLine } from "./LogViewer";
import { isWebLink } from "./logic";
import { openLink, useControl } from "./store";
import {
  closeWhy,
  filterLines,
  logSections,
  matchCount,
  setWhyQuery,
  shortRevision,
  showFullLog,
  useWhy,
} from "./why";

function Lines({
  lines,
  query,
  firstError,
  label,
}: {
  lines: LogLine[];
  query: string;
  firstError: number | null;
  label: string;
}) {
  const shown = filterLines(lines, query);
  if (lines.length === 0) return null;
  return (
    <section className="why-log-section" aria-label={label}>
      <h4>{label}</h4>
      {shown.length === 0 ? (
        <div className="muted small">No line here contains “{query.trim()}”.</div>
      ) : (
        <pre className="why-log" data-testid={`why-lines-${label === "Tail" ? "tail" : "around"}`}>
          {shown.map((l) => (
            <div key={l.number} className={`why-line${l.number === firstError ? " first-error" : ""}`}>
              <span className="why-no" aria-hidden="true">
                {l.number}
              </span>
              <span className="why-text">
                <StyledLine line={l} query={query} />
              </span>
            </div>
          ))}
        </pre>
      )}
    </section>
  );
}

function Link({ url, label, testid }: { url: string | null | undefined; label: string; testid?: string }) {
  if (!isWebLink(url)) return null;
  return (
    <button
      type="button"
      className="link-button"
      title={url}
      data-testid={testid}
      onClick={() => void openLink(url)}
    >
      {label} ↗
    </button>
  );
}

function Cause({ failed, query }: { failed: FailedAction; query: string }) {
  const cause = failed.cause;
  switch (cause.service) {
    case "codeBuild": {
      const phase = cause.failedPhase;
      const log = cause.log;
      return (
        <section className="why-cause" aria-label="CodeBuild">
          <h3>CodeBuild</h3>
          <div className="small muted">
            build {cause.buildId}
            {cause.buildStatus ? ` · ${humanWord(cause.buildStatus)}` : ""}
          </div>
          {phase && (
            <div className="why-phase" data-testid="why-phase">
              Failed in <strong>{phase.phase}</strong>
              {phase.statusCode ? ` (${phase.statusCode})` : ""}
              {phase.message && <div className="why-message">{phase.message}</div>}
            </div>
          )}
          {cause.tests && <TestsView tests={cause.tests} />}
          {log && <BuildLogView log={log} query={query} />}
        </section>
      );
    }
    case "cloudFormation": {
      const first = cause.firstFailed;
      return (
        <section className="why-cause" aria-label="CloudFormation">
          <h3>CloudFormation</h3>
          <div className="small muted">
            stack {cause.stack}
            {cause.stackStatus ? ` · ${humanWord(cause.stackStatus)}` : ""}
          </div>
          {first ? (
            <div className="why-phase" data-testid="why-stack-resource">
              First failed resource <strong>{first.logicalResourceId}</strong>
              {first.resourceType ? ` (${first.resourceType})` : ""}: {humanWord(first.status)}
              {first.reason && <div className="why-message">{first.reason}</div>}
            </div>
          ) : (
            <div className="muted small">No resource failed in the stack's last operation.</div>
          )}
        </section>
      );
    }
    case "codeDeploy": {
      const event = cause.failedEvent;
      return (
        <section className="why-cause" aria-label="CodeDeploy">
          <h3>CodeDeploy</h3>
          <div className="small muted">
            deployment {cause.deploymentId}
            {cause.status ? ` · ${humanWord(cause.status)}` : ""}
          </div>
          {(cause.errorCode || cause.errorMessage) && (
            <div className="why-message">
              {cause.errorCode ? <strong>{cause.errorCode}</strong> : null}
              {cause.errorCode && cause.errorMessage ? ": " : ""}
              {cause.errorMessage}
            </div>
          )}
          {event && (
            <div className="why-phase" data-testid="why-lifecycle-event">
              Failed lifecycle event <strong>{event.event}</strong>
              {cause.failedTarget ? ` on ${cause.failedTarget}` : ""}
              {event.errorCode ? ` (${event.errorCode})` : ""}
              {event.scriptName ? ` in ${event.scriptName}` : ""}
              {event.message && <div className="why-message">{event.message}</div>}
              {event.logTail && <pre className="why-log">{event.logTail}</pre>}
            </div>
          )}
        </section>
      );
    }
    default:
      return null;
  }
}

function TestsView({ tests }: { tests: TestReports }) {
  return (
    <section className="why-tests" aria-label="Test reports" data-testid="why-tests">
      <h4>Test reports</h4>
      <ul className="why-reports">
        {tests.reports.map((r) => (
          <li key={r.arn}>
            <strong>{r.name}</strong>: {r.failed} of {r.total} tests failed
          </li>
        ))}
      </ul>
      {tests.failed.length > 0 && (
        <ul className="why-failed-tests" data-testid="why-failed-tests">
          {tests.failed.map((t) => (
            <li key={`${t.report}/${t.prefix ?? ""}/${t.name}`}>
              <code>{t.prefix ? `${t.prefix}.${t.name}` : t.name}</code>
              {t.message && <div className="why-message small">{t.message.split("\n")[0]}</div>}
            </li>
          ))}
          {tests.more && <li className="muted small">More failed: see the reports in CodeBuild.</li>}
        </ul>
      )}
    </section>
  );
}

function BuildLogView({ log, query }: { log: BuildLog; query: string }) {
  const why = useWhy((s) => s.why);
  const seen = useWhy((s) => s.seen);
  const full = useWhy((s) => s.fullLog);
  const { around, tail, firstError } = logSections(why);
  const count = matchCount(why, query);
  return (
    <div className="why-build-log">
      <div className="why-log-head">
        <span className="small muted" title={`${log.group} ${log.stream}`}>
          log {log.group} · {log.lineCount} lines{log.complete ? "" : " (the first ones)"}
        </span>
        <Link url={log.deepLink} label="Full log" testid="why-log-link" />
      </div>
      <label className="why-search">
        <span>Search the lines</span>
        <input
          type="search"
          value={query}
          data-testid="why-search"
          placeholder="e.g. ERR!"
          onChange={(e) => setWhyQuery(e.target.value)}
        />
        {count !== null && (
          <span className="small muted" data-testid="why-matches" aria-live="polite">
            {count === 1 ? "1 line" : `${count} lines`}
          </span>
        )}
      </label>
      <Lines lines={around} query={query} firstError={firstError} label="Around the first error" />
      <Lines lines={tail} query={query} firstError={firstError} label="Tail" />
      {seen && (
        <button
          type="button"
          className="link-button"
          data-testid="why-log-open"
          aria-expanded={full}
          onClick={() => showFullLog(!full)}
        >
          {full ? "Hide the whole log" : "Show the whole log"}
        </button>
      )}
      {seen && full && (
        <LogViewer
          group={log.group}
          stream={log.stream}
          total={log.complete ? log.lineCount : null}
          seen={seen}
        />
      )}
    </div>
  );
}

function Revision({ r }: { r: RevisionInfo }) {
  return (
    <li data-testid={`why-revision-${r.actionName}`}>
      <span className="muted">{r.actionName}</span>{" "}
      <code title={r.revisionId ?? ""}>{shortRevision(r.revisionId)}</code>
      {r.message ? <> {r.message}</> : null}
      {r.author ? (
        <span className="muted">
          {" "}
          by {r.author}
          {r.authorEmail ? ` <${r.authorEmail}>` : ""}
        </span>
      ) : null}{" "}
      <Link url={r.url} label="Commit" />
    </li>
  );
}

export function WhyPanel() {
  const target = useWhy((s) => s.target);
  const why = useWhy((s) => s.why);
  const error = useWhy((s) => s.error);
  const loading = useWhy((s) => s.loading);
  const query = useWhy((s) => s.query);
  const selected = useControl((s) => s.selected);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (target) heading.current?.focus();
  }, [target]);
  // Another pipeline opened since: the panel belongs to the one it was opened on.
  if (!target || target.pipeline !== selected) return null;
  const failed = why?.failed ?? null;
  return (
    <aside
      className="why-panel"
      aria-labelledby="why-title"
      data-testid="why-panel"
      onKeyDown={(e) => {
        if (e.key === "Escape") closeWhy();
      }}
    >
      <header className="why-head">
        <h2 id="why-title" tabIndex={-1} ref={heading}>
          Why it failed
        </h2>
        <button type="button" className="icon-button" data-testid="why-close" onClick={closeWhy}>
          Close
        </button>
      </header>
      <div className="small muted">
        {target.pipeline}
        {target.stage && target.action ? ` · ${target.stage} › ${target.action}` : ""}
        {why ? ` · run ${why.pipelineExecutionId.slice(0, 8)}` : ""}
      </div>
      {loading && <div className="muted">Asking the services…</div>}
      {error && (
        <div className="cr-error" role="alert" data-testid="why-error">
          {error}
        </div>
      )}
      {why && (
        <>
          <div className="why-headline" data-testid="why-headline">
            {why.headline}
          </div>
          {failed && (
            <section className="why-action" aria-label="The failed action">
              <div>
                <strong>
                  {failed.stage} › {failed.action}
                </strong>
                {failed.provider ? <span className="muted"> · {failed.provider}</span> : null}
              </div>
              {failed.error && (
                <div className="cr-error small" data-testid="why-action-error">
                  <strong>{failed.error.code ?? "Error"}</strong>
                  {failed.error.message ? `: ${failed.error.message}` : ""}
                </div>
              )}
              {failed.summary && <div className="small">{failed.summary}</div>}
              <Cause failed={failed} query={query} />
            </section>
          )}
          {why.notes.length > 0 && (
            <ul className="why-notes" data-testid="why-notes">
              {why.notes.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
          )}
          {why.revisions.length > 0 && (
            <section aria-label="Source revision">
              <h3>Source revision</h3>
              <ul className="why-revisions">
                {why.revisions.map((r) => (
                  <Revision key={r.actionName} r={r} />
                ))}
              </ul>
            </section>
          )}
          <div className="why-links">
            <Link url={failed?.consoleUrl} label="Open the run in the console" testid="why-console" />
            {failed?.consoleUrl !== why.consoleUrl && (
              <Link url={why.consoleUrl} label="The execution in CodePipeline" />
            )}
          </div>
        </>
      )}
    </aside>
  );
}
