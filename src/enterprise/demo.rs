//! `sunshine seed-demo`: a dozen fictional municipal SOEs in three tiers, so a fresh
//! install has something to browse. Every record is flagged `is_demo` and its names say
//! 演示 / demo, so no one mistakes it for a real enterprise.

use std::str::FromStr;

use bigdecimal::BigDecimal;
use diesel::prelude::*;
use diesel::upsert::excluded;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};

use super::model::{EnterpriseStatus, FunctionType, Industry, NewEnterprise};
use super::uscc::Uscc;
use crate::db::schema::enterprises;

/// One fictional enterprise; `parent` indexes an earlier entry of `DEMO_ENTERPRISES`.
struct DemoEnterprise {
    name_zh: &'static str,
    name_en: &'static str,
    parent: Option<usize>,
    industry: Industry,
    function_type: FunctionType,
    state_share: &'static str,
    status: EnterpriseStatus,
}

const fn demo(
    name_zh: &'static str,
    name_en: &'static str,
    parent: Option<usize>,
    industry: Industry,
    function_type: FunctionType,
    state_share: &'static str,
) -> DemoEnterprise {
    DemoEnterprise {
        name_zh,
        name_en,
        parent,
        industry,
        function_type,
        state_share,
        status: EnterpriseStatus::Active,
    }
}

use FunctionType::{CommercialCompetitive, CommercialSpecial, PublicWelfare};
use Industry::{Agriculture, Construction, Culture, Finance, RealEstate, Transport, Utilities};

/// Parents come before their subsidiaries, so inserting in order satisfies the foreign key.
#[rustfmt::skip]
const DEMO_ENTERPRISES: [DemoEnterprise; 13] = [
    demo("北海市城市建设投资集团有限公司（演示）", "Beihai Urban Construction Investment Group Co., Ltd. (demo)", None, Construction, CommercialSpecial, "100.00"),
    demo("北海市城投水务有限公司（演示）", "Beihai Urban Water Co., Ltd. (demo)", Some(0), Utilities, PublicWelfare, "100.00"),
    demo("北海市城投置业有限公司（演示）", "Beihai Urban Property Co., Ltd. (demo)", Some(0), RealEstate, CommercialCompetitive, "70.00"),
    demo("北海市城投物业服务有限公司（演示）", "Beihai Urban Property Services Co., Ltd. (demo)", Some(2), RealEstate, CommercialCompetitive, "70.00"),
    demo("北海市交通投资集团有限公司（演示）", "Beihai Transport Investment Group Co., Ltd. (demo)", None, Transport, CommercialSpecial, "100.00"),
    demo("北海市公共交通有限公司（演示）", "Beihai Public Transport Co., Ltd. (demo)", Some(4), Transport, PublicWelfare, "100.00"),
    demo("北海港航物流有限公司（演示）", "Beihai Port and Shipping Logistics Co., Ltd. (demo)", Some(4), Transport, CommercialCompetitive, "51.00"),
    demo("北海市金融控股集团有限公司（演示）", "Beihai Financial Holding Group Co., Ltd. (demo)", None, Finance, CommercialCompetitive, "100.00"),
    demo("北海市融资担保有限公司（演示）", "Beihai Financing Guarantee Co., Ltd. (demo)", Some(7), Finance, CommercialSpecial, "100.00"),
    DemoEnterprise {
        status: EnterpriseStatus::InLiquidation,
        ..demo("北海市金控小额贷款有限公司（演示）", "Beihai Microcredit Co., Ltd. (demo)", Some(7), Finance, CommercialCompetitive, "60.00")
    },
    demo("北海市文化旅游投资集团有限公司（演示）", "Beihai Culture and Tourism Investment Group Co., Ltd. (demo)", None, Culture, CommercialCompetitive, "100.00"),
    demo("北海市涠洲岛旅游开发有限公司（演示）", "Beihai Weizhou Island Tourism Development Co., Ltd. (demo)", Some(10), Culture, CommercialCompetitive, "85.50"),
    demo("北海市农业发展集团有限公司（演示）", "Beihai Agricultural Development Group Co., Ltd. (demo)", None, Agriculture, CommercialSpecial, "100.00"),
];

/// The code of the `index`-th demo enterprise: Beihai's division code 450500 and a body
/// spelling DEM, completed with a valid check character.
pub fn demo_uscc(index: usize) -> Uscc {
    let body = format!("91450500DEM0000{:02}", index + 1);
    // The body is built from the code alphabet only, so completing it cannot fail.
    Uscc::from_body(&body).expect("demo code bodies are well-formed")
}

/// The parent of the `index`-th demo enterprise, as an index.
pub fn demo_parent(index: usize) -> Option<usize> {
    DEMO_ENTERPRISES.get(index)?.parent
}

/// The Chinese name of the `index`-th demo enterprise.
pub fn demo_name(index: usize) -> &'static str {
    DEMO_ENTERPRISES
        .get(index)
        .map(|e| e.name_zh)
        .unwrap_or_default()
}

/// How many enterprises `seed_demo` loads.
pub const DEMO_ENTERPRISE_COUNT: usize = DEMO_ENTERPRISES.len();

/// Loads the demo enterprises, updating any that exist, in one transaction. Running it
/// again leaves the database as it was.
pub async fn seed_demo(conn: &mut AsyncPgConnection) -> QueryResult<usize> {
    conn.transaction(async |conn| {
        for (index, entry) in DEMO_ENTERPRISES.iter().enumerate() {
            let uscc = demo_uscc(index);
            let parent = entry.parent.map(demo_uscc);
            let level = 1 + depth(index);
            let row = NewEnterprise {
                uscc: uscc.as_str(),
                name_zh: entry.name_zh,
                name_en: Some(entry.name_en),
                parent_uscc: parent.as_ref().map(Uscc::as_str),
                level,
                industry: entry.industry.code(),
                function_type: entry.function_type.code(),
                state_share: BigDecimal::from_str(entry.state_share)
                    .map_err(|e| diesel::result::Error::SerializationError(e.into()))?,
                status: entry.status.code(),
                is_demo: true,
            };
            diesel::insert_into(enterprises::table)
                .values(&row)
                .on_conflict(enterprises::uscc)
                .do_update()
                .set((
                    enterprises::name_zh.eq(excluded(enterprises::name_zh)),
                    enterprises::name_en.eq(excluded(enterprises::name_en)),
                    enterprises::parent_uscc.eq(excluded(enterprises::parent_uscc)),
                    enterprises::level.eq(excluded(enterprises::level)),
                    enterprises::industry.eq(excluded(enterprises::industry)),
                    enterprises::function_type.eq(excluded(enterprises::function_type)),
                    enterprises::state_share.eq(excluded(enterprises::state_share)),
                    enterprises::status.eq(excluded(enterprises::status)),
                    enterprises::is_demo.eq(excluded(enterprises::is_demo)),
                ))
                .execute(conn)
                .await?;
        }
        Ok(DEMO_ENTERPRISES.len())
    })
    .await
}

fn depth(index: usize) -> i16 {
    match DEMO_ENTERPRISES[index].parent {
        Some(parent) => 1 + depth(parent),
        None => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_parent_comes_before_its_subsidiaries() {
        for (index, entry) in DEMO_ENTERPRISES.iter().enumerate() {
            if let Some(parent) = entry.parent {
                assert!(parent < index, "{} lists a later parent", entry.name_zh);
            }
        }
    }

    #[test]
    fn demo_codes_are_valid_distinct_and_marked() {
        let codes: std::collections::HashSet<_> =
            (0..DEMO_ENTERPRISE_COUNT).map(demo_uscc).collect();
        assert_eq!(codes.len(), DEMO_ENTERPRISE_COUNT);
        assert!(codes.iter().all(|c| c.as_str().contains("DEM")));
        assert!(DEMO_ENTERPRISES
            .iter()
            .all(|e| e.name_zh.contains("演示") && e.name_en.contains("demo")));
    }
}
