//! Report formats: a compiler-like text report, JSON (a stable interface) and CSV.

use crate::Report;
use crate::finding::{Lang, Severity};

/// `(file, line)` → the text of that line.
pub type SourceLine<'a> = &'a dyn Fn(&str, usize) -> Option<String>;

/// How the text report looks: colours (for a terminal) and a way to quote the
/// source line a file location points at.
#[derive(Default)]
pub struct TextStyle<'a> {
    pub color: bool,
    pub source: Option<SourceLine<'a>>,
}

fn paint(on: bool, code: &str, s: &str) -> String {
    if on { format!("\x1b[{code}m{s}\x1b[0m") } else { s.to_owned() }
}

/// The compiler-like text report, grouped by severity (errors first).
pub fn text(report: &Report, lang: Lang) -> String {
    text_styled(report, lang, &TextStyle::default())
}

/// The text report with colours and quoted source lines.
pub fn text_styled(report: &Report, lang: Lang, style: &TextStyle) -> String {
    let mut out = String::new();
    for f in &report.findings {
        let color = match f.severity {
            Severity::Error => "1;31",
            Severity::Warning => "1;33",
            Severity::Info => "1;36",
        };
        let head = paint(style.color, color, &format!("{}[{}]", f.severity.label(lang), f.rule));
        out.push_str(&format!("{head}: {}\n", paint(style.color, "1", f.message.get(lang))));
        out.push_str(&format!("  {} {}\n", paint(style.color, "34", "-->"), f.location.describe(lang)));
        if let (crate::Location::File { file, line, .. }, Some(source)) = (&f.location, style.source)
            && let Some(text) = source(file, *line)
        {
            out.push_str(&format!("{:>5} {} {}\n", line, paint(style.color, "34", "|"), text.trim_end()));
        }
        if let (Some(e), Some(a)) = (&f.expected, &f.actual) {
            let (le, la, ld) = match lang {
                Lang::Zh => ("应为", "实为", "差额"),
                Lang::En => ("expected", "actual", "difference"),
            };
            out.push_str(&format!("   = {le} {e}，{la} {a}"));
            if let Some(d) = &f.difference {
                out.push_str(&format!("，{ld} {d}"));
            }
            out.push('\n');
        }
        for ev in f.evidence.iter().take(12) {
            out.push_str(&format!(
                "   {} {}：{}\n",
                paint(style.color, "34", "|"),
                ev.location.describe(lang),
                ev.quote
            ));
        }
        if f.evidence.len() > 12 {
            out.push_str(&format!("   | … {} more\n", f.evidence.len() - 12));
        }
        out.push('\n');
    }
    for o in &report.overrides {
        out.push_str(&format!("override: {} = {} ({})\n", o.rule, o.setting, o.scope));
    }
    let (e, w, i) = (report.count(Severity::Error), report.count(Severity::Warning), report.count(Severity::Info));
    out.push_str(&match lang {
        Lang::Zh => format!("共 {e} 个错误，{w} 个警告，{i} 个提示；{} 条规则因缺少输入而跳过\n", report.skipped.len()),
        Lang::En => {
            format!("{e} errors, {w} warnings, {i} infos; {} rules skipped for lack of input\n", report.skipped.len())
        }
    });
    out
}

/// The JSON report: `{ "findings": [ { rule, severity, message, location, expected, actual, difference, evidence } ], "skipped": [...], "overrides": [...] }`.
pub fn json(report: &Report, lang: Lang) -> String {
    serde_json::to_string_pretty(&json_value(report, lang)).expect("report serializes") + "\n"
}

/// The JSON report as a value (the audit embeds it per document).
pub fn json_value(report: &Report, lang: Lang) -> serde_json::Value {
    serde_json::json!({
        "findings": report.findings.iter().map(|f| finding_json(f, lang)).collect::<Vec<_>>(),
        "skipped": report.skipped,
        "overrides": report.overrides,
        "summary": {
            "errors": report.count(Severity::Error),
            "warnings": report.count(Severity::Warning),
            "infos": report.count(Severity::Info),
        }
    })
}

/// One finding in the JSON interface.
pub fn finding_json(f: &crate::Finding, lang: Lang) -> serde_json::Value {
    serde_json::json!({
        "rule": f.rule,
        "severity": f.severity,
        "message": f.message.get(lang),
        "location": f.location,
        "location_text": f.location.describe(lang),
        "expected": f.expected,
        "actual": f.actual,
        "difference": f.difference,
        "evidence": f.evidence,
    })
}

/// The column headers of tabular reports (CSV, XLSX).
pub fn headers(lang: Lang) -> [&'static str; 9] {
    match lang {
        Lang::Zh => ["规则", "级别", "类别", "说明", "位置", "应为", "实为", "差额", "依据"],
        Lang::En => {
            ["rule", "severity", "category", "message", "location", "expected", "actual", "difference", "evidence"]
        }
    }
}

/// One row per finding, in the order of [`headers`].
pub fn rows(report: &Report, lang: Lang) -> Vec<Vec<String>> {
    report
        .findings
        .iter()
        .map(|f| {
            let evidence: Vec<String> =
                f.evidence.iter().map(|e| format!("{}：{}", e.location.describe(lang), e.quote)).collect();
            let category = crate::rules::get(f.rule).map_or("", |r| r.info().category.label(lang));
            vec![
                f.rule.to_owned(),
                f.severity.label(lang).to_owned(),
                category.to_owned(),
                f.message.get(lang).to_owned(),
                f.location.describe(lang),
                f.expected.clone().unwrap_or_default(),
                f.actual.clone().unwrap_or_default(),
                f.difference.clone().unwrap_or_default(),
                evidence.join("；"),
            ]
        })
        .collect()
}

/// The CSV report (UTF-8 with BOM for Excel / WPS): one row per finding.
pub fn csv(report: &Report, lang: Lang) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(headers(lang)).expect("in-memory write");
    for row in rows(report, lang) {
        w.write_record(&row).expect("in-memory write");
    }
    let bytes = w.into_inner().expect("in-memory flush");
    format!("\u{feff}{}", String::from_utf8(bytes).expect("utf-8 in, utf-8 out"))
}

/// The rule catalogue as Markdown (the generated docs page `docs/rules.md`).
pub fn catalogue_markdown() -> String {
    use crate::finding::Category;
    let rules = crate::rules::all();
    let mut out = String::from(
        "# yusuan 规则目录 Rule catalogue\n\n<!-- Generated by `yusuan rules --format md`; do not edit. A test keeps it current. -->\n\n",
    );
    out.push_str(&format!("{} 条规则。每条规则有稳定编号、级别、类别，以及“检查什么 / 为什么重要 / 示例”，并有通过与不通过的测试样例（`crates/check/fixtures/<编号>/`）。\n\n", rules.len()));
    out.push_str("| 编号 id | 级别 severity | 类别 category | 规则 rule |\n|---|---|---|---|\n");
    for r in rules {
        let i = r.info();
        out.push_str(&format!(
            "| [{}](#{}) | {} | {} | {} — {} |\n",
            i.id,
            i.id.to_lowercase(),
            i.severity.id(),
            i.category.label(Lang::Zh),
            i.title,
            i.title_en
        ));
    }
    let categories = [
        Category::Identity,
        Category::CrossTable,
        Category::TextTable,
        Category::Classification,
        Category::Basis,
        Category::Performance,
        Category::Completeness,
        Category::Format,
        Category::Consolidation,
    ];
    for c in categories {
        let list: Vec<_> = rules.iter().filter(|r| r.info().category == c).collect();
        if list.is_empty() {
            continue;
        }
        out.push_str(&format!("\n## {} ({})\n", c.label(Lang::Zh), c.label(Lang::En)));
        for r in list {
            let i = r.info();
            out.push_str(&format!(
                "\n### {}\n\n**{}** — {} · 级别 `{}`\n\n",
                i.id,
                i.title,
                i.title_en,
                i.severity.id()
            ));
            out.push_str(&format!("- 检查什么：{}\n- 为什么重要：{}\n- 示例：{}\n", i.what, i.why, i.example));
            let needs: Vec<String> = i.needs.iter().map(|n| format!("{n:?}")).collect();
            out.push_str(&format!("- 需要的输入：{}\n", needs.join("、")));
        }
    }
    out
}
