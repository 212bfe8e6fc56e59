//! Identity resolution rules, as data: which identifier links an incoming channel record to an
//! existing customer, and whether that link is trusted (merge automatically) or only suggested
//! (a manager reviews it). Families share phones, so a phone alone never merges; a phone or
//! e-mail with the same name does ([`evidence`]).

use crate::phone::{normalize_phone, PhoneError};

mod evidence;
pub mod labelled;
mod names;

pub use evidence::{auto_merges, confidence, Evidence, AUTO_MERGE_AT};
pub use names::{compare_customers, compare_names, passenger_name, NameAgreement, NameForms};

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

/// Whether a normalised phone is someone's own: a mainland mobile. A landline rings in a home
/// or an office (a store's front desk), so it counts as shared whoever holds it.
pub fn personal_phone(e164: &str) -> bool {
    e164.len() == 14 && e164.starts_with("+861")
}

/// Whether a phone two records share counts as shared by others: a landline, or a number
/// people of other names hold too (a family's, a front desk's).
pub fn shared_phone(e164: Option<&str>, other_names_hold_it: bool) -> bool {
    other_names_hold_it || !e164.is_some_and(personal_phone)
}

/// What a record offers a merge made without choosing field by field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MergeSide {
    pub id: i64,
    pub has_phone: bool,
    pub has_email: bool,
}

/// The choice a bulk merge makes: the older record (the lower id) survives with its name and
/// segment; a phone or e-mail only the other record has is kept rather than lost.
pub fn bulk_choice(a: MergeSide, b: MergeSide) -> crate::dto::MergeRequest {
    let (old, new) = if a.id <= b.id { (a, b) } else { (b, a) };
    let pick = |old_has: bool, new_has: bool| if !old_has && new_has { new.id } else { old.id };
    crate::dto::MergeRequest {
        survivor_id: old.id,
        keep: crate::dto::KeepFields { name: old.id, phone: pick(old.has_phone, new.has_phone), email: pick(old.has_email, new.has_email), segment: old.id },
    }
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
    fn a_bulk_merge_keeps_the_older_record_and_every_contact() {
        let c = bulk_choice(MergeSide { id: 9, has_phone: true, has_email: true }, MergeSide { id: 4, has_phone: false, has_email: true });
        assert_eq!((c.survivor_id, c.keep.name, c.keep.phone, c.keep.email, c.keep.segment), (4, 4, 9, 4, 4));
    }

    #[test]
    fn landlines_are_never_personal() {
        assert!(personal_phone("+8613800138001"));
        assert!(!personal_phone("+861065123001"));
    }

    #[test]
    fn placeholder_phones_match_nobody_but_bad_ones_are_errors() {
        assert_eq!(matchable_phone("+86 138 0013 8000"), Ok(Some("+8613800138000".into())));
        assert_eq!(matchable_phone("13800000000"), Ok(None));
        assert!(matchable_phone("abc").is_err());
    }

}
