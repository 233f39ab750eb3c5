//! Snapshot tests of rendered diagnostics (insta). Snapshots live in `tests/snapshots/`;
//! review a change with `INSTA_UPDATE=always cargo test -p pipewright-core --test render` and
//! `git diff`.

use pipewright_core::validate::{render, validate};
use pipewright_core::{Document, Format};

/// A hand-written design with one mistake of each common kind.
const BROKEN: &str = r#"
pipeline:
  name: shop api
  roleArn: arn:aws:iam::123456789012:role/shop
  artifactStore:
    type: S3
    location: shop-artifacts
  stages:
    - name: Source
      actions:
        - name: Source
          actionTypeId: {category: Source, owner: ThirdParty, provider: GitHub, version: "1"}
          configuration:
            Owner: acme
            Repo: shop
            Branch: main
            OAuthToken: ghp_0123456789abcdefghijklmnopqrstuvwxyzAB
            PollForSourceChanges: "true"
          outputArtifacts: [{name: Src}]
    - name: Build
      actions:
        - name: Build
          actionTypeId: {category: Build, owner: AWS, provider: CodeBuild, version: "1"}
          configuration: {ProjectName: shop, projectname: typo}
          inputArtifacts: [{name: Source}]
          outputArtifacts: [{name: Bundle}]
          timeoutInMinutes: 30
    - name: Production
      actions:
        - name: Deploy
          actionTypeId: {category: Deploy, owner: AWS, provider: ECS, version: "1"}
          runOrder: 0
          configuration: {ClusterName: prod, ServiceName: shop}
          inputArtifacts: [{name: Bundle}]
  executionMode: PARALLEL
"#;

#[test]
fn broken_design_renders_like_a_compiler() {
    let doc = Document::parse(BROKEN, Format::Yaml).unwrap();
    let diags = validate(&doc);
    insta::assert_snapshot!("broken_design_text", render(&diags));
    insta::assert_json_snapshot!("broken_design_json", diags);
}

#[test]
fn get_pipeline_output_renders_its_warnings() {
    let path = pipewright_test_support::manifest_dir!()
        .join("../../tests/corpus/valid/get-pipeline-output-github-v1.json");
    let text = std::fs::read_to_string(path).unwrap();
    let doc = Document::parse(&text, Format::Json).unwrap();
    insta::assert_snapshot!("get_pipeline_github_v1_text", render(&validate(&doc)));
}

#[test]
fn clean_pipeline_renders_a_summary_only() {
    let path = pipewright_test_support::manifest_dir!()
        .join("../../tests/corpus/valid/stage-conditions-v2.yaml");
    let text = std::fs::read_to_string(path).unwrap();
    let doc = Document::parse(&text, Format::Yaml).unwrap();
    assert_eq!(render(&validate(&doc)), "0 errors, 0 warnings\n");
}
