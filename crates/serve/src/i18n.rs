//! Every label of the UI in Chinese and English. Chinese first: `?lang=en` switches (remembered in a
//! cookie), `?lang=zh` switches back.

use std::collections::BTreeMap;
use std::sync::OnceLock;

pub use yusuan_check::Lang;

/// (key, 中文, English).
const STRINGS: &[(&str, &str, &str)] = &[
    ("app", "预算公开", "Budget disclosure"),
    ("nav_overview", "总览", "Overview"),
    ("nav_findings", "问题清单", "Findings"),
    ("nav_compare", "年度对比", "Compare years"),
    ("nav_district", "区级汇总", "District"),
    ("nav_upload", "上传审核", "Upload & audit"),
    ("nav_api", "数据接口", "API"),
    ("overview_title", "部门预算总览", "Departmental budgets"),
    (
        "overview_lead",
        "各部门（单位）各年度的预算包：支出合计（万元）与检查结果。",
        "Every department (unit) and year in the store: total expenditure (10,000 yuan) and check results.",
    ),
    ("department", "部门", "Department"),
    ("unit", "单位", "Unit"),
    ("region", "地区", "Region"),
    ("year", "年度", "Year"),
    ("version", "版本", "Version"),
    ("kind", "类型", "Kind"),
    ("source", "来源", "Source"),
    ("added_at", "入库时间", "Added"),
    ("total", "支出合计", "Total expenditure"),
    ("total_wan", "支出合计（万元）", "Total (10k yuan)"),
    ("line_items", "支出明细条数", "Line items"),
    ("errors", "错误", "Errors"),
    ("warnings", "警告", "Warnings"),
    ("infos", "提示", "Notes"),
    ("district_totals", "区级合计（部门口径，单位已并入部门）", "District totals (departments; units consolidated)"),
    ("counts", "统计", "Counts"),
    ("n_organisations", "部门（单位）", "Organisations"),
    ("n_versions", "版本", "Versions"),
    ("n_documents", "已公开文件", "Published documents"),
    ("documents", "已入库的公开文件", "Stored published documents"),
    ("no_versions", "库中还没有预算包。", "The store holds no package yet."),
    ("package", "预算包", "Package"),
    ("document", "公开文件", "Published document"),
    ("disclosure", "公开文件（由预算包生成）", "Disclosure (generated from the package)"),
    ("findings", "检查发现的问题", "Findings"),
    ("no_findings", "未发现问题。", "No findings."),
    ("severity", "严重程度", "Severity"),
    ("rule", "规则", "Rule"),
    ("location", "位置", "Location"),
    ("message", "说明", "Message"),
    ("expected", "应为", "Expected"),
    ("actual", "实为", "Actual"),
    ("difference", "差额", "Difference"),
    ("error", "错误", "Error"),
    ("warning", "警告", "Warning"),
    ("info", "提示", "Note"),
    ("all", "全部", "All"),
    ("filter", "筛选", "Filter"),
    ("reset", "清除", "Reset"),
    ("charts", "图表", "Charts"),
    (
        "chart_functional",
        "支出功能分类（类 → 款 → 项，点击下钻）",
        "By function (class → section → item; click to drill down)",
    ),
    ("chart_economic", "支出经济分类（类 / 款）", "By economic class (class / section)"),
    ("chart_yoy", "年度对比", "Year over year"),
    ("chart_sangong", "“三公”经费", "“Three public” expenses"),
    ("up", "返回上一级", "Up one level"),
    ("top", "全部", "All"),
    ("basic", "基本支出", "Basic expenditure"),
    ("project", "项目支出", "Project expenditure"),
    ("abroad", "因公出国（境）费", "Official travel abroad"),
    ("vehicle_purchase", "公务用车购置费", "Vehicle purchase"),
    ("vehicle_running", "公务用车运行维护费", "Vehicle running"),
    ("reception", "公务接待费", "Official reception"),
    ("prior_year", "上年预算", "Prior year"),
    ("this_year", "本年预算", "This year"),
    ("open_document", "单独打开", "Open on its own"),
    ("download", "下载", "Download"),
    ("download_xlsx", "下载原件", "Download the original"),
    (
        "shown_in_place",
        "问题已在左侧文件中就地标出；点击问题可定位。",
        "Findings are marked in the document; click one to scroll to it.",
    ),
    ("findings_title", "问题清单", "Findings"),
    (
        "findings_lead",
        "库中所有版本的检查结果，可按规则、严重程度、部门、年度筛选。",
        "Check results of every stored version, filtered by rule, severity, department and year.",
    ),
    ("showing", "显示", "Showing"),
    ("rows_max", "条（最多 1000 条）", "rows (at most 1,000)"),
    ("compare_title", "年度对比", "Compare two years"),
    (
        "compare_lead",
        "同一部门两个版本的支出，按功能分类类级与经济分类类级对比。",
        "Expenditure of two versions of one organisation by functional and economic class.",
    ),
    ("organisation", "部门（单位）", "Organisation"),
    ("version_a", "版本 A", "Version A"),
    ("version_b", "版本 B", "Version B"),
    ("compare", "对比", "Compare"),
    ("functional_class", "功能分类（类）", "Functional class"),
    ("economic_class", "经济分类（类）", "Economic class"),
    ("code", "科目编码", "Code"),
    ("name", "科目名称", "Name"),
    ("change", "增减", "Change"),
    ("rate", "增减率", "Rate"),
    (
        "compare_prior",
        "只有一个版本：与该预算包所载上年预算数对比。",
        "Only one version: compared with the prior-year figures the package states.",
    ),
    ("compare_need", "请选择部门和两个版本。", "Choose an organisation and two versions."),
    ("district_title", "区级汇总", "District consolidation"),
    (
        "district_lead",
        "本区各部门当年预算（仅计部门口径的最新版本，所属单位已并入部门），以及部门与所属单位的汇总核对。",
        "The district's budgets for the year (current department-level versions only; units are consolidated), and each department checked against its units.",
    ),
    ("consolidation", "部门与所属单位汇总核对", "Department ↔ units consolidation"),
    ("department_amount", "部门预算中该单位数", "In the department's package"),
    ("unit_amount", "单位预算包合计", "Unit's own package"),
    ("no_unit_package", "（无单位预算包）", "(no unit package)"),
    (
        "no_consolidation",
        "本区本年度没有含所属单位预算包的部门。",
        "No department of this district and year has unit packages.",
    ),
    ("three_public_title", "“三公”经费（各部门）", "“Three public” expenses by department"),
    ("three_public_total", "“三公”合计", "Total"),
    (
        "no_three_public",
        "本区本年度没有部门的“三公”经费表。",
        "No department of this district and year has a “three public” table.",
    ),
    ("show", "查看", "Show"),
    ("upload_title", "上传审核公开文件", "Upload a published disclosure"),
    (
        "upload_lead",
        "上传已公开的部门预算（决算）文件：文本（.txt）、网页（.html）、Excel（.xlsx）或 PDF（.pdf），最大 20 MB。系统识别模板与表格，读取文字说明中的数字，并用同一套规则检查。",
        "Upload a published disclosure: text (.txt), web page (.html), Excel (.xlsx) or PDF (.pdf), at most 20 MB. Its template and tables are recognised, the narrative's figures read, and the same rules run.",
    ),
    ("file", "文件", "File"),
    ("store_it", "审核后存入预算库", "Store it after the audit"),
    ("submit", "上传并审核", "Upload and audit"),
    ("upload_result", "审核结果", "Audit result"),
    ("template", "识别的模板", "Recognised template"),
    ("not_recognised", "未识别", "not recognised"),
    ("tables", "识别的表格", "Recognised tables"),
    ("title", "标题", "Title"),
    ("role", "用途", "Role"),
    ("rows", "行数", "Rows"),
    ("line", "行号", "Line"),
    ("unrecognised", "未识别的表格", "Unrecognised tables"),
    ("view_errors", "无法读取的表格", "Tables that could not be read"),
    ("stored_as", "已存入预算库，版本", "Stored as version"),
    ("already_stored", "库中已有相同内容，版本", "Already stored as version"),
    ("error_title", "出错了", "Something went wrong"),
    ("back", "返回总览", "Back to the overview"),
    ("api_title", "数据接口", "API"),
    (
        "api_lead",
        "按维度汇总（OpenSpending / babbage 风格）：cut 为筛选条件，drilldown 为分组维度；format 为 json、csv 或 xlsx。",
        "Aggregates in the OpenSpending / babbage style: cut filters, drilldown groups; format is json, csv or xlsx.",
    ),
    ("wan", "万元", "10k yuan"),
    ("amount", "金额（万元）", "Amount (10k yuan)"),
    ("count", "条数", "Count"),
    (
        "footer",
        "yusuan · 部门预算公开的建模、生成、检查与发布",
        "yusuan · model, derive, check and publish departmental budgets",
    ),
];

fn table(lang: Lang) -> &'static BTreeMap<&'static str, &'static str> {
    static ZH: OnceLock<BTreeMap<&str, &str>> = OnceLock::new();
    static EN: OnceLock<BTreeMap<&str, &str>> = OnceLock::new();
    match lang {
        Lang::Zh => ZH.get_or_init(|| STRINGS.iter().map(|(k, zh, _)| (*k, *zh)).collect()),
        Lang::En => EN.get_or_init(|| STRINGS.iter().map(|(k, _, en)| (*k, *en)).collect()),
    }
}

/// All labels in `lang`, for the templates (`{{ t.overview_title }}`).
pub fn labels(lang: Lang) -> &'static BTreeMap<&'static str, &'static str> {
    table(lang)
}

/// One label; the key itself when unknown (a test checks every key used by the templates exists).
pub fn t(lang: Lang, key: &str) -> &'static str {
    table(lang).get(key).copied().unwrap_or("?")
}

pub fn code(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "zh",
        Lang::En => "en",
    }
}

pub fn parse(s: &str) -> Option<Lang> {
    match s {
        "zh" | "zh-CN" | "cn" => Some(Lang::Zh),
        "en" => Some(Lang::En),
        _ => None,
    }
}

/// The severity label (`error` → 错误).
pub fn severity(lang: Lang, id: &str) -> &'static str {
    match id {
        "error" | "warning" | "info" => t(lang, id),
        _ => "?",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_label_has_both_languages_and_keys_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for (k, zh, en) in STRINGS {
            assert!(seen.insert(*k), "duplicate key {k}");
            assert!(!zh.is_empty() && !en.is_empty(), "{k}");
        }
    }

    #[test]
    fn every_key_the_templates_use_exists() {
        for (name, text) in crate::pages::TEMPLATES {
            let mut rest = *text;
            while let Some(i) = rest.find("t.") {
                let before = rest[..i].chars().last();
                rest = &rest[i + 2..];
                if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.') {
                    continue;
                }
                let key: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
                if !key.is_empty() {
                    assert!(labels(Lang::Zh).contains_key(key.as_str()), "{name}: unknown label t.{key}");
                }
            }
        }
    }
}
