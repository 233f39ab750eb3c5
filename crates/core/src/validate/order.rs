//! Ordering diagnostics: errors first, then warnings; each in document order (the order the
//! nodes they point at appear in the document), ties in the order rules reported them.

use serde_json::Value;

use crate::diagnostic::Diagnostic;
use crate::document::Document;

/// The position of a pointer's node in the document: per segment, the index of the key in its
/// object (or the list index). A missing key sorts after its existing siblings.
fn position(root: &Value, pointer: &str) -> Vec<usize> {
    let mut pos = Vec::new();
    let mut node = Some(root);
    for raw in pointer.split('/').skip(1) {
        let seg = raw.replace("~1", "/").replace("~0", "~");
        match node {
            Some(Value::Object(m)) => match m.keys().position(|k| *k == seg) {
                Some(i) => {
                    pos.push(i);
                    node = m.get(seg.as_str());
                }
                None => {
                    pos.push(m.len());
                    node = None;
                }
            },
            Some(Value::Array(items)) => {
                let i = seg.parse::<usize>().unwrap_or(usize::MAX);
                pos.push(i);
                node = items.get(i);
            }
            _ => {
                pos.push(usize::MAX);
                node = None;
            }
        }
    }
    pos
}

pub(super) fn sort(diags: &mut [Diagnostic], doc: &Document) {
    if diags.len() < 2 {
        return;
    }
    let root = doc.to_value();
    let mut keyed: Vec<(bool, Vec<usize>, usize)> = diags
        .iter()
        .enumerate()
        .map(|(i, d)| (!d.is_error(), position(&root, &d.pointer), i))
        .collect();
    keyed.sort();
    let original = diags.to_vec();
    for (slot, (_, _, i)) in diags.iter_mut().zip(keyed) {
        *slot = original[i].clone();
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::validate::testing::{base, run};

    #[test]
    fn errors_come_first_then_document_order() {
        let mut v = base();
        v["pipeline"]["stages"][1]["actions"][0]["runOrder"] = json!(1000);
        v["pipeline"]["name"] = json!("bad name");
        v["pipeline"]["stages"][0]["actions"][0]["configuration"]["PollForSourceChanges"] =
            json!("true");
        v["pipeline"]
            .as_object_mut()
            .unwrap()
            .shift_remove("pipelineType");
        v["pipeline"]
            .as_object_mut()
            .unwrap()
            .shift_remove("executionMode");
        let got: Vec<(&str, String)> = run(v).into_iter().map(|d| (d.code, d.pointer)).collect();
        let want: Vec<(&str, String)> = vec![
            ("E101", "/pipeline/name".into()),
            ("E204", "/pipeline/stages/1/actions/0/runOrder".into()),
            (
                "W501",
                "/pipeline/stages/0/actions/0/configuration/PollForSourceChanges".into(),
            ),
            (
                "W002",
                "/pipeline/stages/0/actions/0/configuration/PollForSourceChanges".into(),
            ),
            ("W005", "/pipeline/pipelineType".into()),
        ];
        assert_eq!(got, want);
    }
}
