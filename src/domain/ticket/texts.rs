//! Text people type into a ticket, parsed once: trimmed, not blank, and
//! at most so many characters. Past the edge a `Reason` or a `Title` is
//! known to be fit; nothing re-checks or re-trims it. (Control characters
//! and the like are the request edge's filter, not these types'.)

use std::fmt;

use serde::Serialize;

/// Trimmed, non-blank text of at most `MAX` characters.
#[derive(Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Trimmed<const MAX: usize>(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    #[error("must not be blank")]
    Blank,
    #[error("must be at most {max} characters")]
    TooLong { max: usize },
}

impl<const MAX: usize> Trimmed<MAX> {
    pub fn parse(text: &str) -> Result<Self, TextError> {
        let text = text.trim();
        if text.is_empty() {
            Err(TextError::Blank)
        } else if text.chars().count() > MAX {
            Err(TextError::TooLong { max: MAX })
        } else {
            Ok(Trimmed(text.to_string()))
        }
    }

    /// Optional text: blank counts as not given.
    pub fn optional(text: Option<&str>) -> Result<Option<Self>, TextError> {
        match text.map(str::trim) {
            None | Some("") => Ok(None),
            Some(t) => Self::parse(t).map(Some),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

impl<const MAX: usize> fmt::Debug for Trimmed<MAX> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

impl<const MAX: usize> fmt::Display for Trimmed<MAX> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A ticket's title.
pub type Title = Trimmed<200>;
/// What the enterprise asks, in full.
pub type Description = Trimmed<10_000>;
/// Why an action is taken (return, reject, escalate, reopen, urge, cancel,
/// an extension request).
pub type Reason = Trimmed<2000>;
/// A request for information, or the enterprise's reply.
pub type Message = Trimmed<4000>;
/// The department's answer.
pub type Resolution = Trimmed<8000>;
/// The enterprise's words on confirming, or a dispatcher's decision note.
pub type Feedback = Trimmed<2000>;
/// A comment or internal note.
pub type CommentBody = Trimmed<8000>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_and_refuses_blank_or_long_text() {
        assert_eq!(Reason::parse("  原因 \n").unwrap().as_str(), "原因");
        assert_eq!(Reason::parse(" \t\n"), Err(TextError::Blank));
        assert_eq!(
            Trimmed::<3>::parse("四个汉字"),
            Err(TextError::TooLong { max: 3 })
        );
        assert_eq!(Trimmed::<3>::parse(" 三个字 ").unwrap().as_str(), "三个字");
        assert_eq!(Feedback::optional(Some("  ")), Ok(None));
        assert_eq!(Feedback::optional(None), Ok(None));
    }
}
