//! The XLSX reader never panics, whatever the bytes (zip and XML included).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = yusuan_ingest::xlsx::read_xlsx(data, "fuzz.xlsx");
});
