//! The Word document (`yusuan_render::docx`) read back independently: with
//! `docx_rs::read_docx` for the text and the table structure, and as raw XML
//! parts (docx-rs stores them uncompressed; a small ZIP reader here) for what
//! the reader does not keep: repeating header rows, sections, fields.

mod common;

use serde_json::Value;
use yusuan_model::view::{Block, Document, Form, Section, Table};
use yusuan_render::LANDSCAPE_ABOVE_COLUMNS;

fn example_doc() -> Document {
    common::example().derived.document
}

fn render(doc: &Document) -> Vec<u8> {
    yusuan_render::docx(doc).expect("the document renders as DOCX")
}

/// The package read back by docx-rs, as its JSON model.
fn read(bytes: &[u8]) -> Value {
    let docx = docx_rs::read_docx(bytes).expect("docx-rs reads the DOCX back");
    serde_json::from_str(&docx.json()).expect("docx-rs JSON parses")
}

/// The named part of the package (read with the zip crate, an independent reader).
fn part(docx: &[u8], name: &str) -> String {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(docx)).expect("a ZIP package");
    let mut entry = archive.by_name(name).unwrap_or_else(|e| panic!("no part {name} in the package: {e}"));
    assert_eq!(entry.compression(), zip::CompressionMethod::Deflated, "{name} is deflated");
    let mut text = String::new();
    entry.read_to_string(&mut text).expect("UTF-8 part");
    text
}

// ---- the model walked in reading order ----

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Whether a section's heading is not printed because its only table or form
/// carries it (`十、2022 年政府采购预算表` over the table `2022 年政府采购预算表`).
fn heading_is_title(s: &Section) -> bool {
    let title = match s.blocks.as_slice() {
        [Block::Table(t)] => &t.title,
        [Block::Form(f)] => &f.title,
        _ => return false,
    };
    squash(&s.heading).ends_with(&squash(title))
}

fn table_texts(t: &Table, out: &mut Vec<String>) {
    if t.number > 0 {
        out.push(format!("公开表 {}", t.number));
    }
    out.push(t.title.clone());
    if let Some(u) = &t.unit_name {
        out.push(u.clone());
    }
    out.push(format!("单位：{}", t.unit.label()));
    out.extend(t.header.iter().flatten().map(|h| h.text.clone()));
    for r in &t.rows {
        out.extend(r.cells.iter().map(|c| c.display(t.unit, t.decimals)));
    }
    if t.rows.is_empty() {
        out.extend(t.empty_statement.clone());
    }
    out.extend(t.notes.iter().cloned());
}

fn form_texts(f: &Form, out: &mut Vec<String>) {
    out.push(f.title.clone());
    out.extend(f.subtitle.iter().cloned());
    out.extend(f.rows.iter().flatten().map(|c| c.content.display(f.unit, f.decimals)));
}

/// Every printed text of the document in reading order.
fn expected_texts(doc: &Document) -> Vec<String> {
    fn walk(s: &Section, out: &mut Vec<String>) {
        if !heading_is_title(s) {
            out.push(s.heading.clone());
        }
        for b in &s.blocks {
            match b {
                Block::Paragraph(p) => out.push(p.iter().map(|s| s.as_str()).collect()),
                Block::List(items) => out.extend(items.iter().map(|p| p.iter().map(|s| s.as_str()).collect())),
                Block::Table(t) => table_texts(t, out),
                Block::Form(f) => form_texts(f, out),
            }
        }
        s.children.iter().for_each(|c| walk(c, out));
    }
    let mut out = vec![doc.title.clone()];
    doc.sections.iter().for_each(|s| walk(s, &mut out));
    out
}

fn tables_and_forms(doc: &Document) -> Vec<&Block> {
    fn walk<'a>(s: &'a Section, out: &mut Vec<&'a Block>) {
        out.extend(s.blocks.iter().filter(|b| matches!(b, Block::Table(_) | Block::Form(_))));
        s.children.iter().for_each(|c| walk(c, out));
    }
    let mut out = Vec::new();
    doc.sections.iter().for_each(|s| walk(s, &mut out));
    out
}

// ---- the Word document walked in reading order ----

/// The text of a run-holding element: text, tabs as TAB, breaks as newline.
/// Hyperlinks (the 目录 entries) are left out unless `links`.
fn inline_text(node: &Value, links: bool, out: &mut String) {
    match node["type"].as_str() {
        Some("text") => out.push_str(node["data"]["text"].as_str().unwrap_or("")),
        Some("tab") => out.push('\t'),
        Some("break") => out.push('\n'),
        Some("hyperlink") if !links => {}
        _ => {
            if let Some(children) = node["data"]["children"].as_array() {
                children.iter().for_each(|c| inline_text(c, links, out));
            }
        }
    }
}

/// Paragraph texts of the body in order (table cells' paragraphs included).
fn body_paragraphs(node: &Value, out: &mut Vec<String>) {
    match node["type"].as_str() {
        Some("paragraph") => {
            let mut s = String::new();
            inline_text(node, false, &mut s);
            out.push(s);
        }
        _ => {
            for key in ["children", "rows", "cells"] {
                if let Some(children) = node["data"][key].as_array() {
                    children.iter().for_each(|c| body_paragraphs(c, out));
                }
            }
        }
    }
}

fn children(docx: &Value) -> &Vec<Value> {
    docx["document"]["children"].as_array().expect("document children")
}

fn word_tables(docx: &Value) -> Vec<&Value> {
    children(docx).iter().filter(|c| c["type"] == "table").collect()
}

/// Rows of a Word table; each row its cells as (gridSpan, vMerge, text).
fn word_rows(table: &Value) -> Vec<Vec<(u64, String, String)>> {
    table["data"]["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|row| {
            row["data"]["cells"]
                .as_array()
                .expect("cells")
                .iter()
                .map(|cell| {
                    let p = &cell["data"]["property"];
                    let mut text = String::new();
                    inline_text(cell, false, &mut text);
                    (p["gridSpan"].as_u64().unwrap_or(1), p["verticalMerge"].as_str().unwrap_or("").to_owned(), text)
                })
                .collect()
        })
        .collect()
}

// ---- tests ----

#[test]
fn every_text_in_reading_order() {
    let doc = example_doc();
    let docx = read(&render(&doc));
    let mut paragraphs = Vec::new();
    children(&docx).iter().for_each(|c| body_paragraphs(c, &mut paragraphs));
    let paragraphs: Vec<String> = paragraphs.iter().map(|p| squash(p)).collect();

    // Each expected text in a paragraph at or after the previous one's.
    let (mut at, mut offset) = (0usize, 0usize);
    for text in expected_texts(&doc) {
        let want = squash(&text);
        if want.is_empty() {
            continue;
        }
        let found = (at..paragraphs.len()).find_map(|i| {
            let from = if i == at { offset } else { 0 };
            paragraphs[i].get(from..)?.find(&want).map(|pos| (i, from + pos + want.len()))
        });
        let Some((i, end)) = found else {
            let context = paragraphs.get(at).map(String::as_str).unwrap_or("");
            panic!("{text:?} not found in order after paragraph {at} ({context:?})");
        };
        (at, offset) = (i, end);
    }
}

#[test]
fn table_of_contents_lists_every_heading() {
    let doc = example_doc();
    let docx = read(&render(&doc));
    let mut entries = Vec::new();
    for c in children(&docx) {
        if c["data"]["property"]["style"].as_str().is_some_and(|s| s.starts_with("TOC")) {
            let mut s = String::new();
            inline_text(c, true, &mut s);
            if !s.is_empty() {
                entries.push(squash(&s));
            }
        }
    }
    fn walk(s: &Section, out: &mut Vec<String>) {
        out.push(squash(&s.heading));
        s.children.iter().for_each(|c| walk(c, out));
    }
    let mut headings = Vec::new();
    doc.sections.iter().for_each(|s| walk(s, &mut headings));
    let mut rest = entries.iter();
    for h in &headings {
        assert!(rest.any(|e| e.starts_with(h.as_str())), "目录 entry for {h:?} missing or out of order");
    }

    // The field Word fills in, marked to update, and updating on open.
    let zip = render(&doc);
    let document = part(&zip, "word/document.xml");
    assert!(document.contains(r#"<w:fldChar w:fldCharType="begin" w:dirty="true" /><w:instrText>TOC \o"#));
    assert!(part(&zip, "word/settings.xml").contains(r#"<w:updateFields w:val="true" />"#));
    // Headings use the built-in styles that the navigation pane and the TOC read.
    let styles = part(&zip, "word/styles.xml");
    for level in 1..=3 {
        assert!(styles.contains(&format!(r#"w:styleId="Heading{level}"><w:name w:val="heading {level}" />"#)));
    }
}

#[test]
fn merged_headers_become_grid_spans_and_vertical_merges() {
    let doc = example_doc();
    let docx = read(&render(&doc));
    let blocks = tables_and_forms(&doc);
    let tables = word_tables(&docx);
    assert_eq!(tables.len(), blocks.len(), "one Word table per table and form");
    let (mut spans, mut merges) = (0, 0);
    for (block, word) in blocks.iter().zip(&tables) {
        let Block::Table(t) = block else { continue };
        let rows = word_rows(word);
        let header = &rows[..t.header.len()];
        for (r, row) in header.iter().enumerate() {
            let width: u64 = row.iter().map(|c| c.0).sum();
            assert_eq!(width as usize, t.columns.len(), "{}: header row {r} spans every column", t.title);
        }
        let cells: Vec<&(u64, String, String)> = header.iter().flatten().filter(|c| c.1 != "continue").collect();
        let texts: Vec<&str> = cells.iter().map(|c| c.2.as_str()).collect();
        let want: Vec<&str> = t.header.iter().flatten().map(|h| h.text.as_str()).collect();
        assert_eq!(texts, want, "{}: header texts", t.title);
        for (cell, h) in cells.iter().zip(t.header.iter().flatten()) {
            assert_eq!(cell.0, h.colspan.max(1) as u64, "{}: gridSpan of {:?}", t.title, h.text);
            assert_eq!(cell.1 == "restart", h.rowspan > 1, "{}: vMerge of {:?}", t.title, h.text);
        }
        let continued: usize = t.header.iter().flatten().map(|h| h.rowspan.max(1) as usize - 1).sum();
        assert_eq!(header.iter().flatten().filter(|c| c.1 == "continue").count(), continued, "{}", t.title);
        spans += cells.iter().filter(|c| c.0 > 1).count();
        merges += cells.iter().filter(|c| c.1 == "restart").count();
        // Body rows: one cell per column.
        for row in &rows[t.header.len()..] {
            assert_eq!(row.iter().map(|c| c.0).sum::<u64>() as usize, t.columns.len().max(1), "{}", t.title);
        }
    }
    assert!(spans > 0 && merges > 0, "the example has multi-level headers ({spans} spans, {merges} merges)");
}

#[test]
fn header_rows_repeat_on_every_page() {
    let doc = example_doc();
    let document = part(&render(&doc), "word/document.xml");
    let blocks = tables_and_forms(&doc);
    let pieces: Vec<&str> = document.split("<w:tbl>").skip(1).collect();
    assert_eq!(pieces.len(), blocks.len());
    for (block, xml) in blocks.iter().zip(pieces) {
        let table = &xml[..xml.find("</w:tbl>").expect("table end")];
        let rows: Vec<bool> = table.split("<w:tr>").skip(1).map(|r| r.contains("<w:tblHeader />")).collect();
        let header_rows = match block {
            Block::Table(t) => t.header.len(),
            _ => 0,
        };
        let want: Vec<bool> = (0..rows.len()).map(|i| i < header_rows).collect();
        assert_eq!(rows, want, "header rows marked repeating, body rows not");
    }
}

#[test]
fn wide_tables_get_landscape_sections() {
    let doc = example_doc();
    let zip = render(&doc);
    let document = part(&zip, "word/document.xml");
    // Each table's orientation is that of the next section end after it.
    let mut orientations = Vec::new();
    let mut rest = document.as_str();
    while let Some(t) = rest.find("<w:tbl>") {
        rest = &rest[t + 1..];
        let sect = rest.find("<w:pgSz").expect("a section follows every table");
        orientations.push(rest[sect..].split("/>").next().unwrap().contains(r#"w:orient="landscape""#));
    }
    let blocks = tables_and_forms(&doc);
    let want: Vec<bool> = blocks
        .iter()
        .map(|b| match b {
            Block::Table(t) => t.columns.len() > LANDSCAPE_ABOVE_COLUMNS,
            Block::Form(f) => f.columns as usize > LANDSCAPE_ABOVE_COLUMNS,
            _ => false,
        })
        .collect();
    assert_eq!(orientations, want);
    assert!(want.contains(&true), "the example has wide tables");

    // A4, and the page number in the footer from the first page after the cover.
    let sections: Vec<&str> = document.split("<w:sectPr>").skip(1).collect();
    assert!(!sections[0].contains("footerReference"), "no page number on the cover");
    assert!(sections[1].contains(r#"<w:footerReference w:type="default""#));
    assert!(sections[1].contains(r#"<w:pgNumType w:start="1" />"#));
    assert!(
        sections.iter().all(|s| s.contains(r#"w:w="11906" w:h="16838""#) || s.contains(r#"w:w="16838" w:h="11906""#))
    );
    assert!(part(&zip, "word/footer1.xml").contains("<w:instrText>PAGE</w:instrText>"));
}

#[test]
fn fonts_and_language_are_chinese() {
    let zip = render(&example_doc());
    let styles = part(&zip, "word/styles.xml");
    assert!(styles.contains(r#"w:eastAsia="仿宋_GB2312""#), "body in 仿宋_GB2312");
    assert!(styles.contains(r#"w:eastAsia="黑体""#), "headings in 黑体");
    assert!(styles.contains(r#"w:eastAsia="zh-CN""#));
    let fonts = part(&zip, "word/fontTable.xml");
    assert!(fonts.contains(r#"<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋" />"#));
}

#[test]
fn same_document_same_bytes() {
    let doc = example_doc();
    assert!(render(&doc) == render(&doc));
}
