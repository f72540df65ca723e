//! The web UI through its router (no socket): every page, the API and its downloads, uploads, errors,
//! and findings addressed in the disclosure HTML.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use tower::ServiceExt;
use yusuan_serve::{App, Lang, router};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// One server state with the bundled examples for all tests of this binary.
fn app() -> Arc<App> {
    static APP: OnceLock<Arc<App>> = OnceLock::new();
    APP.get_or_init(|| Arc::new(App::with_examples(Lang::Zh).expect("the bundled examples load"))).clone()
}

struct Resp {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: Vec<u8>,
}

impl Resp {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.text()))
    }
}

async fn send(app: &Arc<App>, req: Request<Body>) -> Resp {
    let r = router(app.clone()).oneshot(req).await.expect("the router answers");
    let status = r.status();
    let headers = r.headers().clone();
    let body = axum::body::to_bytes(r.into_body(), usize::MAX).await.unwrap().to_vec();
    Resp { status, headers, body }
}

async fn get(app: &Arc<App>, uri: &str) -> Resp {
    send(app, Request::get(uri).body(Body::empty()).unwrap()).await
}

fn versions(app: &Arc<App>) -> Vec<serde_json::Value> {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let r = rt.block_on(get(app, "/api/versions"));
    r.json().as_array().unwrap().clone()
}

fn version_of(app: &Arc<App>, department: &str, kind: &str) -> i64 {
    versions(app)
        .iter()
        .find(|v| v["department"] == department && v["kind"] == kind)
        .unwrap_or_else(|| panic!("no {kind} of {department}"))["id"]
        .as_i64()
        .unwrap()
}

#[tokio::test]
async fn every_page_answers_200() {
    let app = app();
    let all = tokio::task::spawn_blocking({
        let app = app.clone();
        move || versions(&app)
    })
    .await
    .unwrap();
    assert!(all.iter().any(|v| v["department"] == "江汉区人民政府办公室"));
    let mut uris: Vec<String> = [
        "/",
        "/?lang=en",
        "/findings",
        "/findings?severity=warning&year=2022",
        "/findings?rule=YS-F&department=%E6%B1%9F%E6%B1%89%E5%8C%BA%E4%BA%BA%E6%B0%91%E6%94%BF%E5%BA%9C%E5%8A%9E%E5%85%AC%E5%AE%A4",
        "/compare",
        "/compare?org=%E5%90%88%E6%88%90%E7%A4%BA%E4%BE%8B%E5%B1%80",
        "/district",
        "/district?lang=en",
        "/upload",
        "/api",
        "/api/versions",
        "/api/findings?severity=error",
        "/api/query?drilldown=functional.1",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for v in &all {
        let id = v["id"].as_i64().unwrap();
        uris.push(format!("/v/{id}"));
        uris.push(format!("/v/{id}?lang=en"));
        uris.push(format!("/v/{id}/document.html"));
        if v["kind"] == "package" {
            uris.push(format!("/compare?org={}&b={id}", v["organisation"]));
        }
    }
    for uri in &uris {
        let r = get(&app, uri).await;
        assert_eq!(r.status, StatusCode::OK, "{uri}: {}", r.text());
        let text = r.text();
        assert!(!text.contains("服务器内部错误"), "{uri}");
    }
}

#[tokio::test]
async fn the_department_page_has_the_disclosure_findings_and_chart_data() {
    let app = app();
    let id = tokio::task::spawn_blocking({
        let app = app.clone();
        move || version_of(&app, "江汉区人民政府办公室", "package")
    })
    .await
    .unwrap();
    let page = get(&app, &format!("/v/{id}")).await.text();
    assert!(page.contains(&format!("<iframe id=\"disclosure\" src=\"/v/{id}/document.html\"")));
    assert!(page.contains("<ol id=\"findings\">"));
    assert!(page.contains("class=\"finding sev-warning\""));
    for chart in ["chart-functional", "chart-economic", "chart-yoy", "chart-sangong"] {
        assert!(page.contains(&format!("id=\"{chart}\"")), "{chart}");
    }
    // The chart data is JSON in the page, unescaped, with the functional tree in 分.
    let start = page.find("<script type=\"application/json\" id=\"chart-data\">").unwrap();
    let json = &page[start..];
    let json = &json[json.find('>').unwrap() + 1..json.find("</script>").unwrap()];
    let data: serde_json::Value = serde_json::from_str(json).unwrap();
    let total: i64 = data["functional"].as_array().unwrap().iter().map(|n| n["value"].as_i64().unwrap()).sum();
    assert_eq!(total, 3_927_980_000, "Σ 功能分类 = 3927.98 万元");
    assert!(data["functional"][0]["children"][0]["children"].is_array(), "类 → 款 → 项");
    assert_eq!(data["yoy"]["categories"], serde_json::json!(["2021", "2022"]));
    assert_eq!(data["sangong"]["series"].as_array().unwrap().len(), 2);
    // ECharts comes from this server.
    assert!(page.contains("<script src=\"/assets/echarts."));
    assert!(!page.contains("http://") && !page.contains("https://"));
    // The document has addresses.
    let doc = get(&app, &format!("/v/{id}/document.html")).await.text();
    assert!(doc.contains("data-cell=\"t01:0:0\""));
    assert!(doc.contains("data-text=\""));
}

/// Σ line items of the example package, in 分.
fn example_total() -> i64 {
    let pkg = yusuan_package::load(&root().join("examples/jianghan-2022-zhengfuban")).unwrap();
    pkg.budget.line_items.iter().map(|l| l.amount.fen()).sum()
}

#[tokio::test]
async fn api_query_totals_equal_the_line_items() {
    let app = app();
    let want = example_total();
    let cut = "department:%E6%B1%9F%E6%B1%89%E5%8C%BA%E4%BA%BA%E6%B0%91%E6%94%BF%E5%BA%9C%E5%8A%9E%E5%85%AC%E5%AE%A4|year:2022";
    for drill in ["functional.1", "functional.3", "economic.2", "functional.2|economic.1", "kind"] {
        let r = get(&app, &format!("/api/query?cut={cut}&drilldown={drill}")).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        assert!(r.headers[header::CONTENT_TYPE].to_str().unwrap().starts_with("application/json"));
        let a = r.json();
        assert_eq!(a["total_fen"].as_i64(), Some(want), "{drill}");
        let sum: i64 = a["cells"].as_array().unwrap().iter().map(|c| c["amount_fen"].as_i64().unwrap()).sum();
        assert_eq!(sum, want, "{drill}: Σ cells");
    }
    let bad = get(&app, "/api/query?drilldown=colour").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.json()["error"].is_string());
    let bad = get(&app, "/api/query?drilldown=year&format=pdf").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn csv_and_xlsx_downloads_parse() {
    let app = app();
    let want = example_total();
    let cut = "department:%E6%B1%9F%E6%B1%89%E5%8C%BA%E4%BA%BA%E6%B0%91%E6%94%BF%E5%BA%9C%E5%8A%9E%E5%85%AC%E5%AE%A4|year:2022";
    let json = get(&app, &format!("/api/query?cut={cut}&drilldown=functional.1")).await.json();
    let n = json["cells"].as_array().unwrap().len();

    let csv = get(&app, &format!("/api/query?cut={cut}&drilldown=functional.1&format=csv")).await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.headers[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/csv"));
    assert!(csv.headers[header::CONTENT_DISPOSITION].to_str().unwrap().starts_with("attachment;"));
    let text = csv.text();
    let lines: Vec<&str> = text.trim_start_matches('\u{feff}').lines().filter(|l| !l.trim().is_empty()).collect();
    assert!(lines.len() > n, "header + {n} rows: {text}");
    assert!(text.contains("201"), "{text}");

    let xlsx = get(&app, &format!("/api/query?cut={cut}&drilldown=functional.1&format=xlsx")).await;
    assert_eq!(xlsx.status, StatusCode::OK);
    assert!(xlsx.headers[header::CONTENT_DISPOSITION].to_str().unwrap().contains(".xlsx"));
    use calamine::Reader;
    let mut book = calamine::Xlsx::new(std::io::Cursor::new(xlsx.body)).expect("an XLSX file");
    let sheet = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&sheet).unwrap();
    // Some column holds the amounts of the cells: find one whose numbers sum to the total (in 元 or 万元).
    let (rows, cols) = range.get_size();
    let found = (0..cols).any(|c| {
        let nums: Vec<f64> = (0..rows).filter_map(|r| range.get((r, c)).and_then(calamine::DataType::as_f64)).collect();
        let s: f64 = nums.iter().sum();
        let w = want as f64 / 100.0;
        [w, w / 10_000.0, 2.0 * w, 2.0 * w / 10_000.0].iter().any(|x| (s - x).abs() < 0.01)
    });
    assert!(found, "no column of the workbook sums to the total");
}

fn multipart(parts: &[(&str, Option<&str>, &[u8])]) -> (String, Vec<u8>) {
    let boundary = "----yusuan-test-boundary-7d1f";
    let mut body = Vec::new();
    for (name, file, bytes) in parts {
        body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
        match file {
            Some(f) => body.extend_from_slice(
                format!("Content-Disposition: form-data; name=\"{name}\"; filename=\"{f}\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                    .as_bytes(),
            ),
            None => body.extend_from_slice(format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n").as_bytes()),
        }
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

async fn upload(app: &Arc<App>, parts: &[(&str, Option<&str>, &[u8])]) -> Resp {
    let (ct, body) = multipart(parts);
    send(app, Request::post("/upload").header(header::CONTENT_TYPE, ct).body(Body::from(body)).unwrap()).await
}

#[tokio::test]
async fn a_bad_upload_is_a_clear_4xx() {
    let app = app();
    let r = upload(&app, &[("file", Some("报告.docx"), b"PK")]).await;
    assert_eq!(r.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert!(r.text().contains("不支持的文件类型"), "{}", r.text());
    // A truncated PDF: a clear message, no panic.
    let r = upload(&app, &[("file", Some("报告.pdf"), b"%PDF-1.7")]).await;
    assert!(r.status.is_client_error(), "{}", r.status);
    assert!(r.text().contains("PDF"), "{}", r.text());
    let r = upload(&app, &[("file", Some("坏.xlsx"), b"this is not a zip file")]).await;
    assert!(r.status.is_client_error(), "{}", r.status);
    assert!(r.text().contains("无法读取"), "{}", r.text());
    let r = upload(&app, &[("file", Some("空.txt"), b"")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = upload(&app, &[("store", None, b"1")]).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.text().contains("请选择要上传的文件"));
    let r =
        send(&app, Request::post("/upload").header(header::CONTENT_TYPE, "text/plain").body(Body::from("x")).unwrap())
            .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    // Too large: refused before it is read whole.
    let big = vec![b'a'; yusuan_serve::MAX_UPLOAD + 200_000];
    let r = upload(&app, &[("file", Some("big.txt"), &big)]).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", r.text());
}

/// A file of ../shared/corpus; absent: skipped with a notice, except under CI where it must be there.
fn corpus_file(path: &Path) -> Option<Vec<u8>> {
    match std::fs::read(path) {
        Ok(b) => Some(b),
        Err(e) if std::env::var_os("CI").is_some() => {
            panic!("{}: {e} (../shared/ must be beside the checkout)", path.display())
        }
        Err(_) => {
            eprintln!("skip: {} not found", path.display());
            None
        }
    }
}

#[tokio::test]
async fn an_uploaded_corpus_document_is_audited() {
    let path = root().join("../shared/corpus/011_shpt_caizhengju_2025_bumen_yusuan.txt");
    let Some(bytes) = corpus_file(&path) else { return };
    let app = app();
    let r = upload(&app, &[("file", Some("011_shpt_caizhengju_2025_bumen_yusuan.txt"), &bytes)]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let page = r.text();
    assert!(page.contains("<dd id=\"template\">shanghai-9</dd>"), "{page}");
    assert!(page.contains("<ol id=\"findings\">"));
    assert!(page.contains("data-rule=\"YS-"));
}

#[tokio::test]
async fn unknown_versions_and_pages_are_404_pages() {
    let app = app();
    for uri in ["/v/999999", "/v/abc", "/v/999999/document.html", "/nowhere", "/assets/nothing.js"] {
        let r = get(&app, uri).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{uri}");
    }
    let r = get(&app, "/v/999999").await;
    assert!(r.text().contains("没有版本 999999"), "{}", r.text());
    let r = get(&app, "/findings?year=abc").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let r = get(&app, "/compare?org=%E6%B2%A1%E6%9C%89").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = get(&app, "/district?region=%E6%B2%A1%E6%9C%89").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn english_is_a_switch_remembered_in_a_cookie() {
    let app = app();
    let r = get(&app, "/?lang=en").await;
    assert!(r.text().contains(">Overview</a>"));
    let cookie = r.headers[header::SET_COOKIE].to_str().unwrap().to_owned();
    assert!(cookie.starts_with("yusuan_lang=en"), "{cookie}");
    let r = send(&app, Request::get("/findings").header(header::COOKIE, "yusuan_lang=en").body(Body::empty()).unwrap())
        .await;
    assert!(r.text().contains("<h1>Findings</h1>"));
    let r = get(&app, "/findings").await;
    assert!(r.text().contains("<h1>问题清单</h1>"));
}

#[tokio::test]
async fn assets_are_embedded_with_long_cache_headers() {
    let app = app();
    let page = get(&app, "/upload").await.text();
    let css = page.split("href=\"").find_map(|s| s.strip_prefix("/assets/app.")).unwrap();
    let css = format!("/assets/app.{}", &css[..css.find('"').unwrap()]);
    let r = get(&app, &css).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.headers[header::CACHE_CONTROL], "public, max-age=31536000, immutable");
    assert_eq!(r.headers[header::CONTENT_TYPE], "text/css; charset=utf-8");
    let r = get(&app, "/assets/echarts.min.js").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.headers[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/javascript"));
    assert!(r.body.len() > 500_000);
}

/// A copy of the example whose income no longer equals its expenditure: findings located in table cells.
fn mutated_example(dir: &Path) -> PathBuf {
    let src = root().join("examples/jianghan-2022-zhengfuban");
    let dst = dir.join("jianghan-mutated");
    std::fs::create_dir_all(&dst).unwrap();
    for e in std::fs::read_dir(&src).unwrap().flatten() {
        std::fs::copy(e.path(), dst.join(e.file_name())).unwrap();
    }
    let budget = std::fs::read_to_string(dst.join("budget.toml")).unwrap();
    let changed = budget.replacen("amount = \"3927.98\"", "amount = \"3900.00\"", 1);
    assert_ne!(budget, changed);
    std::fs::write(dst.join("budget.toml"), changed).unwrap();
    dst
}

/// Every cell and paragraph a finding names is addressed in the HTML the department page shows.
#[test]
fn every_finding_of_a_derived_document_has_its_place_in_the_html() {
    let dir = tempfile::tempdir().unwrap();
    let pkg = mutated_example(dir.path());
    let published = yusuan_publish::load(&pkg).unwrap();
    let report = published.check(&yusuan_check::Config::default());
    let html = yusuan_render::html_addressed(&published.derived.document);
    let mut cells = 0;
    for f in &report.findings {
        for c in f.cells() {
            let addr = format!("data-cell=\"{}:{}:{}\"", c.table, c.row, c.col);
            assert!(html.contains(&addr), "{} {addr}", f.rule);
            cells += 1;
        }
        for t in f.texts() {
            let addr = format!("data-text=\"{}:{}\"", t.section, t.paragraph);
            assert!(html.contains(&addr), "{} {addr}", f.rule);
        }
    }
    assert!(cells >= 8, "the mutation gives findings on cells ({cells})");
    // A known one: YS-I006, the 收支总表's total row, 收入 against 支出.
    let i006 = report.findings.iter().find(|f| f.rule == "YS-I006").expect("YS-I006");
    let c = i006.location.cell().unwrap();
    assert!(html.contains(&format!("data-cell=\"{}:{}:{}\"", c.table, c.row, c.col)));
}

/// Through the server: the page lists the finding with its cells, and the document has them.
#[tokio::test]
async fn the_page_names_cells_the_document_has() {
    let dir = tempfile::tempdir().unwrap();
    let pkg = mutated_example(dir.path());
    let db = dir.path().join("yusuan.db");
    let id = {
        let mut s = yusuan_store::Store::open(&db).unwrap();
        s.add_package_dir(&pkg).unwrap().id()
    };
    let app = Arc::new(App::open(&db, Lang::Zh).unwrap());
    let page = get(&app, &format!("/v/{id}")).await.text();
    let doc = get(&app, &format!("/v/{id}/document.html")).await.text();
    let mut n = 0;
    for part in page.split("data-cells=\"").skip(1) {
        for addr in part[..part.find('"').unwrap()].split(' ').filter(|a| !a.is_empty()) {
            assert!(doc.contains(&format!("data-cell=\"{addr}\"")), "{addr}");
            n += 1;
        }
    }
    assert!(n >= 8, "{n} cell addresses");
    assert!(page.contains("data-severity=\"error\" data-rule=\"YS-I006\""));
    // Locations name the package file, not the directory it was added from.
    assert!(!page.contains(&pkg.display().to_string()), "absolute package path in the page");
}

#[tokio::test]
async fn an_upload_with_store_ticked_becomes_a_version() {
    let path = root().join("examples/documents/010_shpt_wanlijiedao_2025_bumen_yusuan.txt");
    let bytes = std::fs::read(&path).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("yusuan.db");
    yusuan_store::Store::open(&db).unwrap();
    let app = Arc::new(App::open(&db, Lang::Zh).unwrap());
    let before = get(&app, "/").await.text();
    assert!(!before.contains("上海市普陀区人民政府万里街道办事处"));
    let r = upload(&app, &[("file", Some("万里街道 2025.txt"), &bytes), ("store", None, b"1")]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert!(r.text().contains("已存入预算库"), "{}", r.text());
    // The overview (cached) shows it now.
    let after = get(&app, "/").await.text();
    assert!(after.contains("上海市普陀区人民政府万里街道办事处"));
    let id = {
        let s = yusuan_store::Store::open(&db).unwrap();
        s.list().unwrap().iter().find(|v| v.kind == "document").unwrap().id
    };
    let page = get(&app, &format!("/v/{id}")).await.text();
    assert!(page.contains("<pre id=\"document-text\""));
    assert!(page.contains("<ol id=\"findings\">"));
    let raw = get(&app, &format!("/v/{id}/document.html")).await;
    assert!(raw.headers[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/plain"));
    assert_eq!(raw.body, bytes);
    // The same content again is the same version.
    let r = upload(&app, &[("file", Some("万里街道 2025.txt"), &bytes), ("store", None, b"1")]).await;
    assert!(r.text().contains("库中已有相同内容"), "{}", r.text());
}

#[tokio::test]
async fn compare_takes_years_too() {
    let app = app();
    let r = get(&app, "/compare?org=%E5%90%88%E6%88%90%E7%A4%BA%E4%BE%8B%E5%B1%80&a=2022&b=2023").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let page = r.text();
    assert!(page.contains("合成示例局：2022 → 2023"), "{page}");
    assert!(page.contains("id=\"compare-functional\""));
    // One version only: against the prior-year figures the package states.
    let r = get(
        &app,
        "/compare?org=%E6%B1%9F%E6%B1%89%E5%8C%BA%E4%BA%BA%E6%B0%91%E6%94%BF%E5%BA%9C%E5%8A%9E%E5%85%AC%E5%AE%A4",
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.text().contains("id=\"compare-prior\""));
}

#[tokio::test]
async fn three_public_across_departments_on_the_district_page_and_api() {
    let app = app();
    let r = get(&app, "/api/three-public?year=2022").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let rows = r.json();
    let rows = rows.as_array().unwrap();
    let jianghan = rows.iter().find(|r| r["department"] == "江汉区人民政府办公室").unwrap();
    // The example's 三公 table: 公务用车运行维护费 10 万元 and 公务接待费 0.98 万元.
    assert_eq!(jianghan["total"].as_i64(), Some(10_980_000));
    assert!(rows.iter().all(|r| r["year"] == 2022));
    // Units are consolidated into their department, never listed beside it.
    assert!(
        !rows
            .iter()
            .any(|r| r["department"].as_str().unwrap().starts_with("合成示例局") && r["department"] != "合成示例局")
    );
    let page = get(&app, "/district?region=%E6%AD%A6%E6%B1%89%E5%B8%82%E6%B1%9F%E6%B1%89%E5%8C%BA&year=2022").await;
    let html = page.text();
    assert!(html.contains("id=\"district-three-public\""), "{html}");
    assert!(html.contains("10.98"), "the 三公 total in 万元");
    assert_eq!(get(&app, "/api/three-public?year=x").await.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_text_document_page_names_the_lines_its_findings_are_on() {
    let app = app();
    let id = tokio::task::spawn_blocking({
        let app = app.clone();
        move || {
            versions(&app)
                .iter()
                .find(|v| {
                    v["kind"] == "document"
                        && v["year"] == 2024
                        && v["source"].as_str().unwrap().contains("wanlijiedao")
                })
                .expect("the bundled 2024 万里街道 document")["id"]
                .as_i64()
                .unwrap()
        }
    })
    .await
    .unwrap();
    let html = get(&app, &format!("/v/{id}")).await.text();
    // The known error (../shared/corpus/INDEX.md): the narrative's 住房公积金 figure, on line 148 of the file.
    assert!(html.contains("data-rule=\"YS-N001\""), "{html}");
    let li = html.split("data-rule=\"YS-N001\"").nth(1).unwrap();
    let lines = li.split("data-lines=\"").nth(1).unwrap().split('"').next().unwrap();
    assert!(lines.split(' ').any(|l| l == "148"), "{lines}");
    assert!(html.contains("<span class=\"ln\" id=\"L148\" data-line=\"148\">"));
}

#[tokio::test]
async fn an_uploaded_pdf_is_audited_and_shown_inline() {
    let path = root().join("../shared/corpus/src_pdf/014_js_jianchayuan_2019_yusuan.pdf");
    let Some(bytes) = corpus_file(&path) else { return };
    let app = app();
    let r = upload(&app, &[("file", Some("检察院2019.pdf"), &bytes), ("store", None, b"on")]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let page = r.text();
    assert!(page.contains("<dd id=\"template\">jiangsu-12</dd>"), "{page}");
    assert!(page.contains("data-rule=\"YS-"));
    // Stored: its page shows the PDF in a frame, served inline.
    let id = tokio::task::spawn_blocking({
        let app = app.clone();
        move || versions(&app).iter().find(|v| v["source"] == "检察院2019.pdf").expect("stored")["id"].as_i64().unwrap()
    })
    .await
    .unwrap();
    let html = get(&app, &format!("/v/{id}")).await.text();
    assert!(html.contains("id=\"document-pdf\""), "{html}");
    let pdf = get(&app, &format!("/v/{id}/download")).await;
    assert_eq!(pdf.headers[axum::http::header::CONTENT_TYPE], "application/pdf");
    assert!(pdf.headers[axum::http::header::CONTENT_DISPOSITION].to_str().unwrap().starts_with("inline"));
    assert_eq!(pdf.body, bytes);
}
