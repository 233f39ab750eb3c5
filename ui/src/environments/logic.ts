// Environments in the designer: the pure part. Reading `pipewright.environments`, immutable edits
// of it that keep every field this UI does not know, and the human phrasing of the differences
// core computes between two rendered environments.
import type { Action, Difference, Document, Environment, Stage } from "../backend";
import { pointerTokens } from "../model/pointer";

export type Environments = Record<string, Environment>;

/** The environments the design defines, keyed by name, in file order (empty: none). */
export function environmentsOf(doc: Document): Environments {
  const envs = doc.pipewright?.environments;
  return envs ? (envs as Environments) : {};
}

export function environmentNames(doc: Document): string[] {
  return Object.keys(environmentsOf(doc));
}

/** The environment shown, if it (still) exists in the design; null = the base design. */
export function activeEnvironment(doc: Document, wanted: string | null): string | null {
  return wanted !== null && wanted in environmentsOf(doc) ? wanted : null;
}

/** The environment to compare `env` with: the one chosen if valid, else the first other one. */
export function compareTarget(doc: Document, env: string, wanted: string | null): string | null {
  const others = environmentNames(doc).filter((n) => n !== env);
  if (wanted !== null && others.includes(wanted)) return wanted;
  return others[0] ?? null;
}

// ---------------------------------------------------------------------------------------------
// Edits. Each returns a new document, spreading every object on the way down.

function withEnvironments(doc: Document, f: (envs: Environments) => Environments): Document {
  const pipewright = doc.pipewright ?? { format: 1 };
  const next = f(environmentsOf(doc));
  const copy = { ...pipewright } as Record<string, unknown>;
  if (Object.keys(next).length === 0) delete copy.environments;
  else copy.environments = next;
  return { ...doc, pipewright: copy as Document["pipewright"] };
}

function withEnvironment(doc: Document, name: string, f: (env: Environment) => Environment): Document {
  const envs = environmentsOf(doc);
  const env = envs[name];
  if (!env) return doc;
  return withEnvironments(doc, (all) => ({ ...all, [name]: f(env) }));
}

/** Set or remove (empty) a key of a string map; the map itself goes when it ends up empty. */
function setInMap(
  map: Record<string, string | undefined> | undefined,
  key: string,
  value: string | null,
): Record<string, string> | undefined {
  const copy = { ...(map ?? {}) } as Record<string, string>;
  if (value === null || value === "") delete copy[key];
  else copy[key] = value;
  return Object.keys(copy).length === 0 ? undefined : copy;
}

function setOptional<T extends object>(obj: T, key: string, value: unknown): T {
  const copy = { ...obj } as Record<string, unknown>;
  if (value === undefined || value === null || value === "") delete copy[key];
  else copy[key] = value;
  return copy as T;
}

export const ENVIRONMENT_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/;

/** Why `name` cannot be a new environment, or null when it can. */
export function environmentNameProblem(doc: Document, name: string): string | null {
  if (!name.trim()) return "Type a name for the environment, e.g. dev, staging or prod.";
  if (!ENVIRONMENT_NAME.test(name))
    return "Use letters, digits, - and _ only (up to 32 characters), starting with a letter or digit.";
  if (name in environmentsOf(doc)) return `The design already has an environment named ${name}.`;
  return null;
}

/** Add environment `name` with the name suffix `-<name>` (unchanged when the name is not usable). */
export function addEnvironment(doc: Document, name: string): Document {
  if (environmentNameProblem(doc, name) !== null) return doc;
  return withEnvironments(doc, (envs) => ({ ...envs, [name]: { nameSuffix: `-${name}` } }));
}

export function removeEnvironment(doc: Document, name: string): Document {
  if (!(name in environmentsOf(doc))) return doc;
  return withEnvironments(doc, (envs) => {
    const copy = { ...envs };
    delete copy[name];
    return copy;
  });
}

/** Set the name suffix or the branch of an environment; empty removes it (the base applies). */
export function setEnvironmentField(
  doc: Document,
  env: string,
  field: "nameSuffix" | "branch",
  value: string,
): Document {
  return withEnvironment(doc, env, (e) => setOptional(e, field, value));
}

/** Override (or, with null / empty, stop overriding) the default of a pipeline variable. */
export function setEnvironmentVariable(
  doc: Document,
  env: string,
  name: string,
  value: string | null,
): Document {
  return withEnvironment(doc, env, (e) => setOptional(e, "variables", setInMap(e.variables, name, value)));
}

/** Override (or stop overriding) configuration key `key` of action `target` (`<stage>/<action>`). */
export function setConfigurationOverride(
  doc: Document,
  env: string,
  target: string,
  key: string,
  value: string | null,
): Document {
  return withEnvironment(doc, env, (e) => {
    const all = { ...(e.configuration ?? {}) } as Record<string, Record<string, string> | undefined>;
    const next = setInMap(all[target], key, value);
    if (next) all[target] = next;
    else delete all[target];
    return setOptional(e, "configuration", Object.keys(all).length === 0 ? undefined : all);
  });
}

/** Add a manual approval stage to one environment, before base stage `before` (null: at the end). */
export function addApprovalStage(doc: Document, env: string, before: string | null): Document {
  return withEnvironment(doc, env, (e) => {
    const extra = e.extraStages ?? [];
    const taken = [...doc.pipeline.stages.map((s) => s.name), ...extra.map((x) => x.stage.name)];
    let name = "Approve";
    for (let n = 2; taken.includes(name); n++) name = `Approve-${n}`;
    const stage = {
      name,
      actions: [
        {
          name: `${name}${env.charAt(0).toUpperCase()}${env.slice(1)}`.replace(/[^A-Za-z0-9_-]/g, ""),
          actionTypeId: { category: "Approval", owner: "AWS", provider: "Manual", version: "1" },
          runOrder: 1,
          configuration: { CustomData: `Approve the release to ${env}.` },
        },
      ],
    } as Stage;
    return { ...e, extraStages: [...extra, before ? { before, stage } : { stage }] };
  });
}

/** Remove the extra stage at `index` of an environment (the list goes when empty). */
export function removeExtraStage(doc: Document, env: string, index: number): Document {
  return withEnvironment(doc, env, (e) => {
    const extra = (e.extraStages ?? []).filter((_, i) => i !== index);
    return setOptional(e, "extraStages", extra.length ? extra : undefined);
  });
}

/** `<stage>/<action>` of every action of the base design: what an override can target. */
export function overrideTargets(doc: Document): string[] {
  return doc.pipeline.stages.flatMap((s) => s.actions.map((a) => `${s.name}/${a.name}`));
}

/** The base action a target names, if it exists. */
export function targetAction(doc: Document, target: string): Action | null {
  const slash = target.indexOf("/");
  if (slash < 0) return null;
  const stage = doc.pipeline.stages.find((s) => s.name === target.slice(0, slash));
  return stage?.actions.find((a) => a.name === target.slice(slash + 1)) ?? null;
}

// ---------------------------------------------------------------------------------------------
// Differences, phrased.

/** A value as one short line: strings as they are, the rest as JSON. */
export function showValue(v: unknown): string {
  if (v === undefined || v === null) return "(not set)";
  const text = typeof v === "string" ? v : JSON.stringify(v);
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

function named(items: unknown, i: number): { name?: string } | undefined {
  return Array.isArray(items) ? (items[i] as { name?: string } | undefined) : undefined;
}

/**
 * One difference in words, e.g. `Deploy/Deploy EnvironmentName: web-dev -> web-prod` or
 * `stage Approve only in prod`. Core pairs stages and actions by name and indexes the LEFT
 * document, except for a stage or action only the right one has (the pointer's last index is
 * then the right document's).
 */
export function phraseDifference(
  d: Difference,
  left: Document,
  right: Document,
  leftName: string,
  rightName: string,
): string {
  const t = pointerTokens(d.pointer);
  const onlyIn = d.left === undefined || d.left === null ? rightName : leftName;
  const change = `${showValue(d.left)} -> ${showValue(d.right)}`;
  const whole = d.left === undefined || d.left === null || d.right === undefined || d.right === null;
  if (t[0] !== "pipeline") return `${t.join("/") || "document"}: ${change}`;

  if (t[1] === "stages" && t.length >= 3) {
    const si = Number(t[2]);
    // The stage: from the left document unless it is the right-only node itself.
    const stageFromRight = t.length === 3 && (d.left === undefined || d.left === null);
    const stage = (stageFromRight ? right : left).pipeline.stages[si] as Stage | undefined;
    const stageName = stage?.name ?? `#${si + 1}`;
    if (t.length === 3) return `stage ${stageName} only in ${onlyIn}`;
    if (t[3] === "actions" && t.length >= 5) {
      const ai = Number(t[4]);
      const actionFromRight = t.length === 5 && (d.left === undefined || d.left === null);
      const owner = actionFromRight ? right.pipeline.stages.find((s) => s.name === stageName) : stage;
      const action = owner?.actions[ai];
      const actionName = `${stageName}/${action?.name ?? `#${ai + 1}`}`;
      if (t.length === 5) return `action ${actionName} only in ${onlyIn}`;
      const rest = t.slice(5);
      const field = rest[0] === "configuration" && rest.length === 2 ? rest[1] : rest.join("/");
      return `${actionName} ${field}: ${change}`;
    }
    return `stage ${stageName} ${t.slice(3).join("/")}: ${change}`;
  }

  if (t[1] === "name" && t.length === 2) return `pipeline name: ${change}`;
  if (t[1] === "variables" && t.length >= 3) {
    const v = named(
      (whole && t.length === 3 ? (d.left ? left : right) : left).pipeline.variables,
      Number(t[2]),
    );
    const label = `variable ${v?.name ?? `#${Number(t[2]) + 1}`}`;
    if (t.length === 3) return `${label} only in ${onlyIn}`;
    if (t[3] === "defaultValue" && t.length === 4) return `${label} default: ${change}`;
    return `${label} ${t.slice(3).join("/")}: ${change}`;
  }
  if (t[1] === "triggers" && t.length === 2) {
    // Triggers have no names, so core reports the whole list: say what each one starts on.
    const show = (v: unknown) =>
      Array.isArray(v) && v.length > 0
        ? v.map(describeTrigger).join("; ")
        : showValue(Array.isArray(v) ? null : v);
    return `triggers: ${show(d.left)} -> ${show(d.right)}`;
  }
  if (t[1] === "triggers" && t.length >= 3) {
    const trigger =
      (left.pipeline.triggers ?? [])[Number(t[2])] ?? (right.pipeline.triggers ?? [])[Number(t[2])];
    const label = `trigger for ${trigger?.gitConfiguration?.sourceActionName ?? `#${Number(t[2]) + 1}`}`;
    const path = t.slice(3).join("/");
    if (/branches\/includes/.test(path)) return `${label} branches: ${change}`;
    return path ? `${label} ${path}: ${change}` : `${label} only in ${onlyIn}`;
  }
  return `pipeline ${t.slice(1).join("/")}: ${change}`;
}

/** `Source on push to develop` for a V2 trigger (as JSON from the document). */
export function describeTrigger(trigger: unknown): string {
  const git = (trigger as { gitConfiguration?: Record<string, unknown> })?.gitConfiguration ?? {};
  const source = typeof git.sourceActionName === "string" ? git.sourceActionName : "?";
  const parts: string[] = [];
  for (const kind of ["push", "pullRequest"] as const) {
    const filters = Array.isArray(git[kind]) ? (git[kind] as Record<string, unknown>[]) : [];
    for (const f of filters) {
      const branches = (f.branches as { includes?: string[] } | undefined)?.includes;
      const tags = (f.tags as { includes?: string[] } | undefined)?.includes;
      const what = branches?.length
        ? branches.join(", ")
        : tags?.length
          ? `tags ${tags.join(", ")}`
          : "any branch";
      parts.push(`${kind === "push" ? "push to" : "pull request on"} ${what}`);
    }
  }
  return `${source} on ${parts.length ? parts.join(" or ") : "any change"}`;
}

// ---------------------------------------------------------------------------------------------
// GitHub version 1 sources.

export interface GithubV1Source {
  stage: string;
  action: string;
  /** JSON pointer of the action in the design. */
  pointer: string;
}

/** Every ThirdParty/GitHub source action (GitHub version 1, OAuth) of the design. */
export function githubV1Sources(doc: Document): GithubV1Source[] {
  const out: GithubV1Source[] = [];
  doc.pipeline.stages.forEach((s, si) => {
    s.actions.forEach((a, ai) => {
      const t = a.actionTypeId;
      if (t?.category === "Source" && t.owner === "ThirdParty" && t.provider === "GitHub")
        out.push({ stage: s.name, action: a.name, pointer: `/pipeline/stages/${si}/actions/${ai}` });
    });
  });
  return out;
}
