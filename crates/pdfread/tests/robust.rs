//! Reading never panics: every corpus PDF cut at many lengths reads or is
//! refused with an error; a page with only an image is a scan; garbage is refused.

use std::path::PathBuf;

fn pdfs() -> Option<Vec<PathBuf>> {
    let shared = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
    if !shared.exists() {
        assert!(std::env::var_os("CI").is_none(), "../shared/corpus is missing (CI is set)");
        eprintln!("skipped: ../shared/corpus not found");
        return None;
    }
    let mut out = Vec::new();
    let mut dirs = vec![shared.join("src_pdf"), shared.join("govbudgetchecker_samples")];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|x| x == "pdf") {
                out.push(p);
            }
        }
    }
    out.sort();
    Some(out)
}

#[test]
fn every_corpus_pdf_reads() {
    let Some(files) = pdfs() else { return };
    assert!(files.len() >= 20, "{files:?}");
    for f in files {
        let bytes = std::fs::read(&f).unwrap();
        let doc = yusuan_pdfread::read_pdf(&bytes).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        assert!(doc.pages.iter().all(|p| p.width > 0.0 && p.height > 0.0));
        let text = yusuan_pdfread::to_text(&doc);
        // Every disclosure has tables, except the narrative half of a two-PDF publication.
        let narrative = f.to_string_lossy().contains("_part1");
        assert!(narrative || text.lines.iter().any(|l| l.row), "{}: no table row", f.display());
    }
}

#[test]
fn truncated_pdfs_never_panic() {
    let Some(files) = pdfs() else { return };
    for f in files {
        let bytes = std::fs::read(&f).unwrap();
        let n = bytes.len();
        for cut in [0, 8, 1000, n / 10, n / 3, n / 2, 9 * n / 10, n - 1] {
            let cut = cut.min(n);
            if let Ok(doc) = yusuan_pdfread::read_pdf(&bytes[..cut]) {
                let _ = yusuan_pdfread::to_text(&doc);
            }
        }
        // Flipped bytes in the middle (a corrupt stream) read or are refused too.
        let mut bad = bytes.clone();
        for i in (n / 4..n).step_by(997) {
            bad[i] ^= 0x5a;
        }
        if let Ok(doc) = yusuan_pdfread::read_pdf(&bad) {
            let _ = yusuan_pdfread::to_text(&doc);
        }
    }
}

/// A one-page PDF whose page draws `content`, with an image XObject `/Im0`.
fn pdf_with(content: &str) -> Vec<u8> {
    pdf_with_page(content, "")
}

/// As [`pdf_with`], with more entries in the page dictionary (`/Rotate 90`).
fn pdf_with_page(content: &str, page: &str) -> Vec<u8> {
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        format!("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 300] {page} /Contents 4 0 R /Resources << /XObject << /Im0 5 0 R >> /Font << /F1 6 0 R >> >> >>"),
        format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len()),
        "<< /Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8 /Length 1 >>\nstream\n\u{0}\nendstream".to_owned(),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_owned(),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for o in offsets {
        out.extend(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend(
        format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1).as_bytes(),
    );
    out
}

#[test]
fn a_scan_is_refused_with_a_clear_message() {
    let scan = pdf_with("q 200 0 0 200 0 0 cm /Im0 Do Q");
    let err = yusuan_pdfread::read_pdf(&scan).unwrap_err();
    assert_eq!(err, yusuan_pdfread::PdfError::NoText);
    assert!(err.to_string().starts_with("没有文字层（扫描件），暂不支持 OCR"), "{err}");
}

#[test]
fn text_and_rules_are_placed() {
    let pdf = pdf_with(
        "0.5 w 10 150 m 190 150 l S 10 120 m 190 120 l S 10 90 m 190 90 l S \
         10 150 m 10 90 l S 100 150 m 100 90 l S 190 150 m 190 90 l S \
         BT /F1 10 Tf 20 130 Td (Total) Tj 100 0 Td (12.50) Tj ET \
         BT /F1 10 Tf 20 100 Td (Rent) Tj 100 0 Td (3) Tj ET \
         BT /F1 12 Tf 20 170 Td (Title) Tj ET BT /F1 12 Tf 20 400 Td (Outside) Tj ET",
    );
    let doc = yusuan_pdfread::read_pdf(&pdf).unwrap();
    assert_eq!(doc.pages.len(), 1);
    assert_eq!(doc.pages[0].rules.len(), 6);
    let text = yusuan_pdfread::to_text(&doc);
    assert_eq!(text.text(), "Title\nTotal\t12.50\nRent\t3\n");
    assert_eq!(text.lines[1].page, 1);
    assert!(text.lines[1].row && !text.lines[0].row);
}

#[test]
fn garbage_is_refused() {
    for bytes in
        [&b""[..], b"hello", b"%PDF-1.7\n", b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>"]
    {
        let r = yusuan_pdfread::read_pdf(bytes);
        assert!(r.is_err() || r.is_ok_and(|d| d.pages.is_empty()));
    }
}

/// A landscape page, by `/Rotate` or by a rotation in the content, reads left to right.
#[test]
fn rotated_pages_read_upright() {
    let content = "BT /F1 10 Tf 0 1 -1 0 100 20 Tm (Hello world) Tj ET BT /F1 10 Tf 0 1 -1 0 120 20 Tm (Line 2) Tj ET";
    for (page, rotation, size) in [("/Rotate 90", 90, (300.0, 200.0)), ("", 0, (300.0, 200.0))] {
        let doc = yusuan_pdfread::read_pdf(&pdf_with_page(content, page)).unwrap();
        let p = &doc.pages[0];
        assert_eq!((p.rotation, (p.width, p.height)), (rotation, size), "{page}");
        assert!(p.glyphs.iter().all(|g| g.upright), "{page}");
        let text = yusuan_pdfread::to_text(&doc).text();
        assert_eq!(text, "Hello world\nLine 2\n", "{page}");
    }
}
