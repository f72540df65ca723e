//! Auditing published disclosures: a document is read by `yusuan-ingest`
//! (text, HTML, XLSX, PDF), its template and tables recognised, its narrative
//! figures bound to what they measure, facts recovered from its forms, and
//! the checker of `yusuan-check` run over all of it ([`pipeline`]). [`import`]
//! writes what a document allows to recover as a native package.

pub mod import;
pub mod pipeline;
pub mod places;

pub use pipeline::{DocAudit, audit_all, audit_file, audit_parts, collect, publications};
pub use places::PdfPlace;
