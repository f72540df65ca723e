//! Deserializing one CSV record by column name, knowing which column failed.
//!
//! The csv crate's own deserializer does not say which field a custom error
//! (a bad amount, a malformed code) came from; this one does, because every
//! value deserializer records its column before visiting.

use std::cell::Cell;

use serde::de::value::{Error, MapDeserializer, StrDeserializer};
use serde::de::{DeserializeOwned, Deserializer, IntoDeserializer, Visitor};
use serde::forward_to_deserialize_any;

/// Deserializes `T` from `record` keyed by `headers`; on failure returns the
/// failing column's header (when known) and the message.
pub fn deserialize<T: DeserializeOwned>(
    headers: &csv::StringRecord,
    record: &csv::StringRecord,
) -> Result<T, (Option<String>, String)> {
    let current = Cell::new(None::<usize>);
    let pairs = headers
        .iter()
        .zip(record.iter())
        .enumerate()
        .map(|(i, (h, v))| (h, Field { index: i, value: v, current: &current }));
    T::deserialize(MapDeserializer::<_, Error>::new(pairs)).map_err(|e| {
        let message = e.to_string();
        // A missing column is not the fault of the last column read.
        let field =
            if message.starts_with("missing field") { None } else { current.get().and_then(|i| headers.get(i)) };
        (field.map(str::to_owned), message)
    })
}

/// One cell: a string, empty meaning "none" for optional fields.
struct Field<'a> {
    index: usize,
    value: &'a str,
    current: &'a Cell<Option<usize>>,
}

impl<'de, 'a: 'de> IntoDeserializer<'de, Error> for Field<'a> {
    type Deserializer = Self;
    fn into_deserializer(self) -> Self {
        self
    }
}

impl<'de, 'a: 'de> Deserializer<'de> for Field<'a> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        self.current.set(Some(self.index));
        v.visit_borrowed_str(self.value)
    }

    fn deserialize_option<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        self.current.set(Some(self.index));
        if self.value.is_empty() { v.visit_none() } else { v.visit_some(self) }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, Error> {
        self.current.set(Some(self.index));
        StrDeserializer::<Error>::new(self.value).deserialize_enum(name, variants, v)
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct newtype_struct seq tuple
        tuple_struct map struct identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    struct Row {
        #[allow(dead_code)]
        a: String,
        b: Option<String>,
        c: yusuan_model::Amount,
    }

    fn rec(fields: &[&str]) -> csv::StringRecord {
        csv::StringRecord::from(fields.to_vec())
    }

    #[test]
    fn names_the_failing_column() {
        let h = rec(&["a", "b", "c"]);
        let ok: Row = deserialize(&h, &rec(&["x", "", "1.5"])).unwrap();
        assert!(ok.b.is_none());
        assert_eq!(ok.c.fen(), 150);
        let (field, msg) = deserialize::<Row>(&h, &rec(&["x", "y", "1.5z"])).unwrap_err();
        assert_eq!(field.as_deref(), Some("c"));
        assert!(msg.contains("1.5z"));
    }
}
