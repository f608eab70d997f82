//! Search: Chinese words inside longer text, mixed queries, ranking, facets, snippets,
//! pagination, the CSV download, help pages, and an index that follows publications.

#![allow(clippy::unwrap_used)] // helpers too: in a test, a panic is a failure with its location

mod support;

use std::time::Duration;

use chrono::NaiveDate;
use sunshine::disclosure::{
    publish, withdraw, Content, EventKind, MajorEvent, MajorEvents, Period, Provenance,
};
use sunshine::enterprise::{demo_name, demo_uscc};
use sunshine::search::tokens;
use support::{eventually, TestApp};

const WAIT: Duration = Duration::from_secs(10);

async fn search(app: &TestApp, query: &str) -> (u16, String) {
    let encoded = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("q", query)
        .finish();
    get(app, &format!("/search?{encoded}")).await
}

/// A page with tera's escaped slashes (`&#x2F;`, valid in attributes) read back as `/`.
async fn get(app: &TestApp, path: &str) -> (u16, String) {
    let (status, body) = app.get_text(path).await;
    (status, body.replace("&#x2F;", "/"))
}

/// Publishes a major event for demo enterprise 3 in a year the demo leaves empty.
async fn publish_event(app: &TestApp, year: i16, description: &str) -> i64 {
    let mut conn = app.db.connection().await;
    let content = Content::MajorEvents(MajorEvents {
        events: vec![MajorEvent {
            occurred_on: NaiveDate::from_ymd_opt(i32::from(year), 6, 1).unwrap(),
            kind: EventKind::Other,
            description: description.to_owned(),
            amount: None,
        }],
    });
    let provenance = Provenance {
        source: format!("{year}年度重大事项公告"),
        as_of: NaiveDate::from_ymd_opt(i32::from(year), 12, 31).unwrap(),
        documents: Vec::new(),
        published_at: None,
    };
    let period = Period {
        year,
        quarter: None,
    };
    publish(&mut conn, &demo_uscc(3), period, &provenance, &content)
        .await
        .unwrap()
}

fn disclosure_links(body: &str) -> Vec<&str> {
    body.match_indices("href=\"/disclosures/")
        .map(|(i, _)| {
            let rest = &body[i + 6..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect()
}

#[tokio::test]
async fn a_two_character_word_is_found_inside_longer_text() {
    let app = TestApp::seeded().await;

    let (status, body) = search(&app, "整改").await;

    assert_eq!(status, 200);
    assert!(!disclosure_links(&body).is_empty(), "no results: {body}");
    // Inside sentences such as 整改措施, 未按期整改: highlighted where it occurs.
    assert!(body.contains("<mark>整改</mark>"));
}

#[tokio::test]
async fn a_mixed_chinese_and_latin_query_needs_every_word() {
    let app = TestApp::seeded().await;

    let (_, both) = search(&app, "城投 R1").await;
    let (_, chinese_only) = search(&app, "城投").await;
    let (_, english) = search(&app, "Beihai water").await;

    let both = disclosure_links(&both);
    assert!(!both.is_empty());
    assert!(both.len() < disclosure_links(&chinese_only).len());
    assert!(english.contains(&format!("/enterprises/{}", demo_uscc(1))));
}

#[tokio::test]
async fn an_exact_enterprise_name_ranks_first() {
    let app = TestApp::seeded().await;
    // A subsidiary: its group, listed before it in the registry, shares most of its name.
    let name = demo_name(1).trim_end_matches("（演示）");

    let (_, body) = search(&app, name).await;

    let first = body.find("href=\"/enterprises/").unwrap();
    assert!(body[first..].starts_with(&format!("href=\"/enterprises/{}\"", demo_uscc(1))));
    assert!(body.contains("名称完全一致"));
}

#[tokio::test]
async fn a_section_facet_narrows_the_results_to_that_section() {
    let app = TestApp::seeded().await;

    let (_, all) = search(&app, "演示").await;
    let (_, pay) = get(
        &app,
        "/search?q=%E6%BC%94%E7%A4%BA&section=executive_pay&year=2024",
    )
    .await;

    assert!(all.contains("section=executive_pay"), "facet link missing");
    let titles: Vec<&str> = pay.matches("2024 年度高管薪酬").collect();
    assert!(!titles.is_empty());
    assert_eq!(disclosure_links(&pay).len(), titles.len());
    assert!(pay.contains("aria-current=\"true\""));
}

#[tokio::test]
async fn snippets_mark_matches_and_show_markup_in_data_as_text() {
    let app = TestApp::seeded().await;
    publish_event(&app, 2019, "<script>alert(1)</script>资产划转完成").await;

    let (_, body) = search(&app, "资产划转").await;

    assert!(body.contains("&lt;script&gt;alert(1)&lt;/script&gt;<mark>资产划转</mark>完成"));
    assert!(!body.contains("<script>alert"));
}

#[tokio::test]
async fn results_come_a_page_at_a_time() {
    let app = TestApp::seeded().await;

    let (_, first) = search(&app, "演示").await;
    let (_, second) = get(&app, "/search?q=%E6%BC%94%E7%A4%BA&page=2").await;

    assert!(first.contains("rel=\"next\""));
    let first = disclosure_links(&first);
    let second = disclosure_links(&second);
    assert_eq!(first.len(), 20);
    assert!(!second.is_empty());
    assert!(second.iter().all(|link| !first.contains(link)));
}

#[tokio::test]
async fn the_csv_download_holds_every_matching_row() {
    let app = TestApp::seeded().await;
    let client = app.db.client().await;
    let expected: i64 = client
        .query_one(
            "SELECT count(*) FROM search_disclosures WHERE tokens @@ '演示'::tsquery",
            &[],
        )
        .await
        .unwrap()
        .get(0);

    let response = app.get("/search.csv?q=%E6%BC%94%E7%A4%BA").await;

    assert_eq!(response.status().as_u16(), 200);
    assert!(response.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let text = response.text().await.unwrap();
    let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    let disclosures = rows.iter().filter(|r| &r[0] == "disclosure").count();
    assert!(expected > 20, "more than one page");
    assert_eq!(disclosures as i64, expected);
    assert_eq!(rows.iter().filter(|r| &r[0] == "enterprise").count(), 13);
}

#[tokio::test]
async fn empty_and_over_long_queries_get_a_help_page() {
    let app = TestApp::seeded().await;

    let (empty_status, empty) = get(&app, "/search?q=").await;
    let (none_status, none) = get(&app, "/search").await;
    let (long_status, long) = search(&app, &"资产".repeat(200)).await;
    let (symbols_status, symbols) = search(&app, "？！……").await;

    assert_eq!((empty_status, none_status), (200, 200));
    assert!(empty.contains("请输入要查找的词语") && none.contains("请输入要查找的词语"));
    assert_eq!(long_status, 200);
    assert!(long.contains("搜索词太长了"));
    assert_eq!(symbols_status, 200);
    assert!(symbols.contains("没有可以查找的文字"));
}

#[tokio::test]
async fn a_new_publication_becomes_findable_and_a_withdrawn_one_does_not_stay() {
    let app = TestApp::seeded().await;
    let (_, before) = search(&app, "涠洲岛码头扩建").await;
    assert!(disclosure_links(&before).is_empty());

    let id = publish_event(&app, 2018, "启动涠洲岛码头扩建工程").await;
    let link = format!("/disclosures/{id}");
    assert!(
        eventually(WAIT, || async {
            search(&app, "涠洲岛码头扩建").await.1.contains(&link)
        })
        .await,
        "a new publication is found"
    );

    let mut conn = app.db.connection().await;
    withdraw(&mut conn, id, "误报").await.unwrap();
    assert!(
        eventually(WAIT, || async {
            !search(&app, "涠洲岛码头扩建").await.1.contains(&link)
        })
        .await,
        "a withdrawn disclosure is no longer found"
    );
}

#[tokio::test]
async fn the_demo_withdrawal_is_not_found_as_current() {
    let app = TestApp::seeded().await;
    let uscc = demo_uscc(9);

    let (_, body) = get(
        &app,
        &format!("/search?q=%E6%BC%94%E7%A4%BA&enterprise={uscc}&section=state_capital&year=2022"),
    )
    .await;

    assert!(disclosure_links(&body).is_empty());
}

#[tokio::test]
async fn the_database_tokenizer_agrees_with_the_query_tokenizer() {
    let app = TestApp::seeded().await;
    let client = app.db.client().await;
    for text in [
        "北海市城市建设投资集团有限公司（演示）",
        "2024年度审计报告：ＡＢＣ１２３ Pay-Ratio, R1/R2 整改措施不到位。税",
        "Beihai Urban Construction Investment Group Co., Ltd. (demo)",
        "㐀㐁 豈更 中文",
    ] {
        let row = client
            .query_one("SELECT tsvector_to_array(search_tokens($1))", &[&text])
            .await
            .unwrap();
        let database: std::collections::BTreeSet<String> =
            row.get::<_, Vec<String>>(0).into_iter().collect();
        assert_eq!(database, tokens::lexemes(text), "for {text}");
    }
}
