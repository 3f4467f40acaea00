//! uprc compiles an NGO's submission to the UN Universal Periodic Review
//! from TOML data into a PDF in UN house style.
//!
//! The pipeline, one module per stage (see ARCHITECTURE.md):
//! [`load`] → [`check`] → [`lower`] → [`typeset`] → [`export`].
//! [`compile`] runs them all; the CLI in `main.rs` is a thin shell over it.

pub mod bibliography;
pub mod check;
pub mod diag;
pub mod docx;
pub mod export;
pub mod fields;
pub mod fonts;
pub mod import;
pub mod inspect;
pub mod lang;
pub mod load;
pub mod lower;
pub mod matrix;
pub mod model;
pub mod notes;
pub mod numbering;
pub mod prose;
pub mod sandbox;
pub mod schema;
pub mod spans;
pub mod typeset;
pub mod words;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use typst_layout::PagedDocument;

use crate::diag::{Diagnostic, SourceFiles};
use crate::lower::Document;

/// What a compile produced: the files read (to render diagnostics), every
/// problem found, and the output if there was no error.
pub struct Compilation {
    /// Every file read, for quoting in diagnostics.
    pub files: SourceFiles,
    /// Errors and warnings, sorted by position.
    pub diagnostics: Vec<Diagnostic>,
    /// The result, when no error was found.
    pub output: Option<Output>,
    /// The word count against the OHCHR limit, when the submission loaded.
    pub words: Option<words::WordCount>,
    /// Per theme of the previous list, how many supported recommendations
    /// are assessed (empty when the list has no themes).
    pub coverage: Vec<check::ThemeCoverage>,
    /// How long each stage took, in order.
    pub timings: Vec<(&'static str, Duration)>,
    /// Every file the build read or looked for, for `watch` to watch.
    pub inputs: Vec<PathBuf>,
    /// Typesetting passed the deadline and was abandoned: its thread is
    /// still running, and only the end of the process stops it.
    pub timed_out: bool,
}

/// A successfully compiled submission.
pub struct Output {
    /// The lowered document handed to the template.
    pub document: Document,
    /// The laid-out pages.
    pub layout: PagedDocument,
    /// The PDF bytes.
    pub pdf: Vec<u8>,
    /// The Word file's bytes, when asked for ([`Options::docx`]).
    pub docx: Option<Vec<u8>>,
}

impl Compilation {
    /// Whether any error was found.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Load and check only: every problem of the submission, no PDF.
pub fn check_folder(folder: &Path) -> Compilation {
    check_variant(folder, None)
}

/// Load and check a variant (or the base, with `None`), no PDF; the word
/// count includes the Word file's own.
pub fn check_variant(folder: &Path, variant: Option<&str>) -> Compilation {
    let (mut compilation, checked) = load_and_check(folder, variant);
    if let Some(document) = checked.and_then(|c| c.document) {
        let started = Instant::now();
        let counted = docx::docx(&document).and_then(|bytes| docx::word_counts(&bytes));
        compilation.timings.push(("docx", started.elapsed()));
        match (counted, compilation.words.as_mut()) {
            (Ok(counted), Some(words)) => words.word = Some(counted),
            (Err(message), _) => compilation.diagnostics.push(Diagnostic::new(
                diag::Severity::Error,
                diag::Location::Detached,
                format!("DOCX export failed: {message}"),
            )),
            _ => {}
        }
    }
    compilation
}

/// A loaded model and, when it has no error, its lowered document.
struct Checked {
    model: load::Model,
    document: Option<lower::Document>,
}

fn load_and_check(folder: &Path, variant: Option<&str>) -> (Compilation, Option<Checked>) {
    let started = Instant::now();
    let loaded = load::load_variant(folder, variant);
    let mut timings = vec![("load", started.elapsed())];
    let started = Instant::now();
    let mut diagnostics = loaded.diagnostics;
    let mut words = None;
    let mut coverage = Vec::new();
    let mut lowering = None;
    let checked = loaded.model.map(|model| {
        let fields = fields::ProseFields::of(&model);
        let mut count = words::count(&model, &fields);
        diagnostics.extend(check::check(&model, &fields, &loaded.files));
        let mut document = None;
        if model.complete {
            let has_errors = diagnostics
                .iter()
                .any(|d| d.severity == diag::Severity::Error);
            if !has_errors {
                // The notes exist only once lowered: their words count when asked.
                let started = Instant::now();
                let lowered = lower::lower(&model, &fields);
                lowering = Some(started.elapsed());
                count.add_notes(&lowered.notes, model.submission.value.word_count.notes);
                document = Some(lowered);
            }
            check::check_word_limit(&model, &count, &mut diagnostics);
            coverage = check::coverage(&model);
            // A count with a chapter missing would mislead.
            words = Some(count);
        }
        Checked { model, document }
    });
    diag::sort(&mut diagnostics);
    timings.push(("check", started.elapsed() - lowering.unwrap_or_default()));
    if let Some(lowering) = lowering {
        timings.push(("lower", lowering));
    }
    let compilation = Compilation {
        files: loaded.files,
        diagnostics,
        output: None,
        words,
        coverage,
        timings,
        inputs: loaded.inputs,
        timed_out: false,
    };
    (compilation, checked)
}

/// Loads, checks and lowers a submission, without typesetting: for outputs
/// that need the numbers but not the pages (`uprc matrix`). The model and
/// document come back only when there is no error.
pub fn lower_variant(
    folder: &Path,
    variant: Option<&str>,
) -> (Compilation, Option<(load::Model, lower::Document)>) {
    let (compilation, checked) = load_and_check(folder, variant);
    match checked {
        Some(Checked {
            model,
            document: Some(document),
            ..
        }) if !compilation.has_errors() => (compilation, Some((model, document))),
        _ => (compilation, None),
    }
}

/// The JSON Schema of every file kind, pretty-printed, by file name
/// (`submission.schema.json`, …), as `uprc schema` writes them.
pub fn schema_files() -> Vec<(&'static str, String)> {
    use schema::schema_of;
    let schemas = [
        (
            "submission.schema.json",
            schema_of::<model::SubmissionFile>(),
        ),
        ("chapter.schema.json", schema_of::<model::ChapterFile>()),
        ("sources.schema.json", schema_of::<model::SourcesFile>()),
        (
            "previous.schema.json",
            schema_of::<model::PreviousCycleFile>(),
        ),
        (
            "assessment.schema.json",
            schema_of::<model::AssessmentFile>(),
        ),
        ("variant.schema.json", load::variant_schema()),
    ];
    schemas
        .into_iter()
        .map(|(name, schema)| {
            let text =
                serde_json::to_string_pretty(&schema).expect("a schema is plain JSON") + "\n";
            (name, text)
        })
        .collect()
}

/// Options of a build.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The PDF standard to export to (PDF/UA-1 by default).
    pub standard: export::Standard,
    /// The variant (`variants/<name>.toml`) to lay over the submission.
    pub variant: Option<String>,
    /// A folder whose files replace those of the built-in template.
    pub template_dir: Option<PathBuf>,
    /// How long typesetting may take before it is abandoned [default: [`DEFAULT_TIMEOUT`]].
    pub timeout: Option<Duration>,
    /// Also write the Word file, from the same lowered document as the PDF.
    pub docx: bool,
}

/// Typesetting the example takes about 30 ms; a minute means a template that
/// loops or explodes, not a long submission.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// Runs the whole pipeline on a submission folder with default options.
pub fn compile(folder: &Path) -> Compilation {
    compile_with(folder, Options::default())
}

/// Runs the whole pipeline on a submission folder.
pub fn compile_with(folder: &Path, options: Options) -> Compilation {
    Session::new(folder, options).build()
}

/// Builds of one submission that share Typst's world, so a rebuild after an
/// edit reuses everything Typst has not seen change (watch mode, benchmarks).
pub struct Session {
    folder: PathBuf,
    options: Options,
    typesetter: Option<typeset::Typesetter>,
}

impl Session {
    /// A session for the submission in `folder`.
    pub fn new(folder: &Path, options: Options) -> Self {
        Session {
            folder: folder.to_path_buf(),
            options,
            typesetter: None,
        }
    }

    /// Reads the folder again and runs the whole pipeline.
    pub fn build(&mut self) -> Compilation {
        let (mut compilation, checked) =
            load_and_check(&self.folder, self.options.variant.as_deref());
        let Some(Checked {
            model,
            document: Some(mut document),
            ..
        }) = checked
        else {
            return compilation;
        };
        if compilation.has_errors() {
            return compilation;
        }
        let started = Instant::now();
        if self.options.standard == export::Standard::A3b {
            // PDF/A-3 archives carry the data the PDF was made from.
            document.attachments = model.source_paths();
        }
        let json = serde_json::to_vec(&document).expect("the lowered document is plain data");
        compilation.timings.push(("serialise", started.elapsed()));

        let started = Instant::now();
        let typesetter = match self.typesetter.take() {
            Some(typesetter) => typesetter,
            None => match self.new_typesetter(&model.folder) {
                Ok(typesetter) => typesetter,
                Err(problem) => {
                    compilation.diagnostics.push(Diagnostic::new(
                        diag::Severity::Error,
                        diag::Location::Detached,
                        problem,
                    ));
                    return compilation;
                }
            },
        };
        let layout = self.layout_with_deadline(typesetter, json, &document, &mut compilation);
        compilation.timings.push(("typeset", started.elapsed()));
        if let Some((layout, warnings)) = layout {
            compilation.diagnostics.extend(warnings);
            let started = Instant::now();
            let pdf = export::pdf(&layout, &document.meta, self.options.standard);
            compilation.timings.push(("export", started.elapsed()));
            let docx = self.options.docx.then(|| {
                let started = Instant::now();
                let docx = docx::docx(&document);
                compilation.timings.push(("docx", started.elapsed()));
                docx
            });
            match (pdf, docx.transpose()) {
                (Ok(pdf), Ok(docx)) => {
                    compilation.output = Some(Output {
                        document,
                        layout,
                        pdf,
                        docx,
                    })
                }
                (_, Err(message)) => compilation.diagnostics.push(Diagnostic::new(
                    diag::Severity::Error,
                    diag::Location::Detached,
                    format!("DOCX export failed: {message}"),
                )),
                (Err(message), _) => compilation.diagnostics.push(Diagnostic::new(
                    diag::Severity::Error,
                    diag::Location::Detached,
                    format!("PDF export failed: {message}"),
                )),
            }
        }
        // Keep Typst's memo cache bounded across many rebuilds (as `typst watch` does).
        comemo::evict(10);
        compilation
    }

    fn new_typesetter(&self, folder: &Path) -> Result<typeset::Typesetter, String> {
        let template_dir = match self.options.template_dir.as_deref().map(Path::canonicalize) {
            Some(Ok(dir)) => Some(dir),
            Some(Err(error)) => return Err(format!("cannot open the template folder: {error}")),
            None => None,
        };
        Ok(typeset::Typesetter::new(
            folder,
            typeset::DEFAULT_TEMPLATE,
            template_dir.as_deref(),
        ))
    }

    /// Typesets on a thread of its own and waits at most the timeout. Typst
    /// cannot be interrupted: a template that loops forever is abandoned
    /// (`timed_out`; its thread ends with the process, which is why `watch`
    /// typesets in a worker process it can replace) and the next build
    /// starts with a new world. Problems go into `compilation`.
    fn layout_with_deadline(
        &mut self,
        mut typesetter: typeset::Typesetter,
        json: Vec<u8>,
        document: &lower::Document,
        compilation: &mut Compilation,
    ) -> Option<(PagedDocument, Vec<Diagnostic>)> {
        let timeout = self.options.timeout.unwrap_or(DEFAULT_TIMEOUT);
        typesetter.set_data(json, document.meta.date);
        let (sender, receiver) = std::sync::mpsc::channel();
        let spawned = std::thread::Builder::new()
            .name("typeset".into())
            .spawn(move || {
                let result = typesetter.layout();
                let _ = sender.send((typesetter, result));
            });
        if let Err(error) = spawned {
            compilation.diagnostics.push(Diagnostic::new(
                diag::Severity::Error,
                diag::Location::Detached,
                format!("cannot start typesetting: {error}"),
            ));
            return None;
        }
        let Ok((mut typesetter, result)) = receiver.recv_timeout(timeout) else {
            compilation.timed_out = true;
            compilation.diagnostics.push(
                Diagnostic::new(
                    diag::Severity::Error,
                    diag::Location::Detached,
                    format!(
                        "typesetting did not finish within {} s",
                        timeout.as_secs_f64()
                    ),
                )
                .with_help(
                    "the template may loop forever or produce an enormous document; \
                     if the submission is really that long, raise the limit with --timeout SECONDS",
                ),
            );
            return None;
        };
        let finished = typesetter.finish(result, &mut compilation.files);
        compilation.inputs.extend(typesetter.dependencies());
        self.typesetter = Some(typesetter);
        match finished {
            Ok(layout) => Some(layout),
            Err(errors) => {
                compilation.diagnostics.extend(errors);
                None
            }
        }
    }
}
