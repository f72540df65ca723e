//! Fiscal Data Package export: `datapackage.json` and CSV resources.
//!
//! The package follows the Fiscal Data Package (FDP) as Frictionless Data publishes it:
//!
//! - **Descriptor and logical model**: what the FDP JSON schema
//!   (<https://specs.frictionlessdata.io/schemas/fiscal-data-package.json>, vendored as
//!   `crates/render/schema/fiscal-data-package.json`) requires: a Tabular Data Package with a `model` of
//!   `measures` (`source`, `resource`, `currency`, `factor`, `direction`, `phase`) and `dimensions`
//!   (`attributes` with `parent` / `labelfor`, `primaryKey`, `dimensionType`, `classificationType`), plus
//!   `countryCode`, `granularity` and `fiscalPeriod` (the model of FDP 0.3, which that schema encodes).
//!   `profile` is `tabular-data-package` because the schema's first `allOf` branch admits no other value
//!   (`fiscal-data-package` fails it, and frictionless would try to fetch the schema over the network).
//! - **Column semantics**: every CSV column carries its FDP 1.0-rc.1 `columnType` from the Budget taxonomy
//!   (<https://specs.frictionlessdata.io/fiscal-data-package/>, `…/taxonomies/fiscal/budgets.json`), the
//!   constants of a measure (currency, direction, phase) are `extraFields`, and the few types the taxonomy
//!   lacks (the two levels of 基本/项目 支出类型) are declared in `columnTypes`. The `model` groups the columns
//!   the way OpenSpending's `os-types` derives one from column types: one dimension per concept.
//!
//! Resources: `line-items.csv` (expenditure, one row per budget line item) and `income.csv` (revenue, one row per
//! income source). CSV is UTF-8 **without** BOM (frictionless reads a BOM into the first header), CRLF records
//! (RFC 4180), amounts in 元 as exact decimals with 2 places (`Amount` → text, never a float), so `factor` is 1.
//! Names of classification levels come only from the catalog; a name the catalog lacks is left empty.
//! Cells are data for programs, so no spreadsheet formula defusing is applied (unlike the per-table CSV).

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};
use yusuan_model::{
    Amount, Budget, Catalog, EconomicCode, ExpenseKind, FunctionalCode, FundingSource, Level, MoneyUnit, Scheme,
};

/// One file of the package, path relative to the package's directory.
pub struct FdpFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// ISO 4217 code of 人民币.
const CURRENCY: &str = "CNY";
/// FDP budget phase of the amounts (one of proposed / approved / adjusted / executed). A 部门预算公开 is
/// published within 20 days after the people's congress approved the budget, so its figures are the
/// approved budget (a 部门决算 would be `executed`).
const PHASE: &str = "approved";
const LINE_ITEMS: &str = "line-items";
const INCOME: &str = "income";

/// Builds the Fiscal Data Package of a budget (nothing is written).
pub fn fdp(budget: &Budget, catalog: &Catalog) -> Result<Vec<FdpFile>, String> {
    let line_csv = csv_bytes(&line_columns(), line_rows(budget, catalog))?;
    let income_csv = csv_bytes(&income_columns(), income_rows(budget))?;
    let descriptor = descriptor(budget, line_csv.len(), income_csv.len());
    let mut json = serde_json::to_vec_pretty(&descriptor).map_err(|e| format!("datapackage.json: {e}"))?;
    json.push(b'\n');
    Ok(vec![
        FdpFile { path: "datapackage.json".into(), bytes: json },
        FdpFile { path: format!("{LINE_ITEMS}.csv"), bytes: line_csv },
        FdpFile { path: format!("{INCOME}.csv"), bytes: income_csv },
    ])
}

// ---------------------------------------------------------------------------------------------------------------
// Columns: one list per resource drives the CSV header, the table schema and the model's sources.

/// A CSV column and its table-schema field.
#[derive(Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct Field {
    name: &'static str,
    title: &'static str,
    #[serde(rename = "type")]
    ty: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'static str>,
    column_type: &'static str,
    #[serde(skip_serializing_if = "Constraints::is_empty")]
    constraints: Constraints,
    /// Only on `extraFields`: the value of the column in every row.
    #[serde(skip_serializing_if = "Option::is_none")]
    constant: Option<&'static str>,
}

#[derive(Clone, Default, Serialize)]
struct Constraints {
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    required: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pattern: Option<&'static str>,
    #[serde(rename = "enum", skip_serializing_if = "Option::is_none")]
    values: Option<Vec<&'static str>>,
}

impl Constraints {
    fn is_empty(&self) -> bool {
        !self.required && self.pattern.is_none() && self.values.is_none()
    }
}

fn field(name: &'static str, title: &'static str, ty: &'static str, column_type: &'static str) -> Field {
    Field { name, title, ty, description: None, column_type, constraints: Constraints::default(), constant: None }
}

impl Field {
    fn required(mut self) -> Field {
        self.constraints.required = true;
        self
    }
    fn pattern(mut self, p: &'static str) -> Field {
        self.constraints.pattern = Some(p);
        self
    }
    fn one_of(mut self, values: Vec<&'static str>) -> Field {
        self.constraints.values = Some(values);
        self
    }
    fn described(mut self, d: &'static str) -> Field {
        self.description = Some(d);
        self
    }
}

fn line_columns() -> Vec<Field> {
    let sources: Vec<&'static str> = FundingSource::ALL.iter().map(|s| s.id()).collect();
    let kinds: Vec<&'static str> = ExpenseKind::ALL.iter().map(|k| k.id()).collect();
    vec![
        field("line_id", "行号", "string", "budget-line-id").required(),
        field("fiscal_year", "预算年度", "integer", "date:fiscal-year").required(),
        field("department_code", "部门编码", "string", "administrative-classification:generic:level1:code"),
        field("department_name", "部门名称", "string", "administrative-classification:generic:level1:label"),
        field("unit_id", "单位", "string", "administrative-classification:generic:level2:code").required(),
        field("unit_name", "单位名称", "string", "administrative-classification:generic:level2:label"),
        field(
            "functional_class_code",
            "支出功能分类科目（类）编码",
            "string",
            "functional-classification:generic:level1:code",
        )
        .required()
        .pattern("^[0-9]{3}$"),
        field(
            "functional_class_name",
            "支出功能分类科目（类）名称",
            "string",
            "functional-classification:generic:level1:label",
        ),
        field(
            "functional_section_code",
            "支出功能分类科目（款）编码",
            "string",
            "functional-classification:generic:level2:code",
        )
        .pattern("^[0-9]{5}$"),
        field(
            "functional_section_name",
            "支出功能分类科目（款）名称",
            "string",
            "functional-classification:generic:level2:label",
        ),
        field(
            "functional_item_code",
            "支出功能分类科目（项）编码",
            "string",
            "functional-classification:generic:level3:code",
        )
        .pattern("^[0-9]{7}$"),
        field(
            "functional_item_name",
            "支出功能分类科目（项）名称",
            "string",
            "functional-classification:generic:level3:label",
        ),
        field(
            "economic_class_code",
            "部门预算支出经济分类科目（类）编码",
            "string",
            "economic-classification:generic:level1:code",
        )
        .required()
        .pattern("^[0-9]{3}$"),
        field(
            "economic_class_name",
            "部门预算支出经济分类科目（类）名称",
            "string",
            "economic-classification:generic:level1:label",
        ),
        field(
            "economic_section_code",
            "部门预算支出经济分类科目（款）编码",
            "string",
            "economic-classification:generic:level2:code",
        )
        .pattern("^[0-9]{5}$")
        .described("空：该行只列到类"),
        field(
            "economic_section_name",
            "部门预算支出经济分类科目（款）名称",
            "string",
            "economic-classification:generic:level2:label",
        ),
        field("expense_type_code", "支出类型编码", "string", "expenditure-type:level1:code")
            .required()
            .one_of(vec!["basic", "project"]),
        field("expense_type_name", "支出类型", "string", "expenditure-type:level1:label"),
        field("expense_kind_code", "支出性质编码", "string", "expenditure-type:level2:code").required().one_of(kinds),
        field("expense_kind_name", "支出性质", "string", "expenditure-type:level2:label"),
        field("project_id", "项目编号", "string", "activity:generic:project:code"),
        field("project_name", "项目名称", "string", "activity:generic:project:label"),
        field("funding_source_code", "资金来源编码", "string", "fin-source:generic:code")
            .required()
            .one_of(sources.clone()),
        field("funding_source_name", "资金来源", "string", "fin-source:generic:label"),
        field("amount", "金额（元）", "number", "value").required(),
    ]
}

fn income_columns() -> Vec<Field> {
    let sources: Vec<&'static str> = FundingSource::ALL.iter().map(|s| s.id()).collect();
    vec![
        field("fiscal_year", "预算年度", "integer", "date:fiscal-year").required(),
        field("department_code", "部门编码", "string", "administrative-classification:generic:level1:code"),
        field("department_name", "部门名称", "string", "administrative-classification:generic:level1:label"),
        field("funding_source_code", "收入来源编码", "string", "fin-source:generic:code").required().one_of(sources),
        field("funding_source_name", "收入来源", "string", "fin-source:generic:label"),
        field("amount", "金额（元）", "number", "value").required(),
    ]
}

/// The constant columns of a measure's rows (FDP 1.0 `extraFields`).
fn extra_fields(direction: &'static str) -> Vec<Field> {
    let constant = |f: Field, v: &'static str| Field { constant: Some(v), ..f };
    vec![
        constant(field("currency", "币种", "string", "value-currency:code"), CURRENCY),
        constant(field("direction", "收支方向", "string", "direction"), direction),
        constant(field("phase", "预算阶段", "string", "phase:id"), PHASE),
    ]
}

// ---------------------------------------------------------------------------------------------------------------
// Rows.

/// Amounts in 元 with exactly 2 decimals: an `Amount` is a whole number of 分, so this is exact.
fn yuan(a: Amount) -> String {
    a.format(MoneyUnit::Yuan, 2)
}

fn name_of(catalog: &Catalog, scheme: Scheme, code: Option<yusuan_model::Code>) -> String {
    code.and_then(|c| catalog.name(scheme, c)).unwrap_or("").to_owned()
}

/// Code and catalog name of a functional code's ancestor at `level` (both empty when the code is not that deep).
fn functional_level(catalog: &Catalog, code: FunctionalCode, level: Level) -> [String; 2] {
    let at = code.at(level);
    [at.map(|c| c.as_str().to_owned()).unwrap_or_default(), name_of(catalog, Scheme::Functional, at.map(|c| c.code()))]
}

fn economic_level(catalog: &Catalog, code: EconomicCode, level: Level) -> [String; 2] {
    let at = code.at(level);
    [at.map(|c| c.as_str().to_owned()).unwrap_or_default(), name_of(catalog, Scheme::Economic, at.map(|c| c.code()))]
}

fn kind_name(k: ExpenseKind) -> &'static str {
    match k {
        ExpenseKind::Personnel => "人员经费",
        ExpenseKind::Public => "公用经费",
        ExpenseKind::Project => "项目支出",
    }
}

fn line_rows(budget: &Budget, catalog: &Catalog) -> Vec<Vec<String>> {
    let dept = &budget.department;
    budget
        .line_items
        .iter()
        .enumerate()
        .map(|(i, l)| {
            // Never `Budget::unit_name`: it falls back to the id, and a name must not be invented.
            let unit_name = dept.units.iter().find(|u| u.id == l.unit).map(|u| u.name.clone()).unwrap_or_default();
            let project = l.project.as_deref().unwrap_or("");
            let project_name = budget.project(project).map(|p| p.name.clone()).unwrap_or_default();
            let (type_code, type_name) =
                if l.kind.is_basic() { ("basic", "基本支出") } else { ("project", "项目支出") };
            let mut row = vec![
                (i + 1).to_string(),
                budget.meta.year.to_string(),
                dept.code.clone().unwrap_or_default(),
                dept.name.clone(),
                l.unit.clone(),
                unit_name,
            ];
            for level in [Level::Class, Level::Section, Level::Item] {
                row.extend(functional_level(catalog, l.functional, level));
            }
            for level in [Level::Class, Level::Section] {
                row.extend(economic_level(catalog, l.economic, level));
            }
            row.extend([
                type_code.to_owned(),
                type_name.to_owned(),
                l.kind.id().to_owned(),
                kind_name(l.kind).to_owned(),
                project.to_owned(),
                project_name,
                l.source.id().to_owned(),
                l.source.title().to_owned(),
                yuan(l.amount),
            ]);
            row
        })
        .collect()
}

fn income_rows(budget: &Budget) -> Vec<Vec<String>> {
    let dept = &budget.department;
    budget
        .income
        .iter()
        .map(|i| {
            vec![
                budget.meta.year.to_string(),
                dept.code.clone().unwrap_or_default(),
                dept.name.clone(),
                i.source.id().to_owned(),
                i.source.title().to_owned(),
                yuan(i.amount),
            ]
        })
        .collect()
}

fn csv_bytes(columns: &[Field], rows: Vec<Vec<String>>) -> Result<Vec<u8>, String> {
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    let err = |e: csv::Error| format!("FDP CSV: {e}");
    w.write_record(columns.iter().map(|c| c.name)).map_err(err)?;
    for row in rows {
        debug_assert_eq!(row.len(), columns.len(), "one cell per column");
        w.write_record(&row).map_err(err)?;
    }
    w.into_inner().map_err(|e| format!("FDP CSV: {e}"))
}

// ---------------------------------------------------------------------------------------------------------------
// Descriptor.

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Descriptor {
    profile: &'static str,
    name: String,
    title: String,
    description: String,
    keywords: Vec<String>,
    country_code: &'static str,
    granularity: &'static str,
    fiscal_period: FiscalPeriod,
    column_types: (&'static str, Vec<ColumnTypeDef>),
    resources: Vec<Resource>,
    model: Model,
}

#[derive(Serialize)]
struct FiscalPeriod {
    start: String,
    end: String,
}

/// An explicit FDP 1.0 ColumnType definition, for the types the Budget taxonomy lacks.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ColumnTypeDef {
    name: &'static str,
    data_type: &'static str,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    unique: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    label_of: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    prior: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Resource {
    profile: &'static str,
    name: &'static str,
    path: String,
    title: &'static str,
    description: &'static str,
    format: &'static str,
    mediatype: &'static str,
    encoding: &'static str,
    bytes: usize,
    schema: Schema,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Schema {
    fields: Vec<Field>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    primary_key: Vec<&'static str>,
    missing_values: [&'static str; 1],
    extra_fields: Vec<Field>,
}

#[derive(Serialize)]
struct Model {
    measures: Ordered<Measure>,
    dimensions: Ordered<Dimension>,
}

#[derive(Serialize)]
struct Measure {
    title: &'static str,
    source: &'static str,
    resource: &'static str,
    currency: &'static str,
    factor: u32,
    direction: &'static str,
    phase: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Dimension {
    title: &'static str,
    dimension_type: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    classification_type: Option<&'static str>,
    attributes: Ordered<Attribute>,
    primary_key: Vec<&'static str>,
}

#[derive(Serialize)]
struct Attribute {
    source: &'static str,
    resource: &'static str,
    title: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    parent: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    labelfor: Option<&'static str>,
}

/// A JSON object whose keys keep their order (serde_json's `Map` sorts them).
struct Ordered<T>(Vec<(&'static str, T)>);

impl<T: Serialize> Serialize for Ordered<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

/// A slug for `name` (`^[-a-z0-9._/]+$`): the department code when it is one, else only the year.
fn package_name(budget: &Budget) -> String {
    let year = budget.meta.year;
    let code =
        budget.department.code.as_deref().map(str::trim).filter(|c| {
            !c.is_empty() && c.chars().all(|ch| ch.is_ascii_alphanumeric() || matches!(ch, '-' | '.' | '_'))
        });
    match code {
        Some(c) => format!("department-budget-{}-{year}", c.to_ascii_lowercase()),
        None => format!("department-budget-{year}"),
    }
}

fn descriptor(budget: &Budget, line_bytes: usize, income_bytes: usize) -> Descriptor {
    let year = budget.meta.year;
    let dept = &budget.department;
    let region = if dept.region.is_empty() { String::new() } else { format!("地区：{}。", dept.region) };
    let resource = |name: &'static str, title, description, bytes, schema| Resource {
        profile: "tabular-data-resource",
        name,
        path: format!("{name}.csv"),
        title,
        description,
        format: "csv",
        mediatype: "text/csv",
        encoding: "utf-8",
        bytes,
        schema,
    };
    Descriptor {
        profile: "tabular-data-package",
        name: package_name(budget),
        title: format!("{}{year}年部门预算", dept.name),
        description: format!(
            "{}{year}年部门预算公开的财政数据包（Fiscal Data Package）。{region}line-items.csv：支出预算明细，每行一条预算明细\
             （单位 × 支出功能分类 × 部门预算支出经济分类 × 基本支出人员经费/公用经费/项目支出 × 项目 × 资金来源）；\
             income.csv：收入预算，按收入来源。金额单位：元，保留两位小数。科目名称取自科目目录，目录中没有的名称留空。",
            dept.name
        ),
        keywords: vec!["部门预算".into(), "预算公开".into(), dept.name.clone(), year.to_string()],
        country_code: "CN",
        granularity: "aggregated",
        // 预算年度 is the calendar year (《预算法》第十八条).
        fiscal_period: FiscalPeriod { start: format!("{year:04}-01-01"), end: format!("{year:04}-12-31") },
        column_types: ("https://specs.frictionlessdata.io/taxonomies/fiscal/budgets.json", expense_type_defs()),
        resources: vec![
            resource(
                LINE_ITEMS,
                "支出预算明细",
                "每行一条预算明细；各公开表的支出数均为这些行的分类汇总。",
                line_bytes,
                Schema {
                    fields: line_columns(),
                    primary_key: vec!["line_id"],
                    missing_values: [""],
                    extra_fields: extra_fields("expenditure"),
                },
            ),
            resource(
                INCOME,
                "收入预算",
                "每行一个收入来源。",
                income_bytes,
                Schema {
                    fields: income_columns(),
                    primary_key: vec![],
                    missing_values: [""],
                    extra_fields: extra_fields("revenue"),
                },
            ),
        ],
        model: model(),
    }
}

/// `columnTypes`: the taxonomy by URL, then the two-level 支出类型 the taxonomy lacks (as a definition package).
fn expense_type_defs() -> Vec<ColumnTypeDef> {
    let def = |name, unique, label_of, prior| ColumnTypeDef { name, data_type: "string", unique, label_of, prior };
    vec![
        def("expenditure-type:level1:code", true, None, None),
        def("expenditure-type:level1:label", false, Some("expenditure-type:level1:code"), None),
        def("expenditure-type:level2:code", true, None, Some("expenditure-type:level1:code")),
        def("expenditure-type:level2:label", false, Some("expenditure-type:level2:code"), None),
    ]
}

fn attr(
    resource: &'static str,
    source: &'static str,
    title: &'static str,
    parent: Option<&'static str>,
    labelfor: Option<&'static str>,
) -> (&'static str, Attribute) {
    (source, Attribute { source, resource, title, parent, labelfor })
}

fn model() -> Model {
    let measure = |title, resource, direction| Measure {
        title,
        source: "amount",
        resource,
        currency: CURRENCY,
        factor: 1,
        direction,
        phase: PHASE,
    };
    let l = LINE_ITEMS;
    let dim = |title, dimension_type, classification_type, attributes, primary_key| Dimension {
        title,
        dimension_type,
        classification_type,
        attributes: Ordered(attributes),
        primary_key,
    };
    Model {
        measures: Ordered(vec![
            ("expenditure", measure("支出预算", LINE_ITEMS, "expenditure")),
            ("revenue", measure("收入预算", INCOME, "revenue")),
        ]),
        dimensions: Ordered(vec![
            (
                "date",
                dim(
                    "预算年度",
                    "datetime",
                    None,
                    vec![attr(l, "fiscal_year", "预算年度", None, None)],
                    vec!["fiscal_year"],
                ),
            ),
            (
                "administrative-classification",
                dim(
                    "部门与单位",
                    "classification",
                    Some("administrative"),
                    vec![
                        attr(l, "department_code", "部门编码", None, None),
                        attr(l, "department_name", "部门名称", None, Some("department_code")),
                        attr(l, "unit_id", "单位", Some("department_code"), None),
                        attr(l, "unit_name", "单位名称", None, Some("unit_id")),
                    ],
                    vec!["unit_id"],
                ),
            ),
            (
                "functional-classification",
                dim(
                    "支出功能分类",
                    "classification",
                    Some("functional"),
                    vec![
                        attr(l, "functional_class_code", "类", None, None),
                        attr(l, "functional_class_name", "类名称", None, Some("functional_class_code")),
                        attr(l, "functional_section_code", "款", Some("functional_class_code"), None),
                        attr(l, "functional_section_name", "款名称", None, Some("functional_section_code")),
                        attr(l, "functional_item_code", "项", Some("functional_section_code"), None),
                        attr(l, "functional_item_name", "项名称", None, Some("functional_item_code")),
                    ],
                    vec!["functional_class_code", "functional_section_code", "functional_item_code"],
                ),
            ),
            (
                "economic-classification",
                dim(
                    "部门预算支出经济分类",
                    "classification",
                    Some("economic"),
                    vec![
                        attr(l, "economic_class_code", "类", None, None),
                        attr(l, "economic_class_name", "类名称", None, Some("economic_class_code")),
                        attr(l, "economic_section_code", "款", Some("economic_class_code"), None),
                        attr(l, "economic_section_name", "款名称", None, Some("economic_section_code")),
                    ],
                    vec!["economic_class_code", "economic_section_code"],
                ),
            ),
            (
                "expenditure-type",
                dim(
                    "支出类型（基本支出人员经费/公用经费、项目支出）",
                    "other",
                    None,
                    vec![
                        attr(l, "expense_type_code", "支出类型编码", None, None),
                        attr(l, "expense_type_name", "支出类型", None, Some("expense_type_code")),
                        attr(l, "expense_kind_code", "支出性质编码", Some("expense_type_code"), None),
                        attr(l, "expense_kind_name", "支出性质", None, Some("expense_kind_code")),
                    ],
                    vec!["expense_type_code", "expense_kind_code"],
                ),
            ),
            (
                "activity",
                dim(
                    "项目",
                    "activity",
                    None,
                    vec![
                        attr(l, "project_id", "项目编号", None, None),
                        attr(l, "project_name", "项目名称", None, Some("project_id")),
                    ],
                    vec!["project_id"],
                ),
            ),
            (
                "fin-source",
                dim(
                    "资金来源",
                    "other",
                    None,
                    vec![
                        attr(l, "funding_source_code", "资金来源编码", None, None),
                        attr(l, "funding_source_name", "资金来源", None, Some("funding_source_code")),
                    ],
                    vec!["funding_source_code"],
                ),
            ),
            (
                "budget-line",
                dim("预算明细行", "fact", None, vec![attr(l, "line_id", "行号", None, None)], vec!["line_id"]),
            ),
            (
                "revenue-source",
                dim(
                    "收入来源",
                    "other",
                    None,
                    vec![
                        attr(INCOME, "funding_source_code", "收入来源编码", None, None),
                        attr(INCOME, "funding_source_name", "收入来源", None, Some("funding_source_code")),
                    ],
                    vec!["funding_source_code"],
                ),
            ),
        ]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use yusuan_model::{
        Assets, BudgetUnit, Contact, Department, DepartmentPerformance, Income, LineItem, Narrative, Origin,
        PackageMeta, PriorYear, Project, Staffing,
    };

    fn budget(line_items: Vec<LineItem>) -> Budget {
        Budget {
            meta: PackageMeta {
                format: 1,
                year: 2024,
                template: "wuhan-13".into(),
                unit: MoneyUnit::WanYuan,
                catalogs: vec![],
            },
            department: Department {
                name: "某某局".into(),
                short_name: "某局".into(),
                units: vec![BudgetUnit {
                    id: "本级".into(),
                    name: "某某局本级".into(),
                    code: None,
                    kind: "行政单位".into(),
                }],
                ..Default::default()
            },
            staffing: Staffing::default(),
            contact: Contact::default(),
            income: vec![Income { source: FundingSource::GeneralBudget, amount: Amount::from_fen(150) }],
            line_items,
            projects: vec![Project {
                id: "p1".into(), name: "项目, 含逗号\"引号\"".into(), ..Default::default()
            }],
            procurement: vec![],
            purchased_services: vec![],
            assets: Assets::default(),
            prior_year: PriorYear::default(),
            narrative: Narrative::default(),
            glossary: vec![],
            performance: DepartmentPerformance::default(),
        }
    }

    fn line(functional: &str, economic: &str, kind: ExpenseKind, project: Option<&str>, fen: i64) -> LineItem {
        LineItem {
            unit: "本级".into(),
            functional: FunctionalCode::parse(functional).unwrap(),
            economic: EconomicCode::parse(economic).unwrap(),
            kind,
            project: project.map(Into::into),
            source: FundingSource::GeneralBudget,
            amount: Amount::from_fen(fen),
            note: None,
            origin: Origin::default(),
        }
    }

    fn records(bytes: &[u8]) -> Vec<csv::StringRecord> {
        csv::Reader::from_reader(bytes).records().map(Result::unwrap).collect()
    }

    #[test]
    fn rows_keep_codes_leave_unknown_names_empty_and_amounts_exact() {
        let b = budget(vec![
            line("2010301", "30101", ExpenseKind::Personnel, None, 12_654_000),
            line("2019999", "302", ExpenseKind::Project, Some("p1"), -5),
        ]);
        let mut catalog = Catalog::default();
        catalog.add_csv("t.csv", "code,name\n201,一般公共服务支出\n2010301,行政运行\n", Scheme::Functional).unwrap();
        let files = fdp(&b, &catalog).unwrap();
        let names: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(names, ["datapackage.json", "line-items.csv", "income.csv"]);
        let csv = &files[1].bytes;
        assert!(!csv.starts_with("\u{feff}".as_bytes()), "no BOM");
        let rows = records(csv);
        let col = |name: &str| line_columns().iter().position(|c| c.name == name).unwrap();
        assert_eq!(&rows[0][col("functional_class_name")], "一般公共服务支出");
        assert_eq!(&rows[0][col("functional_section_code")], "20103");
        assert_eq!(&rows[0][col("functional_section_name")], "", "20103 is not in this catalog: left empty");
        assert_eq!(&rows[0][col("functional_item_name")], "行政运行");
        assert_eq!(&rows[0][col("unit_name")], "某某局本级");
        assert_eq!(&rows[0][col("amount")], "126540.00");
        assert_eq!(&rows[0][col("expense_type_code")], "basic");
        assert_eq!(&rows[1][col("economic_class_code")], "302");
        assert_eq!(&rows[1][col("economic_section_code")], "", "a 类-only economic code has no 款");
        assert_eq!(&rows[1][col("project_name")], "项目, 含逗号\"引号\"");
        assert_eq!(&rows[1][col("amount")], "-0.05");
        assert_eq!(&records(&files[2].bytes)[0][5], "1.50");
    }

    #[test]
    fn descriptor_orders_keys_and_states_measures() {
        let files =
            fdp(&budget(vec![line("2010301", "30101", ExpenseKind::Public, None, 1)]), &Catalog::default()).unwrap();
        let text = std::str::from_utf8(&files[0].bytes).unwrap();
        assert!(text.find("\"profile\"").unwrap() < text.find("\"resources\"").unwrap(), "declaration order kept");
        let v: serde_json::Value = serde_json::from_str(text).unwrap();
        assert_eq!(v["name"], "department-budget-2024");
        assert_eq!(v["fiscalPeriod"]["start"], "2024-01-01");
        let m = &v["model"]["measures"];
        assert_eq!(m["expenditure"]["currency"], "CNY");
        assert_eq!(m["revenue"]["direction"], "revenue");
        assert_eq!(v["resources"][0]["bytes"], files[1].bytes.len());
    }
}
