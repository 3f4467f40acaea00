//! The `uprc` command: a thin shell over the library.
//!
//! Exit codes: 0 ok, 1 the submission has errors, 2 usage or I/O problem.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};

use uprc::diag::render_all;

/// Compile a UN Universal Periodic Review submission from TOML data into a PDF.
#[derive(Parser)]
#[command(name = "uprc", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// How problems are printed: `human` (source line and caret) or `short` (one line each).
    #[arg(long, global = true, value_enum, default_value_t = MessageFormat::Human)]
    message_format: MessageFormat,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum MessageFormat {
    /// rustc-style reports with the source line and a caret.
    Human,
    /// `file:line:column: error: message`, one per line.
    Short,
}

impl MessageFormat {
    fn print(self, compilation: &uprc::Compilation) {
        match self {
            MessageFormat::Human => eprint!(
                "{}",
                render_all(&compilation.diagnostics, &compilation.files)
            ),
            MessageFormat::Short => {
                for diagnostic in &compilation.diagnostics {
                    eprintln!("{}", diagnostic.short(&compilation.files));
                }
            }
        }
    }
}

#[derive(Subcommand)]
enum Command {
    /// Check a submission and write its PDF.
    Build {
        /// The submission folder (holding submission.toml).
        folder: PathBuf,
        /// Where to write the PDF [default: <folder name>.pdf in the current directory].
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// PDF standard: ua-1 (accessible, default), a-2b or a-3b (archival; a-3b attaches
        /// the TOML files), none.
        #[arg(long, default_value = "ua-1", value_parser = uprc::export::Standard::parse)]
        pdf_standard: uprc::export::Standard,
        /// Also write a PNG of every page into this folder (page-1.png, …), for previews.
        #[arg(long, value_name = "DIR")]
        png: Option<PathBuf>,
    },
    /// Run every check without writing a PDF.
    Check {
        /// The submission folder (holding submission.toml).
        folder: PathBuf,
    },
}

const EXIT_DATA: u8 = 1;
const EXIT_USAGE: u8 = 2;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return ExitCode::from(if error.use_stderr() { EXIT_USAGE } else { 0 });
        }
    };
    match cli.command {
        Command::Build {
            folder,
            output,
            pdf_standard,
            png,
        } => build(
            &folder,
            output,
            png,
            uprc::Options {
                standard: pdf_standard,
            },
            cli.message_format,
        ),
        Command::Check { folder } => check(&folder, cli.message_format),
    }
}

/// Problems with the folder itself (missing, not a folder) are usage errors.
fn folder_problem(folder: &Path) -> Option<String> {
    match std::fs::metadata(folder) {
        Err(error) => Some(format!(
            "error: cannot open `{}`: {error}",
            folder.display()
        )),
        Ok(meta) if !meta.is_dir() => Some(format!(
            "error: `{}` is not a folder\n  = help: pass the submission folder that contains submission.toml",
            folder.display()
        )),
        Ok(_) if !folder.join(uprc::load::SUBMISSION_FILE).is_file() => Some(format!(
            "error: `{}` has no {}\n  = help: pass the submission folder, e.g. `submissions/kazakhstan-upr20`",
            folder.display(),
            uprc::load::SUBMISSION_FILE
        )),
        Ok(_) => None,
    }
}

fn check(folder: &Path, format: MessageFormat) -> ExitCode {
    if let Some(problem) = folder_problem(folder) {
        eprintln!("{problem}");
        return ExitCode::from(EXIT_USAGE);
    }
    let compilation = uprc::check_folder(folder);
    format.print(&compilation);
    if let Some(words) = &compilation.words {
        eprint!("{}", word_table(words));
    }
    if compilation.has_errors() {
        return ExitCode::from(EXIT_DATA);
    }
    eprintln!("ok: {} has no errors", folder.display());
    ExitCode::SUCCESS
}

fn build(
    folder: &Path,
    output: Option<PathBuf>,
    png: Option<PathBuf>,
    options: uprc::Options,
    format: MessageFormat,
) -> ExitCode {
    if let Some(problem) = folder_problem(folder) {
        eprintln!("{problem}");
        return ExitCode::from(EXIT_USAGE);
    }
    let started = Instant::now();
    let output_path = output.unwrap_or_else(|| default_output(folder));
    let compilation = uprc::compile_with(folder, options);
    format.print(&compilation);
    let Some(result) = compilation
        .output
        .as_ref()
        .filter(|_| !compilation.has_errors())
    else {
        eprintln!(
            "error: no PDF written; {} is unchanged",
            output_path.display()
        );
        return ExitCode::from(EXIT_DATA);
    };
    if let Err(error) = uprc::export::write_atomic(&output_path, &result.pdf) {
        eprintln!("error: cannot write {}: {error}", output_path.display());
        return ExitCode::from(EXIT_USAGE);
    }
    if let Some(dir) = png
        && let Err(error) = write_pngs(&dir, &result.layout)
    {
        eprintln!(
            "error: cannot write the page images to {}: {error}",
            dir.display()
        );
        return ExitCode::from(EXIT_USAGE);
    }
    eprintln!(
        "wrote {} ({} pages, {} words of {}, {} notes, {} numbered paragraphs, {} KB) in {} ms",
        output_path.display(),
        result.layout.pages().len(),
        compilation.words.as_ref().map_or(0, |w| w.total),
        compilation.words.as_ref().map_or(0, |w| w.limit),
        result.document.note_count,
        result.document.paragraph_count,
        result.pdf.len() / 1024,
        started.elapsed().as_millis()
    );
    ExitCode::SUCCESS
}

/// Writes page-1.png, page-2.png, … (atomically, each) at 2 px/pt (144 dpi).
fn write_pngs(dir: &Path, layout: &typst_layout::PagedDocument) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    for (i, png) in uprc::export::png_pages(layout, 2.0)?.iter().enumerate() {
        uprc::export::write_atomic(&dir.join(format!("page-{}.png", i + 1)), png)
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// Words per part of the document and the total against the limit.
fn word_table(words: &uprc::check::WordCount) -> String {
    let mut out = String::from("words:\n");
    for section in &words.sections {
        let note = if section.counted {
            ""
        } else {
            " (not counted)"
        };
        let name = section.name.trim_end_matches(" (not counted)");
        out.push_str(&format!("  {:>6}  {name}{note}\n", section.words));
    }
    out.push_str(&format!(
        "  {:>6}  total, limit {}\n",
        words.total, words.limit
    ));
    out
}

/// `submissions/kazakhstan-upr20` → `kazakhstan-upr20.pdf`.
fn default_output(folder: &Path) -> PathBuf {
    let name = folder
        .canonicalize()
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "submission".to_string());
    PathBuf::from(format!("{name}.pdf"))
}
