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
