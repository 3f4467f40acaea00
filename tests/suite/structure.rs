//! Real submissions' structure: three numbered levels and unnumbered
//! sub-headings, the organisation's own recommendations where they belong,
//! clusters of assessed recommendations, annexes and back matter. Exact
//! numbers, labels and rows.

use crate::common;

use uprc::lower::BodyItem;
use uprc::model::{Response, Status};

const PREVIOUS: &str = r#"report = "A/HRC/44/1"

[[recommendation]]
id = "1.1"
by = ["Atlantis"]
response = "supported"
text = "Guarantee fair trials"

[[recommendation]]
id = "1.2"
by = ["Lemuria", "Mu"]
response = "noted"
text = "Free the press"
claim = "Already done"

[[recommendation]]
id = "1.3"
by = ["Atlantis", "Oz"]
response = "supported"
text = "Protect defenders"

[[recommendation]]
id = "1.4"
by = ["Oz"]
response = "supported"
text = "Train judges"

[[recommendation]]
id = "2.1"
by = ["Mu"]
response = "supported"
text = "Ratify the Convention"
"#;

const CASE: &str = r#"kind = "case"
title = "Case of A"
recommendations = ["1.1"]

[[part]]
id = "facts"
heading = "Facts"
recommendations = ["1.3", "1.4"]
text = """
First paragraph.[@src-a, p. 3]

### The appeal

Second paragraph.[@src-a, p. 4]"""

[[part.section]]
heading = "Detention"
text = "Third paragraph."

[[part.section]]
heading = "The trial"
recommendations = ["2.1"]
text = "Fourth paragraph.^[Free text of a note citing @src-b.]"

[[part.recommendation]]
text = "Release A."
follows = ["1.1"]

[[part]]
heading = "Result"
text = "Fifth paragraph."

[[recommendation]]
text = "Reform the courts;"

[[recommendation]]
text = "Train judges."
"#;

const CONCLUSION: &str = r#"kind = "section"
id = "conclusion"
title = "Conclusion"
text = "Last paragraph."
"#;

const ANNEX: &str = r#"kind = "annex"
title = "Members of the coalition"
text = "Alpha; Beta; Gamma."
"#;

const ASSESSMENT: &str = r#"[[assessment]]
recommendation = ["1.1-1.3", "2.1"]
status = "partially-implemented"
evidence = ["one#facts", "conclusion"]
comment = "Some progress.[@src-a]"

[[assessment]]
recommendation = "1.4"
status = "implemented"
evidence = ["one#the-trial"]
"#;

fn submission() -> String {
    std::fs::read_to_string(common::minimal().join("submission.toml"))
        .unwrap()
        .replace(
            "chapters = [\"cases/one.toml\"]",
            "chapters = [\"cases/one.toml\", \"conclusion.toml\", \"annex.toml\"]",
        )
        .replace(
            "kind = \"individual\"",
            "kind = \"individual\"\nreference = \"ODF/2024/7\"",
        )
        + r#"
[layout]
recommendations_note = true

[recommendation_list]
intro = "We recommend that the Government of Testland:"
before = "conclusion"

[[recommendation]]
text = "Adopt a law."
theme = "Justice"
follows = ["1.1"]

[[recommendation]]
text = "Publish the data."

[[recommendation]]
text = "Fund legal aid."
theme = "Justice"

[[contact]]
name = "Ana Example"
role = "Advocacy Officer"
email = "ana@example.org"
"#
}

fn build() -> uprc::Output {
    let submission = submission();
    let dir = common::minimal_with(&[
        ("submission.toml", &submission),
        ("previous.toml", PREVIOUS),
        ("cases/one.toml", CASE),
        ("conclusion.toml", CONCLUSION),
        ("annex.toml", ANNEX),
        ("assessment.toml", ASSESSMENT),
    ]);
    common::expect_output(uprc::compile(&dir.path().join("sub")), true)
}

#[test]
fn chapters_parts_sections_and_the_closing_list_in_print_order() {
    let output = build();
    let document = &output.document;
    let labels: Vec<(&str, String)> = document
        .body
        .iter()
        .map(|item| match item {
            BodyItem::Chapter(c) => (c.label.as_str(), c.title.clone()),
            BodyItem::Compliance(c) => (c.label.as_str(), "compliance".into()),
            BodyItem::Recommendations(r) => (r.label.as_str(), r.title.clone()),
        })
        .collect();
    assert_eq!(
        labels,
        [
            ("I.", "Case of A".to_string()),
            ("II.", "compliance".into()),
            ("III.", "Recommendations".into()),
            ("IV.", "Conclusion".into()),
        ]
    );
    let chapter = document.chapters().next().unwrap();
    let part = &chapter.parts[0];
    assert_eq!((part.label.as_str(), part.id.as_str()), ("A.", "facts"));
    let sections: Vec<String> = part
        .sections
        .iter()
        .map(|s| format!("{} {} {:?}", s.label, s.id, s.paragraphs))
        .collect();
    assert_eq!(
        sections,
        ["1. detention Some((3, 3))", "2. the-trial Some((4, 4))"]
    );
    // Paragraphs run on through sub-headings, sections and recommendations:
    // 1–2 text, 3–4 sections, 5 the part's recommendations, 6 part B,
    // 7 the chapter's recommendations, 8 the closing list's introduction,
    // 9–11 its recommendations, 12 the conclusion.
    assert_eq!(part.paragraphs, Some((1, 5)));
    assert_eq!(chapter.parts[1].paragraphs, Some((6, 6)));
    assert_eq!(chapter.paragraphs, Some((1, 7)));
    assert_eq!(document.paragraph_count, 12);
    let text = common::flat_text(&output.layout);
    for (before, after) in [
        ("1. First paragraph.", "The appeal 2. Second paragraph."),
        (
            "1. Detention 3. Third paragraph.",
            "2. The trial 5 4. Fourth paragraph. 6",
        ),
        (
            "5. We recommend that the Government of Testland: (a) Release A.",
            "B. Result 6. Fifth paragraph.",
        ),
        (
            "7. We recommend that the Government of Testland: (a) Reform the courts;",
            "(b) Train judges. II. Implementation of the recommendations of the 3rd cycle",
        ),
        (
            "III. Recommendations 8. We recommend that the Government of Testland: 9. Publish the data.",
            "Justice 10. Adopt a law. 11. Fund legal aid.",
        ),
        (
            "I. Case of A 1 A. Facts 2 1. First paragraph. 3",
            "IV. Conclusion 12. Last paragraph.",
        ),
        (
            "Annex — Members of the coalition Alpha; Beta; Gamma.",
            "Contact Ana Example, Advocacy Officer, ana@example.org",
        ),
    ] {
        let (a, b) = (text.find(before), text.find(after));
        assert!(
            a.is_some() && b.is_some() && a < b,
            "{before:?} before {after:?} in {text}"
        );
    }
    assert!(text.contains("Reference: ODF/2024/7"), "{text}");
}

#[test]
fn notes_on_headings_list_the_recommendations_concerned() {
    let output = build();
    let notes: Vec<String> = output
        .document
        .notes
        .iter()
        .map(|n| format!("{} {}", n.label, plain(&n.content)))
        .collect();
    assert_eq!(
        notes,
        [
            "1 For the relevant recommendations, see A/HRC/44/1, para. 1.1.",
            "2 For the relevant recommendations, see A/HRC/44/1, paras. 1.3–1.4.",
            "3 Alpha Watch, p. 3, https://example.org/a.",
            "4 Ibid., p. 4.",
            "5 For the relevant recommendations, see A/HRC/44/1, para. 2.1.",
            "6 Free text of a note citing Beta News, “A report”.",
        ]
    );
}

fn plain(content: &[uprc::prose::Inline]) -> String {
    let blocks = vec![uprc::prose::Block::Para {
        number: None,
        content: content.to_vec(),
    }];
    uprc::prose::plain_text(&blocks).trim_end().to_string()
}

#[test]
fn a_cluster_is_one_row_with_every_id_and_state() {
    let output = build();
    let compliance = output.document.compliance().unwrap();
    assert_eq!(compliance.rows.len(), 2);
    let row = &compliance.rows[0];
    assert_eq!(row.label, "1.1–1.3, 2.1");
    let ids: Vec<&str> = row.recommendations.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["1.1", "1.2", "1.3", "2.1"]);
    assert_eq!(row.by, ["Atlantis", "Lemuria", "Mu", "Oz"]);
    let responses: Vec<(Response, &str)> = row
        .responses
        .iter()
        .map(|r| (r.response, r.ids.as_str()))
        .collect();
    assert_eq!(
        responses,
        [
            (Response::Supported, "1.1, 1.3, 2.1"),
            (Response::Noted, "1.2")
        ]
    );
    assert_eq!(row.status, Status::PartiallyImplemented);
    // Part "facts" is paragraphs 1–5; the conclusion is 12.
    assert_eq!(row.evidence, ["1–5", "12"]);
    assert_eq!(row.claim.as_deref(), Some("b"));
    assert_eq!(compliance.rows[1].label, "1.4");
    assert_eq!(compliance.rows[1].evidence, ["4"]);
    let notes: Vec<String> = compliance
        .notes
        .iter()
        .map(|n| format!("{} {}", n.label, plain(&n.content)))
        .collect();
    assert_eq!(
        notes,
        [
            "a Alpha Watch (see note 3).",
            "b State’s claim: Already done",
        ]
    );
    // Four of five recommendations assessed, counted one by one.
    assert_eq!(compliance.tally.total, 5);
    assert_eq!(compliance.tally.partially_implemented, 4);
    assert_eq!(compliance.tally.implemented, 1);
}
