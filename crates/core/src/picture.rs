//! SVG pictures of pipelines, drawn by one renderer: a design as it is ([`design`]: the designer's
//! SVG and PNG export, `pipewright export --format svg`) and a review ([`review`]: `pipewright diff
//! --format svg`). Each pipeline is its stages left to right, their actions stacked in run order
//! with their provider and artifacts. In a review every stage and action that was added, removed,
//! renamed, changed or moved is drawn in that mark's colour with the mark written beside its name
//! (removed ones also dashed), so the picture reads without colour too; a design has no marks.
//!
//! Plain SVG 1.1 shapes only (`rect`, `text`, `tspan`, `path`, `g`, `title`), styled by
//! attributes, no `foreignObject`, no CSS, no scripts, no external fonts (a generic font family
//! ends the list): browsers, `rsvg-convert` and image viewers draw it the same. Every stage and
//! action is a `g` with `data-kind`, `data-name` and `data-mark` attributes (and a `title`
//! tooltip), for tools and tests.

use std::fmt::Write;

use crate::document::Document;
use crate::review::{self, ActionView, Mark, Review, ReviewSet, ReviewStatus, StageView};
use crate::xml::escape;

const MARGIN: i64 = 24;
const TITLE_H: i64 = 44;
const STAGE_W: i64 = 232;
const STAGE_GAP: i64 = 44;
const HEADER_H: i64 = 46;
const PAD: i64 = 12;
const ACTION_W: i64 = STAGE_W - 2 * PAD;
const ACTION_H: i64 = 60;
const ACTION_GAP: i64 = 8;
/// Extra room where the next run-order group starts (a dashed line marks it).
const GROUP_GAP: i64 = 10;
const LEGEND_H: i64 = 40;
const FONT: &str = "DejaVu Sans, Verdana, Arial, sans-serif";

/// (fill, stroke, text) of a mark.
fn colours(mark: Mark, stage: bool) -> (&'static str, &'static str, &'static str) {
    match mark {
        Mark::Added => ("#dafbe1", "#1a7f37", "#116329"),
        Mark::Removed => ("#ffebe9", "#cf222e", "#a40e26"),
        Mark::Changed => ("#fff8c5", "#9a6700", "#7d4e00"),
        Mark::Renamed => ("#ddf4ff", "#0969da", "#0550ae"),
        Mark::Moved => ("#fbefff", "#8250df", "#6639ba"),
        Mark::Unchanged if stage => ("#f6f8fa", "#8c959f", "#424a53"),
        Mark::Unchanged => ("#ffffff", "#8c959f", "#424a53"),
    }
}

/// At most `max` characters, an ellipsis replacing the rest.
fn fit(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
        out.push('…');
        out
    }
}

/// Actions in run order (stable: the picture's order within a group), with the group breaks.
fn ordered(stage: &StageView) -> Vec<(&ActionView, bool)> {
    let mut actions: Vec<&ActionView> = stage.actions.iter().collect();
    actions.sort_by_key(|a| a.run_order);
    let mut out = Vec::with_capacity(actions.len());
    let mut last = None;
    for a in actions {
        let new_group = last.is_some_and(|r| r != a.run_order);
        last = Some(a.run_order);
        out.push((a, new_group));
    }
    out
}

fn stage_height(stage: &StageView) -> i64 {
    let actions = ordered(stage);
    let groups = actions.iter().filter(|(_, g)| *g).count() as i64;
    let n = actions.len() as i64;
    HEADER_H + PAD + n * ACTION_H + (n - 1).max(0) * ACTION_GAP + groups * GROUP_GAP + PAD
}

fn pipeline_size(stages: &[StageView]) -> (i64, i64) {
    let n = stages.len() as i64;
    let width = n * STAGE_W + (n - 1).max(0) * STAGE_GAP;
    let height = stages.iter().map(stage_height).max().unwrap_or(HEADER_H);
    (width, TITLE_H + height)
}

/// "SourceOutput → BuildOutput": what an action reads and what it writes, if anything.
fn artifacts(a: &ActionView) -> Option<String> {
    match (a.input_artifacts.is_empty(), a.output_artifacts.is_empty()) {
        (true, true) => None,
        (false, true) => Some(format!("{} →", a.input_artifacts.join(", "))),
        (true, false) => Some(format!("→ {}", a.output_artifacts.join(", "))),
        (false, false) => Some(format!(
            "{} → {}",
            a.input_artifacts.join(", "),
            a.output_artifacts.join(", ")
        )),
    }
}

/// A small word in the mark's colour, right-aligned at `x`.
fn tag(out: &mut String, x: i64, y: i64, mark: Mark) {
    if mark == Mark::Unchanged {
        return;
    }
    let (_, _, ink) = colours(mark, false);
    let _ = write!(
        out,
        r#"<text x="{x}" y="{y}" text-anchor="end" font-size="10" font-weight="bold" fill="{ink}">{}</text>"#,
        mark.label()
    );
}

fn action(out: &mut String, stage: &StageView, a: &ActionView, x: i64, y: i64) {
    let (fill, stroke, ink) = colours(a.mark, false);
    let dash = if a.mark == Mark::Removed {
        r#" stroke-dasharray="5 3""#
    } else {
        ""
    };
    let mut title = format!("action {} in stage {}", a.name, stage.name);
    if a.mark != Mark::Unchanged {
        let _ = write!(title, ": {}", a.mark.label());
    }
    if let Some(b) = &a.before_name {
        let _ = write!(title, " (was {b})");
    }
    let _ = write!(
        out,
        r#"<g class="action" data-kind="action" data-stage="{}" data-name="{}" data-mark="{}"><title>{}</title>"#,
        escape(&stage.name),
        escape(&a.name),
        a.mark.label(),
        escape(&title)
    );
    let _ = write!(
        out,
        r#"<rect x="{x}" y="{y}" width="{ACTION_W}" height="{ACTION_H}" rx="6" fill="{fill}" stroke="{stroke}" stroke-width="1.5"{dash}/>"#
    );
    let _ = write!(
        out,
        r#"<text x="{}" y="{}" font-size="13" font-weight="bold" fill="{ink}">{}</text>"#,
        x + 9,
        y + 19,
        escape(&fit(&a.name, 19))
    );
    let detail = match &a.before_name {
        Some(b) => format!("was {b}"),
        None => format!("{} · #{}", a.provider, a.run_order),
    };
    let _ = write!(
        out,
        r##"<text x="{}" y="{}" font-size="11" fill="#57606a">{}</text>"##,
        x + 9,
        y + 36,
        escape(&fit(&detail, 21))
    );
    tag(out, x + ACTION_W - 8, y + 36, a.mark);
    if let Some(flow) = artifacts(a) {
        let _ = write!(
            out,
            r##"<text x="{}" y="{}" font-size="10" fill="#57606a">{}</text>"##,
            x + 9,
            y + 51,
            escape(&fit(&flow, 30))
        );
    }
    out.push_str("</g>");
}

fn stage(out: &mut String, s: &StageView, x: i64, y: i64) {
    let (fill, stroke, ink) = colours(s.mark, true);
    let dash = if s.mark == Mark::Removed {
        r#" stroke-dasharray="6 4""#
    } else {
        ""
    };
    let mut title = format!("stage {}", s.name);
    if s.mark != Mark::Unchanged {
        let _ = write!(title, ": {}", s.mark.label());
    }
    if let Some(b) = &s.before_name {
        let _ = write!(title, " (was {b})");
    }
    let _ = write!(
        out,
        r#"<g class="stage" data-kind="stage" data-name="{}" data-mark="{}"><title>{}</title>"#,
        escape(&s.name),
        s.mark.label(),
        escape(&title)
    );
    let _ = write!(
        out,
        r#"<rect x="{x}" y="{y}" width="{STAGE_W}" height="{}" rx="8" fill="{fill}" stroke="{stroke}" stroke-width="2"{dash}/>"#,
        stage_height(s)
    );
    let _ = write!(
        out,
        r#"<text x="{}" y="{}" font-size="14" font-weight="bold" fill="{ink}">{}</text>"#,
        x + PAD,
        y + 21,
        escape(&fit(&s.name, 18))
    );
    let sub = match &s.before_name {
        Some(b) => format!("was {b}"),
        None => format!(
            "{} action{}",
            s.actions.len(),
            if s.actions.len() == 1 { "" } else { "s" }
        ),
    };
    let _ = write!(
        out,
        r##"<text x="{}" y="{}" font-size="11" fill="#57606a">{}</text>"##,
        x + PAD,
        y + 37,
        escape(&fit(&sub, 22))
    );
    tag(out, x + STAGE_W - PAD, y + 21, s.mark);
    let mut ay = y + HEADER_H + PAD;
    for (a, new_group) in ordered(s) {
        if new_group {
            let line_y = ay + GROUP_GAP / 2 - ACTION_GAP / 2;
            let _ = write!(
                out,
                r##"<path d="M{} {line_y} H{}" stroke="#8c959f" stroke-width="1" stroke-dasharray="3 3" fill="none"/>"##,
                x + PAD,
                x + STAGE_W - PAD
            );
            ay += GROUP_GAP;
        }
        action(out, s, a, x + PAD, ay);
        ay += ACTION_H + ACTION_GAP;
    }
    out.push_str("</g>");
}

/// One pipeline to draw: its name, the words after the name, its stages.
struct Drawn<'a> {
    /// Written before the name, in the same weight.
    lead: &'static str,
    /// The room between the name and `about` (a space starting a `tspan` is not drawn by all).
    gap: i64,
    name: &'a str,
    about: String,
    /// The review's status of the pipeline (none for a design).
    status: Option<ReviewStatus>,
    stages: &'a [StageView],
}

fn pipeline(out: &mut String, p: &Drawn, y: i64) {
    let _ = write!(
        out,
        r#"<g class="pipeline" data-kind="pipeline" data-name="{}""#,
        escape(p.name)
    );
    if let Some(status) = p.status {
        let _ = write!(
            out,
            r#" data-status="{}""#,
            match status {
                ReviewStatus::Added => "added",
                ReviewStatus::Removed => "removed",
                ReviewStatus::Changed => "changed",
                ReviewStatus::Unchanged => "unchanged",
            }
        );
    }
    let _ = write!(
        out,
        r##"><text x="{MARGIN}" y="{}" font-size="16" font-weight="bold" fill="#1f2328">{}{}<tspan dx="{}" font-weight="normal" fill="#57606a">{}</tspan></text>"##,
        y + 26,
        p.lead,
        escape(p.name),
        p.gap,
        escape(&p.about)
    );
    let top = y + TITLE_H;
    for (i, s) in p.stages.iter().enumerate() {
        let x = MARGIN + i as i64 * (STAGE_W + STAGE_GAP);
        if i > 0 {
            // The arrow from the stage before.
            let (x0, x1, ay) = (x - STAGE_GAP + 4, x - 6, top + HEADER_H / 2);
            let _ = write!(
                out,
                r##"<path d="M{x0} {ay} H{x1}" stroke="#57606a" stroke-width="2" fill="none"/><path d="M{x1} {} L{} {ay} L{x1} {} Z" fill="#57606a"/>"##,
                ay - 5,
                x - 1,
                ay + 5
            );
        }
        stage(out, s, x, top);
    }
    out.push_str("</g>");
}

/// The `svg` element's start with its accessible title, and the white ground.
fn open(out: &mut String, width: i64, height: i64, id: &str, title: &str) {
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="{FONT}" role="img" aria-labelledby="{id}">"#
    );
    let _ = write!(out, r#"<title id="{id}">{}</title>"#, escape(title));
    out.push_str(r##"<rect x="0" y="0" width="100%" height="100%" fill="#ffffff"/>"##);
}

/// `1 stage`, `2 stages`.
fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// The picture of a design: its pipeline's stages and actions as they are, no marks.
pub fn design(doc: &Document) -> String {
    let stages = review::stages_of(doc);
    let actions: usize = stages.iter().map(|s| s.actions.len()).sum();
    let name = doc.pipeline.name.as_str();
    let drawn = Drawn {
        lead: "",
        gap: 6,
        name,
        about: format!(
            "· {}, {}",
            count(stages.len(), "stage"),
            count(actions, "action")
        ),
        status: None,
        stages: &stages,
    };
    let (w, h) = pipeline_size(&stages);
    let width = w.max(320) + 2 * MARGIN;
    let height = MARGIN / 2 + h + MARGIN;
    let mut out = String::new();
    open(
        &mut out,
        width,
        height,
        "pipewright-design-title",
        &format!("Pipeline {name}"),
    );
    pipeline(&mut out, &drawn, MARGIN / 2);
    out.push_str("</svg>\n");
    out
}

fn legend(out: &mut String, y: i64) {
    let mut x = MARGIN;
    for mark in [
        Mark::Added,
        Mark::Removed,
        Mark::Renamed,
        Mark::Changed,
        Mark::Moved,
    ] {
        let (fill, stroke, ink) = colours(mark, false);
        let _ = write!(
            out,
            r#"<rect x="{x}" y="{}" width="16" height="12" rx="3" fill="{fill}" stroke="{stroke}" stroke-width="1.5"/><text x="{}" y="{}" font-size="12" fill="{ink}">{}</text>"#,
            y + 12,
            x + 22,
            y + 22,
            mark.label()
        );
        x += 100;
    }
}

/// The picture of a review: each changed pipeline with its stages and actions marked, and the
/// legend of the marks.
pub fn review(set: &ReviewSet) -> String {
    let shown: Vec<&Review> = set.pipelines.iter().filter(|r| r.has_changes()).collect();
    let sizes: Vec<(i64, i64)> = shown.iter().map(|r| pipeline_size(&r.stages)).collect();
    let width = sizes.iter().map(|s| s.0).max().unwrap_or(0).max(520) + 2 * MARGIN;
    let body: i64 = sizes.iter().map(|s| s.1 + MARGIN).sum();
    let height = MARGIN + body.max(TITLE_H) + LEGEND_H;
    let mut out = String::new();
    open(
        &mut out,
        width,
        height,
        "pipewright-diff-title",
        &format!("Pipeline review: {}", set.summary_line()),
    );
    let mut y = MARGIN / 2;
    if shown.is_empty() {
        let _ = write!(
            out,
            r##"<text x="{MARGIN}" y="{}" font-size="16" fill="#1f2328">No changes.</text>"##,
            y + 26
        );
        y += TITLE_H;
    }
    for (r, (_, h)) in shown.iter().zip(&sizes) {
        let drawn = Drawn {
            lead: "pipeline ",
            gap: 0,
            name: &r.name,
            about: format!(": {}", r.summary()),
            status: Some(r.status),
            stages: &r.stages,
        };
        pipeline(&mut out, &drawn, y);
        y += h + MARGIN;
    }
    legend(&mut out, height - LEGEND_H);
    out.push_str("</svg>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Format;

    const BEFORE: &str = include_str!("../../../tests/review/before.pipewright.yaml");
    const AFTER: &str = include_str!("../../../tests/review/after.pipewright.yaml");

    /// The four-stage sample: Source, Build (two actions), Approval, Production.
    const FOUR_STAGES: &str =
        include_str!("../../../tests/corpus/valid/codecommit-codebuild-approval-codedeploy.json");

    /// The elements a picture may use: shapes and text, nothing a non-browser cannot draw.
    const ALLOWED: &[&str] = &["svg", "title", "g", "rect", "text", "tspan", "path"];

    fn four_stages() -> Document {
        Document::parse(FOUR_STAGES, Format::Json).expect("the sample design")
    }

    #[test]
    fn a_design_is_drawn_with_shapes_and_text_only_and_is_small() {
        let svg = design(&four_stages());
        assert!(svg.len() < 50_000, "{} bytes", svg.len());
        let doc = roxmltree::Document::parse(&svg).expect("well-formed SVG");
        let root = doc.root_element();
        assert_eq!(root.tag_name().name(), "svg");
        assert_eq!(
            root.tag_name().namespace(),
            Some("http://www.w3.org/2000/svg")
        );
        for n in doc.descendants().filter(|n| n.is_element()) {
            let name = n.tag_name().name();
            assert!(ALLOWED.contains(&name), "<{name}> in {svg}");
            assert!(
                n.attribute("href").is_none() && n.attribute("style").is_none(),
                "no links or CSS: {name}"
            );
        }
        assert!(!svg.contains("foreignObject"));
        let family = root.attribute("font-family").expect("a font family");
        assert!(family.ends_with("sans-serif"), "{family}");
    }

    #[test]
    fn a_design_shows_every_stage_action_provider_and_artifact_unmarked() {
        let svg = design(&four_stages());
        let doc = roxmltree::Document::parse(&svg).expect("well-formed SVG");
        let named = |kind: &str| -> Vec<String> {
            doc.descendants()
                .filter(|n| n.attribute("data-kind") == Some(kind))
                .map(|n| n.attribute("data-name").unwrap_or_default().to_string())
                .collect()
        };
        assert_eq!(
            named("stage"),
            ["Source", "Build", "Approval", "Production"]
        );
        assert_eq!(
            named("action"),
            ["Source", "Build", "UnitTests", "ManualApproval", "Deploy"]
        );
        assert!(doc
            .descendants()
            .filter_map(|n| n.attribute("data-mark"))
            .all(|m| m == "unchanged"));
        for word in ["added", "removed", "changed", "renamed", "moved"] {
            assert!(!svg.contains(&format!(">{word}<")), "a mark in {svg}");
        }
        let texts: Vec<&str> = doc
            .descendants()
            .filter(|n| n.is_text())
            .filter_map(|n| n.text())
            .collect();
        assert!(texts.contains(&"CodeDeploy · #1"), "{texts:?}");
        assert!(
            texts.contains(&"SourceArtifact → BuildArtifact"),
            "{texts:?}"
        );
        assert!(
            texts.contains(&"action Deploy in stage Production"),
            "{texts:?}"
        );
        assert!(texts.contains(&"· 4 stages, 5 actions"), "{texts:?}");
        // Three arrows between four stages, each a line and a head.
        assert_eq!(svg.matches(r##"fill="#57606a"/>"##).count(), 3);
    }

    #[test]
    fn an_empty_design_is_still_a_picture() {
        let mut doc = four_stages();
        doc.pipeline.stages.clear();
        let svg = design(&doc);
        roxmltree::Document::parse(&svg).expect("well-formed SVG");
        assert!(svg.contains("0 stages, 0 actions"), "{svg}");
    }

    #[test]
    fn the_svg_marks_stages_and_actions_and_is_well_formed() {
        let yaml = |label: &str, text: &str| review::Labelled {
            label: label.into(),
            document: Document::parse(text, Format::Yaml).expect("test design"),
        };
        let set = review::compare(
            &yaml("before.pipewright.yaml", BEFORE),
            &yaml("after.pipewright.yaml", AFTER),
        );
        let svg = review(&set);
        let doc = roxmltree::Document::parse(&svg).expect("well-formed SVG");
        let root = doc.root_element();
        assert_eq!(root.tag_name().name(), "svg");
        assert_eq!(
            root.tag_name().namespace(),
            Some("http://www.w3.org/2000/svg")
        );
        let marked = |kind: &str, name: &str| {
            doc.descendants()
                .find(|n| {
                    n.attribute("data-kind") == Some(kind) && n.attribute("data-name") == Some(name)
                })
                .and_then(|n| n.attribute("data-mark"))
                .unwrap_or_else(|| panic!("no {kind} {name} in {svg}"))
        };
        assert_eq!(marked("stage", "Approve"), "added");
        assert_eq!(marked("action", "ApproveRelease"), "added");
        assert_eq!(marked("action", "BuildImage"), "renamed");
        assert_eq!(marked("stage", "Deploy"), "unchanged");
        let names: Vec<&str> = doc
            .descendants()
            .filter(|n| n.is_element())
            .map(|n| n.tag_name().name())
            .collect();
        for element in ["rect", "text", "path", "title", "g"] {
            assert!(names.contains(&element), "no {element}");
        }
        assert!(!names.contains(&"foreignObject"));
        assert!(
            svg.contains(">was Build<"),
            "the rename is written, not only coloured"
        );
    }
}
