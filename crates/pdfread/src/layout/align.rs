//! Tables without ruling lines, from the alignment of their text.
//!
//! A table printed without borders (an Excel export with partial or no borders,
//! a Word table whose borders were removed, the unruled top rows of a continued
//! page) reaches [`super::page_lines`] as free text. Here runs of free lines
//! that read as a table become rows of cells:
//!
//! 1. **Fragments.** A line is cut into fragments where two glyphs are more
//!    than [`FRAG_GAP`] em apart (a printed space, the gap between a code and a
//!    name, stays inside). A line is *row-like* when it has two fragments or
//!    more and one of them is an amount (`1,234.56`, `-3`, `12.5%`).
//! 2. **Body.** From a row-like line, the block grows downwards over lines
//!    that are close (at most 2 em apart, no ruled table between) while no
//!    fragment bridges two columns; the columns are the x-intervals covered by
//!    the fragments so far (a whitespace projection: a gutter is an interval
//!    empty in every line). Lines that are not row-like (a wrapped name, a row
//!    without amounts) count only once a row-like line follows them.
//! 3. **Edges.** Above the body, header lines (two fragments or more, or one
//!    that shares the first row's height, as a name wrapped around a centred
//!    amount; never a units line `单位：万元`); below it, lines whose fragments
//!    fall into the columns (a row without amounts outside the first column,
//!    or a wrapped continuation). A header fragment over no column adds one
//!    (a column empty in the body).
//! 4. **Acceptance.** A block right above or below a ruled table, within its
//!    width and mostly inside its columns, takes the table's columns (its rows
//!    become rows of that table, as [`super`]'s unruled rows do). Any other
//!    block is a table when it has at least two row-like lines and three
//!    columns each used by two lines; a paragraph, a title, a table of contents
//!    (two columns) stay plain lines.
//! 5. **Rows.** Each line's fragments go to the column they lie in (one that
//!    spans columns, a merged header, to its first — an amount to its last);
//!    pieces of one column on successive lines closer than a row gap are one
//!    wrapped cell; cells whose heights overlap are one row (a name wrapped
//!    over two lines and its vertically centred amounts). A row that is only a
//!    first-column text, close under a row with amounts, and does not start
//!    like a row of its own (a code, `一、`, `（`, `其中`, `合计` …) continues that
//!    row's name.

use super::{BBox, Grid, bbox_of, is_amount};
use crate::Glyph;

/// Glyphs farther apart than this (em) start a new fragment.
const FRAG_GAP: f32 = 0.5;

/// A run of glyphs on one line with no wide gap.
pub(super) struct Frag<'g> {
    pub glyphs: Vec<&'g Glyph>,
    x0: f32,
    x1: f32,
    amount: bool,
    text: String,
}

/// A free line cut into fragments.
struct Line<'g> {
    /// Index in the page's free lines.
    k: usize,
    frags: Vec<Frag<'g>>,
    y0: f32,
    y1: f32,
    em: f32,
    /// Two fragments or more, one an amount.
    rowlike: bool,
    /// Row-like, or its fragments fall into the columns of a ruled table above or below.
    row: bool,
}

/// Where a table's columns come from.
pub(super) enum Columns {
    /// The columns of ruled table `t` (the rows continue it).
    Grid(usize),
    /// Column boundaries found from the text (`cols + 1` positions).
    Free(Vec<f32>),
}

/// A row: its top, bottom and the glyphs of each non-empty cell by column.
pub(super) struct Row<'g> {
    pub y0: f32,
    pub y1: f32,
    /// The font size of the table's text.
    pub em: f32,
    pub cells: Vec<(usize, Vec<&'g Glyph>)>,
}

/// A table found from alignment: the free lines it takes, its columns and rows.
pub(super) struct Table<'g> {
    pub lines: Vec<usize>,
    pub columns: Columns,
    pub rows: Vec<Row<'g>>,
}

/// A line's fragments (`glyphs` sorted by x).
pub(super) fn frags<'g>(glyphs: &[&'g Glyph]) -> Vec<Frag<'g>> {
    let mut out = Vec::new();
    let mut cur: Vec<&'g Glyph> = Vec::new();
    let mut reach = f32::MIN;
    let mut size = 0.0f32;
    // Printed spaces after the last glyph: inside the fragment if it goes on.
    let mut spaces: Vec<&'g Glyph> = Vec::new();
    for &g in glyphs {
        if g.ch == ' ' || g.ch == '\u{3000}' {
            if !cur.is_empty() {
                spaces.push(g);
            }
            continue;
        }
        if !cur.is_empty() && g.x0 - reach > FRAG_GAP * g.size.max(size).max(1.0) {
            out.push(frag(std::mem::take(&mut cur)));
            reach = f32::MIN;
            spaces.clear();
        }
        reach = reach.max(g.x1);
        size = g.size;
        cur.append(&mut spaces);
        cur.push(g);
    }
    if !cur.is_empty() {
        out.push(frag(cur));
    }
    out
}

fn frag(glyphs: Vec<&Glyph>) -> Frag<'_> {
    let b = bbox_of(&glyphs);
    let text: String = glyphs.iter().map(|g| g.ch).collect();
    Frag { amount: amount_like(&text), text, x0: b[0], x1: b[2], glyphs }
}

/// A printed amount: digits, thousands separators, a decimal part (`1,234.56`,
/// `-3`, `12.5%`); not a list number (`1.`).
fn amount_like(s: &str) -> bool {
    let s = s.strip_suffix('%').unwrap_or(s);
    is_amount(s) && !s.ends_with('.') && !s.ends_with(',')
}

/// A line of running text, a chart's labels or a table of contents, whatever its
/// gaps: an amount followed by its unit (`7877.76 万元`) or after a comma
/// (`基本支出, 59.07%`), or dot leaders.
fn prose(frags: &[Frag<'_>]) -> bool {
    let unit = |s: &str| s.starts_with(['万', '元', '亿', '千', '个', '人', '%', '‰']);
    frags.windows(2).any(|w| (w[0].amount && unit(&w[1].text)) || (w[0].text.ends_with([',', '，']) && w[1].amount))
        || frags.iter().any(|f| f.text.contains("……") || f.text.contains("...") || f.text.contains("···"))
}

/// A units line (`单位：万元`, `金额单位:元`): never a table row.
fn is_units(s: &str) -> bool {
    s.contains("单位：") || s.contains("单位:")
}

/// Text that starts a row of its own rather than continuing a wrapped name.
fn row_head(s: &str) -> bool {
    let mut c = s.chars();
    let first = c.next().unwrap_or(' ');
    first.is_ascii_digit()
        || "（(【[".contains(first)
        || ("一二三四五六七八九十".contains(first) && s.contains('、'))
        || ["其中", "合计", "总计", "小计"].iter().any(|p| s.starts_with(p))
}

/// How many of `iv` the span `[a, b]` overlaps.
fn hits(iv: &[(f32, f32)], a: f32, b: f32) -> usize {
    iv.iter().filter(|v| a.max(v.0) < b.min(v.1)).count()
}

/// Adds `[a, b]` to sorted disjoint intervals, merging what it overlaps or
/// nearly touches (`join`).
pub(super) fn add(iv: &mut Vec<(f32, f32)>, a: f32, b: f32, join: f32) {
    let (mut a, mut b) = (a, b);
    iv.retain(|v| {
        if v.0 <= b + join && v.1 >= a - join {
            a = a.min(v.0);
            b = b.max(v.1);
            false
        } else {
            true
        }
    });
    let at = iv.partition_point(|v| v.0 < a);
    iv.insert(at, (a, b));
}

/// The column of a fragment among `bounds`: where it lies; one that crosses a
/// boundary goes to its first column (a merged header), an amount to its last
/// (right-aligned, overflowing to the left).
fn col_of(bounds: &[f32], f: &Frag<'_>) -> usize {
    let n = bounds.len() - 1;
    let at = |x: f32| bounds.partition_point(|&v| v <= x).saturating_sub(1).min(n - 1);
    let (a, b) = (at(f.x0 + 1.0), at(f.x1 - 1.0));
    if a >= b {
        a.min(b)
    } else if f.amount {
        b
    } else {
        a
    }
}

fn median(mut v: Vec<f32>) -> Option<f32> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f32::total_cmp);
    Some(v[v.len() / 2])
}

/// Every fragment inside one column of `xs` (within `em` of the table's sides), no two in one.
fn in_columns(xs: &[f32], frags: &[Frag<'_>], em: f32) -> bool {
    let (left, right) = (xs[0], xs[xs.len() - 1]);
    let mut last = None;
    for f in frags {
        if f.x0 < left - em || f.x1 > right + em {
            return false;
        }
        let c = xs.partition_point(|&x| x <= (f.x0 + f.x1) / 2.0);
        if xs.iter().any(|&x| f.x0 < x - 1.0 && f.x1 > x + 1.0) || last.is_some_and(|l| l >= c) {
            return false;
        }
        last = Some(c);
    }
    true
}

fn line<'g>(k: usize, glyphs: &[&'g Glyph]) -> Option<Line<'g>> {
    let frags = frags(glyphs);
    if frags.is_empty() {
        return None;
    }
    let b = bbox_of(glyphs);
    let em = glyphs.iter().map(|g| g.size).fold(1.0f32, f32::max);
    let rowlike = frags.len() >= 2 && frags.iter().any(|f| f.amount) && !prose(&frags);
    Some(Line { k, frags, y0: b[1], y1: b[3], em, rowlike, row: rowlike })
}

/// The gap below which two pieces of text one above the other are one wrapped
/// cell, from the vertical `gaps` between such pieces: when they fall into two
/// clusters, the lower no more than 0.6 em (line spacing inside a cell) and the
/// upper at least 1.6 times it (the gap between rows, with cell padding),
/// between the two. Otherwise, if two rows with amounts follow each other
/// (`rows`), the gaps are between rows and nothing is joined; if all gaps are
/// small, they are a paragraph's lines, all joined; else 0.4 em.
fn wrap_gap(mut gaps: Vec<f32>, rows: bool, em: f32) -> f32 {
    gaps.retain(|g| *g > 0.0);
    gaps.sort_by(f32::total_cmp);
    for w in gaps.windows(2) {
        if w[0] > 0.6 * em {
            break;
        }
        if w[1] >= 1.6 * w[0].max(0.05 * em) {
            return (w[0] + w[1]) / 2.0;
        }
    }
    match (gaps.first(), gaps.last()) {
        (Some(&lo), _) if rows => 0.5 * lo,
        (_, Some(&hi)) if hi <= 0.6 * em => hi + 0.1 * em,
        _ => 0.4 * em,
    }
}

/// Two row-like lines follow each other.
fn rows_adjacent(lines: &[Line<'_>]) -> bool {
    lines.windows(2).any(|w| w[0].rowlike && w[1].rowlike && w[1].y0 > w[0].y1)
}

/// The rows of the text in a ruled table's open region (cells not bordered
/// all round, as the unshaded cells of a form whose rules are the edges of its
/// shaded labels), in the table's columns `xs`.
/// Rows are grouped by the grid row (`ys`) they start in, for [`rowspans`].
pub(super) fn open_rows<'g>(lines: &[Vec<&'g Glyph>], xs: &[f32], ys: &[f32]) -> Vec<Row<'g>> {
    let lines: Vec<Line<'g>> = lines.iter().enumerate().filter_map(|(k, l)| line(k, l)).collect();
    let Some(em) = median(lines.iter().map(|l| l.em).collect()) else { return Vec::new() };
    let rows = rows(&lines, xs, em);
    let band = |r: &Row<'_>| ys.partition_point(|&y| y <= r.y0 + 0.5 * (r.y1 - r.y0).min(em));
    let mut out: Vec<Row<'g>> = Vec::with_capacity(rows.len());
    let mut group: Vec<Row<'g>> = Vec::new();
    for r in rows {
        if group.last().is_some_and(|g| band(g) != band(&r)) {
            rowspans(&mut group, xs.len() - 1, em);
            out.append(&mut group);
        }
        group.push(r);
    }
    rowspans(&mut group, xs.len() - 1, em);
    out.append(&mut group);
    out
}

/// The tables found from alignment among a page's free lines (`claimed` ones
/// excepted). `extents` are the ruled tables' boxes (with the unruled rows they
/// already took): a table never runs across one.
pub(super) fn tables<'g>(
    free: &[Vec<&'g Glyph>],
    claimed: &[bool],
    grids: &[Grid],
    extents: &[BBox],
    carry: Option<&[f32]>,
) -> Vec<Table<'g>> {
    let mut lines: Vec<Line<'g>> =
        free.iter().enumerate().filter(|(k, _)| !claimed[*k]).filter_map(|(k, l)| line(k, l)).collect();
    // A line whose fragments fall one each into distinct columns of the nearest
    // ruled table above or below (the unruled body under a shaded header) is a row
    // even without amounts.
    for l in &mut lines {
        if l.row || l.frags.len() < 2 || prose(&l.frags) || l.frags.iter().any(|f| is_units(&f.text)) {
            continue;
        }
        let above = (0..grids.len())
            .filter(|&t| extents[t][3] <= l.y0 + 1.0)
            .max_by(|&a, &b| extents[a][3].total_cmp(&extents[b][3]));
        let below = (0..grids.len())
            .filter(|&t| extents[t][1] >= l.y1 - 1.0)
            .min_by(|&a, &b| extents[a][1].total_cmp(&extents[b][1]));
        l.row = [above, below].into_iter().flatten().any(|t| in_columns(&grids[t].xs, &l.frags, l.em))
            || (above.is_none() && carry.is_some_and(|xs| in_columns(xs, &l.frags, l.em)));
    }
    // A ruled table lies between a line ending at `above` and one starting at `below`.
    let barrier = |above: f32, below: f32| extents.iter().any(|e| e[1] >= above - 1.0 && e[3] <= below + 1.0);
    let mut out = Vec::new();
    let mut done = 0;
    let mut i = 0;
    while i < lines.len() {
        if !lines[i].row {
            i += 1;
            continue;
        }
        // The previous page's table goes on in the first table of this one, if no ruled
        // one ends above it (but one from the page's top: a continued shaded label).
        let continued =
            carry.filter(|_| out.is_empty() && extents.iter().all(|e| e[3] > lines[i].y0 || e[1] <= lines[0].y1));
        match table_at(&lines, i, done, grids, extents, continued, &barrier) {
            Some((table, end)) => {
                out.push(table);
                done = end + 1;
                i = end + 1;
            }
            None => i += 1,
        }
    }
    out
}

/// The table whose first row-like line is `lines[i]`, if it is one, and the index of its last line.
fn table_at<'g>(
    lines: &[Line<'g>],
    i: usize,
    done: usize,
    grids: &[Grid],
    extents: &[BBox],
    continued: Option<&[f32]>,
    barrier: &dyn Fn(f32, f32) -> bool,
) -> Option<(Table<'g>, usize)> {
    let em = lines[i].em;
    let join = 0.3 * em;
    // The body: from lines[i] down to the last row-like line that fits.
    let mut iv: Vec<(f32, f32)> = Vec::new();
    for f in &lines[i].frags {
        add(&mut iv, f.x0, f.x1, join);
    }
    let mut tentative: Vec<(f32, f32)> = Vec::new();
    let mut last_row = i;
    let mut bottom = lines[i].y1;
    for (k, l) in lines.iter().enumerate().skip(i + 1) {
        if l.y0 - bottom > 2.0 * em || barrier(bottom, l.y0) {
            break;
        }
        if l.frags.iter().any(|f| hits(&iv, f.x0, f.x1) > 1) {
            break;
        }
        if l.row {
            for (a, b) in tentative.drain(..) {
                add(&mut iv, a, b, join);
            }
            for f in &l.frags {
                add(&mut iv, f.x0, f.x1, join);
            }
            last_row = k;
        } else {
            tentative.extend(l.frags.iter().map(|f| (f.x0, f.x1)));
        }
        bottom = bottom.max(l.y1);
    }
    let body = &lines[i..=last_row];
    let rowlike = body.iter().filter(|l| l.row).count();
    let tau = wrap_gap(body.windows(2).map(|w| w[1].y0 - w[0].y1).collect(), rows_adjacent(body), em);
    let (left, right) = (iv[0].0, iv[iv.len() - 1].1);
    let within = |f: &Frag<'_>| f.x0 >= left - em && f.x1 <= right + em;
    // Header lines above.
    let mut first = i;
    let mut top = lines[i].y0;
    let mut header_iv = iv.clone();
    while first > done {
        let h = &lines[first - 1];
        let below = &lines[first];
        if top - h.y1 > 2.0 * em || barrier(h.y1, top) || h.frags.iter().any(|f| is_units(&f.text)) {
            break;
        }
        // A header may run on to the right over columns empty in the body.
        if !h.frags.iter().all(|f| f.x0 >= left - em) {
            break;
        }
        let ok = if h.frags.len() >= 2 {
            true
        } else {
            // A rowspan header or a name wrapped around the first row's amounts;
            // a row without amounts outside the first column (a continued page);
            // the last line of a header wrapped over several, closely above the rest.
            let f = &h.frags[0];
            let n = hits(&header_iv, f.x0, f.x1);
            (n == 1 && (h.y1 > below.y0 + 0.3 * em || below.y0 - h.y1 < tau || f.x0 > iv[0].1))
                || (n == 0 && first > i && below.y0 - h.y1 < 0.6 * em)
                || (n == 0
                    && first == i
                    && first
                        .checked_sub(2)
                        .and_then(|k| lines.get(k))
                        .is_some_and(|a| a.frags.len() >= 2 && h.y0 - a.y1 < 0.6 * em))
        };
        if !ok {
            break;
        }
        // A header over no column is one (empty in the body); over one, it widens it
        // (a header centred over right-aligned amounts); over several, it spans them.
        for f in &h.frags {
            match hits(&header_iv, f.x0, f.x1) {
                0 => add(&mut header_iv, f.x0, f.x1, join),
                1 => add(&mut header_iv, f.x0, f.x1, 0.0),
                _ => {}
            }
        }
        first -= 1;
        top = top.min(h.y0);
    }
    // Rows or continuations below.
    let mut last = last_row;
    let mut bottom = body.iter().map(|l| l.y1).fold(f32::MIN, f32::max);
    while last + 1 < lines.len() {
        let l = &lines[last + 1];
        if l.y0 - bottom > 1.5 * em || barrier(bottom, l.y0) {
            break;
        }
        let fits = l.frags.iter().all(|f| within(f) && hits(&iv, f.x0, f.x1) == 1);
        let continues = l.y0 - bottom < tau || l.y0 < bottom - 0.3 * em;
        let not_first = l.frags.len() >= 2 || l.frags[0].x0 > iv[0].1;
        if !(fits && (not_first || continues)) || l.frags.iter().any(|f| is_units(&f.text)) {
            break;
        }
        last += 1;
        bottom = bottom.max(l.y1);
    }
    let taken = &lines[first..=last];
    // Ruled table right above or below, as wide, whose columns the body fits.
    let block = [left, top, right, bottom];
    // Right above or below a ruled table and as wide: a part of it, printed without rules.
    let beside = grids.iter().enumerate().any(|(t, _)| {
        let e = extents[t];
        let near = (block[1] >= e[3] - 1.0 && block[1] - e[3] <= 3.0 * em)
            || (e[1] >= block[3] - 1.0 && e[1] - block[3] <= 3.0 * em);
        near && block[0] >= e[0] - em && block[2] <= e[2] + em
    });
    let attached = grids.iter().enumerate().position(|(t, g)| {
        let e = extents[t];
        let below = block[1] >= e[3] - 1.0 && block[1] - e[3] <= 3.0 * em;
        let above = e[1] >= block[3] - 1.0 && e[1] - block[3] <= 3.0 * em;
        if !(below || above) || g.cols() < 2 || block[0] < e[0] - em || block[2] > e[2] + em {
            return false;
        }
        let inner = &g.xs[1..g.xs.len() - 1];
        let frags: Vec<&Frag<'_>> = body.iter().flat_map(|l| &l.frags).collect();
        let crossing = frags.iter().filter(|f| inner.iter().any(|&x| f.x0 < x - 1.0 && f.x1 > x + 1.0)).count();
        // The block's own columns are no finer than the table's.
        let finer = g.xs.windows(2).any(|w| iv.iter().filter(|v| v.0 >= w[0] - 1.0 && v.1 <= w[1] + 1.0).count() > 1);
        crossing * 5 <= frags.len() && !finer
    });
    // Continuing the previous page's table: its columns, when the body keeps to them.
    let carried = continued.filter(|xs| {
        let rows: Vec<&Line<'_>> = body.iter().filter(|l| l.frags.len() >= 2).collect();
        !rows.is_empty()
            && rows.iter().filter(|l| in_columns(xs, &l.frags, l.em)).count() * 5 >= rows.len() * 4
            && !xs.windows(2).any(|w| iv.iter().filter(|v| v.0 >= w[0] - 1.0 && v.1 <= w[1] + 1.0).count() > 1)
    });
    let columns = match (attached, carried) {
        (Some(t), _) => Columns::Grid(t),
        (None, Some(xs)) => Columns::Free(xs.to_vec()),
        (None, None) => {
            let support = iv
                .iter()
                .filter(|v| body.iter().filter(|l| l.frags.iter().any(|f| hits(&[**v], f.x0, f.x1) > 0)).count() >= 2)
                .count();
            let aligned =
                if beside { rowlike >= 1 && iv.len() >= 3 } else { rowlike >= 2 && iv.len() >= 3 && support >= 3 };
            if !aligned {
                return None;
            }
            let mut bounds = vec![header_iv[0].0];
            bounds.extend(header_iv.windows(2).map(|w| (w[0].1 + w[1].0) / 2.0));
            bounds.push(header_iv[header_iv.len() - 1].1);
            Columns::Free(bounds)
        }
    };
    let bounds: &[f32] = match &columns {
        Columns::Grid(t) => &grids[*t].xs,
        Columns::Free(b) => b,
    };
    let mut rows = rows(taken, bounds, em);
    rowspans(&mut rows, bounds.len() - 1, em);
    Some((Table { lines: taken.iter().map(|l| l.k).collect(), columns, rows }, last))
}

/// A cell being built: its column, top, bottom, glyphs.
struct Cell<'g> {
    col: usize,
    y0: f32,
    y1: f32,
    glyphs: Vec<&'g Glyph>,
}

/// The rows of a table's lines, fragments placed in the columns `bounds`.
fn rows<'g>(lines: &[Line<'g>], bounds: &[f32], em: f32) -> Vec<Row<'g>> {
    let cols = bounds.len() - 1;
    // Per column, its pieces top to bottom; pieces closer than a row gap are one wrapped cell.
    let mut pieces: Vec<Vec<Cell<'g>>> = (0..cols).map(|_| Vec::new()).collect();
    for l in lines {
        let mut line_cells: Vec<Cell<'g>> = Vec::new();
        for f in &l.frags {
            let col = col_of(bounds, f);
            let b = bbox_of(&f.glyphs);
            match line_cells.iter_mut().find(|c| c.col == col) {
                Some(c) => {
                    c.glyphs.extend(&f.glyphs);
                    c.y0 = c.y0.min(b[1]);
                    c.y1 = c.y1.max(b[3]);
                }
                None => line_cells.push(Cell { col, y0: b[1], y1: b[3], glyphs: f.glyphs.clone() }),
            }
        }
        for c in line_cells {
            pieces[c.col].push(c);
        }
    }
    let gaps: Vec<f32> = pieces.iter().flat_map(|p| p.windows(2).map(|w| w[1].y0 - w[0].y1)).collect();
    let tau = wrap_gap(gaps, rows_adjacent(lines), em);
    let mut cells: Vec<Cell<'g>> = Vec::new();
    for list in pieces {
        let start = cells.len();
        for c in list {
            let n = cells.len();
            match cells.last_mut() {
                Some(prev) if n > start && c.y0 - prev.y1 < tau => {
                    prev.glyphs.extend(c.glyphs);
                    prev.y1 = prev.y1.max(c.y1);
                }
                _ => cells.push(c),
            }
        }
    }
    cells.sort_by(|a, b| a.y0.total_cmp(&b.y0).then(a.col.cmp(&b.col)));
    // Cells whose heights overlap are one row.
    let mut rows: Vec<Row<'g>> = Vec::new();
    for c in cells {
        match rows.last_mut() {
            Some(r) if c.y0 < r.y1 - 0.3 * em => {
                r.y0 = r.y0.min(c.y0);
                r.y1 = r.y1.max(c.y1);
                match r.cells.iter_mut().find(|x| x.0 == c.col) {
                    Some(x) => x.1.extend(c.glyphs),
                    None => r.cells.push((c.col, c.glyphs)),
                }
            }
            _ => rows.push(Row { y0: c.y0, y1: c.y1, em, cells: vec![(c.col, c.glyphs)] }),
        }
    }
    for r in &mut rows {
        r.cells.sort_by_key(|c| c.0);
    }
    // A first-column text alone under a row with amounts continues that row's name.
    let text = |gs: &[&Glyph]| -> String { gs.iter().map(|g| g.ch).filter(|c| *c != ' ').collect() };
    let gap = median(rows.windows(2).map(|w| w[1].y0 - w[0].y1).collect()).unwrap_or(0.0);
    let mut r = 1;
    while r < rows.len() {
        let (before, after) = rows.split_at_mut(r);
        let (prev, row) = (&mut before[r - 1], &after[0]);
        let lone = row.cells.len() == 1 && row.cells[0].0 == 0;
        let joins = lone && {
            let t = text(&row.cells[0].1);
            let prev_first = prev.cells.iter().find(|c| c.0 == 0).map(|c| text(&c.1));
            !amount_like(&t)
                && !row_head(&t)
                && prev_first.is_some_and(|p| !p.ends_with('：') && !p.ends_with(':'))
                && prev.cells.iter().any(|c| amount_like(&text(&c.1)))
                && row.y0 - prev.y1 <= 1.1 * gap
        };
        if joins {
            let row = rows.remove(r);
            let prev = &mut rows[r - 1];
            prev.y1 = prev.y1.max(row.y1);
            if let Some(c) = prev.cells.iter_mut().find(|c| c.0 == 0) {
                c.1.extend(row.cells.into_iter().flat_map(|c| c.1));
            }
        } else {
            r += 1;
        }
    }
    rows
}

/// Labels centred over the rows they span (a merged cell printed without its
/// borders: `项目产出` beside its indicators) go to the first row of their span,
/// as the ruled path puts a merged cell's text. A column is taken for such labels
/// only when it is all text, has two cells or more (or one in a row of its own),
/// and the spans implied by
/// centring — each from where the previous ended, as far below the label's
/// centre as above it — tile the rows exactly: each ends at a row boundary and
/// the last at the table's end.
fn rowspans(rows: &mut Vec<Row<'_>>, cols: usize, em: f32) {
    if rows.len() < 3 {
        return;
    }
    let tol = 0.4 * em;
    let text = |gs: &[&Glyph]| -> String { gs.iter().map(|g| g.ch).filter(|c| *c != ' ').collect() };
    for c in 0..cols {
        let at: Vec<usize> = (0..rows.len()).filter(|&r| rows[r].cells.iter().any(|x| x.0 == c)).collect();
        // The rows a label of column `c` spans: those with cells to its right.
        let data: Vec<usize> = (0..rows.len()).filter(|&r| rows[r].cells.iter().any(|x| x.0 > c)).collect();
        // One label is enough when it stands in a row of its own, between data rows,
        // or left of every other column (a first-level label over a page's rows).
        let leftmost = rows.iter().all(|r| r.cells.iter().all(|x| x.0 >= c));
        let alone = at.len() == 1 && (leftmost || !rows[at[0]].cells.iter().any(|x| x.0 > c));
        if (at.len() < 2 && !alone) || data.len() < 3 || at.len() >= data.len() {
            continue;
        }
        // A data row's top and bottom from its cells right of `c` (not the labels centred into it).
        let extent = |r: usize| {
            rows[r].cells.iter().filter(|x| x.0 > c).fold((f32::MAX, f32::MIN), |e, x| {
                let b = bbox_of(&x.1);
                (e.0.min(b[1]), e.1.max(b[3]))
            })
        };
        let last = rows.iter().map(|r| r.y1).fold(extent(data[data.len() - 1]).1, f32::max);
        // Between two data rows (with `tol` either side), or at the end.
        let at_boundary = |y: f32| {
            data.windows(2).any(|w| y >= extent(w[0]).1 - tol && y <= extent(w[1]).0 + tol)
                || (y >= last - tol && y <= last + 1.2 * em)
        };
        let mut moves = Vec::new();
        let mut prev_end = extent(data[0]).0.min(rows[at[0]].y0);
        let mut floor = 0;
        let mut ok = true;
        for &r in &at {
            let Some(cell) = rows[r].cells.iter().find(|x| x.0 == c) else { break };
            if amount_like(&text(&cell.1)) {
                ok = false;
                break;
            }
            let b = bbox_of(&cell.1);
            let end = b[1] + b[3] - prev_end;
            let target =
                data.iter().copied().filter(|&t| t >= floor && t <= r).find(|&t| extent(t).0 >= prev_end - tol);
            match target {
                Some(t) if end >= b[3] - tol && at_boundary(end) => {
                    if t != r {
                        moves.push((r, t));
                    }
                    floor = r + 1;
                    prev_end = end;
                }
                _ => {
                    ok = false;
                    break;
                }
            }
        }
        if !(ok && prev_end >= last - tol && prev_end <= last + 1.2 * em) || moves.is_empty() {
            continue;
        }
        for (from, to) in moves {
            if let Some(i) = rows[from].cells.iter().position(|x| x.0 == c) {
                let cell = rows[from].cells.remove(i);
                let to = &mut rows[to];
                let at = to.cells.partition_point(|x| x.0 < c);
                to.cells.insert(at, cell);
            }
        }
    }
    rows.retain(|r| !r.cells.is_empty());
    for r in rows.iter_mut() {
        let b = r.cells.iter().fold([f32::MAX, f32::MAX, f32::MIN, f32::MIN], |b, (_, gs)| {
            let g = bbox_of(gs);
            [b[0].min(g[0]), b[1].min(g[1]), b[2].max(g[2]), b[3].max(g[3])]
        });
        (r.y0, r.y1) = (b[1], b[3]);
    }
}
