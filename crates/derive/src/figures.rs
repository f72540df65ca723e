//! The figures of the narrative, computed from the facts. Each has a stable
//! key (`total`, `basic.share`, `three_public.reception.change` …) so that the
//! narrative template, the checker and the renderers refer to the same thing.

use std::collections::BTreeMap;

use yusuan_model::{Amount, Budget, ExpenseKind, FundingSource, Level, MoneyUnit, ProcurementCategory, Ratio};

/// A derived figure: its exact value and how the narrative prints it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FigureValue {
    Money(Amount),
    /// A share or growth rate; printed rounded.
    Ratio(Ratio),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DerivedFigure {
    pub value: FigureValue,
    /// As printed in the narrative: `3927.98`, `47.72%`.
    pub text: String,
}

/// All figures of a budget, by key.
#[derive(Debug, Clone)]
pub struct Figures {
    pub unit: MoneyUnit,
    pub decimals: u8,
    pub map: BTreeMap<String, DerivedFigure>,
}

/// Narrative money: the table unit with all its decimals (`2877.80`), so that
/// the printed figure is as precise as the tables it comes from.
pub fn money_text(a: Amount, unit: MoneyUnit, decimals: u8) -> String {
    a.format(unit, decimals)
}

/// Percentages with 2 decimals, trailing zeros dropped (`26.74%`, `100%`).
pub fn percent_text(r: Ratio) -> String {
    let s = r.percent(2).format();
    let s = if s.contains('.') { s.trim_end_matches('0').trim_end_matches('.').to_owned() } else { s };
    format!("{s}%")
}

impl Figures {
    fn money(&mut self, key: impl Into<String>, a: Amount) {
        let text = money_text(a, self.unit, self.decimals);
        self.map.insert(key.into(), DerivedFigure { value: FigureValue::Money(a), text });
    }

    fn ratio(&mut self, key: impl Into<String>, r: Option<Ratio>) {
        if let Some(r) = r {
            self.map.insert(key.into(), DerivedFigure { value: FigureValue::Ratio(r), text: percent_text(r) });
        }
    }

    /// `key`, `key.prior`, `key.change` (absolute), `key.rate` (on last year's base).
    fn yoy(&mut self, key: &str, this: Amount, prior: Option<Amount>) {
        self.money(key, this);
        if let Some(p) = prior {
            self.money(format!("{key}.prior"), p);
            self.money(format!("{key}.change"), (this - p).abs());
            self.ratio(format!("{key}.rate"), Ratio::growth(this, p).map(|r| Ratio { num: r.num.abs(), den: r.den }));
            self.map.insert(
                format!("{key}.direction"),
                DerivedFigure { value: FigureValue::Money(this - p), text: direction(this - p).to_owned() },
            );
        }
    }

    pub fn get(&self, key: &str) -> Option<&DerivedFigure> {
        self.map.get(key)
    }

    pub fn amount(&self, key: &str) -> Option<Amount> {
        match self.get(key)?.value {
            FigureValue::Money(a) => Some(a),
            FigureValue::Ratio(_) => None,
        }
    }
}

/// 增加 / 减少 / 持平 for a change.
pub fn direction(change: Amount) -> &'static str {
    match change.fen().signum() {
        1 => "增加",
        -1 => "减少",
        _ => "持平",
    }
}

/// Computes every narrative figure.
pub fn compute(b: &Budget, unit: MoneyUnit, decimals: u8) -> Figures {
    let mut f = Figures { unit, decimals, map: BTreeMap::new() };
    let prior = &b.prior_year;
    let total = b.sum(|_| true);
    let income_total: Amount = b.income.iter().map(|i| i.amount).sum();
    f.yoy("total", total, prior.total);
    f.money("income", income_total);
    for s in FundingSource::ALL {
        let a: Amount = b.income.iter().filter(|i| i.source == *s).map(|i| i.amount).sum();
        if !a.is_zero() {
            f.money(format!("income.{}", s.id()), a);
            f.ratio(format!("income.{}.share", s.id()), Ratio::new(a, income_total));
        }
        let spent = b.sum(|l| l.source == *s);
        if !spent.is_zero() {
            f.money(format!("spend.{}", s.id()), spent);
        }
    }
    let basic = b.sum(|l| l.kind.is_basic());
    let project = b.sum(|l| l.kind == ExpenseKind::Project);
    f.yoy("basic", basic, prior.basic);
    f.yoy("project", project, prior.project);
    f.ratio("basic.share", Ratio::new(basic, total));
    f.ratio("project.share", Ratio::new(project, total));

    // 一般公共预算.
    let gb = |l: &yusuan_model::LineItem| l.source == FundingSource::GeneralBudget;
    f.yoy("general_budget", b.sum(gb), prior.general_budget);
    f.money("general_budget.basic", b.sum(|l| gb(l) && l.kind.is_basic()));
    f.money("general_budget.project", b.sum(|l| gb(l) && l.kind == ExpenseKind::Project));
    f.money("general_budget.personnel", b.sum(|l| gb(l) && l.kind == ExpenseKind::Personnel));
    f.money("general_budget.public", b.sum(|l| gb(l) && l.kind == ExpenseKind::Public));
    for l in b.line_items.iter().filter(|l| gb(l) && l.kind.is_basic()) {
        let class = l.economic.class();
        let key = format!("general_budget.basic.econ.{class}");
        let a = f.amount(&key).unwrap_or_default() + l.amount;
        f.money(key, a);
    }
    f.money("gov_fund", b.sum(|l| l.source == FundingSource::GovFund));
    f.money("state_capital", b.sum(|l| l.source == FundingSource::StateCapital));

    // Functional classes and project money per functional item.
    for l in &b.line_items {
        let class = l.functional.class();
        let key = format!("func.{class}");
        let a = f.amount(&key).unwrap_or_default() + l.amount;
        f.money(key, a);
        if l.kind == ExpenseKind::Project {
            let item = l.functional.at(Level::Item).unwrap_or(l.functional);
            let key = format!("project.func.{item}");
            let a = f.amount(&key).unwrap_or_default() + l.amount;
            f.money(key, a);
            if let Some(p) = &l.project {
                let key = format!("project.{p}");
                let a = f.amount(&key).unwrap_or_default() + l.amount;
                f.money(key, a);
            }
        }
    }
    for key in f.map.keys().filter(|k| k.starts_with("func.")).cloned().collect::<Vec<_>>() {
        let a = f.amount(&key).unwrap_or_default();
        f.ratio(format!("{key}.share"), Ratio::new(a, total));
    }

    // 机关运行经费: 公用经费 of 基本支出 financed by 财政拨款.
    let running = b.sum(|l| l.kind == ExpenseKind::Public && l.source.is_appropriation());
    f.yoy("running_costs", running, prior.running_costs);

    // 政府采购, 政府购买服务.
    let procurement: Amount = b.procurement.iter().map(|p| p.amount).sum();
    f.money("procurement", procurement);
    for c in ProcurementCategory::ALL {
        let a: Amount = b.procurement.iter().filter(|p| p.category == *c).map(|p| p.amount).sum();
        f.money(format!("procurement.{}", c.id()), a);
    }
    f.money("purchased_services", b.purchased_services.iter().map(|p| p.amount).sum());

    // “三公” from the economic items, 一般公共预算 money.
    let tp = three_public(b);
    let prior_tp = prior.three_public;
    f.yoy("three_public", tp.total(), prior_tp.map(|p| p.total()));
    f.yoy("three_public.abroad", tp.abroad, prior_tp.map(|p| p.abroad));
    f.yoy("three_public.reception", tp.reception, prior_tp.map(|p| p.reception));
    f.yoy("three_public.vehicles", tp.vehicles(), prior_tp.map(|p| p.vehicles()));
    f.yoy("three_public.vehicle_purchase", tp.vehicle_purchase, prior_tp.map(|p| p.vehicle_purchase));
    f.yoy("three_public.vehicle_running", tp.vehicle_running, prior_tp.map(|p| p.vehicle_running));

    // 预算绩效: projects under performance management, and the whole department.
    let with_targets = |l: &yusuan_model::LineItem| {
        l.project.as_deref().and_then(|p| b.project(p)).is_some_and(|p| p.performance.is_some())
    };
    f.money("performance.projects", b.sum(|l| gb(l) && with_targets(l)));
    f.money("performance.department", b.sum(gb));
    f
}

/// “三公” of 一般公共预算 money, from economic items 30212 / 31013 / 30231 / 30217.
pub fn three_public(b: &Budget) -> yusuan_model::ThreePublic {
    let econ = |code: &str| b.sum(|l| l.source == FundingSource::GeneralBudget && l.economic.as_str() == code);
    yusuan_model::ThreePublic {
        abroad: econ("30212"),
        vehicle_purchase: econ("31013"),
        vehicle_running: econ("30231"),
        reception: econ("30217"),
    }
}
