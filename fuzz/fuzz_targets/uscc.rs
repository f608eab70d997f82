//! Unified social credit codes as typed: parsing never panics, a parsed code is its
//! normalised input, and it round-trips through `Display`, `FromStr` and `from_body`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sunshine::enterprise::Uscc;

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    match Uscc::parse(input) {
        Ok(uscc) => {
            let code = uscc.as_str();
            assert_eq!(code, input.trim().to_ascii_uppercase());
            assert_eq!(code.len(), 18);
            assert!(code
                .bytes()
                .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase()));
            assert!(uscc.division_code().bytes().all(|b| b.is_ascii_digit()));
            let shown = uscc.to_string();
            assert_eq!(shown, code);
            assert_eq!(shown.parse::<Uscc>().as_ref(), Ok(&uscc));
            assert_eq!(Uscc::from_body(&code[..17]).as_ref(), Ok(&uscc));
        }
        Err(e) => {
            assert!(!e.message_key().is_empty());
            assert!(!e.to_string().is_empty());
            assert_eq!(input.parse::<Uscc>(), Err(e));
        }
    }
    // Any 17 characters that make a code make one that parses back to itself.
    if let Ok(minted) = Uscc::from_body(input) {
        assert_eq!(Uscc::parse(minted.as_str()).as_ref(), Ok(&minted));
        assert!(minted
            .as_str()
            .starts_with(&input.trim().to_ascii_uppercase()));
    }
});
