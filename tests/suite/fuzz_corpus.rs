//! Replays the fuzzing corpus (fuzz/corpus/) and every crash the fuzzers
//! found (fuzz/artifacts/, fixed since) through the same harnesses, so they
//! stay fixed. See fuzz/README.md for running the fuzzers themselves.

#[allow(dead_code)]
mod harness {
    include!("../../fuzz/harness.rs");
}

use std::path::Path;

fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut inputs = Vec::new();
    for folder in [
        root.join("corpus").join(target),
        root.join("artifacts").join(target),
    ] {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            inputs.push((path.display().to_string(), std::fs::read(&path).unwrap()));
        }
    }
    inputs.sort();
    inputs
}

#[test]
fn load_check_corpus_and_crashes_do_not_panic() {
    let inputs = inputs("load_check");
    assert!(inputs.len() >= 5, "the seed corpus is committed");
    for (name, data) in inputs {
        let result = std::panic::catch_unwind(|| harness::load_check(&data));
        assert!(result.is_ok(), "{name} panics");
    }
}

#[test]
fn prose_typeset_corpus_and_crashes_do_not_panic() {
    let inputs = inputs("prose_typeset");
    assert!(inputs.len() >= 5, "the seed corpus is committed");
    for (name, data) in inputs {
        let Ok(text) = std::str::from_utf8(&data) else {
            continue;
        };
        let result = std::panic::catch_unwind(|| harness::prose_typeset(text));
        assert!(result.is_ok(), "{name} panics");
    }
}
