//! Short identifiers people choose: logins, department codes, category codes.

use std::fmt;

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct CodeError(&'static str);

macro_rules! code_type {
    ($(#[$doc:meta])* $name:ident, $check:expr, $message:literal) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            pub fn parse(input: &str) -> Result<Self, CodeError> {
                let check: fn(&str) -> bool = $check;
                if check(input) {
                    Ok(Self(input.to_string()))
                } else {
                    Err(CodeError($message))
                }
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }

            pub fn into_inner(self) -> String {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

fn chars_within(s: &str, min: usize, max: usize, allowed: impl Fn(char) -> bool) -> bool {
    (min..=max).contains(&s.chars().count()) && s.chars().all(allowed)
}

code_type!(
    /// A sign-in name: 3–64 characters of letters, digits and `.`, `_`, `-`, `@`.
    Login,
    |s| chars_within(s, 3, 64, |c| c.is_ascii_alphanumeric() || "._-@".contains(c)),
    "must be 3 to 64 characters: letters, digits, '.', '_', '-' or '@'"
);

code_type!(
    /// A department's short code, unique in the jurisdiction (e.g. `HRSS`).
    DepartmentCode,
    |s| chars_within(s, 2, 32, |c| c.is_ascii_alphanumeric() || "_-".contains(c)),
    "must be 2 to 32 characters: letters, digits, '_' or '-'"
);

code_type!(
    /// A call-list category's code (e.g. `hiring`): lower-case, stable, used in URLs and reports.
    CategoryCode,
    |s| chars_within(s, 2, 32, |c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && s.starts_with(|c: char| c.is_ascii_lowercase()),
    "must be 2 to 32 characters of lower-case letters, digits or '_', starting with a letter"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logins() {
        for ok in ["admin", "zhang.san", "li_si-2", "a@b.cn"] {
            assert!(Login::parse(ok).is_ok(), "{ok}");
        }
        for bad in ["", "ab", "has space", "张三", &"x".repeat(65)] {
            assert!(Login::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn department_codes() {
        assert!(DepartmentCode::parse("HRSS").is_ok());
        assert!(DepartmentCode::parse("natural-resources").is_ok());
        assert!(DepartmentCode::parse("H").is_err());
        assert!(DepartmentCode::parse("人社局").is_err());
    }

    #[test]
    fn category_codes() {
        assert!(CategoryCode::parse("hiring").is_ok());
        assert!(CategoryCode::parse("ip_rights2").is_ok());
        assert!(CategoryCode::parse("Hiring").is_err());
        assert!(CategoryCode::parse("2fa").is_err());
        assert!(CategoryCode::parse("a").is_err());
    }
}
