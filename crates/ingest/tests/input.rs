//! Input handling (encodings, line breaks, empty input) and the grouping rules on
//! small synthetic documents.

mod common;

use yusuan_ingest::{Block, IngestError, TextDocument, header_and_body};
use yusuan_model::MoneyUnit;

#[test]
fn gb18030_decodes_and_garbage_is_a_clear_error() {
    // "单位：万元" in GB18030.
    let gb18030 = b"\xb5\xa5\xce\xbb\xa3\xba\xcd\xf2\xd4\xaa\n";
    let doc = TextDocument::from_bytes(gb18030, "jianghan-gbk.txt").unwrap();
    assert_eq!(doc.lines, ["单位：万元"]);
    let garbage = b"\x80\xff\xfe\x00\x81";
    let err = TextDocument::from_bytes(garbage, "jianghan.bin").unwrap_err();
    assert!(matches!(err, IngestError::NotUtf8 { offset: 0, .. }), "{err:?}");
    let message = err.to_string();
    assert!(message.starts_with("jianghan.bin: 不是文本文件"), "{message}");
    assert!(message.contains("GB18030"), "{message}");

    // Valid UTF-8 up to byte 6, then a stray byte.
    let err = TextDocument::from_bytes(b"\xe6\xb1\x9f\xe6\xb1\x89\xff", "x").unwrap_err();
    assert!(matches!(err, IngestError::NotUtf8 { offset: 6, .. }), "{err:?}");

    // Through the file reader, the error names the file.
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("yusuan-ingest-not-utf8.txt");
    std::fs::write(&path, garbage).unwrap();
    let err = TextDocument::read(&path).unwrap_err();
    assert!(err.to_string().contains("yusuan-ingest-not-utf8.txt"), "{err}");
    std::fs::remove_file(&path).unwrap();

    let err = TextDocument::read("/nonexistent/yusuan/missing.txt").unwrap_err();
    assert!(matches!(err, IngestError::Io { .. }));
    assert!(err.to_string().starts_with("/nonexistent/yusuan/missing.txt: cannot read"), "{err}");
}

#[test]
fn empty_input_is_an_empty_document() {
    for input in [&b""[..], b"\xef\xbb\xbf", b"\n\n  \n", b"\r\n"] {
        let doc = TextDocument::from_bytes(input, "empty").unwrap();
        assert!(doc.blocks.is_empty(), "{input:?}");
        assert_eq!(doc.tables().count(), 0);
    }
    assert_eq!(TextDocument::parse("").lines.len(), 0);
}

#[test]
fn bom_crlf_fullwidth_spaces_and_trailing_empty_cells() {
    let text = "\u{feff}2022 年收支预算总表\r\n单位：万元\r\n\u{3000}项目\u{3000}\t预算数\t\r\n合计\t3,927.98\t\r\n";
    let doc = TextDocument::parse(text);
    assert_eq!(doc.lines, ["2022 年收支预算总表", "单位：万元", "\u{3000}项目\u{3000}\t预算数\t", "合计\t3,927.98\t"]);
    let t: Vec<_> = doc.tables().collect();
    assert_eq!(t.len(), 1);
    assert_eq!(t[0].title.as_deref(), Some("2022 年收支预算总表"));
    assert_eq!(t[0].title_line, Some(1));
    assert_eq!(t[0].unit, Some(MoneyUnit::WanYuan));
    assert_eq!(t[0].rows[0].cells, ["项目", "预算数", ""]);
    assert_eq!(t[0].rows[1].cells, ["合计", "3,927.98", ""]);
    assert_eq!(t[0].column_count(), 3);
    // A lone `\r` also ends a line.
    assert_eq!(TextDocument::parse("a\rb").lines, ["a", "b"]);
    common::assert_partition(&doc);
}

/// Pages break a table: a page number and a repeated blank line do not split it,
/// unruled cell text between two runs stays inside, a note ends it.
#[test]
fn continuation_inner_lines_and_notes() {
    let text = "\
目录
一、收支预算总表
二、收入预算总表
叙述文字，说明情况。
公开表 1
一、收支预算总表
单位：元
项目\t金额
合计\t10.00

─ 3 ─

科目编码
201\t5.00
注：本表反映部门收支情况，
按规定填列。
其他相关情况说明
";
    let doc = TextDocument::parse(text);
    common::assert_partition(&doc);
    let t: Vec<_> = doc.tables().collect();
    assert_eq!(t.len(), 1, "{:#?}", doc.blocks);
    let t = t[0];
    assert_eq!((t.title.as_deref(), t.number, t.unit), (Some("收支预算总表"), Some(1), Some(MoneyUnit::Yuan)));
    assert_eq!(t.title_line, Some(6));
    assert_eq!(t.rows.len(), 3);
    assert_eq!(t.inner, [(13, "科目编码".to_owned())]);
    assert_eq!(t.trailing.len(), 2);
    let (header, body) = header_and_body(t);
    assert_eq!((header.len(), body.len()), (1, 2));
    // The TOC entries and the heading after the table stay text.
    let texts: Vec<&str> =
        doc.blocks.iter().filter_map(|b| if let Block::Text(l) = b { Some(l.text.as_str()) } else { None }).collect();
    assert_eq!(texts, ["目录", "一、收支预算总表", "二、收入预算总表", "叙述文字，说明情况。", "其他相关情况说明"]);
}

/// A new title or label ends a table; a label after a title belongs to it; rows
/// after narrative form an untitled table; a title with no rows stays text.
#[test]
fn titles_labels_and_untitled_tables() {
    let text = "\
收入预算总表
公开表二
部门： 某某厅 单位：万元
项目\t金额
合计\t1.00
公开03表
14
支出预算总表
项目\t金额
总计\t2.00
第三部分 情况说明
这是一段叙述，不是表格。
序号\t单位名称
1\t某某厅本级
政府采购预算表
第四部分 名词解释
";
    let doc = TextDocument::parse(text);
    common::assert_partition(&doc);
    let t: Vec<_> = doc.tables().collect();
    assert_eq!(t.len(), 3);
    assert_eq!((t[0].title.as_deref(), t[0].number), (Some("收入预算总表"), Some(2)));
    assert_eq!(t[0].unit_name.as_deref(), Some("某某厅"));
    assert_eq!((t[1].title.as_deref(), t[1].number, t[1].unit), (Some("支出预算总表"), Some(3), None));
    assert_eq!((t[2].title.as_deref(), t[2].rows.len()), (None, 2));
    // A unit statement right after rows opens the next, untitled, table.
    let units_doc = TextDocument::parse("收入预算总表\n项目\t金额\n合计\t1.00\n单位：元\n项目\t金额\n合计\t2.00\n");
    let units: Vec<_> = units_doc.tables().map(|t| (t.title.as_deref(), t.unit)).collect();
    assert_eq!(units, [(Some("收入预算总表"), None), (None, Some(MoneyUnit::Yuan))]);
    // `政府采购预算表` has no rows: it is text, like the part headings.
    assert!(doc.blocks.iter().any(|b| matches!(b, Block::Text(l) if l.text == "政府采购预算表")));
}

/// Title vocabulary without 表 starts a table only outside one: a 三公 heading cell
/// printed above the grid stays in the preamble, and a row label such as
/// `二、政府性基金预算财政拨款` between two runs does not split the table.
#[test]
fn vocabulary_lines_inside_tables() {
    let text = "\
财政拨款“三公”经费支出决算表
单位：万元
财政拨款“三公”经费
合计\t因公出国（境）费
1.00\t0.50
二、政府性基金预算财政拨款
\t0.50
";
    let doc = TextDocument::parse(text);
    common::assert_partition(&doc);
    let t: Vec<_> = doc.tables().collect();
    assert_eq!(t.len(), 1);
    assert_eq!(t[0].preamble.len(), 2);
    assert_eq!(t[0].rows.len(), 3);
    assert_eq!(t[0].inner, [(6, "二、政府性基金预算财政拨款".to_owned())]);
    let (header, body) = header_and_body(t[0]);
    assert_eq!((header.len(), body.len()), (1, 2));
}
