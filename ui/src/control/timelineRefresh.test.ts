import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Seen, Timeline } from "../backend";

const controlTimeline = vi.fn();
vi.mock("../backend", async (importOriginal) => {
  const real = await importOriginal<typeof import("../backend")>();
  return { ...real, api: { ...real.api, controlTimeline: (...a: unknown[]) => controlTimeline(...a) } };
});

const { closeTimeline, openTimeline, refreshTimeline, useTimeline } = await import("./timeline");

const seen = { connection: "sandbox", region: "us-east-1" } as unknown as Seen;

function run(status: Timeline["status"], asOf: string): Timeline {
  return {
    pipeline: "web",
    pipelineExecutionId: "e1",
    status,
    statusSummary: null,
    triggerType: null,
    triggerDetail: null,
    revisions: [],
    startTime: "2026-12-06T10:00:00Z",
    endTime: null,
    durationMs: null,
    asOf,
    stages: [],
  } as unknown as Timeline;
}

describe("an open timeline while its run goes on", () => {
  beforeEach(() => {
    closeTimeline();
    controlTimeline.mockReset();
  });

  it("is read again on a change of its pipeline until the run ends, then left alone", async () => {
    controlTimeline.mockResolvedValueOnce(run("InProgress", "10:01"));
    await openTimeline("web", "e1", seen);
    controlTimeline.mockResolvedValueOnce(run("InProgress", "10:02"));
    await refreshTimeline("web");
    expect(useTimeline.getState().timeline?.asOf).toBe("10:02");
    // Another pipeline's change does not read this one.
    await refreshTimeline("api");
    expect(controlTimeline).toHaveBeenCalledTimes(2);
    controlTimeline.mockResolvedValueOnce(run("Succeeded", "10:03"));
    await refreshTimeline(null);
    expect(useTimeline.getState().timeline?.status).toBe("Succeeded");
    await refreshTimeline("web");
    expect(controlTimeline).toHaveBeenCalledTimes(3);
    expect(controlTimeline).toHaveBeenLastCalledWith("web", "e1", seen);
  });

  it("keeps the last timeline when a read fails, and reads nothing once closed", async () => {
    controlTimeline.mockResolvedValueOnce(run("InProgress", "10:01"));
    await openTimeline("web", "e1", seen);
    controlTimeline.mockRejectedValueOnce(new Error("throttled"));
    await refreshTimeline("web");
    expect(useTimeline.getState().timeline?.asOf).toBe("10:01");
    expect(useTimeline.getState().error).toBeNull();
    closeTimeline();
    await refreshTimeline("web");
    expect(controlTimeline).toHaveBeenCalledTimes(2);
  });
});
