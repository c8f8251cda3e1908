//! More properties on the same three calendars: working days, agreement with a
//! day-by-day reference (no week skipping), and inputs at the ends of time.

use chrono::Duration;
use proptest::prelude::*;

use super::properties::{duration, fixtures, instant, scaled, ts};
use super::*;

/// Day by day, no week skipping: the definition `add` must agree with.
fn reference_add(cal: &Calendar, t: DateTime<Utc>, d: BusinessDuration) -> DateTime<Utc> {
    if d.is_zero() {
        return t;
    }
    let (from, mut left) = (t.timestamp(), d.as_secs());
    let mut date = cal
        .zone
        .local_date(from)
        .and_then(|d| d.pred_opt())
        .expect("in range");
    loop {
        for (start, end) in cal.day_spans(date) {
            let start = start.max(from);
            if start < end {
                if left <= end - start {
                    return ts(start + left);
                }
                left -= end - start;
            }
        }
        date = date.succ_opt().expect("in range");
    }
}

fn reference_between(cal: &Calendar, a: DateTime<Utc>, b: DateTime<Utc>) -> BusinessDuration {
    let (from, to) = (a.timestamp(), b.timestamp());
    let mut total = 0;
    let mut date = cal
        .zone
        .local_date(from)
        .and_then(|d| d.pred_opt())
        .expect("in range");
    let last = cal
        .zone
        .local_date(to)
        .and_then(|d| d.succ_opt())
        .expect("in range");
    while date <= last {
        for (start, end) in cal.day_spans(date) {
            total += (end.min(to) - start.max(from)).max(0);
        }
        date = date.succ_opt().expect("in range");
    }
    secs(total)
}

/// The working day whose close of office is `t`, if any.
fn closing_day(cal: &Calendar, t: DateTime<Utc>) -> Option<NaiveDate> {
    let day = cal.zone.local_date(t.timestamp())?;
    [day.pred_opt()?, day]
        .into_iter()
        .find(|&d| cal.is_working_day(d) && cal.close_of_office(d) == t)
}

proptest! {
    #[test]
    fn working_days_close_office_and_increase(t in instant(), n in 0..=60u32) {
        for f in fixtures() {
            let cal = f.cal;
            let this = cal.add_working_days(t, n);
            let next = cal.add_working_days(t, n + 1);
            prop_assert!(next > this, "{}", f.name);
            let day = closing_day(cal, next);
            prop_assert!(day.is_some(), "{}: {next} is not a close of office", f.name);
            // That day is the (n+1)-th working day after the filing date.
            let filed = cal.zone.local_date(t.timestamp()).expect("in range");
            let counted = filed.iter_days().skip(1).take_while(|&d| Some(d) <= day).filter(|&d| cal.is_working_day(d)).count();
            prop_assert_eq!(counted, n as usize + 1, "{}", f.name);
            if n == 0 {
                prop_assert_eq!(this, t, "{}", f.name);
            }
        }
    }

    #[test]
    fn deadline_dispatches(t in instant(), d in duration(), n in 0..=60u32) {
        for f in fixtures() {
            let d = scaled(&f, d);
            prop_assert_eq!(f.cal.deadline(t, &SlaTarget::Business(d)), f.cal.add(t, d), "{}", f.name);
            prop_assert_eq!(f.cal.deadline(t, &SlaTarget::WorkingDays(n)), f.cal.add_working_days(t, n), "{}", f.name);
        }
    }

    #[test]
    fn office_time_is_what_between_counts(t in instant()) {
        for f in fixtures() {
            let counted = f.cal.between(t, t + Duration::seconds(1));
            prop_assert_eq!(f.cal.is_office_time(t), counted == secs(1), "{}: {}", f.name, t);
        }
    }

    #[test]
    fn week_skipping_matches_day_by_day(t in instant(), u in instant(), d in duration()) {
        for f in fixtures() {
            let d = scaled(&f, d);
            prop_assert_eq!(f.cal.add(t, d), reference_add(f.cal, t, d), "{}", f.name);
            prop_assert_eq!(f.cal.between(t.min(u), t.max(u)), reference_between(f.cal, t.min(u), t.max(u)), "{}", f.name);
        }
        prop_assert_eq!(CHINA_FIXED_OFFSET.add(t, secs(d)), CHINA.add(t, secs(d)));
        prop_assert_eq!(CHINA_FIXED_OFFSET.between(t, u), CHINA.between(t, u));
    }

    #[test]
    fn sub_seconds_are_truncated(t in instant(), nanos in 1..1_000_000_000u32, d in 1..=100_000i64) {
        let fractional = t + Duration::nanoseconds(i64::from(nanos));
        for f in fixtures() {
            prop_assert_eq!(f.cal.add(fractional, secs(d)), f.cal.add(t, secs(d)), "{}", f.name);
            prop_assert_eq!(f.cal.add(fractional, BusinessDuration::ZERO), fractional, "{}", f.name);
            prop_assert_eq!(f.cal.is_office_time(fractional), f.cal.is_office_time(t), "{}", f.name);
        }
    }
}
fn any_instant() -> impl Strategy<Value = DateTime<Utc>> {
    let (min, max) = (
        DateTime::<Utc>::MIN_UTC.timestamp(),
        DateTime::<Utc>::MAX_UTC.timestamp(),
    );
    let edge = 40 * 86_400;
    prop_oneof![min..=max, min..=min + edge, max - edge..=max].prop_map(ts)
}

fn any_duration() -> impl Strategy<Value = BusinessDuration> {
    prop_oneof![0..=10_000_000i64, 10_000_000_000_000..=i64::MAX].prop_map(secs)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn extreme_inputs_saturate_without_panicking(t in any_instant(), d in any_duration(), n in any::<u32>()) {
        for f in fixtures() {
            let cal = f.cal;
            let later = cal.add(t, d);
            let earlier = cal.sub(t, d);
            prop_assert!(later >= t && earlier <= t, "{}", f.name);
            let _ = cal.add_working_days(t, n);
            let _ = cal.is_office_time(t);
            let horizon = t.checked_add_signed(Duration::days(1000)).unwrap_or(DateTime::<Utc>::MAX_UTC);
            let near = cal.between(t, later.min(horizon));
            prop_assert!(near.as_secs() <= 1000 * 86_400, "{}", f.name);
        }
        let _ = ALWAYS_OPEN.between(DateTime::<Utc>::MIN_UTC, t);
        let _ = ALWAYS_OPEN.between(t, DateTime::<Utc>::MAX_UTC);
    }
}
