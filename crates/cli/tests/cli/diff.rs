//! `pipewright diff` and `pipewright git-setup`: the held-back example (tests/review) in every
//! format, `--exit-code`, `REV:path` and directories in a git repository made by the test, and
//! `git diff` showing the review by itself once set up.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{json, Value};

use crate::common::*;

/// The held-back example: `before` and `after` of a change that adds a manual approval stage and
/// renames the build action.
fn example(side: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/review")
        .join(format!("{side}.pipewright.yaml"));
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A directory with the two sides of the example.
fn example_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "before.yaml", example("before"));
    write(dir.path(), "after.yaml", example("after"));
    dir
}

const RENAME: &str = "~ action `Build` in stage `Build` renamed to `BuildImage`";
const ADDED: &str =
    "+ stage `Approve` added after `Build` with 1 action: `ApproveRelease` (Approval, Manual)";

#[test]
fn the_held_back_example_prints_the_rename_and_the_added_stage() {
    let dir = example_dir();
    let run = pipewright(dir.path(), &["diff", "before.yaml", "after.yaml"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(
        run.stdout,
        format!(
            "~ pipeline `shop`: 1 stage added, 1 action renamed  (before.yaml -> after.yaml)\n    {RENAME}\n    {ADDED}\n1 pipeline changed.\n"
        )
    );
    assert!(
        !run.stdout.contains("removed"),
        "a rename, not a removal: {}",
        run.stdout
    );
    assert_eq!(run.stderr, "");
}

#[test]
fn exit_code_says_whether_anything_changed() {
    let dir = example_dir();
    let d = dir.path();
    let changed = pipewright(d, &["diff", "--exit-code", "before.yaml", "after.yaml"]);
    assert_eq!(changed.code, 1, "{changed:?}");
    let same = pipewright(d, &["diff", "--exit-code", "after.yaml", "after.yaml"]);
    assert_eq!((same.code, same.stdout.as_str()), (0, "No changes.\n"));
    // Without --exit-code, changes are no failure.
    assert_eq!(
        pipewright(d, &["diff", "before.yaml", "after.yaml"]).code,
        0
    );
    // Trouble is 2, with or without.
    write(d, "broken.yaml", "pipeline: [\n");
    fs::create_dir(d.join("dir")).unwrap();
    write(d, "dir/after.yaml", example("after"));
    for args in [
        &["diff", "--exit-code", "before.yaml", "broken.yaml"][..],
        &["diff", "before.yaml", "missing.yaml"],
        &["diff", "before.yaml", "dir"],
    ] {
        let run = pipewright(d, args);
        assert_eq!(run.code, 2, "{args:?}: {run:?}");
        assert_eq!(run.stdout, "", "{args:?}");
        assert_eq!(run.stderr_lines().len(), 1, "{args:?}: {}", run.stderr);
    }
    let run = pipewright(d, &["diff", "before.yaml", "dir"]);
    assert!(
        run.stderr
            .contains("compare a file with a file, or a directory with a directory"),
        "{}",
        run.stderr
    );
}

#[test]
fn markdown_is_a_pull_request_comment() {
    let dir = example_dir();
    let run = pipewright(
        dir.path(),
        &["diff", "--format", "markdown", "before.yaml", "after.yaml"],
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(
        run.stdout,
        "<!-- pipewright-diff -->\n### Pipeline review: 1 pipeline changed\n\n#### pipeline `shop`: 1 stage added, 1 action renamed\n\n`before.yaml` → `after.yaml`\n\n| | Change |\n| --- | --- |\n| renamed | action `Build` in stage `Build` renamed to `BuildImage` |\n| added | stage `Approve` added after `Build` with 1 action: `ApproveRelease` (Approval, Manual) |\n\n"
    );
}

fn rsvg_convert() -> &'static str {
    let found = Command::new("rsvg-convert").arg("--version").output();
    assert!(
        found.is_ok_and(|o| o.status.success()),
        "rsvg-convert is not installed: run `make test`, which installs librsvg2-bin, or `sudo apt-get install -y librsvg2-bin`"
    );
    "rsvg-convert"
}

#[test]
fn the_svg_marks_the_added_stage_and_the_renamed_action_and_renders() {
    let dir = example_dir();
    let d = dir.path();
    let run = pipewright(d, &["diff", "--format", "svg", "before.yaml", "after.yaml"]);
    assert_eq!(run.code, 0, "{run:?}");
    let svg = &run.stdout;
    let doc = roxmltree::Document::parse(svg).expect("the SVG is well-formed XML");
    let root = doc.root_element();
    assert_eq!(
        (root.tag_name().namespace(), root.tag_name().name()),
        (Some("http://www.w3.org/2000/svg"), "svg")
    );
    let node = |kind: &str, name: &str| {
        doc.descendants()
            .find(|n| {
                n.attribute("data-kind") == Some(kind) && n.attribute("data-name") == Some(name)
            })
            .unwrap_or_else(|| panic!("no {kind} {name}"))
    };
    let approve = node("stage", "Approve");
    assert_eq!(approve.attribute("data-mark"), Some("added"));
    // Marked by shape and words, not only by colour.
    let rect = approve
        .children()
        .find(|n| n.has_tag_name("rect"))
        .expect("a rect");
    assert_eq!(rect.attribute("stroke"), Some("#1a7f37"));
    let texts: Vec<&str> = approve
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .collect();
    assert!(
        texts.contains(&"Approve") && texts.contains(&"added"),
        "{texts:?}"
    );
    let renamed = node("action", "BuildImage");
    assert_eq!(renamed.attribute("data-mark"), Some("renamed"));
    assert!(renamed
        .descendants()
        .any(|n| n.has_tag_name("text") && n.text() == Some("was Build")));
    assert_eq!(
        node("stage", "Deploy").attribute("data-mark"),
        Some("unchanged")
    );
    assert!(
        doc.descendants().any(|n| n.has_tag_name("path")),
        "arrows between stages"
    );
    assert!(!doc.descendants().any(|n| n.has_tag_name("foreignObject")));

    // And rsvg-convert draws it.
    write(d, "review.svg", svg);
    let out = Command::new(rsvg_convert())
        .args(["review.svg", "-o", "review.png"])
        .current_dir(d)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let png = fs::read(d.join("review.png")).unwrap();
    assert!(
        png.starts_with(b"\x89PNG\r\n\x1a\n") && png.len() > 1000,
        "{} bytes",
        png.len()
    );
}

#[test]
fn json_has_the_changes_and_the_marked_picture() {
    let dir = example_dir();
    let run = pipewright(
        dir.path(),
        &["diff", "--format", "json", "before.yaml", "after.yaml"],
    );
    assert_eq!(run.code, 0, "{run:?}");
    let v: Value = serde_json::from_str(&run.stdout).unwrap();
    let p = &v["pipelines"][0];
    assert_eq!(p["status"], "changed");
    assert_eq!(p["changes"][0]["op"], "rename");
    assert_eq!(p["changes"][0]["area"], "action");
    assert_eq!(p["changes"][0]["stage"], "Build");
    assert_eq!(p["changes"][0]["action"], "BuildImage");
    assert_eq!(p["changes"][1]["pointer"], "/pipeline/stages/2");
    let stages: Vec<(&str, &str)> = p["stages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["name"].as_str().unwrap(), s["mark"].as_str().unwrap()))
        .collect();
    assert_eq!(
        stages,
        [
            ("Source", "unchanged"),
            ("Build", "unchanged"),
            ("Approve", "added"),
            ("Deploy", "unchanged")
        ]
    );
    assert_eq!(p["stages"][1]["actions"][0]["beforeName"], "Build");
    assert_eq!(
        v["summary"],
        json!({"added": 0, "removed": 0, "changed": 1, "unchanged": 0})
    );
}

/// `git ARGS` in `dir`, which must succeed; its standard output.
fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args([
            "-c",
            "user.name=Pipewright Test",
            "-c",
            "user.email=test@example.com",
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// A repository whose first commit has `before` in `web.pipewright.yaml` and in `designs/`, with
/// `after` in the working tree.
fn repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    git(d, &["init", "-q"]);
    fs::create_dir(d.join("designs")).unwrap();
    write(d, "web.pipewright.yaml", example("before"));
    write(d, "designs/shop.yaml", example("before"));
    let mut other = valid_document();
    other["pipeline"]["name"] = json!("api");
    write(d, "designs/api.json", json_text(&other));
    write(d, "designs/notes.txt", "not a design\n");
    git(d, &["add", "."]);
    git(d, &["commit", "-q", "-m", "before"]);
    write(d, "web.pipewright.yaml", example("after"));
    write(d, "designs/shop.yaml", example("after"));
    fs::remove_file(d.join("designs/api.json")).unwrap();
    let mut new = valid_document();
    new["pipeline"]["name"] = json!("batch");
    write(d, "designs/batch.json", json_text(&new));
    dir
}

#[test]
fn a_side_can_be_a_file_at_a_git_revision() {
    let repo = repository();
    let d = repo.path();
    for old in [
        "HEAD:web.pipewright.yaml",
        "HEAD:./web.pipewright.yaml",
        "main:web.pipewright.yaml",
    ] {
        let run = pipewright(d, &["diff", old, "web.pipewright.yaml"]);
        assert_eq!(run.code, 0, "{old}: {run:?}");
        assert!(
            run.stdout.contains(RENAME) && run.stdout.contains(ADDED),
            "{old}: {}",
            run.stdout
        );
        assert!(
            run.stdout
                .contains(&format!("({old} -> web.pipewright.yaml)")),
            "{}",
            run.stdout
        );
    }
    // From a subdirectory, `./` is relative to it, like git's own.
    let run = pipewright(
        &d.join("designs"),
        &["diff", "HEAD:./shop.yaml", "shop.yaml"],
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.contains(RENAME), "{}", run.stdout);

    let bad = pipewright(
        d,
        &["diff", "nope:web.pipewright.yaml", "web.pipewright.yaml"],
    );
    assert_eq!(bad.code, 2, "{bad:?}");
    assert!(
        bad.stderr
            .starts_with("nope:web.pipewright.yaml: git cannot read it (")
            && bad.stderr.contains("check the revision and the path"),
        "{}",
        bad.stderr
    );
}

#[test]
fn directories_pair_designs_by_pipeline_name() {
    let repo = repository();
    let d = repo.path();
    // The committed directory against the working tree, then two directories on disk.
    let run = pipewright(d, &["diff", "HEAD:designs", "designs"]);
    assert_eq!(run.code, 0, "{run:?}");
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(
        lines[0],
        "- pipeline `api`: pipeline removed (2 stages gone)  (HEAD:designs/api.json)"
    );
    assert!(
        lines.contains(&"+ pipeline `batch`: new pipeline with 2 stages  (designs/batch.json)"),
        "{lines:#?}"
    );
    assert!(
        lines.contains(&"~ pipeline `shop`: 1 stage added, 1 action renamed  (HEAD:designs/shop.yaml -> designs/shop.yaml)"),
        "{lines:#?}"
    );
    assert_eq!(
        lines.last(),
        Some(&"1 pipeline changed, 1 added, 1 removed.")
    );

    git(d, &["stash", "-q", "--include-untracked"]);
    fs::create_dir(d.join("old")).unwrap();
    fs::copy(d.join("designs/shop.yaml"), d.join("old/shop.yaml")).unwrap();
    fs::copy(d.join("designs/api.json"), d.join("old/api.json")).unwrap();
    git(d, &["stash", "pop", "-q"]);
    let run = pipewright(
        d,
        &[
            "diff",
            "--exit-code",
            "--format",
            "markdown",
            "old",
            "designs",
        ],
    );
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stdout.contains("#### removed pipeline `api`"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("#### new pipeline `batch`"),
        "{}",
        run.stdout
    );
    assert!(run
        .stdout
        .contains("| renamed | action `Build` in stage `Build` renamed to `BuildImage` |"));

    // Two designs of one pipeline in a directory: which pairs is unclear, so it is refused.
    fs::copy(
        d.join("designs/shop.yaml"),
        d.join("designs/shop-copy.yaml"),
    )
    .unwrap();
    let run = pipewright(d, &["diff", "old", "designs"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr.contains("both define pipeline `shop`"),
        "{}",
        run.stderr
    );
}

#[test]
fn git_setup_makes_git_diff_show_the_review_and_is_idempotent() {
    let repo = repository();
    let d = repo.path();
    let first = pipewright(d, &["git-setup"]);
    assert_eq!(first.code, 0, "{first:?}");
    assert!(
        first.stdout.contains(".gitattributes: added `*.pipewright.yaml diff=pipewright`, `*.pipewright.yml diff=pipewright`, `*.pipewright.json diff=pipewright`"),
        "{}",
        first.stdout
    );
    assert!(
        first.stdout.contains("set diff.pipewright.command = "),
        "{}",
        first.stdout
    );
    let attributes = fs::read_to_string(d.join(".gitattributes")).unwrap();
    assert!(
        attributes.contains("*.pipewright.yaml diff=pipewright\n"),
        "{attributes}"
    );
    let command = git(
        d,
        &["config", "--local", "--get", "diff.pipewright.command"],
    );
    assert!(
        command.trim_end().ends_with(" diff --git-external"),
        "{command}"
    );

    let again = pipewright(d, &["git-setup"]);
    assert_eq!(again.code, 0, "{again:?}");
    assert!(
        again
            .stdout
            .ends_with("is set up already: nothing to change.\n"),
        "{}",
        again.stdout
    );
    assert_eq!(
        fs::read_to_string(d.join(".gitattributes")).unwrap(),
        attributes
    );

    // `git diff` now shows the review of the design, and `--no-ext-diff` the text.
    let shown = git(d, &["diff", "--", "web.pipewright.yaml"]);
    assert!(
        shown.starts_with("diff --pipewright a/web.pipewright.yaml b/web.pipewright.yaml\n~ pipeline `shop`: 1 stage added, 1 action renamed"),
        "{shown}"
    );
    assert!(shown.contains(RENAME) && shown.contains(ADDED), "{shown}");
    let plain = git(d, &["diff", "--no-ext-diff", "--", "web.pipewright.yaml"]);
    assert!(
        plain.contains("-    - name: Build\n")
            || plain.contains("-  - name: Build")
            || plain.contains("- name: Build"),
        "{plain}"
    );
    // Other files keep git's own diff.
    write(d, "notes.txt", "one\n");
    git(d, &["add", "notes.txt", ".gitattributes"]);
    git(d, &["commit", "-q", "-m", "notes"]);
    write(d, "notes.txt", "two\n");
    assert!(git(d, &["diff", "--", "notes.txt"]).contains("-one\n+two\n"));

    // A design that does not parse (yet) falls back to the text diff.
    write(d, "web.pipewright.yaml", "pipeline: [\n");
    let broken = git(d, &["diff", "--", "web.pipewright.yaml"]);
    assert!(
        broken.contains("# pipewright: b/web.pipewright.yaml"),
        "{broken}"
    );
    assert!(broken.contains("+pipeline: [\n"), "{broken}");

    // A pattern of one's own is added beside the others.
    let more = pipewright(d, &["git-setup", "--pattern", "designs/*.yaml"]);
    assert_eq!(more.code, 0, "{more:?}");
    assert!(
        more.stdout
            .contains("added `designs/*.yaml diff=pipewright`"),
        "{}",
        more.stdout
    );
    assert!(
        !more.stdout.contains("git config"),
        "the command was set already: {}",
        more.stdout
    );
}

#[test]
fn git_setup_outside_a_repository_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let run = pipewright(dir.path(), &["git-setup"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr.contains("not inside a git repository"),
        "{}",
        run.stderr
    );
    assert!(!dir.path().join(".gitattributes").exists());
}

#[test]
fn the_svg_marks_removed_and_changed_actions_and_order_only_is_said() {
    let dir = example_dir();
    let d = dir.path();
    // From `after`: the unit tests dropped, the deployment's service changed.
    let text = example("after")
        .replace("ServiceName: shop-web", "ServiceName: shop-web-v2")
        .replace(
            "        - name: UnitTests\n          actionTypeId:\n            category: Test\n            owner: AWS\n            provider: CodeBuild\n            version: '1'\n          runOrder: 1\n          configuration:\n            ProjectName: shop-unit-tests\n          inputArtifacts:\n            - name: SourceOutput\n",
            "",
        );
    assert!(!text.contains("UnitTests") && text.contains("shop-web-v2"));
    write(d, "later.yaml", &text);
    let run = pipewright(d, &["diff", "--format", "svg", "after.yaml", "later.yaml"]);
    assert_eq!(run.code, 0, "{run:?}");
    let doc = roxmltree::Document::parse(&run.stdout).expect("the SVG is well-formed XML");
    let mark = |kind: &str, name: &str| {
        doc.descendants()
            .find(|n| {
                n.attribute("data-kind") == Some(kind) && n.attribute("data-name") == Some(name)
            })
            .and_then(|n| n.attribute("data-mark"))
            .unwrap_or_else(|| panic!("no {kind} {name}"))
    };
    assert_eq!(mark("action", "UnitTests"), "removed");
    assert_eq!(mark("action", "Deploy"), "changed");
    assert_eq!(mark("action", "BuildImage"), "unchanged");

    // The text says the same in words.
    let run = pipewright(d, &["diff", "after.yaml", "later.yaml"]);
    assert!(
        run.stdout
            .contains("action `UnitTests` in stage `Build` removed"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("ServiceName"), "{}", run.stdout);

    // Stages swapped and nothing else: order only, and still a change for --exit-code.
    let mut v: serde_yaml::Value = serde_yaml::from_str(&example("after")).unwrap();
    let stages = v["pipeline"]["stages"].as_sequence_mut().unwrap();
    stages.swap(2, 3);
    write(d, "swapped.yaml", serde_yaml::to_string(&v).unwrap());
    let run = pipewright(d, &["diff", "--exit-code", "after.yaml", "swapped.yaml"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(run.stdout.contains("order only"), "{}", run.stdout);
    assert!(
        !run.stdout.contains("added") && !run.stdout.contains("removed"),
        "{}",
        run.stdout
    );
}
