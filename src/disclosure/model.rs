//! Disclosures as published: an identity (enterprise, section, period) and its chain of
//! immutable versions, each carrying the section's content.

use bigdecimal::BigDecimal;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

pub use super::events::MajorEvents;
pub use super::governance::Roster;
pub use super::inspection::InspectionReport;
pub use super::pay::{ExecutivePay, PayStatement};
pub use super::related_party::RelatedPartyTransactions;
use crate::enterprise::Uscc;

coded_enum! {
    /// What a disclosure is about (DESIGN.md section 3, item 1).
    Section {
        /// 财务状况
        Financial = "financial",
        /// 国有资本保值增值
        StateCapital = "state_capital",
        /// 高管薪酬
        ExecutivePay = "executive_pay",
        /// 法人治理结构
        Governance = "governance",
        /// 关联交易
        RelatedParty = "related_party",
        /// 重大事项
        MajorEvents = "major_events",
        /// 监督检查与整改
        Inspection = "inspection",
    }
}

coded_enum! {
    /// How a version relates to the one before it.
    VersionKind {
        /// The first publication.
        Original = "original",
        /// A correction that supersedes the previous version, with a reason.
        Amendment = "amendment",
        /// The disclosure is withdrawn, with a reason; earlier versions stay visible.
        Withdrawal = "withdrawal",
    }
}

coded_enum! {
    /// The unit amounts of a version are stated in.
    Unit {
        /// 元
        Yuan = "yuan",
        /// 万元
        WanYuan = "wan_yuan",
    }
}

impl Unit {
    /// How many yuan one unit is, to compare figures stated in different units.
    pub fn yuan_factor(self) -> BigDecimal {
        match self {
            Unit::Yuan => BigDecimal::from(1),
            Unit::WanYuan => BigDecimal::from(10_000),
        }
    }
}

coded_enum! {
    /// The auditor's opinion on the financial statements.
    AuditOpinion {
        /// 标准无保留意见
        Unqualified = "unqualified",
        /// 带强调事项段的无保留意见
        UnqualifiedWithEmphasis = "unqualified_with_emphasis",
        /// 保留意见
        Qualified = "qualified",
        /// 否定意见
        Adverse = "adverse",
        /// 无法表示意见
        Disclaimer = "disclaimer",
    }
}

coded_enum! {
    /// Objective factors (客观因素) that change state capital independently of the
    /// enterprise's own performance, per the SASAC rules on confirming preservation results.
    CapitalFactor {
        /// 国家追加投资
        IncreaseAdditionalInvestment = "increase_additional_investment",
        /// 无偿划入
        IncreaseFreeTransferIn = "increase_free_transfer_in",
        /// 资产评估增值
        IncreaseAssetRevaluation = "increase_asset_revaluation",
        /// 清产核资增加
        IncreaseAssetVerification = "increase_asset_verification",
        /// 产权界定增加
        IncreasePropertyRights = "increase_property_rights",
        /// 股票发行溢价
        IncreaseSharePremium = "increase_share_premium",
        /// 税收返还等国家政策性因素
        IncreaseTaxRefund = "increase_tax_refund",
        /// 会计调整和减值准备转回
        IncreaseAccountingAdjustment = "increase_accounting_adjustment",
        /// 其他客观增加因素
        IncreaseOther = "increase_other",
        /// 国家减少投资（减资）
        DecreaseCapitalReduction = "decrease_capital_reduction",
        /// 无偿划出
        DecreaseFreeTransferOut = "decrease_free_transfer_out",
        /// 资产评估减值
        DecreaseAssetRevaluation = "decrease_asset_revaluation",
        /// 清产核资减少
        DecreaseAssetVerification = "decrease_asset_verification",
        /// 产权界定减少
        DecreasePropertyRights = "decrease_property_rights",
        /// 按规定上缴国有资本收益
        DecreaseDividends = "decrease_dividends",
        /// 自然灾害等不可抗力
        DecreaseForceMajeure = "decrease_force_majeure",
        /// 会计调整
        DecreaseAccountingAdjustment = "decrease_accounting_adjustment",
        /// 其他客观减少因素
        DecreaseOther = "decrease_other",
    }
}

impl CapitalFactor {
    /// Whether the factor raised state capital (and is therefore taken out again).
    pub fn is_increase(self) -> bool {
        self.code().starts_with("increase_")
    }
}

/// A reporting period: a year, or a quarter of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Period {
    /// Calendar year.
    pub year: i16,
    /// 1-4 for a quarterly disclosure, `None` for the year.
    pub quarter: Option<i16>,
}

/// A disclosure's identity: stable across its versions, with a stable URL.
#[derive(Debug, Clone, Serialize)]
pub struct Disclosure {
    /// Database id, used in `/disclosures/{id}`.
    pub id: i64,
    /// The enterprise that disclosed it.
    pub enterprise_uscc: Uscc,
    /// What it is about.
    pub section: Section,
    /// The period it covers.
    pub period: Period,
}

/// One published version; never changed once written.
#[derive(Debug, Clone, Serialize)]
pub struct Version {
    /// Database id.
    pub id: i64,
    /// 1 for the original, then 2, 3, ...
    pub number: i32,
    /// Original, amendment or withdrawal.
    pub kind: VersionKind,
    /// Why it was amended or withdrawn.
    pub reason: Option<String>,
    /// Where the figures come from.
    pub source: String,
    /// The date the figures describe.
    pub as_of: NaiveDate,
    /// When it was published.
    pub published_at: DateTime<Utc>,
}

/// Key items of the financial statements.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FinancialStatement {
    /// Unit of every amount.
    pub unit: Unit,
    /// 资产总额
    pub total_assets: BigDecimal,
    /// 负债总额
    pub total_liabilities: BigDecimal,
    /// 流动负债
    pub current_liabilities: Option<BigDecimal>,
    /// 所有者权益
    pub owners_equity: BigDecimal,
    /// 国有资本及权益
    pub state_owned_equity: Option<BigDecimal>,
    /// 营业收入
    pub revenue: BigDecimal,
    /// 利润总额
    pub total_profit: BigDecimal,
    /// 净利润
    pub net_profit: BigDecimal,
    /// 经营活动产生的现金流量净额
    pub operating_cash_flow: Option<BigDecimal>,
    /// 带息负债
    pub interest_bearing_debt: Option<BigDecimal>,
    /// Whether an auditor signed off.
    pub audited: bool,
    /// 审计机构
    pub auditor: Option<String>,
    /// 审计意见
    pub audit_opinion: Option<AuditOpinion>,
}

/// State capital at the start and end of a year, and the objective factors between.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StateCapitalStatement {
    /// Unit of every amount.
    pub unit: Unit,
    /// 年初国有资本及权益
    pub opening_state_capital: BigDecimal,
    /// 年末国有资本及权益
    pub closing_state_capital: BigDecimal,
    /// Objective factors with their amounts (each at most once).
    pub factors: Vec<(CapitalFactor, BigDecimal)>,
}

/// What a version says. Not boxed: contents are built a handful at a time, never stored
/// in bulk, so the size difference between variants costs nothing that matters.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "section", rename_all = "snake_case")]
pub enum Content {
    /// A financial statement.
    Financial(FinancialStatement),
    /// A state capital statement.
    StateCapital(StateCapitalStatement),
    /// An executive pay table.
    ExecutivePay(PayStatement),
    /// Supervision findings with their rectification items.
    Inspection(InspectionReport),
    /// A governance roster.
    Governance(Roster),
    /// Related-party transactions.
    RelatedParty(RelatedPartyTransactions),
    /// Major events.
    MajorEvents(MajorEvents),
}

impl Content {
    /// The section this content belongs to.
    pub fn section(&self) -> Section {
        match self {
            Content::Financial(_) => Section::Financial,
            Content::StateCapital(_) => Section::StateCapital,
            Content::ExecutivePay(_) => Section::ExecutivePay,
            Content::Inspection(_) => Section::Inspection,
            Content::Governance(_) => Section::Governance,
            Content::RelatedParty(_) => Section::RelatedParty,
            Content::MajorEvents(_) => Section::MajorEvents,
        }
    }
}
