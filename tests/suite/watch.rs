//! `uprc watch` rebuilds on save, keeps the last good PDF on errors.

use crate::common;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
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

/// A watch process, stopped when the test ends, even by a failed assertion
/// (else it would keep the test harness's output open).
struct Watching(Child);

impl Drop for Watching {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl std::ops::Deref for Watching {
    type Target = Child;
    fn deref(&self) -> &Child {
        &self.0
    }
}

/// Starts `uprc watch` in `dir` with `args`; its stderr arrives line by line.
fn watch(dir: &std::path::Path, args: &[&str]) -> (Watching, mpsc::Receiver<String>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_uprc"))
        .current_dir(dir)
        .arg("watch")
        .args(args)
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
    (Watching(child), lines)
}

#[test]
fn rebuilds_on_save_and_keeps_the_last_good_pdf() {
    let dir = common::minimal_with(&[]);
    let (_watching, lines) = watch(dir.path(), &["sub", "-o", "out.pdf"]);
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
}

/// Processes whose parent is `pid` (Linux: /proc).
#[cfg(target_os = "linux")]
fn children(pid: u32) -> Vec<u32> {
    std::fs::read_dir("/proc")
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter(|child| {
            std::fs::read_to_string(format!("/proc/{child}/stat"))
                .ok()
                .and_then(|stat| {
                    // "pid (name) state ppid …"; the name may hold spaces.
                    let after = &stat[stat.rfind(')')? + 2..];
                    after.split_whitespace().nth(1)?.parse::<u32>().ok()
                })
                == Some(pid)
        })
        .collect()
}

#[cfg(target_os = "linux")]
#[test]
fn a_timed_out_rebuild_leaves_nothing_running() {
    let dir = common::minimal_with(&[]);
    let template = dir.path().join("template");
    std::fs::create_dir(&template).unwrap();
    std::fs::write(
        template.join("main.typ"),
        "#for i in range(2000000000) { }\n",
    )
    .unwrap();
    let (child, lines) = watch(
        dir.path(),
        &[
            "sub",
            "-o",
            "out.pdf",
            "--template",
            "template",
            "--timeout",
            "1",
        ],
    );
    wait_for(&lines, "typesetting did not finish within 1 s");
    wait_for(&lines, "built: failed");
    wait_for(&lines, "watching");
    let case = dir.path().join("sub/cases/one.toml");
    let original = std::fs::read_to_string(&case).unwrap();
    for round in 1..=3 {
        std::fs::write(&case, original.replace("First", &format!("Round {round}"))).unwrap();
        wait_for(&lines, "typesetting did not finish within 1 s");
        wait_for(&lines, &format!("rebuild {round}: failed"));
    }
    // Each timed-out worker was stopped: at most the fresh one is left.
    std::thread::sleep(Duration::from_millis(300));
    let workers = children(child.id());
    assert!(workers.len() <= 1, "workers left running: {workers:?}");
    for worker in &workers {
        let threads = std::fs::read_dir(format!("/proc/{worker}/task"))
            .unwrap()
            .count();
        assert!(threads <= 3, "worker {worker} has {threads} threads");
    }
    // A change to the template folder is seen too: the loop is fixed.
    std::fs::write(
        template.join("main.typ"),
        "#let data = json(\"/data.json\")\n#set document(title: data.meta.title)\n= #data.meta.title\n",
    )
    .unwrap();
    let line = wait_for(&lines, "rebuild 4:");
    assert!(line.contains("wrote out.pdf"), "{line}");
}
