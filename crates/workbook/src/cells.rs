//! Reading one cell the way people fill spreadsheets: numbers stored as text,
//! thousands separators, trailing spaces, `12.5万元` with its unit, formulas
//! (their cached value), codes typed as numbers.

use calamine::Data;
use serde_json::{Value, json};
use yusuan_model::money::F64Text;
use yusuan_model::{Decimal, EconomicCode, FunctionalCode, MoneyUnit};

use crate::choices;
use crate::spec::{Choice, Kind};

/// The text of a cell: trimmed; numbers as their shortest round-trip decimal.
pub fn text(d: &Data) -> Result<String, String> {
    Ok(match d {
        Data::Empty => String::new(),
        Data::String(s) => s.replace("\r\n", "\n").trim().to_owned(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => float_text(*f)?,
        Data::Bool(b) => if *b { "是" } else { "否" }.to_owned(),
        // A date typed into a text field (资产统计时点 2021-12-31) becomes an Excel date.
        Data::DateTime(d) if d.is_datetime() => {
            let (y, m, day, ..) = d.to_ymd_hms_milli();
            format!("{y:04}-{m:02}-{day:02}")
        }
        Data::DateTime(d) => d.as_f64().to_string(),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => return Err(format!("单元格是错误值 {e:?}（公式出错？） (an error value)")),
    })
}

/// An XLSX number cell holds a double: its shortest round-trip decimal is what
/// was typed for up to 15 significant digits; beyond that it cannot be trusted.
fn float_text(f: f64) -> Result<String, String> {
    yusuan_model::money::f64_text(f).map_err(|e| match e {
        F64Text::NotFinite => "数字无效 (not a finite number)".to_owned(),
        F64Text::TooManyDigits(s) => {
            format!("{s} 超过 15 位有效数字，Excel 无法精确保存，请以文本填写 (more than 15 digits: type it as text)")
        }
    })
}

/// Reads a cell of `kind`: `Ok(None)` for an empty cell, the JSON value the
/// package expects otherwise. Amounts are read in `sheet_unit` (or the unit
/// written in the cell) and given in `package_unit`.
pub fn read(d: &Data, kind: Kind, sheet_unit: MoneyUnit, package_unit: MoneyUnit) -> Result<Option<Value>, String> {
    let t = text(d)?;
    if t.is_empty() {
        return Ok((kind == Kind::Str).then(|| json!("")));
    }
    Ok(Some(match kind {
        Kind::Text | Kind::Str => json!(t),
        Kind::Paragraphs => Value::Array(t.lines().map(|l| json!(l.trim())).filter(|l| l != "").collect()),
        Kind::Amount => json!(amount(&t, sheet_unit, package_unit)?),
        Kind::Int => {
            let n = t.trim_end_matches(['年', '人', '辆', '个']).trim();
            let d = Decimal::parse(n).filter(|d| d.scale == 0 || d.mantissa % 10_i128.pow(d.scale) == 0);
            let v = d.map(|d| d.mantissa / 10_i128.pow(d.scale)).and_then(|v| u32::try_from(v).ok());
            json!(v.ok_or_else(|| format!("“{t}”不是整数 (not a whole number)"))?)
        }
        Kind::Functional => {
            let c =
                FunctionalCode::parse(&t).map_err(|e| format!("功能科目编码“{t}”无效：{e} (not a functional code)"))?;
            json!(c.as_str())
        }
        Kind::Economic => {
            let c =
                EconomicCode::parse(&t).map_err(|e| format!("经济科目编码“{t}”无效：{e} (not an economic code)"))?;
            json!(c.as_str())
        }
        Kind::Choice(c) => json!(choice(c, &t)?),
    }))
}

/// A choice normalised to its label; values outside an open list are kept as typed.
fn choice(c: Choice, t: &str) -> Result<String, String> {
    if let Some(label) = choices::normalize(c, t) {
        return Ok(label);
    }
    if c.closed() {
        Err(format!("“{t}”不是可选值，应为：{} (not one of the choices)", choices::labels(c).join("、")))
    } else {
        Ok(t.to_owned())
    }
}

/// An amount written as a number or text, with an optional unit suffix, as an
/// exact decimal string in `to`.
pub fn amount(t: &str, unit: MoneyUnit, to: MoneyUnit) -> Result<String, String> {
    let (num, unit) = match ["万元", "亿元", "元"].iter().find(|u| t.ends_with(**u)) {
        Some(u) => (t[..t.len() - u.len()].trim(), MoneyUnit::parse(u).unwrap_or(unit)),
        None => (t, unit),
    };
    let num: String = num.chars().filter(|c| !c.is_whitespace()).collect();
    let d = Decimal::parse(&num).ok_or_else(|| format!("金额“{t}”不是数字 (not an amount)"))?;
    let a = d
        .to_fen(unit)
        .ok_or_else(|| format!("金额“{t}”精度超过 1 分或超出范围 (finer than 0.01 元 or out of range)"))?;
    Ok(a.format_plain(to))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_as_people_type_them() {
        let w = MoneyUnit::WanYuan;
        assert_eq!(amount("1,234.5", w, w).unwrap(), "1234.5");
        assert_eq!(amount(" 12 345.00 ", w, w).unwrap(), "12345");
        assert_eq!(amount("5000元", w, w).unwrap(), "0.5");
        assert_eq!(amount("3.2", MoneyUnit::Yuan, w).unwrap(), "0.00032");
        assert!(amount("12,3a4", w, w).unwrap_err().contains("不是数字"));
        assert!(amount("0.0000001", w, w).is_err());
    }

    #[test]
    fn cells_by_kind() {
        let w = MoneyUnit::WanYuan;
        let r = |d: Data, k: Kind| read(&d, k, w, w);
        assert_eq!(r(Data::Float(2010301.0), Kind::Functional).unwrap(), Some(json!("2010301")));
        assert_eq!(r(Data::String("2022年".into()), Kind::Int).unwrap(), Some(json!(2022)));
        assert_eq!(r(Data::String("  ".into()), Kind::Text).unwrap(), None);
        assert_eq!(r(Data::Empty, Kind::Str).unwrap(), Some(json!("")));
        assert_eq!(r(Data::String("a\nb\n".into()), Kind::Paragraphs).unwrap(), Some(json!(["a", "b"])));
        assert!(r(Data::String("1.5".into()), Kind::Int).is_err());
        assert!(r(Data::String("贷款".into()), Kind::Choice(Choice::Source)).unwrap_err().contains("一般公共预算"));
        assert_eq!(
            r(Data::String("一般公共预算财政拨款收入".into()), Kind::Choice(Choice::Source)).unwrap(),
            Some(json!("一般公共预算"))
        );
    }
}
