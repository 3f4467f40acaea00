//! Visual regression: every page of the example, rendered by typst-render,
//! compared with the committed references in tests/visual/ within a small
//! tolerance. After an intended change of layout, look at the new pages and
//! update the references with
//!
//!     UPDATE_VISUAL=1 cargo test --test suite visual::

use crate::common;

use std::path::{Path, PathBuf};

/// Pixels per point: 1.0 renders an A4 page at 595 × 842 pixels.
const SCALE: f64 = 1.0;
/// A pixel differs when a channel moves by more than this (of 255)...
const CHANNEL_TOLERANCE: u8 = 48;
/// ...and a page differs when more than this share of its pixels do.
const PAGE_TOLERANCE: f64 = 0.002;

fn references() -> PathBuf {
    references_of("kazakhstan-upr20")
}

fn references_of(example: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/visual")
        .join(example)
}

fn differing_share(actual: &tiny_skia::Pixmap, expected: &tiny_skia::Pixmap) -> f64 {
    if (actual.width(), actual.height()) != (expected.width(), expected.height()) {
        return 1.0;
    }
    let differing = actual
        .data()
        .chunks(4)
        .zip(expected.data().chunks(4))
        .filter(|(a, e)| {
            a.iter()
                .zip(e.iter())
                .any(|(x, y)| x.abs_diff(*y) > CHANNEL_TOLERANCE)
        })
        .count();
    differing as f64 / (actual.width() * actual.height()) as f64
}

/// Renders an example and compares every page with its references (or
/// writes them, with UPDATE_VISUAL).
fn pages_match(example: &str) {
    let folder_of_example = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("submissions")
        .join(example);
    let compilation = uprc::compile(&folder_of_example);
    let output = compilation.output.expect("the example builds");
    let pages = uprc::export::png_pages(&output.layout, SCALE).unwrap();
    let folder = references_of(example);
    if std::env::var_os("UPDATE_VISUAL").is_some() {
        std::fs::create_dir_all(&folder).unwrap();
        for old in std::fs::read_dir(&folder).unwrap() {
            std::fs::remove_file(old.unwrap().path()).unwrap();
        }
        for (i, png) in pages.iter().enumerate() {
            uprc::export::write_atomic(&folder.join(format!("page-{}.png", i + 1)), png).unwrap();
        }
        return;
    }
    let expected_count = std::fs::read_dir(&folder).map(|d| d.count()).unwrap_or(0);
    assert_eq!(
        pages.len(),
        expected_count,
        "{example}: page count changed; see the module docs to update the references"
    );
    let mut failures = Vec::new();
    for (i, png) in pages.iter().enumerate() {
        let path = folder.join(format!("page-{}.png", i + 1));
        let expected = tiny_skia::Pixmap::load_png(&path)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let actual = tiny_skia::Pixmap::decode_png(png).unwrap();
        let share = differing_share(&actual, &expected);
        if share > PAGE_TOLERANCE {
            let failed =
                std::env::temp_dir().join(format!("uprc-visual-{example}-page-{}.png", i + 1));
            std::fs::write(&failed, png).unwrap();
            failures.push(format!(
                "{example} page {}: {:.2}% of pixels differ (new render: {})",
                i + 1,
                share * 100.0,
                failed.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_page_matches_its_reference() {
    pages_match("kazakhstan-upr20");
}

#[test]
fn every_page_of_the_french_example_matches_its_reference() {
    pages_match("slovenie-upr48");
}

#[test]
fn the_comparison_catches_a_changed_word() {
    // The tolerance is not so loose that an edit passes: the example with
    // one word changed must differ from the references from that page on.
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("example");
    common::copy_tree(&common::example(), &folder);
    let case = folder.join("cases/kozlov.toml");
    let text = std::fs::read_to_string(&case).unwrap();
    assert!(text.contains("opposition politician"));
    std::fs::write(
        &case,
        text.replacen("opposition politician", "opposition activist", 1),
    )
    .unwrap();
    let output = common::expect_output(uprc::compile(&folder), false);
    let pages = uprc::export::png_pages(&output.layout, SCALE).unwrap();
    let changed: Vec<usize> = pages
        .iter()
        .enumerate()
        .filter(|(i, png)| {
            let path = references().join(format!("page-{}.png", i + 1));
            let expected = tiny_skia::Pixmap::load_png(&path).unwrap();
            let actual = tiny_skia::Pixmap::decode_png(png).unwrap();
            differing_share(&actual, &expected) > PAGE_TOLERANCE
        })
        .map(|(i, _)| i + 1)
        .collect();
    let page = uprc::inspect::page_texts(&output.layout)
        .iter()
        .position(|text| text.contains("opposition activist"))
        .unwrap()
        + 1;
    // The edited page differs, and no page before it (later ones may reflow).
    assert_eq!(
        changed.first(),
        Some(&page),
        "pages found different: {changed:?}"
    );
}
