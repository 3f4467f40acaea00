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
