//! Exact money.
//!
//! An [`Amount`] is an integer number of 分 (0.01 元). Nothing in yusuan does
//! arithmetic on money in floating point. Text is parsed digit by digit, and a
//! printed figure is produced by rounding half away from zero (四舍五入) to the
//! decimals of the unit it is printed in.

use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Neg, Sub, SubAssign};
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The unit a figure is stated in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
pub enum MoneyUnit {
    /// 元
    #[serde(rename = "元")]
    Yuan,
    /// 万元 (10⁴ 元), the unit of most published tables.
    #[serde(rename = "万元")]
    WanYuan,
    /// 亿元 (10⁸ 元)
    #[serde(rename = "亿元")]
    YiYuan,
}

impl MoneyUnit {
    /// How many 分 one unit holds.
    pub const fn fen(self) -> i64 {
        match self {
            MoneyUnit::Yuan => 100,
            MoneyUnit::WanYuan => 1_000_000,
            MoneyUnit::YiYuan => 10_000_000_000,
        }
    }

    /// The unit's Chinese name, as printed in `单位：万元`.
    pub const fn label(self) -> &'static str {
        match self {
            MoneyUnit::Yuan => "元",
            MoneyUnit::WanYuan => "万元",
            MoneyUnit::YiYuan => "亿元",
        }
    }

    /// Parses `元`, `万元`, `亿元` (and the English ids `yuan`, `wan`, `yi`).
    pub fn parse(s: &str) -> Option<MoneyUnit> {
        match s.trim() {
            "元" | "yuan" => Some(MoneyUnit::Yuan),
            "万元" | "万" | "wan" | "wanyuan" => Some(MoneyUnit::WanYuan),
            "亿元" | "亿" | "yi" | "yiyuan" => Some(MoneyUnit::YiYuan),
            _ => None,
        }
    }
}

impl fmt::Display for MoneyUnit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// An exact amount of money in 分.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Amount(i64);

/// Why a text is not an amount.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AmountError {
    #[error("“{0}” 不是金额 (not an amount)")]
    NotANumber(String),
    #[error("“{0}” 的精度超过 1 分 (finer than 0.01 元)")]
    TooPrecise(String),
    #[error("“{0}” 超出可表示范围 (out of range)")]
    Overflow(String),
}

impl Amount {
    pub const ZERO: Amount = Amount(0);

    pub const fn from_fen(fen: i64) -> Amount {
        Amount(fen)
    }

    pub const fn fen(self) -> i64 {
        self.0
    }

    pub const fn is_zero(self) -> bool {
        self.0 == 0
    }

    /// Parses a decimal number written in `unit`: `3,927.98`, `-12`, `0.005`.
    /// Thousands separators (`,` `，`) and surrounding blanks are accepted; the
    /// value must be a whole number of 分.
    pub fn parse_in(text: &str, unit: MoneyUnit) -> Result<Amount, AmountError> {
        let dec = Decimal::parse(text).ok_or_else(|| AmountError::NotANumber(text.trim().to_owned()))?;
        dec.to_fen(unit).ok_or_else(|| {
            if dec.scale > 18 {
                AmountError::Overflow(text.trim().to_owned())
            } else {
                AmountError::TooPrecise(text.trim().to_owned())
            }
        })
    }

    /// Rounds to `decimals` places of `unit`, half away from zero (四舍五入),
    /// and returns the printed mantissa: 39279800 分 in 万元 with 2 decimals is 3928.
    pub fn rounded_mantissa(self, unit: MoneyUnit, decimals: u8) -> i64 {
        let step = unit.fen() / 10_i64.pow(decimals as u32);
        assert!(step >= 1, "cannot print finer than 1 分");
        let (q, r) = (self.0 / step, self.0 % step);
        if 2 * r.abs() >= step { q + self.0.signum() } else { q }
    }

    /// This amount rounded to `decimals` places of `unit`, as an amount again.
    pub fn round_to(self, unit: MoneyUnit, decimals: u8) -> Amount {
        let step = unit.fen() / 10_i64.pow(decimals as u32);
        Amount(self.rounded_mantissa(unit, decimals) * step)
    }

    /// The printed figure of this amount in `unit` with `decimals`.
    pub fn figure(self, unit: MoneyUnit, decimals: u8) -> Figure {
        Figure { mantissa: self.rounded_mantissa(unit, decimals), decimals, unit: FigureUnit::Money(unit) }
    }

    /// Formats in `unit` with `decimals`, without separators: `3927.98`.
    pub fn format(self, unit: MoneyUnit, decimals: u8) -> String {
        format_mantissa(self.rounded_mantissa(unit, decimals), decimals, false)
    }

    /// Formats in `unit` with `decimals` and thousands separators: `3,927.98`.
    pub fn format_grouped(self, unit: MoneyUnit, decimals: u8) -> String {
        format_mantissa(self.rounded_mantissa(unit, decimals), decimals, true)
    }

    /// Formats the shortest exact decimal in `unit` (no trailing zeros): `2877.8`.
    pub fn format_plain(self, unit: MoneyUnit) -> String {
        let digits = unit.fen().ilog10() as u8;
        let s = format_mantissa(self.0, digits, false);
        if s.contains('.') { s.trim_end_matches('0').trim_end_matches('.').to_owned() } else { s }
    }

    pub fn abs(self) -> Amount {
        Amount(self.0.abs())
    }
}

impl fmt::Display for Amount {
    /// Displays in 元 with 2 decimals.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}元", self.format(MoneyUnit::Yuan, 2))
    }
}

impl Add for Amount {
    type Output = Amount;
    fn add(self, rhs: Amount) -> Amount {
        Amount(self.0 + rhs.0)
    }
}
impl Sub for Amount {
    type Output = Amount;
    fn sub(self, rhs: Amount) -> Amount {
        Amount(self.0 - rhs.0)
    }
}
impl Neg for Amount {
    type Output = Amount;
    fn neg(self) -> Amount {
        Amount(-self.0)
    }
}
impl AddAssign for Amount {
    fn add_assign(&mut self, rhs: Amount) {
        self.0 += rhs.0;
    }
}
impl SubAssign for Amount {
    fn sub_assign(&mut self, rhs: Amount) {
        self.0 -= rhs.0;
    }
}
impl Sum for Amount {
    fn sum<I: Iterator<Item = Amount>>(iter: I) -> Amount {
        Amount(iter.map(|a| a.0).sum())
    }
}
impl<'a> Sum<&'a Amount> for Amount {
    fn sum<I: Iterator<Item = &'a Amount>>(iter: I) -> Amount {
        Amount(iter.map(|a| a.0).sum())
    }
}

/// Formats an integer mantissa with `decimals` implied places.
pub fn format_mantissa(mantissa: i64, decimals: u8, grouped: bool) -> String {
    let neg = mantissa < 0;
    let digits = mantissa.unsigned_abs().to_string();
    let d = decimals as usize;
    let (int, frac) = if digits.len() > d { digits.split_at(digits.len() - d) } else { ("0", digits.as_str()) };
    let mut out = String::with_capacity(digits.len() + 8);
    if neg {
        out.push('-');
    }
    if grouped {
        for (i, c) in int.chars().enumerate() {
            if i > 0 && (int.len() - i) % 3 == 0 {
                out.push(',');
            }
            out.push(c);
        }
    } else {
        out.push_str(int);
    }
    if d > 0 {
        out.push('.');
        for _ in frac.len()..d {
            out.push('0');
        }
        out.push_str(frac);
    }
    out
}

/// A decimal number as written: mantissa × 10^-scale. Used to read text exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decimal {
    pub mantissa: i128,
    pub scale: u32,
}

impl Decimal {
    /// Parses `-1,234.50`, `+3`, `.5`, `１２`; full-width digits and separators
    /// are accepted, exponents are not.
    pub fn parse(text: &str) -> Option<Decimal> {
        let t = text.trim();
        let mut chars = t.chars().map(normalize_char).peekable();
        let mut neg = false;
        match chars.peek() {
            Some('-') | Some('−') => {
                neg = true;
                chars.next();
            }
            Some('+') => {
                chars.next();
            }
            _ => {}
        }
        let (mut mantissa, mut scale, mut seen_digit, mut seen_point) = (0_i128, 0_u32, false, false);
        for c in chars {
            match c {
                '0'..='9' => {
                    mantissa = mantissa.checked_mul(10)?.checked_add((c as u8 - b'0') as i128)?;
                    if seen_point {
                        scale += 1;
                    }
                    seen_digit = true;
                }
                '.' if !seen_point => seen_point = true,
                ',' if !seen_point => {}
                _ => return None,
            }
        }
        if !seen_digit {
            return None;
        }
        Some(Decimal { mantissa: if neg { -mantissa } else { mantissa }, scale })
    }

    /// The exact number of 分 this decimal stands for in `unit`, if whole.
    pub fn to_fen(self, unit: MoneyUnit) -> Option<Amount> {
        let unit_fen = unit.fen() as i128;
        let denom = 10_i128.checked_pow(self.scale)?;
        let num = self.mantissa.checked_mul(unit_fen)?;
        if num % denom != 0 {
            return None;
        }
        i64::try_from(num / denom).ok().map(Amount)
    }
}

fn normalize_char(c: char) -> char {
    match c {
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        '，' => ',',
        '．' => '.',
        '－' => '-',
        _ => c,
    }
}

/// What a printed figure measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum FigureUnit {
    Money(MoneyUnit),
    /// A percentage: 47.72 means 47.72%.
    Percent,
    /// A plain count or measure (人, 辆, 个).
    Count,
}

/// A number as printed: mantissa with `decimals` places, in a unit. A printed
/// figure stands for the interval [v − ½·10^−d, v + ½·10^−d] (see [`Figure::interval`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Figure {
    pub mantissa: i64,
    pub decimals: u8,
    pub unit: FigureUnit,
}

/// A closed interval of exact values in a common fine scale (see [`Figure::interval`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interval {
    pub lo: i128,
    pub hi: i128,
}

impl Interval {
    pub fn point(v: i128) -> Interval {
        Interval { lo: v, hi: v }
    }
    pub fn plus(self, o: Interval) -> Interval {
        Interval { lo: self.lo + o.lo, hi: self.hi + o.hi }
    }
    pub fn meets(self, o: Interval) -> bool {
        self.lo <= o.hi && o.lo <= self.hi
    }
    /// The distance between the intervals, 0 when they meet.
    pub fn gap(self, o: Interval) -> i128 {
        if self.meets(o) { 0 } else { (self.lo - o.hi).max(o.lo - self.hi) }
    }
}

/// Money intervals are kept in 1/1000 分 so that ½ of any printed step is whole.
pub const INTERVAL_SCALE_PER_FEN: i128 = 1000;

impl Figure {
    /// The money figure of an exact amount, printed in `unit` with `decimals`.
    pub fn money(amount: Amount, unit: MoneyUnit, decimals: u8) -> Figure {
        amount.figure(unit, decimals)
    }

    /// The interval the printed figure stands for. Money is in 1/1000 分;
    /// percentages and counts in 10⁻⁶ of their unit.
    pub fn interval(self) -> Interval {
        let (per_unit, d) = match self.unit {
            FigureUnit::Money(u) => (u.fen() as i128 * INTERVAL_SCALE_PER_FEN, self.decimals),
            FigureUnit::Percent | FigureUnit::Count => (1_000_000, self.decimals),
        };
        let step = per_unit / 10_i128.pow(d as u32);
        let v = self.mantissa as i128 * step;
        Interval { lo: v - step / 2, hi: v + step / 2 }
    }

    pub fn format(self) -> String {
        format_mantissa(self.mantissa, self.decimals, false)
    }
}

impl fmt::Display for Figure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.format();
        match self.unit {
            FigureUnit::Money(u) => write!(f, "{n}{}", u.label()),
            FigureUnit::Percent => write!(f, "{n}%"),
            FigureUnit::Count => f.write_str(&n),
        }
    }
}

/// An exact ratio `num / den`, rounded only when printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ratio {
    pub num: i128,
    pub den: i128,
}

impl Ratio {
    pub fn new(num: Amount, den: Amount) -> Option<Ratio> {
        (den.0 != 0).then_some(Ratio { num: num.0 as i128, den: den.0 as i128 })
    }

    /// Year-on-year growth rate (this − last) / last; `None` when last is zero.
    pub fn growth(this: Amount, last: Amount) -> Option<Ratio> {
        Ratio::new(this - last, last)
    }

    /// The percentage printed with `decimals` places, rounded half away from zero.
    pub fn percent(self, decimals: u8) -> Figure {
        let scale = 100 * 10_i128.pow(decimals as u32);
        let (mut num, mut den) = (self.num * scale, self.den);
        if den < 0 {
            num = -num;
            den = -den;
        }
        let q = num / den;
        let r = num % den;
        let m = if 2 * r.abs() >= den { q + num.signum() } else { q };
        Figure { mantissa: m as i64, decimals, unit: FigureUnit::Percent }
    }
}

impl FromStr for Amount {
    type Err = AmountError;
    /// Parses a number of 元.
    fn from_str(s: &str) -> Result<Amount, AmountError> {
        Amount::parse_in(s, MoneyUnit::Yuan)
    }
}

thread_local! {
    static FILE_UNIT: std::cell::Cell<MoneyUnit> = const { std::cell::Cell::new(MoneyUnit::Yuan) };
}

/// Runs `f` with amounts in files read and written in `unit`. Package files state
/// their amounts in the package's unit (`[package] unit = "万元"`); this scopes it.
pub fn with_file_unit<T>(unit: MoneyUnit, f: impl FnOnce() -> T) -> T {
    let prev = FILE_UNIT.with(|u| u.replace(unit));
    struct Restore(MoneyUnit);
    impl Drop for Restore {
        fn drop(&mut self) {
            FILE_UNIT.with(|u| u.set(self.0));
        }
    }
    let _restore = Restore(prev);
    f()
}

/// The unit amounts in files are read and written in (元 unless scoped).
pub fn file_unit() -> MoneyUnit {
    FILE_UNIT.with(|u| u.get())
}

/// Why a double has no trustworthy decimal text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum F64Text {
    NotFinite,
    /// More than 15 significant digits: not necessarily what was typed (the shortest text is given).
    TooManyDigits(String),
}

/// The decimal a double from a file format (TOML, JSON, an XLSX number cell) stands
/// for: its shortest round-trip text, which is the literal typed for any decimal of
/// up to 15 significant digits. Only this text is parsed later, exactly; nothing is
/// computed in floating point.
pub fn f64_text(v: f64) -> Result<String, F64Text> {
    if !v.is_finite() {
        return Err(F64Text::NotFinite);
    }
    let text = v.to_string();
    let significant = text.trim_start_matches(['-', '0', '.']).chars().filter(char::is_ascii_digit).count();
    if significant > 15 { Err(F64Text::TooManyDigits(text)) } else { Ok(text) }
}

/// Written as the shortest exact decimal string in the file unit (`"2877.8"`).
impl Serialize for Amount {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.format_plain(file_unit()))
    }
}

/// Read from a decimal string (`"3,927.98"`) or a number in the file unit.
///
/// A TOML/JSON number arrives as f64; its shortest round-trip representation
/// (Rust's `Display`) is the literal the user wrote for any decimal of up to
/// 15 significant digits, and that text is parsed exactly. No arithmetic is
/// done in floating point.
impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Amount, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Amount;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("金额（数字或数字字符串） an amount")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Amount, E> {
                Amount::parse_in(v, file_unit()).map_err(E::custom)
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Amount, E> {
                v.checked_mul(file_unit().fen()).map(Amount).ok_or_else(|| E::custom("金额超出范围"))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Amount, E> {
                i64::try_from(v).map_err(E::custom).and_then(|v| self.visit_i64(v))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Amount, E> {
                match f64_text(v) {
                    Ok(text) => self.visit_str(&text),
                    Err(F64Text::NotFinite) => Err(E::custom("金额不能是无穷大或 NaN")),
                    Err(F64Text::TooManyDigits(text)) => {
                        Err(E::custom(format!("金额 {text} 超过 15 位有效数字，请写成字符串以保证精确")))
                    }
                }
            }
        }
        d.deserialize_any(V)
    }
}

impl schemars::JsonSchema for Amount {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Amount".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "金额，以包的单位（[package] unit）表示；写成字符串可保证精确，如 \"3927.98\"",
            "anyOf": [
                { "type": "string", "pattern": "^[+-]?[0-9,]*\\.?[0-9]+$" },
                { "type": "number" }
            ]
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_exactly() {
        assert_eq!(Amount::parse_in("3,927.98", MoneyUnit::WanYuan).unwrap().fen(), 3_927_980_000);
        assert_eq!(Amount::parse_in("0.005", MoneyUnit::WanYuan).unwrap().fen(), 5_000);
        assert_eq!(Amount::parse_in("-12", MoneyUnit::Yuan).unwrap().fen(), -1200);
        assert_eq!(Amount::parse_in("１２．５", MoneyUnit::Yuan).unwrap().fen(), 1250);
        assert!(matches!(Amount::parse_in("0.001", MoneyUnit::Yuan), Err(AmountError::TooPrecise(_))));
        assert!(matches!(Amount::parse_in("12a", MoneyUnit::Yuan), Err(AmountError::NotANumber(_))));
        assert!(matches!(Amount::parse_in("", MoneyUnit::Yuan), Err(AmountError::NotANumber(_))));
        assert!(Amount::parse_in("99999999999999999999999", MoneyUnit::Yuan).is_err());
    }

    #[test]
    fn rounds_half_away_from_zero() {
        let a = Amount::parse_in("8.76", MoneyUnit::WanYuan).unwrap();
        assert_eq!(a.format(MoneyUnit::WanYuan, 1), "8.8");
        let b = Amount::from_fen(-5_000);
        assert_eq!(b.format(MoneyUnit::WanYuan, 2), "-0.01");
        assert_eq!(Amount::from_fen(4_999).format(MoneyUnit::WanYuan, 2), "0.00");
        assert_eq!(Amount::from_fen(392_798_000_000).format_grouped(MoneyUnit::Yuan, 2), "3,927,980,000.00");
    }

    #[test]
    fn plain_format_drops_trailing_zeros() {
        let a = Amount::parse_in("2877.80", MoneyUnit::WanYuan).unwrap();
        assert_eq!(a.format_plain(MoneyUnit::WanYuan), "2877.8");
        assert_eq!(Amount::parse_in("69", MoneyUnit::WanYuan).unwrap().format_plain(MoneyUnit::WanYuan), "69");
    }

    #[test]
    fn growth_rate_uses_last_year_as_base() {
        let this = Amount::parse_in("3927.98", MoneyUnit::WanYuan).unwrap();
        let last = Amount::parse_in("2053.67", MoneyUnit::WanYuan).unwrap();
        assert_eq!(Ratio::growth(this, last).unwrap().percent(2).format(), "91.27");
        assert_eq!(Ratio::growth(last, this).unwrap().percent(2).format(), "-47.72");
        assert!(Ratio::growth(this, Amount::ZERO).is_none());
    }

    #[test]
    fn intervals_meet_within_rounding() {
        let printed = Figure { mantissa: 4772, decimals: 2, unit: FigureUnit::Percent };
        let exact = Ratio { num: 187431, den: 392798 }.percent(4); // 47.7167%
        assert!(printed.interval().meets(exact.interval()));
        let a = Figure::money(Amount::from_fen(100_000), MoneyUnit::WanYuan, 2);
        let b = Figure::money(Amount::from_fen(110_000), MoneyUnit::WanYuan, 2);
        assert!(a.interval().meets(b.interval()), "0.10 and 0.11 touch at 0.105");
        let c = Figure::money(Amount::from_fen(120_000), MoneyUnit::WanYuan, 2);
        assert!(!a.interval().meets(c.interval()));
        // [0.095, 0.105] vs [0.115, 0.125] 万元: 0.01 万元 = 10 000 分 apart.
        assert_eq!(a.interval().gap(c.interval()), 10_000 * INTERVAL_SCALE_PER_FEN);
    }
}
