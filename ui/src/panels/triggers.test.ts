import { describe, expect, it } from "vitest";
import type { Trigger } from "../backend";
import {
  listText,
  newTrigger,
  parseList,
  replaceTrigger,
  setFilterList,
  setFilters,
  setSide,
  setSource,
  toggleEvent,
  triggerSummary,
} from "./triggers";

describe("the triggers form", () => {
  it("reads comma- or line-separated patterns", () => {
    expect(parseList(" main, release/*\nhotfix/** ,, ")).toEqual(["main", "release/*", "hotfix/**"]);
    expect(listText(["main", "release/*"])).toBe("main, release/*");
    expect(listText(undefined)).toBe("");
  });

  it("sets includes and excludes, dropping what is empty", () => {
    expect(setSide(undefined, "includes", ["main"])).toEqual({ includes: ["main"] });
    expect(setSide({ includes: ["main"], excludes: ["x"] }, "excludes", [])).toEqual({ includes: ["main"] });
    expect(setSide({ includes: ["main"] }, "includes", [])).toBeUndefined();
    const f = setFilterList({ branches: { includes: ["main"] } }, "filePaths", "excludes", ["docs/**"]);
    expect(f).toEqual({ branches: { includes: ["main"] }, filePaths: { excludes: ["docs/**"] } });
    expect(setFilterList(f, "branches", "includes", [])).toEqual({ filePaths: { excludes: ["docs/**"] } });
  });

  it("turns pull request events on and off in the service's order", () => {
    let f = toggleEvent({}, "CLOSED", true);
    f = toggleEvent(f, "OPEN", true);
    expect(f.events).toEqual(["OPEN", "CLOSED"]);
    expect(toggleEvent(toggleEvent(f, "OPEN", false), "CLOSED", false)).toEqual({});
  });

  it("edits one trigger and keeps the others and unknown fields", () => {
    const t = newTrigger("Source");
    expect(t).toEqual({
      providerType: "CodeStarSourceConnection",
      gitConfiguration: { sourceActionName: "Source", push: [{ branches: { includes: ["main"] } }] },
    });
    const withPr = setFilters(t, "pullRequest", [{ events: ["OPEN"], branches: { includes: ["main"] } }]);
    expect(withPr.gitConfiguration.push).toEqual(t.gitConfiguration.push);
    expect(setFilters(withPr, "push", []).gitConfiguration).not.toHaveProperty("push");
    const extra = { ...t, future: 1 } as Trigger;
    expect(setSource(extra, "App")).toMatchObject({
      future: 1,
      gitConfiguration: { sourceActionName: "App" },
    });
    expect(replaceTrigger([t, withPr], 0, undefined)).toEqual([withPr]);
    expect(replaceTrigger([t], 0, undefined)).toBeUndefined();
    expect(replaceTrigger([t, t], 1, withPr)).toEqual([t, withPr]);
  });

  it("sums a trigger up in words", () => {
    const t = setFilters(newTrigger("Source"), "pullRequest", [
      { events: ["OPEN", "UPDATED"], branches: { includes: ["main"] }, filePaths: { excludes: ["docs/**"] } },
    ]);
    expect(triggerSummary(t)).toBe(
      "push to main, pull request open/updated into main; not touching docs/** on Source",
    );
    const tags = setFilters(newTrigger("Source"), "push", [{ tags: { includes: ["v*"] } }, {}]);
    expect(triggerSummary(tags)).toBe("push tags v*, any push on Source");
    expect(triggerSummary(setFilters(newTrigger(""), "push", []))).toBe("no filters on (no source)");
  });
});
