//! What the rules read: facts (when checking a package), table and form views,
//! the figures the narrative states (claims), and the narrative paragraphs.
//!
//! A package gives all of them (views and narrative derived from its facts);
//! a published document gives views, claims and paragraphs read from it; a
//! fixture gives whatever it states. Rules declare their needs; the engine
//! skips a rule whose needs are absent.

use yusuan_model::view::{Block, Cell, Document, Form, RowKind, Section, Span, Table};
use yusuan_model::{Amount, Budget, Catalog, Figure, FigureUnit, Interval, MoneyUnit};

use crate::finding::{CellRef, Location, TextRef};
use crate::rule::Need;

/// A figure the narrative states, with the key of what it measures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    /// What the figure measures (`total`, `basic.share`, `total.rate`, `func.213` …; see `yusuan-derive`'s figures).
    pub key: String,
    /// As printed (`3927.98`, `47.72%`, `增加`).
    pub text: String,
    pub value: ClaimValue,
    /// Words printed next to the figure that name what it is (`其他支出` in `其他支出 2728.8 万元`), when known.
    pub label: Option<String>,
    pub location: Location,
}

/// The value of a claim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClaimValue {
    Money(Figure),
    Percent(Figure),
    /// A direction word (增加 / 减少 / 持平) or other word.
    Word(String),
}

/// A narrative paragraph (or list item) with its place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    pub section: String,
    pub heading: String,
    pub index: usize,
    pub text: String,
    /// The source line, when read from a published document.
    pub line: Option<usize>,
}

impl Paragraph {
    /// The location of characters [start, end) of this paragraph.
    pub fn span(&self, start: usize, end: usize) -> Location {
        Location::Text {
            text: TextRef { section: self.section.clone(), paragraph: self.index, start, end },
            heading: self.heading.clone(),
            excerpt: self.text.chars().skip(start).take(end.saturating_sub(start)).collect(),
            line: self.line,
        }
    }
}

/// Which parts of the facts are present.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FactParts {
    pub line_items: bool,
    pub projects: bool,
    pub staffing: bool,
    pub contact: bool,
    pub performance: bool,
    pub income: bool,
}

impl FactParts {
    pub const ALL: FactParts =
        FactParts { line_items: true, projects: true, staffing: true, contact: true, performance: true, income: true };
}

/// (file, needle) → the first line containing it: (0-based index, byte offset).
type LinesFound = std::collections::HashMap<(String, String), Option<(usize, usize)>>;

/// A value shared between rules (see [`Input::memo`]).
type MemoCell = std::sync::OnceLock<std::sync::Arc<dyn std::any::Any + Send + Sync>>;

/// Everything a check reads.
pub struct Input<'a> {
    pub budget: Option<&'a Budget>,
    pub facts: FactParts,
    pub catalog: &'a Catalog,
    pub year: Option<i32>,
    /// Region and template id, for severity overrides.
    pub region: Option<String>,
    pub template: Option<String>,
    pub tables: Vec<Table>,
    pub forms: Vec<Form>,
    pub claims: Vec<Claim>,
    pub paragraphs: Vec<Paragraph>,
    /// The package directory, for file locations of facts.
    pub package_dir: Option<String>,
    /// Texts of the package's files by name (`projects.toml` …), to locate facts by line.
    pub files: std::collections::BTreeMap<String, String>,
    /// The own budgets (单位预算) of the department's units, when checking a department against them.
    pub units: Vec<&'a Budget>,
    /// Answers of [`Input::first_line_containing`]: (file, needle) → (line, byte offset).
    lines_found: std::sync::Mutex<LinesFound>,
    /// Values computed once per input and shared by several rules (see [`Input::memo`]).
    memo: std::sync::Mutex<std::collections::HashMap<std::any::TypeId, std::sync::Arc<MemoCell>>>,
}

impl<'a> Input<'a> {
    /// An input with no views and no facts.
    pub fn empty(catalog: &'a Catalog) -> Input<'a> {
        Input {
            budget: None,
            facts: FactParts::default(),
            catalog,
            year: None,
            region: None,
            template: None,
            tables: Vec::new(),
            forms: Vec::new(),
            claims: Vec::new(),
            paragraphs: Vec::new(),
            package_dir: None,
            files: Default::default(),
            units: Vec::new(),
            lines_found: Default::default(),
            memo: Default::default(),
        }
    }

    /// The input of a package: its facts and the document derived from them.
    pub fn from_package(
        budget: &'a Budget,
        catalog: &'a Catalog,
        document: &Document,
        dir: Option<String>,
    ) -> Input<'a> {
        let mut input = Input::empty(catalog);
        input.budget = Some(budget);
        input.facts = FactParts::ALL;
        input.year = Some(budget.meta.year);
        input.region = Some(budget.department.region.clone());
        input.template = Some(budget.meta.template.clone());
        input.package_dir = dir;
        input.add_document(document);
        input
    }

    /// Adds the views, claims and paragraphs of a document.
    pub fn add_document(&mut self, doc: &Document) {
        fn walk(input: &mut Input, doc: &Document, s: &Section) {
            let mut index = 0;
            for b in &s.blocks {
                match b {
                    Block::Paragraph(p) => {
                        input.add_paragraph(doc, s, index, p);
                        index += 1;
                    }
                    Block::List(items) => {
                        for p in items {
                            input.add_paragraph(doc, s, index, p);
                            index += 1;
                        }
                    }
                    Block::Table(t) => input.tables.push(t.clone()),
                    Block::Form(f) => input.forms.push(f.clone()),
                }
            }
            for c in &s.children {
                walk(input, doc, c);
            }
        }
        for s in &doc.sections {
            walk(self, doc, s);
        }
    }

    fn add_paragraph(&mut self, doc: &Document, s: &Section, index: usize, spans: &[Span]) {
        let mut text = String::new();
        let mut pos = 0;
        let mut previous_text = "";
        for span in spans {
            let len = span.as_str().chars().count();
            if let Span::Figure { key, text: t } = span {
                let location = Location::Text {
                    text: TextRef { section: s.id.clone(), paragraph: index, start: pos, end: pos + len },
                    heading: s.heading.clone(),
                    excerpt: t.clone(),
                    line: None,
                };
                let label = label_before(previous_text);
                self.claims.push(Claim {
                    key: key.clone(),
                    text: t.clone(),
                    value: claim_value(key, t, doc.unit),
                    label,
                    location,
                });
            }
            if let Span::Text { text } = span {
                previous_text = text;
            }
            text.push_str(span.as_str());
            pos += len;
        }
        self.paragraphs.push(Paragraph { section: s.id.clone(), heading: s.heading.clone(), index, text, line: None });
    }

    pub fn has(&self, need: Need) -> bool {
        match need {
            Need::Table(role) => self.table(role).is_some(),
            Need::AnyTable(roles) => roles.iter().any(|r| self.table(r).is_some()),
            Need::Form(role) => self.forms.iter().any(|f| f.role == role),
            Need::Claims => !self.claims.is_empty(),
            Need::Paragraphs => !self.paragraphs.is_empty(),
            Need::LineItems => self.budget.is_some() && self.facts.line_items,
            Need::Projects => self.budget.is_some() && self.facts.projects,
            Need::Staffing => self.budget.is_some() && self.facts.staffing,
            Need::Contact => self.budget.is_some() && self.facts.contact,
            Need::DepartmentPerformance => self.budget.is_some() && self.facts.performance,
            Need::Income => self.budget.is_some() && self.facts.income,
            Need::Units => self.budget.is_some() && self.facts.line_items && !self.units.is_empty(),
        }
    }

    /// A value derived from the input, computed by the first rule that asks and
    /// shared with the others (one value per type `T`).
    pub fn memo<T: std::any::Any + Send + Sync>(&self, make: impl FnOnce() -> T) -> std::sync::Arc<T> {
        let cell = {
            let mut map = self.memo.lock().unwrap_or_else(|e| e.into_inner());
            map.entry(std::any::TypeId::of::<T>()).or_default().clone()
        };
        // Computed once; a rule on another thread asking meanwhile waits for it.
        let value = cell.get_or_init(|| std::sync::Arc::new(make()));
        value.clone().downcast::<T>().unwrap_or_else(|_| unreachable!("memo cells are keyed by their type"))
    }

    /// The facts; rules call this only after declaring a facts need.
    pub fn budget(&self) -> &Budget {
        self.budget.expect("a rule that reads facts declares a facts need")
    }

    /// The first table of a role.
    pub fn table(&self, role: &str) -> Option<&Table> {
        self.tables.iter().find(|t| t.role == role)
    }

    pub fn forms(&self, role: &'a str) -> impl Iterator<Item = &Form> + '_ {
        self.forms.iter().filter(move |f| f.role == role)
    }

    pub fn claim(&self, key: &str) -> Option<&Claim> {
        self.claims.iter().find(|c| c.key == key)
    }

    /// The location of the first line of `file` containing `needle` (after the
    /// line containing `after`, when given), e.g. a project's `id = "p-x"` line;
    /// the file without a line when the text is not known.
    pub fn locate(&self, file: &str, after: Option<&str>, needle: &str) -> Location {
        let line = self.files.get(file).and_then(|text| {
            let Some(a) = after else { return self.first_line_containing(file, text, needle).map(|(i, _)| i + 1) };
            let (start, offset) = self.first_line_containing(file, text, a).unwrap_or((0, 0));
            text[offset..].lines().enumerate().find(|(_, l)| l.contains(needle)).map(|(i, _)| start + i + 1)
        });
        self.file_location(file, line.unwrap_or(0) as u32)
    }

    /// The 0-based index of the first line of `file` containing `needle`.
    pub fn line_of(&self, file: &str, needle: &str) -> Option<usize> {
        let text = self.files.get(file)?;
        self.first_line_containing(file, text, needle).map(|(i, _)| i)
    }

    /// The first line of `file` containing `needle`: its 0-based index and byte offset. Rules ask
    /// for the same lines (a project's `id = …`) many times, so answers are kept.
    fn first_line_containing(&self, file: &str, text: &str, needle: &str) -> Option<(usize, usize)> {
        let key = (file.to_owned(), needle.to_owned());
        if let Some(found) = self.lines_found.lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
            return *found;
        }
        let mut offset = 0;
        let mut found = None;
        for (i, line) in text.split_inclusive('\n').enumerate() {
            if line.contains(needle) {
                found = Some((i, offset));
                break;
            }
            offset += line.len();
        }
        self.lines_found.lock().unwrap_or_else(|e| e.into_inner()).insert(key, found);
        found
    }

    /// A file location of a fact, relative to the package.
    pub fn file_location(&self, file: &str, line: u32) -> Location {
        let file = match &self.package_dir {
            Some(d) => format!("{}/{file}", d.trim_end_matches('/')),
            None => file.to_owned(),
        };
        Location::File { file, line: line as usize, column: 0 }
    }
}

/// The words right before a figure that name it: the tail of the preceding
/// text after the last punctuation, without connecting words.
fn label_before(text: &str) -> Option<String> {
    let tail = text.rsplit(['，', '。', '；', '：', '、', '\n']).next()?.trim();
    let tail = tail.trim_start_matches(|c: char| c.is_ascii_digit() || c == '、' || c == '.');
    let tail = tail.strip_prefix("其中").unwrap_or(tail).trim();
    (!tail.is_empty() && tail.chars().count() <= 30).then(|| tail.to_owned())
}

/// Reads a printed figure: percentages for `.share` / `.rate` keys, words for
/// `.direction`, money in the document unit otherwise.
pub fn claim_value(key: &str, text: &str, unit: MoneyUnit) -> ClaimValue {
    if key.ends_with(".direction") {
        return ClaimValue::Word(text.to_owned());
    }
    match parse_figure(text, unit) {
        Some(f) => match f.unit {
            FigureUnit::Percent => ClaimValue::Percent(f),
            _ => ClaimValue::Money(f),
        },
        None => ClaimValue::Word(text.to_owned()),
    }
}

/// `3927.98` → money in `unit` with 2 decimals; `47.72%` → percent; `-5` …
pub fn parse_figure(text: &str, unit: MoneyUnit) -> Option<Figure> {
    let t = text.trim();
    let (num, fig_unit) = match t.strip_suffix('%') {
        Some(n) => (n, FigureUnit::Percent),
        None => (t, FigureUnit::Money(unit)),
    };
    let d = yusuan_model::Decimal::parse(num)?;
    let mantissa = i64::try_from(d.mantissa).ok()?;
    Some(Figure { mantissa, decimals: d.scale as u8, unit: fig_unit })
}

// ---- Views ------------------------------------------------------------------

/// The amount a table cell prints: blank is zero, text is none.
pub fn amount(t: &Table, row: usize, col: usize) -> Option<Amount> {
    match t.rows.get(row)?.cells.get(col)? {
        Cell::Amount(a) => Some(*a),
        Cell::Empty => Some(Amount::ZERO),
        _ => None,
    }
}

/// The interval a printed amount stands for in its table's unit and decimals.
pub fn interval(t: &Table, a: Amount) -> Interval {
    Figure::money(a, t.unit, t.decimals).interval()
}

/// An amount as the table prints it, with thousands separators.
pub fn show(t: &Table, a: Amount) -> String {
    a.format_grouped(t.unit, t.decimals)
}

/// The label of a row: its code and name, or its first text cell.
pub fn row_label(t: &Table, row: usize) -> String {
    let Some(r) = t.rows.get(row) else { return String::new() };
    let texts: Vec<String> = r
        .cells
        .iter()
        .filter_map(|c| match c {
            Cell::Text(s) => Some(s.clone()),
            _ => None,
        })
        .collect();
    match (&r.code, r.kind) {
        (Some(code), _) if !texts.iter().any(|t| t == code) => format!("{code} {}", texts.join(" ")).trim().to_owned(),
        _ => texts.iter().take(2).cloned().collect::<Vec<_>>().join(" "),
    }
}

/// The location of a table cell.
pub fn cell_location(t: &Table, row: usize, col: usize) -> Location {
    Location::Cell {
        cell: CellRef { table: t.id.clone(), row, col },
        table_title: t.title.clone(),
        row_label: row_label(t, row),
        column_label: t.columns.get(col).map_or(String::new(), |c| c.label.clone()),
        line: t.rows.get(row).and_then(|r| r.line),
    }
}

/// The location of a whole table.
pub fn table_location(t: &Table) -> Location {
    Location::Table { table: t.id.clone(), table_title: t.title.clone() }
}

/// Index of the first total row (合计).
pub fn total_row(t: &Table) -> Option<usize> {
    t.rows.iter().position(|r| r.kind == RowKind::Total)
}

/// Index of the row with this code.
pub fn code_row(t: &Table, code: &str) -> Option<usize> {
    t.rows.iter().position(|r| r.code.as_deref() == Some(code))
}

/// Index of the first row whose text cell equals `label` (whitespace ignored).
pub fn label_row(t: &Table, col: usize, label: &str) -> Option<usize> {
    let squeeze = |s: &str| s.split_whitespace().collect::<String>();
    let want = squeeze(label);
    t.rows.iter().position(|r| matches!(r.cells.get(col), Some(Cell::Text(s)) if squeeze(s) == want))
}
