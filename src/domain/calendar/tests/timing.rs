//! Not a test: `cargo test --release -- --ignored --nocapture timing` prints how
//! long typical calls take.

use std::hint::black_box;
use std::time::Instant;

use super::*;

const CALLS: u32 = 100_000;

fn report(label: &str, mut call: impl FnMut(u32)) {
    let started = Instant::now();
    for i in 0..CALLS {
        call(i);
    }
    let elapsed = started.elapsed();
    println!(
        "{label}: {CALLS} calls in {elapsed:?} ({:?} per call)",
        elapsed / CALLS
    );
}

#[test]
#[ignore = "prints timings, asserts nothing"]
fn timing() {
    // Start instants spread over 2026 (one every ~5 minutes), so the Spring
    // Festival and National Day breaks are crossed by many of them.
    let start = |i: u32| cst("2026-01-01 00:00") + chrono::Duration::seconds(i64::from(i) * 307);
    let thirty_days = hours(30 * 7);
    for (name, cal) in [
        ("china", &*CHINA),
        ("berlin", &*BERLIN),
        ("24x7", &*ALWAYS_OPEN),
    ] {
        report(
            &format!("{name} add(t, 30 working days of office time)"),
            |i| {
                black_box(cal.add(black_box(start(i)), thirty_days));
            },
        );
        report(&format!("{name} add_working_days(t, 30)"), |i| {
            black_box(cal.add_working_days(black_box(start(i)), 30));
        });
        report(
            &format!("{name} sub(t, 30 working days of office time)"),
            |i| {
                black_box(cal.sub(black_box(start(i)), thirty_days));
            },
        );
    }
    for (name, cal) in [("china", &*CHINA), ("berlin", &*BERLIN)] {
        let ten_years = chrono::Duration::days(3653);
        let started = Instant::now();
        let rounds = 1000;
        for i in 0..rounds {
            black_box(cal.between(black_box(start(i)), start(i) + ten_years));
        }
        println!(
            "{name} between(t, t + 10 years): {:?} per call",
            started.elapsed() / rounds
        );
    }
}
