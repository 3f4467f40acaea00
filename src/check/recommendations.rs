//! The previous cycle's recommendations: the list itself, what the
//! assessment assesses (single ids, clusters, ranges) and with what
//! evidence, what chapters, parts and sections say they concern, what the
//! organisation's own recommendations follow up, and which supported ones
//! are left unassessed.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use crate::diag::{Diagnostic, FileId, did_you_mean};
use crate::load::{Loaded, Model};
use crate::model::{
    ChapterFile, ChapterRecommendations, NewRecommendation, OneOrMany, PreviousCycleFile, Response,
    heading_id,
};
use crate::numbering::{compress_ids, same_paragraph};
use crate::spans::escape_pointer;

/// "115.94-115.100" (or with an en dash): the two ends of a range.
fn range_ends(text: &str) -> Option<(&str, &str)> {
    let (start, end) = text.split_once(['-', '–'])?;
    let looks_like_id = |s: &str| {
        let mut parts = s.split('.');
        let ok = |p: Option<&str>| {
            p.is_some_and(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
        };
        ok(parts.next()) && ok(parts.next()) && parts.next().is_none()
    };
    let (start, end) = (start.trim(), end.trim());
    (looks_like_id(start) && looks_like_id(end)).then_some((start, end))
}

/// The ids an assessment names, ranges expanded against the report's list
/// (in its order); ids and ranges it cannot resolve are kept as written,
/// for the checks to report.
pub fn expand_ids(recommendation: &OneOrMany, previous: &PreviousCycleFile) -> Vec<String> {
    let position: HashMap<&str, usize> = previous
        .recommendation
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), i))
        .collect();
    let mut ids = Vec::new();
    for (_, written) in recommendation.items("") {
        if let Some(theme) = theme_of(written) {
            let of_theme = ids_of_theme(previous, theme);
            if !of_theme.is_empty() {
                ids.extend(of_theme);
                continue;
            }
        }
        match range_ends(written).and_then(|(a, b)| Some((*position.get(a)?, *position.get(b)?))) {
            Some((a, b)) if a <= b => {
                ids.extend(previous.recommendation[a..=b].iter().map(|r| r.id.clone()))
            }
            _ => ids.push(written.to_string()),
        }
    }
    ids
}

/// "theme:Administration of justice" → "Administration of justice".
fn theme_of(written: &str) -> Option<&str> {
    written.strip_prefix("theme:").map(str::trim)
}

/// The ids of the recommendations listed under `theme` (any of their themes).
fn ids_of_theme(previous: &PreviousCycleFile, theme: &str) -> Vec<String> {
    previous
        .recommendation
        .iter()
        .filter(|r| r.themes.iter().any(|t| t.eq_ignore_ascii_case(theme)))
        .map(|r| r.id.clone())
        .collect()
}

/// The ids a chapter's, part's or section's list concerns, each with the
/// pointer it is written at: `theme:…` entries stand for every
/// recommendation of that theme.
pub fn concerned_ids(
    list: &ChapterRecommendations,
    report: &str,
    previous: &PreviousCycleFile,
) -> Vec<(String, String)> {
    let mut ids = Vec::new();
    for (pointer, written) in list.for_report(report) {
        match theme_of(written) {
            Some(theme) => ids.extend(
                ids_of_theme(previous, theme)
                    .into_iter()
                    .map(|id| (pointer.clone(), id)),
            ),
            None => ids.push((pointer, written.to_string())),
        }
    }
    ids
}

/// Every theme of the list, in order of first appearance.
fn themes(previous: &PreviousCycleFile) -> Vec<&str> {
    let mut themes: Vec<&str> = Vec::new();
    for theme in previous.recommendation.iter().flat_map(|r| &r.themes) {
        if !themes.contains(&theme.as_str()) {
            themes.push(theme);
        }
    }
    themes
}

/// A reference to a theme the list does not have, as a diagnostic.
fn unknown_theme(
    previous: &PreviousCycleFile,
    theme: &str,
    file: FileId,
    span: Range<usize>,
) -> Diagnostic {
    let known = themes(previous);
    let help = match did_you_mean(theme, known.iter().copied()) {
        Some(best) => format!("did you mean `theme:{best}`?"),
        None if known.is_empty() => "the list of recommendations has no themes: import it from OHCHR's thematic list (`uprc import`) to have them".to_string(),
        None => format!("its themes include: {}", known.iter().take(8).map(|t| format!("`{t}`")).collect::<Vec<_>>().join(", ")),
    };
    Diagnostic::error(
        file,
        span,
        format!("no recommendation of the list has the theme `{theme}`"),
    )
    .with_help(help)
}

/// How many supported recommendations of a theme the submission assesses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThemeCoverage {
    /// The theme, as OHCHR's list names it.
    pub theme: String,
    /// Supported recommendations of the theme.
    pub supported: usize,
    /// Of them, how many the assessment covers.
    pub assessed: usize,
}

/// Coverage per theme with supported recommendations, in the list's order
/// of themes (empty when the list has none).
pub fn coverage(model: &Model) -> Vec<ThemeCoverage> {
    let previous = &model.previous.value;
    let assessed: HashSet<String> = model
        .assessment
        .iter()
        .flat_map(|a| &a.value.assessment)
        .flat_map(|a| expand_ids(&a.recommendation, previous))
        .collect();
    themes(previous)
        .into_iter()
        .map(|theme| {
            let supported: Vec<&str> = previous
                .recommendation
                .iter()
                .filter(|r| {
                    r.response == Response::Supported && r.themes.iter().any(|t| t == theme)
                })
                .map(|r| r.id.as_str())
                .collect();
            ThemeCoverage {
                theme: theme.to_string(),
                supported: supported.len(),
                assessed: supported
                    .iter()
                    .filter(|id| assessed.contains(**id))
                    .count(),
            }
        })
        .filter(|line| line.supported > 0)
        .collect()
}

/// What the recommendation checks share: the report's ids, in order.
struct Report<'m> {
    symbol: &'m str,
    known: Vec<&'m str>,
    position: HashMap<&'m str, usize>,
}

impl<'m> Report<'m> {
    fn new(previous: &'m PreviousCycleFile) -> Self {
        let known: Vec<&str> = previous
            .recommendation
            .iter()
            .map(|r| r.id.as_str())
            .collect();
        Report {
            symbol: &previous.report,
            position: known.iter().enumerate().map(|(i, id)| (*id, i)).collect(),
            known,
        }
    }

    fn unknown(&self, id: &str, file: FileId, span: Range<usize>) -> Diagnostic {
        Diagnostic::error(
            file,
            span,
            format!(
                "unknown recommendation `{id}`: {} has no such number",
                self.symbol
            ),
        )
        .with_optional_help(
            did_you_mean(id, self.known.iter().copied())
                .map(|best| format!("did you mean `{best}`?")),
        )
    }
}

/// Every check of this module.
pub fn check(model: &Model, diagnostics: &mut Vec<Diagnostic>) {
    let report = Report::new(&model.previous.value);
    check_previous_list(model, diagnostics);
    check_assessments(model, &report, diagnostics);
    check_concerned(model, &report, diagnostics);
    check_follows(model, &report, diagnostics);
}

/// The list matches the report named in `[previous]` and numbers each
/// recommendation once.
fn check_previous_list(model: &Model, diagnostics: &mut Vec<Diagnostic>) {
    let previous = &model.previous;
    let expected = &model.submission.value.previous.report;
    if &previous.value.report != expected {
        diagnostics.push(
            Diagnostic::warning(
                previous.file,
                previous.spans.value("/report"),
                format!("these recommendations are from `{}`, but `[previous] report` names `{expected}`", previous.value.report),
            )
            .with_help("point `[previous] recommendations` at the list of the report you assess, or correct the symbol"),
        );
    }
    let mut ids: HashMap<String, usize> = HashMap::new();
    for (i, recommendation) in previous.value.recommendation.iter().enumerate() {
        if let Some(first) = ids.insert(recommendation.id.to_lowercase(), i) {
            let first_id = &previous.value.recommendation[first].id;
            diagnostics.push(
                Diagnostic::error(
                    previous.file,
                    previous.spans.value(&format!("/recommendation/{i}/id")),
                    format!("duplicate recommendation id `{}`", recommendation.id),
                )
                .with_help(format!(
                    "`{first_id}` is already recommendation #{}; each id appears once",
                    first + 1
                )),
            );
        }
    }
}

/// Each assessment names known recommendations (ranges within one
/// paragraph of the report), none twice, with evidence that exists.
fn check_assessments(model: &Model, report: &Report<'_>, diagnostics: &mut Vec<Diagnostic>) {
    let Some(assessment) = &model.assessment else {
        return;
    };
    let targets = evidence_targets(model);
    let mut assessed: HashMap<String, usize> = HashMap::new();
    for (i, entry) in assessment.value.assessment.iter().enumerate() {
        for (pointer, written) in entry
            .recommendation
            .items(&format!("/assessment/{i}/recommendation"))
        {
            let (file, span) = assessment.value_at(&pointer);
            if let Some(theme) = theme_of(written) {
                let of_theme = ids_of_theme(&model.previous.value, theme);
                if of_theme.is_empty() {
                    diagnostics.push(unknown_theme(&model.previous.value, theme, file, span));
                    continue;
                }
            }
            let ids: Vec<String> = match range_ends(written) {
                Some((start, end)) => match check_range(report, start, end) {
                    Ok(ids) => ids,
                    Err(message) => {
                        diagnostics.push(
                            Diagnostic::error(file, span, format!("`{written}`: {message}"))
                                .with_help("a range runs from one recommendation to a later one of the same paragraph, e.g. `115.94-115.100`"),
                        );
                        continue;
                    }
                },
                None => match theme_of(written) {
                    Some(theme) => ids_of_theme(&model.previous.value, theme),
                    None => vec![written.to_string()],
                },
            };
            for id in ids {
                if !report.position.contains_key(id.as_str()) {
                    diagnostics.push(report.unknown(&id, file, span.clone()));
                } else if let Some(first) = assessed.insert(id.clone(), i) {
                    let help = if first == i {
                        "list each recommendation once".to_string()
                    } else {
                        format!(
                            "merge it with assessment #{}, or remove it from one of them",
                            first + 1
                        )
                    };
                    diagnostics.push(
                        Diagnostic::error(
                            file,
                            span.clone(),
                            format!("recommendation `{id}` is assessed twice"),
                        )
                        .with_help(help),
                    );
                }
            }
        }
        for (j, target) in entry.evidence.iter().enumerate() {
            let (file, span) = assessment.value_at(&format!("/assessment/{i}/evidence/{j}"));
            if let Some(problem) = evidence_problem(model, &targets, target) {
                diagnostics.push(Diagnostic::error(file, span, problem.0).with_help(problem.1));
            }
        }
    }
}

fn check_range(report: &Report<'_>, start: &str, end: &str) -> Result<Vec<String>, String> {
    let position = |id: &str| {
        report
            .position
            .get(id)
            .copied()
            .ok_or_else(|| format!("{} has no recommendation {id}", report.symbol))
    };
    let (a, b) = (position(start)?, position(end)?);
    if !same_paragraph(start, end) {
        return Err("the two ends are in different paragraphs of the report".into());
    }
    if a > b {
        return Err(format!("{start} comes after {end} in the report"));
    }
    Ok(report.known[a..=b]
        .iter()
        .map(|id| id.to_string())
        .collect())
}

/// What evidence may name: each chapter by id, and `chapter#part` or
/// `chapter#section` for its parts and sections.
fn evidence_targets(model: &Model) -> HashMap<String, Vec<String>> {
    model
        .chapters
        .iter()
        .map(|chapter| (chapter.id.clone(), inner_ids(&chapter.file.value)))
        .collect()
}

/// The ids of a chapter's parts and sections.
fn inner_ids(chapter: &ChapterFile) -> Vec<String> {
    let mut ids = Vec::new();
    for part in &chapter.part {
        ids.push(part.id.clone().unwrap_or_else(|| heading_id(&part.heading)));
        for section in &part.section {
            ids.push(
                section
                    .id
                    .clone()
                    .unwrap_or_else(|| heading_id(&section.heading)),
            );
        }
    }
    ids
}

/// Why `target` cannot be evidence (message, help), if it cannot.
fn evidence_problem(
    model: &Model,
    targets: &HashMap<String, Vec<String>>,
    target: &str,
) -> Option<(String, String)> {
    let (chapter, inner) = match target.split_once('#') {
        Some((chapter, inner)) => (chapter, Some(inner)),
        None => (target, None),
    };
    if model.left_out.iter().any(|c| c.id == chapter) {
        let variant = model.variant.as_deref().unwrap_or("?");
        return Some((
            format!("evidence `{target}` names a chapter that variant `{variant}` leaves out"),
            format!(
                "include `{chapter}` in `[select]` of variants/{variant}.toml, or give the variant its own `[content] assessment`"
            ),
        ));
    }
    if !model.complete {
        return None;
    }
    let Some(inner_ids) = targets.get(chapter) else {
        let mut ids: Vec<&str> = targets.keys().map(String::as_str).collect();
        ids.sort();
        let help = match did_you_mean(chapter, ids.iter().copied()) {
            Some(best) => format!("did you mean `{best}`?"),
            None => format!("evidence names chapters by id: {}", quoted_list(&ids)),
        };
        return Some((
            format!("evidence `{target}` names no chapter of this submission"),
            help,
        ));
    };
    let inner = inner?;
    if inner_ids.iter().any(|id| id == inner) {
        return None;
    }
    let help = match did_you_mean(inner, inner_ids.iter().map(String::as_str)) {
        Some(best) => format!("did you mean `{chapter}#{best}`?"),
        None if inner_ids.is_empty() => format!("`{chapter}` has no parts; name the chapter alone"),
        None => format!(
            "its parts and sections are: {}",
            quoted_list(&inner_ids.iter().map(String::as_str).collect::<Vec<_>>())
        ),
    };
    Some((
        format!("evidence `{target}`: `{chapter}` has no part or section `{inner}`"),
        help,
    ))
}

/// Every list of previous recommendations in a chapter file, with the
/// pointer of the object holding it.
fn concerned_lists(chapter: &ChapterFile) -> Vec<(String, &ChapterRecommendations)> {
    let mut lists = vec![(String::new(), &chapter.recommendations)];
    for (p, part) in chapter.part.iter().enumerate() {
        lists.push((format!("/part/{p}"), &part.recommendations));
        for (s, section) in part.section.iter().enumerate() {
            lists.push((format!("/part/{p}/section/{s}"), &section.recommendations));
        }
    }
    lists
}

/// The recommendations chapters, parts and sections concern are in the report.
fn check_concerned(model: &Model, report: &Report<'_>, diagnostics: &mut Vec<Diagnostic>) {
    let expected = &model.submission.value.previous.report;
    for chapter in &model.chapters {
        let file = &chapter.file;
        for (base, recommendations) in concerned_lists(&file.value) {
            if let ChapterRecommendations::ByReport(by_report) = recommendations
                && !by_report.contains_key(expected.as_str())
                && let Some(near) = did_you_mean(expected, by_report.keys().map(String::as_str))
            {
                let pointer = format!("{base}/recommendations/{}", escape_pointer(near));
                diagnostics.push(
                    Diagnostic::warning(
                        file.file,
                        file.spans.key(&pointer),
                        format!("no recommendations listed for `{expected}`, the report under `[previous]`"),
                    )
                    .with_help(format!("did you mean `{expected}`?")),
                );
            }
            let concerned = recommendations.for_report(expected);
            // Not one of several numbers known: most likely they are another
            // report's, as when a variant moves the submission on to the next
            // review. (One unknown number is more likely a typo.)
            let another_report = matches!(recommendations, ChapterRecommendations::Ids(_))
                && concerned.len() > 1
                && concerned
                    .iter()
                    .all(|(_, id)| !report.position.contains_key(id) && theme_of(id).is_none());
            for (pointer, id) in &concerned {
                if report.position.contains_key(id) {
                    continue;
                }
                if let Some(theme) = theme_of(id) {
                    if ids_of_theme(&model.previous.value, theme).is_empty() {
                        let (id_file, span) = file.value_at(&format!("{base}{pointer}"));
                        diagnostics.push(unknown_theme(
                            &model.previous.value,
                            theme,
                            id_file,
                            span,
                        ));
                    }
                    continue;
                }
                let (id_file, span) = file.value_at(&format!("{base}{pointer}"));
                let mut diagnostic = report.unknown(id, id_file, span);
                if another_report {
                    diagnostic.help = Some(format!(
                        "if these numbers belong to another report, list them per report: `recommendations = {{ \"<that report>\" = [\"{first}\", …], \"{expected}\" = […] }}`",
                        first = concerned[0].1
                    ));
                }
                diagnostics.push(diagnostic);
            }
        }
    }
}

/// Every `follows` of the organisation's own recommendations names a
/// recommendation of the report.
fn check_follows(model: &Model, report: &Report<'_>, diagnostics: &mut Vec<Diagnostic>) {
    let mut check = |owner_file: &dyn Fn(&str) -> (FileId, Range<usize>),
                     base: &str,
                     list: &[NewRecommendation]| {
        for (i, recommendation) in list.iter().enumerate() {
            for (j, id) in recommendation.follows.iter().enumerate() {
                if !report.position.contains_key(id.as_str()) {
                    let (file, span) =
                        owner_file(&format!("{base}/recommendation/{i}/follows/{j}"));
                    diagnostics.push(report.unknown(id, file, span));
                }
            }
        }
    };
    let submission = &model.submission;
    check(
        &|p| submission.value_at(p),
        "",
        &submission.value.recommendation,
    );
    for chapter in &model.chapters {
        let file = &chapter.file;
        let at = |p: &str| file.value_at(p);
        check(&at, "", &file.value.recommendation);
        for (p, part) in file.value.part.iter().enumerate() {
            check(&at, &format!("/part/{p}"), &part.recommendation);
            for (s, section) in part.section.iter().enumerate() {
                check(
                    &at,
                    &format!("/part/{p}/section/{s}"),
                    &section.recommendation,
                );
            }
        }
    }
}

/// Supported recommendations a chapter concerns but the assessment leaves
/// out are worth a look: one hint per chapter, listing them.
pub fn hint_unassessed(model: &Model, diagnostics: &mut Vec<Diagnostic>) {
    let Some(assessment) = &model.assessment else {
        return;
    };
    let previous = &model.previous.value;
    let assessed: HashSet<String> = assessment
        .value
        .assessment
        .iter()
        .flat_map(|a| expand_ids(&a.recommendation, previous))
        .collect();
    let supported: HashSet<&str> = previous
        .recommendation
        .iter()
        .filter(|r| r.response == Response::Supported)
        .map(|r| r.id.as_str())
        .collect();
    let order: HashMap<&str, usize> = previous
        .recommendation
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), i))
        .collect();
    let report = &model.submission.value.previous.report;
    for chapter in &model.chapters {
        let file: &Loaded<ChapterFile> = &chapter.file;
        // The hint points at the first of them.
        let mut missing: Vec<&str> = Vec::new();
        let mut first_pointer = None;
        for (base, list) in concerned_lists(&file.value) {
            for (pointer, id) in concerned_ids(list, report, previous) {
                let Some(&id) = supported.get(id.as_str()) else {
                    continue;
                };
                if !assessed.contains(id) && !missing.contains(&id) {
                    first_pointer.get_or_insert_with(|| format!("{base}{pointer}"));
                    missing.push(id);
                }
            }
        }
        let Some(pointer) = first_pointer else {
            continue;
        };
        let (id, span) = file.value_at(&pointer);
        let count = missing.len();
        let listed = compress_ids(&missing, &order, "");
        let (message, help) = if count == 1 {
            (
                format!(
                    "recommendation {listed} was supported and concerns this chapter, but is not assessed"
                ),
                format!(
                    "add an `[[assessment]]` of {listed} to `{}`",
                    assessment.path
                ),
            )
        } else {
            (
                format!(
                    "{count} supported recommendations this chapter concerns are not assessed: {listed}"
                ),
                format!(
                    "assess them in `{}`, together if they go together: `recommendation = [\"{}\", …]`",
                    assessment.path, missing[0]
                ),
            )
        };
        diagnostics.push(Diagnostic::hint(id, span, message).with_help(help));
    }
}

fn quoted_list(items: &[&str]) -> String {
    items
        .iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
