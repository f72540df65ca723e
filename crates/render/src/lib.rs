//! Renderers for a disclosure document ([`yusuan_model::view::Document`]).
//!
//! - [`markdown`]: the whole disclosure as GitHub-flavoured Markdown;
//! - [`html`]: one self-contained, print-ready HTML file (A4, Chinese
//!   typesetting, merged table headers, landscape pages for wide tables);
//!   print it to PDF with Chromium (`chromium --headless --print-to-pdf`);
//! - [`table_csv`] and [`csv_file_name`]: one CSV per public table
//!   (UTF-8 with BOM, plain machine-readable numbers);
//! - [`write_atomic`]: write any of these to disk without ever leaving a
//!   partial file.
//!
//! Money is printed only through [`yusuan_model::Cell::display`] and
//! [`yusuan_model::Amount::format`] / `format_grouped`: never through floats.

mod docx;
mod fdp;
mod grid;
mod html;
mod markdown;
mod outline;
mod tablecsv;
mod text;
mod write;
pub mod xlsx;
mod xlsx_tables;

pub use docx::docx;
pub use fdp::{FdpFile, fdp};
pub use html::{DENSE_ABOVE_COLUMNS, LANDSCAPE_ABOVE_COLUMNS, html, html_addressed, presentation_json};
pub use markdown::markdown;
pub use tablecsv::{UTF8_BOM, csv_file_name, table_csv};
pub use text::text;
pub use write::write_atomic;
pub use xlsx_tables::xlsx_document;
