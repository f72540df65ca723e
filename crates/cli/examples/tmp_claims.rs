// TEMPORARY debugging tool (to be deleted): every narrative figure with its resolved table value.
use yusuan_check::{Claim, ClaimValue, Input, Location, TextRef};
use yusuan_ingest::narrative::StatedValue;
use yusuan_model::{Catalog, Figure, FigureUnit};

fn main() {
    let path = std::env::args().nth(1).unwrap();
    let catalog = Catalog::embedded();
    let doc = yusuan_ingest::read_path(std::path::Path::new(&path)).unwrap();
    let rec = yusuan_ingest::recognize::recognize(&doc);
    let views = yusuan_ingest::views::build_views(&doc, &rec);
    let n = yusuan_ingest::narrative::read_narrative(&doc, &catalog);
    let mut input = Input::empty(&catalog);
    input.tables = views.tables;
    input.template = rec.template.clone();
    if let Ok(role) = std::env::var("TABLE") {
        for t in input.tables.iter().filter(|t| t.role == role) {
            println!(
                "{} {:?}",
                t.title,
                t.columns.iter().map(|c| format!("{}|{}", c.key, c.label)).collect::<Vec<_>>()
            );
            for r in &t.rows {
                println!("  {:?} {:?} {:?}", r.kind, r.code, r.cells);
            }
        }
        return;
    }
    let claims: Vec<Claim> = n
        .figures
        .iter()
        .map(|f| {
            let p = &n.paragraphs[f.paragraph];
            let value = match &f.value {
                StatedValue::Money { mantissa, decimals, unit } => ClaimValue::Money(Figure {
                    mantissa: *mantissa,
                    decimals: *decimals,
                    unit: FigureUnit::Money(*unit),
                }),
                StatedValue::Percent { mantissa, decimals } => {
                    ClaimValue::Percent(Figure { mantissa: *mantissa, decimals: *decimals, unit: FigureUnit::Percent })
                }
                StatedValue::Word(w) => ClaimValue::Word(w.clone()),
            };
            Claim {
                key: f.key.clone(),
                text: f.text.clone(),
                value,
                label: f.label.clone(),
                location: Location::Text {
                    text: TextRef { section: p.section.clone(), paragraph: p.index, start: f.start, end: f.end },
                    heading: p.heading.clone(),
                    excerpt: f.text.clone(),
                    line: Some(p.line),
                },
            }
        })
        .collect();
    input.claims = claims.clone();
    if std::env::var("RUN").is_ok() {
        input.paragraphs = n
            .paragraphs
            .iter()
            .filter(|p| !p.in_tables_part)
            .map(|p| yusuan_check::Paragraph {
                section: p.section.clone(),
                heading: p.heading.clone(),
                index: p.index,
                text: p.text.clone(),
                line: Some(p.line),
            })
            .collect();
        let find = |s: &str| -> Option<i32> {
            let chars: Vec<char> = s.chars().collect();
            (0..chars.len().saturating_sub(4)).find_map(|i| {
                let y: String = chars[i..i + 4].iter().collect();
                let after = chars[i + 4..].iter().find(|c| !c.is_whitespace());
                (y.starts_with("20") && y.bytes().all(|b| b.is_ascii_digit()) && after == Some(&'年'))
                    .then(|| y.parse().ok())?
            })
        };
        input.year =
            rec.tables.iter().find_map(|t| find(&t.title)).or_else(|| doc.lines.iter().take(20).find_map(|l| find(l)));
        let report = yusuan_check::run(&input, &yusuan_check::Config::default());
        for f in report.findings.iter().filter(|f| f.rule.starts_with("YS-N")) {
            let line = match &f.location {
                Location::Text { line, .. } => line.unwrap_or(0),
                _ => 0,
            };
            println!("{} {:?} L{} {}", f.rule, f.severity, line, f.message.zh);
        }
        return;
    }
    let filter = std::env::args().nth(2);
    let mut last_p = usize::MAX;
    for (f, c) in n.figures.iter().zip(&claims) {
        if let Some(k) = &filter {
            if !f.key.contains(k.as_str()) {
                continue;
            }
        }
        if f.paragraph != last_p {
            let p = &n.paragraphs[f.paragraph];
            println!("P{} L{} [{}] {}", p.index, p.line, p.heading, p.text.chars().take(100).collect::<String>());
            last_p = f.paragraph;
        }
        let r = yusuan_check::resolve::resolve_claim(&input, c);
        let shown = r.as_ref().map(|r| r.show()).unwrap_or_else(|| "-".into());
        let ok = r.as_ref().and_then(|r| yusuan_check::resolve::agrees(&c.value, r));
        let unit = match &f.value {
            StatedValue::Money { unit, .. } => unit.label(),
            StatedValue::Percent { .. } => "%",
            _ => "w",
        };
        println!("    {:<36} {:<12} {:<3} {:<24} {:?} {:?}", f.key, f.text, unit, shown, ok, f.label);
    }
    if std::env::var("UNBOUND").is_ok() {
        for u in &n.summary.unbound {
            println!("  -- P{} {} {}", u.paragraph, u.text, u.reason);
        }
    }
}
