//! `/api/v1/search`: the JSON face of `/search`, with the same words, filters, order and
//! capped counts, and cursor pagination like the other lists (the order's key,
//! `(period_year, disclosure_id)`, never changes for a disclosure).

use actix_web::{web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::error::{ApiError, ErrorBody};
use super::pagination::{next_href, split_page, PageParams};
use super::respond::published_json;
use crate::db::ReadPool;
use crate::disclosure::Section;
use crate::enterprise::Uscc;
use crate::search::query::{year_of, Filters, QueryProblem, SearchQuery};
use crate::search::results::{self, DisclosureHit, EnterpriseHit, FacetCount, Start};
use crate::search::snippet;

/// The words and filters of a search.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchApiParams {
    /// The words, 1 to 100 characters: Chinese (any two or more adjacent characters are
    /// found inside longer text), English words, numbers or a USCC; every word must
    /// match. A year (1990-2100) among them is the `year` filter.
    #[param(required = true, min_length = 1, max_length = 100)]
    pub q: Option<String>,
    /// Only disclosures of this section.
    #[param(value_type = Option<Section>)]
    pub section: Option<String>,
    /// Only this reporting year.
    #[param(value_type = Option<i16>, minimum = 1990, maximum = 2100)]
    pub year: Option<String>,
    /// Only this enterprise's disclosures (统一社会信用代码).
    pub enterprise: Option<String>,
    /// `true`: only red-flagged records.
    #[param(value_type = Option<bool>)]
    pub red_flagged: Option<String>,
}

impl SearchApiParams {
    /// The query to run; anything malformed is 400 (the HTML page ignores it instead).
    fn query(&self) -> Result<SearchQuery, ApiError> {
        let filters = Filters {
            section: filter(&self.section, Section::from_code, "unknown section code.")?,
            year: filter(&self.year, year_of, "year must be from 1990 to 2100.")?,
            enterprise: filter(
                &self.enterprise,
                |u| Uscc::parse(u).ok(),
                "enterprise is not a valid unified social credit code.",
            )?,
            red_flagged: filter(
                &self.red_flagged,
                |b| b.parse::<bool>().ok(),
                "red_flagged must be true or false.",
            )?
            .unwrap_or(false),
        };
        SearchQuery::parse(self.q.as_deref().unwrap_or(""), filters).map_err(|problem| {
            ApiError::BadRequest(match problem {
                QueryProblem::Empty => "q is required: the words to search for.",
                QueryProblem::TooLong => "q must be at most 100 characters.",
                QueryProblem::NoWords => "q has no words, only punctuation or symbols.",
            })
        })
    }
}

fn filter<T>(
    text: &Option<String>,
    parse: impl Fn(&str) -> Option<T>,
    problem: &'static str,
) -> Result<Option<T>, ApiError> {
    text.as_deref()
        .map(|t| parse(t).ok_or(ApiError::BadRequest(problem)))
        .transpose()
}

/// One page of search results.
#[derive(Debug, Serialize, ToSchema)]
pub struct SearchPage {
    /// The words as searched (trimmed).
    pub query: String,
    /// Enterprises whose names or code match, exact name matches first, at most 10; only
    /// on the first page and when no disclosure filter (section, year, enterprise) is set.
    pub enterprises: Vec<SearchEnterprise>,
    /// Disclosures whose current version matches, newest reporting year first.
    pub items: Vec<SearchHit>,
    /// Counts and facets; on the first page only (`null` on the pages after).
    pub counts: Option<SearchCounts>,
    /// Pass as `cursor` for the next page; `null` on the last page.
    pub next_cursor: Option<String>,
    /// The next page's URL (words and filters kept); `null` on the last page.
    pub next: Option<String>,
}

/// A matching enterprise.
#[derive(Debug, Serialize, ToSchema)]
pub struct SearchEnterprise {
    /// 统一社会信用代码.
    pub uscc: String,
    /// Registered Chinese name.
    pub name_zh: String,
    /// English name, where it has one.
    pub name_en: Option<String>,
    /// One of its current disclosures shows a warning sign (see docs/search.md).
    pub red_flagged: bool,
    /// The query is its name (ranked first).
    pub exact_name_match: bool,
    /// Its record in the API.
    pub href: String,
}

/// A matching disclosure, as of its current version.
#[derive(Debug, Serialize, ToSchema)]
pub struct SearchHit {
    /// The disclosure's id.
    pub disclosure_id: i64,
    /// Number of the current version, the one that matched (1 = original).
    pub version: i32,
    /// The enterprise's 统一社会信用代码.
    pub uscc: String,
    /// The enterprise's Chinese name.
    pub enterprise_name_zh: String,
    /// The enterprise's English name, where it has one.
    pub enterprise_name_en: Option<String>,
    /// Section.
    pub section: Section,
    /// Reporting year.
    pub year: i16,
    /// Quarter, for quarterly disclosures.
    pub quarter: Option<i16>,
    /// The content shows a warning sign (see docs/search.md).
    pub red_flagged: bool,
    /// Plain text around the first match, cut with "…", in pieces: concatenated they are
    /// the text; `matched` pieces are occurrences of the query's words.
    pub snippet: Vec<SnippetPart>,
    /// The disclosure in the API.
    pub href: String,
    /// The matching version in the API.
    pub version_href: String,
}

/// A piece of a snippet.
#[derive(Debug, Serialize, ToSchema)]
pub struct SnippetPart {
    /// Plain text, never markup.
    pub text: String,
    /// Whether it is an occurrence of a word of the query.
    pub matched: bool,
}

/// How many records match, counted like the HTML page: exactly up to `sample_size`,
/// beyond which the number is a lower bound and the facets count the first
/// `sample_size` matches in display order.
#[derive(Debug, Serialize, ToSchema)]
pub struct SearchCounts {
    /// Matching disclosures, at most `sample_size`.
    pub total: i64,
    /// More than `total` match.
    pub total_is_lower_bound: bool,
    /// Matching enterprises, at most `sample_size`.
    pub enterprises_total: i64,
    /// More than `enterprises_total` enterprises match.
    pub enterprises_total_is_lower_bound: bool,
    /// How many matches counts and facets look at (1000).
    pub sample_size: i64,
    /// Matches per value, over the sample.
    pub facets: SearchFacets,
}

/// Facets over the sampled matches; pass a value back as the filter of the same name.
#[derive(Debug, Serialize, ToSchema)]
pub struct SearchFacets {
    /// Per section, most matches first.
    pub sections: Vec<SectionCount>,
    /// Per reporting year, newest first.
    pub years: Vec<YearCount>,
    /// The enterprises with most matches (at most 8).
    pub enterprises: Vec<EnterpriseCount>,
    /// Red-flagged matches.
    pub red_flagged: i64,
}

/// Matches in one section.
#[derive(Debug, Serialize, ToSchema)]
pub struct SectionCount {
    /// The section.
    pub section: Section,
    /// Matches.
    pub count: i64,
}

/// Matches in one reporting year.
#[derive(Debug, Serialize, ToSchema)]
pub struct YearCount {
    /// The year.
    pub year: i16,
    /// Matches.
    pub count: i64,
}

/// Matches of one enterprise.
#[derive(Debug, Serialize, ToSchema)]
pub struct EnterpriseCount {
    /// 统一社会信用代码.
    pub uscc: String,
    /// Chinese name.
    pub name_zh: Option<String>,
    /// English name.
    pub name_en: Option<String>,
    /// Matches.
    pub count: i64,
}

const LIST: &str = "search";

/// Searches enterprises and the current version of every disclosure.
#[utoipa::path(
    get,
    path = "/api/v1/search",
    tag = "search",
    params(SearchApiParams, PageParams),
    responses(
        (status = 200, description = "A page of results", body = SearchPage,
            headers(("ETag" = String))),
        (status = 304, description = "Not modified since the validator given"),
        (status = 400, description = "Empty, wordless or over-long query; malformed \
            filter, cursor or limit", body = ErrorBody),
        (status = 503, description = "Database unavailable", body = ErrorBody),
    )
)]
pub async fn search(
    req: HttpRequest,
    pool: web::Data<ReadPool>,
    params: web::Query<SearchApiParams>,
    page: web::Query<PageParams>,
) -> Result<HttpResponse, ApiError> {
    let query = params.query()?;
    let limit = page.limit()?;
    let after = page.after(LIST)?.map(|key| parse_key(&key)).transpose()?;
    let mut conn = pool.get().await?;
    let start = Start::After(after);
    let found = results::search_from(&mut conn, &query, limit + 1, start, after.is_none()).await?;
    let (hits, next_cursor) = split_page(found.disclosures, limit, LIST, |d| {
        format!("{}.{}", d.period_year, d.disclosure_id)
    });
    let body = SearchPage {
        enterprises: found.enterprises.into_iter().map(enterprise).collect(),
        items: hits
            .iter()
            .map(|d| hit(&query, d))
            .collect::<Result<_, _>>()?,
        counts: after.is_none().then(|| counts(&found.facets)),
        next: next_cursor
            .as_deref()
            .map(|c| next_href(req.path(), req.query_string(), c)),
        next_cursor,
        query: query.text,
    };
    published_json(&body, None)
}

/// The cursor's key: `year.disclosure_id` of the last item shown.
fn parse_key(key: &str) -> Result<(i16, i64), ApiError> {
    key.split_once('.')
        .and_then(|(year, id)| Some((year.parse().ok()?, id.parse().ok()?)))
        .ok_or(ApiError::BadRequest(
            "cursor is not one this list gave out.",
        ))
}

fn enterprise(e: EnterpriseHit) -> SearchEnterprise {
    SearchEnterprise {
        href: format!("/api/v1/enterprises/{}", e.uscc),
        uscc: e.uscc,
        name_zh: e.name_zh,
        name_en: e.name_en,
        red_flagged: e.red_flagged,
        exact_name_match: e.exact,
    }
}

fn hit(query: &SearchQuery, d: &DisclosureHit) -> Result<SearchHit, ApiError> {
    let section = Section::from_code(&d.section).ok_or_else(|| {
        ApiError::Internal(anyhow::anyhow!("unknown section {:?} indexed", d.section))
    })?;
    let snippet = snippet::snippet(&d.body, &query.terms, snippet::WIDTH)
        .into_iter()
        .map(|s| SnippetPart {
            text: s.text,
            matched: s.mark,
        })
        .collect();
    let href = format!("/api/v1/disclosures/{}", d.disclosure_id);
    Ok(SearchHit {
        disclosure_id: d.disclosure_id,
        version: d.version,
        uscc: d.enterprise_uscc.clone(),
        enterprise_name_zh: d.name_zh.clone(),
        enterprise_name_en: d.name_en.clone(),
        section,
        year: d.period_year,
        quarter: d.period_quarter,
        red_flagged: d.red_flagged,
        snippet,
        version_href: format!("{href}/versions/{}", d.version),
        href,
    })
}

fn counts(facets: &[FacetCount]) -> SearchCounts {
    let count = |name: &str| facets.iter().find(|c| c.facet == name).map_or(0, |c| c.n);
    let sample = results::FACET_SAMPLE;
    let of = |name: &'static str| facets.iter().filter(move |c| c.facet == name);
    let mut sections: Vec<SectionCount> = of("section")
        .filter_map(|c| {
            Section::from_code(&c.value).map(|section| SectionCount {
                section,
                count: c.n,
            })
        })
        .collect();
    sections.sort_by_key(|s| std::cmp::Reverse(s.count));
    let mut years: Vec<YearCount> = of("year")
        .filter_map(|c| {
            c.value
                .parse()
                .ok()
                .map(|year| YearCount { year, count: c.n })
        })
        .collect();
    years.sort_by_key(|y| std::cmp::Reverse(y.year));
    let enterprises = of("enterprise")
        .map(|c| EnterpriseCount {
            uscc: c.value.clone(),
            name_zh: c.name_zh.clone(),
            name_en: c.name_en.clone(),
            count: c.n,
        })
        .collect();
    SearchCounts {
        total: count("total").min(sample),
        total_is_lower_bound: count("total") > sample,
        enterprises_total: count("enterprises_total").min(sample),
        enterprises_total_is_lower_bound: count("enterprises_total") > sample,
        sample_size: sample,
        facets: SearchFacets {
            sections,
            years,
            enterprises,
            red_flagged: count("red"),
        },
    }
}
