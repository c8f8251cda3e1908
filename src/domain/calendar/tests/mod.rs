//! Shared fixtures for the calendar tests.

mod awkward_zones;
mod china_holidays;
mod china_office_hours;
mod dst;
mod holiday_import;
mod properties;
mod properties_more;
mod serde_formats;
mod timing;
mod validation;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc, Weekday};
use chrono_tz::Tz;

use super::{
    BusinessDuration, Calendar, CalendarError, HolidayList, OfficeInterval, SlaTarget, WeeklyHours,
};

pub(super) const CN_2026_JSON: &str = include_str!("../testdata/cn-public-holidays-2026.json");

pub(super) static CN_2026: LazyLock<HolidayList> =
    LazyLock::new(|| serde_json::from_str(CN_2026_JSON).expect("the 2026 holiday file parses"));

/// Asia/Shanghai, Mon–Fri 09:00–12:00 + 13:30–17:30, real 2026 holidays.
pub(super) static CHINA: LazyLock<Calendar> = LazyLock::new(|| {
    Calendar::china_government_office_hours(CN_2026.holidays.clone(), CN_2026.make_up_days())
        .expect("valid")
});

pub(super) static ALWAYS_OPEN: LazyLock<Calendar> = LazyLock::new(Calendar::always_open);

/// Europe/Berlin, Mon–Fri 08:00–12:00 + 13:00–17:00, a night shift Sat 22:00–24:00
/// and Sun 00:00–03:00 (touching at midnight, spanning the 02:00/03:00 DST switch),
/// a few holidays and two synthetic make-up Saturdays on the DST weekends.
pub(super) static BERLIN: LazyLock<Calendar> = LazyLock::new(|| {
    let weekday = vec![iv("08:00", "12:00"), iv("13:00", "17:00")];
    let weekly = WeeklyHours::new([
        (Weekday::Mon, weekday.clone()),
        (Weekday::Tue, weekday.clone()),
        (Weekday::Wed, weekday.clone()),
        (Weekday::Thu, weekday.clone()),
        (Weekday::Fri, weekday),
        (Weekday::Sat, vec![iv("22:00", "24:00")]),
        (Weekday::Sun, vec![iv("00:00", "03:00")]),
    ])
    .expect("valid");
    let holidays = [
        "2025-04-18",
        "2025-04-21",
        "2025-12-25",
        "2025-12-26",
        "2026-01-01",
        "2026-04-03",
        "2026-04-06",
        "2026-10-03",
        "2026-12-25",
        "2027-03-28",
        "2027-10-31",
    ]
    .into_iter()
    .map(date)
    .collect();
    let make_ups = BTreeMap::from([
        (date("2026-03-28"), Weekday::Sun),
        (date("2026-10-24"), Weekday::Mon),
    ]);
    Calendar::new(Tz::Europe__Berlin, weekly, holidays, make_ups).expect("valid")
});

/// Same hours as [`CHINA`] in the fixed-offset zone Etc/GMT-8 (= UTC+8).
pub(super) static CHINA_FIXED_OFFSET: LazyLock<Calendar> = LazyLock::new(|| {
    Calendar::new(
        Tz::Etc__GMTMinus8,
        CHINA.weekly().clone(),
        CHINA.holidays().clone(),
        CHINA.make_up_days().clone(),
    )
    .expect("valid")
});

pub(super) fn iv(start: &str, end: &str) -> OfficeInterval {
    OfficeInterval::parse(start, end).expect("valid interval")
}

pub(super) fn date(text: &str) -> NaiveDate {
    text.parse().expect("YYYY-MM-DD")
}

pub(super) fn dates(texts: &[&str]) -> BTreeSet<NaiveDate> {
    texts.iter().copied().map(date).collect()
}

/// `"2026-02-13 10:00"` in `tz` (must be unambiguous).
pub(super) fn local(tz: Tz, text: &str) -> DateTime<Utc> {
    let naive = NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").expect("YYYY-MM-DD HH:MM");
    tz.from_local_datetime(&naive)
        .single()
        .expect("unambiguous local time")
        .with_timezone(&Utc)
}

/// China Standard Time (UTC+8).
pub(super) fn cst(text: &str) -> DateTime<Utc> {
    local(Tz::Asia__Shanghai, text)
}

pub(super) fn utc(text: &str) -> DateTime<Utc> {
    text.parse().expect("RFC 3339")
}

pub(super) fn hours(h: u32) -> BusinessDuration {
    BusinessDuration::from_hours(h)
}

pub(super) fn minutes(m: u32) -> BusinessDuration {
    BusinessDuration::from_minutes(m)
}

pub(super) fn secs(s: i64) -> BusinessDuration {
    BusinessDuration::from_secs(s).expect("non-negative")
}

pub(super) fn is_interval_start(cal: &Calendar, t: DateTime<Utc>) -> bool {
    cal.spans_around(t.timestamp())
        .any(|(start, _)| start == t.timestamp())
}

pub(super) fn is_interval_end(cal: &Calendar, t: DateTime<Utc>) -> bool {
    cal.spans_around(t.timestamp())
        .any(|(_, end)| end == t.timestamp())
}
