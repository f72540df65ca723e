//! The plain-text reader: TAB rows → [`RawTable`]s, everything else → text lines.
//!
//! # Input
//! UTF-8 text (a BOM is dropped; `\r\n`, `\n` and `\r` all end a line). A line
//! containing a TAB is a table row; its cells are the TAB-separated fields,
//! trimmed (full-width spaces included), empty fields kept — also a trailing one —
//! so that column positions survive. Every other line is plain.
//!
//! # How lines are grouped
//! The reader walks the lines once, with one table "in progress" at a time:
//!
//! * **Title.** A plain line of at most [`MAX_TITLE_CHARS`] characters that names a
//!   table — it ends in `表`, possibly followed by a bracketed remark
//!   (`财政拨款支出预算表（功能科目）`) — starts a new table and closes the previous
//!   one. A leading ordinal (`一、`, `1.`) is taken off and becomes the table number.
//!   A line that only contains title vocabulary (`“三公”经费`, `政府性基金`,
//!   `政府采购`, `政府购买服务`, `绩效目标`, together with 预算/决算/经费/目标)
//!   starts a table only when no table is in progress; inside one it is ordinary
//!   text (such lines are often header cells printed outside the grid). Never
//!   titles: lines in a table of contents (after `目录`, up to the first sentence),
//!   lines starting with `- `, lines with dot leaders (`……`), sentences (`。，；`),
//!   notes (`注…`, `说明…`, `本表…`), part headings (`第五部分 …`) and headings
//!   ending in `说明` / `情况`. A title that does not end in `表` (wrapped over two
//!   lines, `公开 09 表：…培训费` + `支出预算表`) is completed by a short title line
//!   right after it.
//! * **Label.** `公开表 1`, `公开01表`, `公开 02 表`, `公开表十一` give the table
//!   number. A label followed by a title belongs to that title; a label right after
//!   a title (before the rows) belongs to that title. `公开 02 表：收入预算总表`
//!   is a label and a title in one line.
//! * **Preamble.** Plain lines between a title and the first row (at most
//!   [`MAX_PREAMBLE`], none a sentence — otherwise the "title" was only a heading and
//!   the lines become text). `单位：万元`, `单位:元`, `金额单位：万元`, `编制部门：… 单位：元`
//!   set the unit; `单位名称：…`, `部门名称：…`, `部门：…`, `编制部门：…`,
//!   `编制单位：…` set the reporting body. When the preamble gives no unit, the first
//!   rows are searched for one (`部门：⇥…⇥单位：万元` printed inside the grid).
//! * **Rows.** Consecutive TAB rows. Blank lines and page numbers (`14`, `─ 3 ─`,
//!   `- 3 -`) between two runs of rows never separate them; other plain lines
//!   between two runs (unruled cell text such as `科目编码`, `上年结转和结余资金`)
//!   keep the table together and are kept in [`RawTable::inner`], unless one of them
//!   is a sentence (contains `。` or is longer than [`MAX_TITLE_CHARS`]); a title, a
//!   label or a unit statement always ends the table (a unit statement with no title
//!   before it opens an untitled table).
//! * **Trailing.** After the last row, the lines that belong to the table: notes
//!   (`注：…`, `说明：…`, with their wrapped continuation lines and numbered items
//!   `2. …`), statements that the table is empty (`2022年无政府性基金预算支出。`,
//!   `此表为空`, lines with 无/为空/没有/本表/此表 up to [`MAX_TITLE_CHARS`]) and
//!   lone total cells (`合计`, `无`). The first other line ends the table.
//!
//! A text made of parts (the sheets of a workbook, [`crate::xlsx`]) is read part
//! by part: a table never continues into the next part.
//!
//! Rows with no title before them form an untitled table. A title followed by no
//! rows is not a table: its lines stay text. Blank lines and page numbers never
//! appear in [`TextDocument::blocks`]; they are still in [`TextDocument::lines`].

use std::path::Path;

use yusuan_model::MoneyUnit;

use crate::IngestError;

/// The longest line (in characters) that can be a table title.
pub const MAX_TITLE_CHARS: usize = 60;
/// The most plain lines allowed between a title and its first row.
pub const MAX_PREAMBLE: usize = 5;

/// A disclosure read from text: its lines and the blocks found in them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextDocument {
    /// Corpus header lines at the top (`# source: …`, `# kind: …`) as (key, value).
    /// They describe the file, not the document, and are in no block.
    pub header: Vec<(String, String)>,
    /// Every line without its line break; line `n` (1-based) is `lines[n - 1]`.
    pub lines: Vec<String>,
    /// Tables and the remaining non-blank plain lines, in document order.
    pub blocks: Vec<Block>,
    /// Where each line was printed, for a document read from PDF: `places[n - 1]`
    /// is line `n`'s page and box. Empty for other inputs.
    pub places: Vec<LinePlace>,
}

/// A line's page and box in a PDF (points, origin at the top-left of the page
/// as displayed; rounded to 0.1 pt and kept as tenths so documents compare exactly),
/// and the boxes of its cells and characters in the page's PDF user space (to draw on the page).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LinePlace {
    /// 1-based page (numbered on across the PDFs of one publication read together).
    pub page: u32,
    /// `[x0, y0, x1, y1]` in tenths of a point.
    pub bbox: [i32; 4],
    /// The PDF the line was read from (0-based among the files read together) and its 1-based page there.
    pub file: u32,
    pub file_page: u32,
    /// A table row: per TAB-separated field, the cell's box (a merged cell's whole
    /// box) in the page's default user space (PDF points, origin bottom-left,
    /// unrotated), tenths of a point. Empty for a plain line.
    pub cells: Vec<[i32; 4]>,
    /// Per character of the line (TABs included), its box in user space, tenths of a point.
    pub chars: Vec<[i32; 4]>,
}

/// A piece of the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A plain line that belongs to no table (narrative, headings, cover, TOC …).
    Text(TextLine),
    /// A table with its title, preamble, rows and trailing lines.
    Table(RawTable),
}

/// A plain line, trimmed, with its 1-based line number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextLine {
    pub line: usize,
    pub text: String,
}

/// A table as printed: located text, nothing interpreted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawTable {
    /// The title, without a leading ordinal or `公开表 N：` label, e.g. `2022 年收支预算总表`.
    pub title: Option<String>,
    /// 1-based line of the title.
    pub title_line: Option<usize>,
    /// The table number from a `公开表 1` / `公开01表` label or a `一、` ordinal.
    pub number: Option<u32>,
    /// The money unit stated for the table (`单位：万元`).
    pub unit: Option<MoneyUnit>,
    /// The reporting body stated for the table (`单位名称：区政府办` → `区政府办`).
    pub unit_name: Option<String>,
    /// Plain lines around the title before the first row (label, unit, body, `（2023年度）` …).
    pub preamble: Vec<(usize, String)>,
    /// All TAB rows in order, header rows included.
    pub rows: Vec<RawRow>,
    /// Plain lines between two runs of rows of this table (unruled cell text).
    pub inner: Vec<(usize, String)>,
    /// Plain lines right after the rows that belong to the table (notes, "no data" statements).
    pub trailing: Vec<(usize, String)>,
}

/// One table row: its line and its trimmed cells (empty cells kept).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawRow {
    pub line: usize,
    pub cells: Vec<String>,
}

impl RawRow {
    /// Splits a TAB line into trimmed cells.
    pub fn parse(line: usize, text: &str) -> RawRow {
        RawRow { line, cells: text.split('\t').map(|c| c.trim().to_owned()).collect() }
    }

    /// Cell `i`, or `""` past the end of the row.
    pub fn cell(&self, i: usize) -> &str {
        self.cells.get(i).map_or("", String::as_str)
    }

    /// True when every cell is empty.
    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(String::is_empty)
    }
}

impl RawTable {
    /// The widest row's number of cells.
    pub fn column_count(&self) -> usize {
        self.rows.iter().map(|r| r.cells.len()).max().unwrap_or(0)
    }

    /// First and last line the table occupies (title, preamble, rows, inner and trailing lines).
    pub fn span(&self) -> (usize, usize) {
        let lines = self
            .title_line
            .into_iter()
            .chain(self.preamble.iter().map(|p| p.0))
            .chain(self.rows.iter().map(|r| r.line))
            .chain(self.inner.iter().chain(&self.trailing).map(|p| p.0));
        lines.fold((usize::MAX, 0), |(lo, hi), l| (lo.min(l), hi.max(l)))
    }
}

impl TextDocument {
    /// Reads a file; see [`TextDocument::from_bytes`].
    pub fn read(path: impl AsRef<Path>) -> Result<TextDocument, IngestError> {
        let path = path.as_ref();
        let bytes = std::fs::read(path).map_err(|source| IngestError::Io { path: path.to_owned(), source })?;
        TextDocument::from_bytes(&bytes, &path.display().to_string())
    }

    /// Reads UTF-8 bytes (with or without BOM); `name` names the input in errors.
    pub fn from_bytes(bytes: &[u8], name: &str) -> Result<TextDocument, IngestError> {
        let (text, _) = crate::encoding::decode(bytes, name, None)?;
        Ok(TextDocument::parse(&text))
    }

    /// Reads a text. Never fails: every line that is not blank, not a page number and
    /// not a header line ends up in exactly one block (a table's part or a text line).
    pub fn parse(text: &str) -> TextDocument {
        TextDocument::parse_parts(text, &[])
    }

    /// [`TextDocument::parse`] of a text made of parts (the sheets of a workbook):
    /// nothing continues from one part into the next — a table in progress ends where
    /// a part starts, and the part's first lines are not notes of that table.
    /// `starts` are the 1-based lines where parts start.
    pub(crate) fn parse_parts(text: &str, starts: &[usize]) -> TextDocument {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        let mut lines: Vec<String> = text.split('\n').map(str::to_owned).collect();
        if text.is_empty() || text.ends_with('\n') {
            lines.pop();
        }
        let header: Vec<(String, String)> = lines
            .iter()
            .map_while(|l| l.strip_prefix("# ")?.split_once(": "))
            .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
            .collect();

        let mut reader = Reader::new(&lines);
        let mut starts = {
            let mut v = starts.to_vec();
            v.sort_unstable();
            v.into_iter().peekable()
        };
        // Entries of the table of contents seen so far; `None` outside a TOC.
        let mut toc: Option<Vec<String>> = None;
        for (i, raw) in lines.iter().enumerate().skip(header.len()) {
            let n = i + 1;
            let mut starts_part = false;
            while starts.next_if(|&s| s <= n).is_some() {
                starts_part = true;
            }
            if starts_part {
                reader.finish();
                reader.trailing = None;
                toc = None;
            }
            if raw.contains('\t') {
                toc = None;
                reader.row(RawRow::parse(n, raw));
                continue;
            }
            let t = raw.trim();
            if t.is_empty() || is_page_number(t) {
                continue;
            }
            if compact(t) == "目录" {
                reader.finish();
                reader.text(n, t);
                toc = Some(Vec::new());
                continue;
            }
            if let Some(entries) = &mut toc {
                // The contents end at the first sentence or at the first line that repeats an entry.
                let key = toc_key(t);
                if !t.contains(['。', '，', '；']) && !entries.contains(&key) {
                    entries.push(key);
                    reader.plain(n, t);
                    continue;
                }
                toc = None;
            }
            if let Some((number, title)) = parse_label(t) {
                match title {
                    Some(title) => reader.title(n, title, Some(number), true),
                    None => reader.label(n, number, next_is_title(&lines[i + 1..])),
                }
            } else if let Some(title) = title_of(t) {
                reader.title(n, title.text, title.number, title.names_table);
            } else {
                reader.plain(n, t);
            }
        }
        reader.finish();
        let blocks = reader.blocks;
        TextDocument { header, lines, blocks, places: Vec::new() }
    }

    /// The tables, in order.
    pub fn tables(&self) -> impl Iterator<Item = &RawTable> {
        self.blocks.iter().filter_map(|b| match b {
            Block::Table(t) => Some(t),
            Block::Text(_) => None,
        })
    }

    /// Line `n` (1-based).
    pub fn line(&self, n: usize) -> Option<&str> {
        self.lines.get(n.checked_sub(1)?).map(String::as_str)
    }
}

/// A TOC entry as it would be repeated in the body: `- 一、收支预算总表` → `收支预算总表`.
fn toc_key(t: &str) -> String {
    compact(strip_ordinal(t.trim_start_matches("- ").trim()).1)
}

/// Whether the next line that is not blank and not a page number is a table title.
fn next_is_title(rest: &[String]) -> bool {
    let next = rest.iter().map(|l| l.trim()).find(|t| !t.is_empty() && !is_page_number(t));
    next.is_some_and(|t| {
        !t.contains('\t')
            && (parse_label(t).is_some_and(|(_, title)| title.is_some()) || title_of(t).is_some_and(|x| x.names_table))
    })
}

/// The grouping state machine (see the module docs).
struct Reader<'a> {
    lines: &'a [String],
    blocks: Vec<Block>,
    /// The table in progress; without rows it is only a title (with its preamble).
    table: Option<RawTable>,
    /// Plain lines after the last row of `table`.
    gap: Vec<(usize, String)>,
    /// A label line waiting for the title that follows it: (line, number).
    label: Option<(usize, u32)>,
    /// Set while the last finished table may still take trailing lines.
    trailing: Option<NoteScan>,
}

impl<'a> Reader<'a> {
    fn new(lines: &'a [String]) -> Self {
        Reader { lines, blocks: Vec::new(), table: None, gap: Vec::new(), label: None, trailing: None }
    }

    fn line_text(&self, n: usize) -> String {
        self.lines[n - 1].trim().to_owned()
    }

    fn text(&mut self, line: usize, text: &str) {
        self.trailing = None;
        self.blocks.push(Block::Text(TextLine { line, text: text.to_owned() }));
    }

    fn row(&mut self, row: RawRow) {
        self.trailing = None;
        let table = match &mut self.table {
            Some(table) => {
                table.inner.append(&mut self.gap);
                table
            }
            None => {
                let mut table = RawTable::default();
                if let Some((line, number)) = self.label.take() {
                    table.number = Some(number);
                    table.preamble.push((line, self.line_text(line)));
                }
                self.table.insert(table)
            }
        };
        table.rows.push(row);
        if table.unit.is_none() && table.rows.len() <= 3 {
            let row = table.rows.last().expect("just pushed");
            let joined = row.cells.iter().filter(|c| !c.is_empty()).cloned().collect::<Vec<_>>().join(" ");
            if let Some(unit) = unit_in(&joined) {
                table.unit = Some(unit);
                table.unit_name = table.unit_name.take().or_else(|| parse_unit_name(&joined));
            }
        }
    }

    fn title(&mut self, n: usize, title: &str, number: Option<u32>, names_table: bool) {
        let line = self.line_text(n);
        if let Some(table) = &mut self.table {
            if !names_table {
                return self.plain(n, &line);
            }
            let wrapped = table.rows.is_empty()
                && number.is_none()
                && title.chars().count() <= 15
                && table.title.as_deref().is_some_and(|t| !t.contains('表'))
                && table.preamble.iter().all(|(l, _)| Some(*l) < table.title_line);
            if wrapped {
                table.title.as_mut().expect("checked").push_str(title);
                table.preamble.push((n, line));
                return;
            }
        }
        let label = self.label.take();
        self.finish();
        let mut table = RawTable { title: Some(title.to_owned()), title_line: Some(n), number, ..Default::default() };
        if let Some((line, number)) = label {
            table.number = table.number.or(Some(number));
            table.preamble.push((line, self.line_text(line)));
        }
        self.trailing = None;
        self.table = Some(table);
    }

    fn label(&mut self, n: usize, number: u32, before_title: bool) {
        let line = self.line_text(n);
        if let Some(table) = self.table.as_mut().filter(|t| t.rows.is_empty() && t.number.is_none() && !before_title) {
            table.number = Some(number);
            table.preamble.push((n, line));
            return;
        }
        self.finish();
        if before_title {
            self.label = Some((n, number));
        } else {
            let preamble = vec![(n, line)];
            self.table = Some(RawTable { number: Some(number), preamble, ..Default::default() });
        }
    }

    fn plain(&mut self, n: usize, t: &str) {
        if let Some(table) = &mut self.table {
            if table.rows.is_empty() {
                if is_sentence(t) || table.preamble.len() >= MAX_PREAMBLE {
                    self.finish();
                    self.text(n, t);
                } else {
                    apply_meta(table, n, t);
                }
                return;
            }
            if unit_in(t).is_none() {
                self.gap.push((n, t.to_owned()));
                if is_sentence(t) {
                    self.finish();
                }
                return;
            }
            // A unit statement after the rows opens the next (untitled) table.
            self.finish();
        }
        self.flush_label();
        let accepted = self.trailing.as_mut().is_some_and(|scan| scan.accepts(t));
        if let (true, Some(Block::Table(last))) = (accepted, self.blocks.last_mut()) {
            last.trailing.push((n, t.to_owned()));
        } else if unit_in(t).is_some() {
            let mut table = RawTable::default();
            apply_meta(&mut table, n, t);
            self.trailing = None;
            self.table = Some(table);
        } else {
            self.text(n, t);
        }
    }

    /// Closes the table in progress: a table with rows becomes a block (its gap
    /// split into trailing lines and text); a title without rows becomes text.
    fn finish(&mut self) {
        self.flush_label();
        let Some(mut table) = self.table.take() else {
            return;
        };
        if table.rows.is_empty() {
            let mut lines = table.preamble;
            lines.extend(table.title_line.map(|l| (l, self.line_text(l))));
            lines.sort();
            for (l, t) in lines {
                self.text(l, &t);
            }
            return;
        }
        let mut scan = NoteScan::default();
        let mut rest = std::mem::take(&mut self.gap).into_iter().peekable();
        while let Some((l, t)) = rest.next_if(|(_, t)| scan.accepts(t)) {
            table.trailing.push((l, t));
        }
        self.blocks.push(Block::Table(table));
        let rest: Vec<_> = rest.collect();
        self.trailing = rest.is_empty().then_some(scan);
        for (l, t) in rest {
            self.text(l, &t);
        }
    }

    fn flush_label(&mut self) {
        if let Some((l, _)) = self.label.take() {
            self.text(l, &self.line_text(l));
        }
    }
}

/// Adds a preamble line and takes the unit and reporting body from it.
fn apply_meta(table: &mut RawTable, n: usize, t: &str) {
    table.unit = table.unit.or_else(|| unit_in(t));
    table.unit_name = table.unit_name.take().or_else(|| parse_unit_name(t));
    table.preamble.push((n, t.to_owned()));
}

/// Decides, line by line, whether plain lines after a table still belong to it.
#[derive(Debug, Default)]
struct NoteScan {
    /// The previous line was part of a note.
    in_note: bool,
    /// … and did not end its sentence.
    open: bool,
}

impl NoteScan {
    fn accepts(&mut self, t: &str) -> bool {
        let starts_note = ["注", "说明", "备注", "附注", "：", ":"].iter().any(|p| t.starts_with(p));
        let continues = self.in_note && !is_part_heading(t) && (self.open || starts_with_enumerator(t));
        if starts_note || continues {
            self.in_note = true;
            self.open = !t.ends_with('。');
            return true;
        }
        self.in_note = false;
        let statement = t.chars().count() <= MAX_TITLE_CHARS
            && ["无", "为空", "没有", "本表", "此表"].iter().any(|w| t.contains(w));
        statement || matches!(t, "合计" | "总计" | "小计" | "空")
    }
}

/// A sentence: contains `。` or is too long for a title or a cell fragment.
fn is_sentence(t: &str) -> bool {
    t.contains('。') || t.chars().count() > MAX_TITLE_CHARS
}

fn compact(t: &str) -> String {
    t.chars().filter(|c| !c.is_whitespace()).collect()
}

/// `第五部分 …`, `第二部分  2019年度部门预算表`.
fn is_part_heading(t: &str) -> bool {
    t.strip_prefix('第').and_then(|r| take_number(r)).is_some_and(|(_, r)| r.trim_start().starts_with("部分"))
}

/// `1.`, `2、`, `一、`, `（一）`, `(1)` at the start.
fn starts_with_enumerator(t: &str) -> bool {
    if let Some(r) = t.strip_prefix(['（', '(']) {
        return take_number(r).is_some_and(|(_, r)| r.starts_with(['）', ')']));
    }
    take_number(t).is_some_and(|(_, r)| r.starts_with(['.', '．', '、']))
}

/// A number at the start of `s`: ASCII digits or Chinese numerals up to 九十九.
fn take_number(s: &str) -> Option<(u32, &str)> {
    let digits = s.len() - s.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits > 0 {
        return Some((s[..digits].parse().ok()?, &s[digits..]));
    }
    let (mut value, mut ones, mut len, mut seen_ten) = (0_u32, 0_u32, 0, false);
    for c in s.chars() {
        let Some(d) = "一二三四五六七八九十".chars().position(|x| x == c) else {
            break;
        };
        let d = d as u32 + 1;
        if d == 10 {
            if seen_ten {
                break;
            }
            (seen_ten, value, ones) = (true, if ones == 0 { 10 } else { ones * 10 }, 0);
        } else if ones == 0 {
            ones = d;
        } else {
            break;
        }
        len += c.len_utf8();
    }
    (len > 0).then(|| (value + ones, &s[len..]))
}

/// A stray page number: `14`, `─ 3 ─`, `- 3 -`, `— 12 —`.
pub fn is_page_number(t: &str) -> bool {
    let core = t.trim_matches(|c: char| c.is_whitespace() || "-─—–－―".contains(c));
    (1..=3).contains(&core.len()) && core.bytes().all(|b| b.is_ascii_digit()) && t.chars().count() <= 12
}

/// A table label: `公开表 1`, `公开01表`, `公开 02 表`, `公开表十一` → (number, None);
/// `公开 02 表：收入预算总表` → (2, Some("收入预算总表")).
pub fn parse_label(line: &str) -> Option<(u32, Option<&str>)> {
    let rest = line.trim().strip_prefix("公开")?.trim_start();
    let (before, rest) = rest.strip_prefix('表').map_or((false, rest), |r| (true, r.trim_start()));
    let (number, rest) = take_number(rest)?;
    let rest = rest.trim_start();
    let (after, rest) = rest.strip_prefix('表').map_or((false, rest), |r| (true, r));
    if !(before || after) {
        return None;
    }
    let title = rest.trim_start_matches(|c: char| c.is_whitespace() || "：:、.．".contains(c)).trim_end();
    Some((number, (!title.is_empty()).then_some(title)))
}

/// Takes off a leading ordinal: `一、`, `12.`, `3．` → (number, rest).
/// (`1.5万元` would lose `1.` too; that is harmless where this is used: a title must end in 表.)
fn strip_ordinal(t: &str) -> (Option<u32>, &str) {
    match take_number(t) {
        Some((n, r)) if r.starts_with(['、', '.', '．']) => {
            (Some(n), r[r.chars().next().map_or(0, char::len_utf8)..].trim_start())
        }
        _ => (None, t),
    }
}

/// A line recognised as a table title by [`title_of`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Title<'a> {
    /// The title without its leading ordinal.
    pub text: &'a str,
    /// The number of a leading ordinal (`一、` → 1, `12.` → 12).
    pub number: Option<u32>,
    /// True when the line names a table (ends in `表`, maybe followed by a bracketed
    /// remark); false when it only contains title vocabulary.
    pub names_table: bool,
}

/// Title vocabulary for lines that do not end in `表`.
const TITLE_WORDS: [&str; 6] = ["“三公”经费", "三公经费", "政府性基金", "政府采购", "政府购买服务", "绩效目标"];

/// Whether a plain line can be a table title (see the module docs for the rules).
pub fn title_of(line: &str) -> Option<Title<'_>> {
    let t = line.trim();
    let excluded = t.is_empty()
        || t.chars().count() > MAX_TITLE_CHARS
        || t.starts_with("- ")
        || t.contains(['。', '，', '；', ',', ';', '…'])
        || t.contains("....")
        || t.ends_with(['：', ':'])
        || ["注", "说明", "备注", "本表", "此表", "按", "其中"].iter().any(|p| t.starts_with(p))
        || t.ends_with("说明")
        || t.ends_with("情况")
        || is_part_heading(t)
        || unit_in(t).is_some();
    if excluded {
        return None;
    }
    let (number, text) = strip_ordinal(t);
    let core = match text.strip_suffix(['）', ')']) {
        Some(r) => r.rfind(['（', '(']).map_or(text, |i| &text[..i]),
        None => text,
    };
    let names_table = core.ends_with('表') && !core.ends_with("代表");
    let vocabulary = TITLE_WORDS.iter().any(|w| text.contains(w))
        && ["预算", "决算", "经费", "目标"].iter().any(|w| text.contains(w));
    (names_table || vocabulary).then_some(Title { text, number, names_table })
}

/// The money unit stated in a line: `单位：万元`, `单位:元`, `金额单位：万元`,
/// `编制部门：上海市普陀区司法局  单位：元`, `单位：万` (a clipped `万元`).
pub fn unit_in(line: &str) -> Option<MoneyUnit> {
    unit_spec(line).map(|(unit, _)| unit)
}

/// The unit and the byte offset where its `单位` (or `金额单位`) starts.
fn unit_spec(line: &str) -> Option<(MoneyUnit, usize)> {
    line.match_indices("单位").find_map(|(i, _)| {
        let rest = line[i + "单位".len()..].trim_start().strip_prefix(['：', ':'])?.trim_start();
        let unit = if rest.starts_with('万') {
            MoneyUnit::WanYuan
        } else if rest.starts_with('亿') {
            MoneyUnit::YiYuan
        } else if rest.starts_with('元') {
            MoneyUnit::Yuan
        } else {
            return None;
        };
        let start = if line[..i].ends_with("金额") { i - "金额".len() } else { i };
        Some((unit, start))
    })
}

/// The reporting body of a `单位名称：区政府办`, `部门名称：…`, `部门：…`,
/// `编制部门：…`, `编制单位：…`, `填报单位：…`, `预算单位：…` line, cut before a
/// following unit statement (`编制部门：上海市普陀区司法局  单位：元`).
pub fn parse_unit_name(line: &str) -> Option<String> {
    const KEYS: [&str; 7] = ["单位名称", "部门名称", "编制部门", "编制单位", "填报单位", "预算单位", "部门"];
    let t = line.trim();
    let rest = KEYS.iter().find_map(|k| t.strip_prefix(k))?.trim_start().strip_prefix(['：', ':'])?;
    let value = match unit_spec(rest) {
        Some((_, start)) => &rest[..start],
        None => rest,
    };
    let value = value.trim();
    (!value.is_empty()).then(|| value.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        assert_eq!(take_number("十一、x"), Some((11, "、x")));
        assert_eq!(take_number("二十一表"), Some((21, "表")));
        assert_eq!(take_number("九"), Some((9, "")));
        assert_eq!(take_number("十"), Some((10, "")));
        assert_eq!(take_number("07表"), Some((7, "表")));
        assert_eq!(take_number("x"), None);
    }

    #[test]
    fn labels() {
        assert_eq!(parse_label("公开表 1"), Some((1, None)));
        assert_eq!(parse_label("公开01表"), Some((1, None)));
        assert_eq!(parse_label("公开 02表"), Some((2, None)));
        assert_eq!(parse_label("公开表十一"), Some((11, None)));
        assert_eq!(parse_label("公开 02 表：收入预算总表"), Some((2, Some("收入预算总表"))));
        assert_eq!(parse_label("公开咨询电话：027-85481661"), None);
        assert_eq!(parse_label("公开 02"), None);
    }

    #[test]
    fn titles() {
        let t = title_of("2022 年收支预算总表").unwrap();
        assert_eq!((t.text, t.number, t.names_table), ("2022 年收支预算总表", None, true));
        let t = title_of("一、2018年度江苏省高级人民法院收支预算总表").unwrap();
        assert_eq!((t.text, t.number), ("2018年度江苏省高级人民法院收支预算总表", Some(1)));
        assert!(title_of("财政拨款支出预算表（功能科目）").unwrap().names_table);
        assert!(title_of("2022年项目支出(绩效目标)申报表").unwrap().names_table);
        assert!(!title_of("财政拨款“三公”经费").unwrap().names_table);
        for not_title in [
            "- 一、2022 年收支预算总表",
            "1. 2026年部门财务收支预算总表 ……………………",
            "第五部分 预算公开报表",
            "注：本表反映部门本年度的总收支和年末结转结余情况。",
            "一、2026年“三公”经费预算情况说明",
            "四、政府性基金预算支出安排情况",
            "政府性基金",
            "人大代表",
            "单位：万元",
            "2022年无政府性基金预算支出。",
        ] {
            assert_eq!(title_of(not_title), None, "{not_title}");
        }
    }

    #[test]
    fn units_and_names() {
        assert_eq!(unit_in("单位：万元"), Some(MoneyUnit::WanYuan));
        assert_eq!(unit_in("单位:元"), Some(MoneyUnit::Yuan));
        assert_eq!(unit_in("金额单位：亿元"), Some(MoneyUnit::YiYuan));
        assert_eq!(unit_in("编制单位：上海市普陀区司法局  单位：元"), Some(MoneyUnit::Yuan));
        assert_eq!(unit_in("单位名称：区政府办"), None);
        assert_eq!(unit_in("编制单位：上海市普陀区司法局"), None);
        assert_eq!(parse_unit_name("单位名称：区政府办").as_deref(), Some("区政府办"));
        assert_eq!(parse_unit_name("编制部门：上海市普陀区司法局  单位：元").as_deref(), Some("上海市普陀区司法局"));
        assert_eq!(
            parse_unit_name("部门： 江苏省人大常委会办公厅 单位：万元").as_deref(),
            Some("江苏省人大常委会办公厅")
        );
        assert_eq!(parse_unit_name("单位：万元"), None);
    }

    #[test]
    fn page_numbers() {
        for p in ["14", "─ 3 ─", "- 3 -", "— 12 —"] {
            assert!(is_page_number(p), "{p}");
        }
        for p in ["2022", "合计", "3.5", ""] {
            assert!(!is_page_number(p), "{p}");
        }
    }
}
