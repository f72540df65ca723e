//! Rules: classification codes and names (YS-C…; see rules/mod.rs for the id scheme).
//!
//! Codes are read where a table prints them: the code column of a row
//! (`row.code`, with the name in the `name` column) or the start of a summary
//! label (`201 一般公共服务支出` in the `functional_item` / `economic_item`
//! panels). Facts (line items, procurement, purchased services) are checked
//! by their own rules, and table rules skip codes that come straight from the
//! facts, so that one cause gives one finding.
//!
//! Catalog severity: the embedded catalogs are partial (see `catalog/SOURCES.md`),
//! so a code they lack is only a 提示 and a differing name only a 警告; with a
//! complete official catalog of the scheme (`Catalog::is_complete`) both are errors.

use std::collections::BTreeMap;

use yusuan_model::view::{Cell, ColumnKind, Table};
use yusuan_model::{Code, ExpenseKind, Level, Origin, Scheme};

use crate::finding::{Evidence, Location, Msg, Severity};
use crate::input::{Input, cell_location};
use crate::rule::{Need, Out, Rule};

// ---- Where codes are printed ---------------------------------------------------

/// Roles of tables that print classification codes.
const CODED_ROLES: &[&str] = &[
    "summary",
    "appropriation_summary",
    "income_by_function",
    "expenditure_by_function",
    "projects",
    "general_budget_by_function",
    "general_budget_basic_by_economic",
    "three_public",
    "gov_fund",
    "procurement",
    "purchased_services",
];
/// Tables that list a classification as a tree (类 → 款 → 项 rows).
const HIERARCHY_ROLES: &[&str] = &[
    "income_by_function",
    "expenditure_by_function",
    "general_budget_by_function",
    "general_budget_basic_by_economic",
];
/// Tables whose rows are line-level groups, each with a functional 项.
const FLAT_ROLES: &[&str] = &["projects", "three_public", "gov_fund", "procurement", "purchased_services"];
const SUMMARY_ROLES: &[&str] = &["summary", "appropriation_summary"];

/// What kind of list a code is printed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Context {
    /// A summary panel: 类 only.
    Summary,
    /// A 类 / 款 / 项 tree.
    Hierarchy,
    /// Rows of projects, 三公 units, procurement items …: functional 项 only.
    Flat,
    /// A table of a role this module does not know.
    Other,
}

/// A code printed in a table.
struct Printed<'t> {
    table: &'t Table,
    row: usize,
    /// Column of the code (or of the summary label holding it).
    col: usize,
    /// Column of the name (the label column for summary labels).
    name_col: usize,
    scheme: Scheme,
    context: Context,
    /// The code as printed.
    text: String,
    /// The name printed with it, trimmed; empty when none.
    name: String,
}

impl Printed<'_> {
    fn code(&self) -> Option<Code> {
        Code::parse(&self.text, self.scheme)
    }
    fn location(&self) -> Location {
        cell_location(self.table, self.row, self.col)
    }
    fn name_location(&self) -> Location {
        cell_location(self.table, self.row, self.name_col)
    }
    fn evidence(&self) -> Evidence {
        let quote = if self.name.is_empty() { self.text.clone() } else { format!("{} {}", self.text, self.name) };
        Evidence { location: self.location(), quote }
    }
}

fn cell_text(t: &Table, row: usize, col: usize) -> &str {
    match t.rows.get(row).and_then(|r| r.cells.get(col)) {
        Some(Cell::Text(s)) => s.trim(),
        _ => "",
    }
}

/// `201 一般公共服务支出` → (`201`, `一般公共服务支出`); a label that does not start
/// with a code of 3 to 7 digits (`一、…`, `2022年…`, `本年支出合计`) → none.
fn split_label(label: &str) -> Option<(String, String)> {
    let t = label.trim();
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    if !(3..=7).contains(&digits) {
        return None;
    }
    let rest = &t[digits..];
    if rest.starts_with(['年', '.', '%', ',', '-']) {
        return None;
    }
    Some((t[..digits].to_owned(), rest.trim().to_owned()))
}

fn table_scheme(t: &Table) -> Scheme {
    let code_col = t.columns.iter().find(|c| c.kind == ColumnKind::Code);
    if t.role.contains("economic") || code_col.is_some_and(|c| c.label.contains("经济")) {
        Scheme::Economic
    } else {
        Scheme::Functional
    }
}

fn context(t: &Table) -> Context {
    let role = t.role.as_str();
    if SUMMARY_ROLES.contains(&role) {
        Context::Summary
    } else if HIERARCHY_ROLES.contains(&role) {
        Context::Hierarchy
    } else if FLAT_ROLES.contains(&role) {
        Context::Flat
    } else {
        Context::Other
    }
}

/// Every code printed in the tables, in table and row order.
fn printed<'t>(input: &'t Input) -> Vec<Printed<'t>> {
    let mut out = Vec::new();
    for t in &input.tables {
        let ctx = context(t);
        // Summary panels: codes at the start of the item labels.
        let panels: Vec<(usize, Scheme)> = t
            .columns
            .iter()
            .enumerate()
            .filter_map(|(i, c)| match c.key.as_str() {
                "functional_item" => Some((i, Scheme::Functional)),
                "economic_item" => Some((i, Scheme::Economic)),
                _ => None,
            })
            .collect();
        if !panels.is_empty() {
            for row in 0..t.rows.len() {
                for &(col, scheme) in &panels {
                    if let Some((text, name)) = split_label(cell_text(t, row, col)) {
                        let context = if ctx == Context::Other { Context::Summary } else { ctx };
                        out.push(Printed { table: t, row, col, name_col: col, scheme, context, text, name });
                    }
                }
            }
            continue;
        }
        let Some(code_col) = t.columns.iter().position(|c| c.kind == ColumnKind::Code) else { continue };
        let name_col = t
            .column_index("name")
            .or_else(|| t.columns.iter().position(|c| c.label.contains("科目名称")))
            .unwrap_or(code_col);
        let scheme = table_scheme(t);
        for (row, r) in t.rows.iter().enumerate() {
            let Some(text) = r.code.as_deref().map(str::trim).filter(|c| !c.is_empty()) else { continue };
            let name = if name_col == code_col { String::new() } else { cell_text(t, row, name_col).to_owned() };
            out.push(Printed {
                table: t,
                row,
                col: code_col,
                name_col,
                scheme,
                context: ctx,
                text: text.to_owned(),
                name,
            });
        }
    }
    out
}

/// A name as compared: without whitespace, with half-width parentheses as full-width.
fn normalize(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '(' => '（',
            ')' => '）',
            c => c,
        })
        .collect()
}

/// The class digit a scheme's codes start with: functional 2xx, economic (department) 3xx.
fn wrong_scheme(scheme: Scheme, text: &str) -> bool {
    match scheme {
        Scheme::Functional => text.starts_with(['3', '5']),
        Scheme::Economic => text.starts_with('2'),
        _ => false,
    }
}

/// Codes of the facts: (scheme, code) of line items, procurement and purchased services.
fn fact_codes(input: &Input) -> Vec<(Scheme, Code)> {
    if !input.has(Need::LineItems) {
        return Vec::new();
    }
    let b = input.budget();
    let mut v: Vec<(Scheme, Code)> = Vec::new();
    for l in &b.line_items {
        v.push((Scheme::Functional, l.functional.code()));
        v.push((Scheme::Economic, l.economic.code()));
    }
    v.extend(b.procurement.iter().map(|p| (Scheme::Functional, p.functional.code())));
    v.extend(b.purchased_services.iter().map(|p| (Scheme::Functional, p.functional.code())));
    v.sort();
    v.dedup();
    v
}

fn catalog_severity(input: &Input, scheme: Scheme) -> Severity {
    if input.catalog.is_complete(scheme) { Severity::Error } else { Severity::Info }
}

/// Sets the severity of the finding just reported (the catalog decides it).
fn set_last_severity(out: &mut Out, s: Severity) {
    if let Some(f) = out.findings.last_mut() {
        f.severity = s;
    }
}

fn scheme_zh(s: Scheme) -> &'static str {
    s.label()
}

fn scheme_en(s: Scheme) -> &'static str {
    match s {
        Scheme::Functional => "functional",
        Scheme::Economic => "economic",
        Scheme::GovEconomic => "government economic",
        Scheme::Revenue => "revenue",
    }
}

fn file_of(input: &Input, origin: &Origin, default: &str) -> Location {
    if origin.file.is_empty() {
        input.file_location(default, 0)
    } else {
        input.file_location(&origin.file, origin.line)
    }
}

fn level_zh(len: usize) -> &'static str {
    match len {
        3 => "类",
        5 => "款",
        7 => "项",
        _ => "无效",
    }
}

// ---- YS-C001 --------------------------------------------------------------------

crate::rule_info!(C001, "YS-C001", Info, Classification,
    "表中科目编码不在科目目录中", "code printed in a table is not in the catalog",
    what: "公开表打印的功能分类、经济分类科目编码（编码列，或收支总表中“201 一般公共服务支出”式标签开头的编码）在科目目录中查不到。内置目录不完整，此时为提示；载入某年完整的官方目录后为错误。直接来自支出明细行的编码由 YS-C009 报告，这里不重复。",
    why: "科目编码由财政部《政府收支分类科目》逐年规定；目录中没有的编码可能是录入错误、已废止或新增科目，需要核对。目录不全时无法断定对错，只能提示人工核对。",
    example: "《支出预算总表》印“2010350 行政运行”，而目录中 20103 款下没有 2010350。",
    needs: [Need::AnyTable(CODED_ROLES)]);

fn unknown_code(input: &Input, out: &mut Out) {
    let facts = fact_codes(input);
    let mut by_code: BTreeMap<(Scheme, Code), Vec<&Printed>> = BTreeMap::new();
    let all = printed(input);
    for p in &all {
        let Some(code) = p.code() else { continue };
        if wrong_scheme(p.scheme, &p.text) || facts.contains(&(p.scheme, code)) {
            continue;
        }
        if input.catalog.get(p.scheme, code).is_none() {
            by_code.entry((p.scheme, code)).or_default().push(p);
        }
    }
    for ((scheme, code), ps) in by_code {
        let first = ps[0];
        let msg = Msg::new(
            format!("科目编码 {} 不在{}目录中（共出现 {} 处），请核对编码", code.as_str(), scheme_zh(scheme), ps.len()),
            format!(
                "code {} is not in the {} catalog ({} occurrence(s)); check the code",
                code.as_str(),
                scheme_en(scheme),
                ps.len()
            ),
        );
        out.report(first.location(), msg).actual(code.as_str()).evidences(ps.iter().map(|p| p.evidence()));
        set_last_severity(out, catalog_severity(input, scheme));
    }
}

rule!(UnknownCode, C001, unknown_code);

// ---- YS-C002 --------------------------------------------------------------------

crate::rule_info!(C002, "YS-C002", Warning, Classification,
    "科目名称与目录不符", "code printed with a name other than the catalog's",
    what: "表中某科目编码所印名称（全文各处一致时）与科目目录中的名称不同。内置目录不完整且来源年份不一，故为警告；载入当年完整官方目录后为错误。文件年度已知且所印名称是该科目在当年使用的旧名称（如 2019 年及以前的“20805 行政事业单位离退休”）时不报告。仅在目录名称后加全角括号注明的本地变体（如“行政运行（政府办公厅）”）为提示。同一编码在文中印成不同名称的情形由 YS-C003 报告。比较时忽略空白，半角括号视同全角。",
    why: "科目名称由编码唯一确定；名称与目录不符，说明编码或名称有一个填错，或沿用了已修订的旧名称。",
    example: "目录中 222 为“粮油物资储备支出”，表中各处均印“粮油物资管理支出”。",
    needs: [Need::AnyTable(CODED_ROLES)]);

/// The distinct names (normalised) of one code, each with where it is printed.
type Names<'a, 't> = Vec<(String, Vec<&'a Printed<'t>>)>;

/// The distinct printed names of each code, in order of first appearance.
fn names_by_code<'a, 't>(all: &'a [Printed<'t>]) -> BTreeMap<(Scheme, Code), Names<'a, 't>> {
    let mut m: BTreeMap<(Scheme, Code), Names> = BTreeMap::new();
    for p in all {
        let Some(code) = p.code() else { continue };
        if p.name.is_empty() || wrong_scheme(p.scheme, &p.text) {
            continue;
        }
        let n = normalize(&p.name);
        let names = m.entry((p.scheme, code)).or_default();
        match names.iter_mut().find(|(k, _)| *k == n) {
            Some((_, v)) => v.push(p),
            None => names.push((n, vec![p])),
        }
    }
    m
}

/// `行政运行（政府办公厅）` is a local variant of `行政运行`.
fn local_variant(printed: &str, catalog: &str) -> bool {
    printed.strip_prefix(catalog).is_some_and(|rest| rest.len() > 2 && rest.starts_with('（') && rest.ends_with('）'))
}

/// Names a code had before the catalog's (the embedded catalogs reflect
/// 2020–2025): scheme, code, former name, last year it was in force. Seen in
/// the official 2018–2019 Jiangsu budgets (corpus 013–022), which print 20805
/// as 行政事业单位离退休; the 2023–2025 catalogs name it 行政事业单位养老支出.
const FORMER_NAMES: &[(Scheme, &str, &str, i32)] = &[(Scheme::Functional, "20805", "行政事业单位离退休", 2019)];

/// Whether `name` is the name `code` had in `year`, before the catalog's.
fn former_name(scheme: Scheme, code: Code, name: &str, year: Option<i32>) -> bool {
    let Some(year) = year else { return false };
    FORMER_NAMES
        .iter()
        .any(|(s, c, n, until)| *s == scheme && *c == code.as_str() && normalize(n) == name && year <= *until)
}

fn name_differs(input: &Input, out: &mut Out) {
    let all = printed(input);
    for ((scheme, code), names) in names_by_code(&all) {
        let [(name, ps)] = &names[..] else { continue };
        let Some(cat) = input.catalog.name(scheme, code) else { continue };
        let cat_n = normalize(cat);
        if *name == cat_n || former_name(scheme, code, name, input.year) {
            continue;
        }
        let severity = if local_variant(name, &cat_n) {
            Severity::Info
        } else if input.catalog.is_complete(scheme) {
            Severity::Error
        } else {
            Severity::Warning
        };
        let first = ps[0];
        let msg = if severity == Severity::Info {
            Msg::new(
                format!("科目 {} 印作“{}”，是目录名称“{cat}”加括号注明的本地写法", code.as_str(), first.name),
                format!(
                    "code {} is printed “{}”, the catalog name “{cat}” with a local suffix",
                    code.as_str(),
                    first.name
                ),
            )
        } else {
            Msg::new(
                format!("科目 {} 印作“{}”，{}目录中为“{cat}”", code.as_str(), first.name, scheme_zh(scheme)),
                format!(
                    "code {} is printed “{}”; the {} catalog names it “{cat}”",
                    code.as_str(),
                    first.name,
                    scheme_en(scheme)
                ),
            )
        };
        out.report(first.name_location(), msg)
            .expected(cat)
            .actual(first.name.clone())
            .evidences(ps.iter().map(|p| p.evidence()));
        set_last_severity(out, severity);
    }
}

rule!(NameDiffers, C002, name_differs);

// ---- YS-C003 --------------------------------------------------------------------

crate::rule_info!(C003, "YS-C003", Error, Classification,
    "同一科目在文中印成不同名称", "same code printed with different names",
    what: "同一科目编码在同一份公开文件的不同表（或同一表的不同行）中印成不同的名称。比较时忽略空白，半角括号视同全角。",
    why: "一个编码只有一个名称；同一文件前后不一，至少有一处是错的，读者也无法确定指的是不是同一科目。",
    example: "公开表1印“222 粮油物资储备支出”，公开表5印“222 粮油物资管理支出”；公开表1印“201 一般公共服务支出”，公开表2印“201 一般公共服务”。",
    needs: [Need::AnyTable(CODED_ROLES)]);

fn inconsistent_names(input: &Input, out: &mut Out) {
    let all = printed(input);
    for ((scheme, code), names) in names_by_code(&all) {
        if names.len() < 2 {
            continue;
        }
        let cat = input.catalog.name(scheme, code).map(normalize);
        // Report at the first name that is not the catalog's (else at the second name).
        let at = match &cat {
            Some(c) if names.iter().any(|(n, _)| n == c) => names.iter().position(|(n, _)| n != c).unwrap_or(1),
            _ => 1,
        };
        let first = names[at].1[0];
        let list_zh: Vec<String> = names
            .iter()
            .map(|(_, ps)| {
                let mut titles: Vec<&str> = ps.iter().map(|p| p.table.title.as_str()).collect();
                titles.dedup();
                format!("“{}”（{}）", ps[0].name, titles.iter().map(|t| format!("《{t}》")).collect::<String>())
            })
            .collect();
        let list_en: Vec<String> = names.iter().map(|(_, ps)| format!("“{}”", ps[0].name)).collect();
        let cat_zh = cat.as_ref().map_or(String::new(), |_| {
            format!("；目录名称为“{}”", input.catalog.name(scheme, code).unwrap_or_default())
        });
        let msg = Msg::new(
            format!("科目 {} 在文中印成 {} 个不同名称：{}{cat_zh}", code.as_str(), names.len(), list_zh.join("、")),
            format!("code {} is printed with {} different names: {}", code.as_str(), names.len(), list_en.join(", ")),
        );
        let b = out.report(first.name_location(), msg).actual(first.name.clone());
        let b = match input.catalog.name(scheme, code) {
            Some(c) => b.expected(c),
            None => b,
        };
        b.evidences(names.iter().map(|(_, ps)| ps[0].evidence()));
    }
}

rule!(InconsistentNames, C003, inconsistent_names);

// ---- YS-C004 --------------------------------------------------------------------

crate::rule_info!(C004, "YS-C004", Error, Classification,
    "款、项科目缺少上级科目行", "款 / 项 row without its parent row",
    what: "按类、款、项分级列示的表（收入预算总表、支出预算总表、一般公共预算支出表、基本支出表等，或任何同时列有两级以上编码的表）中，某个款或项科目的上级款、类科目行没有列出。",
    why: "分级表的类、款行是其下级科目的合计；缺少上级行，该部分支出就没有进入上级合计，表内“上级 = Σ 下级”也无从核对。",
    example: "《一般公共预算支出表》列有 2010301 行政运行，却没有 20103 政府办公厅（室）及相关机构事务行。",
    needs: [Need::AnyTable(CODED_ROLES)]);

fn missing_parent(input: &Input, out: &mut Out) {
    let all = printed(input);
    for t in &input.tables {
        let rows: Vec<&Printed> = all
            .iter()
            .filter(|p| std::ptr::eq(p.table, t) && matches!(p.context, Context::Hierarchy | Context::Other))
            .collect();
        let codes: Vec<Code> = rows.iter().filter_map(|p| p.code()).collect();
        let mut levels: Vec<Level> = codes.iter().map(Code::level).collect();
        levels.sort();
        levels.dedup();
        if levels.len() < 2 {
            continue;
        }
        for p in &rows {
            let Some(code) = p.code() else { continue };
            let Some(parent) = code.parent() else { continue };
            if codes.contains(&parent) {
                continue;
            }
            let msg = Msg::new(
                format!(
                    "{}级科目 {} 的上级{}级科目 {} 没有列出",
                    code.level().label(),
                    code.as_str(),
                    parent.level().label(),
                    parent.as_str()
                ),
                format!("the parent row {} of code {} is missing", parent.as_str(), code.as_str()),
            );
            out.report(p.location(), msg).expected(parent.as_str()).evidence(p.location(), p.evidence().quote);
        }
    }
}

rule!(MissingParent, C004, missing_parent);

// ---- YS-C005 --------------------------------------------------------------------

crate::rule_info!(C005, "YS-C005", Error, Classification,
    "科目级次与表格不符", "code level does not fit the table",
    what: "编码的位数不是该表应列的级次：收支总表各栏只列类级（3 位）；经济分类表只有类、款（3、5 位），出现 7 位编码即错；项目表、“三公”表、政府性基金表、采购表、购买服务表按功能分类项级（7 位）列示；任何表中 3、5、7 位以外的编码都无效。",
    why: "表的口径由级次决定；级次不符的编码要么是录错了位数，要么是把另一种分类的编码填进了本表，合计和勾稽都会失真。",
    example: "《一般公共预算基本支出表》（经济分类）中出现 2010301；《项目支出预算表》某项目的功能科目印成款级 20103。",
    needs: [Need::AnyTable(CODED_ROLES)]);

fn level_mismatch(input: &Input, out: &mut Out) {
    for p in printed(input) {
        let len = p.text.len();
        let digits = p.text.bytes().all(|b| b.is_ascii_digit());
        let allowed: &[usize] = match (p.context, p.scheme) {
            (Context::Summary, _) => &[3],
            (_, Scheme::Economic) | (_, Scheme::GovEconomic) => &[3, 5],
            (Context::Flat, _) => &[7],
            _ => &[3, 5, 7],
        };
        if digits && allowed.contains(&len) {
            continue;
        }
        let want: Vec<String> = allowed.iter().map(|l| format!("{l} 位（{}）", level_zh(*l))).collect();
        let msg = Msg::new(
            format!(
                "《{}》中的编码 {} 为 {len} 位（{}），本表{}只应列 {}",
                p.table.title,
                p.text,
                level_zh(len),
                scheme_zh(p.scheme),
                want.join("、")
            ),
            format!(
                "code {} has {len} digits; this table lists {} codes of {} digits only",
                p.text,
                scheme_en(p.scheme),
                allowed.iter().map(usize::to_string).collect::<Vec<_>>().join("/")
            ),
        );
        out.report(p.location(), msg).actual(p.text.clone()).evidence(p.location(), p.evidence().quote);
    }
}

rule!(LevelMismatch, C005, level_mismatch);

// ---- YS-C006 --------------------------------------------------------------------

crate::rule_info!(C006, "YS-C006", Warning, Classification,
    "支出明细的功能科目未细化到项", "line item's functional code is not a 项",
    what: "支出明细行（事实）的功能分类科目应为项级（7 位）；只填到类或款的，按编码分组提示。",
    why: "部门预算按功能分类编到项级，公开表 3、6 须列到项；明细只到款，派生的表就缺少项级行，也无法与年度目录逐项对照。",
    example: "line_items.csv 中一行 functional = 20103（款），应为 2010301 等项级科目。",
    needs: [Need::LineItems]);

fn functional_not_item(input: &Input, out: &mut Out) {
    let b = input.budget();
    let mut groups: BTreeMap<Code, Vec<&yusuan_model::LineItem>> = BTreeMap::new();
    for l in b.line_items.iter().filter(|l| l.functional.level() != Level::Item) {
        groups.entry(l.functional.code()).or_default().push(l);
    }
    for (code, ls) in groups {
        let first = ls[0];
        let msg = Msg::new(
            format!(
                "{} 行支出明细的功能科目 {} 为{}级，应细化到项级（7 位）",
                ls.len(),
                code.as_str(),
                code.level().label()
            ),
            format!("{} line item(s) carry functional code {}, not a 项 (7 digits)", ls.len(), code.as_str()),
        );
        out.report(file_of(input, &first.origin, "line_items.csv"), msg).actual(code.as_str()).evidences(
            ls.iter().map(|l| Evidence {
                location: file_of(input, &l.origin, "line_items.csv"),
                quote: format!("{},{},{}", l.functional, l.economic, l.kind),
            }),
        );
    }
}

rule!(FunctionalNotItem, C006, functional_not_item);

// ---- YS-C007 --------------------------------------------------------------------

crate::rule_info!(C007, "YS-C007", Warning, Classification,
    "基本支出明细的经济科目未细化到款", "basic line item's economic code is not a 款",
    what: "人员经费、公用经费明细行的部门预算经济分类科目应为款级（5 位）；只填类级的，按编码分组提示。项目支出明细可只到类（公开表只公开到类）。",
    why: "公开表 7（一般公共预算基本支出表）按经济分类款级列示；基本支出只到类，就派生不出款级行。",
    example: "line_items.csv 中一行 人员 经费 economic = 301，应为 30101 基本工资等款级科目。",
    needs: [Need::LineItems]);

fn basic_not_section(input: &Input, out: &mut Out) {
    let b = input.budget();
    let mut groups: BTreeMap<(Code, &str), Vec<&yusuan_model::LineItem>> = BTreeMap::new();
    for l in b.line_items.iter().filter(|l| l.kind.is_basic() && l.economic.level() == Level::Class) {
        groups.entry((l.economic.code(), l.kind.label())).or_default().push(l);
    }
    for ((code, kind), ls) in groups {
        let msg = Msg::new(
            format!("{} 行{}经费明细的经济科目 {} 只到类级，应细化到款级（5 位）", ls.len(), kind, code.as_str()),
            format!(
                "{} basic ({kind}) line item(s) carry economic class {}, not a 款 (5 digits)",
                ls.len(),
                code.as_str()
            ),
        );
        out.report(file_of(input, &ls[0].origin, "line_items.csv"), msg).actual(code.as_str()).evidences(
            ls.iter().map(|l| Evidence {
                location: file_of(input, &l.origin, "line_items.csv"),
                quote: format!("{},{},{}", l.functional, l.economic, l.kind),
            }),
        );
    }
}

rule!(BasicNotSection, C007, basic_not_section);

// ---- YS-C008 --------------------------------------------------------------------

crate::rule_info!(C008, "YS-C008", Warning, Classification,
    "人员/公用经费与经济分类不匹配", "personnel / public kind does not fit the economic class",
    what: "人员经费明细应使用经济分类 301 工资福利支出或 303 对个人和家庭的补助；公用经费明细应使用 302 商品和服务支出（及 309、310 等资本性支出），不应使用 301、303。",
    why: "人员经费与公用经费按经济性质划分，公开表 7 的“人员经费”“公用经费”两列和机关运行经费都由此计算；错配会使两列和机关运行经费同时失真。",
    example: "一行“人员”经费记在 30201 办公费；或一行“公用”经费记在 30101 基本工资。",
    needs: [Need::LineItems]);

fn kind_mismatch(input: &Input, out: &mut Out) {
    let b = input.budget();
    let mut groups: BTreeMap<(&str, Code), Vec<&yusuan_model::LineItem>> = BTreeMap::new();
    for l in &b.line_items {
        let class = l.economic.class();
        let personal = matches!(class.as_str(), "301" | "303");
        let bad = match l.kind {
            ExpenseKind::Personnel => !personal,
            ExpenseKind::Public => personal,
            ExpenseKind::Project => false,
        };
        if bad {
            groups.entry((l.kind.label(), l.economic.code())).or_default().push(l);
        }
    }
    for ((kind, code), ls) in groups {
        let want_zh = if kind == "人员" { "301 或 303" } else { "302、309、310 等（不应为 301、303）" };
        let msg = Msg::new(
            format!("{} 行{}经费明细记在经济科目 {}，{}经费应使用 {want_zh}", ls.len(), kind, code.as_str(), kind),
            format!(
                "{} {kind} line item(s) use economic code {}, which does not fit that kind",
                ls.len(),
                code.as_str()
            ),
        );
        out.report(file_of(input, &ls[0].origin, "line_items.csv"), msg).actual(code.as_str()).evidences(
            ls.iter().map(|l| Evidence {
                location: file_of(input, &l.origin, "line_items.csv"),
                quote: format!("{},{},{},{}", l.functional, l.economic, l.kind, l.amount),
            }),
        );
    }
}

rule!(KindMismatch, C008, kind_mismatch);

// ---- YS-C009 --------------------------------------------------------------------

crate::rule_info!(C009, "YS-C009", Info, Classification,
    "支出明细科目不在科目目录中", "code of a line item is not in the catalog",
    what: "支出明细、政府采购、政府购买服务（事实）所用的功能、经济分类科目在科目目录（内置目录加包内 catalogs 文件）中查不到。内置目录不完整，此时为提示；载入完整官方目录后为错误。",
    why: "派生的公开表按目录取科目名称；目录中没有的编码印出来没有名称，也可能是录入错误。",
    example: "line_items.csv 中 functional = 2010350，目录和包内 codes.csv 都没有这个编码。",
    needs: [Need::LineItems]);

fn line_code_unknown(input: &Input, out: &mut Out) {
    let b = input.budget();
    let mut groups: BTreeMap<(Scheme, Code), Vec<(Location, String)>> = BTreeMap::new();
    let mut add = |scheme: Scheme, code: Code, loc: Location, quote: String| {
        if !wrong_scheme(scheme, code.as_str()) && input.catalog.get(scheme, code).is_none() {
            groups.entry((scheme, code)).or_default().push((loc, quote));
        }
    };
    for l in &b.line_items {
        let loc = || file_of(input, &l.origin, "line_items.csv");
        let quote = format!("{},{},{}", l.functional, l.economic, l.kind);
        add(Scheme::Functional, l.functional.code(), loc(), quote.clone());
        add(Scheme::Economic, l.economic.code(), loc(), quote);
    }
    for p in &b.procurement {
        add(Scheme::Functional, p.functional.code(), file_of(input, &p.origin, "procurement.csv"), p.item.clone());
    }
    for p in &b.purchased_services {
        let loc = file_of(input, &p.origin, "purchased_services.csv");
        add(Scheme::Functional, p.functional.code(), loc, p.content.clone());
    }
    for ((scheme, code), ls) in groups {
        let msg = Msg::new(
            format!(
                "明细所用科目 {} 不在{}目录中（{} 行），请核对或在包的 catalogs 中补充名称",
                code.as_str(),
                scheme_zh(scheme),
                ls.len()
            ),
            format!(
                "code {} used by {} fact row(s) is not in the {} catalog; check it or name it in the package's catalogs",
                code.as_str(),
                ls.len(),
                scheme_en(scheme)
            ),
        );
        out.report(ls[0].0.clone(), msg)
            .actual(code.as_str())
            .evidences(ls.into_iter().map(|(location, quote)| Evidence { location, quote }));
        set_last_severity(out, catalog_severity(input, scheme));
    }
}

rule!(LineCodeUnknown, C009, line_code_unknown);

// ---- YS-C010 --------------------------------------------------------------------

crate::rule_info!(C010, "YS-C010", Error, Classification,
    "功能分类与经济分类编码混用", "economic code used as functional or vice versa",
    what: "功能分类的位置（功能科目编码列、收支总表功能分类栏、明细行 functional 字段）出现 3xx / 5xx 经济分类编码，或经济分类的位置出现 2xx 功能分类编码。",
    why: "功能分类（2xx，钱用于什么事）与经济分类（3xx 部门经济分类、5xx 政府经济分类，钱买什么）是两套科目；混用会让两种口径的合计都失真。",
    example: "《支出预算总表》功能科目编码列出现 30201 办公费；明细行 economic = 20103。",
    needs: [Need::AnyTable(CODED_ROLES)]);

fn wrong_scheme_codes(input: &Input, out: &mut Out) {
    // Facts first: their codes (and the ancestors derived from them) are reported once, at the fact.
    let mut from_facts: Vec<(Scheme, Code)> = Vec::new();
    if input.has(Need::LineItems) {
        let b = input.budget();
        for l in &b.line_items {
            for (scheme, code) in [(Scheme::Functional, l.functional.code()), (Scheme::Economic, l.economic.code())] {
                if !wrong_scheme(scheme, code.as_str()) || from_facts.contains(&(scheme, code)) {
                    continue;
                }
                from_facts.push((scheme, code));
                let msg = Msg::new(
                    format!("明细行的{}字段填了 {}，不是{}编码", scheme_zh(scheme), code.as_str(), scheme_zh(scheme)),
                    format!(
                        "the {} field of a line item holds {}, not a {} code",
                        scheme_en(scheme),
                        code.as_str(),
                        scheme_en(scheme)
                    ),
                );
                let loc = file_of(input, &l.origin, "line_items.csv");
                out.report(loc.clone(), msg)
                    .actual(code.as_str())
                    .evidence(loc, format!("{},{},{}", l.functional, l.economic, l.kind));
            }
        }
    }
    let derived = |scheme: Scheme, code: Code| {
        from_facts.iter().any(|(s, c)| *s == scheme && (*c == code || code.is_ancestor_of(c)))
    };
    let mut seen: Vec<(Scheme, String)> = Vec::new();
    for p in printed(input) {
        if !wrong_scheme(p.scheme, &p.text) || seen.contains(&(p.scheme, p.text.clone())) {
            continue;
        }
        if p.code().is_some_and(|c| derived(p.scheme, c)) {
            continue;
        }
        seen.push((p.scheme, p.text.clone()));
        let other = if p.scheme == Scheme::Functional { "经济分类" } else { "功能分类" };
        let msg = Msg::new(
            format!("《{}》的{}位置印了 {}，这是{}编码", p.table.title, scheme_zh(p.scheme), p.text, other),
            format!("{} prints {} where a {} code belongs", p.table.title, p.text, scheme_en(p.scheme)),
        );
        out.report(p.location(), msg).actual(p.text.clone()).evidence(p.location(), p.evidence().quote);
    }
}

rule!(WrongScheme, C010, wrong_scheme_codes);

/// The rules of this module.
pub fn rules() -> Vec<&'static dyn Rule> {
    vec![
        &UnknownCode,
        &NameDiffers,
        &InconsistentNames,
        &MissingParent,
        &LevelMismatch,
        &FunctionalNotItem,
        &BasicNotSection,
        &KindMismatch,
        &LineCodeUnknown,
        &WrongScheme,
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_split_into_code_and_name() {
        assert_eq!(split_label("201 一般公共服务支出"), Some(("201".into(), "一般公共服务支出".into())));
        assert_eq!(split_label("30101基本工资"), Some(("30101".into(), "基本工资".into())));
        assert_eq!(split_label("一、一般公共预算财政拨款收入"), None);
        assert_eq!(split_label("2022年预算"), None);
        assert_eq!(split_label("本年支出合计"), None);
    }

    /// The seed's two naming defects: 222 in 公开表 1 and 5, 201 in 公开表 1 and 2.
    #[test]
    fn seed_name_variants_across_summary_and_tree_tables() {
        let fixture = crate::fixture::Fixture::parse(
            r#"
[[table]]
role = "summary"
title = "公开表1"
columns = ["income_item|收入", "income_amount|预算数", "functional_item|支出（功能）", "functional.amount|预算数"]
rows = [["一、一般公共预算财政拨款收入", "1.00", "201 一般公共服务支出", "1.00"], ["", "", "222 粮油物资储备支出", ""]]

[[table]]
role = "appropriation_summary"
title = "公开表5"
columns = ["income_item|收入", "income_amount|预算数", "functional_item|支出（功能分类）", "functional.general_budget|一般公共预算"]
rows = [["一、一般公共预算财政拨款收入", "1.00", "201 一般公共服务支出", "1.00"], ["", "", "222 粮油物资管理支出", ""]]

[[table]]
role = "income_by_function"
title = "公开表2"
columns = ["code|功能科目编码", "name|功能科目名称", "total|总计"]
rows = [["201", "一般公共服务", "1.00"]]
"#,
        )
        .unwrap();
        let input = fixture.input();
        let report = crate::run_rules(&rules(), &input, &crate::Config::default());
        let ids: Vec<&str> = report.findings.iter().map(|f| f.rule).collect();
        assert_eq!(ids, ["YS-C003", "YS-C003"], "{:#?}", report.findings);
        assert!(report.findings[0].message.zh.contains("201"));
        assert!(report.findings[1].message.zh.contains("粮油物资管理支出"));
    }

    /// The example as a published document checked against the embedded catalog
    /// only: the codes its codes.csv names are unknown (提示, one each), nothing else.
    #[test]
    fn example_as_a_document_has_only_unknown_code_notes() {
        use std::path::Path;
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/jianghan-2022-zhengfuban");
        let p = yusuan_package::load(&dir).unwrap_or_else(|e| panic!("{e}"));
        let t = yusuan_derive::Template::builtin(&p.budget.meta.template).unwrap();
        let d = yusuan_derive::derive(&p.budget, &p.catalog, &t).unwrap();
        let catalog = yusuan_model::Catalog::embedded();
        let mut input = Input::empty(&catalog);
        input.add_document(&d.document);
        let report = crate::run_rules(&rules(), &input, &crate::Config::default());
        let mut codes: Vec<&str> = report.findings.iter().filter_map(|f| f.actual.as_deref()).collect();
        codes.sort();
        assert!(report.findings.iter().all(|f| f.rule == "YS-C001" && f.severity == Severity::Info), "{report:#?}");
        let expected =
            ["20103", "2010301", "2010302", "2010399", "2080599", "2101103", "21305", "2130599", "2210201", "2210202"];
        assert_eq!(codes, expected);
        // Against the package's catalog (embedded + codes.csv) the same document is clean.
        let mut input = Input::empty(&p.catalog);
        input.add_document(&d.document);
        assert!(crate::run_rules(&rules(), &input, &crate::Config::default()).findings.is_empty());
    }

    #[test]
    fn local_variants_are_bracketed_suffixes() {
        assert!(local_variant(&normalize("行政运行（政府办公厅）"), "行政运行"));
        assert!(local_variant(&normalize("行政运行(政府办公厅)"), "行政运行"));
        assert!(!local_variant("一般公共服务", "一般公共服务支出"));
        assert!(!local_variant("行政运行费", "行政运行"));
    }
}
