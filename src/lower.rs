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

use crate::fields::ProseFields;
use crate::load::Model;
use crate::model::{
    ChapterKind, Date, Language, Layout, RepeatedSources, Response, Status, SubmissionKind,
};
use crate::numbering::{chapter_label, letter, table_letter};
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
    /// The organisation's own recommendations, when it makes any.
    pub recommendations: Option<RecommendationsOut>,
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
    /// Its label: "I.", "II.", …
    pub label: String,
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
    /// Its label: "A.", "B.", …
    pub label: String,
    /// Sub-heading.
    pub heading: String,
    /// Content.
    pub blocks: Vec<Block>,
}

/// The organisation's own recommendations: a chapter of numbered paragraphs.
#[derive(Debug, Serialize)]
pub struct RecommendationsOut {
    /// The chapter's label: "VII."
    pub label: String,
    /// The recommendations.
    pub blocks: Vec<Block>,
}

/// The recommendations-compliance table.
#[derive(Debug, Serialize)]
pub struct Compliance {
    /// The chapter's label: "VI."
    pub label: String,
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
    /// Evidence as paragraph ranges, e.g. ["1–6", "14–20"]: printed
    /// comma-separated, a range never broken across lines.
    pub evidence: Vec<String>,
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
    /// Its mark as printed: "13", or "a" under a table.
    pub label: String,
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
pub fn lower(model: &Model, fields: &ProseFields) -> Document {
    let submission = &model.submission;
    let mut lowering = Lowering {
        model,
        fields,
        language: submission.value.submission.language,
        notes: Notes::new(model, submission.value.layout.repeated_sources),
        paragraphs: 0,
    };
    // Reading order: summary, organisations, chapters, compliance, recommendations.
    let front = lowering.front();
    let chapters = lowering.chapters();
    let mut next_chapter = chapters.len() + 1;
    let compliance = lowering.compliance(&chapters, &mut next_chapter);
    let recommendations = lowering.recommendations(&mut next_chapter);
    let sources = lowering.cited_sources(compliance.as_ref());
    let notes = lowering.notes.notes;
    Document {
        meta: meta(model),
        front,
        chapters,
        compliance,
        recommendations,
        sources,
        note_count: notes.len() as u32,
        notes,
        layout: submission.value.layout.clone(),
        attachments: Vec::new(),
        paragraph_count: lowering.paragraphs,
    }
}

fn meta(model: &Model) -> Meta {
    let submission = &model.submission.value;
    Meta {
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
    }
}

/// The state of a lowering: what has been numbered so far.
struct Lowering<'m> {
    model: &'m Model,
    fields: &'m ProseFields,
    language: Language,
    notes: Notes<'m>,
    /// The last paragraph number given.
    paragraphs: u32,
}

impl Lowering<'_> {
    /// The parsed prose at `pointer` of `owner`, marks placed for the language.
    fn prose<T>(&self, owner: &crate::load::Loaded<T>, pointer: &str) -> Vec<Block> {
        let mut blocks = self.fields.blocks(owner, pointer);
        place_marks(&mut blocks, self.language);
        blocks
    }

    /// Unnumbered prose with its notes.
    fn unnumbered<T>(&mut self, owner: &crate::load::Loaded<T>, pointer: &str) -> Vec<Block> {
        let blocks = self.prose(owner, pointer);
        self.notes.resolve(blocks)
    }

    /// Body prose: every paragraph gets the next number, then its notes.
    fn numbered<T>(&mut self, owner: &crate::load::Loaded<T>, pointer: &str) -> Vec<Block> {
        let mut blocks = self.prose(owner, pointer);
        for block in &mut blocks {
            if let Block::Para { number, .. } = block {
                self.paragraphs += 1;
                *number = Some(self.paragraphs);
            }
        }
        self.notes.resolve(blocks)
    }

    fn front(&mut self) -> Front {
        let submission = &self.model.submission;
        let summary = self.unnumbered(submission, "/summary/text");
        let organisations = submission
            .value
            .organisation
            .iter()
            .enumerate()
            .map(|(i, o)| OrganisationOut {
                name: o.name.clone(),
                abbreviation: o.abbreviation.clone(),
                established: o.established,
                country: o.country.clone(),
                website: o.website.clone(),
                about: self.unnumbered(submission, &format!("/organisation/{i}/about")),
            })
            .collect();
        Front {
            keywords: submission.value.summary.keywords.clone(),
            summary,
            organisations,
        }
    }

    fn chapters(&mut self) -> Vec<ChapterOut> {
        let model = self.model;
        let mut chapters = Vec::new();
        for (index, chapter) in model.chapters.iter().enumerate() {
            let file = &chapter.file;
            let first = self.paragraphs + 1;
            let blocks = self.numbered(file, "/text");
            let parts = file
                .value
                .part
                .iter()
                .enumerate()
                .map(|(i, part)| PartOut {
                    label: format!("{}.", letter(i + 1)),
                    heading: part.heading.clone(),
                    blocks: self.numbered(file, &format!("/part/{i}/text")),
                })
                .collect();
            chapters.push(ChapterOut {
                id: chapter.id.clone(),
                label: chapter_label(index + 1),
                kind: file.value.kind,
                title: file.value.title.clone(),
                blocks,
                parts,
                paragraphs: (self.paragraphs >= first).then_some((first, self.paragraphs)),
            });
        }
        chapters
    }

    fn compliance(
        &mut self,
        chapters: &[ChapterOut],
        next_chapter: &mut usize,
    ) -> Option<Compliance> {
        let assessment = self.model.assessment.as_ref()?;
        let previous = &self.model.previous.value;
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
            .enumerate()
            .filter_map(|(k, a)| position.get(a.recommendation.as_str()).map(|&i| (i, k, a)))
            .collect();
        if entries.is_empty() {
            return None;
        }
        entries.sort_by_key(|(i, _, _)| *i);
        let mut tally = Tally::default();
        let mut rows = Vec::new();
        for (i, k, entry) in entries {
            let recommendation = &previous.recommendation[i];
            tally.count(entry.status);
            let ranges: Vec<(u32, u32)> = entry
                .evidence
                .iter()
                .filter_map(|id| chapters.iter().find(|c| &c.id == id))
                .filter_map(|c| c.paragraphs)
                .collect();
            let comment = self.prose(assessment, &format!("/assessment/{k}/comment"));
            rows.push(ComplianceRow {
                id: recommendation.id.clone(),
                text: recommendation.text.clone(),
                by: recommendation.by.clone(),
                response: recommendation.response,
                claim: recommendation.claim.clone(),
                status: entry.status,
                comment: self.notes.resolve_in_table(comment),
                evidence: format_ranges(ranges),
            });
        }
        let label = chapter_label(*next_chapter);
        *next_chapter += 1;
        Some(Compliance {
            label,
            report: previous.report.clone(),
            rows,
            tally,
            notes: std::mem::take(&mut self.notes.table),
        })
    }

    fn recommendations(&mut self, next_chapter: &mut usize) -> Option<RecommendationsOut> {
        let submission = &self.model.submission;
        if submission.value.recommendation.is_empty() {
            return None;
        }
        let mut blocks = Vec::new();
        for i in 0..submission.value.recommendation.len() {
            blocks.extend(self.numbered(submission, &format!("/recommendation/{i}/text")));
        }
        let label = chapter_label(*next_chapter);
        *next_chapter += 1;
        Some(RecommendationsOut { label, blocks })
    }

    /// Only cited sources reach the template, in order of first citation.
    fn cited_sources(&self, compliance: Option<&Compliance>) -> IndexMap<String, SourceOut> {
        let mut sources = IndexMap::new();
        for note in self
            .notes
            .notes
            .iter()
            .chain(compliance.iter().flat_map(|c| &c.notes))
        {
            if let Some(s) = self.model.sources.value.get(&note.key) {
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
        sources
    }
}

impl Tally {
    fn count(&mut self, status: Status) {
        self.total += 1;
        match status {
            Status::Implemented => self.implemented += 1,
            Status::PartiallyImplemented => self.partially_implemented += 1,
            Status::NotImplemented => self.not_implemented += 1,
            Status::Unclear => self.unclear += 1,
        }
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

    /// Adds a numbered note and returns its number.
    fn push(&mut self, key: &str, form: NoteForm, see: Option<u32>) -> u32 {
        let number = self.notes.len() as u32 + 1;
        self.notes.push(NoteOut {
            label: number.to_string(),
            key: key.to_string(),
            form,
            see,
        });
        number
    }

    fn resolve(&mut self, mut blocks: Vec<Block>) -> Vec<Block> {
        prose::visit_inlines_mut(&mut blocks, &mut |inline| {
            let Inline::Cite {
                key,
                note,
                first,
                mark,
                ..
            } = inline
            else {
                return;
            };
            if !self.model.sources.value.contains_key(key.as_str()) {
                return;
            }
            let (number, creates) = match (self.full_note.get(key.as_str()), self.style) {
                (Some(&n), RepeatedSources::SameNumber) => (n, false),
                (Some(&full), RepeatedSources::Un) => {
                    let previous_is_same = self.notes.last().is_some_and(|last| &last.key == key);
                    let (form, see) = if previous_is_same {
                        (NoteForm::Ibid, None)
                    } else {
                        (NoteForm::Short, Some(full))
                    };
                    (self.push(key, form, see), true)
                }
                (None, _) => {
                    let n = self.push(key, NoteForm::Full, None);
                    self.full_note.insert(key.clone(), n);
                    (n, true)
                }
            };
            *note = Some(number);
            *first = creates;
            *mark = Some(number.to_string());
        });
        blocks
    }

    fn resolve_in_table(&mut self, mut blocks: Vec<Block>) -> Vec<Block> {
        prose::visit_inlines_mut(&mut blocks, &mut |inline| {
            let Inline::Cite {
                key,
                mark,
                in_table,
                ..
            } = inline
            else {
                return;
            };
            if !self.model.sources.value.contains_key(key.as_str()) {
                return;
            }
            *in_table = true;
            // A source already noted in this table keeps its letter.
            if let Some(note) = self.table.iter().find(|n| &n.key == key) {
                *mark = Some(note.label.clone());
                return;
            }
            let (form, see) = match self.full_note.get(key.as_str()) {
                Some(&full) => (NoteForm::Short, Some(full)),
                None => (NoteForm::Full, None),
            };
            let label = table_letter(self.table.len() + 1);
            *mark = Some(label.clone());
            self.table.push(NoteOut {
                label,
                key: key.clone(),
                form,
                see,
            });
        });
        blocks
    }
}

/// Puts note marks where the language wants them: after the punctuation in
/// English and Russian ("guard.¹"), before it in French and Spanish
/// ("garde¹."), whichever way the author typed it. Punctuation is only ever
/// moved across the marks, never dropped: when the neighbour on the other
/// side is not plain text (emphasis, a link, code), it gets a text run of
/// its own.
fn place_marks(blocks: &mut [Block], language: Language) {
    let before = matches!(language, Language::Fr | Language::Es);
    for block in blocks {
        match block {
            Block::Para { content, .. } => place_marks_in(content, before),
            Block::List { items, .. } => items
                .iter_mut()
                .for_each(|item| place_marks(item, language)),
            Block::Quote { blocks } => place_marks(blocks, language),
        }
    }
}

fn place_marks_in(items: &mut Vec<Inline>, before: bool) {
    fn is_mark_punctuation(c: char) -> bool {
        matches!(c, '.' | ',' | ';' | ':')
    }
    let is_cite = |item: &Inline| matches!(item, Inline::Cite { .. });
    let mut i = 0;
    while i < items.len() {
        if !is_cite(&items[i]) {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = (start..items.len())
            .find(|&j| !is_cite(&items[j]))
            .unwrap_or(items.len());
        if start > 0 {
            if before {
                // "text." [marks] → "text" [marks] "."
                if let Inline::Text { text } = &mut items[start - 1]
                    && let Some(p) = text.chars().last().filter(|&c| is_mark_punctuation(c))
                {
                    text.pop();
                    match items.get_mut(end) {
                        Some(Inline::Text { text: next }) => next.insert(0, p),
                        _ => items.insert(end, Inline::Text { text: p.into() }),
                    }
                }
            } else if let Some(Inline::Text { text: next }) = items.get_mut(end)
                && let Some(p) = next.chars().next().filter(|&c| is_mark_punctuation(c))
            {
                // "text" [marks] ". more" → "text." [marks] " more"
                next.remove(0);
                match &mut items[start - 1] {
                    Inline::Text { text } => text.push(p),
                    _ => {
                        items.insert(start, Inline::Text { text: p.into() });
                        end += 1;
                    }
                }
            }
        }
        i = end;
    }
    items.retain(|item| !matches!(item, Inline::Text { text } if text.is_empty()));
    for item in items.iter_mut() {
        if let Inline::Emph { content }
        | Inline::Strong { content }
        | Inline::Link { content, .. } = item
        {
            place_marks_in(content, before);
        }
    }
}

/// ["1–6", "9", "14–20"] from paragraph ranges, merged and sorted.
fn format_ranges(mut ranges: Vec<(u32, u32)>) -> Vec<String> {
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
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_merge_and_sort() {
        assert_eq!(
            format_ranges(vec![(14, 20), (1, 6), (7, 7), (30, 30)]),
            ["1–7", "14–20", "30"]
        );
        assert!(format_ranges(vec![]).is_empty());
    }

    fn marks_placed(markdown: &str, language: Language) -> String {
        let mut blocks = prose::parse(markdown);
        place_marks(&mut blocks, language);
        let mut out = String::new();
        prose::visit_inlines(&blocks, &mut |inline| match inline {
            Inline::Text { text } | Inline::Code { text } => out.push_str(text),
            Inline::Cite { key, .. } => out.push_str(&format!("[{key}]")),
            _ => {}
        });
        out
    }

    #[test]
    fn punctuation_moves_across_marks_and_is_never_lost() {
        // After emphasis, strong, a link or code the punctuation moves too.
        for (typed, english, french) in [
            (
                "was *quickly*[^k]. Then",
                "was quickly.[k] Then",
                "was quickly[k]. Then",
            ),
            (
                "was **held**[^k], then",
                "was held,[k] then",
                "was held[k], then",
            ),
            (
                "see [here](https://x.org)[^k]; then",
                "see here;[k] then",
                "see here[k]; then",
            ),
            (
                "see `code`[^k]: then",
                "see code:[k] then",
                "see code[k]: then",
            ),
            (
                "was held.[^k][^j] Then",
                "was held.[k][j] Then",
                "was held[k][j]. Then",
            ),
            (
                "was held[^k][^j]. Then",
                "was held.[k][j] Then",
                "was held[k][j]. Then",
            ),
        ] {
            assert_eq!(marks_placed(typed, Language::En), english, "{typed}");
            assert_eq!(marks_placed(typed, Language::Ru), english, "{typed}");
            assert_eq!(marks_placed(typed, Language::Fr), french, "{typed}");
            assert_eq!(marks_placed(typed, Language::Es), french, "{typed}");
        }
    }
}
