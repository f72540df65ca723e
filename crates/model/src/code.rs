//! Classification codes (政府收支分类科目).
//!
//! The level of a code is its length: functional 类 3 / 款 5 / 项 7 digits,
//! economic 类 3 / 款 5 digits. The parent of a code is its prefix one level up.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Which classification a code belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Scheme {
    /// 支出功能分类
    Functional,
    /// 部门预算支出经济分类
    Economic,
    /// 政府预算支出经济分类
    GovEconomic,
    /// 收入分类
    Revenue,
}

impl Scheme {
    pub fn label(self) -> &'static str {
        match self {
            Scheme::Functional => "支出功能分类",
            Scheme::Economic => "部门预算支出经济分类",
            Scheme::GovEconomic => "政府预算支出经济分类",
            Scheme::Revenue => "收入分类",
        }
    }

    /// The code lengths of this scheme's levels, top first.
    pub fn lengths(self) -> &'static [usize] {
        match self {
            Scheme::Functional | Scheme::Revenue => &[3, 5, 7],
            Scheme::Economic | Scheme::GovEconomic => &[3, 5],
        }
    }
}

/// A level in a classification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Level {
    /// 类
    Class = 1,
    /// 款
    Section = 2,
    /// 项
    Item = 3,
}

impl Level {
    pub fn label(self) -> &'static str {
        match self {
            Level::Class => "类",
            Level::Section => "款",
            Level::Item => "项",
        }
    }
    fn from_len(len: usize) -> Option<Level> {
        match len {
            3 => Some(Level::Class),
            5 => Some(Level::Section),
            7 => Some(Level::Item),
            _ => None,
        }
    }
}

/// Why a text is not a code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("“{text}” 不是{scheme}科目编码：应为 {expected} 位数字")]
pub struct CodeError {
    pub text: String,
    pub scheme: &'static str,
    pub expected: &'static str,
}

macro_rules! code_type {
    ($(#[$doc:meta])* $name:ident, $scheme:expr, $expected:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(Code);

        impl $name {
            pub const SCHEME: Scheme = $scheme;

            pub fn parse(text: &str) -> Result<Self, CodeError> {
                Code::parse(text, $scheme)
                    .map($name)
                    .ok_or_else(|| CodeError { text: text.trim().to_owned(), scheme: $scheme.label(), expected: $expected })
            }
            pub fn as_str(&self) -> &str { self.0.as_str() }
            pub fn level(&self) -> Level { self.0.level() }
            pub fn parent(&self) -> Option<Self> { self.0.parent().map($name) }
            /// The ancestor at `level` (itself when already there); `None` when deeper than self.
            pub fn at(&self, level: Level) -> Option<Self> { self.0.at(level).map($name) }
            /// The 类 of this code.
            pub fn class(&self) -> Self { $name(self.0.at(Level::Class).expect("every code has a class")) }
            pub fn code(&self) -> Code { self.0 }
            pub fn is_ancestor_of(&self, other: &Self) -> bool { self.0.is_ancestor_of(&other.0) }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { f.write_str(self.as_str()) }
        }
        impl std::str::FromStr for $name {
            type Err = CodeError;
            fn from_str(s: &str) -> Result<Self, CodeError> { Self::parse(s) }
        }
        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> { s.serialize_str(self.as_str()) }
        }
        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                Self::parse(&s).map_err(serde::de::Error::custom)
            }
        }
        impl schemars::JsonSchema for $name {
            fn schema_name() -> std::borrow::Cow<'static, str> { stringify!($name).into() }
            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!({
                    "type": "string",
                    "pattern": code_pattern($scheme),
                    "description": concat!($expected, " 位数字的科目编码")
                })
            }
        }
    };
}

const fn code_pattern(scheme: Scheme) -> &'static str {
    match scheme {
        Scheme::Functional | Scheme::Revenue => "^[0-9]{3}([0-9]{2}){0,2}$",
        Scheme::Economic | Scheme::GovEconomic => "^[0-9]{3}([0-9]{2})?$",
    }
}

code_type!(
    /// A 支出功能分类 code: 类 `201`, 款 `20103`, 项 `2010301`.
    FunctionalCode, Scheme::Functional, "3、5 或 7"
);
code_type!(
    /// A 部门预算支出经济分类 code: 类 `302`, 款 `30201`.
    EconomicCode, Scheme::Economic, "3 或 5"
);

/// A code of any scheme: up to 7 ASCII digits stored inline.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Code {
    digits: [u8; 7],
    len: u8,
}

impl Code {
    pub fn parse(text: &str, scheme: Scheme) -> Option<Code> {
        let t = text.trim();
        if !scheme.lengths().contains(&t.len()) || !t.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let mut digits = [b'0'; 7];
        digits[..t.len()].copy_from_slice(t.as_bytes());
        Some(Code { digits, len: t.len() as u8 })
    }
    pub fn as_str(&self) -> &str {
        // Only ASCII digits are ever stored.
        std::str::from_utf8(&self.digits[..self.len as usize]).unwrap_or("")
    }
    pub fn level(&self) -> Level {
        Level::from_len(self.len as usize).unwrap_or(Level::Class)
    }
    pub fn parent(&self) -> Option<Code> {
        match self.len {
            5 | 7 => Some(self.truncated(self.len - 2)),
            _ => None,
        }
    }

    /// The prefix of `len` digits; digits past it are cleared so that equal
    /// codes compare and hash equal.
    fn truncated(&self, len: u8) -> Code {
        let mut digits = [b'0'; 7];
        digits[..len as usize].copy_from_slice(&self.digits[..len as usize]);
        Code { digits, len }
    }
    pub fn at(&self, level: Level) -> Option<Code> {
        let want = match level {
            Level::Class => 3,
            Level::Section => 5,
            Level::Item => 7,
        };
        (want <= self.len).then(|| self.truncated(want))
    }
    pub fn is_ancestor_of(&self, other: &Code) -> bool {
        self.len < other.len && other.digits[..self.len as usize] == self.digits[..self.len as usize]
    }
}

impl fmt::Debug for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_and_parents_follow_the_code() {
        let c = FunctionalCode::parse("2010301").unwrap();
        assert_eq!(c.level(), Level::Item);
        assert_eq!(c.parent().unwrap().as_str(), "20103");
        assert_eq!(c.class().as_str(), "201");
        assert!(FunctionalCode::parse("201").unwrap().is_ancestor_of(&c));
        assert!(!FunctionalCode::parse("208").unwrap().is_ancestor_of(&c));
        assert!(FunctionalCode::parse("2010").is_err());
        assert!(EconomicCode::parse("3020101").is_err());
        assert_eq!(EconomicCode::parse(" 30201 ").unwrap().parent().unwrap().as_str(), "302");
        assert!(FunctionalCode::parse("20a").is_err());
        let a = FunctionalCode::parse("2010301").unwrap().class();
        let b = FunctionalCode::parse("2010302").unwrap().parent().unwrap().parent().unwrap();
        assert_eq!(a, b, "ancestors compare equal whatever the child");
        assert_eq!(a, FunctionalCode::parse("201").unwrap());
    }
}
