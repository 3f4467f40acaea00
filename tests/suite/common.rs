//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The bundled example.
pub fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("submissions/kazakhstan-upr20")
}

/// The smallest valid submission.
pub fn minimal() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal")
}

/// Copies a folder tree.
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A temporary copy of the minimal submission at `<tmp>/sub`, with files
/// replaced or added (`(relative path, contents)`).
pub fn minimal_with(overrides: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("sub");
    copy_tree(&minimal(), &sub);
    for (path, contents) in overrides {
        let target = sub.join(path);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(target, contents).unwrap();
    }
    dir
}

/// All text of the laid-out document, whitespace collapsed to single spaces.
pub fn flat_text(layout: &typst_layout::PagedDocument) -> String {
    uprc::inspect::page_texts(layout)
        .join("\n")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Diagnostics in the short form with the folder prefix removed.
pub fn short_diagnostics(compilation: &uprc::Compilation, folder: &Path) -> Vec<String> {
    let prefix = format!("{}/", folder.display());
    compilation
        .diagnostics
        .iter()
        .map(|d| d.short(&compilation.files).replace(&prefix, ""))
        .collect()
}

/// The output of a compilation that must have no problem at all (with
/// `allow_warnings`, no error), or a panic listing them.
pub fn expect_output(compilation: uprc::Compilation, allow_warnings: bool) -> uprc::Output {
    let problems: Vec<String> = compilation
        .diagnostics
        .iter()
        .filter(|d| d.is_error() || !allow_warnings)
        .map(|d| d.short(&compilation.files))
        .collect();
    assert!(problems.is_empty(), "{problems:#?}");
    compilation.output.expect("a PDF")
}

/// The footnotes as printed, one line per row of the note area: the note
/// text (9 pt) and its number (a 9 pt superscript), joined as a reader
/// sees them, e.g. "1 Alpha Watch, https://example.org/a.". Headers and
/// page numbers (9 pt too, but outside the text block) are left out.
pub fn note_lines(layout: &typst_layout::PagedDocument) -> Vec<String> {
    let runs = uprc::inspect::text_runs(layout);
    let notes: Vec<&uprc::inspect::TextRun> = runs
        .iter()
        .filter(|r| (r.size - 9.0).abs() < 0.01 || (r.size - 9.0 * 0.65).abs() < 0.05)
        .filter(|r| r.y > 99.0 && r.y < 842.0 - 85.0)
        .collect();
    // A note's number is raised above its first line: start a note there.
    let mut joined: Vec<String> = Vec::new();
    let mut pending_label: Option<String> = None;
    for line in uprc::inspect::lines(&notes) {
        let is_label = line.len() <= 3 && line.chars().all(|c| c.is_ascii_alphanumeric());
        if is_label {
            pending_label = Some(line);
        } else if let Some(label) = pending_label.take() {
            joined.push(format!("{label} {line}"));
        } else if let Some(last) = joined.last_mut() {
            // A note's turnover line.
            last.push(' ');
            last.push_str(&line);
        } else {
            joined.push(line);
        }
    }
    joined
}
