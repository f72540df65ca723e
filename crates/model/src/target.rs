//! Performance target values (指标值): `≥95%`, `≤千分之四`, `97%-100%`, `14人`,
//! `及时`, `显著提高`, `满意率≥98%`. Written as text; parsed into operator /
//! number / unit, or kept as qualitative text.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::money::Decimal;

/// The comparison a quantitative target states.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum TargetOp {
    /// ≥
    AtLeast,
    /// >
    MoreThan,
    /// ≤
    AtMost,
    /// <
    LessThan,
    /// = (a bare number)
    Equal,
    /// a–b
    Between,
}

/// A parsed target value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TargetValue {
    Quantitative {
        /// Text before the operator, e.g. `满意率` in `满意率≥98%`.
        label: Option<String>,
        op: TargetOp,
        value: Decimal,
        /// Upper bound of a range.
        upper: Option<Decimal>,
        /// `%`, `‰`, `人`, `个`, `次` … or empty.
        unit: String,
    },
    Qualitative(String),
}

/// A target value as written, with its parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub raw: String,
    pub value: TargetValue,
}

const CN_DIGITS: [(char, u32); 11] = [
    ('零', 0),
    ('一', 1),
    ('二', 2),
    ('两', 2),
    ('三', 3),
    ('四', 4),
    ('五', 5),
    ('六', 6),
    ('七', 7),
    ('八', 8),
    ('九', 9),
];

fn cn_number(s: &str) -> Option<(Decimal, usize)> {
    // Small Chinese numerals: 四, 十, 十二, 二十五.
    let mut total = 0_i128;
    let mut cur = 0_i128;
    let mut used = 0;
    for (i, c) in s.char_indices() {
        if let Some(&(_, d)) = CN_DIGITS.iter().find(|(ch, _)| *ch == c) {
            cur = d as i128;
        } else if c == '十' {
            total += if cur == 0 { 10 } else { cur * 10 };
            cur = 0;
        } else if c == '百' {
            total += if cur == 0 { 100 } else { cur * 100 };
            cur = 0;
        } else {
            break;
        }
        used = i + c.len_utf8();
    }
    (used > 0).then_some((Decimal { mantissa: total + cur, scale: 0 }, used))
}

/// Reads a leading number (Arabic or `千分之四` / `百分之五`) and returns it with its unit.
fn leading_number(s: &str) -> Option<(Decimal, String, &str)> {
    for (prefix, unit) in [("千分之", "‰"), ("百分之", "%"), ("万分之", "‱")] {
        if let Some(rest) = s.strip_prefix(prefix) {
            let (d, used) = arabic(rest).or_else(|| cn_number(rest))?;
            return Some((d, unit.to_owned(), &rest[used..]));
        }
    }
    let (d, used) = arabic(s)?;
    let rest = &s[used..];
    let unit_end = rest.find(['-', '—', '~', '～', '至']).unwrap_or(rest.len());
    Some((d, rest[..unit_end].trim().to_owned(), &rest[unit_end..]))
}

fn arabic(s: &str) -> Option<(Decimal, usize)> {
    let end = s.char_indices().find(|(_, c)| !(c.is_ascii_digit() || *c == '.')).map_or(s.len(), |(i, _)| i);
    if end == 0 {
        return None;
    }
    Decimal::parse(&s[..end]).map(|d| (d, end))
}

impl Target {
    pub fn parse(raw: &str) -> Target {
        let text = raw.trim();
        let value = Self::parse_quantitative(text).unwrap_or_else(|| TargetValue::Qualitative(text.to_owned()));
        Target { raw: raw.to_owned(), value }
    }

    fn parse_quantitative(text: &str) -> Option<TargetValue> {
        const OPS: [(&str, TargetOp); 8] = [
            ("≥", TargetOp::AtLeast),
            (">=", TargetOp::AtLeast),
            ("≤", TargetOp::AtMost),
            ("<=", TargetOp::AtMost),
            (">", TargetOp::MoreThan),
            ("＞", TargetOp::MoreThan),
            ("<", TargetOp::LessThan),
            ("＜", TargetOp::LessThan),
        ];
        let (label, op, rest) =
            match OPS.iter().filter_map(|(s, op)| text.find(s).map(|i| (i, *s, *op))).min_by_key(|x| x.0) {
                Some((i, s, op)) => (Some(text[..i].trim()).filter(|l| !l.is_empty()), op, &text[i + s.len()..]),
                None => (None, TargetOp::Equal, text),
            };
        let (value, unit, tail) = leading_number(rest.trim())?;
        let tail = tail.trim();
        if tail.is_empty() {
            return Some(TargetValue::Quantitative { label: label.map(str::to_owned), op, value, upper: None, unit });
        }
        // A range: 97%-100%, 90~95.
        let after = tail.trim_start_matches(['-', '—', '~', '～', '至']);
        if op != TargetOp::Equal || after.len() == tail.len() {
            return None;
        }
        let (upper, unit2, rest) = leading_number(after.trim())?;
        if !rest.trim().is_empty() || !(unit.is_empty() || unit2.is_empty() || unit == unit2) {
            return None;
        }
        let unit = if unit.is_empty() { unit2 } else { unit };
        Some(TargetValue::Quantitative {
            label: label.map(str::to_owned),
            op: TargetOp::Between,
            value,
            upper: Some(upper),
            unit,
        })
    }

    pub fn is_quantitative(&self) -> bool {
        matches!(self.value, TargetValue::Quantitative { .. })
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.raw)
    }
}

impl Serialize for Target {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.raw)
    }
}

impl<'de> Deserialize<'de> for Target {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Target, D::Error> {
        String::deserialize(d).map(|s| Target::parse(&s))
    }
}

impl schemars::JsonSchema for Target {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Target".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "指标值：≥95%、≤千分之四、97%-100%、14人，或定性描述（及时、显著提高）"
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(raw: &str) -> (Option<String>, TargetOp, Decimal, Option<Decimal>, String) {
        match Target::parse(raw).value {
            TargetValue::Quantitative { label, op, value, upper, unit } => (label, op, value, upper, unit),
            other => panic!("{raw}: {other:?}"),
        }
    }
    fn d(m: i128, scale: u32) -> Decimal {
        Decimal { mantissa: m, scale }
    }

    #[test]
    fn parses_the_seed_forms() {
        assert_eq!(q("≥95%"), (None, TargetOp::AtLeast, d(95, 0), None, "%".into()));
        assert_eq!(q("≤千分之四"), (None, TargetOp::AtMost, d(4, 0), None, "‰".into()));
        assert_eq!(q("97%-100%"), (None, TargetOp::Between, d(97, 0), Some(d(100, 0)), "%".into()));
        assert_eq!(q("14人"), (None, TargetOp::Equal, d(14, 0), None, "人".into()));
        assert_eq!(q("1"), (None, TargetOp::Equal, d(1, 0), None, "".into()));
        assert_eq!(q("满意率≥98%"), (Some("满意率".into()), TargetOp::AtLeast, d(98, 0), None, "%".into()));
        assert_eq!(q("≥3600次"), (None, TargetOp::AtLeast, d(3600, 0), None, "次".into()));
        assert_eq!(q("≥12.5期").2, d(125, 1));
        assert_eq!(Target::parse("及时").value, TargetValue::Qualitative("及时".into()));
        assert_eq!(Target::parse("显著提高").value, TargetValue::Qualitative("显著提高".into()));
        assert!(!Target::parse("≥").is_quantitative());
    }
}
