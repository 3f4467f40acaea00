//! Stage 5 for Word: the lowered document as a DOCX, written with the
//! `docx-rs` crate from the same [`Document`] the PDF is typeset from, so the
//! two cannot disagree on a number or a note. Paragraph numbers are text
//! followed by a tab (they never renumber when someone edits), headings use
//! Word's built-in styles, notes are real Word footnotes (or endnotes), the
//! compliance table repeats its header row.
//!
//! docx-rs 0.4.22 leaves out a few things Word needs; [`complete`] adds them
//! to its output: the note's own number inside each note (`w:footnoteRef`),
//! endnotes, the language of every run, the header row that repeats, the
//! document properties (title, author, key words), and fixed timestamps so
//! the same submission gives the same bytes. [`matrix`] writes `uprc
//! matrix`'s Word table; [`word_counts`] reads a DOCX back to count its words.

mod complete;
mod count;
mod matrix;
mod order;

use std::io::Cursor;

use complete::{Completion, LINK_ID, complete, xml_attribute};
pub use count::word_counts;
pub use matrix::matrix;

use docx_rs::{
    AlignmentType, BorderType, BreakType, Docx, FieldCharType, Footer, Footnote, Header, Hyperlink,
    HyperlinkData, InstrText, LineSpacing, LineSpacingType, PageMargin, PageNum, Paragraph,
    ParagraphChild, Run, RunFonts, RunProperty, SpecialIndentType, Style, StyleType, Tab,
    TabValueType, Table, TableBorder, TableBorderPosition, TableBorders, TableCell,
    TableCellMargins, TableLayoutType, TableRow, VertAlignType, WidthType,
};

use crate::lower::{BodyItem, ChapterOut, Compliance, Document};
use crate::model::{Date, Language};
use crate::notes::NoteOut;
use crate::prose::{Block, Inline};

/// The paragraph style of table cells.
const TABLE_TEXT: &str = "TableText";

/// A4 in twentieths of a point.
const PAGE: (u32, u32) = (11906, 16838);
/// The text block of the PDF: 113 pt from the left edge, 484 pt wide… (twips).
const LEFT: i32 = 2260;
const RIGHT: i32 = 2226;
const TOP: i32 = 1980;
const BOTTOM: i32 = 1700;
/// Text width, in twips.
const TEXT_WIDTH: usize = (PAGE.0 as i32 - LEFT - RIGHT) as usize;
/// The tab after a paragraph number, and the hang of a heading's label: 1 cm, 0.8 cm.
const TAB: usize = 567;
const HANG: i32 = 454;

/// The labels of the template, in the submission's language.
struct Labels(toml::Table);

impl Labels {
    fn of(language: Language) -> Labels {
        let path = format!("un/lang/{}.toml", language.code());
        let text = crate::typeset::embedded_template_file(&path)
            .and_then(|bytes| std::str::from_utf8(bytes).ok())
            .unwrap_or("");
        Labels(toml::from_str(text).unwrap_or_default())
    }

    fn get(&self, key: &str) -> String {
        let mut value = Some(&toml::Value::Table(self.0.clone()));
        let mut found = None;
        for part in key.split('.') {
            found = value.and_then(|v| v.get(part)).cloned();
            value = None;
            if let Some(v) = &found {
                value = Some(v);
            }
        }
        found
            .and_then(|v| v.as_str().map(String::from))
            .unwrap_or_default()
    }

    fn fill(&self, key: &str, pairs: &[(&str, &str)]) -> String {
        let mut text = self.get(key);
        for (name, value) in pairs {
            text = text.replace(&format!("{{{name}}}"), value);
        }
        text
    }

    fn month(&self, month: u8) -> String {
        self.0
            .get("months")
            .and_then(|m| m.get(usize::from(month.clamp(1, 12)) - 1))
            .and_then(|m| m.as_str())
            .unwrap_or("")
            .to_string()
    }

    fn day(&self, day: u8) -> String {
        match self.0.get("day-one").and_then(|d| d.as_str()) {
            Some(first) if day == 1 => first.to_string(),
            _ => day.to_string(),
        }
    }

    fn date(&self, date: Date) -> String {
        self.fill(
            "date",
            &[
                ("day", &self.day(date.day)),
                ("month", &self.month(date.month)),
                ("year", &date.year.to_string()),
            ],
        )
    }

    /// "27 October–7 November 2014", as the template writes a session.
    fn range(&self, start: Date, end: Date) -> String {
        if start.year != end.year {
            self.fill(
                "range",
                &[("date1", &self.date(start)), ("date2", &self.date(end))],
            )
        } else if start.month != end.month {
            self.fill(
                "range-same-year",
                &[
                    ("day1", &self.day(start.day)),
                    ("month1", &self.month(start.month)),
                    ("day2", &self.day(end.day)),
                    ("month2", &self.month(end.month)),
                    ("year", &end.year.to_string()),
                ],
            )
        } else {
            self.fill(
                "range-same-month",
                &[
                    ("day1", &self.day(start.day)),
                    ("day2", &self.day(end.day)),
                    ("month", &self.month(end.month)),
                    ("year", &end.year.to_string()),
                ],
            )
        }
    }

    /// "20th", "20e", "20.º".
    fn ordinal(&self, n: u32) -> String {
        let rule = self.0.get("ordinal");
        let form = |name: &str| {
            rule.and_then(|r| r.get(name))
                .and_then(|v| v.as_str())
                .unwrap_or("{n}")
                .to_string()
        };
        let kind = rule
            .and_then(|r| r.get("rule"))
            .and_then(|v| v.as_str())
            .unwrap_or("");
        let pattern = match kind {
            "english" if !(11..=13).contains(&(n % 100)) && n % 10 == 1 => form("one"),
            "english" if !(11..=13).contains(&(n % 100)) && n % 10 == 2 => form("two"),
            "english" if !(11..=13).contains(&(n % 100)) && n % 10 == 3 => form("few"),
            "first" if n == 1 => form("one"),
            _ => form("other"),
        };
        pattern.replace("{n}", &n.to_string())
    }
}

/// How a run looks.
#[derive(Clone, Copy, Default)]
struct Look {
    italic: bool,
    bold: bool,
    superscript: bool,
    size: Option<usize>,
}

impl Look {
    fn run(self, text: &str) -> Run {
        let mut run = Run::new().add_text(text);
        if self.italic {
            run = run.italic();
        }
        if self.bold {
            run = run.bold();
        }
        if let Some(size) = self.size {
            run = run.size(size);
        }
        if self.superscript {
            run.run_property = run.run_property.vert_align(VertAlignType::SuperScript);
        }
        run
    }
}

/// Writes the document: notes are numbered as lowered, one Word note per
/// numbered note, in reading order.
struct Writer<'d> {
    document: &'d Document,
    labels: Labels,
    /// The targets of the hyperlinks written so far; link N has the
    /// relationship id `rIdHyperlinkN` (numbered by us, not by docx-rs's
    /// process-wide counter, for the same bytes every time).
    links: Vec<String>,
    /// Bookmarks around the first mark of each note, for `same-number` repeats.
    bookmarks: usize,
}

/// The DOCX of a lowered document.
pub fn docx(document: &Document) -> Result<Vec<u8>, String> {
    let labels = Labels::of(document.meta.language);
    let mut writer = Writer {
        document,
        labels,
        links: Vec::new(),
        bookmarks: 0,
    };
    let mut docx = base(document, &writer.labels);
    for paragraph in writer.first_page() {
        docx = docx.add_paragraph(paragraph);
    }
    for item in &document.body {
        docx = match item {
            BodyItem::Chapter(chapter) => writer.chapter(docx, chapter),
            BodyItem::Compliance(compliance) => writer.compliance(docx, compliance),
            BodyItem::Recommendations(list) => {
                let heading = writer.heading(1, &list.label, &list.title, None);
                writer.add_blocks(docx.add_paragraph(heading), &list.blocks)
            }
        };
    }
    for annex in &document.annexes {
        docx = docx.add_paragraph(Paragraph::new().add_run(Run::new().add_break(BreakType::Page)));
        let title = format!("{} — {}", annex.label, annex.title);
        let heading = writer.heading(1, "", &title, None);
        docx = writer.add_blocks(docx.add_paragraph(heading), &annex.blocks);
        for part in &annex.parts {
            let heading = writer.heading(2, &part.label, &part.heading, None);
            docx = writer.add_blocks(docx.add_paragraph(heading), &part.blocks);
        }
    }
    if !document.contacts.is_empty() {
        docx = docx.add_paragraph(writer.heading(2, "", &writer.labels.get("contact"), None));
        for contact in &document.contacts {
            let mut paragraph = Paragraph::new().add_run(
                Look {
                    bold: true,
                    ..Look::default()
                }
                .run(&contact.name),
            );
            for detail in &contact.details {
                paragraph = paragraph.add_run(Run::new().add_text(", "));
                if Some(detail) == contact.email.as_ref() {
                    paragraph = paragraph.add_hyperlink(writer.link(
                        &format!("mailto:{detail}"),
                        vec![Run::new().add_text(detail)],
                    ));
                } else {
                    paragraph = paragraph.add_run(Run::new().add_text(detail));
                }
            }
            docx = docx.add_paragraph(paragraph);
        }
    }
    let mut packed = Cursor::new(Vec::new());
    docx.build().pack(&mut packed).map_err(|e| e.to_string())?;
    complete(
        &packed.into_inner(),
        &Completion {
            core: core_properties(document),
            language: language_tag(document.meta.language),
            endnotes: document.layout.notes == crate::model::NotePlacement::Endnotes,
            links: &writer.links,
        },
    )
}

/// The page, the styles, the running header and the page number.
fn base(document: &Document, labels: &Labels) -> Docx {
    let meta = &document.meta;
    let heading = |level: usize, size: usize| {
        let mut style = Style::new(format!("Heading{level}"), StyleType::Paragraph)
            .name(format!("heading {level}"))
            .based_on("Normal")
            .next("Normal")
            .q_format(true)
            .bold()
            .size(size)
            .outline_lvl(level - 1)
            .indent(Some(0), Some(SpecialIndentType::Hanging(HANG)), None, None);
        style.paragraph_property = style
            .paragraph_property
            .line_spacing(
                LineSpacing::new()
                    .before(if level == 1 { 440 } else { 320 })
                    .after(200),
            )
            .keep_next(true)
            .add_tab(Tab::new().val(TabValueType::Left).pos(0));
        style
    };
    // The document's title: Word's own Title style, so chapters alone are Heading 1.
    let mut title = Style::new("Title", StyleType::Paragraph)
        .name("Title")
        .based_on("Normal")
        .next("Normal")
        .q_format(true)
        .bold()
        .size(28);
    title.paragraph_property = title
        .paragraph_property
        .line_spacing(LineSpacing::new().before(360).after(160))
        .keep_next(true)
        .align(AlignmentType::Left);
    let mut note_reference =
        Style::new("FootnoteReference", StyleType::Character).name("footnote reference");
    note_reference.run_property = RunProperty::new().vert_align(VertAlignType::SuperScript);
    let mut note_text = Style::new("FootnoteText", StyleType::Paragraph)
        .name("footnote text")
        .based_on("Normal")
        .size(18);
    note_text.paragraph_property = note_text
        .paragraph_property
        .line_spacing(LineSpacing::new().after(60))
        .align(AlignmentType::Left);
    // Table cells: the PDF's 8.5 pt on single spacing.
    let mut table_text = Style::new(TABLE_TEXT, StyleType::Paragraph)
        .name("Table Text")
        .based_on("Normal")
        .size(17);
    table_text.paragraph_property = table_text
        .paragraph_property
        .align(AlignmentType::Left)
        .line_spacing(
            LineSpacing::new()
                .after(40)
                .line(240)
                .line_rule(LineSpacingType::Auto),
        );
    let mut normal = Style::new("Normal", StyleType::Paragraph)
        .name("Normal")
        .q_format(true);
    normal.paragraph_property = normal
        .paragraph_property
        .align(AlignmentType::Both)
        .line_spacing(
            LineSpacing::new()
                .after(120)
                .line(240)
                .line_rule(LineSpacingType::Exact),
        );
    let running = match &meta.running_head {
        Some(head) => head.clone(),
        None => {
            let names: Vec<String> = document
                .front
                .organisations
                .iter()
                .map(|o| o.abbreviation.clone().unwrap_or_else(|| o.name.clone()))
                .collect();
            format!(
                "{} · {} · {}",
                names.join(", "),
                meta.state,
                labels.fill("running", &[("session", &labels.ordinal(meta.session))])
            )
        }
    };
    let small_bold = Look {
        bold: true,
        size: Some(18),
        ..Look::default()
    };
    let header = Header::new().add_paragraph(
        Paragraph::new()
            .align(AlignmentType::Right)
            .add_run(small_bold.run(&running)),
    );
    let footer = Footer::new().add_paragraph(
        Paragraph::new()
            .align(AlignmentType::Right)
            .add_page_num(PageNum::new()),
    );
    let date = format!(
        "{:04}-{:02}-{:02}T00:00:00Z",
        meta.date.year, meta.date.month, meta.date.day
    );
    Docx::new()
        .page_size(PAGE.0, PAGE.1)
        .page_margin(
            PageMargin::new()
                .top(TOP)
                .bottom(BOTTOM)
                .left(LEFT)
                .right(RIGHT)
                .header(1134)
                .footer(850),
        )
        .default_fonts(times_new_roman())
        .default_size(20)
        .add_style(normal)
        .add_style(heading(1, 28))
        .add_style(heading(2, 24))
        .add_style(heading(3, 20))
        .add_style(title)
        .add_style(note_reference)
        .add_style(note_text)
        .add_style(table_text)
        .header(header)
        .first_header(Header::new().add_paragraph(Paragraph::new()))
        .footer(footer.clone())
        .first_footer(footer)
        .title_pg()
        .created_at(&date)
        .updated_at(&date)
}

/// The font Word is told to use: the PDF's Liberation Serif has its metrics,
/// so Word paginates close to the PDF.
fn times_new_roman() -> RunFonts {
    let name = "Times New Roman";
    RunFonts::new()
        .ascii(name)
        .hi_ansi(name)
        .cs(name)
        .east_asia(name)
}

/// The BCP 47 tag Word's spell-checker uses for the language.
fn language_tag(language: Language) -> &'static str {
    match language {
        Language::En => "en-GB",
        Language::Fr => "fr-FR",
        Language::Es => "es-ES",
        Language::Ru => "ru-RU",
    }
}

fn core_properties(document: &Document) -> String {
    let meta = &document.meta;
    core_xml(
        &meta.title,
        &meta.authors.join("; "),
        &document.front.keywords.join("; "),
        meta.language,
        meta.date,
    )
}

fn core_xml(title: &str, creator: &str, keywords: &str, language: Language, date: Date) -> String {
    let date = format!(
        "{:04}-{:02}-{:02}T00:00:00Z",
        date.year, date.month, date.day
    );
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>{}</dc:title><dc:creator>{}</dc:creator><cp:keywords>{}</cp:keywords><dc:language>{}</dc:language><cp:lastModifiedBy>{}</cp:lastModifiedBy><dcterms:created xsi:type="dcterms:W3CDTF">{date}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">{date}</dcterms:modified></cp:coreProperties>"#,
        xml_attribute(title),
        xml_attribute(creator),
        xml_attribute(keywords),
        language_tag(language),
        xml_attribute(creator),
    )
}

impl Writer<'_> {
    fn link(&mut self, url: &str, runs: Vec<Run>) -> Hyperlink {
        self.links.push(url.to_string());
        Hyperlink {
            link: HyperlinkData::External {
                rid: format!("{LINK_ID}{}", self.links.len()),
                path: url.to_string(),
            },
            history: None,
            children: runs
                .into_iter()
                .map(|r| ParagraphChild::Run(Box::new(r)))
                .collect(),
        }
    }

    /// The first page's block: organisations, date, kind, review, reference;
    /// then the title, key words, summary and the organisations.
    fn first_page(&mut self) -> Vec<Paragraph> {
        let document = self.document;
        let meta = &document.meta;
        let labels = &self.labels;
        let right = |text: String| {
            Paragraph::new()
                .align(AlignmentType::Right)
                .add_run(Run::new().add_text(text))
        };
        let mut organisations = meta.authors.join("; ");
        if meta.kind != crate::model::SubmissionKind::Joint
            && let Some(abbreviation) = document
                .front
                .organisations
                .first()
                .and_then(|o| o.abbreviation.as_ref())
        {
            organisations.push_str(&format!(" ({abbreviation})"));
        }
        let mut paragraphs = vec![
            Paragraph::new().add_run(
                Look {
                    bold: true,
                    size: Some(24),
                    ..Look::default()
                }
                .run(&organisations),
            ),
            right(labels.fill("submitted", &[("date", &labels.date(meta.date))])),
            Paragraph::new().add_run(Run::new().add_text(
                if meta.kind == crate::model::SubmissionKind::Joint {
                    labels.get("joint")
                } else {
                    labels.get("individual")
                },
            )),
            right(labels.get("original")),
        ];
        let mut review = Paragraph::new()
            .add_run(
                Look {
                    bold: true,
                    ..Look::default()
                }
                .run(&labels.fill("review", &[("state", &meta.state)])),
            )
            .add_run(Run::new().add_break(BreakType::TextWrapping));
        let mut cycle = labels.fill(
            "cycle",
            &[
                ("cycle", &labels.ordinal(meta.cycle)),
                ("session", &labels.ordinal(meta.session)),
            ],
        );
        if let (Some(start), Some(end)) = (meta.session_start, meta.session_end) {
            cycle.push_str(&format!(", {}", labels.range(start, end)));
        }
        review = review.add_run(Run::new().add_text(cycle));
        if let Some(reference) = &meta.reference {
            review = review
                .add_run(Run::new().add_break(BreakType::TextWrapping))
                .add_run(
                    Run::new().add_text(labels.fill("reference", &[("reference", reference)])),
                );
        }
        paragraphs.push(review);
        let keywords = labels.get("keywords");
        paragraphs.push(
            Paragraph::new()
                .style("Title")
                .add_run(Run::new().add_text(&meta.title)),
        );
        if !document.front.keywords.is_empty() {
            paragraphs.push(
                Paragraph::new()
                    .add_run(
                        Look {
                            italic: true,
                            ..Look::default()
                        }
                        .run(&keywords),
                    )
                    .add_run(
                        Run::new().add_text(format!(" {}", document.front.keywords.join("; "))),
                    ),
            );
        }
        if let Some(summary) = &document.front.summary {
            paragraphs.push(self.heading(2, "", &self.labels.get("summary"), None));
            paragraphs.extend(self.blocks(summary, 0));
        }
        let about = if document.front.organisations.len() > 1 {
            "about-joint"
        } else {
            "about"
        };
        paragraphs.push(self.heading(2, "", &self.labels.get(about), None));
        for organisation in &document.front.organisations {
            let mut facts = Vec::new();
            facts.extend(organisation.country.clone());
            if let Some(year) = organisation.established {
                facts.push(
                    self.labels
                        .fill("established", &[("year", &year.to_string())]),
                );
            }
            let mut line = Paragraph::new().add_run(
                Look {
                    bold: true,
                    ..Look::default()
                }
                .run(&organisation.name),
            );
            if let Some(abbreviation) = &organisation.abbreviation {
                line = line.add_run(Run::new().add_text(format!(" ({abbreviation})")));
            }
            if !facts.is_empty() {
                line = line.add_run(Run::new().add_text(format!(", {}", facts.join(", "))));
            }
            if let Some(website) = &organisation.website {
                line = line.add_run(Run::new().add_text(", "));
                line = line.add_hyperlink(self.link(website, vec![Run::new().add_text(website)]));
            }
            paragraphs.push(line.add_run(Run::new().add_text(".")));
            paragraphs.extend(self.blocks(&organisation.about, 0));
            if !organisation.members.is_empty() {
                paragraphs.push(
                    Paragraph::new()
                        .add_run(
                            Look {
                                italic: true,
                                ..Look::default()
                            }
                            .run(&self.labels.get("members")),
                        )
                        .add_run(
                            Run::new().add_text(format!(" {}.", organisation.members.join("; "))),
                        ),
                );
            }
        }
        paragraphs
    }

    /// A heading in Word's built-in style: its label, a tab, its text.
    fn heading(
        &mut self,
        level: usize,
        label: &str,
        title: &str,
        note: Option<&Inline>,
    ) -> Paragraph {
        // The label hangs in the margin as in the PDF; set on the paragraph
        // too, since LibreOffice ignores a negative indent that only the
        // style gives.
        let mut paragraph = Paragraph::new().style(&format!("Heading{level}")).indent(
            Some(0),
            Some(SpecialIndentType::Hanging(HANG)),
            None,
            None,
        );
        if !label.is_empty() {
            paragraph = paragraph
                .add_run(Run::new().add_text(label))
                .add_run(Run::new().add_tab());
        }
        paragraph = paragraph.add_run(Run::new().add_text(title));
        if let Some(note) = note {
            paragraph = self.inline(paragraph, note, Look::default());
        }
        paragraph
    }

    fn chapter(&mut self, docx: Docx, chapter: &ChapterOut) -> Docx {
        let title = self.heading(
            1,
            &chapter.label,
            &chapter.title,
            chapter.title_note.as_ref(),
        );
        let mut docx = self.add_blocks(docx.add_paragraph(title), &chapter.blocks);
        for part in &chapter.parts {
            let heading = self.heading(2, &part.label, &part.heading, part.heading_note.as_ref());
            docx = self.add_blocks(docx.add_paragraph(heading), &part.blocks);
            for section in &part.sections {
                let heading = self.heading(
                    3,
                    &section.label,
                    &section.heading,
                    section.heading_note.as_ref(),
                );
                docx = self.add_blocks(docx.add_paragraph(heading), &section.blocks);
            }
            docx = self.add_blocks(docx, &part.closing);
        }
        self.add_blocks(docx, &chapter.closing)
    }

    /// Blocks as top-level paragraphs of the document.
    fn add_blocks(&mut self, mut docx: Docx, blocks: &[Block]) -> Docx {
        for paragraph in self.blocks(blocks, 0) {
            docx = docx.add_paragraph(paragraph);
        }
        docx
    }

    /// Blocks as paragraphs; `indent` is the left indent of a list level (twips).
    fn blocks(&mut self, blocks: &[Block], indent: i32) -> Vec<Paragraph> {
        let mut out = Vec::new();
        for block in blocks {
            match block {
                Block::Para { number, content } => {
                    let mut paragraph = Paragraph::new();
                    if indent > 0 {
                        paragraph = paragraph.indent(Some(indent), None, None, None);
                    }
                    if let Some(number) = number {
                        // The number at the block's edge, the text after a 1 cm tab;
                        // turnover lines return to the edge, as UN paragraphs do.
                        paragraph = paragraph
                            .add_tab(Tab::new().val(TabValueType::Left).pos(TAB))
                            .add_run(Run::new().add_text(format!("{number}.")))
                            .add_run(Run::new().add_tab());
                    }
                    out.push(self.inlines(paragraph, content, Look::default()));
                }
                Block::Heading { content } => {
                    let paragraph = Paragraph::new().keep_next(true);
                    out.push(self.inlines(
                        paragraph,
                        content,
                        Look {
                            italic: true,
                            ..Look::default()
                        },
                    ));
                }
                Block::List { labels, items, .. } => {
                    let item_indent = indent + TAB as i32 + 283;
                    for (label, item) in labels.iter().zip(items) {
                        let mut paragraphs = self.blocks(item, item_indent);
                        if let Some(first) = paragraphs.first_mut() {
                            let mut labelled = Paragraph::new()
                                .indent(
                                    Some(item_indent),
                                    Some(SpecialIndentType::Hanging(283)),
                                    None,
                                    None,
                                )
                                .add_tab(
                                    Tab::new().val(TabValueType::Left).pos(item_indent as usize),
                                )
                                .add_run(Run::new().add_text(label))
                                .add_run(Run::new().add_tab());
                            for child in std::mem::take(&mut first.children) {
                                labelled.children.push(child);
                            }
                            *first = labelled;
                        }
                        out.extend(paragraphs);
                    }
                }
                Block::Quote { blocks } => {
                    out.extend(
                        self.blocks(blocks, indent + TAB as i32)
                            .into_iter()
                            .map(|p| {
                                p.indent(Some(indent + TAB as i32), None, Some(TAB as i32), None)
                            }),
                    );
                }
            }
        }
        out
    }

    fn inlines(&mut self, mut paragraph: Paragraph, inlines: &[Inline], look: Look) -> Paragraph {
        for inline in inlines {
            paragraph = self.inline(paragraph, inline, look);
        }
        paragraph
    }

    fn inline(&mut self, paragraph: Paragraph, inline: &Inline, look: Look) -> Paragraph {
        match inline {
            Inline::Text { text } | Inline::Code { text } => paragraph.add_run(look.run(text)),
            Inline::Emph { content } => self.inlines(
                paragraph,
                content,
                Look {
                    italic: !look.italic,
                    ..look
                },
            ),
            Inline::Strong { content } => {
                self.inlines(paragraph, content, Look { bold: true, ..look })
            }
            Inline::Link { url, content } => {
                let runs = self.runs(content, look);
                let link = self.link(url, runs);
                paragraph.add_hyperlink(link)
            }
            Inline::Linebreak => paragraph.add_run(Run::new().add_break(BreakType::TextWrapping)),
            Inline::Ref { key, .. } => paragraph.add_run(look.run(key)),
            Inline::Note {
                note,
                first,
                mark,
                in_table,
                ..
            } => {
                let Some(mark) = mark else { return paragraph };
                let superscript = Look {
                    superscript: true,
                    ..look
                };
                if *in_table || note.is_none() {
                    return paragraph.add_run(superscript.run(mark));
                }
                let number = note.unwrap_or(0) as usize;
                let same_number = self.document.layout.repeated_sources
                    == crate::model::RepeatedSources::SameNumber;
                if !*first {
                    // A repeat: a NOTEREF field to the note's first mark, which
                    // Word keeps right when the notes renumber.
                    let instruction = format!(" NOTEREF _RefNote{number} \\f \\h ");
                    return paragraph
                        .add_run(Run::new().add_field_char(FieldCharType::Begin, false))
                        .add_run(Run::new().add_instr_text(InstrText::Unsupported(instruction)))
                        .add_run(Run::new().add_field_char(FieldCharType::Separate, false))
                        .add_run(superscript.run(mark))
                        .add_run(Run::new().add_field_char(FieldCharType::End, false));
                }
                let content = self.note_paragraph(&self.document.notes[number - 1]);
                let reference = Run::new()
                    .style("FootnoteReference")
                    .add_footnote_reference(Footnote {
                        id: number,
                        content: vec![content],
                    });
                if same_number {
                    self.bookmarks += 1;
                    let id = self.bookmarks;
                    paragraph
                        .add_bookmark_start(id, format!("_RefNote{number}"))
                        .add_run(reference)
                        .add_bookmark_end(id)
                } else {
                    paragraph.add_run(reference)
                }
            }
        }
    }

    fn runs(&mut self, inlines: &[Inline], look: Look) -> Vec<Run> {
        let mut runs = Vec::new();
        for inline in inlines {
            match inline {
                Inline::Text { text } | Inline::Code { text } => runs.push(look.run(text)),
                Inline::Emph { content } => runs.extend(self.runs(
                    content,
                    Look {
                        italic: !look.italic,
                        ..look
                    },
                )),
                Inline::Strong { content } => {
                    runs.extend(self.runs(content, Look { bold: true, ..look }))
                }
                Inline::Link { content, .. } => runs.extend(self.runs(content, look)),
                _ => {}
            }
        }
        runs
    }

    /// A note's paragraph (its number is added by [`complete`]).
    fn note_paragraph(&mut self, note: &NoteOut) -> Paragraph {
        let paragraph = Paragraph::new()
            .style("FootnoteText")
            .add_run(Run::new().add_text(" "));
        self.inlines(paragraph, &note.content, Look::default())
    }

    fn compliance(&mut self, mut docx: Docx, compliance: &Compliance) -> Docx {
        let labels = &self.labels;
        let meta = &self.document.meta;
        let title = labels.fill(
            "compliance",
            &[("cycle", &labels.ordinal(meta.previous_cycle))],
        );
        docx = docx.add_paragraph(self.heading(1, &compliance.label, &title, None));
        let t = &compliance.tally;
        let tally = self.labels.fill(
            "tally",
            &[
                ("total", &t.total.to_string()),
                ("implemented", &t.implemented.to_string()),
                (
                    "partially_implemented",
                    &t.partially_implemented.to_string(),
                ),
                ("not_implemented", &t.not_implemented.to_string()),
                ("unclear", &t.unclear.to_string()),
            ],
        );
        docx = docx.add_paragraph(
            Paragraph::new().add_run(
                Look {
                    bold: true,
                    ..Look::default()
                }
                .run(&tally),
            ),
        );
        let intro = self
            .labels
            .fill("compliance-intro", &[("report", &compliance.report)]);
        docx = docx.add_paragraph(
            Paragraph::new().add_run(
                Look {
                    italic: true,
                    ..Look::default()
                }
                .run(&intro),
            ),
        );
        // One table per theme under its name, as in the PDF.
        let mut groups: Vec<(Option<&str>, Vec<&crate::lower::ComplianceRow>)> = Vec::new();
        for row in &compliance.rows {
            match groups.last_mut() {
                Some((theme, rows)) if *theme == row.theme.as_deref() => rows.push(row),
                _ => groups.push((row.theme.as_deref(), vec![row])),
            }
        }
        for (theme, rows) in groups {
            if let Some(theme) = theme {
                docx = docx.add_paragraph(
                    Paragraph::new().keep_next(true).add_run(
                        Look {
                            italic: true,
                            bold: true,
                            size: Some(18),
                            ..Look::default()
                        }
                        .run(theme),
                    ),
                );
            }
            docx = docx.add_table(self.table(&rows));
        }
        let small = Look {
            size: Some(17),
            ..Look::default()
        };
        for note in &compliance.notes {
            let paragraph = Paragraph::new()
                .add_run(
                    Look {
                        superscript: true,
                        ..small
                    }
                    .run(&note.label),
                )
                .add_run(small.run(" "));
            docx = docx.add_paragraph(self.inlines(paragraph, &note.content, small));
        }
        docx
    }

    fn table(&mut self, rows: &[&crate::lower::ComplianceRow]) -> Table {
        let small = Look {
            size: Some(17),
            ..Look::default()
        };
        let widths: Vec<usize> = [0.7, 2.6, 1.2, 1.0, 2.6, 0.85]
            .iter()
            .map(|w| (w / 8.95 * TEXT_WIDTH as f64) as usize)
            .collect();
        let cell = |paragraphs: Vec<Paragraph>, width: usize| {
            let mut cell = TableCell::new().width(width, WidthType::Dxa);
            for paragraph in paragraphs {
                cell = cell.add_paragraph(paragraph.style(TABLE_TEXT).align(AlignmentType::Left));
            }
            cell
        };
        let header_look = Look {
            bold: true,
            italic: true,
            ..small
        };
        let header: Vec<TableCell> = [
            "id",
            "recommendation",
            "by",
            "response",
            "assessment",
            "evidence",
        ]
        .iter()
        .zip(&widths)
        .map(|(key, width)| {
            cell(
                vec![
                    Paragraph::new()
                        .add_run(header_look.run(&self.labels.get(&format!("table.{key}")))),
                ],
                *width,
            )
        })
        .collect();
        let mut table_rows = vec![TableRow::new(header).cant_split()];
        for row in rows {
            let texts: Vec<Paragraph> = if row.recommendations.len() == 1 {
                vec![Paragraph::new().add_run(small.run(&row.recommendations[0].text))]
            } else {
                row.recommendations
                    .iter()
                    .map(|r| {
                        Paragraph::new()
                            .add_run(
                                Look {
                                    bold: true,
                                    ..small
                                }
                                .run(&r.id),
                            )
                            .add_run(small.run(&format!(" {}", r.text)))
                    })
                    .collect()
            };
            let responses: Vec<String> = row
                .responses
                .iter()
                .map(|r| {
                    let word = self
                        .labels
                        .get(&format!("response.{}", response_key(r.response)));
                    if r.ids.is_empty() {
                        word
                    } else {
                        format!("{word} ({})", r.ids)
                    }
                })
                .collect();
            let mut response = Paragraph::new().add_run(small.run(&responses.join("; ")));
            if let Some(claim) = &row.claim {
                response = response.add_run(
                    Look {
                        superscript: true,
                        ..small
                    }
                    .run(claim),
                );
            }
            let mut assessment = vec![
                Paragraph::new().add_run(
                    Look {
                        bold: true,
                        ..small
                    }
                    .run(
                        &self
                            .labels
                            .get(&format!("status.{}", status_key(row.status))),
                    ),
                ),
            ];
            for paragraph in self.blocks(&row.comment, 0) {
                assessment.push(paragraph);
            }
            let cells = vec![
                cell(
                    vec![
                        Paragraph::new().add_run(
                            Look {
                                bold: true,
                                ..small
                            }
                            .run(&row.label),
                        ),
                    ],
                    widths[0],
                ),
                cell(texts, widths[1]),
                cell(
                    vec![Paragraph::new().add_run(small.run(&row.by.join(", ")))],
                    widths[2],
                ),
                cell(vec![response], widths[3]),
                cell(assessment, widths[4]),
                cell(
                    vec![Paragraph::new().add_run(small.run(&row.evidence.join(", ")))],
                    widths[5],
                ),
            ];
            table_rows.push(TableRow::new(cells).cant_split());
        }
        // The PDF's rules: horizontal only, heavier above and below the header.
        let rule = |position, size| {
            TableBorder::new(position)
                .border_type(BorderType::Single)
                .size(size)
        };
        let borders = TableBorders::with_empty()
            .set(rule(TableBorderPosition::Top, 6))
            .set(rule(TableBorderPosition::Bottom, 6))
            .set(rule(TableBorderPosition::InsideH, 2));
        Table::new(table_rows)
            .set_grid(widths)
            .width(TEXT_WIDTH, WidthType::Dxa)
            .layout(TableLayoutType::Fixed)
            .margins(TableCellMargins::new().margin(80, 60, 80, 60))
            .set_borders(borders)
    }
}

fn response_key(response: crate::model::Response) -> &'static str {
    match response {
        crate::model::Response::Supported => "supported",
        crate::model::Response::Noted => "noted",
        crate::model::Response::Pending => "pending",
    }
}

fn status_key(status: crate::model::Status) -> &'static str {
    match status {
        crate::model::Status::Implemented => "implemented",
        crate::model::Status::PartiallyImplemented => "partially-implemented",
        crate::model::Status::NotImplemented => "not-implemented",
        crate::model::Status::Unclear => "unclear",
    }
}
