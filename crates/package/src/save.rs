//! Writing a [`Budget`] as a package directory.
//!
//! [`files`] renders the package files in memory: the TOML files through
//! `toml::to_string_pretty` with amounts in the package's unit
//! ([`with_file_unit`]), the CSV files with the columns of [`crate::files`].
//! [`write`] puts rendered files into a directory atomically: they are written
//! into a temporary directory beside the target, the temporary directory is
//! loaded as a package (a package that does not load is never put in place),
//! and only then renamed into place. An existing directory that is not empty is
//! refused unless `force`; with `force` it is replaced as a whole. On any error
//! nothing is left behind.

use std::fmt;
use std::path::{Path, PathBuf};

use yusuan_model::Budget;
use yusuan_model::money::with_file_unit;

use crate::error::LoadErrors;
use crate::files::{self, BudgetFile, ProjectsFile};

/// Why a package could not be written.
#[derive(Debug)]
pub enum SaveError {
    /// The target exists, is not an empty directory, and `force` was not given.
    Exists(PathBuf),
    /// A file could not be rendered.
    Render {
        file: String,
        message: String,
    },
    /// The files were written but do not load as a package (nothing was put in place).
    Invalid(LoadErrors),
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl fmt::Display for SaveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SaveError::Exists(p) => write!(
                f,
                "{}: 目录已存在且不为空，未写入（用 --force 覆盖） directory exists and is not empty",
                p.display()
            ),
            SaveError::Render { file, message } => write!(f, "{file}: 无法生成 cannot render: {message}"),
            SaveError::Invalid(e) => write!(f, "生成的包无法读取，未写入 the package would not load:\n{e}"),
            SaveError::Io { path, source } => write!(f, "{}: {source}", path.display()),
        }
    }
}

impl std::error::Error for SaveError {}

/// A file of a package: its name in the directory and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackageFile {
    pub name: String,
    pub text: String,
}

fn render_err(file: &str) -> impl Fn(String) -> SaveError + '_ {
    move |message| SaveError::Render { file: file.to_owned(), message }
}

/// Renders the files of a package: `budget.toml`, `projects.toml` (when there are
/// projects), `performance.toml` (when the department's targets are not empty),
/// `line_items.csv`, and `procurement.csv` / `purchased_services.csv` when they
/// have rows. Amounts are written in the budget's unit.
pub fn files(b: &Budget) -> Result<Vec<PackageFile>, SaveError> {
    let unit = b.meta.unit;
    let mut out = Vec::new();
    let budget_file = BudgetFile::of(b);
    let toml_of = |file: &str, v: &dyn erased::Ser| -> Result<PackageFile, SaveError> {
        let text = with_file_unit(unit, || v.to_toml()).map_err(render_err(file))?;
        Ok(PackageFile { name: file.to_owned(), text })
    };
    out.push(toml_of(files::BUDGET, &budget_file)?);
    if !b.projects.is_empty() {
        out.push(toml_of(files::PROJECTS, &ProjectsFile { project: b.projects.clone() })?);
    }
    if b.performance != Default::default() {
        out.push(toml_of(files::PERFORMANCE, &b.performance)?);
    }
    let amount = |a: yusuan_model::Amount| a.format_plain(unit);
    let opt = |s: &Option<String>| s.clone().unwrap_or_default();
    let rows: Vec<Vec<String>> = b
        .line_items
        .iter()
        .map(|l| {
            vec![
                l.unit.clone(),
                l.functional.to_string(),
                l.economic.to_string(),
                l.kind.label().to_owned(),
                opt(&l.project),
                l.source.label().to_owned(),
                amount(l.amount),
                opt(&l.note),
            ]
        })
        .collect();
    out.push(csv_file(files::LINE_ITEMS, files::LINE_ITEM_COLUMNS, &rows)?);
    if !b.procurement.is_empty() {
        let rows: Vec<Vec<String>> = b
            .procurement
            .iter()
            .map(|p| {
                vec![
                    p.unit.clone(),
                    p.functional.to_string(),
                    opt(&p.project),
                    p.category.label().to_owned(),
                    p.item.clone(),
                    p.quantity.clone(),
                    p.source.label().to_owned(),
                    amount(p.amount),
                ]
            })
            .collect();
        out.push(csv_file(files::PROCUREMENT, files::PROCUREMENT_COLUMNS, &rows)?);
    }
    if !b.purchased_services.is_empty() {
        let rows: Vec<Vec<String>> = b
            .purchased_services
            .iter()
            .map(|p| {
                vec![
                    p.unit.clone(),
                    opt(&p.project),
                    p.functional.to_string(),
                    p.category.clone(),
                    p.content.clone(),
                    p.source.label().to_owned(),
                    amount(p.amount),
                ]
            })
            .collect();
        out.push(csv_file(files::PURCHASED_SERVICES, files::PURCHASED_SERVICE_COLUMNS, &rows)?);
    }
    Ok(out)
}

/// A CSV file with a header row (UTF-8, `\n`).
pub fn csv_file(name: &str, headers: &[&str], rows: &[Vec<String>]) -> Result<PackageFile, SaveError> {
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    let err = render_err(name);
    w.write_record(headers).map_err(|e| err(e.to_string()))?;
    for r in rows {
        w.write_record(r).map_err(|e| err(e.to_string()))?;
    }
    let bytes = w.into_inner().map_err(|e| err(e.to_string()))?;
    let text = String::from_utf8(bytes).map_err(|e| err(e.to_string()))?;
    Ok(PackageFile { name: name.to_owned(), text })
}

/// Serializing through `dyn` (toml's serializer is generic).
mod erased {
    pub trait Ser {
        fn to_toml(&self) -> Result<String, String>;
    }
    impl<T: serde::Serialize> Ser for T {
        fn to_toml(&self) -> Result<String, String> {
            toml::to_string_pretty(self).map_err(|e| e.to_string())
        }
    }
}

/// Writes `budget` as a package in `dir` (see [`write`]).
pub fn save(b: &Budget, dir: &Path, force: bool) -> Result<Vec<PathBuf>, SaveError> {
    write(&files(b)?, dir, force)
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> SaveError + '_ {
    move |source| SaveError::Io { path: path.to_owned(), source }
}

/// Whether `dir` may be written: absent, an empty directory, or `force`.
fn check_target(dir: &Path, force: bool) -> Result<bool, SaveError> {
    match std::fs::symlink_metadata(dir) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(io(dir)(e)),
        Ok(m) if m.is_dir() => {
            let empty = std::fs::read_dir(dir).map_err(io(dir))?.next().is_none();
            if empty || force { Ok(true) } else { Err(SaveError::Exists(dir.to_owned())) }
        }
        Ok(_) if force => Ok(true),
        Ok(_) => Err(SaveError::Exists(dir.to_owned())),
    }
}

/// Writes package files into `dir` atomically (see the module docs); returns the
/// paths written.
pub fn write(package: &[PackageFile], dir: &Path, force: bool) -> Result<Vec<PathBuf>, SaveError> {
    let exists = check_target(dir, force)?;
    let name = dir.file_name().map_or_else(|| "package".into(), |n| n.to_string_lossy().into_owned());
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(io(&parent))?;
    let stamp = format!(
        "{}-{}",
        std::process::id(),
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos())
    );
    let temp = parent.join(format!(".{name}.tmp-{stamp}"));
    let result = (|| {
        std::fs::create_dir(&temp).map_err(io(&temp))?;
        for f in package {
            let path = temp.join(&f.name);
            std::fs::write(&path, f.text.as_bytes()).map_err(io(&path))?;
        }
        crate::load(&temp).map_err(|e| {
            // Name the files as they will be called.
            let errs =
                e.0.into_iter()
                    .map(|mut le| {
                        if let Ok(rel) = le.file.strip_prefix(&temp) {
                            le.file = dir.join(rel);
                        }
                        le
                    })
                    .collect();
            SaveError::Invalid(LoadErrors(errs))
        })?;
        if exists {
            let old = parent.join(format!(".{name}.old-{stamp}"));
            std::fs::rename(dir, &old).map_err(io(dir))?;
            if let Err(e) = std::fs::rename(&temp, dir) {
                let _ = std::fs::rename(&old, dir);
                return Err(io(dir)(e));
            }
            let removed = if old.is_dir() { std::fs::remove_dir_all(&old) } else { std::fs::remove_file(&old) };
            removed.map_err(io(&old))?;
        } else {
            std::fs::rename(&temp, dir).map_err(io(dir))?;
        }
        Ok(())
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_dir_all(&temp);
        return Err(e);
    }
    Ok(package.iter().map(|f| dir.join(&f.name)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example() -> Budget {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/jianghan-2022-zhengfuban");
        crate::load(&dir).expect("the example loads").budget
    }

    #[test]
    fn round_trip_of_the_example() {
        let b = example();
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("pkg");
        // The example names its catalogs; the saved package must carry them.
        let mut files = files(&b).unwrap();
        let codes = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/jianghan-2022-zhengfuban/codes.csv");
        files.push(PackageFile { name: "codes.csv".into(), text: std::fs::read_to_string(codes).unwrap() });
        write(&files, &dir, false).unwrap();
        let back = crate::load(&dir).unwrap().budget;
        assert_eq!(back.line_items.len(), b.line_items.len());
        assert_eq!(back.projects, b.projects);
        assert_eq!(back.performance, b.performance);
        assert_eq!(back.income, b.income);
        assert_eq!(back.prior_year, b.prior_year);
        assert_eq!(back.procurement.len(), b.procurement.len());
        for (x, y) in back.line_items.iter().zip(&b.line_items) {
            assert_eq!(
                (x.functional, x.economic, x.kind, &x.project, x.amount),
                (y.functional, y.economic, y.kind, &y.project, y.amount)
            );
        }
        // Not empty now: refused without force, replaced with it.
        assert!(matches!(write(&files, &dir, false), Err(SaveError::Exists(_))));
        write(&files, &dir, true).unwrap();
        let left: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().flatten().map(|e| e.file_name()).collect();
        assert_eq!(left, vec![std::ffi::OsString::from("pkg")], "no temp dirs left");
    }

    #[test]
    fn nothing_is_written_when_the_package_would_not_load() {
        let b = example();
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("pkg");
        // Without codes.csv the package names a catalog that is not there.
        let e = save(&b, &dir, false).unwrap_err();
        assert!(matches!(e, SaveError::Invalid(_)), "{e}");
        assert!(e.to_string().contains("codes.csv"), "{e}");
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 0, "nothing written");
    }
}
