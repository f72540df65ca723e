//! The `yusuan` command line. Thin: parses arguments and calls the pipeline crates.

mod build;
mod check;
mod query;
mod serve;
mod store;
mod workbook;

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
    /// 由预算包生成公开文件（HTML、PDF、XLSX、DOCX、财政数据包、Markdown、文本、CSV） — build the disclosure from a package
    Build {
        /// 包目录 package directory
        package: PathBuf,
        /// 输出目录 output directory
        #[arg(long, default_value = "out")]
        out: PathBuf,
        /// 输出格式 formats: html,pdf,xlsx,docx,fdp,md,txt,csv (default: all compiled in)
        #[arg(long, value_delimiter = ',')]
        format: Vec<String>,
        /// 问题清单语言 language of the findings sheet (zh / en)
        #[arg(long, default_value = "zh")]
        lang: String,
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
    /// 审核已公开的文件（文本、HTML、XLSX、PDF）：识别模板与表格，读取文字说明中的数字，用同一套规则检查 — audit published disclosures
    ///
    /// 目录中的 `X_part1.pdf`、`X_part2.pdf` … 合为一份文件审核。PDF 的每个问题都带页码与位置（JSON 中
    /// "pdf": {file, page, boxes}）。`--format csv -o 问题.csv` 另写每份文件一行的汇总 `问题.summary.csv`。
    Audit {
        /// 文件或目录 files or directories
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value = "text")]
        format: check::ReportFormat,
        #[arg(long)]
        config: Option<PathBuf>,
        #[arg(long, default_value = "zh")]
        lang: String,
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// 并行数 parallel documents (default: all cores)
        #[arg(long, short)]
        jobs: Option<usize>,
        /// 写出标注了问题的 PDF 副本：有问题的单元格与语句按级别加框（错误红、警告橙、提示蓝），说明在批注中。
        /// 一个 PDF 时为输出文件；多个 PDF（分册 _partN 或多份文件）时为目录，每个 PDF 一份同名副本。
        /// 原文件字节不变（PDF 增量更新）；任何错误都不写入。
        /// — write annotated copies of the PDFs (a file for one PDF, else a directory: one copy per PDF)
        #[arg(long, value_name = "OUT")]
        annotate: Option<PathBuf>,
    },
    /// 由填报工作簿或已公开的文件生成预算包 — make a package from a fill-in workbook or a published disclosure
    ///
    /// 填报工作簿（yusuan template / export-workbook 生成）逐格读取并检查，有问题时列出“表名!单元格”且不写入；
    /// 其他文件按已公开的文件读取，尽文件所能恢复事实。
    Import {
        /// 填报工作簿（.xlsx）或已公开的文件（文本、HTML、XLSX） fill-in workbook or published document
        document: PathBuf,
        /// 包目录 package directory to create
        #[arg(long)]
        out: PathBuf,
        /// 覆盖已存在且不为空的目录 replace an existing non-empty directory
        #[arg(long)]
        force: bool,
    },
    /// 生成空白的预算填报工作簿（Excel / WPS） — write an empty fill-in workbook
    Template {
        /// 预算年度 budget year (default: next year)
        #[arg(long)]
        year: Option<i32>,
        /// 金额单位 money unit (万元 / 元)
        #[arg(long, default_value = "万元")]
        unit: String,
        /// 公开模板 disclosure template
        #[arg(long, default_value = "wuhan-13")]
        template: String,
        /// 输出文件 output workbook
        #[arg(long, default_value = "预算填报.xlsx")]
        out: PathBuf,
    },
    /// 把预算包导出为已填好的填报工作簿 — write a package as a filled-in workbook
    ExportWorkbook {
        /// 包目录 package directory
        package: PathBuf,
        /// 输出文件 output workbook
        #[arg(long, default_value = "预算填报.xlsx")]
        out: PathBuf,
    },
    /// 预算库：各部门各年度的预算包版本（SQLite） — the store of departments × years
    Store {
        /// 数据库文件 the store's file
        #[arg(long, default_value = "yusuan.db", global = true)]
        db: PathBuf,
        #[command(subcommand)]
        command: store::StoreCommand,
    },
    /// 汇总查询：按维度切片、下钻、求和（功能分类、经济分类、部门、年度…） — aggregate query over the store
    Query(query::QueryArgs),
    /// 网页界面：总览、部门年度页（问题就地标注、图表）、问题清单、年度对比、区级汇总、上传审核 — the web UI
    Serve {
        /// 数据库文件（省略时使用临时数据库并载入内置示例） the store's file (default: a temporary one with the examples)
        #[arg(long)]
        db: Option<PathBuf>,
        /// 监听地址（默认仅本机；0.0.0.0:8080 对外开放；端口 0 自动选择） address to listen on
        #[arg(long, default_value = "127.0.0.1:8080")]
        bind: std::net::SocketAddr,
        /// 默认界面语言 default language (zh / en)
        #[arg(long, default_value = "zh")]
        lang: String,
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
        Command::Build { package, out, format, lang } => {
            build::formats(&format).and_then(|formats| build::run(&package, &out, &formats, parse_lang(&lang)))
        }
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
        Command::Audit { paths, format, config, lang, output, jobs, annotate } => {
            let options = AuditOptions { output: output.as_deref(), jobs, annotate: annotate.as_deref() };
            return run_audit(&paths, format, config.as_deref(), parse_lang(&lang), &options);
        }
        Command::Template { year, unit, template, out } => {
            workbook::template(year.unwrap_or_else(workbook::next_year), &unit, &template, &out)
        }
        Command::ExportWorkbook { package, out } => workbook::export(&package, &out),
        Command::Store { db, command } => store::run(&db, command),
        Command::Serve { db, bind, lang } => serve::run(db, bind, parse_lang(&lang)),
        Command::Query(args) => query::run(&args),
        Command::Import { document, out, force }
            if std::fs::read(&document).is_ok_and(|b| yusuan_workbook::is_fill_in(&b)) =>
        {
            workbook::import(&document, &out, force)
        }
        Command::Import { document, out, force } => {
            yusuan_audit::import::run(&document, &out, force).map(|(written, notes, summary)| {
                for p in &written {
                    println!("{}", p.display());
                }
                for n in &notes {
                    eprintln!("注意 note: {n}");
                }
                eprintln!("{summary}");
                eprintln!("已生成预算包 wrote package {}（{} 个文件）", out.display(), written.len());
            })
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

/// Where `yusuan audit` writes, besides the report.
struct AuditOptions<'a> {
    output: Option<&'a std::path::Path>,
    jobs: Option<usize>,
    annotate: Option<&'a std::path::Path>,
}

fn run_audit(
    paths: &[PathBuf],
    format: check::ReportFormat,
    config: Option<&std::path::Path>,
    lang: yusuan_check::Lang,
    options: &AuditOptions,
) -> ExitCode {
    use std::io::IsTerminal;
    let AuditOptions { output, jobs, annotate } = *options;
    let config = match check::load_config(config) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let (fill_in, files): (Vec<PathBuf>, Vec<PathBuf>) =
        yusuan_audit::pipeline::collect(paths).into_iter().partition(|f| {
            f.extension().is_some_and(|x| x == "xlsx")
                && std::fs::read(f).is_ok_and(|b| yusuan_workbook::is_fill_in(&b))
        });
    for f in &fill_in {
        eprintln!(
            "{0}: 这是预算填报工作簿，不是公开文件；请用 yusuan import {0} --out <包目录> 逐格检查并导入 (a fill-in workbook: use import)",
            f.display()
        );
    }
    if files.is_empty() && !fill_in.is_empty() {
        return ExitCode::from(2);
    }
    if files.is_empty() {
        eprintln!("没有可审核的文件（.txt / .html / .htm / .xlsx / .pdf） no documents found");
        return ExitCode::from(2);
    }
    let catalog = yusuan_model::Catalog::embedded();
    let jobs = jobs.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let publications = yusuan_audit::pipeline::publications(files);
    let bar = progress(publications.len(), "份文件");
    let audits = yusuan_audit::pipeline::audit_all(&publications, &catalog, &config, jobs, &|| bar.inc(1));
    bar.finish_and_clear();
    let color = output.is_none() && std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let bytes: Result<Vec<u8>, String> = match format {
        check::ReportFormat::Text => Ok(yusuan_audit::pipeline::text(&audits, lang, color).into_bytes()),
        check::ReportFormat::Json => Ok(yusuan_audit::pipeline::json(&audits, lang).into_bytes()),
        check::ReportFormat::Csv => Ok(yusuan_audit::pipeline::csv(&audits, lang).into_bytes()),
        check::ReportFormat::Xlsx => yusuan_audit::pipeline::xlsx(&audits, lang),
    };
    // Everything is made in memory before anything is written.
    let mut extra: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    if let (check::ReportFormat::Csv, Some(out)) = (format, output) {
        extra.push((summary_path(out), yusuan_audit::pipeline::summary_csv(&audits).into_bytes()));
    }
    if let Some(target) = annotate {
        match annotated(&audits, lang, target) {
            Ok(files) => extra.extend(files),
            Err(e) => {
                eprintln!("{e}");
                return ExitCode::from(2);
            }
        }
    }
    let written = bytes.and_then(|b| emit(&b, output, format == check::ReportFormat::Xlsx)).and_then(|()| {
        for (path, bytes) in &extra {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
            }
            yusuan_render::write_atomic(path, bytes).map_err(|e| format!("{}: {e}", path.display()))?;
        }
        Ok(())
    });
    if let Err(e) = written {
        eprintln!("{e}");
        return ExitCode::from(2);
    }
    if annotate.is_some() {
        for (path, _) in extra.iter().filter(|(p, _)| p.extension().is_some_and(|x| x == "pdf")) {
            eprintln!("已标注 annotated: {}", path.display());
        }
    }
    let failed = audits.iter().any(|a| a.error.is_some() || a.count(yusuan_check::Severity::Error) > 0);
    if failed { ExitCode::FAILURE } else { ExitCode::SUCCESS }
}

/// `问题.csv` → `问题.summary.csv`.
fn summary_path(out: &std::path::Path) -> PathBuf {
    let stem = out.file_stem().map_or_else(|| "audit".into(), |s| s.to_string_lossy().into_owned());
    out.with_file_name(format!("{stem}.summary.csv"))
}

/// The annotated copies of the audited PDFs: to `target` for a single PDF, else
/// into the directory `target`, one copy per PDF under its own name.
fn annotated(
    audits: &[yusuan_audit::DocAudit],
    lang: yusuan_check::Lang,
    target: &std::path::Path,
) -> Result<Vec<(PathBuf, Vec<u8>)>, String> {
    let mut copies = Vec::new();
    for a in audits {
        let pdf = a.parts.iter().any(|p| p.extension().is_some_and(|x| x.eq_ignore_ascii_case("pdf")));
        if !pdf && audits.len() > 1 {
            eprintln!("{}: 不是 PDF，不标注 (not a PDF: not annotated)", a.path.display());
            continue;
        }
        copies.extend(a.annotated(lang)?);
    }
    if let [(_, bytes)] = &copies[..]
        && !target.is_dir()
    {
        return Ok(vec![(target.to_owned(), bytes.clone())]);
    }
    if target.is_file() || target.extension().is_some_and(|x| x.eq_ignore_ascii_case("pdf")) {
        return Err(format!(
            "{}: 标注多个 PDF 时 --annotate 须为目录 (several PDFs: --annotate must name a directory)",
            target.display()
        ));
    }
    let mut out: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    for (part, bytes) in copies {
        let path = target.join(part.file_name().unwrap_or_default());
        if out.iter().any(|(p, _)| *p == path) {
            return Err(format!("{}: 两个 PDF 同名 (two PDFs of the same name)", path.display()));
        }
        out.push((path, bytes));
    }
    Ok(out)
}

/// A progress bar over `len` items named `what` (`份文件`), drawn only for more than one.
pub(crate) fn progress(len: usize, what: &str) -> indicatif::ProgressBar {
    let bar = indicatif::ProgressBar::new(len as u64);
    if len > 1 {
        bar.set_style(
            indicatif::ProgressStyle::with_template(&format!("{{bar:40}} {{pos}}/{{len}} {what} {{elapsed_precise}}"))
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
    } else {
        bar.set_draw_target(indicatif::ProgressDrawTarget::hidden());
    }
    bar
}

/// Writes `bytes` to `output` atomically, or to standard output (not a workbook: it needs a file).
fn emit(bytes: &[u8], output: Option<&std::path::Path>, workbook: bool) -> Result<(), String> {
    use std::io::Write;
    match output {
        Some(path) => yusuan_render::write_atomic(path, bytes).map_err(|e| format!("{}: {e}", path.display())),
        None if workbook => Err("xlsx 需要 --output <文件> (xlsx needs --output)".into()),
        None => std::io::stdout().write_all(bytes).map_err(|e| e.to_string()),
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
