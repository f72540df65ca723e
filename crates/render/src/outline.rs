//! The document flattened in reading order, with unique anchors. Both the
//! Markdown and the HTML renderer walk the same outline, so the table of
//! contents and the body agree on every anchor.

use std::collections::HashSet;

use yusuan_model::view::{Block, Document, Section};

/// One entry of the flattened document.
pub(crate) enum Item<'a> {
    Section {
        section: &'a Section,
        anchor: String,
        /// False when the section only holds a table (or form) whose title is
        /// the heading itself (`十、2022 年政府采购预算表`): the table title then
        /// serves as the heading in print and the heading is not repeated.
        show_heading: bool,
    },
    Block {
        block: &'a Block,
        /// Anchor of a table or form.
        anchor: Option<String>,
        /// The section holds nothing but tables and forms (and no subsections):
        /// the block starts a new printed page, as in the published disclosures.
        standalone: bool,
        /// Level of the section the block belongs to (0 at top level).
        level: u8,
        /// The block is the titled body of a section whose heading is hidden
        /// (see [`Item::Section::show_heading`]): the anchor of that section.
        section_anchor: Option<String>,
    },
}

/// A table-of-contents entry.
pub(crate) struct TocEntry {
    pub level: u8,
    pub text: String,
    pub anchor: String,
    pub is_table: bool,
}

pub(crate) struct Outline<'a> {
    pub items: Vec<Item<'a>>,
}

impl<'a> Outline<'a> {
    pub fn new(doc: &'a Document) -> Outline<'a> {
        let mut out = Outline { items: Vec::new() };
        // Ids the HTML page uses itself.
        let mut used: HashSet<String> = ["toc-title".to_owned()].into();
        for s in &doc.sections {
            out.walk(s, &mut used);
        }
        out
    }

    fn walk(&mut self, s: &'a Section, used: &mut HashSet<String>) {
        let anchor = unique(&sanitize_id(&s.id, "section"), used);
        let show_heading = !heading_is_table_title(s);
        let standalone = s.children.is_empty()
            && !s.blocks.is_empty()
            && s.blocks.iter().all(|b| matches!(b, Block::Table(_) | Block::Form(_)));
        self.items.push(Item::Section { section: s, anchor: anchor.clone(), show_heading });
        let mut section_anchor = (!show_heading).then_some(anchor);
        for b in &s.blocks {
            let anchor = match b {
                Block::Table(t) => Some(unique(&format!("tbl-{}", sanitize_id(&t.id, "table")), used)),
                Block::Form(f) => Some(unique(&format!("form-{}", sanitize_id(&f.id, "form")), used)),
                _ => None,
            };
            self.items.push(Item::Block {
                block: b,
                anchor,
                standalone,
                level: s.level,
                section_anchor: section_anchor.take(),
            });
        }
        for c in &s.children {
            self.walk(c, used);
        }
    }

    /// Sections by level, and every table whose title is not already the heading
    /// of its section.
    pub fn toc(&self) -> Vec<TocEntry> {
        let mut out = Vec::new();
        let mut hidden_heading = false;
        for item in &self.items {
            match item {
                Item::Section { section, anchor, show_heading } => {
                    hidden_heading = !show_heading;
                    out.push(TocEntry {
                        level: section.level.clamp(1, 4),
                        text: section.heading.clone(),
                        anchor: anchor.clone(),
                        is_table: false,
                    });
                }
                Item::Block { block: Block::Table(t), anchor: Some(anchor), level, .. } => {
                    if !hidden_heading {
                        out.push(TocEntry {
                            level: (level + 1).clamp(1, 4),
                            text: table_label(t.number, &t.title),
                            anchor: anchor.clone(),
                            is_table: true,
                        });
                    }
                }
                Item::Block { .. } => {}
            }
        }
        out
    }
}

/// `公开表 1　2022 年收支预算总表`, or the bare title for an unnumbered table.
pub(crate) fn table_label(number: u32, title: &str) -> String {
    if number == 0 { title.to_owned() } else { format!("公开表 {number}\u{3000}{title}") }
}

/// An HTML id from a model id: kept when plain, otherwise blanks and quotes
/// become `-`; an empty id gets `fallback`.
fn sanitize_id(id: &str, fallback: &str) -> String {
    let s: String = id
        .trim()
        .chars()
        .map(|c| {
            if c.is_whitespace() || c.is_control() || matches!(c, '"' | '\'' | '<' | '>' | '&' | '#') { '-' } else { c }
        })
        .collect();
    if s.is_empty() { fallback.to_owned() } else { s }
}

fn unique(base: &str, used: &mut HashSet<String>) -> String {
    let mut candidate = base.to_owned();
    let mut n = 2;
    while !used.insert(candidate.clone()) {
        candidate = format!("{base}-{n}");
        n += 1;
    }
    candidate
}

/// Whether a section consists of one table or form titled like the section
/// (numbering such as `十、` or `（三）` and blanks ignored).
fn heading_is_table_title(s: &Section) -> bool {
    let [only] = s.blocks.as_slice() else {
        return false;
    };
    let title = match only {
        Block::Table(t) => &t.title,
        Block::Form(f) => &f.title,
        _ => return false,
    };
    let heading = squash(&s.heading);
    let title = squash(title);
    !title.is_empty() && (heading == title || squash(strip_numbering(&s.heading)) == title)
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Strips a leading `一、` / `（一）` / `(1)` / `1、` / `1.` / `第一部分` numbering.
pub(crate) fn strip_numbering(s: &str) -> &str {
    const NUMERALS: &str = "一二三四五六七八九十百零〇0123456789０１２３４５６７８９";
    let is_num = |c: char| NUMERALS.contains(c);
    let s = s.trim_start();
    // （一） or (一)
    for (open, close) in [('（', '）'), ('(', ')')] {
        if let Some(rest) = s.strip_prefix(open) {
            let inner_end = rest.find(|c: char| !is_num(c)).unwrap_or(rest.len());
            if inner_end > 0 && rest[inner_end..].starts_with(close) {
                return rest[inner_end + close.len_utf8()..].trim_start();
            }
        }
    }
    // 一、 1、 1. 1．
    let end = s.find(|c: char| !is_num(c)).unwrap_or(s.len());
    if end > 0 {
        let rest = &s[end..];
        for sep in ['、', '.', '．'] {
            if let Some(r) = rest.strip_prefix(sep) {
                return r.trim_start();
            }
        }
    }
    // 第一部分
    if let Some(rest) = s.strip_prefix('第') {
        let end = rest.find(|c: char| !is_num(c)).unwrap_or(rest.len());
        if let (true, Some(r)) = (end > 0, rest[end..].strip_prefix("部分")) {
            return r.trim_start();
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_numbering() {
        assert_eq!(strip_numbering("十、2022 年政府采购预算表"), "2022 年政府采购预算表");
        assert_eq!(strip_numbering("（三）国有资产"), "国有资产");
        assert_eq!(strip_numbering("(1) x"), "x");
        assert_eq!(strip_numbering("第五部分 预算公开报表"), "预算公开报表");
        assert_eq!(strip_numbering("2022 年收支预算总表"), "2022 年收支预算总表");
        assert_eq!(strip_numbering("1、一般公共服务"), "一般公共服务");
        assert_eq!(strip_numbering("收支预算总表"), "收支预算总表");
    }
}
