// @vitest-environment jsdom
// The rule and trigger forms rendered (React in jsdom): the catalog's keys become fields, a typed
// value becomes the rule's configuration, a rule's problems show under it; a trigger's filters
// are edited as patterns.
import { act, createElement } from "react";
import { createRoot, type Root } from "react-dom/client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Condition, Diagnostic, Trigger } from "../backend";
import { normalizeCatalog } from "../model/catalog";
import { useDesigner } from "../store";
import { ConditionsEditor } from "./ConditionsEditor";
import { TriggersEditor } from "./TriggersEditor";

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let host: HTMLDivElement;
let root: Root;

beforeEach(() => {
  host = document.createElement("div");
  document.body.append(host);
  root = createRoot(host);
});

afterEach(() => {
  act(() => root.unmount());
  host.remove();
});

function render(element: ReturnType<typeof createElement>) {
  act(() => root.render(element));
}

/** Types `value` into an input as a user does (React listens to the native input event). */
function type(testId: string, value: string) {
  const el = host.querySelector(`[data-testid="${testId}"]`) as HTMLInputElement | HTMLTextAreaElement | null;
  if (!el) throw new Error(`no ${testId}`);
  const proto =
    el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
  act(() => {
    Object.getOwnPropertyDescriptor(proto, "value")?.set?.call(el, value);
    el.dispatchEvent(new Event("input", { bubbles: true }));
  });
}

function select(testId: string, value: string) {
  const el = host.querySelector(`[data-testid="${testId}"]`) as HTMLSelectElement;
  act(() => {
    el.value = value;
    el.dispatchEvent(new Event("change", { bubbles: true }));
  });
}

const key = (name: string, extra: object = {}) => ({
  name,
  required: false,
  secret: false,
  help: "",
  ...extra,
});
const catalog = normalizeCatalog({
  providers: [],
  rules: [
    {
      provider: "DeploymentWindow",
      displayName: "Deployment window",
      description: "Runs only inside a cron window.",
      runsCommands: false,
      config: [key("Cron", { required: true }), key("TimeZone", { default: "UTC" })],
    },
    {
      provider: "CloudWatchAlarm",
      displayName: "CloudWatch alarm",
      description: "",
      runsCommands: false,
      config: [key("AlarmName", { required: true }), key("WaitTime")],
    },
    {
      provider: "LambdaInvoke",
      displayName: "Lambda",
      description: "",
      runsCommands: false,
      config: [key("FunctionName", { required: true })],
    },
    {
      provider: "VariableCheck",
      displayName: "Variable check",
      description: "",
      runsCommands: false,
      config: [
        key("Variable", { required: true }),
        key("Value", { required: true }),
        key("Operator", { required: true, allowed: ["EQ", "NE", "CONTAINS"] }),
      ],
    },
    { provider: "Commands", displayName: "Commands", description: "", runsCommands: true, config: [] },
  ],
});

function rule(provider: string, configuration: Record<string, string> = {}): Condition {
  return {
    result: "FAIL",
    rules: [
      { name: "R", ruleTypeId: { category: "Rule", owner: "AWS", provider, version: "1" }, configuration },
    ],
  };
}

describe("rule configuration forms", () => {
  let changed: Condition[] | undefined;
  const editor = (value: Condition[]) =>
    createElement(ConditionsEditor, {
      field: "beforeEntry",
      label: "Before entry",
      help: "",
      results: ["FAIL", "SKIP"],
      value,
      pointer: "/pipeline/stages/1/beforeEntry/conditions",
      onChange: (v: Condition[] | undefined) => {
        changed = v;
      },
    });

  beforeEach(() => {
    changed = undefined;
    const diagnostics: Diagnostic[] = [
      {
        code: "E801",
        severity: "error",
        pointer: "/pipeline/stages/1/beforeEntry/conditions/0/rules/0/configuration/Cron",
        message: "Cron is required by DeploymentWindow.",
      } as Diagnostic,
    ];
    useDesigner.setState({ catalog, diagnostics });
  });

  it("DeploymentWindow: Cron and TimeZone fields, the problem under Cron", () => {
    render(editor([rule("DeploymentWindow", { TimeZone: "UTC" })]));
    expect(host.querySelector('[data-testid="beforeEntry-0-0-Cron"]')).not.toBeNull();
    expect((host.querySelector('[data-testid="beforeEntry-0-0-TimeZone"]') as HTMLInputElement).value).toBe(
      "UTC",
    );
    expect(host.querySelector('[data-testid="beforeEntry-0-0-config"]')).toBeNull();
    expect(host.querySelector(".rule-key.field-error")?.textContent).toContain(
      "Cron is required by DeploymentWindow.",
    );
    type("beforeEntry-0-0-Cron", "cron(0 9 ? * MON-FRI *)");
    expect(changed?.[0].rules?.[0].configuration).toEqual({
      TimeZone: "UTC",
      Cron: "cron(0 9 ? * MON-FRI *)",
    });
  });

  it("CloudWatchAlarm and LambdaInvoke: their keys", () => {
    render(editor([rule("CloudWatchAlarm")]));
    type("beforeEntry-0-0-AlarmName", "api-5xx");
    expect(changed?.[0].rules?.[0].configuration).toEqual({ AlarmName: "api-5xx" });
    // The parent gives the edited rule back; the next key adds to it.
    render(editor(changed ?? []));
    type("beforeEntry-0-0-WaitTime", "5");
    expect(changed?.[0].rules?.[0].configuration).toEqual({ AlarmName: "api-5xx", WaitTime: "5" });
    render(editor([rule("LambdaInvoke")]));
    type("beforeEntry-0-0-FunctionName", "check-health");
    expect(changed?.[0].rules?.[0].configuration).toEqual({ FunctionName: "check-health" });
  });

  it("VariableCheck: the operator is a choice", () => {
    render(editor([rule("VariableCheck", { Variable: "#{variables.ENV}", Value: "prod" })]));
    const op = host.querySelector('[data-testid="beforeEntry-0-0-Operator"]') as HTMLSelectElement;
    expect([...op.options].map((o) => o.value)).toEqual(["", "EQ", "NE", "CONTAINS"]);
    select("beforeEntry-0-0-Operator", "NE");
    expect(changed?.[0].rules?.[0].configuration).toEqual({
      Variable: "#{variables.ENV}",
      Value: "prod",
      Operator: "NE",
    });
  });

  it("Commands: commands one a line; other keys stay as lines", () => {
    render(editor([rule("Commands", { Legacy: "x" })]));
    expect((host.querySelector('[data-testid="beforeEntry-0-0-config"]') as HTMLTextAreaElement).value).toBe(
      "Legacy=x",
    );
    type("beforeEntry-0-0-commands", "npm ci\nnpm test");
    expect(changed?.[0].rules?.[0].commands).toEqual(["npm ci", "npm test"]);
    expect(changed?.[0].rules?.[0].configuration).toEqual({ Legacy: "x" });
  });

  it("a provider the catalog lacks keeps the key=value text", () => {
    render(editor([rule("SomethingNew", { A: "1" })]));
    type("beforeEntry-0-0-config", "A=2\nB=3");
    expect(changed?.[0].rules?.[0].configuration).toEqual({ A: "2", B: "3" });
  });
});

describe("the triggers form", () => {
  it("edits a push trigger's patterns and adds a pull request filter", () => {
    let changed: Trigger[] | undefined;
    const value: Trigger[] = [
      {
        providerType: "CodeStarSourceConnection",
        gitConfiguration: { sourceActionName: "Source", push: [{ branches: { includes: ["main"] } }] },
      },
    ];
    const problems = [
      { code: "E320", severity: "error", pointer: "/pipeline/triggers/0", message: "bad glob" },
    ];
    render(
      createElement(TriggersEditor, {
        value,
        sources: ["Source", "Other"],
        problems: problems as Diagnostic[],
        onChange: (v: Trigger[] | undefined) => {
          changed = v;
        },
      }),
    );
    expect(host.textContent).toContain("bad glob");
    expect(host.querySelector('[data-testid="trigger-0-summary"]')?.textContent).toBe(
      "Starts on push to main on Source.",
    );
    type("trigger-0-push-0-tags-includes", "v*, release-*");
    expect(changed?.[0].gitConfiguration.push).toEqual([
      { branches: { includes: ["main"] }, tags: { includes: ["v*", "release-*"] } },
    ]);
    act(() => (host.querySelector('[data-testid="trigger-0-add-pr"]') as HTMLButtonElement).click());
    expect(changed?.[0].gitConfiguration.pullRequest).toEqual([
      { events: ["OPEN", "UPDATED"], branches: { includes: ["main"] } },
    ]);
    select("trigger-0-source", "Other");
    expect(changed?.[0].gitConfiguration.sourceActionName).toBe("Other");
  });
});
