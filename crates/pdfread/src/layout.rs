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
//! 5. **Open cells.** Rules that are only the edges of shaded cells (a form's
//!    label column, a shaded header, printed without borders) still make a grid:
//!    groups of rules side by side that share their rows are one grid, and the
//!    text that runs on from its right edge a column more. A cell whose border
//!    is missing on two sides, or on one when it spans columns, is *open*: its
//!    text is laid out by alignment (step 6) in the grid's columns — refined by
//!    the gutters of that text — and its rows are sub-rows of the grid row they
//!    start in, the first sharing the line with the row's closed cells.
//! 6. **Tables from alignment** (`layout/align.rs`). Runs of free lines that read as a
//!    table — fragments split at gaps wider than half an em, aligned in columns
//!    (a whitespace projection), amounts among them — become rows of cells: in
//!    the columns of a ruled table right above or below (an unruled body under a
//!    shaded header), of the table that ended the previous page (a continued
//!    page), or their own; wrapped names joined, labels centred over the rows
//!    they span put in the first. Titles, units lines, notes, paragraphs and
//!    two-column lists (a table of contents) stay plain lines.

use crate::{Glyph, Page, PdfDocument, Rule};

mod align;

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
    // The columns of a table that ends a page, for its unruled continuation on the next.
    let mut carry: Option<Vec<f32>> = None;
    for (file, doc) in docs.iter().enumerate() {
        for page in &doc.pages {
            carry = page_lines(page, page_base + page.number, &mut out.lines, carry.as_deref());
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
    /// Slots of no closed cell: a region inside the grid not bordered all round
    /// (the unshaded cells of a form whose only rules are the edges of shaded
    /// label cells). Each is its own cell, and its text goes by fragment.
    open: Vec<bool>,
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

/// The grid's column positions with the gutters of the text in its open slots
/// added: per grid row, the x-intervals its open lines' fragments cover; a gap
/// between two with no column boundary in it is one.
fn refine(grid: &Grid, glyphs: &[Glyph]) -> Vec<f32> {
    let cols = grid.cols();
    let mut per_band: Vec<Vec<&Glyph>> = vec![Vec::new(); grid.rows()];
    for g in glyphs {
        if let Some((r, c)) = grid.slot(g.cx(), g.cy())
            && grid.open[r * cols + c]
        {
            per_band[r].push(g);
        }
    }
    let mut xs = grid.xs.clone();
    for band in per_band {
        if band.is_empty() {
            continue;
        }
        let mut iv: Vec<(f32, f32)> = Vec::new();
        let mut em = 1.0f32;
        for line in lines_of(band) {
            for f in align::frags(&line) {
                let b = bbox_of(&f.glyphs);
                em = em.max(f.glyphs[0].size);
                align::add(&mut iv, b[0], b[2], 0.3 * em);
            }
        }
        for w in iv.windows(2) {
            let (a, b) = (w[0].1, w[1].0);
            if !xs.iter().any(|&x| x >= a - SNAP && x <= b + SNAP) {
                let at = xs.partition_point(|&x| x < (a + b) / 2.0);
                xs.insert(at, (a + b) / 2.0);
            }
        }
    }
    xs
}

/// Groups of rules side by side that share their rows are one table: the
/// shaded label columns of a form (`项目名称 … 项目代码 …`) drawn without
/// borders, the values between them unruled.
fn merge_side_by_side(groups: &mut Vec<(Vec<Edge>, Vec<Edge>)>) {
    let span = |g: &(Vec<Edge>, Vec<Edge>)| {
        let ys = g.0.iter().map(|e| e.at);
        let xs = g.1.iter().map(|e| e.at);
        let (y0, y1) = ys.fold((f32::MAX, f32::MIN), |a, y| (a.0.min(y), a.1.max(y)));
        let (x0, x1) = xs.fold((f32::MAX, f32::MIN), |a, x| (a.0.min(x), a.1.max(x)));
        (x0, y0, x1, y1)
    };
    let shared = |a: &[Edge], b: &[Edge]| {
        let pa = positions(a.iter().map(|e| e.at).collect());
        let pb = positions(b.iter().map(|e| e.at).collect());
        pa.iter().filter(|y| pb.iter().any(|z| (*y - z).abs() <= SNAP)).count()
    };
    let mut i = 0;
    while i < groups.len() {
        let mut merged = false;
        for j in i + 1..groups.len() {
            let (a, b) = (span(&groups[i]), span(&groups[j]));
            let disjoint = a.2 < b.0 - SNAP || b.2 < a.0 - SNAP;
            let overlap = a.3.min(b.3) - a.1.max(b.1);
            let shorter = (a.3 - a.1).min(b.3 - b.1);
            let big = |g: (f32, f32, f32, f32)| g.2 - g.0 >= 20.0 && g.3 - g.1 >= 12.0;
            if disjoint && big(a) && big(b) && overlap > 0.5 * shorter && shared(&groups[i].0, &groups[j].0) >= 3 {
                let (hs, vs) = groups.remove(j);
                groups[i].0.extend(hs);
                groups[i].1.extend(vs);
                merged = true;
                break;
            }
        }
        if !merged {
            i += 1;
        }
    }
}

/// A table whose last ruled column is a column of labels with text beside it
/// (a form's values, unruled): the text within the table's height that starts
/// within 1.2 em of its right edge and goes on from there (each glyph within
/// 3 em of the last) is a column more, open (see [`Grid::open`]).
fn extend_right(xs: &mut Vec<f32>, grid: &Grid, glyphs: &[Glyph]) {
    let ys = &grid.ys;
    let (top, bottom) = (ys[0], ys[ys.len() - 1]);
    let right = xs[xs.len() - 1];
    // Not a chart's legend key.
    if right - xs[0] < 20.0 || bottom - top < 12.0 {
        return;
    }
    let level: Vec<&Glyph> = glyphs.iter().filter(|g| g.ch != ' ' && g.cy() > top && g.cy() < bottom).collect();
    let mut beside: Vec<&Glyph> = level.iter().copied().filter(|g| g.x1 > right + SNAP).collect();
    if beside.is_empty() {
        return;
    }
    beside.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    // The value cell's text starts at its padding from the labels' edge.
    if beside[0].x0 > right + 1.2 * beside[0].size.max(1.0) {
        return;
    }
    // The last column's closed cells are labels: most hold text (not a chart's wedges).
    let cols = grid.cols();
    let closed = |i: usize| !grid.open[i];
    let mut labelled = vec![false; grid.rows()];
    for g in &level {
        if let Some((r, c)) = grid.slot(g.cx(), g.cy())
            && c == cols - 1
        {
            labelled[r] = true;
        }
    }
    let last: Vec<usize> = (0..grid.rows())
        .filter(|&r| closed(r * cols + cols - 1) && grid.cell[r * cols + cols - 1] == r * cols + cols - 1)
        .collect();
    if last.is_empty() || last.iter().filter(|&&r| labelled[r]).count() * 2 < last.len() {
        return;
    }
    // No text runs on from a closed cell (a chart's label overflowing its frame).
    let runs_on = level.iter().any(|g| {
        g.x1 <= right + SNAP
            && g.x1 > right - 2.0 * g.size
            && grid.slot(g.cx(), g.cy()).is_some_and(|(r, c)| closed(r * cols + c))
            && beside.iter().take_while(|b| b.x0 < g.x1 + 0.6 * g.size).any(|b| {
                (g.cy() - b.cy()).abs() < 0.3 * b.size && g.x1 <= b.x0 + 0.5 && b.x0 - g.x1 < 0.6 * b.size.max(g.size)
            })
    });
    if runs_on {
        return;
    }
    let mut edge = right;
    for g in beside {
        if g.x0 > edge + 3.0 * g.size.max(1.0) {
            break;
        }
        edge = edge.max(g.x1);
    }
    if edge > right + SNAP {
        xs.push(edge + 1.0);
    }
}

/// The tables drawn by a page's rules.
fn grids(rules: &[Rule], glyphs: &[Glyph]) -> Vec<Grid> {
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
    let mut groups: Vec<(Vec<Edge>, Vec<Edge>)> =
        groups.into_values().filter(|(hs, vs)| hs.len() >= 2 && vs.len() >= 2).collect();
    merge_side_by_side(&mut groups);
    let mut out = Vec::new();
    for (hs, vs) in groups {
        let mut xs = positions(vs.iter().map(|e| e.at).collect());
        let ys = positions(hs.iter().map(|e| e.at).collect());
        if xs.len() < 2 || ys.len() < 2 {
            continue;
        }
        let first = build(xs.clone(), ys.clone(), &hs, &vs);
        extend_right(&mut xs, &first, glyphs);
        let grid = if xs.len() > first.xs.len() { build(xs, ys, &hs, &vs) } else { first };
        // Open text with columns of its own inside a grid column (a row of an
        // unruled table beside shaded labels): its gutters are columns too.
        let refined = refine(&grid, glyphs);
        out.push(if refined.len() > grid.xs.len() { build(refined, grid.ys, &hs, &vs) } else { grid });
    }
    out
}

/// A grid from its column and row positions and its rules.
fn build(xs: Vec<f32>, ys: Vec<f32>, hs: &[Edge], vs: &[Edge]) -> Grid {
    let (rows, cols) = (ys.len() - 1, xs.len() - 1);
    let covers = |edges: &[Edge], at: f32, lo: f32, hi: f32| {
        let mid = (lo + hi) / 2.0;
        edges.iter().any(|e| (e.at - at).abs() <= SNAP && e.lo <= mid && e.hi >= mid)
    };
    let (hs, vs) = (hs.to_vec(), vs.to_vec());
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
    let mut cell: Vec<usize> = (0..rows * cols).map(|i| find(&mut parent, i)).collect();
    // A cell is open when its border is missing on two of its four sides or more
    // (one missing side is a row continued from the previous page, or a table
    // drawn without its outer frame).
    let mut missing = vec![0u8; rows * cols];
    for r in 0..rows {
        for c in 0..cols {
            let id = cell[r * cols + c];
            let other = |rr: Option<usize>, cc: Option<usize>| match (rr, cc) {
                (Some(rr), Some(cc)) if rr < rows && cc < cols => cell[rr * cols + cc] != id,
                _ => true,
            };
            let sides = [
                (other(r.checked_sub(1), Some(c)), covers(&hs, ys[r], xs[c], xs[c + 1])),
                (other(Some(r + 1), Some(c)), covers(&hs, ys[r + 1], xs[c], xs[c + 1])),
                (other(Some(r), c.checked_sub(1)), covers(&vs, xs[c], ys[r], ys[r + 1])),
                (other(Some(r), Some(c + 1)), covers(&vs, xs[c + 1], ys[r], ys[r + 1])),
            ];
            for (k, &(border, ruled)) in sides.iter().enumerate() {
                if border && !ruled {
                    missing[id] |= 1 << k;
                }
            }
        }
    }
    // A cell over several columns with a side missing is open too (no merged
    // header is drawn without its frame; a form's unshaded region is).
    let mut first_col = vec![usize::MAX; rows * cols];
    let mut wide = vec![false; rows * cols];
    for (i, &id) in cell.iter().enumerate() {
        let c = i % cols;
        if first_col[id] == usize::MAX {
            first_col[id] = c;
        } else if first_col[id] != c {
            wide[id] = true;
        }
    }
    let open: Vec<bool> = (0..rows * cols)
        .map(|i| {
            let m = missing[cell[i]].count_ones();
            m >= 2 || (m >= 1 && wide[cell[i]])
        })
        .collect();
    for (i, c) in cell.iter_mut().enumerate() {
        if open[i] {
            *c = i;
        }
    }
    Grid { xs, ys, cell, open }
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

/// A row: per field its text, character boxes and cell box; trailing blank
/// fields dropped, a row left with one field a plain line.
fn emit_row(items: &mut Vec<PdfLine>, number: usize, row: &mut Vec<(&str, &[BBox], BBox)>, bbox: BBox) {
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
}

/// A cell's text and character boxes from its glyphs, line by line, joined without separator.
fn cell_text(glyphs: &[&Glyph]) -> (String, Vec<BBox>) {
    let mut s = String::new();
    let mut boxes = Vec::new();
    if !glyphs.is_empty() {
        for line in lines_of(glyphs.to_vec()) {
            push_line(&mut s, &mut boxes, &line, true);
        }
    }
    (s, boxes)
}

/// One page's lines, appended to `out` in reading order.
/// `carry`: the column boundaries of the table that ended the previous page;
/// returns this page's, if a table ends it.
fn page_lines(page: &Page, number: usize, out: &mut Vec<PdfLine>, carry: Option<&[f32]>) -> Option<Vec<f32>> {
    let grids = grids(&page.rules, &page.glyphs);
    // Glyphs per table cell; the rest is free text.
    let mut cells: Vec<Vec<Vec<&Glyph>>> = grids.iter().map(|g| vec![Vec::new(); g.cell.len()]).collect();
    let mut free: Vec<&Glyph> = Vec::new();
    let mut open: Vec<Vec<&Glyph>> = vec![Vec::new(); grids.len()];
    'glyphs: for g in &page.glyphs {
        for (t, grid) in grids.iter().enumerate() {
            if let Some((r, c)) = grid.slot(g.cx(), g.cy()) {
                let slot = r * grid.cols() + c;
                if grid.open[slot] {
                    open[t].push(g);
                } else {
                    cells[t][grid.cell[slot]].push(g);
                }
                continue 'glyphs;
            }
        }
        free.push(g);
    }
    // Text in open slots: rows from its alignment in the grid's columns, each in
    // the grid row (band) where it starts.
    let subs: Vec<Vec<(usize, UnruledRow)>> = open
        .into_iter()
        .zip(&grids)
        .map(|(glyphs, grid)| {
            let rows =
                if glyphs.is_empty() { Vec::new() } else { align::open_rows(&lines_of(glyphs), &grid.xs, &grid.ys) };
            rows.into_iter()
                .map(|row| {
                    let first_line = row.y0 + 0.5 * (row.y1 - row.y0).min(row.em);
                    let band = grid.ys.partition_point(|&y| y <= first_line).saturating_sub(1).min(grid.rows() - 1);
                    let cells = row.cells.iter().map(|(c, gs)| {
                        let (s, b) = cell_text(gs);
                        (*c, s, b)
                    });
                    (band, (row.y0, row.y1, cells.collect()))
                })
                .collect()
        })
        .collect();
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
    // Tables without rules, from the alignment of the rest.
    let extents: Vec<BBox> = grids
        .iter()
        .zip(&extra)
        .map(|(g, rows)| {
            let b = g.bbox();
            rows.iter().fold(b, |b, r| [b[0], b[1].min(r.0), b[2], b[3].max(r.1)])
        })
        .collect();
    let mut items: Vec<PdfLine> = Vec::new();
    for table in align::tables(&free_lines, &claimed, &grids, &extents, carry) {
        for &k in &table.lines {
            claimed[k] = true;
        }
        match &table.columns {
            align::Columns::Grid(t) => {
                for row in &table.rows {
                    let cells = row.cells.iter().map(|(c, gs)| {
                        let (s, b) = cell_text(gs);
                        (*c, s, b)
                    });
                    extra[*t].push((row.y0, row.y1, cells.collect()));
                }
            }
            align::Columns::Free(bounds) => {
                let texts: Vec<Vec<(usize, String, Vec<BBox>)>> = table
                    .rows
                    .iter()
                    .map(|r| {
                        r.cells
                            .iter()
                            .map(|(c, gs)| {
                                let (s, b) = cell_text(gs);
                                (*c, s, b)
                            })
                            .collect()
                    })
                    .collect();
                let n = bounds.len() - 1;
                for (r, cells) in table.rows.iter().zip(&texts) {
                    let mut row: Vec<(&str, &[BBox], BBox)> = (0..n)
                        .map(|c| {
                            let b = [bounds[c], r.y0, bounds[c + 1], r.y1];
                            cells.iter().find(|x| x.0 == c).map_or(("", &[][..], b), |x| (x.1.as_str(), &x.2[..], b))
                        })
                        .collect();
                    emit_row(&mut items, number, &mut row, [bounds[0], r.y0, bounds[n], r.y1]);
                }
            }
        }
    }
    for (t, grid) in grids.iter().enumerate() {
        let cols = grid.cols();
        let texts: Vec<(String, Vec<BBox>)> = cells[t].iter().map(|gs| cell_text(gs)).collect();
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
        for (_, _, cells) in extra[t].iter().chain(subs[t].iter().map(|s| &s.1)) {
            for (c, _, _) in cells {
                used[*c] = true;
            }
        }
        let mut emit = |row: &mut Vec<(&str, &[BBox], BBox)>, bbox: [f32; 4]| emit_row(&mut items, number, row, bbox);
        for r in 0..grid.rows() {
            // The open text's rows in this band: the first shares the row with the closed cells.
            let mut mine = subs[t].iter().filter(|s| s.0 == r).map(|s| &s.1).peekable();
            let first = mine.next();
            let mut row: Vec<(&str, &[BBox], BBox)> = Vec::new();
            for c in (0..cols).filter(|&c| used[c]) {
                let slot = r * cols + c;
                let cell = grid.cell[slot];
                let sub = first.and_then(|f| f.2.iter().find(|x| x.0 == c).map(|x| (x, f.0, f.1)));
                if let Some((x, y0, y1)) = sub.filter(|_| grid.open[slot] || texts[slot].0.is_empty()) {
                    row.push((&x.1, &x.2, [grid.xs[c], y0, grid.xs[c + 1], y1]));
                } else if cell == slot {
                    row.push((&texts[slot].0, &texts[slot].1, cell_box[cell]));
                } else {
                    row.push(("", &[], cell_box[cell]));
                }
            }
            emit(&mut row, [grid.xs[0], grid.ys[r], grid.xs[cols], grid.ys[r + 1]]);
            for (y0, y1, cells) in mine {
                let mut row: Vec<(&str, &[BBox], BBox)> = Vec::new();
                for c in (0..cols).filter(|&c| used[c]) {
                    let b = [grid.xs[c], *y0, grid.xs[c + 1], *y1];
                    row.push(cells.iter().find(|x| x.0 == c).map_or(("", &[], b), |x| (x.1.as_str(), &x.2, b)));
                }
                emit(&mut row, [grid.xs[0], *y0, grid.xs[cols], *y1]);
            }
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
    // A table that ends the page (only short lines, a page number, after its last
    // row) may go on on the next: the columns of its widest row among the last ones.
    let next = items
        .iter()
        .rposition(|l| l.row)
        .filter(|&k| items[k + 1..].iter().all(|l| l.text.chars().count() <= 12))
        .and_then(|k| {
            let first = items[..k].iter().rposition(|l| !l.row).map_or(0, |j| j + 1);
            let widest = items[first..=k].iter().rev().take(8).max_by_key(|l| l.cells.len())?;
            let c = &widest.cells;
            let mut bounds = vec![c[0][0]];
            bounds.extend(c.windows(2).map(|w| (w[0][2] + w[1][0]) / 2.0));
            bounds.push(c[c.len() - 1][2]);
            bounds.windows(2).all(|w| w[0] < w[1]).then_some(bounds)
        });
    out.extend(items);
    next
}
