//! Parsing one cell into a typed value, with the reason in plain English when it fails.
//!
//! Every parser takes a non-empty cell (emptiness is decided by the caller, which knows
//! whether the column is required). Amounts never pass through a float: text is read
//! digit by digit, and an XLSX number cell is turned back into the shortest decimal that
//! the spreadsheet's float stands for, then read the same way — and refused, never
//! rounded, when that decimal has more than two places.

use std::str::FromStr;

use bigdecimal::BigDecimal;
use chrono::NaiveDate;

use super::message::Message;
use super::read::Cell;
use crate::disclosure::model::{AuditOpinion, Unit};
use crate::enterprise::{Uscc, UsccError};

/// Amounts are stored as numeric(20, 2): at most 18 digits before the point.
const MAX_INTEGER_DIGITS: usize = 18;
/// Amounts are stated to the fen (分).
const MAX_DECIMALS: usize = 2;
/// A spreadsheet number cell holds 15 significant digits exactly; beyond that the
/// digits shown are not the digits typed.
const SPREADSHEET_DIGITS: usize = 15;

/// The earliest year the store accepts (the database's own bound).
pub(super) const FIRST_YEAR: i16 = 1990;

/// The cell as text, trimmed. Numbers print as their shortest exact decimal.
pub(super) fn text(cell: &Cell) -> Result<String, Message> {
    match cell {
        Cell::Empty => Ok(String::new()),
        Cell::Text(s) => Ok(s.trim().to_owned()),
        Cell::Number(f) => Ok(f.to_string()),
        Cell::Bool(b) => Ok(b.to_string()),
        Cell::Date(d) => Ok(d.to_string()),
        Cell::Invalid(reason) => Err(reason.clone()),
    }
}

/// Free text of at most `max` characters (the database's limit for the column).
pub(super) fn bounded_text(cell: &Cell, max: usize) -> Result<String, Message> {
    let value = text(cell)?;
    let length = value.chars().count();
    if length > max {
        return Err(Message::new("import_too_long")
            .arg("length", length)
            .arg("max", max));
    }
    Ok(value)
}

/// A unified social credit code, check character included.
pub(super) fn uscc(cell: &Cell) -> Result<Uscc, Message> {
    let value = text(cell)?;
    Uscc::parse(&value).map_err(|e| {
        Message::new("import_bad_uscc")
            .arg("value", &value)
            .part("error", uscc_error(&e))
    })
}

/// Why a code is not one, as a message.
fn uscc_error(error: &UsccError) -> Message {
    match *error {
        UsccError::WrongLength { found } => {
            Message::new("import_uscc_wrong_length").arg("found", found)
        }
        UsccError::InvalidCharacter { position, found } => {
            Message::new("import_uscc_invalid_character")
                .arg("found", found)
                .arg("position", position)
        }
        UsccError::InvalidDivision => Message::new("import_uscc_invalid_division"),
        UsccError::WrongCheckCharacter { expected, found } => {
            Message::new("import_uscc_wrong_check")
                .arg("expected", expected)
                .arg("found", found)
        }
    }
}

/// A calendar year between [`FIRST_YEAR`] and `this_year`: nothing can be disclosed
/// for a year that has not begun.
pub(super) fn year(cell: &Cell, this_year: i16) -> Result<i16, Message> {
    let value = text(cell)?;
    let year = value
        .parse::<i16>()
        .map_err(|_| Message::new("import_bad_year").arg("value", &value))?;
    if !(FIRST_YEAR..=this_year).contains(&year) {
        return Err(Message::new("import_year_out_of_range")
            .arg("year", year)
            .arg("first", FIRST_YEAR)
            .arg("last", this_year));
    }
    Ok(year)
}

/// A quarter, 1-4 (also written Q1-Q4).
pub(super) fn quarter(cell: &Cell) -> Result<i16, Message> {
    let value = text(cell)?;
    let digits = value
        .strip_prefix(['Q', 'q'])
        .unwrap_or(&value)
        .trim_start();
    match digits.parse::<i16>() {
        Ok(q @ 1..=4) => Ok(q),
        _ => Err(Message::new("import_bad_quarter").arg("value", &value)),
    }
}

/// `yuan` or `wan_yuan`, also written 元 or 万元.
pub(super) fn unit(cell: &Cell) -> Result<Unit, Message> {
    let value = text(cell)?;
    match value.to_ascii_lowercase().as_str() {
        "元" => Ok(Unit::Yuan),
        "万元" => Ok(Unit::WanYuan),
        code => Unit::from_code(code)
            .ok_or_else(|| Message::new("import_bad_unit").arg("value", &value)),
    }
}

/// Yes or no: true/false, yes/no, y/n, 1/0, 是/否, or a spreadsheet boolean.
pub(super) fn flag(cell: &Cell) -> Result<bool, Message> {
    let value = text(cell)?;
    match value.to_ascii_lowercase().as_str() {
        "true" | "yes" | "y" | "1" | "是" => Ok(true),
        "false" | "no" | "n" | "0" | "否" => Ok(false),
        _ => Err(Message::new("import_bad_flag").arg("value", &value)),
    }
}

/// A date written 2026-12-31 or 2026/12/31, or a spreadsheet date.
pub(super) fn date(cell: &Cell) -> Result<NaiveDate, Message> {
    if let Cell::Date(d) = cell {
        return Ok(*d);
    }
    let value = text(cell)?;
    // Some spreadsheets store dates as ISO date-times at midnight.
    let day = value.strip_suffix("T00:00:00").unwrap_or(&value);
    NaiveDate::parse_from_str(day, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(day, "%Y/%m/%d"))
        .map_err(|_| Message::new("import_bad_date").arg("value", &value))
}

/// An audit opinion by its code or its Chinese name.
pub(super) fn audit_opinion(cell: &Cell) -> Result<AuditOpinion, Message> {
    let value = text(cell)?;
    let by_name = match value.as_str() {
        "标准无保留意见" | "无保留意见" => Some(AuditOpinion::Unqualified),
        "带强调事项段的无保留意见" => Some(AuditOpinion::UnqualifiedWithEmphasis),
        "保留意见" => Some(AuditOpinion::Qualified),
        "否定意见" => Some(AuditOpinion::Adverse),
        "无法表示意见" => Some(AuditOpinion::Disclaimer),
        _ => None,
    };
    by_name
        .or_else(|| AuditOpinion::from_code(&value.to_ascii_lowercase()))
        .ok_or_else(|| {
            let codes: Vec<&str> = AuditOpinion::ALL.iter().map(|o| o.code()).collect();
            Message::new("import_bad_audit_opinion")
                .arg("value", &value)
                .arg("codes", codes.join(", "))
        })
}

/// A rectification item's code, R1, R2...: capital letters, digits and hyphens, at most
/// 20 (lower case is taken as upper case: the code is a key, not prose).
pub(super) fn item_code(cell: &Cell) -> Result<String, Message> {
    let value = text(cell)?;
    let code = value.to_ascii_uppercase();
    let valid = (1..=20).contains(&code.len())
        && code
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-');
    if !valid {
        return Err(Message::new("import_bad_item_code").arg("value", &value));
    }
    Ok(code)
}

/// An exact amount, negative allowed (profits can be losses).
pub(super) fn amount(cell: &Cell) -> Result<BigDecimal, Message> {
    match cell {
        Cell::Number(f) => spreadsheet_number(*f),
        _ => {
            let written = text(cell)?;
            decimal(&written).map_err(|reason| {
                Message::new("import_amount_written")
                    .arg("value", &written)
                    .part("reason", reason)
            })
        }
    }
}

/// An exact amount that cannot be negative (assets, liabilities, factor amounts).
pub(super) fn non_negative_amount(cell: &Cell) -> Result<BigDecimal, Message> {
    let value = amount(cell)?;
    if value.sign() == bigdecimal::num_bigint::Sign::Minus {
        return Err(Message::new("import_negative").arg("value", text(cell)?));
    }
    Ok(value)
}

fn spreadsheet_number(f: f64) -> Result<BigDecimal, Message> {
    if !f.is_finite() {
        return Err(Message::new("import_not_finite"));
    }
    // Rust prints the shortest decimal that reads back as the same float, which is the
    // decimal the spreadsheet wrote into the file.
    let shown = f.to_string();
    let significant = shown
        .chars()
        .filter(char::is_ascii_digit)
        .skip_while(|&c| c == '0')
        .count();
    if significant > SPREADSHEET_DIGITS {
        return Err(Message::new("import_too_many_digits").arg("shown", &shown));
    }
    decimal(&shown).map_err(|reason| {
        Message::new("import_amount_stored")
            .arg("shown", &shown)
            .part("reason", reason)
    })
}

/// Reads `-1234.56` or `-1,234.56`; the exponent notation that `BigDecimal` also takes
/// is refused, so what is imported is exactly what a person reads.
fn decimal(text: &str) -> Result<BigDecimal, Message> {
    let not_a_number = || Message::new("import_amount_not_a_number");
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (integer, fraction) = match unsigned.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (unsigned, None),
    };
    let integer = without_thousands_separators(integer).ok_or_else(not_a_number)?;
    let fraction = fraction.unwrap_or("");
    if integer.is_empty() || fraction.bytes().any(|b| !b.is_ascii_digit()) {
        return Err(not_a_number());
    }
    if unsigned.ends_with('.') {
        return Err(not_a_number());
    }
    let significant_integer = integer.trim_start_matches('0').len();
    if significant_integer > MAX_INTEGER_DIGITS {
        return Err(Message::new("import_amount_integer_digits")
            .arg("digits", significant_integer)
            .arg("max", MAX_INTEGER_DIGITS));
    }
    // Trailing zeros change no value, so 1.500 is as exact as 1.50.
    let places = fraction.trim_end_matches('0').len();
    if places > MAX_DECIMALS {
        return Err(Message::new("import_amount_decimals")
            .arg("places", places)
            .arg("max", MAX_DECIMALS));
    }
    let sign = if text.starts_with('-') { "-" } else { "" };
    let canonical = format!("{sign}{integer}.{fraction:0<MAX_DECIMALS$}");
    BigDecimal::from_str(&canonical)
        .map(|d| d.with_scale(MAX_DECIMALS as i64))
        .map_err(|_| not_a_number())
}

/// Digits, with commas only where thousands separators belong (1,234,567).
fn without_thousands_separators(integer: &str) -> Option<String> {
    if !integer.contains(',') {
        return integer
            .bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| integer.to_owned());
    }
    let mut groups = integer.split(',');
    let first = groups.next()?;
    let first_ok = (1..=3).contains(&first.len()) && first.bytes().all(|b| b.is_ascii_digit());
    let mut digits = first.to_owned();
    for group in groups {
        if group.len() != 3 || !group.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        digits.push_str(group);
    }
    first_ok.then_some(digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Cell {
        Cell::Text(s.to_owned())
    }

    fn d(s: &str) -> BigDecimal {
        BigDecimal::from_str(s).unwrap()
    }

    #[test]
    fn bigdecimal_equality_ignores_scale_so_loaded_and_parsed_amounts_compare_equal() {
        assert_eq!(d("1.0"), d("1.00"));
        assert_eq!(d("100"), d("100.00"));
    }

    #[test]
    fn amounts_are_read_digit_by_digit_and_kept_exact() {
        assert_eq!(amount(&t("1234.56")).unwrap(), d("1234.56"));
        assert_eq!(amount(&t("-0.1")).unwrap(), d("-0.10"));
        assert_eq!(amount(&t("1,234,567.89")).unwrap(), d("1234567.89"));
        assert_eq!(amount(&t("+7")).unwrap(), d("7"));
        // 0.1 + 0.2 style drift cannot happen: these stay exactly what was written.
        assert_eq!(
            amount(&t("999999999999999999.99")).unwrap().to_string(),
            "999999999999999999.99"
        );
        assert_eq!(amount(&t("1.50")).unwrap().to_string(), "1.50");
    }

    #[test]
    fn trailing_zeros_beyond_the_fen_are_not_rounding() {
        assert_eq!(amount(&t("1.500")).unwrap(), d("1.5"));
    }

    #[test]
    fn more_than_two_decimals_are_refused_not_rounded() {
        let reason = amount(&t("1.005")).unwrap_err().to_string();
        assert!(reason.contains("3 decimal places"), "{reason}");
    }

    #[test]
    fn malformed_amounts_are_refused() {
        for bad in [
            "1e5", "12,34.5", "1.2.3", "abc", "1.", ".5", "-", "1 000", "(12)", "0x10",
        ] {
            assert!(amount(&t(bad)).is_err(), "{bad} was accepted");
        }
        let reason = amount(&t("1234567890123456789")).unwrap_err().to_string();
        assert!(reason.contains("19 digits"), "{reason}");
    }

    #[test]
    fn spreadsheet_numbers_become_the_decimal_they_were_typed_as() {
        assert_eq!(amount(&Cell::Number(1234.56)).unwrap(), d("1234.56"));
        assert_eq!(amount(&Cell::Number(0.1)).unwrap(), d("0.1"));
        assert_eq!(amount(&Cell::Number(-98765.4)).unwrap(), d("-98765.4"));
        assert_eq!(amount(&Cell::Number(852000.0)).unwrap(), d("852000"));
    }

    #[test]
    fn spreadsheet_numbers_with_hidden_decimals_are_refused_not_rounded() {
        let reason = amount(&Cell::Number(0.1 + 0.2)).unwrap_err().to_string();
        assert!(reason.contains("0.30000000000000004"), "{reason}");
        let reason = amount(&Cell::Number(10.0 / 3.0)).unwrap_err().to_string();
        assert!(reason.contains("3.3333333333333335"), "{reason}");
        let reason = amount(&Cell::Number(1234.567)).unwrap_err().to_string();
        assert!(reason.contains("3 decimal places"), "{reason}");
        assert!(amount(&Cell::Number(f64::NAN)).is_err());
    }

    #[test]
    fn negative_amounts_are_refused_where_they_cannot_be() {
        assert!(non_negative_amount(&t("-1")).is_err());
        assert_eq!(non_negative_amount(&t("0")).unwrap(), d("0"));
    }

    #[test]
    fn units_are_read_in_english_or_chinese() {
        assert_eq!(unit(&t("yuan")).unwrap(), Unit::Yuan);
        assert_eq!(unit(&t("元")).unwrap(), Unit::Yuan);
        assert_eq!(unit(&t("WAN_YUAN")).unwrap(), Unit::WanYuan);
        assert_eq!(unit(&t("万元")).unwrap(), Unit::WanYuan);
        assert!(unit(&t("亿元"))
            .unwrap_err()
            .to_string()
            .contains("not a unit"));
    }

    #[test]
    fn years_must_have_begun_and_quarters_are_one_to_four() {
        assert_eq!(year(&t("2026"), 2026).unwrap(), 2026);
        assert_eq!(year(&Cell::Number(2025.0), 2026).unwrap(), 2025);
        assert!(year(&t("2027"), 2026).is_err());
        assert!(year(&t("1989"), 2026).is_err());
        assert!(year(&Cell::Number(2025.5), 2026).is_err());
        assert_eq!(quarter(&t("3")).unwrap(), 3);
        assert_eq!(quarter(&t("Q4")).unwrap(), 4);
        assert!(quarter(&t("5")).is_err());
        assert!(quarter(&t("0")).is_err());
    }

    #[test]
    fn flags_dates_and_opinions_take_the_usual_spellings() {
        assert!(flag(&t("是")).unwrap());
        assert!(!flag(&t("FALSE")).unwrap());
        assert!(flag(&Cell::Bool(true)).unwrap());
        assert!(flag(&t("maybe")).is_err());
        let day = NaiveDate::from_ymd_opt(2026, 12, 31).unwrap();
        assert_eq!(date(&t("2026-12-31")).unwrap(), day);
        assert_eq!(date(&t("2026/12/31")).unwrap(), day);
        assert_eq!(date(&Cell::Date(day)).unwrap(), day);
        assert!(date(&t("31.12.2026")).is_err());
        assert_eq!(
            audit_opinion(&t("保留意见")).unwrap(),
            AuditOpinion::Qualified
        );
        assert_eq!(
            audit_opinion(&t("unqualified_with_emphasis")).unwrap(),
            AuditOpinion::UnqualifiedWithEmphasis
        );
        assert!(audit_opinion(&t("fine")).is_err());
    }

    #[test]
    fn codes_are_checked_including_the_check_character() {
        assert!(uscc(&t("91450500DEM000001J")).is_ok());
        let reason = uscc(&t("91450500DEM000001K")).unwrap_err().to_string();
        assert!(reason.contains("check character"), "{reason}");
    }

    #[test]
    fn item_codes_are_keys_in_capitals() {
        assert_eq!(item_code(&t("R1")).unwrap(), "R1");
        assert_eq!(item_code(&t("r2")).unwrap(), "R2");
        assert_eq!(item_code(&t("2024-A-3")).unwrap(), "2024-A-3");
        assert!(item_code(&t("R 1")).is_err());
        assert!(item_code(&t("整改1")).is_err());
        assert!(item_code(&t("R123456789012345678901")).is_err());
    }

    #[test]
    fn text_is_bounded_in_characters_not_bytes() {
        assert!(bounded_text(&t("审计机构"), 4).is_ok());
        assert!(bounded_text(&t("审计机构名"), 4).is_err());
    }
}
