//! The HTML reader never panics, whatever the bytes.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = yusuan_ingest::html::read_html(data, "fuzz.html");
});
