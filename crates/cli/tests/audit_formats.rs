//! `yusuan audit` report formats: CSV and XLSX (summary + findings) read back.

use std::path::PathBuf;
use std::process::Command;

fn seed() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seed/jianghan-2022-zhengfuban.txt")
}

#[test]
fn csv_and_xlsx_audit_reports_read_back() {
    use calamine::{Reader, Xlsx, open_workbook};
    let dir = tempfile::tempdir().unwrap();
    let csv_path = dir.path().join("audit.csv");
    let o = Command::new(env!("CARGO_BIN_EXE_yusuan"))
        .args(["audit", seed().to_str().unwrap(), "--format", "csv", "-o", csv_path.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "the seed has errors");
    let csv = std::fs::read_to_string(&csv_path).unwrap();
    assert!(csv.starts_with("\u{feff}文档,规则,级别"), "{csv}");
    let findings = csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes()).records().count();
    assert!(findings > 10);

    let xlsx_path = dir.path().join("audit.xlsx");
    let o = Command::new(env!("CARGO_BIN_EXE_yusuan"))
        .args(["audit", seed().to_str().unwrap(), "--format", "xlsx", "-o", xlsx_path.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let mut wb: Xlsx<_> = open_workbook(&xlsx_path).unwrap();
    let summary = wb.worksheet_range("汇总").unwrap();
    let rows: Vec<_> = summary.rows().collect();
    assert_eq!(rows.len(), 2, "header + one document");
    assert_eq!(rows[1][1].to_string(), "wuhan-13");
    let list = wb.worksheet_range("问题清单").unwrap();
    assert_eq!(list.rows().count() - 1, findings, "the same findings in both formats");
}
