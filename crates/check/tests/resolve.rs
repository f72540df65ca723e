//! Every narrative figure of the example resolves to table cells and agrees with them.

use std::path::PathBuf;

use yusuan_check::resolve::{self, Value};
use yusuan_check::{Input, Lang};
use yusuan_derive::Template;

fn example() -> (yusuan_package::Package, yusuan_model::Document) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/jianghan-2022-zhengfuban");
    let p = yusuan_package::load(&dir).unwrap_or_else(|e| panic!("{e}"));
    let t = Template::builtin(&p.budget.meta.template).unwrap();
    let d = yusuan_derive::derive(&p.budget, &p.catalog, &t).unwrap();
    (p, d.document)
}

#[test]
fn every_claim_of_the_example_resolves_and_agrees() {
    let (p, doc) = example();
    let input = Input::from_package(&p.budget, &p.catalog, &doc, None);
    assert!(input.claims.len() > 50, "{} claims", input.claims.len());
    let mut problems = Vec::new();
    for c in &input.claims {
        let where_ = c.location.describe(Lang::Zh);
        match resolve::resolve_claim(&input, c) {
            None => problems.push(format!("{} = {} ({where_}) does not resolve", c.key, c.text)),
            Some(r) => {
                if resolve::agrees(&c.value, &r) != Some(true) {
                    problems.push(format!("{} = {} ({where_}) disagrees with {}", c.key, c.text, r.show()));
                }
                let facts_only = c.key.ends_with(".prior");
                if !facts_only && !r.evidence.iter().any(|e| e.location.cell().is_some() || r.empty) {
                    problems.push(format!("{} names no cell", c.key));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn keys_map_to_the_expected_cells() {
    let (p, doc) = example();
    let input = Input::from_package(&p.budget, &p.catalog, &doc, None);
    let money = |key: &str| match resolve::resolve(&input, key, None).map(|r| r.value) {
        Some(Value::Money(m)) => m.show(),
        other => panic!("{key}: {other:?}"),
    };
    assert_eq!(money("total"), "3,927.98");
    assert_eq!(money("income"), "3,927.98");
    assert_eq!(money("income.general_budget"), "3,927.98");
    assert_eq!(money("basic"), "1,050.18");
    assert_eq!(money("project"), "2,877.80");
    assert_eq!(money("func.213"), "2,728.80");
    assert_eq!(money("general_budget.personnel"), "928.74");
    assert_eq!(money("general_budget.basic.econ.302"), "121.44");
    assert_eq!(money("running_costs"), "121.44");
    assert_eq!(money("procurement"), "27.00");
    assert_eq!(money("procurement.services"), "27.00");
    assert_eq!(money("procurement.goods"), "0.00");
    assert_eq!(money("purchased_services"), "0.00");
    assert_eq!(money("gov_fund"), "0.00");
    assert_eq!(money("three_public"), "10.98");
    assert_eq!(money("three_public.vehicles"), "10.00");
    assert_eq!(money("project.func.2010302"), "80.00");
    assert_eq!(money("project.p-xiangcun"), "2,728.80");
    assert_eq!(money("performance.projects"), "2,877.80");
    assert_eq!(money("total.change"), "1,874.31");
    assert_eq!(money("total.prior"), "2,053.67");
    // A project found by the label printed before it, without the facts.
    let mut bare = Input::empty(&p.catalog);
    bare.tables = input.tables.clone();
    let r = resolve::resolve(&bare, "project.x", Some("主要是用于总值班室工作")).expect("resolves by label");
    assert_eq!(r.money().map(|m| m.show()).as_deref(), Some("24.00"));
    // Shares and rates are exact ratios of the printed values.
    let share = |key: &str| match resolve::resolve(&input, key, None).map(|r| r.value) {
        Some(Value::Share(s)) => s.show(),
        other => panic!("{key}: {other:?}"),
    };
    assert_eq!(share("basic.share"), "26.74%");
    assert_eq!(share("func.213.share"), "69.47%");
    assert_eq!(share("total.rate"), "91.27%");
    assert_eq!(share("three_public.rate"), "1.61%");
    assert_eq!(
        resolve::resolve(&input, "three_public.abroad.direction", None).map(|r| r.value),
        Some(Value::Word("持平"))
    );
}

/// The seed's narrative errors, put back into the derived document, are each found at their text.
#[test]
fn the_seeds_narrative_errors_are_found() {
    use yusuan_check::input::claim_value;
    use yusuan_check::{Config, Location};
    use yusuan_model::MoneyUnit;

    let (p, doc) = example();
    let mut input = Input::from_package(&p.budget, &p.catalog, &doc, None);
    let mut set = |key: &str, text: &str, label: Option<&str>| {
        let c = input.claims.iter_mut().find(|c| c.key == key).unwrap_or_else(|| panic!("{key}"));
        c.text = text.into();
        c.value = claim_value(key, text, MoneyUnit::WanYuan);
        if let Some(l) = label {
            c.label = Some(l.into());
        }
        c.location.clone()
    };
    let total_rate = set("total.rate", "47.72%", None);
    let basic_rate = set("basic.rate", "6%", None);
    let project_rate = set("project.rate", "62.78%", None);
    // “5、其他支出 2728.8 万元” (the reader drops the 其 of 其他 with 其中).
    let func_213 = set("func.213", "2728.8", Some("他支出"));
    for para in &mut input.paragraphs {
        para.text = para
            .text
            .replace("（一）基本支出 1050.18 万元", "（一）基本支出 1050.18 元")
            .replace("公开表 6", "公开表 5");
    }
    let report = yusuan_check::run(&input, &Config::default());
    let at = |rule: &str, loc: &Location| report.findings.iter().any(|f| f.rule == rule && &f.location == loc);
    assert!(at("YS-N004", &total_rate), "47.72% on this year's base");
    assert!(at("YS-N004", &basic_rate), "6% (67.51 ÷ 1050.18 = 6.43%)");
    assert!(at("YS-N004", &project_rate), "62.78% on this year's base");
    assert!(at("YS-N008", &func_213), "其他支出 for 213");
    let texts = |rule: &str| -> Vec<String> {
        report
            .findings
            .iter()
            .filter(|f| f.rule == rule)
            .filter_map(|f| match &f.location {
                Location::Text { excerpt, .. } => Some(excerpt.clone()),
                _ => None,
            })
            .collect()
    };
    // At the claim printed there (the figure itself).
    assert_eq!(texts("YS-N007"), ["1050.18"]);
    assert_eq!(texts("YS-N013"), ["公开表 5"]);
    for f in report.findings.iter().filter(|f| f.rule.starts_with("YS-N")) {
        println!("{f}");
        for e in &f.evidence {
            println!("    {} — {}", e.location.describe(Lang::Zh), e.quote);
        }
    }
}
