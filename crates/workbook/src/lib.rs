//! The fill-in workbook (预算填报.xlsx): a finance officer's way into yusuan
//! without touching TOML.
//!
//! - [`write::workbook`] writes the workbook for a budget: empty (the template,
//!   `yusuan template`) or filled from a package (`yusuan export-workbook`), one
//!   sheet per kind of fact, Chinese headers, drop-downs, number formats, frozen
//!   headers, an instructions sheet.
//! - [`read::read`] reads a workbook back into a [`Budget`], tolerating what
//!   people do in Excel and naming every problem by `sheet!cell`.
//! - [`import`] reads, checks the result with the rule engine, translates the
//!   findings back to cells ([`places`]), and writes the package only when
//!   nothing is wrong.
//!
//! The sheets are data ([`spec`]); both directions go through the package's own
//! serde types, joined into one JSON value ([`whole`]).

pub mod cells;
pub mod choices;
pub mod import;
pub mod places;
pub mod read;
pub mod records;
pub mod spec;
pub mod whole;
pub mod write;

pub use import::{ImportError, Imported, import};
pub use read::{CellError, read};
pub use write::workbook;

/// An extra catalog row of a package (`codes.csv`): scheme label (功能 / 经济), code, name.
pub type CodeRow = [String; 3];

/// The extra catalog rows of a package: every row of the CSV files its
/// `[package] catalogs` names (`scheme,code,name`; no scheme column = 功能).
pub fn catalog_rows(dir: &std::path::Path, budget: &yusuan_model::Budget) -> Result<Vec<CodeRow>, String> {
    let mut out = Vec::new();
    for rel in &budget.meta.catalogs {
        let path = dir.join(rel);
        let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let mut rdr = csv::ReaderBuilder::new().trim(csv::Trim::All).from_reader(text.as_bytes());
        let headers = rdr.headers().map_err(|e| format!("{}: {e}", path.display()))?.clone();
        let col = |n: &str| headers.iter().position(|h| h == n);
        let (scheme, code, name) = (col("scheme"), col("code"), col("name"));
        for rec in rdr.records() {
            let rec = rec.map_err(|e| format!("{}: {e}", path.display()))?;
            let get = |i: Option<usize>| i.and_then(|i| rec.get(i)).unwrap_or_default().to_owned();
            let s = get(scheme);
            out.push([if s.is_empty() { "功能".into() } else { s }, get(code), get(name)]);
        }
    }
    Ok(out)
}

/// An empty budget of `year` (the template's facts): only the package head and last year's year.
pub fn empty_budget(year: i32, unit: yusuan_model::MoneyUnit, template: &str) -> yusuan_model::Budget {
    use yusuan_model::*;
    Budget {
        meta: PackageMeta { format: 1, year, template: template.into(), unit, catalogs: Vec::new() },
        department: Department::default(),
        staffing: Staffing::default(),
        contact: Contact::default(),
        income: Vec::new(),
        line_items: Vec::new(),
        projects: Vec::new(),
        procurement: Vec::new(),
        purchased_services: Vec::new(),
        assets: Assets::default(),
        prior_year: PriorYear { year: year - 1, ..Default::default() },
        narrative: Narrative::default(),
        glossary: Vec::new(),
        performance: DepartmentPerformance::default(),
    }
}

/// Whether an XLSX file is a fill-in workbook (rather than published tables):
/// it has the sheets 基本信息 and 支出明细.
pub fn is_fill_in(bytes: &[u8]) -> bool {
    use calamine::Reader;
    calamine::Xlsx::new(std::io::Cursor::new(bytes)).is_ok_and(|wb: calamine::Xlsx<_>| {
        let names = wb.sheet_names();
        [spec::PROFILE.name, "支出明细"].iter().all(|n| names.iter().any(|s| s.trim() == *n))
    })
}
