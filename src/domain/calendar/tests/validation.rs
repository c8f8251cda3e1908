//! Every invalid input is rejected with its own error.

use super::*;

fn holiday_json(time_zone: &str, holidays: &str, make_ups: &str) -> String {
    format!(
        r#"{{"year":2026,"time_zone":"{time_zone}","holidays":{holidays},"make_up_workdays":{make_ups}}}"#
    )
}

#[test]
fn invalid_times_of_day() {
    assert_eq!(
        OfficeInterval::parse("25:00", "26:00"),
        Err(CalendarError::InvalidTimeOfDay("25:00".into()))
    );
    assert_eq!(
        OfficeInterval::parse("09:00", "24:30"),
        Err(CalendarError::InvalidTimeOfDay("24:30".into()))
    );
    assert_eq!(
        OfficeInterval::parse("9:00", "12:00"),
        Err(CalendarError::InvalidTimeOfDay("9:00".into()))
    );
    let err = serde_json::from_str::<OfficeInterval>(r#"["25:00","26:00"]"#).unwrap_err();
    assert!(
        err.to_string().contains("invalid time of day \"25:00\""),
        "{err}"
    );
}

#[test]
fn interval_end_before_start() {
    assert_eq!(
        OfficeInterval::parse("12:00", "09:00"),
        Err(CalendarError::EmptyInterval {
            start: 43_200,
            end: 32_400
        })
    );
    assert_eq!(
        OfficeInterval::parse("09:00", "09:00"),
        Err(CalendarError::EmptyInterval {
            start: 32_400,
            end: 32_400
        })
    );
    assert!(matches!(
        OfficeInterval::parse("24:00", "24:00"),
        Err(CalendarError::EmptyInterval { .. })
    ));
    assert_eq!(
        OfficeInterval::new(0, 86_401),
        Err(CalendarError::IntervalOutsideDay {
            start: 0,
            end: 86_401
        })
    );
    assert!(OfficeInterval::parse("22:00", "24:00").is_ok());
}

#[test]
fn overlapping_intervals() {
    let result = WeeklyHours::new([(
        Weekday::Tue,
        vec![iv("09:00", "12:00"), iv("11:00", "13:00")],
    )]);
    assert_eq!(
        result,
        Err(CalendarError::OverlappingIntervals {
            weekday: Weekday::Tue,
            first: iv("09:00", "12:00"),
            second: iv("11:00", "13:00"),
        })
    );
    let message = result.unwrap_err().to_string();
    assert_eq!(
        message,
        "office intervals 09:00-12:00 and 11:00-13:00 on Tue overlap"
    );
    // Also when the same weekday is given twice.
    let result = WeeklyHours::new([
        (Weekday::Mon, vec![iv("09:00", "12:00")]),
        (Weekday::Mon, vec![iv("08:00", "10:00")]),
    ]);
    assert!(matches!(
        result,
        Err(CalendarError::OverlappingIntervals {
            weekday: Weekday::Mon,
            ..
        })
    ));
    let err =
        serde_json::from_str::<WeeklyHours>(r#"{"mon":[["09:00","12:00"],["10:00","11:00"]]}"#)
            .unwrap_err();
    assert!(err.to_string().contains("overlap"), "{err}");
}

#[test]
fn touching_intervals_are_merged_and_input_sorted() {
    let weekly = WeeklyHours::new([(
        Weekday::Wed,
        vec![
            iv("13:30", "17:30"),
            iv("12:00", "13:30"),
            iv("09:00", "12:00"),
            iv("18:00", "19:00"),
        ],
    )])
    .expect("valid");
    assert_eq!(
        weekly.day(Weekday::Wed),
        [iv("09:00", "17:30"), iv("18:00", "19:00")]
    );
    assert_eq!(weekly.week_secs(), 9 * 3600 + 1800);
    assert_eq!(weekly.working_weekdays(), 1);
}

#[test]
fn empty_week() {
    assert_eq!(WeeklyHours::new([]), Err(CalendarError::NoOfficeHours));
    assert_eq!(
        WeeklyHours::new([(Weekday::Mon, vec![])]),
        Err(CalendarError::NoOfficeHours)
    );
    let err = serde_json::from_str::<WeeklyHours>("{}").unwrap_err();
    assert!(
        err.to_string().contains("at least one office interval"),
        "{err}"
    );
    let err = serde_json::from_str::<WeeklyHours>(r#"{"monday":[["09:00","12:00"]]}"#).unwrap_err();
    assert!(err.to_string().contains("unknown field"), "{err}");
}

#[test]
fn holiday_that_is_also_a_make_up_day() {
    let make_ups = BTreeMap::from([(date("2026-02-14"), Weekday::Mon)]);
    assert_eq!(
        Calendar::china_government_office_hours(dates(&["2026-02-14"]), make_ups),
        Err(CalendarError::HolidayIsMakeUpDay(date("2026-02-14")))
    );
    let json = holiday_json(
        "Asia/Shanghai",
        r#"["2026-10-01","2026-10-10"]"#,
        r#"["2026-10-10"]"#,
    );
    let err = serde_json::from_str::<HolidayList>(&json).unwrap_err();
    assert!(
        err.to_string()
            .contains("2026-10-10 is listed both as a holiday and as a make-up"),
        "{err}"
    );
}

#[test]
fn make_up_day_needs_office_hours() {
    let make_ups = BTreeMap::from([(date("2026-02-14"), Weekday::Sun)]);
    assert_eq!(
        Calendar::china_government_office_hours(BTreeSet::new(), make_ups),
        Err(CalendarError::MakeUpDayWithoutHours {
            date: date("2026-02-14"),
            weekday: Weekday::Sun
        })
    );
}

#[test]
fn bad_time_zone_in_holiday_file() {
    for name in ["Asia/Shangai", "asia/shanghai", "", "UTC+8"] {
        let err = serde_json::from_str::<HolidayList>(&holiday_json(name, "[]", "[]")).unwrap_err();
        let expected = CalendarError::UnknownTimeZone(name.into()).to_string();
        assert!(err.to_string().contains(&expected), "{err}");
    }
}

#[test]
fn malformed_holiday_dates() {
    let json = holiday_json("Asia/Shanghai", r#"["2026-02-30"]"#, "[]");
    assert!(serde_json::from_str::<HolidayList>(&json).is_err());
}

#[test]
fn negative_durations() {
    assert_eq!(
        BusinessDuration::from_secs(-1),
        Err(CalendarError::NegativeDuration(-1))
    );
    let err = serde_json::from_str::<BusinessDuration>("-5").unwrap_err();
    assert!(err.to_string().contains("must not be negative"), "{err}");
    assert!(serde_json::from_str::<SlaTarget>(r#"{"business":-5}"#).is_err());
}
