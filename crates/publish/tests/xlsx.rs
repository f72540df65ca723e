//! The publication workbook (`yusuan_render::xlsx_document`) read back with calamine:
//! one sheet per table and form, every figure of every derived table in its cell,
//! merged titles and headers where the spans say, the findings sheet last.

mod common;

use std::io::Cursor;

use calamine::{Data, Dimensions, Range, Reader, Xlsx, open_workbook_from_rs};
use yusuan_model::view::{Block, Cell, Document, Form, HeaderCell, RowKind, Section, Table};

type Book = Xlsx<Cursor<Vec<u8>>>;

fn example_doc() -> Document {
    common::example().derived.document
}

fn open(bytes: Vec<u8>) -> Book {
    open_workbook_from_rs(Cursor::new(bytes)).expect("the workbook opens")
}

fn workbook(doc: &Document) -> Book {
    open(yusuan_render::xlsx_document(doc, &[]).expect("the workbook renders"))
}

fn forms(doc: &Document) -> Vec<&Form> {
    fn walk<'a>(s: &'a Section, out: &mut Vec<&'a Form>) {
        out.extend(s.blocks.iter().filter_map(|b| if let Block::Form(f) = b { Some(f) } else { None }));
        s.children.iter().for_each(|c| walk(c, out));
    }
    let mut out = Vec::new();
    doc.sections.iter().for_each(|s| walk(s, &mut out));
    out
}

fn value(range: &Range<Data>, pos: (u32, u32)) -> Data {
    range.get_value(pos).cloned().unwrap_or(Data::Empty)
}

/// The row of the `单位：万元` line; the header rows start below it.
fn unit_row(range: &Range<Data>, t: &Table) -> u32 {
    let unit = format!("单位：{}", t.unit.label());
    range
        .cells()
        .find(|(_, _, d)| matches!(d, Data::String(s) if s.ends_with(&unit)))
        .map(|(r, _, _)| r as u32 + range.start().unwrap().0)
        .unwrap_or_else(|| panic!("{}: no “{unit}” line", t.title))
}

/// Header cells placed on the leaf grid, independently of the renderer's
/// `grid::layout`: each row lists the cells that start in it, left to right,
/// skipping slots a rowspan from above covers. (text, first row, first col, last row, last col).
fn placements(header: &[Vec<HeaderCell>], width: usize) -> Vec<(String, u32, u32, u32, u32)> {
    let mut taken = vec![vec![false; width]; header.len()];
    let mut out = Vec::new();
    for (r, cells) in header.iter().enumerate() {
        let mut c = 0;
        for h in cells {
            while taken[r][c] {
                c += 1;
            }
            let (cs, rs) = (h.colspan.max(1) as usize, h.rowspan.max(1) as usize);
            for row in &mut taken[r..r + rs] {
                row[c..c + cs].iter_mut().for_each(|t| *t = true);
            }
            out.push((h.text.clone(), r as u32, c as u32, (r + rs - 1) as u32, (c + cs - 1) as u32));
            c += cs;
        }
    }
    out
}

#[test]
fn one_sheet_per_table_and_form() {
    let doc = example_doc();
    let wb = workbook(&doc);
    let names = wb.sheet_names();
    let (tables, forms) = (doc.tables(), forms(&doc));
    assert!(!tables.is_empty() && !forms.is_empty());
    assert_eq!(names.len(), tables.len() + forms.len(), "{names:?}");
    for (name, t) in names.iter().zip(&tables) {
        assert!(name.starts_with(&format!("表{} ", t.number)), "{name} for table {}", t.number);
    }
    for name in &names[tables.len()..] {
        assert!(name.starts_with("绩效-"), "{name}");
    }
    // Valid Excel sheet names: ≤ 31 UTF-16 units, no []:*?/\, unique regardless of case.
    let mut seen = std::collections::HashSet::new();
    for name in &names {
        assert!(name.encode_utf16().count() <= 31, "{name}");
        assert!(!name.contains(['[', ']', ':', '*', '?', '/', '\\']), "{name}");
        assert!(seen.insert(name.to_lowercase()), "duplicate sheet name {name}");
    }
}

#[test]
fn every_cell_of_every_table_matches_the_derived_table() {
    let doc = example_doc();
    let mut wb = workbook(&doc);
    let names = wb.sheet_names();
    let mut amounts = 0;
    for (t, name) in doc.tables().into_iter().zip(&names) {
        let range = wb.worksheet_range(name).unwrap();
        let title_row = unit_row(&range, t) - 1;
        assert_eq!(value(&range, (title_row, 0)), Data::String(t.title.clone()), "{name}");
        let body = unit_row(&range, t) + 1 + t.header.len().max(1) as u32;
        for (i, row) in t.rows.iter().enumerate() {
            let r = body + i as u32;
            for (c, cell) in row.cells.iter().enumerate() {
                let got = value(&range, (r, c as u32));
                let at = format!("{name} row {i} column {c}");
                match cell {
                    Cell::Amount(a) => {
                        // Compared as the printed decimal: the table's unit and decimals.
                        let Data::Float(x) = got else { panic!("{at}: {got:?} is not a number") };
                        assert_eq!(format!("{x:.*}", t.decimals as usize), a.format(t.unit, t.decimals), "{at}");
                        amounts += 1;
                    }
                    Cell::Empty => assert_eq!(got, Data::Empty, "{at}"),
                    Cell::Text(s) | Cell::Percent(s) => assert_eq!(got, Data::String(s.clone()), "{at}"),
                }
            }
        }
        // Nothing written below the body but the empty statement and the notes.
        let below: Vec<String> = (body + t.rows.len() as u32..=range.end().unwrap().0)
            .filter_map(|r| match value(&range, (r, 0)) {
                Data::String(s) => Some(s),
                _ => None,
            })
            .collect();
        let expected: Vec<String> =
            t.empty_statement.iter().filter(|_| t.rows.is_empty()).chain(&t.notes).cloned().collect();
        assert_eq!(below, expected, "{name}");
    }
    assert!(amounts > 100, "only {amounts} amounts compared");
}

#[test]
fn codes_stay_text() {
    let doc = example_doc();
    let mut wb = workbook(&doc);
    let name = wb.sheet_names()[1].clone();
    let t = doc.tables()[1];
    let row = t.rows.iter().position(|r| r.code.as_deref() == Some("2010301")).expect("2010301 in table 2");
    let range = wb.worksheet_range(&name).unwrap();
    let body = unit_row(&range, t) + 1 + t.header.len().max(1) as u32;
    assert_eq!(value(&range, (body + row as u32, 0)), Data::String("2010301".into()));
}

#[test]
fn titles_and_multi_level_headers_are_merged() {
    let doc = example_doc();
    let mut wb = workbook(&doc);
    let names = wb.sheet_names();
    let mut spanned = 0;
    for (t, name) in doc.tables().into_iter().zip(&names) {
        let range = wb.worksheet_range(name).unwrap();
        let merges = wb.merge_cells_by_sheet_name(name).unwrap();
        let width = t.columns.len() as u32;
        let unit = unit_row(&range, t);
        let title = Dimensions::new((unit - 1, 0), (unit - 1, width - 1));
        assert!(merges.contains(&title), "{name}: title not merged over {width} columns: {merges:?}");
        for (text, r0, c0, r1, c1) in placements(&t.header, t.columns.len()) {
            let (r0, r1) = (unit + 1 + r0, unit + 1 + r1);
            if (r0, c0) != (r1, c1) {
                let d = Dimensions::new((r0, c0), (r1, c1));
                assert!(merges.contains(&d), "{name}: “{text}” not merged over {d:?}: {merges:?}");
                spanned += 1;
            }
        }
    }
    assert!(spanned >= 10, "only {spanned} spanned header cells");
    // Forms keep their spans too.
    let f = &names[doc.tables().len()];
    assert!(!wb.merge_cells_by_sheet_name(f).unwrap().is_empty(), "{f}: no merged cells");
}

#[test]
fn header_texts_sit_where_the_grid_puts_them() {
    let doc = example_doc();
    let mut wb = workbook(&doc);
    let names = wb.sheet_names();
    let tables = doc.tables();
    for (t, name) in tables.iter().zip(&names) {
        let range = wb.worksheet_range(name).unwrap();
        let first = unit_row(&range, t) + 1;
        for (text, r0, c0, ..) in placements(&t.header, t.columns.len()) {
            assert_eq!(value(&range, (first + r0, c0)), Data::String(text.clone()), "{name}: “{text}”");
        }
    }
    // Spelled out for a header with rowspans (the 三公 table: 单位 … over two rows, the 公务用车 group over three).
    let i = tables.iter().position(|t| t.role == "three_public").expect("a 三公 table");
    let (t, name) = (tables[i], &names[i]);
    assert!(t.header.iter().flatten().any(|h| h.rowspan > 1));
    let range = wb.worksheet_range(name).unwrap();
    let first = unit_row(&range, t) + 1;
    let at = |r: u32, c: u32| value(&range, (first + r, c));
    assert_eq!(at(0, 0), Data::String("单位".into()));
    assert_eq!(at(1, 0), Data::Empty);
    assert_eq!(at(0, 3), Data::String("合计".into()));
    assert_eq!(at(0, 5), Data::String("公务用车购置及运行维护费".into()));
    assert_eq!(at(1, 5), Data::String("小计".into()));
    assert_eq!(at(1, 6), Data::String("公务用车购置".into()));
    assert_eq!(at(1, 7), Data::String("公务用车运行维护费".into()));
    assert_eq!(at(0, 8), Data::String("公务接待费".into()));
    let merges = wb.merge_cells_by_sheet_name(name).unwrap();
    assert!(merges.contains(&Dimensions::new((first, 0), (first + 1, 0))));
    assert!(merges.contains(&Dimensions::new((first, 5), (first, 7))));
}

#[test]
fn money_formats_and_bold_totals() {
    let doc = example_doc();
    let mut wb = workbook(&doc);
    let names = wb.sheet_names();
    let t = doc.tables()[2];
    let range = wb.worksheet_range(&names[2]).unwrap();
    let styles = wb.worksheet_style(&names[2]).unwrap();
    let body = unit_row(&range, t) + 1 + t.header.len().max(1) as u32;
    let total = t.rows.iter().position(|r| r.kind == RowKind::Total).expect("a 合计 row") as u32;
    let money = t.rows[total as usize].cells.iter().position(|c| matches!(c, Cell::Amount(_))).unwrap() as u32;
    let style = styles.get((body + total, money)).expect("a styled money cell");
    let format = style.number_format.as_ref().expect("a number format");
    assert_eq!(format.format_code, format!("#,##0.{}", "0".repeat(t.decimals as usize)));
    assert!(style.font.as_ref().is_some_and(|f| f.is_bold()), "合计 row not bold");
    let item = t.rows.iter().position(|r| r.kind == RowKind::Item).unwrap() as u32;
    let plain = styles.get((body + item, money)).unwrap();
    assert!(!plain.font.as_ref().is_some_and(|f| f.is_bold()), "item row bold");
}

#[test]
fn findings_sheet_comes_last() {
    let published = common::example();
    let report = published.check(&yusuan_check::Config::default());
    let lang = yusuan_check::Lang::Zh;
    let outputs = published.render(&[yusuan_publish::Format::Xlsx], Some((&report, lang))).unwrap();
    let mut wb = open(outputs[0].bytes.clone());
    let names = wb.sheet_names();
    let doc = &published.derived.document;
    assert_eq!(names.len(), doc.tables().len() + forms(doc).len() + 1);
    let last = names.last().unwrap();
    assert_eq!(last, yusuan_publish::findings_sheet_name(lang));
    let range = wb.worksheet_range(last).unwrap();
    let headers = yusuan_publish::findings_headers(lang);
    assert_eq!(value(&range, (0, 0)), Data::String(headers[0].0.into()));
    let rows = yusuan_check::report::rows(&report, lang);
    assert_eq!(range.height(), rows.len() + 1);
}

#[test]
fn extra_sheet_names_win_over_table_names() {
    let doc = example_doc();
    let first = yusuan_render::xlsx_document(&doc, &[]).unwrap();
    let taken = open(first).sheet_names()[0].clone();
    let rows = vec![vec!["x".to_owned()]];
    let sheet = yusuan_render::xlsx::Sheet { name: &taken, headers: &[("h", 10)], rows: &rows };
    let wb = open(yusuan_render::xlsx_document(&doc, &[sheet]).unwrap());
    let names = wb.sheet_names();
    assert_eq!(names.last(), Some(&taken));
    assert_ne!(names[0], taken);
    assert!(names[0].encode_utf16().count() <= 31);
}
