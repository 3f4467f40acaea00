//! Stage 4, typeset: a `typst::World` over the embedded template, the
//! embedded fonts and the lowered document, compiled in-process.
//!
//! The World is the single boundary between Typst and the outside. Its
//! virtual file system has exactly three roots:
//! - `/template/…`: the template files, embedded in the binary;
//! - `/data.json`: the lowered document (data, never source);
//! - `/submission/…`: files of the submission folder (e.g. a logo), resolved
//!   with symlinks canonicalised so nothing outside the folder can be read.
//!
//! No packages, no system fonts, no network.

use std::path::{Path, PathBuf};

use typst::diag::{FileError, FileResult, PackageError, SourceDiagnostic, SourceResult, Warned};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World, WorldExt};
use typst_kit::files::{FileLoader, FileStore};
use typst_layout::PagedDocument;

use crate::diag::{Diagnostic, Location, Severity, SourceFiles};
use crate::fonts;
use crate::model::Date;

/// A template file embedded in the binary: path under `templates/`, contents.
type Embedded = (&'static str, &'static [u8]);

/// The built-in templates. `un` is UN house style.
const TEMPLATES: &[Embedded] = &[
    ("un/main.typ", include_bytes!("../templates/un/main.typ")),
    (
        "un/lang/en.toml",
        include_bytes!("../templates/un/lang/en.toml"),
    ),
    (
        "un/lang/fr.toml",
        include_bytes!("../templates/un/lang/fr.toml"),
    ),
    (
        "un/lang/es.toml",
        include_bytes!("../templates/un/lang/es.toml"),
    ),
    (
        "un/lang/ru.toml",
        include_bytes!("../templates/un/lang/ru.toml"),
    ),
];

/// A file of the built-in templates (`un/lang/en.toml`), for outputs other
/// than the PDF that print the same labels.
pub fn embedded_template_file(path: &str) -> Option<&'static [u8]> {
    TEMPLATES
        .iter()
        .find(|(name, _)| *name == path)
        .map(|(_, bytes)| *bytes)
}

/// The template used when none is named.
pub const DEFAULT_TEMPLATE: &str = "un";

/// Virtual path of the lowered document.
const DATA_PATH: &str = "/data.json";

/// Serves the three virtual roots.
struct Files {
    template: String,
    /// A user template folder (canonical): its files override the built-in ones.
    template_dir: Option<PathBuf>,
    data: Bytes,
    folder: PathBuf,
}

impl FileLoader for Files {
    fn load(&self, id: FileId) -> FileResult<Bytes> {
        if let VirtualRoot::Package(spec) = id.root() {
            return Err(FileError::Package(PackageError::NotFound(spec.clone())));
        }
        let path = id.vpath().get_with_slash();
        if path == DATA_PATH {
            return Ok(self.data.clone());
        }
        if let Some(rest) = path.strip_prefix("/template/") {
            if let Some(dir) = &self.template_dir {
                match read_inside(dir, rest) {
                    Err(FileError::NotFound(_)) => {}
                    read => return read,
                }
            }
            let wanted = format!("{}/{rest}", self.template);
            return TEMPLATES
                .iter()
                .find(|(name, _)| *name == wanted)
                .map(|(_, bytes)| Bytes::new(*bytes))
                .ok_or_else(|| FileError::NotFound(PathBuf::from(path)));
        }
        if let Some(rest) = path.strip_prefix("/submission/") {
            return read_inside(&self.folder, rest);
        }
        Err(FileError::NotFound(PathBuf::from(path)))
    }
}

/// Reads a file of a folder (the submission's, or a user template's)
/// through the sandbox's resolver: anything resolving outside it, through
/// `..` or a symbolic link, is denied.
fn read_inside(folder: &Path, relative: &str) -> FileResult<Bytes> {
    let real =
        crate::sandbox::resolve_inside(folder, relative).map_err(|_| FileError::AccessDenied)?;
    if real.is_dir() {
        return Err(FileError::IsDirectory);
    }
    std::fs::read(&real)
        .map(Bytes::new)
        .map_err(|e| FileError::from_io(e, Path::new(relative)))
}

/// The Typst world of one submission. Keep it between compiles (watch mode)
/// so Typst's caches are reused; swap the data with [`Typesetter::set_data`].
pub struct Typesetter {
    library: LazyHash<Library>,
    files: FileStore<Files>,
    main: FileId,
    today: Option<Datetime>,
}

impl Typesetter {
    /// A world for the submission in `folder` (canonical) with the named
    /// built-in template ([`DEFAULT_TEMPLATE`] is the one there is).
    pub fn new(folder: &Path, template: &str, template_dir: Option<&Path>) -> Self {
        let main = RootedPath::new(
            VirtualRoot::Project,
            VirtualPath::new("/template/main.typ").expect("a valid virtual path"),
        )
        .intern();
        Typesetter {
            library: LazyHash::new(Library::builder().build()),
            files: FileStore::new(Files {
                template: template.to_string(),
                template_dir: template_dir.map(Path::to_path_buf),
                data: Bytes::new(Vec::<u8>::new()),
                folder: folder.to_path_buf(),
            }),
            main,
            today: None,
        }
    }

    /// Replaces the lowered document (JSON) the template reads.
    pub fn set_data(&mut self, json: Vec<u8>, date: Date) {
        self.files.loader_mut().data = Bytes::new(json);
        self.today = Datetime::from_ymd(date.year, date.month, date.day);
        self.files.reset();
    }

    /// The real files the last compile read: a user template's and the
    /// submission folder's (e.g. a logo), for `watch` to watch.
    pub fn dependencies(&mut self) -> Vec<PathBuf> {
        let (files, ids) = self.files.dependencies();
        ids.filter_map(|id| {
            let path = id.vpath().get_with_slash();
            let (folder, rest) = match path.strip_prefix("/template/") {
                Some(rest) => (files.template_dir.as_deref()?, rest),
                None => (files.folder.as_path(), path.strip_prefix("/submission/")?),
            };
            crate::sandbox::resolve_inside(folder, rest)
                .ok()
                .filter(|p| p.exists())
        })
        .collect()
    }

    /// Lays the document out: Typst's own result, for [`Typesetter::finish`].
    pub fn layout(&self) -> Warned<SourceResult<PagedDocument>> {
        typst::compile::<PagedDocument>(self)
    }

    /// Turns a layout result into ours: the document and warnings, or the errors.
    pub fn finish(
        &self,
        result: Warned<SourceResult<PagedDocument>>,
        files: &mut SourceFiles,
    ) -> Result<(PagedDocument, Vec<Diagnostic>), Vec<Diagnostic>> {
        let warnings = result
            .warnings
            .iter()
            .map(|d| self.convert(d, files))
            .collect();
        match result.output {
            Ok(document) => Ok((document, warnings)),
            Err(errors) => Err(errors.iter().map(|d| self.convert(d, files)).collect()),
        }
    }

    /// Lays the document out; template problems come back as diagnostics.
    pub fn compile(
        &self,
        files: &mut SourceFiles,
    ) -> Result<(PagedDocument, Vec<Diagnostic>), Vec<Diagnostic>> {
        self.finish(self.layout(), files)
    }

    /// Turns a Typst diagnostic into ours, registering the template file so
    /// the message can quote the line.
    pub fn convert(&self, diagnostic: &SourceDiagnostic, files: &mut SourceFiles) -> Diagnostic {
        let severity = match diagnostic.severity {
            typst::diag::Severity::Error => Severity::Error,
            typst::diag::Severity::Warning => Severity::Warning,
        };
        let location = diagnostic
            .span
            .id()
            .and_then(|id| {
                let range = self.range(diagnostic.span)?;
                let text = self.text_of(id)?;
                let name = format!("template:{}", id.vpath().get_without_slash());
                Some(Location::Span(files.add(name, text), range))
            })
            .unwrap_or(Location::Detached);
        let mut converted = Diagnostic::new(severity, location, diagnostic.message.to_string());
        for hint in &diagnostic.hints {
            converted = converted.with_note(format!("hint: {}", hint.v));
        }
        for point in &diagnostic.trace {
            converted = converted.with_note(format!("{}", point.v));
        }
        converted
    }

    fn text_of(&self, id: FileId) -> Option<String> {
        match self.files.source(id) {
            Ok(source) => Some(source.text().to_string()),
            Err(_) => self
                .files
                .file(id)
                .ok()
                .map(|b| String::from_utf8_lossy(&b).into_owned()),
        }
    }
}

impl World for Typesetter {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &fonts::loaded().0
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        self.files.source(id)
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        self.files.file(id)
    }

    fn font(&self, index: usize) -> Option<Font> {
        fonts::loaded().1.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        self.today
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(path: &str) -> FileId {
        RootedPath::new(VirtualRoot::Project, VirtualPath::new(path).unwrap()).intern()
    }

    #[test]
    fn only_the_three_roots_are_readable() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("sub");
        std::fs::create_dir(&folder).unwrap();
        let folder = folder.canonicalize().unwrap();
        std::fs::write(folder.join("logo.txt"), "inside").unwrap();
        std::fs::write(dir.path().join("secret.txt"), "outside").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(dir.path().join("secret.txt"), folder.join("link.txt")).unwrap();
        let files = Files {
            template: "un".into(),
            template_dir: None,
            data: Bytes::new(b"{}".to_vec()),
            folder,
        };

        assert_eq!(files.load(id("/data.json")).unwrap().as_slice(), b"{}");
        assert!(files.load(id("/template/main.typ")).is_ok());
        assert_eq!(
            files.load(id("/submission/logo.txt")).unwrap().as_slice(),
            b"inside"
        );
        assert!(matches!(
            files.load(id("/etc/passwd")),
            Err(FileError::NotFound(_))
        ));
        // `..` is resolved lexically: out of the submission root it names nothing...
        assert!(matches!(
            files.load(id("/submission/../secret.txt")),
            Err(FileError::NotFound(_))
        ));
        // ...and above the project root it cannot even be written.
        assert!(VirtualPath::new("/template/../../etc/passwd").is_err());
        #[cfg(unix)]
        assert!(matches!(
            files.load(id("/submission/link.txt")),
            Err(FileError::AccessDenied)
        ));
    }
}
