//! Possible duplicates: reports about the same enterprise whose words overlap. The text
//! is sealed, so the comparison runs on the member's request, over the cases they can
//! open, and nothing of it is stored; linking two cases is the member's decision.
//!
//! Similarity is the Jaccard index of character bigrams, which needs no word segmenter
//! and works alike for Chinese (where words are not spaced) and English.

use std::collections::HashSet;

/// The character bigrams of `text`, ignoring whitespace and punctuation and case.
fn bigrams(text: &str) -> HashSet<(char, char)> {
    let chars: Vec<char> = text
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    chars.windows(2).map(|w| (w[0], w[1])).collect()
}

/// How alike two texts are, from 0 (nothing shared) to 1 (the same bigrams).
pub fn similarity(a: &str, b: &str) -> f64 {
    let (a, b) = (bigrams(a), bigrams(b));
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let shared = a.intersection(&b).count();
    shared as f64 / (a.len() + b.len() - shared) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retellings_of_one_matter_score_higher_than_different_matters() {
        let first = "2024年采购部经理在设备招标中收取供应商回扣约五十万元";
        let retold = "采购部经理在2024年设备招标时收取了供应商约五十万元回扣";
        let other = "食堂卫生条件差，员工多次反映无人处理";
        assert!(
            similarity(first, retold) > 0.35,
            "{}",
            similarity(first, retold)
        );
        assert!(similarity(first, other) < 0.1);
        assert_eq!(similarity(first, first), 1.0);
        assert_eq!(similarity("", first), 0.0);
    }

    #[test]
    fn case_and_spacing_do_not_matter() {
        assert_eq!(similarity("Kick Back", "kickback"), 1.0);
    }
}
