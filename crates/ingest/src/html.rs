//! HTML pages with `<table>`: turned into text in the convention of the text
//! reader (one line per block of text; every table row one line, cells joined
//! by TAB, a merged cell's text in its first grid cell and blanks in the cells
//! it covers), then read by [`TextDocument::parse`]. So HTML disclosures —
//! government web pages, or yusuan's own HTML output — go through the same
//! table recognition and rules as text.

use ego_tree::NodeRef;
use scraper::{Html, Node};

use crate::{IngestError, TextDocument};

/// Reads an HTML file's bytes (charset from a BOM, `<meta charset>`, UTF-8 or GB18030).
pub fn read_html(bytes: &[u8], name: &str) -> Result<TextDocument, IngestError> {
    let hint = crate::encoding::html_charset(bytes);
    let (text, _) = crate::encoding::decode(bytes, name, hint)?;
    Ok(TextDocument::parse(&html_to_text(&text)))
}

/// The text of an HTML document in the text reader's convention.
pub fn html_to_text(html: &str) -> String {
    let doc = Html::parse_document(html);
    let mut out = Text::default();
    walk(*doc.root_element(), &mut out);
    out.finish()
}

#[derive(Default)]
struct Text {
    lines: Vec<String>,
    current: String,
}

impl Text {
    fn push_text(&mut self, s: &str) {
        for (i, part) in s.split_whitespace().enumerate() {
            if (i > 0 || s.starts_with(char::is_whitespace)) && needs_space(&self.current, part) {
                self.current.push(' ');
            }
            self.current.push_str(part);
        }
        if s.ends_with(char::is_whitespace) && !self.current.is_empty() && !self.current.ends_with(' ') {
            self.current.push(' ');
        }
    }
    fn break_line(&mut self) {
        let line = self.current.trim().to_owned();
        self.current.clear();
        if !line.is_empty() {
            self.lines.push(line);
        }
    }
    fn blank(&mut self) {
        self.break_line();
        if self.lines.last().is_some_and(|l| !l.is_empty()) {
            self.lines.push(String::new());
        }
    }
    fn finish(mut self) -> String {
        self.break_line();
        let mut s = self.lines.join("\n");
        s.push('\n');
        s
    }
}

/// A space between two runs of text is kept only between Latin letters/digits;
/// between Chinese characters it is layout (justification) and is dropped.
fn needs_space(before: &str, after: &str) -> bool {
    let (Some(a), Some(b)) = (before.chars().last(), after.chars().next()) else { return false };
    a.is_ascii_alphanumeric() && b.is_ascii_alphanumeric() || (a.is_ascii() && !a.is_whitespace() && b.is_ascii())
}

const BLOCKS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "header",
    "footer",
    "main",
    "nav",
    "aside",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "figure",
    "figcaption",
    "caption",
    "title",
    "hr",
    "form",
    "center",
];
const SKIP: &[&str] = &["script", "style", "noscript", "template", "head", "svg", "button", "select", "option"];

fn walk(node: NodeRef<Node>, out: &mut Text) {
    match node.value() {
        Node::Text(t) => out.push_text(t),
        Node::Element(e) => {
            let name = e.name();
            if SKIP.contains(&name) {
                return;
            }
            if name == "br" {
                out.break_line();
                return;
            }
            if name == "table" {
                out.blank();
                table(node, out);
                out.blank();
                return;
            }
            let block = BLOCKS.contains(&name);
            if block {
                out.blank();
            }
            for c in node.children() {
                walk(c, out);
            }
            if block {
                out.blank();
            }
        }
        _ => {
            for c in node.children() {
                walk(c, out);
            }
        }
    }
}

/// The plain text of a cell (nested tables and line breaks flattened).
fn cell_text(node: NodeRef<Node>) -> String {
    let mut t = Text::default();
    fn inner(n: NodeRef<Node>, t: &mut Text) {
        match n.value() {
            Node::Text(s) => t.push_text(s),
            Node::Element(e) if SKIP.contains(&e.name()) => {}
            _ => n.children().for_each(|c| inner(c, t)),
        }
    }
    inner(node, &mut t);
    t.current.trim().to_owned()
}

fn span(e: &scraper::node::Element, attr: &str) -> usize {
    e.attr(attr).and_then(|v| v.trim().parse::<usize>().ok()).filter(|n| (1..=1000).contains(n)).unwrap_or(1)
}

/// The rows of a table (not of tables nested in its cells).
fn rows<'a>(table: NodeRef<'a, Node>, acc: &mut Vec<NodeRef<'a, Node>>) {
    for c in table.children() {
        if let Node::Element(e) = c.value() {
            match e.name() {
                "tr" => acc.push(c),
                "table" => {}
                _ => rows(c, acc),
            }
        }
    }
}

fn table(node: NodeRef<Node>, out: &mut Text) {
    let mut trs = Vec::new();
    rows(node, &mut trs);
    // Grid with rowspan/colspan expanded: a merged cell's text in its first grid cell.
    let mut grid: Vec<Vec<Option<String>>> = Vec::new();
    for (r, tr) in trs.iter().enumerate() {
        if grid.len() <= r {
            grid.push(Vec::new());
        }
        let mut col = 0;
        for td in tr.children() {
            let Node::Element(e) = td.value() else { continue };
            if !matches!(e.name(), "td" | "th") {
                continue;
            }
            while grid[r].get(col).is_some_and(Option::is_some) {
                col += 1;
            }
            let (rs, cs) = (span(e, "rowspan"), span(e, "colspan"));
            let text = cell_text(td).replace('\t', " ");
            for dr in 0..rs.min(trs.len() - r) {
                while grid.len() <= r + dr {
                    grid.push(Vec::new());
                }
                let row = &mut grid[r + dr];
                if row.len() < col + cs {
                    row.resize(col + cs, None);
                }
                for dc in 0..cs {
                    row[col + dc] = Some(if dr == 0 && dc == 0 { text.clone() } else { String::new() });
                }
            }
            col += cs;
        }
    }
    let width = grid.iter().map(Vec::len).max().unwrap_or(0);
    for row in grid {
        let mut cells: Vec<String> = row.into_iter().map(Option::unwrap_or_default).collect();
        cells.resize(width, String::new());
        if cells.iter().all(String::is_empty) {
            continue;
        }
        out.lines.push(cells.join("\t"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_become_tab_rows_with_spans_expanded() {
        let html = r#"<html><head><title>x</title><style>p{}</style></head><body>
            <p>2022 年收入预算总表</p><div>单位：万元</div>
            <table><thead><tr><th rowspan="2">编码</th><th colspan="2">本年拨款</th></tr>
            <tr><th>一般 公共</th><th>基金</th></tr></thead>
            <tbody><tr><td>201</td><td>1,000.00</td><td></td></tr></tbody></table>
            <p>江汉 区<br>第二行 <span class="fig">3927.98</span> 万元</p></body></html>"#;
        let text = html_to_text(html);
        let lines: Vec<&str> = text.lines().filter(|l| !l.is_empty()).collect();
        // <head> is skipped; spaces next to Chinese characters are layout and dropped.
        assert_eq!(
            lines,
            [
                "2022年收入预算总表",
                "单位：万元",
                "编码\t本年拨款\t",
                "\t一般公共\t基金",
                "201\t1,000.00\t",
                "江汉区",
                "第二行 3927.98万元"
            ]
        );
        let doc = TextDocument::parse(&text);
        let t = doc.tables().next().expect("a table");
        assert_eq!(t.title.as_deref(), Some("2022年收入预算总表"));
        assert_eq!(t.rows.len(), 3);
    }

    #[test]
    fn garbage_does_not_panic() {
        for s in ["", "<table><tr><td rowspan=99999 colspan=0>x", "<<<>>>", "<table><table><tr><td>1</table>"] {
            let _ = html_to_text(s);
        }
    }
}
