//! The `yusuan` command line. Thin: parses arguments and calls the pipeline crates.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "yusuan", version, about = "部门预算公开：建模、生成、检查、发布 — Chinese departmental budget disclosure")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// 读取并校验一个预算包 — load a package and report loading errors
    Validate {
        /// 包目录 package directory
        package: PathBuf,
    },
    /// 输出包文件的 JSON Schema — write the JSON schemas of the package files
    Schema {
        #[arg(long, default_value = "schema")]
        out: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Validate { package } => match yusuan_package::load(&package) {
            Ok(p) => {
                let b = &p.budget;
                let total: yusuan_model::Amount = b.line_items.iter().map(|l| l.amount).sum();
                println!(
                    "{}: {} {} 年，{} 条支出明细，{} 个项目，支出合计 {} 万元",
                    package.display(),
                    b.department.name,
                    b.meta.year,
                    b.line_items.len(),
                    b.projects.len(),
                    total.format(yusuan_model::MoneyUnit::WanYuan, 2)
                );
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("{e}");
                ExitCode::FAILURE
            }
        },
        Command::Schema { out } => {
            if let Err(e) = std::fs::create_dir_all(&out) {
                eprintln!("{}: {e}", out.display());
                return ExitCode::FAILURE;
            }
            for (name, json) in yusuan_package::schema::schemas() {
                let path = out.join(name);
                if let Err(e) = std::fs::write(&path, json) {
                    eprintln!("{}: {e}", path.display());
                    return ExitCode::FAILURE;
                }
            }
            ExitCode::SUCCESS
        }
    }
}
