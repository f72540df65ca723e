//! The data of a department-year's charts, computed from its facts (exact, in 分) and shipped in the page
//! as JSON: values are integers of 分 (ECharts only compares them), labels are printed by `Amount`.

use std::collections::BTreeMap;

use serde::Serialize;
use yusuan_model::view::{Block, Cell, Document, RowKind, Section, Table};
use yusuan_model::{Amount, Catalog, Code, Level, MoneyUnit, Scheme, ThreePublic};

use crate::i18n::{Lang, t};

#[derive(Serialize)]
pub struct Node {
    pub name: String,
    pub code: String,
    /// 分.
    pub value: i64,
    /// The amount in 万元 as printed: `2,877.80`.
    pub text: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<Node>,
}

#[derive(Serialize)]
pub struct Bars {
    pub categories: Vec<String>,
    pub series: Vec<Series>,
}

#[derive(Serialize)]
pub struct Series {
    pub name: String,
    /// 分 per category; `null` when unknown.
    pub values: Vec<Option<i64>>,
    pub texts: Vec<String>,
}

#[derive(Serialize)]
pub struct ChartData {
    pub unit: &'static str,
    pub functional: Vec<Node>,
    /// 类 with their 款 as children.
    pub economic: Vec<Node>,
    pub yoy: Bars,
    pub sangong: Bars,
    pub labels: BTreeMap<&'static str, &'static str>,
}

pub fn wan(fen: i64) -> String {
    Amount::from_fen(fen).format_grouped(MoneyUnit::WanYuan, 2)
}

fn name(catalog: &Catalog, scheme: Scheme, code: Code) -> String {
    match catalog.name(scheme, code) {
        Some(n) => format!("{} {n}", code.as_str()),
        None => code.as_str().to_owned(),
    }
}

/// An amount and its codes from the class down.
type Coded = (Vec<Code>, i64);

/// Known amounts of a year, 分: (total, basic, project).
type YearAmounts = (Option<i64>, Option<i64>, Option<i64>);

/// A tree of sums by code level: (code at each level, amount).
fn tree(catalog: &Catalog, scheme: Scheme, items: &[Coded]) -> Vec<Node> {
    fn build(catalog: &Catalog, scheme: Scheme, items: &[Coded], depth: usize) -> Vec<Node> {
        let mut groups: BTreeMap<String, (Code, Vec<Coded>)> = BTreeMap::new();
        for (codes, v) in items {
            if let Some(c) = codes.get(depth) {
                groups.entry(c.as_str().to_owned()).or_insert_with(|| (*c, Vec::new())).1.push((codes.clone(), *v));
            }
        }
        let mut nodes: Vec<Node> = groups
            .into_values()
            .map(|(code, sub)| {
                let value: i64 = sub.iter().map(|(_, v)| v).sum();
                let children = build(catalog, scheme, &sub, depth + 1);
                Node {
                    name: name(catalog, scheme, code),
                    code: code.as_str().to_owned(),
                    value,
                    text: wan(value),
                    children,
                }
            })
            .filter(|n| n.value != 0)
            .collect();
        nodes.sort_by(|a, b| b.value.cmp(&a.value).then(a.code.cmp(&b.code)));
        nodes
    }
    build(catalog, scheme, items, 0)
}

/// Codes from the class down to the code itself.
fn chain(code: Code) -> Vec<Code> {
    [Level::Class, Level::Section, Level::Item].into_iter().filter_map(|l| code.at(l)).collect()
}

fn find_table<'a>(doc: &'a Document, role: &str) -> Option<&'a Table> {
    fn walk<'a>(s: &'a Section, role: &str) -> Option<&'a Table> {
        s.blocks
            .iter()
            .find_map(|b| match b {
                Block::Table(t) if t.role == role => Some(t),
                _ => None,
            })
            .or_else(|| s.children.iter().find_map(|c| walk(c, role)))
    }
    doc.sections.iter().find_map(|s| walk(s, role))
}

/// This year's 三公 from the derived 三公 table's total row.
fn sangong_of(doc: &Document) -> Option<ThreePublic> {
    let t = find_table(doc, "three_public")?;
    let total = t.rows.iter().find(|r| r.kind == RowKind::Total);
    let get = |key: &str| -> Amount {
        let (Some(row), Some(i)) = (total, t.column_index(key)) else { return Amount::ZERO };
        match row.cells.get(i) {
            Some(Cell::Amount(a)) => *a,
            _ => Amount::ZERO,
        }
    };
    Some(ThreePublic {
        abroad: get("abroad"),
        vehicle_purchase: get("vehicle_purchase"),
        vehicle_running: get("vehicle_running"),
        reception: get("reception"),
    })
}

/// Other stored years of the organisation: (year, total, basic, project) in 分 (basic / project when known).
pub type YearTotals = Vec<(i32, i64, Option<i64>, Option<i64>)>;

pub fn chart_data(p: &yusuan_publish::Published, other_years: &YearTotals, lang: Lang) -> ChartData {
    let b = &p.package.budget;
    let catalog = &p.package.catalog;
    let functional: Vec<Coded> = b.line_items.iter().map(|l| (chain(l.functional.code()), l.amount.fen())).collect();
    let economic: Vec<Coded> = b.line_items.iter().map(|l| (chain(l.economic.code()), l.amount.fen())).collect();

    // Year over year: the stored years, the package's own prior-year figures, this year.
    let year = b.meta.year;
    let basic: i64 = b.line_items.iter().filter(|l| l.kind.is_basic()).map(|l| l.amount.fen()).sum();
    let total: i64 = b.line_items.iter().map(|l| l.amount.fen()).sum();
    let mut years: BTreeMap<i32, YearAmounts> = BTreeMap::new();
    let py = &b.prior_year;
    if py.year > 0 && (py.basic.is_some() || py.project.is_some() || py.total.is_some()) {
        let prior_total = match (py.basic, py.project) {
            (Some(x), Some(y)) => Some((x + y).fen()),
            _ => py.total.map(Amount::fen),
        };
        years.insert(py.year, (prior_total, py.basic.map(Amount::fen), py.project.map(Amount::fen)));
    }
    for (y, tot, bas, pro) in other_years {
        if *y != year {
            years.insert(*y, (Some(*tot), *bas, *pro));
        }
    }
    years.insert(year, (Some(total), Some(basic), Some(total - basic)));
    let series = |name: &str, pick: &dyn Fn(&YearAmounts) -> Option<i64>| Series {
        name: name.to_owned(),
        values: years.values().map(pick).collect(),
        texts: years.values().map(|v| pick(v).map(wan).unwrap_or_default()).collect(),
    };
    let yoy = Bars {
        categories: years.keys().map(|y| y.to_string()).collect(),
        series: vec![
            series(t(lang, "total"), &|v| v.0),
            series(t(lang, "basic"), &|v| v.1),
            series(t(lang, "project"), &|v| v.2),
        ],
    };

    // 三公: prior year as stated, this year from the derived table.
    let keys = ["abroad", "vehicle_purchase", "vehicle_running", "reception"];
    let parts = |tp: &ThreePublic| [tp.abroad, tp.vehicle_purchase, tp.vehicle_running, tp.reception];
    let mut sangong_series = Vec::new();
    if let Some(prior) = &py.three_public {
        let v = parts(prior);
        sangong_series.push(Series {
            name: format!("{} {}", py.year, t(lang, "prior_year")),
            values: v.iter().map(|a| Some(a.fen())).collect(),
            texts: v.iter().map(|a| wan(a.fen())).collect(),
        });
    }
    if let Some(this) = sangong_of(&p.derived.document) {
        let v = parts(&this);
        sangong_series.push(Series {
            name: format!("{year} {}", t(lang, "this_year")),
            values: v.iter().map(|a| Some(a.fen())).collect(),
            texts: v.iter().map(|a| wan(a.fen())).collect(),
        });
    }
    let sangong = Bars { categories: keys.iter().map(|k| t(lang, k).to_owned()).collect(), series: sangong_series };

    let labels = ["wan", "up", "top", "total", "basic", "project", "chart_functional"]
        .into_iter()
        .map(|k| (k, t(lang, k)))
        .collect();
    ChartData {
        unit: t(lang, "wan"),
        functional: tree(catalog, Scheme::Functional, &functional),
        economic: tree(catalog, Scheme::Economic, &economic),
        yoy,
        sangong,
        labels,
    }
}
