//! What a reader sees on the laid-out pages: text runs with their position
//! and size, and link targets. Used by tests (and `uprc build --dump-text`)
//! to assert on the real layout, not on the data that went in.

use typst::layout::{Frame, FrameItem, Transform};
use typst::model::Destination;
use typst_layout::PagedDocument;

/// A run of text as laid out.
#[derive(Debug, Clone, PartialEq)]
pub struct TextRun {
    /// Page number, from 1.
    pub page: usize,
    /// Left edge, in points from the page's left edge.
    pub x: f64,
    /// Baseline, in points from the page's top edge.
    pub y: f64,
    /// Font size in points.
    pub size: f64,
    /// Advance width in points.
    pub width: f64,
    /// The characters.
    pub text: String,
}

/// All text runs of the document, page by page in layout order.
pub fn text_runs(document: &PagedDocument) -> Vec<TextRun> {
    let mut runs = Vec::new();
    for (index, page) in document.pages().iter().enumerate() {
        collect(&page.frame, Transform::identity(), index + 1, &mut runs);
    }
    runs
}

fn collect(frame: &Frame, transform: Transform, page: usize, runs: &mut Vec<TextRun>) {
    for (pos, item) in frame.items() {
        let at = pos.transform(transform);
        match item {
            FrameItem::Group(group) => {
                let inner = transform
                    .pre_concat(Transform::translate(pos.x, pos.y))
                    .pre_concat(group.transform);
                collect(&group.frame, inner, page, runs);
            }
            FrameItem::Text(text) => runs.push(TextRun {
                page,
                x: at.x.to_pt(),
                y: at.y.to_pt(),
                size: text.size.to_pt(),
                width: text.width().to_pt(),
                text: text.text.to_string(),
            }),
            _ => {}
        }
    }
}

/// Web addresses of all links, in layout order.
pub fn link_urls(document: &PagedDocument) -> Vec<String> {
    fn walk(frame: &Frame, urls: &mut Vec<String>) {
        for (_, item) in frame.items() {
            match item {
                FrameItem::Group(group) => walk(&group.frame, urls),
                FrameItem::Link(Destination::Url(url), _) => urls.push(url.as_str().to_string()),
                _ => {}
            }
        }
    }
    let mut urls = Vec::new();
    for page in document.pages() {
        walk(&page.frame, &mut urls);
    }
    urls
}

/// The text of each page, lines joined by newlines (a new line starts where
/// the baseline moves down); runs on a line are joined directly when they
/// touch, by a space when there is a gap between them.
pub fn page_texts(document: &PagedDocument) -> Vec<String> {
    let runs = text_runs(document);
    (1..=document.pages().len())
        .map(|page| {
            let on_page: Vec<&TextRun> = runs.iter().filter(|r| r.page == page).collect();
            lines(&on_page).join("\n")
        })
        .collect()
}

/// Runs (in layout order) joined into lines as a reader sees them: a new
/// line where the baseline moves by more than a superscript's raise.
pub fn lines(runs: &[&TextRun]) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut last: Option<&TextRun> = None;
    for run in runs {
        match last {
            Some(previous) if previous.page == run.page && (run.y - previous.y).abs() < 4.0 => {
                let text = lines.last_mut().expect("a line was started");
                let touching = (run.x - (previous.x + previous.width)).abs() < 0.5;
                if !touching && !text.ends_with(' ') && !run.text.starts_with(' ') {
                    text.push(' ');
                }
                text.push_str(&run.text);
            }
            _ => lines.push(run.text.clone()),
        }
        last = Some(run);
    }
    lines
}
