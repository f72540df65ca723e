//! The rule catalogue docs page is generated from the code and kept current.

use std::path::PathBuf;

#[test]
fn docs_rules_md_is_current() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/rules.md");
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == yusuan_check::report::catalogue_markdown(),
        "docs/rules.md is stale: run `cargo run -- rules --format md > docs/rules.md`"
    );
}
