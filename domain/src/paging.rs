//! Paging rules shared by the API (which enforces them) and the console (which asks within them).

pub const DEFAULT_PAGE_SIZE: u32 = 25;
/// Hard ceiling: a larger page is refused, never silently clamped, so clients notice.
pub const MAX_PAGE_SIZE: u32 = 100;
/// No list is that long; a larger number is a client bug (or a fuzzer), answered 400.
pub const MAX_PAGE: u32 = 1_000_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRequest {
    /// 1-based page number.
    pub page: u32,
    pub page_size: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PagingError {
    #[error("page must be 1 to {MAX_PAGE}")]
    PageOutOfRange,
    #[error("page_size must be between 1 and {MAX_PAGE_SIZE}")]
    PageSizeOutOfRange,
}

impl PageRequest {
    pub fn new(page: Option<u32>, page_size: Option<u32>) -> Result<Self, PagingError> {
        let page = page.unwrap_or(1);
        let page_size = page_size.unwrap_or(DEFAULT_PAGE_SIZE);
        if page == 0 || page > MAX_PAGE {
            return Err(PagingError::PageOutOfRange);
        }
        if page_size == 0 || page_size > MAX_PAGE_SIZE {
            return Err(PagingError::PageSizeOutOfRange);
        }
        Ok(Self { page, page_size })
    }

    pub fn offset(&self) -> u64 {
        u64::from(self.page - 1) * u64::from(self.page_size)
    }

    /// Number of pages needed for `total` rows (at least one, so "page 1 of 1" reads right when empty).
    pub fn page_count(&self, total: u64) -> u64 {
        total.div_ceil(u64::from(self.page_size)).max(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_offsets() {
        let p = PageRequest::new(None, None).unwrap();
        assert_eq!((p.page, p.page_size, p.offset()), (1, DEFAULT_PAGE_SIZE, 0));
        assert_eq!(PageRequest::new(Some(3), Some(50)).unwrap().offset(), 100);
    }

    #[test]
    fn limits_are_enforced() {
        assert_eq!(PageRequest::new(Some(0), None), Err(PagingError::PageOutOfRange));
        assert_eq!(PageRequest::new(Some(MAX_PAGE + 1), None), Err(PagingError::PageOutOfRange));
        assert_eq!(PageRequest::new(None, Some(0)), Err(PagingError::PageSizeOutOfRange));
        assert_eq!(PageRequest::new(None, Some(MAX_PAGE_SIZE + 1)), Err(PagingError::PageSizeOutOfRange));
        assert!(PageRequest::new(None, Some(MAX_PAGE_SIZE)).is_ok());
    }

    #[test]
    fn page_count_rounds_up_and_is_never_zero() {
        let p = PageRequest::new(None, Some(25)).unwrap();
        assert_eq!(p.page_count(0), 1);
        assert_eq!(p.page_count(25), 1);
        assert_eq!(p.page_count(26), 2);
    }
}
