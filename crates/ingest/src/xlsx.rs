//! XLSX workbooks (the public tables as many departments keep them: one or more
//! tables per sheet, merged title and header cells): each sheet becomes text in
//! the text reader's convention — a row with a single filled cell is a plain
//! line (titles, `单位：万元`, notes), any other row a TAB row with a merged
//! cell's value in its first cell — and is read by [`TextDocument::parse`].
//!
//! Numbers: an XLSX number cell holds a binary double. It is written back as
//! the shortest decimal that round-trips (what Excel displays for a value typed
//! as `3927.98`), and only that text is parsed later, exactly. Values with more
//! than 15 significant digits cannot be trusted to be what was typed and are
//! kept as text (the checker then reports the cell, not a wrong number).

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};

use crate::{IngestError, TextDocument};

/// Reads a workbook's bytes: every sheet in order, each starting with its name as a line.
pub fn read_xlsx(bytes: &[u8], name: &str) -> Result<TextDocument, IngestError> {
    Ok(TextDocument::parse(&xlsx_to_text(bytes, name)?))
}

/// The text of a workbook in the text reader's convention.
pub fn xlsx_to_text(bytes: &[u8], name: &str) -> Result<String, IngestError> {
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes))
        .map_err(|e| IngestError::NotXlsx { name: name.to_owned(), reason: e.to_string() })?;
    let mut out = String::new();
    for sheet in wb.sheet_names() {
        let Ok(range) = wb.worksheet_range(&sheet) else { continue };
        out.push_str(&sheet);
        out.push_str("\n\n");
        for row in range.rows() {
            let cells: Vec<String> = row.iter().map(cell_text).collect();
            let filled: Vec<&String> = cells.iter().filter(|c| !c.is_empty()).collect();
            match filled.len() {
                0 => out.push('\n'),
                1 => {
                    out.push_str(filled[0]);
                    out.push('\n');
                }
                _ => {
                    let last = cells.iter().rposition(|c| !c.is_empty()).unwrap_or(0);
                    out.push_str(&cells[..=last].join("\t"));
                    out.push('\n');
                }
            }
        }
        out.push('\n');
    }
    Ok(out)
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
    if !f.is_finite() {
        return String::new();
    }
    let s = f.to_string();
    let significant = s.trim_start_matches(['-', '0', '.']).chars().filter(char::is_ascii_digit).count();
    if significant > 15 { format!("{s}（精度不足）") } else { s }
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
}
