//! `pipewright catalog`: the providers a design can use, with their configuration keys.

use pipewright_core::catalog::catalog;

use crate::error::CliError;
use crate::output::Exit;

/// The provider catalog format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CatalogFormat {
    /// One line per provider, its required keys after it.
    Text,
    /// The whole catalog as JSON (what the designer's palette and inspector are built from).
    Json,
}

/// List every action provider Pipewright knows: category, owner, provider, version, artifact
/// counts, V2-only and legacy flags, and the configuration keys (required ones marked).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output format.
    #[arg(long, value_enum, default_value_t = CatalogFormat::Text)]
    pub format: CatalogFormat,
}

pub fn run(args: Args) -> Result<Exit, CliError> {
    let cat = catalog();
    let text = match args.format {
        CatalogFormat::Json => {
            let mut s = serde_json::to_string_pretty(cat).expect("the catalog serializes");
            s.push('\n');
            s
        }
        CatalogFormat::Text => {
            let mut s = String::new();
            for p in &cat.providers {
                let required: Vec<_> = p.required_keys().map(|k| k.name.as_str()).collect();
                let flags = [(p.v2_only, " [V2 only]"), (p.legacy, " [legacy]")]
                    .iter()
                    .filter(|(on, _)| *on)
                    .map(|(_, f)| *f)
                    .collect::<String>();
                s.push_str(&format!(
                    "{}/{}/{}/{}  {}{}  in {} out {}  required: {}\n",
                    p.category,
                    p.owner,
                    p.provider,
                    p.version,
                    p.display_name,
                    flags,
                    p.input_artifacts.describe(),
                    p.output_artifacts.describe(),
                    if required.is_empty() {
                        "-".to_string()
                    } else {
                        required.join(", ")
                    },
                ));
            }
            s
        }
    };
    crate::output::print(&text)?;
    Ok(Exit::Ok)
}
