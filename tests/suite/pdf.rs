//! The PDF is tagged and passes typst-pdf's PDF/UA-1 validation by default;
//! PDF/A-2b and PDF/A-3b (with the TOML sources attached) on request.

use crate::common;

use uprc::export::Standard;

fn export(standard: Standard) -> Vec<u8> {
    export_variant(standard, None)
}

fn export_variant(standard: Standard, variant: Option<&str>) -> Vec<u8> {
    let compilation = uprc::compile_with(
        &common::example(),
        uprc::Options {
            standard,
            variant: variant.map(str::to_string),
            ..Default::default()
        },
    );
    let problems: Vec<String> = compilation
        .diagnostics
        .iter()
        .map(|d| d.short(&compilation.files))
        .collect();
    assert!(problems.is_empty(), "{standard:?}: {problems:?}");
    compilation.output.expect("PDF").pdf
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

#[test]
fn default_export_is_pdf_ua_1_with_title_language_and_author() {
    let pdf = export(Standard::default());
    assert!(contains(&pdf, "<pdfuaid:part>1</pdfuaid:part>"));
    assert!(contains(
        &pdf,
        "Kazakhstan: the use of the judiciary to persecute political opponents"
    ));
    assert!(contains(&pdf, "Open Dialog Foundation"), "author metadata");
    assert!(contains(&pdf, "/Lang(en)"), "document language");
    assert!(contains(&pdf, "/StructTreeRoot"), "tagged");
    assert!(!contains(&pdf, "pdfaid"), "not claiming PDF/A unless asked");
}

#[test]
fn archival_standards_validate_and_a_3b_attaches_the_data() {
    let a2 = export(Standard::A2b);
    assert!(
        contains(&a2, "<pdfaid:part>2</pdfaid:part>")
            && contains(&a2, "<pdfaid:conformance>B</pdfaid:conformance>")
    );
    assert!(!contains(&a2, "/EmbeddedFile"));
    let a3 = export(Standard::A3b);
    assert!(contains(&a3, "<pdfaid:part>3</pdfaid:part>"));
    for file in [
        "submission.toml",
        "cases/kozlov.toml",
        "sources.toml",
        "previous/A-HRC-14-10.toml",
        "assessment.toml",
    ] {
        assert!(contains(&a3, file), "{file} not attached");
    }
    assert!(contains(&a3, "/AFRelationship/Source"));
    assert!(
        contains(&a3, "/F(submission/cases/kozlov.toml)"),
        "attached under its path"
    );
}

#[test]
fn a_variants_archive_carries_the_variant_file() {
    let a3 = export_variant(Standard::A3b, Some("judiciary-focus"));
    for file in [
        "submission/submission.toml",
        "submission/variants/judiciary-focus.toml",
        "submission/cases/kozlov.toml",
    ] {
        assert!(contains(&a3, &format!("/F({file})")), "{file} not attached");
    }
    // Chapters the variant leaves out are not part of its data.
    assert!(!contains(&a3, "/F(submission/cases/zhakiyanov.toml)"));
}

#[test]
fn the_document_language_is_the_submissions_exactly() {
    // A submission in each language, Russian and Spanish included, built
    // through to the PDF: its language in the catalogue and the metadata,
    // and the first page in that language.
    let case = "kind = \"case\"\ntitle = \"Дело А\"\ntext = \"\"\"\nПервый абзац.[^src-a]\n\nВторой абзац.[^src-a] Ещё.[^src-b]\"\"\"\n";
    for (language, submitted, ibid) in [
        ("en", "Submitted 15 January 2024", "2 Ibid."),
        ("fr", "Soumis le 15 janvier 2024", "2 Ibid."),
        ("es", "Presentado el 15 de enero de 2024", "2 Ibid."),
        ("ru", "Представлено 15 января 2024 года", "2 Там же."),
    ] {
        let submission = std::fs::read_to_string(common::minimal().join("submission.toml"))
            .unwrap()
            .replace("language = \"en\"", &format!("language = \"{language}\""));
        let dir =
            common::minimal_with(&[("submission.toml", &submission), ("cases/one.toml", case)]);
        let output = common::expect_output(uprc::compile(&dir.path().join("sub")), true);
        let pdf = &output.pdf;
        assert!(contains(pdf, &format!("/Lang({language})")), "{language}");
        assert!(
            contains(
                pdf,
                &format!(
                    "<dc:language><rdf:Bag><rdf:li>{language}</rdf:li></rdf:Bag></dc:language>"
                )
            ),
            "{language}"
        );
        for other in ["en", "fr", "es", "ru"].iter().filter(|&&o| o != language) {
            assert!(
                !contains(pdf, &format!("/Lang({other})")),
                "{language} has {other}"
            );
        }
        let text = common::flat_text(&output.layout);
        assert!(text.contains(submitted), "{language}: {text}");
        assert!(text.contains("Второй абзац"), "{language}: {text}");
        assert_eq!(common::note_lines(&output.layout)[1], ibid, "{language}");
    }
}
