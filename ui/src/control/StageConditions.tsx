// A stage's conditions in the control room: each condition that ran (beforeEntry, onSuccess,
// onFailure) with its state and each rule's latest result in words, Override on a condition that
// holds the stage, and the stage's rule executions (ListRuleExecutions) on request.
import { useState } from "react";
import type { StageState } from "../backend";
import {
  CONDITION_NAMES,
  CONDITION_ROLES,
  canOverride,
  conditionState,
  conditionTone,
  heldExecution,
  ruleExecutionWords,
  ruleProvider,
  ruleWords,
  stageRuleExecutions,
} from "./conditions";
import { ago } from "./logic";
import { openDialog, useControl } from "./store";

export function StageConditions({ stage }: { stage: StageState }) {
  const rules = useControl((s) => s.rules);
  const rulesError = useControl((s) => s.rulesError);
  const [open, setOpen] = useState(false);
  if (stage.conditions.length === 0) return null;
  const executions = stageRuleExecutions(rules, stage.name);
  const listId = `rule-executions-${stage.name}`;
  return (
    <div className="cr-conditions" data-testid={`cr-conditions-${stage.name}`}>
      {stage.conditions.map((c) => (
        <div
          key={c.kind}
          className={`cr-condition ${conditionTone(c)}`}
          data-testid={`cr-condition-${stage.name}-${c.kind}`}
        >
          <div className="cr-condition-head">
            <span title={`Checked ${CONDITION_ROLES[c.kind]}`}>
              <strong>{CONDITION_NAMES[c.kind]}</strong> condition
            </span>
            <span
              className={`cr-status ${conditionTone(c)}`}
              data-testid={`cr-condition-state-${stage.name}-${c.kind}`}
            >
              {conditionTone(c) === "waiting" ? "‖ " : ""}
              {conditionState(c)}
            </span>
          </div>
          {c.summary && <div className="muted small">{c.summary}</div>}
          <ul className="cr-rules">
            {c.rules.map((r) => (
              <li key={r.name} className="small" data-testid={`cr-rule-${stage.name}-${r.name}`}>
                <span className="cr-rule-name">{r.name}</span>:{" "}
                {ruleWords(r, ruleProvider(rules, stage.name, r))}
                {r.lastStatusChange && (
                  <span className="muted" title={r.lastStatusChange}>
                    {" "}
                    · {ago(r.lastStatusChange)}
                  </span>
                )}
              </li>
            ))}
          </ul>
          {canOverride(c) && (
            <button
              type="button"
              className="small"
              data-testid={`override-${stage.name}-${c.kind}`}
              title={`Let the held execution go on without waiting for the ${CONDITION_NAMES[c.kind]} condition`}
              onClick={() =>
                openDialog({
                  kind: "override",
                  stage: stage.name,
                  condition: c.kind,
                  executionId: heldExecution(stage),
                })
              }
            >
              Override…
            </button>
          )}
        </div>
      ))}
      <button
        type="button"
        className="link-button small"
        aria-expanded={open}
        aria-controls={open ? listId : undefined}
        data-testid={`rule-executions-toggle-${stage.name}`}
        onClick={() => setOpen(!open)}
      >
        <span aria-hidden="true">{open ? "▾" : "▸"}</span> Rule executions
        {rules ? ` (${executions.length})` : ""}
      </button>
      {open && (
        <ul className="cr-rule-executions small" id={listId} data-testid={listId}>
          {rulesError && <li className="cr-error">{rulesError}</li>}
          {!rulesError && rules === null && <li className="muted">Loading…</li>}
          {rules !== null && executions.length === 0 && (
            <li className="muted">No rule executions recorded.</li>
          )}
          {executions.map((x) => (
            <li key={x.ruleExecutionId}>
              <strong>{x.ruleName}</strong>
              {x.provider ? <span className="muted"> ({x.provider})</span> : null}: {ruleExecutionWords(x)}
              <span className="muted" title={x.lastUpdateTime ?? x.startTime ?? ""}>
                {" "}
                · {ago(x.lastUpdateTime ?? x.startTime)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
