//! `uprc watch` rebuilds on save, keeps the last good PDF on errors.

use crate::common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// Waits for a line of the watcher's output containing `needle`.
fn wait_for(lines: &mpsc::Receiver<String>, needle: &str) -> String {
    loop {
        match lines.recv_timeout(Duration::from_secs(30)) {
            Ok(line) if line.contains(needle) => return line,
            Ok(_) => continue,
            Err(_) => panic!("no line with {needle:?} within 30 s"),
        }
    }
}

#[test]
fn rebuilds_on_save_and_keeps_the_last_good_pdf() {
    let dir = common::minimal_with(&[]);
    let mut child = Command::new(env!("CARGO_BIN_EXE_uprc"))
        .current_dir(dir.path())
        .args(["watch", "sub", "-o", "out.pdf"])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (sender, lines) = mpsc::channel();
    let stderr = child.stderr.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = sender.send(line);
        }
    });
    let pdf = dir.path().join("out.pdf");
    let case = dir.path().join("sub/cases/one.toml");
    let original = std::fs::read_to_string(&case).unwrap();

    wait_for(&lines, "built: wrote out.pdf");
    wait_for(&lines, "watching");
    let first = std::fs::read(&pdf).unwrap();

    std::fs::write(
        &case,
        original.replace("First paragraph", "Opening paragraph"),
    )
    .unwrap();
    let line = wait_for(&lines, "rebuild 1:");
    assert!(line.contains("wrote out.pdf"), "{line}");
    let second = std::fs::read(&pdf).unwrap();
    assert_ne!(first, second, "the edit reached the PDF");

    std::fs::write(&case, original.replace("[^src-a]", "[^nowhere]")).unwrap();
    wait_for(&lines, "unknown source `nowhere`");
    let line = wait_for(&lines, "rebuild 2:");
    assert!(
        line.contains("failed") && line.contains("keeps the last good version"),
        "{line}"
    );
    assert_eq!(std::fs::read(&pdf).unwrap(), second);

    child.kill().unwrap();
    child.wait().unwrap();
}
