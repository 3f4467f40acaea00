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
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/visual/kazakhstan-upr20")
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

#[test]
fn every_page_matches_its_reference() {
    let compilation = uprc::compile(&common::example());
    let output = compilation.output.expect("the example builds");
    let pages = uprc::export::png_pages(&output.layout, SCALE).unwrap();
    let folder = references();
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
        "page count changed; see the module docs to update the references"
    );
    let mut failures = Vec::new();
    for (i, png) in pages.iter().enumerate() {
        let path = folder.join(format!("page-{}.png", i + 1));
        let expected = tiny_skia::Pixmap::load_png(&path)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let actual = tiny_skia::Pixmap::decode_png(png).unwrap();
        let share = differing_share(&actual, &expected);
        if share > PAGE_TOLERANCE {
            let failed = std::env::temp_dir().join(format!("uprc-visual-page-{}.png", i + 1));
            std::fs::write(&failed, png).unwrap();
            failures.push(format!(
                "page {}: {:.2}% of pixels differ (new render: {})",
                i + 1,
                share * 100.0,
                failed.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_comparison_catches_a_changed_page() {
    // The tolerance is not so loose that a moved paragraph passes: render a
    // page of the example against a different page of it.
    let output = uprc::compile(&common::example()).output.expect("builds");
    let pages = uprc::export::png_pages(&output.layout, SCALE).unwrap();
    let a = tiny_skia::Pixmap::decode_png(&pages[1]).unwrap();
    let b = tiny_skia::Pixmap::decode_png(&pages[2]).unwrap();
    assert!(differing_share(&a, &b) > PAGE_TOLERANCE * 10.0);
    assert_eq!(differing_share(&a, &a), 0.0);
}
