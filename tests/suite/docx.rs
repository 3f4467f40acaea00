//! The Word file, read back with a DOCX reader (docx-rust) and compared
//! with the PDF built in the same run: notes, paragraph numbers, headings,
//! the compliance table, language, properties, links, determinism.

use std::io::Read;

use docx_rust::document::{BodyContent, ParagraphContent, RunContent, TableRowContent};
use docx_rust::formatting::OnOffOnlyType;

use crate::common;

fn build(folder: &std::path::Path) -> uprc::Output {
    let options = uprc::Options {
        docx: true,
        ..Default::default()
    };
    common::expect_output(uprc::compile_with(folder, options), false)
}

/// A paragraph's text as Word shows it, tabs included.
fn text(paragraph: &docx_rust::document::Paragraph) -> String {
    let mut out = String::new();
    let mut runs = Vec::new();
    for content in &paragraph.content {
        match content {
            ParagraphContent::Run(run) => runs.push(run),
            ParagraphContent::Link(link) => runs.extend(link.content.iter()),
            _ => {}
        }
    }
    for run in runs {
        for content in &run.content {
            match content {
                RunContent::Text(t) => out.push_str(&t.text),
                RunContent::Tab(_) => out.push('\t'),
                _ => {}
            }
        }
    }
    out
}

fn style(paragraph: &docx_rust::document::Paragraph) -> Option<String> {
    paragraph
        .property
        .as_ref()
        .and_then(|p| p.style_id.as_ref())
        .map(|s| s.value.to_string())
}

/// The body's paragraphs outside tables.
fn paragraphs<'a>(
    docx: &'a docx_rust::Docx<'a>,
) -> impl Iterator<Item = &'a docx_rust::document::Paragraph<'a>> {
    docx.document.body.content.iter().filter_map(|c| match c {
        BodyContent::Paragraph(p) => Some(p),
        _ => None,
    })
}

/// The notes' texts, numbered as Word numbers them, separators left out.
fn notes(docx: &docx_rust::Docx) -> Vec<String> {
    let notes = docx.footnotes.as_ref().expect("a footnotes part");
    notes
        .content
        .iter()
        .filter(|note| note.ty.is_none())
        .enumerate()
        .map(|(i, note)| {
            let body: Vec<String> = note
                .content
                .iter()
                .filter_map(|c| match c {
                    BodyContent::Paragraph(p) => Some(text(p)),
                    _ => None,
                })
                .collect();
            format!("{} {}", i + 1, body.join(" ").trim())
        })
        .collect()
}

fn without_spaces(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

fn part(docx: &[u8], name: &str) -> Option<String> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut file = archive.by_name(name).ok()?;
    let mut text = String::new();
    file.read_to_string(&mut text).unwrap();
    Some(text)
}

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

#[test]
fn notes_paragraph_numbers_and_headings_match_the_pdf() {
    let output = build(&common::example());
    let bytes = output.docx.as_ref().unwrap();
    let file = docx_rust::DocxFile::from_reader(std::io::Cursor::new(bytes)).unwrap();
    let docx = file.parse().unwrap();

    // Every note, with its number, as the PDF prints it (the PDF breaks long
    // addresses over lines, hence the comparison without spaces).
    let word_notes = notes(&docx);
    let pdf_notes = common::note_lines(&output.layout);
    assert_eq!(word_notes.len(), 31);
    assert_eq!(word_notes.len(), pdf_notes.len());
    for (word, pdf) in word_notes.iter().zip(&pdf_notes) {
        assert_eq!(without_spaces(word), without_spaces(pdf), "{word}\n{pdf}");
    }
    assert!(word_notes[0].starts_with("1 Novaya Gazeta, http://2002.novayagazeta.ru/"));

    // Paragraph numbers: text and a tab, 1 … N in order, N as in the PDF.
    let numbers: Vec<u32> = paragraphs(&docx)
        .filter_map(|p| {
            let text = text(p);
            let (number, _) = text.split_once(".\t")?;
            number.parse().ok()
        })
        .collect();
    let expected: Vec<u32> = (1..=output.document.paragraph_count).collect();
    assert_eq!(numbers, expected);
    assert_eq!(numbers.len(), 25);

    // Chapters are Heading 1 with their labels, parts Heading 2.
    let heading_1: Vec<String> = paragraphs(&docx)
        .filter(|p| style(p).as_deref() == Some("Heading1"))
        .map(text)
        .collect();
    let chapters: Vec<String> = output
        .document
        .chapters()
        .map(|c| format!("{}\t{}", c.label, c.title))
        .collect();
    assert_eq!(heading_1[..chapters.len()], chapters[..]);
    assert_eq!(heading_1[0], "I.\tCase of Galymzhan Zhakiyanov");
    assert!(
        heading_1
            .iter()
            .any(|h| h.starts_with("VI.\tImplementation"))
    );
    let heading_2: Vec<String> = paragraphs(&docx)
        .filter(|p| style(p).as_deref() == Some("Heading2"))
        .map(text)
        .collect();
    assert_eq!(heading_2[..2], ["Summary", "The submitting organisation"]);
    assert_eq!(heading_2[2], "A.\tBase for persecution");
    // The styles are Word's built-in headings, so the navigation pane sees them.
    let heading_names: Vec<String> = docx
        .styles
        .styles
        .iter()
        .filter(|s| s.style_id.starts_with("Heading"))
        .filter_map(|s| s.name.as_ref().map(|n| n.value.to_string()))
        .collect();
    assert_eq!(heading_names, ["heading 1", "heading 2", "heading 3"]);
}

#[test]
fn compliance_table_repeats_its_header_and_keeps_rows_whole() {
    let output = build(&common::example());
    let bytes = output.docx.as_ref().unwrap();
    let file = docx_rust::DocxFile::from_reader(std::io::Cursor::new(bytes)).unwrap();
    let docx = file.parse().unwrap();
    let tables: Vec<&docx_rust::document::Table> = docx
        .document
        .body
        .content
        .iter()
        .filter_map(|c| match c {
            BodyContent::Table(t) => Some(t),
            _ => None,
        })
        .collect();
    assert_eq!(tables.len(), 1);
    let compliance = output.document.compliance().unwrap();
    let table = tables[0];
    assert_eq!(table.rows.len(), compliance.rows.len() + 1);
    let header = &table.rows[0];
    assert!(matches!(
        header
            .property
            .table_header
            .as_ref()
            .and_then(|h| h.value.as_ref()),
        None | Some(OnOffOnlyType::On)
    ));
    assert!(header.property.table_header.is_some());
    assert!(
        table.rows[1..]
            .iter()
            .all(|r| r.property.table_header.is_none())
    );
    let first_cells: Vec<String> = table
        .rows
        .iter()
        .map(|row| match &row.cells[0] {
            TableRowContent::TableCell(cell) => cell.iter_text().map(|t| t.to_string()).collect(),
            _ => String::new(),
        })
        .collect();
    let ids: Vec<&str> = compliance.rows.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(first_cells[0], "No.");
    assert_eq!(first_cells[1..], ids[..]);
    assert_eq!(ids[0], "95.53");

    // docx-rust does not read `w:cantSplit`: every row of the table carries it.
    let xml = part(bytes, "word/document.xml").unwrap();
    let tree = roxmltree::Document::parse(&xml).unwrap();
    let rows: Vec<roxmltree::Node> = tree
        .descendants()
        .filter(|n| n.has_tag_name((W, "tr")))
        .collect();
    assert_eq!(rows.len(), compliance.rows.len() + 1);
    for row in rows {
        let properties = row
            .children()
            .find(|n| n.has_tag_name((W, "trPr")))
            .unwrap();
        assert!(
            properties
                .children()
                .any(|n| n.has_tag_name((W, "cantSplit")))
        );
    }
    // The table's notes follow it, each with its letter and text as lowered.
    let table_at = docx
        .document
        .body
        .content
        .iter()
        .position(|c| matches!(c, BodyContent::Table(_)))
        .unwrap();
    let after_table: Vec<String> = docx.document.body.content[table_at + 1..]
        .iter()
        .filter_map(|c| match c {
            BodyContent::Paragraph(p) => Some(text(p)),
            _ => None,
        })
        .take(compliance.notes.len())
        .collect();
    let expected: Vec<String> = compliance
        .notes
        .iter()
        .map(|n| format!("{} {}", n.label, uprc::prose::inline_text(&n.content)))
        .collect();
    assert!(!expected.is_empty());
    assert!(expected[0].starts_with("a "), "{expected:?}");
    assert_eq!(after_table, expected);
}

#[test]
fn language_properties_and_links() {
    let output = build(&common::example());
    let bytes = output.docx.as_ref().unwrap();
    let file = docx_rust::DocxFile::from_reader(std::io::Cursor::new(bytes)).unwrap();
    let docx = file.parse().unwrap();
    // Every run that carries text carries the language.
    let mut runs = 0;
    for paragraph in paragraphs(&docx) {
        for content in &paragraph.content {
            if let ParagraphContent::Run(run) = content
                && run.content.iter().any(|c| matches!(c, RunContent::Text(_)))
            {
                runs += 1;
                let lang = run.property.as_ref().and_then(|p| p.lang.as_ref());
                assert_eq!(
                    lang.and_then(|l| l.val.as_deref()),
                    Some("en-GB"),
                    "{run:?}"
                );
            }
        }
    }
    assert!(runs > 100, "{runs}");
    match docx.core.as_ref().unwrap() {
        docx_rust::core::Core::CoreNamespace(core) => {
            assert_eq!(
                core.title.as_deref(),
                Some("Kazakhstan: the use of the judiciary to persecute political opponents")
            );
            assert_eq!(core.creator.as_deref(), Some("Open Dialog Foundation"));
            assert!(core.keywords.as_deref().unwrap().contains("fair trial"));
            assert_eq!(core.language.as_deref(), Some("en-GB"));
        }
        other => panic!("core properties without namespace: {other:?}"),
    }
    // A note's address is a real hyperlink, its relationship in the notes' part.
    let rels = part(bytes, "word/_rels/footnotes.xml.rels").unwrap();
    let rels = roxmltree::Document::parse(&rels).unwrap();
    let targets: Vec<(&str, &str)> = rels
        .descendants()
        .filter(|n| n.has_tag_name("Relationship"))
        .filter(|n| n.attribute("TargetMode") == Some("External"))
        .map(|n| (n.attribute("Id").unwrap(), n.attribute("Target").unwrap()))
        .collect();
    let notes = docx.footnotes.as_ref().unwrap();
    let first = notes.content.iter().find(|n| n.ty.is_none()).unwrap();
    let link = first
        .content
        .iter()
        .find_map(|c| match c {
            BodyContent::Paragraph(p) => p.content.iter().find_map(|c| match c {
                ParagraphContent::Link(link) => link.id.as_deref(),
                _ => None,
            }),
            _ => None,
        })
        .unwrap();
    let target = targets.iter().find(|(id, _)| *id == link).unwrap().1;
    assert_eq!(
        target,
        "http://2002.novayagazeta.ru/nomer/2002/48n/n48n-s13.shtml"
    );
    assert!(targets.len() >= 20, "{}", targets.len());

    // A4 with the PDF's text block, Times New Roman (Liberation Serif's
    // metrics), and page numbers as a PAGE field.
    let document = part(bytes, "word/document.xml").unwrap();
    let document = roxmltree::Document::parse(&document).unwrap();
    let size = document
        .descendants()
        .find(|n| n.has_tag_name((W, "pgSz")))
        .unwrap();
    assert_eq!(
        (size.attribute((W, "w")), size.attribute((W, "h"))),
        (Some("11906"), Some("16838"))
    );
    let margins = document
        .descendants()
        .find(|n| n.has_tag_name((W, "pgMar")))
        .unwrap();
    assert_eq!(margins.attribute((W, "left")), Some("2260"));
    let styles = part(bytes, "word/styles.xml").unwrap();
    let styles = roxmltree::Document::parse(&styles).unwrap();
    let fonts = styles
        .descendants()
        .find(|n| n.has_tag_name((W, "rFonts")))
        .unwrap();
    assert_eq!(fonts.attribute((W, "ascii")), Some("Times New Roman"));
    let footer = part(bytes, "word/footer1.xml").unwrap();
    let footer = roxmltree::Document::parse(&footer).unwrap();
    let fields: Vec<&str> = footer
        .descendants()
        .filter(|n| n.has_tag_name((W, "instrText")))
        .filter_map(|n| n.text())
        .collect();
    assert_eq!(fields, ["PAGE"]);
}

#[test]
fn two_builds_give_the_same_bytes() {
    let first = build(&common::example());
    let second = build(&common::example());
    assert_eq!(first.docx, second.docx);
    // A joint variant with links in the body (e-mail addresses) too.
    let folder = common::example();
    let options = || uprc::Options {
        docx: true,
        variant: Some("joint".into()),
        ..Default::default()
    };
    let a = common::expect_output(uprc::compile_with(&folder, options()), true);
    let b = common::expect_output(uprc::compile_with(&folder, options()), true);
    assert_eq!(a.docx, b.docx);
    assert_ne!(a.docx, first.docx);
}

#[test]
fn french_example_is_french_in_word_too() {
    let folder =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("submissions/slovenie-upr48");
    let options = uprc::Options {
        docx: true,
        ..Default::default()
    };
    // Its hints (recommendations not assessed) are expected.
    let output = common::expect_output(uprc::compile_with(&folder, options), true);
    let bytes = output.docx.as_ref().unwrap();
    let file = docx_rust::DocxFile::from_reader(std::io::Cursor::new(bytes)).unwrap();
    let docx = file.parse().unwrap();
    let word_notes = notes(&docx);
    let pdf_notes = common::note_lines(&output.layout);
    assert_eq!(word_notes.len(), pdf_notes.len());
    for (word, pdf) in word_notes.iter().zip(&pdf_notes) {
        assert_eq!(without_spaces(word), without_spaces(pdf));
    }
    let styles = part(bytes, "word/styles.xml").unwrap();
    let styles = roxmltree::Document::parse(&styles).unwrap();
    let default_lang = styles
        .descendants()
        .find(|n| n.has_tag_name((W, "rPrDefault")))
        .and_then(|n| n.descendants().find(|n| n.has_tag_name((W, "lang"))))
        .and_then(|n| n.attribute((W, "val")));
    assert_eq!(default_lang, Some("fr-FR"));
}

#[test]
fn endnotes_when_asked() {
    let dir = common::minimal_with(&[]);
    let folder = dir.path().join("sub");
    let submission = std::fs::read_to_string(folder.join("submission.toml")).unwrap();
    std::fs::write(
        folder.join("submission.toml"),
        format!("{submission}\n[layout]\nnotes = \"endnotes\"\n"),
    )
    .unwrap();
    let output = build(&folder);
    let bytes = output.docx.as_ref().unwrap();
    assert!(part(bytes, "word/footnotes.xml").is_none());
    let endnotes = part(bytes, "word/endnotes.xml").unwrap();
    let tree = roxmltree::Document::parse(&endnotes).unwrap();
    let notes = tree
        .descendants()
        .filter(|n| n.has_tag_name((W, "endnote")))
        .filter(|n| n.attribute((W, "type")).is_none())
        .count();
    assert_eq!(notes as u32, output.document.note_count);
    assert!(notes > 0);
    let document = part(bytes, "word/document.xml").unwrap();
    let tree = roxmltree::Document::parse(&document).unwrap();
    let references = tree
        .descendants()
        .filter(|n| n.has_tag_name((W, "endnoteReference")))
        .count();
    assert!(references >= notes);
}

use common::run_uprc as uprc;

#[test]
fn format_and_output_choose_the_files() {
    let dir = common::minimal_with(&[]);
    let root = dir.path();
    // Both, from one build, each reported as a record for tools.
    let (code, stdout, stderr) = uprc(
        root,
        &[
            "build",
            "sub",
            "--format",
            "pdf,docx",
            "--message-format",
            "json",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    let records: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .filter(|r: &serde_json::Value| r["type"] == "output")
        .collect();
    let formats: Vec<&str> = records
        .iter()
        .map(|r| r["format"].as_str().unwrap())
        .collect();
    assert_eq!(formats, ["pdf", "docx"]);
    assert_eq!(records[1]["path"], "sub.docx");
    assert!(records[1]["pages"].is_null());
    assert_eq!(records[0]["notes"], records[1]["notes"]);
    assert!(
        std::fs::read(root.join("sub.pdf"))
            .unwrap()
            .starts_with(b"%PDF")
    );
    let docx = std::fs::read(root.join("sub.docx")).unwrap();
    assert!(part(&docx, "word/document.xml").is_some());

    // The extension chooses.
    let (code, _, stderr) = uprc(root, &["build", "sub", "-o", "word/out.docx"]);
    assert_ne!(code, 0, "no such folder yet: {stderr}");
    std::fs::create_dir(root.join("word")).unwrap();
    let (code, _, stderr) = uprc(root, &["build", "sub", "-o", "word/out.docx"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("wrote word/out.docx ("), "{stderr}");
    assert!(!root.join("word/out.pdf").exists());
    let docx = std::fs::read(root.join("word/out.docx")).unwrap();
    let file = docx_rust::DocxFile::from_reader(std::io::Cursor::new(&docx)).unwrap();
    assert!(file.parse().is_ok());

    // A contradiction is a usage error that says how to fix it.
    let (code, _, stderr) = uprc(root, &["build", "sub", "-o", "x.pdf", "--format", "docx"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("use `-o x.docx`"), "{stderr}");
}

#[test]
fn check_counts_words_as_word_does() {
    let compilation = uprc::check_variant(&common::example(), None);
    let words = compilation.words.unwrap();
    let word = words.word.unwrap();
    let notes = words.notes().unwrap();
    assert!(!notes.counted);
    // The notes' words are the same whether uprc or Word counts them.
    assert_eq!(word.with_notes - word.body, notes.words);
    assert_eq!(notes.words, 172);
    // Word counts everything in the body: the first-page block, the
    // paragraph numbers and the compliance table too.
    let all: usize = words
        .sections
        .iter()
        .filter(|s| s.name != "Notes")
        .map(|s| s.words)
        .sum();
    assert!(word.body > all, "{} {all}", word.body);
    assert_eq!(words.total, 2714);

    // Counting the notes against the limit, as a reviewer counting in Word might.
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("kaz");
    common::copy_tree(&common::example(), &folder);
    let submission = std::fs::read_to_string(folder.join("submission.toml")).unwrap();
    let submission = submission.replacen("[word_count]\n", "[word_count]\nnotes = true\n", 1);
    let submission = if submission.contains("notes = true") {
        submission
    } else {
        format!("{submission}\n[word_count]\nnotes = true\n")
    };
    std::fs::write(folder.join("submission.toml"), submission).unwrap();
    let compilation = uprc::check_variant(&folder, None);
    assert_eq!(compilation.words.as_ref().unwrap().total, 2714 + 172);
    let over: Vec<String> = common::short_diagnostics(&compilation, &folder);
    assert!(
        over.iter()
            .any(|d| d.contains("the submission has 2886 words, over the limit of 2815")),
        "{over:?}"
    );
}

#[test]
fn matrix_as_a_word_table() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("matrix.docx");
    let folder =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("submissions/slovenie-upr48");
    let (code, _, stderr) = uprc(
        dir.path(),
        &[
            "matrix",
            folder.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    let bytes = std::fs::read(&out).unwrap();
    let file = docx_rust::DocxFile::from_reader(std::io::Cursor::new(&bytes)).unwrap();
    let docx = file.parse().unwrap();
    let table = docx
        .document
        .body
        .content
        .iter()
        .find_map(|c| match c {
            BodyContent::Table(t) => Some(t),
            _ => None,
        })
        .unwrap();
    let first_cell = |row: &docx_rust::document::TableRow| -> String {
        match &row.cells[0] {
            TableRowContent::TableCell(cell) => cell.iter_text().map(|t| t.to_string()).collect(),
            _ => String::new(),
        }
    };
    assert!(table.rows[0].property.table_header.is_some());
    assert_eq!(first_cell(&table.rows[0]), "No.");
    let (themes, recommendations): (Vec<String>, Vec<String>) = table.rows[1..]
        .iter()
        .map(first_cell)
        .partition(|text| text.starts_with("Theme: "));
    // Every recommendation of the 3rd-cycle list (UPR34: 215), under its themes.
    assert_eq!(recommendations.len(), 215);
    assert!(recommendations.contains(&"121.1".to_string()));
    assert!(!themes.is_empty());
    assert!(stderr.contains("215 recommendations"), "{stderr}");
}

#[test]
fn same_number_repeats_are_cross_references_to_the_first_note() {
    const CASE: &str = "kind = \"case\"\ntitle = \"Case of A\"\n\n[[part]]\nheading = \"Facts\"\ntext = \"\"\"\nFirst.[^src-a]\n\nAgain.[^src-a] Other.[^src-b] First again.[^src-a]\"\"\"\n";
    let submission = std::fs::read_to_string(common::minimal().join("submission.toml")).unwrap()
        + "\n[layout]\nrepeated_sources = \"same-number\"\n";
    let dir = common::minimal_with(&[("submission.toml", &submission), ("cases/one.toml", CASE)]);
    let options = uprc::Options {
        docx: true,
        ..Default::default()
    };
    // A chapter with one part is warned about; that is not what is tested here.
    let output = common::expect_output(uprc::compile_with(&dir.path().join("sub"), options), true);
    let bytes = output.docx.as_ref().unwrap();
    let file = docx_rust::DocxFile::from_reader(std::io::Cursor::new(bytes)).unwrap();
    let docx = file.parse().unwrap();
    assert_eq!(
        notes(&docx),
        [
            "1 Alpha Watch, https://example.org/a.",
            "2 Beta News, “A report”."
        ]
    );
    // Two real notes; the repeats of note 1 are NOTEREF fields to a bookmark
    // around its first mark, printing "1" until Word updates them.
    let xml = part(bytes, "word/document.xml").unwrap();
    let tree = roxmltree::Document::parse(&xml).unwrap();
    let references = tree
        .descendants()
        .filter(|n| n.has_tag_name((W, "footnoteReference")))
        .count();
    assert_eq!(references, 2);
    let fields: Vec<String> = tree
        .descendants()
        .filter(|n| n.has_tag_name((W, "instrText")))
        .filter_map(|n| n.text().map(|t| t.trim().to_string()))
        .collect();
    assert_eq!(
        fields,
        ["NOTEREF _RefNote1 \\f \\h", "NOTEREF _RefNote1 \\f \\h"]
    );
    let bookmarks: Vec<&str> = tree
        .descendants()
        .filter(|n| n.has_tag_name((W, "bookmarkStart")))
        .filter_map(|n| n.attribute((W, "name")))
        .collect();
    assert_eq!(bookmarks, ["_RefNote1", "_RefNote2"]);
}

/// Word drops or repairs property children out of the schema's order (a
/// run's `w:b` after its `w:sz`), LibreOffice does not: checked here.
#[test]
fn properties_are_in_the_order_word_requires() {
    let output = build(&common::example());
    let bytes = output.docx.as_ref().unwrap();
    // (parent, earlier child, later child) pairs from ECMA-376.
    let rules = [
        ("rPr", "rFonts", "b"),
        ("rPr", "b", "i"),
        ("rPr", "i", "sz"),
        ("rPr", "sz", "vertAlign"),
        ("rPr", "vertAlign", "lang"),
        ("rPr", "sz", "lang"),
        ("pPr", "pStyle", "keepNext"),
        ("pPr", "pStyle", "jc"),
        ("pPr", "spacing", "ind"),
        ("pPr", "ind", "jc"),
        ("pPr", "jc", "outlineLvl"),
        ("pPr", "tabs", "spacing"),
        ("pPr", "jc", "rPr"),
        ("pPr", "pStyle", "rPr"),
        ("tblPr", "tblLayout", "tblCellMar"),
        ("tblPr", "tblBorders", "tblLayout"),
        ("sectPr", "headerReference", "pgSz"),
        ("sectPr", "footerReference", "pgMar"),
        ("sectPr", "pgMar", "titlePg"),
        ("style", "basedOn", "pPr"),
        ("style", "next", "qFormat"),
        ("style", "pPr", "rPr"),
        ("settings", "zoom", "defaultTabStop"),
        ("settings", "defaultTabStop", "footnotePr"),
    ];
    let mut checked = 0;
    for name in [
        "word/document.xml",
        "word/styles.xml",
        "word/settings.xml",
        "word/footnotes.xml",
    ] {
        let xml = part(bytes, name).unwrap();
        let tree = roxmltree::Document::parse(&xml).unwrap();
        for parent in tree.descendants().filter(|n| n.is_element()) {
            let children: Vec<&str> = parent
                .children()
                .filter(|c| c.is_element())
                .map(|c| c.tag_name().name())
                .collect();
            for (container, earlier, later) in rules {
                if parent.tag_name().name() != container {
                    continue;
                }
                let first = children.iter().position(|c| *c == earlier);
                let second = children.iter().rposition(|c| *c == later);
                if let (Some(first), Some(second)) = (first, second) {
                    checked += 1;
                    assert!(first < second, "{name}: {container} has {children:?}");
                }
            }
        }
    }
    assert!(checked > 300, "{checked}");
}
