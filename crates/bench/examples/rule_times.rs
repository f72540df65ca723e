//! Time per rule on the example package (release): finds the hot rules.
//! `cargo run --release -p yusuan-bench --example rule_times`

use std::time::Instant;

use yusuan_check::{Config, Input};
use yusuan_derive::Template;

fn main() {
    // `rule_times YS-F002` (or `all`) loops that rule for profiling.
    if let Some(id) = std::env::args().nth(1) {
        let p = yusuan_package::load(&yusuan_bench::example_dir()).unwrap();
        let t = Template::builtin(&p.budget.meta.template).unwrap();
        let d = yusuan_derive::derive(&p.budget, &p.catalog, &t).unwrap();
        let rules: Vec<&dyn yusuan_check::Rule> = match id.as_str() {
            "all" => yusuan_check::rules::all().to_vec(),
            id => vec![yusuan_check::rules::get(id).expect("a rule id")],
        };
        for _ in 0..2000 {
            let input = Input::from_package(&p.budget, &p.catalog, &d.document, None);
            let _ = yusuan_check::run_rules(&rules, &input, &Config::default());
        }
        return;
    }
    let p = yusuan_package::load(&yusuan_bench::example_dir()).unwrap();
    let t = Template::builtin(&p.budget.meta.template).unwrap();
    let d = yusuan_derive::derive(&p.budget, &p.catalog, &t).unwrap();
    let start = Instant::now();
    for _ in 0..100 {
        let _ = Input::from_package(&p.budget, &p.catalog, &d.document, None);
    }
    let input_time = start.elapsed() / 100;
    println!("input: {input_time:?}");
    let mut times: Vec<(std::time::Duration, &str)> = yusuan_check::rules::all()
        .iter()
        .map(|r| {
            let start = Instant::now();
            for _ in 0..100 {
                // A fresh input per run, so values shared between rules are computed each time.
                let input = Input::from_package(&p.budget, &p.catalog, &d.document, None);
                let _ = yusuan_check::run_rules(&[*r], &input, &Config::default());
            }
            (start.elapsed() / 100 - input_time, r.info().id)
        })
        .collect();
    times.sort();
    times.reverse();
    for (d, id) in times.iter().take(15) {
        println!("{id}: {d:?}");
    }
}
