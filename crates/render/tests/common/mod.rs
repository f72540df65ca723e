//! A small but realistic disclosure, modelled on the 2022 budget of the General
//! Office of the Jianghan District People's Government (the seed document).

#![allow(dead_code)]

use yusuan_model::view::{
    Block, Cell, Column, ColumnKind, Document, Form, FormCell, HeaderCell, Row, RowKind, Section, Span, Table,
};
use yusuan_model::{Amount, MoneyUnit};

pub fn wan(s: &str) -> Cell {
    Cell::Amount(Amount::parse_in(s, MoneyUnit::WanYuan).unwrap())
}

fn t(s: &str) -> Cell {
    Cell::text(s)
}

fn col(key: &str, label: &str, kind: ColumnKind) -> Column {
    Column { key: key.into(), label: label.into(), kind }
}

fn hc(text: &str, colspan: u16, rowspan: u16) -> HeaderCell {
    HeaderCell { text: text.into(), colspan, rowspan }
}

fn fig(key: &str, text: &str) -> Span {
    Span::Figure { key: key.into(), text: text.into() }
}

fn txt(s: &str) -> Span {
    Span::text(s)
}

fn section(id: &str, heading: &str, level: u8, blocks: Vec<Block>, children: Vec<Section>) -> Section {
    Section { id: id.into(), heading: heading.into(), level, blocks, children }
}

fn kind_of(code: &str) -> RowKind {
    match code.len() {
        3 => RowKind::Class,
        5 => RowKind::Section,
        _ => RowKind::Item,
    }
}

fn blank_or(s: &str) -> Cell {
    if s.is_empty() { Cell::Empty } else { wan(s) }
}

/// 公开表 1 收支预算总表: a two-level header (收入 | 支出（功能） | 支出（经济分类）).
pub fn t01() -> Table {
    let lines: &[(&str, &str, &str, &str, &str, &str)] = &[
        ("一、一般公共预算财政拨款收入", "3927.98", "201 一般公共服务支出", "883.46", "301 工资福利支出", "914.16"),
        ("二、政府性基金预算财政拨款收入", "", "208 社会保障和就业支出", "120.24", "302 商品和服务支出", "212.44"),
        ("三、事业收入", "", "210 卫生健康支出", "73.09", "303 对个人和家庭的补助", "83.58"),
        ("四、其他收入", "", "213 农林水支出", "2728.80", "399 其他支出", "2717.80"),
        ("", "", "221 住房保障支出", "122.39", "", ""),
    ];
    let mut rows: Vec<Row> = lines
        .iter()
        .map(|(a, b, c, d, e, f)| Row {
            line: None,
            kind: RowKind::Line,
            code: None,
            cells: vec![t(a), blank_or(b), t(c), blank_or(d), t(e), blank_or(f)],
        })
        .collect();
    for (label_in, label_out, v) in [("本年收入合计", "本年支出合计", "3927.98"), ("收入总计", "支出总计", "3927.98")]
    {
        rows.push(Row {
            line: None,
            kind: RowKind::Total,
            code: None,
            cells: vec![t(label_in), wan(v), t(label_out), wan(v), t(label_out), wan(v)],
        });
    }
    Table {
        role: String::new(),
        id: "t01".into(),
        number: 1,
        title: "2022 年收支预算总表".into(),
        unit_name: Some("区政府办".into()),
        unit: MoneyUnit::WanYuan,
        decimals: 2,
        header: vec![
            vec![hc("收入", 2, 1), hc("支出（功能）", 2, 1), hc("支出（经济分类）", 2, 1)],
            vec![
                hc("项目", 1, 1),
                hc("预算数", 1, 1),
                hc("项目", 1, 1),
                hc("预算数", 1, 1),
                hc("项目", 1, 1),
                hc("预算数", 1, 1),
            ],
        ],
        columns: vec![
            col("income_item", "收入/项目", ColumnKind::Text),
            col("income", "收入/预算数", ColumnKind::Amount),
            col("func_item", "支出（功能）/项目", ColumnKind::Text),
            col("func", "支出（功能）/预算数", ColumnKind::Amount),
            col("econ_item", "支出（经济分类）/项目", ColumnKind::Text),
            col("econ", "支出（经济分类）/预算数", ColumnKind::Amount),
        ],
        rows,
        empty_statement: None,
        notes: vec![],
    }
}

/// 公开表 3 支出预算总表: nine columns (landscape), 合计 / 类 / 款 / 项 rows.
pub fn t03() -> Table {
    let data: &[(&str, &str, &str, &str, &str)] = &[
        ("201", "一般公共服务", "883.46", "734.46", "149.00"),
        ("20103", "政府办公厅（室）及相关机构事务", "883.46", "734.46", "149.00"),
        ("2010301", "行政运行（政府办公厅）", "630.46", "630.46", ""),
        ("2010302", "一般行政管理事务（政府办公厅）", "184.00", "104.00", "80.00"),
        ("2010399", "其他政府办公厅（室）及相关机构事务支出", "69.00", "", "69.00"),
        ("208", "社会保障和就业支出", "120.24", "120.24", ""),
        ("20805", "行政事业单位养老支出", "120.24", "120.24", ""),
        ("2080501", "行政单位离退休", "69.87", "69.87", ""),
        ("2080505", "机关事业单位基本养老保险缴费支出", "44.57", "44.57", ""),
        ("2080599", "其他行政事业单位养老支出", "5.80", "5.80", ""),
        ("210", "卫生健康支出", "73.09", "73.09", ""),
        ("21011", "行政事业单位医疗", "73.09", "73.09", ""),
        ("2101101", "行政单位医疗", "28.58", "28.58", ""),
        ("2101103", "公务员医疗补助", "44.51", "44.51", ""),
        ("213", "农林水支出", "2728.80", "", "2728.80"),
        ("21305", "巩固脱贫衔接乡村振兴", "2728.80", "", "2728.80"),
        ("2130599", "其他巩固脱贫衔接乡村振兴支出", "2728.80", "", "2728.80"),
        ("221", "住房保障支出", "122.39", "122.39", ""),
        ("22102", "住房改革支出", "122.39", "122.39", ""),
        ("2210201", "住房公积金", "83.09", "83.09", ""),
        ("2210202", "提租补贴", "17.32", "17.32", ""),
        ("2210203", "购房补贴", "21.98", "21.98", ""),
    ];
    let mut rows = vec![Row {
        line: None,
        kind: RowKind::Total,
        code: None,
        cells: vec![
            t("合计"),
            Cell::Empty,
            wan("3927.98"),
            wan("1050.18"),
            wan("2877.80"),
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
        ],
    }];
    for (code, name, total, basic, project) in data {
        rows.push(Row {
            line: None,
            kind: kind_of(code),
            code: Some((*code).into()),
            cells: vec![
                t(code),
                t(name),
                wan(total),
                blank_or(basic),
                blank_or(project),
                Cell::Empty,
                Cell::Empty,
                Cell::Empty,
                Cell::Empty,
            ],
        });
    }
    let labels = [
        "功能科目编码",
        "功能科目名称",
        "总计",
        "基本支出",
        "项目支出",
        "上缴上级支出",
        "对附属单位补助支出",
        "事业单位经营支出",
        "结转下年",
    ];
    let keys =
        ["code", "name", "total", "basic", "project", "to_superior", "to_affiliates", "business", "carry_forward"];
    Table {
        role: String::new(),
        id: "t03".into(),
        number: 3,
        title: "2022 年支出预算总表".into(),
        unit_name: None,
        unit: MoneyUnit::WanYuan,
        decimals: 2,
        header: vec![labels.iter().map(|l| hc(l, 1, 1)).collect()],
        columns: labels
            .iter()
            .zip(keys)
            .enumerate()
            .map(|(i, (l, k))| {
                col(k, l, [ColumnKind::Code, ColumnKind::Text].get(i).copied().unwrap_or(ColumnKind::Amount))
            })
            .collect(),
        rows,
        empty_statement: None,
        notes: vec![],
    }
}

/// 公开表 7 一般公共预算基本支出表: codes and names span two header rows, 基本支出 spans three columns.
pub fn t07() -> Table {
    let data: &[(&str, &str, &str, &str, &str)] = &[
        ("301", "工资福利支出", "845.16", "845.16", ""),
        ("30101", "基本工资", "126.54", "126.54", ""),
        ("30102", "津贴补贴", "169.77", "169.77", ""),
        ("30103", "奖金", "257.55", "257.55", ""),
        ("30108", "机关事业单位基本养老保险缴费", "44.57", "44.57", ""),
        ("30110", "职工基本医疗保险缴费", "28.58", "28.58", ""),
        ("30111", "公务员医疗补助缴费", "30.80", "30.80", ""),
        ("30113", "住房公积金", "83.09", "83.09", ""),
        ("30199", "其他工资福利支出", "104.26", "104.26", ""),
        ("302", "商品和服务支出", "121.44", "", "121.44"),
        ("30201", "办公费", "17.07", "", "17.07"),
        ("30202", "印刷费", "10.00", "", "10.00"),
        ("30216", "培训费", "4.15", "", "4.15"),
        ("30217", "公务接待费", "0.98", "", "0.98"),
        ("30228", "工会经费", "2.66", "", "2.66"),
        ("30229", "福利费", "17.32", "", "17.32"),
        ("30231", "公务用车运行维护费", "10.00", "", "10.00"),
        ("30239", "其他交通费用", "27.46", "", "27.46"),
        ("30299", "其他商品和服务支出", "31.80", "", "31.80"),
        ("303", "对个人和家庭的补助", "83.58", "83.58", ""),
        ("30302", "退休费", "69.87", "69.87", ""),
        ("30307", "医疗费补助", "13.71", "13.71", ""),
    ];
    let mut rows = vec![Row {
        line: None,
        kind: RowKind::Total,
        code: None,
        cells: vec![t("合计"), Cell::Empty, wan("1050.18"), wan("928.74"), wan("121.44")],
    }];
    for (code, name, sub, staff, public) in data {
        rows.push(Row {
            line: None,
            kind: kind_of(code),
            code: Some((*code).into()),
            cells: vec![t(code), t(name), wan(sub), blank_or(staff), blank_or(public)],
        });
    }
    Table {
        role: String::new(),
        id: "t07".into(),
        number: 7,
        title: "2022 年一般公共预算基本支出表".into(),
        unit_name: None,
        unit: MoneyUnit::WanYuan,
        decimals: 2,
        header: vec![
            vec![hc("经济科目编码", 1, 2), hc("经济科目名称", 1, 2), hc("基本支出", 3, 1)],
            vec![hc("小计", 1, 1), hc("人员经费", 1, 1), hc("公用经费", 1, 1)],
        ],
        columns: vec![
            col("code", "经济科目编码", ColumnKind::Code),
            col("name", "经济科目名称", ColumnKind::Text),
            col("subtotal", "基本支出/小计", ColumnKind::Amount),
            col("personnel", "基本支出/人员经费", ColumnKind::Amount),
            col("public", "基本支出/公用经费", ColumnKind::Amount),
        ],
        rows,
        empty_statement: None,
        notes: vec!["注：人员经费含工资福利支出和对个人和家庭的补助；公用经费为商品和服务支出。".into()],
    }
}

/// 公开表 9 政府性基金预算支出表: no rows, an empty statement.
pub fn t09() -> Table {
    Table {
        role: String::new(),
        id: "t09".into(),
        number: 9,
        title: "2022 年政府性基金预算支出表".into(),
        unit_name: None,
        unit: MoneyUnit::WanYuan,
        decimals: 2,
        header: vec![
            vec![
                hc("功能科目编码", 1, 2),
                hc("功能科目名称", 1, 2),
                hc("单位代码", 1, 2),
                hc("单位名称", 1, 2),
                hc("本年政府性基金预算支出", 3, 1),
            ],
            vec![hc("总计", 1, 1), hc("基本支出", 1, 1), hc("项目支出", 1, 1)],
        ],
        columns: vec![
            col("code", "功能科目编码", ColumnKind::Code),
            col("name", "功能科目名称", ColumnKind::Text),
            col("unit_code", "单位代码", ColumnKind::Code),
            col("unit_name", "单位名称", ColumnKind::Text),
            col("total", "本年政府性基金预算支出/总计", ColumnKind::Amount),
            col("basic", "本年政府性基金预算支出/基本支出", ColumnKind::Amount),
            col("project", "本年政府性基金预算支出/项目支出", ColumnKind::Amount),
        ],
        rows: vec![],
        empty_statement: Some("2022年无政府性基金预算支出。".into()),
        notes: vec![],
    }
}

/// 公开表 10 政府采购预算表: fourteen columns (landscape, small type).
pub fn t10() -> Table {
    let sources = [
        "一般公共预算财政拨款收入",
        "政府性基金预算财政拨款收入",
        "事业收入",
        "上级补助收入",
        "事业单位经营收入",
        "其他收入",
        "上年结转结余",
    ];
    let fixed = ["单位名称", "科目编码", "科目名称", "项目名称", "采购类别", "采购品名", "采购数量及计量单位"];
    let mut header0: Vec<HeaderCell> = fixed.iter().map(|l| hc(l, 1, 2)).collect();
    header0.push(hc("资金来源", 8, 1));
    let mut header1 = vec![hc("小计", 1, 1)];
    header1.extend(sources.iter().map(|l| hc(l, 1, 1)));
    let mut columns: Vec<Column> = fixed
        .iter()
        .enumerate()
        .map(|(i, l)| col(&format!("f{i}"), l, if i == 1 { ColumnKind::Code } else { ColumnKind::Text }))
        .collect();
    columns.push(col("subtotal", "资金来源/小计", ColumnKind::Amount));
    columns.extend(
        sources.iter().enumerate().map(|(i, l)| col(&format!("s{i}"), &format!("资金来源/{l}"), ColumnKind::Amount)),
    );
    let data = [
        ("2010302", "一般行政管理事务（政府办公厅）", "调查研究", "5.50"),
        ("2130599", "其他巩固脱贫衔接乡村振兴支出", "乡村振兴及对口帮扶工作", "6.50"),
        ("2010302", "一般行政管理事务（政府办公厅）", "总值班室工作", "5.00"),
        ("2010302", "一般行政管理事务（政府办公厅）", "专项工作", "10.00"),
    ];
    let mut rows = vec![Row {
        line: None,
        kind: RowKind::Total,
        code: None,
        cells: [
            vec![
                t("合计"),
                Cell::Empty,
                Cell::Empty,
                Cell::Empty,
                Cell::Empty,
                Cell::Empty,
                Cell::Empty,
                wan("27.00"),
                wan("27.00"),
            ],
            vec![Cell::Empty; 6],
        ]
        .concat(),
    }];
    for (code, name, project, v) in data {
        let mut cells =
            vec![t("区政府办"), t(code), t(name), t(project), t("服务类"), t("印刷服务"), t("批"), wan(v), wan(v)];
        cells.extend(vec![Cell::Empty; 6]);
        rows.push(Row { line: None, kind: RowKind::Line, code: Some(code.into()), cells });
    }
    Table {
        role: String::new(),
        id: "t10".into(),
        number: 10,
        title: "2022 年政府采购预算表".into(),
        unit_name: None,
        unit: MoneyUnit::WanYuan,
        decimals: 2,
        header: vec![header0, header1],
        columns,
        rows,
        empty_statement: None,
        notes: vec![],
    }
}

/// 公开表 13: the project performance form of 调查研究 (spans in both directions).
pub fn project_form() -> Form {
    let l = FormCell::label;
    let v = FormCell::text;
    let a = |s: &str| FormCell::value(wan(s));
    let mut rows = vec![
        vec![l("项目名称"), v("调查研究"), l("项目代码"), v("").span(2, 1)],
        vec![l("项目主管部门"), v("政府办"), l("项目执行单位"), v("政府办").span(2, 1)],
        vec![l("项目负责人"), v("杨俊"), l("联系电话"), v("85481661").span(2, 1)],
        vec![l("项目类别"), v("1. 其他运转类 □　2. 特定目标类本级支出项目 ☑　3. 特定目标类转移性支出项目 □").span(4, 1)],
        vec![
            l("立项依据"),
            v("1. 协助区人民政府领导同志组织起草或审核以区人民政府及办公室名义发布的公文；\n2. 负责组织和参与全区经济社会发展调查研究，为区政府决策提供参考；\n3. 承办区人民政府领导同志交办的其他事项。").span(4, 1),
        ],
        vec![l("项目总预算"), a("13"), l("项目当年预算"), a("13").span(2, 1)],
        vec![l("2022年预算申报项目资金来源").span(1, 6), l("来源项目").span(2, 1), l("2022年预算申报数").span(2, 1)],
        vec![v("当年预算合计").span(2, 1), a("13").span(2, 1)],
        vec![v("1. 财政拨款收入（区级安排数）").span(2, 1), a("13").span(2, 1)],
        vec![v("2. 财政拨款收入（上级转移支付）").span(2, 1), FormCell::value(Cell::Empty).span(2, 1)],
        vec![v("3. 专户管理的非税收入拨款").span(2, 1), FormCell::value(Cell::Empty).span(2, 1)],
        vec![v("4. 其他资金（含事业基金及上年结转或结余等）").span(2, 1), FormCell::value(Cell::Empty).span(2, 1)],
        vec![l("2022项目支出明细及依据").span(1, 3), l("项目内容"), l("测算依据及说明"), l("本级财政拨款金额"), l("其他资金")],
        vec![v("专项课题"), v("1个课题，其中参加人员3人，劳务费4万，调查问卷1万，资料印刷费0.5万，资料收集费1万"), a("6.5"), FormCell::value(Cell::Empty)],
        vec![v("调研文集"), v("设计、排版、印刷费用"), a("3"), FormCell::value(Cell::Empty)],
        vec![l("项目绩效总目标"), v("围绕重点工作开展重大课题调研，形成调查报告，汇集调研成果，编写调研文集；总结年度工作，形成政府工作报告。").span(4, 1)],
        vec![l("一级指标"), l("二级指标"), l("三级指标"), l("指标值"), l("指标值确定依据")],
        vec![v("项目产出").span(1, 4), v("产出数量").span(1, 2), v("调研文集数"), v("≥1本"), v("")],
        vec![v("广角信息期数"), v("≥12期"), v("")],
        vec![v("产出质量"), v("政府工作报告容错率"), v("≤千分之四"), v("")],
        vec![v("成本控制"), v("预算执行率"), v("97%-100%"), v("")],
        vec![v("项目效益").span(1, 2), v("社会效益"), v("课题成果运用率"), v("≥10%"), v("")],
        vec![v("服务对象满意度"), v("区政府及各组成部门"), v("满意率≥98%"), v("")],
    ];
    rows.shrink_to_fit();
    Form {
        role: String::new(),
        id: "p-diaoyan".into(),
        title: "2022年项目支出(绩效目标)申报表".into(),
        subtitle: vec!["单位名称：（盖章）".into()],
        unit: MoneyUnit::WanYuan,
        decimals: 2,
        columns: 5,
        widths: vec![3, 3, 5, 2, 3],
        rows,
    }
}

pub fn document() -> Document {
    let part1 = section(
        "part1",
        "第一部分 基本概况",
        1,
        vec![],
        vec![
            section(
                "part1-1",
                "一、主要职能",
                2,
                vec![Block::List(vec![
                    vec![txt(
                        "1、围绕区委、区人民政府的中心工作，督促、检查、反馈区人民政府各部门、各街道办事处、开发区及有关单位对区委、区人民政府文件精神、会议决定事项及区领导同志重要批示的贯彻执行情况。",
                    )],
                    vec![txt("2、负责区人民政府及办公室收发文电的处理和日常事务工作。")],
                    vec![txt("3、负责区人民政府会议的会务组织工作，落实或组织落实区人民政府会议决定事项。")],
                ])],
                vec![],
            ),
            section(
                "part1-3",
                "三、人员构成情况",
                2,
                vec![Block::Paragraph(vec![txt(
                    "江汉区人民政府办公室共有编制 33 人。其中：行政编制 33 人。2021 年 12 月在职人员实有数 26 人，其中：行政人员 23 人。离退休人员实有数 20 人。",
                )])],
                vec![],
            ),
        ],
    );
    let part2 = section(
        "part2",
        "第二部分 预算情况说明",
        1,
        vec![],
        vec![
            section(
                "part2-1",
                "一、收支预算总体安排情况",
                2,
                vec![
                    Block::Paragraph(vec![txt("按照综合预算的原则，本部门所有收入和支出均纳入部门预算管理。")]),
                    Block::Paragraph(vec![
                        txt("2022 年江汉区人民政府办公室总预算 "),
                        fig("total", "3927.98 万元"),
                        txt("，比 2021 年预算增加 "),
                        fig("yoy.total.diff", "1874.31 万元"),
                        txt("，增长 "),
                        fig("yoy.total.rate", "47.72%"),
                        txt("，变动的主要原因是增加了乡村振兴及对口帮扶工作经费。"),
                    ]),
                    Block::Paragraph(vec![
                        txt("基本支出 "),
                        fig("basic", "1050.18 万元"),
                        txt("，占 "),
                        fig("basic.share", "26.74%"),
                        txt("；项目支出 "),
                        fig("project", "2877.8 万元"),
                        txt("，占 "),
                        fig("project.share", "73.26%"),
                        txt("。"),
                    ]),
                    Block::Paragraph(vec![txt("按照支出功能分类科目，主要用于：")]),
                    Block::List(vec![
                        vec![txt("1、一般公共服务支出 "), fig("func.201", "883.46 万元"), txt("；")],
                        vec![txt("2、社会保障和就业支出 "), fig("func.208", "120.24 万元"), txt("；")],
                        vec![txt("3、卫生健康支出 "), fig("func.210", "73.09 万元"), txt("；")],
                        vec![txt("4、住房保障支出 "), fig("func.221", "122.39 万元"), txt("；")],
                        vec![txt("5、其他支出 "), fig("func.213", "2728.8 万元"), txt("。")],
                    ]),
                ],
                vec![],
            ),
            section(
                "part2-6",
                "六、其他重要事项的情况说明",
                2,
                vec![],
                vec![section(
                    "part2-6-1",
                    "（一）机关运行经费情况",
                    3,
                    vec![Block::Paragraph(vec![
                        txt("2022 年机关运行经费 "),
                        fig("office_running", "121.44 万元"),
                        txt("。主要包括：办公费、印刷费、邮电费、差旅费、日常维修费、会议费、培训费、公务接待费等。"),
                    ])],
                    vec![],
                )],
            ),
        ],
    );
    let part5 = section(
        "part5",
        "第五部分 预算公开报表",
        1,
        vec![],
        vec![
            section("part5-1", "一、2022 年收支预算总表", 2, vec![Block::Table(t01())], vec![]),
            section("part5-3", "三、2022 年支出预算总表", 2, vec![Block::Table(t03())], vec![]),
            section("part5-7", "七、2022 年一般公共预算基本支出表", 2, vec![Block::Table(t07())], vec![]),
            section("part5-9", "九、2022 年政府性基金预算支出表", 2, vec![Block::Table(t09())], vec![]),
            section("part5-10", "十、2022 年政府采购预算表", 2, vec![Block::Table(t10())], vec![]),
            section("part5-13", "十三、项目支出预算绩效目标表", 2, vec![Block::Form(project_form())], vec![]),
        ],
    );
    Document {
        title: "江汉区人民政府办公室 2022 年预算".into(),
        year: 2022,
        department: "江汉区人民政府办公室".into(),
        unit: MoneyUnit::WanYuan,
        sections: vec![part1, part2, part5],
    }
}
