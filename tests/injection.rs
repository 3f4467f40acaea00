//! Text from the data is data: Typst and Markdown-looking input prints as
//! typed and is never evaluated.

mod common;

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
