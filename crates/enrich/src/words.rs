//! Raw feed text as a sequence of upper-case alphanumeric tokens.
//!
//! Matching on tokens rather than substrings keeps "FEE" from matching "COFFEE" and
//! makes "AMZN.COM/BILL", "AMZN COM BILL" and "AMZN*COM BILL" the same thing. Patterns
//! are written already normalised (upper case, single spaces, letters and digits only)
//! so matching needs no allocation.

#[derive(Debug, Clone)]
pub(crate) struct Words<'a> {
    tokens: Vec<&'a str>,
}

impl<'a> Words<'a> {
    /// The words of `upper`, feed text already in upper case (the caller keeps the
    /// buffer, so tokens are slices of it rather than one allocation each).
    pub(crate) fn new(upper: &'a str) -> Self {
        let raw = upper;
        let mut tokens = Vec::with_capacity(12);
        for run in raw
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|t| !t.is_empty())
        {
            split_glued_numbers(run, &mut tokens);
        }
        Self { tokens }
    }

    pub(crate) fn tokens(&self) -> &[&'a str] {
        &self.tokens
    }

    /// Where the normalised `phrase` starts as a run of whole tokens.
    pub(crate) fn find(&self, phrase: &str) -> Option<usize> {
        // Compare the first word alone first: most tokens fail there, cheaply.
        let (first, rest) = match phrase.split_once(' ') {
            Some((first, rest)) => (first, Some(rest)),
            None => (phrase, None),
        };
        self.tokens.iter().enumerate().find_map(|(at, token)| {
            if *token != first {
                return None;
            }
            let Some(rest) = rest else {
                return Some(at);
            };
            let mut next = self.tokens[at + 1..].iter();
            rest.split(' ')
                .all(|p| next.next().is_some_and(|t| *t == p))
                .then_some(at)
        })
    }

    #[cfg(test)]
    pub(crate) fn has(&self, phrase: &str) -> bool {
        self.find(phrase).is_some()
    }
}

/// Feeds glue reference numbers onto names ("AIR0012345678901", "0412POS",
/// "PETRO123456"): a run of three or more digits next to letters is its own word.
/// Short digit runs stay ("7ELEVEN", "1LIFE").
fn split_glued_numbers<'a>(run: &'a str, tokens: &mut Vec<&'a str>) {
    let bytes = run.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let digits = bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count();
        if digits >= 3 && digits < bytes.len() {
            if i > start {
                tokens.push(&run[start..i]);
            }
            tokens.push(&run[i..i + digits]);
            start = i + digits;
        }
        i += digits.max(1);
    }
    if start < bytes.len() {
        tokens.push(&run[start..]);
    }
}

/// True when `pattern` is in the normalised form `Words::find` expects.
pub(crate) fn is_normalised(pattern: &str) -> bool {
    !pattern.is_empty()
        && pattern.split(' ').all(|t| {
            !t.is_empty()
                && t.bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        })
}

/// Title case for display: "JOE'S PIZZA & GRILL" → "Joe's Pizza & Grill".
pub(crate) fn title_case(text: &str) -> String {
    text.split_whitespace()
        .map(|word| {
            let mut out = String::with_capacity(word.len());
            let mut start_of_word = true;
            for c in word.chars() {
                if start_of_word {
                    out.extend(c.to_uppercase());
                } else {
                    out.extend(c.to_lowercase());
                }
                // A letter after a hyphen or slash starts a new word; after an
                // apostrophe it does not ("Joe's", not "Joe'S").
                start_of_word = matches!(c, '-' | '/' | '.' | '(');
            }
            out
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_split_on_punctuation() {
        let w = Words::new("AMAZON.COM*2K3L AMZN.COM/BILL WA");
        assert_eq!(
            w.tokens(),
            ["AMAZON", "COM", "2K3L", "AMZN", "COM", "BILL", "WA"]
        );
        assert!(w.has("AMZN COM BILL"));
        assert!(!w.has("COM BILL WA X"));
        let glued = Words::new("AMERICAN AIR0012345678901 0412POS 7ELEVEN");
        assert_eq!(
            glued.tokens(),
            ["AMERICAN", "AIR", "0012345678901", "0412", "POS", "7ELEVEN"]
        );
    }

    #[test]
    fn whole_tokens_only() {
        let w = Words::new("STARBUCKS COFFEE 123");
        assert!(!w.has("FEE"));
        assert!(w.has("COFFEE"));
        assert_eq!(w.find("COFFEE"), Some(1));
    }

    #[test]
    fn title_case_keeps_apostrophes_lower() {
        assert_eq!(title_case("JOE'S PIZZA & GRILL"), "Joe's Pizza & Grill");
        assert_eq!(title_case("co-op  market"), "Co-Op Market");
    }
}

/// FNV-1a: the tables are keyed by short upper-case words, where SipHash's
/// flood resistance buys nothing and costs a third of a lookup.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.0 = (self.0 ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// A map keyed by words.
pub(crate) type WordMap<V> =
    std::collections::HashMap<&'static str, V, std::hash::BuildHasherDefault<Fnv>>;

/// Several phrase lists matched in one pass: `matches` answers, as a bit set, which
/// groups have a phrase in the words (one hash probe per word, whatever the lists).
#[derive(Debug, Default)]
pub(crate) struct PhraseGroups {
    by_first_word: WordMap<Vec<(Vec<&'static str>, u32)>>,
}

impl PhraseGroups {
    /// `groups`: (bit, phrases) pairs; phrases in normalised form.
    pub(crate) fn new(groups: &[(u32, &[&'static str])]) -> Self {
        let mut set = PhraseGroups::default();
        for (bit, phrases) in groups {
            for phrase in *phrases {
                let words: Vec<&'static str> = phrase.split(' ').collect();
                set.by_first_word
                    .entry(words[0])
                    .or_default()
                    .push((words, *bit));
            }
        }
        set
    }

    pub(crate) fn matches(&self, words: &Words<'_>) -> u32 {
        let tokens = words.tokens();
        let mut bits = 0;
        for (start, token) in tokens.iter().enumerate() {
            let Some(candidates) = self.by_first_word.get(token) else {
                continue;
            };
            let rest = &tokens[start..];
            for (phrase, bit) in candidates {
                if rest.len() >= phrase.len() && phrase.iter().zip(rest).all(|(p, t)| p == t) {
                    bits |= bit;
                }
            }
        }
        bits
    }

    /// The groups a single word belongs to.
    pub(crate) fn word(&self, word: &str) -> u32 {
        self.by_first_word.get(word).map_or(0, |c| {
            c.iter()
                .filter(|(p, _)| p.len() == 1)
                .fold(0, |b, (_, bit)| b | bit)
        })
    }
}
