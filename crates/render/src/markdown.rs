//! The disclosure as Markdown (GitHub-flavoured): title, 目录, headings by
//! level, paragraphs, lists, pipe tables and forms.

use std::fmt::Write;

use yusuan_model::view::{Block, ColumnKind, Document, Form, Paragraph, RowKind, Table};

use crate::grid::{self, Slot};
use crate::outline::{Item, Outline, table_label};

/// Renders the whole document as Markdown.
///
/// - Anchors are explicit `<a id="…"></a>` tags (the section ids, `tbl-<id>` for
///   tables, `form-<id>` for forms) so that the 目录 links do not depend on a
///   renderer's heading slugs; GitHub, VS Code and pandoc all honour them.
/// - Tables are pipe tables with one flattened header line (`Column::label`,
///   the header path joined with `/`), amounts right-aligned and grouped
///   (`3,927.98`), 合计 rows in bold, the `单位：万元` line above.
/// - Forms are pipe tables of their grid with an empty header line: a spanned
///   cell's text is written once, in its top-left slot; the slots it covers are
///   blank. Label cells are bold.
/// - Text is escaped so that `*`, `_`, `|`, `<` … print literally.
pub fn markdown(doc: &Document) -> String {
    let outline = Outline::new(doc);
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", inline(&doc.title));

    let toc = outline.toc();
    if !toc.is_empty() {
        out.push_str("## 目录\n\n");
        let min = toc.iter().map(|e| e.level).min().unwrap_or(1);
        for e in &toc {
            let indent = "  ".repeat((e.level - min) as usize);
            let _ = writeln!(out, "{indent}- [{}](#{})", inline(&e.text), e.anchor);
        }
        out.push('\n');
    }

    for item in &outline.items {
        match item {
            Item::Section { section, anchor, .. } => {
                let hashes = "#".repeat(section.level.clamp(1, 4) as usize + 1);
                let _ = writeln!(out, "<a id=\"{anchor}\"></a>\n\n{hashes} {}\n", inline(&section.heading));
            }
            Item::Block { block, anchor, .. } => match block {
                Block::Paragraph(p) => {
                    let _ = writeln!(out, "{}\n", paragraph(p));
                }
                Block::List(items) => {
                    for p in items {
                        let _ = writeln!(out, "- {}", paragraph(p).replace("\\\n", "\\\n  "));
                    }
                    out.push('\n');
                }
                Block::Table(t) => table(&mut out, t, anchor.as_deref()),
                Block::Form(f) => form(&mut out, f, anchor.as_deref()),
            },
        }
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

fn table(out: &mut String, t: &Table, anchor: Option<&str>) {
    if let Some(a) = anchor {
        let _ = writeln!(out, "<a id=\"{a}\"></a>\n");
    }
    let _ = writeln!(out, "**{}**\n", inline(&table_label(t.number, &t.title)));
    if let Some(name) = &t.unit_name {
        let _ = writeln!(out, "{}\n", inline(&unit_name_line(name)));
    }
    let _ = writeln!(out, "单位：{}\n", t.unit.label());
    if !t.columns.is_empty() {
        let header: Vec<String> = t.columns.iter().map(|c| cell_text(&c.label)).collect();
        let _ = writeln!(out, "| {} |", header.join(" | "));
        let rule: Vec<&str> =
            t.columns.iter().map(|c| if c.kind == ColumnKind::Amount { "---:" } else { ":---" }).collect();
        let _ = writeln!(out, "| {} |", rule.join(" | "));
        for row in &t.rows {
            let width = row.cells.len().max(t.columns.len());
            let cells: Vec<String> = (0..width)
                .map(|i| {
                    let text = row.cells.get(i).map(|c| cell_text(&c.display(t.unit, t.decimals))).unwrap_or_default();
                    if row.kind == RowKind::Total && !text.is_empty() { format!("**{text}**") } else { text }
                })
                .collect();
            let _ = writeln!(out, "| {} |", cells.join(" | "));
        }
        out.push('\n');
    }
    if let (true, Some(s)) = (t.rows.is_empty(), &t.empty_statement) {
        let _ = writeln!(out, "{}\n", line_start(&inline(s)));
    }
    for n in &t.notes {
        let _ = writeln!(out, "{}\n", line_start(&inline(n)));
    }
}

fn form(out: &mut String, f: &Form, anchor: Option<&str>) {
    if let Some(a) = anchor {
        let _ = writeln!(out, "<a id=\"{a}\"></a>\n");
    }
    let _ = writeln!(out, "**{}**\n", inline(&f.title));
    for s in &f.subtitle {
        let _ = writeln!(out, "{}\n", line_start(&inline(s)));
    }
    let slots = grid::layout(&f.rows, f.columns as usize, |c| (c.colspan, c.rowspan));
    let width = slots.first().map_or(f.columns as usize, Vec::len);
    if width == 0 {
        return;
    }
    let _ = writeln!(out, "|{}", "   |".repeat(width));
    let _ = writeln!(out, "|{}", " --- |".repeat(width));
    for grid_row in &slots {
        let cells: Vec<String> = grid_row
            .iter()
            .map(|slot| match *slot {
                Slot::Origin { row, index } => {
                    let cell = &f.rows[row][index];
                    let text = cell_text(&cell.content.display(f.unit, f.decimals));
                    if cell.label && !text.is_empty() { format!("**{text}**") } else { text }
                }
                Slot::Covered { .. } | Slot::Vacant => String::new(),
            })
            .collect();
        let _ = writeln!(out, "| {} |", cells.join(" | "));
    }
    out.push('\n');
}

/// `单位名称：…` whether or not the model value already carries the prefix.
pub(crate) fn unit_name_line(name: &str) -> String {
    let name = name.trim();
    if name.starts_with("单位名称") { name.to_owned() } else { format!("单位名称：{name}") }
}

fn paragraph(p: &Paragraph) -> String {
    let text: String = p.iter().map(|s| s.as_str()).collect();
    text.split('\n').map(|line| line_start(&inline(line.trim_end_matches('\r')))).collect::<Vec<_>>().join("\\\n")
}

/// Escapes Markdown inline syntax (ASCII punctuation that Markdown gives a meaning).
fn inline(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '&') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Escapes what would start a block at the beginning of a line: headings,
/// bullets, ordered-list markers (`1.` `1)`), setext underlines.
fn line_start(s: &str) -> String {
    let trimmed = s.trim_start();
    let lead = &s[..s.len() - trimmed.len()];
    let first = trimmed.chars().next();
    if matches!(first, Some('#' | '-' | '+' | '=')) {
        return format!("{lead}\\{trimmed}");
    }
    let digits = trimmed.find(|c: char| !c.is_ascii_digit()).unwrap_or(trimmed.len());
    if digits > 0 && (trimmed[digits..].starts_with('.') || trimmed[digits..].starts_with(')')) {
        return format!("{lead}{}\\{}", &trimmed[..digits], &trimmed[digits..]);
    }
    s.to_owned()
}

/// Text for a pipe-table cell: escaped, line breaks as `<br>`.
fn cell_text(s: &str) -> String {
    s.trim().split('\n').map(|l| inline(l.trim_end_matches('\r'))).collect::<Vec<_>>().join("<br>")
}

#[cfg(test)]
mod tests {
    use super::*;
    use yusuan_model::{Amount, Cell, MoneyUnit};

    #[test]
    fn escapes_markdown() {
        assert_eq!(inline("a|b*c<script>"), "a\\|b\\*c\\<script\\>");
        assert_eq!(line_start("1. 起草"), "1\\. 起草");
        assert_eq!(line_start("- x"), "\\- x");
        assert_eq!(line_start("1、起草"), "1、起草");
        assert_eq!(cell_text("a\nb|c"), "a<br>b\\|c");
        let a = Cell::Amount(Amount::parse_in("3927.98", MoneyUnit::WanYuan).unwrap());
        assert_eq!(cell_text(&a.display(MoneyUnit::WanYuan, 2)), "3,927.98");
    }
}
