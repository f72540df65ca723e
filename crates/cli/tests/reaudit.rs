//! Re-audit: what `yusuan build` publishes, `yusuan audit` reads back without a
//! single error; a number changed in it (a table cell, a narrative figure, a
//! form's detail line) is an error that names the line; and `yusuan import`
//! turns the published text back into a package that loads.

use std::path::{Path, PathBuf};
use std::process::Command;

fn example_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/jianghan-2022-zhengfuban")
}

fn yusuan(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_yusuan")).args(args).output().expect("yusuan runs")
}

/// Builds the example as HTML and text into `dir`; returns (html, txt).
fn build(dir: &Path) -> (PathBuf, PathBuf) {
    let o = yusuan(&["build", example_dir().to_str().unwrap(), "--out", dir.to_str().unwrap(), "--format", "html,txt"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let stem = "江汉区人民政府办公室-2022";
    (dir.join(format!("{stem}.html")), dir.join(format!("{stem}.txt")))
}

/// The JSON audit of one document.
fn audit(doc: &Path) -> serde_json::Value {
    let o = yusuan(&["audit", doc.to_str().unwrap(), "--format", "json"]);
    let v: serde_json::Value =
        serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&o.stderr)));
    v["documents"][0].clone()
}

fn errors(doc: &serde_json::Value) -> Vec<&serde_json::Value> {
    doc["findings"].as_array().unwrap().iter().filter(|f| f["severity"] == "error").collect()
}

fn describe(fs: &[&serde_json::Value]) -> String {
    fs.iter().map(|f| format!("{} {} @ {}", f["rule"], f["message"], f["location_text"])).collect::<Vec<_>>().join("\n")
}

/// Does a finding's location or evidence point at `line`?
fn names_line(f: &serde_json::Value, line: usize) -> bool {
    let at = |l: &serde_json::Value| l["line"].as_u64() == Some(line as u64);
    at(&f["location"]) || f["evidence"].as_array().is_some_and(|ev| ev.iter().any(|e| at(&e["location"])))
}

/// Replaces `from` by `to` in the first line (after line `after`, 0-based) that
/// satisfies `pick`; returns the text and the 1-based line changed.
fn mutate(text: &str, after: usize, pick: impl Fn(&str) -> bool, from: &str, to: &str) -> (String, usize) {
    let mut lines: Vec<String> = text.split('\n').map(str::to_owned).collect();
    let i = (after..lines.len()).find(|&i| pick(&lines[i])).expect("the line to change");
    assert!(lines[i].contains(from), "{:?} lacks {from}", lines[i]);
    lines[i] = lines[i].replacen(from, to, 1);
    (lines.join("\n"), i + 1)
}

fn line_of(text: &str, pick: impl Fn(&str) -> bool) -> usize {
    text.split('\n').position(pick).expect("line")
}

#[test]
fn the_published_example_audits_without_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let (html, txt) = build(tmp.path());
    for doc in [&txt, &html] {
        let a = audit(doc);
        assert_eq!(a["template"], "wuhan-13", "{}", doc.display());
        let errs = errors(&a);
        assert!(errs.is_empty(), "{}: {} errors:\n{}", doc.display(), errs.len(), describe(&errs));
        // The forms' facts are checked: the 聘用人员 basis adds up to 643944 元, not 69 万元.
        let b003 = a["findings"].as_array().unwrap().iter().find(|f| f["rule"] == "YS-B003").expect("YS-B003");
        assert!(b003["location"]["file"].as_str().is_some_and(|f| f.ends_with(".txt") || f.ends_with(".html")));
        assert!(b003["location"]["line"].as_u64().is_some_and(|l| l > 0));
    }
}

#[test]
fn a_changed_table_cell_is_an_error_at_its_line() {
    let tmp = tempfile::tempdir().unwrap();
    let (_, txt) = build(tmp.path());
    let text = std::fs::read_to_string(&txt).unwrap();
    // 公开表 3 (支出预算总表): 行政运行 630.46 → 640.46 in the 总计 column.
    let t3 = line_of(&text, |l| l.trim() == "2022 年支出预算总表");
    let (changed, line) = mutate(&text, t3, |l| l.starts_with("2010301\t"), "\t630.46\t", "\t640.46\t");
    let doc = tmp.path().join("changed-table.txt");
    std::fs::write(&doc, changed).unwrap();
    let a = audit(&doc);
    let errs = errors(&a);
    assert!(errs.iter().any(|f| names_line(f, line)), "no error names line {line}:\n{}", describe(&errs));
    assert!(errs.iter().any(|f| f["actual"] == "640.46" || f["expected"] == "640.46"), "{}", describe(&errs));
}

#[test]
fn a_changed_narrative_figure_is_an_error_at_its_line() {
    let tmp = tempfile::tempdir().unwrap();
    let (_, txt) = build(tmp.path());
    let text = std::fs::read_to_string(&txt).unwrap();
    let (changed, line) = mutate(
        &text,
        0,
        |l| l.contains("预算支出 3927.98 万元，其中：基本支出"),
        "基本支出 1050.18",
        "基本支出 1060.18",
    );
    let doc = tmp.path().join("changed-narrative.txt");
    std::fs::write(&doc, changed).unwrap();
    let a = audit(&doc);
    let errs = errors(&a);
    let named: Vec<&&serde_json::Value> =
        errs.iter().filter(|f| f["location"]["line"].as_u64() == Some(line as u64)).collect();
    assert!(!named.is_empty(), "no error at line {line}:\n{}", describe(&errs));
    assert!(named.iter().any(|f| f["location"]["excerpt"] == "1060.18"), "{}", describe(&errs));
}

#[test]
fn a_changed_form_detail_is_an_error_at_its_line() {
    let tmp = tempfile::tempdir().unwrap();
    let (_, txt) = build(tmp.path());
    let text = std::fs::read_to_string(&txt).unwrap();
    // 区政府总值班室: 开展业务培训 2 → 3, so its details add up to 25, not 24.
    let (changed, line) = mutate(&text, 0, |l| l.starts_with("\t开展业务培训\t"), "\t2\t", "\t3\t");
    let doc = tmp.path().join("changed-form.txt");
    std::fs::write(&doc, changed).unwrap();
    let a = audit(&doc);
    let errs = errors(&a);
    let b004: Vec<&&serde_json::Value> = errs.iter().filter(|f| f["rule"] == "YS-B004").collect();
    assert!(b004.iter().any(|f| names_line(f, line)), "no YS-B004 names line {line}:\n{}", describe(&errs));
    let file = b004[0]["location"]["file"].as_str().unwrap_or_default();
    assert!(file.ends_with("changed-form.txt"), "located in the document: {file}");
}

#[test]
fn the_published_text_imports_back_into_a_package_that_loads() {
    let tmp = tempfile::tempdir().unwrap();
    let (_, txt) = build(tmp.path());
    let pkg = tmp.path().join("back");
    let o = yusuan(&["import", txt.to_str().unwrap(), "--out", pkg.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v = yusuan(&["validate", pkg.to_str().unwrap()]);
    assert!(v.status.success(), "{}", String::from_utf8_lossy(&v.stderr));
    let back = yusuan_package::load(&pkg).unwrap().budget;
    let original = yusuan_package::load(&example_dir()).unwrap().budget;
    assert_eq!(back.meta.year, original.meta.year);
    assert_eq!(back.department.name, original.department.name);
    let sum = |b: &yusuan_model::Budget| b.line_items.iter().map(|l| l.amount).sum::<yusuan_model::Amount>();
    assert_eq!(sum(&back), sum(&original));
    let names = |b: &yusuan_model::Budget| b.projects.iter().map(|p| p.name.clone()).collect::<Vec<_>>();
    assert_eq!(names(&back), names(&original));
    for (x, y) in back.projects.iter().zip(&original.projects) {
        assert_eq!(back.project_amount(&x.id), original.project_amount(&y.id), "{}", x.name);
        assert_eq!(x.details.len(), y.details.len(), "{}", x.name);
        assert_eq!(
            x.details.iter().map(|d| d.total()).collect::<Vec<_>>(),
            y.details.iter().map(|d| d.total()).collect::<Vec<_>>()
        );
        let inds = |p: &yusuan_model::Project| p.performance.as_ref().map_or(0, |f| f.indicators.len());
        assert_eq!(inds(x), inds(y), "{}", x.name);
        assert_eq!((x.category, x.frequency), (y.category, y.frequency), "{}", x.name);
    }
    assert_eq!(back.performance.long_term.len(), original.performance.long_term.len());
    assert_eq!(back.performance.annual, original.performance.annual);
}
