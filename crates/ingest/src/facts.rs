//! Facts recovered from the performance-target forms of a published document:
//! each 项目支出（绩效目标）申报表 becomes a [`Project`], the 部门整体绩效目标申报表
//! a [`DepartmentPerformance`], each value with the source line it was read from.
//!
//! # Input
//! A [`Form`] (from [`crate::views::form_view`] or derived by `yusuan-derive`) and
//! the source line of each of its rows. The form is laid out on its column grid
//! again (a cell spanning columns or rows occupies them, its text in the first),
//! so that a form read from text and a form derived from facts read alike.
//! Amount cells are read back as the shortest exact decimal in the form's unit.
//!
//! # What is read
//! - **Fields** are label → value pairs, several per row (`项目负责人⇥杨俊⇥联系电话⇥…`):
//!   the value of a label is the next non-empty cell unless that is a label itself
//!   (a blank value). `label：value` in one cell works too. Wuhan labels (项目主管部门,
//!   起始年度, 项目总预算 …) and Shanghai labels (主管部门, 实施单位, 计划开始日期,
//!   项目资金总额, 年度资金申请总额 …) are known; on Shanghai forms the funding
//!   labels left of 年度资金申请总额 describe the whole project and are skipped.
//! - **Ticks**: 项目类别 / 项目安排频度 name the option next to a ticked box
//!   (`☑`, `<input checked …>`, `√`, `■` …; the label before the box, or after it
//!   when the text starts with a box or nothing precedes it); an unticked list
//!   gives none; plain text (`特定目标类`, `经常性项目`) names the option itself.
//!   `特定目标类` alone is read as 特定目标类本级支出项目, `阶段性项目` as 延续性项目
//!   (the model has no other options).
//! - **Paragraphs** (立项依据, 实施方案 …) are split at `<p>` tags, line breaks, or
//!   numbered items `1.` `2、` … in sequence after a blank.
//! - **Amounts** are exact, in the form's unit (`项目资金（元）` makes it 元), or
//!   as written: `2万` is 2 万元, `9600元` 9600 元.
//! - **Detail lines** (项目内容 / 测算依据及说明 / 本级财政拨款 / 上级转移支付 /
//!   其他资金) and the **asset plan** (品名 / 数量 / 金额) are read by the columns of
//!   their header row.
//! - **Indicators** are read by the columns of their header row (一级 / 二级 /
//!   三级指标 / 指标值 / 说明); a row printed off those columns (text extraction
//!   shifts merged cells) is read in order instead: an optional 一级 (项目产出,
//!   效益指标 …), an optional 二级 (…数量, …质量, …时效, …成本, …效益, …满意度 …),
//!   then 三级, 指标值 and the rest as 说明. Merged 一级 / 二级 cells are filled
//!   down; a new 一级 clears the 二级.
//! - Text is tidied: tags dropped, blanks collapsed, and blanks between CJK
//!   characters (or a CJK character and a digit) that PDF extraction inserts
//!   (`资 料印刷费0.5万`, `1 万`) removed.
//!
//! Nothing here fails: a form that is not understood gives empty fields.

use yusuan_derive::{TableKind, Template};
use yusuan_model::view::{Cell, Form, Table};
use yusuan_model::{
    Amount, AssetPlanLine, DepartmentPerformance, DetailLine, FormFunding, FundingSource, Goal, Indicator, MoneyUnit,
    Project, ProjectCategory, ProjectFrequency, ProjectPerformance, Target,
};

use crate::recognize::{Recognition, Source, normalize};
use crate::{RawTable, TextDocument};

/// The facts of a document's forms.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FormFacts {
    /// One per 项目支出绩效目标表, in document order.
    pub projects: Vec<FormProject>,
    /// The first 部门整体绩效目标表.
    pub department: Option<FormDepartment>,
}

/// A project read from its form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormProject {
    /// The form's id among the document's views (`t13`, `t13-2` …).
    pub form: String,
    /// The title line of the form (its first row when untitled).
    pub line: usize,
    /// `单位名称：…` printed above the form, unless blank or `（盖章）`.
    pub unit_name: Option<String>,
    /// The money unit of the form's amounts (`项目资金（元）` …; 万元 by default).
    pub unit: MoneyUnit,
    /// The project; `id` is `p1`, `p2` … in document order, `unit` is empty.
    pub project: Project,
    pub lines: ProjectLines,
}

/// Source lines of a project's fields (0: not printed).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProjectLines {
    pub name: usize,
    pub code: usize,
    pub owner: usize,
    pub executor: usize,
    pub manager: usize,
    pub phone: usize,
    pub start_year: usize,
    pub end_year: usize,
    pub category: usize,
    pub frequency: usize,
    pub basis: usize,
    pub plan: usize,
    pub prior_evaluation: usize,
    pub history: usize,
    pub total_budget: usize,
    pub stated_current: usize,
    /// The first line of the funding block.
    pub funding: usize,
    /// One per detail line.
    pub details: Vec<usize>,
    /// One per asset-plan line.
    pub asset_plan: Vec<usize>,
    pub goal: usize,
    /// One per indicator.
    pub indicators: Vec<usize>,
}

/// The department form read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormDepartment {
    pub form: String,
    pub line: usize,
    /// 部门名称 as printed on the form (the full name, with the city).
    pub full_name: Option<String>,
    pub performance: DepartmentPerformance,
    /// The 项目支出情况 rows.
    pub projects: Vec<ProjectRow>,
    pub lines: DepartmentLines,
}

/// A row of the department form's 项目支出情况 block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectRow {
    /// The name without its `项目1：` label.
    pub name: String,
    /// 项目类型 (经常性项目 …).
    pub kind: String,
    pub total: Option<Amount>,
    pub current: Option<Amount>,
    /// 项目主要支出方向和用途.
    pub uses: String,
    pub line: usize,
}

/// Source lines of the department form's fields (0: not printed).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DepartmentLines {
    pub filler: usize,
    pub phone: usize,
    pub prior_income: usize,
    pub prior_expenditure: usize,
    pub functions: usize,
    pub tasks: usize,
    pub long_term: Vec<GoalLines>,
    pub annual: Vec<GoalLines>,
}

/// Source lines of a goal: its text and each indicator.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GoalLines {
    pub text: usize,
    pub indicators: Vec<usize>,
}

/// Reads the facts of every performance-target form the recognition found as a grid.
pub fn read_facts(doc: &TextDocument, rec: &Recognition) -> FormFacts {
    let raws: Vec<&RawTable> = doc.tables().collect();
    let mut used: Vec<String> = Vec::new();
    let mut facts = FormFacts::default();
    for t in &rec.tables {
        let Source::Grid(i) = t.source else { continue };
        let Some(raw) = raws.get(i) else { continue };
        let Ok(template) = Template::builtin_shared(&t.template) else { continue };
        let Some(def) = template.table(&t.table) else { continue };
        // Form ids as `views::build_views` gives them.
        let n = used.iter().filter(|u| **u == def.id).count();
        used.push(def.id.clone());
        let id = if n == 0 { def.id.clone() } else { format!("{}-{}", def.id, n + 1) };
        let lines: Vec<usize> = raw.rows.iter().map(|r| r.line).collect();
        let title_line = raw.title_line.unwrap_or_else(|| raw.span().0);
        match def.kind {
            TableKind::ProjectPerformance => {
                let mut form = crate::views::form_view(raw, def);
                form.id = id;
                let mut p = project_of_form(&form, &lines);
                p.line = title_line;
                p.project.id = format!("p{}", facts.projects.len() + 1);
                facts.projects.push(p);
            }
            TableKind::DepartmentPerformance if facts.department.is_none() => {
                let mut form = crate::views::form_view(raw, def);
                form.id = id;
                let mut d = department_of_form(&form, &lines);
                d.line = title_line;
                facts.department = Some(d);
            }
            _ => {}
        }
    }
    facts
}

// ---- The grid ------------------------------------------------------------------------

/// A form row laid out on the column grid.
struct GridRow {
    line: usize,
    cells: Vec<String>,
}

impl GridRow {
    fn cell(&self, i: usize) -> &str {
        self.cells.get(i).map_or("", |s| s.as_str())
    }
    /// Non-empty cells with their columns.
    fn filled(&self) -> Vec<(usize, &str)> {
        self.cells.iter().enumerate().filter(|(_, c)| !c.trim().is_empty()).map(|(i, c)| (i, c.trim())).collect()
    }
}

fn cell_text(c: &Cell, unit: MoneyUnit) -> String {
    match c {
        Cell::Empty => String::new(),
        Cell::Text(s) | Cell::Percent(s) => s.trim().to_owned(),
        Cell::Amount(a) => a.format_plain(unit),
    }
}

/// Lays the form's cells out on its columns (spans occupy their columns and rows).
fn grid(form: &Form, lines: &[usize]) -> Vec<GridRow> {
    let mut width = form.columns as usize;
    // Per column: how many more rows (this one included) a cell from above covers.
    let mut covered: Vec<u16> = vec![0; width];
    let mut out = Vec::with_capacity(form.rows.len());
    for (i, row) in form.rows.iter().enumerate() {
        let mut cells = vec![String::new(); width];
        let mut col = 0;
        for cell in row {
            while col < covered.len() && covered[col] > 0 {
                col += 1;
            }
            let span = cell.colspan.max(1) as usize;
            if col + span > width {
                width = col + span;
                cells.resize(width, String::new());
                covered.resize(width, 0);
            }
            cells[col] = cell_text(&cell.content, form.unit);
            for c in &mut covered[col..col + span] {
                *c = (*c).max(cell.rowspan.max(1));
            }
            col += span;
        }
        out.push(GridRow { line: lines.get(i).copied().unwrap_or(0), cells });
        for c in &mut covered {
            *c = c.saturating_sub(1);
        }
    }
    out
}

// ---- Text ----------------------------------------------------------------------------

fn is_ideograph(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3400}'..='\u{4dbf}').contains(&c)
}

/// CJK punctuation and full-width forms (`，` `。` `（`).
fn is_cjk_punct(c: char) -> bool {
    ('\u{3000}'..='\u{303f}').contains(&c) || ('\u{ff00}'..='\u{ffef}').contains(&c)
}

/// Drops HTML tags (the caller splits paragraphs first).
fn strip_tags(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('<') {
        let tail = &rest[i..];
        let is_tag = tail[1..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '/');
        match tail.find('>') {
            Some(j) if is_tag => {
                out.push_str(&rest[..i]);
                out.push(' ');
                rest = &tail[j + 1..];
            }
            _ => {
                out.push_str(&rest[..i + 1]);
                rest = &rest[i + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Tags dropped, blanks collapsed to one space, and blanks between CJK
/// characters (or a CJK character and a digit) removed.
pub fn tidy(s: &str) -> String {
    let s = strip_tags(s);
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            let start = i;
            while i < chars.len() && chars[i].is_whitespace() {
                i += 1;
            }
            let (before, after) = (out.chars().last(), chars.get(i).copied());
            let glue = match (before, after) {
                (Some(a), Some(b)) => {
                    (is_ideograph(a) && (is_ideograph(b) || is_cjk_punct(b) || b.is_ascii_digit()))
                        || ((a.is_ascii_digit() || is_cjk_punct(a)) && is_ideograph(b))
                }
                _ => true,
            };
            if !glue && start > 0 {
                out.push(' ');
            }
            continue;
        }
        out.push(c);
        i += 1;
    }
    out.trim().to_owned()
}

/// A numbered item's number at the start of `s`: `1.`, `2、`, `3．`, `（4）`; returns
/// the number and the length of the label in bytes.
fn item_number(s: &str) -> Option<(u32, usize)> {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && digits <= 2 {
        let n: u32 = s[..digits].parse().ok()?;
        let rest = &s[digits..];
        let sep = rest.chars().next()?;
        if matches!(sep, '.' | '、' | '．') {
            // `2.5万` is a number, not an item.
            if sep == '.' && rest[1..].starts_with(|c: char| c.is_ascii_digit()) {
                return None;
            }
            return Some((n, digits + sep.len_utf8()));
        }
    }
    for (open, close) in [('（', '）'), ('(', ')')] {
        if let Some(inner) = s.strip_prefix(open) {
            let d = inner.bytes().take_while(u8::is_ascii_digit).count();
            if d > 0 && inner[d..].starts_with(close) {
                return Some((inner[..d].parse().ok()?, open.len_utf8() + d + close.len_utf8()));
            }
        }
    }
    None
}

/// Removes a leading item number (`1.`, `2、`, `（3）`).
pub fn strip_item_number(s: &str) -> &str {
    match item_number(s.trim_start()) {
        Some((_, len)) => s.trim_start()[len..].trim_start(),
        None => s.trim(),
    }
}

/// Splits a cell into paragraphs: at `<p>` / `<br>` tags, line breaks, or
/// numbered items in sequence (`1. …  2. …`, each after a blank or the end of a
/// sentence).
pub fn paragraphs(s: &str) -> Vec<String> {
    let lower = s.to_ascii_lowercase();
    let parts: Vec<String> = if lower.contains("<p") || lower.contains("<br") || lower.contains("</p") {
        let mut v = Vec::new();
        let mut rest = s;
        loop {
            let l = rest.to_ascii_lowercase();
            let next = ["<p", "</p", "<br"].iter().filter_map(|t| l.find(t)).min();
            match next {
                Some(i) => {
                    v.push(rest[..i].to_owned());
                    let after = &rest[i..];
                    rest = after.find('>').map_or("", |j| &after[j + 1..]);
                }
                None => {
                    v.push(rest.to_owned());
                    break;
                }
            }
        }
        v
    } else if s.contains('\n') {
        s.lines().map(str::to_owned).collect()
    } else {
        split_numbered(s)
    };
    parts.iter().map(|p| tidy(p)).filter(|p| !p.is_empty()).collect()
}

/// Splits `1. a 2. b 3. c` (items after a blank or a sentence end, numbered in sequence).
fn split_numbered(s: &str) -> Vec<String> {
    let mut cuts: Vec<usize> = Vec::new();
    let mut want = 1;
    let mut prev_blank = true;
    for (i, c) in s.char_indices() {
        if prev_blank
            && c.is_ascii_digit()
            && let Some((n, _)) = item_number(&s[i..])
            && n == want
        {
            cuts.push(i);
            want += 1;
        }
        // An item starts after a blank, or right after the end of a sentence or
        // a colon when the text lost its line breaks (`如下：1.负责…。2.负责…`).
        prev_blank = c.is_whitespace() || "。；;：:！？".contains(c);
    }
    if cuts.len() < 2 {
        return vec![s.to_owned()];
    }
    let mut out = Vec::new();
    if cuts[0] > 0 {
        out.push(s[..cuts[0]].to_owned());
    }
    for (k, &start) in cuts.iter().enumerate() {
        let end = cuts.get(k + 1).copied().unwrap_or(s.len());
        out.push(s[start..end].to_owned());
    }
    out
}

/// A money value as printed: in `unit`, or with its own unit (`2万`, `9600元`).
pub fn money(s: &str, unit: MoneyUnit) -> Option<Amount> {
    let t: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    if t.is_empty() || t.chars().all(|c| "-—–－―".contains(c)) {
        return None;
    }
    let (num, u) = if let Some(n) = t.strip_suffix("万元").or_else(|| t.strip_suffix('万')) {
        (n, MoneyUnit::WanYuan)
    } else if let Some(n) = t.strip_suffix("亿元") {
        (n, MoneyUnit::YiYuan)
    } else if let Some(n) = t.strip_suffix('元') {
        (n, MoneyUnit::Yuan)
    } else {
        (t.as_str(), unit)
    };
    Amount::parse_in(num, u).ok()
}

/// The first year (19xx / 20xx) in a text: `2022`, `2023-01-01`.
fn year_in(s: &str) -> Option<i32> {
    let b = s.as_bytes();
    (0..b.len().saturating_sub(3)).find_map(|i| {
        let w = &b[i..i + 4];
        let boundary = (i == 0 || !b[i - 1].is_ascii_digit()) && b.get(i + 4).is_none_or(|c| !c.is_ascii_digit());
        (boundary && w.iter().all(u8::is_ascii_digit) && (w.starts_with(b"19") || w.starts_with(b"20")))
            .then(|| std::str::from_utf8(w).ok()?.parse().ok())?
    })
}

// ---- Ticks ---------------------------------------------------------------------------

#[derive(Debug, PartialEq)]
enum Tok {
    Text(String),
    Mark(bool),
}

fn tokens(s: &str) -> Vec<Tok> {
    let mut out: Vec<Tok> = Vec::new();
    let mut text = String::new();
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        let mark = if c == '<' && rest[1..].to_ascii_lowercase().starts_with("input") {
            let end = rest.find('>').map_or(rest.len(), |j| j + 1);
            let tag = rest[..end].to_ascii_lowercase();
            rest = &rest[end..];
            Some(tag.contains("checked"))
        } else {
            rest = &rest[c.len_utf8()..];
            match c {
                '☑' | '☒' | '✔' | '✓' | '√' | '■' | '▣' | '✅' => Some(true),
                '☐' | '□' | '▢' => Some(false),
                _ => {
                    text.push(c);
                    None
                }
            }
        };
        if let Some(m) = mark {
            out.push(Tok::Text(std::mem::take(&mut text)));
            out.push(Tok::Mark(m));
        }
    }
    out.push(Tok::Text(text));
    out
}

/// What a tick list says: `None` without tick boxes, `Some("")` when nothing is
/// ticked, else the text of the ticked option.
fn ticked(s: &str) -> Option<String> {
    let toks = tokens(s);
    if !toks.iter().any(|t| matches!(t, Tok::Mark(_))) {
        return None;
    }
    let text = |i: usize| match toks.get(i) {
        Some(Tok::Text(t)) => strip_item_number(t.trim()).trim().to_owned(),
        _ => String::new(),
    };
    // Boxes before their labels when the text starts with one.
    let leading = matches!(&toks[0], Tok::Text(t) if t.trim().is_empty());
    for (i, t) in toks.iter().enumerate() {
        if *t != Tok::Mark(true) {
            continue;
        }
        let before = if i > 0 { text(i - 1) } else { String::new() };
        let after = text(i + 1);
        let label = if leading || before.is_empty() { after } else { before };
        return Some(label);
    }
    Some(String::new())
}

fn category(s: &str) -> Option<ProjectCategory> {
    let read = |t: &str| {
        let n = normalize(t);
        let hits = [
            (n.contains("转移性"), ProjectCategory::TargetedTransfer),
            (n.contains("本级"), ProjectCategory::TargetedOwn),
            (n.contains("运转"), ProjectCategory::Operating),
        ];
        let found: Vec<ProjectCategory> = hits.iter().filter(|(h, _)| *h).map(|(_, c)| *c).collect();
        match found.as_slice() {
            [one] => Some(*one),
            [] if n.contains("特定目标") => Some(ProjectCategory::TargetedOwn),
            _ => None,
        }
    };
    match ticked(s) {
        Some(label) => read(&label),
        None => read(s),
    }
}

fn frequency(s: &str) -> Option<ProjectFrequency> {
    let read = |t: &str| {
        let n = normalize(t);
        let hits = [
            (n.contains("一次性"), ProjectFrequency::OneOff),
            (n.contains("常年") || n.contains("经常性"), ProjectFrequency::Recurring),
            (n.contains("延续性") || n.contains("阶段性") || n.contains("跨年"), ProjectFrequency::Continuing),
        ];
        let found: Vec<ProjectFrequency> = hits.iter().filter(|(h, _)| *h).map(|(_, c)| *c).collect();
        match found.as_slice() {
            [one] => Some(*one),
            _ => None,
        }
    };
    match ticked(s) {
        Some(label) => read(&label),
        None => read(s),
    }
}

// ---- Labels --------------------------------------------------------------------------

/// A label of a project form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Name,
    Code,
    Owner,
    Executor,
    Manager,
    Phone,
    Start,
    End,
    Category,
    Frequency,
    Basis,
    Plan,
    PriorEvaluation,
    History,
    Total,
    Current,
    FundTotal,
    FundLocal,
    FundTransfer,
    FundSpecial,
    FundOther,
    FundCarry,
    /// 财政资金 (of the whole project, Shanghai): skipped.
    FundFiscal,
    Goal,
}

/// A label without its numbering, `其中：`, `（必填）` and colon.
fn label_key(s: &str) -> String {
    let n = normalize(s);
    let n = strip_item_number(&n).to_owned();
    let n = n.trim_start_matches("其中:").trim_end_matches(':');
    let n = n.strip_suffix("(必填)").unwrap_or(n);
    n.to_owned()
}

fn field(cell: &str) -> Option<Field> {
    if cell.chars().count() > 40 {
        return None;
    }
    let k = label_key(cell);
    let f = match k.as_str() {
        "项目名称" => Field::Name,
        "项目代码" | "项目编码" | "项目编号" => Field::Code,
        "项目主管部门" | "主管部门" => Field::Owner,
        "项目执行单位" | "执行单位" | "实施单位" | "项目实施单位" => Field::Executor,
        "项目负责人" | "负责人" => Field::Manager,
        "联系电话" | "电话" => Field::Phone,
        "起始年度" | "开始年度" | "计划开始日期" | "开始日期" | "项目开始日期" | "起始时间" => {
            Field::Start
        }
        "终止年度" | "结束年度" | "计划完成日期" | "完成日期" | "结束日期" | "项目结束日期" | "终止时间" => {
            Field::End
        }
        "项目类别" => Field::Category,
        "项目安排频度" | "安排频度" | "项目性质" => Field::Frequency,
        "项目总预算" | "项目资金总额" => Field::Total,
        "项目当年预算" | "年度资金申请总额" | "当年预算" => Field::Current,
        "当年预算合计" => Field::FundTotal,
        "当年财政拨款" => Field::FundLocal,
        "上年结转资金" | "上年结转" => Field::FundCarry,
        "财政资金" => Field::FundFiscal,
        "项目绩效总目标" | "绩效总目标" => Field::Goal,
        _ if k.starts_with("立项依据") => Field::Basis,
        _ if k.contains("实施方案") => Field::Plan,
        _ if k.starts_with("上年绩效评价") => Field::PriorEvaluation,
        _ if k.starts_with("项目前两年") || k.contains("当年预算变动情况") => Field::History,
        _ if k.contains("上级转移支付") => Field::FundTransfer,
        _ if k.contains("区级安排") || k.contains("本级安排") || (k.starts_with("财政拨款收入") && k.len() < 60) => {
            Field::FundLocal
        }
        _ if k.starts_with("专户管理") => Field::FundSpecial,
        _ if k.starts_with("其他资金") => Field::FundOther,
        _ => return None,
    };
    Some(f)
}

/// `长期绩效指标`, `年度绩效指标`, `绩效指标`: a label in the first column of indicator rows.
fn section_label(cell: &str) -> bool {
    let n = normalize(cell);
    n.ends_with("绩效指标") && n.chars().count() <= 8
}

/// The columns of an indicator header row.
#[derive(Debug, Clone)]
struct IndicatorCols {
    l1: Option<usize>,
    l2: Option<usize>,
    name: usize,
    value: usize,
    basis: Vec<usize>,
}

fn indicator_header(row: &GridRow) -> Option<IndicatorCols> {
    let n: Vec<String> = row.cells.iter().map(|c| normalize(c)).collect();
    let l1 = n.iter().position(|c| c == "一级指标");
    let l2 = n.iter().position(|c| c == "二级指标");
    let name = n.iter().position(|c| c.contains("三级指标"))?;
    l1.or(l2)?;
    let value =
        (name + 1..n.len()).find(|&i| n[i].contains("指标值") && !n[i].contains("说明") && !n[i].contains("依据"))?;
    let basis = (value + 1..n.len()).filter(|&i| n[i].contains("说明") || n[i].contains("依据")).collect();
    Some(IndicatorCols { l1, l2, name, value, basis })
}

fn is_level1(s: &str) -> bool {
    matches!(
        normalize(s).as_str(),
        "项目产出"
            | "项目效益"
            | "项目满意度"
            | "项目成本"
            | "产出指标"
            | "效益指标"
            | "满意度指标"
            | "成本指标"
            | "产出"
            | "效益"
            | "成本"
    )
}

fn is_level2(s: &str) -> bool {
    let n = normalize(s);
    if n.chars().count() > 24 {
        return false;
    }
    let stem = n.trim_end_matches("指标");
    ["数量", "质量", "时效", "时效性", "成本", "成本控制", "效益", "满意度", "影响", "影响力", "可持续发展"]
        .iter()
        .any(|w| stem.ends_with(w))
}

/// Reads an indicator row (see the module docs); `l1` / `l2` carry the filled-down levels.
fn indicator_row(row: &GridRow, cols: &IndicatorCols, l1: &mut String, l2: &mut String) -> Option<Indicator> {
    let first = cols.l1.or(cols.l2).unwrap_or(cols.name).min(cols.name);
    let aligned = !row.cell(cols.name).trim().is_empty()
        && !row.cell(cols.value).trim().is_empty()
        && !section_label(row.cell(cols.name))
        && (0..first).all(|i| row.cell(i).trim().is_empty() || section_label(row.cell(i)));
    let (name, target, basis) = if aligned {
        if let Some(c) = cols.l1
            && !row.cell(c).trim().is_empty()
        {
            *l1 = tidy(row.cell(c));
            l2.clear();
        }
        if let Some(c) = cols.l2
            && !row.cell(c).trim().is_empty()
        {
            *l2 = tidy(row.cell(c));
        }
        let basis: Vec<String> = cols.basis.iter().map(|&c| tidy(row.cell(c))).filter(|s| !s.is_empty()).collect();
        (tidy(row.cell(cols.name)), tidy(row.cell(cols.value)), basis.join(" "))
    } else {
        let cells: Vec<&str> = row.filled().into_iter().map(|(_, c)| c).skip_while(|c| section_label(c)).collect();
        let mut seq: &[&str] = &cells;
        if seq.len() >= 3 && is_level1(seq[0]) {
            *l1 = tidy(seq[0]);
            l2.clear();
            seq = &seq[1..];
        }
        if seq.len() >= 3 && is_level2(seq[0]) {
            *l2 = tidy(seq[0]);
            seq = &seq[1..];
        }
        if seq.len() < 2 {
            return None;
        }
        let basis: Vec<String> = seq[2..].iter().map(|c| tidy(c)).collect();
        (tidy(seq[0]), tidy(seq[1]), basis.join(" "))
    };
    if name.is_empty() && target.is_empty() {
        return None;
    }
    Some(Indicator { level1: l1.clone(), level2: l2.clone(), name, target: Target::parse(&target), basis })
}

// ---- Project forms -----------------------------------------------------------------

#[derive(Debug, Clone, Copy)]
struct DetailCols {
    content: usize,
    basis: usize,
    local: Option<usize>,
    transfer: Option<usize>,
    other: Option<usize>,
}

fn detail_header(row: &GridRow) -> Option<DetailCols> {
    let n: Vec<String> = row.cells.iter().map(|c| normalize(c)).collect();
    let content = n.iter().position(|c| c.contains("项目内容") || c == "支出内容" || c == "明细内容")?;
    let basis = n.iter().position(|c| c.contains("测算依据"))?;
    let find = |w: &str| n.iter().position(|c| c.contains(w));
    Some(DetailCols {
        content,
        basis,
        local: find("本级财政拨款").or_else(|| find("财政拨款")),
        transfer: find("上级转移支付"),
        other: find("其他资金"),
    })
}

#[derive(Debug, Clone, Copy)]
struct AssetCols {
    item: usize,
    quantity: Option<usize>,
    amount: Option<usize>,
}

fn asset_header(row: &GridRow) -> Option<AssetCols> {
    let n: Vec<String> = row.cells.iter().map(|c| normalize(c)).collect();
    let item = n.iter().position(|c| c == "品名" || c == "资产名称" || c == "采购品名")?;
    Some(AssetCols {
        item,
        quantity: n.iter().position(|c| c.contains("数量")),
        amount: n.iter().position(|c| c.contains("金额") || c.contains("预算")),
    })
}

/// Shanghai's goal header: 项目总目标 | 年度总体目标.
fn goal_header(row: &GridRow) -> Option<(Option<usize>, Option<usize>)> {
    let n: Vec<String> = row.cells.iter().map(|c| normalize(c)).collect();
    let whole = n.iter().position(|c| c == "项目总目标");
    let annual = n.iter().position(|c| c == "年度总体目标" || c == "年度目标");
    (whole.is_some() || annual.is_some()).then_some((whole, annual))
}

enum Mode {
    Fields,
    Details(DetailCols),
    Assets(Option<AssetCols>),
    Goal(Option<usize>, Option<usize>),
    Indicators(IndicatorCols),
}

/// Reads a project form; `lines` are the source lines of its rows.
pub fn project_of_form(form: &Form, lines: &[usize]) -> FormProject {
    let rows = grid(form, lines);
    let unit = form.unit;
    let mut p = Project::default();
    let mut ln = ProjectLines::default();
    let mut funding = FormFunding::default();
    let mut funded = false;
    let mut goal: Option<String> = None;
    let mut indicators: Vec<Indicator> = Vec::new();
    let (mut l1, mut l2) = (String::new(), String::new());
    // Shanghai: the column of 年度资金申请总额; funding labels left of it are the whole project's.
    let mut annual_col: Option<usize> = None;
    let mut mode = Mode::Fields;
    for row in &rows {
        let filled = row.filled();
        if filled.is_empty() {
            continue;
        }
        if let Some(cols) = indicator_header(row) {
            mode = Mode::Indicators(cols);
            l1.clear();
            l2.clear();
            continue;
        }
        if let Some(cols) = detail_header(row) {
            mode = Mode::Details(cols);
            continue;
        }
        if let Some(cols) = asset_header(row) {
            mode = Mode::Assets(Some(cols));
            continue;
        }
        if filled.iter().any(|(_, c)| normalize(c).starts_with("项目资产配置")) {
            mode = Mode::Assets(None);
            continue;
        }
        if let Some((whole, annual)) = goal_header(row) {
            mode = Mode::Goal(whole, annual);
            continue;
        }
        let starts_fields = field(filled[0].1).is_some();
        match &mode {
            Mode::Indicators(cols) => {
                if let Some(ind) = indicator_row(row, cols, &mut l1, &mut l2) {
                    indicators.push(ind);
                    ln.indicators.push(row.line);
                }
                continue;
            }
            Mode::Details(cols) if !starts_fields => {
                let content = tidy(row.cell(cols.content));
                let basis = tidy(row.cell(cols.basis));
                let at = |c: Option<usize>| c.and_then(|c| money(row.cell(c), unit));
                let (local, transfer, other) = (at(cols.local), at(cols.transfer), at(cols.other));
                let total_row = matches!(normalize(&content).as_str(), "合计" | "小计" | "总计");
                if total_row || (content.is_empty() && basis.is_empty() && local.is_none() && transfer.is_none()) {
                    continue;
                }
                p.details.push(DetailLine { content, basis, local, transfer, other });
                ln.details.push(row.line);
                continue;
            }
            Mode::Assets(cols) if !starts_fields => {
                let Some(cols) = cols else { continue };
                let item = tidy(row.cell(cols.item));
                let item = if item.is_empty() { tidy(filled[0].1) } else { item };
                let quantity = cols.quantity.map_or(String::new(), |c| tidy(row.cell(c)));
                let amount = cols.amount.and_then(|c| money(row.cell(c), unit));
                if item.is_empty() || matches!(normalize(&item).as_str(), "合计" | "小计") {
                    continue;
                }
                p.asset_plan.push(AssetPlanLine { item, quantity, amount });
                ln.asset_plan.push(row.line);
                continue;
            }
            Mode::Goal(whole, annual) if !starts_fields => {
                let text = annual
                    .map(|c| row.cell(c))
                    .filter(|t| !t.trim().is_empty())
                    .or_else(|| whole.map(|c| row.cell(c)).filter(|t| !t.trim().is_empty()))
                    .unwrap_or(filled[0].1);
                goal = Some(tidy(text));
                ln.goal = row.line;
                mode = Mode::Fields;
                continue;
            }
            _ => mode = Mode::Fields,
        }
        // Label → value pairs.
        let mut k = 0;
        while k < filled.len() {
            let (col, cell) = filled[k];
            let (f, value) = match field(cell) {
                Some(f) => {
                    let next = filled.get(k + 1).filter(|(_, v)| field(v).is_none() && !section_label(v));
                    if next.is_some() {
                        k += 1;
                    }
                    (f, next.map(|(_, v)| *v))
                }
                None => match cell.split_once(['：', ':']) {
                    Some((l, v)) if !v.trim().is_empty() && field(l).is_some() => {
                        (field(l).unwrap_or(Field::Name), Some(v.trim()))
                    }
                    _ => {
                        k += 1;
                        continue;
                    }
                },
            };
            k += 1;
            let line = row.line;
            let whole_project = annual_col.is_some_and(|a| col < a);
            let v = value.unwrap_or("");
            match f {
                Field::Name => {
                    p.name = tidy(v);
                    ln.name = line;
                }
                Field::Code => {
                    p.code = Some(tidy(v)).filter(|s| !s.is_empty());
                    ln.code = line;
                }
                Field::Owner => (p.owner, ln.owner) = (tidy(v), line),
                Field::Executor => (p.executor, ln.executor) = (tidy(v), line),
                Field::Manager => (p.manager, ln.manager) = (tidy(v), line),
                Field::Phone => (p.phone, ln.phone) = (tidy(v), line),
                Field::Start => (p.start_year, ln.start_year) = (year_in(v), line),
                Field::End => (p.end_year, ln.end_year) = (year_in(v), line),
                Field::Category => (p.category, ln.category) = (category(v), line),
                Field::Frequency => (p.frequency, ln.frequency) = (frequency(v), line),
                Field::Basis => (p.basis, ln.basis) = (paragraphs(v), line),
                Field::Plan => (p.plan, ln.plan) = (paragraphs(v), line),
                Field::PriorEvaluation => (p.prior_evaluation, ln.prior_evaluation) = (paragraphs(v), line),
                Field::History => (p.history, ln.history) = (paragraphs(v), line),
                Field::Total => (p.total_budget, ln.total_budget) = (money(v, unit), line),
                Field::Current => {
                    if normalize(cell).contains("年度资金申请总额") {
                        annual_col = Some(col);
                    }
                    (p.stated_current, ln.stated_current) = (money(v, unit), line);
                }
                Field::FundFiscal => {}
                Field::Goal => {
                    goal = Some(tidy(v));
                    ln.goal = line;
                }
                Field::FundTotal
                | Field::FundLocal
                | Field::FundTransfer
                | Field::FundSpecial
                | Field::FundOther
                | Field::FundCarry => {
                    if whole_project {
                        continue;
                    }
                    if ln.funding == 0 {
                        ln.funding = line;
                    }
                    let a = money(v, unit);
                    let add = |slot: &mut Option<Amount>| {
                        if let Some(a) = a {
                            *slot = Some(slot.unwrap_or_default() + a);
                        }
                    };
                    match f {
                        Field::FundTotal => add(&mut funding.total),
                        Field::FundLocal => add(&mut funding.local),
                        Field::FundTransfer => add(&mut funding.transfer),
                        Field::FundSpecial => add(&mut funding.special_account),
                        _ => add(&mut funding.other),
                    }
                    funded |= a.is_some();
                }
            }
        }
    }
    if funded {
        // Shanghai prints no 当年预算合计: the annual total is the project's current-year budget.
        if funding.total.is_none() && annual_col.is_some() {
            funding.total = p.stated_current;
        }
        p.stated_funding = Some(funding);
    }
    if goal.is_some() || !indicators.is_empty() {
        p.performance = Some(ProjectPerformance { goal: goal.unwrap_or_default(), indicators });
    }
    let unit_name = form.subtitle.iter().find_map(|s| {
        let n = normalize(s);
        let v = n.strip_prefix("单位名称:").or_else(|| n.strip_prefix("单位名称"))?;
        let v = v.trim_matches(|c| c == '(' || c == ')');
        (!v.is_empty() && v != "盖章").then(|| v.to_owned())
    });
    FormProject {
        form: form.id.clone(),
        line: lines.first().copied().unwrap_or(0),
        unit_name,
        unit,
        project: p,
        lines: ln,
    }
}

// ---- The department form ---------------------------------------------------------------

/// `长期目标1:`, `年度目标2：` → (long-term?, rest of the cell after the label).
fn goal_label(cell: &str) -> Option<(bool, String)> {
    let n = normalize(cell);
    let (long, rest) = if let Some(r) = n.strip_prefix("长期目标") {
        (true, r)
    } else if let Some(r) = n.strip_prefix("年度目标") {
        (false, r)
    } else {
        return None;
    };
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return None;
    }
    let rest = rest[digits..].trim_start_matches(':');
    Some((long, rest.to_owned()))
}

/// `目标1：text` → text.
fn strip_goal_number(cell: &str) -> Option<String> {
    let t = cell.trim();
    let r = t.strip_prefix("目标")?;
    let digits = r.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return None;
    }
    Some(tidy(r[digits..].trim_start_matches(['：', ':', ' '])))
}

/// `项目1：name` → name.
fn strip_project_number(cell: &str) -> String {
    let t = cell.trim();
    if let Some(r) = t.strip_prefix("项目") {
        let digits = r.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 {
            return tidy(r[digits..].trim_start_matches(['：', ':', ' ']));
        }
    }
    tidy(t)
}

fn is_amount(s: &str, unit: MoneyUnit) -> bool {
    let t: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    !t.is_empty() && t.bytes().any(|b| b.is_ascii_digit()) && money(&t, unit).is_some()
}

/// A text with its source line.
type Located = (String, usize);

enum DeptMode {
    Fields,
    Funds,
    Projects,
    Summary(usize),
    Indicators(IndicatorCols),
}

/// Reads the department form; `lines` are the source lines of its rows.
pub fn department_of_form(form: &Form, lines: &[usize]) -> FormDepartment {
    let rows = grid(form, lines);
    let unit = form.unit;
    let mut d = DepartmentPerformance::default();
    let mut ln = DepartmentLines::default();
    let mut full_name = form.subtitle.iter().find_map(|s| {
        let t = s.trim().strip_prefix("部门名称")?;
        let t = tidy(t.trim_start_matches(['：', ':', ' ']));
        (!t.is_empty()).then_some(t)
    });
    let mut projects: Vec<ProjectRow> = Vec::new();
    // Goals printed side by side in the summary rows, and goals with their indicators.
    let mut summary: (Vec<Located>, Vec<Located>) = (Vec::new(), Vec::new());
    let mut detailed: Vec<(bool, Goal, GoalLines)> = Vec::new();
    let (mut l1, mut l2) = (String::new(), String::new());
    let mut expenditure = false;
    let mut mode = DeptMode::Fields;
    for row in &rows {
        let filled = row.filled();
        if filled.is_empty() {
            continue;
        }
        let norms: Vec<String> = filled.iter().map(|(_, c)| normalize(c)).collect();
        let has = |w: &str| norms.iter().any(|n| n == w);
        if let Some(cols) = indicator_header(row) {
            if detailed.is_empty() || !matches!(mode, DeptMode::Fields | DeptMode::Indicators(_)) {
                // Indicators without a goal row: a goal of the kind the label names.
                let long = norms.iter().any(|n| n.starts_with("长期"));
                if detailed.is_empty() || long != detailed.last().is_some_and(|g| g.0) {
                    detailed.push((long, Goal { text: String::new(), indicators: Vec::new() }, GoalLines::default()));
                }
            }
            mode = DeptMode::Indicators(cols);
            l1.clear();
            l2.clear();
            continue;
        }
        if let Some((long, rest)) = goal_label(filled[0].1) {
            let text =
                if rest.is_empty() { filled.get(1).map_or(String::new(), |(_, t)| tidy(t)) } else { tidy(&rest) };
            let goal = Goal { text, indicators: Vec::new() };
            detailed.push((long, goal, GoalLines { text: row.line, indicators: Vec::new() }));
            mode = DeptMode::Fields;
            continue;
        }
        if let DeptMode::Indicators(cols) = &mode {
            if let Some(ind) = indicator_row(row, cols, &mut l1, &mut l2)
                && let Some((_, g, gl)) = detailed.last_mut()
            {
                g.indicators.push(ind);
                gl.indicators.push(row.line);
            }
            continue;
        }
        if has("上年收支情况") || norms.iter().any(|n| n.contains("总体资金情况")) {
            mode = DeptMode::Funds;
        }
        if has("项目名称") && norms.iter().any(|n| n.contains("本年度预算") || n.contains("总预算")) {
            mode = DeptMode::Projects;
            continue;
        }
        if let Some(i) = filled.iter().position(|(_, c)| normalize(c) == "年度目标")
            && norms.iter().any(|n| n.starts_with("长期目标"))
        {
            mode = DeptMode::Summary(filled[i].0);
            continue;
        }
        // Fields anywhere.
        for (k, (_, cell)) in filled.iter().enumerate() {
            let next = || filled.get(k + 1).map_or(String::new(), |(_, v)| tidy(v));
            match normalize(cell).as_str() {
                "填报人" => (d.filler, ln.filler) = (next(), row.line),
                "联系电话" => (d.phone, ln.phone) = (next(), row.line),
                "部门名称" => full_name = Some(next()).filter(|s| !s.is_empty()),
                "部门职能概述" | "部门职能" => {
                    let v = filled.get(k + 1).map_or("", |(_, v)| *v);
                    d.functions = paragraphs(v).iter().map(|p| strip_item_number(p).to_owned()).collect();
                    ln.functions = row.line;
                    mode = DeptMode::Fields;
                }
                "年度工作任务" | "年度主要任务" => {
                    let v = filled.get(k + 1).map_or("", |(_, v)| *v);
                    d.tasks = paragraphs(v).iter().map(|p| strip_item_number(p).to_owned()).collect();
                    ln.tasks = row.line;
                    mode = DeptMode::Fields;
                }
                _ => {}
            }
        }
        match mode {
            DeptMode::Funds => {
                if has("支出构成") {
                    expenditure = true;
                }
                if let Some(k) = norms.iter().position(|n| n == "合计") {
                    // The prior-year figure: the amount after the share.
                    let after = &filled[k + 1..];
                    let pct = after.iter().position(|(_, c)| c.trim().ends_with('%'));
                    let value = match pct {
                        Some(p) => after[p + 1..].iter().find(|(_, c)| is_amount(c, unit)).map(|(_, c)| *c),
                        None => None,
                    };
                    if let Some(v) = value.and_then(|v| money(v, unit)) {
                        if expenditure {
                            (d.prior_expenditure, ln.prior_expenditure) = (Some(v), row.line);
                        } else {
                            (d.prior_income, ln.prior_income) = (Some(v), row.line);
                        }
                    }
                }
            }
            DeptMode::Projects => {
                let cells: Vec<&str> =
                    filled.iter().map(|(_, c)| *c).filter(|c| normalize(c) != "项目支出情况").collect();
                if cells.len() >= 2 && cells.iter().any(|c| is_amount(c, unit)) {
                    let name = strip_project_number(cells[0]);
                    let mut kind = String::new();
                    let mut amounts = Vec::new();
                    let mut uses = Vec::new();
                    for c in &cells[1..] {
                        if is_amount(c, unit) && uses.is_empty() && amounts.len() < 2 {
                            amounts.push(money(c, unit));
                        } else if amounts.is_empty() && kind.is_empty() {
                            kind = tidy(c);
                        } else {
                            uses.push(tidy(c));
                        }
                    }
                    projects.push(ProjectRow {
                        name,
                        kind,
                        total: amounts.first().copied().flatten(),
                        current: amounts.get(1).copied().flatten(),
                        uses: uses.join(" "),
                        line: row.line,
                    });
                }
            }
            DeptMode::Summary(annual) => {
                for (col, cell) in &filled {
                    let Some(text) = strip_goal_number(cell) else { continue };
                    let list = if *col >= annual { &mut summary.1 } else { &mut summary.0 };
                    list.push((text, row.line));
                }
            }
            _ => {}
        }
    }
    let pick = |long: bool, summary: &[Located], into: &mut Vec<Goal>, lines: &mut Vec<GoalLines>| {
        let mine: Vec<&(bool, Goal, GoalLines)> = detailed.iter().filter(|g| g.0 == long).collect();
        if mine.is_empty() {
            for (text, line) in summary {
                into.push(Goal { text: text.clone(), indicators: Vec::new() });
                lines.push(GoalLines { text: *line, indicators: Vec::new() });
            }
        } else {
            for (i, (_, g, gl)) in mine.into_iter().enumerate() {
                let mut g = g.clone();
                if g.text.is_empty()
                    && let Some((t, _)) = summary.get(i)
                {
                    g.text = t.clone();
                }
                into.push(g);
                lines.push(gl.clone());
            }
        }
    };
    pick(true, &summary.0, &mut d.long_term, &mut ln.long_term);
    pick(false, &summary.1, &mut d.annual, &mut ln.annual);
    FormDepartment {
        form: form.id.clone(),
        line: lines.first().copied().unwrap_or(0),
        full_name,
        performance: d,
        projects,
        lines: ln,
    }
}

// ---- The projects table ---------------------------------------------------------------

/// A project as the projects table (项目支出预算表) lists it: its rows, one per
/// functional code (a project printed on several rows is one project).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableProject {
    pub name: String,
    /// The 单位名称 cell of its first row.
    pub unit: String,
    pub rows: Vec<TableProjectRow>,
}

/// One row of the projects table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableProjectRow {
    /// The functional code of the row, when printed.
    pub code: Option<String>,
    /// The row's total.
    pub amount: Amount,
    /// Amounts by funding source (columns whose template definition names a source;
    /// a column of several sources counts for its first).
    pub sources: Vec<(FundingSource, Amount)>,
    pub line: Option<usize>,
}

impl TableProject {
    pub fn amount(&self) -> Amount {
        self.rows.iter().map(|r| r.amount).sum()
    }
}

fn text_cell(c: Option<&Cell>) -> String {
    match c {
        Some(Cell::Text(s)) => s.trim().to_owned(),
        _ => String::new(),
    }
}

/// The funding source of each amount column of a table view, from its template definition.
pub fn source_columns(t: &Table, template: &str) -> Vec<(usize, FundingSource)> {
    let Ok(tpl) = Template::builtin_shared(template) else { return Vec::new() };
    let base = t.id.split('-').next().unwrap_or(&t.id);
    let Some(def) =
        tpl.table(base).filter(|d| d.role == t.role).or_else(|| tpl.tables.iter().find(|d| d.role == t.role))
    else {
        return Vec::new();
    };
    let defs = def.leaf_columns();
    t.columns
        .iter()
        .enumerate()
        .filter_map(|(i, c)| {
            let d = defs.iter().find(|d| d.key == c.key)?;
            d.source.first().map(|s| (i, *s))
        })
        .collect()
}

/// The projects of a projects table view (role `projects`), in table order.
pub fn table_projects(t: &Table, template: &str) -> Vec<TableProject> {
    let (Some(name_col), Some(total_col)) = (t.column_index("project_name"), t.column_index("total")) else {
        return Vec::new();
    };
    let unit_col = t.column_index("unit");
    let sources = source_columns(t, template);
    let mut out: Vec<TableProject> = Vec::new();
    for r in &t.rows {
        if r.kind == yusuan_model::view::RowKind::Total {
            continue;
        }
        let name = tidy(&text_cell(r.cells.get(name_col)));
        if name.is_empty() || matches!(normalize(&name).as_str(), "合计" | "小计" | "总计") {
            continue;
        }
        let amount = r.cells.get(total_col).and_then(Cell::as_amount).unwrap_or_default();
        let by_source: Vec<(FundingSource, Amount)> = sources
            .iter()
            .filter_map(|&(c, s)| r.cells.get(c).and_then(Cell::as_amount).filter(|a| !a.is_zero()).map(|a| (s, a)))
            .collect();
        let row = TableProjectRow { code: r.code.clone(), amount, sources: by_source, line: r.line };
        let key = name_key(&name);
        match out.iter_mut().find(|p| name_key(&p.name) == key) {
            Some(p) => p.rows.push(row),
            None => out.push(TableProject {
                name,
                unit: unit_col.map(|c| tidy(&text_cell(r.cells.get(c)))).unwrap_or_default(),
                rows: vec![row],
            }),
        }
    }
    out
}

/// A name for comparison: no blanks, quotes or punctuation.
fn name_key(s: &str) -> String {
    normalize(s).chars().filter(|c| !c.is_ascii_punctuation() && !"，。、；：（）《》“”".contains(*c)).collect()
}

/// The longest common run of characters of two names.
fn common_run(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut best = 0;
    let mut prev = vec![0_usize; b.len() + 1];
    for x in &a {
        let mut cur = vec![0_usize; b.len() + 1];
        for (j, y) in b.iter().enumerate() {
            if x == y {
                cur[j + 1] = prev[j] + 1;
                best = best.max(cur[j + 1]);
            }
        }
        prev = cur;
    }
    best
}

/// Matches form projects with projects-table projects: by equal names, then by a
/// name containing the other, then by an amount (项目当年预算, else 当年预算合计)
/// that exactly one remaining project has, then by the longest common run of at
/// least three characters when it is unique. Each table project is matched once.
pub fn match_projects(forms: &[FormProject], table: &[TableProject]) -> Vec<Option<usize>> {
    let fkeys: Vec<String> = forms.iter().map(|f| name_key(&f.project.name)).collect();
    let tkeys: Vec<String> = table.iter().map(|t| name_key(&t.name)).collect();
    let mut out: Vec<Option<usize>> = vec![None; forms.len()];
    let mut used = vec![false; table.len()];
    type Pass<'a> = Box<dyn Fn(usize, usize) -> bool + 'a>;
    let passes: Vec<Pass> = vec![
        Box::new(|f, t| !fkeys[f].is_empty() && fkeys[f] == tkeys[t]),
        Box::new(|f, t| {
            !fkeys[f].is_empty()
                && !tkeys[t].is_empty()
                && (fkeys[f].contains(&tkeys[t]) || tkeys[t].contains(&fkeys[f]))
        }),
        Box::new(|f, t| {
            let p = &forms[f].project;
            let stated = p.stated_current.or_else(|| p.stated_funding.as_ref().and_then(|s| s.total));
            stated.is_some_and(|a| !a.is_zero() && a == table[t].amount())
        }),
        Box::new(|f, t| common_run(&fkeys[f], &tkeys[t]) >= 3),
    ];
    for (k, pass) in passes.iter().enumerate() {
        for f in 0..forms.len() {
            if out[f].is_some() {
                continue;
            }
            let candidates: Vec<usize> = (0..table.len()).filter(|&t| !used[t] && pass(f, t)).collect();
            let pick = match (k, candidates.as_slice()) {
                (0, [first, ..]) => Some(*first),
                (3, [_, _, ..]) => {
                    // The unique longest common run.
                    let runs: Vec<usize> = candidates.iter().map(|&t| common_run(&fkeys[f], &tkeys[t])).collect();
                    let best = runs.iter().copied().max().unwrap_or(0);
                    (runs.iter().filter(|&&r| r == best).count() == 1)
                        .then(|| candidates[runs.iter().position(|&r| r == best).unwrap_or(0)])
                }
                (_, [one]) => Some(*one),
                _ => None,
            };
            if let Some(t) = pick {
                out[f] = Some(t);
                used[t] = true;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tidy_removes_extraction_blanks() {
        assert_eq!(
            tidy("1个课题，其中参加人员3人， 劳务费4万，调查问卷1万，资 料印刷费0.5万，资料收集费1 万"),
            "1个课题，其中参加人员3人，劳务费4万，调查问卷1万，资料印刷费0.5万，资料收集费1万"
        );
        assert_eq!(tidy("每期30份，每份 5元"), "每期30份，每份5元");
        assert_eq!(tidy("2万元。 2、开展工作"), "2万元。 2、开展工作");
        assert_eq!(tidy("7名, 3名司机"), "7名, 3名司机");
        assert_eq!(tidy("<p>a</p>"), "a");
    }

    #[test]
    fn paragraphs_split() {
        assert_eq!(paragraphs("<p>1. a；</p> <p>2. b。</p>"), vec!["1. a；", "2. b。"]);
        assert_eq!(
            paragraphs("职能如下： 1. 负责。 2. 协助2.5万元。 3. 其他"),
            vec!["职能如下：", "1. 负责。", "2. 协助2.5万元。", "3. 其他"]
        );
        assert_eq!(paragraphs("无"), vec!["无"]);
        assert_eq!(paragraphs("1. 只有一项"), vec!["1. 只有一项"]);
        assert_eq!(strip_item_number("2、负责"), "负责");
    }

    #[test]
    fn ticks() {
        let seed = r#"1. 其他运转类 <input type="checkbox"/> 2. 特定目标类本级支出项目 <input checked="" type="checkbox"/> 3. 特定目标类转移性支出项目 <input type="checkbox"/>"#;
        assert_eq!(category(seed), Some(ProjectCategory::TargetedOwn));
        let odd = r#"1. 一次性项目 <input type="checkbox"/> <input checked="" type="checkbox"/> 常年项目 <input type="checkbox"/> 3. 延续性项目 <input type="checkbox"/>"#;
        assert_eq!(frequency(odd), Some(ProjectFrequency::Recurring));
        let none = r#"1. 其他运转类 <input type="checkbox"/> 2. 特定目标类本级支出项目 <input type="checkbox"/>"#;
        assert_eq!(category(none), None);
        assert_eq!(category("1. 其他运转类 ☑  2. 特定目标类本级支出项目 ☐"), Some(ProjectCategory::Operating));
        assert_eq!(category("☐其他运转类 ☑特定目标类转移性支出项目"), Some(ProjectCategory::TargetedTransfer));
        assert_eq!(category("特定目标类"), Some(ProjectCategory::TargetedOwn));
        assert_eq!(frequency("经常性项目"), Some(ProjectFrequency::Recurring));
    }

    #[test]
    fn amounts() {
        let wan = MoneyUnit::WanYuan;
        assert_eq!(money("2万", wan), Some(Amount::from_fen(2_000_000)));
        assert_eq!(money("9600元", wan), Some(Amount::from_fen(960_000)));
        assert_eq!(money("4,100,000.00", MoneyUnit::Yuan), Some(Amount::from_fen(410_000_000)));
        assert_eq!(money("", wan), None);
        assert_eq!(money("杨俊", wan), None);
        assert_eq!(year_in("2023-01-01"), Some(2023));
        assert_eq!(year_in("85481661"), None);
    }

    fn seed() -> Option<TextDocument> {
        let rel =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seed/jianghan-2022-zhengfuban.txt");
        let path = if rel.exists() { rel } else { "/work/shared/seed/jianghan-2022-zhengfuban.txt".into() };
        crate::read_path(&path).ok()
    }

    #[test]
    fn the_seed_forms() {
        let Some(doc) = seed() else { return };
        let rec = crate::recognize::recognize(&doc);
        let f = read_facts(&doc, &rec);
        let names: Vec<&str> = f.projects.iter().map(|p| p.project.name.as_str()).collect();
        assert_eq!(names, ["调查研究", "聘用人员工作经费", "乡村振兴及对口帮扶工作", "专项工作", "区政府总值班室"]);
        let wan = |s: &str| Amount::parse_in(s, MoneyUnit::WanYuan).unwrap();
        // 调查研究: fields, funding, details with their lines, the asset plan, indicators filled down.
        let dy = &f.projects[0];
        assert_eq!((dy.line, dy.lines.name, dy.lines.details[0]), (599, 603, 622));
        let p = &dy.project;
        assert_eq!((p.owner.as_str(), p.manager.as_str(), p.phone.as_str()), ("政府办", "杨俊", "85481661"));
        assert_eq!((p.start_year, p.end_year), (Some(2022), Some(2022)));
        assert_eq!((p.category, p.frequency), (Some(ProjectCategory::TargetedOwn), Some(ProjectFrequency::Recurring)));
        assert_eq!((p.total_budget, p.stated_current), (Some(wan("13")), Some(wan("13"))));
        let funding = p.stated_funding.as_ref().unwrap();
        assert_eq!(
            (funding.total, funding.local, funding.transfer),
            (Some(wan("13")), Some(wan("13")), Some(Amount::ZERO))
        );
        assert_eq!(p.details.len(), 5);
        assert_eq!(
            p.details[0].basis,
            "1个课题，其中参加人员3人，劳务费4万，调查问卷1万，资料印刷费0.5万，资料收集费1万"
        );
        assert_eq!(p.details[2].local, Some(wan("0.18")));
        assert_eq!(p.asset_plan[0].item, "印刷和出版服务");
        assert_eq!(p.asset_plan[0].amount, Some(wan("2")));
        let perf = p.performance.as_ref().unwrap();
        assert_eq!(perf.indicators.len(), 9);
        assert_eq!((perf.indicators[1].level1.as_str(), perf.indicators[1].level2.as_str()), ("项目产出", "产出数量"));
        assert_eq!(perf.indicators[8].target.raw, "满意率≥98%");
        // 聘用人员: nothing in 项目总预算, ticked 其他运转类, the basis whose arithmetic YS-B003 checks.
        let py = &f.projects[1].project;
        assert_eq!((py.total_budget, py.stated_current), (None, Some(wan("69"))));
        assert_eq!(py.category, Some(ProjectCategory::Operating));
        assert!(py.details[0].basis.contains("代理费60元、人/月×14人×12月=10080元"));
        assert_eq!(py.details[0].local, Some(wan("69")));
        // 乡村振兴: nothing ticked; the box before 常年项目.
        let xc = &f.projects[2].project;
        assert_eq!((xc.category, xc.frequency), (None, Some(ProjectFrequency::Recurring)));
        // 总值班室: "24万", "2万"; its funding block is empty.
        let zb = &f.projects[4].project;
        assert_eq!(zb.total_budget, Some(wan("24")));
        assert_eq!(zb.details.iter().map(|d| d.total()).sum::<Amount>(), wan("24"));
        assert!(zb.stated_funding.is_none());
        assert_eq!(zb.basis[0], "区政府总值班室职能如下：");
        // A row printed off its columns: 完成时效 in the 一级 column.
        let late = &zb.performance.as_ref().unwrap().indicators[7];
        assert_eq!(
            (late.level1.as_str(), late.level2.as_str(), late.name.as_str()),
            ("项目产出", "完成时效", "突发情况处理及时率")
        );
        // The department form.
        let d = f.department.as_ref().unwrap();
        let perf = &d.performance;
        assert_eq!(d.full_name.as_deref(), Some("武汉市江汉区人民政府办公室"));
        assert_eq!((perf.filler.as_str(), perf.phone.as_str()), ("周露", "85481661"));
        assert_eq!((perf.prior_income, perf.prior_expenditure), (Some(wan("1890.55")), Some(wan("1813.94"))));
        assert_eq!((d.lines.prior_income, d.lines.prior_expenditure), (490, 493));
        assert_eq!(perf.functions.len(), 12);
        assert!(perf.functions[0].starts_with("围绕区委"));
        assert_eq!(perf.tasks.len(), 3);
        assert_eq!((perf.long_term.len(), perf.annual.len()), (3, 3));
        assert_eq!(perf.long_term.iter().map(|g| g.indicators.len()).collect::<Vec<_>>(), [13, 13, 11]);
        assert_eq!(perf.annual.iter().map(|g| g.indicators.len()).collect::<Vec<_>>(), [13, 13, 11]);
        let shifted = &perf.long_term[2].indicators[10];
        assert_eq!(
            (shifted.level1.as_str(), shifted.level2.as_str(), shifted.name.as_str()),
            ("项目效益", "服务对象满意度", "投诉群众满意度")
        );
        assert_eq!(d.lines.long_term[2].indicators[10], 552);
        assert_eq!(d.projects.len(), 5);
        assert_eq!(d.projects[3].name, "总值班室工作");
        assert!(d.projects[3].uses.contains("40元每人每天×6人×365天=8.8万元"));
    }

    #[test]
    fn a_shanghai_form() {
        let rel = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../../shared/corpus/008_shpt_wanlijiedao_2023_bumen_yusuan.txt");
        let path =
            if rel.exists() { rel } else { "/work/shared/corpus/008_shpt_wanlijiedao_2023_bumen_yusuan.txt".into() };
        let Ok(doc) = crate::read_path(&path) else { return };
        let f = read_facts(&doc, &crate::recognize::recognize(&doc));
        assert_eq!(f.projects.len(), 5);
        let yuan = |s: &str| Amount::parse_in(s, MoneyUnit::Yuan).unwrap();
        let first = &f.projects[0];
        assert_eq!(first.unit, MoneyUnit::Yuan);
        let p = &first.project;
        assert_eq!(p.name, "新建万里街道社区公共服务中心");
        assert_eq!((p.frequency, p.category), (Some(ProjectFrequency::Continuing), Some(ProjectCategory::TargetedOwn)));
        assert_eq!((p.start_year, p.end_year), (Some(2023), Some(2023)));
        assert_eq!((p.total_budget, p.stated_current), (Some(yuan("4100000")), Some(yuan("4100000"))));
        let perf = p.performance.as_ref().unwrap();
        assert!(perf.goal.starts_with("建成后作为万里街道社区事务受理"));
        assert_eq!(perf.indicators.len(), 5);
        assert_eq!(perf.indicators[4].level1, "满意度指标");
        // The annual side of the funding block, as printed (当年财政拨款 ≠ 年度资金申请总额).
        let last = &f.projects[4].project;
        let funding = last.stated_funding.as_ref().unwrap();
        assert_eq!((funding.total, funding.local), (Some(yuan("10903043")), Some(yuan("11419043"))));
        assert_eq!(last.category, Some(ProjectCategory::Operating));
    }
}
