//! `uprc check` on broken submissions: each fixture in tests/fixtures/broken
//! applies edits to a copy of tests/fixtures/minimal and lists the exact
//! diagnostics (file:line:column: severity: message) the check must print,
//! and the exit code. Run `uprc check --message-format short` by hand on the
//! same folder to see them.

mod common;

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

#[derive(Deserialize)]
struct NewFile {
    path: String,
    text: String,
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
        std::fs::write(path, &file.text).unwrap();
    }
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
    let stderr = String::from_utf8(output.stderr).unwrap();
    let lines = stderr
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
    assert!(names.len() >= 15);
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
