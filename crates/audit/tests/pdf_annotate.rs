//! Annotated copies of audited PDFs ([`DocAudit::annotated`]): an incremental
//! update that keeps the original bytes, reads back with the same text, passes
//! `pdfinfo` and `qpdf --check` (when installed), and carries one outlined box
//! per finding box on the right page, coloured by severity, with the message.

use std::path::{Path, PathBuf};
use std::process::Command;

use yusuan_audit::DocAudit;

fn src_pdf(name: &str) -> Option<PathBuf> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/src_pdf").join(name);
    if !p.exists() {
        assert!(std::env::var_os("CI").is_none(), "{} is missing (CI is set)", p.display());
        eprintln!("skipped: {} not found", p.display());
        return None;
    }
    Some(p)
}

fn have(tool: &str) -> bool {
    Command::new(tool).arg("--version").output().is_ok()
}

/// `pdfinfo` and `qpdf --check` accept the file (each when installed).
fn tools_accept(path: &Path) {
    if have("pdfinfo") {
        let o = Command::new("pdfinfo").arg(path).output().unwrap();
        assert!(o.status.success(), "pdfinfo: {}", String::from_utf8_lossy(&o.stderr));
    }
    if have("qpdf") {
        let o = Command::new("qpdf").arg("--check").arg(path).output().unwrap();
        let out = String::from_utf8_lossy(&o.stdout);
        assert!(o.status.success() && out.contains("No syntax or stream encoding errors"), "qpdf: {out}");
    }
}

fn audit(paths: &[PathBuf]) -> DocAudit {
    yusuan_audit::audit_parts(paths, &yusuan_model::Catalog::embedded(), &yusuan_check::Config::default())
}

/// Annotates, then checks the copy of each part against the original.
fn annotate_and_check(paths: &[PathBuf], lang: yusuan_check::Lang) -> usize {
    let a = audit(paths);
    let expected = a.annotations(lang);
    let copies = a.annotated(lang).unwrap();
    assert_eq!(copies.len(), paths.len());
    let dir = tempfile::tempdir().unwrap();
    let mut total = 0;
    for ((part, bytes), want) in copies.iter().zip(&expected) {
        let original = std::fs::read(part).unwrap();
        assert!(bytes.starts_with(&original), "the original bytes are kept");
        // The same text as the original.
        let before = yusuan_pdfread::to_text(&yusuan_pdfread::read_pdf(&original).unwrap());
        let after = yusuan_pdfread::to_text(&yusuan_pdfread::read_pdf(bytes).unwrap());
        assert_eq!(before.text(), after.text());
        // The annotations: the original's, then ours, each on its page with its rect.
        let had = yusuan_pdfread::read_annotations(&original).unwrap();
        let got = yusuan_pdfread::read_annotations(bytes).unwrap();
        assert_eq!(got.len(), had.len() + want.len());
        let ours: Vec<_> = got.iter().filter(|g| g.title.starts_with("YS-")).collect();
        assert_eq!(ours.len(), want.len());
        for w in want {
            let found = ours.iter().find(|g| {
                g.page == w.page && g.title == w.title && g.rect.iter().zip(&w.rect).all(|(a, b)| (a - b).abs() < 0.01)
            });
            let g = found.unwrap_or_else(|| panic!("{w:?} not in the annotated copy"));
            assert_eq!(g.contents, w.contents);
            assert!(g.color.iter().zip(&w.color).all(|(a, b)| (a - b).abs() < 0.01));
        }
        let path = dir.path().join(part.file_name().unwrap());
        std::fs::write(&path, bytes).unwrap();
        tools_accept(&path);
        total += want.len();
    }
    total
}

#[test]
fn an_annotated_pdf_keeps_the_original_and_outlines_every_finding() {
    let Some(pdf) = src_pdf("007_shpt_shehuifuliyuan_2024_danwei_yusuan.pdf") else { return };
    let n = annotate_and_check(std::slice::from_ref(&pdf), yusuan_check::Lang::Zh);
    assert!(n >= 20, "{n} boxes");
    // The messages are the findings' (Chinese here); the colours by severity.
    let a = audit(&[pdf]);
    let annots = &a.annotations(yusuan_check::Lang::Zh)[0];
    assert!(annots.iter().any(|x| x.contents.contains("科目") && x.color == [1.0, 0.55, 0.0]));
    assert!(annots.iter().any(|x| x.color == [0.86, 0.1, 0.1]));
    let en = &a.annotations(yusuan_check::Lang::En)[0];
    assert!(en.iter().all(|x| x.contents.starts_with(['e', 'w', 'i'])), "{:?}", en[0].contents);
}

#[test]
fn a_publication_of_two_pdfs_gets_an_annotated_copy_of_each() {
    let (Some(a), Some(b)) = (
        src_pdf("015_js_shengwei_bangongting_2019_yusuan_part1.pdf"),
        src_pdf("015_js_shengwei_bangongting_2019_yusuan_part2.pdf"),
    ) else {
        return;
    };
    assert!(annotate_and_check(&[a, b], yusuan_check::Lang::En) >= 5);
}

#[test]
fn an_original_with_a_cross_reference_stream_gets_one_too() {
    let Some(pdf) = src_pdf("014_js_jianchayuan_2019_yusuan.pdf") else { return };
    if !have("qpdf") {
        eprintln!("skipped: qpdf not installed (needed to make an xref-stream copy)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let xs = dir.path().join("014_xref_stream.pdf");
    let o = Command::new("qpdf").args(["--object-streams=generate"]).arg(&pdf).arg(&xs).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(annotate_and_check(std::slice::from_ref(&xs), yusuan_check::Lang::Zh) >= 5);
    let a = audit(&[xs]);
    let (_, bytes) = &a.annotated(yusuan_check::Lang::Zh).unwrap()[0];
    let tail = String::from_utf8_lossy(&bytes[bytes.len() - 2000..]).into_owned();
    assert!(tail.contains("/Type /XRef") && tail.contains("/Prev"), "an xref stream for an xref-stream original");
}

#[test]
fn a_text_document_cannot_be_annotated() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("a.txt");
    std::fs::write(&f, "2024年部门预算\n").unwrap();
    let err = audit(&[f]).annotated(yusuan_check::Lang::Zh).unwrap_err();
    assert!(err.contains("不是 PDF"), "{err}");
}
