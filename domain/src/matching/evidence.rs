//! Evidence weighing: what two records share, how much each piece counts, and when the whole is
//! sure enough to merge without a manager. An e-mail or someone's own mobile with the same name
//! (also in pinyin) merges; a contact alone, or a phone a family shares (or a landline), goes
//! to review.

use super::names::NameAgreement;
use super::Identifier;

/// What a pair of records has in common, as shown on the review card.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Evidence {
    /// The same e-mail address.
    pub email: bool,
    /// The same phone number.
    pub phone: bool,
    /// The phone is also held by someone of another name: a family's or a front desk's.
    pub shared_phone: bool,
    /// A trusted identifier (channel id, WeChat unionid, ID number) that found more than one
    /// record, so was queued rather than merged.
    pub trusted: bool,
    pub name: NameAgreement,
    /// The same home store.
    pub same_store: bool,
}

impl Evidence {
    /// The evidence a review-only rule's identifier gives on its own.
    pub fn of_identifier(identifier: Option<Identifier>, name: NameAgreement) -> Evidence {
        Evidence {
            email: identifier == Some(Identifier::Email),
            phone: identifier == Some(Identifier::Phone),
            shared_phone: false,
            trusted: matches!(identifier, Some(Identifier::ChannelId | Identifier::WechatUnionid | Identifier::IdNumber | Identifier::DouyinOpenId)),
            name,
            same_store: false,
        }
    }
}

/// Weights, in points of confidence. A name that disagrees counts against: a parent and child
/// on one phone are two people.
const EMAIL: i32 = 50;
const PHONE: i32 = 40;
const SHARED_PHONE: i32 = 20;
const TRUSTED: i32 = 55;
const SAME_NAME: i32 = 45;
const PINYIN_NAME: i32 = 40;
const OTHER_NAME: i32 = -25;
const SAME_STORE: i32 = 5;
/// Merged without review from here up, when the names agree.
pub const AUTO_MERGE_AT: u8 = 80;

/// How sure the pair is one person, 0-100.
pub fn confidence(e: &Evidence) -> u8 {
    let phone = match (e.phone, e.shared_phone) {
        (false, _) => 0,
        (true, false) => PHONE,
        (true, true) => SHARED_PHONE,
    };
    let name = match e.name {
        NameAgreement::Same => SAME_NAME,
        NameAgreement::Pinyin => PINYIN_NAME,
        NameAgreement::Different => OTHER_NAME,
        NameAgreement::Unknown => 0,
    };
    let total = phone + name + if e.email { EMAIL } else { 0 } + if e.trusted { TRUSTED } else { 0 } + if e.same_store { SAME_STORE } else { 0 };
    total.clamp(0, 100) as u8
}

/// Whether the evidence merges the pair without review: the names agree and the contacts they
/// share weigh enough (an e-mail, or a phone nobody else of another name holds).
pub fn auto_merges(e: &Evidence) -> bool {
    e.name.agrees() && (e.email || e.phone) && confidence(e) >= AUTO_MERGE_AT
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(email: bool, phone: bool, shared_phone: bool, name: NameAgreement) -> Evidence {
        Evidence { email, phone, shared_phone, trusted: false, name, same_store: false }
    }

    #[test]
    fn a_contact_with_the_same_name_merges() {
        assert!(auto_merges(&ev(true, false, false, NameAgreement::Same)));
        assert!(auto_merges(&ev(true, false, false, NameAgreement::Pinyin)));
        assert!(auto_merges(&ev(false, true, false, NameAgreement::Same)));
        assert!(auto_merges(&ev(false, true, false, NameAgreement::Pinyin)));
    }

    #[test]
    fn a_contact_alone_or_a_family_phone_goes_to_review() {
        assert!(!auto_merges(&ev(true, false, false, NameAgreement::Unknown)));
        assert!(!auto_merges(&ev(false, true, false, NameAgreement::Unknown)));
        assert!(!auto_merges(&ev(true, true, false, NameAgreement::Different)));
        assert!(!auto_merges(&ev(false, true, true, NameAgreement::Same)));
        // the same name and nothing shared is two strangers
        assert!(!auto_merges(&ev(false, false, false, NameAgreement::Same)));
    }

    #[test]
    fn the_queue_puts_the_surest_first() {
        let family = confidence(&ev(false, true, false, NameAgreement::Different));
        let shared_with_name = confidence(&ev(false, true, true, NameAgreement::Same));
        let email_alone = confidence(&ev(true, false, false, NameAgreement::Unknown));
        assert!(family < email_alone && email_alone < shared_with_name);
        assert_eq!(confidence(&ev(true, true, false, NameAgreement::Same)), 100);
        assert_eq!(confidence(&ev(false, false, false, NameAgreement::Different)), 0);
    }
}
