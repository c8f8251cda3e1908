//! Laying a year's holiday list over a calendar: that year is replaced, other
//! years are kept, and doing it twice is doing it once.

use super::*;
use crate::domain::calendar::HolidayImportError;

fn list(year: i32, tz: Tz, holidays: &[&str], make_ups: &[&str]) -> HolidayList {
    HolidayList::new(year, tz, None, dates(holidays), dates(make_ups)).expect("valid list")
}

fn office_hours_without_days() -> Calendar {
    Calendar::china_government_office_hours(BTreeSet::new(), BTreeMap::new()).expect("valid")
}

#[test]
fn importing_into_an_empty_calendar_gives_the_list() {
    let cal = office_hours_without_days()
        .with_holiday_list(&CN_2026, Weekday::Mon)
        .expect("imports");
    assert_eq!(cal, *CHINA);
}

#[test]
fn importing_twice_is_importing_once() {
    let once = CHINA
        .with_holiday_list(&CN_2026, Weekday::Mon)
        .expect("imports");
    assert_eq!(once, *CHINA);
    assert_eq!(once.with_holiday_list(&CN_2026, Weekday::Mon), Ok(once));
}

#[test]
fn only_the_lists_year_is_replaced() {
    let base = Calendar::china_government_office_hours(
        dates(&["2025-10-01", "2026-05-01", "2026-12-31", "2027-01-01"]),
        BTreeMap::from([
            (date("2025-09-28"), Weekday::Mon),
            (date("2026-04-26"), Weekday::Mon),
        ]),
    )
    .expect("valid");
    // A 2026 list whose New Year break reaches into 2027.
    let new = list(
        2026,
        Tz::Asia__Shanghai,
        &["2026-10-01", "2026-12-31", "2027-01-01"],
        &["2026-10-10"],
    );
    let cal = base.with_holiday_list(&new, Weekday::Fri).expect("imports");
    assert_eq!(
        *cal.holidays(),
        dates(&["2025-10-01", "2026-10-01", "2026-12-31", "2027-01-01"])
    );
    assert_eq!(
        *cal.make_up_days(),
        BTreeMap::from([
            (date("2025-09-28"), Weekday::Mon),
            (date("2026-10-10"), Weekday::Fri),
        ])
    );
    assert!(
        cal.is_working_day(date("2026-05-01")),
        "the old holiday is gone"
    );
    assert!(!cal.is_working_day(date("2025-10-01")), "2025 is kept");
    assert!(new.replaces(date("2026-06-01")));
    assert!(new.replaces(date("2027-01-01")));
    assert!(!new.replaces(date("2027-01-02")));
    assert!(!new.replaces(date("2025-12-31")));
}

#[test]
fn a_listed_date_turns_a_kept_day_around() {
    // The calendar says 2027-01-01 is a make-up day; the 2026 list says holiday.
    let base = Calendar::china_government_office_hours(
        BTreeSet::new(),
        BTreeMap::from([(date("2027-01-01"), Weekday::Mon)]),
    )
    .expect("valid");
    let cal = base
        .with_holiday_list(
            &list(2026, Tz::Asia__Shanghai, &["2027-01-01"], &[]),
            Weekday::Mon,
        )
        .expect("imports");
    assert!(cal.make_up_days().is_empty());
    assert_eq!(*cal.holidays(), dates(&["2027-01-01"]));
}

#[test]
fn a_list_in_another_zone_is_refused() {
    let tokyo = list(2026, Tz::Asia__Tokyo, &["2026-01-01"], &[]);
    let err = CHINA
        .with_holiday_list(&tokyo, Weekday::Mon)
        .expect_err("wrong zone");
    assert_eq!(
        err,
        HolidayImportError::TimeZoneMismatch {
            calendar: Tz::Asia__Shanghai,
            list: Tz::Asia__Tokyo
        }
    );
    assert!(err.to_string().contains("Asia/Tokyo"), "{err}");
}

#[test]
fn dates_far_from_the_year_are_refused() {
    for (year, holiday) in [
        (2027, "2026-10-01"),
        (2026, "2027-02-01"),
        (2026, "2025-11-30"),
    ] {
        let wrong = list(year, Tz::Asia__Shanghai, &[holiday], &[]);
        assert_eq!(
            CHINA.with_holiday_list(&wrong, Weekday::Mon),
            Err(HolidayImportError::DateOutsideYear {
                date: date(holiday),
                year
            }),
            "{year} {holiday}"
        );
    }
    let extreme = list(i32::MAX, Tz::Asia__Shanghai, &["2026-01-01"], &[]);
    assert!(CHINA.with_holiday_list(&extreme, Weekday::Mon).is_err());
    let empty = list(i32::MIN, Tz::Asia__Shanghai, &[], &[]);
    assert_eq!(
        CHINA.with_holiday_list(&empty, Weekday::Mon),
        Ok(CHINA.clone())
    );
}

#[test]
fn make_up_days_need_a_weekday_with_hours() {
    assert_eq!(
        office_hours_without_days().with_holiday_list(&CN_2026, Weekday::Sat),
        Err(HolidayImportError::Calendar(
            CalendarError::MakeUpDayWithoutHours {
                date: date("2026-01-04"),
                weekday: Weekday::Sat
            }
        ))
    );
}

#[test]
fn a_list_cannot_name_a_date_twice() {
    assert_eq!(
        HolidayList::new(
            2026,
            Tz::Asia__Shanghai,
            None,
            dates(&["2026-10-10"]),
            dates(&["2026-10-10"])
        ),
        Err(CalendarError::HolidayIsMakeUpDay(date("2026-10-10")))
    );
}
