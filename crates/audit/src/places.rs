//! Where a finding is on the PDF it was read from: page and boxes.
//!
//! The rules locate table cells (table, body row, leaf column, source line) and
//! narrative spans (section, paragraph, characters, source line); they know
//! nothing of PDFs. Here those locations are mapped through what the PDF reader
//! kept for every line ([`yusuan_ingest::LinePlace`]): a cell to the box of its
//! TAB field on the row's line, a span to the boxes of its characters (one box
//! per printed line it covers). Boxes are in the page's default user space (PDF
//! points, origin bottom-left, unrotated), so they can be drawn back on the page.

use std::path::PathBuf;

use yusuan_check::{CellRef, Location, TextRef};
use yusuan_ingest::LinePlace;
use yusuan_model::view::Cell;

use crate::DocAudit;

/// A place on a PDF page.
#[derive(Debug, Clone, PartialEq)]
pub struct PdfPlace {
    /// The PDF file (one of the publication's parts).
    pub file: PathBuf,
    /// 1-based page in that file.
    pub page: u32,
    /// Boxes `[x0, y0, x1, y1]` in the page's default user space (points).
    pub boxes: Vec<[f32; 4]>,
}

impl PdfPlace {
    /// `第 3 页` (`page 3`), with the file's name when the publication has several parts.
    pub fn describe(&self, several: bool, lang: yusuan_check::Lang) -> String {
        let name = self.file.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        match (lang, several) {
            (yusuan_check::Lang::Zh, false) => format!("第 {} 页", self.page),
            (yusuan_check::Lang::Zh, true) => format!("{name} 第 {} 页", self.page),
            (yusuan_check::Lang::En, false) => format!("page {}", self.page),
            (yusuan_check::Lang::En, true) => format!("{name} page {}", self.page),
        }
    }

    /// The JSON form: `{"file": …, "page": …, "boxes": [[x0, y0, x1, y1], …]}`.
    pub fn json(&self) -> serde_json::Value {
        let r = |v: f32| (f64::from(v) * 10.0).round() / 10.0;
        serde_json::json!({
            "file": self.file.display().to_string(),
            "page": self.page,
            "boxes": self.boxes.iter().map(|b| b.map(r)).collect::<Vec<_>>(),
        })
    }
}

fn points(b: [i32; 4]) -> [f32; 4] {
    b.map(|v| v as f32 / 10.0)
}

fn union(a: [i32; 4], b: [i32; 4]) -> [i32; 4] {
    [a[0].min(b[0]), a[1].min(b[1]), a[2].max(b[2]), a[3].max(b[3])]
}

/// The box of a whole line: its cells, else its characters.
fn line_box(p: &LinePlace) -> Option<[i32; 4]> {
    let boxes = if p.cells.is_empty() { &p.chars } else { &p.cells };
    boxes.iter().copied().filter(|b| b[2] > b[0] || b[3] > b[1]).reduce(union)
}

/// Text compared without spaces and thousands separators.
fn compact(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace() && *c != ',' && *c != '，').collect()
}

impl DocAudit {
    /// Where a location is on the PDF, for a document read from PDF: its page and
    /// boxes (a cell's box; a text span's characters, one box per line; a line's
    /// box; a table's title line). `None` for other documents and for the whole document.
    pub fn pdf_place(&self, location: &Location) -> Option<PdfPlace> {
        if self.places.is_empty() {
            return None;
        }
        let (line, boxes) = match location {
            Location::Cell { cell, line: Some(line), .. } => {
                let p = self.places.get(line.checked_sub(1)?)?;
                let b = self.cell_box(cell, *line).or_else(|| line_box(p))?;
                (*line, vec![b])
            }
            Location::Cell { cell, line: None, .. } => {
                let line = match self.views.iter().find(|t| t.id == cell.table) {
                    Some(t) => t.rows.get(cell.row)?.line?,
                    None => {
                        let f = self.forms.iter().position(|f| f.id == cell.table)?;
                        *self.form_lines.get(f)?.get(cell.row)?
                    }
                };
                let b = self.cell_box(cell, line).or_else(|| line_box(self.places.get(line - 1)?))?;
                (line, vec![b])
            }
            Location::Text { text, excerpt, line: Some(line), .. } => match self.span_boxes(text, excerpt, *line) {
                Some(found) => found,
                None => (*line, vec![line_box(self.places.get(line.checked_sub(1)?)?)?]),
            },
            Location::File { file, line, .. } if *line > 0 && *file == self.path.display().to_string() => {
                (*line, vec![line_box(self.places.get(line - 1)?)?])
            }
            Location::Table { table, .. } => {
                let line = self.tables.iter().find(|t| t.1 == *table)?.4;
                (line, vec![line_box(self.places.get(line.checked_sub(1)?)?)?])
            }
            _ => return None,
        };
        let p = self.places.get(line.checked_sub(1)?)?;
        Some(PdfPlace {
            file: self.parts.get(p.file as usize).cloned().unwrap_or_else(|| self.path.clone()),
            page: p.file_page,
            boxes: boxes.into_iter().map(points).collect(),
        })
    }

    /// The TAB field of `line` that holds a view cell, and its box.
    fn cell_box(&self, cell: &CellRef, line: usize) -> Option<[i32; 4]> {
        let p = self.places.get(line.checked_sub(1)?)?;
        let text = self.lines.get(line - 1)?;
        let fields: Vec<&str> = text.split('\t').collect();
        let field = match self.views.iter().position(|t| t.id == cell.table) {
            Some(v) => {
                let t = &self.views[v];
                let mapped =
                    self.view_fields.get(v).and_then(|rows| rows.get(cell.row)?.get(cell.col).copied()).flatten();
                match (t.rows.get(cell.row).filter(|r| r.line == Some(line)), mapped) {
                    (Some(_), Some(j)) => j,
                    (Some(row), None) => align(&row.cells, t.unit, t.decimals, &fields, cell.col),
                    (None, _) => cell.col,
                }
            }
            None => match self.forms.iter().position(|f| f.id == cell.table) {
                Some(i) if self.form_lines.get(i).and_then(|l| l.get(cell.row)) == Some(&line) => {
                    let form = &self.forms[i];
                    let cells: Vec<Cell> = form.rows[cell.row].iter().map(|c| c.content.clone()).collect();
                    align(&cells, form.unit, form.decimals, &fields, cell.col)
                }
                _ => cell.col,
            },
        };
        if let Some(b) = p.cells.get(field) {
            return Some(*b);
        }
        // A trailing blank field (dropped from the line): the column of a row of the
        // same page that has it, at this row's height.
        let row = p.cells.iter().copied().reduce(union)?;
        let near = (1..40).flat_map(|d| [line.checked_sub(d), Some(line + d)]).flatten();
        near.filter_map(|l| self.places.get(l.checked_sub(1)?))
            .filter(|q| q.file == p.file && q.file_page == p.file_page)
            .find_map(|q| q.cells.get(field).filter(|b| b[0] >= row[0] - 20 && b[2] <= row[2] + 20))
            .map(|b| [b[0], row[1], b[2], row[3]])
    }

    /// The boxes of a narrative span: the excerpt searched in the lines from the
    /// paragraph's first one on, nearest its character offset; one box per line.
    fn span_boxes(&self, text: &TextRef, excerpt: &str, line: usize) -> Option<(usize, Vec<[i32; 4]>)> {
        // The characters (no spaces) of the paragraph's lines, each with (line, char index).
        let mut chars: Vec<(char, usize, usize)> = Vec::new();
        for l in line..(line + 60).min(self.lines.len() + 1) {
            // A paragraph runs on over a page break past the page's number.
            if l > line && yusuan_ingest::is_page_number(&self.lines[l - 1]) {
                continue;
            }
            for (i, c) in self.lines[l - 1].chars().enumerate() {
                if !c.is_whitespace() {
                    chars.push((c, l, i));
                }
            }
            if chars.len() > text.end + excerpt.chars().count() + 400 {
                break;
            }
        }
        let needle: Vec<char> = excerpt.trim_end_matches(['…', '.']).chars().filter(|c| !c.is_whitespace()).collect();
        let mut found: Option<(usize, usize)> = None;
        for n in [needle.len(), needle.len().min(12), needle.len().min(4)] {
            if n == 0 {
                break;
            }
            let part = &needle[..n];
            let hits = (0..chars.len().saturating_sub(n - 1))
                .filter(|&i| chars[i..i + n].iter().map(|c| c.0).eq(part.iter().copied()));
            if let Some(best) = hits.min_by_key(|&i| i.abs_diff(text.start)) {
                // A shortened excerpt found: the span runs on for the excerpt's length.
                let span = if n == needle.len() { n } else { text.end.saturating_sub(text.start).max(needle.len()) };
                found = Some((best, span));
                break;
            }
        }
        let (start, span) = found?;
        let mut per_line: Vec<(usize, [[i32; 4]; 1])> = Vec::new();
        for &(_, l, i) in &chars[start..(start + span).min(chars.len())] {
            let Some(b) = self.places.get(l - 1).and_then(|p| p.chars.get(i)) else { continue };
            match per_line.last_mut() {
                Some((last, boxes)) if *last == l => boxes[0] = union(boxes[0], *b),
                _ => per_line.push((l, [*b])),
            }
        }
        let (first, _) = *per_line.first()?;
        // A span across a page break: the part on its first page.
        let page = self.places.get(first - 1).map(|p| (p.file, p.file_page));
        let boxes = per_line
            .into_iter()
            .filter(|(l, _)| self.places.get(l - 1).map(|p| (p.file, p.file_page)) == page)
            .map(|(_, b)| b[0])
            .collect();
        Some((first, boxes))
    }
}

/// For each table view, row and column, the TAB field of the row's line that
/// holds the cell. A view's columns need not be in the printed order (a
/// two-sided summary table), so the fields are found by value: a cell whose
/// value is in exactly one field of its line votes for that field; a cell whose
/// value is in several, or blank, takes its column's most voted field (on its
/// page, else in the table); a column with no votes is aligned in order ([`align`]).
/// Votes are counted per (page: file and page, or the whole table) and view column.
type VoteKey = (Option<(u32, u32)>, usize);

pub(crate) fn view_fields(audit: &DocAudit) -> Vec<Vec<Vec<Option<usize>>>> {
    use std::collections::HashMap;
    audit
        .views
        .iter()
        .map(|t| {
            let page = |l: usize| audit.places.get(l.wrapping_sub(1)).map(|p| (p.file, p.file_page));
            // Per row and column: the best-scoring fields.
            let cands: Vec<Vec<Vec<usize>>> = t
                .rows
                .iter()
                .map(|r| {
                    let Some(text) = r.line.and_then(|l| audit.lines.get(l.wrapping_sub(1))) else {
                        return vec![Vec::new(); r.cells.len()];
                    };
                    let fields: Vec<&str> = text.split('\t').collect();
                    r.cells
                        .iter()
                        .map(|c| {
                            let scores: Vec<u32> = fields.iter().map(|f| score(c, t.unit, t.decimals, f)).collect();
                            let best = scores.iter().copied().max().unwrap_or(0);
                            if best == 0 {
                                return Vec::new();
                            }
                            (0..fields.len()).filter(|&j| scores[j] == best).collect()
                        })
                        .collect()
                })
                .collect();
            let mut votes: HashMap<VoteKey, HashMap<usize, usize>> = HashMap::new();
            for (r, row) in t.rows.iter().enumerate() {
                let pg = row.line.and_then(page);
                for (c, cs) in cands[r].iter().enumerate() {
                    if let [j] = cs[..] {
                        *votes.entry((pg, c)).or_default().entry(j).or_default() += 1;
                        *votes.entry((None, c)).or_default().entry(j).or_default() += 1;
                    }
                }
            }
            let top = |key: VoteKey, among: &[usize]| -> Option<usize> {
                let v = votes.get(&key)?;
                v.iter()
                    .filter(|(j, _)| among.is_empty() || among.contains(j))
                    .max_by_key(|(j, n)| (**n, std::cmp::Reverse(**j)))
                    .map(|(j, _)| *j)
            };
            t.rows
                .iter()
                .enumerate()
                .map(|(r, row)| {
                    let pg = row.line.and_then(page);
                    (0..row.cells.len())
                        .map(|c| match cands[r][c][..] {
                            [j] => Some(j),
                            ref several => top((pg, c), several)
                                .or_else(|| top((None, c), several))
                                .or_else(|| several.first().copied()),
                        })
                        .collect()
                })
                .collect()
        })
        .collect()
}

/// How well a view cell matches a printed field: 3 the same value, 1 a part of
/// a joined text (`code name`), 0 not at all (blanks never match).
fn score(c: &Cell, unit: yusuan_model::MoneyUnit, decimals: u8, f: &str) -> u32 {
    let f = compact(f);
    if f.is_empty() {
        return 0;
    }
    match c {
        Cell::Empty => 0,
        Cell::Amount(a) => {
            let printed = compact(&c.display(unit, decimals));
            let parsed = yusuan_ingest::parse_amount_cell(&f, unit).ok().flatten();
            u32::from(parsed == Some(*a) || printed == f) * 3
        }
        Cell::Text(t) | Cell::Percent(t) => {
            let t = compact(t);
            if t == f {
                3
            } else if !t.is_empty() && (t.starts_with(&f) || t.ends_with(&f) || f.contains(&t)) {
                1
            } else {
                0
            }
        }
    }
}

/// The source line of each grid row of a form: the raw table with as many rows
/// whose rows hold the form's texts (a form's grid rows are its raw rows); empty when none is.
pub(crate) fn form_lines(doc: &yusuan_ingest::TextDocument, form: &yusuan_model::view::Form) -> Vec<usize> {
    let fits = |raw: &yusuan_ingest::RawTable| {
        raw.rows.len() == form.rows.len()
            && raw.rows.iter().zip(&form.rows).all(|(r, f)| {
                f.iter().all(|c| match &c.content {
                    Cell::Text(t) => {
                        let t = compact(t);
                        t.is_empty() || r.cells.iter().any(|x| compact(x) == t)
                    }
                    _ => true,
                })
            })
    };
    doc.tables().find(|raw| fits(raw)).map_or_else(Vec::new, |raw| raw.rows.iter().map(|r| r.line).collect())
}

/// The field of a row's TAB-separated `fields` that holds view column `col`:
/// the view's cells and the fields aligned in order by equal values (amounts
/// compared as amounts, text without spaces; a joined `code name` cell matches
/// its code or its name field), an unmatched column placed between its matched
/// neighbours.
fn align(cells: &[Cell], unit: yusuan_model::MoneyUnit, decimals: u8, fields: &[&str], col: usize) -> usize {
    let score = |c: &Cell, f: &str| score(c, unit, decimals, f);
    let (n, m) = (cells.len(), fields.len());
    // Weighted longest common subsequence.
    let mut dp = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            let s = score(&cells[i], fields[j]);
            let take = if s > 0 { s + dp[i + 1][j + 1] } else { 0 };
            dp[i][j] = take.max(dp[i + 1][j]).max(dp[i][j + 1]);
        }
    }
    let mut matched: Vec<(usize, usize)> = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < n && j < m {
        let s = score(&cells[i], fields[j]);
        if s > 0 && dp[i][j] == s + dp[i + 1][j + 1] {
            matched.push((i, j));
            i += 1;
            j += 1;
        } else if dp[i][j] == dp[i + 1][j] {
            i += 1;
        } else {
            j += 1;
        }
    }
    if let Some(&(_, j)) = matched.iter().find(|(i, _)| *i == col) {
        return j;
    }
    let before = matched.iter().rev().find(|(i, _)| *i < col).copied();
    let after = matched.iter().find(|(i, _)| *i > col).copied();
    let guess = match before {
        Some((i0, j0)) => j0 + (col - i0),
        None => match after {
            Some((i1, j1)) => j1.saturating_sub(i1 - col),
            None => col,
        },
    };
    match after {
        Some((_, j1)) if guess >= j1 => j1.saturating_sub(1).max(before.map_or(0, |b| b.1 + 1)),
        _ => guess,
    }
}

/// The outline colour of a severity: error red, warning orange, info blue.
pub fn severity_color(s: yusuan_check::Severity) -> [f32; 3] {
    match s {
        yusuan_check::Severity::Error => [0.86, 0.1, 0.1],
        yusuan_check::Severity::Warning => [1.0, 0.55, 0.0],
        yusuan_check::Severity::Info => [0.1, 0.35, 0.9],
    }
}

impl DocAudit {
    /// The annotations of each part (`parts[i]`): every finding's boxes (its
    /// location's, else its evidence's) with the message as the note and the rule id as the author.
    pub fn annotations(&self, lang: yusuan_check::Lang) -> Vec<Vec<yusuan_pdfread::Annotation>> {
        let mut out: Vec<Vec<yusuan_pdfread::Annotation>> = vec![Vec::new(); self.parts.len().max(1)];
        let Some(report) = &self.report else { return out };
        for f in &report.findings {
            let places: Vec<PdfPlace> = match self.pdf_place(&f.location) {
                Some(p) => vec![p],
                None => f.evidence.iter().filter_map(|e| self.pdf_place(&e.location)).collect(),
            };
            let mut note = format!("{}[{}] {}", f.severity.label(lang), f.rule, f.message.get(lang));
            if let (Some(e), Some(a)) = (&f.expected, &f.actual) {
                let (le, la) = match lang {
                    yusuan_check::Lang::Zh => ("应为", "实为"),
                    yusuan_check::Lang::En => ("expected", "actual"),
                };
                note.push_str(&format!("\n{le} {e}，{la} {a}"));
            }
            let text = matches!(f.location, Location::Text { .. });
            for p in places {
                let part = self.parts.iter().position(|x| *x == p.file).unwrap_or(0);
                for b in &p.boxes {
                    let pad = if text { 1.0 } else { 0.0 };
                    let rect = [b[0] - pad, b[1] - pad, b[2] + pad, b[3] + pad];
                    let annot = yusuan_pdfread::Annotation {
                        page: p.page as usize,
                        rect,
                        color: severity_color(f.severity),
                        contents: note.clone(),
                        title: f.rule.to_owned(),
                    };
                    if !out[part].contains(&annot) {
                        out[part].push(annot);
                    }
                }
            }
        }
        out
    }

    /// Each PDF part with the findings drawn on it ([`yusuan_pdfread::annotate`], an
    /// incremental update): `(part, bytes)`. An error names the file; nothing is half-made.
    pub fn annotated(&self, lang: yusuan_check::Lang) -> Result<Vec<(PathBuf, Vec<u8>)>, String> {
        if let Some(e) = &self.error {
            return Err(format!("{}: {e}", self.path.display()));
        }
        if self.places.is_empty() {
            return Err(format!("{}: 不是 PDF，无法标注 (not a PDF: cannot annotate)", self.path.display()));
        }
        let mut out = Vec::new();
        for (part, annots) in self.parts.iter().zip(self.annotations(lang)) {
            let bytes = std::fs::read(part).map_err(|e| format!("{}: {e}", part.display()))?;
            let annotated =
                yusuan_pdfread::annotate(&bytes, &annots).map_err(|e| format!("{}: {e}", part.display()))?;
            out.push((part.clone(), annotated));
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use yusuan_model::{Amount, MoneyUnit};

    #[test]
    fn cells_align_with_fields_by_value() {
        let a = |s: &str| Cell::Amount(Amount::parse_in(s, MoneyUnit::Yuan).unwrap());
        let cells = vec![Cell::text("2081005 社会福利事业单位"), a("6964796"), Cell::Empty, a("6964796")];
        let fields = ["2081005", "社会福利事业单位", "6,964,796", "", "6,964,796"];
        assert_eq!(align(&cells, MoneyUnit::Yuan, 0, &fields, 1), 2);
        assert_eq!(align(&cells, MoneyUnit::Yuan, 0, &fields, 2), 3);
        assert_eq!(align(&cells, MoneyUnit::Yuan, 0, &fields, 3), 4);
    }
}
