//! PDFs through the ingest front door: `read_path` on a `.pdf`, the two PDFs of
//! one publication read together (`read_paths`), every line with its page and box.

mod common;

use std::path::PathBuf;

fn parts(prefix: &str) -> Option<Vec<PathBuf>> {
    let dir = common::shared("corpus/src_pdf");
    if !dir.exists() {
        assert!(std::env::var_os("CI").is_none(), "../shared/corpus/src_pdf is missing (CI is set)");
        eprintln!("skipped: ../shared/corpus/src_pdf not found");
        return None;
    }
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().flatten().map(|e| e.path()).collect();
    v.retain(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix));
    v.sort();
    Some(v)
}

#[test]
fn a_publication_in_two_pdfs_reads_as_one_document() {
    let Some(files) = parts("013_") else { return };
    assert_eq!(files.len(), 2);
    let narrative = yusuan_ingest::read_path(&files[0]).unwrap();
    let tables = yusuan_ingest::read_path(&files[1]).unwrap();
    let both = yusuan_ingest::read_paths(&files).unwrap();
    common::assert_partition(&both);
    assert_eq!(both.lines.len(), narrative.lines.len() + tables.lines.len());
    assert_eq!(both.places.len(), both.lines.len());
    // Pages are numbered on: the tables start after the narrative's pages.
    let last_narrative_page = narrative.places.last().unwrap().page;
    assert!(both.places[narrative.lines.len()].page > last_narrative_page);
    assert_eq!(narrative.tables().count(), 0);
    assert!(both.tables().count() >= 12, "{}", both.tables().count());
    // A table row's box lies on its page.
    let row = both.tables().next().unwrap().rows[0].line;
    let place = &both.places[row - 1];
    assert!(place.bbox[0] < place.bbox[2] && place.bbox[1] < place.bbox[3], "{place:?}");
}

#[test]
fn not_a_pdf_is_a_clear_error() {
    let dir = std::env::temp_dir().join(format!("yusuan-pdf-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let f = dir.join("broken.pdf");
    std::fs::write(&f, b"%PDF-1.4\nnot really").unwrap();
    let err = yusuan_ingest::read_path(&f).unwrap_err().to_string();
    assert!(err.contains("broken.pdf") && err.contains("PDF"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}
