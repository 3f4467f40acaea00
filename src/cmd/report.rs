//! Printing diagnostics for people (rustc style), tools (JSON lines) and
//! GitHub Actions (workflow commands that annotate the diff).
//!
//! As cargo does: what people read goes to stderr; machine-readable records
//! (`short`, `json`, `github`) go to stdout, one per line, ending with a
//! record of what was written (or checked), so `uprc … --message-format json | jq` works.

use std::fmt::Write as _;
use std::time::Duration;

use uprc::diag::{Diagnostic, Location, Severity, SourceFiles, render_all};

/// How problems are printed.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum MessageFormat {
    /// rustc-style reports with the source line and a caret.
    Human,
    /// `file:line:column: error: message`, one per line.
    Short,
    /// One JSON object per line.
    Json,
    /// `::error file=…,line=…,col=…::message` workflow commands.
    Github,
}

/// Global output settings of a run.
pub struct Reporter {
    /// How problems are printed.
    pub format: MessageFormat,
    /// Warnings fail the run.
    pub deny_warnings: bool,
    /// Problems only.
    pub quiet: bool,
    /// Stage times.
    pub verbose: bool,
}

impl Reporter {
    /// Whether these diagnostics fail the run.
    pub fn fails(&self, diagnostics: &[Diagnostic]) -> bool {
        diagnostics
            .iter()
            .any(|d| d.is_error() || (self.deny_warnings && d.severity == Severity::Warning))
    }

    /// The diagnostics of one compilation, formatted.
    pub fn diagnostics(&self, diagnostics: &[Diagnostic], files: &SourceFiles) -> String {
        match self.format {
            MessageFormat::Human if self.quiet => {
                diagnostics.iter().map(|d| d.render(files)).collect()
            }
            MessageFormat::Human => render_all(diagnostics, files),
            MessageFormat::Short => diagnostics.iter().map(|d| d.short(files) + "\n").collect(),
            MessageFormat::Json => diagnostics
                .iter()
                .map(|d| json_line(d, files) + "\n")
                .collect(),
            MessageFormat::Github => diagnostics
                .iter()
                .map(|d| github_line(d, files) + "\n")
                .collect(),
        }
    }

    /// Prints formatted diagnostics (from [`Reporter::diagnostics`]) on the
    /// stream their format belongs to.
    pub fn emit(&self, formatted: &str) {
        if formatted.is_empty() {
            return;
        }
        if self.format == MessageFormat::Human {
            eprint!("{formatted}");
        } else {
            print!("{formatted}");
        }
    }

    /// The record of a file written: a line for people, a record for tools.
    pub fn written(&self, output: &Written) {
        match self.format {
            MessageFormat::Human => {
                if !self.quiet {
                    eprintln!("{}", output.sentence());
                }
            }
            MessageFormat::Short => println!("{}", output.sentence()),
            MessageFormat::Json => println!("{}", output.json()),
            MessageFormat::Github => println!("::notice title=uprc::{}", output.sentence()),
        }
    }

    /// The word count of a checked submission: a table for people, a record for tools.
    pub fn word_count(&self, variant: Option<&str>, words: &uprc::words::WordCount) {
        match self.format {
            MessageFormat::Json => {
                let sections: Vec<serde_json::Value> = words
                    .sections
                    .iter()
                    .map(|s| serde_json::json!({"name": s.name, "words": s.words, "counted": s.counted}))
                    .collect();
                let record = serde_json::json!({
                    "type": "word-count",
                    "variant": variant,
                    "words": words.total,
                    "limit": words.limit,
                    "sections": sections,
                    "docx_body": words.word.map(|w| w.body),
                    "docx_with_notes": words.word.map(|w| w.with_notes),
                });
                println!("{record}");
            }
            _ => self.info(&super::check::word_table(words)),
        }
    }

    /// Coverage per theme of a checked submission: a table for people, a record for tools.
    pub fn coverage(&self, variant: Option<&str>, coverage: &[uprc::check::ThemeCoverage]) {
        match self.format {
            MessageFormat::Json => {
                let themes: Vec<serde_json::Value> = coverage
                    .iter()
                    .map(|c| serde_json::json!({"theme": c.theme, "supported": c.supported, "assessed": c.assessed}))
                    .collect();
                println!(
                    "{}",
                    serde_json::json!({"type": "theme-coverage", "variant": variant, "themes": themes})
                );
            }
            _ => self.info(&super::check::coverage_table(coverage)),
        }
    }

    /// The last record of a run, for tools: whether it succeeded.
    pub fn finished(&self, command: &str, success: bool) {
        if self.format == MessageFormat::Json {
            let record =
                serde_json::json!({"type": "finished", "command": command, "success": success});
            println!("{record}");
        }
    }

    /// A line of information (not a problem): printed for people unless quiet.
    pub fn info(&self, line: &str) {
        if !self.quiet && matches!(self.format, MessageFormat::Human | MessageFormat::Short) {
            eprintln!("{line}");
        }
    }

    /// Stage times, with `-v`.
    pub fn timings(&self, label: &str, timings: &[(&'static str, Duration)]) {
        if self.verbose {
            let mut line = format!("{label}timings:");
            for (stage, time) in timings {
                let _ = write!(line, " {stage} {:.1} ms,", time.as_secs_f64() * 1000.0);
            }
            let total: Duration = timings.iter().map(|(_, t)| *t).sum();
            let _ = write!(line, " total {:.1} ms", total.as_secs_f64() * 1000.0);
            eprintln!("{line}");
        }
    }
}

/// A file a build wrote, with the figures people and CI look at.
pub struct Written {
    /// The variant built, none for the base.
    pub variant: Option<String>,
    /// `pdf`, `docx`, …
    pub format: &'static str,
    /// Where it was written.
    pub path: std::path::PathBuf,
    /// Pages of the laid-out document (a PDF's; a Word file has none fixed).
    pub pages: Option<usize>,
    /// Words counted against the limit, and the limit.
    pub words: usize,
    /// The word limit.
    pub limit: usize,
    /// Numbered notes.
    pub notes: u32,
    /// Numbered paragraphs.
    pub paragraphs: u32,
    /// Size of the file.
    pub bytes: usize,
}

impl Written {
    fn sentence(&self) -> String {
        let pages = self
            .pages
            .map(|pages| format!("{}, ", counted(pages, "page")))
            .unwrap_or_default();
        format!(
            "wrote {} ({pages}{} words of {}, {}, {}, {} KB)",
            self.path.display(),
            self.words,
            self.limit,
            counted(self.notes as usize, "note"),
            counted(self.paragraphs as usize, "numbered paragraph"),
            self.bytes / 1024,
        )
    }

    fn json(&self) -> String {
        serde_json::json!({
            "type": "output",
            "variant": self.variant,
            "format": self.format,
            "path": self.path.display().to_string(),
            "pages": self.pages,
            "words": self.words,
            "word_limit": self.limit,
            "notes": self.notes,
            "paragraphs": self.paragraphs,
            "bytes": self.bytes,
        })
        .to_string()
    }
}

/// "1 page", "8 pages".
pub fn counted(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

fn severity_name(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Hint => "hint",
    }
}

/// Where a diagnostic is: file name and 1-based (line, column) of its start and end.
struct Position {
    file: String,
    start: (usize, usize),
    end: (usize, usize),
}

fn position(d: &Diagnostic, files: &SourceFiles) -> Option<Position> {
    match &d.location {
        Location::Span(id, span) => Some(Position {
            file: files.name(*id).to_string(),
            start: files.line_column(*id, span.start),
            end: files.line_column(*id, span.end),
        }),
        Location::Path(path) => Some(Position {
            file: path.clone(),
            start: (1, 1),
            end: (1, 1),
        }),
        Location::Detached => None,
    }
}

fn json_line(d: &Diagnostic, files: &SourceFiles) -> String {
    let mut object = serde_json::json!({
        "type": "diagnostic",
        "severity": severity_name(d.severity),
        "message": d.message,
        "help": d.help,
        "notes": d.notes,
    });
    if let Some(at) = position(d, files) {
        object["file"] = at.file.into();
        object["line"] = at.start.0.into();
        object["column"] = at.start.1.into();
        object["end_line"] = at.end.0.into();
        object["end_column"] = at.end.1.into();
    }
    object.to_string()
}

/// GitHub workflow command; data and properties escaped as the runner expects.
fn github_line(d: &Diagnostic, files: &SourceFiles) -> String {
    let command = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Hint => "notice",
    };
    let escape_data = |s: &str| {
        s.replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A")
    };
    let escape_property = |s: &str| escape_data(s).replace(':', "%3A").replace(',', "%2C");
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    let properties = match position(d, files) {
        Some(at) => format!(
            " file={},line={},col={},endLine={},endColumn={},title=uprc",
            escape_property(&at.file),
            at.start.0,
            at.start.1,
            at.end.0,
            at.end.1
        ),
        None => " title=uprc".to_string(),
    };
    format!("::{command}{properties}::{}", escape_data(&message))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_commands_escape_and_locate() {
        let mut files = SourceFiles::default();
        let id = files.add("sub/a,b.toml", "x = 1\ntitel = 2\n");
        let d = Diagnostic::error(id, 6..11, "unknown field `titel`: 100%")
            .with_help("did you mean `title`?");
        assert_eq!(
            github_line(&d, &files),
            "::error file=sub/a%2Cb.toml,line=2,col=1,endLine=2,endColumn=6,title=uprc::unknown field `titel`: 100%25%0Ahelp: did you mean `title`?"
        );
        let json: serde_json::Value = serde_json::from_str(&json_line(&d, &files)).unwrap();
        assert_eq!(json["line"], 2);
        assert_eq!(json["column"], 1);
        assert_eq!(json["severity"], "error");
        assert_eq!(json["help"], "did you mean `title`?");
    }
}
