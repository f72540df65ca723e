//! Rounding-aware comparisons of printed figures (XBRL Calculations 1.1 style):
//! a figure printed with d decimals stands for [v − ½·10⁻ᵈ, v + ½·10⁻ᵈ]; a
//! total and the sum of its parts are inconsistent only if their intervals
//! cannot meet.

use yusuan_model::view::Table;
use yusuan_model::{Amount, Interval};

use crate::finding::{Evidence, Msg};
use crate::input::{amount, cell_location, interval, show};
use crate::rule::Out;

/// A printed cell: table, row, column.
pub type At<'t> = (&'t Table, usize, usize);

/// A printed cell's amount and interval; `None` for text.
fn value(at: At) -> Option<(At, Amount, Interval)> {
    let (t, r, c) = at;
    let a = amount(t, r, c)?;
    Some((at, a, interval(t, a)))
}

/// The evidence of a cell, built only when a finding is reported.
fn evidence((at, a, _): (At, Amount, Interval)) -> Evidence {
    let (t, r, c) = at;
    Evidence { location: cell_location(t, r, c), quote: show(t, a) }
}

/// Checks `total = Σ parts`. Reports at the total cell, quoting every cell, and
/// returns whether the identity holds (cells that hold text are ignored).
pub fn sum(out: &mut Out, total: At, parts: &[At], what: Msg) -> bool {
    let Some(total_v) = value(total) else { return true };
    let (total_amount, total_iv) = (total_v.1, total_v.2);
    let parts: Vec<(At, Amount, Interval)> = parts.iter().filter_map(|p| value(*p)).collect();
    let sum_iv = parts.iter().fold(Interval::point(0), |acc, p| acc.plus(p.2));
    if total_iv.meets(sum_iv) {
        return true;
    }
    let total_ev = evidence(total_v);
    let t = total.0;
    let sum_amount: Amount = parts.iter().map(|p| p.1).sum();
    let msg = Msg::new(
        format!(
            "{}：印刷数 {} 与各组成部分之和 {} 不符（差 {}），按各数的舍入区间也无法相等",
            what.zh,
            show(t, total_amount),
            show(t, sum_amount),
            show(t, total_amount - sum_amount)
        ),
        format!(
            "{}: printed {} but the parts add up to {} (difference {}), beyond rounding of the printed figures",
            what.en,
            show(t, total_amount),
            show(t, sum_amount),
            show(t, total_amount - sum_amount)
        ),
    );
    out.report(total_ev.location.clone(), msg)
        .expected(show(t, sum_amount))
        .actual(show(t, total_amount))
        .difference(show(t, total_amount - sum_amount))
        .evidences(std::iter::once(total_ev).chain(parts.into_iter().map(evidence)));
    false
}

/// Checks that two printed cells (possibly of two tables) state the same amount.
pub fn equal(out: &mut Out, a: At, b: At, what: Msg) -> bool {
    let (Some(va), Some(vb)) = (value(a), value(b)) else { return true };
    let ((_, aa, ia), (_, ab, ib)) = (va, vb);
    if ia.meets(ib) {
        return true;
    }
    let (ea, eb) = (evidence(va), evidence(vb));
    let (ta, tb) = (a.0, b.0);
    let msg = Msg::new(
        format!("{}：《{}》为 {}，《{}》为 {}", what.zh, ta.title, show(ta, aa), tb.title, show(tb, ab)),
        format!("{}: {} states {}, {} states {}", what.en, ta.title, show(ta, aa), tb.title, show(tb, ab)),
    );
    out.report(ea.location.clone(), msg)
        .expected(show(tb, ab))
        .actual(show(ta, aa))
        .difference(show(ta, aa - ab))
        .evidences([ea, eb]);
    false
}
