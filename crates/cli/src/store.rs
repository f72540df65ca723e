//! `yusuan store add | ls | rm`: package versions and audited documents in the embedded store.

use std::path::{Path, PathBuf};

use clap::Subcommand;
use yusuan_model::{Amount, MoneyUnit};
use yusuan_store::{Added, Store};

#[derive(Subcommand)]
pub enum StoreCommand {
    /// 加入预算包或已公开的文件（同一内容只存一次；包经检查、文件经审核，问题清单一并入库）
    /// — add packages or published documents (the same content is one version; with their findings)
    Add {
        /// 包目录或文件（文本、HTML、XLSX） package directories or documents
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// 列出所有版本 — list the versions
    Ls,
    /// 删除一个版本 — remove a version
    Rm {
        /// 版本号 version id (see `store ls`)
        id: i64,
    },
}

/// Adds one package directory or document file.
fn add(store: &mut Store, path: &Path) -> Result<Added, String> {
    let added =
        if path.is_dir() { store.add_package_dir(path) } else { store.add_document_file(path).map(|(added, _)| added) };
    added.map_err(|e| format!("{}: {e}", path.display()))
}

pub fn run(db: &Path, command: StoreCommand) -> Result<(), String> {
    let mut store = Store::open(db).map_err(|e| format!("{}: {e}", db.display()))?;
    match command {
        StoreCommand::Add { paths } => {
            let bar = crate::progress(paths.len(), "个");
            let (mut new, mut same) = (0, 0);
            // Each addition is its own transaction: what was added before an error or a crash stays.
            let mut failed = Vec::new();
            for p in &paths {
                let added = match add(&mut store, p) {
                    Ok(a) => a,
                    Err(e) => {
                        bar.suspend(|| eprintln!("错误 error: {e}"));
                        failed.push(p);
                        bar.inc(1);
                        continue;
                    }
                };
                bar.suspend(|| match added {
                    Added::New(id) => println!("{id}\t新版本 new\t{}", p.display()),
                    Added::Existing(id) => println!("{id}\t已存在 unchanged\t{}", p.display()),
                });
                match added {
                    Added::New(_) => new += 1,
                    Added::Existing(_) => same += 1,
                }
                bar.inc(1);
            }
            bar.finish_and_clear();
            eprintln!("新版本 {new} 个，已存在 {same} 个，失败 {} 个 (new / unchanged / failed)", failed.len());
            if !failed.is_empty() {
                return Err(format!("{} 个未能入库 could not be added", failed.len()));
            }
        }
        StoreCommand::Ls => {
            println!(
                "版本\t地区\t部门/单位\t上级部门\t年度\t类型\t支出明细\t支出合计（元）\t错误\t警告\t提示\t内容哈希\t来源"
            );
            for v in store.list().map_err(|e| e.to_string())? {
                println!(
                    "{}{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                    v.id,
                    if v.current { "" } else { "（旧）" },
                    v.region,
                    v.department,
                    v.parent.as_deref().unwrap_or(""),
                    v.year,
                    if v.kind == "package" { "预算包" } else { "公开文件" },
                    v.line_items,
                    Amount::from_fen(v.total_fen).format(MoneyUnit::Yuan, 2),
                    v.errors,
                    v.warnings,
                    v.infos,
                    &v.hash[..12],
                    v.source
                );
            }
        }
        StoreCommand::Rm { id } => {
            if !store.remove(id).map_err(|e| e.to_string())? {
                return Err(format!("没有版本 {id} (no such version)"));
            }
            println!("已删除版本 removed {id}");
        }
    }
    Ok(())
}
