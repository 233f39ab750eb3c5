import { describe, expect, it } from "vitest";
import { findProvider, normalizeCatalog } from "./catalog";

describe("catalog normalisation", () => {
  it("reads the core catalog's shape", () => {
    const view = normalizeCatalog({
      providers: [
        {
          category: "Deploy",
          owner: "AWS",
          provider: "CodeDeploy",
          version: "1",
          displayName: "AWS CodeDeploy",
          description: "Deploy to EC2",
          inputArtifacts: { min: 1, max: 1 },
          outputArtifacts: { min: 0, max: 0 },
          v2Only: false,
          legacy: false,
          config: [
            { name: "ApplicationName", required: true, secret: false, help: "The app" },
            { name: "Mode", required: false, secret: false, help: "", allowed: ["A", "B"], default: "A" },
          ],
        },
        { category: "Source", owner: "AWS", provider: "S3", version: "1", config: [] },
        { category: "Build", owner: "Custom", provider: "Jenkins", anyProviderName: true, config: [] },
      ],
    });
    expect(view.categories).toEqual(["Source", "Build", "Deploy"]);
    const deploy = view.providers[0];
    expect(deploy.key).toBe("Deploy-CodeDeploy");
    expect(deploy.inputs).toEqual({ min: 1, max: 1 });
    expect(deploy.configKeys[0]).toMatchObject({ name: "ApplicationName", required: true, choices: [] });
    expect(deploy.configKeys[1]).toMatchObject({ choices: ["A", "B"], defaultValue: "A" });
    expect(findProvider(view, { category: "Source", provider: "S3" })?.displayName).toBe("S3");
    expect(findProvider(view, { category: "Test", provider: "S3" })).toBeUndefined();
    // A Custom action matches the any-name entry whatever its provider name.
    expect(findProvider(view, { category: "Build", owner: "Custom", provider: "MyJenkins" })?.provider).toBe(
      "Jenkins",
    );
    expect(findProvider(view, { category: "Build", owner: "AWS", provider: "MyJenkins" })).toBeUndefined();
  });

  it("survives an unexpected shape", () => {
    expect(normalizeCatalog(null)).toEqual({ categories: [], providers: [], rules: [] });
    expect(normalizeCatalog({ providers: [{ nothing: true }] }).providers).toEqual([]);
  });
});

describe("palette groups", () => {
  it("groups by category in palette order and filters by name or description", async () => {
    const { groupProviders } = await import("./catalog");
    const view = normalizeCatalog({
      providers: [
        {
          category: "Deploy",
          owner: "AWS",
          provider: "CodeDeploy",
          displayName: "CodeDeploy",
          description: "EC2",
        },
        {
          category: "Source",
          owner: "AWS",
          provider: "S3",
          displayName: "S3 (source)",
          description: "bucket",
        },
        {
          category: "Source",
          owner: "AWS",
          provider: "CodeCommit",
          displayName: "CodeCommit",
          description: "git",
        },
      ],
    });
    const all = groupProviders(view.providers, view.categories, "");
    expect(all.map((g) => [g.category, g.providers.map((p) => p.provider)])).toEqual([
      ["Source", ["S3", "CodeCommit"]],
      ["Deploy", ["CodeDeploy"]],
    ]);
    expect(groupProviders(view.providers, view.categories, "BUCKET").map((g) => g.category)).toEqual([
      "Source",
    ]);
    expect(groupProviders(view.providers, view.categories, "nothing")).toEqual([]);
  });
});
