//! Our reading time per PDF against `pdftotext -layout` (poppler, if installed),
//! best of 5 runs each, and the medians:
//!   cargo run --release -p yusuan-pdfread --example speed [-- DIR_OR_PDF …]
//! Default: `../shared/corpus` (src_pdf/ and govbudgetchecker_samples/).
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn walk(p: &Path, out: &mut Vec<PathBuf>) {
    if p.is_dir() {
        for e in std::fs::read_dir(p).into_iter().flatten().flatten() {
            walk(&e.path(), out);
        }
    } else if p.extension().is_some_and(|x| x.eq_ignore_ascii_case("pdf")) {
        out.push(p.to_owned());
    }
}

fn best(mut f: impl FnMut()) -> Duration {
    (0..5)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    if v.is_empty() { 0.0 } else { v[v.len() / 2] }
}

fn main() {
    let mut args: Vec<PathBuf> = std::env::args().skip(1).map(PathBuf::from).collect();
    if args.is_empty() {
        args.push(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus"));
    }
    let mut files = Vec::new();
    for a in &args {
        walk(a, &mut files);
    }
    files.sort();
    let poppler = std::process::Command::new("pdftotext").arg("-v").output().is_ok();
    println!("{:>6} {:>9} {:>11} {:>6}  file", "pages", "ours ms", "pdftotext", "ratio");
    let (mut ours, mut theirs, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    for f in &files {
        let bytes = std::fs::read(f).expect("read");
        let mut pages = 0;
        let t = best(|| {
            if let Ok(doc) = yusuan_pdfread::read_pdf(&bytes) {
                pages = doc.pages.len();
                std::hint::black_box(yusuan_pdfread::to_text(&doc));
            }
        });
        let ms = t.as_secs_f64() * 1000.0;
        ours.push(ms);
        let name = f.file_name().map_or(String::new(), |n| n.to_string_lossy().into_owned());
        if poppler {
            let p = best(|| {
                let _ = std::process::Command::new("pdftotext").arg("-layout").arg(f).arg("-").output();
            });
            let pms = p.as_secs_f64() * 1000.0;
            theirs.push(pms);
            ratios.push(ms / pms);
            println!("{pages:>6} {ms:>9.1} {pms:>11.1} {:>6.2}  {name}", ms / pms);
        } else {
            println!("{pages:>6} {ms:>9.1} {:>11} {:>6}  {name}", "-", "-");
        }
    }
    println!(
        "median: ours {:.1} ms, pdftotext -layout {:.1} ms, ratio {:.2} ({} files)",
        median(ours),
        median(theirs),
        median(ratios),
        files.len()
    );
}
