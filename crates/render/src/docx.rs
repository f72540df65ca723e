//! The whole disclosure as an editable Word document (DOCX).
//!
//! Built with `docx-rs`, then a few package parts are adjusted as text where
//! the library has no API (see [`finish`]): table header rows marked to repeat
//! (`w:tblHeader`), fields updated on open (`w:updateFields`), a font table
//! naming the Chinese fonts with their Windows alternates, the document
//! language, and the title in the core properties.
//!
//! Layout, in the conventions of printed disclosures and of 公文:
//! - A4, 2.5 cm margins; body 仿宋_GB2312 三号 (16 pt) at an exact 28 pt line,
//!   first-line indent of two characters; headings in the built-in styles
//!   `heading 1`…`heading 4` (黑体 / 黑体 / 楷体_GB2312 / 仿宋 bold) so that
//!   Word's navigation pane and TOC field work; Latin text in Times New Roman;
//! - a cover (title, department; no page number), then the 目录: a real TOC
//!   field whose cached entries are written out (so it reads right before any
//!   update) and which Word refreshes on open; entries that are not headings
//!   (tables, sections whose heading is the table title) come from `TC` fields;
//! - each part, and each table or form of a table-only section, starts a new
//!   page, as in the HTML; tables and forms wider than
//!   [`LANDSCAPE_ABOVE_COLUMNS`] columns get a landscape section of their own,
//!   with a smaller font (and smaller still above [`DENSE_ABOVE_COLUMNS`]);
//! - tables: `公开表 N`, the title, `单位名称：…` and `单位：万元` on one line, merged
//!   header cells (`gridSpan` / `vMerge`) repeated on every page, amounts right
//!   aligned as printed by [`Cell::display`], 合计 rows bold, rows never split;
//! - forms: bordered grids with bold, shaded label cells and the form's
//!   relative column widths;
//! - page numbers `— N —` centred in the footer, counted from the 目录.
//!
//! Everything is text: no images, no text boxes, so the officer can edit it.

use std::collections::HashMap;
use std::io::Cursor;

use docx_rs as dx;
use yusuan_model::view::{Block, Cell, ColumnKind, Document, Form, HeaderCell, Paragraph, RowKind, Table};

use crate::grid::{self, Slot};
use crate::html::{DENSE_ABOVE_COLUMNS, LANDSCAPE_ABOVE_COLUMNS};
use crate::markdown::unit_name_line;
use crate::outline::{Item, Outline, TocEntry, table_label};

/// Renders the document as DOCX bytes.
pub fn docx(doc: &Document) -> Result<Vec<u8>, String> {
    let outline = Outline::new(doc);
    let toc = outline.toc();
    let marks: HashMap<&str, Mark> = toc
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let mark = Mark { bookmark: format!("_Toc{:08}", i + 1), text: e.text.clone(), level: e.level };
            (e.anchor.as_str(), mark)
        })
        .collect();

    let mut w = Writer::new();
    w.cover(doc);
    w.close_section();
    let mut wants_break = false;
    if !toc.is_empty() {
        w.toc(&toc, &marks);
        wants_break = true;
    }

    let mut pending: Vec<(u8, &str, Option<&Mark>)> = Vec::new();
    for item in &outline.items {
        match item {
            Item::Section { section, anchor, show_heading } => {
                if section.level <= 1 {
                    wants_break = true;
                }
                if *show_heading {
                    pending.push((section.level.clamp(1, 4), &section.heading, marks.get(anchor.as_str())));
                }
            }
            Item::Block { block, anchor, standalone, section_anchor, .. } => {
                let columns = match block {
                    Block::Table(t) => t.columns.len(),
                    Block::Form(f) => f.columns as usize,
                    Block::Paragraph(_) | Block::List(_) => 0,
                };
                let orientation =
                    if columns > LANDSCAPE_ABOVE_COLUMNS { Orientation::Landscape } else { Orientation::Portrait };
                w.begin_group(orientation, wants_break || *standalone);
                for (level, text, mark) in pending.drain(..) {
                    w.heading(level, text, mark);
                }
                // A table or form stands for the heading of its section when
                // that heading is hidden, and for its own 目录 entry.
                let block_marks: Vec<&Mark> = [section_anchor.as_deref(), anchor.as_deref()]
                    .into_iter()
                    .flatten()
                    .filter_map(|a| marks.get(a))
                    .collect();
                match block {
                    Block::Paragraph(p) => w.body(p),
                    Block::List(items) => items.iter().for_each(|p| w.body(p)),
                    Block::Table(t) => w.table(t, &block_marks, columns),
                    Block::Form(f) => w.form(f, &block_marks),
                }
                wants_break = false;
            }
        }
    }
    if !pending.is_empty() {
        w.begin_group(Orientation::Portrait, wants_break);
        for (level, text, mark) in pending.drain(..) {
            w.heading(level, text, mark);
        }
    }
    w.finish(doc)
}

// ---- geometry, fonts, styles ----

/// A4 in twips (1/20 pt).
const PAGE_SHORT: u32 = 11906;
const PAGE_LONG: u32 = 16838;
/// 2.5 cm.
const MARGIN: u32 = 1418;
/// 2 cm: landscape pages hold the wide tables, every column counts.
const WIDE_MARGIN: u32 = 1134;
/// Header and footer distance from the page edge, 1.5 cm.
const HEADER_FOOTER: i32 = 851;
/// Left and right padding inside table cells, 0.1 cm.
const CELL_PADDING: u32 = 57;

const LATIN: &str = "Times New Roman";
const FANGSONG: &str = "仿宋_GB2312";
const HEITI: &str = "黑体";
const KAITI: &str = "楷体_GB2312";
const SONGTI: &str = "宋体";

/// Font sizes in half-points (Word's unit): 三号, 小二, 二号, 四号, 五号 …
const SIZE_BODY: usize = 32;
const SIZE_PART: usize = 36;
const SIZE_COVER: usize = 44;
const SIZE_TOC: usize = 28;
const SIZE_META: usize = 21;
const SIZE_NOTE: usize = 20;
const SIZE_FOOTER: usize = 28;

/// Body line pitch: exactly 28 pt, as in 公文.
const LINE_BODY: i32 = 560;
/// Two characters of the body font.
const INDENT_BODY: i32 = 640;

const STYLE_BODY: &str = "BodyText";
const STYLE_TABLE_TITLE: &str = "TableTitle";
const STYLE_TABLE_META: &str = "TableMeta";
const STYLE_TABLE_TEXT: &str = "TableText";
const STYLE_TOC_TITLE: &str = "TocTitle";

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Orientation {
    Portrait,
    Landscape,
}

impl Orientation {
    fn margin(self) -> u32 {
        match self {
            Orientation::Portrait => MARGIN,
            Orientation::Landscape => WIDE_MARGIN,
        }
    }
    /// Width between the margins, in twips.
    fn text_width(self) -> u32 {
        match self {
            Orientation::Portrait => PAGE_SHORT - 2 * MARGIN,
            Orientation::Landscape => PAGE_LONG - 2 * WIDE_MARGIN,
        }
    }
    /// Page width and height, in twips.
    fn dimensions(self) -> (u32, u32) {
        match self {
            Orientation::Portrait => (PAGE_SHORT, PAGE_LONG),
            Orientation::Landscape => (PAGE_LONG, PAGE_SHORT),
        }
    }
    fn orient(self) -> dx::PageOrientationType {
        match self {
            Orientation::Portrait => dx::PageOrientationType::Portrait,
            Orientation::Landscape => dx::PageOrientationType::Landscape,
        }
    }
    fn page_size(self) -> dx::PageSize {
        let (w, h) = self.dimensions();
        dx::PageSize::new().size(w, h).orient(self.orient())
    }
    fn page_margin(self) -> dx::PageMargin {
        let m = self.margin() as i32;
        dx::PageMargin::new().top(m).bottom(m).left(m).right(m).header(HEADER_FOOTER).footer(HEADER_FOOTER).gutter(0)
    }
}

/// Run fonts: the Chinese face for East Asian text, Times New Roman for Latin
/// letters and digits.
fn fonts(east_asia: &str) -> dx::RunFonts {
    dx::RunFonts::new().ascii(LATIN).hi_ansi(LATIN).cs(LATIN).east_asia(east_asia)
}

fn line(rule: dx::LineSpacingType, line: i32) -> dx::LineSpacing {
    dx::LineSpacing::new().line_rule(rule).line(line).before(0).after(0)
}

fn single() -> dx::LineSpacing {
    line(dx::LineSpacingType::Auto, 240)
}

fn styles(docx: dx::Docx) -> dx::Docx {
    use dx::{AlignmentType as A, LineSpacingType as L, SpecialIndentType as I, Style, StyleType::Paragraph as P};
    let body_line = || line(L::Exact, LINE_BODY);
    let heading = |level: usize, name: &str| {
        Style::new(format!("Heading{level}"), P)
            .name(name)
            .based_on("Normal")
            .next(STYLE_BODY)
            .outline_lvl(level - 1)
            .line_spacing(body_line())
    };
    let mut docx = docx
        .default_fonts(fonts(FANGSONG))
        .default_size(SIZE_BODY)
        .add_style(
            Style::new(STYLE_BODY, P)
                .name("Body Text")
                .based_on("Normal")
                .align(A::Both)
                .line_spacing(body_line())
                .indent(None, Some(I::FirstLine(INDENT_BODY)), None, None),
        )
        .add_style(
            heading(1, "heading 1")
                .fonts(fonts(HEITI))
                .size(SIZE_PART)
                .align(A::Center)
                .line_spacing(line(L::Exact, LINE_BODY).before(240).after(360)),
        )
        .add_style(heading(2, "heading 2").fonts(fonts(HEITI)).size(SIZE_BODY).indent(
            None,
            Some(I::FirstLine(INDENT_BODY)),
            None,
            None,
        ))
        .add_style(heading(3, "heading 3").fonts(fonts(KAITI)).size(SIZE_BODY).indent(
            None,
            Some(I::FirstLine(INDENT_BODY)),
            None,
            None,
        ))
        .add_style(heading(4, "heading 4").fonts(fonts(FANGSONG)).size(SIZE_BODY).bold().indent(
            None,
            Some(I::FirstLine(INDENT_BODY)),
            None,
            None,
        ))
        .add_style(
            Style::new(STYLE_TOC_TITLE, P)
                .name("TOC Heading")
                .based_on("Normal")
                .fonts(fonts(HEITI))
                .size(SIZE_PART)
                .align(A::Center)
                .line_spacing(line(L::Auto, 240).after(480)),
        )
        .add_style(
            Style::new(STYLE_TABLE_TITLE, P)
                .name("表格标题")
                .based_on("Normal")
                .next(STYLE_TABLE_META)
                .fonts(fonts(HEITI))
                .size(SIZE_BODY)
                .align(A::Center)
                .line_spacing(line(L::Auto, 276).before(120).after(200)),
        )
        .add_style(
            Style::new(STYLE_TABLE_META, P)
                .name("表格说明")
                .based_on("Normal")
                .fonts(fonts(SONGTI))
                .size(SIZE_META)
                .line_spacing(line(L::Auto, 276).after(60)),
        )
        .add_style(
            Style::new(STYLE_TABLE_TEXT, P)
                .name("表格文字")
                .based_on("Normal")
                .fonts(fonts(SONGTI))
                .size(SIZE_META)
                .line_spacing(single()),
        );
    for level in 1..=4i32 {
        let face = if level == 1 { HEITI } else { FANGSONG };
        docx = docx.add_style(
            Style::new(format!("TOC{level}"), P)
                .name(format!("toc {level}"))
                .based_on("Normal")
                .next("Normal")
                .fonts(fonts(face))
                .size(SIZE_TOC)
                .line_spacing(line(L::Exact, 440))
                .indent(Some((level - 1) * 560), None, None, None),
        );
    }
    docx
}

// ---- the writer ----

/// What a 目录 entry needs at its target: a bookmark, and for targets that are
/// not headings, the text and level of a `TC` field.
struct Mark {
    bookmark: String,
    text: String,
    level: u8,
}

/// A paragraph or table of the section being written.
enum Child {
    P(Box<dx::Paragraph>),
    T(Box<dx::Table>),
}

struct Writer {
    docx: dx::Docx,
    children: Vec<Child>,
    orientation: Orientation,
    /// Sections closed so far (the cover is the first).
    sections: usize,
    /// Header-row count of every table, in document order (for `w:tblHeader`).
    header_rows: Vec<usize>,
    /// The next paragraph starts a new page.
    break_before: bool,
    /// Paragraph ids (`w14:paraId`) and bookmark ids assigned here, so that the
    /// same document always gives the same bytes.
    para_id: u32,
    bookmark_id: usize,
}

impl Writer {
    fn new() -> Writer {
        Writer {
            docx: styles(dx::Docx::new()),
            children: Vec::new(),
            orientation: Orientation::Portrait,
            sections: 0,
            header_rows: Vec::new(),
            break_before: false,
            // Above the ids docx-rs numbers its own paragraphs with.
            para_id: 0x1000_0000,
            bookmark_id: 0,
        }
    }

    fn para(&mut self) -> dx::Paragraph {
        self.para_id += 1;
        dx::Paragraph::new().id(format!("{:08X}", self.para_id))
    }

    fn push_p(&mut self, mut p: dx::Paragraph) {
        if std::mem::take(&mut self.break_before) {
            p = p.page_break_before(true);
        }
        self.children.push(Child::P(Box::new(p)));
    }

    fn push_t(&mut self, t: dx::Table, header_rows: usize) {
        self.header_rows.push(header_rows);
        self.children.push(Child::T(Box::new(t)));
    }

    /// Starts a run of blocks kept together: on a new page when asked, in a
    /// new section when the orientation changes (which starts a page anyway).
    fn begin_group(&mut self, orientation: Orientation, new_page: bool) {
        if orientation != self.orientation {
            if !self.children.is_empty() {
                self.close_section();
            }
            self.orientation = orientation;
            self.break_before = false;
        } else if new_page && !self.children.is_empty() {
            self.break_before = true;
        }
    }

    /// The footer, for the first section after the cover: later sections
    /// inherit it and continue its page numbering; the cover has none.
    fn first_footer(&mut self) -> Option<dx::Footer> {
        (self.sections == 1).then(|| {
            self.para_id += 1;
            footer(format!("{:08X}", self.para_id))
        })
    }

    fn close_section(&mut self) {
        let o = self.orientation;
        let mut section = dx::Section::new().page_size(o.page_size()).page_margin(o.page_margin());
        if let Some(f) = self.first_footer() {
            section = section.footer(f).page_num_type(dx::PageNumType::new().start(1));
        }
        for child in std::mem::take(&mut self.children) {
            section = match child {
                Child::P(p) => section.add_paragraph(*p),
                Child::T(t) => section.add_table(*t),
            };
        }
        let docx = std::mem::take(&mut self.docx);
        self.docx = docx.add_section(section);
        self.sections += 1;
        self.break_before = false;
    }

    fn cover(&mut self, doc: &Document) {
        let title = self
            .para()
            .align(dx::AlignmentType::Center)
            .line_spacing(line(dx::LineSpacingType::Auto, 360).before(4200).after(1200))
            .add_run(text_run(&doc.title).fonts(fonts(HEITI)).size(SIZE_COVER));
        self.push_p(title);
        if !doc.department.trim().is_empty() {
            let department = self
                .para()
                .align(dx::AlignmentType::Center)
                .line_spacing(line(dx::LineSpacingType::Auto, 360))
                .add_run(text_run(&doc.department).fonts(fonts(KAITI)).size(SIZE_BODY));
            self.push_p(department);
        }
    }

    /// The 目录: a TOC field over headings 1–4 (`\o`) and TC fields (`\l`),
    /// with hyperlinked entries (`\h`). Its cached result is written out entry
    /// by entry; the field is marked dirty so that Word refreshes the page
    /// numbers when it opens the file (LibreOffice keeps the entries and
    /// computes each `PAGEREF` itself).
    fn toc(&mut self, entries: &[TocEntry], marks: &HashMap<&str, Mark>) {
        let p = self.para().style(STYLE_TOC_TITLE).add_run(dx::Run::new().add_text("目　录"));
        self.push_p(p);
        let width = self.orientation.text_width() as usize;
        let instr = r#"TOC \o "1-4" \h \z \l "1-4""#;
        for (i, e) in entries.iter().enumerate() {
            let Some(mark) = marks.get(e.anchor.as_str()) else { continue };
            let mut p = self
                .para()
                .style(&format!("TOC{}", e.level.clamp(1, 4)))
                .add_tab(dx::Tab::new().val(dx::TabValueType::Right).leader(dx::TabLeaderType::Dot).pos(width));
            if i == 0 {
                p = p.add_run(
                    dx::Run::new()
                        .add_field_char(dx::FieldCharType::Begin, true)
                        .add_instr_text(dx::InstrText::Unsupported(xml_escape(instr)))
                        .add_field_char(dx::FieldCharType::Separate, false),
                );
            }
            let link = dx::Hyperlink::new(&mark.bookmark, dx::HyperlinkType::Anchor)
                .add_run(text_run(&e.text))
                .add_run(dx::Run::new().add_tab())
                .add_run(
                    dx::Run::new()
                        .add_field_char(dx::FieldCharType::Begin, false)
                        .add_instr_text(dx::InstrText::PAGEREF(dx::InstrPAGEREF::new(&mark.bookmark).hyperlink()))
                        .add_field_char(dx::FieldCharType::Separate, false)
                        .add_field_char(dx::FieldCharType::End, false),
                );
            p = p.add_hyperlink(link);
            self.push_p(p);
        }
        let end = self.para().style("TOC1").add_run(dx::Run::new().add_field_char(dx::FieldCharType::End, false));
        self.push_p(end);
    }

    fn heading(&mut self, level: u8, text: &str, mark: Option<&Mark>) {
        let mut p = self.para().style(&format!("Heading{level}")).keep_next(true);
        if let Some(m) = mark {
            self.bookmark_id += 1;
            p = p
                .add_bookmark_start(self.bookmark_id, &m.bookmark)
                .add_run(text_run(text))
                .add_bookmark_end(self.bookmark_id);
        } else {
            p = p.add_run(text_run(text));
        }
        self.push_p(p);
    }

    fn body(&mut self, spans: &Paragraph) {
        let mut p = self.para().style(STYLE_BODY);
        for s in spans {
            p = p.add_run(text_run(s.as_str()));
        }
        self.push_p(p);
    }

    /// A table or form title: bookmarked and carrying `TC` fields for its
    /// 目录 entries, and given the entry's outline level so that the
    /// navigation pane lists it (the TOC field does not read outline levels:
    /// no `\u`, so no entry is listed twice).
    fn title(&mut self, text: &str, marks: &[&Mark]) {
        let mut p = self.para().style(STYLE_TABLE_TITLE).keep_next(true);
        if let Some(level) = marks.iter().map(|m| m.level).min() {
            p = p.outline_lvl(level.clamp(1, 9) as usize - 1);
        }
        let first = self.bookmark_id + 1;
        for m in marks {
            self.bookmark_id += 1;
            p = p.add_bookmark_start(self.bookmark_id, &m.bookmark);
        }
        for m in marks {
            p = p.add_run(dx::Run::new().add_tc(dx::InstrTC::new(field_text(&m.text)).level(m.level as usize)));
        }
        p = p.add_run(text_run(text));
        for id in first..=self.bookmark_id {
            p = p.add_bookmark_end(id);
        }
        self.push_p(p);
    }

    fn table(&mut self, t: &Table, marks: &[&Mark], columns: usize) {
        if t.number > 0 {
            let label = table_label(t.number, "");
            let p = self
                .para()
                .style(STYLE_TABLE_META)
                .keep_next(true)
                .add_run(text_run(label.trim_end_matches('\u{3000}')).fonts(fonts(HEITI)));
            self.push_p(p);
        }
        self.title(&t.title, marks);
        let width = self.orientation.text_width();
        let unit = format!("单位：{}", t.unit.label());
        let mut meta = self.para().style(STYLE_TABLE_META).keep_next(true);
        meta = match &t.unit_name {
            Some(name) => meta
                .add_tab(dx::Tab::new().val(dx::TabValueType::Right).pos(width as usize))
                .add_run(text_run(&unit_name_line(name)))
                .add_run(dx::Run::new().add_tab())
                .add_run(text_run(&unit)),
            None => meta.align(dx::AlignmentType::Right).add_run(text_run(&unit)),
        };
        self.push_p(meta);
        let (table, header_rows) = self.data_table(t, width, font_size(columns));
        self.push_t(table, header_rows);
        for n in &t.notes {
            let p = self.para().style(STYLE_TABLE_META).add_run(text_run(n).size(SIZE_NOTE));
            self.push_p(p);
        }
    }

    fn form(&mut self, f: &Form, marks: &[&Mark]) {
        self.title(&f.title, marks);
        for s in &f.subtitle {
            let p = self.para().style(STYLE_TABLE_META).keep_next(true).add_run(text_run(s));
            self.push_p(p);
        }
        // Word wants at least one row in a table.
        if !f.rows.is_empty() {
            let width = self.orientation.text_width();
            let table = self.form_table(f, width);
            self.push_t(table, 0);
        }
    }

    /// A public table: header rows from the spanned header cells, body rows,
    /// the empty statement in a full-width row when there are no rows.
    fn data_table(&mut self, t: &Table, width: u32, size: usize) -> (dx::Table, usize) {
        let leaf_header;
        let header: &[Vec<HeaderCell>] = if t.header.is_empty() {
            leaf_header =
                vec![t.columns.iter().map(|c| HeaderCell { text: c.label.clone(), colspan: 1, rowspan: 1 }).collect()];
            &leaf_header
        } else {
            &t.header
        };
        let leaves = t.columns.len().max(t.rows.iter().map(|r| r.cells.len()).max().unwrap_or(0)).max(1);
        let slots = grid::layout(header, leaves, |h| (h.colspan, h.rowspan));
        let columns = slots.first().map_or(leaves, Vec::len).max(leaves);
        let widths = data_widths(t, columns, width, size);
        let header_look = Look { size, bold: true, align: dx::AlignmentType::Center, shade: true };

        let mut rows = Vec::new();
        for placed_row in place(&slots) {
            let cells = placed_row
                .iter()
                .map(|p| {
                    let text = p.origin.map_or("", |(r, i)| header[r][i].text.as_str());
                    self.cell(text, header_look, span_width(&widths, p.col, p.span), p)
                })
                .collect();
            rows.push(dx::TableRow::new(cells).cant_split());
        }
        let header_rows = rows.len();
        for row in &t.rows {
            let bold = row.kind == RowKind::Total;
            let cells = (0..columns)
                .map(|i| {
                    let cell = row.cells.get(i).unwrap_or(&Cell::Empty);
                    let kind = t.columns.get(i).map_or(ColumnKind::Text, |c| c.kind);
                    let align = match (cell, kind) {
                        (Cell::Amount(_) | Cell::Percent(_), _) | (Cell::Empty, ColumnKind::Amount) => {
                            dx::AlignmentType::Right
                        }
                        _ => dx::AlignmentType::Left,
                    };
                    let look = Look { size, bold, align, shade: false };
                    self.cell(&cell.display(t.unit, t.decimals), look, widths[i], &Placed::single(i))
                })
                .collect();
            rows.push(dx::TableRow::new(cells).cant_split());
        }
        if let (true, Some(s)) = (t.rows.is_empty(), &t.empty_statement) {
            let look = Look { size, bold: false, align: dx::AlignmentType::Center, shade: false };
            let whole = Placed { col: 0, span: columns, merge: Merge::None, origin: None };
            let cell = self.cell(s, look, widths.iter().sum(), &whole);
            rows.push(dx::TableRow::new(vec![cell]).cant_split().row_height(480.0));
        }
        (grid_table(rows, widths), header_rows)
    }

    /// A form: its grid of spanned cells, label cells bold and shaded.
    fn form_table(&mut self, f: &Form, width: u32) -> dx::Table {
        let slots = grid::layout(&f.rows, f.columns as usize, |c| (c.colspan, c.rowspan));
        let columns = slots.first().map_or(f.columns as usize, Vec::len).max(1);
        let weights: Vec<u32> = if f.widths.len() == columns && f.widths.iter().any(|w| *w > 0) {
            f.widths.iter().map(|w| (*w as u32).max(1)).collect()
        } else {
            vec![1; columns]
        };
        let widths = scale(&weights, width);
        let size = font_size(columns);
        let mut rows = Vec::new();
        for placed_row in place(&slots) {
            let cells = placed_row
                .iter()
                .map(|p| {
                    let cell = p.origin.map(|(r, i)| &f.rows[r][i]);
                    let text = cell.map(|c| c.content.display(f.unit, f.decimals)).unwrap_or_default();
                    let look = match cell {
                        Some(c) if c.label => Look { size, bold: true, align: dx::AlignmentType::Center, shade: true },
                        Some(c) if matches!(c.content, Cell::Amount(_) | Cell::Percent(_)) => {
                            Look { size, bold: false, align: dx::AlignmentType::Right, shade: false }
                        }
                        _ => Look { size, bold: false, align: dx::AlignmentType::Left, shade: false },
                    };
                    self.cell(&text, look, span_width(&widths, p.col, p.span), p)
                })
                .collect();
            rows.push(dx::TableRow::new(cells));
        }
        grid_table(rows, widths)
    }

    fn cell(&mut self, text: &str, look: Look, width: u32, placed: &Placed) -> dx::TableCell {
        let mut run = text_run(text);
        if look.size != SIZE_META {
            run = run.size(look.size);
        }
        if look.bold {
            run = run.bold();
        }
        let p = self.para().style(STYLE_TABLE_TEXT).align(look.align).add_run(run);
        let mut cell = dx::TableCell::new()
            .add_paragraph(p)
            .width(width as usize, dx::WidthType::Dxa)
            .vertical_align(dx::VAlignType::Center);
        if placed.span > 1 {
            cell = cell.grid_span(placed.span);
        }
        match placed.merge {
            Merge::None => {}
            Merge::Restart => cell = cell.vertical_merge(dx::VMergeType::Restart),
            Merge::Continue => cell = cell.vertical_merge(dx::VMergeType::Continue),
        }
        if look.shade {
            cell = cell.shading(dx::Shading::new().shd_type(dx::ShdType::Clear).color("auto").fill("F2F2F2"));
        }
        cell
    }

    fn finish(mut self, doc: &Document) -> Result<Vec<u8>, String> {
        // The body ends with a paragraph (Word's rule), a tiny one after a table.
        if !matches!(self.children.last(), Some(Child::P(_))) {
            let p = self.para().size(2).line_spacing(single());
            self.children.push(Child::P(Box::new(p)));
        }
        let o = self.orientation;
        let (w, h) = o.dimensions();
        let footer = self.first_footer();
        let mut docx =
            std::mem::take(&mut self.docx).page_size(w, h).page_orient(o.orient()).page_margin(o.page_margin());
        if let Some(f) = footer {
            docx = docx.footer(f).page_num_type(dx::PageNumType::new().start(1));
        }
        for child in std::mem::take(&mut self.children) {
            docx = match child {
                Child::P(p) => docx.add_paragraph(*p),
                Child::T(t) => docx.add_table(*t),
            };
        }
        finish(docx.build(), &self.header_rows, doc)
    }
}

/// `— N —`, centred.
fn footer(id: String) -> dx::Footer {
    let look = |run: dx::Run| run.fonts(fonts(SONGTI)).size(SIZE_FOOTER);
    let p = dx::Paragraph::new()
        .id(id)
        .align(dx::AlignmentType::Center)
        .add_run(look(dx::Run::new().add_text("— ")))
        .add_run(look(
            dx::Run::new()
                .add_field_char(dx::FieldCharType::Begin, false)
                .add_instr_text(dx::InstrText::PAGE(dx::InstrPAGE::new()))
                .add_field_char(dx::FieldCharType::Separate, false)
                .add_text("1")
                .add_field_char(dx::FieldCharType::End, false),
        ))
        .add_run(look(dx::Run::new().add_text(" —")));
    dx::Footer::new().add_paragraph(p)
}

/// A run of text; line breaks become `w:br`, characters XML cannot carry are
/// dropped. The `eastAsia` hint makes Word set quotes and dashes shared by
/// both scripts (“”、—) in the Chinese face.
fn text_run(text: &str) -> dx::Run {
    let mut run = dx::Run::new().fonts(dx::RunFonts::new().hint("eastAsia"));
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            run = run.add_break(dx::BreakType::TextWrapping);
        }
        let line: String = line.chars().filter(|c| !c.is_control() || *c == '\t').collect();
        if !line.is_empty() {
            run = run.add_text(line);
        }
    }
    run
}

/// Text for a quoted field argument (`TC "…"`): Word escapes `"` and `\` with a backslash.
fn field_text(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_control())
        .flat_map(|c| match c {
            '"' | '\\' => vec!['\\', c],
            c => vec![c],
        })
        .collect()
}

fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if c.is_control() && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

// ---- tables ----

#[derive(Clone, Copy)]
struct Look {
    size: usize,
    bold: bool,
    align: dx::AlignmentType,
    shade: bool,
}

/// Table font size by number of leaf columns, as the HTML shrinks wide tables.
fn font_size(columns: usize) -> usize {
    if columns > DENSE_ABOVE_COLUMNS {
        16
    } else if columns > LANDSCAPE_ABOVE_COLUMNS {
        18
    } else {
        SIZE_META
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Merge {
    None,
    Restart,
    Continue,
}

/// One Word cell of a grid row: the grid column it starts at, the columns it
/// spans (`gridSpan`), its vertical merge, and the cell whose text it shows.
#[derive(Debug)]
struct Placed {
    col: usize,
    span: usize,
    merge: Merge,
    /// (row, index) of the source cell; `None` for a continuation or a vacancy.
    origin: Option<(usize, usize)>,
}

impl Placed {
    fn single(col: usize) -> Placed {
        Placed { col, span: 1, merge: Merge::None, origin: None }
    }
}

/// Word cells from a grid of slots: a cell spanning columns is one cell with
/// `gridSpan`; a cell spanning rows is `vMerge="restart"` in its first row and
/// `vMerge="continue"` (same span) in the rows below.
fn place(slots: &[Vec<Slot>]) -> Vec<Vec<Placed>> {
    let key = |s: Slot| match s {
        Slot::Origin { row, index } | Slot::Covered { row, index } => Some((row, index)),
        Slot::Vacant => None,
    };
    let covered_by = |s: Slot, k: (usize, usize)| matches!(s, Slot::Covered { row, index } if (row, index) == k);
    slots
        .iter()
        .enumerate()
        .map(|(r, row)| {
            let mut out = Vec::new();
            let mut c = 0;
            while c < row.len() {
                let slot = row[c];
                let mut span = 1;
                if let Some(k) = key(slot) {
                    while c + span < row.len() && covered_by(row[c + span], k) {
                        span += 1;
                    }
                }
                let placed = match slot {
                    Slot::Origin { row: sr, index } => {
                        let continues = slots.get(r + 1).is_some_and(|below| covered_by(below[c], (sr, index)));
                        let merge = if continues { Merge::Restart } else { Merge::None };
                        Placed { col: c, span, merge, origin: Some((sr, index)) }
                    }
                    Slot::Covered { row: sr, .. } if sr < r => {
                        Placed { col: c, span, merge: Merge::Continue, origin: None }
                    }
                    _ => Placed { col: c, span, merge: Merge::None, origin: None },
                };
                out.push(placed);
                c += span;
            }
            out
        })
        .collect()
}

fn span_width(widths: &[u32], col: usize, span: usize) -> u32 {
    widths[col..(col + span).min(widths.len())].iter().sum()
}

/// A bordered, centred, fixed-layout table over a column grid.
fn grid_table(rows: Vec<dx::TableRow>, widths: Vec<u32>) -> dx::Table {
    use dx::TableBorderPosition as B;
    let total: u32 = widths.iter().sum();
    let mut borders = dx::TableBorders::new();
    for position in [B::Top, B::Left, B::Bottom, B::Right, B::InsideH, B::InsideV] {
        borders = borders.set(dx::TableBorder::new(position).size(4).color("000000"));
    }
    dx::Table::new(rows)
        .set_grid(widths.iter().map(|w| *w as usize).collect())
        .width(total as usize, dx::WidthType::Dxa)
        .align(dx::TableAlignmentType::Center)
        .layout(dx::TableLayoutType::Fixed)
        .margins(dx::TableCellMargins::new().margin(20, CELL_PADDING as usize, 20, CELL_PADDING as usize))
        .set_borders(borders)
}

/// Approximate printed width of `s` in twips at `size` half-points: CJK a
/// full em, Latin letters and digits half an em.
fn measure(s: &str, size: usize) -> u32 {
    let em = size as u32 * 10;
    s.lines().map(|l| l.chars().map(|c| if c.is_ascii() { em / 2 } else { em }).sum::<u32>()).max().unwrap_or(0)
}

/// Column widths of a public table within `total` twips: weights as in the
/// HTML (amounts alike, text after its longest entry, codes narrow), but no
/// code or amount column narrower than its longest printed value, so that
/// figures never wrap.
fn data_widths(t: &Table, columns: usize, total: u32, size: usize) -> Vec<u32> {
    let pad = 2 * CELL_PADDING + 60;
    let mut weights = Vec::with_capacity(columns);
    let mut mins = Vec::with_capacity(columns);
    for i in 0..columns {
        let kind = t.columns.get(i).map_or(ColumnKind::Text, |c| c.kind);
        let texts: Vec<String> =
            t.rows.iter().filter_map(|r| r.cells.get(i)).map(|c| c.display(t.unit, t.decimals)).collect();
        let widest = texts.iter().map(|s| measure(s, size)).max().unwrap_or(0);
        match kind {
            ColumnKind::Code => {
                weights.push(10);
                mins.push(widest + pad);
            }
            ColumnKind::Amount => {
                weights.push(14);
                mins.push(widest.max(measure("0,000.00", size)) + pad);
            }
            ColumnKind::Text => {
                let longest = texts.iter().map(|s| s.chars().count()).max().unwrap_or(4) as u32;
                weights.push((longest * 10 / 4).clamp(15, 40));
                mins.push(widest.min(size as u32 * 10 * 4) + pad);
            }
        }
    }
    fit(&weights, &mins, total)
}

/// Widths proportional to `weights` summing to `total`, none below its
/// minimum (columns held at their minimum give up their share). When even the
/// minimums do not fit, the minimums (the table then runs into the margin).
fn fit(weights: &[u32], mins: &[u32], total: u32) -> Vec<u32> {
    let n = weights.len();
    if mins.iter().sum::<u32>() >= total {
        return mins.to_vec();
    }
    let mut fixed = vec![false; n];
    loop {
        let free_total = total - (0..n).filter(|i| fixed[*i]).map(|i| mins[i]).sum::<u32>();
        let free_weight: u32 = (0..n).filter(|i| !fixed[*i]).map(|i| weights[i].max(1)).sum();
        let widths: Vec<u32> = (0..n)
            .map(|i| if fixed[i] { mins[i] } else { free_total * weights[i].max(1) / free_weight.max(1) })
            .collect();
        let short: Vec<usize> = (0..n).filter(|i| !fixed[*i] && widths[*i] < mins[*i]).collect();
        if short.is_empty() {
            return round_to(widths, total);
        }
        for i in short {
            fixed[i] = true;
        }
    }
}

/// Relative weights scaled to `total` twips.
fn scale(weights: &[u32], total: u32) -> Vec<u32> {
    let sum: u32 = weights.iter().sum::<u32>().max(1);
    round_to(weights.iter().map(|w| total * w / sum).collect(), total)
}

/// Gives the rounding remainder to the widest column, so that the columns sum
/// to exactly `total`.
fn round_to(mut widths: Vec<u32>, total: u32) -> Vec<u32> {
    let sum: u32 = widths.iter().sum();
    if let (true, Some(widest)) = (sum < total, widths.iter().enumerate().max_by_key(|(_, w)| **w).map(|(i, _)| i)) {
        widths[widest] += total - sum;
    }
    widths
}

// ---- package parts docx-rs has no API for ----

/// Marks table header rows as repeating, asks Word to update fields (the TOC)
/// on open, declares the fonts with their Windows alternates and the Chinese
/// language, sets the title, and zips the package.
fn finish(mut parts: dx::XMLDocx, header_rows: &[usize], doc: &Document) -> Result<Vec<u8>, String> {
    let document = String::from_utf8(std::mem::take(&mut parts.document)).map_err(|e| e.to_string())?;
    let document = order_section_properties(&mark_header_rows(&document, header_rows)?);
    // The empty paragraph docx-rs ends each section with: one point high, so
    // that after a table filling its page it cannot spill onto a blank one.
    let tiny = r#"<w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto" /><w:rPr><w:sz w:val="2" /><w:szCs w:val="2" /></w:rPr><w:sectPr>"#;
    parts.document = document.replace("<w:pPr><w:sectPr>", tiny).into_bytes();

    let settings = String::from_utf8(std::mem::take(&mut parts.settings)).map_err(|e| e.to_string())?;
    parts.settings = insert_before(&settings, &["<w:compat", "</w:settings>"], r#"<w:updateFields w:val="true" />"#)
        .ok_or("DOCX: settings part without </w:settings>")?
        .into_bytes();

    let styles = String::from_utf8(std::mem::take(&mut parts.styles)).map_err(|e| e.to_string())?;
    parts.styles = add_language(&styles).ok_or("DOCX: styles part without default run properties")?.into_bytes();

    parts.font_table = FONT_TABLE.as_bytes().to_vec();

    let core = String::from_utf8(std::mem::take(&mut parts.doc_props.core)).map_err(|e| e.to_string())?;
    let mut core = core.replace(
        "<dc:creator>unknown</dc:creator>",
        &format!("<dc:creator>{}</dc:creator>", xml_escape(&doc.department)),
    );
    core =
        core.replace("<cp:lastModifiedBy>unknown</cp:lastModifiedBy>", "<cp:lastModifiedBy>yusuan</cp:lastModifiedBy>");
    let title = format!("<dc:title>{}</dc:title>", xml_escape(&doc.title));
    parts.doc_props.core = insert_before(&core, &["</cp:coreProperties>"], &title).unwrap_or(core).into_bytes();

    let mut out = Cursor::new(Vec::new());
    parts.pack(&mut out).map_err(|e| format!("DOCX: {e}"))?;
    deflate(&out.into_inner()).map_err(|e| format!("DOCX: {e}"))
}

/// docx-rs stores its parts uncompressed (a ~1 MB file for a disclosure); Word and WPS expect deflated parts
/// and upload limits of government sites are small, so the package is rewritten with every part deflated.
fn deflate(stored: &[u8]) -> zip::result::ZipResult<Vec<u8>> {
    use std::io::{Read, Write};
    let mut archive = zip::ZipArchive::new(Cursor::new(stored))?;
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::with_capacity(stored.len() / 4)));
    let options: zip::write::SimpleFileOptions =
        zip::write::FileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let mut buf = Vec::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i)?;
        buf.clear();
        entry.read_to_end(&mut buf)?;
        out.start_file(entry.name().to_owned(), options)?;
        out.write_all(&buf)?;
    }
    Ok(out.finish()?.into_inner())
}

/// Adds `<w:tblHeader />` to the first `header_rows[i]` rows of the i-th table
/// of the document part. Tables are never nested here, so the i-th `<w:tbl>`
/// is the i-th table written; every row has a `<w:trPr>` (all carry
/// `cantSplit` or are empty).
fn mark_header_rows(xml: &str, header_rows: &[usize]) -> Result<String, String> {
    const TABLE: &str = "<w:tbl>";
    const ROW_PROPERTY: &str = "<w:trPr";
    let mut out = String::with_capacity(xml.len() + header_rows.iter().sum::<usize>() * 40);
    let mut counts = header_rows.iter();
    let mut pending = 0usize;
    let mut rest = xml;
    loop {
        let next_table = rest.find(TABLE);
        let next_row = if pending > 0 { rest.find(ROW_PROPERTY) } else { None };
        match (next_table, next_row) {
            (Some(t), r) if r.is_none_or(|r| t < r) => {
                let end = t + TABLE.len();
                out.push_str(&rest[..end]);
                rest = &rest[end..];
                pending = *counts.next().ok_or("DOCX: more tables written than recorded")?;
            }
            (_, Some(r)) => {
                out.push_str(&rest[..r]);
                rest = &rest[r..];
                if let Some(after) = rest.strip_prefix("<w:trPr />") {
                    out.push_str("<w:trPr><w:tblHeader /></w:trPr>");
                    rest = after;
                } else if let Some(after) = rest.strip_prefix("<w:trPr>") {
                    out.push_str("<w:trPr><w:tblHeader />");
                    rest = after;
                } else {
                    return Err("DOCX: unexpected table row properties".into());
                }
                pending -= 1;
            }
            _ => break,
        }
    }
    out.push_str(rest);
    if counts.next().is_some() {
        return Err("DOCX: fewer tables written than recorded".into());
    }
    Ok(out)
}

/// Puts the children of every `w:sectPr` in the order of the schema: docx-rs
/// writes the footer reference and the page numbering after `w:cols`, where
/// strict readers expect the references first and `w:pgNumType` before
/// `w:cols`. Only section properties made of empty elements (all of ours) are
/// reordered; anything else is left as written.
fn order_section_properties(xml: &str) -> String {
    const ORDER: [&str; 19] = [
        "headerReference",
        "footerReference",
        "footnotePr",
        "endnotePr",
        "type",
        "pgSz",
        "pgMar",
        "paperSrc",
        "pgBorders",
        "lnNumType",
        "pgNumType",
        "cols",
        "formProt",
        "vAlign",
        "noEndnote",
        "titlePg",
        "textDirection",
        "bidi",
        "docGrid",
    ];
    const OPEN: &str = "<w:sectPr>";
    const CLOSE: &str = "</w:sectPr>";
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    while let Some(start) = rest.find(OPEN) {
        let inner_start = start + OPEN.len();
        let Some(len) = rest[inner_start..].find(CLOSE) else { break };
        let inner = &rest[inner_start..inner_start + len];
        out.push_str(&rest[..inner_start]);
        let elements: Vec<&str> = inner.split_inclusive("/>").collect();
        let simple = elements.iter().all(|e| e.starts_with("<w:") && e.matches('<').count() == 1);
        if simple {
            let rank = |e: &&str| {
                let name = e[3..].split([' ', '/']).next().unwrap_or("");
                ORDER.iter().position(|n| *n == name).unwrap_or(ORDER.len())
            };
            let mut sorted = elements.clone();
            sorted.sort_by_key(rank);
            sorted.iter().for_each(|e| out.push_str(e));
        } else {
            out.push_str(inner);
        }
        rest = &rest[inner_start + len..];
    }
    out.push_str(rest);
    out
}

/// Inserts `what` before the first of `anchors` found in `xml`.
fn insert_before(xml: &str, anchors: &[&str], what: &str) -> Option<String> {
    let at = anchors.iter().find_map(|a| xml.find(a))?;
    Some(format!("{}{}{}", &xml[..at], what, &xml[at..]))
}

/// Declares Chinese as the East Asian language of the default run properties
/// (line breaking, punctuation, proofing).
fn add_language(styles: &str) -> Option<String> {
    const LANG: &str = r#"<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA" />"#;
    let start = styles.find("<w:rPrDefault>")?;
    let end = start + styles[start..].find("</w:rPrDefault>")?;
    let inner = &styles[start..end];
    let replaced = if let Some(close) = inner.rfind("</w:rPr>") {
        format!("{}{LANG}{}", &inner[..close], &inner[close..])
    } else {
        inner.replacen("<w:rPr />", &format!("<w:rPr>{LANG}</w:rPr>"), 1)
    };
    Some(format!("{}{}{}", &styles[..start], replaced, &styles[end..]))
}

/// The fonts used, with the names Windows knows them by when the GB2312
/// variants are not installed (Word substitutes `altName`).
const FONT_TABLE: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
    r#"<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" "#,
    r#"xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#,
    r#"<w:font w:name="Times New Roman"><w:panose1 w:val="02020603050405020304" /><w:charset w:val="00" />"#,
    r#"<w:family w:val="roman" /><w:pitch w:val="variable" /></w:font>"#,
    r#"<w:font w:name="宋体"><w:altName w:val="SimSun" /><w:panose1 w:val="02010600030101010101" />"#,
    r#"<w:charset w:val="86" /><w:family w:val="auto" /><w:pitch w:val="variable" /></w:font>"#,
    r#"<w:font w:name="黑体"><w:altName w:val="SimHei" /><w:panose1 w:val="02010609060101010101" />"#,
    r#"<w:charset w:val="86" /><w:family w:val="modern" /><w:pitch w:val="fixed" /></w:font>"#,
    r#"<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋" /><w:panose1 w:val="02010609030101010101" />"#,
    r#"<w:charset w:val="86" /><w:family w:val="modern" /><w:pitch w:val="fixed" /></w:font>"#,
    r#"<w:font w:name="楷体_GB2312"><w:altName w:val="楷体" /><w:panose1 w:val="02010609030101010101" />"#,
    r#"<w:charset w:val="86" /><w:family w:val="modern" /><w:pitch w:val="fixed" /></w:font>"#,
    r#"<w:font w:name="Symbol"><w:panose1 w:val="05050102010706020507" /><w:charset w:val="02" />"#,
    r#"<w:family w:val="roman" /><w:pitch w:val="variable" /></w:font>"#,
    r#"<w:font w:name="Arial"><w:panose1 w:val="020B0604020202020204" /><w:charset w:val="00" />"#,
    r#"<w:family w:val="swiss" /><w:pitch w:val="variable" /></w:font>"#,
    r#"</w:fonts>"#
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_merged_cells() {
        // | A (rowspan 2) | B (colspan 2) |
        // |               | C   | D       |
        let rows = vec![vec![("A", 1, 2), ("B", 2, 1)], vec![("C", 1, 1), ("D", 1, 1)]];
        let slots = grid::layout(&rows, 3, |c| (c.1, c.2));
        let placed = place(&slots);
        type Summary = (usize, usize, Merge, Option<(usize, usize)>);
        let summary: Vec<Vec<Summary>> =
            placed.iter().map(|r| r.iter().map(|p| (p.col, p.span, p.merge, p.origin)).collect()).collect();
        assert_eq!(
            summary,
            vec![
                vec![(0, 1, Merge::Restart, Some((0, 0))), (1, 2, Merge::None, Some((0, 1)))],
                vec![
                    (0, 1, Merge::Continue, None),
                    (1, 1, Merge::None, Some((1, 0))),
                    (2, 1, Merge::None, Some((1, 1)))
                ],
            ]
        );
    }

    #[test]
    fn fits_widths() {
        assert_eq!(fit(&[1, 1], &[0, 0], 100), vec![50, 50]);
        // The second column needs 80: it keeps its minimum, the first gets the rest.
        assert_eq!(fit(&[1, 1], &[0, 80], 100), vec![20, 80]);
        assert_eq!(fit(&[1, 1], &[60, 60], 100), vec![60, 60]);
        assert_eq!(scale(&[1, 2], 10).iter().sum::<u32>(), 10);
    }

    #[test]
    fn marks_header_rows() {
        let xml = "<w:tbl><w:tr><w:trPr /></w:tr><w:tr><w:trPr><w:cantSplit /></w:trPr></w:tr></w:tbl>\
                   <w:tbl><w:tr><w:trPr><w:cantSplit /></w:trPr></w:tr></w:tbl>";
        let out = mark_header_rows(xml, &[1, 0]).unwrap();
        assert_eq!(out.matches("<w:tblHeader />").count(), 1);
        assert!(out.starts_with("<w:tbl><w:tr><w:trPr><w:tblHeader /></w:trPr>"));
        assert!(mark_header_rows(xml, &[1]).is_err());
        assert!(mark_header_rows(xml, &[1, 0, 2]).is_err());
    }

    #[test]
    fn orders_section_properties() {
        let xml = r#"<w:p><w:sectPr><w:pgSz w:w="1" /><w:cols w:num="1" /><w:footerReference r:id="f" /><w:pgNumType w:start="1" /></w:sectPr></w:p>"#;
        assert_eq!(
            order_section_properties(xml),
            r#"<w:p><w:sectPr><w:footerReference r:id="f" /><w:pgSz w:w="1" /><w:pgNumType w:start="1" /><w:cols w:num="1" /></w:sectPr></w:p>"#
        );
        let nested = "<w:sectPr><w:x><w:y /></w:x></w:sectPr>";
        assert_eq!(order_section_properties(nested), nested);
    }

    /// Odd shapes: no header rows, stray cells, no rows, a wide table last,
    /// a form without rows, text XML must escape or cannot carry.
    #[test]
    fn odd_documents_still_make_a_document() {
        use yusuan_model::view::{Column, FormCell, Row, Section, Span};
        use yusuan_model::{Amount, MoneyUnit};
        let column = |key: &str, kind| Column { key: key.into(), label: key.into(), kind };
        let row = |cells| Row { kind: RowKind::Item, line: None, code: None, cells };
        let table = |columns: usize, rows: Vec<Row>| Table {
            id: "t".into(),
            role: "x".into(),
            number: 1,
            title: "表".into(),
            unit_name: Some("某单位".into()),
            unit: MoneyUnit::WanYuan,
            decimals: 2,
            header: Vec::new(),
            columns: (0..columns).map(|i| column(&format!("c{i}"), ColumnKind::Amount)).collect(),
            rows,
            empty_statement: Some("无数据。".into()),
            notes: vec!["注：a<b & c>\"d\"\u{1}".into()],
        };
        let one = table(1, vec![row(vec![Cell::Amount(Amount::from_fen(1)), Cell::text("多余")])]);
        let empty = table(0, Vec::new());
        let wide = table(12, vec![row(vec![Cell::Percent("1%".into())])]);
        let form = |rows| Form {
            id: "f".into(),
            role: "project_performance".into(),
            title: "表".into(),
            subtitle: Vec::new(),
            unit: MoneyUnit::WanYuan,
            decimals: 2,
            columns: 2,
            widths: vec![1],
            rows,
        };
        let spanned = form(vec![vec![FormCell::label("a").span(3, 3)], vec![FormCell::text("b\nc")]]);
        let section = |heading: &str, blocks| Section {
            id: "s".into(),
            heading: heading.into(),
            level: 1,
            blocks,
            children: Vec::new(),
        };
        let text = Block::Paragraph(vec![Span::text("x<y>&\"z\"\u{7}")]);
        let doc = |sections| Document {
            title: "标题 & <测试>".into(),
            year: 2022,
            department: "d".into(),
            unit: MoneyUnit::WanYuan,
            sections,
        };
        for d in [
            doc(Vec::new()),
            doc(vec![section("空", Vec::new())]),
            doc(vec![
                section("一\"二\\", vec![text, Block::Table(one), Block::Table(empty)]),
                section("表", vec![Block::Form(spanned), Block::Form(form(Vec::new())), Block::Table(wide)]),
            ]),
        ] {
            let bytes = docx(&d).expect("renders");
            let back = dx::read_docx(&bytes).expect("reads back");
            let json = back.json();
            // Escaped on the way out, unescaped on the way in; control characters dropped.
            for n in d.tables().iter().flat_map(|t| &t.notes) {
                let clean: String = n.chars().filter(|c| !c.is_control()).collect();
                let quoted = serde_json::to_string(&clean).unwrap();
                assert!(json.contains(&quoted[1..quoted.len() - 1]), "{clean}");
            }
        }
    }

    #[test]
    fn escapes_field_text() {
        assert_eq!(field_text(r#"a"b\c"#), r#"a\"b\\c"#);
        assert_eq!(xml_escape(r#"TOC \o "1-4""#), r#"TOC \o &quot;1-4&quot;"#);
    }
}
