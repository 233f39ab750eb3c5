//! What the packages ship beside the binary: the man pages and shell completions that
//! `pipewright package-assets` generates from the command line's definition (`--version` is in
//! `help.rs`).

use crate::common::*;

#[test]
fn package_assets_writes_a_man_page_per_command_and_completions_for_three_shells() {
    let dir = tempfile::tempdir().unwrap();
    let run = pipewright(dir.path(), &["package-assets", "--out", "assets"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let man = dir.path().join("assets/man");
    let top = std::fs::read_to_string(man.join("pipewright.1")).unwrap();
    assert!(top.starts_with(".ie \\n(.g .ds Aq"), "roff: {}", &top[..80]);
    assert!(top.contains(".TH pipewright 1"), "{top}");
    for sub in ["validate", "export", "approve", "watch", "connections"] {
        let page = man.join(format!("pipewright-{sub}.1"));
        let text = std::fs::read_to_string(&page).unwrap_or_else(|e| panic!("{page:?}: {e}"));
        assert!(
            text.contains(&format!("pipewright\\-{sub}")),
            "{sub}: {text}"
        );
    }
    // Hidden commands get neither a page nor a completion.
    assert!(!man.join("pipewright-package-assets.1").exists());
    let completions = dir.path().join("assets/completions");
    let bash = std::fs::read_to_string(completions.join("pipewright.bash")).unwrap();
    assert!(bash.contains("complete -F _pipewright"), "{bash}");
    let zsh = std::fs::read_to_string(completions.join("_pipewright")).unwrap();
    assert!(zsh.starts_with("#compdef pipewright"), "{zsh}");
    let fish = std::fs::read_to_string(completions.join("pipewright.fish")).unwrap();
    assert!(
        fish.contains("complete -c pipewright") && fish.contains("validate"),
        "{fish}"
    );
    for text in [&bash, &zsh, &fish] {
        assert!(
            !text.contains("package-assets"),
            "a hidden command is offered"
        );
    }
}

#[test]
fn package_assets_says_which_folder_it_could_not_write() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("taken"), "a file, not a folder").unwrap();
    let run = pipewright(dir.path(), &["package-assets", "--out", "taken"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(
        run.stderr.contains("taken/man: cannot write the file"),
        "{}",
        run.stderr
    );
}
