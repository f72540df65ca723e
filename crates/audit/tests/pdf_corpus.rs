//! PDFs audit as their text does: for every corpus document whose source PDF
//! is at hand (`../shared/corpus/src_pdf/NNN_*.pdf`, the parts of a publication
//! read together, and 001–006 from `govbudgetchecker_samples/`), the audit of
//! the PDF and the audit of `NNN_*.txt` (made from the same PDF by another
//! converter) recognise the same template and tables and give the same findings
//! (rule and message; locations differ, lines are numbered differently, and
//! whitespace inside quoted text is not compared — see `compact`).
//!
//! The documents that match today are asserted to match; the others are listed
//! in [`EXCEPTIONS`] with why, and asserted still to read (no error) — a fix that
//! makes one match must move it out of the list.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use yusuan_audit::DocAudit;

fn shared() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared")
}

/// Documents whose PDF audit differs from their text audit, with why.
const EXCEPTIONS: &[(&str, &str)] = &[];

/// The PDFs of corpus document `n` (`"007"`), in order.
fn pdfs_of(corpus: &Path, n: &str) -> Vec<PathBuf> {
    let samples = corpus.join("govbudgetchecker_samples");
    let fixed = match n {
        "001" => Some("good/上海市普陀区财政局2024年度部门决算.pdf"),
        "002" => Some("bad/24年普陀区财政局（测试问题版本）.pdf"),
        "003" => Some("bad/上海市普陀区规划和自然资源局 2024 年度部门决算.pdf"),
        "004" => Some("bad/中共上海市普陀区委社会工作部 2024 年度部门决算.pdf"),
        "005" => Some("history_tmp/dept_budget.pdf"),
        "006" => Some("history_tmp/unit_budget.pdf"),
        _ => None,
    };
    if let Some(f) = fixed {
        return vec![samples.join(f)].into_iter().filter(|p| p.exists()).collect();
    }
    let mut v: Vec<PathBuf> =
        std::fs::read_dir(corpus.join("src_pdf")).map(|d| d.flatten().map(|e| e.path()).collect()).unwrap_or_default();
    v.retain(|p| {
        p.file_name().and_then(|f| f.to_str()).is_some_and(|f| f.starts_with(&format!("{n}_")) && f.ends_with(".pdf"))
    });
    v.sort();
    v
}

/// What must agree: template, recognised tables (role and template table), findings (rule, severity, message).
#[derive(Debug, PartialEq, Eq)]
struct Summary {
    error: Option<String>,
    template: Option<String>,
    tables: BTreeSet<(String, String)>,
    findings: BTreeSet<(String, String, String)>,
}

fn summary(a: &DocAudit) -> Summary {
    let findings = a
        .report
        .as_ref()
        .map(|r| {
            r.findings
                .iter()
                .map(|f| (f.rule.to_owned(), format!("{:?}", f.severity), compact(&f.message.zh)))
                .collect()
        })
        .unwrap_or_default();
    Summary {
        error: a.error.clone(),
        template: a.template.clone(),
        tables: a.tables.iter().map(|t| (t.2.clone(), t.1.clone())).collect(),
        findings,
    }
}

/// A message without whitespace: the two converters space narrative text
/// differently (a printed space, a gap between a figure and a Chinese character),
/// and messages quote the text.
fn compact(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Two messages say the same, up to where a quoted excerpt was cut: excerpts
/// are cut by characters, whitespace included, so without whitespace they cover
/// slightly different spans. Every `…`-separated fragment of one is in the other.
fn same_message(a: &str, b: &str) -> bool {
    let within = |x: &str, y: &str| x.split('…').filter(|f| !f.is_empty()).all(|f| y.contains(f));
    a == b || within(a, b) || within(b, a)
}

fn differences(pdf: &Summary, txt: &Summary) -> Vec<String> {
    let mut out = Vec::new();
    if pdf.error.is_some() {
        out.push(format!("error: {:?}", pdf.error));
    }
    if pdf.template != txt.template {
        out.push(format!("template {:?} vs {:?}", pdf.template, txt.template));
    }
    for t in pdf.tables.symmetric_difference(&txt.tables) {
        out.push(format!("table {} only in {}", t.0, if pdf.tables.contains(t) { "pdf" } else { "txt" }));
    }
    let mut only_txt: Vec<&(String, String, String)> = txt.findings.difference(&pdf.findings).collect();
    for f in pdf.findings.difference(&txt.findings) {
        match only_txt.iter().position(|t| t.0 == f.0 && t.1 == f.1 && same_message(&t.2, &f.2)) {
            Some(i) => {
                only_txt.remove(i);
            }
            None => out.push(format!("{} only in pdf: {}", f.0, f.2)),
        }
    }
    for t in only_txt {
        out.push(format!("{} only in txt: {}", t.0, t.2));
    }
    out
}

#[test]
fn pdf_audits_as_its_text() {
    let corpus = shared().join("corpus");
    if !corpus.exists() {
        assert!(std::env::var_os("CI").is_none(), "../shared/corpus is missing (CI is set)");
        eprintln!("skipped: ../shared/corpus not found");
        return;
    }
    let catalog = yusuan_model::Catalog::embedded();
    let config = yusuan_check::Config::default();
    let mut texts: Vec<PathBuf> = std::fs::read_dir(&corpus).unwrap().flatten().map(|e| e.path()).collect();
    texts.retain(|p| p.extension().is_some_and(|x| x == "txt"));
    texts.sort();
    let mut failures = Vec::new();
    let mut report = Vec::new();
    for txt in texts {
        let name = txt.file_name().unwrap().to_string_lossy().into_owned();
        let n = &name[..3];
        let pdfs = pdfs_of(&corpus, n);
        if pdfs.is_empty() {
            continue;
        }
        let t = summary(&yusuan_audit::audit_file(&txt, &catalog, &config));
        let pdf_audit = yusuan_audit::audit_parts(&pdfs, &catalog, &config);
        // Every recognised table's first line is on a page.
        assert!(pdf_audit.tables.iter().all(|t| pdf_audit.page_of(t.4).is_some()), "{n}: a table without a page");
        let p = summary(&pdf_audit);
        let diff = differences(&p, &t);
        let exception = EXCEPTIONS.iter().find(|e| e.0 == n);
        report.push(format!("{n}: {}", if diff.is_empty() { "match".to_owned() } else { diff.join("; ") }));
        match (diff.is_empty(), exception) {
            (true, None) => {}
            (true, Some(_)) => failures.push(format!("{n} matches now: take it out of EXCEPTIONS")),
            (false, None) => failures.push(format!("{n} differs: {}", diff.join("; "))),
            (false, Some(_)) => {
                if p.error.is_some() {
                    failures.push(format!("{n}: {:?}", p.error));
                }
            }
        }
    }
    eprintln!("{}", report.join("\n"));
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
