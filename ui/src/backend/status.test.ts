import { describe, expect, it } from "vitest";
import {
  isRollback,
  isRunning,
  RUN_STATUSES,
  runStatus,
  STATUS_LABELS,
  shownStatus,
  statusLabel,
  statusTone,
} from "./status";

describe("the status words", () => {
  it("keeps every status the backend documents", () => {
    // Cancelled | InProgress | Stopped | Stopping | Succeeded | Superseded | Failed (executions),
    // Skipped (stages), Abandoned (actions).
    for (const word of [
      "Cancelled",
      "InProgress",
      "Stopped",
      "Stopping",
      "Succeeded",
      "Superseded",
      "Failed",
      "Skipped",
      "Abandoned",
    ])
      expect(runStatus(word)).toBe(word);
  });

  it("turns any other word into Unknown, and no run into Not run", () => {
    expect(runStatus("Paused")).toBe("Unknown");
    expect(runStatus("")).toBe("Unknown");
    expect(runStatus("succeeded")).toBe("Unknown");
    expect(runStatus("constructor")).toBe("Unknown");
    expect(runStatus("Unknown")).toBe("Unknown");
    expect(shownStatus(null)).toBe("NotRun");
    expect(shownStatus(undefined)).toBe("NotRun");
    expect(shownStatus("WaitingForApproval")).toBe("Unknown");
  });

  it("says each status in words", () => {
    expect(statusLabel("InProgress")).toBe("In progress");
    expect(statusLabel("Succeeded")).toBe("Succeeded");
    expect(statusLabel("WaitingForApproval")).toBe("Waiting for approval");
    expect(statusLabel("NotRun")).toBe("Not run");
    expect(statusLabel(runStatus("Paused"))).toBe("Unknown");
    for (const s of RUN_STATUSES) expect(STATUS_LABELS[s]).toMatch(/^[A-Z][a-z]+( [a-z]+)*$/);
  });

  it("gives each status a colour family", () => {
    expect(statusTone("Succeeded")).toBe("ok");
    expect(statusTone("InProgress")).toBe("running");
    expect(statusTone("Stopping")).toBe("running");
    expect(statusTone("Failed")).toBe("failed");
    expect(statusTone("Superseded")).toBe("stopped");
    expect(statusTone("WaitingForApproval")).toBe("waiting");
    expect(statusTone("NotRun")).toBe("idle");
    expect(statusTone(runStatus("Paused"))).toBe("idle");
  });

  it("knows a run under way and a rollback", () => {
    expect(isRunning("InProgress")).toBe(true);
    expect(isRunning("Stopping")).toBe(true);
    expect(isRunning("Succeeded")).toBe(false);
    expect(isRunning(null)).toBe(false);
    expect(isRollback("ROLLBACK")).toBe(true);
    expect(isRollback("STANDARD")).toBe(false);
    expect(isRollback(null)).toBe(false);
  });
});
