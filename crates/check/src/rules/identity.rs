//! Identities inside one table: row = Σ columns, parent = Σ children, 合计 = Σ
//! top rows, and the footer identities of the summary tables. Declared as
//! data: each rule is a shape applied to the tables of some roles.
//!
//! Summary footers are found by what they state ([`Footer`]: 本年收入合计,
//! 上年结转, 收入总计 …), each printed with the labels the document's template
//! lists for it (`footers` in its `tables.toml`: Jiangsu 当年收入小计 / 收入合计,
//! 决算 总计 …), or with the default (wuhan-13) labels when the template is
//! unknown or lists none. A summary's second spending panel is the 经济分类 panel
//! (`economic_item`) or, in the Jiangsu template, the 支出用途 panel (`purpose_item`).

use yusuan_derive::template::{Footer, Footers};
use yusuan_derive::{TableKind, Template};
use yusuan_model::Code;
use yusuan_model::view::{Cell, RowKind, Table};

use crate::compare::{self, At};
use crate::finding::Msg;
use crate::input::Input;
use crate::rule::{Need, Out, Rule, RuleInfo};

/// The shape of an identity.
pub enum Shape {
    /// In every row, column `total` = Σ columns `parts` (absent columns are ignored).
    RowSum { total: &'static str, parts: &'static [&'static str] },
    /// Several row sums of the same kind: each `(total, parts)` as [`Shape::RowSum`]
    /// (the 决算 “三公” table: the 决算数 columns and the 预算数 columns).
    RowSums(&'static [(&'static str, &'static [&'static str])]),
    /// Every 类 / 款 row = Σ its direct children, in every amount column.
    Hierarchy,
    /// The 合计 row = Σ top rows (类 rows when the rows carry codes, else every
    /// line row). A table whose total rows each close a block of rows (the 决算
    /// 基本支出 table: 人员经费合计 under one side, 公用经费合计 under the other)
    /// checks each of them against the top rows of its block.
    TotalOfTop,
    /// Summary tables: in the panel whose label column is the first of `items`
    /// the table has, the footer `total` = Σ the panel's line rows (sub-items
    /// `1、…` under a `一、…` row not counted twice), in every amount column of the panel.
    PanelSum { items: &'static [&'static str], total: Footer },
    /// Summary tables: footer `total` = Σ footers `parts` in the panel of `items`
    /// (a part the template lists with several labels is every row so labelled).
    FooterSum { items: &'static [&'static str], total: Footer, parts: &'static [Footer] },
    /// Summary tables: footer `a` of panel `a_items` = Σ over amount columns of footer `b` of panel `b_items`.
    CrossPanel { a_items: &'static [&'static str], a: Footer, b_items: &'static [&'static str], b: Footer },
    /// Summary tables: the breakdown (`detail`) columns of the panel of `item`
    /// (`<panel>.…` columns that are not its amount columns): footer `total` = Σ line rows.
    DetailSum { item: &'static str, total: Footer },
    /// Summary tables: in the panel of `item`, a `一、…` row followed by numbered
    /// sub-items (`1、…`, `1.…`) = Σ those sub-items.
    SubItems { item: &'static str },
}

/// An identity rule: a shape over the tables of some roles.
pub struct Identity {
    pub info: RuleInfo,
    pub roles: &'static [&'static str],
    pub shape: Shape,
}

impl Rule for Identity {
    fn info(&self) -> &RuleInfo {
        &self.info
    }

    fn check(&self, input: &Input, out: &mut Out) {
        for t in input.tables.iter().filter(|t| self.roles.contains(&t.role.as_str())) {
            match &self.shape {
                Shape::RowSum { total, parts } => row_sum(out, t, total, parts),
                Shape::RowSums(sums) => {
                    for (total, parts) in *sums {
                        row_sum(out, t, total, parts);
                    }
                }
                Shape::Hierarchy => hierarchy(out, t),
                Shape::TotalOfTop => total_of_top(out, t),
                Shape::PanelSum { items, total } => panel_sum(out, t, footers(input, t), items, *total),
                Shape::FooterSum { items, total, parts } => footer_sum(out, t, footers(input, t), items, *total, parts),
                Shape::CrossPanel { a_items, a, b_items, b } => {
                    cross_panel(out, t, footers(input, t), a_items, *a, b_items, *b)
                }
                Shape::DetailSum { item, total } => detail_sum(out, t, footers(input, t), item, *total),
                Shape::SubItems { item } => sub_items(out, t, item),
            }
        }
    }
}

/// `total = Σ parts` (see [`compare::sum`]), blank parts left out: a blank cell
/// is an exact zero, not a printed figure with a rounding interval (forty blank
/// cells would otherwise widen the sum by ±0.20).
fn sum(out: &mut Out, total: At, parts: &[At], what: Msg) -> bool {
    let printed: Vec<At> = parts.iter().copied().filter(|&(t, r, c)| !is_blank(t, r, c)).collect();
    compare::sum(out, total, &printed, what)
}

fn is_blank(t: &Table, r: usize, c: usize) -> bool {
    matches!(t.rows.get(r).and_then(|row| row.cells.get(c)), Some(Cell::Empty) | None)
}

fn col(t: &Table, key: &str) -> Option<usize> {
    t.column_index(key)
}

fn amount_cols(t: &Table) -> Vec<usize> {
    t.columns.iter().enumerate().filter(|(_, c)| c.kind == yusuan_model::ColumnKind::Amount).map(|(i, _)| i).collect()
}

fn row_sum(out: &mut Out, t: &Table, total: &str, parts: &[&str]) {
    let Some(tc) = col(t, total) else { return };
    let pcs: Vec<usize> = parts.iter().filter_map(|p| col(t, p)).collect();
    if pcs.is_empty() {
        return;
    }
    let head = &t.columns[tc].label;
    for r in 0..t.rows.len() {
        let parts: Vec<At> = pcs.iter().map(|&c| (t, r, c)).collect();
        let what = Msg::new(
            format!("“{head}”应等于同行各分项之和"),
            format!("“{head}” must equal the sum of the row's parts"),
        );
        sum(out, (t, r, tc), &parts, what);
    }
}

fn code_of(t: &Table, r: usize) -> Option<Code> {
    let code = t.rows[r].code.as_deref()?;
    [yusuan_model::Scheme::Functional, yusuan_model::Scheme::Economic].iter().find_map(|s| Code::parse(code, *s))
}

fn hierarchy(out: &mut Out, t: &Table) {
    let codes: Vec<Option<Code>> = (0..t.rows.len()).map(|r| code_of(t, r)).collect();
    for (r, code) in codes.iter().enumerate() {
        let Some(code) = code else { continue };
        let children: Vec<usize> = codes
            .iter()
            .enumerate()
            .filter(|(_, c)| c.and_then(|c| c.parent()) == Some(*code))
            .map(|(i, _)| i)
            .collect();
        if children.is_empty() {
            continue;
        }
        for c in amount_cols(t) {
            let parts: Vec<At> = children.iter().map(|&i| (t, i, c)).collect();
            let what = Msg::new(
                format!("科目 {} 应等于其下级科目之和", code.as_str()),
                format!("code {} must equal the sum of its sub-codes", code.as_str()),
            );
            sum(out, (t, r, c), &parts, what);
        }
    }
}

/// The total rows of a table with the top rows each one adds up: the first total
/// row over every top row, or, when several total rows each close a block of
/// rows (none of them before the first body row), each over its block.
pub(crate) fn total_blocks(t: &Table) -> Vec<(usize, Vec<usize>)> {
    let totals: Vec<usize> = (0..t.rows.len()).filter(|&r| t.rows[r].kind == RowKind::Total).collect();
    let Some(&first) = totals.first() else { return Vec::new() };
    let coded = t.rows.iter().any(|r| r.kind == RowKind::Class);
    let is_top = |i: usize| if coded { t.rows[i].kind == RowKind::Class } else { t.rows[i].kind != RowKind::Total };
    let top: Vec<usize> = (0..t.rows.len()).filter(|&i| is_top(i)).collect();
    let first_body = (0..t.rows.len()).find(|&i| t.rows[i].kind != RowKind::Total);
    let blocks = totals.len() > 1 && first_body.is_some_and(|b| b < first);
    if !blocks {
        return vec![(first, top)];
    }
    let mut out = Vec::new();
    let mut from = 0;
    for &r in &totals {
        out.push((r, top.iter().copied().filter(|&i| i >= from && i < r).collect()));
        from = r + 1;
    }
    out
}

fn total_of_top(out: &mut Out, t: &Table) {
    let coded = t.rows.iter().any(|r| r.kind == RowKind::Class);
    for (total, top) in total_blocks(t) {
        if top.is_empty() {
            continue;
        }
        for c in amount_cols(t) {
            let parts: Vec<At> = top.iter().map(|&i| (t, i, c)).collect();
            let what = if coded {
                Msg::new("合计应等于各类级科目之和", "the total must equal the sum of the class rows")
            } else {
                Msg::new("合计应等于各行之和", "the total must equal the sum of the rows")
            };
            sum(out, (t, total, c), &parts, what);
        }
    }
}

fn text(t: &Table, r: usize, c: usize) -> &str {
    match t.rows[r].cells.get(c) {
        Some(Cell::Text(s)) => s,
        _ => "",
    }
}

// ---- Summary footers ----------------------------------------------------------------

/// The footer labels of a summary table: those its template lists for the
/// table's role, else the defaults.
pub(crate) fn footers(input: &Input, t: &Table) -> &'static Footers {
    static DEFAULT: Footers = Footers {
        income: Vec::new(),
        carry_in: Vec::new(),
        income_total: Vec::new(),
        spending: Vec::new(),
        carry_out: Vec::new(),
        spending_total: Vec::new(),
    };
    let Some(template) = input.template.as_deref().and_then(|id| Template::builtin_shared(id).ok()) else {
        return &DEFAULT;
    };
    let base = t.id.split('-').next().unwrap_or_default();
    let summaries = || template.tables.iter().filter(|d| d.kind == TableKind::Summary && d.role == t.role);
    summaries().find(|d| d.id == base).or_else(|| summaries().next()).map_or(&DEFAULT, |d| &d.footers)
}

fn squeezed(t: &Table, r: usize, c: usize) -> String {
    text(t, r, c).chars().filter(|c| !c.is_whitespace()).collect()
}

/// The footer rows labelled `label` in label column `item`: the rows whose label
/// is exactly it, else the first row whose label contains it.
fn labelled(t: &Table, item: usize, label: &str) -> Vec<usize> {
    let footer_rows = || (0..t.rows.len()).filter(|&r| t.rows[r].kind == RowKind::Total);
    let exact: Vec<usize> = footer_rows().filter(|&r| squeezed(t, r, item) == label).collect();
    if !exact.is_empty() {
        return exact;
    }
    footer_rows().find(|&r| squeezed(t, r, item).contains(label)).into_iter().collect()
}

/// The row of footer `f` in label column `item` (the first of its labels printed).
pub(crate) fn footer_row(footers: &Footers, t: &Table, item: usize, f: Footer) -> Option<usize> {
    footers.labels(f).iter().find_map(|l| labelled(t, item, l).first().copied())
}

/// Every row of footer `f` in label column `item` (each of its labels), in table order.
pub(crate) fn footer_rows(footers: &Footers, t: &Table, item: usize, f: Footer) -> Vec<usize> {
    let mut rows: Vec<usize> = footers.labels(f).iter().flat_map(|l| labelled(t, item, l)).collect();
    rows.sort_unstable();
    rows.dedup();
    rows
}

/// The label column of a panel: the first of `items` the table has.
fn item_col(t: &Table, items: &[&str]) -> Option<usize> {
    items.iter().find_map(|i| col(t, i))
}

/// The amount columns of the panel starting at label column `item`.
pub(crate) fn panel_cols(t: &Table, item: usize) -> Vec<usize> {
    (item + 1..t.columns.len()).take_while(|&c| t.columns[c].kind == yusuan_model::ColumnKind::Amount).collect()
}

/// The breakdown columns of the panel of label column `item`: amount columns
/// keyed `<panel>.…` that are not among the panel's amount columns.
fn detail_cols(t: &Table, item: usize) -> Vec<usize> {
    let Some(name) = t.columns[item].key.strip_suffix("_item") else { return Vec::new() };
    let prefix = format!("{name}.");
    let own = panel_cols(t, item);
    (0..t.columns.len())
        .filter(|&c| t.columns[c].kind == yusuan_model::ColumnKind::Amount && !own.contains(&c))
        .filter(|&c| t.columns[c].key.starts_with(&prefix))
        .collect()
}

/// `一、`, `十二、`: a label numbered with a Chinese ordinal.
fn chinese_numbered(label: &str) -> bool {
    let n = label.chars().take_while(|c| "一二三四五六七八九十".contains(*c)).count();
    n > 0 && label.chars().nth(n) == Some('、')
}

/// `1、`, `1.`, `1. `, `（1）`: a numbered sub-item.
fn sub_numbered(label: &str) -> bool {
    let d = label.chars().take_while(char::is_ascii_digit).count();
    (d > 0 && label.chars().nth(d).is_some_and(|c| "、.．".contains(c)))
        || ((label.starts_with('（') || label.starts_with('(')) && !chinese_numbered(label))
}

/// The line rows of a panel that add up to its total: every non-footer row,
/// labelled or not (an amount in an unlabelled row is still in the panel),
/// except the sub-items under a `一、…` row, which that row already counts.
fn panel_rows(t: &Table, item: usize) -> Vec<usize> {
    let mut under_ordinal = false;
    let mut rows = Vec::new();
    for r in (0..t.rows.len()).filter(|&r| t.rows[r].kind != RowKind::Total) {
        let label = squeezed(t, r, item);
        if chinese_numbered(&label) {
            under_ordinal = true;
        } else if under_ordinal && sub_numbered(&label) {
            continue;
        }
        rows.push(r);
    }
    rows
}

/// The printed label of a footer row, or the footer's canonical label.
fn shown_label(t: &Table, r: usize, item: usize) -> String {
    let s = squeezed(t, r, item);
    if s.is_empty() { "合计".to_owned() } else { s }
}

fn panel_sum(out: &mut Out, t: &Table, footers: &Footers, items: &[&str], total: Footer) {
    let Some(ic) = item_col(t, items) else { return };
    let Some(tr) = footer_row(footers, t, ic, total) else { return };
    let label = shown_label(t, tr, ic);
    let rows = panel_rows(t, ic);
    for c in panel_cols(t, ic) {
        let parts: Vec<At> = rows.iter().map(|&r| (t, r, c)).collect();
        let what = Msg::new(
            format!("“{label}”应等于本栏各行之和"),
            format!("“{label}” must equal the sum of the panel's rows"),
        );
        sum(out, (t, tr, c), &parts, what);
    }
}

fn detail_sum(out: &mut Out, t: &Table, footers: &Footers, item: &str, total: Footer) {
    let Some(ic) = col(t, item) else { return };
    let Some(tr) = footer_row(footers, t, ic, total) else { return };
    let label = shown_label(t, tr, ic);
    let rows = panel_rows(t, ic);
    for c in detail_cols(t, ic) {
        let parts: Vec<At> = rows.iter().map(|&r| (t, r, c)).collect();
        let head = &t.columns[c].label;
        let what = Msg::new(
            format!("“{label}”行的“{head}”应等于本栏各行之和"),
            format!("“{head}” of “{label}” must equal the sum of the panel's rows"),
        );
        sum(out, (t, tr, c), &parts, what);
    }
}

fn sub_items(out: &mut Out, t: &Table, item: &str) {
    let Some(ic) = col(t, item) else { return };
    let rows: Vec<usize> = (0..t.rows.len()).filter(|&r| t.rows[r].kind != RowKind::Total).collect();
    let mut k = 0;
    while k < rows.len() {
        let parent = rows[k];
        let label = squeezed(t, parent, ic);
        k += 1;
        if !chinese_numbered(&label) {
            continue;
        }
        let children: Vec<usize> =
            rows[k..].iter().copied().take_while(|&r| sub_numbered(&squeezed(t, r, ic))).collect();
        k += children.len();
        if children.is_empty() {
            continue;
        }
        for c in panel_cols(t, ic) {
            let parts: Vec<At> = children.iter().map(|&r| (t, r, c)).collect();
            let what = Msg::new(
                format!("“{label}”应等于其下各分项之和"),
                format!("“{label}” must equal the sum of its sub-items"),
            );
            sum(out, (t, parent, c), &parts, what);
        }
    }
}

fn footer_sum(out: &mut Out, t: &Table, footers: &Footers, items: &[&str], total: Footer, parts: &[Footer]) {
    let Some(ic) = item_col(t, items) else { return };
    let Some(tr) = footer_row(footers, t, ic, total) else { return };
    let groups: Vec<Vec<usize>> = parts.iter().map(|&p| footer_rows(footers, t, ic, p)).collect();
    if groups.iter().any(Vec::is_empty) {
        return;
    }
    let prs: Vec<usize> = groups.into_iter().flatten().filter(|&r| r != tr).collect();
    let total_label = shown_label(t, tr, ic);
    let labels: Vec<String> = prs.iter().map(|&r| shown_label(t, r, ic)).collect();
    for c in panel_cols(t, ic) {
        let cells: Vec<At> = prs.iter().map(|&r| (t, r, c)).collect();
        let what = Msg::new(
            format!("“{total_label}”应等于{}", labels.join("加")),
            format!("“{total_label}” must equal {}", labels.join(" + ")),
        );
        sum(out, (t, tr, c), &cells, what);
    }
}

fn cross_panel(out: &mut Out, t: &Table, footers: &Footers, a_items: &[&str], a: Footer, b_items: &[&str], b: Footer) {
    let (Some(ai), Some(bi)) = (item_col(t, a_items), item_col(t, b_items)) else { return };
    let (Some(ar), Some(br)) = (footer_row(footers, t, ai, a), footer_row(footers, t, bi, b)) else { return };
    let (al, bl) = (shown_label(t, ar, ai), shown_label(t, br, bi));
    let (acols, bcols) = (panel_cols(t, ai), panel_cols(t, bi));
    if acols.len() == bcols.len() {
        for (ac, bc) in acols.iter().zip(&bcols) {
            let what = Msg::new(format!("“{al}”应等于“{bl}”"), format!("“{al}” must equal “{bl}”"));
            sum(out, (t, ar, *ac), &[(t, br, *bc)], what);
        }
    } else if let [ac] = acols[..] {
        let parts: Vec<At> = bcols.iter().map(|&c| (t, br, c)).collect();
        let what = Msg::new(format!("“{al}”应等于各栏“{bl}”之和"), format!("“{al}” must equal the sum of “{bl}”"));
        sum(out, (t, ar, ac), &parts, what);
    }
}

const BOTH_SUMMARIES: &[&str] = &["summary", "appropriation_summary"];
/// 收入预算总表, and the 决算's 收入决算表 (same rows and columns).
const INCOME_TABLES: &[&str] = &["income_by_function", "final_income"];
/// 支出预算总表, and Jiangsu's one-row 支出预算总表.
const EXPENDITURE_TABLES: &[&str] = &["expenditure_by_function", "expenditure_summary"];
/// 一般公共预算支出表, and Jiangsu's 财政拨款支出预算表（功能科目）.
const FUNCTIONAL_TABLES: &[&str] = &["general_budget_by_function", "appropriation_by_function"];
/// 一般公共预算基本支出表, and Jiangsu's 财政拨款基本支出预算表 and 机关运行经费支出预算表 (经济科目).
const ECONOMIC_TABLES: &[&str] =
    &["general_budget_basic_by_economic", "appropriation_basic_by_economic", "running_costs"];
const INCOME: &[&str] = &["income_item"];
const FUNCTIONAL: &[&str] = &["functional_item"];
/// The second spending panel: 经济分类, or 支出用途 (Jiangsu).
const SECOND: &[&str] = &["economic_item", "purpose_item"];

macro_rules! identity {
    ($id:literal, $roles:expr, $shape:expr, $title:literal, $title_en:literal, what: $what:expr, why: $why:expr, example: $ex:expr) => {
        Identity {
            info: RuleInfo {
                id: $id,
                severity: crate::finding::Severity::Error,
                category: crate::finding::Category::Identity,
                title: $title,
                title_en: $title_en,
                what: $what,
                why: $why,
                example: $ex,
                needs: &[Need::AnyTable($roles)],
            },
            roles: $roles,
            shape: $shape,
        }
    };
}

const WHY_SUM: &str = "合计数由明细加总而来；印刷数在舍入区间内仍对不上，说明至少有一个数填错或漏填。";

pub static RULES: &[Identity] = &[
    identity!("YS-I001", BOTH_SUMMARIES, Shape::PanelSum { items: INCOME, total: Footer::Income },
        "收入栏：本年收入合计 = Σ 各项收入", "income panel: total = Σ income sources",
        what: "收支总表（及财政拨款收支总表）收入栏的“本年收入合计”等于各收入来源之和（“一、财政拨款收入”下的“1、一般公共预算”等分项不重复计入）。合计行按模板的印法识别：江苏“当年收入小计”、上海预算只印“收入总计”、决算“本年收入合计”。",
        why: "本年收入合计由各项收入加总而来；对不上说明某项收入或合计填错。",
        example: "一般公共预算财政拨款收入 3,927.98，其他各项为空，本年收入合计却印 3,972.98。"),
    identity!("YS-I002", BOTH_SUMMARIES, Shape::PanelSum { items: FUNCTIONAL, total: Footer::Spending },
        "功能分类栏：本年支出合计 = Σ 各类支出", "functional panel: total = Σ classes",
        what: "收支总表支出（功能分类）栏的“本年支出合计”（江苏“当年支出小计”，上海预算“支出总计”）等于各功能分类类级支出之和（每个资金列）。",
        why: "功能分类各类支出是对同一笔支出的完整划分。",
        example: "201 883.46 + 208 120.24 + 210 73.09 + 213 2,728.80 + 221 122.39 = 3,927.98，合计却印 3,927.89。"),
    identity!("YS-I003", BOTH_SUMMARIES, Shape::PanelSum { items: SECOND, total: Footer::Spending },
        "经济分类栏：本年支出合计 = Σ 各类支出", "economic panel: total = Σ classes",
        what: "收支总表支出（经济分类）栏的“本年支出合计”等于各经济分类类级支出之和（每个资金列）；江苏模板没有经济分类栏，查其“支出用途”栏（基本支出 + 项目支出 + 单位预留机动经费）。",
        why: "经济分类各类支出是对同一笔支出的完整划分。",
        example: "301 914.16 + 302 212.44 + 303 83.58 + 399 2,717.80 = 3,927.98，合计却印 3,927.97 以外的数。"),
    identity!("YS-I004", BOTH_SUMMARIES, Shape::FooterSum { items: INCOME, total: Footer::IncomeTotal, parts: &[Footer::Income, Footer::CarryIn] },
        "收入总计 = 本年收入合计 + 上年结转", "income grand total = this year's income + carry-over",
        what: "收入总计等于本年收入合计加上年结转（结余）（江苏：收入合计 = 当年收入小计 + 上年结转资金；决算：总计 = 本年收入合计 + 使用非财政拨款结余 + 年初结转和结余）。模板不印结转行时不检查。",
        why: "上年结转是收入总计的另一部分；漏加或多加都会使总计失真。",
        example: "本年收入合计 3,927.98，上年结转 100.00，收入总计却印 3,927.98。"),
    identity!("YS-I005", BOTH_SUMMARIES, Shape::FooterSum { items: FUNCTIONAL, total: Footer::SpendingTotal, parts: &[Footer::Spending, Footer::CarryOut] },
        "支出总计 = 本年支出合计 + 结转下年", "expenditure grand total = this year's spending + carry-forward",
        what: "支出栏的支出总计等于本年支出合计加结转下年（江苏：支出合计 = 当年支出小计 + 结转下年资金；决算：总计 = 本年支出合计 + 结余分配 + 年末结转和结余）。",
        why: "结转下年是支出总计的另一部分。",
        example: "本年支出合计 3,927.98，结转下年为空，支出总计却印 4,000.00。"),
    identity!("YS-I006", BOTH_SUMMARIES, Shape::CrossPanel { a_items: INCOME, a: Footer::IncomeTotal, b_items: FUNCTIONAL, b: Footer::SpendingTotal },
        "收入总计 = 支出总计", "income grand total = expenditure grand total",
        what: "收支总表的收入总计等于支出总计（财政拨款收支总表：等于各资金列支出总计之和）。",
        why: "部门预算收支平衡，是预算编制的基本要求。",
        example: "收入总计 3,927.98，支出总计 3,900.00。"),
    identity!("YS-I007", BOTH_SUMMARIES, Shape::CrossPanel { a_items: FUNCTIONAL, a: Footer::Spending, b_items: SECOND, b: Footer::Spending },
        "功能分类合计 = 经济分类合计", "functional total = economic total",
        what: "同一张收支总表中，按功能分类的本年支出合计等于按经济分类（江苏：支出用途）的本年支出合计（每个资金列）。",
        why: "功能分类与经济分类是对同一笔支出的两种划分，总额必须相同。",
        example: "功能分类合计 3,927.98，经济分类合计 3,917.98（漏列一个经济科目）。"),
    identity!("YS-I008", INCOME_TABLES, Shape::RowSum { total: "total", parts: &["general_budget", "gov_fund", "state_capital", "appropriation", "operations", "superior_grant", "subsidiary_remit", "business", "other", "carry_over"] },
        "收入总表：总计 = Σ 各收入来源", "income table: row total = Σ sources",
        what: "收入预算总表（决算：收入决算表）每一行的“总计”（本年收入合计）等于该行各收入来源列之和。",
        why: WHY_SUM,
        example: "2010302 行总计 184.00，一般公共预算财政拨款收入 180.00，其他列为空。"),
    identity!("YS-I009", INCOME_TABLES, Shape::Hierarchy,
        "收入总表：上级科目 = Σ 下级科目", "income table: parent = Σ children",
        what: "收入预算总表（决算：收入决算表）中每个类、款级科目的各列金额等于其直接下级科目之和。",
        why: "类、款金额由项级汇总而来；对不上说明漏列了下级科目或金额填错。",
        example: "20103 883.46，但其下 2010301 630.46 + 2010302 184.00 + 2010399 69.00 = 883.46 以外的数。"),
    identity!("YS-I010", INCOME_TABLES, Shape::TotalOfTop,
        "收入总表：合计 = Σ 类", "income table: total = Σ classes",
        what: "收入预算总表（决算：收入决算表）“合计”行的各列等于各类级科目之和。",
        why: WHY_SUM,
        example: "合计 3,927.98，各类之和 3,928.98。"),
    identity!("YS-I011", EXPENDITURE_TABLES, Shape::RowSum { total: "total", parts: &["basic", "project", "reserve", "remit", "subsidiary", "business", "carry_forward"] },
        "支出总表：总计 = 基本 + 项目 + …", "expenditure table: total = basic + project + …",
        what: "支出预算总表每一行的“总计”等于基本支出、项目支出、上缴上级、对附属单位补助、经营支出、结转下年之和（江苏的支出预算总表只有一行：合计 = 基本支出 + 项目支出 + 单位预留机动经费 + 结转下年资金）。",
        why: WHY_SUM,
        example: "2010302 总计 184.00，基本 104.00，项目 90.00。"),
    identity!("YS-I012", &["expenditure_by_function"], Shape::Hierarchy,
        "支出总表：上级科目 = Σ 下级科目", "expenditure table: parent = Σ children",
        what: "支出预算总表中每个类、款级科目的各列金额等于其直接下级科目之和。",
        why: "类、款金额由项级汇总而来。",
        example: "201 行项目支出 149.00，其下项级项目支出之和 159.00。"),
    identity!("YS-I013", &["expenditure_by_function"], Shape::TotalOfTop,
        "支出总表：合计 = Σ 类", "expenditure table: total = Σ classes",
        what: "支出预算总表“合计”行的各列等于各类级科目之和。",
        why: WHY_SUM,
        example: "合计基本支出 1,050.18，各类基本支出之和 1,040.18。"),
    identity!("YS-I014", &["projects"], Shape::RowSum { total: "total", parts: &["general_budget", "gov_fund", "state_capital", "operations", "superior_grant", "business", "other", "carry_over"] },
        "项目表：总计 = Σ 资金来源", "project table: total = Σ sources",
        what: "项目支出预算表每个项目的“总计”等于各资金来源列之和。",
        why: WHY_SUM,
        example: "专项工作 总计 43.00，一般公共预算财政拨款收入 34.00。"),
    identity!("YS-I015", &["projects"], Shape::TotalOfTop,
        "项目表：合计 = Σ 项目", "project table: total = Σ projects",
        what: "项目支出预算表“合计”行的各列等于各项目行之和。",
        why: WHY_SUM,
        example: "合计 2,877.80，各项目之和 2,877.00。"),
    identity!("YS-I016", &["general_budget_by_function"], Shape::RowSum { total: "total", parts: &["basic", "project"] },
        "一般公共预算支出表：总计 = 基本 + 项目", "general budget table: total = basic + project",
        what: "一般公共预算支出表每一行的“总计”等于基本支出加项目支出。",
        why: WHY_SUM,
        example: "201 总计 883.46，基本 734.46，项目 159.00。"),
    identity!("YS-I017", FUNCTIONAL_TABLES, Shape::Hierarchy,
        "一般公共预算支出表：上级科目 = Σ 下级科目", "general budget table: parent = Σ children",
        what: "一般公共预算支出表（及江苏的财政拨款支出预算表（功能科目））中每个类、款级科目的各列金额等于其直接下级科目之和。",
        why: "类、款金额由项级汇总而来。",
        example: "21011 73.09，其下 2101101 28.58 + 2101103 44.15。"),
    identity!("YS-I018", FUNCTIONAL_TABLES, Shape::TotalOfTop,
        "一般公共预算支出表：合计 = Σ 类", "general budget table: total = Σ classes",
        what: "一般公共预算支出表（及江苏的财政拨款支出预算表（功能科目））“合计”行的各列等于各类级科目之和。",
        why: WHY_SUM,
        example: "合计 3,927.98，各类之和 3,927.88。"),
    identity!("YS-I019", &["general_budget_basic_by_economic"], Shape::RowSum { total: "total", parts: &["personnel", "public"] },
        "基本支出表：小计 = 人员经费 + 公用经费", "basic expenditure table: subtotal = personnel + public",
        what: "一般公共预算基本支出表每一行的“小计”等于人员经费加公用经费。",
        why: "基本支出只分人员经费和公用经费两部分。",
        example: "合计 1,050.18，人员经费 928.74，公用经费 112.44。"),
    identity!("YS-I020", ECONOMIC_TABLES, Shape::Hierarchy,
        "基本支出表：类 = Σ 款", "basic expenditure table: class = Σ items",
        what: "一般公共预算基本支出表（及江苏的财政拨款基本支出预算表、机关运行经费支出预算表）中每个经济分类类级科目等于其下各款之和。",
        why: "类级金额由款级汇总而来。",
        example: "302 121.44，其下各款之和 120.44。"),
    identity!("YS-I021", ECONOMIC_TABLES, Shape::TotalOfTop,
        "基本支出表：合计 = Σ 类", "basic expenditure table: total = Σ classes",
        what: "一般公共预算基本支出表（及江苏的财政拨款基本支出预算表、机关运行经费支出预算表）“合计”行等于各经济分类类级科目之和。决算的基本支出表分人员经费、公用经费两侧，各以“人员经费合计”“公用经费合计”结束：各自等于本侧类级科目之和。",
        why: WHY_SUM,
        example: "合计 1,050.18，301 + 302 + 303 = 1,050.81。"),
    identity!("YS-I022", &["three_public"], Shape::RowSums(&[
            ("total", &["abroad", "vehicles", "reception"]),
            ("budget_total", &["budget_abroad", "budget_vehicles", "budget_reception"]),
        ]),
        "“三公”：合计 = 出国 + 公务用车 + 接待", "three public: total = abroad + vehicles + reception",
        what: "“三公”经费表每一行的合计等于因公出国（境）费、公务用车购置及运行维护费、公务接待费之和（决算表的预算数各列同样）。",
        why: "“三公”经费的定义就是这三项之和。",
        example: "合计 10.98，公务用车 10.00，公务接待 0.89。"),
    identity!("YS-I023", &["three_public"], Shape::RowSums(&[
            ("vehicles", &["vehicle_purchase", "vehicle_running"]),
            ("budget_vehicles", &["budget_vehicle_purchase", "budget_vehicle_running"]),
        ]),
        "“三公”：公务用车 = 购置 + 运行维护", "three public: vehicles = purchase + running",
        what: "公务用车购置及运行维护费小计等于公务用车购置费加公务用车运行维护费（决算表的预算数各列同样）。",
        why: "小计由两项加总而来。",
        example: "小计 10.00，购置为空，运行维护 12.00。"),
    identity!("YS-I024", &["three_public"], Shape::TotalOfTop,
        "“三公”：合计行 = Σ 单位", "three public: total row = Σ units",
        what: "“三公”经费表“合计”行等于各单位（科目）行之和。",
        why: WHY_SUM,
        example: "两个单位各 5.00，合计印 11.00。"),
    identity!("YS-I025", &["gov_fund"], Shape::RowSum { total: "total", parts: &["basic", "project"] },
        "政府性基金支出表：总计 = 基本 + 项目", "fund table: total = basic + project",
        what: "政府性基金预算支出表每一行的总计等于基本支出加项目支出。",
        why: WHY_SUM,
        example: "总计 50.00，基本 20.00，项目 20.00。"),
    identity!("YS-I026", &["gov_fund"], Shape::TotalOfTop,
        "政府性基金支出表：合计 = Σ 行", "fund table: total = Σ rows",
        what: "政府性基金预算支出表合计行等于各行之和。",
        why: WHY_SUM,
        example: "合计 60.00，各行之和 50.00。"),
    identity!("YS-I027", &["procurement", "purchased_services"], Shape::RowSum { total: "subtotal", parts: &["general_budget", "gov_fund", "operations", "superior_grant", "business", "other", "carry_over"] },
        "采购/购买服务表：小计 = Σ 资金来源", "procurement tables: subtotal = Σ sources",
        what: "政府采购预算表、政府购买服务预算表每一行的资金来源小计等于各资金来源列之和。",
        why: WHY_SUM,
        example: "印刷服务 小计 5.50，一般公共预算 5.00。"),
    identity!("YS-I028", &["procurement", "purchased_services"], Shape::TotalOfTop,
        "采购/购买服务表：合计 = Σ 行", "procurement tables: total = Σ rows",
        what: "政府采购预算表、政府购买服务预算表的合计行等于各行之和。",
        why: WHY_SUM,
        example: "四行 5.50、6.50、5.00、10.00，合计印 26.00。"),
    identity!("YS-I029", BOTH_SUMMARIES, Shape::FooterSum { items: SECOND, total: Footer::SpendingTotal, parts: &[Footer::Spending, Footer::CarryOut] },
        "经济分类栏：支出总计 = 本年支出合计 + 结转下年", "economic panel: grand total = this year's spending + carry-forward",
        what: "收支总表支出（经济分类）栏（江苏：支出用途栏）的支出总计等于本年支出合计加结转下年。",
        why: "结转下年是支出总计的另一部分；两个支出栏各自都要成立。",
        example: "经济分类栏本年支出合计 3,927.98，结转下年为空，支出总计却印 3,929.98。"),
    identity!("YS-I030", BOTH_SUMMARIES, Shape::CrossPanel { a_items: INCOME, a: Footer::IncomeTotal, b_items: SECOND, b: Footer::SpendingTotal },
        "收入总计 = 经济分类支出总计", "income grand total = economic grand total",
        what: "收支总表的收入总计等于经济分类栏（江苏：支出用途栏，如财政拨款收支预算总表的“收入合计 = 支出合计”）的支出总计（财政拨款收支总表：等于各资金列之和）。",
        why: "收支平衡对两个支出栏都成立；只核对功能分类栏会漏掉经济分类栏的错误。",
        example: "收入总计 3,927.98，经济分类栏支出总计 3,928.98。"),
    identity!("YS-I031", &["summary"], Shape::RowSum { total: "functional.amount", parts: &["functional.personnel", "functional.public", "functional.project"] },
        "收支总表：支出合计 = 人员经费 + 公用经费 + 项目支出", "summary: spending = personnel + public + project",
        what: "收支总表支出栏按支出性质细分时（上海单位预算《财务收支预算总表》的“合计 | 基本支出（人员经费、公用经费） | 项目支出”），每一行（含支出总计行）的合计等于人员经费、公用经费、项目支出之和。",
        why: "支出只分基本支出（人员经费、公用经费）和项目支出；合计与细分对不上，说明某一列填错或抄错。",
        example: "公共安全支出 合计 79,189,400.34，人员经费 12,604,173、公用经费 1,744,680、项目支出 64,840,547，共 79,189,400.00。"),
    identity!("YS-I032", &["appropriation_summary"], Shape::RowSum { total: "functional.total", parts: &["functional.general_budget", "functional.gov_fund", "functional.state_capital"] },
        "财政拨款收支总表：合计 = 一般公共预算 + 政府性基金 + 国有资本经营", "appropriation summary: total = Σ funds",
        what: "财政拨款收支总表支出栏印有“合计”列时（上海预算、决算），每一行（含合计、总计行）的合计等于一般公共预算、政府性基金预算、国有资本经营预算各列之和。",
        why: "财政拨款只有这三种来源；合计列是它们的和。",
        example: "住房保障支出 合计 445.69，一般公共预算财政拨款 435.69，其他两列为空。"),
    identity!("YS-I033", BOTH_SUMMARIES, Shape::DetailSum { item: "functional_item", total: Footer::Spending },
        "收支总表细分列：合计行 = Σ 各行", "summary breakdown columns: total row = Σ rows",
        what: "收支总表支出栏的细分列（上海单位预算的人员经费、公用经费、项目支出；财政拨款收支总表的“合计”列）在本年支出合计行（上海为支出总计行）的金额，等于该列各行之和。",
        why: "细分列与金额列一样是对各类支出的汇总；合计行对不上说明某一行或合计行填错。",
        example: "人员经费列各类 12,604,173 + 2,925,857 + 982,692 + 3,861,459 = 20,374,181，支出总计行却印 20,374,281。"),
    identity!("YS-I034", BOTH_SUMMARIES, Shape::SubItems { item: "income_item" },
        "收入栏：财政拨款收入 = Σ 其下分项", "income panel: appropriation = Σ its sub-items",
        what: "收支总表收入栏中以“一、”编号的收入行下列有以“1、”“1.”编号的分项时（如“一、财政拨款收入”下的“1、一般公共预算”“2、政府性基金预算”“3、国有资本经营预算”），该行金额等于各分项之和。",
        why: "分项是上一级收入的构成；两者对不上说明分项漏列或金额填错。",
        example: "一、财政拨款收入 86,959,408.34，其下 1、一般公共预算 86,959,408.34，2、政府性基金预算 100.00，3、国有资本经营预算 0.00。"),
    identity!("YS-I035", &["three_public"], Shape::RowSum { total: "grand_total", parts: &["total", "meeting", "training"] },
        "“三公”、会议费、培训费表：合计 = “三公” + 会议费 + 培训费", "three public, meetings, training: total = Σ",
        what: "“三公”经费表另列会议费、培训费并有总的“合计”列时（江苏的“三公”经费、会议费、培训费支出预算表），每一行的合计等于“三公”经费小计、会议费、培训费之和。",
        why: WHY_SUM,
        example: "合计 2,600.71，“三公”经费小计 767.60，会议费 1,469.73，培训费 353.38。"),
];
