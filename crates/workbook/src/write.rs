//! Writing the workbook: the template (an empty budget) or a filled one.
//!
//! Every sheet: title (row 1), `金额单位：万元` and one line of help (row 2),
//! headers (row 3, frozen), data from row 4. Required columns have a darker
//! header. Drop-downs come from the hidden sheet [`LISTS`]: codes of the
//! catalog (warning only — the embedded catalog is partial), the closed lists
//! (stop), units and project ids from their sheets. Amounts are number cells
//! written from their exact decimal text.

use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, Format, FormatAlign, FormatBorder, Formula, Workbook, Worksheet,
    XlsxError, utility::column_number_to_name,
};
use serde_json::Value;
use yusuan_model::{Budget, Catalog, Level, MoneyUnit, Scheme};

use crate::spec::{self, Choice, Column, DerivedValue, FieldSheet, Kind, LISTS, ListSheet, TEMPLATE_ROWS};
use crate::{CodeRow, choices, records, whole};

/// Row index (0-based) of the headers; data starts on the next row.
pub const HEADER_ROW: u32 = 2;
/// Ruled empty rows after the records (with the derived columns' formulas).
const BLANK_ROWS: u32 = 20;
/// Printable width of a landscape A4 page fitted at 100 %, in column-width units.
const LANDSCAPE_WIDTH: f64 = 145.0;
/// The instructions' one column: the width of a portrait A4 page.
const INSTRUCTIONS_WIDTH: f64 = 92.0;

struct Styles {
    title: Format,
    note: Format,
    head: Format,
    head_required: Format,
    text: Format,
    amount: Format,
    int: Format,
    derived: Format,
    derived_text: Format,
}

fn styles() -> Styles {
    let head = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_background_color("DDEBF7");
    let cell = Format::new().set_border(FormatBorder::Thin).set_align(FormatAlign::Top);
    Styles {
        title: Format::new().set_bold().set_font_size(14),
        note: Format::new().set_font_color("595959"),
        head_required: head.clone().set_background_color("9BC2E6"),
        head,
        text: cell.clone().set_text_wrap().set_num_format("@"),
        amount: cell.clone().set_num_format("#,##0.00####"),
        int: cell.clone().set_num_format("0"),
        derived: cell.clone().set_background_color("F2F2F2").set_num_format("#,##0.00####"),
        derived_text: cell.set_background_color("F2F2F2"),
    }
}

/// The workbook of `budget` (empty for a template), with `codes` (extra catalog
/// rows) and drop-downs from `catalog`.
pub fn workbook(budget: &Budget, catalog: &Catalog, codes: &[CodeRow]) -> Result<Vec<u8>, XlsxError> {
    let whole = whole::to_whole(budget, codes);
    let unit = budget.meta.unit;
    let st = styles();
    let mut wb = Workbook::new();
    instructions(wb.add_worksheet(), &st, unit)?;
    let lists = choice_columns();
    for sheet in spec::FIELD_SHEETS {
        field_sheet(wb.add_worksheet(), &st, sheet, &whole, unit, &lists)?;
    }
    let names = names(catalog, codes);
    for sheet in spec::LIST_SHEETS {
        list_sheet(wb.add_worksheet(), &st, sheet, &whole, unit, &lists, &names)?;
    }
    lists_sheet(wb.add_worksheet(), catalog, codes, &lists)?;
    wb.save_to_buffer()
}

/// The closed lists on the hidden sheet: each choice's column (from G on) and labels.
fn choice_columns() -> Vec<(Choice, u16, Vec<String>)> {
    use Choice::*;
    let all = [Source, ExpenseKind, ProjectCategory, Frequency, Procurement, MoneyUnit, GoalKind, StaffKind, PerfText];
    let all = all.into_iter().chain([Scheme, Level1, Level2]);
    all.enumerate().map(|(i, c)| (c, 6 + i as u16, choices::labels(c))).collect()
}

fn instructions(ws: &mut Worksheet, st: &Styles, unit: MoneyUnit) -> Result<(), XlsxError> {
    ws.set_name(spec::INSTRUCTIONS)?;
    ws.set_column_width(0, INSTRUCTIONS_WIDTH)?;
    ws.write_string_with_format(0, 0, "部门预算填报工作簿 — 填写说明", &st.title)?;
    let mut lines = vec![
        "1. 本工作簿每张表对应一类事实：基本信息、上年数、说明文字为“一行一项”，其余为“一行一条记录”。公开表、汇总数、占比和增减率均由程序生成，不必在此计算。".to_owned(),
        format!("2. 金额单位见每张表第 2 行（本簿为“{unit}”）。可把“万元”改为“元”，该表金额即按元读入；单元格内写“5000元”也可。"),
        "3. 深蓝色表头为必填列。带下拉箭头的列请从列表中选择；科目编码列的列表来自内置科目目录，目录没有的科目请在“补充科目”表填写名称。".into(),
        "4. 数字可以是数值或文本，允许千分位逗号与首尾空格；公式单元格读取其计算结果。空行会被跳过。".into(),
        "5. 段落类内容（立项依据、实施方案等）在同一单元格内换行（Alt+Enter）分段。".into(),
        "6. 灰色列（科目名称、本年预算汇总）是公式，仅供核对，导入时不读取。".into(),
        "7. 填好后运行：yusuan import 预算填报.xlsx --out <包目录>。有问题时会逐条列出“表名!单元格”和原因，且不写入任何文件。".into(),
        String::new(),
        "各表：".into(),
    ];
    lines.extend(spec::FIELD_SHEETS.iter().map(|s| format!("· {}：{}", s.name, s.title)));
    lines.extend(spec::LIST_SHEETS.iter().map(|s| format!("· {}：{} — {}", s.name, s.title, s.help)));
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    for (i, l) in lines.iter().enumerate() {
        ws.write_string_with_format(i as u32 + 2, 0, l, &wrap)?;
        fit_row(ws, i as u32 + 2, [l.as_str()].into_iter(), &[INSTRUCTIONS_WIDTH])?;
    }
    print_setup(ws, lines.len() as u32 + 2, 0, false)?;
    Ok(())
}

/// A row as high as its wrapped text needs (LibreOffice and WPS keep an unsized row one line high).
fn fit_row<'a>(
    ws: &mut Worksheet,
    r: u32,
    cells: impl Iterator<Item = &'a str>,
    widths: &[f64],
) -> Result<(), XlsxError> {
    if let Some(h) = yusuan_render::xlsx::row_height(cells, widths) {
        ws.set_row_height(r, h)?;
    }
    Ok(())
}

/// A4, fitted to the page width, headers repeated, printed up to `last_row`.
fn print_setup(ws: &mut Worksheet, last_row: u32, last_col: u16, landscape: bool) -> Result<(), XlsxError> {
    ws.set_paper_size(9);
    if landscape {
        ws.set_landscape();
    }
    ws.set_print_fit_to_pages(1, 0);
    ws.set_print_area(0, 0, last_row, last_col)?;
    if last_row > HEADER_ROW {
        ws.set_repeat_rows(0, HEADER_ROW)?;
    }
    Ok(())
}

/// Title, unit line and help of a sheet.
fn head(ws: &mut Worksheet, st: &Styles, title: &str, help: &str, money: Option<MoneyUnit>) -> Result<(), XlsxError> {
    ws.write_string_with_format(0, 0, title, &st.title)?;
    let mut note = String::new();
    if let Some(u) = money {
        note = format!("金额单位：{u}");
    }
    if !help.is_empty() {
        note = if note.is_empty() { help.to_owned() } else { format!("{note}　　{help}") };
    }
    ws.write_string_with_format(1, 0, &note, &st.note)?;
    ws.set_freeze_panes(HEADER_ROW + 1, 0)?;
    Ok(())
}

fn field_sheet(
    ws: &mut Worksheet,
    st: &Styles,
    sheet: &FieldSheet,
    whole: &Value,
    unit: MoneyUnit,
    lists: &[(Choice, u16, Vec<String>)],
) -> Result<(), XlsxError> {
    ws.set_name(sheet.name)?;
    head(ws, st, sheet.title, "", sheet.money.then_some(unit))?;
    ws.write_string_with_format(HEADER_ROW, 0, "项目", &st.head)?;
    ws.write_string_with_format(HEADER_ROW, 1, "内容", &st.head)?;
    ws.set_column_width(0, 36)?;
    ws.set_column_width(1, 80)?;
    for (i, f) in sheet.fields.iter().enumerate() {
        let r = HEADER_ROW + 1 + i as u32;
        ws.write_string_with_format(r, 0, f.header, if f.required { &st.head_required } else { &st.head })?;
        let value = records::get(whole, f.path);
        write_value(ws, st, r, 1, f.kind, value)?;
        fit_row(ws, r, [f.header, display(value).as_str()].into_iter(), &[36.0, 80.0])?;
        validate(ws, r, r, 1, f, lists)?;
    }
    print_setup(ws, HEADER_ROW + sheet.fields.len() as u32, 1, false)?;
    Ok(())
}

/// The physical columns of a list sheet: `Ok(i)` a column of the spec, `Err(j)` a derived one.
pub fn layout(sheet: &ListSheet) -> Vec<Result<usize, usize>> {
    let mut out = Vec::new();
    for i in 0..=sheet.columns.len() {
        out.extend(sheet.derived.iter().enumerate().filter(|(_, d)| d.before == i).map(|(j, _)| Err(j)));
        if i < sheet.columns.len() {
            out.push(Ok(i));
        }
    }
    out
}

fn list_sheet(
    ws: &mut Worksheet,
    st: &Styles,
    sheet: &ListSheet,
    whole: &Value,
    unit: MoneyUnit,
    lists: &[(Choice, u16, Vec<String>)],
    names: &Names,
) -> Result<(), XlsxError> {
    ws.set_name(sheet.name)?;
    head(ws, st, sheet.title, sheet.help, sheet.money.then_some(unit))?;
    let layout = layout(sheet);
    let letter = |spec_col: usize| {
        let x = layout.iter().position(|s| *s == Ok(spec_col)).unwrap_or(0);
        column_number_to_name(x as u16)
    };
    let rows = records::rows_of(sheet, whole);
    let last = HEADER_ROW + rows.len() as u32 + TEMPLATE_ROWS;
    let widths: Vec<f64> = layout
        .iter()
        .map(|s| {
            f64::from(match *s {
                Ok(i) => sheet.columns[i].width,
                Err(j) => sheet.derived[j].width,
            })
        })
        .collect();
    let headers: Vec<&str> = layout
        .iter()
        .map(|s| match *s {
            Ok(i) => sheet.columns[i].header,
            Err(j) => sheet.derived[j].header,
        })
        .collect();
    fit_row(ws, HEADER_ROW, headers.iter().copied(), &widths)?;
    for (r, row) in rows.iter().enumerate() {
        let texts: Vec<String> = layout.iter().map(|s| s.map_or(String::new(), |i| display(row.get(i)))).collect();
        fit_row(ws, HEADER_ROW + 1 + r as u32, texts.iter().map(String::as_str), &widths)?;
    }
    // Printed: the records and empty ruled rows to fill in by hand.
    let printed = HEADER_ROW + (rows.len() as u32 + BLANK_ROWS);
    print_setup(ws, printed, layout.len() as u16 - 1, true)?;
    // A sheet wider than a landscape page is printed over several pages rather than shrunk unreadably.
    // (Up to a quarter wider still fits one page: shrunk to 80 % is readable.)
    let pages = (widths.iter().sum::<f64>() / (LANDSCAPE_WIDTH * 1.25)).ceil().max(1.0) as u16;
    ws.set_print_fit_to_pages(pages, 0);
    for (x, slot) in layout.iter().enumerate() {
        let x = x as u16;
        match *slot {
            Ok(i) => {
                let c = &sheet.columns[i];
                ws.write_string_with_format(
                    HEADER_ROW,
                    x,
                    c.header,
                    if c.required { &st.head_required } else { &st.head },
                )?;
                ws.set_column_width(x, c.width)?;
                for r in 0..rows.len() + BLANK_ROWS as usize {
                    write_value(ws, st, HEADER_ROW + 1 + r as u32, x, c.kind, rows.get(r).and_then(|row| row.get(i)))?;
                }
                validate(ws, HEADER_ROW + 1, last, x, c, lists)?;
            }
            Err(j) => {
                let d = &sheet.derived[j];
                ws.write_string_with_format(HEADER_ROW, x, d.header, &st.head)?;
                ws.set_column_width(x, d.width)?;
                for r in HEADER_ROW + 1..=HEADER_ROW + rows.len() as u32 + BLANK_ROWS {
                    let f = formula(d.formula, r + 1, &letter);
                    let row = rows.get((r - HEADER_ROW - 1) as usize);
                    let f = Formula::new(f).set_result(cached(d.value, row, whole, names));
                    let money = d.value == DerivedValue::ProjectAmount;
                    ws.write_formula_with_format(r, x, f, if money { &st.derived } else { &st.derived_text })?;
                }
            }
        }
    }
    Ok(())
}

/// The value a derived cell shows until recalculated (a blank text on empty rows).
fn cached(value: DerivedValue, row: Option<&Vec<Value>>, whole: &Value, names: &Names) -> String {
    let text = |i: usize| row.and_then(|r| r.get(i)).and_then(Value::as_str).unwrap_or_default().to_owned();
    match value {
        DerivedValue::Name { economic, column } => {
            let code = text(column);
            if code.is_empty() {
                return " ".into();
            }
            names.get(&(economic, code)).cloned().unwrap_or_else(|| spec::NOT_IN_CATALOG.into())
        }
        DerivedValue::ProjectAmount => {
            let id = text(0);
            let unit = records::get(whole, "package.unit").and_then(Value::as_str).and_then(MoneyUnit::parse);
            let unit = unit.unwrap_or(MoneyUnit::WanYuan);
            let sum: i64 = records::get(whole, "line_items")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter(|l| !id.is_empty() && l.get("project").and_then(Value::as_str) == Some(id.as_str()))
                .filter_map(|l| l.get("amount").and_then(Value::as_str))
                .filter_map(|a| yusuan_model::Amount::parse_in(a, unit).ok())
                .map(|a| a.fen())
                .sum();
            yusuan_model::Amount::from_fen(sum).format_plain(unit)
        }
    }
}

/// Catalog names by (economic?, code), with the package's extra rows.
type Names = std::collections::HashMap<(bool, String), String>;

fn names(catalog: &Catalog, codes: &[CodeRow]) -> Names {
    let mut out = Names::new();
    for (scheme, economic) in [(Scheme::Functional, false), (Scheme::Economic, true)] {
        for lv in [Level::Class, Level::Section, Level::Item] {
            for e in catalog.at_level(scheme, lv) {
                out.insert((economic, e.code.as_str().to_owned()), e.name.clone());
            }
        }
    }
    for [s, code, name] in codes {
        out.insert((s == "经济", code.clone()), name.clone());
    }
    out
}

/// Expands `{r}` and `{c:N}` of a derived column's formula.
fn formula(template: &str, row: u32, letter: &dyn Fn(usize) -> String) -> String {
    let mut out = template.replace("{r}", &row.to_string());
    while let Some(start) = out.find("{c:") {
        let end = out[start..].find('}').map_or(out.len(), |e| start + e);
        let n: usize = out[start + 3..end].parse().unwrap_or(0);
        out.replace_range(start..=end.min(out.len() - 1), &letter(n));
    }
    out
}

/// A value as the cell shows it: paragraphs one per line.
fn display(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect::<Vec<_>>().join("\n"),
        Some(other) => other.to_string(),
    }
}

fn write_value(
    ws: &mut Worksheet,
    st: &Styles,
    r: u32,
    x: u16,
    kind: Kind,
    v: Option<&Value>,
) -> Result<(), XlsxError> {
    let text = display(v);
    match kind {
        _ if text.is_empty() => {
            let f = match kind {
                Kind::Amount => &st.amount,
                Kind::Int => &st.int,
                _ => &st.text,
            };
            ws.write_blank(r, x, f)?;
        }
        // The exact decimal text as a double: its shortest round-trip text is the same decimal.
        Kind::Amount | Kind::Int => match text.parse::<f64>() {
            Ok(n) => {
                ws.write_number_with_format(r, x, n, if kind == Kind::Amount { &st.amount } else { &st.int })?;
            }
            Err(_) => {
                ws.write_string_with_format(r, x, &text, &st.text)?;
            }
        },
        _ => {
            ws.write_string_with_format(r, x, &text, &st.text)?;
        }
    }
    Ok(())
}

/// The drop-down of a column, when it has one.
fn validate(
    ws: &mut Worksheet,
    first: u32,
    last: u32,
    x: u16,
    c: &Column,
    lists: &[(Choice, u16, Vec<String>)],
) -> Result<(), XlsxError> {
    let range = |col: u16, n: usize| {
        let l = column_number_to_name(col);
        format!("={LISTS}!${l}$2:${l}${}", n.max(1) + 1)
    };
    let (formula, stop) = match c.kind {
        Kind::Functional => (format!("={LISTS}!$A$2:$A$5000"), false),
        Kind::Economic => (format!("={LISTS}!$D$2:$D$1000"), false),
        Kind::Choice(Choice::Unit) => ("=单位!$A$4:$A$1000".to_owned(), false),
        Kind::Choice(Choice::Project) => ("=项目!$A$4:$A$2000".to_owned(), false),
        Kind::Choice(ch) => match lists.iter().find(|(k, ..)| *k == ch) {
            Some((_, col, labels)) => (range(*col, labels.len()), ch.closed()),
            None => return Ok(()),
        },
        _ => return Ok(()),
    };
    let style = if stop { DataValidationErrorStyle::Stop } else { DataValidationErrorStyle::Warning };
    let dv = DataValidation::new()
        .allow_list_formula(Formula::new(formula))
        .set_error_style(style)
        .set_error_title("不在列表中")?
        .set_error_message(if stop {
            "请从下拉列表中选择。"
        } else {
            "该值不在列表中，导入时将由检查程序核对。"
        })?;
    ws.add_data_validation(first, x, last, x, &dv)?;
    Ok(())
}

/// The hidden sheet: functional codes (A:B), economic codes (D:E), closed lists (G…).
fn lists_sheet(
    ws: &mut Worksheet,
    catalog: &Catalog,
    codes: &[CodeRow],
    lists: &[(Choice, u16, Vec<String>)],
) -> Result<(), XlsxError> {
    ws.set_name(LISTS)?;
    for (scheme, x, label) in [(Scheme::Functional, 0, "功能"), (Scheme::Economic, 3, "经济")] {
        ws.write_string(0, x, format!("{label}科目编码"))?;
        ws.write_string(0, x + 1, format!("{label}科目名称"))?;
        let mut rows: Vec<(String, String)> = [Level::Class, Level::Section, Level::Item]
            .into_iter()
            .flat_map(|lv| catalog.at_level(scheme, lv))
            .map(|e| (e.code.as_str().to_owned(), e.name.clone()))
            .collect();
        for [s, code, name] in codes {
            if s == label && !rows.iter().any(|(c, _)| c == code) {
                rows.push((code.clone(), name.clone()));
            }
        }
        rows.sort();
        for (r, (code, name)) in rows.iter().enumerate() {
            ws.write_string(r as u32 + 1, x, code)?;
            ws.write_string(r as u32 + 1, x + 1, name)?;
        }
    }
    for (ch, x, labels) in lists {
        ws.write_string(0, *x, format!("{ch:?}"))?;
        for (r, l) in labels.iter().enumerate() {
            ws.write_string(r as u32 + 1, *x, l)?;
        }
    }
    ws.set_hidden(true);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The 项目 sheet's SUMIFS names 支出明细's project and amount columns by letter.
    #[test]
    fn project_total_formula_names_the_line_item_columns() {
        let sheet = spec::LIST_SHEETS.iter().find(|s| s.name == "支出明细").unwrap();
        let letter = |path: &str| {
            let i = sheet.columns.iter().position(|c| c.path == path).unwrap();
            column_number_to_name(layout(sheet).iter().position(|s| *s == Ok(i)).unwrap() as u16)
        };
        let projects = spec::LIST_SHEETS.iter().find(|s| s.name == "项目").unwrap();
        let f = projects.derived[0].formula;
        assert!(f.contains(&format!("支出明细!${0}:${0}", letter("amount"))), "{f}");
        assert!(f.contains(&format!("支出明细!${0}:${0}", letter("project"))), "{f}");
    }
}
