//! The tray icon, drawn: one shape per state so that it reads without colour (a hollow ring:
//! nothing known yet; a check: all clear; an hourglass: an approval waits; a cross: a pipeline
//! fails; a "no" sign: a connection is not watched), and the number needing attention
//! on a badge in its corner (1 to 9, then "9+").
//!
//! [`render`] is a pure function of the state, the count and the size: straight RGBA, each pixel
//! supersampled 4x4 for smooth edges at the 22 to 24 px trays show. No fonts: the digits are
//! drawn from a 3x5 grid, so nothing depends on what the desktop has installed.

/// Which shape the icon has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrayIconKind {
    /// Nothing known yet: a hollow ring.
    Idle,
    /// All clear (or running): a check.
    Ok,
    /// An approval waits: an hourglass.
    Attention,
    /// A pipeline fails: a cross.
    Failure,
    /// A connection is not watched (the counts may be stale): a "no" sign (a ring struck through).
    NotWatched,
}

impl TrayIconKind {
    pub const ALL: [TrayIconKind; 5] = [
        TrayIconKind::Idle,
        TrayIconKind::Ok,
        TrayIconKind::Attention,
        TrayIconKind::Failure,
        TrayIconKind::NotWatched,
    ];

    /// What the shape says, in the words the tooltip uses.
    pub fn words(self) -> &'static str {
        match self {
            TrayIconKind::Idle => "no results yet",
            TrayIconKind::Ok => "all clear",
            TrayIconKind::Attention => "waiting",
            TrayIconKind::Failure => "failing",
            TrayIconKind::NotWatched => "not watching",
        }
    }
}

/// The size the tray is given (hosts scale it to their 22 to 24 px).
pub const SIZE: u32 = 32;

/// The badge's text: `None` for nothing, "1" to "9", then "9+".
pub fn count_text(count: usize) -> Option<String> {
    match count {
        0 => None,
        1..=9 => Some(count.to_string()),
        _ => Some("9+".to_string()),
    }
}

/// The icon of `kind` with `count` on its badge, `size` x `size` pixels of straight RGBA.
pub fn render(kind: TrayIconKind, count: usize, size: u32) -> Vec<u8> {
    let text = count_text(count);
    let badge = text.as_deref().map(Badge::new);
    // With a badge the state's shape shrinks toward the top left, so that most of it stays.
    let scale = if badge.is_some() { 0.84 } else { 1.0 };
    let n = size as usize;
    let mut out = vec![0u8; n * n * 4];
    const SUB: usize = 4;
    let unit = 32.0 / size as f32;
    for py in 0..n {
        for px in 0..n {
            // Premultiplied colour and alpha, composed layer over layer.
            let mut acc = [0f32; 4];
            for layer in layers(kind) {
                let hits = subsamples(px, py, SUB, unit, |x, y| layer.1(x / scale, y / scale));
                over(&mut acc, layer.0, hits);
            }
            if let Some(b) = &badge {
                let gap = subsamples(px, py, SUB, unit, |x, y| b.halo(x, y));
                for c in &mut acc {
                    *c *= 1.0 - gap;
                }
                over(
                    &mut acc,
                    BADGE,
                    subsamples(px, py, SUB, unit, |x, y| b.body(x, y)),
                );
                over(
                    &mut acc,
                    WHITE,
                    subsamples(px, py, SUB, unit, |x, y| b.digits(x, y)),
                );
            }
            let i = (py * n + px) * 4;
            let a = acc[3];
            for c in 0..3 {
                let straight = if a > 0.0 { acc[c] / a } else { 0.0 };
                out[i + c] = (straight * 255.0).round().clamp(0.0, 255.0) as u8;
            }
            out[i + 3] = (a * 255.0).round().clamp(0.0, 255.0) as u8;
        }
    }
    out
}

type Rgb = [f32; 3];
type Shape = fn(f32, f32) -> bool;

const WHITE: Rgb = [1.0, 1.0, 1.0];
const BADGE: Rgb = rgb(0x25, 0x63, 0xeb);
const SLATE: Rgb = rgb(0x7c, 0x8a, 0xa0);
const DARK_SLATE: Rgb = rgb(0x47, 0x55, 0x69);
const GREEN: Rgb = rgb(0x2f, 0x9e, 0x58);
const AMBER: Rgb = rgb(0xc2, 0x6a, 0x12);
const RED: Rgb = rgb(0xd2, 0x3a, 0x3a);

const fn rgb(r: u8, g: u8, b: u8) -> Rgb {
    [r as f32 / 255.0, g as f32 / 255.0, b as f32 / 255.0]
}

/// The state's layers, bottom first, in a 32 x 32 design space.
fn layers(kind: TrayIconKind) -> Vec<(Rgb, Shape)> {
    match kind {
        TrayIconKind::Idle => vec![l(SLATE, |x, y| ring(x, y, 12.0, 4.0))],
        TrayIconKind::Ok => vec![
            l(GREEN, body),
            l(WHITE, |x, y| {
                segment(x, y, (8.5, 16.5), (13.5, 21.5), 4.2)
                    || segment(x, y, (13.5, 21.5), (23.5, 10.5), 4.2)
            }),
        ],
        TrayIconKind::Attention => vec![
            l(AMBER, body),
            l(WHITE, |x, y| {
                rect(x, y, (9.5, 6.5), (22.5, 9.5))
                    || rect(x, y, (9.5, 22.5), (22.5, 25.5))
                    || triangle(x, y, (11.0, 9.0), (21.0, 9.0), (16.0, 16.5))
                    || triangle(x, y, (16.0, 15.5), (11.0, 23.0), (21.0, 23.0))
            }),
        ],
        TrayIconKind::Failure => vec![
            l(RED, body),
            l(WHITE, |x, y| {
                segment(x, y, (10.0, 10.0), (22.0, 22.0), 4.6)
                    || segment(x, y, (22.0, 10.0), (10.0, 22.0), 4.6)
            }),
        ],
        TrayIconKind::NotWatched => vec![
            l(DARK_SLATE, body),
            // A "no" sign: a ring struck through.
            l(WHITE, |x, y| {
                ring(x, y, 9.5, 3.4) || segment(x, y, (9.3, 9.3), (22.7, 22.7), 3.4)
            }),
        ],
    }
}

fn l(colour: Rgb, shape: Shape) -> (Rgb, Shape) {
    (colour, shape)
}

/// The round body every filled state has.
fn body(x: f32, y: f32) -> bool {
    let (dx, dy) = (x - 16.0, y - 16.0);
    dx * dx + dy * dy <= 15.0 * 15.0
}

fn ring(x: f32, y: f32, r: f32, width: f32) -> bool {
    let d = ((x - 16.0).powi(2) + (y - 16.0).powi(2)).sqrt();
    (d - r).abs() <= width / 2.0
}

fn segment(x: f32, y: f32, a: (f32, f32), b: (f32, f32), width: f32) -> bool {
    let (vx, vy) = (b.0 - a.0, b.1 - a.1);
    let t = (((x - a.0) * vx + (y - a.1) * vy) / (vx * vx + vy * vy)).clamp(0.0, 1.0);
    let (dx, dy) = (x - a.0 - t * vx, y - a.1 - t * vy);
    dx * dx + dy * dy <= (width / 2.0).powi(2)
}

fn rect(x: f32, y: f32, from: (f32, f32), to: (f32, f32)) -> bool {
    (from.0..=to.0).contains(&x) && (from.1..=to.1).contains(&y)
}

fn triangle(x: f32, y: f32, a: (f32, f32), b: (f32, f32), c: (f32, f32)) -> bool {
    let side = |p: (f32, f32), q: (f32, f32)| (q.0 - p.0) * (y - p.1) - (q.1 - p.1) * (x - p.0);
    let (d1, d2, d3) = (side(a, b), side(b, c), side(c, a));
    let neg = d1 < 0.0 || d2 < 0.0 || d3 < 0.0;
    let pos = d1 > 0.0 || d2 > 0.0 || d3 > 0.0;
    !(neg && pos)
}

/// The count's badge: a disc (one digit) or a pill ("9+") in the bottom right corner.
struct Badge {
    glyphs: Vec<[u8; 5]>,
    /// Left end of the straight part; the right end is fixed.
    left: f32,
}

const BADGE_R: f32 = 8.0;
const BADGE_RIGHT: f32 = 32.0 - BADGE_R;
const BADGE_Y: f32 = 32.0 - BADGE_R;
/// One cell of a digit's 3x5 grid.
const CELL: f32 = 2.4;

impl Badge {
    fn new(text: &str) -> Self {
        let glyphs: Vec<[u8; 5]> = text.chars().map(glyph).collect();
        let left = BADGE_RIGHT - (glyphs.len() as f32 - 1.0) * 4.0 * CELL;
        Badge { glyphs, left }
    }

    fn distance(&self, x: f32, y: f32) -> f32 {
        let cx = x.clamp(self.left, BADGE_RIGHT);
        ((x - cx).powi(2) + (y - BADGE_Y).powi(2)).sqrt()
    }

    fn body(&self, x: f32, y: f32) -> bool {
        self.distance(x, y) <= BADGE_R
    }

    /// A transparent gap around the badge, so it stands apart from the shape on any panel.
    fn halo(&self, x: f32, y: f32) -> bool {
        self.distance(x, y) <= BADGE_R + 1.5
    }

    fn digits(&self, x: f32, y: f32) -> bool {
        let width = (self.glyphs.len() as f32 * 4.0 - 1.0) * CELL;
        let x0 = (self.left + BADGE_RIGHT) / 2.0 - width / 2.0;
        let y0 = BADGE_Y - 2.5 * CELL;
        let (col, row) = ((x - x0) / CELL, (y - y0) / CELL);
        if col < 0.0 || !(0.0..5.0).contains(&row) {
            return false;
        }
        let (col, row) = (col as usize, row as usize);
        let (g, c) = (col / 4, col % 4);
        c < 3
            && self
                .glyphs
                .get(g)
                .is_some_and(|rows| rows[row] & (0b100 >> c) != 0)
    }
}

/// A character's 3x5 grid, one row per entry, the leftmost column in bit 2.
fn glyph(c: char) -> [u8; 5] {
    match c {
        '0' => [0b111, 0b101, 0b101, 0b101, 0b111],
        '1' => [0b010, 0b110, 0b010, 0b010, 0b111],
        '2' => [0b111, 0b001, 0b111, 0b100, 0b111],
        '3' => [0b111, 0b001, 0b011, 0b001, 0b111],
        '4' => [0b101, 0b101, 0b111, 0b001, 0b001],
        '5' => [0b111, 0b100, 0b111, 0b001, 0b111],
        '6' => [0b111, 0b100, 0b111, 0b101, 0b111],
        '7' => [0b111, 0b001, 0b010, 0b010, 0b010],
        '8' => [0b111, 0b101, 0b111, 0b101, 0b111],
        '9' => [0b111, 0b101, 0b111, 0b001, 0b111],
        '+' => [0b000, 0b010, 0b111, 0b010, 0b000],
        _ => [0; 5],
    }
}

/// The share of a pixel's `sub` x `sub` samples inside `shape` (design units of `unit` per pixel).
fn subsamples(
    px: usize,
    py: usize,
    sub: usize,
    unit: f32,
    shape: impl Fn(f32, f32) -> bool,
) -> f32 {
    let mut hits = 0;
    for j in 0..sub {
        for i in 0..sub {
            let x = (px as f32 + (i as f32 + 0.5) / sub as f32) * unit;
            let y = (py as f32 + (j as f32 + 0.5) / sub as f32) * unit;
            hits += usize::from(shape(x, y));
        }
    }
    hits as f32 / (sub * sub) as f32
}

/// `colour` at `coverage` over the premultiplied `acc`.
fn over(acc: &mut [f32; 4], colour: Rgb, coverage: f32) {
    for c in 0..3 {
        acc[c] = colour[c] * coverage + acc[c] * (1.0 - coverage);
    }
    acc[3] = coverage + acc[3] * (1.0 - coverage);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn alpha(rgba: &[u8]) -> Vec<u8> {
        rgba.chunks(4).map(|p| p[3]).collect()
    }

    /// How many pixels differ by more than a little.
    fn differing(a: &[u8], b: &[u8]) -> usize {
        a.iter()
            .zip(b)
            .filter(|(x, y)| x.abs_diff(**y) > 32)
            .count()
    }

    #[test]
    fn every_state_has_its_own_shape_not_only_its_colour() {
        for size in [22, 24, SIZE] {
            let masks: Vec<Vec<u8>> = TrayIconKind::ALL
                .iter()
                .map(|k| alpha(&render(*k, 0, size)))
                .collect();
            for (i, a) in masks.iter().enumerate() {
                for (j, b) in masks.iter().enumerate().skip(i + 1) {
                    // The alpha alone (what is left without colour) tells them apart, and by more
                    // than a few stray pixels. Filled states differ in their white glyphs.
                    let shapes = differing(a, b);
                    let glyphs = differing(
                        &render(TrayIconKind::ALL[i], 0, size),
                        &render(TrayIconKind::ALL[j], 0, size),
                    );
                    assert!(
                        shapes >= 20 || glyphs >= size as usize * 8,
                        "{:?} and {:?} at {size} px look alike",
                        TrayIconKind::ALL[i],
                        TrayIconKind::ALL[j]
                    );
                }
            }
        }
    }

    #[test]
    fn filled_states_differ_in_their_white_glyph() {
        let white = |k| -> Vec<bool> {
            render(k, 0, 24)
                .chunks(4)
                .map(|p| p[3] > 200 && p[0] > 220 && p[1] > 220 && p[2] > 220)
                .collect()
        };
        let (ok, wait, fail) = (
            white(TrayIconKind::Ok),
            white(TrayIconKind::Attention),
            white(TrayIconKind::Failure),
        );
        for (a, b) in [(&ok, &wait), (&ok, &fail), (&wait, &fail)] {
            let d = a.iter().zip(b).filter(|(x, y)| x != y).count();
            assert!(d > 40, "only {d} pixels tell the glyphs apart");
        }
    }

    #[test]
    fn the_count_is_drawn_and_changes_the_pixels() {
        let none = render(TrayIconKind::Failure, 0, 24);
        let one = render(TrayIconKind::Failure, 1, 24);
        let two = render(TrayIconKind::Failure, 2, 24);
        let nine = render(TrayIconKind::Failure, 9, 24);
        let many = render(TrayIconKind::Failure, 12, 24);
        assert!(differing(&none, &one) > 50);
        assert!(differing(&one, &two) > 5);
        assert!(differing(&nine, &many) > 5);
        // Ten and more read "9+".
        assert_eq!(many, render(TrayIconKind::Failure, 10, 24));
        // The badge's blue is there with a count and not without.
        let blue = |rgba: &[u8]| {
            rgba.chunks(4)
                .filter(|p| p[3] > 200 && p[2] > 200 && p[0] < 80)
                .count()
        };
        assert_eq!(blue(&none), 0);
        assert!(blue(&one) > 30);
    }

    #[test]
    fn sizes_and_counts() {
        for size in [16, 22, 24, 32, 64] {
            let rgba = render(TrayIconKind::Attention, 3, size);
            assert_eq!(rgba.len(), (size * size * 4) as usize);
        }
        // Transparent corners: a round icon on any panel.
        let rgba = render(TrayIconKind::Ok, 0, 24);
        assert_eq!(rgba[3], 0);
        assert_eq!(count_text(0), None);
        assert_eq!(count_text(7).as_deref(), Some("7"));
        assert_eq!(count_text(10).as_deref(), Some("9+"));
    }
}

/// The picture of every state in `docs/screenshots/tray-icons.png`: on a light and on a dark
/// panel at the size trays show (24 px), then four times larger. Columns, left to right: nothing
/// known yet, all clear, 2 approvals waiting, 3 failing (with approvals), a connection not
/// watched (1 failing elsewhere), and 12 failing ("9+").
#[cfg(test)]
mod sheet {
    use super::*;

    const STATES: [(TrayIconKind, usize); 6] = [
        (TrayIconKind::Idle, 0),
        (TrayIconKind::Ok, 0),
        (TrayIconKind::Attention, 2),
        (TrayIconKind::Failure, 3),
        (TrayIconKind::NotWatched, 1),
        (TrayIconKind::Failure, 12),
    ];
    const SHOWN: u32 = 24;
    const ZOOM: u32 = 4;
    const CELL: u32 = SHOWN * ZOOM + 16;
    const PANELS: [[u8; 3]; 2] = [[0xf2, 0xf2, 0xf2], [0x2b, 0x2b, 0x2b]];

    /// The sheet's RGBA pixels and its size.
    fn sheet() -> (Vec<u8>, u32, u32) {
        let width = CELL * STATES.len() as u32;
        let small_row = SHOWN + 16;
        let height = 2 * small_row + 2 * CELL;
        let mut out = vec![0u8; (width * height * 4) as usize];
        let mut put = |x: u32, y: u32, px: [u8; 4]| {
            let i = ((y * width + x) * 4) as usize;
            out[i..i + 4].copy_from_slice(&px);
        };
        let blend = |panel: [u8; 3], p: &[u8]| -> [u8; 4] {
            let a = p[3] as u32;
            let mix = |c: usize| ((p[c] as u32 * a + panel[c] as u32 * (255 - a)) / 255) as u8;
            [mix(0), mix(1), mix(2), 255]
        };
        // Panels: light rows on top, dark rows below (small, then large).
        for y in 0..height {
            let dark = (small_row..2 * small_row).contains(&y) || y >= 2 * small_row + CELL;
            let panel = PANELS[usize::from(dark)];
            for x in 0..width {
                put(x, y, [panel[0], panel[1], panel[2], 255]);
            }
        }
        for (col, (kind, count)) in STATES.iter().enumerate() {
            let icon = render(*kind, *count, SHOWN);
            let x0 = col as u32 * CELL + (CELL - SHOWN) / 2;
            for (row, panel) in PANELS.iter().enumerate() {
                let y0 = row as u32 * small_row + 8;
                for y in 0..SHOWN {
                    for x in 0..SHOWN {
                        let i = ((y * SHOWN + x) * 4) as usize;
                        put(x0 + x, y0 + y, blend(*panel, &icon[i..i + 4]));
                    }
                }
                let (big_x, big_y) = (col as u32 * CELL + 8, 2 * small_row + row as u32 * CELL + 8);
                for y in 0..SHOWN * ZOOM {
                    for x in 0..SHOWN * ZOOM {
                        let i = (((y / ZOOM) * SHOWN + x / ZOOM) * 4) as usize;
                        put(big_x + x, big_y + y, blend(*panel, &icon[i..i + 4]));
                    }
                }
            }
        }
        (out, width, height)
    }

    #[test]
    fn the_sheet_shows_every_state_and_is_written_when_asked() {
        let (rgba, width, height) = sheet();
        assert_eq!(rgba.len(), (width * height * 4) as usize);
        let mut png = Vec::new();
        {
            let mut encoder = ::png::Encoder::new(&mut png, width, height);
            encoder.set_color(::png::ColorType::Rgba);
            encoder.set_depth(::png::BitDepth::Eight);
            let mut writer = encoder.write_header().expect("png header");
            writer.write_image_data(&rgba).expect("png data");
        }
        assert!(png.starts_with(b"\x89PNG"));
        if std::env::var("UPDATE_SCREENSHOTS").as_deref() == Ok("1") {
            let path = concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../../docs/screenshots/tray-icons.png"
            );
            std::fs::write(path, &png).expect("write the sheet");
        }
    }
}
