//! Findings on a PDF carry their page and boxes ([`DocAudit::pdf_place`]): for
//! corpus PDFs with cell and narrative findings, the glyphs the reader finds
//! inside a cell's box (drawn back from PDF user space) are the value the
//! finding quotes, and a narrative span's boxes hold the quoted excerpt.

use std::path::PathBuf;

use yusuan_audit::DocAudit;
use yusuan_check::Location;

fn src_pdf(name: &str) -> Option<PathBuf> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/src_pdf").join(name);
    if !p.exists() {
        assert!(std::env::var_os("CI").is_none(), "{} is missing (CI is set)", p.display());
        eprintln!("skipped: {} not found", p.display());
        return None;
    }
    Some(p)
}

fn compact(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The text of the glyphs whose centre lies in one of `boxes` (user space), in reading order.
fn glyphs_in(doc: &yusuan_pdfread::PdfDocument, page: u32, boxes: &[[f32; 4]]) -> String {
    let page = &doc.pages[page as usize - 1];
    let mut out = String::new();
    for b in boxes {
        let mut inside: Vec<&yusuan_pdfread::Glyph> = page
            .glyphs
            .iter()
            .filter(|g| {
                let u = page.user_box([g.x0, g.y0, g.x1, g.y1]);
                let (cx, cy) = ((u[0] + u[2]) / 2.0, (u[1] + u[3]) / 2.0);
                cx >= b[0] - 0.2 && cx <= b[2] + 0.2 && cy >= b[1] - 0.2 && cy <= b[3] + 0.2
            })
            .collect();
        inside.sort_by(|a, b| (a.cy() / 4.0).round().total_cmp(&(b.cy() / 4.0).round()).then(a.x0.total_cmp(&b.x0)));
        let mut prev: Option<&yusuan_pdfread::Glyph> = None;
        for g in inside {
            // A glyph drawn twice (fake bold) is one.
            if prev.is_some_and(|p| p.ch == g.ch && (p.x0 - g.x0).abs() < 0.3 * g.size) {
                continue;
            }
            out.push(g.ch);
            prev = Some(g);
        }
    }
    compact(&out)
}

fn is_amount(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_digit() || ",.-%".contains(c))
}

struct Checked {
    cells: usize,
    amounts: usize,
    spans: usize,
}

fn check(paths: &[PathBuf]) -> Checked {
    let catalog = yusuan_model::Catalog::embedded();
    let audit: DocAudit = yusuan_audit::audit_parts(paths, &catalog, &yusuan_check::Config::default());
    assert!(audit.error.is_none(), "{:?}", audit.error);
    let docs: Vec<yusuan_pdfread::PdfDocument> =
        paths.iter().map(|p| yusuan_pdfread::read_pdf(&std::fs::read(p).unwrap()).unwrap()).collect();
    let report = audit.report.as_ref().unwrap();
    let mut checked = Checked { cells: 0, amounts: 0, spans: 0 };
    for f in &report.findings {
        let quoted = f.evidence.iter().map(|e| (&e.location, e.quote.as_str()));
        let own = match &f.location {
            Location::Text { excerpt, .. } => Some((&f.location, excerpt.as_str())),
            _ => None,
        };
        for (loc, quote) in own.into_iter().chain(quoted) {
            let Some(place) = audit.pdf_place(loc) else {
                assert!(
                    !matches!(loc, Location::Cell { .. } | Location::Text { line: Some(_), .. }),
                    "{}: no place for {loc:?}",
                    f.rule
                );
                continue;
            };
            let file = paths.iter().position(|p| *p == place.file).expect("one of the parts");
            assert!(place.page >= 1 && place.page as usize <= docs[file].pages.len());
            assert!(!place.boxes.is_empty() && place.boxes.iter().all(|b| b[0] < b[2] && b[1] < b[3]), "{place:?}");
            let found = glyphs_in(&docs[file], place.page, &place.boxes);
            let quote = compact(quote);
            match loc {
                Location::Cell { .. } if is_amount(&quote) => {
                    assert_eq!(found.replace(',', ""), quote.replace(',', ""), "{}: {loc:?} {place:?}", f.rule);
                    checked.amounts += 1;
                    checked.cells += 1;
                }
                Location::Cell { .. } => {
                    assert!(
                        !found.is_empty() && (quote.contains(&found) || found.contains(&quote)),
                        "{}: cell box reads {found:?}, the finding quotes {quote:?} ({place:?})",
                        f.rule
                    );
                    checked.cells += 1;
                }
                Location::Text { excerpt, .. } => {
                    // The span's own text (an evidence quote may be its context); a span
                    // across a page break is drawn on its first page: a prefix of it.
                    let span = compact(excerpt);
                    let span = span.trim_end_matches(['…', '.']);
                    let cut = (4..span.chars().count())
                        .rev()
                        .map(|n| span.chars().take(n).collect::<String>())
                        .any(|p| found.ends_with(&p));
                    assert!(
                        found.contains(span) || cut,
                        "{}: span boxes read {found:?}, the finding quotes {span:?} ({place:?})",
                        f.rule
                    );
                    checked.spans += 1;
                }
                _ => {}
            }
        }
    }
    eprintln!(
        "{:?}: {} cells ({} amounts), {} spans",
        paths[0].file_name(),
        checked.cells,
        checked.amounts,
        checked.spans
    );
    checked
}

/// Every amount cell of every table view: its box holds the amount as printed.
fn every_amount_cell(paths: &[PathBuf]) -> usize {
    let catalog = yusuan_model::Catalog::embedded();
    let audit = yusuan_audit::audit_parts(paths, &catalog, &yusuan_check::Config::default());
    let docs: Vec<yusuan_pdfread::PdfDocument> =
        paths.iter().map(|p| yusuan_pdfread::read_pdf(&std::fs::read(p).unwrap()).unwrap()).collect();
    let mut n = 0;
    for t in &audit.views {
        for (r, row) in t.rows.iter().enumerate() {
            for (c, cell) in row.cells.iter().enumerate() {
                let yusuan_model::view::Cell::Amount(a) = cell else { continue };
                let loc = Location::Cell {
                    cell: yusuan_check::CellRef { table: t.id.clone(), row: r, col: c },
                    table_title: t.title.clone(),
                    row_label: String::new(),
                    column_label: String::new(),
                    line: row.line,
                };
                let place = audit.pdf_place(&loc).unwrap_or_else(|| panic!("{}: no place for {loc:?}", t.id));
                let file = paths.iter().position(|p| *p == place.file).unwrap();
                let found = glyphs_in(&docs[file], place.page, &place.boxes);
                let read = yusuan_ingest::parse_amount_cell(&found, t.unit).ok().flatten();
                assert_eq!(read, Some(*a), "{} row {r} col {c}: the box reads {found:?} ({place:?})", t.id);
                n += 1;
            }
        }
    }
    n
}

#[test]
fn every_amount_cell_box_holds_its_amount() {
    let Some(dir) = src_pdf("") else { return };
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().flatten().map(|e| e.path()).collect();
    files.retain(|p| p.extension().is_some_and(|x| x == "pdf"));
    files.sort();
    let publications = yusuan_audit::publications(files);
    assert!(publications.len() >= 16);
    for parts in publications {
        let n = every_amount_cell(&parts);
        assert!(n >= 50, "{}: {n} amount cells", parts[0].display());
    }
}

#[test]
fn cell_and_span_findings_point_at_their_glyphs_on_the_page() {
    let Some(pdf) = src_pdf("007_shpt_shehuifuliyuan_2024_danwei_yusuan.pdf") else { return };
    let c = check(&[pdf]);
    assert!(
        c.cells >= 20 && c.amounts >= 1 && c.spans >= 3,
        "cells {} amounts {} spans {}",
        c.cells,
        c.amounts,
        c.spans
    );
}

#[test]
fn places_in_a_publication_of_two_pdfs_name_their_part() {
    let (Some(a), Some(b)) = (
        src_pdf("015_js_shengwei_bangongting_2019_yusuan_part1.pdf"),
        src_pdf("015_js_shengwei_bangongting_2019_yusuan_part2.pdf"),
    ) else {
        return;
    };
    let c = check(&[a, b]);
    assert!(c.cells >= 1 && c.spans >= 1, "cells {} spans {}", c.cells, c.spans);
}

#[test]
fn more_corpus_pdfs_locate_their_findings() {
    for name in ["008_shpt_wanlijiedao_2023_bumen_yusuan.pdf", "014_js_jianchayuan_2019_yusuan.pdf"] {
        let Some(pdf) = src_pdf(name) else { return };
        let c = check(&[pdf]);
        assert!(c.cells >= 1 && c.spans >= 1, "{name}: cells {} spans {}", c.cells, c.spans);
    }
}
