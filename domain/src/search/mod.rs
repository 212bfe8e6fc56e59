//! What a search box query means. Staff type whatever the customer says: a name (张伟), the
//! last four digits of a phone, a whole phone in any format, an email or a member number.

use crate::phone::normalize_phone;

pub(crate) mod pinyin;
pub use pinyin::{pinyin_keys, pinyin_query_range, PINYIN_MARK};

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
    /// A name (or surname) and a phone tail, in either order (`潘 1132`): what tells apart
    /// the several customers a common surname or a tail alone finds.
    NameAndTail { name: String, tail: String },
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
    if let Some(term) = name_and_tail(q) {
        return Ok(Some(term));
    }
    let phone_like = q.chars().all(|c| c.is_ascii_digit() || " +-().".contains(c));
    if phone_like {
        if let Ok(e164) = normalize_phone(q) {
            return Ok(Some(SearchTerm::Phone(e164)));
        }
    }
    Ok(Some(SearchTerm::Text(q.to_string())))
}

fn is_tail(word: &str) -> bool {
    word.len() == 4 && word.bytes().all(|b| b.is_ascii_digit())
}

/// `name tail` or `tail name`: a four-digit word at either end of a query holding a letter.
fn name_and_tail(q: &str) -> Option<SearchTerm> {
    let (head, last) = q.rsplit_once(char::is_whitespace)?;
    let (first, rest) = q.split_once(char::is_whitespace)?;
    let (name, tail) = if is_tail(last) { (head, last) } else if is_tail(first) { (rest, first) } else { return None };
    let name = name.trim();
    name.chars().any(char::is_alphabetic).then(|| SearchTerm::NameAndTail { name: name.to_owned(), tail: tail.to_owned() })
}

/// Whether a customer shown as `name` with `phone_masked` matches `term` as far as a device
/// can tell offline (names and the visible phone tail; member ids and whole phones need
/// the server).
pub fn matches_offline(term: &SearchTerm, name: &str, phone_masked: Option<&str>) -> bool {
    let has_name = |n: &str| name.to_lowercase().contains(&n.to_lowercase());
    let has_tail = |t: &str| phone_masked.is_some_and(|p| p.ends_with(t));
    match term {
        SearchTerm::PhoneTail(t) => has_tail(t),
        SearchTerm::Text(n) => has_name(n),
        SearchTerm::NameAndTail { name, tail } => has_name(name) && has_tail(tail),
        SearchTerm::Phone(_) | SearchTerm::Email(_) => false,
    }
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

/// Every key the name index holds for a name: its grams and, for a Chinese name, its pinyin.
pub fn name_index_keys(name: &str) -> Vec<String> {
    let mut keys = name_grams(name);
    keys.extend(pinyin_keys(name));
    keys
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
    fn a_name_with_a_phone_tail_is_both_in_either_order() {
        let both = Some(SearchTerm::NameAndTail { name: "潘".into(), tail: "1132".into() });
        assert_eq!(parse_query("潘 1132"), Ok(both.clone()));
        assert_eq!(parse_query(" 1132  潘 "), Ok(both));
        assert_eq!(parse_query("Li Wei 5678"), Ok(Some(SearchTerm::NameAndTail { name: "Li Wei".into(), tail: "5678".into() })));
        // digits only stay a phone; a longer number is no tail
        assert_eq!(parse_query("138 0013 8000"), Ok(Some(SearchTerm::Phone("+8613800138000".into()))));
        assert_eq!(parse_query("潘 11320"), Ok(Some(SearchTerm::Text("潘 11320".into()))));
    }

    #[test]
    fn offline_matching_reads_the_name_and_the_visible_tail() {
        let term = parse_query("潘 1132").unwrap().unwrap();
        assert!(matches_offline(&term, "潘小红", Some("138****1132")));
        assert!(!matches_offline(&term, "潘小红", Some("138****1133")));
        assert!(!matches_offline(&term, "李小红", Some("138****1132")));
        assert!(matches_offline(&parse_query("1132").unwrap().unwrap(), "李小红", Some("138****1132")));
        assert!(matches_offline(&parse_query("Wei").unwrap().unwrap(), "Li WEI", None));
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
