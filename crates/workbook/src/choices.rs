//! The values of the closed lists (drop-downs) and their normalisation.

use yusuan_model::{ExpenseKind, FundingSource, MoneyUnit, ProcurementCategory, ProjectCategory, ProjectFrequency};

use crate::records::{GOAL_KINDS, PERF_TEXTS, STAFF_KINDS};
use crate::spec::Choice;

const LEVELS_CSV: &str = include_str!("../../../catalog/perf_indicator_levels.csv");

/// The indicator framework's (一级, 二级) pairs.
fn levels() -> impl Iterator<Item = (&'static str, &'static str)> {
    LEVELS_CSV.lines().skip(1).filter_map(|l| {
        let mut f = l.split(',');
        Some((f.next()?.trim(), f.next()?.trim()))
    })
}

/// The labels offered for `c` (empty for the lists drawn from other sheets).
pub fn labels(c: Choice) -> Vec<String> {
    fn of<T: Copy>(all: &[T], label: fn(T) -> &'static str) -> Vec<String> {
        all.iter().map(|&v| label(v).to_owned()).collect()
    }
    let firsts = |t: &[(&str, &str)]| t.iter().map(|(l, _)| (*l).to_owned()).collect();
    match c {
        Choice::Source => of(FundingSource::ALL, FundingSource::label),
        Choice::ExpenseKind => of(ExpenseKind::ALL, ExpenseKind::label),
        Choice::ProjectCategory => of(ProjectCategory::ALL, ProjectCategory::label),
        Choice::Frequency => of(ProjectFrequency::ALL, ProjectFrequency::label),
        Choice::Procurement => of(ProcurementCategory::ALL, ProcurementCategory::label),
        Choice::MoneyUnit => vec![MoneyUnit::WanYuan.label().into(), MoneyUnit::Yuan.label().into()],
        Choice::GoalKind => firsts(&GOAL_KINDS),
        Choice::StaffKind => firsts(&STAFF_KINDS),
        Choice::PerfText => firsts(&PERF_TEXTS),
        Choice::Scheme => vec!["功能".into(), "经济".into()],
        Choice::Level1 => dedup(levels().map(|(a, _)| a)),
        Choice::Level2 => dedup(levels().map(|(_, b)| b)),
        Choice::Unit | Choice::Project => Vec::new(),
    }
}

fn dedup<'a>(it: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for v in it {
        if !out.iter().any(|o| o == v) {
            out.push(v.to_owned());
        }
    }
    out
}

/// The label of a typed value, accepting the vocabularies' aliases.
pub fn normalize(c: Choice, t: &str) -> Option<String> {
    let t = t.trim();
    let label = match c {
        Choice::Source => FundingSource::parse(t).map(FundingSource::label),
        Choice::ExpenseKind => ExpenseKind::parse(t).map(ExpenseKind::label),
        Choice::ProjectCategory => ProjectCategory::parse(t).map(ProjectCategory::label),
        Choice::Frequency => ProjectFrequency::parse(t).map(ProjectFrequency::label),
        Choice::Procurement => ProcurementCategory::parse(t).map(ProcurementCategory::label),
        Choice::MoneyUnit => MoneyUnit::parse(t).map(MoneyUnit::label),
        _ => None,
    };
    label.map(str::to_owned).or_else(|| labels(c).into_iter().find(|l| l == t))
}
