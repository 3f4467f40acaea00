//! `uprc import` on OHCHR's real files (tests/fixtures/import: Slovenia's
//! 3rd and 4th reviews) and the example's official PDFs, and `uprc matrix`.
//! Counts were verified independently (by reading the tables and the
//! addendum's lists by hand and with a separate script).

use crate::common;

use std::path::{Path, PathBuf};

use uprc::model::{PreviousCycleFile, Response};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

fn import(inputs: &[PathBuf]) -> uprc::import::Outcome {
    let paths: Vec<&Path> = inputs.iter().map(PathBuf::as_path).collect();
    match uprc::import::run(&paths, None) {
        Ok(outcome) => outcome,
        Err(errors) => panic!(
            "{:?}",
            errors.iter().map(|e| &e.message).collect::<Vec<_>>()
        ),
    }
}

/// (count, supported, noted, pending, first id, last id)
fn summary(file: &PreviousCycleFile) -> (usize, usize, usize, usize, &str, &str) {
    let count = |r: Response| {
        file.recommendation
            .iter()
            .filter(|x| x.response == r)
            .count()
    };
    (
        file.recommendation.len(),
        count(Response::Supported),
        count(Response::Noted),
        count(Response::Pending),
        &file.recommendation[0].id,
        &file.recommendation.last().unwrap().id,
    )
}

#[test]
fn the_3rd_cycle_thematic_list_gives_215_recommendations_once_each() {
    let outcome = import(&[fixture("UPR34-Slovenia-thematic-list.docx")]);
    let file = &outcome.file;
    assert_eq!(file.report, "A/HRC/43/15");
    assert_eq!(summary(file), (215, 182, 33, 0, "121.1", "122.157"));
    let by_id = |id: &str| file.recommendation.iter().find(|r| r.id == id).unwrap();
    // Several States, a convention number that is not a State, themes, groups, SDGs.
    let first = by_id("121.1");
    assert_eq!(first.by, ["France", "Lithuania"]);
    assert_eq!(
        first.response_source.as_deref(),
        Some("A/HRC/43/15, para. 121")
    );
    assert_eq!(
        first.themes,
        [
            "Acceptance of international norms",
            "Enforced disappearances"
        ]
    );
    assert_eq!(first.groups, ["Disappeared persons"]);
    assert_eq!(first.sdgs, ["16 - PEACE, JUSTICE AND STRONG INSTITUTIONS"]);
    assert!(
        by_id("121.3")
            .text
            .ends_with("Forced Labour Convention, 1930 (No. 29)")
    );
    assert_eq!(
        by_id("121.3").by,
        ["United Kingdom of Great Britain and Northern Ireland"]
    );
    assert_eq!(by_id("122.3").by, ["Indonesia", "Niger", "Philippines"]);
    assert_eq!(
        by_id("122.2").response_source.as_deref(),
        Some("A/HRC/43/15/Add.1, para. 5")
    );
    // The odd rows, each a warning with its table row.
    let warnings: Vec<String> = outcome
        .warnings
        .iter()
        .map(|w| {
            format!(
                "{}: {}",
                w.position(&uprc::diag::SourceFiles::default())
                    .unwrap_or_default()
                    .rsplit(", ")
                    .next()
                    .unwrap_or(""),
                w.message
            )
        })
        .collect();
    assert_eq!(warnings.len(), 7, "{warnings:#?}");
    assert!(warnings.contains(&"table row 4: 121.2 holds 2 recommendations under one number; kept as one, each text with its States".to_string()), "{warnings:#?}");
    assert!(warnings.contains(&"table row 123: 121.23: the source of its position, “A/HRC/43/15/Add.1”, names no paragraph".to_string()), "{warnings:#?}");
}

#[test]
fn the_4th_cycle_thematic_list_with_its_sdg_column() {
    let outcome = import(&[fixture("UPR48-Slovenia-thematic-list.docx")]);
    let file = &outcome.file;
    assert_eq!(file.report, "A/HRC/59/15");
    assert_eq!(summary(file), (254, 217, 37, 0, "140.1", "140.254"));
    let by_id = |id: &str| file.recommendation.iter().find(|r| r.id == id).unwrap();
    assert_eq!(by_id("140.1").by.len(), 8);
    assert_eq!(by_id("140.167").by, ["Venezuela (Bolivarian Republic of)"]);
    assert_eq!(by_id("140.11").sdgs, ["10 - REDUCED INEQUALITIES"]);
    assert_eq!(
        by_id("140.11").groups,
        [
            "Refugees & asylum seekers",
            "Public officials",
            "Stateless persons"
        ]
    );
    assert!(
        outcome.warnings.is_empty(),
        "{:?}",
        outcome
            .warnings
            .iter()
            .map(|w| &w.message)
            .collect::<Vec<_>>()
    );
}

#[test]
fn the_report_and_its_addendum_give_the_same_list_as_the_thematic_list() {
    let word = import(&[fixture("UPR34-Slovenia-thematic-list.docx")]).file;
    let pdf = import(&[fixture("A-HRC-43-15.pdf"), fixture("A-HRC-43-15-Add.1.pdf")]).file;
    assert_eq!(summary(&pdf), (215, 182, 33, 0, "121.1", "122.157"));
    for (w, p) in word.recommendation.iter().zip(&pdf.recommendation) {
        assert_eq!(
            (&w.id, &w.by, w.response, &w.text),
            (&p.id, &p.by, p.response, &p.text)
        );
    }
    let by_id = |id: &str| pdf.recommendation.iter().find(|r| r.id == id).unwrap();
    // The addendum's lists and ranges ("122.62-\n66") and its explanations.
    assert_eq!(
        by_id("122.66").response_source.as_deref(),
        Some("A/HRC/43/15/Add.1, para. 3")
    );
    assert_eq!(by_id("122.11").response, Response::Supported);
    assert!(by_id("122.11").claim.as_deref().unwrap().starts_with(
        "Considered already implemented or in the process of implementation (A/HRC/43/15/Add.1, para. 4): The activities for the implementation of this recommendation have already started."
    ));
    assert_eq!(
        by_id("122.21").claim.as_deref(),
        Some("The recommendation is incomprehensible.")
    );
    let explained = pdf
        .recommendation
        .iter()
        .filter(|r| r.claim.is_some())
        .count();
    assert_eq!(explained, 77);
    // The report alone: 157 wait for the addendum.
    let alone = import(&[fixture("A-HRC-43-15.pdf")]);
    assert_eq!(summary(&alone.file), (215, 58, 0, 157, "121.1", "122.157"));
    assert!(
        alone
            .warnings
            .last()
            .unwrap()
            .message
            .starts_with("157 recommendations have no position yet")
    );
}

#[test]
fn the_examples_lists_are_regenerated_from_the_official_reports() {
    // previous/A-HRC-14-10.toml comes from previous/official/A-HRC-14-10.pdf:
    // the same 128 recommendations, States and texts, but for what was
    // recorded by hand (the 97.x responses, and 95.3's States, which the
    // report prints inside the text).
    let folder = common::example().join("previous");
    for report in ["A-HRC-14-10", "A-HRC-28-10"] {
        let committed: PreviousCycleFile = toml::from_str(
            &std::fs::read_to_string(folder.join(format!("{report}.toml"))).unwrap(),
        )
        .unwrap();
        let imported = import(&[folder.join(format!("official/{report}.pdf"))]).file;
        assert_eq!(imported.report, committed.report);
        assert_eq!(
            imported.recommendation.len(),
            committed.recommendation.len()
        );
        for (i, c) in imported
            .recommendation
            .iter()
            .zip(&committed.recommendation)
        {
            assert_eq!((&i.id, &i.text), (&c.id, &c.text), "{report}");
            if i.id != "95.3" && i.id != "124.3" {
                assert_eq!(i.by, c.by, "{report} {}", i.id);
            }
            if i.response != Response::Pending {
                assert_eq!(i.response, c.response, "{report} {}", i.id);
            }
        }
    }
}

#[test]
fn a_upr_info_export_adds_issues_and_action_categories() {
    let outcome = import(&[
        common::example().join("previous/official/A-HRC-14-10.pdf"),
        fixture("uprinfo-slovenia-kazakhstan-s7.csv"),
    ]);
    let file = &outcome.file;
    let with_issues = file
        .recommendation
        .iter()
        .filter(|r| !r.issues.is_empty())
        .count();
    assert!(with_issues >= 120, "{with_issues} of 128 matched");
    let r = file.recommendation.iter().find(|r| r.id == "95.1").unwrap();
    assert_eq!(r.action, Some(5));
    assert_eq!(r.issues, ["Disabilities", "International instruments"]);
    // Slovenia's rows of the same file are another review: not reported.
    let unmatched: Vec<&String> = outcome
        .warnings
        .iter()
        .map(|w| &w.message)
        .filter(|m| m.starts_with("no recommendation"))
        .collect();
    assert!(unmatched.len() < 10, "{unmatched:#?}");
    assert!(outcome.from.last().unwrap().contains("rows matched"));
}

use crate::common::run_uprc as uprc;

#[test]
fn bad_inputs_are_one_clear_error_each_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("empty.docx"), "").unwrap();
    // A Word document without a table.
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file(
        "word/document.xml",
        zip::write::SimpleFileOptions::default(),
    )
    .unwrap();
    std::io::Write::write_all(&mut zip, br#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Hello</w:t></w:r></w:p></w:body></w:document>"#).unwrap();
    std::fs::write(d.join("letter.docx"), zip.finish().unwrap().into_inner()).unwrap();
    // A PDF without recommendations: a submission made by uprc.
    let minimal = common::expect_output(uprc::compile(&common::minimal()), true);
    std::fs::write(d.join("submission.pdf"), &minimal.pdf).unwrap();
    std::fs::write(d.join("other.csv"), "Country,Text\nX,Y\n").unwrap();
    std::fs::write(d.join("notes.odt"), "x").unwrap();
    for (input, expected) in [
        ("empty.docx", "empty.docx: error: the file is empty"),
        (
            "letter.docx",
            "letter.docx: error: this Word document has no table: it is not an OHCHR thematic list of recommendations",
        ),
        (
            "submission.pdf",
            "submission.pdf: error: no recommendations found: expected a paragraph such as \"121. The recommendations … enjoy the support of …:\" followed by \"121.1 …\" (is this the Working Group report?)",
        ),
        (
            "other.csv",
            "other.csv: error: not a UPR Info export: its columns are Country, Text, expected To, To-Rgrp, To-Org, Text, From, From-Rgrp, From-Org, Response, Action, Issue, Session",
        ),
        (
            "notes.odt",
            "notes.odt: error: uprc imports OHCHR thematic lists (.docx), Working Group reports and their addenda (.pdf, or their text as .txt) and UPR Info exports (.csv)",
        ),
    ] {
        let (code, stdout, stderr) = uprc(
            d,
            &[
                "import",
                input,
                "-o",
                "out.toml",
                "--message-format",
                "short",
            ],
        );
        assert_eq!(code, 1, "{input}: {stderr}");
        assert_eq!(stdout.trim(), expected, "{input}");
        assert!(!d.join("out.toml").exists());
    }
    // An addendum needs its report.
    let add = fixture("A-HRC-43-15-Add.1.pdf");
    let (code, stdout, _) = uprc(
        d,
        &[
            "import",
            add.to_str().unwrap(),
            "-o",
            "out.toml",
            "--message-format",
            "short",
        ],
    );
    assert_eq!(code, 1);
    assert!(
        stdout.contains("an addendum answers a list of recommendations"),
        "{stdout}"
    );
}

#[test]
fn import_assess_three_and_the_matrix_has_every_recommendation() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let (code, _, stderr) = uprc(d, &["init", "sub", "--state", "SVN"]);
    assert_eq!(code, 0, "{stderr}");
    let docx = fixture("UPR34-Slovenia-thematic-list.docx");
    // Refuses to overwrite without --force; with it, says what changed.
    let (code, _, stderr) = uprc(
        d,
        &[
            "import",
            docx.to_str().unwrap(),
            "-o",
            "sub/previous/recommendations.toml",
        ],
    );
    assert_eq!(code, 2, "{stderr}");
    let (code, _, stderr) = uprc(
        d,
        &[
            "import",
            docx.to_str().unwrap(),
            "-o",
            "sub/previous/recommendations.toml",
            "--force",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("added 215: 121.1–121.58, 122.1–122.157"),
        "{stderr}"
    );
    assert!(stderr.contains("removed 2: 1.1–1.2"), "{stderr}");
    let written = std::fs::read_to_string(d.join("sub/previous/recommendations.toml")).unwrap();
    assert!(
        written.starts_with(
            "#:schema ../schemas/previous.schema.json\n# Imported by `uprc import` from:\n"
        ),
        "{written}"
    );
    // Same input, same bytes.
    let (code, _, stderr) = uprc(
        d,
        &[
            "import",
            docx.to_str().unwrap(),
            "-o",
            "sub/previous/recommendations.toml",
            "--force",
        ],
    );
    assert_eq!(code, 0);
    assert!(
        stderr.contains("no change to the recommendations"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(d.join("sub/previous/recommendations.toml")).unwrap(),
        written
    );

    let submission = std::fs::read_to_string(d.join("sub/submission.toml"))
        .unwrap()
        .replace("report = \"A/HRC/??/??\"", "report = \"A/HRC/43/15\"");
    std::fs::write(d.join("sub/submission.toml"), submission).unwrap();
    let case = std::fs::read_to_string(d.join("sub/cases/first-case.toml"))
        .unwrap()
        .replace(
            "recommendations = [\"1.1\"]",
            "recommendations = [\"121.2\"]",
        )
        .replace("follows = [\"1.1\"]", "follows = [\"121.2\"]");
    std::fs::write(d.join("sub/cases/first-case.toml"), case).unwrap();
    std::fs::write(
        d.join("sub/assessment.toml"),
        "[[assessment]]\nrecommendation = \"121.2\"\nstatus = \"not-implemented\"\nevidence = [\"first-case\"]\ncomment = \"Still not ratified.\"\n\n[[assessment]]\nrecommendation = [\"122.62-122.63\"]\nstatus = \"partially-implemented\"\n",
    )
    .unwrap();
    let (code, _, stderr) = uprc(d, &["matrix", "sub", "-o", "matrix.csv"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("wrote matrix.csv: 215 recommendations of A/HRC/43/15, 3 assessed"),
        "{stderr}"
    );
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(d.join("matrix.csv"))
        .unwrap();
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        uprc::matrix::COLUMNS
    );
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let rows: Vec<&csv::StringRecord> = records.iter().take_while(|r| !r[0].is_empty()).collect();
    assert_eq!(rows.len(), 215);
    let filled: Vec<(&str, &str)> = rows
        .iter()
        .filter(|r| !r[4].is_empty())
        .map(|r| (&r[0], &r[4]))
        .collect();
    assert_eq!(
        filled,
        [
            (
                "121.2",
                "Not implemented. Still not ratified. (paras. 1–4 of the submission)"
            ),
            (
                "122.62",
                "Partially implemented [assessed together: 122.62–122.63]"
            ),
            (
                "122.63",
                "Partially implemented [assessed together: 122.62–122.63]"
            ),
        ]
    );
    assert!(rows[0][1].ends_with("(France) (Lithuania)"));
    assert_eq!(&rows[0][2], "Supported (A/HRC/43/15, para. 121)");
    // The counts per theme follow the list.
    let counts = &records[rows.len() + 1..];
    assert_eq!(&counts[0][0], "Theme");
    assert_eq!(
        counts[1].iter().collect::<Vec<_>>(),
        [
            "Acceptance of international norms",
            "14",
            "5",
            "0",
            "0",
            "1",
            "0"
        ]
    );
    // XLSX: deterministic, with the header frozen and a sheet of counts.
    let (code, _, stderr) = uprc(d, &["matrix", "sub", "-o", "matrix.xlsx"]);
    assert_eq!(code, 0, "{stderr}");
    let first = std::fs::read(d.join("matrix.xlsx")).unwrap();
    uprc(d, &["matrix", "sub", "-o", "matrix.xlsx"]);
    assert_eq!(std::fs::read(d.join("matrix.xlsx")).unwrap(), first);
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(first)).unwrap();
    let mut sheet = String::new();
    std::io::Read::read_to_string(
        &mut archive.by_name("xl/worksheets/sheet1.xml").unwrap(),
        &mut sheet,
    )
    .unwrap();
    assert!(sheet.contains(r#"state="frozen""#), "{sheet}");
    let mut workbook = String::new();
    std::io::Read::read_to_string(
        &mut archive.by_name("xl/workbook.xml").unwrap(),
        &mut workbook,
    )
    .unwrap();
    assert!(workbook.contains(r#"name="Matrix""#) && workbook.contains(r#"name="Counts""#));
}
