//! The narrative reader (`yusuan_ingest::narrative`) on the seed and on corpus documents:
//! paragraphs, and figures bound to their keys with the right spans.
//!
//! `cargo test -p yusuan-ingest --test narrative -- --nocapture` prints every paragraph
//! with its figures and the numbers left unbound (`NARRATIVE_DUMP=008` for one file).

mod common;

use yusuan_ingest::narrative::{Narrative, StatedFigure, StatedValue, read_narrative};
use yusuan_model::{Catalog, MoneyUnit};

const SEED: &str = "seed/jianghan-2022-zhengfuban.txt";

fn read(rel: &str) -> Narrative {
    let doc = common::read(rel);
    read_narrative(&doc, &Catalog::embedded())
}

fn corpus(prefix: &str) -> Narrative {
    let dir = common::shared("corpus");
    let name = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .find(|f| f.starts_with(prefix) && f.ends_with(".txt"))
        .unwrap_or_else(|| panic!("no corpus file {prefix}_*"));
    read(&format!("corpus/{name}"))
}

/// Every paragraph and figure, for `--nocapture` output.
fn dump(name: &str, n: &Narrative) {
    println!("== {name}: {}", n.summary);
    for p in &n.paragraphs {
        println!("P{} L{} [{}] {}", p.index, p.line, p.section, p.text.chars().take(60).collect::<String>());
        for f in n.figures.iter().filter(|f| f.paragraph == p.index) {
            let unit = match &f.value {
                StatedValue::Money { unit, .. } => unit.label(),
                StatedValue::Percent { .. } => "%",
                StatedValue::Word(_) => "word",
            };
            let codes: Vec<String> = f.codes.iter().map(|c| format!("{}={}", c.code, c.name)).collect();
            println!("    {:<40} {:<10} {:<4} {:?} {:?}", f.key, f.text, unit, f.label, codes);
        }
        for u in n.summary.unbound.iter().filter(|u| u.paragraph == p.index) {
            println!("    -- {:<10} {}", u.text, u.reason);
        }
    }
}

/// The `nth` figure (0-based) of a key.
fn nth<'a>(n: &'a Narrative, key: &str, i: usize) -> &'a StatedFigure {
    n.figures.iter().filter(|f| f.key == key).nth(i).unwrap_or_else(|| panic!("no figure #{i} of {key}"))
}

/// Asserts a figure: its printed text, its value and that its span covers exactly that text.
#[track_caller]
fn check<'a>(n: &'a Narrative, key: &str, i: usize, text: &str) -> &'a StatedFigure {
    let f = nth(n, key, i);
    assert_eq!(f.text, text, "{key}");
    assert_eq!(n.span_text(f), text, "{key}: span");
    f
}

#[track_caller]
fn money(n: &Narrative, key: &str, i: usize, text: &str, unit: MoneyUnit) {
    let f = check(n, key, i, text);
    let digits: String = text.chars().filter(|c| c.is_ascii_digit()).collect();
    let decimals = text.split_once('.').map_or(0, |(_, d)| d.len()) as u8;
    let want = StatedValue::Money { mantissa: digits.parse().unwrap(), decimals, unit };
    assert_eq!(f.value, want, "{key}");
}

#[track_caller]
fn wan(n: &Narrative, key: &str, text: &str) {
    money(n, key, 0, text, MoneyUnit::WanYuan);
}

#[track_caller]
fn percent(n: &Narrative, key: &str, text: &str) {
    let f = check(n, key, 0, text);
    let number = text.trim_end_matches('%').trim();
    let digits: String = number.chars().filter(|c| c.is_ascii_digit()).collect();
    let decimals = number.split_once('.').map_or(0, |(_, d)| d.len()) as u8;
    assert_eq!(f.value, StatedValue::Percent { mantissa: digits.parse().unwrap(), decimals }, "{key}");
}

#[track_caller]
fn word(n: &Narrative, key: &str, w: &str) {
    let f = check(n, key, 0, w);
    assert_eq!(f.value, StatedValue::Word(w.to_owned()), "{key}");
}

#[test]
fn seed_paragraphs_skip_cover_and_contents_and_join_wrapped_lines() {
    let n = read(SEED);
    let first = &n.paragraphs[0];
    assert_eq!(first.line, 57, "the cover (line 3) and the table of contents (lines 5–53) are skipped");
    assert!(first.text.starts_with("1、围绕区委"));
    assert_eq!(first.heading, "一、主要职能");
    assert_eq!(first.section, "第一部分 基本概况 / 一、主要职能");
    // “…一般公共预算基本支出 1050.18” + “万元。其中：” is one paragraph.
    let p = n.paragraphs.iter().find(|p| p.line == 129).expect("paragraph at line 129");
    assert_eq!(p.text, "2022 年江汉区人民政府办公室一般公共预算基本支出 1050.18万元。其中：");
    assert_eq!(p.heading, "三、一般公共预算基本支出安排情况");
    // “…政府购买服务支出合” + “计 0 万元。”
    assert!(n.paragraphs.iter().any(|p| p.text.ends_with("政府购买服务支出合计 0 万元。")));
    // The `- ` list marker is dropped; each list item is a paragraph.
    assert!(n.paragraphs.iter().any(|p| p.text == "5、其他支出 2728.8 万元。" && p.line == 109));
    let three = n.paragraphs.iter().find(|p| p.text.starts_with("预算控制数为 0 万元")).unwrap();
    assert_eq!(three.heading, "（一）因公出国（境）费");
    assert!(n.paragraphs.iter().all(|p| !p.in_tables_part));
    for (i, p) in n.paragraphs.iter().enumerate() {
        assert_eq!(p.index, i);
    }
}

#[test]
fn seed_figures_are_bound_by_sentence_structure() {
    let n = read(SEED);
    use MoneyUnit::{WanYuan, Yuan};
    // 一、收支预算总体安排情况.
    wan(&n, "total", "3927.98");
    wan(&n, "total.change", "1874.31");
    percent(&n, "total.rate", "47.72%");
    word(&n, "total.direction", "增加");
    wan(&n, "income", "3927.98");
    wan(&n, "income.general_budget", "3927.98");
    percent(&n, "income.general_budget.share", "100%");
    money(&n, "total", 1, "3927.98", WanYuan);
    wan(&n, "basic", "1050.18");
    percent(&n, "basic.share", "26.74%");
    wan(&n, "project", "2877.8");
    percent(&n, "project.share", "73.26%");
    wan(&n, "func.201", "883.46");
    wan(&n, "func.208", "120.24");
    wan(&n, "func.210", "73.09");
    wan(&n, "func.221", "122.39");
    wan(&n, "func.229", "2728.8");
    assert_eq!(nth(&n, "func.229", 0).label.as_deref(), Some("其他支出"), "the printed name, for the label rule");
    assert_eq!(nth(&n, "func.201", 0).label.as_deref(), Some("一般公共服务支出"));
    // 二、一般公共预算支出安排情况: 基本支出 is printed in 元.
    wan(&n, "general_budget", "3927.98");
    money(&n, "general_budget.basic", 0, "1050.18", Yuan);
    wan(&n, "basic.change", "67.51");
    percent(&n, "basic.rate", "6%");
    word(&n, "basic.direction", "增加");
    wan(&n, "general_budget.project", "2877.8");
    wan(&n, "project.change", "1806.8");
    percent(&n, "project.rate", "62.78%");
    word(&n, "project.direction", "增加");
    // 项目支出 by functional item, and its projects.
    wan(&n, "project.func.2010302", "80");
    wan(&n, "project.调查研究工作", "13");
    wan(&n, "project.区政府总值班室工作", "24");
    wan(&n, "project.专项工作", "43");
    wan(&n, "project.func.2010399", "69");
    wan(&n, "project.聘用人员工作经费", "69");
    wan(&n, "project.func.2130599", "2728.8");
    wan(&n, "project.乡村振兴及对口帮扶工作", "2728.8");
    assert_eq!(nth(&n, "project.调查研究工作", 0).label.as_deref(), Some("调查研究工作"));
    // 三、一般公共预算基本支出安排情况.
    money(&n, "general_budget.basic", 1, "1050.18", WanYuan);
    wan(&n, "general_budget.personnel", "928.74");
    wan(&n, "general_budget.basic.econ.301", "845.16");
    wan(&n, "general_budget.basic.econ.303", "83.58");
    wan(&n, "general_budget.public", "121.44");
    // 六、其他重要事项.
    wan(&n, "running_costs", "121.44");
    wan(&n, "procurement", "27");
    wan(&n, "procurement.services", "27");
    wan(&n, "purchased_services", "0");
    wan(&n, "performance.projects", "2877.8");
    wan(&n, "performance.department", "2877.8");
    // 第三部分 “三公”经费.
    wan(&n, "three_public", "10.98");
    wan(&n, "three_public.abroad", "0");
    word(&n, "three_public.abroad.direction", "持平");
    wan(&n, "three_public.reception", "0.98");
    wan(&n, "three_public.reception.change", "0.18");
    word(&n, "three_public.reception.direction", "减少");
    wan(&n, "three_public.vehicle_purchase", "0");
    wan(&n, "three_public.vehicle_running", "10");
    word(&n, "three_public.vehicle_running.direction", "持平");

    // Every money and percent figure of the narrative is bound, nothing else.
    assert_eq!((n.summary.numbers, n.summary.bound), (48, 48), "{}", n.summary);
    assert!(n.summary.unbound.is_empty());
    assert_eq!(n.figures.len(), 48 + 6, "48 numbers and 6 direction words");
    // Not bound to anything the seed does not state.
    for absent in
        ["general_budget.basic.change", "three_public.vehicles", "gov_fund", "state_capital", "income.gov_fund"]
    {
        assert!(n.figure(absent).is_none(), "{absent}");
    }
}

#[test]
fn seed_figures_are_in_document_order_with_locations() {
    let n = read(SEED);
    let keys: Vec<&str> = n.figures.iter().take(11).map(|f| f.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "total",
            "total.direction",
            "total.change",
            "total.rate",
            "income",
            "income.general_budget",
            "income.general_budget.share",
            "total",
            "basic",
            "basic.share",
            "project",
        ]
    );
    let rate = nth(&n, "total.rate", 0);
    let p = &n.paragraphs[rate.paragraph];
    assert_eq!(p.line, 95);
    assert_eq!(p.heading, "一、收支预算总体安排情况");
    assert_eq!(p.text.chars().skip(rate.start).take(rate.end - rate.start).collect::<String>(), "47.72%");
    // The functional list is a run of func.* figures (the checker sums it).
    let funcs: Vec<&str> =
        n.figures.iter().map(|f| f.key.as_str()).skip_while(|k| !k.starts_with("func.")).take(5).collect();
    assert_eq!(funcs, ["func.201", "func.208", "func.210", "func.221", "func.229"]);
    // A project item is followed by its projects.
    let i = n.figures.iter().position(|f| f.key == "project.func.2010302").unwrap();
    let next: Vec<&str> = n.figures[i + 1..i + 4].iter().map(|f| f.key.as_str()).collect();
    assert_eq!(next, ["project.调查研究工作", "project.区政府总值班室工作", "project.专项工作"]);
}

/// Shanghai 2026 department budget: per-项 statements with codes, and the errors INDEX.md lists.
#[test]
fn c005_items_and_their_known_errors() {
    let n = corpus("005");
    wan(&n, "income", "9628.22");
    wan(&n, "total", "9628.22");
    wan(&n, "general_budget", "9628.22");
    wan(&n, "general_budget.change", "793.14");
    wan(&n, "gov_fund", "0");
    word(&n, "gov_fund.direction", "持平");
    wan(&n, "three_public", "10.81");
    wan(&n, "three_public.abroad", "0");
    wan(&n, "three_public.vehicles", "9.98");
    wan(&n, "three_public.vehicle_purchase", "0");
    wan(&n, "three_public.vehicle_running", "9.98");
    wan(&n, "three_public.reception", "0.83");
    word(&n, "three_public.reception.direction", "持平");
    wan(&n, "running_costs", "217.83");
    wan(&n, "procurement", "1486.42");
    wan(&n, "procurement.goods", "3.66");
    wan(&n, "procurement.works", "36.44");
    wan(&n, "procurement.services", "1446.32");
    wan(&n, "performance.projects", "7054.05");
    // “其他司法支出（99项）3845.49万元 … 2025年当年预算执行数为43269.3万元，2026年预算安排3845.49万元，
    // 比2025年预算执行数增加17.62%” (impossible: 3845.49 is far below 43269.3).
    wan(&n, "func.2040699", "3845.49");
    wan(&n, "item.2040699.prior", "43269.3");
    wan(&n, "item.2040699", "3845.49");
    percent(&n, "item.2040699.rate", "17.62%");
    word(&n, "item.2040699.direction", "增加");
    // 职业年金 77.99 → 91.97 “增加17.66%” (is 17.93%).
    wan(&n, "func.2080506", "91.97");
    wan(&n, "item.2080506.prior", "77.99");
    wan(&n, "item.2080506", "91.97");
    percent(&n, "item.2080506.rate", "17.66%");
    // 住房公积金 “208.8万元” but “预算安排201.50万元”, “增加5.27%”.
    wan(&n, "func.2210201", "208.8");
    wan(&n, "item.2210201", "201.50");
    wan(&n, "item.2210201.prior", "198.34");
    percent(&n, "item.2210201.rate", "5.27%");
    // The class name as printed: “医疗卫生与计划生育支出（210类）” (the table says 卫生健康支出).
    let f = nth(&n, "func.2101101", 0);
    assert_eq!(f.label.as_deref(), Some("行政单位医疗"));
    let codes: Vec<(&str, &str)> = f.codes.iter().map(|c| (c.code.as_str(), c.name.as_str())).collect();
    assert_eq!(codes, [("210", "医疗卫生与计划生育支出"), ("21011", "行政事业单位医疗"), ("2101101", "行政单位医疗")]);
    // 13 items, each with amount, prior, restated amount, direction and rate.
    assert_eq!(n.figures.iter().filter(|f| f.key.starts_with("func.") && f.key.len() == 12).count(), 13);
    assert_eq!(n.figures.iter().filter(|f| f.key.starts_with("item.") && f.key.ends_with(".rate")).count(), 13);
    // 财政拨款收入 has no key: neither it nor its change is bound to another subject.
    assert!(n.figure("income.change").is_none() && n.figure("total.change").is_none());
    assert!(n.summary.unbound.iter().any(|u| u.text == "793.14" && u.reason == "subject without a key"));
}

/// Shanghai 2026 unit budget: the rate errors of the review sheet.
#[test]
fn c006_rates_of_the_review_sheet() {
    let n = corpus("006");
    // “2025年当年预算执行数为1690.69万元，2026年预算安排1434.89万元，比2025年预算执行数减少1.10%” (is 15.13%).
    wan(&n, "func.2040601", "1434.89");
    wan(&n, "item.2040601.prior", "1690.69");
    wan(&n, "item.2040601", "1434.89");
    percent(&n, "item.2040601.rate", "1.10%");
    word(&n, "item.2040601.direction", "减少");
    // 行政单位离退休 56.12 / 57.43 → 57.8 “减少2.27%”.
    wan(&n, "func.2080501", "56.12");
    wan(&n, "item.2080501.prior", "57.43");
    wan(&n, "item.2080501", "57.8");
    percent(&n, "item.2080501.rate", "2.27%");
    word(&n, "item.2080501.direction", "减少");
    // 购房补贴 207 / 241.76 → 170.03 “增加21.74%”.
    wan(&n, "func.2210203", "207");
    wan(&n, "item.2210203.prior", "241.76");
    wan(&n, "item.2210203", "170.03");
    percent(&n, "item.2210203.rate", "21.74%");
    word(&n, "item.2210203.direction", "增加");
    wan(&n, "three_public", "10.71");
    wan(&n, "running_costs", "184.59");
}

/// Shanghai 2023 街道 budget: items named without codes, found in the document's tables.
#[test]
fn c008_items_by_name_and_their_known_errors() {
    let n = corpus("008");
    // 群众团体事务 11.67 → 45.41 “增加314.82%” (is 289.12%).
    wan(&n, "func.2012902", "45.41");
    wan(&n, "item.2012902.prior", "11.67");
    wan(&n, "item.2012902", "45.41");
    percent(&n, "item.2012902.rate", "314.82%");
    word(&n, "item.2012902.direction", "增加");
    let codes: Vec<&str> = nth(&n, "func.2012902", 0).codes.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(codes, ["一般公共服务支出", "群众团体事务", "一般行政管理事务"]);
    // 职业年金 “220.63万元” but “2023年预算安排441.25万元 … 增加60.54%” (table: 2,206,272 元).
    wan(&n, "func.2080506", "220.63");
    wan(&n, "item.2080506.prior", "132.59");
    wan(&n, "item.2080506", "441.25");
    percent(&n, "item.2080506.rate", "60.54%");
    // “77.70 %”: the span covers the blank and the sign.
    let f = check(&n, "item.2010506.rate", 0, "77.70 %");
    assert_eq!(f.value, StatedValue::Percent { mantissa: 7770, decimals: 2 });
    // A line that ends a sentence where the PDF wrapped it (`…行政单位离退休。` + `2022年当年…`)
    // does not cut the item from its figures.
    wan(&n, "item.2080501.prior", "8.61");
    percent(&n, "item.2080501.rate", "105.81%");
    word(&n, "item.2012902.direction", "增加");
    wan(&n, "three_public", "22.91");
    wan(&n, "three_public.vehicles", "21.56");
    wan(&n, "three_public.vehicle_running", "21.56");
    wan(&n, "running_costs", "786.09");
    // 34 items, all found in 一般公共预算支出功能分类预算表.
    assert_eq!(n.figures.iter().filter(|f| f.key.starts_with("func.") && f.key.len() == 12).count(), 34);
}

/// Shanghai 2024 街道 budget: 住房公积金 “350.35万元” vs “2024年预算安排352.67万元”.
#[test]
fn c009_restated_item_amount() {
    let n = corpus("009");
    wan(&n, "func.2210201", "350.35");
    wan(&n, "item.2210201", "352.67");
}

/// Jiangsu 2019: class and item paths (`人大事务（款）行政运行（项）`) under a class heading,
/// generic and specific subjects, 财政拨款 without a key.
#[test]
fn c013_jiangsu_narrative() {
    let n = corpus("013");
    wan(&n, "total", "18330.37");
    wan(&n, "total.change", "2432.93");
    percent(&n, "total.rate", "15.3%");
    wan(&n, "income", "18330.37");
    wan(&n, "income.general_budget", "18330.37");
    wan(&n, "func.201", "13907.78");
    wan(&n, "func.201.change", "1201.5");
    percent(&n, "func.201.rate", "9.46%");
    assert_eq!(nth(&n, "func.201", 0).label.as_deref(), Some("一般公共服务支出"));
    wan(&n, "basic", "9312.9");
    wan(&n, "basic.change", "1435.14");
    wan(&n, "project", "6459.58");
    percent(&n, "basic.share", "50.81%");
    wan(&n, "appropriation", "18330.37");
    wan(&n, "func.2010101", "7448.2");
    wan(&n, "item.2010101.change", "1075.88");
    percent(&n, "item.2010101.rate", "16.88%");
    // `行政事业单位离退休（类）未归口管理的行政单位离退休支出（项）`: a 款 printed as 类, under （二）社会保障和就业（类）.
    wan(&n, "func.2080504", "271.45");
    wan(&n, "general_budget", "18330.37");
    wan(&n, "general_budget.basic", "9312.9");
    wan(&n, "general_budget.personnel", "7670.82");
    wan(&n, "general_budget.public", "1642.08");
    wan(&n, "three_public.abroad", "199.25");
    percent(&n, "three_public.abroad.share", "25.96%");
    wan(&n, "three_public.abroad.change", "23.25");
    wan(&n, "three_public.vehicle_purchase", "0");
    wan(&n, "three_public.reception", "384.75");
    wan(&n, "running_costs", "1642.08");
    wan(&n, "running_costs.change", "62.7");
    wan(&n, "procurement", "2416.43");
    wan(&n, "procurement.goods", "233.1");
    wan(&n, "procurement.services", "2183.33");
    // Not bound: 会议费 / 培训费 (no key), 财政拨款基本支出 (all appropriations), reasons.
    assert!(n.figures.iter().all(|f| f.text != "1469.73" || f.key == "func.2010104"));
    assert!(n.summary.unbound.iter().any(|u| u.text == "1000" && u.reason == "in a reason"));
    // `增加（减少）0万元，增长（减少）0%`: the change and rate, but no direction word.
    wan(&n, "income.gov_fund.change", "0");
    assert!(n.figure("income.gov_fund.direction").is_none());
}

/// Shanghai 2024 final account: 年初预算 / 决算 statements, and the published error
/// “财政拨款收入支出总计0.3万元”.
#[test]
fn c001_final_account() {
    let n = corpus("001");
    wan(&n, "total", "2995.39");
    wan(&n, "total.change", "56.95");
    word(&n, "total.direction", "减少");
    wan(&n, "appropriation", "0.3");
    word(&n, "appropriation.direction", "持平");
    wan(&n, "income", "2946.25");
    wan(&n, "income.other", "6.2");
    percent(&n, "income.other.share", "0.21%");
    percent(&n, "basic.share", "79.49%");
    wan(&n, "general_budget", "2940.05");
    wan(&n, "general_budget.change", "63.14");
    // The classes listed under `（二）一般公共预算财政拨款支出决算结构情况` are general-budget money,
    // their shares of the general budget.
    wan(&n, "general_budget.func.201", "2106.66");
    percent(&n, "general_budget.func.201.share", "71.73%");
    assert!(n.figure("func.201").is_none());
    // `1、一般公共服务支出（类）财政事务（款）行政运行（项）。主要用于：… 年初预算为 1560.05 万元，支出决算为1511.89万元`.
    wan(&n, "item.2010601.budget", "1560.05");
    wan(&n, "func.2010601", "1511.89");
    wan(&n, "general_budget.basic", "2336.91");
    wan(&n, "three_public.budget", "0.95");
    money(&n, "three_public", 0, "0.00", MoneyUnit::WanYuan);
    wan(&n, "running_costs", "184.65");
    percent(&n, "running_costs.rate", "1.40%");
    wan(&n, "procurement", "251.25");
    wan(&n, "procurement.services", "246.47");
    wan(&n, "performance.projects", "598.42");
}

/// Every document of the corpus: spans equal texts, figures in order, no figure under the
/// tables part, keys well formed. Prints the binding counts.
#[test]
fn corpus_invariants_and_counts() {
    let only = std::env::var("NARRATIVE_DUMP").ok();
    let mut files: Vec<String> = vec![SEED.into()];
    let mut names: Vec<String> = std::fs::read_dir(common::shared("corpus"))
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|f| f.ends_with(".txt"))
        .map(|f| format!("corpus/{f}"))
        .collect();
    names.sort();
    files.extend(names);
    for file in &files {
        let n = read(file);
        if only.as_deref().is_some_and(|o| file.contains(o)) {
            dump(file, &n);
        }
        println!("{file}: {}", n.summary);
        assert_eq!(n.summary.bound + n.summary.unbound.len(), n.summary.numbers, "{file}");
        let mut last = (0, 0);
        for f in &n.figures {
            assert_eq!(n.span_text(f), f.text, "{file}: {}", f.key);
            assert!(!n.paragraphs[f.paragraph].in_tables_part, "{file}: {}", f.key);
            assert!((f.paragraph, f.start) >= last, "{file}: order at {}", f.key);
            last = (f.paragraph, f.start);
            assert!(!f.key.is_empty() && !f.key.ends_with('.') && !f.key.contains(".."), "{file}: {}", f.key);
            if f.key.ends_with(".direction") {
                assert!(matches!(f.value, StatedValue::Word(_)), "{file}: {}", f.key);
            } else if f.key.ends_with(".share") || f.key.ends_with(".rate") {
                assert!(matches!(f.value, StatedValue::Percent { .. }), "{file}: {}", f.key);
            } else {
                assert!(matches!(f.value, StatedValue::Money { .. }), "{file}: {} {}", f.key, f.text);
            }
        }
    }
}

fn parse(text: &str) -> Narrative {
    read_narrative(&yusuan_ingest::TextDocument::parse(text), &Catalog::embedded())
}

fn keys(n: &Narrative) -> Vec<(&str, &str)> {
    n.figures.iter().map(|f| (f.key.as_str(), f.text.as_str())).collect()
}

#[test]
fn subjects_scopes_and_blockers() {
    // A specific subject wins over the generic one after it; a subject without a key blocks.
    let n = parse(
        "一、支出预算情况\n\
         本年支出预算合计 100 万元，其中：基本支出 60 万元，占 60%；项目支出 40 万元，占 40%。\n\
         2019年度一般公共预算拨款安排的会议费预算支出 12 万元，比上年预算增加 2 万元。\n\
         财政拨款收入 100 万元，比上年增加 5 万元，增长 5.26%。\n\
         2019年度一般公共预算财政拨款基本支出预算 60 万元。\n\
         2019年度财政拨款基本支出预算 60 万元。\n",
    );
    assert_eq!(
        keys(&n),
        [
            ("total", "100"),
            ("basic", "60"),
            ("basic.share", "60%"),
            ("project", "40"),
            ("project.share", "40%"),
            ("general_budget.basic", "60"),
        ]
    );
    let reasons: Vec<&str> = n.summary.unbound.iter().map(|u| u.reason).collect();
    assert_eq!(reasons, ["subject without a key"; 6]);
}

#[test]
fn roles_reasons_and_directions() {
    let n = parse(
        "（二）公务接待费\n\
         预算数为 1.5 万元，比上年预算增加（减少）0 万元，增长（减少）0%。\n\
         公务接待费 1.5 万元，与2025年预算持平，主要原因是工会经费人均定额增加1000元。\n\
         江 苏 省 公 务 接 待 费 预 算 1.5 万元，较 上 年 减 少 0.5 万元，下 降 25 %。\n\
         2026年预算安排 1.5 万元，完成预算的 98%。\n",
    );
    assert_eq!(
        keys(&n),
        [
            ("three_public.reception", "1.5"),
            ("three_public.reception.change", "0"),
            ("three_public.reception.rate", "0%"),
            ("three_public.reception", "1.5"),
            ("three_public.reception.direction", "持平"),
            ("three_public.reception", "1.5"),
            ("three_public.reception.direction", "减 少"),
            ("three_public.reception.change", "0.5"),
            ("three_public.reception.rate", "25 %"),
            ("three_public.reception", "1.5"),
        ]
    );
    assert_eq!(nth(&n, "three_public.reception.direction", 1).value, StatedValue::Word("减少".into()));
    let reasons: Vec<(&str, &str)> = n.summary.unbound.iter().map(|u| (u.text.as_str(), u.reason)).collect();
    assert_eq!(reasons, [("1000", "in a reason"), ("98%", "percentage that is neither a share nor a rate")]);
}

#[test]
fn amounts_without_a_named_subject_are_dropped() {
    let n = parse("六、年度预算安排\n795万元\n单价100万元（含）以上设备0台（套）。\n共有车辆 3 辆。\n");
    assert!(n.figures.is_empty());
    assert_eq!(n.summary.numbers, 2, "money and percent only");
    assert_eq!(n.summary.unbound.len(), 2);
}

#[test]
fn item_codes_printed_whole_or_by_level() {
    let n = parse(
        "编制说明\n\
         1、行政运行(2010301项)183.95万元。2025年当年预算执行数为156.34万元，2026年预算安排183.95万元，比2025年预算执行数增加17.66%。\n\
         2、社会保障和就业支出（208类）行政事业单位养老支出（05款）机关事业单位基本养老保险缴费支出（05项）1,839,500.00元。\n",
    );
    assert_eq!(
        keys(&n),
        [
            ("func.2010301", "183.95"),
            ("item.2010301.prior", "156.34"),
            ("item.2010301", "183.95"),
            ("item.2010301.direction", "增加"),
            ("item.2010301.rate", "17.66%"),
            ("func.2080505", "1,839,500.00"),
        ]
    );
    let f = nth(&n, "func.2080505", 0);
    assert_eq!(f.value, StatedValue::Money { mantissa: 183950000, decimals: 2, unit: MoneyUnit::Yuan });
    let codes: Vec<&str> = f.codes.iter().map(|c| c.code.as_str()).collect();
    assert_eq!(codes, ["208", "20805", "2080505"]);
}
