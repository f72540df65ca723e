//! Views of published tables: a recognised [`RawTable`] and its template
//! definition ([`TableDef`]) become a [`yusuan_model::view::Table`] (or, for the
//! performance-target forms, a [`Form`]) that the checker reads exactly like
//! a table derived from facts: same role, columns with the template's keys,
//! typed rows with codes, exact amounts and source lines.
//!
//! # Header → columns
//! The rows before the first body row ([`header_and_body`]) are the header;
//! rows that only state the department or the unit (`部门：… 单位：万元`
//! printed inside the grid) are left out. Every printed column gets its header
//! texts top to bottom, plus, where a header cell is blank, the nearest text to
//! its left in that row (a merged group cell such as `基本支出` over `人员经费 |
//! 公用经费`). The template's leaf columns are aligned with the printed columns
//! in order (a monotone alignment maximising the label matches: the last header
//! cell or an alias of the column, with a bonus for its group cells); when the
//! alignment misses columns and the printed table has exactly as many columns
//! as the template, columns are taken by position. Functional or economic codes
//! split over `类 | 款 | 项` columns (决算, Shanghai budgets) are recognised by
//! those header cells and joined (`204 | 06 | 01` → `2040601`; a blank 类 takes
//! the previous row's).
//!
//! # Body rows
//! - repeated header rows (a table continued on the next page) are dropped;
//! - a row holding only amounts after a row holding only a label (a cell that
//!   did not fit, `204 公共安全支出` / `⇥⇥27,488.23`), or only a 合计 label after
//!   a row holding only amounts, is merged into it; a row holding only short text
//!   fragments under longer texts (`七、文化旅游体育与传媒支` / `出`) is appended to them;
//! - lines of unruled rows that the reader kept inside the table
//!   (`30108  机关事业单位基本养老保险缴费  1,326.81`) become rows at their line;
//! - cells are read by column; cells printed off their column (merged cells
//!   shift them) are put back: amounts to the nearest empty amount column, a
//!   code to the code column, text to the empty name column;
//! - a code and a name in one cell (`2010301行政运行`, `201 一般公共服务支出`) are split;
//! - row kinds: 合计 / 总计 rows and the template's `subtotals` (决算 基本支出:
//!   人员经费合计, 公用经费合计) are [`RowKind::Total`]; coded rows are 类 / 款 / 项
//!   by the code's length; in summary tables the footer rows (本年收入合计, 上年结转,
//!   收入总计 …, the template's `footers` labels, and every row after the first of
//!   them) are totals; list rows numbered `一、` (procurement categories) are 类 rows;
//! - a grid row whose only cell states that the table is empty
//!   (`2022年无政府性基金预算支出。` across the table) is the table's empty statement,
//!   not a row;
//! - amounts are read exactly with [`parse_amount_cell`] in the table's unit
//!   (blank or `-` = [`Cell::Empty`]); a table's decimals are the most printed.
//!
//! Summary tables keep their panels: `income_item`, `income_amount`, and per
//! spending panel `<panel>_item` followed by its amount columns, which is what
//! the panel identities read. Breakdown columns (`detail` in the template) are
//! put before the first panel. A summary row whose cells do not stand in their
//! columns (a panel printed a column off its header, a footer printed with
//! merged cells) is read panel by panel; a footer label merged over two
//! spending panels (Jiangsu `当年支出小计`, its amount printed once) is the
//! footer of both.
//!
//! Tables printed as sides (`sides = 2`, the 决算 基本支出 table) are read side
//! after side; a row printed with fewer cells than the table (blank cells
//! dropped) is first put back into its sides.
//!
//! A table recognised by its title only ([`Source::Title`], flattened text)
//! gives a view with its title and role and no columns or rows: the table is
//! published, its figures cannot be read.
//!
//! A table whose amount columns cannot be found returns a [`ViewError`] naming
//! the table and line; nothing here panics on any input.

use std::collections::BTreeSet;

use yusuan_derive::template::ColumnDef;
use yusuan_derive::{TableDef, TableKind, Template};
use yusuan_model::view::{Cell, Column, ColumnKind, Form, FormCell, Row, RowKind, Table};
use yusuan_model::{Decimal, MoneyUnit};

use crate::recognize::{Recognition, Source, normalize};
use crate::{RawRow, RawTable, TextDocument, header_and_body, parse_amount_cell};

/// The views of a document's recognised tables.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Views {
    /// Grid tables in document order (ids are the template's; a second table
    /// matched to the same definition gets `-2`, and so on).
    pub tables: Vec<Table>,
    /// Performance-target forms (`department_performance`, `project_performance`).
    pub forms: Vec<Form>,
    /// Tables that were recognised but could not be turned into views.
    pub errors: Vec<ViewError>,
}

/// A recognised table whose body cannot be mapped to its template's columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ViewError {
    /// Template table id.
    pub table: String,
    /// The title as printed.
    pub title: String,
    /// The title line (or the table's first line).
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for ViewError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: 《{}》({}): {}", self.line, self.title, self.table, self.message)
    }
}

impl std::error::Error for ViewError {}

/// Builds the views of every grid table of a recognition (title-only tables have
/// no body and give no view).
pub fn build_views(doc: &TextDocument, rec: &Recognition) -> Views {
    let raws: Vec<&RawTable> = doc.tables().collect();
    let mut views = Views::default();
    let mut used: Vec<String> = Vec::new();
    for t in &rec.tables {
        let error =
            |message: String| ViewError { table: t.table.clone(), title: t.title.clone(), line: t.line, message };
        let Source::Grid(i) = t.source else {
            if let Some(view) = title_only(t) {
                views.tables.push(view);
            }
            continue;
        };
        let Some(raw) = raws.get(i) else { continue };
        let template = match Template::builtin_shared(&t.template) {
            Ok(template) => template,
            Err(e) => {
                views.errors.push(error(e.to_string()));
                continue;
            }
        };
        let Some(def) = template.table(&t.table) else {
            views.errors.push(error(format!("模板 {} 没有表 {}", t.template, t.table)));
            continue;
        };
        let n = used.iter().filter(|u| **u == def.id).count();
        used.push(def.id.clone());
        let id = if n == 0 { def.id.clone() } else { format!("{}-{}", def.id, n + 1) };
        match def.kind {
            TableKind::DepartmentPerformance | TableKind::ProjectPerformance => {
                let mut form = form_view(raw, def);
                form.id = id;
                views.forms.push(form);
            }
            _ => match table_view(raw, def, template) {
                Ok(mut table) => {
                    table.id = id;
                    views.tables.push(table);
                }
                Err(e) => views.errors.push(e),
            },
        }
    }
    views
}

/// A table found by its title only ([`Source::Title`]: a document whose tables
/// were flattened to plain text): the table is there, its body cannot be read.
/// Its view has the title and role but no columns and no rows, so that the
/// checker knows the table is published (YS-M001) without reading any figure
/// from it (a table without columns is not an empty table, YS-M002).
fn title_only(t: &crate::recognize::RecognizedTable) -> Option<Table> {
    let template = Template::builtin_shared(&t.template).ok()?;
    let def = template.table(&t.table)?;
    if matches!(def.kind, TableKind::DepartmentPerformance | TableKind::ProjectPerformance) {
        return None;
    }
    Some(Table {
        id: def.id.clone(),
        role: def.role.clone(),
        number: def.number,
        title: t.title.clone(),
        unit_name: None,
        unit: def.unit.unwrap_or(template.unit),
        decimals: template.decimals,
        header: Vec::new(),
        columns: Vec::new(),
        rows: Vec::new(),
        empty_statement: None,
        notes: Vec::new(),
    })
}

// ---- Cells -------------------------------------------------------------------

fn compact(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// A printed number (`3,927.98`, `0`, `10.0 0`, `-`): digits with separators.
fn is_number(cell: &str) -> bool {
    if !cell.bytes().any(|b| b.is_ascii_digit()) && !cell.chars().any(|c| ('０'..='９').contains(&c)) {
        return false;
    }
    decimal(cell).is_some()
}

/// The printed number of a cell, whitespace inside ignored (`10.0 0`).
fn decimal(cell: &str) -> Option<Decimal> {
    let t = cell.trim();
    if t.contains(char::is_whitespace) { Decimal::parse(&compact(t)) } else { Decimal::parse(t) }
}

/// A classification code: 3, 5 or 7 digits.
fn is_code(cell: &str) -> bool {
    let t = cell.trim();
    matches!(t.len(), 3 | 5 | 7) && t.bytes().all(|b| b.is_ascii_digit())
}

/// A code followed by a name in one cell: `2010301行政运行`, `201 一般公共服务支出`.
fn split_code(cell: &str) -> Option<(String, String)> {
    let t = cell.trim();
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    if !matches!(digits, 3 | 5 | 7) {
        return None;
    }
    let rest = t[digits..].trim();
    if rest.is_empty() || rest.starts_with(['.', ',', '%', '年', '-']) || rest.starts_with(|c: char| c.is_ascii_digit())
    {
        return None;
    }
    Some((t[..digits].to_owned(), rest.to_owned()))
}

/// Text of a cell that is neither empty nor a number.
fn is_text(cell: &str) -> bool {
    !cell.trim().is_empty() && !is_number(cell)
}

/// Digits after the decimal point of a printed number.
fn scale(cell: &str) -> u8 {
    decimal(cell).map_or(0, |d| d.scale.min(6) as u8)
}

/// `一、`, `十二、`: a Chinese ordinal label.
fn chinese_ordinal(t: &str) -> bool {
    let t = t.trim();
    let n = t.chars().take_while(|c| "一二三四五六七八九十".contains(*c)).count();
    n > 0 && t.chars().nth(n) == Some('、')
}

/// `1.`, `2、`, `（一）`, `一、`: a label that starts an item.
fn enumerated(t: &str) -> bool {
    let t = t.trim();
    let d = t.chars().take_while(char::is_ascii_digit).count();
    (d > 0 && t.chars().nth(d).is_some_and(|c| ".、．".contains(c))) || chinese_ordinal(t) || t.starts_with(['（', '('])
}

/// A row's label is a table total: `合计`, `总计`, `收入总计`, `合计数` (not `人员经费合计`).
fn total_label(t: &str) -> bool {
    if !t.contains(['合', '总']) {
        return false;
    }
    let t = compact(t);
    t.starts_with("合计") || t.starts_with("总计") || t == "收入总计" || t == "支出总计"
}

/// A summary footer label: 本年收入合计, 上年结转, 收入总计, 结余分配, 年末结转和结余 …
fn footer_label(t: &str) -> bool {
    if !t.contains(['计', '结']) {
        return false;
    }
    let t = compact(t);
    ["合计", "总计", "小计", "结转", "结余"].iter().any(|w| t.contains(w))
}

fn cell(cells: &[String], i: usize) -> &str {
    cells.get(i).map_or("", String::as_str)
}

/// Lines of the grid that only state the department or the unit. A bare `单位名称`
/// (no `：` and its value) in a row of more than three cells is a column header
/// (the 单位名称 column of a project table), not such a statement.
fn meta_row(row: &[String]) -> bool {
    let filled = row.iter().filter(|c| !c.trim().is_empty()).count();
    row.iter().filter(|c| c.contains(['单', '部'])).any(|c| {
        let c = compact(c);
        let stated = |k: &&str| c.strip_prefix(k).is_some_and(|r| r.starts_with(['：', ':']) || filled <= 3);
        crate::unit_in(&c).is_some()
            || c.starts_with("部门：")
            || c.starts_with("部门:")
            || ["部门名称", "编制部门", "编制单位", "单位名称"].iter().any(stated)
    })
}

// ---- Header analysis ------------------------------------------------------------

/// The header texts of one printed column.
#[derive(Debug, Default, Clone)]
struct Heads {
    /// Texts in the column, top to bottom, normalised.
    vertical: Vec<String>,
    /// Texts to the left of blank header cells of the column (merged group cells).
    inherited: Vec<String>,
}

fn heads(header: &[Vec<String>], width: usize) -> Vec<Heads> {
    let mut out = vec![Heads::default(); width];
    for row in header {
        let mut left: Option<String> = None;
        for (c, h) in out.iter_mut().enumerate() {
            let t = normalize(cell(row, c));
            if t.is_empty() {
                if let Some(l) = &left {
                    h.inherited.push(l.clone());
                }
            } else {
                h.vertical.push(t.clone());
                left = Some(t);
            }
        }
    }
    out
}

fn near(a: &str, b: &str) -> bool {
    a.chars().count() >= 2 && b.chars().count() >= 2 && (a.contains(b) || b.contains(a))
}

/// A template column's labels for matching: its last header cell and aliases,
/// and its group cells, normalised.
struct Labels {
    leaf: Vec<String>,
    groups: Vec<String>,
}

impl Labels {
    fn of(def: &ColumnDef) -> Labels {
        let leaf =
            def.header.last().into_iter().chain(&def.aliases).map(|l| normalize(l)).filter(|l| !l.is_empty()).collect();
        let groups = def.header[..def.header.len().saturating_sub(1)].iter().map(|g| normalize(g)).collect();
        Labels { leaf, groups }
    }

    /// How well the column matches a printed column (0: not at all).
    fn score(&self, h: &Heads) -> u32 {
        let ls = &self.leaf;
        let lowest = h.vertical.last();
        let leaf = if ls.iter().any(|l| Some(l) == lowest) {
            10
        } else if ls.iter().any(|l| h.vertical.contains(l)) {
            7
        } else if ls.iter().any(|l| h.inherited.contains(l)) {
            4
        } else if ls.iter().any(|l| h.vertical.iter().any(|v| near(v, l))) {
            3
        } else {
            0
        };
        if leaf == 0 {
            return 0;
        }
        let bonus =
            self.groups.iter().filter(|g| h.vertical.iter().chain(&h.inherited).any(|v| v == *g || near(v, g))).count()
                as u32;
        leaf + 2 * bonus
    }
}

/// Monotone alignment of template columns (`defs`) with printed columns
/// (`cols`, indices into `heads`) maximising the total score; returns per def the
/// printed column.
fn align(defs: &[&ColumnDef], cols: &[usize], heads: &[Heads]) -> Vec<Option<usize>> {
    let (m, n) = (defs.len(), cols.len());
    let s: Vec<Vec<u32>> = defs
        .iter()
        .map(|d| {
            let labels = Labels::of(d);
            cols.iter().map(|&c| labels.score(&heads[c])).collect()
        })
        .collect();
    // best[i][j]: best total for defs[i..] and cols[j..].
    let mut best = vec![vec![0_u32; n + 1]; m + 1];
    for i in (0..m).rev() {
        for j in (0..n).rev() {
            let take = if s[i][j] > 0 { s[i][j] + best[i + 1][j + 1] } else { 0 };
            best[i][j] = take.max(best[i + 1][j]).max(best[i][j + 1]);
        }
    }
    let mut out = vec![None; m];
    let (mut i, mut j) = (0, 0);
    while i < m && j < n {
        if s[i][j] > 0 && best[i][j] == s[i][j] + best[i + 1][j + 1] {
            out[i] = Some(cols[j]);
            i += 1;
            j += 1;
        } else if best[i][j] == best[i + 1][j] {
            i += 1;
        } else {
            j += 1;
        }
    }
    out
}

/// Printed columns of codes split over `类 | 款 | 项`, from the header or the first body rows.
fn code_parts(rows: &[&Vec<String>]) -> Vec<usize> {
    for row in rows {
        let at = |i: usize, s: &str| compact(cell(row, i)) == s;
        if let Some(k) = (0..row.len()).find(|&k| at(k, "类") && at(k + 1, "款")) {
            return if at(k + 2, "项") { vec![k, k + 1, k + 2] } else { vec![k, k + 1] };
        }
    }
    Vec::new()
}

fn is_code_column(def: &ColumnDef) -> bool {
    matches!(def.value.as_deref(), Some("code" | "functional_code"))
}

fn column_kind(def: &ColumnDef) -> ColumnKind {
    match def.value.as_deref() {
        Some("code" | "functional_code" | "unit_code") => ColumnKind::Code,
        Some(_) => ColumnKind::Text,
        None => ColumnKind::Amount,
    }
}

// ---- Tables ----------------------------------------------------------------------

/// The view of one recognised raw table under its template definition.
pub fn table_view(raw: &RawTable, def: &TableDef, template: &Template) -> Result<Table, ViewError> {
    let line = raw.title_line.unwrap_or_else(|| raw.span().0);
    let title = raw.title.clone().unwrap_or_else(|| def.title_pattern().trim().to_owned());
    let error = |message: String| ViewError { table: def.id.clone(), title: title.clone(), line, message };
    let unit = raw.unit.or(def.unit).unwrap_or(template.unit);
    let defs = def.leaf_columns();
    if defs.is_empty() {
        return Err(error("模板没有为此表列出列 the template lists no columns for this table".into()));
    }
    let (header, body) = header_and_body(raw);
    // A statement printed as a row of the grid (`2022年无政府性基金预算支出。` in one
    // cell across the table): not a header or body row.
    let row_statement: Option<String> =
        header.iter().chain(&body).find_map(|r| statement_cell(&r.cells)).map(str::to_owned);
    let header: Vec<&RawRow> = header.into_iter().filter(|r| statement_cell(&r.cells).is_none()).collect();
    let body: Vec<&RawRow> = body.into_iter().filter(|r| statement_cell(&r.cells).is_none()).collect();
    // A 合计 label alone on its row, its amounts on the next: a body row that looks like a header row.
    let lone_total = |r: &RawRow| {
        let texts: Vec<&String> = r.cells.iter().filter(|c| !c.trim().is_empty()).collect();
        texts.len() == 1 && total_label(texts[0])
    };
    let split = header.iter().position(|r| lone_total(r)).unwrap_or(header.len());
    let mut body: Vec<Line> = header[split..].iter().chain(&body).map(|r| Line::grid(r)).collect();
    let header: Vec<Vec<String>> = header[..split].iter().map(|r| r.cells.clone()).filter(|r| !meta_row(r)).collect();
    // Summary tables: a label alone on its line (no TAB: the rest of the row was
    // empty) is an item label; its panel is decided once the columns are known.
    let mut floating: BTreeSet<usize> = BTreeSet::new();
    if def.kind == TableKind::Summary {
        let short = |t: &str| t.chars().count() <= 20 && !t.contains('。');
        for (l, t) in raw.inner.iter().filter(|(_, t)| short(t)) {
            floating.insert(*l);
            body.push(Line { line: *l, cells: vec![t.clone()], unruled: false });
        }
    } else {
        body.extend(raw.inner.iter().filter_map(|(l, t)| Line::unruled(*l, t)));
    }
    body.sort_by_key(|r| r.line);
    let width = header.iter().map(Vec::len).chain(body.iter().map(|r| r.cells.len())).max().unwrap_or(0);
    let sides = usize::from(def.sides.max(1));
    let split = sides > 1 && width >= 2 * sides && width % sides == 0;
    if split {
        let w = width / sides;
        let side_header: Vec<Vec<String>> = header.iter().map(|r| r.iter().take(w).cloned().collect()).collect();
        let map = Mapping::new(&defs, &side_header, &[], w);
        realign_sides(&mut body, &map, &defs, width, sides);
    }
    let mut reader = Reader { def, defs: &defs, unit, decimals: 0, amounts: 0, previous_class: None, width: 0 };
    let mut rows = Vec::new();
    let mut mapping = None;
    let parts: Vec<(usize, usize)> = if split {
        (0..sides).map(|s| (s * width / sides, (s + 1) * width / sides)).collect()
    } else {
        vec![(0, width)]
    };
    for (from, to) in parts {
        let cut = |cells: &[String]| cells.get(from..to.min(cells.len())).map_or_else(Vec::new, <[String]>::to_vec);
        let side_header: Vec<Vec<String>> = header.iter().map(|r| cut(r)).collect();
        let side_body: Vec<Line> =
            body.iter().map(|r| Line { line: r.line, cells: cut(&r.cells), unruled: r.unruled }).collect();
        let map = Mapping::new(&defs, &side_header, &side_body, to - from);
        reader.width = to - from;
        let mut side_body = side_body;
        place_floating(&mut side_body, &floating, &map, &defs);
        let side_body = prepare(side_body, &side_header, def.kind);
        reader.previous_class = None;
        for l in &side_body {
            if let Some(row) = reader.row(&map, l) {
                rows.push(row);
            }
        }
        mapping.get_or_insert(map);
    }
    let map = mapping.unwrap_or_else(|| Mapping::new(&defs, &[], &[], 0));
    let printed_amounts = body.iter().any(|l| l.has_numbers());
    if !map.any_amount(&defs) && printed_amounts {
        return Err(error(format!(
            "表头无法对应到模板的金额列（印刷表头：{}）the header matches none of the template's amount columns",
            header.iter().map(|r| r.join("|")).collect::<Vec<_>>().join(" / ")
        )));
    }
    if def.kind == TableKind::Summary {
        let footer = |t: &str| reader.footer_label(t);
        rows = restack_panels(rows, &defs, &footer);
        summary_kinds(&mut rows, &defs, &footer);
    } else {
        list_kinds(&mut rows, def);
    }
    // Columns: the mapped ones in template order; summary breakdown columns first.
    let mut order: Vec<usize> = (0..defs.len()).filter(|&d| map.of[d].is_some() || map.code == Some(d)).collect();
    if def.kind == TableKind::Summary {
        order.sort_by_key(|&d| !defs[d].detail);
    }
    let columns: Vec<Column> = order
        .iter()
        .map(|&d| Column { key: defs[d].key.clone(), label: defs[d].header.join("/"), kind: column_kind(&defs[d]) })
        .collect();
    let paths: Vec<Vec<String>> = order.iter().map(|&d| defs[d].header.clone()).collect();
    let rows: Vec<Row> = rows
        .into_iter()
        .map(|(kind, code, cells, line)| Row {
            kind,
            line: Some(line),
            code,
            cells: order.iter().map(|&d| cells[d].clone()).collect(),
        })
        .collect();
    let (empty_statement, notes) = statements(raw, rows.is_empty());
    let empty_statement = empty_statement.or(row_statement.filter(|_| rows.is_empty()));
    Ok(Table {
        id: def.id.clone(),
        role: def.role.clone(),
        number: raw.number.unwrap_or(def.number),
        title,
        unit_name: raw.unit_name.clone(),
        unit,
        decimals: if reader.amounts > 0 { reader.decimals } else { template.decimals },
        header: yusuan_derive::tables::header_rows(&paths),
        columns,
        rows,
        empty_statement,
        notes,
    })
}

/// A text that states a table is empty (`本单位无政府性基金预算支出`, `此表为空`).
fn says_empty(t: &str) -> bool {
    ["无", "为空", "没有"].iter().any(|w| t.contains(w)) && !matches!(t.trim(), "无")
}

/// The statement of a grid row whose only cell states the table is empty
/// (a sentence, not a header label: five characters or more).
fn statement_cell(cells: &[String]) -> Option<&str> {
    let mut texts = cells.iter().map(|c| c.trim()).filter(|c| !c.is_empty());
    let (Some(only), None) = (texts.next(), texts.next()) else { return None };
    (only.chars().count() >= 5 && is_text(only) && says_empty(only) && !total_label(only)).then_some(only)
}

/// The trailing lines of a table: an "empty table" statement and notes.
fn statements(raw: &RawTable, empty: bool) -> (Option<String>, Vec<String>) {
    let mut statement = None;
    let mut notes = Vec::new();
    for (_, t) in &raw.trailing {
        let is_note = ["注", "说明", "备注", "：", ":"].iter().any(|p| t.starts_with(p));
        if is_note {
            notes.push(t.clone());
        } else if says_empty(t) && empty && statement.is_none() {
            statement = Some(t.clone());
        }
    }
    (statement, notes)
}

/// A body row as printed (or an unruled line split at runs of spaces).
#[derive(Debug, Clone)]
struct Line {
    line: usize,
    cells: Vec<String>,
    /// Cells of an unruled line: in order, not in their columns.
    unruled: bool,
}

impl Line {
    fn grid(r: &RawRow) -> Line {
        Line { line: r.line, cells: r.cells.clone(), unruled: false }
    }

    /// `30108  机关事业单位基本养老保险缴费  1,326.81`: a code or a label and at least one number.
    fn unruled(line: usize, text: &str) -> Option<Line> {
        let parts: Vec<String> = text.split("  ").map(str::trim).filter(|p| !p.is_empty()).map(str::to_owned).collect();
        let numbers = parts.iter().filter(|p| is_number(p) && !is_code(p)).count();
        (parts.len() >= 2 && numbers >= 1 && numbers < parts.len()).then_some(Line {
            line,
            cells: parts,
            unruled: true,
        })
    }

    fn is_blank(&self) -> bool {
        self.cells.iter().all(|c| c.trim().is_empty())
    }
    fn has_numbers(&self) -> bool {
        self.cells.iter().any(|c| is_number(c) && !is_code(c))
    }
    fn has_text(&self) -> bool {
        self.cells.iter().any(|c| is_text(c) || is_code(c))
    }
}

/// Puts each label printed alone on its line into the item column of its panel:
/// `十四、资源勘探工业信息等` goes to the panel whose last label is `十三、…`; a
/// label without a Chinese ordinal (`1.一般公共预`, a wrapped `支出`) goes where the
/// previous lone label went, or to the first panel.
fn place_floating(body: &mut [Line], floating: &BTreeSet<usize>, map: &Mapping, defs: &[ColumnDef]) {
    if floating.is_empty() {
        return;
    }
    let items: Vec<usize> =
        (0..defs.len()).filter(|&d| defs[d].key.ends_with("_item")).filter_map(|d| map.of[d]).collect();
    let Some(&first) = items.first() else { return };
    let ordinal = |t: &str| -> Option<u32> {
        let t = t.trim();
        let n: String = t.chars().take_while(|c| "一二三四五六七八九十".contains(*c)).collect();
        if n.is_empty() || !t[n.len()..].starts_with('、') {
            return None;
        }
        let digit = |c: char| "一二三四五六七八九".chars().position(|x| x == c).map(|p| p as u32 + 1);
        let chars: Vec<char> = n.chars().collect();
        match chars.as_slice() {
            [c] if *c == '十' => Some(10),
            [c] => digit(*c),
            ['十', u] => Some(10 + digit(*u)?),
            [t, '十'] => Some(10 * digit(*t)?),
            [t, '十', u] => Some(10 * digit(*t)? + digit(*u)?),
            _ => None,
        }
    };
    let mut last: Vec<Option<u32>> = vec![None; items.len()];
    let mut previous = first;
    for l in body.iter_mut() {
        if !floating.contains(&l.line) {
            for (k, &c) in items.iter().enumerate() {
                if let Some(n) = ordinal(cell(&l.cells, c)) {
                    last[k] = Some(n);
                }
            }
            continue;
        }
        let text = l.cells.first().cloned().unwrap_or_default();
        let col = match ordinal(&text) {
            Some(n) => {
                items.iter().zip(&last).find(|(_, p)| **p == Some(n.saturating_sub(1))).map_or(first, |(c, _)| *c)
            }
            None => previous,
        };
        if let Some(k) = items.iter().position(|&c| c == col) {
            last[k] = ordinal(&text).or(last[k]);
        }
        previous = col;
        let mut cells = vec![String::new(); col + 1];
        cells[col] = text;
        l.cells = cells;
    }
}

/// Tables printed as sides (the 决算 基本支出 table): a row printed with fewer
/// cells than the table (blank cells dropped by a re-typeset PDF:
/// `⇥⇥310⇥19⇥其他交通工具购置`, `人员经费合计⇥2,152.26⇥公用经费合计⇥⇥⇥184.65`) is
/// put back into its sides. The row is cut into entries, each starting with a
/// 类 code or a label; an entry goes to the side that continues its 类 (the last
/// 类 printed on that side), else, when the row has one entry per side, to the
/// sides in order, else to the side its first cell stands in. Within a side, a
/// 类 code goes to the 类 column, a 款 to the 款 column, a label to the first
/// column (where 人员经费合计 is printed) or, after a code, the name column, and
/// numbers to the amount columns.
fn realign_sides(body: &mut [Line], map: &Mapping, defs: &[ColumnDef], width: usize, sides: usize) {
    let w = width / sides;
    let code_def = defs.iter().position(is_code_column);
    let name_def = defs.iter().position(|d| d.key == "name");
    let code_cols: Vec<usize> =
        if map.parts.is_empty() { code_def.and_then(|d| map.of[d]).into_iter().collect() } else { map.parts.clone() };
    let name_col = name_def.and_then(|d| map.of[d]);
    let mut amount_cols: Vec<usize> =
        (0..defs.len()).filter(|&d| defs[d].value.is_none()).filter_map(|d| map.of[d]).collect();
    amount_cols.sort_unstable();
    let (Some(&first), Some(name_col)) = (code_cols.first(), name_col) else { return };
    let class_of = |t: &str| -> Option<String> {
        let t = t.trim();
        (t.len() >= 3 && t.bytes().take(3).all(|b| b.is_ascii_digit()) && (is_code(t) || split_code(t).is_some()))
            .then(|| t[..3].to_owned())
    };
    let mut last_class: Vec<Option<String>> = vec![None; sides];
    for l in body.iter_mut() {
        if l.unruled {
            continue;
        }
        if l.cells.len() >= width {
            for (s, last) in last_class.iter_mut().enumerate() {
                if let Some(c) = l.cells.get(s * w + first).and_then(|c| class_of(c)) {
                    *last = Some(c);
                }
            }
            continue;
        }
        // Entries: (position of the first cell, cells).
        let mut entries: Vec<(usize, Vec<String>)> = Vec::new();
        for (p, c) in l.cells.iter().enumerate() {
            let t = c.trim();
            if t.is_empty() {
                continue;
            }
            let starts = match entries.last() {
                None => true,
                Some((_, e)) => {
                    class_of(t).is_some()
                        || (is_text(t) && e.iter().any(|x| is_text(x) || (is_number(x) && !is_code(x))))
                }
            };
            if starts {
                entries.push((p, vec![t.to_owned()]));
            } else if let Some((_, e)) = entries.last_mut() {
                e.push(t.to_owned());
            }
        }
        if entries.is_empty() || entries.len() > sides {
            continue;
        }
        let mut taken = vec![false; sides];
        let mut cells = vec![String::new(); width];
        for (k, (pos, entry)) in entries.iter().enumerate() {
            let continued =
                class_of(&entry[0]).and_then(|c| (0..sides).find(|&s| !taken[s] && last_class[s] == Some(c.clone())));
            let side = continued
                .or_else(|| (entries.len() == sides).then_some(k))
                .or_else(|| Some((pos / w).min(sides - 1)).filter(|&s| !taken[s]))
                .or_else(|| (0..sides).find(|&s| !taken[s]));
            let Some(side) = side else { break };
            taken[side] = true;
            let base = side * w;
            let mut codes = code_cols.iter();
            let mut amounts = amount_cols.iter();
            let mut named = false;
            for t in entry {
                let at = if class_of(t).is_some()
                    || (is_code(t) || (t.len() <= 2 && t.bytes().all(|b| b.is_ascii_digit())))
                {
                    codes.next().copied()
                } else if is_number(t) {
                    amounts.next().copied()
                } else if !named && cells[base + first].is_empty() && entry.iter().all(|x| class_of(x).is_none()) {
                    named = true;
                    Some(first)
                } else {
                    named = true;
                    Some(name_col)
                };
                if let Some(c) = at.filter(|&c| c < w) {
                    cells[base + c] = t.clone();
                }
            }
            if let Some(c) = class_of(&entry[0]) {
                last_class[side] = Some(c);
            }
        }
        l.cells = cells;
    }
}

/// The row with its cells moved `k` columns to the right (left when negative).
fn shift(l: &Line, k: isize) -> Line {
    let mut cells = Vec::with_capacity(l.cells.len() + 2);
    if k > 0 {
        cells.extend(std::iter::repeat_n(String::new(), k as usize));
        cells.extend(l.cells.iter().cloned());
    } else {
        cells.extend(l.cells.iter().skip(k.unsigned_abs()).cloned());
    }
    Line { line: l.line, cells, unruled: l.unruled }
}

/// `267.8⇥0` for `267.80`: a number with one decimal followed by a lone digit,
/// in a row whose other amounts print two decimals, is one number split in two.
fn join_split_decimals(l: &mut Line) {
    let one_decimal = |c: &str| c.len() >= 3 && c.as_bytes()[c.len() - 2] == b'.';
    if !l.cells.iter().any(|c| one_decimal(c.trim())) {
        return;
    }
    let two = l.cells.iter().any(|c| scale(c) == 2);
    for i in 0..l.cells.len().saturating_sub(1) {
        let (a, b) = (compact(&l.cells[i]), compact(&l.cells[i + 1]));
        if two && is_number(&a) && scale(&a) == 1 && b.len() == 1 && b.bytes().all(|x| x.is_ascii_digit()) {
            l.cells[i] = format!("{a}{b}");
            l.cells[i + 1].clear();
        }
    }
}

/// Drops blank rows and repeated header rows, and merges rows split by the extraction.
fn prepare(body: Vec<Line>, header: &[Vec<String>], kind: TableKind) -> Vec<Line> {
    let header_texts: BTreeSet<String> =
        header.iter().flatten().map(|c| normalize(c)).filter(|c| !c.is_empty()).collect();
    let mut out: Vec<Line> = Vec::with_capacity(body.len());
    for mut l in body {
        if l.is_blank() || meta_row(&l.cells) {
            continue;
        }
        join_split_decimals(&mut l);
        let texts: Vec<String> = if l.has_numbers() {
            Vec::new()
        } else {
            l.cells.iter().map(|c| normalize(c)).filter(|c| !c.is_empty()).collect()
        };
        let repeated = !l.has_numbers()
            && texts.iter().all(|t| header_texts.contains(t) || matches!(t.as_str(), "类" | "款" | "项"))
            && (texts.len() >= 2
                || header
                    .iter()
                    .any(|h| h.iter().map(|c| normalize(c)).filter(|c| !c.is_empty()).eq(texts.iter().cloned())));
        if repeated && !texts.is_empty() {
            continue;
        }
        if let Some(prev) = out.last_mut().filter(|p| !p.unruled && !l.unruled)
            && merge(prev, &l, kind)
        {
            continue;
        }
        out.push(l);
    }
    out
}

/// Merges `l` into `prev` when it is the part of `prev` that did not fit.
fn merge(prev: &mut Line, l: &Line, kind: TableKind) -> bool {
    let fill = |prev: &mut Line| {
        let fits =
            l.cells.iter().enumerate().all(|(i, c)| c.trim().is_empty() || cell(&prev.cells, i).trim().is_empty());
        if !fits {
            return false;
        }
        if prev.cells.len() < l.cells.len() {
            prev.cells.resize(l.cells.len(), String::new());
        }
        for (i, c) in l.cells.iter().enumerate().filter(|(_, c)| !c.trim().is_empty()) {
            prev.cells[i] = c.clone();
        }
        true
    };
    let label_only = |x: &Line| x.has_text() && !x.has_numbers();
    let numbers_only = |x: &Line| x.has_numbers() && !x.has_text();
    let summary = kind == TableKind::Summary;
    // Amounts printed on the line after their label.
    if !summary && numbers_only(l) && label_only(prev) {
        return fill(prev);
    }
    // A 合计 label printed after its amounts.
    if !summary && numbers_only(prev) && label_only(l) && l.cells.iter().any(|c| total_label(c)) {
        return fill(prev);
    }
    // Wrapped text: short fragments under longer texts.
    let fragments: Vec<(usize, &str)> =
        l.cells.iter().enumerate().filter(|(_, c)| !c.trim().is_empty()).map(|(i, c)| (i, c.trim())).collect();
    let wrapped = !fragments.is_empty()
        && !l.has_numbers()
        && fragments.iter().all(|(i, f)| {
            let above = cell(&prev.cells, *i).trim();
            f.chars().count() <= 3
                && !is_code(f)
                && !enumerated(f)
                && !matches!(*f, "合计" | "总计" | "小计" | "其中" | "类" | "款" | "项")
                && is_text(above)
                && above.chars().count() >= 4
                && !total_label(above)
        });
    if wrapped {
        for (i, f) in fragments {
            prev.cells[i].push_str(f);
        }
        return true;
    }
    false
}

/// Which printed column each template column reads.
#[derive(Debug, Clone)]
struct Mapping {
    /// Per template column, its printed column.
    of: Vec<Option<usize>>,
    /// The template's code column, when its code is split over `parts`.
    code: Option<usize>,
    parts: Vec<usize>,
}

impl Mapping {
    fn new(defs: &[ColumnDef], header: &[Vec<String>], body: &[Line], width: usize) -> Mapping {
        let hs = heads(header, width);
        let probe: Vec<&Vec<String>> = header.iter().chain(body.iter().take(2).map(|l| &l.cells)).collect();
        let parts = code_parts(&probe);
        let code_def = defs.iter().position(is_code_column);
        let split = !parts.is_empty() && code_def.is_some();
        let cols: Vec<usize> = (0..width).filter(|c| !(split && parts.contains(c))).collect();
        let free: Vec<usize> = (0..defs.len()).filter(|&d| !(split && Some(d) == code_def)).collect();
        let refs: Vec<&ColumnDef> = free.iter().map(|&d| &defs[d]).collect();
        let aligned = align(&refs, &cols, &hs);
        let mut of = vec![None; defs.len()];
        let matched = aligned.iter().filter(|a| a.is_some()).count();
        if matched < free.len() && cols.len() == free.len() {
            for (k, &d) in free.iter().enumerate() {
                of[d] = Some(cols[k]);
            }
        } else {
            for (k, &d) in free.iter().enumerate() {
                of[d] = aligned[k];
            }
        }
        if split {
            of[code_def.unwrap_or_default()] = parts.first().copied();
        }
        Mapping { of, code: if split { code_def } else { None }, parts: if split { parts } else { Vec::new() } }
    }

    fn any_amount(&self, defs: &[ColumnDef]) -> bool {
        defs.iter().zip(&self.of).any(|(d, c)| d.value.is_none() && c.is_some())
    }
}

type RowParts = (RowKind, Option<String>, Vec<Cell>, usize);

/// Reads body rows into cells of the template's columns.
struct Reader<'a> {
    def: &'a TableDef,
    defs: &'a [ColumnDef],
    unit: MoneyUnit,
    /// Most decimals printed in an amount cell.
    decimals: u8,
    /// Number of amount cells read.
    amounts: usize,
    /// The last 类 of a split code, for rows that leave it blank.
    previous_class: Option<String>,
    /// Printed columns of the table (of one side).
    width: usize,
}

impl Reader<'_> {
    fn row(&mut self, map: &Mapping, l: &Line) -> Option<RowParts> {
        let defs = self.defs;
        let coded =
            matches!(self.def.kind, TableKind::Functional | TableKind::Economic) || defs.iter().any(is_code_column);
        let code_def = defs.iter().position(is_code_column);
        let name_def = defs.iter().position(|d| d.key == "name").or_else(|| {
            defs.iter().position(|d| d.value.is_some() && !is_code_column(d) && d.value.as_deref() != Some("unit"))
        });
        let mut values: Vec<String> = vec![String::new(); defs.len()];
        let mut code: Option<String> = None;
        let mut strays: Vec<(usize, String)> = Vec::new();
        if l.unruled {
            // In order: a leading code, texts, then numbers (which fill the last amount columns).
            let mut numbers: Vec<&String> = Vec::new();
            for (k, c) in l.cells.iter().enumerate() {
                match code_def {
                    Some(cd) if k == 0 && coded && (is_code(c) || split_code(c).is_some()) => values[cd] = c.clone(),
                    _ if is_number(c) && !is_code(c) => numbers.push(c),
                    _ => {
                        let text_cols =
                            name_def.into_iter().chain((0..defs.len()).filter(|&d| {
                                defs[d].value.is_some() && !is_code_column(&defs[d]) && map.of[d].is_some()
                            }));
                        if let Some(d) = text_cols.into_iter().find(|&d| values[d].is_empty()) {
                            values[d] = c.clone();
                        }
                    }
                }
            }
            let amount_cols: Vec<usize> =
                (0..defs.len()).filter(|&d| defs[d].value.is_none() && map.of[d].is_some()).collect();
            let skip = amount_cols.len().saturating_sub(numbers.len());
            for (d, n) in amount_cols[skip..].iter().zip(numbers) {
                values[*d] = n.clone();
            }
        } else {
            let shifted;
            let l = match self.fit_shift(map, l) {
                Some(k) => {
                    shifted = shift(l, k);
                    &shifted
                }
                None => l,
            };
            let mut used = vec![false; l.cells.len().max(1)];
            for (d, c) in map.of.iter().enumerate() {
                if Some(d) == map.code {
                    continue;
                }
                if let Some(c) = *c {
                    values[d] = cell(&l.cells, c).trim().to_owned();
                    if c < used.len() {
                        used[c] = true;
                    }
                }
            }
            if let Some(cd) = map.code {
                let mut digits = String::new();
                let mut label = String::new();
                // 类 3 digits; 款 / 项 2 digits (`2` for `02`: the leading zero lost
                // in a spreadsheet export); a 类 that is blank or garbled (`7`)
                // continues the previous row's.
                let mut class_missing = false;
                for (k, &p) in map.parts.iter().enumerate() {
                    let t = cell(&l.cells, p).trim();
                    let pure = !t.is_empty() && t.len() <= 3 && t.bytes().all(|b| b.is_ascii_digit());
                    if pure && k == 0 {
                        if t.len() == 3 {
                            digits.push_str(t);
                        } else {
                            class_missing = true;
                        }
                    } else if pure && t.len() <= 2 {
                        digits.push_str(&format!("{t:0>2}"));
                    } else if t.is_empty() {
                        class_missing |= k == 0;
                    } else if is_number(t) {
                        continue; // an amount printed off its column: a stray
                    } else if !matches!(t, "类" | "款" | "项") {
                        label.push_str(t);
                    }
                    if p < used.len() {
                        used[p] = true;
                    }
                }
                if class_missing
                    && !digits.is_empty()
                    && let Some(class) = &self.previous_class
                {
                    digits = format!("{class}{digits}");
                }
                if is_code(&digits) {
                    self.previous_class = Some(digits[..3].to_owned());
                    code = Some(digits.clone());
                    values[cd] = digits;
                } else if !label.is_empty() {
                    values[cd] = label;
                }
            }
            for (c, text) in l.cells.iter().enumerate() {
                if !used.get(c).copied().unwrap_or(false) && !text.trim().is_empty() {
                    strays.push((c, text.trim().to_owned()));
                }
            }
            // Cells that do not belong where they stand.
            if self.def.kind != TableKind::Summary {
                for (d, v) in values.iter_mut().enumerate() {
                    if v.is_empty() || Some(d) == map.code {
                        continue;
                    }
                    let misplaced = match defs[d].value {
                        None => !is_number(v),
                        Some(_) if is_code_column(&defs[d]) => {
                            !(is_code(v) || split_code(v).is_some() || total_label(v))
                        }
                        Some(_) => is_number(v) && !is_code(v),
                    };
                    if misplaced {
                        strays.push((map.of[d].unwrap_or_default(), std::mem::take(v)));
                    }
                }
            }
        }
        if self.def.kind != TableKind::Summary && !l.unruled {
            self.place(map, &mut values, &mut strays, code_def, name_def);
        }
        if self.def.kind == TableKind::Summary && !l.unruled {
            let misplaced = values.iter().zip(defs).any(|(v, d)| match d.value {
                None => is_text(v),
                Some(_) => is_number(v),
            });
            if !strays.is_empty() || misplaced {
                values = read_by_panels(defs, map, &l.cells);
            }
            self.span_footer(map, &mut values, l);
        }
        // Code and name in one cell.
        if let Some(cd) = code_def.filter(|_| code.is_none()) {
            if let Some((c, name)) = split_code(&values[cd]) {
                values[cd] = c.clone();
                code = Some(c);
                if let Some(nd) = name_def.filter(|&nd| values[nd].is_empty()) {
                    values[nd] = name;
                }
            } else if is_code(&values[cd]) {
                code = Some(values[cd].clone());
            }
        }
        if let (Some(nd), None) = (name_def, &code)
            && let Some((c, name)) = split_code(&values[nd]).filter(|_| coded)
        {
            values[nd] = name;
            if let Some(cd) = code_def {
                values[cd] = c.clone();
            }
            code = Some(c);
        }
        if let Some(c) = &code {
            self.previous_class = Some(c[..3].to_owned());
        }
        if values.iter().all(String::is_empty) {
            return None;
        }
        let cells: Vec<Cell> = values
            .iter()
            .zip(defs)
            .map(|(v, d)| {
                if v.is_empty() {
                    return Cell::Empty;
                }
                if d.value.is_some() {
                    return Cell::Text(v.clone());
                }
                match parse_amount_cell(v, self.unit) {
                    Ok(None) => Cell::Empty,
                    Ok(Some(a)) => {
                        self.amounts += 1;
                        self.decimals = self.decimals.max(scale(v));
                        Cell::Amount(a)
                    }
                    Err(_) => Cell::Text(v.clone()),
                }
            })
            .collect();
        let kind = match code.as_deref().map(str::len) {
            Some(3) => RowKind::Class,
            Some(5) => RowKind::Section,
            Some(_) => RowKind::Item,
            None => RowKind::Line,
        };
        let listed = matches!(self.def.kind, TableKind::Grouped | TableKind::Items);
        let kind = if listed && code.is_some() { RowKind::Line } else { kind };
        Some((kind, code, cells, l.line))
    }

    /// Summary tables: a footer label merged over two spending panels
    /// (`当年支出小计` printed once across 功能分类 and 支出用途, its amount once)
    /// is the footer of both: the label goes to the second panel's label column
    /// and the amount to the panel that lacks it. Only when the second panel
    /// prints neither label nor amount of its own and either the first panel's
    /// amount is blank or the row is printed with fewer cells than the table
    /// (its cells are merged).
    fn span_footer(&self, map: &Mapping, values: &mut [String], l: &Line) {
        let defs = self.defs;
        if !(0..defs.len()).any(|d| defs[d].key.ends_with("_item") && self.footer_label(&values[d])) {
            return;
        }
        let narrow = l.cells.len() < self.width;
        let panels = panel_defs(defs, map);
        for w in panels.windows(2).skip(1) {
            let (a, b) = (&w[0], &w[1]);
            let main =
                |p: &PanelDefs| -> Vec<usize> { p.amounts.iter().copied().filter(|&d| !defs[d].detail).collect() };
            let (am, bm) = (main(a), main(b));
            if values[a.item].is_empty() || !values[b.item].is_empty() || am.len() != bm.len() {
                continue;
            }
            let blank = |ds: &[usize], values: &[String]| ds.iter().all(|&d| values[d].is_empty());
            if blank(&am, values) && !blank(&bm, values) {
                for (&x, &y) in am.iter().zip(&bm) {
                    values[x] = values[y].clone();
                }
            } else if narrow && !blank(&am, values) && blank(&b.amounts, values) {
                for (&x, &y) in bm.iter().zip(&am) {
                    values[x] = values[y].clone();
                }
            } else {
                continue;
            }
            values[b.item] = values[a.item].clone();
        }
    }

    /// A summary footer label: the generic words or one of the template's footer labels.
    fn footer_label(&self, t: &str) -> bool {
        footer_label(t) || {
            let t = compact(t);
            !t.is_empty() && self.def.footers.all_labels().iter().any(|l| t.contains(l))
        }
    }

    /// Rows printed off their columns (merged cells or a page break shift a row or
    /// a whole body against the header): the smallest shift (right first) that puts
    /// every text on a text column, every code on the code column and every number
    /// on an amount column, when the row as printed does not.
    fn fit_shift(&self, map: &Mapping, l: &Line) -> Option<isize> {
        if map.code.is_some() {
            return None; // codes split over 类 / 款 / 项 columns: positions are reliable
        }
        let at = |c: isize| -> Option<&ColumnDef> {
            let c = usize::try_from(c).ok()?;
            let d = map.of.iter().position(|&m| m == Some(c))?;
            Some(&self.defs[d])
        };
        let fits = |k: isize| {
            l.cells.iter().enumerate().filter(|(_, c)| !c.trim().is_empty()).all(|(i, c)| match at(i as isize + k) {
                Some(d) if is_code_column(d) => is_code(c) || split_code(c).is_some() || total_label(c),
                Some(d) if d.value.is_some() => is_text(c),
                Some(_) => is_number(c),
                None => false,
            })
        };
        if fits(0) {
            return None;
        }
        [1, 2, -1].into_iter().find(|&k| fits(k))
    }

    /// Puts stray cells where they belong: numbers into the nearest empty amount
    /// column, a code into the code column, text into the empty name column.
    fn place(
        &self,
        map: &Mapping,
        values: &mut [String],
        strays: &mut Vec<(usize, String)>,
        code_def: Option<usize>,
        name_def: Option<usize>,
    ) {
        let defs = self.defs;
        let first_amount = (0..defs.len()).filter(|&d| defs[d].value.is_none()).filter_map(|d| map.of[d]).min();
        let is_stray_number = |pos: usize, text: &str| {
            let before_amounts = first_amount.is_none_or(|a| pos < a);
            is_number(text) && !(before_amounts && is_code(text) && code_def.is_some())
        };
        // Amounts printed off their columns: when the row's numbers, in order, are as
        // many as the amount columns, they are those columns; a 合计 row whose label
        // spans the code columns fills the last amount columns.
        if strays.iter().any(|(pos, t)| is_stray_number(*pos, t)) {
            let amount_defs: Vec<usize> = {
                let mut v: Vec<usize> =
                    (0..defs.len()).filter(|&d| defs[d].value.is_none() && map.of[d].is_some()).collect();
                v.sort_by_key(|&d| map.of[d]);
                v
            };
            let mut numbers: Vec<(usize, String)> = amount_defs
                .iter()
                .filter(|&&d| !values[d].is_empty())
                .map(|&d| (map.of[d].unwrap_or_default(), values[d].clone()))
                .chain(strays.iter().filter(|(pos, t)| is_stray_number(*pos, t)).cloned())
                .collect();
            numbers.sort_by_key(|(pos, _)| *pos);
            let uncoded = code_def.is_none_or(|cd| !is_code(&values[cd]));
            let labelled = strays.iter().map(|(_, t)| t).chain(values.iter()).any(|t| total_label(t));
            let total_row = uncoded && labelled;
            let fits = numbers.len() == amount_defs.len() || (total_row && numbers.len() < amount_defs.len());
            if fits && !numbers.is_empty() {
                for &d in &amount_defs {
                    values[d].clear();
                }
                let skip = amount_defs.len() - numbers.len();
                for (&d, (_, n)) in amount_defs[skip..].iter().zip(&numbers) {
                    values[d] = n.clone();
                }
                strays.retain(|(pos, t)| !is_stray_number(*pos, t));
            }
        }
        for (pos, text) in std::mem::take(strays) {
            let before_amounts = first_amount.is_none_or(|a| pos < a);
            if let Some(cd) = code_def.filter(|&cd| values[cd].is_empty() && Some(cd) != map.code)
                && before_amounts
                && (is_code(&text) || split_code(&text).is_some())
            {
                values[cd] = text;
                continue;
            }
            if is_number(&text) && !(before_amounts && is_code(&text) && code_def.is_some()) {
                let target = (0..defs.len())
                    .filter(|&d| defs[d].value.is_none() && values[d].is_empty())
                    .filter_map(|d| map.of[d].map(|c| (d, c)))
                    .min_by_key(|&(_, c)| (c.abs_diff(pos), usize::MAX - c));
                if let Some((d, _)) = target {
                    values[d] = text;
                }
                continue;
            }
            let target = name_def.filter(|&nd| values[nd].is_empty()).or_else(|| {
                (0..defs.len()).find(|&d| {
                    defs[d].value.is_some() && !is_code_column(&defs[d]) && values[d].is_empty() && map.of[d].is_some()
                })
            });
            if let Some(d) = target {
                values[d] = text;
            }
        }
    }
}

/// A summary table's panel: its label column and its amount columns (breakdown
/// columns included), as template column indices, in printed order.
struct PanelDefs {
    item: usize,
    amounts: Vec<usize>,
}

/// The panels of a summary table in printed order (a panel whose label column is
/// not printed is left out). The income panel's amount is `income_amount`; a
/// spending panel `<p>_item` has the columns `<p>.…`.
fn panel_defs(defs: &[ColumnDef], map: &Mapping) -> Vec<PanelDefs> {
    let mut panels: Vec<PanelDefs> = (0..defs.len())
        .filter(|&d| defs[d].key.ends_with("_item") && map.of[d].is_some())
        .map(|item| {
            let name = defs[item].key.trim_end_matches("_item");
            let mut amounts: Vec<usize> = (0..defs.len())
                .filter(|&d| defs[d].value.is_none() && map.of[d].is_some())
                .filter(|&d| {
                    let k = &defs[d].key;
                    k.strip_prefix(name).is_some_and(|rest| rest.starts_with('.') || rest == "_amount")
                })
                .collect();
            amounts.sort_by_key(|&d| map.of[d]);
            PanelDefs { item, amounts }
        })
        .collect();
    panels.sort_by_key(|p| map.of[p.item]);
    panels
}

/// Summary tables: a row whose cells do not stand in their columns (merged cells,
/// a panel printed one column off its header) read panel by panel. Each label
/// goes to the label column of the nearest panel not left of the previous
/// label's; the numbers after a label are that panel's amounts (numbers before
/// any label go to the panel whose columns they stand in); a panel's numbers
/// fill its amount columns where they stand, else in order.
fn read_by_panels(defs: &[ColumnDef], map: &Mapping, cells: &[String]) -> Vec<String> {
    let mut values = vec![String::new(); defs.len()];
    let panels = panel_defs(defs, map);
    if panels.is_empty() {
        return values;
    }
    let item_col = |k: usize| map.of[panels[k].item].unwrap_or_default();
    // The panel whose columns (from its label column to the next panel's) hold `p`.
    let standing = |p: usize| (0..panels.len()).rev().find(|&k| item_col(k) <= p).unwrap_or(0);
    let mut numbers: Vec<Vec<(usize, String)>> = vec![Vec::new(); panels.len()];
    let mut current: Option<usize> = None;
    for (p, c) in cells.iter().enumerate() {
        let t = c.trim();
        if t.is_empty() {
            continue;
        }
        if is_number(t) {
            numbers[current.unwrap_or_else(|| standing(p))].push((p, t.to_owned()));
            continue;
        }
        let from = current.map_or(0, |k| k + 1).min(panels.len() - 1);
        let k = (from..panels.len()).min_by_key(|&k| item_col(k).abs_diff(p)).unwrap_or(from);
        let v = &mut values[panels[k].item];
        v.push_str(t);
        current = Some(k);
    }
    for (panel, nums) in panels.iter().zip(numbers) {
        let cols: Vec<usize> = panel.amounts.iter().map(|&d| map.of[d].unwrap_or_default()).collect();
        let in_place = nums.iter().all(|(p, _)| cols.contains(p));
        if in_place {
            for (p, n) in nums {
                if let Some(i) = cols.iter().position(|&c| c == p) {
                    values[panel.amounts[i]] = n;
                }
            }
        } else {
            for (&d, (_, n)) in panel.amounts.iter().zip(nums) {
                values[d] = n;
            }
        }
    }
    values
}

/// Row kinds of list and hierarchy tables: 合计 rows and the template's
/// subtotal rows (`人员经费合计`), and 一、 category rows.
fn list_kinds(rows: &mut [RowParts], def: &TableDef) {
    let kind = def.kind;
    let subtotal = |l: &str| {
        let l = compact(l);
        def.subtotals.iter().any(|s| compact(s) == l)
    };
    let label = |cells: &[Cell]| {
        cells
            .iter()
            .find_map(|c| match c {
                Cell::Text(s) => Some(s.clone()),
                _ => None,
            })
            .unwrap_or_default()
    };
    let ordinals = rows.iter().filter(|r| r.1.is_none() && chinese_ordinal(&label(&r.2))).count();
    for r in rows.iter_mut().filter(|r| r.1.is_none()) {
        let l = label(&r.2);
        if total_label(&l) || subtotal(&l) {
            r.0 = RowKind::Total;
        } else if matches!(kind, TableKind::Items | TableKind::Grouped) && ordinals > 0 && chinese_ordinal(&l) {
            r.0 = RowKind::Class;
        }
    }
}

/// Summary tables: the panels side by side are read one by one, so that a label
/// or an amount that the extraction put on a line of its own (`2.政府性基金预` /
/// `算`, `三、单位预留机动经` / `⇥3,990.40` / `费`) is joined to its entry; the rows
/// are then the panels' entries side by side again (each row keeps the first line
/// it comes from). Footer rows (from the first 合计 / 总计 / 结转 row on) are kept as printed.
fn restack_panels(rows: Vec<RowParts>, defs: &[ColumnDef], footer_label: &dyn Fn(&str) -> bool) -> Vec<RowParts> {
    let items: Vec<usize> = (0..defs.len()).filter(|&d| defs[d].key.ends_with("_item")).collect();
    let panels: Vec<Vec<usize>> = items
        .iter()
        .map(|&i| std::iter::once(i).chain((i + 1..defs.len()).take_while(|&d| defs[d].value.is_none())).collect())
        .collect();
    let label_of = |cells: &[Cell], d: usize| match &cells[d] {
        Cell::Text(s) => s.clone(),
        _ => String::new(),
    };
    let footer =
        rows.iter().position(|r| items.iter().any(|&d| footer_label(&label_of(&r.2, d)))).unwrap_or(rows.len());
    let (body, foot) = rows.split_at(footer);
    // Per panel: (line, cells of the panel's columns).
    let mut stacks: Vec<Vec<(usize, Vec<Cell>)>> = Vec::with_capacity(panels.len());
    for panel in &panels {
        let mut entries: Vec<(usize, Vec<Cell>)> = Vec::new();
        for r in body {
            let cells: Vec<Cell> = panel.iter().map(|&d| r.2[d].clone()).collect();
            if cells.iter().all(|c| matches!(c, Cell::Empty)) {
                continue;
            }
            let label = match &cells[0] {
                Cell::Text(s) => s.trim().to_owned(),
                _ => String::new(),
            };
            let has_amounts = cells[1..].iter().any(|c| !matches!(c, Cell::Empty));
            if let Some((_, prev)) = entries.last_mut() {
                let prev_label = matches!(&prev[0], Cell::Text(s) if !s.trim().is_empty());
                let prev_amounts = prev[1..].iter().any(|c| !matches!(c, Cell::Empty));
                if label.is_empty() && has_amounts && prev_label && !prev_amounts {
                    prev[1..].clone_from_slice(&cells[1..]);
                    continue;
                }
                let fragment = !label.is_empty()
                    && label.chars().count() <= 3
                    && !enumerated(&label)
                    && !footer_label(&label)
                    && !has_amounts;
                if fragment && prev_label {
                    if let Cell::Text(s) = &mut prev[0] {
                        s.push_str(&label);
                    }
                    continue;
                }
            }
            entries.push((r.3, cells));
        }
        stacks.push(entries);
    }
    let n = stacks.iter().map(Vec::len).max().unwrap_or(0);
    let mut out: Vec<RowParts> = (0..n)
        .map(|i| {
            let mut cells = vec![Cell::Empty; defs.len()];
            let mut line = usize::MAX;
            for (panel, entries) in panels.iter().zip(&stacks) {
                if let Some((l, values)) = entries.get(i) {
                    line = line.min(*l);
                    for (&d, v) in panel.iter().zip(values) {
                        cells[d] = v.clone();
                    }
                }
            }
            (RowKind::Line, None, cells, line)
        })
        .collect();
    out.extend(foot.iter().cloned());
    out
}

/// Summary tables: footer rows (and every row after the first one) are totals.
fn summary_kinds(rows: &mut [RowParts], defs: &[ColumnDef], footer_label: &dyn Fn(&str) -> bool) {
    let items: Vec<usize> = (0..defs.len()).filter(|&d| defs[d].key.ends_with("_item")).collect();
    let mut footer = false;
    for r in rows.iter_mut() {
        footer = footer || items.iter().any(|&d| matches!(&r.2[d], Cell::Text(s) if footer_label(s)));
        r.0 = if footer { RowKind::Total } else { RowKind::Line };
    }
}

// ---- Forms -------------------------------------------------------------------------

/// The form view of a performance-target form (整体绩效目标申报表, 项目支出绩效目标表):
/// every printed row, every cell with colspan 1; numbers are amounts in the
/// form's unit (`项目资金（元）` makes it 元, else 万元), `x%` are percentages,
/// the rest text. Years, dates, phone numbers and codes next to their labels stay text.
pub fn form_view(raw: &RawTable, def: &TableDef) -> Form {
    let all = raw.rows.iter().flat_map(|r| r.cells.iter()).chain(raw.preamble.iter().map(|(_, t)| t));
    let mut unit = None;
    for t in all {
        let t = normalize(t);
        if t.contains("(元)") {
            unit = Some(MoneyUnit::Yuan);
            break;
        }
        if t.contains("(万元)") {
            unit = Some(MoneyUnit::WanYuan);
            break;
        }
    }
    let unit = unit.or(raw.unit).unwrap_or(MoneyUnit::WanYuan);
    let columns = raw.column_count();
    let mut decimals = 0_u8;
    let rows: Vec<Vec<FormCell>> = raw
        .rows
        .iter()
        .map(|r| {
            let contents: Vec<Cell> = r
                .cells
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let left = if i > 0 { compact(&r.cells[i - 1]) } else { String::new() };
                    let content = form_cell(c, &left, unit);
                    if let Cell::Amount(_) = content {
                        decimals = decimals.max(scale(c));
                    }
                    content
                })
                .collect();
            merge_form_cells(contents)
        })
        .collect();
    let title_line = raw.title_line.unwrap_or(0);
    Form {
        id: def.id.clone(),
        role: def.role.clone(),
        title: raw.title.clone().unwrap_or_else(|| def.title_pattern().trim().to_owned()),
        subtitle: raw.preamble.iter().filter(|(l, _)| *l > title_line).map(|(_, t)| t.clone()).collect(),
        unit,
        decimals: decimals.max(2),
        columns: columns as u16,
        widths: vec![1; columns],
        rows,
    }
}

/// Blank cells that belong to the text cell before them: a merged cell printed
/// once, followed by blank fields up to the next value (`合计⇥⇥3927.98`,
/// `当年预算合计⇥⇥43`) or to the end of the row. Blanks before a percentage stay
/// (`合计⇥⇥100%`: the amount cell is printed blank).
fn merge_form_cells(contents: Vec<Cell>) -> Vec<FormCell> {
    let mut out: Vec<FormCell> = Vec::with_capacity(contents.len());
    let mut i = 0;
    while i < contents.len() {
        let cell = contents[i].clone();
        let mut span = 1;
        if matches!(&cell, Cell::Text(_)) {
            let blanks = contents[i + 1..].iter().take_while(|c| matches!(c, Cell::Empty)).count();
            let next = contents.get(i + 1 + blanks);
            if blanks > 0 && !matches!(next, Some(Cell::Percent(_))) {
                span += blanks;
            }
        }
        out.push(FormCell::value(cell).span(span as u16, 1));
        i += span;
    }
    out
}

fn form_cell(c: &str, left: &str, unit: MoneyUnit) -> Cell {
    let t = c.trim();
    if t.is_empty() {
        return Cell::Empty;
    }
    let squeezed = compact(t);
    if let Some(p) = squeezed.strip_suffix('%')
        && is_number(p)
    {
        return Cell::Percent(squeezed);
    }
    let labelled = ["电话", "年度", "日期", "代码", "编码", "编号", "人数"].iter().any(|w| left.contains(w));
    let year = squeezed.len() == 4 && squeezed.starts_with(['1', '2']) && squeezed.bytes().all(|b| b.is_ascii_digit());
    if !labelled
        && !year
        && is_number(&squeezed)
        && let Ok(Some(a)) = parse_amount_cell(&squeezed, unit)
    {
        return Cell::Amount(a);
    }
    Cell::Text(t.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_numbers() {
        assert!(is_number("3,927.98") && is_number("10.0 0") && is_number("0"));
        assert!(!is_number("合计") && !is_number(""));
        assert_eq!(split_code("2010301行政运行"), Some(("2010301".into(), "行政运行".into())));
        assert_eq!(split_code("201 一般公共服务支出"), Some(("201".into(), "一般公共服务支出".into())));
        assert_eq!(split_code("2022年"), None);
        assert_eq!(split_code("201"), None);
        assert!(chinese_ordinal("十二、农林水支出") && !chinese_ordinal("1.一般公共预算"));
        assert!(total_label("合计") && total_label("总 计") && !total_label("人员经费合计"));
    }

    #[test]
    fn forms_cells() {
        let wan = MoneyUnit::WanYuan;
        assert!(matches!(form_cell("3927.98", "财政拨款", wan), Cell::Amount(_)));
        assert_eq!(form_cell("26.74%", "", wan), Cell::Percent("26.74%".into()));
        assert_eq!(form_cell("97%-100%", "", wan), Cell::Text("97%-100%".into()));
        assert_eq!(form_cell("85481661", "联系电话", wan), Cell::Text("85481661".into()));
        assert_eq!(form_cell("2022", "起始年度", wan), Cell::Text("2022".into()));
        assert_eq!(form_cell("", "", wan), Cell::Empty);
    }

    #[test]
    fn unit_statements_in_the_grid_are_not_headers() {
        let row = |s: &str| s.split('|').map(str::to_owned).collect::<Vec<_>>();
        assert!(meta_row(&row("单位名称：区政府办||||单位：万元")));
        assert!(meta_row(&row("部门：江苏省人大常委会办公厅|||")));
        assert!(meta_row(&row("单位名称|区政府办||")));
        // The 单位名称 column of a project table (its header row cut short, as a spreadsheet stores it).
        assert!(!meta_row(&row("单位名称|功能科目编码|功能科目名称|项目名称|总计|本年拨款")));
    }

    #[test]
    fn rows_split_by_extraction_are_merged() {
        let line =
            |n: usize, s: &str| Line { line: n, cells: s.split('|').map(str::to_owned).collect(), unruled: false };
        let merged = prepare(
            vec![
                line(1, "204||公共安全支出"),
                line(2, "||||27,488.23"),
                line(3, "||七、文化旅游体育与传媒支"),
                line(4, "||出"),
            ],
            &[],
            TableKind::Functional,
        );
        assert_eq!(merged.len(), 2);
        assert_eq!(merged[0].cells[4], "27,488.23");
        assert_eq!(merged[1].cells[2], "七、文化旅游体育与传媒支出");
        let total = prepare(vec![line(1, "|||37,188.34"), line(2, "|合计")], &[], TableKind::Functional);
        assert_eq!(total.len(), 1);
        assert_eq!(total[0].cells[1], "合计");
    }
}
