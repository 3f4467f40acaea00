//! A Working Group report and its addendum, as PDF (text extracted in
//! process by the `pdf-extract` crate) or as the text copied out of them.
//!
//! The report lists the recommendations under numbered paragraphs whose
//! opening words (the chapeau) give the State's position: "enjoy the
//! support of", "will be examined by", "would thus be noted". Items are
//! numbered "121.1" (2nd cycle on) or "1." under their paragraph (1st
//! cycle). The addendum answers those examined later, often as lists and
//! ranges of numbers ("122.17-18, 122.34- 35"), and explains some of them.
//! Page headers and numbers, line breaks and footnotes are removed.

use std::collections::BTreeMap;
use std::path::Path;

use super::{
    Id, Imported, clean, error, join_parts, recommendation, split_recommendations, warning,
};
use crate::diag::Diagnostic;
use crate::model::Response;

/// A line of the document, where it was found.
#[derive(Debug, Clone)]
struct Line {
    page: usize,
    number: usize,
    text: String,
}

/// The text of a PDF or text file, pages separated by form feeds.
pub fn text_of(path: &Path, bytes: &[u8]) -> Result<String, Diagnostic> {
    let is_pdf = bytes.starts_with(b"%PDF");
    if !is_pdf {
        return String::from_utf8(bytes.to_vec())
            .map_err(|_| error(path, "it is neither a PDF nor UTF-8 text"));
    }
    // pdf-extract panics on some unusual fonts: contain it.
    let extracted = std::panic::catch_unwind(|| pdf_extract::extract_text_from_mem_by_pages(bytes));
    match extracted {
        Ok(Ok(pages)) => Ok(pages.join("\u{c}")),
        Ok(Err(problem)) => Err(error(
            path,
            format!("cannot read the PDF's text: {problem}"),
        )),
        Err(_) => Err(error(
            path,
            "cannot read the PDF's text (its fonts are unusual): use OHCHR's thematic list (.docx), or save the PDF's text (e.g. `pdftotext -layout file.pdf`) and import the .txt",
        )),
    }
}

/// The document's symbol (A/HRC/43/15, A/HRC/43/15/Add.1): the one its
/// page headers repeat (the first page may name earlier symbols).
fn symbol(text: &str) -> Option<String> {
    let mut counts: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    let mut rest = text;
    while let Some(start) = rest.find("A/HRC/") {
        let tail = &rest[start..];
        let end = tail
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '/' | '.')))
            .unwrap_or(tail.len());
        let symbol = tail[..end].trim_end_matches('.');
        *counts.entry(symbol).or_default() += 1;
        rest = &tail[end.max(1)..];
    }
    counts
        .into_iter()
        .max_by_key(|(symbol, count)| (*count, std::cmp::Reverse(symbol.len())))
        .map(|(symbol, _)| symbol.to_string())
}

/// The lines that carry text: page headers (the symbol), page numbers, job
/// numbers and blank lines left out.
fn content_lines(text: &str, symbol: Option<&str>) -> Vec<Line> {
    let mut lines = Vec::new();
    for (page, page_text) in text.split('\u{c}').enumerate() {
        for (number, line) in page_text.lines().enumerate() {
            let trimmed = line.trim();
            let furniture = trimmed.is_empty()
                || Some(trimmed) == symbol
                || (trimmed.len() <= 3 && trimmed.chars().all(|c| c.is_ascii_digit()))
                || (trimmed.starts_with("GE.") && trimmed.len() < 20);
            if !furniture {
                lines.push(Line {
                    page: page + 1,
                    number: number + 1,
                    text: trimmed.to_string(),
                });
            }
        }
    }
    lines
}

/// "121.  The recommendations …" → (121, "The recommendations …").
fn numbered(text: &str) -> Option<(u32, &str)> {
    let (number, rest) = text.split_once(|c: char| c.is_whitespace())?;
    let number = number.strip_suffix('.')?;
    Some((number.parse().ok()?, rest.trim_start()))
}

/// "121.3  Ratify …" → (121.3, "Ratify …").
fn dotted(text: &str) -> Option<(Id, &str)> {
    let (number, rest) = text.split_once(|c: char| c.is_whitespace())?;
    Some((Id::parse(number.trim_end_matches('.'))?, rest.trim_start()))
}

/// Appends a line to running text: a line ending in a hyphen after a
/// letter joins the next without a space ("well-" + "being").
fn append(text: &mut String, line: &str) {
    let hyphenated = text.ends_with('-') && text[..text.len() - 1].ends_with(char::is_alphabetic);
    if text.is_empty() || hyphenated {
        text.push_str(line);
    } else {
        text.push(' ');
        text.push_str(line);
    }
}

/// The position a chapeau gives, and the State's claim in it, if any.
fn chapeau_position(text: &str) -> Option<(Response, Option<&'static str>)> {
    // Justified PDF text has runs of spaces: "will  be  examined".
    let lower = clean(text).to_lowercase();
    if !lower.contains("recommendation") {
        return None;
    }
    let claim =
        if lower.contains("already been implemented") || lower.contains("already implemented") {
            Some("considered already implemented")
        } else if lower.contains("process of being implemented")
            || lower.contains("process of implementation")
        {
            Some("considered in the process of implementation")
        } else {
            None
        };
    if lower.contains("did not enjoy") || lower.contains("noted") || lower.contains("do not enjoy")
    {
        Some((Response::Noted, None))
    } else if lower.contains("will be examined") || lower.contains("will examine") {
        Some((Response::Pending, None))
    } else if lower.contains("support") || lower.contains("accept") {
        Some((Response::Supported, claim))
    } else {
        None
    }
}

/// Reads the recommendations of a Working Group report.
pub fn read_report(path: &Path, text: &str) -> Result<Imported, Diagnostic> {
    let name = path.display().to_string();
    let symbol = symbol(text);
    let lines = content_lines(text, symbol.as_deref());
    let report = symbol.clone().unwrap_or_else(|| "the report".into());
    let mut imported = Imported {
        report: symbol.clone(),
        ..Imported::default()
    };
    let place = |line: &Line| format!("{name}, page {}, line {}", line.page, line.number);
    let mut i = 0;
    while i < lines.len() {
        let Some((paragraph, _)) = numbered(&lines[i].text) else {
            i += 1;
            continue;
        };
        // The chapeau runs until the first item.
        let mut chapeau = String::new();
        let mut j = i;
        let mut first_item = None;
        while j < lines.len() && j < i + 8 {
            let line = &lines[j].text;
            if j > i {
                if dotted(line).is_some_and(|(id, _)| id == Id(paragraph, 1)) {
                    first_item = Some(Style::Dotted);
                    break;
                }
                match numbered(line) {
                    Some((1, _)) => {
                        first_item = Some(Style::Plain);
                        break;
                    }
                    // The next paragraph: this one lists nothing.
                    Some(_) => break,
                    None => {}
                }
            }
            append(
                &mut chapeau,
                if j == i {
                    numbered(line).map_or(line.as_str(), |(_, r)| r)
                } else {
                    line
                },
            );
            j += 1;
        }
        let (Some(style), Some((response, claim))) = (first_item, chapeau_position(&chapeau))
        else {
            // Not a list of recommendations; perhaps a claim about the last one.
            if let Some(previous) = imported.recommendations.keys().next_back().map(|id| id.0) {
                let (consumed, claims) = claims_paragraph(&lines[i..], previous);
                let source = format!("{report}, para. {paragraph}");
                for (id, words) in claims {
                    match imported.recommendations.get_mut(&id) {
                        Some(item) => item.claim = Some(format!("{words} ({source})")),
                        None => imported.warnings.push(warning(
                            place(&lines[i]),
                            format!("paragraph {paragraph} names {id}, which is not in the list"),
                        )),
                    }
                }
                i += consumed.max(1);
            } else {
                i += 1;
            }
            continue;
        };
        let source = format!("{report}, para. {paragraph}");
        let (items, next) = read_items(&lines, j, paragraph, style, &name, &mut imported.warnings);
        for (id, text, line) in items {
            let mut parts = split_recommendations(&text);
            // A footnote's mark glued to the last word: "employment1 (Belarus);".
            for (part, _) in &mut parts {
                let digits = part.len() - part.trim_end_matches(|c: char| c.is_ascii_digit()).len();
                if (1..=2).contains(&digits)
                    && part[..part.len() - digits].ends_with(|c: char| c.is_lowercase())
                {
                    part.truncate(part.len() - digits);
                }
            }
            if parts.len() > 1 {
                imported.warnings.push(warning(place(&line), format!("{id} holds {} recommendations under one number; kept as one, each text with its States", parts.len())));
            }
            let (text, by) = join_parts(&parts);
            if by.is_empty() {
                imported.warnings.push(warning(
                    place(&line),
                    format!("{id} names no recommending State"),
                ));
            }
            let mut item = recommendation(id, text, by, response);
            if response != Response::Pending {
                item.response_source = Some(source.clone());
            }
            item.claim = claim.map(|c| format!("{c} ({source})"));
            if imported.recommendations.insert(id, item).is_some() {
                imported.warnings.push(warning(
                    place(&line),
                    format!("{id} is listed twice; the last is kept"),
                ));
            }
        }
        i = next;
    }
    if imported.recommendations.is_empty() {
        return Err(error(
            path,
            "no recommendations found: expected a paragraph such as \"121. The recommendations … enjoy the support of …:\" followed by \"121.1 …\" (is this the Working Group report?)",
        ));
    }
    Ok(imported)
}

#[derive(Clone, Copy, PartialEq)]
enum Style {
    /// "121.1  Ratify …"
    Dotted,
    /// "1.  To ratify …" under paragraph 95.
    Plain,
}

/// The items of a paragraph from line `start`: (id, text, first line), and
/// the index of the line after them. An item runs until the next expected
/// number; the last ends with a full stop instead of a semicolon.
fn read_items(
    lines: &[Line],
    start: usize,
    paragraph: u32,
    style: Style,
    name: &str,
    warnings: &mut Vec<Diagnostic>,
) -> (Vec<(Id, String, Line)>, usize) {
    let mut items: Vec<(Id, String, Line)> = Vec::new();
    let mut i = start;
    let mut expected = 1;
    let mut in_footnote = false;
    while i < lines.len() {
        let line = &lines[i];
        let starts_expected = match style {
            Style::Dotted => dotted(&line.text)
                .filter(|(id, _)| *id == Id(paragraph, expected))
                .map(|(_, r)| r),
            Style::Plain => numbered(&line.text)
                .filter(|(n, _)| *n == expected)
                .map(|(_, r)| r),
        };
        let last_complete = items
            .last()
            .map(|(_, text, _)| text.trim_end().ends_with(")."))
            .unwrap_or(false);
        if let Some(rest) = starts_expected.filter(|_| !last_complete) {
            items.push((Id(paragraph, expected), rest.to_string(), line.clone()));
            expected += 1;
            in_footnote = false;
            i += 1;
            continue;
        }
        let Some((_, text, _)) = items.last_mut() else {
            break;
        };
        if last_complete {
            break;
        }
        // A footnote after a finished item: "2  The original recommendation read …".
        let item_done = strip_footnote_marks(text.trim_end()).ends_with(");");
        // Footnotes start with their number, or with asterisks.
        let starts_with_number = line.text.starts_with('*')
            || line
                .text
                .split_whitespace()
                .next()
                .is_some_and(|w| w.chars().all(|c| c.is_ascii_digit()));
        if in_footnote || (item_done && starts_with_number) {
            in_footnote = true;
            warnings.push(warning(
                format!("{name}, page {}, line {}", line.page, line.number),
                format!(
                    "a footnote inside the list of recommendations is left out: “{}”",
                    clean(&line.text).chars().take(60).collect::<String>()
                ),
            ));
            i += 1;
            continue;
        }
        append(text, &line.text);
        i += 1;
    }
    let items = items
        .into_iter()
        .map(|(id, text, line)| (id, strip_footnote_marks(&clean(&text)), line))
        .collect();
    (items, i)
}

/// ");2" → ");": a footnote's mark glued to the end of a recommendation.
fn strip_footnote_marks(text: &str) -> String {
    let mut out = text.to_string();
    for ending in [");", ")."] {
        while let Some(at) = out.rfind(ending) {
            let after = &out[at + 2..];
            if !after.is_empty() && after.chars().all(|c| c.is_ascii_digit()) {
                out.truncate(at + 2);
            } else {
                break;
            }
        }
    }
    out
}

/// A paragraph saying which recommendations the State considers implemented
/// ("Kazakhstan considers that recommendations Nos. 7, 8, … above have
/// already been implemented"): the lines it takes and the claims.
fn claims_paragraph(lines: &[Line], list_paragraph: u32) -> (usize, Vec<(Id, &'static str)>) {
    let mut text = String::new();
    let mut taken = 0;
    for (k, line) in lines.iter().enumerate() {
        if k > 0 && numbered(&line.text).is_some() {
            break;
        }
        append(
            &mut text,
            if k == 0 {
                numbered(&line.text).map_or(line.text.as_str(), |(_, r)| r)
            } else {
                &line.text
            },
        );
        taken = k + 1;
    }
    let lower = clean(&text).to_lowercase();
    if !(lower.contains("recommendations") && lower.contains("implemented")) {
        return (taken, Vec::new());
    }
    let words = "considered already implemented or in the process of implementation";
    let numbers = lower
        .split(|c: char| !(c.is_ascii_digit() || c == '.'))
        .filter(|w| {
            !w.is_empty()
                && w.trim_matches('.')
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == '.')
        })
        .filter_map(|w| {
            let w = w.trim_matches('.');
            Id::parse(w).or_else(|| w.parse().ok().map(|n| Id(list_paragraph, n)))
        })
        .map(|id| (id, words))
        .collect();
    (taken, numbers)
}

/// What an addendum says of one recommendation.
#[derive(Debug, Clone)]
pub struct Answer {
    /// The position.
    pub response: Response,
    /// "A/HRC/43/15/Add.1, para. 3".
    pub source: String,
    /// The State's explanation or claim, if it gave one.
    pub claim: Option<String>,
}

/// An addendum read: its symbol, its answers by id, and warnings.
pub type Addendum = (String, BTreeMap<Id, Answer>, Vec<Diagnostic>);

/// Reads an addendum: the positions it gives, with their sources and explanations.
pub fn read_addendum(path: &Path, text: &str) -> Result<Addendum, Diagnostic> {
    let name = path.display().to_string();
    let symbol = symbol(text).unwrap_or_else(|| "the addendum".into());
    let lines = content_lines(text, Some(&symbol));
    let mut answers: BTreeMap<Id, Answer> = BTreeMap::new();
    let mut warnings = Vec::new();
    let mut explanations: BTreeMap<Id, String> = BTreeMap::new();
    let mut i = 0;
    while i < lines.len() {
        let line = &lines[i];
        // An explanation: an id (or a range) alone on its line, then prose.
        if let Some(ids) = id_line(&line.text) {
            let mut prose = String::new();
            let mut j = i + 1;
            while j < lines.len()
                && id_line(&lines[j].text).is_none()
                && numbered(&lines[j].text).is_none()
                && !is_heading(&lines[j].text)
            {
                append(&mut prose, &lines[j].text);
                j += 1;
            }
            for id in ids {
                explanations.insert(id, clean(&prose));
            }
            i = j;
            continue;
        }
        let Some((paragraph, first)) = numbered(&line.text) else {
            i += 1;
            continue;
        };
        let mut body = first.to_string();
        let mut j = i + 1;
        while j < lines.len()
            && numbered(&lines[j].text).is_none()
            && id_line(&lines[j].text).is_none()
            && !is_heading(&lines[j].text)
        {
            append(&mut body, &lines[j].text);
            j += 1;
        }
        let lower = clean(&body).to_lowercase();
        let verb = lower
            .find("recommendation")
            .map(|at| &lower[..at])
            .unwrap_or("");
        let response = if verb.contains("note") || verb.contains("reject") {
            Some(Response::Noted)
        } else if verb.contains("accept") || verb.contains("support") {
            Some(Response::Supported)
        } else {
            None
        };
        if let Some(response) = response {
            let listed = id_list(&body);
            if !listed.is_empty() {
                let implemented = lower.contains("already implemented")
                    || lower.contains("process of implementation");
                let source = format!("{symbol}, para. {paragraph}");
                for id in listed {
                    let claim = implemented.then(|| format!("considered already implemented or in the process of implementation ({source})"));
                    if answers
                        .insert(
                            id,
                            Answer {
                                response,
                                source: source.clone(),
                                claim,
                            },
                        )
                        .is_some()
                    {
                        warnings.push(warning(
                            format!("{name}, page {}, line {}", line.page, line.number),
                            format!("{id} is answered twice; the last answer is kept"),
                        ));
                    }
                }
            }
        }
        i = j;
    }
    if answers.is_empty() {
        return Err(error(
            path,
            "no answers found: expected sentences such as \"The Government accepts the following recommendations 122.1, 122.17-18\" (is this the addendum to the report?)",
        ));
    }
    for (id, explanation) in explanations {
        if let Some(answer) = answers.get_mut(&id) {
            answer.claim = Some(match &answer.claim {
                Some(claim) => format!("{}: {explanation}", capitalise_first(claim)),
                None => explanation,
            });
        }
    }
    Ok((symbol, answers, warnings))
}

fn capitalise_first(text: &str) -> String {
    crate::lang::capitalise(text)
}

/// A heading between the addendum's parts ("Noted recommendations").
fn is_heading(text: &str) -> bool {
    let lower = text.to_lowercase();
    text.chars().count() < 70
        && text.chars().next().is_some_and(char::is_uppercase)
        && !text.ends_with(['.', ',', ';', ':'])
        && lower.contains("recommendations")
        && text.split_whitespace().count() <= 8
}

/// "122.23–24", "122.14– 15", "122.11" alone on a line.
fn id_line(text: &str) -> Option<Vec<Id>> {
    let ids = id_list(text);
    let residue: String = text
        .chars()
        .filter(|c| !(c.is_ascii_digit() || matches!(c, '.' | '-' | '–' | ' ')))
        .collect();
    (!ids.is_empty() && residue.is_empty()).then_some(ids)
}

/// Every id of a list such as "122.1, 122.17-18, 122.34- 35,122.46 and 122.62-66".
fn id_list(text: &str) -> Vec<Id> {
    let mut ids = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    let number = |i: &mut usize| -> Option<u32> {
        let start = *i;
        while *i < chars.len() && chars[*i].is_ascii_digit() {
            *i += 1;
        }
        chars[start..*i].iter().collect::<String>().parse().ok()
    };
    while i < chars.len() {
        if !chars[i].is_ascii_digit() || (i > 0 && chars[i - 1].is_ascii_digit()) {
            i += 1;
            continue;
        }
        let Some(paragraph) = number(&mut i) else {
            i += 1;
            continue;
        };
        if i + 1 >= chars.len() || chars[i] != '.' || !chars[i + 1].is_ascii_digit() {
            continue;
        }
        i += 1;
        let Some(first) = number(&mut i) else {
            continue;
        };
        // A range: "-18", "– 35", "-122.18".
        let mut k = i;
        while k < chars.len() && chars[k] == ' ' {
            k += 1;
        }
        let mut last = first;
        if k < chars.len() && matches!(chars[k], '-' | '–') {
            k += 1;
            while k < chars.len() && chars[k] == ' ' {
                k += 1;
            }
            let mut m = k;
            if let Some(mut end) = number(&mut m) {
                if m + 1 < chars.len()
                    && chars[m] == '.'
                    && chars[m + 1].is_ascii_digit()
                    && end == paragraph
                {
                    m += 1;
                    end = number(&mut m).unwrap_or(end);
                }
                if end >= first {
                    last = end;
                    i = m;
                }
            }
        }
        ids.extend((first..=last).map(|item| Id(paragraph, item)));
    }
    ids
}

/// Completes a report's list with its addendum: the positions of the
/// recommendations the State examined later, and its explanations.
pub fn apply_addendum(imported: &mut Imported, answers: &BTreeMap<Id, Answer>, addendum: &str) {
    for (id, answer) in answers {
        match imported.recommendations.get_mut(id) {
            Some(item) => {
                item.response = answer.response;
                item.response_source = Some(answer.source.clone());
                if answer.claim.is_some() {
                    item.claim = answer.claim.clone();
                }
            }
            None => imported.warnings.push(warning(
                addendum.to_string(),
                format!("{addendum} answers {id}, which the report does not list"),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_lists_with_ranges_as_addenda_write_them() {
        let ids = id_list(
            "recommendations 122.1, 122.17-18, 122.34- 35, 122.62- 66,122.146 and 122.91-122.93.",
        );
        let shown: Vec<String> = ids.iter().map(Id::to_string).collect();
        assert_eq!(
            shown,
            [
                "122.1", "122.17", "122.18", "122.34", "122.35", "122.62", "122.63", "122.64",
                "122.65", "122.66", "122.146", "122.91", "122.92", "122.93"
            ]
        );
        assert_eq!(id_line("122.23–24").map(|v| v.len()), Some(2));
        assert_eq!(id_line("122.11"), Some(vec![Id(122, 11)]));
        assert_eq!(id_line("The line ministry 122.11"), None);
    }

    #[test]
    fn a_report_in_text_with_page_furniture_and_a_footnote() {
        let text = "United Nations A/HRC/99/1\nGeneral Assembly\n\u{c}A/HRC/99/1\n\n95.  The recommendations formulated during the interactive dialogue and listed\nbelow enjoy the support of Utopia:\n\n1.  To ratify the Convention (Atlantis);\n\n2.  To improve the well-\nbeing of children (Oz) (Mu);2\n\n  2  The original recommendation read as follows: \u{201c}x\u{201d} (Oz).\n\n3.  To train judges (Lemuria).\n\n12\n\u{c}A/HRC/99/1\n96.  Utopia considers that recommendations Nos. 1 and 3 above have already been\nimplemented.\n\n97.  The following recommendations will be examined by Utopia:\n\n1.  To free the press (Atlantis).\n";
        let imported = read_report(Path::new("r.txt"), text).unwrap();
        assert_eq!(imported.report.as_deref(), Some("A/HRC/99/1"));
        type Item = (String, String, Vec<String>, Response, Option<String>);
        let items: Vec<Item> = imported
            .recommendations
            .values()
            .map(|r| {
                (
                    r.id.clone(),
                    r.text.clone(),
                    r.by.clone(),
                    r.response,
                    r.claim.clone(),
                )
            })
            .collect();
        let claim = Some("considered already implemented or in the process of implementation (A/HRC/99/1, para. 96)".to_string());
        assert_eq!(
            items,
            vec![
                (
                    "95.1".into(),
                    "To ratify the Convention".into(),
                    vec!["Atlantis".into()],
                    Response::Supported,
                    claim.clone()
                ),
                (
                    "95.2".into(),
                    "To improve the well-being of children".into(),
                    vec!["Oz".into(), "Mu".into()],
                    Response::Supported,
                    None
                ),
                (
                    "95.3".into(),
                    "To train judges".into(),
                    vec!["Lemuria".into()],
                    Response::Supported,
                    claim
                ),
                (
                    "97.1".into(),
                    "To free the press".into(),
                    vec!["Atlantis".into()],
                    Response::Pending,
                    None
                ),
            ]
        );
        assert_eq!(imported.warnings.len(), 1, "{:?}", imported.warnings);
        assert!(
            imported.warnings[0]
                .message
                .starts_with("a footnote inside the list")
        );
    }
}
