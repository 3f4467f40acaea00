//! Prose fields are CommonMark, parsed by pulldown-cmark into a small AST
//! the template can render: paragraphs, lists, quotes, emphasis, links and
//! citations. A citation is written `[^source-key]`, Markdown's footnote
//! syntax, and is resolved against the sources registry later (check, lower).
//!
//! Everything that is not one of these constructs stays text: raw HTML,
//! Typst markup and stray brackets print exactly as typed.

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
    /// A bulleted or numbered list; it belongs to the paragraph before it.
    List {
        /// Number of the first item for an ordered list, none for bullets.
        start: Option<u64>,
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
    /// A citation of a source.
    Cite {
        /// Key of the source in the registry.
        key: String,
        /// Number of the numbered note it points at, filled in when lowering.
        note: Option<u32>,
        /// Whether this citation creates its note (false: it repeats the
        /// number of an earlier note), filled in when lowering.
        first: bool,
        /// The mark as printed ("13", or "a" for a table note), filled in when lowering.
        mark: Option<String>,
        /// Whether the mark is a table note's, printed under the table.
        in_table: bool,
    },
}

impl Inline {
    /// A citation of `key`, not yet lowered.
    pub fn cite(key: &str) -> Inline {
        Inline::Cite {
            key: key.to_string(),
            note: None,
            first: false,
            mark: None,
            in_table: false,
        }
    }
}

/// Parses a prose field.
pub fn parse(markdown: &str) -> Vec<Block> {
    let options = Options::ENABLE_STRIKETHROUGH;
    let mut builder = Builder::default();
    for event in Parser::new_ext(markdown, options) {
        builder.event(event);
    }
    builder.finish()
}

/// Keys of all citations in `blocks`, in reading order, repeats included.
pub fn citations(blocks: &[Block]) -> Vec<&str> {
    let mut keys = Vec::new();
    visit_inlines(blocks, &mut |inline| {
        if let Inline::Cite { key, .. } = inline {
            keys.push(key.as_str());
        }
    });
    keys
}

/// Calls `f` on every inline of `blocks`, depth first, in reading order.
pub fn visit_inlines<'a>(blocks: &'a [Block], f: &mut impl FnMut(&'a Inline)) {
    fn inlines<'a>(items: &'a [Inline], f: &mut impl FnMut(&'a Inline)) {
        for inline in items {
            f(inline);
            match inline {
                Inline::Emph { content }
                | Inline::Strong { content }
                | Inline::Link { content, .. } => inlines(content, f),
                _ => {}
            }
        }
    }
    for block in blocks {
        match block {
            Block::Para { content, .. } => inlines(content, f),
            Block::List { items, .. } => items.iter().for_each(|item| visit_inlines(item, f)),
            Block::Quote { blocks } => visit_inlines(blocks, f),
        }
    }
}

/// Calls `f` on every inline of `blocks` mutably, in reading order.
pub fn visit_inlines_mut(blocks: &mut [Block], f: &mut impl FnMut(&mut Inline)) {
    fn inlines(items: &mut [Inline], f: &mut impl FnMut(&mut Inline)) {
        for inline in items {
            f(inline);
            match inline {
                Inline::Emph { content }
                | Inline::Strong { content }
                | Inline::Link { content, .. } => inlines(content, f),
                _ => {}
            }
        }
    }
    for block in blocks {
        match block {
            Block::Para { content, .. } => inlines(content, f),
            Block::List { items, .. } => {
                items.iter_mut().for_each(|item| visit_inlines_mut(item, f))
            }
            Block::Quote { blocks } => visit_inlines_mut(blocks, f),
        }
    }
}

/// Plain text of blocks (for word counts), one line per paragraph.
pub fn plain_text(blocks: &[Block]) -> String {
    fn inlines(items: &[Inline], out: &mut String) {
        for inline in items {
            match inline {
                Inline::Text { text } | Inline::Code { text } => out.push_str(text),
                Inline::Linebreak => out.push('\n'),
                Inline::Emph { content }
                | Inline::Strong { content }
                | Inline::Link { content, .. } => inlines(content, out),
                Inline::Cite { .. } => {}
            }
        }
    }
    fn walk(blocks: &[Block], out: &mut String) {
        for block in blocks {
            match block {
                Block::Para { content, .. } => {
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
}

enum Container {
    Para(Vec<Inline>),
    List(Option<u64>, Vec<Vec<Block>>),
    Item(Vec<Block>, Vec<Inline>),
    Quote(Vec<Block>),
    Span(SpanKind, Vec<Inline>),
}

enum SpanKind {
    Emph,
    Strong,
    Link(String),
    /// Constructs printed as their content (strikethrough, headings, images).
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
            Tag::Paragraph | Tag::Heading { .. } | Tag::CodeBlock(_) | Tag::HtmlBlock => {
                Container::Para(Vec::new())
            }
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
        let Some(container) = self.stack.pop() else {
            return;
        };
        match container {
            Container::Para(content) => self.push_block(Block::Para {
                number: None,
                content,
            }),
            Container::Quote(blocks) => self.push_block(Block::Quote { blocks }),
            Container::List(start, items) => self.push_block(Block::List { start, items }),
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
            | Some(Container::Span(_, content))
            | Some(Container::Item(_, content)) => content.push(inline),
            // Inline content outside any paragraph (e.g. in a quote's tight
            // text) gets a paragraph of its own.
            _ => self.push_block(Block::Para {
                number: None,
                content: vec![inline],
            }),
        }
    }

    /// Splits accumulated text into text runs and `[^key]` citations.
    fn flush_text(&mut self) {
        if self.pending_text.is_empty() {
            return;
        }
        let text = std::mem::take(&mut self.pending_text);
        for piece in split_citations(&text) {
            self.push_inline_raw(piece);
        }
    }

    fn finish(mut self) -> Vec<Block> {
        self.flush_text();
        while !self.stack.is_empty() {
            self.end(TagEnd::Paragraph);
        }
        self.blocks
    }
}

/// Whether `c` may appear in a source key.
pub fn is_key_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | ':')
}

fn split_citations(text: &str) -> Vec<Inline> {
    let mut pieces = Vec::new();
    let mut rest = text;
    let mut plain = String::new();
    while let Some(start) = rest.find("[^") {
        let after = &rest[start + 2..];
        let key_len = after.find(|c: char| !is_key_char(c)).unwrap_or(after.len());
        if key_len > 0 && after[key_len..].starts_with(']') {
            plain.push_str(&rest[..start]);
            if !plain.is_empty() {
                pieces.push(Inline::Text {
                    text: std::mem::take(&mut plain),
                });
            }
            pieces.push(Inline::cite(&after[..key_len]));
            rest = &after[key_len + 1..];
        } else {
            plain.push_str(&rest[..start + 2]);
            rest = after;
        }
    }
    plain.push_str(rest);
    if !plain.is_empty() {
        pieces.push(Inline::Text { text: plain });
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Inline {
        Inline::Text { text: s.into() }
    }
    fn cite(k: &str) -> Inline {
        Inline::cite(k)
    }

    #[test]
    fn citations_are_split_out_of_text() {
        let blocks = parse("Held under armed guard.[^ng-2002] Then [^hrw] and [^hrw].");
        assert_eq!(
            blocks,
            vec![Block::Para {
                number: None,
                content: vec![
                    text("Held under armed guard."),
                    cite("ng-2002"),
                    text(" Then "),
                    cite("hrw"),
                    text(" and "),
                    cite("hrw"),
                    text(".")
                ]
            }]
        );
        assert_eq!(citations(&blocks), ["ng-2002", "hrw", "hrw"]);
    }

    #[test]
    fn paragraphs_lists_and_quotes() {
        let blocks =
            parse("One *two* **three**.\n\nIn particular:\n\n- first;\n- second.\n\n> quoted\n");
        assert_eq!(blocks.len(), 4);
        let Block::List { start: None, items } = &blocks[2] else {
            panic!("{blocks:?}")
        };
        assert_eq!(items.len(), 2);
        assert_eq!(plain_text(&items[1]), "second.\n");
        assert!(matches!(&blocks[3], Block::Quote { .. }));
        assert_eq!(plain_text(&blocks[..2]), "One two three.\nIn particular:\n");
    }

    #[test]
    fn markup_of_other_languages_stays_text() {
        let source = r#"#read("/etc/passwd") $x$ ] <l> @ref \ <b>bold</b> [^ not a key] [x]"#;
        let blocks = parse(source);
        assert_eq!(
            plain_text(&blocks),
            "#read(\"/etc/passwd\") $x$ ] <l> @ref \\ <b>bold</b> [^ not a key] [x]\n"
        );
        assert!(citations(&blocks).is_empty());
    }
}
