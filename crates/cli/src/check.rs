//! `yusuan check` and `yusuan rules`.

use std::path::Path;

use yusuan_check::{Config, Lang, Report, report};

/// Output format of a check report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    /// 类似编译器的文字报告
    Text,
    Json,
    Csv,
    /// 问题清单工作簿（需要 --output）
    Xlsx,
}

/// Output format of the rule catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CatalogueFormat {
    Text,
    /// 规则目录文档（docs/rules.md）
    Md,
    Json,
}

/// Reads a severity-override config, or the default.
pub fn load_config(config: Option<&Path>) -> Result<Config, String> {
    match config {
        None => Ok(Config::default()),
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
            let ids: Vec<&str> = yusuan_check::rules::all().iter().map(|r| r.info().id).collect();
            Config::parse(&text, &ids).map_err(|e| format!("{}: {e}", path.display()))
        }
    }
}

/// Loads, derives and checks a package.
pub fn check_package(package: &Path, config: Option<&Path>) -> Result<Report, String> {
    let config = load_config(config)?;
    Ok(yusuan_publish::load(package)?.check(&config))
}

pub fn render(report: &Report, format: ReportFormat, lang: Lang, to_file: bool) -> Result<Vec<u8>, String> {
    Ok(match format {
        ReportFormat::Text => {
            use std::io::IsTerminal;
            // Quote the source line of file locations (package files are small).
            let source = |file: &str, line: usize| -> Option<String> {
                let text = std::fs::read_to_string(file).ok()?;
                text.lines().nth(line.checked_sub(1)?).map(str::to_owned)
            };
            let color = !to_file && std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            report::text_styled(report, lang, &report::TextStyle { color, source: Some(&source) }).into_bytes()
        }
        ReportFormat::Json => report::json(report, lang).into_bytes(),
        ReportFormat::Csv => report::csv(report, lang).into_bytes(),
        ReportFormat::Xlsx => yusuan_publish::findings_xlsx(report, lang)?,
    })
}

pub fn catalogue(format: CatalogueFormat, lang: Lang) -> String {
    let rules = yusuan_check::rules::all();
    match format {
        CatalogueFormat::Md => report::catalogue_markdown(),
        CatalogueFormat::Text => rules
            .iter()
            .map(|r| {
                let i = r.info();
                let title = if lang == Lang::En { i.title_en } else { i.title };
                format!("{}  {:<7}  {:<6}  {}\n", i.id, i.severity.label(lang), i.category.label(lang), title)
            })
            .collect(),
        CatalogueFormat::Json => {
            let v: Vec<serde_json::Value> = rules
                .iter()
                .map(|r| {
                    let i = r.info();
                    serde_json::json!({
                        "id": i.id, "severity": i.severity, "category": i.category,
                        "title": i.title, "title_en": i.title_en, "what": i.what, "why": i.why, "example": i.example,
                    })
                })
                .collect();
            serde_json::to_string_pretty(&v).expect("serializes") + "\n"
        }
    }
}
