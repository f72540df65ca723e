//! The narrative (文字说明): the template's minijinja text, filled with the
//! facts and the derived figures, then read back as sections, paragraphs and
//! lists. Figures travel through the text as private-use markers so that the
//! document keeps, for every printed number, the key of what it measures.

use std::collections::BTreeMap;

use minijinja::{Environment, Error, ErrorKind, Value, context};
use serde::Serialize;
use yusuan_model::view::{Block, Section, Span};
use yusuan_model::{Budget, Catalog, ExpenseKind, FundingSource, Level, Scheme};

use crate::figures::Figures;
use crate::template::Template;

const FIG_START: char = '\u{E000}';
const FIG_MID: char = '\u{E001}';
const FIG_END: char = '\u{E002}';

/// A narrative template that cannot be rendered (a bug in the template).
#[derive(Debug, thiserror::Error)]
#[error("文字说明模板错误 narrative template error: {0:#}")]
pub struct NarrativeError(#[from] Error);

fn marker(key: &str, text: &str) -> String {
    format!("{FIG_START}{key}{FIG_MID}{text}{FIG_END}")
}

const CN_NUMS: [&str; 11] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

/// 1 → 一, 11 → 十一, 20 → 二十.
pub fn chinese_number(n: usize) -> String {
    match n {
        0..=10 => CN_NUMS[n].to_owned(),
        11..=19 => format!("十{}", CN_NUMS[n - 10]),
        20..=99 => format!("{}十{}", CN_NUMS[n / 10], if n.is_multiple_of(10) { "" } else { CN_NUMS[n % 10] }),
        _ => n.to_string(),
    }
}

#[derive(Serialize)]
struct Keyed {
    key: String,
    name: String,
    code: String,
}

#[derive(Serialize)]
struct ProjectItem {
    key: String,
    name: String,
    code: String,
    projects: Vec<Keyed>,
}

/// The year-on-year phrase of `key`: `增加 X 万元，增长 Y%` / `持平` (`versus`:
/// `比上年预算减少 X 万元` / `与上年预算持平`). The direction word, the change and the
/// rate are figures, so the checker can test each against the tables.
fn change_text(f: &Figures, key: &str, versus: bool) -> Result<String, Error> {
    let dir = f
        .get(&format!("{key}.direction"))
        .ok_or_else(|| Error::new(ErrorKind::InvalidOperation, format!("no prior year for “{key}”")))?;
    let word = marker(&format!("{key}.direction"), &dir.text);
    let change = || {
        let text = f.get(&format!("{key}.change")).map_or(String::new(), |x| x.text.clone());
        marker(&format!("{key}.change"), &text)
    };
    Ok(match (dir.text.as_str(), versus) {
        ("持平", false) => word,
        ("持平", true) => format!("与上年预算{word}"),
        (_, true) => format!("比上年预算{word} {} 万元", change()),
        (d, false) => {
            let grow = if d == "增加" { "增长" } else { "下降" };
            match f.get(&format!("{key}.rate")) {
                Some(r) => format!("{word} {} 万元，{grow} {}", change(), marker(&format!("{key}.rate"), &r.text)),
                None => format!("{word} {} 万元", change()),
            }
        }
    })
}

/// Renders the narrative sections of `b`.
pub fn sections(
    b: &Budget,
    catalog: &Catalog,
    template: &Template,
    figures: &Figures,
    table_ids: &[String],
) -> Result<Vec<Section>, NarrativeError> {
    let text = render(b, catalog, template, figures, table_ids)?;
    Ok(parse_markup(&text))
}

fn render(
    b: &Budget,
    catalog: &Catalog,
    template: &Template,
    figures: &Figures,
    table_ids: &[String],
) -> Result<String, Error> {
    let mut env = Environment::new();
    // Lenient: optional texts left out of a package are simply absent. Figures are strict (`fig`).
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Lenient);
    let figs = std::sync::Arc::new(figures.clone());
    let f = figs.clone();
    env.add_function("fig", move |key: String| -> Result<String, Error> {
        f.get(&key)
            .map(|d| marker(&key, &d.text))
            .ok_or_else(|| Error::new(ErrorKind::InvalidOperation, format!("unknown figure “{key}”")))
    });
    let f = figs.clone();
    env.add_function("has", move |key: String| f.get(&key).is_some());
    let f = figs.clone();
    env.add_function("amount_nonzero", move |key: String| f.amount(&key).is_some_and(|a| !a.is_zero()));
    let f = figs.clone();
    env.add_function("change", move |key: String| change_text(&f, &key, false));
    let f = figs.clone();
    env.add_function("versus_prior", move |key: String| change_text(&f, &key, true));
    let f = figs.clone();
    env.add_function("direction", move |key: String| {
        f.get(&format!("{key}.direction")).map_or(String::new(), |d| marker(&format!("{key}.direction"), &d.text))
    });
    env.add_filter("sentence", |s: String| -> String {
        let t = s.trim();
        if t.is_empty() || t.ends_with(['。', '！', '？', '；', '.', '”', '）']) {
            t.to_owned()
        } else {
            format!("{t}。")
        }
    });
    env.add_filter("clause", |s: String| -> String { s.trim().trim_end_matches(['。', '；', '，']).to_owned() });
    let numbers: BTreeMap<String, u32> = template.tables.iter().map(|t| (t.id.clone(), t.number)).collect();
    env.add_function("table_number", move |id: String| numbers.get(&id).copied().unwrap_or(0));
    env.add_function("cn", |n: usize| chinese_number(n));
    env.add_template("narrative", &template.narrative)?;

    // Lists the template iterates over.
    let income_sources: Vec<Value> = FundingSource::ALL
        .iter()
        .filter(|s| figures.get(&format!("income.{}", s.id())).is_some())
        .map(|s| context! { title => s.title(), key => format!("income.{}", s.id()) })
        .collect();
    let mut expense_kinds = Vec::new();
    if b.line_items.iter().any(|l| l.kind.is_basic()) {
        expense_kinds.push("基本支出");
    }
    if b.line_items.iter().any(|l| l.kind == ExpenseKind::Project) {
        expense_kinds.push("项目支出");
    }
    let name = |scheme, code: yusuan_model::Code| catalog.name(scheme, code).unwrap_or_default().to_owned();
    let classes: Vec<Keyed> = figures
        .map
        .keys()
        .filter_map(|k| k.strip_prefix("func.").filter(|c| c.len() == 3))
        .filter_map(|c| yusuan_model::Code::parse(c, Scheme::Functional))
        .map(|c| Keyed {
            key: format!("func.{}", c.as_str()),
            name: name(Scheme::Functional, c),
            code: c.as_str().to_owned(),
        })
        .collect();
    let mut project_items: Vec<ProjectItem> = Vec::new();
    for l in b.line_items.iter().filter(|l| l.kind == ExpenseKind::Project && l.source == FundingSource::GeneralBudget)
    {
        let item = l.functional.at(Level::Item).unwrap_or(l.functional);
        let key = format!("project.func.{item}");
        let idx = match project_items.iter().position(|p| p.key == key) {
            Some(i) => i,
            None => {
                project_items.push(ProjectItem {
                    key,
                    name: name(Scheme::Functional, item.code()),
                    code: item.as_str().to_owned(),
                    projects: Vec::new(),
                });
                project_items.len() - 1
            }
        };
        if let Some(p) = l.project.as_deref().and_then(|p| b.project(p)) {
            let pk = format!("project.{}", p.id);
            if !project_items[idx].projects.iter().any(|x| x.key == pk) {
                project_items[idx].projects.push(Keyed { key: pk, name: p.name.clone(), code: String::new() });
            }
        }
    }
    project_items.sort_by(|a, b| a.code.cmp(&b.code));
    let personnel_classes: Vec<Value> = figures
        .map
        .keys()
        .filter_map(|k| k.strip_prefix("general_budget.basic.econ."))
        .filter(|c| b.line_items.iter().any(|l| l.kind == ExpenseKind::Personnel && l.economic.class().as_str() == *c))
        .filter_map(|c| yusuan_model::Code::parse(c, Scheme::Economic))
        .map(|c| {
            let uses = match c.as_str() {
                "301" => b.narrative.wages_uses.clone(),
                "303" => b.narrative.household_uses.clone(),
                _ => String::new(),
            };
            context! { key => format!("general_budget.basic.econ.{}", c.as_str()), name => name(Scheme::Economic, c), uses => uses }
        })
        .collect();
    let procurement_categories: Vec<Value> = yusuan_model::ProcurementCategory::ALL
        .iter()
        .filter(|c| figures.amount(&format!("procurement.{}", c.id())).is_some_and(|a| !a.is_zero()))
        .map(|c| context! { label => c.label(), key => format!("procurement.{}", c.id()) })
        .collect();
    let tmpl = env.get_template("narrative")?;
    tmpl.render(context! {
        year => b.meta.year,
        prior_year => b.prior_year.year,
        department => Value::from(minijinja::value::Serde(&b.department)),
        staffing => Value::from(minijinja::value::Serde(&b.staffing)),
        staffing_as_of => month_text(&b.staffing.as_of),
        assets => Value::from(minijinja::value::Serde(&b.assets)),
        assets_as_of => date_text(&b.assets.as_of),
        contact => Value::from(minijinja::value::Serde(&b.contact)),
        narrative => Value::from(minijinja::value::Serde(&b.narrative)),
        glossary => Value::from(minijinja::value::Serde(&b.glossary)),
        income_sources => Value::from(minijinja::value::Serde(&income_sources)),
        expense_kinds => Value::from(minijinja::value::Serde(&expense_kinds)),
        classes => Value::from(minijinja::value::Serde(&classes)),
        project_items => Value::from(minijinja::value::Serde(&project_items)),
        personnel_classes => Value::from(minijinja::value::Serde(&personnel_classes)),
        procurement_categories => Value::from(minijinja::value::Serde(&procurement_categories)),
        tables => Value::from(minijinja::value::Serde(table_ids)),
    })
}

/// `2021-12` → `2021 年 12 月`.
fn month_text(s: &str) -> String {
    match s.split_once('-') {
        Some((y, m)) => format!("{y} 年 {} 月", m.trim_start_matches('0')),
        None => s.to_owned(),
    }
}

/// `2021-12-31` → `2021 年 12 月 31 日`.
fn date_text(s: &str) -> String {
    let parts: Vec<&str> = s.split('-').collect();
    match parts.as_slice() {
        [y, m, d] => format!("{y} 年 {} 月 {} 日", m.trim_start_matches('0'), d.trim_start_matches('0')),
        _ => month_text(s),
    }
}

/// Splits a paragraph's text at figure markers.
pub fn spans(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find(FIG_START) {
        if i > 0 {
            out.push(Span::text(&rest[..i]));
        }
        let after = &rest[i + FIG_START.len_utf8()..];
        let (Some(m), Some(e)) = (after.find(FIG_MID), after.find(FIG_END)) else {
            out.push(Span::text(after));
            return out;
        };
        out.push(Span::Figure { key: after[..m].to_owned(), text: after[m + FIG_MID.len_utf8()..e].to_owned() });
        rest = &after[e + FIG_END.len_utf8()..];
    }
    if !rest.is_empty() {
        out.push(Span::text(rest));
    }
    out
}

/// Reads the narrative markup: `#`/`##`/`###` headings, `- ` list items,
/// paragraphs separated by blank lines, `@table ID` placeholders (kept as a
/// paragraph with the single text `@table ID`, replaced by the caller).
pub fn parse_markup(text: &str) -> Vec<Section> {
    let mut root: Vec<Section> = Vec::new();
    let mut counters = [0usize; 3];
    let mut para: Vec<&str> = Vec::new();
    let mut list: Vec<Vec<Span>> = Vec::new();

    fn current(root: &mut [Section]) -> Option<&mut Section> {
        let mut s = root.last_mut()?;
        while !s.children.is_empty() {
            s = s.children.last_mut().expect("non-empty");
        }
        Some(s)
    }
    fn flush(root: &mut [Section], para: &mut Vec<&str>, list: &mut Vec<Vec<Span>>) {
        if let Some(s) = current(root) {
            if !para.is_empty() {
                let joined: String = para.join("");
                s.blocks.push(Block::Paragraph(spans(joined.trim())));
            }
            if !list.is_empty() {
                s.blocks.push(Block::List(std::mem::take(list)));
            }
        }
        para.clear();
        list.clear();
    }

    for line in text.lines() {
        let t = line.trim_end();
        let heading = t
            .strip_prefix("### ")
            .map(|h| (3, h))
            .or_else(|| t.strip_prefix("## ").map(|h| (2, h)))
            .or_else(|| t.strip_prefix("# ").map(|h| (1, h)));
        if let Some((level, h)) = heading {
            flush(&mut root, &mut para, &mut list);
            counters[level - 1] += 1;
            for c in counters.iter_mut().skip(level) {
                *c = 0;
            }
            let id = format!("s{}", counters[..level].iter().map(|c| c.to_string()).collect::<Vec<_>>().join("-"));
            let sec = Section {
                id,
                heading: h.trim().to_owned(),
                level: level as u8,
                blocks: Vec::new(),
                children: Vec::new(),
            };
            match level {
                1 => root.push(sec),
                _ => {
                    let mut parent = root.last_mut();
                    for _ in 2..level {
                        parent = parent.and_then(|p| p.children.last_mut());
                    }
                    match parent {
                        Some(p) => p.children.push(sec),
                        None => root.push(sec),
                    }
                }
            }
        } else if let Some(item) = t.strip_prefix("- ") {
            if !para.is_empty() {
                let l = std::mem::take(&mut list);
                flush(&mut root, &mut para, &mut Vec::new());
                list = l;
            }
            list.push(spans(item.trim()));
        } else if t.trim().is_empty() {
            flush(&mut root, &mut para, &mut list);
        } else if t.starts_with("@table ") {
            flush(&mut root, &mut para, &mut list);
            para.push(t.trim());
            flush(&mut root, &mut para, &mut list);
        } else {
            if !list.is_empty() {
                flush(&mut root, &mut Vec::new(), &mut list);
            }
            para.push(t.trim());
        }
    }
    flush(&mut root, &mut para, &mut list);
    root
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_numbers() {
        assert_eq!(chinese_number(1), "一");
        assert_eq!(chinese_number(11), "十一");
        assert_eq!(chinese_number(20), "二十");
        assert_eq!(chinese_number(23), "二十三");
    }

    #[test]
    fn markup_becomes_sections_with_figure_spans() {
        let text = format!("# A\n\n## B\n\npara {} 万元\nmore\n\n- x\n- y\n\n### C\n\nz\n", marker("total", "3927.98"));
        let s = parse_markup(&text);
        assert_eq!(s.len(), 1);
        let b = &s[0].children[0];
        assert_eq!(b.id, "s1-1");
        match &b.blocks[0] {
            Block::Paragraph(p) => {
                assert_eq!(p[1], Span::Figure { key: "total".into(), text: "3927.98".into() });
                assert_eq!(p[2].as_str(), " 万元more");
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(&b.blocks[1], Block::List(l) if l.len() == 2));
        assert_eq!(b.children[0].heading, "C");
    }
}
