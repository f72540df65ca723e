//! The example package checks with zero errors; every warning (and info) it
//! gets is one of the seed's own problems, kept in the facts on purpose, and is
//! listed and explained here.

use std::collections::BTreeMap;
use std::path::PathBuf;

use yusuan_check::{Config, Input, Severity};
use yusuan_derive::Template;

/// (rule, severity, count, why the example gets it).
const EXPECTED: &[(&str, Severity, usize, &str)] = &[
    (
        "YS-B003",
        Severity::Warning,
        1,
        "聘用人员工作经费: the 测算依据 expressions add up to 643,944 元 (64.39 万元), the line is 69 万元",
    ),
    (
        "YS-B010",
        Severity::Warning,
        2,
        "乡村振兴: all six 测算依据 only repeat the amount; 专项工作: one basis repeats the content",
    ),
    ("YS-F001", Severity::Warning, 2, "专项工作 and 聘用人员工作经费: the 联系电话 field holds the name 杨俊"),
    (
        "YS-F002",
        Severity::Warning,
        3,
        "template prompts left unfilled in 上年绩效评价 (专项工作, 聘用) and 前两年预算 (专项工作)",
    ),
    ("YS-F003", Severity::Warning, 1, "调查研究 plan: 起草《2021年政府工作报告》 in the 2022 budget"),
    ("YS-F006", Severity::Warning, 1, "the form names 区政府总值班室, table 4 总值班室工作"),
    ("YS-F008", Severity::Warning, 2, "聘用人员工作经费: an opening bracket never closed, in its uses and its basis"),
    (
        "YS-P013",
        Severity::Warning,
        1,
        "整体绩效表 prior-year 1890.55 / 1813.94 vs the 2021 budget 2053.67 implied by the narrative",
    ),
    ("YS-P014", Severity::Warning, 1, "乡村振兴: no 项目类别 ticked"),
    ("YS-B012", Severity::Info, 3, "detail lines whose basis has no figure at all"),
    ("YS-F009", Severity::Info, 2, "half-width punctuation between Chinese characters"),
    ("YS-M008", Severity::Info, 1, "26 in post, only 23 行政人员 itemised"),
    ("YS-P003", Severity::Info, 6, "满意度 indicators filed under 一级 项目效益 (5 projects + the department form)"),
];

#[test]
fn example_has_no_errors_and_only_explained_warnings() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/jianghan-2022-zhengfuban");
    let p = yusuan_package::load(&dir).unwrap_or_else(|e| panic!("{e}"));
    let t = Template::builtin(&p.budget.meta.template).unwrap();
    let d = yusuan_derive::derive(&p.budget, &p.catalog, &t).unwrap();
    let input = Input::from_package(&p.budget, &p.catalog, &d.document, None);
    let report = yusuan_check::run(&input, &Config::default());
    assert_eq!(
        report.count(Severity::Error),
        0,
        "{:#?}",
        report.findings.iter().filter(|f| f.severity == Severity::Error).collect::<Vec<_>>()
    );
    let mut got: BTreeMap<(&str, Severity), usize> = BTreeMap::new();
    for f in &report.findings {
        *got.entry((f.rule, f.severity)).or_default() += 1;
    }
    let want: BTreeMap<(&str, Severity), usize> = EXPECTED.iter().map(|(r, s, n, _)| ((*r, *s), *n)).collect();
    assert_eq!(got, want, "findings on the example changed; explain each new one in EXPECTED");
    // Every rule has its inputs in a package, except the consolidation rules, which also need the units' own budgets,
    // and the rules on tables the example's template does not print (Jiangsu's 财政拨款支出表, 机关运行经费表 …).
    let printed = |roles: &[&str]| roles.iter().any(|r| t.tables.iter().any(|d| d.role == *r));
    let in_template = |id: &str| {
        yusuan_check::rules::get(id).is_some_and(|r| {
            r.info().needs.iter().all(|n| match n {
                yusuan_check::Need::Table(role) => printed(&[role]),
                yusuan_check::Need::AnyTable(roles) => printed(roles),
                _ => true,
            })
        })
    };
    let skipped: Vec<&str> =
        report.skipped.iter().copied().filter(|id| !id.starts_with("YS-K") && in_template(id)).collect();
    assert!(skipped.is_empty(), "every rule has its inputs in a package: skipped {skipped:?}");
}
