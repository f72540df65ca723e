//! The fill-in workbook from the command line: `template`, `export-workbook`,
//! and `import` telling a fill-in workbook from published tables.

use std::path::{Path, PathBuf};
use std::process::Command;

fn example_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/jianghan-2022-zhengfuban")
}

fn yusuan(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_yusuan")).args(args).output().expect("yusuan runs")
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn template_is_a_fill_in_workbook_for_the_year() {
    let dir = tempfile::tempdir().unwrap();
    let wb = dir.path().join("预算填报.xlsx");
    let o = yusuan(&["template", "--year", "2027", "--unit", "元", "--out", s(&wb)]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let bytes = std::fs::read(&wb).unwrap();
    assert!(yusuan_workbook::is_fill_in(&bytes));
    // Empty: it does not import (the required facts are missing), and says where.
    let out = dir.path().join("pkg");
    let o = yusuan(&["import", s(&wb), "--out", s(&out)]);
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("基本信息!B7") && err.contains("部门名称"), "{err}");
    assert!(!out.exists());
    let o = yusuan(&["template", "--unit", "美元", "--out", s(&dir.path().join("x.xlsx"))]);
    assert!(!o.status.success() && !dir.path().join("x.xlsx").exists());
}

#[test]
fn export_then_import_gives_a_package_that_builds() {
    let dir = tempfile::tempdir().unwrap();
    let wb = dir.path().join("预算填报.xlsx");
    let o = yusuan(&["export-workbook", s(&example_dir()), "--out", s(&wb)]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let pkg = dir.path().join("pkg");
    let o = yusuan(&["import", s(&wb), "--out", s(&pkg)]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for f in ["budget.toml", "projects.toml", "performance.toml", "line_items.csv", "codes.csv"] {
        assert!(pkg.join(f).exists(), "{f}");
    }
    let o = yusuan(&["check", s(&pkg)]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
    // A second import into the same directory needs --force.
    let o = yusuan(&["import", s(&wb), "--out", s(&pkg)]);
    assert!(!o.status.success());
}

#[test]
fn published_tables_as_xlsx_still_import_as_a_document() {
    let dir = tempfile::tempdir().unwrap();
    let o = yusuan(&["build", s(&example_dir()), "--out", s(dir.path()), "--format", "xlsx"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let xlsx = dir.path().join("江汉区人民政府办公室-2022.xlsx");
    assert!(!yusuan_workbook::is_fill_in(&std::fs::read(&xlsx).unwrap()));
    let pkg = dir.path().join("pkg");
    let o = yusuan(&["import", s(&xlsx), "--out", s(&pkg)]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(pkg.join("line_items.csv").exists());
}
