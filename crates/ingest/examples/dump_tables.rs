//! Prints the tables the text reader finds in a file: `cargo run -p yusuan-ingest --example dump_tables -- FILE`.

use yusuan_ingest::header_and_body;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    for path in std::env::args().skip(1) {
        let doc = yusuan_ingest::read_path(std::path::Path::new(&path))?;
        println!("== {path}: {} lines, {} tables", doc.lines.len(), doc.tables().count());
        for t in doc.tables() {
            let (header, body) = header_and_body(t);
            let (first, last) = t.span();
            println!(
                "  L{first}-{last} #{} {:?} unit={} name={:?} rows={} (header {} body {}) cols={} inner={} trailing={:?}",
                t.number.map_or("-".to_owned(), |n| n.to_string()),
                t.title.as_deref().unwrap_or("(untitled)"),
                t.unit.map_or("?", |u| u.label()),
                t.unit_name,
                t.rows.len(),
                header.len(),
                body.len(),
                t.column_count(),
                t.inner.len(),
                t.trailing.iter().map(|(_, s)| s.as_str()).collect::<Vec<_>>(),
            );
        }
    }
    Ok(())
}
