//! Citations: every source named exists, every citation can be read, no
//! heading carries one, and each is reported where it is written.

use std::collections::HashMap;
use std::ops::Range;

use crate::diag::{Diagnostic, SourceFiles, did_you_mean};
use crate::fields::ProseField;
use crate::load::Model;
use crate::prose;

/// The byte range of the `occurrence`-th text written as one of `needles`
/// inside a field's string value, so a mistake is shown where it is written
/// (the whole value when it cannot be found, e.g. behind TOML escapes).
fn written_span(
    files: &SourceFiles,
    field: &ProseField,
    needles: &[String],
    occurrence: usize,
) -> Range<usize> {
    let raw = files.text(field.file).get(field.span.clone()).unwrap_or("");
    let mut found: Vec<(usize, usize)> = needles
        .iter()
        .flat_map(|needle| {
            raw.match_indices(needle.as_str())
                .filter(|(i, n)| {
                    // `@key` must end where the key ends.
                    !n.starts_with('@')
                        || !raw[i + n.len()..]
                            .chars()
                            .next()
                            .is_some_and(|c| c.is_alphanumeric() || c == '-' || c == '_')
                })
                .map(|(i, n)| (i, n.len()))
        })
        .collect();
    found.sort();
    found
        .get(occurrence)
        .map(|&(i, len)| field.span.start + i..field.span.start + i + len)
        .unwrap_or_else(|| field.span.clone())
}

/// Unknown sources and unreadable citations in prose.
pub fn check_citations(
    model: &Model,
    files: &SourceFiles,
    fields: &[ProseField],
    diagnostics: &mut Vec<Diagnostic>,
) {
    let known: Vec<&str> = model.sources.value.keys().map(String::as_str).collect();
    for field in fields {
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for key in prose::citations(&field.blocks) {
            let occurrence = seen.entry(key).or_insert(0);
            if !model.sources.value.contains_key(key) {
                let needles = [format!("[^{key}]"), format!("@{key}")];
                let span = written_span(files, field, &needles, *occurrence);
                let diagnostic =
                    Diagnostic::error(field.file, span, format!("unknown source `{key}`"))
                        .with_label("cited here")
                        .with_help(match did_you_mean(key, known.iter().copied()) {
                            Some(best) => format!("did you mean `{best}`?"),
                            None => format!(
                                "add `[{key}]` with its publisher to `{}`",
                                model.sources.path
                            ),
                        });
                diagnostics.push(diagnostic);
            }
            *occurrence += 1;
        }
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for problem in &field.problems {
            let occurrence = seen.entry(problem.written.as_str()).or_insert(0);
            let span = written_span(
                files,
                field,
                std::slice::from_ref(&problem.written),
                *occurrence,
            );
            let mut help = problem.help.clone();
            // `[^hrw-2040]`-like keys close to a real one: say which.
            if let Some(key) = problem
                .written
                .trim_start_matches(['[', '^', '@'])
                .split([',', ' ', ']'])
                .next()
                .filter(|k| !k.is_empty() && !model.sources.value.contains_key(*k))
                && let Some(best) = did_you_mean(key, known.iter().copied())
            {
                help = format!("{help}; did you mean `{best}`?");
            }
            diagnostics.push(
                Diagnostic::error(field.file, span, problem.message.clone())
                    .with_label("not a citation uprc can read")
                    .with_help(help),
            );
            *occurrence += 1;
        }
    }
}

/// Titles and headings are plain text: a note on one is an error, never
/// printed as `[^key]`.
pub fn check_headings(model: &Model, diagnostics: &mut Vec<Diagnostic>) {
    let looks_cited = |text: &str| {
        text.contains("[^") || text.contains("[@") || text.contains("^[") || text.contains("; @")
    };
    let mut report = |file, span, what: &str| {
        diagnostics.push(
            Diagnostic::error(file, span, format!("a {what} cannot carry a note"))
                .with_help("cite the source in the text below it; with `[layout] recommendations_note = true` uprc adds the note on recommendations itself"),
        );
    };
    let submission = &model.submission;
    if looks_cited(&submission.value.submission.title) {
        let (file, span) = submission.value_at("/submission/title");
        report(file, span, "title");
    }
    for chapter in &model.chapters {
        let file = &chapter.file;
        if looks_cited(&file.value.title) {
            let (id, span) = file.value_at("/title");
            report(id, span, "chapter title");
        }
        for (p, part) in file.value.part.iter().enumerate() {
            if looks_cited(&part.heading) {
                let (id, span) = file.value_at(&format!("/part/{p}/heading"));
                report(id, span, "heading");
            }
            for (s, section) in part.section.iter().enumerate() {
                if looks_cited(&section.heading) {
                    let (id, span) = file.value_at(&format!("/part/{p}/section/{s}/heading"));
                    report(id, span, "heading");
                }
            }
        }
    }
}
