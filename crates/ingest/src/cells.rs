//! Reading cells: header rows vs body rows, and exact amounts.

use yusuan_model::money::AmountError;
use yusuan_model::{Amount, Decimal, MoneyUnit};

use crate::{RawRow, RawTable};

/// Splits a table's rows into header rows and body rows.
///
/// The body starts at the first row for which [`is_body_row`] holds; every row
/// before it is a header row. A table with no such row is all header (an empty
/// table as printed). Rows after the first body row are body rows whatever they hold.
pub fn header_and_body(table: &RawTable) -> (Vec<&RawRow>, Vec<&RawRow>) {
    let start = table.rows.iter().position(is_body_row).unwrap_or(table.rows.len());
    let (header, body) = table.rows.split_at(start);
    (header.iter().collect(), body.iter().collect())
}

/// Whether a row carries data rather than column headings: some cell is a number
/// (`3,927.98`, `0`, `10.0 0`; a lone year such as `2021` does not count, headings
/// print years) or a classification code with or without its name (`2010301`,
/// `201 一般公共服务支出`), or the row is a total row: its first cell is `合计` /
/// `总计` and no other cell holds text. A heading `总计` further right
/// (`功能科目编码⇥功能科目名称⇥总计⇥…`) or a heading row that starts with `合计`
/// (`合计⇥“三公”经费⇥…⇥会议费`) does not count.
pub fn is_body_row(row: &RawRow) -> bool {
    let total = matches!(compact(row.cell(0)).as_str(), "合计" | "总计")
        && row.cells[1..].iter().all(|c| c.is_empty() || is_number_or_code(c));
    total || row.cells.iter().any(|c| is_number_or_code(c))
}

fn is_number_or_code(cell: &str) -> bool {
    let t = compact(cell);
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    let is_year = digits == 4 && t.len() == 4 && matches!(&t[..2], "19" | "20");
    let numeric = Decimal::parse(&t).is_some() && !is_year;
    let coded = matches!(digits, 3 | 5 | 7) && digits < t.len() && !t[digits..].starts_with(['.', ',', '%']);
    numeric || coded
}

fn compact(cell: &str) -> String {
    cell.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Reads a money cell written in `unit` as an exact amount.
///
/// Blank cells and dashes (`-`, `—`, `－`, `--`) are `Ok(None)`. Whitespace anywhere
/// in the cell is ignored (PDF extraction prints `10.0 0` for `10.00`), thousands
/// separators are accepted (`2,940.05`). Anything else that is not a decimal number
/// (`24万`, `100%`, text) is an error, as is a figure finer than 1 分.
pub fn parse_amount_cell(cell: &str, unit: MoneyUnit) -> Result<Option<Amount>, AmountError> {
    let t = compact(cell);
    if t.is_empty() || t.chars().all(|c| "-—–－―".contains(c)) {
        return Ok(None);
    }
    Amount::parse_in(&t, unit).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts() {
        let wan = MoneyUnit::WanYuan;
        assert_eq!(parse_amount_cell("", wan), Ok(None));
        assert_eq!(parse_amount_cell(" \u{3000}", wan), Ok(None));
        assert_eq!(parse_amount_cell("-", wan), Ok(None));
        assert_eq!(parse_amount_cell("—", wan), Ok(None));
        assert_eq!(parse_amount_cell("3,927.98", wan), Ok(Some(Amount::from_fen(3_927_980_000))));
        assert_eq!(parse_amount_cell("10.0 0", wan), Ok(Some(Amount::from_fen(10_000_000))));
        assert_eq!(parse_amount_cell("12121164", MoneyUnit::Yuan), Ok(Some(Amount::from_fen(1_212_116_400))));
        assert_eq!(parse_amount_cell("0.00", wan), Ok(Some(Amount::ZERO)));
        assert!(parse_amount_cell("24万", wan).is_err());
        assert!(parse_amount_cell("100%", wan).is_err());
        assert!(parse_amount_cell("0.001", MoneyUnit::Yuan).is_err());
    }

    #[test]
    fn body_rows() {
        let row = |s: &str| RawRow::parse(1, s);
        for yes in [
            "合计\t\t3,927.98",
            "总 计\t\t",
            "\t\t10.0 0",
            "201\t一般公共服务",
            "201 一般公共服务支出\t",
            "2010301\t行政运行",
        ] {
            assert!(is_body_row(&row(yes)), "{yes}");
        }
        for no in [
            "功能科目编码\t功能科目名称\t总计\t基本支出",
            "\t\t\t\t总计\t基本支出\t项目支出",
            "项目\t\t本年收入合计",
            "\t\t\t2021",
            "合计\t“三公”经费\t\t会议费",
            "2022年预算申报数\t100%",
        ] {
            assert!(!is_body_row(&row(no)), "{no}");
        }
    }
}
