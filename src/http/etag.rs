//! Entity tags and the two preconditions that read them (RFC 9110 §8.8.3,
//! §13.1.1–2): `If-Match` compares **strongly** — a weak tag `W/"…"` never
//! matches, so a write guarded by one fails with 412 — and `If-None-Match`
//! compares **weakly**, so a `GET` whose tag matches answers 304.

use actix_web::{HttpRequest, http::header};

/// One entity tag as a client sent it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tag<'a> {
    pub weak: bool,
    /// The opaque text between the quotes.
    pub opaque: &'a str,
}

/// The value of an `If-Match` or `If-None-Match` header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Condition<'a> {
    /// `*`: any current representation.
    Any,
    /// The well-formed tags of the list; malformed members match nothing.
    Tags(Vec<Tag<'a>>),
}

impl<'a> Tag<'a> {
    fn parse(text: &'a str) -> Option<Tag<'a>> {
        let text = text.trim();
        let (weak, quoted) = match text.strip_prefix("W/") {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let opaque = quoted.strip_prefix('"')?.strip_suffix('"')?;
        // etagc: no quote, no control character, no space (RFC 9110 §8.8.3).
        let valid = opaque
            .bytes()
            .all(|b| b == 0x21 || (0x23..=0x7e).contains(&b) || b >= 0x80);
        valid.then_some(Tag { weak, opaque })
    }
}

impl<'a> Condition<'a> {
    /// Parses a header value: `*`, or a comma-separated list of tags. A
    /// tag never contains a comma, so splitting on commas is exact.
    pub fn parse(value: &'a str) -> Condition<'a> {
        if value.trim() == "*" {
            return Condition::Any;
        }
        Condition::Tags(value.split(',').filter_map(Tag::parse).collect())
    }

    /// Whether a representation whose (strong) tag is `opaque` matches
    /// under the strong comparison: both strong, same text.
    pub fn strong_match(&self, opaque: &str) -> bool {
        match self {
            Condition::Any => true,
            Condition::Tags(tags) => tags.iter().any(|t| !t.weak && t.opaque == opaque),
        }
    }

    /// Whether it matches under the weak comparison: same text, either
    /// tag may be weak.
    pub fn weak_match(&self, opaque: &str) -> bool {
        match self {
            Condition::Any => true,
            Condition::Tags(tags) => tags.iter().any(|t| t.opaque == opaque),
        }
    }

    /// The strong tags of the list, as the client wrote them; `None` for `*`.
    pub fn strong_tags(&self) -> Option<Vec<&'a str>> {
        match self {
            Condition::Any => None,
            Condition::Tags(tags) => {
                Some(tags.iter().filter(|t| !t.weak).map(|t| t.opaque).collect())
            }
        }
    }
}

/// The opaque text of a strong tag as sent in `ETag` (`"3"` → `3`).
pub fn opaque(etag: &str) -> &str {
    etag.trim_matches('"')
}

/// Whether the request's `If-None-Match` matches `etag` (a strong tag as
/// this server sends it), so a `GET` answers 304 Not Modified. A header
/// that is not text matches nothing.
pub fn none_match(req: &HttpRequest, etag: &str) -> bool {
    req.headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| Condition::parse(v).weak_match(opaque(etag)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_and_star() {
        assert_eq!(Condition::parse(" * "), Condition::Any);
        assert_eq!(
            Condition::parse(r#""3", W/"4" ,bad, "a b", "#),
            Condition::Tags(vec![
                Tag {
                    weak: false,
                    opaque: "3"
                },
                Tag {
                    weak: true,
                    opaque: "4"
                },
            ])
        );
        assert_eq!(
            Condition::parse(r#""""#),
            Condition::Tags(vec![Tag {
                weak: false,
                opaque: ""
            }])
        );
    }

    /// The comparison table of RFC 9110 §8.8.3.2.
    #[test]
    fn strong_and_weak_comparison() {
        let cases = [
            (r#"W/"1""#, r#"W/"1""#, false, true),
            (r#"W/"1""#, r#"W/"2""#, false, false),
            (r#"W/"1""#, r#""1""#, false, true),
            (r#""1""#, r#""1""#, true, true),
        ];
        for (a, b, strong, weak) in cases {
            let condition = Condition::parse(a);
            let Condition::Tags(tags) = Condition::parse(b) else {
                panic!("{b}")
            };
            let other = tags[0];
            let s = !other.weak && condition.strong_match(other.opaque);
            let w = condition.weak_match(other.opaque);
            assert_eq!((s, w), (strong, weak), "{a} vs {b}");
        }
    }

    #[test]
    fn if_match_keeps_only_strong_tags() {
        assert_eq!(Condition::parse("*").strong_tags(), None);
        assert_eq!(
            Condition::parse(r#"W/"3", "4""#).strong_tags(),
            Some(vec!["4"])
        );
        assert_eq!(Condition::parse(r#"W/"3""#).strong_tags(), Some(vec![]));
        assert!(!Condition::parse(r#"W/"3""#).strong_match("3"));
        assert!(Condition::parse(r#"W/"3""#).weak_match("3"));
    }
}
