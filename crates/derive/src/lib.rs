//! Derivation: every public table, form and narrative figure of a disclosure,
//! computed from the facts of one department-year by a [`Template`].
//!
//! Invariants:
//! - tables are views: nothing here stores or edits a number; every amount is a
//!   sum over line items (or a fact printed as is, such as a form's stated total);
//! - templates are data (`templates/<id>/`); the code knows table *kinds*, not tables;
//! - derivation is total: any budget that loads derives (empty tables print their
//!   empty statement), so the checker, not the deriver, reports what is wrong.

pub mod figures;
pub mod forms;
pub mod narrative;
pub mod tables;
pub mod template;

use yusuan_model::view::{Block, Document, Section, Span};
use yusuan_model::{Budget, Catalog};

pub use figures::{DerivedFigure, FigureValue, Figures};
pub use narrative::NarrativeError;
pub use template::{TableDef, TableKind, Template, TemplateError};

/// Everything derived from one budget.
#[derive(Debug, Clone)]
pub struct Derived {
    pub document: Document,
    pub figures: Figures,
}

/// Derives the whole disclosure.
pub fn derive(budget: &Budget, catalog: &Catalog, template: &Template) -> Result<Derived, NarrativeError> {
    let ctx = tables::Ctx { budget, catalog, template };
    let figures = figures::compute(budget, template.unit, template.decimals);
    let ids: Vec<String> = template.tables.iter().map(|t| t.id.clone()).collect();
    let mut sections = narrative::sections(budget, catalog, template, &figures, &ids)?;
    for s in &mut sections {
        place_tables(s, &ctx);
    }
    let document = Document {
        title: format!("{} {} 年预算", budget.department.name, budget.meta.year),
        year: budget.meta.year,
        department: budget.department.name.clone(),
        unit: template.unit,
        sections,
    };
    Ok(Derived { document, figures })
}

/// The blocks of one template table: a grid table, or forms.
pub fn table_blocks(ctx: &tables::Ctx, def: &TableDef) -> Vec<Block> {
    match def.kind {
        TableKind::DepartmentPerformance => vec![Block::Form(forms::department_form(ctx, def))],
        TableKind::ProjectPerformance => ctx
            .budget
            .projects
            .iter()
            .filter(|p| !ctx.budget.project_amount(&p.id).is_zero())
            .map(|p| Block::Form(forms::project_form(ctx, def, p)))
            .collect(),
        _ => tables::build(ctx, def).map(Block::Table).into_iter().collect(),
    }
}

/// Replaces `@table ID` paragraphs with the table's blocks, each table in a
/// sub-section of its own so that the table of contents lists it.
fn place_tables(section: &mut Section, ctx: &tables::Ctx) {
    let mut blocks = Vec::with_capacity(section.blocks.len());
    for b in std::mem::take(&mut section.blocks) {
        let id = match &b {
            Block::Paragraph(p) if p.len() == 1 => p[0].as_str().strip_prefix("@table ").map(str::to_owned),
            _ => None,
        };
        match id.and_then(|id| ctx.template.table(&id)) {
            Some(def) => {
                let heading = format!(
                    "{}、{}",
                    narrative::chinese_number(def.number as usize),
                    def.toc_title.as_deref().map_or_else(|| ctx.fill(&def.title), |t| t.to_owned())
                );
                section.children.push(Section {
                    id: format!("{}-{}", section.id, def.id),
                    heading,
                    level: section.level + 1,
                    blocks: table_blocks(ctx, def),
                    children: Vec::new(),
                });
            }
            None => blocks.push(b),
        }
    }
    section.blocks = blocks;
    for c in &mut section.children {
        place_tables(c, ctx);
    }
}

/// The plain text of a paragraph.
pub fn paragraph_text(p: &[Span]) -> String {
    p.iter().map(Span::as_str).collect()
}
