import { beforeEach, describe, expect, it, vi } from "vitest";

const backend = vi.hoisted(() => ({
  check: { currentVersion: "0.1.0", enabled: true, update: null } as {
    currentVersion: string;
    enabled: boolean;
    update: { version: string; notes: string | null; date: string | null } | null;
  },
  installError: null as { kind: string; message: string } | null,
  installs: 0,
  announce: null as ((u: { version: string; notes: string | null; date: string | null }) => void) | null,
  emitted: [] as string[],
}));

vi.mock("../backend", () => ({
  errorMessage: (e: unknown) => (e as { message?: string })?.message ?? String(e),
  api: {
    updateCheck: async () => backend.check,
    updateInstall: async () => {
      backend.installs += 1;
      if (backend.installError) throw backend.installError;
    },
    aboutInfo: async () => ({
      version: "0.1.0",
      build: "release",
      platform: "linux x86_64",
      installedFrom: "deb",
      webview: "2.50.4",
      updateEndpoint: "https://example.invalid/latest.json",
    }),
  },
  events: {
    onUpdateAvailable: async (
      handler: (u: { version: string; notes: string | null; date: string | null }) => void,
    ) => {
      backend.announce = handler;
      return () => {
        backend.announce = null;
      };
    },
    updatePromptReady: async () => {
      backend.emitted.push("update-prompt-ready");
    },
  },
}));

import { checkNow, dismiss, install, listenForUpdates, openAbout, useUpdates } from "./updates";

const v2 = { version: "0.2.0", notes: "Faster sync.", date: null };

beforeEach(() => {
  useUpdates.setState({
    offered: null,
    install: "idle",
    error: null,
    about: null,
    checkResult: null,
    checking: false,
  });
  backend.check = { currentVersion: "0.1.0", enabled: true, update: null };
  backend.installError = null;
  backend.installs = 0;
  backend.emitted = [];
});

describe("the update prompt", () => {
  it("tells the backend it listens only after it listens, and shows what the backend announces", async () => {
    const unlisten = await listenForUpdates();
    expect(backend.emitted).toEqual(["update-prompt-ready"]);
    expect(useUpdates.getState().offered).toBeNull();
    backend.announce?.(v2);
    expect(useUpdates.getState().offered).toEqual(v2);
    unlisten();
    expect(backend.announce).toBeNull();
  });

  it("installs nothing until asked, and Later hides the offer", async () => {
    await listenForUpdates();
    backend.announce?.(v2);
    expect(backend.installs).toBe(0);
    dismiss();
    expect(useUpdates.getState().offered).toBeNull();
    expect(backend.installs).toBe(0);
  });

  it("keeps the backend's sentence when an install is refused, and the offer on screen", async () => {
    useUpdates.setState({ offered: v2 });
    backend.installError = {
      kind: "bad-response",
      message:
        "Pipewright 0.2.0: its signature does not match this app's update key; Pipewright 0.1.0 still runs",
    };
    await install();
    expect(backend.installs).toBe(1);
    expect(useUpdates.getState()).toMatchObject({ install: "failed", offered: v2 });
    expect(useUpdates.getState().error).toMatch(/signature does not match.*0\.1\.0 still runs/);
  });
});

describe("the About box", () => {
  it("shows what runs, and a check offers a newer version or says there is none", async () => {
    await openAbout();
    expect(useUpdates.getState().about).toMatchObject({ version: "0.1.0", installedFrom: "deb" });
    await checkNow();
    expect(useUpdates.getState().checkResult).toBe("Pipewright 0.1.0 is the latest version.");
    expect(useUpdates.getState().offered).toBeNull();
    backend.check = { currentVersion: "0.1.0", enabled: true, update: v2 };
    await checkNow();
    expect(useUpdates.getState().checkResult).toBe("Pipewright 0.2.0 is available.");
    expect(useUpdates.getState().offered).toEqual(v2);
  });

  it("says when this build does not look for updates", async () => {
    backend.check = { currentVersion: "0.1.0", enabled: false, update: null };
    await checkNow();
    expect(useUpdates.getState().checkResult).toBe("This build does not look for updates.");
  });
});
