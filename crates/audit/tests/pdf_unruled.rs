//! Tables printed without ruling lines audit as ruled ones: the example
//! disclosure rendered to HTML is printed by headless Chromium with its own style
//! (ruled tables) and restyled — every table border removed (header and label
//! cells still shaded), or borders and shading both removed — and the PDFs are
//! audited against the text of the same disclosure: template, recognised tables
//! and findings (rule, severity, message — as `pdf_corpus.rs` compares). The
//! restyled PDFs' tables come from the alignment of their text
//! (`yusuan_pdfread::layout`, the alignment path).
//!
//! Needs `chromium` (or `chromium-browser`, `google-chrome`) on the PATH:
//! without it the tests are skipped with a notice, unless `CI` is set.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use yusuan_audit::DocAudit;

fn chromium() -> Option<&'static str> {
    ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|b| Command::new(b).arg("--version").output().is_ok_and(|o| o.status.success()))
}

/// Prints `html` to `pdf` with headless Chromium.
fn print(browser: &str, html: &Path, pdf: &Path) {
    let out = Command::new(browser)
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer"])
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(html)
        .output()
        .unwrap();
    assert!(out.status.success() && pdf.exists(), "{browser}: {}", String::from_utf8_lossy(&out.stderr));
}

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

/// A message without whitespace (the text and the PDF space narrative text differently).
fn compact(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
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
        out.push(format!("table {} {} only in {}", t.0, t.1, if pdf.tables.contains(t) { "pdf" } else { "txt" }));
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

/// Two messages say the same up to where a quoted excerpt was cut (excerpts are
/// cut by characters, whitespace included): every `…`-separated fragment of one is in the other.
fn same_message(a: &str, b: &str) -> bool {
    let within = |x: &str, y: &str| x.split('…').filter(|f| !f.is_empty()).all(|f| y.contains(f));
    a == b || within(a, b) || within(b, a)
}

/// The example disclosure's HTML and text, the HTML with `style` added, both printed.
struct Printed {
    _dir: tempfile::TempDir,
    txt: PathBuf,
    ruled: PathBuf,
    restyled: PathBuf,
}

fn print_example(browser: &str, style: &str) -> Printed {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let dir = root.join("examples/jianghan-2022-zhengfuban");
    let package = yusuan_package::load(&dir).unwrap();
    let template = yusuan_derive::Template::builtin(&package.budget.meta.template).unwrap();
    let derived = yusuan_derive::derive(&package.budget, &package.catalog, &template).unwrap();
    let html = yusuan_render::html(&derived.document);
    let restyled = html.replacen("</head>", &format!("<style>{style}</style></head>"), 1);
    assert_ne!(html, restyled);
    let tmp = tempfile::tempdir().unwrap();
    let txt = tmp.path().join("disclosure.txt");
    std::fs::write(&txt, yusuan_render::text(&derived.document)).unwrap();
    let mut pdfs = Vec::new();
    for (name, html) in [("ruled", &html), ("restyled", &restyled)] {
        let h = tmp.path().join(format!("{name}.html"));
        let p = tmp.path().join(format!("{name}.pdf"));
        std::fs::write(&h, html).unwrap();
        print(browser, &h, &p);
        pdfs.push(p);
    }
    let restyled = pdfs.pop().unwrap();
    let ruled = pdfs.pop().unwrap();
    Printed { _dir: tmp, txt, ruled, restyled }
}

fn rules_in(pdf: &Path) -> usize {
    let doc = yusuan_pdfread::read_pdf(&std::fs::read(pdf).unwrap()).unwrap();
    doc.pages.iter().map(|p| p.rules.len()).sum()
}

/// Borders removed, the header and label cells still shaded (as Excel and Word
/// exports often are): the same audit as the ruled PDF and as the text.
#[test]
fn unruled_tables_audit_as_ruled() {
    let Some(browser) = chromium() else {
        assert!(std::env::var_os("CI").is_none(), "chromium is missing (CI is set)");
        eprintln!("skipped: no chromium on the PATH");
        return;
    };
    let printed = print_example(browser, "table,th,td{border:none!important}");
    let catalog = yusuan_model::Catalog::embedded();
    let config = yusuan_check::Config::default();
    let text = summary(&yusuan_audit::audit_file(&printed.txt, &catalog, &config));
    assert!(text.error.is_none() && text.template.is_some(), "{text:?}");
    assert!(text.tables.len() >= 10, "{:?}", text.tables);
    let ruled = summary(&yusuan_audit::audit_file(&printed.ruled, &catalog, &config));
    let unruled = summary(&yusuan_audit::audit_file(&printed.restyled, &catalog, &config));
    let d_ruled = differences(&ruled, &text);
    let d_unruled = differences(&unruled, &text);
    assert!(d_ruled.is_empty(), "ruled PDF vs text:\n{}", d_ruled.join("\n"));
    assert!(d_unruled.is_empty(), "unruled PDF vs text:\n{}", d_unruled.join("\n"));
    assert_eq!((&unruled.template, &unruled.tables), (&ruled.template, &ruled.tables));
    // The borders really are gone: what rules are left are the shaded cells' edges.
    let (unruled_rules, ruled_rules) = (rules_in(&printed.restyled), rules_in(&printed.ruled));
    assert!(unruled_rules * 3 < ruled_rules, "{unruled_rules} rules unruled, {ruled_rules} ruled");
}

/// No borders and no shading at all: every table from the alignment of its text
/// alone. Today the template and most tables are recognised (those with rows;
/// an empty table's lone 本表无数据 line and the unshaded key–value forms are not),
/// and every table recognised is one the text has.
#[test]
fn bare_tables_are_mostly_recognised() {
    let Some(browser) = chromium() else {
        assert!(std::env::var_os("CI").is_none(), "chromium is missing (CI is set)");
        eprintln!("skipped: no chromium on the PATH");
        return;
    };
    let printed = print_example(browser, "table,th,td,tr,thead,tbody{border:none!important;background:none!important}");
    assert_eq!(rules_in(&printed.restyled), 0);
    let catalog = yusuan_model::Catalog::embedded();
    let config = yusuan_check::Config::default();
    let text = summary(&yusuan_audit::audit_file(&printed.txt, &catalog, &config));
    let bare = summary(&yusuan_audit::audit_file(&printed.restyled, &catalog, &config));
    assert!(bare.error.is_none(), "{:?}", bare.error);
    assert_eq!(bare.template, text.template);
    assert!(bare.tables.is_subset(&text.tables), "{:?}", bare.tables.difference(&text.tables));
    assert!(bare.tables.len() >= 9, "{} of {} tables: {:?}", bare.tables.len(), text.tables.len(), bare.tables);
}
