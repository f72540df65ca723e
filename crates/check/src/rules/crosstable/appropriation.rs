//! Cross-table identities of the appropriation tables (YS-X035 … YS-X041):
//! 财政拨款支出表（功能科目）, 财政拨款基本支出表（经济科目）, the general budget
//! tables and the 机关运行经费 table, against each other and against the
//! appropriation summary and the summary (the Jiangsu 12-table set prints all of
//! them; any template with these roles is checked the same way).
//!
//! 财政拨款 = 一般公共预算 + 政府性基金 (+ 国有资本经营): the general budget
//! tables are a part of the appropriation tables, equal to them code by code when
//! the document shows no other appropriation money.

use std::collections::{BTreeMap, BTreeSet};

use yusuan_model::view::Table;

use yusuan_derive::template::Footer;

use super::{
    APPROPRIATION, BASIC, GENERAL, GOV_FUND, P, SUMMARY, at_most, by_code, col, fund_cells, fund_table_cells,
    grand_total, lead_code, nonzero, panel, same, squeeze, tcell, tcells, text, total_row,
};
use crate::finding::Msg;
use crate::input::Input;
use crate::rule::{Need, Out};

const APPROPRIATION_FUNCTIONAL: &str = "appropriation_by_function";
const APPROPRIATION_BASIC: &str = "appropriation_basic_by_economic";
const RUNNING_COSTS: &str = "running_costs";
const STATE_CAPITAL: &str = "state_capital";

// ---- Helpers -------------------------------------------------------------------

/// The rows printing a table's grand total: its 合计 row (or the subtotal rows
/// that make it), else its top-level coded rows (no ancestor printed).
fn grand(t: &Table) -> Vec<usize> {
    let g = grand_total(t);
    if !g.is_empty() {
        return g;
    }
    let codes = by_code(t);
    codes
        .iter()
        .filter(|(c, _)| !codes.keys().any(|k| k.len() < c.len() && c.starts_with(k.as_str())))
        .map(|(_, &r)| r)
        .collect()
}

/// The code lengths (levels) a table prints.
fn levels(t: &Table) -> BTreeSet<usize> {
    by_code(t).keys().map(String::len).collect()
}

/// The cells of `code`'s row in column `c` (none when the code is not printed).
fn code_cells(t: &Table, codes: &BTreeMap<String, usize>, code: &str, c: usize) -> Vec<P> {
    codes.get(code).map_or_else(Vec::new, |&r| tcells(t, &[r], c))
}

/// The appropriation summary's cells of a source: its income row (`国有资本经营`)
/// and the source's columns (`state_capital`) of the spending panels.
fn source_cells(a: &Table, word: &str, key: &str) -> Vec<P> {
    let mut v = Vec::new();
    if let Some(ip) = panel(a, "income")
        && let Some(r) = ip.row(a, word)
    {
        v.extend(tcell(a, r, ip.cols[0]));
    }
    for name in ["functional", "economic"] {
        if let Some(c) = panel(a, name).and_then(|p| p.fund(a, key)) {
            v.extend((0..a.rows.len()).filter_map(|r| tcell(a, r, c)));
        }
    }
    nonzero(v)
}

/// The appropriation money besides the general budget (政府性基金, 国有资本经营).
struct OtherFunds<'i> {
    /// Whether the document says positively whether there is any: an
    /// appropriation summary, or a table of each such fund, is printed.
    known: bool,
    /// The non-zero cells that show such money.
    cells: Vec<P>,
    /// The tables of those funds (政府性基金 / 国有资本经营预算支出表) that print amounts.
    tables: Vec<&'i Table>,
    /// Whether every fund with money has its own table.
    tabled: bool,
}

fn other_funds<'i>(input: &'i Input) -> OtherFunds<'i> {
    let a = input.table(APPROPRIATION);
    let mut cells = Vec::new();
    let mut tables = Vec::new();
    let mut tabled = true;
    for (role, word, key) in [(GOV_FUND, "政府性基金", "gov_fund"), (STATE_CAPITAL, "国有资本经营", "state_capital")]
    {
        let in_summary = match (a, role) {
            (Some(a), GOV_FUND) => nonzero(fund_cells(a)),
            (Some(a), _) => source_cells(a, word, key),
            (None, _) => Vec::new(),
        };
        let table = input.table(role);
        let in_table = table.map_or_else(Vec::new, fund_table_cells);
        if !in_table.is_empty() {
            tables.extend(table);
        } else if !in_summary.is_empty() {
            tabled = false;
        }
        cells.extend(in_summary);
        cells.extend(in_table);
    }
    let known = a.is_some() || input.table(GOV_FUND).is_some();
    OtherFunds { known, cells, tables, tabled }
}

impl OtherFunds<'_> {
    /// No appropriation money but the general budget's.
    fn none(&self) -> bool {
        self.known && self.cells.is_empty()
    }
}

/// The spending total of a summary table (本年支出合计 / 支出合计): the cells of
/// its first spending panel that prints that footer — the panel's `合计` column
/// when it has one, else every column of it.
fn spending_total(input: &Input, t: &Table) -> Vec<P> {
    for name in ["functional", "economic", "purpose"] {
        let Some(p) = panel(t, name) else { continue };
        let Some(r) = p.footer(input, t, Footer::Spending) else { continue };
        return match col(t, &format!("{name}.total")).filter(|c| p.cols.contains(c)) {
            Some(c) => tcells(t, &[r], c),
            None => p.cols.iter().flat_map(|&c| tcells(t, &[r], c)).collect(),
        };
    }
    Vec::new()
}

/// Per code (and for the grand totals): `part` (plus, in column `total`, the
/// other funds' tables where they print that level) against `whole`, in column
/// `key` of both; equal when `exact`, else at most.
fn per_code(
    out: &mut Out,
    (part, whole): (&Table, &Table),
    others: &[&Table],
    key: &str,
    exact: bool,
    what: impl Fn(&str, &str, bool) -> Msg,
) {
    let (Some(pc), Some(wc)) = (col(part, key), col(whole, key)) else { return };
    let (pcodes, wcodes) = (by_code(part), by_code(whole));
    let (plevels, wlevels) = (levels(part), levels(whole));
    let label = &part.columns[pc].label;
    // The other funds' cells of `code` (None: the grand total), and whether they cover it.
    let extra = |code: Option<&str>| -> (Vec<P>, bool) {
        let mut v = Vec::new();
        for o in others {
            let Some(oc) = col(o, "total").filter(|_| key == "total") else { return (v, false) };
            match code {
                None => v.extend(tcells(o, &grand(o), oc)),
                Some(c) if levels(o).contains(&c.len()) => v.extend(code_cells(o, &by_code(o), c, oc)),
                Some(_) => return (v, false),
            }
        }
        (v, true)
    };
    let mut check = |mut mine: Vec<P>, theirs: Vec<P>, code: &str, (more, covered): (Vec<P>, bool)| {
        let exact = exact && covered;
        if exact {
            mine.extend(more);
        }
        let m = what(code, label, exact);
        if exact {
            same(out, &mine, &theirs, m)
        } else {
            at_most(out, &mine, &theirs, m)
        };
    };
    let (pg, wg) = (grand(part), grand(whole));
    if !pg.is_empty() && !wg.is_empty() {
        check(tcells(part, &pg, pc), tcells(whole, &wg, wc), "合计", extra(None));
    }
    // Codes of the levels both tables print.
    let all: BTreeSet<&String> = pcodes
        .keys()
        .filter(|c| wlevels.contains(&c.len()))
        .chain(wcodes.keys().filter(|c| plevels.contains(&c.len())))
        .collect();
    for code in all {
        let (mine, theirs) = (code_cells(part, &pcodes, code, pc), code_cells(whole, &wcodes, code, wc));
        check(mine, theirs, code, extra(Some(code)));
    }
}

// YS-X035 -------------------------------------------------------------------------

crate::rule_info!(X035, "YS-X035", Error, CrossTable,
    "财政拨款支出表（功能科目）合计 = 财政拨款收支总表支出合计", "appropriation functional table total = appropriation summary spending",
    what: "财政拨款支出预算表（功能科目）“合计”行的金额等于财政拨款收支预算总表的本年支出合计（江苏：支出用途栏的“支出合计”；有功能分类栏时为该栏本年支出合计的各资金列之和或“合计”列）。",
    why: "财政拨款支出预算表是财政拨款支出按功能科目的完整展开，总额必须与财政拨款收支总表相同。",
    example: "财政拨款支出预算表（功能科目）合计 18,330.37，财政拨款收支预算总表支出合计 18,340.37。",
    needs: [Need::Table(APPROPRIATION_FUNCTIONAL), Need::Table(APPROPRIATION)]);
rule!(AppropriationFunctionalTotal, X035, appropriation_functional_total);

fn appropriation_functional_total(input: &Input, out: &mut Out) {
    let (Some(f), Some(a)) = (input.table(APPROPRIATION_FUNCTIONAL), input.table(APPROPRIATION)) else { return };
    let Some(fc) = col(f, "total") else { return };
    let rows = grand(f);
    let theirs = spending_total(input, a);
    if rows.is_empty() || theirs.is_empty() {
        return;
    }
    let what = Msg::new(
        format!("《{}》合计应等于财政拨款收支预算总表的支出合计", f.title),
        format!("the total of {} must equal the appropriation summary's spending", f.title),
    );
    same(out, &tcells(f, &rows, fc), &theirs, what);
}

// YS-X036 -------------------------------------------------------------------------

crate::rule_info!(X036, "YS-X036", Error, CrossTable,
    "财政拨款基本支出表合计 = 财政拨款收支总表基本支出", "appropriation basic table total = appropriation summary basic spending",
    what: "财政拨款基本支出预算表（经济科目）“合计”行的金额等于财政拨款收支预算总表支出用途栏“基本支出”的金额。",
    why: "财政拨款基本支出预算表是财政拨款基本支出按经济科目的展开，总额就是财政拨款收支总表的基本支出。",
    example: "财政拨款基本支出预算表合计 9,312.90，财政拨款收支预算总表“一、基本支出”9,321.90。",
    needs: [Need::Table(APPROPRIATION_BASIC), Need::Table(APPROPRIATION)]);
rule!(AppropriationBasicTotal, X036, appropriation_basic_total);

fn appropriation_basic_total(input: &Input, out: &mut Out) {
    let (Some(b), Some(a)) = (input.table(APPROPRIATION_BASIC), input.table(APPROPRIATION)) else { return };
    let (Some(bc), Some(pp)) = (col(b, "total"), panel(a, "purpose")) else { return };
    let Some(ar) = pp.row(a, "基本支出") else { return };
    let rows = grand(b);
    if rows.is_empty() {
        return;
    }
    let what = Msg::new(
        format!("《{}》合计应等于财政拨款收支预算总表的基本支出", b.title),
        format!("the total of {} must equal the appropriation summary's basic spending", b.title),
    );
    same(out, &tcells(b, &rows, bc), &pp.cells(a, ar), what);
}

// YS-X037 -------------------------------------------------------------------------

crate::rule_info!(X037, "YS-X037", Error, CrossTable,
    "一般公共预算支出表各科目 = 财政拨款支出表（功能科目）", "general budget = appropriation functional table, per code",
    what: "一般公共预算支出表与财政拨款支出预算表（功能科目）中同一功能科目（及合计）的金额：没有政府性基金、国有资本经营预算拨款时两者相等；有时，一般公共预算支出表加政府性基金（国有资本经营）预算支出表同科目之和等于财政拨款支出表，各基金表不印该级科目时只核对一般公共预算不超过财政拨款。一张表有金额的科目，另一张表也必须列出（只比较两表都印的科目级次）。",
    why: "财政拨款由一般公共预算拨款和政府性基金（国有资本经营）预算拨款组成；同一科目的财政拨款支出就是各资金支出之和。",
    example: "财政拨款支出预算表 2010101 行政运行 7,448.20，一般公共预算支出预算表 2010101 7,484.20（无政府性基金）。",
    needs: [Need::Table(GENERAL), Need::Table(APPROPRIATION_FUNCTIONAL)]);
rule!(GeneralVsAppropriationFunctional, X037, general_vs_appropriation_functional);

fn general_vs_appropriation_functional(input: &Input, out: &mut Out) {
    let (Some(g), Some(f)) = (input.table(GENERAL), input.table(APPROPRIATION_FUNCTIONAL)) else { return };
    let other = other_funds(input);
    let exact = other.none() || (other.known && other.tabled);
    let others = if other.none() { Vec::new() } else { other.tables };
    let plus = if others.is_empty() {
        ("", "")
    } else {
        ("加政府性基金（国有资本经营）预算支出表", " plus the fund tables")
    };
    for key in ["total", "basic", "project"] {
        per_code(out, (g, f), &others, key, exact, |code, label, exact| {
            if exact {
                Msg::new(
                    format!("一般公共预算支出表{} {code} 的“{label}”应等于《{}》同科目", plus.0, f.title),
                    format!("the general budget table{}: “{label}” of {code} must equal {}", plus.1, f.title),
                )
            } else {
                Msg::new(
                    format!("一般公共预算支出表 {code} 的“{label}”不应超过《{}》同科目", f.title),
                    format!("the general budget table's “{label}” of {code} must not exceed {}", f.title),
                )
            }
        });
    }
}

// YS-X038 -------------------------------------------------------------------------

crate::rule_info!(X038, "YS-X038", Error, CrossTable,
    "一般公共预算基本支出表各科目 ≤ 财政拨款基本支出表", "general budget basic ≤ appropriation basic, per code",
    what: "一般公共预算基本支出表每个经济科目（及合计）的金额不超过财政拨款基本支出预算表（经济科目）同一科目的金额；没有政府性基金、国有资本经营预算拨款时两者相等。一张表有金额的科目，另一张表也必须列出（只比较两表都印的科目级次）。",
    why: "一般公共预算基本支出是财政拨款基本支出的一部分；财政拨款只有一般公共预算时，两张表是同一笔钱按同一经济分类的展开。",
    example: "财政拨款基本支出预算表 30201 办公费 570.00，一般公共预算基本支出预算表 30201 575.00。",
    needs: [Need::Table(BASIC), Need::Table(APPROPRIATION_BASIC)]);
rule!(GeneralBasicVsAppropriationBasic, X038, general_basic_vs_appropriation_basic);

fn general_basic_vs_appropriation_basic(input: &Input, out: &mut Out) {
    let (Some(g), Some(b)) = (input.table(BASIC), input.table(APPROPRIATION_BASIC)) else { return };
    let exact = other_funds(input).none();
    for key in ["total", "personnel", "public"] {
        per_code(out, (g, b), &[], key, exact, |code, label, exact| {
            if exact {
                Msg::new(
                    format!("一般公共预算基本支出表 {code} 的“{label}”应等于《{}》同科目（无其他财政拨款）", b.title),
                    format!(
                        "the general budget basic table's “{label}” of {code} must equal {} (no other appropriation)",
                        b.title
                    ),
                )
            } else {
                Msg::new(
                    format!("一般公共预算基本支出表 {code} 的“{label}”不应超过《{}》同科目", b.title),
                    format!("the general budget basic table's “{label}” of {code} must not exceed {}", b.title),
                )
            }
        });
    }
}

// YS-X039 -------------------------------------------------------------------------

crate::rule_info!(X039, "YS-X039", Error, CrossTable,
    "机关运行经费 ≤ 一般公共预算基本支出表同科目", "running costs ≤ general budget basic spending, per code",
    what: "机关运行经费支出预算表每个经济科目（及合计）的金额，不超过一般公共预算基本支出表同一科目的金额（该表分列公用经费时，不超过其公用经费）；基本支出表印了该级科目却没有这个科目，也算超出。",
    why: "机关运行经费是一般公共预算基本支出中的公用经费，每个经济科目都是基本支出表同科目的一部分。",
    example: "机关运行经费支出预算表 30201 办公费 580.00，一般公共预算基本支出预算表 30201 只有 570.00。",
    needs: [Need::Table(RUNNING_COSTS), Need::Table(BASIC)]);
rule!(RunningCostsWithinBasic, X039, running_costs_within_basic);

fn running_costs_within_basic(input: &Input, out: &mut Out) {
    let (Some(rc), Some(b)) = (input.table(RUNNING_COSTS), input.table(BASIC)) else { return };
    let (Some(rcc), Some(bc)) = (col(rc, "total"), col(b, "public").or_else(|| col(b, "total"))) else { return };
    let (rcodes, bcodes, blevels) = (by_code(rc), by_code(b), levels(b));
    let blabel = &b.columns[bc].label;
    let (rg, bg) = (grand(rc), grand(b));
    if !rg.is_empty() && !bg.is_empty() {
        let what = Msg::new(
            format!("《{}》合计不应超过一般公共预算基本支出表合计的“{blabel}”", rc.title),
            format!("the total of {} must not exceed the general budget basic table's “{blabel}”", rc.title),
        );
        at_most(out, &tcells(rc, &rg, rcc), &tcells(b, &bg, bc), what);
    }
    for code in rcodes.keys().filter(|c| blevels.contains(&c.len())) {
        let what = Msg::new(
            format!("《{}》{code} 不应超过一般公共预算基本支出表 {code} 的“{blabel}”", rc.title),
            format!("running costs of {code} must not exceed the general budget basic table's “{blabel}” of {code}"),
        );
        at_most(out, &code_cells(rc, &rcodes, code, rcc), &code_cells(b, &bcodes, code, bc), what);
    }
}

// YS-X040 -------------------------------------------------------------------------

crate::rule_info!(X040, "YS-X040", Error, CrossTable,
    "一般公共预算支出表合计 = 财政拨款收支总表一般公共预算收入", "general budget total = appropriation summary general budget income",
    what: "财政拨款收支预算总表的支出栏不按资金分列（江苏：只有支出用途栏）、也没有结转结余时，一般公共预算支出表“合计”等于其收入栏“一般公共预算”的金额。支出栏按资金分列时由 YS-X008 核对。",
    why: "没有结转结余时，当年一般公共预算拨款收入全部安排为当年一般公共预算支出；收入栏是这张表上唯一按资金划分的地方。",
    example: "财政拨款收支预算总表“一、一般公共预算”18,330.37，一般公共预算支出预算表合计 18,303.37。",
    needs: [Need::Table(GENERAL), Need::Table(APPROPRIATION)]);
rule!(GeneralTotalVsAppropriationIncome, X040, general_total_vs_appropriation_income);

/// Whether a summary table prints a carry-over amount (上年结转, 结转下年, 结余 …).
fn carries(t: &Table) -> bool {
    ["income", "functional", "economic", "purpose"].into_iter().filter_map(|n| panel(t, n)).any(|p| {
        (0..t.rows.len()).any(|r| {
            let label = squeeze(text(t, r, p.item));
            (label.contains("结转") || label.contains("结余")) && !nonzero(p.cells(t, r)).is_empty()
        })
    })
}

fn general_total_vs_appropriation_income(input: &Input, out: &mut Out) {
    let (Some(g), Some(a)) = (input.table(GENERAL), input.table(APPROPRIATION)) else { return };
    if panel(a, "functional").and_then(|p| p.fund(a, "general_budget")).is_some() || carries(a) {
        return; // YS-X008 compares the spending columns; carry-over breaks the income = spending balance
    }
    let (Some(gc), Some(ip)) = (col(g, "total"), panel(a, "income")) else { return };
    let Some(ar) = ip.row(a, "一般公共预算") else { return };
    let rows = match total_row(g) {
        Some(r) => vec![r],
        None => grand(g),
    };
    if rows.is_empty() {
        return;
    }
    let what = Msg::new(
        "一般公共预算支出表合计应等于财政拨款收支预算总表的一般公共预算收入",
        "the general budget table's total must equal the appropriation summary's general budget income",
    );
    same(out, &tcells(g, &rows, gc), &tcells(a, &[ar], ip.cols[0]), what);
}

// YS-X041 -------------------------------------------------------------------------

crate::rule_info!(X041, "YS-X041", Error, CrossTable,
    "财政拨款支出表（功能科目）各类 ≤ 收支总表同类支出", "appropriation functional classes ≤ summary classes",
    what: "财政拨款支出预算表（功能科目）每个类级科目（及合计）的金额，不超过收支预算总表支出（功能分类）栏同一类的金额（及本年支出合计）。收支总表只印类名（“一、一般公共服务支出”）时按类名对应，类名对不上的类不比较（类名由 YS-C 规则核对）。",
    why: "财政拨款支出是部门全部支出的一部分，某一类的财政拨款不可能多于该类的全部支出。",
    example: "财政拨款支出预算表“221 住房保障支出”3,301.20，收支预算总表“十八、住房保障支出”3,031.20。",
    needs: [Need::Table(APPROPRIATION_FUNCTIONAL), Need::Table(SUMMARY)]);
rule!(AppropriationFunctionalWithinSummary, X041, appropriation_functional_within_summary);

fn appropriation_functional_within_summary(input: &Input, out: &mut Out) {
    let (Some(f), Some(s)) = (input.table(APPROPRIATION_FUNCTIONAL), input.table(SUMMARY)) else { return };
    let (Some(fc), Some(fp)) = (col(f, "total"), panel(s, "functional")) else { return };
    // The panel's amount (or 合计) column when it also prints a breakdown (人员经费 …).
    let amount_col =
        ["functional.total", "functional.amount"].into_iter().find_map(|k| col(s, k).filter(|c| fp.cols.contains(c)));
    let cells = |r: usize| match amount_col {
        Some(c) => tcells(s, &[r], c),
        None => fp.cells(s, r),
    };
    if let Some(sr) = fp.footer(input, s, Footer::Spending) {
        let rows = grand(f);
        if !rows.is_empty() {
            let what = Msg::new(
                format!("《{}》合计不应超过收支预算总表本年支出合计", f.title),
                format!("the total of {} must not exceed the summary's spending", f.title),
            );
            at_most(out, &tcells(f, &rows, fc), &cells(sr), what);
        }
    }
    // The summary's class rows, by code when printed, else by name.
    let mut by_code_rows: BTreeMap<String, usize> = BTreeMap::new();
    let mut by_name: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for r in 0..s.rows.len() {
        let label = text(s, r, fp.item);
        if let Some(code) = lead_code(label) {
            by_code_rows.entry(code).or_insert(r);
        } else {
            let name = squeeze(crate::resolve::strip_ordinal(label));
            if !name.is_empty() {
                by_name.entry(name).or_default().push(r);
            }
        }
    }
    let name_col = col(f, "name");
    for (code, &r) in by_code(f).iter().filter(|(c, _)| c.len() == 3) {
        let sr = match by_code_rows.get(code) {
            Some(&sr) => sr,
            None => {
                let name = name_col.map(|nc| squeeze(text(f, r, nc))).unwrap_or_default();
                match by_name.get(&name).map(Vec::as_slice) {
                    Some(&[sr]) if !name.is_empty() => sr,
                    _ => continue, // the class cannot be told apart in the summary
                }
            }
        };
        let what = Msg::new(
            format!("《{}》{code} 类不应超过收支预算总表同类支出", f.title),
            format!("class {code} of {} must not exceed the summary's spending of that class", f.title),
        );
        at_most(out, &tcells(f, &[r], fc), &cells(sr), what);
    }
}
