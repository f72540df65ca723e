//! Reading published PDF disclosures.
//!
//! [`read_pdf`] interprets each page's content stream (and the form XObjects it
//! draws) for two things only: **glyphs** — each character with its box in the
//! page's display space (origin top-left, y down, `/Rotate` applied, so a
//! landscape page reads as it is shown) and its font size — and **rules**, the
//! axis-aligned strokes and thin filled rectangles that draw cell borders.
//! Widths come from the PDF's `/Widths` / `/W` arrays, text from `/ToUnicode`
//! (else the simple font's encoding, a GBK or UCS-2 CMap); font programs are
//! never parsed. A glyph wholly outside the crop box is dropped (Excel and WPS
//! print an overflowing cell's whole text and clip it to the page), as pdftotext does.
//!
//! [`layout`] turns pages into lines in the text reader's convention: tables
//! from ruling lines where present (a cell grid from the rules; cells merged where
//! a border is missing; a merged cell's text in its first slot) and from the
//! alignment of their text where not (columns from the gutters of a run of lines,
//! rows from their heights), rows as TAB-separated cells, everything else as
//! plain lines in reading order; every line keeps its page and box.
//!
//! Radical code points that some fonts' `/ToUnicode` give for ideographs
//! (Chromium's PDFs: `⼀` U+2F00 for `一`, `⻔` for `门`) are read as the ideographs.
//!
//! The object parser is `hayro-syntax` (already in the build for typst's PDF
//! images; it repairs broken cross-reference tables), CMaps are parsed by
//! `hayro-cmap`. A panic in either is caught and reported as
//! [`PdfError::Corrupt`]: reading never panics.

pub mod annotate;
mod font;
mod interp;
pub mod layout;

use std::collections::HashMap;

use hayro_syntax::Pdf;
use hayro_syntax::page::Rotation;

pub use annotate::{Annotation, annotate, read_annotations};
pub use layout::{BBox, PageSource, PdfLine, PdfText, to_text, to_text_many};

/// A character placed on a page.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Glyph {
    pub ch: char,
    /// The box in display space (points, origin top-left, y down).
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
    /// The font size in display space (points).
    pub size: f32,
    /// The baseline runs left to right.
    pub upright: bool,
    /// The baseline's direction in display space: 0 right, 1 down, 2 left, 3 up.
    pub dir: u8,
}

impl Glyph {
    pub fn cx(&self) -> f32 {
        (self.x0 + self.x1) / 2.0
    }
    pub fn cy(&self) -> f32 {
        (self.y0 + self.y1) / 2.0
    }
}

/// A horizontal or vertical rule (a stroked segment, a thin filled rectangle,
/// an edge of a rectangle), in display space.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rule {
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
    /// The stroke width (points).
    pub width: f32,
}

impl Rule {
    pub fn is_horizontal(&self) -> bool {
        self.y1 - self.y0 <= self.x1 - self.x0
    }
}

/// One page as displayed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    /// 1-based page number.
    pub number: usize,
    /// Display size in points (after rotation).
    pub width: f32,
    pub height: f32,
    /// `/Rotate` in degrees (0, 90, 180, 270).
    pub rotation: u16,
    pub glyphs: Vec<Glyph>,
    pub rules: Vec<Rule>,
    /// Images drawn (to tell a scan from an empty page).
    pub images: usize,
    /// Display space → the page's default user space (PDF points, origin
    /// bottom-left of the media box, unrotated): `[a b c d e f]` as in PDF,
    /// `(x, y) ↦ (a x + c y + e, b x + d y + f)`. What a box found on the page
    /// is drawn back with (annotations).
    pub to_user: [f32; 6],
}

impl Page {
    /// A display-space box `[x0, y0, x1, y1]` in the page's default user space
    /// (`x0 < x1`, `y0 < y1`: the corners swap as the rotation turns them).
    pub fn user_box(&self, b: [f32; 4]) -> [f32; 4] {
        user_box(&self.to_user, b)
    }
}

/// A display-space box through a `to_user` matrix (see [`Page::to_user`]).
pub fn user_box(m: &[f32; 6], b: [f32; 4]) -> [f32; 4] {
    let [a, bb, c, d, e, f] = *m;
    let p = |x: f32, y: f32| (a * x + c * y + e, bb * x + d * y + f);
    let (p0, p1) = (p(b[0], b[1]), p(b[2], b[3]));
    [p0.0.min(p1.0), p0.1.min(p1.1), p0.0.max(p1.0), p0.1.max(p1.1)]
}

/// A PDF read into pages.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PdfDocument {
    pub pages: Vec<Page>,
}

/// Why a PDF could not be read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum PdfError {
    #[error("不是有效的 PDF 文件 not a readable PDF: {0}")]
    Invalid(String),
    #[error("PDF 已加密，无法读取 the PDF is encrypted")]
    Encrypted,
    #[error("没有文字层（扫描件），暂不支持 OCR (no text layer: a scanned document; OCR is not supported)")]
    NoText,
    #[error("PDF 文件已损坏 the PDF is corrupt: {0}")]
    Corrupt(String),
}

/// The most content-stream operators interpreted per page (forms included).
const OPERATOR_BUDGET: usize = 2_000_000;

/// Reads every page's glyphs and rules. A document with pages but no text at
/// all is [`PdfError::NoText`] (a scan).
pub fn read_pdf(bytes: &[u8]) -> Result<PdfDocument, PdfError> {
    let doc = std::panic::catch_unwind(|| read_inner(bytes))
        .map_err(|_| PdfError::Corrupt("internal error while parsing".into()))??;
    if !doc.pages.is_empty() && doc.pages.iter().all(|p| p.glyphs.is_empty()) {
        return Err(PdfError::NoText);
    }
    Ok(doc)
}

fn read_inner(bytes: &[u8]) -> Result<PdfDocument, PdfError> {
    if !bytes.windows(5).take(1024).any(|w| w == b"%PDF-") {
        return Err(PdfError::Invalid("no %PDF- header".into()));
    }
    let pdf = Pdf::new(bytes.to_vec()).map_err(|e| match e {
        hayro_syntax::LoadPdfError::Decryption(_) => PdfError::Encrypted,
        hayro_syntax::LoadPdfError::Invalid => PdfError::Invalid("no readable page tree".into()),
    })?;
    let mut fonts = HashMap::new();
    let mut pages = Vec::with_capacity(pdf.pages().len());
    for (i, page) in pdf.pages().iter().enumerate() {
        let crop = page.intersected_crop_box();
        let (cx0, cy0, cx1, cy1) = (crop.x0, crop.y0, crop.x1, crop.y1);
        let (w, h) = (cx1 - cx0, cy1 - cy0);
        let (rotation, display, width, height) = match page.rotation() {
            Rotation::None => (0, interp::M([1.0, 0.0, 0.0, -1.0, -cx0, cy1]), w, h),
            Rotation::Horizontal => (90, interp::M([0.0, 1.0, 1.0, 0.0, -cy0, -cx0]), h, w),
            Rotation::Flipped => (180, interp::M([-1.0, 0.0, 0.0, 1.0, cx1, -cy0]), w, h),
            Rotation::FlippedHorizontal => (270, interp::M([0.0, -1.0, -1.0, 0.0, cy1, cx1]), h, w),
        };
        let mut sink = interp::Sink {
            glyphs: Vec::new(),
            rules: Vec::new(),
            images: 0,
            fonts: &mut fonts,
            display,
            budget: OPERATOR_BUDGET,
        };
        if let Some(content) = page.page_stream() {
            interp::run(&mut sink, content, page.resources(), interp::M::ID, 0);
        }
        let (width, height) = (width as f32, height as f32);
        let mut glyphs = sink.glyphs;
        // As pdftotext: a glyph wholly outside the page is not shown; one cut by the edge is.
        glyphs.retain(|g| g.x1 > 0.5 && g.y1 > 0.5 && g.x0 < width - 0.5 && g.y0 < height - 0.5);
        let mut page = Page {
            number: i + 1,
            width,
            height,
            rotation,
            glyphs,
            rules: sink.rules,
            images: sink.images,
            to_user: [1.0, 0.0, 0.0, 1.0, 0.0, 0.0],
        };
        let turn = turn_upright(&mut page);
        page.to_user = display.then(&turn).inverse().map_or(page.to_user, |m| m.0.map(|v| v as f32));
        pages.push(page);
    }
    Ok(PdfDocument { pages })
}

/// A page whose text mostly runs down, left or up (a landscape table printed on
/// a portrait page by a rotation in the content, not by `/Rotate`) is turned so
/// that it reads left to right. Returns the turn (old display → new display).
fn turn_upright(page: &mut Page) -> interp::M {
    let mut count = [0usize; 4];
    for g in &page.glyphs {
        count[usize::from(g.dir & 3)] += 1;
    }
    let dir = (0..4).max_by_key(|&d| (count[d], d == 0)).unwrap_or(0);
    if dir == 0 || count[dir] <= page.glyphs.len() / 2 {
        return interp::M::ID;
    }
    let (w, h) = (page.width, page.height);
    let (fw, fh) = (f64::from(w), f64::from(h));
    let matrix = match dir {
        1 => interp::M([0.0, -1.0, 1.0, 0.0, 0.0, fw]),
        2 => interp::M([-1.0, 0.0, 0.0, -1.0, fw, fh]),
        _ => interp::M([0.0, 1.0, -1.0, 0.0, fh, 0.0]),
    };
    let turn = |x: f32, y: f32| match dir {
        1 => (y, w - x),
        2 => (w - x, h - y),
        _ => (h - y, x),
    };
    let turn_box = |x0: f32, y0: f32, x1: f32, y1: f32| {
        let (a, b) = (turn(x0, y0), turn(x1, y1));
        (a.0.min(b.0), a.1.min(b.1), a.0.max(b.0), a.1.max(b.1))
    };
    for g in &mut page.glyphs {
        (g.x0, g.y0, g.x1, g.y1) = turn_box(g.x0, g.y0, g.x1, g.y1);
        g.dir = (g.dir + 4 - dir as u8) & 3;
        g.upright = g.dir == 0;
    }
    for r in &mut page.rules {
        (r.x0, r.y0, r.x1, r.y1) = turn_box(r.x0, r.y0, r.x1, r.y1);
    }
    if dir != 2 {
        (page.width, page.height) = (h, w);
    }
    matrix
}
