//! Rules: 测算依据 arithmetic and project detail lines (YS-B…; see rules/mod.rs
//! for the id scheme).
//!
//! The 测算依据 texts are read by [`expr`]: explicit expressions are recomputed
//! exactly and compared with their stated result within its rounding; rate
//! readings (`每月1期，每期30份，每份5元`) only tell which amount a text computes.
//! The amounts of a project are compared with rounding intervals too: a detail
//! line printed with 2 decimals of the package unit stands for ± half a step.

#[path = "../basis/expr.rs"]
pub mod expr;

use yusuan_model::{Amount, Budget, DetailLine, Figure, Interval, MoneyUnit, Project};

use crate::finding::{Evidence, Location, Msg};
use crate::input::Input;
use crate::rule::{FnRule, Need, Out, Rule};

use expr::{Check, Kind, Money, Range, Rational, Reading, Statement, show_money};

// ---- Rule plumbing -----------------------------------------------------------------

// ---- Shared helpers ------------------------------------------------------------------

const FILE: &str = "projects.toml";

fn id_line(p: &Project) -> String {
    format!("id = \"{}\"", p.id)
}

/// The line of a project in `projects.toml`.
fn project_location(input: &Input, p: &Project) -> Location {
    input.locate(FILE, None, &id_line(p))
}

/// The first line after the project's that contains `needle`.
fn in_project(input: &Input, p: &Project, needle: &str) -> Location {
    input.locate(FILE, Some(&id_line(p)), needle)
}

fn detail_location(input: &Input, p: &Project, d: &DetailLine) -> Location {
    in_project(input, p, &format!("content = \"{}\"", d.content))
}

fn unit(input: &Input) -> MoneyUnit {
    input.budget().meta.unit
}

/// An amount as written in the package unit: `69万元`.
fn show(a: Amount, u: MoneyUnit) -> String {
    format!("{}{}", a.format_plain(u), u.label())
}

/// An amount in 元 as an exact rational.
fn yuan(a: Amount) -> Rational {
    Rational::new(a.fen() as i128, 100).unwrap_or(Rational::ZERO)
}

/// The interval an amount of the package stands for: 2 decimals of the package unit.
fn printed(a: Amount, u: MoneyUnit) -> Range {
    let half = Rational::new(u.fen() as i128, 20_000).unwrap_or(Rational::ZERO);
    let v = yuan(a);
    Range { lo: v.checked_sub(half).unwrap_or(v), hi: v.checked_add(half).unwrap_or(v) }
}

/// The rounding interval of an amount printed with 2 decimals of `u` (for sums of amounts).
fn interval(a: Amount, u: MoneyUnit) -> Interval {
    Figure::money(a, u, 2).interval()
}

/// The money unit of the package as a 测算依据 unit.
fn money_of(u: MoneyUnit) -> Money {
    match u {
        MoneyUnit::Yuan => Money::Yuan,
        MoneyUnit::WanYuan => Money::Wan,
        MoneyUnit::YiYuan => Money::Yi,
    }
}

/// Texts of a project that carry arithmetic: each detail's basis and the `uses` row.
fn texts(input: &Input, p: &Project) -> Vec<(Location, String, &'static str)> {
    let mut v: Vec<(Location, String, &'static str)> = p
        .details
        .iter()
        .filter(|d| !d.basis.trim().is_empty())
        .map(|d| (detail_location(input, p, d), d.basis.clone(), "测算依据"))
        .collect();
    if !p.uses.trim().is_empty() {
        v.push((in_project(input, p, "uses = \""), p.uses.clone(), "项目主要支出方向和用途"));
    }
    v
}

fn stated_text(s: &Statement) -> String {
    s.stated.as_ref().map_or_else(String::new, |n| n.text.clone())
}

// ---- YS-B001 -------------------------------------------------------------------------

crate::rule_info!(B001, "YS-B001", Error, Basis,
    "测算依据算式计算错误", "arithmetic in a calculation basis is wrong",
    what: "项目支出明细的“测算依据及说明”和整体绩效表“项目主要支出方向和用途”中写出的算式（如“2080元/人/月×14人×12月=349440元”），按所列数字精确重算，结果与写明的结果不符。写明的结果按其小数位数视为舍入区间：“=8.8万元”代表 [8.75, 8.85] 万元，因此 87600 元与之相符。单位写错（元、万元混淆）由 YS-B002 报告。",
    why: "测算依据是预算金额的来源，算式本身算错，说明单价、数量或结果至少有一个填错，据此核定的预算额也不可信。",
    example: "“基本工资2080元/人/月×14人×12月=394440元”，按算式应为 349440 元。",
    needs: [Need::Projects]);

fn arithmetic(input: &Input, out: &mut Out) {
    for p in &input.budget().projects {
        for (loc, text, field) in texts(input, p) {
            for s in expr::read(&text).statements {
                if s.kind != Kind::Explicit || s.check() != Check::Wrong {
                    continue;
                }
                let stated = stated_text(&s);
                let unit = s.stated.as_ref().and_then(|n| n.unit.money());
                let computed = s.show_computed(unit);
                out.report(
                    loc.clone(),
                    Msg::new(
                        format!(
                            "项目“{}”{}中的算式“{}”计算有误：{} 应为 {}，写的是 {}",
                            p.name, field, s.text, s.expression, computed, stated
                        ),
                        format!(
                            "project “{}”: the arithmetic “{}” in its {} is wrong: {} is {}, not {}",
                            p.name,
                            s.text,
                            if field == "测算依据" { "calculation basis" } else { "uses row" },
                            s.expression,
                            computed,
                            stated
                        ),
                    ),
                )
                .expected(computed)
                .actual(stated)
                .evidence(loc.clone(), text.clone());
            }
        }
    }
}

// ---- YS-B002 -------------------------------------------------------------------------

crate::rule_info!(B002, "YS-B002", Error, Basis,
    "测算依据金额单位疑误（元/万元）", "amount unit looks wrong (元 vs 万元)",
    what: "算式写明的结果、或明细金额，恰好等于按测算依据算出的金额的 10⁴ 倍或万分之一（在舍入区间内）：数字对而单位错，多为“元”与“万元”混淆。",
    why: "单位相差一万倍，按写明的单位汇总会使预算金额放大或缩小一万倍；数字恰好吻合说明计算无误而单位写错，应改正单位。",
    example: "“40元×6人×365天=87600万元”：按算式为 87600 元（8.76 万元）；或明细金额填 349440（万元），而测算依据算出 349440 元。",
    needs: [Need::Projects]);

fn unit_slip(input: &Input, out: &mut Out) {
    let u = unit(input);
    for p in &input.budget().projects {
        for (loc, text, _) in texts(input, p) {
            for s in expr::read(&text).statements {
                let Check::UnitSlip { exp } = s.check() else { continue };
                let stated = stated_text(&s);
                let computed = s.show_computed(Some(Money::Yuan));
                let (zh, en) = if exp > 0 { ("一万倍", "10 000 times") } else { ("万分之一", "1/10 000 of") };
                out.report(
                    loc.clone(),
                    Msg::new(
                        format!("项目“{}”中算式“{}”的结果单位疑误：{} 按算式为 {}，写明的 {} 恰为其{}（元与万元混淆？）", p.name, s.text, s.expression, computed, stated, zh),
                        format!(
                            "project “{}”: the unit of the result of “{}” looks wrong: {} is {}, and the stated {} is exactly {} it (元 vs 万元?)",
                            p.name, s.text, s.expression, computed, stated, en
                        ),
                    ),
                )
                .expected(computed)
                .actual(stated)
                .evidence(loc.clone(), text.clone());
            }
        }
        for d in &p.details {
            if let LineVerdict::UnitSlip { exp, computed } = line_verdict(d, u) {
                let loc = detail_location(input, p, d);
                let (zh, en) = if exp > 0 { ("一万倍", "10 000 times") } else { ("万分之一", "1/10 000 of") };
                let amount = show(d.total(), u);
                let computed = show_money(computed.mid(), Money::Yuan);
                out.report(
                    loc.clone(),
                    Msg::new(
                        format!("项目“{}”明细“{}”的金额单位疑误：测算依据算得 {}，明细金额 {} 恰为其{}（元与万元混淆？）", p.name, d.content, computed, amount, zh),
                        format!(
                            "project “{}”, detail “{}”: the amount's unit looks wrong: the basis computes {}, the amount {} is exactly {} it (元 vs 万元?)",
                            p.name, d.content, computed, amount, en
                        ),
                    ),
                )
                .expected(computed)
                .actual(amount)
                .evidence(loc, d.basis.clone());
            }
        }
    }
}

// ---- YS-B003 -------------------------------------------------------------------------

crate::rule_info!(B003, "YS-B003", Warning, Basis,
    "测算依据算得金额与明细金额不符", "the calculation basis does not add up to the detail amount",
    what: "一条项目支出明细的测算依据中，各算式的结果（未写结果的按算出的金额，如“每月编印1期，每期30份，每份5元”按全年 1800 元）合计，与该明细的金额不符；算式之外另写的金额也一并试算，任何一种读法吻合即不报告。仅检查含有算式的测算依据。",
    why: "测算依据应能推出申报金额；合计对不上，说明依据漏列了费用、金额另有未说明的部分，或金额填错。由于测算依据是自由文字，读法可能不止一种，故为警告。",
    example: "聘用人员工作经费：349440 + 162624 + 21000 + 100800 + 10080 = 643944 元（64.39 万元），明细金额却为 69 万元。",
    needs: [Need::Projects]);

/// What a detail line's basis says about its amount.
#[derive(Debug, Clone)]
enum LineVerdict {
    /// No arithmetic to compare, or no amount.
    Unchecked,
    Consistent,
    /// The amount is the computed value × 10^exp.
    UnitSlip {
        exp: i32,
        computed: Range,
    },
    /// The statements add up to `sum` (and with the other amounts of the text to `with_others`).
    Differs {
        sum: Range,
        with_others: Option<Range>,
        reading: Reading,
    },
}

fn sum(ranges: impl IntoIterator<Item = Range>) -> Option<Range> {
    ranges.into_iter().try_fold(Range::point(Rational::ZERO), |acc, r| acc.plus(r))
}

fn line_verdict(d: &DetailLine, u: MoneyUnit) -> LineVerdict {
    let amount = d.total();
    if amount.is_zero() || d.basis.trim().is_empty() {
        return LineVerdict::Unchecked;
    }
    let reading = expr::read(&d.basis);
    let statements: Vec<&Statement> = reading.money_statements().collect();
    if statements.is_empty() {
        return LineVerdict::Unchecked;
    }
    let others: Vec<Range> = reading.standalone_money().filter_map(|n| n.range()).collect();
    let stated: Vec<Range> = statements.iter().filter_map(|s| s.amount()).collect();
    let computed: Vec<Range> = statements
        .iter()
        .filter_map(|s| if s.checkable { s.computed_base().map(Range::point) } else { s.amount() })
        .collect();
    let mut candidates: Vec<Range> = Vec::new();
    for base in [&stated, &computed] {
        if let Some(s) = sum(base.iter().copied()) {
            candidates.push(s);
            if !others.is_empty() {
                candidates.extend(sum(base.iter().copied().chain(others.iter().copied())));
            }
        }
    }
    candidates.extend(stated.iter().copied());
    candidates.extend(others.iter().copied());
    let line = printed(amount, u);
    if candidates.iter().any(|c| c.meets(line)) {
        return LineVerdict::Consistent;
    }
    let Some(total) = sum(stated.iter().copied()) else { return LineVerdict::Unchecked };
    for exp in [4_i32, -4] {
        let f = if exp > 0 { Rational::pow10(4) } else { Rational::new(1, 10_000).unwrap_or(Rational::ZERO) };
        let slipped = candidates.iter().find_map(|c| c.scale(f).filter(|s| s.meets(line)).map(|_| *c));
        if let Some(computed) = slipped {
            return LineVerdict::UnitSlip { exp, computed };
        }
    }
    let with_others = if others.is_empty() { None } else { sum(stated.iter().copied().chain(others.iter().copied())) };
    LineVerdict::Differs { sum: total, with_others, reading }
}

fn basis_sum(input: &Input, out: &mut Out) {
    let u = unit(input);
    let shown = money_of(u);
    for p in &input.budget().projects {
        for d in &p.details {
            let LineVerdict::Differs { sum, with_others, reading } = line_verdict(d, u) else { continue };
            let amount = show(d.total(), u);
            let total = show_money(sum.mid(), Money::Yuan);
            let parts: Vec<String> = reading
                .money_statements()
                .map(|s| s.stated.as_ref().map_or_else(|| s.show_computed(Some(Money::Yuan)), |n| n.text.clone()))
                .collect();
            let diff = yuan(d.total()).checked_sub(sum.mid()).unwrap_or(Rational::ZERO);
            let (what_zh, what_en) = match parts.as_slice() {
                [one] => (format!("测算依据算得 {one}"), format!("its basis computes {one}")),
                _ => (
                    format!("测算依据中的算式 {} 合计 {}", parts.join(" + "), total),
                    format!("the arithmetic of its basis, {}, adds up to {}", parts.join(" + "), total),
                ),
            };
            let others = with_others.map_or(String::new(), |w| {
                format!("；连同算式外写出的金额合计 {}，也不相符", show_money(w.mid(), Money::Yuan))
            });
            let others_en = with_others.map_or(String::new(), |w| {
                format!(
                    "; with the other amounts the text names, {}, it does not match either",
                    show_money(w.mid(), Money::Yuan)
                )
            });
            let loc = detail_location(input, p, d);
            out.report(
                loc.clone(),
                Msg::new(
                    format!(
                        "项目“{}”明细“{}”：{}，明细金额为 {}，相差 {}{}",
                        p.name,
                        d.content,
                        what_zh,
                        amount,
                        show_money(diff, shown),
                        others
                    ),
                    format!(
                        "project “{}”, detail “{}”: {}, the amount is {}, a difference of {}{}",
                        p.name,
                        d.content,
                        what_en,
                        amount,
                        show_money(diff, shown),
                        others_en
                    ),
                ),
            )
            .expected(total)
            .actual(amount)
            .difference(show_money(diff, shown))
            .evidence(loc, d.basis.clone());
        }
    }
}

// ---- YS-B004 -------------------------------------------------------------------------

crate::rule_info!(B004, "YS-B004", Error, Basis,
    "项目明细合计与项目金额不符", "detail lines do not add up to the project amount",
    what: "项目支出明细各行金额（本级财政拨款 + 上级转移支付 + 其他资金）之和，与该项目在支出明细行（line items）中的金额合计不符（按各数 2 位小数的舍入区间比较）。",
    why: "项目支出明细是项目预算的分解，各行之和必须等于项目预算；不等说明明细漏列、多列或金额填错，项目表与申报表对不上。",
    example: "调查研究项目金额 13 万元，明细 6.5 + 2 + 0.18 + 3 + 1.32 = 13 万元相符；若把 1.32 写成 1.3，则合计 12.98 万元，报告本规则。",
    needs: [Need::Projects, Need::LineItems]);

fn details_total(input: &Input, out: &mut Out) {
    let b = input.budget();
    let u = unit(input);
    for p in &b.projects {
        if p.details.is_empty() {
            continue;
        }
        let amount = b.project_amount(&p.id);
        let parts = p.details.iter().fold(Interval::point(0), |acc, d| acc.plus(interval(d.total(), u)));
        if parts.meets(interval(amount, u)) {
            continue;
        }
        let details: Amount = p.details.iter().map(DetailLine::total).sum();
        let loc = project_location(input, p);
        out.report(
            loc,
            Msg::new(
                format!(
                    "项目“{}”的支出明细合计 {}，与项目金额（支出明细行合计）{} 不符，相差 {}",
                    p.name,
                    show(details, u),
                    show(amount, u),
                    show(details - amount, u)
                ),
                format!(
                    "project “{}”: its detail lines add up to {}, the project amount (from line items) is {}, a difference of {}",
                    p.name,
                    show(details, u),
                    show(amount, u),
                    show(details - amount, u)
                ),
            ),
        )
        .expected(show(amount, u))
        .actual(show(details, u))
        .difference(show(details - amount, u))
        .evidences(
            p.details
                .iter()
                .map(|d| Evidence { location: detail_location(input, p, d), quote: format!("{} {}", d.content, show(d.total(), u)) }),
        );
    }
}

// ---- YS-B005 -------------------------------------------------------------------------

crate::rule_info!(B005, "YS-B005", Error, Basis,
    "申报表当年预算与项目金额不符", "the form's current-year budget differs from the project amount",
    what: "项目支出（绩效目标）申报表上写明的“项目当年预算”与该项目在支出明细行中的金额不符（按 2 位小数的舍入区间比较）。未写“项目当年预算”时，比较资金来源栏的“当年预算合计”（写了当年预算时，合计的错误由 YS-B007、YS-B008 报告）。",
    why: "申报表与项目支出预算表说的是同一笔预算，两处金额必须一致；不一致时公众无法判断哪一个是批复数。",
    example: "项目支出预算表中“专项工作”43 万元，申报表却写“项目当年预算 34”。",
    needs: [Need::Projects, Need::LineItems]);

fn stated_current(input: &Input, out: &mut Out) {
    let b = input.budget();
    let u = unit(input);
    for p in &b.projects {
        let amount = b.project_amount(&p.id);
        let stated = [
            (p.stated_current, "项目当年预算", "current-year budget", "stated_current = \""),
            // The funding block's total is compared only when the form states no
            // 项目当年预算: otherwise a wrong total is YS-B007's (total ≠ Σ sources).
            (
                p.stated_funding.as_ref().and_then(|f| f.total).filter(|_| p.stated_current.is_none()),
                "资金来源“当年预算合计”",
                "funding total",
                "total = \"",
            ),
        ];
        for (value, zh, en, needle) in stated {
            let Some(v) = value else { continue };
            if interval(v, u).meets(interval(amount, u)) {
                continue;
            }
            out.report(
                in_project(input, p, needle),
                Msg::new(
                    format!(
                        "项目“{}”申报表的{} {} 与项目金额（支出明细行合计）{} 不符",
                        p.name,
                        zh,
                        show(v, u),
                        show(amount, u)
                    ),
                    format!(
                        "project “{}”: the form's {} {} differs from the project amount {} (from line items)",
                        p.name,
                        en,
                        show(v, u),
                        show(amount, u)
                    ),
                ),
            )
            .expected(show(amount, u))
            .actual(show(v, u))
            .difference(show(v - amount, u));
        }
    }
}

// ---- YS-B006 -------------------------------------------------------------------------

crate::rule_info!(B006, "YS-B006", Warning, Basis,
    "项目总预算小于当年预算", "total project budget smaller than this year's",
    what: "申报表的“项目总预算”小于“项目当年预算”（未写当年预算时与项目金额比较）。项目总预算是项目全周期的预算，不应小于其中一年的预算。",
    why: "总预算小于当年预算在逻辑上不可能，多为两栏填反、单位不一致或总预算漏填了以前年度的部分。",
    example: "项目总预算 24，项目当年预算 42。",
    needs: [Need::Projects]);

fn total_budget(input: &Input, out: &mut Out) {
    let b = input.budget();
    let u = unit(input);
    for p in &b.projects {
        let Some(total) = p.total_budget else { continue };
        let current = p
            .stated_current
            .or_else(|| input.has(Need::LineItems).then(|| b.project_amount(&p.id)))
            .unwrap_or_default();
        if total >= current || interval(total, u).meets(interval(current, u)) {
            continue;
        }
        out.report(
            in_project(input, p, "total_budget = \""),
            Msg::new(
                format!("项目“{}”的项目总预算 {} 小于当年预算 {}", p.name, show(total, u), show(current, u)),
                format!(
                    "project “{}”: the total budget {} is smaller than this year's {}",
                    p.name,
                    show(total, u),
                    show(current, u)
                ),
            ),
        )
        .expected(format!("≥ {}", show(current, u)))
        .actual(show(total, u));
    }
}

// ---- YS-B007 -------------------------------------------------------------------------

crate::rule_info!(B007, "YS-B007", Error, Basis,
    "资金来源合计不等于各来源之和", "funding total differs from the sum of sources",
    what: "申报表资金来源栏的“当年预算合计”不等于“财政拨款收入（区级安排数）+ 财政拨款收入（上级转移支付）+ 专户管理的非税收入拨款 + 其他资金”之和（按 2 位小数的舍入区间比较；空栏按 0）。",
    why: "合计由各资金来源加总而来，对不上说明某个来源漏填或金额填错。",
    example: "当年预算合计 43，区级安排数 34，其他各项为 0。",
    needs: [Need::Projects]);

fn funding_sum(input: &Input, out: &mut Out) {
    let u = unit(input);
    for p in &input.budget().projects {
        let Some(f) = &p.stated_funding else { continue };
        let Some(total) = f.total else { continue };
        let parts = [f.local, f.transfer, f.special_account, f.other];
        if parts.iter().all(Option::is_none) {
            continue;
        }
        let iv = parts.iter().flatten().fold(Interval::point(0), |acc, a| acc.plus(interval(*a, u)));
        if iv.meets(interval(total, u)) {
            continue;
        }
        let s: Amount = parts.iter().flatten().copied().sum();
        out.report(
            in_project(input, p, "[project.stated_funding]"),
            Msg::new(
                format!(
                    "项目“{}”资金来源：当年预算合计 {}，各来源之和为 {}，相差 {}",
                    p.name,
                    show(total, u),
                    show(s, u),
                    show(total - s, u)
                ),
                format!(
                    "project “{}”: the funding total {} differs from the sum of the sources {} by {}",
                    p.name,
                    show(total, u),
                    show(s, u),
                    show(total - s, u)
                ),
            ),
        )
        .expected(show(s, u))
        .actual(show(total, u))
        .difference(show(total - s, u));
    }
}

// ---- YS-B008 -------------------------------------------------------------------------

crate::rule_info!(B008, "YS-B008", Warning, Basis,
    "资金来源与明细各列不符", "funding sources differ from the detail columns",
    what: "申报表资金来源栏的“财政拨款收入（区级安排数）”与明细“本级财政拨款金额”列之和、“上级转移支付”与明细“上级转移支付金额”列之和、“专户管理的非税收入拨款 + 其他资金”与明细“其他资金”列之和不符。只比较资金来源栏中填写了的来源。",
    why: "同一张申报表上，资金来源与支出明细是同一笔钱的两种分解，来源结构应当一致；不一致说明某处来源填错了栏。",
    example: "资金来源写区级安排 43、上级转移支付 0，而明细中有 5 万元填在“上级转移支付金额”列。",
    needs: [Need::Projects]);

fn funding_columns(input: &Input, out: &mut Out) {
    let u = unit(input);
    for p in &input.budget().projects {
        let Some(f) = &p.stated_funding else { continue };
        if p.details.is_empty() {
            continue;
        }
        let col = |get: fn(&DetailLine) -> Option<Amount>| -> (Amount, Interval) {
            p.details.iter().fold((Amount::ZERO, Interval::point(0)), |(s, iv), d| {
                let a = get(d).unwrap_or_default();
                (s + a, iv.plus(interval(a, u)))
            })
        };
        let other = match (f.special_account, f.other) {
            (None, None) => None,
            (a, b) => Some(a.unwrap_or_default() + b.unwrap_or_default()),
        };
        let pairs = [
            (f.local, col(|d| d.local), "区级安排数", "本级财政拨款金额", "local appropriation"),
            (f.transfer, col(|d| d.transfer), "上级转移支付", "上级转移支付金额", "transfer from above"),
            (other, col(|d| d.other), "专户非税收入 + 其他资金", "其他资金", "special account + other"),
        ];
        for (stated, (colsum, coliv), zh, col_zh, en) in pairs {
            let Some(stated) = stated else { continue };
            if coliv.meets(interval(stated, u)) {
                continue;
            }
            out.report(
                in_project(input, p, "[project.stated_funding]"),
                Msg::new(
                    format!(
                        "项目“{}”资金来源“{}”为 {}，明细“{}”列合计为 {}",
                        p.name,
                        zh,
                        show(stated, u),
                        col_zh,
                        show(colsum, u)
                    ),
                    format!(
                        "project “{}”: the funding source {} is {}, the detail column adds up to {}",
                        p.name,
                        en,
                        show(stated, u),
                        show(colsum, u)
                    ),
                ),
            )
            .expected(show(colsum, u))
            .actual(show(stated, u))
            .difference(show(stated - colsum, u));
        }
    }
}

// ---- YS-B009 -------------------------------------------------------------------------

crate::rule_info!(B009, "YS-B009", Warning, Basis,
    "有金额的明细没有测算依据", "detail line with an amount but no calculation basis",
    what: "项目支出明细的某一行填了金额，但“测算依据及说明”为空。",
    why: "测算依据说明金额是怎样算出来的（标准 × 数量），是审核和公开预算的核心内容；空着无法判断金额是否合理。",
    example: "明细“开展业务培训 2 万元”，测算依据栏空白。",
    needs: [Need::Projects]);

fn empty_basis(input: &Input, out: &mut Out) {
    let u = unit(input);
    for p in &input.budget().projects {
        for d in &p.details {
            if d.total().is_zero() || !d.basis.trim().is_empty() {
                continue;
            }
            out.report(
                detail_location(input, p, d),
                Msg::new(
                    format!("项目“{}”明细“{}”金额 {}，测算依据为空", p.name, d.content, show(d.total(), u)),
                    format!(
                        "project “{}”, detail “{}”: amount {} with an empty calculation basis",
                        p.name,
                        d.content,
                        show(d.total(), u)
                    ),
                ),
            )
            .actual(show(d.total(), u));
        }
    }
}

// ---- YS-B010 -------------------------------------------------------------------------

crate::rule_info!(B010, "YS-B010", Warning, Basis,
    "测算依据只重复金额或项目内容", "calculation basis only repeats the amount or the content",
    what: "测算依据只写了一个数（去掉“万元/元”后即为一个数字，如“17.5”），或与“项目内容”一字不差（忽略空白和标点）：没有写出任何测算过程。每个项目报告一次，列出所有这样的明细。",
    why: "测算依据应说明标准和数量；只重复金额或内容，等于没有依据，无法判断预算是否合理。",
    example: "乡村振兴及对口帮扶工作：明细“差旅费 17.5”的测算依据为“17.5”；专项工作：“人大、政协委员视察手册及租车费”的测算依据就是这几个字。",
    needs: [Need::Projects]);

fn squeeze(s: &str) -> String {
    s.chars()
        .filter(|c| !(c.is_whitespace() || c.is_ascii_punctuation() || "，。、；：（）《》“”！？".contains(*c)))
        .collect()
}

/// Why a basis says nothing: it is a bare number, or it repeats the content.
fn trivial_basis(d: &DetailLine) -> Option<&'static str> {
    let b = d.basis.trim();
    if b.is_empty() {
        return None;
    }
    let bare = b.trim_end_matches("万元").trim_end_matches('万').trim_end_matches('元').trim();
    if yusuan_model::Decimal::parse(bare).is_some() {
        return Some("只写了金额");
    }
    (squeeze(b) == squeeze(&d.content)).then_some("与项目内容相同")
}

fn trivial(input: &Input, out: &mut Out) {
    for p in &input.budget().projects {
        let lines: Vec<(&DetailLine, &str)> = p
            .details
            .iter()
            .filter(|d| !d.total().is_zero())
            .filter_map(|d| trivial_basis(d).map(|w| (d, w)))
            .collect();
        let Some((first, _)) = lines.first() else { continue };
        let list: Vec<String> = lines.iter().map(|(d, w)| format!("“{}”{}", d.content, w)).collect();
        out.report(
            detail_location(input, p, first),
            Msg::new(
                format!("项目“{}”有 {} 条明细的测算依据没有写出测算过程：{}", p.name, lines.len(), list.join("；")),
                format!(
                    "project “{}”: the calculation basis of {} detail line(s) shows no calculation (it repeats the amount or the content)",
                    p.name,
                    lines.len()
                ),
            ),
        )
        .evidences(
            lines
                .iter()
                .map(|(d, _)| Evidence { location: detail_location(input, p, d), quote: format!("{}：{}", d.content, d.basis) }),
        );
    }
}

// ---- YS-B011 -------------------------------------------------------------------------

crate::rule_info!(B011, "YS-B011", Warning, Basis,
    "有金额的项目没有支出明细", "project with an amount but no detail lines",
    what: "项目在支出明细行中有金额，但申报表没有“项目支出明细及依据”。",
    why: "项目支出明细和测算依据说明钱花在哪里、怎样算出；没有明细，项目金额无从核对。",
    example: "“专项工作”43 万元，申报表的支出明细栏为空。",
    needs: [Need::Projects, Need::LineItems]);

fn no_details(input: &Input, out: &mut Out) {
    let b: &Budget = input.budget();
    let u = unit(input);
    for p in &b.projects {
        let amount = b.project_amount(&p.id);
        if amount.is_zero() || !p.details.is_empty() {
            continue;
        }
        out.report(
            project_location(input, p),
            Msg::new(
                format!("项目“{}”金额 {}，但没有支出明细及测算依据", p.name, show(amount, u)),
                format!("project “{}” has {} but no detail lines", p.name, show(amount, u)),
            ),
        )
        .actual(show(amount, u));
    }
}

// ---- YS-B012 -------------------------------------------------------------------------

crate::rule_info!(B012, "YS-B012", Info, Basis,
    "测算依据没有任何数字", "calculation basis without any figure",
    what: "测算依据有文字，但没有任何数字（标准、数量、单价都没有），无法复核金额。只重复项目内容的情形由 YS-B010 报告。每个项目报告一次。",
    why: "预算编制要求按“标准 × 数量”测算；只写用途而不写标准和数量的依据不能支撑申报金额，宜补充。",
    example: "明细“值班工作保障 20 万元”，测算依据“24小时人员值班值守盒饭、洗漱等物资”——有“24小时”，不报告；“设计、排版、印刷费用”——报告。",
    needs: [Need::Projects]);

fn no_figures(input: &Input, out: &mut Out) {
    for p in &input.budget().projects {
        let lines: Vec<&DetailLine> = p
            .details
            .iter()
            .filter(|d| !d.total().is_zero() && !d.basis.trim().is_empty() && trivial_basis(d).is_none())
            .filter(|d| !d.basis.chars().any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c)))
            .collect();
        let Some(first) = lines.first() else { continue };
        let names: Vec<String> = lines.iter().map(|d| format!("“{}”", d.content)).collect();
        out.report(
            detail_location(input, p, first),
            Msg::new(
                format!("项目“{}”有 {} 条明细的测算依据没有任何数字：{}", p.name, lines.len(), names.join("、")),
                format!(
                    "project “{}”: the calculation basis of {} detail line(s) has no figure at all",
                    p.name,
                    lines.len()
                ),
            ),
        )
        .evidences(
            lines.iter().map(|d| Evidence {
                location: detail_location(input, p, d),
                quote: format!("{}：{}", d.content, d.basis),
            }),
        );
    }
}

// ---- Catalogue ----------------------------------------------------------------------

static RULES: &[FnRule] = &[
    FnRule { info: &B001, run: arithmetic },
    FnRule { info: &B002, run: unit_slip },
    FnRule { info: &B003, run: basis_sum },
    FnRule { info: &B004, run: details_total },
    FnRule { info: &B005, run: stated_current },
    FnRule { info: &B006, run: total_budget },
    FnRule { info: &B007, run: funding_sum },
    FnRule { info: &B008, run: funding_columns },
    FnRule { info: &B009, run: empty_basis },
    FnRule { info: &B010, run: trivial },
    FnRule { info: &B011, run: no_details },
    FnRule { info: &B012, run: no_figures },
];

/// The rules of this module.
pub fn rules() -> Vec<&'static dyn Rule> {
    RULES.iter().map(|r| r as &dyn Rule).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(basis: &str, local: &str) -> DetailLine {
        DetailLine {
            content: "x".into(),
            basis: basis.into(),
            local: Some(Amount::parse_in(local, MoneyUnit::WanYuan).unwrap()),
            transfer: None,
            other: None,
        }
    }

    #[test]
    fn seed_detail_lines() {
        let u = MoneyUnit::WanYuan;
        let pinyong = "区长专线临时人员7名，3名司机及4名文员（基本工资2080元、人/月×14人×12月=349440元，五险968元、人/月×14人×12月=162624元，节日补助1500元/人×14人=21000元，伙食补助600元、人/月×14人×12月=100800元，代理费60元、人/月×14人×12月=10080元。";
        match line_verdict(&line(pinyong, "69"), u) {
            LineVerdict::Differs { sum, .. } => assert!(sum.contains(Rational::int(643944))),
            v => panic!("{v:?}"),
        }
        assert!(matches!(line_verdict(&line("每月编印1期，每期30份，每份5元", "0.18"), u), LineVerdict::Consistent));
        let report =
            "组建专班，劳务派遣1人参与工作4个月，每月工资2000，伙食费600，共计10400；印刷报告及相关素材共1000份9600元";
        assert!(matches!(line_verdict(&line(report, "2"), u), LineVerdict::Consistent));
        for (basis, amount) in [
            ("1个课题，其中参加人员3人，劳务费4万，调查问卷1万，资料印刷费0.5万，资料收集费1万", "6.5"),
            ("印刷共1.3万元", "1.32"),
            ("17.5", "17.5"),
        ] {
            assert!(matches!(line_verdict(&line(basis, amount), u), LineVerdict::Unchecked), "{basis}");
        }
    }

    #[test]
    fn unit_slip_of_a_line() {
        let v = line_verdict(&line("2080元/人/月×14人×12月=349440元", "349440"), MoneyUnit::WanYuan);
        assert!(matches!(v, LineVerdict::UnitSlip { exp: 4, .. }), "{v:?}");
    }

    #[test]
    fn trivial_bases() {
        assert_eq!(trivial_basis(&line("17.5", "17.5")), Some("只写了金额"));
        assert_eq!(trivial_basis(&line("2000万元", "2000")), Some("只写了金额"));
        let mut d = line("人大、政协委员视察手册及租车费", "4");
        d.content = "人大、政协委员视察手册及租车费".into();
        assert_eq!(trivial_basis(&d), Some("与项目内容相同"));
        assert_eq!(trivial_basis(&line("印刷共1.3万元", "1.32")), None);
    }
}
