//! The bundled synthetic bureau (`examples/synthetic-bureau-*`, made by
//! `crates/bench/examples/synthetic_bureau.rs`): a department package and its
//! three units' own budgets. Stored together, the department's totals agree
//! with its units'; a changed unit figure is reported as a department ↔ units
//! inconsistency (YS-K001).

use std::path::PathBuf;

use yusuan_model::{Amount, FundingSource, Income};
use yusuan_store::{Query, Store};

fn examples() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples")
}

/// A store with the department of `year` and its three units.
fn bureau(year: i32) -> (tempfile::TempDir, Store) {
    let tmp = tempfile::tempdir().unwrap();
    let mut store = Store::open(&tmp.path().join("store.db")).unwrap();
    store.add_package_dir(&examples().join(format!("synthetic-bureau-{year}"))).unwrap();
    for i in 1..=3 {
        store.add_package_dir(&examples().join(format!("synthetic-bureau-{year}-unit-{i}"))).unwrap();
    }
    (tmp, store)
}

const REGION: &str = "示例市合成区";

#[test]
fn department_agrees_with_its_units_and_a_changed_unit_figure_is_reported() {
    let (tmp, mut store) = bureau(2022);
    let dept = yusuan_package::load(&examples().join("synthetic-bureau-2022")).unwrap().budget;
    let c = store.consolidation(REGION, 2022).unwrap();
    assert_eq!(c.len(), 1, "one department has units stored");
    let c = &c[0];
    assert_eq!(c.department, "合成示例局");
    assert_eq!(c.units.len(), 3);
    for u in &c.units {
        assert!(u.version.is_some(), "{} has its own budget stored", u.name);
        assert_eq!(Some(u.department_fen), u.unit_fen, "{}", u.name);
        assert!(u.department_fen > 0);
    }
    let sum: i64 = c.units.iter().map(|u| u.unit_fen.unwrap()).sum();
    let total: i64 = dept.line_items.iter().map(|l| l.amount.fen()).sum();
    assert_eq!(sum, total, "部门 = Σ 单位");
    assert!(c.findings.is_empty(), "{:?}", c.findings);
    // Aggregates count the department once, never its units again.
    let agg = store.aggregate(&Query::parse("year:2022", "").unwrap()).unwrap();
    assert_eq!(agg.total_fen, total);

    // The 信息中心 raises one figure by 1 万元 in a new version of its own budget.
    let mut changed = yusuan_package::load(&examples().join("synthetic-bureau-2022-unit-2")).unwrap();
    let first = changed.budget.line_items[0].clone();
    changed.budget.line_items[0].amount += Amount::from_fen(1_000_000);
    let total: Amount = changed.budget.line_items.iter().map(|l| l.amount).sum();
    changed.budget.income = vec![Income { source: FundingSource::GeneralBudget, amount: total }];
    let dir = tmp.path().join("unit-2-changed");
    let mut files = yusuan_package::save::files(&changed.budget).unwrap();
    let codes = std::fs::read_to_string(changed.dir.join("codes.csv")).unwrap();
    files.push(yusuan_package::PackageFile { name: "codes.csv".into(), text: codes });
    yusuan_package::save::write(&files, &dir, false).unwrap();
    store.add_package_dir(&dir).unwrap();

    let c = store.consolidation(REGION, 2022).unwrap();
    let c = &c[0];
    let k: Vec<_> = c.findings.iter().filter(|f| f.rule == "YS-K001").collect();
    assert_eq!(k.len(), 1, "{:?}", c.findings);
    let f = k[0];
    assert_eq!(f.severity, "error");
    assert!(f.message_zh.contains("合成示例局信息中心"), "{}", f.message_zh);
    assert!(f.message_zh.contains(first.functional.as_str()) && f.message_zh.contains(first.economic.as_str()));
    assert_eq!(f.difference.as_deref(), Some("-10,000.00"));
    let row = c.units.iter().find(|u| u.id == "信息中心").unwrap();
    assert_eq!(row.unit_fen.unwrap() - row.department_fen, 1_000_000);
}

#[test]
fn the_bundled_2023_bureau_shows_its_inconsistency() {
    let (_tmp, store) = bureau(2023);
    let c = store.consolidation(REGION, 2023).unwrap();
    let rules: Vec<&str> = c[0].findings.iter().map(|f| f.rule.as_str()).collect();
    assert_eq!(rules, ["YS-K001"], "{:?}", c[0].findings);
}

#[test]
fn a_unit_naming_another_department_is_reported() {
    let tmp = tempfile::tempdir().unwrap();
    let mut store = Store::open(&tmp.path().join("store.db")).unwrap();
    let dept = store.add_package_dir(&examples().join("synthetic-bureau-2022")).unwrap().id();
    let mut stray = yusuan_package::load(&examples().join("synthetic-bureau-2022-unit-1")).unwrap();
    stray.budget.department.parent = Some("另一个局".into());
    let report = yusuan_check::Report { findings: vec![], skipped: vec![], overrides: vec![] };
    let stray = store.add_package(&stray, "stray", &report, &[]).unwrap().id();
    let c = store.consolidate(dept, "合成示例局", &[stray]).unwrap();
    let rules: std::collections::BTreeSet<&str> = c.findings.iter().map(|f| f.rule.as_str()).collect();
    // Named as another department's unit (K002), and the other two units' budgets are missing (K003).
    assert_eq!(rules, ["YS-K002", "YS-K003"].into_iter().collect(), "{:?}", c.findings);
    // Stored under the other department, it is not consolidated into this one.
    assert!(store.consolidation(REGION, 2022).unwrap().is_empty());
}
