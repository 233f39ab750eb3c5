// Where the environments UI plugs into the designer: the bar above the canvas (switcher, add an
// environment), the GitHub v1 banner, and — while an environment is shown — its read-only view in
// the canvas's place and its panel in the inspector's place.

import { type ReactNode, useEffect, useState } from "react";
import type { Document } from "../backend";
import { onTabKeys, tabIndex } from "../shell/keys";
import { useDesigner } from "../store";
import { EnvironmentPanel } from "./EnvironmentPanel";
import { EnvironmentView } from "./EnvironmentView";
import { GithubV1Banner } from "./GithubV1Banner";
import { activeEnvironment, addEnvironment, environmentNameProblem, environmentNames } from "./logic";
import { useEnvironmentView } from "./store";
import "./environments.css";

function AddEnvironment({ doc }: { doc: Document }) {
  const [name, setName] = useState<string | null>(null);
  const show = useEnvironmentView((s) => s.show);
  if (name === null)
    return (
      <button
        type="button"
        className="env-add"
        data-testid="environment-add"
        title="Add an environment (dev, prod, …): one more pipeline rendered from this design"
        onClick={() => setName(environmentNames(doc).length === 0 ? "dev" : "")}
      >
        + Environment
      </button>
    );
  const problem = environmentNameProblem(doc, name);
  return (
    <form
      className="env-add-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (problem) return;
        useDesigner.getState().edit((d) => addEnvironment(d, name));
        useDesigner.getState().select(null);
        show(name);
        setName(null);
      }}
    >
      <input
        data-testid="environment-new-name"
        aria-label="New environment name"
        placeholder="dev, staging, prod…"
        value={name}
        // biome-ignore lint/a11y/noAutofocus: the form appears on request to take this one value
        autoFocus
        onKeyDown={(e) => e.key === "Escape" && setName(null)}
        onChange={(e) => setName(e.target.value)}
      />
      <button type="submit" data-testid="environment-add-confirm" disabled={problem !== null}>
        Add
      </button>
      <button type="button" onClick={() => setName(null)}>
        Cancel
      </button>
      {problem && name && <span className="warning-text small">{problem}</span>}
    </form>
  );
}

function EnvironmentBar({ doc, env }: { doc: Document; env: string | null }) {
  const names = environmentNames(doc);
  const show = useEnvironmentView((s) => s.show);
  return (
    <div className="env-bar">
      {names.length > 0 ? (
        <div
          className="segmented env-switcher"
          role="tablist"
          aria-label="Environment"
          data-testid="environment-switcher"
          onKeyDown={onTabKeys}
        >
          <span className="tool-label">Environment</span>
          <button
            type="button"
            role="tab"
            aria-selected={env === null}
            tabIndex={tabIndex(env === null)}
            className={env === null ? "active" : ""}
            data-testid="environment-option-base"
            title="The design itself: edit it here"
            onClick={() => show(null)}
          >
            Base
          </button>
          {names.map((n) => (
            <button
              type="button"
              role="tab"
              key={n}
              aria-selected={env === n}
              tabIndex={tabIndex(env === n)}
              className={env === n ? "active" : ""}
              data-testid={`environment-option-${n}`}
              title={`The ${n} pipeline rendered from the design (read-only)`}
              onClick={() => {
                // Keyboard edits (Delete, paste) act on the selection: none while the design is hidden.
                useDesigner.getState().select(null);
                show(n);
              }}
            >
              {n}
            </button>
          ))}
        </div>
      ) : (
        <span className="muted small">
          One pipeline. Add environments to render dev/prod pipelines from this design.
        </span>
      )}
      <AddEnvironment doc={doc} />
    </div>
  );
}

/** The canvas column: `base` (the editable canvas and problems) unless an environment is shown. */
export function EnvironmentCenter({ doc, base }: { doc: Document; base: ReactNode }) {
  const wanted = useEnvironmentView((s) => s.view);
  const recoveryKey = useDesigner((s) => s.recoveryKey);
  // Another design was opened: start on its base.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when the editing session changes
  useEffect(() => useEnvironmentView.getState().reset(), [recoveryKey]);
  const env = activeEnvironment(doc, wanted);
  return (
    <>
      <EnvironmentBar doc={doc} env={env} />
      <GithubV1Banner doc={doc} />
      {env ? <EnvironmentView doc={doc} env={env} /> : base}
    </>
  );
}

/** The right column: the environment panel while an environment is shown, else `inspector`. */
export function EnvironmentSide({ doc, inspector }: { doc: Document; inspector: ReactNode }) {
  const env = activeEnvironment(
    doc,
    useEnvironmentView((s) => s.view),
  );
  return env ? <EnvironmentPanel doc={doc} env={env} /> : inspector;
}
