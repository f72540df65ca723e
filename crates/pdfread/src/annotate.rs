//! Annotating a PDF by an incremental update: the original bytes stay as they
//! are; appended are one `/Square` annotation per box (with its appearance
//! stream, so that every viewer draws it), each annotated page object again
//! with its `/Annots` (the annotations it had, then the new ones), and a new
//! cross-reference section whose trailer points back at the original's
//! (`/Prev`). An original whose last cross-reference section is a stream gets a
//! cross-reference stream, one with a table a table.
//!
//! The page objects are re-emitted from their dictionaries' bytes as read by
//! `hayro-syntax`: the entries are split by a small tokenizer ([`entries`]) and
//! written back as they were, but for `/Annots`.

use std::fmt::Write as _;

use hayro_syntax::Pdf;
use hayro_syntax::object::{Array, MaybeRef, Object};

use crate::PdfError;

/// One outlined box with its note.
#[derive(Debug, Clone, PartialEq)]
pub struct Annotation {
    /// 1-based page.
    pub page: usize,
    /// `[x0, y0, x1, y1]` in the page's default user space (points).
    pub rect: [f32; 4],
    /// Stroke colour, RGB in 0–1.
    pub color: [f32; 3],
    /// The note (`/Contents`).
    pub contents: String,
    /// The author field (`/T`): the rule id.
    pub title: String,
}

/// The original PDF with `annotations` appended as an incremental update (the
/// original as it is when there are none).
pub fn annotate(bytes: &[u8], annotations: &[Annotation]) -> Result<Vec<u8>, PdfError> {
    std::panic::catch_unwind(|| annotate_inner(bytes, annotations))
        .map_err(|_| PdfError::Corrupt("internal error while annotating".into()))?
}

fn annotate_inner(bytes: &[u8], annotations: &[Annotation]) -> Result<Vec<u8>, PdfError> {
    if !bytes.windows(5).take(1024).any(|w| w == b"%PDF-") {
        return Err(PdfError::Invalid("no %PDF- header".into()));
    }
    let pdf = Pdf::new(bytes.to_vec()).map_err(|e| match e {
        hayro_syntax::LoadPdfError::Decryption(_) => PdfError::Encrypted,
        hayro_syntax::LoadPdfError::Invalid => PdfError::Invalid("no readable page tree".into()),
    })?;
    if annotations.is_empty() {
        return Ok(bytes.to_vec());
    }
    let last = last_section(bytes)?;
    let mut next = last.size;
    let mut new_id = || {
        next += 1;
        next - 1
    };
    let mut out = bytes.to_vec();
    if !out.ends_with(b"\n") {
        out.push(b'\n');
    }
    // (object number, generation, offset)
    let mut written: Vec<(u32, u16, usize)> = Vec::new();
    let pages = pdf.pages();
    let mut by_page: Vec<(usize, Vec<&Annotation>)> = Vec::new();
    for a in annotations {
        if a.page == 0 || a.page > pages.len() {
            return Err(PdfError::Invalid(format!("page {} out of range (1–{})", a.page, pages.len())));
        }
        match by_page.iter_mut().find(|(p, _)| *p == a.page) {
            Some((_, v)) => v.push(a),
            None => by_page.push((a.page, vec![a])),
        }
    }
    by_page.sort_by_key(|(p, _)| *p);
    for (page_no, annots) in &by_page {
        let page = &pages[page_no - 1];
        let dict = page.raw();
        let id = dict.obj_id().ok_or_else(|| PdfError::Corrupt(format!("page {page_no} is not an indirect object")))?;
        let (page_num, page_gen) = (
            u32::try_from(id.obj_number).map_err(|_| PdfError::Corrupt("bad object number".into()))?,
            u16::try_from(id.gen_number).map_err(|_| PdfError::Corrupt("bad generation".into()))?,
        );
        let mut refs = String::new();
        for a in annots {
            let (annot, ap) = (new_id(), new_id());
            let [x0, y0, x1, y1] = a.rect;
            let (w, h) = ((x1 - x0).max(1.0), (y1 - y0).max(1.0));
            let [r, g, b] = a.color;
            let stroke = 1.5f32;
            let content = format!(
                "q {} {} {} RG {} w {} {} {} {} re S Q",
                num(r),
                num(g),
                num(b),
                num(stroke),
                num(stroke / 2.0),
                num(stroke / 2.0),
                num(w - stroke),
                num(h - stroke)
            );
            written.push((ap, 0, out.len()));
            out.extend_from_slice(
                format!(
                    "{ap} 0 obj\n<< /Type /XObject /Subtype /Form /BBox [0 0 {} {}] /Matrix [1 0 0 1 0 0] /Length {} >>\nstream\n{content}\nendstream\nendobj\n",
                    num(w),
                    num(h),
                    content.len()
                )
                .as_bytes(),
            );
            written.push((annot, 0, out.len()));
            out.extend_from_slice(
                format!(
                    "{annot} 0 obj\n<< /Type /Annot /Subtype /Square /Rect [{} {} {} {}] /C [{} {} {}] /BS << /W {} /S /S >> /Border [0 0 {}] /F 4 /P {page_num} {page_gen} R /T {} /Contents {} /NM {} /AP << /N {ap} 0 R >> >>\nendobj\n",
                    num(x0),
                    num(y0),
                    num(x0 + w),
                    num(y0 + h),
                    num(r),
                    num(g),
                    num(b),
                    num(stroke),
                    num(stroke),
                    text_string(&a.title),
                    text_string(&a.contents),
                    text_string(&format!("yusuan-{annot}")),
                )
                .as_bytes(),
            );
            let _ = write!(refs, " {annot} 0 R");
        }
        // The page again, its annotations first kept.
        let raw = dict.data();
        let entries =
            entries(raw).ok_or_else(|| PdfError::Corrupt(format!("page {page_no}: unreadable dictionary")))?;
        let mut existing = String::new();
        match dict.get_raw::<Object<'_>>("Annots") {
            Some(MaybeRef::Ref(_)) => {
                if let Some(a) = dict.get::<Array<'_>>("Annots") {
                    existing = String::from_utf8_lossy(a.data()).into_owned();
                }
            }
            Some(MaybeRef::NotRef(Object::Array(a))) => existing = String::from_utf8_lossy(a.data()).into_owned(),
            _ => {}
        }
        let mut page_obj = format!("{page_num} {page_gen} obj\n<<");
        for (k, v) in &entries {
            if *k == b"/Annots" {
                continue;
            }
            page_obj.push_str(&String::from_utf8_lossy(k));
            page_obj.push(' ');
            page_obj.push_str(&String::from_utf8_lossy(v));
            page_obj.push('\n');
        }
        let _ = write!(page_obj, "/Annots [{}{refs} ]\n>>\nendobj\n", existing.trim());
        written.push((page_num, page_gen, out.len()));
        out.extend_from_slice(page_obj.as_bytes());
    }
    // The cross-reference section.
    let mut trailer = String::new();
    for (k, v) in [("/Root", &last.root), ("/Info", &last.info), ("/ID", &last.id)] {
        if let Some(v) = v {
            let _ = write!(trailer, " {k} {v}");
        }
    }
    if last.stream {
        let xref = new_id();
        let at = out.len();
        written.push((xref, 0, at));
        written.sort_by_key(|w| w.0);
        let mut index = String::new();
        let mut data = Vec::new();
        for run in runs(&written) {
            let _ = write!(index, "{} {} ", run[0].0, run.len());
            for (_, generation, offset) in run {
                data.push(1u8);
                data.extend_from_slice(&u32::try_from(*offset).unwrap_or(u32::MAX).to_be_bytes());
                data.extend_from_slice(&generation.to_be_bytes());
            }
        }
        out.extend_from_slice(
            format!(
                "{xref} 0 obj\n<< /Type /XRef /Size {next} /W [1 4 2] /Index [{}] /Prev {}{trailer} /Length {} >>\nstream\n",
                index.trim(),
                last.offset,
                data.len()
            )
            .as_bytes(),
        );
        out.extend_from_slice(&data);
        out.extend_from_slice(format!("\nendstream\nendobj\nstartxref\n{at}\n%%EOF\n").as_bytes());
    } else {
        written.sort_by_key(|w| w.0);
        let at = out.len();
        let mut table = String::from("xref\n");
        for run in runs(&written) {
            let _ = writeln!(table, "{} {}", run[0].0, run.len());
            for (_, generation, offset) in run {
                let _ = write!(table, "{offset:010} {generation:05} n\r\n");
            }
        }
        let _ = write!(table, "trailer\n<< /Size {next} /Prev {}{trailer} >>\nstartxref\n{at}\n%%EOF\n", last.offset);
        out.extend_from_slice(table.as_bytes());
    }
    Ok(out)
}

/// The annotations of a PDF with a `/Rect` (any subtype), page by page: what a
/// viewer finds (the last version of every page after all incremental updates).
/// `color` is `/C` when RGB, else black; `title` `/T`, `contents` `/Contents`.
pub fn read_annotations(bytes: &[u8]) -> Result<Vec<Annotation>, PdfError> {
    use hayro_syntax::object::{Dict, String as PdfString};
    let read = || -> Result<Vec<Annotation>, PdfError> {
        let pdf = Pdf::new(bytes.to_vec()).map_err(|e| match e {
            hayro_syntax::LoadPdfError::Decryption(_) => PdfError::Encrypted,
            hayro_syntax::LoadPdfError::Invalid => PdfError::Invalid("no readable page tree".into()),
        })?;
        let text = |s: Option<PdfString<'_>>| -> String {
            let Some(s) = s else { return String::new() };
            let b = s.as_bytes();
            if let Some(rest) = b.strip_prefix(&[0xFE, 0xFF]) {
                let units: Vec<u16> = rest.chunks_exact(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect();
                String::from_utf16_lossy(&units)
            } else {
                b.iter().map(|&c| char::from(c)).collect()
            }
        };
        let mut out = Vec::new();
        for (i, page) in pdf.pages().iter().enumerate() {
            let Some(annots) = page.raw().get::<Array<'_>>("Annots") else { continue };
            for a in annots.iter::<Dict<'_>>() {
                let Some(rect) = a.get::<[f32; 4]>("Rect") else { continue };
                let color = a.get::<[f32; 3]>("C").unwrap_or([0.0; 3]);
                out.push(Annotation {
                    page: i + 1,
                    rect: [rect[0].min(rect[2]), rect[1].min(rect[3]), rect[0].max(rect[2]), rect[1].max(rect[3])],
                    color,
                    contents: text(a.get::<PdfString<'_>>("Contents")),
                    title: text(a.get::<PdfString<'_>>("T")),
                });
            }
        }
        Ok(out)
    };
    std::panic::catch_unwind(read).map_err(|_| PdfError::Corrupt("internal error while parsing".into()))?
}

/// Runs of consecutive object numbers.
fn runs(written: &[(u32, u16, usize)]) -> Vec<&[(u32, u16, usize)]> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..=written.len() {
        if i == written.len() || written[i].0 != written[i - 1].0 + 1 {
            out.push(&written[start..i]);
            start = i;
        }
    }
    out
}

/// A number as PDF writes it (at most three decimals).
fn num(v: f32) -> String {
    let v = if v.is_finite() { v } else { 0.0 };
    let s = format!("{v:.3}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.to_owned() }
}

/// A text string: ASCII as a literal, anything else UTF-16BE with a BOM, in hex.
fn text_string(s: &str) -> String {
    if s.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        let mut out = String::from("(");
        for c in s.chars() {
            if matches!(c, '(' | ')' | '\\') {
                out.push('\\');
            }
            out.push(c);
        }
        out.push(')');
        return out;
    }
    let mut out = String::from("<FEFF");
    for u in s.encode_utf16() {
        let _ = write!(out, "{u:04X}");
    }
    out.push('>');
    out
}

/// The last cross-reference section of a file.
#[derive(Debug)]
struct Section {
    offset: usize,
    /// A cross-reference stream (else a table).
    stream: bool,
    size: u32,
    root: Option<String>,
    info: Option<String>,
    id: Option<String>,
}

fn last_section(bytes: &[u8]) -> Result<Section, PdfError> {
    let bad = |why: &str| PdfError::Corrupt(format!("cannot append to this PDF: {why}"));
    let tail_from = bytes.len().saturating_sub(2048);
    let at = bytes[tail_from..]
        .windows(9)
        .rposition(|w| w == b"startxref")
        .map(|i| i + tail_from + 9)
        .ok_or_else(|| bad("no startxref"))?;
    let digits: String = bytes[at..]
        .iter()
        .skip_while(|b| b.is_ascii_whitespace())
        .take_while(|b| b.is_ascii_digit())
        .map(|&b| char::from(b))
        .collect();
    let offset: usize = digits.parse().map_err(|_| bad("no startxref offset"))?;
    if offset >= bytes.len() {
        return Err(bad("startxref past the end"));
    }
    let rest = &bytes[offset..];
    let start = rest.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(0);
    let rest = &rest[start..];
    let (stream, dict) = if rest.starts_with(b"xref") {
        let t = rest.windows(7).position(|w| w == b"trailer").ok_or_else(|| bad("no trailer"))?;
        let d = rest[t + 7..].windows(2).position(|w| w == b"<<").ok_or_else(|| bad("no trailer dictionary"))?;
        (false, &rest[t + 7 + d..])
    } else {
        let o = rest.windows(3).take(64).position(|w| w == b"obj").ok_or_else(|| bad("no cross-reference section"))?;
        let d = rest[o..].windows(2).take(64).position(|w| w == b"<<").ok_or_else(|| bad("no stream dictionary"))?;
        (true, &rest[o + d..])
    };
    let entries = entries(dict).ok_or_else(|| bad("unreadable trailer"))?;
    let get =
        |k: &[u8]| entries.iter().find(|(key, _)| *key == k).map(|(_, v)| String::from_utf8_lossy(v).trim().to_owned());
    let size = get(b"/Size").and_then(|s| s.parse().ok()).ok_or_else(|| bad("no /Size"))?;
    let root = get(b"/Root");
    if root.is_none() {
        return Err(bad("no /Root"));
    }
    Ok(Section { offset, stream, size, root, info: get(b"/Info"), id: get(b"/ID") })
}

fn is_delim(b: u8) -> bool {
    matches!(b, b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%')
}

fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'\x0c' | b'\0')
}

/// Skips white space and comments.
fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while i < b.len() {
        if is_ws(b[i]) {
            i += 1;
        } else if b[i] == b'%' {
            while i < b.len() && b[i] != b'\n' && b[i] != b'\r' {
                i += 1;
            }
        } else {
            break;
        }
    }
    i
}

/// The end of the token or object at `i` (no white space before it); refs are one object.
fn object_end(b: &[u8], i: usize, depth: usize) -> Option<usize> {
    if depth > 64 || i >= b.len() {
        return None;
    }
    match b[i] {
        b'/' => {
            let mut j = i + 1;
            while j < b.len() && !is_ws(b[j]) && !is_delim(b[j]) {
                j += 1;
            }
            Some(j)
        }
        b'(' => {
            let mut level = 0usize;
            let mut j = i;
            while j < b.len() {
                match b[j] {
                    b'\\' => j += 1,
                    b'(' => level += 1,
                    b')' => {
                        level -= 1;
                        if level == 0 {
                            return Some(j + 1);
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
            None
        }
        b'<' if b.get(i + 1) == Some(&b'<') => {
            let mut j = skip_ws(b, i + 2);
            while j < b.len() {
                if b[j..].starts_with(b">>") {
                    return Some(j + 2);
                }
                j = skip_ws(b, object_end(b, j, depth + 1)?);
            }
            None
        }
        b'<' => b[i..].iter().position(|&c| c == b'>').map(|p| i + p + 1),
        b'[' => {
            let mut j = skip_ws(b, i + 1);
            while j < b.len() {
                if b[j] == b']' {
                    return Some(j + 1);
                }
                j = skip_ws(b, object_end(b, j, depth + 1)?);
            }
            None
        }
        c if c.is_ascii_digit() || c == b'-' || c == b'+' || c == b'.' => {
            let word = |k: usize| {
                let mut j = k;
                while j < b.len() && !is_ws(b[j]) && !is_delim(b[j]) {
                    j += 1;
                }
                j
            };
            let end = word(i);
            // `n g R`
            let g = skip_ws(b, end);
            if b[i..end].iter().all(u8::is_ascii_digit) && g < b.len() && b[g].is_ascii_digit() {
                let g_end = word(g);
                let r = skip_ws(b, g_end);
                if b[g..g_end].iter().all(u8::is_ascii_digit) && b.get(r) == Some(&b'R') && word(r) == r + 1 {
                    return Some(r + 1);
                }
            }
            Some(end)
        }
        c if is_delim(c) => None,
        _ => {
            let mut j = i;
            while j < b.len() && !is_ws(b[j]) && !is_delim(b[j]) {
                j += 1;
            }
            Some(j)
        }
    }
}

/// A dictionary's entries as raw bytes (`/Key`, value), from its `<<` on.
fn entries(b: &[u8]) -> Option<Vec<(&[u8], &[u8])>> {
    let mut i = skip_ws(b, 0);
    if !b[i..].starts_with(b"<<") {
        return None;
    }
    i = skip_ws(b, i + 2);
    let mut out = Vec::new();
    loop {
        if i >= b.len() {
            return None;
        }
        if b[i..].starts_with(b">>") {
            return Some(out);
        }
        if b[i] != b'/' {
            return None;
        }
        let k_end = object_end(b, i, 0)?;
        let v = skip_ws(b, k_end);
        let v_end = object_end(b, v, 0)?;
        out.push((&b[i..k_end], &b[v..v_end]));
        i = skip_ws(b, v_end);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dictionary_entries_split_at_the_top_level() {
        let d = b"<</Type/Page/Parent 3 0 R/MediaBox[0 0 595 842]/Resources<</Font<</F1 5 0 R>>>>/Contents [6 0 R 7 0 R] /S (a\\)b(c)d) /H <0A>%c\n/N -1.5>>";
        let e = entries(d).unwrap();
        let keys: Vec<&[u8]> = e.iter().map(|(k, _)| *k).collect();
        assert_eq!(
            keys,
            vec![&b"/Type"[..], b"/Parent", b"/MediaBox", b"/Resources", b"/Contents", b"/S", b"/H", b"/N"]
        );
        assert_eq!(e[1].1, b"3 0 R");
        assert_eq!(e[3].1, b"<</Font<</F1 5 0 R>>>>");
        assert_eq!(e[5].1, b"(a\\)b(c)d)");
        assert_eq!(e[7].1, b"-1.5");
    }

    #[test]
    fn text_strings_are_utf16_with_a_bom_for_cjk() {
        assert_eq!(text_string("YS-N001"), "(YS-N001)");
        assert_eq!(text_string("错误"), "<FEFF95198BEF>");
        assert_eq!(num(1.0), "1");
        assert_eq!(num(0.5), "0.5");
        assert_eq!(num(-0.0001), "0");
    }
}
