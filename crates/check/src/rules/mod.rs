//! The rule catalogue. Ids are stable: `YS-` + a category letter + a number.
//!
//! | letter | category |
//! |---|---|
//! | I | identities inside a table |
//! | X | cross-table identities |
//! | N | narrative ↔ tables |
//! | C | classification codes and names |
//! | B | 测算依据 arithmetic and detail lines |
//! | P | performance targets |
//! | M | completeness |
//! | F | format |
//! | K | consolidation: a department against its units' own budgets |

/// `rule!(Type, INFO, check_fn)`: a unit struct that is the rule of `INFO`,
/// checked by `check_fn(input, out)`. Visible in the modules declared below.
macro_rules! rule {
    ($ty:ident, $info:ident, $check:ident) => {
        pub struct $ty;
        impl $crate::rule::Rule for $ty {
            fn info(&self) -> &$crate::rule::RuleInfo {
                &$info
            }
            fn check(&self, input: &$crate::input::Input, out: &mut $crate::rule::Out) {
                $check(input, out)
            }
        }
    };
}

pub mod basis;
pub mod classification;
pub mod completeness;
pub mod consolidation;
pub mod crosstable;
pub mod format;
pub mod identity;
pub mod narrative;
pub mod performance;

use std::sync::OnceLock;

use crate::rule::Rule;

/// Every rule, in id order.
pub fn all() -> &'static [&'static dyn Rule] {
    static ALL: OnceLock<Vec<&'static dyn Rule>> = OnceLock::new();
    ALL.get_or_init(|| {
        let mut v: Vec<&'static dyn Rule> = Vec::new();
        v.extend(identity::RULES.iter().map(|r| r as &dyn Rule));
        for module in [
            crosstable::rules,
            narrative::rules,
            classification::rules,
            completeness::rules,
            format::rules,
            basis::rules,
            performance::rules,
            consolidation::rules,
        ] {
            v.extend(module());
        }
        v.sort_by_key(|r| r.info().id);
        v
    })
}

/// The rule with this id.
pub fn get(id: &str) -> Option<&'static dyn Rule> {
    all().iter().copied().find(|r| r.info().id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_well_formed_and_documented() {
        let mut seen = std::collections::BTreeSet::new();
        for r in all() {
            let i = r.info();
            assert!(seen.insert(i.id), "duplicate id {}", i.id);
            let ok = i.id.len() == 7
                && i.id.starts_with("YS-")
                && "IXNCBPMFK".contains(&i.id[3..4])
                && i.id[4..].bytes().all(|b| b.is_ascii_digit());
            assert!(ok, "malformed id {}", i.id);
            assert!(
                !i.title.is_empty()
                    && !i.title_en.is_empty()
                    && !i.what.is_empty()
                    && !i.why.is_empty()
                    && !i.example.is_empty(),
                "{} lacks docs",
                i.id
            );
        }
    }
}
