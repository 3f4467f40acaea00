//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// Runs the `uprc` binary in `dir`: exit code, stdout (records for tools)
/// and stderr (messages for people).
pub fn run_uprc(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let output = assert_cmd::Command::cargo_bin("uprc")
        .unwrap()
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap();
    (
        output.status.code().unwrap(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

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
    let pages: std::collections::BTreeSet<usize> = notes.iter().map(|r| r.page).collect();
    for page in pages {
        let runs: Vec<&uprc::inspect::TextRun> =
            notes.iter().copied().filter(|r| r.page == page).collect();
        let mut pending_label: Option<String> = None;
        let mut in_notes = false;
        for (line, y) in uprc::inspect::lines(&runs)
            .into_iter()
            .zip(line_baselines(&runs))
        {
            let is_label = line.len() <= 3 && line.chars().all(|c| c.is_ascii_alphanumeric());
            if is_label {
                pending_label = Some(line);
            } else if let Some(label) = pending_label.take() {
                joined.push(format!("{label} {line}"));
                in_notes = true;
            } else if in_notes || y > 500.0 {
                // A note's turnover line, or a note continued from the
                // previous page (low on the page, not a 9 pt heading above).
                match joined.last_mut() {
                    Some(last) => {
                        last.push(' ');
                        last.push_str(&line);
                    }
                    None => joined.push(line),
                }
            }
        }
    }
    joined
}

/// The baseline of each line [`uprc::inspect::lines`] makes of `runs`.
fn line_baselines(runs: &[&uprc::inspect::TextRun]) -> Vec<f64> {
    let mut baselines = Vec::new();
    let mut last: Option<&uprc::inspect::TextRun> = None;
    for run in runs {
        match last {
            Some(previous) if (run.y - previous.y).abs() < 4.0 => {}
            _ => baselines.push(run.y),
        }
        last = Some(run);
    }
    baselines
}
