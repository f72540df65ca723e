//! Placing spanned cells (HTML semantics: each row lists the cells that start
//! in it, left to right, skipping slots covered by a rowspan from above) on a
//! rectangular grid, for renderers that cannot merge cells.

/// What occupies one slot of the grid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Slot {
    /// Nothing placed here (a short row).
    Vacant,
    /// The top-left slot of cell `index` of row `row`.
    Origin { row: usize, index: usize },
    /// A slot covered by the span of a cell placed elsewhere.
    Covered { row: usize, index: usize },
}

/// Lays `rows` out on a grid at least `columns` wide (wider when a row
/// overflows). `span` gives (colspan, rowspan) of a cell; zero counts as one.
pub(crate) fn layout<T>(rows: &[Vec<T>], columns: usize, span: impl Fn(&T) -> (u16, u16)) -> Vec<Vec<Slot>> {
    let mut grid: Vec<Vec<Slot>> = Vec::new();
    let ensure = |grid: &mut Vec<Vec<Slot>>, r: usize, c: usize| {
        let width = grid.first().map_or(columns, Vec::len);
        while grid.len() <= r {
            grid.push(vec![Slot::Vacant; width]);
        }
        for row in grid.iter_mut() {
            while row.len() <= c {
                row.push(Slot::Vacant);
            }
        }
    };
    for (r, cells) in rows.iter().enumerate() {
        ensure(&mut grid, r, columns.saturating_sub(1));
        let mut c = 0;
        for (index, cell) in cells.iter().enumerate() {
            while c < grid[r].len() && grid[r][c] != Slot::Vacant {
                c += 1;
            }
            let (cs, rs) = span(cell);
            let (cs, rs) = (cs.max(1) as usize, rs.max(1) as usize);
            ensure(&mut grid, r + rs - 1, c + cs - 1);
            for (dr, grid_row) in grid[r..r + rs].iter_mut().enumerate() {
                for (dc, slot) in grid_row[c..c + cs].iter_mut().enumerate() {
                    if *slot == Slot::Vacant {
                        *slot = if dr == 0 && dc == 0 {
                            Slot::Origin { row: r, index }
                        } else {
                            Slot::Covered { row: r, index }
                        };
                    }
                }
            }
            c += cs;
        }
    }
    grid
}

/// The last row and column (inclusive) covered by the cell whose origin is at `(r, c)`.
pub(crate) fn extent(grid: &[Vec<Slot>], r: usize, c: usize) -> (usize, usize) {
    let Some(Slot::Origin { row, index }) = grid.get(r).and_then(|g| g.get(c)).copied() else {
        return (r, c);
    };
    let same = |s: Option<&Slot>| matches!(s, Some(Slot::Covered { row: sr, index: i }) if *sr == row && *i == index);
    let mut c1 = c;
    while same(grid[r].get(c1 + 1)) {
        c1 += 1;
    }
    let mut r1 = r;
    while same(grid.get(r1 + 1).and_then(|g| g.get(c))) {
        r1 += 1;
    }
    (r1, c1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_row_and_col_spans() {
        // | A (rowspan 2) | B (colspan 2) |
        // |               | C   | D       |
        let rows = vec![vec![("A", 1, 2), ("B", 2, 1)], vec![("C", 1, 1), ("D", 1, 1)]];
        let g = layout(&rows, 3, |c| (c.1, c.2));
        assert_eq!(g.len(), 2);
        assert_eq!(
            g[0],
            vec![
                Slot::Origin { row: 0, index: 0 },
                Slot::Origin { row: 0, index: 1 },
                Slot::Covered { row: 0, index: 1 }
            ]
        );
        assert_eq!(
            g[1],
            vec![
                Slot::Covered { row: 0, index: 0 },
                Slot::Origin { row: 1, index: 0 },
                Slot::Origin { row: 1, index: 1 }
            ]
        );
    }

    #[test]
    fn grows_on_overflow() {
        let rows = vec![vec![("A", 3, 1)], vec![("B", 1, 3)]];
        let g = layout(&rows, 2, |c| (c.1, c.2));
        assert_eq!(g.len(), 4);
        assert!(g.iter().all(|r| r.len() == 3));
        assert_eq!(g[3][0], Slot::Covered { row: 1, index: 0 });
        assert_eq!(g[1][2], Slot::Vacant);
    }
}
