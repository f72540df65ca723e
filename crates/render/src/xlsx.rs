//! A plain report sheet as XLSX: a bold, frozen header row, wrapped text,
//! column widths, an autofilter — what a reviewer expects to open in Excel / WPS —
//! and printed landscape on A4, fitted to the page width, the header row on
//! every page.
//!
//! Row heights are estimated from the text's display width (as for the table
//! sheets, [`crate::xlsx_document`]): LibreOffice keeps a row without a stored
//! height one line high, whatever wraps in it.

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, XlsxError};

use crate::xlsx_tables::{DEFAULT_ROW_PT, LINE_FACTOR, MAX_ROW_PT, lines};

/// One sheet: a title, column headers with widths (in characters), rows of text.
pub struct Sheet<'a> {
    pub name: &'a str,
    pub headers: &'a [(&'a str, u16)],
    pub rows: &'a [Vec<String>],
}

/// The size of a report sheet's text: the application's default font (Calibri 11).
const REPORT_PT: f64 = 11.0;
/// The application's default column width, for a cell beyond the headers.
const DEFAULT_WIDTH: f64 = 8.43;
/// A4 in the OOXML paper-size enumeration.
const PAPER_A4: u8 = 9;

/// Writes the sheets into an XLSX workbook in memory.
pub fn workbook(sheets: &[Sheet]) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    for s in sheets {
        add_sheet(&mut wb, s)?;
    }
    wb.save_to_buffer()
}

/// The height a row needs for its cells' wrapped text (cell `c` is `widths[c]`
/// characters wide, in the default font), or `None` when one line fits (the
/// application's default height).
pub fn row_height<'a>(cells: impl Iterator<Item = &'a str>, widths: &[f64]) -> Option<f64> {
    let most =
        cells.enumerate().map(|(c, v)| lines(v, widths.get(c).copied().unwrap_or(DEFAULT_WIDTH), REPORT_PT)).max()?;
    let height = most as f64 * REPORT_PT * LINE_FACTOR + 4.0;
    (most > 1).then_some(height.clamp(DEFAULT_ROW_PT, MAX_ROW_PT))
}

/// Appends one report sheet to `wb` (shared with the publication workbook,
/// which adds the findings after the tables and forms).
pub(crate) fn add_sheet(wb: &mut Workbook, s: &Sheet) -> Result<(), XlsxError> {
    let head = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_background_color("D9E1F2")
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter);
    let body = Format::new().set_text_wrap().set_border(FormatBorder::Thin).set_align(FormatAlign::Top);
    let ws = wb.add_worksheet();
    ws.set_name(s.name)?;
    let widths: Vec<f64> = s.headers.iter().map(|(_, w)| f64::from(*w)).collect();
    for (c, (h, width)) in s.headers.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &head)?;
        ws.set_column_width(c as u16, *width)?;
    }
    if let Some(h) = row_height(s.headers.iter().map(|(h, _)| *h), &widths) {
        ws.set_row_height(0, h)?;
    }
    for (r, row) in s.rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, v) in row.iter().enumerate() {
            ws.write_string_with_format(r, c as u16, v, &body)?;
        }
        if let Some(h) = row_height(row.iter().map(String::as_str), &widths) {
            ws.set_row_height(r, h)?;
        }
    }
    ws.set_freeze_panes(1, 0)?;
    if !s.rows.is_empty() {
        ws.autofilter(0, 0, s.rows.len() as u32, s.headers.len().saturating_sub(1) as u16)?;
    }
    ws.set_landscape();
    ws.set_paper_size(PAPER_A4);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, 0)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_as_high_as_their_wrapped_text() {
        let widths = [10.0, 40.0];
        assert_eq!(row_height(["YS-B003", "短"].into_iter(), &widths), None);
        // 60 CJK characters in 40 units wrap to about four lines.
        let long = "测".repeat(60);
        let h = row_height(["YS-B003", long.as_str()].into_iter(), &widths).unwrap();
        assert!((3.0 * REPORT_PT * LINE_FACTOR..6.0 * REPORT_PT * LINE_FACTOR).contains(&h), "{h}");
        // A cell beyond the headers wraps at the default width; nothing is higher than Excel allows.
        let huge = "测".repeat(20_000);
        assert_eq!(row_height(["", "", huge.as_str()].into_iter(), &widths), Some(MAX_ROW_PT));
        assert_eq!(row_height(std::iter::empty(), &widths), None);
    }
}
