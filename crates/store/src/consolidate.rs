//! Consolidation: a department's budget against its units' own budgets
//! (部门 = Σ 单位), with the check's consolidation rules (YS-K…).

use rusqlite::params;
use serde::Serialize;
use yusuan_check::{Config, FactParts, Input};

use crate::{Store, StoreError, StoredFinding};

/// One unit of a department in a consolidation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnitRow {
    /// The unit's id in the department's line items, and its name.
    pub id: String,
    pub name: String,
    /// The current version of its own budget, when stored.
    pub version: Option<i64>,
    /// Σ the department's line items of this unit, 分.
    pub department_fen: i64,
    /// Σ the unit's own line items, 分 (when stored).
    pub unit_fen: Option<i64>,
}

/// A department-year and its units.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Consolidation {
    pub department: String,
    pub version: i64,
    pub units: Vec<UnitRow>,
    /// Own budgets of units stored under this department that it does not list.
    pub unlisted: Vec<(String, i64)>,
    /// Findings of the consolidation rules (department ↔ units).
    pub findings: Vec<StoredFinding>,
}

impl Store {
    /// Consolidates every department of `region` in `year` that has its units' own budgets stored.
    pub fn consolidation(&self, region: &str, year: i32) -> Result<Vec<Consolidation>, StoreError> {
        let departments: Vec<(i64, i64, String)> = {
            let mut q = self.conn.prepare_cached(&format!(
                "SELECT o.id, v.id, o.name FROM version v JOIN organisation o ON o.id = v.organisation
                 WHERE o.parent IS NULL AND o.region = ?1 AND v.year = ?2 AND v.id IN ({})
                   AND EXISTS (SELECT 1 FROM organisation u WHERE u.parent = o.id)
                 ORDER BY o.name",
                crate::query::CURRENT_VERSIONS
            ))?;
            q.query_map(params![region, year], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect::<Result<_, _>>()?
        };
        let mut out = Vec::new();
        for (org, version, name) in departments {
            let units: Vec<i64> = {
                let mut q = self.conn.prepare_cached(&format!(
                    "SELECT v.id FROM version v JOIN organisation o ON o.id = v.organisation
                     WHERE o.parent = ?1 AND v.year = ?2 AND v.id IN ({}) ORDER BY o.name",
                    crate::query::CURRENT_VERSIONS
                ))?;
                q.query_map(params![org, year], |r| r.get(0))?.collect::<Result<_, _>>()?
            };
            out.push(self.consolidate(version, &name, &units)?);
        }
        Ok(out)
    }

    /// The consolidation of the department version `version` with the unit versions `units`.
    pub fn consolidate(&self, version: i64, department: &str, units: &[i64]) -> Result<Consolidation, StoreError> {
        let dept = self.load_package(version)?;
        let unit_pkgs: Vec<(i64, yusuan_package::Package)> =
            units.iter().map(|&u| Ok((u, self.load_package(u)?))).collect::<Result<_, StoreError>>()?;
        let b = &dept.budget;
        let mut input = Input::empty(&dept.catalog);
        input.budget = Some(b);
        input.facts = FactParts { line_items: true, ..FactParts::default() };
        input.year = Some(b.meta.year);
        input.region = Some(b.department.region.clone());
        input.units = unit_pkgs.iter().map(|(_, p)| &p.budget).collect();
        let rules = yusuan_check::rules::consolidation::rules();
        let report = yusuan_check::run_rules(&rules, &input, &Config::default());
        let rows = b
            .department
            .units
            .iter()
            .map(|u| {
                let own = unit_pkgs.iter().find(|(_, p)| {
                    let d = &p.budget.department;
                    d.name == u.name || d.short_name == u.id || (u.code.is_some() && d.code == u.code)
                });
                UnitRow {
                    id: u.id.clone(),
                    name: u.name.clone(),
                    version: own.map(|(v, _)| *v),
                    department_fen: b.line_items.iter().filter(|l| l.unit == u.id).map(|l| l.amount.fen()).sum(),
                    unit_fen: own.map(|(_, p)| p.budget.line_items.iter().map(|l| l.amount.fen()).sum()),
                }
            })
            .collect::<Vec<_>>();
        let unlisted = unit_pkgs
            .iter()
            .filter(|(v, _)| !rows.iter().any(|r| r.version == Some(*v)))
            .map(|(v, p)| (p.budget.department.name.clone(), *v))
            .collect();
        let findings = report.findings.iter().map(|f| StoredFinding::of(f, version, department, b.meta.year)).collect();
        Ok(Consolidation { department: department.to_owned(), version, units: rows, unlisted, findings })
    }
}
