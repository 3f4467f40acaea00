//! The integration tests, linked into one binary: each test binary links all
//! of Typst, so one binary instead of fourteen keeps the build's time and
//! disk use down. Run a part with `cargo test --test suite <module>::`.

mod common;

mod cli;
mod determinism;
mod diagnostics;
mod docx;
mod example;
mod french_example;
mod fuzz_corpus;
mod import;
mod injection;
mod invariants;
mod layout;
mod libreoffice;
mod notes;
mod pdf;
mod sandbox;
mod schema;
mod structure;
mod variants;
mod visual;
mod watch;
