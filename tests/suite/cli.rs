//! The CLI for CI: message formats, exit codes, --deny-warnings, --quiet, -v.

use crate::common;

use assert_cmd::Command;

fn uprc(dir: &std::path::Path, args: &[&str]) -> (i32, String) {
    let output = Command::cargo_bin("uprc")
        .unwrap()
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap();
    (
        output.status.code().unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

const UNCITED: (&str, &str) = (
    "sources.toml",
    "[src-a]\npublisher = \"Alpha Watch\"\nurl = \"https://example.org/a\"\n\n[src-b]\npublisher = \"Beta News\"\ntitle = \"A report\"\n\n[src-c]\npublisher = \"Gamma\"\n",
);

#[test]
fn json_lines_carry_positions_and_help() {
    let dir = common::minimal_with(&[(
        "cases/one.toml",
        "kind = \"case\"\ntitel = \"A\"\ntext = \"x\"\n",
    )]);
    let (code, stderr) = uprc(dir.path(), &["check", "--message-format", "json", "sub"]);
    assert_eq!(code, 1);
    let lines: Vec<serde_json::Value> = stderr
        .lines()
        .map(|l| serde_json::from_str(l).expect(l))
        .collect();
    assert_eq!(lines.len(), 1, "{stderr}");
    let d = &lines[0];
    assert_eq!(d["type"], "diagnostic");
    assert_eq!(d["severity"], "error");
    assert_eq!(d["file"], "sub/cases/one.toml");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(2), Some(1))
    );
    assert_eq!(
        (d["end_line"].as_u64(), d["end_column"].as_u64()),
        (Some(2), Some(6))
    );
    assert_eq!(d["message"], "unknown field `titel`");
    assert_eq!(d["help"], "did you mean `title`?");
}

#[test]
fn github_format_annotates_the_diff() {
    let dir = common::minimal_with(&[UNCITED]);
    let (code, stderr) = uprc(dir.path(), &["check", "--message-format", "github", "sub"]);
    assert_eq!(code, 0, "warnings do not fail by default");
    assert_eq!(
        stderr.trim(),
        "::warning file=sub/sources.toml,line=9,col=2,endLine=9,endColumn=7,title=uprc::source `src-c` is never cited%0Ahelp: cite it as `[^src-c]` or remove it"
    );
}

#[test]
fn deny_warnings_fails_on_a_warning_and_quiet_prints_only_problems() {
    let dir = common::minimal_with(&[UNCITED]);
    let (code, _) = uprc(dir.path(), &["check", "--deny-warnings", "sub"]);
    assert_eq!(code, 1);
    let (code, _) = uprc(
        dir.path(),
        &["build", "--deny-warnings", "sub", "-o", "x.pdf"],
    );
    assert_eq!(code, 1);
    assert!(!dir.path().join("x.pdf").exists());
    let (code, stderr) = uprc(dir.path(), &["check", "--quiet", "sub"]);
    assert_eq!(code, 0);
    assert!(stderr.contains("source `src-c` is never cited"));
    assert!(
        !stderr.contains("words:") && !stderr.contains("ok:"),
        "{stderr}"
    );
    let clean = common::minimal_with(&[]);
    let (code, stderr) = uprc(clean.path(), &["build", "-q", "sub"]);
    assert_eq!((code, stderr.as_str()), (0, ""));
}

#[test]
fn verbose_prints_the_time_of_each_stage() {
    let dir = common::minimal_with(&[]);
    let (code, stderr) = uprc(dir.path(), &["build", "-v", "sub", "-o", "x.pdf"]);
    assert_eq!(code, 0);
    let line = stderr
        .lines()
        .find(|l| l.starts_with("timings:"))
        .expect(&stderr);
    for stage in [
        "load", "check", "lower", "typeset", "export", "write", "total",
    ] {
        assert!(line.contains(&format!("{stage} ")), "{line}");
    }
}

#[test]
fn init_writes_a_submission_that_checks_and_builds_clean() {
    let dir = tempfile::tempdir().unwrap();
    for (name, args) in [("a", vec!["--state", "fra"]), ("b", vec!["--joint"])] {
        let mut all = vec!["init", name];
        all.extend(args);
        let (code, stderr) = uprc(dir.path(), &all);
        assert_eq!(code, 0, "{stderr}");
        let (code, stderr) = uprc(
            dir.path(),
            &[
                "check",
                "--deny-warnings",
                "--message-format",
                "short",
                name,
            ],
        );
        let problems = stderr.lines().filter(|l| {
            [": error: ", ": warning: ", ": hint: "]
                .iter()
                .any(|k| l.contains(k))
        });
        assert_eq!((code, problems.count()), (0, 0), "{stderr}");
        let (code, stderr) = uprc(dir.path(), &["build", name]);
        assert_eq!(code, 0, "{stderr}");
    }
    let submission = std::fs::read_to_string(dir.path().join("a/submission.toml")).unwrap();
    assert!(
        submission.contains("state = \"France\"") && submission.contains("state_code = \"FRA\"")
    );
    assert!(
        std::fs::read_to_string(dir.path().join("b/submission.toml"))
            .unwrap()
            .contains("kind = \"joint\"")
    );
    // Never overwrites.
    let (code, stderr) = uprc(dir.path(), &["init", "a"]);
    assert_eq!(code, 2, "{stderr}");
    let (code, _) = uprc(dir.path(), &["init", "c", "--state", "XXX"]);
    assert_eq!(code, 2);
}
