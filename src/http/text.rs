//! The text rule at the edge: every string a client sends — each JSON
//! value and key, each query parameter — passes [`refusal`] before it is
//! deserialised, so no control character or bidirectional override reaches
//! a query, a row or a log line, and both back ends answer alike (SQLite
//! would store a NUL that PostgreSQL refuses).
//!
//! Refused everywhere: C0 controls (NUL … US), DEL, C1 controls and the
//! bidirectional embeddings, overrides and isolates (U+202A–U+202E,
//! U+2066–U+2069), which make a title read differently from what it holds.
//! Line feed and tab are allowed only in the multi-line fields of
//! [`MULTI_LINE_FIELDS`]; carriage return nowhere (a line ends with `\n`).

use serde_json::Value;

use super::error::{ApiError, FieldErrors};

/// Top-level body fields that hold prose and so may span lines. A field of
/// that name deeper in a body (a calendar holiday's `note`) is one line.
pub const MULTI_LINE_FIELDS: &[&str] = &[
    "description",
    "body",
    "message",
    "reason",
    "resolution",
    "feedback",
    "note",
];

/// Why `text` is refused, if it is.
pub fn refusal(text: &str, multi_line: bool) -> Option<&'static str> {
    for c in text.chars() {
        match c {
            '\n' | '\t' if multi_line => {}
            '\n' | '\t' => return Some("must be a single line (no line break or tab)"),
            '\u{0}' => return Some("must not contain a NUL character"),
            c if c.is_control() => return Some("must not contain control characters"),
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => {
                return Some("must not contain bidirectional control characters");
            }
            _ => {}
        }
    }
    None
}

/// Checks every key and string of a JSON body; the 422 names each refused
/// field by its path (`items[2].name`), as the deserialiser's errors do.
pub fn check_json(document: &Value) -> Result<(), ApiError> {
    let mut errors = FieldErrors::new();
    walk(document, "", false, &mut errors);
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::Validation(errors))
    }
}

fn walk(value: &Value, path: &str, multi_line: bool, errors: &mut FieldErrors) {
    match value {
        Value::String(text) => {
            if let Some(why) = refusal(text, multi_line) {
                let name = if path.is_empty() { "body" } else { path };
                errors.insert(name.to_string(), why.to_string());
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                walk(item, &format!("{path}[{i}]"), false, errors);
            }
        }
        Value::Object(fields) => {
            for (key, item) in fields {
                let child = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                if let Some(why) = refusal(key, false) {
                    // The key itself is not printable; name its parent.
                    let name = if path.is_empty() { "body" } else { path };
                    errors.insert(name.to_string(), format!("a field name {why}"));
                    continue;
                }
                let prose = path.is_empty() && MULTI_LINE_FIELDS.contains(&key.as_str());
                walk(item, &child, prose, errors);
            }
        }
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

/// Checks each parameter of a query string (names and values, decoded);
/// every parameter is one line.
pub fn check_query(query: &str) -> Result<(), ApiError> {
    let mut errors = FieldErrors::new();
    for (key, value) in form_pairs(query) {
        if let Some(why) = refusal(&key, false) {
            errors.insert("query".to_string(), format!("a parameter name {why}"));
        } else if let Some(why) = refusal(&value, false) {
            errors.insert(key, why.to_string());
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::Validation(errors))
    }
}

/// `application/x-www-form-urlencoded` pairs, decoded as the query
/// extractor decodes them (`+` is a space; bad UTF-8 becomes U+FFFD).
fn form_pairs(query: &str) -> Vec<(String, String)> {
    actix_web::web::Query::<Vec<(String, String)>>::from_query(query)
        .map(|q| q.into_inner())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn plain_text_passes_and_each_hostile_character_is_refused() {
        assert_eq!(refusal("人社局 — Zone A, 3/F", false), None);
        assert_eq!(refusal("line one\nline two\tend", true), None);
        for bad in [
            "\u{0}",
            "\u{1}",
            "\u{1b}[31m",
            "\r",
            "\u{7f}",
            "\u{85}",
            "\u{9b}",
            "\u{202a}",
            "\u{202e}",
            "\u{2066}",
            "\u{2069}",
        ] {
            let text = format!("a{bad}b");
            assert!(refusal(&text, true).is_some(), "{text:?}");
            assert!(refusal(&text, false).is_some(), "{text:?}");
        }
        assert!(refusal("a\nb", false).is_some());
        assert!(refusal("a\tb", false).is_some());
    }

    #[test]
    fn json_errors_name_the_field() {
        let Err(ApiError::Validation(errors)) = check_json(&json!({
            "title": "a\u{0}",
            "description": "two\nlines",
            "items": [{"name": "x\ny"}],
            "tags": ["ok", "\u{202e}"],
        })) else {
            panic!("refused");
        };
        assert_eq!(
            errors.keys().collect::<Vec<_>>(),
            ["items[0].name", "tags[1]", "title"]
        );
        assert!(check_json(&json!({"description": "a\nb", "n": 1})).is_ok());
    }

    #[test]
    fn query_errors_name_the_parameter() {
        let Err(ApiError::Validation(errors)) = check_query("q=a%00&limit=5") else {
            panic!("refused");
        };
        assert_eq!(errors.keys().collect::<Vec<_>>(), ["q"]);
        assert!(check_query("q=%E4%BA%BA+x&limit=5").is_ok());
        assert!(check_query("q=a%0Ab").is_err());
        assert!(check_query("q=%E2%80%AE").is_err());
    }
}
