//! Diagnostics: every problem uprc finds, as a value that names the file, the
//! byte range, what was expected and, where known, the fix. Rendered like
//! rustc/cargo (source line, caret, `help:`) by codespan-reporting.

use std::fmt::Write as _;
use std::ops::Range;

use codespan_reporting::diagnostic::{Diagnostic as Report, Label};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, Chars, Config, DisplayStyle};

/// Index of a file in [`SourceFiles`].
pub type FileId = usize;

/// The text of every file read, so diagnostics can quote it.
#[derive(Default)]
pub struct SourceFiles {
    files: SimpleFiles<String, String>,
    count: usize,
}

impl SourceFiles {
    /// Registers a file under the name diagnostics print for it.
    pub fn add(&mut self, name: impl Into<String>, text: impl Into<String>) -> FileId {
        self.count += 1;
        self.files.add(name.into(), text.into())
    }

    /// The name diagnostics print for `id`.
    pub fn name(&self, id: FileId) -> &str {
        self.files.get(id).map(|f| f.name().as_str()).unwrap_or("?")
    }

    /// The text of `id`.
    pub fn text(&self, id: FileId) -> &str {
        self.files
            .get(id)
            .map(|f| f.source().as_str())
            .unwrap_or("")
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_column(&self, id: FileId, offset: usize) -> (usize, usize) {
        line_column(self.text(id), offset)
    }
}

/// 1-based line and column (in characters) of `offset` in `text`.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// The byte offset of 1-based `line` and `column` (in characters) in `text`.
pub fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let line_start = if line <= 1 {
        0
    } else {
        text.match_indices('\n')
            .nth(line - 2)
            .map_or(text.len(), |(i, _)| i + 1)
    };
    text[line_start..]
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(text.len(), |(i, _)| line_start + i)
}

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The submission cannot be built as it is.
    Error,
    /// Worth fixing; the PDF is still built.
    Warning,
    /// A suggestion, never a failure (not even with warnings denied).
    Hint,
}

/// Where a diagnostic points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// A byte range in a registered file.
    Span(FileId, Range<usize>),
    /// A file or folder that could not be read at all.
    Path(String),
    /// Nowhere in particular (e.g. a PDF standard the whole document misses).
    Detached,
}

/// One problem found in a submission.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Where it is.
    pub location: Location,
    /// What is wrong, in one line.
    pub message: String,
    /// A short label under the caret.
    pub label: Option<String>,
    /// How to fix it, where that is known.
    pub help: Option<String>,
    /// Further context (e.g. "while calling ...").
    pub notes: Vec<String>,
}

impl Diagnostic {
    /// An error at a byte range of a file.
    pub fn error(file: FileId, span: Range<usize>, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, Location::Span(file, span), message)
    }

    /// A hint at a byte range of a file.
    pub fn hint(file: FileId, span: Range<usize>, message: impl Into<String>) -> Self {
        Self::new(Severity::Hint, Location::Span(file, span), message)
    }

    /// A warning at a byte range of a file.
    pub fn warning(file: FileId, span: Range<usize>, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, Location::Span(file, span), message)
    }

    /// An error about a path that could not be read.
    pub fn path_error(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, Location::Path(path.into()), message)
    }

    /// A diagnostic with the given parts and nothing else.
    pub fn new(severity: Severity, location: Location, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            location,
            message: message.into(),
            label: None,
            help: None,
            notes: Vec::new(),
        }
    }

    /// Adds a label under the caret.
    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// Adds a `help:` line.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds a help line only when there is one.
    pub fn with_optional_help(mut self, help: Option<String>) -> Self {
        if help.is_some() {
            self.help = help;
        }
        self
    }

    /// Adds a `note:` line.
    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    /// Whether this stops the build.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:column`, or the path, or nothing.
    pub fn position(&self, files: &SourceFiles) -> Option<String> {
        match &self.location {
            Location::Span(id, span) => {
                let (line, column) = files.line_column(*id, span.start);
                Some(format!("{}:{line}:{column}", files.name(*id)))
            }
            Location::Path(path) => Some(path.clone()),
            Location::Detached => None,
        }
    }

    /// One line: `file:line:column: error: message`, as compilers print for tools.
    pub fn short(&self, files: &SourceFiles) -> String {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Hint => "hint",
        };
        match self.position(files) {
            Some(position) => format!("{position}: {severity}: {}", self.message),
            None => format!("{severity}: {}", self.message),
        }
    }

    /// The full report: message, position, quoted source line with a caret, help.
    pub fn render(&self, files: &SourceFiles) -> String {
        let mut report = match self.severity {
            Severity::Error => Report::error(),
            Severity::Warning => Report::warning(),
            Severity::Hint => Report::help(),
        }
        .with_message(&self.message);
        let mut notes = self.notes.clone();
        let mut windowed = None;
        match &self.location {
            Location::Span(id, span) => {
                let span = clamp(files.text(*id), span.clone());
                let (label_file, label_span) = match Windowed::around(files, *id, span.clone()) {
                    Some((window, span)) => {
                        windowed = Some(window);
                        (*id, span)
                    }
                    None => (*id, span),
                };
                let mut label = Label::primary(label_file, label_span);
                if let Some(text) = &self.label {
                    label = label.with_message(text);
                }
                report = report.with_labels(vec![label]);
            }
            Location::Path(path) => notes.insert(0, format!("in {path}")),
            Location::Detached => {}
        }
        if let Some(help) = &self.help {
            notes.push(format!("help: {help}"));
        }
        report = report.with_notes(notes);
        let config = Config {
            display_style: DisplayStyle::Rich,
            chars: Chars::ascii(),
            ..Config::default()
        };
        let rendered = match &windowed {
            Some(window) => term::emit_into_string(&config, window, &report),
            None => term::emit_into_string(&config, &files.files, &report),
        };
        match rendered {
            Ok(text) => text,
            // The renderer fails only on a range outside the file; fall back to the short form.
            Err(_) => self.short(files) + "\n",
        }
    }
}

/// Lines longer than this are shown as a window around the mistake.
const LONG_LINE: usize = 160;
/// Characters shown before the mistake in a long line.
const WINDOW_BEFORE: usize = 60;
/// Characters shown from the mistake on in a long line.
const WINDOW_AFTER: usize = 80;

/// A file as a diagnostic quotes it when its line is too long to read (a
/// paragraph of prose is one TOML line): the line cut to a window around
/// the mistake, marked with "…", while positions stay those of the file.
struct Windowed {
    name: String,
    text: String,
    line_starts: Vec<usize>,
    /// The line that was cut, and the characters cut from its start (less the "…").
    cut_line: usize,
    columns_cut: usize,
}

impl Windowed {
    /// The window for `span` of file `id`, and the span inside it; none when
    /// the line is short enough to show whole.
    fn around(
        files: &SourceFiles,
        id: FileId,
        span: Range<usize>,
    ) -> Option<(Windowed, Range<usize>)> {
        let text = files.text(id);
        let line_start = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[span.start..]
            .find('\n')
            .map_or(text.len(), |i| span.start + i);
        let line = &text[line_start..line_end];
        if line.chars().count() <= LONG_LINE {
            return None;
        }
        // Byte offsets of the window, on character boundaries.
        let column = text[line_start..span.start].chars().count();
        let first_char = column.saturating_sub(WINDOW_BEFORE);
        let from = line
            .char_indices()
            .nth(first_char)
            .map_or(line_end, |(i, _)| line_start + i);
        let to = text[span.start..line_end]
            .char_indices()
            .nth(WINDOW_AFTER.max(text[span.start..span.end.min(line_end)].chars().count()))
            .map_or(line_end, |(i, _)| span.start + i);
        let before = if from > line_start { "…" } else { "" };
        let after = if to < line_end { "…" } else { "" };
        let windowed = format!(
            "{}{before}{}{after}{}",
            &text[..line_start],
            &text[from..to],
            &text[line_end..]
        );
        let shift = |offset: usize| line_start + before.len() + offset.clamp(from, to) - from;
        let line_starts = std::iter::once(0)
            .chain(windowed.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        let window = Windowed {
            name: files.name(id).to_string(),
            cut_line: text[..line_start].matches('\n').count(),
            columns_cut: first_char.saturating_sub(before.chars().count()),
            text: windowed,
            line_starts,
        };
        Some((window, shift(span.start)..shift(span.end)))
    }
}

impl<'a> codespan_reporting::files::Files<'a> for Windowed {
    type FileId = FileId;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, _: FileId) -> Result<&'a str, codespan_reporting::files::Error> {
        Ok(&self.name)
    }

    fn source(&'a self, _: FileId) -> Result<&'a str, codespan_reporting::files::Error> {
        Ok(&self.text)
    }

    fn line_index(
        &'a self,
        _: FileId,
        byte: usize,
    ) -> Result<usize, codespan_reporting::files::Error> {
        Ok(self
            .line_starts
            .partition_point(|&start| start <= byte)
            .saturating_sub(1))
    }

    fn line_range(
        &'a self,
        _: FileId,
        line: usize,
    ) -> Result<Range<usize>, codespan_reporting::files::Error> {
        let start =
            *self
                .line_starts
                .get(line)
                .ok_or(codespan_reporting::files::Error::LineTooLarge {
                    given: line,
                    max: self.line_starts.len(),
                })?;
        let end = self
            .line_starts
            .get(line + 1)
            .copied()
            .unwrap_or(self.text.len());
        Ok(start..end)
    }

    /// The column in the file, not in the window.
    fn column_number(
        &'a self,
        id: FileId,
        line: usize,
        byte: usize,
    ) -> Result<usize, codespan_reporting::files::Error> {
        let range = self.line_range(id, line)?;
        let column = self.text[range.start..byte.clamp(range.start, range.end)]
            .chars()
            .count();
        let cut = if line == self.cut_line {
            self.columns_cut
        } else {
            0
        };
        Ok(column + cut + 1)
    }
}

/// Keeps a span inside the text and on character boundaries, so rendering never fails.
fn clamp(text: &str, span: Range<usize>) -> Range<usize> {
    let mut start = span.start.min(text.len());
    let mut end = span.end.clamp(start, text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    while !text.is_char_boundary(end) {
        end += 1;
    }
    start..end
}

/// Renders all diagnostics, errors first then in file order, with a closing count.
pub fn render_all(diagnostics: &[Diagnostic], files: &SourceFiles) -> String {
    let mut out = String::new();
    for diagnostic in diagnostics {
        out.push_str(&diagnostic.render(files));
    }
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .count();
    if errors > 0 {
        let _ = writeln!(
            out,
            "error: found {errors} error{} and {warnings} warning{}",
            plural(errors),
            plural(warnings)
        );
    } else if warnings > 0 {
        let _ = writeln!(out, "warning: {warnings} warning{}", plural(warnings));
    }
    out
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Sorts diagnostics by file and position so a report reads top to bottom.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by_key(order_key);
}

fn order_key(d: &Diagnostic) -> (usize, usize, usize) {
    match &d.location {
        Location::Path(_) => (0, 0, 0),
        Location::Span(id, span) => (1, *id, span.start),
        Location::Detached => (2, 0, 0),
    }
}

/// The closest candidate to `word`, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let lower = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| {
            (
                strsim::normalized_damerau_levenshtein(&lower, &c.to_lowercase()),
                c,
            )
        })
        .filter(|(score, _)| *score >= 0.6)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based_and_count_characters() {
        let text = "a = 1\nтитул = \"x\"\n";
        assert_eq!(line_column(text, 0), (1, 1));
        let offset = text.find('"').unwrap();
        assert_eq!(line_column(text, offset), (2, 9));
    }

    #[test]
    fn suggestions_catch_typos_only() {
        assert_eq!(
            did_you_mean("titel", ["title", "text", "kind"]),
            Some("title")
        );
        assert_eq!(
            did_you_mean("publsher", ["publisher", "url"]),
            Some("publisher")
        );
        assert_eq!(did_you_mean("zzz", ["title", "text"]), None);
    }

    #[test]
    fn a_long_line_is_shown_as_a_window_around_the_mistake() {
        let mut files = SourceFiles::default();
        let long = format!(
            "text = \"{}[^nowhere] {}\"\n",
            "word ".repeat(120),
            "more ".repeat(100)
        );
        let id = files.add("cases/one.toml", format!("kind = \"case\"\n{long}"));
        let start = files.text(id).find("[^nowhere]").unwrap();
        let d = Diagnostic::error(id, start..start + 10, "unknown source `nowhere`");
        let text = d.render(&files);
        // The position is the file's; the quoted line is short, with the mistake in it.
        assert!(text.contains("cases/one.toml:2:609"), "{text}");
        let quoted = text
            .lines()
            .find(|l| l.contains("[^nowhere]"))
            .expect(&text);
        assert!(quoted.chars().count() < 200, "{quoted}");
        assert!(
            quoted.contains("…word word") && quoted.ends_with("more…"),
            "{quoted}"
        );
        let caret = text
            .lines()
            .find(|l| l.contains("^^^^^^^^^^"))
            .expect(&text);
        assert_eq!(
            caret.find('^').map(|i| caret[..i].chars().count()),
            quoted
                .find("[^nowhere]")
                .map(|i| quoted[..i].chars().count())
        );
    }

    #[test]
    fn rendering_quotes_the_line_with_a_caret_and_help() {
        let mut files = SourceFiles::default();
        let id = files.add("submission.toml", "[submission]\ntitel = \"x\"\n");
        let d = Diagnostic::error(id, 13..18, "unknown field `titel`")
            .with_help("did you mean `title`?");
        let text = d.render(&files);
        assert!(text.contains("error: unknown field `titel`"), "{text}");
        assert!(text.contains("submission.toml:2:1"), "{text}");
        assert!(text.contains("titel = \"x\""), "{text}");
        assert!(text.contains("^^^^^"), "{text}");
        assert!(text.contains("help: did you mean `title`?"), "{text}");
        assert_eq!(
            d.short(&files),
            "submission.toml:2:1: error: unknown field `titel`"
        );
    }
}
