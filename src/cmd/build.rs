//! `uprc build`: check and write the PDF and/or the Word file, of the base,
//! a variant, or all.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::report::{Reporter, Written};
use super::{EXIT_DATA, EXIT_USAGE, Format, folder_problem, targets};

/// Arguments of `uprc build`.
#[derive(clap::Args)]
pub struct Args {
    /// The submission folder (holding submission.toml).
    folder: PathBuf,
    /// Where to write [default: <folder name>[-<variant>].pdf in the current directory];
    /// `.docx` writes the Word file. With several formats, each gets its own extension.
    #[arg(short, long, conflicts_with = "all_variants")]
    output: Option<PathBuf>,
    /// What to write: pdf, docx, or both (`pdf,docx`), from one load and check
    /// [default: from -o's extension, else pdf].
    #[arg(long, value_enum, value_delimiter = ',', value_name = "FORMATS")]
    format: Vec<Format>,
    /// Build this variant (`variants/<NAME>.toml`) instead of the base.
    #[arg(long, value_name = "NAME", conflicts_with = "all_variants")]
    variant: Option<String>,
    /// Build the base and every variant, each to its own file, in parallel.
    #[arg(long)]
    all_variants: bool,
    /// Folder for the files of --all-variants [default: the current directory].
    #[arg(long, value_name = "DIR")]
    out_dir: Option<PathBuf>,
    /// PDF standard: ua-1 (accessible, default), a-2b or a-3b (archival; a-3b attaches
    /// the TOML files), none.
    #[arg(long, default_value = "ua-1", value_parser = uprc::export::Standard::parse)]
    pdf_standard: uprc::export::Standard,
    /// A folder whose files replace those of the built-in template (main.typ, lang/*.toml).
    #[arg(long, value_name = "DIR")]
    template: Option<PathBuf>,
    /// Give up typesetting after this many seconds (a template that loops); at most 86400.
    #[arg(long, value_name = "SECONDS", default_value = "60", value_parser = super::parse_timeout)]
    timeout: std::time::Duration,
    /// Also write a PNG of every page into this folder (page-1.png, …), for previews.
    #[arg(long, value_name = "DIR", conflicts_with = "all_variants")]
    png: Option<PathBuf>,
}

/// What became of one build.
struct Outcome {
    variant: Option<String>,
    targets: Vec<(Format, PathBuf)>,
    /// Its diagnostics, formatted.
    report: String,
    result: BuildResult,
}

/// Whether a build wrote its file, and if not, whose fault it was.
enum BuildResult {
    Written(Vec<Written>),
    /// The submission has errors (or warnings, denied): nothing written.
    Rejected,
    /// The output could not be written: a file-system problem, not the data's.
    CannotWrite(String),
}

impl Outcome {
    fn exit_code(&self) -> u8 {
        match self.result {
            BuildResult::Written(_) => 0,
            BuildResult::Rejected => EXIT_DATA,
            BuildResult::CannotWrite(_) => EXIT_USAGE,
        }
    }

    fn paths(&self) -> String {
        self.targets
            .iter()
            .map(|(_, path)| path.display().to_string())
            .collect::<Vec<_>>()
            .join(" and ")
    }

    /// Prints the outcome: diagnostics, then what was written or why not.
    fn print(&self, reporter: &Reporter) {
        reporter.emit(&self.report);
        match &self.result {
            BuildResult::Written(written) => written.iter().for_each(|w| reporter.written(w)),
            BuildResult::Rejected => eprintln!(
                "error: nothing written; {} {} unchanged",
                self.paths(),
                if self.targets.len() == 1 { "is" } else { "are" }
            ),
            BuildResult::CannotWrite(problem) => eprintln!("error: {problem}"),
        }
    }
}

pub fn run(args: Args, reporter: &Reporter) -> u8 {
    if let Some(problem) = folder_problem(&args.folder, args.variant.as_deref()) {
        eprintln!("{problem}");
        return EXIT_USAGE;
    }
    let out_dir = args.out_dir.clone().unwrap_or_else(|| PathBuf::from("."));
    if !args.all_variants {
        let targets = targets(
            &args.format,
            args.output.as_deref(),
            &args.folder,
            args.variant.as_deref(),
            &out_dir,
        );
        let targets = match targets {
            Ok(targets) => targets,
            Err(problem) => {
                eprintln!("{problem}");
                return EXIT_USAGE;
            }
        };
        let outcome = build_one(&args, args.variant.clone(), targets, reporter);
        outcome.print(reporter);
        let code = outcome.exit_code();
        reporter.finished("build", code == 0);
        return code;
    }
    if let Err(error) = std::fs::create_dir_all(&out_dir) {
        eprintln!("error: cannot create {}: {error}", out_dir.display());
        return EXIT_USAGE;
    }
    let variants: Vec<Option<String>> = std::iter::once(None)
        .chain(
            uprc::load::variant_names(&args.folder)
                .into_iter()
                .map(Some),
        )
        .collect();
    let outcomes = build_parallel(&args, &variants, &out_dir, reporter);
    for outcome in &outcomes {
        let label = outcome
            .variant
            .as_deref()
            .map_or("base".to_string(), |v| format!("variant `{v}`"));
        reporter.info(&format!("== {label}"));
        outcome.print(reporter);
    }
    let (written, failed): (Vec<&Outcome>, Vec<&Outcome>) = outcomes
        .iter()
        .partition(|o| matches!(o.result, BuildResult::Written(_)));
    let paths = |outcomes: &[&Outcome]| {
        outcomes
            .iter()
            .map(|o| o.paths())
            .collect::<Vec<_>>()
            .join(", ")
    };
    // Never leave a mix of old and new files without saying so.
    reporter.info(&format!(
        "built {} of {}: {}",
        written.len(),
        outcomes.len(),
        paths(&written)
    ));
    if !failed.is_empty() {
        eprintln!(
            "error: {} failed and kept their previous files, if any: {}",
            failed.len(),
            paths(&failed)
        );
    }
    let code = outcomes.iter().map(Outcome::exit_code).max().unwrap_or(0);
    reporter.finished("build", code == 0);
    code
}

/// Builds the variants over the available cores; the outcomes come back in
/// the order of `variants`.
fn build_parallel(
    args: &Args,
    variants: &[Option<String>],
    out_dir: &Path,
    reporter: &Reporter,
) -> Vec<Outcome> {
    let next = Mutex::new(0usize);
    let results: Mutex<Vec<(usize, Outcome)>> = Mutex::new(Vec::new());
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(variants.len());
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                loop {
                    let index = {
                        let mut next = next.lock().unwrap_or_else(|e| e.into_inner());
                        let index = *next;
                        *next += 1;
                        index
                    };
                    let Some(variant) = variants.get(index) else {
                        break;
                    };
                    // Without -o, `targets` cannot fail.
                    let targets = targets(
                        &args.format,
                        None,
                        &args.folder,
                        variant.as_deref(),
                        out_dir,
                    )
                    .unwrap_or_default();
                    let outcome = build_one(args, variant.clone(), targets, reporter);
                    results
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .push((index, outcome));
                }
            });
        }
    });
    let mut results = results.into_inner().unwrap_or_else(|e| e.into_inner());
    results.sort_by_key(|(index, _)| *index);
    results.into_iter().map(|(_, outcome)| outcome).collect()
}

fn build_one(
    args: &Args,
    variant: Option<String>,
    targets: Vec<(Format, PathBuf)>,
    reporter: &Reporter,
) -> Outcome {
    let options = uprc::Options {
        standard: args.pdf_standard,
        variant: variant.clone(),
        template_dir: args.template.clone(),
        timeout: Some(args.timeout),
        docx: targets.iter().any(|(f, _)| *f == Format::Docx),
    };
    let compilation = uprc::compile_with(&args.folder, options);
    let mut report = reporter.diagnostics(&compilation.diagnostics, &compilation.files);
    let result = match compilation.output.as_ref() {
        Some(output) if !reporter.fails(&compilation.diagnostics) => {
            let started = std::time::Instant::now();
            match write_outputs(&targets, output, args.png.as_deref()) {
                Ok(()) => {
                    let mut timings = compilation.timings.clone();
                    timings.push(("write", started.elapsed()));
                    if reporter.verbose {
                        report.push_str(&timing_line(&timings));
                    }
                    BuildResult::Written(
                        targets
                            .iter()
                            .map(|(format, path)| {
                                written(&variant, *format, path, &compilation, output)
                            })
                            .collect(),
                    )
                }
                Err(problem) => BuildResult::CannotWrite(problem),
            }
        }
        _ => BuildResult::Rejected,
    };
    Outcome {
        variant,
        targets,
        report,
        result,
    }
}

fn write_outputs(
    targets: &[(Format, PathBuf)],
    output: &uprc::Output,
    png: Option<&Path>,
) -> Result<(), String> {
    for (format, path) in targets {
        let bytes = match format {
            Format::Pdf => Some(&output.pdf),
            Format::Docx => output.docx.as_ref(),
        };
        let bytes = bytes.ok_or_else(|| format!("no {} was made", format.extension()))?;
        uprc::export::write_atomic(path, bytes)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    if let Some(dir) = png {
        let pages = uprc::export::png_pages(&output.layout, 2.0)
            .map_err(|e| format!("cannot write the page images: {e}"))?;
        std::fs::create_dir_all(dir).map_err(|e| format!("cannot write {}: {e}", dir.display()))?;
        for (i, png) in pages.iter().enumerate() {
            let file = dir.join(format!("page-{}.png", i + 1));
            uprc::export::write_atomic(&file, png)
                .map_err(|e| format!("cannot write {}: {e}", file.display()))?;
        }
    }
    Ok(())
}

fn timing_line(timings: &[(&'static str, std::time::Duration)]) -> String {
    let parts: Vec<String> = timings
        .iter()
        .map(|(stage, t)| format!("{stage} {:.1} ms", t.as_secs_f64() * 1000.0))
        .collect();
    let total: std::time::Duration = timings.iter().map(|(_, t)| *t).sum();
    format!(
        "timings: {}, total {:.1} ms\n",
        parts.join(", "),
        total.as_secs_f64() * 1000.0
    )
}

fn written(
    variant: &Option<String>,
    format: Format,
    path: &Path,
    compilation: &uprc::Compilation,
    output: &uprc::Output,
) -> Written {
    let (words, limit) = compilation
        .words
        .as_ref()
        .map_or((0, 0), |w| (w.total, w.limit));
    Written {
        variant: variant.clone(),
        format: format.extension(),
        path: path.to_path_buf(),
        // A Word file has no pages of its own until Word lays it out.
        pages: (format == Format::Pdf).then(|| output.layout.pages().len()),
        words,
        limit,
        notes: output.document.note_count,
        paragraphs: output.document.paragraph_count,
        bytes: match format {
            Format::Pdf => output.pdf.len(),
            Format::Docx => output.docx.as_ref().map_or(0, Vec::len),
        },
    }
}
