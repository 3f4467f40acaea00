//! `uprc import`: the previous review's recommendations from OHCHR's own
//! files, into a `previous/*.toml` file.
//!
//! - [`thematic`]: OHCHR's thematic list of recommendations (.docx), any cycle;
//! - [`report`]: the Working Group report and its addendum (.pdf, or the
//!   text copied from them, .txt): the recommendations and the State's
//!   responses to those it examined later;
//! - [`uprinfo`]: the UPR Info database export (.csv), matched to a list to
//!   add UPR Info's issues and action categories.
//!
//! Real files are messy; what an importer cannot take at face value is a
//! warning that says where it was found (a table row, a page and line),
//! never a silent guess. A file that is not what it claims to be is an error.

// A file that cannot be imported is one error, returned once per file:
// its size does not matter.
#![allow(clippy::result_large_err)]

pub mod docx;
pub mod report;
pub mod thematic;
pub mod uprinfo;

use std::collections::BTreeMap;
use std::path::Path;

use crate::diag::{Diagnostic, Location, Severity};
use crate::model::{PreviousCycleFile, PreviousRecommendation, Response};

/// What an import found.
#[derive(Debug, Default)]
pub struct Imported {
    /// The report's symbol, when the input says it.
    pub report: Option<String>,
    /// The Working Group session, when the input says it.
    pub session: Option<u32>,
    /// The recommendations, by id.
    pub recommendations: BTreeMap<Id, PreviousRecommendation>,
    /// What could not be taken at face value.
    pub warnings: Vec<Diagnostic>,
}

/// A recommendation number that sorts as the report numbers: 121.2 < 121.10.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Id(pub u32, pub u32);

impl Id {
    /// Parses "121.10".
    pub fn parse(text: &str) -> Option<Id> {
        let (paragraph, item) = text.trim().split_once('.')?;
        Some(Id(paragraph.parse().ok()?, item.parse().ok()?))
    }
}

impl std::fmt::Display for Id {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}", self.0, self.1)
    }
}

/// A warning about a place in an input file ("UPR34.docx, table row 3").
pub fn warning(place: String, message: impl Into<String>) -> Diagnostic {
    Diagnostic::new(Severity::Warning, Location::Path(place), message)
}

/// An error about an input file as a whole.
pub fn error(file: &Path, message: impl Into<String>) -> Diagnostic {
    Diagnostic::new(
        Severity::Error,
        Location::Path(file.display().to_string()),
        message,
    )
}

/// Collapses runs of whitespace to one space and trims; a minus sign
/// (U+2212) becomes a hyphen, and " ‑ " (a non-breaking hyphen with spaces,
/// as Word exports "custom-designed") a plain hyphen.
pub fn clean(text: &str) -> String {
    let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
    joined
        .replace(" \u{2011} ", "-")
        .replace(['\u{2011}', '\u{2212}'], "-")
}

/// Words that continue a State's name after a comma ("Korea, Republic of"),
/// rather than start another State ("Portugal, Slovakia").
const NAME_CONTINUATIONS: &[&str] = &[
    "Republic",
    "Democratic",
    "Islamic",
    "Plurinational",
    "Bolivarian",
    "Federated",
    "United",
    "People",
    "Kingdom",
    "State",
    "Federal",
    "Principality",
    "Grand",
    "Sultanate",
    "the",
];

/// Splits "Ratify the Convention (No. 29) (France) (Lithuania)" into the
/// text and the States in the trailing parentheses. A group such as
/// "(No. 29)" is part of the text; "(Portugal, Slovakia)" is two States;
/// "(Venezuela (Bolivarian Republic of))" is one.
pub fn split_states(segment: &str) -> (String, Vec<String>) {
    let mut rest = segment
        .trim_end()
        .trim_end_matches([';', '.', ','])
        .trim_end();
    let mut groups = Vec::new();
    while rest.ends_with(')') {
        // The matching opening bracket, scanning back.
        let mut depth = 0usize;
        let mut open = None;
        for (i, c) in rest.char_indices().rev() {
            match c {
                ')' => depth += 1,
                '(' => {
                    depth -= 1;
                    if depth == 0 {
                        open = Some(i);
                        break;
                    }
                }
                _ => {}
            }
        }
        let Some(open) = open else { break };
        let inner = &rest[open + 1..rest.len() - 1];
        // Not a State: "(No. 29)", a year, an acronym such as "(CEDAW)".
        let acronym = inner.len() <= 12 && !inner.chars().any(char::is_lowercase);
        let is_state = inner.chars().next().is_some_and(|c| c.is_uppercase())
            && !inner.starts_with("No.")
            && !acronym;
        if !is_state {
            break;
        }
        groups.push(inner.trim().to_string());
        rest = rest[..open].trim_end();
    }
    groups.reverse();
    let mut states = Vec::new();
    for group in groups {
        let mut current = String::new();
        for piece in group.split(", ") {
            let continues = NAME_CONTINUATIONS.iter().any(|w| piece.starts_with(w))
                || piece.chars().next().is_some_and(char::is_lowercase);
            if current.is_empty() || continues {
                if !current.is_empty() {
                    current.push_str(", ");
                }
                current.push_str(piece);
            } else {
                states.push(std::mem::take(&mut current));
                current.push_str(piece);
            }
        }
        if !current.is_empty() {
            states.push(current);
        }
    }
    (clean(rest), states)
}

/// Splits the text of one numbered recommendation into its parts: more
/// than one when a report put two recommendations under one number
/// ("… (Ukraine); Increase efforts … (Slovakia);"). Each part ends with
/// its States.
pub fn split_recommendations(text: &str) -> Vec<(String, Vec<String>)> {
    let mut parts = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    for (i, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth = depth.saturating_sub(1);
                // ");" or ")." followed by more text: one part ends here.
                let next = bytes.get(i + 1).copied();
                if depth == 0
                    && matches!(next, Some(b';') | Some(b'.'))
                    && text[i + 2..]
                        .trim_start()
                        .chars()
                        .next()
                        .is_some_and(char::is_uppercase)
                {
                    parts.push(split_states(&text[start..i + 1]));
                    start = i + 2;
                }
            }
            _ => {}
        }
    }
    if !text[start..].trim().is_empty() {
        parts.push(split_states(&text[start..]));
    }
    parts
}

/// One recommendation from its parts: the text (each part's States kept
/// with it when there are several) and every State once.
pub fn join_parts(parts: &[(String, Vec<String>)]) -> (String, Vec<String>) {
    let mut by: Vec<String> = Vec::new();
    for (_, states) in parts {
        for state in states {
            if !by.contains(state) {
                by.push(state.clone());
            }
        }
    }
    let text = match parts {
        [(text, _)] => text.clone(),
        _ => parts
            .iter()
            .map(|(text, states)| {
                let states: Vec<String> = states.iter().map(|s| format!("({s})")).collect();
                format!("{text} {}", states.join(" "))
            })
            .collect::<Vec<_>>()
            .join("; "),
    };
    (text, by)
}

/// A new recommendation with just what every input gives.
pub fn recommendation(
    id: Id,
    text: String,
    by: Vec<String>,
    response: Response,
) -> PreviousRecommendation {
    PreviousRecommendation {
        id: id.to_string(),
        by,
        response,
        response_source: None,
        claim: None,
        text,
        themes: Vec::new(),
        groups: Vec::new(),
        sdgs: Vec::new(),
        issues: Vec::new(),
        action: None,
    }
}

/// The TOML of a `previous` file: the schema line, where it came from, and
/// the list in the report's order. Deterministic: the same import gives the
/// same bytes.
pub fn to_toml(file: &PreviousCycleFile, from: &[String], schema: &str) -> String {
    let mut out = format!("#:schema {schema}\n");
    out.push_str("# Imported by `uprc import` from:\n");
    for source in from {
        out.push_str(&format!("#   {source}\n"));
    }
    out.push_str("# Edit by hand where the source is wrong; `uprc import --force` says what it would change.\n\n");
    let body = toml::to_string(file).unwrap_or_default();
    out.push_str(&body);
    out
}

/// The `#:schema` path for a file written at `output`: the nearest
/// `schemas/previous.schema.json` up the folders (as `uprc init` and `uprc
/// schema` make them), relative to it; `../schemas/…` if there is none.
pub fn schema_path(output: &Path) -> String {
    let folder = output
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut up = String::new();
    let mut current = folder.canonicalize().ok();
    for _ in 0..4 {
        let Some(dir) = current else { break };
        if dir.join("schemas/previous.schema.json").is_file() {
            return format!("{up}schemas/previous.schema.json");
        }
        up.push_str("../");
        current = dir.parent().map(Path::to_path_buf);
    }
    "../schemas/previous.schema.json".into()
}

/// What re-importing changes in a list, one line each: added, removed,
/// changed texts, positions and States.
pub fn differences(old: &PreviousCycleFile, new: &PreviousCycleFile) -> Vec<String> {
    let old_by_id: BTreeMap<&str, &PreviousRecommendation> = old
        .recommendation
        .iter()
        .map(|r| (r.id.as_str(), r))
        .collect();
    let new_by_id: BTreeMap<&str, &PreviousRecommendation> = new
        .recommendation
        .iter()
        .map(|r| (r.id.as_str(), r))
        .collect();
    // Ids listed in the report's order, neighbours as ranges.
    let mut order: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for r in old.recommendation.iter().chain(&new.recommendation) {
        let next = order.len();
        order.entry(r.id.as_str()).or_insert(next);
    }
    let mut lines = Vec::new();
    let added: Vec<&str> = new_by_id
        .keys()
        .filter(|id| !old_by_id.contains_key(*id))
        .copied()
        .collect();
    let removed: Vec<&str> = old_by_id
        .keys()
        .filter(|id| !new_by_id.contains_key(*id))
        .copied()
        .collect();
    if !added.is_empty() {
        lines.push(format!(
            "added {}: {}",
            added.len(),
            crate::numbering::compress_ids(&added, &order, "")
        ));
    }
    if !removed.is_empty() {
        lines.push(format!(
            "removed {}: {}",
            removed.len(),
            crate::numbering::compress_ids(&removed, &order, "")
        ));
    }
    // In the report's order.
    let mut common: Vec<(&str, &PreviousRecommendation, &PreviousRecommendation)> = new
        .recommendation
        .iter()
        .filter_map(|new| Some((new.id.as_str(), *old_by_id.get(new.id.as_str())?, new)))
        .collect();
    common.sort_by_key(|(id, _, _)| order.get(id).copied());
    let mut positions: BTreeMap<(String, String), Vec<&str>> = BTreeMap::new();
    let mut claims = Vec::new();
    for (id, old, new) in common {
        if old.text != new.text {
            lines.push(format!(
                "{id}: text changed from “{}” to “{}”",
                old.text, new.text
            ));
        }
        if old.by != new.by {
            lines.push(format!(
                "{id}: States changed from {} to {}",
                old.by.join(", "),
                new.by.join(", ")
            ));
        }
        if old.response != new.response {
            let name = |r: Response| format!("{r:?}").to_lowercase();
            positions
                .entry((name(old.response), name(new.response)))
                .or_default()
                .push(id);
        }
        if old.claim != new.claim {
            claims.push(id);
        }
    }
    for ((from, to), ids) in positions {
        lines.push(format!(
            "position changed from {from} to {to} for {}: {}",
            ids.len(),
            crate::numbering::compress_ids(&ids, &order, "")
        ));
    }
    if !claims.is_empty() {
        lines.push(format!(
            "the State's claim changed for {}: {}",
            claims.len(),
            crate::numbering::compress_ids(&claims, &order, "")
        ));
    }
    lines
}

/// Keeps what the user added by hand that the new import does not provide
/// (a claim, themes, a position the inputs leave pending, States the input
/// does not name): returns how many recommendations kept something.
pub fn keep_manual_edits(old: &PreviousCycleFile, new: &mut PreviousCycleFile) -> usize {
    let old_by_id: BTreeMap<&str, &PreviousRecommendation> = old
        .recommendation
        .iter()
        .map(|r| (r.id.as_str(), r))
        .collect();
    let mut kept = 0;
    for recommendation in &mut new.recommendation {
        let Some(old) = old_by_id.get(recommendation.id.as_str()) else {
            continue;
        };
        let mut any = false;
        if recommendation.claim.is_none() && old.claim.is_some() {
            recommendation.claim = old.claim.clone();
            any = true;
        }
        if recommendation.themes.is_empty() && !old.themes.is_empty() {
            recommendation.themes = old.themes.clone();
            any = true;
        }
        if recommendation.response_source.is_none() && old.response_source.is_some() {
            recommendation.response_source = old.response_source.clone();
            any = true;
        }
        // "Pending" only says the inputs do not know the answer; one you
        // recorded (from an addendum or a national report) stays.
        if recommendation.response == Response::Pending && old.response != Response::Pending {
            recommendation.response = old.response;
            recommendation.response_source = old.response_source.clone();
            any = true;
        }
        if recommendation.by.is_empty() && !old.by.is_empty() {
            recommendation.by = old.by.clone();
            any = true;
        }
        kept += usize::from(any);
    }
    kept
}

/// Largest input read: the biggest real report is a few hundred kilobytes.
const MAX_INPUT_BYTES: u64 = 32 * 1024 * 1024;

/// What `uprc import` made of its inputs.
pub struct Outcome {
    /// The list, in the report's order.
    pub file: PreviousCycleFile,
    /// What each input was taken for, for the file's header.
    pub from: Vec<String>,
    /// Warnings, in the order found.
    pub warnings: Vec<Diagnostic>,
}

/// Imports the list of recommendations from `inputs`: one list (a thematic
/// list, or a Working Group report), optionally the report's addendum and a
/// UPR Info export. `base` is the existing list, used when the inputs hold
/// none (to add a UPR Info export to it). All problems come back at once.
pub fn run(inputs: &[&Path], base: Option<&PreviousCycleFile>) -> Result<Outcome, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let mut lists: Vec<(String, Imported)> = Vec::new();
    let mut addenda = Vec::new();
    let mut exports = Vec::new();
    for path in inputs {
        let name = path.display().to_string();
        let bytes = match std::fs::metadata(path).and_then(|m| {
            if m.len() > MAX_INPUT_BYTES {
                Err(std::io::Error::other(format!(
                    "the file is over {} MB",
                    MAX_INPUT_BYTES >> 20
                )))
            } else {
                std::fs::read(path)
            }
        }) {
            Ok(bytes) => bytes,
            Err(e) => {
                errors.push(error(path, format!("cannot read it: {e}")));
                continue;
            }
        };
        if bytes.iter().all(|b| b.is_ascii_whitespace()) {
            errors.push(error(path, "the file is empty"));
            continue;
        }
        let extension = path
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        match extension.as_str() {
            "docx" => match thematic::read(path, &bytes) {
                Ok(list) => lists.push((format!("{name} (OHCHR thematic list of recommendations)"), list)),
                Err(e) => errors.push(e),
            },
            "pdf" | "txt" => {
                let text = match report::text_of(path, &bytes) {
                    Ok(text) => text,
                    Err(e) => {
                        errors.push(e);
                        continue;
                    }
                };
                let first_page = text.split('\u{c}').next().unwrap_or("");
                let is_addendum = first_page.contains("/Add.")
                    || text.contains("accepts the following recommendations")
                    || text.contains("notes the following recommendations");
                if is_addendum {
                    match report::read_addendum(path, &text) {
                        Ok(answers) => addenda.push((name, answers)),
                        Err(e) => errors.push(e),
                    }
                } else {
                    match report::read_report(path, &text) {
                        Ok(list) => lists.push((format!("{name} (Working Group report)"), list)),
                        Err(e) => errors.push(e),
                    }
                }
            }
            "csv" => match uprinfo::read(path, &bytes) {
                Ok(rows) => exports.push((name, rows)),
                Err(e) => errors.push(e),
            },
            _ => errors.push(error(
                path,
                "uprc imports OHCHR thematic lists (.docx), Working Group reports and their addenda (.pdf, or their text as .txt) and UPR Info exports (.csv)",
            )),
        }
    }
    if lists.len() > 1 {
        for (name, _) in &lists[1..] {
            errors.push(Diagnostic::new(
                Severity::Error,
                Location::Path(name.clone()),
                "a second list of recommendations: import one (a thematic list or a Working Group report), with its addendum or a UPR Info export",
            ));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut from = Vec::new();
    let mut imported = match lists.pop() {
        Some((name, list)) => {
            from.push(name);
            list
        }
        None => match base {
            Some(base) => from_file(base),
            None => {
                let what = if addenda.is_empty() {
                    "a UPR Info export"
                } else {
                    "an addendum"
                };
                return Err(vec![Diagnostic::new(
                    Severity::Error,
                    Location::Detached,
                    format!(
                        "{what} answers a list of recommendations: import it with the Working Group report or OHCHR's thematic list"
                    ),
                )]);
            }
        },
    };
    for (name, (symbol, answers, warnings)) in addenda {
        report::apply_addendum(&mut imported, &answers, &name);
        imported.warnings.extend(warnings);
        from.push(format!("{name} ({symbol}, the State's responses)"));
    }
    for (name, rows) in exports {
        let matched = uprinfo::apply(&mut imported, &rows, &name);
        from.push(format!(
            "{name} (UPR Info export: issues and action categories, {matched} rows matched)"
        ));
    }
    let pending: Vec<String> = imported
        .recommendations
        .iter()
        .filter(|(_, r)| r.response == Response::Pending)
        .map(|(id, _)| id.to_string())
        .collect();
    if !pending.is_empty() {
        imported.warnings.push(
            Diagnostic::new(
                Severity::Warning,
                Location::Detached,
                format!(
                    "{} recommendations have no position yet (pending): {}",
                    pending.len(),
                    pending.join(", ")
                ),
            )
            .with_help("import the report's addendum with it, which gives the State's responses"),
        );
    }
    let file = PreviousCycleFile {
        report: imported
            .report
            .clone()
            .or_else(|| base.map(|b| b.report.clone()))
            .unwrap_or_else(|| "A/HRC/??/??".into()),
        session: imported.session.or_else(|| base.and_then(|b| b.session)),
        year: base.and_then(|b| b.year),
        recommendation: imported.recommendations.into_values().collect(),
    };
    Ok(Outcome {
        file,
        from,
        warnings: imported.warnings,
    })
}

/// An existing list, as a starting point.
fn from_file(file: &PreviousCycleFile) -> Imported {
    Imported {
        report: Some(file.report.clone()),
        session: file.session,
        recommendations: file
            .recommendation
            .iter()
            .filter_map(|r| Some((Id::parse(&r.id)?, r.clone())))
            .collect(),
        warnings: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_come_off_the_end_of_a_text() {
        assert_eq!(
            split_states("Ratify the Convention (France) (Lithuania);"),
            (
                "Ratify the Convention".into(),
                vec!["France".into(), "Lithuania".into()]
            )
        );
        assert_eq!(
            split_states(
                "Ratify the Forced Labour Convention, 1930 (No. 29) (United Kingdom of Great Britain and Northern Ireland);"
            ),
            (
                "Ratify the Forced Labour Convention, 1930 (No. 29)".into(),
                vec!["United Kingdom of Great Britain and Northern Ireland".into()]
            )
        );
        assert_eq!(
            split_states("Guarantee rights (Venezuela (Bolivarian Republic of))."),
            (
                "Guarantee rights".into(),
                vec!["Venezuela (Bolivarian Republic of)".into()]
            )
        );
        assert_eq!(
            split_states("Consider ratifying (Portugal, Slovakia);"),
            (
                "Consider ratifying".into(),
                vec!["Portugal".into(), "Slovakia".into()]
            )
        );
        assert_eq!(
            split_states(
                "Ratify the Convention on the Rights of Persons with Disabilities (CRPD) (Chile);"
            ),
            (
                "Ratify the Convention on the Rights of Persons with Disabilities (CRPD)".into(),
                vec!["Chile".into()]
            )
        );
        assert_eq!(
            split_states("Cooperate (Korea, Republic of);"),
            ("Cooperate".into(), vec!["Korea, Republic of".into()])
        );
    }

    #[test]
    fn two_recommendations_under_one_number_are_found() {
        let parts = split_recommendations(
            "Complete the ratification of the Convention (Ukraine); Increase efforts towards ratification (Slovakia);",
        );
        assert_eq!(
            parts,
            vec![
                (
                    "Complete the ratification of the Convention".into(),
                    vec!["Ukraine".into()]
                ),
                (
                    "Increase efforts towards ratification".into(),
                    vec!["Slovakia".into()]
                ),
            ]
        );
        let (text, by) = join_parts(&parts);
        assert_eq!(
            text,
            "Complete the ratification of the Convention (Ukraine); Increase efforts towards ratification (Slovakia)"
        );
        assert_eq!(by, ["Ukraine", "Slovakia"]);
        // A semicolon inside a text is not a boundary.
        assert_eq!(
            split_recommendations(
                "Combat discrimination on any other condition; and strengthen policies (Iraq);"
            )
            .len(),
            1
        );
        assert_eq!(
            clean("custom \u{2011} designed  2018\u{2212}2028"),
            "custom-designed 2018-2028"
        );
        assert!(Id::parse("121.2") < Id::parse("121.10"));
    }
}
