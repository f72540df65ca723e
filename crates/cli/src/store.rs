//! `yusuan store add | ls | rm`: package versions in the embedded store.

use std::path::{Path, PathBuf};

use clap::Subcommand;
use yusuan_store::{Added, Store};

#[derive(Subcommand)]
pub enum StoreCommand {
    /// 加入预算包（同一内容只存一次） — add packages (the same content is one version)
    Add {
        /// 包目录 package directories
        #[arg(required = true)]
        packages: Vec<PathBuf>,
    },
    /// 列出所有版本 — list the versions
    Ls,
    /// 删除一个版本 — remove a version
    Rm {
        /// 版本号 version id (see `store ls`)
        id: i64,
    },
}

pub fn run(db: &Path, command: StoreCommand) -> Result<(), String> {
    let mut store = Store::open(db).map_err(|e| format!("{}: {e}", db.display()))?;
    match command {
        StoreCommand::Add { packages } => {
            let bar = crate::progress(packages.len(), "个预算包");
            let (mut new, mut same) = (0, 0);
            // Each package is its own transaction: what was added before an error or a crash stays.
            for p in &packages {
                let pkg = yusuan_package::load(p).map_err(|e| e.to_string())?;
                let added = store.add_package(&pkg, &p.display().to_string()).map_err(|e| e.to_string())?;
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
            eprintln!("新版本 {new} 个，已存在 {same} 个 (new / unchanged)");
        }
        StoreCommand::Ls => {
            println!("版本\t地区\t部门\t年度\t支出明细\t支出合计（元）\t内容哈希\t来源");
            for v in store.list().map_err(|e| e.to_string())? {
                println!(
                    "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                    v.id,
                    v.region,
                    v.department,
                    v.year,
                    v.line_items,
                    yusuan_model::Amount::from_fen(v.total_fen).format(yusuan_model::MoneyUnit::Yuan, 2),
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
