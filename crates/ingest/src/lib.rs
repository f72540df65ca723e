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
//! of a template's tables a [`RawTable`] is, and it does not read GB18030 or other
//! encodings — non-UTF-8 input is refused with [`IngestError::NotUtf8`].

pub mod cells;
mod error;
pub mod text;

pub use cells::{header_and_body, is_body_row, parse_amount_cell};
pub use error::IngestError;
pub use text::{
    Block, RawRow, RawTable, TextDocument, TextLine, Title, is_page_number, parse_label, parse_unit_name, title_of,
    unit_in,
};
