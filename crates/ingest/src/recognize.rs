//! Template recognition: which built-in template a published document follows,
//! and which of the template's tables each [`RawTable`] is.
//!
//! # Matching a table
//! A raw table is compared with every table definition ([`TableDef`]) by
//! - **title**: the printed title, normalised ([`normalize_title`]: no
//!   whitespace, quotes, bracketed remarks or list punctuation), must *end with*
//!   the definition's title or one of its aliases, normalised the same way. The
//!   leading year, `部门` / `预算单位` / department names and `公开表1` labels are
//!   thereby ignored. The longest matching pattern counts (`财政拨款收支预算总表`
//!   beats `收支预算总表`);
//! - **header**: how many of the definition's leaf columns (last header cell or a
//!   column alias) appear among the table's header cells (and the first body row,
//!   where some documents print the last header row merged with the 合计 row).
//!
//! The score is `2 × title characters + 3 × header columns`. A table with a title
//! match is recognised; a table without one (untitled, or an unknown title) only
//! when at least three and 60 % of the definition's columns are found.
//!
//! # Choosing the template
//! Each template scores the sum, over the raw tables, of its best definition's
//! score. The best template wins; templates with the same score are reported as
//! [`Recognition::ties`] (the first one in built-in order is used). Every raw
//! table is then matched within the chosen template; a table it has no
//! definition for is matched across all templates (an unknown template is read
//! table by table this way; a title match anywhere beats a header-only match in
//! the chosen template) and, failing that, listed as unrecognised with its title
//! and line.
//!
//! # Documents without grids
//! A document whose tables were flattened to plain text (corpus 023: no TAB rows)
//! has no raw tables. Title lines (as [`title_of`] sees them) that are followed
//! within three lines by a unit statement (`单位：元`) are matched by title only and
//! reported with [`Source::Title`]: the table is known to be there, its body
//! cannot be read (its view has no columns and no rows).

use yusuan_derive::{TableDef, TableKind, Template};

use crate::{Block, RawTable, TextDocument, header_and_body, title_of, unit_in};

/// Where a recognised table was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The raw table with this index in [`TextDocument::tables`].
    Grid(usize),
    /// Only a title line (no TAB rows): the body is not readable.
    Title,
}

/// How a table was matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchedBy {
    /// By its title; `columns` header columns of the definition were found too.
    Title { columns: usize },
    /// By its header columns only (untitled, or a title no template knows).
    Header { columns: usize },
}

/// A table matched to a template table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecognizedTable {
    pub source: Source,
    /// The template whose definition matched (the document's template, or another
    /// one when the document's template has no such table).
    pub template: String,
    /// The definition's id (`t03`).
    pub table: String,
    pub role: String,
    pub kind: TableKind,
    /// The title as printed (empty for an untitled table).
    pub title: String,
    /// The title line, or the first line of an untitled table.
    pub line: usize,
    /// Number of TAB rows (header rows included); 0 for [`Source::Title`].
    pub rows: usize,
    pub matched_by: MatchedBy,
}

/// A raw table no template table matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnrecognisedTable {
    /// Index in [`TextDocument::tables`].
    pub index: usize,
    pub title: Option<String>,
    pub line: usize,
    pub rows: usize,
}

/// A template's score for a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateScore {
    pub template: String,
    pub score: u32,
    /// How many of the document's tables the template matches.
    pub tables: usize,
}

/// The outcome of recognition.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Recognition {
    /// The template the document follows; `None` when no template matched any table.
    pub template: Option<String>,
    /// Every template's score, best first.
    pub scores: Vec<TemplateScore>,
    /// Other templates with the same (best) score as [`Recognition::template`].
    pub ties: Vec<String>,
    /// Recognised tables in document order.
    pub tables: Vec<RecognizedTable>,
    /// Raw tables not recognised, in document order.
    pub unrecognised: Vec<UnrecognisedTable>,
}

impl Recognition {
    /// The recognised tables found as grids (with a body to read).
    pub fn grids(&self) -> impl Iterator<Item = &RecognizedTable> {
        self.tables.iter().filter(|t| matches!(t.source, Source::Grid(_)))
    }
}

/// Recognises a document against every built-in template.
pub fn recognize(doc: &TextDocument) -> Recognition {
    static PREPARED: std::sync::OnceLock<Vec<Prepared<'static>>> = std::sync::OnceLock::new();
    let prepared = PREPARED.get_or_init(|| Template::builtin_all().into_iter().map(Prepared::new).collect());
    recognize_prepared(doc, prepared)
}

/// Recognises a document against the given templates (in order of preference for ties).
pub fn recognize_with(doc: &TextDocument, templates: &[&Template]) -> Recognition {
    let prepared: Vec<Prepared> = templates.iter().map(|t| Prepared::new(t)).collect();
    recognize_prepared(doc, &prepared)
}

fn recognize_prepared(doc: &TextDocument, prepared: &[Prepared]) -> Recognition {
    let raws: Vec<&RawTable> = doc.tables().collect();
    let candidates: Vec<Candidate> = raws.iter().map(|r| Candidate::of_raw(r)).collect();
    let titled_only = if raws.is_empty() { title_lines(doc) } else { Vec::new() };

    // Score every template.
    let all: Vec<&Candidate> = candidates.iter().chain(titled_only.iter().map(|(_, c)| c)).collect();
    let mut scores: Vec<TemplateScore> = prepared
        .iter()
        .map(|p| {
            let best: Vec<u32> = all.iter().map(|c| p.best(c).map_or(0, |m| m.score)).collect();
            TemplateScore {
                template: p.template.id.clone(),
                score: best.iter().sum(),
                tables: best.iter().filter(|s| **s > 0).count(),
            }
        })
        .collect();
    let order: Vec<String> = scores.iter().map(|s| s.template.clone()).collect();
    scores
        .sort_by(|a, b| b.score.cmp(&a.score).then_with(|| rank(&order, &a.template).cmp(&rank(&order, &b.template))));
    let best = scores.first().filter(|s| s.score > 0);
    let template = best.map(|s| s.template.clone());
    let ties = match best {
        Some(b) => scores.iter().skip(1).filter(|s| s.score == b.score).map(|s| s.template.clone()).collect(),
        None => Vec::new(),
    };
    let chosen = template.as_deref().and_then(|id| prepared.iter().find(|p| p.template.id == id));

    // Match every table: in the chosen template, else in any template.
    let mut out = Recognition { template, scores, ties, ..Default::default() };
    // A title match beats a header match; the chosen template beats the others.
    let find = |c: &Candidate| -> Option<(&Prepared, Match)> {
        let by_title = |m: &Match| matches!(m.by, MatchedBy::Title { .. });
        let mine = chosen.and_then(|p| p.best(c).map(|m| (p, m)));
        let others = || prepared.iter().filter_map(|p| p.best(c).map(|m| (p, m)));
        let best_titled = || others().filter(|(_, m)| by_title(m)).max_by_key(|(_, m)| m.score);
        match mine {
            Some((p, m)) if by_title(&m) => Some((p, m)),
            mine => best_titled().or(mine).or_else(|| others().max_by_key(|(_, m)| m.score)),
        }
    };
    for (i, (raw, c)) in raws.iter().zip(&candidates).enumerate() {
        let line = raw.title_line.unwrap_or_else(|| raw.span().0);
        match find(c) {
            Some((p, m)) => {
                let def = &p.template.tables[m.def];
                out.tables.push(RecognizedTable {
                    source: Source::Grid(i),
                    template: p.template.id.clone(),
                    table: def.id.clone(),
                    role: def.role.clone(),
                    kind: def.kind,
                    title: raw.title.clone().unwrap_or_default(),
                    line,
                    rows: raw.rows.len(),
                    matched_by: m.by,
                });
            }
            None => out.unrecognised.push(UnrecognisedTable {
                index: i,
                title: raw.title.clone(),
                line,
                rows: raw.rows.len(),
            }),
        }
    }
    // Title-only tables: the last title line of each definition (a contents list comes first).
    let mut seen: Vec<(String, String)> = Vec::new();
    let mut titled: Vec<RecognizedTable> = Vec::new();
    for (line, c) in titled_only.iter().rev() {
        let Some((p, m)) = find(c) else { continue };
        let def = &p.template.tables[m.def];
        let key = (p.template.id.clone(), def.id.clone());
        let repeatable = matches!(def.kind, TableKind::ProjectPerformance);
        if !repeatable && seen.contains(&key) {
            continue;
        }
        seen.push(key);
        titled.push(RecognizedTable {
            source: Source::Title,
            template: p.template.id.clone(),
            table: def.id.clone(),
            role: def.role.clone(),
            kind: def.kind,
            title: c.title.clone(),
            line: *line,
            rows: 0,
            matched_by: m.by,
        });
    }
    titled.reverse();
    out.tables.extend(titled);
    out
}

fn rank(order: &[String], id: &str) -> usize {
    order.iter().position(|o| o == id).unwrap_or(usize::MAX)
}

/// Title lines of a document without grids that announce a table: a title
/// followed, within three non-blank lines, by a unit statement.
fn title_lines(doc: &TextDocument) -> Vec<(usize, Candidate)> {
    let texts: Vec<(usize, &str)> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Text(t) => Some((t.line, t.text.as_str())),
            Block::Table(_) => None,
        })
        .collect();
    let mut out = Vec::new();
    for (i, (line, text)) in texts.iter().enumerate() {
        let Some(title) = title_of(text).filter(|t| t.names_table) else { continue };
        if texts[i + 1..].iter().take(3).any(|(_, t)| unit_in(t).is_some()) {
            out.push((*line, Candidate::titled(title.text, Vec::new())));
        }
    }
    out
}

/// What a table is matched by: its title (as printed and normalised) and its
/// header texts, normalised.
#[derive(Debug, Clone)]
struct Candidate {
    title: String,
    normalized: String,
    headers: std::collections::HashSet<String>,
}

impl Candidate {
    fn titled(title: &str, headers: Vec<String>) -> Candidate {
        Candidate {
            title: title.to_owned(),
            normalized: normalize_title(title),
            headers: headers.into_iter().collect(),
        }
    }
}

impl Candidate {
    fn of_raw(raw: &RawTable) -> Candidate {
        let (header, body) = header_and_body(raw);
        let headers: Vec<String> = header
            .iter()
            .chain(body.first())
            .flat_map(|r| r.cells.iter())
            .filter(|c| !c.trim().is_empty())
            .map(|c| normalize(c))
            .collect();
        Candidate::titled(raw.title.as_deref().unwrap_or_default(), headers)
    }
}

/// A definition matched to a candidate.
#[derive(Debug, Clone, Copy)]
struct Match {
    def: usize,
    score: u32,
    by: MatchedBy,
}

/// A template with its matching patterns computed once.
struct Prepared<'t> {
    template: &'t Template,
    /// Per definition: normalised title patterns, and per leaf column its labels.
    defs: Vec<(Vec<String>, Vec<Vec<String>>)>,
}

impl<'t> Prepared<'t> {
    fn new(template: &'t Template) -> Prepared<'t> {
        let defs = template
            .tables
            .iter()
            .map(|def| {
                let mut titles: Vec<String> = std::iter::once(def.title_pattern())
                    .chain(def.toc_title.clone())
                    .chain(def.aliases.iter().cloned())
                    .map(|t| normalize_title(&t))
                    .filter(|t| t.chars().count() >= 3)
                    .collect();
                titles.sort();
                titles.dedup();
                let columns = column_labels(def);
                (titles, columns)
            })
            .collect();
        Prepared { template, defs }
    }

    /// The best definition for a candidate, if any matches.
    fn best(&self, c: &Candidate) -> Option<Match> {
        let title = &c.normalized;
        let mut best: Option<Match> = None;
        for (i, (titles, columns)) in self.defs.iter().enumerate() {
            let title_len = titles.iter().filter(|t| title.ends_with(t.as_str())).map(|t| t.chars().count()).max();
            let found = columns.iter().filter(|labels| labels.iter().any(|l| c.headers.contains(l))).count();
            let (score, by) = match title_len {
                Some(n) => (2 * n as u32 + 3 * found as u32, MatchedBy::Title { columns: found }),
                None if found >= 3 && found * 5 >= columns.len() * 3 => {
                    (3 * found as u32, MatchedBy::Header { columns: found })
                }
                None => continue,
            };
            if best.is_none_or(|b| score > b.score) {
                best = Some(Match { def: i, score, by });
            }
        }
        best
    }
}

/// The labels a definition's leaf columns are printed with, normalised.
fn column_labels(def: &TableDef) -> Vec<Vec<String>> {
    def.leaf_columns()
        .iter()
        .map(|c| {
            c.header.last().into_iter().chain(&c.aliases).map(|l| normalize(l)).filter(|l| !l.is_empty()).collect()
        })
        .collect()
}

/// A header or label text for comparison: no whitespace, no quotes, half-width
/// brackets and colons.
pub fn normalize(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && !"“”\"‘’'「」".contains(*c))
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            '：' => ':',
            c => c,
        })
        .collect()
}

/// A title for comparison: [`normalize`]d, without bracketed remarks
/// (`（功能科目）`, `(绩效目标)`), list punctuation (`、`, `·`) and a leading
/// `年` / `年度` left by a removed year.
pub fn normalize_title(s: &str) -> String {
    let n = normalize(s);
    let mut out = String::with_capacity(n.len());
    let mut depth = 0_u32;
    for c in n.chars() {
        match c {
            '(' | '[' | '【' => depth += 1,
            ')' | ']' | '】' => depth = depth.saturating_sub(1),
            '、' | '·' | ',' | '，' => {}
            c if depth == 0 => out.push(c),
            _ => {}
        }
    }
    let t = out.trim_start_matches("年度").trim_start_matches('年');
    t.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_normalise() {
        assert_eq!(normalize_title("财政拨款支出预算表（功能科目）"), "财政拨款支出预算表");
        assert_eq!(normalize_title("2022年项目支出(绩效目标)申报表"), "2022年项目支出申报表");
        assert_eq!(
            normalize_title("{year}年项目支出(绩效目标)申报表".replace("{year}", "").as_str()),
            "项目支出申报表"
        );
        assert_eq!(normalize_title("“三公”经费、会议费、培训费支出预算表"), "三公经费会议费培训费支出预算表");
        assert_eq!(normalize_title("2022 年收支预算总表"), "2022年收支预算总表");
        assert_eq!(normalize(" 功能科目 编码 "), "功能科目编码");
        assert_eq!(normalize("因公出国（境）费"), "因公出国(境)费");
    }

    #[test]
    fn longest_title_wins() {
        let t = Template::builtin_shared("jiangsu-12").unwrap();
        let p = Prepared::new(t);
        let c = Candidate::titled("财政拨款收支预算总表", Vec::new());
        assert_eq!(t.tables[p.best(&c).unwrap().def].id, "t04");
        let c = Candidate::titled("2018年度江苏省高级人民法院收支预算总表", Vec::new());
        assert_eq!(t.tables[p.best(&c).unwrap().def].id, "t01");
        let c = Candidate::titled("公开 09 表", Vec::new());
        assert!(p.best(&c).is_none());
    }
}
