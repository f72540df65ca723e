//! `yusuan store`: a batch `add` killed half-way leaves a consistent store in
//! which every completed version is intact, and running it again completes it.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn example_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/jianghan-2022-zhengfuban")
}

/// `n` distinct department packages (the example under other names) in `dir`.
fn synthetic(dir: &Path, n: usize) -> Vec<PathBuf> {
    let pkg = yusuan_package::load(&example_dir()).unwrap();
    (0..n)
        .map(|i| {
            let mut b = pkg.budget.clone();
            b.department.name = format!("测试部门{i:04}");
            b.meta.catalogs.clear();
            let out = dir.join(format!("p{i:04}"));
            yusuan_package::save::save(&b, &out, false).unwrap();
            out
        })
        .collect()
}

/// Loads a stored version's files as a package and checks them against its row.
fn intact(store: &yusuan_store::Store, v: &yusuan_store::Version, scratch: &Path) {
    let dir = scratch.join(format!("v{}", v.id));
    std::fs::create_dir_all(&dir).unwrap();
    for f in store.files(v.id).unwrap() {
        std::fs::write(dir.join(&f.name), &f.text).unwrap();
    }
    let pkg = yusuan_package::load(&dir).unwrap_or_else(|e| panic!("version {} does not load: {e}", v.id));
    assert_eq!(pkg.budget.line_items.len() as i64, v.line_items, "version {}", v.id);
    let total: i64 = pkg.budget.line_items.iter().map(|l| l.amount.fen()).sum();
    assert_eq!(total, v.total_fen, "version {}", v.id);
    assert_eq!(pkg.budget.department.name, v.department);
}

#[test]
fn killed_batch_leaves_every_completed_version_intact() {
    let tmp = tempfile::tempdir().unwrap();
    let packages = synthetic(tmp.path(), 120);
    let db = tmp.path().join("store.db");
    let mut args: Vec<String> = vec!["store".into(), "--db".into(), db.display().to_string(), "add".into()];
    args.extend(packages.iter().map(|p| p.display().to_string()));
    let mut child = Command::new(env!("CARGO_BIN_EXE_yusuan"))
        .args(&args)
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(tmp.path().join("stderr.txt")).unwrap())
        .spawn()
        .unwrap();
    // Kill it (SIGKILL) once some versions are in, while it is still adding.
    let start = Instant::now();
    let mut killed_at = 0;
    while start.elapsed() < Duration::from_secs(60) {
        if let Ok(s) = yusuan_store::Store::open(&db)
            && let Ok(v) = s.list()
            && v.len() >= 10
        {
            killed_at = v.len();
            break;
        }
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().ok();
    child.wait().unwrap();
    assert!(
        killed_at >= 10,
        "the batch ended before it could be interrupted: {}",
        std::fs::read_to_string(tmp.path().join("stderr.txt")).unwrap_or_default()
    );

    let store = yusuan_store::Store::open(&db).unwrap();
    assert!(store.is_intact().unwrap());
    let versions = store.list().unwrap();
    assert!(versions.len() < packages.len(), "the kill came too late to test anything");
    let scratch = tmp.path().join("scratch");
    for v in &versions {
        intact(&store, v, &scratch);
    }
    drop(store);
    let conn_check = Command::new(env!("CARGO_BIN_EXE_yusuan")).args(&args).output().unwrap();
    assert!(conn_check.status.success(), "{}", String::from_utf8_lossy(&conn_check.stderr));
    let store = yusuan_store::Store::open(&db).unwrap();
    let after = store.list().unwrap();
    assert_eq!(after.len(), packages.len());
    // The versions stored before the kill are the same versions now.
    for v in &versions {
        assert!(after.iter().any(|a| a.id == v.id && a.hash == v.hash));
    }
}

#[test]
fn query_aggregates_the_store_in_every_format() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("store.db");
    let yusuan = |args: &[&str]| Command::new(env!("CARGO_BIN_EXE_yusuan")).args(args).output().unwrap();
    let db_arg = db.display().to_string();
    let out = yusuan(&["store", "--db", &db_arg, "add", &example_dir().display().to_string()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let total: i64 =
        yusuan_package::load(&example_dir()).unwrap().budget.line_items.iter().map(|l| l.amount.fen()).sum();

    let out = yusuan(&["query", "--db", &db_arg, "--drilldown", "functional.1|kind", "--format", "json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["total_fen"].as_i64(), Some(total));
    let cells = json["cells"].as_array().unwrap();
    assert_eq!(cells.iter().map(|c| c["amount_fen"].as_i64().unwrap()).sum::<i64>(), total);

    let out = yusuan(&[
        "query",
        "--db",
        &db_arg,
        "--cut",
        "functional.1:201",
        "--drilldown",
        "functional.3",
        "--format",
        "csv",
    ]);
    let csv = String::from_utf8(out.stdout).unwrap();
    assert!(csv.starts_with("\u{feff}功能分类（项）编码,功能分类（项）名称,金额（元）"), "{csv}");
    assert!(csv.lines().skip(1).all(|l| l.starts_with("201") || l.starts_with("合计")), "{csv}");

    let xlsx = tmp.path().join("q.xlsx");
    let out = yusuan(&["query", "--db", &db_arg, "--drilldown", "economic.2", "--format", "xlsx"]);
    assert!(!out.status.success(), "xlsx needs a file");
    let out = yusuan(&[
        "query",
        "--db",
        &db_arg,
        "--drilldown",
        "economic.2",
        "--format",
        "xlsx",
        "-o",
        &xlsx.display().to_string(),
    ]);
    assert!(out.status.success() && xlsx.exists());

    let out = yusuan(&["query", "--db", &db_arg, "--drilldown", "colour"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("colour"));
    let out = yusuan(&["query", "--db", &tmp.path().join("none.db").display().to_string()]);
    assert!(!out.status.success(), "a missing store is not created by a query");
    assert!(!tmp.path().join("none.db").exists());
}
