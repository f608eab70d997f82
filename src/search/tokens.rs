//! Chinese-aware tokenizing, the query side of the index built by migration 000008.
//!
//! Text is cut into runs: a run of CJK ideographs, or a run of ASCII letters and digits
//! (after folding full-width forms); everything else separates runs. The database indexes
//! each CJK run as its overlapping bigrams plus its last character, and each Latin run as
//! one lower-cased word (`search_tokens` in SQL). A query run of two or more ideographs
//! therefore becomes its bigrams joined by the phrase operator `<->`, which matches exactly
//! where the run occurs inside longer text; a single ideograph becomes the prefix query
//! `'字':*`, which matches every bigram it starts and every run it ends. The two sides
//! must agree: `tests/search.rs` compares them on the same text.

use std::collections::BTreeSet;

/// One run of a query or a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Term {
    /// Consecutive CJK ideographs, e.g. `整改`.
    Cjk(String),
    /// ASCII letters and digits, lower-cased, e.g. `r1`, `2024`, `pay`.
    Word(String),
}

impl Term {
    /// The run as it appears in folded, lower-cased text.
    pub fn text(&self) -> &str {
        match self {
            Term::Cjk(s) | Term::Word(s) => s,
        }
    }
}

/// Whether `c` is a CJK ideograph (unified, extension A, compatibility).
pub fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}')
}

/// Full-width digits and letters as ASCII, ASCII letters lower-cased; every other
/// character unchanged, so positions in the folded text are positions in the original.
pub fn fold(c: char) -> char {
    let c = match c {
        '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' => {
            char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c)
        }
        other => other,
    };
    c.to_ascii_lowercase()
}

/// The runs of `text`, in order.
pub fn terms(text: &str) -> Vec<Term> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut current_is_cjk = false;
    for c in text.chars().map(fold) {
        let kind = if is_cjk(c) {
            Some(true)
        } else if c.is_ascii_alphanumeric() {
            Some(false)
        } else {
            None
        };
        if kind != Some(current_is_cjk) && !current.is_empty() {
            out.push(finish(std::mem::take(&mut current), current_is_cjk));
        }
        if let Some(cjk) = kind {
            current_is_cjk = cjk;
            current.push(c);
        }
    }
    if !current.is_empty() {
        out.push(finish(current, current_is_cjk));
    }
    out
}

fn finish(run: String, cjk: bool) -> Term {
    if cjk {
        Term::Cjk(run)
    } else {
        Term::Word(run)
    }
}

/// The overlapping two-character pieces of a CJK run (`整改措施` → 整改 改措 措施).
pub fn bigrams(run: &str) -> Vec<String> {
    let chars: Vec<char> = run.chars().collect();
    chars.windows(2).map(|w| w.iter().collect()).collect()
}

/// The lexemes the database indexes for `text` (positions left out); for comparing the
/// two tokenizers.
pub fn lexemes(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for term in terms(text) {
        match term {
            Term::Word(w) => {
                out.insert(w);
            }
            Term::Cjk(run) => {
                out.extend(bigrams(&run));
                if let Some(last) = run.chars().last() {
                    out.insert(last.to_string());
                }
            }
        }
    }
    out
}

/// The `tsquery` text matching documents that contain every term. Lexemes hold only
/// ideographs and ASCII letters and digits, so quoting them cannot break the syntax.
pub fn tsquery(terms: &[Term]) -> String {
    let parts: Vec<String> = terms
        .iter()
        .map(|term| match term {
            Term::Word(w) => format!("'{w}'"),
            Term::Cjk(run) if run.chars().count() == 1 => format!("'{run}':*"),
            Term::Cjk(run) => {
                let phrase: Vec<String> = bigrams(run).iter().map(|b| format!("'{b}'")).collect();
                format!("({})", phrase.join(" <-> "))
            }
        })
        .collect();
    parts.join(" & ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cjk(s: &str) -> Term {
        Term::Cjk(s.to_owned())
    }

    fn word(s: &str) -> Term {
        Term::Word(s.to_owned())
    }

    #[test]
    fn mixed_text_is_cut_into_chinese_and_latin_runs() {
        assert_eq!(
            terms("北海2024年度 Pay-Ratio（R1）"),
            vec![
                cjk("北海"),
                word("2024"),
                cjk("年度"),
                word("pay"),
                word("ratio"),
                word("r1")
            ]
        );
    }

    #[test]
    fn full_width_letters_and_digits_read_as_ascii() {
        assert_eq!(terms("ＡＢＣ１２３"), vec![word("abc123")]);
    }

    #[test]
    fn punctuation_and_spaces_alone_give_no_terms() {
        assert!(terms(" ，。！？  ()<>'\"").is_empty());
    }

    #[test]
    fn a_run_becomes_its_overlapping_bigrams() {
        assert_eq!(bigrams("整改措施"), vec!["整改", "改措", "措施"]);
        assert!(bigrams("税").is_empty());
    }

    #[test]
    fn the_index_keeps_bigrams_words_and_each_runs_last_character() {
        let expected: BTreeSet<String> = ["整改", "改措", "措施", "施", "r1"]
            .iter()
            .map(|s| (*s).to_owned())
            .collect();
        assert_eq!(lexemes("整改措施 R1"), expected);
    }

    #[test]
    fn a_two_character_word_is_one_lexeme_and_longer_runs_are_phrases() {
        assert_eq!(tsquery(&[cjk("资产")]), "('资产')");
        assert_eq!(
            tsquery(&[cjk("审计报告"), word("2024")]),
            "('审计' <-> '计报' <-> '报告') & '2024'"
        );
    }

    #[test]
    fn a_single_character_is_a_prefix_query() {
        assert_eq!(tsquery(&[cjk("税")]), "'税':*");
    }
}
