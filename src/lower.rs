//! Stage 3, lower: turn the checked model into the plain document the
//! template renders. Everything that needs counting is decided here, in
//! Rust, so it is testable and the template only lays out: paragraph
//! numbers, notes (numbers and text, see [`crate::notes`]), chapter, part,
//! section and list labels, the compliance rows with evidence as paragraph
//! numbers, and the tally.
//!
//! The result is serialised to JSON and handed to Typst as a virtual file;
//! no text from the submission ever becomes Typst source.

use std::collections::HashMap;

use serde::Serialize;

use crate::fields::ProseFields;
use crate::lang::{self, Words};
use crate::load::{Chapter, Loaded, Model};
use crate::model::{
    ChapterKind, ChapterRecommendations, Date, Language, Layout, NewRecommendation, Response,
    Status, SubmissionKind, heading_id,
};
use crate::notes::{NoteOut, Notes};
use crate::numbering::{chapter_label, letter, roman};
use crate::prose::{self, Block, Inline};

/// The document as the template sees it (`/data.json`).
#[derive(Debug, Serialize)]
pub struct Document {
    /// Title, State, language, review.
    pub meta: Meta,
    /// Unnumbered front matter.
    pub front: Front,
    /// The numbered chapters in print order: cases and sections, with the
    /// compliance table and the closing recommendations where they belong.
    pub body: Vec<BodyItem>,
    /// Unnumbered annexes, after the body.
    pub annexes: Vec<ChapterOut>,
    /// People to contact, printed at the end.
    pub contacts: Vec<ContactOut>,
    /// The numbered notes, in order: note `n` is `notes[n - 1]`.
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

/// One chapter of the body (tagged `item`: a chapter has a `kind` of its own).
#[derive(Debug, Serialize)]
#[serde(tag = "item", rename_all = "lowercase")]
pub enum BodyItem {
    /// A case or thematic section.
    Chapter(ChapterOut),
    /// The recommendations-compliance table.
    Compliance(Compliance),
    /// The closing list of the organisation's recommendations.
    Recommendations(RecommendationsOut),
}

impl Document {
    /// The cases and sections, in print order.
    pub fn chapters(&self) -> impl Iterator<Item = &ChapterOut> {
        self.body.iter().filter_map(|item| match item {
            BodyItem::Chapter(chapter) => Some(chapter),
            _ => None,
        })
    }

    /// The compliance table, if there is one.
    pub fn compliance(&self) -> Option<&Compliance> {
        self.body.iter().find_map(|item| match item {
            BodyItem::Compliance(compliance) => Some(compliance),
            _ => None,
        })
    }

    /// The closing list of recommendations, if there is one.
    pub fn recommendations(&self) -> Option<&RecommendationsOut> {
        self.body.iter().find_map(|item| match item {
            BodyItem::Recommendations(list) => Some(list),
            _ => None,
        })
    }
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
    /// The organisation's reference number, if any.
    pub reference: Option<String>,
    /// A running head chosen by the user, if any.
    pub running_head: Option<String>,
}

/// Unnumbered front matter.
#[derive(Debug, Serialize)]
pub struct Front {
    /// Key words.
    pub keywords: Vec<String>,
    /// The summary, if the submission has one.
    pub summary: Option<Vec<Block>>,
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
    /// The logo, as the template reads it (`/submission/<path>`).
    pub logo: Option<String>,
    /// A coalition's members.
    pub members: Vec<String>,
}

/// A contact person as printed.
#[derive(Debug, Serialize)]
pub struct ContactOut {
    /// Name.
    pub name: String,
    /// Role, organisation, e-mail and telephone, as given.
    pub details: Vec<String>,
    /// The e-mail address, for a link.
    pub email: Option<String>,
}

/// A chapter as printed.
#[derive(Debug, Serialize)]
pub struct ChapterOut {
    /// Id (file stem or explicit).
    pub id: String,
    /// Its label: "I.", "II.", …, or "Annex" / "Annex I" for an annex.
    pub label: String,
    /// Case, section or annex.
    pub kind: ChapterKind,
    /// Heading.
    pub title: String,
    /// A note on the heading (the recommendations it concerns), if any.
    pub title_note: Option<Inline>,
    /// Text before any part (or the whole text of a chapter without parts).
    pub blocks: Vec<Block>,
    /// Parts under sub-headings.
    pub parts: Vec<PartOut>,
    /// The organisation's recommendations at the chapter's end.
    pub closing: Vec<Block>,
    /// First and last paragraph numbers, if the chapter has numbered paragraphs.
    pub paragraphs: Option<(u32, u32)>,
}

/// A part as printed.
#[derive(Debug, Serialize)]
pub struct PartOut {
    /// Id, for evidence (`chapter#id`).
    pub id: String,
    /// Its label: "A.", "B.", …
    pub label: String,
    /// Sub-heading.
    pub heading: String,
    /// A note on the heading, if any.
    pub heading_note: Option<Inline>,
    /// Text before the sections.
    pub blocks: Vec<Block>,
    /// Numbered sections.
    pub sections: Vec<SectionOut>,
    /// The organisation's recommendations at the part's end.
    pub closing: Vec<Block>,
    /// First and last paragraph numbers.
    pub paragraphs: Option<(u32, u32)>,
}

/// A section of a part as printed.
#[derive(Debug, Serialize)]
pub struct SectionOut {
    /// Id, for evidence (`chapter#id`).
    pub id: String,
    /// Its label: "1.", "2.", …
    pub label: String,
    /// Sub-heading.
    pub heading: String,
    /// A note on the heading, if any.
    pub heading_note: Option<Inline>,
    /// Text, recommendations included.
    pub blocks: Vec<Block>,
    /// First and last paragraph numbers.
    pub paragraphs: Option<(u32, u32)>,
}

/// The organisation's closing recommendations: a chapter of numbered paragraphs.
#[derive(Debug, Serialize)]
pub struct RecommendationsOut {
    /// The chapter's label: "VII."
    pub label: String,
    /// Its title.
    pub title: String,
    /// The introduction, the theme sub-headings and the recommendations.
    pub blocks: Vec<Block>,
}

/// The recommendations-compliance table.
#[derive(Debug, Serialize)]
pub struct Compliance {
    /// The chapter's label: "VI."
    pub label: String,
    /// Report that numbers the recommendations.
    pub report: String,
    /// One row per assessment (a recommendation or a cluster), in the report's order.
    pub rows: Vec<ComplianceRow>,
    /// Counts of assessed recommendations by status.
    pub tally: Tally,
    /// Notes under the table (lettered a, b, …): citations in its cells and
    /// the State's claims.
    pub notes: Vec<NoteOut>,
}

/// One row of the compliance table: one recommendation, or a cluster.
#[derive(Debug, Serialize)]
pub struct ComplianceRow {
    /// The ids as printed: "95.53", or "115.94–115.100, 115.161".
    pub label: String,
    /// Every recommendation of the row, in the report's order.
    pub recommendations: Vec<RecommendationOut>,
    /// Recommending States, each once, in order of appearance.
    pub by: Vec<String>,
    /// The State's responses: one entry when all agree, else one per response.
    pub responses: Vec<ResponseOut>,
    /// Letter of the table note holding the State's own claim, if it made one.
    pub claim: Option<String>,
    /// The theme it is grouped under, with `[layout] compliance_by_theme`.
    pub theme: Option<String>,
    /// The organisation's status.
    pub status: Status,
    /// The organisation's comment.
    pub comment: Vec<Block>,
    /// Evidence as paragraph ranges, e.g. ["1–6", "14–20"]: printed
    /// comma-separated, a range never broken across lines.
    pub evidence: Vec<String>,
}

/// A previous recommendation as a row shows it.
#[derive(Debug, Serialize)]
pub struct RecommendationOut {
    /// "95.53".
    pub id: String,
    /// Its text.
    pub text: String,
    /// Its recommending States.
    pub by: Vec<String>,
    /// The State's response.
    pub response: Response,
}

/// One response of the State, and which of a cluster's ids it applies to.
#[derive(Debug, Serialize)]
pub struct ResponseOut {
    /// The response.
    pub response: Response,
    /// The ids it applies to ("115.94–115.99"), or empty when it applies to all.
    pub ids: String,
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

/// Lowers a checked model. Assumes [`crate::check::check`] found no errors:
/// unknown citations and evidence are skipped rather than failing.
pub fn lower(model: &Model, fields: &ProseFields) -> Document {
    let submission = &model.submission.value;
    let words = lang::words(submission.submission.language);
    let mut lowering = Lowering {
        model,
        fields,
        words,
        notes: Notes::new(
            &model.sources.value,
            words,
            submission.layout.repeated_sources,
        ),
        paragraphs: 0,
        previous_order: model
            .previous
            .value
            .recommendation
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.as_str(), i))
            .collect(),
    };
    let front = lowering.front();
    let body = lowering.body();
    let annexes = lowering.annexes();
    let notes = std::mem::take(&mut lowering.notes.numbered);
    Document {
        meta: meta(model),
        front,
        body,
        annexes,
        contacts: contacts(model),
        note_count: notes.len() as u32,
        notes,
        layout: submission.layout.clone(),
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
        reference: submission.submission.reference.clone(),
        running_head: submission.submission.running_head.clone(),
    }
}

fn contacts(model: &Model) -> Vec<ContactOut> {
    model
        .submission
        .value
        .contact
        .iter()
        .map(|c| ContactOut {
            name: c.name.clone(),
            details: [&c.role, &c.organisation, &c.email, &c.phone]
                .into_iter()
                .flatten()
                .cloned()
                .collect(),
            email: c.email.clone(),
        })
        .collect()
}

/// The state of a lowering: what has been numbered so far.
struct Lowering<'m> {
    model: &'m Model,
    fields: &'m ProseFields,
    words: &'static Words,
    notes: Notes<'m>,
    /// The last paragraph number given.
    paragraphs: u32,
    /// Position of each previous recommendation in its report.
    previous_order: HashMap<&'m str, usize>,
}

impl<'m> Lowering<'m> {
    /// The parsed prose at `pointer` of `owner`, marks placed and lists labelled.
    fn prose<T>(&self, owner: &Loaded<T>, pointer: &str) -> Vec<Block> {
        let mut blocks = self.fields.blocks(owner, pointer);
        place_marks(&mut blocks, self.model.submission.value.submission.language);
        label_lists(&mut blocks, 0);
        blocks
    }

    /// Unnumbered prose with its notes.
    fn unnumbered<T>(&mut self, owner: &Loaded<T>, pointer: &str) -> Vec<Block> {
        let blocks = self.prose(owner, pointer);
        self.notes.resolve(blocks)
    }

    /// Body prose: every paragraph gets the next number, then its notes.
    fn numbered<T>(&mut self, owner: &Loaded<T>, pointer: &str) -> Vec<Block> {
        let blocks = self.prose(owner, pointer);
        self.number(blocks)
    }

    fn number(&mut self, mut blocks: Vec<Block>) -> Vec<Block> {
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
        let summary = submission
            .value
            .summary
            .as_ref()
            .map(|_| self.unnumbered(submission, "/summary/text"));
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
                logo: o.logo.as_ref().map(|path| format!("/submission/{path}")),
                members: o.members.clone(),
            })
            .collect();
        Front {
            keywords: submission
                .value
                .summary
                .as_ref()
                .map(|s| s.keywords.clone())
                .unwrap_or_default(),
            summary,
            organisations,
        }
    }

    /// The numbered chapters, the compliance table and the closing list, in
    /// print order: the table and the list go before the chapter the list
    /// names in `before`, else after the last chapter.
    fn body(&mut self) -> Vec<BodyItem> {
        let model = self.model;
        let before = model.submission.value.recommendation_list.before.as_deref();
        let numbered: Vec<&Chapter> = model
            .chapters
            .iter()
            .filter(|c| c.file.value.kind != ChapterKind::Annex)
            .collect();
        let split = before
            .and_then(|id| numbered.iter().position(|c| c.id == id))
            .unwrap_or(numbered.len());
        let mut body = Vec::new();
        for chapter in &numbered[..split] {
            body.push(BodyItem::Chapter(self.chapter(chapter, String::new())));
        }
        // The table's evidence may name chapters printed after it: their
        // paragraph numbers are filled in once every chapter is numbered.
        let mut evidence = Vec::new();
        if let Some((compliance, targets)) = self.compliance() {
            body.push(BodyItem::Compliance(compliance));
            evidence = targets;
        }
        if let Some(list) = self.closing_list() {
            body.push(BodyItem::Recommendations(list));
        }
        for chapter in &numbered[split..] {
            body.push(BodyItem::Chapter(self.chapter(chapter, String::new())));
        }
        let ranges = evidence_targets(&body);
        for item in &mut body {
            if let BodyItem::Compliance(compliance) = item {
                for (row, targets) in compliance.rows.iter_mut().zip(&evidence) {
                    row.evidence = format_ranges(
                        targets
                            .iter()
                            .filter_map(|t| ranges.get(t.as_str()).copied().flatten())
                            .collect(),
                    );
                }
            }
        }
        // Labels follow print order: the table and the list may sit between chapters.
        for (i, item) in body.iter_mut().enumerate() {
            let label = chapter_label(i + 1);
            match item {
                BodyItem::Chapter(c) => c.label = label,
                BodyItem::Compliance(c) => c.label = label,
                BodyItem::Recommendations(r) => r.label = label,
            }
        }
        body
    }

    fn annexes(&mut self) -> Vec<ChapterOut> {
        let model = self.model;
        let annexes: Vec<&Chapter> = model
            .chapters
            .iter()
            .filter(|c| c.file.value.kind == ChapterKind::Annex)
            .collect();
        let several = annexes.len() > 1;
        annexes
            .into_iter()
            .enumerate()
            .map(|(i, chapter)| {
                let label = if several {
                    format!("{} {}", self.annex_word(), roman(i + 1))
                } else {
                    self.annex_word().to_string()
                };
                self.chapter(chapter, label)
            })
            .collect()
    }

    fn annex_word(&self) -> &'static str {
        match self.model.submission.value.submission.language {
            Language::En => "Annex",
            Language::Fr => "Annexe",
            Language::Es => "Anexo",
            Language::Ru => "Приложение",
        }
    }

    fn chapter(&mut self, chapter: &Chapter, label: String) -> ChapterOut {
        let file = &chapter.file;
        let value = &file.value;
        let annex = value.kind == ChapterKind::Annex;
        // An annex's paragraphs are not numbered.
        let paragraphs_before = self.paragraphs;
        let title_note = self.recommendations_note(&value.recommendations);
        let blocks = self.text(file, "/text", annex);
        let mut parts = Vec::new();
        for (p, part) in value.part.iter().enumerate() {
            let first = self.paragraphs + 1;
            let heading_note = self.recommendations_note(&part.recommendations);
            let base = format!("/part/{p}");
            let blocks = self.text(file, &format!("{base}/text"), annex);
            let mut sections = Vec::new();
            for (s, section) in part.section.iter().enumerate() {
                let first = self.paragraphs + 1;
                let heading_note = self.recommendations_note(&section.recommendations);
                let pointer = format!("{base}/section/{s}");
                let mut blocks = self.text(file, &format!("{pointer}/text"), annex);
                blocks.extend(self.own_recommendations(
                    file,
                    &pointer,
                    &section.recommendation,
                    section.recommendation_intro.is_some(),
                ));
                sections.push(SectionOut {
                    id: section
                        .id
                        .clone()
                        .unwrap_or_else(|| heading_id(&section.heading)),
                    label: format!("{}.", s + 1),
                    heading: section.heading.clone(),
                    heading_note,
                    blocks,
                    paragraphs: self.range_since(first),
                });
            }
            let closing = self.own_recommendations(
                file,
                &base,
                &part.recommendation,
                part.recommendation_intro.is_some(),
            );
            parts.push(PartOut {
                id: part.id.clone().unwrap_or_else(|| heading_id(&part.heading)),
                label: format!("{}.", letter(p + 1)),
                heading: part.heading.clone(),
                heading_note,
                blocks,
                sections,
                closing,
                paragraphs: self.range_since(first),
            });
        }
        let closing = self.own_recommendations(
            file,
            "",
            &value.recommendation,
            value.recommendation_intro.is_some(),
        );
        ChapterOut {
            id: chapter.id.clone(),
            label,
            kind: value.kind,
            title: value.title.clone(),
            title_note,
            blocks,
            parts,
            closing,
            paragraphs: self.range_since(paragraphs_before + 1),
        }
    }

    /// Text of a chapter, part or section: numbered, except in an annex.
    fn text<T>(&mut self, owner: &Loaded<T>, pointer: &str, annex: bool) -> Vec<Block> {
        if annex {
            self.unnumbered(owner, pointer)
        } else {
            self.numbered(owner, pointer)
        }
    }

    fn range_since(&self, first: u32) -> Option<(u32, u32)> {
        (self.paragraphs >= first).then_some((first, self.paragraphs))
    }

    /// The organisation's recommendations at the end of a chapter, part or
    /// section (`base` is its pointer): a numbered paragraph introducing
    /// them, then the recommendations as lettered items.
    fn own_recommendations<T>(
        &mut self,
        owner: &Loaded<T>,
        base: &str,
        recommendations: &[NewRecommendation],
        has_intro: bool,
    ) -> Vec<Block> {
        if recommendations.is_empty() {
            return Vec::new();
        }
        let intro = if has_intro {
            self.prose(owner, &format!("{base}/recommendation_intro"))
        } else {
            let state = &self.model.submission.value.submission.state;
            prose::parse(&self.words.recommend.replace("{state}", state))
        };
        let mut blocks = self.number(intro);
        let items: Vec<Vec<Block>> = (0..recommendations.len())
            .map(|i| {
                let item = self.prose(owner, &format!("{base}/recommendation/{i}/text"));
                self.notes.resolve(item)
            })
            .collect();
        blocks.push(Block::List {
            start: Some(1),
            labels: (1..=items.len())
                .map(|n| format!("({})", letter(n).to_lowercase()))
                .collect(),
            items,
        });
        blocks
    }

    /// With `[layout] recommendations_note`, a note on a heading listing the
    /// previous recommendations its text concerns.
    fn recommendations_note(&mut self, concerned: &ChapterRecommendations) -> Option<Inline> {
        let submission = &self.model.submission.value;
        if !submission.layout.recommendations_note {
            return None;
        }
        let report = &submission.previous.report;
        let concerned = crate::check::concerned_ids(concerned, report, &self.model.previous.value);
        let ids: Vec<&str> = concerned.iter().map(|(_, id)| id.as_str()).collect();
        if ids.is_empty() {
            return None;
        }
        let paras = if ids.len() == 1 {
            self.words.para.0
        } else {
            self.words.para.1
        };
        let list = self.compress_ids(&ids, self.words.and);
        let text = self
            .words
            .relevant_recommendations
            .replace("{report}", report)
            .replace("{paras}", &format!("{paras} {list}"));
        let mut note = vec![Inline::note(vec![Inline::Text { text }], false)];
        self.notes.resolve_inlines(&mut note);
        note.pop()
    }

    /// "115.44–115.47 and 115.52", as [`crate::numbering::compress_ids`] writes them.
    fn compress_ids(&self, ids: &[&str], and: &str) -> String {
        crate::numbering::compress_ids(ids, &self.previous_order, and)
    }

    /// The compliance table, and each row's evidence as written (for
    /// [`Lowering::body`] to turn into paragraph numbers).
    fn compliance(&mut self) -> Option<(Compliance, Vec<Vec<String>>)> {
        let assessment = self.model.assessment.as_ref()?;
        let previous = &self.model.previous.value;
        let mut rows: Vec<(usize, ComplianceRow, Vec<String>)> = Vec::new();
        let mut tally = Tally::default();
        // Rows in the report's order, so table notes are lettered down the table.
        let mut entries: Vec<(usize, usize, Recommended<'_>)> = Vec::new();
        for (k, entry) in assessment.value.assessment.iter().enumerate() {
            let ids = crate::check::expand_ids(&entry.recommendation, previous);
            let mut recommendations: Vec<(usize, &crate::model::PreviousRecommendation)> = ids
                .iter()
                .filter_map(|id| {
                    let &i = self.previous_order.get(id.as_str())?;
                    Some((i, &previous.recommendation[i]))
                })
                .collect();
            recommendations.sort_by_key(|(i, _)| *i);
            recommendations.dedup_by_key(|(i, _)| *i);
            if let Some(&(first, _)) = recommendations.first() {
                entries.push((first, k, recommendations));
            }
        }
        // With themes, OHCHR's order: by theme (in order of first appearance), then number.
        let by_theme = self.model.submission.value.layout.compliance_by_theme;
        let theme_of = |recommendations: &Recommended<'_>| {
            recommendations
                .first()
                .and_then(|(_, r)| r.themes.first().cloned())
                .filter(|_| by_theme)
        };
        let mut theme_order: Vec<String> = Vec::new();
        for recommendation in &previous.recommendation {
            if let Some(theme) = recommendation.themes.first()
                && !theme_order.contains(theme)
            {
                theme_order.push(theme.clone());
            }
        }
        entries.sort_by_key(|(first, _, recommendations)| {
            let theme = theme_of(recommendations);
            (
                theme.and_then(|t| theme_order.iter().position(|o| *o == t)),
                *first,
            )
        });
        for (first, k, recommendations) in entries {
            let entry = &assessment.value.assessment[k];
            let theme = theme_of(&recommendations);
            for _ in &recommendations {
                tally.count(entry.status);
            }
            let id_list: Vec<&str> = recommendations.iter().map(|(_, r)| r.id.as_str()).collect();
            let mut by: Vec<String> = Vec::new();
            for (_, r) in &recommendations {
                for state in &r.by {
                    if !by.contains(state) {
                        by.push(state.clone());
                    }
                }
            }
            let responses = self.responses(&recommendations);
            let claims: Vec<&str> = {
                let mut claims: Vec<&str> = Vec::new();
                for (_, r) in &recommendations {
                    if let Some(claim) = r.claim.as_deref()
                        && !claims.contains(&claim)
                    {
                        claims.push(claim);
                    }
                }
                claims
            };
            let comment = self.prose(assessment, &format!("/assessment/{k}/comment"));
            let comment = self.notes.resolve_in_table(comment);
            let claim = (!claims.is_empty()).then(|| {
                let text = self.words.claim.replace("{claim}", &claims.join(" "));
                self.notes
                    .table_note(vec![Inline::Text { text }], Vec::new())
            });
            rows.push((
                first,
                ComplianceRow {
                    label: self.compress_ids(&id_list, ""),
                    recommendations: recommendations
                        .iter()
                        .map(|(_, r)| RecommendationOut {
                            id: r.id.clone(),
                            text: r.text.clone(),
                            by: r.by.clone(),
                            response: r.response,
                        })
                        .collect(),
                    by,
                    responses,
                    claim,
                    theme,
                    status: entry.status,
                    comment,
                    evidence: Vec::new(),
                },
                entry.evidence.clone(),
            ));
        }
        if rows.is_empty() {
            self.notes.take_table();
            return None;
        }
        let (rows, targets): (Vec<ComplianceRow>, Vec<Vec<String>>) = rows
            .into_iter()
            .map(|(_, row, targets)| (row, targets))
            .unzip();
        let compliance = Compliance {
            label: String::new(),
            report: previous.report.clone(),
            rows,
            tally,
            notes: self.notes.take_table(),
        };
        Some((compliance, targets))
    }

    fn responses(
        &self,
        recommendations: &[(usize, &crate::model::PreviousRecommendation)],
    ) -> Vec<ResponseOut> {
        let mut kinds: Vec<Response> = recommendations.iter().map(|(_, r)| r.response).collect();
        kinds.dedup();
        let mut distinct: Vec<Response> = Vec::new();
        for kind in kinds {
            if !distinct.contains(&kind) {
                distinct.push(kind);
            }
        }
        if distinct.len() <= 1 {
            return distinct
                .into_iter()
                .map(|response| ResponseOut {
                    response,
                    ids: String::new(),
                })
                .collect();
        }
        distinct
            .into_iter()
            .map(|response| {
                let ids: Vec<&str> = recommendations
                    .iter()
                    .filter(|(_, r)| r.response == response)
                    .map(|(_, r)| r.id.as_str())
                    .collect();
                ResponseOut {
                    response,
                    ids: self.compress_ids(&ids, ""),
                }
            })
            .collect()
    }

    /// The closing list: an optional numbered introduction, then one
    /// numbered paragraph per recommendation, under theme sub-headings when
    /// the recommendations have themes.
    fn closing_list(&mut self) -> Option<RecommendationsOut> {
        let submission = &self.model.submission;
        let list = &submission.value.recommendation;
        if list.is_empty() {
            return None;
        }
        let settings = &submission.value.recommendation_list;
        let mut blocks = Vec::new();
        if settings.intro.is_some() {
            blocks.extend(self.numbered(submission, "/recommendation_list/intro"));
        }
        // Themes in order of first appearance; the unthemed first.
        let mut themes: Vec<Option<&str>> = Vec::new();
        for recommendation in list {
            let theme = recommendation.theme.as_deref();
            if !themes.contains(&theme) {
                themes.push(theme);
            }
        }
        themes.sort_by_key(Option::is_some);
        for theme in themes {
            if let Some(theme) = theme {
                blocks.push(Block::Heading {
                    content: vec![Inline::Text {
                        text: theme.to_string(),
                    }],
                });
            }
            for (i, recommendation) in list.iter().enumerate() {
                if recommendation.theme.as_deref() == theme {
                    blocks.extend(self.numbered(submission, &format!("/recommendation/{i}/text")));
                }
            }
        }
        Some(RecommendationsOut {
            label: String::new(),
            title: settings
                .title
                .clone()
                .unwrap_or_else(|| self.words.recommendations.to_string()),
            blocks,
        })
    }
}

/// Previous recommendations with their positions in the report.
type Recommended<'m> = Vec<(usize, &'m crate::model::PreviousRecommendation)>;

/// Paragraph ranges of everything evidence may name: `chapter`,
/// `chapter#part`, `chapter#section`.
fn evidence_targets(body: &[BodyItem]) -> HashMap<String, Option<(u32, u32)>> {
    let mut targets = HashMap::new();
    for item in body {
        let BodyItem::Chapter(chapter) = item else {
            continue;
        };
        targets.insert(chapter.id.clone(), chapter.paragraphs);
        for part in &chapter.parts {
            targets.insert(format!("{}#{}", chapter.id, part.id), part.paragraphs);
            for section in &part.sections {
                targets.insert(format!("{}#{}", chapter.id, section.id), section.paragraphs);
            }
        }
    }
    targets
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

/// Labels every list item as UN documents do: "(a)", "(b)" for numbered
/// lists, "(i)", "(ii)" for numbered lists inside them, "–" for bullets.
fn label_lists(blocks: &mut [Block], depth: usize) {
    for block in blocks {
        match block {
            Block::List {
                start,
                labels,
                items,
            } => {
                *labels = (0..items.len())
                    .map(|i| match start {
                        None => "–".to_string(),
                        Some(first) => {
                            let n = *first as usize + i;
                            if depth == 0 {
                                format!("({})", letter(n.max(1)).to_lowercase())
                            } else {
                                format!("({})", roman(n.max(1)).to_lowercase())
                            }
                        }
                    })
                    .collect();
                let nested = depth + usize::from(start.is_some());
                for item in items {
                    label_lists(item, nested);
                }
            }
            Block::Quote { blocks } => label_lists(blocks, depth),
            _ => {}
        }
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
            Block::Para { content, .. } | Block::Heading { content } => {
                place_marks_in(content, before)
            }
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
    let is_mark = |item: &Inline| matches!(item, Inline::Note { .. });
    let mut i = 0;
    while i < items.len() {
        if !is_mark(&items[i]) {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = (start..items.len())
            .find(|&j| !is_mark(&items[j]))
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
        for block in &blocks {
            if let Block::Para { content, .. } = block {
                walk(content, &mut out);
            }
        }
        fn walk(items: &[Inline], out: &mut String) {
            for inline in items {
                match inline {
                    Inline::Text { text } | Inline::Code { text } => out.push_str(text),
                    Inline::Note { content, .. } => {
                        for c in content {
                            if let Inline::Ref { key, .. } = c {
                                out.push_str(&format!("[{key}]"));
                            }
                        }
                    }
                    Inline::Emph { content }
                    | Inline::Strong { content }
                    | Inline::Link { content, .. } => walk(content, out),
                    _ => {}
                }
            }
        }
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
                "was held[@k; @j]. Then",
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

    #[test]
    fn list_labels_as_un_documents_number_them() {
        let mut blocks = prose::parse("1. one\n2. two\n   1. inner\n\n- bullet\n");
        label_lists(&mut blocks, 0);
        let Block::List { labels, items, .. } = &blocks[0] else {
            panic!()
        };
        assert_eq!(labels, &["(a)", "(b)"]);
        let Block::List { labels, .. } = &items[1][1] else {
            panic!("{:?}", items[1])
        };
        assert_eq!(labels, &["(i)"]);
        let Block::List { labels, .. } = &blocks[1] else {
            panic!()
        };
        assert_eq!(labels, &["–"]);
    }
}
