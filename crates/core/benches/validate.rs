//! Parse + validate a generated 50-stage / 500-action pipeline (the service's maxima).
//! Target: under 1 ms in release. Run: `cargo bench -p pipewright-core --bench validate`.
//! Measured with the allocator the `pipewright` CLI uses (mimalloc), as the CLI runs it.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use pipewright_core::validate::validate;
use pipewright_core::{Document, Format};
use serde_json::{json, Value};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// 50 stages, 10 actions each: 10 sources, then builds, tests, approvals, deploys and invokes
/// reading artifacts produced earlier.
fn big_pipeline() -> Value {
    let mut stages = Vec::new();
    let sources: Vec<Value> = (0..10)
        .map(|i| {
            json!({
                "name": format!("Source{i}"),
                "actionTypeId": {"category": "Source", "owner": "AWS", "provider": "CodeStarSourceConnection", "version": "1"},
                "configuration": {
                    "ConnectionArn": "arn:aws:codeconnections:us-east-1:123456789012:connection/abc",
                    "FullRepositoryId": format!("acme/repo{i}"),
                    "BranchName": "main"
                },
                "outputArtifacts": [{"name": format!("Src{i}")}],
                "namespace": format!("Src{i}Vars")
            })
        })
        .collect();
    stages.push(json!({"name": "Source", "actions": sources}));
    for s in 1..50 {
        let actions: Vec<Value> = (0..10)
            .map(|i| {
                let input = if s == 1 { format!("Src{i}") } else { format!("B{}_{i}", s - 1) };
                match (s + i) % 5 {
                    0 | 1 => json!({
                        "name": format!("Build{i}"),
                        "actionTypeId": {"category": "Build", "owner": "AWS", "provider": "CodeBuild", "version": "1"},
                        "runOrder": 1,
                        "configuration": {"ProjectName": format!("p{s}-{i}"), "EnvironmentVariables": "[{\"name\":\"STAGE\",\"value\":\"x\",\"type\":\"PLAINTEXT\"}]"},
                        "inputArtifacts": [{"name": input}],
                        "outputArtifacts": [{"name": format!("B{s}_{i}")}]
                    }),
                    2 => json!({
                        "name": format!("Test{i}"),
                        "actionTypeId": {"category": "Test", "owner": "AWS", "provider": "CodeBuild", "version": "1"},
                        "runOrder": 2,
                        "configuration": {"ProjectName": format!("t{s}-{i}")},
                        "inputArtifacts": [{"name": input}],
                        "outputArtifacts": [{"name": format!("B{s}_{i}")}]
                    }),
                    3 => json!({
                        "name": format!("Invoke{i}"),
                        "actionTypeId": {"category": "Invoke", "owner": "AWS", "provider": "Lambda", "version": "1"},
                        "runOrder": 3,
                        "configuration": {"FunctionName": format!("fn-{s}-{i}"), "UserParameters": "{\"mode\":\"fast\"}"},
                        "inputArtifacts": [{"name": input}],
                        "outputArtifacts": [{"name": format!("B{s}_{i}")}]
                    }),
                    _ => json!({
                        "name": format!("Deploy{i}"),
                        "actionTypeId": {"category": "Deploy", "owner": "AWS", "provider": "CloudFormation", "version": "1"},
                        "runOrder": 4,
                        "configuration": {"ActionMode": "CREATE_UPDATE", "StackName": format!("stack-{s}-{i}"), "TemplatePath": format!("{input}::template.yaml")},
                        "inputArtifacts": [{"name": input}],
                        "outputArtifacts": [{"name": format!("B{s}_{i}")}]
                    }),
                }
            })
            .collect();
        stages.push(json!({"name": format!("Stage{s}"), "actions": actions}));
    }
    json!({
        "pipeline": {
            "name": "big",
            "roleArn": "arn:aws:iam::123456789012:role/big",
            "artifactStore": {"type": "S3", "location": "big-artifacts"},
            "stages": stages,
            "pipelineType": "V2",
            "executionMode": "QUEUED"
        }
    })
}

fn bench(c: &mut Criterion) {
    let value = big_pipeline();
    let text = serde_json::to_string_pretty(&value).unwrap();
    let doc = Document::parse(&text, Format::Json).unwrap();
    assert_eq!(doc.pipeline.stages.len(), 50);
    assert_eq!(doc.pipeline.actions().count(), 500);
    let diags = validate(&doc);
    assert!(
        diags.iter().all(|d| !d.is_error()),
        "the generated pipeline is valid: {diags:#?}"
    );

    let yaml = doc.to_text(Format::Yaml).unwrap();
    eprintln!(
        "generated pipeline: 50 stages, 500 actions; {} bytes as JSON, {} bytes as YAML",
        text.len(),
        yaml.len()
    );

    c.bench_function("parse_validate_500_actions_json", |b| {
        b.iter(|| {
            let doc = Document::parse(black_box(&text), Format::Json).unwrap();
            validate(&doc)
        })
    });
    c.bench_function("validate_500_actions", |b| {
        b.iter(|| validate(black_box(&doc)))
    });
    c.bench_function("parse_500_actions_json", |b| {
        b.iter(|| Document::parse(black_box(&text), Format::Json).unwrap())
    });
    c.bench_function("parse_validate_500_actions_yaml", |b| {
        b.iter(|| {
            let doc = Document::parse(black_box(&yaml), Format::Yaml).unwrap();
            validate(&doc)
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
