//! The `yusuan` command line. Thin: parses arguments and calls the pipeline crates.

mod build;
mod check;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "yusuan",
    version,
    about = "部门预算公开：建模、生成、检查、发布 — Chinese departmental budget disclosure"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// 由预算包生成公开文件（HTML、Markdown、文本、CSV） — build the disclosure from a package
    Build {
        /// 包目录 package directory
        package: PathBuf,
        /// 输出目录 output directory
        #[arg(long, default_value = "out")]
        out: PathBuf,
        /// 输出格式 formats (default: all)
        #[arg(long, value_delimiter = ',', default_value = "html,md,txt,csv")]
        format: Vec<build::Format>,
    },
    /// 检查预算包：勾稽关系、文表一致、科目、测算依据、绩效目标 — check a package with every rule
    Check {
        /// 包目录 package directory
        package: PathBuf,
        /// 输出格式 report format
        #[arg(long, value_enum, default_value = "text")]
        format: check::ReportFormat,
        /// 规则级别覆盖配置 severity overrides (TOML)
        #[arg(long)]
        config: Option<PathBuf>,
        /// 报告语言 language of messages (zh / en)
        #[arg(long, default_value = "zh")]
        lang: String,
        /// 写入文件而非标准输出 write the report to a file
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// 列出规则目录 — list the rule catalogue
    Rules {
        #[arg(long, value_enum, default_value = "text")]
        format: check::CatalogueFormat,
        #[arg(long, default_value = "zh")]
        lang: String,
    },
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
    let result = match cli.command {
        Command::Build { package, out, format } => build::render(&package, &format).and_then(|outputs| {
            let written = build::write(&out, &outputs)?;
            for p in &written {
                println!("{}", p.display());
            }
            eprintln!("已生成 {} 个文件 wrote {} files to {}", written.len(), written.len(), out.display());
            Ok(())
        }),
        Command::Check { package, format, config, lang, output } => {
            let lang = parse_lang(&lang);
            match check::check_package(&package, config.as_deref()) {
                Ok(report) => {
                    let written =
                        check::render(&report, format, lang, output.is_some()).and_then(|bytes| match &output {
                            Some(path) => yusuan_render::write_atomic(path, &bytes)
                                .map_err(|e| format!("{}: {e}", path.display())),
                            None if format == check::ReportFormat::Xlsx => {
                                Err("xlsx 报告需要 --output <文件> (xlsx needs --output)".into())
                            }
                            None => {
                                use std::io::Write;
                                std::io::stdout().write_all(&bytes).map_err(|e| e.to_string())
                            }
                        });
                    return match (written, report.has_errors()) {
                        (Err(e), _) => {
                            eprintln!("{e}");
                            ExitCode::from(2)
                        }
                        (Ok(()), true) => ExitCode::FAILURE,
                        (Ok(()), false) => ExitCode::SUCCESS,
                    };
                }
                Err(e) => Err(e),
            }
        }
        Command::Rules { format, lang } => {
            print!("{}", check::catalogue(format, parse_lang(&lang)));
            Ok(())
        }
        Command::Validate { package } => validate(&package),
        Command::Schema { out } => write_schemas(&out),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

fn parse_lang(s: &str) -> yusuan_check::Lang {
    if s.eq_ignore_ascii_case("en") { yusuan_check::Lang::En } else { yusuan_check::Lang::Zh }
}

fn validate(package: &std::path::Path) -> Result<(), String> {
    let p = yusuan_package::load(package).map_err(|e| e.to_string())?;
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
    Ok(())
}

fn write_schemas(out: &std::path::Path) -> Result<(), String> {
    std::fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    for (name, json) in yusuan_package::schema::schemas() {
        let path = out.join(name);
        yusuan_render::write_atomic(&path, json.as_bytes()).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(())
}
