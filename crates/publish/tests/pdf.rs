//! The example's PDF, read back with poppler (`pdftotext`, installed by
//! `.ci/run`): every table figure is printed, continued tables repeat their
//! header, nothing runs past the page's right edge, no glyph is missing.
#![cfg(feature = "pdf")]

mod common;

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

use yusuan_model::view::{Block, Cell, Document};
use yusuan_publish::Format;

fn example_pdf() -> (Document, tempfile::TempDir) {
    let published = common::example();
    let out = published.render(&[Format::Pdf], None).expect("the example renders as PDF");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("doc.pdf"), &out[0].bytes).unwrap();
    (published.derived.document, dir)
}

fn poppler(tool: &str, args: &[&str], pdf: &Path) -> String {
    // pdftotext writes to a file unless told `-`; pdffonts always prints.
    let stdout: &[&str] = if tool == "pdftotext" { &["-"] } else { &[] };
    let out = Command::new(tool).args(args).arg(pdf).args(stdout).output().unwrap_or_else(|e| {
        panic!("{tool} not found ({e}); install poppler-utils (Debian: apt-get install poppler-utils)")
    });
    assert!(out.status.success(), "{tool} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("UTF-8 text")
}

/// The text of each page (pdftotext separates pages by form feeds).
fn pages(pdf: &Path) -> Vec<String> {
    poppler("pdftotext", &["-layout"], pdf).split('\u{c}').map(str::to_owned).collect()
}

#[test]
fn every_table_figure_is_in_the_pdf_text() {
    let (doc, dir) = example_pdf();
    let text: String = pages(&dir.path().join("doc.pdf")).concat();
    // Each figure must occur in the PDF at least as often as the tables print it.
    let mut wanted: HashMap<String, usize> = HashMap::new();
    for t in doc.tables() {
        for r in &t.rows {
            for c in &r.cells {
                if matches!(c, Cell::Amount(_) | Cell::Percent(_)) {
                    *wanted.entry(c.display(t.unit, t.decimals)).or_default() += 1;
                }
            }
        }
    }
    assert!(wanted.values().sum::<usize>() > 150, "the example's tables print hundreds of figures");
    let mut missing = Vec::new();
    for (figure, n) in &wanted {
        let found = text.matches(figure.as_str()).count();
        if found < *n {
            missing.push(format!("{figure}: {n} in the tables, {found} in the PDF"));
        }
    }
    missing.sort();
    assert!(missing.is_empty(), "figures missing from the PDF:\n{}", missing.join("\n"));
}

/// Titles of the tables and forms in document order, with whether each is a table.
fn titled_blocks(doc: &Document) -> Vec<(String, bool)> {
    doc.blocks()
        .into_iter()
        .filter_map(|b| match b {
            Block::Table(t) => Some((t.title.clone(), true)),
            Block::Form(f) => Some((f.title.clone(), false)),
            _ => None,
        })
        .collect()
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn continued_tables_repeat_their_header() {
    let (doc, dir) = example_pdf();
    let pages = pages(&dir.path().join("doc.pdf"));
    let blocks = titled_blocks(&doc);
    // Page by page: the table being printed is the last one whose title appeared. On its first page the
    // header starts on the line after the 单位 line; a page that continues it (no title of its own) must
    // start with that same line: the repeated header.
    let mut current: Option<(&str, String)> = None;
    let mut continued = 0;
    let lines = |page: &str| page.lines().map(squash).filter(|l| !l.is_empty()).collect::<Vec<_>>();
    let first_body = pages.iter().position(|p| {
        let flat = squash(p);
        !flat.contains("目录") && blocks.iter().any(|(t, _)| flat.contains(&squash(t)))
    });
    for page in pages.iter().skip(first_body.expect("a table title is printed")) {
        let flat = squash(page);
        let lines = lines(page);
        if let Some((title, is_table)) = blocks.iter().rfind(|(t, _)| flat.contains(&squash(t))) {
            current = None;
            if *is_table {
                let unit = lines.iter().position(|l| l.contains("单位：")).expect("a 单位 line under the title");
                current = Some((title.as_str(), lines[unit + 1].clone()));
            }
            continue;
        }
        if let (Some((title, header)), Some(first)) = (&current, lines.first()) {
            continued += 1;
            assert_eq!(first, header, "a page continuing “{title}” does not start with its header:\n{page}");
        }
    }
    assert!(continued > 0, "the example has tables that run over a page");
}

#[test]
fn nothing_runs_past_the_right_edge() {
    let (_, dir) = example_pdf();
    let bbox = poppler("pdftotext", &["-bbox"], &dir.path().join("doc.pdf"));
    let mut width = 0.0_f64;
    let mut words = 0;
    let attr = |line: &str, name: &str| -> Option<f64> {
        let start = line.find(&format!("{name}=\""))? + name.len() + 2;
        line[start..].split('"').next()?.parse().ok()
    };
    for line in bbox.lines() {
        if line.trim_start().starts_with("<page") {
            width = attr(line, "width").expect("page width");
        } else if line.trim_start().starts_with("<word") {
            words += 1;
            let x_max = attr(line, "xMax").expect("word box");
            // Page margins are 2.2 cm (62 pt); anything beyond 1 cm of the edge has left the text area.
            assert!(x_max <= width - 28.0, "a word ends at x = {x_max} pt on a page {width} pt wide: {line}");
        }
    }
    assert!(words > 1000);
}

#[test]
fn only_the_embedded_faces_are_used() {
    let (_, dir) = example_pdf();
    let fonts = poppler("pdffonts", &[], &dir.path().join("doc.pdf"));
    let names: Vec<&str> = fonts.lines().skip(2).filter_map(|l| l.split_whitespace().next()).collect();
    assert!(!names.is_empty());
    for n in names {
        let face = n.split('+').next_back().unwrap_or(n);
        assert!(
            face.starts_with("NotoSerifCJKsc") || face.starts_with("NotoSansCJKsc") || face.starts_with("DejaVuSans"),
            "a system font was needed: {n}"
        );
    }
}
