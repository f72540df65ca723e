//! PDF disclosures: glyphs and ruling lines read by `yusuan-pdfread`, tables
//! rebuilt from the rules, and the result — narrative lines as text, table rows
//! as TAB-separated cells — read by the text reader like any other text. Each
//! line also keeps its page and box ([`TextDocument::places`]).

use crate::{IngestError, LinePlace, TextDocument};

/// Reads a PDF's bytes; `name` names it in errors.
pub fn read_pdf(bytes: &[u8], name: &str) -> Result<TextDocument, IngestError> {
    let doc = yusuan_pdfread::read_pdf(bytes)
        .map_err(|e| IngestError::NotPdf { name: name.to_owned(), reason: e.to_string() })?;
    layout(std::slice::from_ref(&doc), name)
}

/// Reads the PDFs of one publication (narrative and tables) as one document, in the order given.
pub fn read_pdfs(parts: &[(Vec<u8>, String)]) -> Result<TextDocument, IngestError> {
    let mut docs = Vec::with_capacity(parts.len());
    for (bytes, name) in parts {
        docs.push(
            yusuan_pdfread::read_pdf(bytes)
                .map_err(|e| IngestError::NotPdf { name: name.clone(), reason: e.to_string() })?,
        );
    }
    layout(&docs, parts.first().map_or("", |p| p.1.as_str()))
}

/// The lines of the documents read, as a [`TextDocument`]. The layout never
/// panics by design; should it, the document is refused, not half-read.
fn layout(docs: &[yusuan_pdfread::PdfDocument], name: &str) -> Result<TextDocument, IngestError> {
    std::panic::catch_unwind(|| yusuan_pdfread::to_text_many(docs)).map(|text| document(&text)).map_err(|_| {
        IngestError::NotPdf {
            name: name.to_owned(),
            reason: "内部错误：无法排版 internal error while laying out the text".into(),
        }
    })
}

fn document(text: &yusuan_pdfread::PdfText) -> TextDocument {
    let mut doc = TextDocument::parse(&text.text());
    let tenths = |b: [f32; 4]| b.map(|v| (v * 10.0).round() as i32);
    doc.places = text
        .lines
        .iter()
        .map(|l| {
            let source = text.pages.get(l.page.wrapping_sub(1));
            let user = |b: &[f32; 4]| tenths(source.map_or(*b, |s| yusuan_pdfread::user_box(&s.to_user, *b)));
            LinePlace {
                page: u32::try_from(l.page).unwrap_or(u32::MAX),
                bbox: tenths(l.bbox),
                file: source.map_or(0, |s| u32::try_from(s.file).unwrap_or(u32::MAX)),
                file_page: source.map_or(0, |s| u32::try_from(s.page).unwrap_or(u32::MAX)),
                cells: l.cells.iter().map(user).collect(),
                chars: l.chars.iter().map(user).collect(),
            }
        })
        .collect();
    doc
}
