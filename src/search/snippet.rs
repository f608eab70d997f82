//! Snippets that show why a record matched: the text around the first match, with every
//! occurrence of the query's runs marked. Segments are plain text; the template escapes
//! them and wraps marked ones in `<mark>`, so data can never inject markup.

use serde::Serialize;

use super::tokens::{fold, is_cjk, Term};

/// Characters of context in a result's snippet.
pub const WIDTH: usize = 90;

/// A piece of a snippet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Segment {
    /// The text, unescaped.
    pub text: String,
    /// Whether it matched the query.
    pub mark: bool,
}

/// Up to about `width` characters of `text` around its first match, marked. Without a
/// match (the record matched by its name or section) the start of the text, unmarked.
pub fn snippet(text: &str, terms: &[Term], width: usize) -> Vec<Segment> {
    let chars: Vec<char> = text.chars().collect();
    let marked = marks(&chars, terms);
    let first = marked.iter().position(|&m| m).unwrap_or(0);
    let start = first.saturating_sub(width / 3);
    let end = (start + width).min(chars.len());
    let mut segments: Vec<Segment> = Vec::new();
    if start > 0 {
        segments.push(Segment {
            text: "…".into(),
            mark: false,
        });
    }
    for i in start..end {
        let c = if chars[i] == '\n' { ' ' } else { chars[i] };
        match segments.last_mut() {
            Some(last) if last.mark == marked[i] && last.text != "…" => last.text.push(c),
            _ => segments.push(Segment {
                text: c.to_string(),
                mark: marked[i],
            }),
        }
    }
    if end < chars.len() {
        segments.push(Segment {
            text: "…".into(),
            mark: false,
        });
    }
    segments
}

/// Which characters belong to an occurrence of a term. Words must stand alone (the index
/// matches whole words); ideographs match anywhere, as the bigram index does.
fn marks(chars: &[char], terms: &[Term]) -> Vec<bool> {
    let folded: Vec<char> = chars.iter().map(|&c| fold(c)).collect();
    let mut marked = vec![false; chars.len()];
    for term in terms {
        let needle: Vec<char> = term.text().chars().collect();
        if needle.is_empty() || needle.len() > folded.len() {
            continue;
        }
        for start in 0..=folded.len() - needle.len() {
            let end = start + needle.len();
            if folded[start..end] != needle[..] {
                continue;
            }
            if let Term::Word(_) = term {
                let alone = |i: Option<&char>| i.is_none_or(|c| !c.is_ascii_alphanumeric());
                if !alone(start.checked_sub(1).and_then(|i| folded.get(i)))
                    || !alone(folded.get(end))
                {
                    continue;
                }
            } else if !needle.iter().all(|&c| is_cjk(c)) {
                continue;
            }
            marked[start..end].iter_mut().for_each(|m| *m = true);
        }
    }
    marked
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::tokens::terms;

    fn render(segments: &[Segment]) -> String {
        segments
            .iter()
            .map(|s| {
                if s.mark {
                    format!("[{}]", s.text)
                } else {
                    s.text.clone()
                }
            })
            .collect()
    }

    #[test]
    fn every_occurrence_of_a_chinese_word_inside_longer_text_is_marked() {
        let s = snippet("未按期整改，整改措施不到位", &terms("整改"), 80);
        assert_eq!(render(&s), "未按期[整改]，[整改]措施不到位");
    }

    #[test]
    fn latin_words_match_whole_words_whatever_the_case() {
        let s = snippet("Pay ratio; payable", &terms("pay"), 80);
        assert_eq!(render(&s), "[Pay] ratio; payable");
    }

    #[test]
    fn a_long_text_is_cut_around_the_first_match() {
        let text = format!("{}资产{}", "甲".repeat(100), "乙".repeat(100));
        let s = snippet(&text, &terms("资产"), 30);
        let shown = render(&s);
        assert!(shown.starts_with('…') && shown.ends_with('…'));
        assert!(shown.contains("[资产]"));
        assert!(shown.chars().count() < 40);
    }

    #[test]
    fn without_a_match_the_start_of_the_text_is_shown_unmarked() {
        let s = snippet("2024年度审计报告", &terms("薪酬"), 80);
        assert_eq!(render(&s), "2024年度审计报告");
    }
}
