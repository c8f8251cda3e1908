//! Supervisor reports: counts, rates and percentiles over tickets, computed
//! by the database (GROUP BY, window and percentile functions), never by
//! loading tickets into memory.
//!
//! Like `store`, this layer writes SQL; unlike `store` it writes it by hand,
//! because the reports need what a query builder does not express the same
//! way on both back ends (ordered-set aggregates, window functions, time
//! zone bucketing). [`sql`] holds the per-backend fragments, one file per
//! report holds its query. Every figure must come out the same on SQLite and
//! PostgreSQL: the fragments are chosen so that both do the same integer and
//! IEEE-754 arithmetic.

pub mod age;
pub mod backlog;
pub mod breach;
pub mod group;
pub mod overdue;
pub mod percentile;
pub mod period;
pub mod public;
pub mod sql;
pub mod summary;
pub mod urges;

pub use period::Period;

/// `numerator ÷ denominator`, or `None` when nothing was counted: a rate of
/// zero tickets is unknown, not 0 % and not 100 %.
pub fn rate(numerator: i64, denominator: i64) -> Option<f64> {
    (denominator > 0).then(|| numerator as f64 / denominator as f64)
}

#[cfg(test)]
mod tests {
    use super::rate;

    #[test]
    fn a_rate_of_nothing_is_null() {
        assert_eq!(rate(0, 0), None);
        assert_eq!(rate(26, 26), Some(1.0));
        assert_eq!(rate(0, 4), Some(0.0));
        assert_eq!(rate(5, 8), Some(0.625));
    }
}
