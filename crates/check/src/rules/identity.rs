//! Identities inside one table: row = Σ columns, parent = Σ children, 合计 = Σ
//! top rows, and the footer identities of the summary tables. Declared as
//! data: each rule is a shape applied to the tables of some roles.

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
    /// Every 类 / 款 row = Σ its direct children, in every amount column.
    Hierarchy,
    /// The 合计 row = Σ top rows (类 rows when the rows carry codes, else every line row).
    TotalOfTop,
    /// Summary tables: in the panel whose label column is `item`, the footer row
    /// labelled `total` = Σ the panel's line rows, in every amount column of the panel.
    PanelSum { item: &'static str, total: &'static str },
    /// Summary tables: footer `total` = footer `parts` in the panel of `item`.
    FooterSum { item: &'static str, total: &'static str, parts: &'static [&'static str] },
    /// Summary tables: footer `a` of panel `a_item` = Σ over amount columns of footer `b` of panel `b_item`.
    CrossPanel { a_item: &'static str, a: &'static str, b_item: &'static str, b: &'static str },
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
                Shape::Hierarchy => hierarchy(out, t),
                Shape::TotalOfTop => total_of_top(out, t),
                Shape::PanelSum { item, total } => panel_sum(out, t, item, total),
                Shape::FooterSum { item, total, parts } => footer_sum(out, t, item, total, parts),
                Shape::CrossPanel { a_item, a, b_item, b } => cross_panel(out, t, a_item, a, b_item, b),
            }
        }
    }
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
        compare::sum(out, (t, r, tc), &parts, what);
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
            compare::sum(out, (t, r, c), &parts, what);
        }
    }
}

fn total_of_top(out: &mut Out, t: &Table) {
    let Some(total) = t.rows.iter().position(|r| r.kind == RowKind::Total) else { return };
    let coded = t.rows.iter().any(|r| r.kind == RowKind::Class);
    let top: Vec<usize> = (0..t.rows.len())
        .filter(|&i| if coded { t.rows[i].kind == RowKind::Class } else { t.rows[i].kind != RowKind::Total })
        .collect();
    if top.is_empty() {
        return;
    }
    for c in amount_cols(t) {
        let parts: Vec<At> = top.iter().map(|&i| (t, i, c)).collect();
        let what = if coded {
            Msg::new("合计应等于各类级科目之和", "the total must equal the sum of the class rows")
        } else {
            Msg::new("合计应等于各行之和", "the total must equal the sum of the rows")
        };
        compare::sum(out, (t, total, c), &parts, what);
    }
}

fn text(t: &Table, r: usize, c: usize) -> &str {
    match t.rows[r].cells.get(c) {
        Some(Cell::Text(s)) => s,
        _ => "",
    }
}

/// The footer row of a panel whose label contains `label`.
fn footer(t: &Table, item: usize, label: &str) -> Option<usize> {
    (0..t.rows.len()).find(|&r| t.rows[r].kind == RowKind::Total && text(t, r, item).contains(label))
}

/// The amount columns of the panel starting at label column `item`.
fn panel_cols(t: &Table, item: usize) -> Vec<usize> {
    (item + 1..t.columns.len()).take_while(|&c| t.columns[c].kind == yusuan_model::ColumnKind::Amount).collect()
}

fn panel_sum(out: &mut Out, t: &Table, item: &str, total: &str) {
    let Some(ic) = col(t, item) else { return };
    let Some(tr) = footer(t, ic, total) else { return };
    // Every non-footer row counts, labelled or not: an amount in an unlabelled row is still in the panel.
    let rows: Vec<usize> = (0..t.rows.len()).filter(|&r| t.rows[r].kind != RowKind::Total).collect();
    for c in panel_cols(t, ic) {
        let parts: Vec<At> = rows.iter().map(|&r| (t, r, c)).collect();
        let what = Msg::new(
            format!("“{total}”应等于本栏各行之和"),
            format!("“{total}” must equal the sum of the panel's rows"),
        );
        compare::sum(out, (t, tr, c), &parts, what);
    }
}

fn footer_sum(out: &mut Out, t: &Table, item: &str, total: &str, parts: &[&str]) {
    let Some(ic) = col(t, item) else { return };
    let Some(tr) = footer(t, ic, total) else { return };
    let prs: Vec<usize> = parts.iter().filter_map(|p| footer(t, ic, p)).collect();
    if prs.len() != parts.len() {
        return;
    }
    for c in panel_cols(t, ic) {
        let cells: Vec<At> = prs.iter().map(|&r| (t, r, c)).collect();
        let what = Msg::new(
            format!("“{total}”应等于{}", parts.join("加")),
            format!("“{total}” must equal {}", parts.join(" + ")),
        );
        compare::sum(out, (t, tr, c), &cells, what);
    }
}

fn cross_panel(out: &mut Out, t: &Table, a_item: &str, a: &str, b_item: &str, b: &str) {
    let (Some(ai), Some(bi)) = (col(t, a_item), col(t, b_item)) else { return };
    let (Some(ar), Some(br)) = (footer(t, ai, a), footer(t, bi, b)) else { return };
    let (acols, bcols) = (panel_cols(t, ai), panel_cols(t, bi));
    if acols.len() == bcols.len() {
        for (ac, bc) in acols.iter().zip(&bcols) {
            let what = Msg::new(format!("“{a}”应等于“{b}”"), format!("“{a}” must equal “{b}”"));
            compare::sum(out, (t, ar, *ac), &[(t, br, *bc)], what);
        }
    } else if let [ac] = acols[..] {
        let parts: Vec<At> = bcols.iter().map(|&c| (t, br, c)).collect();
        let what = Msg::new(format!("“{a}”应等于各栏“{b}”之和"), format!("“{a}” must equal the sum of “{b}”"));
        compare::sum(out, (t, ar, ac), &parts, what);
    }
}

const BOTH_SUMMARIES: &[&str] = &["summary", "appropriation_summary"];

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
    identity!("YS-I001", BOTH_SUMMARIES, Shape::PanelSum { item: "income_item", total: "本年收入合计" },
        "收入栏：本年收入合计 = Σ 各项收入", "income panel: total = Σ income sources",
        what: "收支总表（及财政拨款收支总表）收入栏的“本年收入合计”等于各收入来源之和。",
        why: "本年收入合计由各项收入加总而来；对不上说明某项收入或合计填错。",
        example: "一般公共预算财政拨款收入 3,927.98，其他各项为空，本年收入合计却印 3,972.98。"),
    identity!("YS-I002", BOTH_SUMMARIES, Shape::PanelSum { item: "functional_item", total: "本年支出合计" },
        "功能分类栏：本年支出合计 = Σ 各类支出", "functional panel: total = Σ classes",
        what: "收支总表支出（功能分类）栏的“本年支出合计”等于各功能分类类级支出之和（每个资金列）。",
        why: "功能分类各类支出是对同一笔支出的完整划分。",
        example: "201 883.46 + 208 120.24 + 210 73.09 + 213 2,728.80 + 221 122.39 = 3,927.98，合计却印 3,927.89。"),
    identity!("YS-I003", BOTH_SUMMARIES, Shape::PanelSum { item: "economic_item", total: "本年支出合计" },
        "经济分类栏：本年支出合计 = Σ 各类支出", "economic panel: total = Σ classes",
        what: "收支总表支出（经济分类）栏的“本年支出合计”等于各经济分类类级支出之和（每个资金列）。",
        why: "经济分类各类支出是对同一笔支出的完整划分。",
        example: "301 914.16 + 302 212.44 + 303 83.58 + 399 2,717.80 = 3,927.98，合计却印 3,927.97 以外的数。"),
    identity!("YS-I004", BOTH_SUMMARIES, Shape::FooterSum { item: "income_item", total: "收入总计", parts: &["本年收入合计", "上年结转"] },
        "收入总计 = 本年收入合计 + 上年结转", "income grand total = this year's income + carry-over",
        what: "收入总计等于本年收入合计加上年结转（结余）。",
        why: "上年结转是收入总计的另一部分；漏加或多加都会使总计失真。",
        example: "本年收入合计 3,927.98，上年结转 100.00，收入总计却印 3,927.98。"),
    identity!("YS-I005", BOTH_SUMMARIES, Shape::FooterSum { item: "functional_item", total: "支出总计", parts: &["本年支出合计", "结转下年"] },
        "支出总计 = 本年支出合计 + 结转下年", "expenditure grand total = this year's spending + carry-forward",
        what: "支出栏的支出总计等于本年支出合计加结转下年。",
        why: "结转下年是支出总计的另一部分。",
        example: "本年支出合计 3,927.98，结转下年为空，支出总计却印 4,000.00。"),
    identity!("YS-I006", BOTH_SUMMARIES, Shape::CrossPanel { a_item: "income_item", a: "收入总计", b_item: "functional_item", b: "支出总计" },
        "收入总计 = 支出总计", "income grand total = expenditure grand total",
        what: "收支总表的收入总计等于支出总计（财政拨款收支总表：等于各资金列支出总计之和）。",
        why: "部门预算收支平衡，是预算编制的基本要求。",
        example: "收入总计 3,927.98，支出总计 3,900.00。"),
    identity!("YS-I007", BOTH_SUMMARIES, Shape::CrossPanel { a_item: "functional_item", a: "本年支出合计", b_item: "economic_item", b: "本年支出合计" },
        "功能分类合计 = 经济分类合计", "functional total = economic total",
        what: "同一张收支总表中，按功能分类的本年支出合计等于按经济分类的本年支出合计（每个资金列）。",
        why: "功能分类与经济分类是对同一笔支出的两种划分，总额必须相同。",
        example: "功能分类合计 3,927.98，经济分类合计 3,917.98（漏列一个经济科目）。"),
    identity!("YS-I008", &["income_by_function"], Shape::RowSum { total: "total", parts: &["general_budget", "gov_fund", "state_capital", "appropriation", "operations", "superior_grant", "subsidiary_remit", "business", "other", "carry_over"] },
        "收入总表：总计 = Σ 各收入来源", "income table: row total = Σ sources",
        what: "收入预算总表每一行的“总计”等于该行各收入来源列之和。",
        why: WHY_SUM,
        example: "2010302 行总计 184.00，一般公共预算财政拨款收入 180.00，其他列为空。"),
    identity!("YS-I009", &["income_by_function"], Shape::Hierarchy,
        "收入总表：上级科目 = Σ 下级科目", "income table: parent = Σ children",
        what: "收入预算总表中每个类、款级科目的各列金额等于其直接下级科目之和。",
        why: "类、款金额由项级汇总而来；对不上说明漏列了下级科目或金额填错。",
        example: "20103 883.46，但其下 2010301 630.46 + 2010302 184.00 + 2010399 69.00 = 883.46 以外的数。"),
    identity!("YS-I010", &["income_by_function"], Shape::TotalOfTop,
        "收入总表：合计 = Σ 类", "income table: total = Σ classes",
        what: "收入预算总表“合计”行的各列等于各类级科目之和。",
        why: WHY_SUM,
        example: "合计 3,927.98，各类之和 3,928.98。"),
    identity!("YS-I011", &["expenditure_by_function"], Shape::RowSum { total: "total", parts: &["basic", "project", "remit", "subsidiary", "business", "carry_forward"] },
        "支出总表：总计 = 基本 + 项目 + …", "expenditure table: total = basic + project + …",
        what: "支出预算总表每一行的“总计”等于基本支出、项目支出、上缴上级、对附属单位补助、经营支出、结转下年之和。",
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
    identity!("YS-I017", &["general_budget_by_function"], Shape::Hierarchy,
        "一般公共预算支出表：上级科目 = Σ 下级科目", "general budget table: parent = Σ children",
        what: "一般公共预算支出表中每个类、款级科目的各列金额等于其直接下级科目之和。",
        why: "类、款金额由项级汇总而来。",
        example: "21011 73.09，其下 2101101 28.58 + 2101103 44.15。"),
    identity!("YS-I018", &["general_budget_by_function"], Shape::TotalOfTop,
        "一般公共预算支出表：合计 = Σ 类", "general budget table: total = Σ classes",
        what: "一般公共预算支出表“合计”行的各列等于各类级科目之和。",
        why: WHY_SUM,
        example: "合计 3,927.98，各类之和 3,927.88。"),
    identity!("YS-I019", &["general_budget_basic_by_economic"], Shape::RowSum { total: "total", parts: &["personnel", "public"] },
        "基本支出表：小计 = 人员经费 + 公用经费", "basic expenditure table: subtotal = personnel + public",
        what: "一般公共预算基本支出表每一行的“小计”等于人员经费加公用经费。",
        why: "基本支出只分人员经费和公用经费两部分。",
        example: "合计 1,050.18，人员经费 928.74，公用经费 112.44。"),
    identity!("YS-I020", &["general_budget_basic_by_economic"], Shape::Hierarchy,
        "基本支出表：类 = Σ 款", "basic expenditure table: class = Σ items",
        what: "一般公共预算基本支出表中每个经济分类类级科目等于其下各款之和。",
        why: "类级金额由款级汇总而来。",
        example: "302 121.44，其下各款之和 120.44。"),
    identity!("YS-I021", &["general_budget_basic_by_economic"], Shape::TotalOfTop,
        "基本支出表：合计 = Σ 类", "basic expenditure table: total = Σ classes",
        what: "一般公共预算基本支出表“合计”行等于各经济分类类级科目之和。",
        why: WHY_SUM,
        example: "合计 1,050.18，301 + 302 + 303 = 1,050.81。"),
    identity!("YS-I022", &["three_public"], Shape::RowSum { total: "total", parts: &["abroad", "vehicles", "reception"] },
        "“三公”：合计 = 出国 + 公务用车 + 接待", "three public: total = abroad + vehicles + reception",
        what: "“三公”经费表每一行的合计等于因公出国（境）费、公务用车购置及运行维护费、公务接待费之和。",
        why: "“三公”经费的定义就是这三项之和。",
        example: "合计 10.98，公务用车 10.00，公务接待 0.89。"),
    identity!("YS-I023", &["three_public"], Shape::RowSum { total: "vehicles", parts: &["vehicle_purchase", "vehicle_running"] },
        "“三公”：公务用车 = 购置 + 运行维护", "three public: vehicles = purchase + running",
        what: "公务用车购置及运行维护费小计等于公务用车购置费加公务用车运行维护费。",
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
    identity!("YS-I029", BOTH_SUMMARIES, Shape::FooterSum { item: "economic_item", total: "支出总计", parts: &["本年支出合计", "结转下年"] },
        "经济分类栏：支出总计 = 本年支出合计 + 结转下年", "economic panel: grand total = this year's spending + carry-forward",
        what: "收支总表支出（经济分类）栏的支出总计等于本年支出合计加结转下年。",
        why: "结转下年是支出总计的另一部分；两个支出栏各自都要成立。",
        example: "经济分类栏本年支出合计 3,927.98，结转下年为空，支出总计却印 3,929.98。"),
    identity!("YS-I030", BOTH_SUMMARIES, Shape::CrossPanel { a_item: "income_item", a: "收入总计", b_item: "economic_item", b: "支出总计" },
        "收入总计 = 经济分类支出总计", "income grand total = economic grand total",
        what: "收支总表的收入总计等于经济分类栏的支出总计（财政拨款收支总表：等于各资金列之和）。",
        why: "收支平衡对两个支出栏都成立；只核对功能分类栏会漏掉经济分类栏的错误。",
        example: "收入总计 3,927.98，经济分类栏支出总计 3,928.98。"),
];
