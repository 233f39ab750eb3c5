import { beforeEach, describe, expect, it, vi } from "vitest";

const calls: { newDocument: [string | null, Record<string, string> | null][] } = { newDocument: [] };
vi.mock("./backend", () => ({
  api: {
    newDocument: async (template: string | null, values: Record<string, string> | null) => {
      calls.newDocument.push([template, values]);
      const { sampleDoc } = await import("./model/fixtures");
      return sampleDoc();
    },
  },
  errorMessage: (e: unknown) => String(e),
}));
vi.mock("./shell/chunks", () => ({ workspaceChunk: { prefetch: async () => undefined } }));

const { filledValues, newDesign, pickTemplate } = await import("./files");
const { useDesigner } = await import("./store");

const store = () => useDesigner.getState();
const settle = () => new Promise((r) => setTimeout(r, 0));

describe("a design from a template asks for its values", () => {
  beforeEach(() => {
    calls.newDocument = [];
    store().closeTemplateForm();
    store().setTemplates([
      {
        id: "manual-approval",
        title: "Manual approval before production",
        description: "",
        placeholders: [
          { name: "AppName", help: "The application's name.", example: "shop" },
          { name: "AccountId", help: "The AWS account.", example: "123456789012" },
        ],
        files: [],
      },
      { id: "plain", title: "Plain", description: "", placeholders: [], files: [] },
    ]);
  });

  it("opens the form for a template with placeholders, and creates the others at once", async () => {
    store().openNewDialog();
    pickTemplate("manual-approval");
    expect(store().templateForm).toBe("manual-approval");
    expect(store().newDialog).toBe(false);
    await settle();
    expect(calls.newDocument).toEqual([]);
    pickTemplate("plain");
    await vi.waitFor(() => expect(calls.newDocument).toEqual([["plain", null]]));
    pickTemplate(null);
    await vi.waitFor(() =>
      expect(calls.newDocument).toEqual([
        ["plain", null],
        [null, null],
      ]),
    );
  });

  it("sends the values typed, trimmed, leaving the empty ones to fill later", async () => {
    expect(filledValues({ AppName: " shop ", AccountId: "  ", Region: "" })).toEqual({ AppName: "shop" });
    newDesign("manual-approval", { AppName: " shop ", AccountId: "" });
    await vi.waitFor(() => expect(calls.newDocument).toEqual([["manual-approval", { AppName: "shop" }]]));
  });
});
