//! The rule interface: a stable id, a documented purpose, declared needs, and
//! a check over an [`Input`].

use crate::finding::{Category, Evidence, Finding, Location, Msg, Severity};
use crate::input::Input;

/// What a rule needs to run; a rule whose needs are absent is skipped, not failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// A table view of this role (`summary`, `expenditure_by_function` …).
    Table(&'static str),
    /// A table view of any of these roles.
    AnyTable(&'static [&'static str]),
    /// Form views of this role (`department_performance`, `project_performance`).
    Form(&'static str),
    /// Figures stated in the narrative.
    Claims,
    /// Narrative paragraphs.
    Paragraphs,
    /// Facts: expenditure line items.
    LineItems,
    /// Facts: projects.
    Projects,
    /// Facts: staffing.
    Staffing,
    /// Facts: contact.
    Contact,
    /// Facts: department performance targets.
    DepartmentPerformance,
    /// Facts: income by source.
    Income,
    /// Facts, and the own budgets (单位预算) of some of the department's units.
    Units,
}

/// The documentation and identity of a rule.
#[derive(Debug)]
pub struct RuleInfo {
    /// Stable id: `YS-` + category letter + number (`YS-I001`).
    pub id: &'static str,
    pub severity: Severity,
    pub category: Category,
    /// Short title, Chinese.
    pub title: &'static str,
    /// Short title, English.
    pub title_en: &'static str,
    /// What it checks.
    pub what: &'static str,
    /// Why it matters.
    pub why: &'static str,
    /// An example of a failure.
    pub example: &'static str,
    pub needs: &'static [Need],
}

/// A rule of the catalogue.
pub trait Rule: Send + Sync {
    fn info(&self) -> &RuleInfo;
    fn check(&self, input: &Input, out: &mut Out);
}

/// A rule that is a function: its info and the check to run.
pub struct FnRule {
    pub info: &'static RuleInfo,
    pub run: fn(&Input, &mut Out),
}

impl Rule for FnRule {
    fn info(&self) -> &RuleInfo {
        self.info
    }
    fn check(&self, input: &Input, out: &mut Out) {
        (self.run)(input, out)
    }
}

/// Where a rule reports its findings; it stamps them with the rule's id and severity.
pub struct Out<'r> {
    pub(crate) rule: &'r RuleInfo,
    pub(crate) findings: Vec<Finding>,
}

impl<'r> Out<'r> {
    pub fn new(rule: &'r RuleInfo) -> Out<'r> {
        Out { rule, findings: Vec::new() }
    }

    /// Reports a finding at `location`; add values and evidence with the builder.
    pub fn report(&mut self, location: Location, message: Msg) -> FindingBuilder<'_> {
        self.findings.push(Finding {
            rule: self.rule.id,
            severity: self.rule.severity,
            message,
            location,
            expected: None,
            actual: None,
            difference: None,
            evidence: Vec::new(),
        });
        FindingBuilder { finding: self.findings.last_mut().expect("just pushed") }
    }

    pub fn into_findings(self) -> Vec<Finding> {
        self.findings
    }
}

/// Adds values and evidence to a finding just reported.
pub struct FindingBuilder<'a> {
    finding: &'a mut Finding,
}

impl FindingBuilder<'_> {
    pub fn expected(self, v: impl Into<String>) -> Self {
        self.finding.expected = Some(v.into());
        self
    }
    pub fn actual(self, v: impl Into<String>) -> Self {
        self.finding.actual = Some(v.into());
        self
    }
    pub fn difference(self, v: impl Into<String>) -> Self {
        self.finding.difference = Some(v.into());
        self
    }
    pub fn evidence(self, location: Location, quote: impl Into<String>) -> Self {
        self.finding.evidence.push(Evidence { location, quote: quote.into() });
        self
    }
    pub fn evidences(self, items: impl IntoIterator<Item = Evidence>) -> Self {
        self.finding.evidence.extend(items);
        self
    }
}

/// Declares a rule's [`RuleInfo`] as a static.
#[macro_export]
macro_rules! rule_info {
    ($name:ident, $id:literal, $sev:ident, $cat:ident, $title:literal, $title_en:literal,
     what: $what:literal, why: $why:literal, example: $example:literal, needs: [$($need:expr),* $(,)?]) => {
        pub static $name: $crate::rule::RuleInfo = $crate::rule::RuleInfo {
            id: $id,
            severity: $crate::finding::Severity::$sev,
            category: $crate::finding::Category::$cat,
            title: $title,
            title_en: $title_en,
            what: $what,
            why: $why,
            example: $example,
            needs: &[$($need),*],
        };
    };
}
