use chrono::Weekday;
use serde::{Deserialize, Serialize};

use super::error::CalendarError;
use super::interval::OfficeInterval;
use super::time_of_day::DAY_SECS;

const WEEKDAYS: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

/// Office intervals for each weekday, in local time.
///
/// Normalisation: each day's intervals may be given in any order; they are sorted,
/// intervals that *touch* (`09:00-12:00` + `12:00-13:00`) are merged into one, and
/// intervals that *overlap* are rejected. A week without any interval is rejected,
/// since no office time could ever elapse.
///
/// Serialized as `{"mon": [["09:00","12:00"],["13:30","17:30"]], "tue": [...]}`;
/// a missing day (or an empty list) is closed, unknown keys are rejected, and
/// closed days are omitted when serializing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "WeeklyHoursSpec", into = "WeeklyHoursSpec")]
pub struct WeeklyHours {
    /// Indexed by `Weekday::num_days_from_monday`.
    days: [Vec<OfficeInterval>; 7],
    week_secs: i64,
    working_weekdays: u32,
}

impl WeeklyHours {
    /// A weekday given more than once gets the union of its lists.
    pub fn new(
        days: impl IntoIterator<Item = (Weekday, Vec<OfficeInterval>)>,
    ) -> Result<Self, CalendarError> {
        let mut raw: [Vec<OfficeInterval>; 7] = Default::default();
        for (weekday, intervals) in days {
            raw[weekday.num_days_from_monday() as usize].extend(intervals);
        }
        let mut normalised: [Vec<OfficeInterval>; 7] = Default::default();
        for (weekday, (slot, intervals)) in WEEKDAYS.into_iter().zip(normalised.iter_mut().zip(raw))
        {
            *slot = normalise_day(weekday, intervals)?;
        }
        let week_secs = normalised
            .iter()
            .flatten()
            .map(|i| i64::from(i.duration_secs()))
            .sum();
        let working_weekdays = normalised.iter().filter(|day| !day.is_empty()).count() as u32;
        if working_weekdays == 0 {
            return Err(CalendarError::NoOfficeHours);
        }
        Ok(WeeklyHours {
            days: normalised,
            week_secs,
            working_weekdays,
        })
    }

    /// The same intervals Monday to Friday, weekends closed.
    pub fn mon_to_fri(intervals: &[OfficeInterval]) -> Result<Self, CalendarError> {
        Self::new(WEEKDAYS[..5].iter().map(|&day| (day, intervals.to_vec())))
    }

    /// The same intervals on all seven days.
    pub fn every_day(intervals: &[OfficeInterval]) -> Result<Self, CalendarError> {
        Self::new(WEEKDAYS.iter().map(|&day| (day, intervals.to_vec())))
    }

    /// 00:00–24:00 on all seven days.
    pub(super) fn always_open() -> Self {
        let days: [Vec<OfficeInterval>; 7] = Default::default();
        WeeklyHours {
            days: days.map(|_| vec![OfficeInterval::WHOLE_DAY]),
            week_secs: 7 * i64::from(DAY_SECS),
            working_weekdays: 7,
        }
    }

    /// Sorted, non-overlapping, non-touching intervals of `weekday` (empty when closed).
    pub fn day(&self, weekday: Weekday) -> &[OfficeInterval] {
        &self.days[weekday.num_days_from_monday() as usize]
    }

    /// Office seconds in one week without exceptions (always > 0).
    pub fn week_secs(&self) -> i64 {
        self.week_secs
    }

    /// Number of weekdays with office hours (1..=7).
    pub fn working_weekdays(&self) -> u32 {
        self.working_weekdays
    }
}

fn normalise_day(
    weekday: Weekday,
    mut intervals: Vec<OfficeInterval>,
) -> Result<Vec<OfficeInterval>, CalendarError> {
    intervals.sort();
    let mut out: Vec<OfficeInterval> = Vec::with_capacity(intervals.len());
    for next in intervals {
        match out.last_mut() {
            Some(last) if next.start() < last.end() => {
                return Err(CalendarError::OverlappingIntervals {
                    weekday,
                    first: *last,
                    second: next,
                });
            }
            Some(last) if next.start() == last.end() => {
                *last = OfficeInterval::new(last.start(), next.end())?;
            }
            _ => out.push(next),
        }
    }
    Ok(out)
}

/// Wire form of [`WeeklyHours`].
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct WeeklyHoursSpec {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    mon: Vec<OfficeInterval>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    tue: Vec<OfficeInterval>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    wed: Vec<OfficeInterval>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    thu: Vec<OfficeInterval>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    fri: Vec<OfficeInterval>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    sat: Vec<OfficeInterval>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    sun: Vec<OfficeInterval>,
}

impl TryFrom<WeeklyHoursSpec> for WeeklyHours {
    type Error = CalendarError;

    fn try_from(spec: WeeklyHoursSpec) -> Result<Self, Self::Error> {
        let WeeklyHoursSpec {
            mon,
            tue,
            wed,
            thu,
            fri,
            sat,
            sun,
        } = spec;
        Self::new(
            WEEKDAYS
                .into_iter()
                .zip([mon, tue, wed, thu, fri, sat, sun]),
        )
    }
}

impl From<WeeklyHours> for WeeklyHoursSpec {
    fn from(weekly: WeeklyHours) -> Self {
        let [mon, tue, wed, thu, fri, sat, sun] = weekly.days;
        WeeklyHoursSpec {
            mon,
            tue,
            wed,
            thu,
            fri,
            sat,
            sun,
        }
    }
}
