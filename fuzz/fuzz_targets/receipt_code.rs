//! Receipt codes as a reporter types them: parsing never panics, accepts exactly sixteen
//! digits (ASCII or full-width) among spaces and dashes, and a parsed code's grouped form
//! reads back to the same code.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sunshine::report::receipt::ReceiptCode;

/// What the parser should accept: the digits, when only digits and separators were typed.
fn model(typed: &str) -> Option<String> {
    let mut digits = String::new();
    for c in typed.chars() {
        match c {
            '0'..='9' => digits.push(c),
            '０'..='９' => digits.push(char::from_digit(c as u32 - '０' as u32, 10)?),
            ' ' | '-' | '\u{3000}' | '－' | '\t' => {}
            _ => return None,
        }
    }
    (digits.len() == 16).then_some(digits)
}

fuzz_target!(|data: &[u8]| {
    let Ok(typed) = std::str::from_utf8(data) else {
        return;
    };
    let parsed = ReceiptCode::parse(typed);
    let expected = model(typed);
    assert_eq!(parsed.is_some(), expected.is_some(), "{typed:?}");
    let Some(code) = parsed else {
        return;
    };
    let grouped = code.grouped();
    assert_eq!(grouped.len(), 19);
    assert_eq!(grouped.replace(' ', ""), expected.unwrap_or_default());
    for (i, c) in grouped.chars().enumerate() {
        assert_eq!(c == ' ', i % 5 == 4, "{grouped}");
    }
    assert!(ReceiptCode::parse(&grouped) == Some(code.clone()));
    // The code must never show in a log line.
    assert!(!format!("{code:?}").contains(&grouped[..4]));
});
