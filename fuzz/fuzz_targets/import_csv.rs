//! Arbitrary bytes as a CSV disclosure or rectification status file, through the same
//! `check` that `sunshine import` and the admin site's uploads run.
#![no_main]

mod import_common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    import_common::check_file("fuzz.csv", data);
});
