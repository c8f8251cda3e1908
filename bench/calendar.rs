//! Office-time arithmetic on the real 2026 China calendar: how long one
//! deadline takes to compute. `cargo bench --bench calendar`.
//!
//! Each figure is the median of 15 rounds of 20,000 calls, with start
//! instants spread over the year so the Spring Festival and National Day
//! breaks are crossed; the medians go to BENCHMARKS.md.

use std::{
    hint::black_box,
    time::{Duration, Instant},
};

use chrono::{DateTime, TimeZone, Utc};
use huying::{
    domain::calendar::{BusinessDuration, Calendar, HolidayList},
    seed::CN_HOLIDAYS_2026,
};

const ROUNDS: usize = 15;
const CALLS: u32 = 20_000;

fn median_per_call(mut call: impl FnMut(u32)) -> Duration {
    let mut rounds: Vec<Duration> = (0..ROUNDS)
        .map(|_| {
            let started = Instant::now();
            for i in 0..CALLS {
                call(i);
            }
            started.elapsed() / CALLS
        })
        .collect();
    rounds.sort();
    rounds[ROUNDS / 2]
}

/// A labelled operation to time.
type Row<'a> = (&'static str, Box<dyn FnMut(u32) + 'a>);

fn start(i: u32) -> DateTime<Utc> {
    let new_year = Utc.with_ymd_and_hms(2025, 12, 31, 16, 0, 0).single();
    new_year.unwrap_or_default() + chrono::Duration::seconds(i64::from(i) * 1571)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let list: HolidayList = serde_json::from_str(CN_HOLIDAYS_2026)?;
    let china =
        Calendar::china_government_office_hours(list.holidays.clone(), list.make_up_days())?;
    let always = Calendar::always_open();
    let thirty_days = BusinessDuration::from_hours(30 * 7);
    println!("operation | calendar | median per call");
    println!("---|---|---");
    for (name, cal) in [("China 2026", &china), ("24x7", &always)] {
        let rows: [Row; 3] = [
            (
                "add(t, 210 office hours)",
                Box::new(|i| {
                    black_box(cal.add(black_box(start(i)), thirty_days));
                }),
            ),
            (
                "add_working_days(t, 30)",
                Box::new(|i| {
                    black_box(cal.add_working_days(black_box(start(i)), 30));
                }),
            ),
            (
                "between(t, t + 1 year)",
                Box::new(|i| {
                    let t = start(i);
                    black_box(cal.between(black_box(t), t + chrono::Duration::days(365)));
                }),
            ),
        ];
        for (label, call) in rows {
            println!("{label} | {name} | {:?}", median_per_call(call));
        }
    }
    Ok(())
}
