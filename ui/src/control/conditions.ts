// Stage conditions at run time, in words: what each condition of a stage is doing (holding the
// stage, passed, failed, overridden), each rule's latest result ("held by deployment window until
// 14:00 UTC", "alarm api-5xx in ALARM"), which condition Override can let go, and the rule
// executions of a stage. Pure helpers: no React, no IPC.
import type {
  ConditionKind,
  ConditionRun,
  ConditionStatus,
  RuleExecutionDetail,
  RuleRun,
  StageState,
} from "../backend";

/** A condition's name as the design file and `pipewright override --condition` spell it. */
export const CONDITION_NAMES: Record<ConditionKind, string> = {
  beforeEntry: "beforeEntry",
  onSuccess: "onSuccess",
  onFailure: "onFailure",
};

/** What the condition is for, in a few words. */
export const CONDITION_ROLES: Record<ConditionKind, string> = {
  beforeEntry: "before entering the stage",
  onSuccess: "before the stage succeeds",
  onFailure: "when the stage fails",
};

/** Whether the condition holds the stage now (a rule still evaluating): what Override lets go. */
export function isHolding(condition: ConditionRun): boolean {
  return condition.status === "InProgress";
}

/** OverrideStageCondition takes beforeEntry and onSuccess; onFailure only shows. */
export function canOverride(condition: ConditionRun): boolean {
  return isHolding(condition) && condition.kind !== "onFailure";
}

/** The condition holding the stage that Override can let go, if any (beforeEntry first). */
export function holdingCondition(stage: StageState): ConditionRun | undefined {
  return stage.conditions.find(canOverride);
}

/**
 * The execution a holding condition waits on, as the backend picks it (the stage's latest
 * execution, else the first waiting to enter): the Override dialog names it.
 */
export function heldExecution(stage: StageState): string | null {
  return (
    stage.latestExecution?.pipelineExecutionId ?? stage.inboundExecutions[0]?.pipelineExecutionId ?? null
  );
}

/** What each condition status reads as (InProgress depends on the kind: see `conditionState`). */
const CONDITION_WORDS: Record<Exclude<ConditionStatus, "InProgress">, string> = {
  Succeeded: "passed",
  Failed: "failed",
  Errored: "errored",
  Overridden: "overridden",
  Cancelled: "cancelled",
  Abandoned: "abandoned",
  Unknown: "unknown",
};

/** The condition's state in words: "holding the stage", "passed", "overridden", ... */
export function conditionState(condition: ConditionRun): string {
  if (condition.status === "InProgress") {
    return condition.kind === "onFailure" ? "evaluating" : "holding the stage";
  }
  return CONDITION_WORDS[condition.status];
}

type ConditionTone = "ok" | "running" | "failed" | "waiting" | "stopped";

const CONDITION_TONES: Record<Exclude<ConditionStatus, "InProgress">, ConditionTone> = {
  Succeeded: "ok",
  Overridden: "ok",
  Failed: "failed",
  Errored: "failed",
  Cancelled: "stopped",
  Abandoned: "stopped",
  Unknown: "stopped",
};

/** The tone of a condition's state (the control room's status colours). */
export function conditionTone(condition: ConditionRun): ConditionTone {
  if (condition.status === "InProgress") {
    return condition.kind === "onFailure" ? "running" : "waiting";
  }
  return CONDITION_TONES[condition.status];
}

/** "Inside the window" -> "inside the window"; names and acronyms ("ENV is ...") stay. */
function lowerFirst(s: string): string {
  return /^[A-Z][a-z\s]/.test(s) ? s[0].toLowerCase() + s.slice(1) : s;
}

function trimEnd(s: string): string {
  return s.trim().replace(/[.\s]+$/, "");
}

/** `Alarm NAME is in ALARM ...` (CloudWatch's and the sandbox's words) -> the alarm's name. */
function alarmInAlarm(text: string): string | null {
  const m = /\balarm\s+(\S+?)\s+(?:is\s+)?in\s+(?:the\s+)?ALARM\b/i.exec(text);
  return m ? m[1].replace(/^['"`]|['"`]$/g, "") : null;
}

/**
 * A rule's latest result in words, e.g. "held by deployment window until 14:00 UTC",
 * "alarm api-5xx in ALARM", "passed: inside the deployment window ...". `provider` (from the
 * rule's execution, when known) fills in what the state alone does not say.
 */
export function ruleWords(rule: RuleRun, provider?: string | null): string {
  const summary = trimEnd(rule.summary ?? "");
  const error = trimEnd(rule.error?.message ?? "");
  const said = summary || error;
  switch (rule.status) {
    case "InProgress": {
      const held = /held by deployment window\b.*?\buntil\s+(.+)$/i.exec(summary);
      if (held) return `held by deployment window until ${held[1]}`;
      if (provider === "DeploymentWindow") return "held by deployment window until it opens";
      if (provider === "CloudWatchAlarm")
        return said ? `watching: ${lowerFirst(said)}` : "watching its alarm";
      return said ? lowerFirst(said) : "evaluating";
    }
    case "Failed": {
      const alarm = alarmInAlarm(said);
      if (alarm) return `alarm ${alarm} in ALARM`;
      return said ? `failed: ${lowerFirst(said)}` : "failed";
    }
    case "Succeeded":
      return said ? `passed: ${lowerFirst(said)}` : "passed";
    case "Abandoned":
      return said ? `abandoned: ${lowerFirst(said)}` : "abandoned";
    case "Unknown":
      return said ? `unknown: ${lowerFirst(said)}` : "unknown";
    case null:
    case undefined:
      return "not run yet";
  }
}

/** The provider of a rule, from its latest execution in this stage (when listed). */
export function ruleProvider(
  executions: RuleExecutionDetail[] | null | undefined,
  stage: string,
  rule: RuleRun,
): string | null {
  const list = executions ?? [];
  const byId = rule.ruleExecutionId
    ? list.find((x) => x.ruleExecutionId === rule.ruleExecutionId)
    : undefined;
  const found = byId ?? list.find((x) => x.stageName === stage && x.ruleName === rule.name);
  return found?.provider ?? null;
}

/** The rule executions of one stage, newest first. */
export function stageRuleExecutions(
  executions: RuleExecutionDetail[] | null | undefined,
  stage: string,
): RuleExecutionDetail[] {
  const time = (x: RuleExecutionDetail) => Date.parse(x.lastUpdateTime ?? x.startTime ?? "") || 0;
  return (executions ?? []).filter((x) => x.stageName === stage).sort((a, b) => time(b) - time(a));
}

/** A rule execution's result in words (same words as the rule's state). */
export function ruleExecutionWords(x: RuleExecutionDetail): string {
  return ruleWords(
    {
      name: x.ruleName,
      ruleExecutionId: x.ruleExecutionId,
      status: x.status,
      summary: x.summary,
      lastStatusChange: x.lastUpdateTime,
      error: x.error,
      externalExecutionUrl: null,
    },
    x.provider,
  );
}

/** Whether any stage of the pipeline has conditions that ran (their rule executions are loaded). */
export function hasConditions(stages: StageState[]): boolean {
  return stages.some((s) => s.conditions.length > 0);
}

/** The Override dialog's sentence of what happens. */
export function overrideConsequence(kind: ConditionKind, stage: string): string {
  return kind === "onSuccess"
    ? `The execution leaves ${stage} as succeeded now, without waiting for this condition's rules.`
    : `The execution enters ${stage} now, without waiting for this condition's rules.`;
}
