//! The entities of one department-year: the facts a disclosure is derived from.
//!
//! Field names are English; the files a person edits use them as keys, and the
//! doc comments (with the Chinese term first) become the JSON schema's
//! descriptions, so an editor shows the Chinese meaning of every key.

use serde::{Deserialize, Serialize};

use crate::code::{EconomicCode, FunctionalCode};
use crate::kinds::{ExpenseKind, FundingSource, ProcurementCategory, ProjectCategory, ProjectFrequency};
use crate::money::{Amount, MoneyUnit};
use crate::target::Target;

/// Where a fact was read from: file and 1-based line (0 when unknown).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Origin {
    pub file: String,
    pub line: u32,
}

/// 包信息: what this package is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PackageMeta {
    /// 格式版本 (currently 1).
    pub format: u32,
    /// 预算年度, e.g. 2022.
    pub year: i32,
    /// 公开模板 id, e.g. `wuhan-13` (武汉市部门预算公开 13 张表).
    pub template: String,
    /// 金额单位: amounts in all files of this package are in this unit (`万元` or `元`).
    pub unit: MoneyUnit,
    /// 额外的科目目录: CSV files relative to the package with columns `scheme,code,name`
    /// (`scheme` = 功能 / 经济; without it the file is functional), loaded after the embedded ones.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub catalogs: Vec<String>,
}

/// 部门概况.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Department {
    /// 部门名称, as in the document title: 江汉区人民政府办公室.
    pub name: String,
    /// 全称 (with the city), as on performance forms: 武汉市江汉区人民政府办公室.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub full_name: Option<String>,
    /// 简称, as in the 单位名称 column of the tables: 区政府办.
    pub short_name: String,
    /// 部门编码.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// 地区: 湖北省武汉市江汉区.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub region: String,
    /// 上级部门: set when this package is a 单位's own budget (单位预算) — the name of the department whose
    /// budget consolidates it (部门预算 = Σ 单位预算); the department lists the unit in its `units`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// 主要职能, one entry per numbered function.
    #[serde(default)]
    pub functions: Vec<String>,
    /// 预算单位构成: the units whose budgets the department's consolidates.
    #[serde(default)]
    pub units: Vec<BudgetUnit>,
    /// 预算单位构成情况的说明 (free text).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub composition_note: String,
}

/// 预算单位.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BudgetUnit {
    /// 单位 id used by line items (`unit` column); usually the 简称.
    pub id: String,
    /// 单位名称.
    pub name: String,
    /// 单位代码.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// 单位性质: 行政单位 / 参公事业单位 / 事业单位.
    pub kind: String,
}

/// 人员构成.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Staffing {
    /// 编制数合计.
    pub authorized: u32,
    /// 编制数 by kind: 行政编制, 事业编制 ….
    #[serde(default)]
    pub authorized_by_kind: Vec<Headcount>,
    /// 实有人数的统计时点, e.g. `2021-12`.
    pub as_of: String,
    /// 在职人员实有数.
    pub in_post: u32,
    /// 在职人员 by kind: 行政人员, 事业人员, 工勤人员 ….
    #[serde(default)]
    pub in_post_by_kind: Vec<Headcount>,
    /// 离退休人员实有数.
    pub retired: u32,
}

/// A number of people of one kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Headcount {
    pub kind: String,
    pub count: u32,
}

/// 联系方式.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// 公开咨询电话.
    pub phone: String,
}

/// 收入: one income source's budgeted amount.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Income {
    pub source: FundingSource,
    pub amount: Amount,
}

/// 支出明细行: the atomic fact. Every public table is a sum over these.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LineItem {
    /// 单位 id (see `[[department.units]]`).
    pub unit: String,
    /// 功能分类科目 (项, 7 digits).
    pub functional: FunctionalCode,
    /// 部门预算经济分类科目 (款, 5 digits; a 类 when the 款 is not known).
    pub economic: EconomicCode,
    /// 人员 / 公用 / 项目.
    pub kind: ExpenseKind,
    /// 项目 id (for 项目 lines).
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "empty_as_none")]
    pub project: Option<String>,
    /// 资金来源.
    pub source: FundingSource,
    pub amount: Amount,
    /// 备注.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "empty_as_none")]
    pub note: Option<String>,
    #[serde(skip)]
    #[schemars(skip)]
    pub origin: Origin,
}

fn empty_as_none<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let s: Option<String> = Option::deserialize(d)?;
    Ok(s.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()))
}

/// 项目.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Project {
    /// 项目 id, referenced by line items, procurement and purchased services.
    pub id: String,
    /// 项目名称 (as in 项目支出预算表).
    pub name: String,
    /// 项目名称 as printed on its own 绩效目标申报表, when it differs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub form_name: Option<String>,
    /// 项目代码.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// 单位 id.
    pub unit: String,
    /// 项目类别 (as ticked on the form; none when nothing is ticked).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<ProjectCategory>,
    /// 项目安排频度.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frequency: Option<ProjectFrequency>,
    /// 项目主管部门.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub owner: String,
    /// 项目执行单位.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub executor: String,
    /// 项目负责人.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub manager: String,
    /// 联系电话 (as written on the form).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub phone: String,
    /// 起始年度.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_year: Option<i32>,
    /// 终止年度.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_year: Option<i32>,
    /// 项目总预算 as stated on the form (the current-year amount is derived from line items).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_budget: Option<Amount>,
    /// 项目当年预算 as stated on the form, when the form states it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stated_current: Option<Amount>,
    /// 资金来源 as stated on the form (本级财政拨款 / 上级转移支付 / 专户非税 / 其他).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stated_funding: Option<FormFunding>,
    /// 立项依据, one entry per paragraph.
    #[serde(default)]
    pub basis: Vec<String>,
    /// 项目实施方案, one entry per paragraph.
    #[serde(default)]
    pub plan: Vec<String>,
    /// 上年绩效评价结果、整改及应用.
    #[serde(default)]
    pub prior_evaluation: Vec<String>,
    /// 项目前两年预算及当年预算变动情况.
    #[serde(default)]
    pub history: Vec<String>,
    /// 项目主要支出方向和用途 (整体绩效目标表 的项目支出情况).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub uses: String,
    /// 项目支出明细及依据.
    #[serde(default)]
    pub details: Vec<DetailLine>,
    /// 项目资产配置计划及采购计划.
    #[serde(default)]
    pub asset_plan: Vec<AssetPlanLine>,
    /// 项目绩效目标.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub performance: Option<ProjectPerformance>,
}

/// The 资金来源 block of a project form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FormFunding {
    /// 当年预算合计.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total: Option<Amount>,
    /// 1. 财政拨款收入（区级安排数）.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub local: Option<Amount>,
    /// 2. 财政拨款收入（上级转移支付）.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transfer: Option<Amount>,
    /// 3. 专户管理的非税收入拨款.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub special_account: Option<Amount>,
    /// 4. 其他资金（含事业基金及上年结转或结余等）.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub other: Option<Amount>,
}

/// 项目支出明细: one line with its 测算依据.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DetailLine {
    /// 项目内容.
    pub content: String,
    /// 测算依据及说明 (free text; arithmetic in it is recomputed by the checker).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub basis: String,
    /// 本级财政拨款金额.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub local: Option<Amount>,
    /// 上级转移支付金额.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transfer: Option<Amount>,
    /// 其他资金.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub other: Option<Amount>,
}

impl DetailLine {
    pub fn total(&self) -> Amount {
        [self.local, self.transfer, self.other].into_iter().flatten().sum()
    }
}

/// 项目资产配置计划及采购计划 line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AssetPlanLine {
    /// 品名.
    pub item: String,
    /// 数量 (as written: `批`, `3台`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub quantity: String,
    /// 金额.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Amount>,
}

/// 项目绩效目标.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProjectPerformance {
    /// 项目绩效总目标.
    pub goal: String,
    /// 指标 (一级 → 二级 → 三级 with 指标值).
    #[serde(default)]
    pub indicators: Vec<Indicator>,
}

/// 绩效指标: a 三级指标 with its 一级 and 二级 指标.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    /// 一级指标: 产出指标 / 效益指标 / 满意度指标 (as printed: 项目产出 …).
    pub level1: String,
    /// 二级指标: 数量指标, 质量指标, 时效指标, 成本指标, 经济效益指标 ….
    pub level2: String,
    /// 三级指标.
    pub name: String,
    /// 指标值.
    pub target: Target,
    /// 指标值确定依据 / 说明.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub basis: String,
}

/// 政府采购预算 item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProcurementItem {
    pub unit: String,
    /// 科目编码 (functional).
    pub functional: FunctionalCode,
    /// 项目 id (empty for basic expenditure).
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "empty_as_none")]
    pub project: Option<String>,
    /// 采购类别: 货物 / 工程 / 服务.
    pub category: ProcurementCategory,
    /// 采购品名.
    pub item: String,
    /// 采购数量及计量单位.
    #[serde(default)]
    pub quantity: String,
    pub source: FundingSource,
    pub amount: Amount,
    #[serde(skip)]
    #[schemars(skip)]
    pub origin: Origin,
}

/// 政府购买服务预算 item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PurchasedService {
    pub unit: String,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "empty_as_none")]
    pub project: Option<String>,
    pub functional: FunctionalCode,
    /// 购买服务大类.
    pub category: String,
    /// 购买服务内容.
    pub content: String,
    pub source: FundingSource,
    pub amount: Amount,
    #[serde(skip)]
    #[schemars(skip)]
    pub origin: Origin,
}

/// 国有资产占有使用情况.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Assets {
    /// 统计时点, e.g. `2021-12-31`.
    pub as_of: String,
    /// 车辆 by kind.
    #[serde(default)]
    pub vehicles: Vec<Headcount>,
    /// 其他资产 (free text).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// 上年 figures for year-on-year comparison.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PriorYear {
    /// 上年年度.
    pub year: i32,
    /// 上年预算总额 (收支总计).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total: Option<Amount>,
    /// 上年一般公共预算支出.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub general_budget: Option<Amount>,
    /// 上年基本支出.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub basic: Option<Amount>,
    /// 上年项目支出.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project: Option<Amount>,
    /// 上年机关运行经费.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub running_costs: Option<Amount>,
    /// 上年“三公”经费.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub three_public: Option<ThreePublic>,
    /// 上年 amounts by functional or economic code, for per-item comparison.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<PriorItem>,
}

/// 上年 amount of one code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PriorItem {
    /// 功能 or 经济分类科目编码.
    pub code: String,
    pub amount: Amount,
}

/// “三公”经费 by item.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ThreePublic {
    /// 因公出国（境）费.
    pub abroad: Amount,
    /// 公务用车购置费.
    pub vehicle_purchase: Amount,
    /// 公务用车运行维护费.
    pub vehicle_running: Amount,
    /// 公务接待费.
    pub reception: Amount,
}

impl ThreePublic {
    pub fn vehicles(&self) -> Amount {
        self.vehicle_purchase + self.vehicle_running
    }
    pub fn total(&self) -> Amount {
        self.abroad + self.vehicles() + self.reception
    }
}

/// Human-written narrative texts. Every figure around them is derived; these
/// are the reasons and descriptions only a person can write.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Narrative {
    /// 总预算变动的主要原因.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub total_change_reason: String,
    /// 基本支出的用途 (人员经费、公用经费 …).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub basic_uses: String,
    /// 基本支出变动的主要原因.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub basic_change_reason: String,
    /// 项目支出变动的主要原因.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub project_change_reason: String,
    /// 工资福利支出 主要用于.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub wages_uses: String,
    /// 对个人和家庭的补助 主要用于.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub household_uses: String,
    /// 公用经费 主要用于.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub public_uses: String,
    /// 机关运行经费 主要包括.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub running_costs_uses: String,
    /// 政府采购 的说明 (what is bought).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub procurement_note: String,
    /// 预算绩效开展情况.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub performance_note: String,
    /// “三公”经费的单位范围.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub three_public_scope: String,
    /// 因公出国（境）费 的说明.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub abroad_note: String,
    /// 公务接待费 变动原因.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reception_change_reason: String,
    /// 公务接待费 主要用于.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reception_uses: String,
    /// 公务用车购置费 的说明.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub vehicle_purchase_note: String,
    /// 公务用车运行维护费 用于.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub vehicle_running_uses: String,
}

/// 名词解释 entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GlossaryTerm {
    pub term: String,
    pub definition: String,
}

/// 部门整体支出绩效目标.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DepartmentPerformance {
    /// 填报人.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub filler: String,
    /// 联系电话.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub phone: String,
    /// 部门职能概述 (when it differs from the profile's functions).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub functions: Vec<String>,
    /// 年度工作任务.
    #[serde(default)]
    pub tasks: Vec<String>,
    /// 上年收支情况 as stated on the form.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prior_income: Option<Amount>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prior_expenditure: Option<Amount>,
    /// 长期目标.
    #[serde(default)]
    pub long_term: Vec<Goal>,
    /// 年度目标.
    #[serde(default)]
    pub annual: Vec<Goal>,
}

/// A goal with its indicators.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Goal {
    pub text: String,
    #[serde(default)]
    pub indicators: Vec<Indicator>,
}

/// One department-year: every fact a disclosure is derived from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Budget {
    pub meta: PackageMeta,
    pub department: Department,
    pub staffing: Staffing,
    pub contact: Contact,
    pub income: Vec<Income>,
    pub line_items: Vec<LineItem>,
    pub projects: Vec<Project>,
    pub procurement: Vec<ProcurementItem>,
    pub purchased_services: Vec<PurchasedService>,
    pub assets: Assets,
    pub prior_year: PriorYear,
    pub narrative: Narrative,
    pub glossary: Vec<GlossaryTerm>,
    pub performance: DepartmentPerformance,
}

impl Budget {
    pub fn project(&self, id: &str) -> Option<&Project> {
        self.projects.iter().find(|p| p.id == id)
    }

    /// The amount of a project: the sum of its line items.
    pub fn project_amount(&self, id: &str) -> Amount {
        self.line_items.iter().filter(|l| l.project.as_deref() == Some(id)).map(|l| l.amount).sum()
    }

    /// The functional code of a project (of its first line item).
    pub fn project_functional(&self, id: &str) -> Option<FunctionalCode> {
        self.line_items.iter().find(|l| l.project.as_deref() == Some(id)).map(|l| l.functional)
    }

    /// Σ line items whose fields satisfy `keep`.
    pub fn sum(&self, keep: impl Fn(&LineItem) -> bool) -> Amount {
        self.line_items.iter().filter(|l| keep(l)).map(|l| l.amount).sum()
    }

    pub fn unit_name(&self, id: &str) -> String {
        self.department.units.iter().find(|u| u.id == id).map_or_else(|| id.to_owned(), |u| u.name.clone())
    }
}
