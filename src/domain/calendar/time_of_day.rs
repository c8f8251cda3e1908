//! `"HH:MM"` / `"HH:MM:SS"` text for seconds after local midnight.

use std::fmt;

use super::error::CalendarError;

pub(super) const DAY_SECS: u32 = 86_400;

/// Parses `"HH:MM"` or `"HH:MM:SS"` (two digits each) into seconds after midnight.
///
/// `"24:00"` (= 86400) is accepted here; whether it is allowed as a start is for
/// the caller to decide.
pub(super) fn parse(text: &str) -> Result<u32, CalendarError> {
    let invalid = || CalendarError::InvalidTimeOfDay(text.to_owned());
    let bytes = text.as_bytes();
    let field = |i: usize| -> Option<u32> {
        let (hi, lo) = (*bytes.get(i)?, *bytes.get(i + 1)?);
        (hi.is_ascii_digit() && lo.is_ascii_digit())
            .then(|| u32::from((hi - b'0') * 10 + (lo - b'0')))
    };
    let (hours, minutes, seconds) = match bytes.len() {
        5 if bytes[2] == b':' => (field(0), field(3), Some(0)),
        8 if bytes[2] == b':' && bytes[5] == b':' => (field(0), field(3), field(6)),
        _ => return Err(invalid()),
    };
    let (Some(h), Some(m), Some(s)) = (hours, minutes, seconds) else {
        return Err(invalid());
    };
    let secs = h * 3600 + m * 60 + s;
    if m > 59 || s > 59 || secs > DAY_SECS {
        return Err(invalid());
    }
    Ok(secs)
}

/// Displays seconds after midnight as `HH:MM`, or `HH:MM:SS` when seconds are not zero.
pub(super) struct TimeOfDay(pub(super) u32);

impl fmt::Display for TimeOfDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (h, m, s) = (self.0 / 3600, self.0 / 60 % 60, self.0 % 60);
        if s == 0 {
            write!(f, "{h:02}:{m:02}")
        } else {
            write!(f, "{h:02}:{m:02}:{s:02}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_formats() {
        for (text, secs) in [
            ("00:00", 0),
            ("09:00", 32_400),
            ("13:30", 48_600),
            ("24:00", 86_400),
        ] {
            assert_eq!(parse(text), Ok(secs));
            assert_eq!(TimeOfDay(secs).to_string(), text);
        }
        assert_eq!(parse("17:30:15"), Ok(63_015));
        assert_eq!(TimeOfDay(63_015).to_string(), "17:30:15");
    }

    #[test]
    fn rejects_malformed_and_out_of_range() {
        for text in [
            "25:00",
            "24:01",
            "24:00:01",
            "12:60",
            "12:00:60",
            "9:00",
            "0900",
            "12:00 ",
            "",
            "ab:cd",
            "-1:00",
            "12:5",
            "１２:００",
        ] {
            assert_eq!(
                parse(text),
                Err(CalendarError::InvalidTimeOfDay(text.to_owned())),
                "{text}"
            );
        }
    }
}
