//! Text encodings of published documents: UTF-8 (with or without BOM), UTF-16
//! with a BOM, and GB18030 (a superset of GBK and GB2312, what Chinese Windows
//! tools save). Decoding is done by `encoding_rs`.

use std::borrow::Cow;

use encoding_rs::{Encoding, GB18030, UTF_8};

use crate::IngestError;

/// Decodes `bytes`: a BOM decides; else valid UTF-8; else `hint` (an HTML
/// `<meta charset>`), else GB18030. Bytes that decode with errors under every
/// candidate are refused with the offset of the first invalid UTF-8 byte.
pub fn decode<'a>(
    bytes: &'a [u8],
    name: &str,
    hint: Option<&'static Encoding>,
) -> Result<(Cow<'a, str>, &'static Encoding), IngestError> {
    if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom..]);
        if !had_errors {
            return Ok((text, enc));
        }
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok((Cow::Borrowed(s), UTF_8)),
        Err(e) => {
            for enc in hint.into_iter().chain([GB18030]) {
                let (text, had_errors) = enc.decode_without_bom_handling(bytes);
                if !had_errors {
                    return Ok((text, enc));
                }
            }
            Err(IngestError::NotUtf8 { name: name.to_owned(), offset: e.valid_up_to() })
        }
    }
}

/// The charset an HTML document declares in its first bytes (`<meta charset="gbk">`
/// or `content="text/html; charset=gb2312"`).
pub fn html_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(2048)];
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();
    let at = head.find("charset=")? + "charset=".len();
    let label: String = head[at..]
        .trim_start_matches(['"', '\''])
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    Encoding::for_label(label.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_utf8_gb18030_and_utf16() {
        let (t, e) = decode("单位：万元".as_bytes(), "x", None).unwrap();
        assert_eq!((t.as_ref(), e), ("单位：万元", UTF_8));
        let (t, e) = decode(b"\xb5\xa5\xce\xbb\xa3\xba\xcd\xf2\xd4\xaa", "x", None).unwrap();
        assert_eq!((t.as_ref(), e), ("单位：万元", GB18030));
        let utf16: Vec<u8> =
            [0xff, 0xfe].into_iter().chain("单位".encode_utf16().flat_map(|u| u.to_le_bytes())).collect();
        assert_eq!(decode(&utf16, "x", None).unwrap().0, "单位");
        assert!(decode(b"\xe6\xb1\x9f\xe6\xb1\x89\xff", "x", None).is_err());
        let declared = html_charset(b"<meta http-equiv=Content-Type content=\"text/html; charset=gb2312\">");
        assert_eq!(declared, Encoding::for_label(b"gb2312"));
    }
}
