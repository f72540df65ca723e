//! A budget as one JSON value (amounts as exact decimal strings in the
//! package's unit) and back, through the package files' serde types.

use serde_json::{Value, json};
use yusuan_model::money::with_file_unit;
use yusuan_model::{Budget, LineItem, MoneyUnit, ProcurementItem, PurchasedService};
use yusuan_package::files::{BudgetFile, PerformanceFile, ProjectsFile};

use crate::CodeRow;

/// The whole: `budget.toml`'s keys plus `project`, `performance`, `line_items`,
/// `procurement`, `purchased_services` and `codes`.
pub fn to_whole(b: &Budget, codes: &[CodeRow]) -> Value {
    with_file_unit(b.meta.unit, || {
        let file = BudgetFile::of(b);
        let mut v = serde_json::to_value(&file).unwrap_or_default();
        let obj = v.as_object_mut().expect("a struct serializes as an object");
        obj.insert("project".into(), serde_json::to_value(&b.projects).unwrap_or_default());
        obj.insert("performance".into(), serde_json::to_value(&b.performance).unwrap_or_default());
        obj.insert("line_items".into(), serde_json::to_value(&b.line_items).unwrap_or_default());
        obj.insert("procurement".into(), serde_json::to_value(&b.procurement).unwrap_or_default());
        obj.insert("purchased_services".into(), serde_json::to_value(&b.purchased_services).unwrap_or_default());
        obj.insert("codes".into(), json!(codes));
        v
    })
}

/// Which part of the whole failed to deserialize, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartError {
    /// Top-level key (`department`, `project`, `line_items` …).
    pub part: String,
    /// serde's message, with the path inside the part when known.
    pub message: String,
}

/// The budget and extra catalog rows of a whole.
pub fn from_whole(mut v: Value) -> Result<(Budget, Vec<CodeRow>), Vec<PartError>> {
    let unit =
        v.pointer("/package/unit").and_then(Value::as_str).and_then(MoneyUnit::parse).unwrap_or(MoneyUnit::WanYuan);
    let obj = v.as_object_mut().expect("the whole is an object");
    let mut take = |k: &str| obj.remove(k).unwrap_or(Value::Null);
    let (project, performance, line_items, procurement, services, codes) = (
        take("project"),
        take("performance"),
        take("line_items"),
        take("procurement"),
        take("purchased_services"),
        take("codes"),
    );
    let mut errs = Vec::new();
    with_file_unit(unit, || {
        let file: Option<BudgetFile> = part(&mut errs, "budget", v);
        let projects: Option<ProjectsFile> = part(&mut errs, "project", json!({ "project": or_empty(project) }));
        let performance: Option<PerformanceFile> = part(&mut errs, "performance", or_object(performance));
        let line_items: Option<Vec<LineItem>> = part(&mut errs, "line_items", or_empty(line_items));
        let procurement: Option<Vec<ProcurementItem>> = part(&mut errs, "procurement", or_empty(procurement));
        let services: Option<Vec<PurchasedService>> = part(&mut errs, "purchased_services", or_empty(services));
        let codes: Option<Vec<CodeRow>> = part(&mut errs, "codes", or_empty(codes));
        match (file, projects, performance, line_items, procurement, services, codes) {
            (Some(f), Some(p), Some(perf), Some(l), Some(pr), Some(s), Some(c)) if errs.is_empty() => {
                Ok((f.assemble(p.project, perf, l, pr, s), c))
            }
            _ => Err(errs),
        }
    })
}

fn or_empty(v: Value) -> Value {
    if v.is_null() { json!([]) } else { v }
}

fn or_object(v: Value) -> Value {
    if v.is_null() { json!({}) } else { v }
}

fn part<T: serde::de::DeserializeOwned>(errs: &mut Vec<PartError>, name: &str, v: Value) -> Option<T> {
    serde_json::from_value(v).map_err(|e| errs.push(PartError { part: name.into(), message: e.to_string() })).ok()
}
