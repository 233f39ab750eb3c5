import { describe, expect, it } from "vitest";
import type { SignInEvent, SignInWaiting } from "../backend";
import { type SignInView, sessionNote, signInStep, timeLeft } from "./signIn";

const waiting: SignInWaiting = {
  connectionId: "id-1",
  connection: "prod",
  userCode: "ABCD-EFGH",
  verificationUrl: "http://127.0.0.1:4000/sandbox/device?code=ABCD-EFGH",
  expiresAtMs: 1_000_600_000,
  opened: true,
};

const event = (state: SignInEvent["state"], connection = "prod", connectionId = "id-1"): SignInEvent => ({
  connectionId,
  connection,
  state,
});

const run = (...actions: Parameters<typeof signInStep>[1][]): SignInView =>
  actions.reduce(signInStep, { step: "closed" } as SignInView);

describe("the sign-in dialog's states", () => {
  it("starts, waits with the code, and ends signed in", () => {
    const session = { expiresAtMs: 2_000_000_000, expired: false, label: "8 h 0 min left" };
    expect(run({ type: "start", connection: "id-1" })).toEqual({ step: "starting", connection: "id-1" });
    const w = run({ type: "start", connection: "id-1" }, { type: "started", waiting });
    expect(w).toEqual({ step: "waiting", connection: "id-1", waiting });
    expect(signInStep(w, { type: "event", event: event({ state: "signedIn", session }) })).toEqual({
      step: "signedIn",
      connection: "id-1",
      session,
    });
  });

  it("takes the waiting event when it comes before the command's answer", () => {
    const v = run(
      { type: "start", connection: "prod" },
      { type: "event", event: event({ state: "waiting", ...waiting }) },
      { type: "started", waiting },
    );
    expect(v.step).toBe("waiting");
    expect(v.step === "waiting" && v.waiting.userCode).toBe("ABCD-EFGH");
  });

  it("says why it failed: at the start, or denied later", () => {
    expect(run({ type: "start", connection: "env" }, { type: "startFailed", message: "not SSO" })).toEqual({
      step: "failed",
      connection: "env",
      message: "not SSO",
    });
    const denied = run(
      { type: "start", connection: "prod" },
      { type: "started", waiting },
      { type: "event", event: event({ state: "failed", message: "the sign-in was denied in the browser" }) },
    );
    expect(denied).toEqual({
      step: "failed",
      connection: "prod",
      message: "the sign-in was denied in the browser",
    });
  });

  it("is cancelled, and then ignores a late outcome", () => {
    const cancelled = run(
      { type: "start", connection: "id-1" },
      { type: "started", waiting },
      { type: "event", event: event({ state: "cancelled" }) },
    );
    expect(cancelled).toEqual({ step: "cancelled", connection: "id-1" });
    const late = signInStep(cancelled, {
      type: "event",
      event: event({ state: "failed", message: "too late" }),
    });
    expect(late).toBe(cancelled);
  });

  it("ignores another connection's events and events after it closed", () => {
    const w = run({ type: "start", connection: "id-1" }, { type: "started", waiting });
    const other = event({ state: "failed", message: "no" }, "dev", "id-2");
    expect(signInStep(w, { type: "event", event: other })).toBe(w);
    const closed = signInStep(w, { type: "close" });
    expect(closed).toEqual({ step: "closed" });
    expect(signInStep(closed, { type: "event", event: event({ state: "cancelled" }) })).toEqual({
      step: "closed",
    });
    // The answer to a request whose dialog was closed meanwhile does not open it again.
    expect(signInStep(closed, { type: "started", waiting })).toEqual({ step: "closed" });
  });
});

describe("time left", () => {
  it("counts down a code and says a session's state", () => {
    const now = 1_000_000_000;
    expect(timeLeft(now + 598_000, now)).toBe("9 min 58 s");
    expect(timeLeft(now + 3_900_000, now)).toBe("1 h 5 min");
    expect(timeLeft(now - 5, now)).toBe("0 s");
    expect(sessionNote({ expiresAtMs: null, expired: true, label: "not signed in" }, now)).toEqual({
      tone: "expired",
      text: "SSO: not signed in",
    });
    expect(sessionNote({ expiresAtMs: now + 8 * 3_600_000, expired: false, label: "" }, now)).toEqual({
      tone: "ok",
      text: "SSO session: 8 h 0 min left",
    });
    expect(sessionNote({ expiresAtMs: now + 20 * 60_000, expired: false, label: "" }, now)).toEqual({
      tone: "soon",
      text: "SSO session ends in 20 min 0 s: sign in again ahead of it",
    });
    // Ended since it was read.
    expect(sessionNote({ expiresAtMs: now - 1, expired: false, label: "" }, now).tone).toBe("expired");
  });
});
