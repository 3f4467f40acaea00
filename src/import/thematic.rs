//! OHCHR's thematic list of recommendations (the "matrix"), as a .docx: one
//! table whose rows are a header, "Theme: …" rows spanning the table, and
//! one row per recommendation (number, text and States; position; themes,
//! groups and SDGs). The layouts of the 2nd cycle ("Theme: A12 …",
//! "Affected persons:"), the 3rd and the 4th ("Groups of Persons:", a
//! "Relevant SDGs" column) are read alike, whatever the header's wording.

use std::path::Path;

use super::docx::{self, Cell};
use super::{
    Id, Imported, clean, error, join_parts, recommendation, split_recommendations, warning,
};
use crate::diag::Diagnostic;
use crate::model::Response;

/// Reads a thematic list.
pub fn read(path: &Path, bytes: &[u8]) -> Result<Imported, Diagnostic> {
    let name = path.display().to_string();
    let tables = docx::tables(bytes).map_err(|problem| error(path, problem))?;
    // The table of recommendations: the one whose rows start with numbers.
    let Some(table) = tables
        .iter()
        .max_by_key(|t| t.iter().filter(|row| row_id(row).is_some()).count())
    else {
        return Err(error(
            path,
            "this Word document has no table: it is not an OHCHR thematic list of recommendations",
        ));
    };
    if !table.iter().any(|row| row_id(row).is_some()) {
        return Err(error(
            path,
            "no row of its table starts with a recommendation number (e.g. \"121.1 Ratify …\"): it is not an OHCHR thematic list",
        ));
    }
    let header = table
        .first()
        .map(|row| {
            row.iter()
                .map(|c| c.paragraphs.join(" ").to_lowercase())
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    let sdg_column = header.iter().position(|h| h.contains("sdg"));
    let mut imported = Imported::default();
    let mut theme: Option<String> = None;
    for (index, row) in table.iter().enumerate() {
        let place = format!("{name}, table row {}", index + 1);
        if index == 0 && row_id(row).is_none() {
            continue;
        }
        let text_of = |cell: &Cell| clean(&cell.paragraphs.join(" "));
        if row.len() == 1 || row.first().is_some_and(|c| c.span > 1) {
            let line = row.first().map(text_of).unwrap_or_default();
            match line.strip_prefix("Theme:") {
                Some(name) => theme = Some(theme_name(name)),
                None if !line.is_empty() => imported.warnings.push(warning(
                    place,
                    format!("a row spanning the table that is not a theme: “{line}”; left out"),
                )),
                None => {}
            }
            continue;
        }
        let Some((id, first_paragraph)) = row_id(row) else {
            let line = row.first().map(text_of).unwrap_or_default();
            if !line.is_empty() {
                imported.warnings.push(warning(
                    place,
                    format!(
                        "a row without a recommendation number: “{}”; left out",
                        shorten(&line)
                    ),
                ));
            }
            continue;
        };
        let cell0 = &row[0];
        let parts = split_recommendations(&first_paragraph);
        if parts.len() > 1 {
            imported.warnings.push(warning(
                place.clone(),
                format!("{id} holds {} recommendations under one number; kept as one, each text with its States", parts.len()),
            ));
        }
        let (text, by) = join_parts(&parts);
        if by.is_empty() {
            imported.warnings.push(warning(
                place.clone(),
                format!("{id} names no recommending State"),
            ));
        }
        let position = row.get(1).map(text_of).unwrap_or_default();
        let response = match position.to_lowercase().as_str() {
            "supported" | "accepted" | "supported/noted" => Response::Supported,
            "noted" | "rejected" | "not supported" => Response::Noted,
            "pending" | "" => Response::Pending,
            other => {
                imported.warnings.push(warning(
                    place.clone(),
                    format!("{id}: unknown position “{other}”; recorded as pending"),
                ));
                Response::Pending
            }
        };
        let mut item = recommendation(id, text, by, response);
        item.response_source = cell0
            .paragraphs
            .iter()
            .find_map(|p| p.trim().strip_prefix("Source of Position:"))
            .map(|source| {
                let source = source_of_position(source);
                if !source.contains("para") {
                    imported.warnings.push(warning(
                        place.clone(),
                        format!("{id}: the source of its position, “{source}”, names no paragraph"),
                    ));
                }
                source
            });
        if let Some(cell) = row.get(2) {
            read_themes(&cell.paragraphs, &mut item);
        }
        if let Some(cell) = sdg_column
            .and_then(|c| row.get(c))
            .filter(|_| sdg_column != Some(2))
        {
            item.sdgs.extend(bullets(&cell.paragraphs));
        }
        if let Some(theme) = &theme
            && !item.themes.contains(theme)
        {
            item.themes.insert(0, theme.clone());
        }
        if imported.recommendations.contains_key(&id) {
            imported.warnings.push(warning(
                place,
                format!("{id} is listed twice; the first is kept"),
            ));
            continue;
        }
        imported.recommendations.insert(id, item);
    }
    imported.report = imported
        .recommendations
        .values()
        .filter_map(|r| r.response_source.as_deref())
        .filter_map(|s| s.split([',', ' ']).next())
        .map(|s| s.trim_end_matches("/Add.1").to_string())
        .next();
    Ok(imported)
}

/// The number and the first paragraph of a recommendation row.
fn row_id(row: &[Cell]) -> Option<(Id, String)> {
    let first = row.first()?.paragraphs.first()?.trim();
    let (number, rest) = first.split_once(char::is_whitespace)?;
    Some((Id::parse(number)?, rest.to_string()))
}

/// "A12 Acceptance of international norms" → "Acceptance of international norms".
fn theme_name(text: &str) -> String {
    let text = text.trim();
    match text.split_once(' ') {
        Some((code, rest))
            if code.len() <= 4
                && code.chars().next().is_some_and(|c| c.is_ascii_uppercase())
                && code[1..].chars().all(|c| c.is_ascii_digit())
                && code.len() > 1 =>
        {
            rest.trim().to_string()
        }
        _ => text.to_string(),
    }
}

/// " A/HRC/43/15/Add.1 - Para.3" → "A/HRC/43/15/Add.1, para. 3".
fn source_of_position(text: &str) -> String {
    let text = clean(text);
    match text.split_once(" - ") {
        Some((symbol, para)) => {
            let number: String = para
                .trim_start_matches(|c: char| c.is_alphabetic() || c == '.' || c == ' ')
                .chars()
                .take_while(|c| c.is_ascii_digit())
                .collect();
            if number.is_empty() {
                format!("{symbol}, {para}")
            } else {
                format!("{symbol}, para. {number}")
            }
        }
        None => text,
    }
}

/// The themes cell: bullets of themes, then "SDGs:" and "Affected persons:" /
/// "Groups of Persons:" sections of bullets.
fn read_themes(paragraphs: &[String], item: &mut crate::model::PreviousRecommendation) {
    #[derive(PartialEq)]
    enum Section {
        Themes,
        Sdgs,
        Groups,
    }
    let mut section = Section::Themes;
    for paragraph in paragraphs {
        let line = clean(paragraph);
        let lower = line.to_lowercase();
        if lower.starts_with("sdgs:") {
            section = Section::Sdgs;
        } else if lower.starts_with("affected persons:") || lower.starts_with("groups of persons:")
        {
            section = Section::Groups;
        } else if let Some(bullet) = line.strip_prefix("- ").or_else(|| line.strip_prefix("-")) {
            let bullet = bullet.trim().to_string();
            let list = match section {
                Section::Themes => &mut item.themes,
                Section::Sdgs => &mut item.sdgs,
                Section::Groups => &mut item.groups,
            };
            if !bullet.is_empty() && !list.contains(&bullet) {
                list.push(bullet);
            }
        }
    }
}

fn bullets(paragraphs: &[String]) -> Vec<String> {
    paragraphs
        .iter()
        .map(|p| clean(p))
        .filter_map(|l| l.strip_prefix('-').map(|b| b.trim().to_string()))
        .filter(|b| !b.is_empty())
        .collect()
}

fn shorten(text: &str) -> String {
    let short: String = text.chars().take(60).collect();
    if short.len() < text.len() {
        format!("{short}…")
    } else {
        short
    }
}
