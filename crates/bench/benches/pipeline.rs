//! Load + derive + render of the bundled example: the main job's hot path.
//! Target (issue 2): < 20 ms for load + derive + HTML + CSV on a 2-core machine.

use yusuan_derive::Template;

fn main() {
    divan::main();
}

#[divan::bench]
fn load() -> yusuan_package::Package {
    yusuan_package::load(&yusuan_bench::example_dir()).expect("example loads")
}

#[divan::bench]
fn derive(b: divan::Bencher) {
    let p = load();
    let t = Template::builtin(&p.budget.meta.template).unwrap();
    b.bench(|| yusuan_derive::derive(&p.budget, &p.catalog, &t).unwrap());
}

#[divan::bench]
fn render_html(b: divan::Bencher) {
    let p = load();
    let t = Template::builtin(&p.budget.meta.template).unwrap();
    let d = yusuan_derive::derive(&p.budget, &p.catalog, &t).unwrap();
    b.bench(|| yusuan_render::html(&d.document));
}

/// The whole of `yusuan build` short of writing files.
#[divan::bench]
fn load_derive_html_csv() -> usize {
    let p = load();
    let t = Template::builtin(&p.budget.meta.template).unwrap();
    let d = yusuan_derive::derive(&p.budget, &p.catalog, &t).unwrap();
    let html = yusuan_render::html(&d.document);
    let csv: usize = d.document.tables().iter().map(|t| yusuan_render::table_csv(t).len()).sum();
    html.len() + csv
}
