//! The must-show test of the foundation: parse the 13 public tables of the seed
//! document and compare every number in them with the tables derived from the
//! example package. Numbers must all be equal; where the seed prints a code
//! with another name than our tables, the difference must be one of the known,
//! explained inconsistencies of the seed listed below.

use std::collections::BTreeMap;
use std::path::PathBuf;

use yusuan_derive::Template;
use yusuan_ingest::{RawTable, TextDocument, header_and_body, parse_amount_cell};
use yusuan_model::view::{Block, Cell, ColumnKind, Form, Section, Table};
use yusuan_model::{Amount, Decimal, MoneyUnit};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Names the seed prints for a code that differ from the names in our tables
/// (which come from the catalog and the package's `codes.csv`). Each is an
/// inconsistency *inside the seed*: the same code printed with two names.
const KNOWN_NAME_DIFFERENCES: &[(&str, &str, &str, &str)] = &[
    // (table, code, name printed by the seed, why)
    ("t02", "201", "一般公共服务", "表 1 prints 201 as 一般公共服务支出; 表 2/3/6 drop 支出"),
    ("t03", "201", "一般公共服务", "same as 表 2"),
    ("t06", "201", "一般公共服务", "same as 表 2"),
    ("t05", "222", "222 粮油物资管理支出", "表 1 prints 222 as 粮油物资储备支出, 表 5 as 粮油物资管理支出"),
];

/// A row segment of a table: its key (codes and texts, without the code's
/// name) and its amounts in column order, blank = zero.
type Segments = BTreeMap<String, (String, Vec<Amount>)>;

/// Splits rows into segments of [text columns…, amount columns…] (summary tables
/// have three side by side) keyed by their text cells, name columns excepted.
#[allow(clippy::needless_range_loop)] // columns are addressed by index in three parallel slices
fn segments(kinds: &[ColumnKind], keys: &[String], rows: &[Vec<String>], amount: impl Fn(&str) -> Amount) -> Segments {
    let mut out = Segments::new();
    for row in rows {
        let mut i = 0;
        while i < kinds.len() {
            let start = i;
            while i < kinds.len() && kinds[i] != ColumnKind::Amount {
                i += 1;
            }
            let text_end = i;
            while i < kinds.len() && kinds[i] == ColumnKind::Amount {
                i += 1;
            }
            let cell = |j: usize| row.get(j).map_or("", String::as_str).trim();
            let mut key = Vec::new();
            let mut name = String::new();
            for j in start..text_end {
                let c = cell(j);
                if keys[j] == "name" || keys[j].ends_with("_item") {
                    name = c.to_owned();
                }
                if keys[j] == "name" {
                    continue;
                }
                // "201 一般公共服务支出" → 201; labels without a code stay whole.
                let code: String = c.chars().take_while(char::is_ascii_digit).collect();
                key.push(if matches!(code.len(), 3 | 5 | 7) { code } else { c.replace(' ', "") });
            }
            if key.iter().all(String::is_empty) && (start..i).all(|j| cell(j).is_empty()) {
                continue;
            }
            let amounts = (text_end..i).map(|j| amount(cell(j))).collect();
            out.insert(format!("{start}:{}", key.join("|")), (name, amounts));
        }
    }
    out
}

fn derived_rows(t: &Table) -> Vec<Vec<String>> {
    t.rows
        .iter()
        .map(|r| {
            r.cells
                .iter()
                .map(|c| match c {
                    Cell::Amount(a) => a.format(t.unit, t.decimals),
                    other => other.display(t.unit, t.decimals),
                })
                .collect()
        })
        .collect()
}

fn normalize_title(t: &str) -> String {
    t.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn seed_tables_equal_derived_tables() {
    let seed = TextDocument::read(root().join("../shared/seed/jianghan-2022-zhengfuban.txt")).expect("seed readable");
    let package =
        yusuan_package::load(&root().join("examples/jianghan-2022-zhengfuban")).unwrap_or_else(|e| panic!("{e}"));
    let template = Template::builtin("wuhan-13").unwrap();
    let derived = yusuan_derive::derive(&package.budget, &package.catalog, &template).unwrap();
    let raw: Vec<&RawTable> = seed.tables().collect();

    let mut compared_cells = 0;
    let mut name_differences = Vec::new();
    for t in derived.document.tables() {
        let title = normalize_title(&t.title);
        let r = raw
            .iter()
            .find(|r| r.title.as_deref().map(normalize_title).as_deref() == Some(title.as_str()))
            .unwrap_or_else(|| panic!("seed has no table titled {}", t.title));
        let unit = r.unit.unwrap_or(MoneyUnit::WanYuan);
        assert_eq!(unit, t.unit, "{}: unit", t.id);
        let (_, body) = header_and_body(r);
        if t.rows.is_empty() {
            assert!(body.is_empty(), "{}: the seed has rows where we have none", t.id);
            let statement = t.empty_statement.as_deref().expect("empty tables carry a statement");
            assert!(r.trailing.iter().any(|(_, l)| l == statement), "{}: seed statement differs", t.id);
            continue;
        }
        assert_eq!(r.column_count(), t.columns.len(), "{}: column count", t.id);
        let kinds: Vec<ColumnKind> = t.columns.iter().map(|c| c.kind).collect();
        let keys: Vec<String> = t.columns.iter().map(|c| c.key.clone()).collect();
        let seed_rows: Vec<Vec<String>> = body.iter().map(|r| r.cells.clone()).collect();
        let parse = |c: &str| {
            parse_amount_cell(c, unit).unwrap_or_else(|e| panic!("{}: seed cell {c:?}: {e}", t.id)).unwrap_or_default()
        };
        let ours = segments(&kinds, &keys, &derived_rows(t), |c| parse(c));
        let theirs = segments(&kinds, &keys, &seed_rows, |c| parse(c));
        for (key, (name, amounts)) in &theirs {
            // Procurement lists print no 合计 row; ours does (it is Σ of the rows, checked below).
            let (our_name, our_amounts) =
                ours.get(key).unwrap_or_else(|| panic!("{}: seed row {key} is not derived", t.id));
            assert_eq!(amounts, our_amounts, "{}: row {key}", t.id);
            compared_cells += amounts.len();
            // Whitespace inside a cell is a PDF-extraction artefact (表 8 prints 行政运行（政 府办公厅）).
            let squeeze = |s: &str| s.split_whitespace().collect::<String>();
            if squeeze(name) != squeeze(our_name) {
                let is_code = |p: &&str| matches!(p.len(), 3 | 5 | 7) && p.bytes().all(|b| b.is_ascii_digit());
                let code = key.split([':', '|']).skip(1).find(is_code).unwrap_or("");
                name_differences.push((t.id.clone(), code.to_owned(), name.clone()));
            }
        }
        for key in ours.keys() {
            if !theirs.contains_key(key) {
                assert!(
                    key.trim_end_matches('|').ends_with(":合计") && t.id == "t10",
                    "{}: derived row {key} is not in the seed",
                    t.id
                );
            }
        }
    }
    let mut expected: Vec<(String, String, String)> =
        KNOWN_NAME_DIFFERENCES.iter().map(|(t, c, n, _)| (t.to_string(), c.to_string(), n.to_string())).collect();
    expected.sort();
    name_differences.sort();
    assert_eq!(name_differences, expected, "names printed by the seed that differ from ours");
    println!("compared {compared_cells} amount cells of the seed's public tables: all equal");
    assert!(compared_cells > 500, "the comparison must cover the tables ({compared_cells} cells)");
}

/// The number a form cell states, normalized (`2728.8`, `24万` → `24`, `26.74%`);
/// zero is left out (forms print blank or `0` for it).
fn form_number(cell: &str) -> Option<String> {
    let t: String = cell.chars().filter(|c| !c.is_whitespace() && *c != ',').collect();
    let (body, pct) = match t.strip_suffix('%') {
        Some(b) => (b, "%"),
        None => (t.strip_suffix('万').unwrap_or(&t), ""),
    };
    let d = Decimal::parse(body)?;
    if d.mantissa == 0 {
        return None;
    }
    let s = yusuan_model::money::format_mantissa(d.mantissa as i64, d.scale as u8, false);
    let s = if s.contains('.') { s.trim_end_matches('0').trim_end_matches('.').to_owned() } else { s };
    Some(format!("{s}{pct}"))
}

fn forms(sections: &[Section], out: &mut Vec<Form>) {
    for s in sections {
        for b in &s.blocks {
            if let Block::Form(f) = b {
                out.push(f.clone());
            }
        }
        forms(&s.children, out);
    }
}

/// Tables 12 and 13 are forms: every number the seed prints in a form must be
/// printed by our form too; what we print beyond the seed must be explained.
#[test]
fn seed_forms_numbers_are_derived() {
    let seed = TextDocument::read(root().join("../shared/seed/jianghan-2022-zhengfuban.txt")).expect("seed readable");
    let package =
        yusuan_package::load(&root().join("examples/jianghan-2022-zhengfuban")).unwrap_or_else(|e| panic!("{e}"));
    let template = Template::builtin("wuhan-13").unwrap();
    let derived = yusuan_derive::derive(&package.budget, &package.catalog, &template).unwrap();
    let mut ours = Vec::new();
    forms(&derived.document.sections, &mut ours);
    assert_eq!(ours.len(), 6, "1 department form + 5 project forms");
    let mut compared = 0;
    let mut extra_total = Vec::new();
    for f in &ours {
        // The seed's form: the department form by title, a project form by its 项目名称 cell.
        let project_name = f.rows[0].get(1).map(|c| c.content.display(f.unit, f.decimals));
        let raw = seed
            .tables()
            .find(|r| {
                if f.id == "t12" {
                    r.title.as_deref().is_some_and(|t| t.contains("整体绩效目标"))
                } else {
                    r.rows.iter().any(|row| row.cell(0) == "项目名称" && Some(row.cell(1).to_owned()) == project_name)
                }
            })
            .unwrap_or_else(|| panic!("no seed form for {} {:?}", f.id, project_name));
        let mut theirs: Vec<String> =
            raw.rows.iter().flat_map(|r| r.cells.iter().filter_map(|c| form_number(c))).collect();
        let mut mine: Vec<String> = f
            .rows
            .iter()
            .flat_map(|r| r.iter().filter_map(|c| form_number(&c.content.display(f.unit, f.decimals))))
            .collect();
        theirs.sort();
        mine.sort();
        for n in &theirs {
            let i = mine
                .iter()
                .position(|m| m == n)
                .unwrap_or_else(|| panic!("{} {:?}: seed number {n} not in our form", f.id, project_name));
            mine.remove(i);
            compared += 1;
        }
        extra_total.extend(mine.into_iter().map(|m| format!("{}:{}", project_name.clone().unwrap_or_default(), m)));
    }
    extra_total.sort();
    // What our forms print that the seed's leave blank, each derived from the facts:
    let expected = [
        // 聘用人员: the seed leaves 项目总预算 blank; we print the project amount.
        "聘用人员工作经费:69",
        // 区政府总值班室: the seed leaves 当年预算合计 and 财政拨款（区级安排数） blank.
        "区政府总值班室:24",
        "区政府总值班室:24",
        // 整体绩效表: the seed leaves the 收入 合计 当年金额 blank.
        "武汉市江汉区人民政府办公室:3927.98",
    ];
    let mut expected: Vec<String> = expected.iter().map(|s| s.to_string()).collect();
    expected.sort();
    assert_eq!(extra_total, expected);
    println!("compared {compared} numbers of the seed's forms: all derived");
    assert!(compared > 100, "{compared}");
}
