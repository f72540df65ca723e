//! The sheets and columns of the fill-in workbook, as data.
//!
//! Two shapes of sheet: a *field* sheet (基本信息, 上年数, 说明文字) has one row
//! per scalar fact, its label in column A and its value in column B; a *list*
//! sheet has a header row and one record per row. Each column names the JSON
//! path of the fact it holds (the package files' serde keys), so writing is
//! "serialize, pick by path" and reading is "put by path, deserialize": the
//! package's own types and validation stay the single definition of a fact.

/// What a cell holds, which decides how it is written, validated and read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Free text; an empty cell means "not stated" (the key is left out).
    Text,
    /// Text that the package always has (an empty cell is an empty string).
    Str,
    /// Paragraphs, one per line of the cell (Alt+Enter in Excel).
    Paragraphs,
    /// Money in the sheet's unit.
    Amount,
    /// A whole number (people, years, vehicles).
    Int,
    /// 功能分类科目 (项, 7 digits).
    Functional,
    /// 经济分类科目 (款, 5 digits).
    Economic,
    /// One of a closed list (see [`Choice`]).
    Choice(Choice),
}

/// The closed lists offered as drop-downs; the importer accepts their aliases.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    Source,
    ExpenseKind,
    ProjectCategory,
    Frequency,
    Procurement,
    MoneyUnit,
    /// 长期目标 / 年度目标.
    GoalKind,
    /// 编制数 / 在职人员.
    StaffKind,
    /// 年度工作任务 / 部门职能概述.
    PerfText,
    /// 功能 / 经济.
    Scheme,
    /// 单位 ids of the 单位 sheet (a drop-down only; the package checks the reference).
    Unit,
    /// 项目 ids of the 项目 sheet (a drop-down only).
    Project,
    /// 一级指标 of the indicator framework (a drop-down with a warning only).
    Level1,
    /// 二级指标.
    Level2,
}

impl Choice {
    /// Whether a value outside the list is an error on import (else only a drop-down hint).
    pub fn closed(self) -> bool {
        !matches!(self, Choice::Unit | Choice::Project | Choice::Level1 | Choice::Level2)
    }
}

/// One column of a list sheet, or one row of a field sheet.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    /// JSON path of the fact relative to the record (`stated_funding.total`).
    pub path: &'static str,
    /// Header (list sheets) or label (field sheets), Chinese.
    pub header: &'static str,
    pub kind: Kind,
    /// An empty cell is an error.
    pub required: bool,
    /// Width in characters (list sheets).
    pub width: u16,
}

const fn col(path: &'static str, header: &'static str, kind: Kind, required: bool, width: u16) -> Column {
    Column { path, header, kind, required, width }
}

/// A computed column: an Excel formula for the officer's eye, ignored on import.
#[derive(Debug, Clone, Copy)]
pub struct Derived {
    pub header: &'static str,
    /// Formula with `{r}` for the 1-based row and `{c:N}` for the letter of column N.
    pub formula: &'static str,
    pub width: u16,
    /// Insert before the column at this index of `columns`.
    pub before: usize,
    /// What the formula computes, for the value cached in the file (LibreOffice and
    /// WPS show cached values without recalculating).
    pub value: DerivedValue,
}

/// What a derived column computes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DerivedValue {
    /// The catalog name of the code in the given spec column (功能 / 经济).
    Name { economic: bool, column: usize },
    /// Σ line items of the project whose id is in the first column.
    ProjectAmount,
}

/// Where a list sheet's records go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A top-level array of the whole (`line_items`, `income` …).
    Array(&'static str),
    /// Records of a project, keyed by the first column (项目 id): `details`, `asset_plan`, `performance.indicators`.
    PerProject(&'static str),
    /// Department goals (`long_term` / `annual` by the first column, linked by 序号).
    Goals,
    /// Indicators of a department goal (first column kind, second column 序号).
    GoalIndicators,
    /// Strings of an array chosen by the first column (`performance.tasks` / `performance.functions`).
    PerfTexts,
    /// Headcounts chosen by the first column (`staffing.authorized_by_kind` / `staffing.in_post_by_kind`).
    Staff,
    /// An array of strings (`department.functions`), one per row, in column order after a 序号 column.
    Strings(&'static str),
    /// Extra catalog rows (`codes.csv`).
    Codes,
}

/// A list sheet.
#[derive(Debug, Clone, Copy)]
pub struct ListSheet {
    pub name: &'static str,
    pub title: &'static str,
    /// One line of help under the title.
    pub help: &'static str,
    pub target: Target,
    pub columns: &'static [Column],
    pub derived: &'static [Derived],
    /// Whether the sheet states a money unit in its second row.
    pub money: bool,
}

/// A field sheet: one labelled fact per row.
#[derive(Debug, Clone, Copy)]
pub struct FieldSheet {
    pub name: &'static str,
    pub title: &'static str,
    pub fields: &'static [Column],
    pub money: bool,
}

use self::Choice as C;
use self::Kind::*;

pub const PROFILE: FieldSheet = FieldSheet {
    name: "基本信息",
    title: "部门基本信息、人员与资产",
    money: true,
    fields: &[
        col("package.year", "预算年度", Int, true, 0),
        col("package.template", "公开模板（wuhan-13 = 武汉市 13 张表）", Str, true, 0),
        col("package.unit", "金额单位（万元 / 元）", Choice(C::MoneyUnit), true, 0),
        col("department.name", "部门名称", Str, true, 0),
        col("department.full_name", "部门全称（含市名，绩效表用）", Text, false, 0),
        col("department.short_name", "部门简称（公开表“单位名称”列）", Str, true, 0),
        col("department.code", "部门编码", Text, false, 0),
        col("department.region", "地区", Text, false, 0),
        col("department.parent", "上级部门（单位预算填写）", Text, false, 0),
        col("department.composition_note", "预算单位构成情况说明", Text, false, 0),
        col("contact.phone", "公开咨询电话", Str, false, 0),
        col("staffing.authorized", "编制数合计", Int, true, 0),
        col("staffing.as_of", "实有人数统计时点（如 2021-12）", Str, false, 0),
        col("staffing.in_post", "在职人员实有数", Int, true, 0),
        col("staffing.retired", "离退休人员实有数", Int, true, 0),
        col("assets.as_of", "资产统计时点（如 2021-12-31）", Str, false, 0),
        col("assets.note", "其他资产情况说明", Text, false, 0),
        col("performance.filler", "整体绩效目标表 填报人", Text, false, 0),
        col("performance.phone", "整体绩效目标表 联系电话", Text, false, 0),
        col("performance.prior_income", "整体绩效目标表 上年收入", Amount, false, 0),
        col("performance.prior_expenditure", "整体绩效目标表 上年支出", Amount, false, 0),
    ],
};

pub const PRIOR: FieldSheet = FieldSheet {
    name: "上年数",
    title: "上年预算数（用于同比说明）",
    money: true,
    fields: &[
        col("prior_year.year", "上年年度", Int, true, 0),
        col("prior_year.total", "上年预算总额（收支总计）", Amount, false, 0),
        col("prior_year.general_budget", "上年一般公共预算支出", Amount, false, 0),
        col("prior_year.basic", "上年基本支出", Amount, false, 0),
        col("prior_year.project", "上年项目支出", Amount, false, 0),
        col("prior_year.running_costs", "上年机关运行经费", Amount, false, 0),
        col("prior_year.three_public.abroad", "上年“三公”：因公出国（境）费", Amount, false, 0),
        col("prior_year.three_public.vehicle_purchase", "上年“三公”：公务用车购置费", Amount, false, 0),
        col("prior_year.three_public.vehicle_running", "上年“三公”：公务用车运行维护费", Amount, false, 0),
        col("prior_year.three_public.reception", "上年“三公”：公务接待费", Amount, false, 0),
    ],
};

pub const NARRATIVE: FieldSheet = FieldSheet {
    name: "说明文字",
    title: "人工撰写的说明文字（数字由程序生成，这里只写原因与用途）",
    money: false,
    fields: &[
        col("narrative.total_change_reason", "总预算变动的主要原因", Text, false, 0),
        col("narrative.basic_uses", "基本支出的用途", Text, false, 0),
        col("narrative.basic_change_reason", "基本支出变动的主要原因", Text, false, 0),
        col("narrative.project_change_reason", "项目支出变动的主要原因", Text, false, 0),
        col("narrative.wages_uses", "工资福利支出 主要用于", Text, false, 0),
        col("narrative.household_uses", "对个人和家庭的补助 主要用于", Text, false, 0),
        col("narrative.public_uses", "公用经费 主要用于", Text, false, 0),
        col("narrative.running_costs_uses", "机关运行经费 主要包括", Text, false, 0),
        col("narrative.procurement_note", "政府采购 的说明", Text, false, 0),
        col("narrative.performance_note", "预算绩效开展情况", Text, false, 0),
        col("narrative.three_public_scope", "“三公”经费的单位范围", Text, false, 0),
        col("narrative.abroad_note", "因公出国（境）费 的说明", Text, false, 0),
        col("narrative.reception_change_reason", "公务接待费 变动原因", Text, false, 0),
        col("narrative.reception_uses", "公务接待费 主要用于", Text, false, 0),
        col("narrative.vehicle_purchase_note", "公务用车购置费 的说明", Text, false, 0),
        col("narrative.vehicle_running_uses", "公务用车运行维护费 用于", Text, false, 0),
    ],
};

pub const FIELD_SHEETS: &[FieldSheet] = &[PROFILE, PRIOR, NARRATIVE];

/// Shown by the name columns for a code the catalog lacks.
pub const NOT_IN_CATALOG: &str = "（目录中没有，请在补充科目表填写）";
const NAME_OF_FUNCTIONAL: &str = "IF({c:1}{r}=\"\",\"\",IFERROR(VLOOKUP({c:1}{r}&\"\",代码表!$A:$B,2,FALSE),\"（目录中没有，请在补充科目表填写）\"))";
const NAME_OF_ECONOMIC: &str = "IF({c:2}{r}=\"\",\"\",IFERROR(VLOOKUP({c:2}{r}&\"\",代码表!$D:$E,2,FALSE),\"（目录中没有，请在补充科目表填写）\"))";

pub const LIST_SHEETS: &[ListSheet] = &[
    ListSheet {
        name: "单位",
        title: "预算单位构成",
        help: "每个预算单位一行；“单位 ID”即支出明细等表“单位”列所填的值（通常为简称）。",
        target: Target::Array("department.units"),
        money: false,
        columns: &[
            col("id", "单位 ID", Str, true, 16),
            col("name", "单位名称", Str, true, 30),
            col("code", "单位代码", Text, false, 14),
            col("kind", "单位性质", Str, true, 16),
        ],
        derived: &[],
    },
    ListSheet {
        name: "主要职能",
        title: "部门主要职能",
        help: "每条职能一行，按顺序；序号仅供查看。",
        target: Target::Strings("department.functions"),
        money: false,
        columns: &[col("", "序号", Int, false, 6), col("", "职能", Str, true, 100)],
        derived: &[],
    },
    ListSheet {
        name: "人员",
        title: "人员构成（编制数、在职人员按类别）",
        help: "类别选“编制数”或“在职人员”；人员类型如 行政编制、事业编制、行政人员、工勤人员。",
        target: Target::Staff,
        money: false,
        columns: &[
            col("", "类别", Choice(C::StaffKind), true, 12),
            col("kind", "人员类型", Str, true, 20),
            col("count", "人数", Int, true, 10),
        ],
        derived: &[],
    },
    ListSheet {
        name: "车辆",
        title: "国有资产：车辆",
        help: "每类车辆一行。",
        target: Target::Array("assets.vehicles"),
        money: false,
        columns: &[col("kind", "车辆类型", Str, true, 24), col("count", "数量（辆）", Int, true, 12)],
        derived: &[],
    },
    ListSheet {
        name: "收入",
        title: "收入预算（按资金来源）",
        help: "每个资金来源一行。",
        target: Target::Array("income"),
        money: true,
        columns: &[col("source", "资金来源", Choice(C::Source), true, 28), col("amount", "金额", Amount, true, 16)],
        derived: &[],
    },
    ListSheet {
        name: "支出明细",
        title: "支出明细（单位 × 功能科目 × 经济科目 × 支出类型 × 资金来源）",
        help: "每行一笔：所有公开表都由这些行汇总生成。项目支出须填项目 ID（见“项目”表）。",
        target: Target::Array("line_items"),
        money: true,
        columns: &[
            col("unit", "单位", Choice(C::Unit), true, 14),
            col("functional", "功能科目编码", Functional, true, 14),
            col("economic", "经济科目编码", Economic, true, 14),
            col("kind", "支出类型", Choice(C::ExpenseKind), true, 10),
            col("project", "项目 ID", Choice(C::Project), false, 14),
            col("source", "资金来源", Choice(C::Source), true, 16),
            col("amount", "金额", Amount, true, 14),
            col("note", "备注", Text, false, 20),
        ],
        derived: &[
            Derived {
                header: "功能科目名称",
                formula: NAME_OF_FUNCTIONAL,
                width: 26,
                before: 2,
                value: DerivedValue::Name { economic: false, column: 1 },
            },
            Derived {
                header: "经济科目名称",
                formula: NAME_OF_ECONOMIC,
                width: 20,
                before: 3,
                value: DerivedValue::Name { economic: true, column: 2 },
            },
        ],
    },
    ListSheet {
        name: "项目",
        title: "项目（项目支出预算表与项目绩效目标表）",
        help: "每个项目一行；段落类内容在单元格内换行（Alt+Enter）分段。项目金额由支出明细汇总，“本年预算”列仅供核对。",
        target: Target::Array("project"),
        money: true,
        columns: &[
            col("id", "项目 ID", Str, true, 14),
            col("name", "项目名称", Str, true, 24),
            col("form_name", "绩效表上的项目名称（不同时填）", Text, false, 18),
            col("code", "项目代码", Text, false, 14),
            col("unit", "单位", Choice(C::Unit), true, 12),
            col("category", "项目类别", Choice(C::ProjectCategory), false, 18),
            col("frequency", "项目安排频度", Choice(C::Frequency), false, 12),
            col("owner", "项目主管部门", Text, false, 16),
            col("executor", "项目执行单位", Text, false, 16),
            col("manager", "项目负责人", Text, false, 10),
            col("phone", "联系电话", Text, false, 14),
            col("start_year", "起始年度", Int, false, 8),
            col("end_year", "终止年度", Int, false, 8),
            col("total_budget", "项目总预算（表上所填）", Amount, false, 14),
            col("stated_current", "当年预算（表上所填）", Amount, false, 14),
            col("stated_funding.total", "资金来源：当年预算合计", Amount, false, 14),
            col("stated_funding.local", "资金来源：财政拨款（区级安排）", Amount, false, 14),
            col("stated_funding.transfer", "资金来源：财政拨款（上级转移支付）", Amount, false, 14),
            col("stated_funding.special_account", "资金来源：专户管理的非税收入", Amount, false, 14),
            col("stated_funding.other", "资金来源：其他资金", Amount, false, 14),
            col("basis", "立项依据", Paragraphs, false, 40),
            col("plan", "项目实施方案", Paragraphs, false, 40),
            col("prior_evaluation", "上年绩效评价结果、整改及应用", Paragraphs, false, 30),
            col("history", "前两年预算及当年预算变动情况", Paragraphs, false, 30),
            col("uses", "主要支出方向和用途", Text, false, 30),
            col("performance.goal", "项目绩效总目标", Text, false, 40),
        ],
        derived: &[Derived {
            header: "本年预算（支出明细汇总）",
            formula: "SUMIFS(支出明细!$I:$I,支出明细!$G:$G,{c:0}{r})",
            width: 14,
            before: 2,
            value: DerivedValue::ProjectAmount,
        }],
    },
    ListSheet {
        name: "项目明细",
        title: "项目支出明细及测算依据",
        help: "每行一条明细；测算依据中的算式（如 12人×0.5万元×12月）由检查程序复算。",
        target: Target::PerProject("details"),
        money: true,
        columns: &[
            col("", "项目 ID", Choice(C::Project), true, 14),
            col("content", "项目内容", Str, true, 24),
            col("basis", "测算依据及说明", Text, false, 48),
            col("local", "本级财政拨款", Amount, false, 14),
            col("transfer", "上级转移支付", Amount, false, 14),
            col("other", "其他资金", Amount, false, 14),
        ],
        derived: &[],
    },
    ListSheet {
        name: "项目资产配置",
        title: "项目资产配置计划及采购计划",
        help: "每行一个品名。",
        target: Target::PerProject("asset_plan"),
        money: true,
        columns: &[
            col("", "项目 ID", Choice(C::Project), true, 14),
            col("item", "品名", Str, true, 24),
            col("quantity", "数量", Text, false, 10),
            col("amount", "金额", Amount, false, 14),
        ],
        derived: &[],
    },
    ListSheet {
        name: "项目绩效指标",
        title: "项目绩效指标（一级 → 二级 → 三级）",
        help: "每行一个三级指标；指标值如 ≥95%、≤10 万元、12 月底前。",
        target: Target::PerProject("performance.indicators"),
        money: false,
        columns: &[
            col("", "项目 ID", Choice(C::Project), true, 14),
            col("level1", "一级指标", Choice(C::Level1), true, 12),
            col("level2", "二级指标", Choice(C::Level2), true, 14),
            col("name", "三级指标", Str, true, 28),
            col("target", "指标值", Str, false, 16),
            col("basis", "指标值确定依据", Text, false, 24),
        ],
        derived: &[],
    },
    ListSheet {
        name: "政府采购",
        title: "政府采购预算",
        help: "每个采购品目一行。",
        target: Target::Array("procurement"),
        money: true,
        columns: &[
            col("unit", "单位", Choice(C::Unit), true, 12),
            col("functional", "功能科目编码", Functional, true, 14),
            col("project", "项目 ID", Choice(C::Project), false, 14),
            col("category", "采购类别", Choice(C::Procurement), true, 10),
            col("item", "采购品名", Str, true, 24),
            col("quantity", "数量及计量单位", Text, false, 12),
            col("source", "资金来源", Choice(C::Source), true, 16),
            col("amount", "金额", Amount, true, 14),
        ],
        derived: &[],
    },
    ListSheet {
        name: "购买服务",
        title: "政府购买服务预算",
        help: "每项服务一行。",
        target: Target::Array("purchased_services"),
        money: true,
        columns: &[
            col("unit", "单位", Choice(C::Unit), true, 12),
            col("project", "项目 ID", Choice(C::Project), false, 14),
            col("functional", "功能科目编码", Functional, true, 14),
            col("category", "购买服务大类", Str, true, 20),
            col("content", "购买服务内容", Str, true, 30),
            col("source", "资金来源", Choice(C::Source), true, 16),
            col("amount", "金额", Amount, true, 14),
        ],
        derived: &[],
    },
    ListSheet {
        name: "上年分科目",
        title: "上年数（按功能或经济科目）",
        help: "用于逐项同比；科目编码为功能或经济分类编码。",
        target: Target::Array("prior_year.items"),
        money: true,
        columns: &[col("code", "科目编码", Str, true, 14), col("amount", "上年金额", Amount, true, 16)],
        derived: &[],
    },
    ListSheet {
        name: "部门绩效目标",
        title: "部门整体绩效目标",
        help: "类型选“长期目标”或“年度目标”；序号用于在“部门绩效指标”表中对应。",
        target: Target::Goals,
        money: false,
        columns: &[
            col("", "类型", Choice(C::GoalKind), true, 12),
            col("", "序号", Int, true, 6),
            col("text", "目标", Str, false, 80),
        ],
        derived: &[],
    },
    ListSheet {
        name: "部门绩效指标",
        title: "部门整体绩效指标",
        help: "类型与目标序号对应“部门绩效目标”表中的一行。",
        target: Target::GoalIndicators,
        money: false,
        columns: &[
            col("", "类型", Choice(C::GoalKind), true, 12),
            col("", "目标序号", Int, true, 8),
            col("level1", "一级指标", Choice(C::Level1), true, 12),
            col("level2", "二级指标", Choice(C::Level2), true, 14),
            col("name", "三级指标", Str, true, 28),
            col("target", "指标值", Str, false, 16),
            col("basis", "指标值确定依据", Text, false, 24),
        ],
        derived: &[],
    },
    ListSheet {
        name: "部门绩效文字",
        title: "部门整体绩效：年度工作任务与职能概述",
        help: "类型选“年度工作任务”或“部门职能概述”（仅当与主要职能不同时填）；按行排序。",
        target: Target::PerfTexts,
        money: false,
        columns: &[col("", "类型", Choice(C::PerfText), true, 14), col("", "内容", Str, true, 90)],
        derived: &[],
    },
    ListSheet {
        name: "名词解释",
        title: "名词解释",
        help: "每个名词一行。",
        target: Target::Array("glossary"),
        money: false,
        columns: &[col("term", "名词", Str, true, 20), col("definition", "解释", Str, true, 90)],
        derived: &[],
    },
    ListSheet {
        name: "补充科目",
        title: "补充科目（内置目录没有的科目名称）",
        help: "分类选“功能”或“经济”；如本地系统的科目名称与国家目录不同，在此填写。",
        target: Target::Codes,
        money: false,
        columns: &[
            col("", "分类", Choice(C::Scheme), true, 8),
            col("", "科目编码", Str, true, 14),
            col("", "科目名称", Str, true, 40),
        ],
        derived: &[],
    },
];

/// The sheet of instructions, first in the workbook.
pub const INSTRUCTIONS: &str = "填报说明";
/// The hidden sheet of drop-down lists and code names.
pub const LISTS: &str = "代码表";

/// Rows below the header that carry drop-downs and formats in a template.
pub const TEMPLATE_ROWS: u32 = 500;
