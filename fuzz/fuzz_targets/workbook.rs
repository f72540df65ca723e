//! The fill-in workbook reader never panics, whatever the bytes.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = yusuan_workbook::read(data, "fuzz.xlsx");
});
