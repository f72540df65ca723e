//! The closed vocabularies of a budget: funding sources, kinds of expenditure,
//! procurement categories. Files use the Chinese labels; English ids are aliases.

use serde::{Deserialize, Serialize};

macro_rules! vocabulary {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $label:literal, $id:literal $(| $alias:literal)*;)+ }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
        pub enum $name {
            $($(#[$vdoc])* #[serde(rename = $label, alias = $id $(, alias = $alias)*)] $variant,)+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The Chinese label used in files and documents.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }
            /// The stable English id.
            pub fn id(self) -> &'static str {
                match self { $($name::$variant => $id),+ }
            }
            /// Parses a label, an id or an alias.
            pub fn parse(text: &str) -> Option<$name> {
                match text.trim() {
                    $($label | $id $(| $alias)* => Some($name::$variant),)+
                    _ => None,
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { f.write_str(self.label()) }
        }
    };
}

vocabulary! {
    /// Where money comes from (收入来源). The order is the order of the public tables.
    FundingSource {
        /// 一般公共预算财政拨款收入
        GeneralBudget = "一般公共预算", "general_budget" | "一般公共预算财政拨款收入" | "一般公共预算财政拨款";
        /// 政府性基金预算财政拨款收入
        GovFund = "政府性基金", "gov_fund" | "政府性基金预算财政拨款收入" | "政府性基金预算";
        /// 国有资本经营预算财政拨款收入
        StateCapital = "国有资本经营", "state_capital" | "国有资本经营预算财政拨款收入" | "国有资本经营预算";
        /// 事业收入
        Operations = "事业收入", "operations";
        /// 上级补助收入
        SuperiorGrant = "上级补助", "superior_grant" | "上级补助收入";
        /// 附属单位上缴收入
        SubsidiaryRemit = "附属单位上缴", "subsidiary_remit" | "附属单位上缴收入";
        /// 事业单位经营收入
        Business = "事业单位经营", "business" | "事业单位经营收入" | "经营收入";
        /// 其他收入
        Other = "其他收入", "other";
        /// 上年结转（结余）
        CarryOver = "上年结转", "carry_over" | "上年结转结余" | "上年结余结转" | "上年结转(结余)";
    }
}

impl FundingSource {
    /// The full title used as a column header and income row.
    pub fn title(self) -> &'static str {
        match self {
            FundingSource::GeneralBudget => "一般公共预算财政拨款收入",
            FundingSource::GovFund => "政府性基金预算财政拨款收入",
            FundingSource::StateCapital => "国有资本经营预算财政拨款收入",
            FundingSource::Operations => "事业收入",
            FundingSource::SuperiorGrant => "上级补助收入",
            FundingSource::SubsidiaryRemit => "附属单位上缴收入",
            FundingSource::Business => "事业单位经营收入",
            FundingSource::Other => "其他收入",
            FundingSource::CarryOver => "上年结转",
        }
    }

    /// 财政拨款: appropriations from the budget (the first three sources).
    pub fn is_appropriation(self) -> bool {
        matches!(self, FundingSource::GeneralBudget | FundingSource::GovFund | FundingSource::StateCapital)
    }
}

vocabulary! {
    /// What an expenditure line is: basic personnel, basic public, or project money.
    ExpenseKind {
        /// 基本支出 — 人员经费
        Personnel = "人员", "personnel" | "人员经费" | "基本-人员";
        /// 基本支出 — 公用经费
        Public = "公用", "public" | "公用经费" | "基本-公用";
        /// 项目支出
        Project = "项目", "project" | "项目支出";
    }
}

impl ExpenseKind {
    pub fn is_basic(self) -> bool {
        !matches!(self, ExpenseKind::Project)
    }
}

vocabulary! {
    /// 政府采购 category.
    ProcurementCategory {
        /// 货物类
        Goods = "货物", "goods" | "货物类";
        /// 工程类
        Works = "工程", "works" | "工程类";
        /// 服务类
        Services = "服务", "services" | "服务类";
    }
}

vocabulary! {
    /// 项目类别 as ticked on a project form.
    ProjectCategory {
        /// 其他运转类
        Operating = "其他运转类", "operating";
        /// 特定目标类本级支出项目
        TargetedOwn = "特定目标类本级支出项目", "targeted_own";
        /// 特定目标类转移性支出项目
        TargetedTransfer = "特定目标类转移性支出项目", "targeted_transfer";
    }
}

vocabulary! {
    /// 项目安排频度.
    ProjectFrequency {
        /// 一次性项目
        OneOff = "一次性项目", "one_off";
        /// 常年项目
        Recurring = "常年项目", "recurring" | "经常性项目";
        /// 延续性项目
        Continuing = "延续性项目", "continuing";
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_ids_and_aliases_parse() {
        assert_eq!(FundingSource::parse("一般公共预算财政拨款收入"), Some(FundingSource::GeneralBudget));
        assert_eq!(FundingSource::parse("carry_over"), Some(FundingSource::CarryOver));
        assert_eq!(ExpenseKind::parse("公用经费"), Some(ExpenseKind::Public));
        assert_eq!(ProjectFrequency::parse("经常性项目"), Some(ProjectFrequency::Recurring));
        assert_eq!(FundingSource::parse("贷款"), None);
        assert_eq!(FundingSource::ALL.len(), 9);
    }
}
