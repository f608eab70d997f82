//! Atom feeds: the whole portal's and one per enterprise, valid and labelled.

#![allow(clippy::unwrap_used)] // helpers too: in a test, a panic is a failure with its location

mod support;

use std::collections::HashSet;

use atom_syndication::Feed;
use reqwest::header;
use sunshine::enterprise::demo_uscc;
use support::TestApp;

async fn feed(app: &TestApp, path: &str) -> Feed {
    let response = app.get(path).await;
    assert_eq!(response.status(), 200, "{path}");
    assert_eq!(
        response.headers()[header::CONTENT_TYPE],
        "application/atom+xml; charset=utf-8"
    );
    let body = response.text().await.unwrap();
    body.parse::<Feed>().expect("well-formed Atom")
}

fn entry_with_kind<'a>(feed: &'a Feed, kind: &str) -> Option<&'a atom_syndication::Entry> {
    feed.entries
        .iter()
        .find(|e| e.categories.iter().any(|c| c.term == kind))
}

#[tokio::test]
async fn the_portal_feed_is_valid_atom_newest_first() {
    let app = TestApp::seeded().await;
    let feed = feed(&app, "/feeds/disclosures.atom").await;

    assert!(feed.id.starts_with("tag:"));
    assert!(feed
        .links
        .iter()
        .any(|l| l.rel == "self" && l.href == "/feeds/disclosures.atom"));
    assert!(!feed.authors.is_empty());
    assert_eq!(feed.entries.len(), 100);
    let times: Vec<_> = feed.entries.iter().map(|e| e.updated).collect();
    assert!(times.windows(2).all(|w| w[0] >= w[1]), "newest first");
    assert_eq!(feed.updated, times[0]);
    let ids: HashSet<_> = feed.entries.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids.len(), feed.entries.len(), "entry ids are unique");
    for entry in &feed.entries {
        assert!(entry.id.starts_with("tag:"));
        assert!(entry.summary.is_some());
        let link = &entry.links[0].href;
        assert!(
            link.starts_with("/disclosures/") && link.contains("/versions/"),
            "{link}"
        );
    }
    assert!(entry_with_kind(&feed, "original")
        .unwrap()
        .title
        .value
        .starts_with("【新披露】"));
}

#[tokio::test]
async fn amendments_and_withdrawals_are_labelled_in_title_and_category() {
    let app = TestApp::seeded().await;
    // The demo amends enterprise 0's 2024 financial statement and withdraws one of
    // enterprise 9's state capital statements.
    let amended = feed(&app, &format!("/feeds/enterprises/{}.atom", demo_uscc(0))).await;
    let amendment = entry_with_kind(&amended, "amendment").expect("the demo's amendment");
    assert!(
        amendment.title.value.starts_with("【更正】"),
        "{}",
        amendment.title.value
    );
    assert!(amendment
        .summary
        .as_ref()
        .unwrap()
        .value
        .contains("更正原因"));
    let withdrawn = feed(&app, &format!("/feeds/enterprises/{}.atom", demo_uscc(9))).await;
    let withdrawal = entry_with_kind(&withdrawn, "withdrawal").expect("the demo's withdrawal");
    assert!(withdrawal.title.value.starts_with("【撤回】"));
    assert!(withdrawal
        .summary
        .as_ref()
        .unwrap()
        .value
        .contains("撤回原因"));
    let label = withdrawal
        .categories
        .iter()
        .find(|c| c.term == "withdrawal")
        .unwrap();
    assert_eq!(label.label.as_deref(), Some("撤回"));
}

#[tokio::test]
async fn feeds_are_in_english_when_asked() {
    let app = TestApp::seeded().await;
    let path = format!("/feeds/enterprises/{}.atom?lang=en", demo_uscc(0));
    let feed = feed(&app, &path).await;
    let amendment = entry_with_kind(&feed, "amendment").unwrap();
    assert!(amendment.title.value.starts_with("[Amendment]"));
    assert_eq!(feed.lang.as_deref(), Some("en"));
}

#[tokio::test]
async fn an_enterprise_feed_holds_only_that_enterprises_versions() {
    let app = TestApp::seeded().await;
    // Enterprise 9 has the demo's withdrawal.
    let uscc = demo_uscc(9);
    let feed = feed(&app, &format!("/feeds/enterprises/{uscc}.atom")).await;

    let db = app.db.client().await;
    let rows = db
        .query(
            "SELECT d.id, count(*) OVER () FROM disclosures d JOIN disclosure_versions v ON v.disclosure_id = d.id WHERE d.enterprise_uscc = $1",
            &[&uscc.as_str()],
        )
        .await
        .unwrap();
    let own: HashSet<String> = rows
        .iter()
        .map(|r| r.get::<_, i64>(0).to_string())
        .collect();
    let versions: i64 = rows[0].get(1);
    assert_eq!(feed.entries.len() as i64, versions.min(100));
    for entry in &feed.entries {
        let id = entry.links[0].href.split('/').nth(2).unwrap();
        assert!(own.contains(id), "{} is not {uscc}'s", entry.links[0].href);
    }
    assert!(entry_with_kind(&feed, "withdrawal").is_some());
}

#[tokio::test]
async fn an_unknown_or_malformed_uscc_has_no_feed() {
    let app = TestApp::seeded().await;
    let unknown = demo_uscc(90);
    for path in [
        format!("/feeds/enterprises/{unknown}.atom"),
        "/feeds/enterprises/not-a-code.atom".to_owned(),
    ] {
        assert_eq!(app.get(&path).await.status(), 404, "{path}");
    }
}

#[tokio::test]
async fn pages_announce_their_feeds() {
    let app = TestApp::seeded().await;
    let (_, home) = app.get_text("/").await;
    assert!(home.contains(
        "<link rel=\"alternate\" type=\"application/atom+xml\" href=\"/feeds/disclosures.atom\""
    ));
    let uscc = demo_uscc(0);
    let (_, profile) = app.get_text(&format!("/enterprises/{uscc}")).await;
    let own = format!("href=\"/feeds/enterprises/{uscc}.atom\"");
    assert_eq!(
        profile.matches(&own).count(),
        2,
        "in the head and on the page"
    );
}
