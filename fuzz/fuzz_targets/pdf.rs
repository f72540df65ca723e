//! The PDF reader and its table layout never panic, whatever the bytes.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(doc) = yusuan_pdfread::read_pdf(data) {
        let _ = yusuan_pdfread::to_text(&doc);
    }
});
