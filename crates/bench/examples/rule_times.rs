//! Time per rule on a package (release), with the package files loaded as `yusuan check` does (rules
//! locate facts by line in them): finds the hot rules.
//! `cargo run --release -p yusuan-bench --example rule_times [-- <package dir> [YS-F002 | all]]`
//! With a rule id (or `all`), loops that rule 2,000 times for a profiler.

use std::time::{Duration, Instant};

use yusuan_check::{Config, Input};

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args.next().map_or_else(yusuan_bench::example_dir, std::path::PathBuf::from);
    let published = yusuan_publish::load(&dir).unwrap_or_else(|e| {
        eprintln!("{e}");
        std::process::exit(1)
    });
    let files: Vec<(String, String)> = ["budget.toml", "projects.toml", "performance.toml"]
        .iter()
        .filter_map(|n| Some((n.to_string(), std::fs::read_to_string(dir.join(n)).ok()?)))
        .collect();
    let input = || {
        let p = &published.package;
        let mut input = Input::from_package(&p.budget, &p.catalog, &published.derived.document, Some("pkg".into()));
        input.files = files.iter().cloned().collect();
        input
    };
    let config = Config::default();
    if let Some(id) = args.next() {
        let rules: Vec<&dyn yusuan_check::Rule> = match id.as_str() {
            "all" => yusuan_check::rules::all().to_vec(),
            id => vec![yusuan_check::rules::get(id).expect("a rule id")],
        };
        for _ in 0..2000 {
            let _ = yusuan_check::run_rules(&rules, &input(), &config);
        }
        return;
    }
    let runs = 20;
    let start = Instant::now();
    for _ in 0..runs {
        let _ = input();
    }
    let input_time = start.elapsed() / runs;
    println!("input: {input_time:?}");
    let mut times: Vec<(Duration, &str)> = yusuan_check::rules::all()
        .iter()
        .map(|r| {
            let start = Instant::now();
            for _ in 0..runs {
                // A fresh input per run, so values shared between rules are computed each time.
                let _ = yusuan_check::run_rules(&[*r], &input(), &config);
            }
            ((start.elapsed() / runs).saturating_sub(input_time), r.info().id)
        })
        .collect();
    times.sort_by_key(|t| std::cmp::Reverse(t.0));
    for (d, id) in times.iter().take(15) {
        println!("{id}: {d:?}");
    }
    let start = Instant::now();
    let report = published.check(&config);
    println!("whole check (all cores): {:?}, {} findings", start.elapsed(), report.findings.len());
}
