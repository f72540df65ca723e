//! The synthetic department of the benchmarks is a valid budget: it derives,
//! and its derived document checks with zero errors (so the benchmark measures
//! a realistic clean run, and the rules hold beyond the example).

use yusuan_check::{Config, Input, Severity};
use yusuan_derive::Template;

#[test]
fn synthetic_department_checks_without_errors() {
    let (budget, catalog) = yusuan_bench::synthetic(60);
    assert_eq!(budget.projects.len(), 60);
    let t = Template::builtin(&budget.meta.template).unwrap();
    let d = yusuan_derive::derive(&budget, &catalog, &t).unwrap();
    let input = Input::from_package(&budget, &catalog, &d.document, None);
    let report = yusuan_check::run(&input, &Config::default());
    let errors: Vec<String> =
        report.findings.iter().filter(|f| f.severity == Severity::Error).map(|f| f.to_string()).collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}
