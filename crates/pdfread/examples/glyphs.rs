//! Prints the glyphs of one page whose text contains a pattern: `glyphs FILE PAGE [CHAR]`.
fn main() {
    let a: Vec<String> = std::env::args().collect();
    let doc = yusuan_pdfread::read_pdf(&std::fs::read(&a[1]).expect("read")).expect("pdf");
    let page = &doc.pages[a[2].parse::<usize>().expect("page") - 1];
    println!("page {}x{} rot {} rules {}", page.width, page.height, page.rotation, page.rules.len());
    for g in &page.glyphs {
        if a.get(3).is_none_or(|c| c.contains(g.ch)) {
            println!("{} {:.1} {:.1} {:.1} {:.1} {:.1} {}", g.ch, g.x0, g.y0, g.x1, g.y1, g.size, g.upright);
        }
    }
}
