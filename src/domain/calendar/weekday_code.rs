//! The three-letter weekday codes (`mon`…`sun`) used wherever a weekday is
//! written down: the keys of [`super::WeeklyHours`], the weekday whose hours a
//! make-up day follows, request bodies and stored rows.

use std::{fmt, str::FromStr};

use chrono::Weekday;
use serde::{Deserialize, Serialize};

/// A weekday as `mon`, `tue`, … `sun` (lower case, nothing else accepted).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum WeekdayCode {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

const ALL: [WeekdayCode; 7] = [
    WeekdayCode::Mon,
    WeekdayCode::Tue,
    WeekdayCode::Wed,
    WeekdayCode::Thu,
    WeekdayCode::Fri,
    WeekdayCode::Sat,
    WeekdayCode::Sun,
];

impl WeekdayCode {
    pub fn as_str(self) -> &'static str {
        match self {
            WeekdayCode::Mon => "mon",
            WeekdayCode::Tue => "tue",
            WeekdayCode::Wed => "wed",
            WeekdayCode::Thu => "thu",
            WeekdayCode::Fri => "fri",
            WeekdayCode::Sat => "sat",
            WeekdayCode::Sun => "sun",
        }
    }
}

impl From<Weekday> for WeekdayCode {
    fn from(day: Weekday) -> Self {
        ALL[day.num_days_from_monday() as usize]
    }
}

impl From<WeekdayCode> for Weekday {
    fn from(code: WeekdayCode) -> Self {
        match code {
            WeekdayCode::Mon => Weekday::Mon,
            WeekdayCode::Tue => Weekday::Tue,
            WeekdayCode::Wed => Weekday::Wed,
            WeekdayCode::Thu => Weekday::Thu,
            WeekdayCode::Fri => Weekday::Fri,
            WeekdayCode::Sat => Weekday::Sat,
            WeekdayCode::Sun => Weekday::Sun,
        }
    }
}

impl fmt::Display for WeekdayCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown weekday {0:?}: expected one of mon, tue, wed, thu, fri, sat, sun")]
pub struct UnknownWeekday(pub String);

impl FromStr for WeekdayCode {
    type Err = UnknownWeekday;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        ALL.into_iter()
            .find(|code| code.as_str() == text)
            .ok_or_else(|| UnknownWeekday(text.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_through_text_serde_and_chrono() {
        for code in ALL {
            assert_eq!(code.as_str().parse(), Ok(code));
            assert_eq!(WeekdayCode::from(Weekday::from(code)), code);
            let json = serde_json::to_string(&code).expect("serializes");
            assert_eq!(json, format!("\"{code}\""));
            assert_eq!(
                serde_json::from_str::<WeekdayCode>(&json).expect("parses"),
                code
            );
        }
        assert_eq!(WeekdayCode::from(Weekday::Sun).as_str(), "sun");
    }

    #[test]
    fn only_the_lower_case_codes_are_accepted() {
        for text in ["Mon", "monday", "MON", "", " mon", "1"] {
            assert_eq!(
                text.parse::<WeekdayCode>(),
                Err(UnknownWeekday(text.to_owned()))
            );
            assert!(serde_json::from_str::<WeekdayCode>(&format!("\"{text}\"")).is_err());
        }
    }
}
