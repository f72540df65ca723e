//! Reading a package directory.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use yusuan_model::money::with_file_unit;
use yusuan_model::{Budget, Catalog, LineItem, MoneyUnit, Origin, ProcurementItem, PurchasedService, Scheme};

use crate::error::{LoadError, LoadErrors, line_col};
use crate::files::{self, BudgetFile, BudgetHead, PerformanceFile, ProjectsFile};

/// A loaded package: the budget facts and the catalog in force for it.
#[derive(Debug, Clone)]
pub struct Package {
    pub dir: PathBuf,
    pub budget: Budget,
    pub catalog: Catalog,
}

/// Loads the package in `dir`, or returns every problem found.
pub fn load(dir: &Path) -> Result<Package, LoadErrors> {
    let mut errs = Vec::new();
    let budget_path = dir.join(files::BUDGET);
    let Some(budget_text) = read(&budget_path, true, &mut errs) else {
        return Err(LoadErrors(errs));
    };
    let Some(head) = parse_toml::<BudgetHead>(&budget_path, &budget_text, &mut errs) else {
        return Err(LoadErrors(errs));
    };
    let unit = head.package.unit;
    let loaded = with_file_unit(unit, || {
        let budget_file = parse_toml::<BudgetFile>(&budget_path, &budget_text, &mut errs);
        let projects = read_toml::<ProjectsFile>(dir, files::PROJECTS, false, &mut errs).unwrap_or_default();
        let performance = read_toml::<PerformanceFile>(dir, files::PERFORMANCE, false, &mut errs).unwrap_or_default();
        let line_items: Vec<LineItem> = with_origins(
            read_csv(dir, files::LINE_ITEMS, files::LINE_ITEM_COLUMNS, true, &mut errs),
            files::LINE_ITEMS,
            |l| &mut l.origin,
        );
        let procurement: Vec<ProcurementItem> = with_origins(
            read_csv(dir, files::PROCUREMENT, files::PROCUREMENT_COLUMNS, false, &mut errs),
            files::PROCUREMENT,
            |l| &mut l.origin,
        );
        let services: Vec<PurchasedService> = with_origins(
            read_csv(dir, files::PURCHASED_SERVICES, files::PURCHASED_SERVICE_COLUMNS, false, &mut errs),
            files::PURCHASED_SERVICES,
            |l| &mut l.origin,
        );
        (budget_file, projects, performance, line_items, procurement, services)
    });
    let (budget_file, projects, performance, line_items, procurement, purchased_services) = loaded;
    let Some(b) = budget_file else {
        return Err(LoadErrors(errs));
    };
    let budget = b.assemble(projects.project, performance, line_items, procurement, purchased_services);
    // Reference errors would only echo a file that failed to parse.
    if errs.is_empty() {
        validate_references(dir, &budget, &mut errs);
    }
    let catalog = load_catalogs(dir, &budget, &mut errs);
    if errs.is_empty() { Ok(Package { dir: dir.to_owned(), budget, catalog }) } else { Err(LoadErrors(errs)) }
}

fn read(path: &Path, required: bool, errs: &mut Vec<LoadError>) -> Option<String> {
    match std::fs::read(path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(s) => Some(s.strip_prefix('\u{feff}').map(str::to_owned).unwrap_or(s)),
            Err(e) => {
                let bytes = e.as_bytes();
                let valid = e.utf8_error().valid_up_to();
                let text = String::from_utf8_lossy(&bytes[..valid]);
                let (line, column) = line_col(&text, valid);
                errs.push(err(path, line, column, None, "文件不是 UTF-8 编码（请另存为 UTF-8） not UTF-8".into()));
                None
            }
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !required => None,
        Err(e) => {
            errs.push(err(path, 0, 0, None, format!("无法读取文件 cannot read: {e}")));
            None
        }
    }
}

fn err(path: &Path, line: usize, column: usize, field: Option<String>, message: String) -> LoadError {
    LoadError { file: path.to_owned(), line, column, field, message }
}

fn parse_toml<T: DeserializeOwned>(path: &Path, text: &str, errs: &mut Vec<LoadError>) -> Option<T> {
    match toml::from_str::<T>(text) {
        Ok(v) => Some(v),
        Err(e) => {
            let (line, column) = e.span().map_or((0, 0), |s| line_col(text, s.start));
            errs.push(err(path, line, column, None, e.message().trim().to_owned()));
            None
        }
    }
}

fn read_toml<T: DeserializeOwned>(dir: &Path, name: &str, required: bool, errs: &mut Vec<LoadError>) -> Option<T> {
    let path = dir.join(name);
    let text = read(&path, required, errs)?;
    parse_toml(&path, &text, errs)
}

/// Reads a CSV file into rows, each with the 1-based line it came from.
fn read_csv<T: DeserializeOwned>(
    dir: &Path,
    name: &str,
    expected: &[&str],
    required: bool,
    errs: &mut Vec<LoadError>,
) -> Vec<(u32, T)> {
    let path = dir.join(name);
    let Some(text) = read(&path, required, errs) else {
        return Vec::new();
    };
    let mut rdr = csv::ReaderBuilder::new().trim(csv::Trim::All).from_reader(text.as_bytes());
    let headers = match rdr.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            errs.push(err(&path, 1, 0, None, e.to_string()));
            return Vec::new();
        }
    };
    let unknown: Vec<&str> = headers.iter().filter(|h| !expected.contains(h)).collect();
    if !unknown.is_empty() {
        errs.push(err(
            &path,
            1,
            0,
            None,
            format!("未知的列 unknown columns: {}；应为 {}", unknown.join(", "), expected.join(",")),
        ));
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut rec = csv::StringRecord::new();
    loop {
        match rdr.read_record(&mut rec) {
            Ok(false) => break,
            Ok(true) => {
                let line = rec.position().map_or(0, |p| p.line() as u32);
                if rec.iter().all(str::is_empty) {
                    continue;
                }
                match crate::record::deserialize::<T>(&headers, &rec) {
                    Ok(v) => out.push((line, v)),
                    Err((field, message)) => {
                        let column =
                            field.as_deref().and_then(|f| headers.iter().position(|h| h == f)).map_or(0, |i| i + 1);
                        errs.push(err(&path, line as usize, column, field, message));
                    }
                }
            }
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line() as usize);
                errs.push(err(&path, line, 0, None, e.to_string()));
                break;
            }
        }
    }
    out
}

/// Attaches each row's origin (file and line).
fn with_origins<T>(rows: Vec<(u32, T)>, file: &str, origin: impl Fn(&mut T) -> &mut Origin) -> Vec<T> {
    rows.into_iter()
        .map(|(line, mut row)| {
            *origin(&mut row) = Origin { file: file.to_owned(), line };
            row
        })
        .collect()
}

/// Cross-file references that must hold for the budget to mean anything:
/// units and projects named by rows exist, project lines name a project.
fn validate_references(dir: &Path, b: &Budget, errs: &mut Vec<LoadError>) {
    let units: BTreeSet<&str> = b.department.units.iter().map(|u| u.id.as_str()).collect();
    let mut projects = BTreeMap::new();
    for p in &b.projects {
        if projects.insert(p.id.as_str(), p).is_some() {
            errs.push(err(
                &dir.join(files::PROJECTS),
                0,
                0,
                None,
                format!("项目 id “{}” 重复 duplicate project id", p.id),
            ));
        }
        if !units.contains(p.unit.as_str()) {
            errs.push(err(
                &dir.join(files::PROJECTS),
                0,
                0,
                None,
                format!("项目 “{}” 的单位 “{}” 不在 [[department.units]] 中", p.id, p.unit),
            ));
        }
    }
    let col = |cols: &[&str], name: &str| cols.iter().position(|c| *c == name).map_or(0, |i| i + 1);
    let mut check_row = |file: &str, cols: &[&str], origin: &Origin, unit: &str, project: Option<&str>| {
        let path = dir.join(file);
        let line = origin.line as usize;
        if !units.contains(unit) {
            errs.push(err(
                &path,
                line,
                col(cols, "unit"),
                Some("unit".into()),
                format!("单位 “{unit}” 不在 budget.toml 的 [[department.units]] 中 unknown unit"),
            ));
        }
        if let Some(p) = project
            && !projects.contains_key(p)
        {
            errs.push(err(
                &path,
                line,
                col(cols, "project"),
                Some("project".into()),
                format!("项目 “{p}” 不在 projects.toml 中 unknown project"),
            ));
        }
    };
    for l in &b.line_items {
        check_row(files::LINE_ITEMS, files::LINE_ITEM_COLUMNS, &l.origin, &l.unit, l.project.as_deref());
    }
    for l in &b.procurement {
        check_row(files::PROCUREMENT, files::PROCUREMENT_COLUMNS, &l.origin, &l.unit, l.project.as_deref());
    }
    for l in &b.purchased_services {
        check_row(
            files::PURCHASED_SERVICES,
            files::PURCHASED_SERVICE_COLUMNS,
            &l.origin,
            &l.unit,
            l.project.as_deref(),
        );
    }
    for l in &b.line_items {
        let path = dir.join(files::LINE_ITEMS);
        let line = l.origin.line as usize;
        match (l.kind.is_basic(), &l.project) {
            (false, None) => errs.push(err(
                &path,
                line,
                col(files::LINE_ITEM_COLUMNS, "project"),
                Some("project".into()),
                "项目支出行必须填写项目 project lines need a project".into(),
            )),
            (true, Some(_)) => errs.push(err(
                &path,
                line,
                col(files::LINE_ITEM_COLUMNS, "kind"),
                Some("kind".into()),
                "基本支出行不应填写项目；项目支出请填 kind=项目".into(),
            )),
            _ => {}
        }
    }
}

fn load_catalogs(dir: &Path, b: &Budget, errs: &mut Vec<LoadError>) -> Catalog {
    let mut catalog = Catalog::embedded();
    for rel in &b.meta.catalogs {
        let path = dir.join(rel);
        let Some(text) = read(&path, true, errs) else {
            continue;
        };
        // A `scheme` column names each row's classification; without one the file is functional.
        if let Err(e) = catalog.add_csv(rel, &text, Scheme::Functional) {
            errs.push(err(&path, e.line as usize, 0, None, e.message));
        }
    }
    catalog
}

/// The unit of a package, for writers.
pub fn unit_of(b: &Budget) -> MoneyUnit {
    b.meta.unit
}
