//! The enterprise as the registry knows it, and the closed vocabularies that classify it.

use bigdecimal::BigDecimal;
use diesel::prelude::*;
use serde::Serialize;

use super::uscc::Uscc;
use crate::db::schema::enterprises;

coded_enum! {
    /// Section of GB/T 4754-2017, the national classification of economic activities.
    Industry {
        /// 农、林、牧、渔业
        Agriculture = "A",
        /// 采矿业
        Mining = "B",
        /// 制造业
        Manufacturing = "C",
        /// 电力、热力、燃气及水生产和供应业
        Utilities = "D",
        /// 建筑业
        Construction = "E",
        /// 批发和零售业
        Trade = "F",
        /// 交通运输、仓储和邮政业
        Transport = "G",
        /// 住宿和餐饮业
        Hospitality = "H",
        /// 信息传输、软件和信息技术服务业
        Information = "I",
        /// 金融业
        Finance = "J",
        /// 房地产业
        RealEstate = "K",
        /// 租赁和商务服务业
        BusinessServices = "L",
        /// 科学研究和技术服务业
        Research = "M",
        /// 水利、环境和公共设施管理业
        PublicFacilities = "N",
        /// 居民服务、修理和其他服务业
        ResidentServices = "O",
        /// 教育
        Education = "P",
        /// 卫生和社会工作
        Health = "Q",
        /// 文化、体育和娱乐业
        Culture = "R",
        /// 公共管理、社会保障和社会组织
        PublicAdministration = "S",
        /// 国际组织
        InternationalOrganisations = "T",
    }
}

coded_enum! {
    /// Functional classification of an SOE, which decides how it is assessed.
    FunctionType {
        /// 商业一类: commercial, in fully competitive markets.
        CommercialCompetitive = "commercial_competitive",
        /// 商业二类: commercial, in strategic sectors or with special tasks.
        CommercialSpecial = "commercial_special",
        /// 公益类: public welfare.
        PublicWelfare = "public_welfare",
    }
}

coded_enum! {
    /// Legal status of an enterprise.
    EnterpriseStatus {
        /// 存续
        Active = "active",
        /// 清算中
        InLiquidation = "in_liquidation",
        /// 已合并（重组）
        Merged = "merged",
        /// 已注销
        Deregistered = "deregistered",
    }
}

coded_enum! {
    /// Tier within a group: 1 is the group company the SASAC supervises directly.
    Level {
        /// 一级企业
        Group = "1",
        /// 二级企业
        Second = "2",
        /// 三级企业
        Third = "3",
        /// 四级及以下企业
        FourthOrBelow = "4",
    }
}

impl Level {
    /// The tier as stored in the database.
    pub fn number(self) -> i16 {
        match self {
            Level::Group => 1,
            Level::Second => 2,
            Level::Third => 3,
            Level::FourthOrBelow => 4,
        }
    }

    fn from_number(n: i16) -> Option<Level> {
        Level::ALL.iter().copied().find(|l| l.number() == n)
    }
}

/// An enterprise of the registry, parsed and validated.
#[derive(Debug, Clone, Serialize)]
pub struct Enterprise {
    /// 统一社会信用代码.
    pub uscc: Uscc,
    /// Registered Chinese name.
    pub name_zh: String,
    /// English name, where the enterprise has one.
    pub name_en: Option<String>,
    /// The group company directly above.
    pub parent_uscc: Option<Uscc>,
    /// Tier within its group.
    pub level: Level,
    /// Industry section.
    pub industry: Industry,
    /// Functional classification.
    pub function_type: FunctionType,
    /// Percentage held by the state.
    pub state_share: BigDecimal,
    /// Legal status.
    pub status: EnterpriseStatus,
    /// Fictional demo record.
    pub is_demo: bool,
}

/// A row of `enterprises` as stored; converted into `Enterprise` at the query edge.
#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = enterprises, check_for_backend(diesel::pg::Pg))]
pub(super) struct EnterpriseRow {
    uscc: String,
    name_zh: String,
    name_en: Option<String>,
    parent_uscc: Option<String>,
    level: i16,
    industry: String,
    function_type: String,
    state_share: BigDecimal,
    status: String,
    is_demo: bool,
}

impl TryFrom<EnterpriseRow> for Enterprise {
    type Error = diesel::result::Error;

    fn try_from(row: EnterpriseRow) -> Result<Self, Self::Error> {
        let corrupt = |what: &str| {
            diesel::result::Error::DeserializationError(
                format!("enterprise {}: unexpected {what}", row.uscc).into(),
            )
        };
        Ok(Enterprise {
            uscc: Uscc::parse(&row.uscc).map_err(|_| corrupt("code"))?,
            parent_uscc: match &row.parent_uscc {
                Some(code) => Some(Uscc::parse(code).map_err(|_| corrupt("parent code"))?),
                None => None,
            },
            level: Level::from_number(row.level).ok_or_else(|| corrupt("level"))?,
            industry: Industry::from_code(&row.industry).ok_or_else(|| corrupt("industry"))?,
            function_type: FunctionType::from_code(&row.function_type)
                .ok_or_else(|| corrupt("function type"))?,
            status: EnterpriseStatus::from_code(&row.status).ok_or_else(|| corrupt("status"))?,
            name_zh: row.name_zh,
            name_en: row.name_en,
            state_share: row.state_share,
            is_demo: row.is_demo,
        })
    }
}

/// An enterprise to insert or update, borrowing its texts.
#[derive(Debug, Insertable)]
#[diesel(table_name = enterprises)]
pub(super) struct NewEnterprise<'a> {
    pub uscc: &'a str,
    pub name_zh: &'a str,
    pub name_en: Option<&'a str>,
    pub parent_uscc: Option<&'a str>,
    pub level: i16,
    pub industry: &'a str,
    pub function_type: &'a str,
    pub state_share: BigDecimal,
    pub status: &'a str,
    pub is_demo: bool,
}
