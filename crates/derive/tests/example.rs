//! Derivation of the bundled example.

use std::path::PathBuf;

use yusuan_derive::{Template, derive};
use yusuan_model::view::{Block, Section};

fn example() -> yusuan_package::Package {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/jianghan-2022-zhengfuban");
    yusuan_package::load(&dir).unwrap_or_else(|e| panic!("{e}"))
}

fn text_of(sections: &[Section], out: &mut String) {
    for s in sections {
        out.push_str(&s.heading);
        out.push('\n');
        for b in &s.blocks {
            match b {
                Block::Paragraph(p) => out.push_str(&yusuan_derive::paragraph_text(p)),
                Block::List(items) => items.iter().for_each(|p| out.push_str(&yusuan_derive::paragraph_text(p))),
                _ => {}
            }
            out.push('\n');
        }
        text_of(&s.children, out);
    }
}

#[test]
fn example_derives_all_tables_and_narrative() {
    let p = example();
    let t = Template::builtin(&p.budget.meta.template).unwrap();
    let d = derive(&p.budget, &p.catalog, &t).unwrap();
    assert_eq!(d.document.tables().len(), 11, "11 grid tables; tables 12 and 13 are forms");
    let mut text = String::new();
    text_of(&d.document.sections, &mut text);
    println!("{text}");
    // Growth rates on last year's base, not this year's (the seed prints 47.72% and 62.78%).
    assert!(text.contains("增加 1874.31 万元，增长 91.27%"), "total growth");
    assert!(text.contains("增加 1806.80 万元，增长 168.7%"), "project growth");
}
