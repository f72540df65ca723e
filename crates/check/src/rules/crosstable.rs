//! Cross-table identities (YS-X…): the public tables are views of the same
//! line items, so a figure printed in one table must agree with (or, for a
//! subset, not exceed) the figures of the other tables that measure the same
//! thing; and the performance-target forms restate amounts of the tables.
//!
//! Tables are found by role and columns by key (see the templates); summary
//! tables (`summary`, `appropriation_summary`) by panel (`income_item`,
//! `functional_item`, `economic_item`) and row label (`201 一般公共服务支出`,
//! `本年收入合计` …); forms by the text of their label cells (`项目当年预算` …).
//!
//! Every comparison is rounding-aware: a printed amount stands for an
//! interval, a sum for the sum of the intervals, and a finding is reported only
//! when the intervals cannot meet (equalities) or cannot be ordered (`≤`).
//! Every finding names every cell it rests on.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use yusuan_model::view::{Cell, Form, RowKind, Table};
use yusuan_model::{Amount, Figure, Interval, MoneyUnit, Ratio};

use yusuan_derive::template::Footer;

use crate::compare::{self, At};
use crate::finding::{CellRef, Evidence, Location, Msg};
use crate::input::{self, Input, cell_location, interval, show, table_location, total_row};
use crate::rule::{Need, Out, Rule};

mod appropriation;

// ---- Roles -------------------------------------------------------------------

const SUMMARY: &str = "summary";
const INCOME: &str = "income_by_function";
const EXPENDITURE: &str = "expenditure_by_function";
const PROJECTS: &str = "projects";
const APPROPRIATION: &str = "appropriation_summary";
const GENERAL: &str = "general_budget_by_function";
const BASIC: &str = "general_budget_basic_by_economic";
const THREE_PUBLIC: &str = "three_public";
const GOV_FUND: &str = "gov_fund";
const PROCUREMENT: &str = "procurement";
const SERVICES: &str = "purchased_services";
const DEPARTMENT_FORM: &str = "department_performance";
const PROJECT_FORM: &str = "project_performance";

const PROCUREMENT_TABLES: &[&str] = &[PROCUREMENT, SERVICES];

// ---- Printed figures -----------------------------------------------------------

/// A printed amount of a table or form cell, with where it is and what it stands for.
#[derive(Debug, Clone)]
struct P {
    loc: Location,
    quote: String,
    amount: Amount,
    iv: Interval,
    unit: MoneyUnit,
    decimals: u8,
}

impl P {
    fn evidence(&self) -> Evidence {
        Evidence { location: self.loc.clone(), quote: self.quote.clone() }
    }
}

/// A table cell as a printed amount (blank is zero, text is none).
fn tcell(t: &Table, r: usize, c: usize) -> Option<P> {
    let a = input::amount(t, r, c)?;
    Some(P {
        loc: cell_location(t, r, c),
        quote: show(t, a),
        amount: a,
        iv: interval(t, a),
        unit: t.unit,
        decimals: t.decimals,
    })
}

/// The cells of `rows` in column `c`, blank cells left out (a blank is an exact
/// zero: it adds nothing to a sum, nor a rounding interval).
fn tcells(t: &Table, rows: &[usize], c: usize) -> Vec<P> {
    rows.iter()
        .filter(|&&r| !matches!(t.rows.get(r).and_then(|row| row.cells.get(c)), Some(Cell::Empty)))
        .filter_map(|&r| tcell(t, r, c))
        .collect()
}

/// The location of a form cell (row = grid row, col = cell index in the row).
fn form_location(f: &Form, r: usize, i: usize, row_label: &str, column_label: &str) -> Location {
    Location::Cell {
        cell: CellRef { table: f.id.clone(), row: r, col: i },
        table_title: f.title.clone(),
        row_label: row_label.to_owned(),
        column_label: column_label.to_owned(),
        line: None,
    }
}

/// A form cell as a printed amount (blank is zero, text and percentages are none).
fn fcell(f: &Form, r: usize, i: usize, row_label: &str, column_label: &str) -> Option<P> {
    let a = match &f.rows.get(r)?.get(i)?.content {
        Cell::Amount(a) => *a,
        Cell::Empty => Amount::ZERO,
        _ => return None,
    };
    Some(P {
        loc: form_location(f, r, i, row_label, column_label),
        quote: a.format_grouped(f.unit, f.decimals),
        amount: a,
        iv: Figure::money(a, f.unit, f.decimals).interval(),
        unit: f.unit,
        decimals: f.decimals,
    })
}

fn total(ps: &[P]) -> (Amount, Interval) {
    ps.iter().fold((Amount::ZERO, Interval::point(0)), |(a, iv), p| (a + p.amount, iv.plus(p.iv)))
}

fn shown(a: &[P], b: &[P]) -> impl Fn(Amount) -> String {
    let (unit, decimals) = a.first().or(b.first()).map_or((MoneyUnit::WanYuan, 2), |p| (p.unit, p.decimals));
    move |x: Amount| x.format_grouped(unit, decimals)
}

/// Checks Σ`a` = Σ`b` (an empty side is zero); reports at the first cell of `a`
/// (else of `b`), quoting every cell. Returns whether it holds.
fn same(out: &mut Out, a: &[P], b: &[P], what: Msg) -> bool {
    let ((sa, ia), (sb, ib)) = (total(a), total(b));
    if ia.meets(ib) {
        return true;
    }
    let Some(at) = a.first().or(b.first()) else { return true };
    let f = shown(a, b);
    let msg = Msg::new(
        format!("{}：前者为 {}，后者为 {}（差 {}），按印刷数的舍入区间也无法相等", what.zh, f(sa), f(sb), f(sa - sb)),
        format!(
            "{}: {} against {} (difference {}), beyond rounding of the printed figures",
            what.en,
            f(sa),
            f(sb),
            f(sa - sb)
        ),
    );
    out.report(at.loc.clone(), msg)
        .expected(f(sb))
        .actual(f(sa))
        .difference(f(sa - sb))
        .evidences(a.iter().chain(b).map(P::evidence));
    false
}

/// Checks Σ`small` ≤ Σ`big` (an empty side is zero); reports at the first cell
/// of `small` when even the rounding intervals cannot make it hold.
fn at_most(out: &mut Out, small: &[P], big: &[P], what: Msg) -> bool {
    let ((ss, is), (sb, ib)) = (total(small), total(big));
    if is.lo <= ib.hi {
        return true;
    }
    let Some(at) = small.first().or(big.first()) else { return true };
    let f = shown(small, big);
    let msg = Msg::new(
        format!("{}：前者 {} 大于后者 {}（超出 {}）", what.zh, f(ss), f(sb), f(ss - sb)),
        format!("{}: {} exceeds {} (by {})", what.en, f(ss), f(sb), f(ss - sb)),
    );
    out.report(at.loc.clone(), msg)
        .expected(format!("≤ {}", f(sb)))
        .actual(f(ss))
        .difference(f(ss - sb))
        .evidences(small.iter().chain(big).map(P::evidence));
    false
}

// ---- Tables ------------------------------------------------------------------

fn col(t: &Table, key: &str) -> Option<usize> {
    t.column_index(key)
}

fn text(t: &Table, r: usize, c: usize) -> &str {
    match t.rows.get(r).and_then(|row| row.cells.get(c)) {
        Some(Cell::Text(s)) => s,
        _ => "",
    }
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The rows that are not 合计 rows.
fn body(t: &Table) -> Vec<usize> {
    (0..t.rows.len()).filter(|&r| t.rows[r].kind != RowKind::Total).collect()
}

/// The 合计 row, or every body row when the table prints none.
fn total_or_body(t: &Table) -> Vec<usize> {
    total_row(t).map_or_else(|| body(t), |r| vec![r])
}

/// The rows that print a table's grand total: its 合计 row, or the subtotal rows
/// that together make it (the 决算 基本支出 table: 人员经费合计 + 公用经费合计).
fn grand_total(t: &Table) -> Vec<usize> {
    super::identity::total_blocks(t).into_iter().map(|(r, _)| r).collect()
}

/// Body rows by code (first row of each code).
fn by_code(t: &Table) -> BTreeMap<String, usize> {
    let mut m = BTreeMap::new();
    for r in body(t) {
        if let Some(code) = &t.rows[r].code {
            m.entry(code.clone()).or_insert(r);
        }
    }
    m
}

/// Body rows grouped by code (grouped tables print a code on several rows).
fn rows_by_code(t: &Table) -> BTreeMap<String, Vec<usize>> {
    let mut m: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for r in body(t) {
        if let Some(code) = &t.rows[r].code {
            m.entry(code.clone()).or_default().push(r);
        }
    }
    m
}

/// Whether `code` has no sub-code among `codes`.
fn is_leaf<V>(codes: &BTreeMap<String, V>, code: &str) -> bool {
    !codes.keys().any(|k| k.len() > code.len() && k.starts_with(code))
}

/// A summary table's panel: its label column and the amount columns after it.
struct Panel {
    name: &'static str,
    item: usize,
    cols: Vec<usize>,
}

fn panel(t: &Table, name: &'static str) -> Option<Panel> {
    let item = col(t, &format!("{name}_item"))?;
    let cols: Vec<usize> =
        (item + 1..t.columns.len()).take_while(|&c| t.columns[c].kind == yusuan_model::ColumnKind::Amount).collect();
    (!cols.is_empty()).then_some(Panel { name, item, cols })
}

impl Panel {
    /// The amount column of a fund (`general_budget`), by key `<panel>.<fund>`.
    fn fund(&self, t: &Table, fund: &str) -> Option<usize> {
        col(t, &format!("{}.{fund}", self.name)).filter(|c| self.cols.contains(c))
    }

    /// The row whose label contains `label` (`一般公共预算` …).
    fn row(&self, t: &Table, label: &str) -> Option<usize> {
        (0..t.rows.len()).find(|&r| squeeze(text(t, r, self.item)).contains(label))
    }

    /// The footer row stating `f` (`本年收入合计`, `收入总计` …), as the table's
    /// template prints it (see `identity::footers`).
    fn footer(&self, input: &Input, t: &Table, f: Footer) -> Option<usize> {
        super::identity::footer_row(super::identity::footers(input, t), t, self.item, f)
    }

    /// Rows whose label starts with a classification code (`201 一般公共服务支出`), by code.
    fn classes(&self, t: &Table) -> BTreeMap<String, usize> {
        let mut m = BTreeMap::new();
        for r in 0..t.rows.len() {
            if let Some(code) = lead_code(text(t, r, self.item)) {
                m.entry(code).or_insert(r);
            }
        }
        m
    }

    fn cells(&self, t: &Table, r: usize) -> Vec<P> {
        self.cols.iter().filter_map(|&c| tcell(t, r, c)).collect()
    }
}

/// The classification code a label starts with (`201 一般公共服务支出` → `201`).
fn lead_code(label: &str) -> Option<String> {
    let s = label.trim();
    let digits: String = s.chars().take_while(char::is_ascii_digit).collect();
    matches!(digits.len(), 3 | 5 | 7).then_some(digits)
}

/// Income sources: the column key of the income and project tables, and a word
/// of the summary tables' income row labels.
const SOURCES: &[(&str, &str)] = &[
    ("general_budget", "一般公共预算"),
    ("gov_fund", "政府性基金"),
    ("state_capital", "国有资本经营"),
    ("operations", "事业收入"),
    ("superior_grant", "上级补助"),
    ("subsidiary_remit", "附属单位上缴"),
    ("business", "事业单位经营"),
    ("other", "其他收入"),
    ("carry_over", "上年结"),
    ("appropriation", "财政拨款"),
];

/// Income columns that a 财政拨款收入 (`appropriation`) column of the income table includes.
const APPROPRIATION_KEYS: &[&str] = &["general_budget", "gov_fund", "state_capital"];

/// The appropriation sources (财政拨款), by a word of their income row labels.
const APPROPRIATION_SOURCES: &[&str] = &["一般公共预算", "政府性基金", "国有资本经营"];

fn tables<'i>(input: &'i Input, roles: &'i [&'i str]) -> impl Iterator<Item = &'i Table> + 'i {
    input.tables.iter().filter(move |t| roles.contains(&t.role.as_str()))
}

// ---- Names -------------------------------------------------------------------

/// A project name for matching: no blanks, half-width brackets, no `项目N：` prefix.
fn norm_name(s: &str) -> String {
    let s: String = squeeze(s)
        .chars()
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            '：' => ':',
            c => c,
        })
        .collect();
    if let Some(rest) = s.strip_prefix("项目") {
        let digits = rest.chars().take_while(char::is_ascii_digit).count();
        if digits > 0
            && let Some(name) = rest[digits..].strip_prefix([':', '、', '.'])
        {
            return name.to_owned();
        }
    }
    s
}

/// Length of the longest common substring (in characters).
fn common_len(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut best = 0;
    let mut prev = vec![0; b.len() + 1];
    for x in &a {
        let mut cur = vec![0; b.len() + 1];
        for (j, y) in b.iter().enumerate() {
            if x == y {
                cur[j + 1] = prev[j] + 1;
                best = best.max(cur[j + 1]);
            }
        }
        prev = cur;
    }
    best
}

/// The project table's body rows by normalized project name.
fn projects_by_name(t: &Table) -> BTreeMap<String, Vec<usize>> {
    let mut m: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    if let Some(pc) = col(t, "project_name") {
        for r in body(t) {
            let name = norm_name(text(t, r, pc));
            if !name.is_empty() {
                m.entry(name).or_default().push(r);
            }
        }
    }
    m
}

/// The rows of the project named `name`: the same name, else the one name that
/// contains it or is contained in it, else the one name sharing the longest
/// common part (at least 2 characters and half the shorter name).
fn match_project<'m>(names: &'m BTreeMap<String, Vec<usize>>, name: &str) -> Option<&'m [usize]> {
    let n = norm_name(name);
    if n.is_empty() {
        return None;
    }
    if let Some(rows) = names.get(&n) {
        return Some(rows);
    }
    let contained: Vec<&String> = names.keys().filter(|k| k.contains(&n) || n.contains(k.as_str())).collect();
    if let [k] = contained[..] {
        return Some(&names[k]);
    }
    let scored: Vec<(usize, &String)> = names
        .keys()
        .map(|k| (common_len(k, &n), k))
        .filter(|(l, k)| *l >= 2 && 2 * l >= k.chars().count().min(n.chars().count()))
        .collect();
    let best = scored.iter().map(|(l, _)| *l).max()?;
    match scored.iter().filter(|(l, _)| *l == best).collect::<Vec<_>>()[..] {
        [(_, k)] => Some(&names[*k]),
        _ => None,
    }
}

// ---- Forms -------------------------------------------------------------------

fn form_text(f: &Form, r: usize, i: usize) -> Option<&str> {
    match &f.rows.get(r)?.get(i)?.content {
        Cell::Text(s) => Some(s),
        _ => None,
    }
}

fn is_label(f: &Form, r: usize, i: usize, label: &str) -> bool {
    form_text(f, r, i).is_some_and(|s| squeeze(s) == label)
}

/// The first cell whose text is `label`.
fn find_label(f: &Form, label: &str) -> Option<(usize, usize)> {
    (0..f.rows.len()).find_map(|r| (0..f.rows[r].len()).find(|&i| is_label(f, r, i, label)).map(|i| (r, i)))
}

/// The amount right after the label cell `label` in its row.
fn amount_after(f: &Form, label: &str, column_label: &str) -> Option<P> {
    let (r, i) = find_label(f, label)?;
    fcell(f, r, i + 1, label, column_label)
}

/// The grid column where each cell of each row starts, given the spans.
fn grid(f: &Form) -> Vec<Vec<(usize, usize)>> {
    let mut taken: HashSet<(usize, usize)> = HashSet::new();
    let mut out = Vec::with_capacity(f.rows.len());
    for (r, row) in f.rows.iter().enumerate() {
        let mut c = 0;
        let mut starts = Vec::with_capacity(row.len());
        for cell in row {
            while taken.contains(&(r, c)) {
                c += 1;
            }
            let (w, h) = (cell.colspan.max(1) as usize, cell.rowspan.max(1) as usize);
            starts.push((c, w));
            for dr in 0..h {
                for dc in 0..w {
                    taken.insert((r + dr, c + dc));
                }
            }
            c += w;
        }
        out.push(starts);
    }
    out
}

/// A line of the department form's 收入构成 / 支出构成 block.
struct Line {
    label: String,
    amount: P,
    /// The 占比 cell, when printed as a percentage.
    share: Option<(usize, usize, String)>,
}

/// The department form's money block: income lines and expenditure lines.
struct Composition {
    income: Vec<Line>,
    expenditure: Vec<Line>,
}

impl Composition {
    fn read(f: &Form) -> Composition {
        let mut c = Composition { income: Vec::new(), expenditure: Vec::new() };
        let mut block: Option<bool> = None;
        'rows: for (r, row) in f.rows.iter().enumerate() {
            for i in 0..row.len() {
                let Some(t) = form_text(f, r, i).map(squeeze) else { continue };
                match t.as_str() {
                    "收入构成" => block = Some(true),
                    "支出构成" => block = Some(false),
                    "部门职能概述" | "年度工作任务" | "项目支出情况" | "整体绩效目标" => {
                        break 'rows;
                    }
                    "财政拨款" | "其他资金" | "基本支出" | "项目支出" | "合计" => {
                        let Some(income) = block else { continue };
                        let side = if income { "收入构成" } else { "支出构成" };
                        let Some(amount) = fcell(f, r, i + 1, &format!("{side} {t}"), "当年金额") else { continue };
                        let share = match row.get(i + 2).map(|c| &c.content) {
                            Some(Cell::Percent(p)) => Some((r, i + 2, p.clone())),
                            _ => None,
                        };
                        let line = Line { label: t.clone(), amount, share };
                        if income { c.income.push(line) } else { c.expenditure.push(line) }
                    }
                    _ => {}
                }
            }
        }
        c
    }

    fn get<'a>(lines: &'a [Line], label: &str) -> Option<&'a Line> {
        lines.iter().find(|l| l.label == label)
    }
}

/// A project line of the department form's 项目支出情况 block.
struct FormProject {
    name: String,
    /// Row and cell index of the name.
    at: (usize, usize),
    total: Option<P>,
    current: P,
}

/// The department form's 项目支出情况 rows: under the header row, the cells in
/// the grid columns of 项目名称 / 项目总预算 / 项目本年度预算.
fn form_projects(f: &Form) -> Vec<FormProject> {
    let Some((hr, hi)) = find_label(f, "项目本年度预算") else { return Vec::new() };
    let g = grid(f);
    let at = |r: usize, gc: usize| g[r].iter().position(|&(s, w)| s <= gc && gc < s + w);
    let header_col = |label: &str| (0..f.rows[hr].len()).find(|&i| is_label(f, hr, i, label)).map(|i| g[hr][i].0);
    let (Some(name_col), cur_col) = (header_col("项目名称"), g[hr][hi].0) else { return Vec::new() };
    let total_col = header_col("项目总预算");
    let mut out = Vec::new();
    for r in hr + 1..f.rows.len() {
        let (Some(ni), Some(ci)) = (at(r, name_col), at(r, cur_col)) else { break };
        let Some(name) = form_text(f, r, ni) else { break };
        let row_label = name.to_owned();
        let Some(current) = fcell(f, r, ci, &row_label, "项目本年度预算") else { break };
        let total = total_col.and_then(|tc| at(r, tc)).and_then(|ti| fcell(f, r, ti, &row_label, "项目总预算"));
        out.push(FormProject { name: name.to_owned(), at: (r, ni), total, current });
    }
    out
}

/// A project form's amounts.
struct ProjectForm {
    name: Option<(usize, usize, String)>,
    total_budget: Option<P>,
    current: Option<P>,
    sum: Option<P>,
    sources: Vec<P>,
}

impl ProjectForm {
    fn read(f: &Form) -> ProjectForm {
        let name = find_label(f, "项目名称")
            .and_then(|(r, i)| form_text(f, r, i + 1).map(|s| (r, i + 1, s.trim().to_owned())))
            .filter(|(_, _, s)| !s.is_empty());
        let mut sources = Vec::new();
        if let Some((sr, _)) = find_label(f, "当年预算合计") {
            for r in sr + 1..f.rows.len() {
                let Some(i) = (0..f.rows[r].len()).find(|&i| form_text(f, r, i).is_some()) else { break };
                let label = form_text(f, r, i).unwrap_or_default().trim().to_owned();
                // `1. 财政拨款收入（区级安排数）`, `2、…`; not `2022项目支出明细及依据`.
                let digits = label.chars().take_while(char::is_ascii_digit).count();
                let numbered = digits > 0 && label[digits..].starts_with(['.', '、', '．', ' ']);
                if !numbered {
                    break;
                }
                match fcell(f, r, i + 1, &label, "预算申报数") {
                    Some(p) => sources.push(p),
                    None => break,
                }
            }
        }
        ProjectForm {
            name,
            total_budget: amount_after(f, "项目总预算", "项目总预算"),
            current: amount_after(f, "项目当年预算", "项目当年预算"),
            sum: amount_after(f, "当年预算合计", "预算申报数"),
            sources,
        }
    }
}

// ---- Rules -------------------------------------------------------------------

fn tables2<'i>(input: &'i Input, a: &str, b: &str) -> Option<(&'i Table, &'i Table)> {
    Some((input.table(a)?, input.table(b)?))
}

// YS-X001 -------------------------------------------------------------------------

crate::rule_info!(X001, "YS-X001", Error, CrossTable,
    "收支总表收入总计 = 支出总表合计", "summary grand total = expenditure table total",
    what: "收支预算总表的“收入总计”等于支出预算总表“合计”行的“总计”。支出表没有“结转下年”列时（决算的支出决算表），它的合计只是本年支出，改与收支总表的“本年支出合计”比较。",
    why: "支出预算总表的总计（含结转下年）就是全部收入的去向；两表总额不同说明有一张表漏列或多列了支出。",
    example: "收支预算总表收入总计 3,927.98，支出预算总表合计总计 3,917.98。",
    needs: [Need::Table(SUMMARY), Need::Table(EXPENDITURE)]);
rule!(SummaryTotal, X001, summary_total);

fn summary_total(input: &Input, out: &mut Out) {
    let Some((s, e)) = tables2(input, SUMMARY, EXPENDITURE) else { return };
    let (Some(tr), Some(tc)) = (total_row(e), col(e, "total")) else { return };
    if col(e, "carry_forward").is_some() {
        let Some(inc) = panel(s, "income") else { return };
        let Some(r) = inc.footer(input, s, Footer::IncomeTotal) else { return };
        let what = Msg::new(
            "收支预算总表收入总计应等于支出预算总表合计",
            "the summary's grand total must equal the expenditure table's total",
        );
        compare::equal(out, (s, r, inc.cols[0]), (e, tr, tc), what);
    } else {
        let Some(fp) = panel(s, "functional") else { return };
        let Some(r) = fp.footer(input, s, Footer::Spending) else { return };
        let what = Msg::new(
            "收支总表本年支出合计应等于支出表合计",
            "the summary's spending of the year must equal the expenditure table's total",
        );
        compare::equal(out, (s, r, fp.cols[0]), (e, tr, tc), what);
    }
}

// YS-X002 -------------------------------------------------------------------------

crate::rule_info!(X002, "YS-X002", Error, CrossTable,
    "收支总表功能分类各类 = 收入总表各类总计", "summary functional classes = income table classes",
    what: "收支预算总表支出（功能分类）栏每个类级科目的金额等于收入预算总表同一类级科目的“总计”；一张表有金额而另一张表没有该类也算不符。",
    why: "两张表按同一功能分类汇总同一批资金；某一类对不上说明其中一张表把资金归错了类。",
    example: "收支预算总表“201 一般公共服务支出”883.46，收入预算总表 201 行总计 873.46。",
    needs: [Need::Table(SUMMARY), Need::Table(INCOME)]);
rule!(SummaryClassesVsIncome, X002, summary_classes_vs_income);

fn summary_classes_vs_income(input: &Input, out: &mut Out) {
    let Some((s, i)) = tables2(input, SUMMARY, INCOME) else { return };
    let (Some(fp), Some(tc)) = (panel(s, "functional"), col(i, "total")) else { return };
    let classes = fp.classes(s);
    let codes = by_code(i);
    for (code, &r) in &classes {
        let other: Vec<P> = codes.get(code).and_then(|&ri| tcell(i, ri, tc)).into_iter().collect();
        let what = Msg::new(
            format!("收支预算总表功能分类 {code} 应等于收入预算总表 {code} 的总计"),
            format!("class {code} of the summary's functional panel must equal the income table's total of {code}"),
        );
        same(out, &fp.cells(s, r), &other, what);
    }
    if classes.is_empty() {
        return; // the panel prints no codes (`一、公共安全支出`): classes cannot be told apart
    }
    for (code, &ri) in codes.iter().filter(|(c, _)| c.len() == 3 && !classes.contains_key(*c)) {
        let what = Msg::new(
            format!("收入预算总表有 {code} 类收入，收支预算总表功能分类栏却没有该类"),
            format!("the income table shows class {code}, the summary's functional panel does not"),
        );
        same(out, &tcells(i, &[ri], tc), &[], what);
    }
}

// YS-X003 -------------------------------------------------------------------------

crate::rule_info!(X003, "YS-X003", Error, CrossTable,
    "收入总表各科目总计 = 支出总表各科目总计", "income table = expenditure table, per code",
    what: "收入预算总表与支出预算总表中同一功能科目（含合计行）的“总计”相等；一张表有金额的科目另一张表必须列出。",
    why: "部门预算按科目收支平衡：每个科目安排的收入就是该科目的支出。",
    example: "收入预算总表 2010302 总计 184.00，支出预算总表 2010302 总计 174.00。",
    needs: [Need::Table(INCOME), Need::Table(EXPENDITURE)]);
rule!(IncomeVsExpenditure, X003, income_vs_expenditure);

fn income_vs_expenditure(input: &Input, out: &mut Out) {
    let Some((i, e)) = tables2(input, INCOME, EXPENDITURE) else { return };
    let (Some(ic), Some(ec)) = (col(i, "total"), col(e, "total")) else { return };
    if let (Some(ir), Some(er)) = (total_row(i), total_row(e)) {
        let what = Msg::new(
            "收入预算总表合计应等于支出预算总表合计",
            "the income table's total must equal the expenditure table's total",
        );
        compare::equal(out, (i, ir, ic), (e, er, ec), what);
    }
    let (icodes, ecodes) = (by_code(i), by_code(e));
    for (code, &ir) in &icodes {
        let what = Msg::new(
            format!("收入预算总表 {code} 的总计应等于支出预算总表 {code} 的总计"),
            format!("the income table's total of {code} must equal the expenditure table's"),
        );
        match ecodes.get(code) {
            Some(&er) => {
                compare::equal(out, (i, ir, ic), (e, er, ec), what);
            }
            None => {
                compare::sum(out, (i, ir, ic), &[], what);
            }
        }
    }
    for (code, &er) in ecodes.iter().filter(|(c, _)| !icodes.contains_key(*c)) {
        let what = Msg::new(
            format!("支出预算总表列有 {code}，收入预算总表却没有该科目"),
            format!("the expenditure table shows {code}, the income table does not"),
        );
        compare::sum(out, (e, er, ec), &[], what);
    }
}

// YS-X004 -------------------------------------------------------------------------

crate::rule_info!(X004, "YS-X004", Error, CrossTable,
    "收入总表各来源合计 = 收支总表各项收入", "income table sources = summary income rows",
    what: "收入预算总表合计行每个收入来源列（一般公共预算财政拨款收入、政府性基金、事业收入、其他收入、上年结转 …）等于收支预算总表收入栏同一来源的金额；收支总表列出的来源若收入总表没有对应列，其金额必须为零。",
    why: "两张表按来源列示同一批收入；对不上说明某项收入在一张表中漏列或归错来源。",
    example: "收入预算总表合计行一般公共预算财政拨款收入 3,927.98，收支预算总表“一、一般公共预算财政拨款收入”3,900.00。",
    needs: [Need::Table(INCOME), Need::Table(SUMMARY)]);
rule!(IncomeSourcesVsSummary, X004, income_sources_vs_summary);

fn income_sources_vs_summary(input: &Input, out: &mut Out) {
    let Some((i, s)) = tables2(input, INCOME, SUMMARY) else { return };
    let (Some(ir), Some(inc)) = (total_row(i), panel(s, "income")) else { return };
    for (key, word) in SOURCES {
        let Some(c) = col(i, key) else { continue };
        let what = Msg::new(
            format!("收入预算总表合计行“{}”应等于收支预算总表同一来源的收入", i.columns[c].label),
            format!(
                "the income table's total of “{}” must equal the summary's income of that source",
                i.columns[c].label
            ),
        );
        match inc.row(s, word) {
            Some(sr) => {
                compare::equal(out, (i, ir, c), (s, sr, inc.cols[0]), what);
            }
            None => {
                compare::sum(out, (i, ir, c), &[], what);
            }
        }
    }
    // Summary income rows of a source the income table has no column for.
    for r in 0..s.rows.len() {
        let label = squeeze(text(s, r, inc.item));
        let Some((key, _)) = SOURCES.iter().find(|(_, w)| label.contains(w)) else { continue };
        let within_appropriation = APPROPRIATION_KEYS.contains(key) && col(i, "appropriation").is_some();
        if col(i, key).is_none() && !within_appropriation {
            let what = Msg::new(
                format!("收支预算总表列有“{label}”，收入预算总表却没有这一来源的列"),
                format!("the summary shows “{label}”, the income table has no column for it"),
            );
            compare::sum(out, (s, r, inc.cols[0]), &[], what);
        }
    }
}

// YS-X005 -------------------------------------------------------------------------

crate::rule_info!(X005, "YS-X005", Error, CrossTable,
    "财政拨款收支总表收入 = 收支总表同来源收入", "appropriation summary income = summary income",
    what: "财政拨款收支预算总表收入栏的一般公共预算、政府性基金预算（国有资本经营预算）财政拨款收入，等于收支预算总表收入栏同一来源的金额。",
    why: "财政拨款收入是部门收入的一部分，两张表列示的是同一笔拨款。",
    example: "财政拨款收支预算总表一般公共预算财政拨款收入 3,927.98，收支预算总表为 3,927.89。",
    needs: [Need::Table(APPROPRIATION), Need::Table(SUMMARY)]);
rule!(AppropriationIncomeVsSummary, X005, appropriation_income_vs_summary);

fn appropriation_income_vs_summary(input: &Input, out: &mut Out) {
    let Some((a, s)) = tables2(input, APPROPRIATION, SUMMARY) else { return };
    let (Some(ai), Some(si)) = (panel(a, "income"), panel(s, "income")) else { return };
    for word in APPROPRIATION_SOURCES {
        let what = Msg::new(
            format!("财政拨款收支预算总表的{word}财政拨款收入应等于收支预算总表的同项收入"),
            format!("the appropriation summary's {word} income must equal the summary's"),
        );
        match (ai.row(a, word), si.row(s, word)) {
            (Some(ar), Some(sr)) => {
                compare::equal(out, (a, ar, ai.cols[0]), (s, sr, si.cols[0]), what);
            }
            (Some(ar), None) => {
                compare::sum(out, (a, ar, ai.cols[0]), &[], what);
            }
            (None, Some(sr)) => {
                compare::sum(out, (s, sr, si.cols[0]), &[], what);
            }
            (None, None) => {}
        }
    }
}

// YS-X006 -------------------------------------------------------------------------

crate::rule_info!(X006, "YS-X006", Error, CrossTable,
    "财政拨款支出 ≤ 收支总表同类支出", "appropriation spending ≤ summary spending, per class",
    what: "财政拨款收支预算总表功能分类、经济分类栏每个类级科目（及本年支出合计）各资金列之和，不超过收支预算总表同一类级科目的金额；资金全部为财政拨款时两者相等。",
    why: "财政拨款支出是部门全部支出的一部分，某一类的财政拨款不可能多于该类的全部支出。",
    example: "财政拨款收支预算总表“302 商品和服务支出”一般公共预算 212.44，收支预算总表 302 只有 202.44。",
    needs: [Need::Table(APPROPRIATION), Need::Table(SUMMARY)]);
rule!(AppropriationWithinSummary, X006, appropriation_within_summary);

fn appropriation_within_summary(input: &Input, out: &mut Out) {
    let Some((a, s)) = tables2(input, APPROPRIATION, SUMMARY) else { return };
    for name in ["functional", "economic"] {
        let (Some(ap), Some(sp)) = (panel(a, name), panel(s, name)) else { continue };
        let sclasses = sp.classes(s);
        for (code, &ar) in &ap.classes(a) {
            let big = sclasses.get(code).map_or_else(Vec::new, |&sr| sp.cells(s, sr));
            let what = Msg::new(
                format!("财政拨款收支预算总表 {code} 类的财政拨款不应超过收支预算总表 {code} 类的支出"),
                format!("the appropriation of class {code} must not exceed the summary's spending of {code}"),
            );
            at_most(out, &ap.cells(a, ar), &big, what);
        }
        if let (Some(ar), Some(sr)) = (ap.footer(input, a, Footer::Spending), sp.footer(input, s, Footer::Spending)) {
            let what = Msg::new(
                "财政拨款收支预算总表本年支出合计不应超过收支预算总表本年支出合计",
                "the appropriation summary's spending total must not exceed the summary's",
            );
            at_most(out, &ap.cells(a, ar), &sp.cells(s, sr), what);
        }
    }
}

// YS-X007 -------------------------------------------------------------------------

crate::rule_info!(X007, "YS-X007", Error, CrossTable,
    "财政拨款总表一般公共预算各类 = 一般公共预算支出表各类", "appropriation summary general budget = general budget table, per class",
    what: "财政拨款收支预算总表支出（功能分类）栏“一般公共预算”列每个类级科目的金额，等于一般公共预算支出表同一类级科目的“总计”；一张表有金额而另一张表没有该类也算不符。",
    why: "两张表都是一般公共预算支出按功能分类的汇总。",
    example: "财政拨款收支预算总表“208 社会保障和就业支出”一般公共预算 120.24，一般公共预算支出表 208 总计 110.24。",
    needs: [Need::Table(APPROPRIATION), Need::Table(GENERAL)]);
rule!(AppropriationClassesVsGeneral, X007, appropriation_classes_vs_general);

fn appropriation_classes_vs_general(input: &Input, out: &mut Out) {
    let Some((a, g)) = tables2(input, APPROPRIATION, GENERAL) else { return };
    let Some(fp) = panel(a, "functional") else { return };
    let (Some(fc), Some(gc)) = (fp.fund(a, "general_budget"), col(g, "total")) else { return };
    let classes = fp.classes(a);
    let codes = by_code(g);
    for (code, &ar) in &classes {
        let what = Msg::new(
            format!("财政拨款收支预算总表 {code} 类一般公共预算应等于一般公共预算支出表 {code} 的总计"),
            format!("the appropriation summary's general budget of {code} must equal the general budget table's total"),
        );
        match codes.get(code) {
            Some(&gr) => {
                compare::equal(out, (a, ar, fc), (g, gr, gc), what);
            }
            None => {
                compare::sum(out, (a, ar, fc), &[], what);
            }
        }
    }
    if classes.is_empty() {
        return; // the panel prints no codes (`一、公共安全支出`): classes cannot be told apart
    }
    for (code, &gr) in codes.iter().filter(|(c, _)| c.len() == 3 && !classes.contains_key(*c)) {
        let what = Msg::new(
            format!("一般公共预算支出表有 {code} 类支出，财政拨款收支预算总表却没有该类"),
            format!("the general budget table shows class {code}, the appropriation summary does not"),
        );
        compare::sum(out, (g, gr, gc), &[], what);
    }
}

// YS-X008 -------------------------------------------------------------------------

crate::rule_info!(X008, "YS-X008", Error, CrossTable,
    "一般公共预算支出表合计 = 财政拨款总表一般公共预算支出", "general budget total = appropriation summary general budget",
    what: "一般公共预算支出表“合计”行的“总计”等于财政拨款收支预算总表支出（功能分类）栏“本年支出合计”的一般公共预算金额。",
    why: "两张表列示的是同一笔一般公共预算支出的总额。",
    example: "一般公共预算支出表合计 3,927.98，财政拨款收支预算总表本年支出合计一般公共预算 3,928.98。",
    needs: [Need::Table(GENERAL), Need::Table(APPROPRIATION)]);
rule!(GeneralTotalVsAppropriation, X008, general_total_vs_appropriation);

fn general_total_vs_appropriation(input: &Input, out: &mut Out) {
    let Some((g, a)) = tables2(input, GENERAL, APPROPRIATION) else { return };
    let (Some(gr), Some(gc), Some(fp)) = (total_row(g), col(g, "total"), panel(a, "functional")) else { return };
    let (Some(ar), Some(ac)) = (fp.footer(input, a, Footer::Spending), fp.fund(a, "general_budget")) else { return };
    let what = Msg::new(
        "一般公共预算支出表合计应等于财政拨款收支预算总表本年支出合计的一般公共预算",
        "the general budget table's total must equal the appropriation summary's general budget spending",
    );
    compare::equal(out, (g, gr, gc), (a, ar, ac), what);
}

// YS-X009 -------------------------------------------------------------------------

crate::rule_info!(X009, "YS-X009", Error, CrossTable,
    "一般公共预算基本支出 = 基本支出表合计", "general budget basic = basic expenditure table total",
    what: "一般公共预算支出表“合计”行的“基本支出”等于一般公共预算基本支出表“合计”行的“小计”。",
    why: "基本支出表就是一般公共预算基本支出按经济分类的展开，总额必须相同。",
    example: "一般公共预算支出表合计基本支出 1,050.18，基本支出表合计 1,040.18。",
    needs: [Need::Table(GENERAL), Need::Table(BASIC)]);
rule!(GeneralBasicVsBasicTable, X009, general_basic_vs_basic_table);

fn general_basic_vs_basic_table(input: &Input, out: &mut Out) {
    let Some((g, b)) = tables2(input, GENERAL, BASIC) else { return };
    let (Some(gr), Some(gc), Some(bc)) = (total_row(g), col(g, "basic"), col(b, "total")) else { return };
    let br = grand_total(b);
    if br.is_empty() {
        return;
    }
    let what = Msg::new(
        "一般公共预算支出表合计基本支出应等于一般公共预算基本支出表合计",
        "the general budget table's basic spending must equal the basic expenditure table's total",
    );
    same(out, &tcells(g, &[gr], gc), &tcells(b, &br, bc), what);
}

// YS-X010 -------------------------------------------------------------------------

crate::rule_info!(X010, "YS-X010", Error, CrossTable,
    "基本支出表各类 ≤ 财政拨款总表一般公共预算经济分类", "basic expenditure ≤ appropriation summary economic classes",
    what: "一般公共预算基本支出表每个经济分类类级科目（及合计）的“小计”，不超过财政拨款收支预算总表支出（经济分类）栏同一类级科目的一般公共预算金额（后者还含项目支出）。",
    why: "基本支出是一般公共预算支出的一部分，某一经济类的基本支出不可能多于该类的全部一般公共预算支出。",
    example: "基本支出表“301 工资福利支出”845.16，财政拨款收支预算总表 301 一般公共预算只有 814.16。",
    needs: [Need::Table(BASIC), Need::Table(APPROPRIATION)]);
rule!(BasicWithinAppropriation, X010, basic_within_appropriation);

fn basic_within_appropriation(input: &Input, out: &mut Out) {
    let Some((b, a)) = tables2(input, BASIC, APPROPRIATION) else { return };
    let (Some(bc), Some(ep)) = (col(b, "total"), panel(a, "economic")) else { return };
    let Some(ac) = ep.fund(a, "general_budget") else { return };
    let classes = ep.classes(a);
    for (code, &br) in by_code(b).iter().filter(|(c, _)| c.len() == 3) {
        let big: Vec<P> = classes.get(code).and_then(|&ar| tcell(a, ar, ac)).into_iter().collect();
        let what = Msg::new(
            format!("基本支出表 {code} 类不应超过财政拨款收支预算总表 {code} 类的一般公共预算支出"),
            format!(
                "basic spending of class {code} must not exceed the appropriation summary's general budget of {code}"
            ),
        );
        at_most(out, &tcells(b, &[br], bc), &big, what);
    }
    let br = grand_total(b);
    if let (false, Some(ar)) = (br.is_empty(), ep.footer(input, a, Footer::Spending)) {
        let what = Msg::new(
            "基本支出表合计不应超过财政拨款收支预算总表经济分类本年支出合计的一般公共预算",
            "the basic expenditure total must not exceed the appropriation summary's general budget total",
        );
        at_most(out, &tcells(b, &br, bc), &tcells(a, &[ar], ac), what);
    }
}

// YS-X011 -------------------------------------------------------------------------

crate::rule_info!(X011, "YS-X011", Error, CrossTable,
    "一般公共预算支出 ≤ 支出总表同科目", "general budget ≤ expenditure table, per code",
    what: "一般公共预算支出表每个功能科目（及合计）的总计、基本支出、项目支出，不超过支出预算总表同一科目同一列的金额；支出总表没有的科目，一般公共预算支出表也不应有金额。",
    why: "一般公共预算支出是部门全部支出的一部分。",
    example: "一般公共预算支出表 2010302 项目支出 90.00，支出预算总表 2010302 项目支出 80.00。",
    needs: [Need::Table(GENERAL), Need::Table(EXPENDITURE)]);
rule!(GeneralWithinExpenditure, X011, general_within_expenditure);

fn general_within_expenditure(input: &Input, out: &mut Out) {
    let Some((g, e)) = tables2(input, GENERAL, EXPENDITURE) else { return };
    let ecodes = by_code(e);
    let mut pairs: Vec<(String, usize, Option<usize>)> =
        by_code(g).into_iter().map(|(code, gr)| (code.clone(), gr, ecodes.get(&code).copied())).collect();
    if let (Some(gr), Some(er)) = (total_row(g), total_row(e)) {
        pairs.insert(0, ("合计".to_owned(), gr, Some(er)));
    }
    for key in ["total", "basic", "project"] {
        let (Some(gc), Some(ec)) = (col(g, key), col(e, key)) else { continue };
        let label = &g.columns[gc].label;
        for (code, gr, er) in &pairs {
            let big: Vec<P> = er.and_then(|er| tcell(e, er, ec)).into_iter().collect();
            let what = Msg::new(
                format!("一般公共预算支出表 {code} 的“{label}”不应超过支出预算总表同科目"),
                format!("the general budget's “{label}” of {code} must not exceed the expenditure table's"),
            );
            at_most(out, &tcells(g, &[*gr], gc), &big, what);
        }
    }
}

// YS-X012 -------------------------------------------------------------------------

crate::rule_info!(X012, "YS-X012", Error, CrossTable,
    "项目表各科目之和 = 支出总表项目支出", "projects per code = expenditure table project spending",
    what: "项目支出预算表中同一功能科目各项目行“总计”之和，等于支出预算总表该科目的“项目支出”；支出总表末级科目有项目支出而项目表没有该科目的项目，也算不符。",
    why: "项目支出预算表逐个列示项目，按科目加总就是支出总表的项目支出。",
    example: "项目表 2010302 下三个项目 24.00 + 43.00 + 13.00 = 80.00，支出预算总表 2010302 项目支出 90.00。",
    needs: [Need::Table(PROJECTS), Need::Table(EXPENDITURE)]);
rule!(ProjectsVsExpenditure, X012, projects_vs_expenditure);

/// Σ project rows of each code = column `col_key` of the functional table `f`,
/// and leaf codes of `f` with an amount must have project rows.
fn projects_per_code(out: &mut Out, p: &Table, p_key: &str, f: &Table, f_key: &str) {
    let (Some(pc), Some(fc)) = (col(p, p_key), col(f, f_key)) else { return };
    let groups = rows_by_code(p);
    if groups.is_empty() {
        return;
    }
    let codes = by_code(f);
    let (pl, fl, ft) = (&p.columns[pc].label, &f.columns[fc].label, &f.title);
    for (code, rows) in &groups {
        let what = Msg::new(
            format!("项目支出预算表 {code} 各项目“{pl}”之和应等于《{ft}》{code} 的“{fl}”"),
            format!("the projects' “{pl}” of {code} must add up to “{fl}” of {code} in {ft}"),
        );
        match codes.get(code) {
            Some(&fr) => {
                let parts: Vec<At> = rows.iter().map(|&r| (p, r, pc)).collect();
                compare::sum(out, (f, fr, fc), &parts, what);
            }
            None => {
                same(out, &tcells(p, rows, pc), &[], what);
            }
        }
    }
    // Leaf codes with an amount must have projects (at that code or an ancestor).
    let covered = |c: &str| groups.keys().any(|g| c.starts_with(g.as_str()));
    for (code, &fr) in codes.iter().filter(|(c, _)| is_leaf(&codes, c) && !covered(c)) {
        let what = Msg::new(
            format!("《{ft}》{code} 有“{fl}”，项目支出预算表却没有该科目的项目"),
            format!("{ft} shows “{fl}” for {code}, the project table lists no project of {code}"),
        );
        compare::sum(out, (f, fr, fc), &[], what);
    }
}

fn projects_vs_expenditure(input: &Input, out: &mut Out) {
    let Some((p, e)) = tables2(input, PROJECTS, EXPENDITURE) else { return };
    projects_per_code(out, p, "total", e, "project");
}

// YS-X013 -------------------------------------------------------------------------

crate::rule_info!(X013, "YS-X013", Error, CrossTable,
    "项目表一般公共预算 = 一般公共预算支出表项目支出", "projects general budget = general budget table project spending",
    what: "项目支出预算表同一功能科目各项目“一般公共预算财政拨款收入”之和（及合计行），等于一般公共预算支出表该科目（及合计）的“项目支出”。",
    why: "一般公共预算支出表的项目支出就是各项目的一般公共预算资金。",
    example: "项目表 2130599 一般公共预算 2,728.80，一般公共预算支出表 2130599 项目支出 2,718.80。",
    needs: [Need::Table(PROJECTS), Need::Table(GENERAL)]);
rule!(ProjectsVsGeneral, X013, projects_vs_general);

fn projects_vs_general(input: &Input, out: &mut Out) {
    let Some((p, g)) = tables2(input, PROJECTS, GENERAL) else { return };
    projects_per_code(out, p, "general_budget", g, "project");
    let (Some(pc), Some(gr), Some(gc)) = (col(p, "general_budget"), total_row(g), col(g, "project")) else { return };
    let what = Msg::new(
        "项目支出预算表合计的一般公共预算应等于一般公共预算支出表合计的项目支出",
        "the projects' general budget total must equal the general budget table's project total",
    );
    same(out, &tcells(p, &total_or_body(p), pc), &tcells(g, &[gr], gc), what);
}

// YS-X014 -------------------------------------------------------------------------

crate::rule_info!(X014, "YS-X014", Error, CrossTable,
    "项目表合计 = 支出总表合计项目支出", "project table total = expenditure table project total",
    what: "项目支出预算表“合计”行的“总计”（无合计行时为各项目之和）等于支出预算总表“合计”行的“项目支出”。",
    why: "项目支出预算表列示的是全部项目支出。",
    example: "项目表合计 2,877.80，支出预算总表合计项目支出 2,887.80。",
    needs: [Need::Table(PROJECTS), Need::Table(EXPENDITURE)]);
rule!(ProjectsTotal, X014, projects_total);

fn projects_total(input: &Input, out: &mut Out) {
    let Some((p, e)) = tables2(input, PROJECTS, EXPENDITURE) else { return };
    let (Some(pc), Some(er), Some(ec)) = (col(p, "total"), total_row(e), col(e, "project")) else { return };
    let what = Msg::new(
        "项目支出预算表合计应等于支出预算总表合计的项目支出",
        "the project table's total must equal the expenditure table's project total",
    );
    same(out, &tcells(p, &total_or_body(p), pc), &tcells(e, &[er], ec), what);
}

// YS-X015 -------------------------------------------------------------------------

crate::rule_info!(X015, "YS-X015", Error, CrossTable,
    "“三公”经费 ≥ 基本支出表对应经济科目", "three public ≥ basic expenditure items",
    what: "“三公”经费表合计行的公务接待费、公务用车运行维护费、因公出国（境）费用、公务用车购置，分别不少于一般公共预算基本支出表 30217、30231、30212、31013 款的金额（“三公”经费还可含项目支出，故只在更少时报告）。基本支出表把该编码印成别的名称时（地方自编的款级编号）不比较，名称由 YS-C002 核对。",
    why: "基本支出中的公务接待费等科目本身就是“三公”经费的一部分。",
    example: "基本支出表 30217 公务接待费 0.98，“三公”经费表公务接待费 0.80。",
    needs: [Need::Table(THREE_PUBLIC), Need::Table(BASIC)]);
rule!(ThreePublicVsBasic, X015, three_public_vs_basic);

/// “三公” columns, the economic 款 they include, and a word of that 款's name.
const THREE_PUBLIC_ITEMS: &[(&str, &str, &str)] = &[
    ("reception", "30217", "接待"),
    ("vehicle_running", "30231", "公务用车运行"),
    ("abroad", "30212", "出国"),
    ("vehicle_purchase", "31013", "公务用车购置"),
];

fn three_public_vs_basic(input: &Input, out: &mut Out) {
    let Some((t, b)) = tables2(input, THREE_PUBLIC, BASIC) else { return };
    let Some(bc) = col(b, "total") else { return };
    let codes = by_code(b);
    let rows = total_or_body(t);
    let name_col = col(b, "name");
    for (key, code, word) in THREE_PUBLIC_ITEMS {
        let (Some(tc), Some(&br)) = (col(t, key), codes.get(*code)) else { continue };
        // A 款 printed under another name (a local numbering: `30212 机关事业单位退休人员活动费`)
        // is not that “三公” item; YS-C002 reports the name.
        let name = name_col.map_or("", |nc| text(b, br, nc));
        if !name.trim().is_empty() && !squeeze(name).contains(word) {
            continue;
        }
        let label = &t.columns[tc].label;
        let what = Msg::new(
            format!("基本支出表 {code} 不应超过“三公”经费表的“{label}”"),
            format!("basic spending on {code} must not exceed the three-public table's “{label}”"),
        );
        at_most(out, &tcells(b, &[br], bc), &tcells(t, &rows, tc), what);
    }
}

// YS-X016 -------------------------------------------------------------------------

crate::rule_info!(X016, "YS-X016", Error, CrossTable,
    "“三公”经费 ≤ 一般公共预算支出", "three public ≤ general budget",
    what: "“三公”经费表合计不超过一般公共预算支出表合计的总计。",
    why: "“三公”经费表列示的是一般公共预算安排的“三公”经费，是一般公共预算支出的一部分。",
    example: "“三公”经费合计 10.98，一般公共预算支出表合计却只有 8.00。",
    needs: [Need::Table(THREE_PUBLIC), Need::Table(GENERAL)]);
rule!(ThreePublicWithinGeneral, X016, three_public_within_general);

fn three_public_within_general(input: &Input, out: &mut Out) {
    let Some((t, g)) = tables2(input, THREE_PUBLIC, GENERAL) else { return };
    let (Some(tc), Some(gr), Some(gc)) = (col(t, "total"), total_row(g), col(g, "total")) else { return };
    let what = Msg::new(
        "“三公”经费合计不应超过一般公共预算支出合计",
        "the three-public total must not exceed the general budget total",
    );
    at_most(out, &tcells(t, &total_or_body(t), tc), &tcells(g, &[gr], gc), what);
}

// YS-X034 -------------------------------------------------------------------------

crate::rule_info!(X034, "YS-X034", Error, CrossTable,
    "收支总表人员/公用经费 ≥ 基本支出表", "summary personnel / public ≥ basic expenditure table",
    what: "收支总表支出栏按支出性质细分时（上海单位预算《财务收支预算总表》的人员经费、公用经费列），本年支出合计行（上海为支出总计行）的人员经费、公用经费，分别不少于一般公共预算基本支出表合计行的人员经费、公用经费（后者只是一般公共预算安排的部分；全部为一般公共预算时两者相等）。",
    why: "两张表对同一笔基本支出按人员经费、公用经费划分；收支总表的某一类少于其中一般公共预算的部分，说明两表对人员经费、公用经费的划分不一致，或有一张表填错。",
    example: "财务收支预算总表支出总计行公用经费 1,744,680，基本支出表合计公用经费 1,845,880.34。",
    needs: [Need::Table(SUMMARY), Need::Table(BASIC)]);
rule!(SummaryKindsVsBasic, X034, summary_kinds_vs_basic);

fn summary_kinds_vs_basic(input: &Input, out: &mut Out) {
    let Some((s, b)) = tables2(input, SUMMARY, BASIC) else { return };
    let Some(fp) = panel(s, "functional") else { return };
    let Some(sr) = fp.footer(input, s, Footer::Spending) else { return };
    let br = grand_total(b);
    if br.is_empty() {
        return;
    }
    for (key, label, label_en) in [("personnel", "人员经费", "personnel"), ("public", "公用经费", "public")] {
        let (Some(sc), Some(bc)) = (col(s, &format!("functional.{key}")), col(b, key)) else { continue };
        let what = Msg::new(
            format!("基本支出表合计的{label}不应超过收支总表的{label}"),
            format!("the basic expenditure table's {label_en} spending must not exceed the summary's"),
        );
        at_most(out, &tcells(b, &br, bc), &tcells(s, &[sr], sc), what);
    }
}

// YS-X017 / YS-X018 ------------------------------------------------------------------

/// The appropriation summary's government-fund cells: the 政府性基金 income row
/// and the fund columns of the spending panels.
fn fund_cells(a: &Table) -> Vec<P> {
    let mut v = Vec::new();
    if let Some(ip) = panel(a, "income")
        && let Some(r) = ip.row(a, "政府性基金")
    {
        v.extend(tcell(a, r, ip.cols[0]));
    }
    for name in ["functional", "economic"] {
        if let Some(c) = panel(a, name).and_then(|p| p.fund(a, "gov_fund")) {
            v.extend((0..a.rows.len()).filter_map(|r| tcell(a, r, c)));
        }
    }
    v
}

fn nonzero(ps: Vec<P>) -> Vec<P> {
    ps.into_iter().filter(|p| !p.amount.is_zero()).collect()
}

/// The gov_fund table's amount cells that are not zero.
fn fund_table_cells(f: &Table) -> Vec<P> {
    let cols: Vec<usize> =
        (0..f.columns.len()).filter(|&c| f.columns[c].kind == yusuan_model::ColumnKind::Amount).collect();
    nonzero((0..f.rows.len()).flat_map(|r| cols.iter().filter_map(move |&c| tcell(f, r, c))).collect())
}

crate::rule_info!(X017, "YS-X017", Error, CrossTable,
    "政府性基金支出表 = 财政拨款总表政府性基金", "fund table = appropriation summary fund column",
    what: "两表都有政府性基金金额时：政府性基金预算支出表合计（无合计行时为各行之和）等于财政拨款收支预算总表功能分类栏“本年支出合计”的政府性基金金额，各类级科目下各行之和也等于该类的政府性基金金额。",
    why: "政府性基金预算支出表就是财政拨款支出中政府性基金部分的明细。",
    example: "政府性基金预算支出表合计 50.00，财政拨款收支预算总表政府性基金本年支出合计 60.00。",
    needs: [Need::Table(GOV_FUND), Need::Table(APPROPRIATION)]);
rule!(FundVsAppropriation, X017, fund_vs_appropriation);

fn fund_vs_appropriation(input: &Input, out: &mut Out) {
    let Some((f, a)) = tables2(input, GOV_FUND, APPROPRIATION) else { return };
    if fund_table_cells(f).is_empty() || nonzero(fund_cells(a)).is_empty() {
        return; // YS-X018
    }
    let (Some(fc), Some(fp)) = (col(f, "total"), panel(a, "functional")) else { return };
    let Some(ac) = fp.fund(a, "gov_fund") else { return };
    if let Some(ar) = fp.footer(input, a, Footer::Spending) {
        let what = Msg::new(
            "政府性基金预算支出表合计应等于财政拨款收支预算总表本年支出合计的政府性基金",
            "the fund table's total must equal the appropriation summary's fund spending",
        );
        same(out, &tcells(f, &total_or_body(f), fc), &tcells(a, &[ar], ac), what);
    }
    let groups = rows_by_code(f);
    if groups.is_empty() {
        return;
    }
    let classes = fp.classes(a);
    let mut fund_classes: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (code, rows) in &groups {
        fund_classes.entry(code.chars().take(3).collect()).or_default().extend(rows);
    }
    let all: BTreeSet<&String> = classes.keys().chain(fund_classes.keys()).collect();
    for code in all {
        let mine = fund_classes.get(code).map_or_else(Vec::new, |rows| tcells(f, rows, fc));
        let theirs: Vec<P> = classes.get(code).and_then(|&ar| tcell(a, ar, ac)).into_iter().collect();
        let what = Msg::new(
            format!("政府性基金预算支出表 {code} 类各行之和应等于财政拨款收支预算总表 {code} 类的政府性基金"),
            format!(
                "the fund table's rows of class {code} must add up to the appropriation summary's fund spending of {code}"
            ),
        );
        same(out, &theirs, &mine, what);
    }
}

crate::rule_info!(X018, "YS-X018", Error, CrossTable,
    "政府性基金：表与财政拨款总表有无一致", "fund table present iff appropriation summary shows fund money",
    what: "政府性基金预算支出表有金额，财政拨款收支预算总表就必须有政府性基金收支；反之财政拨款收支预算总表有政府性基金收支，政府性基金预算支出表就不能为空。",
    why: "空表应声明“无政府性基金预算支出”；一边有钱一边为空，必有一处漏列或空表声明不实。",
    example: "财政拨款收支预算总表政府性基金预算财政拨款收入 50.00，政府性基金预算支出表却为空表。",
    needs: [Need::Table(GOV_FUND), Need::Table(APPROPRIATION)]);
rule!(FundPresence, X018, fund_presence);

fn fund_presence(input: &Input, out: &mut Out) {
    let Some((f, a)) = tables2(input, GOV_FUND, APPROPRIATION) else { return };
    let (mine, theirs) = (fund_table_cells(f), nonzero(fund_cells(a)));
    match (mine.is_empty(), theirs.is_empty()) {
        (true, false) => {
            let msg = Msg::new(
                format!("财政拨款收支预算总表有政府性基金收支，《{}》却没有任何金额", f.title),
                format!("the appropriation summary shows government-fund money, {} has none", f.title),
            );
            let quote = f.empty_statement.clone().unwrap_or_default();
            out.report(theirs[0].loc.clone(), msg)
                .evidences(theirs.iter().map(P::evidence))
                .evidence(table_location(f), quote);
        }
        (false, true) => {
            let msg = Msg::new(
                format!("《{}》有金额，财政拨款收支预算总表却没有政府性基金收支", f.title),
                format!("{} shows amounts, the appropriation summary shows no government-fund money", f.title),
            );
            out.report(mine[0].loc.clone(), msg)
                .evidences(mine.iter().map(P::evidence))
                .evidence(table_location(a), String::new());
        }
        _ => {}
    }
}

// YS-X019 … YS-X021: procurement and purchased services ------------------------------

crate::rule_info!(X019, "YS-X019", Error, CrossTable,
    "采购/购买服务表的项目须在项目表中", "procurement projects exist in the project table",
    what: "政府采购预算表、政府购买服务预算表中填写的每个项目名称，都能在项目支出预算表中找到（忽略空格与全半角括号）。",
    why: "采购和购买服务按项目列示，其资金来自项目支出；项目表没有的项目说明名称写错或项目漏列。",
    example: "政府采购预算表项目名称“调研工作”，项目支出预算表只有“调查研究”。",
    needs: [Need::AnyTable(PROCUREMENT_TABLES), Need::Table(PROJECTS)]);
rule!(ProcurementProjectsExist, X019, procurement_projects_exist);

fn procurement_projects_exist(input: &Input, out: &mut Out) {
    let Some(p) = input.table(PROJECTS) else { return };
    let names = projects_by_name(p);
    if col(p, "project_name").is_none() {
        return;
    }
    for t in tables(input, PROCUREMENT_TABLES) {
        let Some(nc) = col(t, "project_name") else { continue };
        for r in body(t) {
            let name = text(t, r, nc);
            if name.trim().is_empty() || names.contains_key(&norm_name(name)) {
                continue;
            }
            let msg = Msg::new(
                format!("《{}》的项目“{name}”不在《{}》中", t.title, p.title),
                format!("project “{name}” of {} is not in {}", t.title, p.title),
            );
            out.report(cell_location(t, r, nc), msg)
                .evidence(cell_location(t, r, nc), name)
                .evidence(table_location(p), String::new());
        }
    }
}

crate::rule_info!(X020, "YS-X020", Error, CrossTable,
    "采购/购买服务合计 ≤ 支出总额", "procurement total ≤ total spending",
    what: "政府采购预算表、政府购买服务预算表合计行的“小计”不超过支出预算总表合计的“总计”。",
    why: "政府采购和政府购买服务都是部门支出的一部分。",
    example: "政府采购预算合计 27.00，支出预算总表合计只有 20.00。",
    needs: [Need::AnyTable(PROCUREMENT_TABLES), Need::Table(EXPENDITURE)]);
rule!(ProcurementWithinTotal, X020, procurement_within_total);

fn procurement_within_total(input: &Input, out: &mut Out) {
    let Some(e) = input.table(EXPENDITURE) else { return };
    let (Some(er), Some(ec)) = (total_row(e), col(e, "total")) else { return };
    for t in tables(input, PROCUREMENT_TABLES) {
        let Some(tc) = col(t, "subtotal") else { continue };
        let what = Msg::new(
            format!("《{}》合计不应超过支出预算总表合计", t.title),
            format!("the total of {} must not exceed the expenditure table's total", t.title),
        );
        at_most(out, &tcells(t, &total_or_body(t), tc), &tcells(e, &[er], ec), what);
    }
}

crate::rule_info!(X021, "YS-X021", Error, CrossTable,
    "项目的采购/购买服务 ≤ 项目预算", "procurement of a project ≤ the project's budget",
    what: "政府采购预算表、政府购买服务预算表中同一项目各行“小计”之和，不超过项目支出预算表该项目的“总计”。",
    why: "项目的采购和购买服务由项目资金支付，不可能多于项目预算。",
    example: "“调查研究”采购印刷服务 15.00，项目支出预算表“调查研究”总计 13.00。",
    needs: [Need::AnyTable(PROCUREMENT_TABLES), Need::Table(PROJECTS)]);
rule!(ProcurementWithinProject, X021, procurement_within_project);

fn procurement_within_project(input: &Input, out: &mut Out) {
    let Some(p) = input.table(PROJECTS) else { return };
    let Some(pc) = col(p, "total") else { return };
    let names = projects_by_name(p);
    for t in tables(input, PROCUREMENT_TABLES) {
        let (Some(nc), Some(tc)) = (col(t, "project_name"), col(t, "subtotal")) else { continue };
        let mut by_name: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for r in body(t) {
            let name = norm_name(text(t, r, nc));
            if names.contains_key(&name) {
                by_name.entry(name).or_default().push(r);
            }
        }
        for (name, rows) in &by_name {
            let what = Msg::new(
                format!("《{}》中“{name}”各行之和不应超过项目支出预算表该项目的总计", t.title),
                format!("the rows of “{name}” in {} must not exceed the project's total", t.title),
            );
            at_most(out, &tcells(t, rows, tc), &tcells(p, &names[name], pc), what);
        }
    }
}

// YS-X022: project forms vs the project table -------------------------------------------

crate::rule_info!(X022, "YS-X022", Error, CrossTable,
    "项目绩效目标表当年预算 = 项目表该项目", "project form budget = project table",
    what: "每张项目支出绩效目标表的“项目当年预算”等于项目支出预算表中该项目（按“项目名称”匹配，名称不同时按相互包含或最长公共部分匹配）各行“总计”之和。",
    why: "绩效目标表与项目表说的是同一个项目的同一笔预算。",
    example: "“调查研究”绩效目标表项目当年预算 13.00，项目支出预算表“调查研究”总计 15.00。",
    needs: [Need::Form(PROJECT_FORM), Need::Table(PROJECTS)]);
rule!(ProjectFormVsTable, X022, project_form_vs_table);

fn project_form_vs_table(input: &Input, out: &mut Out) {
    let Some(p) = input.table(PROJECTS) else { return };
    let Some(pc) = col(p, "total") else { return };
    let names = projects_by_name(p);
    for f in input.forms(PROJECT_FORM) {
        let pf = ProjectForm::read(f);
        let (Some((_, _, name)), Some(current)) = (&pf.name, pf.current) else { continue };
        let Some(rows) = match_project(&names, name) else { continue };
        let what = Msg::new(
            format!("绩效目标表“{name}”的项目当年预算应等于项目支出预算表该项目的总计"),
            format!("the form's budget of “{name}” must equal the project table's total"),
        );
        same(out, &[current], &tcells(p, rows, pc), what);
    }
}

crate::rule_info!(X033, "YS-X033", Warning, CrossTable,
    "整体绩效目标表的项目须在项目表中", "department form projects exist in the project table",
    what: "整体绩效目标表“项目支出情况”中的每个项目（去掉“项目1：”编号后），都能在项目支出预算表中找到名称相同、相互包含或有足够长公共部分的项目（项目绩效目标表的名称由 YS-F006 核对）。",
    why: "找不到对应的项目，说明名称写得面目全非或项目表漏列了项目，其金额也就无法核对。",
    example: "整体绩效目标表列“项目6：信息化建设”，项目支出预算表没有名称相近的项目。",
    needs: [Need::Form(DEPARTMENT_FORM), Need::Table(PROJECTS)]);
rule!(FormProjectsExist, X033, form_projects_exist);

fn form_projects_exist(input: &Input, out: &mut Out) {
    let Some(p) = input.table(PROJECTS) else { return };
    let names = projects_by_name(p);
    if names.is_empty() {
        return;
    }
    for f in input.forms(DEPARTMENT_FORM) {
        for fp in form_projects(f).iter().filter(|fp| match_project(&names, &fp.name).is_none()) {
            let loc = form_location(f, fp.at.0, fp.at.1, &fp.name, "项目名称");
            let msg = Msg::new(
                format!("《{}》的项目“{}”在《{}》中找不到", f.title, fp.name, p.title),
                format!("project “{}” of {} is not found in {}", fp.name, f.title, p.title),
            );
            out.report(loc.clone(), msg).evidence(loc, fp.name.clone()).evidence(table_location(p), String::new());
        }
    }
}

// YS-X023 … YS-X026: the department form vs the tables ------------------------------------

crate::rule_info!(X023, "YS-X023", Error, CrossTable,
    "整体绩效目标表收支 = 支出总表、收支总表", "department form = expenditure table and summary",
    what: "整体绩效目标表“支出构成”的基本支出、项目支出、合计分别等于支出预算总表合计行的基本支出、项目支出、总计；“收入构成”的合计等于收支预算总表的本年收入合计。",
    why: "整体绩效目标表的资金情况是部门预算总额的摘要，必须与公开表一致。",
    example: "整体绩效目标表支出构成基本支出 1,050.18，支出预算总表合计基本支出 1,040.18。",
    needs: [Need::Form(DEPARTMENT_FORM), Need::Table(EXPENDITURE)]);
rule!(DepartmentFormVsTables, X023, department_form_vs_tables);

fn department_form_vs_tables(input: &Input, out: &mut Out) {
    let Some(e) = input.table(EXPENDITURE) else { return };
    let er = total_row(e);
    for f in input.forms(DEPARTMENT_FORM) {
        let c = Composition::read(f);
        for (label, key) in [("基本支出", "basic"), ("项目支出", "project"), ("合计", "total")] {
            let (Some(line), Some(er), Some(ec)) = (Composition::get(&c.expenditure, label), er, col(e, key)) else {
                continue;
            };
            let what = Msg::new(
                format!("整体绩效目标表支出构成“{label}”应等于支出预算总表合计的“{}”", e.columns[ec].label),
                format!(
                    "the department form's spending “{label}” must equal the expenditure table's total “{}”",
                    e.columns[ec].label
                ),
            );
            same(out, std::slice::from_ref(&line.amount), &tcells(e, &[er], ec), what);
        }
        let Some(s) = input.table(SUMMARY) else { continue };
        let (Some(line), Some(ip)) = (Composition::get(&c.income, "合计"), panel(s, "income")) else { continue };
        let Some(sr) = ip.footer(input, s, Footer::Income) else { continue };
        let what = Msg::new(
            "整体绩效目标表收入构成合计应等于收支预算总表本年收入合计",
            "the department form's income total must equal the summary's income of the year",
        );
        same(out, std::slice::from_ref(&line.amount), &ip.cells(s, sr), what);
    }
}

crate::rule_info!(X024, "YS-X024", Error, CrossTable,
    "整体绩效目标表财政拨款 = 财政拨款收入合计", "department form appropriation = appropriation income",
    what: "整体绩效目标表“收入构成”的财政拨款等于财政拨款收支预算总表的本年收入合计。",
    why: "两处都是本年财政拨款收入的总额。",
    example: "整体绩效目标表财政拨款 3,927.98，财政拨款收支预算总表本年收入合计 3,900.00。",
    needs: [Need::Form(DEPARTMENT_FORM), Need::Table(APPROPRIATION)]);
rule!(DepartmentFormAppropriation, X024, department_form_appropriation);

fn department_form_appropriation(input: &Input, out: &mut Out) {
    let Some(a) = input.table(APPROPRIATION) else { return };
    let Some(ip) = panel(a, "income") else { return };
    let Some(ar) = ip.footer(input, a, Footer::Income) else { return };
    for f in input.forms(DEPARTMENT_FORM) {
        let c = Composition::read(f);
        let Some(line) = Composition::get(&c.income, "财政拨款") else { continue };
        let what = Msg::new(
            "整体绩效目标表收入构成“财政拨款”应等于财政拨款收支预算总表本年收入合计",
            "the department form's appropriation must equal the appropriation summary's income of the year",
        );
        same(out, std::slice::from_ref(&line.amount), &ip.cells(a, ar), what);
    }
}

crate::rule_info!(X025, "YS-X025", Error, CrossTable,
    "整体绩效目标表项目本年度预算之和 = 项目表合计", "department form projects = project table total",
    what: "整体绩效目标表“项目支出情况”各项目“项目本年度预算”之和，等于项目支出预算表合计的“总计”。",
    why: "整体绩效目标表应列出全部项目；少列、多列或金额不符都会使两者不等。",
    example: "整体绩效目标表五个项目之和 2,867.80，项目支出预算表合计 2,877.80。",
    needs: [Need::Form(DEPARTMENT_FORM), Need::Table(PROJECTS)]);
rule!(DepartmentFormProjectsTotal, X025, department_form_projects_total);

fn department_form_projects_total(input: &Input, out: &mut Out) {
    let Some(p) = input.table(PROJECTS) else { return };
    let Some(pc) = col(p, "total") else { return };
    for f in input.forms(DEPARTMENT_FORM) {
        let projects = form_projects(f);
        if projects.is_empty() {
            continue;
        }
        let parts: Vec<P> = projects.into_iter().map(|fp| fp.current).collect();
        let what = Msg::new(
            "整体绩效目标表各项目本年度预算之和应等于项目支出预算表合计",
            "the department form's project budgets must add up to the project table's total",
        );
        same(out, &parts, &tcells(p, &total_or_body(p), pc), what);
    }
}

crate::rule_info!(X026, "YS-X026", Error, CrossTable,
    "整体绩效目标表各项目 = 项目表该项目", "department form project = project table row",
    what: "整体绩效目标表“项目支出情况”每个项目（“项目1：调查研究”去掉编号后按名称匹配）的“项目本年度预算”，等于项目支出预算表该项目各行“总计”之和。",
    why: "同一个项目在两张表中的本年预算必须相同。",
    example: "整体绩效目标表“项目3：调查研究”项目本年度预算 31.00，项目支出预算表“调查研究”13.00。",
    needs: [Need::Form(DEPARTMENT_FORM), Need::Table(PROJECTS)]);
rule!(DepartmentFormProjects, X026, department_form_projects);

fn department_form_projects(input: &Input, out: &mut Out) {
    let Some(p) = input.table(PROJECTS) else { return };
    let Some(pc) = col(p, "total") else { return };
    let names = projects_by_name(p);
    for f in input.forms(DEPARTMENT_FORM) {
        for fp in form_projects(f) {
            let Some(rows) = match_project(&names, &fp.name) else { continue };
            let what = Msg::new(
                format!("整体绩效目标表“{}”的项目本年度预算应等于项目支出预算表该项目的总计", fp.name),
                format!("the department form's budget of “{}” must equal the project table's total", fp.name),
            );
            same(out, &[fp.current], &tcells(p, rows, pc), what);
        }
    }
}

// YS-X027 … YS-X032: identities inside the forms -------------------------------------------

crate::rule_info!(X027, "YS-X027", Error, Identity,
    "整体绩效目标表：收入合计 = 财政拨款 + 其他资金", "department form: income total = appropriation + other",
    what: "整体绩效目标表“收入构成”的合计等于财政拨款加其他资金。",
    why: "收入只分财政拨款和其他资金两部分。",
    example: "财政拨款 3,927.98，其他资金为空，合计却印 3,972.98。",
    needs: [Need::Form(DEPARTMENT_FORM)]);
rule!(DepartmentIncomeSum, X027, department_income_sum);

fn composition_sum(out: &mut Out, lines: &[Line], parts: &[&str], side: &str, side_en: &str) {
    let Some(total) = Composition::get(lines, "合计") else { return };
    let ps: Vec<P> = parts.iter().filter_map(|l| Composition::get(lines, l)).map(|l| l.amount.clone()).collect();
    if ps.is_empty() {
        return;
    }
    let what = Msg::new(
        format!("整体绩效目标表{side}合计应等于{}之和", parts.join("与")),
        format!("the department form's {side_en} total must equal the sum of its parts"),
    );
    same(out, std::slice::from_ref(&total.amount), &ps, what);
}

fn department_income_sum(input: &Input, out: &mut Out) {
    for f in input.forms(DEPARTMENT_FORM) {
        composition_sum(out, &Composition::read(f).income, &["财政拨款", "其他资金"], "收入构成", "income");
    }
}

crate::rule_info!(X028, "YS-X028", Error, Identity,
    "整体绩效目标表：支出合计 = 基本 + 项目", "department form: spending total = basic + project",
    what: "整体绩效目标表“支出构成”的合计等于基本支出加项目支出。",
    why: "支出只分基本支出和项目支出两部分。",
    example: "基本支出 1,050.18，项目支出 2,877.80，合计却印 3,928.98。",
    needs: [Need::Form(DEPARTMENT_FORM)]);
rule!(DepartmentSpendingSum, X028, department_spending_sum);

fn department_spending_sum(input: &Input, out: &mut Out) {
    for f in input.forms(DEPARTMENT_FORM) {
        composition_sum(out, &Composition::read(f).expenditure, &["基本支出", "项目支出"], "支出构成", "spending");
    }
}

crate::rule_info!(X029, "YS-X029", Error, Identity,
    "整体绩效目标表：占比 = 金额 ÷ 合计", "department form: share = amount / total",
    what: "整体绩效目标表收入构成、支出构成每一行的“占比”等于该行当年金额除以同一构成的合计（按印刷位数的舍入区间比较：26.74% 代表 26.735%–26.745%）。",
    why: "占比是由金额算出的；算错或抄错都会误导读者对结构的判断。",
    example: "基本支出 1,050.18 ÷ 合计 3,927.98 = 26.74%，表中却印 27.74%。",
    needs: [Need::Form(DEPARTMENT_FORM)]);
rule!(DepartmentShares, X029, department_shares);

/// Whether `num / den` (each anywhere in its interval) can be within `pct` (in 10⁻⁶ %).
fn share_meets(pct: Interval, num: Interval, den: Interval) -> bool {
    if den.lo <= 0 {
        return true; // no meaningful share of a zero total
    }
    // a/t is monotone in each variable for t > 0: its range over the box is
    // spanned by the corners. Compare a/t with p (10⁻⁶ %) as a·10⁸ against p·t.
    let corners = [num.lo, num.hi].into_iter().flat_map(|a| [den.lo, den.hi].map(|t| Ratio { num: a, den: t }));
    let above = |r: &Ratio, p: i128| r.num * 100_000_000 >= p * r.den;
    let below = |r: &Ratio, p: i128| r.num * 100_000_000 <= p * r.den;
    let corners: Vec<Ratio> = corners.collect();
    corners.iter().any(|r| above(r, pct.lo)) && corners.iter().any(|r| below(r, pct.hi))
}

fn department_shares(input: &Input, out: &mut Out) {
    for f in input.forms(DEPARTMENT_FORM) {
        let c = Composition::read(f);
        for (lines, side) in [(&c.income, "收入构成"), (&c.expenditure, "支出构成")] {
            let Some(total) = Composition::get(lines, "合计") else { continue };
            for line in lines.iter() {
                let Some((r, i, printed)) = &line.share else { continue };
                let Some(fig) =
                    input::parse_figure(printed, f.unit).filter(|g| g.unit == yusuan_model::FigureUnit::Percent)
                else {
                    continue;
                };
                if share_meets(fig.interval(), line.amount.iv, total.amount.iv) {
                    continue;
                }
                let computed = Ratio::new(line.amount.amount, total.amount.amount)
                    .map_or_else(String::new, |r| format!("{}%", r.percent(2).format()));
                let label = format!("{side} {}", line.label);
                let loc = form_location(f, *r, *i, &label, "占比");
                let msg = Msg::new(
                    format!(
                        "整体绩效目标表{side}“{}”占比印 {printed}，按金额 {} ÷ 合计 {} 应为 {computed}",
                        line.label, line.amount.quote, total.amount.quote
                    ),
                    format!(
                        "the department form's share of “{}” is printed {printed}, but {} / {} is {computed}",
                        line.label, line.amount.quote, total.amount.quote
                    ),
                );
                out.report(loc.clone(), msg)
                    .expected(computed.clone())
                    .actual(printed.clone())
                    .evidence(loc, printed.clone())
                    .evidences([line.amount.evidence(), total.amount.evidence()]);
            }
        }
    }
}

crate::rule_info!(X030, "YS-X030", Error, Identity,
    "项目绩效目标表：当年预算合计 = Σ 资金来源", "project form: budget total = Σ sources",
    what: "项目支出绩效目标表“当年预算合计”等于其下各资金来源行（财政拨款收入（区级安排数）、上级转移支付、专户管理的非税收入拨款、其他资金）之和。",
    why: "当年预算合计就是各资金来源之和。",
    example: "当年预算合计 24.00，区级安排 20.00，其他来源为空。",
    needs: [Need::Form(PROJECT_FORM)]);
rule!(ProjectFormSources, X030, project_form_sources);

fn project_form_sources(input: &Input, out: &mut Out) {
    for f in input.forms(PROJECT_FORM) {
        let pf = ProjectForm::read(f);
        let Some(sum) = pf.sum else { continue };
        if pf.sources.is_empty() {
            continue;
        }
        let what = Msg::new(
            "项目绩效目标表当年预算合计应等于各资金来源之和",
            "the project form's budget total must equal the sum of its sources",
        );
        same(out, &[sum], &pf.sources, what);
    }
}

crate::rule_info!(X031, "YS-X031", Error, Identity,
    "项目绩效目标表：项目当年预算 = 当年预算合计", "project form: budget = budget total",
    what: "项目支出绩效目标表中“项目当年预算”等于资金来源部分的“当年预算合计”。",
    why: "同一张表两处填写的是同一个数。",
    example: "项目当年预算 43.00，当年预算合计 34.00。",
    needs: [Need::Form(PROJECT_FORM)]);
rule!(ProjectFormBudget, X031, project_form_budget);

fn project_form_budget(input: &Input, out: &mut Out) {
    for f in input.forms(PROJECT_FORM) {
        let pf = ProjectForm::read(f);
        let (Some(current), Some(sum)) = (pf.current, pf.sum) else { continue };
        let what = Msg::new(
            "项目当年预算应等于当年预算合计",
            "the project's budget must equal the budget total of its sources",
        );
        same(out, &[current], &[sum], what);
    }
}

crate::rule_info!(X032, "YS-X032", Warning, Identity,
    "项目总预算 ≥ 当年预算", "project total budget ≥ this year's budget",
    what: "项目支出绩效目标表的“项目总预算”不小于“项目当年预算”；有项目绩效目标表时，整体绩效目标表每个项目的“项目总预算”也不小于“项目本年度预算”。",
    why: "项目总预算是项目全周期的预算，当年预算只是其中一年。",
    example: "项目总预算 13.00，项目当年预算 24.00。",
    needs: [Need::Form(PROJECT_FORM)]);
rule!(ProjectTotalBudget, X032, project_total_budget);

fn project_total_budget(input: &Input, out: &mut Out) {
    let what =
        || Msg::new("当年预算不应超过项目总预算", "this year's budget must not exceed the project's total budget");
    for f in input.forms(PROJECT_FORM) {
        let pf = ProjectForm::read(f);
        if let (Some(current), Some(total)) = (pf.current, pf.total_budget) {
            at_most(out, &[current], &[total], what());
        }
    }
    for f in input.forms(DEPARTMENT_FORM) {
        for fp in form_projects(f) {
            if let Some(total) = fp.total {
                at_most(out, &[fp.current], &[total], what());
            }
        }
    }
}

/// The rules of this module.
pub fn rules() -> Vec<&'static dyn Rule> {
    vec![
        &SummaryTotal,
        &SummaryClassesVsIncome,
        &IncomeVsExpenditure,
        &IncomeSourcesVsSummary,
        &AppropriationIncomeVsSummary,
        &AppropriationWithinSummary,
        &AppropriationClassesVsGeneral,
        &GeneralTotalVsAppropriation,
        &GeneralBasicVsBasicTable,
        &BasicWithinAppropriation,
        &GeneralWithinExpenditure,
        &ProjectsVsExpenditure,
        &ProjectsVsGeneral,
        &ProjectsTotal,
        &ThreePublicVsBasic,
        &ThreePublicWithinGeneral,
        &SummaryKindsVsBasic,
        &FundVsAppropriation,
        &FundPresence,
        &ProcurementProjectsExist,
        &ProcurementWithinTotal,
        &ProcurementWithinProject,
        &ProjectFormVsTable,
        &DepartmentFormVsTables,
        &DepartmentFormAppropriation,
        &DepartmentFormProjectsTotal,
        &DepartmentFormProjects,
        &DepartmentIncomeSum,
        &DepartmentSpendingSum,
        &DepartmentShares,
        &ProjectFormSources,
        &ProjectFormBudget,
        &ProjectTotalBudget,
        &FormProjectsExist,
        &appropriation::AppropriationFunctionalTotal,
        &appropriation::AppropriationBasicTotal,
        &appropriation::GeneralVsAppropriationFunctional,
        &appropriation::GeneralBasicVsAppropriationBasic,
        &appropriation::RunningCostsWithinBasic,
        &appropriation::GeneralTotalVsAppropriationIncome,
        &appropriation::AppropriationFunctionalWithinSummary,
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use yusuan_model::view::FormCell;

    fn wan(s: &str) -> Interval {
        let a = Amount::parse_in(s, MoneyUnit::WanYuan).unwrap();
        Figure::money(a, MoneyUnit::WanYuan, 2).interval()
    }

    fn pct(s: &str) -> Interval {
        input::parse_figure(s, MoneyUnit::WanYuan).unwrap().interval()
    }

    #[test]
    fn names_normalize_and_match() {
        assert_eq!(norm_name("项目1：调查研究"), "调查研究");
        assert_eq!(norm_name("项目12、 专项 工作"), "专项工作");
        assert_eq!(norm_name("区政府办（本级）"), "区政府办(本级)");
        let mut names = BTreeMap::new();
        for (i, n) in ["总值班室工作", "专项工作", "调查研究"].into_iter().enumerate() {
            names.insert(n.to_owned(), vec![i]);
        }
        assert_eq!(match_project(&names, "调查研究"), Some(&[2][..]));
        assert_eq!(match_project(&names, "专项"), Some(&[1][..]));
        assert_eq!(match_project(&names, "区政府总值班室"), Some(&[0][..]));
        assert_eq!(match_project(&names, "信息化建设"), None);
        assert_eq!(match_project(&names, "调研"), None);
    }

    #[test]
    fn shares_are_compared_by_intervals() {
        // 1050.18 / 3927.98 = 26.7356…%
        assert!(share_meets(pct("26.74%"), wan("1050.18"), wan("3927.98")));
        assert!(!share_meets(pct("26.73%"), wan("1050.18"), wan("3927.98")));
        assert!(share_meets(pct("100%"), wan("3927.98"), wan("3927.98")));
        assert!(!share_meets(pct("27.74%"), wan("1050.18"), wan("3927.98")));
        // a zero total has no share to check
        assert!(share_meets(pct("50%"), wan("1"), wan("0")));
    }

    #[test]
    fn grid_columns_follow_spans() {
        let l = |s: &str| FormCell::label(s);
        let f = Form {
            id: "t12".into(),
            role: DEPARTMENT_FORM.into(),
            title: String::new(),
            subtitle: Vec::new(),
            unit: MoneyUnit::WanYuan,
            decimals: 2,
            columns: 4,
            widths: vec![1; 4],
            rows: vec![vec![l("a").span(1, 2), l("b").span(2, 1), l("c")], vec![l("d"), l("e"), l("f")]],
        };
        assert_eq!(grid(&f), vec![vec![(0, 1), (1, 2), (3, 1)], vec![(1, 1), (2, 1), (3, 1)]]);
    }
}
