//! `uprc matrix`: the assessment as OHCHR's matrix of recommendations,
//! filled in. Every recommendation of the previous report, assessed or not,
//! in OHCHR's layout (recommendation with its States, position, themes,
//! "Assessment/comments on level of implementation"), as CSV for any tool or
//! as an XLSX workbook with a frozen header, wrapped text, theme groups and
//! a count per theme and status on a second sheet.

use std::collections::BTreeMap;

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, Workbook, XlsxError};

use crate::lang::Words;
use crate::load::Model;
use crate::lower::Document;
use crate::model::{Response, Status};
use crate::prose;

/// The matrix's columns, as OHCHR's 3rd-cycle matrix names them (with the
/// number apart, for sorting).
pub const COLUMNS: [&str; 5] = [
    "No.",
    "Recommendation",
    "Position",
    "Full list of themes",
    "Assessment/comments on level of implementation",
];

/// One recommendation as the matrix shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// "121.1".
    pub id: String,
    /// Text and States, as OHCHR prints them: "Ratify … (France) (Lithuania)".
    pub recommendation: String,
    /// "Supported", "Noted", "Pending", with its source when known.
    pub position: String,
    /// Themes, one per line.
    pub themes: Vec<String>,
    /// The theme it is grouped under (its first).
    pub theme: String,
    /// The organisation's status, if assessed.
    pub status: Option<Status>,
    /// Status, comment and evidence, as one cell; empty when not assessed.
    pub assessment: String,
}

/// The rows, in the report's order (grouped by theme with `by_theme`).
pub fn rows(model: &Model, document: &Document, words: &Words, by_theme: bool) -> Vec<Row> {
    let mut assessed: BTreeMap<&str, (Status, String)> = BTreeMap::new();
    if let Some(compliance) = document.compliance() {
        for row in &compliance.rows {
            let comment = prose::plain_text(&row.comment)
                .lines()
                .collect::<Vec<_>>()
                .join(" ");
            let mut cell = status_word(row.status).to_string();
            if !comment.trim().is_empty() {
                cell.push_str(". ");
                cell.push_str(comment.trim());
            }
            if !row.evidence.is_empty() {
                cell.push_str(&format!(
                    " ({} {} of the submission)",
                    if row.evidence.len() == 1 && !row.evidence[0].contains('–') {
                        words.para.0
                    } else {
                        words.para.1
                    },
                    row.evidence.join(", ")
                ));
            }
            if row.recommendations.len() > 1 {
                cell.push_str(&format!(" [assessed together: {}]", row.label));
            }
            for recommendation in &row.recommendations {
                assessed.insert(&recommendation.id, (row.status, cell.clone()));
            }
        }
    }
    let mut rows: Vec<Row> = model
        .previous
        .value
        .recommendation
        .iter()
        .map(|r| {
            let states: Vec<String> = r.by.iter().map(|s| format!("({s})")).collect();
            let position = match (r.response, &r.response_source) {
                (response, Some(source)) => format!("{} ({source})", response_word(response)),
                (response, None) => response_word(response).to_string(),
            };
            let (status, assessment) = assessed
                .get(r.id.as_str())
                .map(|(s, a)| (Some(*s), a.clone()))
                .unwrap_or((None, String::new()));
            Row {
                id: r.id.clone(),
                recommendation: format!("{} {}", r.text, states.join(" ")),
                position,
                themes: r.themes.clone(),
                theme: r.themes.first().cloned().unwrap_or_default(),
                status,
                assessment,
            }
        })
        .collect();
    if by_theme {
        // Themes in order of first appearance, rows within in the report's order.
        let mut order: Vec<String> = Vec::new();
        for row in &rows {
            if !order.contains(&row.theme) {
                order.push(row.theme.clone());
            }
        }
        rows.sort_by_key(|row| order.iter().position(|t| *t == row.theme));
    }
    rows
}

fn status_word(status: Status) -> &'static str {
    match status {
        Status::Implemented => "Implemented",
        Status::PartiallyImplemented => "Partially implemented",
        Status::NotImplemented => "Not implemented",
        Status::Unclear => "Unclear",
    }
}

fn response_word(response: Response) -> &'static str {
    match response {
        Response::Supported => "Supported",
        Response::Noted => "Noted",
        Response::Pending => "Pending",
    }
}

/// The counts of the last rows or sheet: per theme, how many
/// recommendations, how many supported, and how many of each status.
fn counts(rows: &[Row], model: &Model) -> Vec<[String; 7]> {
    let supported: std::collections::HashSet<&str> = model
        .previous
        .value
        .recommendation
        .iter()
        .filter(|r| r.response == Response::Supported)
        .map(|r| r.id.as_str())
        .collect();
    let mut order: Vec<&str> = Vec::new();
    let mut table: BTreeMap<&str, [usize; 6]> = BTreeMap::new();
    for row in rows {
        if !order.contains(&row.theme.as_str()) {
            order.push(&row.theme);
        }
        let line = table.entry(&row.theme).or_default();
        line[0] += 1;
        line[1] += usize::from(supported.contains(row.id.as_str()));
        match row.status {
            Some(Status::Implemented) => line[2] += 1,
            Some(Status::PartiallyImplemented) => line[3] += 1,
            Some(Status::NotImplemented) => line[4] += 1,
            Some(Status::Unclear) => line[5] += 1,
            None => {}
        }
    }
    order
        .into_iter()
        .map(|theme| {
            let n = table[theme];
            [
                if theme.is_empty() {
                    "(no theme)".to_string()
                } else {
                    theme.to_string()
                },
                n[0].to_string(),
                n[1].to_string(),
                n[2].to_string(),
                n[3].to_string(),
                n[4].to_string(),
                n[5].to_string(),
            ]
        })
        .collect()
}

const COUNT_COLUMNS: [&str; 7] = [
    "Theme",
    "Recommendations",
    "Supported",
    "Implemented",
    "Partially implemented",
    "Not implemented",
    "Unclear",
];

/// The matrix as CSV: the header, one line per recommendation, then a blank
/// line and the counts per theme and status.
pub fn csv(rows: &[Row], model: &Model) -> Result<Vec<u8>, String> {
    let mut writer = ::csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(Vec::new());
    let error = |e: ::csv::Error| e.to_string();
    writer.write_record(COLUMNS).map_err(error)?;
    for row in rows {
        writer
            .write_record([
                row.id.as_str(),
                row.recommendation.as_str(),
                row.position.as_str(),
                &row.themes.join("\n"),
                row.assessment.as_str(),
            ])
            .map_err(error)?;
    }
    writer.write_record([""]).map_err(error)?;
    writer.write_record(COUNT_COLUMNS).map_err(error)?;
    for line in counts(rows, model) {
        writer.write_record(&line).map_err(error)?;
    }
    writer.into_inner().map_err(|e| e.to_string())
}

/// The matrix as an XLSX workbook: the header row frozen, text wrapped,
/// a row per theme above its recommendations, and a second sheet of counts.
/// Deterministic: the document's dates are the submission's.
pub fn xlsx(rows: &[Row], model: &Model, title: &str) -> Result<Vec<u8>, String> {
    build_xlsx(rows, model, title).map_err(|e| e.to_string())
}

fn build_xlsx(rows: &[Row], model: &Model, title: &str) -> Result<Vec<u8>, XlsxError> {
    let date = model.submission.value.submission.date;
    let mut workbook = Workbook::new();
    let created = ExcelDateTime::from_ymd(date.year as u16, date.month, date.day)?;
    workbook.set_properties(
        &DocProperties::new()
            .set_title(title)
            .set_author(
                model
                    .submission
                    .value
                    .organisation
                    .iter()
                    .map(|o| o.name.as_str())
                    .collect::<Vec<_>>()
                    .join("; "),
            )
            .set_creation_datetime(&created),
    );
    let header = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let theme_format = Format::new()
        .set_bold()
        .set_italic()
        .set_background_color(0xC6D9F1);
    let sheet = workbook.add_worksheet();
    sheet.set_name("Matrix")?;
    for (column, (name, width)) in COLUMNS
        .iter()
        .zip([8.0, 70.0, 18.0, 30.0, 60.0])
        .enumerate()
    {
        sheet.write_string_with_format(0, column as u16, *name, &header)?;
        sheet.set_column_width(column as u16, width)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    let mut line = 1u32;
    let mut current_theme: Option<&str> = None;
    for row in rows {
        if current_theme != Some(row.theme.as_str()) && !row.theme.is_empty() {
            sheet.merge_range(
                line,
                0,
                line,
                4,
                &format!("Theme: {}", row.theme),
                &theme_format,
            )?;
            line += 1;
        }
        current_theme = Some(&row.theme);
        sheet.write_string_with_format(line, 0, &row.id, &wrap)?;
        sheet.write_string_with_format(line, 1, &row.recommendation, &wrap)?;
        sheet.write_string_with_format(line, 2, &row.position, &wrap)?;
        sheet.write_string_with_format(line, 3, row.themes.join("\n"), &wrap)?;
        sheet.write_string_with_format(line, 4, &row.assessment, &wrap)?;
        line += 1;
    }
    let totals = workbook.add_worksheet();
    totals.set_name("Counts")?;
    for (column, name) in COUNT_COLUMNS.iter().enumerate() {
        totals.write_string_with_format(0, column as u16, *name, &header)?;
        totals.set_column_width(column as u16, if column == 0 { 40.0 } else { 14.0 })?;
    }
    totals.set_freeze_panes(1, 0)?;
    for (i, counts) in counts(rows, model).iter().enumerate() {
        totals.write_string(i as u32 + 1, 0, &counts[0])?;
        for (column, value) in counts[1..].iter().enumerate() {
            totals.write_number(
                i as u32 + 1,
                column as u16 + 1,
                value.parse::<f64>().unwrap_or(0.0),
            )?;
        }
    }
    workbook.save_to_buffer()
}
