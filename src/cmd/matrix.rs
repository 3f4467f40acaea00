//! `uprc matrix`: the assessment as OHCHR's matrix, filled in (CSV, XLSX or a Word table).

use std::path::PathBuf;

use super::report::Reporter;
use super::{EXIT_DATA, EXIT_USAGE, folder_problem};

/// Arguments of `uprc matrix`.
#[derive(clap::Args)]
pub struct Args {
    /// The submission folder (holding submission.toml).
    folder: PathBuf,
    /// Use this variant (`variants/<NAME>.toml`) instead of the base.
    #[arg(long, value_name = "NAME")]
    variant: Option<String>,
    /// Where to write: the extension chooses the format (.csv, .xlsx or .docx).
    #[arg(short, long)]
    output: PathBuf,
    /// In the CSV, group the recommendations by theme as OHCHR's matrix does
    /// (the XLSX and the Word table always do).
    #[arg(long)]
    by_theme: bool,
}

pub fn run(args: Args, reporter: &Reporter) -> u8 {
    if let Some(problem) = folder_problem(&args.folder, args.variant.as_deref()) {
        eprintln!("{problem}");
        return EXIT_USAGE;
    }
    let extension = args
        .output
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if !matches!(extension.as_str(), "csv" | "xlsx" | "docx") {
        eprintln!(
            "error: `{}`: the matrix is written as .csv, .xlsx or .docx\n  = help: e.g. `-o assessment.xlsx`",
            args.output.display()
        );
        return EXIT_USAGE;
    }
    let (compilation, lowered) = uprc::lower_variant(&args.folder, args.variant.as_deref());
    reporter.emit(&reporter.diagnostics(&compilation.diagnostics, &compilation.files));
    let Some((model, document)) = lowered.filter(|_| !reporter.fails(&compilation.diagnostics))
    else {
        eprintln!(
            "error: no matrix written; {} is unchanged",
            args.output.display()
        );
        return EXIT_DATA;
    };
    let words = uprc::lang::words(model.submission.value.submission.language);
    let by_theme = args.by_theme || extension != "csv";
    let rows = uprc::matrix::rows(&model, &document, words, by_theme);
    let bytes = match extension.as_str() {
        "csv" => uprc::matrix::csv(&rows, &model),
        "xlsx" => uprc::matrix::xlsx(&rows, &model, &document.meta.title),
        _ => uprc::docx::matrix(
            &rows,
            &document.meta.title,
            &document.meta.authors.join("; "),
            document.meta.language,
            document.meta.date,
        ),
    };
    let bytes = match bytes {
        Ok(bytes) => bytes,
        Err(problem) => {
            eprintln!("error: cannot make the matrix: {problem}");
            return EXIT_USAGE;
        }
    };
    if let Err(error) = uprc::export::write_atomic(&args.output, &bytes) {
        eprintln!("error: cannot write {}: {error}", args.output.display());
        return EXIT_USAGE;
    }
    let assessed = rows.iter().filter(|r| r.status.is_some()).count();
    reporter.info(&format!(
        "wrote {}: {} recommendations of {}, {assessed} assessed",
        args.output.display(),
        rows.len(),
        model.previous.value.report
    ));
    reporter.finished("matrix", true);
    0
}
