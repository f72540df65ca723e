//! Static files embedded in the binary. Each is served under a name with a hash of its content
//! (`/assets/app.3f2a….css`), cached for a year as immutable, and under its plain name with a short cache.

use std::sync::OnceLock;

use axum::extract::Path;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

pub struct Asset {
    pub name: &'static str,
    pub bytes: &'static [u8],
    pub content_type: &'static str,
    /// `app.<hash>.css`.
    pub versioned: String,
}

const FILES: &[(&str, &[u8], &str)] = &[
    ("app.css", include_bytes!("../assets/app.css"), "text/css; charset=utf-8"),
    ("app.js", include_bytes!("../assets/app.js"), "text/javascript; charset=utf-8"),
    ("echarts.min.js", include_bytes!("../assets/vendor/echarts.min.js"), "text/javascript; charset=utf-8"),
    ("ECHARTS-LICENSE", include_bytes!("../assets/vendor/ECHARTS-LICENSE"), "text/plain; charset=utf-8"),
];

/// FNV-1a, 64 bits: enough to tell versions of our own files apart.
fn hash(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{:012x}", h >> 16)
}

pub fn all() -> &'static [Asset] {
    static ALL: OnceLock<Vec<Asset>> = OnceLock::new();
    ALL.get_or_init(|| {
        FILES
            .iter()
            .map(|(name, bytes, content_type)| {
                let versioned = match name.split_once('.') {
                    Some((stem, ext)) => format!("{stem}.{}.{ext}", hash(bytes)),
                    None => format!("{name}.{}", hash(bytes)),
                };
                Asset { name, bytes, content_type, versioned }
            })
            .collect()
    })
}

/// The URL of an asset by its plain name, with its content hash.
pub fn url(name: &str) -> String {
    all()
        .iter()
        .find(|a| a.name == name)
        .map_or_else(|| format!("/assets/{name}"), |a| format!("/assets/{}", a.versioned))
}

pub async fn get(Path(name): Path<String>) -> Response {
    let Some((asset, immutable)) = all().iter().find_map(|a| {
        if a.versioned == name {
            Some((a, true))
        } else if a.name == name {
            Some((a, false))
        } else {
            None
        }
    }) else {
        return (StatusCode::NOT_FOUND, "not found").into_response();
    };
    let cache = if immutable { "public, max-age=31536000, immutable" } else { "public, max-age=3600" };
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(asset.content_type)),
            (header::CACHE_CONTROL, HeaderValue::from_static(cache)),
            (header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")),
        ],
        asset.bytes,
    )
        .into_response()
}
