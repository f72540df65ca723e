//! `yusuan import <document> --out <dir>`: a native package from a published
//! disclosure, as far as the document allows.
//!
//! The document is read like `yusuan audit` reads it (text, HTML or XLSX;
//! template recognition; table views; the facts of the performance forms). What
//! becomes of it:
//!
//! | file | from |
//! |---|---|
//! | `budget.toml` | department name (cover / title line, `预算主管部门：…`), full name and region (department form), short name (`单位名称：…` of the tables), year, template, unit 万元, income (the summary table's income panel), prior year = year − 1 with no figures, the contact phone (`公开咨询电话：…`); staffing, assets, narrative texts and glossary are left empty |
//! | `projects.toml` | the projects of the projects table, with the content of their forms (matched by name, then by amount); forms of projects the table does not list are added |
//! | `performance.toml` | the department performance form |
//! | `line_items.csv` | recovered from the published marginals (see below) |
//! | `codes.csv` | the names the document prints for its functional and economic codes (a catalog the package names), so that derived tables print the same names |
//! | `README.md` | what was recovered and what was not |
//!
//! # Line items from marginals
//! A document publishes sums, not line items. Per functional 项 (the leaf rows of
//! the expenditure-by-function table, else of the general-budget or appropriation
//! table) the total and its split into basic and project expenditure are known;
//! funding sources per 项 come from the income-by-function table (else the general
//! budget table: the rest of a 项 is 其他收入). Then:
//! - **project lines**: one per row of the projects table (its 项, its sources);
//!   project money of a 项 that the projects table does not list becomes a
//!   placeholder project `…（未列明项目）`; economic class 302 (the tables do not
//!   say);
//! - **basic lines**: an economic 款 of the basic-expenditure economic table whose
//!   amount equals the basic expenditure of exactly one 项 (and no other 款 has that
//!   amount) is that 项's, by 人员 / 公用 as the table splits it; when one 项 is
//!   left, every remaining 款 is its. What is left is written as placeholders
//!   `301` 人员 / `302` 公用 (the table's remaining 人员 / 公用 totals, 项 by 项), with
//!   a note that the document publishes only marginals;
//! - when a document does not split a 项 into basic and project (Jiangsu), basic
//!   expenditure (the expenditure summary's, else the economic table's total) is
//!   first given to 项 whose total equals one economic 款, then to 行政运行 and
//!   social-security, health and housing 项, then in table order; the rest of
//!   each 项 is project money.
//!
//! Every 项's total, its basic / project split and its sources are therefore as
//! published, and tables grouped by functional code derive as printed; tables by
//! economic code only where the 款 could be placed.
//!
//! Nothing is written when the document cannot be read, has no recognised
//! template or year, or the package would not load ([`yusuan_package::save`]).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use yusuan_derive::Template;
use yusuan_ingest::facts::{FormFacts, TableProject};
use yusuan_model::view::{Cell, RowKind, Table};
use yusuan_model::{
    Amount, Budget, BudgetUnit, Catalog, Code, Contact, Department, EconomicCode, ExpenseKind, FunctionalCode,
    FundingSource, Income, LineItem, MoneyUnit, Origin, PackageMeta, PriorYear, Project, Scheme, Staffing,
};
use yusuan_package::PackageFile;

/// A package made from a document, not yet written.
pub struct Imported {
    pub budget: Budget,
    pub files: Vec<PackageFile>,
    /// What could not be recovered, or was approximated.
    pub notes: Vec<String>,
}

const MARGINALS: &str = "文件只公开边际合计：功能×经济组合为推算（占位科目）";

fn text(c: Option<&Cell>) -> String {
    match c {
        Some(Cell::Text(s)) => s.trim().to_owned(),
        _ => String::new(),
    }
}

fn amount(t: &Table, r: usize, key: &str) -> Option<Amount> {
    let c = t.column_index(key)?;
    match t.rows.get(r)?.cells.get(c)? {
        Cell::Amount(a) => Some(*a),
        Cell::Empty => Some(Amount::ZERO),
        _ => None,
    }
}

/// Leaf rows with codes: rows whose code is no other row's ancestor.
fn leaves(t: &Table) -> Vec<usize> {
    let codes: Vec<&str> = t.rows.iter().filter_map(|r| r.code.as_deref()).collect();
    (0..t.rows.len())
        .filter(|&i| {
            let Some(c) = t.rows[i].code.as_deref() else { return false };
            t.rows[i].kind != RowKind::Total && !codes.iter().any(|o| o.len() > c.len() && o.starts_with(c))
        })
        .collect()
}

/// A functional 项 with its published amounts.
#[derive(Debug, Clone)]
struct Func {
    code: FunctionalCode,
    total: Amount,
    basic: Amount,
    project: Amount,
    /// Whether the document split the total into basic and project.
    split: bool,
}

fn functions(t: &Table) -> Vec<Func> {
    let split = t.column_index("basic").is_some() && t.column_index("project").is_some();
    let mut out: Vec<Func> = Vec::new();
    for r in leaves(t) {
        let Some(code) = t.rows[r].code.as_deref().and_then(|c| FunctionalCode::parse(c).ok()) else { continue };
        let (basic, project) = (amount(t, r, "basic").unwrap_or_default(), amount(t, r, "project").unwrap_or_default());
        let total = amount(t, r, "total").filter(|a| !a.is_zero()).unwrap_or(basic + project);
        if total.is_zero() || out.iter().any(|f| f.code == code) {
            continue;
        }
        let ok = split && basic + project == total;
        out.push(Func { code, total, basic: if ok { basic } else { Amount::ZERO }, project, split: ok });
    }
    out
}

/// Northwest-corner allocation of `parts` over `slots`: per slot, the pieces
/// (part index, amount) that fill it, taking parts in order.
fn allocate(slots: &[Amount], parts: &[Amount]) -> Vec<Vec<(usize, Amount)>> {
    let mut left: Vec<Amount> = parts.to_vec();
    let mut k = 0;
    slots
        .iter()
        .map(|&need| {
            let mut need = need;
            let mut got = Vec::new();
            while need > Amount::ZERO && k < left.len() {
                let take = need.min(left[k]);
                if take > Amount::ZERO {
                    got.push((k, take));
                    need -= take;
                    left[k] -= take;
                }
                if left[k] <= Amount::ZERO {
                    k += 1;
                }
            }
            got
        })
        .collect()
}

/// A basic line of a 项 before its sources: economic code, kind, amount, note.
type BasicLine = (String, ExpenseKind, Amount, Option<&'static str>);

/// A 款 of the basic-expenditure economic table.
#[derive(Debug, Clone)]
struct Econ {
    code: EconomicCode,
    personnel: Amount,
    public: Amount,
}

impl Econ {
    fn total(&self) -> Amount {
        self.personnel + self.public
    }
}

fn economics(t: &Table) -> Vec<Econ> {
    let by_kind = t.column_index("personnel").is_some() || t.column_index("public").is_some();
    let mut out = Vec::new();
    for r in leaves(t) {
        let Some(code) = t.rows[r].code.as_deref().and_then(|c| EconomicCode::parse(c).ok()) else { continue };
        let total = amount(t, r, "total").unwrap_or_default();
        let (personnel, public) = if by_kind {
            (amount(t, r, "personnel").unwrap_or_default(), amount(t, r, "public").unwrap_or_default())
        } else if matches!(code.class().as_str(), "301" | "303") {
            (total, Amount::ZERO)
        } else {
            (Amount::ZERO, total)
        };
        if !(personnel + public).is_zero() {
            out.push(Econ { code, personnel, public });
        }
    }
    out
}

/// The funding source an income label names (`一、一般公共预算`, `上年结转`, `事业收入` …).
fn source_of_label(label: &str) -> Option<FundingSource> {
    let l: String = label.chars().filter(|c| !c.is_whitespace()).collect();
    let has = |w: &str| l.contains(w);
    Some(if has("一般公共预算") {
        FundingSource::GeneralBudget
    } else if has("政府性基金") {
        FundingSource::GovFund
    } else if has("国有资本经营") {
        FundingSource::StateCapital
    } else if has("上年结转") || has("上年结余") {
        FundingSource::CarryOver
    } else if has("事业单位经营") || has("经营收入") {
        FundingSource::Business
    } else if has("事业收入") {
        FundingSource::Operations
    } else if has("上级补助") {
        FundingSource::SuperiorGrant
    } else if has("附属单位上缴") {
        FundingSource::SubsidiaryRemit
    } else if has("其他收入") {
        FundingSource::Other
    } else {
        return None;
    })
}

/// Income by source from the summary table's income panel.
fn income(t: &Table) -> Vec<Income> {
    let (Some(item), Some(amt)) = (t.column_index("income_item"), t.column_index("income_amount")) else {
        return Vec::new();
    };
    let mut by: BTreeMap<FundingSource, Amount> = BTreeMap::new();
    for r in &t.rows {
        let label = text(r.cells.get(item));
        let Some(a) = r.cells.get(amt).and_then(Cell::as_amount).filter(|a| !a.is_zero()) else { continue };
        let Some(s) = source_of_label(&label) else { continue };
        // Totals in the footer count only as 上年结转.
        if r.kind == RowKind::Total && s != FundingSource::CarryOver {
            continue;
        }
        *by.entry(s).or_default() += a;
    }
    by.into_iter().map(|(source, amount)| Income { source, amount }).collect()
}

/// The department's name: `预算主管部门：…`, else the text before the year in the
/// title line, else a short first line naming a body.
fn department_name(doc: &yusuan_ingest::TextDocument, year: i32) -> Option<String> {
    let lines: Vec<&str> =
        doc.lines.iter().skip(doc.header.len()).map(|l| l.trim()).filter(|l| !l.is_empty()).take(20).collect();
    for l in &lines {
        for key in ["预算主管部门", "主管部门", "部门名称", "单位名称", "预算单位"] {
            if let Some(v) = l.strip_prefix(key) {
                let v = v.trim_start_matches(['：', ':', ' ']).trim();
                if !v.is_empty() && !v.contains('（') && v.chars().count() <= 40 {
                    return Some(v.to_owned());
                }
            }
        }
    }
    let y = year.to_string();
    for l in &lines {
        if let Some(i) = l.find(&y)
            && l.contains("预算")
        {
            let before = l[..i].trim();
            let region_only = before.ends_with(['省', '市', '区', '县']) && before.chars().count() <= 8;
            // A numbered heading or list entry (`4．2026年…表`, `第二部分 2026年…`), not a name.
            let heading = (before.starts_with('第') && before.contains("部分"))
                || before.ends_with(['、', '.', '．', '：', ':'])
                || before.chars().all(|c| c.is_ascii_digit() || "、.．()（）".contains(c));
            if !before.is_empty() && !region_only && !heading && !l.contains('\t') {
                return Some(before.to_owned());
            }
        }
    }
    let bodies = ["办公厅", "办公室", "委员会", "局", "院", "厅", "会", "部", "中心", "街道办事处", "政府"];
    lines
        .iter()
        .find(|l| l.chars().count() <= 30 && !l.contains('\t') && bodies.iter().any(|b| l.ends_with(b)))
        .map(|l| (*l).to_owned())
}

/// `公开咨询电话：027-85481661` anywhere in the document.
fn contact_phone(doc: &yusuan_ingest::TextDocument) -> String {
    for l in &doc.lines {
        let Some(i) = l.find("咨询电话") else { continue };
        let rest = l[i + "咨询电话".len()..].trim_start_matches(['：', ':', ' ', '为']);
        let phone: String =
            rest.chars().take_while(|c| c.is_ascii_digit() || "-－（）() ".contains(*c)).collect::<String>();
        let phone = phone.trim().to_owned();
        if phone.chars().filter(char::is_ascii_digit).count() >= 7 {
            return phone;
        }
    }
    String::new()
}

/// The first role of `roles` the views have.
fn table<'t>(tables: &'t [Table], roles: &[&str]) -> Option<&'t Table> {
    roles.iter().find_map(|r| tables.iter().find(|t| t.role == *r))
}

/// The department name of an import whose document names none.
pub const UNKNOWN_DEPARTMENT: &str = "未知部门";

/// Reads `path` and makes a package of it (nothing is written).
pub fn import(path: &Path) -> Result<Imported, String> {
    let doc = yusuan_ingest::read_path(path).map_err(|e| e.to_string())?;
    let rec = yusuan_ingest::recognize::recognize(&doc);
    let template_id =
        rec.template.clone().ok_or_else(|| format!("{}: 未识别出公开模板 no template recognised", path.display()))?;
    let template = Template::builtin_shared(&template_id).map_err(|e| e.to_string())?;
    let views = yusuan_ingest::views::build_views(&doc, &rec);
    let facts: FormFacts = yusuan_ingest::facts::read_facts(&doc, &rec);
    let titles: Vec<String> = rec.tables.iter().map(|t| t.title.clone()).collect();
    let year = crate::pipeline::year_of(&doc, &titles)
        .ok_or_else(|| format!("{}: 找不到预算年度 no year found", path.display()))?;
    let mut notes: Vec<String> = Vec::new();
    let tables = &views.tables;

    // ---- Department --------------------------------------------------------------
    let dept_form = facts.department.as_ref();
    let name =
        department_name(&doc, year).or_else(|| dept_form.and_then(|d| d.full_name.clone())).unwrap_or_else(|| {
            notes.push("文件中找不到部门名称，暂记为“未知部门” no department name found".into());
            UNKNOWN_DEPARTMENT.into()
        });
    let full_name = dept_form.and_then(|d| d.full_name.clone()).filter(|f| *f != name);
    let short_name = tables
        .iter()
        .find_map(|t| t.unit_name.clone().filter(|u| !u.is_empty()))
        .or_else(|| {
            let t = table(tables, &["projects"])?;
            yusuan_ingest::facts::table_projects(t, &template_id)
                .first()
                .map(|p| p.unit.clone())
                .filter(|u| !u.is_empty())
        })
        .unwrap_or_else(|| name.clone());
    let region = full_name
        .as_deref()
        .and_then(|f| f.strip_suffix(name.as_str()))
        .map(|city| {
            let district = name
                .char_indices()
                .find(|(_, c)| matches!(c, '区' | '县'))
                .map_or("", |(i, c)| &name[..i + c.len_utf8()]);
            format!("{city}{district}")
        })
        .unwrap_or_default();

    // ---- Functional 项 and their sources ---------------------------------------------
    let ftable = table(tables, &["expenditure_by_function", "general_budget_by_function", "appropriation_by_function"])
        .ok_or_else(|| {
            format!("{}: 没有按功能科目列示的支出表，无法恢复支出明细 no expenditure-by-function table", path.display())
        })?;
    let mut funcs = functions(ftable);
    if funcs.is_empty() {
        return Err(format!("{}: 《{}》没有可读的功能科目行 no coded rows", path.display(), ftable.title));
    }
    let code_row =
        |t: &Table, code: FunctionalCode| t.rows.iter().position(|r| r.code.as_deref() == Some(code.as_str()));
    let mut sources: BTreeMap<FunctionalCode, Vec<(FundingSource, Amount)>> = BTreeMap::new();
    let by_source = table(tables, &["income_by_function"]);
    let gb = table(tables, &["general_budget_by_function"]).filter(|t| t.role != ftable.role);
    for f in &funcs {
        let mut s: Vec<(FundingSource, Amount)> = Vec::new();
        if let Some(t) = by_source
            && let Some(r) = code_row(t, f.code)
        {
            for (c, src) in yusuan_ingest::facts::source_columns(t, &template_id) {
                if let Some(a) = t.rows[r].cells.get(c).and_then(Cell::as_amount).filter(|a| !a.is_zero()) {
                    match s.iter_mut().find(|(x, _)| *x == src) {
                        Some((_, v)) => *v += a,
                        None => s.push((src, a)),
                    }
                }
            }
        } else if let Some(t) = gb {
            let g = code_row(t, f.code).and_then(|r| amount(t, r, "total")).unwrap_or_default().min(f.total);
            s.push((FundingSource::GeneralBudget, g));
            if f.total > g {
                s.push((FundingSource::Other, f.total - g));
            }
        }
        s.retain(|(_, a)| !a.is_zero());
        if s.iter().map(|(_, a)| *a).sum::<Amount>() != f.total {
            if !s.is_empty() {
                notes.push(format!("功能科目 {} 的资金来源合计与支出合计不符，按一般公共预算记", f.code));
            }
            s = vec![(FundingSource::GeneralBudget, f.total)];
        }
        sources.insert(f.code, s);
    }

    // ---- Basic / project split where the document does not print it ------------------
    let etable = table(tables, &["general_budget_basic_by_economic", "appropriation_basic_by_economic"]);
    let econ: Vec<Econ> = etable.map(economics).unwrap_or_default();
    if funcs.iter().any(|f| !f.split) {
        let basic_total = table(tables, &["expenditure_summary"])
            .and_then(|t| (0..t.rows.len()).find_map(|r| amount(t, r, "basic").filter(|a| !a.is_zero())))
            .or_else(|| etable.map(|_| econ.iter().map(Econ::total).sum()))
            .unwrap_or_default();
        notes.push(format!(
            "《{}》未按基本支出、项目支出分列：基本支出合计 {} 按经济科目金额与功能科目对应、行政运行及社保医疗住房科目优先的顺序分配，其余记为项目支出",
            ftable.title,
            basic_total.format_plain(MoneyUnit::WanYuan)
        ));
        let mut left = basic_total;
        let mut order: Vec<usize> = Vec::new();
        for (i, f) in funcs.iter().enumerate() {
            if econ.iter().filter(|e| e.total() == f.total).count() == 1 {
                order.push(i);
            }
        }
        let preferred =
            |f: &Func| f.code.as_str().ends_with("01") || matches!(f.code.class().as_str(), "208" | "210" | "221");
        let first: Vec<usize> = (0..funcs.len()).filter(|i| !order.contains(i) && preferred(&funcs[*i])).collect();
        order.extend(first);
        let rest: Vec<usize> = (0..funcs.len()).filter(|i| !order.contains(i)).collect();
        order.extend(rest);
        for i in order {
            let f = &mut funcs[i];
            if f.split {
                left -= f.basic.min(left);
                continue;
            }
            let b = f.total.min(left);
            f.basic = b;
            f.project = f.total - b;
            left -= b;
        }
    }

    // ---- Projects ----------------------------------------------------------------------
    let unit_of = |u: &str| if u.is_empty() { short_name.clone() } else { u.to_owned() };
    let listed: Vec<TableProject> =
        table(tables, &["projects"]).map(|t| yusuan_ingest::facts::table_projects(t, &template_id)).unwrap_or_default();
    let matched = yusuan_ingest::facts::match_projects(&facts.projects, &listed);
    let mut projects: Vec<Project> = Vec::new();
    let mut line_items: Vec<LineItem> = Vec::new();
    let item = |unit: &str,
                functional: FunctionalCode,
                economic: &str,
                kind: ExpenseKind,
                project: Option<String>,
                source: FundingSource,
                amount: Amount,
                note: Option<&str>| LineItem {
        unit: unit.to_owned(),
        functional,
        economic: EconomicCode::parse(economic).unwrap_or_else(|_| unreachable!("a valid economic code")),
        kind,
        project,
        source,
        amount,
        note: note.map(str::to_owned),
        origin: Origin::default(),
    };
    let blank_project = |id: String, name: String, unit: String| Project { id, name, unit, ..Default::default() };
    let mut project_by_func: BTreeMap<FunctionalCode, Vec<(FundingSource, Amount)>> = BTreeMap::new();
    let add_source = |m: &mut BTreeMap<FunctionalCode, Vec<(FundingSource, Amount)>>,
                      c: FunctionalCode,
                      s: FundingSource,
                      a: Amount| {
        let v = m.entry(c).or_default();
        match v.iter_mut().find(|(x, _)| *x == s) {
            Some((_, x)) => *x += a,
            None => v.push((s, a)),
        }
    };
    for (k, tp) in listed.iter().enumerate() {
        let id = format!("p{:02}", k + 1);
        let unit = unit_of(&tp.unit);
        let form = matched.iter().position(|m| *m == Some(k)).map(|f| &facts.projects[f]);
        let mut p = match form {
            Some(f) => {
                let mut p = f.project.clone();
                if p.name != tp.name {
                    p.form_name = Some(std::mem::replace(&mut p.name, tp.name.clone()));
                }
                p
            }
            None => blank_project(String::new(), tp.name.clone(), String::new()),
        };
        p.id = id.clone();
        p.unit = unit.clone();
        projects.push(p);
        for row in &tp.rows {
            let Some(code) = row.code.as_deref().and_then(|c| FunctionalCode::parse(c).ok()) else {
                notes.push(format!("项目“{}”的一行没有功能科目编码，未记入支出明细", tp.name));
                continue;
            };
            let parts: Vec<(FundingSource, Amount)> =
                if !row.sources.is_empty() && row.sources.iter().map(|(_, a)| *a).sum::<Amount>() == row.amount {
                    row.sources.clone()
                } else {
                    vec![(
                        sources.get(&code).and_then(|s| s.first()).map_or(FundingSource::GeneralBudget, |s| s.0),
                        row.amount,
                    )]
                };
            for (s, a) in parts {
                add_source(&mut project_by_func, code, s, a);
                line_items.push(item(
                    &unit,
                    code,
                    "302",
                    ExpenseKind::Project,
                    Some(id.clone()),
                    s,
                    a,
                    Some("项目经济分类未公开，记为 302"),
                ));
            }
        }
    }
    for (f, m) in facts.projects.iter().zip(&matched) {
        if m.is_some() {
            continue;
        }
        let mut p = f.project.clone();
        p.id = format!("p{:02}", projects.len() + 1);
        p.unit = short_name.clone();
        notes.push(format!("申报表项目“{}”在项目支出预算表中找不到，没有支出明细", p.name));
        projects.push(p);
    }
    // 项目主要支出方向和用途 from the department form.
    if let Some(d) = dept_form {
        let key = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        for p in &mut projects {
            let names = [Some(key(&p.name)), p.form_name.as_deref().map(key)];
            if let Some(r) = d.projects.iter().find(|r| names.iter().flatten().any(|n| *n == key(&r.name))) {
                p.uses = r.uses.clone();
            }
        }
    }
    // Project money the projects table does not list.
    for f in &funcs {
        let listed: Amount = project_by_func.get(&f.code).map_or(Amount::ZERO, |v| v.iter().map(|(_, a)| *a).sum());
        if listed > f.project {
            notes.push(format!(
                "功能科目 {} 的项目支出 {}，小于项目支出预算表所列 {}",
                f.code,
                f.project.format_plain(MoneyUnit::WanYuan),
                listed.format_plain(MoneyUnit::WanYuan)
            ));
        }
        let rest = f.project - listed.min(f.project);
        if rest.is_zero() {
            continue;
        }
        let id = format!("px-{}", f.code);
        let name = format!(
            "{}（未列明项目）",
            ftable
                .rows
                .iter()
                .find(|r| r.code.as_deref() == Some(f.code.as_str()))
                .map_or(String::new(), |r| text(r.cells.get(ftable.column_index("name").unwrap_or(1))))
        );
        projects.push(blank_project(id.clone(), name, short_name.clone()));
        // Sources: what the 项 has left after the listed projects, basic last.
        let mut left: Vec<(FundingSource, Amount)> = sources.get(&f.code).cloned().unwrap_or_default();
        for (s, a) in project_by_func.get(&f.code).cloned().unwrap_or_default() {
            if let Some((_, x)) = left.iter_mut().find(|(y, _)| *y == s) {
                *x -= a.min(*x);
            }
        }
        let amounts: Vec<Amount> = left.iter().map(|(_, a)| *a).collect();
        for (k, a) in allocate(&[rest], &amounts).into_iter().flatten() {
            add_source(&mut project_by_func, f.code, left[k].0, a);
            line_items.push(item(
                &short_name,
                f.code,
                "302",
                ExpenseKind::Project,
                Some(id.clone()),
                left[k].0,
                a,
                Some("文件未列明的项目支出"),
            ));
        }
    }

    // ---- Basic lines ------------------------------------------------------------------
    let mut basic_left: Vec<Amount> = funcs.iter().map(|f| f.basic).collect();
    let mut lines: Vec<Vec<BasicLine>> = vec![Vec::new(); funcs.len()];
    // What is left of each 款: (人员, 公用).
    let mut econ_left: Vec<(Amount, Amount)> = econ.iter().map(|e| (e.personnel, e.public)).collect();
    let total_of = |x: &(Amount, Amount)| x.0 + x.1;
    // The “三公” table places its 款 (30212, 31013, 30231, 30217) on functional codes.
    if let Some(t) = table(tables, &["three_public"]) {
        let defs = template.tables.iter().find(|d| d.role == t.role).map(|d| d.leaf_columns()).unwrap_or_default();
        for (c, col) in t.columns.iter().enumerate() {
            let Some(code) = defs.iter().find(|d| d.key == col.key).and_then(|d| match d.economic.as_slice() {
                [one] => EconomicCode::parse(one).ok(),
                _ => None,
            }) else {
                continue;
            };
            let Some(e) = econ.iter().position(|x| x.code == code) else { continue };
            for r in &t.rows {
                let Some(a) = r.cells.get(c).and_then(Cell::as_amount).filter(|a| !a.is_zero()) else { continue };
                let Some(i) = r.code.as_deref().and_then(|x| funcs.iter().position(|f| f.code.as_str() == x)) else {
                    continue;
                };
                let (p, q) = econ_left[e];
                if basic_left[i] < a || p + q < a {
                    continue;
                }
                let (kind, from_public) =
                    if q >= a { (ExpenseKind::Public, true) } else { (ExpenseKind::Personnel, false) };
                if from_public && q >= a {
                    econ_left[e].1 -= a;
                } else if p >= a {
                    econ_left[e].0 -= a;
                } else {
                    continue;
                }
                lines[i].push((code.to_string(), kind, a, None));
                basic_left[i] -= a;
            }
        }
    }
    // A 款 whose amount is the basic expenditure of exactly one 项.
    for e in 0..econ.len() {
        let t = total_of(&econ_left[e]);
        if t.is_zero() {
            continue;
        }
        let fs: Vec<usize> = (0..funcs.len()).filter(|&i| basic_left[i] == t).collect();
        if fs.len() == 1 && econ_left.iter().filter(|x| total_of(x) == t).count() == 1 {
            let i = fs[0];
            for (kind, a) in [(ExpenseKind::Personnel, econ_left[e].0), (ExpenseKind::Public, econ_left[e].1)] {
                if !a.is_zero() {
                    lines[i].push((econ[e].code.to_string(), kind, a, None));
                }
            }
            basic_left[i] = Amount::ZERO;
            econ_left[e] = (Amount::ZERO, Amount::ZERO);
        }
    }
    let remaining: Vec<usize> = (0..funcs.len()).filter(|&i| !basic_left[i].is_zero()).collect();
    let econ_sum: Amount = econ_left.iter().map(total_of).sum();
    let basic_sum: Amount = remaining.iter().map(|&i| basic_left[i]).sum();
    if remaining.len() == 1 && econ_sum == basic_sum && !econ_sum.is_zero() {
        // One 项 left: every remaining 款 is its.
        let i = remaining[0];
        for (e, (p, q)) in econ_left.iter().enumerate() {
            for (kind, a) in [(ExpenseKind::Personnel, *p), (ExpenseKind::Public, *q)] {
                if !a.is_zero() {
                    lines[i].push((econ[e].code.to_string(), kind, a, None));
                }
            }
        }
    } else if !remaining.is_empty() {
        let public: Amount = econ_left.iter().map(|x| x.1).sum::<Amount>().min(basic_sum);
        let personnel = basic_sum - public;
        if etable.is_none() {
            notes.push("文件没有基本支出经济分类表：基本支出记为 301 人员经费占位".into());
        } else if econ_sum != basic_sum {
            notes.push(format!(
                "基本支出经济分类表的合计与功能分类表的基本支出不符（差 {}），人员经费占位按差额调整",
                (econ_sum - basic_sum).format_plain(MoneyUnit::WanYuan)
            ));
        }
        let slots: Vec<Amount> = remaining.iter().map(|&i| basic_left[i]).collect();
        for (slot, pieces) in allocate(&slots, &[personnel, public]).into_iter().enumerate() {
            let i = remaining[slot];
            for (k, a) in pieces {
                let (code, kind) = if k == 0 { ("301", ExpenseKind::Personnel) } else { ("302", ExpenseKind::Public) };
                lines[i].push((code.to_owned(), kind, a, Some(MARGINALS)));
            }
        }
        if remaining.len() > 1 {
            notes.push(format!(
                "{} 个功能科目的基本支出无法与经济科目一一对应，记为 301/302 占位（按经济分类表的人员经费、公用经费合计依次分配）；按经济科目列示的表（基本支出表等）因此不能如原文派生",
                remaining.len()
            ));
        }
    }
    for (i, f) in funcs.iter().enumerate() {
        // Sources left for basic expenditure after the project lines.
        let mut left: Vec<(FundingSource, Amount)> = sources.get(&f.code).cloned().unwrap_or_default();
        for (s, a) in project_by_func.get(&f.code).cloned().unwrap_or_default() {
            if let Some((_, x)) = left.iter_mut().find(|(y, _)| *y == s) {
                *x -= a.min(*x);
            }
        }
        let slots: Vec<Amount> = lines[i].iter().map(|l| l.2).collect();
        let mut amounts: Vec<Amount> = left.iter().map(|(_, a)| *a).collect();
        let have: Amount = amounts.iter().copied().sum();
        let need: Amount = slots.iter().copied().sum();
        if need > have {
            // Sources short (a table inconsistent with another): the rest as 一般公共预算.
            left.push((FundingSource::GeneralBudget, need - have));
            amounts.push(need - have);
        }
        for ((code, kind, _, note), pieces) in lines[i].iter().zip(allocate(&slots, &amounts)) {
            for (k, a) in pieces {
                line_items.push(item(&short_name, f.code, code, *kind, None, left[k].0, a, *note));
            }
        }
    }
    for (n, l) in line_items.iter_mut().enumerate() {
        l.origin = Origin { file: "line_items.csv".into(), line: n as u32 + 2 };
    }

    // ---- Income -----------------------------------------------------------------------
    let spent: Amount = line_items.iter().map(|l| l.amount).sum();
    let mut income_rows = table(tables, &["summary"]).map(income).unwrap_or_default();
    let stated: Amount = income_rows.iter().map(|i| i.amount).sum();
    if income_rows.is_empty() || stated != spent {
        if !income_rows.is_empty() {
            notes.push(format!(
                "收支总表的收入合计 {} 与恢复的支出明细合计 {} 不符，收入按支出明细的资金来源记",
                stated.format_plain(MoneyUnit::WanYuan),
                spent.format_plain(MoneyUnit::WanYuan)
            ));
        }
        let mut by: BTreeMap<FundingSource, Amount> = BTreeMap::new();
        for l in &line_items {
            *by.entry(l.source).or_default() += l.amount;
        }
        income_rows = by.into_iter().map(|(source, amount)| Income { source, amount }).collect();
    }

    // ---- Catalog of printed names -----------------------------------------------------------
    let embedded = Catalog::embedded();
    let mut names: BTreeMap<(u8, String), String> = BTreeMap::new();
    for t in tables {
        let Some(nc) = t.column_index("name") else { continue };
        let scheme = if t.role.contains("economic") { Scheme::Economic } else { Scheme::Functional };
        if !(t.role.contains("function") || t.role.contains("economic")) {
            continue;
        }
        for r in &t.rows {
            let (Some(code), name) = (r.code.as_deref(), text(r.cells.get(nc))) else { continue };
            if name.is_empty() || Code::parse(code, scheme).is_none() {
                continue;
            }
            let key = (if scheme == Scheme::Economic { 1 } else { 0 }, code.to_owned());
            names.entry(key).or_insert(name);
        }
    }
    let rows: Vec<Vec<String>> = names
        .iter()
        .filter(|((s, code), name)| {
            let scheme = if *s == 1 { Scheme::Economic } else { Scheme::Functional };
            Code::parse(code, scheme).and_then(|c| embedded.get(scheme, c)).is_none_or(|e| e.name != **name)
        })
        .map(|((s, code), name)| vec![if *s == 1 { "经济" } else { "功能" }.to_owned(), code.clone(), name.clone()])
        .collect();

    // ---- The budget ---------------------------------------------------------------------
    let mut units = vec![BudgetUnit { id: short_name.clone(), name: name.clone(), code: None, kind: String::new() }];
    for p in &projects {
        if !units.iter().any(|u| u.id == p.unit) {
            units.push(BudgetUnit { id: p.unit.clone(), name: p.unit.clone(), code: None, kind: String::new() });
        }
    }
    let performance = dept_form.map(|d| d.performance.clone()).unwrap_or_default();
    let budget = Budget {
        meta: PackageMeta {
            format: 1,
            year,
            template: template_id.clone(),
            unit: MoneyUnit::WanYuan,
            catalogs: if rows.is_empty() { Vec::new() } else { vec!["codes.csv".into()] },
        },
        department: Department {
            name: name.clone(),
            full_name,
            short_name: short_name.clone(),
            code: None,
            region,
            parent: None,
            functions: performance.functions.clone(),
            units,
            composition_note: String::new(),
        },
        staffing: Staffing::default(),
        contact: Contact { phone: contact_phone(&doc) },
        income: income_rows,
        line_items,
        projects,
        procurement: Vec::new(),
        purchased_services: Vec::new(),
        assets: Default::default(),
        prior_year: PriorYear { year: year - 1, ..Default::default() },
        narrative: Default::default(),
        glossary: Vec::new(),
        performance,
    };
    notes.push(
        "人员构成、资产、上年数、文字说明、名词解释、政府采购与购买服务明细未恢复（文件不以事实形式公开）".into(),
    );

    // ---- Files --------------------------------------------------------------------------
    let source = path.display().to_string();
    let mut files = yusuan_package::save::files(&budget).map_err(|e| e.to_string())?;
    for f in &mut files {
        let head = match f.name.as_str() {
            "budget.toml" => {
                let mut h = format!("# 由 yusuan import 从 {source} 生成。\n");
                for n in &notes {
                    let _ = writeln!(h, "# - {n}");
                }
                h
            }
            "projects.toml" => {
                format!("# 由 yusuan import 从 {source} 生成：项目支出预算表的项目，及其绩效目标申报表的内容。\n")
            }
            "performance.toml" => format!("# 由 yusuan import 从 {source} 生成：部门整体绩效目标申报表。\n"),
            _ => continue,
        };
        f.text = head + "\n" + &f.text;
    }
    if !rows.is_empty() {
        files.push(
            yusuan_package::save::csv_file("codes.csv", &["scheme", "code", "name"], &rows)
                .map_err(|e| e.to_string())?,
        );
    }
    let mut readme = format!(
        "# {name} {year} 年预算 — 由 `yusuan import` 从 `{source}` 生成\n\n模板 `{template_id}`；金额单位 万元。\n\n## 未恢复或推算的内容\n\n"
    );
    for n in &notes {
        let _ = writeln!(readme, "- {n}");
    }
    files.push(PackageFile { name: "README.md".into(), text: readme });
    Ok(Imported { budget, files, notes })
}

/// `yusuan import`: makes the package and writes it to `out`.
/// Returns the files written, what could not be recovered, and a one-line summary.
pub fn run(document: &Path, out: &Path, force: bool) -> Result<(Vec<PathBuf>, Vec<String>, String), String> {
    let imported = import(document)?;
    let written = yusuan_package::save::write(&imported.files, out, force).map_err(|e| e.to_string())?;
    let b = &imported.budget;
    let total: Amount = b.line_items.iter().map(|l| l.amount).sum();
    let summary = format!(
        "{} {} 年：{} 条支出明细，{} 个项目，支出合计 {} 万元",
        b.department.name,
        b.meta.year,
        b.line_items.len(),
        b.projects.len(),
        total.format(MoneyUnit::WanYuan, 2)
    );
    Ok((written, imported.notes, summary))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn northwest_corner() {
        let a = |n: i64| Amount::from_fen(n);
        let got = allocate(&[a(5), a(3)], &[a(4), a(4)]);
        assert_eq!(got, vec![vec![(0, a(4)), (1, a(1))], vec![(1, a(3))]]);
    }

    #[test]
    fn income_labels() {
        assert_eq!(source_of_label("一、一般公共预算"), Some(FundingSource::GeneralBudget));
        assert_eq!(source_of_label("八、上年结转"), Some(FundingSource::CarryOver));
        assert_eq!(source_of_label("五、事业单位经营收入"), Some(FundingSource::Business));
        assert_eq!(source_of_label("一、财政拨款收入"), None);
    }
}
