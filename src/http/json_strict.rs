//! Reads a parsed body into its request type more strictly than
//! `serde_json::Value` does: a JSON array never fills a struct by position
//! (at any depth), and a number with no fractional part (`3.0`) is an
//! integer, as JSON Schema says it is.

use serde::de::{
    self, DeserializeSeed, Deserializer, IntoDeserializer, MapAccess, SeqAccess, Unexpected,
    Visitor,
};
use serde_json::{Map, Value};

/// A borrowed JSON value as a strict deserializer.
pub struct Strict<'a>(pub &'a Value);

type Error = serde_json::Error;

impl<'a> Strict<'a> {
    /// `3.0` as the integer 3; `None` for any other number.
    fn whole(&self) -> Option<Value> {
        let f = self.0.as_f64().filter(|_| self.0.is_f64())?;
        if f.fract() != 0.0 || !f.is_finite() {
            return None;
        }
        if f >= 0.0 && f < u64::MAX as f64 {
            Some(Value::from(f as u64))
        } else if f < 0.0 && f >= i64::MIN as f64 {
            Some(Value::from(f as i64))
        } else {
            None
        }
    }
}

macro_rules! integer {
    ($($method:ident),*) => {
        $(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
                match self.whole() {
                    Some(n) => n.$method(visitor),
                    None => self.0.$method(visitor),
                }
            }
        )*
    };
}

macro_rules! forward_to_value {
    ($($method:ident),*) => {
        $(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
                self.0.$method(visitor)
            }
        )*
    };
}

impl<'de> Deserializer<'de> for Strict<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Array(items) => visitor.visit_seq(Seq(items.iter())),
            Value::Object(fields) => visitor.visit_map(Fields {
                iter: fields.iter(),
                value: None,
            }),
            Value::String(s) => visitor.visit_borrowed_str(s),
            other => other.deserialize_any(visitor),
        }
    }

    integer!(
        deserialize_i8,
        deserialize_i16,
        deserialize_i32,
        deserialize_i64,
        deserialize_i128,
        deserialize_u8,
        deserialize_u16,
        deserialize_u32,
        deserialize_u64,
        deserialize_u128
    );

    forward_to_value!(
        deserialize_bool,
        deserialize_f32,
        deserialize_f64,
        deserialize_char,
        deserialize_bytes,
        deserialize_byte_buf,
        deserialize_unit
    );

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::String(s) => visitor.visit_borrowed_str(s),
            other => other.deserialize_str(visitor),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.0.deserialize_unit_struct(name, visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Array(items) => visitor.visit_seq(Seq(items.iter())),
            other => other.deserialize_seq(visitor),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Object(fields) => visitor.visit_map(Fields {
                iter: fields.iter(),
                value: None,
            }),
            other => other.deserialize_map(visitor),
        }
    }

    /// Only an object fills a struct: serde would take an array by position.
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self.0 {
            Value::Object(_) => self.deserialize_map(visitor),
            Value::Array(_) => Err(de::Error::invalid_type(Unexpected::Seq, &visitor)),
            other => other.deserialize_map(visitor),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self.0 {
            Value::String(s) => visitor.visit_enum(s.as_str().into_deserializer()),
            other => other.deserialize_enum(name, variants, visitor),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }
}

struct Seq<'a>(std::slice::Iter<'a, Value>);

impl<'de> SeqAccess<'de> for Seq<'de> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        self.0
            .next()
            .map(|item| seed.deserialize(Strict(item)))
            .transpose()
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

struct Fields<'a> {
    iter: <&'a Map<String, Value> as IntoIterator>::IntoIter,
    value: Option<&'a Value>,
}

impl<'de> MapAccess<'de> for Fields<'de> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        match self.iter.next() {
            Some((key, value)) => {
                self.value = Some(value);
                let key: de::value::BorrowedStrDeserializer<'de, Error> =
                    de::value::BorrowedStrDeserializer::new(key);
                seed.deserialize(key).map(Some)
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        match self.value.take() {
            Some(value) => seed.deserialize(Strict(value)),
            None => Err(de::Error::custom("a value was asked for before its key")),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.iter.len())
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;
    use serde_json::json;

    use super::*;

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Inner {
        a: u32,
        b: Option<String>,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Outer {
        inner: Inner,
        list: Vec<Inner>,
        n: i64,
        #[serde(default)]
        kind: Option<Kind>,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(rename_all = "snake_case")]
    enum Kind {
        One,
        Two,
    }

    fn read(v: Value) -> Result<Outer, Error> {
        Outer::deserialize(Strict(&v))
    }

    #[test]
    fn objects_fill_structs_and_arrays_do_not() {
        let ok =
            read(json!({"inner": {"a": 1}, "list": [{"a": 2, "b": "x"}], "n": -3, "kind": "two"}));
        assert_eq!(
            ok.unwrap(),
            Outer {
                inner: Inner { a: 1, b: None },
                list: vec![Inner {
                    a: 2,
                    b: Some("x".into())
                }],
                n: -3,
                kind: Some(Kind::Two),
            }
        );
        assert!(read(json!({"inner": [1, null], "list": [], "n": 1})).is_err());
        assert!(read(json!({"inner": {"a": 1}, "list": [[2, "x"]], "n": 1})).is_err());
        assert!(read(json!({"inner": {"a": 1}, "list": [], "n": 1, "extra": 0})).is_err());
        assert!(read(json!({"inner": {"a": 1}, "list": [], "n": 1, "kind": "three"})).is_err());
    }

    #[test]
    fn whole_floats_are_integers() {
        let v = read(json!({"inner": {"a": 3.0}, "list": [], "n": -2.0})).unwrap();
        assert_eq!((v.inner.a, v.n), (3, -2));
        assert!(read(json!({"inner": {"a": 3.5}, "list": [], "n": 1})).is_err());
        assert!(read(json!({"inner": {"a": -1.0}, "list": [], "n": 1})).is_err());
        assert!(read(json!({"inner": {"a": 1e20}, "list": [], "n": 1})).is_err());
    }
}
