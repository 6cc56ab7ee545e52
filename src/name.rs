//! Names shared rather than copied: a [`Name`] is a reference-counted string, so the
//! symbol table's entry for a declared name and every reference to it hold one allocation
//! between them.
//!
//! A `Name` reads as a `&str` wherever one is expected (`&name` coerces, `name.as_str()`,
//! comparisons with `str` and `String`), and serialises as a plain string.
//!
//! An [`Interner`] gives each spelling one allocation and a number ([`Number`]), kept
//! beside the text: the resolver finds a name's declaration by that number, in a dense
//! array, instead of hashing the name again.

use serde::{Serialize, Serializer};
use std::borrow::Borrow;
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;
use std::sync::atomic::{AtomicU32, Ordering};
use triomphe::{Arc, HeaderSlice};

/// The hasher of the model's maps keyed by names: foldhash with a fixed seed, so that
/// iterating a map gives the same order in every run (outputs must be reproducible; a
/// file's names are not chosen by an attacker of a long-running service).
pub type FastState = foldhash::fast::FixedState;

/// A hash map with the fast hasher.
pub type FastMap<K, V> = HashMap<K, V, FastState>;

/// A name, shared between its declaration and its uses.
#[derive(Clone)]
pub struct Name(Arc<HeaderSlice<Tag, str>>);

/// What a name's allocation holds beside its text: the interner that made it and its
/// number there (interner 0: made by [`Name::new`], no number).
#[derive(Clone, Copy, PartialEq, Eq)]
struct Tag {
    interner: u32,
    index: u32,
}

/// A spelling's number in one [`Interner`]: equal for two names exactly when one
/// interner made both for the same text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Number {
    /// Which interner made the name (never 0).
    pub interner: u32,
    /// The spelling's number there, counting from 0 in the order first read.
    pub index: u32,
}

impl Name {
    /// A new name, made by no interner; clones of it share its one allocation.
    pub fn new(s: &str) -> Name {
        Name(Arc::from_header_and_str(
            Tag {
                interner: 0,
                index: 0,
            },
            s,
        ))
    }

    /// The name as a string slice.
    pub fn as_str(&self) -> &str {
        &self.0.slice
    }

    /// The address of the shared text: equal for a name and its clones, and (since the
    /// parser shares one allocation per spelling) for every use of a name in one file.
    pub fn addr(&self) -> usize {
        self.0.slice.as_ptr() as usize
    }

    /// The spelling's number, if an [`Interner`] made this name.
    pub fn number(&self) -> Option<Number> {
        let t = self.0.header;
        (t.interner != 0).then_some(Number {
            interner: t.interner,
            index: t.index,
        })
    }
}

/// The last interner's identity; identities are never reused, and once they run out new
/// interners make names without numbers (still shared, found by their text).
static INTERNERS: AtomicU32 = AtomicU32::new(0);

/// Reads each spelling once: every name it returns for one text shares one allocation
/// and carries that spelling's [`Number`].
pub struct Interner {
    id: u32,
    names: HashSet<Name, FastState>,
}

impl Default for Interner {
    fn default() -> Interner {
        Interner::new()
    }
}

impl Interner {
    /// An empty interner with an identity of its own.
    pub fn new() -> Interner {
        let id = INTERNERS
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| n.checked_add(1))
            .map_or(0, |last| last + 1);
        Interner {
            id,
            names: HashSet::default(),
        }
    }

    /// The shared name for `s`: the one made when it was first read, else a new one.
    pub fn intern(&mut self, s: &str) -> Name {
        if let Some(n) = self.names.get(s) {
            return n.clone();
        }
        let (interner, index) = match u32::try_from(self.names.len()) {
            Ok(index) if self.id != 0 => (self.id, index),
            _ => (0, 0),
        };
        let n = Name(Arc::from_header_and_str(Tag { interner, index }, s));
        self.names.insert(n.clone());
        n
    }

    /// Room for `n` more spellings, so the table is not rebuilt as it grows (rebuilding
    /// reads every name's text again, from all over the heap).
    pub fn reserve(&mut self, n: usize) {
        self.names.reserve(n);
    }

    /// How many spellings it has read.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// True if it has read none.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }
}

impl PartialEq for Name {
    fn eq(&self, other: &Name) -> bool {
        Arc::ptr_eq(&self.0, &other.0) || self.as_str() == other.as_str()
    }
}

impl Eq for Name {}

impl Hash for Name {
    fn hash<H: Hasher>(&self, h: &mut H) {
        self.as_str().hash(h)
    }
}

impl PartialOrd for Name {
    fn partial_cmp(&self, other: &Name) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Name {
    fn cmp(&self, other: &Name) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl Deref for Name {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl Borrow<str> for Name {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Name {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl PartialEq<str> for Name {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Name {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Name {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other.as_str()
    }
}

impl PartialEq<Name> for str {
    fn eq(&self, other: &Name) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<Name> for &str {
    fn eq(&self, other: &Name) -> bool {
        *self == other.as_str()
    }
}

impl PartialEq<Name> for String {
    fn eq(&self, other: &Name) -> bool {
        self.as_str() == other.as_str()
    }
}

impl From<&str> for Name {
    fn from(s: &str) -> Name {
        Name::new(s)
    }
}

impl From<Name> for String {
    fn from(n: Name) -> String {
        n.as_str().to_string()
    }
}

impl Serialize for Name {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    /// Held by the tests that read or set the interners' identities.
    static IDENTITIES: Mutex<()> = Mutex::new(());

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

    #[test]
    fn an_interner_numbers_each_spelling_once_and_its_own_numbers_only() {
        let _serial = IDENTITIES.lock();
        let mut a = Interner::new();
        let cpb = a.intern("cpb");
        let chair = a.intern("chair");
        let again = a.intern("cpb");
        assert_eq!(cpb.addr(), again.addr());
        assert_eq!(cpb.number(), again.number());
        assert_ne!(cpb.number(), chair.number());
        assert_eq!(cpb.number().map(|s| s.index), Some(0));
        assert_eq!(chair.number().map(|s| s.index), Some(1));
        assert_eq!(a.len(), 2);
        // Another interner's first name has the same index but not the same number.
        let mut b = Interner::new();
        let other = b.intern("cpb");
        assert_eq!(other.number().map(|s| s.index), Some(0));
        assert_ne!(other.number(), cpb.number());
        assert!(other == cpb && other.addr() != cpb.addr());
        // A name made on its own has no number, and equals by its text.
        assert_eq!(Name::new("cpb").number(), None);
        assert!(Name::new("cpb") == cpb);
    }

    #[test]
    fn when_identities_run_out_names_have_no_number_are_still_shared_and_resolve() {
        let _serial = IDENTITIES.lock();
        // Identities handed out meanwhile (by tests on other threads) are the last one or
        // none, so going back afterwards reuses none.
        let before = INTERNERS.swap(u32::MAX - 1, Ordering::Relaxed);
        let mut last = Interner::new();
        let mut after = Interner::new();
        let exhausted = {
            let text = "body cpb \"Board\"\nbody cpb \"Again\"\nrole chair { chair of cpb }\n";
            let parsed = crate::syntax::parse(text);
            let today = jiff::civil::date(2026, 11, 23);
            crate::model::resolve(&parsed.file, today)
        };
        let numbered = last.intern("a").number();
        let (x, y) = (after.intern("cpb"), after.intern("cpb"));
        INTERNERS.store(before, Ordering::Relaxed);
        assert!(numbered.is_none() || numbered.map(|s| s.interner) == Some(u32::MAX));
        assert_eq!(x.number(), None);
        assert_eq!(x.addr(), y.addr(), "still one allocation per spelling");
        // A parse whose names have no numbers resolves by their text.
        assert_eq!(exhausted.duplicates.len(), 1);
        let seat = &exhausted.roles[0].seats[0].body;
        assert_eq!(seat.target(), Some((crate::syntax::ast::DeclKind::Body, 0)));
    }
}
