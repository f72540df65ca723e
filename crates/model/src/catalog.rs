//! Code → name catalogs, loaded from CSV files.
//!
//! The embedded catalogs are the partial ones in the repository's `catalog/`
//! directory (see its `SOURCES.md`). A user adds the official catalog of any
//! year as CSV with at least the columns `code,name` (or `科目编码,科目名称`);
//! later files override earlier names. Unknown codes are allowed by the model;
//! the checker reports them.

use std::collections::BTreeMap;

use crate::code::{Code, Level, Scheme};

/// One catalog row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogEntry {
    pub code: Code,
    pub name: String,
    /// Where the row came from (file name and its `sources` column when present).
    pub source: String,
}

/// Names of codes per classification scheme.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    entries: BTreeMap<(Scheme, Code), CatalogEntry>,
    /// Schemes for which a complete official catalog was loaded.
    complete: Vec<Scheme>,
}

/// A catalog file that cannot be read.
#[derive(Debug, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct CatalogError {
    pub file: String,
    pub line: u64,
    pub message: String,
}

const EMBEDDED: &[(&str, Scheme, &str)] = &[
    ("econ_dept_2020.csv", Scheme::Economic, include_str!("../../../catalog/econ_dept_2020.csv")),
    ("econ_dept_2022_seed.csv", Scheme::Economic, include_str!("../../../catalog/econ_dept_2022_seed.csv")),
    ("econ_gov_2020_partial.csv", Scheme::GovEconomic, include_str!("../../../catalog/econ_gov_2020_partial.csv")),
    (
        "functional_partial_2023_2025.csv",
        Scheme::Functional,
        include_str!("../../../catalog/functional_partial_2023_2025.csv"),
    ),
    (
        "functional_classes_2022_seed.csv",
        Scheme::Functional,
        include_str!("../../../catalog/functional_classes_2022_seed.csv"),
    ),
    ("revenue_classes.csv", Scheme::Revenue, include_str!("../../../catalog/revenue_classes.csv")),
];

/// `functional` / `功能`, `economic` / `经济`, `gov_economic` / `政府经济`, `revenue` / `收入`.
fn parse_scheme(s: &str) -> Option<Scheme> {
    match s.trim() {
        "functional" | "功能" | "功能分类" => Some(Scheme::Functional),
        "economic" | "经济" | "经济分类" | "部门经济分类" => Some(Scheme::Economic),
        "gov_economic" | "政府经济" | "政府经济分类" => Some(Scheme::GovEconomic),
        "revenue" | "收入" | "收入分类" => Some(Scheme::Revenue),
        _ => None,
    }
}

impl Catalog {
    /// The catalogs shipped with yusuan (partial; see `catalog/SOURCES.md`).
    pub fn embedded() -> Catalog {
        let mut c = Catalog::default();
        for (name, scheme, text) in EMBEDDED {
            c.add_csv(name, text, *scheme).expect("embedded catalogs are valid (tested)");
        }
        c
    }

    /// Adds the rows of a CSV catalog of `scheme`; a `scheme` column, when
    /// present, names each row's classification instead.
    pub fn add_csv(&mut self, file: &str, text: &str, scheme: Scheme) -> Result<usize, CatalogError> {
        let err = |line: u64, message: String| CatalogError { file: file.to_owned(), line, message };
        let mut rdr = csv::ReaderBuilder::new().flexible(true).trim(csv::Trim::All).from_reader(text.as_bytes());
        let headers = rdr.headers().map_err(|e| err(1, e.to_string()))?.clone();
        let col = |names: &[&str]| headers.iter().position(|h| names.contains(&h.trim_start_matches('\u{feff}')));
        let code_col = col(&["code", "科目编码", "编码"]).ok_or_else(|| err(1, "缺少 code（科目编码）列".into()))?;
        let name_col = col(&["name", "科目名称", "名称"]).ok_or_else(|| err(1, "缺少 name（科目名称）列".into()))?;
        let src_col = col(&["sources", "source", "来源"]);
        let scheme_col = col(&["scheme", "分类"]);
        let mut n = 0;
        for rec in rdr.records() {
            let rec = rec.map_err(|e| err(e.position().map_or(0, |p| p.line()), e.to_string()))?;
            let line = rec.position().map_or(0, |p| p.line());
            let raw = rec.get(code_col).unwrap_or("");
            if raw.is_empty() {
                continue;
            }
            let scheme = match scheme_col.and_then(|c| rec.get(c)).filter(|s| !s.is_empty()) {
                None => scheme,
                Some(s) => parse_scheme(s)
                    .ok_or_else(|| err(line, format!("未知的分类 “{s}”：应为 functional/功能 或 economic/经济")))?,
            };
            let code =
                Code::parse(raw, scheme).ok_or_else(|| err(line, format!("“{raw}” 不是{}科目编码", scheme.label())))?;
            let name = rec.get(name_col).unwrap_or("").to_owned();
            if name.is_empty() {
                return Err(err(line, format!("科目 {raw} 没有名称")));
            }
            let source = match src_col.and_then(|c| rec.get(c)).filter(|s| !s.is_empty()) {
                Some(s) => format!("{file} ({s})"),
                None => file.to_owned(),
            };
            self.entries.insert((scheme, code), CatalogEntry { code, name, source });
            n += 1;
        }
        Ok(n)
    }

    /// Marks a scheme as covered by a complete official catalog.
    pub fn mark_complete(&mut self, scheme: Scheme) {
        if !self.complete.contains(&scheme) {
            self.complete.push(scheme);
        }
    }

    pub fn is_complete(&self, scheme: Scheme) -> bool {
        self.complete.contains(&scheme)
    }

    pub fn get(&self, scheme: Scheme, code: Code) -> Option<&CatalogEntry> {
        self.entries.get(&(scheme, code))
    }

    pub fn name(&self, scheme: Scheme, code: Code) -> Option<&str> {
        self.get(scheme, code).map(|e| e.name.as_str())
    }

    /// All entries of a scheme at a level, in code order.
    pub fn at_level(&self, scheme: Scheme, level: Level) -> impl Iterator<Item = &CatalogEntry> {
        self.entries.iter().filter(move |((s, c), _)| *s == scheme && c.level() == level).map(|(_, e)| e)
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_catalogs_load() {
        let c = Catalog::embedded();
        let code = Code::parse("30217", Scheme::Economic).unwrap();
        assert_eq!(c.name(Scheme::Economic, code), Some("公务接待费"));
        let f = Code::parse("213", Scheme::Functional).unwrap();
        assert_eq!(c.name(Scheme::Functional, f), Some("农林水支出"));
        assert!(c.at_level(Scheme::Functional, Level::Class).count() >= 27);
        assert!(!c.is_complete(Scheme::Functional));
    }

    #[test]
    fn user_csv_with_chinese_headers_overrides() {
        let mut c = Catalog::embedded();
        let n = c.add_csv("mine.csv", "科目编码,科目名称\n2010301,行政运行\n", Scheme::Functional).unwrap();
        assert_eq!(n, 1);
        let code = Code::parse("2010301", Scheme::Functional).unwrap();
        assert_eq!(c.name(Scheme::Functional, code), Some("行政运行"));
        let e = c.add_csv("bad.csv", "code,name\n20a,x\n", Scheme::Functional).unwrap_err();
        assert_eq!(e.line, 2);
        let n = c
            .add_csv(
                "mixed.csv",
                "scheme,code,name\n功能,2010302,一般行政管理事务\neconomic,39999,其他支出\n",
                Scheme::Functional,
            )
            .unwrap();
        assert_eq!(n, 2);
        assert_eq!(c.name(Scheme::Economic, Code::parse("39999", Scheme::Economic).unwrap()), Some("其他支出"));
    }
}
