//! A fast hasher for the maps keyed by names and paths (the native front end's symbol table,
//! the model's scopes): the multiply-rotate hash of rustc's `FxHasher`, written here.
//!
//! Not resistant to chosen collisions, which only slow a run down: the keys come from the
//! .proto files being compiled, which are trusted as source code is (protoc's own tables
//! are not randomised either).

use std::hash::{BuildHasherDefault, Hasher};

/// The hasher; see the module documentation.
#[derive(Default, Clone, Copy)]
pub(crate) struct FastHasher {
    hash: u64,
}

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FastHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FastHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut word = [0; 8];
            word.copy_from_slice(c);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word) ^ (rest.len() as u64) << 59);
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.hash
    }
}

/// Builds [`FastHasher`]s.
pub(crate) type FastBuild = BuildHasherDefault<FastHasher>;
/// A `HashMap` with [`FastHasher`].
pub(crate) type FastMap<K, V> = std::collections::HashMap<K, V, FastBuild>;
/// A `HashSet` with [`FastHasher`].
pub(crate) type FastSet<T> = std::collections::HashSet<T, FastBuild>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_that_differ_hash_apart() {
        use std::hash::BuildHasher;
        let b = FastBuild::default();
        let names = [
            "a",
            "b",
            "a.b",
            "a.bc",
            "google.protobuf.Any",
            "google.protobuf.Anz",
            "",
        ];
        let hashes: FastSet<u64> = names.iter().map(|n| b.hash_one(n)).collect();
        assert_eq!(hashes.len(), names.len());
        // Trailing zero bytes are not lost.
        let raw = |bytes: &[u8]| {
            let mut h = FastHasher::default();
            h.write(bytes);
            h.finish()
        };
        assert_ne!(raw(&[1, 0]), raw(&[1]));
        let mut m: FastMap<&str, usize> = FastMap::default();
        for (i, n) in names.iter().enumerate() {
            m.insert(n, i);
        }
        assert_eq!(m.get("a.bc"), Some(&3));
        assert_eq!(m.get("a.c"), None);
    }
}
