//! A workbook edited the way people edit spreadsheets imports to the same
//! package; one with real mistakes is refused with located messages.
//!
//! The exported example workbook is copied cell by cell into a new workbook
//! (rust_xlsxwriter), with edits applied on the way.

use std::io::Cursor;
use std::path::PathBuf;

use calamine::{Data, Reader, Xlsx};
use rust_xlsxwriter::{Formula, Workbook};
use yusuan_workbook::import::{ImportError, check_workbook, package_files};

fn example() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/jianghan-2022-zhengfuban")
}

struct Example {
    bytes: Vec<u8>,
    files: Vec<yusuan_package::PackageFile>,
}

fn exported() -> Example {
    let pkg = yusuan_package::load(&example()).unwrap();
    let codes = yusuan_workbook::catalog_rows(&example(), &pkg.budget).unwrap();
    let bytes = yusuan_workbook::workbook(&pkg.budget, &pkg.catalog, &codes).unwrap();
    Example { bytes, files: package_files(&pkg.budget, &codes).unwrap() }
}

/// What an edit does to a cell: keep it, or write something else.
enum Put {
    Keep,
    Text(String),
    Number(f64),
    /// A formula with its cached value.
    Formula(String, f64),
    Blank,
}

/// Regions to merge in a sheet: (first source row, last source row, column).
type Merges = dyn Fn(&str, &calamine::Range<Data>) -> Vec<(u32, u32, u16)>;

/// Copies `bytes` sheet by sheet; `edit(sheet, row, col, value)` may change a cell;
/// `blank_after(sheet, row)` inserts an empty row after a source row;
/// `merge(sheet)` lists (first_row, last_row, col) regions to merge (in source rows).
fn copy(
    bytes: &[u8],
    edit: &dyn Fn(&str, u32, u32, &Data) -> Put,
    blank_after: &dyn Fn(&str, u32) -> bool,
    merge: &Merges,
) -> Vec<u8> {
    let mut src: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).unwrap();
    let mut wb = Workbook::new();
    for name in src.sheet_names() {
        let range = src.worksheet_range(&name).unwrap();
        let ws = wb.add_worksheet();
        ws.set_name(&name).unwrap();
        let mut shift = 0;
        let mut new_row = Vec::new();
        for (r, row) in range.rows().enumerate() {
            let r = r as u32;
            let out = r + shift;
            new_row.push(out);
            for (c, v) in row.iter().enumerate() {
                let c16 = c as u16;
                let put = match edit(&name, r, c as u32, v) {
                    Put::Keep => match v {
                        Data::String(s) => Put::Text(s.clone()),
                        Data::Float(f) => Put::Number(*f),
                        Data::Int(i) => Put::Number(*i as f64),
                        _ => Put::Blank,
                    },
                    other => other,
                };
                match put {
                    Put::Text(s) => ws.write_string(out, c16, s).map(|_| ()),
                    Put::Number(n) => ws.write_number(out, c16, n).map(|_| ()),
                    Put::Formula(f, v) => {
                        ws.write_formula(out, c16, Formula::new(f).set_result(v.to_string())).map(|_| ())
                    }
                    Put::Blank | Put::Keep => Ok(()),
                }
                .unwrap();
            }
            if blank_after(&name, r) {
                shift += 1;
            }
        }
        for (first, last, col) in merge(&name, &range) {
            let (a, b) = (new_row[first as usize], new_row[last as usize]);
            let text = match range.get_value((first, col as u32)) {
                Some(Data::String(s)) => s.clone(),
                _ => String::new(),
            };
            ws.merge_range(a, col, b, col, &text, &rust_xlsxwriter::Format::new()).unwrap();
        }
    }
    wb.save_to_buffer().unwrap()
}

/// 1234567.5 → "1,234,567.5".
fn grouped(s: &str) -> String {
    let (int, frac) = s.split_once('.').map_or((s, None), |(i, f)| (i, Some(f)));
    let digits: Vec<char> = int.chars().collect();
    let mut out = String::new();
    for (i, d) in digits.iter().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(*d);
    }
    frac.map_or(out.clone(), |f| format!("{out}.{f}"))
}

fn number_text(v: &Data) -> Option<String> {
    match v {
        Data::Float(f) => Some(f.to_string()),
        _ => None,
    }
}

const HEADER: u32 = 2;

#[test]
fn edited_as_people_do_imports_the_same_package() {
    let ex = exported();
    let edit = |sheet: &str, r: u32, c: u32, v: &Data| -> Put {
        match (sheet, c) {
            // Amounts as text with thousands separators and trailing spaces.
            ("支出明细", 8) if r > HEADER => {
                number_text(v).map_or(Put::Keep, |t| Put::Text(format!("{} ", grouped(&t))))
            }
            // A header with a required-mark and stray spaces.
            ("支出明细", 1) if r == HEADER => Put::Text(" 功能科目编码* ".into()),
            // Codes typed as numbers.
            ("支出明细", 1) if r > HEADER => match v {
                Data::String(s) => s.parse::<f64>().map_or(Put::Keep, Put::Number),
                _ => Put::Keep,
            },
            // The income sheet switched to 元, its amounts as formulas with cached values.
            ("收入", 0) if r == 1 => Put::Text("金额单位：元".into()),
            ("收入", 1) if r > HEADER => match number_text(v) {
                Some(t) => {
                    let yuan = yusuan_workbook::cells::amount(
                        &t,
                        yusuan_model::MoneyUnit::WanYuan,
                        yusuan_model::MoneyUnit::Yuan,
                    )
                    .unwrap();
                    Put::Formula(format!("{yuan}*1"), yuan.parse().unwrap())
                }
                None => Put::Keep,
            },
            // Trailing spaces in texts.
            ("项目明细", 1) if r > HEADER => match v {
                Data::String(s) => Put::Text(format!("{s}  ")),
                _ => Put::Keep,
            },
            _ => Put::Keep,
        }
    };
    // Blank rows between records.
    let blank_after = |sheet: &str, r: u32| matches!(sheet, "支出明细" | "项目绩效指标") && r > HEADER && r % 4 == 0;
    // The project id merged over a project's detail lines.
    let merge = |sheet: &str, range: &calamine::Range<Data>| -> Vec<(u32, u32, u16)> {
        if sheet != "项目明细" {
            return Vec::new();
        }
        let ids: Vec<(u32, String)> = (HEADER + 1..range.height() as u32)
            .filter_map(|r| match range.get_value((r, 0)) {
                Some(Data::String(s)) => Some((r, s.clone())),
                _ => None,
            })
            .collect();
        let mut out = Vec::new();
        let mut i = 0;
        while i < ids.len() {
            let j = (i..ids.len()).take_while(|&k| ids[k].1 == ids[i].1).last().unwrap();
            if j > i {
                out.push((ids[i].0, ids[j].0, 0));
            }
            i = j + 1;
        }
        assert!(!out.is_empty(), "the example has projects with several detail lines");
        out
    };
    let edited = copy(&ex.bytes, &edit, &blank_after, &merge);
    // The edits are really there.
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(&edited)).unwrap();
    let items = wb.worksheet_range("支出明细").unwrap();
    assert!(matches!(items.get_value((HEADER + 1, 8)), Some(Data::String(s)) if s.ends_with(' ')));
    assert!(matches!(items.get_value((HEADER + 1, 1)), Some(Data::Float(_))));
    assert!(items.rows().skip(HEADER as usize + 1).any(|r| r.iter().all(|c| *c == Data::Empty)));
    let income = wb.worksheet_formula("收入").unwrap();
    assert!(income.get_value((HEADER + 1, 1)).is_some_and(|f| f.ends_with("*1")));
    assert!(!wb.merge_cells_by_sheet_name("项目明细").unwrap().is_empty());
    let imported = check_workbook(&edited, "edited.xlsx").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(imported.files.len(), ex.files.len());
    for (a, b) in ex.files.iter().zip(&imported.files) {
        assert!(a == b, "{} differs after the edits", a.name);
    }
}

fn problems(bytes: &[u8]) -> Vec<String> {
    match check_workbook(bytes, "wrong.xlsx") {
        Err(ImportError::Cells(errs)) => errs.iter().map(ToString::to_string).collect(),
        Err(ImportError::Other(m)) => panic!("unexpected error {m}"),
        Ok(_) => panic!("a workbook with mistakes was accepted"),
    }
}

#[test]
fn text_in_an_amount_cell_is_located() {
    let ex = exported();
    let edit = |sheet: &str, r: u32, c: u32, _: &Data| match (sheet, r, c) {
        ("支出明细", 5, 8) => Put::Text("12,3a4".into()),
        ("项目明细", 3, 3) => Put::Text("二十万".into()),
        _ => Put::Keep,
    };
    let got = problems(&copy(&ex.bytes, &edit, &|_, _| false, &|_, _| Vec::new()));
    assert_eq!(got.len(), 2, "{got:#?}");
    assert!(got[0].starts_with("支出明细!I6：") && got[0].contains("12,3a4"), "{got:#?}");
    assert!(got[1].starts_with("项目明细!D4：") && got[1].contains("二十万"), "{got:#?}");
}

#[test]
fn unknown_code_and_detail_sum_are_located_by_the_checker() {
    let ex = exported();
    let edit = |sheet: &str, r: u32, c: u32, v: &Data| match (sheet, r, c) {
        // A functional code neither the catalog nor 补充科目 names.
        ("支出明细", 3, 1) => Put::Text("2019901".into()),
        // A detail line 1 万元 higher: the details no longer add up to the project.
        ("项目明细", 3, 3) => number_text(v).map_or(Put::Keep, |t| Put::Number(t.parse::<f64>().unwrap() + 1.0)),
        _ => Put::Keep,
    };
    let got = problems(&copy(&ex.bytes, &edit, &|_, _| false, &|_, _| Vec::new()));
    let code =
        got.iter().find(|m| m.starts_with("支出明细!") && m.contains("2019901")).unwrap_or_else(|| panic!("{got:#?}"));
    assert!(code.contains("补充科目") && !code.contains("catalogs"), "the workbook's word for it: {code}");
    let project = got.iter().find(|m| m.contains("明细合计")).unwrap_or_else(|| panic!("{got:#?}"));
    assert!(project.starts_with("项目!A") || project.starts_with("项目明细!"), "{got:#?}");
}

#[test]
fn nothing_is_written_on_error() {
    let ex = exported();
    let edit = |sheet: &str, r: u32, c: u32, _: &Data| match (sheet, r, c) {
        ("支出明细", 5, 8) => Put::Text("abc".into()),
        _ => Put::Keep,
    };
    let dir = tempfile::tempdir().unwrap();
    let wb = dir.path().join("wrong.xlsx");
    std::fs::write(&wb, copy(&ex.bytes, &edit, &|_, _| false, &|_, _| Vec::new())).unwrap();
    let out = dir.path().join("pkg");
    assert!(yusuan_workbook::import(&wb, &out, false).is_err());
    assert!(!out.exists());
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().map(|e| e.file_name()).collect();
    assert_eq!(leftovers.len(), 1, "{leftovers:?}");
}

#[test]
fn unknown_unit_and_project_are_located_at_their_cells() {
    let ex = exported();
    let edit = |sheet: &str, r: u32, c: u32, _: &Data| match (sheet, r, c) {
        ("支出明细", 3, 0) => Put::Text("区财政局".into()),
        ("项目明细", 4, 0) => Put::Text("p-nowhere".into()),
        _ => Put::Keep,
    };
    let got = problems(&copy(&ex.bytes, &edit, &|_, _| false, &|_, _| Vec::new()));
    // A detail of an unknown project is refused by the reader, before the package is loaded.
    assert_eq!(got.len(), 1, "{got:#?}");
    assert!(got[0].starts_with("项目明细!A5：") && got[0].contains("p-nowhere"), "{got:#?}");
    // A line item's unknown unit and project: the package loader's reference errors, at their cells.
    let edit = |sheet: &str, r: u32, c: u32, v: &Data| match (sheet, r, c) {
        ("支出明细", 3, 0) => Put::Text("区财政局".into()),
        ("支出明细", _, 6) if matches!(v, Data::String(s) if s == "p-zhiban") => Put::Text("p-nowhere".into()),
        _ => Put::Keep,
    };
    let got = problems(&copy(&ex.bytes, &edit, &|_, _| false, &|_, _| Vec::new()));
    assert!(got.iter().any(|m| m.starts_with("支出明细!A4：") && m.contains("区财政局")), "{got:#?}");
    assert!(got.iter().any(|m| m.starts_with("支出明细!G") && m.contains("p-nowhere")), "{got:#?}");
}
