//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::PathBuf;

use yusuan_ingest::{Block, RawTable, TextDocument, is_page_number};

/// A file under the `shared/` directory that sits beside the repository
/// (`CARGO_MANIFEST_DIR/../../../shared`).
pub fn shared(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared").join(rel)
}

/// The seed document, relative to `shared/`.
pub const SEED: &str = "seed/jianghan-2022-zhengfuban.txt";

/// The corpus text files, `corpus/NNN_….txt`, in order.
pub fn corpus() -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(shared("corpus"))
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".txt") && n.as_bytes()[0].is_ascii_digit())
        .map(|n| format!("corpus/{n}"))
        .collect();
    files.sort();
    files
}

/// The seed (`"seed"`) or the corpus file whose number starts with `prefix` (`"006"`).
pub fn file(prefix: &str) -> String {
    if prefix == "seed" {
        return SEED.to_owned();
    }
    corpus().into_iter().find(|f| f.starts_with(&format!("corpus/{prefix}"))).unwrap_or_else(|| panic!("{prefix}"))
}

pub fn read(rel: &str) -> TextDocument {
    let doc = TextDocument::read(shared(rel)).unwrap_or_else(|e| panic!("{e}"));
    assert_partition(&doc);
    doc
}

fn table_lines(t: &RawTable) -> Vec<usize> {
    let mut lines: Vec<usize> = t.title_line.into_iter().collect();
    lines.extend(t.preamble.iter().chain(&t.inner).chain(&t.trailing).map(|p| p.0));
    lines.extend(t.rows.iter().map(|r| r.line));
    lines
}

/// Every line that is neither blank, nor a page number, nor a header line is in
/// exactly one block; blocks follow each other in line order without overlap.
pub fn assert_partition(doc: &TextDocument) {
    let mut count = vec![0_u32; doc.lines.len() + 1];
    let mut previous_last = 0;
    for block in &doc.blocks {
        let lines = match block {
            Block::Text(t) => {
                assert_eq!(t.text, doc.lines[t.line - 1].trim(), "text block at line {}", t.line);
                vec![t.line]
            }
            Block::Table(t) => table_lines(t),
        };
        let (first, last) = (*lines.iter().min().unwrap(), *lines.iter().max().unwrap());
        assert!(first > previous_last, "block at line {first} overlaps or precedes line {previous_last}");
        previous_last = last;
        for l in lines {
            count[l] += 1;
        }
    }
    for (i, line) in doc.lines.iter().enumerate() {
        let t = line.trim();
        let expected = i >= doc.header.len() && !t.is_empty() && (line.contains('\t') || !is_page_number(t));
        assert_eq!(count[i + 1], u32::from(expected), "line {}: {line:?}", i + 1);
    }
}

/// One line per table, for `--nocapture` output.
pub fn summary(name: &str, doc: &TextDocument) {
    println!("{name}: {} lines, {} tables", doc.lines.len(), doc.tables().count());
    for t in doc.tables() {
        let (header, body) = yusuan_ingest::header_and_body(t);
        println!(
            "  L{:<4} #{:<3} {:<40} unit={:<3} rows={:>3} (header {}, body {}) trailing={}",
            t.span().0,
            t.number.map_or("-".to_owned(), |n| n.to_string()),
            t.title.as_deref().unwrap_or("(untitled)"),
            t.unit.map_or("?", |u| u.label()),
            t.rows.len(),
            header.len(),
            body.len(),
            t.trailing.len(),
        );
    }
}
