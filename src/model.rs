//! The data model of a submission folder. These serde types *are* the schema:
//! the JSON Schema used to validate files (and written for editors) is derived
//! from them, so the two cannot drift.
//!
//! Every file kind has one root type: [`SubmissionFile`] (`submission.toml`),
//! [`ChapterFile`] (a case or thematic section), [`SourcesFile`],
//! [`PreviousCycleFile`] (last cycle's recommendations) and [`AssessmentFile`].

use std::fmt;

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// `submission.toml`: what the submission is, who makes it, and which files hold its content.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SubmissionFile {
    /// The submission itself: title, State under review, language, date.
    pub submission: SubmissionMeta,
    /// The review this submission is written for.
    pub review: Review,
    /// The previous review, whose recommendations the submission assesses.
    pub previous: PreviousReview,
    /// The files that hold the content, relative to the submission folder.
    pub content: Content,
    /// The submitting organisation(s); a joint submission lists all of them.
    pub organisation: Vec<Organisation>,
    /// The unnumbered summary at the start, with key words (optional, but
    /// OHCHR welcomes both).
    #[serde(default)]
    pub summary: Option<Summary>,
    /// The closing list of the organisation's own recommendations to the
    /// State under review (chapters may have their own, too).
    #[serde(default)]
    pub recommendation: Vec<NewRecommendation>,
    /// How the closing list of recommendations is introduced and where it goes.
    #[serde(default)]
    pub recommendation_list: RecommendationList,
    /// People to contact about the submission, printed at the end.
    #[serde(default)]
    pub contact: Vec<Contact>,
    /// Layout options of the template.
    #[serde(default)]
    pub layout: Layout,
    /// What counts towards the word limit.
    #[serde(default)]
    pub word_count: WordCountRule,
}

/// `[select]` of a variant file: which chapters the variant prints.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Select {
    /// Chapters to print, by id (`kozlov`) or tag (`tag:media`); none named = all.
    #[serde(default)]
    pub include: Vec<String>,
    /// Chapters to leave out, by id or tag.
    #[serde(default)]
    pub exclude: Vec<String>,
}

/// Layout options.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Layout {
    /// Where notes go: at the foot of each page (default) or at the end, as OHCHR summaries do.
    #[serde(default)]
    pub notes: NotePlacement,
    /// How a source cited again is noted: `un` (a new note: "Ibid." or a short form
    /// "(see note 2)", the UN Editorial Manual's rule; default) or `same-number`
    /// (the first note's number again).
    #[serde(default)]
    pub repeated_sources: RepeatedSources,
    /// Add a note to each part (or chapter, or section) listing the previous
    /// recommendations it concerns: "For the relevant recommendations, see
    /// A/HRC/28/10, paras. 115.44–115.47 and 115.52." (default: no).
    #[serde(default)]
    pub recommendations_note: bool,
    /// Group the compliance table by theme, as OHCHR's matrix is (the first
    /// theme of each recommendation, from an imported list; default: no).
    #[serde(default)]
    pub compliance_by_theme: bool,
}

/// Where notes are printed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum NotePlacement {
    /// At the foot of the page.
    #[default]
    Footnotes,
    /// In a "Notes" section at the end.
    Endnotes,
}

/// How a source cited again is noted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum RepeatedSources {
    /// A new note: "Ibid." after a note citing the same source, else a short form.
    #[default]
    Un,
    /// The number of the source's first note again.
    SameNumber,
}

/// The rule for the OHCHR word count. Footnotes and the first-page header
/// never count; the body text and chapter headings always do.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WordCountRule {
    /// The limit, where OHCHR set another one for this session than 2,815
    /// (individual) or 5,630 (joint).
    #[serde(default)]
    pub limit: Option<u32>,
    /// Whether the summary counts (default: yes).
    #[serde(default = "yes")]
    pub summary: bool,
    /// Whether the description of the organisation(s) counts (default: yes).
    #[serde(default = "yes")]
    pub organisation: bool,
    /// Whether the comments in the compliance table count (default: no).
    #[serde(default)]
    pub compliance_table: bool,
    /// Whether the notes count (default: no). Word counts them unless
    /// "Include textboxes, footnotes and endnotes" is unticked: set this to
    /// check the limit as a reviewer counting that way would.
    #[serde(default)]
    pub notes: bool,
}

impl Default for WordCountRule {
    fn default() -> Self {
        WordCountRule {
            limit: None,
            summary: true,
            organisation: true,
            compliance_table: false,
            notes: false,
        }
    }
}

fn yes() -> bool {
    true
}

/// Metadata of the submission.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SubmissionMeta {
    /// Title of the submission, used on the first page and as the PDF title.
    pub title: String,
    /// Name of the State under review, e.g. "Kazakhstan".
    pub state: String,
    /// ISO 3166-1 alpha-3 code of the State under review, e.g. "KAZ".
    #[schemars(regex(pattern = r"^[A-Z]{3}$"))]
    pub state_code: String,
    /// Language of the submission: en, fr, es or ru.
    pub language: Language,
    /// An individual submission (2,815 words) or a joint one (5,630 words).
    pub kind: SubmissionKind,
    /// Date of the submission (a TOML date such as 2014-03-24); also the PDF's document date.
    pub date: Date,
    /// The organisation's own reference or index number, printed under the title block.
    #[serde(default)]
    pub reference: Option<String>,
    /// The running head at the top of pages 2 onwards [default: organisations · State · session].
    #[serde(default)]
    pub running_head: Option<String>,
}

/// A UN official language the submission is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    /// English
    En,
    /// French
    Fr,
    /// Spanish
    Es,
    /// Russian
    Ru,
}

impl Language {
    /// The BCP 47 code, as Typst and PDF metadata expect it.
    pub fn code(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::Fr => "fr",
            Language::Es => "es",
            Language::Ru => "ru",
        }
    }
}

/// Whether one organisation submits alone or several jointly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum SubmissionKind {
    /// One organisation.
    Individual,
    /// Several organisations (a coalition).
    Joint,
}

/// The Universal Periodic Review this submission is for.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Review {
    /// UPR cycle (1 = 2008–11, 2 = 2012–16, 3 = 2017–21, 4 = 2022–).
    #[schemars(range(min = 1))]
    pub cycle: u32,
    /// Working Group session number.
    #[schemars(range(min = 1))]
    pub session: u32,
    /// First day of the Working Group session.
    #[serde(default)]
    pub start: Option<Date>,
    /// Last day of the Working Group session.
    #[serde(default)]
    pub end: Option<Date>,
}

/// The previous review of the same State.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PreviousReview {
    /// UPR cycle of the previous review.
    #[schemars(range(min = 1))]
    pub cycle: u32,
    /// Working Group session of the previous review.
    #[schemars(range(min = 1))]
    pub session: u32,
    /// Symbol of the Working Group report that numbers the recommendations, e.g. "A/HRC/14/10".
    pub report: String,
    /// File with that report's recommendations.
    pub recommendations: String,
    /// Day of the previous review: facts dated before it are outside the period this submission covers.
    #[serde(default)]
    pub date: Option<Date>,
}

/// Where the content lives.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Content {
    /// Chapter files (cases and thematic sections), in the order they are printed.
    pub chapters: Vec<String>,
    /// The sources registry.
    pub sources: String,
    /// The organisation's assessment of the previous recommendations.
    #[serde(default)]
    pub assessment: Option<String>,
}

/// A submitting organisation.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Organisation {
    /// Full name.
    pub name: String,
    /// Abbreviation, e.g. "ODF".
    #[serde(default)]
    pub abbreviation: Option<String>,
    /// Year of establishment.
    #[serde(default)]
    pub established: Option<i32>,
    /// Country where the organisation is based.
    #[serde(default)]
    pub country: Option<String>,
    /// Website.
    #[serde(default)]
    pub website: Option<String>,
    /// About the organisation: main activities (Markdown).
    #[serde(default)]
    pub about: Option<String>,
    /// The organisation's logo: a PNG, JPEG or SVG file in the submission folder.
    #[serde(default)]
    pub logo: Option<String>,
    /// For a coalition: its member organisations, listed under its description.
    #[serde(default)]
    pub members: Vec<String>,
}

/// A person to contact about the submission.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// Full name.
    pub name: String,
    /// Role or position, e.g. "Advocacy Officer".
    #[serde(default)]
    pub role: Option<String>,
    /// Organisation, where several submit jointly.
    #[serde(default)]
    pub organisation: Option<String>,
    /// E-mail address.
    #[serde(default)]
    pub email: Option<String>,
    /// Telephone number.
    #[serde(default)]
    pub phone: Option<String>,
}

/// How the closing list of recommendations is introduced and where it goes.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RecommendationList {
    /// The chapter's title [default: "Recommendations" in the submission's language].
    #[serde(default)]
    pub title: Option<String>,
    /// A numbered paragraph before the list, e.g. "We recommend that the Government of X:".
    #[serde(default)]
    pub intro: Option<String>,
    /// Print the list before this chapter (by id), e.g. a conclusion [default: at the end].
    #[serde(default)]
    pub before: Option<String>,
}

/// The unnumbered summary.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Summary {
    /// Key words, as OHCHR asks for them.
    #[serde(default)]
    pub keywords: Vec<String>,
    /// Summary text (Markdown, citations as `[^source-key]`).
    pub text: String,
}

/// One of the organisation's own recommendations to the State.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NewRecommendation {
    /// The recommendation (Markdown).
    pub text: String,
    /// Previous-cycle recommendations it follows up, by id (e.g. "95.53").
    #[serde(default)]
    pub follows: Vec<String>,
    /// A theme to group the closing list by: recommendations with the same
    /// theme are printed together under it, in order of first appearance.
    #[serde(default)]
    pub theme: Option<String>,
}

/// The previous-cycle recommendations a chapter concerns. Ids only mean
/// something in the report that numbers them, so a chapter used for reviews
/// of several cycles (through variants) keys its lists by report symbol.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum ChapterRecommendations {
    /// Ids in the report named under `[previous]`, e.g. `["95.53", "95.55"]`.
    Ids(Vec<String>),
    /// Ids per report, e.g. `{ "A/HRC/14/10" = ["95.53"], "A/HRC/28/10" = ["125.53"] }`;
    /// only the list of the report under `[previous]` is used.
    ByReport(IndexMap<String, Vec<String>>),
}

impl Default for ChapterRecommendations {
    fn default() -> Self {
        ChapterRecommendations::Ids(Vec::new())
    }
}

impl ChapterRecommendations {
    /// The ids that concern `report`, each with its JSON pointer in the chapter file.
    pub fn for_report(&self, report: &str) -> Vec<(String, &str)> {
        let (prefix, ids) = match self {
            ChapterRecommendations::Ids(ids) => ("/recommendations".to_string(), ids),
            ChapterRecommendations::ByReport(by_report) => match by_report.get(report) {
                Some(ids) => (
                    format!("/recommendations/{}", crate::spans::escape_pointer(report)),
                    ids,
                ),
                None => return Vec::new(),
            },
        };
        ids.iter()
            .enumerate()
            .map(|(i, id)| (format!("{prefix}/{i}"), id.as_str()))
            .collect()
    }
}

/// A chapter file: a case of violations or a thematic section.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChapterFile {
    /// Identifier used as evidence in assessments; defaults to the file name without `.toml`.
    #[serde(default)]
    pub id: Option<String>,
    /// A case of violations or a thematic section.
    pub kind: ChapterKind,
    /// Chapter heading.
    pub title: String,
    /// Free tags for selecting chapters in variants.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Previous-cycle recommendations this chapter concerns: a list of ids in
    /// the report named under `[previous]`, or lists keyed by report symbol.
    #[serde(default)]
    pub recommendations: ChapterRecommendations,
    /// When the facts of the chapter happened (the latest date), if known.
    #[serde(default)]
    pub date: Option<Date>,
    /// Text of a chapter without sub-headings (Markdown).
    #[serde(default)]
    pub text: Option<String>,
    /// Parts with their own sub-heading.
    #[serde(default)]
    pub part: Vec<Part>,
    /// The organisation's recommendations on this chapter, printed at its end.
    #[serde(default)]
    pub recommendation: Vec<NewRecommendation>,
    /// The paragraph introducing them [default: "We recommend that the Government of <State>:"].
    #[serde(default)]
    pub recommendation_intro: Option<String>,
}

/// What a chapter is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ChapterKind {
    /// A case of violations.
    Case,
    /// A thematic section.
    Section,
    /// An annex: unnumbered paragraphs, not counted in the word limit,
    /// printed after everything else (e.g. a coalition's members).
    Annex,
}

/// A part of a chapter, under a lettered sub-heading ("A.").
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Part {
    /// Identifier for evidence (`chapter#id`) [default: the heading in lower case, words joined by `-`].
    #[serde(default)]
    pub id: Option<String>,
    /// Sub-heading, e.g. "Base for persecution".
    pub heading: String,
    /// When the facts of this part happened (the latest date), if known.
    #[serde(default)]
    pub date: Option<Date>,
    /// Free tags.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Previous-cycle recommendations this part concerns (as for a chapter).
    #[serde(default)]
    pub recommendations: ChapterRecommendations,
    /// Text (Markdown, citations as `[@source-key]`); before the sections, if any.
    #[serde(default)]
    pub text: Option<String>,
    /// Numbered sections ("1.") inside the part.
    #[serde(default)]
    pub section: Vec<Section>,
    /// The organisation's recommendations on this part, printed at its end.
    #[serde(default)]
    pub recommendation: Vec<NewRecommendation>,
    /// The paragraph introducing them.
    #[serde(default)]
    pub recommendation_intro: Option<String>,
}

/// A section of a part, under a numbered sub-heading ("1.").
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// Identifier for evidence (`chapter#id`) [default: from the heading].
    #[serde(default)]
    pub id: Option<String>,
    /// Sub-heading.
    pub heading: String,
    /// When the facts of this section happened (the latest date), if known.
    #[serde(default)]
    pub date: Option<Date>,
    /// Free tags.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Previous-cycle recommendations this section concerns.
    #[serde(default)]
    pub recommendations: ChapterRecommendations,
    /// Text (Markdown).
    pub text: String,
    /// The organisation's recommendations on this section.
    #[serde(default)]
    pub recommendation: Vec<NewRecommendation>,
    /// The paragraph introducing them.
    #[serde(default)]
    pub recommendation_intro: Option<String>,
}

/// The id of a part or section without one: its heading in lower case,
/// runs of other characters joined by `-` ("The appeal" → "the-appeal").
pub fn heading_id(heading: &str) -> String {
    let mut id = String::new();
    for c in heading.chars() {
        if c.is_alphanumeric() {
            id.extend(c.to_lowercase());
        } else if !id.is_empty() && !id.ends_with('-') {
            id.push('-');
        }
    }
    id.trim_end_matches('-').to_string()
}

/// `sources.toml`: every source once, keyed by the name prose cites it with.
pub type SourcesFile = IndexMap<String, Source>;

/// A source a citation can point at.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// What it is; decides how its notes are written [default: report].
    #[serde(default)]
    pub kind: SourceKind,
    /// Authors, as they are to be printed ("Jane Doe").
    #[serde(default)]
    pub author: Vec<String>,
    /// Who published it, e.g. "Human Rights Watch".
    #[serde(default)]
    pub publisher: Option<String>,
    /// Title, only where the source has one (for a court decision: the case name).
    #[serde(default)]
    pub title: Option<String>,
    /// Short title for later notes citing it again ("Kazakhstan report").
    #[serde(default)]
    pub short: Option<String>,
    /// An abbreviation that later notes use instead of the short form, as
    /// OHCHR cites "AI, p. 2." or "JS1, para. 7."
    #[serde(default)]
    pub cite_as: Option<String>,
    /// The newspaper, journal or website an article appeared in.
    #[serde(default)]
    pub container: Option<String>,
    /// A UN document's symbol, e.g. "A/HRC/28/10".
    #[serde(default)]
    pub symbol: Option<String>,
    /// The court of a decision.
    #[serde(default)]
    pub court: Option<String>,
    /// Publication date as printed, e.g. "April 2004".
    #[serde(default)]
    pub date: Option<String>,
    /// Web address (http or https).
    #[serde(default)]
    pub url: Option<String>,
    /// When the web address was last visited.
    #[serde(default)]
    pub accessed: Option<Date>,
}

/// What a source is: each kind has its own note form.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum SourceKind {
    /// A report or other publication of an organisation: Publisher, “Title”, date.
    #[default]
    Report,
    /// A news or journal article: Author, “Title”, *Newspaper*, date.
    Article,
    /// A web page: Publisher, “Title”, date, address.
    Web,
    /// A book: Author, *Title* (publisher, year).
    Book,
    /// A UN document with its symbol: “Title”, A/HRC/28/10; later notes cite the symbol.
    UnDocument,
    /// A court decision: *Case name*, court, date (no quotation marks).
    CourtDecision,
    /// A law or other legislation: Title, date (no quotation marks).
    Legislation,
    /// A submission to the UPR, with its OHCHR abbreviation (`cite_as`, e.g. "JS1").
    UprSubmission,
}

/// The previous cycle's recommendations, as the Working Group report numbers them.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PreviousCycleFile {
    /// Symbol of the Working Group report, e.g. "A/HRC/14/10".
    pub report: String,
    /// Working Group session.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<u32>,
    /// Year of the review.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
    /// The recommendations.
    pub recommendation: Vec<PreviousRecommendation>,
}

/// One recommendation of the previous cycle.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PreviousRecommendation {
    /// Number as the report gives it: paragraph.item, e.g. "95.53".
    #[schemars(regex(pattern = r"^[0-9]+\.[0-9]+$"))]
    pub id: String,
    /// Recommending State(s).
    pub by: Vec<String>,
    /// The State under review's response.
    pub response: Response,
    /// Where the response is recorded, e.g. "A/HRC/43/15/Add.1, para. 3".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_source: Option<String>,
    /// Text as printed in the report.
    pub text: String,
    /// The State's own claim about implementation, where it made one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claim: Option<String>,
    /// Human rights themes, as OHCHR's thematic list gives them (the first is the one it is listed under).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub themes: Vec<String>,
    /// Groups of persons concerned ("Affected persons" / "Groups of Persons" in OHCHR's list).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<String>,
    /// Related Sustainable Development Goals, as OHCHR's list gives them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sdgs: Vec<String>,
    /// Issues as UPR Info's database classifies it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub issues: Vec<String>,
    /// UPR Info's action category, 1 (minimal action) to 5 (specific action).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1, max = 5))]
    pub action: Option<u8>,
}

/// The State's response to a recommendation.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Response {
    /// Supported (accepted).
    Supported,
    /// Noted (not accepted).
    Noted,
    /// Still under examination.
    Pending,
}

/// `assessment.toml`: the organisation's judgement of previous recommendations.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AssessmentFile {
    /// One entry per assessed recommendation.
    pub assessment: Vec<Assessment>,
}

/// The organisation's judgement of one recommendation, or of a cluster
/// assessed together.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Assessment {
    /// The previous recommendation(s): an id ("95.53"), or a list of ids and
    /// ranges (`["115.94-115.100", "115.161"]`) assessed together in one row.
    pub recommendation: OneOrMany,
    /// How far the State implemented it.
    pub status: Status,
    /// What shows it: chapters by id (`kozlov`), or a part or section of one
    /// (`kozlov#result`); the table gives their paragraph numbers.
    #[serde(default)]
    pub evidence: Vec<String>,
    /// A short comment (Markdown).
    #[serde(default)]
    pub comment: Option<String>,
}

/// One value or a list of them.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum OneOrMany {
    /// One value.
    One(String),
    /// Several values.
    Many(Vec<String>),
}

impl OneOrMany {
    /// The values, each with its JSON pointer under `pointer`.
    pub fn items(&self, pointer: &str) -> Vec<(String, &str)> {
        match self {
            OneOrMany::One(value) => vec![(pointer.to_string(), value.as_str())],
            OneOrMany::Many(values) => values
                .iter()
                .enumerate()
                .map(|(i, v)| (format!("{pointer}/{i}"), v.as_str()))
                .collect(),
        }
    }
}

/// Level of implementation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Fully implemented.
    Implemented,
    /// Partially implemented.
    PartiallyImplemented,
    /// Not implemented.
    NotImplemented,
    /// Not enough information to tell.
    Unclear,
}

/// A calendar date. In TOML write a date literal (`2014-03-24`); a quoted
/// `"2014-03-24"` is accepted too.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year, e.g. 2014.
    pub year: i32,
    /// Month, 1–12.
    pub month: u8,
    /// Day of the month, 1–31.
    pub day: u8,
}

impl Date {
    /// Parses `YYYY-MM-DD`, rejecting days that do not exist (2014-02-30).
    pub fn parse(text: &str) -> Result<Date, String> {
        let invalid = || format!("`{text}` is not a date of the form YYYY-MM-DD");
        let mut fields = text.splitn(3, '-');
        let (Some(y), Some(m), Some(d)) = (fields.next(), fields.next(), fields.next()) else {
            return Err(invalid());
        };
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return Err(invalid());
        }
        let year: i32 = y.parse().map_err(|_| invalid())?;
        let month: u8 = m.parse().map_err(|_| invalid())?;
        let day: u8 = d.parse().map_err(|_| invalid())?;
        if !(1..=12).contains(&month) {
            return Err(format!("`{text}`: there is no month {month}"));
        }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days_in_month = match month {
            2 if leap => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        if day == 0 || day > days_in_month {
            return Err(format!(
                "`{text}`: month {month} of {year} has no day {day}"
            ));
        }
        Ok(Date { year, month, day })
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Date::parse(&text).map_err(serde::de::Error::custom)
    }
}

impl JsonSchema for Date {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Date".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
            "description": "A date, YYYY-MM-DD (in TOML a date literal such as 2014-03-24)."
        })
    }
}

#[cfg(test)]
mod tests {
    use super::Date;

    #[test]
    fn dates_that_do_not_exist_are_rejected() {
        assert_eq!(Date::parse("2014-03-24").unwrap().to_string(), "2014-03-24");
        assert!(Date::parse("2012-02-29").is_ok());
        assert_eq!(
            Date::parse("2014-02-29").unwrap_err(),
            "`2014-02-29`: month 2 of 2014 has no day 29"
        );
        assert!(Date::parse("2014-13-01").is_err());
        assert!(Date::parse("24.03.2014").is_err());
    }
}
