// @vitest-environment jsdom
import { beforeEach, describe, expect, it } from "vitest";
import { parseSourceChoice, plansOpenDesign, sourcePaths } from "./logic";
import { useSyncSource } from "./store";

const KEY = "pipewright.sync.source";

describe("what the Sync view plans", () => {
  beforeEach(() => {
    localStorage.clear();
    useSyncSource.getState().reload();
  });

  it("plans the open design until a folder is chosen, and a folder without an open design", () => {
    const none = { folder: null, source: null } as const;
    expect(plansOpenDesign(none, "/d/app.json")).toBe(true);
    expect(sourcePaths(null, "/d/app.json", plansOpenDesign(none, "/d/app.json"))).toEqual(["/d/app.json"]);
    expect(plansOpenDesign(none, null)).toBe(false);
    const folder = { folder: "/designs", source: "folder" } as const;
    expect(plansOpenDesign(folder, "/d/app.json")).toBe(false);
    expect(plansOpenDesign({ folder: "/designs", source: "open" }, "/d/app.json")).toBe(true);
    // The open design was chosen, but none is open now: the folder.
    expect(plansOpenDesign({ folder: "/designs", source: "open" }, null)).toBe(false);
    // "Folder" with no folder cannot be planned: the open design is.
    expect(plansOpenDesign({ folder: null, source: "folder" }, "/d/app.json")).toBe(true);
  });

  it("reads a stored choice, and nothing from a missing or foreign one", () => {
    expect(parseSourceChoice(null)).toEqual({ folder: null, source: null });
    expect(parseSourceChoice("not json")).toEqual({ folder: null, source: null });
    expect(parseSourceChoice('{"folder": 3, "source": "disk"}')).toEqual({ folder: null, source: null });
    expect(parseSourceChoice('{"folder": "/designs", "source": "open"}')).toEqual({
      folder: "/designs",
      source: "open",
    });
  });

  it("remembers the chosen folder and source across visits and restarts", () => {
    expect(useSyncSource.getState().folder).toBeNull();
    useSyncSource.getState().chooseFolder("/designs");
    expect(JSON.parse(localStorage.getItem(KEY) ?? "null")).toEqual({ folder: "/designs", source: "folder" });
    useSyncSource.getState().choose("open");
    // A restart: the store reads the stored choice again.
    useSyncSource.setState({ folder: null, source: null });
    useSyncSource.getState().reload();
    expect(useSyncSource.getState()).toMatchObject({ folder: "/designs", source: "open" });
  });
});
