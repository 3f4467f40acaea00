//! The second example, `submissions/slovenie-upr48`: an illustrative joint
//! submission in French that uses every feature of real submissions.

use uprc::lower::BodyItem;

fn example() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("submissions/slovenie-upr48")
}

fn build() -> uprc::Output {
    let compilation = uprc::compile(&example());
    let problems: Vec<String> = compilation
        .diagnostics
        .iter()
        .filter(|d| d.severity != uprc::diag::Severity::Hint)
        .map(|d| d.short(&compilation.files))
        .collect();
    assert!(problems.is_empty(), "{problems:#?}");
    compilation.output.expect("a PDF")
}

#[test]
fn it_builds_clean_with_every_part_in_place() {
    let output = build();
    let document = &output.document;
    assert_eq!((document.paragraph_count, document.note_count), (41, 54));
    let order: Vec<String> = document
        .body
        .iter()
        .map(|item| match item {
            BodyItem::Chapter(c) => format!("{} {}", c.label, c.id),
            BodyItem::Compliance(c) => format!("{} compliance", c.label),
            BodyItem::Recommendations(r) => format!("{} {}", r.label, r.title),
        })
        .collect();
    assert_eq!(
        order,
        [
            "I. introduction",
            "II. eau-assainissement",
            "III. personnes-effacees",
            "IV. asile",
            "V. mediateur",
            "VI. compliance",
            "VII. Recommandations",
            "VIII. conclusion",
        ]
    );
    assert_eq!(document.annexes.len(), 1);
    assert_eq!(document.annexes[0].label, "Annexe");
    assert_eq!(document.contacts.len(), 2);
    assert!(document.front.organisations[0].logo.is_some());
    let text = crate::common::flat_text(&output.layout);
    for expected in [
        "Contribution conjointe de parties prenantes",
        "Soumis le 11 juillet 2024",
        "Référence : CES-EPU48-2024-01",
        "VII. Recommandations",
        "Annexe — Organisations membres de la coalition",
    ] {
        assert!(text.contains(expected), "{expected:?} missing");
    }
}

#[test]
fn its_notes_use_every_form() {
    let output = build();
    // Whitespace as a reader sees it: justified spaces and no-break spaces alike.
    let notes: Vec<String> = crate::common::note_lines(&output.layout)
        .iter()
        .map(|n| n.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    for expected in [
        // A pinpoint repeated, changed, then a bare Ibid.
        "Ibid., p. 13.",
        "Ibid.",
        // A source's own abbreviation.
        "RSDR, p. 12.",
        // Several sources in one note, with words before each.
        "Voir RSDR, p. 18 ; voir aussi A/HRC/43/15/Add.1, p. 5 et A/HRC/43/15, par. 17.",
    ] {
        assert!(
            notes.iter().any(|n| n.ends_with(expected)),
            "no note ends with {expected:?}: {notes:#?}"
        );
    }
    // Notes on headings list the recommendations concerned.
    assert!(
        notes
            .iter()
            .any(|n| n.contains("Pour les recommandations pertinentes, voir A/HRC/43/15")),
        "{notes:#?}"
    );
}

#[test]
fn its_compliance_table_is_grouped_by_theme_with_clusters() {
    let output = build();
    let compliance = output.document.compliance().unwrap();
    let themes: Vec<&str> = compliance
        .rows
        .iter()
        .filter_map(|r| r.theme.as_deref())
        .collect();
    assert_eq!(
        themes.len(),
        compliance.rows.len(),
        "every row has its theme"
    );
    // Rows of one theme are together.
    let mut seen: Vec<&str> = Vec::new();
    for theme in &themes {
        if seen.last() != Some(theme) {
            assert!(!seen.contains(theme), "{theme} comes back: {themes:?}");
            seen.push(theme);
        }
    }
    let cluster = compliance
        .rows
        .iter()
        .find(|r| r.label.starts_with("122.121"))
        .unwrap();
    assert_eq!(cluster.label, "122.121, 122.137–122.140");
    assert_eq!(
        cluster.by,
        ["Thailand", "Australia", "Austria", "Chile", "Germany"]
    );
}
