//! Prints the text of PDFs (read together, as one publication) in the text reader's convention.
//!   cargo run --release -p yusuan-pdfread --example pdftext -- a.pdf [b.pdf …]
fn main() {
    let mut docs = Vec::new();
    for p in std::env::args().skip(1) {
        let bytes = std::fs::read(&p).expect("read");
        match yusuan_pdfread::read_pdf(&bytes) {
            Ok(d) => docs.push(d),
            Err(e) => {
                eprintln!("{p}: {e}");
                std::process::exit(1);
            }
        }
    }
    print!("{}", yusuan_pdfread::to_text_many(&docs).text());
}
