//! `yusuan import 预算填报.xlsx --out <package>`: read, load, check, write.
//!
//! The budget read from the workbook is rendered as package files into a
//! temporary directory, loaded (references between sheets) and checked with
//! the whole rule catalogue. Every problem — an unreadable cell, a broken
//! reference, a finding of severity error — is reported at its workbook cell,
//! and then nothing is written. Warnings and notes are returned with the
//! written package.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use yusuan_check::{Config, Finding, Lang, Location, Setting, Severity};
use yusuan_model::Budget;
use yusuan_package::PackageFile;
use yusuan_package::save::{self, SaveError};

use crate::read::{CellError, read};
use crate::{CodeRow, places};

/// The name of the extra catalog file an imported package gets.
pub const CODES_FILE: &str = "codes.csv";

/// Why nothing was written.
#[derive(Debug)]
pub enum ImportError {
    /// Problems in the workbook, each at its cell.
    Cells(Vec<CellError>),
    Other(String),
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::Cells(errs) => {
                for e in errs {
                    writeln!(f, "错误 error: {e}")?;
                }
                write!(f, "共 {} 个问题，未写入任何文件 (nothing written)", errs.len())
            }
            ImportError::Other(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for ImportError {}

/// A workbook read and checked.
#[derive(Debug)]
pub struct Imported {
    pub budget: Budget,
    pub codes: Vec<CodeRow>,
    /// The package files (what [`write`] puts in place).
    pub files: Vec<PackageFile>,
    /// Warnings and notes of the checker, at their workbook cells.
    pub notes: Vec<String>,
}

/// Reads and checks a workbook; nothing is written.
pub fn check_workbook(bytes: &[u8], name: &str) -> Result<Imported, ImportError> {
    let r = read(bytes, name).map_err(ImportError::Cells)?;
    let mut budget = r.budget;
    if !r.codes.is_empty() && budget.meta.catalogs.is_empty() {
        budget.meta.catalogs = vec![CODES_FILE.into()];
    }
    let files = package_files(&budget, &r.codes).map_err(|e| ImportError::Other(e.to_string()))?;
    let paths: HashMap<String, Vec<String>> =
        files.iter().map(|f| (f.name.clone(), places::line_paths(&f.name, &f.text))).collect();
    let at_key = |file: &str, line: usize, key: Option<&str>| places::translate(&r.places, &paths, file, line, key);
    let at = |file: &str, line: usize| at_key(file, line, None);

    let tmp = tempfile::tempdir().map_err(|e| ImportError::Other(e.to_string()))?;
    for f in &files {
        std::fs::write(tmp.path().join(&f.name), &f.text).map_err(|e| ImportError::Other(e.to_string()))?;
    }
    if let Err(errs) = yusuan_package::load(tmp.path()) {
        return Err(ImportError::Cells(
            errs.0
                .iter()
                .map(|e| {
                    let file = e.file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                    cell_error(at_key(&file, e.line, e.field.as_deref()), &e.message)
                })
                .collect(),
        ));
    }
    let published = yusuan_publish::load(tmp.path()).map_err(ImportError::Other)?;
    let report = published.check(&import_config());
    let dir = tmp.path().display().to_string();
    let describe = |f: &Finding| finding_text(f, &dir, &at);
    let place = |f: &Finding| place_of(&f.location, &dir, &at);
    let errors: Vec<CellError> = report
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| cell_error(place(f), &describe(f)))
        .collect();
    if !errors.is_empty() {
        return Err(ImportError::Cells(errors));
    }
    let notes = report
        .findings
        .iter()
        .map(|f| {
            let at = place(f).unwrap_or_else(|| f.location.describe(Lang::Zh));
            format!("{}[{}] {at}：{}", f.severity.label(Lang::Zh), f.rule, describe(f))
        })
        .collect();
    Ok(Imported { budget, codes: r.codes, files, notes })
}

/// The rule settings of an import. A line item's code that neither the catalog
/// nor the 补充科目 sheet names (YS-C009, a note for packages because the
/// embedded catalog is partial) is an error here: the workbook is where the
/// officer supplies every missing name, and the public tables need one.
pub fn import_config() -> Config {
    let mut config = Config::default();
    config.rules.insert("YS-C009".into(), Setting::Severity(Severity::Error));
    config
}

/// Reads, checks and writes the package `out` (atomically; `force` replaces a non-empty directory).
pub fn import(workbook: &Path, out: &Path, force: bool) -> Result<(Imported, Vec<PathBuf>), ImportError> {
    let bytes = std::fs::read(workbook).map_err(|e| ImportError::Other(format!("{}: {e}", workbook.display())))?;
    let imported = check_workbook(&bytes, &workbook.display().to_string())?;
    let written = save::write(&imported.files, out, force).map_err(|e| ImportError::Other(e.to_string()))?;
    Ok((imported, written))
}

/// The package files of a budget and its extra catalog rows.
pub fn package_files(b: &Budget, codes: &[CodeRow]) -> Result<Vec<PackageFile>, SaveError> {
    let mut files = save::files(b)?;
    if !codes.is_empty() {
        let rows: Vec<Vec<String>> = codes.iter().map(|r| r.to_vec()).collect();
        files.push(save::csv_file(CODES_FILE, &["scheme", "code", "name"], &rows)?);
    }
    Ok(files)
}

/// The workbook cell of a finding's location, when it is a package-file place.
fn place_of(l: &Location, dir: &str, at: &dyn Fn(&str, usize) -> Option<String>) -> Option<String> {
    match l {
        Location::File { file, line, .. } => at(file.strip_prefix(dir)?.trim_start_matches('/'), *line),
        _ => None,
    }
}

/// The message of a finding, with its evidence's other workbook cells.
fn finding_text(f: &Finding, dir: &str, at: &dyn Fn(&str, usize) -> Option<String>) -> String {
    let mut m = f.message.zh.clone();
    if f.rule == "YS-C009" {
        // In a workbook the missing names go on the 补充科目 sheet, not in a package's catalogs.
        m = m.replace("请核对或在包的 catalogs 中补充名称", "请核对编码，或在“补充科目”表中写明其名称");
    }
    let own = place_of(&f.location, dir, at);
    let mut cells: Vec<String> = Vec::new();
    for c in f.evidence.iter().filter_map(|e| place_of(&e.location, dir, at)) {
        if Some(&c) != own.as_ref() && !cells.contains(&c) {
            cells.push(c);
        }
    }
    if !cells.is_empty() {
        m.push_str(&format!("（涉及 {}）", cells.join("、")));
    }
    m
}

fn cell_error(place: Option<String>, message: &str) -> CellError {
    let (sheet, cell) = match place.as_deref().and_then(|p| p.split_once('!')) {
        Some((s, c)) => (s.to_owned(), c.to_owned()),
        None => (String::new(), String::new()),
    };
    CellError { sheet, cell, message: message.to_owned() }
}
