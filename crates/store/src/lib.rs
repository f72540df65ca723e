//! The store: every department × year a bureau handles, as immutable package
//! versions in one embedded SQLite file.
//!
//! A version is identified by the SHA-256 of its package files as yusuan writes
//! them ([`yusuan_package::save::files`]): adding the same content twice gives the
//! same version. A version keeps its files (it can be rebuilt exactly) and its
//! line items as rows (for aggregate queries). Each addition is one transaction,
//! in WAL mode: a crash leaves every completed version intact and no partial one.
//!
//! The schema is created and upgraded by numbered migrations in the code
//! ([`MIGRATIONS`], `PRAGMA user_version`); a store newer than the program is refused.

use std::path::Path;

use rusqlite::{Connection, OptionalExtension, params};
use sha2::{Digest, Sha256};
use yusuan_package::PackageFile;

/// Schema migrations, in order; `PRAGMA user_version` counts those applied.
pub const MIGRATIONS: &[&str] = &[
    // 1: organisations, versions, their files and line items.
    "CREATE TABLE organisation (
        id INTEGER PRIMARY KEY,
        region TEXT NOT NULL,
        department TEXT NOT NULL,
        UNIQUE (region, department)
    );
    CREATE TABLE version (
        id INTEGER PRIMARY KEY,
        organisation INTEGER NOT NULL REFERENCES organisation (id),
        year INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('package', 'document')),
        hash TEXT NOT NULL UNIQUE,
        added_at INTEGER NOT NULL,
        source TEXT NOT NULL
    );
    CREATE TABLE package_file (
        version INTEGER NOT NULL REFERENCES version (id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        text TEXT NOT NULL,
        PRIMARY KEY (version, name)
    );
    CREATE TABLE line_item (
        version INTEGER NOT NULL REFERENCES version (id) ON DELETE CASCADE,
        unit TEXT NOT NULL,
        functional TEXT NOT NULL,
        economic TEXT NOT NULL,
        kind TEXT NOT NULL,
        project TEXT,
        source TEXT NOT NULL,
        amount_fen INTEGER NOT NULL
    );
    CREATE INDEX line_item_version ON line_item (version);",
];

/// What went wrong with the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("数据库 database: {0}")]
    Sql(#[from] rusqlite::Error),
    #[error("数据库版本 {found} 高于本程序支持的 {supported}，请升级 yusuan (the store is newer than this program)")]
    TooNew { found: i64, supported: i64 },
    #[error("{0}")]
    Package(String),
}

/// A stored version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    pub id: i64,
    pub region: String,
    pub department: String,
    pub year: i32,
    pub kind: String,
    /// SHA-256 of the package files, hex.
    pub hash: String,
    /// Seconds since the Unix epoch.
    pub added_at: i64,
    pub source: String,
    pub line_items: i64,
    /// Σ line items in 分.
    pub total_fen: i64,
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

/// An open store.
pub struct Store {
    conn: Connection,
}

impl Store {
    /// Opens (creating and migrating when needed) the store at `path`.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        let mut store = Store { conn };
        store.migrate()?;
        Ok(store)
    }

    fn migrate(&mut self) -> Result<(), StoreError> {
        let applied: i64 = self.conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        let supported = MIGRATIONS.len() as i64;
        if applied > supported {
            return Err(StoreError::TooNew { found: applied, supported });
        }
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(applied as usize) {
            let tx = self.conn.transaction()?;
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", i as i64 + 1)?;
            tx.commit()?;
        }
        Ok(())
    }

    /// Adds the package loaded from `source`; the same content twice is one version.
    pub fn add_package(&mut self, pkg: &yusuan_package::Package, source: &str) -> Result<Added, StoreError> {
        let b = &pkg.budget;
        let mut files = yusuan_package::save::files(b).map_err(|e| StoreError::Package(e.to_string()))?;
        // The extra catalogs travel with the package.
        for rel in &b.meta.catalogs {
            let text = std::fs::read_to_string(pkg.dir.join(rel))
                .map_err(|e| StoreError::Package(format!("{}: {e}", pkg.dir.join(rel).display())))?;
            files.push(PackageFile { name: rel.clone(), text });
        }
        files.sort_by(|a, c| a.name.cmp(&c.name));
        let hash = content_hash(&files);
        let tx = self.conn.transaction()?;
        if let Some(id) =
            tx.query_row("SELECT id FROM version WHERE hash = ?1", [&hash], |r| r.get::<_, i64>(0)).optional()?
        {
            return Ok(Added::Existing(id));
        }
        tx.execute(
            "INSERT INTO organisation (region, department) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
            params![b.department.region, b.department.name],
        )?;
        let org: i64 = tx.query_row(
            "SELECT id FROM organisation WHERE region = ?1 AND department = ?2",
            params![b.department.region, b.department.name],
            |r| r.get(0),
        )?;
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64);
        tx.execute(
            "INSERT INTO version (organisation, year, kind, hash, added_at, source) VALUES (?1, ?2, 'package', ?3, ?4, ?5)",
            params![org, b.meta.year, hash, now, source],
        )?;
        let id = tx.last_insert_rowid();
        {
            let mut put = tx.prepare("INSERT INTO package_file (version, name, text) VALUES (?1, ?2, ?3)")?;
            for f in &files {
                put.execute(params![id, f.name, f.text])?;
            }
            let mut put = tx.prepare(
                "INSERT INTO line_item (version, unit, functional, economic, kind, project, source, amount_fen)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?;
            for l in &b.line_items {
                put.execute(params![
                    id,
                    l.unit,
                    l.functional.as_str(),
                    l.economic.as_str(),
                    l.kind.label(),
                    l.project,
                    l.source.label(),
                    l.amount.fen()
                ])?;
            }
        }
        tx.commit()?;
        Ok(Added::New(id))
    }

    /// Every version, by department, year and id.
    pub fn list(&self) -> Result<Vec<Version>, StoreError> {
        let mut q = self.conn.prepare(
            "SELECT v.id, o.region, o.department, v.year, v.kind, v.hash, v.added_at, v.source,
                    (SELECT count(*) FROM line_item l WHERE l.version = v.id),
                    (SELECT coalesce(sum(amount_fen), 0) FROM line_item l WHERE l.version = v.id)
             FROM version v JOIN organisation o ON o.id = v.organisation
             ORDER BY o.region, o.department, v.year, v.id",
        )?;
        let rows = q.query_map([], |r| {
            Ok(Version {
                id: r.get(0)?,
                region: r.get(1)?,
                department: r.get(2)?,
                year: r.get(3)?,
                kind: r.get(4)?,
                hash: r.get(5)?,
                added_at: r.get(6)?,
                source: r.get(7)?,
                line_items: r.get(8)?,
                total_fen: r.get(9)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The package files of a version.
    pub fn files(&self, id: i64) -> Result<Vec<PackageFile>, StoreError> {
        let mut q = self.conn.prepare("SELECT name, text FROM package_file WHERE version = ?1 ORDER BY name")?;
        let rows = q.query_map([id], |r| Ok(PackageFile { name: r.get(0)?, text: r.get(1)? }))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// SQLite's own consistency check of the file (`PRAGMA integrity_check`): true when "ok".
    pub fn is_intact(&self) -> Result<bool, StoreError> {
        let r: String = self.conn.pragma_query_value(None, "integrity_check", |r| r.get(0))?;
        Ok(r == "ok")
    }

    /// Removes a version (its files and line items); false when there is none.
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
        let a = s.add_package(&pkg, "example").unwrap();
        assert!(matches!(a, Added::New(_)));
        assert_eq!(s.add_package(&pkg, "again").unwrap(), Added::Existing(a.id()));
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
        assert!(matches!(s.add_package(&changed, "changed").unwrap(), Added::New(_)));
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
