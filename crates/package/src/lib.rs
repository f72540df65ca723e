//! The native package format.
//!
//! A package is a directory per department-year, human-editable and
//! diff-friendly:
//!
//! | file | holds |
//! |---|---|
//! | `budget.toml` | `[package]` (format, year, template, unit), department, staffing, contact, income, assets, prior year, narrative texts, glossary |
//! | `projects.toml` | `[[project]]` with details (测算依据), asset plan and performance targets |
//! | `performance.toml` | the department's overall performance targets |
//! | `line_items.csv` | expenditure line items: `unit,functional,economic,kind,project,source,amount,note` |
//! | `procurement.csv` | 政府采购 items (optional) |
//! | `purchased_services.csv` | 政府购买服务 items (optional) |
//!
//! All amounts are in the package's unit (`[package] unit`). Loading either
//! returns the whole [`Budget`] or every problem found, each with file, line
//! and column; it never returns a partial budget. [`save`] writes a budget as a
//! package, atomically, and only a package that loads.

mod error;
pub mod files;
mod load;
mod record;
pub mod save;
pub mod schema;

pub use error::{LoadError, LoadErrors, line_col};
pub use load::{Package, load, unit_of};
pub use save::{PackageFile, SaveError, save};
