//! Raw feed text as a sequence of upper-case alphanumeric tokens.
//!
//! Matching on tokens rather than substrings keeps "FEE" from matching "COFFEE" and
//! makes "AMZN.COM/BILL", "AMZN COM BILL" and "AMZN*COM BILL" the same thing. Patterns
//! are written already normalised (upper case, single spaces, letters and digits only)
//! so matching needs no allocation.

#[derive(Debug, Clone)]
pub(crate) struct Words {
    tokens: Vec<String>,
}

impl Words {
    pub(crate) fn new(raw: &str) -> Self {
        let mut tokens = Vec::with_capacity(12);
        for run in raw
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|t| !t.is_empty())
        {
            split_glued_numbers(run, &mut tokens);
        }
        Self { tokens }
    }

    pub(crate) fn tokens(&self) -> &[String] {
        &self.tokens
    }

    /// Where the normalised `phrase` starts as a run of whole tokens.
    pub(crate) fn find(&self, phrase: &str) -> Option<usize> {
        let wanted: usize = phrase.split(' ').count();
        if wanted == 0 || wanted > self.tokens.len() {
            return None;
        }
        (0..=self.tokens.len() - wanted).find(|&start| {
            phrase
                .split(' ')
                .zip(&self.tokens[start..])
                .all(|(p, t)| p == t)
        })
    }

    pub(crate) fn has(&self, phrase: &str) -> bool {
        self.find(phrase).is_some()
    }

    pub(crate) fn has_any(&self, phrases: &[&str]) -> bool {
        phrases.iter().any(|p| self.has(p))
    }
}

/// Feeds glue reference numbers onto names ("AIR0012345678901", "0412POS",
/// "PETRO123456"): a run of three or more digits next to letters is its own word.
/// Short digit runs stay ("7ELEVEN", "1LIFE").
fn split_glued_numbers(run: &str, tokens: &mut Vec<String>) {
    let bytes = run.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let digits = bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count();
        if digits >= 3 && digits < bytes.len() {
            if i > start {
                tokens.push(run[start..i].to_ascii_uppercase());
            }
            tokens.push(run[i..i + digits].to_owned());
            start = i + digits;
        }
        i += digits.max(1);
    }
    if start < bytes.len() {
        tokens.push(run[start..].to_ascii_uppercase());
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
