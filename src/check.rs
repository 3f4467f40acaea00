//! Stage 2, check: the rules a type system cannot express. Every citation
//! names a known source, every assessment a recommendation of the previous
//! cycle, evidence a real chapter; ids are unique; nothing is defined and
//! never used. Returns all problems at once, each at its file position.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use crate::diag::{Diagnostic, FileId, SourceFiles, did_you_mean};
use crate::fields::{ProseField, ProseFields};
use crate::load::{Loaded, Model};
use crate::model::{ChapterRecommendations, SubmissionKind};
use crate::prose;
use crate::spans::escape_pointer;
use crate::words::{JOINT_WORD_LIMIT, WordCount, count_words};

/// The byte range of the `occurrence`-th `[^key]` inside a string value's span,
/// so an unknown citation is shown where it is written.
fn citation_span(
    files: &SourceFiles,
    field: &ProseField,
    key: &str,
    occurrence: usize,
) -> Range<usize> {
    let raw = files.text(field.file).get(field.span.clone()).unwrap_or("");
    let needle = format!("[^{key}]");
    raw.match_indices(&needle)
        .nth(occurrence)
        .map(|(i, _)| field.span.start + i..field.span.start + i + needle.len())
        .unwrap_or_else(|| field.span.clone())
}

/// Runs every check on a loaded model, its prose fields and their word count.
pub fn check(
    model: &Model,
    fields: &ProseFields,
    words: &WordCount,
    files: &SourceFiles,
) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    check_organisations(model, &mut diagnostics);
    check_citations(model, files, &fields.fields, &mut diagnostics);
    check_sources(model, &fields.fields, &mut diagnostics);
    if model.complete {
        check_word_limit(model, words, &mut diagnostics);
    }
    check_recommendations(model, &mut diagnostics);
    check_chapters(model, &mut diagnostics);
    check_note_length(model, &mut diagnostics);
    check_printable(model, files, &mut diagnostics);
    hint_unassessed(model, &mut diagnostics);
    diagnostics
}

fn check_word_limit(model: &Model, count: &WordCount, diagnostics: &mut Vec<Diagnostic>) {
    if count.total <= count.limit {
        return;
    }
    let submission = &model.submission;
    let ((file, at), whose) = match submission.value.word_count.limit {
        Some(_) => (
            submission.value_at("/word_count/limit"),
            "set in `[word_count]`".to_string(),
        ),
        None => (
            submission.value_at("/submission/kind"),
            format!(
                "for {} submission",
                if count.limit == JOINT_WORD_LIMIT {
                    "a joint"
                } else {
                    "an individual"
                }
            ),
        ),
    };
    let longest = count
        .sections
        .iter()
        .filter(|s| s.counted)
        .max_by_key(|s| s.words);
    diagnostics.push(
        Diagnostic::error(
            file,
            at,
            format!("the submission has {} words, over the limit of {} {whose}", count.total, count.limit),
        )
        .with_help(format!(
            "cut {} words{}; footnotes, the first-page header and the compliance table do not count",
            count.total - count.limit,
            longest.map(|s| format!(" (the longest part is {}, {} words)", s.name, s.words)).unwrap_or_default()
        )),
    );
}

fn check_organisations(model: &Model, diagnostics: &mut Vec<Diagnostic>) {
    let submission = &model.submission;
    let count = submission.value.organisation.len();
    let kind = submission.value.submission.kind;
    let (file, at) = submission.value_at("/submission/kind");
    match kind {
        SubmissionKind::Individual if count != 1 => diagnostics.push(
            Diagnostic::error(
                file,
                at,
                format!("an individual submission has one organisation, this one lists {count}"),
            )
            .with_help(if count == 0 {
                "add an `[[organisation]]` table"
            } else {
                "set `kind = \"joint\"` for a coalition"
            }),
        ),
        SubmissionKind::Joint if count < 2 => diagnostics.push(
            Diagnostic::error(
                file,
                at,
                format!("a joint submission lists all its organisations, this one lists {count}"),
            )
            .with_help(
                "add an `[[organisation]]` table for each partner, or set `kind = \"individual\"`",
            ),
        ),
        _ => {}
    }
}

fn check_citations(
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
                let span = citation_span(files, field, key, *occurrence);
                let diagnostic =
                    Diagnostic::error(field.file, span, format!("unknown source `{key}`"))
                        .with_label("cited here")
                        .with_optional_help(match did_you_mean(key, known.iter().copied()) {
                            Some(best) => Some(format!("did you mean `{best}`?")),
                            None => Some(format!(
                                "add `[{key}]` with its publisher to `{}`",
                                model.sources.path
                            )),
                        });
                diagnostics.push(diagnostic);
            }
            *occurrence += 1;
        }
    }
}

fn check_sources(model: &Model, fields: &[ProseField], diagnostics: &mut Vec<Diagnostic>) {
    let sources = &model.sources;
    // Sources cited only by chapters a variant leaves out are still in use.
    let left_out: Vec<Vec<prose::Block>> = model
        .left_out
        .iter()
        .flat_map(|c| {
            c.file
                .value
                .text
                .iter()
                .chain(c.file.value.part.iter().map(|p| &p.text))
        })
        .map(|text| prose::parse(text))
        .collect();
    let cited: HashSet<&str> = fields
        .iter()
        .map(|f| &f.blocks)
        .chain(&left_out)
        .flat_map(|blocks| prose::citations(blocks))
        .collect();
    let mut lowercase: HashMap<String, &str> = HashMap::new();
    for (key, source) in &sources.value {
        let pointer = format!("/{}", escape_pointer(key));
        if !key.chars().all(prose::is_key_char) {
            diagnostics.push(
                Diagnostic::error(
                    sources.file,
                    sources.spans.key(&pointer),
                    format!("source key `{key}` cannot be cited"),
                )
                .with_help("use letters, digits, `-`, `_`, `.` or `:` only, e.g. `hrw-2004`"),
            );
        }
        if let Some(other) = lowercase.insert(key.to_lowercase(), key) {
            diagnostics.push(
                Diagnostic::error(
                    sources.file,
                    sources.spans.key(&pointer),
                    format!("source `{key}` differs from `{other}` only in case"),
                )
                .with_help("give every source a distinct key"),
            );
        }
        if model.complete && !cited.contains(key.as_str()) {
            diagnostics.push(
                Diagnostic::warning(
                    sources.file,
                    sources.spans.key(&pointer),
                    format!("source `{key}` is never cited"),
                )
                .with_help(format!("cite it as `[^{key}]` or remove it")),
            );
        }
        if let Some(url) = &source.url {
            check_url(url, sources, &format!("{pointer}/url"), diagnostics);
        }
    }
}

fn check_url<T>(url: &str, file: &Loaded<T>, pointer: &str, diagnostics: &mut Vec<Diagnostic>) {
    let scheme = url.split_once(':').map(|(s, _)| s.to_ascii_lowercase());
    if !matches!(scheme.as_deref(), Some("http") | Some("https"))
        || url.chars().any(char::is_whitespace)
    {
        diagnostics.push(
            Diagnostic::error(
                file.file,
                file.spans.value(pointer),
                format!("`{url}` is not a web address"),
            )
            .with_help("sources link to http:// or https:// addresses without spaces"),
        );
    }
}

fn check_recommendations(model: &Model, diagnostics: &mut Vec<Diagnostic>) {
    let previous = &model.previous;
    let expected = &model.submission.value.previous.report;
    if &previous.value.report != expected {
        diagnostics.push(
            Diagnostic::warning(
                previous.file,
                previous.spans.value("/report"),
                format!("these recommendations are from `{}`, but `[previous] report` names `{expected}`", previous.value.report),
            )
            .with_help("point `[previous] recommendations` at the list of the report you assess, or correct the symbol"),
        );
    }
    let mut ids: HashMap<String, usize> = HashMap::new();
    for (i, recommendation) in previous.value.recommendation.iter().enumerate() {
        let normalised = recommendation.id.to_lowercase();
        if let Some(first) = ids.insert(normalised, i) {
            let first_id = &previous.value.recommendation[first].id;
            diagnostics.push(
                Diagnostic::error(
                    previous.file,
                    previous.spans.value(&format!("/recommendation/{i}/id")),
                    format!("duplicate recommendation id `{}`", recommendation.id),
                )
                .with_help(format!(
                    "`{first_id}` is already recommendation #{}; each id appears once",
                    first + 1
                )),
            );
        }
    }
    let known: Vec<&str> = previous
        .value
        .recommendation
        .iter()
        .map(|r| r.id.as_str())
        .collect();
    let report = &previous.value.report;
    let unknown = |id: &str, file: FileId, span: Range<usize>| {
        Diagnostic::error(
            file,
            span,
            format!("unknown recommendation `{id}`: {report} has no such number"),
        )
        .with_optional_help(
            did_you_mean(id, known.iter().copied()).map(|best| format!("did you mean `{best}`?")),
        )
    };

    let chapter_ids: Vec<&str> = model.chapters.iter().map(|c| c.id.as_str()).collect();
    if let Some(assessment) = &model.assessment {
        let mut assessed: HashMap<&str, usize> = HashMap::new();
        for (i, entry) in assessment.value.assessment.iter().enumerate() {
            let pointer = format!("/assessment/{i}/recommendation");
            if !known.contains(&entry.recommendation.as_str()) {
                diagnostics.push(unknown(
                    &entry.recommendation,
                    assessment.file,
                    assessment.spans.value(&pointer),
                ));
            }
            if let Some(first) = assessed.insert(entry.recommendation.as_str(), i) {
                diagnostics.push(
                    Diagnostic::error(
                        assessment.file,
                        assessment.spans.value(&pointer),
                        format!(
                            "recommendation `{}` is assessed twice",
                            entry.recommendation
                        ),
                    )
                    .with_help(format!("merge it with assessment #{}", first + 1)),
                );
            }
            for (j, case) in entry.evidence.iter().enumerate() {
                if model.left_out.iter().any(|c| &c.id == case) {
                    let variant = model.variant.as_deref().unwrap_or("?");
                    diagnostics.push(
                        Diagnostic::error(
                            assessment.file,
                            assessment.spans.value(&format!("/assessment/{i}/evidence/{j}")),
                            format!("evidence `{case}` names a chapter that variant `{variant}` leaves out"),
                        )
                        .with_help(format!(
                            "include `{case}` in `[select]` of variants/{variant}.toml, or give the variant its own `[content] assessment`"
                        )),
                    );
                } else if model.complete && !chapter_ids.contains(&case.as_str()) {
                    diagnostics.push(
                        Diagnostic::error(
                            assessment.file,
                            assessment
                                .spans
                                .value(&format!("/assessment/{i}/evidence/{j}")),
                            format!("evidence `{case}` names no chapter of this submission"),
                        )
                        .with_help(
                            match did_you_mean(case, chapter_ids.iter().copied()) {
                                Some(best) => format!("did you mean `{best}`?"),
                                None => format!(
                                    "evidence names chapters by id: {}",
                                    quoted_list(&chapter_ids)
                                ),
                            },
                        ),
                    );
                }
            }
        }
    }
    for chapter in &model.chapters {
        let recommendations = &chapter.file.value.recommendations;
        if let ChapterRecommendations::ByReport(by_report) = recommendations
            && !by_report.contains_key(expected.as_str())
            && let Some(near) = did_you_mean(expected, by_report.keys().map(String::as_str))
        {
            let pointer = format!("/recommendations/{}", escape_pointer(near));
            diagnostics.push(
                Diagnostic::warning(
                    chapter.file.file,
                    chapter.file.spans.key(&pointer),
                    format!(
                        "no recommendations listed for `{expected}`, the report under `[previous]`"
                    ),
                )
                .with_help(format!("did you mean `{expected}`?")),
            );
        }
        let concerned = recommendations.for_report(expected);
        // Not one of several numbers known: most likely they are another
        // report's, as when a variant moves the submission on to the next
        // review. (One unknown number is more likely a typo.)
        let another_report = matches!(recommendations, ChapterRecommendations::Ids(_))
            && concerned.len() > 1
            && concerned.iter().all(|(_, id)| !known.contains(id));
        for (pointer, id) in &concerned {
            if !known.contains(id) {
                let mut diagnostic =
                    unknown(id, chapter.file.file, chapter.file.spans.value(pointer));
                if another_report {
                    diagnostic.help = Some(format!(
                        "if these numbers belong to another report, list them per report: `recommendations = {{ \"<that report>\" = [\"{first}\", …], \"{expected}\" = […] }}`",
                        first = concerned[0].1
                    ));
                }
                diagnostics.push(diagnostic);
            }
        }
    }
    let submission = &model.submission;
    for (i, recommendation) in submission.value.recommendation.iter().enumerate() {
        for (j, id) in recommendation.follows.iter().enumerate() {
            if !known.contains(&id.as_str()) {
                let (file, span) = submission.value_at(&format!("/recommendation/{i}/follows/{j}"));
                diagnostics.push(unknown(id, file, span));
            }
        }
    }
}

fn check_chapters(model: &Model, diagnostics: &mut Vec<Diagnostic>) {
    let submission = &model.submission;
    let mut ids: HashMap<String, usize> = HashMap::new();
    for (i, chapter) in model.chapters.iter().enumerate() {
        let file = &chapter.file;
        if let Some(first) = ids.insert(chapter.id.to_lowercase(), i) {
            let span = match file.value.id {
                Some(_) => (file.file, file.spans.value("/id")),
                None => submission.value_at(&format!("/content/chapters/{}", chapter.index)),
            };
            diagnostics.push(
                Diagnostic::error(
                    span.0,
                    span.1,
                    format!("duplicate chapter id `{}`", chapter.id),
                )
                .with_help(format!(
                    "`{}` already has this id; list each chapter once and give it a distinct `id`",
                    model.chapters[first].file.path
                )),
            );
        }
        if file.value.part.len() == 1 {
            diagnostics.push(
                Diagnostic::warning(file.file, file.spans.key("/part/0/heading"), "a chapter with one sub-heading")
                    .with_label("“A.” without “B.”")
                    .with_help("UN style never has A without B: add a second `[[part]]` or make this one the chapter's `text`"),
            );
        }
        check_dates(model, file, diagnostics);
        if file.value.text.is_none() && file.value.part.is_empty() {
            diagnostics.push(
                Diagnostic::error(file.file, file.spans.key("/title"), "chapter has no text")
                    .with_help("add `text = \"\"\"…\"\"\"` or `[[part]]` tables with a `heading` and a `text`"),
            );
        }
    }
}

/// Facts dated before the previous review, or after the submission, lie
/// outside the period a UPR submission covers.
fn check_dates(
    model: &Model,
    file: &Loaded<crate::model::ChapterFile>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let submission = &model.submission.value;
    let since = submission.previous.date;
    let until = submission.submission.date;
    let dated = std::iter::once((file.value.date, "/date".to_string())).chain(
        file.value
            .part
            .iter()
            .enumerate()
            .map(|(i, p)| (p.date, format!("/part/{i}/date"))),
    );
    for (date, pointer) in dated {
        let Some(date) = date else { continue };
        let message = match since {
            Some(since) if date < since => format!(
                "facts dated {date} precede the previous review ({since}): outside the review period"
            ),
            _ if date > until => {
                format!("facts dated {date} come after the submission date ({until})")
            }
            _ => continue,
        };
        diagnostics.push(
            Diagnostic::warning(file.file, file.spans.value(&pointer), message)
                .with_help("OHCHR asks for the period since the last review; give older facts only as background"),
        );
    }
}

/// References belong in notes; prose does not. A publisher or title this
/// long is probably commentary in the wrong place.
fn check_note_length(model: &Model, diagnostics: &mut Vec<Diagnostic>) {
    const MAX_WORDS: usize = 40;
    let sources = &model.sources;
    for (key, source) in &sources.value {
        for (field, text) in [
            ("publisher", Some(&source.publisher)),
            ("title", source.title.as_ref()),
        ] {
            let Some(text) = text else { continue };
            let words = count_words(text);
            if words > MAX_WORDS {
                let pointer = format!("/{}/{field}", escape_pointer(key));
                diagnostics.push(
                    Diagnostic::warning(
                        sources.file,
                        sources.spans.value(&pointer),
                        format!("the note for `{key}` would hold {words} words of {field}"),
                    )
                    .with_help(
                        "notes hold references only (OHCHR): move the substance into the text",
                    ),
                );
            }
        }
    }
}

/// Every character of every text must have a glyph in the embedded fonts:
/// otherwise the PDF shows an empty box, and PDF/UA export fails. Control
/// characters arrive by copying from Word or PDF, or by `\u0000` escapes.
fn check_printable(model: &Model, files: &SourceFiles, diagnostics: &mut Vec<Diagnostic>) {
    fn walk(value: &serde_json::Value, pointer: &mut String, found: &mut Vec<(String, char)>) {
        match value {
            serde_json::Value::String(text) => {
                if let Some(c) = text.chars().find(|&c| !crate::fonts::can_print(c)) {
                    found.push((pointer.clone(), c));
                }
            }
            serde_json::Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    let len = pointer.len();
                    pointer.push_str(&format!("/{i}"));
                    walk(item, pointer, found);
                    pointer.truncate(len);
                }
            }
            serde_json::Value::Object(map) => {
                for (key, item) in map {
                    let len = pointer.len();
                    pointer.push_str(&format!("/{}", escape_pointer(key)));
                    walk(item, pointer, found);
                    pointer.truncate(len);
                }
            }
            _ => {}
        }
    }
    fn report<T>(file: &Loaded<T>, files: &SourceFiles, diagnostics: &mut Vec<Diagnostic>) {
        let mut found = Vec::new();
        walk(&file.json, &mut String::new(), &mut found);
        for (pointer, c) in found {
            let (id, span) = file.value_at(&pointer);
            // Point at the character itself when it is written as such.
            let text = files.text(id);
            let raw = text.get(span.clone()).unwrap_or("");
            let span = match raw.find(c) {
                Some(i) => span.start + i..span.start + i + c.len_utf8(),
                None => span,
            };
            let shown = if c.is_control() {
                format!("the control character U+{:04X}", c as u32)
            } else {
                format!("`{c}` (U+{:04X})", c as u32)
            };
            diagnostics.push(
                Diagnostic::error(id, span, format!("{shown} cannot be printed: the fonts have no such character"))
                    .with_help("remove or replace it; invisible control characters often come from copying out of Word or a PDF"),
            );
        }
    }
    report(&model.submission, files, diagnostics);
    for chapter in &model.chapters {
        report(&chapter.file, files, diagnostics);
    }
    report(&model.sources, files, diagnostics);
    report(&model.previous, files, diagnostics);
    if let Some(assessment) = &model.assessment {
        report(assessment, files, diagnostics);
    }
}

/// A supported recommendation a chapter concerns, left unassessed, is worth a look.
fn hint_unassessed(model: &Model, diagnostics: &mut Vec<Diagnostic>) {
    let Some(assessment) = &model.assessment else {
        return;
    };
    let assessed: HashSet<&str> = assessment
        .value
        .assessment
        .iter()
        .map(|a| a.recommendation.as_str())
        .collect();
    let report = &model.submission.value.previous.report;
    for chapter in &model.chapters {
        for (pointer, id) in chapter.file.value.recommendations.for_report(report) {
            let supported = model
                .previous
                .value
                .recommendation
                .iter()
                .any(|r| r.id == id && r.response == crate::model::Response::Supported);
            if supported && !assessed.contains(id) {
                diagnostics.push(
                    Diagnostic::hint(
                        chapter.file.file,
                        chapter.file.spans.value(&pointer),
                        format!("recommendation {id} was supported and concerns this chapter, but is not assessed"),
                    )
                    .with_help(format!("add an `[[assessment]]` of {id} to `{}`", assessment.path)),
                );
            }
        }
    }
}

fn quoted_list(items: &[&str]) -> String {
    items
        .iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
