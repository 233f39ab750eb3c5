// Pure helpers of the triggers form: a pipeline's triggers (V2, CodeStarSourceConnection sources)
// start it on a push or a pull request, filtered by branches, tags and file paths, each with
// includes and excludes. Lists are typed as comma- or line-separated glob patterns. Every edit
// keeps the fields it does not touch. No React.
import type { FilterCriteria, GitPullRequestFilter, GitPushFilter, Trigger } from "../backend";

/** The pull request events a filter may name. */
export const PULL_REQUEST_EVENTS = ["OPEN", "UPDATED", "CLOSED"];

/** Which filter lists a push and a pull request filter have. */
export type PushField = "branches" | "tags" | "filePaths";
export type PullRequestField = "branches" | "filePaths";
export type Side = "includes" | "excludes";

/** Patterns as the form shows them: comma-separated. */
export function listText(list: string[] | undefined): string {
  return (list ?? []).join(", ");
}

/** Comma- or line-separated patterns, trimmed, blanks dropped. */
export function parseList(text: string): string[] {
  return text
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The criteria with one side replaced (removed when empty); undefined when nothing is left. */
export function setSide(
  criteria: FilterCriteria | undefined,
  side: Side,
  list: string[],
): FilterCriteria | undefined {
  const next: FilterCriteria = { ...(criteria ?? {}) };
  if (list.length) next[side] = list;
  else delete next[side];
  return Object.keys(next).length ? next : undefined;
}

/** A filter with one criteria list's side replaced (the criteria removed when empty). */
export function setFilterList<F extends GitPushFilter | GitPullRequestFilter>(
  filter: F,
  field: PushField,
  side: Side,
  list: string[],
): F {
  const next = { ...filter } as Record<string, unknown>;
  const criteria = setSide((filter as Record<string, FilterCriteria | undefined>)[field], side, list);
  if (criteria) next[field] = criteria;
  else delete next[field];
  return next as F;
}

/** A pull request filter with `event` on or off (no events: the service's default, all three). */
export function toggleEvent(filter: GitPullRequestFilter, event: string, on: boolean): GitPullRequestFilter {
  const events = new Set(filter.events ?? []);
  if (on) events.add(event);
  else events.delete(event);
  const next = { ...filter };
  const list = PULL_REQUEST_EVENTS.filter((e) => events.has(e)).concat(
    [...events].filter((e) => !PULL_REQUEST_EVENTS.includes(e)),
  );
  if (list.length) next.events = list;
  else delete next.events;
  return next;
}

/** A new trigger for `source`: pushes to main. */
export function newTrigger(source: string): Trigger {
  return {
    providerType: "CodeStarSourceConnection",
    gitConfiguration: { sourceActionName: source, push: [{ branches: { includes: ["main"] } }] },
  };
}

/** The trigger with its push (or pull request) filters replaced; the key removed when none. */
export function setFilters(
  trigger: Trigger,
  kind: "push" | "pullRequest",
  filters: GitPushFilter[] | GitPullRequestFilter[],
): Trigger {
  const git = { ...trigger.gitConfiguration } as Record<string, unknown>;
  if (filters.length) git[kind] = filters;
  else delete git[kind];
  return { ...trigger, gitConfiguration: git as Trigger["gitConfiguration"] };
}

/** The trigger pointed at another source action. */
export function setSource(trigger: Trigger, source: string): Trigger {
  return { ...trigger, gitConfiguration: { ...trigger.gitConfiguration, sourceActionName: source } };
}

/** The triggers with the one at `i` replaced (or removed with `undefined`); undefined when none
 * are left, so the design drops the key. */
export function replaceTrigger(
  triggers: Trigger[],
  i: number,
  next: Trigger | undefined,
): Trigger[] | undefined {
  const list =
    next === undefined ? triggers.filter((_, j) => j !== i) : triggers.map((t, j) => (j === i ? next : t));
  return list.length ? list : undefined;
}

/** A trigger in a few words, e.g. "push to main (not docs/**) on Source". */
export function triggerSummary(trigger: Trigger): string {
  const git = trigger.gitConfiguration;
  const criteria = (c: FilterCriteria | undefined, what: string) => {
    if (!c) return "";
    const inc = c.includes?.length ? `${what} ${c.includes.join(", ")}` : "";
    const exc = c.excludes?.length ? `not ${what} ${c.excludes.join(", ")}` : "";
    return [inc, exc].filter(Boolean).join(", ");
  };
  const parts: string[] = [];
  for (const p of git.push ?? []) {
    const where = [criteria(p.branches, "to"), criteria(p.tags, "tags"), criteria(p.filePaths, "touching")]
      .filter(Boolean)
      .join("; ");
    parts.push(where ? `push ${where}` : "any push");
  }
  for (const pr of git.pullRequest ?? []) {
    const events = pr.events?.length ? pr.events.join("/").toLowerCase() : "any";
    const where = [criteria(pr.branches, "into"), criteria(pr.filePaths, "touching")]
      .filter(Boolean)
      .join("; ");
    parts.push(`pull request ${events}${where ? ` ${where}` : ""}`);
  }
  return `${parts.length ? parts.join(", ") : "no filters"} on ${git.sourceActionName || "(no source)"}`;
}
