//! The fonts of the PDF: two subsets of Noto CJK SC embedded in the binary
//! (see `fonts/README.md`), and, only for characters they lack, faces found
//! among the system's fonts.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use typst::foundations::Bytes;
use typst::text::Font;

/// Noto Serif CJK SC (the 宋体 role: body and tables), GB2312 + corpus subset.
const SERIF: &[u8] = include_bytes!("../../../fonts/NotoSerifCJKsc-Regular-subset.otf");
/// Noto Sans CJK SC Bold (the 黑体 role: titles, headings, totals).
const SANS_BOLD: &[u8] = include_bytes!("../../../fonts/NotoSansCJKsc-Bold-subset.otf");
/// DejaVu Sans, symbols only (☐ ☑, dingbats, arrows): what forms print and Noto CJK lacks.
const SYMBOLS: &[u8] = include_bytes!("../../../fonts/DejaVuSans-symbols-subset.ttf");

/// The embedded faces, parsed once.
pub fn embedded() -> &'static [Font] {
    static FONTS: OnceLock<Vec<Font>> = OnceLock::new();
    FONTS.get_or_init(|| {
        [SERIF, SANS_BOLD, SYMBOLS].into_iter().flat_map(|data| Font::iter(Bytes::new(data))).collect::<Vec<_>>()
    })
}

/// Whether any of `fonts` has a glyph for `c`.
fn covered(fonts: &[Font], c: char) -> bool {
    fonts.iter().any(|f| f.info().coverage.contains(c as u32))
}

/// Characters of `text` that no face of `fonts` covers (control characters and white space aside), in code
/// point order. Each distinct character is looked up once: a disclosure has ~150,000 characters but ~1,500
/// distinct ones.
pub fn uncovered(fonts: &[Font], text: &str) -> Vec<char> {
    let mut chars: Vec<char> = text.chars().filter(|c| !c.is_control() && !c.is_whitespace()).collect();
    chars.sort_unstable();
    chars.dedup();
    chars.retain(|&c| !covered(fonts, c));
    chars
}

/// Folders searched for fallback faces: `$YUSUAN_FONT_DIR` first, then the usual system and user font folders.
fn font_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::env::var_os("YUSUAN_FONT_DIR").map(PathBuf::from).into_iter().collect();
    dirs.extend(
        ["/usr/share/fonts", "/usr/local/share/fonts", "/Library/Fonts", "C:\\Windows\\Fonts"].map(PathBuf::from),
    );
    if let Some(home) = std::env::var_os("HOME") {
        dirs.push(Path::new(&home).join(".local/share/fonts"));
        dirs.push(Path::new(&home).join(".fonts"));
    }
    dirs
}

fn font_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let path = e.path();
        if path.is_dir() {
            font_files(&path, out);
        } else if path
            .extension()
            .and_then(|x| x.to_str())
            .is_some_and(|x| ["ttf", "otf", "ttc", "otc"].contains(&x.to_ascii_lowercase().as_str()))
        {
            out.push(path);
        }
    }
}

/// System faces that cover some of `missing`, removing what they cover from it.
/// Only called when the embedded faces lack a character, so the scan costs nothing in the usual case.
pub fn fallback(missing: &mut Vec<char>) -> Vec<Font> {
    let mut files = Vec::new();
    for dir in font_dirs() {
        font_files(&dir, &mut files);
    }
    files.sort();
    let mut found = Vec::new();
    for path in files {
        if missing.is_empty() {
            break;
        }
        let Ok(data) = std::fs::read(&path) else { continue };
        for font in Font::iter(Bytes::new(data)) {
            let before = missing.len();
            missing.retain(|&c| !font.info().coverage.contains(c as u32));
            if missing.len() < before {
                found.push(font);
            }
        }
    }
    found
}
