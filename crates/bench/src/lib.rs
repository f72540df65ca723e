//! Shared inputs of the benchmarks: the bundled example, and a synthetic large
//! department generated from it.

use std::path::PathBuf;

use yusuan_model::{
    Amount, Budget, DetailLine, ExpenseKind, FunctionalCode, FundingSource, Indicator, LineItem, Target,
};

/// The directory of the bundled example package.
pub fn example_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/jianghan-2022-zhengfuban")
}

/// A department with `n` projects: the example's profile and basic expenditure,
/// plus `n` projects spread over the example's functional codes, each with
/// three detail lines (with 测算依据 arithmetic) and a full indicator tree.
pub fn synthetic(n: usize) -> (Budget, yusuan_model::Catalog) {
    let p = yusuan_package::load(&example_dir()).expect("example loads");
    let mut b = p.budget;
    let template = b.projects[0].clone();
    let codes = ["2010302", "2010399", "2130599", "2080599", "2101103"];
    b.projects.clear();
    b.line_items.retain(|l| l.kind != ExpenseKind::Project);
    b.procurement.clear();
    let unit = b.department.units[0].id.clone();
    let mut total = Amount::ZERO;
    for i in 0..n {
        let id = format!("p{i:04}");
        let fen = 1_000_000 * (1 + (i as i64 % 37)); // 1–37 万元
        let amount = Amount::from_fen(fen);
        total += amount;
        let third = Amount::from_fen(fen / 3);
        let details = vec![
            DetailLine {
                content: "人员经费".into(),
                basis: format!("{}元/人/月×1人×1月={}元", fen / 300, fen / 300),
                local: Some(third),
                transfer: None,
                other: None,
            },
            DetailLine {
                content: "印刷费".into(),
                basis: "印刷资料".into(),
                local: Some(third),
                transfer: None,
                other: None,
            },
            DetailLine {
                content: "其他".into(),
                basis: "其他支出".into(),
                local: Some(amount - third - third),
                transfer: None,
                other: None,
            },
        ];
        let indicators =
            ["数量指标|完成数|≥1个", "质量指标|合格率|100%", "时效指标|及时率|及时", "成本指标|预算执行率|97%-100%"]
                .iter()
                .map(|s| {
                    let v: Vec<&str> = s.split('|').collect();
                    Indicator {
                        level1: "产出指标".into(),
                        level2: v[0].into(),
                        name: v[1].into(),
                        target: Target::parse(v[2]),
                        basis: String::new(),
                    }
                })
                .chain([
                    Indicator {
                        level1: "效益指标".into(),
                        level2: "社会效益指标".into(),
                        name: "服务保障".into(),
                        target: Target::parse("有效提升"),
                        basis: String::new(),
                    },
                    Indicator {
                        level1: "满意度指标".into(),
                        level2: "服务对象满意度指标".into(),
                        name: "满意度".into(),
                        target: Target::parse("≥95%"),
                        basis: String::new(),
                    },
                ])
                .collect();
        let mut pr = template.clone();
        pr.id = id.clone();
        pr.name = format!("项目{i}");
        pr.form_name = None;
        pr.total_budget = Some(amount);
        pr.stated_current = None;
        pr.stated_funding = None;
        pr.details = details;
        pr.asset_plan.clear();
        if let Some(perf) = pr.performance.as_mut() {
            perf.indicators = indicators;
        }
        b.projects.push(pr);
        b.line_items.push(LineItem {
            unit: unit.clone(),
            functional: FunctionalCode::parse(codes[i % codes.len()]).expect("valid"),
            economic: yusuan_model::EconomicCode::parse("302").expect("valid"),
            kind: ExpenseKind::Project,
            project: Some(id),
            source: FundingSource::GeneralBudget,
            amount,
            note: None,
            origin: Default::default(),
        });
    }
    let basic: Amount = b.line_items.iter().filter(|l| l.kind.is_basic()).map(|l| l.amount).sum();
    b.income = vec![yusuan_model::Income { source: FundingSource::GeneralBudget, amount: basic + total }];
    (b, p.catalog)
}
