//! The unified social credit code (统一社会信用代码) of GB 32100-2015.

use std::fmt;

use serde::{Serialize, Serializer};

/// The 31 characters a code may use: digits and upper-case letters except
/// I, O, S, V and Z (too easily misread).
const CHARSET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
/// Weight of each of the first 17 positions: 3^(i) mod 31.
const WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];
/// Position 1, the registration authority: 1–9, A (military), N (agriculture), Y (other).
const AUTHORITIES: &[u8] = b"123456789ANY";

/// An 18-character unified social credit code whose structure and check
/// digit are valid. It can only be built by [`CreditCode::parse`], so holding
/// one is proof of validity.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct CreditCode(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CreditCodeError {
    #[error("must be exactly 18 characters")]
    Length,
    #[error("character {0:?} is not allowed (digits and upper-case letters except I, O, S, V, Z)")]
    Character(char),
    #[error("the registration authority code (first character) is not valid")]
    Authority,
    #[error("characters 3 to 8 must be an administrative division code (digits)")]
    Division,
    #[error("the check digit is wrong: expected {expected}")]
    CheckDigit { expected: char },
}

fn value_of(c: char) -> Option<u32> {
    CHARSET
        .iter()
        .position(|&x| char::from(x) == c)
        .map(|p| p as u32)
}

fn values_of(code: &str) -> Result<Vec<u32>, CreditCodeError> {
    code.chars()
        .map(|c| value_of(c).ok_or(CreditCodeError::Character(c)))
        .collect()
}

/// The check character for the first 17 characters (all from [`CHARSET`]).
fn check_char(values: &[u32]) -> char {
    let sum: u32 = values.iter().zip(WEIGHTS).map(|(v, w)| v * w).sum();
    let index = (31 - sum % 31) % 31;
    char::from(CHARSET[index as usize])
}

impl CreditCode {
    /// Parses a code as a person would type it: surrounding spaces are
    /// ignored and lower-case letters are accepted.
    pub fn parse(input: &str) -> Result<Self, CreditCodeError> {
        let code = input.trim().to_ascii_uppercase();
        if code.chars().count() != 18 {
            return Err(CreditCodeError::Length);
        }
        let values = values_of(&code)?;
        // Every character is ASCII from here on.
        let bytes = code.as_bytes();
        if !AUTHORITIES.contains(&bytes[0]) {
            return Err(CreditCodeError::Authority);
        }
        if !bytes[2..8].iter().all(u8::is_ascii_digit) {
            return Err(CreditCodeError::Division);
        }
        let expected = check_char(&values[..17]);
        if char::from(bytes[17]) != expected {
            return Err(CreditCodeError::CheckDigit { expected });
        }
        Ok(Self(code))
    }

    /// Completes 17 characters with their check digit (demo data, tests).
    pub fn with_check_digit(first17: &str) -> Result<Self, CreditCodeError> {
        let values = values_of(&first17.trim().to_ascii_uppercase())?;
        if values.len() != 17 {
            return Err(CreditCodeError::Length);
        }
        Self::parse(&format!("{}{}", first17.trim(), check_char(&values)))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for CreditCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for CreditCode {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn accepts_real_codes() {
        for code in [
            "91350100M000100Y43", // the standard's own example
            "914403001922038216", // 华为技术有限公司
            "9144030071526726XG", // 深圳市腾讯计算机系统有限公司
            "91330100716105852F", // 阿里巴巴(中国)有限公司
            "91110108551385082Q", // 小米科技有限责任公司
        ] {
            assert_eq!(
                CreditCode::parse(code).map(|c| c.to_string()),
                Ok(code.to_string())
            );
        }
    }

    #[test]
    fn normalises_what_people_type() {
        let code = CreditCode::parse("  9144030071526726xg ").unwrap();
        assert_eq!(code.as_str(), "9144030071526726XG");
    }

    #[test]
    fn rejects_bad_codes_with_the_reason() {
        let cases = [
            ("9135010", CreditCodeError::Length),
            ("91350100M000100Y433", CreditCodeError::Length),
            (
                "91350100M000100Y42",
                CreditCodeError::CheckDigit { expected: '3' },
            ),
            ("91350100M000100YI3", CreditCodeError::Character('I')),
            ("91350100M00010OY43", CreditCodeError::Character('O')),
            ("B1350100M000100Y43", CreditCodeError::Authority),
            ("9135A100M000100Y43", CreditCodeError::Division),
            ("九1350100M000100Y43", CreditCodeError::Character('九')),
        ];
        for (input, expected) in cases {
            assert_eq!(CreditCode::parse(input), Err(expected), "{input}");
        }
    }

    #[test]
    fn completes_a_check_digit() {
        let code = CreditCode::with_check_digit("91350100M000100Y4").unwrap();
        assert_eq!(code.as_str(), "91350100M000100Y43");
    }

    proptest! {
        /// Changing any single character of a valid code is always caught.
        #[test]
        fn every_single_substitution_is_detected(pos in 0usize..17, replacement in 0usize..31) {
            let original = b"91350100M000100Y43";
            prop_assume!(original[pos] != CHARSET[replacement]);
            let mut changed = original.to_vec();
            changed[pos] = CHARSET[replacement];
            let changed = String::from_utf8(changed).unwrap();
            prop_assert!(CreditCode::parse(&changed).is_err());
        }
    }
}
