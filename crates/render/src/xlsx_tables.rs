//! The public tables as an XLSX workbook in the official layout (one sheet per
//! table, merged multi-level headers), plus sheets for the forms and any
//! report sheets the caller adds.
//!
//! A table sheet reads top to bottom like the printed table: `公开表 N`, the
//! title (merged, large, bold), the `单位名称：… / 单位：万元` line, the header
//! rows (merged exactly as the view's spans say, frozen and repeated on every
//! printed page), the body (codes and names as text, money as numbers in the
//! table's unit with a `#,##0.00`-style format, blank where the table prints
//! blank, 合计 and 类 rows bold), then the empty statement and the notes.
//!
//! Applications do not grow a row to fit wrapped text in a merged cell (and
//! LibreOffice does not even for a plain cell of a file it imports), so row
//! heights are estimated here from the text's display width (a CJK character
//! counts as two width units, as in a column width) wherever text wraps.

use std::collections::HashSet;

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};
use yusuan_model::view::{Cell, ColumnKind, Document, Form, HeaderCell, RowKind, Table};
use yusuan_model::{Amount, MoneyUnit};

use crate::grid::{Slot, layout};
use crate::html::LANDSCAPE_ABOVE_COLUMNS;
use crate::markdown::unit_name_line;
use crate::xlsx::{Sheet, add_sheet};

/// A4 in the OOXML paper-size enumeration.
const PAPER_A4: u8 = 9;
/// Font of every cell: the typeface of the official tables (applications substitute a CJK font where it is missing).
const FONT: &str = "宋体";
const BODY_PT: f64 = 10.0;
const TITLE_PT: f64 = 16.0;
const NOTE_PT: f64 = 9.5;
/// Line height as a multiple of the font size: CJK fonts (Noto, 宋体) need more than Latin ones.
pub(crate) const LINE_FACTOR: f64 = 1.45;
/// Row heights are estimated only up to Excel's maximum (409 points).
pub(crate) const MAX_ROW_PT: f64 = 409.0;
/// Below this estimated height a row keeps the application's default.
pub(crate) const DEFAULT_ROW_PT: f64 = 15.0;
/// Printable width of an A4 page at 100 % with the margins of [`page_setup`], in column-width units (~7 px).
const PORTRAIT_WIDTH: f64 = 100.0;
const LANDSCAPE_WIDTH: f64 = 145.0;
/// How much wider than the page a table may be before its text columns give way (fit-to-width shrinks the rest).
const SHRINK_TOLERANCE: f64 = 1.2;
/// Text columns never give way below this width (eight CJK characters).
const TEXT_FLOOR: f64 = 16.0;
/// Total width the columns of a form are scaled to: about a portrait A4 page.
const FORM_WIDTH: f64 = 96.0;
/// Excel's limits: characters in a cell, UTF-16 units in a sheet name.
const MAX_CELL_CHARS: usize = 32_767;
const MAX_SHEET_NAME: usize = 31;
const SHADE: &str = "F2F2F2";

/// Writes the document's tables and forms, then `extra` sheets, into an XLSX workbook in memory.
///
/// One sheet per public table (in document order), then one per form (`Block::Form`),
/// then `extra` (e.g. the findings), each written as [`crate::xlsx::workbook`] writes it.
pub fn xlsx_document(doc: &Document, extra: &[Sheet]) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let mut names = SheetNames::default();
    // The caller's sheet names are fixed; ours give way to them.
    for s in extra {
        names.reserve(s.name);
    }
    for t in doc.tables() {
        let base = match t.number {
            0 => strip_year(&t.title, doc.year).to_owned(),
            n => format!("表{n} {}", strip_year(&t.title, doc.year)),
        };
        let ws = wb.add_worksheet();
        ws.set_name(names.unique(&base))?;
        table_sheet(ws, t)?;
    }
    for f in doc.forms() {
        let ws = wb.add_worksheet();
        ws.set_name(names.unique(&form_sheet_base(f, doc.year)))?;
        form_sheet(ws, f)?;
    }
    for s in extra {
        add_sheet(&mut wb, s)?;
    }
    wb.save_to_buffer()
}

/// `2022 年收支预算总表` → `收支预算总表`: the year is the workbook's, not worth a sheet tab's 31 characters.
fn strip_year(title: &str, year: i32) -> &str {
    let rest = title.strip_prefix(&year.to_string()).map(|r| r.trim_start()).and_then(|r| r.strip_prefix('年'));
    match rest.map(str::trim_start) {
        Some(r) if !r.is_empty() => r,
        _ => title,
    }
}

/// `绩效-<project name>` for a project form, `绩效-部门整体` for the department form, else `绩效-<title>`.
fn form_sheet_base(f: &Form, year: i32) -> String {
    if f.role == "department_performance" {
        return "绩效-部门整体".to_owned();
    }
    let project = f.rows.iter().find_map(|row| {
        let at = row.iter().position(|c| c.label && matches!(&c.content, Cell::Text(s) if s.trim() == "项目名称"))?;
        match &row.get(at + 1)?.content {
            Cell::Text(s) if !s.trim().is_empty() && !row[at + 1].label => Some(s.trim().to_owned()),
            _ => None,
        }
    });
    format!("绩效-{}", project.as_deref().unwrap_or_else(|| strip_year(&f.title, year)))
}

/// Sheet names as Excel requires them: at most 31 UTF-16 units, none of `[]:*?/\`,
/// no apostrophe first or last, unique regardless of case.
#[derive(Default)]
struct SheetNames {
    used: HashSet<String>,
}

impl SheetNames {
    fn reserve(&mut self, name: &str) {
        self.used.insert(name.to_lowercase());
    }

    fn unique(&mut self, base: &str) -> String {
        let clean: String = base
            .chars()
            .map(|c| if matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\') || c.is_control() { '_' } else { c })
            .collect();
        let clean = tidy(&clean);
        let clean = if clean.is_empty() { "表" } else { clean };
        let mut name = tidy(truncate_utf16(clean, MAX_SHEET_NAME)).to_owned();
        let mut n = 2;
        while self.used.contains(&name.to_lowercase()) {
            let suffix = format!("({n})");
            name = format!("{}{suffix}", tidy(truncate_utf16(clean, MAX_SHEET_NAME - suffix.len())));
            n += 1;
        }
        self.reserve(&name);
        name
    }
}

/// Without surrounding blanks and apostrophes (Excel refuses a name that starts or ends with one).
fn tidy(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || c == '\'')
}

/// The longest prefix of `s` of at most `max` UTF-16 units.
fn truncate_utf16(s: &str, max: usize) -> &str {
    let mut units = 0;
    for (i, c) in s.char_indices() {
        units += c.len_utf16();
        if units > max {
            return &s[..i];
        }
    }
    s
}

/// At most Excel's 32,767 characters in a cell (longer text would fail the whole workbook).
fn clip(s: &str) -> &str {
    match s.char_indices().nth(MAX_CELL_CHARS) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// Display width in column-width units: Latin one, anything wider (CJK, full-width punctuation, ☑, ≥ …) two.
fn units(s: &str) -> usize {
    s.chars().map(|c| if (c as u32) < 0x0300 { 1 } else { 2 }).sum()
}

/// Lines `text` wraps to in a cell `width` units wide at `pt` points.
pub(crate) fn lines(text: &str, width: f64, pt: f64) -> usize {
    let scale = pt / BODY_PT;
    // Less the cell's padding.
    let usable = (width - 0.8).max(1.0);
    // A 10 pt CJK glyph is ~1.9 units wide, not the 2 that column widths count with.
    text.split('\n').map(|line| (units(line) as f64 * 0.95 * scale / usable).ceil().max(1.0) as usize).sum()
}

/// The money number format for `decimals`: `#,##0.00` for 2.
fn money_format(decimals: u8) -> String {
    match decimals {
        0 => "#,##0".to_owned(),
        d => format!("#,##0.{}", "0".repeat(d as usize)),
    }
}

/// An amount as the number an XLSX cell holds: the printed decimal in the table's
/// unit and decimals (rounded half away from zero by `Amount::format`), parsed.
/// The f64 is only the file format's lexical transit (XLSX stores numbers as
/// doubles, written as their shortest round-trip text): no arithmetic is ever
/// done on it, and reading it back gives the same decimal.
fn amount_value(a: Amount, unit: MoneyUnit, decimals: u8) -> f64 {
    a.format(unit, decimals).parse().expect("Amount::format prints a plain decimal number")
}

/// Cell formats, all in the body font with thin borders.
fn base() -> Format {
    Format::new()
        .set_font_name(FONT)
        .set_font_size(BODY_PT)
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::VerticalCenter)
}

fn plain(pt: f64) -> Format {
    Format::new().set_font_name(FONT).set_font_size(pt).set_align(FormatAlign::VerticalCenter)
}

fn title_format() -> Format {
    plain(TITLE_PT).set_bold().set_align(FormatAlign::Center)
}

fn header_format() -> Format {
    base().set_bold().set_text_wrap().set_align(FormatAlign::Center).set_background_color(SHADE)
}

/// What a body cell is, for its format.
#[derive(Clone, Copy)]
enum Kind {
    /// Left-aligned, wrapped text (names, items).
    Text,
    /// A classification code: text (`@`), never wrapped, never a number.
    Code,
    /// Money: a number with the table's format.
    Money,
    /// Right-aligned text (percentages as printed, text in a money column).
    Right,
}

/// The formats of a table's or form's body, by row emphasis.
struct BodyFormats {
    /// [plain, bold (类 rows), total (合计: bold and shaded)] × kind.
    rows: [[Format; 4]; 3],
}

impl BodyFormats {
    fn new(decimals: u8) -> BodyFormats {
        let money = money_format(decimals);
        let kinds = |f: Format| {
            [
                f.clone().set_text_wrap().set_align(FormatAlign::Left),
                f.clone().set_num_format("@").set_align(FormatAlign::Left),
                f.clone().set_num_format(&money).set_align(FormatAlign::Right),
                f.set_align(FormatAlign::Right),
            ]
        };
        BodyFormats {
            rows: [kinds(base()), kinds(base().set_bold()), kinds(base().set_bold().set_background_color(SHADE))],
        }
    }

    fn get(&self, emphasis: usize, kind: Kind) -> &Format {
        &self.rows[emphasis][kind as usize]
    }
}

/// Writes `cell` at (`row`, `col`): money as a number, blanks as formatted blanks, the rest as text.
fn write_cell(
    ws: &mut Worksheet,
    (row, col): (u32, u16),
    cell: &Cell,
    column: Kind,
    (unit, decimals): (MoneyUnit, u8),
    formats: &BodyFormats,
    emphasis: usize,
) -> Result<(), XlsxError> {
    match cell {
        Cell::Amount(a) => {
            ws.write_number_with_format(
                row,
                col,
                amount_value(*a, unit, decimals),
                formats.get(emphasis, Kind::Money),
            )?;
        }
        Cell::Empty => {
            ws.write_blank(row, col, formats.get(emphasis, column))?;
        }
        Cell::Percent(s) => {
            ws.write_string_with_format(row, col, clip(s), formats.get(emphasis, Kind::Right))?;
        }
        Cell::Text(s) => {
            let kind = if matches!(column, Kind::Money) { Kind::Right } else { column };
            ws.write_string_with_format(row, col, clip(s), formats.get(emphasis, kind))?;
        }
    }
    Ok(())
}

/// Writes `text` over rows `r0..=r1` and columns `c0..=c1`, merged when that is more than one cell.
fn put(
    ws: &mut Worksheet,
    (r0, c0): (u32, u16),
    (r1, c1): (u32, u16),
    text: &str,
    f: &Format,
) -> Result<(), XlsxError> {
    if r0 == r1 && c0 == c1 {
        ws.write_string_with_format(r0, c0, clip(text), f)?;
    } else {
        ws.merge_range(r0, c0, r1, c1, clip(text), f)?;
    }
    Ok(())
}

/// A cell placed on the sheet, for estimating row heights.
struct Placed<'a> {
    rows: (u32, u32),
    cols: (u16, u16),
    text: &'a str,
    pt: f64,
}

/// Sets the heights of rows `first..first + count` so that the wrapped text of every placed cell fits:
/// single-row cells first, then cells spanning rows share out what they still lack.
fn fit_rows(ws: &mut Worksheet, placed: &[Placed], widths: &[f64], first: u32, count: usize) -> Result<(), XlsxError> {
    let needed = |p: &Placed| {
        let width: f64 = (p.cols.0..=p.cols.1).map(|c| widths.get(c as usize).copied().unwrap_or(10.0)).sum();
        lines(p.text, width, p.pt) as f64 * p.pt * LINE_FACTOR + 4.0
    };
    let mut heights = vec![DEFAULT_ROW_PT; count];
    let index = |r: u32| (r - first) as usize;
    for p in placed.iter().filter(|p| p.rows.0 == p.rows.1) {
        let h = &mut heights[index(p.rows.0)];
        *h = h.max(needed(p));
    }
    for p in placed.iter().filter(|p| p.rows.0 != p.rows.1) {
        let span = index(p.rows.0)..=index(p.rows.1);
        let have: f64 = heights[span.clone()].iter().sum();
        let lack = needed(p) - have;
        if lack > 0.0 {
            let share = lack / span.clone().count() as f64;
            heights[span].iter_mut().for_each(|h| *h += share);
        }
    }
    for (i, h) in heights.into_iter().enumerate() {
        if h > DEFAULT_ROW_PT + 0.5 {
            ws.set_row_height(first + i as u32, h.min(MAX_ROW_PT).ceil())?;
        }
    }
    Ok(())
}

/// Page setup shared by tables and forms: A4, landscape when wide, one page wide, centred, page numbers.
fn page_setup(ws: &mut Worksheet, leaf_columns: usize) {
    ws.set_paper_size(PAPER_A4);
    if leaf_columns > LANDSCAPE_ABOVE_COLUMNS {
        ws.set_landscape();
    } else {
        ws.set_portrait();
    }
    ws.set_print_fit_to_pages(1, 0);
    ws.set_print_center_horizontally(true);
    ws.set_margins(0.5, 0.5, 0.6, 0.6, 0.3, 0.3);
    ws.set_footer("&C第 &P 页，共 &N 页");
}

/// Column widths of a table: codes narrow (but with their header on one line), money alike and wide enough for the
/// largest figure, names after their longest text (wrapped beyond 40 units).
/// When that is much wider than the page, the widest text columns give way
/// (down to [`TEXT_FLOOR`]) so that names wrap rather than the whole table shrinking.
fn table_widths(t: &Table, width: usize) -> Vec<f64> {
    let mut widths: Vec<f64> = (0..width)
        .map(|i| {
            let content =
                t.rows.iter().filter_map(|r| r.cells.get(i)).map(|c| units(&c.display(t.unit, t.decimals))).max();
            let content = content.unwrap_or(0) as f64;
            let leaf = t.columns.get(i).map_or(0, |c| units(c.label.rsplit('/').next().unwrap_or(""))) as f64;
            match t.columns.get(i).map_or(ColumnKind::Text, |c| c.kind) {
                ColumnKind::Code => (content + 2.0).max(leaf + 1.5).clamp(8.0, 14.0),
                ColumnKind::Amount => (content + 3.0).max((leaf / 2.0).min(14.0)).clamp(11.0, 20.0),
                ColumnKind::Text => (content + 2.0).max(leaf.min(12.0) + 2.0).clamp(8.0, 42.0),
            }
        })
        .collect();
    let page = if width > LANDSCAPE_ABOVE_COLUMNS { LANDSCAPE_WIDTH } else { PORTRAIT_WIDTH };
    let text: Vec<usize> =
        (0..width).filter(|i| t.columns.get(*i).is_none_or(|c| c.kind == ColumnKind::Text)).collect();
    let mut excess = widths.iter().sum::<f64>() - page * SHRINK_TOLERANCE;
    while excess > 0.0 {
        let Some(&widest) =
            text.iter().filter(|i| widths[**i] > TEXT_FLOOR).max_by(|a, b| widths[**a].total_cmp(&widths[**b]))
        else {
            break;
        };
        let cut = excess.min(1.0).min(widths[widest] - TEXT_FLOOR);
        widths[widest] -= cut;
        excess -= cut;
    }
    widths
}

/// One public table on its own sheet.
fn table_sheet(ws: &mut Worksheet, t: &Table) -> Result<(), XlsxError> {
    let header: Vec<Vec<HeaderCell>> = if t.header.is_empty() {
        // No header rows given: one row of the leaf labels.
        vec![t.columns.iter().map(|c| HeaderCell { text: c.label.clone(), colspan: 1, rowspan: 1 }).collect()]
    } else {
        t.header.clone()
    };
    let grid = layout(&header, t.columns.len(), |h| (h.colspan, h.rowspan));
    let width =
        [t.columns.len(), grid.first().map_or(0, Vec::len), t.rows.iter().map(|r| r.cells.len()).max().unwrap_or(0), 1]
            .into_iter()
            .max()
            .unwrap_or(1);
    let last = (width - 1) as u16;
    let widths = table_widths(t, width);
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    let total_width: f64 = widths.iter().sum();

    let mut row = 0u32;
    if t.number > 0 {
        ws.write_string_with_format(row, 0, format!("公开表 {}", t.number), &plain(BODY_PT))?;
        row += 1;
    }
    put(ws, (row, 0), (row, last), &t.title, &title_format())?;
    let title_lines = lines(&t.title, total_width, TITLE_PT) as f64;
    ws.set_row_height(row, (title_lines * TITLE_PT * LINE_FACTOR + 8.0).min(MAX_ROW_PT))?;
    row += 1;

    // 单位名称 on the left, 单位 in the last column on the right.
    let unit = format!("单位：{}", t.unit.label());
    let left = plain(BODY_PT).set_align(FormatAlign::Left);
    let right = plain(BODY_PT).set_align(FormatAlign::Right);
    match (&t.unit_name, last) {
        (Some(name), 0) => {
            ws.write_string_with_format(row, 0, format!("{}　{unit}", unit_name_line(name)), &left)?;
        }
        (name, _) => {
            if let Some(name) = name {
                put(ws, (row, 0), (row, last - 1), &unit_name_line(name), &left)?;
            }
            ws.write_string_with_format(row, last, &unit, &right)?;
        }
    }
    row += 1;

    // Header rows, merged as the spans say.
    let head = header_format();
    let first_header = row;
    let mut placed = Vec::new();
    for (r, slots) in grid.iter().enumerate() {
        for c in 0..width {
            let at = (first_header + r as u32, c as u16);
            match slots.get(c).copied().unwrap_or(Slot::Vacant) {
                Slot::Vacant => {
                    ws.write_blank(at.0, at.1, &head)?;
                }
                Slot::Covered { .. } => {}
                Slot::Origin { row: hr, index } => {
                    let (r1, c1) = crate::grid::extent(&grid, r, c);
                    let text = header[hr][index].text.as_str();
                    let end = (first_header + r1 as u32, c1 as u16);
                    put(ws, at, end, text, &head)?;
                    placed.push(Placed { rows: (at.0, end.0), cols: (at.1, end.1), text, pt: BODY_PT });
                }
            }
        }
    }
    fit_rows(ws, &placed, &widths, first_header, grid.len())?;
    row += grid.len() as u32;
    let last_header = row - 1;

    // Body.
    let formats = BodyFormats::new(t.decimals);
    let kinds: Vec<Kind> = (0..width)
        .map(|i| match t.columns.get(i).map(|c| c.kind) {
            Some(ColumnKind::Code) => Kind::Code,
            Some(ColumnKind::Amount) => Kind::Money,
            _ => Kind::Text,
        })
        .collect();
    // Rows are sized here, not left to the application: LibreOffice keeps a
    // row without a stored height one line high, whatever wraps in it.
    let first_body = row;
    let mut wrapped = Vec::new();
    for r in &t.rows {
        let emphasis = match r.kind {
            RowKind::Total => 2,
            RowKind::Class => 1,
            _ => 0,
        };
        for (c, kind) in kinds.iter().enumerate() {
            let cell = r.cells.get(c).unwrap_or(&Cell::Empty);
            write_cell(ws, (row, c as u16), cell, *kind, (t.unit, t.decimals), &formats, emphasis)?;
            if let (Kind::Text, Cell::Text(text)) = (kind, cell) {
                wrapped.push(Placed { rows: (row, row), cols: (c as u16, c as u16), text, pt: BODY_PT });
            }
        }
        row += 1;
    }
    fit_rows(ws, &wrapped, &widths, first_body, t.rows.len())?;

    // What follows the body, each merged over the table's width.
    let mut after = Vec::new();
    if t.rows.is_empty()
        && let Some(s) = &t.empty_statement
    {
        put(ws, (row, 0), (row, last), s, &base().set_text_wrap().set_align(FormatAlign::Center))?;
        after.push(Placed { rows: (row, row), cols: (0, last), text: s, pt: BODY_PT });
        row += 1;
    }
    let note = plain(NOTE_PT).set_text_wrap().set_align(FormatAlign::Left).set_align(FormatAlign::Top);
    for n in &t.notes {
        put(ws, (row, 0), (row, last), n, &note)?;
        after.push(Placed { rows: (row, row), cols: (0, last), text: n, pt: NOTE_PT });
        row += 1;
    }
    if let Some(first) = after.first().map(|p| p.rows.0) {
        fit_rows(ws, &after, &widths, first, after.len())?;
    }

    ws.set_freeze_panes(last_header + 1, 0)?;
    ws.set_repeat_rows(first_header, last_header)?;
    page_setup(ws, width);
    Ok(())
}

/// One form on its own sheet: title, subtitle lines, then the grid with its spans.
fn form_sheet(ws: &mut Worksheet, f: &Form) -> Result<(), XlsxError> {
    let grid = layout(&f.rows, f.columns.max(1) as usize, |c| (c.colspan, c.rowspan));
    let width = grid.first().map_or(0, Vec::len).max(f.columns as usize).max(1);
    let last = (width - 1) as u16;
    let widths: Vec<f64> = if f.widths.len() == width && f.widths.iter().any(|w| *w > 0) {
        let sum: f64 = f.widths.iter().map(|w| *w as f64).sum();
        f.widths.iter().map(|w| (*w as f64 * FORM_WIDTH / sum).max(4.0)).collect()
    } else {
        vec![FORM_WIDTH / width as f64; width]
    };
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    let total_width: f64 = widths.iter().sum();

    let mut row = 0u32;
    put(ws, (row, 0), (row, last), &f.title, &title_format())?;
    let title_lines = lines(&f.title, total_width, TITLE_PT) as f64;
    ws.set_row_height(row, (title_lines * TITLE_PT * LINE_FACTOR + 8.0).min(MAX_ROW_PT))?;
    row += 1;
    let left = plain(BODY_PT).set_align(FormatAlign::Left);
    for s in &f.subtitle {
        put(ws, (row, 0), (row, last), s, &left)?;
        row += 1;
    }

    let first = row;
    let formats = BodyFormats::new(f.decimals);
    let label = base().set_bold().set_text_wrap().set_align(FormatAlign::Center).set_background_color(SHADE);
    let mut placed = Vec::new();
    for (r, slots) in grid.iter().enumerate() {
        for c in 0..width {
            let at = (first + r as u32, c as u16);
            match slots.get(c).copied().unwrap_or(Slot::Vacant) {
                Slot::Vacant => {
                    ws.write_blank(at.0, at.1, formats.get(0, Kind::Text))?;
                }
                Slot::Covered { .. } => {}
                Slot::Origin { row: fr, index } => {
                    let (r1, c1) = crate::grid::extent(&grid, r, c);
                    let end = (first + r1 as u32, c1 as u16);
                    let cell = &f.rows[fr][index];
                    let text = match &cell.content {
                        Cell::Text(s) | Cell::Percent(s) => s.as_str(),
                        _ => "",
                    };
                    if cell.label {
                        put(ws, at, end, text, &label)?;
                    } else if at == end {
                        write_cell(ws, at, &cell.content, Kind::Text, (f.unit, f.decimals), &formats, 0)?;
                    } else {
                        // A merged value: the text, or the number written into the merge's first cell.
                        let kind = match &cell.content {
                            Cell::Amount(_) => Kind::Money,
                            Cell::Percent(_) => Kind::Right,
                            _ => Kind::Text,
                        };
                        ws.merge_range(at.0, at.1, end.0, end.1, "", formats.get(0, kind))?;
                        write_cell(ws, at, &cell.content, Kind::Text, (f.unit, f.decimals), &formats, 0)?;
                    }
                    placed.push(Placed { rows: (at.0, end.0), cols: (at.1, end.1), text, pt: BODY_PT });
                }
            }
        }
    }
    fit_rows(ws, &placed, &widths, first, grid.len())?;
    page_setup(ws, width);
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
    use yusuan_model::view::{Block, Column, FormCell, Row, Section};

    use super::*;

    #[test]
    fn sheet_names_are_valid_and_unique() {
        let mut names = SheetNames::default();
        names.reserve("问题清单");
        assert_eq!(names.unique("问题清单"), "问题清单(2)");
        let long = "表12 一般公共预算“三公”经费/会议费:培训费*支出预算表[按单位]和项目";
        let a = names.unique(long);
        let b = names.unique(long);
        for n in [&a, &b] {
            assert!(n.encode_utf16().count() <= MAX_SHEET_NAME, "{n}");
            assert!(!n.contains(['[', ']', ':', '*', '?', '/', '\\']), "{n}");
        }
        assert_ne!(a, b);
        assert!(b.ends_with("(2)"));
        assert_eq!(names.unique("'x'"), "x");
        assert_eq!(names.unique("X"), "X(2)", "names are unique regardless of case");
    }

    #[test]
    fn year_prefix_is_dropped_from_sheet_names() {
        assert_eq!(strip_year("2022 年收支预算总表", 2022), "收支预算总表");
        assert_eq!(strip_year("2022年收支预算总表", 2022), "收支预算总表");
        assert_eq!(strip_year("收支预算总表", 2022), "收支预算总表");
        assert_eq!(strip_year("2022年", 2022), "2022年");
    }

    #[test]
    fn amounts_become_their_printed_decimal() {
        let a = Amount::from_fen(3_927_980_000);
        assert_eq!(amount_value(a, MoneyUnit::WanYuan, 2).to_string(), "3927.98");
        assert_eq!(amount_value(-a, MoneyUnit::WanYuan, 0).to_string(), "-3928");
        assert_eq!(amount_value(Amount::from_fen(5), MoneyUnit::Yuan, 2).to_string(), "0.05");
        assert_eq!(money_format(0), "#,##0");
        assert_eq!(money_format(2), "#,##0.00");
    }

    /// Odd shapes: no header rows, one column, text and percentages in money
    /// columns, forms with the same long project name twice.
    #[test]
    fn odd_tables_and_forms_still_make_a_workbook() {
        let column = |key: &str, kind| Column { key: key.into(), label: key.into(), kind };
        let table = Table {
            id: "t01".into(),
            role: "x".into(),
            number: 1,
            title: "一列表".into(),
            unit_name: Some("某单位".into()),
            unit: MoneyUnit::WanYuan,
            decimals: 2,
            header: Vec::new(),
            columns: vec![column("amount", ColumnKind::Amount)],
            rows: vec![
                Row { kind: RowKind::Total, line: None, code: None, cells: vec![Cell::Amount(Amount::from_fen(1))] },
                Row { kind: RowKind::Item, line: None, code: None, cells: vec![Cell::Percent("12.50%".into())] },
                Row {
                    kind: RowKind::Item, line: None, code: None, cells: vec![Cell::text("—"), Cell::text("多余")]
                },
            ],
            empty_statement: None,
            notes: vec!["注：本表为示例。".into()],
        };
        let name = "一个名字很长很长很长很长很长很长很长很长很长很长的项目";
        let form = Form {
            id: "f".into(),
            role: "project_performance".into(),
            title: "项目支出绩效目标申报表".into(),
            subtitle: vec!["单位名称：某单位".into()],
            unit: MoneyUnit::WanYuan,
            decimals: 2,
            columns: 3,
            widths: vec![1, 2],
            rows: vec![
                vec![FormCell::label("项目名称"), FormCell::text(name).span(2, 1)],
                vec![
                    FormCell::label("金额").span(1, 2),
                    FormCell::value(Cell::Amount(Amount::from_fen(24_000_000))).span(2, 1),
                ],
                vec![FormCell::value(Cell::Percent("100%".into()))],
            ],
        };
        let section = Section {
            id: "s".into(),
            heading: "表".into(),
            level: 1,
            blocks: vec![Block::Table(table), Block::Form(form.clone()), Block::Form(form)],
            children: Vec::new(),
        };
        let doc = Document {
            title: "t".into(),
            year: 2022,
            department: "d".into(),
            unit: MoneyUnit::WanYuan,
            sections: vec![section],
        };
        let bytes = xlsx_document(&doc, &[]).expect("renders");
        let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).unwrap();
        let names = wb.sheet_names();
        assert_eq!(names.len(), 3);
        assert_eq!(names[0], "表1 一列表");
        assert!(names[1].starts_with("绩效-一个名字") && names[2].ends_with("(2)"), "{names:?}");
        let t = wb.worksheet_range(&names[0]).unwrap();
        // 公开表 1, title, 单位 line, one header row of leaf labels, then the body.
        // The stray second cell makes the table two columns wide: 单位 goes right.
        assert_eq!(t.get_value((2, 0)), Some(&Data::String("单位名称：某单位".into())));
        assert_eq!(t.get_value((2, 1)), Some(&Data::String("单位：万元".into())));
        assert_eq!(t.get_value((3, 0)), Some(&Data::String("amount".into())));
        assert_eq!(t.get_value((4, 0)), Some(&Data::Float(0.0)));
        assert_eq!(t.get_value((5, 0)), Some(&Data::String("12.50%".into())));
        assert_eq!(t.get_value((6, 1)), Some(&Data::String("多余".into())));
        assert_eq!(t.get_value((7, 0)), Some(&Data::String("注：本表为示例。".into())));
        let f = wb.worksheet_range(&names[1]).unwrap();
        assert_eq!(f.get_value((3, 1)), Some(&Data::Float(24.0)));
        assert_eq!(f.get_value((4, 1)), Some(&Data::String("100%".into())));
    }
}
