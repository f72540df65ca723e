//! `yusuan build` of the bundled example in every output format (issue 5).
//! Targets on a 2-core machine: all formats < 300 ms; HTML + XLSX + CSV < 30 ms.
//! PDF needs the `pdf` feature: `scripts/bench --features pdf` (or `cargo bench -p yusuan-bench --features pdf`).

use yusuan_publish::{Format, Published};

fn main() {
    divan::main();
}

fn example() -> Published {
    yusuan_publish::load(&yusuan_bench::example_dir()).expect("example loads")
}

fn bytes(p: &Published, formats: &[Format]) -> usize {
    p.render(formats, None).expect("renders").iter().map(|o| o.bytes.len()).sum()
}

/// Load, derive, check and render every compiled-in format, as `yusuan build` does short of writing.
#[divan::bench]
fn build_all_formats() -> usize {
    let p = example();
    let report = p.check(&Default::default());
    let out = p.render(&Format::available(), Some((&report, yusuan_check::Lang::Zh))).expect("renders");
    out.iter().map(|o| o.bytes.len()).sum()
}

/// Load, derive and render HTML + XLSX + CSV.
#[divan::bench]
fn build_html_xlsx_csv() -> usize {
    bytes(&example(), &[Format::Html, Format::Xlsx, Format::Csv])
}

#[divan::bench(args = [Format::Html, Format::Xlsx, Format::Docx, Format::Fdp, Format::Md, Format::Txt, Format::Csv])]
fn render_one(b: divan::Bencher, format: Format) {
    let p = example();
    b.bench(|| bytes(&p, &[format]));
}

#[cfg(feature = "pdf")]
#[divan::bench]
fn render_pdf(b: divan::Bencher) {
    let p = example();
    b.bench(|| bytes(&p, &[Format::Pdf]));
}
