//! The one resolver for every file uprc reads from a folder it was given
//! (the submission folder, a user template folder): relative paths only, no
//! `..`, symbolic links followed and required to stay inside. Callers read
//! the path it returns, never the one they passed in.

use std::path::{Component, Path, PathBuf};

/// Why a path cannot be used.
#[derive(Debug, PartialEq, Eq)]
pub enum PathProblem {
    /// `/etc/passwd`, `C:\x`.
    Absolute,
    /// `../x`.
    Escapes,
    /// A symlink (or `..` after one) that leads out of the folder.
    LeadsOutside,
    /// Empty string.
    Empty,
}

impl PathProblem {
    /// What is wrong with `path`, in one line.
    pub fn message(&self, path: &str) -> String {
        match self {
            PathProblem::Absolute => {
                format!("`{path}` is an absolute path; paths are relative to the submission folder")
            }
            PathProblem::Escapes => format!("`{path}` points outside the submission folder"),
            PathProblem::LeadsOutside => {
                format!("`{path}` leads outside the submission folder (through a symbolic link)")
            }
            PathProblem::Empty => "empty path".to_string(),
        }
    }

    /// How to fix it.
    pub fn help(&self) -> &'static str {
        match self {
            PathProblem::Empty => "name a file in the submission folder, e.g. `sources.toml`",
            _ => {
                "keep every file of the submission inside its folder and name it relative to it, e.g. `cases/name.toml`"
            }
        }
    }
}

/// Resolves `relative` inside `folder` (which must be canonical), refusing
/// anything that would read outside it, symbolic links included. A path
/// that does not exist yet comes back joined, for the caller to report.
pub fn resolve_inside(folder: &Path, relative: &str) -> Result<PathBuf, PathProblem> {
    if relative.trim().is_empty() {
        return Err(PathProblem::Empty);
    }
    let path = Path::new(relative);
    if path.is_absolute()
        || relative.starts_with('/')
        || relative.starts_with('\\')
        || relative.contains(':')
    {
        return Err(PathProblem::Absolute);
    }
    if path.components().any(|c| {
        matches!(
            c,
            Component::ParentDir | Component::RootDir | Component::Prefix(_)
        )
    }) {
        return Err(PathProblem::Escapes);
    }
    let full = folder.join(path);
    match full.canonicalize() {
        Ok(real) if !real.starts_with(folder) => Err(PathProblem::LeadsOutside),
        Ok(real) => Ok(real),
        Err(_) => Ok(full),
    }
}

/// Whether `name` can name a variant (`variants/<name>.toml`): letters,
/// digits, `-`, `_` and inner dots, so it can never leave the folder.
pub fn is_variant_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_inside_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().canonicalize().unwrap();
        std::fs::write(folder.join("a.toml"), "").unwrap();
        assert_eq!(
            resolve_inside(&folder, "a.toml").unwrap(),
            folder.join("a.toml")
        );
        assert_eq!(
            resolve_inside(&folder, "../../etc/passwd"),
            Err(PathProblem::Escapes)
        );
        assert_eq!(
            resolve_inside(&folder, "/etc/passwd"),
            Err(PathProblem::Absolute)
        );
        assert_eq!(resolve_inside(&folder, ""), Err(PathProblem::Empty));
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink("/etc", folder.join("out")).unwrap();
            assert_eq!(
                resolve_inside(&folder, "out/passwd"),
                Err(PathProblem::LeadsOutside)
            );
            // A link inside the folder resolves to its target, which is read.
            std::os::unix::fs::symlink(folder.join("a.toml"), folder.join("b.toml")).unwrap();
            assert_eq!(
                resolve_inside(&folder, "b.toml").unwrap(),
                folder.join("a.toml")
            );
        }
    }

    #[test]
    fn variant_names_cannot_leave_the_folder() {
        for good in ["joint", "upr34", "judiciary-focus", "fr_2024", "v.2"] {
            assert!(is_variant_name(good), "{good}");
        }
        for bad in ["", "../x", "a/b", ".hidden", "..", "a\\b", "x y"] {
            assert!(!is_variant_name(bad), "{bad}");
        }
    }
}
