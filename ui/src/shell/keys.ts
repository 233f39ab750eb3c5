// The shell's keys: `?` shows every shortcut, F6 and Shift+F6 move between the areas of the screen
// (elements marked `data-region`), and the arrow keys move between the tabs of a tab list.
import { type KeyboardEvent as ReactKeyboardEvent, useEffect } from "react";
import { tabbable } from "./Dialog";
import { useNav } from "./nav";

function isTextTarget(t: EventTarget | null): boolean {
  return (
    t instanceof HTMLElement && (t.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(t.tagName))
  );
}

/** The areas on screen, in page order. */
function regions(): HTMLElement[] {
  return [...document.querySelectorAll<HTMLElement>("[data-region]")].filter(
    (el) => el.getClientRects().length > 0 && !el.closest("[inert]"),
  );
}

/** Focus the next (or previous) area: its selected card or tab, else its first control, else itself. */
export function focusRegion(dir: 1 | -1): void {
  const list = regions();
  if (list.length === 0) return;
  const at = list.findIndex((r) => r.contains(document.activeElement));
  const next = list[(at === -1 ? (dir === 1 ? 0 : list.length - 1) : at + dir + list.length) % list.length];
  const target =
    next.querySelector<HTMLElement>('.react-flow__node.selected, [role="tab"][aria-selected="true"]') ??
    tabbable(next)[0];
  if (target) target.focus();
  else {
    next.tabIndex = -1;
    next.focus();
  }
}

/** The app-wide keys, from start. */
export function useAppKeys(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.target instanceof Element && e.target.closest("dialog")) return;
      if (e.key === "F6" && !e.ctrlKey && !e.metaKey && !e.altKey) {
        e.preventDefault();
        focusRegion(e.shiftKey ? -1 : 1);
      } else if (e.key === "?" && !e.ctrlKey && !e.metaKey && !e.altKey && !isTextTarget(e.target)) {
        e.preventDefault();
        useNav.getState().showShortcuts(true);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
}

/**
 * Arrow keys, Home and End on a tab of a tab list: focus the neighbouring tab (Enter or Space
 * then shows it). Only the selected tab is in the Tab order (`tabIndex` of tabList).
 */
export function onTabKeys(e: ReactKeyboardEvent<HTMLElement>): void {
  const tabs = [...e.currentTarget.querySelectorAll<HTMLElement>('[role="tab"]:not([disabled])')];
  const at = tabs.indexOf(document.activeElement as HTMLElement);
  if (at === -1) return;
  const to =
    e.key === "ArrowRight"
      ? (at + 1) % tabs.length
      : e.key === "ArrowLeft"
        ? (at - 1 + tabs.length) % tabs.length
        : e.key === "Home"
          ? 0
          : e.key === "End"
            ? tabs.length - 1
            : -1;
  if (to === -1) return;
  e.preventDefault();
  tabs[to].focus();
}

/** The tab order of a tab list's tab: the selected one only. */
export const tabIndex = (selected: boolean) => (selected ? 0 : -1);
