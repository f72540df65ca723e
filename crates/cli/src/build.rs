//! `yusuan build`: the pipeline lives in `yusuan-publish`; this parses the
//! format list and reports what was written.

use std::path::Path;

use yusuan_check::{Config, Lang, Severity};
use yusuan_publish::Format;

/// Parses `--format` values (`html,pdf,...`); empty means every compiled-in format.
pub fn formats(names: &[String]) -> Result<Vec<Format>, String> {
    if names.is_empty() {
        return Ok(Format::available());
    }
    let mut out: Vec<Format> = Vec::new();
    for n in names {
        let f: Format = n.parse()?;
        if !out.contains(&f) {
            out.push(f);
        }
    }
    Ok(out)
}

/// Loads, checks and renders the package, then writes every output atomically.
pub fn run(package: &Path, out: &Path, formats: &[Format], lang: Lang) -> Result<(), String> {
    let published = yusuan_publish::load(package)?;
    let report = published.check(&Config::default());
    let outputs = published.render(formats, Some((&report, lang)))?;
    let written = yusuan_publish::write(out, &outputs)?;
    for p in &written {
        println!("{}", p.display());
    }
    eprintln!("已生成 {} 个文件 wrote {} files to {}", written.len(), written.len(), out.display());
    let (e, w) = (report.count(Severity::Error), report.count(Severity::Warning));
    if e + w > 0 {
        eprintln!(
            "检查发现 {e} 个错误、{w} 个警告（见工作簿“问题清单”或 `yusuan check`） — check: {e} errors, {w} warnings"
        );
    }
    Ok(())
}
