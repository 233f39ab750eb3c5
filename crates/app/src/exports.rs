//! Exports of a design, or of one of its environments: CloudFormation or Terraform with the notes
//! on what the target could not express (`pipewright_core::export`), and the SVG picture of the
//! pipeline (`pipewright_core::picture`) that the designer saves as SVG or rasterises to PNG.

use pipewright_core::export::{self, Export, ExportFormat};
use pipewright_core::{picture, Document};

use crate::environments::document_of;
use crate::error::Result;

/// The design (or its environment `environment`) as `format`.
pub fn export(
    document: Document,
    format: ExportFormat,
    environment: Option<&str>,
) -> Result<Export> {
    let doc = document_of(document, environment)?;
    Ok(export::export(&doc, format))
}

/// The SVG picture of the design (or of its environment `environment`): its stages and actions
/// as shapes and text, drawn the same by browsers and by tools such as `rsvg-convert`.
pub fn picture(document: Document, environment: Option<&str>) -> Result<String> {
    let doc = document_of(document, environment)?;
    Ok(picture::design(&doc))
}

#[cfg(test)]
mod tests {
    use pipewright_core::templates::{example_values, instantiate};

    use super::*;
    use crate::error::ErrorKind;

    #[test]
    fn the_picture_draws_the_design_or_one_of_its_environments() {
        let doc = instantiate("eb-dev-prod", &example_values("eb-dev-prod"))
            .expect("template")
            .document;
        let base = picture(doc.clone(), None).expect("picture");
        assert!(base.starts_with("<svg"), "{base}");
        assert!(base.contains(&format!(r#"data-name="{}""#, doc.pipeline.name)));
        let prod = pipewright_core::environments::names(&doc)
            .last()
            .expect("an environment")
            .to_string();
        let rendered = pipewright_core::environments::render(&doc, &prod).expect("render");
        let env = picture(doc.clone(), Some(&prod)).expect("picture");
        assert!(
            env.contains(&format!(r#"data-name="{}""#, rendered.pipeline.name)),
            "{env}"
        );
        let err = picture(doc, Some("no-such-env")).expect_err("no such environment");
        assert_eq!(err.kind(), ErrorKind::Invalid);
    }
}
