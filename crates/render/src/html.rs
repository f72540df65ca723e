//! One self-contained, print-ready HTML file (A4) for a disclosure.
//!
//! The Rust side flattens the document into a presentation model (every
//! figure already formatted, every class decided); the minijinja template
//! `templates/document.html` only lays it out. The template's name ends in
//! `.html`, so minijinja HTML-escapes every value it prints; the only unescaped
//! value is our own stylesheet (`templates/print.css`).

use std::sync::OnceLock;

use minijinja::syntax::SyntaxConfig;
use minijinja::value::Serde;
use minijinja::{Environment, Value};
use serde::Serialize;
use yusuan_model::view::{Block, Cell, ColumnKind, Document, Form, HeaderCell, Paragraph, RowKind, Span, Table};

use crate::markdown::unit_name_line;
use crate::outline::{Item, Outline};

/// Tables and forms with more leaf columns than this print on a landscape A4 page.
pub const LANDSCAPE_ABOVE_COLUMNS: usize = 8;
/// Tables and forms with more leaf columns than this also use a smaller font.
pub const DENSE_ABOVE_COLUMNS: usize = 12;

const TEMPLATE: &str = include_str!("../templates/document.html");
const CSS: &str = include_str!("../templates/print.css");

fn env() -> &'static Environment<'static> {
    static ENV: OnceLock<Environment<'static>> = OnceLock::new();
    ENV.get_or_init(|| {
        let mut env = Environment::new();
        env.set_syntax(SyntaxConfig::builder().trim_blocks(true).lstrip_blocks(true).build().expect("valid syntax"));
        env.add_template("document.html", TEMPLATE).expect("templates/document.html parses");
        env
    })
}

/// Renders the whole document as one self-contained HTML file (UTF-8, no
/// external resources).
///
/// Layout for print (Chromium `--print-to-pdf`, or a browser's print dialog):
/// - A4 portrait, page number centred in the footer (`— 3 —`, CSS page margin
///   boxes; Chromium ≥ 131), no number on the cover;
/// - a cover with the title and department, then the 目录 linking to every
///   section (`Section::id`) and every table (`tbl-<Table::id>`);
/// - each part (level-1 section) and each table or form of a table-only section
///   starts a new page; tables with more than [`LANDSCAPE_ABOVE_COLUMNS`] leaf
///   columns go on a landscape page (CSS named page `wide`), and with more than
///   [`DENSE_ABOVE_COLUMNS`] also in a smaller font;
/// - header rows repeat on every page a table spans; body rows do not split;
/// - derived figures of the narrative are `<span class="fig" data-key="…">`.
pub fn html(doc: &Document) -> String {
    render_page(&Page::new(doc, false))
}

/// [`html`] with the address of every finding's place on the element that
/// shows it, for the web UI that highlights findings in place:
/// - every body cell of a table `data-cell="<table id>:<row>:<col>"` (row: index
///   in the view's body rows, col: leaf column index) and of a form
///   `data-cell="<form id>:<grid row>:<cell index>"`, as
///   `yusuan_check::CellRef` names them;
/// - every narrative paragraph and list item `data-text="<section id>:<index>"`
///   (the paragraph index in its section, each list item counted), as `TextRef`.
///
/// Otherwise the page is the same as [`html`]'s.
pub fn html_addressed(doc: &Document) -> String {
    render_page(&Page::new(doc, true))
}

fn render_page(page: &Page) -> String {
    env()
        .get_template("document.html")
        .and_then(|t| {
            t.render(
                minijinja::context! { doc => Value::from(Serde(page)), css => Value::from_safe_string(CSS.to_owned()) },
            )
        })
        .expect("the built-in template renders every document")
}

/// The presentation model of [`html`] as JSON: every figure formatted, every
/// class (`newpage`, `wide`, `dense`, row and cell classes) decided. Other
/// layout engines (the PDF renderer) lay out the same model, so all outputs
/// agree on what is printed where.
pub fn presentation_json(doc: &Document) -> String {
    serde_json::to_string(&Page::new(doc, false)).expect("the presentation model serializes")
}

#[derive(Serialize)]
struct Page {
    title: String,
    department: String,
    year: i32,
    toc: Vec<Toc>,
    groups: Vec<Group>,
}

#[derive(Serialize)]
struct Toc {
    level: u8,
    text: String,
    href: String,
    is_table: bool,
}

/// Headings kept together with the block that follows them, so that a page
/// break or a landscape page takes the headings along.
#[derive(Serialize)]
struct Group {
    classes: Vec<&'static str>,
    headings: Vec<Heading>,
    block: Option<HBlock>,
}

#[derive(Serialize)]
struct Heading {
    tag: &'static str,
    level: u8,
    id: String,
    text: String,
}

#[derive(Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum HBlock {
    Paragraph {
        spans: Vec<HSpan>,
        /// `section:paragraph` ([`html_addressed`] only).
        #[serde(skip_serializing_if = "Option::is_none")]
        addr: Option<String>,
    },
    List {
        items: Vec<Vec<HSpan>>,
        /// `section:paragraph` of each item ([`html_addressed`] only).
        #[serde(skip_serializing_if = "Vec::is_empty")]
        addrs: Vec<String>,
    },
    Table(HTable),
    Form(HForm),
}

#[derive(Serialize)]
struct HSpan {
    text: String,
    key: Option<String>,
}

#[derive(Serialize)]
struct HTable {
    id: String,
    /// Anchor of a section whose heading is the table title itself.
    section_id: Option<String>,
    label: Option<String>,
    title: String,
    unit_name: Option<String>,
    unit: String,
    columns: Vec<HCol>,
    header: Vec<Vec<HHeader>>,
    rows: Vec<HRow>,
    empty_statement: Option<String>,
    notes: Vec<String>,
}

#[derive(Serialize)]
struct HCol {
    class: &'static str,
    /// Preferred width, a CSS percentage.
    width: String,
}

#[derive(Serialize)]
struct HHeader {
    text: String,
    colspan: u16,
    rowspan: u16,
}

#[derive(Serialize)]
struct HRow {
    class: &'static str,
    code: Option<String>,
    cells: Vec<HCell>,
}

#[derive(Serialize)]
struct HCell {
    text: String,
    class: &'static str,
    /// `table:row:col` ([`html_addressed`] only).
    #[serde(skip_serializing_if = "Option::is_none")]
    addr: Option<String>,
}

#[derive(Serialize)]
struct HForm {
    id: String,
    section_id: Option<String>,
    title: String,
    subtitle: Vec<String>,
    widths: Vec<String>,
    rows: Vec<Vec<HFormCell>>,
}

#[derive(Serialize)]
struct HFormCell {
    text: String,
    colspan: u16,
    rowspan: u16,
    class: &'static str,
    /// `form:row:cell` ([`html_addressed`] only).
    #[serde(skip_serializing_if = "Option::is_none")]
    addr: Option<String>,
}

impl Page {
    fn new(doc: &Document, addressed: bool) -> Page {
        let outline = Outline::new(doc);
        let toc = outline
            .toc()
            .into_iter()
            .map(|e| Toc { level: e.level, text: e.text, href: format!("#{}", e.anchor), is_table: e.is_table })
            .collect();

        let mut groups = Vec::new();
        let mut pending: Vec<Heading> = Vec::new();
        let mut wants_break = false;
        // Only headings since the last forced break (the 目录 ends with one).
        let mut fresh = true;
        // The section being walked and the index of its next paragraph (as `yusuan_check::Input` counts them).
        let mut section_id = "";
        let mut paragraph = 0;
        for item in &outline.items {
            match item {
                Item::Section { section, anchor, show_heading } => {
                    section_id = &section.id;
                    paragraph = 0;
                    if section.level <= 1 {
                        wants_break = true;
                    }
                    if *show_heading {
                        let level = section.level.clamp(1, 4);
                        pending.push(Heading {
                            tag: ["h2", "h3", "h4", "h5"][level as usize - 1],
                            level,
                            id: anchor.clone(),
                            text: section.heading.clone(),
                        });
                    }
                }
                Item::Block { block, anchor, standalone, section_anchor, .. } => {
                    let mut classes = Vec::new();
                    let (hblock, columns) = match block {
                        Block::Paragraph(p) => {
                            let addr = addressed.then(|| format!("{section_id}:{paragraph}"));
                            paragraph += 1;
                            (HBlock::Paragraph { spans: spans(p), addr }, 0)
                        }
                        Block::List(items) => {
                            let addrs = if addressed {
                                (paragraph..paragraph + items.len()).map(|i| format!("{section_id}:{i}")).collect()
                            } else {
                                Vec::new()
                            };
                            paragraph += items.len();
                            (HBlock::List { items: items.iter().map(spans).collect(), addrs }, 0)
                        }
                        Block::Table(t) => {
                            classes.push("table-group");
                            let id = anchor.clone().unwrap_or_default();
                            (HBlock::Table(table(t, id, section_anchor.clone(), addressed)), t.columns.len())
                        }
                        Block::Form(f) => {
                            classes.push("form-group");
                            let id = anchor.clone().unwrap_or_default();
                            (HBlock::Form(form(f, id, section_anchor.clone(), addressed)), f.columns as usize)
                        }
                    };
                    if *standalone {
                        wants_break = true;
                    }
                    if columns > LANDSCAPE_ABOVE_COLUMNS {
                        classes.push("wide");
                    }
                    if columns > DENSE_ABOVE_COLUMNS {
                        classes.push("dense");
                    }
                    if wants_break && !fresh {
                        classes.push("newpage");
                    }
                    groups.push(Group { classes, headings: std::mem::take(&mut pending), block: Some(hblock) });
                    wants_break = false;
                    fresh = false;
                }
            }
        }
        if !pending.is_empty() {
            let classes = if wants_break && !fresh { vec!["newpage"] } else { Vec::new() };
            groups.push(Group { classes, headings: pending, block: None });
        }
        Page { title: doc.title.clone(), department: doc.department.clone(), year: doc.year, toc, groups }
    }
}

fn spans(p: &Paragraph) -> Vec<HSpan> {
    p.iter()
        .map(|s| match s {
            Span::Text { text } => HSpan { text: text.clone(), key: None },
            Span::Figure { key, text } => HSpan { text: text.clone(), key: Some(key.clone()) },
        })
        .collect()
}

fn column_class(kind: ColumnKind) -> &'static str {
    match kind {
        ColumnKind::Code => "code",
        ColumnKind::Text => "txt",
        ColumnKind::Amount => "num",
    }
}

fn row_class(kind: RowKind) -> &'static str {
    match kind {
        RowKind::Total => "r-total",
        RowKind::Class => "r-class",
        RowKind::Section => "r-section",
        RowKind::Item => "r-item",
        RowKind::Line => "r-line",
    }
}

/// Preferred column widths in per mille of the table width: amount columns all
/// alike (weight 1.4), text columns after their longest text (a quarter of its
/// length in characters, between 1.5 and 4),
/// code columns narrow (they never wrap, so they grow to their content anyway).
fn column_widths(t: &Table) -> Vec<u64> {
    let weights: Vec<u64> = t
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| match c.kind {
            ColumnKind::Code => 10,
            ColumnKind::Amount => 14,
            ColumnKind::Text => {
                let longest = t
                    .rows
                    .iter()
                    .filter_map(|r| r.cells.get(i))
                    .map(|cell| cell.display(t.unit, t.decimals).chars().count())
                    .max()
                    .unwrap_or_else(|| c.label.rsplit('/').next().unwrap_or("").chars().count());
                (longest as u64 * 10 / 4).clamp(15, 40)
            }
        })
        .collect();
    let sum: u64 = weights.iter().sum::<u64>().max(1);
    weights.iter().map(|w| w * 1000 / sum).collect()
}

fn table(t: &Table, id: String, section_id: Option<String>, addressed: bool) -> HTable {
    let classes: Vec<&'static str> = t.columns.iter().map(|c| column_class(c.kind)).collect();
    let columns: Vec<HCol> =
        classes.iter().zip(column_widths(t)).map(|(class, pm)| HCol { class, width: per_mille(pm) }).collect();
    let header = if t.header.is_empty() {
        // No header rows given: one row of the leaf labels.
        vec![t.columns.iter().map(|c| HHeader { text: c.label.clone(), colspan: 1, rowspan: 1 }).collect()]
    } else {
        t.header.iter().map(|r| r.iter().map(header_cell).collect()).collect()
    };
    let rows = t
        .rows
        .iter()
        .enumerate()
        .map(|(ri, r)| {
            let width = r.cells.len().max(classes.len());
            let cells = (0..width)
                .map(|i| {
                    let cell = r.cells.get(i).unwrap_or(&Cell::Empty);
                    let class = match cell {
                        Cell::Amount(_) | Cell::Percent(_) => "num",
                        _ => classes.get(i).copied().unwrap_or("txt"),
                    };
                    let addr = addressed.then(|| format!("{}:{ri}:{i}", t.id));
                    HCell { text: cell.display(t.unit, t.decimals), class, addr }
                })
                .collect();
            HRow { class: row_class(r.kind), code: r.code.clone(), cells }
        })
        .collect();
    HTable {
        id,
        section_id,
        label: (t.number > 0).then(|| format!("公开表 {}", t.number)),
        title: t.title.clone(),
        unit_name: t.unit_name.as_deref().map(unit_name_line),
        unit: format!("单位：{}", t.unit.label()),
        columns,
        header,
        rows,
        empty_statement: if t.rows.is_empty() { t.empty_statement.clone() } else { None },
        notes: t.notes.clone(),
    }
}

fn header_cell(h: &HeaderCell) -> HHeader {
    HHeader { text: h.text.clone(), colspan: h.colspan.max(1), rowspan: h.rowspan.max(1) }
}

fn form(f: &Form, id: String, section_id: Option<String>, addressed: bool) -> HForm {
    let n = f.columns.max(1) as usize;
    let widths = if f.widths.len() == n && f.widths.iter().any(|w| *w > 0) {
        let sum: u64 = f.widths.iter().map(|w| *w as u64).sum();
        f.widths.iter().map(|w| per_mille(*w as u64 * 1000 / sum)).collect()
    } else {
        vec![per_mille(1000 / n as u64); n]
    };
    let rows = f
        .rows
        .iter()
        .enumerate()
        .map(|(ri, r)| {
            r.iter()
                .enumerate()
                .map(|(ci, c)| HFormCell {
                    addr: addressed.then(|| format!("{}:{ri}:{ci}", f.id)),
                    text: c.content.display(f.unit, f.decimals),
                    colspan: c.colspan.max(1),
                    rowspan: c.rowspan.max(1),
                    class: match (&c.content, c.label) {
                        (_, true) => "label",
                        (Cell::Amount(_) | Cell::Percent(_), false) => "num",
                        _ => "txt",
                    },
                })
                .collect()
        })
        .collect();
    HForm { id, section_id, title: f.title.clone(), subtitle: f.subtitle.clone(), widths, rows }
}

/// `123` ‰ as a CSS percentage `12.3%`.
fn per_mille(pm: u64) -> String {
    format!("{}.{}%", pm / 10, pm % 10)
}
