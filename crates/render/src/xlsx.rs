//! A plain report sheet as XLSX: a bold, frozen header row, wrapped text,
//! column widths, an autofilter — what a reviewer expects to open in Excel / WPS.

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, XlsxError};

/// One sheet: a title, column headers with widths (in characters), rows of text.
pub struct Sheet<'a> {
    pub name: &'a str,
    pub headers: &'a [(&'a str, u16)],
    pub rows: &'a [Vec<String>],
}

/// Writes the sheets into an XLSX workbook in memory.
pub fn workbook(sheets: &[Sheet]) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let head = Format::new()
        .set_bold()
        .set_background_color("D9E1F2")
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center);
    let body = Format::new().set_text_wrap().set_border(FormatBorder::Thin).set_align(FormatAlign::Top);
    for s in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(s.name)?;
        for (c, (h, width)) in s.headers.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, *h, &head)?;
            ws.set_column_width(c as u16, *width)?;
        }
        for (r, row) in s.rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                ws.write_string_with_format(r as u32 + 1, c as u16, v, &body)?;
            }
        }
        ws.set_freeze_panes(1, 0)?;
        if !s.rows.is_empty() {
            ws.autofilter(0, 0, s.rows.len() as u32, s.headers.len().saturating_sub(1) as u16)?;
        }
        ws.set_landscape();
        ws.set_paper_size(9);
    }
    wb.save_to_buffer()
}
