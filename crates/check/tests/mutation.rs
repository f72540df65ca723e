//! Mutation test: change any single published number of the example's derived
//! tables, or any figure of its narrative, and at least one error must name
//! that cell or that text span. Prints the detection rate.

use std::path::PathBuf;

use yusuan_check::{CellRef, ClaimValue, Config, Input, Severity, TextRef};
use yusuan_derive::Template;
use yusuan_model::view::{Cell, ColumnKind};
use yusuan_model::{Amount, Figure};

fn example() -> (yusuan_package::Package, yusuan_model::Document) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/jianghan-2022-zhengfuban");
    let p = yusuan_package::load(&dir).unwrap_or_else(|e| panic!("{e}"));
    let t = Template::builtin(&p.budget.meta.template).unwrap();
    let d = yusuan_derive::derive(&p.budget, &p.catalog, &t).unwrap();
    (p, d.document)
}

fn errors_name_cell(input: &Input, cell: &CellRef) -> bool {
    let r = yusuan_check::run(input, &Config::default());
    r.findings.iter().any(|f| f.severity == Severity::Error && f.cells().any(|c| c == cell))
}

fn errors_name_text(input: &Input, text: &TextRef) -> bool {
    let r = yusuan_check::run(input, &Config::default());
    r.findings.iter().any(|f| f.severity == Severity::Error && f.texts().any(|t| t == text))
}

/// +1 in the figure's last printed digit's unit scale: 1 unit of money, 1 percentage point.
fn mutate_figure(f: Figure) -> Figure {
    Figure { mantissa: f.mantissa + 10_i64.pow(f.decimals as u32), ..f }
}

#[test]
fn every_single_changed_number_is_caught() {
    let (p, doc) = example();
    let base = Input::from_package(&p.budget, &p.catalog, &doc, None);
    let baseline = yusuan_check::run(&base, &Config::default());
    assert_eq!(baseline.count(Severity::Error), 0, "the example checks clean before mutation");

    let (mut cells, mut caught_cells, mut missed) = (0, 0, Vec::new());
    for (ti, t) in base.tables.iter().enumerate() {
        for (r, row) in t.rows.iter().enumerate() {
            for (c, col) in t.columns.iter().enumerate() {
                if col.kind != ColumnKind::Amount {
                    continue;
                }
                let old = match row.cells[c] {
                    Cell::Amount(a) => a,
                    Cell::Empty => Amount::ZERO,
                    _ => continue,
                };
                let one = Amount::from_fen(t.unit.fen());
                let mut input = Input::from_package(&p.budget, &p.catalog, &doc, None);
                input.tables[ti].rows[r].cells[c] = Cell::Amount(old + one);
                cells += 1;
                let cell = CellRef { table: t.id.clone(), row: r, col: c };
                if errors_name_cell(&input, &cell) {
                    caught_cells += 1;
                } else {
                    missed.push(format!(
                        "{} row {r} ({}) col {}",
                        t.title,
                        yusuan_check::input::row_label(t, r),
                        col.label
                    ));
                }
            }
        }
    }

    let (mut figures, mut caught_figures) = (0, 0);
    for (k, claim) in base.claims.iter().enumerate() {
        let mut input = Input::from_package(&p.budget, &p.catalog, &doc, None);
        let changed = match &claim.value {
            ClaimValue::Money(f) => ClaimValue::Money(mutate_figure(*f)),
            ClaimValue::Percent(f) => ClaimValue::Percent(mutate_figure(*f)),
            ClaimValue::Word(w) => ClaimValue::Word(if w == "增加" { "减少".into() } else { "增加".into() }),
        };
        input.claims[k].value = changed;
        figures += 1;
        let yusuan_check::Location::Text { text, .. } = &claim.location else { continue };
        if errors_name_text(&input, text) {
            caught_figures += 1;
        } else {
            missed.push(format!("narrative figure {} = {} ({})", claim.key, claim.text, text.section));
        }
    }

    let rate = |a: usize, b: usize| if b == 0 { 100.0 } else { 100.0 * a as f64 / b as f64 };
    println!("table cells: {caught_cells}/{cells} caught ({:.1}%)", rate(caught_cells, cells));
    println!("narrative figures: {caught_figures}/{figures} caught ({:.1}%)", rate(caught_figures, figures));
    for m in &missed {
        println!("  missed: {m}");
    }
    assert!(cells > 500 && figures > 50, "the mutation covers the document ({cells} cells, {figures} figures)");
    assert!(missed.is_empty(), "{} single-number changes went unnoticed:\n{}", missed.len(), missed.join("\n"));
}
