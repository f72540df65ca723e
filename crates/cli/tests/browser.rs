//! The web UI in a real browser: `yusuan serve` started as a process, driven by the system's headless
//! Chromium through `e2e/run.mjs` (npm `playwright-core`, pinned in `e2e/package-lock.json`).
//!
//! Needs Chromium (`/usr/bin/chromium`, or `$CHROMIUM`), Node and `npm ci --prefix e2e`. When one is
//! missing the test is skipped with a notice — except under CI (`CI` set), where it fails saying what to
//! install. Screenshots of every page go to `$YUSUAN_SHOTS` (default: a temporary directory).

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A server process, killed when dropped.
struct Server {
    child: Child,
    url: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(args: &[&str]) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_yusuan"))
        .arg("serve")
        .args(["--bind", "127.0.0.1:0"])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("yusuan serve starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    // `yusuan 已启动：http://127.0.0.1:PORT/ (Ctrl+C 退出)`
    let url = line
        .split_whitespace()
        .flat_map(|w| w.split('：'))
        .find(|w| w.starts_with("http://"))
        .unwrap_or_else(|| panic!("no URL in the first line: {line:?}"))
        .to_owned();
    Server { child, url }
}

/// What is missing to run the browser test, if anything.
fn missing() -> Vec<String> {
    let mut out = Vec::new();
    let chromium =
        std::env::var_os("CHROMIUM").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    if !chromium.exists() {
        out.push(format!("Chromium ({}): apt-get install -y chromium fonts-noto-cjk", chromium.display()));
    }
    if Command::new("node").arg("--version").output().map(|o| !o.status.success()).unwrap_or(true) {
        out.push("Node.js: apt-get install -y nodejs npm".into());
    }
    if !repo().join("e2e/node_modules/playwright-core/package.json").exists() {
        out.push("playwright-core: npm ci --prefix e2e".into());
    }
    out
}

/// A copy of the example whose income no longer equals its expenditure (findings on table cells), in a store.
fn store_with_cell_findings(dir: &Path) -> PathBuf {
    let src = repo().join("examples/jianghan-2022-zhengfuban");
    let pkg = dir.join("jianghan-mutated");
    std::fs::create_dir_all(&pkg).unwrap();
    for e in std::fs::read_dir(&src).unwrap().flatten() {
        std::fs::copy(e.path(), pkg.join(e.file_name())).unwrap();
    }
    let budget = std::fs::read_to_string(pkg.join("budget.toml")).unwrap();
    std::fs::write(pkg.join("budget.toml"), budget.replacen("amount = \"3927.98\"", "amount = \"3900.00\"", 1))
        .unwrap();
    let db = dir.join("mutated.db");
    let status = Command::new(env!("CARGO_BIN_EXE_yusuan"))
        .args(["store", "--db"])
        .arg(&db)
        .arg("add")
        .arg(&pkg)
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    db
}

#[test]
fn the_web_ui_in_headless_chromium() {
    let missing = missing();
    if !missing.is_empty() {
        let msg = format!("browser test needs: {}", missing.join("; "));
        if std::env::var_os("CI").is_some() {
            panic!("{msg}");
        }
        eprintln!("skip: {msg}");
        return;
    }
    let upload = repo().join("../shared/corpus/011_shpt_caizhengju_2025_bumen_yusuan.txt");
    assert!(upload.exists(), "{} (the shared corpus beside the repository)", upload.display());
    let scratch = tempfile::tempdir().unwrap();
    let shots = std::env::var_os("YUSUAN_SHOTS").map(PathBuf::from).unwrap_or_else(|| scratch.path().join("shots"));
    let db = store_with_cell_findings(scratch.path());

    let examples = serve(&[]);
    let marked = serve(&["--db", db.to_str().unwrap()]);
    let out = Command::new("node")
        .arg(repo().join("e2e/run.mjs"))
        .arg(&examples.url)
        .arg(&shots)
        .arg(&upload)
        .arg(&marked.url)
        .stderr(Stdio::inherit())
        .output()
        .expect("node runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "e2e/run.mjs failed ({}): {text}", out.status);
    let r: serde_json::Value = serde_json::from_str(text.trim()).unwrap_or_else(|e| panic!("{e}: {text}"));
    assert!(r["failure"].is_null(), "{}", r["failure"]);
    let p = &r["pages"];

    // Overview: the example's row.
    assert_eq!(p["overview"]["status"], 200);
    let rows = p["overview"]["rows"].as_array().unwrap();
    assert!(rows.iter().any(|row| row["text"] == "江汉区人民政府办公室"), "{rows:?}");

    // The department page: the disclosure with addressed cells, the findings, four charts drawn.
    let d = &p["department"];
    assert_eq!(d["status"], 200);
    assert!(d["cells"].as_u64().unwrap() > 1000, "{d}");
    assert!(d["texts"].as_u64().unwrap() > 10, "{d}");
    assert!(!d["findings"].as_array().unwrap().is_empty(), "{d}");
    for chart in ["chart-functional", "chart-economic", "chart-yoy", "chart-sangong"] {
        assert!(d["charts"][chart].as_i64().unwrap() > 1000, "{chart} is blank: {d}");
    }
    assert_eq!(d["assets_external"], serde_json::json!([]));
    // A click on the sunburst drills down: data-path set, the series' root is the clicked 类.
    let path = d["drill_path"].as_str().unwrap_or_else(|| panic!("the click did not drill: {d}"));
    assert!(d["drill_before"].as_array().unwrap().len() > 1);
    assert_eq!(d["drill_after"], serde_json::json!([path]));

    // Findings on table cells are marked in the disclosure, and a click on one scrolls to it.
    let m = &p["marked"];
    assert!(m["marked"].as_u64().unwrap() >= 8, "{m}");
    assert!(m["marked_in_frame"].as_u64().unwrap() >= 4, "{m}");
    assert!(m["marked_titles"].as_u64().unwrap() >= 1, "{m}");
    assert!(m["focus"].as_u64().unwrap() >= 1, "{m}");
    assert_eq!(m["focus_visible"], true, "{m}");

    // The findings browser, filtered by severity.
    let f = &p["findings"];
    assert_eq!(f["status"], 200);
    let sev = f["rows"].as_array().unwrap();
    assert!(!sev.is_empty() && sev.iter().all(|s| s == "warning"), "{f}");
    assert_eq!(f["links"].as_u64().unwrap() as usize, sev.len());

    // A stored published document: its text and findings.
    let doc = &p["document"];
    assert_eq!(doc["status"], 200, "{doc}");
    assert!(doc["text"].as_u64().unwrap() > 1000, "{doc}");
    assert!(doc["findings"].as_u64().unwrap() > 0, "{doc}");

    // Compare and district.
    assert_eq!(p["compare"]["status"], 200);
    assert!(p["compare"]["functional_rows"].as_u64().unwrap() > 2, "{}", p["compare"]);
    assert!(p["compare"]["economic_rows"].as_u64().unwrap() > 2, "{}", p["compare"]);
    assert_eq!(p["district"]["status"], 200);
    assert!(p["district"]["functional_rows"].as_u64().unwrap() > 2, "{}", p["district"]);
    assert!(p["district"]["consolidations"].as_u64().unwrap() >= 1, "{}", p["district"]);

    // An uploaded corpus document: recognised, tables, findings.
    let u = &p["upload"];
    assert_eq!(u["template"], "shanghai-9", "{u}");
    assert!(u["tables"].as_u64().unwrap() >= 5, "{u}");
    assert!(!u["findings"].as_array().unwrap().is_empty(), "{u}");

    // English, remembered.
    assert_eq!(p["english"]["first"], "Overview");
    assert_eq!(p["english"]["next_page"], "Overview");
    assert_eq!(p["english"]["back"], "总览");

    // No script error, no failed request, nothing fetched from elsewhere.
    assert_eq!(r["errors"], serde_json::json!([]), "page errors");
    assert_eq!(r["console"], serde_json::json!([]), "console errors");
    assert_eq!(r["external"], serde_json::json!([]), "requests to other hosts");
}
