//! The CLI for CI: message formats, exit codes, --deny-warnings, --quiet, -v.

use crate::common;

/// Runs uprc in `dir`: exit code and what it printed on stderr, for people.
fn uprc(dir: &std::path::Path, args: &[&str]) -> (i32, String) {
    let (code, _, stderr) = uprc_streams(dir, args);
    (code, stderr)
}

use common::run_uprc as uprc_streams;

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
    let (code, stdout, stderr) =
        uprc_streams(dir.path(), &["check", "--message-format", "json", "sub"]);
    assert_eq!(code, 1);
    assert_eq!(stderr, "", "records go to stdout");
    let lines: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect(l))
        .collect();
    assert_eq!(lines.len(), 2, "{stdout}");
    assert_eq!(
        lines[1],
        serde_json::json!({"type": "finished", "command": "check", "success": false})
    );
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
    let (code, stdout, _) =
        uprc_streams(dir.path(), &["check", "--message-format", "github", "sub"]);
    assert_eq!(code, 0, "warnings do not fail by default");
    assert_eq!(
        stdout.trim(),
        "::warning file=sub/sources.toml,line=9,col=2,endLine=9,endColumn=7,title=uprc::source `src-c` is never cited%0Ahelp: cite it as `[@src-c]` or remove it"
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
fn init_writes_a_submission_that_builds_and_warns_only_about_its_placeholder() {
    let dir = tempfile::tempdir().unwrap();
    for (name, args, title) in [
        (
            "a",
            vec!["--state", "fra"],
            "France: a submission to the Universal Periodic Review",
        ),
        (
            "b",
            vec!["--joint", "--language", "fr"],
            "Kazakhstan : contribution à l’Examen périodique universel",
        ),
        (
            "c",
            vec!["--language", "es", "--state", "MEX"],
            "Mexico: contribución al Examen Periódico Universal",
        ),
        (
            "d",
            vec!["--language", "ru"],
            "Kazakhstan: материалы для универсального периодического обзора",
        ),
    ] {
        let mut all = vec!["init", name];
        all.extend(args);
        let (code, stderr) = uprc(dir.path(), &all);
        assert_eq!(code, 0, "{stderr}");
        let (code, stdout, stderr) =
            uprc_streams(dir.path(), &["check", "--message-format", "short", name]);
        // `init` cannot know the previous report: the placeholder is the only
        // problem, and it says what to do.
        let problems: Vec<&str> = stdout
            .lines()
            .filter(|l| {
                [": error: ", ": warning: ", ": hint: "]
                    .iter()
                    .any(|k| l.contains(k))
            })
            .collect();
        assert_eq!(
            problems,
            [format!(
                "{name}/submission.toml:27:10: warning: `A/HRC/??/??` is a placeholder, not a report symbol"
            )],
            "{stdout}{stderr}"
        );
        assert_eq!(code, 0);
        let (code, stderr) = uprc(dir.path(), &["build", name, "-o", &format!("{name}.pdf")]);
        assert_eq!(code, 0, "{stderr}");
        let submission =
            std::fs::read_to_string(dir.path().join(name).join("submission.toml")).unwrap();
        assert!(
            submission.contains(&format!("title = \"{title}\"")),
            "{submission}"
        );
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
    let (code, _) = uprc(dir.path(), &["init", "e", "--state", "XXX"]);
    assert_eq!(code, 2);
    let (code, _) = uprc(dir.path(), &["init", "e", "--language", "de"]);
    assert_eq!(code, 2);
}

#[test]
fn json_records_on_stdout_end_with_what_was_written() {
    let dir = common::minimal_with(&[]);
    let (code, stdout, stderr) = uprc_streams(
        dir.path(),
        &["build", "--message-format", "json", "sub", "-o", "out.pdf"],
    );
    assert_eq!(code, 0, "{stderr}");
    let records: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect(l))
        .collect();
    assert_eq!(records.len(), 2, "{stdout}");
    let output = &records[0];
    assert_eq!(output["type"], "output");
    assert_eq!(output["format"], "pdf");
    assert_eq!(output["path"], "out.pdf");
    assert_eq!(output["variant"], serde_json::Value::Null);
    assert_eq!(output["pages"], 1);
    assert_eq!(output["notes"], 3);
    assert_eq!(output["paragraphs"], 3);
    assert_eq!(output["word_limit"], 2815);
    assert_eq!(
        output["bytes"].as_u64(),
        Some(std::fs::metadata(dir.path().join("out.pdf")).unwrap().len())
    );
    assert_eq!(
        records[1],
        serde_json::json!({"type": "finished", "command": "build", "success": true})
    );
    // check: the word count as a record.
    let (code, stdout, _) = uprc_streams(dir.path(), &["check", "--message-format", "json", "sub"]);
    assert_eq!(code, 0);
    let first: serde_json::Value = serde_json::from_str(stdout.lines().next().unwrap()).unwrap();
    assert_eq!(first["type"], "word-count");
    assert_eq!(first["limit"], 2815);
    assert_eq!(first["sections"][0]["name"], "Summary");
    // short and github: one line for the file written, on stdout.
    let (_, stdout, _) = uprc_streams(
        dir.path(),
        &["build", "--message-format", "short", "sub", "-o", "out.pdf"],
    );
    assert!(stdout.starts_with("wrote out.pdf (1 page, "), "{stdout}");
    let (_, stdout, _) = uprc_streams(
        dir.path(),
        &[
            "build",
            "--message-format",
            "github",
            "sub",
            "-o",
            "out.pdf",
        ],
    );
    assert!(
        stdout.starts_with("::notice title=uprc::wrote out.pdf (1 page, "),
        "{stdout}"
    );
}

#[test]
fn bad_flag_values_are_usage_errors_never_panics() {
    let dir = common::minimal_with(&[]);
    for timeout in ["inf", "1e30", "nan", "-1", "0", "soon"] {
        for command in ["build", "watch"] {
            let flag = format!("--timeout={timeout}");
            let (code, stdout, stderr) = uprc_streams(dir.path(), &[command, "sub", &flag]);
            assert_eq!(code, 2, "{command} --timeout {timeout}: {stderr}");
            assert_eq!(stdout, "");
            assert!(
                stderr.starts_with(&format!(
                    "error: invalid value '{timeout}' for '--timeout <SECONDS>': "
                )),
                "{stderr}"
            );
            assert!(!stderr.contains("panicked"), "{stderr}");
        }
    }
    for args in [
        &["build", "sub", "--pdf-standard", "a-1a"][..],
        &["build", "sub", "--message-format", "xml"],
        &["check", "sub", "--variant", "../x"],
        &["build", "sub", "--variant", "nope"],
        &["build", "no-such-folder"],
        &["frobnicate"],
        &["build"],
    ] {
        let (code, _, stderr) = uprc_streams(dir.path(), args);
        assert_eq!(code, 2, "{args:?}: {stderr}");
        assert!(stderr.starts_with("error: "), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
}
