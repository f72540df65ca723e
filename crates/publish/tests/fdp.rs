//! The Fiscal Data Package export of the example package: valid for frictionless, valid against the FDP JSON
//! schema, its CSV sums to the department's totals, and its classification names are the catalog's.
//!
//! The validation tests run Python: CI needs `pip install frictionless` (which brings `jsonschema`). They fail,
//! never skip, when it is missing. `PYTHON` overrides the interpreter (default `python3`).

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;
use yusuan_model::{Amount, Cell, Level, MoneyUnit, Scheme};

/// The example and its exported files.
struct Fdp {
    published: yusuan_publish::Published,
    files: Vec<(String, Vec<u8>)>,
}

impl Fdp {
    fn file(&self, path: &str) -> &[u8] {
        self.files.iter().find(|(p, _)| p == path).map(|(_, b)| b.as_slice()).unwrap_or_else(|| panic!("no {path}"))
    }
}

/// The files of the example's package, written to a fresh directory.
fn written() -> (tempfile::TempDir, Fdp) {
    let published = common::example();
    let files = yusuan_render::fdp(&published.package.budget, &published.package.catalog).expect("FDP export");
    let dir = tempfile::tempdir().expect("tempdir");
    for f in &files {
        std::fs::write(dir.path().join(&f.path), &f.bytes).expect("write FDP file");
    }
    (dir, Fdp { published, files: files.into_iter().map(|f| (f.path, f.bytes)).collect() })
}

fn python() -> String {
    std::env::var("PYTHON").unwrap_or_else(|_| "python3".into())
}

/// Runs Python; fails the test (with the install command) when Python or `frictionless` is missing.
fn run_python(dir: &Path, args: &[&str]) -> Output {
    let py = python();
    let check = Command::new(&py).args(["-c", "import frictionless, jsonschema"]).output();
    match check {
        Ok(o) if o.status.success() => {}
        Ok(o) => panic!(
            "the FDP validation tests need the Python package frictionless: run `{py} -m pip install frictionless` \
             (it installs jsonschema too)\n{}",
            String::from_utf8_lossy(&o.stderr)
        ),
        Err(e) => panic!("cannot run `{py}` ({e}): install Python 3, then `pip install frictionless`"),
    }
    Command::new(&py).args(args).current_dir(dir).output().expect("python runs")
}

fn schema_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../render/schema/fiscal-data-package.json")
}

fn records(bytes: &[u8]) -> (csv::StringRecord, Vec<csv::StringRecord>) {
    let mut r = csv::Reader::from_reader(bytes);
    let header = r.headers().expect("CSV header").clone();
    (header, r.records().map(|x| x.expect("CSV record")).collect())
}

fn column(header: &csv::StringRecord, name: &str) -> usize {
    header.iter().position(|h| h == name).unwrap_or_else(|| panic!("column {name} in {header:?}"))
}

/// Σ of the `amount` column, exactly: every cell must be a plain decimal in 元 with 2 places.
fn csv_sum(bytes: &[u8]) -> Amount {
    let (header, rows) = records(bytes);
    let i = column(&header, "amount");
    rows.iter()
        .map(|r| {
            let text = &r[i];
            let (_, decimals) = text.split_once('.').unwrap_or_else(|| panic!("amount {text} has no decimals"));
            assert_eq!(decimals.len(), 2, "amount {text}: 2 decimals");
            Amount::parse_in(text, MoneyUnit::Yuan).unwrap_or_else(|e| panic!("amount {text}: {e}"))
        })
        .sum()
}

#[test]
fn frictionless_validates_the_package() {
    let (dir, fdp) = written();
    let out = run_python(dir.path(), &["-m", "frictionless", "validate", "--json", "datapackage.json"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let report: Value = serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!("frictionless printed no JSON report ({e}):\n{stdout}\n{}", String::from_utf8_lossy(&out.stderr))
    });
    assert_eq!(report["valid"], true, "frictionless found errors:\n{report:#}");
    assert!(out.status.success(), "frictionless exit status {:?}", out.status);
    // Both resources were read in full, not just their descriptors.
    let tasks = report["tasks"].as_array().expect("tasks");
    let rows = |name: &str| {
        let task = tasks.iter().find(|t| t["name"] == name).unwrap_or_else(|| panic!("task {name}: {report:#}"));
        assert_eq!(task["valid"], true, "{name}: {task:#}");
        task["stats"]["rows"].as_u64().expect("row count")
    };
    let budget = &fdp.published.package.budget;
    assert_eq!(rows("line-items"), budget.line_items.len() as u64);
    assert_eq!(rows("income"), budget.income.len() as u64);
}

#[test]
fn descriptor_validates_against_the_fdp_json_schema() {
    let (dir, fdp) = written();
    let descriptor: Value = serde_json::from_slice(fdp.file("datapackage.json")).expect("JSON");
    // A descriptor that breaks the model (currency must be ISO 4217 upper case) proves the schema is applied.
    let mut broken = descriptor.clone();
    broken["model"]["measures"]["expenditure"]["currency"] = "cny".into();
    std::fs::write(dir.path().join("broken.json"), serde_json::to_vec(&broken).unwrap()).unwrap();
    let script = r#"
import json, sys, jsonschema
schema = json.load(open(sys.argv[1], encoding="utf-8"))
descriptor = json.load(open(sys.argv[2], encoding="utf-8"))
jsonschema.Draft4Validator.check_schema(schema)
errors = sorted(jsonschema.Draft4Validator(schema).iter_errors(descriptor), key=lambda e: list(e.absolute_path))
for e in errors:
    print("/".join(map(str, e.absolute_path)), "—", e.message[:300])
sys.exit(1 if errors else 0)
"#;
    let schema = schema_path();
    let schema = schema.to_str().expect("UTF-8 path");
    let ok = run_python(dir.path(), &["-c", script, schema, "datapackage.json"]);
    assert!(
        ok.status.success(),
        "datapackage.json does not validate against {schema}:\n{}{}",
        String::from_utf8_lossy(&ok.stdout),
        String::from_utf8_lossy(&ok.stderr)
    );
    let bad = run_python(dir.path(), &["-c", script, schema, "broken.json"]);
    assert_eq!(bad.status.code(), Some(1), "the schema must reject a lower-case currency: {bad:?}");
    assert!(String::from_utf8_lossy(&bad.stdout).contains("model/measures/expenditure/currency"));
}

#[test]
fn model_states_the_measures_and_refers_to_existing_columns() {
    let (_dir, fdp) = written();
    let d: Value = serde_json::from_slice(fdp.file("datapackage.json")).expect("JSON");
    assert_eq!(d["profile"], "tabular-data-package");
    assert_eq!(d["countryCode"], "CN");
    let year = fdp.published.package.budget.meta.year;
    assert_eq!(d["fiscalPeriod"]["start"], format!("{year}-01-01"));
    let measures = d["model"]["measures"].as_object().expect("measures");
    for (name, direction, resource) in [("expenditure", "expenditure", "line-items"), ("revenue", "revenue", "income")]
    {
        let m = &measures[name];
        assert_eq!((m["currency"].as_str(), m["factor"].as_u64()), (Some("CNY"), Some(1)), "{name}");
        assert_eq!((m["direction"].as_str(), m["phase"].as_str()), (Some(direction), Some("approved")), "{name}");
        assert_eq!(m["resource"], resource);
    }
    // Every source is a column of its resource (in the schema and in the CSV header); every parent, labelfor and
    // primary key names an attribute of the same dimension.
    let resources = d["resources"].as_array().expect("resources");
    let columns = |resource: &str| -> Vec<String> {
        let r = resources.iter().find(|r| r["name"] == resource).unwrap_or_else(|| panic!("resource {resource}"));
        let fields: Vec<String> =
            r["schema"]["fields"].as_array().unwrap().iter().map(|f| f["name"].as_str().unwrap().into()).collect();
        let (header, _) = records(fdp.file(r["path"].as_str().unwrap()));
        assert_eq!(header.iter().collect::<Vec<_>>(), fields, "{resource}: CSV header = schema fields");
        for f in r["schema"]["fields"].as_array().unwrap() {
            assert!(f["columnType"].is_string(), "{resource}.{}: columnType", f["name"]);
        }
        fields
    };
    for (name, m) in measures {
        assert!(columns(m["resource"].as_str().unwrap()).contains(&m["source"].as_str().unwrap().into()), "{name}");
    }
    let dimensions = d["model"]["dimensions"].as_object().expect("dimensions");
    for name in ["date", "administrative-classification", "functional-classification", "economic-classification"] {
        assert!(dimensions.contains_key(name), "dimension {name}");
    }
    for (name, dim) in dimensions {
        let attrs = dim["attributes"].as_object().expect("attributes");
        for (key, a) in attrs {
            let source = a["source"].as_str().unwrap();
            assert!(columns(a["resource"].as_str().unwrap()).contains(&source.into()), "{name}.{key}");
            for link in ["parent", "labelfor"] {
                if let Some(target) = a[link].as_str() {
                    assert!(attrs.contains_key(target), "{name}.{key}.{link} = {target}");
                }
            }
        }
        for k in dim["primaryKey"].as_array().unwrap() {
            assert!(attrs.contains_key(k.as_str().unwrap()), "{name}.primaryKey {k}");
        }
    }
    assert_eq!(dimensions["functional-classification"]["classificationType"], "functional");
    assert_eq!(dimensions["economic-classification"]["classificationType"], "economic");
}

#[test]
fn csv_sums_to_the_department_totals() {
    let (_dir, fdp) = written();
    let p = &fdp.published;
    let budget = &p.package.budget;
    for name in ["line-items.csv", "income.csv"] {
        let bytes = fdp.file(name);
        assert!(std::str::from_utf8(bytes).is_ok(), "{name} is UTF-8");
        assert!(!bytes.starts_with("\u{feff}".as_bytes()), "{name} has no BOM");
    }
    let spent = csv_sum(fdp.file("line-items.csv"));
    assert_eq!(spent, budget.line_items.iter().map(|l| l.amount).sum::<Amount>());
    let figures = &p.derived.figures;
    assert_eq!(Some(spent), figures.amount("total"), "the narrative's total");
    assert_eq!(spent.format(figures.unit, figures.decimals), figures.get("total").unwrap().text);
    // 支出总计 as table 1 (收支预算总表) prints it: the amount right after the label.
    let summary = p.derived.document.tables().into_iter().find(|t| t.role == "summary").expect("summary table");
    let printed = summary
        .rows
        .iter()
        .flat_map(|r| r.cells.windows(2))
        .find(|w| w[0] == Cell::text("支出总计"))
        .map(|w| w[1].as_amount().unwrap_or(Amount::ZERO))
        .expect("支出总计 in table 1");
    assert_eq!(spent, printed, "支出总计 of {}", summary.title);
    assert_eq!(spent.format(summary.unit, summary.decimals), printed.format(summary.unit, summary.decimals));

    let received = csv_sum(fdp.file("income.csv"));
    assert_eq!(received, budget.income.iter().map(|i| i.amount).sum::<Amount>());
    assert_eq!(Some(received), figures.amount("income"));
}

#[test]
fn functional_and_economic_level_names_are_the_catalogs() {
    let (_dir, fdp) = written();
    let p = &fdp.published;
    let (catalog, budget) = (&p.package.catalog, &p.package.budget);
    let (header, rows) = records(fdp.file("line-items.csv"));
    assert_eq!(rows.len(), budget.line_items.len());
    let mut named = 0;
    for (row, l) in rows.iter().zip(&budget.line_items) {
        for (level, prefix) in [
            (Level::Class, "functional_class"),
            (Level::Section, "functional_section"),
            (Level::Item, "functional_item"),
        ] {
            let code = l.functional.at(level);
            let cell = |suffix: &str| &row[column(&header, &format!("{prefix}_{suffix}"))];
            assert_eq!(cell("code"), code.as_ref().map_or("", |c| c.as_str()), "line {l:?}");
            // The catalog's name when it has one; empty, never invented, when it has none.
            let name = code.and_then(|c| catalog.name(Scheme::Functional, c.code())).unwrap_or("");
            assert_eq!(cell("name"), name, "{prefix} of {}", l.functional);
            named += usize::from(!name.is_empty());
        }
        for (level, prefix) in [(Level::Class, "economic_class"), (Level::Section, "economic_section")] {
            let code = l.economic.at(level);
            let name = code.and_then(|c| catalog.name(Scheme::Economic, c.code())).unwrap_or("");
            assert_eq!(&row[column(&header, &format!("{prefix}_code"))], code.as_ref().map_or("", |c| c.as_str()));
            assert_eq!(&row[column(&header, &format!("{prefix}_name"))], name, "{prefix} of {}", l.economic);
        }
        let project = l.project.as_deref().and_then(|id| budget.project(id)).map_or("", |pr| pr.name.as_str());
        assert_eq!(&row[column(&header, "project_name")], project);
    }
    // The example's own catalog (codes.csv) names codes the embedded one lacks, so some names must show up.
    assert!(named > 0, "the example's catalog names some functional codes");
}
