//! Words of a DOCX as Word counts them.

use std::io::{Cursor, Read};

/// Counts the words of a DOCX as Word does: the body (everything in it:
/// first-page block, headings, paragraph numbers, tables) and, apart, the
/// notes. Read back from the file, so it counts what a reviewer opens.
pub fn word_counts(docx: &[u8]) -> Result<crate::words::WordFileCount, String> {
    let mut archive = zip::ZipArchive::new(Cursor::new(docx)).map_err(|e| e.to_string())?;
    let mut read = |name: &str| -> Result<Option<String>, String> {
        let Ok(mut file) = archive.by_name(name) else {
            return Ok(None);
        };
        let mut text = String::new();
        file.read_to_string(&mut text)
            .map_err(|e| format!("{name}: {e}"))?;
        Ok(Some(text))
    };
    let body = read("word/document.xml")?.ok_or("no word/document.xml")?;
    let notes = match read("word/footnotes.xml")? {
        Some(notes) => Some(notes),
        None => read("word/endnotes.xml")?,
    };
    let body = story_words(&body, None)?;
    let notes = match notes {
        Some(notes) => story_words(&notes, Some(["footnote", "endnote"]))?,
        None => 0,
    };
    Ok(crate::words::WordFileCount {
        body,
        with_notes: body + notes,
    })
}

/// Words in the paragraphs of one part; with `notes`, only in the notes
/// themselves, not Word's separators.
fn story_words(xml: &str, notes: Option<[&str; 2]>) -> Result<usize, String> {
    const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
    let tree = roxmltree::Document::parse(xml).map_err(|e| e.to_string())?;
    let mut words = 0;
    for paragraph in tree.descendants().filter(|n| n.has_tag_name((W, "p"))) {
        if let Some(names) = notes {
            let note = paragraph
                .ancestors()
                .find(|n| names.iter().any(|name| n.has_tag_name((W, *name))));
            if note.is_none_or(|n| n.attribute((W, "type")).is_some()) {
                continue;
            }
        }
        let mut text = String::new();
        for node in paragraph.descendants() {
            if node.has_tag_name((W, "t")) {
                text.push_str(node.text().unwrap_or_default());
            } else if node.has_tag_name((W, "tab")) || node.has_tag_name((W, "br")) {
                text.push(' ');
            }
        }
        words += crate::words::count_words(&text);
    }
    Ok(words)
}
