// Small documents for the unit tests; not used by the app.
import type { Action, Document } from "../backend";
import type { ProviderView } from "./catalog";

/** Add fields the TypeScript types do not know (the backend keeps them; so must every edit). */
export function withExtra<T>(value: T, extra: Record<string, unknown>): T {
  return { ...value, ...extra };
}

/** Read a field the TypeScript types do not know. */
export function extraField(value: unknown, key: string): unknown {
  return (value as Record<string, unknown>)[key];
}

export function action(
  name: string,
  category: string,
  provider: string,
  extra: Partial<Action> = {},
): Action {
  return { name, actionTypeId: { category, owner: "AWS", provider, version: "1" }, ...extra };
}

/** A two-stage design with unknown fields at every level (as the backend passes them through). */
export function sampleDoc(): Document {
  const raw = {
    pipeline: {
      name: "demo",
      roleArn: "arn:aws:iam::123456789012:role/demo",
      stages: [
        {
          name: "Source",
          actions: [
            withExtra(
              action("Checkout", "Source", "CodeCommit", {
                outputArtifacts: [{ name: "SourceOutput" }],
                configuration: { RepositoryName: "repo", BranchName: "main" },
              }),
              { unknownActionField: { keep: true } },
            ),
          ],
          unknownStageField: 42,
        },
        {
          name: "Build",
          actions: [
            action("Compile", "Build", "CodeBuild", {
              runOrder: 1,
              inputArtifacts: [{ name: "SourceOutput" }],
              outputArtifacts: [{ name: "BuildOutput" }],
            }),
            action("Lint", "Build", "CodeBuild", { runOrder: 1, inputArtifacts: [{ name: "SourceOutput" }] }),
            action("Package", "Build", "CodeBuild", {
              runOrder: 2,
              inputArtifacts: [{ name: "BuildOutput" }],
              outputArtifacts: [{ name: "PackageOutput" }],
            }),
          ],
        },
      ],
      unknownPipelineField: "x",
    },
    pipewright: { format: 1, positions: { "stage:Build": { x: 1, y: 2 } }, notes: {} },
    extraTopLevel: [1, 2, 3],
  };
  return raw as unknown as Document;
}

export function provider(category: string, name: string, inputs = 0, outputs = 1): ProviderView {
  return {
    key: `${category}-${name}`,
    category,
    owner: "AWS",
    provider: name,
    version: "1",
    displayName: name,
    description: "",
    configKeys: [],
    inputs: { min: inputs, max: Math.max(inputs, 5) },
    outputs: { min: outputs, max: Math.max(outputs, 5) },
    v2Only: false,
    legacy: false,
    anyProviderName: false,
  };
}
