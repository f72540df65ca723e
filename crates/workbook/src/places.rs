//! Translating a place in the package files (what the loader and the checker
//! report: `projects.toml:177`, `line_items.csv:12`) back to the workbook cell
//! the fact came from.
//!
//! The package files are rendered from the imported budget, so a line of them
//! has a path in the whole (`project[2].performance.indicators[1].target`);
//! the reader recorded where each path came from ([`Places`]). The longest
//! recorded prefix of the path names the cell (or at least the row).

use std::collections::HashMap;

use crate::read::{Places, address};

/// The path in the whole of each line of a package file (1-based index; empty for lines without one).
pub fn line_paths(file: &str, text: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    if let Some(array) = file.strip_suffix(".csv") {
        // Records by the line they start on (a quoted note may span lines).
        let mut rdr = csv::ReaderBuilder::new().from_reader(text.as_bytes());
        let mut rec = csv::StringRecord::new();
        let mut i = 0;
        let mut lines = vec![String::new(); text.lines().count() + 2];
        while let Ok(true) = rdr.read_record(&mut rec) {
            if let Some(p) = rec.position()
                && let Some(slot) = lines.get_mut(p.line() as usize)
            {
                *slot = format!("{array}[{i}]");
            }
            i += 1;
        }
        return lines;
    }
    let root = if file == "performance.toml" { "performance" } else { "" };
    let join = |a: &str, b: &str| if a.is_empty() { b.to_owned() } else { format!("{a}.{b}") };
    // Last resolved path of each table name, and counts of array-of-table entries per parent.
    let mut resolved: HashMap<String, String> = HashMap::new();
    let mut counts: HashMap<String, usize> = HashMap::new();
    let mut table = root.to_owned();
    let mut open_array: Option<(String, usize)> = None;
    for line in text.lines() {
        let t = line.trim();
        if let Some((key, n)) = &mut open_array {
            if t.starts_with(']') {
                out.push(key.clone());
                open_array = None;
            } else {
                out.push(format!("{key}[{n}]"));
                *n += 1;
            }
            continue;
        }
        let header = t.strip_prefix("[[").and_then(|h| h.strip_suffix("]]")).map(|h| (h, true));
        let header = header.or_else(|| t.strip_prefix('[').and_then(|h| h.strip_suffix(']')).map(|h| (h, false)));
        if let Some((name, is_array)) = header {
            let name = name.trim().to_owned();
            let (parent_name, last) = name.rsplit_once('.').map_or(("", name.as_str()), |(p, l)| (p, l));
            let parent = if parent_name.is_empty() {
                root.to_owned()
            } else {
                resolved.get(parent_name).cloned().unwrap_or_else(|| join(root, parent_name))
            };
            let base = join(&parent, last);
            table = if is_array {
                let n = counts.entry(base.clone()).or_insert(0);
                *n += 1;
                format!("{base}[{}]", *n - 1)
            } else {
                base
            };
            resolved.insert(name, table.clone());
            out.push(table.clone());
            continue;
        }
        match t.split_once(" = ") {
            Some((k, v)) if !t.starts_with('#') => {
                let key = join(&table, k.trim().trim_matches('"'));
                if v.trim() == "[" {
                    open_array = Some((key.clone(), 0));
                }
                out.push(key);
            }
            _ => out.push(table.clone()),
        }
    }
    out
}

/// The workbook place of a package-file place: `sheet!cell`, or `None` when unknown.
/// `key` names the field on that line when known (a CSV column), for the exact cell.
pub fn translate(
    places: &Places,
    paths: &HashMap<String, Vec<String>>,
    file: &str,
    line: usize,
    key: Option<&str>,
) -> Option<String> {
    let path = paths.get(file)?.get(line)?;
    let keyed = key.map(|k| format!("{path}.{k}"));
    let mut p = keyed.as_deref().unwrap_or(path);
    loop {
        if let Some((sheet, r, c)) = places.get(p) {
            return Some(format!("{sheet}!{}", address(*r, *c)));
        }
        // Drop the last segment: `.key` or `[i]`.
        let cut = p.rfind(['.', '['])?;
        p = &p[..cut];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_lines_have_paths() {
        let text = "[[project]]\nid = \"a\"\nbasis = [\n    \"x\",\n    \"y\",\n]\n\n[[project.details]]\ncontent = \"c\"\n\n[[project]]\nid = \"b\"\n[[project.details]]\ncontent = \"d\"\n[project.performance]\ngoal = \"g\"\n[[project.performance.indicators]]\nname = \"n\"\n";
        let p = line_paths("projects.toml", text);
        assert_eq!(p[2], "project[0].id");
        assert_eq!(p[5], "project[0].basis[1]");
        assert_eq!(p[9], "project[0].details[0].content");
        assert_eq!(p[14], "project[1].details[0].content");
        assert_eq!(p[16], "project[1].performance.goal");
        assert_eq!(p[18], "project[1].performance.indicators[0].name");
        let csv = line_paths("line_items.csv", "unit,amount\na,1\n\"b\nc\",2\nd,3\n");
        assert_eq!(
            (csv[2].as_str(), csv[3].as_str(), csv[5].as_str()),
            ("line_items[0]", "line_items[1]", "line_items[2]")
        );
    }
}
