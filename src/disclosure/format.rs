//! How figures are written on pages and in histories: exact, grouped, never in floats.

use bigdecimal::{BigDecimal, RoundingMode};

/// An amount with two decimals and thousands separators: `-1,234,567.80`.
pub fn amount(value: &BigDecimal) -> String {
    let text = value
        .with_scale_round(2, RoundingMode::HalfUp)
        .to_plain_string();
    let (sign, digits) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text.as_str()),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, "00"));
    let mut grouped = String::with_capacity(whole.len() + whole.len() / 3);
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    format!("{sign}{grouped}.{fraction}")
}

/// A percentage with two decimals and its sign: `65.50%`.
pub fn percent(value: &BigDecimal) -> String {
    format!(
        "{}%",
        value
            .with_scale_round(2, RoundingMode::HalfUp)
            .to_plain_string()
    )
}

/// A multiple with two decimals: `8.50×`.
pub fn multiple(value: &BigDecimal) -> String {
    format!(
        "{}×",
        value
            .with_scale_round(2, RoundingMode::HalfUp)
            .to_plain_string()
    )
}

/// A change in percentage points, always signed: `+1.25` / `-0.40`.
pub fn signed(value: &BigDecimal) -> String {
    let text = value
        .with_scale_round(2, RoundingMode::HalfUp)
        .to_plain_string();
    if text.starts_with('-') {
        text
    } else {
        format!("+{text}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> BigDecimal {
        BigDecimal::from_str(s).unwrap()
    }

    #[test]
    fn amounts_are_grouped_by_thousands_with_two_decimals() {
        assert_eq!(amount(&d("1234567.8")), "1,234,567.80");
        assert_eq!(amount(&d("-1000")), "-1,000.00");
        assert_eq!(amount(&d("999")), "999.00");
        assert_eq!(amount(&d("0.005")), "0.01");
        assert_eq!(
            amount(&d("123456789012345678.90")),
            "123,456,789,012,345,678.90"
        );
    }

    #[test]
    fn percentages_and_changes_keep_two_decimals() {
        assert_eq!(percent(&d("65.5")), "65.50%");
        assert_eq!(signed(&d("1.254")), "+1.25");
        assert_eq!(signed(&d("-0.4")), "-0.40");
        assert_eq!(signed(&d("0")), "+0.00");
    }
}
