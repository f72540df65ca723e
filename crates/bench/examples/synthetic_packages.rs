//! Writes `N` synthetic department packages into `DIR` for store loads:
//! `cargo run --release -p yusuan-bench --example synthetic_packages -- 1000 /tmp/synth`.
//! Each is the example department under another name, with its amounts scaled
//! (so every package has its own content and totals) and income kept equal to
//! expenditure; each has 5–40 projects from the synthetic generator.

use std::path::PathBuf;

use yusuan_model::{Amount, FundingSource, Income};

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(1000);
    let dir = PathBuf::from(args.next().unwrap_or_else(|| "synthetic-packages".into()));
    for i in 0..n {
        let (mut b, _) = yusuan_bench::synthetic(5 + i % 36);
        b.department.name = format!("合成部门{i:04}");
        b.department.region = format!("合成区{}", i % 10);
        b.meta.catalogs.clear();
        let factor = 1 + (i % 7) as i64;
        for l in &mut b.line_items {
            l.amount = Amount::from_fen(l.amount.fen() * factor);
        }
        for p in &mut b.projects {
            for d in &mut p.details {
                for a in [&mut d.local, &mut d.transfer, &mut d.other].into_iter().flatten() {
                    *a = Amount::from_fen(a.fen() * factor);
                }
            }
            p.total_budget = None;
            p.stated_current = None;
            p.stated_funding = None;
        }
        let total: Amount = b.line_items.iter().map(|l| l.amount).sum();
        b.income = vec![Income { source: FundingSource::GeneralBudget, amount: total }];
        let out = dir.join(format!("p{i:04}"));
        if let Err(e) = yusuan_package::save::save(&b, &out, true) {
            eprintln!("{}: {e}", out.display());
            std::process::exit(1);
        }
    }
    println!("{n} packages in {}", dir.display());
}
