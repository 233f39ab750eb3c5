//! Unit tests of reviews: the pairing rule (names, then content similarity), order-only changes,
//! the areas, directories, and the text and Markdown renderings (the SVG's are in `picture`).

use serde_json::{json, Value};

use super::*;
use crate::document::Format;

const BEFORE: &str = include_str!("../../../../tests/review/before.pipewright.yaml");
const AFTER: &str = include_str!("../../../../tests/review/after.pipewright.yaml");

fn labelled(label: &str, v: Value) -> Labelled {
    Labelled {
        label: label.into(),
        document: Document::from_value(v).expect("test document"),
    }
}

fn yaml(label: &str, text: &str) -> Labelled {
    Labelled {
        label: label.into(),
        document: Document::parse(text, Format::Yaml).expect("test design"),
    }
}

fn action(name: &str, category: &str, provider: &str, config: Value) -> Value {
    json!({
        "name": name,
        "actionTypeId": {"category": category, "owner": "AWS", "provider": provider, "version": "1"},
        "configuration": config,
    })
}

fn pipeline(stages: Value) -> Value {
    json!({"pipeline": {
        "name": "demo",
        "roleArn": "arn:aws:iam::123456789012:role/svc",
        "artifactStore": {"type": "S3", "location": "bucket-1"},
        "stages": stages,
    }})
}

fn base() -> Value {
    pipeline(json!([
        {"name": "Source", "actions": [action("Src", "Source", "S3", json!({"S3Bucket": "b", "S3ObjectKey": "app.zip"}))]},
        {"name": "Build", "actions": [action("Compile", "Build", "CodeBuild", json!({"ProjectName": "app-build"}))]},
        {"name": "Deploy", "actions": [action("Ship", "Deploy", "S3", json!({"BucketName": "site", "Extract": "true"}))]},
    ]))
}

fn one(before: Value, after: Value) -> Review {
    review(
        Some(&labelled("a.json", before)),
        Some(&labelled("b.json", after)),
    )
}

fn phrases(r: &Review) -> Vec<&str> {
    r.changes.iter().map(|c| c.phrase.as_str()).collect()
}

fn stage<'r>(r: &'r Review, name: &str) -> &'r StageView {
    r.stages
        .iter()
        .find(|s| s.name == name)
        .unwrap_or_else(|| panic!("no stage {name} in {:#?}", r.stages))
}

#[test]
fn the_held_back_example_is_a_rename_and_an_added_stage() {
    let set = compare(
        &yaml("before.pipewright.yaml", BEFORE),
        &yaml("after.pipewright.yaml", AFTER),
    );
    let r = &set.pipelines[0];
    assert_eq!(r.status, ReviewStatus::Changed);
    assert_eq!(
        phrases(r),
        vec![
            "action `Build` in stage `Build` renamed to `BuildImage`",
            "stage `Approve` added after `Build` with 1 action: `ApproveRelease` (Approval, Manual)",
        ]
    );
    let rename = &r.changes[0];
    assert_eq!(rename.op, ChangeOp::Rename);
    assert_eq!(rename.area, Area::Action);
    assert_eq!(rename.pointer, "/pipeline/stages/1/actions/0/name");
    assert_eq!(
        (rename.stage.as_deref(), rename.action.as_deref()),
        (Some("Build"), Some("BuildImage"))
    );
    let added = &r.changes[1];
    assert_eq!((added.op, added.area), (ChangeOp::Add, Area::Stage));
    assert_eq!(added.pointer, "/pipeline/stages/2");

    let names: Vec<(&str, Mark)> = r.stages.iter().map(|s| (s.name.as_str(), s.mark)).collect();
    assert_eq!(
        names,
        [
            ("Source", Mark::Unchanged),
            ("Build", Mark::Unchanged),
            ("Approve", Mark::Added),
            ("Deploy", Mark::Unchanged)
        ]
    );
    let build = &stage(r, "Build").actions[0];
    assert_eq!(
        (
            build.name.as_str(),
            build.before_name.as_deref(),
            build.mark
        ),
        ("BuildImage", Some("Build"), Mark::Renamed)
    );
    assert_eq!(r.summary(), "1 stage added, 1 action renamed");
    assert_eq!(
        set.to_text(),
        "~ pipeline `shop`: 1 stage added, 1 action renamed  (before.pipewright.yaml -> after.pipewright.yaml)\n    ~ action `Build` in stage `Build` renamed to `BuildImage`\n    + stage `Approve` added after `Build` with 1 action: `ApproveRelease` (Approval, Manual)\n1 pipeline changed.\n"
    );
}

#[test]
fn an_action_renamed_with_a_small_change_is_still_a_rename() {
    let mut after = base();
    after["pipeline"]["stages"][1]["actions"][0] = action(
        "BuildApp",
        "Build",
        "CodeBuild",
        json!({"ProjectName": "app-build", "PrimarySource": "Src"}),
    );
    let r = one(base(), after);
    assert_eq!(
        phrases(&r),
        [
            "action `Compile` in stage `Build` renamed to `BuildApp`",
            "configuration key `PrimarySource` of action `BuildApp` in stage `Build` added (`Src`)"
        ]
    );
    assert_eq!(r.changes[1].area, Area::Configuration);
    assert_eq!(stage(&r, "Build").actions[0].mark, Mark::Renamed);
}

#[test]
fn another_provider_or_other_content_is_a_removal_and_an_addition() {
    let mut after = base();
    // Same category, another provider: a different action, whatever the similarity.
    after["pipeline"]["stages"][2]["actions"][0] = action(
        "Publish",
        "Deploy",
        "CodeDeploy",
        json!({"BucketName": "site", "Extract": "true"}),
    );
    // Same provider, nothing else in common.
    after["pipeline"]["stages"][1]["actions"][0] = action(
        "Lint",
        "Build",
        "CodeBuild",
        json!({"ProjectName": "lint", "BuildspecOverride": "lint.yml"}),
    );
    after["pipeline"]["stages"][1]["actions"][0]["runOrder"] = json!(2);
    let r = one(base(), after);
    let p = phrases(&r);
    assert!(
        p.contains(&"action `Compile` in stage `Build` removed (Build, CodeBuild)"),
        "{p:#?}"
    );
    assert!(
        p.contains(&"action `Lint` in stage `Build` added (Build, CodeBuild)"),
        "{p:#?}"
    );
    assert!(
        p.contains(&"action `Ship` in stage `Deploy` removed (Deploy, S3)"),
        "{p:#?}"
    );
    assert!(
        p.contains(&"action `Publish` in stage `Deploy` added (Deploy, CodeDeploy)"),
        "{p:#?}"
    );
    assert!(!p.iter().any(|x| x.contains("renamed")), "{p:#?}");
    let marks: Vec<(&str, Mark)> = stage(&r, "Build")
        .actions
        .iter()
        .map(|a| (a.name.as_str(), a.mark))
        .collect();
    assert_eq!(marks, [("Compile", Mark::Removed), ("Lint", Mark::Added)]);
    assert_eq!(r.action_marks.added, 2);
    assert_eq!(r.action_marks.removed, 2);
}

#[test]
fn a_renamed_stage_keeps_its_actions_and_the_most_similar_pair_wins() {
    let mut after = base();
    after["pipeline"]["stages"][2]["name"] = json!("Release");
    let r = one(base(), after.clone());
    assert_eq!(phrases(&r), ["stage `Deploy` renamed to `Release`"]);
    assert_eq!(stage(&r, "Release").mark, Mark::Renamed);
    assert_eq!(stage(&r, "Release").before_name.as_deref(), Some("Deploy"));

    // Two renamed stages swapped in place: each pairs with its own content, not its position.
    let mut swapped = base();
    let stages = swapped["pipeline"]["stages"].as_array_mut().unwrap();
    stages.swap(1, 2);
    stages[1]["name"] = json!("Ship it");
    stages[2]["name"] = json!("Compile it");
    let r = one(base(), swapped);
    let p = phrases(&r);
    assert!(
        p.contains(&"stage `Build` renamed to `Compile it`"),
        "{p:#?}"
    );
    assert!(p.contains(&"stage `Deploy` renamed to `Ship it`"), "{p:#?}");
    assert!(
        p.contains(
            &"stages reordered: Source, Ship it, Compile it (was Source, Compile it, Ship it)"
        ),
        "{p:#?}"
    );
}

#[test]
fn order_only_changes_are_said_as_such() {
    let mut after = base();
    after["pipeline"]["stages"]
        .as_array_mut()
        .unwrap()
        .swap(1, 2);
    let r = one(base(), after);
    assert_eq!(
        phrases(&r),
        ["stages reordered: Source, Deploy, Build (was Source, Build, Deploy)"]
    );
    assert!(r.order_only);
    assert_eq!(r.changes[0].area, Area::Stage);
    // One stage moved, the longest run kept in order did not.
    let marks: Vec<Mark> = r.stages.iter().map(|s| s.mark).collect();
    assert_eq!(
        marks.iter().filter(|m| **m == Mark::Moved).count(),
        1,
        "{marks:?}"
    );
    assert_eq!(r.summary(), "order only: 1 stage moved");

    // Actions run by runOrder: their order in the file changes nothing when the pipeline runs.
    let mut two = base();
    two["pipeline"]["stages"][1]["actions"]
        .as_array_mut()
        .unwrap()
        .push(action(
            "Lint",
            "Test",
            "CodeBuild",
            json!({"ProjectName": "lint"}),
        ));
    let mut swapped = two.clone();
    swapped["pipeline"]["stages"][1]["actions"]
        .as_array_mut()
        .unwrap()
        .swap(0, 1);
    let r = one(two, swapped);
    assert_eq!(
        phrases(&r),
        ["actions of stage `Build` reordered: Lint, Compile (was Compile, Lint) (file order only: actions run by their runOrder)"]
    );
    assert!(r.order_only);
    assert_eq!(r.summary(), "order only: actions reordered in the file");
    assert!(r.stages.iter().all(|s| s.mark == Mark::Unchanged));
}

#[test]
fn artifacts_triggers_conditions_and_settings_each_have_their_area() {
    let mut before = base();
    before["pipeline"]["pipelineType"] = json!("V2");
    before["pipeline"]["triggers"] = json!([{
        "providerType": "CodeStarSourceConnection",
        "gitConfiguration": {"sourceActionName": "Src", "push": [{"branches": {"includes": ["main"]}}]}
    }]);
    let mut after = before.clone();
    after["pipeline"]["executionMode"] = json!("QUEUED");
    after["pipeline"]["triggers"][0]["gitConfiguration"]["push"][0]["branches"]["includes"] =
        json!(["main", "release/*"]);
    after["pipeline"]["stages"][1]["actions"][0]["outputArtifacts"] = json!([{"name": "BuildOut"}]);
    after["pipeline"]["stages"][2]["beforeEntry"] = json!({"conditions": [{
        "result": "FAIL",
        "rules": [{"name": "NoAlarms", "ruleTypeId": {"category": "Rule", "owner": "AWS", "provider": "CloudWatchAlarm", "version": "1"},
                   "configuration": {"AlarmName": "errors"}}]
    }]});
    let r = one(before, after);
    let by_area: Vec<(Area, &str)> = r
        .changes
        .iter()
        .map(|c| (c.area, c.phrase.as_str()))
        .collect();
    assert!(
        by_area.contains(&(
            Area::Pipeline,
            "pipeline setting `executionMode` changed from `SUPERSEDED` to `QUEUED`"
        )),
        "{by_area:#?}"
    );
    assert!(
        by_area.contains(&(
            Area::Artifact,
            "output artifact `BuildOut` of action `Compile` in stage `Build` added"
        )),
        "{by_area:#?}"
    );
    let trigger = r
        .changes
        .iter()
        .find(|c| c.area == Area::Trigger)
        .expect("a trigger change");
    assert!(
        trigger.phrase.starts_with("`gitConfiguration.push.[0].branches.includes` of trigger for source action `Src` changed"),
        "{}",
        trigger.phrase
    );
    let condition = r
        .changes
        .iter()
        .find(|c| c.area == Area::Condition)
        .expect("a condition change");
    assert!(
        condition
            .phrase
            .starts_with("`beforeEntry` of stage `Deploy` added"),
        "{}",
        condition.phrase
    );
    assert_eq!(stage(&r, "Deploy").mark, Mark::Changed);
    assert_eq!(stage(&r, "Build").actions[0].mark, Mark::Changed);
}

#[test]
fn environments_and_tags_are_compared() {
    let mut before = base();
    before["pipewright"] = json!({"environments": {
        "dev": {"nameSuffix": "-dev", "branch": "develop"},
        "prod": {"nameSuffix": "-prod", "configuration": {"Deploy/Ship": {"BucketName": "site-prod"}}}
    }});
    before["tags"] = json!([{"key": "team", "value": "web"}]);
    let mut after = before.clone();
    after["pipewright"]["environments"]["dev"]["branch"] = json!("main");
    after["pipewright"]["environments"]["prod"]["configuration"]["Deploy/Ship"]["BucketName"] =
        json!("site-live");
    after["pipewright"]["environments"]["staging"] =
        json!({"nameSuffix": "-staging", "branch": "release"});
    after["tags"] = json!([{"key": "team", "value": "shop"}]);
    // Positions and notes are the canvas's: not compared.
    after["pipewright"]["positions"] = json!({"stage:Build": {"x": 1, "y": 2}});
    let r = one(before, after);
    assert_eq!(
        phrases(&r),
        [
            "tag `team` changed from `web` to `shop`",
            "`branch` of environment `dev` changed from `develop` to `main`",
            "configuration key `BucketName` of action `Deploy/Ship` of environment `prod` changed from `site-prod` to `site-live`",
            "environment `staging` added (name suffix `-staging`, branch `release`)",
        ]
    );
    let areas: Vec<Area> = r.changes.iter().map(|c| c.area).collect();
    assert_eq!(
        areas,
        [
            Area::Tag,
            Area::Environment,
            Area::Environment,
            Area::Environment
        ]
    );
    assert!(r.changes.iter().all(|c| c.stage.is_none()));
    assert_eq!(r.summary(), "4 pipeline-level changes");
}

#[test]
fn the_same_design_has_no_changes() {
    let r = one(base(), base());
    assert_eq!(r.status, ReviewStatus::Unchanged);
    assert!(!r.has_changes());
    let set = ReviewSet::new(vec![r]);
    assert_eq!(set.to_text(), "No changes.\n");
    assert!(set
        .to_markdown()
        .contains("### Pipeline review: no changes"));
}

#[test]
fn directories_pair_by_pipeline_name_then_by_file_name() {
    let named = |name: &str| {
        let mut v = base();
        v["pipeline"]["name"] = json!(name);
        v
    };
    let before = vec![
        labelled("main:designs/web.yaml", named("web")),
        labelled("main:designs/api.yaml", named("api")),
        labelled("main:designs/old.yaml", named("old")),
    ];
    let mut api = named("api");
    api["pipeline"]["stages"][1]["actions"][0]["configuration"]["ProjectName"] = json!("api-build");
    let after = vec![
        labelled("designs/api.yaml", api),
        labelled("designs/web.yaml", named("web-v2")),
        labelled("designs/new.yaml", named("new")),
    ];
    let set = compare_sets(&before, &after).unwrap();
    let status: Vec<(&str, ReviewStatus)> = set
        .pipelines
        .iter()
        .map(|r| (r.name.as_str(), r.status))
        .collect();
    assert_eq!(
        status,
        [
            ("api", ReviewStatus::Changed),
            ("new", ReviewStatus::Added),
            ("old", ReviewStatus::Removed),
            ("web-v2", ReviewStatus::Changed),
        ]
    );
    let web = &set.pipelines[3];
    assert_eq!(
        phrases(web),
        ["pipeline setting `name` changed from `web` to `web-v2`"]
    );
    let new = &set.pipelines[1];
    assert!(new.stages.iter().all(|s| s.mark == Mark::Added));
    assert_eq!(
        phrases(new)[0],
        "stage `Source` added as the first stage with 1 action: `Src` (Source, S3)"
    );
    assert_eq!(new.summary(), "new pipeline with 3 stages");
    assert_eq!(
        set.summary_line(),
        "2 pipelines changed, 1 added, 1 removed"
    );

    let dup = vec![
        labelled("a.yaml", named("web")),
        labelled("b.yaml", named("web")),
    ];
    let err = compare_sets(&dup, &after).unwrap_err();
    assert_eq!(
        err.to_string(),
        "a.yaml and b.yaml both define pipeline `web`; keep one design per pipeline in a directory"
    );
}

#[test]
fn markdown_is_a_table_per_pipeline_safe_in_a_cell() {
    let mut after = base();
    after["pipeline"]["stages"][1]["actions"][0]["configuration"]["ProjectName"] =
        json!("a|b\n<script>");
    let set = ReviewSet::new(vec![one(base(), after)]);
    let md = set.to_markdown();
    assert!(
        md.starts_with("<!-- pipewright-diff -->\n### Pipeline review: 1 pipeline changed\n"),
        "{md}"
    );
    assert!(md.contains("#### pipeline `demo`: 1 action changed\n\n`a.json` → `b.json`\n\n| | Change |\n| --- | --- |\n"), "{md}");
    assert!(
        md.contains("| changed | configuration key `ProjectName` of action `Compile` in stage `Build` changed from `app-build` to `a\\|b &lt;script&gt;` |"),
        "{md}"
    );
}
