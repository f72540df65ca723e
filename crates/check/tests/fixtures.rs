//! Every rule has a pass fixture that triggers no rule at all and a fail
//! fixture that triggers exactly that rule (`fixtures/<id>/{pass,fail}.toml`).

use std::path::PathBuf;

use yusuan_check::fixture::Fixture;
use yusuan_check::{Config, rules};

fn load(id: &str, which: &str) -> Result<Fixture, String> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(id).join(format!("{which}.toml"));
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    Fixture::parse(&text).map_err(|e| format!("{}: {e}", path.display()))
}

#[test]
fn every_rule_has_fixtures_that_pass_and_fail() {
    // YUSUAN_RULE=YS-I016 restricts the test to the rules whose id starts with it.
    let only = std::env::var("YUSUAN_RULE").unwrap_or_default();
    let mut problems = Vec::new();
    for rule in rules::all().iter().filter(|r| r.info().id.starts_with(only.as_str())) {
        let id = rule.info().id;
        let (pass, fail) = match (load(id, "pass"), load(id, "fail")) {
            (Ok(p), Ok(f)) => (p, f),
            (p, f) => {
                problems.extend(p.err().into_iter().chain(f.err()));
                continue;
            }
        };
        let report = yusuan_check::run(&pass.input(), &Config::default());
        if !report.findings.is_empty() {
            problems.push(format!(
                "{id} pass fixture triggers: {:?}",
                report.findings.iter().map(|f| f.to_string()).collect::<Vec<_>>()
            ));
        }
        if report.skipped.contains(&id) {
            problems.push(format!("{id} pass fixture lacks the rule's inputs (skipped)"));
        }
        let report = yusuan_check::run(&fail.input(), &Config::default());
        let fired: std::collections::BTreeSet<&str> = report.findings.iter().map(|f| f.rule).collect();
        if fired != [id].into_iter().collect() {
            problems.push(format!(
                "{id} fail fixture triggers {fired:?}: {:?}",
                report.findings.iter().map(|f| f.to_string()).collect::<Vec<_>>()
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_catalogue_has_at_least_80_rules() {
    assert!(rules::all().len() >= 80, "{} rules", rules::all().len());
}
