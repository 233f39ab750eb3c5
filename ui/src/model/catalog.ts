// The UI's view of the provider catalog. The backend's `catalog` command is the source; this
// normalises its shape once so the palette and the inspector read plain fields.

export interface ConfigKeyView {
  name: string;
  required: boolean;
  secret: boolean;
  help: string;
  choices: string[];
  /** The value the service assumes when the key is absent, if documented. */
  defaultValue: string;
}

export interface ProviderView {
  /** `<Category>-<Provider>`, the suffix of the palette and picker test ids. */
  key: string;
  category: string;
  owner: string;
  provider: string;
  version: string;
  displayName: string;
  description: string;
  configKeys: ConfigKeyView[];
  inputs: { min: number; max: number };
  outputs: { min: number; max: number };
  v2Only: boolean;
  legacy: boolean;
  /** Any provider name matches (Custom owner: the name configured in the Jenkins plugin). */
  anyProviderName: boolean;
}

/** A rule provider of stage conditions (DeploymentWindow, CloudWatchAlarm, ...). */
export interface RuleView {
  provider: string;
  displayName: string;
  description: string;
  /** It runs the rule's `commands` (Commands). */
  runsCommands: boolean;
  configKeys: ConfigKeyView[];
}

export interface CatalogView {
  categories: string[];
  providers: ProviderView[];
  rules: RuleView[];
}

export const CATEGORY_ORDER = ["Source", "Build", "Test", "Approval", "Deploy", "Invoke", "Compute"];

type Loose = Record<string, unknown>;

function obj(v: unknown): Loose {
  return v && typeof v === "object" && !Array.isArray(v) ? (v as Loose) : {};
}
function str(...vs: unknown[]): string {
  for (const v of vs) if (typeof v === "string") return v;
  return "";
}
function num(v: unknown, fallback: number): number {
  return typeof v === "number" && Number.isFinite(v) ? v : fallback;
}
function strList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}
function range(v: unknown, fallback: { min: number; max: number }): { min: number; max: number } {
  if (Array.isArray(v) && v.length === 2)
    return { min: num(v[0], fallback.min), max: num(v[1], fallback.max) };
  const o = obj(v);
  return {
    min: num(o.min ?? o.minimum ?? o.minimumCount, fallback.min),
    max: num(o.max ?? o.maximum ?? o.maximumCount, fallback.max),
  };
}

function configKey(raw: unknown): ConfigKeyView | null {
  const k = obj(raw);
  const name = str(k.name, k.key);
  if (!name) return null;
  return {
    name,
    required: k.required === true,
    secret: k.secret === true,
    help: str(k.help, k.description),
    choices: strList(k.allowed ?? k.enumValues ?? k.enum ?? k.choices ?? k.allowedValues),
    defaultValue: str(k.default, k.defaultValue),
  };
}

function provider(raw: unknown): ProviderView | null {
  const p = obj(raw);
  const id = obj(p.actionTypeId ?? p.id);
  const category = str(id.category, p.category);
  const name = str(id.provider, p.provider);
  if (!category || !name) return null;
  const keys = (p.configKeys ?? p.configurationKeys ?? p.configuration ?? p.config ?? []) as unknown;
  return {
    key: `${category}-${name}`,
    category,
    owner: str(id.owner, p.owner) || "AWS",
    provider: name,
    version: str(id.version, p.version) || "1",
    displayName: str(p.displayName, p.display_name, p.name) || name,
    description: str(p.description, p.help),
    configKeys: (Array.isArray(keys) ? keys : [])
      .map(configKey)
      .filter((k): k is ConfigKeyView => k !== null),
    inputs: range(p.inputArtifacts ?? p.inputs, { min: 0, max: 5 }),
    outputs: range(p.outputArtifacts ?? p.outputs, { min: 0, max: 5 }),
    v2Only: p.v2Only === true,
    legacy: p.legacy === true,
    anyProviderName: p.anyProviderName === true,
  };
}

function ruleProvider(raw: unknown): RuleView | null {
  const r = obj(raw);
  const name = str(r.provider);
  if (!name) return null;
  const keys = (r.config ?? r.configKeys ?? []) as unknown;
  return {
    provider: name,
    displayName: str(r.displayName) || name,
    description: str(r.description),
    runsCommands: r.runsCommands === true,
    configKeys: (Array.isArray(keys) ? keys : [])
      .map(configKey)
      .filter((k): k is ConfigKeyView => k !== null),
  };
}

/** Turns whatever the backend's catalog looks like into the UI's plain view. */
export function normalizeCatalog(raw: unknown): CatalogView {
  const root = obj(raw);
  const list = Array.isArray(raw) ? raw : Array.isArray(root.providers) ? root.providers : [];
  const providers = list.map(provider).filter((p): p is ProviderView => p !== null);
  const declared = Array.isArray(root.categories)
    ? root.categories
        .map((c) => (typeof c === "string" ? c : str(obj(c).name, obj(c).category)))
        .filter(Boolean)
    : [];
  const seen = new Set<string>(declared);
  for (const p of providers) seen.add(p.category);
  const categories = [...seen].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const rules = (Array.isArray(root.rules) ? root.rules : [])
    .map(ruleProvider)
    .filter((r): r is RuleView => r !== null);
  return { categories, providers, rules };
}

function rank(category: string): number {
  const i = CATEGORY_ORDER.indexOf(category);
  return i === -1 ? CATEGORY_ORDER.length : i;
}

export function findProvider(
  catalog: CatalogView | null,
  id: { category: string; provider: string; owner?: string },
): ProviderView | undefined {
  const providers = catalog?.providers ?? [];
  const sameOwner = (p: ProviderView) => !id.owner || p.owner === id.owner;
  return (
    providers.find((p) => p.category === id.category && p.provider === id.provider && sameOwner(p)) ??
    providers.find((p) => p.anyProviderName && p.category === id.category && sameOwner(p))
  );
}

/** Providers by category (in palette order), keeping those that match a filter text. */
export function groupProviders(providers: ProviderView[], categories: string[], filter: string) {
  const f = filter.trim().toLowerCase();
  return categories
    .map((category) => ({
      category,
      providers: providers.filter(
        (p) =>
          p.category === category &&
          (!f || `${p.displayName} ${p.provider} ${p.description}`.toLowerCase().includes(f)),
      ),
    }))
    .filter((g) => g.providers.length > 0);
}
