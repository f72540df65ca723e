//! Views: what a public document shows. Tables and forms are produced by
//! `yusuan-derive` from facts, or (for audits) read from a published document,
//! and consumed by the checker and the renderers. A view is data only.

use serde::Serialize;

use crate::money::{Amount, MoneyUnit};

/// A cell's content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
pub enum Cell {
    /// Printed blank (zero in money columns).
    Empty,
    Text(String),
    /// Money, printed in the table's unit and decimals.
    Amount(Amount),
    /// A percentage already formatted with its sign (`26.74%`).
    Percent(String),
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }
    /// Blank for zero, as the tables print it.
    pub fn amount_or_blank(a: Amount) -> Cell {
        if a.is_zero() { Cell::Empty } else { Cell::Amount(a) }
    }
    pub fn as_amount(&self) -> Option<Amount> {
        match self {
            Cell::Amount(a) => Some(*a),
            _ => None,
        }
    }
    /// The cell as printed in `unit` with `decimals` (grouped thousands).
    pub fn display(&self, unit: MoneyUnit, decimals: u8) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) | Cell::Percent(s) => s.clone(),
            Cell::Amount(a) => a.format_grouped(unit, decimals),
        }
    }
}

/// The role of a body row, for styling and for rules (合计 rows, code levels).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RowKind {
    /// 合计 / 总计 / 本年收入合计 …
    Total,
    /// A 类 row (3-digit code).
    Class,
    /// A 款 row.
    Section,
    /// A 项 row, or a plain data row.
    Item,
    /// A plain line (income source, project row).
    Line,
}

/// A header cell spanning leaf columns and header rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HeaderCell {
    pub text: String,
    pub colspan: u16,
    pub rowspan: u16,
}

/// What a leaf column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ColumnKind {
    Code,
    Text,
    Amount,
}

/// A leaf column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Column {
    /// Stable key from the template (`general_budget`, `basic`, `name` …).
    pub key: String,
    /// The full header path joined with `/` (`支出（功能）/预算数`).
    pub label: String,
    pub kind: ColumnKind,
}

/// A body row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    pub kind: RowKind,
    /// The source line of a row read from a published document.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// The classification code of the row, when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    pub cells: Vec<Cell>,
}

/// A public table (公开表).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Table {
    /// Template table id (`t01` …).
    pub id: String,
    /// What the table is, whatever its title: `summary`, `expenditure_by_function` … (see the templates).
    pub role: String,
    /// 公开表 number.
    pub number: u32,
    pub title: String,
    /// `单位名称：…` line, when the template prints one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit_name: Option<String>,
    /// Money unit of the table (`单位：万元`).
    pub unit: MoneyUnit,
    pub decimals: u8,
    /// Header rows, top first; spans count leaf columns.
    pub header: Vec<Vec<HeaderCell>>,
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
    /// Printed under the header when the table has no rows (`2022年无政府性基金预算支出。`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub empty_statement: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

impl Table {
    pub fn column_index(&self, key: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.key == key)
    }
    /// The row with this code, if any.
    pub fn row_by_code(&self, code: &str) -> Option<&Row> {
        self.rows.iter().find(|r| r.code.as_deref() == Some(code))
    }
}

/// A cell of a form grid (project forms, performance-target forms).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FormCell {
    pub content: Cell,
    pub colspan: u16,
    pub rowspan: u16,
    /// A label cell (printed bold / shaded) rather than a value.
    pub label: bool,
}

impl FormCell {
    pub fn label(text: impl Into<String>) -> FormCell {
        FormCell { content: Cell::Text(text.into()), colspan: 1, rowspan: 1, label: true }
    }
    pub fn value(content: Cell) -> FormCell {
        FormCell { content, colspan: 1, rowspan: 1, label: false }
    }
    pub fn text(text: impl Into<String>) -> FormCell {
        FormCell::value(Cell::Text(text.into()))
    }
    pub fn span(mut self, colspan: u16, rowspan: u16) -> FormCell {
        self.colspan = colspan;
        self.rowspan = rowspan;
        self
    }
}

/// A form: a titled grid of cells with spans, over a fixed number of columns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Form {
    pub id: String,
    /// `department_performance` or `project_performance`.
    pub role: String,
    pub title: String,
    /// Lines printed between the title and the grid (`单位名称：（盖章）`).
    pub subtitle: Vec<String>,
    pub unit: MoneyUnit,
    pub decimals: u8,
    pub columns: u16,
    /// Relative column widths (sum arbitrary), one per column.
    pub widths: Vec<u16>,
    pub rows: Vec<Vec<FormCell>>,
}

/// A piece of narrative text: plain, or a figure derived from the facts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Span {
    Text {
        text: String,
    },
    /// A derived figure as printed (`3927.98万元`, `26.74%`), with the key of
    /// what it measures (`total`, `basic.share`, `yoy.total.rate` …) so that the
    /// checker and the renderers can trace it.
    Figure {
        key: String,
        text: String,
    },
}

impl Span {
    pub fn text(s: impl Into<String>) -> Span {
        Span::Text { text: s.into() }
    }
    pub fn as_str(&self) -> &str {
        match self {
            Span::Text { text } | Span::Figure { text, .. } => text,
        }
    }
}

/// A paragraph: a sequence of spans.
pub type Paragraph = Vec<Span>;

/// A block of a section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", content = "content", rename_all = "snake_case")]
pub enum Block {
    Paragraph(Paragraph),
    /// A list; items are already numbered in their text when the template numbers them.
    List(Vec<Paragraph>),
    Table(Table),
    Form(Form),
}

/// A section of the document (第一部分 …, 一、…, （一）…).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Section {
    /// Anchor id, stable across builds (`part2-1`).
    pub id: String,
    pub heading: String,
    /// 1 = part, 2 = section, 3 = subsection.
    pub level: u8,
    pub blocks: Vec<Block>,
    pub children: Vec<Section>,
}

/// A whole disclosure: title, table of contents (derived from sections), sections.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Document {
    /// `江汉区人民政府办公室 2022 年预算`.
    pub title: String,
    pub year: i32,
    pub department: String,
    /// The unit of narrative money figures.
    pub unit: MoneyUnit,
    pub sections: Vec<Section>,
}

impl Document {
    /// Every block of the document in reading order (a section's blocks, then its children's).
    pub fn blocks(&self) -> Vec<&Block> {
        fn walk<'a>(s: &'a Section, out: &mut Vec<&'a Block>) {
            out.extend(&s.blocks);
            for c in &s.children {
                walk(c, out);
            }
        }
        let mut out = Vec::new();
        for s in &self.sections {
            walk(s, &mut out);
        }
        out
    }

    /// Every table of the document, in order.
    pub fn tables(&self) -> Vec<&Table> {
        self.blocks().into_iter().filter_map(|b| if let Block::Table(t) = b { Some(t) } else { None }).collect()
    }

    /// Every form of the document, in order.
    pub fn forms(&self) -> Vec<&Form> {
        self.blocks().into_iter().filter_map(|b| if let Block::Form(f) = b { Some(f) } else { None }).collect()
    }
}
