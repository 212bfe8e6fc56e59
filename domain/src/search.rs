//! What a search box query means. Staff type whatever the customer says: a name (张伟), the
//! last four digits of a phone, a whole phone in any format, an email or a member number.

use crate::phone::normalize_phone;

/// Longest query accepted; longer input is a client bug or abuse, not a search.
pub const MAX_QUERY_CHARS: usize = 64;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SearchTerm {
    /// Exactly four digits: the phone tail customers give at the counter.
    PhoneTail(String),
    /// A whole phone number, normalised to E.164.
    Phone(String),
    /// Lower-cased, trimmed email.
    Email(String),
    /// Anything else: a name substring or an exact member / channel id.
    Text(String),
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SearchError {
    #[error("search text is longer than {MAX_QUERY_CHARS} characters")]
    TooLong,
}

/// Classifies a raw query; `Ok(None)` means "no search", i.e. list everything in scope.
pub fn parse_query(raw: &str) -> Result<Option<SearchTerm>, SearchError> {
    let q = raw.trim();
    if q.chars().count() > MAX_QUERY_CHARS {
        return Err(SearchError::TooLong);
    }
    if q.is_empty() {
        return Ok(None);
    }
    if q.contains('@') {
        return Ok(Some(SearchTerm::Email(q.to_lowercase())));
    }
    if q.len() == 4 && q.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(Some(SearchTerm::PhoneTail(q.to_string())));
    }
    let phone_like = q.chars().all(|c| c.is_ascii_digit() || " +-().".contains(c));
    if phone_like {
        if let Ok(e164) = normalize_phone(q) {
            return Ok(Some(SearchTerm::Phone(e164)));
        }
    }
    Ok(Some(SearchTerm::Text(q.to_string())))
}

/// Longest gram kept in the name index. Chinese names are 2-4 characters, so a name query is
/// almost always answered by the index alone.
pub const NAME_GRAM_CHARS: usize = 4;

/// The name index's grams: from each position of the lower-cased name, the next (up to)
/// [`NAME_GRAM_CHARS`] characters. Every substring a person types of up to that length is the
/// start of one of them, so a query is a prefix range over the index (see
/// [`name_gram_range`]); one gram per character instead of every substring wrote about a
/// third as many index rows for each new member.
pub fn name_grams(name: &str) -> Vec<String> {
    let chars: Vec<char> = name.trim().to_lowercase().chars().collect();
    let mut grams = Vec::new();
    for start in 0..chars.len() {
        let gram: String = chars[start..(start + NAME_GRAM_CHARS).min(chars.len())].iter().collect();
        if !gram.trim().is_empty() && !grams.contains(&gram) {
            grams.push(gram);
        }
    }
    grams
}

/// The grams that start with `key`: `gram >= low AND gram < high` (UTF-8 order, as SQLite
/// compares text).
pub fn name_gram_range(key: &str) -> (String, String) {
    (key.to_string(), format!("{key}{}", char::MAX))
}

/// The index key to look a name query up by: the query itself when short enough, else its
/// first [`NAME_GRAM_CHARS`] characters (the caller then checks the whole text). `true` when
/// the key is the whole query.
pub fn name_query_gram(query: &str) -> (String, bool) {
    let lower: Vec<char> = query.trim().to_lowercase().chars().collect();
    let exact = lower.len() <= NAME_GRAM_CHARS;
    (lower.into_iter().take(NAME_GRAM_CHARS).collect(), exact)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn four_digits_is_a_phone_tail() {
        assert_eq!(parse_query(" 5678 "), Ok(Some(SearchTerm::PhoneTail("5678".into()))));
    }

    #[test]
    fn whole_phone_in_any_format_is_normalised() {
        assert_eq!(parse_query("138 0013 8000"), Ok(Some(SearchTerm::Phone("+8613800138000".into()))));
        assert_eq!(parse_query("+86-13800138000"), Ok(Some(SearchTerm::Phone("+8613800138000".into()))));
    }

    #[test]
    fn email_is_lower_cased() {
        assert_eq!(parse_query("Zhang.Wei@Example.com"), Ok(Some(SearchTerm::Email("zhang.wei@example.com".into()))));
    }

    #[test]
    fn names_and_member_ids_are_text() {
        assert_eq!(parse_query("张伟"), Ok(Some(SearchTerm::Text("张伟".into()))));
        assert_eq!(parse_query("CT20001234"), Ok(Some(SearchTerm::Text("CT20001234".into()))));
        // digits that are no phone (a store card number) stay text
        assert_eq!(parse_query("880012"), Ok(Some(SearchTerm::Text("880012".into()))));
    }

    #[test]
    fn blank_means_no_search_and_long_is_rejected() {
        assert_eq!(parse_query("   "), Ok(None));
        assert_eq!(parse_query(&"张".repeat(65)), Err(SearchError::TooLong));
        assert!(parse_query(&"张".repeat(64)).is_ok());
    }

    #[test]
    fn every_substring_a_person_types_starts_a_gram() {
        let grams = name_grams("欧阳娜娜");
        assert_eq!(grams, vec!["欧阳娜娜", "阳娜娜", "娜娜", "娜"]);
        for q in ["欧", "欧阳", "阳娜", "娜娜", "欧阳娜娜", "阳娜娜", "阳"] {
            let (low, high) = name_gram_range(q);
            assert!(grams.iter().any(|g| *g >= low && *g < high), "{q}");
        }
        let (low, high) = name_gram_range("娜阳");
        assert!(!grams.iter().any(|g| *g >= low && *g < high));
        assert_eq!(name_grams("导入客户1234").len(), 8, "one per character");
        assert!(name_grams("Li Wei").contains(&"li w".to_string()));
        assert!(name_grams("Li Wei").contains(&"wei".to_string()));
    }

    #[test]
    fn long_name_queries_use_their_first_gram() {
        assert_eq!(name_query_gram("张伟"), ("张伟".to_string(), true));
        assert_eq!(name_query_gram("Alexander"), ("alex".to_string(), false));
    }
}
