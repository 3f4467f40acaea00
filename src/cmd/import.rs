//! `uprc import`: the previous review's recommendations from OHCHR's files.

use std::path::PathBuf;

use super::report::Reporter;
use super::{EXIT_DATA, EXIT_USAGE};
use uprc::model::{PreviousCycleFile, Response};

/// Arguments of `uprc import`.
#[derive(clap::Args)]
pub struct Args {
    /// OHCHR's thematic list (.docx), or the Working Group report and its
    /// addendum (.pdf, or their text as .txt); optionally a UPR Info export (.csv).
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<PathBuf>,
    /// The file to write, e.g. previous/A-HRC-43-15.toml.
    #[arg(short, long)]
    output: PathBuf,
    /// Replace an existing file (what changes is listed; claims and themes
    /// you added by hand are kept where the import has none).
    #[arg(long)]
    force: bool,
}

pub fn run(args: Args, reporter: &Reporter) -> u8 {
    let existing = match std::fs::read_to_string(&args.output) {
        Ok(text) => {
            if !args.force {
                eprintln!(
                    "error: {} exists; uprc import replaces it only with --force (and then says what changed)",
                    args.output.display()
                );
                return EXIT_USAGE;
            }
            match toml::from_str::<PreviousCycleFile>(&text) {
                Ok(file) => Some(file),
                Err(problem) => {
                    eprintln!(
                        "error: {} is not a list of recommendations uprc can read: {}",
                        args.output.display(),
                        problem.message()
                    );
                    return EXIT_USAGE;
                }
            }
        }
        Err(_) => None,
    };
    let inputs: Vec<&std::path::Path> = args.inputs.iter().map(PathBuf::as_path).collect();
    let files = uprc::diag::SourceFiles::default();
    let outcome = match uprc::import::run(&inputs, existing.as_ref()) {
        Ok(outcome) => outcome,
        Err(errors) => {
            reporter.emit(&reporter.diagnostics(&errors, &files));
            eprintln!("error: nothing written");
            return EXIT_DATA;
        }
    };
    reporter.emit(&reporter.diagnostics(&outcome.warnings, &files));
    let mut file = outcome.file;
    if let Some(old) = &existing {
        let kept = uprc::import::keep_manual_edits(old, &mut file);
        let changes = uprc::import::differences(old, &file);
        if changes.is_empty() {
            reporter.info(&format!(
                "{}: no change to the recommendations",
                args.output.display()
            ));
        }
        for change in changes {
            reporter.info(&format!("{}: {change}", args.output.display()));
        }
        if kept > 0 {
            reporter.info(&format!(
                "kept what you added by hand (claims, themes, sources of positions) for {kept} recommendations"
            ));
        }
    }
    let text = uprc::import::to_toml(
        &file,
        &outcome.from,
        &uprc::import::schema_path(&args.output),
    );
    if let Some(parent) = args.output.parent().filter(|p| !p.as_os_str().is_empty())
        && let Err(error) = std::fs::create_dir_all(parent)
    {
        eprintln!("error: cannot create {}: {error}", parent.display());
        return EXIT_USAGE;
    }
    if let Err(error) = uprc::export::write_atomic(&args.output, text.as_bytes()) {
        eprintln!("error: cannot write {}: {error}", args.output.display());
        return EXIT_USAGE;
    }
    let count = |response| {
        file.recommendation
            .iter()
            .filter(|r| r.response == response)
            .count()
    };
    let first = file.recommendation.first().map_or("", |r| r.id.as_str());
    let last = file.recommendation.last().map_or("", |r| r.id.as_str());
    reporter.info(&format!(
        "wrote {}: {} recommendations of {} ({} supported, {} noted, {} pending), {first} to {last}",
        args.output.display(),
        file.recommendation.len(),
        file.report,
        count(Response::Supported),
        count(Response::Noted),
        count(Response::Pending),
    ));
    reporter.finished("import", true);
    0
}
