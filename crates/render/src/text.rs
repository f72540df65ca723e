//! Plain text in the convention of published-disclosure text extractions: one
//! line per paragraph or list item, and every table row one line with its
//! cells separated by TAB (merged cells print their text once, in their first
//! cell). The audit readers read it back, so a document yusuan generates can be
//! re-audited as if it had been published.

use yusuan_model::view::{Block, Cell, Document, Form, Section, Table};

/// The whole document as TAB-separated text.
pub fn text(doc: &Document) -> String {
    let mut out = String::new();
    out.push_str(&doc.title);
    out.push_str("\n\n");
    for s in &doc.sections {
        section(&mut out, s);
    }
    out
}

fn section(out: &mut String, s: &Section) {
    out.push_str(&s.heading);
    out.push_str("\n\n");
    for b in &s.blocks {
        match b {
            Block::Paragraph(p) => {
                out.extend(p.iter().map(|s| s.as_str()));
                out.push_str("\n\n");
            }
            Block::List(items) => {
                for p in items {
                    out.extend(p.iter().map(|s| s.as_str()));
                    out.push('\n');
                }
                out.push('\n');
            }
            Block::Table(t) => table(out, t),
            Block::Form(f) => form(out, f),
        }
    }
    for c in &s.children {
        section(out, c);
    }
}

/// A cell as printed, without TABs or line breaks (they would break the row).
fn flat(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

fn table(out: &mut String, t: &Table) {
    out.push_str(&format!("公开表 {}\n\n{}\n\n", t.number, t.title));
    if let Some(u) = &t.unit_name {
        out.push_str(&format!("单位名称：{u}\n\n"));
    }
    out.push_str(&format!("单位：{}\n\n", t.unit.label()));
    let width = t.columns.len();
    // Header rows: spans expanded onto the leaf grid; covered cells blank.
    let header = t.header.iter().map(|row| row.iter().map(|c| (flat(&c.text), c.colspan, c.rowspan)).collect());
    grid_lines(out, width, header);
    for r in &t.rows {
        let cells: Vec<String> = r.cells.iter().map(|c| flat(&c.display(t.unit, t.decimals))).collect();
        out.push_str(&cells.join("\t"));
        out.push('\n');
    }
    out.push('\n');
    if let Some(s) = &t.empty_statement {
        out.push_str(s);
        out.push_str("\n\n");
    }
    for n in &t.notes {
        out.push_str(n);
        out.push_str("\n\n");
    }
}

fn form(out: &mut String, f: &Form) {
    out.push_str(&f.title);
    out.push_str("\n\n");
    for s in &f.subtitle {
        out.push_str(s);
        out.push_str("\n\n");
    }
    let rows = f.rows.iter().map(|row| {
        row.iter()
            .map(|cell| {
                let text = match &cell.content {
                    Cell::Amount(a) => a.format_plain(f.unit),
                    other => flat(&other.display(f.unit, f.decimals)),
                };
                (text, cell.colspan, cell.rowspan)
            })
            .collect()
    });
    grid_lines(out, f.columns as usize, rows);
    out.push('\n');
}

/// Writes rows of spanning cells `(text, colspan, rowspan)` as TAB lines on a
/// grid of `width` columns: a cell's text in its first grid cell, blanks in the
/// cells it covers (also in the rows below it).
fn grid_lines(out: &mut String, width: usize, rows: impl Iterator<Item = Vec<(String, u16, u16)>>) {
    let mut occupied = vec![0u16; width];
    for row in rows {
        let mut line = vec![String::new(); width];
        let mut col = 0;
        for (text, colspan, rowspan) in row {
            while col < width && occupied[col] > 0 {
                occupied[col] -= 1;
                col += 1;
            }
            if col >= width {
                break;
            }
            line[col] = text;
            for o in &mut occupied[col..(col + colspan as usize).min(width)] {
                *o = rowspan.saturating_sub(1);
            }
            col += colspan as usize;
        }
        while col < width {
            occupied[col] = occupied[col].saturating_sub(1);
            col += 1;
        }
        out.push_str(&line.join("\t"));
        out.push('\n');
    }
}
