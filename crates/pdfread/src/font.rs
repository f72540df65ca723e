//! What the reader needs of a font: how to cut a string into character codes,
//! each code's advance width (from `/Widths` or `/W`, never from the font
//! program) and its Unicode text (`/ToUnicode`, else the encoding).

use hayro_cmap::{BfString, CMap};
use hayro_syntax::object::{Array, Dict, Name, Object, Stream};

/// How the bytes of a string are cut into codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Codes {
    /// A simple font: one byte per code.
    Single,
    /// Two bytes per code (Identity-H/V, UCS-2 CMaps, an embedded CMap).
    Double,
    /// GBK / EUC-CN: one byte below 0x81, else two.
    Gbk,
}

/// How a code becomes text when there is no `/ToUnicode` entry for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fallback {
    /// A simple font's 256-entry table.
    Table,
    /// The code is UCS-2.
    Ucs2,
    /// The code's bytes are GBK.
    Gbk,
    /// Nothing known (Identity-H without ToUnicode): U+FFFD.
    None,
}

/// A font as used for text extraction.
pub(crate) struct Font {
    codes: Codes,
    fallback: Fallback,
    to_unicode: Option<CMap>,
    /// Code → CID for a Type0 font with an embedded CMap as encoding.
    cid_map: Option<CMap>,
    /// Simple fonts: code → character (`'\0'` = unknown).
    table: [char; 256],
    /// Simple fonts: code → width in glyph space / 1000.
    simple_widths: [f32; 256],
    /// Type0: sorted CID ranges with their width / 1000.
    cid_widths: Vec<(u32, u32, f32)>,
    default_width: f32,
    /// The font's descent / 1000 (negative), for the glyph box.
    pub descent: f32,
    pub vertical: bool,
}

/// One decoded code of a shown string.
pub(crate) struct Code {
    pub code: u32,
    /// Bytes of the string this code took.
    pub len: usize,
}

impl Font {
    /// Reads a font dictionary; never fails (missing parts get defaults).
    pub fn load(dict: &Dict<'_>) -> Font {
        let subtype = dict.get::<Name<'_>>(b"Subtype".as_slice());
        let mut font = Font {
            codes: Codes::Single,
            fallback: Fallback::Table,
            to_unicode: dict.get::<Stream<'_>>(b"ToUnicode".as_slice()).and_then(|s| parse_cmap(&s)),
            cid_map: None,
            table: ['\0'; 256],
            simple_widths: [0.0; 256],
            cid_widths: Vec::new(),
            default_width: 0.5,
            descent: -0.2,
            vertical: false,
        };
        if subtype.as_deref() == Some(b"Type0".as_slice()) {
            font.load_type0(dict);
        } else {
            font.load_simple(dict);
        }
        font
    }

    fn load_type0(&mut self, dict: &Dict<'_>) {
        self.codes = Codes::Double;
        self.fallback = Fallback::None;
        self.default_width = 1.0;
        match dict.get::<Object<'_>>(b"Encoding".as_slice()) {
            Some(Object::Name(n)) => {
                let name: &[u8] = &n;
                self.vertical = name.ends_with(b"-V");
                if name.starts_with(b"Identity") {
                } else if contains(name, b"UCS2") || contains(name, b"UTF16") {
                    self.fallback = Fallback::Ucs2;
                } else if contains(name, b"GB") {
                    self.codes = Codes::Gbk;
                    self.fallback = Fallback::Gbk;
                }
            }
            Some(Object::Stream(s)) => self.cid_map = parse_cmap(&s),
            _ => {}
        }
        let Some(descendant) =
            dict.get::<Array<'_>>(b"DescendantFonts".as_slice()).and_then(|a| a.iter::<Dict<'_>>().next())
        else {
            return;
        };
        if let Some(dw) = descendant.get::<f32>(b"DW".as_slice()) {
            self.default_width = dw / 1000.0;
        }
        if let Some(w) = descendant.get::<Array<'_>>(b"W".as_slice()) {
            let items: Vec<Object<'_>> = w.iter::<Object<'_>>().collect();
            let mut i = 0;
            while i < items.len() {
                let Some(first) = num(&items[i]) else { break };
                match items.get(i + 1) {
                    Some(Object::Array(list)) => {
                        for (k, width) in list.iter::<f32>().enumerate() {
                            let cid = first as u32 + k as u32;
                            self.cid_widths.push((cid, cid, width / 1000.0));
                        }
                        i += 2;
                    }
                    Some(last) => {
                        let (Some(last), Some(width)) = (num(last), items.get(i + 2).and_then(num)) else { break };
                        if last >= first {
                            self.cid_widths.push((first as u32, last as u32, (width / 1000.0) as f32));
                        }
                        i += 3;
                    }
                    None => break,
                }
            }
            self.cid_widths.sort_by_key(|r| r.0);
        }
        if let Some(d) = descendant.get::<Dict<'_>>(b"FontDescriptor".as_slice()) {
            self.read_descriptor(&d);
        }
    }

    fn load_simple(&mut self, dict: &Dict<'_>) {
        let descriptor = dict.get::<Dict<'_>>(b"FontDescriptor".as_slice());
        let symbolic = descriptor.as_ref().and_then(|d| d.get::<i32>(b"Flags".as_slice())).is_some_and(|f| f & 4 != 0);
        // Base encoding: standard (ASCII + Latin-1 is close enough for figures and names).
        for (c, slot) in self.table.iter_mut().enumerate() {
            *slot = match c {
                0x20..=0x7e | 0xa1..=0xff => char::from(c as u8),
                0x80..=0x9f => WIN_ANSI_80[c - 0x80],
                _ => '\0',
            };
        }
        let base_font = dict.get::<Name<'_>>(b"BaseFont".as_slice());
        match dict.get::<Object<'_>>(b"Encoding".as_slice()) {
            Some(Object::Dict(enc)) => {
                if let Some(diff) = enc.get::<Array<'_>>(b"Differences".as_slice()) {
                    let mut code = 0usize;
                    for item in diff.iter::<Object<'_>>() {
                        match item {
                            Object::Number(n) => code = n.as_f64().clamp(0.0, 255.0) as usize,
                            Object::Name(n) => {
                                if let Some(slot) = self.table.get_mut(code) {
                                    *slot = glyph_name_char(&n).unwrap_or('\0');
                                }
                                code += 1;
                            }
                            _ => {}
                        }
                    }
                }
            }
            Some(Object::Name(_)) | None
                if symbolic
                    && base_font.as_deref().is_some_and(|b| contains(b, b"Symbol") || contains(b, b"Wingding")) =>
            {
                self.table = ['\0'; 256];
            }
            _ => {}
        }
        let first = dict.get::<i32>(b"FirstChar".as_slice()).unwrap_or(0).clamp(0, 255) as usize;
        let missing =
            descriptor.as_ref().and_then(|d| d.get::<f32>(b"MissingWidth".as_slice())).map_or(0.5, |w| w / 1000.0);
        let courier = base_font.as_deref().is_some_and(|b| contains(b, b"Courier"));
        self.default_width = if courier { 0.6 } else { missing.max(0.0) };
        self.simple_widths = [self.default_width; 256];
        if let Some(widths) = dict.get::<Array<'_>>(b"Widths".as_slice()) {
            for (k, w) in widths.iter::<f32>().enumerate() {
                if let Some(slot) = self.simple_widths.get_mut(first + k) {
                    *slot = w / 1000.0;
                }
            }
        } else if !courier {
            // A standard font without widths: Helvetica-like advances.
            for (c, slot) in self.simple_widths.iter_mut().enumerate() {
                *slot = match c as u8 {
                    b'0'..=b'9' | b'a'..=b'z' => 0.556,
                    b'A'..=b'Z' => 0.667,
                    b' ' | b'.' | b',' | b':' | b';' => 0.278,
                    _ => 0.5,
                };
            }
        }
        if let Some(d) = descriptor {
            self.read_descriptor(&d);
        }
    }

    fn read_descriptor(&mut self, d: &Dict<'_>) {
        if let Some(descent) = d.get::<f32>(b"Descent".as_slice()) {
            let descent = descent / 1000.0;
            if (-1.0..=0.0).contains(&descent) {
                self.descent = descent;
            }
        }
    }

    /// The next code of `bytes` at `at`.
    pub fn next_code(&self, bytes: &[u8], at: usize) -> Code {
        let b0 = u32::from(bytes[at]);
        let two = match self.codes {
            Codes::Single => false,
            Codes::Double => true,
            Codes::Gbk => b0 >= 0x81,
        };
        match bytes.get(at + 1) {
            Some(&b1) if two => Code { code: b0 << 8 | u32::from(b1), len: 2 },
            _ => Code { code: b0, len: 1 },
        }
    }

    /// The advance of a code in text space units per font size.
    pub fn width(&self, code: &Code) -> f32 {
        match self.codes {
            Codes::Single => self.simple_widths[(code.code & 0xff) as usize],
            Codes::Gbk if code.len == 1 => 0.5,
            _ => {
                let cid = match &self.cid_map {
                    Some(map) => map.lookup_cid_code(code.code, code.len as u8).unwrap_or(code.code),
                    None => code.code,
                };
                let i = self.cid_widths.partition_point(|r| r.1 < cid);
                match self.cid_widths.get(i) {
                    Some(&(lo, _, w)) if lo <= cid => w,
                    _ => self.default_width,
                }
            }
        }
    }

    /// Whether a code is the single-byte space (word spacing applies).
    pub fn is_space(&self, code: &Code) -> bool {
        code.len == 1 && code.code == 32
    }

    /// The text of a code, passed to `out` (one or more characters; nothing for unmapped controls).
    pub fn text(&self, code: &Code, bytes: &[u8], out: &mut impl FnMut(char)) {
        if let Some(map) = &self.to_unicode {
            match map.lookup_bf_string(code.code) {
                Some(BfString::Char(c)) => return out(c),
                Some(BfString::String(s)) => return s.chars().for_each(out),
                None => {}
            }
        }
        match self.fallback {
            Fallback::Table => {
                let c = self.table[(code.code & 0xff) as usize];
                if c != '\0' {
                    out(c);
                }
            }
            Fallback::Ucs2 => out(char::from_u32(code.code).unwrap_or('\u{fffd}')),
            Fallback::Gbk => {
                let (text, _, _) = encoding_rs::GBK.decode(bytes);
                text.chars().for_each(out);
            }
            Fallback::None => out('\u{fffd}'),
        }
    }
}

fn num(o: &Object<'_>) -> Option<f64> {
    match o {
        Object::Number(n) => Some(n.as_f64()).filter(|v| v.is_finite() && *v >= 0.0 && *v < 4_294_967_295.0),
        _ => None,
    }
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

fn parse_cmap(s: &Stream<'_>) -> Option<CMap> {
    let data = s.decoded().ok()?;
    CMap::parse(&data, |_| None)
}

/// WinAnsiEncoding 0x80–0x9F.
const WIN_ANSI_80: [char; 32] = [
    '€', '\0', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\0', 'Ž', '\0', '\0', '‘', '’', '“', '”', '•',
    '–', '—', '˜', '™', 'š', '›', 'œ', '\0', 'ž', 'Ÿ',
];

/// The character of a glyph name: `a`, `uni4E00`, `u4E00`, `zero`, `period` ….
fn glyph_name_char(name: &[u8]) -> Option<char> {
    let s = std::str::from_utf8(name).ok()?;
    let s = s.split('.').next().unwrap_or(s);
    if s.len() == 1 && s.as_bytes()[0].is_ascii_alphabetic() {
        return s.chars().next();
    }
    if let Some(hex) = s.strip_prefix("uni").or_else(|| s.strip_prefix('u')).filter(|h| (4..=6).contains(&h.len()))
        && let Ok(v) = u32::from_str_radix(&hex[..4], 16)
    {
        return char::from_u32(v);
    }
    const NAMES: &[(&str, char)] = &[
        ("space", ' '),
        ("zero", '0'),
        ("one", '1'),
        ("two", '2'),
        ("three", '3'),
        ("four", '4'),
        ("five", '5'),
        ("six", '6'),
        ("seven", '7'),
        ("eight", '8'),
        ("nine", '9'),
        ("period", '.'),
        ("comma", ','),
        ("colon", ':'),
        ("semicolon", ';'),
        ("hyphen", '-'),
        ("minus", '-'),
        ("percent", '%'),
        ("parenleft", '('),
        ("parenright", ')'),
        ("slash", '/'),
        ("plus", '+'),
        ("equal", '='),
        ("bracketleft", '['),
        ("bracketright", ']'),
        ("quotesingle", '\''),
        ("quotedbl", '"'),
        ("ampersand", '&'),
        ("asterisk", '*'),
        ("numbersign", '#'),
        ("dollar", '$'),
        ("at", '@'),
        ("underscore", '_'),
        ("endash", '–'),
        ("emdash", '—'),
        ("quoteleft", '‘'),
        ("quoteright", '’'),
        ("quotedblleft", '“'),
        ("quotedblright", '”'),
        ("bullet", '•'),
        ("ellipsis", '…'),
        ("degree", '°'),
        ("yen", '¥'),
        ("less", '<'),
        ("greater", '>'),
        ("question", '?'),
        ("exclam", '!'),
    ];
    NAMES.iter().find(|(n, _)| *n == s).map(|(_, c)| *c)
}
