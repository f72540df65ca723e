//! The seed disclosure (2022 budget of the Jianghan District government office):
//! the 13 public tables of 第五部分 — 11 grids, the 整体绩效目标 form and five
//! 项目支出(绩效目标) forms.

mod common;

use yusuan_ingest::{Block, RawTable, header_and_body, parse_amount_cell};
use yusuan_model::{Amount, MoneyUnit};

const SEED: &str = "seed/jianghan-2022-zhengfuban.txt";

fn tables() -> Vec<RawTable> {
    let doc = common::read(SEED);
    common::summary(SEED, &doc);
    doc.tables().cloned().collect()
}

#[test]
fn finds_the_thirteen_public_tables_and_the_forms() {
    let doc = common::read(SEED);
    let tables: Vec<&RawTable> = doc.tables().collect();
    assert_eq!(tables.len(), 17, "11 grids + 1 整体绩效目标申报表 + 5 项目支出(绩效目标)申报表");

    // All of them lie in 第五部分 (line 231); nothing before it is a table.
    assert_eq!(doc.line(231), Some("第五部分 预算公开报表"));
    assert!(tables.iter().all(|t| t.span().0 > 231));
    let part_five = doc.blocks.iter().find_map(|b| match b {
        Block::Text(t) if t.text == "第五部分 预算公开报表" && t.line == 231 => Some(t.line),
        _ => None,
    });
    assert_eq!(part_five, Some(231), "the part heading stays text");
    // The table of contents (lines 39–51) stays text.
    for line in 39..=51 {
        assert!(
            doc.blocks.iter().any(|b| matches!(b, Block::Text(t) if t.line == line)),
            "TOC line {line} should be text"
        );
    }

    let titles: Vec<&str> = tables.iter().map(|t| t.title.as_deref().unwrap()).collect();
    assert_eq!(
        titles[..11],
        [
            "2022 年收支预算总表",
            "2022 年收入预算总表",
            "2022 年支出预算总表",
            "2022 年项目支出预算表",
            "2022 年财政拨款收支预算总表",
            "2022 年一般公共预算支出表",
            "2022 年一般公共预算基本支出表",
            "2022 年一般公共预算“三公”经费支出表",
            "2022 年政府性基金预算支出表",
            "2022 年政府采购预算表",
            "2022 年政府购买服务预算表",
        ]
    );
    assert_eq!(titles[11], "2022年江汉区部门整体绩效目标申报表");
    assert_eq!(titles[12..], ["2022年项目支出(绩效目标)申报表"; 5]);

    // Only tables 1 and 9 carry a `公开表 N` label in the seed.
    let numbers: Vec<Option<u32>> = tables.iter().map(|t| t.number).collect();
    let mut expected = vec![None; 17];
    expected[0] = Some(1);
    expected[8] = Some(9);
    assert_eq!(numbers, expected);

    // Every grid is in 万元; the forms state no unit.
    assert!(tables[..11].iter().all(|t| t.unit == Some(MoneyUnit::WanYuan)));
    assert!(tables[11..].iter().all(|t| t.unit.is_none()));

    // The five project forms, in order.
    let projects: Vec<&str> = tables[12..].iter().map(|t| t.rows[0].cell(1)).collect();
    assert_eq!(projects, ["调查研究", "聘用人员工作经费", "乡村振兴及对口帮扶工作", "专项工作", "区政府总值班室"]);
}

#[test]
fn table_one_metadata() {
    let tables = tables();
    let t1 = &tables[0];
    assert_eq!(t1.title_line, Some(235));
    assert_eq!(t1.number, Some(1));
    assert_eq!(t1.unit, Some(MoneyUnit::WanYuan));
    assert_eq!(t1.unit_name.as_deref(), Some("区政府办"));
    let preamble: Vec<&str> = t1.preamble.iter().map(|p| p.1.as_str()).collect();
    assert_eq!(preamble, ["公开表 1", "单位名称：区政府办", "单位：万元"]);
    let (header, body) = header_and_body(t1);
    assert_eq!((header.len(), body.len()), (2, 30));
    assert_eq!(header[0].cells, ["收入", "", "支出（功能）", "", "支出（经济分类）", ""]);
    assert_eq!(body.last().unwrap().cells, ["收入总计", "3,927.98", "支出总计", "3,927.98", "支出总计", "3,927.98"]);
}

#[test]
fn empty_tables_carry_their_statement() {
    let tables = tables();
    let (t9, t11) = (&tables[8], &tables[10]);
    assert_eq!(t9.trailing, [(459, "2022年无政府性基金预算支出。".to_owned())]);
    assert_eq!(t11.trailing, [(479, "2022年无政府购买服务预算。".to_owned())]);
    for t in [t9, t11] {
        let (header, body) = header_and_body(t);
        assert_eq!((header.len(), body.len()), (2, 0), "{:?}", t.title);
    }
    // No other table has trailing lines.
    let with_trailing = tables.iter().filter(|t| !t.trailing.is_empty()).count();
    assert_eq!(with_trailing, 2);
}

#[test]
fn body_row_counts() {
    let tables = tables();
    let body = |i: usize| header_and_body(&tables[i - 1]).1.len();
    let header = |i: usize| header_and_body(&tables[i - 1]).0.len();
    // 合计 + 5 类 + 6 款 + 12 项 … as printed: 23 body rows under 1 header row.
    assert_eq!((header(2), body(2)), (1, 23));
    assert_eq!((header(3), body(3)), (1, 23));
    assert_eq!((header(6), body(6)), (1, 23));
    // 合计 + 3 类 + 19 款 under two header rows (基本支出 / 小计 人员经费 公用经费).
    assert_eq!((header(7), body(7)), (2, 23));
    // 合计 + 5 projects.
    assert_eq!((header(4), body(4)), (2, 6));
    // 4 procurement lines, no total row.
    assert_eq!((header(10), body(10)), (2, 4));
}

#[test]
fn amounts_are_exact() {
    let tables = tables();
    let wan = MoneyUnit::WanYuan;
    // Table 2: the 类 rows (3-digit codes) add up to 合计 exactly.
    let (_, body) = header_and_body(&tables[1]);
    let total = parse_amount_cell(body[0].cell(2), wan).unwrap().unwrap();
    assert_eq!(body[0].cell(0), "合计");
    assert_eq!(total, Amount::from_fen(3_927_980_000));
    let classes: Amount =
        body.iter().filter(|r| r.cell(0).len() == 3).map(|r| parse_amount_cell(r.cell(2), wan).unwrap().unwrap()).sum();
    assert_eq!(classes, total);
    // Table 8 (三公): `10.0 0` as extracted from the PDF is 10.00 万元.
    let (_, body) = header_and_body(&tables[7]);
    assert_eq!(body[0].cell(5), "10.0 0");
    assert_eq!(parse_amount_cell(body[0].cell(5), wan), Ok(Some(Amount::from_fen(10_000_000))));
    assert_eq!(parse_amount_cell(body[0].cell(6), wan), Ok(None));
}
