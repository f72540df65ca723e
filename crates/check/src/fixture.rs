//! Fixtures: small inputs written by hand in TOML, used by the rule tests
//! (every rule has `fixtures/<id>/pass.toml` and `fail.toml`) and usable to
//! try a rule on a table without a whole document.
//!
//! ```toml
//! description = "what this fixture shows"
//! [meta]                      # all optional
//! year = 2022
//! region = "湖北省武汉市江汉区"
//! unit = "万元"               # unit of facts and claims (default 万元)
//!
//! [[table]]
//! role = "expenditure_by_function"
//! title = "2022 年支出预算总表"
//! unit = "万元"               # default 万元; decimals default 2
//! columns = ["code|功能科目编码", "name|功能科目名称", "total|总计", "basic|基本支出", "project|项目支出"]
//! rows = [["合计", "", "100.00", "60.00", "40.00"], ["201", "一般公共服务支出", "100.00", "60.00", "40.00"]]
//!
//! [[form]]
//! role = "project_performance"
//! title = "2022年项目支出(绩效目标)申报表"
//! rows = [["项目名称", "调查研究"], ["项目当年预算", "13"]]
//!
//! [[claim]]
//! key = "basic.share"
//! text = "60%"
//!
//! [[paragraph]]
//! heading = "一、收支预算总体安排情况"
//! text = "……"
//!
//! [facts]                     # parts of a budget in the package format; only the parts given count as present
//! line_items = [{ unit = "本级", functional = "2010301", economic = "30101", kind = "人员", source = "一般公共预算", amount = "1" }]
//! projects = [...]
//! staffing = {...}
//! contact = { phone = "027-85481661" }
//! performance = {...}
//! income = [...]
//! department = {...}
//! prior_year = {...}
//! narrative = {...}
//!
//! [[unit]]                    # a unit's own budget (单位预算), for the consolidation rules
//! unit = "元"                 # its package unit (default: the fixture's)
//! year = 2022                 # default: the fixture's
//! department = { name = "某小学", short_name = "某小学", parent = "某某局" }
//! line_items = [{ unit = "某小学", functional = "2050202", economic = "30101", kind = "人员", source = "一般公共预算", amount = "10000" }]
//!
//! [[catalog]]                 # extra catalog rows
//! scheme = "功能"
//! code = "2010301"
//! name = "行政运行"
//! ```
//!
//! Column kinds follow the key: `code` and `*_code` are codes; `name`, `*_name`,
//! `*_item`, `unit`, `category`, `item`, `quantity`, `content` are
//! text; every other key is an amount column. Row kinds follow the first cell
//! (`合计`/`总计`/…合计/…总计 → total) or the code's length.

use serde::Deserialize;
use yusuan_model::money::with_file_unit;
use yusuan_model::view::{Cell, Column, ColumnKind, Form, FormCell, Row, RowKind, Table};
use yusuan_model::{
    Amount, Budget, Catalog, Contact, Department, DepartmentPerformance, Income, LineItem, MoneyUnit, Narrative,
    PackageMeta, PriorYear, Project, Scheme, Staffing,
};

use crate::finding::Location;
use crate::input::{FactParts, Input, Paragraph, claim_value};
use crate::{Claim, TextRef};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    description: String,
    #[serde(default)]
    meta: Meta,
    #[serde(default)]
    table: Vec<TableSpec>,
    #[serde(default)]
    form: Vec<FormSpec>,
    #[serde(default)]
    claim: Vec<ClaimSpec>,
    #[serde(default)]
    paragraph: Vec<ParagraphSpec>,
    #[serde(default)]
    facts: Option<toml::Table>,
    #[serde(default)]
    catalog: Vec<CatalogRow>,
    #[serde(default)]
    unit: Vec<toml::Table>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct UnitSpec {
    #[serde(default)]
    year: Option<i32>,
    department: Department,
    #[serde(default)]
    line_items: Vec<LineItem>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Meta {
    year: Option<i32>,
    region: Option<String>,
    template: Option<String>,
    unit: Option<MoneyUnit>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TableSpec {
    role: String,
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    unit: Option<MoneyUnit>,
    #[serde(default)]
    decimals: Option<u8>,
    columns: Vec<String>,
    #[serde(default)]
    rows: Vec<Vec<String>>,
    #[serde(default)]
    empty_statement: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FormSpec {
    role: String,
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    title: Option<String>,
    rows: Vec<Vec<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ClaimSpec {
    key: String,
    text: String,
    #[serde(default)]
    label: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ParagraphSpec {
    #[serde(default)]
    heading: String,
    text: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CatalogRow {
    scheme: String,
    code: String,
    name: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Facts {
    line_items: Option<Vec<LineItem>>,
    projects: Option<Vec<Project>>,
    staffing: Option<Staffing>,
    contact: Option<Contact>,
    performance: Option<DepartmentPerformance>,
    income: Option<Vec<Income>>,
    department: Option<Department>,
    prior_year: Option<PriorYear>,
    narrative: Option<Narrative>,
}

/// A loaded fixture; [`Fixture::input`] borrows it as a check input.
pub struct Fixture {
    pub description: String,
    budget: Option<Budget>,
    facts: FactParts,
    catalog: Catalog,
    year: Option<i32>,
    region: Option<String>,
    template: Option<String>,
    tables: Vec<Table>,
    forms: Vec<Form>,
    claims: Vec<Claim>,
    paragraphs: Vec<Paragraph>,
    units: Vec<Budget>,
}

const TEXT_KEYS: &[&str] = &["name", "unit", "category", "item", "quantity", "content"];

fn column_kind(key: &str) -> ColumnKind {
    if key == "code" || key.ends_with("_code") {
        ColumnKind::Code
    } else if TEXT_KEYS.contains(&key) || key.ends_with("_name") || key.ends_with("_item") {
        ColumnKind::Text
    } else {
        ColumnKind::Amount
    }
}

fn row_kind(first: &str, code: Option<&str>) -> RowKind {
    let f: String = first.split_whitespace().collect();
    if f == "合计"
        || f == "总计"
        || f.ends_with("合计")
        || f.ends_with("总计")
        || f.contains("上年结转")
        || f.contains("结转下年")
    {
        return RowKind::Total;
    }
    match code.map(str::len) {
        Some(3) => RowKind::Class,
        Some(5) => RowKind::Section,
        Some(7) => RowKind::Item,
        _ => RowKind::Line,
    }
}

fn amount_cell(text: &str, unit: MoneyUnit) -> Result<Cell, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(Cell::Empty);
    }
    Amount::parse_in(t, unit).map(Cell::Amount).map_err(|e| e.to_string())
}

impl Fixture {
    /// Parses a fixture; errors name what is wrong.
    pub fn parse(text: &str) -> Result<Fixture, String> {
        let f: File = toml::from_str(text).map_err(|e| e.to_string())?;
        let unit = f.meta.unit.unwrap_or(MoneyUnit::WanYuan);
        let mut tables = Vec::new();
        for (i, t) in f.table.into_iter().enumerate() {
            let tunit = t.unit.unwrap_or(MoneyUnit::WanYuan);
            let columns: Vec<Column> = t
                .columns
                .iter()
                .map(|c| {
                    let (key, label) = c.split_once('|').unwrap_or((c, c));
                    Column { key: key.to_owned(), label: label.to_owned(), kind: column_kind(key) }
                })
                .collect();
            let code_col = columns.iter().position(|c| c.kind == ColumnKind::Code);
            let mut rows = Vec::new();
            for (ri, r) in t.rows.iter().enumerate() {
                if r.len() != columns.len() {
                    return Err(format!("table {i} row {ri}: {} cells for {} columns", r.len(), columns.len()));
                }
                let cells = r
                    .iter()
                    .zip(&columns)
                    .map(|(text, c)| match c.kind {
                        ColumnKind::Amount => amount_cell(text, tunit).map_err(|e| format!("table {i} row {ri}: {e}")),
                        _ if text.trim().is_empty() => Ok(Cell::Empty),
                        _ => Ok(Cell::Text(text.trim().to_owned())),
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                let code =
                    code_col.map(|c| r[c].trim()).filter(|c| !c.is_empty() && c.bytes().all(|b| b.is_ascii_digit()));
                let first = r.iter().find(|c| !c.trim().is_empty()).map_or("", String::as_str);
                rows.push(Row { kind: row_kind(first, code), line: None, code: code.map(str::to_owned), cells });
            }
            tables.push(Table {
                id: t.id.unwrap_or_else(|| format!("t{:02}", i + 1)),
                role: t.role,
                number: i as u32 + 1,
                title: t.title.unwrap_or_else(|| format!("表{}", i + 1)),
                unit_name: None,
                unit: tunit,
                decimals: t.decimals.unwrap_or(2),
                header: Vec::new(),
                columns,
                rows,
                empty_statement: t.empty_statement,
                notes: Vec::new(),
            });
        }
        let forms = f
            .form
            .into_iter()
            .enumerate()
            .map(|(i, fs)| {
                let columns = fs.rows.iter().map(Vec::len).max().unwrap_or(0) as u16;
                let rows = fs
                    .rows
                    .iter()
                    .map(|r| {
                        r.iter()
                            .map(|c| {
                                let content = match (amount_cell(c, unit), c.trim().ends_with('%')) {
                                    (_, true) => Cell::Percent(c.trim().to_owned()),
                                    (Ok(cell), _) => cell,
                                    (Err(_), _) => Cell::Text(c.trim().to_owned()),
                                };
                                FormCell::value(content)
                            })
                            .collect()
                    })
                    .collect();
                Form {
                    id: fs.id.unwrap_or_else(|| format!("f{:02}", i + 1)),
                    role: fs.role,
                    title: fs.title.unwrap_or_default(),
                    subtitle: Vec::new(),
                    unit,
                    decimals: 2,
                    columns,
                    widths: vec![1; columns as usize],
                    rows,
                }
            })
            .collect();
        let claims = f
            .claim
            .into_iter()
            .enumerate()
            .map(|(i, c)| Claim {
                value: claim_value(&c.key, &c.text, unit),
                location: Location::Text {
                    text: TextRef { section: "fixture".into(), paragraph: i, start: 0, end: c.text.chars().count() },
                    heading: "fixture".into(),
                    excerpt: c.text.clone(),
                    line: None,
                },
                key: c.key,
                text: c.text,
                label: c.label,
            })
            .collect();
        let paragraphs = f
            .paragraph
            .into_iter()
            .enumerate()
            .map(|(i, p)| Paragraph {
                section: "fixture".into(),
                heading: p.heading,
                index: i,
                text: p.text,
                line: None,
            })
            .collect();
        let mut catalog = Catalog::embedded();
        for row in &f.catalog {
            let text = format!("scheme,code,name\n{},{},{}\n", row.scheme, row.code, row.name);
            catalog.add_csv("fixture", &text, Scheme::Functional).map_err(|e| e.to_string())?;
        }
        let mut units = Vec::new();
        for (i, mut table) in f.unit.into_iter().enumerate() {
            // The unit's own amounts are in its own unit, read before the rest.
            let uunit = match table.remove("unit") {
                Some(v) => MoneyUnit::parse(v.as_str().unwrap_or_default())
                    .ok_or_else(|| format!("unit {i}: unit must be 元, 万元 or 亿元"))?,
                None => unit,
            };
            let spec: UnitSpec =
                with_file_unit(uunit, || table.try_into()).map_err(|e: toml::de::Error| format!("unit {i}: {e}"))?;
            let year = spec.year.or(f.meta.year).unwrap_or(2022);
            units.push(Budget {
                meta: PackageMeta {
                    format: 1,
                    year,
                    template: f.meta.template.clone().unwrap_or_default(),
                    unit: uunit,
                    catalogs: Vec::new(),
                },
                department: spec.department,
                staffing: Staffing::default(),
                contact: Contact::default(),
                income: Vec::new(),
                line_items: spec.line_items,
                projects: Vec::new(),
                procurement: Vec::new(),
                purchased_services: Vec::new(),
                assets: Default::default(),
                prior_year: PriorYear { year: year - 1, ..Default::default() },
                narrative: Narrative::default(),
                glossary: Vec::new(),
                performance: DepartmentPerformance::default(),
            });
        }
        let (budget, facts) = match f.facts {
            None => (None, FactParts::default()),
            Some(table) => {
                let facts: Facts =
                    with_file_unit(unit, || table.try_into()).map_err(|e: toml::de::Error| e.to_string())?;
                let parts = FactParts {
                    line_items: facts.line_items.is_some(),
                    projects: facts.projects.is_some(),
                    staffing: facts.staffing.is_some(),
                    contact: facts.contact.is_some(),
                    performance: facts.performance.is_some(),
                    income: facts.income.is_some(),
                };
                let year = f.meta.year.unwrap_or(2022);
                let budget = Budget {
                    meta: PackageMeta {
                        format: 1,
                        year,
                        template: f.meta.template.clone().unwrap_or_default(),
                        unit,
                        catalogs: Vec::new(),
                    },
                    department: facts.department.unwrap_or_default(),
                    staffing: facts.staffing.unwrap_or_default(),
                    contact: facts.contact.unwrap_or_default(),
                    income: facts.income.unwrap_or_default(),
                    line_items: facts.line_items.unwrap_or_default(),
                    projects: facts.projects.unwrap_or_default(),
                    procurement: Vec::new(),
                    purchased_services: Vec::new(),
                    assets: Default::default(),
                    prior_year: facts.prior_year.unwrap_or(PriorYear { year: year - 1, ..Default::default() }),
                    narrative: facts.narrative.unwrap_or_default(),
                    glossary: Vec::new(),
                    performance: facts.performance.unwrap_or_default(),
                };
                (Some(budget), parts)
            }
        };
        Ok(Fixture {
            description: f.description,
            budget,
            facts,
            catalog,
            year: f.meta.year,
            region: f.meta.region,
            template: f.meta.template,
            tables,
            forms,
            claims,
            paragraphs,
            units,
        })
    }

    /// The fixture as a check input.
    pub fn input(&self) -> Input<'_> {
        let mut input = Input::empty(&self.catalog);
        input.budget = self.budget.as_ref();
        input.facts = self.facts;
        input.year = self.year.or(self.budget.as_ref().map(|b| b.meta.year));
        input.region = self.region.clone();
        input.template = self.template.clone();
        input.tables = self.tables.clone();
        input.forms = self.forms.clone();
        input.claims = self.claims.clone();
        input.paragraphs = self.paragraphs.clone();
        input.units = self.units.iter().collect();
        input
    }
}
