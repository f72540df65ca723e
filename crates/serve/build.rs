//! Embeds every package directory under `examples/` (each `examples/<name>/` with its files) so that
//! `yusuan serve` without `--db` starts with the bundled examples. A new example directory is picked up
//! without code changes (cargo reruns this script when anything under `examples/` changes).

use std::fmt::Write;
use std::path::{Path, PathBuf};

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let examples = manifest.join("../../examples");
    println!("cargo:rerun-if-changed={}", examples.display());
    let mut out = String::from("/// Bundled example packages: (directory name, [(file name, contents)]).\n");
    out.push_str("pub static EXAMPLES: &[crate::Example] = &[\n");
    for dir in sorted(&examples).into_iter().filter(|p| p.is_dir()) {
        let name = dir.file_name().and_then(|n| n.to_str()).expect("example names are UTF-8").to_owned();
        writeln!(out, "    ({name:?}, &[").unwrap();
        for file in sorted(&dir).into_iter().filter(|p| p.is_file()) {
            let file_name = file.file_name().and_then(|n| n.to_str()).expect("file names are UTF-8").to_owned();
            let abs = file.canonicalize().expect("example file exists");
            writeln!(out, "        ({file_name:?}, include_bytes!({:?})),", abs.display().to_string()).unwrap();
        }
        out.push_str("    ]),\n");
    }
    out.push_str("];\n");
    let dest = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR")).join("examples.rs");
    std::fs::write(dest, out).expect("OUT_DIR is writable");
}

fn sorted(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> =
        std::fs::read_dir(dir).map(|r| r.flatten().map(|e| e.path()).collect()).unwrap_or_default();
    v.sort();
    v
}
