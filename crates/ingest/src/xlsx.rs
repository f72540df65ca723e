//! XLSX workbooks (the public tables as many departments keep them: one or more
//! tables per sheet, merged title and header cells): each sheet becomes text in
//! the text reader's convention and is read by the text reader:
//!
//! - a row with no filled cell is a blank line, a row with a single filled cell
//!   a plain line (titles, `单位：万元`, notes), any other row a TAB row — but
//!   rows with a single filled cell between two TAB rows (`⇥⇥214 交通运输支出⇥⇥⇥`,
//!   a form's section label) are TAB rows too, as a lone cell of an HTML table
//!   is, unless one of them reads as a line of its own (a title, a `公开表 N`
//!   label, a unit statement, a note, a sentence);
//! - a merged region's value stands in its first (top-left) cell and the cells
//!   it covers are blank, as in an HTML table with `rowspan` / `colspan`
//!   ([`crate::html`]);
//! - every TAB row of a block keeps all its cells, trailing blanks included, up
//!   to the block's width: the rightmost filled or merged cell of any of its rows.
//!   A block is a run of rows without a blank row in between (a blank row between
//!   two TAB rows does not end it), so a table's title, unit line, header and body
//!   share one width. A spreadsheet does not store empty cells; without this a row
//!   whose last columns are empty would come out shorter than its header, and its
//!   columns could not be told from the header's;
//! - each sheet starts with its name as a line, and no table continues from one
//!   sheet into the next (a sheet is read as a part of the text, see [`crate::text`]).
//!
//! Numbers: an XLSX number cell holds a binary double. It is written back as
//! the shortest decimal that round-trips (what Excel displays for a value typed
//! as `3927.98`), and only that text is parsed later, exactly. Values with more
//! than 15 significant digits cannot be trusted to be what was typed and are
//! kept as text (the checker then reports the cell, not a wrong number).

use std::io::Cursor;

use calamine::{Data, Dimensions, Range, Reader, Xlsx};

use crate::{IngestError, TextDocument};

/// Reads a workbook's bytes: every sheet in order, each starting with its name as
/// a line; a table never continues from one sheet into the next.
pub fn read_xlsx(bytes: &[u8], name: &str) -> Result<TextDocument, IngestError> {
    let (text, starts) = workbook_text(bytes, name)?;
    Ok(TextDocument::parse_parts(&text, &starts))
}

/// The text of a workbook in the text reader's convention.
pub fn xlsx_to_text(bytes: &[u8], name: &str) -> Result<String, IngestError> {
    Ok(workbook_text(bytes, name)?.0)
}

/// The findings sheet yusuan adds to a workbook it publishes (`问题清单` / `Findings`, headed 规则 / rule):
/// a report about the document, not part of it.
fn is_findings_sheet(name: &str, range: &calamine::Range<Data>) -> bool {
    let first = range.rows().next().and_then(|r| r.first()).map(|c| c.to_string());
    matches!((name.trim(), first.as_deref()), ("问题清单", Some("规则")) | ("Findings", Some("rule")))
}

/// The text of a workbook and the 1-based line where each sheet starts.
fn workbook_text(bytes: &[u8], name: &str) -> Result<(String, Vec<usize>), IngestError> {
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes))
        .map_err(|e| IngestError::NotXlsx { name: name.to_owned(), reason: e.to_string() })?;
    let mut out = String::new();
    let mut starts = Vec::new();
    let mut line = 1;
    for sheet in wb.sheet_names() {
        let Ok(range) = wb.worksheet_range(&sheet) else { continue };
        if is_findings_sheet(&sheet, &range) {
            continue;
        }
        // A sheet whose merged regions cannot be read is still read, without them.
        let merges = wb.merge_cells_by_sheet_name(&sheet).unwrap_or_default();
        let mut lines = vec![sheet.replace(|c: char| c.is_control(), " ").trim().to_owned(), String::new()];
        lines.extend(sheet_lines(&range, &merges));
        lines.push(String::new());
        starts.push(line);
        line += lines.len();
        for l in lines {
            out.push_str(&l);
            out.push('\n');
        }
    }
    Ok((out, starts))
}

/// How a row reads: see the module docs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RowKind {
    /// No filled cell and no merged region.
    Blank,
    /// No filled cell, but inside a merged region (a title merged over two rows).
    Covered,
    /// One filled cell: a plain line.
    Plain,
    /// Two or more filled cells: a TAB row.
    Grid,
}

/// The lines of one sheet (see the module docs).
fn sheet_lines(range: &Range<Data>, merges: &[Dimensions]) -> Vec<String> {
    let Some((r0, c0)) = range.start() else { return Vec::new() };
    let mut grid: Vec<Vec<String>> = range.rows().map(|row| row.iter().map(cell_text).collect()).collect();
    let (height, width) = (grid.len(), grid.iter().map(Vec::len).max().unwrap_or(0));
    if width == 0 {
        return vec![String::new(); height];
    }
    // Per row, the rightmost column of its grid: filled, or covered by a merged region.
    let mut extent: Vec<Option<usize>> = grid.iter().map(|r| r.iter().rposition(|c| !c.is_empty())).collect();
    let mut merged = vec![false; height];
    for m in merges {
        // Relative to the range, clipped to it (a region may reach past the last filled cell).
        let (Some(bottom), Some(right)) = (m.end.0.checked_sub(r0), m.end.1.checked_sub(c0)) else { continue };
        let (top, left) = (m.start.0.saturating_sub(r0) as usize, m.start.1.saturating_sub(c0) as usize);
        let (bottom, right) = ((bottom as usize).min(height - 1), (right as usize).min(width - 1));
        if top > bottom || left > right {
            continue;
        }
        // The value in the first cell, the covered cells blank (a value written
        // into a covered cell, as some exporters do, moves to the first cell).
        let mut value = String::new();
        for row in &mut grid[top..=bottom] {
            for cell in row.iter_mut().take(right + 1).skip(left) {
                let v = std::mem::take(cell);
                if value.is_empty() {
                    value = v;
                }
            }
        }
        if let Some(cell) = grid[top].get_mut(left) {
            *cell = value;
        }
        for r in top..=bottom {
            extent[r] = Some(extent[r].map_or(right, |e| e.max(right)));
            merged[r] = true;
        }
    }
    let mut kinds: Vec<RowKind> = grid
        .iter()
        .zip(&merged)
        .map(|(row, &merged)| match row.iter().filter(|c| !c.is_empty()).count() {
            0 if merged => RowKind::Covered,
            0 => RowKind::Blank,
            1 => RowKind::Plain,
            _ => RowKind::Grid,
        })
        .collect();
    // Blocks: runs of rows; a blank gap ends one unless it lies between two TAB rows.
    let mut block_of = vec![0usize; height];
    let mut widths: Vec<usize> = Vec::new();
    let mut previous: Option<usize> = None;
    for r in 0..height {
        if kinds[r] == RowKind::Blank {
            continue;
        }
        let joined = previous.is_some_and(|p| p + 1 == r || (kinds[p] == RowKind::Grid && kinds[r] == RowKind::Grid));
        if !joined {
            widths.push(0);
        }
        let b = widths.len() - 1;
        block_of[r] = b;
        widths[b] = widths[b].max(extent[r].map_or(0, |e| e + 1));
        previous = Some(r);
    }
    // Rows with a single filled cell between two TAB rows of a block (`⇥⇥214 交通运输支出⇥⇥⇥`,
    // a label on its own row, a section label merged across a form) are rows of the
    // grid, unless one of the run could stand outside a grid: a title, a label, a
    // unit statement, a note or a sentence.
    let mut r = 0;
    while r < height {
        if kinds[r] != RowKind::Plain {
            r += 1;
            continue;
        }
        let end = (r..height).find(|&e| kinds[e] != RowKind::Plain).unwrap_or(height);
        let inside = r > 0
            && end < height
            && kinds[r - 1] == RowKind::Grid
            && kinds[end] == RowKind::Grid
            && block_of[r - 1] == block_of[end];
        let standalone = |i: usize| outside_grid(grid[i].iter().find(|c| !c.is_empty()).map_or("", String::as_str));
        if inside && !(r..end).any(standalone) {
            kinds[r..end].fill(RowKind::Grid);
        }
        r = end;
    }
    grid.into_iter()
        .enumerate()
        .map(|(r, mut cells)| match kinds[r] {
            RowKind::Blank | RowKind::Covered => String::new(),
            RowKind::Plain => cells.into_iter().find(|c| !c.is_empty()).unwrap_or_default(),
            RowKind::Grid => {
                cells.resize(widths[block_of[r]], String::new());
                cells.join("\t")
            }
        })
        .collect()
}

/// Text that reads as a line of its own, not as a cell: a table title or label, a
/// unit statement, a note, a sentence.
fn outside_grid(t: &str) -> bool {
    crate::title_of(t).is_some()
        || crate::parse_label(t).is_some()
        || crate::unit_in(t).is_some()
        || ["注", "说明", "备注"].iter().any(|p| t.starts_with(p))
        || t.contains('。')
        || t.chars().count() > crate::text::MAX_TITLE_CHARS
}

fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.replace(['\t', '\n', '\r'], " ").trim().to_owned(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => float_text(*f),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => d.to_string(),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// The shortest round-trip decimal of a cell's double (see the module docs).
fn float_text(f: f64) -> String {
    match yusuan_model::money::f64_text(f) {
        Ok(s) => s,
        Err(yusuan_model::money::F64Text::NotFinite) => String::new(),
        Err(yusuan_model::money::F64Text::TooManyDigits(s)) => format!("{s}（精度不足）"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheets_become_text_with_exact_numbers() {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        ws.set_name("公开表2").unwrap();
        ws.merge_range(0, 0, 0, 3, "2022 年收入预算总表", &rust_xlsxwriter::Format::new()).unwrap();
        ws.write_string(1, 3, "单位：万元").unwrap();
        for (c, h) in ["功能科目编码", "功能科目名称", "总计", "一般公共预算财政拨款收入"].iter().enumerate()
        {
            ws.write_string(2, c as u16, *h).unwrap();
        }
        ws.write_string(3, 0, "201").unwrap();
        ws.write_string(3, 1, "一般公共服务支出").unwrap();
        ws.write_number(3, 2, 3927.98).unwrap();
        ws.write_number(3, 3, 0.1 + 0.2).unwrap();
        let bytes = wb.save_to_buffer().unwrap();
        let text = xlsx_to_text(&bytes, "t.xlsx").unwrap();
        assert!(text.contains("2022 年收入预算总表\n单位：万元\n"), "{text}");
        assert!(text.contains("201\t一般公共服务支出\t3927.98\t0.30000000000000004（精度不足）"), "{text}");
        let doc = read_xlsx(&bytes, "t.xlsx").unwrap();
        assert_eq!(doc.tables().next().unwrap().title.as_deref(), Some("2022 年收入预算总表"));
        assert!(read_xlsx(b"not a zip", "bad.xlsx").is_err());
    }

    /// A spreadsheet stores no empty cell: rows keep the table's width, merged
    /// header cells read as HTML spans do, lone cells inside the grid stay cells,
    /// and a table ends with its sheet.
    #[test]
    fn rows_keep_the_width_of_their_table() {
        let f = rust_xlsxwriter::Format::new();
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        ws.merge_range(0, 0, 0, 4, "2022 年项目支出预算表", &f).unwrap();
        ws.write_string(1, 4, "单位：万元").unwrap();
        ws.merge_range(2, 0, 3, 0, "项目名称", &f).unwrap();
        ws.merge_range(2, 1, 3, 1, "总计", &f).unwrap();
        ws.merge_range(2, 2, 2, 3, "本年拨款", &f).unwrap();
        ws.merge_range(2, 4, 3, 4, "上年结转结余", &f).unwrap();
        ws.write_string(3, 2, "一般公共预算").unwrap();
        ws.write_string(3, 3, "政府性基金").unwrap();
        ws.write_string(4, 0, "合计").unwrap();
        ws.write_number(4, 1, 24.0).unwrap();
        ws.write_number(4, 2, 24.0).unwrap();
        ws.write_string(5, 0, "其中：").unwrap();
        ws.write_string(6, 0, "总值班室工作").unwrap();
        ws.write_number(6, 1, 24.0).unwrap();
        ws.write_number(6, 2, 24.0).unwrap();
        ws.merge_range(7, 0, 7, 4, "注：本表为示例", &f).unwrap();
        // The next sheet starts with rows, no title: not a continuation of the table.
        let ws = wb.add_worksheet();
        ws.set_name("Sheet2").unwrap();
        ws.write_string(0, 0, "规则").unwrap();
        ws.write_string(0, 1, "说明").unwrap();
        ws.write_string(1, 0, "YS-B003").unwrap();
        ws.write_string(1, 1, "测算依据").unwrap();
        let bytes = wb.save_to_buffer().unwrap();
        let text = xlsx_to_text(&bytes, "t.xlsx").unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[2..12],
            [
                "2022 年项目支出预算表",
                "单位：万元",
                "项目名称\t总计\t本年拨款\t\t上年结转结余",
                "\t\t一般公共预算\t政府性基金\t",
                "合计\t24\t24\t\t",
                "其中：\t\t\t\t",
                "总值班室工作\t24\t24\t\t",
                "注：本表为示例",
                "",
                "Sheet2",
            ],
            "{text}"
        );
        let doc = read_xlsx(&bytes, "t.xlsx").unwrap();
        let tables: Vec<&crate::RawTable> = doc.tables().collect();
        assert_eq!(tables.len(), 2);
        assert_eq!(tables[0].rows.len(), 5);
        assert!(tables[0].rows.iter().all(|r| r.cells.len() == 5));
        assert_eq!(tables[0].trailing.len(), 1);
        assert_eq!((tables[1].title.as_deref(), tables[1].rows.len()), (None, 2));
    }

    #[test]
    fn a_value_in_a_covered_cell_moves_to_the_first() {
        let range = Range::from_sparse(vec![
            calamine::Cell::new((0, 0), Data::String("a".into())),
            calamine::Cell::new((0, 2), Data::String("b".into())),
            calamine::Cell::new((1, 0), Data::String("x".into())),
            calamine::Cell::new((1, 1), Data::String("y".into())),
        ]);
        let merges = [Dimensions::new((0, 1), (0, 2)), Dimensions::new((5, 5), (9, 9))];
        assert_eq!(sheet_lines(&range, &merges), ["a\tb\t", "x\ty\t"]);
        assert!(sheet_lines(&Range::default(), &merges).is_empty());
    }
}
