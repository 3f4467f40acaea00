//! The bad-input corpus: each fixture in tests/fixtures/broken applies edits
//! to a copy of tests/fixtures/minimal (or adds files: text, bytes given in
//! hex, generated long content, symbolic links) and lists the exact
//! diagnostics (file:line:column: severity: message) `uprc check` must print,
//! and the exit code. A fixture that must fail is also built: the build must
//! fail the same way, write no PDF and leave an existing one untouched.
//! Run `uprc check --message-format short` by hand on the same folder to see
//! the messages.

use crate::common;

use std::path::Path;

use assert_cmd::Command;
use serde::Deserialize;

#[derive(Deserialize)]
struct Fixture {
    expect_exit: i32,
    expected: Vec<String>,
    /// `help:` lines the human format must print.
    #[serde(default)]
    help: Vec<String>,
    /// Extra arguments of `uprc check` (e.g. `--variant x`).
    #[serde(default)]
    args: Vec<String>,
    #[serde(default)]
    edit: Vec<Edit>,
    /// Files to add.
    #[serde(default)]
    file: Vec<NewFile>,
}

/// A file to add (or replace). Its content is `text`, or the bytes of `hex`,
/// or `prefix` + `repeat` × `times` + `suffix`; `crlf` turns its line ends
/// into CR LF and `bom` puts a UTF-8 byte-order mark in front.
#[derive(Deserialize, Default)]
#[serde(default)]
struct NewFile {
    path: String,
    text: Option<String>,
    hex: Option<String>,
    prefix: String,
    repeat: String,
    times: usize,
    suffix: String,
    /// Make `path` a symbolic link to this target instead.
    symlink: Option<String>,
    crlf: bool,
    bom: bool,
}

impl NewFile {
    fn bytes(&self) -> Vec<u8> {
        let mut bytes = if let Some(hex) = &self.hex {
            let digits: Vec<u8> = hex.bytes().filter(u8::is_ascii_hexdigit).collect();
            digits
                .chunks(2)
                .map(|pair| u8::from_str_radix(std::str::from_utf8(pair).unwrap(), 16).unwrap())
                .collect()
        } else if let Some(text) = &self.text {
            text.clone().into_bytes()
        } else {
            format!(
                "{}{}{}",
                self.prefix,
                self.repeat.repeat(self.times),
                self.suffix
            )
            .into_bytes()
        };
        if self.crlf {
            bytes = String::from_utf8(bytes)
                .unwrap()
                .replace('\n', "\r\n")
                .into_bytes();
        }
        if self.bom {
            bytes.splice(0..0, *b"\xEF\xBB\xBF");
        }
        bytes
    }
}

#[derive(Deserialize)]
struct Edit {
    file: String,
    find: String,
    replace: String,
}

/// Applies a fixture to a fresh copy of the minimal submission (`<tmp>/sub`).
fn prepare(fixture: &Fixture) -> tempfile::TempDir {
    let dir = common::minimal_with(&[]);
    for edit in &fixture.edit {
        let path = dir.path().join("sub").join(&edit.file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.contains(&edit.find),
            "{}: `{}` not found",
            edit.file,
            edit.find
        );
        std::fs::write(&path, text.replacen(&edit.find, &edit.replace, 1)).unwrap();
    }
    for file in &fixture.file {
        let path = dir.path().join("sub").join(&file.path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        match &file.symlink {
            #[cfg(unix)]
            Some(target) => std::os::unix::fs::symlink(target, &path).unwrap(),
            #[cfg(not(unix))]
            Some(_) => return dir,
            None => std::fs::write(path, file.bytes()).unwrap(),
        }
    }
    // Something outside the folder for links and `..` to reach.
    std::fs::write(dir.path().join("outside.toml"), "title = \"secret\"\n").unwrap();
    dir
}

fn run_check(dir: &Path, extra: &[String]) -> (i32, Vec<String>) {
    let output = Command::cargo_bin("uprc")
        .unwrap()
        .current_dir(dir)
        .args(["check", "--message-format", "short", "sub"])
        .args(extra)
        .output()
        .unwrap();
    // Short records are on stdout; usage problems (exit 2) on stderr.
    let printed =
        String::from_utf8(output.stdout).unwrap() + &String::from_utf8(output.stderr).unwrap();
    let lines = printed
        .lines()
        .filter(|l| l.contains(": error: ") || l.contains(": warning: ") || l.contains(": hint: "))
        .map(String::from)
        .collect();
    (output.status.code().unwrap(), lines)
}

#[test]
fn every_broken_fixture_reports_its_exact_positions() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/broken");
    let mut names: Vec<_> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    assert!(
        names.len() >= 40,
        "the corpus has {} bad inputs",
        names.len()
    );
    let mut failures = Vec::new();
    for path in names {
        let fixture: Fixture = toml::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let dir = prepare(&fixture);
        let (code, lines) = run_check(dir.path(), &fixture.args);
        let human = Command::cargo_bin("uprc")
            .unwrap()
            .current_dir(dir.path())
            .args(["check", "sub"])
            .args(&fixture.args)
            .output()
            .unwrap();
        let human = String::from_utf8(human.stderr).unwrap();
        for help in &fixture.help {
            if !human.contains(&format!("= help: {help}")) {
                failures.push(format!("{}: no `help: {help}` in\n{human}", path.display()));
            }
        }
        if fixture.expect_exit == 1
            && let Some(problem) = build_fails_cleanly(dir.path(), &fixture.args)
        {
            failures.push(format!("{}: {problem}", path.display()));
        }
        if code != fixture.expect_exit || lines != fixture.expected {
            failures.push(format!(
                "{}: exit {code} (expected {}), printed:\n{}\nexpected:\n{}",
                path.file_name().unwrap().to_string_lossy(),
                fixture.expect_exit,
                lines.join("\n"),
                fixture.expected.join("\n")
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Builds a failing fixture over an existing PDF and to a new path: both
/// must fail with exit code 1, the old PDF unchanged and no new file.
fn build_fails_cleanly(dir: &Path, extra: &[String]) -> Option<String> {
    let old = dir.join("old.pdf");
    std::fs::write(&old, b"%PDF previous").unwrap();
    for out in ["old.pdf", "new.pdf"] {
        let code = Command::cargo_bin("uprc")
            .unwrap()
            .current_dir(dir)
            .args(["build", "-q", "sub", "-o", out])
            .args(extra)
            .output()
            .unwrap()
            .status
            .code();
        if code != Some(1) {
            return Some(format!("build -o {out} exited {code:?}"));
        }
    }
    if std::fs::read(&old).unwrap() != b"%PDF previous" {
        return Some("the failed build changed the existing PDF".into());
    }
    if dir.join("new.pdf").exists() {
        return Some("the failed build wrote a PDF".into());
    }
    let leftovers = std::fs::read_dir(dir).unwrap().filter(|e| {
        e.as_ref()
            .unwrap()
            .file_name()
            .to_string_lossy()
            .starts_with(".uprc-")
    });
    if leftovers.count() > 0 {
        return Some("a temporary file was left behind".into());
    }
    None
}

#[test]
fn the_minimal_submission_checks_clean() {
    let dir = common::minimal_with(&[]);
    assert_eq!(run_check(dir.path(), &[]), (0, vec![]));
}

#[test]
fn human_format_quotes_the_line_with_a_caret_and_help() {
    let fixture: Fixture = toml::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/broken/unknown-field.toml"),
        )
        .unwrap(),
    )
    .unwrap();
    let dir = prepare(&fixture);
    let output = Command::cargo_bin("uprc")
        .unwrap()
        .current_dir(dir.path())
        .args(["check", "sub"])
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    let expected = [
        "error: unknown field `titel`",
        "sub/cases/one.toml:2:1",
        "2 | titel = \"Case of A\"",
        "  | ^^^^^ not a field here",
        "= help: did you mean `title`?",
        "error: found 1 error and 0 warnings",
    ];
    for line in expected {
        assert!(stderr.contains(line), "missing {line:?} in:\n{stderr}");
    }
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn usage_problems_exit_with_two() {
    let dir = tempfile::tempdir().unwrap();
    let missing = Command::cargo_bin("uprc")
        .unwrap()
        .current_dir(dir.path())
        .args(["check", "nowhere"])
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(2));
    let no_args = Command::cargo_bin("uprc")
        .unwrap()
        .arg("build")
        .output()
        .unwrap();
    assert_eq!(no_args.status.code(), Some(2));
}
