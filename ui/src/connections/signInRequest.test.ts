// "Sign in again" from a notification opens the sign-in the connection needs: the SSO device flow
// for an SSO connection, a prompt for a new MFA code for a connection whose MFA session ended
// (nothing is sent until the code is entered, and the code goes to the MFA sign-in).
import { beforeEach, describe, expect, it, vi } from "vitest";

const backend = vi.hoisted(() => ({
  calls: [] as string[],
  mfaError: null as { kind: string; message: string } | null,
}));

vi.mock("../backend", () => ({
  errorMessage: (e: unknown) => (e as { message?: string })?.message ?? String(e),
  api: {
    signInConnection: async (connection: string) => {
      backend.calls.push(`sso ${connection}`);
      return {
        connectionId: "id-dev",
        connection,
        userCode: "ABCD-EFGH",
        verificationUrl: "http://127.0.0.1:4000/sandbox/device?code=ABCD-EFGH",
        expiresAtMs: 1_000_600_000,
        opened: true,
      };
    },
    signInMfa: async (connection: string, code: string) => {
      backend.calls.push(`mfa ${connection} ${code}`);
      if (backend.mfaError) throw backend.mfaError;
      return {
        connectionId: "id-release",
        session: { expiresAtMs: 2_000_000_000, expired: false, label: "12 h 0 min left" },
      };
    },
  },
}));

import { closeSignIn, requestSignIn, submitMfaCode, useSignIn } from "./signIn";

beforeEach(() => {
  backend.calls = [];
  backend.mfaError = null;
  closeSignIn();
});

describe("Sign in again", () => {
  it("asks an MFA connection for a new code, then signs in with it", async () => {
    await requestSignIn({ connection: "release", method: "mfa" });
    expect(useSignIn.getState().view).toEqual({ step: "mfaCode", connection: "release", error: null });
    expect(backend.calls).toEqual([]);

    await submitMfaCode("222222");
    expect(backend.calls).toEqual(["mfa release 222222"]);
    expect(useSignIn.getState().view).toEqual({
      step: "mfaSignedIn",
      connection: "release",
      session: { expiresAtMs: 2_000_000_000, expired: false, label: "12 h 0 min left" },
    });
  });

  it("asks again when the code is not taken", async () => {
    backend.mfaError = { kind: "mfa-code-required", message: "enter the current MFA code" };
    await requestSignIn({ connection: "release", method: "mfa" });
    await submitMfaCode("000000");
    expect(useSignIn.getState().view).toEqual({
      step: "mfaCode",
      connection: "release",
      error: "enter the current MFA code",
    });
  });

  it("starts the device flow for an SSO connection", async () => {
    await requestSignIn({ connection: "dev", method: "sso" });
    expect(backend.calls).toEqual(["sso dev"]);
    expect(useSignIn.getState().view.step).toBe("waiting");
  });
});
