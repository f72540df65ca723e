//! `yusuan audit` on PDFs: pages and boxes in every report, `--annotate`, a
//! folder of PDFs (parts of one publication grouped) with its summary, and a
//! scanned PDF refused with a clear message.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn src_pdf(name: &str) -> Option<PathBuf> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/src_pdf").join(name);
    if !p.exists() {
        assert!(std::env::var_os("CI").is_none(), "{} is missing (CI is set)", p.display());
        eprintln!("skipped: {} not found", p.display());
        return None;
    }
    Some(p)
}

fn yusuan(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_yusuan")).args(args).output().unwrap()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

const P007: &str = "007_shpt_shehuifuliyuan_2024_danwei_yusuan.pdf";
const P013: [&str; 2] =
    ["013_js_renda_changweihui_2019_yusuan_part1.pdf", "013_js_renda_changweihui_2019_yusuan_part2.pdf"];
const P014: &str = "014_js_jianchayuan_2019_yusuan.pdf";

/// A page with an image and no text, written by hand.
fn scanned_pdf() -> Vec<u8> {
    let content = b"q 100 0 0 100 50 50 cm /Im1 Do Q";
    let objects: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Resources << /XObject << /Im1 5 0 R >> >> /Contents 4 0 R >>".to_vec(),
        [format!("<< /Length {} >>\nstream\n", content.len()).as_bytes(), content, b"\nendstream"].concat(),
        [&b"<< /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray /BitsPerComponent 8 /Length 4 >>\nstream\n"[..], b"\xff\x00\xff\x00", b"\nendstream"].concat(),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(o);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1).as_bytes(),
    );
    out
}

#[test]
fn a_scanned_pdf_is_refused_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let scan = dir.path().join("scan.pdf");
    std::fs::write(&scan, scanned_pdf()).unwrap();
    let o = yusuan(&["audit", s(&scan)]);
    let (out, err) = (String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
    assert_eq!(o.status.code(), Some(1), "{out}{err}");
    assert!(out.contains("没有文字层（扫描件），暂不支持 OCR"), "{out}");
    assert!(!err.contains("panicked"), "{err}");
    // Nor can it be annotated: nothing is written.
    let target = dir.path().join("annotated.pdf");
    let o = yusuan(&["audit", s(&scan), "--annotate", s(&target)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("扫描件"));
    assert!(!target.exists());
}

#[test]
fn reports_of_a_pdf_give_pages_and_boxes() {
    let Some(pdf) = src_pdf(P007) else { return };
    let o = yusuan(&["audit", s(&pdf)]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("（第 168 行） · 第 14 页"), "{text}");
    let o = yusuan(&["audit", s(&pdf), "--format", "json", "--lang", "en"]);
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let doc = &json["documents"][0];
    assert_eq!(doc["pages"], 16);
    let findings = doc["findings"].as_array().unwrap();
    let located: Vec<&serde_json::Value> = findings
        .iter()
        .filter_map(|f| f["location"].get("pdf"))
        .chain(
            findings
                .iter()
                .flat_map(|f| f["evidence"].as_array().into_iter().flatten().filter_map(|e| e["location"].get("pdf"))),
        )
        .collect();
    assert!(located.len() > 30);
    for p in located {
        assert!(p["file"].as_str().unwrap().ends_with(P007));
        assert!((1..=16).contains(&p["page"].as_u64().unwrap()));
        let b = &p["boxes"][0];
        assert!(b[0].as_f64() < b[2].as_f64() && b[1].as_f64() < b[3].as_f64(), "{p}");
    }
}

#[test]
fn annotate_writes_an_outlined_copy_of_one_pdf_or_of_each_part() {
    let (Some(a), Some(b), Some(c)) = (src_pdf(P007), src_pdf(P013[0]), src_pdf(P013[1])) else { return };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("007-annotated.pdf");
    let o = yusuan(&["audit", s(&a), "--annotate", s(&out)]);
    assert_eq!(o.status.code(), Some(1), "errors found: {}", String::from_utf8_lossy(&o.stderr));
    let bytes = std::fs::read(&out).unwrap();
    assert!(bytes.starts_with(&std::fs::read(&a).unwrap()));
    assert!(String::from_utf8_lossy(&bytes[bytes.len() - 30_000..]).contains("/Subtype /Square"));
    if Command::new("pdfinfo").arg("-v").output().is_ok() {
        assert!(Command::new("pdfinfo").arg(&out).output().unwrap().status.success());
    }
    // Two parts of one publication and a file as target: refused, nothing written.
    let file = dir.path().join("one.pdf");
    let o = yusuan(&["audit", s(&b), s(&c), "--annotate", s(&file)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--annotate"));
    assert!(!file.exists());
    // A directory: one copy of each part.
    let folder = dir.path().join("annotated");
    let o = yusuan(&["audit", s(&b), s(&c), "--annotate", s(&folder)]);
    assert_eq!(o.status.code(), Some(1), "{}", String::from_utf8_lossy(&o.stderr));
    for part in P013 {
        assert!(folder.join(part).exists(), "{part}");
    }
}

#[test]
fn a_folder_of_pdfs_audits_with_a_summary_per_publication() {
    use calamine::{Reader, Xlsx, open_workbook};
    let (Some(a), Some(b), Some(c), Some(d)) = (src_pdf(P007), src_pdf(P013[0]), src_pdf(P013[1]), src_pdf(P014))
    else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("pdfs");
    std::fs::create_dir(&folder).unwrap();
    for f in [&a, &b, &c, &d] {
        std::fs::copy(f, folder.join(f.file_name().unwrap())).unwrap();
    }
    let xlsx = dir.path().join("summary.xlsx");
    let o = yusuan(&["audit", s(&folder), "--jobs", "2", "--format", "xlsx", "-o", s(&xlsx)]);
    assert_eq!(o.status.code(), Some(1), "{}", String::from_utf8_lossy(&o.stderr));
    let mut wb: Xlsx<_> = open_workbook(&xlsx).unwrap();
    let summary = wb.worksheet_range("汇总").unwrap();
    let rows: Vec<Vec<String>> = summary.rows().map(|r| r.iter().map(|c| c.to_string()).collect()).collect();
    assert_eq!(rows[0][..3], ["文档", "模板", "页数"]);
    assert_eq!(rows.len(), 4, "three publications (the two parts of 013 are one): {rows:?}");
    let names: Vec<&str> = rows[1..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(names, [P007, P013[0], P014]);
    assert_eq!(rows[1][2], "16");
    assert!(rows[1..].iter().all(|r| r[2].parse::<u32>().unwrap() > 10 && r[1] != "无法读取"), "{rows:?}");
    let list = wb.worksheet_range("问题清单").unwrap();
    let header: Vec<String> = list.rows().next().unwrap().iter().map(|c| c.to_string()).collect();
    let page = header.iter().position(|h| h == "页码").unwrap();
    assert!(list.rows().skip(1).any(|r| r[page].to_string().starts_with("第 ")));
    assert!(list.rows().skip(1).any(|r| r[page].to_string().contains("_part2.pdf 第 ")));

    let csv = dir.path().join("findings.csv");
    let o = yusuan(&["audit", s(&folder), "--format", "csv", "-o", s(&csv)]);
    assert_eq!(o.status.code(), Some(1));
    let summary = std::fs::read_to_string(dir.path().join("findings.summary.csv")).unwrap();
    let lines: Vec<&str> = summary.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(lines.len(), 4, "{summary}");
    assert!(lines[0].starts_with("文档,模板,页数"));
    assert!(lines[1].starts_with(&format!("{P007},shanghai-9,16,")), "{summary}");
    let findings = std::fs::read_to_string(&csv).unwrap();
    assert!(findings.contains(",页码,") && findings.contains("第 14 页"));

    let o = yusuan(&["audit", s(&folder)]);
    let text = String::from_utf8_lossy(&o.stdout);
    for name in [P007, P013[0], P014] {
        assert!(text.lines().any(|l| l.starts_with(name)), "{name} in the summary table:\n{text}");
    }
}
