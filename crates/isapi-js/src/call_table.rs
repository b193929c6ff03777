//! An engine thread's table of calls in flight (requests, filter notifications). JS
//! objects carry only an id into it, so one kept after its call ended finds nothing
//! instead of a freed ECB.
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

pub(crate) struct CallTable<T> {
    next_id: u32,
    slots: HashMap<u32, T, BuildHasherDefault<IdHasher>>,
}

impl<T> Default for CallTable<T> {
    fn default() -> Self {
        CallTable {
            next_id: 0,
            slots: HashMap::default(),
        }
    }
}

impl<T> CallTable<T> {
    /// Adds `slot` under a fresh id: never 0, not reused until the counter wraps.
    pub(crate) fn insert(&mut self, slot: T) -> u32 {
        self.next_id = self.next_id.checked_add(1).unwrap_or(1);
        self.slots.insert(self.next_id, slot);
        self.next_id
    }

    pub(crate) fn get_mut(&mut self, id: u32) -> Option<&mut T> {
        self.slots.get_mut(&id)
    }

    pub(crate) fn remove(&mut self, id: u32) -> Option<T> {
        self.slots.remove(&id)
    }
}

/// Ids are a counter, so one multiply spreads them well; SipHash was a measurable part
/// of a request (every member call of an `ecb` looks its slot up).
#[derive(Default)]
struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = (self.0 << 8 | u64::from(byte)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        }
    }

    fn write_u32(&mut self, id: u32) {
        self.0 = u64::from(id).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_finds_its_slot_until_removed() {
        let mut table = CallTable::default();
        let a = table.insert("a");
        let b = table.insert("b");
        assert_ne!(a, b);
        assert_eq!(table.get_mut(a), Some(&mut "a"));
        assert_eq!(table.remove(a), Some("a"));
        assert_eq!(table.get_mut(a), None);
        assert_eq!(table.get_mut(b), Some(&mut "b"));
    }

    #[test]
    fn ids_skip_zero_when_the_counter_wraps() {
        let mut table = CallTable {
            next_id: u32::MAX - 1,
            ..CallTable::default()
        };
        assert_eq!(table.insert(()), u32::MAX);
        assert_eq!(table.insert(()), 1);
    }
}
