//! Time is injected: the workflow and the SLA job read a [`Clock`], so tests
//! can move time on instead of sleeping.

use std::sync::Mutex;

use chrono::{DateTime, Duration, DurationRound, TimeDelta, Utc};

pub trait Clock: Send + Sync + 'static {
    fn now(&self) -> DateTime<Utc>;
}

/// Instants are kept to whole microseconds, the precision PostgreSQL stores,
/// so a value read back from either database equals the one written.
pub fn to_micros(t: DateTime<Utc>) -> DateTime<Utc> {
    t.duration_trunc(TimeDelta::microseconds(1)).unwrap_or(t)
}

#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        to_micros(Utc::now())
    }
}

/// A clock for tests: real time shifted by an offset that can be moved on,
/// or frozen at a chosen instant.
#[derive(Debug, Default)]
pub struct AdjustableClock {
    state: Mutex<ClockState>,
}

#[derive(Debug, Default)]
struct ClockState {
    offset: Duration,
    frozen_at: Option<DateTime<Utc>>,
}

impl AdjustableClock {
    pub fn advance(&self, by: Duration) {
        let mut state = self.lock();
        state.offset += by;
        if let Some(t) = state.frozen_at.as_mut() {
            *t += by;
        }
    }

    pub fn freeze_at(&self, at: DateTime<Utc>) {
        self.lock().frozen_at = Some(to_micros(at));
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, ClockState> {
        // A poisoned lock only means a test panicked mid-update; the plain
        // data inside is still usable.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Clock for AdjustableClock {
    fn now(&self) -> DateTime<Utc> {
        let state = self.lock();
        state
            .frozen_at
            .unwrap_or_else(|| to_micros(Utc::now() + state.offset))
    }
}
