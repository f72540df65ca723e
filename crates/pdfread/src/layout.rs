//! Pages → lines in the text reader's convention.
//!
//! 1. **Rules → tables.** Rules are snapped (positions within [`SNAP`] points are
//!    one), collinear pieces joined, and grouped into tables: sets of
//!    horizontal and vertical rules that cross each other. A table's grid has a
//!    column between every two neighbouring vertical rule positions and a row
//!    between every two horizontal ones. Two neighbouring slots are one cell
//!    when no rule separates them (merged header cells, or a row whose inner
//!    borders are not drawn). A cell's text is the glyphs whose centre lies in
//!    it, line by line, joined without separator (a wrapped name reads whole);
//!    it stands in the cell's first slot, the slots it covers are blank — as
//!    the HTML and XLSX readers expand `rowspan`/`colspan`.
//! 2. **Rows.** Each grid row is one line of TAB-separated cells. Columns empty
//!    in every row of the table, blank rows and trailing blank cells are
//!    dropped; a row left with a single cell is a plain line.
//! 3. **Text.** Glyphs in no table are grouped into lines by their vertical
//!    centre, each line ordered left to right, a space where the gap is wide
//!    (any gap between Latin letters or digits, more than 0.4 em between Chinese
//!    characters). Table rows and text lines are emitted in order of their top.
//! 4. **Unruled rows.** A line of text right above or below a ruled table whose
//!    pieces fall into the table's columns (a row at the top of a page printed
//!    without borders, a total row without its bottom rule) becomes a row of that
//!    table.

use crate::{Glyph, Page, PdfDocument, Rule};

/// Rule positions closer than this (points) are one.
const SNAP: f32 = 2.5;
/// Rules closer than this to crossing do cross.
const TOUCH: f32 = 3.0;

/// A box `[x0, y0, x1, y1]` in points.
pub type BBox = [f32; 4];

/// A line of output with where it was read.
#[derive(Debug, Clone, PartialEq)]
pub struct PdfLine {
    pub text: String,
    /// 1-based page number (across all documents read together).
    pub page: usize,
    /// The box of the line (display space, points).
    pub bbox: BBox,
    /// True for a table row.
    pub row: bool,
    /// A table row's cells, one box per TAB-separated field (display space): the
    /// cell's ruled box (a merged cell's whole box, also for the blank fields it
    /// covers; an unruled row's column × the line's height). Empty for a plain line.
    pub cells: Vec<BBox>,
    /// One box per character of `text` (display space): a glyph's box, or for a
    /// space put in for a gap the gap, for a TAB a point at the cell's start.
    pub chars: Vec<BBox>,
}

/// Where a page of a [`PdfText`] comes from.
#[derive(Debug, Clone, PartialEq)]
pub struct PageSource {
    /// The document (0-based, in the order read together) and its 1-based page.
    pub file: usize,
    pub page: usize,
    /// Display space → the page's default user space ([`crate::Page::to_user`]).
    pub to_user: [f32; 6],
}

/// The text of one or more PDFs: its lines, in order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PdfText {
    pub lines: Vec<PdfLine>,
    /// Per page (numbered on across the documents, `pages[page - 1]`): its file and transform.
    pub pages: Vec<PageSource>,
}

impl PdfText {
    /// The lines joined with `\n` (one more at the end).
    pub fn text(&self) -> String {
        let mut s = String::with_capacity(self.lines.iter().map(|l| l.text.len() + 1).sum());
        for l in &self.lines {
            s.push_str(&l.text);
            s.push('\n');
        }
        s
    }
}

/// The lines of a document.
pub fn to_text(doc: &PdfDocument) -> PdfText {
    to_text_many(std::slice::from_ref(doc))
}

/// The lines of several PDFs of one publication (narrative and tables), in order, pages numbered on.
pub fn to_text_many(docs: &[PdfDocument]) -> PdfText {
    let mut out = PdfText::default();
    let mut page_base = 0;
    for (file, doc) in docs.iter().enumerate() {
        for page in &doc.pages {
            page_lines(page, page_base + page.number, &mut out.lines);
            out.pages.push(PageSource { file, page: page.number, to_user: page.to_user });
        }
        page_base += doc.pages.len();
    }
    out
}

/// A snapped, joined rule: position across, and extent along.
#[derive(Debug, Clone, Copy)]
struct Edge {
    at: f32,
    lo: f32,
    hi: f32,
}

/// Snaps and joins rules of one orientation.
fn edges(mut raw: Vec<Edge>) -> Vec<Edge> {
    raw.sort_by(|a, b| a.at.total_cmp(&b.at));
    // Cluster positions.
    let mut i = 0;
    while i < raw.len() {
        let mut j = i + 1;
        while j < raw.len() && raw[j].at - raw[j - 1].at <= SNAP / 2.0 {
            j += 1;
        }
        let mean = raw[i..j].iter().map(|e| e.at).sum::<f32>() / (j - i) as f32;
        for e in &mut raw[i..j] {
            e.at = mean;
        }
        i = j;
    }
    raw.sort_by(|a, b| a.at.total_cmp(&b.at).then(a.lo.total_cmp(&b.lo)));
    let mut out: Vec<Edge> = Vec::with_capacity(raw.len());
    for e in raw {
        match out.last_mut() {
            Some(last) if last.at == e.at && e.lo <= last.hi + TOUCH => last.hi = last.hi.max(e.hi),
            _ => out.push(e),
        }
    }
    out
}

/// A table found from rules.
struct Grid {
    xs: Vec<f32>,
    ys: Vec<f32>,
    /// Slot (r, c) → cell id (the first slot of its cell, row-major).
    cell: Vec<usize>,
}

impl Grid {
    fn cols(&self) -> usize {
        self.xs.len() - 1
    }
    fn rows(&self) -> usize {
        self.ys.len() - 1
    }
    fn bbox(&self) -> [f32; 4] {
        [self.xs[0], self.ys[0], *self.xs.last().unwrap_or(&0.0), *self.ys.last().unwrap_or(&0.0)]
    }
    fn contains(&self, x: f32, y: f32) -> bool {
        let [x0, y0, x1, y1] = self.bbox();
        x >= x0 && x <= x1 && y >= y0 && y <= y1
    }
    /// The slot of a point inside the grid.
    fn slot(&self, x: f32, y: f32) -> Option<(usize, usize)> {
        if !self.contains(x, y) {
            return None;
        }
        let c = self.xs.partition_point(|&v| v <= x).saturating_sub(1).min(self.cols() - 1);
        let r = self.ys.partition_point(|&v| v <= y).saturating_sub(1).min(self.rows() - 1);
        Some((r, c))
    }
}

fn find(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

fn union(parent: &mut [usize], a: usize, b: usize) {
    let (ra, rb) = (find(parent, a), find(parent, b));
    if ra != rb {
        // The smaller index (first slot in row-major order) stays the root.
        let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
        parent[hi] = lo;
    }
}

/// Clusters sorted positions within `SNAP`.
fn positions(mut v: Vec<f32>) -> Vec<f32> {
    v.sort_by(f32::total_cmp);
    let mut out: Vec<f32> = Vec::new();
    let mut run: Vec<f32> = Vec::new();
    for x in v {
        if run.last().is_some_and(|&l| x - l > SNAP) {
            out.push(run.iter().sum::<f32>() / run.len() as f32);
            run.clear();
        }
        run.push(x);
    }
    if !run.is_empty() {
        out.push(run.iter().sum::<f32>() / run.len() as f32);
    }
    out
}

/// The tables drawn by a page's rules.
fn grids(rules: &[Rule]) -> Vec<Grid> {
    let mut h = Vec::new();
    let mut v = Vec::new();
    for r in rules {
        if r.is_horizontal() {
            h.push(Edge { at: (r.y0 + r.y1) / 2.0, lo: r.x0, hi: r.x1 });
        } else {
            v.push(Edge { at: (r.x0 + r.x1) / 2.0, lo: r.y0, hi: r.y1 });
        }
    }
    let h = edges(h);
    let v = edges(v);
    if h.is_empty() || v.is_empty() {
        return Vec::new();
    }
    // Components of crossing rules.
    let n = h.len() + v.len();
    let mut parent: Vec<usize> = (0..n).collect();
    let mut crosses = vec![false; n];
    for (i, he) in h.iter().enumerate() {
        for (j, ve) in v.iter().enumerate() {
            if ve.at >= he.lo - TOUCH && ve.at <= he.hi + TOUCH && he.at >= ve.lo - TOUCH && he.at <= ve.hi + TOUCH {
                union(&mut parent, i, h.len() + j);
                crosses[i] = true;
                crosses[h.len() + j] = true;
            }
        }
    }
    let mut groups: std::collections::BTreeMap<usize, (Vec<Edge>, Vec<Edge>)> = Default::default();
    for i in 0..n {
        if !crosses[i] {
            continue;
        }
        let root = find(&mut parent, i);
        let g = groups.entry(root).or_default();
        if i < h.len() { g.0.push(h[i]) } else { g.1.push(v[i - h.len()]) }
    }
    let mut out = Vec::new();
    for (_, (hs, vs)) in groups {
        if hs.len() < 2 || vs.len() < 2 {
            continue;
        }
        let xs = positions(vs.iter().map(|e| e.at).collect());
        let ys = positions(hs.iter().map(|e| e.at).collect());
        if xs.len() < 2 || ys.len() < 2 {
            continue;
        }
        let (rows, cols) = (ys.len() - 1, xs.len() - 1);
        let covers = |edges: &[Edge], at: f32, lo: f32, hi: f32| {
            let mid = (lo + hi) / 2.0;
            edges.iter().any(|e| (e.at - at).abs() <= SNAP && e.lo <= mid && e.hi >= mid)
        };
        let mut parent: Vec<usize> = (0..rows * cols).collect();
        for r in 0..rows {
            for c in 0..cols {
                if c + 1 < cols && !covers(&vs, xs[c + 1], ys[r], ys[r + 1]) {
                    union(&mut parent, r * cols + c, r * cols + c + 1);
                }
                if r + 1 < rows && !covers(&hs, ys[r + 1], xs[c], xs[c + 1]) {
                    union(&mut parent, r * cols + c, (r + 1) * cols + c);
                }
            }
        }
        let cell = (0..rows * cols).map(|i| find(&mut parent, i)).collect();
        out.push(Grid { xs, ys, cell });
    }
    out
}

fn is_ideograph(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x9FFF | 0xF900..=0xFAFF)
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x2E80..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF)
}

/// Appends the glyphs of one line (sorted by x) to `out`: printed spaces as they
/// are, and a space where a gap is wide (any gap between Latin letters or digits,
/// more than 0.4 em between Chinese characters). In a table cell (`cell`), spaces
/// between Chinese characters are justification and are dropped.
fn push_line(out: &mut String, boxes: &mut Vec<BBox>, glyphs: &[&Glyph], cell: bool) {
    let start = out.len();
    let first_box = boxes.len();
    let mut prev: Option<&Glyph> = None;
    for g in glyphs {
        if let Some(p) = prev {
            // A glyph drawn twice (fake bold) is one.
            if p.ch == g.ch && (g.x0 - p.x0).abs() < 0.3 * g.size.max(1.0) {
                continue;
            }
            if p.ch != ' ' && g.ch != ' ' {
                let gap = g.x0 - p.x1;
                let em = p.size.max(g.size).max(1.0);
                let latin = !is_cjk(p.ch) && !is_cjk(g.ch);
                let space = if latin { gap > 0.2 * em } else { !cell && gap > 0.4 * em };
                let gap_box = [p.x1, p.y0.min(g.y0), g.x0.max(p.x1), p.y1.max(g.y1)];
                if space {
                    out.push(' ');
                    boxes.push(gap_box);
                }
                // A wide gap in free text (columns of an unruled table) is two spaces:
                // the views split an unruled line at runs of spaces.
                if !cell && gap > 1.5 * em {
                    out.push(' ');
                    boxes.push(gap_box);
                }
            }
        }
        out.push(g.ch);
        boxes.push([g.x0, g.y0, g.x1, g.y1]);
        prev = Some(g);
    }
    if cell && out[start..].contains([' ', '\u{3000}']) {
        let text: Vec<char> = out[start..].chars().collect();
        let text_boxes: Vec<BBox> = boxes.split_off(first_box);
        out.truncate(start);
        for (i, &c) in text.iter().enumerate() {
            if c == ' ' || c == '\u{3000}' {
                let before = text[..i].iter().rev().find(|c| **c != ' ' && **c != '\u{3000}');
                let after = text[i + 1..].iter().find(|c| **c != ' ' && **c != '\u{3000}');
                match (before, after) {
                    (Some(b), Some(a)) if !(is_cjk(*b) && is_cjk(*a)) => {
                        out.push(' ');
                        boxes.push(text_boxes[i]);
                    }
                    _ => {}
                }
            } else {
                out.push(c);
                boxes.push(text_boxes[i]);
            }
        }
    }
}

/// Groups glyphs into lines by vertical centre; each line sorted by x.
fn lines_of(mut glyphs: Vec<&Glyph>) -> Vec<Vec<&Glyph>> {
    glyphs.sort_by(|a, b| a.cy().total_cmp(&b.cy()));
    let mut lines: Vec<Vec<&Glyph>> = Vec::new();
    let mut centre = f32::MIN;
    let mut size = 0.0f32;
    for g in glyphs {
        let tol = 0.45 * size.min(g.size).max(1.0);
        match lines.last_mut() {
            Some(line) if (g.cy() - centre).abs() <= tol => {
                line.push(g);
            }
            _ => {
                lines.push(vec![g]);
                centre = g.cy();
                size = g.size;
            }
        }
    }
    for l in &mut lines {
        l.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    }
    lines
}

fn bbox_of(glyphs: &[&Glyph]) -> [f32; 4] {
    glyphs.iter().fold([f32::MAX, f32::MAX, f32::MIN, f32::MIN], |b, g| {
        [b[0].min(g.x0), b[1].min(g.y0), b[2].max(g.x1), b[3].max(g.y1)]
    })
}

/// Drops spaces that only letter-space Chinese text (`目 录`, `单  位  ：万元`):
/// a run of spaces between two Chinese characters or punctuation marks when the
/// word on either side of it is a single Chinese character (`。 。` stays).
fn unspace(chars: &[char], boxes: &[BBox]) -> (String, Vec<BBox>) {
    let mut out = String::with_capacity(chars.len() * 3);
    let mut out_boxes = Vec::with_capacity(boxes.len());
    let mut i = 0;
    while i < chars.len() {
        if chars[i] != ' ' {
            out.push(chars[i]);
            out_boxes.push(boxes[i]);
            i += 1;
            continue;
        }
        let end = (i..chars.len()).find(|&k| chars[k] != ' ').unwrap_or(chars.len());
        let left = chars[..i].iter().rev().take_while(|c| **c != ' ').count();
        let right = chars[end..].iter().take_while(|c| **c != ' ').count();
        let between_cjk = i > 0 && end < chars.len() && is_cjk(chars[i - 1]) && is_cjk(chars[end]);
        let single = (left == 1 && is_ideograph(chars[i - 1])) || (right == 1 && is_ideograph(chars[end]));
        if !(between_cjk && single) {
            out.extend(&chars[i..end]);
            out_boxes.extend(&boxes[i..end]);
        }
        i = end;
    }
    (out, out_boxes)
}

/// A free line's pieces: runs of glyphs split at printed spaces and wide gaps.
fn pieces<'g>(line: &[&'g Glyph]) -> Vec<Vec<&'g Glyph>> {
    let mut out: Vec<Vec<&Glyph>> = Vec::new();
    let mut current: Vec<&Glyph> = Vec::new();
    for g in line {
        let split = g.ch == ' ' || current.last().is_some_and(|p| g.x0 - p.x1 > 0.8 * p.size.max(g.size).max(1.0));
        if split && !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
        if g.ch != ' ' {
            current.push(g);
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

fn is_amount(s: &str) -> bool {
    let s = s.trim_start_matches('-');
    !s.is_empty()
        && s.bytes().any(|b| b.is_ascii_digit())
        && s.bytes().all(|b| b.is_ascii_digit() || b == b',' || b == b'.')
}

/// The cells of a free line that reads as an unruled row of `grid`: at least two
/// pieces, each inside one column, in different columns, one of them an amount.
fn unruled_row(grid: &Grid, line: &[&Glyph]) -> Option<Vec<(usize, String, Vec<BBox>)>> {
    let [x0, _, x1, _] = grid.bbox();
    let mut cells: Vec<(usize, String, Vec<BBox>)> = Vec::new();
    for piece in pieces(line) {
        let (a, b) = (piece[0].x0, piece[piece.len() - 1].x1);
        if a < x0 - SNAP || b > x1 + SNAP {
            return None;
        }
        let col = |x: f32| grid.xs.partition_point(|&v| v <= x).saturating_sub(1).min(grid.cols() - 1);
        let c = col((a + b) / 2.0);
        if col(a + SNAP) != c || col(b - SNAP) != c || cells.last().is_some_and(|l| l.0 >= c) {
            return None;
        }
        let mut text = String::new();
        let mut boxes = Vec::new();
        push_line(&mut text, &mut boxes, &piece, true);
        cells.push((c, text, boxes));
    }
    (cells.len() >= 2 && cells.iter().any(|c| is_amount(&c.1))).then_some(cells)
}

/// An unruled row claimed by a table: its top, bottom, and cells by column.
type UnruledRow = (f32, f32, Vec<(usize, String, Vec<BBox>)>);

/// One page's lines, appended to `out` in reading order.
fn page_lines(page: &Page, number: usize, out: &mut Vec<PdfLine>) {
    let grids = grids(&page.rules);
    // Glyphs per table cell; the rest is free text.
    let mut cells: Vec<Vec<Vec<&Glyph>>> = grids.iter().map(|g| vec![Vec::new(); g.cell.len()]).collect();
    let mut free: Vec<&Glyph> = Vec::new();
    'glyphs: for g in &page.glyphs {
        for (t, grid) in grids.iter().enumerate() {
            if let Some((r, c)) = grid.slot(g.cx(), g.cy()) {
                cells[t][grid.cell[r * grid.cols() + c]].push(g);
                continue 'glyphs;
            }
        }
        free.push(g);
    }
    let free_lines = lines_of(free);
    let mut claimed = vec![false; free_lines.len()];
    // Unruled rows right above or below a table (a row at a page top, a total row without its rule).
    let mut extra: Vec<Vec<UnruledRow>> = vec![Vec::new(); grids.len()];
    for (t, grid) in grids.iter().enumerate() {
        let [_, top, _, bottom] = grid.bbox();
        let height = |l: &[&Glyph]| bbox_of(l)[3] - bbox_of(l)[1];
        // Upwards from the top.
        let mut edge = top;
        for (k, line) in free_lines.iter().enumerate().rev() {
            let b = bbox_of(line);
            if claimed[k] || b[3] > edge + 1.0 {
                continue;
            }
            if edge - b[3] > 1.5 * height(line) {
                break;
            }
            let Some(cells) = unruled_row(grid, line) else { break };
            claimed[k] = true;
            extra[t].push((b[1], b[3], cells));
            edge = b[1];
        }
        // Downwards from the bottom.
        let mut edge = bottom;
        for (k, line) in free_lines.iter().enumerate() {
            let b = bbox_of(line);
            if claimed[k] || b[1] < edge - 1.0 {
                continue;
            }
            if b[1] - edge > 1.5 * height(line) {
                break;
            }
            let Some(cells) = unruled_row(grid, line) else { break };
            claimed[k] = true;
            extra[t].push((b[1], b[3], cells));
            edge = b[3];
        }
    }
    let mut items: Vec<PdfLine> = Vec::new();
    for (t, grid) in grids.iter().enumerate() {
        let cols = grid.cols();
        let texts: Vec<(String, Vec<BBox>)> = cells[t]
            .iter()
            .map(|gs| {
                let mut s = String::new();
                let mut boxes = Vec::new();
                if !gs.is_empty() {
                    for line in lines_of(gs.clone()) {
                        push_line(&mut s, &mut boxes, &line, true);
                    }
                }
                (s, boxes)
            })
            .collect();
        // Each cell's box (a merged cell spans its slots).
        let mut cell_box: Vec<BBox> = vec![[f32::MAX, f32::MAX, f32::MIN, f32::MIN]; grid.cell.len()];
        for (slot, &cell) in grid.cell.iter().enumerate() {
            let (r, c) = (slot / cols, slot % cols);
            let b = &mut cell_box[cell];
            *b = [b[0].min(grid.xs[c]), b[1].min(grid.ys[r]), b[2].max(grid.xs[c + 1]), b[3].max(grid.ys[r + 1])];
        }
        // Which columns hold text anywhere.
        let mut used = vec![false; cols];
        for (slot, &cell) in grid.cell.iter().enumerate() {
            if cell == slot && !texts[slot].0.is_empty() {
                used[slot % cols] = true;
            }
        }
        for (_, _, cells) in &extra[t] {
            for (c, _, _) in cells {
                used[*c] = true;
            }
        }
        // A row: per field its text, character boxes and cell box.
        let mut emit = |row: &mut Vec<(&str, &[BBox], BBox)>, bbox: [f32; 4]| {
            while row.last().is_some_and(|c| c.0.is_empty()) {
                row.pop();
            }
            if row.is_empty() {
                return;
            }
            let mut text = String::new();
            let mut chars = Vec::new();
            for (i, (t, b, cell)) in row.iter().enumerate() {
                if i > 0 {
                    text.push('\t');
                    chars.push([cell[0], cell[1], cell[0], cell[1]]);
                }
                text.push_str(t);
                chars.extend_from_slice(b);
            }
            let cells = row.iter().map(|c| c.2).collect();
            items.push(PdfLine { text, page: number, bbox, row: row.len() > 1, cells, chars });
        };
        for r in 0..grid.rows() {
            let mut row: Vec<(&str, &[BBox], BBox)> = Vec::new();
            for c in (0..cols).filter(|&c| used[c]) {
                let slot = r * cols + c;
                let cell = grid.cell[slot];
                if cell == slot {
                    row.push((&texts[slot].0, &texts[slot].1, cell_box[cell]));
                } else {
                    row.push(("", &[], cell_box[cell]));
                }
            }
            emit(&mut row, [grid.xs[0], grid.ys[r], grid.xs[cols], grid.ys[r + 1]]);
        }
        for (y0, y1, cells) in &extra[t] {
            let mut row: Vec<(&str, &[BBox], BBox)> = Vec::new();
            for c in (0..cols).filter(|&c| used[c]) {
                let b = [grid.xs[c], *y0, grid.xs[c + 1], *y1];
                row.push(cells.iter().find(|x| x.0 == c).map_or(("", &[], b), |x| (x.1.as_str(), &x.2, b)));
            }
            emit(&mut row, [grid.xs[0], *y0, grid.xs[cols], *y1]);
        }
    }
    for (k, line) in free_lines.iter().enumerate() {
        if claimed[k] {
            continue;
        }
        let mut s = String::new();
        let mut boxes = Vec::new();
        push_line(&mut s, &mut boxes, line, false);
        let chars: Vec<char> = s.chars().collect();
        let a = chars.iter().position(|c| !c.is_whitespace()).unwrap_or(chars.len());
        let b = chars.iter().rposition(|c| !c.is_whitespace()).map_or(a, |b| b + 1);
        let (s, chars) = unspace(&chars[a..b], &boxes[a..b]);
        if !s.is_empty() {
            items.push(PdfLine { text: s, page: number, bbox: bbox_of(line), row: false, cells: Vec::new(), chars });
        }
    }
    items.sort_by(|a, b| a.bbox[1].total_cmp(&b.bbox[1]).then(a.bbox[0].total_cmp(&b.bbox[0])));
    out.extend(items);
}
