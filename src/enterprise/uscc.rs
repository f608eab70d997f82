//! The Unified Social Credit Code (统一社会信用代码) defined by GB 32100-2015.
//!
//! Layout: position 1 registration authority, 2 organisation category, 3-8 administrative
//! division, 9-17 organisation code body, 18 check character (GB/T 17710 mod 31).

use std::fmt;
use std::str::FromStr;

/// The 31 characters the standard allows; I, O, S, V and Z are left out so they cannot be misread.
const CHARSET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/// Weight of positions 1..17, i.e. 3^(i-1) mod 31, as published in the standard.
const WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

const LENGTH: usize = 18;

/// A validated 统一社会信用代码, stored upper-cased so equal codes compare equal.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(transparent)]
pub struct Uscc(String);

/// Why a string is not a unified social credit code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UsccError {
    /// After trimming, the input does not have 18 characters (`found` of them instead).
    #[error("a unified social credit code has 18 characters, found {found}")]
    WrongLength { found: usize },
    /// `found` (upper-cased) at 1-based `position` is outside the 31-character set.
    #[error("'{found}' at position {position} is not allowed in a unified social credit code")]
    InvalidCharacter { position: usize, found: char },
    /// Positions 3-8 are not six digits.
    #[error("positions 3-8 of a unified social credit code must be a six-digit division code")]
    InvalidDivision,
    /// The check character `found` differs from the one computed from positions 1-17.
    #[error("the check character should be '{expected}', found '{found}'")]
    WrongCheckCharacter { expected: char, found: char },
}

impl UsccError {
    /// Stable key the UI looks up in its translation files.
    pub fn message_key(&self) -> &'static str {
        match self {
            UsccError::WrongLength { .. } => "uscc-wrong-length",
            UsccError::InvalidCharacter { .. } => "uscc-invalid-character",
            UsccError::InvalidDivision => "uscc-invalid-division",
            UsccError::WrongCheckCharacter { .. } => "uscc-wrong-check",
        }
    }
}

impl Uscc {
    /// Validates user input; surrounding whitespace and lowercase letters are tolerated.
    pub fn parse(input: &str) -> Result<Uscc, UsccError> {
        let chars = normalise(input);
        if chars.len() != LENGTH {
            return Err(UsccError::WrongLength { found: chars.len() });
        }
        let values = values_of(&chars)?;
        if !chars[2..8].iter().all(char::is_ascii_digit) {
            return Err(UsccError::InvalidDivision);
        }
        let expected = check_character(&values[..LENGTH - 1]);
        let found = chars[LENGTH - 1];
        if expected != found {
            return Err(UsccError::WrongCheckCharacter { expected, found });
        }
        Ok(Uscc(chars.into_iter().collect()))
    }

    /// The normalised 18-character code.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Completes a 17-character body with its check character (used to mint demo codes).
    pub fn from_body(body17: &str) -> Result<Uscc, UsccError> {
        let mut chars = normalise(body17);
        if chars.len() != LENGTH - 1 {
            // The error speaks about the code being minted, which is one longer than its body.
            let found = chars.len() + 1;
            return Err(UsccError::WrongLength { found });
        }
        let values = values_of(&chars)?;
        chars.push(check_character(&values));
        // Going through parse keeps the division rule in a single place.
        Uscc::parse(&chars.into_iter().collect::<String>())
    }

    /// The administrative division code of the registering authority (positions 3-8).
    pub fn division_code(&self) -> &str {
        // Byte slicing is safe: a parsed code is pure ASCII.
        &self.0[2..8]
    }
}

/// Only ASCII letters are upper-cased so that look-alike Unicode letters are reported, not folded.
fn normalise(input: &str) -> Vec<char> {
    input.trim().to_ascii_uppercase().chars().collect()
}

fn values_of(chars: &[char]) -> Result<Vec<u32>, UsccError> {
    let value_of = |(position, &found): (usize, &char)| {
        // CHARSET is ASCII, so the byte offset is the character's value.
        let value = CHARSET
            .find(found)
            .ok_or(UsccError::InvalidCharacter { position, found })?;
        Ok(value as u32)
    };
    (1..).zip(chars).map(value_of).collect()
}

fn check_character(body_values: &[u32]) -> char {
    let sum: u32 = body_values.iter().zip(WEIGHTS).map(|(v, w)| v * w).sum();
    // A remainder of 0 would give 31, which the standard maps back to '0'.
    let value = (31 - sum % 31) % 31;
    char::from(CHARSET.as_bytes()[value as usize])
}

impl FromStr for Uscc {
    type Err = UsccError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Uscc::parse(s)
    }
}

impl fmt::Display for Uscc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for Uscc {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl<'de> serde::Deserialize<'de> for Uscc {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(deserializer)?;
        Uscc::parse(&raw).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::UsccError::{InvalidCharacter, InvalidDivision, WrongCheckCharacter, WrongLength};
    use super::*;
    use serde::de::value::{Error as ValueError, StrDeserializer};
    use serde::de::IntoDeserializer;
    use serde::Deserialize;

    /// Publicly disclosed codes of well-known companies, each checked against a public record.
    const REAL_CODES: [&str; 5] = [
        "91110000710925462X", // 中国石油天然气股份有限公司 (PetroChina), GLEIF "registeredAs"
        "911000001000013428", // 中国银行股份有限公司 (Bank of China), EV certificate of boc.cn
        "914403001922038216", // 华为技术有限公司 (Huawei Technologies)
        "91440300708461136T", // 深圳市腾讯计算机系统有限公司 (Tencent)
        "91520000214434146R", // 中航重机股份有限公司 (AVIC Heavy Machinery, 600765.SH)
    ];

    fn rejected(input: &str) -> UsccError {
        Uscc::parse(input).expect_err("input should be rejected")
    }

    fn deserialize(input: &str) -> Result<Uscc, ValueError> {
        let deserializer: StrDeserializer<'_, ValueError> = input.into_deserializer();
        Uscc::deserialize(deserializer)
    }

    #[test]
    fn real_codes_of_well_known_companies_are_accepted() {
        for code in REAL_CODES {
            let parsed = Uscc::parse(code).expect(code);
            assert_eq!(parsed.as_str(), code);
        }
    }

    #[test]
    fn the_division_code_is_positions_three_to_eight() {
        let huawei = Uscc::parse("914403001922038216").expect("real code");
        assert_eq!(huawei.division_code(), "440300");
    }

    #[test]
    fn a_real_code_with_a_changed_check_character_is_rejected() {
        let (expected, found) = ('X', 'Y');
        assert_eq!(
            rejected("91110000710925462Y"),
            WrongCheckCharacter { expected, found }
        );
    }

    #[test]
    fn codes_of_the_wrong_length_are_rejected() {
        assert_eq!(rejected("91110000710925462"), WrongLength { found: 17 });
        assert_eq!(rejected("91110000710925462XX"), WrongLength { found: 19 });
        assert_eq!(rejected("   "), WrongLength { found: 0 });
    }

    #[test]
    fn forbidden_letters_are_rejected_with_their_position() {
        for letter in ['I', 'O', 'S', 'V', 'Z', 'i', 'o', 's', 'v', 'z'] {
            let (position, found) = (10, letter.to_ascii_uppercase());
            let error = rejected(&format!("914403001{letter}22038216"));
            assert_eq!(error, InvalidCharacter { position, found });
        }
    }

    #[test]
    fn a_letter_in_the_division_code_is_rejected() {
        assert_eq!(rejected("91A40300192203821G"), InvalidDivision);
        assert_eq!(rejected("9144030A1922038216"), InvalidDivision);
    }

    #[test]
    fn lowercase_input_is_accepted_and_upper_cased() {
        let code = Uscc::parse("91110000710925462x").expect("lowercase check character");
        assert_eq!(code.as_str(), "91110000710925462X");
    }

    #[test]
    fn surrounding_whitespace_is_trimmed() {
        let code: Uscc = " \t91520000214434146R\n".parse().expect("trimmed code");
        assert_eq!(code.as_ref(), "91520000214434146R");
    }

    #[test]
    fn from_body_completes_every_real_code() {
        for code in REAL_CODES {
            assert_eq!(Uscc::from_body(&code[..17]), Uscc::parse(code));
        }
    }

    #[test]
    fn a_minted_code_parses_back_to_itself() {
        let minted = Uscc::from_body("91330100MA2abcd0q").expect("valid body");
        assert_eq!(&minted.as_str()[..17], "91330100MA2ABCD0Q");
        assert_eq!(Uscc::parse(minted.as_str()), Ok(minted));
    }

    #[test]
    fn a_weighted_sum_divisible_by_31_gives_check_character_zero() {
        // No zero in the body, so every weight takes part in the sum.
        let minted = Uscc::from_body("91441521MA4W811Q7").expect("valid body");
        assert_eq!(minted.as_str(), "91441521MA4W811Q70");
    }

    #[test]
    fn from_body_rejects_bodies_that_cannot_become_a_code() {
        assert_eq!(Uscc::from_body("9111"), Err(WrongLength { found: 5 }));
        let (position, found) = (17, 'O');
        let forbidden = Uscc::from_body("9111000071092546O");
        assert_eq!(forbidden, Err(InvalidCharacter { position, found }));
        assert_eq!(Uscc::from_body("911A0000710925462"), Err(InvalidDivision));
    }

    #[test]
    fn serde_deserialize_validates_the_code() {
        let accepted = deserialize(" 911000001000013428 ").expect("real code");
        assert_eq!(accepted.as_str(), "911000001000013428");
        let error = deserialize("911000001000013429").expect_err("wrong check character");
        assert!(error.to_string().contains("should be '8'"), "{error}");
    }

    #[test]
    fn errors_read_as_short_sentences_with_translation_keys() {
        let error = WrongLength { found: 12 };
        let text = "a unified social credit code has 18 characters, found 12";
        assert_eq!(error.to_string(), text);
        assert_eq!(error.message_key(), "uscc-wrong-length");
        assert_eq!(InvalidDivision.message_key(), "uscc-invalid-division");
    }
}
