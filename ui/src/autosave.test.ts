import { beforeEach, describe, expect, it, vi } from "vitest";

const calls: { autosave: string[]; discard: string[] } = { autosave: [], discard: [] };
vi.mock("./backend", () => ({
  api: {
    autosave: async (key: string) => {
      calls.autosave.push(key);
    },
    discardRecovery: async (key: string) => {
      calls.discard.push(key);
    },
  },
  errorMessage: (e: unknown) => String(e),
}));

const { autosaveNow } = await import("./files");
const { useDesigner } = await import("./store");
const { sampleDoc } = await import("./model/fixtures");
const { addStage } = await import("./model/ops");

const store = () => useDesigner.getState();

describe("autosave to the recovery folder", () => {
  beforeEach(() => {
    calls.autosave = [];
    calls.discard = [];
  });

  it("keeps a copy of unsaved edits and drops it when the design is clean again", async () => {
    store().loadDocument(sampleDoc(), null, "json");
    await autosaveNow();
    expect(calls.autosave).toEqual([]); // an untouched new design
    store().edit((d) => addStage(d).doc);
    await autosaveNow();
    await autosaveNow(); // nothing changed since: no second write
    const key = store().recoveryKey;
    expect(calls.autosave).toEqual([key]);
    store().markSaved(store().history?.present ?? sampleDoc(), "/tmp/x.json", "json");
    await autosaveNow();
    expect(calls.discard).toEqual([key]);
  });

  it("leaves the copy of a design the user walked away from", async () => {
    store().loadDocument(sampleDoc(), null, "json");
    store().edit((d) => addStage(d).doc);
    await autosaveNow();
    const abandoned = store().recoveryKey;
    store().loadDocument(sampleDoc(), "/tmp/other.json", "json");
    await autosaveNow();
    expect(calls.autosave).toEqual([abandoned]);
    expect(calls.discard).toEqual([]);
  });
});
