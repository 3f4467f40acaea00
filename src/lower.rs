//! Stage 3, lower: turn the checked model into the plain document the
//! template renders. Everything that needs counting is decided here, in
//! Rust, so it is testable and the template only lays out: paragraph
//! numbers, footnote numbers (first citation of a source creates a note,
//! later ones reuse its number), chapter numerals, the compliance rows with
//! evidence as paragraph numbers, and the tally.
//!
//! The result is serialised to JSON and handed to Typst as a virtual file;
//! no text from the submission ever becomes Typst source.

use std::collections::HashMap;

use indexmap::IndexMap;
use serde::Serialize;

use crate::load::Model;
use crate::model::{
    ChapterKind, Date, Language, Layout, RepeatedSources, Response, Status, SubmissionKind,
};
use crate::prose::{self, Block, Inline};

/// The document as the template sees it (`/data.json`).
#[derive(Debug, Serialize)]
pub struct Document {
    /// Title, State, language, review.
    pub meta: Meta,
    /// Unnumbered front matter.
    pub front: Front,
    /// Cases and sections with numbered paragraphs.
    pub chapters: Vec<ChapterOut>,
    /// The recommendations-compliance table, when the submission assesses any.
    pub compliance: Option<Compliance>,
    /// The organisation's own recommendations, numbered paragraphs.
    pub recommendations: Vec<Block>,
    /// Cited sources by key.
    pub sources: IndexMap<String, SourceOut>,
    /// The notes, in order: note `n` is `notes[n - 1]`.
    pub notes: Vec<NoteOut>,
    /// Number of notes.
    pub note_count: u32,
    /// Layout options.
    pub layout: Layout,
    /// Files to attach to the PDF (PDF/A-3), relative to the submission folder.
    pub attachments: Vec<String>,
    /// Number of numbered paragraphs.
    pub paragraph_count: u32,
}

/// Document metadata.
#[derive(Debug, Serialize)]
pub struct Meta {
    /// Title.
    pub title: String,
    /// State under review.
    pub state: String,
    /// Its ISO code.
    pub state_code: String,
    /// Language code.
    pub language: Language,
    /// Individual or joint.
    pub kind: SubmissionKind,
    /// Submission date.
    pub date: Date,
    /// UPR cycle.
    pub cycle: u32,
    /// Working Group session.
    pub session: u32,
    /// Session start and end, when given.
    pub session_start: Option<Date>,
    /// Session end.
    pub session_end: Option<Date>,
    /// Previous review's report symbol.
    pub previous_report: String,
    /// Previous review's session.
    pub previous_session: u32,
    /// Previous review's cycle.
    pub previous_cycle: u32,
    /// Names of the submitting organisations, for the PDF author field.
    pub authors: Vec<String>,
}

/// Unnumbered front matter.
#[derive(Debug, Serialize)]
pub struct Front {
    /// Key words.
    pub keywords: Vec<String>,
    /// The summary.
    pub summary: Vec<Block>,
    /// The organisations.
    pub organisations: Vec<OrganisationOut>,
}

/// An organisation as printed.
#[derive(Debug, Serialize)]
pub struct OrganisationOut {
    /// Name.
    pub name: String,
    /// Abbreviation.
    pub abbreviation: Option<String>,
    /// Year established.
    pub established: Option<i32>,
    /// Country.
    pub country: Option<String>,
    /// Website.
    pub website: Option<String>,
    /// About text.
    pub about: Vec<Block>,
}

/// A chapter as printed.
#[derive(Debug, Serialize)]
pub struct ChapterOut {
    /// Id (file stem or explicit).
    pub id: String,
    /// Roman numeral, "I", "II", …
    pub numeral: String,
    /// Case or section.
    pub kind: ChapterKind,
    /// Heading.
    pub title: String,
    /// Text before any part (or the whole text of a chapter without parts).
    pub blocks: Vec<Block>,
    /// Parts under sub-headings.
    pub parts: Vec<PartOut>,
    /// First and last paragraph numbers, if the chapter has numbered paragraphs.
    pub paragraphs: Option<(u32, u32)>,
}

/// A part as printed.
#[derive(Debug, Serialize)]
pub struct PartOut {
    /// "A", "B", …
    pub letter: String,
    /// Sub-heading.
    pub heading: String,
    /// Content.
    pub blocks: Vec<Block>,
}

/// The recommendations-compliance table.
#[derive(Debug, Serialize)]
pub struct Compliance {
    /// Report that numbers the recommendations.
    pub report: String,
    /// One row per assessed recommendation, in the report's order.
    pub rows: Vec<ComplianceRow>,
    /// Counts by status.
    pub tally: Tally,
    /// Notes under the table (lettered a, b, …), for citations in its cells.
    pub notes: Vec<NoteOut>,
}

/// One row of the compliance table.
#[derive(Debug, Serialize)]
pub struct ComplianceRow {
    /// "95.53".
    pub id: String,
    /// The recommendation's text.
    pub text: String,
    /// Recommending States.
    pub by: Vec<String>,
    /// The State's response.
    pub response: Response,
    /// The State's own claim.
    pub claim: Option<String>,
    /// The organisation's status.
    pub status: Status,
    /// The organisation's comment.
    pub comment: Vec<Block>,
    /// Evidence as paragraph ranges, e.g. "1–6, 14–20".
    pub evidence: String,
}

/// Counts of assessed recommendations by status.
#[derive(Debug, Default, Serialize, PartialEq, Eq)]
pub struct Tally {
    /// All assessed.
    pub total: usize,
    /// Implemented.
    pub implemented: usize,
    /// Partially implemented.
    pub partially_implemented: usize,
    /// Not implemented.
    pub not_implemented: usize,
    /// Unclear.
    pub unclear: usize,
}

/// A cited source.
#[derive(Debug, Serialize)]
pub struct SourceOut {
    /// Publisher.
    pub publisher: String,
    /// Title.
    pub title: Option<String>,
    /// Short title for short-form notes.
    pub short: Option<String>,
    /// Address.
    pub url: Option<String>,
    /// Date as printed.
    pub date: Option<String>,
}

/// One note: which source it cites and in which form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NoteOut {
    /// Key of the source.
    pub key: String,
    /// Full reference, "Ibid." or short form.
    pub form: NoteForm,
    /// For the short form: the note with the full reference.
    pub see: Option<u32>,
}

/// How a note refers to its source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum NoteForm {
    /// Publisher, title, date, address.
    Full,
    /// "Ibid.": the note just before cites the same source.
    Ibid,
    /// Publisher and short title, "(see note N)".
    Short,
}

/// Lowers a checked model. Assumes [`crate::check::check`] found no errors:
/// unknown citations and evidence are skipped rather than failing.
pub fn lower(model: &Model) -> Document {
    let submission = &model.submission.value;
    let mut notes = Notes::new(model, submission.layout.repeated_sources);
    let language = submission.submission.language;
    let parse = move |text: &str| {
        let mut blocks = prose::parse(text);
        place_marks(&mut blocks, language);
        blocks
    };
    let mut paragraphs = 0u32;

    let meta = Meta {
        title: submission.submission.title.clone(),
        state: submission.submission.state.clone(),
        state_code: submission.submission.state_code.clone(),
        language: submission.submission.language,
        kind: submission.submission.kind,
        date: submission.submission.date,
        cycle: submission.review.cycle,
        session: submission.review.session,
        session_start: submission.review.start,
        session_end: submission.review.end,
        previous_report: submission.previous.report.clone(),
        previous_session: submission.previous.session,
        previous_cycle: submission.previous.cycle,
        authors: submission
            .organisation
            .iter()
            .map(|o| o.name.clone())
            .collect(),
    };

    // Reading order: summary, organisations, chapters, compliance, recommendations.
    let summary = notes.resolve(parse(&submission.summary.text));
    let organisations = submission
        .organisation
        .iter()
        .map(|o| OrganisationOut {
            name: o.name.clone(),
            abbreviation: o.abbreviation.clone(),
            established: o.established,
            country: o.country.clone(),
            website: o.website.clone(),
            about: notes.resolve(o.about.as_deref().map(parse).unwrap_or_default()),
        })
        .collect();

    let mut chapters = Vec::new();
    for (index, chapter) in model.chapters.iter().enumerate() {
        let value = &chapter.file.value;
        let first = paragraphs + 1;
        let mut number_blocks = |text: &str, notes: &mut Notes| {
            let mut blocks = parse(text);
            for block in &mut blocks {
                if let Block::Para { number, .. } = block {
                    paragraphs += 1;
                    *number = Some(paragraphs);
                }
            }
            notes.resolve(blocks)
        };
        let blocks = value
            .text
            .as_deref()
            .map(|t| number_blocks(t, &mut notes))
            .unwrap_or_default();
        let parts = value
            .part
            .iter()
            .enumerate()
            .map(|(i, part)| PartOut {
                letter: letter(i),
                heading: part.heading.clone(),
                blocks: number_blocks(&part.text, &mut notes),
            })
            .collect();
        chapters.push(ChapterOut {
            id: chapter.id.clone(),
            numeral: roman(index + 1),
            kind: value.kind,
            title: value.title.clone(),
            blocks,
            parts,
            paragraphs: (paragraphs >= first).then_some((first, paragraphs)),
        });
    }

    let compliance = model.assessment.as_ref().map(|assessment| {
        let previous = &model.previous.value;
        let position: HashMap<&str, usize> = previous
            .recommendation
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.as_str(), i))
            .collect();
        let mut entries: Vec<_> = assessment
            .value
            .assessment
            .iter()
            .filter_map(|a| position.get(a.recommendation.as_str()).map(|&i| (i, a)))
            .collect();
        entries.sort_by_key(|(i, _)| *i);
        let mut tally = Tally::default();
        let rows = entries
            .into_iter()
            .map(|(i, entry)| {
                let recommendation = &previous.recommendation[i];
                tally.total += 1;
                match entry.status {
                    Status::Implemented => tally.implemented += 1,
                    Status::PartiallyImplemented => tally.partially_implemented += 1,
                    Status::NotImplemented => tally.not_implemented += 1,
                    Status::Unclear => tally.unclear += 1,
                }
                let ranges: Vec<(u32, u32)> = entry
                    .evidence
                    .iter()
                    .filter_map(|id| chapters.iter().find(|c| &c.id == id))
                    .filter_map(|c| c.paragraphs)
                    .collect();
                ComplianceRow {
                    id: recommendation.id.clone(),
                    text: recommendation.text.clone(),
                    by: recommendation.by.clone(),
                    response: recommendation.response,
                    claim: recommendation.claim.clone(),
                    status: entry.status,
                    comment: notes
                        .resolve_in_table(entry.comment.as_deref().map(parse).unwrap_or_default()),
                    evidence: format_ranges(ranges),
                }
            })
            .collect();
        Compliance {
            report: previous.report.clone(),
            rows,
            tally,
            notes: std::mem::take(&mut notes.table),
        }
    });

    let mut recommendations = Vec::new();
    for recommendation in &submission.recommendation {
        let mut blocks = parse(&recommendation.text);
        for block in &mut blocks {
            if let Block::Para { number, .. } = block {
                paragraphs += 1;
                *number = Some(paragraphs);
            }
        }
        recommendations.extend(notes.resolve(blocks));
    }

    // Only cited sources reach the template, in order of first citation.
    let mut sources = IndexMap::new();
    for note in notes
        .notes
        .iter()
        .chain(compliance.iter().flat_map(|c| &c.notes))
    {
        if let Some(s) = model.sources.value.get(&note.key) {
            sources
                .entry(note.key.clone())
                .or_insert_with(|| SourceOut {
                    publisher: s.publisher.clone(),
                    title: s.title.clone(),
                    short: s.short.clone(),
                    url: s.url.clone(),
                    date: s.date.clone(),
                });
        }
    }

    Document {
        meta,
        front: Front {
            keywords: submission.summary.keywords.clone(),
            summary,
            organisations,
        },
        chapters,
        compliance,
        recommendations,
        sources,
        note_count: notes.notes.len() as u32,
        notes: notes.notes,
        layout: submission.layout.clone(),
        attachments: Vec::new(),
        paragraph_count: paragraphs,
    }
}

/// Assigns notes to citations in reading order.
///
/// UN style (default): every citation is a new note. The first citation of a
/// source gives the full reference; a citation of the same source as the
/// note just before is "Ibid."; any other repeat is a short form pointing
/// back to the full note. With `same-number`, a repeat reuses the number of
/// the source's first note instead. Citations in the compliance table get
/// lettered table notes, which Ibid. never crosses.
struct Notes<'m> {
    model: &'m Model,
    style: RepeatedSources,
    /// Numbered notes (foot or end).
    notes: Vec<NoteOut>,
    /// The numbered note holding each source's full reference.
    full_note: HashMap<String, u32>,
    /// Notes of the table being lowered.
    table: Vec<NoteOut>,
}

impl<'m> Notes<'m> {
    fn new(model: &'m Model, style: RepeatedSources) -> Self {
        Notes {
            model,
            style,
            notes: Vec::new(),
            full_note: HashMap::new(),
            table: Vec::new(),
        }
    }

    fn resolve(&mut self, mut blocks: Vec<Block>) -> Vec<Block> {
        prose::visit_inlines_mut(&mut blocks, &mut |inline| {
            let Inline::Cite {
                key, note, first, ..
            } = inline
            else {
                return;
            };
            if !self.model.sources.value.contains_key(key.as_str()) {
                return;
            }
            match (self.full_note.get(key.as_str()), self.style) {
                (Some(&n), RepeatedSources::SameNumber) => {
                    *note = Some(n);
                    *first = false;
                }
                (Some(&full), RepeatedSources::Un) => {
                    let previous_is_same = self.notes.last().is_some_and(|last| &last.key == key);
                    let (form, see) = if previous_is_same {
                        (NoteForm::Ibid, None)
                    } else {
                        (NoteForm::Short, Some(full))
                    };
                    self.notes.push(NoteOut {
                        key: key.clone(),
                        form,
                        see,
                    });
                    *note = Some(self.notes.len() as u32);
                    *first = true;
                }
                (None, _) => {
                    self.notes.push(NoteOut {
                        key: key.clone(),
                        form: NoteForm::Full,
                        see: None,
                    });
                    let n = self.notes.len() as u32;
                    self.full_note.insert(key.clone(), n);
                    *note = Some(n);
                    *first = true;
                }
            }
        });
        blocks
    }

    fn resolve_in_table(&mut self, mut blocks: Vec<Block>) -> Vec<Block> {
        prose::visit_inlines_mut(&mut blocks, &mut |inline| {
            let Inline::Cite {
                key, table_note, ..
            } = inline
            else {
                return;
            };
            if !self.model.sources.value.contains_key(key.as_str()) {
                return;
            }
            // A source already noted in this table keeps its letter.
            if let Some(i) = self.table.iter().position(|n| &n.key == key) {
                *table_note = Some(i as u32 + 1);
                return;
            }
            let note = match self.full_note.get(key.as_str()) {
                Some(&full) => NoteOut {
                    key: key.clone(),
                    form: NoteForm::Short,
                    see: Some(full),
                },
                None => NoteOut {
                    key: key.clone(),
                    form: NoteForm::Full,
                    see: None,
                },
            };
            self.table.push(note);
            *table_note = Some(self.table.len() as u32);
        });
        blocks
    }
}

/// Puts note marks where the language wants them: after the punctuation in
/// English and Russian ("guard.¹"), before it in French and Spanish
/// ("garde¹."), whichever way the author typed it.
fn place_marks(blocks: &mut [Block], language: Language) {
    fn is_mark_punctuation(c: char) -> bool {
        matches!(c, '.' | ',' | ';' | ':')
    }
    fn inlines(items: &mut Vec<Inline>, before: bool) {
        let mut i = 0;
        while i < items.len() {
            let run_end = (i..items.len())
                .find(|&j| !matches!(items[j], Inline::Cite { .. }))
                .unwrap_or(items.len());
            if run_end > i && i > 0 {
                if before {
                    // "text." [marks] → "text" [marks] "."
                    if let Inline::Text { text } = &mut items[i - 1]
                        && let Some(p) = text.chars().last().filter(|&c| is_mark_punctuation(c))
                    {
                        text.pop();
                        match items.get_mut(run_end) {
                            Some(Inline::Text { text: next }) => next.insert(0, p),
                            _ => items.insert(
                                run_end,
                                Inline::Text {
                                    text: p.to_string(),
                                },
                            ),
                        }
                    }
                } else if let Some(Inline::Text { text: next }) = items.get_mut(run_end)
                    && let Some(p) = next.chars().next().filter(|&c| is_mark_punctuation(c))
                {
                    // "text" [marks] ". more" → "text." [marks] " more"
                    next.remove(0);
                    if let Inline::Text { text } = &mut items[i - 1] {
                        text.push(p);
                    }
                }
            }
            i = run_end.max(i + 1);
        }
        items.retain(|item| !matches!(item, Inline::Text { text } if text.is_empty()));
        for item in items.iter_mut() {
            if let Inline::Emph { content }
            | Inline::Strong { content }
            | Inline::Link { content, .. } = item
            {
                inlines(content, before);
            }
        }
    }
    let before = matches!(language, Language::Fr | Language::Es);
    for block in blocks {
        match block {
            Block::Para { content, .. } => inlines(content, before),
            Block::List { items, .. } => items
                .iter_mut()
                .for_each(|item| place_marks(item, language)),
            Block::Quote { blocks } => place_marks(blocks, language),
        }
    }
}

/// "1–6, 9, 14–20" from paragraph ranges, merged and sorted.
fn format_ranges(mut ranges: Vec<(u32, u32)>) -> String {
    ranges.sort();
    let mut merged: Vec<(u32, u32)> = Vec::new();
    for (start, end) in ranges {
        match merged.last_mut() {
            Some(last) if start <= last.1 + 1 => last.1 = last.1.max(end),
            _ => merged.push((start, end)),
        }
    }
    merged
        .iter()
        .map(|&(a, b)| {
            if a == b {
                a.to_string()
            } else {
                format!("{a}–{b}")
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Upper-case Roman numeral, as UN chapters are numbered.
pub fn roman(mut n: usize) -> String {
    const TABLE: [(usize, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (value, numeral) in TABLE {
        while n >= value {
            out.push_str(numeral);
            n -= value;
        }
    }
    out
}

/// "A", "B", … "Z", "AA", … for parts.
fn letter(index: usize) -> String {
    let mut n = index + 1;
    let mut out = Vec::new();
    while n > 0 {
        n -= 1;
        out.push(b'A' + (n % 26) as u8);
        n /= 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numerals_letters_and_ranges() {
        assert_eq!(roman(4), "IV");
        assert_eq!(roman(14), "XIV");
        assert_eq!(letter(0), "A");
        assert_eq!(letter(26), "AA");
        assert_eq!(
            format_ranges(vec![(14, 20), (1, 6), (7, 7), (30, 30)]),
            "1–7, 14–20, 30"
        );
        assert_eq!(format_ranges(vec![]), "");
    }
}
