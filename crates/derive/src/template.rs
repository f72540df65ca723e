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
    /// The parts the template's narrative must have (`[[narrative_part]]`), each
    /// with the words that show it is there; empty: the checker's default list.
    #[serde(default, rename = "narrative_part")]
    pub narrative_parts: Vec<NarrativePart>,
    /// The narrative template (minijinja source); set by [`Template::builtin`].
    /// Empty for templates registered for recognising published documents only
    /// (no `narrative.md.j2`): see [`Template::has_narrative`].
    #[serde(skip)]
    pub narrative: String,
}

/// A required part of a template's narrative: its label and the words (in a
/// heading or a paragraph) that show it is there.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NarrativePart {
    pub label: String,
    pub words: Vec<String>,
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
    /// Other printed labels of the column's last header cell, for matching the
    /// headers of published tables (`["总计"]` for a `合计` column, `["科目代码"]` …).
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Summary tables: a breakdown column of a panel (the `合计` before the fund
    /// columns, 人员经费 / 公用经费 / 项目支出 after a panel's amount). Views read
    /// from published documents put such columns before the panels, so that the
    /// panel identities compare like with like.
    #[serde(default)]
    pub detail: bool,
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
    /// The money unit of this table when it differs from the template's
    /// (Shanghai budgets print the tables in 元 and the “三公” table in 万元).
    #[serde(default)]
    pub unit: Option<MoneyUnit>,
    /// The body is printed as this many copies of the columns side by side
    /// (the 决算 基本支出 table: 人员经费 codes left, 公用经费 codes right);
    /// views read from published documents list the sides one after the other.
    #[serde(default = "one")]
    pub sides: u8,
    /// Summary tables: the printed labels of the footer rows (`本年收入合计`,
    /// `当年收入小计` …), by what they state; see [`Footers`].
    #[serde(default)]
    pub footers: Footers,
    /// Grid tables: labels of rows, besides `合计` / `总计`, that print the total of
    /// the rows above them back to the previous such row (the two sides of the
    /// 决算 基本支出 table end in `人员经费合计` and `公用经费合计`).
    #[serde(default)]
    pub subtotals: Vec<String>,
}

fn one() -> u8 {
    1
}

/// What a summary table's footer rows state, each given by the labels it is
/// printed with in a template (a row matches a label when its label, without
/// blanks, equals it or contains it; equality is tried first). A list may
/// name several rows that are all parts of the same thing (决算: 使用非财政拨款结余
/// and 年初结转和结余 are both carried into the grand total).
///
/// A field left empty takes the default labels ([`Footers::DEFAULT`], the
/// footers the wuhan-13 builder prints). A template whose summaries print no
/// separate “本年” line (Shanghai budgets: only 收入总计 / 支出总计) lists the
/// grand total's label for the year's total too.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Footers {
    /// Income of the year (本年收入合计).
    #[serde(default)]
    pub income: Vec<String>,
    /// Income carried over from the previous year (上年结转).
    #[serde(default)]
    pub carry_in: Vec<String>,
    /// Income grand total (收入总计) = income + carry_in.
    #[serde(default)]
    pub income_total: Vec<String>,
    /// Spending of the year, in each spending panel (本年支出合计).
    #[serde(default)]
    pub spending: Vec<String>,
    /// Spending carried forward (结转下年).
    #[serde(default)]
    pub carry_out: Vec<String>,
    /// Spending grand total (支出总计) = spending + carry_out.
    #[serde(default)]
    pub spending_total: Vec<String>,
}

/// A footer of a summary table (see [`Footers`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Footer {
    Income,
    CarryIn,
    IncomeTotal,
    Spending,
    CarryOut,
    SpendingTotal,
}

impl Footer {
    /// The canonical (wuhan-13) label, for messages about a footer that is not printed.
    pub fn label(self) -> &'static str {
        Footers::DEFAULT_LABELS[self as usize][0]
    }
}

impl Footers {
    /// The default labels, per [`Footer`] in declaration order.
    const DEFAULT_LABELS: [&'static [&'static str]; 6] =
        [&["本年收入合计"], &["上年结转"], &["收入总计"], &["本年支出合计"], &["结转下年"], &["支出总计"]];

    /// The labels of a footer: the template's, else the defaults.
    pub fn labels(&self, f: Footer) -> Vec<&str> {
        let own = match f {
            Footer::Income => &self.income,
            Footer::CarryIn => &self.carry_in,
            Footer::IncomeTotal => &self.income_total,
            Footer::Spending => &self.spending,
            Footer::CarryOut => &self.carry_out,
            Footer::SpendingTotal => &self.spending_total,
        };
        if own.is_empty() {
            Footers::DEFAULT_LABELS[f as usize].to_vec()
        } else {
            own.iter().map(String::as_str).collect()
        }
    }

    /// Every label of every footer (the template's and the defaults).
    pub fn all_labels(&self) -> Vec<&str> {
        let mut v: Vec<&str> = [
            Footer::Income,
            Footer::CarryIn,
            Footer::IncomeTotal,
            Footer::Spending,
            Footer::CarryOut,
            Footer::SpendingTotal,
        ]
        .into_iter()
        .flat_map(|f| self.labels(f))
        .collect();
        v.sort_unstable();
        v.dedup();
        v
    }
}

impl TableDef {
    /// The leaf columns of the table. Grid kinds list them in `columns`; a summary
    /// given by `funds` and `panels` (as wuhan-13 does) gets the columns its
    /// builder prints: `income_item`, `income_amount`, then per spending panel
    /// `<panel>_item` and `<panel>.<fund key>`, with the same header paths.
    pub fn leaf_columns(&self) -> Vec<ColumnDef> {
        if self.kind != TableKind::Summary || !self.columns.is_empty() {
            return self.columns.clone();
        }
        let column = |key: String, header: Vec<String>, value: Option<&str>| ColumnDef {
            key,
            header,
            source: Vec::new(),
            kind: Vec::new(),
            basic: false,
            economic: Vec::new(),
            value: value.map(str::to_owned),
            never: false,
            aliases: Vec::new(),
            detail: false,
        };
        let mut out = vec![
            column("income_item".into(), vec!["收入".into(), "项目".into()], Some("item")),
            column("income_amount".into(), vec!["收入".into(), "预算数".into()], None),
        ];
        let panels: Vec<&str> = if self.panels.is_empty() {
            vec!["functional", "economic"]
        } else {
            self.panels.iter().map(String::as_str).filter(|p| *p != "income").collect()
        };
        for panel in panels {
            let title = match panel {
                "functional" => self.functional_header.clone().unwrap_or_else(|| "支出（功能）".into()),
                "economic" => self.economic_header.clone().unwrap_or_else(|| "支出（经济分类）".into()),
                other => other.to_owned(),
            };
            out.push(column(format!("{panel}_item"), vec![title.clone(), "项目".into()], Some("item")));
            for f in &self.funds {
                out.push(column(format!("{panel}.{}", f.key), vec![title.clone(), f.header.clone()], None));
            }
        }
        out
    }

    /// The title without its `{year}` / `{region_short}` placeholders, for matching.
    pub fn title_pattern(&self) -> String {
        self.title.replace("{year}", "").replace("{region_short}", "")
    }
}

/// A template that cannot be read.
#[derive(Debug, thiserror::Error)]
#[error("模板 {id}: {message}")]
pub struct TemplateError {
    pub id: String,
    pub message: String,
}

/// The built-in templates: id, `tables.toml`, and the narrative when the template
/// has one (templates without a narrative serve to recognise published documents).
const BUILTIN: &[(&str, &str, Option<&str>)] = &[
    (
        "wuhan-13",
        include_str!("../templates/wuhan-13/tables.toml"),
        Some(include_str!("../templates/wuhan-13/narrative.md.j2")),
    ),
    ("shanghai-9", include_str!("../templates/shanghai-9/tables.toml"), None),
    ("jiangsu-12", include_str!("../templates/jiangsu-12/tables.toml"), None),
    ("juesuan-9", include_str!("../templates/juesuan-9/tables.toml"), None),
];

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
        Template::from_parts(id, tables, narrative.unwrap_or_default())
    }

    /// Every built-in template, parsed once per process (templates that fail to
    /// parse are left out; [`Template::builtin`] reports their error).
    pub fn builtin_all() -> Vec<&'static Template> {
        Self::builtin_ids().filter_map(|id| Self::builtin_shared(id).ok()).collect()
    }

    /// Whether the template has a narrative (a template without one can recognise
    /// and check published documents, not derive a disclosure).
    pub fn has_narrative(&self) -> bool {
        !self.narrative.trim().is_empty()
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
        assert!(Template::builtin("wuhan-13").unwrap().has_narrative());
        assert!(Template::builtin("nowhere").is_err());
        for id in ["shanghai-9", "jiangsu-12", "juesuan-9"] {
            let t = Template::builtin(id).unwrap();
            assert!(!t.has_narrative(), "{id}");
            for def in &t.tables {
                let keys: Vec<String> = def.leaf_columns().into_iter().map(|c| c.key).collect();
                let mut unique = keys.clone();
                unique.sort();
                unique.dedup();
                assert_eq!(unique.len(), keys.len(), "{id} {}: column keys are unique", def.id);
            }
        }
    }

    #[test]
    fn summary_columns_follow_the_builder() {
        let t = Template::builtin("wuhan-13").unwrap();
        let keys = |id: &str| t.table(id).unwrap().leaf_columns().into_iter().map(|c| c.key).collect::<Vec<_>>();
        assert_eq!(
            keys("t01"),
            [
                "income_item",
                "income_amount",
                "functional_item",
                "functional.amount",
                "economic_item",
                "economic.amount"
            ]
        );
        assert_eq!(
            keys("t05"),
            [
                "income_item",
                "income_amount",
                "functional_item",
                "functional.general_budget",
                "functional.gov_fund",
                "economic_item",
                "economic.general_budget",
                "economic.gov_fund"
            ]
        );
    }
}
