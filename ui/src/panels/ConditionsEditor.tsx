// A form for stage conditions (beforeEntry, onSuccess, onFailure): each condition has a result
// and rules; each rule a name, a rule type and its configuration. Unknown fields of conditions
// and rules are kept (every edit spreads the object it changes).
import type { Condition, Rule } from "../backend";
import { useDraft } from "./fields";

export const RULE_PROVIDERS = [
  "DeploymentWindow",
  "CloudWatchAlarm",
  "LambdaInvoke",
  "VariableCheck",
  "Commands",
];

/** Parse `key=value` lines into a configuration map (blank lines ignored). */
export function parseConfigLines(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    const eq = line.indexOf("=");
    if (eq === -1) out[line.trim()] = "";
    else out[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  return out;
}

export function configLines(config: { [key: string]: string | undefined } | undefined): string {
  return Object.entries(config ?? {})
    .map(([k, v]) => `${k}=${v ?? ""}`)
    .join("\n");
}

function newRule(existing: Rule[]): Rule {
  const names = new Set(existing.map((r) => r.name));
  let n = existing.length + 1;
  while (names.has(`Rule${n}`)) n++;
  return {
    name: `Rule${n}`,
    ruleTypeId: { category: "Rule", owner: "AWS", provider: "DeploymentWindow", version: "1" },
    configuration: {},
  };
}

interface Props {
  field: string;
  label: string;
  help: string;
  results: string[];
  value: Condition[] | undefined;
  /** The new list, or undefined to remove the conditions. */
  onChange: (conditions: Condition[] | undefined) => void;
}

export function ConditionsEditor({ field, label, help, results, value, onChange }: Props) {
  const conditions = value ?? [];
  const setCondition = (i: number, c: Condition) => onChange(conditions.map((x, j) => (j === i ? c : x)));
  const removeCondition = (i: number) => {
    const next = conditions.filter((_, j) => j !== i);
    onChange(next.length ? next : undefined);
  };
  return (
    <div
      className="field conditions"
      data-testid={`inspector-field-${field}`}
      data-field={field}
      tabIndex={-1}
    >
      <div className="field-label">{label}</div>
      <div className="field-help">{help}</div>
      {conditions.map((c, i) => {
        const rules = c.rules ?? [];
        const setRule = (k: number, r: Rule) =>
          setCondition(i, { ...c, rules: rules.map((x, j) => (j === k ? r : x)) });
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: conditions have no identity but their place
          <div className="condition" key={i}>
            <div className="field-row">
              <select
                aria-label="Result"
                data-testid={`${field}-result-${i}`}
                value={c.result ?? ""}
                onChange={(e) => setCondition(i, { ...c, result: e.target.value || undefined })}
              >
                <option value="">(result)</option>
                {results.map((r) => (
                  <option key={r} value={r}>
                    {r}
                  </option>
                ))}
              </select>
              <button type="button" className="icon-button" onClick={() => removeCondition(i)} title="Remove">
                ✕
              </button>
            </div>
            {rules.map((r, k) => (
              <RuleRow
                // biome-ignore lint/suspicious/noArrayIndexKey: rule names change while typed
                key={k}
                field={`${field}-${i}-${k}`}
                rule={r}
                onChange={(next) => setRule(k, next)}
                onRemove={() => setCondition(i, { ...c, rules: rules.filter((_, j) => j !== k) })}
              />
            ))}
            <button
              type="button"
              className="small-button"
              data-testid={`${field}-add-rule-${i}`}
              onClick={() => setCondition(i, { ...c, rules: [...rules, newRule(rules)] })}
            >
              + Rule
            </button>
          </div>
        );
      })}
      <button
        type="button"
        className="small-button"
        data-testid={`${field}-add-condition`}
        onClick={() => onChange([...conditions, { result: results[0], rules: [newRule([])] }])}
      >
        + Condition
      </button>
    </div>
  );
}

function RuleRow({
  field,
  rule,
  onChange,
  onRemove,
}: {
  field: string;
  rule: Rule;
  onChange: (r: Rule) => void;
  onRemove: () => void;
}) {
  const [name, setName, nameFocus] = useDraft(rule.name);
  const [config, setConfig, configFocus] = useDraft(configLines(rule.configuration));
  const provider = rule.ruleTypeId?.provider ?? "";
  const providers =
    provider && !RULE_PROVIDERS.includes(provider) ? [...RULE_PROVIDERS, provider] : RULE_PROVIDERS;
  return (
    <div className="rule">
      <div className="field-row">
        <input
          aria-label="Rule name"
          data-testid={`${field}-name`}
          value={name}
          {...nameFocus}
          onChange={(e) => {
            setName(e.target.value);
            onChange({ ...rule, name: e.target.value });
          }}
        />
        <select
          aria-label="Rule type"
          data-testid={`${field}-provider`}
          value={provider}
          onChange={(e) =>
            onChange({ ...rule, ruleTypeId: { ...rule.ruleTypeId, provider: e.target.value } })
          }
        >
          {providers.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
        <button type="button" className="icon-button" onClick={onRemove} title="Remove rule">
          ✕
        </button>
      </div>
      <textarea
        aria-label="Rule configuration"
        data-testid={`${field}-config`}
        className="json-field"
        rows={2}
        placeholder={"Key=value, one per line (e.g. Cron=0 9 ? * MON-FRI *)"}
        value={config}
        {...configFocus}
        onChange={(e) => {
          setConfig(e.target.value);
          onChange({ ...rule, configuration: parseConfigLines(e.target.value) });
        }}
      />
    </div>
  );
}
