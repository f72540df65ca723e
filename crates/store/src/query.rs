//! Aggregate queries in the spirit of OpenSpending's (babbage) API: **cut** the
//! line items by dimension values, **drill down** by dimensions, **aggregate**
//! the amounts. The classifications are hierarchies: `functional.1` is the 类
//! (3 digits), `.2` the 款 (5), `.3` the 项 (7); `economic.1` the 类 (3), `.2`
//! the 款 (5).
//!
//! Only the current package version of each department-level organisation and
//! year counts (a unit's own budget is already inside its department's, so it is
//! never added twice), unless the query cuts by `version`.
//!
//! Syntax (the same on the command line and over HTTP):
//! `cut=year:2022|functional.1:201|department:江汉区人民政府办公室`,
//! `drilldown=functional.2|economic.1`; several values of one dimension are
//! separated by `;` (`year:2021;2022`).

use std::collections::HashMap;

use serde::Serialize;
use yusuan_check::Lang;
use yusuan_model::{Amount, MoneyUnit};

use crate::{Store, StoreError};

/// A dimension of the line items.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dim {
    Version,
    Year,
    Region,
    Department,
    Unit,
    Kind,
    Source,
    Project,
    /// 功能分类 at a level: 1 类, 2 款, 3 项.
    Functional(u8),
    /// 经济分类 at a level: 1 类, 2 款.
    Economic(u8),
}

impl Dim {
    pub const ALL: [Dim; 13] = [
        Dim::Version,
        Dim::Year,
        Dim::Region,
        Dim::Department,
        Dim::Unit,
        Dim::Kind,
        Dim::Source,
        Dim::Project,
        Dim::Functional(1),
        Dim::Functional(2),
        Dim::Functional(3),
        Dim::Economic(1),
        Dim::Economic(2),
    ];

    pub fn name(self) -> String {
        match self {
            Dim::Version => "version".into(),
            Dim::Year => "year".into(),
            Dim::Region => "region".into(),
            Dim::Department => "department".into(),
            Dim::Unit => "unit".into(),
            Dim::Kind => "kind".into(),
            Dim::Source => "source".into(),
            Dim::Project => "project".into(),
            Dim::Functional(l) => format!("functional.{l}"),
            Dim::Economic(l) => format!("economic.{l}"),
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        let (zh, en) = match self {
            Dim::Version => ("版本", "version"),
            Dim::Year => ("年度", "year"),
            Dim::Region => ("地区", "region"),
            Dim::Department => ("部门", "department"),
            Dim::Unit => ("单位", "unit"),
            Dim::Kind => ("支出类型", "kind"),
            Dim::Source => ("资金来源", "source"),
            Dim::Project => ("项目", "project"),
            Dim::Functional(1) => ("功能分类（类）", "functional class"),
            Dim::Functional(2) => ("功能分类（款）", "functional section"),
            Dim::Functional(_) => ("功能分类（项）", "functional item"),
            Dim::Economic(1) => ("经济分类（类）", "economic class"),
            Dim::Economic(_) => ("经济分类（款）", "economic section"),
        };
        match lang {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    pub fn parse(s: &str) -> Result<Dim, String> {
        let s = s.trim();
        let level = |base: &str, max: u8| -> Option<u8> {
            let rest = s.strip_prefix(base)?;
            if rest.is_empty() {
                return Some(1);
            }
            rest.strip_prefix('.')?.parse().ok().filter(|l| (1..=max).contains(l))
        };
        if let Some(l) = level("functional", 3) {
            return Ok(Dim::Functional(l));
        }
        if let Some(l) = level("economic", 2) {
            return Ok(Dim::Economic(l));
        }
        Dim::ALL.into_iter().find(|d| d.name() == s).ok_or_else(|| {
            let names: Vec<String> = Dim::ALL.iter().map(|d| d.name()).collect();
            format!("未知维度 unknown dimension “{s}” (one of {})", names.join(", "))
        })
    }

    /// The SQL expression of the dimension (from a closed set: never user text).
    fn sql(self) -> &'static str {
        match self {
            Dim::Version => "v.id",
            Dim::Year => "v.year",
            Dim::Region => "o.region",
            Dim::Department => "o.name",
            Dim::Unit => "l.unit",
            Dim::Kind => "l.kind",
            Dim::Source => "l.source",
            Dim::Project => "coalesce(l.project, '')",
            Dim::Functional(1) => "substr(l.functional, 1, 3)",
            Dim::Functional(2) => "substr(l.functional, 1, 5)",
            Dim::Functional(_) => "substr(l.functional, 1, 7)",
            Dim::Economic(1) => "substr(l.economic, 1, 3)",
            Dim::Economic(_) => "substr(l.economic, 1, 5)",
        }
    }

    fn scheme(self) -> Option<&'static str> {
        match self {
            Dim::Functional(_) => Some("functional"),
            Dim::Economic(_) => Some("economic"),
            _ => None,
        }
    }
}

/// A query: cuts (dimension = one of the values) and drill-downs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    pub cuts: Vec<(Dim, Vec<String>)>,
    pub drilldown: Vec<Dim>,
}

impl Query {
    /// Parses `cut` (`dim:value|dim:v1;v2`) and `drilldown` (`dim|dim`); either may be empty.
    pub fn parse(cut: &str, drilldown: &str) -> Result<Query, String> {
        let mut q = Query::default();
        for part in cut.split('|').map(str::trim).filter(|p| !p.is_empty()) {
            let (d, values) =
                part.split_once(':').ok_or_else(|| format!("切片应为“维度:值” a cut is dim:value, got “{part}”"))?;
            let values: Vec<String> =
                values.split(';').map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned).collect();
            if values.is_empty() {
                return Err(format!("切片“{part}”没有值 the cut has no value"));
            }
            q.cuts.push((Dim::parse(d)?, values));
        }
        for d in drilldown.split('|').map(str::trim).filter(|p| !p.is_empty()) {
            let d = Dim::parse(d)?;
            if !q.drilldown.contains(&d) {
                q.drilldown.push(d);
            }
        }
        Ok(q)
    }

    /// The query in its own syntax: `(cut, drilldown)`.
    pub fn to_strings(&self) -> (String, String) {
        let cut: Vec<String> = self.cuts.iter().map(|(d, v)| format!("{}:{}", d.name(), v.join(";"))).collect();
        let dd: Vec<String> = self.drilldown.iter().map(|d| d.name()).collect();
        (cut.join("|"), dd.join("|"))
    }
}

/// One cell of an aggregate: the drill-down values, their names, the sum.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AggCell {
    pub keys: Vec<String>,
    /// Names of the keys (code names for classifications; the key itself otherwise).
    pub labels: Vec<String>,
    pub amount_fen: i64,
    /// Number of line items.
    pub count: i64,
}

/// The result of a query.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Aggregate {
    pub cut: String,
    pub drilldown: Vec<String>,
    pub cells: Vec<AggCell>,
    pub total_fen: i64,
    pub count: i64,
}

/// Versions that count in aggregates: the latest package of each department-level organisation and year.
pub(crate) const CURRENT_VERSIONS: &str =
    "SELECT max(cv.id) FROM version cv JOIN organisation co ON co.id = cv.organisation
     WHERE cv.kind = 'package' GROUP BY cv.organisation, cv.year, cv.kind";

impl Store {
    /// Runs an aggregate query.
    pub fn aggregate(&self, q: &Query) -> Result<Aggregate, StoreError> {
        let dims: Vec<&str> = q.drilldown.iter().map(|d| d.sql()).collect();
        let mut sql = String::from("SELECT ");
        for d in &dims {
            sql.push_str(d);
            sql.push_str(", ");
        }
        sql.push_str(
            "sum(l.amount_fen), count(*) FROM line_item l JOIN version v ON v.id = l.version
             JOIN organisation o ON o.id = v.organisation WHERE v.kind = 'package'",
        );
        if !q.cuts.iter().any(|(d, _)| *d == Dim::Version) {
            sql.push_str(&format!(" AND o.parent IS NULL AND v.id IN ({CURRENT_VERSIONS})"));
        }
        let mut args: Vec<rusqlite::types::Value> = Vec::new();
        for (d, values) in &q.cuts {
            let mut alts = Vec::new();
            for v in values {
                match d {
                    // A class cut takes the whole subtree: functional.1:201 is every 201…
                    Dim::Functional(_) | Dim::Economic(_) => {
                        args.push(format!("{}%", v.replace(['%', '_'], "")).into());
                        let col = if matches!(d, Dim::Functional(_)) { "l.functional" } else { "l.economic" };
                        alts.push(format!("{col} LIKE ?{}", args.len()));
                    }
                    Dim::Version | Dim::Year => {
                        let n: i64 = v.parse().map_err(|_| {
                            StoreError::Query(format!("{} 应为整数 must be a whole number: “{v}”", d.name()))
                        })?;
                        args.push(n.into());
                        alts.push(format!("{} = ?{}", d.sql(), args.len()));
                    }
                    _ => {
                        args.push(v.clone().into());
                        alts.push(format!("{} = ?{}", d.sql(), args.len()));
                    }
                }
            }
            sql.push_str(&format!(" AND ({})", alts.join(" OR ")));
        }
        if !dims.is_empty() {
            let positions: Vec<String> = (1..=dims.len()).map(|i| i.to_string()).collect();
            sql.push_str(&format!(" GROUP BY {} ORDER BY {}", positions.join(", "), positions.join(", ")));
        }
        let names = self.code_names()?;
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let n = dims.len();
        let rows = stmt.query_map(rusqlite::params_from_iter(args), |r| {
            let mut keys = Vec::with_capacity(n);
            for i in 0..n {
                let v: rusqlite::types::Value = r.get(i)?;
                keys.push(match v {
                    rusqlite::types::Value::Integer(i) => i.to_string(),
                    rusqlite::types::Value::Text(t) => t,
                    _ => String::new(),
                });
            }
            Ok((keys, r.get::<_, Option<i64>>(n)?.unwrap_or(0), r.get::<_, i64>(n + 1)?))
        })?;
        let mut cells = Vec::new();
        let (mut total_fen, mut count) = (0, 0);
        for row in rows {
            let (keys, amount_fen, c) = row?;
            if c == 0 {
                continue;
            }
            let labels = keys
                .iter()
                .zip(&q.drilldown)
                .map(|(k, d)| match d.scheme() {
                    Some(s) => names.get(&(s, k.clone())).cloned().unwrap_or_else(|| k.clone()),
                    None => k.clone(),
                })
                .collect();
            total_fen += amount_fen;
            count += c;
            cells.push(AggCell { keys, labels, amount_fen, count: c });
        }
        Ok(Aggregate {
            cut: q.to_strings().0,
            drilldown: q.drilldown.iter().map(|d| d.name()).collect(),
            cells,
            total_fen,
            count,
        })
    }

    /// Names of the classification codes met in stored packages.
    fn code_names(&self) -> Result<HashMap<(&'static str, String), String>, StoreError> {
        let mut q = self.conn.prepare_cached("SELECT scheme, code, name FROM code_name")?;
        let rows = q.query_map([], |r| {
            let scheme: String = r.get(0)?;
            let scheme = if scheme == "functional" { "functional" } else { "economic" };
            Ok(((scheme, r.get::<_, String>(1)?), r.get::<_, String>(2)?))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

/// The rows of an aggregate as a table: header, then one row per cell (amounts in 元).
pub fn aggregate_rows(a: &Aggregate, lang: Lang) -> Vec<Vec<String>> {
    let dims: Vec<Dim> = a.drilldown.iter().filter_map(|d| Dim::parse(d).ok()).collect();
    let mut header = Vec::new();
    for d in &dims {
        header.push(format!("{}{}", d.label(lang), if d.scheme().is_some() { code_word(lang) } else { "" }));
        if d.scheme().is_some() {
            header.push(format!("{}{}", d.label(lang), name_word(lang)));
        }
    }
    let (amount, items) = match lang {
        Lang::Zh => ("金额（元）", "明细行数"),
        Lang::En => ("amount (yuan)", "line items"),
    };
    header.push(amount.into());
    header.push(items.into());
    let mut rows = vec![header];
    for c in &a.cells {
        let mut row = Vec::new();
        for ((k, l), d) in c.keys.iter().zip(&c.labels).zip(&dims) {
            row.push(k.clone());
            if d.scheme().is_some() {
                row.push(l.clone());
            }
        }
        row.push(Amount::from_fen(c.amount_fen).format(MoneyUnit::Yuan, 2));
        row.push(c.count.to_string());
        rows.push(row);
    }
    let mut total = vec![String::new(); rows[0].len()];
    total[0] = match lang {
        Lang::Zh => "合计".into(),
        Lang::En => "total".into(),
    };
    let n = total.len();
    total[n - 2] = Amount::from_fen(a.total_fen).format(MoneyUnit::Yuan, 2);
    total[n - 1] = a.count.to_string();
    rows.push(total);
    rows
}

fn code_word(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "编码",
        Lang::En => " code",
    }
}

fn name_word(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "名称",
        Lang::En => " name",
    }
}

/// The aggregate as CSV (UTF-8 with BOM, for Excel / WPS).
pub fn aggregate_csv(a: &Aggregate, lang: Lang) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    for row in aggregate_rows(a, lang) {
        w.write_record(&row).expect("writing CSV to memory");
    }
    let bytes = w.into_inner().expect("flushing CSV to memory");
    format!("\u{feff}{}", String::from_utf8(bytes).expect("CSV of UTF-8 strings"))
}

/// The aggregate as an XLSX workbook (amounts as numbers, `#,##0.00`).
pub fn aggregate_xlsx(a: &Aggregate, lang: Lang) -> Result<Vec<u8>, StoreError> {
    use rust_xlsxwriter::{Format, Workbook};
    let err = |e: rust_xlsxwriter::XlsxError| StoreError::Query(e.to_string());
    let rows = aggregate_rows(a, lang);
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(match lang {
        Lang::Zh => "汇总",
        Lang::En => "aggregate",
    })
    .map_err(err)?;
    let bold = Format::new().set_bold().set_border(rust_xlsxwriter::FormatBorder::Thin);
    let money = Format::new().set_num_format("#,##0.00").set_border(rust_xlsxwriter::FormatBorder::Thin);
    let plain = Format::new().set_border(rust_xlsxwriter::FormatBorder::Thin);
    let n = rows[0].len();
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            let (r16, c16) = (r as u32, c as u16);
            if r == 0 {
                ws.write_string_with_format(r16, c16, v, &bold).map_err(err)?;
            } else if c == n - 2 {
                // The exact decimal text of an amount in 元, written as the number it is.
                let v: f64 = v.parse().map_err(|_| StoreError::Query(format!("amount {v}")))?;
                ws.write_number_with_format(r16, c16, v, &money).map_err(err)?;
            } else if c == n - 1 {
                ws.write_number_with_format(r16, c16, v.parse::<f64>().unwrap_or(0.0), &plain).map_err(err)?;
            } else {
                ws.write_string_with_format(r16, c16, v, &plain).map_err(err)?;
            }
        }
    }
    for c in 0..n {
        ws.set_column_width(c as u16, if c + 2 >= n { 16 } else { 22 }).map_err(err)?;
    }
    ws.set_freeze_panes(1, 0).map_err(err)?;
    wb.save_to_buffer().map_err(err)
}
