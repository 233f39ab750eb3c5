// The inspector: a form for the selected action (from its provider's catalog entry), stage, or
// the pipeline itself. Every change is a model edit; typing in one field is one undo step.
import { useEffect, useMemo, useRef } from "react";
import type { Action, Condition, Diagnostic, Document, Pipeline, Stage } from "../backend";
import { findProvider } from "../model/catalog";
import {
  actionNodeId,
  deleteAction,
  deleteStage,
  moveActionToStage,
  moveStage,
  nodeIds,
  renameAction,
  renameStage,
  resolveNodeId,
  setPipelineField,
  stageNodeId,
  updateAction,
  updateStage,
  upstreamArtifacts,
} from "../model/ops";
import { PIPELINE_NODE, pointerTarget } from "../model/pointer";
import { selectDoc, useDesigner } from "../store";
import { ConditionsEditor } from "./ConditionsEditor";
import { FieldShell, JsonField, SelectField, TextField, useDraft } from "./fields";
import { TriggersEditor } from "./TriggersEditor";
import { VariablesEditor } from "./VariablesEditor";

type Problems = (field: string) => Diagnostic[];

function useProblems(doc: Document, nodeId: string): Problems {
  const diagnostics = useDesigner((s) => s.diagnostics);
  return useMemo(() => {
    const byField = new Map<string, Diagnostic[]>();
    const ids = nodeIds(doc);
    for (const d of diagnostics) {
      const t = pointerTarget(doc, d.pointer, ids);
      if (t.nodeId !== nodeId) continue;
      const key = t.field ?? "";
      byField.set(key, [...(byField.get(key) ?? []), d]);
    }
    return (field: string) => byField.get(field) ?? [];
  }, [diagnostics, doc, nodeId]);
}

/** Set or remove (when empty) an optional field of an object, keeping its other fields. */
function setOptional<T extends object>(obj: T, key: string, value: unknown): T {
  const copy = { ...obj } as Record<string, unknown>;
  if (value === undefined || value === "" || value === null) delete copy[key];
  else copy[key] = value;
  return copy as T;
}

export function Inspector() {
  const doc = useDesigner(selectDoc);
  const selection = useDesigner((s) => s.selection);
  const focus = useDesigner((s) => s.focus);
  const ref = useRef<HTMLElement>(null);

  useEffect(() => {
    if (!focus || !ref.current) return;
    const name = CSS.escape(focus.field);
    // An exact field, else the first of its parts (`artifactStore` -> `artifactStore.type`).
    const el =
      ref.current.querySelector<HTMLElement>(`[data-field="${name}"]`) ??
      ref.current.querySelector<HTMLElement>(`[data-field^="${name}."]`);
    if (el) {
      el.focus();
      el.scrollIntoView({ block: "center" });
    }
  }, [focus]);

  if (!doc) return null;
  const sel = resolveNodeId(doc, selection);
  return (
    <aside className="inspector" data-testid="inspector" ref={ref} aria-label="Inspector" data-region>
      {sel.kind === "action" && <ActionInspector doc={doc} si={sel.stage} ai={sel.action} />}
      {sel.kind === "stage" && <StageInspector doc={doc} si={sel.stage} />}
      {sel.kind === "pipeline" && <PipelineInspector doc={doc} />}
    </aside>
  );
}

function ActionInspector({ doc, si, ai }: { doc: Document; si: number; ai: number }) {
  const edit = useDesigner((s) => s.edit);
  const catalog = useDesigner((s) => s.catalog);
  const stage = doc.pipeline.stages[si];
  const action = stage.actions[ai];
  const nodeId = nodeIds(doc).actions[si][ai];
  const problems = useProblems(doc, nodeId);
  const provider = findProvider(catalog, action.actionTypeId ?? { category: "", provider: "" });
  const update = (f: (a: Action) => Action, field: string) =>
    edit((d) => updateAction(d, si, ai, f), { coalesce: `${si}/${ai}/${field}` });
  const config = action.configuration ?? {};
  const setConfig = (key: string, value: string) =>
    update((a) => ({ ...a, configuration: setOptional(a.configuration ?? {}, key, value) }), `config:${key}`);
  const known = new Set(provider?.configKeys.map((k) => k.name) ?? []);
  const extraKeys = Object.keys(config).filter((k) => !known.has(k));
  const upstream = upstreamArtifacts(doc, si, ai);
  const inputs = (action.inputArtifacts ?? []).map((i) => i.name);
  const inputChoices = [...new Set([...upstream, ...inputs])];
  const outputs = (action.outputArtifacts ?? []).map((o) => o.name).join(", ");
  const type = action.actionTypeId;

  return (
    <div className="inspector-body">
      <div className="inspector-kind">Action in stage “{stage.name}”</div>
      <h2 className="inspector-title">{action.name || "(unnamed action)"}</h2>
      <div className="provider-card">
        <strong>{provider?.displayName ?? type?.provider}</strong>
        <span className="muted">
          {type?.category} · {type?.owner} · {type?.provider} · v{type?.version}
        </span>
        {provider?.description && <p>{provider.description}</p>}
        {!provider && catalog && <p className="warning-text">This provider is not in the catalog.</p>}
        {problems("provider").map((p) => (
          <div key={p.code + p.message} className={`field-problem ${p.severity}`}>
            {p.message}
          </div>
        ))}
      </div>
      <TextField
        field="name"
        label="Name"
        required
        value={action.name}
        problems={problems("name")}
        onChange={(v) =>
          edit((d) => renameAction(d, si, ai, v), {
            coalesce: `${si}/${ai}/name`,
            // The renamed node's id in the new document (distinct even while the name is taken twice).
            select: (next) => nodeIds(next).actions[si]?.[ai] ?? null,
          })
        }
      />
      <TextField
        field="runOrder"
        label="Run order"
        type="number"
        help="Actions with the same run order run in parallel; higher numbers run later."
        value={action.runOrder === undefined || action.runOrder === null ? "" : String(action.runOrder)}
        problems={problems("runOrder")}
        onChange={(v) =>
          update((a) => setOptional(a, "runOrder", v === "" ? undefined : Number.parseInt(v, 10)), "runOrder")
        }
      />
      <FieldShell
        field="stage"
        label="Stage"
        help="Moving the action to another stage makes it run after that stage's actions (Alt+↑ / Alt+↓ on the canvas)."
      >
        <select
          id="field-stage"
          data-testid="inspector-field-stage"
          data-field="stage"
          value={si}
          onChange={(e) => {
            const to = Number(e.target.value);
            const target = doc.pipeline.stages[to];
            if (!target || to === si) return;
            const moved = moveActionToStage(doc, si, ai, to);
            edit(() => moved.doc, { select: actionNodeId(target.name, moved.name) });
          }}
        >
          {doc.pipeline.stages.map((s, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: stages are told apart by their place
            <option key={i} value={i}>
              {i + 1}. {s.name || "(unnamed stage)"}
            </option>
          ))}
        </select>
      </FieldShell>
      <div className="section-title">Configuration</div>
      {provider?.configKeys.map((k) =>
        k.choices.length > 0 ? (
          <SelectField
            key={k.name}
            field={k.name}
            label={k.name}
            required={k.required}
            help={k.help}
            choices={k.choices}
            value={config[k.name] ?? ""}
            problems={problems(k.name)}
            onChange={(v) => setConfig(k.name, v)}
          />
        ) : (
          <TextField
            key={k.name}
            field={k.name}
            label={k.name}
            required={k.required}
            help={k.help}
            secret={k.secret}
            placeholder={k.defaultValue ? `Default: ${k.defaultValue}` : undefined}
            value={config[k.name] ?? ""}
            problems={problems(k.name)}
            onChange={(v) => setConfig(k.name, v)}
          />
        ),
      )}
      {extraKeys.map((k) => (
        <TextField
          key={k}
          field={k}
          label={k}
          help="Not a key this provider's catalog entry lists."
          value={config[k] ?? ""}
          problems={problems(k)}
          onChange={(v) => setConfig(k, v)}
        />
      ))}
      {(provider?.configKeys.length ?? 0) + extraKeys.length === 0 && (
        <div className="panel-muted">This provider has no configuration keys.</div>
      )}
      <AddConfigKey onAdd={(k) => setConfig(k, "value")} existing={Object.keys(config)} />
      {type?.category === "Approval" && (
        <TextField
          field="timeoutInMinutes"
          label="Timeout (minutes)"
          type="number"
          help="How long the approval waits: 5 to 86400 minutes (default 7 days)."
          value={action.timeoutInMinutes === undefined ? "" : String(action.timeoutInMinutes)}
          problems={problems("timeoutInMinutes")}
          onChange={(v) =>
            update(
              (a) => setOptional(a, "timeoutInMinutes", v === "" ? undefined : Number.parseInt(v, 10)),
              "timeoutInMinutes",
            )
          }
        />
      )}
      {(type?.category === "Compute" || action.commands !== undefined) && (
        <FieldShell
          field="commands"
          label="Commands"
          help="One shell command per line (Commands action)."
          problems={problems("commands")}
        >
          <CommandsField
            value={action.commands ?? []}
            onChange={(lines) =>
              update((a) => setOptional(a, "commands", lines.length ? lines : undefined), "commands")
            }
          />
        </FieldShell>
      )}
      <div className="section-title">Artifacts</div>
      <FieldShell
        field="inputArtifacts"
        label="Input artifacts"
        help={
          provider
            ? `This provider takes ${provider.inputs.min}–${provider.inputs.max} input artifact(s).`
            : "Pick from what upstream actions produce."
        }
        problems={problems("inputArtifacts")}
      >
        <div
          className="checklist"
          data-testid="inspector-field-inputArtifacts"
          data-field="inputArtifacts"
          tabIndex={-1}
        >
          {inputChoices.length === 0 && (
            <span className="panel-muted">No upstream action produces an artifact.</span>
          )}
          {inputChoices.map((name) => (
            <label key={name} className={upstream.includes(name) ? "" : "warning-text"}>
              <input
                type="checkbox"
                data-testid={`inspector-input-${name}`}
                checked={inputs.includes(name)}
                onChange={(e) =>
                  update((a) => {
                    const current = a.inputArtifacts ?? [];
                    const next = e.target.checked
                      ? [...current, { name }]
                      : current.filter((i) => i.name !== name);
                    return { ...a, inputArtifacts: next };
                  }, "inputArtifacts")
                }
              />
              {name}
              {!upstream.includes(name) && " (not produced upstream)"}
            </label>
          ))}
        </div>
      </FieldShell>
      <TextField
        field="outputArtifacts"
        label="Output artifacts"
        help={
          provider
            ? `Comma-separated; this provider produces ${provider.outputs.min}–${provider.outputs.max}.`
            : "Comma-separated names, unique in the pipeline."
        }
        value={outputs}
        problems={problems("outputArtifacts")}
        onChange={(v) =>
          update((a) => {
            const names = v
              .split(",")
              .map((n) => n.trim())
              .filter(Boolean);
            const old = a.outputArtifacts ?? [];
            // Keep each artifact object (and its unknown fields) at its position.
            const next = names.map((name, i) => (old[i] ? { ...old[i], name } : { name }));
            return setOptional(a, "outputArtifacts", next.length ? next : undefined);
          }, "outputArtifacts")
        }
      />
      <div className="section-title">Placement</div>
      <TextField
        field="region"
        label="Region"
        placeholder="Pipeline's region"
        value={action.region ?? ""}
        problems={problems("region")}
        onChange={(v) => update((a) => setOptional(a, "region", v), "region")}
      />
      <TextField
        field="namespace"
        label="Variable namespace"
        value={action.namespace ?? ""}
        problems={problems("namespace")}
        onChange={(v) => update((a) => setOptional(a, "namespace", v), "namespace")}
      />
      <TextField
        field="roleArn"
        label="Action role ARN"
        value={action.roleArn ?? ""}
        problems={problems("roleArn")}
        onChange={(v) => update((a) => setOptional(a, "roleArn", v), "roleArn")}
      />
      <div className="inspector-actions">
        <button
          type="button"
          className="danger"
          data-testid="inspector-delete-action"
          onClick={() => edit((d) => deleteAction(d, si, ai), { select: stageNodeId(stage.name) })}
        >
          Delete action
        </button>
      </div>
    </div>
  );
}

function CommandsField({ value, onChange }: { value: string[]; onChange: (lines: string[]) => void }) {
  const [draft, setDraft, focus] = useDraft(value.join("\n"));
  return (
    <textarea
      id="field-commands"
      data-testid="inspector-field-commands"
      data-field="commands"
      className="json-field"
      rows={Math.min(10, Math.max(3, draft.split("\n").length))}
      spellCheck={false}
      value={draft}
      {...focus}
      onChange={(e) => {
        setDraft(e.target.value);
        onChange(e.target.value.split("\n").filter((l) => l.trim() !== ""));
      }}
    />
  );
}

function AddConfigKey({ onAdd, existing }: { onAdd: (key: string) => void; existing: string[] }) {
  const input = useRef<HTMLInputElement>(null);
  const add = () => {
    const key = input.current?.value.trim();
    if (!key || existing.includes(key)) return;
    onAdd(key);
    if (input.current) input.current.value = "";
  };
  return (
    <div className="field-row add-key">
      <input
        ref={input}
        placeholder="Other configuration key"
        onKeyDown={(e) => e.key === "Enter" && add()}
      />
      <button type="button" onClick={add}>
        Add key
      </button>
    </div>
  );
}

const FAILURE_RESULTS = ["ROLLBACK", "FAIL", "RETRY", "SKIP"];
const RETRY_MODES = ["FAILED_ACTIONS", "ALL_ACTIONS"];

function StageInspector({ doc, si }: { doc: Document; si: number }) {
  const edit = useDesigner((s) => s.edit);
  const stage = doc.pipeline.stages[si];
  const problems = useProblems(doc, nodeIds(doc).stages[si]);
  const update = (f: (s: Stage) => Stage, field: string) =>
    edit((d) => updateStage(d, si, f), { coalesce: `stage/${si}/${field}` });
  const onFailure = (stage.onFailure ?? {}) as Record<string, unknown>;
  const retry = (onFailure.retryConfiguration ?? {}) as Record<string, unknown>;
  const setFailure = (key: string, value: unknown) =>
    update((s) => {
      const next = setOptional((s.onFailure ?? {}) as Record<string, unknown>, key, value);
      return setOptional(s, "onFailure", Object.keys(next).length ? next : undefined);
    }, `onFailure.${key}`);
  const count = doc.pipeline.stages.length;
  return (
    <div className="inspector-body">
      <div className="inspector-kind">
        Stage {si + 1} of {count}
      </div>
      <h2 className="inspector-title">{stage.name || "(unnamed stage)"}</h2>
      {problems("").map((p) => (
        <div key={p.code + p.message} className={`field-problem ${p.severity}`}>
          {p.message}
        </div>
      ))}
      <TextField
        field="name"
        label="Name"
        required
        value={stage.name}
        problems={problems("name")}
        onChange={(v) =>
          edit((d) => renameStage(d, si, v), {
            coalesce: `stage/${si}/name`,
            select: (next) => nodeIds(next).stages[si] ?? null,
          })
        }
      />
      <div className="inspector-actions">
        <button
          type="button"
          disabled={si === 0}
          data-testid="stage-move-left"
          onClick={() => edit((d) => moveStage(d, si, si - 1))}
        >
          ◀ Move left
        </button>
        <button
          type="button"
          disabled={si === count - 1}
          data-testid="stage-move-right"
          onClick={() => edit((d) => moveStage(d, si, si + 1))}
        >
          Move right ▶
        </button>
      </div>
      <div className="section-title">On failure</div>
      <SelectField
        field="onFailure.result"
        label="Result"
        choices={FAILURE_RESULTS}
        value={typeof onFailure.result === "string" ? onFailure.result : ""}
        problems={problems("onFailure")}
        onChange={(v) => setFailure("result", v)}
      />
      <SelectField
        field="onFailure.retryMode"
        label="Retry mode"
        help="With result RETRY: retry the failed actions only, or the whole stage."
        choices={RETRY_MODES}
        value={typeof retry.retryMode === "string" ? retry.retryMode : ""}
        onChange={(v) => setFailure("retryConfiguration", v ? { ...retry, retryMode: v } : undefined)}
      />
      <ConditionsEditor
        field="onFailure.conditions"
        label="On-failure conditions"
        help="Roll back (or fail) when the stage fails and the rules match. Not with automatic retry."
        results={["ROLLBACK", "FAIL", "RETRY", "SKIP"]}
        value={onFailure.conditions as Condition[] | undefined}
        pointer={`/pipeline/stages/${si}/onFailure/conditions`}
        onChange={(v) => setFailure("conditions", v)}
      />
      <div className="section-title">Conditions</div>
      <ConditionsEditor
        field="beforeEntry"
        label="Before entry"
        help="Checked before the stage starts: FAIL or SKIP the stage when the rules do not pass."
        results={["FAIL", "SKIP"]}
        value={stage.beforeEntry?.conditions}
        pointer={`/pipeline/stages/${si}/beforeEntry/conditions`}
        onChange={(v) =>
          update(
            (s) => setOptional(s, "beforeEntry", v ? { ...s.beforeEntry, conditions: v } : undefined),
            "beforeEntry",
          )
        }
      />
      <ConditionsEditor
        field="onSuccess"
        label="On success"
        help="Checked after the stage succeeds: ROLLBACK or FAIL when the rules do not pass."
        results={["ROLLBACK", "FAIL"]}
        value={stage.onSuccess?.conditions}
        pointer={`/pipeline/stages/${si}/onSuccess/conditions`}
        onChange={(v) =>
          update(
            (s) => setOptional(s, "onSuccess", v ? { ...s.onSuccess, conditions: v } : undefined),
            "onSuccess",
          )
        }
      />
      {problems("beforeEntry")
        .concat(problems("onSuccess"))
        // Problems of a rule show under the rule.
        .filter((p) => !/\/conditions\/\d+\/rules\/\d+/.test(p.pointer))
        .map((p) => (
          <div key={p.code + p.pointer} className={`field-problem ${p.severity}`}>
            {p.message}
          </div>
        ))}
      <div className="inspector-actions">
        <button
          type="button"
          className="danger"
          data-testid="inspector-delete-stage"
          onClick={() => edit((d) => deleteStage(d, si), { select: null })}
        >
          Delete stage
        </button>
      </div>
    </div>
  );
}

function PipelineInspector({ doc }: { doc: Document }) {
  const edit = useDesigner((s) => s.edit);
  const problems = useProblems(doc, PIPELINE_NODE);
  const p = doc.pipeline;
  const update = (f: (p: Pipeline) => Pipeline, field: string) =>
    edit((d) => setPipelineField(d, f), { coalesce: `pipeline/${field}` });
  const store = (p.artifactStore ?? {}) as Record<string, unknown>;
  const sourceActions = (p.stages[0]?.actions ?? [])
    .filter((a) => a.actionTypeId?.category === "Source")
    .map((a) => a.name);
  const setStore = (key: string, value: string) =>
    update((pl) => {
      const next = setOptional((pl.artifactStore ?? {}) as Record<string, unknown>, key, value);
      return setOptional(pl, "artifactStore", Object.keys(next).length ? next : undefined);
    }, `artifactStore.${key}`);
  return (
    <div className="inspector-body">
      <div className="inspector-kind">Pipeline</div>
      <h2 className="inspector-title">{p.name || "(unnamed pipeline)"}</h2>
      <p className="panel-muted">Select a stage or an action on the canvas to edit it.</p>
      {doc.pipewright?.notes?.pipeline && (
        <p className="design-note" data-testid="pipeline-note">
          {doc.pipewright.notes.pipeline}
        </p>
      )}
      <TextField
        field="name"
        label="Pipeline name"
        required
        value={p.name}
        problems={problems("name")}
        onChange={(v) => update((pl) => ({ ...pl, name: v }), "name")}
      />
      <TextField
        field="roleArn"
        label="Service role ARN"
        required
        placeholder="arn:aws:iam::123456789012:role/..."
        value={p.roleArn ?? ""}
        problems={problems("roleArn")}
        onChange={(v) => update((pl) => ({ ...pl, roleArn: v }), "roleArn")}
      />
      <SelectField
        field="artifactStore.type"
        label="Artifact store type"
        choices={["S3"]}
        value={typeof store.type === "string" ? store.type : ""}
        problems={problems("artifactStore")}
        onChange={(v) => setStore("type", v)}
      />
      <TextField
        field="artifactStore.location"
        label="Artifact store bucket"
        value={typeof store.location === "string" ? store.location : ""}
        onChange={(v) => setStore("location", v)}
      />
      <SelectField
        field="pipelineType"
        label="Pipeline type"
        choices={["V1", "V2"]}
        value={p.pipelineType ?? ""}
        problems={problems("pipelineType")}
        onChange={(v) => update((pl) => setOptional(pl, "pipelineType", v), "pipelineType")}
      />
      <SelectField
        field="executionMode"
        label="Execution mode"
        choices={["SUPERSEDED", "QUEUED", "PARALLEL"]}
        emptyLabel="(default: SUPERSEDED)"
        value={p.executionMode ?? ""}
        problems={problems("executionMode")}
        onChange={(v) => update((pl) => setOptional(pl, "executionMode", v), "executionMode")}
      />
      <VariablesEditor
        value={p.variables}
        onChange={(v) => update((pl) => setOptional(pl, "variables", v), "variables")}
      />
      {problems("variables").map((d) => (
        <div key={d.code + d.pointer} className={`field-problem ${d.severity}`}>
          {d.message}
        </div>
      ))}
      <TriggersEditor
        value={p.triggers}
        sources={sourceActions}
        problems={problems("triggers")}
        onChange={(v) => update((pl) => setOptional(pl, "triggers", v), "triggers")}
      />
      <JsonField
        field="tags"
        label="Tags (JSON)"
        help='[{"key": "team", "value": "platform"}]'
        value={doc.tags}
        onChange={(v) => edit((d) => setOptional(d, "tags", v), { coalesce: "tags" })}
      />
    </div>
  );
}
