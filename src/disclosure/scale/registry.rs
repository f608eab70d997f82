//! Synthetic enterprises: codes, names and classification of each member of a group.

use anyhow::Context;

use super::dice::{Dice, Stream};
use super::groups::Member;
use crate::enterprise::{EnterpriseStatus, FunctionType, Industry, Uscc};

/// Administrative divisions the synthetic groups are registered in: code, Chinese and
/// English place name.
const PLACES: [(&str, &str, &str); 20] = [
    ("110000", "北京市", "Beijing"),
    ("120000", "天津市", "Tianjin"),
    ("310000", "上海市", "Shanghai"),
    ("500000", "重庆市", "Chongqing"),
    ("210200", "大连市", "Dalian"),
    ("230100", "哈尔滨市", "Harbin"),
    ("320100", "南京市", "Nanjing"),
    ("330100", "杭州市", "Hangzhou"),
    ("350200", "厦门市", "Xiamen"),
    ("370200", "青岛市", "Qingdao"),
    ("410100", "郑州市", "Zhengzhou"),
    ("420100", "武汉市", "Wuhan"),
    ("430100", "长沙市", "Changsha"),
    ("440100", "广州市", "Guangzhou"),
    ("440300", "深圳市", "Shenzhen"),
    ("450100", "南宁市", "Nanning"),
    ("450500", "北海市", "Beihai"),
    ("510100", "成都市", "Chengdu"),
    ("530100", "昆明市", "Kunming"),
    ("610100", "西安市", "Xi'an"),
];

/// Added to the index in the code body, so synthetic codes (`DEM100000` and up) never
/// meet the hand-written demo codes (`DEM0000nn`).
const CODE_OFFSET: u32 = 100_000;

/// The largest number of synthetic enterprises the code body has room for.
pub(super) const MAX_ENTERPRISES: u32 = 999_999 - CODE_OFFSET + 1;

/// The code of a synthetic enterprise: registered where its group is, body `DEM` and
/// six digits, check character computed.
pub(super) fn synthetic_uscc(index: u32, group: u32) -> anyhow::Result<Uscc> {
    let (division, _, _) = PLACES[group as usize % PLACES.len()];
    let body = format!("91{division}DEM{:06}", index + CODE_OFFSET);
    Uscc::from_body(&body).with_context(|| format!("cannot mint a code from {body}"))
}

/// One synthetic enterprise, ready to be written.
#[derive(Debug, Clone)]
pub(super) struct SyntheticEnterprise {
    /// Its place in the group.
    pub member: Member,
    /// Its code.
    pub uscc: Uscc,
    /// The code of the enterprise directly above.
    pub parent_uscc: Option<Uscc>,
    /// Chinese name, marked 演示.
    pub name_zh: String,
    /// English name, marked demo.
    pub name_en: String,
    /// Industry section.
    pub industry: Industry,
    /// Functional classification.
    pub function_type: FunctionType,
    /// State share in hundredths of a percent (10000 = 100%).
    pub state_share: i64,
    /// Legal status.
    pub status: EnterpriseStatus,
}

impl SyntheticEnterprise {
    /// Builds the enterprise at `member` from its own random stream.
    pub fn new(member: Member) -> anyhow::Result<SyntheticEnterprise> {
        let mut dice = Dice::new(member.index, Stream::Registry);
        let group_industry = industry(&mut Dice::new(member.group, Stream::Registry));
        let industry = if member.parent.is_none() || dice.chance(600) {
            group_industry
        } else {
            self::industry(&mut dice)
        };
        let (_, place_zh, place_en) = PLACES[member.group as usize % PLACES.len()];
        let (trade_zh, trade_en) = trade(industry);
        let number = member.index + CODE_OFFSET;
        let (name_zh, name_en) = if member.parent.is_none() {
            (
                format!("{place_zh}{trade_zh}集团有限公司（演示·合成{number}）"),
                format!("{place_en} {trade_en} Group Co., Ltd. (demo, synthetic #{number})"),
            )
        } else {
            let (kind_zh, kind_en) = *dice.pick(&KINDS);
            (
                format!("{place_zh}{trade_zh}{kind_zh}有限公司（演示·合成{number}）"),
                format!("{place_en} {trade_en} {kind_en} Co., Ltd. (demo, synthetic #{number})"),
            )
        };
        let full_share = if member.parent.is_none() { 850 } else { 550 };
        Ok(SyntheticEnterprise {
            uscc: synthetic_uscc(member.index, member.group)?,
            parent_uscc: member
                .parent
                .map(|parent| synthetic_uscc(parent, member.group))
                .transpose()?,
            name_zh,
            name_en,
            industry,
            function_type: function_type(industry, &mut dice),
            state_share: if dice.chance(full_share) {
                10_000
            } else {
                dice.between(3_400, 9_999)
            },
            // Groups stay active; a few subsidiaries are being wound up or were merged.
            status: match (member.parent, dice.between(0, 999)) {
                (Some(_), 0..=14) => EnterpriseStatus::InLiquidation,
                (Some(_), 15..=19) => EnterpriseStatus::Merged,
                _ => EnterpriseStatus::Active,
            },
            member,
        })
    }
}

/// Industries of municipal SOEs, weighted by how common they are among them.
const INDUSTRIES: [(Industry, u32); 16] = [
    (Industry::PublicFacilities, 16),
    (Industry::Construction, 14),
    (Industry::RealEstate, 9),
    (Industry::Transport, 9),
    (Industry::Utilities, 8),
    (Industry::Finance, 7),
    (Industry::BusinessServices, 8),
    (Industry::Manufacturing, 7),
    (Industry::Trade, 5),
    (Industry::Agriculture, 4),
    (Industry::Culture, 4),
    (Industry::Information, 3),
    (Industry::Research, 2),
    (Industry::Mining, 2),
    (Industry::Hospitality, 1),
    (Industry::Health, 1),
];

fn industry(dice: &mut Dice) -> Industry {
    let weights: Vec<u32> = INDUSTRIES.iter().map(|(_, w)| *w).collect();
    INDUSTRIES[dice.weighted(&weights)].0
}

fn function_type(industry: Industry, dice: &mut Dice) -> FunctionType {
    use FunctionType::{CommercialCompetitive, CommercialSpecial, PublicWelfare};
    let roll = dice.between(0, 99);
    match industry {
        Industry::PublicFacilities | Industry::Utilities | Industry::Health if roll < 60 => {
            PublicWelfare
        }
        Industry::Transport
        | Industry::Finance
        | Industry::Construction
        | Industry::BusinessServices
        | Industry::Mining
            if roll < 50 =>
        {
            CommercialSpecial
        }
        _ if roll < 10 => CommercialSpecial,
        _ => CommercialCompetitive,
    }
}

/// What kind of company a subsidiary is, in its name.
const KINDS: [(&str, &str); 8] = [
    ("发展", "Development"),
    ("投资", "Investment"),
    ("运营", "Operations"),
    ("服务", "Services"),
    ("实业", "Industrial"),
    ("科技", "Technology"),
    ("工程", "Engineering"),
    ("资产管理", "Asset Management"),
];

fn trade(industry: Industry) -> (&'static str, &'static str) {
    match industry {
        Industry::Agriculture => ("农业发展", "Agricultural Development"),
        Industry::Mining => ("矿业", "Mining"),
        Industry::Manufacturing => ("装备制造", "Equipment Manufacturing"),
        Industry::Utilities => ("能源水务", "Energy and Water"),
        Industry::Construction => ("建设工程", "Construction Engineering"),
        Industry::Trade => ("商贸", "Trading"),
        Industry::Transport => ("交通投资", "Transport Investment"),
        Industry::Hospitality => ("酒店", "Hotels"),
        Industry::Information => ("数字科技", "Digital Technology"),
        Industry::Finance => ("金融控股", "Financial Holding"),
        Industry::RealEstate => ("置业", "Property"),
        Industry::BusinessServices => ("国有资本运营", "State Capital Operation"),
        Industry::Research => ("规划设计研究", "Planning and Design Research"),
        Industry::PublicFacilities => ("城市建设投资", "Urban Construction Investment"),
        Industry::Health => ("医疗健康", "Healthcare"),
        Industry::Culture => ("文化旅游", "Culture and Tourism"),
        _ => ("综合", "Diversified"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::disclosure::scale::groups::layout;

    #[test]
    fn codes_are_valid_distinct_from_the_demo_and_names_are_marked() {
        for m in layout(500) {
            let e = SyntheticEnterprise::new(m).unwrap();
            assert!(e.uscc.as_str().contains("DEM") && !e.uscc.as_str().contains("DEM0000"));
            assert_eq!(Uscc::parse(e.uscc.as_str()).unwrap(), e.uscc);
            assert!(e.name_zh.contains("演示") && e.name_zh.chars().count() <= 200);
            assert!(e.name_en.contains("demo") && e.name_en.len() <= 300);
        }
    }
}
