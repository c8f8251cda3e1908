//! Properties of the arithmetic, checked on three calendars: Chinese government
//! hours with the real 2026 holidays, 24x7, and a Berlin calendar whose night
//! shift touches midnight and spans both DST switches.

use chrono::Duration;
use proptest::prelude::*;

use super::*;

/// 2025-01-01T00:00:00Z .. 2028-01-01T00:00:00Z.
const FROM: i64 = 1_735_689_600;
const TO: i64 = 1_830_297_600;

pub(super) struct Fixture {
    pub(super) name: &'static str,
    pub(super) cal: &'static Calendar,
    /// Multiplies generated durations so each covers ~60 working days at most.
    pub(super) scale: i64,
}

pub(super) fn fixtures() -> [Fixture; 3] {
    [
        Fixture {
            name: "china",
            cal: &CHINA,
            scale: 1,
        },
        Fixture {
            name: "24x7",
            cal: &ALWAYS_OPEN,
            scale: 3,
        },
        Fixture {
            name: "berlin",
            cal: &BERLIN,
            scale: 1,
        },
    ]
}

pub(super) fn ts(t: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(t, 0).expect("in range")
}

/// Uniform over 2025–2027, half of them snapped to a half hour (every office
/// boundary in the fixtures is on one).
pub(super) fn instant() -> impl Strategy<Value = DateTime<Utc>> {
    prop_oneof![FROM..TO, (FROM..TO).prop_map(|t| t - t.rem_euclid(1800))].prop_map(ts)
}

/// Up to 1.8M s (~60–70 working days of 7–8 h), also whole half hours and small values.
pub(super) fn duration() -> impl Strategy<Value = i64> {
    prop_oneof![
        0..=1_800_000i64,
        (0..=1000i64).prop_map(|k| k * 1800),
        0..=7200i64
    ]
}

pub(super) fn scaled(fixture: &Fixture, raw: i64) -> BusinessDuration {
    secs(raw * fixture.scale)
}

proptest! {
    #[test]
    fn add_lands_in_office_time_or_on_an_interval_end(t in instant(), raw in 1..=1_800_000i64) {
        for f in fixtures() {
            let end = f.cal.add(t, scaled(&f, raw));
            prop_assert!(f.cal.is_office_time(end) || is_interval_end(f.cal, end), "{}: {end}", f.name);
            prop_assert!(end > t, "{}", f.name);
        }
    }

    #[test]
    fn add_is_monotonic(t1 in instant(), t2 in instant(), d1 in duration(), d2 in duration()) {
        let (t1, t2) = (t1.min(t2), t1.max(t2));
        let (d1, d2) = (d1.min(d2), d1.max(d2));
        for f in fixtures() {
            let (d1, d2) = (scaled(&f, d1), scaled(&f, d2));
            prop_assert!(f.cal.add(t1, d1) <= f.cal.add(t1, d2), "{}", f.name);
            prop_assert!(f.cal.add(t1, d1) <= f.cal.add(t2, d1), "{}", f.name);
        }
    }

    #[test]
    fn add_composes(t in instant(), a in duration(), b in duration()) {
        for f in fixtures() {
            let (a, b) = (scaled(&f, a), scaled(&f, b));
            prop_assert_eq!(f.cal.add(f.cal.add(t, a), b), f.cal.add(t, a + b), "{}", f.name);
        }
    }

    #[test]
    fn between_inverts_add(t in instant(), d in duration()) {
        for f in fixtures() {
            let d = scaled(&f, d);
            prop_assert_eq!(f.cal.between(t, f.cal.add(t, d)), d, "{}", f.name);
        }
    }

    #[test]
    fn between_is_additive(a in instant(), b in instant(), c in instant()) {
        let mut abc = [a, b, c];
        abc.sort();
        let [a, b, c] = abc;
        for f in fixtures() {
            let cal = f.cal;
            prop_assert_eq!(cal.between(a, b) + cal.between(b, c), cal.between(a, c), "{}", f.name);
            prop_assert_eq!(cal.between(c, a), BusinessDuration::ZERO, "{}", f.name);
        }
    }

    #[test]
    fn sub_round_trips(t in instant(), d in duration()) {
        for f in fixtures() {
            let (cal, d) = (f.cal, scaled(&f, d));
            let s = cal.sub(t, d);
            prop_assert_eq!(cal.between(s, t), d, "{}", f.name);
            if !d.is_zero() {
                prop_assert!(cal.is_office_time(s) || is_interval_start(cal, s), "{}: {s}", f.name);
                // Latest: one second later, a second of office time is missing.
                prop_assert_eq!(cal.between(s + Duration::seconds(1), t), secs(d.as_secs() - 1), "{}", f.name);
            }
            // Adding back ends on `t` itself, or on the close before `t` when `t` is
            // an opening or in closed time.
            let back = cal.add(s, d);
            prop_assert!(back <= t && cal.between(back, t).is_zero(), "{}", f.name);
            if is_interval_end(cal, t) || (cal.is_office_time(t) && !is_interval_start(cal, t)) {
                prop_assert_eq!(back, t, "{}", f.name);
            }
        }
    }
}
