//! Names shared rather than copied: a [`Name`] is a reference-counted string, so the
//! declaration of a name and every use of it hold one allocation between them. An
//! [`Interner`] hands out one `Name` per distinct spelling.
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
    /// A new name, not shared with any other (see [`Interner::intern`] to share).
    pub fn new(s: &str) -> Name {
        Name(Arc::from(s))
    }

    /// The name as a string slice.
    pub fn as_str(&self) -> &str {
        &self.0
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

/// One [`Name`] per distinct spelling.
#[derive(Debug, Clone, Default)]
pub struct Interner {
    names: FastMap<Name, ()>,
}

impl Interner {
    /// An empty interner.
    pub fn new() -> Interner {
        Interner::default()
    }

    /// The shared name spelled `s`, made on first sight.
    pub fn intern(&mut self, s: &str) -> Name {
        if let Some((n, _)) = self.names.get_key_value(s) {
            return n.clone();
        }
        let n = Name::new(s);
        self.names.insert(n.clone(), ());
        n
    }

    /// The shared name spelled `s`, if it was interned.
    pub fn get(&self, s: &str) -> Option<&Name> {
        self.names.get_key_value(s).map(|(n, _)| n)
    }

    /// How many distinct names were interned.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// True when nothing was interned.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interning_shares_one_allocation_per_spelling() {
        let mut i = Interner::new();
        let a = i.intern("cpb");
        let b = i.intern("cpb");
        let c = i.intern("scp");
        assert!(Arc::ptr_eq(&a.0, &b.0));
        assert!(!Arc::ptr_eq(&a.0, &c.0));
        assert_eq!(i.len(), 2);
        assert_eq!(i.get("scp"), Some(&c));
        assert_eq!(i.get("nope"), None);
    }

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
