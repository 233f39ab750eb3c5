import { describe, expect, it } from "vitest";
import { SHORTCUTS } from "../shell/shortcuts";
import { designerCommand, type KeyContext, type KeyLike } from "./keyboard";

const key = (k: string, mods: Partial<KeyLike> = {}): KeyLike => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...mods,
});
const canvas: KeyContext = { inText: false, onCard: false, textSelected: false };
const card: KeyContext = { ...canvas, onCard: true };
const field: KeyContext = { ...canvas, inText: true };

describe("the designer's keys", () => {
  it("saves, opens and starts a design from anywhere, text fields included", () => {
    expect(designerCommand(key("s", { ctrlKey: true }), field)).toBe("save");
    expect(designerCommand(key("S", { ctrlKey: true, shiftKey: true }), field)).toBe("saveAs");
    expect(designerCommand(key("o", { metaKey: true }), canvas)).toBe("open");
    expect(designerCommand(key("n", { ctrlKey: true }), canvas)).toBe("new");
  });

  it("undoes, copies and pastes outside text fields only", () => {
    expect(designerCommand(key("z", { ctrlKey: true }), canvas)).toBe("undo");
    expect(designerCommand(key("Z", { ctrlKey: true, shiftKey: true }), canvas)).toBe("redo");
    expect(designerCommand(key("y", { ctrlKey: true }), canvas)).toBe("redo");
    expect(designerCommand(key("c", { ctrlKey: true }), canvas)).toBe("copy");
    expect(designerCommand(key("c", { ctrlKey: true }), { ...canvas, textSelected: true })).toBeNull();
    expect(designerCommand(key("v", { ctrlKey: true }), canvas)).toBe("paste");
    expect(designerCommand(key("z", { ctrlKey: true }), field)).toBeNull();
    expect(designerCommand(key("v", { ctrlKey: true }), field)).toBeNull();
  });

  it("adds, edits, deletes and moves with single keys, never while typing", () => {
    expect(designerCommand(key("s"), canvas)).toBe("addStage");
    expect(designerCommand(key("a"), card)).toBe("addAction");
    expect(designerCommand(key("F2"), card)).toBe("edit");
    expect(designerCommand(key("Delete"), card)).toBe("delete");
    expect(designerCommand(key("Backspace"), canvas)).toBe("delete");
    expect(designerCommand(key("Escape"), card)).toBe("deselect");
    expect(designerCommand(key("ArrowLeft", { altKey: true }), card)).toBe("moveEarlier");
    expect(designerCommand(key("ArrowRight", { altKey: true }), canvas)).toBe("moveLater");
    expect(designerCommand(key("ArrowUp", { altKey: true }), card)).toBe("movePreviousStage");
    expect(designerCommand(key("ArrowDown", { altKey: true }), card)).toBe("moveNextStage");
    for (const k of ["s", "a", "Delete", "Backspace", "F2"])
      expect(designerCommand(key(k), field)).toBeNull();
    expect(designerCommand(key("ArrowLeft", { altKey: true }), field)).toBeNull();
    expect(designerCommand(key("S", { shiftKey: true }), canvas)).toBeNull();
    expect(designerCommand(key("s", { altKey: true }), canvas)).toBeNull();
  });

  it("walks the cards with the arrow keys only while a card has the focus", () => {
    expect(designerCommand(key("ArrowRight"), card)).toBe("focusNext");
    expect(designerCommand(key("ArrowLeft"), card)).toBe("focusPrevious");
    expect(designerCommand(key("ArrowRight"), canvas)).toBeNull();
    expect(designerCommand(key("ArrowDown"), card)).toBeNull();
  });
});

describe("the shortcut list (`?`)", () => {
  const ARROWS: Record<string, string> = {
    "←": "ArrowLeft",
    "→": "ArrowRight",
    "↑": "ArrowUp",
    "↓": "ArrowDown",
  };
  /** "Ctrl+Shift+Z" as a key event. */
  const parse = (combo: string): KeyLike => {
    const parts = combo.split("+");
    const last = parts[parts.length - 1];
    return key(ARROWS[last] ?? (last.length === 1 ? last.toLowerCase() : last), {
      ctrlKey: parts.includes("Ctrl"),
      altKey: parts.includes("Alt"),
      shiftKey: parts.includes("Shift"),
    });
  };

  it("lists designer keys that each do something", () => {
    const designer = SHORTCUTS.filter((g) => g.title.startsWith("Designer:"));
    const combos = designer
      .flatMap((g) => g.items.flatMap((i) => i.keys))
      .filter((k) => k !== "Tab" && k !== "Space");
    expect(combos.length).toBeGreaterThan(15);
    for (const combo of combos) {
      const command = designerCommand(parse(combo), card);
      expect(command, combo).not.toBeNull();
    }
  });
});
