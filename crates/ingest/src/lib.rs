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
pub mod recognize;
pub mod text;
pub mod views;
pub mod xlsx;

pub use cells::{header_and_body, is_body_row, parse_amount_cell};
pub use error::IngestError;
pub use text::{
    Block, RawRow, RawTable, TextDocument, TextLine, Title, is_page_number, parse_label, parse_unit_name, title_of,
    unit_in,
};

/// Reads a published document by its file type: `.html` / `.htm` (tables from
/// `<table>`), `.xlsx` (every sheet), anything else as text (UTF-8, UTF-16 with
/// BOM, or GB18030).
pub fn read_path(path: &std::path::Path) -> Result<TextDocument, IngestError> {
    let bytes = std::fs::read(path).map_err(|source| IngestError::Io { path: path.to_owned(), source })?;
    let name = path.display().to_string();
    match path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
        Some("html" | "htm" | "xhtml") => html::read_html(&bytes, &name),
        Some("xlsx" | "xlsm") => xlsx::read_xlsx(&bytes, &name),
        _ => TextDocument::from_bytes(&bytes, &name),
    }
}
