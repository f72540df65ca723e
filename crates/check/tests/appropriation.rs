//! The appropriation-table identities (YS-X035 … YS-X041) when the document
//! shows 政府性基金 money: 财政拨款支出表 = 一般公共预算支出表 + 政府性基金支出表,
//! code by code, and only `≤` where the parts cannot be told apart.

use yusuan_check::fixture::Fixture;
use yusuan_check::{Config, Severity};

/// Financial appropriation: 一般公共预算 100.00 (2010101) + 政府性基金 `fund` (2120801).
fn document(appropriation_212: &str, fund: &str, fund_table: bool, basic_general: &str) -> String {
    let fund_total = if fund.is_empty() { "0.00" } else { fund };
    let total = format!("{:.2}", 100.0 + fund_total.parse::<f64>().unwrap());
    let appr_total = format!("{:.2}", 100.0 + appropriation_212.parse::<f64>().unwrap());
    let project = format!("{:.2}", total.parse::<f64>().unwrap() - 60.0);
    let mut s = format!(
        r#"description = "test"

[[table]]
role = "appropriation_summary"
id = "t04"
title = "财政拨款收支预算总表"
columns = ["income_item|收入/项目名称", "income_amount|收入/金额", "purpose_item|支出/支出用途/项目名称", "purpose.amount|支出/支出用途/金额"]
rows = [
  ["一、一般公共预算", "100.00", "一、基本支出", "60.00"],
  ["二、政府性基金预算", "{fund}", "二、项目支出", "{project}"],
  ["本年收入合计", "{total}", "本年支出合计", "{total}"],
]

[[table]]
role = "appropriation_by_function"
id = "t05"
title = "财政拨款支出预算表（功能科目）"
columns = ["code|功能科目编码", "name|功能科目名称", "total|金额"]
rows = [
  ["合计", "", "{appr_total}"],
  ["2010101", "行政运行", "100.00"],
  ["2120801", "征地和拆迁补偿支出", "{appropriation_212}"],
]

[[table]]
role = "general_budget_by_function"
id = "t07"
title = "一般公共预算支出预算表（功能科目）"
columns = ["code|功能科目编码", "name|功能科目名称", "total|金额"]
rows = [
  ["合计", "", "100.00"],
  ["2010101", "行政运行", "100.00"],
]

[[table]]
role = "appropriation_basic_by_economic"
id = "t06"
title = "财政拨款基本支出预算表（经济科目）"
columns = ["code|经济科目编码", "name|经济科目名称", "total|金额"]
rows = [
  ["合计", "", "60.00"],
  ["30101", "基本工资", "60.00"],
]

[[table]]
role = "general_budget_basic_by_economic"
id = "t08"
title = "一般公共预算基本支出预算表（经济科目）"
columns = ["code|经济科目编码", "name|经济科目名称", "total|金额"]
rows = [
  ["合计", "", "{basic_general}"],
  ["30101", "基本工资", "{basic_general}"],
]

[[catalog]]
scheme = "功能"
code = "2010101"
name = "行政运行"

[[catalog]]
scheme = "功能"
code = "2120801"
name = "征地和拆迁补偿支出"
"#
    );
    if fund_table {
        s.push_str(&format!(
            r#"
[[table]]
role = "gov_fund"
id = "t10"
title = "政府性基金预算财政拨款支出预算表"
columns = ["code|功能科目编码", "name|功能科目名称", "total|金额"]
rows = [
  ["合计", "", "{fund}"],
  ["2120801", "征地和拆迁补偿支出", "{fund}"],
]
"#
        ));
    }
    s
}

fn fired(text: &str, rule: &str) -> Vec<String> {
    let f = Fixture::parse(text).unwrap_or_else(|e| panic!("{e}"));
    let report = yusuan_check::run(&f.input(), &Config::default());
    report.findings.iter().filter(|x| x.rule == rule && x.severity == Severity::Error).map(|x| x.to_string()).collect()
}

#[test]
fn appropriation_is_general_plus_fund_code_by_code() {
    // 财政拨款 2120801 20.00 = 政府性基金表 20.00: holds.
    assert_eq!(fired(&document("20.00", "20.00", true, "60.00"), "YS-X037"), Vec::<String>::new());
    // 财政拨款 2120801 25.00, 政府性基金表 20.00 (both self-consistent): the code and the total differ.
    let found = fired(&document("25.00", "20.00", true, "60.00"), "YS-X037");
    assert_eq!(found.len(), 2, "{found:#?}");
    assert!(found.iter().any(|f| f.contains("2120801")), "{found:#?}");
}

#[test]
fn without_a_fund_table_only_the_general_budget_is_bounded() {
    // The summary shows 政府性基金 money but no fund table is printed: 一般公共预算 ≤ 财政拨款 only.
    assert_eq!(fired(&document("25.00", "20.00", false, "60.00"), "YS-X037"), Vec::<String>::new());
}

#[test]
fn basic_spending_is_only_bounded_when_there_is_fund_money() {
    // With 政府性基金 money, 一般公共预算基本支出 50.00 < 财政拨款基本支出 60.00 is possible.
    assert_eq!(fired(&document("20.00", "20.00", true, "50.00"), "YS-X038"), Vec::<String>::new());
    // More than the appropriation never is.
    assert_eq!(fired(&document("20.00", "20.00", true, "70.00"), "YS-X038").len(), 2);
}
