//! Writes the bundled **synthetic** bureau: a department of three units for two
//! years, each unit with its own budget (单位预算), into `examples/`:
//! `cargo run -p yusuan-bench --example synthetic_bureau -- examples`.
//!
//! The data are made up (合成数据) from the Jianghan example: its line items and
//! projects dealt out among three units, under an invented name and region, so
//! that the store's consolidation (部门 = Σ 单位), year-over-year comparison
//! and district totals have something to show. 2023 is 2022 with every amount
//! 6% higher, and its prior-year figures are 2022's; in 2023 the 信息中心's own
//! budget has one figure 1 万元 higher than the department's (a YS-K001
//! inconsistency on purpose, for the demonstration).

use std::path::{Path, PathBuf};

use yusuan_model::{Amount, Budget, BudgetUnit, ExpenseKind, FundingSource, Income, PriorItem};

const DEPARTMENT: &str = "合成示例局";
const REGION: &str = "示例市合成区";
const UNITS: [(&str, &str, &str); 3] = [
    ("本级", "合成示例局本级", "行政单位"),
    ("信息中心", "合成示例局信息中心", "事业单位"),
    ("督查中心", "合成示例局督查中心", "参公事业单位"),
];

/// The example as a department of three units, its projects dealt out among them.
fn department(example: &Budget) -> Budget {
    let mut b = example.clone();
    b.department.name = DEPARTMENT.into();
    b.department.full_name = Some(format!("{REGION}{DEPARTMENT}"));
    b.department.short_name = DEPARTMENT.into();
    b.department.region = REGION.into();
    b.department.composition_note = "合成示例数据：本部门预算由本级、信息中心、督查中心三个单位的预算汇总而成。".into();
    b.department.units = UNITS
        .iter()
        .map(|(id, name, kind)| BudgetUnit { id: (*id).into(), name: (*name).into(), code: None, kind: (*kind).into() })
        .collect();
    for (i, p) in b.projects.iter_mut().enumerate() {
        p.unit = UNITS[i % 3].0.into();
    }
    for (i, l) in b.line_items.iter_mut().enumerate() {
        l.unit = match b.projects.iter().find(|p| Some(&p.id) == l.project.as_ref()) {
            Some(p) => p.unit.clone(),
            None => UNITS[i % 3].0.into(),
        };
    }
    let unit_of_project = |project: &Option<String>, projects: &[yusuan_model::Project]| {
        projects.iter().find(|p| Some(&p.id) == project.as_ref()).map_or(UNITS[0].0.to_owned(), |p| p.unit.clone())
    };
    let projects = b.projects.clone();
    for x in &mut b.procurement {
        x.unit = unit_of_project(&x.project, &projects);
    }
    for x in &mut b.purchased_services {
        x.unit = unit_of_project(&x.project, &projects);
    }
    b
}

/// A unit's own budget: its share of the department's facts, naming the department as its parent.
fn unit_budget(dept: &Budget, id: &str) -> Budget {
    let mut b = dept.clone();
    let u = dept.department.units.iter().find(|u| u.id == id).expect("a unit of the department").clone();
    b.department.name = u.name.clone();
    b.department.full_name = Some(format!("{REGION}{}", u.name));
    b.department.short_name = u.id.clone();
    b.department.parent = Some(dept.department.name.clone());
    b.department.composition_note = format!("合成示例数据：{} 的单位预算，汇总入{}部门预算。", u.name, DEPARTMENT);
    b.department.units = vec![u];
    b.line_items.retain(|l| l.unit == id);
    b.projects.retain(|p| p.unit == id);
    b.procurement.retain(|x| x.unit == id);
    b.purchased_services.retain(|x| x.unit == id);
    balance_income(&mut b);
    b.prior_year = Default::default();
    b.prior_year.year = b.meta.year - 1;
    b
}

/// Income equal to expenditure, from the general budget.
fn balance_income(b: &mut Budget) {
    let total: Amount = b.line_items.iter().map(|l| l.amount).sum();
    b.income = vec![Income { source: FundingSource::GeneralBudget, amount: total }];
}

/// `a` × 1.06, to the 分.
fn grow(a: Amount) -> Amount {
    Amount::from_fen((a.fen() * 106 + 50) / 100)
}

/// The next year: every amount 6% higher; the prior-year figures are this year's.
fn next_year(b: &Budget) -> Budget {
    let mut n = b.clone();
    n.meta.year += 1;
    for l in &mut n.line_items {
        l.amount = grow(l.amount);
    }
    for p in &mut n.projects {
        for d in &mut p.details {
            for a in [&mut d.local, &mut d.transfer, &mut d.other].into_iter().flatten() {
                *a = grow(*a);
            }
        }
        p.start_year = p.start_year.map(|y| y + 1);
        p.end_year = p.end_year.map(|y| y + 1);
        p.total_budget = None;
        p.stated_current = None;
        p.stated_funding = None;
    }
    for x in &mut n.procurement {
        x.amount = grow(x.amount);
    }
    for x in &mut n.purchased_services {
        x.amount = grow(x.amount);
    }
    balance_income(&mut n);
    let sum = |f: &dyn Fn(&yusuan_model::LineItem) -> bool| -> Amount {
        b.line_items.iter().filter(|l| f(l)).map(|l| l.amount).sum()
    };
    let total = sum(&|_| true);
    let mut items: Vec<PriorItem> = Vec::new();
    for l in &b.line_items {
        for code in [l.functional.as_str().to_owned(), l.economic.as_str().to_owned()] {
            match items.iter_mut().find(|i| i.code == code) {
                Some(i) => i.amount += l.amount,
                None => items.push(PriorItem { code, amount: l.amount }),
            }
        }
    }
    n.prior_year = yusuan_model::PriorYear {
        year: b.meta.year,
        total: Some(total),
        general_budget: Some(total),
        basic: Some(sum(&|l| l.kind != ExpenseKind::Project)),
        project: Some(sum(&|l| l.kind == ExpenseKind::Project)),
        running_costs: b.prior_year.running_costs,
        three_public: b.prior_year.three_public,
        items,
    };
    n
}

fn write(b: &Budget, codes: &str, dir: &Path, readme: &str) {
    let mut files = yusuan_package::save::files(b).expect("the package serialises");
    files.push(yusuan_package::PackageFile { name: "codes.csv".into(), text: codes.to_owned() });
    files.push(yusuan_package::PackageFile { name: "README.md".into(), text: readme.to_owned() });
    if let Err(e) = yusuan_package::save::write(&files, dir, true) {
        eprintln!("{}: {e}", dir.display());
        std::process::exit(1);
    }
    println!("{}", dir.display());
}

fn main() {
    let out = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "examples".into()));
    let example = yusuan_package::load(&yusuan_bench::example_dir()).expect("the example loads");
    let codes = std::fs::read_to_string(yusuan_bench::example_dir().join("codes.csv")).expect("the example's codes");
    let d2022 = department(&example.budget);
    let d2023 = next_year(&d2022);
    for dept in [&d2022, &d2023] {
        let year = dept.meta.year;
        let readme = format!(
            "# {DEPARTMENT} {year} 年部门预算（合成示例数据）\n\n由 `cargo run -p yusuan-bench --example synthetic_bureau -- examples` 生成，\
             不是真实部门的数据：江汉区人民政府办公室 2022 年预算（`examples/jianghan-2022-zhengfuban`）的支出明细与项目\
             分给三个单位（本级、信息中心、督查中心），{}。用于演示入库、部门 ↔ 单位汇总检查和跨年度比较。\n",
            if year == 2022 {
                "金额不变"
            } else {
                "各项金额比 2022 年高 6%，上年数为 2022 年的数（测算依据的文字未随之改动，检查会报 YS-B003）"
            }
        );
        write(dept, &codes, &out.join(format!("synthetic-bureau-{year}")), &readme);
        for (i, (id, name, _)) in UNITS.iter().enumerate() {
            let mut unit = unit_budget(dept, id);
            let mut note = String::new();
            if year == 2023 && *id == "信息中心" {
                // On purpose: the unit's own budget is 1 万元 above the department's figure.
                unit.line_items[0].amount += Amount::from_fen(1_000_000);
                balance_income(&mut unit);
                note = "\n本单位预算第一条支出明细比部门预算中的同一数字多 1 万元（有意为之，演示规则 YS-K001：部门预算与所属单位预算不一致）。\n".to_owned();
            }
            let readme = format!(
                "# {name} {year} 年单位预算（合成示例数据）\n\n{DEPARTMENT} {year} 年部门预算的所属单位（`department.parent`）。\
                 由 `synthetic_bureau` 生成，不是真实单位的数据。\n{note}"
            );
            write(&unit, &codes, &out.join(format!("synthetic-bureau-{year}-unit-{}", i + 1)), &readme);
        }
    }
}
