//! cargo fuzz run prose_typeset: arbitrary prose through lowering,
//! typesetting and PDF export (see ../harness.rs).
#![no_main]

include!("../harness.rs");

libfuzzer_sys::fuzz_target!(|text: &str| prose_typeset(text));
