// Pure helpers of the rule forms (stage conditions): which configuration keys a rule provider
// takes (from the catalog's rule entries), the keys a rule has beyond them, and edits that keep
// everything else of the rule. No React.
import type { Rule } from "../backend";
import type { CatalogView, ConfigKeyView as ConfigKey, RuleView } from "../model/catalog";

/** The catalog entry of a rule's provider, if the catalog has it. */
export function ruleEntry(catalog: CatalogView | null | undefined, provider: string): RuleView | undefined {
  return catalog?.rules.find((r) => r.provider === provider);
}

/** The keys of the provider's form, in the catalog's order. */
export function formKeys(entry: RuleView | undefined): ConfigKey[] {
  return entry?.configKeys ?? [];
}

/** The rule's configuration keys the provider's form does not have (kept, shown as lines). */
export function otherKeys(rule: Rule, keys: ConfigKey[]): Record<string, string> {
  const known = new Set(keys.map((k) => k.name));
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(rule.configuration ?? {})) if (!known.has(k)) out[k] = v ?? "";
  return out;
}

/** The rule with `key` set to `value` (removed when empty); its other keys and fields stay. */
export function setConfigKey(rule: Rule, key: string, value: string): Rule {
  const configuration = { ...(rule.configuration ?? {}) };
  if (value === "") delete configuration[key];
  else configuration[key] = value;
  return { ...rule, configuration };
}

/** The rule with the keys outside the form replaced by `others`; the form's keys stay. */
export function setOtherKeys(rule: Rule, keys: ConfigKey[], others: Record<string, string>): Rule {
  const known = new Set(keys.map((k) => k.name));
  const configuration: Record<string, string> = {};
  for (const [k, v] of Object.entries(rule.configuration ?? {}))
    if (known.has(k) && v !== undefined) configuration[k] = v;
  for (const [k, v] of Object.entries(others)) if (k && !known.has(k)) configuration[k] = v;
  return { ...rule, configuration };
}

/** A rule's commands as lines. */
export function commandsText(rule: Rule): string {
  return (rule.commands ?? []).join("\n");
}

/** The rule with the commands of `text` (one a line, blank lines dropped; none removes them). */
export function setCommands(rule: Rule, text: string): Rule {
  const commands = text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
  const next = { ...rule };
  if (commands.length) next.commands = commands;
  else delete next.commands;
  return next;
}

/** The rule switched to another provider. Its configuration stays: keys the new provider's form
 * does not have show as other keys (validation says they are unknown), nothing is lost silently. */
export function setProvider(rule: Rule, provider: string): Rule {
  return { ...rule, ruleTypeId: { ...rule.ruleTypeId, provider } };
}
