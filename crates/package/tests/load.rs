//! Loading the example, and located errors for malformed packages.

use std::path::{Path, PathBuf};

use yusuan_package::{LoadError, load};

fn example_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/jianghan-2022-zhengfuban")
}

/// A copy of the example in a temp dir, with `file` edited by `edit`.
fn broken(file: &str, edit: impl FnOnce(String) -> String) -> (tempfile::TempDir, Vec<LoadError>) {
    let tmp = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(example_dir()).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), tmp.path().join(entry.file_name())).unwrap();
    }
    let path = tmp.path().join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, edit(text)).unwrap();
    let errs = load(tmp.path()).expect_err("the broken package must not load").0;
    (tmp, errs)
}

fn line_of(path: &Path, needle: &str) -> usize {
    let text = std::fs::read_to_string(path).unwrap();
    text.lines().position(|l| l.contains(needle)).unwrap() + 1
}

#[test]
fn example_loads() {
    let p = load(&example_dir()).unwrap_or_else(|e| panic!("{e}"));
    let b = &p.budget;
    assert_eq!(b.meta.year, 2022);
    assert_eq!(b.projects.len(), 5);
    let total: yusuan_model::Amount = b.line_items.iter().map(|l| l.amount).sum();
    assert_eq!(total.format(yusuan_model::MoneyUnit::WanYuan, 2), "3927.98");
    assert!(b.line_items.iter().all(|l| l.origin.file == "line_items.csv" && l.origin.line >= 2));
}

#[test]
fn bad_amount_in_csv_names_file_line_and_column() {
    let (tmp, errs) = broken("line_items.csv", |t| t.replacen(",126.54,", ",12o.54,", 1));
    assert_eq!(errs.len(), 1, "{errs:?}");
    let e = &errs[0];
    assert!(e.file.ends_with("line_items.csv"));
    assert_eq!(e.line, line_of(&tmp.path().join("line_items.csv"), "12o.54"));
    assert_eq!(e.column, 7);
    assert_eq!(e.field.as_deref(), Some("amount"));
    assert!(e.message.contains("12o.54"), "{}", e.message);
    let shown = e.to_string();
    assert!(shown.contains("line_items.csv:2:7: [amount]"), "{shown}");
}

#[test]
fn bad_code_and_unknown_project_are_located() {
    let (_tmp, errs) =
        broken("line_items.csv", |t| t.replacen("2080501", "20805O1", 1).replacen("p-diaoyan", "p-nowhere", 1));
    assert_eq!(errs.len(), 1, "deserialization errors come first: {errs:?}");
    assert_eq!(errs[0].field.as_deref(), Some("functional"));
    let (_tmp, errs) = broken("line_items.csv", |t| t.replacen("p-diaoyan", "p-nowhere", 1));
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert_eq!(errs[0].field.as_deref(), Some("project"));
    assert!(errs[0].message.contains("p-nowhere"));
}

#[test]
fn toml_syntax_error_names_line_and_column() {
    let (tmp, errs) = broken("budget.toml", |t| t.replacen("year = 2022", "year = 2022x", 1));
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert!(errs[0].file.ends_with("budget.toml"));
    assert_eq!(errs[0].line, line_of(&tmp.path().join("budget.toml"), "year = 2022x"));
    assert!(errs[0].column > 1);
}

#[test]
fn unknown_toml_key_is_rejected_with_location() {
    let (tmp, errs) = broken("projects.toml", |t| t.replacen("manager =", "manger =", 1));
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert!(errs[0].message.contains("manger"), "{}", errs[0].message);
    assert_eq!(errs[0].line, line_of(&tmp.path().join("projects.toml"), "manger ="));
}

#[test]
fn float_amount_in_toml_is_read_exactly_and_long_ones_refused() {
    let (_tmp, errs) =
        broken("budget.toml", |t| t.replacen("[prior_year]", "[prior_year]\nrunning_costs = 1234567890123.4567", 1));
    assert!(errs[0].message.contains("15 位有效数字") || errs[0].message.contains("精度"), "{}", errs[0].message);
}

#[test]
fn missing_and_non_utf8_files_are_reported() {
    let tmp = tempfile::tempdir().unwrap();
    let errs = load(tmp.path()).unwrap_err().0;
    assert!(errs[0].file.ends_with("budget.toml"));
    let (_tmp, errs) = broken("line_items.csv", |t| {
        let mut bytes = t.into_bytes();
        bytes.extend([0xff, 0xfe]);
        unsafe { String::from_utf8_unchecked(bytes) }
    });
    assert!(errs[0].message.contains("UTF-8"), "{:?}", errs);
}

#[test]
fn committed_json_schemas_are_current() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../schema");
    for (name, json) in yusuan_package::schema::schemas() {
        let committed = std::fs::read_to_string(dir.join(name)).unwrap_or_default();
        assert_eq!(committed, json, "schema/{name} is stale: run `cargo run -- schema --out schema`");
    }
}
