//! The tables of a Word document (.docx): a zip of XML, read with `zip`
//! and `roxmltree`. Only what a table of recommendations needs: rows,
//! cells, how many columns a cell spans, and its paragraphs' text.
//! (docx-rs was tried first: it can hang on a zip that is not a Word
//! document, and keeps a cell's column span private.)

use std::io::Read;

/// A cell: how many grid columns it spans, and the text of its paragraphs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    /// Grid columns spanned (1 for an ordinary cell).
    pub span: usize,
    /// One string per paragraph.
    pub paragraphs: Vec<String>,
}

/// A table: rows of cells.
pub type Table = Vec<Vec<Cell>>;

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// Every table of the document body, in order (tables nested in cells included after their parent).
pub fn tables(bytes: &[u8]) -> Result<Vec<Table>, String> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|_| "it is not a Word document (.docx): not a zip archive".to_string())?;
    let mut xml = String::new();
    archive
        .by_name("word/document.xml")
        .map_err(|_| "it is not a Word document (.docx): it has no word/document.xml".to_string())?
        .read_to_string(&mut xml)
        .map_err(|e| format!("cannot read its text: {e}"))?;
    let document =
        roxmltree::Document::parse(&xml).map_err(|e| format!("its XML is damaged: {e}"))?;
    let is = |node: &roxmltree::Node<'_, '_>, name: &str| {
        node.is_element()
            && node.tag_name().name() == name
            && node.tag_name().namespace() == Some(W)
    };
    let mut tables = Vec::new();
    for table in document.descendants().filter(|n| is(n, "tbl")) {
        let mut rows = Vec::new();
        for row in table.children().filter(|n| is(n, "tr")) {
            let mut cells = Vec::new();
            for cell in row.children().filter(|n| is(n, "tc")) {
                let span = cell
                    .children()
                    .find(|n| is(n, "tcPr"))
                    .and_then(|p| p.children().find(|n| is(n, "gridSpan")))
                    .and_then(|g| g.attribute((W, "val")))
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(1);
                let paragraphs = cell
                    .children()
                    .filter(|n| is(n, "p"))
                    .map(|p| paragraph_text(p, &is))
                    .collect();
                cells.push(Cell { span, paragraphs });
            }
            rows.push(cells);
        }
        tables.push(rows);
    }
    Ok(tables)
}

/// A paragraph's text: its runs' text, tabs and breaks, leaving out
/// deleted text (tracked changes) and field codes.
fn paragraph_text(
    paragraph: roxmltree::Node<'_, '_>,
    is: &impl Fn(&roxmltree::Node<'_, '_>, &str) -> bool,
) -> String {
    let mut text = String::new();
    for node in paragraph.descendants() {
        if node
            .ancestors()
            .any(|a| is(&a, "del") || is(&a, "instrText"))
        {
            continue;
        }
        if is(&node, "t") {
            text.push_str(node.text().unwrap_or(""));
        } else if is(&node, "tab") {
            text.push('\t');
        } else if is(&node, "br") || is(&node, "cr") {
            text.push('\n');
        } else if is(&node, "noBreakHyphen") {
            text.push('-');
        }
    }
    text
}
