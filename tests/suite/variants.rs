//! Variants: overlay rules, the example's real variants, --all-variants.

use crate::common;

use assert_cmd::Command;

fn build_variant(folder: &std::path::Path, variant: &str) -> uprc::Output {
    let options = uprc::Options {
        variant: Some(variant.to_string()),
        ..Default::default()
    };
    common::expect_output(uprc::compile_with(folder, options), false)
}

#[test]
fn the_joint_variant_lists_both_organisations_under_the_joint_limit() {
    let compilation = uprc::check_variant(&common::example(), Some("joint"));
    assert_eq!(compilation.words.as_ref().unwrap().limit, 5630);
    let output = build_variant(&common::example(), "joint");
    let first = uprc::inspect::page_texts(&output.layout)[0]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        first.starts_with("Open Dialog Foundation; Example Partner Network"),
        "{first}"
    );
    assert!(first.contains("Joint stakeholder submission"), "{first}");
    assert!(first.contains("The submitting organisations"), "{first}");
    // Tables merge: the title comes from the base.
    assert!(
        first.contains("Kazakhstan: the use of the judiciary to persecute political opponents")
    );
}

#[test]
fn the_judiciary_focus_variant_prints_a_subset_of_chapters() {
    let output = build_variant(&common::example(), "judiciary-focus");
    let text = common::flat_text(&output.layout);
    assert!(text.contains(
        "Kazakhstan: the Kozlov case, the closure of independent media and the judiciary"
    ));
    assert!(text.contains("I. Case of Vladimir Kozlov"), "{text}");
    assert!(text.contains("II. Case of independent and opposition media"));
    assert!(text.contains("III. The use of the judiciary to persecute political opponents"));
    assert!(
        !text.contains("Case of Galymzhan Zhakiyanov")
            && !text.contains("Case of Zhanaozen oilmen")
    );
    // Paragraphs and notes are numbered afresh.
    assert_eq!(output.document.paragraph_count, 17);
    assert_eq!(
        output.document.chapters().next().unwrap().paragraphs,
        Some((1, 3))
    );
    assert!(
        text.contains("1. Vladimir Kozlov is Kazakhstan opposition politician."),
        "{text}"
    );
    assert!(
        text.contains("1 Open Dialog Foundation, http://en.odfoundation.eu/a/1297"),
        "{text}"
    );
}

#[test]
fn the_later_session_variant_assesses_the_next_cycles_recommendations() {
    let output = build_variant(&common::example(), "upr34");
    let text = common::flat_text(&output.layout);
    assert!(
        text.contains("3rd cycle — Working Group on the Universal Periodic Review, 34th session, 4–15 November 2019"),
        "{text}"
    );
    assert!(text.contains("Submitted 28 March 2019"));
    // A subset of the chapters, numbered afresh; the summary no longer names the 20th session.
    assert!(text.contains("I. Case of Vladimir Kozlov"), "{text}");
    assert!(text.contains("II. The use of the judiciary to persecute political opponents"));
    assert!(
        !text.contains("Zhakiyanov") && !text.contains("Case of independent and opposition media")
    );
    assert!(!text.contains("20th session"));
    assert!(text.contains("III. Implementation of the recommendations of the 2nd cycle"));
    assert!(text.contains("Recommendations numbered as in A/HRC/28/10"));
    // The chapters' recommendation lists are keyed by report: the 2nd-cycle
    // ones apply here, and each row comes from A/HRC/28/10.
    let compliance = output.document.compliance().unwrap();
    assert_eq!(compliance.report, "A/HRC/28/10");
    let ids: Vec<&str> = compliance.rows.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(ids, ["124.12", "124.13", "124.26", "125.53", "125.68"]);
    assert_eq!(compliance.rows[3].by, ["Canada"]);
    assert!(text.contains(
        "Take steps to further strengthen the impartiality and independence of the judiciary"
    ));
    assert!(text.contains(
        "Recommendations assessed: 5. Implemented: 0; partially implemented: 0; not implemented: 0; unclear: 5."
    ));
}

#[test]
fn overlay_merges_tables_replaces_arrays_and_selects_by_tag() {
    let two = "kind = \"section\"\ntitle = \"Context\"\ntags = [\"background\"]\ntext = \"Background.[^src-b]\"\n";
    let submission = std::fs::read_to_string(common::minimal().join("submission.toml"))
        .unwrap()
        .replace(
            "chapters = [\"cases/one.toml\"]",
            "chapters = [\"cases/one.toml\", \"cases/two.toml\"]",
        );
    let variant = r#"
[submission]
language = "fr"

[review]
session = 46

[[organisation]]
name = "Replacement Group"

[select]
exclude = ["tag:background"]
"#;
    let dir = common::minimal_with(&[
        ("submission.toml", &submission),
        ("cases/two.toml", two),
        ("variants/v.toml", variant),
    ]);
    let output = build_variant(&dir.path().join("sub"), "v");
    let meta = &output.document.meta;
    assert_eq!(meta.language.code(), "fr");
    assert_eq!(meta.session, 46, "a value in a table replaces");
    assert_eq!(meta.cycle, 4, "other keys of the same table stay");
    assert_eq!(meta.title, "Testland: a minimal submission");
    assert_eq!(
        meta.authors,
        ["Replacement Group"],
        "an array replaces the base's whole"
    );
    assert_eq!(
        output.document.chapters().count(),
        1,
        "tag:background is excluded"
    );
    // The base still has both chapters.
    let base = uprc::compile(&dir.path().join("sub")).output.unwrap();
    assert_eq!(base.document.chapters().count(), 2);
}

#[test]
fn all_variants_build_in_parallel_and_a_failure_stops_no_other() {
    let dir = common::minimal_with(&[
        ("variants/good.toml", "[submission]\nlanguage = \"es\"\n"),
        ("variants/bad.toml", "[submission]\nkind = \"joint\"\n"),
    ]);
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("sub-bad.pdf"), b"previous").unwrap();
    let result = Command::cargo_bin("uprc")
        .unwrap()
        .current_dir(dir.path())
        .args(["build", "sub", "--all-variants", "--out-dir", "out"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert_eq!(result.status.code(), Some(1), "{stderr}");
    assert!(
        std::fs::read(out.join("sub.pdf"))
            .unwrap()
            .starts_with(b"%PDF")
    );
    assert!(
        std::fs::read(out.join("sub-good.pdf"))
            .unwrap()
            .starts_with(b"%PDF")
    );
    assert_eq!(
        std::fs::read(out.join("sub-bad.pdf")).unwrap(),
        b"previous",
        "a failed variant keeps its old PDF"
    );
    assert!(stderr.contains("built 2 of 3"), "{stderr}");
    assert!(
        stderr.contains("1 failed and kept their previous files, if any: out/sub-bad.pdf"),
        "{stderr}"
    );
    assert!(stderr.contains("variants/bad.toml:2:8"), "{stderr}");
}

#[test]
fn an_unknown_variant_is_a_usage_error_with_a_suggestion() {
    let dir = common::minimal_with(&[("variants/joint.toml", "[submission]\nkind = \"joint\"\n")]);
    let result = Command::cargo_bin("uprc")
        .unwrap()
        .current_dir(dir.path())
        .args(["build", "sub", "--variant", "jiont"])
        .output()
        .unwrap();
    assert_eq!(result.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&result.stderr).contains("did you mean `joint`?"));
}

#[test]
fn mistakes_in_a_variants_prose_are_reported_in_the_variant_file() {
    // Multi-byte characters before the citation: the old code sliced the
    // base file with the variant's byte offsets.
    let variant = "[summary]\ntext = \"Résumé — « ça » : voir.[^nowhere]\"\n\n[[organisation]]\nname = \"Group\"\nabout = \"Über uns.[^elsewhere]\"\n";
    let dir = common::minimal_with(&[("variants/v.toml", variant)]);
    let folder = dir.path().join("sub");
    let compilation = uprc::check_variant(&folder, Some("v"));
    assert_eq!(
        common::short_diagnostics(&compilation, &folder),
        [
            "variants/v.toml:2:32: error: unknown source `nowhere`",
            "variants/v.toml:6:19: error: unknown source `elsewhere`",
        ]
    );
}
