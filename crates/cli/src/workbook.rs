//! `yusuan template`, `yusuan export-workbook` and the fill-in half of `yusuan import`.

use std::path::Path;

use yusuan_model::{Catalog, MoneyUnit};

/// Writes an empty fill-in workbook for `year`.
pub fn template(year: i32, unit: &str, template: &str, out: &Path) -> Result<(), String> {
    let unit = MoneyUnit::parse(unit).ok_or_else(|| format!("金额单位“{unit}”应为 万元 或 元"))?;
    yusuan_derive::Template::builtin(template).map_err(|e| e.to_string())?;
    let budget = yusuan_workbook::empty_budget(year, unit, template);
    let bytes = yusuan_workbook::workbook(&budget, &Catalog::embedded(), &[]).map_err(|e| e.to_string())?;
    write(out, &bytes)
}

/// Writes the fill-in workbook of a package, filled with its facts.
pub fn export(package: &Path, out: &Path) -> Result<(), String> {
    let p = yusuan_package::load(package).map_err(|e| e.to_string())?;
    let codes = yusuan_workbook::catalog_rows(package, &p.budget)?;
    let bytes = yusuan_workbook::workbook(&p.budget, &p.catalog, &codes).map_err(|e| e.to_string())?;
    write(out, &bytes)
}

/// Imports a fill-in workbook: every problem at its cell, nothing written on error.
pub fn import(workbook: &Path, out: &Path, force: bool) -> Result<(), String> {
    let (imported, written) = yusuan_workbook::import(workbook, out, force).map_err(|e| e.to_string())?;
    for p in &written {
        println!("{}", p.display());
    }
    for n in &imported.notes {
        eprintln!("{n}");
    }
    let b = &imported.budget;
    eprintln!(
        "已由填报工作簿生成预算包 wrote package {}：{} {} 年，{} 条支出明细，{} 个项目",
        out.display(),
        b.department.name,
        b.meta.year,
        b.line_items.len(),
        b.projects.len()
    );
    Ok(())
}

/// The year after this one: budgets are prepared the year before they run.
pub fn next_year() -> i32 {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    // Days to civil year (Howard Hinnant's algorithm, year part only).
    let z = (secs / 86_400) as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let year = yoe + era * 400 + i64::from(mp >= 10);
    year as i32 + 1
}

fn write(out: &Path, bytes: &[u8]) -> Result<(), String> {
    yusuan_render::write_atomic(out, bytes).map_err(|e| format!("{}: {e}", out.display()))?;
    println!("{}", out.display());
    Ok(())
}
