//! The whole disclosure as PDF: A4, Chinese typesetting, cover, table of
//! contents with page numbers, narrative, every table with merged headers
//! repeated on continued pages, landscape pages for wide tables, forms, page
//! numbers, PDF bookmarks from the headings.
//!
//! Engine: typst as a library. The document is the HTML renderer's
//! presentation model ([`yusuan_render::presentation_json`]) laid out by the
//! built-in typst template `templates/disclosure.typ`, with two Noto CJK SC
//! faces embedded in the binary. Why typst, and what it costs, is in
//! ARCHITECTURE.md.

mod fonts;
mod world;

use typst::diag::{Severity, SourceDiagnostic};
use typst_layout::PagedDocument;
use yusuan_model::view::Document;

pub use world::TEMPLATE;

/// Why a PDF could not be made.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// Characters no embedded or system font can print.
    #[error(
        "PDF 缺字：没有字体含有 {chars}；请安装含这些字的字体或设置 YUSUAN_FONT_DIR — no font covers {chars}; \
         install one or set YUSUAN_FONT_DIR"
    )]
    MissingGlyphs { chars: String },
    /// Typesetting failed (a defect of the template: the document is data only).
    #[error("PDF 排版失败 typesetting failed: {0}")]
    Layout(String),
}

/// Renders the document as PDF bytes.
pub fn pdf(doc: &Document) -> Result<Vec<u8>, PdfError> {
    let json = yusuan_render::presentation_json(doc);
    let embedded = fonts::embedded();
    let mut missing = fonts::uncovered(embedded, &json);
    let mut faces = embedded.to_vec();
    if !missing.is_empty() {
        faces.extend(fonts::fallback(&mut missing));
    }
    if !missing.is_empty() {
        let chars = missing.iter().map(|c| format!("“{c}”(U+{:04X})", *c as u32)).collect::<Vec<_>>().join("、");
        return Err(PdfError::MissingGlyphs { chars });
    }
    let world = world::DocWorld::new(json, faces);
    let warned = typst::compile::<PagedDocument>(&world);
    // Empty typst's memo cache: documents share little, and a server rendering many must not grow. This also
    // makes every render (and the benchmark) a cold one.
    comemo::evict(0);
    let paged = warned.output.map_err(|errors| PdfError::Layout(describe(&world, &errors[..])))?;
    if let Some(w) = warned.warnings.iter().find(|w| w.severity == Severity::Warning) {
        return Err(PdfError::Layout(describe(&world, std::slice::from_ref(w))));
    }
    typst_pdf::pdf(&paged, &typst_pdf::PdfOptions::default())
        .map_err(|errors| PdfError::Layout(describe(&world, &errors[..])))
}

/// Diagnostics with the template line they point at.
fn describe(world: &world::DocWorld, diags: &[SourceDiagnostic]) -> String {
    use typst::WorldExt;
    let source = world.main_source();
    diags
        .iter()
        .map(|d| {
            let line = world.range(d.span).and_then(|r| source.lines().byte_to_line(r.start)).map(|l| l + 1);
            match line {
                Some(l) => format!("disclosure.typ:{l}: {}", d.message),
                None => d.message.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use yusuan_model::MoneyUnit;
    use yusuan_model::view::{Block, Section, Span};

    use super::*;

    fn doc(text: &str) -> Document {
        Document {
            title: "某某单位 2022 年部门预算".into(),
            year: 2022,
            department: "某某单位".into(),
            unit: MoneyUnit::WanYuan,
            sections: vec![Section {
                id: "s1".into(),
                heading: "第一部分 概况".into(),
                level: 1,
                blocks: vec![Block::Paragraph(vec![Span::text(text)])],
                children: vec![],
            }],
        }
    }

    #[test]
    fn a_small_document_renders() {
        let bytes = pdf(&doc("本单位 2022 年收入预算 1,234.56 万元。☑")).expect("renders");
        assert!(bytes.starts_with(b"%PDF-"));
    }

    #[test]
    fn a_character_no_font_has_is_refused_by_name() {
        // A private-use character: no embedded or system face covers it.
        let err = pdf(&doc("名称\u{F8FF}\u{10FFFD}")).unwrap_err();
        let PdfError::MissingGlyphs { chars } = &err else { panic!("unexpected error {err}") };
        assert!(chars.contains("U+10FFFD"), "{chars}");
        assert!(err.to_string().contains("YUSUAN_FONT_DIR"));
    }

    #[test]
    fn the_embedded_faces_cover_gb2312_and_the_symbols_forms_print() {
        let gb2312: String = (0xB0..=0xF7u8)
            .flat_map(|hi| (0xA1..=0xFEu8).map(move |lo| [hi, lo]))
            .filter_map(|b| {
                encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(&b).map(|s| s.into_owned())
            })
            // GB18030 maps the five unassigned slots at the end of row 55 to private-use characters.
            .filter(|s| !s.chars().any(|c| ('\u{E000}'..='\u{F8FF}').contains(&c)))
            .collect();
        assert_eq!(gb2312.chars().count(), 6763, "the hanzi of GB2312");
        assert_eq!(fonts::uncovered(fonts::embedded(), &gb2312), Vec::<char>::new());
        assert_eq!(fonts::uncovered(fonts::embedded(), "☐☑☒→√×（）【】《》“”、。：；％"), Vec::<char>::new());
    }
}
