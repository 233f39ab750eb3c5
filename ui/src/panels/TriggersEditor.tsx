// The pipeline's triggers as a form: per trigger its source action, push filters (branches, tags,
// file paths) and pull request filters (events, branches, file paths), each list with includes
// and excludes. Core's validation of triggers shows under the form, live, as for every field.
import type { Diagnostic, GitPullRequestFilter, GitPushFilter, Trigger } from "../backend";
import { useDraft } from "./fields";
import {
  listText,
  newTrigger,
  PULL_REQUEST_EVENTS,
  type PushField,
  parseList,
  replaceTrigger,
  type Side,
  setFilterList,
  setFilters,
  setSource,
  toggleEvent,
  triggerSummary,
} from "./triggers";

const LABELS: Record<PushField, string> = { branches: "Branches", tags: "Tags", filePaths: "File paths" };

function PatternInput({
  testId,
  label,
  value,
  onChange,
}: {
  testId: string;
  label: string;
  value: string[] | undefined;
  onChange: (list: string[]) => void;
}) {
  const [draft, setDraft, focus] = useDraft(listText(value));
  return (
    <input
      aria-label={label}
      data-testid={testId}
      value={draft}
      spellCheck={false}
      autoComplete="off"
      placeholder={label.endsWith("excludes") ? "none" : "any"}
      {...focus}
      onChange={(e) => {
        setDraft(e.target.value);
        onChange(parseList(e.target.value));
      }}
    />
  );
}

/** One filter's criteria rows: each with includes and excludes. */
function Criteria<F extends GitPushFilter | GitPullRequestFilter>({
  testId,
  filter,
  fields,
  onChange,
}: {
  testId: string;
  filter: F;
  fields: PushField[];
  onChange: (f: F) => void;
}) {
  const value = filter as Record<string, { includes?: string[]; excludes?: string[] } | undefined>;
  return (
    <div className="trigger-criteria">
      {fields.map((field) =>
        (["includes", "excludes"] as Side[]).map((side) => (
          <div key={`${field}-${side}`} className="trigger-criteria-row">
            <span aria-hidden="true">
              {LABELS[field]} {side === "includes" ? "to include" : "to exclude"}
            </span>
            <PatternInput
              testId={`${testId}-${field}-${side}`}
              label={`${LABELS[field]} ${side}`}
              value={value[field]?.[side]}
              onChange={(list) => onChange(setFilterList(filter, field, side, list))}
            />
          </div>
        )),
      )}
    </div>
  );
}

function TriggerForm({
  i,
  trigger,
  sources,
  onChange,
}: {
  i: number;
  trigger: Trigger;
  sources: string[];
  onChange: (t: Trigger | undefined) => void;
}) {
  const git = trigger.gitConfiguration ?? { sourceActionName: "" };
  const push = git.push ?? [];
  const pulls = git.pullRequest ?? [];
  const source = git.sourceActionName ?? "";
  const choices = source && !sources.includes(source) ? [...sources, source] : sources;
  const id = `trigger-${i}`;
  return (
    <div className="trigger" data-testid={id}>
      <div className="field-row">
        <select
          aria-label="Source action"
          data-testid={`${id}-source`}
          value={source}
          onChange={(e) => onChange(setSource(trigger, e.target.value))}
        >
          {!source && <option value="">(source action)</option>}
          {choices.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="icon-button"
          title="Remove trigger"
          onClick={() => onChange(undefined)}
        >
          ✕
        </button>
      </div>
      <div className="field-help" data-testid={`${id}-summary`}>
        Starts on {triggerSummary(trigger)}.
      </div>
      {push.map((f, k) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: filters have no identity but their place
        <fieldset key={`push-${k}`} className="trigger-filter">
          <legend>
            Push filter {k + 1}{" "}
            <button
              type="button"
              className="icon-button"
              title="Remove push filter"
              onClick={() =>
                onChange(
                  setFilters(
                    trigger,
                    "push",
                    push.filter((_, j) => j !== k),
                  ),
                )
              }
            >
              ✕
            </button>
          </legend>
          <Criteria
            testId={`${id}-push-${k}`}
            filter={f}
            fields={["branches", "tags", "filePaths"]}
            onChange={(next) =>
              onChange(
                setFilters(
                  trigger,
                  "push",
                  push.map((x, j) => (j === k ? next : x)),
                ),
              )
            }
          />
        </fieldset>
      ))}
      {pulls.map((f, k) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: filters have no identity but their place
        <fieldset key={`pr-${k}`} className="trigger-filter">
          <legend>
            Pull request filter {k + 1}{" "}
            <button
              type="button"
              className="icon-button"
              title="Remove pull request filter"
              onClick={() =>
                onChange(
                  setFilters(
                    trigger,
                    "pullRequest",
                    pulls.filter((_, j) => j !== k),
                  ),
                )
              }
            >
              ✕
            </button>
          </legend>
          <div className="trigger-events">
            {PULL_REQUEST_EVENTS.map((ev) => (
              <label key={ev}>
                <input
                  type="checkbox"
                  data-testid={`${id}-pr-${k}-event-${ev}`}
                  checked={f.events?.includes(ev) ?? false}
                  onChange={(e) =>
                    onChange(
                      setFilters(
                        trigger,
                        "pullRequest",
                        pulls.map((x, j) => (j === k ? toggleEvent(x, ev, e.target.checked) : x)),
                      ),
                    )
                  }
                />
                {ev.toLowerCase()}
              </label>
            ))}
          </div>
          <Criteria
            testId={`${id}-pr-${k}`}
            filter={f}
            fields={["branches", "filePaths"]}
            onChange={(next) =>
              onChange(
                setFilters(
                  trigger,
                  "pullRequest",
                  pulls.map((x, j) => (j === k ? next : x)),
                ),
              )
            }
          />
        </fieldset>
      ))}
      <div className="field-row">
        <button
          type="button"
          className="small-button"
          data-testid={`${id}-add-push`}
          onClick={() =>
            onChange(setFilters(trigger, "push", [...push, { branches: { includes: ["main"] } }]))
          }
        >
          + Push filter
        </button>
        <button
          type="button"
          className="small-button"
          data-testid={`${id}-add-pr`}
          onClick={() =>
            onChange(
              setFilters(trigger, "pullRequest", [
                ...pulls,
                { events: ["OPEN", "UPDATED"], branches: { includes: ["main"] } },
              ]),
            )
          }
        >
          + Pull request filter
        </button>
      </div>
    </div>
  );
}

export function TriggersEditor({
  value,
  sources,
  problems,
  onChange,
}: {
  value: Trigger[] | undefined;
  /** The source actions of the pipeline's first stage. */
  sources: string[];
  problems: Diagnostic[];
  onChange: (triggers: Trigger[] | undefined) => void;
}) {
  const triggers = value ?? [];
  const worst = problems.some((p) => p.severity === "error")
    ? " field-error"
    : problems.length
      ? " field-warning"
      : "";
  return (
    <div
      className={`field triggers${worst}`}
      data-testid="inspector-field-triggers"
      data-field="triggers"
      tabIndex={-1}
    >
      <div className="field-label">Triggers</div>
      <div className="field-help">
        Start the pipeline on a push or a pull request of a connection source (V2), filtered by branches, tags
        and file paths (glob patterns, comma-separated).
      </div>
      {triggers.map((t, i) => (
        <TriggerForm
          // biome-ignore lint/suspicious/noArrayIndexKey: triggers have no identity but their place
          key={i}
          i={i}
          trigger={t}
          sources={sources}
          onChange={(next) => onChange(replaceTrigger(triggers, i, next))}
        />
      ))}
      {sources.length > 0 && (
        <button
          type="button"
          className="small-button"
          data-testid="triggers-add"
          title="Start the pipeline on pushes to main of this source (CodeStar connection sources)"
          onClick={() => onChange([...triggers, newTrigger(sources[0])])}
        >
          + Push trigger for “{sources[0]}”
        </button>
      )}
      {problems.map((p) => (
        <div key={`${p.code}-${p.pointer}-${p.message}`} className={`field-problem ${p.severity}`}>
          {p.message}
        </div>
      ))}
    </div>
  );
}
