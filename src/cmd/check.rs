//! `uprc check`: every check, no PDF.

use std::path::PathBuf;

use super::report::Reporter;
use super::{EXIT_DATA, EXIT_USAGE, folder_problem};

/// Arguments of `uprc check`.
#[derive(clap::Args)]
pub struct Args {
    /// The submission folder (holding submission.toml).
    folder: PathBuf,
    /// Check this variant (`variants/<NAME>.toml`) instead of the base.
    #[arg(long, value_name = "NAME", conflicts_with = "all_variants")]
    variant: Option<String>,
    /// Check the base and every variant.
    #[arg(long)]
    all_variants: bool,
}

pub fn run(args: Args, reporter: &Reporter) -> u8 {
    if let Some(problem) = folder_problem(&args.folder, args.variant.as_deref()) {
        eprintln!("{problem}");
        return EXIT_USAGE;
    }
    let variants: Vec<Option<String>> = if args.all_variants {
        std::iter::once(None)
            .chain(
                uprc::load::variant_names(&args.folder)
                    .into_iter()
                    .map(Some),
            )
            .collect()
    } else {
        vec![args.variant]
    };
    let mut failed = false;
    for variant in &variants {
        let compilation = uprc::check_variant(&args.folder, variant.as_deref());
        let label = match variant {
            Some(name) => format!("variant `{name}`"),
            None => "base".to_string(),
        };
        if variants.len() > 1 {
            reporter.info(&format!("== {label}"));
        }
        reporter.emit(&reporter.diagnostics(&compilation.diagnostics, &compilation.files));
        if let Some(words) = &compilation.words {
            reporter.word_count(variant.as_deref(), words);
        }
        if !compilation.coverage.is_empty() {
            reporter.coverage(variant.as_deref(), &compilation.coverage);
        }
        reporter.timings("", &compilation.timings);
        if reporter.fails(&compilation.diagnostics) {
            failed = true;
        } else {
            reporter.info(&format!(
                "ok: {} ({label}) has no errors",
                args.folder.display()
            ));
        }
    }
    reporter.finished("check", !failed);
    if failed { EXIT_DATA } else { 0 }
}

/// Words per part of the document and the total against the limit.
pub fn word_table(words: &uprc::words::WordCount) -> String {
    let mut out = String::from("words:\n");
    for section in &words.sections {
        let note = if section.counted {
            ""
        } else {
            " (not counted)"
        };
        out.push_str(&format!("  {:>6}  {}{note}\n", section.words, section.name));
    }
    out.push_str(&format!(
        "  {:>6}  total, limit {}",
        words.total, words.limit
    ));
    if let Some(word) = words.word {
        let notes_counted = words.notes().is_some_and(|notes| notes.counted);
        out.push_str(&format!(
            "\nas Word counts the .docx: {} words in the body (first-page block, numbers and tables \
             included), {} with the notes\nthe limit is checked against the total above, {} the notes{}",
            word.body,
            word.with_notes,
            if notes_counted { "with" } else { "without" },
            if notes_counted {
                " (`[word_count] notes = true`)"
            } else {
                "; set `[word_count] notes = true` to count them"
            }
        ));
    }
    out
}

/// Supported recommendations assessed, per theme.
pub fn coverage_table(coverage: &[uprc::check::ThemeCoverage]) -> String {
    let mut out = String::from("supported recommendations assessed, by theme:\n");
    for line in coverage {
        out.push_str(&format!(
            "  {:>4} of {:<4} {}\n",
            line.assessed, line.supported, line.theme
        ));
    }
    out.trim_end().to_string()
}
