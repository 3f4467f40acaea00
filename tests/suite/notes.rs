//! Note conventions of the UN Editorial Manual, on small submissions.

use crate::common;

fn build(overrides: &[(&str, &str)]) -> uprc::Output {
    let dir = common::minimal_with(overrides);
    common::expect_output(uprc::compile(&dir.path().join("sub")), true)
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

#[test]
fn ibid_follows_the_same_source_and_short_forms_point_back() {
    let output = build(&[("cases/one.toml", CASE)]);
    let text = common::flat_text(&output.layout);
    assert!(
        text.contains("1 Alpha Watch, https://example.org/a"),
        "{text}"
    );
    assert!(text.contains("2 Ibid."), "{text}");
    assert!(text.contains("3 Beta News, “A report”."), "{text}");
    assert!(text.contains("4 Alpha Watch (see note 1)."), "{text}");
    // Two marks at one point: "5,6"; note 5 cites the source of note 4.
    assert!(text.contains("Two at one point. 5,6"), "{text}");
    assert!(text.contains("5 Ibid."), "{text}");
    assert!(text.contains("6 Beta News (see note 3)."), "{text}");
}

#[test]
fn endnotes_collect_the_notes_at_the_end() {
    let submission = std::fs::read_to_string(common::minimal().join("submission.toml")).unwrap()
        + "\n[layout]\nnotes = \"endnotes\"\n";
    let output = build(&[("submission.toml", &submission)]);
    let text = common::flat_text(&output.layout);
    let notes = text.rfind("Notes").expect("a Notes section");
    assert!(
        text[notes..].contains("1 Alpha Watch, https://example.org/a"),
        "{text}"
    );
    assert!(text[notes..].contains("2 Ibid."), "{text}");
    assert!(text[notes..].contains("3 Beta News, “A report”."), "{text}");
    assert!(text.find("First paragraph").unwrap() < notes);
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
    assert!(text.contains("2 Ibid."), "{text}");
    assert!(text.contains("4 Alpha Watch (voir note 1)."), "{text}");

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
    let text = common::flat_text(&output.layout);
    // A source cited again in the table keeps its letter.
    assert!(
        text.contains("Trials remain unfair.a As shown.b Again.a"),
        "{text}"
    );
    // src-c has no numbered note: full reference; src-a was note 1: short form, never Ibid.
    assert!(text.contains("a Gamma Monitor."), "{text}");
    assert!(text.contains("b Alpha Watch (see note 1)."), "{text}");
    assert_eq!(
        text.matches("Ibid.").count(),
        1,
        "only note 2 of the body: {text}"
    );
}
