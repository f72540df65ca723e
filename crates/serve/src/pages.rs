//! Every page and API endpoint.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, OnceLock};

use axum::Router;
use axum::extract::{DefaultBodyLimit, FromRequestParts, Multipart, Path, Query, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use minijinja::{Environment, Value, context};

/// A template context from serializable values (`data! { rows => rows }`).
macro_rules! data {
    ($($k:ident => $v:expr),* $(,)?) => {
        minijinja::context! { $($k => minijinja::Value::from(minijinja::value::Serde(&$v))),* }
    };
}
use serde::{Deserialize, Serialize};
use yusuan_model::{Amount, Ratio};
use yusuan_store::{FindingFilter, StoredFinding, Version};

use crate::charts::{self, wan};
use crate::i18n::{self, Lang};
use crate::{App, AppError, MAX_UPLOAD, assets, db};

/// The page templates: (name, text). Names end in `.html`, so minijinja escapes every value.
pub(crate) const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../templates/base.html")),
    ("macros.html", include_str!("../templates/macros.html")),
    ("overview.html", include_str!("../templates/overview.html")),
    ("version.html", include_str!("../templates/version.html")),
    ("findings.html", include_str!("../templates/findings.html")),
    ("compare.html", include_str!("../templates/compare.html")),
    ("district.html", include_str!("../templates/district.html")),
    ("upload.html", include_str!("../templates/upload.html")),
    ("upload_result.html", include_str!("../templates/upload_result.html")),
    ("api.html", include_str!("../templates/api.html")),
    ("error.html", include_str!("../templates/error.html")),
];

fn env() -> &'static Environment<'static> {
    static ENV: OnceLock<Environment<'static>> = OnceLock::new();
    ENV.get_or_init(|| {
        let mut env = Environment::new();
        env.set_syntax(
            minijinja::syntax::SyntaxConfig::builder()
                .trim_blocks(true)
                .lstrip_blocks(true)
                .build()
                .expect("valid syntax"),
        );
        env.add_filter("urlencode", |v: Value| urlencode(&v.to_string()));
        for (name, text) in TEMPLATES {
            env.add_template(name, text).unwrap_or_else(|e| panic!("templates/{name}: {e}"));
        }
        env
    })
}

/// Percent-encodes everything but unreserved characters (a query value).
pub(crate) fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

pub fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/", get(overview))
        .route("/v/{id}", get(version_page))
        .route("/v/{id}/document.html", get(version_document))
        .route("/v/{id}/download", get(version_download))
        .route("/findings", get(findings_page))
        .route("/compare", get(compare_page))
        .route("/district", get(district_page))
        .route("/upload", get(upload_page).post(upload_post).layer(DefaultBodyLimit::max(MAX_UPLOAD + 64 * 1024)))
        .route("/api", get(api_page))
        .route("/api/query", get(api_query))
        .route("/api/versions", get(api_versions))
        .route("/api/findings", get(api_findings))
        .route("/api/three-public", get(api_three_public))
        .route("/assets/{name}", get(assets::get))
        .route("/favicon.ico", get(|| async { StatusCode::NO_CONTENT }))
        .fallback(not_found)
        .layer(axum::middleware::map_response(security_headers))
        .with_state(app)
}

async fn security_headers(mut r: Response) -> Response {
    let h = r.headers_mut();
    h.entry(header::X_CONTENT_TYPE_OPTIONS).or_insert(HeaderValue::from_static("nosniff"));
    h.entry(header::REFERRER_POLICY).or_insert(HeaderValue::from_static("same-origin"));
    r
}

async fn not_found(ctx: Ctx) -> Response {
    ctx.error(AppError::not_found("页面不存在", "no such page"))
}

// ---------------------------------------------------------------------------------------------------------
// Request context: language (query `lang`, else the cookie, else the server's default) and the URL.

pub(crate) struct Ctx {
    lang: Lang,
    /// `?lang=` was given: remember it in a cookie.
    remember: bool,
    uri: Uri,
    app: Arc<App>,
}

impl FromRequestParts<Arc<App>> for Ctx {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, app: &Arc<App>) -> Result<Ctx, Self::Rejection> {
        let from_query =
            parts.uri.query().and_then(|q| q.split('&').find_map(|kv| kv.strip_prefix("lang="))).and_then(i18n::parse);
        let from_cookie = parts
            .headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .find_map(|c| c.trim().strip_prefix("yusuan_lang="))
            .and_then(i18n::parse);
        Ok(Ctx {
            lang: from_query.or(from_cookie).unwrap_or(app.lang),
            remember: from_query.is_some(),
            uri: parts.uri.clone(),
            app: app.clone(),
        })
    }
}

impl Ctx {
    fn code(&self) -> &'static str {
        i18n::code(self.lang)
    }

    /// This page's URL in `lang`.
    fn switch(&self, lang: &str) -> String {
        let mut pairs: Vec<&str> =
            self.uri.query().unwrap_or("").split('&').filter(|kv| !kv.is_empty() && !kv.starts_with("lang=")).collect();
        let l = format!("lang={lang}");
        pairs.push(&l);
        format!("{}?{}", self.uri.path(), pairs.join("&"))
    }

    fn page(&self, template: &str, title: &str, nav: &str, data: Value) -> Result<String, AppError> {
        let ctx = context! {
            t => Value::from(minijinja::value::Serde(i18n::labels(self.lang))),
            lang => self.code(),
            title => title,
            nav => nav,
            lang_zh => self.switch("zh"),
            lang_en => self.switch("en"),
            // Our own URLs (no `&#x2f;` for every slash).
            css => Value::from_safe_string(assets::url("app.css")),
            js => Value::from_safe_string(assets::url("app.js")),
            echarts => Value::from_safe_string(assets::url("echarts.min.js")),
            ..data
        };
        env()
            .get_template(template)
            .and_then(|t| t.render(ctx))
            .map_err(|e| AppError::internal(format!("{template}: {e:#}")))
    }

    fn respond(&self, status: StatusCode, html: String) -> Response {
        let mut r = (status, Html(html)).into_response();
        if self.remember
            && let Ok(v) =
                HeaderValue::from_str(&format!("yusuan_lang={}; Path=/; Max-Age=31536000; SameSite=Lax", self.code()))
        {
            r.headers_mut().insert(header::SET_COOKIE, v);
        }
        r
    }

    fn html(&self, r: Result<String, AppError>) -> Response {
        match r {
            Ok(html) => self.respond(StatusCode::OK, html),
            Err(e) => self.error(e),
        }
    }

    fn error(&self, e: AppError) -> Response {
        let title = i18n::t(self.lang, "error_title");
        let message = match self.lang {
            Lang::Zh => &e.zh,
            Lang::En => &e.en,
        };
        let other = match self.lang {
            Lang::Zh => &e.en,
            Lang::En => &e.zh,
        };
        let data = data! { status => e.status.as_u16(), message => message, other => other };
        match self.page("error.html", title, "", data) {
            Ok(html) => self.respond(e.status, html),
            Err(_) => error_page(&e).into_response(),
        }
    }
}

/// An error page without a request context (Chinese first, then English).
pub(crate) fn error_page(e: &AppError) -> impl IntoResponse + use<> {
    let esc = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    let body = format!(
        "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>出错了</title></head><body><h1>出错了 ({})</h1><p class=\"error-message\">{}</p><p lang=\"en\">{}</p><p><a href=\"/\">返回总览</a></p></body></html>",
        e.status.as_u16(),
        esc(&e.zh),
        esc(&e.en)
    );
    (e.status, Html(body))
}

/// A cached page of this language: computed once per key.
async fn cached(
    ctx: &Ctx,
    what: &'static str,
    id: i64,
    make: impl AsyncFnOnce() -> Result<String, AppError>,
) -> Result<axum::body::Bytes, AppError> {
    let generation = if id == 0 { ctx.app.generation() } else { 0 };
    let key = (what, id, generation, ctx.code());
    if let Some(hit) = ctx.app.pages.get(&key) {
        return Ok(hit);
    }
    let page = axum::body::Bytes::from(make().await?);
    ctx.app.pages.put(key, page.clone());
    Ok(page)
}

fn cached_response(ctx: &Ctx, r: Result<axum::body::Bytes, AppError>) -> Response {
    match r {
        Ok(page) => {
            let mut resp = ctx.respond(StatusCode::OK, String::new());
            *resp.body_mut() = axum::body::Body::from(page);
            resp
        }
        Err(e) => ctx.error(e),
    }
}

// ---------------------------------------------------------------------------------------------------------
// Views of store records for the templates.

#[derive(Serialize)]
struct VersionView {
    id: i64,
    organisation: i64,
    region: String,
    department: String,
    parent: Option<String>,
    year: i32,
    kind: String,
    hash: String,
    added_at: String,
    source: String,
    line_items: i64,
    total: String,
    errors: i64,
    warnings: i64,
    infos: i64,
    current: bool,
}

fn version_view(v: &Version) -> VersionView {
    VersionView {
        id: v.id,
        organisation: v.organisation,
        region: v.region.clone(),
        department: v.department.clone(),
        parent: v.parent.clone(),
        year: v.year,
        kind: v.kind.clone(),
        hash: v.hash.chars().take(12).collect(),
        added_at: utc(v.added_at),
        source: v.source.clone(),
        line_items: v.line_items,
        total: wan(v.total_fen),
        errors: v.errors,
        warnings: v.warnings,
        infos: v.infos,
        current: v.current,
    }
}

/// `2026-12-06 03:08 UTC` from seconds since the epoch (civil-from-days, no time crate needed).
fn utc(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02} {:02}:{:02} UTC", rem / 3600, rem % 3600 / 60)
}

#[derive(Serialize)]
struct FindingView {
    version: i64,
    department: String,
    year: i32,
    rule: String,
    severity: String,
    severity_label: &'static str,
    message: String,
    location: String,
    /// `table:row:col` of the location and the evidence.
    cells: String,
    /// `section:paragraph`.
    text: String,
    /// Source lines of a published document, space-separated.
    lines: String,
    expected: Option<String>,
    actual: Option<String>,
    difference: Option<String>,
    /// (label, value) of expected / actual / difference, those given.
    vals: Vec<(&'static str, String)>,
}

/// A location without the directory the package was added from (`projects.toml:313`).
fn tidy_location(location: &str, source: Option<&str>) -> String {
    match source.filter(|s| !s.is_empty()) {
        Some(src) => location.replace(&format!("{}/", src.trim_end_matches('/')), ""),
        None => location.to_owned(),
    }
}

fn finding_view(f: &StoredFinding, lang: Lang, source: Option<&str>) -> FindingView {
    let cells: Vec<String> = f.cells.iter().map(|(t, r, c)| format!("{t}:{r}:{c}")).collect();
    FindingView {
        version: f.version,
        department: f.department.clone(),
        year: f.year,
        rule: f.rule.clone(),
        severity: f.severity.clone(),
        severity_label: i18n::severity(lang, &f.severity),
        message: f.message(lang).to_owned(),
        location: tidy_location(f.location(lang), source),
        cells: cells.join(" "),
        text: f.text.as_ref().map(|(s, p, _, _)| format!("{s}:{p}")).unwrap_or_default(),
        lines: f.lines.iter().map(usize::to_string).collect::<Vec<_>>().join(" "),
        expected: f.expected.clone(),
        actual: f.actual.clone(),
        difference: f.difference.clone(),
        vals: [("expected", &f.expected), ("actual", &f.actual), ("difference", &f.difference)]
            .into_iter()
            .filter_map(|(k, v)| Some((i18n::t(lang, k), v.clone()?)))
            .collect(),
    }
}

fn finding_of_report(f: &yusuan_check::Finding, lang: Lang) -> FindingView {
    let s = yusuan_store::StoredFinding::of(f, 0, "", 0);
    finding_view(&s, lang, None)
}

/// JSON for a `<script type="application/json">` block: `<` escaped so no `</script>` can end it.
fn script_json<T: Serialize>(v: &T) -> Value {
    let json = serde_json::to_string(v).unwrap_or_else(|_| "null".into()).replace('<', "\\u003c");
    Value::from_safe_string(json)
}

fn parse_id(s: &str) -> Result<i64, AppError> {
    s.parse().map_err(|_| AppError::not_found(format!("没有版本 {s}"), format!("no version {s}")))
}

async fn version_or_404(app: &Arc<App>, id: i64) -> Result<Version, AppError> {
    db(app, move |s| Ok(s.version(id)?))
        .await?
        .ok_or_else(|| AppError::not_found(format!("没有版本 {id}"), format!("no version {id}")))
}

// ---------------------------------------------------------------------------------------------------------
// Overview.

#[derive(Serialize)]
struct OrgRow {
    organisation: i64,
    name: String,
    parent: Option<String>,
    region: String,
    /// Latest version id.
    latest: i64,
    cells: Vec<Option<VersionView>>,
}

async fn overview(ctx: Ctx) -> Response {
    let r = cached(&ctx, "overview", 0, async || {
        let (versions, totals) = db(&ctx.app, |s| {
            let versions = s.list()?;
            let q = yusuan_store::Query::parse("", "region|year").map_err(AppError::internal)?;
            Ok((versions, s.aggregate(&q)?))
        })
        .await?;
        let packages: Vec<&Version> = versions.iter().filter(|v| v.kind == "package" && v.current).collect();
        let years: Vec<i32> = packages.iter().map(|v| v.year).collect::<BTreeSet<_>>().into_iter().rev().collect();
        // Departments, each followed by its units.
        let mut orgs: BTreeMap<(String, String, u8, String), Vec<&Version>> = BTreeMap::new();
        for v in &packages {
            let (dept, is_unit) = match &v.parent {
                Some(p) => (p.clone(), 1),
                None => (v.department.clone(), 0),
            };
            orgs.entry((v.region.clone(), dept, is_unit, v.department.clone())).or_default().push(v);
        }
        let rows: Vec<OrgRow> = orgs
            .into_values()
            .map(|vs| {
                let first = vs[0];
                OrgRow {
                    organisation: first.organisation,
                    name: first.department.clone(),
                    parent: first.parent.clone(),
                    region: first.region.clone(),
                    latest: vs.iter().max_by_key(|v| (v.year, v.id)).map_or(first.id, |v| v.id),
                    cells: years.iter().map(|y| vs.iter().find(|v| v.year == *y).map(|v| version_view(v))).collect(),
                }
            })
            .collect();
        let documents: Vec<VersionView> = versions.iter().filter(|v| v.kind == "document").map(version_view).collect();
        let district: Vec<(String, String, String, i64)> = totals
            .cells
            .iter()
            .map(|c| {
                (
                    c.keys.first().cloned().unwrap_or_default(),
                    c.keys.get(1).cloned().unwrap_or_default(),
                    wan(c.amount_fen),
                    c.count,
                )
            })
            .collect();
        let orgs_n = versions.iter().map(|v| v.organisation).collect::<BTreeSet<_>>().len();
        let data = data! {
            years => years, rows => rows, documents => documents, district => district,
            n_organisations => orgs_n, n_versions => versions.len(), n_documents => documents.len(),
        };
        ctx.page("overview.html", i18n::t(ctx.lang, "overview_title"), "overview", data)
    })
    .await;
    cached_response(&ctx, r)
}

// ---------------------------------------------------------------------------------------------------------
// A department-year.

async fn version_page(ctx: Ctx, Path(id): Path<String>) -> Response {
    let id = match parse_id(&id) {
        Ok(id) => id,
        Err(e) => return ctx.error(e),
    };
    let r = cached(&ctx, "version", id, async || {
        let v = version_or_404(&ctx.app, id).await?;
        let lang = ctx.lang;
        let vv = version_view(&v);
        let title = format!(
            "{} {} {}",
            v.department,
            v.year,
            i18n::t(lang, if v.kind == "package" { "package" } else { "document" })
        );
        if v.kind == "document" {
            let (doc, findings) = db(&ctx.app, move |s| {
                let d = s.document(id)?;
                let f = s.findings(&FindingFilter { version: Some(id), ..Default::default() })?;
                Ok((d, f))
            })
            .await?;
            let ext = doc.name.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
            // A text document is shown line by line, so that findings can mark the lines they name.
            let text: Option<Vec<String>> = (ext == "txt").then(|| {
                let text = match yusuan_ingest::encoding::decode(&doc.bytes, &doc.name, None) {
                    Ok((t, _)) => t.into_owned(),
                    Err(_) => String::from_utf8_lossy(&doc.bytes).into_owned(),
                };
                text.lines().map(str::to_owned).collect()
            });
            let findings: Vec<FindingView> = findings.iter().map(|f| finding_view(f, lang, None)).collect();
            let data = data! {
                v => vv, findings => findings, doc_name => doc.name, doc_ext => ext, doc_text => text,
                doc_template => doc.template, chart_data => Value::from(()),
            };
            return ctx.page("version.html", &title, "overview", data);
        }
        let organisation = v.organisation;
        let source = v.source.clone();
        let department_level = v.parent.is_none();
        let department = v.department.clone();
        let (published, findings, others) = db(&ctx.app, move |s| {
            let p = s.package(id)?;
            let f = s.findings(&FindingFilter { version: Some(id), ..Default::default() })?;
            let mut others: charts::YearTotals = s
                .list()?
                .into_iter()
                .filter(|o| o.organisation == organisation && o.kind == "package" && o.current && o.id != id)
                .map(|o| (o.year, o.total_fen, None, None))
                .collect();
            if department_level && !others.is_empty() {
                // The basic / project split of the other years, from the aggregate.
                let cut = format!("department:{department}");
                if let Ok(q) = yusuan_store::Query::parse(&cut, "year|kind") {
                    let a = s.aggregate(&q)?;
                    for (y, _, basic, project) in &mut others {
                        let ys = y.to_string();
                        let of = |is_project: bool| -> i64 {
                            a.cells
                                .iter()
                                .filter(|c| c.keys.first() == Some(&ys))
                                .filter(|c| (c.keys.get(1).map(String::as_str) == Some("项目")) == is_project)
                                .map(|c| c.amount_fen)
                                .sum()
                        };
                        *basic = Some(of(false));
                        *project = Some(of(true));
                    }
                }
            }
            Ok((p, f, others))
        })
        .await?;
        let chart_data = charts::chart_data(&published, &others, lang);
        let findings: Vec<FindingView> = findings.iter().map(|f| finding_view(f, lang, Some(&source))).collect();
        let data = data! { v => vv, findings => findings, chart_data => script_json(&chart_data) };
        ctx.page("version.html", &title, "overview", data)
    })
    .await;
    cached_response(&ctx, r)
}

async fn version_document(ctx: Ctx, Path(id): Path<String>) -> Response {
    let id = match parse_id(&id) {
        Ok(id) => id,
        Err(e) => return ctx.error(e),
    };
    let v = match version_or_404(&ctx.app, id).await {
        Ok(v) => v,
        Err(e) => return ctx.error(e),
    };
    if v.kind == "document" {
        // A stored published document as it was uploaded; HTML in a sandbox of its own (no scripts, no
        // access to this site).
        return match db(&ctx.app, move |s| Ok(s.document(id)?)).await {
            Ok(doc) => {
                let mut resp = ([(header::CONTENT_TYPE, content_type_of(&doc.name))], doc.bytes).into_response();
                resp.headers_mut().insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static("sandbox"));
                resp
            }
            Err(e) => ctx.error(e),
        };
    }
    let r = cached(&ctx, "document", id, async || {
        let p = db(&ctx.app, move |s| Ok(s.package(id)?)).await?;
        Ok(yusuan_render::html_addressed(&p.derived.document))
    })
    .await;
    match r {
        Ok(page) => {
            let mut resp = Html(page).into_response();
            // Our own document: no scripts in it; the page around it (same origin) marks the findings.
            resp.headers_mut().insert(
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static("sandbox allow-same-origin; script-src 'none'; object-src 'none'"),
            );
            resp
        }
        Err(e) => ctx.error(e),
    }
}

async fn version_download(ctx: Ctx, Path(id): Path<String>) -> Response {
    let id = match parse_id(&id) {
        Ok(id) => id,
        Err(e) => return ctx.error(e),
    };
    let r = async {
        let v = version_or_404(&ctx.app, id).await?;
        if v.kind != "document" {
            return Err(AppError::not_found("该版本是预算包，没有原始文件", "a package version has no document file"));
        }
        db(&ctx.app, move |s| Ok(s.document(id)?)).await
    }
    .await;
    match r {
        Ok(doc) => download(doc.bytes, &doc.name, content_type_of(&doc.name)),
        Err(e) => ctx.error(e),
    }
}

fn content_type_of(name: &str) -> &'static str {
    match name.rsplit('.').next().map(|e| e.to_ascii_lowercase()).as_deref() {
        Some("xlsx") => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        Some("html" | "htm") => "text/html; charset=utf-8",
        Some("csv") => "text/csv; charset=utf-8",
        Some("pdf") => "application/pdf",
        _ => "text/plain; charset=utf-8",
    }
}

/// A download: `Content-Disposition: attachment` with the name in RFC 5987 form (Chinese names).
fn download(bytes: Vec<u8>, name: &str, content_type: &'static str) -> Response {
    let ascii: String =
        name.chars().map(|c| if c.is_ascii_alphanumeric() || ".-_".contains(c) { c } else { '_' }).collect();
    let encoded: String = name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b".-_".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") }
        })
        .collect();
    // A PDF opens in the browser's viewer (the document page shows it in a frame); the rest download.
    let how = if content_type == "application/pdf" { "inline" } else { "attachment" };
    let disposition = format!("{how}; filename=\"{ascii}\"; filename*=UTF-8''{encoded}");
    let mut headers = HeaderMap::new();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    (headers, bytes).into_response()
}

// ---------------------------------------------------------------------------------------------------------
// Findings browser.

#[derive(Deserialize, Default, Serialize, Clone)]
#[serde(default)]
struct FindingsQuery {
    rule: String,
    severity: String,
    department: String,
    year: String,
    version: String,
    limit: String,
}

impl FindingsQuery {
    fn filter(&self, max: usize) -> Result<FindingFilter, AppError> {
        let some = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_owned());
        let year = match some(&self.year) {
            Some(y) => Some(y.parse().map_err(|_| {
                AppError::bad_request(format!("年度“{y}”不是数字"), format!("year “{y}” is not a number"))
            })?),
            None => None,
        };
        let version = match some(&self.version) {
            Some(v) => Some(v.parse().map_err(|_| {
                AppError::bad_request(format!("版本“{v}”不是数字"), format!("version “{v}” is not a number"))
            })?),
            None => None,
        };
        let severity = some(&self.severity);
        if let Some(s) = &severity
            && !["error", "warning", "info"].contains(&s.as_str())
        {
            return Err(AppError::bad_request(
                format!("严重程度“{s}”应为 error / warning / info"),
                format!("severity “{s}”: error, warning or info"),
            ));
        }
        let limit = some(&self.limit).and_then(|l| l.parse().ok()).unwrap_or(max).min(max);
        Ok(FindingFilter {
            version,
            rule: some(&self.rule),
            severity,
            department: some(&self.department),
            year,
            current_only: version.is_none(),
            limit: Some(limit),
        })
    }
}

async fn findings_page(ctx: Ctx, Query(q): Query<FindingsQuery>) -> Response {
    let r = async {
        let filter = q.filter(1000)?;
        let (findings, versions) = db(&ctx.app, move |s| Ok((s.findings(&filter)?, s.list()?))).await?;
        let departments: BTreeSet<String> = versions.iter().map(|v| v.department.clone()).collect();
        let years: BTreeSet<i32> = versions.iter().map(|v| v.year).collect();
        let sources: BTreeMap<i64, &str> = versions.iter().map(|v| (v.id, v.source.as_str())).collect();
        let rows: Vec<FindingView> =
            findings.iter().map(|f| finding_view(f, ctx.lang, sources.get(&f.version).copied())).collect();
        let data = data! {
            q => q, findings => rows, departments => departments, years => years.into_iter().rev().collect::<Vec<_>>(),
        };
        ctx.page("findings.html", i18n::t(ctx.lang, "findings_title"), "findings", data)
    }
    .await;
    ctx.html(r)
}

// ---------------------------------------------------------------------------------------------------------
// Compare two versions of an organisation.

#[derive(Deserialize, Default, Serialize)]
#[serde(default)]
struct CompareQuery {
    org: String,
    a: String,
    b: String,
}

#[derive(Serialize)]
struct CompareRow {
    code: String,
    name: String,
    a: String,
    b: String,
    change: String,
    rate: String,
    negative: bool,
}

fn compare_rows(
    a: &BTreeMap<String, (String, i64)>,
    b: &BTreeMap<String, (String, i64)>,
    total_label: &str,
    a_total: Option<i64>,
) -> Vec<CompareRow> {
    let codes: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    // A code absent from one side is 0 there when that side has any figures; unknown (—) otherwise.
    let (a_known, b_known) = (!a.is_empty(), !b.is_empty());
    let row = |code: String, name: String, x: Option<i64>, y: Option<i64>| {
        let x = x.or(a_known.then_some(0));
        let y = y.or(b_known.then_some(0));
        let both = x.zip(y);
        CompareRow {
            code,
            name,
            a: x.map(wan).unwrap_or_else(|| "—".into()),
            b: y.map(wan).unwrap_or_else(|| "—".into()),
            change: both.map(|(x, y)| wan(y - x)).unwrap_or_else(|| "—".into()),
            rate: both
                .and_then(|(x, y)| Ratio::growth(Amount::from_fen(y), Amount::from_fen(x)))
                .map(|r| format!("{}%", r.percent(2).format()))
                .unwrap_or_else(|| "—".into()),
            negative: both.is_some_and(|(x, y)| y < x),
        }
    };
    let mut rows: Vec<CompareRow> = codes
        .into_iter()
        .map(|c| {
            let name = a.get(c).or(b.get(c)).map(|(n, _)| n.clone()).unwrap_or_default();
            row(c.clone(), name, a.get(c).map(|v| v.1), b.get(c).map(|v| v.1))
        })
        .collect();
    let sum = |m: &BTreeMap<String, (String, i64)>| (!m.is_empty()).then(|| m.values().map(|v| v.1).sum::<i64>());
    rows.push(row(String::new(), total_label.to_owned(), sum(a).or(a_total), sum(b)));
    rows
}

/// Class sums of a package: (functional 类, economic 类), code → (name, 分).
type ClassSums = (BTreeMap<String, (String, i64)>, BTreeMap<String, (String, i64)>);

fn class_sums(p: &yusuan_publish::Published) -> ClassSums {
    use yusuan_model::Scheme;
    let cat = &p.package.catalog;
    let mut f: BTreeMap<String, (String, i64)> = BTreeMap::new();
    let mut e: BTreeMap<String, (String, i64)> = BTreeMap::new();
    for l in &p.package.budget.line_items {
        let fc = l.functional.class().code();
        let ec = l.economic.class().code();
        f.entry(fc.as_str().to_owned())
            .or_insert_with(|| (cat.name(Scheme::Functional, fc).unwrap_or("").to_owned(), 0))
            .1 += l.amount.fen();
        e.entry(ec.as_str().to_owned())
            .or_insert_with(|| (cat.name(Scheme::Economic, ec).unwrap_or("").to_owned(), 0))
            .1 += l.amount.fen();
    }
    (f, e)
}

/// The prior-year class sums a package states (its `prior_year.items`: functional codes 2xx, economic 3xx / 5xx).
fn prior_sums(p: &yusuan_publish::Published) -> ClassSums {
    use yusuan_model::{Code, Level, Scheme};
    let cat = &p.package.catalog;
    let mut f: BTreeMap<String, (String, i64)> = BTreeMap::new();
    let mut e: BTreeMap<String, (String, i64)> = BTreeMap::new();
    for item in &p.package.budget.prior_year.items {
        let scheme = if item.code.starts_with('2') { Scheme::Functional } else { Scheme::Economic };
        let Some(code) = Code::parse(&item.code, scheme) else { continue };
        // Only the class level, so that nested items are not counted twice.
        if code.level() != Level::Class {
            continue;
        }
        let target = if scheme == Scheme::Functional { &mut f } else { &mut e };
        target
            .entry(code.as_str().to_owned())
            .or_insert_with(|| (cat.name(scheme, code).unwrap_or("").to_owned(), 0))
            .1 += item.amount.fen();
    }
    (f, e)
}

async fn compare_page(ctx: Ctx, Query(q): Query<CompareQuery>) -> Response {
    let r = async {
        let versions = db(&ctx.app, |s| Ok(s.list()?)).await?;
        let packages: Vec<&Version> = versions.iter().filter(|v| v.kind == "package").collect();
        let orgs: BTreeMap<i64, String> = packages.iter().map(|v| (v.organisation, v.department.clone())).collect();
        let org_id = if q.org.is_empty() {
            packages.first().map(|v| v.organisation)
        } else {
            q.org
                .parse::<i64>()
                .ok()
                .filter(|id| orgs.contains_key(id))
                .or_else(|| packages.iter().find(|v| v.department == q.org).map(|v| v.organisation))
        };
        let Some(org_id) = org_id else {
            if q.org.is_empty() {
                let data = data! { q => q, orgs => orgs, choices => Vec::<VersionView>::new() };
                return ctx.page("compare.html", i18n::t(ctx.lang, "compare_title"), "compare", data);
            }
            return Err(AppError::not_found(format!("没有部门“{}”", q.org), format!("no organisation “{}”", q.org)));
        };
        let mut mine: Vec<&Version> = packages.iter().copied().filter(|v| v.organisation == org_id).collect();
        mine.sort_by_key(|v| (v.year, v.id));
        let pick = |s: &str| -> Result<Option<i64>, AppError> {
            if s.is_empty() {
                return Ok(None);
            }
            let id: i64 = s.parse().map_err(|_| {
                AppError::bad_request(format!("版本“{s}”不是数字"), format!("version “{s}” is not a number"))
            })?;
            // A version id of the organisation, or a year (its current version).
            mine.iter()
                .find(|v| v.id == id)
                .or_else(|| mine.iter().rev().find(|v| i64::from(v.year) == id && v.current))
                .map(|v| Some(v.id))
                .ok_or_else(|| {
                    AppError::not_found(format!("该部门没有版本 {id}"), format!("the organisation has no version {id}"))
                })
        };
        let current: Vec<&&Version> = mine.iter().filter(|v| v.current).collect();
        let b = pick(&q.b)?.or_else(|| current.last().map(|v| v.id));
        let a = pick(&q.a)?.or_else(|| current.iter().rev().find(|v| Some(v.id) != b).map(|v| v.id));
        let Some(b) = b else {
            return Err(AppError::not_found("该部门没有预算包", "the organisation has no package"));
        };
        let (pa, pb) = db(&ctx.app, move |s| Ok((a.map(|a| s.package(a)).transpose()?, s.package(b)?))).await?;
        let (fb, eb) = class_sums(&pb);
        let by_prior = pa.is_none();
        let ((fa, ea), year_a) = match &pa {
            Some(p) => (class_sums(p), p.package.budget.meta.year),
            None => (prior_sums(&pb), pb.package.budget.prior_year.year),
        };
        let total = i18n::t(ctx.lang, "total");
        // Against the prior year: its stated total when it states no class figures.
        let py = &pb.package.budget.prior_year;
        let prior_total = match (py.basic, py.project) {
            (Some(x), Some(y)) => Some((x + y).fen()),
            _ => py.total.map(Amount::fen),
        };
        let a_total = if by_prior { prior_total } else { None };
        let functional = compare_rows(&fa, &fb, total, a_total);
        let economic = compare_rows(&ea, &eb, total, a_total);
        let data = data! {
            q => q, orgs => orgs, org => org_id, a => a, b => b, by_prior => by_prior,
            year_a => year_a, year_b => pb.package.budget.meta.year,
            name => pb.package.budget.department.name.clone(),
            choices => mine.iter().map(|v| version_view(v)).collect::<Vec<_>>(),
            functional => functional, economic => economic,
        };
        ctx.page("compare.html", i18n::t(ctx.lang, "compare_title"), "compare", data)
    }
    .await;
    ctx.html(r)
}

// ---------------------------------------------------------------------------------------------------------
// District consolidation.

#[derive(Deserialize, Default, Serialize)]
#[serde(default)]
struct DistrictQuery {
    region: String,
    year: String,
}

#[derive(Serialize)]
struct AggRow {
    key: String,
    label: String,
    amount: String,
    count: i64,
}

fn agg_rows(a: &yusuan_store::Aggregate) -> Vec<AggRow> {
    a.cells
        .iter()
        .map(|c| AggRow {
            key: c.keys.join(" / "),
            label: c.labels.join(" / "),
            amount: wan(c.amount_fen),
            count: c.count,
        })
        .collect()
}

async fn district_page(ctx: Ctx, Query(q): Query<DistrictQuery>) -> Response {
    let r = async {
        let versions = db(&ctx.app, |s| Ok(s.list()?)).await?;
        let regions: BTreeSet<String> =
            versions.iter().filter(|v| v.kind == "package" && !v.region.is_empty()).map(|v| v.region.clone()).collect();
        let years: BTreeSet<i32> = versions.iter().filter(|v| v.kind == "package").map(|v| v.year).collect();
        // By default the region with the most current packages, and its latest year.
        let region = if q.region.is_empty() {
            let mut n: BTreeMap<&str, usize> = BTreeMap::new();
            for v in versions.iter().filter(|v| v.kind == "package" && v.current && !v.region.is_empty()) {
                *n.entry(&v.region).or_default() += 1;
            }
            n.iter().max_by_key(|(r, c)| (**c, std::cmp::Reverse(**r))).map(|(r, _)| (*r).to_owned()).unwrap_or_default()
        } else {
            q.region.clone()
        };
        let year: i32 = if q.year.is_empty() {
            versions
                .iter()
                .filter(|v| v.kind == "package" && v.region == region)
                .map(|v| v.year)
                .max()
                .unwrap_or(0)
        } else {
            q.year.parse().map_err(|_| AppError::bad_request(format!("年度“{}”不是数字", q.year), format!("year “{}” is not a number", q.year)))?
        };
        if !q.region.is_empty() && !regions.contains(&region) {
            return Err(AppError::not_found(format!("库中没有地区“{region}”"), format!("no region “{region}” in the store")));
        }
        let region_shown = region.clone();
        let cut = format!("region:{region}|year:{year}");
        let three_public_region = region.clone();
        let (functional, economic, departments, consolidation) = db(&ctx.app, move |s| {
            let agg = |d: &str| -> Result<yusuan_store::Aggregate, AppError> {
                let q = yusuan_store::Query::parse(&cut, d).map_err(|e| AppError::bad_request(e.clone(), e))?;
                Ok(s.aggregate(&q)?)
            };
            let f = agg("functional.1")?;
            let e = agg("economic.1")?;
            let d = agg("department")?;
            let c = s.consolidation(&region, year)?;
            Ok((f, e, d, c))
        })
        .await?;
        #[derive(Serialize)]
        struct Cons {
            department: String,
            version: i64,
            units: Vec<(String, String, Option<i64>, String, String, bool)>,
            unlisted: Vec<(String, String)>,
            findings: Vec<FindingView>,
        }
        let consolidation: Vec<Cons> = consolidation
            .iter()
            .map(|c| Cons {
                department: c.department.clone(),
                version: c.version,
                units: c
                    .units
                    .iter()
                    .map(|u| {
                        (
                            u.id.clone(),
                            u.name.clone(),
                            u.version,
                            wan(u.department_fen),
                            u.unit_fen.map(wan).unwrap_or_default(),
                            u.unit_fen.is_some_and(|f| f != u.department_fen),
                        )
                    })
                    .collect(),
                unlisted: c.unlisted.iter().map(|(n, f)| (n.clone(), wan(*f))).collect(),
                findings: c.findings.iter().map(|f| finding_view(f, ctx.lang, None)).collect(),
            })
            .collect();
        let three_public = db(&ctx.app, move |s| Ok(s.three_public(Some(&three_public_region), Some(year))?)).await?;
        let money = |f: Option<i64>| f.map(wan).unwrap_or_else(|| "—".into());
        let three_public: Vec<[String; 7]> = three_public
            .iter()
            .map(|r| {
                [
                    r.version.to_string(),
                    r.department.clone(),
                    money(r.abroad),
                    money(r.vehicle_purchase),
                    money(r.vehicle_running),
                    money(r.reception),
                    money(r.total),
                ]
            })
            .collect();
        let data = data! {
            three_public => three_public,
            region => q.region.clone(), year => year, regions => regions, years => years.into_iter().rev().collect::<Vec<_>>(),
            region_shown => region_shown,
            total => wan(functional.total_fen), count => functional.count,
            functional => agg_rows(&functional), economic => agg_rows(&economic), departments => agg_rows(&departments),
            consolidation => consolidation,
        };
        ctx.page("district.html", i18n::t(ctx.lang, "district_title"), "district", data)
    }
    .await;
    ctx.html(r)
}

// ---------------------------------------------------------------------------------------------------------
// Upload and audit.

async fn upload_page(ctx: Ctx) -> Response {
    ctx.html(ctx.page("upload.html", i18n::t(ctx.lang, "upload_title"), "upload", data! {}))
}

const EXTENSIONS: &[&str] = &["txt", "html", "htm", "xlsx", "pdf"];

async fn upload_post(ctx: Ctx, multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>) -> Response {
    let r = async {
        let mut multipart = multipart.map_err(|e| AppError::bad_request(format!("请求不是文件上传表单：{e}"), format!("not a file upload: {e}")))?;
        let too_big = || {
            AppError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!("文件太大：最大 {} MB", MAX_UPLOAD / 1024 / 1024),
                format!("the file is too large: at most {} MB", MAX_UPLOAD / 1024 / 1024),
            )
        };
        let mut file: Option<(String, Vec<u8>)> = None;
        let mut store = false;
        loop {
            let field = match multipart.next_field().await {
                Ok(Some(f)) => f,
                Ok(None) => break,
                Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => return Err(too_big()),
                Err(e) => return Err(AppError::bad_request(format!("上传的表单无法读取：{e}"), format!("unreadable upload: {e}"))),
            };
            match field.name() {
                Some("file") => {
                    let name = field.file_name().unwrap_or("").to_owned();
                    let bytes = field.bytes().await.map_err(|e| {
                        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                            too_big()
                        } else {
                            AppError::bad_request(format!("上传的文件无法读取：{e}"), format!("unreadable file: {e}"))
                        }
                    })?;
                    file = Some((name, bytes.to_vec()));
                }
                Some("store") => store = true,
                _ => {}
            }
        }
        let Some((name, bytes)) = file.filter(|(n, _)| !n.is_empty()) else {
            return Err(AppError::bad_request("请选择要上传的文件", "choose a file to upload"));
        };
        if bytes.len() > MAX_UPLOAD {
            return Err(too_big());
        }
        // Only the last path component, without control characters.
        let base: String = name.rsplit(['/', '\\']).next().unwrap_or("").chars().filter(|c| !c.is_control()).collect();
        let ext = base.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
        if !EXTENSIONS.contains(&ext.as_str()) {
            return Err(AppError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                format!("不支持的文件类型“{base}”：请上传文本（.txt）、网页（.html / .htm）、Excel（.xlsx）或 PDF（.pdf）文件"),
                format!("unsupported file “{base}”: upload text (.txt), HTML (.html / .htm), Excel (.xlsx) or PDF (.pdf)"),
            ));
        }
        if bytes.is_empty() {
            return Err(AppError::new(StatusCode::UNPROCESSABLE_ENTITY, format!("文件“{base}”是空的"), format!("the file “{base}” is empty")));
        }
        let app = ctx.app.clone();
        let base2 = base.clone();
        let result = tokio::task::spawn_blocking(move || -> Result<(yusuan_audit::DocAudit, Option<yusuan_store::Added>), AppError> {
            let dir = tempfile::Builder::new().prefix("yusuan-upload-").tempdir().map_err(|e| AppError::internal(e.to_string()))?;
            let path = dir.path().join(&base2);
            std::fs::write(&path, &bytes).map_err(|e| AppError::internal(e.to_string()))?;
            if store {
                let audit = yusuan_audit::pipeline::audit_file(&path, &app.catalog, &yusuan_check::Config::default());
                if audit.error.is_some() {
                    return Ok((audit, None));
                }
                let (added, audit) = app
                    .pool
                    .with(|s| s.add_document_file(&path))?
                    .map_err(|e| AppError::new(StatusCode::UNPROCESSABLE_ENTITY, format!("无法存入预算库：{e}"), format!("could not store it: {e}")))?;
                app.changed();
                Ok((audit, Some(added)))
            } else {
                Ok((yusuan_audit::pipeline::audit_file(&path, &app.catalog, &yusuan_check::Config::default()), None))
            }
        })
        .await
        .map_err(|e| AppError::internal(format!("audit: {e}")))??;
        let (audit, added) = result;
        if let Some(e) = &audit.error {
            return Err(AppError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                format!("无法读取“{base}”：{e}"),
                format!("could not read “{base}”: {e}"),
            ));
        }
        let lang = ctx.lang;
        let findings: Vec<FindingView> =
            audit.report.iter().flat_map(|r| r.findings.iter()).map(|f| finding_of_report(f, lang)).collect();
        let count = |s| audit.count(s);
        let data = data! {
            name => base,
            template => audit.template.clone(),
            tables => audit.tables.iter().map(|(title, id, role, rows, line)| (title, id, role, rows, line)).collect::<Vec<_>>(),
            unrecognised => audit.unrecognised.clone(),
            view_errors => audit.view_errors.clone(),
            findings => findings,
            errors => count(yusuan_check::Severity::Error),
            warnings => count(yusuan_check::Severity::Warning),
            infos => count(yusuan_check::Severity::Info),
            added => added.map(|a| a.id()),
            new => matches!(added, Some(yusuan_store::Added::New(_))),
        };
        ctx.page("upload_result.html", i18n::t(lang, "upload_result"), "upload", data)
    }
    .await;
    ctx.html(r)
}

// ---------------------------------------------------------------------------------------------------------
// API.

async fn api_page(ctx: Ctx) -> Response {
    let r = async {
        let versions = db(&ctx.app, |s| Ok(s.list()?)).await?;
        let example = versions.iter().find(|v| v.kind == "package" && v.current).map(version_view);
        ctx.page("api.html", i18n::t(ctx.lang, "api_title"), "api", data! { example => example })
    }
    .await;
    ctx.html(r)
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ApiQuery {
    cut: String,
    drilldown: String,
    format: String,
    lang: String,
}

fn json_error(status: StatusCode, msg: &str) -> Response {
    (status, axum::Json(serde_json::json!({ "error": msg }))).into_response()
}

async fn api_query(State(app): State<Arc<App>>, Query(q): Query<ApiQuery>) -> Response {
    let query = match yusuan_store::Query::parse(&q.cut, &q.drilldown) {
        Ok(query) => query,
        Err(e) => return json_error(StatusCode::BAD_REQUEST, &e),
    };
    let key = (app.generation(), q.cut.clone(), q.drilldown.clone());
    let agg = match app.queries.get(&key) {
        Some(a) => a,
        None => match db(&app, move |s| Ok(s.aggregate(&query)?)).await {
            Ok(a) => {
                let a = Arc::new(a);
                app.queries.put(key, a.clone());
                a
            }
            Err(e) => return json_error(e.status, &e.zh),
        },
    };
    let lang = i18n::parse(&q.lang).unwrap_or(app.lang);
    let stem = if agg.drilldown.is_empty() {
        "yusuan-query".to_owned()
    } else {
        format!("yusuan-{}", agg.drilldown.join("-"))
    };
    match q.format.as_str() {
        "" | "json" => axum::Json(&*agg).into_response(),
        "csv" => download(
            yusuan_store::aggregate_csv(&agg, lang).into_bytes(),
            &format!("{stem}.csv"),
            "text/csv; charset=utf-8",
        ),
        "xlsx" => match yusuan_store::aggregate_xlsx(&agg, lang) {
            Ok(bytes) => download(
                bytes,
                &format!("{stem}.xlsx"),
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ),
            Err(e) => json_error(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()),
        },
        other => json_error(StatusCode::BAD_REQUEST, &format!("format “{other}”: json, csv or xlsx")),
    }
}

async fn api_versions(State(app): State<Arc<App>>) -> Response {
    match db(&app, |s| Ok(s.list()?)).await {
        Ok(v) => axum::Json(v).into_response(),
        Err(e) => json_error(e.status, &e.zh),
    }
}

/// `/api/three-public?region=&year=`: the 三公 of every current department version, from its own table.
async fn api_three_public(State(app): State<Arc<App>>, Query(q): Query<DistrictQuery>) -> Response {
    let year = match q.year.as_str() {
        "" => None,
        y => match y.parse() {
            Ok(y) => Some(y),
            Err(_) => return json_error(StatusCode::BAD_REQUEST, &format!("年度“{y}”不是数字")),
        },
    };
    let region = Some(q.region.clone()).filter(|r| !r.is_empty());
    match db(&app, move |s| Ok(s.three_public(region.as_deref(), year)?)).await {
        Ok(rows) => axum::Json(rows).into_response(),
        Err(e) => json_error(e.status, &e.zh),
    }
}

async fn api_findings(State(app): State<Arc<App>>, Query(q): Query<FindingsQuery>) -> Response {
    let filter = match q.filter(100_000) {
        Ok(f) => f,
        Err(e) => return json_error(e.status, &e.zh),
    };
    match db(&app, move |s| Ok(s.findings(&filter)?)).await {
        Ok(f) => axum::Json(f).into_response(),
        Err(e) => json_error(e.status, &e.zh),
    }
}
