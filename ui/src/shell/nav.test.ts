import { describe, expect, it } from "vitest";
import type { ActiveConnection } from "../backend";
import { useDesigner } from "../store";
import { attentionOf, showInTitle, useNav, VIEWS } from "./nav";

const prod: ActiveConnection = {
  id: "id-1",
  name: "prod",
  kind: "accessKey",
  region: "eu-west-1",
  endpointUrl: null,
  isSandbox: false,
  title: "prod · eu-west-1",
};

describe("the active connection in the title area", () => {
  it("puts the active connection's title in the designer's chip and keeps the rest of app_info", () => {
    useDesigner.getState().set({
      appInfo: { version: "9.9.9", connectionLabel: "Local sandbox", sandbox: true, firstView: "control" },
    });
    useNav.getState().setActive(prod);
    const info = useDesigner.getState().appInfo;
    expect(info).toEqual({
      version: "9.9.9",
      connectionLabel: "prod · eu-west-1",
      sandbox: false,
      firstView: "control",
    });
    expect(useNav.getState()).toMatchObject({ active: prod, known: true });
  });

  it("leaves the backend's label alone when nothing is active", () => {
    useDesigner.getState().set({
      appInfo: { version: "1", connectionLabel: "Local sandbox", sandbox: true, firstView: "designer" },
    });
    showInTitle(null);
    expect(useDesigner.getState().appInfo?.connectionLabel).toBe("Local sandbox");
  });

  it("does not touch the store when the label is already right", () => {
    useNav.getState().setActive(prod);
    const before = useDesigner.getState().appInfo;
    showInTitle(prod);
    expect(useDesigner.getState().appInfo).toBe(before);
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
