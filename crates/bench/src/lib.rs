//! Shared inputs of the benchmarks: the bundled example, located from this crate.

use std::path::PathBuf;

/// The directory of the bundled example package.
pub fn example_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/jianghan-2022-zhengfuban")
}
