//! Aggregate queries, findings and documents in the store.

use std::path::PathBuf;

use yusuan_store::{Added, Dim, FindingFilter, Query, Store};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn example_dir() -> PathBuf {
    root().join("examples/jianghan-2022-zhengfuban")
}

fn store_with_example() -> (tempfile::TempDir, Store, i64) {
    let tmp = tempfile::tempdir().unwrap();
    let mut store = Store::open(&tmp.path().join("store.db")).unwrap();
    let id = store.add_package_dir(&example_dir()).unwrap().id();
    (tmp, store, id)
}

#[test]
fn drilldowns_add_up_to_the_line_items_and_cuts_take_subtrees() {
    let (_tmp, store, _) = store_with_example();
    let b = yusuan_package::load(&example_dir()).unwrap().budget;
    let total: i64 = b.line_items.iter().map(|l| l.amount.fen()).sum();
    for dd in ["", "functional.1", "functional.2|economic.1", "functional.3|economic.2|kind", "unit|source|project"] {
        let a = store.aggregate(&Query::parse("", dd).unwrap()).unwrap();
        assert_eq!(a.total_fen, total, "drilldown {dd}");
        assert_eq!(a.cells.iter().map(|c| c.amount_fen).sum::<i64>(), total, "drilldown {dd}");
        assert_eq!(a.count, b.line_items.len() as i64);
    }
    // functional.1:201 is every 201… item; the 项 under it sum to the same.
    let expected: i64 =
        b.line_items.iter().filter(|l| l.functional.as_str().starts_with("201")).map(|l| l.amount.fen()).sum();
    let a = store.aggregate(&Query::parse("functional.1:201", "functional.3").unwrap()).unwrap();
    assert_eq!(a.total_fen, expected);
    assert!(a.cells.iter().all(|c| c.keys[0].starts_with("201") && c.keys[0].len() == 7));
    // Labels are the package's own names of the codes.
    let a = store.aggregate(&Query::parse("", "functional.1").unwrap()).unwrap();
    let c201 = a.cells.iter().find(|c| c.keys[0] == "201").unwrap();
    assert_eq!(c201.labels[0], "一般公共服务支出");
    // Several values of one dimension; a year with nothing.
    let a = store.aggregate(&Query::parse("year:2021;2022|kind:人员;公用", "kind").unwrap()).unwrap();
    assert_eq!(a.cells.len(), 2);
    assert!(store.aggregate(&Query::parse("year:2030", "").unwrap()).unwrap().cells.is_empty());
}

#[test]
fn only_the_current_version_counts_unless_a_version_is_named() {
    let (tmp, mut store, first) = store_with_example();
    let mut pkg = yusuan_package::load(&example_dir()).unwrap();
    let before: i64 = pkg.budget.line_items.iter().map(|l| l.amount.fen()).sum();
    pkg.budget.line_items[0].amount += yusuan_model::Amount::from_fen(100);
    let report = yusuan_check::Report { findings: vec![], skipped: vec![], overrides: vec![] };
    let second = store.add_package(&pkg, "edited", &report, &[]).unwrap();
    assert!(matches!(second, Added::New(_)));
    let all = store.aggregate(&Query::parse("", "").unwrap()).unwrap();
    assert_eq!(all.total_fen, before + 100, "the latest version counts, once");
    let old = store.aggregate(&Query::parse(&format!("version:{first}"), "").unwrap()).unwrap();
    assert_eq!(old.total_fen, before);
    let list = store.list().unwrap();
    assert_eq!(list.iter().filter(|v| v.current).count(), 1);
    assert!(!list.iter().find(|v| v.id == first).unwrap().current);
    drop(tmp);
}

#[test]
fn bad_queries_are_explained() {
    assert!(Query::parse("", "colour").unwrap_err().contains("colour"));
    assert!(Query::parse("year", "").is_err());
    assert!(Query::parse("year:", "").is_err());
    assert_eq!(Dim::parse("functional").unwrap(), Dim::Functional(1));
    assert!(Dim::parse("functional.4").is_err());
    let (_tmp, store, _) = store_with_example();
    assert!(store.aggregate(&Query::parse("year:二〇二二", "").unwrap()).is_err());
    // Text with SQL in it is a value, never SQL.
    let a = store.aggregate(&Query::parse("department:x' OR 1=1 --", "").unwrap()).unwrap();
    assert_eq!(a.count, 0);
}

#[test]
fn downloads_hold_the_same_rows() {
    let (_tmp, store, _) = store_with_example();
    let a = store.aggregate(&Query::parse("", "functional.1|economic.1").unwrap()).unwrap();
    let rows = yusuan_store::aggregate_rows(&a, yusuan_check::Lang::Zh);
    let csv = yusuan_store::aggregate_csv(&a, yusuan_check::Lang::Zh);
    assert!(csv.starts_with('\u{feff}'));
    assert_eq!(csv.lines().count(), rows.len());
    let bytes = yusuan_store::aggregate_xlsx(&a, yusuan_check::Lang::En).unwrap();
    use calamine::Reader;
    let mut wb = calamine::Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let range = wb.worksheet_range("aggregate").unwrap();
    assert_eq!(range.height(), rows.len());
    // The total row's amount, read back as a number, is the total in 元.
    let last = range.rows().next_back().unwrap();
    let amount = last[last.len() - 2].to_string();
    assert_eq!(amount, format!("{}", a.total_fen / 100), "{amount}");
}

#[test]
fn findings_are_stored_with_the_version_and_filtered() {
    let (_tmp, mut store, id) = store_with_example();
    let published = yusuan_publish::load(&example_dir()).unwrap();
    let report = published.check(&yusuan_check::Config::default());
    let stored = store.findings(&FindingFilter { version: Some(id), ..Default::default() }).unwrap();
    assert_eq!(stored.len(), report.findings.len());
    let v = store.version(id).unwrap().unwrap();
    // The derived tables are kept with the version.
    let tables = store.tables(id).unwrap();
    assert_eq!(tables.len(), published.derived.document.tables().len());
    assert_eq!(tables[0].id, "t01");
    assert!(tables[0].json.contains("\"rows\""));
    assert_eq!(v.warnings as usize, report.count(yusuan_check::Severity::Warning));
    assert_eq!(v.errors, 0, "the example checks clean");
    let warnings = store
        .findings(&FindingFilter {
            severity: Some("警告".into()),
            department: Some(v.department.clone()),
            ..Default::default()
        })
        .unwrap();
    assert!(warnings.iter().all(|f| f.severity == "warning"));
    assert_eq!(warnings.len() as i64, v.warnings);
    let rule = &stored[0].rule;
    let by_rule = store.findings(&FindingFilter { rule: Some(rule.clone()), ..Default::default() }).unwrap();
    assert!(!by_rule.is_empty() && by_rule.iter().all(|f| &f.rule == rule));
    // Removing the version removes its findings.
    assert!(store.remove(id).unwrap());
    assert!(store.findings(&FindingFilter::default()).unwrap().is_empty());
}

#[test]
fn an_audited_document_is_stored_once_with_its_findings() {
    let shared = root().join("../shared/corpus");
    let doc = shared.join("014_js_jianchayuan_2019_yusuan.txt");
    if !doc.exists() {
        assert!(std::env::var_os("CI").is_none(), "../shared/corpus is missing");
        eprintln!("skipped: {} is missing", doc.display());
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let mut store = Store::open(&tmp.path().join("store.db")).unwrap();
    let (added, audit) = store.add_document_file(&doc).unwrap();
    assert!(matches!(added, Added::New(_)));
    let (again, _) = store.add_document_file(&doc).unwrap();
    assert_eq!(again, Added::Existing(added.id()));
    let v = store.version(added.id()).unwrap().unwrap();
    assert_eq!((v.kind.as_str(), v.year, v.department.as_str()), ("document", 2019, "江苏省人民检察院"));
    let report = audit.report.as_ref().unwrap();
    let stored = store.findings(&FindingFilter { version: Some(v.id), ..Default::default() }).unwrap();
    assert_eq!(stored.len(), report.findings.len());
    assert!(stored.iter().any(|f| f.cell.is_some()), "table findings keep their cell");
    let tables = store.tables(v.id).unwrap();
    assert_eq!(tables.len(), audit.views.len());
    assert!(tables.iter().any(|t| t.role == "summary"), "{:?}", tables.iter().map(|t| &t.role).collect::<Vec<_>>());
    let d = store.document(v.id).unwrap();
    assert_eq!(d.bytes, std::fs::read(&doc).unwrap());
    // An unreadable document is refused and nothing is stored.
    let bad = tmp.path().join("bad.xlsx");
    std::fs::write(&bad, b"not a workbook").unwrap();
    assert!(store.add_document_file(&bad).is_err());
    assert_eq!(store.list().unwrap().len(), 1);
}

#[test]
fn a_version_1_store_is_migrated_with_its_data() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("old.db");
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute_batch(yusuan_store::MIGRATIONS[0]).unwrap();
        conn.execute_batch(
            "INSERT INTO organisation (id, region, department) VALUES (1, '某区', '某局');
             INSERT INTO version VALUES (1, 1, 2022, 'package', 'abc', 0, 'old');
             INSERT INTO line_item VALUES (1, '本级', '2010301', '30101', '人员', NULL, '一般公共预算', 12345);
             PRAGMA user_version = 1;",
        )
        .unwrap();
    }
    let store = Store::open(&db).unwrap();
    let v = store.list().unwrap();
    assert_eq!(v.len(), 1);
    assert_eq!((v[0].department.as_str(), v[0].parent.as_deref(), v[0].total_fen), ("某局", None, 12345));
    assert!(store.is_intact().unwrap());
}

#[test]
fn three_public_across_departments_from_their_own_tables() {
    let (_tmp, mut store, id) = store_with_example();
    let rows = store.three_public(None, Some(2022)).unwrap();
    assert_eq!(rows.len(), 1);
    let r = &rows[0];
    assert_eq!((r.version, r.department.as_str()), (id, "江汉区人民政府办公室"));
    // The example's 三公: 公务用车运行维护费 10 万元 and 公务接待费 0.98 万元.
    assert_eq!(r.vehicle_running, Some(10_000_000));
    assert_eq!(r.reception, Some(980_000));
    assert_eq!(r.total, Some(10_980_000));
    let doc = root().join("examples/documents/014_js_jianchayuan_2019_yusuan.txt");
    store.add_document_file(&doc).unwrap();
    let all = store.three_public(None, None).unwrap();
    let js = all.iter().find(|r| r.department == "江苏省人民检察院").unwrap();
    assert_eq!((js.kind.as_str(), js.year), ("document", 2019));
    // As printed: 因公出国 80 万元, 公务接待 101.26 万元, 三公 小计 418.26 万元.
    assert_eq!(js.abroad, Some(80_000_000));
    assert_eq!(js.total, Some(418_260_000));
    assert!(store.three_public(Some("没有这个地区"), None).unwrap().is_empty());
}
