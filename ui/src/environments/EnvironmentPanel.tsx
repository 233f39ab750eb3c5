// The environment panel (in the inspector's place while an environment is shown): what this
// environment changes in the base design. Every change is an ordinary, undoable model edit of
// `pipewright.environments` that keeps the fields this UI does not know.

import { useState } from "react";
import type { Document, Environment } from "../backend";
import { useDraft } from "../panels/fields";
import { useDesigner } from "../store";
import {
  addApprovalStage,
  environmentsOf,
  overrideTargets,
  removeEnvironment,
  removeExtraStage,
  setConfigurationOverride,
  setEnvironmentField,
  setEnvironmentVariable,
  targetAction,
} from "./logic";
import { useEnvironmentView } from "./store";

function edit(op: (d: Document) => Document, coalesce: string) {
  useDesigner.getState().edit(op, { coalesce });
}

function DraftInput({
  testId,
  value,
  placeholder,
  onChange,
  label,
}: {
  testId: string;
  value: string;
  placeholder?: string;
  onChange: (v: string) => void;
  label: string;
}) {
  const [draft, setDraft, focus] = useDraft(value);
  return (
    <input
      data-testid={testId}
      aria-label={label}
      value={draft}
      placeholder={placeholder}
      spellCheck={false}
      {...focus}
      onChange={(e) => {
        setDraft(e.target.value);
        onChange(e.target.value);
      }}
    />
  );
}

/** The branch the base design's first source action builds. */
function baseBranch(doc: Document): string | undefined {
  for (const s of doc.pipeline.stages)
    for (const a of s.actions) {
      if (a.actionTypeId?.category !== "Source") continue;
      const c = (a.configuration ?? {}) as Record<string, string | undefined>;
      if (c.BranchName ?? c.Branch) return c.BranchName ?? c.Branch;
    }
  return undefined;
}

function Overrides({ doc, env, environment }: { doc: Document; env: string; environment: Environment }) {
  const targets = overrideTargets(doc);
  const [target, setTarget] = useState(targets[0] ?? "");
  const [key, setKey] = useState("");
  const [value, setValue] = useState("");
  const configured = Object.entries(environment.configuration ?? {});
  const keys = Object.keys((targetAction(doc, target)?.configuration ?? {}) as Record<string, string>);
  return (
    <>
      {configured.length === 0 && (
        <div className="panel-muted">No overrides: every action keeps the base design's configuration.</div>
      )}
      {configured.map(([t, values]) => {
        const action = targetAction(doc, t);
        return (
          <div key={t} className="env-override" data-testid={`env-override-${t}`}>
            <div className="env-override-target">
              {t}
              {!action && <span className="warning-text"> — not an action of the base design</span>}
            </div>
            {Object.entries(values ?? {}).map(([k, v]) => {
              const base = (action?.configuration as Record<string, string> | undefined)?.[k];
              return (
                <div key={k} className="field">
                  <span className="field-label">{k}</span>
                  <div className="field-row">
                    <DraftInput
                      testId={`env-override-${t}-${k}`}
                      label={`${t} ${k} in ${env}`}
                      value={v ?? ""}
                      placeholder={base}
                      onChange={(nv) =>
                        edit((d) => setConfigurationOverride(d, env, t, k, nv), `env:${env}:cfg:${t}:${k}`)
                      }
                    />
                    <button
                      type="button"
                      className="icon-button"
                      aria-label={`Stop overriding ${k}`}
                      title="Stop overriding (the base value applies)"
                      data-testid={`env-override-remove-${t}-${k}`}
                      onClick={() =>
                        edit((d) => setConfigurationOverride(d, env, t, k, null), `env:${env}:rm`)
                      }
                    >
                      ✕
                    </button>
                  </div>
                  {base !== undefined && <div className="field-help">Base: {base}</div>}
                </div>
              );
            })}
          </div>
        );
      })}
      {targets.length > 0 && (
        <form
          className="env-add-override"
          onSubmit={(e) => {
            e.preventDefault();
            if (!target || !key.trim() || !value) return;
            edit((d) => setConfigurationOverride(d, env, target, key.trim(), value), `env:${env}:add`);
            setKey("");
            setValue("");
          }}
        >
          <div className="field-label">Add an override</div>
          <select
            data-testid="env-override-target"
            aria-label="Action"
            value={target}
            onChange={(e) => setTarget(e.target.value)}
          >
            {targets.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
          <input
            data-testid="env-override-key"
            aria-label="Configuration key"
            placeholder="Configuration key"
            list="env-override-keys"
            value={key}
            onChange={(e) => setKey(e.target.value)}
          />
          <datalist id="env-override-keys">
            {keys.map((k) => (
              <option key={k} value={k} />
            ))}
          </datalist>
          <input
            data-testid="env-override-value"
            aria-label="Value"
            placeholder="Value in this environment"
            value={value}
            onChange={(e) => setValue(e.target.value)}
          />
          <button type="submit" data-testid="env-override-add" disabled={!target || !key.trim() || !value}>
            Add override
          </button>
        </form>
      )}
    </>
  );
}

export function EnvironmentPanel({ doc, env }: { doc: Document; env: string }) {
  const environment = environmentsOf(doc)[env] ?? {};
  const variables = doc.pipeline.variables ?? [];
  const extra = environment.extraStages ?? [];
  const show = useEnvironmentView((s) => s.show);
  const stages = doc.pipeline.stages;
  const [approvalBefore, setApprovalBefore] = useState(stages[stages.length - 1]?.name ?? "");
  return (
    <aside
      className="inspector env-panel"
      data-testid="environment-panel"
      aria-label={`Environment ${env}`}
      data-region
    >
      <div className="inspector-body">
        <div className="inspector-kind">Environment</div>
        <h2 className="inspector-title">{env}</h2>
        <div className="panel-muted">
          Renders the pipeline <b>{`${doc.pipeline.name}${environment.nameSuffix ?? ""}`}</b> from the base
          design with the changes below. Empty fields keep the base value.
        </div>

        <div className="section-title">Pipeline</div>
        <div className="field">
          <span className="field-label">Name suffix</span>
          <DraftInput
            testId="env-field-nameSuffix"
            label="Name suffix"
            value={environment.nameSuffix ?? ""}
            placeholder={`-${env}`}
            onChange={(v) =>
              edit((d) => setEnvironmentField(d, env, "nameSuffix", v), `env:${env}:nameSuffix`)
            }
          />
          <div className="field-help">
            {environment.nameSuffix
              ? `Appended to the pipeline name: ${doc.pipeline.name} + ${environment.nameSuffix} = ${doc.pipeline.name}${environment.nameSuffix}.`
              : `No suffix: this environment's pipeline is named ${doc.pipeline.name}, like the base; give each environment its own suffix.`}
          </div>
        </div>
        <div className="field">
          <span className="field-label">Branch</span>
          <DraftInput
            testId="env-field-branch"
            label="Branch"
            value={environment.branch ?? ""}
            placeholder={baseBranch(doc) ?? "main"}
            onChange={(v) => edit((d) => setEnvironmentField(d, env, "branch", v), `env:${env}:branch`)}
          />
          <div className="field-help">
            Every source action builds this branch; V2 push triggers filter on it too.
          </div>
        </div>

        <div className="section-title">Variable defaults</div>
        {variables.length === 0 && (
          <div className="panel-muted">
            The pipeline declares no variables; declare them in the base design's pipeline settings first.
          </div>
        )}
        {variables.map((v) => (
          <div key={v.name} className="field">
            <span className="field-label">{v.name}</span>
            <DraftInput
              testId={`env-variable-${v.name}`}
              label={`${v.name} in ${env}`}
              value={environment.variables?.[v.name] ?? ""}
              placeholder={v.defaultValue ?? ""}
              onChange={(nv) =>
                edit((d) => setEnvironmentVariable(d, env, v.name, nv), `env:${env}:var:${v.name}`)
              }
            />
          </div>
        ))}

        <div className="section-title">Configuration overrides</div>
        <Overrides doc={doc} env={env} environment={environment} />

        <div className="section-title">Extra stages</div>
        {extra.length === 0 && (
          <div className="panel-muted">None: this environment has the base design's stages.</div>
        )}
        <ul className="env-list">
          {extra.map((x, i) => (
            <li key={x.stage.name} className="env-extra" data-testid={`env-extra-stage-${x.stage.name}`}>
              <span>
                {x.stage.name} {x.before ? `(before ${x.before})` : "(at the end)"}
              </span>
              <button
                type="button"
                className="icon-button"
                aria-label={`Remove stage ${x.stage.name} from ${env}`}
                data-testid={`env-extra-remove-${x.stage.name}`}
                onClick={() => edit((d) => removeExtraStage(d, env, i), `env:${env}:rm`)}
              >
                ✕
              </button>
            </li>
          ))}
        </ul>
        <div className="field-row env-add-approval">
          <select
            data-testid="env-approval-before"
            aria-label="Add the approval before"
            value={approvalBefore}
            onChange={(e) => setApprovalBefore(e.target.value)}
          >
            {doc.pipeline.stages.map((s) => (
              <option key={s.name} value={s.name}>
                before {s.name}
              </option>
            ))}
            <option value="">at the end</option>
          </select>
          <button
            type="button"
            data-testid="env-add-approval"
            onClick={() =>
              edit((d) => addApprovalStage(d, env, approvalBefore || null), `env:${env}:approval`)
            }
          >
            + Manual approval
          </button>
        </div>
        <div className="field-help">
          Other stages only this environment has: edit pipewright.environments.{env}.extraStages in the code
          view.
        </div>

        <div className="inspector-actions">
          <button
            type="button"
            className="danger"
            data-testid="environment-remove"
            onClick={() =>
              useDesigner.getState().askConfirm({
                message: `Remove the environment ${env} from the design? Its overrides go with it (Undo brings them back).`,
                confirmLabel: `Remove ${env}`,
                onConfirm: () => {
                  show(null);
                  useDesigner.getState().edit((d) => removeEnvironment(d, env));
                },
              })
            }
          >
            Remove environment
          </button>
        </div>
      </div>
    </aside>
  );
}
