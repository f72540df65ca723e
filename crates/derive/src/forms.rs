//! Form views: the department's overall performance-target form (整体绩效目标
//! 申报表) and one performance-target form per project (项目支出绩效目标申报表).
//! Their amounts come from the line items; texts and indicators from the facts.

use yusuan_model::view::{Cell, Form, FormCell};
use yusuan_model::{
    Amount, Budget, ExpenseKind, FundingSource, Indicator, Project, ProjectCategory, ProjectFrequency, Ratio,
};

use crate::figures::percent_text;
use crate::tables::Ctx;
use crate::template::TableDef;

fn money(a: Amount) -> Cell {
    Cell::Amount(a)
}

fn share(part: Amount, whole: Amount) -> Cell {
    Ratio::new(part, whole).map_or(Cell::Empty, |r| Cell::Percent(percent_text(r)))
}

/// One paragraph per line; a list of several is numbered unless its items carry
/// their own numbers (`1.`, `1、`, `（一）`) as printed.
fn paragraphs(items: &[String]) -> String {
    let numbered = |s: &str| {
        let t = s.trim_start();
        let digits = t.chars().take_while(char::is_ascii_digit).count();
        (digits > 0 && t[digits..].starts_with(['.', '、', '．', ')', '）'])) || t.starts_with(['（', '('])
    };
    let number = items.len() > 1 && !items.iter().any(|s| numbered(s));
    items
        .iter()
        .enumerate()
        .map(|(i, s)| if number { format!("{}. {s}", i + 1) } else { s.clone() })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Indicator rows under a header row, merging repeated 一级 / 二级 cells.
fn indicator_rows(
    rows: &mut Vec<Vec<FormCell>>,
    indicators: &[Indicator],
    lead: Option<&str>,
    name_span: u16,
    basis_span: u16,
) {
    let mut header = Vec::new();
    if let Some(lead) = lead {
        header.push(FormCell::label(lead).span(1, indicators.len() as u16 + 1));
    }
    header.extend([
        FormCell::label("一级指标"),
        FormCell::label("二级指标"),
        FormCell::label("三级指标").span(name_span, 1),
        FormCell::label("指标值"),
        FormCell::label("指标值说明").span(basis_span, 1),
    ]);
    rows.push(header);
    let mut i = 0;
    while i < indicators.len() {
        let l1 = &indicators[i].level1;
        let n1 = indicators[i..].iter().take_while(|x| &x.level1 == l1).count();
        let mut j = i;
        while j < i + n1 {
            let l2 = &indicators[j].level2;
            let n2 = indicators[j..i + n1].iter().take_while(|x| &x.level2 == l2).count();
            for (k, ind) in indicators[j..j + n2].iter().enumerate() {
                let mut row = Vec::new();
                if j + k == i {
                    row.push(FormCell::text(l1.clone()).span(1, n1 as u16));
                }
                if k == 0 {
                    row.push(FormCell::text(l2.clone()).span(1, n2 as u16));
                }
                row.push(FormCell::text(ind.name.clone()).span(name_span, 1));
                row.push(FormCell::text(ind.target.raw.clone()));
                row.push(FormCell::text(ind.basis.clone()).span(basis_span, 1));
                rows.push(row);
            }
            j += n2;
        }
        i += n1;
    }
}

/// 整体绩效目标申报表.
pub fn department_form(ctx: &Ctx, def: &TableDef) -> Form {
    let b = ctx.budget;
    let p = &b.performance;
    let total = b.sum(|_| true);
    let appropriation = b.sum(|l| l.source.is_appropriation());
    let basic = b.sum(|l| l.kind.is_basic());
    let project = b.sum(|l| l.kind == ExpenseKind::Project);
    let opt = |a: Option<Amount>| a.map_or(Cell::Empty, money);
    let mut rows = vec![
        vec![
            FormCell::label("部门名称"),
            FormCell::text(b.department.full_name.clone().unwrap_or_else(|| b.department.name.clone())).span(6, 1),
        ],
        vec![
            FormCell::label("填报人"),
            FormCell::text(p.filler.clone()).span(2, 1),
            FormCell::label("联系电话"),
            FormCell::text(p.phone.clone()).span(3, 1),
        ],
        vec![
            FormCell::label("部门总体资金情况（万元）").span(1, 8),
            FormCell::label("总体资金情况").span(2, 2),
            FormCell::label("当年金额").span(1, 2),
            FormCell::label("占比").span(1, 2),
            FormCell::label("上年收支情况").span(2, 1),
        ],
        vec![FormCell::label(b.prior_year.year.to_string()).span(2, 1)],
        vec![
            FormCell::label("收入构成").span(1, 3),
            FormCell::label("财政拨款"),
            FormCell::value(money(appropriation)),
            FormCell::value(share(appropriation, total)),
            FormCell::value(opt(p.prior_income)).span(2, 1),
        ],
        vec![
            FormCell::label("其他资金"),
            FormCell::value(Cell::amount_or_blank(total - appropriation)),
            FormCell::value(if (total - appropriation).is_zero() {
                Cell::Empty
            } else {
                share(total - appropriation, total)
            }),
            FormCell::value(Cell::Empty).span(2, 1),
        ],
        vec![
            FormCell::label("合计"),
            FormCell::value(money(total)),
            FormCell::value(share(total, total)),
            FormCell::value(opt(p.prior_income)).span(2, 1),
        ],
        vec![
            FormCell::label("支出构成").span(1, 3),
            FormCell::label("基本支出"),
            FormCell::value(money(basic)),
            FormCell::value(share(basic, total)),
            FormCell::value(Cell::Empty).span(2, 1),
        ],
        vec![
            FormCell::label("项目支出"),
            FormCell::value(money(project)),
            FormCell::value(share(project, total)),
            FormCell::value(Cell::Empty).span(2, 1),
        ],
        vec![
            FormCell::label("合计"),
            FormCell::value(money(total)),
            FormCell::value(share(total, total)),
            FormCell::value(opt(p.prior_expenditure)).span(2, 1),
        ],
    ];
    let functions = if p.functions.is_empty() { &b.department.functions } else { &p.functions };
    rows.push(vec![FormCell::label("部门职能概述"), FormCell::text(paragraphs(functions)).span(6, 1)]);
    rows.push(vec![FormCell::label("年度工作任务"), FormCell::text(paragraphs(&p.tasks)).span(6, 1)]);
    let projects: Vec<&Project> = b.projects.iter().filter(|pr| !b.project_amount(&pr.id).is_zero()).collect();
    rows.push(vec![
        FormCell::label("项目支出情况").span(1, projects.len() as u16 + 1),
        FormCell::label("项目名称"),
        FormCell::label("项目类型"),
        FormCell::label("项目总预算"),
        FormCell::label("项目本年度预算"),
        FormCell::label("项目主要支出方向和用途").span(2, 1),
    ]);
    for (i, pr) in projects.iter().enumerate() {
        let amount = b.project_amount(&pr.id);
        rows.push(vec![
            FormCell::text(format!("项目{}：{}", i + 1, pr.name)),
            FormCell::text(
                pr.frequency.map_or("", |f| if f == ProjectFrequency::Recurring { "经常性项目" } else { f.label() }),
            ),
            FormCell::value(money(pr.total_budget.unwrap_or(amount))),
            FormCell::value(money(amount)),
            FormCell::text(pr.uses.clone()).span(2, 1),
        ]);
    }
    let goals = p.long_term.len().max(p.annual.len());
    rows.push(vec![
        FormCell::label("整体绩效目标").span(1, goals as u16 + 1),
        FormCell::label(format!("长期目标（截止{}年）", b.meta.year)).span(3, 1),
        FormCell::label("年度目标").span(3, 1),
    ]);
    for i in 0..goals {
        let text = |g: &[yusuan_model::Goal]| g.get(i).map_or(String::new(), |g| format!("目标{}：{}", i + 1, g.text));
        rows.push(vec![FormCell::text(text(&p.long_term)).span(3, 1), FormCell::text(text(&p.annual)).span(3, 1)]);
    }
    for (kind, list) in [("长期", &p.long_term), ("年度", &p.annual)] {
        for (i, g) in list.iter().enumerate() {
            rows.push(vec![
                FormCell::label(format!("{kind}目标{}：", i + 1)),
                FormCell::text(g.text.clone()).span(6, 1),
            ]);
            indicator_rows(&mut rows, &g.indicators, Some(&format!("{kind}绩效指标")), 1, 2);
        }
    }
    Form {
        id: def.id.clone(),
        role: def.role.clone(),
        title: ctx.fill(&def.title),
        subtitle: Vec::new(),
        unit: ctx.template.unit,
        decimals: ctx.template.decimals,
        columns: 7,
        widths: vec![14, 12, 14, 20, 12, 14, 14],
        rows,
    }
}

fn ticks<T: PartialEq + Copy>(all: &[T], chosen: Option<T>, label: impl Fn(T) -> &'static str) -> String {
    all.iter()
        .enumerate()
        .map(|(i, v)| format!("{}. {} {}", i + 1, label(*v), if chosen == Some(*v) { "☑" } else { "☐" }))
        .collect::<Vec<_>>()
        .join("  ")
}

/// 项目支出绩效目标申报表 for one project.
pub fn project_form(ctx: &Ctx, def: &TableDef, pr: &Project) -> Form {
    let b: &Budget = ctx.budget;
    let year = b.meta.year;
    let amount = b.project_amount(&pr.id);
    let by = |keep: &dyn Fn(FundingSource) -> bool| {
        b.sum(|l| l.project.as_deref() == Some(pr.id.as_str()) && keep(l.source))
    };
    let local = by(&|s| s.is_appropriation());
    let transfer = by(&|s| s == FundingSource::SuperiorGrant);
    let other = amount - local - transfer;
    let blank0 = Cell::amount_or_blank;
    let mut rows = vec![
        vec![
            FormCell::label("项目名称"),
            FormCell::text(pr.form_name.clone().unwrap_or_else(|| pr.name.clone())).span(2, 1),
            FormCell::label("项目代码"),
            FormCell::text(pr.code.clone().unwrap_or_default()).span(2, 1),
        ],
        vec![
            FormCell::label("项目主管部门"),
            FormCell::text(pr.owner.clone()).span(2, 1),
            FormCell::label("项目执行单位"),
            FormCell::text(pr.executor.clone()).span(2, 1),
        ],
        vec![
            FormCell::label("项目负责人"),
            FormCell::text(pr.manager.clone()).span(2, 1),
            FormCell::label("联系电话"),
            FormCell::text(pr.phone.clone()).span(2, 1),
        ],
        vec![
            FormCell::label("起始年度"),
            FormCell::text(pr.start_year.map_or(String::new(), |y| y.to_string())).span(2, 1),
            FormCell::label("终止年度"),
            FormCell::text(pr.end_year.map_or(String::new(), |y| y.to_string())).span(2, 1),
        ],
        vec![
            FormCell::label("项目类别"),
            FormCell::text(ticks(ProjectCategory::ALL, pr.category, ProjectCategory::label)).span(5, 1),
        ],
        vec![
            FormCell::label("项目安排频度"),
            FormCell::text(ticks(ProjectFrequency::ALL, pr.frequency, ProjectFrequency::label)).span(5, 1),
        ],
        vec![FormCell::label("立项依据"), FormCell::text(paragraphs(&pr.basis)).span(5, 1)],
        vec![FormCell::label("项目实施方案"), FormCell::text(paragraphs(&pr.plan)).span(5, 1)],
        vec![
            FormCell::label("上年绩效评价结果、整改及应用"),
            FormCell::text(paragraphs(&pr.prior_evaluation)).span(5, 1),
        ],
        vec![FormCell::label("项目前两年预算及当年预算变动情况"), FormCell::text(paragraphs(&pr.history)).span(5, 1)],
        vec![
            FormCell::label("项目总预算"),
            FormCell::value(money(pr.total_budget.unwrap_or(amount))).span(2, 1),
            FormCell::label("项目当年预算"),
            FormCell::value(money(amount)).span(2, 1),
        ],
        vec![
            FormCell::label(format!("{year}年预算申报项目资金来源")).span(1, 6),
            FormCell::label("来源项目").span(3, 1),
            FormCell::label(format!("{year}年预算申报数")).span(2, 1),
        ],
        vec![FormCell::label("当年预算合计").span(3, 1), FormCell::value(money(amount)).span(2, 1)],
        vec![FormCell::label("1. 财政拨款收入（区级安排数）").span(3, 1), FormCell::value(blank0(local)).span(2, 1)],
        vec![
            FormCell::label("2. 财政拨款收入（上级转移支付）").span(3, 1),
            FormCell::value(blank0(transfer)).span(2, 1),
        ],
        vec![FormCell::label("3. 专户管理的非税收入拨款").span(3, 1), FormCell::value(Cell::Empty).span(2, 1)],
        vec![
            FormCell::label("4. 其他资金（含事业基金及上年结转或结余等）").span(3, 1),
            FormCell::value(blank0(other)).span(2, 1),
        ],
        vec![
            FormCell::label(format!("{year}项目支出明细及依据")).span(1, pr.details.len() as u16 + 1),
            FormCell::label("项目内容"),
            FormCell::label("测算依据及说明"),
            FormCell::label("本级财政拨款金额"),
            FormCell::label("上级转移支付金额"),
            FormCell::label("其他资金"),
        ],
    ];
    for d in &pr.details {
        let opt = |a: Option<Amount>| a.map_or(Cell::Empty, Cell::amount_or_blank);
        rows.push(vec![
            FormCell::text(d.content.clone()),
            FormCell::text(d.basis.clone()),
            FormCell::value(opt(d.local)),
            FormCell::value(opt(d.transfer)),
            FormCell::value(opt(d.other)),
        ]);
    }
    rows.push(vec![FormCell::label("项目资产配置计划及采购计划").span(6, 1)]);
    rows.push(vec![
        FormCell::label("品名").span(2, 1),
        FormCell::label("数量").span(2, 1),
        FormCell::label("金额").span(2, 1),
    ]);
    for a in &pr.asset_plan {
        rows.push(vec![
            FormCell::text(a.item.clone()).span(2, 1),
            FormCell::text(a.quantity.clone()).span(2, 1),
            FormCell::value(a.amount.map_or(Cell::Empty, money)).span(2, 1),
        ]);
    }
    if let Some(perf) = &pr.performance {
        rows.push(vec![FormCell::label("项目绩效总目标"), FormCell::text(perf.goal.clone()).span(5, 1)]);
        indicator_rows(&mut rows, &perf.indicators, None, 2, 1);
    }
    Form {
        id: format!("{}-{}", def.id, pr.id),
        role: def.role.clone(),
        title: ctx.fill(&def.title),
        subtitle: vec![format!("单位名称：{}", b.unit_name(&pr.unit))],
        unit: ctx.template.unit,
        decimals: ctx.template.decimals,
        columns: 6,
        widths: vec![16, 16, 30, 14, 12, 12],
        rows,
    }
}
