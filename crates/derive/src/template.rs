//! Disclosure templates as data.
//!
//! A template lists the public tables of a region's disclosure: their titles,
//! title aliases, columns and filters (`templates/<id>/tables.toml`), and the
//! narrative with its sentence patterns (`templates/<id>/narrative.md.j2`).
//! Adding a province's template is adding such a directory; the table kinds
//! (`TableKind`) are the only code.

use serde::Deserialize;
use yusuan_model::{ExpenseKind, FundingSource, LineItem, MoneyUnit};

/// A disclosure template.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Template {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub region: String,
    pub unit: MoneyUnit,
    pub decimals: u8,
    #[serde(rename = "table")]
    pub tables: Vec<TableDef>,
    /// The narrative template (minijinja source); set by [`Template::builtin`].
    #[serde(skip)]
    pub narrative: String,
}

/// The shape of a table view; each kind is one builder in `tables.rs`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TableKind {
    /// Three side-by-side panels: income by source | expenditure by functional 类 | by economic 类.
    Summary,
    /// Functional hierarchy rows (合计, 类, 款, 项) × measure columns.
    Functional,
    /// Economic hierarchy rows (合计, 类, 款) × measure columns.
    Economic,
    /// One row per group of line items (`group_by` keys: unit, functional, project),
    /// after a 合计 row: project tables, “三公” by unit, fund expenditure by unit.
    Grouped,
    /// One row per listed item (`items`: procurement, purchased_services), after a 合计 row.
    Items,
    /// The department's overall performance-target form.
    DepartmentPerformance,
    /// One performance-target form per project.
    ProjectPerformance,
}

/// Which line items a table or column sums.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Filter {
    #[serde(default)]
    pub source: Vec<FundingSource>,
    #[serde(default)]
    pub kind: Vec<ExpenseKind>,
    /// Only 基本支出 (人员 + 公用).
    #[serde(default)]
    pub basic: bool,
    /// Economic codes (a code keeps itself and its descendants).
    #[serde(default)]
    pub economic: Vec<String>,
}

impl Filter {
    pub fn keeps(&self, l: &LineItem) -> bool {
        self.keeps_source(l.source)
            && (self.kind.is_empty() || self.kind.contains(&l.kind))
            && (!self.basic || l.kind.is_basic())
            && (self.economic.is_empty() || self.economic.iter().any(|c| l.economic.as_str().starts_with(c.as_str())))
    }

    pub fn keeps_source(&self, s: FundingSource) -> bool {
        self.source.is_empty() || self.source.contains(&s)
    }
}

/// A leaf column of a grid table.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ColumnDef {
    pub key: String,
    /// Header path, top first: `["本年拨款", "一般公共预算财政拨款收入"]`.
    pub header: Vec<String>,
    #[serde(default)]
    pub source: Vec<FundingSource>,
    #[serde(default)]
    pub kind: Vec<ExpenseKind>,
    #[serde(default)]
    pub basic: bool,
    #[serde(default)]
    pub economic: Vec<String>,
    /// Print a field of the row instead of a sum: unit, unit_code, unit_name,
    /// functional_code, functional_name, project_name, category, item, quantity, content.
    #[serde(default)]
    pub value: Option<String>,
    /// A column this model never fills (printed empty).
    #[serde(default)]
    pub never: bool,
}

impl ColumnDef {
    pub fn filter(&self) -> Filter {
        Filter {
            source: self.source.clone(),
            kind: self.kind.clone(),
            basic: self.basic,
            economic: self.economic.clone(),
        }
    }
}

/// A fund column of a summary table.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FundDef {
    pub key: String,
    pub header: String,
    #[serde(default)]
    pub source: Vec<FundingSource>,
}

/// A public table of the template.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableDef {
    pub id: String,
    /// What the table is, independent of the template (see `tables.toml`).
    pub role: String,
    pub number: u32,
    /// Title pattern; `{year}` and `{region_short}` are filled in.
    pub title: String,
    /// Title in the table of contents, when it differs from the title.
    #[serde(default)]
    pub toc_title: Option<String>,
    /// Other titles the same table is published under.
    #[serde(default)]
    pub aliases: Vec<String>,
    pub kind: TableKind,
    /// Print `单位名称：…` above the table.
    #[serde(default)]
    pub unit_name: bool,
    #[serde(default)]
    pub filter: Filter,
    #[serde(default)]
    pub columns: Vec<ColumnDef>,
    #[serde(default)]
    pub empty_statement: Option<String>,
    /// Grouped tables: the keys rows are grouped by (unit, functional, project).
    #[serde(default)]
    pub group_by: Vec<String>,
    /// Item tables: which list (procurement, purchased_services).
    #[serde(default)]
    pub items: Option<String>,
    // Summary tables.
    #[serde(default)]
    pub funds: Vec<FundDef>,
    #[serde(default)]
    pub income_sources: Vec<FundingSource>,
    #[serde(default)]
    pub carry_over: Option<String>,
    #[serde(default)]
    pub panels: Vec<String>,
    #[serde(default)]
    pub functional_header: Option<String>,
    #[serde(default)]
    pub economic_header: Option<String>,
}

/// A template that cannot be read.
#[derive(Debug, thiserror::Error)]
#[error("模板 {id}: {message}")]
pub struct TemplateError {
    pub id: String,
    pub message: String,
}

const BUILTIN: &[(&str, &str, &str)] = &[(
    "wuhan-13",
    include_str!("../templates/wuhan-13/tables.toml"),
    include_str!("../templates/wuhan-13/narrative.md.j2"),
)];

impl Template {
    /// The ids of the built-in templates.
    pub fn builtin_ids() -> impl Iterator<Item = &'static str> {
        BUILTIN.iter().map(|(id, _, _)| *id)
    }

    /// A built-in template by id, parsed once per process.
    pub fn builtin_shared(id: &str) -> Result<&'static Template, TemplateError> {
        static CACHE: std::sync::OnceLock<Vec<(&'static str, Result<Template, String>)>> = std::sync::OnceLock::new();
        let all = CACHE.get_or_init(|| {
            BUILTIN.iter().map(|(id, _, _)| (*id, Template::builtin(id).map_err(|e| e.message))).collect()
        });
        match all.iter().find(|(i, _)| *i == id) {
            Some((_, Ok(t))) => Ok(t),
            Some((_, Err(m))) => Err(TemplateError { id: id.to_owned(), message: m.clone() }),
            None => Err(TemplateError { id: id.to_owned(), message: "没有这个模板 no such template".into() }),
        }
    }

    /// A built-in template by id.
    pub fn builtin(id: &str) -> Result<Template, TemplateError> {
        let (_, tables, narrative) = BUILTIN.iter().find(|(i, _, _)| *i == id).ok_or_else(|| TemplateError {
            id: id.to_owned(),
            message: format!("没有这个模板；可用：{}", Self::builtin_ids().collect::<Vec<_>>().join(", ")),
        })?;
        Template::from_parts(id, tables, narrative)
    }

    /// A template from its `tables.toml` text and narrative source.
    pub fn from_parts(id: &str, tables: &str, narrative: &str) -> Result<Template, TemplateError> {
        let mut t: Template =
            toml::from_str(tables).map_err(|e| TemplateError { id: id.to_owned(), message: e.to_string() })?;
        t.narrative = narrative.to_owned();
        Ok(t)
    }

    pub fn table(&self, id: &str) -> Option<&TableDef> {
        self.tables.iter().find(|t| t.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_templates_parse() {
        for id in Template::builtin_ids() {
            let t = Template::builtin(id).unwrap();
            assert!(!t.tables.is_empty());
            let mut numbers: Vec<u32> = t.tables.iter().map(|t| t.number).collect();
            numbers.dedup();
            assert_eq!(numbers.len(), t.tables.len(), "table numbers are unique");
        }
        assert_eq!(Template::builtin("wuhan-13").unwrap().tables.len(), 13);
        assert!(Template::builtin("nowhere").is_err());
    }
}
