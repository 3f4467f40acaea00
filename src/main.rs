//! The `uprc` command: a thin shell over the library, one file per
//! subcommand in `cmd/`.
//!
//! Exit codes: 0 ok, 1 the submission has errors (or warnings, with
//! `--deny-warnings`), 2 usage or I/O problem.

mod cmd;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use cmd::report::{MessageFormat, Reporter};

/// Compile a UN Universal Periodic Review submission from TOML data into a PDF.
#[derive(Parser)]
#[command(name = "uprc", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// How problems are printed: human (source line and caret), short (one line each),
    /// json (one object per line, for tools) or github (workflow commands for GitHub Actions).
    #[arg(long, global = true, value_enum, default_value_t = MessageFormat::Human)]
    message_format: MessageFormat,
    /// Treat warnings as errors (exit code 1). Hints never fail.
    #[arg(long, global = true)]
    deny_warnings: bool,
    /// Print problems only: no word count, no summary lines.
    #[arg(short, long, global = true)]
    quiet: bool,
    /// Print how long each stage took.
    #[arg(short, long, global = true)]
    verbose: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Check a submission and write its PDF.
    Build(cmd::build::Args),
    /// Run every check without writing a PDF.
    Check(cmd::check::Args),
    /// Rebuild the PDF every time a file of the submission is saved.
    Watch(cmd::watch::Args),
    /// Write the JSON Schemas of the submission files, for editors.
    Schema(cmd::schema::Args),
    /// Start a new submission: a small, complete example to edit.
    Init(cmd::init::Args),
    /// Import the previous review's recommendations from OHCHR's files.
    Import(cmd::import::Args),
    /// Write the assessment as OHCHR's matrix of recommendations (CSV or XLSX).
    Matrix(cmd::matrix::Args),
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return ExitCode::from(if error.use_stderr() {
                cmd::EXIT_USAGE
            } else {
                0
            });
        }
    };
    let reporter = Reporter {
        format: cli.message_format,
        deny_warnings: cli.deny_warnings,
        quiet: cli.quiet,
        verbose: cli.verbose,
    };
    let code = match cli.command {
        Command::Build(args) => cmd::build::run(args, &reporter),
        Command::Check(args) => cmd::check::run(args, &reporter),
        Command::Watch(args) => cmd::watch::run(args, &reporter),
        Command::Schema(args) => cmd::schema::run(args, &reporter),
        Command::Init(args) => cmd::init::run(args, &reporter),
        Command::Import(args) => cmd::import::run(args, &reporter),
        Command::Matrix(args) => cmd::matrix::run(args, &reporter),
    };
    ExitCode::from(code)
}

/// `submissions/kazakhstan-upr20` → `kazakhstan-upr20[-variant].<extension>` in `dir`.
fn output_name(
    folder: &std::path::Path,
    variant: Option<&str>,
    dir: &std::path::Path,
    extension: &str,
) -> PathBuf {
    let name = folder
        .canonicalize()
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "submission".to_string());
    let file = match variant {
        Some(variant) => format!("{name}-{variant}.{extension}"),
        None => format!("{name}.{extension}"),
    };
    // `kazakhstan-upr20.pdf`, not `./kazakhstan-upr20.pdf`, in the current directory.
    if dir == std::path::Path::new(".") {
        PathBuf::from(file)
    } else {
        dir.join(file)
    }
}
