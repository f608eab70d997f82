//! Disclosures: immutable versions, amendments and withdrawals on record, and the
//! enterprise page's figures, indicators and red flags.

#![allow(clippy::unwrap_used)] // helpers too: in a test, a panic is a failure with its location

mod support;

use std::str::FromStr;

use bigdecimal::BigDecimal;
use chrono::NaiveDate;
use sunshine::disclosure::{
    amend, publish, withdraw, CapitalFactor, Content, Period, Provenance, StateCapitalStatement,
    Unit,
};
use sunshine::enterprise::demo_uscc;
use support::TestApp;

fn d(s: &str) -> BigDecimal {
    BigDecimal::from_str(s).unwrap()
}

fn capital(closing: &str) -> Content {
    Content::StateCapital(StateCapitalStatement {
        unit: Unit::WanYuan,
        opening_state_capital: d("1000"),
        closing_state_capital: d(closing),
        factors: vec![(CapitalFactor::DecreaseDividends, d("30"))],
    })
}

fn provenance() -> Provenance {
    Provenance {
        source: "2030年度国有资本保值增值情况报告".to_owned(),
        as_of: NaiveDate::from_ymd_opt(2030, 12, 31).unwrap(),
        documents: Vec::new(),
        published_at: None,
    }
}

const PERIOD: Period = Period {
    year: 2030,
    quarter: None,
};

/// The demo enterprises without their disclosures, and one fresh disclosure of ours.
async fn app_with_one_disclosure(closing: &str) -> (TestApp, i64) {
    let app = TestApp::spawn().await;
    let mut conn = app.db.connection().await;
    sunshine::enterprise::seed_demo(&mut conn).await.unwrap();
    let id = publish(
        &mut conn,
        &demo_uscc(1),
        PERIOD,
        &provenance(),
        &capital(closing),
    )
    .await
    .unwrap();
    (app, id)
}

#[tokio::test]
async fn a_published_version_cannot_be_changed_or_deleted_in_place() {
    let (app, id) = app_with_one_disclosure("1100").await;
    let client = app.db.client().await;

    let update = client
        .execute(
            "UPDATE state_capital_statements SET closing_state_capital = 1",
            &[],
        )
        .await;
    let delete = client
        .execute(
            "DELETE FROM disclosure_versions WHERE disclosure_id = $1",
            &[&id],
        )
        .await;

    assert!(update.is_err(), "a published figure was updated");
    assert!(delete.is_err(), "a published version was deleted");
    let (_, body) = app.get_text(&format!("/disclosures/{id}")).await;
    assert!(body.contains("1,100.00"), "the published figure changed");
}

#[tokio::test]
async fn an_amendment_is_a_new_version_and_the_old_one_stays_visible() {
    let (app, id) = app_with_one_disclosure("1100").await;
    let mut conn = app.db.connection().await;

    let number = amend(
        &mut conn,
        id,
        "审计调整：年末数更正",
        &provenance(),
        &capital("1150"),
    )
    .await
    .unwrap();

    assert_eq!(number, 2);
    let (_, current) = app.get_text(&format!("/disclosures/{id}")).await;
    assert!(current.contains("1,150.00") && !current.contains("1,100.00"));
    assert!(current.contains("已更正"));
    let (status, old) = app.get_text(&format!("/disclosures/{id}/versions/1")).await;
    assert_eq!(status, 200);
    assert!(old.contains("1,100.00"), "version 1 is no longer readable");
    assert!(old.contains("该版本已被第 2 版取代"));
    let (_, history) = app.get_text(&format!("/disclosures/{id}/history")).await;
    assert!(history.contains("审计调整：年末数更正"));
    assert!(history.contains("<del>1,100.00</del>") && history.contains("<ins>1,150.00</ins>"));
    assert!(
        !history.contains("<del>30.00</del>"),
        "an unchanged field is listed as changed"
    );
}

#[tokio::test]
async fn a_withdrawal_keeps_the_record_visible_with_its_reason() {
    let (app, id) = app_with_one_disclosure("1100").await;
    let mut conn = app.db.connection().await;

    withdraw(&mut conn, id, "口径有误，待重新公开")
        .await
        .unwrap();

    let (status, body) = app.get_text(&format!("/disclosures/{id}")).await;
    assert_eq!(status, 200);
    assert!(body.contains("已撤回"));
    assert!(body.contains("口径有误，待重新公开"));
    assert!(
        body.contains("1,100.00"),
        "the withdrawn figures are still shown"
    );
    // Withdrawn figures feed no indicator on the enterprise page.
    let (_, profile) = app
        .get_text(&format!("/enterprises/{}", demo_uscc(1)))
        .await;
    assert!(profile.contains("已撤回"));
    assert!(!profile.contains("主要指标"), "withdrawn figures were used");
}

#[tokio::test]
async fn the_enterprise_page_shows_figures_indicators_formulas_and_charts() {
    let app = TestApp::seeded().await;

    let (status, body) = app
        .get_text(&format!("/enterprises/{}", demo_uscc(2)))
        .await;

    assert_eq!(status, 200);
    for text in [
        "主要指标",
        "资产负债率",
        "资产负债率 = 负债总额 ÷ 资产总额 × 100%",
        "国有资本保值增值率",
        "主要财务数据",
        "营业收入",
        "<svg",
        "role=\"img\"",
    ] {
        assert!(body.contains(text), "missing {text}");
    }
    for year in 2021..=2025 {
        assert!(
            body.contains(&format!(">{year}</th>")),
            "no column for {year}"
        );
    }
}

#[tokio::test]
async fn red_flags_appear_at_the_top_with_their_reasons() {
    let app = TestApp::seeded().await;

    let (_, indebted) = app
        .get_text(&format!("/enterprises/{}", demo_uscc(2)))
        .await;
    let (_, loss_maker) = app
        .get_text(&format!("/enterprises/{}?lang=en", demo_uscc(9)))
        .await;
    let (_, healthy) = app
        .get_text(&format!("/enterprises/{}", demo_uscc(1)))
        .await;

    assert!(
        indebted.contains("2025 年资产负债率为 88.00%，高于本行业 85.00% 的预警线"),
        "{indebted}"
    );
    assert!(loss_maker.contains("state capital was not preserved"));
    assert!(!healthy.contains("重大财务异常提示"));
    let flags_at = indebted.find("重大财务异常提示").unwrap();
    assert!(
        flags_at < indebted.find("主要指标").unwrap(),
        "red flags are not at the top"
    );
}

#[tokio::test]
async fn a_disclosure_published_after_its_deadline_is_flagged_late_with_both_dates() {
    let app = TestApp::seeded().await;
    let (_, late) = app
        .get_text(&format!("/enterprises/{}", demo_uscc(11)))
        .await;
    let (_, late_en) = app
        .get_text(&format!("/enterprises/{}?lang=en", demo_uscc(11)))
        .await;
    assert!(
        late.contains("应于 2026-05-31 前公开，实际于 2026-07-20 才公开"),
        "{late}"
    );
    assert!(late_en.contains("was due by 2026-05-31 but was published only on 2026-07-20"));
    // Punctual neighbours are not flagged, though the demo was loaded today.
    let (_, punctual) = app
        .get_text(&format!("/enterprises/{}", demo_uscc(1)))
        .await;
    assert!(!punctual.contains("才公开"));
}

#[tokio::test]
async fn quarterly_figures_of_the_latest_year_are_shown_by_quarter() {
    let app = TestApp::seeded().await;
    let (_, body) = app
        .get_text(&format!("/enterprises/{}", demo_uscc(1)))
        .await;
    let (_, body_en) = app
        .get_text(&format!("/enterprises/{}?lang=en", demo_uscc(1)))
        .await;
    assert!(body.contains("2025 年季度财务数据"), "no quarterly table");
    for quarter in ["第1季度", "第2季度", "第3季度"] {
        assert!(body.contains(quarter), "missing {quarter}");
    }
    assert!(
        !body.contains("第4季度"),
        "the year is closed by the annual report"
    );
    assert!(body_en.contains("2025 quarterly figures"));
}

#[tokio::test]
async fn the_demo_shows_an_amended_and_a_withdrawn_disclosure() {
    let app = TestApp::seeded().await;
    let (_, group) = app
        .get_text(&format!("/enterprises/{}", demo_uscc(0)))
        .await;
    let (_, microcredit) = app
        .get_text(&format!("/enterprises/{}", demo_uscc(9)))
        .await;
    assert!(group.contains("badge-amended"));
    assert!(microcredit.contains("badge-withdrawn"));
}

#[tokio::test]
async fn every_disclosure_page_links_to_report_a_problem_with_it() {
    let (app, id) = app_with_one_disclosure("1100").await;
    let (_, body) = app.get_text(&format!("/disclosures/{id}")).await;
    // Tera escapes the slash as &#x2F;, which browsers read as "/".
    let href = format!(
        "&#x2F;report?enterprise={}&amp;disclosure={id}",
        demo_uscc(1)
    );
    assert!(body.contains(&href), "no report link {href}");
}

#[tokio::test]
async fn unknown_disclosures_and_versions_are_404_pages() {
    let (app, id) = app_with_one_disclosure("1100").await;
    for path in [
        "/disclosures/999999".to_owned(),
        "/disclosures/not-a-number".to_owned(),
        format!("/disclosures/{id}/versions/2"),
        format!("/disclosures/{id}/versions/x"),
    ] {
        assert_eq!(app.get(&path).await.status(), 404, "{path}");
    }
}

#[tokio::test]
async fn the_enterprise_page_shows_the_latest_pay_table_next_to_average_pay() {
    let app = TestApp::seeded().await;

    let (_, body) = app
        .get_text(&format!("/enterprises/{}", demo_uscc(1)))
        .await;

    for text in [
        "2025 年度企业负责人薪酬情况",
        "应付年薪",
        "税前报酬合计",
        "在岗职工年平均工资",
        "薪酬倍数",
        "党委书记、董事长",
    ] {
        assert!(body.contains(text), "missing {text}");
    }
}

#[tokio::test]
async fn pay_red_flags_name_the_reason() {
    let app = TestApp::seeded().await;
    let (_, shareholder_paid) = app
        .get_text(&format!("/enterprises/{}", demo_uscc(6)))
        .await;
    let (_, raiser) = app
        .get_text(&format!("/enterprises/{}?lang=en", demo_uscc(10)))
        .await;
    assert!(shareholder_paid.contains("在股东单位或其他关联方领取报酬，合计 8.00 万元"));
    assert!(raiser.contains("pay and performance moved in opposite directions"));
}

#[tokio::test]
async fn a_pay_row_whose_total_does_not_add_up_is_refused_by_the_database() {
    let app = TestApp::spawn().await;
    let client = app.db.client().await;
    client
        .batch_execute(&format!(
            "INSERT INTO enterprises (uscc, name_zh, level, industry, function_type, state_share)
               VALUES ('{}', '甲', 1, 'J', 'public_welfare', 100);
             INSERT INTO disclosures (id, enterprise_uscc, section, period_year)
               VALUES (1, '{0}', 'executive_pay', 2030);
             INSERT INTO disclosure_versions (id, disclosure_id, version, kind, source, as_of)
               VALUES (1, 1, 1, 'original', 's', '2030-12-31');
             INSERT INTO executive_pay_statements (version_id, unit) VALUES (1, 'wan_yuan');",
            demo_uscc(0)
        ))
        .await
        .unwrap();

    let result = client
        .execute(
            "INSERT INTO executive_pay_rows (version_id, position, name, title, term_start,
               annual_salary_payable, employer_contributions, other_monetary_income, pretax_total)
             VALUES (1, 1, '甲', '董事长', '2020-01-01', 50, 6, 1, 99)",
            &[],
        )
        .await;

    assert!(result.is_err(), "50 + 6 + 1 is not 99");
}

#[tokio::test]
async fn findings_show_each_rectification_items_status_history_and_what_is_overdue() {
    let app = TestApp::seeded().await;

    let (_, overdue) = app
        .get_text(&format!("/enterprises/{}", demo_uscc(4)))
        .await;
    let (_, on_time) = app
        .get_text(&format!("/enterprises/{}?lang=en", demo_uscc(1)))
        .await;

    assert!(overdue.contains("有 1 项整改事项已超过整改期限仍未完成（2024 R1）"));
    assert!(overdue.contains("整改责任清单") || overdue.contains("整改措施"));
    assert!(
        overdue.contains("已与债权人协商解除担保，尚未完成"),
        "no status history"
    );
    assert!(overdue.contains("长期整改"));
    assert!(on_time.contains("Problems found by supervision in 2024"));
    assert!(!on_time.contains("past their deadline"));
}

#[tokio::test]
async fn a_recorded_rectification_status_cannot_be_rewritten() {
    let app = TestApp::seeded().await;
    let client = app.db.client().await;
    let result = client
        .execute("UPDATE rectification_updates SET status = 'completed'", &[])
        .await;
    assert!(result.is_err(), "a status on record was rewritten");
}

#[tokio::test]
async fn the_board_on_a_given_date_lists_who_held_a_seat_that_day() {
    let app = TestApp::seeded().await;
    let profile = format!("/enterprises/{}", demo_uscc(2));

    let (_, before) = app
        .get_text(&format!("{profile}?board_on=2021-12-31"))
        .await;
    let (_, after) = app
        .get_text(&format!("{profile}?board_on=2022-07-01"))
        .await;
    let (status, garbage) = app
        .get_text(&format!("{profile}?board_on=not-a-date"))
        .await;

    // The external director whose term ended on 2022-05-31 was replaced on 2022-06-01.
    assert!(
        before.contains("2021-12-31 在任的董事会成员共 5 人"),
        "{before}"
    );
    let answer_of = |page: &str| {
        let start = page.find("在任的董事会成员").unwrap();
        let end = start + page[start..].find("</ul>").unwrap();
        page[start..end].to_owned()
    };
    let answer = answer_of(&before);
    assert!(answer.contains("蒙秋生") && !answer.contains("覃雅琴"));
    assert!(after.contains("2022-07-01 在任的董事会成员共 5 人"));
    let answer = answer_of(&after);
    assert!(answer.contains("覃雅琴") && !answer.contains("蒙秋生"));
    assert_eq!(status, 200, "a malformed date is ignored, not an error");
    assert!(!garbage.contains("在任的董事会成员共"));
}

#[tokio::test]
async fn related_party_transactions_and_major_events_are_shown() {
    let app = TestApp::seeded().await;
    let (_, body) = app
        .get_text(&format!("/enterprises/{}", demo_uscc(9)))
        .await;
    assert!(body.contains("2025 年度关联交易"));
    assert!(body.contains("控股股东") && body.contains("市场价格"));
    assert!(body.contains("董事会2025年第2次会议审议通过"));
    assert!(body.contains("重大诉讼") && body.contains("因借款人违约提起诉讼"));
}

#[tokio::test]
async fn a_required_disclosure_missing_after_its_deadline_is_flagged() {
    let app = TestApp::seeded().await;
    let (_, missing) = app
        .get_text(&format!("/enterprises/{}", demo_uscc(12)))
        .await;
    let (_, complete) = app
        .get_text(&format!("/enterprises/{}", demo_uscc(1)))
        .await;
    assert!(missing.contains("2025 年度“高管薪酬”信息应于 2026-05-31 前公开，至今未公开"));
    assert!(!complete.contains("至今未公开"));
}

#[tokio::test]
async fn source_documents_are_published_with_their_sha256_and_download_intact() {
    let app = TestApp::seeded().await;
    let client = app.db.client().await;
    let row = client
        .query_one(
            "SELECT v.disclosure_id, d.id, d.sha256 FROM disclosure_documents d
               JOIN disclosure_versions v ON v.id = d.version_id ORDER BY d.id LIMIT 1",
            &[],
        )
        .await
        .unwrap();
    let (disclosure, document, sha256): (i64, i64, String) = (row.get(0), row.get(1), row.get(2));

    let (_, page) = app.get_text(&format!("/disclosures/{disclosure}")).await;
    let download = app
        .get(&format!("/disclosures/{disclosure}/documents/{document}"))
        .await;

    assert!(page.contains(&sha256), "the digest is not shown");
    assert_eq!(download.status(), 200);
    assert_eq!(download.headers()["content-type"], "application/pdf");
    assert!(download.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .contains("sandbox"));
    let bytes = download.bytes().await.unwrap();
    assert_eq!(sunshine::disclosure::sha256_hex(&bytes), sha256);
    let elsewhere = app
        .get(&format!(
            "/disclosures/{}/documents/{document}",
            disclosure + 1
        ))
        .await;
    assert_eq!(
        elsewhere.status(),
        404,
        "a document is reachable through another disclosure"
    );
}

#[tokio::test]
async fn the_database_refuses_a_document_whose_digest_does_not_match() {
    let app = TestApp::seeded().await;
    let client = app.db.client().await;
    let result = client
        .execute(
            "INSERT INTO disclosure_documents (version_id, file_name, media_type, byte_size, sha256, content)
             SELECT id, 'x.pdf', 'application/pdf', 8, repeat('0', 64), '%PDF-1.4'::bytea
               FROM disclosure_versions LIMIT 1",
            &[],
        )
        .await;
    assert!(result.is_err());
}
