//! Reading the narrative (文字说明) of a disclosure: paragraphs with their
//! headings, and the figures they state bound to the key of what they measure.
//!
//! [`read_narrative`] gives a [`Narrative`]: [`NarrativeParagraph`]s and
//! [`StatedFigure`]s (key, printed text, exact value, label, paragraph and character
//! span), mirroring `yusuan-check`'s `Paragraph` and `Claim` without depending on it.
//!
//! # Paragraphs
//! The [`Block::Text`] lines of a [`TextDocument`] (lines outside tables) are
//! joined into paragraphs. The cover (everything before `目录`) and the table of
//! contents (from `目录` to the first line that repeats an entry, or the first
//! line without dot leaders when the entries had them, or the first sentence)
//! are skipped. A line continues into the next one unless it ends with `。；！？：`,
//! or the next line is a heading or starts with an enumerator (`1、`, `（二）` …) or
//! a `- ` list marker (dropped from the text). In a wrapped layout (PDF text, where
//! many lines have the same full width) a full line continues even after `。` or `：`
//! when the next line starts no item: the layout broke the line there, not the author.
//! A table between two lines always ends the paragraph.
//!
//! Headings are tracked as a path: `第一部分 …` (level 0), `一、…` (1),
//! `（一）…` (2), `1、…` / `1.` (3), `（1）…` (4), and unnumbered short lines that
//! end like a heading (`…说明`, `…情况`, `名词解释`, `…主要职能` …, level 0). A
//! heading is short, holds no `。，；：` and no amount, does not continue an open
//! paragraph (unless enumerated) and is not a full wrapped line (unless its end
//! follows on a short line: `九、…支出预算` + `情况说明`). Paragraphs under a part that
//! holds the tables (`第五部分 预算公开报表`, `第二部分 2019年度部门预算表`) are kept,
//! marked [`NarrativeParagraph::in_tables_part`], and not read for figures.
//!
//! # Figures
//! Every number printed with a money unit (`万元`, `元`, `亿元`) or `%` is a
//! candidate. A paragraph is split into sentences (`。！？`), their parts (`；`)
//! and clauses (`，：`; separators inside brackets do not split), and each number is
//! bound by the structure around it:
//!
//! * its **role** comes from the words right before it: a direction word
//!   (`增加 1874.31 万元`, `增长 47.72%`, `增加（减少）0万元`) makes a change or a rate —
//!   only in a sentence that compares with another year (`比`, `较`, `相比`, `上年`,
//!   `与2025年` …); `占` makes a share; `执行数` / `上年预算数` a prior-year figure;
//!   `年初预算` the initial budget of a final account; anything else an amount;
//! * its **subject** is the vocabulary phrase ([`VOCABULARY`], the catalog's class
//!   names, classification paths such as `公共安全支出（204类）司法（06款）行政运行（01项）`)
//!   named before it in its clause (since the previous number; before `占` or the
//!   direction word), the nearest specific phrase winning over generic ones
//!   (`会议费预算支出` is 会议费, not 预算支出). When the clause names none — `占 26.74%`,
//!   `增长 6%`, `预算控制数为 0 万元`, `2026年预算安排1672.67万元` — the subject of
//!   the last amount of the paragraph (at first: of the nearest heading that names
//!   one, `（一）因公出国（境）费`) is used; an amount takes it only when the words
//!   before it are filler (years, 预算, 安排, 为 …);
//! * words before a scoped subject narrow it: `一般公共预算…基本支出` is
//!   `general_budget.basic`; `财政拨款…` (all appropriations: no key) blocks it; the
//!   heading path gives the default (`二、一般公共预算支出安排情况`);
//! * direction words become `<key>.direction` figures (once per sentence part); so
//!   does `持平` in a comparing sentence (`与上年预算持平`). An ambiguous `增加（减少）`
//!   gives none;
//! * a functional class named under a 一般公共预算 heading (`（二）一般公共预算财政拨款支出决算结构情况`)
//!   is `general_budget.func.<class>` (its share is of the 一般公共预算 total);
//! * `全年预算` (the budget adjusted during the year) is read as nothing: it is neither the
//!   initial budget (`年初预算`, `.budget`) nor the outcome;
//! * a paragraph printed twice under the same heading (a page break repeated it) is read once.
//!
//! Subjects that have no key (`财政拨款收入`, `会议费`, `单价`, an unresolved
//! classification path …) still take the place of the subject, so a following
//! `比上年增加 …` is not bound to an earlier one. Numbers in a sentence part after
//! `原因` (reasons for a change) are not read. A number that gets no key is dropped
//! and counted in [`ReadingSummary::unbound`] with the reason — never bound to a guess.
//!
//! Classification paths are resolved to codes from the printed digits (`（204类）…（06款）`),
//! else by names in the document's own tables (codes in one cell or split 类/款/项 columns)
//! and the catalog: under the class of a heading `（一）一般公共服务（类）`, tolerating a
//! 款 printed as （类）, a class printed with another name (found from the parts below),
//! brackets, a final 支出, and a clipped name that shares a long unique beginning with
//! exactly one code under the known parent.
//!
//! # Keys
//! Those of the checker's resolver (`total`, `basic.share`, `func.201`,
//! `three_public.reception.change` …, see `yusuan-check`'s `resolve`), plus:
//! * `item.<code>` with `.prior` / `.rate` / `.change` / `.direction` / `.budget`:
//!   per-item statements of the Shanghai and Jiangsu templates
//!   (`2025年当年预算执行数为1690.69万元，2026年预算安排1672.67万元，比2025年预算执行数减少1.07%`):
//!   `func.<code>` (7 or 5 digits) is the item's headline amount, `item.<code>` its
//!   restatement in the same paragraph, `.prior` last year's figure as stated (执行数 in
//!   Shanghai), `.change` / `.rate` / `.direction` the stated change against it;
//! * `<key>.budget`: the initial budget (年初预算) a final account compares with;
//! * `appropriation` (`财政拨款收入支出总计`, `财政拨款收、支总预算`) and its `.change` …;
//! * `reserve` (`单位预留机动经费`, Jiangsu: spending = 基本 + 项目 + 预留机动) with `.share` …,
//!   `general_budget.reserve` under a 一般公共预算 scope;
//! * `general_budget.func.<class>`: a class of the 一般公共预算 list (see above);
//! * `<key>.share` for other bases (`general_budget.share`, `three_public.abroad.share`);
//! * `project.func.<item>` and `project.<name>` in the 项目支出 list after
//!   `其中按功能科目分类`: the item found by its name in the tables, the project by
//!   its printed name (also the figure's label).
//!
//! Not read: counts (人, 辆, 个), amounts of project descriptions (`项目经费情况说明`),
//! percentages other than shares and rates (`完成年初预算的98.20%`), 政府采购 reserved
//! for small enterprises, asset values, 会议费 / 培训费, `全年预算`, and
//! per-item paths whose names match no code of the document's tables.

use std::collections::HashSet;

use yusuan_model::{Catalog, Decimal, Level, MoneyUnit, Scheme};

use crate::text::{Block, RawTable, TextDocument};

// ---- Output ------------------------------------------------------------------------------

/// The narrative of a document: its paragraphs and the figures bound in them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Narrative {
    pub paragraphs: Vec<NarrativeParagraph>,
    /// In document order.
    pub figures: Vec<StatedFigure>,
    pub summary: ReadingSummary,
}

/// A paragraph (or list item) of the narrative.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NarrativeParagraph {
    /// The nearest heading (`（一）因公出国（境）费`), empty before the first one.
    pub heading: String,
    /// The path of headings, outermost first, joined with ` / `.
    pub section: String,
    /// Position in [`Narrative::paragraphs`].
    pub index: usize,
    /// The first source line (1-based).
    pub line: usize,
    pub text: String,
    /// True under a part that holds the tables (`第五部分 预算公开报表`): kept, not read for figures.
    pub in_tables_part: bool,
}

/// A figure the narrative states, bound to the key of what it measures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatedFigure {
    /// `total`, `basic.share`, `func.201`, `item.2040699.rate` … (see the module docs).
    pub key: String,
    /// As printed: `3927.98`, `47.72%`, `增加`.
    pub text: String,
    pub value: StatedValue,
    /// The printed name of what the figure measures (`其他支出` for `5、其他支出 2728.8 万元`,
    /// a project's name, an item's name); for changes and rates the direction word before it.
    pub label: Option<String>,
    /// Classification codes printed (or named) with the figure, with the names as printed:
    /// `医疗卫生与计划生育支出（210类）行政事业单位医疗（11款）行政单位医疗（01项）` gives
    /// 210, 21011 and 2101101 with those names. Empty for most figures.
    pub codes: Vec<PrintedCode>,
    /// Index into [`Narrative::paragraphs`].
    pub paragraph: usize,
    /// Character offsets of `text` in the paragraph text.
    pub start: usize,
    pub end: usize,
}

/// A classification code named in the narrative, with the name printed for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrintedCode {
    pub code: String,
    pub name: String,
}

/// The value of a stated figure: exact, as printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StatedValue {
    /// `mantissa × 10^−decimals` in `unit`; decimals are the digits printed after the point.
    Money { mantissa: i64, decimals: u8, unit: MoneyUnit },
    /// `mantissa × 10^−decimals` percent.
    Percent { mantissa: i64, decimals: u8 },
    /// A direction word (增加 / 减少 / 持平 / 增长 / 下降 …).
    Word(String),
}

/// How many numbers were seen and why some were not bound.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadingSummary {
    /// Money and percent numbers in the paragraphs read for figures.
    pub numbers: usize,
    /// Of those, the numbers bound to a key.
    pub bound: usize,
    /// Direction words bound (增加 / 减少 / 持平).
    pub words: usize,
    pub unbound: Vec<Unbound>,
}

/// A number that was not bound.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unbound {
    pub paragraph: usize,
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub reason: &'static str,
}

impl Narrative {
    /// The first figure of a key.
    pub fn figure(&self, key: &str) -> Option<&StatedFigure> {
        self.figures.iter().find(|f| f.key == key)
    }

    /// All figures of a key, in order.
    pub fn figures_of<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'a StatedFigure> + 'a {
        self.figures.iter().filter(move |f| f.key == key)
    }

    /// The paragraph text a figure's span covers.
    pub fn span_text(&self, f: &StatedFigure) -> String {
        self.paragraphs[f.paragraph].text.chars().skip(f.start).take(f.end - f.start).collect()
    }
}

impl std::fmt::Display for ReadingSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} of {} numbers bound, {} direction words", self.bound, self.numbers, self.words)?;
        let mut reasons: Vec<(&str, usize)> = Vec::new();
        for u in &self.unbound {
            match reasons.iter_mut().find(|(r, _)| *r == u.reason) {
                Some((_, n)) => *n += 1,
                None => reasons.push((u.reason, 1)),
            }
        }
        for (r, n) in reasons {
            write!(f, "; {n} {r}")?;
        }
        Ok(())
    }
}

/// Reads the narrative of a document (see the module docs).
pub fn read_narrative(doc: &TextDocument, catalog: &Catalog) -> Narrative {
    let raw = assemble(doc);
    let book = CodeBook::new(doc, catalog);
    let dynamic = dynamic_phrases(catalog, &book);
    let mut out = Narrative::default();
    let mut project_list = false;
    let mut last_key: Option<String> = None;
    let mut last_heading = String::new();
    let mut read_texts: HashSet<(String, String)> = HashSet::new();
    for (index, p) in raw.into_iter().enumerate() {
        let section = p.heads.iter().map(|h| h.text.as_str()).collect::<Vec<_>>().join(" / ");
        let heading = p.heads.last().map_or(String::new(), |h| h.text.clone());
        let in_tables_part = p.heads.iter().any(|h| h.level == 0 && names_tables(&h.text));
        if heading != last_heading {
            project_list = false;
            last_heading = heading.clone();
        }
        out.paragraphs.push(NarrativeParagraph {
            heading,
            section: section.clone(),
            index,
            line: p.line,
            text: p.text.clone(),
            in_tables_part,
        });
        if in_tables_part {
            continue;
        }
        // A paragraph printed twice under the same heading (a page break repeated it: 011's
        // items 7–11) is read once.
        if compact(&p.text).chars().count() >= 15 && !read_texts.insert((section, compact(&p.text))) {
            continue;
        }
        let ctx = Ctx::new(&p.heads, &book, &dynamic, project_list);
        let before = out.figures.len();
        read_paragraph(&mut out, index, &p.text, &ctx, &book, &dynamic);
        if let Some(f) = out.figures[before..].iter().rev().find(|f| !f.key.contains(".direction")) {
            last_key = Some(f.key.clone());
        }
        // “其中按功能科目分类，主要用于：” after the 项目支出 figures opens the list of items and projects.
        if p.text.contains("按功能科目分类")
            && last_key.as_deref().is_some_and(|k| k.starts_with("general_budget.project") || k.starts_with("project"))
        {
            project_list = true;
        }
    }
    out
}

// ---- Paragraph assembly -------------------------------------------------------------------

#[derive(Debug, Clone)]
struct Head {
    level: u8,
    text: String,
}

#[derive(Debug)]
struct RawParagraph {
    line: usize,
    text: String,
    heads: Vec<Head>,
}

#[derive(Debug, Clone)]
enum Item {
    Line(usize, String),
    Break,
}

/// The text lines outside tables, with a break where a table lies between two lines,
/// without the cover and the table of contents.
fn text_items(doc: &TextDocument) -> Vec<Item> {
    let mut items = Vec::new();
    for b in &doc.blocks {
        match b {
            Block::Text(t) => items.push(Item::Line(t.line, t.text.clone())),
            Block::Table(_) => {
                if !matches!(items.last(), Some(Item::Break) | None) {
                    items.push(Item::Break);
                }
            }
        }
    }
    let toc = items.iter().position(|i| matches!(i, Item::Line(_, t) if compact(t) == "目录"));
    let start = match toc {
        Some(i) => i + 1 + toc_length(&items[i + 1..]),
        None => cover_length(&items),
    };
    items.split_off(start)
}

/// The number of items of the table of contents at the start of `items`.
fn toc_length(items: &[Item]) -> usize {
    let mut entries: Vec<String> = Vec::new();
    let mut leaders = 0;
    for (n, item) in items.iter().enumerate() {
        let Item::Line(_, t) = item else { return n };
        let has_leaders = t.contains("……") || t.contains("...") || t.trim() == "…";
        if t.trim_matches(|c: char| c == '…' || c.is_whitespace()).is_empty() {
            continue;
        }
        let key = toc_key(t);
        let sentence = t.contains(['。', '，', '；']);
        if sentence || entries.contains(&key) || (leaders >= 2 && !has_leaders) {
            return n;
        }
        leaders += usize::from(has_leaders);
        entries.push(key);
    }
    items.len()
}

/// `- 一、主要职能 ……… 3` → `主要职能`.
fn toc_key(t: &str) -> String {
    let t = t.trim().trim_start_matches("- ").trim();
    let t = t.split("……").next().unwrap_or(t).trim_end_matches(|c: char| c == '…' || c == '.' || c.is_whitespace());
    let chars: Vec<char> = compact(t).chars().collect();
    let skip = enumerator_len(&chars);
    chars[skip..].iter().collect()
}

/// Without a table of contents: the short lines before the first heading or sentence.
fn cover_length(items: &[Item]) -> usize {
    items
        .iter()
        .take_while(|i| match i {
            Item::Line(_, t) => !t.contains(['。', '，', '；', '：']) && heading_level(t).is_none() && width(t) <= 60,
            Item::Break => false,
        })
        .count()
        .min(4)
}

/// Display width: CJK and full-width characters 2, others 1.
fn width(t: &str) -> usize {
    t.chars().map(|c| if (c as u32) < 0x1100 { 1 } else { 2 }).sum()
}

/// The width of a full line in a layout that wraps paragraphs (PDF text), if it does.
fn wrap_width(items: &[Item]) -> Option<usize> {
    let mut widths: Vec<usize> =
        items.iter().filter_map(|i| if let Item::Line(_, t) = i { Some(width(t)) } else { None }).collect();
    widths.retain(|w| *w >= 30);
    if widths.len() < 10 {
        return None;
    }
    widths.sort_unstable();
    let p = widths[widths.len() * 9 / 10];
    let near = widths.iter().filter(|w| w.abs_diff(p) <= 6).count();
    (near * 3 >= widths.len()).then_some(p)
}

const HEADING_ENDS: &[&str] = &[
    "说明",
    "情况",
    "职能",
    "机构设置",
    "名词解释",
    "概况",
    "报表",
    "预算表",
    "决算表",
    "部门预算",
    "单位预算",
    "部门决算",
];

/// The level of an enumerated heading prefix, or 0 for `第…部分`.
fn enumerated_level(chars: &[char]) -> Option<u8> {
    if chars.first() == Some(&'第') {
        let n = chars[1..].iter().take_while(|c| is_numeral(**c)).count();
        if n > 0 && chars[1 + n..].starts_with(&['部', '分']) {
            return Some(0);
        }
    }
    let len = enumerator_len(chars);
    if len == 0 {
        return None;
    }
    let open = matches!(chars[0], '（' | '(');
    let chinese = chars.iter().find(|c| !matches!(c, '（' | '(')).is_some_and(|c| is_cn_numeral(*c));
    Some(match (open, chinese) {
        (false, true) => 1,
        (true, true) => 2,
        (false, false) => 3,
        (true, false) => 4,
    })
}

/// The heading level of a line when it can only be a heading by its form
/// (the context checks are in [`assemble`]).
fn heading_level(t: &str) -> Option<u8> {
    let t = t.trim();
    let chars: Vec<char> = t.chars().collect();
    if chars.is_empty() || chars.len() > 40 || t.contains(['。', '；', '，', '：', ';', ':', '？', '！']) {
        return None;
    }
    if numbers(&normalize(&chars)).iter().any(|n| n.unit.is_some()) {
        return None;
    }
    if let Some(level) = enumerated_level(&chars) {
        // `第…部分` alone, or an enumerator followed by a title.
        return (chars.len() > enumerator_len(&chars) || level == 0).then_some(level);
    }
    (chars.len() <= 30 && HEADING_ENDS.iter().any(|e| t.ends_with(e))).then_some(0)
}

fn is_cn_numeral(c: char) -> bool {
    "一二三四五六七八九十".contains(c)
}

fn is_numeral(c: char) -> bool {
    is_cn_numeral(c) || c.is_ascii_digit()
}

/// The length of an enumerator at the start: `一、`, `（一）`, `（一）、`, `1、`, `1.`, `1．`,
/// `(1)`, `第三部分` is not one (see [`enumerated_level`]). `1.5` is not an enumerator.
fn enumerator_len(chars: &[char]) -> usize {
    let mut i = 0;
    let open = matches!(chars.first(), Some('（' | '('));
    if open {
        i = 1;
    }
    let digits = chars[i..].iter().take_while(|c| c.is_ascii_digit() || ('０'..='９').contains(*c)).count();
    let cn = if digits == 0 { chars[i..].iter().take_while(|c| is_cn_numeral(**c)).count() } else { 0 };
    let n = digits + cn;
    if n == 0 || n > 3 {
        return 0;
    }
    i += n;
    if open {
        if !matches!(chars.get(i), Some('）' | ')')) {
            return 0;
        }
        i += 1;
        if matches!(chars.get(i), Some('、' | '.' | '．')) {
            i += 1;
        }
    } else {
        match chars.get(i) {
            Some('、') => i += 1,
            Some('.' | '．') if digits > 0 && !chars.get(i + 1).is_some_and(|c| c.is_ascii_digit()) => i += 1,
            _ => return 0,
        }
    }
    while chars.get(i).is_some_and(|c| c.is_whitespace()) {
        i += 1;
    }
    i
}

/// A part heading that announces the tables: `第五部分 预算公开报表`, `第二部分 2019年度部门预算表`.
fn names_tables(t: &str) -> bool {
    let t = compact(t);
    t.starts_with('第') && t.contains("部分") && (t.ends_with('表') || t.ends_with("报表") || t.contains("公开表"))
}

fn ends_sentence(t: &str) -> bool {
    t.ends_with(['。', '；', '！', '？', '!', '?', ';'])
}

fn assemble(doc: &TextDocument) -> Vec<RawParagraph> {
    let items = text_items(doc);
    let wrap = wrap_width(&items);
    let full = |t: &str| wrap.is_some_and(|w| width(t) + (w / 7).max(8) >= w);
    let mut out: Vec<RawParagraph> = Vec::new();
    let mut heads: Vec<Head> = Vec::new();
    let mut current: Option<RawParagraph> = None;
    // Whether the previous line left its paragraph open.
    let mut open = false;
    let mut i = 0;
    let next_line = |i: usize| -> Option<&str> {
        match items.get(i + 1) {
            Some(Item::Line(_, t)) => Some(t.as_str()),
            _ => None,
        }
    };
    while i < items.len() {
        let (line, raw) = match &items[i] {
            Item::Line(l, t) => (*l, t.trim()),
            Item::Break => {
                out.extend(current.take());
                open = false;
                i += 1;
                continue;
            }
        };
        let text = raw.strip_prefix("- ").unwrap_or(raw).trim();
        let chars: Vec<char> = text.chars().collect();
        let enumerated = enumerator_len(&chars) > 0 || enumerated_level(&chars) == Some(0);
        // A heading: by form, not inside an open paragraph (unless enumerated), not a full wrapped line
        // (unless a short heading tail follows: `九、…支出预算` + `情况说明`).
        // A line followed by `（项）…` is the start of a classification path, not a heading.
        let path_tail = next_line(i).is_some_and(|n| {
            let n = norm_str(n.trim());
            ["（类）", "（款）", "（项）"].iter().any(|m| n.starts_with(m))
        });
        let mut heading = heading_level(text).filter(|_| (!open || enumerated) && !path_tail);
        let mut heading_text = text.to_owned();
        if heading.is_some() && full(text) {
            match next_line(i).filter(|n| is_heading_tail(n)) {
                Some(tail) => {
                    heading_text.push_str(tail.trim());
                    i += 1;
                }
                // A part heading stays one; another full line is the start of a paragraph.
                None if enumerated_level(&chars) == Some(0) => {}
                None => heading = None,
            }
        } else if heading.is_some()
            && let Some(tail) = next_line(i).filter(|n| n.chars().count() <= 6 && is_heading_tail(n))
        {
            heading_text.push_str(tail.trim());
            i += 1;
        }
        if let Some(level) = heading {
            out.extend(current.take());
            open = false;
            while heads.last().is_some_and(|h| h.level >= level) {
                heads.pop();
            }
            heads.push(Head { level, text: heading_text });
            i += 1;
            continue;
        }
        let starts_new = !open || enumerated || raw.starts_with("- ");
        if starts_new {
            out.extend(current.take());
            current = Some(RawParagraph { line, text: text.to_owned(), heads: heads.clone() });
        } else if let Some(p) = &mut current {
            let joins_words = p.text.ends_with(|c: char| c.is_ascii_alphabetic())
                && text.starts_with(|c: char| c.is_ascii_alphabetic());
            if joins_words {
                p.text.push(' ');
            }
            p.text.push_str(text);
        }
        // The paragraph stays open unless the line ends a sentence (`。；`) or with `：` —
        // except a full line of a wrapped layout followed by a line that starts no item
        // nor heading: the layout broke the line there, not the author.
        open = !ends_sentence(text) && !text.ends_with(['：', ':']);
        if !open && full(text) {
            open = next_line(i).is_some_and(|n| {
                let c: Vec<char> = n.trim().chars().collect();
                enumerator_len(&c) == 0 && enumerated_level(&c).is_none() && heading_level(n).is_none()
            });
        }
        i += 1;
    }
    out.extend(current);
    out
}

/// The end of a heading wrapped onto a second line: `情况说明`, `说明`.
fn is_heading_tail(t: &str) -> bool {
    let t = t.trim();
    t.chars().count() <= 8
        && !t.contains(['。', '，', '；', '：'])
        && ["说明", "情况"].iter().any(|e| t.ends_with(e))
        && enumerator_len(&t.chars().collect::<Vec<_>>()) == 0
}

fn compact(t: &str) -> String {
    t.chars().filter(|c| !c.is_whitespace()).collect()
}

// ---- Text normalisation and numbers --------------------------------------------------------

/// One character for one: brackets, quotes, full-width digits and signs unified, so that
/// offsets in the normalised text are offsets in the printed text.
fn normalize(chars: &[char]) -> Vec<char> {
    chars
        .iter()
        .map(|&c| match c {
            '(' => '（',
            ')' => '）',
            '"' | '”' | '‘' | '’' | '＂' | '「' | '」' | '\'' => '“',
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '％' => '%',
            '．' => '.',
            '\u{3000}' | '\u{a0}' => ' ',
            c => c,
        })
        .collect()
}

fn norm_str(s: &str) -> String {
    normalize(&s.chars().collect::<Vec<_>>()).into_iter().collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Money(MoneyUnit),
    Percent,
}

/// A number in a paragraph: [start, end) of the digits; `span_end` includes a `%`.
#[derive(Debug, Clone, Copy)]
struct Num {
    start: usize,
    end: usize,
    span_end: usize,
    /// Index after the unit.
    after: usize,
    unit: Option<Unit>,
}

fn numbers(n: &[char]) -> Vec<Num> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < n.len() {
        let prev = i.checked_sub(1).map(|p| n[p]);
        let starts = n[i].is_ascii_digit()
            && !prev.is_some_and(|p| p.is_ascii_alphanumeric() || matches!(p, '.' | ',' | '-' | '/' | '_'));
        if !starts {
            i += 1;
            continue;
        }
        let start = i;
        let mut point = false;
        while i < n.len() {
            let c = n[i];
            let next_digit = n.get(i + 1).is_some_and(|d| d.is_ascii_digit());
            if c.is_ascii_digit() {
                i += 1;
            } else if c == '.' && !point && next_digit {
                point = true;
                i += 1;
            } else if c == ','
                && !point
                && n.get(i + 1..i + 4).is_some_and(|d| d.iter().all(|c| c.is_ascii_digit()))
                && !n.get(i + 4).is_some_and(|d| d.is_ascii_digit())
            {
                i += 1;
            } else {
                break;
            }
        }
        let end = i;
        let mut k = end;
        while n.get(k) == Some(&' ') {
            k += 1;
        }
        let rest = &n[k..];
        let per = n[start.saturating_sub(3)..start].contains(&'每');
        // `万 元` (a justified line) is 万元 as well.
        let wan_gap =
            if rest.first() == Some(&'万') { rest[1..].iter().take_while(|c| **c == ' ').count() } else { 0 };
        let (unit, after, span_end) = if rest.starts_with(&['万', '元']) {
            (Some(Unit::Money(MoneyUnit::WanYuan)), k + 2, end)
        } else if wan_gap > 0 && rest.get(1 + wan_gap) == Some(&'元') {
            (Some(Unit::Money(MoneyUnit::WanYuan)), k + 2 + wan_gap, end)
        } else if rest.starts_with(&['亿', '元']) {
            (Some(Unit::Money(MoneyUnit::YiYuan)), k + 2, end)
        } else if rest.first() == Some(&'元') && !matches!(rest.get(1), Some('/' | '每')) && !per {
            (Some(Unit::Money(MoneyUnit::Yuan)), k + 1, end)
        } else if rest.first() == Some(&'%') {
            (Some(Unit::Percent), k + 1, k + 1)
        } else {
            (None, end, end)
        };
        out.push(Num { start, end, span_end, after, unit });
        i = end.max(start + 1);
    }
    out
}

/// The value of digits as printed.
fn value_of(printed: &str, unit: Unit) -> Option<StatedValue> {
    let digits: String = printed.chars().filter(|c| c.is_ascii_digit() || matches!(c, '.' | ',')).collect();
    let d = Decimal::parse(&digits)?;
    let mantissa = i64::try_from(d.mantissa).ok()?;
    let decimals = u8::try_from(d.scale).ok()?;
    Some(match unit {
        Unit::Money(unit) => StatedValue::Money { mantissa, decimals, unit },
        Unit::Percent => StatedValue::Percent { mantissa, decimals },
    })
}

// ---- Vocabulary ---------------------------------------------------------------------------

/// What a phrase names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Names {
    /// A key of its own.
    Key(&'static str),
    /// A key that depends on the scope (一般公共预算 / all money).
    Scoped(Base),
    /// Something with no key (财政拨款收入, 会议费 …): takes the place of the subject, binds nothing.
    Nothing,
}

/// The subjects whose key depends on the scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Base {
    Total,
    Income,
    Basic,
    Project,
    Personnel,
    Public,
    /// 单位预留机动经费 (Jiangsu: spending = 基本 + 项目 + 预留机动).
    Reserve,
}

/// Where a phrase is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Where {
    Anywhere,
    /// Under a heading about 基本支出 (economic classes).
    Basic,
    /// Under a heading about 政府采购, or in a paragraph that names 政府采购.
    Procurement,
}

/// One subject phrase: the words, what they name, whether they are generic (a generic
/// phrase yields to a specific one before it in the clause: `会议费预算支出`), where read.
#[derive(Debug, Clone, Copy)]
pub struct Phrase {
    pub words: &'static str,
    pub names: Names,
    pub generic: bool,
    pub at: Where,
}

const fn key(words: &'static str, key: &'static str) -> Phrase {
    Phrase { words, names: Names::Key(key), generic: false, at: Where::Anywhere }
}
const fn scoped(words: &'static str, base: Base) -> Phrase {
    Phrase { words, names: Names::Scoped(base), generic: false, at: Where::Anywhere }
}
const fn generic(words: &'static str, base: Base) -> Phrase {
    Phrase { words, names: Names::Scoped(base), generic: true, at: Where::Anywhere }
}
const fn nothing(words: &'static str) -> Phrase {
    Phrase { words, names: Names::Nothing, generic: false, at: Where::Anywhere }
}
const fn generic_nothing(words: &'static str) -> Phrase {
    Phrase { words, names: Names::Nothing, generic: true, at: Where::Anywhere }
}
const fn procurement(words: &'static str, key: &'static str) -> Phrase {
    Phrase { words, names: Names::Key(key), generic: false, at: Where::Procurement }
}

/// The subject vocabulary. Longest match wins; catalog class names (functional
/// classes anywhere, economic classes under 基本支出 headings) and classification
/// paths are added per document.
pub const VOCABULARY: &[Phrase] = &[
    // Totals (generic: yield to a specific subject before them).
    generic("总预算", Base::Total),
    generic("预算总额", Base::Total),
    generic("收支总预算", Base::Total),
    generic("收支预算总计", Base::Total),
    generic("收入支出预算总计", Base::Total),
    generic("收入、支出预算总计", Base::Total),
    generic("收、支预算总计", Base::Total),
    generic("预算总计", Base::Total),
    generic("收入支出总计", Base::Total),
    generic("预算支出", Base::Total),
    generic("支出预算", Base::Total),
    generic("支出预算合计", Base::Total),
    generic("支出预算总计", Base::Total),
    generic("本年支出合计", Base::Total),
    generic("支出总计", Base::Total),
    generic("预算收入", Base::Income),
    generic("收入预算", Base::Income),
    generic("收入预算合计", Base::Income),
    generic("收入预算总计", Base::Income),
    generic("本年收入合计", Base::Income),
    generic("收入总计", Base::Income),
    // Appropriations (财政拨款 = 一般公共预算 + 政府性基金 + 国有资本经营): no key of their own.
    generic_nothing("财政拨款"),
    generic_nothing("财政拨款收入"),
    generic_nothing("财政拨款支出"),
    generic_nothing("财政拨款预算支出"),
    key("财政拨款收入支出总计", "appropriation"),
    key("财政拨款收支总计", "appropriation"),
    key("财政拨款收、支总计", "appropriation"),
    key("财政拨款收支总预算", "appropriation"),
    key("财政拨款收、支总预算", "appropriation"),
    // Income by source.
    key("一般公共预算财政拨款收入", "income.general_budget"),
    key("一般公共预算拨款收入", "income.general_budget"),
    key("一般公共预算收入", "income.general_budget"),
    key("政府性基金预算财政拨款收入", "income.gov_fund"),
    key("政府性基金预算收入", "income.gov_fund"),
    key("政府性基金收入", "income.gov_fund"),
    key("国有资本经营预算财政拨款收入", "income.state_capital"),
    key("国有资本经营预算收入", "income.state_capital"),
    key("事业收入", "income.operations"),
    key("事业单位经营收入", "income.business"),
    key("经营收入", "income.business"),
    key("上级补助收入", "income.superior_grant"),
    key("附属单位上缴收入", "income.subsidiary_remit"),
    key("其他收入", "income.other"),
    key("上年结转", "income.carry_over"),
    key("年初结转和结余", "income.carry_over"),
    nothing("财政专户管理资金"),
    nothing("其他资金"),
    nothing("结转下年"),
    nothing("年末结转和结余"),
    // Basic and project spending, personnel and public funds.
    scoped("基本支出", Base::Basic),
    scoped("项目支出", Base::Project),
    scoped("人员经费", Base::Personnel),
    scoped("公用经费", Base::Public),
    key("一般公共预算基本支出", "general_budget.basic"),
    key("一般公共预算项目支出", "general_budget.project"),
    scoped("预留机动经费", Base::Reserve),
    scoped("单位预留机动经费", Base::Reserve),
    // 一般公共预算.
    key("一般公共预算安排支出", "general_budget"),
    key("一般公共预算安排的支出", "general_budget"),
    key("一般公共预算支出", "general_budget"),
    key("一般公共预算财政拨款支出", "general_budget"),
    key("一般公共预算拨款支出", "general_budget"),
    key("一般公共预算财政拨款预算支出", "general_budget"),
    // 政府性基金, 国有资本经营.
    key("政府性基金预算支出", "gov_fund"),
    key("政府性基金支出", "gov_fund"),
    key("政府性基金拨款支出", "gov_fund"),
    key("政府性基金预算拨款支出", "gov_fund"),
    key("政府性基金预算安排的支出", "gov_fund"),
    key("政府性基金预算财政拨款支出", "gov_fund"),
    key("国有资本经营预算支出", "state_capital"),
    key("国有资本经营预算拨款支出", "state_capital"),
    key("国有资本经营预算安排的支出", "state_capital"),
    key("国有资本经营预算财政拨款支出", "state_capital"),
    // 机关运行经费.
    key("机关运行经费", "running_costs"),
    // 政府采购.
    key("政府采购预算支出合计", "procurement"),
    key("政府采购预算", "procurement"),
    key("政府采购支出预算", "procurement"),
    key("政府采购支出", "procurement"),
    key("政府采购金额", "procurement"),
    key("政府采购货物预算", "procurement.goods"),
    key("政府采购工程预算", "procurement.works"),
    key("政府采购服务预算", "procurement.services"),
    procurement("货物类", "procurement.goods"),
    procurement("工程类", "procurement.works"),
    procurement("服务类", "procurement.services"),
    procurement("采购货物", "procurement.goods"),
    procurement("货物采购", "procurement.goods"),
    procurement("工程采购", "procurement.works"),
    procurement("服务采购", "procurement.services"),
    procurement("购买服务", "procurement.services"),
    procurement("采购工程", "procurement.works"),
    procurement("采购服务", "procurement.services"),
    procurement("购买货物", "procurement.goods"),
    procurement("购买工程", "procurement.works"),
    nothing("中小企业"),
    nothing("小型和微型企业"),
    nothing("小微企业"),
    // 政府购买服务.
    key("政府购买服务", "purchased_services"),
    // “三公”经费 (quotes are unified to “ before matching).
    key("“三公“经费", "three_public"),
    key("三公经费", "three_public"),
    key("因公出国（境）费", "three_public.abroad"),
    key("因公出国（境）经费", "three_public.abroad"),
    key("出国（境）费", "three_public.abroad"),
    key("公务接待费", "three_public.reception"),
    key("公务用车购置费", "three_public.vehicle_purchase"),
    key("公务用车购置", "three_public.vehicle_purchase"),
    key("公务用车运行维护费", "three_public.vehicle_running"),
    key("公务用车运行费", "three_public.vehicle_running"),
    key("公车运行维护费", "three_public.vehicle_running"),
    key("公务车用车运行费", "three_public.vehicle_running"),
    key("公务车运行维护费", "three_public.vehicle_running"),
    key("公务用车购置及运行维护费", "three_public.vehicles"),
    key("公务用车购置及运行费", "three_public.vehicles"),
    key("公务用车购置和运行维护费", "three_public.vehicles"),
    key("公务车购置及运行费", "three_public.vehicles"),
    key("公务用车费", "three_public.vehicles"),
    nothing("会议费"),
    nothing("培训费"),
    // Other amounts that are not budget figures.
    nothing("单价"),
    nothing("流动资产"),
    nothing("固定资产"),
    nothing("在建工程"),
    nothing("无形资产"),
    nothing("长期投资"),
    nothing("用款计划"),
    nothing("定额"),
];

/// Phrases from the catalog and the document: class names.
struct Dynamic {
    phrases: Vec<(Vec<char>, String, Where)>,
}

fn dynamic_phrases(catalog: &Catalog, book: &CodeBook) -> Dynamic {
    let mut phrases: Vec<(Vec<char>, String, Where)> = Vec::new();
    let mut add = |name: &str, key: String, at: Where| {
        let w: Vec<char> = norm_str(name).chars().filter(|c| !c.is_whitespace()).collect();
        if w.len() >= 2 && !phrases.iter().any(|(p, _, a)| *p == w && *a == at) {
            phrases.push((w, key, at));
        }
    };
    for e in catalog.at_level(Scheme::Functional, Level::Class) {
        add(&e.name, format!("func.{}", e.code.as_str()), Where::Anywhere);
    }
    for (code, name) in &book.printed {
        if code.len() == 3 {
            add(name, format!("func.{code}"), Where::Anywhere);
        }
    }
    for e in catalog.at_level(Scheme::Economic, Level::Class) {
        add(&e.name, format!("general_budget.basic.econ.{}", e.code.as_str()), Where::Basic);
    }
    add("对个人和家庭补助", "general_budget.basic.econ.303".into(), Where::Basic);
    add("对个人和家庭补助支出", "general_budget.basic.econ.303".into(), Where::Basic);
    Dynamic { phrases }
}

// ---- Classification codes of the document ----------------------------------------------------

/// Functional codes with their names, from the document's tables and the catalog.
struct CodeBook {
    /// (code, normalised name)
    entries: Vec<(String, String)>,
    /// (code, name as printed in the tables)
    printed: Vec<(String, String)>,
}

impl CodeBook {
    fn new(doc: &TextDocument, catalog: &Catalog) -> CodeBook {
        let mut printed: Vec<(String, String)> = Vec::new();
        for t in doc.tables() {
            collect_codes(t, &mut printed);
        }
        let mut entries: Vec<(String, String)> = printed.iter().map(|(c, n)| (c.clone(), name_key(n))).collect();
        for level in [Level::Class, Level::Section, Level::Item] {
            for e in catalog.at_level(Scheme::Functional, level) {
                entries.push((e.code.as_str().to_owned(), name_key(&e.name)));
            }
        }
        entries.sort();
        entries.dedup();
        CodeBook { entries, printed }
    }

    /// Codes of `len` digits under `parent` whose name matches: the same name, else the same
    /// without brackets or a final 支出, else (under a known parent) the one code whose name
    /// shares the longest beginning with it (`机关事业单位基本养老保险费` for
    /// `机关事业单位基本养老保险缴费支出`).
    fn find(&self, len: usize, parent: Option<&str>, name: &str) -> Vec<String> {
        let want = name_key(name);
        let under = |code: &String| code.len() == len && parent.is_none_or(|p| code.starts_with(p));
        let mut found: Vec<String> = Vec::new();
        for strict in [true, false] {
            for (code, n) in self.entries.iter().filter(|(c, _)| under(c)) {
                if names_match(n, &want, strict) && !found.contains(code) {
                    found.push(code.clone());
                }
            }
            if !found.is_empty() {
                return found;
            }
        }
        if parent.is_some() {
            return self.by_prefix(&want, |c| under(c)).into_iter().collect();
        }
        found
    }

    /// The one code (among those `keep`s) whose name shares the longest beginning with
    /// `want`, at least 4 characters and 60% of the shorter name.
    fn by_prefix(&self, want: &str, keep: impl Fn(&String) -> bool) -> Option<String> {
        let want: Vec<char> = want.chars().collect();
        let mut best: Vec<(usize, &String)> = Vec::new();
        for (code, n) in self.entries.iter().filter(|(c, _)| keep(c)) {
            let n: Vec<char> = n.chars().collect();
            let common = want.iter().zip(&n).take_while(|(a, b)| a == b).count();
            let shorter = want.len().min(n.len());
            if common >= 4 && common * 10 >= shorter * 6 && !best.iter().any(|b| b.1 == code) {
                best.push((common, code));
            }
        }
        let top = best.iter().map(|b| b.0).max()?;
        let tops: Vec<&String> = best.iter().filter(|b| b.0 == top).map(|b| b.1).collect();
        (tops.len() == 1).then(|| tops[0].clone())
    }

    /// The item (7 digits) whose name is `name`, or the one sharing the longest
    /// beginning with it (see [`CodeBook::by_prefix`]).
    fn item_by_name(&self, name: &str) -> Option<String> {
        let exact = self.find(7, None, name);
        match exact.len() {
            1 => exact.into_iter().next(),
            0 => self.by_prefix(&name_key(name), |c| c.len() == 7),
            _ => None,
        }
    }
}

/// A name for comparison: no blanks, quotes or level markers (`（类）`).
fn name_key(name: &str) -> String {
    let n = norm_str(name);
    let n: String = n.chars().filter(|c| !c.is_whitespace() && *c != '“').collect();
    n.replace("（类）", "").replace("（款）", "").replace("（项）", "")
}

fn strip_parenthetical(n: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    for c in n.chars() {
        match c {
            '（' => depth += 1,
            '）' if depth > 0 => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

fn names_match(a: &str, b: &str, strict: bool) -> bool {
    if a == b {
        return true;
    }
    if strict {
        return false;
    }
    let (a, b) = (strip_parenthetical(a), strip_parenthetical(b));
    let trim = |s: &str| s.strip_suffix("支出").unwrap_or(s).to_owned();
    !a.is_empty() && (a == b || trim(&a) == trim(&b))
}

/// Functional codes printed in a table: `2010301⇥行政运行`, `201⇥05⇥06⇥统计管理` (split columns),
/// `201 一般公共服务支出` (code and name in one cell).
fn collect_codes(t: &RawTable, out: &mut Vec<(String, String)>) {
    let is_code = |s: &str, len: &[usize]| len.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit());
    let is_name = |s: &str| !s.is_empty() && s.chars().any(|c| (c as u32) >= 0x4e00);
    let mut push = |code: String, name: &str| {
        if code.starts_with('2') && !out.iter().any(|(c, _)| *c == code) {
            out.push((code, name.trim().to_owned()));
        }
    };
    for r in &t.rows {
        let cells: Vec<&str> = r.cells.iter().map(|c| c.trim()).collect();
        for (i, c) in cells.iter().enumerate() {
            // Split columns: 类 ⇥ 款 ⇥ 项 ⇥ name.
            if is_code(c, &[3]) {
                let k = cells.get(i + 1).copied().unwrap_or("");
                let x = cells.get(i + 2).copied().unwrap_or("");
                if is_code(k, &[2]) && is_code(x, &[2]) && cells.get(i + 3).is_some_and(|n| is_name(n)) {
                    push(format!("{c}{k}{x}"), cells[i + 3]);
                    break;
                }
                if is_code(k, &[2]) && x.is_empty() && cells.get(i + 3).is_some_and(|n| is_name(n)) {
                    push(format!("{c}{k}"), cells[i + 3]);
                    break;
                }
                if k.is_empty() && x.is_empty() && cells.get(i + 3).is_some_and(|n| is_name(n)) {
                    push((*c).to_owned(), cells[i + 3]);
                    break;
                }
            }
            // `2040401⇥⇥行政运行`: the next cell that is not empty.
            if is_code(c, &[3, 5, 7])
                && let Some(name) = cells[i + 1..].iter().find(|n| !n.is_empty()).filter(|n| is_name(n))
            {
                push((*c).to_owned(), name);
                break;
            }
            // `201 一般公共服务支出` in one cell.
            if let Some((code, name)) = c.split_once(' ')
                && is_code(code, &[3, 5, 7])
                && is_name(name)
            {
                push(code.to_owned(), name);
            }
        }
    }
}

// ---- Paragraph context -------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    All,
    GeneralBudget,
    /// 财政拨款 (all appropriations) or another kind of money: scoped subjects have no key.
    Other,
}

/// A subject: what a figure is about.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Subject {
    /// `None`: a subject without a key.
    key: Option<String>,
    /// The printed name.
    label: String,
    codes: Vec<PrintedCode>,
}

impl Subject {
    /// The base of year-on-year keys: the 一般公共预算 basic / project figures compare with
    /// `basic` / `project`; items with `item.<code>`.
    fn yoy(&self) -> Option<String> {
        let k = self.key.as_deref()?;
        Some(match k {
            "general_budget.basic" => "basic".to_owned(),
            "general_budget.project" => "project".to_owned(),
            _ => match k.strip_prefix("func.") {
                Some(code) if code.len() > 3 => format!("item.{code}"),
                _ => k.to_owned(),
            },
        })
    }
}

struct Ctx {
    scope: Scope,
    basic: bool,
    procurement: bool,
    performance: bool,
    project_list: bool,
    /// The subject named by the nearest heading that names one.
    heading_subject: Option<Subject>,
    /// The functional class of a heading `（一）一般公共服务（类）`.
    heading_class: Option<String>,
}

impl Ctx {
    fn new(heads: &[Head], book: &CodeBook, dynamic: &Dynamic, project_list: bool) -> Ctx {
        let path: String = heads.iter().map(|h| h.text.as_str()).collect::<Vec<_>>().join("/");
        let scope = match heads.iter().rev().find_map(|h| heading_scope(&h.text)) {
            Some(s) => s,
            None => Scope::All,
        };
        let mut ctx = Ctx {
            scope,
            basic: path.contains("基本支出"),
            procurement: path.contains("采购"),
            performance: path.contains("绩效"),
            project_list,
            heading_subject: None,
            heading_class: None,
        };
        for h in heads.iter().rev() {
            let chars: Vec<char> = h.text.chars().collect();
            let n = normalize(&chars);
            if ctx.heading_class.is_none()
                && let Some(path) = find_paths(&n, &chars, 0, n.len()).into_iter().next()
                && path.parts.len() == 1
                && path.parts[0].level == 1
                && let Some(code) = resolve_path(&path, book, None)
            {
                ctx.heading_class = code.last().cloned();
            }
            if ctx.heading_subject.is_none() {
                let matches = phrase_matches(&n, &chars, &ctx, dynamic);
                let specific: Vec<&Match> = matches.iter().filter(|m| !m.generic).collect();
                if let [m] = specific.as_slice()
                    && m.subject.key.is_some()
                {
                    let mut s = m.subject.clone();
                    s.key = scoped_key(m, &n, 0, ctx.scope);
                    ctx.heading_subject = s.key.is_some().then_some(s);
                }
            }
        }
        ctx
    }

    fn active(&self, at: Where, paragraph_procurement: bool) -> bool {
        match at {
            Where::Anywhere => true,
            Where::Basic => self.basic,
            Where::Procurement => self.procurement || paragraph_procurement,
        }
    }
}

/// The scope a heading gives: 一般公共预算 …, 财政拨款 … (without 一般公共预算), 政府性基金 ….
fn heading_scope(t: &str) -> Option<Scope> {
    if t.contains("一般公共预算") {
        Some(Scope::GeneralBudget)
    } else if t.contains("财政拨款") || t.contains("政府性基金") || t.contains("国有资本经营") {
        Some(Scope::Other)
    } else {
        None
    }
}

// ---- Matching ----------------------------------------------------------------------------------

#[derive(Debug, Clone)]
struct Match {
    start: usize,
    end: usize,
    subject: Subject,
    generic: bool,
    /// A scoped base, resolved against the words before it.
    base: Option<Base>,
    /// A classification path (sets the subject of its clause even without a number).
    path: bool,
}

/// Leftmost-longest matches of the vocabulary and the dynamic phrases, plus classification paths.
fn phrase_matches(n: &[char], orig: &[char], ctx: &Ctx, dynamic: &Dynamic) -> Vec<Match> {
    let para_procurement = n.iter().collect::<String>().contains("政府采购");
    let statics: Vec<(Vec<char>, &Phrase)> = VOCABULARY
        .iter()
        .filter(|p| ctx.active(p.at, para_procurement))
        .map(|p| (norm_str(p.words).chars().collect(), p))
        .collect();
    let mut out: Vec<Match> = Vec::new();
    let mut i = 0;
    while i < n.len() {
        let mut best: Option<(usize, Match, usize)> = None;
        if n[i] == ' ' {
            i += 1;
            continue;
        }
        for (w, p) in &statics {
            let Some(len) = match_at(n, i, n.len(), w) else { continue };
            if best.as_ref().is_none_or(|b| w.len() > b.2) {
                let (key, base) = match p.names {
                    Names::Key(k) => (Some(k.to_owned()), None),
                    Names::Scoped(b) => (Some(String::new()), Some(b)),
                    Names::Nothing => (None, None),
                };
                let label: String = orig[i..i + len].iter().filter(|c| **c != ' ').collect();
                let subject = Subject { key, label, codes: Vec::new() };
                let m = Match { start: i, end: i + len, subject, generic: p.generic, base, path: false };
                best = Some((len, m, w.len()));
            }
        }
        for (w, k, at) in &dynamic.phrases {
            if !ctx.active(*at, para_procurement) {
                continue;
            }
            let Some(len) = match_at(n, i, n.len(), w) else { continue };
            if best.as_ref().is_none_or(|b| w.len() > b.2) {
                let label: String = orig[i..i + len].iter().filter(|c| **c != ' ').collect();
                let subject = Subject { key: Some(k.clone()), label, codes: Vec::new() };
                let m = Match { start: i, end: i + len, subject, generic: false, base: None, path: false };
                best = Some((len, m, w.len()));
            }
        }
        match best {
            Some((len, m, _)) => {
                out.push(m);
                i += len;
            }
            None => i += 1,
        }
    }
    out
}

/// A part of a classification path: `公共安全支出（204类）`, `司法（款）`.
#[derive(Debug, Clone)]
struct PathPart {
    name: String,
    /// 1 类, 2 款, 3 项.
    level: u8,
    digits: Option<String>,
}

#[derive(Debug, Clone)]
struct Path {
    start: usize,
    end: usize,
    parts: Vec<PathPart>,
}

/// Classification paths in `n[from..to]`: names followed by `（类）`, `（204类）`, `（06款）`, `（项）`.
fn find_paths(n: &[char], orig: &[char], from: usize, to: usize) -> Vec<Path> {
    let mut out: Vec<Path> = Vec::new();
    let mut current: Option<Path> = None;
    let mut name_start = from;
    let mut i = from;
    while i < to {
        if n[i] != '（' {
            if matches!(n[i], '，' | '。' | '；' | '：' | '、') {
                out.extend(current.take());
                name_start = i + 1;
            }
            i += 1;
            continue;
        }
        let digits = n[i + 1..to].iter().take_while(|c| c.is_ascii_digit()).count();
        let k = i + 1 + digits;
        let level = match n.get(k) {
            Some('类') => 1,
            Some('款') => 2,
            Some('项') => 3,
            _ => {
                i += 1;
                continue;
            }
        };
        if n.get(k + 1) != Some(&'）') || k + 1 >= to {
            i += 1;
            continue;
        }
        // The name: from the end of the previous part (or the clause) to the bracket,
        // without an enumerator, quotes and blanks.
        let raw = &orig[name_start..i];
        let norm = normalize(raw);
        let skip = |j: &mut usize| {
            while *j < norm.len() && (norm[*j].is_whitespace() || norm[*j] == '“') {
                *j += 1;
            }
        };
        let mut s = 0;
        skip(&mut s);
        s += enumerator_len(&norm[s..]);
        skip(&mut s);
        let name: String = raw[s..].iter().collect::<String>().trim().trim_matches(['“', '”', '"']).trim().to_owned();
        let part = PathPart {
            name: name.clone(),
            level,
            digits: (digits > 0).then(|| n[i + 1..i + 1 + digits].iter().collect()),
        };
        match &mut current {
            Some(p) if p.parts.last().is_some_and(|l| l.level < level) => {
                p.parts.push(part);
                p.end = k + 2;
            }
            _ => {
                out.extend(current.take());
                current = Some(Path { start: name_start + s, end: k + 2, parts: vec![part] });
            }
        }
        name_start = k + 2;
        i = k + 2;
    }
    out.extend(current);
    out.retain(|p| p.parts.iter().all(|x| !x.name.is_empty() || x.digits.is_some()));
    out
}

/// The codes a path names, one per part (the last is the path's code): from the
/// printed digits, else by names in the document's tables and the catalog.
fn resolve_path(path: &Path, book: &CodeBook, hint_class: Option<&str>) -> Option<Vec<String>> {
    let mut codes: Vec<String> = Vec::new();
    for (i, p) in path.parts.iter().enumerate() {
        let parent = codes
            .last()
            .filter(|c| !c.is_empty())
            .cloned()
            .or_else(|| if p.level > 1 { hint_class.map(str::to_owned) } else { None });
        if let Some(d) = &p.digits {
            let full = 3 + 2 * (p.level as usize - 1);
            let code = match (p.level, &parent) {
                (1, _) if d.len() == 3 => d.clone(),
                (_, _) if d.len() == full => d.clone(),
                (_, Some(par)) if d.len() == 2 && par.len() + 2 == full => format!("{par}{d}"),
                _ => return None,
            };
            codes.push(code);
            continue;
        }
        let len = 3 + 2 * (p.level as usize - 1);
        let mut found = book.find(len, parent.as_deref(), &p.name);
        // A 款 printed as （类） under a class heading: `行政事业单位离退休（类）`.
        if found.is_empty()
            && i == 0
            && p.level == 1
            && let Some(h) = hint_class
        {
            found = book.find(5, Some(h), &p.name);
        }
        // A class printed with another name (`医疗卫生与计划生育支出（类）`, the name before 2019):
        // left open, to be found from the parts below it.
        if found.is_empty() && i == 0 && p.level == 1 && path.parts.len() > 1 {
            codes.push(String::new());
            continue;
        }
        if found.len() != 1 {
            return None;
        }
        codes.extend(found);
    }
    // Fill in an open class from the code found below it.
    let last = codes.last().filter(|c| !c.is_empty())?.clone();
    if codes[0].is_empty() {
        codes[0] = last[..3].to_owned();
    }
    Some(codes)
}

/// The key of a match, with the scope words before it (`一般公共预算…基本支出`).
fn scoped_key(m: &Match, n: &[char], from: usize, scope: Scope) -> Option<String> {
    let before = |w: &str| contains(n, from, m.start, w);
    let scope = if before("一般公共预算") {
        Scope::GeneralBudget
    } else if before("财政拨款") || before("政府性基金") || before("国有资本经营") {
        Scope::Other
    } else {
        scope
    };
    let Some(base) = m.base else { return m.subject.key.as_deref().map(|k| scoped_class(k, scope)) };
    let k = match (scope, base) {
        (Scope::Other, _) => return None,
        (Scope::All, Base::Total) => "total",
        (Scope::All, Base::Income) => "income",
        (Scope::All, Base::Basic) => "basic",
        (Scope::All, Base::Project) => "project",
        (Scope::GeneralBudget, Base::Total) => "general_budget",
        (Scope::GeneralBudget, Base::Income) => "income.general_budget",
        (Scope::GeneralBudget, Base::Basic) => "general_budget.basic",
        (Scope::GeneralBudget, Base::Project) => "general_budget.project",
        (Scope::All, Base::Reserve) => "reserve",
        (Scope::GeneralBudget, Base::Reserve) => "general_budget.reserve",
        (_, Base::Personnel) => "general_budget.personnel",
        (_, Base::Public) => "general_budget.public",
    };
    Some(k.to_owned())
}

/// A functional class named under a 一般公共预算 heading (`（二）一般公共预算财政拨款支出决算结构情况`:
/// `城乡社区支出（类）3832.36 万元，占 39.32%`) is the class's general-budget money:
/// `general_budget.func.<class>`. Items and other keys stay as they are.
fn scoped_class(key: &str, scope: Scope) -> String {
    match key.strip_prefix("func.") {
        Some(code) if scope == Scope::GeneralBudget && code.len() == 3 => format!("general_budget.func.{code}"),
        _ => key.to_owned(),
    }
}

// ---- Reading a paragraph -------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Amount,
    Share,
    /// Direction word and its span; `None` when ambiguous (`增加（减少）`).
    Change(Option<(usize, usize)>),
    Rate(Option<(usize, usize)>),
    Prior,
    Budget,
}

const DIRECTION_WORDS: &[&str] = &["增加", "减少", "增长", "下降", "降低", "上升", "提高", "减", "增"];

/// A direction word right before `at` (blanks, `了` and a bracketed alternative
/// `（减少）` may stand between): its span, and whether it is unambiguous.
fn direction_before(n: &[char], from: usize, at: usize) -> Option<(usize, usize, bool)> {
    let mut j = at;
    while j > from && n[j - 1] == ' ' {
        j -= 1;
    }
    let mut ambiguous = false;
    if j > from && n[j - 1] == '）' {
        let open = n[from..j].iter().rposition(|c| *c == '（').map(|p| p + from)?;
        let inner: String = n[open + 1..j - 1].iter().collect();
        if DIRECTION_WORDS.contains(&inner.as_str()) {
            ambiguous = true;
            j = open;
        } else {
            return None;
        }
    }
    while j > from && matches!(n[j - 1], ' ' | '了' | '为') {
        j -= 1;
    }
    for w in DIRECTION_WORDS {
        let w: Vec<char> = w.chars().collect();
        let Some(start) = (from..j).rev().take(2 * w.len()).find(|&k| match_at(n, k, j, &w) == Some(j - k)) else {
            continue;
        };
        // `增减` is not a direction.
        if w.len() == 1 && start > from && matches!(n[start - 1], '增' | '减') {
            return None;
        }
        return Some((start, j, !ambiguous));
    }
    None
}

/// Words that may stand before a figure that restates the current subject:
/// `预算控制数为`, `2026年预算安排`, `支出决算为`.
fn is_filler(t: &str) -> bool {
    let s: String = norm_str(t).chars().filter(|c| !c.is_whitespace() && !matches!(c, '“' | '（' | '）')).collect();
    // Years: 2026年, 2026年度.
    let chars: Vec<char> = s.chars().collect();
    let mut rest = String::new();
    let mut i = 0;
    while i < chars.len() {
        if chars.get(i..i + 4).is_some_and(|d| d.iter().all(|c| c.is_ascii_digit())) && chars.get(i + 4) == Some(&'年')
        {
            i += 5;
            continue;
        }
        rest.push(chars[i]);
        i += 1;
    }
    let mut s = rest;
    for w in [
        "当年",
        "本年",
        "全年",
        "今年",
        "年度",
        "预算控制数",
        "控制数",
        "预算数",
        "预算安排",
        "安排",
        "预算",
        "决算",
        "支出",
        "合计",
        "共计",
        "总计",
        "总额",
        "金额",
        "其中",
        "度",
        "数",
        "为",
        "是",
        "的",
        "计",
        "共",
        "达",
    ] {
        s = s.replace(w, "");
    }
    s.is_empty()
}

struct Reader<'a> {
    out: &'a mut Narrative,
    paragraph: usize,
    orig: Vec<char>,
    directions: HashSet<(usize, String)>,
}

impl Reader<'_> {
    fn text(&self, start: usize, end: usize) -> String {
        self.orig[start..end].iter().collect()
    }

    fn push(
        &mut self,
        key: String,
        start: usize,
        end: usize,
        value: StatedValue,
        label: Option<String>,
        codes: Vec<PrintedCode>,
    ) {
        let text = self.text(start, end);
        if matches!(value, StatedValue::Word(_)) {
            self.out.summary.words += 1;
        } else {
            self.out.summary.bound += 1;
        }
        self.out.figures.push(StatedFigure { key, text, value, label, codes, paragraph: self.paragraph, start, end });
    }

    fn unbound(&mut self, num: &Num, reason: &'static str) {
        let text = self.text(num.start, num.span_end);
        self.out.summary.unbound.push(Unbound {
            paragraph: self.paragraph,
            start: num.start,
            end: num.span_end,
            text,
            reason,
        });
    }

    fn direction(&mut self, sentence: usize, base: &str, span: (usize, usize)) {
        if self.directions.insert((sentence, base.to_owned())) {
            // The word without the blanks of a justified line (`减 少`); the text keeps them.
            let word: String = self.text(span.0, span.1).chars().filter(|c| !c.is_whitespace()).collect();
            self.push(
                format!("{base}.direction"),
                span.0,
                span.1,
                StatedValue::Word(word.clone()),
                Some(word),
                Vec::new(),
            );
        }
    }
}

/// Boundaries (separators inside brackets do not count): sentences (`。！？`), their
/// parts (`；` as well) and clauses (`，：` as well).
fn boundaries(n: &[char]) -> (Vec<usize>, Vec<usize>, Vec<usize>) {
    let (mut sentences, mut parts, mut clauses) = (vec![0], vec![0], vec![0]);
    let mut depth = 0_i32;
    for (i, c) in n.iter().enumerate() {
        match c {
            '（' => depth += 1,
            '）' => depth = (depth - 1).max(0),
            '。' | '！' | '？' | '!' | '?' if depth == 0 => {
                sentences.push(i + 1);
                parts.push(i + 1);
                clauses.push(i + 1);
            }
            '；' | ';' if depth == 0 => {
                parts.push(i + 1);
                clauses.push(i + 1);
            }
            '，' | '：' | ',' | ':' if depth == 0 => clauses.push(i + 1),
            _ => {}
        }
    }
    (sentences, parts, clauses)
}

fn start_of(bounds: &[usize], at: usize) -> usize {
    bounds.iter().copied().filter(|b| *b <= at).max().unwrap_or(0)
}

/// The length of `w` matched at `n[i..to]`, blanks between its characters allowed
/// (PDF justification prints `江 苏 省`).
fn match_at(n: &[char], i: usize, to: usize, w: &[char]) -> Option<usize> {
    let mut j = i;
    for (k, c) in w.iter().enumerate() {
        if k > 0 {
            while j < to && n[j] == ' ' {
                j += 1;
            }
        }
        if j >= to || n[j] != *c {
            return None;
        }
        j += 1;
    }
    Some(j - i)
}

fn contains(n: &[char], from: usize, to: usize, w: &str) -> bool {
    find_first_in(n, from, to, w).is_some()
}

fn find_first_in(n: &[char], from: usize, to: usize, w: &str) -> Option<usize> {
    let w: Vec<char> = w.chars().collect();
    (from..to).find(|&i| match_at(n, i, to, &w).is_some())
}

fn find_last(n: &[char], from: usize, to: usize, w: &str) -> Option<usize> {
    let w: Vec<char> = w.chars().collect();
    (from..to).rev().find(|&i| match_at(n, i, to, &w).is_some())
}

const COMPARISONS: &[&str] = &["比", "较", "相比", "同比", "上年", "上一年"];

/// Whether `n[from..to]` compares with another year: `比…`, `较…`, `…相比`, `上年`, `与2025年…`.
fn compares(n: &[char], from: usize, to: usize) -> bool {
    if COMPARISONS.iter().any(|w| contains(n, from, to, w)) {
        return true;
    }
    (from..to).any(|i| {
        n[i] == '与' && {
            let rest = &n[i + 1..to];
            let rest: Vec<char> = rest.iter().copied().skip_while(|c| *c == ' ').collect();
            let digits = rest.iter().take_while(|c| c.is_ascii_digit()).count();
            digits == 4 && rest[digits..].iter().find(|c| **c != ' ') == Some(&'年')
        }
    })
}

fn read_paragraph(out: &mut Narrative, paragraph: usize, text: &str, ctx: &Ctx, book: &CodeBook, dynamic: &Dynamic) {
    let orig: Vec<char> = text.chars().collect();
    let n = normalize(&orig);
    let nums: Vec<Num> = numbers(&n).into_iter().filter(|x| x.unit.is_some()).collect();
    let (sentences, parts, clauses) = boundaries(&n);
    // Subject matches: vocabulary and classification paths (a path replaces the phrases it covers).
    let mut matches = phrase_matches(&n, &orig, ctx, dynamic);
    let mut paths: Vec<Match> = Vec::new();
    for p in find_paths(&n, &orig, 0, n.len()) {
        let subject = match resolve_path(&p, book, ctx.heading_class.as_deref()) {
            Some(codes) => {
                let code = codes.last().expect("not empty").clone();
                let printed =
                    p.parts.iter().zip(&codes).map(|(x, c)| PrintedCode { code: c.clone(), name: x.name.clone() });
                let label = p.parts.last().map_or(String::new(), |x| x.name.clone());
                let label =
                    if code.len() == 3 { format!("{label}支出").replace("支出支出", "支出") } else { label };
                Subject { key: Some(format!("func.{code}")), label, codes: printed.collect() }
            }
            None => Subject { key: None, label: p.parts.iter().map(|x| x.name.as_str()).collect(), codes: Vec::new() },
        };
        paths.push(Match { start: p.start, end: p.end, subject, generic: false, base: None, path: true });
    }
    matches.retain(|m| !paths.iter().any(|p| m.start < p.end && p.start < m.end));
    matches.extend(paths);
    matches.sort_by_key(|m| m.start);

    // Events in order: numbers, and the word 持平 (a direction without a number).
    let mut events: Vec<(usize, Option<Num>)> = nums.iter().map(|x| (x.start, Some(*x))).collect();
    let mut from = 0;
    while let Some(at) = find_first(&n, from, "持平") {
        events.push((at, None));
        from = at + 2;
    }
    events.sort_by_key(|e| e.0);

    let mut r = Reader { out, paragraph, orig, directions: HashSet::new() };
    let mut current: Option<Subject> = ctx.heading_subject.clone();
    // Subjects that already had their amount in this paragraph (a restated item is `item.<code>`).
    let mut had_amount: Vec<String> = Vec::new();
    let mut prev_num_end = 0;
    let mut path_seen = 0;
    let mut project_item_done = false;

    for (at, event) in events {
        // Comparisons are read in the whole sentence (`比2023年度减少…，其中：…；公务接待费…减少…`),
        // reasons and direction words in its part up to `；`.
        let sentence = start_of(&parts, at);
        let compared = compares(&n, start_of(&sentences, at), at);
        let clause = start_of(&clauses, at);
        let window = if prev_num_end > clause && prev_num_end <= at { prev_num_end } else { clause };
        // A path named before, in a clause of its own (`1、…行政运行（项）。主要用于…`), is the subject.
        for m in matches.iter().filter(|m| m.path && m.start >= path_seen && m.end <= window) {
            let mut s = m.subject.clone();
            s.key = s.key.map(|k| scoped_class(&k, ctx.scope));
            current = Some(s);
        }
        path_seen = path_seen.max(at);
        let reason = contains(&n, sentence, at, "原因");

        let Some(num) = event else {
            // 持平: `与上年预算持平`, `比2025年预算持平`.
            if reason || !compared || (at >= 2 && n[at - 2..at] == ['基', '本']) {
                continue;
            }
            let subject = subject_in(&matches, &n, window, at, ctx.scope).or_else(|| current.clone());
            if let Some(yoy) = subject.and_then(|s| s.yoy()) {
                r.direction(sentence, &yoy, (at, at + 2));
            }
            continue;
        };
        prev_num_end = num.after;
        let unit = num.unit.expect("numbers with a unit");
        r.out.summary.numbers += 1;
        let Some(value) = value_of(&r.text(num.start, num.end), unit) else {
            r.unbound(&num, "unreadable number");
            continue;
        };
        if reason {
            r.unbound(&num, "in a reason");
            continue;
        }
        let span_end = num.span_end;
        let money = matches!(unit, Unit::Money(_));

        // Performance: `涉及一般公共预算 X 万元` in a sentence about 绩效目标.
        if ctx.performance && money && contains(&n, window, at, "涉及") && contains(&n, sentence, at, "绩效目标")
        {
            let k =
                if contains(&n, sentence, at, "整体") { "performance.department" } else { "performance.projects" };
            let label = r.text(window, at).trim().to_owned();
            r.push(k.to_owned(), at, span_end, value, Some(label), Vec::new());
            continue;
        }

        // The 项目支出 list: `1、<item>经费 80 万元，主要是用于<project> 13 万元、…`.
        if ctx.project_list && money {
            if !project_item_done && clause == 0 {
                project_item_done = true;
                let label = r.text(window, at).trim().to_owned();
                let chars: Vec<char> = label.chars().collect();
                let name: String = chars[enumerator_len(&normalize(&chars))..].iter().collect();
                let name = name.trim().to_owned();
                let item = name.strip_suffix("经费").unwrap_or(&name).trim().to_owned();
                match book.item_by_name(&item) {
                    Some(code) => {
                        let codes = vec![PrintedCode { code: code.clone(), name: item }];
                        r.push(format!("project.func.{code}"), at, span_end, value, Some(name), codes);
                    }
                    None => r.unbound(&num, "项目支出 item not found in the tables"),
                }
                continue;
            }
            if let Some(p) = find_last(&n, 0, at, "用于") {
                let from = if p + 2 > window { p + 2 } else { window };
                let name = r.text(from, at).trim().trim_start_matches('、').trim().to_owned();
                if !name.is_empty() && !is_filler(&name) {
                    r.push(format!("project.{name}"), at, span_end, value, Some(name), Vec::new());
                    continue;
                }
            }
        }

        // The role, from the words right before the number.
        let direction = direction_before(&n, window, at);
        let share_at = if money { None } else { find_last(&n, window, at, "占") };
        let role = match (money, direction, share_at) {
            (false, _, Some(_)) => Role::Share,
            (_, Some((s, e, clear)), _) if compared => {
                let span = clear.then_some((s, e));
                if money { Role::Change(span) } else { Role::Rate(span) }
            }
            (false, _, _) => {
                r.unbound(&num, "percentage that is neither a share nor a rate");
                continue;
            }
            (true, Some(_), _) => {
                r.unbound(&num, "change without a comparison");
                continue;
            }
            (true, None, _) => {
                let w = |x: &str| contains(&n, window, at, x);
                // 全年预算 (the budget as adjusted during the year) is neither the initial budget nor the outcome.
                if w("全年预算") || w("调整预算") {
                    r.unbound(&num, "adjusted budget (全年预算)");
                    continue;
                }
                if w("执行数") || w("上年预算数") || w("上年预算为") || w("上年数") || w("上年度预算")
                {
                    Role::Prior
                } else if w("年初预算") {
                    Role::Budget
                } else {
                    Role::Amount
                }
            }
        };
        // The subject: named before the number (before 占, before the direction word) …
        let limit = match role {
            Role::Share => share_at.unwrap_or(at),
            Role::Change(_) | Role::Rate(_) => direction.map_or(at, |d| d.0),
            _ => at,
        };
        let subject = match subject_in(&matches, &n, window, limit, ctx.scope) {
            Some(s) => {
                if matches!(role, Role::Amount | Role::Change(_)) {
                    current = Some(s.clone());
                }
                Some(s)
            }
            // … else the current one, for an amount only when the words before it are filler.
            None if role == Role::Amount && !is_filler(&r.text(window, limit)) => None,
            None => current.clone(),
        };
        let Some(subject) = subject else {
            r.unbound(&num, "no subject");
            continue;
        };
        let Some(key) = subject.key.clone() else {
            r.unbound(&num, "subject without a key");
            continue;
        };
        let yoy = subject.yoy().unwrap_or_else(|| key.clone());
        let label = Some(subject.label.clone()).filter(|l| !l.is_empty());
        match role {
            Role::Amount => {
                let restated = had_amount.contains(&key) && key.starts_with("func.") && key.len() > "func.201".len();
                let k = if restated { yoy } else { key.clone() };
                had_amount.push(key);
                r.push(k, at, span_end, value, label, subject.codes.clone());
            }
            Role::Share => r.push(format!("{key}.share"), at, span_end, value, label, Vec::new()),
            Role::Prior => r.push(format!("{yoy}.prior"), at, span_end, value, label, Vec::new()),
            Role::Budget => r.push(format!("{yoy}.budget"), at, span_end, value, label, Vec::new()),
            Role::Change(word) | Role::Rate(word) => {
                if let Some(span) = word {
                    r.direction(sentence, &yoy, span);
                }
                let suffix = if matches!(role, Role::Rate(_)) { "rate" } else { "change" };
                let cue = direction.map(|d| r.text(d.0, d.1));
                r.push(format!("{yoy}.{suffix}"), at, span_end, value, cue, Vec::new());
            }
        }
    }
    r.out.figures.sort_by_key(|f| (f.paragraph, f.start));
}

fn find_first(n: &[char], from: usize, w: &str) -> Option<usize> {
    find_first_in(n, from, n.len(), w)
}

/// The subject named in `n[from..to]`: the nearest specific phrase (or path), else the
/// nearest generic one — unless a generic phrase without a key stands there (`财政拨款…总预算`).
fn subject_in(matches: &[Match], n: &[char], from: usize, to: usize, scope: Scope) -> Option<Subject> {
    let inside: Vec<&Match> = matches.iter().filter(|m| m.start >= from && m.end <= to).collect();
    let chosen = match inside.iter().rev().find(|m| !m.generic) {
        Some(m) => *m,
        None => match inside.iter().find(|m| m.subject.key.is_none()) {
            Some(m) => *m,
            None => *inside.last()?,
        },
    };
    let mut s = chosen.subject.clone();
    s.key = scoped_key(chosen, n, from, scope);
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A table after the text names the codes the paths use (the embedded catalog is partial).
    const CODES: &str = "科目编码\t科目名称\t合计\n\
                         201\t一般公共服务支出\t1.00\n\
                         20106\t财政事务\t1.00\n\
                         2010601\t行政运行\t1.00\n\
                         20139\t社会工作事务\t1.00\n\
                         2013901\t行政运行\t1.00\n\
                         208\t社会保障和就业支出\t1.00\n\
                         20805\t行政事业单位养老支出\t1.00\n\
                         2080506\t机关事业单位职业年金缴费支出\t1.00\n";

    fn read(text: &str) -> Narrative {
        let text = format!("{text}{CODES}");
        read_narrative(&TextDocument::parse(&text), &Catalog::embedded())
    }

    fn keys(n: &Narrative) -> Vec<(&str, &str)> {
        n.figures.iter().map(|f| (f.key.as_str(), f.text.as_str())).collect()
    }

    #[test]
    fn jiangsu_reserve_is_the_third_part_of_spending() {
        let n = read(
            "三、支出预算情况说明\n\
             本年支出预算合计18330.37万元，其中：\n\
             基本支出9312.9万元，占50.81%；\n\
             项目支出6459.58万元，占35.24%；\n\
             单位预留机动经费2557.89万元，占13.95%；\n",
        );
        assert_eq!(
            keys(&n),
            [
                ("total", "18330.37"),
                ("basic", "9312.9"),
                ("basic.share", "50.81%"),
                ("project", "6459.58"),
                ("project.share", "35.24%"),
                ("reserve", "2557.89"),
                ("reserve.share", "13.95%"),
            ]
        );
    }

    #[test]
    fn classes_under_a_general_budget_heading_are_general_budget_money() {
        let n = read(
            "（二）一般公共预算财政拨款支出决算结构情况\n\
             一般公共预算财政拨款支出 9746.50 万元，主要用于以下方面：城乡社区支出（类）3832.36 万元，占 39.32%。\n",
        );
        assert_eq!(
            keys(&n),
            [
                ("general_budget", "9746.50"),
                ("general_budget.func.212", "3832.36"),
                ("general_budget.func.212.share", "39.32%"),
            ]
        );
    }

    #[test]
    fn adjusted_budgets_are_not_outcomes() {
        let n = read(
            "（三）一般公共预算财政拨款支出决算具体情况\n\
             1、一般公共服务支出（类）社会工作事务（款）行政运行（项）。主要用于：行政单位人员支出。全年预算为 52.00 万元，支出决算为 51.32 万元。\n",
        );
        assert_eq!(keys(&n), [("func.2013901", "51.32")]);
        assert!(n.summary.unbound.iter().any(|u| u.text == "52.00" && u.reason == "adjusted budget (全年预算)"));
    }

    #[test]
    fn a_paragraph_printed_twice_under_one_heading_is_read_once() {
        let item = "7.“社会保障和就业支出（类）行政事业单位养老支出（款）机关事业单位职业年金缴费支出（项）”87.36万元，主要用于缴纳职业年金支出。";
        let n = read(&format!("2025年部门预算编制说明\n{item}\n{item}\n"));
        assert_eq!(n.paragraphs.len(), 2);
        assert_eq!(keys(&n), [("func.2080506", "87.36")]);
    }

    #[test]
    fn procurement_categories_as_jiangsu_prints_them() {
        let n = read(
            "十二、政府采购支出预算情况说明\n\
             2019 年政府采购预算总金额为 5227.59 万元。其中拟采购货物支出 1637.72 万元；拟采购工程支出 530 万元；拟采购服务支出 3059.87 万元。\n\
             2018 年度政府采购支出预算总额 3,096.24 万元。其中：拟 采购 货物 支出  268  万 元、拟购买服务支出2,828.24 万元。\n",
        );
        assert_eq!(
            keys(&n),
            [
                ("procurement", "5227.59"),
                ("procurement.goods", "1637.72"),
                ("procurement.works", "530"),
                ("procurement.services", "3059.87"),
                ("procurement", "3,096.24"),
                ("procurement.goods", "268"),
                ("procurement.services", "2,828.24"),
            ]
        );
    }

    #[test]
    fn a_path_continued_on_the_next_line_is_not_a_heading() {
        let n = read(
            "（三）一般公共预算财政拨款支出决算具体情况\n\
             1、一般公共服务支出（类）财政事务（款）行政运行\n\
             （项）。主要用于：局本部人员经费。年初预算为 1560.05 万元，支出决算为 1511.89 万元。\n",
        );
        assert_eq!(n.paragraphs.len(), 1);
        assert_eq!(keys(&n), [("item.2010601.budget", "1560.05"), ("func.2010601", "1511.89")]);
    }
}
