//! The typst `World` of one document: the built-in template as the main
//! source, the presentation model as `doc.json`, the fonts; no file system,
//! no packages, no clock.

use std::sync::OnceLock;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

/// The layout of the disclosure (typst markup).
pub const TEMPLATE: &str = include_str!("../templates/disclosure.typ");

fn file_id(path: &str) -> FileId {
    RootedPath::new(VirtualRoot::Project, VirtualPath::new(path).expect("valid virtual path")).intern()
}

fn library() -> &'static LazyHash<Library> {
    static LIBRARY: OnceLock<LazyHash<Library>> = OnceLock::new();
    LIBRARY.get_or_init(|| LazyHash::new(Library::default()))
}

pub struct DocWorld {
    main: Source,
    data_id: FileId,
    data: Bytes,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

impl DocWorld {
    /// A world laying out `json` (the presentation model) with `fonts`.
    pub fn new(json: String, fonts: Vec<Font>) -> DocWorld {
        let main = Source::new(file_id("/disclosure.typ"), TEMPLATE.to_owned());
        let book = LazyHash::new(FontBook::from_fonts(&fonts));
        DocWorld { main, data_id: file_id("/doc.json"), data: Bytes::from_string(json), book, fonts }
    }

    /// The source of the template, for locating diagnostics.
    pub fn main_source(&self) -> &Source {
        &self.main
    }
}

impl World for DocWorld {
    fn library(&self) -> &LazyHash<Library> {
        library()
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() { Ok(self.main.clone()) } else { Err(FileError::NotSource) }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.data_id {
            Ok(self.data.clone())
        } else if id == self.main.id() {
            Ok(Bytes::from_string(self.main.text().to_owned()))
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        None
    }
}
