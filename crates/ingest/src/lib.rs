//! Readers for published budget disclosures (部门预算 / 部门决算公开).
//!
//! The first reader is the **plain-text reader** ([`TextDocument`]): a disclosure
//! given as UTF-8 text in which every ruled table row is one line with its cells
//! separated by TAB (an empty cell is an empty field, so column positions are
//! kept), and everything else — titles, `单位：万元`, `公开表 1`, narrative,
//! `注：…` notes, stray page numbers — is a plain line. This is the format of the
//! seed and of `shared/corpus/NNN_*.txt`.
//!
//! What the reader does:
//! - splits the text into lines (`\n`, `\r\n` or `\r`; a UTF-8 BOM is dropped) and
//!   keeps them, numbered from 1, so every finding can point at a line;
//! - groups the TAB rows into [`RawTable`]s (the rules are in [`text`]), each with
//!   the nearest title line, the table number of a `公开表 N` / `公开0N表` / `一、…`
//!   label, the money unit of a `单位：万元` line, the reporting body of a
//!   `单位名称：…` line, and the plain lines that belong to the table (notes and
//!   "本表无数据" statements right after it);
//! - leaves every other line as a [`Block::Text`] in document order;
//! - offers [`header_and_body`] to separate header rows from body rows, and
//!   [`parse_amount_cell`] to read a cell as an exact [`yusuan_model::Amount`].
//!
//! What it does not do: it does not interpret columns, codes, names or amounts
//! (cells stay text; no number is ever held as a float), it does not decide which
//! of a template's tables a [`RawTable`] is. Text is decoded from UTF-8, UTF-16
//! (with BOM) or GB18030 ([`encoding`]); anything else is refused with [`IngestError::NotUtf8`].

pub mod cells;
pub mod encoding;
mod error;
pub mod facts;
pub mod html;
pub mod narrative;
pub mod pdf;
pub mod recognize;
pub mod text;
pub mod views;
pub mod xlsx;

pub use cells::{header_and_body, is_body_row, parse_amount_cell};
pub use error::IngestError;
pub use text::{
    Block, LinePlace, RawRow, RawTable, TextDocument, TextLine, Title, is_page_number, parse_label, parse_unit_name,
    title_of, unit_in,
};

/// Reads a published document by its file type: `.html` / `.htm` (tables from
/// `<table>`), `.xlsx` (every sheet), `.pdf` (tables rebuilt from positioned
/// text and ruling lines, [`pdf`]), anything else as text (UTF-8, UTF-16 with
/// BOM, or GB18030).
pub fn read_path(path: &std::path::Path) -> Result<TextDocument, IngestError> {
    let bytes = std::fs::read(path).map_err(|source| IngestError::Io { path: path.to_owned(), source })?;
    let name = path.display().to_string();
    match path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
        Some("html" | "htm" | "xhtml") => html::read_html(&bytes, &name),
        Some("xlsx" | "xlsm") => xlsx::read_xlsx(&bytes, &name),
        Some("pdf") => pdf::read_pdf(&bytes, &name),
        _ => TextDocument::from_bytes(&bytes, &name),
    }
}

/// Reads several files of one publication as one document (a narrative PDF and a
/// tables PDF, `…_part1.pdf` + `…_part2.pdf`): PDFs are read together (pages
/// numbered on); other files are read on their own and their texts follow.
pub fn read_paths(paths: &[std::path::PathBuf]) -> Result<TextDocument, IngestError> {
    if let [one] = paths {
        return read_path(one);
    }
    let is_pdf =
        |p: &std::path::PathBuf| p.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case("pdf"));
    if paths.iter().all(is_pdf) {
        let mut parts = Vec::with_capacity(paths.len());
        for p in paths {
            let bytes = std::fs::read(p).map_err(|source| IngestError::Io { path: p.to_owned(), source })?;
            parts.push((bytes, p.display().to_string()));
        }
        return pdf::read_pdfs(&parts);
    }
    let mut text = String::new();
    for p in paths {
        let doc = read_path(p)?;
        for l in &doc.lines[doc.header.len()..] {
            text.push_str(l);
            text.push('\n');
        }
    }
    Ok(TextDocument::parse(&text))
}
