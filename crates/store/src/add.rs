//! Adding versions: packages (with their check's findings) and audited documents.
//! Each addition is one transaction; the same content twice is one version.

use std::path::Path;

use rusqlite::{OptionalExtension, Transaction, params};
use yusuan_check::{Config, Report};
use yusuan_model::view::Table;
use yusuan_model::{Budget, Code, Scheme};
use yusuan_package::PackageFile;

use crate::{Added, Store, StoreError, content_hash, findings};

/// A package derived and checked, ready to add.
pub struct PreparedPackage {
    pub published: yusuan_publish::Published,
    pub report: Report,
    pub tables: Vec<Table>,
    pub source: String,
}

/// What [`Store::prepare_package`] found.
pub enum Prepared {
    /// The store already has this content, as this version.
    Stored(i64),
    New(Box<PreparedPackage>),
}

/// A published document to store: its bytes and who it is of.
#[derive(Debug, Clone)]
pub struct NewDocument {
    /// File name as given (`区教育局2024年部门预算.xlsx`); its extension tells the format.
    pub name: String,
    pub bytes: Vec<u8>,
    pub region: String,
    pub department: String,
    pub year: i32,
    /// The template recognised (`shanghai-9` …).
    pub template: Option<String>,
}

/// A package's files as yusuan writes them (with its extra catalogs), in name order, and their hash.
fn package_content(pkg: &yusuan_package::Package) -> Result<(Vec<PackageFile>, String), StoreError> {
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
    Ok((files, hash))
}

fn now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
}

/// The id of an organisation, created when new (a unit's department too).
fn organisation(tx: &Transaction, region: &str, name: &str, parent: Option<&str>) -> Result<i64, StoreError> {
    let parent = match parent.filter(|p| !p.is_empty()) {
        Some(p) => Some(organisation(tx, region, p, None)?),
        None => None,
    };
    let found = tx
        .query_row(
            "SELECT id FROM organisation WHERE region = ?1 AND name = ?2 AND coalesce(parent, 0) = coalesce(?3, 0)",
            params![region, name, parent],
            |r| r.get::<_, i64>(0),
        )
        .optional()?;
    if let Some(id) = found {
        return Ok(id);
    }
    tx.execute("INSERT INTO organisation (region, name, parent) VALUES (?1, ?2, ?3)", params![region, name, parent])?;
    Ok(tx.last_insert_rowid())
}

/// The version with this content hash, if stored.
fn existing(conn: &rusqlite::Connection, hash: &str) -> Result<Option<i64>, StoreError> {
    Ok(conn.query_row("SELECT id FROM version WHERE hash = ?1", [hash], |r| r.get::<_, i64>(0)).optional()?)
}

/// Names of the package's codes (and their ancestors), for the labels of aggregates.
fn code_names(tx: &Transaction, pkg: &yusuan_package::Package) -> Result<(), StoreError> {
    let mut put = tx.prepare_cached("INSERT OR IGNORE INTO code_name (scheme, code, name) VALUES (?1, ?2, ?3)")?;
    let mut seen = std::collections::BTreeSet::new();
    for l in &pkg.budget.line_items {
        for (scheme, id, code) in
            [(Scheme::Functional, "functional", l.functional.code()), (Scheme::Economic, "economic", l.economic.code())]
        {
            let mut c: Option<Code> = Some(code);
            while let Some(code) = c {
                if seen.insert((id, code.as_str().to_owned()))
                    && let Some(name) = pkg.catalog.name(scheme, code)
                {
                    put.execute(params![id, code.as_str(), name])?;
                }
                c = code.parent();
            }
        }
    }
    Ok(())
}

impl Store {
    /// Adds a package with the findings of its check and its table views; the same content twice is one version.
    pub fn add_package(
        &mut self,
        pkg: &yusuan_package::Package,
        source: &str,
        report: &Report,
        tables: &[&Table],
    ) -> Result<Added, StoreError> {
        let b: &Budget = &pkg.budget;
        let (files, hash) = package_content(pkg)?;
        let tx = self.conn.transaction()?;
        if let Some(id) = existing(&tx, &hash)? {
            return Ok(Added::Existing(id));
        }
        let d = &b.department;
        let org = organisation(&tx, &d.region, &d.name, d.parent.as_deref())?;
        tx.execute(
            "INSERT INTO version (organisation, year, kind, hash, added_at, source) VALUES (?1, ?2, 'package', ?3, ?4, ?5)",
            params![org, b.meta.year, hash, now(), source],
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
            code_names(&tx, pkg)?;
            findings::insert(&tx, id, report)?;
            views(&tx, id, tables)?;
        }
        tx.commit()?;
        Ok(Added::New(id))
    }

    /// Loads, derives and checks the package in `dir` (every rule), and adds it with its findings.
    /// A package already stored is recognised by its content before it is derived and checked.
    pub fn add_package_dir(&mut self, dir: &Path) -> Result<Added, StoreError> {
        match self.prepare_package(dir)? {
            Prepared::Stored(id) => Ok(Added::Existing(id)),
            Prepared::New(p) => self.add_prepared(&p),
        }
    }

    /// The slow, read-only half of [`Store::add_package_dir`]: load, and unless the store already has
    /// the content, derive and check. Several threads, each with its own `Store`, may prepare packages
    /// for one writer to add ([`Store::add_prepared`]).
    pub fn prepare_package(&self, dir: &Path) -> Result<Prepared, StoreError> {
        let package = yusuan_package::load(dir).map_err(|e| StoreError::Package(e.to_string()))?;
        let (_, hash) = package_content(&package)?;
        if let Some(id) = existing(&self.conn, &hash)? {
            return Ok(Prepared::Stored(id));
        }
        let published = yusuan_publish::derive(package, dir).map_err(StoreError::Package)?;
        // Locations relative to the package (`projects.toml:12`): the version is its files, wherever they came from.
        let report = published.check_named(&Config::default(), None);
        let tables = published.derived.document.tables().into_iter().cloned().collect();
        Ok(Prepared::New(Box::new(PreparedPackage { published, report, tables, source: dir.display().to_string() })))
    }

    /// Adds a prepared package (one transaction).
    pub fn add_prepared(&mut self, p: &PreparedPackage) -> Result<Added, StoreError> {
        let tables: Vec<&Table> = p.tables.iter().collect();
        self.add_package(&p.published.package, &p.source, &p.report, &tables)
    }

    /// Adds an audited document with the findings of its audit; the same bytes twice are one version.
    pub fn add_document(&mut self, doc: &NewDocument, report: &Report, tables: &[&Table]) -> Result<Added, StoreError> {
        let hash = content_hash(&[PackageFile {
            name: "document".into(),
            text: format!("{}\0{}", doc.bytes.len(), hex_of(&doc.bytes)),
        }]);
        let tx = self.conn.transaction()?;
        if let Some(id) = existing(&tx, &hash)? {
            return Ok(Added::Existing(id));
        }
        let org = organisation(&tx, &doc.region, &doc.department, None)?;
        tx.execute(
            "INSERT INTO version (organisation, year, kind, hash, added_at, source) VALUES (?1, ?2, 'document', ?3, ?4, ?5)",
            params![org, doc.year, hash, now(), doc.name],
        )?;
        let id = tx.last_insert_rowid();
        tx.execute(
            "INSERT INTO document (version, name, template, bytes) VALUES (?1, ?2, ?3, ?4)",
            params![id, doc.name, doc.template, doc.bytes],
        )?;
        findings::insert(&tx, id, report)?;
        views(&tx, id, tables)?;
        tx.commit()?;
        Ok(Added::New(id))
    }

    /// Audits the published document at `path` (text, HTML, XLSX) with every rule, finds whose and which
    /// year it is, and adds it with its findings. A document that cannot be read is an error, never stored.
    pub fn add_document_file(&mut self, path: &Path) -> Result<(Added, yusuan_audit::DocAudit), StoreError> {
        let catalog = yusuan_model::Catalog::embedded();
        let audit = yusuan_audit::audit_file(path, &catalog, &Config::default());
        if let Some(e) = &audit.error {
            return Err(StoreError::Package(e.clone()));
        }
        let Some(report) = &audit.report else {
            return Err(StoreError::Package(format!("{}: 未能审核 could not be audited", path.display())));
        };
        let imported = yusuan_audit::import::import(path).map_err(StoreError::Package)?;
        let bytes = std::fs::read(path).map_err(|e| StoreError::Package(format!("{}: {e}", path.display())))?;
        let d = &imported.budget.department;
        let name = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
        // A document whose department the reader could not name is filed under its file name.
        let department = if d.name.is_empty() || d.name == yusuan_audit::import::UNKNOWN_DEPARTMENT {
            path.file_stem().map_or_else(|| name.clone(), |s| s.to_string_lossy().into_owned())
        } else {
            d.name.clone()
        };
        let doc = NewDocument {
            name,
            bytes,
            region: d.region.clone(),
            department,
            year: imported.budget.meta.year,
            template: audit.template.clone(),
        };
        let tables: Vec<&Table> = audit.views.iter().collect();
        let added = self.add_document(&doc, report, &tables)?;
        Ok((added, audit))
    }
}

/// The table views of a version, as JSON.
fn views(tx: &Transaction, version: i64, tables: &[&Table]) -> Result<(), StoreError> {
    let mut put = tx.prepare_cached(
        "INSERT INTO view_table (version, seq, id, role, title, json) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for (seq, t) in tables.iter().enumerate() {
        // Amounts in the JSON are decimal 元, whatever the table prints in.
        let json = yusuan_model::money::with_file_unit(yusuan_model::MoneyUnit::Yuan, || serde_json::to_string(t))
            .map_err(|e| StoreError::Package(e.to_string()))?;
        put.execute(params![version, seq as i64, t.id, t.role, t.title, json])?;
    }
    Ok(())
}

fn hex_of(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}
