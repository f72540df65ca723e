//! `yusuan import` end to end: the seed becomes a package that loads, checks, and
//! derives tables 2, 3 and 6 exactly as the seed prints them; nothing is written
//! over a non-empty directory without `--force`, nor for a document that cannot
//! be imported.

use std::path::{Path, PathBuf};
use std::process::Command;

use yusuan_model::view::{Cell, ColumnKind, Table};
use yusuan_model::{Amount, ProjectCategory};

fn seed() -> PathBuf {
    let local = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seed/jianghan-2022-zhengfuban.txt");
    if local.exists() { local } else { PathBuf::from("/work/shared/seed/jianghan-2022-zhengfuban.txt") }
}

fn yusuan(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_yusuan")).args(args).output().expect("yusuan runs")
}

fn import(doc: &Path, out: &Path, force: bool) -> std::process::Output {
    let mut args = vec!["import", doc.to_str().unwrap(), "--out", out.to_str().unwrap()];
    if force {
        args.push("--force");
    }
    yusuan(&args)
}

/// The views of a published document's tables.
fn published(doc: &Path) -> Vec<Table> {
    let d = yusuan_ingest::read_path(doc).unwrap();
    let rec = yusuan_ingest::recognize::recognize(&d);
    yusuan_ingest::views::build_views(&d, &rec).tables
}

fn amount(c: &Cell) -> Option<Amount> {
    match c {
        Cell::Amount(a) => Some(*a),
        Cell::Empty => Some(Amount::ZERO),
        _ => None,
    }
}

/// Every coded row of `printed` is in `derived` with the same amounts in every
/// amount column (by column key), and `derived` has no other row with money.
fn same_by_code(printed: &Table, derived: &Table) {
    let amount_cols: Vec<(usize, &str)> = printed
        .columns
        .iter()
        .enumerate()
        .filter(|(_, c)| c.kind == ColumnKind::Amount)
        .map(|(i, c)| (i, c.key.as_str()))
        .collect();
    assert!(!amount_cols.is_empty(), "{}", printed.title);
    let mut compared = 0;
    for row in printed.rows.iter().filter(|r| r.code.is_some()) {
        let code = row.code.as_deref().unwrap();
        let d =
            derived.row_by_code(code).unwrap_or_else(|| panic!("《{}》: derived table lacks {code}", printed.title));
        for (i, key) in &amount_cols {
            let Some(j) = derived.column_index(key) else { continue };
            let (p, q) = (amount(&row.cells[*i]), amount(&d.cells[j]));
            assert_eq!(p, q, "《{}》 {code} column {key}", printed.title);
            compared += 1;
        }
    }
    for row in derived.rows.iter().filter(|r| r.code.is_some()) {
        let code = row.code.as_deref().unwrap();
        let money = row.cells.iter().filter_map(amount).any(|a| !a.is_zero());
        assert!(!money || printed.row_by_code(code).is_some(), "《{}》: derived row {code} not printed", printed.title);
    }
    assert!(compared > 20, "《{}》: only {compared} cells compared", printed.title);
}

#[test]
fn the_seed_imports_loads_checks_and_derives_its_functional_tables() {
    let tmp = tempfile::tempdir().unwrap();
    let pkg = tmp.path().join("jianghan");
    let o = import(&seed(), &pkg, false);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for f in ["budget.toml", "projects.toml", "performance.toml", "line_items.csv", "codes.csv", "README.md"] {
        assert!(pkg.join(f).exists(), "{f} written");
    }
    let v = yusuan(&["validate", pkg.to_str().unwrap()]);
    assert!(v.status.success(), "{}", String::from_utf8_lossy(&v.stderr));
    let c = yusuan(&["check", pkg.to_str().unwrap()]);
    let report = String::from_utf8_lossy(&c.stdout);
    assert!(report.contains("YS-B003"), "the 测算依据 of 聘用人员工作经费 is checked:\n{report}");

    let p = yusuan_package::load(&pkg).unwrap();
    let b = &p.budget;
    assert_eq!((b.meta.year, b.meta.template.as_str()), (2022, "wuhan-13"));
    assert_eq!(b.department.name, "江汉区人民政府办公室");
    assert_eq!(b.department.full_name.as_deref(), Some("武汉市江汉区人民政府办公室"));
    assert_eq!(b.department.short_name, "区政府办");
    assert_eq!(b.contact.phone, "027-85481661");
    assert_eq!(b.prior_year.year, 2021);
    let total: Amount = b.line_items.iter().map(|l| l.amount).sum();
    assert_eq!(total, Amount::parse_in("3927.98", yusuan_model::MoneyUnit::WanYuan).unwrap());
    assert_eq!(b.income.iter().map(|i| i.amount).sum::<Amount>(), total);
    // Projects: the table's five, in its order, with their forms.
    let names: Vec<&str> = b.projects.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["总值班室工作", "专项工作", "调查研究", "聘用人员工作经费", "乡村振兴及对口帮扶工作"]);
    let zhiban = &b.projects[0];
    assert_eq!(zhiban.form_name.as_deref(), Some("区政府总值班室"));
    assert_eq!(zhiban.details.len(), 3);
    assert!(zhiban.uses.contains("8.8万元"), "uses from the department form");
    assert_eq!(b.projects[3].category, Some(ProjectCategory::Operating));
    assert_eq!(b.projects[4].category, None, "nothing ticked");
    assert_eq!(b.performance.long_term.len(), 3);
    assert_eq!(b.performance.annual.len(), 3);
    assert_eq!(b.performance.annual[2].indicators.len(), 11);

    // Derived tables 2, 3, 6 equal the seed's, by code and amounts.
    let template = yusuan_derive::Template::builtin(&b.meta.template).unwrap();
    let derived = yusuan_derive::derive(b, &p.catalog, &template).unwrap();
    let printed = published(&seed());
    for role in ["income_by_function", "expenditure_by_function", "general_budget_by_function"] {
        let s = printed.iter().find(|t| t.role == role).unwrap();
        let d = derived.document.tables().into_iter().find(|t| t.role == role).unwrap();
        same_by_code(s, d);
    }
}

#[test]
fn refuses_a_non_empty_directory_without_force() {
    let tmp = tempfile::tempdir().unwrap();
    let pkg = tmp.path().join("pkg");
    std::fs::create_dir(&pkg).unwrap();
    std::fs::write(pkg.join("notes.txt"), "mine").unwrap();
    let o = import(&seed(), &pkg, false);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("--force"));
    let left: Vec<_> = std::fs::read_dir(&pkg).unwrap().flatten().map(|e| e.file_name()).collect();
    assert_eq!(left, vec![std::ffi::OsString::from("notes.txt")], "untouched");
    let o = import(&seed(), &pkg, true);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(pkg.join("budget.toml").exists() && !pkg.join("notes.txt").exists());
    let siblings = std::fs::read_dir(tmp.path()).unwrap().count();
    assert_eq!(siblings, 1, "no temporary directories left");
}

#[test]
fn writes_nothing_for_a_document_it_cannot_import() {
    let tmp = tempfile::tempdir().unwrap();
    let doc = tmp.path().join("notes.txt");
    std::fs::write(&doc, "这不是预算公开文件。\n只有两行文字。\n").unwrap();
    let pkg = tmp.path().join("pkg");
    let o = import(&doc, &pkg, false);
    assert!(!o.status.success());
    assert!(!String::from_utf8_lossy(&o.stderr).is_empty());
    assert!(!pkg.exists(), "nothing written");
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);
}
