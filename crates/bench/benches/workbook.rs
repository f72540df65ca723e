//! The fill-in workbook: writing it from a package (`yusuan export-workbook`),
//! reading it back (cells → facts), and the whole checked import
//! (read, render package files, load, derive, check). Targets on a 2-core
//! machine: export < 50 ms, read < 30 ms, checked import < 100 ms.

use std::path::PathBuf;

fn main() {
    divan::main();
}

fn example() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/jianghan-2022-zhengfuban")
}

fn exported() -> Vec<u8> {
    let pkg = yusuan_package::load(&example()).unwrap();
    let codes = yusuan_workbook::catalog_rows(&example(), &pkg.budget).unwrap();
    yusuan_workbook::workbook(&pkg.budget, &pkg.catalog, &codes).unwrap()
}

#[divan::bench(sample_count = 20)]
fn export_workbook(b: divan::Bencher) {
    let pkg = yusuan_package::load(&example()).unwrap();
    let codes = yusuan_workbook::catalog_rows(&example(), &pkg.budget).unwrap();
    b.bench(|| yusuan_workbook::workbook(&pkg.budget, &pkg.catalog, &codes).unwrap().len());
}

#[divan::bench(sample_count = 20)]
fn read_workbook(b: divan::Bencher) {
    let bytes = exported();
    b.bench(|| yusuan_workbook::read(&bytes, "预算填报.xlsx").map(|r| r.budget.line_items.len()).unwrap_or(0));
}

#[divan::bench(sample_count = 20)]
fn checked_import(b: divan::Bencher) {
    let bytes = exported();
    b.bench(|| yusuan_workbook::import::check_workbook(&bytes, "预算填报.xlsx").map(|i| i.files.len()).unwrap_or(0));
}
