// A form for stage conditions (beforeEntry, onSuccess, onFailure): each condition has a result
// and rules; each rule a name, a rule type and its configuration, with one field per key the
// catalog lists for its provider (DeploymentWindow: Cron, TimeZone; CloudWatchAlarm: AlarmName,
// WaitTime; ...), the rule's commands for Commands, and any other keys as `key=value` lines.
// Core's validation problems show under the rule they are about, live. Unknown fields of
// conditions and rules are kept (every edit spreads the object it changes).
import type { Condition, Diagnostic, Rule } from "../backend";
import type { ConfigKeyView as ConfigKey } from "../model/catalog";
import { useDesigner } from "../store";
import { useDraft } from "./fields";
import {
  commandsText,
  formKeys,
  otherKeys,
  ruleEntry,
  setCommands,
  setConfigKey,
  setOtherKeys,
  setProvider,
} from "./rules";

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
  /** The design's pointer to this list of conditions (e.g. `/pipeline/stages/1/beforeEntry/conditions`):
   * the problems under it show at the rule they are about. */
  pointer?: string;
  /** The new list, or undefined to remove the conditions. */
  onChange: (conditions: Condition[] | undefined) => void;
}

export function ConditionsEditor({ field, label, help, results, value, pointer, onChange }: Props) {
  const diagnostics = useDesigner((s) => s.diagnostics);
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
                problems={
                  pointer
                    ? diagnostics.filter(
                        (d) =>
                          d.pointer === `${pointer}/${i}/rules/${k}` ||
                          d.pointer.startsWith(`${pointer}/${i}/rules/${k}/`),
                      )
                    : []
                }
                pointer={pointer ? `${pointer}/${i}/rules/${k}` : ""}
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
  problems,
  pointer,
  onChange,
  onRemove,
}: {
  field: string;
  rule: Rule;
  problems: Diagnostic[];
  pointer: string;
  onChange: (r: Rule) => void;
  onRemove: () => void;
}) {
  const catalog = useDesigner((s) => s.catalog);
  const [name, setName, nameFocus] = useDraft(rule.name);
  const provider = rule.ruleTypeId?.provider ?? "";
  const entry = ruleEntry(catalog, provider);
  const keys = formKeys(entry);
  const providers =
    provider && !RULE_PROVIDERS.includes(provider) ? [...RULE_PROVIDERS, provider] : RULE_PROVIDERS;
  const at = (key: string) => problems.filter((d) => d.pointer === `${pointer}/configuration/${key}`);
  const shown = new Set(keys.map((k) => `${pointer}/configuration/${k.name}`));
  if (entry?.runsCommands) shown.add(`${pointer}/commands`);
  const rest = problems.filter((d) => !shown.has(d.pointer) && !d.pointer.startsWith(`${pointer}/commands/`));
  return (
    <div className="rule" data-testid={`${field}-rule`}>
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
          onChange={(e) => onChange(setProvider(rule, e.target.value))}
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
      {entry && <div className="field-help">{entry.description}</div>}
      {keys.map((k) => (
        <RuleKeyField
          key={k.name}
          field={`${field}-${k.name}`}
          spec={k}
          value={rule.configuration?.[k.name] ?? ""}
          problems={at(k.name)}
          onChange={(v) => onChange(setConfigKey(rule, k.name, v))}
        />
      ))}
      {entry?.runsCommands && (
        <RuleCommands
          field={`${field}-commands`}
          rule={rule}
          problems={problems.filter(
            (d) => d.pointer === `${pointer}/commands` || d.pointer.startsWith(`${pointer}/commands/`),
          )}
          onChange={onChange}
        />
      )}
      <OtherKeys field={field} rule={rule} keys={keys} known={!!entry} onChange={onChange} />
      {rest.map((d) => (
        <div key={`${d.code}-${d.pointer}-${d.message}`} className={`field-problem ${d.severity}`}>
          {d.message}
        </div>
      ))}
    </div>
  );
}

/** One configuration key of the rule's provider: a choice when the catalog lists the values. */
function RuleKeyField({
  field,
  spec,
  value,
  problems,
  onChange,
}: {
  field: string;
  spec: ConfigKey;
  value: string;
  problems: Diagnostic[];
  onChange: (v: string) => void;
}) {
  const [draft, setDraft, focus] = useDraft(value);
  const worst = problems.some((p) => p.severity === "error")
    ? " field-error"
    : problems.length
      ? " field-warning"
      : "";
  const allowed = spec.choices;
  return (
    <div className={`rule-key${worst}`}>
      <span className="rule-key-name">
        {spec.name}
        {spec.required && (
          <span className="required" title="Required">
            *
          </span>
        )}
      </span>
      {allowed.length > 0 ? (
        <select
          aria-label={spec.name}
          data-testid={field}
          value={value}
          onChange={(e) => onChange(e.target.value)}
        >
          <option value="">{spec.defaultValue ? `(default: ${spec.defaultValue})` : "(none)"}</option>
          {(allowed.includes(value) || !value ? allowed : [...allowed, value]).map((a) => (
            <option key={a} value={a}>
              {a}
            </option>
          ))}
        </select>
      ) : (
        <input
          aria-label={spec.name}
          data-testid={field}
          value={draft}
          spellCheck={false}
          autoComplete="off"
          placeholder={spec.defaultValue}
          {...focus}
          onChange={(e) => {
            setDraft(e.target.value);
            onChange(e.target.value);
          }}
        />
      )}
      {spec.help && <span className="field-help">{spec.help}</span>}
      {problems.map((p) => (
        <span key={`${p.code}-${p.message}`} className={`field-problem ${p.severity}`}>
          {p.message}
        </span>
      ))}
    </div>
  );
}

/** The commands a Commands rule runs, one a line. */
function RuleCommands({
  field,
  rule,
  problems,
  onChange,
}: {
  field: string;
  rule: Rule;
  problems: Diagnostic[];
  onChange: (r: Rule) => void;
}) {
  const [text, setText, focus] = useDraft(commandsText(rule));
  return (
    <div className="rule-key">
      <span className="rule-key-name">
        Commands<span className="required">*</span>
      </span>
      <textarea
        aria-label="Commands"
        data-testid={field}
        className="json-field"
        rows={3}
        value={text}
        placeholder={"npm ci\nnpm test"}
        {...focus}
        onChange={(e) => {
          setText(e.target.value);
          onChange(setCommands(rule, e.target.value));
        }}
      />
      <span className="field-help">One command a line, run in order (1 to 50).</span>
      {problems.map((p) => (
        <span key={`${p.code}-${p.pointer}-${p.message}`} className={`field-problem ${p.severity}`}>
          {p.message}
        </span>
      ))}
    </div>
  );
}

/** Configuration keys outside the provider's form (all of them for a provider the catalog does
 * not have), as `key=value` lines. */
function OtherKeys({
  field,
  rule,
  keys,
  known,
  onChange,
}: {
  field: string;
  rule: Rule;
  keys: ConfigKey[];
  known: boolean;
  onChange: (r: Rule) => void;
}) {
  const others = otherKeys(rule, keys);
  const [text, setText, focus] = useDraft(configLines(others));
  if (known && Object.keys(others).length === 0 && text === "") return null;
  return (
    <textarea
      aria-label={known ? "Other configuration keys" : "Rule configuration"}
      data-testid={`${field}-config`}
      className="json-field"
      rows={2}
      placeholder={"Key=value, one per line"}
      value={text}
      {...focus}
      onChange={(e) => {
        setText(e.target.value);
        onChange(setOtherKeys(rule, keys, parseConfigLines(e.target.value)));
      }}
    />
  );
}
