//! Stage 5, export: PDF bytes from the laid-out document, deterministic
//! (fixed identifier, the submission's date as document date, no clock),
//! tagged for accessibility; and atomic writes so a failed build never
//! leaves a half-written or missing PDF behind.

use std::io::Write;
use std::path::Path;

use typst::foundations::{Datetime, Smart};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use crate::lower::Meta;

/// The PDF standard a document is exported to and validated against.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Standard {
    /// Tagged, accessible PDF/UA-1 (the default).
    #[default]
    Ua1,
    /// PDF/A-2b for archives, together with PDF/UA-1.
    A2b,
    /// PDF/A-3b, which may carry attachments, together with PDF/UA-1.
    A3b,
    /// Plain tagged PDF 1.7, no validation.
    None,
}

impl Standard {
    /// Parses `ua-1`, `a-2b`, `a-3b` or `none`.
    pub fn parse(name: &str) -> Result<Standard, String> {
        match name {
            "ua-1" => Ok(Standard::Ua1),
            "a-2b" => Ok(Standard::A2b),
            "a-3b" => Ok(Standard::A3b),
            "none" => Ok(Standard::None),
            other => Err(format!(
                "unknown PDF standard `{other}`: expected ua-1, a-2b, a-3b or none"
            )),
        }
    }

    fn standards(self) -> Vec<PdfStandard> {
        match self {
            Standard::Ua1 => vec![PdfStandard::Ua_1],
            Standard::A2b => vec![PdfStandard::A_2b, PdfStandard::Ua_1],
            Standard::A3b => vec![PdfStandard::A_3b, PdfStandard::Ua_1],
            Standard::None => vec![],
        }
    }
}

/// PDF bytes for a laid-out document, validated by typst-pdf against `standard`.
pub fn pdf(document: &PagedDocument, meta: &Meta, standard: Standard) -> Result<Vec<u8>, String> {
    let date = meta.date;
    let timestamp =
        Datetime::from_ymd_hms(date.year, date.month, date.day, 0, 0, 0).map(Timestamp::new_utc);
    let standards =
        PdfStandards::new(&standard.standards()).map_err(|e| e.message().to_string())?;
    let options = PdfOptions {
        // A stable identity across rebuilds of the same submission.
        ident: Smart::Custom(format!(
            "uprc/{}/{}/{}",
            meta.state_code, meta.cycle, meta.session
        )),
        creator: Smart::Custom(Some(format!("uprc {}", env!("CARGO_PKG_VERSION")))),
        timestamp,
        standards,
        tagged: true,
        ..PdfOptions::default()
    };
    typst_pdf::pdf(document, &options).map_err(|errors| {
        errors
            .iter()
            .map(|e| e.message.to_string())
            .collect::<Vec<_>>()
            .join("; ")
    })
}

/// PNG images of the pages at `pixel_per_pt` pixels per point (1.0 = 72 dpi).
pub fn png_pages(document: &PagedDocument, pixel_per_pt: f64) -> Result<Vec<Vec<u8>>, String> {
    let options = typst_render::RenderOptions {
        pixel_per_pt: pixel_per_pt.into(),
        ..Default::default()
    };
    document
        .pages()
        .iter()
        .map(|page| {
            typst_render::render(page, &options)
                .encode_png()
                .map_err(|e| e.to_string())
        })
        .collect()
}

/// Writes `bytes` to `path` through a temporary file in the same folder and
/// a rename, so readers see the old file or the new one, never a mix.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    write_via_temp(folder, path, bytes).map_err(|error| in_folder(error, folder))
}

/// tempfile's errors name its random file, which the user never asked for:
/// say what went wrong with the folder instead.
fn in_folder(error: std::io::Error, folder: &Path) -> std::io::Error {
    use std::io::ErrorKind;
    let reason = match error.kind() {
        ErrorKind::NotFound => "there is no folder",
        ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem => {
            "no permission to write in the folder"
        }
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded => "the disk is full, in the folder",
        _ => return error,
    };
    std::io::Error::new(error.kind(), format!("{reason} `{}`", folder.display()))
}

fn write_via_temp(folder: &Path, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut temp = tempfile::Builder::new()
        .prefix(".uprc-")
        .suffix(".tmp")
        .tempfile_in(folder)?;
    // Temporary files are private (0600); the output is an ordinary file.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        temp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))?;
    }
    temp.write_all(bytes)?;
    temp.as_file().sync_all()?;
    temp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_whole_file_and_leaves_no_temp() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.pdf");
        write_atomic(&path, b"first").unwrap();
        write_atomic(&path, b"second").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"second");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("out.pdf")]);
    }
}
