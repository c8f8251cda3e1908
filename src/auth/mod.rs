//! Authentication: password hashing and the two kinds of token.

pub mod password;
pub mod tokens;

pub use password::Passwords;
pub use tokens::{AccessClaims, TokenKeys};
