//! The findings of stored versions: written once with the version, queried by
//! version, rule, severity, department and year.

use rusqlite::{Transaction, params};
use serde::Serialize;
use yusuan_check::{Finding, Lang, Location, Report};

use crate::{Store, StoreError};

/// A finding as stored, with both languages and its places in the document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredFinding {
    pub version: i64,
    pub department: String,
    pub year: i32,
    pub rule: String,
    /// `error`, `warning` or `info`.
    pub severity: String,
    pub message_zh: String,
    pub message_en: String,
    pub location_zh: String,
    pub location_en: String,
    /// The cell it is at: table id, body row, leaf column.
    pub cell: Option<(String, usize, usize)>,
    /// The narrative span it is at: section, paragraph, start, end (characters).
    pub text: Option<(String, usize, usize, usize)>,
    /// Every cell it names (its location and its evidence).
    pub cells: Vec<(String, usize, usize)>,
    /// Every source line it names (its location and its evidence), in order: lines of a published document,
    /// or of a package's files.
    pub lines: Vec<usize>,
    pub expected: Option<String>,
    pub actual: Option<String>,
    pub difference: Option<String>,
}

impl StoredFinding {
    pub fn message(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.message_zh,
            Lang::En => &self.message_en,
        }
    }
    pub fn location(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.location_zh,
            Lang::En => &self.location_en,
        }
    }

    /// A finding of a check not stored (e.g. the consolidation rules, run on demand), in the stored shape.
    pub fn of(f: &Finding, version: i64, department: &str, year: i32) -> StoredFinding {
        let cell = f.location.cell().map(|c| (c.table.clone(), c.row, c.col));
        let text = match &f.location {
            Location::Text { text, .. } => Some((text.section.clone(), text.paragraph, text.start, text.end)),
            _ => None,
        };
        StoredFinding {
            version,
            department: department.to_owned(),
            year,
            rule: f.rule.to_owned(),
            severity: f.severity.id().to_owned(),
            message_zh: f.message.zh.clone(),
            message_en: f.message.en.clone(),
            location_zh: f.location.describe(Lang::Zh),
            location_en: f.location.describe(Lang::En),
            cell,
            text,
            cells: f.cells().map(|c| (c.table.clone(), c.row, c.col)).collect(),
            lines: lines_of(f),
            expected: f.expected.clone(),
            actual: f.actual.clone(),
            difference: f.difference.clone(),
        }
    }
}

/// The source lines a finding names, first its location's, without repeats.
fn lines_of(f: &Finding) -> Vec<usize> {
    let line = |l: &Location| match l {
        Location::Cell { line, .. } | Location::Text { line, .. } => *line,
        Location::File { line, .. } => Some(*line).filter(|l| *l > 0),
        _ => None,
    };
    let mut out: Vec<usize> = Vec::new();
    for l in std::iter::once(&f.location).chain(f.evidence.iter().map(|e| &e.location)).filter_map(line) {
        if !out.contains(&l) {
            out.push(l);
        }
    }
    out
}

/// Which findings to list; every field narrows (all `None`: every finding).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FindingFilter {
    pub version: Option<i64>,
    /// A rule id, or a prefix of one (`YS-X`).
    pub rule: Option<String>,
    pub severity: Option<String>,
    pub department: Option<String>,
    pub year: Option<i32>,
    /// Only the current version of each organisation, year and kind (default when no version is named).
    pub current_only: bool,
    pub limit: Option<usize>,
}

pub(crate) fn insert(tx: &Transaction, version: i64, report: &Report) -> Result<(), StoreError> {
    let mut put = tx.prepare(
        "INSERT INTO finding (version, seq, rule, severity, message_zh, message_en, location_zh, location_en,
            cell_table, cell_row, cell_col, text_section, text_paragraph, text_start, text_end, cells,
            expected, actual, difference, lines)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)",
    )?;
    for (seq, f) in report.findings.iter().enumerate() {
        let s = StoredFinding::of(f, version, "", 0);
        let cells = serde_json::to_string(&s.cells).map_err(|e| StoreError::Package(e.to_string()))?;
        let lines = serde_json::to_string(&s.lines).map_err(|e| StoreError::Package(e.to_string()))?;
        let (ct, cr, cc) = match &s.cell {
            Some((t, r, c)) => (Some(t.as_str()), Some(*r as i64), Some(*c as i64)),
            None => (None, None, None),
        };
        let (ts, tp, t0, t1) = match &s.text {
            Some((sec, p, a, b)) => (Some(sec.as_str()), Some(*p as i64), Some(*a as i64), Some(*b as i64)),
            None => (None, None, None, None),
        };
        put.execute(params![
            version,
            seq as i64,
            s.rule,
            s.severity,
            s.message_zh,
            s.message_en,
            s.location_zh,
            s.location_en,
            ct,
            cr,
            cc,
            ts,
            tp,
            t0,
            t1,
            cells,
            s.expected,
            s.actual,
            s.difference,
            lines
        ])?;
    }
    Ok(())
}

impl Store {
    /// Findings matching `filter`, by department, year, version and order of report.
    pub fn findings(&self, filter: &FindingFilter) -> Result<Vec<StoredFinding>, StoreError> {
        let mut sql = String::from(
            "SELECT f.version, o.name, v.year, f.rule, f.severity, f.message_zh, f.message_en, f.location_zh,
                    f.location_en, f.cell_table, f.cell_row, f.cell_col, f.text_section, f.text_paragraph,
                    f.text_start, f.text_end, f.cells, f.expected, f.actual, f.difference, f.lines
             FROM finding f JOIN version v ON v.id = f.version JOIN organisation o ON o.id = v.organisation
             WHERE 1 = 1",
        );
        let mut args: Vec<rusqlite::types::Value> = Vec::new();
        let mut arg = |sql: &mut String, cond: &str, v: rusqlite::types::Value| {
            args.push(v);
            sql.push_str(&cond.replace('?', &format!("?{}", args.len())));
        };
        if let Some(v) = filter.version {
            arg(&mut sql, " AND f.version = ?", v.into());
        } else if filter.current_only {
            sql.push_str(&format!(" AND v.id IN ({})", crate::query::CURRENT_VERSIONS));
        }
        if let Some(r) = filter.rule.as_deref().filter(|r| !r.is_empty()) {
            arg(&mut sql, " AND f.rule LIKE ? ESCAPE '\\'", format!("{}%", like_escape(r)).into());
        }
        if let Some(s) = filter.severity.as_deref().filter(|s| !s.is_empty()) {
            let s = yusuan_check::Severity::parse(s).map_or(s.to_owned(), |s| s.id().to_owned());
            arg(&mut sql, " AND f.severity = ?", s.into());
        }
        if let Some(d) = filter.department.as_deref().filter(|d| !d.is_empty()) {
            arg(&mut sql, " AND o.name = ?", d.to_owned().into());
        }
        if let Some(y) = filter.year {
            arg(&mut sql, " AND v.year = ?", i64::from(y).into());
        }
        sql.push_str(" ORDER BY o.name, v.year, f.version, f.seq");
        if let Some(n) = filter.limit {
            sql.push_str(&format!(" LIMIT {n}"));
        }
        let mut q = self.conn.prepare_cached(&sql)?;
        let rows = q.query_map(rusqlite::params_from_iter(args), |r| {
            let cell =
                match (r.get::<_, Option<String>>(9)?, r.get::<_, Option<i64>>(10)?, r.get::<_, Option<i64>>(11)?) {
                    (Some(t), Some(row), Some(col)) => Some((t, row as usize, col as usize)),
                    _ => None,
                };
            let text = match (
                r.get::<_, Option<String>>(12)?,
                r.get::<_, Option<i64>>(13)?,
                r.get::<_, Option<i64>>(14)?,
                r.get::<_, Option<i64>>(15)?,
            ) {
                (Some(s), Some(p), Some(a), Some(b)) => Some((s, p as usize, a as usize, b as usize)),
                _ => None,
            };
            let cells: String = r.get(16)?;
            let lines: String = r.get(20)?;
            Ok(StoredFinding {
                version: r.get(0)?,
                department: r.get(1)?,
                year: r.get(2)?,
                rule: r.get(3)?,
                severity: r.get(4)?,
                message_zh: r.get(5)?,
                message_en: r.get(6)?,
                location_zh: r.get(7)?,
                location_en: r.get(8)?,
                cell,
                text,
                cells: serde_json::from_str(&cells).unwrap_or_default(),
                lines: serde_json::from_str(&lines).unwrap_or_default(),
                expected: r.get(17)?,
                actual: r.get(18)?,
                difference: r.get(19)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

fn like_escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}
