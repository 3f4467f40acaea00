//! Stage 1, load: read `submission.toml` and every file it names, each
//! validated against its schema, into a [`Model`] that remembers where every
//! value came from. All problems of all files are collected, not just the first.

use std::path::{Path, PathBuf};

use schemars::JsonSchema;
use serde::de::DeserializeOwned;

use crate::diag::{Diagnostic, FileId, SourceFiles};
use crate::model::{
    AssessmentFile, ChapterFile, PreviousCycleFile, Select, SourcesFile, SubmissionFile,
};
use crate::sandbox::resolve_inside;
use crate::schema;
use crate::spans::SpanIndex;

/// The name of the main file of a submission folder.
pub const SUBMISSION_FILE: &str = "submission.toml";

/// Largest file uprc reads; anything bigger is not a hand-written data file.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// A typed file with its position information.
#[derive(Debug)]
pub struct Loaded<T> {
    /// Which file (for diagnostics).
    pub file: FileId,
    /// Path relative to the submission folder, as written in `submission.toml`.
    pub path: String,
    /// The typed content.
    pub value: T,
    /// Where each value is in the file.
    pub spans: SpanIndex,
    /// The content as JSON, for checks that walk every value.
    pub json: serde_json::Value,
}

impl<T> Loaded<T> {
    /// The file and byte range of the value at `pointer` (which may come
    /// from a variant laid over this file).
    pub fn value_at(&self, pointer: &str) -> (FileId, std::ops::Range<usize>) {
        (self.spans.file_at(pointer), self.spans.value(pointer))
    }

    /// The file and byte range of the key naming the value at `pointer`.
    pub fn key_at(&self, pointer: &str) -> (FileId, std::ops::Range<usize>) {
        (self.spans.file_at(pointer), self.spans.key(pointer))
    }
}

/// A chapter file together with the id evidence refers to it by.
#[derive(Debug)]
pub struct Chapter {
    /// Id: the explicit `id`, else the file name without `.toml`.
    pub id: String,
    /// Position in `[content] chapters`.
    pub index: usize,
    /// The file.
    pub file: Loaded<ChapterFile>,
}

/// A whole submission as read from its folder.
#[derive(Debug)]
pub struct Model {
    /// The submission folder, canonicalised.
    pub folder: PathBuf,
    /// The variant laid over `submission.toml`, if any.
    pub variant: Option<String>,
    /// `submission.toml`.
    pub submission: Loaded<SubmissionFile>,
    /// Chapters in print order.
    pub chapters: Vec<Chapter>,
    /// Chapters the variant leaves out.
    pub left_out: Vec<Chapter>,
    /// The sources registry.
    pub sources: Loaded<SourcesFile>,
    /// Previous cycle's recommendations.
    pub previous: Loaded<PreviousCycleFile>,
    /// The organisation's assessment, if the submission has one.
    pub assessment: Option<Loaded<AssessmentFile>>,
    /// False when a chapter or the assessment had errors and is missing
    /// here: the other files are still checked, but not what needs them all
    /// (uncited sources, evidence, the word count), and nothing is built.
    pub complete: bool,
}

impl Model {
    /// Paths of every data file of the submission, relative to its folder.
    pub fn source_paths(&self) -> Vec<String> {
        let mut paths = vec![self.submission.path.clone()];
        paths.extend(self.variant.as_deref().map(variant_path));
        paths.extend(self.chapters.iter().map(|c| c.file.path.clone()));
        paths.push(self.sources.path.clone());
        paths.push(self.previous.path.clone());
        paths.extend(self.assessment.iter().map(|a| a.path.clone()));
        paths
    }
}

/// Result of loading: the files read (for rendering diagnostics), the model
/// if every file loaded, and the problems found.
pub struct LoadResult {
    /// Every file read.
    pub files: SourceFiles,
    /// The model, when `submission.toml`, the sources and the recommendations
    /// loaded (see [`Model::complete`]).
    pub model: Option<Model>,
    /// Problems found, errors and warnings.
    pub diagnostics: Vec<Diagnostic>,
    /// Every path read or looked for (for `watch`), resolved inside the folder.
    pub inputs: Vec<PathBuf>,
}

/// The folder of a submission's variant files.
pub const VARIANTS_FOLDER: &str = "variants";

/// `variants/<name>.toml`, relative to the submission folder.
pub fn variant_path(name: &str) -> String {
    format!("{VARIANTS_FOLDER}/{name}.toml")
}

/// Names of the variants of a submission (`variants/<name>.toml`), sorted.
pub fn variant_names(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(folder.join(VARIANTS_FOLDER))
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "toml"))
                .filter_map(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// The JSON Schema of a variant file: any key of `submission.toml`, none
/// required, plus `[select]`.
pub fn variant_schema() -> serde_json::Value {
    let mut schema = schema::overlay_schema(schema::schema_of::<SubmissionFile>());
    let mut select = schema::schema_of::<Select>();
    if let Some(map) = select.as_object_mut() {
        map.remove("$schema");
        map.remove("title");
    }
    schema["properties"]["select"] = select;
    schema["title"] = "Variant".into();
    schema["description"] =
        "A variant of a submission: the keys of submission.toml it changes, and the chapters it prints.".into();
    schema
}

/// Loads a submission folder, with a variant laid over it if one is named.
pub fn load_variant(folder: &Path, variant: Option<&str>) -> LoadResult {
    let mut loader = Loader {
        files: SourceFiles::default(),
        diagnostics: Vec::new(),
        inputs: Vec::new(),
    };
    let model = loader.load(folder, variant);
    LoadResult {
        files: loader.files,
        model,
        diagnostics: loader.diagnostics,
        inputs: loader.inputs,
    }
}

/// Loads a submission folder.
pub fn load(folder: &Path) -> LoadResult {
    load_variant(folder, None)
}

struct Loader {
    files: SourceFiles,
    diagnostics: Vec<Diagnostic>,
    inputs: Vec<PathBuf>,
}

impl Loader {
    fn load(&mut self, folder: &Path, variant: Option<&str>) -> Option<Model> {
        let folder = self.open_folder(folder)?;
        let (submission, select) = self.read_validated_submission(&folder, variant)?;
        let mut chapters = self.read_chapters(&folder, &submission);
        let all_chapters_loaded = chapters.len() == submission.value.content.chapters.len();
        let left_out = match &select {
            Some(select) if all_chapters_loaded => {
                self.select(&submission, select, &mut chapters)?
            }
            _ => Vec::new(),
        };
        let content = &submission.value.content;
        let sources = self.read_sources(&folder, &submission);
        let previous = self.read_named::<PreviousCycleFile>(
            &folder,
            &submission.spans,
            "/previous/recommendations",
            &submission.value.previous.recommendations,
        );
        let assessment = content.assessment.as_ref().map(|path| {
            self.read_named::<AssessmentFile>(
                &folder,
                &submission.spans,
                "/content/assessment",
                path,
            )
        });
        // Without the sources or the recommendations little can be checked
        // across files; without a chapter or the assessment, most can.
        let (Some(sources), Some(previous)) = (sources, previous) else {
            return None;
        };
        let complete = all_chapters_loaded && assessment.as_ref().is_none_or(Option::is_some);
        Some(Model {
            folder,
            variant: variant.map(str::to_string),
            submission,
            chapters,
            left_out,
            sources,
            previous,
            assessment: assessment.flatten(),
            complete,
        })
    }

    /// The sources file: `sources.toml`, or a Zotero export (CSL JSON,
    /// BibTeX, BibLaTeX) read into the same sources.
    fn read_sources(
        &mut self,
        folder: &Path,
        submission: &Loaded<SubmissionFile>,
    ) -> Option<Loaded<SourcesFile>> {
        let path = &submission.value.content.sources;
        let pointer = "/content/sources";
        if !crate::bibliography::is_export(path) {
            return self.read_named::<SourcesFile>(folder, &submission.spans, pointer, path);
        }
        let named_at = (
            submission.spans.file_at(pointer),
            submission.spans.value(pointer),
        );
        let (file, text) = self.read_file_text(folder, path, Some(named_at))?;
        let words = crate::lang::words(submission.value.submission.language);
        let read = self.keep(crate::bibliography::read(file, path, &text, words))?;
        Some(Loaded {
            file,
            path: path.clone(),
            json: serde_json::to_value(&read.sources).unwrap_or_default(),
            value: read.sources,
            spans: read.spans,
        })
    }

    /// The submission folder, canonical, or why it cannot be used.
    fn open_folder(&mut self, folder: &Path) -> Option<PathBuf> {
        match folder.canonicalize() {
            Ok(path) if path.is_dir() => Some(path),
            Ok(_) => {
                self.diagnostics.push(
                    Diagnostic::path_error(
                        folder.display().to_string(),
                        "expected a submission folder, found a file",
                    )
                    .with_help(format!("pass the folder that contains `{SUBMISSION_FILE}`")),
                );
                None
            }
            Err(error) => {
                self.diagnostics.push(Diagnostic::path_error(
                    folder.display().to_string(),
                    format!("cannot open the submission folder: {error}"),
                ));
                None
            }
        }
    }

    /// `submission.toml` (with the variant laid over it) checked against its
    /// schema, and the variant's `[select]`. When it has errors, the files it
    /// names are still checked, so one run reports every file's problems.
    fn read_validated_submission(
        &mut self,
        folder: &Path,
        variant: Option<&str>,
    ) -> Option<(Loaded<SubmissionFile>, Option<Select>)> {
        let (parsed, select) = self.read_submission(folder, variant)?;
        let raw = (parsed.json.clone(), parsed.spans.clone());
        let file = parsed.spans.file_at("");
        let Some(validated) = self.keep(schema::validate::<SubmissionFile>(
            &schema::compiled_for::<SubmissionFile>(),
            parsed,
        )) else {
            self.check_named_files(folder, &raw.0, &raw.1);
            return None;
        };
        let submission = Loaded {
            file,
            path: SUBMISSION_FILE.into(),
            value: validated.value,
            spans: validated.spans,
            json: validated.json,
        };
        Some((submission, select))
    }

    /// The chapter files that load, in print order.
    fn read_chapters(
        &mut self,
        folder: &Path,
        submission: &Loaded<SubmissionFile>,
    ) -> Vec<Chapter> {
        let mut chapters = Vec::new();
        for (i, path) in submission.value.content.chapters.iter().enumerate() {
            let pointer = format!("/content/chapters/{i}");
            if let Some(file) =
                self.read_named::<ChapterFile>(folder, &submission.spans, &pointer, path)
            {
                let id = file.value.id.clone().unwrap_or_else(|| file_stem(path));
                chapters.push(Chapter { id, index: i, file });
            }
        }
        chapters
    }

    /// Reads `submission.toml`, with `variants/<variant>.toml` laid over it:
    /// tables merge key by key, values and arrays replace. The variant is
    /// checked against its own schema first, so its mistakes are reported at
    /// its own lines. Returns the merged document, not yet validated.
    fn read_submission(
        &mut self,
        folder: &Path,
        variant: Option<&str>,
    ) -> Option<(schema::Parsed, Option<Select>)> {
        let base = self.read_parsed(folder, SUBMISSION_FILE, None)?;
        let Some(name) = variant else {
            return Some((base, None));
        };
        if !crate::sandbox::is_variant_name(name) {
            self.diagnostics.push(
                Diagnostic::path_error(
                    display_name(folder, VARIANTS_FOLDER),
                    format!("`{name}` cannot name a variant"),
                )
                .with_help("a variant is `variants/<name>.toml`, its name made of letters, digits, `-`, `_` and `.`"),
            );
            return None;
        }
        let overlay = self.read_parsed(folder, &variant_path(name), None)?;
        let overlay = self.keep(schema::validate::<serde_json::Value>(
            &schema::compiled("variant", variant_schema),
            overlay,
        ))?;
        let mut patch = overlay.value;
        let select = patch
            .as_object_mut()
            .and_then(|m| m.remove("select"))
            .and_then(|select| serde_json::from_value::<Select>(select).ok())
            .unwrap_or_default();
        let schema::Parsed {
            mut json,
            mut spans,
        } = base;
        schema::merge(&mut json, patch);
        spans.overlay(overlay.spans);
        Some((schema::Parsed { json, spans }, Some(select)))
    }

    /// When `submission.toml` itself has errors, the files it names are still
    /// read and checked, so one run reports the problems of every file.
    fn check_named_files(&mut self, folder: &Path, json: &serde_json::Value, spans: &SpanIndex) {
        let text = |pointer: &str| {
            json.pointer(pointer)
                .and_then(serde_json::Value::as_str)
                .map(str::to_string)
        };
        if let Some(chapters) = json
            .pointer("/content/chapters")
            .and_then(serde_json::Value::as_array)
        {
            for (i, path) in chapters.iter().enumerate() {
                if let Some(path) = path.as_str() {
                    self.read_named::<ChapterFile>(
                        folder,
                        spans,
                        &format!("/content/chapters/{i}"),
                        path,
                    );
                }
            }
        }
        if let Some(path) = text("/content/sources") {
            self.read_named::<SourcesFile>(folder, spans, "/content/sources", &path);
        }
        if let Some(path) = text("/content/assessment") {
            self.read_named::<AssessmentFile>(folder, spans, "/content/assessment", &path);
        }
        if let Some(path) = text("/previous/recommendations") {
            self.read_named::<PreviousCycleFile>(folder, spans, "/previous/recommendations", &path);
        }
    }

    /// Keeps a result's value, or its diagnostics.
    fn keep<T>(&mut self, result: Result<T, Vec<Diagnostic>>) -> Option<T> {
        result
            .map_err(|diagnostics| self.diagnostics.extend(diagnostics))
            .ok()
    }

    /// Reads and parses a TOML file of the folder (no schema yet). Problems
    /// reading it are reported at `named_at`, the path field naming the file,
    /// when there is one.
    fn read_parsed(
        &mut self,
        folder: &Path,
        relative: &str,
        named_at: Option<(FileId, std::ops::Range<usize>)>,
    ) -> Option<schema::Parsed> {
        let (file, _) = self.read_file_text(folder, relative, named_at)?;
        self.keep(schema::parse_toml(file, self.files.text(file)))
    }

    /// Reads a text file of the folder through the sandbox and registers it
    /// for diagnostics; problems reading it are reported at `named_at`, the
    /// path field naming the file, when there is one.
    fn read_file_text(
        &mut self,
        folder: &Path,
        relative: &str,
        named_at: Option<(FileId, std::ops::Range<usize>)>,
    ) -> Option<(FileId, String)> {
        let name = display_name(folder, relative);
        let at = |message: String| match &named_at {
            Some((file, span)) => Diagnostic::error(*file, span.clone(), message),
            None => Diagnostic::path_error(name.clone(), message),
        };
        let path = match resolve_inside(folder, relative) {
            Ok(path) => path,
            Err(problem) => {
                let diagnostic = at(problem.message(relative)).with_help(problem.help());
                self.diagnostics.push(diagnostic);
                return None;
            }
        };
        self.inputs.push(path.clone());
        if path.is_dir() {
            self.diagnostics.push(
                at(format!("`{relative}` is a folder, expected a TOML file"))
                    .with_help("name the file inside it, e.g. `cases/name.toml`"),
            );
            return None;
        }
        if named_at.is_some() && !path.exists() {
            let diagnostic = at(format!("file not found: `{relative}`"))
                .with_optional_help(suggest_file(folder, relative));
            self.diagnostics.push(diagnostic);
            return None;
        }
        let text = match read_text(&path) {
            Ok(text) => text,
            Err(ReadError::NotUtf8 { lossy, offset }) => {
                let file = self.files.add(name, lossy);
                self.diagnostics.push(
                    Diagnostic::error(file, offset..offset + 1, "the file is not UTF-8 text")
                        .with_label("not a UTF-8 character")
                        .with_help("save the file as UTF-8 (in Word: Save As, Plain Text, encoding Unicode (UTF-8))"),
                );
                return None;
            }
            Err(ReadError::Other(message)) => {
                let diagnostic = at(format!("`{relative}`: {message}"));
                self.diagnostics.push(match named_at {
                    Some(_) => diagnostic,
                    None => Diagnostic::path_error(name, message),
                });
                return None;
            }
        };
        let file = self.files.add(name, text.clone());
        Some((file, text))
    }

    /// Applies a variant's `[select]`: keeps the chapters it includes (all,
    /// when it names none), drops those it excludes; returns the ids left out.
    fn select(
        &mut self,
        submission: &Loaded<SubmissionFile>,
        select: &Select,
        chapters: &mut Vec<Chapter>,
    ) -> Option<Vec<Chapter>> {
        let matches = |chapter: &Chapter, entry: &str| match entry.strip_prefix("tag:") {
            Some(tag) => chapter.file.value.tags.iter().any(|t| t == tag),
            None => chapter.id == entry,
        };
        let mut ok = true;
        for (list, entries) in [("include", &select.include), ("exclude", &select.exclude)] {
            for (i, entry) in entries.iter().enumerate() {
                if !chapters.iter().any(|c| matches(c, entry)) {
                    let (file, span) = submission.value_at(&format!("/select/{list}/{i}"));
                    let ids: Vec<&str> = chapters.iter().map(|c| c.id.as_str()).collect();
                    let diagnostic =
                        Diagnostic::error(file, span, format!("`{entry}` matches no chapter"))
                            .with_help(
                                match crate::diag::did_you_mean(entry, ids.iter().copied()) {
                                    Some(best) => format!("did you mean `{best}`?"),
                                    None => format!(
                                        "name chapters by id ({}) or by `tag:name`",
                                        ids.join(", ")
                                    ),
                                },
                            );
                    self.diagnostics.push(diagnostic);
                    ok = false;
                }
            }
        }
        if !ok {
            return None;
        }
        let (kept, left_out): (Vec<Chapter>, Vec<Chapter>) =
            std::mem::take(chapters).into_iter().partition(|chapter| {
                let included =
                    select.include.is_empty() || select.include.iter().any(|e| matches(chapter, e));
                let excluded = select.exclude.iter().any(|e| matches(chapter, e));
                included && !excluded
            });
        *chapters = kept;
        Some(left_out)
    }

    /// Reads a file named by a path field of `submission.toml`, reporting a
    /// bad or missing path at that field.
    fn read_named<T: DeserializeOwned + JsonSchema>(
        &mut self,
        folder: &Path,
        spans: &SpanIndex,
        pointer: &str,
        relative: &str,
    ) -> Option<Loaded<T>> {
        let named_at = (spans.file_at(pointer), spans.value(pointer));
        self.read_typed::<T>(folder, relative, Some(named_at))
    }

    fn read_typed<T: DeserializeOwned + JsonSchema>(
        &mut self,
        folder: &Path,
        relative: &str,
        named_at: Option<(FileId, std::ops::Range<usize>)>,
    ) -> Option<Loaded<T>> {
        let parsed = self.read_parsed(folder, relative, named_at)?;
        let file = parsed.spans.file_at("");
        let validated = self.keep(schema::validate::<T>(&schema::compiled_for::<T>(), parsed))?;
        Some(Loaded {
            file,
            path: relative.to_string(),
            value: validated.value,
            spans: validated.spans,
            json: validated.json,
        })
    }
}

/// The name a file is shown under in diagnostics: relative to the current
/// directory when the submission folder is below it, as people type it.
fn display_name(folder: &Path, relative: &str) -> String {
    let full = folder.join(relative);
    let shown = std::env::current_dir()
        .ok()
        .and_then(|cwd| cwd.canonicalize().ok())
        .and_then(|cwd| full.strip_prefix(cwd).ok().map(Path::to_path_buf))
        .unwrap_or(full);
    shown.display().to_string()
}

fn file_stem(path: &str) -> String {
    Path::new(path)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.to_string())
}

/// Why a file could not be read as text.
enum ReadError {
    /// Not UTF-8: the text as far as it can be shown, and the first bad byte.
    NotUtf8 { lossy: String, offset: usize },
    /// Missing, unreadable, too large.
    Other(String),
}

/// Reads a data file as text: size-limited, UTF-8 checked, BOM removed.
fn read_text(path: &Path) -> Result<String, ReadError> {
    let metadata = std::fs::metadata(path)
        .map_err(|e| ReadError::Other(format!("cannot read the file: {e}")))?;
    if metadata.len() > MAX_FILE_BYTES {
        return Err(ReadError::Other(format!(
            "the file is {} MB; data files are limited to {} MB",
            metadata.len() / (1024 * 1024),
            MAX_FILE_BYTES / (1024 * 1024)
        )));
    }
    let bytes =
        std::fs::read(path).map_err(|e| ReadError::Other(format!("cannot read the file: {e}")))?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_string()),
        Err(error) => {
            let offset = String::from_utf8_lossy(&bytes[..error.valid_up_to()]).len();
            Err(ReadError::NotUtf8 {
                lossy: String::from_utf8_lossy(bytes).into_owned(),
                offset,
            })
        }
    }
}

/// "did you mean" for a missing file: a file with a similar name in the same folder.
fn suggest_file(folder: &Path, relative: &str) -> Option<String> {
    let wanted = folder.join(relative);
    let parent = wanted.parent()?;
    let name = wanted.file_name()?.to_string_lossy().into_owned();
    let entries: Vec<String> = std::fs::read_dir(parent)
        .ok()?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    let best = crate::diag::did_you_mean(&name, entries.iter().map(String::as_str))?;
    let suggestion = Path::new(relative).with_file_name(best);
    Some(format!("did you mean `{}`?", suggestion.display()))
}
