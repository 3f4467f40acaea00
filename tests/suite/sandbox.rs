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
        stderr.contains("error: cannot write missing/out.pdf: there is no folder `missing`"),
        "{stderr}"
    );
    std::fs::create_dir(dir.path().join("a-folder")).unwrap();
    let (code, stderr) = uprc("a-folder");
    assert_eq!(code, 2);
    assert!(stderr.contains("error: cannot write a-folder"), "{stderr}");
    let (code, _) = uprc("sub/submission.toml/x.pdf");
    assert_eq!(code, 2);
}

/// A folder the user may not write to. Root may write anywhere, so as root
/// (as in CI) uprc runs as the unprivileged user `nobody` instead.
#[cfg(unix)]
#[test]
fn a_read_only_output_folder_gives_a_clear_error_and_keeps_the_old_pdf() {
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::process::CommandExt;
    let dir = common::minimal_with(&[]);
    let root = dir.path();
    // The binary and the submission must be reachable by `nobody`.
    let binary = root.join("uprc");
    std::fs::copy(env!("CARGO_BIN_EXE_uprc"), &binary).unwrap();
    std::fs::set_permissions(root, std::fs::Permissions::from_mode(0o755)).unwrap();
    let out = root.join("read-only");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("sub.pdf"), "the previous PDF").unwrap();
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o555)).unwrap();
    let mut command = std::process::Command::new(&binary);
    command
        .current_dir(root)
        .args(["build", "sub", "-o", "read-only/sub.pdf"]);
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } == 0 {
        command.uid(65534).gid(65534);
    }
    let output = command.output().unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(
            "error: cannot write read-only/sub.pdf: no permission to write in the folder `read-only`"
        ),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("sub.pdf")).unwrap(),
        "the previous PDF"
    );
    assert_eq!(
        std::fs::read_dir(&out).unwrap().count(),
        1,
        "no temporary file left"
    );
}

#[cfg(unix)]
#[test]
fn every_file_is_read_through_the_sandbox_variants_included() {
    let dir = common::minimal_with(&[]);
    let folder = dir.path().join("sub");
    // A variant file that is a symbolic link to a file outside the folder.
    std::fs::write(
        dir.path().join("outside.toml"),
        "[summary]\ntext = \"leaked\"\n",
    )
    .unwrap();
    std::fs::create_dir(folder.join("variants")).unwrap();
    std::os::unix::fs::symlink(
        dir.path().join("outside.toml"),
        folder.join("variants/out.toml"),
    )
    .unwrap();
    let compilation = uprc::check_variant(&folder, Some("out"));
    let found = common::short_diagnostics(&compilation, &folder);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].ends_with(
            "error: `variants/out.toml` leads outside the submission folder (through a symbolic link)"
        ),
        "{found:?}"
    );
    // submission.toml itself goes through the same resolver.
    let linked = tempfile::tempdir().unwrap();
    let inner = linked.path().join("sub");
    std::fs::create_dir(&inner).unwrap();
    std::os::unix::fs::symlink(
        folder.join("submission.toml"),
        inner.join("submission.toml"),
    )
    .unwrap();
    let compilation = uprc::check_folder(&inner);
    let found = common::short_diagnostics(&compilation, &inner);
    assert!(
        found.len() == 1 && found[0].contains("leads outside the submission folder"),
        "{found:?}"
    );
    // The library refuses a variant name that would leave the folder.
    std::fs::write(dir.path().join("x.toml"), "[summary]\ntext = \"x\"\n").unwrap();
    for name in ["../x", "../../x", "/tmp/x", ""] {
        let compilation = uprc::check_variant(&folder, Some(name));
        assert!(compilation.has_errors(), "{name}");
        assert!(
            compilation.diagnostics[0]
                .message
                .contains("cannot name a variant"),
            "{name}: {:?}",
            compilation.diagnostics[0].message
        );
    }
}
