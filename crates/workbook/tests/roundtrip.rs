//! Example package → workbook → import: the same package, the same tables.

use std::path::PathBuf;

use yusuan_workbook::import::{check_workbook, package_files};

fn example() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/jianghan-2022-zhengfuban")
}

#[test]
fn example_round_trips() {
    let pkg = yusuan_package::load(&example()).expect("example loads");
    let codes = yusuan_workbook::catalog_rows(&example(), &pkg.budget).unwrap();
    assert!(!codes.is_empty());
    let bytes = yusuan_workbook::workbook(&pkg.budget, &pkg.catalog, &codes).unwrap();
    let imported = match check_workbook(&bytes, "预算填报.xlsx") {
        Ok(i) => i,
        Err(e) => panic!("{e}"),
    };
    let original = package_files(&pkg.budget, &codes).unwrap();
    for (a, b) in original.iter().zip(&imported.files) {
        assert_eq!(a.name, b.name);
        if a.text != b.text {
            let diff: Vec<_> = a.text.lines().zip(b.text.lines()).filter(|(x, y)| x != y).take(5).collect();
            panic!("{} differs: {diff:#?}", a.name);
        }
    }
    assert_eq!(original.len(), imported.files.len());
    let mut loaded = pkg.budget.clone();
    for l in &mut loaded.line_items {
        l.origin = Default::default();
    }
    for p in &mut loaded.procurement {
        p.origin = Default::default();
    }
    for s in &mut loaded.purchased_services {
        s.origin = Default::default();
    }
    assert!(imported.budget == loaded, "the imported budget differs from the example's");

    // Written as a package, it derives the same disclosure.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("pkg");
    yusuan_package::save::write(&imported.files, &out, false).unwrap();
    let a = yusuan_publish::load(&example()).unwrap();
    let b = yusuan_publish::load(&out).unwrap();
    assert!(a.derived.document == b.derived.document, "the imported package derives other tables");
}
