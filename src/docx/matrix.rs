//! `uprc matrix -o x.docx`: OHCHR's matrix as a Word table.

use std::io::Cursor;

use docx_rs::{
    AlignmentType, BorderType, Docx, Footer, LineSpacing, PageMargin, PageNum, Paragraph, Shading,
    Style, StyleType, Table, TableBorder, TableBorderPosition, TableBorders, TableCell,
    TableCellMargins, TableLayoutType, TableRow, WidthType,
};

use super::complete::{Completion, complete};
use super::{Look, PAGE, TABLE_TEXT, core_xml, language_tag, times_new_roman};
use crate::model::{Date, Language};

/// OHCHR's matrix of recommendations, filled in, as a Word table on
/// landscape A4: the header row repeats on every page, a row per theme
/// spans the table, rows do not break across pages.
pub fn matrix(
    rows: &[crate::matrix::Row],
    title: &str,
    creator: &str,
    language: Language,
    date: Date,
) -> Result<Vec<u8>, String> {
    let margin = 1134;
    let width = (PAGE.1 as i32 - 2 * margin) as usize;
    let widths: Vec<usize> = [0.08, 0.34, 0.12, 0.16, 0.30]
        .iter()
        .map(|w| (w * width as f64) as usize)
        .collect();
    let cell = |text: &str, width: usize, look: Look| {
        let mut cell = TableCell::new().width(width, WidthType::Dxa);
        for line in text.split('\n') {
            cell = cell.add_paragraph(Paragraph::new().style(TABLE_TEXT).add_run(look.run(line)));
        }
        cell
    };
    let plain = Look::default();
    let bold = Look {
        bold: true,
        ..Look::default()
    };
    let header: Vec<TableCell> = crate::matrix::COLUMNS
        .iter()
        .zip(&widths)
        .map(|(name, width)| cell(name, *width, bold).shading(Shading::new().fill("D9D9D9")))
        .collect();
    let mut table_rows = vec![TableRow::new(header).cant_split()];
    let mut theme: Option<&str> = None;
    for row in rows {
        if theme != Some(row.theme.as_str()) && !row.theme.is_empty() {
            let look = Look {
                bold: true,
                italic: true,
                ..Look::default()
            };
            table_rows.push(
                TableRow::new(vec![
                    cell(&format!("Theme: {}", row.theme), width, look)
                        .grid_span(5)
                        .shading(Shading::new().fill("C6D9F1")),
                ])
                .cant_split(),
            );
        }
        theme = Some(&row.theme);
        let cells = vec![
            cell(&row.id, widths[0], bold),
            cell(&row.recommendation, widths[1], plain),
            cell(&row.position, widths[2], plain),
            cell(&row.themes.join("\n"), widths[3], plain),
            cell(&row.assessment, widths[4], plain),
        ];
        table_rows.push(TableRow::new(cells).cant_split());
    }
    let rule = |position| {
        TableBorder::new(position)
            .border_type(BorderType::Single)
            .size(4)
    };
    let borders = TableBorders::with_empty()
        .set(rule(TableBorderPosition::Top))
        .set(rule(TableBorderPosition::Bottom))
        .set(rule(TableBorderPosition::Left))
        .set(rule(TableBorderPosition::Right))
        .set(rule(TableBorderPosition::InsideH))
        .set(rule(TableBorderPosition::InsideV));
    let table = Table::new(table_rows)
        .set_grid(widths)
        .width(width, WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
        .margins(TableCellMargins::new().margin(60, 80, 60, 80))
        .set_borders(borders);
    let mut table_text = Style::new(TABLE_TEXT, StyleType::Paragraph)
        .name("Table Text")
        .based_on("Normal")
        .size(18);
    table_text.paragraph_property = table_text
        .paragraph_property
        .line_spacing(LineSpacing::new().after(40));
    let stamp = format!(
        "{:04}-{:02}-{:02}T00:00:00Z",
        date.year, date.month, date.day
    );
    let docx = Docx::new()
        .page_size(PAGE.1, PAGE.0)
        .page_orient(docx_rs::PageOrientationType::Landscape)
        .page_margin(
            PageMargin::new()
                .top(margin)
                .bottom(margin)
                .left(margin)
                .right(margin)
                .header(567)
                .footer(567),
        )
        .default_fonts(times_new_roman())
        .default_size(20)
        .add_style(table_text)
        .footer(
            Footer::new().add_paragraph(
                Paragraph::new()
                    .align(AlignmentType::Right)
                    .add_page_num(PageNum::new()),
            ),
        )
        .created_at(&stamp)
        .updated_at(&stamp)
        .add_paragraph(
            Paragraph::new().add_run(
                Look {
                    bold: true,
                    size: Some(24),
                    ..Look::default()
                }
                .run(title),
            ),
        )
        .add_table(table);
    let mut packed = Cursor::new(Vec::new());
    docx.build().pack(&mut packed).map_err(|e| e.to_string())?;
    complete(
        &packed.into_inner(),
        &Completion {
            core: core_xml(
                title,
                creator,
                "UPR; matrix of recommendations",
                language,
                date,
            ),
            language: language_tag(language),
            endnotes: false,
            links: &[],
        },
    )
}
