// ANSI colours of a build log line as styled spans: the SGR sequences (`ESC [ ... m`) npm, jest
// and pytest colour their output with, parsed into pieces of text and the style each has
// (foreground and background from the 16 colours, 256 colours or RGB; bold, dim, italic,
// underline, inverse). Every other escape is dropped. Pure: the panel renders the spans as
// elements (text nodes, never HTML), the search cuts them at its matches.

/** The style of a span; absent fields are the default. */
export interface AnsiStyle {
  /** A CSS colour: `var(--ansi-N)` (`var(--ansi-bg-N)` for backgrounds) for the 16 palette colours, `rgb(...)` otherwise. */
  fg?: string;
  bg?: string;
  bold?: boolean;
  dim?: boolean;
  italic?: boolean;
  underline?: boolean;
  inverse?: boolean;
}

export interface AnsiSpan {
  text: string;
  style: AnsiStyle;
}

/** A 256-colour index as a CSS colour (0-15 the palette, then the 6x6x6 cube, then greys). */
export function colour256(n: number, background = false): string | undefined {
  if (!Number.isInteger(n) || n < 0 || n > 255) return undefined;
  if (n < 16) return background ? `var(--ansi-bg-${n})` : `var(--ansi-${n})`;
  if (n >= 232) {
    const v = 8 + (n - 232) * 10;
    return `rgb(${v}, ${v}, ${v})`;
  }
  const i = n - 16;
  const level = (c: number) => (c === 0 ? 0 : 55 + c * 40);
  return `rgb(${level(Math.floor(i / 36))}, ${level(Math.floor(i / 6) % 6)}, ${level(i % 6)})`;
}

function byte(v: number | undefined): number | undefined {
  return v !== undefined && Number.isInteger(v) && v >= 0 && v <= 255 ? v : undefined;
}

/** `style` after one SGR sequence's parameters (`codes`: the numbers between `ESC [` and `m`). */
export function applySgr(style: AnsiStyle, codes: number[]): AnsiStyle {
  let s: AnsiStyle = { ...style };
  if (codes.length === 0) return {};
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i];
    if (c === 0) s = {};
    else if (c === 1) s.bold = true;
    else if (c === 2) s.dim = true;
    else if (c === 3) s.italic = true;
    else if (c === 4) s.underline = true;
    else if (c === 7) s.inverse = true;
    else if (c === 22) {
      s.bold = undefined;
      s.dim = undefined;
    } else if (c === 23) s.italic = undefined;
    else if (c === 24) s.underline = undefined;
    else if (c === 27) s.inverse = undefined;
    else if (c >= 30 && c <= 37) s.fg = `var(--ansi-${c - 30})`;
    else if (c === 39) s.fg = undefined;
    else if (c >= 40 && c <= 47) s.bg = `var(--ansi-bg-${c - 40})`;
    else if (c === 49) s.bg = undefined;
    else if (c >= 90 && c <= 97) s.fg = `var(--ansi-${c - 90 + 8})`;
    else if (c >= 100 && c <= 107) s.bg = `var(--ansi-bg-${c - 100 + 8})`;
    else if (c === 38 || c === 48) {
      const key = c === 38 ? "fg" : "bg";
      if (codes[i + 1] === 5) {
        const colour = colour256(codes[i + 2], key === "bg");
        if (colour) s[key] = colour;
        i += 2;
      } else if (codes[i + 1] === 2) {
        const [r, g, b] = [byte(codes[i + 2]), byte(codes[i + 3]), byte(codes[i + 4])];
        if (r !== undefined && g !== undefined && b !== undefined) s[key] = `rgb(${r}, ${g}, ${b})`;
        i += 4;
      } else {
        // Malformed: the rest of the sequence is not colours.
        break;
      }
    }
  }
  // Drop the fields that went back to the default, so styles compare by their keys.
  for (const k of Object.keys(s) as (keyof AnsiStyle)[]) if (s[k] === undefined) delete s[k];
  return s;
}

const ESC = String.fromCharCode(0x1b);
const BEL = String.fromCharCode(0x07);
/** CSI (`ESC [ params intermediates final`), OSC (`ESC ] ... BEL|ESC \`), a two-byte escape, a lone ESC, CR. */
const ESCAPE = new RegExp(
  `${ESC}\\[([0-9;:?]*)([ -/]*)([@-~])|${ESC}\\][^${BEL}${ESC}]*(?:${BEL}|${ESC}\\\\)?|${ESC}[@-Z\\\\-_]?|\r`,
  "g",
);

/** `text` cut into spans of one style each (empty spans left out; a line without colours is one span). */
export function parseAnsi(text: string): AnsiSpan[] {
  const spans: AnsiSpan[] = [];
  let style: AnsiStyle = {};
  let at = 0;
  const push = (piece: string) => {
    if (!piece) return;
    const last = spans.at(-1);
    if (last && sameStyle(last.style, style)) last.text += piece;
    else spans.push({ text: piece, style });
  };
  for (const m of text.matchAll(ESCAPE)) {
    push(text.slice(at, m.index));
    at = m.index + m[0].length;
    if (m[3] === "m" && !m[2] && !m[1]?.includes("?")) {
      const codes = m[1] ? m[1].split(/[;:]/).map((n) => (n === "" ? 0 : Number(n))) : [];
      style = applySgr(style, codes);
    }
  }
  push(text.slice(at));
  return spans;
}

export function sameStyle(a: AnsiStyle, b: AnsiStyle): boolean {
  const ka = Object.keys(a) as (keyof AnsiStyle)[];
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}

/** A piece of a rendered line: its text, its colours and whether the search matched it. */
export interface StyledPiece extends AnsiSpan {
  hit: boolean;
}

/**
 * The spans of a line cut again at the (case-insensitive) occurrences of `query`: a match that
 * crosses colours keeps them, each of its pieces marked `hit`.
 */
export function styledPieces(spans: AnsiSpan[], query: string): StyledPiece[] {
  const q = query.trim().toLowerCase();
  if (!q) return spans.map((s) => ({ ...s, hit: false }));
  const plain = spans.map((s) => s.text).join("");
  const lower = plain.toLowerCase();
  const hits: [number, number][] = [];
  for (let i = lower.indexOf(q); i !== -1; i = lower.indexOf(q, i + q.length)) hits.push([i, i + q.length]);
  if (hits.length === 0) return spans.map((s) => ({ ...s, hit: false }));
  const cuts = new Set<number>(hits.flat());
  const out: StyledPiece[] = [];
  let offset = 0;
  let h = 0;
  for (const span of spans) {
    const end = offset + span.text.length;
    let from = offset;
    const points = [...cuts].filter((c) => c > offset && c < end).sort((a, b) => a - b);
    for (const to of [...points, end]) {
      while (h < hits.length && hits[h][1] <= from) h++;
      const hit = h < hits.length && hits[h][0] <= from && from < hits[h][1];
      out.push({ text: span.text.slice(from - offset, to - offset), style: span.style, hit });
      from = to;
    }
    offset = end;
  }
  return out.filter((p) => p.text.length > 0);
}

/** The CSS of a style for an inline element (inverse swaps the colours). */
export function styleCss(style: AnsiStyle): Record<string, string> {
  const css: Record<string, string> = {};
  const fg = style.inverse ? (style.bg ?? "var(--ansi-bg)") : style.fg;
  const bg = style.inverse ? (style.fg ?? "var(--ansi-fg)") : style.bg;
  if (fg) css.color = fg;
  if (bg) css.backgroundColor = bg;
  if (style.bold) css.fontWeight = "bold";
  if (style.dim) css.opacity = "0.7";
  if (style.italic) css.fontStyle = "italic";
  if (style.underline) css.textDecoration = "underline";
  return css;
}
