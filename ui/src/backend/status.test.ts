import { describe, expect, it } from "vitest";
import {
  humanWord,
  isRollback,
  isRunning,
  modeLabel,
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

describe("the words for enums", () => {
  it("turns service enums into words", () => {
    expect(humanWord("InProgress")).toBe("In progress");
    expect(humanWord("WaitingForApproval")).toBe("Waiting for approval");
    expect(humanWord("QUEUED")).toBe("Queued");
    expect(humanWord("FAILED")).toBe("Failed");
    expect(humanWord("UPDATE_ROLLBACK_COMPLETE")).toBe("Update rollback complete");
    expect(humanWord("CREATE_FAILED")).toBe("Create failed");
    expect(humanWord("InstanceFailed")).toBe("Instance failed");
  });

  it("leaves codes alone", () => {
    expect(humanWord("V2")).toBe("V2");
    expect(humanWord("S3")).toBe("S3");
    expect(humanWord("")).toBe("");
  });

  it("names the execution mode", () => {
    expect(modeLabel("QUEUED")).toBe("Queued mode");
    expect(modeLabel("PARALLEL")).toBe("Parallel mode");
    expect(modeLabel("SUPERSEDED")).toBe("Superseded mode");
    expect(modeLabel(null)).toBe("Superseded mode");
  });
});
