//! Consolidation (YS-K…): a department's budget against the own budgets (单位预算) of
//! its units. The department's line items of a unit must add up, key by key
//! (功能分类 × 经济分类 × 人员/公用/项目), to that unit's own line items.
//!
//! Both sides are facts typed in their package's unit, as the tables print
//! them: a fact stands for the interval its written precision allows, never
//! coarser than 2 decimals of its unit (12.34 万元 = [12.335, 12.345] 万元), and
//! exact at 分, the smallest money there is. A department kept in 万元 may round
//! its units' 元 figures; it is inconsistent only when the intervals cannot meet.

use std::collections::BTreeMap;

use yusuan_model::{Amount, Budget, BudgetUnit, Interval, LineItem, MoneyUnit};

use crate::finding::{Location, Msg};
use crate::input::Input;
use crate::rule::{Need, Out, Rule};

/// The key line items are compared by.
type Key = (String, String, &'static str);

fn key(l: &LineItem) -> Key {
    (l.functional.as_str().to_owned(), l.economic.as_str().to_owned(), l.kind.label())
}

/// The interval a typed amount stands for in its package's unit. Amounts are typed
/// as the tables print them, to 2 decimals of the unit or finer: 12.34 万元 stands
/// for ±50 元, 12.3456 万元 for ±0.5 元; in 元, 2 decimals are 分, and exact.
fn written(a: Amount, unit: MoneyUnit) -> Interval {
    // Decimals of one 分 in `unit`: 2 for 元, 6 for 万元.
    let fen_digits = unit.fen().ilog10() as u8;
    let d = (2..fen_digits).find(|&d| a.round_to(unit, d) == a).unwrap_or(fen_digits);
    if d >= fen_digits {
        Interval::point(a.fen() as i128 * yusuan_model::money::INTERVAL_SCALE_PER_FEN)
    } else {
        a.figure(unit, d).interval()
    }
}

/// Σ amounts and Σ intervals of line items by key, with the first item of each key.
fn by_key<'b>(
    items: impl Iterator<Item = &'b LineItem>,
    unit: MoneyUnit,
) -> BTreeMap<Key, (Amount, Interval, &'b LineItem)> {
    let mut out: BTreeMap<Key, (Amount, Interval, &LineItem)> = BTreeMap::new();
    for l in items {
        let e = out.entry(key(l)).or_insert((Amount::ZERO, Interval::point(0), l));
        e.0 += l.amount;
        e.1 = e.1.plus(written(l.amount, unit));
    }
    out
}

/// Whether `unit_budget` is the own budget of the department's unit `u`.
fn is_budget_of(u: &BudgetUnit, unit_budget: &Budget) -> bool {
    let d = &unit_budget.department;
    d.name == u.name || d.short_name == u.id || (u.code.is_some() && d.code == u.code)
}

fn yuan(a: Amount) -> String {
    a.format_grouped(MoneyUnit::Yuan, 2)
}

/// The place of a unit budget's line item, named after the unit.
fn unit_location(unit_budget: &Budget, l: Option<&LineItem>) -> Location {
    let (file, line) = l.map_or(("line_items.csv", 0), |l| (l.origin.file.as_str(), l.origin.line as usize));
    let file = if file.is_empty() { "line_items.csv" } else { file };
    Location::File { file: format!("{}（单位预算）/{file}", unit_budget.department.name), line, column: 0 }
}

// ---- YS-K001 --------------------------------------------------------------------

crate::rule_info!(K001, "YS-K001", Error, Consolidation,
    "部门预算与所属单位预算不一致", "department budget disagrees with its unit's own budget",
    what: "部门预算中某单位的支出明细，按功能分类、经济分类、人员/公用/项目逐项汇总，应等于该单位自己的单位预算；按各自填报精度的区间比较（分为最小单位，精确比较）。",
    why: "部门预算由所属单位预算汇总而成（部门 = Σ 单位）。两者不一致，说明单位预算调整后部门汇总未更新，或汇总时漏列、重列。",
    example: "区教育局部门预算中“实验小学” 2050202 / 30101 / 人员 为 812,000.00 元，实验小学单位预算为 822,000.00 元。",
    needs: [Need::LineItems, Need::Units]);

fn department_vs_units(input: &Input, out: &mut Out) {
    let dept = input.budget();
    let dept_unit = dept.meta.unit;
    for u in &dept.department.units {
        let Some(own) = input.units.iter().find(|b| is_budget_of(u, b)) else { continue };
        let ours = by_key(dept.line_items.iter().filter(|l| l.unit == u.id), dept_unit);
        let theirs = by_key(own.line_items.iter(), own.meta.unit);
        let keys: std::collections::BTreeSet<&Key> = ours.keys().chain(theirs.keys()).collect();
        for k in keys {
            let zero = (Amount::ZERO, Interval::point(0));
            let (a, ai) = ours.get(k).map_or(zero, |v| (v.0, v.1));
            let (b, bi) = theirs.get(k).map_or(zero, |v| (v.0, v.1));
            if ai.meets(bi) {
                continue;
            }
            let (functional, economic, kind) = k;
            let at = match ours.get(k) {
                Some((_, _, l)) => input.file_location(&l.origin.file, l.origin.line),
                None => input.locate("budget.toml", Some("[[department.units]]"), &format!("\"{}\"", u.id)),
            };
            let msg = Msg::new(
                format!(
                    "单位“{}”{functional} / {economic} / {kind}：部门预算 {} 元，单位预算 {} 元",
                    u.name,
                    yuan(a),
                    yuan(b)
                ),
                format!(
                    "unit “{}” {functional} / {economic} / {kind}: {} yuan in the department's budget, {} yuan in the unit's own",
                    u.name,
                    yuan(a),
                    yuan(b)
                ),
            );
            out.report(at, msg)
                .expected(yuan(b))
                .actual(yuan(a))
                .difference(yuan(a - b))
                .evidence(unit_location(own, theirs.get(k).map(|v| v.2)), yuan(b));
        }
    }
}

rule!(DepartmentVsUnits, K001, department_vs_units);

// ---- YS-K002 --------------------------------------------------------------------

crate::rule_info!(K002, "YS-K002", Warning, Consolidation,
    "单位预算不属于本部门", "unit budget is not one of the department's units",
    what: "参与汇总的单位预算应在部门的预算单位构成（department.units）中，且其上级部门（department.parent）为本部门、年度相同。",
    why: "汇总时混入其他部门或其他年度的单位预算，会使部门合计虚增；单位预算写错上级部门，入库后无法汇总到正确的部门。",
    example: "区教育局 2024 年汇总时给出“区卫健局本级”的单位预算，或单位预算的年度为 2023。",
    needs: [Need::LineItems, Need::Units]);

fn foreign_units(input: &Input, out: &mut Out) {
    let dept = input.budget();
    for own in &input.units {
        let d = &own.department;
        let listed = dept.department.units.iter().any(|u| is_budget_of(u, own));
        let parent_ok = d.parent.as_deref() == Some(dept.department.name.as_str());
        let year_ok = own.meta.year == dept.meta.year;
        if listed && parent_ok && year_ok {
            continue;
        }
        let mut why_zh = Vec::new();
        let mut why_en = Vec::new();
        if !listed {
            why_zh.push("不在部门的预算单位构成中".to_owned());
            why_en.push("is not among the department's units".to_owned());
        }
        if !parent_ok {
            let p = d.parent.as_deref().unwrap_or("（未填）");
            why_zh.push(format!("上级部门为“{p}”"));
            why_en.push(format!("names “{p}” as its department"));
        }
        if !year_ok {
            why_zh.push(format!("年度为 {}", own.meta.year));
            why_en.push(format!("is for {}", own.meta.year));
        }
        let msg = Msg::new(
            format!(
                "单位预算“{}”{}，不应汇总到“{}”{} 年部门预算",
                d.name,
                why_zh.join("，"),
                dept.department.name,
                dept.meta.year
            ),
            format!(
                "the unit budget “{}” {}; it does not belong to the {} budget of “{}”",
                d.name,
                why_en.join(", "),
                dept.meta.year,
                dept.department.name
            ),
        );
        out.report(unit_location(own, None), msg);
    }
}

rule!(ForeignUnits, K002, foreign_units);

// ---- YS-K003 --------------------------------------------------------------------

crate::rule_info!(K003, "YS-K003", Info, Consolidation,
    "单位预算缺失", "unit budget missing",
    what: "汇总检查时，部门预算中有支出的单位都应给出其单位预算；缺少的单位无法核对。",
    why: "只核对了部分单位，部门与单位是否一致就只证明了一部分；列出缺少的单位，审核人知道还差什么。",
    example: "区教育局有 3 个单位有支出，入库的单位预算只有 2 个。",
    needs: [Need::LineItems, Need::Units]);

fn missing_units(input: &Input, out: &mut Out) {
    let dept = input.budget();
    for u in &dept.department.units {
        if input.units.iter().any(|b| is_budget_of(u, b)) {
            continue;
        }
        let spent: Amount = dept.line_items.iter().filter(|l| l.unit == u.id).map(|l| l.amount).sum();
        if spent == Amount::ZERO {
            continue;
        }
        let msg = Msg::new(
            format!("单位“{}”在部门预算中有支出 {} 元，但没有其单位预算，无法核对", u.name, yuan(spent)),
            format!(
                "unit “{}” spends {} yuan in the department's budget but its own budget is missing",
                u.name,
                yuan(spent)
            ),
        );
        out.report(input.locate("budget.toml", Some("[[department.units]]"), &format!("\"{}\"", u.id)), msg);
    }
}

rule!(MissingUnits, K003, missing_units);

pub fn rules() -> Vec<&'static dyn Rule> {
    vec![&DepartmentVsUnits, &ForeignUnits, &MissingUnits]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_amounts_stand_for_their_precision_and_fen_is_exact() {
        let wan = MoneyUnit::WanYuan;
        // 12.34 万元 stands for ±50 元; 123,412 元 lies inside.
        let a = written(Amount::from_fen(12_340_000), wan);
        let b = written(Amount::from_fen(12_341_200), MoneyUnit::Yuan);
        assert!(a.meets(b));
        // 元 to 2 decimals, and 万元 to 6, are exact to the 分: points.
        assert_eq!(b.lo, b.hi);
        let c = written(Amount::from_fen(12_341_201), wan);
        assert_eq!(c.lo, c.hi);
        assert!(!c.meets(b));
        // 12 万元 is typed as 12.00 万元: ±50 元, not ±5,000.
        let d = written(Amount::from_fen(12_000_000), wan);
        assert!(!d.meets(written(Amount::from_fen(12_010_000), MoneyUnit::Yuan)));
    }
}
