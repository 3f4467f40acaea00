//! The bundled example builds and reads like the seed submission: asserted
//! on the laid-out pages, not on the data that went in.

use crate::common;

use uprc::inspect::{TextRun, link_urls, text_runs};

fn build_example() -> uprc::Output {
    common::expect_output(uprc::compile(&common::example()), false)
}

/// Superscript note marks in the body (10 pt text) and in the notes (9 pt).
fn marks(runs: &[TextRun], text_size: f64) -> Vec<u32> {
    let mark_size = text_size * 0.65;
    runs.iter()
        .filter(|r| (r.size - mark_size).abs() < 0.05)
        .filter_map(|r| r.text.trim().parse().ok())
        .collect()
}

#[test]
fn chapters_recommendations_and_sources_appear_in_order() {
    let output = build_example();
    let text = common::flat_text(&output.layout);
    let titles = [
        "I. Case of Galymzhan Zhakiyanov",
        "II. Case of Zhanaozen oilmen",
        "III. Case of Vladimir Kozlov",
        "IV. Case of independent and opposition media",
        "V. The use of the judiciary to persecute political opponents",
        "VI. Implementation of the recommendations of the 1st cycle",
    ];
    let positions: Vec<usize> = titles
        .iter()
        .map(|t| {
            text.find(t)
                .unwrap_or_else(|| panic!("missing heading {t:?}"))
        })
        .collect();
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "headings out of order: {positions:?}"
    );
    // Sub-headings of the first case, in the seed's order.
    let case = &text[positions[0]..positions[1]];
    let subs: Vec<usize> = [
        "A. Base for persecution",
        "B. Comment of official authorities",
        "C. Result",
    ]
    .iter()
    .map(|t| case.find(t).expect(t))
    .collect();
    assert!(subs.windows(2).all(|w| w[0] < w[1]));

    let table = &text[positions[5]..];
    for id in ["95.53", "95.55", "95.56", "95.57", "95.58", "95.60"] {
        assert!(
            table.contains(id),
            "recommendation {id} missing from the compliance table"
        );
    }
    assert!(table.contains(
        "Recommendations assessed: 6. Implemented: 0; partially implemented: 0; not implemented: 6; unclear: 0."
    ));
    assert!(table.contains("Canada") && table.contains("Japan"));
    // Evidence as paragraph numbers: 95.53 cites chapters I, III, IV and V.
    let row = &table[table.find("95.53").unwrap()..table.find("95.55").unwrap()];
    assert!(row.contains("1–4, 9–25"), "evidence of 95.53: {row}");

    // Every source's URL is a link and is printed (URLs may wrap across lines).
    let sources: toml::Table =
        toml::from_str(&std::fs::read_to_string(common::example().join("sources.toml")).unwrap())
            .unwrap();
    assert_eq!(sources.len(), 29);
    let links = link_urls(&output.layout);
    let squeezed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    for (key, source) in &sources {
        let url = source["url"]
            .as_str()
            .unwrap_or_else(|| panic!("{key} has a URL in the seed"));
        assert!(links.iter().any(|l| l == url), "{url} is not a link");
        assert!(squeezed.contains(url), "{url} is not printed");
    }
    // The two URLs broken across lines in the seed are joined in the data.
    assert!(
        links.iter().any(|l| l
            == "http://www.dzhakishev.org/overview-of-mukhtar-dzhakishevs-first-trial-2009-2011/")
    );
    assert!(
        links.iter().any(|l| l
            == "http://www.freedomhouse.org/report/special-reports/kazakhstan-cunning-democracy")
    );
}

#[test]
fn every_citation_is_a_note_and_repeats_point_back_un_style() {
    let output = build_example();
    let runs = text_runs(&output.layout);
    // 31 citations in the seed, each a note numbered in reading order.
    assert_eq!(marks(&runs, 10.0), (1..=31).collect::<Vec<u32>>());
    assert_eq!(marks(&runs, 9.0), (1..=31).collect::<Vec<u32>>());
    assert_eq!(output.document.note_count, 31);
    // Notes 5 and 13 cite sources given in full in notes 2 and 8.
    let text = common::flat_text(&output.layout);
    assert!(
        text.contains("5 Human Rights Watch (see note 2)."),
        "{text}"
    );
    assert!(text.contains("13 Open Dialog Foundation (see note 8)."));
    assert!(text.contains(
        "2 Human Rights Watch, http://www.hrw.org/sites/default/files/reports/kazakhstan0404.pdf"
    ));
    assert!(
        !text.contains("Ibid."),
        "no two consecutive notes cite the same source in the seed"
    );
}

#[test]
fn with_same_number_a_repeated_source_reuses_its_note() {
    let dir = tempfile::tempdir().unwrap();
    common::copy_tree(&common::example(), dir.path());
    let submission = dir.path().join("submission.toml");
    let text = std::fs::read_to_string(&submission).unwrap();
    std::fs::write(
        &submission,
        text + "\n[layout]\nrepeated_sources = \"same-number\"\n",
    )
    .unwrap();
    let compilation = uprc::compile(dir.path());
    let output = compilation.output.expect("builds");
    let runs = text_runs(&output.layout);
    let body = marks(&runs, 10.0);
    // 31 citations of 29 sources: the seed's marks 2 and 5, 8 and 13 share a source.
    assert_eq!(body.len(), 31, "{body:?}");
    assert_eq!(
        marks(&runs, 9.0),
        (1..=29).collect::<Vec<u32>>(),
        "one note per source"
    );
    assert_eq!(&body[..6], &[1, 2, 3, 4, 2, 5]);
    let mut next = 1;
    for &mark in &body {
        if mark == next {
            next += 1;
        } else {
            assert!(
                mark < next,
                "note {mark} appears before note {next}: {body:?}"
            );
        }
    }
    assert_eq!(next, 30);
    assert_eq!(
        body.iter().filter(|&&m| m == 7).count(),
        2,
        "ODF's Kozlov report is cited twice"
    );
}

#[test]
fn paragraph_numbers_are_consecutive_at_the_block_edge() {
    let output = build_example();
    let numbers: Vec<u32> = text_runs(&output.layout)
        .iter()
        .filter(|r| (r.x - 113.0).abs() < 0.5 && (r.size - 10.0).abs() < 0.01)
        .filter_map(|r| r.text.strip_suffix('.')?.parse().ok())
        .collect();
    assert_eq!(numbers, (1..=25).collect::<Vec<u32>>());
    assert_eq!(output.document.paragraph_count, 25);
}

#[test]
fn first_page_carries_the_submission_header() {
    let output = build_example();
    let first = uprc::inspect::page_texts(&output.layout)[0]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    for expected in [
        "Open Dialog Foundation (ODF)",
        "Submitted 24 March 2014",
        "Universal Periodic Review of Kazakhstan",
        "20th session",
        "27 October–7 November 2014",
        "Key words: fair trial; independence of the judiciary; political prisoners; freedom of the media",
        "established in 2009",
    ] {
        assert!(
            first.contains(expected),
            "page 1 lacks {expected:?}:\n{first}"
        );
    }
    // No running header on page 1, but on page 2.
    let second = &uprc::inspect::page_texts(&output.layout)[1];
    assert!(
        second.starts_with("ODF · Kazakhstan · UPR 20th session"),
        "{second}"
    );
}

#[test]
fn the_example_fits_the_individual_word_limit() {
    let compilation = uprc::check_folder(&common::example());
    let words = compilation.words.expect("loaded");
    assert_eq!(words.limit, 2815);
    assert_eq!(words.total, 2714);
    let named: Vec<(&str, usize)> = words
        .sections
        .iter()
        .map(|s| (s.name.as_str(), s.words))
        .collect();
    assert_eq!(named[0], ("Summary", 139));
    assert_eq!(named[2], ("I. Case of Galymzhan Zhakiyanov", 328));
    assert!(
        !words.sections.last().unwrap().counted,
        "the compliance table is not counted"
    );
}

#[test]
fn compliance_rows_are_exact() {
    use uprc::model::{Response, Status};
    let output = build_example();
    let ranges: Vec<(&str, Option<(u32, u32)>)> = output
        .document
        .chapters()
        .map(|c| (c.id.as_str(), c.paragraphs))
        .collect();
    assert_eq!(
        ranges,
        [
            ("zhakiyanov", Some((1, 4))),
            ("zhanaozen", Some((5, 8))),
            ("kozlov", Some((9, 11))),
            ("media", Some((12, 17))),
            ("judiciary", Some((18, 25))),
        ]
    );
    let compliance = output.document.compliance().unwrap();
    assert_eq!(compliance.label, "VI.");
    let claim = "considered already implemented or in the process of implementation (A/HRC/14/10, para. 96)";
    let expected = [
        ("95.53", "Canada", ["1–4", "9–25"].as_slice()),
        ("95.55", "Spain", &["5–11", "18–25"]),
        ("95.56", "Netherlands", &["5–25"]),
        ("95.57", "Finland", &["1–25"]),
        ("95.58", "Norway", &["5–11", "18–25"]),
        ("95.60", "Japan", &["1–8", "18–25"]),
    ];
    assert_eq!(compliance.rows.len(), expected.len());
    for (row, (id, state, evidence)) in compliance.rows.iter().zip(expected) {
        assert_eq!(row.label, id);
        assert_eq!(row.recommendations.len(), 1);
        assert_eq!(row.recommendations[0].id, id);
        assert_eq!(row.by, [state], "{id}");
        assert_eq!(row.status, Status::NotImplemented, "{id}");
        assert_eq!(row.responses.len(), 1);
        assert_eq!(row.responses[0].response, Response::Supported, "{id}");
        // The State's claim is a table note; the same claim, the same letter.
        assert_eq!(row.claim.as_deref(), Some("a"), "{id}");
        assert_eq!(row.evidence, evidence, "{id}");
    }
    assert_eq!(compliance.notes.len(), 1);
    assert_eq!(
        compliance.notes[0].content,
        [uprc::prose::Inline::Text {
            text: format!("State’s claim: {claim}")
        }]
    );
}
