//! A search request parsed at the edge: the words, and the filters (facets) chosen.

use serde::Deserialize;

use super::tokens::{self, Term};
use crate::disclosure::Section;
use crate::enterprise::Uscc;

/// Longest query accepted, in characters; longer ones get a help page.
pub const MAX_QUERY_CHARS: usize = 100;
/// Most runs a query may have; the rest would only slow the index down.
const MAX_TERMS: usize = 12;

/// Query-string parameters of `/search` and `/search.csv`. Kept as text: a malformed
/// filter is ignored rather than answered with an error.
#[derive(Debug, Default, Deserialize)]
pub struct SearchParams {
    /// The words.
    pub q: Option<String>,
    section: Option<String>,
    year: Option<String>,
    red: Option<String>,
    enterprise: Option<String>,
    page: Option<String>,
}

/// Why a query cannot be run; each gets its own help text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryProblem {
    /// Nothing was typed.
    Empty,
    /// More than [`MAX_QUERY_CHARS`] characters.
    TooLong,
    /// Only punctuation or symbols: nothing the index knows.
    NoWords,
}

impl QueryProblem {
    /// Code of the help message (`search_help_<code>`).
    pub fn code(self) -> &'static str {
        match self {
            QueryProblem::Empty => "empty",
            QueryProblem::TooLong => "too_long",
            QueryProblem::NoWords => "no_words",
        }
    }
}

/// Filters narrowing the disclosures found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    /// Only this section.
    pub section: Option<Section>,
    /// Only this reporting year.
    pub year: Option<i16>,
    /// Only red-flagged records.
    pub red_flagged: bool,
    /// Only this enterprise.
    pub enterprise: Option<Uscc>,
}

/// A query that can be run.
#[derive(Debug, Clone)]
pub struct SearchQuery {
    /// The text as typed, trimmed (for exact name matches and for showing back).
    pub text: String,
    /// Its runs, for the `tsquery` and for highlighting.
    pub terms: Vec<Term>,
    /// The filters, including a year typed among the words.
    pub filters: Filters,
}

impl SearchQuery {
    /// Parses the words `text` under `filters`; a year among the words becomes the year
    /// filter unless one is chosen already.
    pub fn parse(text: &str, mut filters: Filters) -> Result<SearchQuery, QueryProblem> {
        let text = text.trim();
        if text.is_empty() {
            return Err(QueryProblem::Empty);
        }
        if text.chars().count() > MAX_QUERY_CHARS {
            return Err(QueryProblem::TooLong);
        }
        let mut terms = Vec::new();
        for term in tokens::terms(text) {
            // A year among the words is the year facet, so "2024 薪酬" finds 2024's pay.
            match (&term, filters.year) {
                (Term::Word(w), None) if year_of(w).is_some() => filters.year = year_of(w),
                _ => terms.push(term),
            }
        }
        if terms.is_empty() && filters.year.is_none() {
            return Err(QueryProblem::NoWords);
        }
        terms.truncate(MAX_TERMS);
        Ok(SearchQuery {
            text: text.to_owned(),
            terms,
            filters,
        })
    }

    /// The `tsquery` text; `None` when the words were only a year (then every record of
    /// that year matches, through the filter).
    pub fn tsquery(&self) -> Option<String> {
        (!self.terms.is_empty()).then(|| tokens::tsquery(&self.terms))
    }
}

impl SearchParams {
    /// Parses the words and filters.
    pub fn parse(&self) -> Result<SearchQuery, QueryProblem> {
        SearchQuery::parse(self.q.as_deref().unwrap_or(""), self.filters())
    }

    /// The filters chosen by links, without the words.
    pub fn filters(&self) -> Filters {
        Filters {
            section: self.section.as_deref().and_then(Section::from_code),
            year: self.year.as_deref().and_then(year_of),
            red_flagged: self.red.as_deref() == Some("1"),
            enterprise: self.enterprise.as_deref().and_then(|u| Uscc::parse(u).ok()),
        }
    }

    /// The page asked for, from 1.
    pub fn page(&self) -> i64 {
        self.page
            .as_deref()
            .and_then(|p| p.parse().ok())
            .filter(|&p| p >= 1)
            .unwrap_or(1)
    }
}

/// A reporting year written as four digits, 1990 to 2100.
pub fn year_of(text: &str) -> Option<i16> {
    let year: i16 = text.parse().ok().filter(|_| text.len() == 4)?;
    (1990..=2100).contains(&year).then_some(year)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(q: &str) -> SearchParams {
        SearchParams {
            q: Some(q.to_owned()),
            ..SearchParams::default()
        }
    }

    #[test]
    fn empty_long_and_wordless_queries_are_problems_not_errors() {
        assert_eq!(params("   ").parse().unwrap_err(), QueryProblem::Empty);
        assert_eq!(
            params(&"资".repeat(MAX_QUERY_CHARS + 1))
                .parse()
                .unwrap_err(),
            QueryProblem::TooLong
        );
        assert_eq!(params("？！…").parse().unwrap_err(), QueryProblem::NoWords);
    }

    #[test]
    fn a_year_among_the_words_becomes_the_year_filter() {
        let query = params("2024 薪酬").parse().unwrap();
        assert_eq!(query.filters.year, Some(2024));
        assert_eq!(query.terms, vec![Term::Cjk("薪酬".to_owned())]);
    }

    #[test]
    fn other_numbers_stay_words() {
        let query = params("R1 12345").parse().unwrap();
        assert_eq!(query.filters.year, None);
        assert_eq!(query.terms.len(), 2);
    }

    #[test]
    fn unknown_filter_values_are_ignored() {
        let p = SearchParams {
            q: Some("资产".into()),
            section: Some("nonsense".into()),
            year: Some("20x4".into()),
            enterprise: Some("not-a-code".into()),
            page: Some("-3".into()),
            ..SearchParams::default()
        };
        assert_eq!(p.filters(), Filters::default());
        assert_eq!(p.page(), 1);
    }
}
