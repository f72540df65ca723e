//! The checker: one rule engine for packages (facts and the views derived from
//! them) and for published documents (views read from them).
//!
//! - [`rules::all`] is the catalogue; each rule has a stable id, a severity, a
//!   category, what / why / example docs, and declared needs ([`rule::Need`]);
//! - [`run`] runs every rule whose needs the [`Input`] meets, applies the
//!   [`Config`] overrides, and returns a [`Report`];
//! - comparisons of printed figures are rounding-aware ([`compare`]): a figure
//!   printed with d decimals stands for an interval, and a sum is inconsistent
//!   only if the intervals cannot meet.

pub mod compare;
pub mod config;
pub mod finding;
pub mod fixture;
pub mod input;
pub mod report;
pub mod resolve;
pub mod rule;
pub mod rules;

pub use config::{AppliedOverride, Config, Setting};
pub use finding::{Category, CellRef, Evidence, Finding, Lang, Location, Msg, Severity, TextRef};
pub use input::{Claim, ClaimValue, FactParts, Input, Paragraph};
pub use rule::{Need, Out, Rule, RuleInfo};

/// The result of a check.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Report {
    pub findings: Vec<Finding>,
    /// Rules that did not run because their inputs were absent.
    pub skipped: Vec<&'static str>,
    /// Overrides in force.
    pub overrides: Vec<AppliedOverride>,
}

impl Report {
    pub fn count(&self, s: Severity) -> usize {
        self.findings.iter().filter(|f| f.severity == s).count()
    }
    pub fn has_errors(&self) -> bool {
        self.count(Severity::Error) > 0
    }
}

/// Runs the catalogue over `input`.
pub fn run(input: &Input, config: &Config) -> Report {
    run_rules(rules::all(), input, config)
}

/// Runs the given rules over `input`, spread over the available cores (rules
/// are independent; each runs wholly on one thread, so the report is the same
/// whatever the number of threads).
pub fn run_rules(rules: &[&dyn Rule], input: &Input, config: &Config) -> Report {
    let in_force = config.in_force(input.region.as_deref(), input.template.as_deref());
    let setting = |id: &str| in_force.iter().find(|(k, _, _)| k == id).map(|(_, s, _)| *s);
    let run_one = |rule: &&dyn Rule| -> Result<Vec<Finding>, &'static str> {
        let info = rule.info();
        if !info.needs.iter().all(|n| input.has(*n)) {
            return Err(info.id);
        }
        let mut out = Out::new(info);
        rule.check(input, &mut out);
        let mut found = out.into_findings();
        if let Some(Setting::Severity(s)) = setting(info.id) {
            found.iter_mut().for_each(|f| f.severity = s);
        }
        Ok(found)
    };
    let active: Vec<&&dyn Rule> = rules.iter().filter(|r| setting(r.info().id) != Some(Setting::Off)).collect();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(8).min(active.len().max(1));
    let results: Vec<(usize, Result<Vec<Finding>, &'static str>)> = if threads <= 1 {
        active.iter().enumerate().map(|(i, r)| (i, run_one(r))).collect()
    } else {
        std::thread::scope(|scope| {
            let handles: Vec<_> = (0..threads)
                .map(|k| {
                    let (active, run_one) = (&active, &run_one);
                    scope.spawn(move || {
                        active
                            .iter()
                            .enumerate()
                            .skip(k)
                            .step_by(threads)
                            .map(|(i, r)| (i, run_one(r)))
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            let mut all: Vec<_> = handles.into_iter().flat_map(|h| h.join().expect("a rule panicked")).collect();
            all.sort_by_key(|(i, _)| *i);
            all
        })
    };
    let mut findings = Vec::new();
    let mut skipped = Vec::new();
    for (_, r) in results {
        match r {
            Ok(found) => findings.extend(found),
            Err(id) => skipped.push(id),
        }
    }
    findings.sort_by(|a, b| a.severity.cmp(&b.severity).then(a.rule.cmp(b.rule)));
    let overrides = in_force
        .into_iter()
        .map(|(rule, s, scope)| AppliedOverride {
            rule,
            setting: match s {
                Setting::Off => "off".into(),
                Setting::Severity(s) => s.id().into(),
            },
            scope,
        })
        .collect();
    Report { findings, skipped, overrides }
}
