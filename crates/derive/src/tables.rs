//! Table builders: one per [`TableKind`], each a GROUP BY over the line items
//! driven by the template's [`TableDef`].

use std::collections::BTreeMap;

use yusuan_model::view::{Cell, Column, ColumnKind, HeaderCell, Row, RowKind, Table};
use yusuan_model::{Amount, Budget, Catalog, Code, FundingSource, Level, LineItem, Scheme};

use crate::template::{ColumnDef, Filter, TableDef, TableKind, Template};

/// What every builder reads.
pub struct Ctx<'a> {
    pub budget: &'a Budget,
    pub catalog: &'a Catalog,
    pub template: &'a Template,
}

impl Ctx<'_> {
    /// The catalog name of a code, or empty when the catalog does not know it.
    pub fn name(&self, scheme: Scheme, code: Code) -> String {
        self.catalog.name(scheme, code).unwrap_or_default().to_owned()
    }

    pub fn fill(&self, pattern: &str) -> String {
        let region_short = self.template.region.rsplit(['省', '市']).next().unwrap_or("");
        let region_short = if region_short.is_empty() { self.template.region.as_str() } else { region_short };
        let dept_region = short_region(&self.budget.department.region);
        pattern
            .replace("{year}", &self.budget.meta.year.to_string())
            .replace("{region_short}", if dept_region.is_empty() { region_short } else { dept_region })
    }
}

/// The district or city part of a region: 湖北省武汉市江汉区 → 江汉区.
fn short_region(region: &str) -> &str {
    for sep in ['市', '省'] {
        if let Some(i) = region.rfind(sep) {
            let rest = &region[i + sep.len_utf8()..];
            if !rest.is_empty() {
                return rest;
            }
        }
    }
    region
}

/// Builds a grid table of the template; `None` for form kinds.
pub fn build(ctx: &Ctx, def: &TableDef) -> Option<Table> {
    let rows_and_cols = match def.kind {
        TableKind::Summary => summary(ctx, def),
        TableKind::Functional => hierarchy(ctx, def, Scheme::Functional),
        TableKind::Economic => hierarchy(ctx, def, Scheme::Economic),
        TableKind::Grouped => grouped(ctx, def),
        TableKind::Items => items(ctx, def),
        TableKind::DepartmentPerformance | TableKind::ProjectPerformance => return None,
    };
    let (header, columns, rows) = rows_and_cols;
    let empty = rows
        .iter()
        .all(|r| r.kind == RowKind::Total && r.cells.iter().all(|c| matches!(c, Cell::Empty | Cell::Text(_))));
    let (rows, empty_statement) = match (&def.empty_statement, empty) {
        (Some(s), true) => (Vec::new(), Some(ctx.fill(s))),
        _ => (rows, None),
    };
    Some(Table {
        id: def.id.clone(),
        role: def.role.clone(),
        number: def.number,
        title: ctx.fill(&def.title),
        unit_name: def.unit_name.then(|| ctx.budget.department.short_name.clone()),
        unit: ctx.template.unit,
        decimals: ctx.template.decimals,
        header,
        columns,
        rows,
        empty_statement,
        notes: Vec::new(),
    })
}

type Built = (Vec<Vec<HeaderCell>>, Vec<Column>, Vec<Row>);

/// Header rows from leaf header paths: consecutive columns sharing a prefix
/// merge into one cell; a path shorter than the deepest spans down.
pub fn header_rows(paths: &[Vec<String>]) -> Vec<Vec<HeaderCell>> {
    let depth = paths.iter().map(Vec::len).max().unwrap_or(0);
    let mut rows = Vec::with_capacity(depth);
    for level in 0..depth {
        let mut row = Vec::new();
        let mut j = 0;
        while j < paths.len() {
            let p = &paths[j];
            if p.len() <= level {
                j += 1;
                continue;
            }
            if p.len() == level + 1 {
                row.push(HeaderCell { text: p[level].clone(), colspan: 1, rowspan: (depth - level) as u16 });
                j += 1;
                continue;
            }
            let mut k = j + 1;
            while k < paths.len() && paths[k].len() > level + 1 && paths[k][..=level] == p[..=level] {
                k += 1;
            }
            row.push(HeaderCell { text: p[level].clone(), colspan: (k - j) as u16, rowspan: 1 });
            j = k;
        }
        rows.push(row);
    }
    rows
}

fn columns_of(defs: &[ColumnDef]) -> (Vec<Vec<HeaderCell>>, Vec<Column>) {
    let paths: Vec<Vec<String>> = defs.iter().map(|c| c.header.clone()).collect();
    let columns = defs
        .iter()
        .map(|c| Column {
            key: c.key.clone(),
            label: c.header.join("/"),
            kind: match c.value.as_deref() {
                Some("code" | "functional_code" | "unit_code") => ColumnKind::Code,
                Some(_) => ColumnKind::Text,
                None => ColumnKind::Amount,
            },
        })
        .collect();
    (header_rows(&paths), columns)
}

fn sum<'a>(items: impl IntoIterator<Item = &'a LineItem>, f: &Filter) -> Amount {
    items.into_iter().filter(|l| f.keeps(l)).map(|l| l.amount).sum()
}

/// Amount cells of `defs` for a set of line items; value columns get `value(key)`.
fn cells(defs: &[ColumnDef], items: &[&LineItem], value: impl Fn(&str) -> String) -> Vec<Cell> {
    defs.iter()
        .map(|c| match (&c.value, c.never) {
            (Some(v), _) => {
                let s = value(v);
                if s.is_empty() { Cell::Empty } else { Cell::Text(s) }
            }
            (None, true) => Cell::Empty,
            (None, false) => Cell::amount_or_blank(sum(items.iter().copied(), &c.filter())),
        })
        .collect()
}

fn row_kind(level: Level) -> RowKind {
    match level {
        Level::Class => RowKind::Class,
        Level::Section => RowKind::Section,
        Level::Item => RowKind::Item,
    }
}

/// 合计 row, then every code used (类 → 款 → 项) in code order.
fn hierarchy(ctx: &Ctx, def: &TableDef, scheme: Scheme) -> Built {
    let (header, columns) = columns_of(&def.columns);
    let items: Vec<&LineItem> = ctx.budget.line_items.iter().filter(|l| def.filter.keeps(l)).collect();
    let mut by_code: BTreeMap<Code, Vec<&LineItem>> = BTreeMap::new();
    for l in &items {
        let code = match scheme {
            Scheme::Functional => l.functional.code(),
            _ => l.economic.code(),
        };
        let mut c = Some(code);
        while let Some(cc) = c {
            by_code.entry(cc).or_default().push(l);
            c = cc.parent();
        }
    }
    let mut rows = vec![Row {
        line: None,
        kind: RowKind::Total,
        code: None,
        cells: cells(&def.columns, &items, |v| if v == "code" { "合计".into() } else { String::new() }),
    }];
    for (code, its) in &by_code {
        let name = ctx.name(scheme, *code);
        rows.push(Row {
            line: None,
            kind: row_kind(code.level()),
            code: Some(code.as_str().to_owned()),
            cells: cells(&def.columns, its, |v| match v {
                "code" => code.as_str().to_owned(),
                "name" => name.clone(),
                _ => String::new(),
            }),
        });
    }
    (header, columns, rows)
}

/// One row per group of line items, after a 合计 row.
fn grouped(ctx: &Ctx, def: &TableDef) -> Built {
    let (header, columns) = columns_of(&def.columns);
    let b = ctx.budget;
    let items: Vec<&LineItem> = b.line_items.iter().filter(|l| def.filter.keeps(l)).collect();
    let project_rank = |id: &Option<String>| id.as_ref().and_then(|id| b.projects.iter().position(|p| &p.id == id));
    let mut groups: BTreeMap<(Vec<String>, Option<usize>), Vec<&LineItem>> = BTreeMap::new();
    for l in &items {
        let key: Vec<String> = def
            .group_by
            .iter()
            .map(|k| match k.as_str() {
                "unit" => l.unit.clone(),
                "functional" => l.functional.as_str().to_owned(),
                "project" => l.project.clone().unwrap_or_default(),
                _ => String::new(),
            })
            .collect();
        // Sort by functional code and unit, then projects in package order.
        let sort_key: Vec<String> =
            key.iter().zip(&def.group_by).filter(|(_, k)| *k != "project").map(|(v, _)| v.clone()).collect();
        groups.entry((sort_key, project_rank(&l.project))).or_default().push(l);
    }
    let first_text = def.columns.iter().position(|c| c.value.is_some());
    let mut total_cells = cells(&def.columns, &items, |_| String::new());
    if let Some(i) = first_text {
        total_cells[i] = Cell::text("合计");
    }
    let mut rows = vec![Row { line: None, kind: RowKind::Total, code: None, cells: total_cells }];
    for its in groups.values() {
        let l = its[0];
        let unit = b.department.units.iter().find(|u| u.id == l.unit);
        let project = l.project.as_deref().and_then(|p| b.project(p));
        rows.push(Row {
            line: None,
            kind: RowKind::Line,
            code: Some(l.functional.as_str().to_owned()),
            cells: cells(&def.columns, its, |v| match v {
                "unit" => l.unit.clone(),
                "unit_code" => unit.and_then(|u| u.code.clone()).unwrap_or_default(),
                "unit_name" => unit.map_or_else(|| l.unit.clone(), |u| u.name.clone()),
                "functional_code" => l.functional.as_str().to_owned(),
                "functional_name" => ctx.name(Scheme::Functional, l.functional.code()),
                "project_name" => project.map_or_else(String::new, |p| p.name.clone()),
                _ => String::new(),
            }),
        });
    }
    (header, columns, rows)
}

/// One row per procurement or purchased-service item, after a 合计 row.
fn items(ctx: &Ctx, def: &TableDef) -> Built {
    let (header, columns) = columns_of(&def.columns);
    let b = ctx.budget;
    struct Item<'a> {
        unit: &'a str,
        functional: yusuan_model::FunctionalCode,
        project: Option<&'a str>,
        category: String,
        item: &'a str,
        quantity: &'a str,
        source: FundingSource,
        amount: Amount,
    }
    let list: Vec<Item> = match def.items.as_deref() {
        Some("procurement") => b
            .procurement
            .iter()
            .map(|p| Item {
                unit: &p.unit,
                functional: p.functional,
                project: p.project.as_deref(),
                category: format!("{}类", p.category.label()),
                item: &p.item,
                quantity: &p.quantity,
                source: p.source,
                amount: p.amount,
            })
            .collect(),
        Some("purchased_services") => b
            .purchased_services
            .iter()
            .map(|p| Item {
                unit: &p.unit,
                functional: p.functional,
                project: p.project.as_deref(),
                category: p.category.clone(),
                item: &p.content,
                quantity: "",
                source: p.source,
                amount: p.amount,
            })
            .collect(),
        _ => Vec::new(),
    };
    let amount_cells = |its: &[&Item]| -> Vec<Option<Amount>> {
        def.columns
            .iter()
            .map(|c| {
                (c.value.is_none() && !c.never).then(|| {
                    let f = c.filter();
                    its.iter().filter(|i| f.keeps_source(i.source)).map(|i| i.amount).sum()
                })
            })
            .collect()
    };
    let all: Vec<&Item> = list.iter().collect();
    let first_text = def.columns.iter().position(|c| c.value.is_some());
    let mut total: Vec<Cell> =
        amount_cells(&all).into_iter().map(|a| a.map_or(Cell::Empty, Cell::amount_or_blank)).collect();
    if let Some(i) = first_text {
        total[i] = Cell::text("合计");
    }
    let mut rows = vec![Row { line: None, kind: RowKind::Total, code: None, cells: total }];
    for it in &list {
        let unit = b.department.units.iter().find(|u| u.id == it.unit);
        let amounts = amount_cells(&[it]);
        let cells = def
            .columns
            .iter()
            .zip(amounts)
            .map(|(c, a)| match (&c.value, a) {
                (_, Some(a)) => Cell::amount_or_blank(a),
                (Some(v), None) => {
                    let s = match v.as_str() {
                        "unit" => it.unit.to_owned(),
                        "unit_code" => unit.and_then(|u| u.code.clone()).unwrap_or_else(|| it.unit.to_owned()),
                        "functional_code" => it.functional.as_str().to_owned(),
                        "functional_name" => ctx.name(Scheme::Functional, it.functional.code()),
                        "project_name" => {
                            it.project.and_then(|p| b.project(p)).map_or_else(String::new, |p| p.name.clone())
                        }
                        "category" => it.category.clone(),
                        "item" | "content" => it.item.to_owned(),
                        "quantity" => it.quantity.to_owned(),
                        _ => String::new(),
                    };
                    if s.is_empty() { Cell::Empty } else { Cell::Text(s) }
                }
                (None, None) => Cell::Empty,
            })
            .collect();
        rows.push(Row { line: None, kind: RowKind::Line, code: Some(it.functional.as_str().to_owned()), cells });
    }
    (header, columns, rows)
}

const ORDINALS: [&str; 10] = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

/// Three panels side by side: income | functional 类 | economic 类, then the totals.
fn summary(ctx: &Ctx, def: &TableDef) -> Built {
    let b = ctx.budget;
    let nf = def.funds.len();
    let funcs_header = def.functional_header.clone().unwrap_or_else(|| "支出（功能）".into());
    let econ_header = def.economic_header.clone().unwrap_or_else(|| "支出（经济分类）".into());
    // Header.
    let mut paths: Vec<Vec<String>> = vec![vec!["收入".into(), "项目".into()], vec!["收入".into(), "预算数".into()]];
    let mut cols = vec![("income_item".to_owned(), ColumnKind::Text), ("income_amount".to_owned(), ColumnKind::Amount)];
    for (panel, title) in [("functional", &funcs_header), ("economic", &econ_header)] {
        paths.push(vec![title.clone(), "项目".into()]);
        cols.push((format!("{panel}_item"), ColumnKind::Text));
        for f in &def.funds {
            paths.push(vec![title.clone(), f.header.clone()]);
            cols.push((format!("{panel}.{}", f.key), ColumnKind::Amount));
        }
    }
    let header = header_rows(&paths);
    let columns: Vec<Column> =
        cols.into_iter().zip(&paths).map(|((key, kind), path)| Column { key, label: path.join("/"), kind }).collect();
    let fund_filters: Vec<Filter> =
        def.funds.iter().map(|f| Filter { source: f.source.clone(), ..Filter::default() }).collect();
    let in_table = |l: &&LineItem| fund_filters.iter().any(|f| f.keeps(l));
    let items: Vec<&LineItem> = b.line_items.iter().filter(in_table).collect();

    // Income panel.
    let income_of = |s: FundingSource| -> Amount { b.income.iter().filter(|i| i.source == s).map(|i| i.amount).sum() };
    let income: Vec<(String, Amount)> = def
        .income_sources
        .iter()
        .enumerate()
        .map(|(i, s)| (format!("{}、{}", ORDINALS.get(i).copied().unwrap_or(""), s.title()), income_of(*s)))
        .collect();
    // Expenditure panels: every 类 of the catalog plus any used.
    let panel = |scheme: Scheme, code_of: fn(&LineItem) -> Code| -> Vec<(String, Vec<Amount>)> {
        let mut classes: Vec<Code> = ctx.catalog.at_level(scheme, Level::Class).map(|e| e.code).collect();
        for l in &items {
            let c = code_of(l).at(Level::Class).expect("codes have a class");
            if !classes.contains(&c) {
                classes.push(c);
            }
        }
        classes.sort();
        classes
            .into_iter()
            .map(|c| {
                let its = items.iter().filter(|l| code_of(l).at(Level::Class) == Some(c));
                let sums = fund_filters.iter().map(|f| sum(its.clone().copied(), f)).collect();
                (format!("{} {}", c.as_str(), ctx.name(scheme, c)), sums)
            })
            .collect()
    };
    let funcs = panel(Scheme::Functional, |l| l.functional.code());
    let econs = panel(Scheme::Economic, |l| l.economic.code());
    let n = income.len().max(funcs.len()).max(econs.len());
    let blank_panel = || std::iter::repeat_n(Cell::Empty, nf + 1);
    let amounts = |v: &[Amount]| v.iter().map(|a| Cell::amount_or_blank(*a)).collect::<Vec<_>>();
    let mut rows = Vec::with_capacity(n + 3);
    for i in 0..n {
        let mut cells = Vec::with_capacity(columns.len());
        match income.get(i) {
            Some((label, a)) => cells.extend([Cell::text(label), Cell::amount_or_blank(*a)]),
            None => cells.extend([Cell::Empty, Cell::Empty]),
        }
        for p in [&funcs, &econs] {
            match p.get(i) {
                Some((label, sums)) => {
                    cells.push(Cell::text(label));
                    cells.extend(amounts(sums));
                }
                None => cells.extend(blank_panel()),
            }
        }
        rows.push(Row { line: None, kind: RowKind::Line, code: None, cells });
    }
    let income_total: Amount = income.iter().map(|(_, a)| *a).sum();
    let spend: Vec<Amount> = fund_filters.iter().map(|f| sum(items.iter().copied(), f)).collect();
    let carry_in = if def.income_sources.iter().all(|s| s.is_appropriation()) {
        Amount::ZERO
    } else {
        income_of(FundingSource::CarryOver)
    };
    let zero = vec![Amount::ZERO; nf];
    let footer = |income_label: &str, income: Amount, spend_label: &str, spend: &[Amount]| {
        let mut cells = vec![Cell::text(income_label), Cell::amount_or_blank(income)];
        for _ in 0..2 {
            cells.push(Cell::text(spend_label));
            cells.extend(amounts(spend));
        }
        Row { line: None, kind: RowKind::Total, code: None, cells }
    };
    rows.push(footer("本年收入合计", income_total, "本年支出合计", &spend));
    rows.push(footer(def.carry_over.as_deref().unwrap_or("上年结转"), carry_in, "结转下年", &zero));
    rows.push(footer("收入总计", income_total + carry_in, "支出总计", &spend));
    (header, columns, rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_rows_merge_prefixes_and_span_down() {
        let p = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let rows = header_rows(&[p(&["编码"]), p(&["基本支出", "小计"]), p(&["基本支出", "人员经费"]), p(&["合计"])]);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].len(), 3);
        assert_eq!((rows[0][0].rowspan, rows[0][1].colspan, rows[0][2].rowspan), (2, 2, 2));
        assert_eq!(rows[1].iter().map(|c| c.text.as_str()).collect::<Vec<_>>(), ["小计", "人员经费"]);
    }
}
