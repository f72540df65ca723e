//! Publishing a package: load it, derive the disclosure, check it, and render
//! every output format in memory; [`write`] then puts the files on disk, each
//! atomically, only after everything rendered.
//!
//! The binary (`yusuan build`, `yusuan check`) and the benchmarks call this
//! crate, so the pipeline exists once.

use std::path::{Path, PathBuf};

use yusuan_check::{Config, Lang, Report, report};
use yusuan_derive::{Derived, Template};
use yusuan_package::Package;

/// An output format of `yusuan build`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// One self-contained HTML file (A4 print styles).
    Html,
    /// The whole disclosure as PDF (A4, embedded CJK fonts); needs the `pdf` feature.
    Pdf,
    /// The public tables in the official layout, the forms and the findings, one sheet each.
    Xlsx,
    /// An editable Word document.
    Docx,
    /// Fiscal Data Package: `datapackage.json` and CSV of line items and income.
    Fdp,
    /// Markdown.
    Md,
    /// Plain text, tables as TAB rows (re-auditable).
    Txt,
    /// One CSV per public table.
    Csv,
}

impl Format {
    /// Every format, in the order `build` writes them.
    pub const EVERY: [Format; 8] =
        [Format::Html, Format::Pdf, Format::Xlsx, Format::Docx, Format::Fdp, Format::Md, Format::Txt, Format::Csv];

    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Format::Html => "html",
            Format::Pdf => "pdf",
            Format::Xlsx => "xlsx",
            Format::Docx => "docx",
            Format::Fdp => "fdp",
            Format::Md => "md",
            Format::Txt => "txt",
            Format::Csv => "csv",
        }
    }

    /// Whether this binary can produce the format (PDF needs the `pdf` feature).
    pub fn compiled_in(self) -> bool {
        self != Format::Pdf || cfg!(feature = "pdf")
    }

    /// The formats this binary can produce: the default of `build`.
    pub fn available() -> Vec<Format> {
        Format::EVERY.into_iter().filter(|f| f.compiled_in()).collect()
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Format, String> {
        Format::EVERY.into_iter().find(|f| f.name().eq_ignore_ascii_case(s.trim())).ok_or_else(|| {
            let names: Vec<&str> = Format::EVERY.iter().map(|f| f.name()).collect();
            format!("未知格式 unknown format `{s}` (one of {})", names.join(", "))
        })
    }
}

/// A file to write, relative to the output directory.
#[derive(Debug, Clone)]
pub struct Output {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

/// A loaded and derived package.
pub struct Published {
    /// The package directory.
    pub dir: PathBuf,
    pub package: Package,
    pub template: Template,
    pub derived: Derived,
}

/// Loads a package and derives its disclosure.
pub fn load(dir: &Path) -> Result<Published, String> {
    let package = yusuan_package::load(dir).map_err(|e| e.to_string())?;
    derive(package, dir)
}

/// Derives the disclosure of a package loaded from `dir`.
pub fn derive(package: Package, dir: &Path) -> Result<Published, String> {
    let template = Template::builtin(&package.budget.meta.template)
        .map_err(|e| format!("{}: {e}", dir.join("budget.toml").display()))?;
    let derived = yusuan_derive::derive(&package.budget, &package.catalog, &template).map_err(|e| e.to_string())?;
    Ok(Published { dir: dir.to_owned(), package, template, derived })
}

impl Published {
    /// The file name stem of the outputs: `部门-年度`.
    pub fn stem(&self) -> String {
        format!("{}-{}", self.package.budget.department.name, self.package.budget.meta.year)
    }

    /// Runs the rule catalogue over the facts and the derived document.
    pub fn check(&self, config: &Config) -> Report {
        self.check_named(config, Some(&self.dir.display().to_string()))
    }

    /// [`Published::check`], naming the package directory `shown` in file locations (`None`: locations
    /// relative to the package, `projects.toml:12`, as the store keeps them).
    pub fn check_named(&self, config: &Config, shown: Option<&str>) -> Report {
        let budget = &self.package.budget;
        let mut input = yusuan_check::Input::from_package(
            budget,
            &self.package.catalog,
            &self.derived.document,
            shown.map(str::to_owned),
        );
        for name in ["budget.toml", "projects.toml", "performance.toml"] {
            if let Ok(text) = std::fs::read_to_string(self.dir.join(name)) {
                input.files.insert(name.to_owned(), text);
            }
        }
        yusuan_check::run(&input, config)
    }

    /// Renders `formats` in memory (nothing is written), each format on its own thread (the PDF takes longest;
    /// the others finish beside it). `findings`, when given, becomes the last sheet of the XLSX workbook.
    /// Outputs come in the order of `formats`.
    pub fn render(&self, formats: &[Format], findings: Option<(&Report, Lang)>) -> Result<Vec<Output>, String> {
        let rendered: Vec<Result<Vec<Output>, String>> = std::thread::scope(|scope| {
            let jobs: Vec<_> = formats.iter().map(|&f| scope.spawn(move || self.render_one(f, findings))).collect();
            jobs.into_iter().map(|j| j.join().unwrap_or_else(|_| Err("renderer panicked".into()))).collect()
        });
        let mut out = Vec::new();
        for r in rendered {
            out.extend(r?);
        }
        Ok(out)
    }

    fn render_one(&self, format: Format, findings: Option<(&Report, Lang)>) -> Result<Vec<Output>, String> {
        let doc = &self.derived.document;
        let file = |ext: &str| PathBuf::from(format!("{}.{ext}", self.stem()));
        let one = |path, bytes| Ok(vec![Output { path, bytes }]);
        match format {
            Format::Html => one(file("html"), yusuan_render::html(doc).into_bytes()),
            Format::Md => one(file("md"), yusuan_render::markdown(doc).into_bytes()),
            Format::Txt => one(file("txt"), yusuan_render::text(doc).into_bytes()),
            Format::Csv => Ok(doc
                .tables()
                .into_iter()
                .map(|t| Output {
                    path: Path::new("tables").join(yusuan_render::csv_file_name(t)),
                    bytes: yusuan_render::table_csv(t).into_bytes(),
                })
                .collect()),
            Format::Xlsx => {
                let (rows, headers) = match findings {
                    Some((report, lang)) => (report::rows(report, lang), findings_headers(lang)),
                    None => (Vec::new(), Vec::new()),
                };
                let extra: Vec<yusuan_render::xlsx::Sheet> = findings
                    .map(|(_, lang)| yusuan_render::xlsx::Sheet {
                        name: findings_sheet_name(lang),
                        headers: &headers,
                        rows: &rows,
                    })
                    .into_iter()
                    .collect();
                let bytes = yusuan_render::xlsx_document(doc, &extra).map_err(|e| format!("xlsx: {e}"))?;
                one(file("xlsx"), bytes)
            }
            Format::Docx => one(file("docx"), yusuan_render::docx(doc)?),
            Format::Fdp => Ok(yusuan_render::fdp(&self.package.budget, &self.package.catalog)?
                .into_iter()
                .map(|f| Output { path: Path::new("fdp").join(f.path), bytes: f.bytes })
                .collect()),
            Format::Pdf => one(file("pdf"), self.pdf()?),
        }
    }

    #[cfg(feature = "pdf")]
    fn pdf(&self) -> Result<Vec<u8>, String> {
        yusuan_pdf::pdf(&self.derived.document).map_err(|e| e.to_string())
    }

    #[cfg(not(feature = "pdf"))]
    fn pdf(&self) -> Result<Vec<u8>, String> {
        Err("此版本未编译 PDF 输出：请用 `cargo build --release --features pdf` 构建 — PDF output is not compiled in \
             (build with `--features pdf`)"
            .into())
    }
}

/// Column headers with widths (characters) of the findings sheet.
pub fn findings_headers(lang: Lang) -> Vec<(&'static str, u16)> {
    let widths = [10, 8, 10, 60, 40, 14, 14, 12, 60];
    report::headers(lang).into_iter().zip(widths).collect()
}

/// The name of the findings sheet.
pub fn findings_sheet_name(lang: Lang) -> &'static str {
    if lang == Lang::En { "Findings" } else { "问题清单" }
}

/// A findings report as a one-sheet XLSX workbook.
pub fn findings_xlsx(report: &Report, lang: Lang) -> Result<Vec<u8>, String> {
    let headers = findings_headers(lang);
    let rows = report::rows(report, lang);
    let sheet = yusuan_render::xlsx::Sheet { name: findings_sheet_name(lang), headers: &headers, rows: &rows };
    yusuan_render::xlsx::workbook(&[sheet]).map_err(|e| format!("xlsx: {e}"))
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
