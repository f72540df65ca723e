//! Why a document could not be read.

use std::path::PathBuf;

/// An input that cannot be turned into a document.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// The file could not be read at all.
    #[error("{path}: cannot read the file: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The bytes are neither UTF-8 (or UTF-16 with a BOM) nor GB18030 text.
    #[error(
        "{name}: 不是文本文件（既非 UTF-8 也非 GB18030，第 {offset} 字节起无法解码） not text: neither UTF-8 nor GB18030 \
         (undecodable from byte offset {offset})"
    )]
    NotUtf8 { name: String, offset: usize },
    /// The bytes are not a readable XLSX workbook.
    #[error("{name}: 不是有效的 XLSX 工作簿 not a readable XLSX workbook: {reason}")]
    NotXlsx { name: String, reason: String },
    /// The bytes are not a readable PDF, or it has no text layer (a scan).
    #[error("{name}: {reason}")]
    NotPdf { name: String, reason: String },
}
