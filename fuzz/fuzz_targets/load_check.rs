//! cargo fuzz run load_check: a submission folder one of whose files is
//! arbitrary bytes (see ../harness.rs).
#![no_main]

include!("../harness.rs");

libfuzzer_sys::fuzz_target!(|data: &[u8]| load_check(data));
