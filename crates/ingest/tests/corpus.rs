//! Real disclosures of other templates (`shared/corpus/`, see its INDEX.md):
//! every table title is found, with its number and unit; counts checked by
//! reading the files. Run with `--nocapture` for a per-table summary.

mod common;

use yusuan_ingest::{RawTable, TextDocument, header_and_body};
use yusuan_model::MoneyUnit::{self, WanYuan, Yuan};

fn tables(doc: &TextDocument) -> Vec<&RawTable> {
    doc.tables().collect()
}

fn titles<'a>(tables: &[&'a RawTable]) -> Vec<&'a str> {
    tables.iter().map(|t| t.title.as_deref().unwrap_or("(untitled)")).collect()
}

fn units(tables: &[&RawTable]) -> Vec<Option<MoneyUnit>> {
    tables.iter().map(|t| t.unit).collect()
}

fn numbers(tables: &[&RawTable]) -> Vec<Option<u32>> {
    tables.iter().map(|t| t.number).collect()
}

fn one_to_twelve() -> Vec<Option<u32>> {
    (1..=12).map(Some).collect()
}

fn load(file: &str) -> TextDocument {
    let doc = common::read(&format!("corpus/{file}"));
    common::summary(file, &doc);
    doc
}

/// Shanghai 2026 budget: nine tables in 元, the 三公 table in 万元, `编制部门：… 单位：元` lines.
#[test]
fn c005_shanghai_budget_in_yuan() {
    let doc = load("005_shpt_sifaju_2026_bumen_yusuan.txt");
    assert_eq!(doc.header[1].0, "kind");
    let t = tables(&doc);
    assert_eq!(
        titles(&t),
        [
            "2026年部门财务收支预算总表",
            "2026年部门收入预算总表",
            "2026年部门支出预算总表",
            "2026年部门财政拨款收支预算总表",
            "2026年部门一般公共预算支出功能分类预算表",
            "2026年部门政府性基金预算支出功能分类预算表",
            "2026年部门国有资本经营预算支出功能分类预算表",
            "2026年部门一般公共预算基本支出部门预算经济分类预算表",
            "2026年部门“三公”经费和机关运行经费预算表",
        ]
    );
    let mut expected = vec![Some(Yuan); 8];
    expected.push(Some(WanYuan));
    assert_eq!(units(&t), expected);
    assert!(t.iter().all(|t| t.unit_name.as_deref() == Some("上海市普陀区司法局")));
    // 一般公共预算支出功能分类预算表: lines 192–219, three header rows (项目 / 编码… / 类 款 项).
    let (header, body) = header_and_body(t[4]);
    assert_eq!((header.len(), body.len()), (3, 25));
    assert_eq!(body[0].cells, ["204", "", "", "公共安全支出", "87267272.44", "16726725.44", "70540547.00"]);
    // The empty fund tables: header only, then `无`, `合计` and the note.
    for i in [5, 6] {
        let (header, body) = header_and_body(t[i]);
        assert_eq!((header.len(), body.len()), (3, 0));
        let trailing: Vec<&str> = t[i].trailing.iter().map(|p| p.1.as_str()).collect();
        assert_eq!(trailing[..2], ["无", "合计"]);
        assert!(trailing[2].starts_with("注:本部门2026年无"), "{trailing:?}");
    }
}

/// Shanghai 2023 street budget: nine tables plus five 财政项目支出绩效目标填报表 forms.
#[test]
fn c008_budget_with_performance_forms() {
    let doc = load("008_shpt_wanlijiedao_2023_bumen_yusuan.txt");
    let t = tables(&doc);
    assert_eq!(t.len(), 14);
    assert_eq!(t[0].title.as_deref(), Some("2023年部门财务收支预算总表"));
    assert_eq!(t[8].title.as_deref(), Some("2023年部门“三公”经费和机关运行经费预算表"));
    assert!(t[9..].iter().all(|t| t.title.as_deref() == Some("财政项目支出绩效目标填报表")));
    let mut expected = vec![Some(Yuan); 8];
    expected.push(Some(WanYuan));
    expected.extend([None; 5]);
    assert_eq!(units(&t), expected);
    // 收入预算总表: 70 rows on lines 169–238; the forms: 15, 14, 14, 53, 19 rows.
    assert_eq!((t[1].rows.len(), t[1].rows[0].line, t[1].rows[69].line), (70, 169, 238));
    let form_rows: Vec<usize> = t[9..].iter().map(|t| t.rows.len()).collect();
    assert_eq!(form_rows, [15, 14, 14, 53, 19]);
    assert_eq!(t[9].preamble, [(512, "（2023年度）".to_owned())]);
    assert_eq!(t[9].rows[0].cell(2), "新建万里街道社区公共服务中心");
}

/// Jiangsu 2019, narrative PDF + table PDF; label after the title (`公开表一`), and the
/// 三公 table prints `部门：… 单位：万元` as a grid row.
#[test]
fn c013_jiangsu_labels_after_titles() {
    let doc = load("013_js_renda_changweihui_2019_yusuan.txt");
    let t = tables(&doc);
    assert_eq!(
        titles(&t),
        [
            "收支预算总表",
            "收入预算总表",
            "支出预算总表",
            "财政拨款收支预算总表",
            "财政拨款支出预算表（功能科目）",
            "财政拨款基本支出预算表（经济科目）",
            "一般公共预算支出预算表（功能科目）",
            "一般公共预算基本支出预算表（经济科目）",
            "“三公”经费、会议费、培训费支出预算表",
            "财政拨款政府性基金支出预算表",
            "一般公共预算机关运行经费支出预算表",
            "2019年政府采购预算表",
        ]
    );
    assert_eq!(numbers(&t), one_to_twelve());
    assert_eq!(units(&t), [Some(WanYuan); 12]);
    assert!(t.iter().all(|t| t.unit_name.as_deref() == Some("江苏省人大常委会办公厅")));
    // The 三公 table's unit comes from its first row.
    assert!(t[8].preamble.iter().all(|(_, l)| !l.contains("单位")));
    assert_eq!(t[8].rows[0].cell(6), "单位：万元");
    // Row counts: lines 416–437 and 536–548.
    assert_eq!((t[4].rows.len(), t[10].rows.len()), (22, 13));
    // The empty fund table: one header row, then a lone `合计` line.
    assert_eq!(t[9].rows.len(), 1);
    assert_eq!(t[9].trailing, [(532, "合计".to_owned())]);
}

/// Jiangsu 2019, one PDF: `公开01表` labels before the titles, page numbers between
/// label and title, a table split by unruled cell text, notes with wrapped lines.
#[test]
fn c014_jiangsu_labels_before_titles() {
    let doc = load("014_js_jianchayuan_2019_yusuan.txt");
    let t = tables(&doc);
    assert_eq!(t.len(), 12);
    assert_eq!(numbers(&t), one_to_twelve());
    assert_eq!(units(&t), [Some(WanYuan); 12]);
    assert_eq!(titles(&t)[..4], ["收支预算总表", "收入预算总表", "支出预算总表", "财政拨款收支预算总表"]);
    assert_eq!(titles(&t)[11], "政府采购支出预算表");
    // 收支预算总表: rows 269–278, 280, 282–301 with `二、财政专户管理资` / `金` between them.
    let first = t[0];
    assert_eq!(first.rows.len(), 31);
    assert_eq!(first.inner, [(279, "二、财政专户管理资".to_owned()), (281, "金".to_owned())]);
    // 公开04表 / 15 / 财政拨款收支预算总表: the page number does not separate label and title.
    assert_eq!((t[3].number, t[3].title_line), (Some(4), Some(328)));
    // 机关运行经费表: a four-line note (the wrapped 1. and the item 2.).
    assert_eq!(t[10].trailing.len(), 5, "{:?}", t[10].trailing);
    assert!(t[10].trailing[4].1.starts_with("2.“科目编码”"));
    // The note that lost its 注 in the PDF itself still belongs to its table.
    assert_eq!(t[4].trailing, [(358, "：“科目编码”和“科目名称”为必填项。".to_owned())]);
}

/// Jiangsu 2019 court: the 收入预算总表 broken by unruled row labels, a 三公 table
/// whose unit is clipped to `单位：万`.
#[test]
fn c017_jiangsu_split_rows() {
    let doc = load("017_js_gaoyuan_2019_yusuan.txt");
    let t = tables(&doc);
    assert_eq!(t.len(), 12);
    assert_eq!(numbers(&t), one_to_twelve());
    assert_eq!(units(&t), [Some(WanYuan); 12]);
    assert_eq!(t[8].title.as_deref(), Some("“三公”经费、会议费、培训费支出预算表"));
    let income = t[1];
    assert_eq!(income.title.as_deref(), Some("收入预算总表"));
    assert_eq!(income.rows.len(), 18);
    let inner: Vec<&str> = income.inner.iter().map(|p| p.1.as_str()).collect();
    assert_eq!(inner, ["政府性基金", "财政专户管理资金", "其他资金", "上年结转和结余资金"]);
}

/// Jiangsu 2018: `公开 02 表：收入预算总表` (label and title in one line) and a title
/// wrapped over two lines.
#[test]
fn c019_inline_labels_and_wrapped_title() {
    let doc = load("019_js_jianchayuan_2018_yusuan.txt");
    let t = tables(&doc);
    assert_eq!(numbers(&t), one_to_twelve());
    assert_eq!(units(&t), [Some(WanYuan); 12]);
    assert_eq!(t[1].title.as_deref(), Some("收入预算总表"));
    assert_eq!(t[8].title.as_deref(), Some("一般公共预算“三公”经费、会议费、培训费支出预算表"));
    assert_eq!(t[8].title_line, Some(458));
    assert_eq!(t[9].title.as_deref(), Some("政府性基金支出预算表"));
    let trailing: Vec<&str> = t[9].trailing.iter().map(|p| p.1.as_str()).collect();
    assert_eq!(trailing, ["此表为空", "说明：本部门无相关收支项目。"]);
}

/// Jiangsu 2018 court: titles numbered `一、…` to `十二、…`, unruled rows printed as
/// space-separated text inside the tables.
#[test]
fn c022_numbered_titles() {
    let doc = load("022_js_gaoyuan_2018_yusuan.txt");
    let t = tables(&doc);
    assert_eq!(numbers(&t), one_to_twelve());
    assert_eq!(units(&t), [Some(WanYuan); 12]);
    assert_eq!(t[0].title.as_deref(), Some("2018年度江苏省高级人民法院收支预算总表"));
    assert_eq!(t[11].title.as_deref(), Some("2018年江苏省高级人民法院政府采购预算表"));
    // 财政拨款基本支出预算表: the unruled 30108 row stays inside the table.
    assert_eq!(t[5].inner, [(265, "30108  机关事业单位基本养老保险缴费  1,326.81".to_owned())]);
    assert_eq!(t[5].rows.len(), 34);
}

/// Every corpus file reads without error; lines are partitioned into blocks; the
/// table counts match INDEX.md (plus the untitled 单位构成 table of the 决算 files).
#[test]
fn whole_corpus() {
    let expected: [(&str, usize); 23] = [
        ("001", 10),
        ("002", 9),
        ("003", 10),
        ("004", 10),
        ("005", 9),
        ("006", 9),
        ("007", 9),
        ("008", 14),
        ("009", 9),
        ("010", 9),
        ("011", 9),
        ("012", 9),
        ("013", 12),
        ("014", 12),
        ("015", 12),
        ("016", 12),
        ("017", 12),
        ("018", 12),
        ("019", 12),
        ("020", 12),
        ("021", 12),
        ("022", 12),
        ("023", 0), // flattened: no TAB rows at all
    ];
    let mut files: Vec<_> = std::fs::read_dir(common::shared("corpus"))
        .expect("shared/corpus beside the repository")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    assert_eq!(files.len(), expected.len());
    for (path, (prefix, count)) in files.iter().zip(expected) {
        let name = path.file_name().unwrap().to_string_lossy();
        assert!(name.starts_with(prefix), "{name}");
        let doc = TextDocument::read(path).unwrap();
        common::assert_partition(&doc);
        let t = tables(&doc);
        println!("{name}: {} tables", t.len());
        assert_eq!(t.len(), count, "{name}");
        // Every titled table of 001–022 states its unit, except the project forms of 008.
        for table in t.iter().filter(|t| t.title.as_deref().is_some_and(|s| !s.contains("绩效目标"))) {
            assert!(table.unit.is_some(), "{name}: {:?} has no unit", table.title);
        }
        // The untitled tables are the 单位构成 lists of the 决算 files.
        for table in t.iter().filter(|t| t.title.is_none()) {
            assert_eq!(table.rows[0].cell(0), "序号", "{name}");
        }
    }
}
