import { describe, expect, it } from "vitest";
import type { ConditionRun, RuleExecutionDetail, RuleRun, StageState } from "../backend";
import {
  canOverride,
  conditionState,
  conditionTone,
  hasConditions,
  heldExecution,
  holdingCondition,
  overrideConsequence,
  ruleExecutionWords,
  ruleProvider,
  ruleWords,
  stageRuleExecutions,
} from "./conditions";

function rule(over: Partial<RuleRun> = {}): RuleRun {
  return {
    name: "Window",
    ruleExecutionId: "r-1",
    status: "InProgress",
    summary: null,
    lastStatusChange: null,
    error: null,
    externalExecutionUrl: null,
    ...over,
  };
}

function condition(over: Partial<ConditionRun> = {}): ConditionRun {
  return {
    kind: "beforeEntry",
    status: "InProgress",
    summary: null,
    lastStatusChange: null,
    rules: [],
    ...over,
  };
}

function stage(conditions: ConditionRun[], over: Partial<StageState> = {}): StageState {
  return {
    name: "Deploy",
    latestExecution: { pipelineExecutionId: "exec-1", status: "InProgress", executionType: null },
    inboundExecutions: [],
    inboundTransition: null,
    actions: [],
    retryAttempts: null,
    conditions,
    ...over,
  };
}

function execution(over: Partial<RuleExecutionDetail> = {}): RuleExecutionDetail {
  return {
    pipelineExecutionId: "exec-1",
    ruleExecutionId: "r-1",
    stageName: "Deploy",
    ruleName: "Window",
    provider: "DeploymentWindow",
    status: "InProgress",
    summary: null,
    startTime: "2026-01-01T10:00:00Z",
    lastUpdateTime: null,
    error: null,
    ...over,
  };
}

describe("rule words", () => {
  it("says a deployment window holds the stage until it opens", () => {
    const held = rule({ summary: "Held by deployment window cron(0 * 14 ? * * *) until 14:00 UTC" });
    expect(ruleWords(held)).toBe("held by deployment window until 14:00 UTC");
    expect(ruleWords(rule({ summary: "Held by deployment window until 09:30 Europe/Paris." }))).toBe(
      "held by deployment window until 09:30 Europe/Paris",
    );
    // AWS may say nothing: the provider says what holds it.
    expect(ruleWords(rule(), "DeploymentWindow")).toBe("held by deployment window until it opens");
    expect(ruleWords(rule())).toBe("evaluating");
  });

  it("names the alarm in ALARM", () => {
    expect(
      ruleWords(
        rule({
          status: "Failed",
          summary: null,
          error: { code: null, message: "Alarm api-5xx is in ALARM state: 5xx > 1%" },
        }),
      ),
    ).toBe("alarm api-5xx in ALARM");
    expect(ruleWords(rule({ status: "Failed", summary: "The alarm 'api-5xx' is in ALARM" }))).toBe(
      "alarm api-5xx in ALARM",
    );
    expect(ruleWords(rule({ status: "InProgress" }), "CloudWatchAlarm")).toBe("watching its alarm");
  });

  it("says how other results ended", () => {
    expect(
      ruleWords(rule({ status: "Succeeded", summary: "Inside the deployment window cron(0 9 * * ? *)" })),
    ).toBe("passed: inside the deployment window cron(0 9 * * ? *)");
    expect(ruleWords(rule({ status: "Succeeded" }))).toBe("passed");
    expect(ruleWords(rule({ status: "Failed", summary: "ENV is 'dev', which is not EQ 'prod'" }))).toBe(
      "failed: ENV is 'dev', which is not EQ 'prod'",
    );
    expect(ruleWords(rule({ status: "Abandoned" }))).toBe("abandoned");
    expect(ruleWords(rule({ status: null }))).toBe("not run yet");
    expect(ruleWords(rule({ status: "Unknown" }))).toBe("unknown");
  });

  it("words a rule execution like the rule's state, with its provider", () => {
    expect(ruleExecutionWords(execution())).toBe("held by deployment window until it opens");
    expect(
      ruleExecutionWords(
        execution({ provider: "CloudWatchAlarm", status: "Failed", summary: "Alarm api-5xx is in ALARM" }),
      ),
    ).toBe("alarm api-5xx in ALARM");
  });
});

describe("conditions of a stage", () => {
  it("finds the condition holding the stage and the execution it holds", () => {
    const s = stage([condition({ kind: "onFailure" }), condition({ kind: "beforeEntry" })]);
    expect(holdingCondition(s)?.kind).toBe("beforeEntry");
    expect(heldExecution(s)).toBe("exec-1");
    const waiting = stage([condition()], {
      latestExecution: null,
      inboundExecutions: [{ pipelineExecutionId: "exec-2", status: "InProgress", executionType: null }],
    });
    expect(heldExecution(waiting)).toBe("exec-2");
    expect(heldExecution(stage([], { latestExecution: null }))).toBeNull();
  });

  it("offers Override only on a holding beforeEntry or onSuccess condition", () => {
    expect(canOverride(condition())).toBe(true);
    expect(canOverride(condition({ kind: "onSuccess" }))).toBe(true);
    expect(canOverride(condition({ kind: "onFailure" }))).toBe(false);
    expect(canOverride(condition({ status: "Succeeded" }))).toBe(false);
    expect(canOverride(condition({ status: "Overridden" }))).toBe(false);
    expect(holdingCondition(stage([condition({ status: "Succeeded" })]))).toBeUndefined();
  });

  it("words the condition's state", () => {
    expect(conditionState(condition())).toBe("holding the stage");
    expect(conditionState(condition({ kind: "onFailure" }))).toBe("evaluating");
    expect(conditionState(condition({ status: "Overridden" }))).toBe("overridden");
    expect(conditionState(condition({ status: "Succeeded" }))).toBe("passed");
    expect(conditionState(condition({ status: "Errored" }))).toBe("errored");
    // A word the backend does not know arrives as "Unknown" (the Rust enum's fallback).
    expect(conditionState(condition({ status: "Unknown" }))).toBe("unknown");
    expect(conditionTone(condition({ status: "Unknown" }))).toBe("stopped");
    expect(conditionTone(condition({ status: "Errored" }))).toBe("failed");
    expect(conditionTone(condition({ kind: "onFailure" }))).toBe("running");
  });

  it("says what an override does", () => {
    expect(overrideConsequence("beforeEntry", "Deploy")).toMatch(/enters Deploy now/);
    expect(overrideConsequence("onSuccess", "Deploy")).toMatch(/leaves Deploy as succeeded/);
  });

  it("lists a stage's rule executions newest first and finds a rule's provider", () => {
    const list = [
      execution({ ruleExecutionId: "old", startTime: "2026-01-01T09:00:00Z" }),
      execution({ ruleExecutionId: "other", stageName: "Build", ruleName: "Tests", provider: "Commands" }),
      execution({ ruleExecutionId: "new", lastUpdateTime: "2026-01-01T11:00:00Z" }),
    ];
    expect(stageRuleExecutions(list, "Deploy").map((x) => x.ruleExecutionId)).toEqual(["new", "old"]);
    expect(stageRuleExecutions(null, "Deploy")).toEqual([]);
    expect(ruleProvider(list, "Build", rule({ name: "Tests", ruleExecutionId: null }))).toBe("Commands");
    expect(ruleProvider(list, "Deploy", rule({ ruleExecutionId: "new" }))).toBe("DeploymentWindow");
    expect(ruleProvider(null, "Deploy", rule())).toBeNull();
    expect(hasConditions([stage([]), stage([condition()])])).toBe(true);
    expect(hasConditions([stage([])])).toBe(false);
  });
});
