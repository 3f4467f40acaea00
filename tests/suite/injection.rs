//! Text from the data is data: Typst and Markdown-looking input prints as
//! typed and is never evaluated.

use crate::common;

const HOSTILE: &str = r#"#read("/etc/passwd") $x$ ] <l> @ref \ #set page(width: 1cm) [^src-a]"#;

#[test]
fn typst_syntax_in_prose_and_plain_fields_prints_literally() {
    let case = format!(
        "kind = \"case\"\ntitle = '''Case of #emph[x] ] $y$'''\n\n[[part]]\nheading = '''<l> @ref'''\ntext = '''\n{HOSTILE}\n\nSecond.[^src-b]'''\n"
    );
    let sources = r#"
[src-a]
publisher = '''#read("/etc/hostname") ]'''
url = "https://example.org/a?x=]&y=$"

[src-b]
publisher = "Beta"
"#;
    let dir = common::minimal_with(&[("cases/one.toml", &case), ("sources.toml", sources)]);
    let compilation = uprc::compile(&dir.path().join("sub"));
    let errors: Vec<String> = compilation
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.short(&compilation.files))
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    let output = compilation.output.unwrap();
    let text = common::flat_text(&output.layout);
    // The citation became a note; everything else is there character for character.
    assert!(
        text.contains(r#"1. #read("/etc/passwd") $x$ ] <l> @ref \ #set page(width: 1cm)"#),
        "{text}"
    );
    assert!(text.contains("I. Case of #emph[x] ] $y$"), "{text}");
    assert!(text.contains("A. <l> @ref"), "{text}");
    assert!(
        text.contains(r#"#read("/etc/hostname") ], https://example.org/a?x=]&y=$"#),
        "{text}"
    );
    assert!(!text.contains("root:"), "a file was read");
    // The page is still A4: the `#set page` was not executed.
    let page = &output.layout.pages()[0];
    assert!((page.frame.width().to_pt() - 595.28).abs() < 0.1);
}

#[test]
fn markdown_in_plain_fields_is_not_interpreted() {
    let case =
        "kind = \"case\"\ntitle = \"*not emphasised* [x](y)\"\ntext = \"Body.[^src-a] [^src-b]\"\n";
    let dir = common::minimal_with(&[("cases/one.toml", case)]);
    let compilation = uprc::compile(&dir.path().join("sub"));
    let text = common::flat_text(&compilation.output.expect("builds").layout);
    assert!(text.contains("I. *not emphasised* [x](y)"), "{text}");
}

/// Every text field of every file, set to Typst and Markdown syntax: the
/// document builds and prints each one literally.
#[test]
fn every_text_field_prints_literally() {
    const T: &str = r#"#sys.exit() $a$ <b> @c [d] \e *f* _g_ `h`"#;
    // Markdown is interpreted in prose fields only; these print as typed.
    let plain = |field: &str| format!("{field} {T}");
    let q = |s: String| toml::Value::String(s).to_string();
    let submission = format!(
        r#"[submission]
title = {title}
state = {state}
state_code = "TST"
language = "en"
kind = "individual"
date = 2024-01-15

[review]
cycle = 4
session = 45

[previous]
cycle = 3
session = 31
report = {report}
recommendations = "previous.toml"

[content]
chapters = ["cases/one.toml"]
sources = "sources.toml"
assessment = "assessment.toml"

[[organisation]]
name = {org}
abbreviation = {abbr}
country = {country}

[summary]
keywords = [{kw}]
text = "Summary."
"#,
        title = q(plain("Title")),
        state = q(plain("State")),
        report = q("A/HRC/44/1".into()),
        org = q(plain("Org")),
        abbr = q(plain("Abbr")),
        country = q(plain("Country")),
        kw = q(plain("Keyword")),
    );
    let case = format!(
        "kind = \"case\"\ntitle = {}\n\n[[part]]\nheading = {}\ntext = \"Body.[^s] Other.[^t]\"\n\n[[part]]\nheading = \"Two\"\ntext = \"Again.[^s]\"\n",
        q(plain("Chapter")),
        q(plain("Heading"))
    );
    let sources = format!(
        "[s]\npublisher = {}\ntitle = {}\nshort = {}\ndate = {}\n\n[t]\npublisher = \"T\"\n",
        q(plain("Publisher")),
        q(plain("SourceTitle")),
        q(plain("Short")),
        q(plain("Date"))
    );
    let previous = format!(
        "report = {}\n[[recommendation]]\nid = \"1.1\"\nby = [{}]\nresponse = \"supported\"\nclaim = {}\ntext = {}\n",
        q(plain("Report")),
        q(plain("By")),
        q(plain("Claim")),
        q(plain("RecText"))
    );
    let assessment =
        "[[assessment]]\nrecommendation = \"1.1\"\nstatus = \"unclear\"\nevidence = [\"one\"]\n";
    let dir = common::minimal_with(&[
        ("submission.toml", &submission),
        ("cases/one.toml", &case),
        ("sources.toml", &sources),
        ("previous.toml", &previous),
        ("assessment.toml", assessment),
    ]);
    let compilation = uprc::compile(&dir.path().join("sub"));
    let errors: Vec<String> = compilation
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.short(&compilation.files))
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    let text = common::flat_text(&compilation.output.expect("builds").layout);
    for field in [
        "Title",
        "State",
        "Report",
        "Org",
        "Abbr",
        "Country",
        "Keyword",
        "Chapter",
        "Heading",
        "Publisher",
        "SourceTitle",
        "Short",
        "Date",
        "By",
        "Claim",
        "RecText",
    ] {
        assert!(
            text.contains(&plain(field)),
            "{field} not printed literally in:\n{text}"
        );
    }
}
