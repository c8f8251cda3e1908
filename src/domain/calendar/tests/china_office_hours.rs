//! Deadlines against the real 2026 Chinese calendar, worked out by hand:
//! ordinary weeks, filings outside office hours, `between` and `sub`.
//! Office hours: Mon–Fri 09:00–12:00 + 13:30–17:30 CST (7 h a day); make-up
//! days work Monday's hours. CST = UTC+8.

use super::*;

#[test]
fn monday_rule() {
    let cal = &*CHINA;
    // Filed Mon 03-02 at any hour: Tue (1), Wed (2), Thu (3), Fri (4), Mon 03-09 (5).
    for filed in ["2026-03-02 08:00", "2026-03-02 16:00", "2026-03-02 23:59"] {
        assert_eq!(
            cal.add_working_days(cst(filed), 5),
            utc("2026-03-09T09:30:00Z"),
            "{filed}"
        );
    }
    // Filed on Sunday 03-01 (closed, not counted either): Mon 03-02 is day 1.
    assert_eq!(
        cal.add_working_days(cst("2026-03-01 10:00"), 5),
        cst("2026-03-06 17:30")
    );
    assert_eq!(
        cal.add_working_days(cst("2026-03-02 08:00"), 0),
        cst("2026-03-02 08:00")
    );
}

#[test]
fn filing_outside_office_hours_starts_at_next_opening() {
    let cal = &*CHINA;
    // Lunch break: Tue 03-03 12:30 + 1 h → 13:30 + 1 h.
    assert_eq!(
        cal.add(cst("2026-03-03 12:30"), hours(1)),
        cst("2026-03-03 14:30")
    );
    // Night: Tue 20:00 + 1 h → Wed 09:00 + 1 h.
    assert_eq!(
        cal.add(cst("2026-03-03 20:00"), hours(1)),
        cst("2026-03-04 10:00")
    );
    // Weekend: Sat 03-07 10:00 + 30 min → Mon 03-09 09:30.
    assert_eq!(
        cal.add(cst("2026-03-07 10:00"), minutes(30)),
        cst("2026-03-09 09:30")
    );
    // Before opening, exactly the morning: Mon 07:00 + 3 h ends at 12:00, not 13:30.
    assert_eq!(
        cal.add(cst("2026-03-09 07:00"), hours(3)),
        cst("2026-03-09 12:00")
    );
    // On a close: Tue 17:30 + 1 s → Wed 09:00:01.
    assert_eq!(
        cal.add(cst("2026-03-03 17:30"), secs(1)),
        cst("2026-03-04 09:00") + chrono::Duration::seconds(1)
    );
}

#[test]
fn between_across_breaks() {
    let cal = &*CHINA;
    // Lunch: Tue 03-03 11:00–14:00 = 11:00–12:00 + 13:30–14:00.
    assert_eq!(
        cal.between(cst("2026-03-03 11:00"), cst("2026-03-03 14:00")),
        minutes(90)
    );
    // Weekend: Fri 03-06 16:00 .. Mon 03-09 10:00 = 1.5 h + 1 h.
    assert_eq!(
        cal.between(cst("2026-03-06 16:00"), cst("2026-03-09 10:00")),
        minutes(150)
    );
    // Spring Festival: Fri 02-13 09:00 .. Wed 02-25 09:00 = Fri + Sat 02-14 + Tue 02-24.
    assert_eq!(
        cal.between(cst("2026-02-13 09:00"), cst("2026-02-25 09:00")),
        hours(21)
    );
    // Fri 02-13 12:00 .. Tue 02-24 12:00 = 4 h + 7 h + 3 h.
    assert_eq!(
        cal.between(cst("2026-02-13 12:00"), cst("2026-02-24 12:00")),
        hours(14)
    );
    // Entirely inside the holiday, and reversed bounds.
    assert_eq!(
        cal.between(cst("2026-02-16 09:00"), cst("2026-02-20 17:00")),
        BusinessDuration::ZERO
    );
    assert_eq!(
        cal.between(cst("2026-03-04 10:00"), cst("2026-03-03 10:00")),
        BusinessDuration::ZERO
    );
    // The whole of 2026: 248 working days (261 weekdays − 19 weekday holidays + 6 make-up days).
    assert_eq!(
        cal.between(cst("2026-01-01 00:00"), cst("2027-01-01 00:00")),
        hours(248 * 7)
    );
}

#[test]
fn sub_for_early_warnings() {
    let cal = &*CHINA;
    // One working day (7 h) before Tue 02-24 10:00: Tue 09:00–10:00 (1 h), then Sat
    // 02-14 17:30 back through 13:30 (4 h) and 12:00 back to 10:00 (2 h).
    assert_eq!(
        cal.sub(cst("2026-02-24 10:00"), hours(7)),
        cst("2026-02-14 10:00")
    );
    // 7 h before Mon 03-09 17:30 is that morning's opening (the latest such instant),
    // not Fri 17:30.
    assert_eq!(
        cal.sub(cst("2026-03-09 17:30"), hours(7)),
        cst("2026-03-09 09:00")
    );
    // From the lunch break: 1 h before Tue 13:00 is 11:00.
    assert_eq!(
        cal.sub(cst("2026-03-03 13:00"), hours(1)),
        cst("2026-03-03 11:00")
    );
    // 2 h before Thu 10-08 10:00: 1 h on Thu, then back over the National Day break
    // to Wed 09-30 16:30.
    assert_eq!(
        cal.sub(cst("2026-10-08 10:00"), hours(2)),
        cst("2026-09-30 16:30")
    );
}
