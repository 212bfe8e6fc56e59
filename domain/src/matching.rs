//! Identity resolution rules, as data: which identifier links an incoming channel record to an
//! existing customer, and whether that link is trusted (merge automatically) or only suggested
//! (a manager reviews it). Families share phones, so a phone alone never merges.

use crate::phone::{normalize_phone, PhoneError};

string_enum! {
    /// Identifiers a channel record can carry.
    pub enum Identifier {
        ChannelId = "channel_id", WechatUnionid = "wechat_unionid", DouyinOpenId = "douyin_open_id",
        IdNumber = "id_number", Email = "email", Phone = "phone",
    }
}

string_enum! {
    pub enum MatchAction { AutoMerge = "auto_merge", Review = "review" }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MatchRule {
    pub identifier: Identifier,
    pub action: MatchAction,
}

/// Tried in this order; the first identifier that finds exactly one customer decides.
pub const MATCH_RULES: &[MatchRule] = &[
    MatchRule { identifier: Identifier::ChannelId, action: MatchAction::AutoMerge },
    MatchRule { identifier: Identifier::WechatUnionid, action: MatchAction::AutoMerge },
    MatchRule { identifier: Identifier::IdNumber, action: MatchAction::AutoMerge },
    MatchRule { identifier: Identifier::DouyinOpenId, action: MatchAction::AutoMerge },
    MatchRule { identifier: Identifier::Email, action: MatchAction::Review },
    MatchRule { identifier: Identifier::Phone, action: MatchAction::Review },
];

/// A phone or email held by more records than this is a shared number (a store's front desk,
/// a travel agent's own phone) and links nobody.
pub const SHARED_IDENTIFIER_LIMIT: usize = 5;

/// Email as matched: trimmed and lower-cased; `None` when it is not an address.
pub fn normalize_email(raw: &str) -> Option<String> {
    let e = raw.trim().to_lowercase();
    let (local, domain) = e.split_once('@')?;
    (!local.is_empty() && domain.contains('.') && !domain.starts_with('.') && !e.contains(char::is_whitespace)).then_some(e)
}

/// Chinese resident ID (18 characters, last may be X) or a passport-like number: upper-cased,
/// separators removed. `None` for junk such as all zeros.
pub fn normalize_id_number(raw: &str) -> Option<String> {
    let id: String = raw.chars().filter(|c| !c.is_whitespace() && *c != '-').collect::<String>().to_uppercase();
    if !(6..=20).contains(&id.len()) || !id.chars().all(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    let first = id.chars().next()?;
    if id.chars().all(|c| c == first) {
        return None;
    }
    Some(id)
}

/// The 18th character of a resident ID (GB 11643): weighted sum of the first 17 digits
/// modulo 11. `None` when `first17` is not 17 digits.
pub fn id_card_check_digit(first17: &str) -> Option<char> {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const CODES: &[u8; 11] = b"10X98765432";
    let digits: Vec<u32> = first17.chars().map(|c| c.to_digit(10)).collect::<Option<_>>()?;
    (digits.len() == 17).then(|| CODES[(digits.iter().zip(WEIGHTS).map(|(d, w)| d * w).sum::<u32>() % 11) as usize] as char)
}

/// Phone as matched: E.164, or `None` for what can identify nobody (placeholders, junk).
pub fn matchable_phone(raw: &str) -> Result<Option<String>, PhoneError> {
    match normalize_phone(raw) {
        Ok(p) => Ok(Some(p)),
        Err(PhoneError::Placeholder) => Ok(None),
        Err(e) => Err(e),
    }
}

/// How sure a pending pair is one person, 0-100, from what the two records share. A shared
/// phone or email alone is weak (families share a phone, couples an email); the same name
/// makes it likely, the same home store too. The review queue shows the surest first.
pub fn duplicate_confidence(identifier: Option<Identifier>, same_name: bool, same_store: bool) -> u8 {
    let shared = match identifier {
        Some(Identifier::Phone | Identifier::Email) | None => 25,
        // a channel, WeChat or ID-number match queued for review is already strong
        Some(_) => 50,
    };
    (shared + if same_name { 55 } else { 0 } + if same_store { 20 } else { 0 }).min(100)
}

/// The confidence as a word on the card.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confidence {
    High,
    Medium,
    Low,
}

pub fn confidence_level(score: u8) -> Confidence {
    match score {
        80.. => Confidence::High,
        50.. => Confidence::Medium,
        _ => Confidence::Low,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_only_ever_suggest() {
        let phone = MATCH_RULES.iter().find(|r| r.identifier == Identifier::Phone).unwrap();
        assert_eq!(phone.action, MatchAction::Review);
        assert_eq!(MATCH_RULES[0].identifier, Identifier::ChannelId);
    }

    #[test]
    fn emails() {
        assert_eq!(normalize_email("  Zhang.Wei@Example.COM "), Some("zhang.wei@example.com".into()));
        assert_eq!(normalize_email("nope"), None);
        assert_eq!(normalize_email("a@b"), None);
    }

    #[test]
    fn resident_id_check_digits() {
        assert_eq!(id_card_check_digit("11010519491231002"), Some('X'));
        assert_eq!(id_card_check_digit("44052418800101001"), Some('4'));
        assert_eq!(id_card_check_digit("1101051949123100"), None);
        assert_eq!(id_card_check_digit("1101051949123100A"), None);
    }

    #[test]
    fn id_numbers_trailing_x_and_junk() {
        assert_eq!(normalize_id_number("11010119900307123x"), Some("11010119900307123X".into()));
        assert_eq!(normalize_id_number("1101 0119 9003 0712 3X"), Some("11010119900307123X".into()));
        assert_eq!(normalize_id_number("000000000000000000"), None);
        assert_eq!(normalize_id_number("12"), None);
    }

    #[test]
    fn placeholder_phones_match_nobody_but_bad_ones_are_errors() {
        assert_eq!(matchable_phone("+86 138 0013 8000"), Ok(Some("+8613800138000".into())));
        assert_eq!(matchable_phone("13800000000"), Ok(None));
        assert!(matchable_phone("abc").is_err());
    }

    #[test]
    fn the_same_name_on_a_shared_phone_is_surer_than_a_family_sharing_one() {
        let same = duplicate_confidence(Some(Identifier::Phone), true, true);
        let family = duplicate_confidence(Some(Identifier::Phone), false, true);
        assert_eq!(confidence_level(same), Confidence::High);
        assert_eq!(confidence_level(family), Confidence::Low);
        assert!(duplicate_confidence(Some(Identifier::Email), true, false) > family);
        assert_eq!(confidence_level(duplicate_confidence(Some(Identifier::Email), true, false)), Confidence::High);
        assert_eq!(confidence_level(duplicate_confidence(Some(Identifier::ChannelId), false, true)), Confidence::Medium);
        assert!(duplicate_confidence(Some(Identifier::IdNumber), true, true) <= 100);
    }
}
