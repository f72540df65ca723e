mod common;

use std::path::Path;

use yusuan_model::view::{Block, Span};
use yusuan_render::{UTF8_BOM, csv_file_name, html, markdown, table_csv, write_atomic};

/// Set `YUSUAN_RENDER_OUT=/some/dir` to also write the sample document there
/// (HTML, Markdown, CSVs) for looking at it in a browser or printing it.
#[test]
fn sample_outputs_when_asked() {
    let Some(dir) = std::env::var_os("YUSUAN_RENDER_OUT") else {
        return;
    };
    let dir = Path::new(&dir);
    std::fs::create_dir_all(dir).unwrap();
    let doc = common::document();
    write_atomic(&dir.join("yusuan-render-test.html"), html(&doc).as_bytes()).unwrap();
    write_atomic(&dir.join("yusuan-render-test.md"), markdown(&doc).as_bytes()).unwrap();
    for t in doc.tables() {
        write_atomic(&dir.join(csv_file_name(t)), table_csv(t).as_bytes()).unwrap();
    }
}

#[test]
fn html_escapes_text() {
    let mut doc = common::document();
    doc.title = "预算 <script>alert(1)</script>".into();
    doc.sections[0].blocks.push(Block::Paragraph(vec![
        Span::text("恶意 <script>alert(\"x\")</script> & 文本"),
        Span::Figure { key: "k\"><script>".into(), text: "<b>1</b>".into() },
    ]));
    let mut t = common::t07();
    t.rows[1].cells[1] = yusuan_model::Cell::text("<script>bad()</script>");
    doc.sections[0].blocks.push(Block::Table(t));
    let out = html(&doc);
    assert!(!out.contains("<script>"), "raw <script> in output");
    assert!(
        out.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt;")
            || out.contains("&lt;script&gt;alert(1)&lt;/script&gt;")
    );
    assert!(out.contains("&amp; 文本"));
    assert!(out.contains("&lt;b&gt;1&lt;"));
    assert!(!out.contains("data-key=\"k\">"), "attribute not escaped");
}

#[test]
fn html_structure() {
    let doc = common::document();
    let out = html(&doc);
    assert!(out.starts_with("<!DOCTYPE html>"));
    assert!(out.contains("<html lang=\"zh-CN\">"));
    assert!(out.contains("<meta charset=\"utf-8\">"));
    // self-contained: no external resources
    for needle in ["<link", "<script", "src=", "http://", "https://", "@import"] {
        assert!(!out.contains(needle), "external resource marker {needle}");
    }
    // the stylesheet arrives unescaped
    assert!(out.contains(
        "\"Noto Serif CJK SC\", \"Noto Sans CJK SC\", \"Source Han Serif SC\", \"SimSun\", \"Songti SC\", serif"
    ));
    assert!(out.contains("size: A4 landscape"));
    assert!(out.contains("thead { display: table-header-group; }"));
    // merged header cells
    assert!(out.contains("<th colspan=\"2\" scope=\"col\">收入</th>"));
    assert!(out.contains("<th rowspan=\"2\" scope=\"col\">经济科目编码</th>"));
    assert!(out.contains("<th colspan=\"3\" scope=\"col\">基本支出</th>"));
    // amounts, grouped, right-aligned
    assert!(out.contains("<td class=\"num\">3,927.98</td>"));
    assert!(out.contains("<td class=\"num\">2,728.80</td>"));
    assert!(!out.contains(">3927.98<"));
    // row kinds
    assert!(out.contains("<tr class=\"r-total\">"));
    assert!(out.contains("<tr class=\"r-class\" data-code=\"301\">"));
    assert!(out.contains("<td class=\"code\">2010301</td>"));
    // unit lines
    assert!(out.contains("<span class=\"unit\">单位：万元</span>"));
    assert!(out.contains("<span class=\"unit-name\">单位名称：区政府办</span>"));
    // empty statement
    assert!(out.contains("<td colspan=\"7\">2022年无政府性基金预算支出。</td>"));
    // figures
    assert!(out.contains("<span class=\"fig\" data-key=\"total\">3927.98 万元</span>"));
    assert!(out.contains("<span class=\"fig\" data-key=\"basic.share\">26.74%</span>"));
    // table of contents links to sections and tables
    assert!(out.contains("<a href=\"#part1\">第一部分 基本概况</a>"));
    assert!(out.contains("<a href=\"#part2-6-1\">（一）机关运行经费情况</a>"));
    assert!(out.contains("<a href=\"#part5-1\">一、2022 年收支预算总表</a>"));
    assert!(out.contains("id=\"tbl-t01\""));
    assert!(out.contains("id=\"part5-1\""), "the anchor of a section whose heading is the table title");
    assert!(out.contains("id=\"part2-6-1\""));
    // forms: spans and label cells
    assert!(out.contains("<td class=\"label\" rowspan=\"6\">2022年预算申报项目资金来源</td>"));
    assert!(out.contains("<td class=\"txt\" colspan=\"4\">"));
    assert!(out.contains("<td class=\"num\" colspan=\"2\">13.00</td>"));
    // wide tables on landscape pages, 14 columns also dense
    assert!(out.contains("class=\"group table-group wide newpage\""), "t03 has nine columns");
    assert!(out.contains("class=\"group table-group wide dense newpage\""), "t10 has fourteen columns");
    assert!(out.contains("class=\"group table-group newpage\""), "t01 has six columns");
    // the table title replaces a heading that repeats it
    assert!(!out.contains(">一、2022 年收支预算总表</h3>"));
    assert!(out.contains(">十三、项目支出预算绩效目标表</h3>"));
}

#[test]
fn markdown_has_toc_and_pipe_tables() {
    let doc = common::document();
    let md = markdown(&doc);
    assert!(md.starts_with("# 江汉区人民政府办公室 2022 年预算\n"));
    assert!(md.contains("## 目录\n\n- [第一部分 基本概况](#part1)\n  - [一、主要职能](#part1-1)\n"));
    assert!(md.contains("    - [（一）机关运行经费情况](#part2-6-1)\n"));
    assert!(md.contains("<a id=\"part1\"></a>\n\n## 第一部分 基本概况\n"));
    assert!(md.contains("### 一、主要职能"));
    assert!(md.contains("#### （一）机关运行经费情况"));
    assert!(md.contains("- 1、一般公共服务支出 883.46 万元；\n"));
    assert!(md.contains("**公开表 1\u{3000}2022 年收支预算总表**\n\n单位名称：区政府办\n\n单位：万元\n\n"));
    assert!(md.contains(
        "| 收入/项目 | 收入/预算数 | 支出（功能）/项目 | 支出（功能）/预算数 | 支出（经济分类）/项目 | 支出（经济分类）/预算数 |\n| :--- | ---: | :--- | ---: | :--- | ---: |\n"
    ));
    assert!(md.contains(
        "| 一、一般公共预算财政拨款收入 | 3,927.98 | 201 一般公共服务支出 | 883.46 | 301 工资福利支出 | 914.16 |\n"
    ));
    assert!(md.contains("| **合计** |  | **3,927.98** | **1,050.18** | **2,877.80** |  |  |  |  |\n"));
    assert!(md.contains("| 2010301 | 行政运行（政府办公厅） | 630.46 | 630.46 |  |  |  |  |  |\n"));
    // empty table: header, then the statement
    assert!(md.contains("| 功能科目编码 | 功能科目名称 | 单位代码 | 单位名称 | 本年政府性基金预算支出/总计 |"));
    assert!(md.contains("\n2022年无政府性基金预算支出。\n"));
    // notes
    assert!(md.contains("\n注：人员经费含工资福利支出"));
    // form: empty header, spans written once, labels bold, line breaks kept
    assert!(
        md.contains("**2022年项目支出(绩效目标)申报表**\n\n单位名称：（盖章）\n\n|   |   |   |   |   |\n| --- | --- | --- | --- | --- |\n")
    );
    assert!(md.contains("| **项目名称** | 调查研究 | **项目代码** |  |  |\n"));
    assert!(md.contains("| **2022年预算申报项目资金来源** | **来源项目** |  | **2022年预算申报数** |  |\n"));
    assert!(md.contains("|  | 当年预算合计 |  | 13.00 |  |\n"));
    assert!(md.contains("| 项目产出 | 产出数量 | 调研文集数 | ≥1本 |  |\n|  |  | 广角信息期数 | ≥12期 |  |\n"));
    assert!(md.contains("发布的公文；<br>2\\. 负责") || md.contains("发布的公文；<br>2. 负责"));
    // every pipe-table line of a table has the same number of cells
    for block in md.split("\n\n").filter(|b| b.starts_with('|')) {
        let counts: Vec<usize> = block.lines().map(|l| l.matches(" | ").count()).collect();
        assert!(counts.windows(2).all(|w| w[0] == w[1]), "ragged table:\n{block}");
    }
}

#[test]
fn markdown_escapes_text() {
    let mut doc = common::document();
    doc.sections[0].blocks.push(Block::Paragraph(vec![Span::text("<script>x</script> a|b *c*")]));
    let md = markdown(&doc);
    assert!(md.contains("\\<script\\>x\\</script\\> a\\|b \\*c\\*"));
}

#[test]
fn csv_is_machine_readable() {
    let t = common::t01();
    let csv = table_csv(&t);
    assert!(csv.starts_with(UTF8_BOM));
    let body = &csv[UTF8_BOM.len()..];
    let mut lines = body.split("\r\n");
    assert_eq!(
        lines.next().unwrap(),
        "收入/项目,收入/预算数,支出（功能）/项目,支出（功能）/预算数,支出（经济分类）/项目,支出（经济分类）/预算数"
    );
    assert_eq!(
        lines.next().unwrap(),
        "一、一般公共预算财政拨款收入,3927.98,201 一般公共服务支出,883.46,301 工资福利支出,914.16"
    );
    assert_eq!(
        lines.next().unwrap(),
        "二、政府性基金预算财政拨款收入,,208 社会保障和就业支出,120.24,302 商品和服务支出,212.44"
    );
    assert!(body.contains("\r\n本年收入合计,3927.98,本年支出合计,3927.98,本年支出合计,3927.98\r\n"));
    assert!(body.ends_with("\r\n"));
    assert!(!body.contains("3,927.98"), "thousands separator in CSV");

    // read back with a CSV reader: every record as wide as the header
    let mut r = csv::ReaderBuilder::new().from_reader(body.as_bytes());
    assert_eq!(r.headers().unwrap().len(), 6);
    assert_eq!(r.records().map(|rec| rec.unwrap().len()).collect::<Vec<_>>(), vec![6; t.rows.len()]);

    let t3 = table_csv(&common::t03());
    assert!(t3.contains("\r\n2130599,其他巩固脱贫衔接乡村振兴支出,2728.80,,2728.80,,,,\r\n"));
    assert!(t3.contains("\r\n合计,,3927.98,1050.18,2877.80,,,,\r\n"));

    // an empty table is its header line
    let t9 = table_csv(&common::t09());
    assert_eq!(t9.matches("\r\n").count(), 1);
    assert!(t9.contains("本年政府性基金预算支出/总计"));
}

#[test]
fn csv_file_names() {
    assert_eq!(csv_file_name(&common::t01()), "01-收支预算总表.csv");
    assert_eq!(csv_file_name(&common::t10()), "10-政府采购预算表.csv");
    let mut t = common::t07();
    t.title = "2022 年一般公共预算“三公”经费支出表 / 区: 本级?".into();
    assert_eq!(csv_file_name(&t), "07-一般公共预算“三公”经费支出表区本级.csv");
    t.number = 0;
    t.title = "整体支出预算绩效目标表".into();
    assert_eq!(csv_file_name(&t), "t07-整体支出预算绩效目标表.csv");
}

#[test]
fn write_atomic_replaces_and_leaves_no_temp_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.html");
    write_atomic(&path, b"first").unwrap();
    write_atomic(&path, "第二版".as_bytes()).unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "第二版");
    let names: Vec<String> =
        std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert_eq!(names, vec!["out.html".to_owned()]);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o644, "not the owner-only mode of temporary files");
    }
    // a failing write leaves nothing behind either
    let missing = dir.path().join("no-such-dir").join("x.csv");
    assert!(write_atomic(&missing, b"x").is_err());
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn tables_inside_narrative_sections_get_their_own_toc_entry() {
    let mut doc = common::document();
    doc.sections[1].children[1].blocks.push(Block::Table(common::t07()));
    let out = html(&doc);
    assert!(out.contains(
        "<li class=\"toc-l3 toc-table\"><a href=\"#tbl-t07\">公开表 7\u{3000}2022 年一般公共预算基本支出表</a></li>"
    ));
    // the section heading is kept, and the table does not force a page break
    assert!(out.contains(">六、其他重要事项的情况说明</h3>"));
    assert!(out.contains("<div class=\"group table-group\">"));
    let md = markdown(&doc);
    assert!(md.contains(
        "  - [六、其他重要事项的情况说明](#part2-6)\n    - [公开表 7\u{3000}2022 年一般公共预算基本支出表](#tbl-t07)\n"
    ));
}

#[test]
fn duplicate_and_blank_ids_get_unique_anchors() {
    let mut doc = common::document();
    doc.sections[0].id = "part2".into();
    doc.sections[2].children[0].id = " ".into();
    let out = html(&doc);
    assert!(out.contains("id=\"part2\""));
    assert!(out.contains("id=\"part2-2\""));
    assert!(out.contains("id=\"section\""));
}

#[test]
fn an_empty_document_renders() {
    let doc = yusuan_model::view::Document {
        title: "空".into(),
        year: 2022,
        department: String::new(),
        unit: yusuan_model::MoneyUnit::WanYuan,
        sections: vec![],
    };
    assert!(html(&doc).contains("<title>空</title>"));
    assert_eq!(markdown(&doc), "# 空\n");
    let mut t = common::t09();
    t.columns.clear();
    t.header.clear();
    assert_eq!(table_csv(&t), UTF8_BOM);
    assert!(html(&yusuan_model::view::Document { sections: vec![], ..doc }).contains("</html>"));
}

/// `html_addressed` names every body cell `table:row:col` and every paragraph / list item
/// `section:index`, as `yusuan_check::CellRef` / `TextRef` do; `html` stays as it was.
#[test]
fn addressed_html_names_cells_and_paragraphs() {
    let mut doc = common::document();
    doc.sections[1].children[1].blocks.push(Block::Paragraph(vec![Span::text("甲")]));
    doc.sections[1].children[1].blocks.push(Block::List(vec![vec![Span::text("乙")], vec![Span::text("丙")]]));
    doc.sections[1].children[1].blocks.push(Block::Paragraph(vec![Span::text("丁")]));
    let section = doc.sections[1].children[1].id.clone();
    let before = doc.sections[1].children[1].blocks.iter().filter(|b| matches!(b, Block::Paragraph(_))).count() - 2;
    let out = yusuan_render::html_addressed(&doc);
    assert!(out.contains(&format!("<p data-text=\"{section}:{before}\">甲</p>")), "{section}:{before}");
    assert!(out.contains(&format!("<li data-text=\"{section}:{}\">乙</li>", before + 1)));
    assert!(out.contains(&format!("<li data-text=\"{section}:{}\">丙</li>", before + 2)));
    assert!(out.contains(&format!("<p data-text=\"{section}:{}\">丁</p>", before + 3)));
    // t01's first body row (row 0), second leaf column (col 1); t07's total row is its last
    let t07 = common::t07();
    let last = t07.rows.len() - 1;
    doc.sections[0].blocks.push(Block::Table(t07));
    let out = yusuan_render::html_addressed(&doc);
    assert!(out.contains("<td class=\"txt\" data-cell=\"t01:0:0\">"), "t01 row 0 col 0");
    assert!(out.contains(&format!("data-cell=\"t07:{last}:2\"")));
    // forms: grid row and cell index
    assert!(out.contains("data-cell=\"p-diaoyan:0:0\""));
    // the plain page and the presentation model carry no addresses
    let plain = html(&doc);
    assert!(!plain.contains("data-cell") && !plain.contains("data-text"));
    assert!(!yusuan_render::presentation_json(&doc).contains("\"addr"));
}
