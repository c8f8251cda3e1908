//! Deadlines against the real 2026 Chinese calendar, worked out by hand:
//! deadlines crossing the holidays.
//! Office hours: Mon–Fri 09:00–12:00 + 13:30–17:30 CST (7 h a day); make-up
//! days work Monday's hours. CST = UTC+8.

use super::*;

#[test]
fn holiday_file_loads() {
    assert_eq!(CN_2026.year, 2026);
    assert_eq!(CN_2026.time_zone, Tz::Asia__Shanghai);
    assert_eq!(CN_2026.holidays.len(), 33);
    assert_eq!(
        CN_2026.make_up_workdays,
        dates(&[
            "2026-01-04",
            "2026-02-14",
            "2026-02-28",
            "2026-05-09",
            "2026-09-20",
            "2026-10-10"
        ])
    );
    assert!(
        CN_2026
            .source
            .as_deref()
            .is_some_and(|s| s.contains("State Council"))
    );
}

#[test]
fn working_day_classification() {
    let cal = &*CHINA;
    assert!(cal.is_working_day(date("2026-02-13"))); // Fri
    assert!(cal.is_working_day(date("2026-02-14"))); // Sat, make-up
    assert!(!cal.is_working_day(date("2026-02-16"))); // Mon, Spring Festival
    assert!(!cal.is_working_day(date("2026-02-21"))); // Sat, holiday and weekend
    assert!(!cal.is_working_day(date("2026-03-07"))); // ordinary Sat
    assert!(cal.is_working_day(date("2026-01-04"))); // Sun, make-up
    assert_eq!(
        cal.hours_on(date("2026-01-04")),
        cal.weekly().day(Weekday::Mon)
    );
}

#[test]
fn spring_festival_business_hours() {
    let cal = &*CHINA;
    // Fri 02-13 10:00 + 8 h: Fri 10:00–12:00 (2 h) + 13:30–17:30 (4 h) = 6 h;
    // 2 h left on make-up Sat 02-14: 09:00–11:00.
    assert_eq!(
        cal.add(cst("2026-02-13 10:00"), hours(8)),
        cst("2026-02-14 11:00")
    );
    assert_eq!(cst("2026-02-14 11:00"), utc("2026-02-14T03:00:00Z"));
    // Fri 09:00 + 14 h: Fri 7 h + Sat 7 h, used up exactly at Sat 17:30. The result
    // is that close, not the next opening (Tue 02-24 09:00).
    assert_eq!(
        cal.add(cst("2026-02-13 09:00"), hours(14)),
        cst("2026-02-14 17:30")
    );
    // Sat 02-14 16:00 + 4 h: 16:00–17:30 (1.5 h); 02-15..02-23 off; Tue 02-24
    // 09:00–11:30 (2.5 h).
    assert_eq!(
        cal.add(cst("2026-02-14 16:00"), hours(4)),
        cst("2026-02-24 11:30")
    );
    // Filed during the holiday (Wed 02-18 10:00) + 1 h: counting starts Tue 02-24 09:00.
    assert_eq!(
        cal.add(cst("2026-02-18 10:00"), hours(1)),
        cst("2026-02-24 10:00")
    );
    // Thu 02-26 15:00 + 10 h: Thu 15:00–17:30 (2.5 h), Fri 02-27 (7 h), make-up
    // Sat 02-28 09:00–09:30 (0.5 h).
    assert_eq!(
        cal.add(cst("2026-02-26 15:00"), hours(10)),
        cst("2026-02-28 09:30")
    );
}

#[test]
fn spring_festival_working_days() {
    let cal = &*CHINA;
    // Filed Fri 02-13 (not counted): Sat 02-14 (1, make-up), Tue 02-24 (2), Wed 02-25 (3).
    assert_eq!(
        cal.add_working_days(cst("2026-02-13 10:00"), 3),
        cst("2026-02-25 17:30")
    );
    assert_eq!(cst("2026-02-25 17:30"), utc("2026-02-25T09:30:00Z"));
    // Filed on the make-up Saturday: Tue 02-24 (1) … Fri 02-27 (4), Sat 02-28 (5, make-up).
    assert_eq!(
        cal.add_working_days(cst("2026-02-14 08:00"), 5),
        cst("2026-02-28 17:30")
    );
    // Filed during the holiday (Sun 02-15): Tue 02-24 is day 1.
    assert_eq!(
        cal.add_working_days(cst("2026-02-15 12:00"), 1),
        cst("2026-02-24 17:30")
    );
    // Filed Mon 02-09, 10 working days: 10, 11, 12, 13 (4), Sat 14 (5), 24, 25, 26,
    // 27 (9), Sat 28 (10).
    assert_eq!(
        cal.add_working_days(cst("2026-02-09 09:00"), 10),
        cst("2026-02-28 17:30")
    );
}

#[test]
fn new_year_make_up_sunday() {
    let cal = &*CHINA;
    // Filed Wed 2025-12-31: 01-01..01-03 off, Sun 01-04 is a make-up day (day 1).
    assert_eq!(
        cal.add_working_days(cst("2025-12-31 11:00"), 1),
        cst("2026-01-04 17:30")
    );
    // Wed 2025-12-31 17:00 + 1 h: 0.5 h on Wed, then Sun 01-04 09:00–09:30.
    assert_eq!(
        cal.add(cst("2025-12-31 17:00"), hours(1)),
        cst("2026-01-04 09:30")
    );
    assert!(cal.is_office_time(cst("2026-01-04 10:00")));
    assert!(!cal.is_office_time(cst("2026-01-01 10:00")));
}

#[test]
fn national_day() {
    let cal = &*CHINA;
    // Filed Wed 09-30 15:00; 10-01..10-07 off: Thu 10-08 (1), Fri 10-09 (2),
    // Sat 10-10 (3, make-up), Mon 10-12 (4), Tue 10-13 (5).
    assert_eq!(
        cal.add_working_days(cst("2026-09-30 15:00"), 5),
        cst("2026-10-13 17:30")
    );
    // Filed Fri 09-18: Sun 09-20 (1, make-up), Mon 09-21 (2), Tue 09-22 (3).
    assert_eq!(
        cal.add_working_days(cst("2026-09-18 16:00"), 3),
        cst("2026-09-22 17:30")
    );
    // Filed Thu 09-24: 09-25..09-27 off (Mid-Autumn), Mon 09-28 (1), Tue (2), Wed 09-30 (3),
    // 10-01..10-07 off, Thu 10-08 (4).
    assert_eq!(
        cal.add_working_days(cst("2026-09-24 09:00"), 4),
        cst("2026-10-08 17:30")
    );
    // Wed 09-30 16:00 + 10 h: Wed 16:00–17:30 (1.5 h), Thu 10-08 (7 h), Fri 10-09
    // 09:00–10:30 (1.5 h).
    assert_eq!(
        cal.add(cst("2026-09-30 16:00"), hours(10)),
        cst("2026-10-09 10:30")
    );
    // Thu 09-24 09:00 .. Fri 10-09 09:00: Thu 09-24, Mon 09-28, Tue, Wed 09-30, Thu 10-08
    // = 5 days × 7 h.
    assert_eq!(
        cal.between(cst("2026-09-24 09:00"), cst("2026-10-09 09:00")),
        hours(35)
    );
}
