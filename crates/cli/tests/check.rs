//! `yusuan check` end to end: exit codes, the JSON interface, CSV / XLSX reports,
//! overrides, and a package with a real error.

use std::path::{Path, PathBuf};
use std::process::Command;

fn example_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/jianghan-2022-zhengfuban")
}

fn yusuan(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_yusuan")).args(args).output().expect("yusuan runs")
}

fn copy_example(to: &Path) {
    for e in std::fs::read_dir(example_dir()).unwrap().flatten() {
        std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
    }
}

#[test]
fn example_checks_clean_with_exit_code_zero() {
    let o = yusuan(&["check", example_dir().to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("共 0 个错误"), "{text}");
    assert!(text.contains("警告[YS-F001]") && text.contains("projects.toml:"), "located warnings: {text}");
    let en = yusuan(&["check", example_dir().to_str().unwrap(), "--lang", "en"]);
    assert!(String::from_utf8_lossy(&en.stdout).contains("0 errors"));
}

#[test]
fn json_report_is_the_documented_interface() {
    let o = yusuan(&["check", example_dir().to_str().unwrap(), "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("valid JSON");
    let findings = v["findings"].as_array().expect("findings array");
    assert!(!findings.is_empty());
    for f in findings {
        for key in ["rule", "severity", "message", "location", "evidence"] {
            assert!(f.get(key).is_some(), "finding lacks {key}: {f}");
        }
        assert!(["error", "warning", "info"].contains(&f["severity"].as_str().unwrap()));
    }
    assert_eq!(v["summary"]["errors"], 0);
}

#[test]
fn an_error_in_the_package_fails_the_check_and_is_located() {
    let pkg = tempfile::tempdir().unwrap();
    copy_example(pkg.path());
    // Income stated 100 万元 above the line items: 收入 ≠ 支出.
    let budget = pkg.path().join("budget.toml");
    let text = std::fs::read_to_string(&budget).unwrap().replacen("amount = \"3927.98\"", "amount = \"4027.98\"", 1);
    std::fs::write(&budget, text).unwrap();
    let o = yusuan(&["check", pkg.path().to_str().unwrap(), "--format", "json"]);
    assert_eq!(o.status.code(), Some(1), "errors give exit code 1");
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let errors: Vec<&serde_json::Value> =
        v["findings"].as_array().unwrap().iter().filter(|f| f["severity"] == "error").collect();
    assert!(errors.iter().any(|f| f["rule"] == "YS-M009"), "income ≠ expenditure: {errors:#?}");
    assert!(errors.iter().any(|f| f["expected"].is_string() && f["actual"].is_string()));
}

#[test]
fn overrides_change_severity_and_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("overrides.toml");
    std::fs::write(
        &cfg,
        "[rules]\n\"YS-F001\" = \"off\"\n[[scope]]\nregion = \"江汉区\"\nrules = { \"YS-F006\" = \"error\" }\n",
    )
    .unwrap();
    let o = yusuan(&["check", example_dir().to_str().unwrap(), "--format", "json", "--config", cfg.to_str().unwrap()]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let rules: Vec<&str> = v["findings"].as_array().unwrap().iter().map(|f| f["rule"].as_str().unwrap()).collect();
    assert!(!rules.contains(&"YS-F001"), "turned off");
    assert_eq!(o.status.code(), Some(1), "YS-F006 raised to error");
    let overrides = v["overrides"].as_array().unwrap();
    assert_eq!(overrides.len(), 2, "{overrides:?}");
    std::fs::write(&cfg, "[rules]\n\"YS-NOPE\" = \"off\"\n").unwrap();
    let o = yusuan(&["check", example_dir().to_str().unwrap(), "--config", cfg.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("YS-NOPE"));
}

#[test]
fn csv_and_xlsx_reports_read_back() {
    use calamine::{Reader, Xlsx, open_workbook};
    let dir = tempfile::tempdir().unwrap();
    let csv_path = dir.path().join("report.csv");
    let o = yusuan(&["check", example_dir().to_str().unwrap(), "--format", "csv", "-o", csv_path.to_str().unwrap()]);
    assert!(o.status.success());
    let csv = std::fs::read_to_string(&csv_path).unwrap();
    assert!(csv.starts_with("\u{feff}规则,级别,类别,说明,位置,应为,实为,差额,依据"), "{csv}");
    let xlsx_path = dir.path().join("report.xlsx");
    let o = yusuan(&["check", example_dir().to_str().unwrap(), "--format", "xlsx", "-o", xlsx_path.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let mut wb: Xlsx<_> = open_workbook(&xlsx_path).expect("a second reader opens it");
    let range = wb.worksheet_range("问题清单").unwrap();
    let rows: Vec<_> = range.rows().collect();
    assert_eq!(rows[0][0].to_string(), "规则");
    assert_eq!(rows.len() - 1, csv.lines().count() - 1, "one row per finding in both");
    assert!(rows.iter().any(|r| r[0] == "YS-F001"));
}

#[test]
fn rules_lists_the_catalogue() {
    let o = yusuan(&["rules", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v.as_array().unwrap().len() >= 80);
}
