//! `yusuan audit` over the seed and the corpus (`../shared/seed`, `../shared/corpus/*.txt`):
//!
//! * every known error of the corpus — INDEX.md's column “inconsistencies noticed” and the
//!   manual review sheets of 005 and 006 (`govbudgetchecker_samples/history_tmp/*_review_sheet.tsv`)
//!   — is found by a finding of the expected rule at the expected figure ([`KNOWN`]);
//! * the narrative findings (`YS-N…`) of every file are exactly the reviewed ones ([`NARRATIVE`]):
//!   each was checked against the document and is a real error (the seed's are the narrative
//!   errors listed in `examples/jianghan-2022-zhengfuban/README.md`);
//! * the known errors the audit does not reach are listed, with why, in [`NOT_REACHED`].
//!
//! Runs the binary with `--format json` (the documented interface) and prints per file the
//! number of errors and warnings and the narrative findings.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;

/// A known error: file (`005`, or `seed`), the rules that may report it, a text the finding's
/// excerpt or message contains, how many such findings at least, and where it is known from.
struct Known {
    file: &'static str,
    rules: &'static [&'static str],
    at: &'static str,
    count: usize,
    source: &'static str,
}

const fn known(file: &'static str, rules: &'static [&'static str], at: &'static str, source: &'static str) -> Known {
    Known { file, rules, at, count: 1, source }
}

/// The known errors of INDEX.md and of the review sheets that the audit reaches.
const KNOWN: &[Known] = &[
    // 001 (INDEX): “财政拨款收入支出总计0.3万元” vs 总计 2,961.68.
    known("001", &["YS-N001"], "0.3", "INDEX: 财政拨款收入支出总计0.3万元 vs 2,961.68"),
    // 002 (INDEX, the checker author's altered copy of 001).
    known("002", &["YS-M001"], "支出决算表", "INDEX: 支出决算表 missing though listed in 目录"),
    known("002", &["YS-N015"], "0.95", "INDEX: 三公 table has no data row while the narrative gives 0.95"),
    known("002", &["YS-M002"], "三公", "INDEX: 三公 table has a header but no data row"),
    known("002", &["YS-N001"], "2,995.39", "INDEX: 收入支出总计 0 万元 vs 总计 2,995.39"),
    // 005 (INDEX and dept_budget_review_sheet.tsv).
    known("005", &["YS-N003"], "17.62%", "INDEX + review #4: 43269.3 → 3845.49 “增加17.62%”"),
    known("005", &["YS-N003"], "17.66%", "INDEX: 职业年金 77.99 → 91.97 “增加17.66%” (is 17.93%)"),
    known("005", &["YS-N001"], "201.50", "INDEX + review #6: 住房公积金 208.8 vs “预算安排201.50万元”"),
    known("005", &["YS-N008"], "医疗卫生与计划生育支出", "INDEX + review #5: 210类 named 医疗卫生与计划生育支出"),
    Known {
        file: "005",
        rules: &["YS-N020"],
        at: "2026年",
        count: 5,
        source: "review #1: 5 comparisons with the budget year itself (“比2026年预算”)",
    },
    known("005", &["YS-N022"], "。。", "review #3: “等方面的支出。。”"),
    known("005", &["YS-N022"], "引号不成对", "review 项目经费情况说明: an extra closing quote"),
    Known {
        file: "005",
        rules: &["YS-F005"],
        at: "主要职能",
        count: 3,
        source: "INDEX + review 主要职能: （六）–（八） printed twice across a page break",
    },
    // 006 (INDEX and unit_budget_review_sheet.tsv).
    Known {
        file: "006",
        rules: &["YS-I011", "YS-I016"],
        at: "64,840,547.00",
        count: 2,
        source: "INDEX + review: row 2040601 合计 14,348,853.34 = 基本 but 项目 64,840,547.00 (两张表)",
    },
    known("006", &["YS-N003"], "1.10%", "INDEX + review #2: 1690.69 → 1434.89 “减少1.10%” (is 15.13%)"),
    known("006", &["YS-N001"], "57.8", "INDEX + review #3: 56.12 vs “预算安排57.8万元” (57.43 → 57.8 “减少2.27%”)"),
    known("006", &["YS-N001"], "170.03", "INDEX + review #4: 购房补贴 207 vs “预算安排170.03万元”"),
    known("006", &["YS-N003"], "21.74%", "INDEX + review #4: 241.76 → 207 “增加21.74%” (is −14.38%)"),
    known("006", &["YS-N014"], "原因是。", "INDEX + review 其他相关说明 #1: “主要原因是。”"),
    known("006", &["YS-N021"], "增加（减少）", "review 预算编制说明 #1: “增加（减少）的主要原因”"),
    known("006", &["YS-N008"], "医疗卫生与计划生育支出", "review #5: 210类 named 医疗卫生与计划生育支出"),
    known("006", &["YS-N024"], "部门预算", "review 其他相关说明 #2: a 单位预算 writing “部门预算安排…”"),
    // 008 (INDEX).
    known("008", &["YS-N001"], "441.25", "INDEX: 职业年金 220.63 vs “2023年预算安排441.25万元”"),
    known("008", &["YS-N003"], "60.54%", "INDEX: 职业年金 “增加60.54%”"),
    known("008", &["YS-N003"], "314.82%", "INDEX: 群众团体事务 11.67 → 45.41 “增加314.82%” (is 289.12%)"),
    // 009 (INDEX).
    known("009", &["YS-N001"], "352.67", "INDEX: 住房公积金 350.35 vs “2024年预算安排352.67万元”"),
    known("009", &["YS-N023"], "城管执法", "INDEX: item 26 城管执法 described as 一般行政管理事务"),
    // 011: the truncated amounts of the brief (87.708 万 printed 87.70).
    known("011", &["YS-N019"], "87.70", "brief: 行政单位离退休 87.70 vs 877,080 元 (truncated)"),
    // Seed (examples/jianghan-2022-zhengfuban/README.md, “Narrative vs tables” 1–4 and 7).
    known("seed", &["YS-N004"], "47.72%", "README 2: total rate on this year's base"),
    known("seed", &["YS-N004"], "6%", "README 2: basic rate on this year's base"),
    known("seed", &["YS-N004"], "62.78%", "README 2: project rate on this year's base"),
    known("seed", &["YS-N007"], "1050.18", "README 1: “基本支出 1050.18 元”"),
    known("seed", &["YS-N013"], "公开表 5", "README 3: “按功能分类到项级详见公开表 5”"),
    known("seed", &["YS-N008"], "2728.8", "README 4: “5、其他支出 2728.8 万元” is 213 农林水支出"),
    known("seed", &["YS-N001"], "2877.8", "README 7: 整体支出 performance “涉及一般公共预算 2877.8 万元”"),
];

/// Known errors the audit does not report, and why: (file, error, why).
pub const NOT_REACHED: &[(&str, &str, &str)] = &[
    (
        "003",
        "table section heading “上海市规划和自然资源局 2024 年度部门决算表” (missing 普陀区)",
        "a heading of the tables part, not a narrative figure; no rule compares the department named in headings",
    ),
    (
        "005",
        "INDEX: 住房公积金 “增加5.27%” (is 1.59%)",
        "deliberately not reported as a rate error: 5.27% is the rate of the table's 208.80 (and of the item's \
         headline 208.8) over 198.34; the one wrong figure of the sentence is the restated 201.50, which YS-N001 reports",
    ),
    (
        "005",
        "review 目录: an empty table page after the table of contents",
        "page layout: the text corpus has no page breaks and drops empty pages",
    ),
    (
        "005",
        "review 预算编制说明 #2: no full stop after “主要原因是工作量增加”",
        "the PDF line simply ends there; in text a missing stop at a line end looks like any wrapped line",
    ),
];

/// The narrative findings of every file, as reviewed: (file, rule, excerpt, why it is real).
/// A file not listed has none.
const NARRATIVE: &[(&str, &str, &str, &str)] = &[
    ("001", "YS-N001", "0.3", "INDEX: 财政拨款收入支出总计 0.3 vs 2,961.68"),
    ("001", "YS-N002", "71.73%", "2,106.66 ÷ 2,940.05 = 71.65%; the printed shares add up to 100.07%"),
    ("002", "YS-N001", "0", "INDEX (altered copy): 收入支出总计 0 vs 2,995.39"),
    ("002", "YS-N002", "71.73%", "as in 001, of which 002 is a copy"),
    ("002", "YS-N015", "0.95", "INDEX: 三公 年初预算 0.95 while the 三公 table prints no row"),
    ("002", "YS-N022", "算财政拨款。。", "“…国有资本经营预算财政拨款。。” in the altered copy"),
    (
        "003",
        "YS-N001",
        "5377.64",
        "一般公共预算财政拨款基本支出 printed as the all-money 5,377.64; the 一般公共预算 table says 5,364.75",
    ),
    ("003", "YS-N001", "4896.98", "its 人员经费 likewise: 4,896.98 vs the 基本支出表's 人员经费合计 4,884.09"),
    ("003", "YS-N019", "99.86%", "9,746.50 ÷ 9,759.38 = 99.868%, truncated"),
    ("003", "YS-N021", "下降（增长）", "the template's “下降（增长）27.78%” left in"),
    ("004", "YS-N019", "9.55%", "29.42 ÷ 307.82 = 9.558%, truncated"),
    ("005", "YS-N001", "201.50", "INDEX + review: 住房公积金 208.8 vs 201.50"),
    ("005", "YS-N003", "17.62%", "INDEX + review: 43269.3 → 3845.49 is −91.11%"),
    ("005", "YS-N003", "17.66%", "INDEX: 77.99 → 91.97 is +17.93%"),
    ("005", "YS-N008", "医疗卫生与计划生育支出（210类）", "INDEX + review: the tables say 卫生健康支出"),
    ("005", "YS-N020", "比2026年", "review: compares 2026 with 2026 (1 of 5)"),
    ("005", "YS-N020", "比2026年", "review: compares 2026 with 2026 (2 of 5)"),
    ("005", "YS-N020", "比2026年", "review: compares 2026 with 2026 (3 of 5)"),
    ("005", "YS-N020", "与2026年", "review: compares 2026 with 2026 (4 of 5)"),
    ("005", "YS-N020", "与2026年", "review: compares 2026 with 2026 (5 of 5)"),
    ("005", "YS-N022", "方面的支出。。", "review: doubled full stop"),
    ("005", "YS-N022", "议书检查”、优秀调解案例”", "review: an extra closing quote"),
    ("006", "YS-N001", "57.8", "review: 56.12 (table 561,240.00 元) vs 57.8"),
    ("006", "YS-N001", "170.03", "review: 207 (table 2,070,000.00 元) vs 170.03"),
    ("006", "YS-N003", "1.10%", "INDEX + review: 1690.69 → 1434.89 is −15.13%"),
    ("006", "YS-N003", "21.74%", "INDEX + review: 241.76 → 207 is −14.38%, not “增加21.74%”"),
    ("006", "YS-N008", "医疗卫生与计划生育支出（210类）", "review: the tables say 卫生健康支出"),
    ("006", "YS-N014", "原因是。", "INDEX + review: “主要原因是。”"),
    ("006", "YS-N021", "增加（减少）", "review: “增加（减少）的主要原因是业务量增加”"),
    ("006", "YS-N024", "部门预算", "review: a 单位预算 writes “部门预算安排…” (twice)"),
    ("007", "YS-N001", "738.66", "社会福利事业单位: the 一般公共预算 table says 6,964,796 元 = 696.48 万元"),
    ("007", "YS-N008", "医疗卫生与计划生育支出（类）", "the tables say 卫生健康支出 (as in 005 / 006)"),
    ("007", "YS-N014", "原因是。", "“公务用车购置及运行费…持平，主要原因是。其中：”"),
    ("008", "YS-N001", "441.25", "INDEX: 职业年金 220.63 (table 2,206,272 元) vs 441.25"),
    ("008", "YS-N003", "314.82%", "INDEX: 11.67 → 45.41 is +289.12%"),
    ("008", "YS-N003", "60.54%", "INDEX: 132.59 → 220.63 is +66.40% (and → 441.25 +232.79%)"),
    ("008", "YS-N023", "统计管理", "专项普查活动 described as 统计管理 (the previous item's text)"),
    ("008", "YS-N023", "城乡社区管理事务一般行政管理事务", "城管执法 described as 一般行政管理事务 (as in 009)"),
    ("009", "YS-N001", "352.67", "INDEX: 住房公积金 350.35 (table 3,503,499 元) vs 352.67"),
    ("009", "YS-N023", "城乡社区管理事务一般行政管理事务", "INDEX: item 26 城管执法 described as 一般行政管理事务"),
    ("011", "YS-N001", "887.36", "职业年金: the table says 873,617.00 元 = 87.36 万元 (a digit too many)"),
    ("011", "YS-N019", "87.70", "877,080.00 元 = 87.708 万元, truncated"),
    ("011", "YS-N019", "78.21", "782,164.00 元 = 78.2164 万元, truncated"),
    ("011", "YS-N019", "204.91", "2,049,197.00 元 = 204.9197 万元, truncated"),
    ("011", "YS-N019", "268.77", "2,687,760.00 元 = 268.776 万元, truncated"),
    ("012", "YS-N024", "部门预算", "a 单位预算 writes “2025年部门预算安排…” (the wording 006's review sheet flags)"),
    ("014", "YS-N002", "65.56%", "15,844.04 ÷ 24,169.74 = 65.554%"),
    ("014", "YS-N003", "10.06 %", "2214.39 ÷ 21955.35 = 10.09%"),
    ("014", "YS-N003", "13.22 %", "项目支出 −1237.7 on 4335.3 is −22.21%; 13.22% is 基本支出's rate copied"),
    ("014", "YS-N003", "34.38 %", "368.97 ÷ 1073.77 = 34.36%"),
    ("014", "YS-N008", "1064.46", "2080505 is 机关事业单位基本养老保险缴费支出, printed 机关事业单位基本养老保险费"),
    ("014", "YS-N019", "10.15 %", "2228.78 ÷ 21940.96 = 10.158%, truncated (1 of 3)"),
    ("014", "YS-N019", "10.15  %", "the same rate, truncated (2 of 3)"),
    ("014", "YS-N019", "10.15%", "the same rate, truncated (3 of 3)"),
    ("014", "YS-N019", "35.77 %", "1311.6 ÷ 3666 = 35.777%, truncated"),
    ("015", "YS-N002", "80.92%", "411.20 ÷ 508.20 = 80.913%"),
    ("015", "YS-N003", "30%", "878.93 ÷ 3015.16 = 29.15%, which prints 29%"),
    ("015", "YS-N019", "16.07%", "1297.83 ÷ 8072.29 = 16.078%, truncated"),
    ("018", "YS-N002", "10.61%", "1,685.72 ÷ 15,897.44 = 10.604%"),
    ("018", "YS-N003", "1312.56 %", "1557.29 ÷ 128.43 = 1212.56%"),
    ("019", "YS-N002", "63.75%", "13,994.31 ÷ 21,955.35 = 63.740%"),
    ("019", "YS-N003", "21.95  %", "3958.67 ÷ 17996.68 = 22.00%"),
    ("019", "YS-N003", "0.06 %", "21.8 ÷ 3644.2 = 0.60%"),
    ("019", "YS-N019", "10.87 %", "2,388.04 ÷ 21,955.35 = 10.877%, truncated"),
    ("019", "YS-N019", "36.58  %", "2915.22 ÷ 7968.14 = 36.586%, truncated"),
    ("020", "YS-N002", "80.92%", "411.20 ÷ 508.20 = 80.913%"),
    ("021", "YS-N003", "66.69%", "2233.13 ÷ 3348.98 = 66.681%"),
    ("seed", "YS-N001", "2877.8", "README 7: the whole department is 3,927.98"),
    ("seed", "YS-N004", "47.72%", "README 2: 1874.31 ÷ 3927.98; on last year's base 91.27%"),
    ("seed", "YS-N004", "6%", "README 2: 67.51 ÷ 1050.18 = 6.43%; on last year's base 6.87%"),
    ("seed", "YS-N004", "62.78%", "README 2: 1806.8 ÷ 2877.8; on last year's base 168.70%"),
    ("seed", "YS-N007", "1050.18", "README 1: 1050.18 元 for 万元"),
    ("seed", "YS-N008", "2728.8", "README 4: 其他支出 for 213 农林水支出"),
    ("seed", "YS-N013", "公开表 5", "README 3: 公开表 5 is the 财政拨款收支预算总表"),
];

fn shared(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared").join(rel)
}

/// The short name of a file: `005` for `005_shpt_…txt`, `seed` for the seed.
fn short(path: &str) -> String {
    let name = path.rsplit('/').next().unwrap_or(path);
    if path.contains("/seed/") { "seed".into() } else { name.chars().take(3).collect() }
}

struct Doc {
    errors: u64,
    warnings: u64,
    findings: Vec<serde_json::Value>,
}

fn audit() -> BTreeMap<String, Doc> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(shared("corpus"))
        .expect("../shared/corpus")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    files.push(shared("seed/jianghan-2022-zhengfuban.txt"));
    let out = Command::new(env!("CARGO_BIN_EXE_yusuan"))
        .args(["audit", "--format", "json"])
        .args(&files)
        .output()
        .expect("runs yusuan audit");
    let stdout = String::from_utf8(out.stdout).expect("UTF-8");
    let json: serde_json::Value =
        serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    let mut docs = BTreeMap::new();
    for d in json["documents"].as_array().expect("documents") {
        let path = d["path"].as_str().expect("path").replace('\\', "/");
        assert!(d["error"].is_null(), "{path}: {}", d["error"]);
        let doc = Doc {
            errors: d["summary"]["errors"].as_u64().unwrap_or(0),
            warnings: d["summary"]["warnings"].as_u64().unwrap_or(0),
            findings: d["findings"].as_array().cloned().unwrap_or_default(),
        };
        docs.insert(short(&path), doc);
    }
    assert_eq!(docs.len(), files.len(), "one report per file");
    docs
}

fn rule(f: &serde_json::Value) -> &str {
    f["rule"].as_str().unwrap_or("")
}

fn excerpt(f: &serde_json::Value) -> &str {
    f["location"]["excerpt"].as_str().unwrap_or("")
}

fn message(f: &serde_json::Value) -> &str {
    f["message"].as_str().unwrap_or("")
}

#[test]
fn the_corpus_audit_finds_the_known_errors_and_no_other_narrative_finding() {
    let docs = audit();
    println!("{:<6} {:>6} {:>8}  narrative findings", "file", "errors", "warnings");
    for (name, d) in &docs {
        let narrative: Vec<String> = d
            .findings
            .iter()
            .filter(|f| rule(f).starts_with("YS-N"))
            .map(|f| format!("{} “{}”", rule(f), excerpt(f)))
            .collect();
        println!("{name:<6} {:>6} {:>8}  {}", d.errors, d.warnings, narrative.join(", "));
    }

    let mut problems: Vec<String> = Vec::new();
    // Every known error is found by the expected rule at the expected figure.
    for k in KNOWN {
        let Some(d) = docs.get(k.file) else {
            problems.push(format!("{}: no report", k.file));
            continue;
        };
        let found = d
            .findings
            .iter()
            .filter(|f| k.rules.contains(&rule(f)) && (excerpt(f).contains(k.at) || message(f).contains(k.at)))
            .count();
        if found < k.count {
            problems.push(format!(
                "{}: {} at “{}” found {found} time(s), expected {} — {}",
                k.file,
                k.rules.join("/"),
                k.at,
                k.count,
                k.source
            ));
        }
    }
    // The narrative findings are exactly the reviewed ones.
    for (name, d) in &docs {
        let mut actual: Vec<(String, String)> = d
            .findings
            .iter()
            .filter(|f| rule(f).starts_with("YS-N"))
            .map(|f| (rule(f).to_owned(), excerpt(f).to_owned()))
            .collect();
        let mut expected: Vec<(String, String)> = NARRATIVE
            .iter()
            .filter(|(file, ..)| file == name)
            .map(|(_, r, at, _)| ((*r).to_owned(), (*at).to_owned()))
            .collect();
        actual.sort();
        expected.sort();
        for extra in actual.iter().filter(|a| !expected.contains(a)) {
            let f = d.findings.iter().find(|f| rule(f) == extra.0 && excerpt(f) == extra.1).expect("listed");
            problems.push(format!("{name}: unexpected {} “{}”: {}", extra.0, extra.1, message(f)));
        }
        for missing in expected.iter().filter(|e| !actual.contains(e)) {
            problems.push(format!("{name}: missing {} “{}”", missing.0, missing.1));
        }
        if problems.is_empty() {
            assert_eq!(actual, expected, "{name}: the same findings, as often");
        }
    }
    for (file, error, why) in NOT_REACHED {
        println!("not reached: {file}: {error} — {why}");
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
