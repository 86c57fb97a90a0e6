//! US bank routing (ABA) numbers, checked wherever one comes in or goes out:
//! aggregated account numbers, partner-managed accounts, micro-deposits, the hosted
//! bank's directory. The one implementation of the checksum.

const ABA_WEIGHTS: [u32; 9] = [3, 7, 1, 3, 7, 1, 3, 7, 1];

fn weighted_sum(digits: &[u8]) -> u32 {
    digits
        .iter()
        .zip(ABA_WEIGHTS)
        .map(|(d, w)| u32::from(d - b'0') * w)
        .sum()
}

/// The ninth digit that makes `first_eight` a valid routing number; `None` unless the
/// input is exactly eight ASCII digits.
pub fn aba_check_digit(first_eight: &str) -> Option<u8> {
    let bytes = first_eight.as_bytes();
    if bytes.len() != 8 || !bytes.iter().all(u8::is_ascii_digit) {
        return None;
    }
    // The ninth weight is 1, so the check digit brings the sum to 0 mod 10.
    u8::try_from((10 - weighted_sum(bytes) % 10) % 10).ok()
}

/// Nine ASCII digits whose 3-7-1 weighted sum is a multiple of ten.
pub fn valid_aba(routing: &str) -> bool {
    let bytes = routing.as_bytes();
    bytes.len() == 9
        && bytes.iter().all(u8::is_ascii_digit)
        && weighted_sum(bytes).is_multiple_of(10)
}

#[cfg(test)]
mod tests {
    use super::{aba_check_digit, valid_aba};

    #[test]
    fn aba_checksum() {
        assert!(valid_aba("011000015"));
        assert!(valid_aba("021000021"));
        assert!(valid_aba("091000019"));
        assert!(valid_aba("503000196"));
        assert!(!valid_aba("021000022"));
        assert!(!valid_aba("02100002"));
        assert!(!valid_aba("02100002a"));
        assert!(!valid_aba("０21000021"));
    }

    #[test]
    fn check_digits_complete_valid_numbers() {
        assert_eq!(aba_check_digit("50300019"), Some(6));
        assert_eq!(aba_check_digit("11100002"), Some(5));
        assert_eq!(aba_check_digit("5030001"), None);
        assert_eq!(aba_check_digit("5030001x"), None);
        for first in ["01100001", "02100002", "12345678"] {
            let digit = aba_check_digit(first).expect("eight digits");
            assert!(valid_aba(&format!("{first}{digit}")));
        }
    }
}
