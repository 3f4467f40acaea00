//! Subcommands of the `uprc` binary and what they share.

pub mod build;
pub mod check;
pub mod import;
pub mod init;
pub mod matrix;
pub mod report;
pub mod schema;
pub mod watch;

use std::path::{Path, PathBuf};
use std::time::Duration;

/// The submission has errors.
pub const EXIT_DATA: u8 = 1;
/// Wrong arguments, or a file that cannot be read or written.
pub const EXIT_USAGE: u8 = 2;

/// Problems with the folder itself (missing, not a folder, no submission.toml,
/// unknown variant) are usage errors, reported before any check runs.
pub fn folder_problem(folder: &Path, variant: Option<&str>) -> Option<String> {
    let problem = match std::fs::metadata(folder) {
        Err(error) => format!("error: cannot open `{}`: {error}", folder.display()),
        Ok(meta) if !meta.is_dir() => format!(
            "error: `{}` is not a folder\n  = help: pass the submission folder that contains submission.toml",
            folder.display()
        ),
        Ok(_) if !folder.join(uprc::load::SUBMISSION_FILE).is_file() => format!(
            "error: `{}` has no {}\n  = help: pass the submission folder, e.g. `submissions/kazakhstan-upr20`, or start one with `uprc init`",
            folder.display(),
            uprc::load::SUBMISSION_FILE
        ),
        Ok(_) => return variant.and_then(|name| variant_problem(folder, name)),
    };
    Some(problem)
}

fn variant_problem(folder: &Path, name: &str) -> Option<String> {
    let names = uprc::load::variant_names(folder);
    if names.iter().any(|n| n == name) {
        return None;
    }
    let help = match uprc::diag::did_you_mean(name, names.iter().map(String::as_str)) {
        Some(best) => format!("did you mean `{best}`?"),
        None if names.is_empty() => format!(
            "this submission has no variants: add one as {}/{name}.toml",
            uprc::load::VARIANTS_FOLDER
        ),
        None => format!("its variants are: {}", names.join(", ")),
    };
    Some(format!(
        "error: `{}` has no variant `{name}` ({}/{name}.toml)\n  = help: {help}",
        folder.display(),
        uprc::load::VARIANTS_FOLDER
    ))
}

/// A file `build` and `watch` can write.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// The PDF, typeset by Typst.
    Pdf,
    /// The Word file, from the same lowered document.
    Docx,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Docx => "docx",
        }
    }

    fn of_path(path: &Path) -> Option<Format> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        [Format::Pdf, Format::Docx]
            .into_iter()
            .find(|f| f.extension() == extension)
    }
}

/// The files to write, each with its format. `--format` decides; without it,
/// `-o`'s extension does (`-o out.docx`), else PDF. With several formats,
/// `-o` names them all, each with its own extension. Without `-o`, each is
/// `<folder name>[-<variant>].<extension>` in `dir`.
pub fn targets(
    formats: &[Format],
    output: Option<&Path>,
    folder: &Path,
    variant: Option<&str>,
    dir: &Path,
) -> Result<Vec<(Format, PathBuf)>, String> {
    let mut unique: Vec<Format> = Vec::new();
    for &format in formats {
        if !unique.contains(&format) {
            unique.push(format);
        }
    }
    if unique.is_empty() {
        unique.push(output.and_then(Format::of_path).unwrap_or(Format::Pdf));
    }
    match (output, unique.as_slice()) {
        (None, formats) => Ok(formats
            .iter()
            .map(|&f| (f, crate::output_name(folder, variant, dir, f.extension())))
            .collect()),
        (Some(path), [format]) => match Format::of_path(path) {
            Some(other) if other != *format => Err(format!(
                "error: `-o {}` names a .{} file but --format asks for {}\n  = help: use `-o {}` or drop --format",
                path.display(),
                other.extension(),
                format.extension(),
                path.with_extension(format.extension()).display()
            )),
            _ => Ok(vec![(*format, path.to_path_buf())]),
        },
        (Some(path), formats) => Ok(formats
            .iter()
            .map(|&f| (f, path.with_extension(f.extension())))
            .collect()),
    }
}

/// The longest `--timeout` accepted: a day is already far beyond any real
/// submission, and the limit keeps `Duration` arithmetic safe.
const MAX_TIMEOUT_SECONDS: f64 = 86_400.0;

/// Parses `--timeout SECONDS`: a positive number of seconds, at most a day.
pub fn parse_timeout(text: &str) -> Result<Duration, String> {
    let seconds: f64 = text
        .trim()
        .parse()
        .map_err(|_| format!("`{text}` is not a number of seconds"))?;
    if !seconds.is_finite() || seconds <= 0.0 || seconds > MAX_TIMEOUT_SECONDS {
        return Err(format!(
            "the timeout must be more than 0 and at most {MAX_TIMEOUT_SECONDS} seconds, not `{text}`"
        ));
    }
    Ok(Duration::from_secs_f64(seconds))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timeouts_are_positive_finite_and_bounded() {
        assert_eq!(parse_timeout("1.5"), Ok(Duration::from_millis(1500)));
        assert_eq!(parse_timeout("86400"), Ok(Duration::from_secs(86_400)));
        for bad in ["inf", "1e30", "nan", "-1", "0", "", "ten", "86401"] {
            assert!(parse_timeout(bad).is_err(), "{bad}");
        }
    }
}
