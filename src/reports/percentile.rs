//! p90 by linear interpolation, the same on both back ends.
//!
//! The definition is PostgreSQL's `percentile_cont(f)`: sort the n values,
//! take the 0-based position `pos = f × (n − 1)`, `lo` the value at
//! `floor(pos)`, `hi` the value at `ceil(pos)`, and answer
//! `lo + (pos − floor(pos)) × (hi − lo)`.
//!
//! PostgreSQL computes it with `percentile_cont` itself, but not as an
//! aggregate of the grouped rows: an ordered-set aggregate forbids hashed
//! and parallel aggregation and makes the server sort every ticket row by
//! group (2.4 s over a million tickets on two cores). Instead the grouped
//! aggregate — hashed, in parallel workers — collects each group's values
//! into an array with `report_values` (a parallel-safe aggregate made by
//! migration `m20261122_000007_reports`: `array_append` per row,
//! `array_cat` to combine the workers' arrays), and `percentile_cont` then
//! sorts only each group's own values.
//!
//! SQLite has no percentile function, so there the rank of each value comes
//! from `ROW_NUMBER()`/`COUNT()` windows and the same arithmetic is written
//! out in SQL — in the same IEEE-754 doubles, in the same order of
//! operations, with the fraction bound as a parameter (not parsed from SQL
//! text), so both back ends answer the same bits.

use super::sql::Dialect;

/// The fraction of the p90.
pub const P90: f64 = 0.9;

/// The PostgreSQL aggregate collecting a group's values into an array.
pub const COLLECT: &str = "report_values";

/// One value to take the p90 of: `column` over the `base` rows meeting
/// `condition`; the result is named `p90_{name}_secs`.
pub struct Input<'a> {
    pub name: &'a str,
    pub column: &'a str,
    pub condition: &'a str,
}

/// The fragments a summary statement splices in.
pub struct Sql {
    in_aggregate: String,
    ctes: String,
    in_select: String,
    joins: String,
}

impl Sql {
    /// `fraction` is the placeholder bound to [`P90`]. When `enabled` is
    /// false the columns are NULL and nothing is collected or sorted.
    pub fn new<'a>(
        dialect: Dialect,
        fraction: &str,
        enabled: bool,
        inputs: impl IntoIterator<Item = Input<'a>>,
    ) -> Sql {
        let mut sql = Sql {
            in_aggregate: String::new(),
            ctes: String::new(),
            in_select: String::new(),
            joins: String::new(),
        };
        for input in inputs {
            let out = format!("p90_{}_secs", input.name);
            if !enabled {
                sql.in_select
                    .push_str(&format!(",\n  CAST(NULL AS {}) AS {out}", dialect.float()));
                continue;
            }
            match dialect {
                Dialect::Postgres => sql.add_collected(fraction, &input, &out),
                Dialect::Sqlite => sql.add_windows(dialect, fraction, &input, &out),
            }
        }
        sql
    }

    fn add_collected(&mut self, f: &str, input: &Input<'_>, out: &str) {
        let (name, col, cond) = (input.name, input.column, input.condition);
        self.in_aggregate.push_str(&format!(
            ",\n  {COLLECT}(CAST({col} AS DOUBLE PRECISION)) \
             FILTER (WHERE {col} IS NOT NULL AND ({cond})) AS {name}_values"
        ));
        // `unnest` in a select list streams the elements; in FROM it would
        // first copy them into a tuple store (measured 60–80 ms slower).
        self.in_select.push_str(&format!(
            ",\n  (SELECT percentile_cont({f}) WITHIN GROUP (ORDER BY v) \
             FROM (SELECT unnest(agg.{name}_values) AS v) u) AS {out}"
        ));
    }

    fn add_windows(&mut self, dialect: Dialect, f: &str, input: &Input<'_>, out: &str) {
        let (name, col, cond) = (input.name, input.column, input.condition);
        let rank = format!("{name}_rank");
        let p90 = format!("{name}_p90");
        // floor(pos) for pos ≥ 0, and ceil(pos) = floor(pos) + (pos > floor(pos)).
        let pos = format!("({f} * (n - 1))");
        let floor = format!("CAST({pos} AS INTEGER)");
        self.ctes.push_str(&format!(
            ",\n {rank} AS (SELECT g_key, {col} AS x, \
             ROW_NUMBER() OVER (PARTITION BY g_key ORDER BY {col}) - 1 AS i, \
             COUNT(*) OVER (PARTITION BY g_key) AS n \
             FROM base WHERE {col} IS NOT NULL AND ({cond})),\
             \n {p90} AS (SELECT g_key, \
             MAX(CASE WHEN i = {floor} THEN x END) AS lo, \
             MAX(CASE WHEN i = {floor} + ({pos} > {floor}) THEN x END) AS hi, \
             MAX({pos} - {floor}) AS frac \
             FROM {rank} GROUP BY g_key)"
        ));
        // PostgreSQL's lerp: lo + (frac × (hi − lo)).
        self.in_select.push_str(&format!(
            ",\n  {p90}.lo + ({p90}.frac * ({p90}.hi - {p90}.lo)) AS {out}"
        ));
        self.joins.push_str(&format!(
            " LEFT JOIN {p90} ON {}",
            dialect.same(&format!("{p90}.g_key"), "agg.g_key")
        ));
    }

    /// Extra aggregate columns of `agg`: the collected arrays (PostgreSQL).
    pub fn in_aggregate(&self) -> &str {
        &self.in_aggregate
    }

    /// Extra common table expressions, each starting with a comma (SQLite).
    pub fn ctes(&self) -> &str {
        &self.ctes
    }

    /// The p90 columns of the final SELECT, each starting with a comma.
    pub fn in_select(&self) -> &str {
        &self.in_select
    }

    /// Joins of the final SELECT onto `agg` (SQLite).
    pub fn joins(&self) -> &str {
        &self.joins
    }
}

/// The definition in plain Rust, for tests: the p-th percentile of
/// `values` by linear interpolation, `None` for no values.
pub fn cont(fraction: f64, values: &[i64]) -> Option<f64> {
    let mut sorted = values.to_vec();
    sorted.sort_unstable();
    let n = sorted.len();
    if n == 0 {
        return None;
    }
    let pos = fraction * (n as f64 - 1.0);
    let first = pos.floor();
    let (lo, hi) = (
        sorted[first as usize] as f64,
        sorted[pos.ceil() as usize] as f64,
    );
    if pos.ceil() == first {
        return Some(lo);
    }
    Some(lo + ((pos - first) * (hi - lo)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interpolates_between_the_neighbouring_ranks() {
        assert_eq!(cont(P90, &[]), None);
        assert_eq!(cont(P90, &[1800]), Some(1800.0));
        // n = 6: pos = 4.5, halfway between 1800 and 7200.
        assert_eq!(
            cont(P90, &[1800, 1800, 7200, 1800, 1800, 1800]),
            Some(4500.0)
        );
        // n = 5: pos = 3.6, both neighbours 93600.
        assert_eq!(cont(P90, &[7200, 93600, 7200, 93600, 7200]), Some(93600.0));
        // n = 7: pos = 5.4, 1800 + 0.4 × 5400 = 3960 (up to rounding).
        let p = cont(P90, &[1800, 1800, 1800, 1800, 1800, 1800, 7200]).unwrap();
        assert!((p - 3960.0).abs() < 1e-9, "{p}");
        // n = 11: pos = 9 exactly, the 10th value.
        let values: Vec<i64> = (1..=11).map(|v| v * 100).collect();
        assert_eq!(cont(P90, &values), Some(1000.0));
    }
}
