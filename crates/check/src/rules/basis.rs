//! Rules: basis (see rules/mod.rs for the id scheme).

use crate::rule::Rule;

/// The rules of this module.
pub fn rules() -> Vec<&'static dyn Rule> {
    Vec::new()
}
