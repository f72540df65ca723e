//! The content-stream interpreter: only what places text and rules — the
//! graphics state (`q`/`Q`/`cm`), the text state and matrices, the text-showing
//! operators, paths that are stroked or filled, and form XObjects. Colours
//! matter only to tell white (invisible) rules apart; images are counted.

use std::collections::HashMap;
use std::sync::Arc;

use hayro_syntax::content::TypedIter;
use hayro_syntax::content::ops::TypedInstruction;
use hayro_syntax::object::{Array, Dict, Name, ObjRef, Object, Stream};
use hayro_syntax::page::Resources;

use crate::font::Font;
use crate::{Glyph, Rule};

/// An affine matrix `[a b c d e f]` as in PDF.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct M(pub [f64; 6]);

impl M {
    pub const ID: M = M([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);
    /// `self` then `other` (PDF order: `self × other`).
    pub fn then(&self, o: &M) -> M {
        let [a, b, c, d, e, f] = self.0;
        let [a2, b2, c2, d2, e2, f2] = o.0;
        M([
            a * a2 + b * c2,
            a * b2 + b * d2,
            c * a2 + d * c2,
            c * b2 + d * d2,
            e * a2 + f * c2 + e2,
            e * b2 + f * d2 + f2,
        ])
    }
    pub fn apply(&self, x: f64, y: f64) -> (f64, f64) {
        let [a, b, c, d, e, f] = self.0;
        (a * x + c * y + e, b * x + d * y + f)
    }
    /// The inverse, if the matrix is invertible.
    pub fn inverse(&self) -> Option<M> {
        let [a, b, c, d, e, f] = self.0;
        let det = a * d - b * c;
        if det.abs() < 1e-12 || !det.is_finite() {
            return None;
        }
        let (ia, ib, ic, id) = (d / det, -b / det, -c / det, a / det);
        Some(M([ia, ib, ic, id, -(e * ia + f * ic), -(e * ib + f * id)]))
    }
    fn translate(x: f64, y: f64) -> M {
        M([1.0, 0.0, 0.0, 1.0, x, y])
    }
}

#[derive(Clone)]
struct State {
    ctm: M,
    font: Option<Arc<Font>>,
    size: f64,
    char_spacing: f64,
    word_spacing: f64,
    hscale: f64,
    leading: f64,
    rise: f64,
    stroke_white: bool,
    fill_white: bool,
    line_width: f64,
}

/// Fonts shared by all pages of a document, by object reference.
pub(crate) type FontCache = HashMap<ObjRef, Arc<Font>>;

/// What a page's content draws, in the page's display space (origin top-left, y down, rotation applied).
pub(crate) struct Sink<'c> {
    pub glyphs: Vec<Glyph>,
    pub rules: Vec<Rule>,
    pub images: usize,
    pub fonts: &'c mut FontCache,
    /// User space → display space.
    pub display: M,
    /// Operators left; a content stream that loops through forms stops here.
    pub budget: usize,
}

const MAX_FORM_DEPTH: usize = 8;

pub(crate) fn run(sink: &mut Sink<'_>, content: &[u8], resources: &Resources<'_>, ctm: M, depth: usize) {
    let mut st = State {
        ctm,
        font: None,
        size: 0.0,
        char_spacing: 0.0,
        word_spacing: 0.0,
        hscale: 1.0,
        leading: 0.0,
        rise: 0.0,
        stroke_white: false,
        fill_white: false,
        line_width: 1.0,
    };
    let mut stack: Vec<State> = Vec::new();
    let mut tm = M::ID;
    let mut tlm = M::ID;
    // The current path: subpaths of points (user space), and which are `re` rectangles.
    let mut path: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut iter = TypedIter::new(content);
    while let Some(op) = iter.next() {
        if sink.budget == 0 {
            return;
        }
        sink.budget -= 1;
        match op {
            TypedInstruction::SaveState(_) if stack.len() < 256 => stack.push(st.clone()),
            TypedInstruction::RestoreState(_) => {
                if let Some(s) = stack.pop() {
                    st = s;
                }
            }
            TypedInstruction::Transform(t) => {
                let m = M([t.0, t.1, t.2, t.3, t.4, t.5].map(|n| finite(n.as_f64())));
                st.ctm = m.then(&st.ctm);
            }
            TypedInstruction::LineWidth(w) => st.line_width = finite(w.0.as_f64()),
            TypedInstruction::StrokeColorDeviceGray(g) => st.stroke_white = g.0.as_f64() > 0.95,
            TypedInstruction::NonStrokeColorDeviceGray(g) => st.fill_white = g.0.as_f64() > 0.95,
            TypedInstruction::StrokeColorDeviceRgb(c) => {
                st.stroke_white = [c.0, c.1, c.2].iter().all(|v| v.as_f64() > 0.95)
            }
            TypedInstruction::NonStrokeColorDeviceRgb(c) => {
                st.fill_white = [c.0, c.1, c.2].iter().all(|v| v.as_f64() > 0.95)
            }
            TypedInstruction::StrokeColorCmyk(c) => {
                st.stroke_white = [c.0, c.1, c.2, c.3].iter().all(|v| v.as_f64() < 0.05)
            }
            TypedInstruction::NonStrokeColorCmyk(c) => {
                st.fill_white = [c.0, c.1, c.2, c.3].iter().all(|v| v.as_f64() < 0.05)
            }
            TypedInstruction::StrokeColor(c) => st.stroke_white = white(c.0.iter().map(|n| n.as_f64())),
            TypedInstruction::NonStrokeColor(c) => st.fill_white = white(c.0.iter().map(|n| n.as_f64())),
            TypedInstruction::StrokeColorNamed(c) => st.stroke_white = white(c.0.iter().map(|n| n.as_f64())),
            TypedInstruction::NonStrokeColorNamed(c) => st.fill_white = white(c.0.iter().map(|n| n.as_f64())),
            TypedInstruction::ColorSpaceStroke(_) => st.stroke_white = false,
            TypedInstruction::ColorSpaceNonStroke(_) => st.fill_white = false,
            // Paths.
            TypedInstruction::MoveTo(p) => path.push(vec![(p.0.as_f64(), p.1.as_f64())]),
            TypedInstruction::LineTo(p) => {
                let pt = (p.0.as_f64(), p.1.as_f64());
                match path.last_mut() {
                    Some(sub) => sub.push(pt),
                    None => path.push(vec![pt]),
                }
            }
            TypedInstruction::CubicTo(c) => curve(&mut path, (c.4.as_f64(), c.5.as_f64())),
            TypedInstruction::CubicStartTo(c) => curve(&mut path, (c.2.as_f64(), c.3.as_f64())),
            TypedInstruction::CubicEndTo(c) => curve(&mut path, (c.2.as_f64(), c.3.as_f64())),
            TypedInstruction::ClosePath(_) => {
                if let Some(sub) = path.last_mut()
                    && let Some(&first) = sub.first()
                {
                    sub.push(first);
                }
            }
            TypedInstruction::RectPath(r) => {
                let (x, y, w, h) = (r.0.as_f64(), r.1.as_f64(), r.2.as_f64(), r.3.as_f64());
                path.push(vec![(x, y), (x + w, y), (x + w, y + h), (x, y + h), (x, y)]);
            }
            TypedInstruction::StrokePath(_) | TypedInstruction::CloseAndStrokePath(_) => {
                if !st.stroke_white {
                    stroke(sink, &st, &path);
                }
                path.clear();
            }
            TypedInstruction::FillPathNonZero(_)
            | TypedInstruction::FillPathNonZeroCompatibility(_)
            | TypedInstruction::FillPathEvenOdd(_) => {
                if !st.fill_white {
                    fill(sink, &st, &path);
                }
                path.clear();
            }
            TypedInstruction::FillAndStrokeNonZero(_)
            | TypedInstruction::FillAndStrokeEvenOdd(_)
            | TypedInstruction::CloseFillAndStrokeNonZero(_)
            | TypedInstruction::CloseFillAndStrokeEvenOdd(_) => {
                if !st.stroke_white {
                    stroke(sink, &st, &path);
                } else if !st.fill_white {
                    fill(sink, &st, &path);
                }
                path.clear();
            }
            TypedInstruction::EndPath(_) => {
                path.clear();
            }
            // Text.
            TypedInstruction::BeginText(_) => {
                tm = M::ID;
                tlm = M::ID;
            }
            TypedInstruction::CharacterSpacing(v) => st.char_spacing = finite(v.0.as_f64()),
            TypedInstruction::WordSpacing(v) => st.word_spacing = finite(v.0.as_f64()),
            TypedInstruction::HorizontalScaling(v) => st.hscale = finite(v.0.as_f64()) / 100.0,
            TypedInstruction::TextLeading(v) => st.leading = finite(v.0.as_f64()),
            TypedInstruction::TextRise(v) => st.rise = finite(v.0.as_f64()),
            TypedInstruction::TextFont(f) => {
                st.size = finite(f.1.as_f64());
                st.font = font(sink, resources, f.0);
            }
            TypedInstruction::NextLine(t) => {
                tlm = M::translate(finite(t.0.as_f64()), finite(t.1.as_f64())).then(&tlm);
                tm = tlm;
            }
            TypedInstruction::NextLineAndSetLeading(t) => {
                st.leading = -finite(t.1.as_f64());
                tlm = M::translate(finite(t.0.as_f64()), finite(t.1.as_f64())).then(&tlm);
                tm = tlm;
            }
            TypedInstruction::SetTextMatrix(t) => {
                tlm = M([t.0, t.1, t.2, t.3, t.4, t.5].map(|n| finite(n.as_f64())));
                tm = tlm;
            }
            TypedInstruction::NextLineUsingLeading(_) => {
                tlm = M::translate(0.0, -st.leading).then(&tlm);
                tm = tlm;
            }
            TypedInstruction::ShowText(s) => show(sink, &st, &mut tm, s.0.as_bytes()),
            TypedInstruction::NextLineAndShowText(s) => {
                tlm = M::translate(0.0, -st.leading).then(&tlm);
                tm = tlm;
                show(sink, &st, &mut tm, s.0.as_bytes());
            }
            TypedInstruction::ShowTextWithParameters(p) => {
                st.word_spacing = finite(p.0.as_f64());
                st.char_spacing = finite(p.1.as_f64());
                tlm = M::translate(0.0, -st.leading).then(&tlm);
                tm = tlm;
                show(sink, &st, &mut tm, p.2.as_bytes());
            }
            TypedInstruction::ShowTexts(a) => show_array(sink, &st, &mut tm, a.0),
            TypedInstruction::XObject(x) => {
                if let Some(stream) = resources.get_x_object(x.0) {
                    xobject(sink, &st, resources, &stream, depth);
                }
            }
            TypedInstruction::InlineImage(_) => sink.images += 1,
            _ => {}
        }
    }
}

fn finite(v: f64) -> f64 {
    if v.is_finite() { v.clamp(-1e7, 1e7) } else { 0.0 }
}

fn white(mut v: impl Iterator<Item = f64>) -> bool {
    let first = v.next();
    first.is_some_and(|f| f > 0.95) && v.all(|x| x > 0.95)
}

fn curve(path: &mut Vec<Vec<(f64, f64)>>, end: (f64, f64)) {
    // A curve is never a rule: end the subpath and start a new one at its end.
    path.push(vec![end]);
}

fn font(sink: &mut Sink<'_>, resources: &Resources<'_>, name: &Name<'_>) -> Option<Arc<Font>> {
    let mut res = Some(resources);
    while let Some(r) = res {
        if let Some(reference) = r.fonts.get_ref(name.as_ref()) {
            if let Some(f) = sink.fonts.get(&reference) {
                return Some(f.clone());
            }
            let dict = r.fonts.get::<Dict<'_>>(name.as_ref())?;
            let f = Arc::new(Font::load(&dict));
            sink.fonts.insert(reference, f.clone());
            return Some(f);
        }
        if let Some(dict) = r.fonts.get::<Dict<'_>>(name.as_ref()) {
            return Some(Arc::new(Font::load(&dict)));
        }
        res = r.parent();
    }
    None
}

fn xobject(sink: &mut Sink<'_>, st: &State, resources: &Resources<'_>, stream: &Stream<'_>, depth: usize) {
    let dict = stream.dict();
    match dict.get::<Name<'_>>(b"Subtype".as_slice()).as_deref() {
        Some(b"Image") => sink.images += 1,
        Some(b"Form") if depth < MAX_FORM_DEPTH => {
            let Ok(data) = stream.decoded() else { return };
            let matrix = dict
                .get::<Array<'_>>(b"Matrix".as_slice())
                .map(|a| {
                    let v: Vec<f64> = a.iter::<f64>().map(finite).collect();
                    if v.len() == 6 { M([v[0], v[1], v[2], v[3], v[4], v[5]]) } else { M::ID }
                })
                .unwrap_or(M::ID);
            let own = dict.get::<Dict<'_>>(b"Resources".as_slice()).unwrap_or_default();
            let res = Resources::from_parent(own, resources.clone());
            let ctm = matrix.then(&st.ctm);
            // The form's text and graphics states start from the caller's.
            run(sink, &data, &res, ctm, depth + 1);
        }
        _ => {}
    }
}

fn show_array(sink: &mut Sink<'_>, st: &State, tm: &mut M, array: &Array<'_>) {
    for item in array.iter::<Object<'_>>() {
        match item {
            Object::String(s) => show(sink, st, tm, s.as_bytes()),
            Object::Number(n) => {
                let tx = -finite(n.as_f64()) / 1000.0 * st.size * st.hscale;
                *tm = M::translate(tx, 0.0).then(tm);
            }
            _ => {}
        }
    }
}

fn show(sink: &mut Sink<'_>, st: &State, tm: &mut M, bytes: &[u8]) {
    let Some(font) = st.font.clone() else { return };
    let size = st.size;
    let mut at = 0;
    while at < bytes.len() {
        let code = font.next_code(bytes, at);
        let code_bytes = &bytes[at..(at + code.len).min(bytes.len())];
        at += code.len;
        let w = f64::from(font.width(&code));
        let trm = M([size * st.hscale, 0.0, 0.0, size, 0.0, st.rise]).then(tm).then(&st.ctm).then(&sink.display);
        let (adv_x, adv_y) = if font.vertical { (0.0, -1.0) } else { (w, 0.0) };
        // The glyph box in text space: advance wide, one em high from the descent.
        let d = f64::from(font.descent);
        let (box_w, box_y0, box_y1) = if font.vertical { (1.0, -1.0, 0.0) } else { (w, d, d + 1.0) };
        let corners =
            [trm.apply(0.0, box_y0), trm.apply(box_w, box_y0), trm.apply(0.0, box_y1), trm.apply(box_w, box_y1)];
        let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
        for (x, y) in corners {
            x0 = x0.min(x);
            y0 = y0.min(y);
            x1 = x1.max(x);
            y1 = y1.max(y);
        }
        // Upright: the baseline runs left to right in display space.
        let (bx, by) = (trm.0[0], trm.0[1]);
        let upright = bx > 0.0 && by.abs() < bx * 0.1;
        // The baseline's direction: 0 right, 1 down, 2 left, 3 up.
        let dir = if bx.abs() >= by.abs() {
            if bx >= 0.0 { 0 } else { 2 }
        } else if by > 0.0 {
            1
        } else {
            3
        };
        let em = (trm.0[2] * trm.0[2] + trm.0[3] * trm.0[3]).sqrt();
        let mut emit = |ch: char| {
            // Spaces are kept (a printed space separates what justification would not).
            let ch = if ch.is_whitespace() && ch != '\u{3000}' { ' ' } else { ch };
            let ch = unify(ch);
            if !ch.is_control() && x0.is_finite() {
                sink.glyphs.push(Glyph {
                    ch,
                    x0: x0 as f32,
                    y0: y0 as f32,
                    x1: x1 as f32,
                    y1: y1 as f32,
                    size: em as f32,
                    upright,
                    dir,
                });
            }
        };
        font.text(&code, code_bytes, &mut emit);
        let spacing = st.char_spacing + if font.is_space(&code) { st.word_spacing } else { 0.0 };
        let (tx, ty) =
            if font.vertical { (0.0, adv_y * size + spacing) } else { ((adv_x * size + spacing) * st.hscale, 0.0) };
        *tm = M::translate(tx, ty).then(tm);
    }
}

/// The Kangxi radicals, U+2F00 to U+2FD5: the ideographs they stand for (their NFKC forms).
const KANGXI: &str = "一丨丶丿乙亅二亠人儿入八冂冖冫几凵刀力勹匕匚匸十卜卩厂厶又口囗土士夂夊夕大女子宀寸小尢尸屮山巛工己巾干幺广廴廾弋弓彐彡彳心戈戶手支攴文斗斤方无日曰月木欠止歹殳毋比毛氏气水火爪父爻爿片牙牛犬玄玉瓜瓦甘生用田疋疒癶白皮皿目矛矢石示禸禾穴立竹米糸缶网羊羽老而耒耳聿肉臣自至臼舌舛舟艮色艸虍虫血行衣襾見角言谷豆豕豸貝赤走足身車辛辰辵邑酉釆里金長門阜隶隹雨靑非面革韋韭音頁風飛食首香馬骨高髟鬥鬯鬲鬼魚鳥鹵鹿麥麻黃黍黑黹黽鼎鼓鼠鼻齊齒龍龜龠";

/// Radicals (CJK Radicals Supplement) that fonts give as the simplified characters they look like.
const RADICALS: &[(char, char)] = &[
    ('⺟', '母'),
    ('⺠', '民'),
    ('⻄', '西'),
    ('⻅', '见'),
    ('⻆', '角'),
    ('⻉', '贝'),
    ('⻋', '车'),
    ('⻓', '长'),
    ('⻔', '门'),
    ('⻘', '青'),
    ('⻙', '韦'),
    ('⻚', '页'),
    ('⻛', '风'),
    ('⻜', '飞'),
    ('⻢', '马'),
    ('⻣', '骨'),
    ('⻤', '鬼'),
    ('⻥', '鱼'),
    ('⻦', '鸟'),
    ('⻧', '卤'),
    ('⻨', '麦'),
    ('⻩', '黄'),
    ('⻪', '黾'),
    ('⻬', '齐'),
    ('⻮', '齿'),
    ('⻰', '龙'),
    ('⻳', '龟'),
];

/// A radical code point that a font's `/ToUnicode` gives for an ideograph (Chromium's
/// PDFs with Noto CJK map `⼀` U+2F00 for `一`, `⻔` for `门`) as the ideograph: the
/// text is then what was typed, as a text export of the same document has it.
fn unify(ch: char) -> char {
    match ch as u32 {
        c @ 0x2F00..=0x2FD5 => KANGXI.chars().nth((c - 0x2F00) as usize).unwrap_or(ch),
        0x2E80..=0x2EF3 => RADICALS.iter().find(|r| r.0 == ch).map_or(ch, |r| r.1),
        _ => ch,
    }
}

/// Stroked segments that run along an axis become rules (`re` rectangles give their four edges).
fn stroke(sink: &mut Sink<'_>, st: &State, path: &[Vec<(f64, f64)>]) {
    let m = st.ctm.then(&sink.display);
    let width = {
        let (ax, ay) = (m.0[0] * st.line_width, m.0[1] * st.line_width);
        (ax * ax + ay * ay).sqrt().max(0.1)
    };
    for sub in path {
        for pair in sub.windows(2) {
            let (x0, y0) = m.apply(pair[0].0, pair[0].1);
            let (x1, y1) = m.apply(pair[1].0, pair[1].1);
            push_segment(sink, x0, y0, x1, y1, width);
        }
    }
}

/// Filled shapes: a thin axis-aligned rectangle is a rule; a larger one gives its edges.
fn fill(sink: &mut Sink<'_>, st: &State, path: &[Vec<(f64, f64)>]) {
    let m = st.ctm.then(&sink.display);
    for sub in path {
        if sub.len() < 3 {
            continue;
        }
        let pts: Vec<(f64, f64)> = sub.iter().map(|&(x, y)| m.apply(x, y)).collect();
        let axis_aligned = pts.windows(2).all(|p| (p[0].0 - p[1].0).abs() < 0.5 || (p[0].1 - p[1].1).abs() < 0.5);
        if !axis_aligned || pts.len() > 6 {
            continue;
        }
        let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
        for &(x, y) in &pts {
            x0 = x0.min(x);
            y0 = y0.min(y);
            x1 = x1.max(x);
            y1 = y1.max(y);
        }
        let (w, h) = (x1 - x0, y1 - y0);
        if h <= 3.0 && w > h {
            push_segment(sink, x0, (y0 + y1) / 2.0, x1, (y0 + y1) / 2.0, h.max(0.1));
        } else if w <= 3.0 && h > w {
            push_segment(sink, (x0 + x1) / 2.0, y0, (x0 + x1) / 2.0, y1, w.max(0.1));
        } else if w > 3.0 && h > 3.0 {
            for (a, b, c, d) in [(x0, y0, x1, y0), (x0, y1, x1, y1), (x0, y0, x0, y1), (x1, y0, x1, y1)] {
                push_segment(sink, a, b, c, d, 0.1);
            }
        }
    }
}

fn push_segment(sink: &mut Sink<'_>, x0: f64, y0: f64, x1: f64, y1: f64, width: f64) {
    if !(x0.is_finite() && y0.is_finite() && x1.is_finite() && y1.is_finite()) {
        return;
    }
    let (dx, dy) = ((x1 - x0).abs(), (y1 - y0).abs());
    if dx < 0.5 && dy < 0.5 {
        return;
    }
    if dy < 0.5 || dx < 0.5 {
        sink.rules.push(Rule {
            x0: x0.min(x1) as f32,
            y0: y0.min(y1) as f32,
            x1: x0.max(x1) as f32,
            y1: y0.max(y1) as f32,
            width: width as f32,
        });
    }
}
