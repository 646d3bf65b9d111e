//! `copydesk names import --from wikidata|csv FILE`: a names file made from
//! Wikidata entity JSON or a names spreadsheet (the conversion is
//! `names::import`), written to stdout or `--output FILE`.

use std::path::PathBuf;

use clap::ValueEnum;

use super::exit;
use crate::names::Kind;
use crate::names::import::{self, Imported};
use crate::read_file::{self, Limit, MIB};

#[derive(clap::Args)]
pub struct ImportArgs {
    /// What FILE is: `wikidata` (entity JSON, as `Special:EntityData`
    /// gives it, or a dump of one entity per line) or `csv` (a names
    /// spreadsheet whose first row names its columns).
    #[arg(long, value_enum)]
    pub from: Source,
    /// The file to import.
    pub file: PathBuf,
    /// CSV: which column holds which field, by number from 1
    /// (`name=1,native=3,title=4`), instead of the header row's names.
    #[arg(long, value_name = "FIELD=N,…")]
    pub columns: Option<String>,
    /// Wikidata: import every entity as this kind instead of judging it by
    /// "instance of" (P31).
    #[arg(long, value_enum)]
    pub kind: Option<EntityKind>,
    /// Write the names file here instead of to stdout (a new file, or an
    /// existing one replaced whole).
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Source {
    Wikidata,
    Csv,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum EntityKind {
    Person,
    Place,
    Organization,
}

/// The largest file an import reads (a dump is filtered first).
const LIMIT: Limit = Limit {
    bytes: 512 * MIB,
    what: "an import file",
    key: None,
};

pub fn run(args: &ImportArgs) -> i32 {
    let shown = args.file.display().to_string();
    let text = match read_file::read_to_string(&args.file, &LIMIT) {
        Ok(text) => text,
        Err(err) => {
            eprintln!("copydesk: {shown}: {err}");
            return exit::ERROR;
        }
    };
    let kind = args.kind.map(|k| match k {
        EntityKind::Person => Kind::Person,
        EntityKind::Place => Kind::Place,
        EntityKind::Organization => Kind::Organization,
    });
    let (imported, header) = match args.from {
        Source::Wikidata => (
            import::from_wikidata(&shown, &text, kind),
            format!(
                "Imported by `copydesk names import --from wikidata` from {shown}.\nWikidata's data is CC0 (public domain dedication); each entry's sources name its item and fields."
            ),
        ),
        Source::Csv => (
            import::from_csv(&shown, &text, args.columns.as_deref()),
            format!(
                "Imported by `copydesk names import --from csv` from {shown}; each entry's sources name its line."
            ),
        ),
    };
    let Imported { entities, notes } = match imported {
        Ok(imported) => imported,
        Err(err) => {
            eprintln!("copydesk: {err}");
            return exit::ERROR;
        }
    };
    for note in &notes {
        eprintln!("copydesk: note: {note}");
    }
    let toml = import::to_toml(&entities, &header);
    // What is written must load: a broken entry is named now, not when the
    // file is first used.
    if let Err(err) = crate::names::person::parse("the imported names", &toml) {
        eprintln!("copydesk: {shown}: the import cannot be written as a names file: {err}");
        return exit::ERROR;
    }
    match &args.output {
        Some(path) if !replaceable(path) => {
            eprintln!(
                "copydesk: {}: exists and was not written by `copydesk names import`; not replaced (choose another --output, or merge by hand)",
                path.display()
            );
            exit::ERROR
        }
        Some(path) => match super::write::write_new_or_replace(path, &toml) {
            Ok(note) => {
                if let Some(note) = note {
                    eprintln!("copydesk: {}: {note}", path.display());
                }
                eprintln!(
                    "copydesk: wrote {} entities to {}",
                    entities.len(),
                    path.display()
                );
                exit::CLEAN
            }
            Err(err) => {
                let message = err.to_string().replace("; not fixed", "; not written");
                eprintln!("copydesk: {}: {message}", path.display());
                exit::ERROR
            }
        },
        None => match super::check::to_stdout(|out| out.write_all(toml.as_bytes())) {
            Ok(()) => exit::CLEAN,
            Err(code) => code,
        },
    }
}

/// How every file an import writes begins.
const MARK: &str = "# Imported by `copydesk names import";

/// Whether `--output` may be written: a new file, or one an earlier import
/// wrote (a names file typed by hand is never replaced).
fn replaceable(path: &std::path::Path) -> bool {
    match std::fs::symlink_metadata(path) {
        Err(err) => err.kind() == std::io::ErrorKind::NotFound,
        Ok(_) => {
            // Only the beginning is read.
            let mut start = vec![0; MARK.len()];
            std::fs::File::open(path)
                .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut start))
                .is_ok()
                && start == MARK.as_bytes()
        }
    }
}
