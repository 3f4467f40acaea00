//! The Word file opens in a real word processor: LibreOffice converts it to
//! PDF without error, with the same notes and paragraph numbers as uprc's
//! PDF and a page count within two pages of it. Needs `soffice`
//! (Debian: libreoffice-writer-nogui), which `.ci/run` installs; elsewhere
//! the test says it was skipped, unless UPRC_LIBREOFFICE=require.

use std::path::Path;
use std::process::Command;

use crate::common;

fn soffice_available() -> bool {
    Command::new("soffice")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// LibreOffice renders "Times New Roman" with the metric-compatible
/// Liberation Serif committed under fonts/, as Word would with the real one.
fn fontconfig(dir: &Path) -> std::path::PathBuf {
    let fonts = Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts");
    let file = dir.join("fonts.conf");
    std::fs::write(
        &file,
        format!(
            "<?xml version=\"1.0\"?>\n<!DOCTYPE fontconfig SYSTEM \"fonts.dtd\">\n<fontconfig>\n  \
             <include ignore_missing=\"yes\">/etc/fonts/fonts.conf</include>\n  <dir>{}</dir>\n  \
             <cachedir>{}</cachedir>\n</fontconfig>\n",
            fonts.display(),
            dir.join("fontcache").display()
        ),
    )
    .unwrap();
    file
}

/// Paragraph numbers in reading order: "N. " opening a paragraph (a line
/// after a blank one, as pdf-extract separates paragraphs).
/// Section headings ("1. Title") are left out.
fn paragraph_numbers(pages: &[String], headings: &[String]) -> Vec<u32> {
    let mut numbers = Vec::new();
    for page in pages {
        let mut after_blank = true;
        for line in page.lines() {
            let line = line.trim();
            if line.is_empty() {
                after_blank = true;
                continue;
            }
            let heading = headings.iter().any(|h| without_spaces(line).starts_with(h));
            if after_blank
                && !heading
                && let Some((number, rest)) = line.split_once(". ")
                && !rest.is_empty()
                && let Ok(n) = number.parse()
            {
                numbers.push(n);
            }
            after_blank = false;
        }
    }
    numbers
}

fn without_spaces(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn libreoffice_opens_the_docx_like_the_pdf() {
    if !soffice_available() {
        assert_ne!(
            std::env::var("UPRC_LIBREOFFICE").as_deref(),
            Ok("require"),
            "UPRC_LIBREOFFICE=require but there is no `soffice`"
        );
        eprintln!("skipped: no `soffice` (apt-get install libreoffice-writer-nogui)");
        return;
    }
    let french = Path::new(env!("CARGO_MANIFEST_DIR")).join("submissions/slovenie-upr48");
    // The English example has 31 notes; the French one hints at unassessed
    // recommendations, which is expected.
    convert_and_compare(&common::example(), Some(31), false);
    convert_and_compare(&french, None, true);
}

fn convert_and_compare(folder: &Path, note_count: Option<usize>, allow_warnings: bool) {
    let options = uprc::Options {
        docx: true,
        ..Default::default()
    };
    let output = common::expect_output(uprc::compile_with(folder, options), allow_warnings);
    let dir = tempfile::tempdir().unwrap();
    let docx = dir.path().join("example.docx");
    std::fs::write(&docx, output.docx.as_ref().unwrap()).unwrap();
    let converted = Command::new("soffice")
        .env("FONTCONFIG_FILE", fontconfig(dir.path()))
        // Its own profile: no clash with a LibreOffice the user has open.
        .arg(format!(
            "-env:UserInstallation=file://{}/profile",
            dir.path().display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir.path())
        .arg(&docx)
        .output()
        .unwrap();
    assert!(converted.status.success(), "{converted:?}");
    let pdf = std::fs::read(dir.path().join("example.pdf")).expect("LibreOffice wrote a PDF");
    let pages = pdf_extract::extract_text_from_mem_by_pages(&pdf).unwrap();

    let uprc_pages = output.layout.pages().len();
    assert!(
        pages.len().abs_diff(uprc_pages) <= 2,
        "{}: LibreOffice {} pages, uprc {uprc_pages}",
        folder.display(),
        pages.len()
    );
    let expected: Vec<u32> = (1..=output.document.paragraph_count).collect();
    let headings: Vec<String> = output
        .document
        .chapters()
        .flat_map(|c| &c.parts)
        .flat_map(|p| &p.sections)
        .map(|s| without_spaces(&format!("{} {}", s.label, s.heading)))
        .collect();
    assert_eq!(paragraph_numbers(&pages, &headings), expected);
    // Every note of uprc's PDF, with its number, in LibreOffice's.
    let text = without_spaces(&pages.join("\n"));
    let notes = common::note_lines(&output.layout);
    if let Some(count) = note_count {
        assert_eq!(notes.len(), count);
    }
    assert_eq!(notes.len() as u32, output.document.note_count);
    for note in &notes {
        assert!(
            text.contains(&without_spaces(note)),
            "not in LibreOffice's PDF: {note}"
        );
    }
    eprintln!(
        "{}: LibreOffice {} pages (uprc {uprc_pages}), {} paragraph numbers, {} notes",
        folder.display(),
        pages.len(),
        expected.len(),
        notes.len()
    );
}
