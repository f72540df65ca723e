//! Records of list sheets ↔ the package as one JSON value ("the whole").
//!
//! The whole has the keys of `budget.toml` (`package`, `department`, …) plus
//! `project`, `performance`, `line_items`, `procurement`, `purchased_services`
//! and `codes` (extra catalog rows `[scheme, code, name]`). Both directions of
//! every [`Target`] live here side by side so they stay each other's inverse.

use serde_json::{Map, Value, json};

use crate::spec::{ListSheet, Target};

/// The value at a dotted path (`stated_funding.total`).
pub fn get<'a>(v: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(v, |v, k| v.get(k))
}

/// Sets the value at a dotted path, creating objects on the way.
pub fn set(v: &mut Value, path: &str, value: Value) {
    let mut cur = v;
    let mut keys = path.split('.').peekable();
    while let Some(k) = keys.next() {
        if !cur.is_object() {
            *cur = Value::Object(Map::new());
        }
        let obj = cur.as_object_mut().expect("made an object above");
        if keys.peek().is_none() {
            obj.insert(k.to_owned(), value);
            return;
        }
        cur = obj.entry(k.to_owned()).or_insert_with(|| Value::Object(Map::new()));
    }
}

/// The array at `path`, created empty when missing.
fn array_at<'a>(v: &'a mut Value, path: &str) -> &'a mut Vec<Value> {
    if get(v, path).is_none_or(|a| !a.is_array()) {
        set(v, path, Value::Array(Vec::new()));
    }
    let mut cur = v;
    for k in path.split('.') {
        cur = cur.get_mut(k).expect("set above");
    }
    cur.as_array_mut().expect("set above")
}

fn items<'a>(v: &'a Value, path: &str) -> impl Iterator<Item = &'a Value> {
    get(v, path).and_then(Value::as_array).into_iter().flatten()
}

/// The labels of the first column of two-way targets.
pub const GOAL_KINDS: [(&str, &str); 2] = [("长期目标", "long_term"), ("年度目标", "annual")];
pub const STAFF_KINDS: [(&str, &str); 2] =
    [("编制数", "staffing.authorized_by_kind"), ("在职人员", "staffing.in_post_by_kind")];
pub const PERF_TEXTS: [(&str, &str); 2] =
    [("年度工作任务", "performance.tasks"), ("部门职能概述", "performance.functions")];

/// The rows of a list sheet: one value per column (`Null` for an empty cell).
pub fn rows_of(sheet: &ListSheet, whole: &Value) -> Vec<Vec<Value>> {
    let pick = |rec: &Value, lead: Vec<Value>| -> Vec<Value> {
        let mut row = lead;
        for c in &sheet.columns[row.len()..] {
            row.push(get(rec, c.path).cloned().unwrap_or(Value::Null));
        }
        row
    };
    match sheet.target {
        Target::Array(path) => items(whole, path).map(|r| pick(r, vec![])).collect(),
        Target::Strings(path) => items(whole, path).enumerate().map(|(i, s)| vec![json!(i + 1), s.clone()]).collect(),
        Target::Staff => STAFF_KINDS
            .iter()
            .flat_map(|(label, path)| items(whole, path).map(move |r| pick(r, vec![json!(label)])).collect::<Vec<_>>())
            .collect(),
        Target::PerProject(path) => items(whole, "project")
            .flat_map(|p| {
                let id = p.get("id").cloned().unwrap_or(Value::Null);
                items(p, path).map(move |r| pick(r, vec![id.clone()])).collect::<Vec<_>>()
            })
            .collect(),
        Target::Goals => GOAL_KINDS
            .iter()
            .flat_map(|(label, key)| {
                items(whole, &format!("performance.{key}"))
                    .enumerate()
                    .map(|(i, g)| pick(g, vec![json!(label), json!(i + 1)]))
                    .collect::<Vec<_>>()
            })
            .collect(),
        Target::GoalIndicators => GOAL_KINDS
            .iter()
            .flat_map(|(label, key)| {
                items(whole, &format!("performance.{key}"))
                    .enumerate()
                    .flat_map(|(i, g)| items(g, "indicators").map(move |r| pick(r, vec![json!(label), json!(i + 1)])))
                    .collect::<Vec<_>>()
            })
            .collect(),
        Target::PerfTexts => PERF_TEXTS
            .iter()
            .flat_map(|(label, path)| items(whole, path).map(|s| vec![json!(label), s.clone()]).collect::<Vec<_>>())
            .collect(),
        Target::Codes => items(whole, "codes").filter_map(|r| r.as_array().cloned()).collect(),
    }
}

/// A problem with a record as a whole: the 1-based column it concerns (0: the row) and a message.
pub type RecordError = (usize, String);

/// Puts one record read from a list sheet into the whole. `cells` holds a value
/// per column (`None` for an empty cell), already validated by kind.
/// Returns the record's path in the whole (`line_items[3]`, `project[0].details[2]`).
pub fn put(sheet: &ListSheet, whole: &mut Value, cells: &[Option<Value>]) -> Result<String, RecordError> {
    let record = |skip: usize| -> Value {
        let mut rec = Value::Object(Map::new());
        for (c, v) in sheet.columns.iter().zip(cells).skip(skip) {
            if let Some(v) = v {
                set(&mut rec, c.path, v.clone());
            }
        }
        rec
    };
    let text = |i: usize| cells.get(i).and_then(|v| v.as_ref()).and_then(Value::as_str).unwrap_or_default().to_owned();
    let choose = |table: &[(&'static str, &'static str)]| {
        let t = text(0);
        table
            .iter()
            .find(|(l, _)| *l == t)
            .map(|(_, p)| *p)
            .ok_or((1, format!("“{t}”不是可选的类型 (not one of the choices)")))
    };
    let push = |a: &mut Vec<Value>, v: Value, path: &str| {
        a.push(v);
        format!("{path}[{}]", a.len() - 1)
    };
    Ok(match sheet.target {
        Target::Array(path) => push(array_at(whole, path), record(0), path),
        Target::Strings(path) => push(array_at(whole, path), json!(text(1)), path),
        Target::Staff => {
            let path = choose(&STAFF_KINDS)?;
            push(array_at(whole, path), record(1), path)
        }
        Target::PerfTexts => {
            let path = choose(&PERF_TEXTS)?;
            push(array_at(whole, path), json!(text(1)), path)
        }
        Target::PerProject(path) => {
            let id = text(0);
            let projects = array_at(whole, "project");
            let Some(pi) = projects.iter().position(|p| p.get("id").and_then(Value::as_str) == Some(&id)) else {
                return Err((1, format!("项目 ID“{id}”不在“项目”表中 (no such project)")));
            };
            let p = &mut projects[pi];
            if path.starts_with("performance.") && get(p, "performance.goal").is_none() {
                set(p, "performance.goal", json!(""));
            }
            push(array_at(p, path), record(1), &format!("project[{pi}].{path}"))
        }
        Target::Goals => {
            let key = goal_key(&text(0))?;
            let path = format!("performance.{key}");
            let goals = array_at(whole, &path);
            let seq = seq(cells, 1)?;
            if seq != goals.len() + 1 {
                return Err((
                    2,
                    format!(
                        "序号应为 {}（同一类型的目标按 1、2、3 … 连续编号） (goals are numbered 1, 2, 3 …)",
                        goals.len() + 1
                    ),
                ));
            }
            let mut rec = record(2);
            if rec.get("text").is_none() {
                set(&mut rec, "text", json!(""));
            }
            push(goals, rec, &path)
        }
        Target::GoalIndicators => {
            let key = goal_key(&text(0))?;
            let seq = seq(cells, 1)?;
            let goals = array_at(whole, &format!("performance.{key}"));
            let Some(goal) = goals.get_mut(seq.wrapping_sub(1)) else {
                return Err((2, format!("“部门绩效目标”表中没有{}第 {seq} 条 (no such goal)", text(0))));
            };
            push(array_at(goal, "indicators"), record(2), &format!("performance.{key}[{}].indicators", seq - 1))
        }
        Target::Codes => {
            push(array_at(whole, "codes"), Value::Array((0..3).map(|i| json!(text(i))).collect()), "codes")
        }
    })
}

fn goal_key(label: &str) -> Result<&'static str, RecordError> {
    GOAL_KINDS
        .iter()
        .find(|(l, _)| *l == label)
        .map(|(_, k)| *k)
        .ok_or((1, format!("“{label}”不是可选的类型 (not one of the choices)")))
}

fn seq(cells: &[Option<Value>], i: usize) -> Result<usize, RecordError> {
    cells
        .get(i)
        .and_then(|v| v.as_ref())
        .and_then(Value::as_u64)
        .map(|n| n as usize)
        .ok_or((i + 1, "缺少序号 (number missing)".into()))
}
