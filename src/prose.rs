//! Prose fields are CommonMark, parsed by pulldown-cmark into a small AST
//! the template can render: paragraphs, unnumbered sub-headings, lists,
//! quotes, emphasis, links and notes.
//!
//! Notes use Pandoc's syntax, which many users know:
//! - `[@hrw-2004]`, `[@hrw-2004, p. 12]`: a citation, with a locator after
//!   the comma, printed as written; `[^hrw-2004]` means the same as `[@hrw-2004]`;
//! - `[see @ai, p. 2; see also @js3, p. 4 and @hrors, para. 1]`: several
//!   sources in one note, with words before and after each;
//! - `^[Free text, which may cite @ai, p. 3.]`: an explanatory note.
//!
//! Each becomes one [`Inline::Note`] (one mark, one note), whose content
//! holds [`Inline::Ref`]s where sources are named. Anything else stays text:
//! raw HTML, Typst markup and stray brackets print exactly as typed. A
//! citation that is almost right (`[^js3, p. 10]`, `[@]`) is a
//! [`Problem`], never printed literally.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use serde::Serialize;

/// A block of prose.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Block {
    /// A paragraph; body paragraphs get a number when lowered.
    Para {
        /// Paragraph number in the document, if numbered.
        number: Option<u32>,
        /// Its text.
        content: Vec<Inline>,
    },
    /// An unnumbered sub-heading inside a text (Markdown `### Heading`), in italics.
    Heading {
        /// Its text.
        content: Vec<Inline>,
    },
    /// A bulleted or numbered list; it belongs to the paragraph before it.
    List {
        /// Number of the first item for an ordered list, none for bullets.
        start: Option<u64>,
        /// The label of each item ("(a)", "–"), filled in when lowering.
        labels: Vec<String>,
        /// Items, each a sequence of blocks.
        items: Vec<Vec<Block>>,
    },
    /// A block quotation.
    Quote {
        /// What is quoted.
        blocks: Vec<Block>,
    },
}

/// Inline content.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Inline {
    /// Plain text, printed literally.
    Text {
        /// The characters.
        text: String,
    },
    /// Emphasis (italic).
    Emph {
        /// Emphasised content.
        content: Vec<Inline>,
    },
    /// Strong emphasis (bold).
    Strong {
        /// Strong content.
        content: Vec<Inline>,
    },
    /// Inline code, printed in the text face.
    Code {
        /// The characters.
        text: String,
    },
    /// A hyperlink.
    Link {
        /// Target address.
        url: String,
        /// Link text.
        content: Vec<Inline>,
    },
    /// A forced line break.
    Linebreak,
    /// A note: one mark in the text, its content in the note.
    Note {
        /// What the note says: text and [`Inline::Ref`]s (replaced by the
        /// formatted references when lowering).
        content: Vec<Inline>,
        /// Written as a citation (`[@a; @b]`) rather than as free text (`^[…]`).
        citation: bool,
        /// Number of the numbered note it points at, filled in when lowering.
        note: Option<u32>,
        /// Whether this mark creates its note (false: it repeats the number
        /// of an earlier note), filled in when lowering.
        first: bool,
        /// The mark as printed ("13", or "a" for a table note), filled in when lowering.
        mark: Option<String>,
        /// Whether the mark is a table note's, printed under the table.
        in_table: bool,
    },
    /// A source named inside a note, with its locator ("p. 12").
    Ref {
        /// Key of the source in the registry.
        key: String,
        /// The locator as written, if any.
        locator: Option<String>,
    },
}

impl Inline {
    fn text(text: impl Into<String>) -> Inline {
        Inline::Text { text: text.into() }
    }

    /// A note with `content`, not yet lowered.
    pub fn note(content: Vec<Inline>, citation: bool) -> Inline {
        Inline::Note {
            content,
            citation,
            note: None,
            first: false,
            mark: None,
            in_table: false,
        }
    }

    /// A citation of one source without locator, as `[@key]` writes it.
    pub fn cite(key: &str) -> Inline {
        Inline::note(
            vec![Inline::Ref {
                key: key.to_string(),
                locator: None,
            }],
            true,
        )
    }
}

/// A citation written almost right: what is wrong, where (the text as
/// written, to find it in the file), and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The offending text as written, e.g. `[^js3, p. 10]`.
    pub written: String,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: String,
}

/// A prose field parsed: its blocks and the citations that could not be read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Parsed {
    /// The blocks.
    pub blocks: Vec<Block>,
    /// Problems with citations, in reading order.
    pub problems: Vec<Problem>,
}

/// Parses a prose field.
pub fn parse(markdown: &str) -> Vec<Block> {
    parse_checked(markdown).blocks
}

/// Parses a prose field, reporting citations that could not be read.
pub fn parse_checked(markdown: &str) -> Parsed {
    let options = Options::ENABLE_STRIKETHROUGH;
    let mut builder = Builder::default();
    for event in Parser::new_ext(markdown, options) {
        builder.event(event);
    }
    builder.finish()
}

/// Keys of all sources cited in `blocks`, in reading order, repeats included.
pub fn citations(blocks: &[Block]) -> Vec<&str> {
    let mut keys = Vec::new();
    visit_inlines(blocks, &mut |inline| {
        if let Inline::Ref { key, .. } = inline {
            keys.push(key.as_str());
        }
    });
    keys
}

/// The inlines an inline contains (emphasis, a link, a note).
fn children(inline: &Inline) -> &[Inline] {
    match inline {
        Inline::Emph { content }
        | Inline::Strong { content }
        | Inline::Link { content, .. }
        | Inline::Note { content, .. } => content,
        _ => &[],
    }
}

fn children_mut(inline: &mut Inline) -> Option<&mut Vec<Inline>> {
    match inline {
        Inline::Emph { content }
        | Inline::Strong { content }
        | Inline::Link { content, .. }
        | Inline::Note { content, .. } => Some(content),
        _ => None,
    }
}

/// Calls `f` on every inline of `blocks`, depth first, in reading order.
pub fn visit_inlines<'a>(blocks: &'a [Block], f: &mut impl FnMut(&'a Inline)) {
    fn inlines<'a>(items: &'a [Inline], f: &mut impl FnMut(&'a Inline)) {
        for inline in items {
            f(inline);
            inlines(children(inline), f);
        }
    }
    for block in blocks {
        match block {
            Block::Para { content, .. } | Block::Heading { content } => inlines(content, f),
            Block::List { items, .. } => items.iter().for_each(|item| visit_inlines(item, f)),
            Block::Quote { blocks } => visit_inlines(blocks, f),
        }
    }
}

/// Calls `f` on every inline of `blocks` mutably, in reading order; `f`
/// sees an inline before its children.
pub fn visit_inlines_mut(blocks: &mut [Block], f: &mut impl FnMut(&mut Inline)) {
    for block in blocks {
        match block {
            Block::Para { content, .. } | Block::Heading { content } => {
                visit_inline_list_mut(content, f)
            }
            Block::List { items, .. } => {
                items.iter_mut().for_each(|item| visit_inlines_mut(item, f))
            }
            Block::Quote { blocks } => visit_inlines_mut(blocks, f),
        }
    }
}

/// Calls `f` on every inline of `items` and their children, in reading order.
pub fn visit_inline_list_mut(items: &mut [Inline], f: &mut impl FnMut(&mut Inline)) {
    for inline in items {
        f(inline);
        if let Some(content) = children_mut(inline) {
            visit_inline_list_mut(content, f);
        }
    }
}

/// Plain text of inlines (for word counts); notes are left out.
pub fn inline_text(items: &[Inline]) -> String {
    let mut out = String::new();
    inlines(items, &mut out);
    out
}

fn inlines(items: &[Inline], out: &mut String) {
    for inline in items {
        match inline {
            Inline::Text { text } | Inline::Code { text } => out.push_str(text),
            Inline::Linebreak => out.push('\n'),
            Inline::Emph { content }
            | Inline::Strong { content }
            | Inline::Link { content, .. } => inlines(content, out),
            Inline::Note { .. } | Inline::Ref { .. } => {}
        }
    }
}

/// Plain text of blocks (for word counts), one line per paragraph; notes
/// are left out.
pub fn plain_text(blocks: &[Block]) -> String {
    fn walk(blocks: &[Block], out: &mut String) {
        for block in blocks {
            match block {
                Block::Para { content, .. } | Block::Heading { content } => {
                    inlines(content, out);
                    out.push('\n');
                }
                Block::List { items, .. } => items.iter().for_each(|item| walk(item, out)),
                Block::Quote { blocks } => walk(blocks, out),
            }
        }
    }
    let mut out = String::new();
    walk(blocks, &mut out);
    out
}

/// Builds blocks from pulldown-cmark's event stream with a stack of open containers.
#[derive(Default)]
struct Builder {
    /// Finished top-level blocks.
    blocks: Vec<Block>,
    /// Open containers, innermost last.
    stack: Vec<Container>,
    /// Text not yet split into text and citations.
    pending_text: String,
    problems: Vec<Problem>,
}

enum Container {
    Para(Vec<Inline>),
    Heading(Vec<Inline>),
    List(Option<u64>, Vec<Vec<Block>>),
    Item(Vec<Block>, Vec<Inline>),
    Quote(Vec<Block>),
    Span(SpanKind, Vec<Inline>),
    /// An inline note `^[…]` being read: its content, and how many `[`
    /// inside it are still open.
    Note(Vec<Inline>, usize),
}

enum SpanKind {
    Emph,
    Strong,
    Link(String),
    /// Constructs printed as their content (strikethrough, images).
    Plain,
}

impl Builder {
    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Text(text) => self.pending_text.push_str(&text),
            // HTML and math are not markup here: they print as typed.
            Event::Html(text)
            | Event::InlineHtml(text)
            | Event::InlineMath(text)
            | Event::DisplayMath(text) => self.pending_text.push_str(&text),
            Event::Code(text) => self.push_inline(Inline::Code {
                text: text.to_string(),
            }),
            Event::SoftBreak => self.pending_text.push(' '),
            Event::HardBreak => self.push_inline(Inline::Linebreak),
            Event::FootnoteReference(key) => self.push_inline(Inline::cite(&key)),
            Event::Rule | Event::TaskListMarker(_) => {}
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        self.flush_text();
        let container = match tag {
            Tag::Heading { .. } => Container::Heading(Vec::new()),
            Tag::Paragraph | Tag::CodeBlock(_) | Tag::HtmlBlock => Container::Para(Vec::new()),
            Tag::BlockQuote(_) => Container::Quote(Vec::new()),
            Tag::List(start) => Container::List(start, Vec::new()),
            Tag::Item => Container::Item(Vec::new(), Vec::new()),
            Tag::Emphasis => Container::Span(SpanKind::Emph, Vec::new()),
            Tag::Strong => Container::Span(SpanKind::Strong, Vec::new()),
            Tag::Link { dest_url, .. } => {
                Container::Span(SpanKind::Link(dest_url.to_string()), Vec::new())
            }
            _ => Container::Span(SpanKind::Plain, Vec::new()),
        };
        self.stack.push(container);
    }

    fn end(&mut self, _tag: TagEnd) {
        self.flush_text();
        // A note still open when its paragraph ends was never closed.
        while let Some(Container::Note(..)) = self.stack.last() {
            if let Some(Container::Note(content, _)) = self.stack.pop() {
                self.unclosed_note(content);
            }
        }
        let Some(container) = self.stack.pop() else {
            return;
        };
        match container {
            Container::Para(content) => self.push_block(Block::Para {
                number: None,
                content,
            }),
            Container::Heading(content) => self.push_block(Block::Heading { content }),
            Container::Quote(blocks) => self.push_block(Block::Quote { blocks }),
            Container::List(start, items) => self.push_block(Block::List {
                start,
                labels: Vec::new(),
                items,
            }),
            Container::Item(mut blocks, loose) => {
                if !loose.is_empty() {
                    blocks.insert(
                        0,
                        Block::Para {
                            number: None,
                            content: loose,
                        },
                    );
                }
                if let Some(Container::List(_, items)) = self.stack.last_mut() {
                    items.push(blocks);
                }
            }
            Container::Span(kind, content) => {
                let inline = match kind {
                    SpanKind::Emph => Inline::Emph { content },
                    SpanKind::Strong => Inline::Strong { content },
                    SpanKind::Link(url) => Inline::Link { url, content },
                    SpanKind::Plain => {
                        for inline in content {
                            self.push_inline(inline);
                        }
                        return;
                    }
                };
                self.push_inline(inline);
            }
            Container::Note(content, _) => self.unclosed_note(content),
        }
    }

    /// An inline note without its closing `]`: reported, its text kept.
    fn unclosed_note(&mut self, content: Vec<Inline>) {
        let mut written = String::from("^[");
        for inline in &content {
            if let Inline::Text { text } = inline {
                written.push_str(text);
            }
        }
        self.problems.push(Problem {
            written: "^[".into(),
            message: format!(
                "the note `{}` is not closed",
                written.chars().take(40).collect::<String>()
            ),
            help: "end an inline note with `]`, e.g. `^[Free text of the note.]`".into(),
        });
        self.push_inline_raw(Inline::text("^["));
        for inline in content {
            self.push_inline_raw(inline);
        }
    }

    fn push_block(&mut self, block: Block) {
        match self.stack.last_mut() {
            Some(Container::Quote(blocks)) => blocks.push(block),
            Some(Container::Item(blocks, loose)) => {
                if !loose.is_empty() {
                    blocks.push(Block::Para {
                        number: None,
                        content: std::mem::take(loose),
                    });
                }
                blocks.push(block);
            }
            _ => self.blocks.push(block),
        }
    }

    fn push_inline(&mut self, inline: Inline) {
        self.flush_text();
        self.push_inline_raw(inline);
    }

    fn push_inline_raw(&mut self, inline: Inline) {
        match self.stack.last_mut() {
            Some(Container::Para(content))
            | Some(Container::Heading(content))
            | Some(Container::Span(_, content))
            | Some(Container::Note(content, _))
            | Some(Container::Item(_, content)) => content.push(inline),
            // Inline content outside any paragraph (e.g. in a quote's tight
            // text) gets a paragraph of its own.
            _ => self.push_block(Block::Para {
                number: None,
                content: vec![inline],
            }),
        }
    }

    fn in_note(&self) -> bool {
        self.stack.iter().any(|c| matches!(c, Container::Note(..)))
    }

    /// Splits accumulated text into text, citations and the edges of inline notes.
    fn flush_text(&mut self) {
        if self.pending_text.is_empty() {
            return;
        }
        let text = std::mem::take(&mut self.pending_text);
        let mut rest = text.as_str();
        loop {
            // The next `^[` opening a note, or `]` closing the open one.
            let open = rest.find("^[");
            let close = match self.stack.last() {
                Some(Container::Note(_, depth)) => closing_bracket(rest, *depth),
                _ => None,
            };
            match (open, close) {
                (Some(o), c) if c.is_none_or(|(c, _)| o < c) => {
                    self.push_text(&rest[..o]);
                    self.stack.push(Container::Note(Vec::new(), 0));
                    rest = &rest[o + 2..];
                }
                (_, Some((c, depth))) => {
                    self.push_text(&rest[..c]);
                    if let Some(Container::Note(content, _)) = self.stack.pop() {
                        let _ = depth;
                        self.push_inline_raw(Inline::note(content, false));
                    }
                    rest = &rest[c + 1..];
                }
                _ => {
                    // Brackets opened inside an open note stay open for later text.
                    if let Some(Container::Note(_, depth)) = self.stack.last_mut() {
                        *depth = bracket_depth(rest, *depth);
                    }
                    self.push_text(rest);
                    return;
                }
            }
        }
    }

    /// Text of one run, citations split out.
    fn push_text(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        let in_note = self.in_note();
        for piece in split_citations(text, in_note, &mut self.problems) {
            self.push_inline_raw(piece);
        }
    }

    fn finish(mut self) -> Parsed {
        self.flush_text();
        while !self.stack.is_empty() {
            self.end(TagEnd::Paragraph);
        }
        Parsed {
            blocks: self.blocks,
            problems: self.problems,
        }
    }
}

/// Where the `]` closing a note is in `text`, given `depth` brackets still
/// open inside the note; with the depth after it.
fn closing_bracket(text: &str, mut depth: usize) -> Option<(usize, usize)> {
    for (i, c) in text.char_indices() {
        match c {
            '[' => depth += 1,
            ']' if depth == 0 => return Some((i, 0)),
            ']' => depth -= 1,
            _ => {}
        }
    }
    None
}

fn bracket_depth(text: &str, mut depth: usize) -> usize {
    for c in text.chars() {
        match c {
            '[' => depth += 1,
            ']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    depth
}

/// Whether `c` may appear in a source key.
pub fn is_key_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | ':')
}

/// The key at the start of `text` (after `@`): key characters, but a final
/// `.` or `:` ends the sentence, not the key.
fn key_at(text: &str) -> &str {
    let end = text.find(|c: char| !is_key_char(c)).unwrap_or(text.len());
    text[..end].trim_end_matches(['.', ':'])
}

/// Words that join or introduce the sources of one note; they belong to the
/// next source's prefix, not to the previous one's locator.
const CONNECTORS: &[&str] = &[
    "and",
    "&",
    "or",
    "see",
    "also",
    "cf.",
    "et",
    "ou",
    "voir",
    "aussi",
    "y",
    "o",
    "ver",
    "también",
    "и",
    "или",
    "см.",
    "также",
];

/// Splits a run of text into text and citations: `[^key]` and `[@…]`
/// groups anywhere; inside a note, bare `@key` references too.
fn split_citations(text: &str, in_note: bool, problems: &mut Vec<Problem>) -> Vec<Inline> {
    let mut pieces = Vec::new();
    let mut plain = String::new();
    let mut rest = text;
    while !rest.is_empty() {
        let next_bracket = rest.find('[');
        let next_at = if in_note { bare_reference(rest) } else { None };
        match (next_bracket, next_at) {
            (Some(b), at) if at.is_none_or(|a| b < a) => {
                plain.push_str(&rest[..b]);
                let after = &rest[b..];
                match citation_group(after) {
                    Group::Citation(note, len) => {
                        flush_plain(&mut plain, &mut pieces);
                        pieces.push(note);
                        rest = &after[len..];
                    }
                    Group::Malformed(problem, len) => {
                        problems.push(problem);
                        plain.push_str(&after[..len]);
                        rest = &after[len..];
                    }
                    Group::NotACitation => {
                        plain.push('[');
                        rest = &after[1..];
                    }
                }
            }
            (_, Some(a)) => {
                plain.push_str(&rest[..a]);
                let after = &rest[a + 1..];
                let key = key_at(after);
                let after_key = &after[key.len()..];
                let locator_len = locator_after(after_key, false);
                let locator =
                    (locator_len > 0).then(|| after_key[2..locator_len].trim().to_string());
                flush_plain(&mut plain, &mut pieces);
                pieces.push(Inline::Ref {
                    key: key.to_string(),
                    locator,
                });
                rest = &after_key[locator_len..];
            }
            _ => {
                plain.push_str(rest);
                rest = "";
            }
        }
    }
    flush_plain(&mut plain, &mut pieces);
    pieces
}

fn flush_plain(plain: &mut String, pieces: &mut Vec<Inline>) {
    if !plain.is_empty() {
        pieces.push(Inline::text(std::mem::take(plain)));
    }
}

/// The byte position of the next `@key` in note text: `@` at the start or
/// after a space or an opening bracket, followed by a key.
fn bare_reference(text: &str) -> Option<usize> {
    let mut previous: Option<char> = None;
    for (i, c) in text.char_indices() {
        if c == '@'
            && previous.is_none_or(|p| p.is_whitespace() || matches!(p, '(' | '[' | ';'))
            && !key_at(&text[i + 1..]).is_empty()
        {
            return Some(i);
        }
        previous = Some(c);
    }
    None
}

/// The length of a locator after a key: `, p. 12` (a label and a value).
/// In a citation group (`liberal`), anything after the comma up to the next
/// `;` or the next source is the locator.
fn locator_after(text: &str, liberal: bool) -> usize {
    let Some(body) = text.strip_prefix(", ") else {
        return 0;
    };
    // A label ("p.", "paras.", "s", "art.", "§") and a value ("12", "7-8", "80.2").
    let label_len = body
        .find(|c: char| !(c.is_alphabetic() || c == '.' || c == '§'))
        .unwrap_or(body.len());
    let after_label = &body[label_len..];
    let spaces = after_label.len() - after_label.trim_start().len();
    let value = &after_label[spaces..];
    let value_len = value
        .find(|c: char| !(c.is_alphanumeric() || matches!(c, '.' | '-' | '–' | '/' | '(' | ')')))
        .unwrap_or(value.len());
    let value_text = value[..value_len].trim_end_matches('.');
    let has_value = label_len > 0
        && spaces > 0
        && value_text.starts_with(|c: char| c.is_ascii_digit() || "IVXLCivxlc".contains(c));
    if has_value {
        return 2 + label_len + spaces + value_text.len();
    }
    if !liberal {
        return 0;
    }
    let end = body.find([';', '@']).unwrap_or(body.len());
    if end == 0 { 0 } else { 2 + end }
}

enum Group {
    /// A citation: the note, and the length of its text.
    Citation(Inline, usize),
    /// Written like a citation but unreadable: the problem, and the length
    /// of the text it covers.
    Malformed(Problem, usize),
    /// An ordinary bracket.
    NotACitation,
}

/// Reads a citation starting at `[`: `[^key]` or a `[…@key…]` group.
fn citation_group(text: &str) -> Group {
    let Some(close) = text.find(']') else {
        return Group::NotACitation;
    };
    let inner = &text[1..close];
    let written = &text[..=close];
    let len = close + 1;
    if let Some(key) = inner.strip_prefix('^') {
        if !key.is_empty() && key.chars().all(is_key_char) {
            return Group::Citation(Inline::cite(key), len);
        }
        if inner.contains("](") || text[len..].starts_with('(') {
            return Group::NotACitation;
        }
        let first = key.split([',', ' ']).find(|k| !k.is_empty()).unwrap_or("");
        let help = if key.contains(',') && !first.is_empty() {
            format!(
                "a citation with a locator is written with `@`: `[@{first}{}]`",
                &key[key.find(',').unwrap_or(key.len())..]
            )
        } else if key.trim().is_empty() {
            "write the key of a source of the sources file, e.g. `[@hrw-2004]`".into()
        } else {
            "keys are one word of letters, digits, `-`, `_`, `.` or `:`; several sources are written `[@a; @b]`".into()
        };
        return Group::Malformed(
            Problem {
                written: written.into(),
                message: format!("`{written}` is not a citation"),
                help,
            },
            len,
        );
    }
    // A group holds at least one `@` at the start of a word.
    let has_at = inner
        .char_indices()
        .any(|(i, c)| c == '@' && (i == 0 || inner[..i].ends_with([' ', ';', '('])));
    if !has_at || text[len..].starts_with('(') {
        return Group::NotACitation;
    }
    match parse_group(inner) {
        Ok(content) => Group::Citation(Inline::note(content, true), len),
        Err(message) => Group::Malformed(
            Problem {
                written: written.into(),
                message: format!("`{written}`: {message}"),
                help: "write `[@key]`, `[@key, p. 12]` or `[see @a, p. 2; @b]`, with keys from the sources file".into(),
            },
            len,
        ),
    }
}

/// The content of a citation group: text (prefixes, separators, suffixes)
/// and references, in order.
fn parse_group(inner: &str) -> Result<Vec<Inline>, String> {
    let mut content = Vec::new();
    let mut plain = String::new();
    let mut rest = inner;
    while let Some(at) = group_reference(rest) {
        plain.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let key = key_at(after);
        if key.is_empty() {
            return Err("`@` without a source key".into());
        }
        let after_key = &after[key.len()..];
        let locator_len = locator_after(after_key, true);
        let written = after_key.get(2..locator_len).unwrap_or("");
        // Words joining the next source ("and", "see also") belong to it.
        let (locator, joining) = if after_key[locator_len..].starts_with('@') {
            split_joining_words(written)
        } else {
            (written, "")
        };
        flush_plain(&mut plain, &mut content);
        content.push(Inline::Ref {
            key: key.to_string(),
            locator: Some(locator.trim().to_string()).filter(|l| !l.is_empty()),
        });
        plain.push_str(joining);
        rest = &after_key[locator_len..];
    }
    plain.push_str(rest);
    flush_plain(&mut plain, &mut content);
    if !content.iter().any(|c| matches!(c, Inline::Ref { .. })) {
        return Err("no source key".into());
    }
    Ok(content)
}

/// The next `@` of a group that starts a reference: at the start, or after
/// a space, `;` or `(`.
fn group_reference(text: &str) -> Option<usize> {
    text.char_indices()
        .find(|&(i, c)| c == '@' && (i == 0 || text[..i].ends_with([' ', ';', '('])))
        .map(|(i, _)| i)
}

/// "passim and " → ("passim", " and "): trailing joining words split off.
fn split_joining_words(text: &str) -> (&str, &str) {
    let mut end = text.trim_end().len();
    loop {
        let head = &text[..end];
        let start = head.rfind(' ').map_or(0, |i| i + 1);
        let word = &head[start..];
        if word.is_empty() || !CONNECTORS.contains(&word.to_lowercase().as_str()) {
            break;
        }
        end = head[..start].trim_end().len();
    }
    (&text[..end], &text[end..])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Inline {
        Inline::Text { text: s.into() }
    }
    fn r(key: &str, locator: Option<&str>) -> Inline {
        Inline::Ref {
            key: key.into(),
            locator: locator.map(String::from),
        }
    }
    fn group(content: Vec<Inline>) -> Inline {
        Inline::note(content, true)
    }
    fn para(content: Vec<Inline>) -> Vec<Block> {
        vec![Block::Para {
            number: None,
            content,
        }]
    }

    #[test]
    fn both_citation_syntaxes_make_one_note_each() {
        let blocks = parse("Held under armed guard.[^ng-2002] Then [@hrw] and [@hrw].");
        assert_eq!(
            blocks,
            para(vec![
                text("Held under armed guard."),
                Inline::cite("ng-2002"),
                text(" Then "),
                Inline::cite("hrw"),
                text(" and "),
                Inline::cite("hrw"),
                text("."),
            ])
        );
        assert_eq!(citations(&blocks), ["ng-2002", "hrw", "hrw"]);
    }

    #[test]
    fn locators_prefixes_and_several_sources_in_one_note() {
        let blocks = parse("A.[@hrw-2004, p. 12] B.[@criminal-code, s 80.2] C.[@js1, paras. 7-8]");
        assert_eq!(
            blocks,
            para(vec![
                text("A."),
                group(vec![r("hrw-2004", Some("p. 12"))]),
                text(" B."),
                group(vec![r("criminal-code", Some("s 80.2"))]),
                text(" C."),
                group(vec![r("js1", Some("paras. 7-8"))]),
            ])
        );
        let blocks = parse("Text.[see @ai, p. 2; see also @js3, p. 4 and @hrors, para. 1]");
        assert_eq!(
            blocks,
            para(vec![
                text("Text."),
                group(vec![
                    text("see "),
                    r("ai", Some("p. 2")),
                    text("; see also "),
                    r("js3", Some("p. 4")),
                    text(" and "),
                    r("hrors", Some("para. 1")),
                ]),
            ])
        );
        // A locator with words that are not a label and a value.
        let blocks = parse("X.[@ai, passim]");
        assert_eq!(
            blocks,
            para(vec![text("X."), group(vec![r("ai", Some("passim"))])])
        );
    }

    #[test]
    fn inline_notes_hold_text_formatting_and_references() {
        let blocks = parse("Text.^[Free text of a *note*, which may cite @ai, p. 3.] More.");
        assert_eq!(
            blocks,
            para(vec![
                text("Text."),
                Inline::note(
                    vec![
                        text("Free text of a "),
                        Inline::Emph {
                            content: vec![text("note")]
                        },
                        text(", which may cite "),
                        r("ai", Some("p. 3")),
                        text("."),
                    ],
                    false
                ),
                text(" More."),
            ])
        );
        // Brackets inside a note, and an e-mail address, stay text.
        let blocks = parse("T.^[See [the list] at info@odf.org.]");
        assert_eq!(
            blocks,
            para(vec![
                text("T."),
                Inline::note(vec![text("See [the list] at info@odf.org.")], false),
            ])
        );
    }

    #[test]
    fn almost_citations_are_problems_never_text() {
        for (written, message) in [
            ("[^js3, p. 10]", "`[^js3, p. 10]` is not a citation"),
            ("[^two words]", "`[^two words]` is not a citation"),
            ("[@]", "`[@]`: `@` without a source key"),
            ("[see @ ]", "`[see @ ]`: `@` without a source key"),
        ] {
            let parsed = parse_checked(&format!("Text {written} more."));
            assert_eq!(parsed.problems.len(), 1, "{written}: {parsed:?}");
            assert_eq!(parsed.problems[0].message, message);
            assert_eq!(parsed.problems[0].written, written);
        }
        assert_eq!(
            parse_checked("[^js3, p. 10]").problems[0].help,
            "a citation with a locator is written with `@`: `[@js3, p. 10]`"
        );
        let unclosed = parse_checked("Text.^[A note without end");
        assert_eq!(unclosed.problems.len(), 1);
        assert!(unclosed.problems[0].message.contains("is not closed"));
    }

    #[test]
    fn sub_headings_paragraphs_lists_and_quotes() {
        let blocks = parse(
            "One *two* **three**.\n\n### The appeal\n\nIn particular:\n\n- first;\n- second.\n\n> quoted\n",
        );
        assert_eq!(blocks.len(), 5);
        assert_eq!(
            blocks[1],
            Block::Heading {
                content: vec![text("The appeal")]
            }
        );
        let Block::List {
            start: None, items, ..
        } = &blocks[3]
        else {
            panic!("{blocks:?}")
        };
        assert_eq!(items.len(), 2);
        assert_eq!(plain_text(&items[1]), "second.\n");
        assert!(matches!(&blocks[4], Block::Quote { .. }));
        assert_eq!(
            plain_text(&blocks[..3]),
            "One two three.\nThe appeal\nIn particular:\n"
        );
    }

    #[test]
    fn markup_of_other_languages_stays_text() {
        let source = r#"#read("/etc/passwd") $x$ ] <l> @ref \ <b>bold</b> [x] [a](b) info@x.org"#;
        let parsed = parse_checked(source);
        assert_eq!(
            plain_text(&parsed.blocks),
            "#read(\"/etc/passwd\") $x$ ] <l> @ref \\ <b>bold</b> [x] a info@x.org\n"
        );
        assert!(citations(&parsed.blocks).is_empty());
        assert!(parsed.problems.is_empty());
    }
}
