//! The text reader and the amount parser never panic, whatever the bytes.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(doc) = yusuan_ingest::TextDocument::from_bytes(data, "fuzz") {
        for t in doc.tables() {
            let (_, body) = yusuan_ingest::header_and_body(t);
            for row in body {
                for cell in &row.cells {
                    let _ = yusuan_ingest::parse_amount_cell(cell, yusuan_model::MoneyUnit::WanYuan);
                }
            }
        }
    }
});
