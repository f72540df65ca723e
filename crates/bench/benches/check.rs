//! The checker: the example package (target < 2 ms) and a synthetic
//! 500-project department (derive + check).

use yusuan_check::{Config, Input};
use yusuan_derive::Template;

fn main() {
    divan::main();
}

#[divan::bench]
fn check_example(b: divan::Bencher) {
    let p = yusuan_package::load(&yusuan_bench::example_dir()).unwrap();
    let t = Template::builtin(&p.budget.meta.template).unwrap();
    let d = yusuan_derive::derive(&p.budget, &p.catalog, &t).unwrap();
    b.bench(|| {
        let input = Input::from_package(&p.budget, &p.catalog, &d.document, None);
        yusuan_check::run(&input, &Config::default())
    });
}

#[divan::bench(args = [500])]
fn derive_and_check_synthetic(b: divan::Bencher, projects: usize) {
    let (budget, catalog) = yusuan_bench::synthetic(projects);
    let t = Template::builtin(&budget.meta.template).unwrap();
    b.bench(|| {
        let d = yusuan_derive::derive(&budget, &catalog, &t).unwrap();
        let input = Input::from_package(&budget, &catalog, &d.document, None);
        yusuan_check::run(&input, &Config::default())
    });
}

#[divan::bench(args = [500])]
fn check_synthetic(b: divan::Bencher, projects: usize) {
    let (budget, catalog) = yusuan_bench::synthetic(projects);
    let t = Template::builtin(&budget.meta.template).unwrap();
    let d = yusuan_derive::derive(&budget, &catalog, &t).unwrap();
    b.bench(|| {
        let input = Input::from_package(&budget, &catalog, &d.document, None);
        yusuan_check::run(&input, &Config::default())
    });
}
