import { describe, expect, it } from "vitest";
import { isDesignerShortcut } from "./ViewShell";

const key = (k: string, mod = false, tagName = "DIV") =>
  ({
    key: k,
    ctrlKey: mod,
    metaKey: false,
    target: { tagName, isContentEditable: false },
  }) as unknown as KeyboardEvent;

describe("designer shortcuts are held back in the control room", () => {
  it("stops save, undo, paste and delete, but not typing", () => {
    expect(isDesignerShortcut(key("s", true))).toBe(true);
    expect(isDesignerShortcut(key("Z", true))).toBe(true);
    expect(isDesignerShortcut(key("Delete"))).toBe(true);
    expect(isDesignerShortcut(key("Backspace", false, "INPUT"))).toBe(false);
    expect(isDesignerShortcut(key("a"))).toBe(false);
    expect(isDesignerShortcut(key("Escape"))).toBe(false);
  });
});
