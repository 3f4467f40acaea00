//! Note conventions of the UN Editorial Manual, on small submissions:
//! exact note numbers, forms and texts, as lowered and as printed.

use crate::common;

fn build(overrides: &[(&str, &str)]) -> uprc::Output {
    let dir = common::minimal_with(overrides);
    common::expect_output(uprc::compile(&dir.path().join("sub")), true)
}

/// The lowered notes as (label, source key, form, note it points back to).
fn lowered(
    notes: &[uprc::notes::NoteOut],
) -> Vec<(String, String, uprc::notes::NoteForm, Option<u32>)> {
    notes
        .iter()
        .map(|n| {
            (
                n.label.clone(),
                n.refs[0].key.clone(),
                n.refs[0].form,
                n.refs[0].see,
            )
        })
        .collect()
}

/// Note marks in the body text (10 pt text: 6.5 pt superscripts), in reading order.
fn body_marks(output: &uprc::Output) -> Vec<String> {
    uprc::inspect::text_runs(&output.layout)
        .into_iter()
        .filter(|r| (r.size - 6.5).abs() < 0.05 && r.text.trim() != ",")
        .map(|r| r.text)
        .collect()
}

const CASE: &str = r#"kind = "case"
title = "Case of A"

[[part]]
heading = "Facts"
text = """
First paragraph cites a source.[^src-a]

Second paragraph cites it again.[^src-a] And another.[^src-b] Then the first.[^src-a]

Two at one point.[^src-a][^src-b]"""
"#;

use uprc::notes::NoteForm::{Full, Ibid, Short};

fn note(
    label: &str,
    key: &str,
    form: uprc::notes::NoteForm,
    see: Option<u32>,
) -> (String, String, uprc::notes::NoteForm, Option<u32>) {
    (label.into(), key.into(), form, see)
}

#[test]
fn ibid_follows_the_same_source_and_short_forms_point_back() {
    let output = build(&[("cases/one.toml", CASE)]);
    assert_eq!(
        lowered(&output.document.notes),
        [
            note("1", "src-a", Full, None),
            note("2", "src-a", Ibid, None),
            note("3", "src-b", Full, None),
            note("4", "src-a", Short, Some(1)),
            note("5", "src-a", Ibid, None),
            note("6", "src-b", Short, Some(3)),
        ]
    );
    assert_eq!(body_marks(&output), ["1", "2", "3", "4", "5", "6"]);
    assert_eq!(
        common::note_lines(&output.layout),
        [
            "1 Alpha Watch, https://example.org/a.",
            "2 Ibid.",
            "3 Beta News, “A report”.",
            "4 Alpha Watch (see note 1).",
            "5 Ibid.",
            "6 Beta News (see note 3).",
        ]
    );
    // Two marks at one point are separated by a comma.
    let text = common::flat_text(&output.layout);
    assert!(text.contains("Two at one point. 5,6"), "{text}");
}

#[test]
fn same_number_reuses_the_first_note_of_a_source() {
    let submission = std::fs::read_to_string(common::minimal().join("submission.toml")).unwrap()
        + "\n[layout]\nrepeated_sources = \"same-number\"\n";
    let output = build(&[("submission.toml", &submission), ("cases/one.toml", CASE)]);
    assert_eq!(
        lowered(&output.document.notes),
        [
            note("1", "src-a", Full, None),
            note("2", "src-b", Full, None)
        ]
    );
    assert_eq!(body_marks(&output), ["1", "1", "2", "1", "1", "2"]);
    assert_eq!(
        common::note_lines(&output.layout),
        [
            "1 Alpha Watch, https://example.org/a.",
            "2 Beta News, “A report”."
        ]
    );
}

#[test]
fn endnotes_collect_the_notes_at_the_end() {
    let submission = std::fs::read_to_string(common::minimal().join("submission.toml")).unwrap()
        + "\n[layout]\nnotes = \"endnotes\"\n";
    let output = build(&[("submission.toml", &submission), ("cases/one.toml", CASE)]);
    assert_eq!(body_marks(&output), ["1", "2", "3", "4", "5", "6"]);
    let text = common::flat_text(&output.layout);
    let notes = text.rfind("Notes").expect("a Notes section");
    assert!(text.find("First paragraph").unwrap() < notes);
    // No footnotes on the page: the same notes, after the heading "Notes".
    assert!(text[notes..].starts_with("Notes 1 Alpha Watch"), "{text}");
    assert_eq!(
        common::note_lines(&output.layout),
        [
            "1 Alpha Watch, https://example.org/a.",
            "2 Ibid.",
            "3 Beta News, “A report”.",
            "4 Alpha Watch (see note 1).",
            "5 Ibid.",
            "6 Beta News (see note 3).",
        ]
    );
}

#[test]
fn french_puts_the_mark_before_the_punctuation_english_after() {
    let french = std::fs::read_to_string(common::minimal().join("submission.toml"))
        .unwrap()
        .replace("language = \"en\"", "language = \"fr\"");
    let case = CASE.replace("again.[^src-a]", "again[^src-a].");
    let output = build(&[("submission.toml", &french), ("cases/one.toml", &case)]);
    let text = common::flat_text(&output.layout);
    assert!(text.contains("cites a source 1 ."), "{text}");
    assert!(text.contains("cites it again 2 ."), "{text}");
    assert!(text.contains("Soumis le 15 janvier 2024"), "{text}");
    assert_eq!(
        common::note_lines(&output.layout)[..4],
        [
            "1 Alpha Watch, https://example.org/a.",
            "2 Ibid.",
            "3 Beta News, «\u{a0}A report\u{a0}».",
            "4 Alpha Watch (voir note 1).",
        ]
    );

    // The same text in English: marks after the punctuation, however typed.
    let output = build(&[("cases/one.toml", &case)]);
    let text = common::flat_text(&output.layout);
    assert!(text.contains("cites a source. 1"), "{text}");
    assert!(text.contains("cites it again. 2"), "{text}");
}

#[test]
fn citations_in_the_compliance_table_become_lettered_table_notes() {
    let assessment = r#"[[assessment]]
recommendation = "1.1"
status = "not-implemented"
evidence = ["one"]
comment = "Trials remain unfair.[^src-c] As shown.[^src-a] Again.[^src-c]"
"#;
    let sources = std::fs::read_to_string(common::minimal().join("sources.toml")).unwrap()
        + "\n[src-c]\npublisher = \"Gamma Monitor\"\n";
    let output = build(&[("assessment.toml", assessment), ("sources.toml", &sources)]);
    let compliance = output.document.compliance().unwrap();
    // src-c has no numbered note: full reference; src-a was note 1: short
    // form, never Ibid. (Ibid. never crosses into the table); a source cited
    // again in the table keeps its letter.
    assert_eq!(
        lowered(&compliance.notes),
        [
            note("a", "src-c", Full, None),
            note("b", "src-a", Short, Some(1))
        ]
    );
    let text = common::flat_text(&output.layout);
    assert!(
        text.contains("Trials remain unfair.a As shown.b Again.a"),
        "{text}"
    );
    assert!(
        text.contains("a Gamma Monitor. b Alpha Watch (see note 1)."),
        "{text}"
    );
    assert_eq!(
        lowered(&output.document.notes),
        [
            note("1", "src-a", Full, None),
            note("2", "src-a", Ibid, None),
            note("3", "src-b", Full, None),
        ]
    );
}

#[test]
fn a_zotero_export_is_a_sources_file_with_the_same_checks() {
    let bib = "@report{src-a,\n  title = {Annual report},\n  institution = {Alpha Watch},\n  date = {2023-05},\n  url = {https://example.org/a}\n}\n@online{src-b,\n  title = {A report},\n  organization = {Beta News},\n  url = {not a web address}\n}\n@book{unused,\n  title = {Never cited},\n  publisher = {Gamma}\n}\n";
    let submission = std::fs::read_to_string(common::minimal().join("submission.toml"))
        .unwrap()
        .replace("sources = \"sources.toml\"", "sources = \"library.bib\"");
    let dir = common::minimal_with(&[("submission.toml", &submission), ("library.bib", bib)]);
    let folder = dir.path().join("sub");
    let compilation = uprc::check_folder(&folder);
    assert_eq!(
        common::short_diagnostics(&compilation, &folder),
        [
            "library.bib:10:9: error: `not a web address` is not a web address",
            "library.bib:12:7: warning: source `unused` is never cited",
        ]
    );
    let fixed = bib.replace("not a web address", "https://example.org/b");
    let output = build(&[
        ("submission.toml", &submission),
        ("library.bib", &fixed),
        ("cases/one.toml", CASE),
    ]);
    assert_eq!(
        common::note_lines(&output.layout)[..3],
        [
            "1 Alpha Watch, “Annual report”, May 2023, https://example.org/a.",
            "2 Ibid.",
            "3 Beta News, “A report”, https://example.org/b.",
        ]
    );
}
