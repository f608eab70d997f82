//! The content of a version, section by section, as the API publishes it: amounts as exact
//! decimal strings in the statement's unit, dates in ISO 8601, vocabularies as codes.
//! These types are the API's contract; the domain types may change without changing it.

use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;

use super::respond::Decimal;
use crate::disclosure::{
    AuditOpinion, CapitalFactor, Content, EventKind, FindingCategory, GoverningBody,
    InspectionBody, PricingBasis, Relationship, Severity, TransactionType, Unit,
};

fn decimal(value: &Option<bigdecimal::BigDecimal>) -> Option<Decimal> {
    value.as_ref().map(Decimal::from)
}

/// A version's content: `section` says which, `data` holds it.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Serialize, ToSchema)]
#[serde(tag = "section", content = "data", rename_all = "snake_case")]
pub enum ContentJson {
    /// 财务状况
    Financial(FinancialContent),
    /// 国有资本保值增值
    StateCapital(StateCapitalContent),
    /// 高管薪酬
    ExecutivePay(ExecutivePayContent),
    /// 法人治理结构
    Governance(GovernanceContent),
    /// 关联交易
    RelatedParty(RelatedPartyContent),
    /// 重大事项
    MajorEvents(MajorEventsContent),
    /// 监督检查与整改
    Inspection(InspectionContent),
}

/// Key items of the financial statements.
#[derive(Debug, Serialize, ToSchema)]
pub struct FinancialContent {
    /// Unit of every amount.
    pub unit: Unit,
    /// 资产总额
    pub total_assets: Decimal,
    /// 负债总额
    pub total_liabilities: Decimal,
    /// 流动负债
    pub current_liabilities: Option<Decimal>,
    /// 所有者权益
    pub owners_equity: Decimal,
    /// 国有资本及权益
    pub state_owned_equity: Option<Decimal>,
    /// 营业收入
    pub revenue: Decimal,
    /// 利润总额
    pub total_profit: Decimal,
    /// 净利润
    pub net_profit: Decimal,
    /// 经营活动产生的现金流量净额
    pub operating_cash_flow: Option<Decimal>,
    /// 带息负债
    pub interest_bearing_debt: Option<Decimal>,
    /// Whether an auditor signed off.
    pub audited: bool,
    /// 审计机构
    pub auditor: Option<String>,
    /// 审计意见
    pub audit_opinion: Option<AuditOpinion>,
}

/// State capital at the start and end of the year and the objective factors between.
#[derive(Debug, Serialize, ToSchema)]
pub struct StateCapitalContent {
    /// Unit of every amount.
    pub unit: Unit,
    /// 年初国有资本及权益
    pub opening_state_capital: Decimal,
    /// 年末国有资本及权益
    pub closing_state_capital: Decimal,
    /// 客观因素: codes starting `increase_` raised state capital, `decrease_` lowered it.
    pub factors: Vec<FactorAmount>,
}

/// One objective factor and its amount.
#[derive(Debug, Serialize, ToSchema)]
pub struct FactorAmount {
    /// Which factor.
    pub factor: CapitalFactor,
    /// Its amount.
    pub amount: Decimal,
}

/// The executive pay table in the SASAC form.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExecutivePayContent {
    /// Unit of every amount.
    pub unit: Unit,
    /// 在岗职工年平均工资
    pub average_employee_pay: Option<Decimal>,
    /// One row per executive.
    pub executives: Vec<ExecutivePayRow>,
}

/// One executive's pay.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExecutivePayRow {
    /// 姓名
    pub name: String,
    /// 职务
    pub title: String,
    /// 任职起始时间
    pub term_start: NaiveDate,
    /// 任职终止时间
    pub term_end: Option<NaiveDate>,
    /// 应付年薪
    pub annual_salary_payable: Decimal,
    /// 基本年薪
    pub base_salary: Option<Decimal>,
    /// 绩效年薪
    pub performance_pay: Option<Decimal>,
    /// 任期激励收入
    pub term_incentive: Option<Decimal>,
    /// 单位缴存的社会保险、企业年金、补充医疗保险及住房公积金
    pub employer_contributions: Decimal,
    /// 其他货币性收入
    pub other_monetary_income: Decimal,
    /// 税前报酬合计
    pub pretax_total: Decimal,
    /// 在股东单位或关联方领取的报酬
    pub related_party_amount: Option<Decimal>,
}

/// A governance roster.
#[derive(Debug, Serialize, ToSchema)]
pub struct GovernanceContent {
    /// Members of every body.
    pub members: Vec<MemberRow>,
}

/// A member of a governing body.
#[derive(Debug, Serialize, ToSchema)]
pub struct MemberRow {
    /// Board, supervisory board, management or party committee.
    pub body: GoverningBody,
    /// 姓名
    pub name: String,
    /// 职务
    pub title: String,
    /// 外部董事
    pub is_external: bool,
    /// 职工代表
    pub is_employee_representative: bool,
    /// Start of the term.
    pub term_start: NaiveDate,
    /// End of the term, if ended or fixed.
    pub term_end: Option<NaiveDate>,
}

/// Related-party transactions.
#[derive(Debug, Serialize, ToSchema)]
pub struct RelatedPartyContent {
    /// Every transaction.
    pub transactions: Vec<TransactionRow>,
}

/// One related-party transaction.
#[derive(Debug, Serialize, ToSchema)]
pub struct TransactionRow {
    /// 关联方
    pub counterparty: String,
    /// The counterparty's USCC, when it has one.
    pub counterparty_uscc: Option<String>,
    /// 关联关系
    pub relationship: Relationship,
    /// 交易类型
    pub transaction_type: TransactionType,
    /// Unit of the amount.
    pub unit: Unit,
    /// 交易金额
    pub amount: Decimal,
    /// 定价依据
    pub pricing_basis: PricingBasis,
    /// 审批程序
    pub approval: String,
}

/// Major events.
#[derive(Debug, Serialize, ToSchema)]
pub struct MajorEventsContent {
    /// Every event.
    pub events: Vec<EventRow>,
}

/// An amount with its own unit.
#[derive(Debug, Serialize, ToSchema)]
pub struct Money {
    /// Unit.
    pub unit: Unit,
    /// Amount.
    pub amount: Decimal,
}

/// One major event.
#[derive(Debug, Serialize, ToSchema)]
pub struct EventRow {
    /// When it happened.
    pub occurred_on: NaiveDate,
    /// What kind of event.
    pub kind: EventKind,
    /// What happened.
    pub description: String,
    /// The amount involved, if any.
    pub amount: Option<Money>,
}

/// Supervision findings and the rectification set for them. Status over time is not
/// version content and is not part of this document.
#[derive(Debug, Serialize, ToSchema)]
pub struct InspectionContent {
    /// Unit of amounts involved.
    pub unit: Unit,
    /// Every finding.
    pub findings: Vec<FindingRow>,
}

/// One finding.
#[derive(Debug, Serialize, ToSchema)]
pub struct FindingRow {
    /// Who found it.
    pub body: InspectionBody,
    /// When.
    pub inspected_on: NaiveDate,
    /// Category.
    pub category: FindingCategory,
    /// The finding.
    pub description: String,
    /// 涉及金额
    pub amount_involved: Option<Decimal>,
    /// Severity.
    pub severity: Severity,
    /// Rectification items set for it.
    pub rectifications: Vec<RectificationRow>,
}

/// One rectification item.
#[derive(Debug, Serialize, ToSchema)]
pub struct RectificationRow {
    /// Code within the report (R1, R2, ...).
    pub code: String,
    /// 整改措施
    pub measure: String,
    /// 责任部门
    pub responsible_department: String,
    /// 整改期限
    pub due_date: NaiveDate,
}

impl From<&Content> for ContentJson {
    fn from(content: &Content) -> Self {
        match content {
            Content::Financial(f) => ContentJson::Financial(FinancialContent {
                unit: f.unit,
                total_assets: (&f.total_assets).into(),
                total_liabilities: (&f.total_liabilities).into(),
                current_liabilities: decimal(&f.current_liabilities),
                owners_equity: (&f.owners_equity).into(),
                state_owned_equity: decimal(&f.state_owned_equity),
                revenue: (&f.revenue).into(),
                total_profit: (&f.total_profit).into(),
                net_profit: (&f.net_profit).into(),
                operating_cash_flow: decimal(&f.operating_cash_flow),
                interest_bearing_debt: decimal(&f.interest_bearing_debt),
                audited: f.audited,
                auditor: f.auditor.clone(),
                audit_opinion: f.audit_opinion,
            }),
            Content::StateCapital(s) => ContentJson::StateCapital(StateCapitalContent {
                unit: s.unit,
                opening_state_capital: (&s.opening_state_capital).into(),
                closing_state_capital: (&s.closing_state_capital).into(),
                factors: s
                    .factors
                    .iter()
                    .map(|(factor, amount)| FactorAmount {
                        factor: *factor,
                        amount: amount.into(),
                    })
                    .collect(),
            }),
            Content::ExecutivePay(p) => ContentJson::ExecutivePay(ExecutivePayContent {
                unit: p.unit,
                average_employee_pay: decimal(&p.average_employee_pay),
                executives: p
                    .executives
                    .iter()
                    .map(|e| ExecutivePayRow {
                        name: e.name.clone(),
                        title: e.title.clone(),
                        term_start: e.term_start,
                        term_end: e.term_end,
                        annual_salary_payable: (&e.annual_salary_payable).into(),
                        base_salary: decimal(&e.base_salary),
                        performance_pay: decimal(&e.performance_pay),
                        term_incentive: decimal(&e.term_incentive),
                        employer_contributions: (&e.employer_contributions).into(),
                        other_monetary_income: (&e.other_monetary_income).into(),
                        pretax_total: (&e.pretax_total).into(),
                        related_party_amount: decimal(&e.related_party_amount),
                    })
                    .collect(),
            }),
            Content::Governance(r) => ContentJson::Governance(GovernanceContent {
                members: r
                    .members
                    .iter()
                    .map(|m| MemberRow {
                        body: m.body,
                        name: m.name.clone(),
                        title: m.title.clone(),
                        is_external: m.is_external,
                        is_employee_representative: m.is_employee_representative,
                        term_start: m.term_start,
                        term_end: m.term_end,
                    })
                    .collect(),
            }),
            Content::RelatedParty(l) => ContentJson::RelatedParty(RelatedPartyContent {
                transactions: l
                    .transactions
                    .iter()
                    .map(|t| TransactionRow {
                        counterparty: t.counterparty.clone(),
                        counterparty_uscc: t.counterparty_uscc.clone(),
                        relationship: t.relationship,
                        transaction_type: t.transaction_type,
                        unit: t.unit,
                        amount: (&t.amount).into(),
                        pricing_basis: t.pricing_basis,
                        approval: t.approval.clone(),
                    })
                    .collect(),
            }),
            Content::MajorEvents(l) => ContentJson::MajorEvents(MajorEventsContent {
                events: l
                    .events
                    .iter()
                    .map(|e| EventRow {
                        occurred_on: e.occurred_on,
                        kind: e.kind,
                        description: e.description.clone(),
                        amount: e.amount.as_ref().map(|(unit, amount)| Money {
                            unit: *unit,
                            amount: amount.into(),
                        }),
                    })
                    .collect(),
            }),
            Content::Inspection(r) => ContentJson::Inspection(InspectionContent {
                unit: r.unit,
                findings: r
                    .findings
                    .iter()
                    .map(|f| FindingRow {
                        body: f.body,
                        inspected_on: f.inspected_on,
                        category: f.category,
                        description: f.description.clone(),
                        amount_involved: decimal(&f.amount_involved),
                        severity: f.severity,
                        rectifications: f
                            .rectifications
                            .iter()
                            .map(|i| RectificationRow {
                                code: i.code.clone(),
                                measure: i.measure.clone(),
                                responsible_department: i.responsible_department.clone(),
                                due_date: i.due_date,
                            })
                            .collect(),
                    })
                    .collect(),
            }),
        }
    }
}
