//! Rules: completeness (YS-M…; see rules/mod.rs for the id scheme): the tables,
//! narrative parts, glossary and contact a disclosure must carry, and facts
//! that must add up or be referenced.
//!
//! Rules about the narrative as a whole (required parts, glossary, contact) run
//! only on a whole narrative: the input of a package or of a document whose
//! template is known, or paragraphs under at least five different headings. A
//! few paragraphs given to test another rule are not a document.

use std::collections::BTreeSet;

use yusuan_derive::{TableKind, Template};
use yusuan_model::view::{Cell, RowKind, Table};
use yusuan_model::{Amount, FundingSource};

use crate::finding::{Evidence, Location, Msg};
use crate::input::{Input, Paragraph, table_location};
use crate::rule::{Need, Out, Rule};

/// Whether the paragraphs are a whole narrative (see the module docs).
fn whole_narrative(input: &Input) -> bool {
    if input.paragraphs.is_empty() {
        return false;
    }
    if input.template.is_some() {
        return true;
    }
    let headings: BTreeSet<&str> = input.paragraphs.iter().map(|p| p.heading.as_str()).collect();
    headings.len() >= 5
}

fn paragraph_location(p: &Paragraph) -> Location {
    p.span(0, p.text.chars().count())
}

fn show(a: Amount) -> String {
    a.format_plain(yusuan_model::MoneyUnit::WanYuan)
}

// ---- YS-M001 --------------------------------------------------------------------

crate::rule_info!(M001, "YS-M001", Warning, Completeness,
    "缺少模板规定的公开表", "a table of the template is missing",
    what: "按所用公开模板（如武汉市 wuhan-13 的 11 张表格式公开表）应有的公开表，在文件中找不到（按表的角色识别，不看标题；表格被压成纯文本时，按表题识别出的表也算有）。绩效目标表是表单，不在此列。模板未知时不检查。",
    why: "部门预算公开的表格由财政部门统一规定，一张都不能少；没有数据的表也要公开并注明“无”。",
    example: "按武汉模板公开的文件没有《政府购买服务预算表》，也没有说明本年无政府购买服务预算。",
    needs: []);

fn table_missing(input: &Input, out: &mut Out) {
    let Some(id) = input.template.as_deref() else { return };
    let Ok(template) = Template::builtin_shared(id) else { return };
    for def in &template.tables {
        if matches!(def.kind, TableKind::DepartmentPerformance | TableKind::ProjectPerformance) {
            continue;
        }
        if input.tables.iter().any(|t| t.role == def.role) {
            continue;
        }
        let title = def.title.replace("{year}", &input.year.map_or(String::new(), |y| y.to_string()));
        let title = title.trim().to_owned();
        let msg = Msg::new(
            format!("模板 {id} 规定的公开表 {}（{}）缺失", def.number, title),
            format!("table {} ({}) of template {id} is missing", def.number, def.role),
        );
        out.report(Location::Document, msg).expected(title);
    }
}

rule!(TableMissing, M001, table_missing);

// ---- YS-M002 --------------------------------------------------------------------

/// Every grid role of the templates.
const GRID_ROLES: &[&str] = &[
    "summary",
    "income_by_function",
    "expenditure_by_function",
    "projects",
    "appropriation_summary",
    "general_budget_by_function",
    "general_budget_basic_by_economic",
    "three_public",
    "gov_fund",
    "procurement",
    "purchased_services",
];

crate::rule_info!(M002, "YS-M002", Error, Completeness,
    "空表没有“无数据”说明", "empty table without a statement",
    what: "公开表没有任何数据行（只有表头或只有全为空的合计行），却没有注明本表无数据（如“2022年无政府性基金预算支出。”）。只找到标题、读不出表体的表（表格被压成纯文本的文件）不在此列。",
    why: "空表必须公开并说明原因；不加说明，读者无法区分“没有这项支出”和“漏填了数据”。",
    example: "《政府性基金预算支出表》只有表头，表下没有“本单位无政府性基金预算支出”之类的说明。",
    needs: [Need::AnyTable(GRID_ROLES)]);

/// A table with columns and no data rows (a table without columns is one whose
/// title was found but whose body could not be read: not known to be empty).
fn is_empty(t: &Table) -> bool {
    !t.columns.is_empty()
        && t.rows.iter().all(|r| {
            r.kind == RowKind::Total
                && r.cells.iter().all(|c| match c {
                    Cell::Amount(a) => a.is_zero(),
                    _ => true,
                })
        })
}

fn has_statement(t: &Table) -> bool {
    t.empty_statement.as_deref().is_some_and(|s| !s.trim().is_empty())
        || t.notes.iter().any(|n| n.contains('无') || n.contains("没有"))
}

fn empty_table(input: &Input, out: &mut Out) {
    for t in input.tables.iter().filter(|t| is_empty(t) && !has_statement(t)) {
        let msg = Msg::new(
            format!("《{}》没有数据行，也没有说明本表无数据", t.title),
            format!("{} has no rows and no statement that it is empty", t.title),
        );
        out.report(table_location(t), msg).expected("本表无数据的说明");
    }
}

rule!(EmptyTable, M002, empty_table);

// ---- YS-M003 --------------------------------------------------------------------

/// Required parts of the narrative: a label and the words that show it is there.
const SECTIONS: &[(&str, &[&str])] = &[
    ("主要职能", &["主要职能", "主要职责", "部门职责"]),
    ("人员构成", &["人员构成", "人员情况"]),
    ("收支预算总体安排", &["收支预算总体", "收支总体", "总体安排"]),
    ("一般公共预算支出", &["一般公共预算支出"]),
    ("基本支出", &["基本支出"]),
    ("政府性基金预算支出", &["政府性基金"]),
    ("国有资本经营预算支出", &["国有资本经营"]),
    ("机关运行经费", &["机关运行经费"]),
    ("政府采购", &["政府采购"]),
    ("国有资产占有使用", &["国有资产", "资产占有"]),
    ("预算绩效", &["绩效"]),
    ("“三公”经费", &["三公"]),
];

crate::rule_info!(M003, "YS-M003", Warning, Completeness,
    "文字说明缺少规定部分", "a required part of the narrative is missing",
    what: "文字说明中找不到规定应说明的部分：所用公开模板列出的部分（模板 tables.toml 的 narrative_part：上海预算、江苏预算、决算各不相同），模板未知或未列出时为主要职能、人员构成、收支预算总体安排、一般公共预算支出、基本支出、政府性基金预算支出、国有资本经营预算支出、机关运行经费、政府采购、国有资产占有使用、预算绩效、“三公”经费（按标题和正文中的关键词识别；名词解释由 YS-M004 检查）。缺一项报一条。只对完整的文字说明检查。",
    why: "预算公开的说明内容由公开规程规定，没有相关事项也要写明“无”；缺少某部分就是公开不完整。",
    example: "文字说明没有“机关运行经费”一节，全文也没有提到机关运行经费。",
    needs: [Need::Paragraphs]);

fn section_missing(input: &Input, out: &mut Out) {
    if !whole_narrative(input) {
        return;
    }
    let template = input.template.as_deref().and_then(|id| Template::builtin_shared(id).ok());
    let parts: Vec<(&str, Vec<&str>)> = match template.filter(|t| !t.narrative_parts.is_empty()) {
        Some(t) => {
            t.narrative_parts.iter().map(|p| (p.label.as_str(), p.words.iter().map(String::as_str).collect())).collect()
        }
        None => SECTIONS.iter().map(|(l, w)| (*l, w.to_vec())).collect(),
    };
    for (label, words) in &parts {
        let found = input.paragraphs.iter().any(|p| words.iter().any(|w| p.heading.contains(w) || p.text.contains(w)));
        if found {
            continue;
        }
        let msg = Msg::new(
            format!("文字说明缺少“{label}”部分（标题和正文中都没有“{}”）", words.join("”“")),
            format!("the narrative lacks its “{label}” part"),
        );
        out.report(Location::Document, msg).expected(*label);
    }
}

rule!(SectionMissing, M003, section_missing);

// ---- YS-M004 / M005 -------------------------------------------------------------

/// The 名词解释 entries: paragraphs under a 名词解释 heading that define a term.
fn glossary<'i>(input: &'i Input) -> Vec<&'i Paragraph> {
    input
        .paragraphs
        .iter()
        .filter(|p| p.heading.contains("名词解释") && !p.text.contains("电话") && p.text.contains(['：', ':']))
        .collect()
}

crate::rule_info!(M004, "YS-M004", Warning, Completeness,
    "缺少名词解释", "no glossary",
    what: "文字说明中没有名词解释部分，或该部分没有任何词条（“术语：解释”）。只对完整的文字说明检查。",
    why: "预算公开要求对专业性较强的名词作出解释，便于公众理解。",
    example: "文件有“第四部分 名词解释”标题，但下面只有咨询电话，没有一个词条。",
    needs: [Need::Paragraphs]);

fn glossary_missing(input: &Input, out: &mut Out) {
    if !whole_narrative(input) || !glossary(input).is_empty() {
        return;
    }
    let heading = input.paragraphs.iter().find(|p| p.heading.contains("名词解释"));
    let (zh, en) = match heading {
        Some(_) => ("“名词解释”部分没有任何词条", "the glossary part has no entries"),
        None => ("文字说明没有名词解释部分", "the narrative has no glossary"),
    };
    let location = heading.map_or(Location::Document, paragraph_location);
    out.report(location, Msg::new(zh, en)).expected("名词解释词条");
}

rule!(GlossaryMissing, M004, glossary_missing);

/// Terms every glossary should explain: label and the words that show it is explained.
const CORE_TERMS: &[(&str, &[&str])] = &[
    ("财政拨款收入", &["财政拨款收入", "财政拨款"]),
    ("基本支出", &["基本支出"]),
    ("项目支出", &["项目支出"]),
    ("“三公”经费", &["三公"]),
    ("机关运行经费", &["机关运行经费"]),
];

crate::rule_info!(M005, "YS-M005", Info, Completeness,
    "名词解释缺少常用术语", "glossary lacks core terms",
    what: "名词解释有词条，但没有解释预算公开最常用的术语：财政拨款收入、基本支出、项目支出、“三公”经费、机关运行经费（按词条的术语识别）。",
    why: "这些术语是文字说明和公开表的主干，公众最需要解释；财政部和各地的公开模板都把它们列为必备词条。",
    example: "名词解释只有“事业收入”“其他收入”两条，没有解释“三公”经费和机关运行经费。",
    needs: [Need::Paragraphs]);

fn glossary_core_terms(input: &Input, out: &mut Out) {
    let entries = glossary(input);
    if !whole_narrative(input) || entries.is_empty() {
        return;
    }
    let term = |p: &Paragraph| p.text.split(['：', ':']).next().unwrap_or("").to_owned();
    let missing: Vec<&str> = CORE_TERMS
        .iter()
        .filter(|(_, words)| !entries.iter().any(|p| words.iter().any(|w| term(p).contains(w))))
        .map(|(label, _)| *label)
        .collect();
    if missing.is_empty() {
        return;
    }
    let msg = Msg::new(
        format!("名词解释没有解释：{}", missing.join("、")),
        format!("the glossary does not explain: {}", missing.join(", ")),
    );
    out.report(paragraph_location(entries[0]), msg)
        .expected(missing.join("、"))
        .evidences(entries.iter().map(|p| Evidence { location: paragraph_location(p), quote: term(p) }));
}

rule!(GlossaryCoreTerms, M005, glossary_core_terms);

// ---- YS-M006 --------------------------------------------------------------------

crate::rule_info!(M006, "YS-M006", Warning, Completeness,
    "缺少公开咨询电话", "no contact phone",
    what: "预算包的联系方式（[contact] phone）为空；或在没有事实数据时，完整的文字说明中没有任何“电话”及号码。",
    why: "公开规程要求公布咨询电话，方便公众就公开内容提出询问。",
    example: "budget.toml 的 [contact] phone = \"\"；文字说明末尾没有“公开咨询电话：027-…”。",
    needs: []);

fn contact_missing(input: &Input, out: &mut Out) {
    if input.has(Need::Contact) {
        if input.budget().contact.phone.trim().is_empty() {
            let msg = Msg::new("联系方式中没有公开咨询电话", "the contact has no phone number");
            out.report(input.locate("budget.toml", None, "[contact]"), msg).expected("公开咨询电话");
        }
        return;
    }
    if !whole_narrative(input) {
        return;
    }
    let has_phone = input.paragraphs.iter().any(|p| {
        super::format::labelled_phone(&p.text)
            .is_some_and(|(v, _, _)| v.chars().filter(char::is_ascii_digit).count() >= 7)
    });
    if !has_phone {
        let msg = Msg::new("文字说明中没有公开咨询电话", "the narrative gives no contact phone");
        out.report(Location::Document, msg).expected("公开咨询电话");
    }
}

rule!(ContactMissing, M006, contact_missing);

// ---- YS-M007 / M008 -------------------------------------------------------------

crate::rule_info!(M007, "YS-M007", Error, Completeness,
    "人员构成分项与合计不符", "staffing by kind does not add up",
    what: "编制数按类别（行政编制、事业编制 …）列出时，各类之和应等于编制数合计；在职人员按类别列出时，各类之和不能超过在职人员实有数。",
    why: "人员构成是人员经费的依据；分项与合计矛盾，说明至少一个数填错。",
    example: "共有编制 33 人，其中行政编制 30 人、事业编制 5 人（合计 35 人）。",
    needs: [Need::Staffing]);

fn staffing_sums(input: &Input, out: &mut Out) {
    let s = &input.budget().staffing;
    let authorized: u32 = s.authorized_by_kind.iter().map(|k| k.count).sum();
    if !s.authorized_by_kind.is_empty() && authorized != s.authorized {
        let msg = Msg::new(
            format!("编制数各类之和 {authorized} 人与编制数合计 {} 人不符", s.authorized),
            format!("authorized posts by kind add up to {authorized}, the total is {}", s.authorized),
        );
        out.report(input.locate("budget.toml", Some("[staffing]"), "authorized_by_kind"), msg)
            .expected(s.authorized.to_string())
            .actual(authorized.to_string())
            .difference((i64::from(authorized) - i64::from(s.authorized)).to_string());
    }
    let in_post: u32 = s.in_post_by_kind.iter().map(|k| k.count).sum();
    if in_post > s.in_post {
        let msg = Msg::new(
            format!("在职人员各类之和 {in_post} 人超过在职人员实有数 {} 人", s.in_post),
            format!("staff in post by kind add up to {in_post}, more than the {} in post", s.in_post),
        );
        out.report(input.locate("budget.toml", Some("[staffing]"), "in_post_by_kind"), msg)
            .expected(format!("≤ {}", s.in_post))
            .actual(in_post.to_string())
            .difference((i64::from(in_post) - i64::from(s.in_post)).to_string());
    }
}

rule!(StaffingSums, M007, staffing_sums);

crate::rule_info!(M008, "YS-M008", Info, Completeness,
    "在职人员分类不完整", "staff in post only partly itemised",
    what: "在职人员按类别列出（“其中：行政人员 …”）时，各类之和少于在职人员实有数，有人员没有归类。",
    why: "“其中”只列一部分并不违规，但读者无法知道其余人员是什么身份；人员经费的解释因此不完整。",
    example: "在职人员实有数 26 人，其中：行政人员 23 人（其余 3 人未说明）。",
    needs: [Need::Staffing]);

fn staffing_incomplete(input: &Input, out: &mut Out) {
    let s = &input.budget().staffing;
    let in_post: u32 = s.in_post_by_kind.iter().map(|k| k.count).sum();
    if s.in_post_by_kind.is_empty() || in_post >= s.in_post {
        return;
    }
    let kinds: Vec<String> = s.in_post_by_kind.iter().map(|k| format!("{} {} 人", k.kind, k.count)).collect();
    let msg = Msg::new(
        format!(
            "在职人员实有数 {} 人，分类只列出 {}，共 {in_post} 人，{} 人未归类",
            s.in_post,
            kinds.join("、"),
            s.in_post - in_post
        ),
        format!("{} staff in post, only {in_post} itemised by kind", s.in_post),
    );
    out.report(input.locate("budget.toml", Some("[staffing]"), "in_post_by_kind"), msg)
        .expected(s.in_post.to_string())
        .actual(in_post.to_string())
        .difference((s.in_post - in_post).to_string());
}

rule!(StaffingIncomplete, M008, staffing_incomplete);

// ---- YS-M009 --------------------------------------------------------------------

crate::rule_info!(M009, "YS-M009", Error, Completeness,
    "收入合计与支出明细合计不符", "income does not equal the sum of line items",
    what: "收入（各来源，含上年结转）之和应等于全部支出明细行之和；按资金来源逐项对比，差异列为证据。",
    why: "部门预算收支平衡：每一笔支出都有资金来源，每一笔收入都安排了支出。收入与支出明细不等，说明收入或明细漏填、多填。",
    example: "收入 一般公共预算 3927.98 万元，支出明细合计 3917.98 万元。",
    needs: [Need::Income, Need::LineItems]);

fn income_vs_items(input: &Input, out: &mut Out) {
    let b = input.budget();
    let income: Amount = b.income.iter().map(|i| i.amount).sum();
    let spent: Amount = b.line_items.iter().map(|l| l.amount).sum();
    if income == spent {
        return;
    }
    let mut evidence = Vec::new();
    for s in FundingSource::ALL {
        let i: Amount = b.income.iter().filter(|x| x.source == *s).map(|x| x.amount).sum();
        let e: Amount = b.line_items.iter().filter(|x| x.source == *s).map(|x| x.amount).sum();
        if i != e {
            evidence.push(Evidence {
                location: input.locate("budget.toml", None, "[[income]]"),
                quote: format!("{}：收入 {}，支出明细 {}", s.label(), show(i), show(e)),
            });
        }
    }
    let msg = Msg::new(
        format!("收入合计 {} 万元与支出明细合计 {} 万元不符（差 {}）", show(income), show(spent), show(income - spent)),
        format!(
            "income adds up to {} but the line items to {} (difference {})",
            show(income),
            show(spent),
            show(income - spent)
        ),
    );
    out.report(input.locate("budget.toml", None, "[[income]]"), msg)
        .expected(show(spent))
        .actual(show(income))
        .difference(show(income - spent))
        .evidences(evidence);
}

rule!(IncomeVsItems, M009, income_vs_items);

// ---- YS-M010 --------------------------------------------------------------------

crate::rule_info!(M010, "YS-M010", Warning, Completeness,
    "项目没有支出明细", "project without line items",
    what: "projects 中的项目没有任何支出明细行引用它，因此项目金额为 0，不会出现在项目支出预算表中。",
    why: "项目的当年预算由其明细行汇总；没有明细的项目要么漏录了明细，要么是不该公开的空项目。",
    example: "projects.toml 有项目 p-diaoyan（调查研究），line_items.csv 中没有 project = p-diaoyan 的行。",
    needs: [Need::Projects, Need::LineItems]);

fn project_without_items(input: &Input, out: &mut Out) {
    let b = input.budget();
    for p in &b.projects {
        if b.line_items.iter().any(|l| l.project.as_deref() == Some(p.id.as_str())) {
            continue;
        }
        let msg = Msg::new(
            format!("项目“{}”（{}）没有任何支出明细行", p.name, p.id),
            format!("project “{}” ({}) has no line items", p.name, p.id),
        );
        let needle = format!("id = \"{}\"", p.id);
        out.report(input.locate("projects.toml", None, &needle), msg).actual("0");
    }
}

rule!(ProjectWithoutItems, M010, project_without_items);

// ---- YS-M011 --------------------------------------------------------------------

crate::rule_info!(M011, "YS-M011", Info, Completeness,
    "预算单位没有支出明细", "budget unit without line items",
    what: "预算单位构成中列出的单位，没有任何支出明细行属于它。",
    why: "预算单位构成说明公开内容涵盖哪些单位；列出却没有预算的单位，要么漏录了它的预算，要么不应列入。",
    example: "department.units 列有“区政务服务中心”，line_items.csv 中没有 unit = 区政务服务中心 的行。",
    needs: [Need::LineItems]);

fn unit_without_items(input: &Input, out: &mut Out) {
    let b = input.budget();
    for u in &b.department.units {
        if b.line_items.iter().any(|l| l.unit == u.id) {
            continue;
        }
        let msg = Msg::new(
            format!("预算单位“{}”（{}）没有任何支出明细行", u.name, u.id),
            format!("budget unit “{}” ({}) has no line items", u.name, u.id),
        );
        let needle = format!("id = \"{}\"", u.id);
        out.report(input.locate("budget.toml", Some("[[department.units]]"), &needle), msg).actual("0");
    }
}

rule!(UnitWithoutItems, M011, unit_without_items);

/// The rules of this module.
pub fn rules() -> Vec<&'static dyn Rule> {
    vec![
        &TableMissing,
        &EmptyTable,
        &SectionMissing,
        &GlossaryMissing,
        &GlossaryCoreTerms,
        &ContactMissing,
        &StaffingSums,
        &StaffingIncomplete,
        &IncomeVsItems,
        &ProjectWithoutItems,
        &UnitWithoutItems,
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The example, as a package and as a published document of template
    /// wuhan-13: every table, narrative part, glossary term and the phone are
    /// there; the only finding is the 3 staff in post left unitemised.
    #[test]
    fn example_is_complete_but_for_its_staffing_breakdown() {
        use std::path::Path;
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/jianghan-2022-zhengfuban");
        let p = yusuan_package::load(&dir).unwrap_or_else(|e| panic!("{e}"));
        let t = Template::builtin(&p.budget.meta.template).unwrap();
        let d = yusuan_derive::derive(&p.budget, &p.catalog, &t).unwrap();
        let package = Input::from_package(&p.budget, &p.catalog, &d.document, None);
        let report = crate::run_rules(&rules(), &package, &crate::Config::default());
        let ids: Vec<&str> = report.findings.iter().map(|f| f.rule).collect();
        assert_eq!(ids, ["YS-M008"], "{report:#?}");
        let mut doc = Input::empty(&p.catalog);
        doc.template = Some("wuhan-13".into());
        doc.add_document(&d.document);
        let report = crate::run_rules(&rules(), &doc, &crate::Config::default());
        assert!(report.findings.is_empty(), "{report:#?}");
        doc.template = None;
        doc.tables.retain(|t| t.role != "procurement");
        let report = crate::run_rules(&rules(), &doc, &crate::Config::default());
        assert!(report.findings.is_empty(), "without a template no table is required: {report:#?}");
    }

    #[test]
    fn labelled_phones_only_count_as_contact() {
        let catalog = yusuan_model::Catalog::embedded();
        let mut input = Input::empty(&catalog);
        for (i, h) in ["一", "二", "三", "四", "五"].iter().enumerate() {
            input.paragraphs.push(Paragraph {
                section: format!("s{i}"),
                heading: format!("{h}、部分"),
                index: 0,
                text: "负责区长专线电话受理工作，12345678 热线。".into(),
                line: None,
            });
        }
        let report = crate::run_rules(&[&ContactMissing], &input, &crate::Config::default());
        assert_eq!(report.findings.len(), 1);
    }
}
