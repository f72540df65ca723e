//! JSON schemas of the package files, generated from the types so they cannot
//! drift. `yusuan schema --out schema/` writes them; editors (Taplo / Even
//! Better TOML, VS Code) pick them up through the `#:schema` line at the top of
//! each TOML file.

use crate::files::{BudgetFile, PerformanceFile, ProjectsFile};
use yusuan_model::{LineItem, ProcurementItem, PurchasedService};

/// `(file name, schema JSON)` for every package file.
pub fn schemas() -> Vec<(&'static str, String)> {
    let pretty = |s: schemars::Schema| serde_json::to_string_pretty(&s).expect("schemas serialize") + "\n";
    vec![
        ("budget.schema.json", pretty(schemars::schema_for!(BudgetFile))),
        ("projects.schema.json", pretty(schemars::schema_for!(ProjectsFile))),
        ("performance.schema.json", pretty(schemars::schema_for!(PerformanceFile))),
        ("line_items.schema.json", pretty(schemars::schema_for!(LineItem))),
        ("procurement.schema.json", pretty(schemars::schema_for!(ProcurementItem))),
        ("purchased_services.schema.json", pretty(schemars::schema_for!(PurchasedService))),
    ]
}
