// How wide the canvas's texts are drawn, for the layout's card widths: measured with a 2D canvas
// in the page's own font (the desktop's sans-serif on Linux), so a card fits its text whatever
// that font is. Each text is measured once.
import { estimateTextWidth, type TextWidth } from "../model/layout";

/** A measurer for the document's font and size, or the layout's estimate where there is no 2D canvas. */
export function pageTextWidth(): TextWidth {
  const ctx = typeof document === "undefined" ? null : document.createElement("canvas").getContext("2d");
  if (!ctx) return estimateTextWidth;
  const style = getComputedStyle(document.documentElement);
  const font = (weight: number) => `${weight} ${style.fontSize} ${style.fontFamily}`;
  const known = new Map<string, number>();
  return (text, weight) => {
    const key = `${weight}:${text}`;
    let width = known.get(key);
    if (width === undefined) {
      // Names typed one letter at a time leave a trail of texts; start again past a few thousand.
      if (known.size > 4000) known.clear();
      ctx.font = font(weight);
      width = ctx.measureText(text).width;
      known.set(key, width);
    }
    return width;
  };
}
