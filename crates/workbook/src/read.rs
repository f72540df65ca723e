//! Reading a filled workbook into a budget, naming every problem by `sheet!cell`.
//!
//! Tolerated: columns found by their header text wherever they are (extra
//! columns ignored, a `*` on a header ignored), a unit other than the
//! package's stated in a sheet's second row, blank rows anywhere, merged cells
//! (the value fills every cell of the region), formulas (their cached values),
//! and every cell-level leniency of [`crate::cells`].

use std::collections::BTreeMap;
use std::fmt;
use std::io::Cursor;

use calamine::{Data, Dimensions, Range, Reader, Xlsx};
use rust_xlsxwriter::utility::column_number_to_name;
use serde_json::{Map, Value, json};
use yusuan_model::{Budget, MoneyUnit};

use crate::spec::{self, Column, FieldSheet, ListSheet};
use crate::{CodeRow, cells, records, whole};

/// A problem at a place of the workbook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellError {
    pub sheet: String,
    /// `E12`; a row alone (`12:12`); empty for the whole sheet.
    pub cell: String,
    pub message: String,
}

impl fmt::Display for CellError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.sheet.is_empty(), self.cell.is_empty()) {
            (true, _) => f.write_str(&self.message),
            (false, true) => write!(f, "{}：{}", self.sheet, self.message),
            (false, false) => write!(f, "{}!{}：{}", self.sheet, self.cell, self.message),
        }
    }
}

/// A cell address from 0-based row and column.
pub fn address(row: u32, col: u32) -> String {
    format!("{}{}", column_number_to_name(col as u16), row + 1)
}

/// Where each fact came from: path in the whole → (sheet, 0-based row, 0-based column).
pub type Places = BTreeMap<String, (String, u32, u32)>;

/// A workbook read into facts.
#[derive(Debug, Clone)]
pub struct Read {
    pub budget: Budget,
    pub codes: Vec<CodeRow>,
    pub places: Places,
}

/// One sheet's cells with merged regions filled and formulas known.
struct Grid {
    name: String,
    range: Range<Data>,
    formulas: Option<Range<String>>,
}

impl Grid {
    fn get(&self, r: u32, c: u32) -> &Data {
        self.range.get_value((r, c)).unwrap_or(&Data::Empty)
    }
    fn has_formula(&self, r: u32, c: u32) -> bool {
        self.formulas.as_ref().and_then(|f| f.get_value((r, c))).is_some_and(|f| !f.is_empty())
    }
    fn text(&self, r: u32, c: u32) -> String {
        cells::text(self.get(r, c)).unwrap_or_default()
    }
    fn rows(&self) -> u32 {
        self.range.end().map_or(0, |(r, _)| r + 1)
    }
    fn cols(&self) -> u32 {
        self.range.end().map_or(0, |(_, c)| c + 1)
    }
}

fn load(bytes: &[u8], name: &str) -> Result<Vec<Grid>, CellError> {
    let whole_err =
        |m: String| CellError { sheet: String::new(), cell: String::new(), message: format!("{name}：{m}") };
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes))
        .map_err(|e| whole_err(format!("不是 XLSX 工作簿 (not an XLSX workbook)：{e}")))?;
    let mut out = Vec::new();
    for sheet in wb.sheet_names() {
        let Ok(range) = wb.worksheet_range(&sheet) else { continue };
        let merges = wb.merge_cells_by_sheet_name(&sheet).unwrap_or_default();
        let formulas = wb.worksheet_formula(&sheet).ok();
        out.push(Grid { name: sheet, range: fill_merges(range, &merges), formulas });
    }
    Ok(out)
}

/// A merged region's value stands for every cell it covers.
fn fill_merges(mut range: Range<Data>, merges: &[Dimensions]) -> Range<Data> {
    for m in merges {
        let v = range.get_value(m.start).cloned().unwrap_or(Data::Empty);
        for r in m.start.0..=m.end.0 {
            for c in m.start.1..=m.end.1 {
                if (r, c) != m.start && range.get_value((r, c)).is_some() {
                    range.set_value((r, c), v.clone());
                }
            }
        }
    }
    range
}

fn norm(h: &str) -> String {
    h.chars().filter(|c| !c.is_whitespace() && !matches!(c, '*' | '＊')).collect()
}

/// The unit a sheet states above its header (`金额单位：元`), if any.
fn stated_unit(g: &Grid, header_row: u32) -> Option<MoneyUnit> {
    (0..header_row).flat_map(|r| (0..g.cols().min(6)).map(move |c| (r, c))).find_map(|(r, c)| {
        let t = g.text(r, c);
        let after = t.split_once("单位：").or_else(|| t.split_once("单位:"))?.1.trim_start();
        ["万元", "亿元", "元"].iter().find(|u| after.starts_with(**u)).and_then(|u| MoneyUnit::parse(u))
    })
}

/// Reads the workbook `bytes` (named `name` in messages).
pub fn read(bytes: &[u8], name: &str) -> Result<Read, Vec<CellError>> {
    let grids = load(bytes, name).map_err(|e| vec![e])?;
    let mut errs = Vec::new();
    let mut places = Places::new();
    let mut whole = Value::Object(Map::new());
    let grid = |n: &str| grids.iter().find(|g| g.name.trim() == n);
    // The package unit first: every sheet's amounts are converted to it.
    let mut unit = MoneyUnit::WanYuan;
    for sheet in spec::FIELD_SHEETS {
        let Some(g) = grid(sheet.name) else {
            errs.push(CellError {
                sheet: sheet.name.into(),
                cell: String::new(),
                message: "缺少此工作表 (sheet missing)".into(),
            });
            continue;
        };
        read_fields(g, sheet, &mut unit, &mut whole, &mut places, &mut errs);
    }
    for sheet in spec::LIST_SHEETS {
        if let Some(g) = grid(sheet.name) {
            read_list(g, sheet, unit, &mut whole, &mut places, &mut errs);
        }
    }
    // Deserialize only a whole whose cells were all readable: otherwise serde's
    // messages would repeat the cell errors less precisely.
    if !errs.is_empty() {
        return Err(errs);
    }
    // The workbook is always of the current package format.
    records::set(&mut whole, "package.format", json!(1));
    match whole::from_whole(whole) {
        Ok((budget, codes)) => Ok(Read { budget, codes, places }),
        Err(parts) => Err(parts
            .into_iter()
            .map(|p| CellError {
                sheet: String::new(),
                cell: String::new(),
                message: format!("{}：{}", p.part, p.message),
            })
            .collect()),
    }
}

fn read_fields(
    g: &Grid,
    sheet: &FieldSheet,
    unit: &mut MoneyUnit,
    whole: &mut Value,
    places: &mut Places,
    errs: &mut Vec<CellError>,
) {
    let labels: Vec<(u32, String)> = (0..g.rows()).map(|r| (r, norm(&g.text(r, 0)))).collect();
    let sheet_unit = stated_unit(g, crate::write::HEADER_ROW);
    for f in sheet.fields {
        let Some(&(r, _)) = labels.iter().find(|(_, l)| *l == norm(f.header)) else {
            if f.required {
                errs.push(CellError {
                    sheet: g.name.clone(),
                    cell: "A:A".into(),
                    message: format!("缺少“{}”一行 (row missing)", f.header),
                });
            }
            continue;
        };
        let cell_unit = sheet_unit.unwrap_or(*unit);
        if let Some(v) = read_cell(g, r, 1, f, cell_unit, *unit, errs) {
            if f.path == "package.unit" {
                *unit = v.as_str().and_then(MoneyUnit::parse).unwrap_or(*unit);
            }
            records::set(whole, f.path, v);
        }
        places.insert(f.path.to_owned(), (g.name.clone(), r, 1));
    }
    // A 三公 object is all four items or none.
    if sheet.name == spec::PRIOR.name
        && let Some(tp) = records::get(whole, "prior_year.three_public").and_then(Value::as_object).cloned()
    {
        for k in ["abroad", "vehicle_purchase", "vehicle_running", "reception"] {
            if !tp.contains_key(k) {
                records::set(whole, &format!("prior_year.three_public.{k}"), json!("0"));
            }
        }
    }
}

/// Reads one cell of column spec `c`, pushing its problem when it has one.
fn read_cell(
    g: &Grid,
    r: u32,
    x: u32,
    c: &Column,
    sheet_unit: MoneyUnit,
    unit: MoneyUnit,
    errs: &mut Vec<CellError>,
) -> Option<Value> {
    let at = |message: String| CellError { sheet: g.name.clone(), cell: address(r, x), message };
    match cells::read(g.get(r, x), c.kind, sheet_unit, unit) {
        Ok(Some(Value::String(s))) if s.is_empty() && c.required => {
            errs.push(at(format!("“{}”必须填写 (required)", c.header)));
            None
        }
        Ok(None) if g.has_formula(r, x) => {
            errs.push(at("公式没有保存计算结果，请在 Excel / WPS 中打开后保存再导入 (formula without a cached value: open and save it first)".into()));
            None
        }
        Ok(None) if c.required => {
            errs.push(at(format!("“{}”必须填写 (required)", c.header)));
            None
        }
        Ok(v) => v,
        Err(m) => {
            errs.push(at(m));
            None
        }
    }
}

fn read_list(
    g: &Grid,
    sheet: &ListSheet,
    unit: MoneyUnit,
    whole: &mut Value,
    places: &mut Places,
    errs: &mut Vec<CellError>,
) {
    let wanted: Vec<String> = sheet.columns.iter().map(|c| norm(c.header)).collect();
    // The header row: the row among the first ten naming most of the columns.
    let score = |r: u32| (0..g.cols()).filter(|&c| wanted.contains(&norm(&g.text(r, c)))).count();
    let Some(header) =
        (0..g.rows().min(10)).max_by_key(|&r| (score(r), std::cmp::Reverse(r))).filter(|&r| score(r) > 0)
    else {
        if g.rows() > 0 {
            errs.push(CellError {
                sheet: g.name.clone(),
                cell: String::new(),
                message: "找不到表头行 (no header row)".into(),
            });
        }
        return;
    };
    let sheet_unit = stated_unit(g, header).unwrap_or(unit);
    let mut columns = Vec::new();
    for (i, c) in sheet.columns.iter().enumerate() {
        match (0..g.cols()).find(|&x| norm(&g.text(header, x)) == wanted[i]) {
            Some(x) => columns.push(Some(x)),
            None if c.required => {
                errs.push(CellError {
                    sheet: g.name.clone(),
                    cell: format!("{}:{}", header + 1, header + 1),
                    message: format!("缺少“{}”列 (column missing)", c.header),
                });
                return;
            }
            None => columns.push(None),
        }
    }
    for r in header + 1..g.rows() {
        let blank = columns.iter().flatten().all(|&x| g.text(r, x).is_empty() && !g.has_formula(r, x));
        if blank {
            continue;
        }
        let before = errs.len();
        let values: Vec<Option<Value>> = sheet
            .columns
            .iter()
            .zip(&columns)
            .map(|(c, x)| x.and_then(|x| read_cell(g, r, x, c, sheet_unit, unit, errs)))
            .collect();
        if errs.len() > before {
            continue;
        }
        match records::put(sheet, whole, &values) {
            Ok(path) => {
                places.insert(path.clone(), (g.name.clone(), r, columns[0].unwrap_or(0)));
                for (c, x) in sheet.columns.iter().zip(&columns) {
                    if let (false, Some(x)) = (c.path.is_empty(), x) {
                        places.insert(format!("{path}.{}", c.path), (g.name.clone(), r, *x));
                    }
                }
            }
            Err((col, message)) => {
                let x = col.checked_sub(1).and_then(|i| columns.get(i).copied().flatten());
                let cell = x.map_or_else(|| format!("{}:{}", r + 1, r + 1), |x| address(r, x));
                errs.push(CellError { sheet: g.name.clone(), cell, message });
            }
        }
    }
}
