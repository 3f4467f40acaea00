//! Stage 2, check: the rules a type system cannot express. Every citation
//! names a known source, every assessment a recommendation of the previous
//! cycle, evidence a real chapter; ids are unique; nothing is defined and
//! never used. Returns all problems at once, each at its file position.

mod citations;
mod recommendations;

use std::collections::{HashMap, HashSet};

use crate::diag::{Diagnostic, SourceFiles};
use crate::fields::{ProseField, ProseFields};
use crate::load::{Loaded, Model};
use crate::model::{SourceKind, SubmissionKind};
use crate::prose;
use crate::spans::escape_pointer;
use crate::words::{JOINT_WORD_LIMIT, WordCount, count_words};

pub use recommendations::{ThemeCoverage, concerned_ids, coverage, expand_ids};

/// Runs every check on a loaded model and its prose fields, but the word
/// limit ([`check_word_limit`]), which waits for the notes' count.
pub fn check(model: &Model, fields: &ProseFields, files: &SourceFiles) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    check_organisations(model, &mut diagnostics);
    hint_summary(model, &mut diagnostics);
    check_placeholders(model, &mut diagnostics);
    citations::check_citations(model, files, &fields.fields, &mut diagnostics);
    citations::check_headings(model, &mut diagnostics);
    check_sources(model, &fields.fields, &mut diagnostics);
    recommendations::check(model, &mut diagnostics);
    check_chapters(model, &mut diagnostics);
    check_note_length(model, &mut diagnostics);
    check_printable(model, files, &mut diagnostics);
    recommendations::hint_unassessed(model, &mut diagnostics);
    diagnostics
}

/// The word count against the limit.
pub fn check_word_limit(model: &Model, count: &WordCount, diagnostics: &mut Vec<Diagnostic>) {
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
            format!(
                "the submission has {} words, over the limit of {} {whose}",
                count.total, count.limit
            ),
        )
        .with_help(format!(
            "cut {} words{}; {}the first-page header and the compliance table do not count",
            count.total - count.limit,
            longest
                .map(|s| format!(" (the longest part is {}, {} words)", s.name, s.words))
                .unwrap_or_default(),
            if submission.value.word_count.notes {
                ""
            } else {
                "footnotes, "
            }
        )),
    );
}

fn check_organisations(model: &Model, diagnostics: &mut Vec<Diagnostic>) {
    let submission = &model.submission;
    for (i, organisation) in submission.value.organisation.iter().enumerate() {
        let Some(logo) = &organisation.logo else {
            continue;
        };
        let (file, span) = submission.value_at(&format!("/organisation/{i}/logo"));
        let extension = std::path::Path::new(logo)
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase());
        let problem = match crate::sandbox::resolve_inside(&model.folder, logo) {
            Err(problem) => Some((problem.message(logo), problem.help().to_string())),
            Ok(path) if !path.is_file() => Some((
                format!("logo not found: `{logo}`"),
                "put the image in the submission folder and name it relative to it, e.g. `logo.png`".to_string(),
            )),
            Ok(_) if !matches!(extension.as_deref(), Some("png" | "jpg" | "jpeg" | "svg")) => Some((
                format!("`{logo}` is not a PNG, JPEG or SVG image"),
                "save the logo as .png, .jpg or .svg".to_string(),
            )),
            Ok(_) => None,
        };
        if let Some((message, help)) = problem {
            diagnostics.push(Diagnostic::error(file, span, message).with_help(help));
        }
    }
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

fn check_sources(model: &Model, fields: &[ProseField], diagnostics: &mut Vec<Diagnostic>) {
    let sources = &model.sources;
    // Sources cited only by chapters a variant leaves out are still in use.
    let left_out: Vec<Vec<prose::Block>> = model
        .left_out
        .iter()
        .flat_map(|c| chapter_texts(&c.file.value))
        .map(prose::parse)
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
                .with_help(format!("cite it as `[@{key}]` or remove it")),
            );
        }
        if let Some(url) = &source.url {
            check_url(url, sources, &format!("{pointer}/url"), diagnostics);
        }
        if let Some((field, why)) = missing_for_kind(source) {
            diagnostics.push(
                Diagnostic::error(
                    sources.file,
                    sources.spans.key(&pointer),
                    format!("source `{key}` needs `{field}`: {why}"),
                )
                .with_help(format!("add `{field} = \"…\"` to `[{key}]`")),
            );
        }
    }
}

/// What a source of its kind cannot be cited without.
fn missing_for_kind(source: &crate::model::Source) -> Option<(&'static str, &'static str)> {
    let named = source.publisher.is_some() || !source.author.is_empty() || source.title.is_some();
    match source.kind {
        SourceKind::CourtDecision if source.title.is_none() => {
            Some(("title", "a court decision is cited by its case name"))
        }
        SourceKind::Legislation if source.title.is_none() => {
            Some(("title", "legislation is cited by its title"))
        }
        SourceKind::UnDocument if source.symbol.is_none() => Some((
            "symbol",
            "a UN document is cited by its symbol, e.g. A/HRC/28/10",
        )),
        SourceKind::UprSubmission if source.cite_as.is_none() => Some((
            "cite_as",
            "a submission to the UPR is cited by its OHCHR abbreviation, e.g. JS1",
        )),
        SourceKind::Article if source.title.is_none() => {
            Some(("title", "an article is cited by its title"))
        }
        _ if !named => Some(("publisher", "a note needs to name who published the source")),
        _ => None,
    }
}

/// The prose of a chapter file, in order: text, parts, sections, recommendations.
fn chapter_texts(chapter: &crate::model::ChapterFile) -> Vec<&str> {
    let mut texts: Vec<&str> = chapter.text.iter().map(String::as_str).collect();
    for part in &chapter.part {
        texts.extend(part.text.as_deref());
        for section in &part.section {
            texts.push(&section.text);
            texts.extend(section.recommendation.iter().map(|r| r.text.as_str()));
        }
        texts.extend(part.recommendation.iter().map(|r| r.text.as_str()));
    }
    texts.extend(chapter.recommendation.iter().map(|r| r.text.as_str()));
    texts
}

/// `uprc init` cannot know the previous report of a State: it writes a
/// placeholder, which must not survive into a submission.
fn check_placeholders(model: &Model, diagnostics: &mut Vec<Diagnostic>) {
    let submission = &model.submission;
    if submission.value.previous.report.contains('?') {
        let (file, span) = submission.value_at("/previous/report");
        diagnostics.push(
            Diagnostic::warning(file, span, format!("`{}` is a placeholder, not a report symbol", submission.value.previous.report))
                .with_help("write the symbol of the Working Group report of the previous review (e.g. A/HRC/43/15, on its first page), and import its recommendations with `uprc import`"),
        );
    }
}

/// OHCHR welcomes a summary and key words: say so when there are none.
fn hint_summary(model: &Model, diagnostics: &mut Vec<Diagnostic>) {
    let submission = &model.submission;
    let missing = match &submission.value.summary {
        None => "no summary",
        Some(summary) if summary.keywords.is_empty() => "no key words",
        Some(_) => return,
    };
    let (file, span) = submission.key_at("/submission");
    diagnostics.push(
        Diagnostic::hint(file, span, format!("the submission has {missing}"))
            .with_help("OHCHR welcomes a short summary and key words: add `[summary]` with `text` and `keywords = […]`"),
    );
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
        for (p, part) in file.value.part.iter().enumerate() {
            if part.section.len() == 1 {
                diagnostics.push(
                    Diagnostic::warning(file.file, file.spans.key(&format!("/part/{p}/section/0/heading")), "a part with one numbered section")
                        .with_label("“1.” without “2.”")
                        .with_help("UN style never has 1 without 2: add a second `[[part.section]]` or make this one the part's `text`"),
                );
            }
            if part.text.is_none() && part.section.is_empty() && part.recommendation.is_empty() {
                diagnostics.push(
                    Diagnostic::error(file.file, file.spans.key(&format!("/part/{p}/heading")), "part has no text")
                        .with_help("add `text = \"\"\"…\"\"\"` or `[[part.section]]` tables with a `heading` and a `text`"),
                );
            }
        }
        check_dates(model, file, diagnostics);
        check_lone_intros(file, diagnostics);
        if file.value.text.is_none()
            && file.value.part.is_empty()
            && file.value.recommendation.is_empty()
        {
            diagnostics.push(
                Diagnostic::error(file.file, file.spans.key("/title"), "chapter has no text")
                    .with_help("add `text = \"\"\"…\"\"\"` or `[[part]]` tables with a `heading` and a `text`"),
            );
        }
    }
}

/// An introduction to recommendations needs recommendations to introduce:
/// alone it would be counted and never printed.
fn check_lone_intros(file: &Loaded<crate::model::ChapterFile>, diagnostics: &mut Vec<Diagnostic>) {
    let value = &file.value;
    let mut places = vec![(
        String::new(),
        &value.recommendation_intro,
        value.recommendation.is_empty(),
    )];
    for (p, part) in value.part.iter().enumerate() {
        places.push((
            format!("/part/{p}"),
            &part.recommendation_intro,
            part.recommendation.is_empty(),
        ));
        for (s, section) in part.section.iter().enumerate() {
            places.push((
                format!("/part/{p}/section/{s}"),
                &section.recommendation_intro,
                section.recommendation.is_empty(),
            ));
        }
    }
    for (base, intro, none) in places {
        if intro.is_some() && none {
            let (id, span) = file.key_at(&format!("{base}/recommendation_intro"));
            diagnostics.push(
                Diagnostic::warning(id, span, "an introduction without recommendations")
                    .with_help("add `[[recommendation]]` tables after it, or remove it: alone it is not printed"),
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
    let mut dated = vec![(file.value.date, "/date".to_string())];
    for (p, part) in file.value.part.iter().enumerate() {
        dated.push((part.date, format!("/part/{p}/date")));
        for (s, section) in part.section.iter().enumerate() {
            dated.push((section.date, format!("/part/{p}/section/{s}/date")));
        }
    }
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
            ("publisher", source.publisher.as_ref()),
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
