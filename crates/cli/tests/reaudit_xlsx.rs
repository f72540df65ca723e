//! Re-audit of the XLSX workbook: what `yusuan build --format xlsx` writes (the
//! public tables in the official layout, the forms, the findings sheet),
//! `yusuan audit` reads back with the same findings as the text it publishes —
//! no error, and no difference but the narrative the workbook does not carry —
//! and a single money cell changed in the workbook is an error naming its table.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use yusuan_model::Amount;
use yusuan_model::view::{Block, Cell, Section, Table};

fn example_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/jianghan-2022-zhengfuban")
}

fn yusuan(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_yusuan")).args(args).output().expect("yusuan runs")
}

/// Builds the example as XLSX and text into `dir`; returns (xlsx, txt).
fn build(dir: &Path) -> (PathBuf, PathBuf) {
    let o = yusuan(&["build", example_dir().to_str().unwrap(), "--out", dir.to_str().unwrap(), "--format", "xlsx,txt"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let stem = "江汉区人民政府办公室-2022";
    (dir.join(format!("{stem}.xlsx")), dir.join(format!("{stem}.txt")))
}

/// The JSON audit of one document.
fn audit(doc: &Path) -> serde_json::Value {
    let o = yusuan(&["audit", doc.to_str().unwrap(), "--format", "json"]);
    let v: serde_json::Value =
        serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&o.stderr)));
    v["documents"][0].clone()
}

fn findings(doc: &serde_json::Value) -> &Vec<serde_json::Value> {
    doc["findings"].as_array().expect("findings")
}

fn errors(doc: &serde_json::Value) -> Vec<&serde_json::Value> {
    findings(doc).iter().filter(|f| f["severity"] == "error").collect()
}

fn describe(fs: &[&serde_json::Value]) -> String {
    fs.iter().map(|f| format!("{} {} @ {}", f["rule"], f["message"], f["location_text"])).collect::<Vec<_>>().join("\n")
}

/// Findings by (rule, severity, message), counted: what a finding says, not where (lines differ between formats).
fn said(doc: &serde_json::Value) -> BTreeMap<(String, String, String), usize> {
    let mut m = BTreeMap::new();
    for f in findings(doc) {
        let text = |k: &str| f[k].as_str().unwrap_or_default().to_owned();
        let key = (text("rule"), text("severity"), text("message"));
        *m.entry(key).or_insert(0) += 1;
    }
    m
}

/// The workbook has the tables and forms, not the narrative (文字说明): the rules
/// that look for the narrative's parts report them missing from it, and only those.
const NARRATIVE_ONLY: [&str; 3] = [
    "YS-M003", // a narrative section (主要职能, 人员构成 …) is missing
    "YS-M004", // no 名词解释
    "YS-M006", // no 公开咨询电话
];

#[test]
fn the_published_workbook_audits_as_its_text_does() {
    let tmp = tempfile::tempdir().unwrap();
    let (xlsx, txt) = build(tmp.path());
    let (x, t) = (audit(&xlsx), audit(&txt));
    assert_eq!(x["template"], "wuhan-13");
    let errs = errors(&x);
    assert!(errs.is_empty(), "{} errors:\n{}", errs.len(), describe(&errs));
    assert_eq!(x["view_errors"].as_array().map(Vec::len), Some(0), "{}", x["view_errors"]);

    // Every table and form is recognised, as in the text.
    let tables = |d: &serde_json::Value| -> Vec<String> {
        d["tables"].as_array().unwrap().iter().map(|t| format!("{} {} {}", t["id"], t["role"], t["title"])).collect()
    };
    assert_eq!(tables(&x), tables(&t));
    // Nothing is left unrecognised: the findings sheet yusuan adds is a report about the document, not read.
    assert_eq!(x["unrecognised"].as_array().map(Vec::len), Some(0), "{}", x["unrecognised"]);
    let text = yusuan_ingest::xlsx::xlsx_to_text(&std::fs::read(&xlsx).unwrap(), "x.xlsx").unwrap();
    assert!(!text.lines().any(|l| l == "问题清单"), "the findings sheet is skipped");

    // The same findings, but for the narrative the workbook does not have.
    let (sx, st) = (said(&x), said(&t));
    let only_txt: Vec<_> = st.iter().filter(|(k, n)| sx.get(*k) != Some(n)).collect();
    assert!(only_txt.is_empty(), "found in the text, not in the workbook: {only_txt:#?}");
    let only_xlsx: Vec<_> = sx.iter().filter(|(k, n)| st.get(*k) != Some(n)).collect();
    assert!(
        only_xlsx
            .iter()
            .all(|((rule, severity, _), _)| { NARRATIVE_ONLY.contains(&rule.as_str()) && severity != "error" }),
        "found in the workbook, not in the text: {only_xlsx:#?}"
    );
    assert!(!only_xlsx.is_empty(), "the workbook has no narrative: its parts are reported missing");

    // Findings inside the workbook point at its lines.
    let b003 = findings(&x).iter().find(|f| f["rule"] == "YS-B003").expect("YS-B003");
    assert!(b003["location"]["file"].as_str().is_some_and(|f| f.ends_with(".xlsx")), "{b003}");
    let line = b003["location"]["line"].as_u64().expect("a line") as usize;
    assert!(text.lines().nth(line - 1).is_some_and(|l| l.contains("长期聘用人员工作经费")), "line {line}");
}

/// The derived table titled `title`.
fn table_mut<'a>(sections: &'a mut [Section], title: &str) -> Option<&'a mut Table> {
    for s in sections {
        for b in &mut s.blocks {
            if let Block::Table(t) = b
                && t.title == title
            {
                return Some(t);
            }
        }
        if let Some(t) = table_mut(&mut s.children, title) {
            return Some(t);
        }
    }
    None
}

#[test]
fn a_changed_money_cell_in_the_workbook_is_an_error_naming_its_table() {
    let tmp = tempfile::tempdir().unwrap();
    let published = yusuan_publish::load(&example_dir()).unwrap();
    let mut doc = published.derived.document.clone();
    // 公开表 3 (支出预算总表): 行政运行 630.46 → 640.46 in the 总计 column.
    let title = "2022 年支出预算总表";
    let t = table_mut(&mut doc.sections, title).expect("the table");
    let total = t.columns.iter().position(|c| c.key == "total").expect("总计");
    let row = t.rows.iter_mut().find(|r| r.code.as_deref() == Some("2010301")).expect("行政运行");
    let Cell::Amount(a) = &mut row.cells[total] else { panic!("an amount: {:?}", row.cells[total]) };
    assert_eq!(a.format(yusuan_model::MoneyUnit::WanYuan, 2), "630.46");
    *a += Amount::from_fen(10_000_000);
    let bytes = yusuan_render::xlsx_document(&doc, &[]).unwrap();
    let changed = tmp.path().join("changed-table.xlsx");
    std::fs::write(&changed, bytes).unwrap();

    let audited = audit(&changed);
    let errs = errors(&audited);
    // The error names the table (and the cell: its row, its column, its line in the workbook's text).
    let text = yusuan_ingest::xlsx::xlsx_to_text(&std::fs::read(&changed).unwrap(), "x.xlsx").unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let names_cell = |l: &serde_json::Value| {
        l["table_title"] == title
            && l["column_label"] == "总计"
            && l["row_label"].as_str().is_some_and(|r| r.starts_with("2010301"))
            && l["line"]
                .as_u64()
                .and_then(|n| lines.get((n as usize).wrapping_sub(1)))
                .is_some_and(|l| l.contains("640.46"))
    };
    let named: Vec<&&serde_json::Value> = errs
        .iter()
        .filter(|f| {
            names_cell(&f["location"])
                || f["evidence"].as_array().is_some_and(|ev| ev.iter().any(|e| names_cell(&e["location"])))
        })
        .collect();
    assert!(!named.is_empty(), "no error names the changed cell of 《{title}》:\n{}", describe(&errs));
    assert!(
        named.iter().any(|f| f["actual"] == "640.46"
            && f["location_text"].as_str().is_some_and(|l| l.contains(&format!("《{title}》")))),
        "{}",
        describe(&errs)
    );
}
