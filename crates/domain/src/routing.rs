//! US bank routing (ABA) numbers, checked wherever one comes in or goes out:
//! aggregated account numbers, partner-managed accounts and micro-deposits.

/// ABA routing numbers: nine digits whose 3-7-1 weighted sum is a multiple of ten.
pub fn valid_aba(routing: &str) -> bool {
    let digits: Vec<u32> = routing.chars().filter_map(|c| c.to_digit(10)).collect();
    if digits.len() != 9 || routing.len() != 9 {
        return false;
    }
    let weights = [3, 7, 1, 3, 7, 1, 3, 7, 1];
    digits.iter().zip(weights).map(|(d, w)| d * w).sum::<u32>() % 10 == 0
}

#[cfg(test)]
mod tests {
    use super::valid_aba;

    #[test]
    fn aba_checksum() {
        assert!(valid_aba("011000015"));
        assert!(valid_aba("021000021"));
        assert!(valid_aba("091000019"));
        assert!(!valid_aba("021000022"));
        assert!(!valid_aba("02100002"));
        assert!(!valid_aba("02100002a"));
        assert!(!valid_aba("０21000021"));
    }
}
