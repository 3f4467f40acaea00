//! cargo fuzz run prose_invariant: generated prose in en/fr/es/ru loses no
//! word, punctuation or note mark on its way to the page (see ../harness.rs).
#![no_main]

include!("../harness.rs");

libfuzzer_sys::fuzz_target!(|data: &[u8]| prose_invariant(data));
