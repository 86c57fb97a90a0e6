//! MX pagination: `page` is 1-based; `records_per_page` defaults to 25, is at least 10,
//! and a value over the route's maximum falls back to the default (MX spec §1.7).

use serde::Serialize;

pub const DEFAULT_PER_PAGE: u32 = 25;
pub const MIN_PER_PAGE: u32 = 10;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRequest {
    pub page: u32,
    pub per_page: u32,
}

impl PageRequest {
    /// Applies MX's documented fallbacks rather than rejecting: a page that is not a
    /// positive integer is page 1, an unreadable size is the default.
    pub fn from_query(page: Option<&str>, per_page: Option<&str>, max_per_page: u32) -> Self {
        let page = page
            .and_then(|p| p.trim().parse::<u32>().ok())
            .filter(|p| *p >= 1)
            .unwrap_or(1);
        let per_page = match per_page.map(|p| p.trim().parse::<i64>()) {
            None | Some(Err(_)) => DEFAULT_PER_PAGE,
            Some(Ok(n)) if n > i64::from(max_per_page) => DEFAULT_PER_PAGE,
            Some(Ok(n)) if n < i64::from(MIN_PER_PAGE) => MIN_PER_PAGE,
            Some(Ok(n)) => u32::try_from(n).unwrap_or(DEFAULT_PER_PAGE),
        };
        Self { page, per_page }
    }

    pub fn offset(&self) -> u64 {
        u64::from(self.page - 1) * u64::from(self.per_page)
    }

    pub fn limit(&self) -> u64 {
        u64::from(self.per_page)
    }

    /// Slices an in-memory list (the institution catalogue, static tables).
    pub fn slice<'a, T>(&self, items: &'a [T]) -> &'a [T] {
        let start = usize::try_from(self.offset())
            .unwrap_or(usize::MAX)
            .min(items.len());
        let end = start
            .saturating_add(self.per_page as usize)
            .min(items.len());
        &items[start..end]
    }

    pub fn pagination(&self, total_entries: u64) -> Pagination {
        let per_page = u64::from(self.per_page);
        Pagination {
            current_page: u64::from(self.page),
            per_page,
            total_entries,
            total_pages: total_entries.div_ceil(per_page),
        }
    }
}

impl Default for PageRequest {
    fn default() -> Self {
        Self {
            page: 1,
            per_page: DEFAULT_PER_PAGE,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Pagination {
    pub current_page: u64,
    pub per_page: u64,
    pub total_entries: u64,
    pub total_pages: u64,
}

/// One page of results and the total they were cut from.
#[derive(Debug, Clone)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn per_page_follows_the_mx_fallbacks() {
        let cases = [
            (None, 25),
            (Some("0"), 10),
            (Some("-5"), 10),
            (Some("10"), 10),
            (Some("100"), 100),
            (Some("101"), 25),
            (Some("1000"), 25),
            (Some("abc"), 25),
            (Some("99999999999999999999"), 25),
        ];
        for (input, expected) in cases {
            assert_eq!(
                PageRequest::from_query(None, input, 100).per_page,
                expected,
                "{input:?}"
            );
        }
        assert_eq!(
            PageRequest::from_query(None, Some("1000"), 1000).per_page,
            1000
        );
    }

    #[test]
    fn bad_pages_are_page_one() {
        for input in ["0", "-1", "x", ""] {
            assert_eq!(PageRequest::from_query(Some(input), None, 100).page, 1);
        }
        assert_eq!(PageRequest::from_query(Some("3"), None, 100).page, 3);
    }

    #[test]
    fn total_pages_rounds_up_and_is_zero_when_empty() {
        let request = PageRequest::from_query(Some("2"), Some("10"), 100);
        assert_eq!(request.pagination(21).total_pages, 3);
        assert_eq!(request.pagination(0).total_pages, 0);
        assert_eq!(request.offset(), 10);
    }

    #[test]
    fn slice_past_the_end_is_empty() {
        let items: Vec<u32> = (0..12).collect();
        let request = PageRequest::from_query(Some("2"), Some("10"), 100);
        assert_eq!(request.slice(&items), &[10, 11]);
        let request = PageRequest::from_query(Some("5"), Some("10"), 100);
        assert!(request.slice(&items).is_empty());
    }
}
