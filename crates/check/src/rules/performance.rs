//! Rules: performance targets (YS-P…; see rules/mod.rs for the id scheme).
//!
//! An indicator tree is 一级 → 二级 → 三级 with a target value. The framework
//! (which 二级 belongs to which 一级) is `catalog/perf_indicator_levels.csv`;
//! printed names are normalised to it: 项目产出 ≈ 产出指标, 产出数量 ≈ 数量指标,
//! 完成时效 ≈ 时效指标, 成本控制 ≈ 成本指标, 社会效益 ≈ 社会效益指标,
//! “社会公众或服务对象满意度” ≈ 服务对象满意度指标 ….
//!
//! Many templates (the seed's among them) print the 满意度 rows under 一级
//! 效益 (“项目效益 / 社会公众或服务对象满意度”). Such a row counts as the 满意度
//! 一级 for completeness (YS-P002); the misfiling itself is only a 提示 (YS-P003).
//!
//! Trees are the project forms' indicators and, when the department's
//! 整体绩效目标 is present, each of its long-term and annual goals.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use yusuan_model::{Amount, Figure, Indicator, Project, TargetOp, TargetValue};

use crate::finding::{Evidence, Location, Msg};
use crate::input::Input;
use crate::rule::{FnRule, Need, Out, Rule};

// ---- Rule plumbing -----------------------------------------------------------------

// ---- The framework -------------------------------------------------------------------

const LEVELS_CSV: &str = include_str!("../../../../catalog/perf_indicator_levels.csv");

/// A 一级指标 of the framework.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum L1 {
    Output,
    Effect,
    Satisfaction,
    /// 成本指标 as a 一级 (the newer framework; its 二级 are not in the catalog).
    Cost,
}

impl L1 {
    fn name(self) -> &'static str {
        match self {
            L1::Output => "产出指标",
            L1::Effect => "效益指标",
            L1::Satisfaction => "满意度指标",
            L1::Cost => "成本指标",
        }
    }
    fn en(self) -> &'static str {
        match self {
            L1::Output => "output",
            L1::Effect => "effect",
            L1::Satisfaction => "satisfaction",
            L1::Cost => "cost",
        }
    }
    fn from_catalog(name: &str) -> Option<L1> {
        [L1::Output, L1::Effect, L1::Satisfaction].into_iter().find(|l| l.name() == name)
    }
}

/// A 二级指标 of the framework: its name and its 一级.
#[derive(Debug, Clone, PartialEq, Eq)]
struct L2 {
    name: String,
    level1: L1,
}

impl L2 {
    /// The name without 指标: 数量, 服务对象满意度.
    fn stem(&self) -> &str {
        self.name.trim_end_matches("指标")
    }
}

fn framework() -> &'static [L2] {
    static F: OnceLock<Vec<L2>> = OnceLock::new();
    F.get_or_init(|| {
        LEVELS_CSV
            .lines()
            .skip(1)
            .filter_map(|line| {
                let mut cols = line.split(',');
                let level1 = L1::from_catalog(cols.next()?.trim())?;
                let name = cols.next()?.trim().to_owned();
                (!name.is_empty()).then_some(L2 { name, level1 })
            })
            .collect()
    })
}

/// Removes blanks and punctuation.
fn squeeze(s: &str) -> String {
    s.chars()
        .filter(|c| !(c.is_whitespace() || c.is_ascii_punctuation() || "，。、；：（）《》“”".contains(*c)))
        .collect()
}

/// Removes blanks only.
fn compact(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The 一级 a printed name stands for: 项目产出 → 产出指标.
fn level1(printed: &str) -> Option<L1> {
    let s = squeeze(printed);
    if s.contains("满意") {
        Some(L1::Satisfaction)
    } else if s.contains("产出") {
        Some(L1::Output)
    } else if s.contains("效益") {
        Some(L1::Effect)
    } else if s.contains("成本") {
        Some(L1::Cost)
    } else {
        None
    }
}

/// Printed 二级 names and the framework stem they stand for.
const L2_ALIASES: &[(&str, &str)] = &[
    ("产出数量", "数量"),
    ("产出质量", "质量"),
    ("完成时效", "时效"),
    ("产出时效", "时效"),
    ("时效性", "时效"),
    ("成本控制", "成本"),
    ("产出成本", "成本"),
    ("社会公众或服务对象满意度", "服务对象满意度"),
    ("社会公众满意度", "服务对象满意度"),
    ("服务对象满意", "服务对象满意度"),
    ("满意度", "服务对象满意度"),
    ("可持续发展", "可持续影响"),
    ("可持续影响力", "可持续影响"),
    ("生态环境效益", "生态效益"),
];

/// The framework 二级 a printed name stands for: 产出数量 → 数量指标.
fn level2(printed: &str) -> Option<&'static L2> {
    let s = squeeze(printed);
    let s = s.trim_end_matches("指标");
    if s.is_empty() {
        return None;
    }
    let stem = L2_ALIASES.iter().find(|(a, _)| *a == s).map_or(s, |(_, to)| to);
    let f = framework();
    f.iter().find(|l| l.stem() == stem).or_else(|| {
        // A longer printed name holding a framework name (“…满意度指标服务对象满意度”).
        let mut by_len: Vec<&L2> = f.iter().collect();
        by_len.sort_by_key(|l| std::cmp::Reverse(l.stem().chars().count()));
        by_len.into_iter().find(|l| s.contains(l.stem()))
    })
}

/// The 一级 an indicator effectively belongs to: its 二级's when known (a
/// 服务对象满意度 row is 满意度 wherever printed), else its printed 一级.
fn effective(ind: &Indicator) -> Option<L1> {
    match (level1(&ind.level1), level2(&ind.level2)) {
        (Some(L1::Cost), _) => Some(L1::Cost),
        (_, Some(l2)) => Some(l2.level1),
        (l1, None) => l1,
    }
}

// ---- Trees -------------------------------------------------------------------------

/// One indicator tree with its place.
struct Tree<'a> {
    zh: String,
    en: String,
    file: &'static str,
    /// The 0-based line of `file` the tree starts at, when the file's text is known.
    start: Option<usize>,
    location: Location,
    goal: &'a str,
    indicators: &'a [Indicator],
    /// The department's 整体绩效目标 (not a project's).
    department: bool,
}

impl Tree<'_> {
    fn locate(&self, input: &Input, ind: &Indicator) -> Location {
        let needle = format!("name = \"{}\"", ind.name);
        let line = self.start.and_then(|from| find_line(input, self.file, from, |l| l.contains(&needle)));
        at_line(input, self.file, line.or(self.start))
    }
    fn evidence(&self, input: &Input, ind: &Indicator) -> Evidence {
        Evidence { location: self.locate(input, ind), quote: quote(ind) }
    }
}

fn quote(ind: &Indicator) -> String {
    format!("{} / {} / {}：{}", ind.level1, ind.level2, ind.name, ind.target.raw)
}

fn id_line(p: &Project) -> String {
    format!("id = \"{}\"", p.id)
}

fn project_location(input: &Input, p: &Project) -> Location {
    input.locate("projects.toml", None, &id_line(p))
}

/// The first 0-based line of `file`, from line `from` on, that satisfies `keep`.
fn find_line(input: &Input, file: &str, from: usize, keep: impl Fn(&str) -> bool) -> Option<usize> {
    input.files.get(file)?.lines().enumerate().skip(from).find(|(_, l)| keep(l)).map(|(i, _)| i)
}

/// The 0-based line of the `n`-th (0-based) line of `file` that is exactly `header` (trimmed).
fn nth_header(input: &Input, file: &str, header: &str, n: usize) -> Option<usize> {
    input.files.get(file)?.lines().enumerate().filter(|(_, l)| l.trim() == header).nth(n).map(|(i, _)| i)
}

fn at_line(input: &Input, file: &str, line: Option<usize>) -> Location {
    input.file_location(file, line.map_or(0, |i| i as u32 + 1))
}

/// The line of the `i`-th goal of `[[long_term]]` / `[[annual]]` in performance.toml.
fn goal_line(input: &Input, header: &str, i: usize) -> Option<usize> {
    nth_header(input, "performance.toml", header, i)
}

/// Every indicator tree: the projects' (when present) and the department's goals.
fn trees<'a>(input: &'a Input) -> Vec<Tree<'a>> {
    let mut v = Vec::new();
    let Some(b) = input.budget else { return v };
    if input.has(Need::Projects) {
        for p in &b.projects {
            let Some(perf) = &p.performance else { continue };
            let start = input.line_of("projects.toml", &id_line(p));
            v.push(Tree {
                zh: format!("项目“{}”", p.name),
                en: format!("project “{}”", p.name),
                file: "projects.toml",
                start,
                location: input.locate("projects.toml", Some(&id_line(p)), "[project.performance]"),
                goal: &perf.goal,
                indicators: &perf.indicators,
                department: false,
            });
        }
    }
    if input.has(Need::DepartmentPerformance) {
        let d = &b.performance;
        for (goals, zh, en, header) in [
            (&d.long_term, "长期目标", "long-term goal", "[[long_term]]"),
            (&d.annual, "年度目标", "annual goal", "[[annual]]"),
        ] {
            for (i, g) in goals.iter().enumerate() {
                let start = goal_line(input, header, i);
                v.push(Tree {
                    zh: format!("部门整体绩效{}{}", zh, i + 1),
                    en: format!("the department's {} {}", en, i + 1),
                    file: "performance.toml",
                    location: at_line(input, "performance.toml", start),
                    start,
                    goal: &g.text,
                    indicators: &g.indicators,
                    department: true,
                });
            }
        }
    }
    v
}

fn has_money(input: &Input, p: &Project) -> bool {
    let b = input.budget();
    p.stated_current.is_some_and(|a| !a.is_zero())
        || p.details.iter().any(|d| !d.total().is_zero())
        || (input.has(Need::LineItems) && !b.project_amount(&p.id).is_zero())
}

// ---- YS-P001 -------------------------------------------------------------------------

crate::rule_info!(P001, "YS-P001", Error, Performance,
    "有资金的项目没有绩效目标", "project with money but no performance targets",
    what: "项目有预算金额（支出明细行、申报表当年预算或明细金额），却没有绩效目标，或绩效目标中没有任何指标。",
    why: "预算绩效管理要求“花钱必问效”：凡安排预算资金的项目都应设定绩效目标和指标，并随预算一同公开。",
    example: "“专项工作”43 万元，申报表没有绩效指标表。",
    needs: [Need::Projects]);

fn missing_targets(input: &Input, out: &mut Out) {
    for p in &input.budget().projects {
        if !has_money(input, p) {
            continue;
        }
        let what = match &p.performance {
            None => ("没有绩效目标", "has no performance targets"),
            Some(perf) if perf.indicators.is_empty() => {
                ("的绩效目标没有任何指标", "has performance targets without any indicator")
            }
            Some(_) => continue,
        };
        out.report(
            project_location(input, p),
            Msg::new(
                format!("项目“{}”有预算资金，但{}", p.name, what.0),
                format!("project “{}” has money but {}", p.name, what.1),
            ),
        );
    }
}

// ---- YS-P002 -------------------------------------------------------------------------

crate::rule_info!(P002, "YS-P002", Warning, Performance,
    "一级指标不全（产出/效益/满意度）", "a 一级 indicator is missing (output / effect / satisfaction)",
    what: "一套绩效指标（项目申报表，或部门整体绩效的每个目标）应包含产出、效益、满意度三个一级指标。印成“项目产出”“项目效益”等也认；二级为“服务对象满意度”的指标即使印在“效益”一级下，也算作满意度指标（误列由 YS-P003 提示）。",
    why: "绩效目标框架要求从产出、效益、满意度三方面设定指标；缺少一方面，绩效目标不完整，事后无法全面评价。",
    example: "某项目只有“项目产出”和“项目效益”下的经济、社会效益指标，没有任何满意度指标。",
    needs: [Need::Projects]);

fn level1_complete(input: &Input, out: &mut Out) {
    for t in trees(input) {
        if t.indicators.is_empty() {
            continue;
        }
        let present: Vec<L1> = t.indicators.iter().filter_map(effective).collect();
        let missing: Vec<L1> =
            [L1::Output, L1::Effect, L1::Satisfaction].into_iter().filter(|l| !present.contains(l)).collect();
        if missing.is_empty() {
            continue;
        }
        let zh: Vec<&str> = missing.iter().map(|l| l.name()).collect();
        let en: Vec<&str> = missing.iter().map(|l| l.en()).collect();
        out.report(
            t.location.clone(),
            Msg::new(
                format!("{}的绩效指标缺少一级指标：{}", t.zh, zh.join("、")),
                format!("{}: the indicators lack the 一级 {}", t.en, en.join(", ")),
            ),
        )
        .expected("产出指标、效益指标、满意度指标")
        .actual(zh.join("、"));
    }
}

// ---- YS-P003 -------------------------------------------------------------------------

crate::rule_info!(P003, "YS-P003", Info, Performance,
    "满意度指标列在效益一级下", "satisfaction indicators filed under the 效益 一级",
    what: "二级指标为“服务对象满意度”的指标，一级指标印成了“效益指标/项目效益”，而框架中满意度是独立的一级指标。项目逐个报告，部门整体绩效的各目标合并报告一次。",
    why: "现行框架把满意度指标列为与产出、效益并列的一级指标；不少地方模板仍把“社会公众或服务对象满意度”放在效益下，不算错误，但与框架不一致，汇总分析时会把满意度计入效益。",
    example: "“项目效益 / 社会公众或服务对象满意度 / 帮扶对象满意度 ≥95%”。",
    needs: [Need::Projects]);

fn is_misfiled_satisfaction(ind: &Indicator) -> bool {
    level1(&ind.level1) == Some(L1::Effect) && level2(&ind.level2).is_some_and(|l| l.level1 == L1::Satisfaction)
}

fn misfiled_satisfaction(input: &Input, out: &mut Out) {
    let all = trees(input);
    let (dept, projects): (Vec<&Tree>, Vec<&Tree>) = all.iter().partition(|t| t.department);
    for t in projects {
        let rows: Vec<&Indicator> = t.indicators.iter().filter(|i| is_misfiled_satisfaction(i)).collect();
        let Some(first) = rows.first() else { continue };
        out.report(
            t.locate(input, first),
            Msg::new(
                format!("{}的满意度指标（{}）列在一级指标“{}”下，框架中满意度为独立的一级指标", t.zh, names(&rows), first.level1),
                format!("{}: satisfaction indicators are filed under the 一级 “{}”; the framework makes satisfaction a 一级 of its own", t.en, first.level1),
            ),
        )
        .evidences(rows.iter().map(|i| t.evidence(input, i)));
    }
    let rows: Vec<(&Tree, &Indicator)> = dept
        .iter()
        .flat_map(|t| t.indicators.iter().filter(|i| is_misfiled_satisfaction(i)).map(move |i| (*t, i)))
        .collect();
    if let Some((t, first)) = rows.first() {
        let goals: Vec<&str> =
            dept.iter().filter(|t| t.indicators.iter().any(is_misfiled_satisfaction)).map(|t| t.zh.as_str()).collect();
        out.report(
            t.locate(input, first),
            Msg::new(
                format!("部门整体绩效目标中 {} 个满意度指标列在一级指标“{}”下（{}），框架中满意度为独立的一级指标", rows.len(), first.level1, goals.join("、")),
                format!("the department's goals file {} satisfaction indicator(s) under the 一级 “{}”; the framework makes satisfaction a 一级 of its own", rows.len(), first.level1),
            ),
        )
        .evidences(rows.iter().map(|(t, i)| t.evidence(input, i)));
    }
}

fn names(rows: &[&Indicator]) -> String {
    rows.iter().map(|i| format!("“{}”", i.name)).collect::<Vec<_>>().join("、")
}

// ---- YS-P004 -------------------------------------------------------------------------

crate::rule_info!(P004, "YS-P004", Warning, Performance,
    "产出指标缺少数量、质量、时效或成本二级指标", "output indicators lack quantity, quality, timeliness or cost",
    what: "产出指标下应有数量、质量、时效、成本四个二级指标（印成“产出数量”“完成时效”“成本控制”等也认；成本指标单列为一级时也认）。缺少哪个报告哪个。没有任何产出指标的由 YS-P002 报告。",
    why: "产出指标从数量、质量、时效、成本四方面衡量项目完成情况；缺少某一方面，绩效目标不完整，也难以评价资金使用效率。",
    example: "某项目的产出指标只有“产出数量”和“产出质量”，没有时效和成本指标。",
    needs: [Need::Projects]);

fn output_complete(input: &Input, out: &mut Out) {
    for t in trees(input) {
        let outputs: Vec<&Indicator> = t.indicators.iter().filter(|i| effective(i) == Some(L1::Output)).collect();
        if outputs.is_empty() {
            continue;
        }
        let has_cost_level1 = t.indicators.iter().any(|i| effective(i) == Some(L1::Cost));
        for l2 in framework().iter().filter(|l| l.level1 == L1::Output) {
            let present =
                outputs.iter().any(|i| level2(&i.level2) == Some(l2)) || (l2.stem() == "成本" && has_cost_level1);
            if present {
                continue;
            }
            out.report(
                t.location.clone(),
                Msg::new(
                    format!("{}的产出指标缺少二级指标“{}”", t.zh, l2.name),
                    format!("{}: the output indicators lack “{}”", t.en, l2.name),
                ),
            )
            .expected(l2.name.clone());
        }
    }
}

// ---- YS-P005 -------------------------------------------------------------------------

crate::rule_info!(P005, "YS-P005", Warning, Performance,
    "二级指标与一级指标不对应", "二级 indicator under the wrong 一级",
    what: "按绩效指标框架（catalog/perf_indicator_levels.csv），二级指标只属于一个一级指标：数量、质量、时效、成本属于产出；经济、社会、生态效益和可持续影响属于效益；服务对象满意度属于满意度。某个二级指标印在了别的一级指标下。满意度列在效益下的情形由 YS-P003 提示，这里不报。",
    why: "一级、二级错位会使指标归类混乱，汇总和评价时被计入错误的维度。",
    example: "“项目产出 / 社会效益 / 政府系统综合能力提升度”：社会效益是效益指标。",
    needs: [Need::Projects]);

fn level_mismatch(input: &Input, out: &mut Out) {
    for t in trees(input) {
        for ind in t.indicators {
            let (Some(l1), Some(l2)) = (level1(&ind.level1), level2(&ind.level2)) else { continue };
            if l1 == L1::Cost || l1 == l2.level1 || is_misfiled_satisfaction(ind) {
                continue;
            }
            out.report(
                t.locate(input, ind),
                Msg::new(
                    format!(
                        "{}的指标“{}”：二级指标“{}”属于{}，却列在一级指标“{}”下",
                        t.zh,
                        ind.name,
                        ind.level2,
                        l2.level1.name(),
                        ind.level1
                    ),
                    format!(
                        "{}: indicator “{}”: the 二级 “{}” belongs to the {} 一级, not to “{}”",
                        t.en,
                        ind.name,
                        ind.level2,
                        l2.level1.en(),
                        ind.level1
                    ),
                ),
            )
            .expected(l2.level1.name())
            .actual(ind.level1.clone())
            .evidence(t.locate(input, ind), quote(ind));
        }
    }
}

// ---- YS-P006 -------------------------------------------------------------------------

crate::rule_info!(P006, "YS-P006", Warning, Performance,
    "指标名称为空或层级无法识别", "indicator name empty or level not recognised",
    what: "一级指标不是产出、效益、满意度（或成本）之一，二级指标不能对应到框架中的任何二级指标，或三级指标名称为空。",
    why: "指标层级名称应取自绩效指标框架，才能按统一口径汇总和评价；名称为空或自创层级的指标无法归类。",
    example: "一级指标“工作任务”，或二级指标“其他”。",
    needs: [Need::Projects]);

fn unknown_levels(input: &Input, out: &mut Out) {
    for t in trees(input) {
        for ind in t.indicators {
            let mut problems: Vec<(String, String)> = Vec::new();
            if level1(&ind.level1).is_none() {
                problems.push((
                    format!("一级指标“{}”无法识别", ind.level1),
                    format!("the 一级 “{}” is not recognised", ind.level1),
                ));
            }
            if level1(&ind.level1) != Some(L1::Cost) && level2(&ind.level2).is_none() {
                problems.push((
                    format!("二级指标“{}”无法识别", ind.level2),
                    format!("the 二级 “{}” is not recognised", ind.level2),
                ));
            }
            if ind.name.trim().is_empty() {
                problems.push(("三级指标名称为空".into(), "the 三级 name is empty".into()));
            }
            if problems.is_empty() {
                continue;
            }
            let (zh, en): (Vec<String>, Vec<String>) = problems.into_iter().unzip();
            out.report(
                t.locate(input, ind),
                Msg::new(
                    format!("{}的指标“{}”：{}", t.zh, ind.name, zh.join("；")),
                    format!("{}: indicator “{}”: {}", t.en, ind.name, en.join("; ")),
                ),
            )
            .evidence(t.locate(input, ind), quote(ind));
        }
    }
}

// ---- YS-P007 -------------------------------------------------------------------------

crate::rule_info!(P007, "YS-P007", Warning, Performance,
    "指标值为空或无法识别", "target value empty or not recognised",
    what: "指标值为空；或既不是定量值（≥95%、≤千分之四、97%-100%、14人、满意率≥98%），也不是常见的定性表述（及时、显著提高、有效提升、保障、全面脱贫、巩固提升、达标、合格……）。定性值须简短（不超过 12 字）、不含数字和比较符号。",
    why: "指标值是事后评价的标尺：空着或写成无法衡量的文字（如把评价对象写进指标值），绩效目标就无法考核。",
    example: "指标值“≥”（缺数字），或“区政府及各组成部门”（是评价对象，不是指标值）。",
    needs: [Need::Projects]);

/// Words a qualitative target is made of.
const QUALITATIVE: &[&str] = &[
    "及时", "按时", "准时", "如期", "按期", "提升", "提高", "改善", "保障", "增强", "加强", "稳定", "达标", "合格",
    "完成", "满意", "有效", "显著", "明显", "持续", "逐步", "稳步", "全面", "巩固", "规范", "良好", "优良", "优秀",
    "较好", "降低", "减少", "下降", "符合", "到位", "落实", "健全", "完善", "确保", "实现", "脱贫", "大幅", "正常",
    "安全", "顺利", "圆满", "增加", "扩大", "推进", "促进", "优化", "可控", "充分", "长效", "长期", "无", "是", "否",
    "好", "高", "零",
];

fn target_problem(ind: &Indicator) -> Option<(&'static str, &'static str)> {
    let raw = ind.target.raw.trim();
    if raw.is_empty() {
        return Some(("指标值为空", "the target is empty"));
    }
    let TargetValue::Qualitative(text) = &ind.target.value else { return None };
    let t = compact(text);
    let has_digit = t.chars().any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c));
    let has_op = t.chars().any(|c| "≥≤<>＜＞=%％".contains(c));
    if has_digit || has_op {
        return Some((
            "指标值无法读成“比较符 + 数值 + 单位”",
            "the target cannot be read as operator, number and unit",
        ));
    }
    if t.chars().count() > 12 || !QUALITATIVE.iter().any(|w| t.contains(w)) {
        return Some(("指标值不是可衡量的定性表述", "the target is not a measurable qualitative value"));
    }
    None
}

fn malformed_target(input: &Input, out: &mut Out) {
    for t in trees(input) {
        for ind in t.indicators {
            let Some((zh, en)) = target_problem(ind) else { continue };
            out.report(
                t.locate(input, ind),
                Msg::new(
                    format!("{}的指标“{}”的指标值“{}”：{}", t.zh, ind.name, ind.target.raw, zh),
                    format!("{}: indicator “{}”, target “{}”: {}", t.en, ind.name, ind.target.raw, en),
                ),
            )
            .actual(ind.target.raw.clone())
            .evidence(t.locate(input, ind), quote(ind));
        }
    }
}

// ---- YS-P008 -------------------------------------------------------------------------

crate::rule_info!(P008, "YS-P008", Error, Performance,
    "百分比指标值越界或区间颠倒", "percentage target out of 0–100% or an inverted range",
    what: "以 % 表示的指标值超过 100%（以 ‰ 表示的超过 1000‰），或区间指标值的下限大于上限（如“100%-97%”）。",
    why: "比率类指标（完成率、合格率、满意度、执行率）不会超过 100%；区间写反则无法考核。多为录入错误。",
    example: "“预算执行率 97%-100%”正确；“满意度 ≥105%”或“100%-97%”报告本规则。",
    needs: [Need::Projects]);

fn decimal_gt(a: yusuan_model::Decimal, b: yusuan_model::Decimal) -> bool {
    // a.m / 10^a.s > b.m / 10^b.s, exactly.
    let s = a.scale.max(b.scale);
    let scale = |d: yusuan_model::Decimal| d.mantissa.checked_mul(10_i128.pow(s - d.scale));
    matches!((scale(a), scale(b)), (Some(x), Some(y)) if x > y)
}

fn target_out_of_range(ind: &Indicator) -> Option<(String, String)> {
    let TargetValue::Quantitative { op, value, upper, unit, .. } = &ind.target.value else { return None };
    let limit = if unit.starts_with('%') {
        Some(yusuan_model::Decimal { mantissa: 100, scale: 0 })
    } else if unit.starts_with('‰') {
        Some(yusuan_model::Decimal { mantissa: 1000, scale: 0 })
    } else {
        None
    };
    if let Some(limit) = limit {
        for v in std::iter::once(value).chain(upper.iter()) {
            if decimal_gt(*v, limit) {
                return Some((
                    format!("超过 {}{}", limit.mantissa, &unit[..unit.chars().next().map_or(0, char::len_utf8)]),
                    "exceeds the maximum of a ratio".into(),
                ));
            }
        }
    }
    if let (TargetOp::Between, Some(up)) = (op, upper)
        && decimal_gt(*value, *up)
    {
        return Some(("区间下限大于上限".into(), "the range's lower bound exceeds its upper bound".into()));
    }
    None
}

fn percent_range(input: &Input, out: &mut Out) {
    for t in trees(input) {
        for ind in t.indicators {
            let Some((zh, en)) = target_out_of_range(ind) else { continue };
            out.report(
                t.locate(input, ind),
                Msg::new(
                    format!("{}的指标“{}”的指标值“{}”{}", t.zh, ind.name, ind.target.raw, zh),
                    format!("{}: indicator “{}”, target “{}”: {}", t.en, ind.name, ind.target.raw, en),
                ),
            )
            .actual(ind.target.raw.clone())
            .evidence(t.locate(input, ind), quote(ind));
        }
    }
}

// ---- YS-P009 -------------------------------------------------------------------------

crate::rule_info!(P009, "YS-P009", Warning, Performance,
    "三级指标重复", "duplicate 三级 indicators",
    what: "同一套绩效指标（一个项目，或部门整体绩效的一个目标）中，同名的三级指标出现不止一次（忽略空白和标点）。",
    why: "重复的指标不增加信息，往往是复制粘贴时漏改了名称，使本应设置的指标缺失。",
    example: "同一项目两行“预算执行率”，一行 97%-100%，一行 100%。",
    needs: [Need::Projects]);

fn duplicates(input: &Input, out: &mut Out) {
    for t in trees(input) {
        let mut by_name: BTreeMap<String, Vec<&Indicator>> = BTreeMap::new();
        for ind in t.indicators {
            let key = squeeze(&ind.name);
            if !key.is_empty() {
                by_name.entry(key).or_default().push(ind);
            }
        }
        let mut dups: Vec<Vec<&Indicator>> = by_name.into_values().filter(|v| v.len() > 1).collect();
        dups.sort_by_key(|v| t.indicators.iter().position(|i| std::ptr::eq(i, v[0])));
        for rows in dups {
            out.report(
                t.locate(input, rows[0]),
                Msg::new(
                    format!("{}的三级指标“{}”出现 {} 次", t.zh, rows[0].name, rows.len()),
                    format!("{}: the 三级 indicator “{}” appears {} times", t.en, rows[0].name, rows.len()),
                ),
            )
            .evidences(rows.iter().map(|i| t.evidence(input, i)));
        }
    }
}

// ---- YS-P010 -------------------------------------------------------------------------

crate::rule_info!(P010, "YS-P010", Warning, Performance,
    "绩效目标文字为空", "performance goal text is empty",
    what: "项目申报表有绩效指标但“项目绩效总目标”为空，或部门整体绩效的某个长期/年度目标只有指标、没有目标文字。",
    why: "总目标说明项目要达到的结果，指标是它的分解；只有指标没有目标，指标的取舍无从判断。",
    example: "项目绩效总目标栏空白，下面列了 8 个指标。",
    needs: [Need::Projects]);

fn empty_goal(input: &Input, out: &mut Out) {
    for t in trees(input) {
        if !t.goal.trim().is_empty() {
            continue;
        }
        let (zh, en) = if t.department {
            ("目标文字为空", "has no goal text")
        } else {
            ("的项目绩效总目标为空", "has an empty overall goal")
        };
        out.report(t.location.clone(), Msg::new(format!("{}{}", t.zh, zh), format!("{} {}", t.en, en)));
    }
}

// ---- YS-P011 -------------------------------------------------------------------------

crate::rule_info!(P011, "YS-P011", Warning, Performance,
    "部门整体绩效目标不完整", "department performance targets incomplete",
    what: "部门整体绩效目标申报表应有长期目标和年度目标，且每个目标都有绩效指标。缺少长期目标或年度目标，或某个目标没有指标，报告本规则。",
    why: "整体绩效目标反映部门全部资金的预期产出和效果；长期目标说明方向，年度目标落实到本年，二者都要有可考核的指标。",
    example: "整体绩效表只填了 3 个长期目标，年度目标为空。",
    needs: [Need::DepartmentPerformance]);

fn department_complete(input: &Input, out: &mut Out) {
    let d = &input.budget().performance;
    let loc = input.locate("performance.toml", None, "");
    for (goals, zh, en, table) in [
        (&d.long_term, "长期目标", "long-term goals", "[[long_term]]"),
        (&d.annual, "年度目标", "annual goals", "[[annual]]"),
    ] {
        if goals.is_empty() {
            out.report(
                loc.clone(),
                Msg::new(
                    format!("部门整体绩效目标没有{}", zh),
                    format!("the department's performance targets have no {}", en),
                ),
            )
            .expected(table);
            continue;
        }
        for (i, g) in goals.iter().enumerate() {
            if g.indicators.is_empty() {
                let loc = at_line(input, "performance.toml", goal_line(input, table, i));
                out.report(
                    loc.clone(),
                    Msg::new(
                        format!("部门整体绩效{}{}没有绩效指标", zh, i + 1),
                        format!("the department's {} {} has no indicators", en, i + 1),
                    ),
                )
                .evidence(loc, g.text.clone());
            }
        }
    }
}

// ---- YS-P012 -------------------------------------------------------------------------

crate::rule_info!(P012, "YS-P012", Warning, Performance,
    "目标文字中的数值与指标值不符", "a value in the goal text contradicts the indicator",
    what: "绩效目标文字中写到某个三级指标（按名称，或去掉末尾“率/度/数”等后的名称匹配）并紧跟一个数值（“满意度达到95%”），而该指标的指标值（同一单位）是另一个数。",
    why: "目标文字和指标表说的是同一件事，数值应当一致；不一致时无法判断哪一个是真正要考核的目标。",
    example: "总目标写“对聘用人员的满意度达到85%以上”，指标表“对聘用人员满意度 ≥90%”。",
    needs: [Need::Projects]);

/// Name variants to look for in a goal text: the name, and the name without a
/// trailing 率 / 度 / 数 … (at least 4 characters).
fn name_keys(name: &str) -> Vec<String> {
    let n = squeeze(name);
    let mut v = vec![n.clone()];
    for suffix in ["程度", "情况", "个数", "人数", "次数", "期数", "率", "度", "数"] {
        if let Some(s) = n.strip_suffix(suffix) {
            if s.chars().count() >= 4 {
                v.push(s.to_owned());
            }
            break;
        }
    }
    v.retain(|k| k.chars().count() >= 3);
    v
}

/// The first number after `pos` in `text` (within 10 characters, before any
/// punctuation), with the unit word right after it.
fn number_after(chars: &[char], pos: usize) -> Option<(yusuan_model::Decimal, String)> {
    let mut i = pos;
    while i < chars.len() && i < pos + 10 {
        let c = chars[i];
        if "，。；;,、：:（）()".contains(c) {
            return None;
        }
        if c.is_ascii_digit() {
            let mut j = i;
            while j < chars.len() && (chars[j].is_ascii_digit() || chars[j] == '.') {
                j += 1;
            }
            let num: String = chars[i..j].iter().collect();
            let unit: String = match chars.get(j) {
                Some('%') | Some('％') => "%".into(),
                Some('‰') => "‰".into(),
                Some(c) if !c.is_ascii() && !"以及达到为，。；".contains(*c) => c.to_string(),
                _ => String::new(),
            };
            return yusuan_model::Decimal::parse(num.trim_end_matches('.')).map(|d| (d, unit));
        }
        i += 1;
    }
    None
}

fn same_decimal(a: yusuan_model::Decimal, b: yusuan_model::Decimal) -> bool {
    !decimal_gt(a, b) && !decimal_gt(b, a)
}

fn goal_values(input: &Input, out: &mut Out) {
    for t in trees(input) {
        let goal: Vec<char> = compact(t.goal).chars().collect();
        let goal_text: String = goal.iter().collect();
        for ind in t.indicators {
            let TargetValue::Quantitative { value, upper: None, unit, .. } = &ind.target.value else { continue };
            let ind_unit: String = unit.chars().take(1).collect();
            let found = name_keys(&ind.name).into_iter().find_map(|k| {
                let at = goal_text.find(&k)?;
                let pos = goal_text[..at].chars().count() + k.chars().count();
                number_after(&goal, pos)
            });
            let Some((v, u)) = found else { continue };
            if u != ind_unit || same_decimal(v, *value) {
                continue;
            }
            let said = format!("{}{}", v.mantissa_text(), u);
            out.report(
                t.locate(input, ind),
                Msg::new(
                    format!("{}的目标文字写“{}”为 {}，指标值却是“{}”", t.zh, ind.name, said, ind.target.raw),
                    format!(
                        "{}: the goal text gives “{}” as {}, the indicator's target is “{}”",
                        t.en, ind.name, said, ind.target.raw
                    ),
                ),
            )
            .expected(said)
            .actual(ind.target.raw.clone())
            .evidence(t.location.clone(), t.goal.to_owned())
            .evidence(t.locate(input, ind), quote(ind));
        }
    }
}

trait DecimalText {
    fn mantissa_text(&self) -> String;
}

impl DecimalText for yusuan_model::Decimal {
    fn mantissa_text(&self) -> String {
        yusuan_model::money::format_mantissa(self.mantissa as i64, self.scale as u8, false)
    }
}

// ---- YS-P013 -------------------------------------------------------------------------

crate::rule_info!(P013, "YS-P013", Warning, Performance,
    "整体绩效表上年收支与上年预算不符", "the prior-year figures of the department form differ from last year's budget",
    what: "部门整体绩效目标申报表“上年收支情况”填列的收入合计或支出合计，与上年部门预算总额（prior_year.total，由文字说明的增减额推出）不符（按 2 位小数的舍入区间比较）。",
    why: "同一套公开材料中的上年数应当口径一致；若表中填的是上年决算或执行数，应在表中注明，否则读者会把两个不同的数当成同一个上年预算。预算口径下收入与支出也应相等。",
    example: "整体绩效表上年收入 1890.55 万元、支出 1813.94 万元，而文字说明推出的 2021 年预算为 2053.67 万元。",
    needs: [Need::DepartmentPerformance]);

fn prior_year(input: &Input, out: &mut Out) {
    let b = input.budget();
    let Some(total) = b.prior_year.total else { return };
    let u = b.meta.unit;
    let d = &b.performance;
    let iv = |a: Amount| Figure::money(a, u, 2).interval();
    let show = |a: Amount| format!("{}{}", a.format_plain(u), u.label());
    let stated = [
        (d.prior_income, "收入", "income", "prior_income = "),
        (d.prior_expenditure, "支出", "expenditure", "prior_expenditure = "),
    ];
    let differing: Vec<_> = stated
        .iter()
        .filter_map(|(a, zh, en, key)| a.map(|a| (a, *zh, *en, *key)))
        .filter(|(a, ..)| !iv(*a).meets(iv(total)))
        .collect();
    let Some((first, _, _, key)) = differing.first().copied() else { return };
    let zh_list: Vec<String> = differing.iter().map(|(a, zh, ..)| format!("{}{}", zh, show(*a))).collect();
    let en_list: Vec<String> = differing.iter().map(|(a, _, en, _)| format!("{} {}", en, show(*a))).collect();
    let unbalanced = match (d.prior_income, d.prior_expenditure) {
        (Some(i), Some(e)) if !iv(i).meets(iv(e)) => (
            format!(
                "；且收入与支出不等（差 {}），不是预算口径（预算收支平衡），可能填的是上年决算或执行数，应注明口径",
                show(i - e)
            ),
            format!(
                "; income and expenditure also differ (by {}), which a budget cannot: they look like actual (决算) figures, whose basis should be stated",
                show(i - e)
            ),
        ),
        _ => (String::new(), String::new()),
    };
    let year = b.prior_year.year;
    out.report(
        input.locate("performance.toml", None, key),
        Msg::new(
            format!(
                "部门整体绩效目标申报表“上年收支情况”填列{}，与 {} 年部门预算总额 {} 不符{}",
                zh_list.join("、"),
                year,
                show(total),
                unbalanced.0
            ),
            format!(
                "the department performance form's prior-year {} differ from the {} budget total {}{}",
                en_list.join(", "),
                year,
                show(total),
                unbalanced.1
            ),
        ),
    )
    .expected(show(total))
    .actual(show(first))
    .difference(show(first - total))
    .evidences(differing.iter().map(|(a, zh, _, key)| Evidence {
        location: input.locate("performance.toml", None, key),
        quote: format!("上年{}：{}", zh, show(*a)),
    }));
}

// ---- YS-P014 / YS-P015 --------------------------------------------------------------

crate::rule_info!(P014, "YS-P014", Warning, Performance,
    "项目类别未勾选", "project category not ticked",
    what: "项目支出（绩效目标）申报表的“项目类别”（其他运转类 / 特定目标类本级支出项目 / 特定目标类转移性支出项目）一项也没有勾选。",
    why: "项目类别决定项目的管理方式和绩效要求（运转类与特定目标类的审核、评价口径不同），申报表必须明确。",
    example: "乡村振兴及对口帮扶工作：三个类别都未勾选。",
    needs: [Need::Projects]);

fn category(input: &Input, out: &mut Out) {
    for p in &input.budget().projects {
        if p.category.is_some() {
            continue;
        }
        out.report(
            project_location(input, p),
            Msg::new(
                format!("项目“{}”的申报表未勾选项目类别", p.name),
                format!("project “{}”: no project category is ticked on its form", p.name),
            ),
        )
        .expected("其他运转类 / 特定目标类本级支出项目 / 特定目标类转移性支出项目");
    }
}

crate::rule_info!(P015, "YS-P015", Warning, Performance,
    "项目安排频度未勾选", "project frequency not ticked",
    what: "项目支出（绩效目标）申报表的“项目安排频度”（一次性项目 / 常年项目 / 延续性项目）一项也没有勾选。",
    why: "安排频度说明项目是一次性还是持续安排，关系到以后年度预算和绩效评价的安排，申报表必须明确。",
    example: "某项目“1. 一次性项目 ☐ 2. 常年项目 ☐ 3. 延续性项目 ☐”。",
    needs: [Need::Projects]);

fn frequency(input: &Input, out: &mut Out) {
    for p in &input.budget().projects {
        if p.frequency.is_some() {
            continue;
        }
        out.report(
            project_location(input, p),
            Msg::new(
                format!("项目“{}”的申报表未勾选项目安排频度", p.name),
                format!("project “{}”: no frequency is ticked on its form", p.name),
            ),
        )
        .expected("一次性项目 / 常年项目 / 延续性项目");
    }
}

// ---- Catalogue ----------------------------------------------------------------------

static RULES: &[FnRule] = &[
    FnRule { info: &P001, run: missing_targets },
    FnRule { info: &P002, run: level1_complete },
    FnRule { info: &P003, run: misfiled_satisfaction },
    FnRule { info: &P004, run: output_complete },
    FnRule { info: &P005, run: level_mismatch },
    FnRule { info: &P006, run: unknown_levels },
    FnRule { info: &P007, run: malformed_target },
    FnRule { info: &P008, run: percent_range },
    FnRule { info: &P009, run: duplicates },
    FnRule { info: &P010, run: empty_goal },
    FnRule { info: &P011, run: department_complete },
    FnRule { info: &P012, run: goal_values },
    FnRule { info: &P013, run: prior_year },
    FnRule { info: &P014, run: category },
    FnRule { info: &P015, run: frequency },
];

/// The rules of this module.
pub fn rules() -> Vec<&'static dyn Rule> {
    RULES.iter().map(|r| r as &dyn Rule).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use yusuan_model::Target;

    fn ind(l1: &str, l2: &str, name: &str, target: &str) -> Indicator {
        Indicator {
            level1: l1.into(),
            level2: l2.into(),
            name: name.into(),
            target: Target::parse(target),
            basis: String::new(),
        }
    }

    #[test]
    fn the_framework_loads() {
        assert_eq!(framework().len(), 9);
        assert_eq!(framework().iter().filter(|l| l.level1 == L1::Output).count(), 4);
    }

    #[test]
    fn printed_names_normalise() {
        assert_eq!(level1("项目产出"), Some(L1::Output));
        assert_eq!(level1("项目效益"), Some(L1::Effect));
        assert_eq!(level1("满意度指标"), Some(L1::Satisfaction));
        assert_eq!(level1("工作任务"), None);
        let l2 = |s: &str| level2(s).map(|l| l.name.as_str());
        assert_eq!(l2("产出数量"), Some("数量指标"));
        assert_eq!(l2("产出质量"), Some("质量指标"));
        assert_eq!(l2("完成时效"), Some("时效指标"));
        assert_eq!(l2("成本控制"), Some("成本指标"));
        assert_eq!(l2("社会效益"), Some("社会效益指标"));
        assert_eq!(l2("社会效益指标"), Some("社会效益指标"));
        assert_eq!(l2("经济效益"), Some("经济效益指标"));
        assert_eq!(l2("可持续影响"), Some("可持续影响指标"));
        assert_eq!(l2("服务对象满意度"), Some("服务对象满意度指标"));
        assert_eq!(l2("社会公众或服务对象满意度指标 服务对象满意度"), Some("服务对象满意度指标"));
        assert_eq!(l2("其他"), None);
    }

    #[test]
    fn seed_satisfaction_under_effect_counts_as_satisfaction() {
        let i = ind("项目效益", "服务对象满意度", "帮扶对象满意度", "≥95%");
        assert_eq!(effective(&i), Some(L1::Satisfaction));
        assert!(is_misfiled_satisfaction(&i));
    }

    #[test]
    fn seed_targets_are_well_formed() {
        for t in [
            "≥95%",
            "≤千分之四",
            "97%-100%",
            "14人",
            "及时",
            "显著提高",
            "有效提升",
            "提升",
            "保障",
            "全面脱贫",
            "巩固提升",
            "1",
            "0%",
            "满意率≥98%",
            "100%",
        ] {
            let i = ind("项目产出", "产出数量", "x", t);
            assert_eq!(target_problem(&i), None, "{t}");
            assert_eq!(target_out_of_range(&i), None, "{t}");
        }
        for t in ["", "≥", "区政府及各组成部门"] {
            assert!(target_problem(&ind("项目产出", "产出数量", "x", t)).is_some(), "{t}");
        }
        for t in ["≥105%", "100%-97%", "1200‰"] {
            assert!(target_out_of_range(&ind("项目产出", "产出数量", "x", t)).is_some(), "{t}");
        }
    }

    #[test]
    fn goal_text_values() {
        let goal: Vec<char> = compact("临聘人员体检合格率达到100%，对聘用人员的满意度达到85%以上").chars().collect();
        let text: String = goal.iter().collect();
        let at = text.find("体检合格率").unwrap();
        let pos = text[..at].chars().count() + "体检合格率".chars().count();
        assert_eq!(number_after(&goal, pos), Some((yusuan_model::Decimal { mantissa: 100, scale: 0 }, "%".into())));
        assert_eq!(name_keys("投诉群众满意度"), vec!["投诉群众满意度".to_owned(), "投诉群众满意".to_owned()]);
    }
}
