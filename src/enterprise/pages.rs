//! Public pages: `/enterprises` (filtered, paginated) and `/enterprises/{uscc}`.

use actix_web::http::header;
use actix_web::{web, HttpResponse};
use serde::{Deserialize, Serialize};
use tera::Context;

use super::model::{FunctionType, Industry, Level};
use super::queries::{self, EnterpriseFilter};
use super::uscc::Uscc;
use crate::config::WebSettings;
use crate::db::ReadPool;
use crate::disclosure::{load_enterprise_disclosures, Thresholds};
use crate::web::{published, AppError, Page, Renderer};

/// Registers the registry's pages.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/enterprises", crate::web::get_or_head().to(list))
        .route("/enterprises/{uscc}", crate::web::get_or_head().to(profile));
}

/// Query parameters of the listing. Values are kept as text: an unknown filter value is
/// ignored rather than answered with an error, since links get mangled in the wild.
#[derive(Debug, Default, Deserialize)]
struct ListParams {
    industry: Option<String>,
    level: Option<String>,
    function_type: Option<String>,
    page: Option<String>,
}

impl ListParams {
    fn filter(&self) -> EnterpriseFilter {
        EnterpriseFilter {
            industry: self.industry.as_deref().and_then(Industry::from_code),
            level: self.level.as_deref().and_then(Level::from_code),
            function_type: self
                .function_type
                .as_deref()
                .and_then(FunctionType::from_code),
        }
    }

    fn page(&self) -> i64 {
        self.page
            .as_deref()
            .and_then(|p| p.parse().ok())
            .unwrap_or(1)
    }
}

/// The filter as the form shows it back.
#[derive(Serialize)]
struct FilterView {
    industry: Option<&'static str>,
    level: Option<&'static str>,
    function_type: Option<&'static str>,
    active: bool,
}

impl From<EnterpriseFilter> for FilterView {
    fn from(filter: EnterpriseFilter) -> Self {
        FilterView {
            industry: filter.industry.map(Industry::code),
            level: filter.level.map(Level::code),
            function_type: filter.function_type.map(FunctionType::code),
            active: filter != EnterpriseFilter::default(),
        }
    }
}

async fn list(
    page: Page,
    renderer: web::Data<Renderer>,
    pool: web::Data<ReadPool>,
    settings: web::Data<WebSettings>,
    params: web::Query<ListParams>,
) -> Result<HttpResponse, AppError> {
    let filter = params.filter();
    let mut conn = pool.get().await?;
    let listing =
        queries::list_enterprises(&mut conn, &filter, params.page(), settings.page_size).await?;
    let page_href = |n: i64| page.href_with(&[("page", Some(&n.to_string())), ("lang", None)]);
    let mut context = Context::new();
    context.insert("has_demo", &listing.items.iter().any(|e| e.is_demo));
    context.insert("enterprises", &listing.items);
    context.insert("total", &listing.total);
    context.insert("page_number", &listing.page);
    context.insert("pages", &listing.pages);
    context.insert(
        "prev_href",
        &(listing.page > 1).then(|| page_href(listing.page - 1)),
    );
    context.insert(
        "next_href",
        &(listing.page < listing.pages).then(|| page_href(listing.page + 1)),
    );
    context.insert("filter", &FilterView::from(filter));
    context.insert("industries", Industry::ALL);
    context.insert("levels", Level::ALL);
    context.insert("function_types", FunctionType::ALL);
    page.render(&renderer, "enterprise/list.html", context)
        .map(published)
}

/// Query parameters of the profile: `board_on` asks who sat on the board that day.
#[derive(Debug, Deserialize)]
struct ProfileParams {
    board_on: Option<String>,
}

impl ProfileParams {
    /// The date asked about; a malformed one is ignored, and the form shows it back empty.
    fn board_on(&self) -> Option<chrono::NaiveDate> {
        let text = self.board_on.as_deref()?.trim();
        chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
    }
}

async fn profile(
    page: Page,
    renderer: web::Data<Renderer>,
    pool: web::Data<ReadPool>,
    thresholds: web::Data<Thresholds>,
    path: web::Path<String>,
    query: web::Query<ProfileParams>,
) -> Result<HttpResponse, AppError> {
    let uscc = Uscc::parse(&path).map_err(|_| AppError::NotFound)?;
    if uscc.as_str() != path.as_str() {
        // Lower case or padded: send readers and search engines to the one canonical URL.
        let location = format!("/enterprises/{uscc}");
        return Ok(HttpResponse::MovedPermanently()
            .insert_header((header::LOCATION, location))
            .finish());
    }
    let mut conn = pool.get().await?;
    let enterprise = queries::find_enterprise(&mut conn, &uscc)
        .await?
        .ok_or(AppError::NotFound)?;
    let parents = queries::parents_of(&mut conn, &enterprise).await?;
    let subsidiaries = queries::subsidiaries_of(&mut conn, &uscc).await?;
    let disclosures = load_enterprise_disclosures(&mut conn, &enterprise).await?;
    let overview = disclosures.view(
        &enterprise,
        &thresholds,
        renderer.catalog(),
        page.lang,
        crate::disclosure::today(),
        query.board_on(),
    );
    // Outcomes the supervisory units published about it, with their rectification.
    let (outcomes, _) =
        crate::triage::outcomes::list(&mut conn, Some(uscc.as_str()), 1, 20).await?;
    let items: Vec<_> = crate::triage::rectification::published_for(&mut conn, uscc.as_str())
        .await?
        .into_iter()
        .map(|(_, item)| item)
        .collect();
    let mut context = Context::new();
    context.insert("outcomes", &outcomes);
    context.insert("items", &items);
    context.insert("overview", &overview);
    context.insert("has_demo", &enterprise.is_demo);
    context.insert("enterprise", &enterprise);
    // Outermost group first, as a breadcrumb reads.
    context.insert("parents", &parents.iter().rev().collect::<Vec<_>>());
    context.insert("subsidiaries", &subsidiaries);
    page.render(&renderer, "enterprise/profile.html", context)
        .map(published)
}
