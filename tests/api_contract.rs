//! The contract test: every response of every endpoint in `/api/v1/openapi.json`, over the
//! whole demo data set (every enterprise, disclosure and version, every page of every
//! list) and the documented errors, is checked against the schema the document gives for
//! its status. Objects are checked strictly (no property the document does not declare),
//! and formats (dates, date-times) are validated, so the document cannot promise less or
//! other than the API returns.

#![allow(clippy::unwrap_used)] // helpers too: in a test, a panic is a failure with its location

mod support;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use reqwest::header;
use serde_json::{json, Value};
use sunshine::audit::Actor;
use sunshine::enterprise::{demo_uscc, DEMO_ENTERPRISE_COUNT};
use support::TestApp;

/// Forbids undeclared properties in every object schema that declares its properties.
fn strict(schema: &mut Value) {
    match schema {
        Value::Object(map) => {
            if map.contains_key("properties") && !map.contains_key("additionalProperties") {
                map.insert("additionalProperties".into(), Value::Bool(false));
            }
            map.values_mut().for_each(strict);
        }
        Value::Array(items) => items.iter_mut().for_each(strict),
        _ => {}
    }
}

/// Checks responses against the document, one validator per documented response.
struct Contract {
    document: Value,
    components: Value,
    validators: HashMap<(String, u16), Option<jsonschema::Validator>>,
    /// Statuses seen per path template, to prove coverage.
    seen: BTreeMap<String, BTreeSet<u16>>,
    sections: BTreeSet<String>,
}

impl Contract {
    fn new(document: Value) -> Contract {
        let mut components = document["components"].clone();
        strict(&mut components);
        Contract {
            document,
            components,
            validators: HashMap::new(),
            seen: BTreeMap::new(),
            sections: BTreeSet::new(),
        }
    }

    fn validator(&mut self, template: &str, status: u16) -> &Option<jsonschema::Validator> {
        let key = (template.to_owned(), status);
        if !self.validators.contains_key(&key) {
            let operation = &self.document["paths"][template]["get"];
            let response = &operation["responses"][status.to_string()];
            assert!(
                response.is_object(),
                "{template} answered {status}, which the document does not list"
            );
            let validator = response["content"]["application/json"]["schema"]
                .as_object()
                .map(|schema| {
                    let mut schema = Value::Object(schema.clone());
                    strict(&mut schema);
                    schema["components"] = self.components.clone();
                    jsonschema::options()
                        .with_draft(jsonschema::Draft::Draft202012)
                        .should_validate_formats(true)
                        .build(&schema)
                        .unwrap_or_else(|e| panic!("schema of {template} {status}: {e}"))
                });
            self.validators.insert(key.clone(), validator);
        }
        &self.validators[&key]
    }

    /// Requests `path` (an instance of `template`) and checks the response; returns the
    /// body when there is one.
    async fn check(&mut self, app: &TestApp, template: &str, path: &str) -> (u16, Value) {
        self.check_with(app, template, path, None).await
    }

    async fn check_with(
        &mut self,
        app: &TestApp,
        template: &str,
        path: &str,
        etag: Option<&header::HeaderValue>,
    ) -> (u16, Value) {
        let mut request = app.client.get(format!("{}{path}", app.address));
        if let Some(etag) = etag {
            request = request.header(header::IF_NONE_MATCH, etag.clone());
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        if status == 200 {
            assert!(response.headers().contains_key(header::ETAG), "{path}");
        }
        let bytes = response.bytes().await.unwrap();
        self.seen
            .entry(template.to_owned())
            .or_default()
            .insert(status);
        let body = match self.validator(template, status) {
            Some(validator) => {
                let body: Value = serde_json::from_slice(&bytes)
                    .unwrap_or_else(|e| panic!("{path} ({status}) is not JSON: {e}"));
                let errors: Vec<String> = validator
                    .iter_errors(&body)
                    .map(|e| format!("{} at {}", e, e.instance_path()))
                    .collect();
                assert!(
                    errors.is_empty(),
                    "{path} ({status}) breaks the contract: {errors:#?}"
                );
                body
            }
            None => {
                assert!(
                    bytes.is_empty(),
                    "{path} ({status}) has a body the document omits"
                );
                Value::Null
            }
        };
        if let Some(section) = body.pointer("/content/section").and_then(Value::as_str) {
            self.sections.insert(section.to_owned());
        }
        (status, body)
    }
}

/// Follows `next` links from `first`, checking every page; returns every item.
async fn walk(contract: &mut Contract, app: &TestApp, template: &str, first: &str) -> Vec<Value> {
    let mut items = Vec::new();
    let mut path = Some(first.to_owned());
    while let Some(current) = path {
        let (status, page) = contract.check(app, template, &current).await;
        assert_eq!(status, 200, "{current}");
        items.extend(page["items"].as_array().unwrap().iter().cloned());
        path = page["next"].as_str().map(str::to_owned);
    }
    items
}

#[tokio::test]
async fn every_response_of_every_documented_endpoint_matches_the_openapi_document() {
    let app = TestApp::seeded().await;
    let document: Value =
        serde_json::from_slice(&app.get("/api/v1/openapi.json").await.bytes().await.unwrap())
            .unwrap();
    let mut contract = Contract::new(document.clone());
    let meta = "/api/v1/openapi.json";
    let (_, served) = contract.check(&app, meta, meta).await;
    assert_eq!(served, document);

    let list = "/api/v1/enterprises";
    let enterprises = walk(&mut contract, &app, list, "/api/v1/enterprises?limit=4").await;
    assert_eq!(enterprises.len(), DEMO_ENTERPRISE_COUNT);
    for bad in [
        "?limit=0",
        "?limit=x",
        "?cursor=nope",
        "?industry=ZZ",
        "?level=9",
    ] {
        let (status, _) = contract.check(&app, list, &format!("{list}{bad}")).await;
        assert_eq!(status, 400, "{bad}");
    }
    walk(&mut contract, &app, list, "/api/v1/enterprises?industry=K").await;

    let one = "/api/v1/enterprises/{uscc}";
    let mine = "/api/v1/enterprises/{uscc}/disclosures";
    let indicators = "/api/v1/enterprises/{uscc}/indicators";
    let flags = "/api/v1/enterprises/{uscc}/red-flags";
    let detail = "/api/v1/disclosures/{id}";
    let version = "/api/v1/disclosures/{id}/versions/{number}";
    let mut disclosure_count = 0;
    for enterprise in &enterprises {
        let uscc = enterprise["uscc"].as_str().unwrap();
        let (status, record) = contract
            .check(&app, one, &format!("/api/v1/enterprises/{uscc}"))
            .await;
        assert_eq!(status, 200);
        let etag = app
            .get(&format!("/api/v1/enterprises/{uscc}"))
            .await
            .headers()[header::ETAG]
            .clone();
        let (status, _) = contract
            .check_with(
                &app,
                one,
                &format!("/api/v1/enterprises/{uscc}"),
                Some(&etag),
            )
            .await;
        assert_eq!(status, 304);
        let links = &record["links"];
        for (template, link) in [(indicators, "indicators"), (flags, "red_flags")] {
            let (status, _) = contract
                .check(&app, template, links[link].as_str().unwrap())
                .await;
            assert_eq!(status, 200);
        }
        let first = format!("{}?limit=25", links["disclosures"].as_str().unwrap());
        let disclosures = walk(&mut contract, &app, mine, &first).await;
        disclosure_count += disclosures.len();
        for disclosure in disclosures {
            let (status, _) = contract
                .check(&app, detail, disclosure["href"].as_str().unwrap())
                .await;
            assert_eq!(status, 200);
            for v in disclosure["versions"].as_array().unwrap() {
                let (status, _) = contract
                    .check(&app, version, v["href"].as_str().unwrap())
                    .await;
                assert_eq!(status, 200);
            }
        }
    }
    assert!(
        disclosure_count > 100,
        "the demo has hundreds of disclosures"
    );

    let unknown = demo_uscc(77);
    for template in [one, mine, indicators, flags] {
        let known = template.replace("{uscc}", unknown.as_ref());
        assert_eq!(contract.check(&app, template, &known).await.0, 404);
        let malformed = template.replace("{uscc}", "not-a-code");
        assert_eq!(contract.check(&app, template, &malformed).await.0, 400);
    }
    assert_eq!(
        contract
            .check(
                &app,
                mine,
                &format!("/api/v1/enterprises/{}/disclosures?cursor=x", demo_uscc(0))
            )
            .await
            .0,
        400
    );
    for (path, status) in [
        ("/api/v1/disclosures/999999999", 404),
        ("/api/v1/disclosures/abc", 400),
    ] {
        assert_eq!(contract.check(&app, detail, path).await.0, status, "{path}");
    }
    for (path, status) in [
        ("/api/v1/disclosures/1/versions/99", 404),
        ("/api/v1/disclosures/999999999/versions/1", 404),
        ("/api/v1/disclosures/1/versions/first", 400),
    ] {
        assert_eq!(
            contract.check(&app, version, path).await.0,
            status,
            "{path}"
        );
    }

    let search = "/api/v1/search";
    // 资产 (assets): several pages; 整改 (rectification): one page, every section of
    // inspections; a filtered query; the documented 400s.
    for first in [
        "/api/v1/search?q=%E8%B5%84%E4%BA%A7&limit=100",
        "/api/v1/search?q=%E6%95%B4%E6%94%B9",
        "/api/v1/search?q=%E8%96%AA%E9%85%AC&section=executive_pay&red_flagged=true",
        "/api/v1/search?q=2024",
    ] {
        let items = walk(&mut contract, &app, search, first).await;
        assert!(!items.is_empty(), "{first}");
    }
    for bad in [
        "",
        "?q=",
        "?q=%EF%BC%81",
        "?q=abc&year=20x4",
        "?q=abc&cursor=x",
    ] {
        let (status, _) = contract
            .check(&app, search, &format!("{search}{bad}"))
            .await;
        assert_eq!(status, 400, "{bad}");
    }

    // The audit chain: empty in the demo data, so its head first, then two entries.
    let head = "/api/v1/audit/head";
    let (status, empty) = contract.check(&app, head, head).await;
    assert_eq!((status, empty["count"].as_i64()), (200, Some(0)));
    let mut conn = app.db.connection().await;
    for target in ["staff:1", "staff:2"] {
        sunshine::audit::append(&mut conn, &Actor::cli(), "staff.created", target, "")
            .await
            .unwrap();
    }
    let (status, body) = contract.check(&app, head, head).await;
    assert_eq!((status, body["count"].as_i64()), (200, Some(2)));
    let etag = app.get(head).await.headers()[header::ETAG].clone();
    assert_eq!(
        contract.check_with(&app, head, head, Some(&etag)).await.0,
        304
    );
    let entry = "/api/v1/audit/entries/{seq}";
    let (status, second) = contract.check(&app, entry, "/api/v1/audit/entries/2").await;
    assert_eq!((status, &second["hash"]), (200, &body["hash"]));
    for (path, status) in [
        ("/api/v1/audit/entries/3", 404),
        ("/api/v1/audit/entries/0", 400),
        ("/api/v1/audit/entries/two", 400),
    ] {
        assert_eq!(contract.check(&app, entry, path).await.0, status, "{path}");
    }

    let documented: BTreeSet<String> = document["paths"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    let exercised: BTreeSet<String> = contract.seen.keys().cloned().collect();
    assert_eq!(
        documented, exercised,
        "every documented endpoint is exercised"
    );
    let all_sections: BTreeSet<String> = [
        "financial",
        "state_capital",
        "executive_pay",
        "governance",
        "related_party",
        "major_events",
        "inspection",
    ]
    .into_iter()
    .map(str::to_owned)
    .collect();
    assert_eq!(
        contract.sections, all_sections,
        "every section's rows were checked"
    );
    println!("{}", json!(contract.seen));
}
