//! Layout details read back from the laid-out pages: heading labels clear of
//! their titles, evidence ranges kept whole.

use crate::common;

use uprc::inspect::{TextRun, page_texts, text_runs};

/// The minimal submission with `count` chapters of two paragraphs each,
/// and an assessment citing every other chapter as evidence.
fn many_chapters(count: usize) -> tempfile::TempDir {
    let mut files: Vec<(String, String)> = Vec::new();
    let mut paths = Vec::new();
    for i in 1..=count {
        paths.push(format!("\"cases/c{i}.toml\""));
        files.push((
            format!("cases/c{i}.toml"),
            format!(
                "kind = \"case\"\ntitle = \"Rights of chapter {i}\"\ntext = \"\"\"\nFirst paragraph of chapter {i}.[^src-a]\n\nSecond paragraph.[^src-b]\"\"\"\n"
            ),
        ));
    }
    let evidence: Vec<String> = (1..=count)
        .step_by(2)
        .map(|i| format!("\"c{i}\""))
        .collect();
    let submission = std::fs::read_to_string(common::minimal().join("submission.toml"))
        .unwrap()
        .replace(
            "chapters = [\"cases/one.toml\"]",
            &format!("chapters = [{}]", paths.join(", ")),
        );
    files.push(("submission.toml".into(), submission));
    files.push((
        "assessment.toml".into(),
        format!(
            "[[assessment]]\nrecommendation = \"1.1\"\nstatus = \"not-implemented\"\nevidence = [{}]\n",
            evidence.join(", ")
        ),
    ));
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let dir = common::minimal_with(&refs);
    std::fs::remove_file(dir.path().join("sub/cases/one.toml")).unwrap();
    dir
}

fn build(dir: &tempfile::TempDir) -> uprc::Output {
    common::expect_output(uprc::compile(&dir.path().join("sub")), true)
}

#[test]
fn wide_chapter_numerals_stay_clear_of_the_heading() {
    let dir = many_chapters(9);
    let output = build(&dir);
    let runs = text_runs(&output.layout);
    let label_gap = |label: &str| -> f64 {
        let i = runs
            .iter()
            .position(|r| r.text == label && (r.size - 14.0).abs() < 0.1)
            .unwrap_or_else(|| panic!("no heading label {label}"));
        let (numeral, title): (&TextRun, &TextRun) = (&runs[i], &runs[i + 1]);
        assert!((numeral.y - title.y).abs() < 0.5, "{numeral:?} {title:?}");
        title.x - (numeral.x + numeral.width)
    };
    // "VIII." is wider than the 0.8 cm hang; the compliance chapter is "X.".
    for label in ["I.", "IV.", "VII.", "VIII.", "IX.", "X."] {
        let gap = label_gap(label);
        assert!(gap >= 3.0, "{label}: {gap:.1} pt between label and title");
    }
    // Titles still align on the text block, whatever the label's width.
    let title_x = |label: &str| {
        let i = runs.iter().position(|r| r.text == label).unwrap();
        runs[i + 1].x
    };
    assert!((title_x("I.") - title_x("VIII.")).abs() < 0.01);
}

#[test]
fn an_evidence_range_never_breaks_across_lines() {
    let dir = many_chapters(24);
    let output = build(&dir);
    let evidence = &output.document.compliance().unwrap().rows[0].evidence;
    assert_eq!(evidence.len(), 12);
    assert_eq!(evidence[0], "1–2");
    assert_eq!(evidence[11], "45–46");
    let text = page_texts(&output.layout).join("\n");
    let table = &text[text.rfind("Recommendations assessed").unwrap()..];
    // Each range is whole on one line; never "13–" at a line's end.
    for line in table.lines() {
        assert!(!line.trim_end().ends_with('–'), "broken range: {line:?}");
    }
    for range in evidence {
        assert!(
            table.contains(range.as_str()),
            "{range} not whole in {table}"
        );
    }
}
