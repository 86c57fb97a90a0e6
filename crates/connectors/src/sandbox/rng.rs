//! Seeded randomness. Every random choice comes from a ChaCha8 stream whose seed is a
//! SHA-256 of the login's seed and what is being decided (the profile, or one day),
//! so a day's activity never depends on which window is fetched.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sha2::{Digest, Sha256};
use time::Date;

/// Bumping this changes every generated login; keep it fixed once data is published.
const DOMAIN: &[u8] = b"polyfin-sandbox/v1";

/// The stream for the household profile (accounts, employer, habits …).
pub(crate) fn profile_rng(seed: &str) -> ChaCha8Rng {
    ChaCha8Rng::from_seed(digest(&[DOMAIN, b"/profile/", seed.as_bytes()]))
}

/// The streams for the days of one household's activity. All accounts draw from a
/// day's stream in a fixed order, so one day costs one generator.
pub(crate) struct DayRngs {
    /// The hash of everything before the day, taken once for the thousands of days
    /// a fetch simulates: each day then hashes only its own part.
    prefix: Sha256,
}

impl DayRngs {
    pub(crate) fn new(seed: &str) -> Self {
        let mut prefix = Sha256::new();
        update_parts(&mut prefix, &[DOMAIN, b"/day/", seed.as_bytes()]);
        Self { prefix }
    }

    /// The stream for `day`: the digest of the same parts as `digest` would hash.
    pub(crate) fn day(&self, day: Date) -> ChaCha8Rng {
        let mut hasher = self.prefix.clone();
        update_parts(&mut hasher, &[&day.to_julian_day().to_le_bytes()]);
        ChaCha8Rng::from_seed(hasher.finalize().into())
    }
}

/// The stream for one premium part (`part`) of one thing (`key`, e.g. an account's
/// external id). Separate from the profile and day streams, so adding premium data
/// never changes the accounts or transactions a seed already produced.
pub(crate) fn premium_rng(seed: &str, part: &str, key: &str) -> ChaCha8Rng {
    ChaCha8Rng::from_seed(digest(&[
        DOMAIN,
        b"/premium/",
        seed.as_bytes(),
        part.as_bytes(),
        key.as_bytes(),
    ]))
}

/// A short stable tag for ids: the first 4 bytes of the seed's hash, in hex.
pub(crate) fn seed_tag(seed: &str) -> String {
    digest(&[DOMAIN, b"/tag/", seed.as_bytes()])
        .iter()
        .take(4)
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn digest(parts: &[&[u8]]) -> [u8; 32] {
    let mut hasher = Sha256::new();
    update_parts(&mut hasher, parts);
    hasher.finalize().into()
}

fn update_parts(hasher: &mut Sha256, parts: &[&[u8]]) {
    for part in parts {
        // Length-prefixed, so ("ab", "c") and ("a", "bc") never collide.
        hasher.update((part.len() as u64).to_le_bytes());
        hasher.update(part);
    }
}

/// Cents in `min..=max`.
pub(crate) fn cents(rng: &mut impl Rng, min: i64, max: i64) -> i64 {
    if max <= min {
        return min;
    }
    rng.gen_range(min..=max)
}

/// True with probability `per_mille` / 1000.
pub(crate) fn chance(rng: &mut impl Rng, per_mille: u32) -> bool {
    rng.gen_range(0..1000) < per_mille
}

/// `n` random digits, as text (leading zeros kept).
pub(crate) fn digits(rng: &mut impl Rng, n: usize) -> String {
    (0..n)
        .map(|_| char::from(b'0' + rng.gen_range(0..10u8)))
        .collect()
}

/// `n` random upper-case letters and digits.
pub(crate) fn code(rng: &mut impl Rng, n: usize) -> String {
    (0..n)
        .map(|_| char::from(CODE_ALPHABET[rng.gen_range(0..CODE_ALPHABET.len())]))
        .collect()
}

const CODE_ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ0123456789";

/// `digits(rng, n)` when the text is `wanted`; otherwise the same draws and no text,
/// so the draws after it come out the same either way.
pub(crate) fn digits_if(wanted: bool, rng: &mut impl Rng, n: usize) -> String {
    if wanted {
        return digits(rng, n);
    }
    for _ in 0..n {
        rng.gen_range(0..10u8);
    }
    String::new()
}

/// `code(rng, n)` when the text is `wanted`; otherwise the same draws and no text.
pub(crate) fn code_if(wanted: bool, rng: &mut impl Rng, n: usize) -> String {
    if wanted {
        return code(rng, n);
    }
    for _ in 0..n {
        rng.gen_range(0..CODE_ALPHABET.len());
    }
    String::new()
}

/// A random element; `None` only for an empty slice.
pub(crate) fn pick<'a, T>(rng: &mut impl Rng, items: &'a [T]) -> Option<&'a T> {
    if items.is_empty() {
        return None;
    }
    items.get(rng.gen_range(0..items.len()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::RngCore;

    /// A day's stream is the digest of the domain, the seed and the day, whether the
    /// prefix is hashed once or with the day.
    #[test]
    fn day_streams_hash_the_same_parts_as_digest() {
        let rngs = DayRngs::new("alice");
        for day in [Date::MIN, time::macros::date!(2026 - 12 - 06), Date::MAX] {
            let whole = digest(&[
                DOMAIN,
                b"/day/",
                b"alice",
                &day.to_julian_day().to_le_bytes(),
            ]);
            let mut expected = ChaCha8Rng::from_seed(whole);
            assert_eq!(rngs.day(day).next_u64(), expected.next_u64(), "{day}");
        }
    }
}
