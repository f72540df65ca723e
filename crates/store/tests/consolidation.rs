//! A department and three units' own budgets in the store: the department's
//! totals agree with its units'; a changed unit figure is reported as a
//! department ↔ units inconsistency (YS-K001).

use std::path::{Path, PathBuf};

use yusuan_model::{Amount, Budget, BudgetUnit, FundingSource, Income};
use yusuan_store::{Query, Store};

fn example() -> Budget {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/jianghan-2022-zhengfuban");
    yusuan_package::load(&dir).unwrap().budget
}

const UNITS: [(&str, &str); 3] =
    [("本级", "某某局本级"), ("信息中心", "某某局信息中心"), ("督查中心", "某某局督查中心")];

/// The example as a department of three units, its line items dealt out among them.
fn department() -> Budget {
    let mut b = example();
    b.department.name = "某某局".into();
    b.department.short_name = "某某局".into();
    b.department.units = UNITS
        .iter()
        .map(|(id, name)| BudgetUnit {
            id: (*id).into(), name: (*name).into(), code: None, kind: "行政单位".into()
        })
        .collect();
    // Projects are dealt out among the units; a project's line items, procurement and services follow it.
    for (i, p) in b.projects.iter_mut().enumerate() {
        p.unit = UNITS[i % 3].0.into();
    }
    for (i, l) in b.line_items.iter_mut().enumerate() {
        l.unit = match b.projects.iter().find(|p| Some(&p.id) == l.project.as_ref()) {
            Some(p) => p.unit.clone(),
            None => UNITS[i % 3].0.into(),
        };
    }
    for x in &mut b.procurement {
        if let Some(p) = b.projects.iter().find(|p| Some(&p.id) == x.project.as_ref()) {
            x.unit = p.unit.clone();
        } else {
            x.unit = UNITS[0].0.into();
        }
    }
    for x in &mut b.purchased_services {
        if let Some(p) = b.projects.iter().find(|p| Some(&p.id) == x.project.as_ref()) {
            x.unit = p.unit.clone();
        } else {
            x.unit = UNITS[0].0.into();
        }
    }
    b
}

/// A unit's own budget: its share of the department's facts, naming the department as its parent.
fn unit_budget(dept: &Budget, id: &str) -> Budget {
    let mut b = dept.clone();
    let u = dept.department.units.iter().find(|u| u.id == id).unwrap().clone();
    b.department.name = u.name.clone();
    b.department.short_name = u.id.clone();
    b.department.parent = Some(dept.department.name.clone());
    b.department.units = vec![u];
    b.line_items.retain(|l| l.unit == id);
    b.projects.retain(|p| p.unit == id);
    b.procurement.retain(|x| x.unit == id);
    b.purchased_services.retain(|x| x.unit == id);
    let total: Amount = b.line_items.iter().map(|l| l.amount).sum();
    b.income = vec![Income { source: FundingSource::GeneralBudget, amount: total }];
    b
}

fn save(b: &Budget, dir: &Path) -> PathBuf {
    // The example's extra catalog travels with each package.
    let codes = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/jianghan-2022-zhengfuban/codes.csv");
    let mut files = yusuan_package::save::files(b).unwrap();
    files.push(yusuan_package::PackageFile { name: "codes.csv".into(), text: std::fs::read_to_string(codes).unwrap() });
    yusuan_package::save::write(&files, dir, true).unwrap();
    dir.to_owned()
}

#[test]
fn department_agrees_with_its_units_and_a_changed_unit_figure_is_reported() {
    let tmp = tempfile::tempdir().unwrap();
    let mut store = Store::open(&tmp.path().join("store.db")).unwrap();
    let dept = department();
    let region = dept.department.region.clone();
    store.add_package_dir(&save(&dept, &tmp.path().join("dept"))).unwrap();
    for (id, _) in UNITS {
        store.add_package_dir(&save(&unit_budget(&dept, id), &tmp.path().join(id))).unwrap();
    }

    let c = store.consolidation(&region, 2022).unwrap();
    assert_eq!(c.len(), 1, "one department has units stored");
    let c = &c[0];
    assert_eq!(c.department, "某某局");
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
    let mut changed = unit_budget(&dept, "信息中心");
    let first = changed.line_items[0].clone();
    changed.line_items[0].amount += Amount::from_fen(1_000_000);
    changed.income[0].amount += Amount::from_fen(1_000_000);
    store.add_package_dir(&save(&changed, &tmp.path().join("信息中心-2"))).unwrap();

    let c = store.consolidation(&region, 2022).unwrap();
    let c = &c[0];
    let k: Vec<_> = c.findings.iter().filter(|f| f.rule == "YS-K001").collect();
    assert_eq!(k.len(), 1, "{:?}", c.findings);
    let f = k[0];
    assert_eq!(f.severity, "error");
    assert!(f.message_zh.contains("某某局信息中心"), "{}", f.message_zh);
    assert!(f.message_zh.contains(first.functional.as_str()) && f.message_zh.contains(first.economic.as_str()));
    assert_eq!(f.difference.as_deref(), Some("-10,000.00"));
    let row = c.units.iter().find(|u| u.id == "信息中心").unwrap();
    assert_eq!(row.unit_fen.unwrap() - row.department_fen, 1_000_000);
}

#[test]
fn a_unit_naming_another_department_is_reported() {
    let tmp = tempfile::tempdir().unwrap();
    let mut store = Store::open(&tmp.path().join("store.db")).unwrap();
    let dept = department();
    let dept_version = store.add_package_dir(&save(&dept, &tmp.path().join("dept"))).unwrap().id();
    let mut stray = unit_budget(&dept, "本级");
    stray.department.parent = Some("另一个局".into());
    let stray_version = store.add_package_dir(&save(&stray, &tmp.path().join("stray"))).unwrap().id();
    let c = store.consolidate(dept_version, "某某局", &[stray_version]).unwrap();
    let rules: std::collections::BTreeSet<&str> = c.findings.iter().map(|f| f.rule.as_str()).collect();
    // Named as another department's unit (K002), and the other two units' budgets are missing (K003).
    assert_eq!(rules, ["YS-K002", "YS-K003"].into_iter().collect(), "{:?}", c.findings);
    // Stored under its own department, it is not consolidated into this one.
    assert!(store.consolidation(&dept.department.region, 2022).unwrap().is_empty());
}
