//! The store: every department × year a bureau handles, as immutable package
//! versions in one embedded SQLite file.
//!
//! A version is identified by the SHA-256 of its package files as yusuan writes
//! them ([`yusuan_package::save::files`]): adding the same content twice gives the
//! same version. A version keeps its files (it can be rebuilt exactly) and its
//! line items as rows (for aggregate queries). Each addition is one transaction,
//! in WAL mode: a crash leaves every completed version intact and no partial one.
//!
//! Organisations form the hierarchy region → department → unit (a unit's own
//! budget, 单位预算, names its department in `department.parent`). Published
//! documents are stored as audited, with their findings; packages with the
//! findings of their check. Aggregates ([`query`]) count only the current
//! (latest) package of each department and year; [`consolidate`] checks a
//! department against its units' own budgets.
//!
//! The schema is created and upgraded by numbered migrations in the code
//! ([`MIGRATIONS`], `PRAGMA user_version`); a store newer than the program is refused.
//!
//! All SQL lives in this crate, behind `Store`'s methods: a PostgreSQL backend
//! for multi-user bureau deployments is a second implementation of these
//! methods (see ARCHITECTURE.md), with nothing above this crate changed.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension};
use sha2::{Digest, Sha256};
use yusuan_package::PackageFile;

mod add;
pub mod consolidate;
mod findings;
pub mod query;
mod schema;
pub mod three_public;

pub use add::{NewDocument, Prepared, PreparedPackage};
pub use consolidate::{Consolidation, UnitRow};
pub use findings::{FindingFilter, StoredFinding};
pub use query::{AggCell, Aggregate, Dim, Query, aggregate_csv, aggregate_rows, aggregate_xlsx};
pub use schema::MIGRATIONS;
pub use three_public::ThreePublicRow;

/// What went wrong with the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("数据库 database: {0}")]
    Sql(#[from] rusqlite::Error),
    #[error("数据库版本 {found} 高于本程序支持的 {supported}，请升级 yusuan (the store is newer than this program)")]
    TooNew { found: i64, supported: i64 },
    #[error("{0}")]
    Package(String),
    #[error("查询 query: {0}")]
    Query(String),
    #[error("没有版本 {0} (no such version)")]
    NoVersion(i64),
}

/// A stored version.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Version {
    pub id: i64,
    pub organisation: i64,
    pub region: String,
    /// The organisation's name (a department, or a unit).
    pub department: String,
    /// The department, when the organisation is one of its units.
    pub parent: Option<String>,
    pub year: i32,
    /// `package` or `document`.
    pub kind: String,
    /// SHA-256 of the content, hex.
    pub hash: String,
    /// Seconds since the Unix epoch.
    pub added_at: i64,
    pub source: String,
    pub line_items: i64,
    /// Σ line items in 分.
    pub total_fen: i64,
    pub errors: i64,
    pub warnings: i64,
    pub infos: i64,
    /// Whether it is the latest version of its organisation, year and kind.
    pub current: bool,
}

/// Whether an addition made a new version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Added {
    New(i64),
    /// The same content was already stored as this version.
    Existing(i64),
}

impl Added {
    pub fn id(self) -> i64 {
        match self {
            Added::New(id) | Added::Existing(id) => id,
        }
    }
}

/// A stored published document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredDocument {
    pub name: String,
    pub template: Option<String>,
    pub bytes: Vec<u8>,
}

/// A stored table view: its id, role, title, and the view as JSON (`yusuan_model::view::Table`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct StoredTable {
    pub id: String,
    pub role: String,
    pub title: String,
    pub json: String,
}

/// An open store: one connection to the SQLite file (open one per thread).
pub struct Store {
    conn: Connection,
}

const VERSION_COLUMNS: &str =
    "SELECT v.id, v.organisation, o.region, o.name, p.name, v.year, v.kind, v.hash, v.added_at,
        v.source,
        (SELECT count(*) FROM line_item l WHERE l.version = v.id),
        (SELECT coalesce(sum(amount_fen), 0) FROM line_item l WHERE l.version = v.id),
        (SELECT count(*) FROM finding f WHERE f.version = v.id AND f.severity = 'error'),
        (SELECT count(*) FROM finding f WHERE f.version = v.id AND f.severity = 'warning'),
        (SELECT count(*) FROM finding f WHERE f.version = v.id AND f.severity = 'info'),
        v.id = (SELECT max(c.id) FROM version c WHERE c.organisation = v.organisation AND c.year = v.year
                AND c.kind = v.kind)
     FROM version v JOIN organisation o ON o.id = v.organisation LEFT JOIN organisation p ON p.id = o.parent";

fn version_row(r: &rusqlite::Row) -> rusqlite::Result<Version> {
    Ok(Version {
        id: r.get(0)?,
        organisation: r.get(1)?,
        region: r.get(2)?,
        department: r.get(3)?,
        parent: r.get(4)?,
        year: r.get(5)?,
        kind: r.get(6)?,
        hash: r.get(7)?,
        added_at: r.get(8)?,
        source: r.get(9)?,
        line_items: r.get(10)?,
        total_fen: r.get(11)?,
        errors: r.get(12)?,
        warnings: r.get(13)?,
        infos: r.get(14)?,
        current: r.get(15)?,
    })
}

impl Store {
    /// Opens (creating and migrating when needed) the store at `path`.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        let mut store = Store { conn };
        store.migrate()?;
        store.conn.pragma_update(None, "foreign_keys", "ON")?;
        Ok(store)
    }

    /// Applies the migrations not yet applied, each in its own transaction, with foreign keys off
    /// (rebuilding a table needs it; `foreign_key_check` then proves nothing dangles).
    fn migrate(&mut self) -> Result<(), StoreError> {
        let applied: i64 = self.conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        let supported = MIGRATIONS.len() as i64;
        if applied > supported {
            return Err(StoreError::TooNew { found: applied, supported });
        }
        if applied == supported {
            return Ok(());
        }
        self.conn.pragma_update(None, "foreign_keys", "OFF")?;
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(applied as usize) {
            // IMMEDIATE takes the write lock first: another process opening the same new store waits,
            // then finds the migration applied (read again under the lock) and skips it.
            let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let now: i64 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
            if now > i as i64 {
                continue;
            }
            tx.execute_batch(sql)?;
            let dangling: Option<String> = tx.query_row("PRAGMA foreign_key_check", [], |r| r.get(0)).optional()?;
            if let Some(table) = dangling {
                return Err(StoreError::Package(format!(
                    "迁移 {} 后外键不一致 migration {} left table {table} inconsistent",
                    i + 1,
                    i + 1
                )));
            }
            tx.pragma_update(None, "user_version", i as i64 + 1)?;
            tx.commit()?;
        }
        Ok(())
    }

    /// Every version, by region, organisation, year and id.
    pub fn list(&self) -> Result<Vec<Version>, StoreError> {
        let mut q = self.conn.prepare_cached(&format!("{VERSION_COLUMNS} ORDER BY o.region, o.name, v.year, v.id"))?;
        let rows = q.query_map([], version_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// One version.
    pub fn version(&self, id: i64) -> Result<Option<Version>, StoreError> {
        let mut q = self.conn.prepare_cached(&format!("{VERSION_COLUMNS} WHERE v.id = ?1"))?;
        Ok(q.query_row([id], version_row).optional()?)
    }

    /// The package files of a version.
    pub fn files(&self, id: i64) -> Result<Vec<PackageFile>, StoreError> {
        let mut q = self.conn.prepare_cached("SELECT name, text FROM package_file WHERE version = ?1 ORDER BY name")?;
        let rows = q.query_map([id], |r| Ok(PackageFile { name: r.get(0)?, text: r.get(1)? }))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Writes a package version's files into a fresh directory and runs `f` on it.
    fn with_files<T>(&self, id: i64, f: impl FnOnce(&Path) -> Result<T, String>) -> Result<T, StoreError> {
        let files = self.files(id)?;
        if files.is_empty() {
            return Err(StoreError::NoVersion(id));
        }
        let dir = tempfile::tempdir().map_err(|e| StoreError::Package(e.to_string()))?;
        for file in &files {
            // Names are the package's own relative paths; refuse anything that would leave the directory.
            let rel = PathBuf::from(&file.name);
            if rel.components().any(|c| !matches!(c, std::path::Component::Normal(_))) {
                return Err(StoreError::Package(format!("版本 {id} 的文件名无效 bad file name {}", file.name)));
            }
            let path = dir.path().join(rel);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(|e| StoreError::Package(e.to_string()))?;
            }
            std::fs::write(&path, &file.text).map_err(|e| StoreError::Package(e.to_string()))?;
        }
        f(dir.path()).map_err(|e| StoreError::Package(format!("版本 version {id}: {e}")))
    }

    /// A package version's facts, loaded from its stored files.
    pub fn load_package(&self, id: i64) -> Result<yusuan_package::Package, StoreError> {
        self.with_files(id, |dir| {
            let mut pkg = yusuan_package::load(dir).map_err(|e| e.to_string())?;
            pkg.dir = PathBuf::from(format!("store:{id}"));
            Ok(pkg)
        })
    }

    /// A package version loaded and derived (its disclosure), ready to render or check.
    pub fn package(&self, id: i64) -> Result<yusuan_publish::Published, StoreError> {
        self.with_files(id, |dir| {
            let mut published = yusuan_publish::load(dir)?;
            published.dir = PathBuf::from(format!("store:{id}"));
            published.package.dir = published.dir.clone();
            Ok(published)
        })
    }

    /// A stored published document.
    pub fn document(&self, id: i64) -> Result<StoredDocument, StoreError> {
        let mut q = self.conn.prepare_cached("SELECT name, template, bytes FROM document WHERE version = ?1")?;
        q.query_row([id], |r| Ok(StoredDocument { name: r.get(0)?, template: r.get(1)?, bytes: r.get(2)? }))
            .optional()?
            .ok_or(StoreError::NoVersion(id))
    }

    /// The table views of a version (derived from its package, or read from its document), in order.
    pub fn tables(&self, id: i64) -> Result<Vec<StoredTable>, StoreError> {
        let mut q =
            self.conn.prepare_cached("SELECT id, role, title, json FROM view_table WHERE version = ?1 ORDER BY seq")?;
        let rows = q.query_map([id], |r| {
            Ok(StoredTable { id: r.get(0)?, role: r.get(1)?, title: r.get(2)?, json: r.get(3)? })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// What changes whenever a version is added or removed, by this connection or any other process
    /// (number of versions and the highest id): a cheap key for caches of what the store lists.
    pub fn revision(&self) -> Result<(i64, i64), StoreError> {
        let mut q = self.conn.prepare_cached("SELECT count(*), coalesce(max(id), 0) FROM version")?;
        Ok(q.query_row([], |r| Ok((r.get(0)?, r.get(1)?)))?)
    }

    /// SQLite's own consistency check of the file (`PRAGMA integrity_check`): true when "ok".
    pub fn is_intact(&self) -> Result<bool, StoreError> {
        let r: String = self.conn.pragma_query_value(None, "integrity_check", |r| r.get(0))?;
        Ok(r == "ok")
    }

    /// Removes a version (its files, line items and findings); false when there is none.
    pub fn remove(&mut self, id: i64) -> Result<bool, StoreError> {
        Ok(self.conn.execute("DELETE FROM version WHERE id = ?1", [id])? > 0)
    }
}

/// SHA-256 over the files in name order (name, NUL, text, NUL each), hex.
pub fn content_hash(files: &[PackageFile]) -> String {
    let mut h = Sha256::new();
    for f in files {
        h.update(f.name.as_bytes());
        h.update([0]);
        h.update(f.text.as_bytes());
        h.update([0]);
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn empty() -> yusuan_check::Report {
        yusuan_check::Report { findings: Vec::new(), skipped: Vec::new(), overrides: Vec::new() }
    }

    fn example() -> yusuan_package::Package {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/jianghan-2022-zhengfuban");
        yusuan_package::load(&dir).unwrap()
    }

    #[test]
    fn same_content_is_one_version_and_survives_reopening() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("store.db");
        let pkg = example();
        let mut s = Store::open(&db).unwrap();
        let a = s.add_package(&pkg, "example", &empty(), &[]).unwrap();
        assert!(matches!(a, Added::New(_)));
        assert_eq!(s.add_package(&pkg, "again", &empty(), &[]).unwrap(), Added::Existing(a.id()));
        drop(s);
        let mut s = Store::open(&db).unwrap();
        let v = s.list().unwrap();
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].line_items, pkg.budget.line_items.len() as i64);
        let total: i64 = pkg.budget.line_items.iter().map(|l| l.amount.fen()).sum();
        assert_eq!(v[0].total_fen, total);
        assert!(s.files(a.id()).unwrap().iter().any(|f| f.name == "codes.csv"));
        // A changed amount is a new version of the same department and year.
        let mut changed = pkg.clone();
        changed.budget.line_items[0].amount = yusuan_model::Amount::from_fen(1);
        assert!(matches!(s.add_package(&changed, "changed", &empty(), &[]).unwrap(), Added::New(_)));
        assert_eq!(s.list().unwrap().len(), 2);
        assert!(s.remove(a.id()).unwrap());
        assert!(!s.remove(a.id()).unwrap());
        assert_eq!(s.list().unwrap().len(), 1);
        assert!(s.files(a.id()).unwrap().is_empty());
    }

    #[test]
    fn a_store_newer_than_the_program_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("store.db");
        drop(Store::open(&db).unwrap());
        let conn = Connection::open(&db).unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
        drop(conn);
        assert!(matches!(Store::open(&db), Err(StoreError::TooNew { found: 99, .. })));
    }
}
