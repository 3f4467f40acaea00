//! Same inputs, same bytes; a failed build leaves the previous PDF alone.

use crate::common;

use assert_cmd::Command;

#[test]
fn two_builds_give_identical_bytes() {
    let first = uprc::compile(&common::example())
        .output
        .expect("builds")
        .pdf;
    let second = uprc::compile(&common::example())
        .output
        .expect("builds")
        .pdf;
    assert!(first.starts_with(b"%PDF-"));
    assert_eq!(first, second);
    // No wall-clock time: the document date is the submission's.
    let text = String::from_utf8_lossy(&first);
    assert!(
        text.contains("2014-03-24") || text.contains("D:20140324"),
        "document date from the data"
    );
}

#[test]
fn cli_builds_are_byte_identical_and_a_failed_build_keeps_the_old_pdf() {
    let dir = common::minimal_with(&[]);
    let build = |out: &str| {
        Command::cargo_bin("uprc")
            .unwrap()
            .current_dir(dir.path())
            .args(["build", "sub", "-o", out])
            .output()
            .unwrap()
    };
    assert!(build("a.pdf").status.success());
    assert!(build("b.pdf").status.success());
    let a = std::fs::read(dir.path().join("a.pdf")).unwrap();
    assert_eq!(a, std::fs::read(dir.path().join("b.pdf")).unwrap());

    // Default output name comes from the folder.
    let default = Command::cargo_bin("uprc")
        .unwrap()
        .current_dir(dir.path())
        .args(["build", "sub"])
        .output()
        .unwrap();
    assert!(default.status.success());
    assert_eq!(std::fs::read(dir.path().join("sub.pdf")).unwrap(), a);

    // Break the data: the build fails with exit 1 and a.pdf is untouched.
    let case = dir.path().join("sub/cases/one.toml");
    let text = std::fs::read_to_string(&case).unwrap();
    std::fs::write(&case, text.replace("[^src-b]", "[^nope]")).unwrap();
    let failed = build("a.pdf");
    assert_eq!(failed.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&failed.stderr).contains("unknown source `nope`"));
    assert_eq!(std::fs::read(dir.path().join("a.pdf")).unwrap(), a);
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}
