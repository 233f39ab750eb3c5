import { describe, expect, it } from "vitest";
import type { ActiveConnection, AppInfo } from "../backend";
import { attentionOf } from "../control/logic";
import { useNav, VIEWS } from "../shell/nav";
import { connectionTitle, useConnection } from "./active";

const prod: ActiveConnection = {
  id: "id-1",
  name: "prod",
  kind: "accessKey",
  region: "eu-west-1",
  endpointUrl: null,
  isSandbox: false,
  title: "prod · eu-west-1",
};

const sandboxInfo: AppInfo = {
  version: "9.9.9",
  connectionLabel: "Local sandbox",
  sandbox: true,
  firstView: "control",
};

describe("the connection the title area names", () => {
  it("is the active connection once the backend said which one it is", () => {
    expect(connectionTitle({ active: prod, known: true }, sandboxInfo)).toEqual({
      label: "prod · eu-west-1",
      sandbox: false,
    });
  });

  it("is the backend's own label before that, and while none is active", () => {
    const local = { label: "Local sandbox", sandbox: true };
    expect(connectionTitle({ active: null, known: false }, sandboxInfo)).toEqual(local);
    expect(connectionTitle({ active: null, known: true }, sandboxInfo)).toEqual(local);
  });

  it("is the local sandbox while the backend has not answered", () => {
    expect(connectionTitle({ active: null, known: false }, null)).toEqual({
      label: "Local sandbox",
      sandbox: false,
    });
  });

  it("is known once set, even when none is active", () => {
    useConnection.setState({ active: null, known: false });
    useConnection.getState().setActive(null);
    expect(useConnection.getState()).toMatchObject({ active: null, known: true });
    useConnection.getState().setActive(prod);
    expect(useConnection.getState()).toMatchObject({ active: prod, known: true });
  });
});

describe("the bar's tabs", () => {
  it("lists the four views in order, the control room last", () => {
    expect(VIEWS.map((v) => v.view)).toEqual(["design", "sync", "settings", "control"]);
    expect(VIEWS.map((v) => v.label)).toEqual(["Design", "Sync review", "Connections", "Control room"]);
  });

  it("starts on the backend's first view until a view is asked for, then keeps the choice", () => {
    useNav.setState({ view: "design", chosen: false });
    useNav.getState().startOn("control");
    expect(useNav.getState()).toMatchObject({ view: "control", chosen: false });
    useNav.getState().setView("sync");
    expect(useNav.getState()).toMatchObject({ view: "sync", chosen: true });
    useNav.getState().startOn("control");
    expect(useNav.getState().view).toBe("sync");
  });

  it("counts approvals waiting and failing pipelines for the control room tab", () => {
    expect(attentionOf(null)).toBe(0);
    expect(attentionOf(undefined)).toBe(0);
    expect(
      attentionOf({ waitingApprovals: 2, failingPipelines: 1 } as Parameters<typeof attentionOf>[0]),
    ).toBe(3);
  });
});
