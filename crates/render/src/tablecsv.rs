//! One CSV file per public table, for spreadsheets and scripts.

use yusuan_model::view::{Cell, Table};

/// The UTF-8 byte order mark. Excel (Windows) reads a CSV without it in the
/// system ANSI code page (GBK on Chinese Windows) and garbles every Chinese
/// character; WPS guesses but also honours the BOM; LibreOffice, pandas
/// (`encoding="utf-8-sig"`) and Python's `csv` handle it.
pub const UTF8_BOM: &str = "\u{feff}";

/// The table as CSV, ready to be written to a file:
///
/// - UTF-8 **with BOM** (see [`UTF8_BOM`]), records separated by CRLF (RFC 4180,
///   what Excel itself writes), fields quoted only when needed;
/// - first one header line: the leaf labels (`Column::label`, header path joined
///   with `/`), then one line per body row; the empty statement and notes are
///   not data and are left out;
/// - amounts in the table's unit with its decimals, without thousands
///   separators (`3927.98`, `-12.50`), so that they read back as numbers;
///   percentages as printed (`26.74%`); blank cells empty;
/// - a text cell that a spreadsheet would run as a formula (it starts with
///   `=`, `+`, `-`, `@`, tab or CR and is not a number) gets a leading `'`.
pub fn table_csv(table: &Table) -> String {
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    let width = table.rows.iter().map(|r| r.cells.len()).max().unwrap_or(0).max(table.columns.len());
    let mut header: Vec<&str> = table.columns.iter().map(|c| c.label.as_str()).collect();
    header.resize(width, "");
    if width > 0 {
        w.write_record(&header).expect("writing to memory");
    }
    for row in &table.rows {
        let mut fields: Vec<String> = row.cells.iter().map(|c| field(c, table)).collect();
        fields.resize(width, String::new());
        w.write_record(&fields).expect("writing to memory");
    }
    let bytes = w.into_inner().expect("writing to memory");
    let body = String::from_utf8(bytes).expect("CSV of UTF-8 strings is UTF-8");
    format!("{UTF8_BOM}{body}")
}

fn field(c: &Cell, t: &Table) -> String {
    match c {
        Cell::Empty => String::new(),
        Cell::Amount(a) => a.format(t.unit, t.decimals),
        Cell::Percent(p) => p.clone(),
        Cell::Text(s) => defuse_formula(s),
    }
}

fn defuse_formula(s: &str) -> String {
    let mut chars = s.chars();
    let first = chars.next();
    let rest = chars.as_str();
    let risky = matches!(first, Some('=' | '+' | '-' | '@' | '\t' | '\r'));
    let signed_number = matches!(first, Some('-' | '+'))
        && rest.starts_with(|c: char| c.is_ascii_digit())
        && rest.chars().all(|c| c.is_ascii_digit() || c == '.' || c == ',');
    if risky && !signed_number { format!("'{s}") } else { s.to_owned() }
}

/// A file name for the table's CSV: `01-收支预算总表.csv`.
///
/// The 公开表 number on two digits (the table id when the table has none), a
/// dash, the title without its leading year (`2022 年`, `2022年度`), and `.csv`.
/// Characters that are unsafe in file names on Windows, macOS or Linux
/// (`/ \ : * ? " < > |`, control characters) are dropped, blanks next to
/// Chinese text are dropped and other runs of blanks become `_`; the title is
/// cut to 60 characters.
pub fn csv_file_name(table: &Table) -> String {
    let prefix = if table.number > 0 { format!("{:02}", table.number) } else { clean(&table.id, 20) };
    let title = clean(strip_year(table.title.trim()), 60);
    match (prefix.is_empty(), title.is_empty()) {
        (false, false) => format!("{prefix}-{title}.csv"),
        (false, true) => format!("{prefix}.csv"),
        (true, false) => format!("{title}.csv"),
        (true, true) => "table.csv".to_owned(),
    }
}

/// `2022 年收支预算总表` → `收支预算总表`; `2022年度…` likewise.
fn strip_year(title: &str) -> &str {
    let digits = title.find(|c: char| !c.is_ascii_digit()).unwrap_or(title.len());
    if digits != 4 {
        return title;
    }
    let rest = title[digits..].trim_start();
    let Some(rest) = rest.strip_prefix('年') else {
        return title;
    };
    let rest = rest.strip_prefix('度').unwrap_or(rest).trim_start();
    if rest.is_empty() { title } else { rest }
}

fn clean(s: &str, max_chars: usize) -> String {
    let chars: Vec<char> = s
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|'))
        .collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            let start = i;
            while i < chars.len() && chars[i].is_whitespace() {
                i += 1;
            }
            let before = start.checked_sub(1).map(|j| chars[j]);
            let after = chars.get(i).copied();
            let ascii = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
            if ascii(before) && ascii(after) {
                out.push('_');
            }
            continue;
        }
        out.push(c);
        i += 1;
    }
    let out: String = out.chars().take(max_chars).collect();
    // Windows refuses names ending in a dot or a blank.
    out.trim_end_matches(['.', ' ']).trim_start_matches('.').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_year_prefix() {
        assert_eq!(strip_year("2022 年收支预算总表"), "收支预算总表");
        assert_eq!(strip_year("2022年度部门整体绩效目标"), "部门整体绩效目标");
        assert_eq!(strip_year("整体支出预算绩效目标表"), "整体支出预算绩效目标表");
        assert_eq!(strip_year("2022"), "2022");
    }

    #[test]
    fn cleans_names() {
        assert_eq!(clean("一般公共预算“三公”经费 支出表", 60), "一般公共预算“三公”经费支出表");
        assert_eq!(clean("PPP project: a/b?", 60), "PPP_project_ab");
        assert_eq!(clean("..x.", 60), "x");
    }

    #[test]
    fn defuses_formulas() {
        assert_eq!(defuse_formula("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(defuse_formula("-12.5"), "-12.5");
        assert_eq!(defuse_formula("-"), "'-");
        assert_eq!(defuse_formula("@x"), "'@x");
        assert_eq!(defuse_formula("合计"), "合计");
        assert_eq!(defuse_formula("－1"), "－1");
        assert_eq!(defuse_formula(""), "");
    }
}
