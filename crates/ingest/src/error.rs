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
    /// The bytes are not UTF-8. Disclosures saved as GB18030 / GBK (or UTF-16)
    /// must be converted before this reader can take them.
    #[error(
        "{name}: not UTF-8 text (invalid byte sequence at byte offset {offset}); this reader accepts UTF-8 only — \
         convert the file first, e.g. `iconv -f GB18030 -t UTF-8`"
    )]
    NotUtf8 { name: String, offset: usize },
}
