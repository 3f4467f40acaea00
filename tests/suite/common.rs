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
