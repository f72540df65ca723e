//! The yusuan fact model.
//!
//! A department's budget for one year is a set of facts ([`Budget`]): line
//! items (unit × functional code × economic code × kind × project × funding
//! source × amount) and the attributes around them (projects, procurement,
//! staffing, performance targets, prior-year figures, human-written reasons).
//! Every public table is a view over these facts (see `yusuan-derive`).
//!
//! Invariants:
//! - money is an exact integer of 分 ([`Amount`]); no floating point;
//! - a code's level and parent come from its digits ([`FunctionalCode`], [`EconomicCode`]);
//! - unknown codes are representable: the catalog only names them.

pub mod catalog;
pub mod code;
pub mod entities;
pub mod kinds;
pub mod money;
pub mod target;
pub mod view;

pub use catalog::{Catalog, CatalogEntry};
pub use code::{Code, EconomicCode, FunctionalCode, Level, Scheme};
pub use entities::*;
pub use kinds::{ExpenseKind, FundingSource, ProcurementCategory, ProjectCategory, ProjectFrequency};
pub use money::{Amount, Decimal, Figure, FigureUnit, Interval, MoneyUnit, Ratio};
pub use target::{Target, TargetOp, TargetValue};
pub use view::{
    Block, Cell, Column, ColumnKind, Document, Form, FormCell, HeaderCell, Paragraph, Row, RowKind, Section, Span,
    Table,
};
