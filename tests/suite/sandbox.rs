//! The Typst world reads only the template, the data and the submission
//! folder: a user template cannot reach other files, and a template that
//! never ends is stopped.

use crate::common;

use std::time::{Duration, Instant};

use assert_cmd::Command;

/// Builds the minimal submission with a user template folder holding `main.typ`.
fn build_with_template(main: &str, extra: &[&str]) -> (i32, String, tempfile::TempDir) {
    let dir = common::minimal_with(&[]);
    let template = dir.path().join("template");
    std::fs::create_dir(&template).unwrap();
    std::fs::write(template.join("main.typ"), main).unwrap();
    std::fs::write(dir.path().join("secret.txt"), "secret").unwrap();
    std::fs::write(dir.path().join("x.png"), b"\x89PNG\r\n\x1a\n").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(dir.path().join("secret.txt"), template.join("link.txt")).unwrap();
    let output = Command::cargo_bin("uprc")
        .unwrap()
        .current_dir(dir.path())
        .args(["build", "sub", "-o", "out.pdf", "--template", "template"])
        .args(extra)
        .output()
        .unwrap();
    (
        output.status.code().unwrap(),
        String::from_utf8(output.stderr).unwrap(),
        dir,
    )
}

#[test]
fn a_user_template_replaces_the_built_in_one() {
    let (code, stderr, dir) = build_with_template(
        "#let data = json(\"/data.json\")\n#set document(title: data.meta.title)\n= #data.meta.title\n",
        &[],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(
        std::fs::read(dir.path().join("out.pdf"))
            .unwrap()
            .starts_with(b"%PDF")
    );
}

#[test]
fn a_template_cannot_read_outside_its_roots() {
    for (main, expected) in [
        (
            "#read(\"/etc/passwd\")",
            "file not found (searched at /etc/passwd)",
        ),
        (
            "#image(\"../x.png\")",
            "file not found (searched at /x.png)",
        ),
        (
            "#read(\"../../secret.txt\")",
            "would escape the project root",
        ),
        ("#read(\"link.txt\")", "access denied"),
        ("#import \"@preview/example:0.1.0\"", "package not found"),
    ] {
        let (code, stderr, dir) = build_with_template(main, &[]);
        assert_eq!(code, 1, "{main}: {stderr}");
        assert!(
            stderr.contains(expected),
            "{main}: expected {expected:?} in\n{stderr}"
        );
        assert!(
            stderr.contains("template:template/main.typ:1:"),
            "{main}: the error points into the template:\n{stderr}"
        );
        assert!(
            !stderr.contains("root:x:0:0") && !stderr.contains("secret\n"),
            "{stderr}"
        );
        assert!(!dir.path().join("out.pdf").exists());
    }
}

#[test]
fn a_template_that_never_ends_is_stopped_by_the_deadline() {
    let started = Instant::now();
    let (code, stderr, dir) =
        build_with_template("#for i in range(2000000000) { }\n", &["--timeout", "1"]);
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "took {:?}",
        started.elapsed()
    );
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("typesetting did not finish within 1 s"),
        "{stderr}"
    );
    assert!(stderr.contains("--timeout SECONDS"), "{stderr}");
    assert!(!dir.path().join("out.pdf").exists());
}

#[test]
fn an_unwritable_output_gives_a_clear_error() {
    let dir = common::minimal_with(&[]);
    let uprc = |out: &str| {
        let output = Command::cargo_bin("uprc")
            .unwrap()
            .current_dir(dir.path())
            .args(["build", "sub", "-o", out])
            .output()
            .unwrap();
        (
            output.status.code().unwrap(),
            String::from_utf8(output.stderr).unwrap(),
        )
    };
    let (code, stderr) = uprc("missing/out.pdf");
    assert_eq!(code, 2);
    assert!(
        stderr.contains("error: cannot write missing/out.pdf"),
        "{stderr}"
    );
    std::fs::create_dir(dir.path().join("a-folder")).unwrap();
    let (code, stderr) = uprc("a-folder");
    assert_eq!(code, 2);
    assert!(stderr.contains("error: cannot write a-folder"), "{stderr}");
    let (code, _) = uprc("sub/submission.toml/x.pdf");
    assert_eq!(code, 2);
}
