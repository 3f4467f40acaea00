//! UPR Info's database export (.csv): one row per recommending State, with
//! UPR Info's issues and action category (1–5), but no recommendation
//! numbers. Its rows are matched to a list that has them, by State and
//! text, to add the issues and the action; rows that match nothing are
//! reported. The files seen are Mac Roman with CR line ends.

use std::collections::BTreeMap;
use std::path::Path;

use super::{Id, Imported, error, warning};
use crate::diag::Diagnostic;

/// The columns an export has, in order.
pub const COLUMNS: [&str; 11] = [
    "To",
    "To-Rgrp",
    "To-Org",
    "Text",
    "From",
    "From-Rgrp",
    "From-Org",
    "Response",
    "Action",
    "Issue",
    "Session",
];

/// One row of the export.
#[derive(Debug, Clone)]
pub struct Row {
    /// Its line in the file, from 1.
    pub line: usize,
    /// State under review.
    pub to: String,
    /// The recommendation, without number.
    pub text: String,
    /// The recommending State.
    pub from: String,
    /// UPR Info's action category.
    pub action: Option<u8>,
    /// UPR Info's issues.
    pub issues: Vec<String>,
    /// Working Group session.
    pub session: Option<u32>,
}

/// Reads an export: UTF-8, or Mac Roman as UPR Info saved them.
pub fn read(path: &Path, bytes: &[u8]) -> Result<Vec<Row>, Diagnostic> {
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => encoding_rs::MACINTOSH.decode(bytes).0.into_owned(),
    };
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| error(path, format!("not a CSV file: {e}")))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    if header != COLUMNS {
        return Err(error(
            path,
            format!(
                "not a UPR Info export: its columns are {}, expected {}",
                header.join(", "),
                COLUMNS.join(", ")
            ),
        ));
    }
    let mut rows = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let record = record.map_err(|e| error(path, format!("line {}: {e}", index + 2)))?;
        let field = |i: usize| record.get(i).unwrap_or("").trim().to_string();
        rows.push(Row {
            line: index + 2,
            to: field(0),
            text: field(3),
            from: field(4),
            action: field(8).parse().ok(),
            issues: field(9)
                .split(',')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect(),
            session: field(10).parse().ok(),
        });
    }
    if rows.is_empty() {
        return Err(error(path, "the export has no rows"));
    }
    Ok(rows)
}

/// A text as compared: lower case, letters and digits only, without the
/// "To" UPR Info drops from the start.
fn comparable(text: &str) -> String {
    let lower = text.to_lowercase();
    let lower = lower.strip_prefix("to ").unwrap_or(&lower);
    lower
        .chars()
        .filter(|c| c.is_alphanumeric() || c.is_whitespace())
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether UPR Info's short State name names the report's ("United Kingdom"
/// and "United Kingdom of Great Britain and Northern Ireland").
fn same_state(short: &str, long: &str) -> bool {
    let (a, b) = (short.to_lowercase(), long.to_lowercase());
    a == b || b.starts_with(&a) || a.starts_with(&b) || b.contains(&a)
}

/// A review in an export: the State under review and the session.
type Review = (String, Option<u32>);

/// Adds UPR Info's issues and action to the recommendations of `list` its
/// rows match (same State, text at least 80 % alike); reports the rows of
/// the same review that match none.
pub fn apply(list: &mut Imported, rows: &[Row], file: &str) -> usize {
    // The review: the State under review and session with the most matches.
    let mut matched: BTreeMap<Review, Vec<(usize, Id)>> = BTreeMap::new();
    let texts: Vec<(Id, String)> = list
        .recommendations
        .iter()
        .map(|(id, r)| (*id, comparable(&r.text)))
        .collect();
    for (index, row) in rows.iter().enumerate() {
        let wanted = comparable(&row.text);
        let best = texts
            .iter()
            .filter(|(id, _)| {
                list.recommendations[id]
                    .by
                    .iter()
                    .any(|state| same_state(&row.from, state))
            })
            .map(|(id, text)| (strsim::normalized_levenshtein(&wanted, text), *id))
            .filter(|(score, _)| *score >= 0.8)
            .max_by(|a, b| a.0.total_cmp(&b.0));
        let group = matched.entry((row.to.clone(), row.session)).or_default();
        if let Some((_, id)) = best {
            group.push((index, id));
        }
    }
    let Some((review, pairs)) = matched.into_iter().max_by_key(|(_, pairs)| pairs.len()) else {
        return 0;
    };
    let matched_rows: std::collections::HashSet<usize> = pairs.iter().map(|(i, _)| *i).collect();
    for (index, id) in &pairs {
        let row = &rows[*index];
        if let Some(item) = list.recommendations.get_mut(id) {
            for issue in &row.issues {
                if !item.issues.contains(issue) {
                    item.issues.push(issue.clone());
                }
            }
            item.action = row.action.or(item.action);
        }
    }
    for (index, row) in rows.iter().enumerate() {
        if (row.to.clone(), row.session) == review && !matched_rows.contains(&index) {
            list.warnings.push(warning(
                format!("{file}, line {}", row.line),
                format!(
                    "no recommendation of the list matches this row ({}): “{}”",
                    row.from,
                    row.text.chars().take(70).collect::<String>()
                ),
            ));
        }
    }
    pairs.len()
}
