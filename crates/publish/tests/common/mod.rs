//! Shared helpers of the publish tests.
#![allow(dead_code)]

use std::path::PathBuf;

/// The bundled example package.
pub fn example_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/jianghan-2022-zhengfuban")
}

/// The example, loaded and derived.
pub fn example() -> yusuan_publish::Published {
    yusuan_publish::load(&example_dir()).expect("example loads")
}
