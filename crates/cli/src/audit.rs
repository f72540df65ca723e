//! `yusuan audit`: read published disclosures (text, HTML, XLSX), recognise
//! their template and tables, read the figures of their narrative, and run the
//! same rules as `yusuan check` over what they state.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use yusuan_check::{Claim, ClaimValue, Config, Input, Lang, Location, Paragraph, Report, Severity, TextRef};
use yusuan_ingest::narrative::{Narrative, StatedValue};
use yusuan_model::{Catalog, Figure, FigureUnit};

/// One audited document.
pub struct DocAudit {
    pub path: PathBuf,
    pub template: Option<String>,
    /// Recognised tables: title as printed, template table id, role, rows, first line.
    pub tables: Vec<(String, String, String, usize, usize)>,
    /// Tables or blocks not matched: title (or "(无标题)") and line.
    pub unrecognised: Vec<(String, usize)>,
    /// Tables recognised whose body could not be read, with why.
    pub view_errors: Vec<String>,
    pub report: Option<Report>,
    /// Why the document could not be read at all.
    pub error: Option<String>,
}

impl DocAudit {
    pub fn count(&self, s: Severity) -> usize {
        self.report.as_ref().map_or(0, |r| r.count(s))
    }
}

/// The files to audit: files as given, directories walked for .txt / .html / .htm / .xlsx.
pub fn collect(paths: &[PathBuf]) -> Vec<PathBuf> {
    fn walk(p: &Path, out: &mut Vec<PathBuf>) {
        if p.is_dir() {
            let mut entries: Vec<PathBuf> =
                std::fs::read_dir(p).into_iter().flatten().flatten().map(|e| e.path()).collect();
            entries.sort();
            for e in entries {
                let ok = e.is_dir()
                    || e.extension()
                        .and_then(|x| x.to_str())
                        .is_some_and(|x| matches!(x.to_ascii_lowercase().as_str(), "txt" | "html" | "htm" | "xlsx"));
                if ok {
                    walk(&e, out);
                }
            }
        } else {
            out.push(p.to_owned());
        }
    }
    let mut out = Vec::new();
    for p in paths {
        walk(p, &mut out);
    }
    out
}

/// The year of a document: the first `20xx 年` in a recognised table title or its first lines.
fn year_of(doc: &yusuan_ingest::TextDocument, titles: &[String]) -> Option<i32> {
    let find = |s: &str| -> Option<i32> {
        let chars: Vec<char> = s.chars().collect();
        (0..chars.len().saturating_sub(4)).find_map(|i| {
            let y: String = chars[i..i + 4].iter().collect();
            let after = chars[i + 4..].iter().find(|c| !c.is_whitespace());
            (y.starts_with("20") && y.bytes().all(|b| b.is_ascii_digit()) && after == Some(&'年'))
                .then(|| y.parse().ok())?
        })
    };
    titles.iter().find_map(|t| find(t)).or_else(|| doc.lines.iter().take(20).find_map(|l| find(l)))
}

fn figure_of(v: &StatedValue) -> ClaimValue {
    match v {
        StatedValue::Money { mantissa, decimals, unit } => {
            ClaimValue::Money(Figure { mantissa: *mantissa, decimals: *decimals, unit: FigureUnit::Money(*unit) })
        }
        StatedValue::Percent { mantissa, decimals } => {
            ClaimValue::Percent(Figure { mantissa: *mantissa, decimals: *decimals, unit: FigureUnit::Percent })
        }
        StatedValue::Word(w) => ClaimValue::Word(w.clone()),
    }
}

/// The paragraphs and claims of a read narrative, as check input.
fn narrative_input(n: &Narrative) -> (Vec<Paragraph>, Vec<Claim>) {
    let paragraphs: Vec<Paragraph> = n
        .paragraphs
        .iter()
        .map(|p| Paragraph {
            section: p.section.clone(),
            heading: p.heading.clone(),
            index: p.index,
            text: p.text.clone(),
            line: Some(p.line),
        })
        .collect();
    let claims = n
        .figures
        .iter()
        .filter_map(|f| {
            let p = paragraphs.get(f.paragraph)?;
            let location = Location::Text {
                text: TextRef { section: p.section.clone(), paragraph: p.index, start: f.start, end: f.end },
                heading: p.heading.clone(),
                excerpt: f.text.clone(),
                line: p.line,
            };
            Some(Claim {
                key: f.key.clone(),
                text: f.text.clone(),
                value: figure_of(&f.value),
                label: f.label.clone(),
                location,
            })
        })
        .collect();
    let body = n.paragraphs.iter().zip(paragraphs).filter(|(np, _)| !np.in_tables_part).map(|(_, p)| p).collect();
    (body, claims)
}

/// Audits one file.
pub fn audit_file(path: &Path, catalog: &Catalog, config: &Config) -> DocAudit {
    let mut audit = DocAudit {
        path: path.to_owned(),
        template: None,
        tables: Vec::new(),
        unrecognised: Vec::new(),
        view_errors: Vec::new(),
        report: None,
        error: None,
    };
    let doc = match yusuan_ingest::read_path(path) {
        Ok(d) => d,
        Err(e) => {
            audit.error = Some(e.to_string());
            return audit;
        }
    };
    let rec = yusuan_ingest::recognize::recognize(&doc);
    let views = yusuan_ingest::views::build_views(&doc, &rec);
    let narrative = yusuan_ingest::narrative::read_narrative(&doc, catalog);
    audit.template = rec.template.clone();
    audit.tables =
        rec.tables.iter().map(|t| (t.title.clone(), t.table.clone(), t.role.clone(), t.rows, t.line)).collect();
    audit.unrecognised =
        rec.unrecognised.iter().map(|u| (u.title.clone().unwrap_or_else(|| "(无标题)".into()), u.line)).collect();
    audit.view_errors =
        views.errors.iter().map(|e| format!("《{}》第 {} 行：{}", e.title, e.line, e.message)).collect();
    let titles: Vec<String> = audit.tables.iter().map(|t| t.0.clone()).collect();
    let (paragraphs, claims) = narrative_input(&narrative);
    let mut input = Input::empty(catalog);
    input.year = year_of(&doc, &titles);
    input.template = rec.template.clone();
    input.tables = views.tables;
    input.forms = views.forms;
    input.claims = claims;
    input.paragraphs = paragraphs;
    input.package_dir = Some(path.display().to_string());
    audit.report = Some(yusuan_check::run(&input, config));
    audit
}

/// Audits files on `jobs` threads, calling `progress` after each; results in input order.
pub fn audit_all(
    files: &[PathBuf],
    catalog: &Catalog,
    config: &Config,
    jobs: usize,
    progress: &(dyn Fn() + Sync),
) -> Vec<DocAudit> {
    let next = AtomicUsize::new(0);
    let mut results: Vec<(usize, DocAudit)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..jobs.max(1).min(files.len().max(1)))
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(f) = files.get(i) else { break };
                        mine.push((i, audit_file(f, catalog, config)));
                        progress();
                    }
                    mine
                })
            })
            .collect();
        handles.into_iter().flat_map(|h| h.join().expect("an audit thread panicked")).collect()
    });
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, a)| a).collect()
}

/// The JSON interface: one object per document.
pub fn json(audits: &[DocAudit], lang: Lang) -> String {
    let docs: Vec<serde_json::Value> = audits
        .iter()
        .map(|a| {
            serde_json::json!({
                "path": a.path.display().to_string(),
                "template": a.template,
                "tables": a.tables.iter().map(|(title, id, role, rows, line)| serde_json::json!({
                    "title": title, "id": id, "role": role, "rows": rows, "line": line,
                })).collect::<Vec<_>>(),
                "unrecognised": a.unrecognised.iter().map(|(title, line)| serde_json::json!({"title": title, "line": line})).collect::<Vec<_>>(),
                "view_errors": a.view_errors,
                "error": a.error,
                "findings": a.report.as_ref().map_or(Vec::new(), |r| r.findings.iter().map(|f| yusuan_check::report::finding_json(f, lang)).collect()),
                "summary": {
                    "errors": a.count(Severity::Error),
                    "warnings": a.count(Severity::Warning),
                    "infos": a.count(Severity::Info),
                },
            })
        })
        .collect();
    serde_json::to_string_pretty(&serde_json::json!({ "documents": docs })).expect("serializes") + "\n"
}

/// Summary rows: document, template, tables recognised / unrecognised, errors, warnings, infos.
pub fn summary_rows(audits: &[DocAudit]) -> Vec<Vec<String>> {
    audits
        .iter()
        .map(|a| {
            vec![
                a.path.file_name().map_or_else(|| a.path.display().to_string(), |n| n.to_string_lossy().into_owned()),
                a.template
                    .clone()
                    .unwrap_or_else(|| if a.error.is_some() { "无法读取".into() } else { "未识别".into() }),
                a.tables.len().to_string(),
                a.unrecognised.len().to_string(),
                a.count(Severity::Error).to_string(),
                a.count(Severity::Warning).to_string(),
                a.count(Severity::Info).to_string(),
            ]
        })
        .collect()
}

pub const SUMMARY_HEADERS: [&str; 7] = ["文档", "模板", "识别表数", "未识别", "错误", "警告", "提示"];

/// The text report: per document its tables and findings, then the summary table.
pub fn text(audits: &[DocAudit], lang: Lang, color: bool) -> String {
    let mut out = String::new();
    let source = |file: &str, line: usize| -> Option<String> {
        let doc = yusuan_ingest::read_path(Path::new(file)).ok()?;
        doc.line(line).map(str::to_owned)
    };
    for a in audits {
        out.push_str(&format!("══ {} ══\n", a.path.display()));
        if let Some(e) = &a.error {
            out.push_str(&format!("无法读取 cannot read: {e}\n\n"));
            continue;
        }
        out.push_str(&format!(
            "模板 template: {}；识别 {} 张表，未识别 {} 个\n",
            a.template.as_deref().unwrap_or("未识别"),
            a.tables.len(),
            a.unrecognised.len()
        ));
        for (title, line) in &a.unrecognised {
            out.push_str(&format!("  未识别 unrecognised: {title}（第 {line} 行）\n"));
        }
        for e in &a.view_errors {
            out.push_str(&format!("  无法读取表体 unreadable table: {e}\n"));
        }
        out.push('\n');
        if let Some(r) = &a.report {
            let style = yusuan_check::report::TextStyle { color, source: Some(&source) };
            out.push_str(&yusuan_check::report::text_styled(r, lang, &style));
        }
        out.push('\n');
    }
    out.push_str(&format_table(&SUMMARY_HEADERS, &summary_rows(audits)));
    out
}

/// A plain aligned table (CJK characters count two columns).
fn format_table(headers: &[&str], rows: &[Vec<String>]) -> String {
    let width = |s: &str| s.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum::<usize>();
    let mut w: Vec<usize> = headers.iter().map(|h| width(h)).collect();
    for r in rows {
        for (i, c) in r.iter().enumerate() {
            w[i] = w[i].max(width(c));
        }
    }
    let line = |cells: Vec<&str>| {
        cells
            .iter()
            .enumerate()
            .map(|(i, c)| format!("{c}{}", " ".repeat(w[i] - width(c))))
            .collect::<Vec<_>>()
            .join("  ")
            + "\n"
    };
    let mut out = line(headers.to_vec());
    out.push_str(&(w.iter().map(|n| "─".repeat(*n)).collect::<Vec<_>>().join("  ") + "\n"));
    for r in rows {
        out.push_str(&line(r.iter().map(String::as_str).collect()));
    }
    out
}

/// Finding rows for CSV / XLSX: the document, then the columns of `yusuan check`.
pub fn finding_rows(audits: &[DocAudit], lang: Lang) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    for a in audits {
        let Some(r) = &a.report else { continue };
        let name = a.path.display().to_string();
        for row in yusuan_check::report::rows(r, lang) {
            rows.push(std::iter::once(name.clone()).chain(row).collect());
        }
    }
    rows
}
