//! The search tokenizer and query parser: what a visitor types in `/search?q=`. Input:
//! the query, then optionally a NUL byte and a document text to cut a snippet from.
//! Asserted: runs are non-empty and hold only their kind of characters, together they
//! are exactly the folded text's letters, digits and ideographs; the `tsquery` text holds
//! nothing but quoted lexemes and operators; a parsed query keeps within its limits.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sunshine::search::query::{year_of, Filters, SearchQuery, MAX_QUERY_CHARS};
use sunshine::search::snippet::{snippet, Segment};
use sunshine::search::tokens::{bigrams, fold, is_cjk, lexemes, terms, tsquery, Term};

fn check_terms(text: &str) -> Vec<Term> {
    let runs = terms(text);
    for term in &runs {
        let run = term.text();
        assert!(!run.is_empty());
        match term {
            Term::Cjk(_) => assert!(run.chars().all(is_cjk), "{run:?}"),
            Term::Word(_) => assert!(
                run.bytes()
                    .all(|b| b.is_ascii_digit() || b.is_ascii_lowercase()),
                "{run:?}"
            ),
        }
    }
    // The runs are the folded text's letters, digits and ideographs, in order.
    let kept: String = text
        .chars()
        .map(fold)
        .filter(|&c| is_cjk(c) || c.is_ascii_alphanumeric())
        .collect();
    let joined: String = runs.iter().map(Term::text).collect();
    assert_eq!(joined, kept);
    for term in &runs {
        if let Term::Cjk(run) = term {
            let n = run.chars().count();
            let pieces = bigrams(run);
            assert_eq!(pieces.len(), n - 1);
            assert!(pieces.iter().all(|b| b.chars().count() == 2));
        }
    }
    for lexeme in lexemes(text) {
        assert!(!lexeme.is_empty());
        let cjk = lexeme.chars().all(is_cjk);
        assert!(
            cjk && lexeme.chars().count() <= 2
                || !cjk && lexeme.bytes().all(|b| b.is_ascii_alphanumeric())
        );
    }
    let query = tsquery(&runs);
    assert!(
        query
            .chars()
            .all(|c| is_cjk(c) || c.is_ascii_alphanumeric() || "'():*&<-> ".contains(c)),
        "{query:?}"
    );
    assert_eq!(query.matches('\'').count() % 2, 0);
    assert_eq!(query.matches('(').count(), query.matches(')').count());
    runs
}

fuzz_target!(|data: &[u8]| {
    let (query, document) = match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &[][..]),
    };
    let query = String::from_utf8_lossy(query);
    let document = String::from_utf8_lossy(document);
    for c in query.chars() {
        assert_eq!(fold(fold(c)), fold(c));
    }
    let runs = check_terms(&query);
    check_terms(&document);

    if let Some(year) = year_of(&query) {
        assert!((1990..=2100).contains(&year));
    }
    match SearchQuery::parse(&query, Filters::default()) {
        Ok(parsed) => {
            assert_eq!(parsed.text, query.trim());
            assert!(!parsed.text.is_empty());
            assert!(parsed.text.chars().count() <= MAX_QUERY_CHARS);
            assert!(parsed.terms.len() <= 12);
            assert!(parsed.tsquery().is_some() || parsed.filters.year.is_some());
        }
        Err(_) => assert!(runs.is_empty() || query.trim().chars().count() > MAX_QUERY_CHARS),
    }

    let width = 1 + usize::from(data.first().copied().unwrap_or(0));
    let segments = snippet(&document, &runs, width);
    // Without the ellipses that show where the text was cut.
    let mut inner = &segments[..];
    let cut = |s: Option<&Segment>| s.is_some_and(|s| s.text == "…" && !s.mark);
    if cut(inner.first()) {
        inner = &inner[1..];
    }
    if cut(inner.last()) {
        inner = &inner[..inner.len() - 1];
    }
    let shown: String = inner.iter().map(|s| s.text.as_str()).collect();
    assert!(shown.chars().count() <= width);
    let flat = document.replace('\n', " ");
    assert!(flat.contains(&shown), "{shown:?} not in {flat:?}");
    for segment in segments.iter().filter(|s| s.mark) {
        assert!(!segment.text.is_empty());
    }
});
