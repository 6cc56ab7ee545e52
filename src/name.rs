//! Names shared rather than copied: a [`Name`] is a reference-counted string, so the
//! symbol table's entry for a declared name and every reference to it hold one allocation
//! between them.
//!
//! A `Name` reads as a `&str` wherever one is expected (`&name` coerces, `name.as_str()`,
//! comparisons with `str` and `String`), and serialises as a plain string.

use serde::{Serialize, Serializer};
use std::borrow::Borrow;
use std::collections::HashMap;
use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

/// The hasher of the model's maps keyed by names: foldhash with a fixed seed, so that
/// iterating a map gives the same order in every run (outputs must be reproducible; a
/// file's names are not chosen by an attacker of a long-running service).
pub type FastState = foldhash::fast::FixedState;

/// A hash map with the fast hasher.
pub type FastMap<K, V> = HashMap<K, V, FastState>;

/// A name, shared between its declaration and its uses.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Name(Arc<str>);

impl Name {
    /// A new name; clones of it share its one allocation.
    pub fn new(s: &str) -> Name {
        Name(Arc::from(s))
    }

    /// The name as a string slice.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The address of the shared text: equal for a name and its clones, and (since the
    /// parser shares one allocation per spelling) for every use of a name in one file.
    pub fn addr(&self) -> usize {
        Arc::as_ptr(&self.0).cast::<u8>() as usize
    }
}

impl Deref for Name {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for Name {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Name {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl PartialEq<str> for Name {
    fn eq(&self, other: &str) -> bool {
        &*self.0 == other
    }
}

impl PartialEq<&str> for Name {
    fn eq(&self, other: &&str) -> bool {
        &*self.0 == *other
    }
}

impl PartialEq<String> for Name {
    fn eq(&self, other: &String) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<Name> for str {
    fn eq(&self, other: &Name) -> bool {
        self == &*other.0
    }
}

impl PartialEq<Name> for &str {
    fn eq(&self, other: &Name) -> bool {
        *self == &*other.0
    }
}

impl PartialEq<Name> for String {
    fn eq(&self, other: &Name) -> bool {
        **self == *other.0
    }
}

impl From<&str> for Name {
    fn from(s: &str) -> Name {
        Name::new(s)
    }
}

impl From<Name> for String {
    fn from(n: Name) -> String {
        n.0.to_string()
    }
}

impl Serialize for Name {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl schemars::JsonSchema for Name {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "String".into()
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        String::json_schema(g)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_reads_and_compares_as_a_string() {
        let n = Name::new("cpb_chair");
        assert_eq!(n.as_str(), "cpb_chair");
        assert!(n == "cpb_chair");
        assert!(n == *"cpb_chair");
        let owned = String::from("cpb_chair");
        assert!(n == owned);
        assert!(owned == n);
        assert_eq!(n.to_string(), "cpb_chair");
        assert_eq!(format!("{n:?}"), "\"cpb_chair\"");
        assert_eq!(
            serde_json::to_string(&n).ok().as_deref(),
            Some("\"cpb_chair\"")
        );
        let s: &str = &n;
        assert_eq!(s.len(), 9);
    }
}
