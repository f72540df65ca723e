//! `yusuan build` end to end: outputs on the example; located error and no
//! output at all for a malformed package.

use std::path::{Path, PathBuf};
use std::process::Command;

fn example_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/jianghan-2022-zhengfuban")
}

fn yusuan(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_yusuan")).args(args).output().expect("yusuan runs")
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(rd) = std::fs::read_dir(dir) {
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() { out.extend(files_under(&p)) } else { out.push(p) }
        }
    }
    out.sort();
    out
}

#[test]
fn builds_html_markdown_and_one_csv_per_table() {
    let out = tempfile::tempdir().unwrap();
    let o = yusuan(&["build", example_dir().to_str().unwrap(), "--out", out.path().to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let files = files_under(out.path());
    let names: Vec<String> = files.iter().map(|p| p.strip_prefix(out.path()).unwrap().display().to_string()).collect();
    assert!(names.contains(&"江汉区人民政府办公室-2022.html".to_owned()), "{names:?}");
    assert!(names.contains(&"江汉区人民政府办公室-2022.md".to_owned()));
    assert_eq!(names.iter().filter(|n| n.starts_with("tables/") && n.ends_with(".csv")).count(), 11);
    assert!(!names.iter().any(|n| n.ends_with(".tmp")), "no temp files left: {names:?}");
    let html = std::fs::read_to_string(out.path().join("江汉区人民政府办公室-2022.html")).unwrap();
    for needle in ["2022 年收支预算总表", "3,927.98", "项目支出预算绩效目标表", "91.27%", "单位：万元"]
    {
        assert!(html.contains(needle), "HTML lacks {needle}");
    }
    let csv = std::fs::read_to_string(out.path().join("tables/07-一般公共预算基本支出表.csv")).unwrap();
    assert!(csv.contains("30101,基本工资,126.54,126.54,"), "{csv}");
}

#[test]
fn malformed_package_gives_located_error_and_writes_nothing() {
    let pkg = tempfile::tempdir().unwrap();
    for e in std::fs::read_dir(example_dir()).unwrap().flatten() {
        std::fs::copy(e.path(), pkg.path().join(e.file_name())).unwrap();
    }
    let csv = pkg.path().join("line_items.csv");
    let text = std::fs::read_to_string(&csv).unwrap().replacen(",257.55,", ",257,55,", 1);
    std::fs::write(&csv, text).unwrap();
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("site");
    let o = yusuan(&["build", pkg.path().to_str().unwrap(), "--out", target.to_str().unwrap()]);
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("line_items.csv:4:"), "error names file and line: {err}");
    assert!(!target.exists(), "nothing written");
    assert!(files_under(out.path()).is_empty());
}
