// @vitest-environment jsdom
// "Copy details": an error's technical rest goes to the clipboard (or shows in place when the
// clipboard refuses); an error without details shows no control; the control room's notice
// carries the backend's details.
import { act, createElement } from "react";
import { createRoot, type Root } from "react-dom/client";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { errorDetails, errorMessage } from "../backend";
import { notifyError, useControl } from "../control/store";
import { CopyDetails } from "./CopyDetails";

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let host: HTMLDivElement;
let root: Root;

beforeEach(() => {
  host = document.createElement("div");
  document.body.append(host);
  root = createRoot(host);
});

afterEach(() => {
  act(() => root.unmount());
  host.remove();
  vi.unstubAllGlobals();
});

const sdkDump =
  "response error: unhandled error (ResponseError(ResponseError { raw: Response { status: StatusCode(500) } }))";
const backendError = {
  kind: "service",
  message: "The service failed during ListPipelines (HTTP 500); try again in a moment",
  details: sdkDump,
};

function button(): HTMLButtonElement | null {
  return host.querySelector('[data-testid="copy-details"]');
}

describe("Copy details", () => {
  it("reads the message and the details of a backend error apart", () => {
    expect(errorMessage(backendError)).toBe(backendError.message);
    expect(errorDetails(backendError)).toBe(sdkDump);
    expect(errorDetails({ kind: "not-found", message: "Pipeline `web` does not exist" })).toBeNull();
    expect(errorDetails({ kind: "io", message: "x", details: "" })).toBeNull();
  });

  it("copies the details to the clipboard and says so", async () => {
    const writeText = vi.fn(() => Promise.resolve());
    vi.stubGlobal("navigator", { clipboard: { writeText } });
    act(() => root.render(createElement(CopyDetails, { details: sdkDump })));
    expect(button()?.textContent).toBe("Copy details");
    // The details are not on screen: only behind the button.
    expect(host.textContent).not.toContain("ResponseError");
    await act(async () => button()?.click());
    expect(writeText).toHaveBeenCalledWith(sdkDump);
    expect(button()?.textContent).toBe("Details copied");
  });

  it("shows the details in place when the clipboard refuses", async () => {
    vi.stubGlobal("navigator", { clipboard: { writeText: () => Promise.reject(new Error("denied")) } });
    act(() => root.render(createElement(CopyDetails, { details: sdkDump })));
    await act(async () => button()?.click());
    expect(host.querySelector('[data-testid="error-details"]')?.textContent).toBe(sdkDump);
  });

  it("shows no control when there are no details", () => {
    act(() => root.render(createElement(CopyDetails, { details: null })));
    expect(button()).toBeNull();
    expect(host.innerHTML).toBe("");
  });

  it("keeps a failed call's details with the control room's notice", () => {
    notifyError(backendError);
    expect(useControl.getState().notice).toEqual({
      kind: "error",
      text: backendError.message,
      details: sdkDump,
    });
  });
});
