//! A table printed without ruling lines reads as rows of cells from the
//! alignment of its text: a hand-written PDF with positioned `Tj` text in
//! columns (left-aligned codes and names, right-aligned amounts, a wrapped name)
//! and no rules at all.

/// A one-page PDF (400 × 300 pt) drawing `content` with `/F1`, a font whose
/// glyphs are all 0.5 em wide (the space 0.25 em).
fn pdf(content: &str) -> Vec<u8> {
    let widths: Vec<String> = (32..=126).map(|c| if c == 32 { "250".into() } else { "500".into() }).collect();
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 400 300] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>"
            .to_owned(),
        format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len()),
        format!(
            "<< /Type /Font /Subtype /Type1 /BaseFont /Courier /Encoding /WinAnsiEncoding /FirstChar 32 /LastChar 126 /Widths [{}] >>",
            widths.join(" ")
        ),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for o in offsets {
        out.extend(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend(
        format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1).as_bytes(),
    );
    out
}

/// Text at `(x, y)` (baseline, PDF user space), 10 pt.
fn text(x: f32, y: f32, s: &str) -> String {
    format!("BT /F1 10 Tf {x} {y} Td ({s}) Tj ET\n")
}

/// Right-aligned at `right` (each glyph 5 pt wide).
fn amount(right: f32, y: f32, s: &str) -> String {
    text(right - 5.0 * s.len() as f32, y, s)
}

#[test]
fn an_unruled_table_reads_as_rows_of_cells() {
    let mut c = String::new();
    c += "BT /F1 12 Tf 20 280 Td (Budget summary 2022) Tj ET\n";
    // Header, then rows 16 pt apart; a wrapped name's second line 11 pt below its first.
    c += &text(20.0, 255.0, "Code");
    c += &text(80.0, 255.0, "Name");
    c += &amount(300.0, 255.0, "Total");
    c += &amount(370.0, 255.0, "Basic");
    let rows = [
        ("201", "General services", "883.46", "734.46"),
        ("20103", "Government office", "883.46", "734.46"),
        ("2010301", "Administration", "630.46", "630.46"),
        ("2010399", "Other office affairs of the gov", "69.00", ""),
    ];
    let mut y = 239.0;
    for (code, name, total, basic) in rows {
        c += &text(20.0, y, code);
        c += &text(80.0, y, name);
        c += &amount(300.0, y, total);
        if !basic.is_empty() {
            c += &amount(370.0, y, basic);
        }
        y -= 16.0;
    }
    c += &text(80.0, y + 5.0, "ernment");
    y -= 11.0;
    c += &text(20.0, y, "208");
    c += &text(80.0, y, "Social security");
    c += &amount(300.0, y, "120.24");
    c += &amount(370.0, y, "120.24");
    c += &text(20.0, y - 30.0, "Note: amounts are rounded to two decimals.");

    let doc = yusuan_pdfread::read_pdf(&pdf(&c)).unwrap();
    assert!(doc.pages[0].rules.is_empty());
    let out = yusuan_pdfread::to_text(&doc);
    assert_eq!(
        out.text(),
        "Budget summary 2022\n\
         Code\tName\tTotal\tBasic\n\
         201\tGeneral services\t883.46\t734.46\n\
         20103\tGovernment office\t883.46\t734.46\n\
         2010301\tAdministration\t630.46\t630.46\n\
         2010399\tOther office affairs of the government\t69.00\n\
         208\tSocial security\t120.24\t120.24\n\
         Note: amounts are rounded to two decimals.\n"
    );
    // Title and note are plain lines; the rows have a box per cell, the same
    // column box in every row, holding the cell's characters.
    assert!(!out.lines[0].row && !out.lines[7].row);
    for l in &out.lines[1..7] {
        assert!(l.row, "{}", l.text);
        let fields: Vec<&str> = l.text.split('\t').collect();
        assert_eq!(l.cells.len(), fields.len(), "{}", l.text);
        assert_eq!(l.chars.len(), l.text.chars().count());
        for (k, cell) in l.cells.iter().enumerate() {
            let first = &out.lines[2].cells[k];
            assert_eq!((cell[0], cell[2]), (first[0], first[2]), "column {k} of {}", l.text);
        }
        // Each character box lies in its field's cell (a TAB is a point at the cell's start).
        let mut field = 0;
        for (ch, b) in l.text.chars().zip(&l.chars) {
            if ch == '\t' {
                field += 1;
                continue;
            }
            let cell = l.cells[field];
            let (cx, cy) = ((b[0] + b[2]) / 2.0, (b[1] + b[3]) / 2.0);
            assert!(cx >= cell[0] && cx <= cell[2] && cy >= cell[1] && cy <= cell[3], "{ch} of {}", l.text);
        }
    }
    // The wrapped row is as tall as its two lines.
    let wrapped = &out.lines[5];
    assert!(wrapped.bbox[3] - wrapped.bbox[1] > 18.0, "{:?}", wrapped.bbox);
}

/// Text in columns without amounts (a list, a table of contents with two
/// columns) and a paragraph stay plain lines.
#[test]
fn text_without_amounts_or_in_two_columns_stays_plain() {
    let mut c = String::new();
    c += &text(20.0, 260.0, "Contents");
    c += &text(20.0, 244.0, "Part one");
    c += &text(300.0, 244.0, "3");
    c += &text(20.0, 228.0, "Part two");
    c += &text(300.0, 228.0, "12");
    c += &text(20.0, 200.0, "The department spent 120.24 on");
    c += &text(20.0, 189.0, "social security, up 3.5 on 2021.");
    let doc = yusuan_pdfread::read_pdf(&pdf(&c)).unwrap();
    let out = yusuan_pdfread::to_text(&doc);
    assert!(out.lines.iter().all(|l| !l.row), "{}", out.text());
}
