//! Reading PDFs: every corpus PDF (`../shared/corpus/src_pdf/` and
//! `govbudgetchecker_samples/`) read into pages (glyphs and rules) and laid out
//! as text, and the whole PDF audit of one 33-page disclosure. Target: at most
//! the time of `pdftotext -layout` on the same files (see
//! `cargo run --release -p yusuan-pdfread --example speed` for the side-by-side).

use std::path::{Path, PathBuf};

use divan::counter::{BytesCount, ItemsCount};

fn main() {
    divan::main();
}

fn walk(p: &Path, out: &mut Vec<PathBuf>) {
    if p.is_dir() {
        for e in std::fs::read_dir(p).into_iter().flatten().flatten() {
            walk(&e.path(), out);
        }
    } else if p.extension().is_some_and(|x| x == "pdf") {
        out.push(p.to_owned());
    }
}

fn corpus() -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    walk(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus"), &mut files);
    files.sort();
    files
        .into_iter()
        .map(|f| (f.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&f).unwrap()))
        .collect()
}

/// Every corpus PDF: read and laid out as text, one after the other.
#[divan::bench(sample_count = 20)]
fn corpus_read_and_layout(b: divan::Bencher) {
    let files = corpus();
    let bytes: usize = files.iter().map(|f| f.1.len()).sum();
    b.counter(BytesCount::new(bytes)).counter(ItemsCount::new(files.len())).bench(|| {
        files
            .iter()
            .filter_map(|(_, f)| yusuan_pdfread::read_pdf(f).ok())
            .map(|d| yusuan_pdfread::to_text(&d).lines.len())
            .sum::<usize>()
    });
}

/// Reading only (content streams → glyphs and rules).
#[divan::bench(sample_count = 20)]
fn corpus_read(b: divan::Bencher) {
    let files = corpus();
    b.counter(ItemsCount::new(files.len())).bench(|| {
        files.iter().filter_map(|(_, f)| yusuan_pdfread::read_pdf(f).ok()).map(|d| d.pages.len()).sum::<usize>()
    });
}

/// One 33-page disclosure (014, Word): read, laid out, and read by the text reader.
#[divan::bench(sample_count = 20)]
fn one_document_to_text_document(b: divan::Bencher) {
    let files = corpus();
    let Some((name, bytes)) = files.iter().find(|f| f.0.starts_with("014_")) else { return };
    b.bench(|| yusuan_ingest::pdf::read_pdf(bytes, name).map(|d| d.lines.len()));
}
