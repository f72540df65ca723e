//! `yusuan build`: load a package, derive the disclosure, render it, write it.
//!
//! Everything is rendered in memory first; files are written only when every
//! step succeeded, each atomically (temp file + rename).

use std::path::{Path, PathBuf};

use yusuan_derive::Template;

/// An output format of `build`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// 一个自包含的 HTML 文件（A4 打印样式）
    Html,
    /// Markdown
    Md,
    /// 纯文本（表格行以 TAB 分隔，可再次审核）
    Txt,
    /// 每张公开表一个 CSV
    Csv,
}

/// A file to write, relative to the output directory.
pub struct Output {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

/// Renders the package in `package` into output files (nothing is written).
pub fn render(package: &Path, formats: &[Format]) -> Result<Vec<Output>, String> {
    let p = yusuan_package::load(package).map_err(|e| e.to_string())?;
    let template = Template::builtin(&p.budget.meta.template)
        .map_err(|e| format!("{}: {e}", package.join("budget.toml").display()))?;
    let derived = yusuan_derive::derive(&p.budget, &p.catalog, &template).map_err(|e| e.to_string())?;
    let doc = &derived.document;
    let stem = format!("{}-{}", p.budget.department.name, p.budget.meta.year);
    let mut out = Vec::new();
    for f in formats {
        match f {
            Format::Html => {
                out.push(Output { path: format!("{stem}.html").into(), bytes: yusuan_render::html(doc).into_bytes() })
            }
            Format::Md => {
                out.push(Output { path: format!("{stem}.md").into(), bytes: yusuan_render::markdown(doc).into_bytes() })
            }
            Format::Txt => {
                out.push(Output { path: format!("{stem}.txt").into(), bytes: yusuan_render::text(doc).into_bytes() })
            }
            Format::Csv => {
                for t in doc.tables() {
                    let path = Path::new("tables").join(yusuan_render::csv_file_name(t));
                    out.push(Output { path, bytes: yusuan_render::table_csv(t).into_bytes() });
                }
            }
        }
    }
    Ok(out)
}

/// Writes rendered outputs under `dir`, each atomically.
pub fn write(dir: &Path, outputs: &[Output]) -> Result<Vec<PathBuf>, String> {
    let mut written = Vec::with_capacity(outputs.len());
    for o in outputs {
        let path = dir.join(&o.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        yusuan_render::write_atomic(&path, &o.bytes).map_err(|e| format!("{}: {e}", path.display()))?;
        written.push(path);
    }
    Ok(written)
}
