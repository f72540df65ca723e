//! The files of a package and their serde shapes.

use serde::{Deserialize, Serialize};
use yusuan_model::{
    Assets, Budget, Contact, Department, DepartmentPerformance, GlossaryTerm, Income, LineItem, Narrative, PackageMeta,
    PriorYear, ProcurementItem, Project, PurchasedService, Staffing,
};

/// `budget.toml`: the department profile, income, prior year, narrative texts, glossary.
pub const BUDGET: &str = "budget.toml";
/// `projects.toml`: `[[project]]` tables with details and performance targets.
pub const PROJECTS: &str = "projects.toml";
/// `performance.toml`: the department's overall performance targets.
pub const PERFORMANCE: &str = "performance.toml";
/// `line_items.csv`: the expenditure line items.
pub const LINE_ITEMS: &str = "line_items.csv";
/// `procurement.csv`: 政府采购 items (optional).
pub const PROCUREMENT: &str = "procurement.csv";
/// `purchased_services.csv`: 政府购买服务 items (optional).
pub const PURCHASED_SERVICES: &str = "purchased_services.csv";

/// Column headers of the CSV files, in order.
pub const LINE_ITEM_COLUMNS: &[&str] =
    &["unit", "functional", "economic", "kind", "project", "source", "amount", "note"];
pub const PROCUREMENT_COLUMNS: &[&str] =
    &["unit", "functional", "project", "category", "item", "quantity", "source", "amount"];
pub const PURCHASED_SERVICE_COLUMNS: &[&str] =
    &["unit", "project", "functional", "category", "content", "source", "amount"];

/// The shape of `budget.toml`.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BudgetFile {
    /// 包信息.
    pub package: PackageMeta,
    /// 部门概况.
    pub department: Department,
    /// 人员构成.
    pub staffing: Staffing,
    /// 联系方式.
    pub contact: Contact,
    /// 收入预算 by source.
    #[serde(default)]
    pub income: Vec<Income>,
    /// 国有资产占有使用情况.
    #[serde(default)]
    pub assets: Assets,
    /// 上年数.
    pub prior_year: PriorYear,
    /// 人工撰写的说明文字.
    #[serde(default)]
    pub narrative: Narrative,
    /// 名词解释.
    #[serde(default)]
    pub glossary: Vec<GlossaryTerm>,
}

impl BudgetFile {
    /// The `budget.toml` part of a budget.
    pub fn of(b: &Budget) -> BudgetFile {
        BudgetFile {
            package: b.meta.clone(),
            department: b.department.clone(),
            staffing: b.staffing.clone(),
            contact: b.contact.clone(),
            income: b.income.clone(),
            assets: b.assets.clone(),
            prior_year: b.prior_year.clone(),
            narrative: b.narrative.clone(),
            glossary: b.glossary.clone(),
        }
    }

    /// The budget of this file and the other files' contents.
    pub fn assemble(
        self,
        projects: Vec<Project>,
        performance: DepartmentPerformance,
        line_items: Vec<LineItem>,
        procurement: Vec<ProcurementItem>,
        purchased_services: Vec<PurchasedService>,
    ) -> Budget {
        Budget {
            meta: self.package,
            department: self.department,
            staffing: self.staffing,
            contact: self.contact,
            income: self.income,
            line_items,
            projects,
            procurement,
            purchased_services,
            assets: self.assets,
            prior_year: self.prior_year,
            narrative: self.narrative,
            glossary: self.glossary,
            performance,
        }
    }
}

/// The head of `budget.toml`, read first to learn the package's unit.
#[derive(Debug, Deserialize)]
pub(crate) struct BudgetHead {
    pub package: PackageMeta,
}

/// The shape of `projects.toml`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProjectsFile {
    /// 项目.
    #[serde(default)]
    pub project: Vec<Project>,
}

/// The shape of `performance.toml`.
pub type PerformanceFile = DepartmentPerformance;
