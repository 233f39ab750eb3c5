//! `pipewright --help` and each subcommand's help.

use crate::common::*;

const SUBCOMMANDS: [&str; 4] = ["validate", "fmt", "import", "export"];

#[test]
fn top_level_help_lists_every_subcommand_and_the_exit_statuses() {
    let dir = tempfile::tempdir().unwrap();
    let run = pipewright(dir.path(), &["--help"]);
    assert_eq!(run.code, 0);
    for name in SUBCOMMANDS {
        assert!(
            run.stdout.lines().any(|l| l.trim_start().starts_with(name)),
            "{name} missing from:\n{}",
            run.stdout
        );
    }
    assert!(run.stdout.contains("Exit status: 0"), "{}", run.stdout);
}

#[test]
fn every_subcommand_has_help_with_a_description_and_examples() {
    let dir = tempfile::tempdir().unwrap();
    for name in SUBCOMMANDS {
        let run = pipewright(dir.path(), &["help", name]);
        assert_eq!(run.code, 0, "{name}");
        assert!(
            run.stdout.contains(&format!("Usage: pipewright {name}")),
            "{}",
            run.stdout
        );
        assert!(run.stdout.contains("Examples:"), "{name}: {}", run.stdout);
        let short = pipewright(dir.path(), &[name, "-h"]);
        assert_eq!(short.code, 0);
        assert!(
            short.stdout.len() < run.stdout.len(),
            "{name}: -h is the summary"
        );
    }
}

#[test]
fn every_listed_subcommand_has_working_help() {
    let dir = tempfile::tempdir().unwrap();
    let top = pipewright(dir.path(), &["--help"]);
    let names: Vec<String> = top
        .stdout
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter(|l| !l.starts_with("   ")) // wrapped description lines
        .filter_map(|l| l.split_whitespace().next())
        .filter(|n| *n != "help")
        .map(String::from)
        .collect();
    for mine in SUBCOMMANDS {
        assert!(names.iter().any(|n| n == mine), "{mine} not in {names:?}");
    }
    for name in &names {
        let run = pipewright(dir.path(), &["help", name]);
        assert_eq!(run.code, 0, "{name}: {run:?}");
        assert!(
            run.stdout.contains(&format!("Usage: pipewright {name}")),
            "{name}: {}",
            run.stdout
        );
    }
}

#[test]
fn no_subcommand_or_an_unknown_one_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let run = pipewright(dir.path(), &[]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("Usage: pipewright"), "{}", run.stderr);
    let run = pipewright(dir.path(), &["valdiate", "x.yaml"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("validate"),
        "suggests the right name: {}",
        run.stderr
    );
}

#[test]
fn version_is_printed() {
    let dir = tempfile::tempdir().unwrap();
    let run = pipewright(dir.path(), &["--version"]);
    assert_eq!(run.code, 0);
    assert_eq!(
        run.stdout.trim(),
        format!("pipewright {}", env!("CARGO_PKG_VERSION"))
    );
}
