// The fuzzing harnesses, shared by the cargo-fuzz targets in fuzz_targets/
// and by tests/suite/fuzz_corpus.rs, which replays the committed corpus and crash
// reproducers as ordinary tests. Included with `include!`, so no `use` of
// crate-relative paths here.

/// The minimal submission every input is applied to.
const MINIMAL: [(&str, &str); 5] = [
    ("submission.toml", include_str!("../tests/fixtures/minimal/submission.toml")),
    ("cases/one.toml", include_str!("../tests/fixtures/minimal/cases/one.toml")),
    ("sources.toml", include_str!("../tests/fixtures/minimal/sources.toml")),
    ("previous.toml", include_str!("../tests/fixtures/minimal/previous.toml")),
    ("assessment.toml", include_str!("../tests/fixtures/minimal/assessment.toml")),
];

/// Files `load_check` can replace, chosen by the input's first byte.
const FUZZED_FILES: [&str; 6] = [
    "submission.toml",
    "cases/one.toml",
    "sources.toml",
    "previous.toml",
    "assessment.toml",
    "variants/v.toml",
];

fn minimal_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir_in("/dev/shm").or_else(|_| tempfile::tempdir()).expect("a temporary folder");
    for (path, text) in MINIMAL {
        let target = dir.path().join(path);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(target, text).unwrap();
    }
    dir
}

/// Loading and checking a folder one of whose files is arbitrary bytes, and
/// rendering every diagnostic, as `uprc check` does. Must never panic.
pub fn load_check(data: &[u8]) {
    let Some((&which, content)) = data.split_first() else { return };
    let dir = minimal_folder();
    let file = FUZZED_FILES[which as usize % FUZZED_FILES.len()];
    let target = dir.path().join(file);
    std::fs::create_dir_all(target.parent().unwrap()).unwrap();
    std::fs::write(target, content).unwrap();
    let variant = (file == "variants/v.toml").then_some("v");
    let compilation = uprc::check_variant(dir.path(), variant);
    let _ = uprc::diag::render_all(&compilation.diagnostics, &compilation.files);
    for diagnostic in &compilation.diagnostics {
        let _ = diagnostic.short(&compilation.files);
    }
}

/// Arbitrary text as the title and body of a chapter, through lowering,
/// typesetting and PDF export. Must never panic, and the template must never
/// fail on data: only the checks may reject it.
pub fn prose_typeset(text: &str) {
    let dir = minimal_folder();
    // TOML's own serialiser carries the text intact.
    let mut chapter = toml::Table::new();
    chapter.insert("kind".into(), "case".into());
    chapter.insert("title".into(), text.chars().take(200).collect::<String>().into());
    chapter.insert("text".into(), format!("{text} [^src-a][^src-b]").into());
    std::fs::write(dir.path().join("cases/one.toml"), toml::to_string(&chapter).unwrap()).unwrap();
    // Every source the text cites exists, so citations reach the template too.
    let mut sources: toml::Table = toml::from_str(MINIMAL[2].1).unwrap();
    for key in uprc::prose::citations(&uprc::prose::parse(text)) {
        let mut source = toml::Table::new();
        source.insert("publisher".into(), key.into());
        sources.insert(key.to_string(), source.into());
    }
    std::fs::write(dir.path().join("sources.toml"), toml::to_string(&sources).unwrap()).unwrap();
    let compilation = uprc::compile(dir.path());
    let report = uprc::diag::render_all(&compilation.diagnostics, &compilation.files);
    if compilation.output.is_none() {
        let template_failed = compilation
            .diagnostics
            .iter()
            .any(|d| d.is_error() && !matches!(d.location, uprc::diag::Location::Span(id, _) if compilation.files.name(id).ends_with(".toml")));
        assert!(!template_failed, "the template failed on data:\n{report}");
    }
}

/// Decisions drawn from bytes (a fuzzer's input, or a property test's), so
/// the same generator serves both and shrinking the bytes shrinks the text.
pub struct Choices<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Choices<'a> {
    pub fn new(bytes: &'a [u8]) -> Self {
        Choices { bytes, at: 0 }
    }

    /// A number below `n` (0 once the bytes run out).
    fn below(&mut self, n: usize) -> usize {
        let byte = self.bytes.get(self.at).copied().unwrap_or(0);
        self.at += 1;
        byte as usize % n.max(1)
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    fn exhausted(&self) -> bool {
        self.at >= self.bytes.len()
    }
}

/// Prose generated for the no-text-lost invariant: the Markdown, and what a
/// reader must find on the page.
pub struct GeneratedProse {
    /// `en`, `fr`, `es` or `ru`.
    pub language: &'static str,
    pub markdown: String,
    /// Every visible character in order, without whitespace (marks excluded).
    pub expected: String,
    /// Number of citations written.
    pub citations: usize,
}

const SOURCE_KEYS: [&str; 4] = ["src-a", "src-b", "src-c", "src-d"];

/// Random Markdown prose built from words, punctuation, emphasis, strong,
/// links, code, quotation marks, lists, block quotes and citations (written
/// before or after punctuation), in one of the four languages.
pub fn generate_prose(choices: &mut Choices<'_>) -> GeneratedProse {
    let (language, words): (&'static str, &[&str]) = match choices.below(4) {
        0 => ("en", &["court", "judge", "arrested", "rights", "trial", "press", "freedom", "State’s"]),
        1 => ("fr", &["tribunal", "détenu", "liberté", "défenseur", "l’État", "procès", "été", "ça"]),
        2 => ("es", &["tribunal", "detenido", "derechos", "periodista", "año", "¿dónde", "acción", "niño"]),
        _ => ("ru", &["суд", "свобода", "журналист", "арест", "права", "приговор", "ещё", "слова"]),
    };
    let mut out = GeneratedProse {
        language,
        markdown: String::new(),
        expected: String::new(),
        citations: 0,
    };
    let blocks = 1 + choices.below(4);
    for block in 0..blocks {
        if block > 0 {
            out.markdown.push_str("\n\n");
        }
        match choices.below(5) {
            0 => {
                for item in 0..2 + choices.below(2) {
                    if item > 0 {
                        out.markdown.push('\n');
                    }
                    out.markdown.push_str("- ");
                    paragraph(choices, words, &mut out, 4);
                }
            }
            1 => {
                for item in 0..2 + choices.below(2) {
                    if item > 0 {
                        out.markdown.push('\n');
                    }
                    out.markdown.push_str(&format!("{}. ", item + 1));
                    paragraph(choices, words, &mut out, 4);
                }
            }
            2 => {
                out.markdown.push_str("> ");
                paragraph(choices, words, &mut out, 8);
            }
            _ => paragraph(choices, words, &mut out, 16),
        }
        if choices.exhausted() {
            break;
        }
    }
    out
}

/// One paragraph of up to `max_items` items on one line.
fn paragraph(choices: &mut Choices<'_>, words: &[&str], out: &mut GeneratedProse, max_items: usize) {
    let visible = |out: &mut GeneratedProse, markdown: &str, text: &str| {
        out.markdown.push_str(markdown);
        out.expected.extend(text.chars().filter(|c| !c.is_whitespace()));
    };
    // Every paragraph starts with a word, so no line starts like Markdown syntax.
    let first = choices.pick(words);
    visible(out, first, first);
    let items = 1 + choices.below(max_items);
    for _ in 0..items {
        match choices.below(12) {
            0..=3 => {
                let word = choices.pick(words);
                visible(out, &format!(" {word}"), word);
            }
            4 => {
                let p = choices.pick(&[".", ",", ";", ":", "!", "?", "…"]);
                visible(out, p, p);
            }
            5 => {
                let (open, close) = choices.pick(&[("(", ")"), ("“", "”"), ("«\u{a0}", "\u{a0}»"), ("„", "“")]);
                let word = choices.pick(words);
                let text = format!(" {open}{word}{close}");
                visible(out, &text, &text);
            }
            6 => {
                let (mark, word) = (choices.pick(&["*", "**", "_"]), choices.pick(words));
                visible(out, &format!(" {mark}{word}{mark}"), word);
            }
            7 => {
                let word = choices.pick(words);
                visible(out, &format!(" [{word}](https://example.org/{})", choices.below(9)), word);
            }
            8 => {
                let word = choices.pick(words);
                visible(out, &format!(" `{word}`"), word);
            }
            _ => {
                // A citation, typed after or before punctuation; sometimes two at one point.
                let punctuation = choices.pick(&["", ".", ",", ";", ":"]);
                let cites = 1 + choices.below(2);
                let marks: String = (0..cites)
                    .map(|_| {
                        let key = choices.pick(&SOURCE_KEYS);
                        // Every syntax of a note: Markdown's, Pandoc's with a
                        // locator or several sources, and a free-text note.
                        match choices.below(5) {
                            0 => format!("[^{key}]"),
                            1 => format!("[@{key}]"),
                            2 => format!("[@{key}, p. {}]", 1 + choices.below(40)),
                            3 => format!("[see @{key}, para. 2; see also @{}]", choices.pick(&SOURCE_KEYS)),
                            _ => format!("^[A note of our own on @{key}, p. 3.]"),
                        }
                    })
                    .collect();
                out.citations += cites;
                if choices.below(2) == 0 {
                    visible(out, &format!("{punctuation}{marks}"), punctuation);
                } else {
                    visible(out, &format!("{marks}{punctuation}"), punctuation);
                }
            }
        }
    }
}

/// The no-text-lost invariant: the generated prose, as the only chapter of
/// a submission in its language, comes out of layout with every word and
/// punctuation character in order, and one note mark per citation,
/// numbered 1, 2, 3… in reading order.
pub fn prose_invariant(data: &[u8]) {
    let generated = generate_prose(&mut Choices::new(data));
    let dir = minimal_folder();
    let submission = MINIMAL[0]
        .1
        .replace("language = \"en\"", &format!("language = \"{}\"", generated.language))
        .replace("assessment = \"assessment.toml\"\n", "");
    std::fs::write(dir.path().join("submission.toml"), submission).unwrap();
    let mut chapter = toml::Table::new();
    chapter.insert("kind".into(), "case".into());
    chapter.insert("title".into(), "Zzgen".into());
    chapter.insert("text".into(), generated.markdown.clone().into());
    std::fs::write(dir.path().join("cases/one.toml"), toml::to_string(&chapter).unwrap()).unwrap();
    let sources: String = SOURCE_KEYS
        .iter()
        .map(|key| format!("[{key}]\npublisher = \"Publisher {key}\"\n\n"))
        .collect();
    std::fs::write(dir.path().join("sources.toml"), sources).unwrap();

    let compilation = uprc::compile(dir.path());
    let report = uprc::diag::render_all(&compilation.diagnostics, &compilation.files);
    let output = compilation
        .output
        .unwrap_or_else(|| panic!("{}\n{report}", generated.markdown));
    let runs = uprc::inspect::text_runs(&output.layout);
    let start = runs
        .iter()
        .position(|r| r.text.contains("Zzgen"))
        .expect("the chapter heading");
    let is_marker = |text: &str| {
        let t = text.trim();
        t == "–"
            || (t.starts_with('(') && t.ends_with(')') && {
                // "(a)" … "(z)", or Roman "(iv)": the vocabulary has no such word.
                let label = &t[1..t.len() - 1];
                label.len() == 1 && label.chars().all(|c| c.is_ascii_lowercase())
                    || !label.is_empty() && label.chars().all(|c| "ivxlc".contains(c))
            })
            || (t.ends_with('.') && t[..t.len() - 1].chars().all(|c| c.is_ascii_digit()) && t.len() > 1)
    };
    let body: String = runs[start + 1..]
        .iter()
        .filter(|r| (r.size - 10.0).abs() < 0.01 && !is_marker(&r.text))
        .flat_map(|r| r.text.chars())
        .filter(|c| !c.is_whitespace())
        .collect();
    assert_eq!(
        body, generated.expected,
        "text lost or reordered ({}):\n{}",
        generated.language, generated.markdown
    );
    let marks: Vec<u32> = runs[start + 1..]
        .iter()
        .filter(|r| (r.size - 6.5).abs() < 0.05)
        .filter_map(|r| r.text.trim().parse().ok())
        .collect();
    let expected_marks: Vec<u32> = (1..=generated.citations as u32).collect();
    assert_eq!(
        marks, expected_marks,
        "one mark per citation ({}):\n{}",
        generated.language, generated.markdown
    );
}
