// Keeps the active connection up to date: asked once at start, then from `active-connection`
// events; and keeps the designer's title chip on it even when `app_info` answers later.

import { useEffect } from "react";
import { api, events } from "../backend";
import { showInTitle, useNav } from "../shell/nav";
import { useDesigner } from "../store";

export function useActiveConnection() {
  useEffect(() => {
    let live = true;
    api
      .activeConnection()
      .then((a) => live && useNav.getState().setActive(a))
      .catch(() => undefined);
    const unlisten = events.onActiveConnection((e) => useNav.getState().setActive(e.active));
    // `app_info` may land after us and put its own label back: keep ours once we know it.
    const unsubscribe = useDesigner.subscribe((s, prev) => {
      const nav = useNav.getState();
      if (nav.known && s.appInfo !== prev.appInfo) showInTitle(nav.active);
    });
    return () => {
      live = false;
      unsubscribe();
      unlisten.then((f) => f()).catch(() => undefined);
    };
  }, []);
}
