//! The read-only JSON API under `/api/v1/`: pagination, versions, indicators and red
//! flags, errors, conditional requests, CORS and the OpenAPI document.

#![allow(clippy::unwrap_used)] // helpers too: in a test, a panic is a failure with its location

mod support;

use std::collections::HashSet;
use std::str::FromStr;

use bigdecimal::{BigDecimal, RoundingMode};
use reqwest::header;
use serde_json::Value;
use sunshine::enterprise::{demo_uscc, DEMO_ENTERPRISE_COUNT};
use support::{test_settings, TestApp, TestDb};

async fn get_json(app: &TestApp, path: &str) -> (u16, Value) {
    let response = app.get(path).await;
    let status = response.status().as_u16();
    let content_type = response.headers()[header::CONTENT_TYPE].clone();
    assert!(
        content_type
            .to_str()
            .unwrap()
            .starts_with("application/json"),
        "{path}: {content_type:?}"
    );
    (
        status,
        serde_json::from_slice(&response.bytes().await.unwrap()).unwrap(),
    )
}

/// The app on the demo data with the page cache off, so validators come from the
/// handler path alone.
async fn seeded_without_cache() -> TestApp {
    let db = TestDb::seeded().await;
    let mut settings = test_settings(&db.url);
    settings.web.page_cache_mb = 0;
    TestApp::spawn_with(db, settings).await
}

/// The demo disclosure of `index` for `section` and `year`, as listed by the API.
async fn find_disclosure(app: &TestApp, index: usize, section: &str, year: i64) -> Value {
    let path = format!(
        "/api/v1/enterprises/{}/disclosures?limit=200",
        demo_uscc(index)
    );
    let (status, page) = get_json(app, &path).await;
    assert_eq!(status, 200);
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| {
            d["section"] == section
                && d["period"]["year"] == year
                && d["period"]["quarter"].is_null()
        })
        .cloned()
        .unwrap_or_else(|| panic!("demo {index} has no {section} {year}"))
}

fn decimal(value: &Value) -> BigDecimal {
    BigDecimal::from_str(value.as_str().unwrap()).unwrap()
}

#[tokio::test]
async fn walking_the_enterprise_list_with_cursors_visits_every_enterprise_once() {
    let app = TestApp::seeded().await;
    let mut seen = Vec::new();
    let mut path = "/api/v1/enterprises?limit=5".to_owned();
    let mut pages = 0;
    loop {
        let (status, page) = get_json(&app, &path).await;
        assert_eq!(status, 200, "{page}");
        pages += 1;
        let items = page["items"].as_array().unwrap();
        assert!(items.len() <= 5);
        seen.extend(items.iter().map(|e| e["uscc"].as_str().unwrap().to_owned()));
        match page["next"].as_str() {
            Some(next) => {
                assert!(next.contains(page["next_cursor"].as_str().unwrap()));
                path = next.to_owned();
            }
            None => break,
        }
    }
    assert_eq!(pages, DEMO_ENTERPRISE_COUNT.div_ceil(5));
    assert_eq!(seen.len(), DEMO_ENTERPRISE_COUNT);
    assert_eq!(seen.iter().collect::<HashSet<_>>().len(), seen.len());
    let mut sorted = seen.clone();
    sorted.sort();
    assert_eq!(seen, sorted, "ordered by USCC");
    assert!(seen.contains(&demo_uscc(0).to_string()));
}

#[tokio::test]
async fn the_enterprise_list_filters_by_vocabulary_codes() {
    let app = TestApp::seeded().await;
    let (status, page) = get_json(&app, "/api/v1/enterprises?level=1&limit=200").await;
    assert_eq!(status, 200);
    let items = page["items"].as_array().unwrap();
    assert!(!items.is_empty());
    assert!(items
        .iter()
        .all(|e| e["level"] == "1" && e["parent_uscc"].is_null()));
    let (status, body) = get_json(&app, "/api/v1/enterprises?industry=ZZ").await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (400, Some("bad_request"))
    );
}

#[tokio::test]
async fn an_amended_disclosure_shows_every_version_and_its_current_figures() {
    let app = TestApp::seeded().await;
    let listed = find_disclosure(&app, 0, "financial", 2024).await;
    assert_eq!(listed["amended"], true);
    assert_eq!(listed["withdrawn"], false);

    let (status, disclosure) = get_json(&app, listed["href"].as_str().unwrap()).await;
    assert_eq!(status, 200);
    let versions = disclosure["versions"].as_array().unwrap();
    assert_eq!(versions[0]["kind"], "original");
    assert!(versions[0]["reason"].is_null());
    let last = versions.last().unwrap();
    assert_eq!(last["kind"], "amendment");
    assert!(!last["reason"].as_str().unwrap().is_empty());
    assert_eq!(disclosure["current"]["version"], last["number"]);
    assert_eq!(disclosure["current"]["content"]["section"], "financial");
    let figures = &disclosure["current"]["content"]["data"];
    assert!(decimal(&figures["total_assets"]) > 0);

    // The original stays readable, marked as superseded, with its own figures.
    let (status, original) = get_json(&app, versions[0]["href"].as_str().unwrap()).await;
    assert_eq!(status, 200);
    assert_eq!(original["superseded"], true);
    assert_eq!(original["content"]["section"], "financial");
    assert_ne!(
        original["content"]["data"], *figures,
        "the amendment changed figures"
    );
    assert!(!original["documents"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn a_withdrawn_disclosure_is_marked_and_its_earlier_figures_stay_public() {
    let app = TestApp::seeded().await;
    let listed = find_disclosure(&app, 9, "state_capital", 2022).await;
    assert_eq!(listed["withdrawn"], true);
    let versions = listed["versions"].as_array().unwrap();
    let withdrawal = versions.last().unwrap();
    assert_eq!(withdrawal["kind"], "withdrawal");
    assert!(!withdrawal["reason"].as_str().unwrap().is_empty());
    assert_eq!(listed["current"]["content"]["section"], "state_capital");

    let (status, version) = get_json(&app, withdrawal["href"].as_str().unwrap()).await;
    assert_eq!(status, 200);
    assert!(
        version["content"].is_null(),
        "a withdrawal carries no figures"
    );
    assert_eq!(version["superseded"], false);
    let (_, first) = get_json(&app, versions[0]["href"].as_str().unwrap()).await;
    assert_eq!(first["content"]["section"], "state_capital");
}

#[tokio::test]
async fn indicators_show_their_formula_and_inputs_so_the_value_can_be_recomputed() {
    let app = TestApp::seeded().await;
    let path = format!("/api/v1/enterprises/{}/indicators", demo_uscc(2));
    let (status, body) = get_json(&app, &path).await;
    assert_eq!(status, 200);
    let debt = body["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "debt_ratio")
        .unwrap();
    assert_eq!(debt["kind"], "percent");
    assert!(debt["formula"]["zh"]
        .as_str()
        .unwrap()
        .contains("资产负债率"));
    assert!(debt["formula"]["en"]
        .as_str()
        .unwrap()
        .contains("total liabilities"));
    let latest = debt["years"].as_array().unwrap().last().unwrap();
    let input = |name: &str| {
        let inputs = latest["inputs"].as_array().unwrap();
        decimal(&inputs.iter().find(|i| i["name"] == name).unwrap()["amount"])
    };
    let recomputed = (input("total_liabilities") * BigDecimal::from(100) / input("total_assets"))
        .with_scale_round(2, RoundingMode::HalfUp);
    assert_eq!(decimal(&latest["value"]), recomputed);
}

#[tokio::test]
async fn red_flags_of_a_flagged_enterprise_give_the_rule_the_figures_and_the_reason() {
    let app = TestApp::seeded().await;
    let path = format!("/api/v1/enterprises/{}/red-flags", demo_uscc(2));
    let (status, body) = get_json(&app, &path).await;
    assert_eq!(status, 200);
    let flags = body["red_flags"].as_array().unwrap();
    let debt = flags
        .iter()
        .find(|f| f["rule"] == "debt_ratio_above_line")
        .unwrap_or_else(|| panic!("no debt flag in {body}"));
    assert_eq!(debt["line"], "85.00%", "the real estate warning line");
    let en = debt["reason"]["en"].as_str().unwrap();
    assert!(en.contains(debt["value"].as_str().unwrap()), "{en}");
    assert!(debt["reason"]["zh"]
        .as_str()
        .unwrap()
        .contains("资产负债率"));

    let path = format!("/api/v1/enterprises/{}/red-flags", demo_uscc(4));
    let (_, body) = get_json(&app, &path).await;
    let rules: Vec<&str> = body["red_flags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert!(rules.contains(&"overdue_rectification"), "{rules:?}");
}

#[tokio::test]
async fn unknown_and_malformed_requests_get_json_errors_of_one_shape() {
    let app = TestApp::seeded().await;
    let unknown = demo_uscc(77);
    let cases = [
        (format!("/api/v1/enterprises/{unknown}"), 404, "not_found"),
        (
            "/api/v1/enterprises/not-a-code".to_owned(),
            400,
            "bad_request",
        ),
        (
            "/api/v1/enterprises?cursor=bogus".to_owned(),
            400,
            "bad_request",
        ),
        ("/api/v1/enterprises?limit=0".to_owned(), 400, "bad_request"),
        ("/api/v1/disclosures/999999999".to_owned(), 404, "not_found"),
        ("/api/v1/disclosures/abc".to_owned(), 400, "bad_request"),
        (
            "/api/v1/disclosures/1/versions/99".to_owned(),
            404,
            "not_found",
        ),
        ("/api/v1/no-such-thing".to_owned(), 404, "not_found"),
    ];
    for (path, status, code) in cases {
        let (got, body) = get_json(&app, &path).await;
        assert_eq!(got, status, "{path}: {body}");
        assert_eq!(body["error"]["code"], code, "{path}");
        let message = body["error"]["message"].as_str().unwrap();
        assert!(
            !message.is_empty() && !message.contains("diesel"),
            "{message}"
        );
    }
    let posted = app
        .client
        .post(format!("{}/api/v1/enterprises", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(posted.status(), 405);
    let body: Value = serde_json::from_slice(&posted.bytes().await.unwrap()).unwrap();
    assert_eq!(body["error"]["code"], "method_not_allowed");
}

async fn revalidates(app: &TestApp) {
    let url = format!("{}/api/v1/disclosures/1", app.address);
    let first = app.client.get(&url).send().await.unwrap();
    assert_eq!(first.status(), 200);
    let etag = first.headers()[header::ETAG].clone();
    let modified = first.headers()[header::LAST_MODIFIED].clone();
    let cached = |name, value| app.client.get(&url).header(name, value).send();

    let by_etag = cached(header::IF_NONE_MATCH, etag.clone()).await.unwrap();
    assert_eq!(by_etag.status(), 304);
    assert_eq!(by_etag.headers()[header::ETAG], etag);
    assert!(by_etag.bytes().await.unwrap().is_empty());

    let by_date = cached(header::IF_MODIFIED_SINCE, modified).await.unwrap();
    assert_eq!(by_date.status(), 304);
    let long_ago = header::HeaderValue::from_static("Mon, 01 Jan 2001 00:00:00 GMT");
    let stale = cached(header::IF_MODIFIED_SINCE, long_ago).await.unwrap();
    assert_eq!(stale.status(), 200);
    let other = header::HeaderValue::from_static("W/\"0000000000000000\"");
    assert_eq!(
        cached(header::IF_NONE_MATCH, other).await.unwrap().status(),
        200
    );
}

#[tokio::test]
async fn a_client_holding_the_current_copy_gets_304_with_the_page_cache_off() {
    let app = seeded_without_cache().await;
    revalidates(&app).await;
}

#[tokio::test]
async fn a_client_holding_the_current_copy_gets_304_with_the_page_cache_on() {
    let app = TestApp::seeded().await;
    let on = support::eventually(std::time::Duration::from_secs(10), || async {
        let response = app.get("/api/v1/enterprises").await;
        response.headers().contains_key("x-page-cache")
    })
    .await;
    assert!(on, "the page cache never turned on");
    revalidates(&app).await;
}

#[tokio::test]
async fn last_modified_is_the_newest_publication_shown() {
    let app = seeded_without_cache().await;
    let listed = find_disclosure(&app, 0, "financial", 2024).await;
    let newest = listed["versions"].as_array().unwrap().last().unwrap()["published_at"]
        .as_str()
        .unwrap()
        .to_owned();
    let response = app.get(listed["href"].as_str().unwrap()).await;
    let header = response.headers()[header::LAST_MODIFIED]
        .to_str()
        .unwrap()
        .to_owned();
    let newest = chrono::DateTime::parse_from_rfc3339(&newest).unwrap();
    assert_eq!(
        header,
        newest.format("%a, %d %b %Y %H:%M:%S GMT").to_string()
    );
}

#[tokio::test]
async fn any_origin_may_read_the_api_and_preflight_is_answered() {
    let app = TestApp::seeded().await;
    let response = app
        .client
        .get(format!("{}/api/v1/enterprises", app.address))
        .header(header::ORIGIN, "https://example.org")
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()[header::ACCESS_CONTROL_ALLOW_ORIGIN], "*");
    let exposed = response.headers()[header::ACCESS_CONTROL_EXPOSE_HEADERS]
        .to_str()
        .unwrap();
    assert!(exposed.contains("ETag"));
    assert!(!response
        .headers()
        .contains_key(header::ACCESS_CONTROL_ALLOW_CREDENTIALS));

    let preflight = app
        .client
        .request(
            reqwest::Method::OPTIONS,
            format!("{}/api/v1/enterprises", app.address),
        )
        .header(header::ORIGIN, "https://example.org")
        .header(header::ACCESS_CONTROL_REQUEST_METHOD, "GET")
        .header(header::ACCESS_CONTROL_REQUEST_HEADERS, "if-none-match")
        .send()
        .await
        .unwrap();
    assert!(preflight.status().is_success());
    assert_eq!(
        preflight.headers()[header::ACCESS_CONTROL_ALLOW_ORIGIN],
        "*"
    );
    let methods = preflight.headers()[header::ACCESS_CONTROL_ALLOW_METHODS]
        .to_str()
        .unwrap();
    assert!(methods.contains("GET") && !methods.contains("POST"));

    // Pages are not opened up by the API's policy.
    let page = app.get("/enterprises").await;
    assert!(!page
        .headers()
        .contains_key(header::ACCESS_CONTROL_ALLOW_ORIGIN));
}

#[tokio::test]
async fn the_openapi_document_lists_every_route() {
    let app = TestApp::spawn().await;
    let (status, document) = get_json(&app, "/api/v1/openapi.json").await;
    assert_eq!(status, 200);
    assert!(document["openapi"].as_str().unwrap().starts_with("3."));
    let paths: HashSet<&str> = document["paths"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let expected = [
        "/api/v1/openapi.json",
        "/api/v1/enterprises",
        "/api/v1/enterprises/{uscc}",
        "/api/v1/enterprises/{uscc}/disclosures",
        "/api/v1/enterprises/{uscc}/indicators",
        "/api/v1/enterprises/{uscc}/red-flags",
        "/api/v1/disclosures/{id}",
        "/api/v1/disclosures/{id}/versions/{number}",
        "/api/v1/search",
        "/api/v1/audit/head",
        "/api/v1/audit/entries/{seq}",
    ];
    assert_eq!(paths, expected.into_iter().collect());
    // Every documented route is served (a 400/404 JSON error, never the fallback page).
    for path in expected {
        let concrete = path
            .replace("{uscc}", demo_uscc(0).as_ref())
            .replace("{id}", "1")
            .replace("{number}", "1")
            .replace("{seq}", "1");
        let (status, body) = get_json(&app, &concrete).await;
        let no_such_endpoint = body["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("No such endpoint"));
        assert!(!no_such_endpoint, "{path} is not routed ({status})");
    }
}

/// Every page of `first`'s results, following `next`; returns the pages.
async fn search_pages(app: &TestApp, first: &str) -> Vec<Value> {
    let mut pages = Vec::new();
    let mut path = Some(first.to_owned());
    while let Some(current) = path {
        let (status, page) = get_json(app, &current).await;
        assert_eq!(status, 200, "{current}: {page}");
        path = page["next"].as_str().map(str::to_owned);
        pages.push(page);
    }
    pages
}

#[tokio::test]
async fn search_finds_a_two_character_word_inside_longer_text_with_plain_snippets() {
    let app = TestApp::seeded().await;
    let (status, page) = get_json(&app, "/api/v1/search?q=%E6%95%B4%E6%94%B9").await; // 整改
    assert_eq!(status, 200, "{page}");
    assert_eq!(page["query"], "整改");
    let items = page["items"].as_array().unwrap();
    assert!(!items.is_empty());
    for item in items {
        assert!(item["uscc"].as_str().unwrap().len() == 18);
        assert!(item["version"].as_i64().unwrap() >= 1);
        let snippet = item["snippet"].as_array().unwrap();
        let text: String = snippet
            .iter()
            .map(|p| p["text"].as_str().unwrap())
            .collect();
        assert!(!text.contains('<'), "snippets are plain text: {text}");
        let marked: Vec<&str> = snippet
            .iter()
            .filter(|p| p["matched"] == true)
            .map(|p| p["text"].as_str().unwrap())
            .collect();
        assert!(marked.iter().all(|m| m.contains("整改")), "{marked:?}");
        let href = item["version_href"].as_str().unwrap();
        assert_eq!(get_json(&app, href).await.0, 200, "{href}");
    }
    let counts = &page["counts"];
    assert_eq!(
        counts["total"].as_u64().unwrap() as usize,
        items.len().min(50)
    );
    assert_eq!(counts["total_is_lower_bound"], false);
}

#[tokio::test]
async fn search_results_come_a_cursor_at_a_time_each_once_with_counts_on_the_first_page() {
    let app = TestApp::seeded().await;
    // 资产 (assets): every financial statement, more than one page.
    let pages = search_pages(&app, "/api/v1/search?q=%E8%B5%84%E4%BA%A7&limit=40").await;
    assert!(pages.len() > 2);
    let mut ids = HashSet::new();
    for page in &pages {
        for item in page["items"].as_array().unwrap() {
            assert!(
                ids.insert(item["disclosure_id"].as_i64().unwrap()),
                "seen twice"
            );
        }
    }
    let counts = &pages[0]["counts"];
    assert_eq!(counts["total"].as_u64().unwrap() as usize, ids.len());
    assert!(pages[1]["counts"].is_null());
    assert!(pages[1]["enterprises"].as_array().unwrap().is_empty());
    let years: Vec<i64> = pages
        .iter()
        .flat_map(|p| p["items"].as_array().unwrap().iter())
        .map(|i| i["year"].as_i64().unwrap())
        .collect();
    assert!(years.windows(2).all(|w| w[0] >= w[1]), "newest year first");
}

#[tokio::test]
async fn search_filters_narrow_the_results_and_an_exact_enterprise_name_ranks_first() {
    let app = TestApp::seeded().await;
    let (_, page) = get_json(
        &app,
        "/api/v1/search?q=%E8%B5%84%E4%BA%A7&section=financial&year=2023&limit=200",
    )
    .await;
    let items = page["items"].as_array().unwrap();
    assert!(!items.is_empty());
    assert!(items
        .iter()
        .all(|i| i["section"] == "financial" && i["year"] == 2023));
    assert_eq!(page["counts"]["facets"]["years"][0]["year"], 2023);

    let (_, first) = get_json(&app, &format!("/api/v1/enterprises/{}", demo_uscc(0))).await;
    let name = first["name_zh"].as_str().unwrap();
    let path = format!(
        "/api/v1/search?{}",
        url::form_urlencoded::Serializer::new(String::new())
            .append_pair("q", name)
            .finish()
    );
    let (_, page) = get_json(&app, &path).await;
    let top = &page["enterprises"][0];
    assert_eq!(top["uscc"], demo_uscc(0).as_str());
    assert_eq!(top["exact_name_match"], true);
}

#[tokio::test]
async fn empty_over_long_and_malformed_searches_are_json_400s() {
    let app = TestApp::seeded().await;
    let long = "资".repeat(101);
    for query in [
        String::new(),
        "q=".to_owned(),
        "q=%20%20".to_owned(),
        "q=%EF%BC%9F%EF%BC%81".to_owned(), // ？！
        format!("q={long}"),
        "q=abc&section=nonsense".to_owned(),
        "q=abc&year=1800".to_owned(),
        "q=abc&enterprise=not-a-code".to_owned(),
        "q=abc&red_flagged=yes".to_owned(),
        "q=abc&cursor=nope".to_owned(),
        "q=abc&limit=0".to_owned(),
    ] {
        let (status, body) = get_json(&app, &format!("/api/v1/search?{query}")).await;
        assert_eq!(status, 400, "{query}");
        assert_eq!(body["error"]["code"], "bad_request", "{query}");
    }
}
