//! The values a ticket is made of, each parsed once at the edge.

use std::{fmt, str::FromStr};

use chrono::{DateTime, Datelike, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

/// How the request reached the service desk.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// Filed by the enterprise contact in the mobile app.
    App,
    /// Taken by a dispatcher on the phone.
    Hotline,
    /// Taken by a dispatcher from a visit (走访).
    Visit,
}

/// How the service side heard from an enterprise it answers or rates for
/// (an enterprise without an account, or one that phoned in): recorded on
/// the event of a reply or a confirmation made on the enterprise's behalf.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContactChannel {
    /// A call, either way (including the follow-up call, 电话回访).
    Phone,
    /// A visit (走访).
    Visit,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    #[default]
    Normal,
    Urgent,
}

/// Where a request for more time (延期) stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ExtensionStatus {
    /// Awaits a dispatcher's decision.
    Requested,
    Granted,
    Denied,
    /// The ticket was resolved or ended before anyone decided.
    Lapsed,
}

macro_rules! text_enum {
    ($ty:ident { $($variant:ident => $text:literal),* $(,)? }) => {
        impl $ty {
            pub const ALL: &'static [$ty] = &[$($ty::$variant),*];

            pub fn as_str(self) -> &'static str {
                match self { $($ty::$variant => $text),* }
            }
        }

        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $ty {
            type Err = UnknownValue;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                $ty::ALL
                    .iter()
                    .copied()
                    .find(|v| v.as_str() == s)
                    .ok_or_else(|| UnknownValue(s.to_string()))
            }
        }
    };
}

text_enum!(Channel { App => "app", Hotline => "hotline", Visit => "visit" });
text_enum!(Priority { Normal => "normal", Urgent => "urgent" });
text_enum!(ContactChannel { Phone => "phone", Visit => "visit" });
text_enum!(ExtensionStatus {
    Requested => "requested",
    Granted => "granted",
    Denied => "denied",
    Lapsed => "lapsed",
});

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown value {0:?}")]
pub struct UnknownValue(pub String);

/// A satisfaction rating (回访评价), 1 to 5 stars.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Rating(u8);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a rating is a whole number from 1 to 5")]
pub struct RatingError;

impl Rating {
    pub fn new(stars: i64) -> Result<Self, RatingError> {
        u8::try_from(stars)
            .ok()
            .filter(|s| (1..=5).contains(s))
            .map(Rating)
            .ok_or(RatingError)
    }

    pub fn get(self) -> u8 {
        self.0
    }

    /// Four or five stars count as satisfied in the reports.
    pub fn is_satisfied(self) -> bool {
        self.0 >= 4
    }
}

/// The zone whose calendar year numbers tickets: the jurisdictions huying
/// serves are in China, and a ticket filed at 07:00 on 1 January Beijing
/// time belongs to the new year.
pub const NUMBERING_ZONE: Tz = Tz::Asia__Shanghai;

/// The human-friendly number beside the opaque id, `2026-000123`: the year
/// of filing and the ticket's place in that year.
pub fn ticket_number(year: i32, sequence: i64) -> String {
    format!("{year}-{sequence:06}")
}

/// The numbering year of an instant.
pub fn numbering_year(at: DateTime<Utc>) -> i32 {
    at.with_timezone(&NUMBERING_ZONE).year()
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn ratings_are_one_to_five() {
        for ok in 1..=5 {
            assert_eq!(Rating::new(ok).map(Rating::get), Ok(ok as u8));
        }
        for bad in [0, 6, -1, 256, i64::MAX] {
            assert_eq!(Rating::new(bad), Err(RatingError), "{bad}");
        }
        assert!(Rating::new(4).is_ok_and(|r| r.is_satisfied()));
        assert!(Rating::new(3).is_ok_and(|r| !r.is_satisfied()));
    }

    #[test]
    fn numbers_follow_the_beijing_year() {
        let new_year_beijing = Utc.with_ymd_and_hms(2026, 12, 31, 16, 30, 0).unwrap();
        assert_eq!(numbering_year(new_year_beijing), 2027);
        assert_eq!(ticket_number(2027, 1), "2027-000001");
        assert_eq!(ticket_number(2026, 1_234_567), "2026-1234567");
    }

    #[test]
    fn enums_round_trip_through_text() {
        for c in Channel::ALL {
            assert_eq!(c.as_str().parse::<Channel>(), Ok(*c));
        }
        for p in Priority::ALL {
            assert_eq!(p.as_str().parse::<Priority>(), Ok(*p));
        }
        assert!("fax".parse::<Channel>().is_err());
    }
}
