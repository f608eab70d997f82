//! What the results template shows: hits with links and highlighted snippets, counts
//! ("1,000+" beyond the sample), facet links and pagination.

use serde::Serialize;

use super::query::SearchQuery;
use super::results::{DisclosureHit, EnterpriseHit, FacetCount, Found, FACET_SAMPLE};
use super::snippet::{self, snippet, Segment};
use crate::web::{Lang, Page};

/// The whole results page.
#[derive(Debug, Serialize)]
pub struct ResultsView {
    pub has_demo: bool,
    enterprises: Vec<EnterpriseView>,
    enterprises_total: String,
    disclosures: Vec<DisclosureView>,
    total: String,
    total_is_zero: bool,
    sampled: bool,
    facets: FacetsView,
    filtered: bool,
    clear_href: String,
    csv_href: String,
    page_number: i64,
    pages: i64,
    prev_href: Option<String>,
    next_href: Option<String>,
}

#[derive(Debug, Serialize)]
struct EnterpriseView {
    href: String,
    uscc: String,
    name: Vec<Segment>,
    red_flagged: bool,
    exact: bool,
    is_demo: bool,
}

#[derive(Debug, Serialize)]
struct DisclosureView {
    href: String,
    enterprise_href: String,
    enterprise_name: Vec<Segment>,
    section: String,
    year: i16,
    quarter: Option<i16>,
    red_flagged: bool,
    snippet: Vec<Segment>,
}

/// One value of a facet: a link that toggles it.
#[derive(Debug, Serialize)]
struct FacetOption {
    value: String,
    label: String,
    count: i64,
    href: String,
    selected: bool,
}

#[derive(Debug, Default, Serialize)]
struct FacetsView {
    sections: Vec<FacetOption>,
    years: Vec<FacetOption>,
    enterprises: Vec<FacetOption>,
    red: Option<FacetOption>,
}

/// Builds the page's view of what was found.
pub fn results(
    page: &Page,
    query: &SearchQuery,
    found: Found,
    page_number: i64,
    page_size: i64,
) -> ResultsView {
    let count = |facet: &str| {
        found
            .facets
            .iter()
            .find(|c| c.facet == facet)
            .map_or(0, |c| c.n)
    };
    let total = count("total");
    let shown_total = total.min(FACET_SAMPLE);
    let pages = ((shown_total + page_size - 1) / page_size).max(1);
    let page_href = |n: i64| page.href_with(&[("page", Some(&n.to_string())), ("lang", None)]);
    let name = |zh: &str, en: Option<&str>| match (page.lang, en) {
        (Lang::En, Some(en)) => en.to_owned(),
        _ => zh.to_owned(),
    };
    let enterprises: Vec<EnterpriseView> = found
        .enterprises
        .iter()
        .map(|e: &EnterpriseHit| EnterpriseView {
            href: format!("/enterprises/{}", e.uscc),
            uscc: e.uscc.clone(),
            name: snippet(&name(&e.name_zh, e.name_en.as_deref()), &query.terms, 300),
            red_flagged: e.red_flagged,
            exact: e.exact,
            is_demo: e.name_zh.contains("演示"),
        })
        .collect();
    let disclosures: Vec<DisclosureView> = found
        .disclosures
        .iter()
        .map(|d: &DisclosureHit| DisclosureView {
            href: format!("/disclosures/{}", d.disclosure_id),
            enterprise_href: format!("/enterprises/{}", d.enterprise_uscc),
            enterprise_name: snippet(&name(&d.name_zh, d.name_en.as_deref()), &query.terms, 300),
            section: d.section.clone(),
            year: d.period_year,
            quarter: d.period_quarter,
            red_flagged: d.red_flagged,
            snippet: snippet(&d.body, &query.terms, snippet::WIDTH),
        })
        .collect();
    let has_demo = enterprises.iter().any(|e| e.is_demo)
        || found.disclosures.iter().any(|d| d.name_zh.contains("演示"));
    let csv_href =
        page.href_with(&[("page", None), ("lang", None)])
            .replacen("/search", "/search.csv", 1);
    ResultsView {
        has_demo,
        enterprises,
        enterprises_total: capped(count("enterprises_total")),
        disclosures,
        total: capped(total),
        total_is_zero: total == 0,
        sampled: total > FACET_SAMPLE,
        facets: facets(page, query, &found.facets),
        filtered: query.filters != Default::default(),
        clear_href: format!("/search?{}", encode_q(&query.text)),
        csv_href,
        page_number,
        pages,
        prev_href: (page_number > 1).then(|| page_href(page_number - 1)),
        next_href: (page_number < pages).then(|| page_href(page_number + 1)),
    }
}

/// A count as shown: exact up to the sample size, "1,000+" beyond.
fn capped(n: i64) -> String {
    if n > FACET_SAMPLE {
        format!("{}+", group_thousands(FACET_SAMPLE))
    } else {
        group_thousands(n)
    }
}

fn group_thousands(n: i64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn encode_q(text: &str) -> String {
    url::form_urlencoded::Serializer::new(String::new())
        .append_pair("q", text)
        .finish()
}

fn facets(page: &Page, query: &SearchQuery, counts: &[FacetCount]) -> FacetsView {
    let f = &query.filters;
    let option = |param: &str, value: String, label: String, count: i64, selected: bool| {
        let href = page.href_with(&[
            (param, (!selected).then_some(value.as_str())),
            ("page", None),
            ("lang", None),
        ]);
        FacetOption {
            value,
            label,
            count,
            href,
            selected,
        }
    };
    let mut view = FacetsView::default();
    for c in counts {
        match c.facet.as_str() {
            "section" => {
                let selected = f.section.map(|s| s.code()) == Some(c.value.as_str());
                let o = option("section", c.value.clone(), c.value.clone(), c.n, selected);
                view.sections.push(o);
            }
            "year" => {
                let selected = f.year.map(|y| y.to_string()).as_deref() == Some(&c.value);
                let o = option("year", c.value.clone(), c.value.clone(), c.n, selected);
                view.years.push(o);
            }
            "enterprise" => {
                let label = match (page.lang, &c.name_en) {
                    (Lang::En, Some(en)) => en.clone(),
                    _ => c.name_zh.clone().unwrap_or_else(|| c.value.clone()),
                };
                let selected = f.enterprise.as_ref().map(|u| u.as_str()) == Some(&c.value);
                let o = option("enterprise", c.value.clone(), label, c.n, selected);
                view.enterprises.push(o);
            }
            "red" if c.n > 0 || f.red_flagged => {
                let o = option("red", "1".into(), String::new(), c.n, f.red_flagged);
                view.red = Some(o);
            }
            _ => {}
        }
    }
    view.sections.sort_by_key(|o| std::cmp::Reverse(o.count));
    view.years.sort_by(|a, b| b.value.cmp(&a.value));
    view
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_beyond_the_sample_are_shown_as_a_floor() {
        assert_eq!(capped(12), "12");
        assert_eq!(capped(1_000), "1,000");
        assert_eq!(capped(1_001), "1,000+");
        assert_eq!(group_thousands(1_234_567), "1,234,567");
    }
}
