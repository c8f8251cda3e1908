//! Time zones with daylight saving time: gap and fold rules.
//! Berlin 2026: Sun 03-29 02:00 CET → 03:00 CEST (gap), Sun 10-25 03:00 CEST → 02:00 CET (fold).

use super::*;

fn berlin(text: &str) -> DateTime<Utc> {
    local(Tz::Europe__Berlin, text)
}

fn sunday_only(tz: Tz, start: &str, end: &str) -> Calendar {
    let weekly = WeeklyHours::new([(Weekday::Sun, vec![iv(start, end)])]).expect("valid");
    Calendar::new(tz, weekly, BTreeSet::new(), BTreeMap::new()).expect("valid")
}

#[test]
fn night_shift_across_spring_forward_is_one_hour_shorter() {
    // A plain calendar (BERLIN has a make-up day on 2026-03-28).
    let cal = Calendar::new(
        Tz::Europe__Berlin,
        BERLIN.weekly().clone(),
        BTreeSet::new(),
        BTreeMap::new(),
    )
    .expect("valid");
    assert_eq!(berlin("2026-03-28 22:00"), utc("2026-03-28T21:00:00Z"));
    // Sat 03-28 22:00–24:00 CET = 21:00–23:00Z; Sun 03-29 00:00 CET – 03:00 CEST =
    // 23:00Z–01:00Z: 2 h of wall time for a 3 h local interval.
    assert_eq!(
        cal.between(utc("2026-03-28T20:00:00Z"), utc("2026-03-29T12:00:00Z")),
        hours(4)
    );
    assert_eq!(
        cal.add(utc("2026-03-28T21:00:00Z"), hours(4)),
        utc("2026-03-29T01:00:00Z")
    );
    // Fall back: Sat 10-24 22:00–24:00 CEST = 20:00–22:00Z; Sun 10-25 00:00 CEST –
    // 03:00 CET = 22:00Z–02:00Z: 4 h of wall time.
    assert_eq!(
        cal.between(utc("2026-10-24T12:00:00Z"), utc("2026-10-25T12:00:00Z")),
        hours(6)
    );
    assert_eq!(
        cal.add(utc("2026-10-24T20:00:00Z"), hours(6)),
        utc("2026-10-25T02:00:00Z")
    );
    assert_eq!(
        cal.sub(utc("2026-10-25T02:00:00Z"), hours(6)),
        utc("2026-10-24T20:00:00Z")
    );
}

#[test]
fn boundary_in_gap_moves_to_the_first_instant_after_it() {
    // 02:30 does not exist on 03-29: the interval opens at 03:00 CEST = 01:00Z.
    let cal = sunday_only(Tz::Europe__Berlin, "02:30", "04:00");
    assert_eq!(
        cal.add(utc("2026-03-28T12:00:00Z"), minutes(1)),
        utc("2026-03-29T01:01:00Z")
    );
    assert_eq!(
        cal.between(utc("2026-03-28T12:00:00Z"), utc("2026-03-29T12:00:00Z")),
        hours(1)
    );
    // An interval entirely inside the gap is empty that day.
    let cal = sunday_only(Tz::Europe__Berlin, "02:15", "02:45");
    assert_eq!(
        cal.between(utc("2026-03-28T12:00:00Z"), utc("2026-03-29T12:00:00Z")),
        BusinessDuration::ZERO
    );
    assert_eq!(
        cal.add(utc("2026-03-28T12:00:00Z"), minutes(1)),
        utc("2026-04-05T00:16:00Z")
    );
    assert_eq!(
        cal.add_working_days(utc("2026-03-28T12:00:00Z"), 1),
        utc("2026-03-29T01:00:00Z")
    );
}

#[test]
fn boundary_in_fold_takes_the_earlier_instant() {
    // 02:30 happens twice on 10-25; the first (CEST, 00:30Z) opens the interval,
    // which closes at 04:00 CET = 03:00Z: 2.5 h.
    let cal = sunday_only(Tz::Europe__Berlin, "02:30", "04:00");
    assert_eq!(
        cal.between(utc("2026-10-24T12:00:00Z"), utc("2026-10-25T12:00:00Z")),
        minutes(150)
    );
    assert!(cal.is_office_time(utc("2026-10-25T00:30:00Z")));
    assert!(cal.is_office_time(utc("2026-10-25T01:30:00Z"))); // the second 02:30
    assert!(!cal.is_office_time(utc("2026-10-25T00:29:59Z")));
}

#[test]
fn new_york_whole_days_are_23_and_25_hours() {
    let weekly = WeeklyHours::every_day(&[OfficeInterval::WHOLE_DAY]).expect("valid");
    let cal = Calendar::new(
        Tz::America__New_York,
        weekly,
        BTreeSet::new(),
        BTreeMap::new(),
    )
    .expect("valid");
    let ny = |text| local(Tz::America__New_York, text);
    assert_eq!(
        cal.between(ny("2026-03-08 00:00"), ny("2026-03-09 00:00")),
        hours(23)
    );
    assert_eq!(
        cal.between(ny("2026-11-01 00:00"), ny("2026-11-02 00:00")),
        hours(25)
    );
    // A year is 365 × 24 h of wall time whatever DST does.
    assert_eq!(
        cal.between(ny("2026-01-01 00:00"), ny("2027-01-01 00:00")),
        hours(365 * 24)
    );
    assert_eq!(
        cal.add(ny("2026-01-01 00:00"), hours(365 * 24)),
        ny("2027-01-01 00:00")
    );
    assert_eq!(
        cal.sub(ny("2027-01-01 00:00"), hours(365 * 24)),
        ny("2026-01-01 00:00")
    );
    // One working day after Sat 03-07 closes at Sun 03-08 24:00 = Mon 00:00 EDT.
    assert_eq!(
        cal.add_working_days(ny("2026-03-07 12:00"), 1),
        ny("2026-03-09 00:00")
    );
}

#[test]
fn fixed_offset_zone_matches_shanghai() {
    let filed = cst("2026-01-20 10:00");
    for n in [1, 5, 30, 60] {
        assert_eq!(
            CHINA_FIXED_OFFSET.add_working_days(filed, n),
            CHINA.add_working_days(filed, n)
        );
        assert_eq!(
            CHINA_FIXED_OFFSET.add(filed, hours(7 * n)),
            CHINA.add(filed, hours(7 * n))
        );
    }
}
