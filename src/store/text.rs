//! Substring search that means the same on SQLite and PostgreSQL.

use sea_orm::{
    ColumnTrait,
    sea_query::{Expr, ExprTrait, Func, LikeExpr, SimpleExpr},
};

/// `column` contains `needle`, case-insensitively for Latin letters and
/// exactly for Chinese text. `%`, `_` and `\` in the needle match themselves.
pub fn contains(column: impl ColumnTrait, needle: &str) -> SimpleExpr {
    let escaped: String = needle
        .to_lowercase()
        .chars()
        .flat_map(|c| match c {
            '%' | '_' | '\\' => vec!['\\', c],
            c => vec![c],
        })
        .collect();
    let pattern = LikeExpr::new(format!("%{escaped}%")).escape('\\');
    Func::lower(Expr::col(column.as_column_ref())).like(pattern)
}
