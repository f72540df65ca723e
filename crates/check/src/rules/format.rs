//! Rules: format of fields and texts (YS-F…; see rules/mod.rs for the id scheme).
//!
//! Texts are read from the facts when the input has them (project and
//! department-performance texts, located in their package files), otherwise
//! from the forms of a published document; narrative paragraphs always; table
//! text cells when there are no facts (in a package they are copies of facts).
//! One place in the facts thus gives one finding, not one per view.

use yusuan_model::view::{Cell, ColumnKind, Form};
use yusuan_model::{Indicator, Project};

use crate::finding::{CellRef, Evidence, Location, Msg};
use crate::input::{Input, Paragraph, cell_location};
use crate::rule::{Need, Out, Rule};

// ---- Texts ----------------------------------------------------------------------

/// What a text field is for, as far as the year rule cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// 项目实施方案, 年度工作任务: what will be done this year.
    Plan,
    /// 绩效目标: what will be achieved.
    Goal,
    /// 上年绩效评价, 前两年预算: about past years.
    History,
    Other,
}

/// Where a text is.
#[derive(Debug, Clone)]
enum Place {
    /// A fixed place (file line, form or table cell).
    At(Location),
    /// A line of a package file, found only when a finding is reported (searching
    /// every field's line up front would cost a scan of the file per field).
    Find { file: &'static str, after: Option<String>, needle: String },
    /// A narrative paragraph: findings point at the characters.
    Paragraph(Paragraph),
}

impl Place {
    /// The location of `[start, end)` (characters) of the text.
    fn at(&self, input: &Input, text: &str, start: usize, end: usize) -> Location {
        match self {
            Place::At(l) => l.clone(),
            Place::Find { file, after, needle } => input.locate(file, after.as_deref(), needle),
            Place::Paragraph(p) => {
                debug_assert_eq!(p.text, text);
                p.span(start, end)
            }
        }
    }
    fn whole(&self, input: &Input, text: &str) -> Location {
        self.at(input, text, 0, text.chars().count())
    }
}

/// A text field: one or more texts (list items) with a description.
struct Field {
    what: String,
    kind: Kind,
    place: Place,
    texts: Vec<String>,
}

fn kind_of_label(label: &str) -> Kind {
    if label.contains("实施方案") || label.contains("工作任务") {
        Kind::Plan
    } else if label.contains("上年") || label.contains("前两年") || label.contains("变动情况") {
        Kind::History
    } else if label.contains("目标") {
        Kind::Goal
    } else {
        Kind::Other
    }
}

/// The first characters of a text, to find its line in a package file.
fn needle(text: &str) -> String {
    text.chars().take(12).collect()
}

fn project_fields(p: &Project, out: &mut Vec<Field>) {
    let after = format!("id = \"{}\"", p.id);
    let at =
        |needle: &str| Place::Find { file: "projects.toml", after: Some(after.clone()), needle: needle.to_owned() };
    let mut add = |what: &str, kind: Kind, place: Place, texts: Vec<String>| {
        if texts.iter().any(|t| !t.trim().is_empty()) {
            out.push(Field { what: format!("项目“{}”的{what}", p.name), kind, place, texts });
        }
    };
    add("项目名称", Kind::Other, at(&format!("name = \"{}\"", p.name)), vec![p.name.clone()]);
    if let Some(f) = &p.form_name {
        add("申报表项目名称", Kind::Other, at("form_name = "), vec![f.clone()]);
    }
    add("立项依据", Kind::Other, at("basis = ["), p.basis.clone());
    add("项目实施方案", Kind::Plan, at("plan = "), p.plan.clone());
    add("上年绩效评价结果", Kind::History, at("prior_evaluation = "), p.prior_evaluation.clone());
    add("前两年预算及当年预算变动情况", Kind::History, at("history = "), p.history.clone());
    add("主要支出方向和用途", Kind::Other, at("uses = "), vec![p.uses.clone()]);
    for d in &p.details {
        add("支出明细", Kind::Other, at(&format!("content = \"{}\"", d.content)), vec![d.content.clone()]);
        add("测算依据", Kind::Other, at(&needle(&d.basis)), vec![d.basis.clone()]);
    }
    for a in &p.asset_plan {
        add("资产配置及采购计划", Kind::Other, at(&format!("item = \"{}\"", a.item)), vec![a.item.clone()]);
    }
    if let Some(perf) = &p.performance {
        add("项目绩效总目标", Kind::Goal, at("goal = "), vec![perf.goal.clone()]);
        indicator_fields(&perf.indicators, &format!("项目“{}”的绩效指标", p.name), |n| at(n), out);
    }
}

fn indicator_fields(indicators: &[Indicator], what: &str, at: impl Fn(&str) -> Place, out: &mut Vec<Field>) {
    for i in indicators {
        let texts = vec![i.name.clone(), i.target.raw.clone(), i.basis.clone()];
        let place = at(&format!("name = \"{}\"", i.name));
        out.push(Field { what: format!("{what}“{}”", i.name), kind: Kind::Other, place, texts });
    }
}

fn department_fields(input: &Input, out: &mut Vec<Field>) {
    let d = &input.budget().performance;
    let at = |needle: &str| Place::Find { file: "performance.toml", after: None, needle: needle.to_owned() };
    let mut add = |what: &str, kind: Kind, place: Place, texts: Vec<String>| {
        if texts.iter().any(|t| !t.trim().is_empty()) {
            out.push(Field { what: format!("整体绩效目标表的{what}"), kind, place, texts });
        }
    };
    add("部门职能概述", Kind::Other, at("functions = "), d.functions.clone());
    add("年度工作任务", Kind::Plan, at("tasks = "), d.tasks.clone());
    for (label, goals) in [("长期目标", &d.long_term), ("年度目标", &d.annual)] {
        for (i, g) in goals.iter().enumerate() {
            let place = at(&needle(&g.text));
            add(&format!("{label}{}", i + 1), Kind::Goal, place, vec![g.text.clone()]);
        }
    }
    for goals in [&d.long_term, &d.annual] {
        for g in goals {
            indicator_fields(&g.indicators, "整体绩效指标", |n| at(n), out);
        }
    }
}

fn form_location(f: &Form, row: usize, col: usize, label: &str) -> Location {
    Location::Cell {
        cell: CellRef { table: f.id.clone(), row, col },
        table_title: f.title.clone(),
        row_label: label.to_owned(),
        column_label: "内容".into(),
        line: None,
    }
}

fn text_of(c: &Cell) -> &str {
    match c {
        Cell::Text(s) => s,
        _ => "",
    }
}

/// The label of a form row: its label cells, or (forms without label flags) its first cell.
fn row_label(row: &[yusuan_model::FormCell]) -> String {
    let labels: Vec<&str> = row.iter().filter(|c| c.label).map(|c| text_of(&c.content)).collect();
    if !labels.is_empty() {
        return labels.join(" ");
    }
    if row.len() >= 2 { text_of(&row[0].content).to_owned() } else { String::new() }
}

/// The value next to a label cell of a form (`项目名称` → `调查研究`).
fn form_value<'f>(f: &'f Form, label: &str) -> Option<(usize, usize, &'f str)> {
    f.rows.iter().enumerate().find_map(|(r, row)| {
        let i = row.iter().position(|c| text_of(&c.content).split_whitespace().collect::<String>() == label)?;
        row.iter()
            .enumerate()
            .skip(i + 1)
            .map(|(c, cell)| (r, c, text_of(&cell.content).trim()))
            .find(|(_, _, t)| !t.is_empty())
    })
}

/// How findings name a form: its title, with the project's name for project forms.
fn form_subject(f: &Form) -> String {
    match form_value(f, "项目名称") {
        Some((_, _, name)) if f.role == "project_performance" => format!("《{}》（{name}）", f.title),
        _ => format!("《{}》", f.title),
    }
}

fn form_fields(f: &Form, out: &mut Vec<Field>) {
    let subject = form_subject(f);
    let mut section = Kind::Other;
    for (r, row) in f.rows.iter().enumerate() {
        let label = row_label(row);
        if !label.is_empty() {
            section = kind_of_label(&label);
        }
        let any_label = row.iter().any(|c| c.label);
        for (c, cell) in row.iter().enumerate() {
            let Cell::Text(s) = &cell.content else { continue };
            if cell.label || (!any_label && c == 0 && row.len() >= 2) || s.trim().is_empty() {
                continue;
            }
            let texts: Vec<String> = s.lines().map(str::to_owned).collect();
            let what = format!("{subject}“{label}”");
            out.push(Field { what, kind: section, place: Place::At(form_location(f, r, c, &label)), texts });
        }
    }
}

fn paragraph_field(p: &Paragraph) -> Field {
    Field {
        what: format!("文字说明“{}”", p.heading),
        kind: Kind::Other,
        place: Place::Paragraph(p.clone()),
        texts: vec![p.text.clone()],
    }
}

/// Every text field of the input, computed once per input and shared by the rules.
fn fields(input: &Input) -> std::sync::Arc<Fields> {
    input.memo(|| Fields(collect_fields(input)))
}

/// The text fields of an input (see the module docs).
struct Fields(Vec<Field>);

impl std::ops::Deref for Fields {
    type Target = [Field];
    fn deref(&self) -> &[Field] {
        &self.0
    }
}

fn collect_fields(input: &Input) -> Vec<Field> {
    let mut out = Vec::new();
    if input.has(Need::Projects) {
        for p in &input.budget().projects {
            project_fields(p, &mut out);
        }
    } else {
        input.forms("project_performance").for_each(|f| form_fields(f, &mut out));
    }
    if input.has(Need::DepartmentPerformance) {
        department_fields(input, &mut out);
    } else {
        input.forms("department_performance").for_each(|f| form_fields(f, &mut out));
    }
    out.extend(input.paragraphs.iter().map(paragraph_field));
    if input.budget.is_none() {
        for t in &input.tables {
            for (r, row) in t.rows.iter().enumerate() {
                for (c, cell) in row.cells.iter().enumerate() {
                    let Cell::Text(s) = cell else { continue };
                    if t.columns.get(c).is_some_and(|col| col.kind == ColumnKind::Amount) || s.trim().is_empty() {
                        continue;
                    }
                    let what = format!("《{}》的单元格", t.title);
                    out.push(Field {
                        what,
                        kind: Kind::Other,
                        place: Place::At(cell_location(t, r, c)),
                        texts: vec![s.clone()],
                    });
                }
            }
        }
    }
    out
}

// ---- YS-F001 --------------------------------------------------------------------

crate::rule_info!(F001, "YS-F001", Warning, Format,
    "联系电话格式不对", "phone field does not look like a phone number",
    what: "公开咨询电话、项目申报表和整体绩效目标表的联系电话，应为电话号码：数字，可带区号（027-、（027））、连字符和分机号（-8001、转8001），多个号码用顿号等分隔；写成人名或其他文字的报警告。空白不在此报告。",
    why: "联系电话是公众和财政部门联系填报人的唯一途径；填成人名等于没有公开电话。",
    example: "项目“专项工作”申报表的联系电话栏填的是负责人姓名“杨俊”。",
    needs: []);

/// A phone number: digit groups separated by `-` / spaces, an area code in
/// brackets, an extension after `转` / `-`; several numbers separated by 、，;/ 或.
fn is_phone(s: &str) -> bool {
    let mut any = false;
    for part in s.split(['、', '，', ',', '；', ';', '/', '或']).map(str::trim).filter(|p| !p.is_empty()) {
        any = true;
        if !one_phone(without_note(part)) {
            return false;
        }
    }
    any
}

/// A phone without a trailing note in brackets: `85481661（办公室）` → `85481661`.
fn without_note(p: &str) -> &str {
    match p.rfind(['（', '(']) {
        Some(i) if p.ends_with(['）', ')']) && !p[i..].bytes().any(|b| b.is_ascii_digit()) => p[..i].trim_end(),
        _ => p,
    }
}

fn one_phone(p: &str) -> bool {
    let mut s = p.replace(['（', '('], "").replace(['）', ')'], "-");
    for ext in ["转", "分机", "ext.", "ext", "EXT"] {
        s = s.replace(ext, "-");
    }
    let groups: Vec<&str> = s.split(['-', '－', '—', ' ', '\u{3000}']).filter(|g| !g.is_empty()).collect();
    if groups.is_empty() || !groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit())) {
        return false;
    }
    let total: usize = groups.iter().map(|g| g.len()).sum();
    let ok = |n: usize| (7..=12).contains(&n);
    let last = groups.last().map_or(0, |g| g.len());
    ok(total) || (groups.len() >= 2 && last <= 6 && ok(total - last))
}

/// The value of a `电话：…` label in a text, with its character span: up to the
/// end of the sentence. `区长专线电话受理工作` (no colon) is not a label.
pub(crate) fn labelled_phone(text: &str) -> Option<(String, usize, usize)> {
    let mut from = 0;
    while let Some(i) = text[from..].find("电话").map(|i| i + from) {
        from = i + "电话".len();
        let after = &text[from..];
        let rest = after.trim_start_matches(' ');
        let Some(rest) = rest.strip_prefix(['：', ':']) else { continue };
        let rest = rest.trim_start_matches(' ');
        let value: String = rest.chars().take_while(|c| !matches!(c, '。' | '；' | '，' | ',' | '\n')).collect();
        let value = value.trim_end().to_owned();
        let start = text[..text.len() - rest.len()].chars().count();
        let end = start + value.chars().count();
        return Some((value, start, end));
    }
    None
}

fn phone_format(input: &Input, out: &mut Out) {
    let mut report = |what: &str, phone: &str, location: Location| {
        if phone.trim().is_empty() || is_phone(phone) {
            return;
        }
        let msg = Msg::new(format!("{what}“{phone}”不是电话号码"), format!("{what}: “{phone}” is not a phone number"));
        out.report(location.clone(), msg).actual(phone).expected("电话号码，如 027-85481661").evidence(location, phone);
    };
    if input.has(Need::Contact) {
        let phone = &input.budget().contact.phone;
        report("公开咨询电话", phone, input.locate("budget.toml", Some("[contact]"), "phone"));
    } else {
        for p in &input.paragraphs {
            let Some((phone, start, end)) = labelled_phone(&p.text) else { continue };
            let place = paragraph_field(p).place;
            report("公开咨询电话", &phone, place.at(input, &p.text, start, end));
        }
    }
    if input.has(Need::Projects) {
        for p in &input.budget().projects {
            let loc = input.locate("projects.toml", Some(&format!("id = \"{}\"", p.id)), "phone = ");
            report(&format!("项目“{}”的联系电话", p.name), &p.phone, loc);
        }
    }
    if input.has(Need::DepartmentPerformance) {
        let phone = &input.budget().performance.phone;
        report("整体绩效目标表的联系电话", phone, input.locate("performance.toml", None, "phone = "));
    }
    let project_forms = !input.has(Need::Projects);
    let dept_forms = !input.has(Need::DepartmentPerformance);
    for f in &input.forms {
        let wanted =
            (f.role == "project_performance" && project_forms) || (f.role == "department_performance" && dept_forms);
        if !wanted {
            continue;
        }
        for (r, row) in f.rows.iter().enumerate() {
            let Some(i) = row.iter().position(|c| text_of(&c.content).contains("联系电话")) else { continue };
            let Some((c, value)) =
                row.iter().enumerate().skip(i + 1).find(|(_, c)| !text_of(&c.content).trim().is_empty())
            else {
                continue;
            };
            report(
                &format!("{}的联系电话", form_subject(f)),
                text_of(&value.content).trim(),
                form_location(f, r, c, "联系电话"),
            );
        }
    }
}

rule!(PhoneFormat, F001, phone_format);

// ---- YS-F002 --------------------------------------------------------------------

crate::rule_info!(F002, "YS-F002", Warning, Format,
    "文字中残留占位符或模板提示语", "placeholder or template prompt left in a text",
    what: "文字中残留未替换的占位符（XX、××、待填写、待定、请填写、……）或表格模板的填写提示（“上年评分情况以及评价结论；”“整改情况；”“评价结果在今年预算的应用情况。”“（含年初安排、上级转移支付及单位其他资金安排）”“实际预算执行情况”等原样照抄）。每个字段报一条，列出各处。",
    why: "提示语和占位符原样公开，说明该栏实际没有填写，公开内容不完整。",
    example: "项目“专项工作”的“上年绩效评价结果、整改及应用”栏印的是模板提示“1. 上年评分情况以及评价结论； 2. 整改情况； 3. 评价结果在今年预算的应用情况。”",
    needs: []);

const PLACEHOLDER_WORDS: &[&str] = &["待填写", "待定", "待补充", "请填写", "请输入", "此处填写", "……", "ＸＸ"];
/// Prompts of the project form that are never part of a filled-in answer.
const PROMPT_PHRASES: &[&str] =
    &["上年评分情况以及评价结论", "评价结果在今年预算的应用情况", "（含年初安排、上级转移支付及单位其他资金安排）"];
/// Prompts that are placeholders when they are the whole item (years and numbering removed).
const PROMPT_ITEMS: &[&str] = &[
    "整改情况",
    "实际预算执行情况",
    "年初预算安排情况及年中调整情况",
    "年初预算安排及年中调整情况",
    "1-7月执行情况",
    "当年预算变动情况及理由",
];

/// A text without list numbering, years, whitespace and end punctuation;
/// half-width parentheses as full-width.
fn bare(text: &str) -> String {
    let chars: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
    // Leading list marker: digits or 一…十 followed by . 、 ． ) ）, or （一） / (1).
    let mut i = 0;
    let numeral = |c: char| c.is_ascii_digit() || "一二三四五六七八九十".contains(c);
    if chars.first().is_some_and(|c| matches!(c, '（' | '(')) {
        let n = chars[1..].iter().take_while(|c| numeral(**c)).count();
        if n > 0 && chars.get(1 + n).is_some_and(|c| matches!(c, '）' | ')')) {
            i = n + 2;
        }
    } else {
        let n = chars.iter().take_while(|c| numeral(**c)).count();
        if n > 0 && chars.get(n).is_some_and(|c| matches!(c, '.' | '、' | '．' | ')' | '）')) {
            i = n + 1;
        }
    }
    let s: String = chars[i..]
        .iter()
        .map(|c| match c {
            '(' => '（',
            ')' => '）',
            c => *c,
        })
        .collect();
    let s = s.trim_end_matches(['；', ';', '。', '.', '，', ',', '：', ':']).to_owned();
    remove_years(&s)
}

/// Removes `2021年` (four digits and 年).
fn remove_years(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        if i + 4 < chars.len() && chars[i..i + 4].iter().all(char::is_ascii_digit) && chars[i + 4] == '年' {
            i += 5;
            continue;
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// `XX`, `xx`, `××` not part of a longer Latin word.
fn has_x_run(text: &str) -> Option<(usize, usize)> {
    let chars: Vec<char> = text.chars().collect();
    let x = |c: char| matches!(c, 'X' | 'x' | '×' | 'Ｘ' | 'ｘ' | '✕');
    let mut i = 0;
    while i < chars.len() {
        if x(chars[i]) {
            let n = chars[i..].iter().take_while(|c| x(**c)).count();
            let before = i.checked_sub(1).map(|j| chars[j]);
            let after = chars.get(i + n).copied();
            let latin = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
            // A single `×` between numbers is multiplication; a run of two or more is a placeholder.
            if n >= 2 && !latin(before) && !latin(after) {
                return Some((i, i + n));
            }
            i += n;
        } else {
            i += 1;
        }
    }
    None
}

/// One pass over a text for many needles (the phrase lists are searched for in every text field).
fn finder(needles: &'static [&'static str]) -> aho_corasick::AhoCorasick {
    aho_corasick::AhoCorasick::builder()
        .match_kind(aho_corasick::MatchKind::LeftmostFirst)
        .build(needles)
        .expect("constant needles build")
}

/// The first of `needles` in `text`, with its character span.
fn first_of(ac: &aho_corasick::AhoCorasick, needles: &[&str], text: &str) -> Option<(String, usize, usize)> {
    let m = ac.find(text)?;
    let needle = needles[m.pattern().as_usize()];
    let start = text[..m.start()].chars().count();
    Some((needle.to_owned(), start, start + needle.chars().count()))
}

/// The placeholder or prompt in `text`, with its character span.
fn placeholder(text: &str) -> Option<(String, usize, usize)> {
    static PHRASES: std::sync::OnceLock<aho_corasick::AhoCorasick> = std::sync::OnceLock::new();
    static WORDS: std::sync::OnceLock<aho_corasick::AhoCorasick> = std::sync::OnceLock::new();
    let norm: std::borrow::Cow<str> =
        if text.contains(['(', ')']) { text.replace('(', "（").replace(')', "）").into() } else { text.into() };
    if let Some(hit) = first_of(PHRASES.get_or_init(|| finder(PROMPT_PHRASES)), PROMPT_PHRASES, &norm) {
        return Some(hit);
    }
    // Prompt items are short; only short texts can be one (and `bare` allocates).
    if text.len() <= 3 * 40 && PROMPT_ITEMS.contains(&bare(text).as_str()) {
        return Some((text.trim().to_owned(), 0, text.chars().count()));
    }
    if let Some(hit) = first_of(WORDS.get_or_init(|| finder(PLACEHOLDER_WORDS)), PLACEHOLDER_WORDS, text) {
        return Some(hit);
    }
    has_x_run(text).map(|(s, e)| (text.chars().skip(s).take(e - s).collect(), s, e))
}

/// A prompt item without its numbering and end punctuation (as quoted in messages).
fn bare_or(text: &str) -> String {
    let t = text.trim();
    let chars: Vec<char> = t.chars().collect();
    let n = chars.iter().take_while(|c| c.is_ascii_digit()).count();
    let t = if n > 0 && chars.get(n).is_some_and(|c| matches!(c, '.' | '、' | '．')) {
        chars[n + 1..].iter().collect::<String>()
    } else {
        t.to_owned()
    };
    t.trim().trim_end_matches(['；', ';', '。', '，', ',']).to_owned()
}

fn placeholders(input: &Input, out: &mut Out) {
    for f in fields(input).iter() {
        let found: Vec<(&String, (String, usize, usize))> =
            f.texts.iter().filter_map(|t| placeholder(t).map(|p| (t, p))).collect();
        if found.is_empty() {
            continue;
        }
        let mut quotes: Vec<String> = Vec::new();
        for (_, (w, _, _)) in &found {
            let q = format!("“{}”", bare_or(w));
            if !quotes.contains(&q) {
                quotes.push(q);
            }
        }
        let hits: Vec<(Location, String)> = found
            .iter()
            .map(|(t, (what, s, e))| (f.place.at(input, t, *s, *e), format!("{what}（{}）", t.trim())))
            .collect();
        let msg = Msg::new(
            format!("{}残留占位符或模板提示语：{}", f.what, quotes.join("、")),
            format!("{}: placeholder or template prompt left: {}", f.what, quotes.join(", ")),
        );
        let location = hits[0].0.clone();
        out.report(location, msg)
            .actual(quotes.join("、"))
            .evidences(hits.into_iter().map(|(location, quote)| Evidence { location, quote }));
    }
}

rule!(Placeholders, F002, placeholders);

// ---- YS-F003 --------------------------------------------------------------------

crate::rule_info!(F003, "YS-F003", Warning, Format,
    "计划或目标写成了以前年度", "plan or goal names an earlier year",
    what: "本年度预算的项目实施方案、年度工作任务、绩效目标中，要“起草、完成、实施、开展、编制、编印、召开、举办……”的事项写成了以前年度（如 2022 年预算的实施方案“起草《2021年政府工作报告》”），或目标写成“截至/到 以前年度”。回顾以前年度的文字（上年绩效评价、前两年预算情况）不检查，“2021年预算69万元”之类的叙述也不算。",
    why: "计划和目标是本年度要做的事；写成往年，通常是照抄上年申报表没有改年份，公开的目标因此失真。",
    example: "2022 年项目“调查研究”的实施方案第 1 条：“起草《2021年政府工作报告》”。",
    needs: []);

const PLAN_VERBS: &[&str] =
    &["起草", "完成", "实施", "开展", "编制", "编写", "编印", "制定", "召开", "举办", "出具", "撰写", "组织", "形成"];
const DEADLINE_WORDS: &[&str] = &["截止", "截至", "截止到", "到", "至"];

/// Years before `year` named as the object of a plan verb (or a deadline in goals): (year, start, end).
fn stale_years(text: &str, year: i32, goal: bool) -> Vec<(i32, usize, usize)> {
    let chars: Vec<char> = text.chars().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i + 4 < chars.len() {
        let digits = chars[i..i + 4].iter().all(char::is_ascii_digit);
        let before_digit = i > 0 && chars[i - 1].is_ascii_digit();
        let mut j = i + 4;
        while j < chars.len() && chars[j] == ' ' {
            j += 1;
        }
        if !digits || before_digit || chars.get(j) != Some(&'年') {
            i += 1;
            continue;
        }
        let y: i32 = chars[i..i + 4].iter().collect::<String>().parse().unwrap_or(0);
        if (1990..year).contains(&y) {
            // The words right before the year, skipping opening marks and spaces.
            let mut k = i;
            while k > 0 && matches!(chars[k - 1], '《' | '“' | ' ' | '「' | '〈') {
                k -= 1;
            }
            let head: String = chars[k.saturating_sub(4)..k].iter().collect();
            let verb = PLAN_VERBS.iter().any(|v| head.ends_with(v));
            let deadline = goal && DEADLINE_WORDS.iter().any(|w| head.ends_with(w));
            if verb || deadline {
                let start = chars[..k].len().saturating_sub(2);
                found.push((y, start, j + 1));
            }
        }
        i = j + 1;
    }
    found
}

fn year_consistency(input: &Input, out: &mut Out) {
    let Some(year) = input.year else { return };
    for f in fields(input).iter() {
        if !matches!(f.kind, Kind::Plan | Kind::Goal) {
            continue;
        }
        let mut hits = Vec::new();
        for t in &f.texts {
            for (y, s, e) in stale_years(t, year, f.kind == Kind::Goal) {
                let quote: String = t.chars().skip(s).take(e.saturating_sub(s) + 12).collect();
                hits.push((y, f.place.at(input, t, s, e), quote));
            }
        }
        let Some((y, location, quote)) = hits.first().cloned() else { continue };
        let msg = Msg::new(
            format!("{year} 年预算的{}写的是 {y} 年的事项：“{quote}…”，年份可能未更新", f.what),
            format!("{} of the {year} budget plans for {y}: “{quote}…”; the year was probably not updated", f.what),
        );
        out.report(location, msg)
            .expected(format!("{year} 年（或以后）"))
            .actual(format!("{y} 年"))
            .evidences(hits.into_iter().map(|(_, location, quote)| Evidence { location, quote }));
    }
}

rule!(YearConsistency, F003, year_consistency);

// ---- YS-F004 --------------------------------------------------------------------

crate::rule_info!(F004, "YS-F004", Error, Format,
    "表中出现负数金额", "negative amount in a table",
    what: "公开表或申报表的金额单元格为负数。",
    why: "预算收支、项目金额、“三公”经费等都不可能为负；负数通常是录入错误或把减少额填进了金额栏。",
    example: "《支出预算总表》2010302 行项目支出印“-80.00”。",
    needs: []);

fn negative_amounts(input: &Input, out: &mut Out) {
    for t in &input.tables {
        for (r, row) in t.rows.iter().enumerate() {
            for (c, cell) in row.cells.iter().enumerate() {
                let Cell::Amount(a) = cell else { continue };
                if a.fen() >= 0 {
                    continue;
                }
                let shown = crate::input::show(t, *a);
                let msg = Msg::new(
                    format!("《{}》中金额为负数：{shown}", t.title),
                    format!("{} prints a negative amount: {shown}", t.title),
                );
                let loc = cell_location(t, r, c);
                out.report(loc.clone(), msg).actual(shown.clone()).expected("≥ 0").evidence(loc, shown);
            }
        }
    }
    for f in &input.forms {
        for (r, row) in f.rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let Cell::Amount(a) = &cell.content else { continue };
                if a.fen() >= 0 {
                    continue;
                }
                let shown = a.format_grouped(f.unit, f.decimals);
                let label = row_label(row);
                let msg = Msg::new(
                    format!("{}“{label}”金额为负数：{shown}", form_subject(f)),
                    format!("{} prints a negative amount: {shown}", f.title),
                );
                let loc = form_location(f, r, c, &label);
                out.report(loc.clone(), msg).actual(shown.clone()).expected("≥ 0").evidence(loc, shown);
            }
        }
    }
}

rule!(NegativeAmounts, F004, negative_amounts);

// ---- YS-F005 --------------------------------------------------------------------

crate::rule_info!(F005, "YS-F005", Warning, Format,
    "同一段文字重复出现", "paragraph printed twice",
    what: "文字说明中两段（或两个列表项）文字完全相同（忽略空白，至少 20 个字）。",
    why: "整段重复多是复制粘贴时多贴了一次，或本该写不同内容的地方照抄了前文。",
    example: "“三公”经费说明的“公务接待费”一节把“因公出国（境）费”一节的说明原样重复了一遍。",
    needs: [Need::Paragraphs]);

fn duplicate_paragraphs(input: &Input, out: &mut Out) {
    let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let mut seen: Vec<(String, &Paragraph)> = Vec::new();
    for p in &input.paragraphs {
        let s = squeeze(&p.text);
        if s.chars().count() < 20 {
            continue;
        }
        match seen.iter().find(|(t, _)| *t == s) {
            Some((_, first)) => {
                let excerpt: String = p.text.chars().take(30).collect();
                let msg = Msg::new(
                    format!("这段文字与“{}”中的一段完全相同：“{excerpt}…”", first.heading),
                    format!("this paragraph repeats one under “{}”", first.heading),
                );
                let here = paragraph_field(p).place.whole(input, &p.text);
                let there = paragraph_field(first).place.whole(input, &first.text);
                out.report(here.clone(), msg).evidence(there, excerpt.clone()).evidence(here, excerpt);
            }
            None => seen.push((s, p)),
        }
    }
}

rule!(DuplicateParagraphs, F005, duplicate_paragraphs);

// ---- YS-F006 --------------------------------------------------------------------

crate::rule_info!(F006, "YS-F006", Warning, Format,
    "申报表项目名称与项目表不一致", "project form name differs from the project table",
    what: "项目支出绩效目标申报表上的项目名称与项目支出预算表中的项目名称不同（忽略空白）。",
    why: "同一项目在不同表中名称不一，读者无法把申报表与项目表、采购表对应起来，也可能是两个不同项目混用了一张表。",
    example: "项目支出预算表印“总值班室工作”，其申报表印“区政府总值班室”。",
    needs: []);

fn form_name_differs(input: &Input, out: &mut Out) {
    let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    if input.has(Need::Projects) {
        for p in &input.budget().projects {
            let Some(f) = &p.form_name else { continue };
            if squeeze(f) == squeeze(&p.name) {
                continue;
            }
            let msg = Msg::new(
                format!("项目“{}”的申报表名称为“{f}”，与项目支出预算表不一致", p.name),
                format!("project “{}” is named “{f}” on its form", p.name),
            );
            let loc = input.locate("projects.toml", Some(&format!("id = \"{}\"", p.id)), "form_name = ");
            out.report(loc.clone(), msg).expected(p.name.clone()).actual(f.clone()).evidence(loc, f.clone());
        }
        return;
    }
    let Some(t) = input.table("projects") else { return };
    let Some(col) = t.column_index("project_name") else { return };
    let names: Vec<String> = t.rows.iter().filter_map(|r| r.cells.get(col)).map(|c| squeeze(text_of(c))).collect();
    for f in input.forms("project_performance") {
        let Some((r, c, name)) = form_value(f, "项目名称") else { continue };
        if names.contains(&squeeze(name)) {
            continue;
        }
        let msg = Msg::new(
            format!("申报表的项目名称“{name}”在《{}》中找不到", t.title),
            format!("the form's project name “{name}” is not in {}", t.title),
        );
        let loc = form_location(f, r, c, "项目名称");
        out.report(loc.clone(), msg).actual(name).evidence(loc, name);
    }
}

rule!(FormNameDiffers, F006, form_name_differs);

// ---- YS-F007 --------------------------------------------------------------------

crate::rule_info!(F007, "YS-F007", Warning, Format,
    "金额栏带单位文字", "amount cell written with a unit",
    what: "公开表金额列或申报表金额栏（项目总预算、当年预算、资金来源、明细金额等）写成带单位的文字（“24万”“2万元”“1000元”），而不是按表头单位填写的数字。指标值栏不检查。",
    why: "金额栏的单位由表头统一规定；混写单位的文字无法参与合计，也容易与表头单位（万元/元）混淆。",
    example: "项目“总值班室工作”申报表的项目总预算栏印“24万”，明细金额印“2万”。",
    needs: []);

/// `24万`, `2.5 万元`, `1,000元`.
fn number_with_unit(s: &str) -> bool {
    let t = s.trim();
    let Some(num) = ["万元", "亿元", "万", "元"].iter().find_map(|u| t.strip_suffix(u)) else { return false };
    let num = num.trim().trim_start_matches(['-', '+']);
    !num.is_empty()
        && num.chars().next().is_some_and(|c| c.is_ascii_digit())
        && num.chars().all(|c| c.is_ascii_digit() || c == '.' || c == ',')
}

const AMOUNT_WORDS: &[&str] = &["预算", "金额", "资金", "拨款", "合计", "申报数", "收入", "支出"];

fn unit_in_amounts(input: &Input, out: &mut Out) {
    let mut report = |what: String, text: &str, location: Location| {
        let msg = Msg::new(
            format!("{what}金额写成“{text}”，应按表头单位只填数字"),
            format!("{what}: amount written “{text}” with a unit"),
        );
        out.report(location.clone(), msg).actual(text).evidence(location, text);
    };
    for t in &input.tables {
        for (r, row) in t.rows.iter().enumerate() {
            for (c, cell) in row.cells.iter().enumerate() {
                let Cell::Text(s) = cell else { continue };
                if t.columns.get(c).is_some_and(|col| col.kind == ColumnKind::Amount) && number_with_unit(s) {
                    report(format!("《{}》", t.title), s.trim(), cell_location(t, r, c));
                }
            }
        }
    }
    for f in &input.forms {
        let mut amounts_section = false;
        let mut indicators = false;
        for (r, row) in f.rows.iter().enumerate() {
            let texts: Vec<&str> = row.iter().map(|c| text_of(&c.content)).collect();
            if texts.iter().any(|t| t.contains("指标值") || *t == "一级指标") {
                indicators = true;
                amounts_section = false;
                continue;
            }
            if texts.iter().any(|t| t.contains("金额") || t.contains("申报数")) && !number_with_unit(texts[0]) {
                amounts_section = true;
                indicators = false;
            }
            for (c, cell) in row.iter().enumerate() {
                let Cell::Text(s) = &cell.content else { continue };
                if cell.label || !number_with_unit(s) || indicators {
                    continue;
                }
                let labelled =
                    texts[..c].iter().any(|t| !number_with_unit(t) && AMOUNT_WORDS.iter().any(|w| t.contains(w)));
                if labelled || amounts_section {
                    let label = row_label(row);
                    report(format!("{}“{label}”", form_subject(f)), s.trim(), form_location(f, r, c, &label));
                }
            }
        }
    }
}

rule!(UnitInAmounts, F007, unit_in_amounts);

// ---- YS-F008 --------------------------------------------------------------------

crate::rule_info!(F008, "YS-F008", Warning, Format,
    "括号不配对或残留 HTML 标记", "unbalanced brackets or stray HTML tags",
    what: "文字中的括号、书名号、引号不配对（（）()、【】[]、《》、“”，半角与全角括号视为同一种），或残留 <p>、<br>、&nbsp; 等网页标记。行首的“1）”“一）”式编号不算。",
    why: "括号不配对说明文字被截断或漏打，读者无法判断补充说明到哪里为止；HTML 标记是从系统导出时没有清理干净。",
    example: "项目“聘用人员工作经费”的测算依据“区长专线临时人员7名，3名司机及4名文员（基本工资2080元……代理费60元…=10080元。”只有左括号。",
    needs: []);

const HTML: &[&str] =
    &["<p>", "</p>", "<p ", "<br", "&nbsp;", "<span", "</span", "<div", "</div", "<strong", "</strong"];

/// The first bracket problem: (description, char index).
fn bracket_problem(text: &str) -> Option<(String, usize)> {
    let chars: Vec<char> = text.chars().collect();
    let family = |c: char| -> Option<(usize, bool)> {
        match c {
            '（' | '(' => Some((0, true)),
            '）' | ')' => Some((0, false)),
            '【' | '[' => Some((1, true)),
            '】' | ']' => Some((1, false)),
            '《' => Some((2, true)),
            '》' => Some((2, false)),
            '“' => Some((3, true)),
            '”' => Some((3, false)),
            _ => None,
        }
    };
    let numeral = |c: char| c.is_ascii_digit() || "一二三四五六七八九十".contains(c);
    let mut stack: Vec<(usize, usize, char)> = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        let Some((fam, open)) = family(c) else { continue };
        if open {
            stack.push((fam, i, c));
            continue;
        }
        if stack.last().is_some_and(|(f, _, _)| *f == fam) {
            stack.pop();
            continue;
        }
        // `1）` / `一)` list markers at the start of a text or after punctuation.
        let n = chars[..i].iter().rev().take_while(|c| numeral(**c)).count();
        let lead = i - n;
        let marker = fam == 0
            && (1..=2).contains(&n)
            && (lead == 0 || chars[lead - 1].is_whitespace() || "。；;，,：:".contains(chars[lead - 1]));
        if marker && stack.iter().all(|(f, _, _)| *f != 0) {
            continue;
        }
        return Some((format!("“{c}”没有对应的左括号（引号）"), i));
    }
    stack.first().map(|(_, i, c)| (format!("“{c}”没有对应的右括号（引号）"), *i))
}

fn brackets_and_html(input: &Input, out: &mut Out) {
    for f in fields(input).iter() {
        for t in &f.texts {
            // Tags start with `<` and entities with `&`; only such texts need lowercasing.
            let lower = if t.contains(['<', '&']) { t.to_lowercase() } else { String::new() };
            let problem = match HTML.iter().find(|h| !lower.is_empty() && lower.contains(*h)) {
                Some(h) => {
                    let b = lower.find(h).unwrap_or(0);
                    Some((format!("残留网页标记“{h}”"), lower[..b].chars().count()))
                }
                None => bracket_problem(t),
            };
            let Some((what, at)) = problem else { continue };
            let excerpt: String = t.chars().skip(at.saturating_sub(10)).take(30).collect();
            let msg = Msg::new(format!("{}中{what}：“…{excerpt}…”", f.what), format!("{}: {what}", f.what));
            let loc = f.place.at(input, t, at, at + 1);
            out.report(loc.clone(), msg).evidence(loc, excerpt);
        }
    }
}

rule!(BracketsAndHtml, F008, brackets_and_html);

// ---- YS-F009 --------------------------------------------------------------------

crate::rule_info!(F009, "YS-F009", Info, Format,
    "中文文字中使用半角标点", "half-width punctuation in Chinese text",
    what: "中文句子中用半角逗号、分号、冒号（“工作, 受援”“10080元; 五险”）代替全角标点。半角括号不在此检查。",
    why: "按《标点符号用法》（GB/T 15834），中文文字使用全角标点；半角标点多是从别处粘贴而来，排版不统一。",
    example: "整体绩效目标表长期目标 1：“做好结对帮扶、招商引资工作, 受援地区经济收入显著提高, …”",
    needs: []);

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}')
}

/// Half-width `,` `;` `:` between Chinese text: the char indices.
fn half_width(text: &str) -> Vec<usize> {
    let chars: Vec<char> = text.chars().collect();
    let mut found = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        if !matches!(c, ',' | ';' | ':') {
            continue;
        }
        let before = chars[..i].iter().rev().find(|c| **c != ' ').copied();
        let after = chars[i + 1..].iter().find(|c| **c != ' ').copied();
        let chinese_before = before.is_some_and(|b| is_cjk(b) || matches!(b, '）' | '。' | '”'));
        let chinese_after =
            after.is_some_and(|a| is_cjk(a) || (c != ':' && a.is_ascii_digit() && before.is_some_and(is_cjk)));
        if chinese_before && chinese_after {
            found.push(i);
        }
    }
    found
}

fn half_width_punctuation(input: &Input, out: &mut Out) {
    for f in fields(input).iter() {
        for t in &f.texts {
            let hits = half_width(t);
            let Some(&first) = hits.first() else { continue };
            let excerpt: String = t.chars().skip(first.saturating_sub(8)).take(20).collect();
            let msg = Msg::new(
                format!("{}中有 {} 处半角标点夹在中文之间，如“…{excerpt}…”", f.what, hits.len()),
                format!("{}: {} half-width punctuation mark(s) in Chinese text", f.what, hits.len()),
            );
            let loc = f.place.at(input, t, first, first + 1);
            out.report(loc.clone(), msg).actual(hits.len().to_string()).evidence(loc, excerpt);
        }
    }
}

rule!(HalfWidthPunctuation, F009, half_width_punctuation);

/// The rules of this module.
pub fn rules() -> Vec<&'static dyn Rule> {
    vec![
        &PhoneFormat,
        &Placeholders,
        &YearConsistency,
        &NegativeAmounts,
        &DuplicateParagraphs,
        &FormNameDiffers,
        &UnitInAmounts,
        &BracketsAndHtml,
        &HalfWidthPunctuation,
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones() {
        for ok in [
            "027-85481661",
            "85481661",
            "（027）85481661",
            "(027) 8548 1661",
            "13800138000",
            "027-85481661-8001",
            "027-85481661转8001",
            "400-123-4567",
            "85481661、85481662",
        ] {
            assert!(is_phone(ok), "{ok}");
        }
        assert!(is_phone("85481661（办公室）"));
        for bad in ["杨俊", "8548", "027-8548166x", "见附件", "85481661杨俊"] {
            assert!(!is_phone(bad), "{bad}");
        }
    }

    #[test]
    fn labelled_phones() {
        let (v, s, e) = labelled_phone("公开咨询电话：027-85481661").unwrap();
        assert_eq!((v.as_str(), s, e), ("027-85481661", 7, 19));
        assert!(labelled_phone("负责区长专线电话受理工作和网格化监督管理。").is_none());
        assert_eq!(labelled_phone("专线电话受理；联系电话: 85481661。").unwrap().0, "85481661");
        let (v, _, _) = labelled_phone("咨询电话：027-85481661（工作日），联系人：张三。").unwrap();
        assert!(is_phone(&v), "{v}");
    }

    #[test]
    fn example_findings_point_at_their_lines() {
        use std::path::Path;
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/jianghan-2022-zhengfuban");
        let p = yusuan_package::load(&dir).unwrap_or_else(|e| panic!("{e}"));
        let t = yusuan_derive::Template::builtin(&p.budget.meta.template).unwrap();
        let d = yusuan_derive::derive(&p.budget, &p.catalog, &t).unwrap();
        let mut input = Input::from_package(&p.budget, &p.catalog, &d.document, None);
        for f in ["budget.toml", "projects.toml", "performance.toml"] {
            input.files.insert(f.into(), std::fs::read_to_string(dir.join(f)).unwrap());
        }
        let report = crate::run_rules(&rules(), &input, &crate::Config::default());
        assert!(!report.has_errors(), "{:?}", report.findings);
        assert!(!report.findings.is_empty());
        for f in &report.findings {
            if let Location::File { file, line, .. } = &f.location {
                assert!(*line > 0, "{f} has no line in {file}");
            }
        }
    }

    /// Checked as a published document (views only, no facts), the example's
    /// forms and narrative give the same format findings as its facts.
    #[test]
    fn example_as_a_document_gives_the_same_findings() {
        use std::path::Path;
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/jianghan-2022-zhengfuban");
        let p = yusuan_package::load(&dir).unwrap_or_else(|e| panic!("{e}"));
        let t = yusuan_derive::Template::builtin(&p.budget.meta.template).unwrap();
        let d = yusuan_derive::derive(&p.budget, &p.catalog, &t).unwrap();
        let catalog = yusuan_model::Catalog::embedded();
        let count = |input: &Input| {
            let report = crate::run_rules(&rules(), input, &crate::Config::default());
            let mut ids: Vec<&str> = report.findings.iter().map(|f| f.rule).collect();
            ids.sort();
            ids
        };
        let mut doc = Input::empty(&catalog);
        doc.year = Some(2022);
        doc.add_document(&d.document);
        let package = Input::from_package(&p.budget, &p.catalog, &d.document, None);
        assert_eq!(count(&doc), count(&package));
    }

    #[test]
    fn placeholders_and_prompts() {
        assert!(placeholder("1. 上年评分情况以及评价结论；").is_some());
        assert!(placeholder("2. 整改情况；").is_some());
        assert!(placeholder("2. 2020年实际预算执行情况；").is_some());
        assert!(placeholder("4. 2021年1-7月执行情况。").is_some());
        assert!(placeholder("3. 2021年1-7月执行情况68.9万元。").is_none());
        assert!(placeholder("1. 2020年预算69万元，中期调整为61万元，实际支出61万元。").is_none());
        assert!(placeholder("XX单位负责").is_some());
        assert!(placeholder("40元每人每天×6人×365天").is_none());
        assert!(placeholder("Xbox").is_none());
        assert!(placeholder("金额待定").is_some());
    }

    #[test]
    fn stale_years_only_in_plan_contexts() {
        assert_eq!(stale_years("1. 起草《2021年政府工作报告》；", 2022, false).len(), 1);
        assert!(stale_years("起草《2022年政府工作报告》", 2022, false).is_empty());
        assert!(stale_years("2021年预算69万元", 2022, false).is_empty());
        assert_eq!(stale_years("截至2021年底全面完成", 2022, true).len(), 1);
        assert!(stale_years("截至2021年底全面完成", 2022, false).is_empty());
        assert_eq!(stale_years("完成 2020 年度报告", 2022, false).len(), 1);
    }

    #[test]
    fn brackets() {
        assert!(bracket_problem("（基本工资2080元，五险968元。").is_some());
        assert!(bracket_problem("因公出国(境)费").is_none());
        assert!(bracket_problem("1）做好工作；2）完成任务").is_none());
        assert!(bracket_problem("征订《长江日报》、《经济日报》").is_none());
        assert!(bracket_problem("“三公”经费）").is_some());
    }

    #[test]
    fn units_in_amounts() {
        assert!(number_with_unit("24万"));
        assert!(number_with_unit("2.5 万元"));
        assert!(number_with_unit("1,000元"));
        assert!(!number_with_unit("≥24万元"));
        assert!(!number_with_unit("印刷共1.3万元"));
        assert!(!number_with_unit("24"));
    }

    #[test]
    fn half_width_between_chinese() {
        assert_eq!(half_width("做好工作, 受援地区; 完成").len(), 2);
        assert!(half_width("1,000.00").is_empty());
        assert!(half_width("电话：027-85481661").is_empty());
        assert_eq!(half_width("=10080元, 五险").len(), 1);
    }
}
