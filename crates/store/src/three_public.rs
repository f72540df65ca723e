//! “三公”经费 across departments: read from each current version's own 三公
//! table (derived from a package, or read from a published document), by the
//! column keys every template gives that table (`abroad`, `vehicle_purchase`,
//! `vehicle_running`, `reception`, `total`).

use serde::Serialize;
use yusuan_model::{Amount, MoneyUnit};

use crate::{Store, StoreError};

/// The 三公 of one department-year (amounts in 分; `None` where the table has no such column).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ThreePublicRow {
    pub version: i64,
    pub region: String,
    pub department: String,
    pub year: i32,
    /// `package` or `document`.
    pub kind: String,
    pub abroad: Option<i64>,
    pub vehicle_purchase: Option<i64>,
    pub vehicle_running: Option<i64>,
    pub reception: Option<i64>,
    /// 三公 合计 (the table's `total` column).
    pub total: Option<i64>,
}

/// The column keys read, in [`ThreePublicRow`] order.
const KEYS: [&str; 5] = ["abroad", "vehicle_purchase", "vehicle_running", "reception", "total"];

/// The amounts of a stored 三公 table view: its total row, or the sum of its lines when it prints none.
fn amounts(json: &str) -> [Option<i64>; 5] {
    let Ok(t) = serde_json::from_str::<serde_json::Value>(json) else { return [None; 5] };
    let columns: Vec<&str> =
        t["columns"].as_array().into_iter().flatten().map(|c| c["key"].as_str().unwrap_or("")).collect();
    let rows: Vec<&serde_json::Value> = t["rows"].as_array().into_iter().flatten().collect();
    let total_rows: Vec<&&serde_json::Value> = rows.iter().filter(|r| r["kind"] == "total").take(1).collect();
    let chosen: Vec<&serde_json::Value> = if total_rows.is_empty() {
        rows.iter().copied().filter(|r| r["kind"] == "line").collect()
    } else {
        total_rows.into_iter().copied().collect()
    };
    KEYS.map(|key| {
        let col = columns.iter().position(|c| *c == key)?;
        let mut sum = 0i64;
        for r in &chosen {
            let cell = &r["cells"][col];
            if cell["type"] == "amount" {
                // Stored views write amounts in decimal 元 (see `add::views`).
                sum += Amount::parse_in(cell["value"].as_str()?, MoneyUnit::Yuan).ok()?.fen();
            }
        }
        Some(sum)
    })
}

impl Store {
    /// The 三公 of every current department-level version (packages and documents), optionally of one
    /// region and year, by region, department and year.
    pub fn three_public(&self, region: Option<&str>, year: Option<i32>) -> Result<Vec<ThreePublicRow>, StoreError> {
        let mut q = self.conn.prepare_cached(
            "SELECT v.id, o.region, o.name, v.year, v.kind, t.json
             FROM view_table t JOIN version v ON v.id = t.version JOIN organisation o ON o.id = v.organisation
             WHERE t.role = 'three_public' AND o.parent IS NULL
               AND v.id = (SELECT max(c.id) FROM version c WHERE c.organisation = v.organisation AND c.year = v.year
                           AND c.kind = v.kind)
               AND (?1 IS NULL OR o.region = ?1) AND (?2 IS NULL OR v.year = ?2)
             ORDER BY o.region, o.name, v.year, v.id",
        )?;
        let rows = q.query_map(rusqlite::params![region, year], |r| {
            let json: String = r.get(5)?;
            let [abroad, vehicle_purchase, vehicle_running, reception, total] = amounts(&json);
            Ok(ThreePublicRow {
                version: r.get(0)?,
                region: r.get(1)?,
                department: r.get(2)?,
                year: r.get(3)?,
                kind: r.get(4)?,
                abroad,
                vehicle_purchase,
                vehicle_running,
                reception,
                total,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
