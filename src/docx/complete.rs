//! What docx-rs 0.4.22 leaves out of a package or gets wrong, added to its
//! output at known places, and the repack with fixed timestamps.

use std::io::{Cursor, Read, Write};

/// What [`complete`] adds to docx-rs's package.
pub(super) struct Completion<'a> {
    /// `docProps/core.xml`, whole.
    pub(super) core: String,
    /// The BCP 47 tag of every run.
    pub(super) language: &'static str,
    /// Notes as endnotes rather than footnotes.
    pub(super) endnotes: bool,
    /// Hyperlink targets, in the order of their ids.
    pub(super) links: &'a [String],
}

/// The relationship id of hyperlink N is this followed by N.
pub(super) const LINK_ID: &str = "rIdHyperlink";

/// Completes docx-rs's package (see the module docs) and repacks it with
/// fixed timestamps and in a fixed order.
pub(super) fn complete(package: &[u8], completion: &Completion) -> Result<Vec<u8>, String> {
    let mut input = zip::ZipArchive::new(Cursor::new(package)).map_err(|e| e.to_string())?;
    let mut parts: Vec<(String, String)> = Vec::new();
    for i in 0..input.len() {
        let mut file = input.by_index(i).map_err(|e| e.to_string())?;
        if file.is_dir() {
            continue;
        }
        let name = file.name().map_err(|e| e.to_string())?.to_string();
        let mut text = String::new();
        // docx-rs writes XML only (no pictures here).
        file.read_to_string(&mut text)
            .map_err(|e| format!("{name}: {e}"))?;
        parts.push((name, text));
    }
    let lang = format!(
        r#"<w:lang w:val="{0}" w:eastAsia="{0}" w:bidi="{0}" />"#,
        completion.language
    );
    for (name, text) in &mut parts {
        let is_story = name == "word/document.xml"
            || name == "word/footnotes.xml"
            || name.starts_with("word/header")
            || name.starts_with("word/footer");
        if is_story {
            // Every run carries the language, for Word's spell-checker.
            *text = text
                .replace("<w:rPr />", "<w:rPr></w:rPr>")
                .replace("</w:rPr>", &format!("{lang}</w:rPr>"));
        }
        match name.as_str() {
            "docProps/core.xml" => *text = completion.core.clone(),
            "word/styles.xml" => {
                // docx-rs always writes an empty Normal style before ours; two
                // styles with one id make Word and LibreOffice take the empty one.
                *text = text.replacen(DOCX_RS_NORMAL, "", 1).replacen(
                    "<w:rPrDefault><w:rPr>",
                    &format!("<w:rPrDefault><w:rPr>{lang}"),
                    1,
                );
            }
            // The first row of each table repeats on every page.
            "word/document.xml" => *text = mark_header_rows(text),
            "word/footnotes.xml" => *text = add_separators(&number_notes(text)),
            "word/settings.xml" => {
                *text = text.replacen("<w:compat>", NOTE_SEPARATORS_SETTING, 1);
            }
            _ => {}
        }
    }
    link_relationships(&mut parts, completion.links);
    for (name, text) in parts.iter_mut() {
        if name.starts_with("word/") && name.ends_with(".xml") {
            *text = super::order::canonical(text).map_err(|e| format!("{name}: {e}"))?;
        }
    }
    parts.sort_by(|a, b| part_order(&a.0).cmp(&part_order(&b.0)).then(a.0.cmp(&b.0)));
    renumber_paragraph_ids(&mut parts);
    if completion.endnotes {
        parts = parts
            .into_iter()
            .map(|(name, text)| to_endnotes(name, text))
            .collect();
        parts.sort_by(|a, b| part_order(&a.0).cmp(&part_order(&b.0)).then(a.0.cmp(&b.0)));
    }
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    for (name, text) in parts {
        writer
            .start_file(name, options)
            .map_err(|e| e.to_string())?;
        writer
            .write_all(text.as_bytes())
            .map_err(|e| e.to_string())?;
    }
    Ok(writer.finish().map_err(|e| e.to_string())?.into_inner())
}

/// docx-rs numbers paragraphs (`w14:paraId`) from a per-thread counter that
/// only grows, so the second document built by a process would differ from
/// the first: number them again, from 1, across the parts in order.
fn renumber_paragraph_ids(parts: &mut [(String, String)]) {
    const ATTRIBUTE: &str = "w14:paraId=\"";
    let mut next = 1u32;
    for (_, text) in parts.iter_mut() {
        if !text.contains(ATTRIBUTE) {
            continue;
        }
        let mut out = String::with_capacity(text.len());
        let mut rest = text.as_str();
        while let Some(at) = rest.find(ATTRIBUTE) {
            let value = at + ATTRIBUTE.len();
            let Some(end) = rest[value..].find('"') else {
                break;
            };
            out.push_str(&rest[..value]);
            out.push_str(&format!("{next:08X}"));
            next += 1;
            rest = &rest[value + end..];
        }
        out.push_str(rest);
        *text = out;
    }
}

/// Word's note separator (the short rule above the notes) and the one
/// continuing a note on the next page, as notes -1 and 0.
const NOTE_SEPARATORS: &str = r#"<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto" /></w:pPr><w:r><w:separator /></w:r></w:p></w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto" /></w:pPr><w:r><w:continuationSeparator /></w:r></w:p></w:footnote>"#;

/// The settings naming the separators, placed before `w:compat` as the schema orders them.
const NOTE_SEPARATORS_SETTING: &str =
    r#"<w:footnotePr><w:footnote w:id="-1" /><w:footnote w:id="0" /></w:footnotePr><w:compat>"#;

fn add_separators(xml: &str) -> String {
    match xml.find("<w:footnote ") {
        Some(at) => format!("{}{NOTE_SEPARATORS}{}", &xml[..at], &xml[at..]),
        None => xml.to_string(),
    }
}

/// Each part that links gets its own relationships to the targets (a link
/// in a note is the notes part's relationship, not the document's). docx-rs
/// lists the body's links itself, in hash order; they are replaced, so the
/// bytes stay the same from one build to the next.
fn link_relationships(parts: &mut Vec<(String, String)>, links: &[String]) {
    for story in ["word/document.xml", "word/footnotes.xml"] {
        let Some(text) = parts.iter().find(|(name, _)| name == story).map(|(_, t)| t) else {
            continue;
        };
        // One pass over the part for the links it uses (not one per link).
        let attribute = format!("r:id=\"{LINK_ID}");
        let mut used: Vec<usize> = text
            .match_indices(&attribute)
            .filter_map(|(at, _)| {
                let digits = &text[at + attribute.len()..];
                let end = digits.find('"')?;
                digits[..end].parse().ok()
            })
            .collect();
        used.sort_unstable();
        used.dedup();
        let mut relationships = String::new();
        for number in used {
            let Some(url) = number.checked_sub(1).and_then(|i| links.get(i)) else {
                continue;
            };
            relationships.push_str(&format!(
                r#"<Relationship Id="{LINK_ID}{number}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="{}" TargetMode="External" />"#,
                xml_attribute(url)
            ));
        }
        let rels_name = story.replacen("word/", "word/_rels/", 1) + ".rels";
        match parts.iter_mut().find(|(name, _)| *name == rels_name) {
            Some((_, rels)) => {
                *rels = without_link_relationships(rels)
                    .replacen("</Relationships>", &format!("{relationships}</Relationships>"), 1);
            }
            None if !relationships.is_empty() => parts.push((
                rels_name,
                format!(
                    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{relationships}</Relationships>"#
                ),
            )),
            None => {}
        }
    }
}

fn without_link_relationships(rels: &str) -> String {
    let mut out = String::with_capacity(rels.len());
    let mut rest = rels;
    let start = format!(r#"<Relationship Id="{LINK_ID}"#);
    while let Some(at) = rest.find(&start) {
        out.push_str(&rest[..at]);
        match rest[at..].find("/>") {
            Some(end) => rest = &rest[at + end + 2..],
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

pub(super) fn xml_attribute(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The Normal style docx-rs writes ahead of the document's own.
const DOCX_RS_NORMAL: &str = r#"<w:style w:type="paragraph" w:styleId="Normal"><w:name w:val="Normal" /><w:rPr /><w:pPr><w:rPr /></w:pPr><w:qFormat /></w:style>"#;

/// `[Content_Types].xml` first, as Word expects, then the rest by name.
fn part_order(name: &str) -> u8 {
    match name {
        "[Content_Types].xml" => 0,
        "_rels/.rels" => 1,
        _ => 2,
    }
}

/// Adds `w:tblHeader` to the first row of every table.
fn mark_header_rows(xml: &str) -> String {
    let mut out = String::with_capacity(xml.len() + 256);
    let mut rest = xml;
    while let Some(at) = rest.find("<w:tbl>") {
        let (before, table) = rest.split_at(at);
        out.push_str(before);
        match table.find("<w:cantSplit />") {
            Some(cant) => {
                let end = cant + "<w:cantSplit />".len();
                out.push_str(&table[..end]);
                out.push_str("<w:tblHeader />");
                rest = &table[end..];
            }
            None => {
                out.push_str("<w:tbl>");
                rest = &table["<w:tbl>".len()..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Puts each note's own number (`w:footnoteRef`) at the start of its text.
fn number_notes(xml: &str) -> String {
    let reference =
        r#"<w:r><w:rPr><w:rStyle w:val="FootnoteReference" /></w:rPr><w:footnoteRef /></w:r>"#;
    let mut out = String::with_capacity(xml.len() + 4096);
    let mut rest = xml;
    while let Some(at) = rest.find("<w:footnote ") {
        let (before, note) = rest.split_at(at);
        out.push_str(before);
        // The first run of the note's first paragraph: after its properties.
        let Some(run) = note.find("<w:r>") else {
            out.push_str(note);
            return out;
        };
        out.push_str(&note[..run]);
        out.push_str(reference);
        rest = &note[run..];
    }
    out.push_str(rest);
    out
}

/// With `notes = "endnotes"`: the notes as Word endnotes, at the end.
fn to_endnotes(name: String, text: String) -> (String, String) {
    let swap = |t: &str| {
        t.replace("footnoteReference", "endnoteReference")
            .replace("footnoteRef", "endnoteRef")
            .replace("<w:footnotes", "<w:endnotes")
            .replace("</w:footnotes>", "</w:endnotes>")
            .replace("<w:footnote ", "<w:endnote ")
            .replace("</w:footnote>", "</w:endnote>")
            .replace("FootnoteReference", "EndnoteReference")
            .replace("FootnoteText", "EndnoteText")
    };
    match name.as_str() {
        "word/footnotes.xml" => ("word/endnotes.xml".into(), swap(&text)),
        "word/document.xml" => (name, swap(&text)),
        "word/styles.xml" => (
            name,
            text.replace("FootnoteReference", "EndnoteReference")
                .replace("footnote reference", "endnote reference")
                .replace("FootnoteText", "EndnoteText")
                .replace("footnote text", "endnote text"),
        ),
        "[Content_Types].xml" => (
            name,
            text.replace("/word/footnotes.xml", "/word/endnotes.xml")
                .replace("footnotes+xml", "endnotes+xml"),
        ),
        "word/_rels/document.xml.rels" => (
            name,
            text.replace("relationships/footnotes", "relationships/endnotes")
                .replace("footnotes.xml", "endnotes.xml"),
        ),
        "word/_rels/footnotes.xml.rels" => ("word/_rels/endnotes.xml.rels".into(), text),
        "word/settings.xml" => (
            name,
            text.replace("<w:footnotePr><w:footnote ", "<w:endnotePr><w:endnote ")
                .replace(
                    "<w:footnote w:id=\"0\" /></w:footnotePr>",
                    "<w:endnote w:id=\"0\" /></w:endnotePr>",
                ),
        ),
        _ => (name, text),
    }
}
