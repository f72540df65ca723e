//! `yusuan store add | ls | rm`: package versions and audited documents in the embedded store.

use std::path::{Path, PathBuf};

use clap::Subcommand;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use yusuan_model::{Amount, MoneyUnit};

use yusuan_store::{Added, Prepared, Store};

#[derive(Subcommand)]
pub enum StoreCommand {
    /// 加入预算包或已公开的文件（同一内容只存一次；包经检查、文件经审核，问题清单一并入库）
    /// — add packages or published documents (the same content is one version; with their findings)
    Add {
        /// 包目录或文件（文本、HTML、XLSX） package directories or documents
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// 并行数 packages prepared at once (default: all cores)
        #[arg(long, short)]
        jobs: Option<usize>,
    },
    /// 列出所有版本 — list the versions
    Ls,
    /// 删除一个版本 — remove a version
    Rm {
        /// 版本号 version id (see `store ls`)
        id: i64,
    },
}

/// What a worker hands the writer for one path.
enum Work {
    Package(Prepared),
    Document,
}

/// Adds `paths` (package directories or documents): `jobs` threads load, derive and check packages, each with
/// its own connection; this thread adds them, one transaction each, so what was added before an error or a
/// crash stays. Returns (new, unchanged, failed).
fn add_all(db: &Path, store: &mut Store, paths: &[PathBuf], jobs: usize) -> (usize, usize, usize) {
    let bar = crate::progress(paths.len(), "个");
    let (mut new, mut same, mut failed) = (0, 0, 0);
    let next = AtomicUsize::new(0);
    let (tx, rx) = mpsc::sync_channel::<(usize, Result<Work, String>)>(jobs * 2);
    std::thread::scope(|scope| {
        for _ in 0..jobs.min(paths.len()).max(1) {
            let tx = tx.clone();
            let next = &next;
            scope.spawn(move || {
                let reader = Store::open(db).map_err(|e| format!("{}: {e}", db.display()));
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(p) = paths.get(i) else { break };
                    let work = match (&reader, p.is_dir()) {
                        (Err(e), _) => Err(e.clone()),
                        (Ok(r), true) => {
                            r.prepare_package(p).map(Work::Package).map_err(|e| format!("{}: {e}", p.display()))
                        }
                        (Ok(_), false) => Ok(Work::Document),
                    };
                    if tx.send((i, work)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        for (i, work) in rx {
            let p = &paths[i];
            let added = work.and_then(|w| {
                match w {
                    Work::Package(Prepared::Stored(id)) => Ok(Added::Existing(id)),
                    Work::Package(Prepared::New(prepared)) => store.add_prepared(&prepared),
                    Work::Document => store.add_document_file(p).map(|(added, _)| added),
                }
                .map_err(|e| format!("{}: {e}", p.display()))
            });
            bar.suspend(|| match added {
                Ok(Added::New(id)) => println!("{id}\t新版本 new\t{}", p.display()),
                Ok(Added::Existing(id)) => println!("{id}\t已存在 unchanged\t{}", p.display()),
                Err(ref e) => eprintln!("错误 error: {e}"),
            });
            match added {
                Ok(Added::New(_)) => new += 1,
                Ok(Added::Existing(_)) => same += 1,
                Err(_) => failed += 1,
            }
            bar.inc(1);
        }
    });
    bar.finish_and_clear();
    (new, same, failed)
}

pub fn run(db: &Path, command: StoreCommand) -> Result<(), String> {
    let mut store = Store::open(db).map_err(|e| format!("{}: {e}", db.display()))?;
    match command {
        StoreCommand::Add { paths, jobs } => {
            let jobs = jobs.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
            let (new, same, failed) = add_all(db, &mut store, &paths, jobs);
            eprintln!("新版本 {new} 个，已存在 {same} 个，失败 {failed} 个 (new / unchanged / failed)");
            if failed > 0 {
                return Err(format!("{failed} 个未能入库 could not be added"));
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
