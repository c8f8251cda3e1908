//! The properties again, on zones with awkward transitions: at midnight
//! (Santiago, Havana), by 30 minutes (Lord Howe), a whole skipped date (Apia,
//! 2011-12-30), and boundaries inside Berlin's gap and fold hour.

use chrono::Duration;
use proptest::prelude::*;

use super::*;

struct Case {
    tz: Tz,
    /// Unix seconds range the instants are drawn from.
    range: (i64, i64),
}

const Y2025: (i64, i64) = (1_735_689_600, 1_767_225_600);

fn cases() -> [Case; 5] {
    [
        Case {
            tz: Tz::America__Santiago,
            range: Y2025,
        },
        Case {
            tz: Tz::America__Havana,
            range: Y2025,
        },
        Case {
            tz: Tz::Australia__Lord_Howe,
            range: Y2025,
        },
        // 2011-06-01 .. 2012-06-01.
        Case {
            tz: Tz::Pacific__Apia,
            range: (1_306_886_400, 1_338_508_800),
        },
        Case {
            tz: Tz::Europe__Berlin,
            range: Y2025,
        },
    ]
}

/// Touches midnight and puts boundaries in the small hours, where transitions are.
fn awkward_calendar(tz: Tz) -> Calendar {
    let day = vec![
        iv("00:00", "00:30"),
        iv("01:00", "02:30"),
        iv("02:45", "03:15"),
        iv("09:00", "17:00"),
        iv("23:30", "24:00"),
    ];
    let weekly = WeeklyHours::new([
        (Weekday::Mon, day.clone()),
        (Weekday::Tue, day.clone()),
        (Weekday::Thu, day.clone()),
        (Weekday::Sat, day.clone()),
        (Weekday::Sun, day),
    ])
    .expect("valid");
    Calendar::new(
        tz,
        weekly,
        dates(&["2025-03-03", "2025-09-09"]),
        BTreeMap::from([(date("2025-04-05"), Weekday::Mon)]),
    )
    .expect("valid")
}

fn pick(case: usize, fraction: f64) -> (Calendar, DateTime<Utc>) {
    let Case {
        tz,
        range: (from, to),
    } = &cases()[case];
    let ts = from + ((to - from) as f64 * fraction) as i64;
    let ts = if ts % 3 == 0 {
        ts - ts.rem_euclid(900)
    } else {
        ts
    };
    (
        awkward_calendar(*tz),
        DateTime::from_timestamp(ts, 0).expect("in range"),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn arithmetic_properties_hold(case in 0..5usize, f1 in 0.0..1.0f64, f2 in 0.0..1.0f64, a in 0..=400_000i64, b in 0..=400_000i64, n in 0..=40u32) {
        let (cal, t) = pick(case, f1);
        let (_, u) = pick(case, f2);
        let (a, b) = (secs(a), secs(b));
        let end = cal.add(t, a);
        prop_assert_eq!(cal.between(t, end), a);
        if !a.is_zero() {
            prop_assert!(cal.is_office_time(end) || is_interval_end(&cal, end), "{}", end);
        }
        prop_assert_eq!(cal.add(end, b), cal.add(t, a + b));
        prop_assert!(cal.add(t, a.min(b)) <= cal.add(t, a.max(b)));
        prop_assert!(cal.add(t.min(u), a) <= cal.add(t.max(u), a));
        let (lo, hi) = (t.min(u), t.max(u));
        prop_assert_eq!(cal.between(lo, end.max(hi)), cal.between(lo, hi) + cal.between(hi, end.max(hi)));
        let s = cal.sub(t, a);
        prop_assert_eq!(cal.between(s, t), a);
        if !a.is_zero() {
            prop_assert!(cal.is_office_time(s) || is_interval_start(&cal, s), "{}", s);
            prop_assert_eq!(cal.between(s + Duration::seconds(1), t), secs(a.as_secs() - 1));
        }
        prop_assert_eq!(cal.is_office_time(t), cal.between(t, t + Duration::seconds(1)) == secs(1));
        prop_assert!(cal.add_working_days(t, n + 1) > cal.add_working_days(t, n));
    }
}

fn whole_days(tz: Tz) -> Calendar {
    let weekly = WeeklyHours::every_day(&[OfficeInterval::WHOLE_DAY]).expect("valid");
    Calendar::new(tz, weekly, BTreeSet::new(), BTreeMap::new()).expect("valid")
}

#[test]
fn midnight_in_a_gap() {
    // Santiago, Sun 2025-09-07: 00:00 -04 jumps to 01:00 -03 (04:00Z). Saturday's
    // 24:00 and Sunday's 00:00 both resolve to 04:00Z.
    let cal = whole_days(Tz::America__Santiago);
    let santiago = |text| local(Tz::America__Santiago, text);
    assert_eq!(
        cal.between(santiago("2025-09-06 00:00"), santiago("2025-09-08 00:00")),
        hours(47)
    );
    assert_eq!(
        cal.add_working_days(santiago("2025-09-05 12:00"), 1),
        utc("2025-09-07T04:00:00Z")
    );
    assert_eq!(
        cal.add_working_days(santiago("2025-09-05 12:00"), 2),
        santiago("2025-09-08 00:00")
    );
}

#[test]
fn a_date_that_does_not_exist() {
    // Apia skipped Fri 2011-12-30 (UTC-10 → UTC+14 at 2011-12-30T10:00Z). It is
    // still a working day by date, with no office time; its close is the instant
    // its 24:00 resolves to.
    let cal = whole_days(Tz::Pacific__Apia);
    let apia = |text| local(Tz::Pacific__Apia, text);
    assert_eq!(
        cal.between(apia("2011-12-29 00:00"), apia("2011-12-31 00:00")),
        hours(24)
    );
    assert_eq!(
        cal.add(apia("2011-12-29 23:00"), hours(2)),
        apia("2011-12-31 01:00")
    );
    assert_eq!(
        cal.add_working_days(apia("2011-12-29 12:00"), 1),
        utc("2011-12-30T10:00:00Z")
    );
    assert_eq!(
        cal.add_working_days(apia("2011-12-29 12:00"), 2),
        apia("2012-01-01 00:00")
    );
}
