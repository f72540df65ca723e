//! `yusuan query`: aggregates over the store (cut / drilldown / aggregate).

use std::path::{Path, PathBuf};

use yusuan_check::Lang;
use yusuan_store::{Query, Store};

#[derive(clap::Args)]
pub struct QueryArgs {
    /// 数据库文件 the store's file
    #[arg(long, default_value = "yusuan.db")]
    db: PathBuf,
    /// 切片 cuts: `year:2022|functional.1:201|department:某某局` (several values: `year:2021;2022`)
    #[arg(long, default_value = "")]
    cut: String,
    /// 下钻维度 drill-down dimensions: `functional.2|economic.1` (year, region, department, unit, kind, source,
    /// project, functional.1–3, economic.1–2, version)
    #[arg(long, default_value = "")]
    drilldown: String,
    /// 输出格式 output format
    #[arg(long, value_enum, default_value = "text")]
    format: QueryFormat,
    #[arg(long, default_value = "zh")]
    lang: String,
    /// 写入文件而非标准输出 write to a file (xlsx needs it)
    #[arg(long, short)]
    output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum QueryFormat {
    /// TAB 分隔的表格
    Text,
    Json,
    Csv,
    Xlsx,
}

pub fn run(args: &QueryArgs) -> Result<(), String> {
    let lang = crate::parse_lang(&args.lang);
    let query = Query::parse(&args.cut, &args.drilldown)?;
    if !args.db.exists() {
        return Err(format!("{}: 数据库不存在 no such store (yusuan store --db … add first)", args.db.display()));
    }
    let store = Store::open(&args.db).map_err(|e| format!("{}: {e}", args.db.display()))?;
    let agg = store.aggregate(&query).map_err(|e| e.to_string())?;
    let bytes = match args.format {
        QueryFormat::Text => text(&agg, lang).into_bytes(),
        QueryFormat::Json => serde_json::to_vec_pretty(&agg).map_err(|e| e.to_string())?,
        QueryFormat::Csv => yusuan_store::aggregate_csv(&agg, lang).into_bytes(),
        QueryFormat::Xlsx => yusuan_store::aggregate_xlsx(&agg, lang).map_err(|e| e.to_string())?,
    };
    crate::emit(&bytes, args.output.as_deref().map(Path::new), args.format == QueryFormat::Xlsx)
}

fn text(agg: &yusuan_store::Aggregate, lang: Lang) -> String {
    let mut out = String::new();
    for row in yusuan_store::aggregate_rows(agg, lang) {
        out.push_str(&row.join("\t"));
        out.push('\n');
    }
    out
}
