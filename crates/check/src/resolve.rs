//! The expected value of a narrative figure, computed from the table views
//! (never from the line items), with the cells it comes from.
//!
//! A claim's key (`total`, `func.213`, `three_public.reception` …; see
//! `yusuan-derive`'s figures) names what the figure measures; [`resolve`] finds
//! the printed cells that state the same quantity and returns their value as
//! the interval the printed cells stand for. Shares are ratios of two such
//! values; `.prior`, `.change`, `.rate` and `.direction` combine the table value
//! with last year's figure from the facts (`prior_year`), when known.
//!
//! | key | view |
//! |---|---|
//! | `total` | summary 支出总计 / 本年支出合计 (a label with 总计: the 总计 row, which a final account prints with the carry-over), else expenditure_summary 合计, else expenditure_by_function 合计 总计 |
//! | `income` | summary 本年收入合计 (else income_by_function 合计 总计, else summary 收入合计 / 收入总计) |
//! | `income.<source>` | summary income row of the source (else income_by_function 合计, source column) |
//! | `basic`, `project` | expenditure_by_function 合计 basic / project (else expenditure_summary, else the summary's 支出用途 panel) |
//! | `reserve` | 单位预留机动经费: expenditure_summary reserve (else the summary's 支出用途 panel) |
//! | `appropriation` | appropriation_summary income 总计 (收入总计 / 收入合计) |
//! | `func.<class>` | summary functional row of the class, by code or by name (else income_by_function / expenditure_by_function class row 总计, else the general-budget table's) |
//! | `func.<item>`, `item.<code>` | general_budget_by_function row of the code (else expenditure_by_function, income_by_function, appropriation_by_function) |
//! | `general_budget.func.<code>` | general_budget_by_function row of the code (classes listed under a 一般公共预算 heading) |
//! | `general_budget(.basic/.project)` | general_budget_by_function 合计 total / basic / project |
//! | `general_budget.personnel/.public` | general_budget_basic_by_economic 合计 personnel / public (else its 人员经费合计 / 公用经费合计 rows) |
//! | `general_budget.basic.econ.<class>` | general_budget_basic_by_economic class row total |
//! | `running_costs` | three_public 机关运行经费 column, else running_costs 合计, else general_budget_basic_by_economic 合计 public (机关运行经费 = 公用经费) |
//! | `procurement` | procurement 合计 subtotal (zero when the table is empty) |
//! | `procurement.<category>` | Σ procurement rows whose category (without an ordinal: `一、货物A`) starts with 货物 / 工程 / 服务 |
//! | `purchased_services` | purchased_services 合计 subtotal (zero when empty) |
//! | `three_public(.abroad/.reception/.vehicles/.vehicle_purchase/.vehicle_running)` | three_public 合计 row |
//! | `project.func.<item>` | Σ projects rows of that functional code, total |
//! | `project.<id>` | Σ projects rows of that project (name from the facts, else the claim's label), total |
//! | `performance.projects` | projects 合计 general_budget |
//! | `performance.department` | general_budget_by_function 合计 total |
//! | `gov_fund` | gov_fund 合计 total (zero when empty) |
//! | `state_capital` | summary income row 国有资本经营… (else projects 合计 state_capital) |
//! | `X.share` | X / income (income sources), X / total (basic, project, reserve, func, general_budget), X / general_budget (general_budget.func), X / three_public (its parts) |
//! | `X.prior` | facts `prior_year` |
//! | `X.change`, `X.rate`, `X.direction` | table value of X against `prior_year` |

use yusuan_model::view::{Cell, ColumnKind, RowKind, Table};
use yusuan_model::{Amount, Figure, FigureUnit, FundingSource, Interval, MoneyUnit, ProcurementCategory, Ratio};

use crate::finding::Evidence;
use crate::input::{self, Claim, ClaimValue, Input};

/// A money value as printed: the sum of printed cells, and the interval they stand for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Money {
    /// The printed value (Σ of the cells as rounded in print).
    pub amount: Amount,
    /// In 1/1000 分 (see [`Figure::interval`]).
    pub interval: Interval,
    pub unit: MoneyUnit,
    pub decimals: u8,
}

impl Money {
    pub fn zero(unit: MoneyUnit, decimals: u8) -> Money {
        Money { amount: Amount::ZERO, interval: Interval::point(0), unit, decimals }
    }

    /// An exact amount (a fact), printed in `unit` with `decimals`.
    pub fn exact(amount: Amount, unit: MoneyUnit, decimals: u8) -> Money {
        let v = amount.fen() as i128 * yusuan_model::money::INTERVAL_SCALE_PER_FEN;
        Money { amount, interval: Interval::point(v), unit, decimals }
    }

    /// A printed figure: its value and interval.
    pub fn of_figure(f: Figure) -> Option<Money> {
        let FigureUnit::Money(unit) = f.unit else { return None };
        let step = unit.fen().checked_div(10_i64.checked_pow(f.decimals as u32)?)?;
        let amount = if step >= 1 {
            Amount::from_fen(f.mantissa.checked_mul(step)?)
        } else {
            // Finer than 1 分: the nearest 分 (display only; the interval is exact).
            Amount::from_fen(f.mantissa / 10_i64.pow(f.decimals as u32 - unit.fen().ilog10()))
        };
        Some(Money { amount, interval: f.interval(), unit, decimals: f.decimals })
    }

    /// A printed table cell.
    fn of_cell(t: &Table, a: Amount) -> Money {
        Money {
            amount: a.round_to(t.unit, t.decimals),
            interval: input::interval(t, a),
            unit: t.unit,
            decimals: t.decimals,
        }
    }

    pub fn plus(self, o: Money) -> Money {
        Money { amount: self.amount + o.amount, interval: self.interval.plus(o.interval), ..self }
    }

    /// `self − o`: the difference of the intervals.
    pub fn minus(self, o: Money) -> Money {
        let interval = Interval { lo: self.interval.lo - o.interval.hi, hi: self.interval.hi - o.interval.lo };
        Money { amount: self.amount - o.amount, interval, ..self }
    }

    /// |self|.
    pub fn abs(self) -> Money {
        let Interval { lo, hi } = self.interval;
        let interval = if lo >= 0 {
            self.interval
        } else if hi <= 0 {
            Interval { lo: -hi, hi: -lo }
        } else {
            Interval { lo: 0, hi: hi.max(-lo) }
        };
        Money { amount: self.amount.abs(), interval, ..self }
    }

    /// The midpoint of the interval, in 1/1000 分.
    pub fn mid(&self) -> i128 {
        (self.interval.lo + self.interval.hi) / 2
    }

    /// Does a printed figure meet this value?
    pub fn meets(&self, f: Figure) -> bool {
        matches!(f.unit, FigureUnit::Money(_)) && f.interval().meets(self.interval)
    }

    /// As printed: `3,927.98`.
    pub fn show(&self) -> String {
        self.amount.format_grouped(self.unit, self.decimals)
    }

    /// With the unit: `3,927.98 万元`.
    pub fn show_unit(&self) -> String {
        format!("{} {}", self.show(), self.unit.label())
    }
}

/// The values a ratio of uncertain numbers can take: from `lo.0 / lo.1` to
/// `hi.0 / hi.1` (no upper bound when `hi` is `None`); denominators positive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RatioRange {
    pub lo: (i128, i128),
    pub hi: Option<(i128, i128)>,
}

/// A percentage's interval is in 10⁻⁶ percent: ratio × 10⁸.
const PERCENT_SCALE: i128 = 100_000_000;

impl RatioRange {
    /// `num / den` for intervals with a positive denominator.
    pub fn quotient(num: Interval, den: Interval) -> Option<RatioRange> {
        if den.lo <= 0 {
            return None;
        }
        let lo = if num.lo >= 0 { (num.lo, den.hi) } else { (num.lo, den.lo) };
        let hi = if num.hi >= 0 { (num.hi, den.lo) } else { (num.hi, den.hi) };
        Some(RatioRange { lo, hi: Some(hi) })
    }

    /// Year-on-year rate on last year's base, from this year's value and the
    /// absolute change: `change / (this − change)` for an increase,
    /// `change / (this + change)` for a decrease.
    pub fn growth(this: Interval, change: Interval, increase: bool) -> Option<RatioRange> {
        if increase {
            let lo_den = this.hi - change.lo;
            let hi_den = this.lo - change.hi;
            (lo_den > 0)
                .then_some(RatioRange { lo: (change.lo, lo_den), hi: (hi_den > 0).then_some((change.hi, hi_den)) })
        } else {
            let lo_den = this.hi + change.lo;
            let hi_den = this.lo + change.hi;
            (lo_den > 0 && hi_den > 0).then_some(RatioRange { lo: (change.lo, lo_den), hi: Some((change.hi, hi_den)) })
        }
    }

    /// Does a printed percentage meet the range?
    pub fn meets_percent(&self, p: Figure) -> bool {
        p.unit == FigureUnit::Percent && self.meets_interval(p.interval())
    }

    /// Does an interval of percentages (in 10⁻⁶ percent, see [`Figure::interval`]) meet the range?
    pub fn meets_interval(&self, iv: Interval) -> bool {
        let below = self.lo.0 * PERCENT_SCALE <= iv.hi * self.lo.1;
        let above = self.hi.is_none_or(|(n, d)| iv.lo * d <= n * PERCENT_SCALE);
        below && above
    }
}

/// A share of a family total, from two printed values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Share {
    pub num: Money,
    pub den: Money,
    pub range: Option<RatioRange>,
}

impl Share {
    pub fn new(num: Money, den: Money) -> Share {
        Share { num, den, range: RatioRange::quotient(num.interval, den.interval) }
    }

    /// The ratio of the printed values.
    pub fn ratio(&self) -> Option<Ratio> {
        (self.den.mid() != 0).then_some(Ratio { num: self.num.mid(), den: self.den.mid() })
    }

    pub fn meets(&self, f: Figure) -> bool {
        self.range.is_some_and(|r| r.meets_percent(f))
    }

    /// `26.74%` (2 decimals), or `—` when the base is zero.
    pub fn show(&self) -> String {
        self.ratio().map_or("—".into(), percent)
    }
}

/// The interval a positive printed figure stands for when its digits after the last printed
/// one were cut off instead of rounded: [v, v + 10⁻ᵈ) (`87.70` for 87.708). `None` for zero
/// and negative figures (whose truncation interval is their rounding interval or reversed).
pub fn truncation(f: Figure) -> Option<Interval> {
    if f.mantissa <= 0 {
        return None;
    }
    let iv = f.interval();
    let step = iv.hi - iv.lo;
    let v = iv.lo + step / 2;
    (step > 1).then_some(Interval { lo: v, hi: v + step - 1 })
}

/// A ratio printed as a percentage with 2 decimals: `47.72%`.
pub fn percent(r: Ratio) -> String {
    format!("{}%", r.percent(2).format())
}

/// The expected value of a claim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Money(Money),
    Share(Share),
    /// A direction word: 增加 / 减少 / 持平.
    Word(&'static str),
}

/// A resolved claim: the value the tables state and the cells (or facts) it rests on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    pub value: Value,
    pub evidence: Vec<Evidence>,
    /// The value is zero because the table is printed empty (with its statement that there is none).
    pub empty: bool,
}

impl Resolved {
    pub fn money(&self) -> Option<Money> {
        match self.value {
            Value::Money(m) => Some(m),
            _ => None,
        }
    }

    /// As printed: `3,927.98 万元`, `26.74%`, `增加`.
    pub fn show(&self) -> String {
        match &self.value {
            Value::Money(m) => m.show_unit(),
            Value::Share(s) => s.show(),
            Value::Word(w) => (*w).to_owned(),
        }
    }
}

/// Does the printed claim agree with the resolved value (rounding-aware)?
/// `None` when they are not comparable (a word against money …).
pub fn agrees(value: &ClaimValue, r: &Resolved) -> Option<bool> {
    match (value, &r.value) {
        (ClaimValue::Money(f), Value::Money(m)) => Some(m.meets(*f)),
        (ClaimValue::Percent(f), Value::Share(s)) => s.range.map(|_| s.meets(*f)),
        (ClaimValue::Word(w), Value::Word(e)) => Some(direction_sign(w)? == direction_sign(e)?),
        _ => None,
    }
}

/// The sign a direction word states: 增加 / 增长 … +1, 减少 / 下降 … −1, 持平 … 0.
pub fn direction_sign(word: &str) -> Option<i8> {
    let w = word.trim();
    const UP: &[&str] = &["增加", "增长", "上升", "提高", "增"];
    const DOWN: &[&str] = &["减少", "下降", "降低", "减", "下调"];
    const FLAT: &[&str] = &["持平", "不变", "一致", "相同", "无变化", "相等"];
    if FLAT.contains(&w) {
        Some(0)
    } else if UP.contains(&w) {
        Some(1)
    } else if DOWN.contains(&w) {
        Some(-1)
    } else {
        None
    }
}

/// The direction word of a sign.
pub fn direction_word(sign: i8) -> &'static str {
    match sign {
        1 => "增加",
        -1 => "减少",
        _ => "持平",
    }
}

/// The evidence a claim gives: its place and its text.
pub fn claim_evidence(c: &Claim) -> Evidence {
    Evidence { location: c.location.clone(), quote: c.text.clone() }
}

/// The money a claim states.
pub fn claim_money(c: &Claim) -> Option<Money> {
    match c.value {
        ClaimValue::Money(f) => Money::of_figure(f),
        _ => None,
    }
}

/// The expected value of a claim.
pub fn resolve_claim(input: &Input, c: &Claim) -> Option<Resolved> {
    resolve(input, &c.key, c.label.as_deref())
}

/// The expected value of the figure `key` (with the label printed next to it,
/// used to find a project by name when the facts are absent).
pub fn resolve(input: &Input, key: &str, label: Option<&str>) -> Option<Resolved> {
    if let Some(base) = key.strip_suffix(".share") {
        return share(input, base, label);
    }
    if let Some(base) = key.strip_suffix(".prior") {
        let (p, ev) = prior(input, base)?;
        let m = money(input, base, label).and_then(|r| r.money());
        let (unit, decimals) = m.map_or((MoneyUnit::WanYuan, 2), |m| (m.unit, m.decimals));
        return Some(Resolved {
            value: Value::Money(Money::exact(p, unit, decimals)),
            evidence: vec![ev],
            empty: false,
        });
    }
    for suffix in [".change", ".rate", ".direction"] {
        if let Some(base) = key.strip_suffix(suffix) {
            return year_on_year(input, base, label, suffix);
        }
    }
    money(input, key, label)
}

fn share(input: &Input, base: &str, label: Option<&str>) -> Option<Resolved> {
    let num = money(input, base, label)?;
    let den = if base.starts_with("income.") {
        money(input, "income", None)?
    } else if base == "basic" || base == "project" || base == "reserve" {
        // The family total of the same table when it prints one.
        expenditure_total(input).or_else(|| money(input, "total", None))?
    } else if base.starts_with("func.") || base == "general_budget" {
        money(input, "total", None)?
    } else if base.starts_with("general_budget.func.") {
        money(input, "general_budget", None)?
    } else if base.starts_with("three_public.") {
        money(input, "three_public", None)?
    } else {
        return None;
    };
    let (n, d) = (num.money()?, den.money()?);
    let mut evidence = num.evidence;
    evidence.extend(den.evidence);
    Some(Resolved { value: Value::Share(Share::new(n, d)), evidence, empty: false })
}

/// The table value of `base` against last year's: the absolute change, the
/// rate on last year's base, or the direction.
fn year_on_year(input: &Input, base: &str, label: Option<&str>, suffix: &str) -> Option<Resolved> {
    let this = money(input, base, label)?;
    let m = this.money()?;
    let (p, ev) = prior(input, base)?;
    let prior = Money::exact(p, m.unit, m.decimals);
    let diff = m.minus(prior);
    let mut evidence = this.evidence;
    evidence.push(ev);
    let value = match suffix {
        ".change" => Value::Money(diff.abs()),
        ".rate" => Value::Share(Share::new(diff.abs(), prior)),
        _ => Value::Word(direction_word(diff.amount.fen().signum() as i8)),
    };
    Some(Resolved { value, evidence, empty: false })
}

/// Last year's figure of `base` from the facts, with its place in the package.
pub fn prior(input: &Input, base: &str) -> Option<(Amount, Evidence)> {
    let b = input.budget?;
    let py = &b.prior_year;
    let tp = |f: fn(&yusuan_model::ThreePublic) -> Amount, field: &str| {
        let needle = if field.is_empty() { "[prior_year.three_public]".to_owned() } else { format!("{field} =") };
        py.three_public.map(|t| (f(&t), Some("[prior_year.three_public]"), needle))
    };
    let (amount, after, needle) = match base {
        "total" => (py.total?, Some("[prior_year]"), "total =".to_owned()),
        "general_budget" => (py.general_budget?, Some("[prior_year]"), "general_budget =".into()),
        "basic" => (py.basic?, Some("[prior_year]"), "basic =".into()),
        "project" => (py.project?, Some("[prior_year]"), "project =".into()),
        "running_costs" => (py.running_costs?, Some("[prior_year]"), "running_costs =".into()),
        "three_public" => tp(|t| t.total(), "")?,
        "three_public.abroad" => tp(|t| t.abroad, "abroad")?,
        "three_public.reception" => tp(|t| t.reception, "reception")?,
        "three_public.vehicles" => tp(|t| t.vehicles(), "vehicle_purchase")?,
        "three_public.vehicle_purchase" => tp(|t| t.vehicle_purchase, "vehicle_purchase")?,
        "three_public.vehicle_running" => tp(|t| t.vehicle_running, "vehicle_running")?,
        _ => {
            let code = base.strip_prefix("func.").or_else(|| base.strip_prefix("general_budget.basic.econ."))?;
            let item = py.items.iter().find(|i| i.code == code)?;
            (item.amount, Some("[prior_year"), format!("\"{code}\""))
        }
    };
    let unit = b.meta.unit;
    let quote = format!("{} {}（{} 年）", amount.format_plain(unit), unit.label(), py.year);
    Some((amount, Evidence { location: input.locate("budget.toml", after, &needle), quote }))
}

// ---- Money keys --------------------------------------------------------------

/// Accumulates printed cells.
struct Acc<'t> {
    table: &'t Table,
    money: Money,
    evidence: Vec<Evidence>,
}

impl<'t> Acc<'t> {
    fn new(table: &'t Table) -> Acc<'t> {
        Acc { table, money: Money::zero(table.unit, table.decimals), evidence: Vec::new() }
    }

    fn add(&mut self, row: usize, col: usize) -> bool {
        let t = self.table;
        let Some(a) = input::amount(t, row, col) else { return false };
        self.money = self.money.plus(Money::of_cell(t, a));
        self.evidence.push(Evidence { location: input::cell_location(t, row, col), quote: input::show(t, a) });
        true
    }

    /// The sum; a table printed without rows counts as zero, quoting its statement.
    fn done(self) -> Resolved {
        let t = self.table;
        let empty = t.rows.is_empty();
        let mut evidence = self.evidence;
        if evidence.is_empty() {
            let quote = t.empty_statement.clone().unwrap_or_default();
            evidence.push(Evidence { location: input::table_location(t), quote });
        }
        Resolved { value: Value::Money(self.money), evidence, empty }
    }
}

/// One cell, by row and column key.
fn cell(t: &Table, row: Option<usize>, col: &str) -> Option<Resolved> {
    let (row, col) = (row?, t.column_index(col)?);
    let mut acc = Acc::new(t);
    acc.add(row, col).then(|| acc.done())
}

/// The 合计 row's cell of a column; zero when the table has no rows.
fn total_cell(input: &Input, role: &str, col: &str) -> Option<Resolved> {
    let t = input.table(role)?;
    let c = t.column_index(col)?;
    let mut acc = Acc::new(t);
    match input::total_row(t) {
        Some(r) => acc.add(r, c).then(|| acc.done()),
        None if t.rows.is_empty() => Some(acc.done()),
        None => {
            // No 合计 row: the sum of the rows.
            (0..t.rows.len()).for_each(|r| {
                acc.add(r, c);
            });
            Some(acc.done())
        }
    }
}

/// Σ of the non-total rows that `keep`, in a column; zero when none.
fn sum_rows(t: &Table, col: &str, keep: impl Fn(&Table, usize) -> bool) -> Option<Resolved> {
    let c = t.column_index(col)?;
    let mut acc = Acc::new(t);
    for r in 0..t.rows.len() {
        if t.rows[r].kind != RowKind::Total && keep(t, r) {
            acc.add(r, c);
        }
    }
    Some(acc.done())
}

fn squeeze(s: &str) -> String {
    s.split_whitespace().collect()
}

/// The text of a cell, or "".
pub fn text_at(t: &Table, r: usize, c: usize) -> &str {
    match t.rows.get(r).and_then(|row| row.cells.get(c)) {
        Some(Cell::Text(s)) => s,
        _ => "",
    }
}

/// Summary tables: the label column of a panel (`income_item`, `functional_item`,
/// `economic_item`) and its first amount column.
pub fn panel(t: &Table, item: &str) -> Option<(usize, usize)> {
    let ic = t.column_index(item)?;
    let ac = ic + 1;
    (t.columns.get(ac)?.kind == ColumnKind::Amount).then_some((ic, ac))
}

/// Summary tables: the first row whose panel label satisfies `pred`.
fn panel_row(t: &Table, item: &str, pred: impl Fn(&str) -> bool) -> Option<Resolved> {
    let (ic, ac) = panel(t, item)?;
    let r = (0..t.rows.len()).find(|&r| pred(&squeeze(text_at(t, r, ic))))?;
    let mut acc = Acc::new(t);
    acc.add(r, ac).then(|| acc.done())
}

/// Does a summary label (`201 一般公共服务支出`) start with `code`?
pub fn starts_with_code(label: &str, code: &str) -> bool {
    label.strip_prefix(code).is_some_and(|rest| !rest.starts_with(|c: char| c.is_ascii_digit()))
}

/// The summary row of a functional or economic class: its index and its name.
pub fn summary_class_row(t: &Table, item: &str, code: &str) -> Option<(usize, String)> {
    let (ic, _) = panel(t, item)?;
    (0..t.rows.len()).find_map(|r| {
        let label = text_at(t, r, ic).trim();
        starts_with_code(label, code).then(|| (r, label[code.len()..].trim().to_owned()))
    })
}

fn expenditure_total(input: &Input) -> Option<Resolved> {
    let t = input.table("expenditure_by_function")?;
    cell(t, input::total_row(t), "total")
}

/// A label without its ordinal: `一、货物A` → `货物A`, `1.一般公共预算` → `一般公共预算`,
/// `（二）项目支出` → `项目支出`.
pub fn strip_ordinal(label: &str) -> &str {
    let t = label.trim();
    let numeral = |c: char| c.is_ascii_digit() || "一二三四五六七八九十".contains(c);
    let mut chars = t.char_indices().peekable();
    let open = matches!(chars.peek(), Some((_, '（' | '(')));
    if open {
        chars.next();
    }
    let mut n = 0;
    while chars.peek().is_some_and(|(_, c)| numeral(*c)) {
        chars.next();
        n += 1;
    }
    if n == 0 {
        return t;
    }
    let end = match chars.next() {
        Some((i, c @ ('）' | ')'))) if open => i + c.len_utf8(),
        Some((i, c @ ('、' | '.' | '．'))) if !open => i + c.len_utf8(),
        _ => return t,
    };
    let rest = &t[end..];
    rest.strip_prefix(['、', '.', '．']).unwrap_or(rest).trim()
}

/// Summary tables: the first row of a panel whose label satisfies `pred` and
/// whose amount is printed (a blank amount there is not a zero: the layout
/// put the number in another panel).
fn panel_row_printed(t: &Table, item: &str, pred: impl Fn(&str) -> bool) -> Option<Resolved> {
    let (ic, ac) = panel(t, item)?;
    let r = (0..t.rows.len())
        .find(|&r| pred(&squeeze(text_at(t, r, ic))) && matches!(t.rows[r].cells.get(ac), Some(Cell::Amount(_))))?;
    let mut acc = Acc::new(t);
    acc.add(r, ac).then(|| acc.done())
}

/// `total`: the summary's 支出总计 / 本年支出合计 (the 总计 row for a label that says
/// 总计: a final account's 收入支出总计 includes the carry-over), else the expenditure summary.
fn total(input: &Input, label: Option<&str>) -> Option<Resolved> {
    let summary = input.table("summary");
    let grand = label.is_some_and(|l| squeeze(l).contains("总计"));
    if grand
        && let Some(r) =
            summary.and_then(|t| panel_row(t, "functional_item", |s| s == "总计" || s.contains("支出总计")))
    {
        return Some(r);
    }
    summary
        .and_then(|t| {
            panel_row(t, "functional_item", |s| s.contains("支出总计"))
                .or_else(|| panel_row(t, "functional_item", |s| s.contains("本年支出合计")))
        })
        .or_else(|| total_cell(input, "expenditure_summary", "total"))
        .or_else(|| expenditure_total(input))
        .or_else(|| {
            let t = summary?;
            panel_row_printed(t, "functional_item", |s| s == "支出合计")
                .or_else(|| panel_row_printed(t, "purpose_item", |s| s == "支出合计"))
        })
}

/// `basic`, `project`, `reserve`: the expenditure table's 合计 row, else the expenditure
/// summary, else the summary's 支出用途 panel (`一、基本支出`).
fn purpose(input: &Input, key: &str) -> Option<Resolved> {
    let words = match key {
        "basic" => "基本支出",
        "project" => "项目支出",
        _ => "预留机动经费",
    };
    (key != "reserve")
        .then(|| total_cell(input, "expenditure_by_function", key))
        .flatten()
        .or_else(|| total_cell(input, "expenditure_summary", key))
        .or_else(|| {
            let t = input.table("summary")?;
            panel_row(t, "purpose_item", |s| strip_ordinal(s).ends_with(words))
        })
}

/// The value of a key.
fn money(input: &Input, key: &str, label: Option<&str>) -> Option<Resolved> {
    let summary = input.table("summary");
    match key {
        "total" => total(input, label),
        "income" => summary
            .and_then(|t| panel_row(t, "income_item", |s| s.contains("本年收入合计")))
            .or_else(|| total_cell(input, "income_by_function", "total"))
            .or_else(|| {
                let t = summary?;
                panel_row_printed(t, "income_item", |s| s == "收入合计" || s == "收入总计")
            }),
        "basic" | "project" | "reserve" => purpose(input, key),
        "appropriation" => input.table("appropriation_summary").and_then(|t| {
            panel_row_printed(t, "income_item", |s| s == "总计" || s.contains("收入总计"))
                .or_else(|| panel_row_printed(t, "income_item", |s| s == "收入合计"))
        }),
        "general_budget" => total_cell(input, "general_budget_by_function", "total"),
        "general_budget.basic" => total_cell(input, "general_budget_by_function", "basic"),
        "general_budget.project" => total_cell(input, "general_budget_by_function", "project"),
        "general_budget.personnel" => total_cell(input, "general_budget_basic_by_economic", "personnel")
            .or_else(|| labelled_total(input, "general_budget_basic_by_economic", "人员经费合计")),
        "general_budget.public" => total_cell(input, "general_budget_basic_by_economic", "public")
            .or_else(|| labelled_total(input, "general_budget_basic_by_economic", "公用经费合计")),
        "running_costs" => total_cell(input, "three_public", "running_costs")
            .or_else(|| total_cell(input, "running_costs", "total"))
            .or_else(|| total_cell(input, "general_budget_basic_by_economic", "public")),
        "procurement" => total_cell(input, "procurement", "subtotal"),
        "purchased_services" => total_cell(input, "purchased_services", "subtotal"),
        "performance.projects" => total_cell(input, "projects", "general_budget"),
        "performance.department" => total_cell(input, "general_budget_by_function", "total"),
        "gov_fund" => total_cell(input, "gov_fund", "total"),
        "state_capital" => summary
            .and_then(|t| panel_row(t, "income_item", |s| s.contains("国有资本经营")))
            .or_else(|| total_cell(input, "projects", "state_capital")),
        "three_public" => total_cell(input, "three_public", "total"),
        _ => {
            // A final account's 年初预算 of the 三公 items: the table's 预算数 columns.
            if key == "three_public.budget" {
                return total_cell(input, "three_public", "budget_total");
            }
            if let Some(part) = key.strip_prefix("three_public.").and_then(|k| k.strip_suffix(".budget")) {
                return total_cell(input, "three_public", &format!("budget_{part}"));
            }
            if let Some(part) = key.strip_prefix("three_public.") {
                return total_cell(input, "three_public", part);
            }
            if let Some(source) = key.strip_prefix("income.") {
                let s = FundingSource::parse(source)?;
                let title = s.title();
                return summary
                    .and_then(|t| panel_row(t, "income_item", |l| l.contains(title)))
                    .or_else(|| total_cell(input, "income_by_function", s.id()));
            }
            if let Some(code) = key.strip_prefix("general_budget.func.") {
                return general_budget_code(input, code);
            }
            if let Some(code) = key.strip_prefix("func.") {
                // An item (款 / 项) of an item paragraph: the general-budget table's row.
                return if code.len() == 3 { func_class(input, code) } else { item(input, code) };
            }
            if let Some(code) = key.strip_prefix("item.") {
                return item(input, code);
            }
            if let Some(code) = key.strip_prefix("general_budget.basic.econ.") {
                let t = input.table("general_budget_basic_by_economic")?;
                return match input::code_row(t, code) {
                    Some(r) => cell(t, Some(r), "total"),
                    None => sum_rows(t, "total", |_, _| false),
                };
            }
            if let Some(cat) = key.strip_prefix("procurement.") {
                let label = ProcurementCategory::parse(cat)?.label();
                let t = input.table("procurement")?;
                let c = t.column_index("category")?;
                return sum_rows(t, "subtotal", |t, r| strip_ordinal(text_at(t, r, c)).starts_with(label));
            }
            if let Some(item) = key.strip_prefix("project.func.") {
                let t = input.table("projects")?;
                return sum_rows(t, "total", |t, r| t.rows[r].code.as_deref() == Some(item));
            }
            if let Some(id) = key.strip_prefix("project.") {
                return project(input, id, label);
            }
            None
        }
    }
}

/// The names a functional code has in the document's tables (by code) and in the catalog.
pub fn class_names(input: &Input, code: &str) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for t in &input.tables {
        let Some(r) = input::code_row(t, code) else { continue };
        let Some(c) = t.column_index("name") else { continue };
        let n = squeeze(text_at(t, r, c));
        if !n.is_empty() && !names.contains(&n) {
            names.push(n);
        }
    }
    if let Some(n) = yusuan_model::Code::parse(code, yusuan_model::Scheme::Functional)
        .and_then(|k| input.catalog.name(yusuan_model::Scheme::Functional, k))
    {
        let n = squeeze(n);
        if !names.contains(&n) {
            names.push(n);
        }
    }
    names
}

/// `func.<class>`: the summary's functional row (by code, else by name: `一、一般公共服务支出`),
/// else the class row of the functional tables.
fn func_class(input: &Input, code: &str) -> Option<Resolved> {
    if let Some(t) = input.table("summary")
        && let Some((ic, ac)) = panel(t, "functional_item")
    {
        let by_code = summary_class_row(t, "functional_item", code).map(|(r, _)| r);
        let names = class_names(input, code);
        let by_name = || {
            (0..t.rows.len()).find(|&r| {
                let label = squeeze(strip_ordinal(text_at(t, r, ic)));
                label.chars().count() >= 2
                    && names.iter().any(|n| *n == label || (label.chars().count() >= 6 && n.starts_with(&label)))
            })
        };
        if let Some(r) = by_code.or_else(by_name) {
            let mut acc = Acc::new(t);
            if acc.add(r, ac) {
                return Some(acc.done());
            }
        }
    }
    for role in ["income_by_function", "expenditure_by_function"] {
        if let Some(t) = input.table(role) {
            return match input::code_row(t, code) {
                Some(r) => cell(t, Some(r), "total"),
                None => sum_rows(t, "total", |_, _| false),
            };
        }
    }
    general_budget_code(input, code)
}

/// `general_budget.func.<code>`: the general-budget table's row of the code (zero when the
/// table does not list it), else the appropriations table's.
fn general_budget_code(input: &Input, code: &str) -> Option<Resolved> {
    for role in ["general_budget_by_function", "appropriation_by_function"] {
        if let Some(t) = input.table(role) {
            return match input::code_row(t, code) {
                Some(r) => cell(t, Some(r), "total"),
                None => sum_rows(t, "total", |_, _| false),
            };
        }
    }
    None
}

/// The total column of the first row whose label starts with `words` (`人员经费合计`).
fn labelled_total(input: &Input, role: &str, words: &str) -> Option<Resolved> {
    let t = input.table(role)?;
    // The row labelled so, with no other label (a garbled row `人员经费合计 公用经费合计 2,152.26` is neither).
    let r = (0..t.rows.len()).find(|&r| {
        let texts: Vec<String> = t.rows[r]
            .cells
            .iter()
            .filter_map(|x| match x {
                Cell::Text(s) if !s.trim().is_empty() => Some(squeeze(s)),
                _ => None,
            })
            .collect();
        matches!(texts.as_slice(), [only] if only.starts_with(words))
    })?;
    cell(t, Some(r), "total")
}

/// `item.<code>` (a functional code of any level restated in an item paragraph):
/// the general-budget table's row, else the expenditure or income table's.
fn item(input: &Input, code: &str) -> Option<Resolved> {
    if code.len() == 3 && input.table("summary").is_some() && input.table("general_budget_by_function").is_none() {
        return func_class(input, code);
    }
    for role in
        ["general_budget_by_function", "expenditure_by_function", "income_by_function", "appropriation_by_function"]
    {
        if let Some(t) = input.table(role)
            && let Some(r) = input::code_row(t, code)
        {
            return cell(t, Some(r), "total");
        }
    }
    None
}

/// The name of project `id`: from the facts, else the end of the claim's label
/// that names a project of the projects table.
pub fn project_name(input: &Input, id: &str, label: Option<&str>) -> Option<String> {
    if let Some(p) = input.budget.and_then(|b| b.project(id)) {
        return Some(p.name.clone());
    }
    let label = squeeze(label?);
    let t = input.table("projects")?;
    let c = t.column_index("project_name")?;
    (0..t.rows.len())
        .map(|r| squeeze(text_at(t, r, c)))
        .filter(|n| !n.is_empty() && label.ends_with(n.as_str()))
        .max_by_key(|n| n.chars().count())
}

fn project(input: &Input, id: &str, label: Option<&str>) -> Option<Resolved> {
    let name = project_name(input, id, label)?;
    let t = input.table("projects")?;
    let c = t.column_index("project_name")?;
    let r = sum_rows(t, "total", |t, r| squeeze(text_at(t, r, c)) == name)?;
    // A project the table does not list is not resolved (it may be named otherwise).
    (r.evidence.iter().any(|e| e.location.cell().is_some())).then_some(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pct(text: &str) -> Figure {
        match input::parse_figure(text, MoneyUnit::WanYuan) {
            Some(f) => f,
            None => panic!("{text}"),
        }
    }

    fn wan(text: &str) -> Interval {
        pct(text.trim_end_matches('%')).interval()
    }

    #[test]
    fn growth_is_on_last_years_base_and_rounding_aware() {
        let (this, change) = (wan("3927.98"), wan("1874.31"));
        let up = RatioRange::growth(this, change, true).expect("positive base");
        assert!(up.meets_percent(pct("91.27%")));
        assert!(!up.meets_percent(pct("47.72%")));
        assert!(!up.meets_percent(pct("91.28%")));
        let on_this = RatioRange::quotient(change, this).expect("positive");
        assert!(on_this.meets_percent(pct("47.72%")));
        // A decrease: 0.18 / (10.98 + 0.18) = 1.61%.
        let down = RatioRange::growth(wan("10.98"), wan("0.18"), false).expect("positive base");
        assert!(down.meets_percent(pct("1.61%")));
        assert!(!down.meets_percent(pct("1.70%")), "0.18 stands for ±0.005: up to 1.66%");
        // Fewer printed decimals widen the interval: 6% stands for [5.5%, 6.5%].
        let basic = RatioRange::quotient(wan("67.51"), wan("1050.18")).expect("positive");
        assert!(basic.meets_percent(pct("6%")));
    }

    #[test]
    fn money_figures_stand_for_their_rounding_interval() {
        let table = Money::of_figure(pct("2877.80")).expect("money");
        assert!(table.meets(pct("2877.8")));
        assert!(!table.meets(pct("2877.9")));
        let sum = table.plus(Money::of_figure(pct("1050.18")).expect("money"));
        assert_eq!(sum.show(), "3,927.98");
        assert!(sum.meets(pct("3927.99")), "two printed cells stand for ±0.01");
        assert_eq!(sum.minus(table).abs().show(), "1,050.18");
    }

    #[test]
    fn ordinals_are_stripped_from_labels() {
        assert_eq!(strip_ordinal("一、货物A"), "货物A");
        assert_eq!(strip_ordinal("三、单位预留机动经费"), "单位预留机动经费");
        assert_eq!(strip_ordinal("1.一般公共预算"), "一般公共预算");
        assert_eq!(strip_ordinal("（二）项目支出"), "项目支出");
        assert_eq!(strip_ordinal("二十一、其他支出"), "其他支出");
        assert_eq!(strip_ordinal("201 一般公共服务支出"), "201 一般公共服务支出");
        assert_eq!(strip_ordinal("合计"), "合计");
    }

    #[test]
    fn truncation_intervals_start_at_the_printed_value() {
        let iv = truncation(pct("87.70")).expect("positive");
        assert!(iv.meets(Money::exact(Amount::from_fen(87_708_000), MoneyUnit::Yuan, 2).interval));
        assert!(!iv.meets(Money::exact(Amount::from_fen(87_699_000), MoneyUnit::Yuan, 2).interval));
        assert!(!iv.meets(Money::exact(Amount::from_fen(87_710_000), MoneyUnit::Yuan, 2).interval));
        assert!(truncation(pct("0")).is_none());
    }

    #[test]
    fn direction_words() {
        assert_eq!(direction_sign("增加"), Some(1));
        assert_eq!(direction_sign("下降"), Some(-1));
        assert_eq!(direction_sign("持平"), Some(0));
        assert_eq!(direction_sign("变化"), None);
    }
}
