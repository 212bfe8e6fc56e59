//! Resolving a whole batch of channel events to customers at once. The store is asked once
//! per kind of identifier (what it holds for every value the batch carries); the events are
//! then matched here in order, each seeing what the events before it linked, exactly as if
//! they had been applied one at a time. One query per event per identifier kept PostgreSQL
//! at a few hundred events a second (every statement is a round trip).

use std::collections::HashMap;

use crate::events::{ChannelEvent, CustomerFacts};
use crate::matching::{auto_merges, compare_names, confidence, normalize_id_number, shared_phone, Evidence, Identifier, MatchAction, NameAgreement, NameForms, MATCH_RULES, SHARED_IDENTIFIER_LIMIT};
use crate::IdentityKind;

/// A customer an event resolves to: one already stored, or the n-th this batch creates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Who {
    Stored(i64),
    New(usize),
}

/// The values an event can be matched by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keys {
    /// The channel's own member id, as an identity.
    pub channel: (IdentityKind, String),
    pub wechat_unionid: Option<String>,
    pub douyin_open_id: Option<String>,
    /// The keyed hash of the normalised ID number (the number itself is never compared).
    pub id_hash: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// The name the channel gave (none when it sent none).
    pub name: Option<NameForms>,
}

impl Keys {
    /// The event's keys; `facts` are its [`crate::events::customer_facts`], which hold its
    /// usable phone and email.
    pub fn of(e: &ChannelEvent, facts: &CustomerFacts, hash: impl Fn(&str) -> String) -> Keys {
        let trimmed = |v: &Option<String>| v.as_deref().map(|v| v.trim().to_owned());
        Keys {
            channel: (IdentityKind::for_channel(e.source), e.source_customer_id.trim().to_owned()),
            wechat_unionid: trimmed(&e.identity.wechat_unionid),
            douyin_open_id: trimmed(&e.identity.douyin_open_id),
            id_hash: e.identity.id_number.as_deref().and_then(normalize_id_number).map(|id| hash(&id)),
            email: facts.email.clone(),
            phone: facts.phone.clone(),
            name: e.identity.name.as_deref().and_then(NameForms::of),
        }
    }

    /// The identities (kind, value) the event links to its customer and matches by.
    pub fn identities(&self) -> Vec<(IdentityKind, String)> {
        let mut out = vec![self.channel.clone()];
        out.extend(self.wechat_unionid.clone().map(|v| (IdentityKind::WechatUnionid, v)));
        out.extend(self.douyin_open_id.clone().map(|v| (IdentityKind::DouyinOpenId, v)));
        out
    }

    /// Every identity the event links to its customer: those it matches by, and its phone and
    /// email (matched through the customer's own columns instead).
    pub fn links(&self) -> Vec<(IdentityKind, String)> {
        let mut out = self.identities();
        out.extend(self.phone.clone().map(|p| (IdentityKind::Phone, p)));
        out.extend(self.email.clone().map(|m| (IdentityKind::Email, m)));
        out
    }
}

/// A stored customer's contact columns, as far as matching needs them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Contacts {
    pub has_phone: bool,
    pub has_email: bool,
    /// Folded into another record: never found by phone or email.
    pub merged: bool,
}

/// What the store holds for the values a batch carries.
#[derive(Debug, Default)]
pub struct Stored {
    /// Customers holding each identity (channel ids, unionids, open ids).
    pub identities: HashMap<(IdentityKind, String), Vec<i64>>,
    pub id_hashes: HashMap<String, Vec<i64>>,
    /// Unmerged customers by phone and by email.
    pub phones: HashMap<String, Vec<i64>>,
    pub emails: HashMap<String, Vec<i64>>,
    /// The contacts of every customer named above: a matched customer missing a phone gains
    /// the event's, and from then on is found by it.
    pub contacts: HashMap<i64, Contacts>,
    /// The name of every customer named above.
    pub names: HashMap<i64, String>,
}

/// Where one event lands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolution {
    pub customer: Who,
    /// Whether this event creates its customer.
    pub created: bool,
    /// Possible duplicates for a manager to review, with the identifier they share.
    pub suggested: Vec<(Who, Identifier)>,
    /// The event names a customer that had no name of its own (a WeChat follower who now
    /// books): the customer takes the event's name.
    pub names_customer: bool,
}

/// Matches each event by the rules in [`MATCH_RULES`], in order: the first trusted identifier
/// that finds exactly one customer links it; failing that, the one customer whose shared phone
/// or e-mail and name weigh enough ([`auto_merges`]); review-only identifiers suggest
/// duplicates. An event nobody matches creates a customer that later events can match.
pub fn resolve(keys: &[Keys], stored: Stored) -> Vec<Resolution> {
    let mut index = Index::from(stored);
    let mut created = 0;
    keys.iter()
        .map(|k| {
            let mut matched = None;
            let mut suggested = Vec::new();
            for rule in MATCH_RULES {
                let hits = index.lookup(rule.identifier, k);
                match (rule.action, hits.as_slice()) {
                    (MatchAction::AutoMerge, [one]) if matched.is_none() => matched = Some(*one),
                    (MatchAction::Review, hits) if hits.len() <= SHARED_IDENTIFIER_LIMIT => suggested.extend(hits.iter().map(|h| (*h, rule.identifier))),
                    _ => {}
                }
            }
            if matched.is_none() {
                matched = index.weighed_match(k);
            }
            let customer = matched.unwrap_or_else(|| {
                created += 1;
                Who::New(created - 1)
            });
            suggested.retain(|(other, _)| *other != customer);
            let mut seen = Vec::new();
            suggested.retain(|(other, _)| !seen.contains(other) && {
                seen.push(*other);
                true
            });
            let names_customer = index.link(customer, matched.is_none(), k);
            Resolution { customer, created: matched.is_none(), suggested, names_customer }
        })
        .collect()
}

/// The stored answers plus what the batch has linked so far.
struct Index {
    identities: HashMap<(IdentityKind, String), Vec<Who>>,
    id_hashes: HashMap<String, Vec<Who>>,
    phones: HashMap<String, Vec<Who>>,
    emails: HashMap<String, Vec<Who>>,
    contacts: HashMap<Who, Contacts>,
    names: HashMap<Who, NameForms>,
}

fn stored<K: Eq + std::hash::Hash>(m: HashMap<K, Vec<i64>>) -> HashMap<K, Vec<Who>> {
    m.into_iter()
        .map(|(k, mut ids)| {
            ids.sort_unstable();
            ids.dedup();
            (k, ids.into_iter().map(Who::Stored).collect())
        })
        .collect()
}

impl From<Stored> for Index {
    fn from(s: Stored) -> Self {
        Index {
            identities: stored(s.identities),
            id_hashes: stored(s.id_hashes),
            phones: stored(s.phones),
            emails: stored(s.emails),
            contacts: s.contacts.into_iter().map(|(id, c)| (Who::Stored(id), c)).collect(),
            names: s.names.into_iter().filter_map(|(id, n)| Some((Who::Stored(id), NameForms::of_customer(&n)?))).collect(),
        }
    }
}

fn add<K: Eq + std::hash::Hash>(m: &mut HashMap<K, Vec<Who>>, key: K, who: Who) {
    let list = m.entry(key).or_default();
    if !list.contains(&who) {
        list.push(who);
    }
}

impl Index {
    fn lookup(&self, identifier: Identifier, k: &Keys) -> Vec<Who> {
        let get = |m: &HashMap<String, Vec<Who>>, v: &Option<String>| v.as_ref().and_then(|v| m.get(v)).cloned().unwrap_or_default();
        let identity = |kind: IdentityKind, v: &Option<String>| v.as_ref().and_then(|v| self.identities.get(&(kind, v.clone()))).cloned().unwrap_or_default();
        match identifier {
            Identifier::ChannelId => self.identities.get(&k.channel).cloned().unwrap_or_default(),
            Identifier::WechatUnionid => identity(IdentityKind::WechatUnionid, &k.wechat_unionid),
            Identifier::DouyinOpenId => identity(IdentityKind::DouyinOpenId, &k.douyin_open_id),
            Identifier::IdNumber => get(&self.id_hashes, &k.id_hash),
            Identifier::Email => get(&self.emails, &k.email),
            Identifier::Phone => get(&self.phones, &k.phone),
        }
    }

    /// The customer the event's phone or e-mail and name point to surely enough, if any. A
    /// landline, or a phone held by people of different names (a family's), weighs less.
    fn weighed_match(&self, k: &Keys) -> Option<Who> {
        let usable = |hits: Vec<Who>| if hits.len() <= SHARED_IDENTIFIER_LIMIT { hits } else { Vec::new() };
        let (emails, phones) = (usable(self.lookup(Identifier::Email, k)), usable(self.lookup(Identifier::Phone, k)));
        let other_names = phones.iter().enumerate().any(|(i, a)| {
            phones[i + 1..].iter().any(|b| compare_names(self.names.get(a), self.names.get(b)) == NameAgreement::Different)
        });
        let shared_phone = shared_phone(k.phone.as_deref(), other_names);
        let weigh = |who: &Who| {
            let phone = phones.contains(who);
            let e = Evidence {
                email: emails.contains(who),
                phone,
                shared_phone: phone && shared_phone,
                trusted: false,
                name: compare_names(k.name.as_ref(), self.names.get(who)),
                same_store: false,
            };
            auto_merges(&e).then(|| confidence(&e))
        };
        // two customers sure enough are each other's duplicates: the event joins the surer
        // (then the older) and the other stays suggested
        emails.iter().chain(&phones).filter_map(|who| Some((weigh(who)?, std::cmp::Reverse(*who)))).max().map(|(_, who)| who.0)
    }

    /// What applying the event makes findable: its identities and ID number, the phone and
    /// email a customer had none of (a stored customer not loaded is left as it was), and its
    /// name for a customer without one; whether it named a customer that had none.
    fn link(&mut self, who: Who, created: bool, k: &Keys) -> bool {
        for identity in k.identities() {
            add(&mut self.identities, identity, who);
        }
        if let Some(h) = &k.id_hash {
            add(&mut self.id_hashes, h.clone(), who);
        }
        let named = match (&k.name, self.names.contains_key(&who)) {
            (Some(name), false) => {
                self.names.insert(who, name.clone());
                !created
            }
            _ => false,
        };
        let Some(c) = (if created { Some(self.contacts.entry(who).or_default()) } else { self.contacts.get_mut(&who) }) else { return named };
        if c.merged {
            return named;
        }
        if let (false, Some(p)) = (c.has_phone, &k.phone) {
            c.has_phone = true;
            add(&mut self.phones, p.clone(), who);
        }
        if let (false, Some(m)) = (c.has_email, &k.email) {
            c.has_email = true;
            add(&mut self.emails, m.clone(), who);
        }
        named
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(channel: &str, phone: Option<&str>, unionid: Option<&str>) -> Keys {
        Keys {
            channel: (IdentityKind::CtripMember, channel.into()),
            wechat_unionid: unionid.map(Into::into),
            douyin_open_id: None,
            id_hash: None,
            email: None,
            phone: phone.map(Into::into),
            name: None,
        }
    }

    #[test]
    fn a_member_new_to_the_store_is_created_once_and_matched_by_the_events_after() {
        let r = resolve(&[keys("CT1", None, None), keys("CT1", None, None), keys("CT2", None, None)], Stored::default());
        assert_eq!(r.iter().map(|r| (r.customer, r.created)).collect::<Vec<_>>(), vec![(Who::New(0), true), (Who::New(0), false), (Who::New(1), true)]);
    }

    #[test]
    fn a_stored_channel_id_links_and_a_shared_phone_only_suggests() {
        let mut stored = Stored::default();
        stored.identities.insert((IdentityKind::CtripMember, "CT1".into()), vec![7]);
        stored.phones.insert("+8613900000001".into(), vec![9]);
        stored.contacts.insert(7, Contacts { has_phone: false, has_email: true, merged: false });
        stored.contacts.insert(9, Contacts { has_phone: true, has_email: false, merged: false });
        let r = resolve(&[keys("CT1", Some("+8613900000001"), None), keys("CT9", Some("+8613900000001"), None)], stored);
        assert_eq!(r[0].customer, Who::Stored(7));
        assert_eq!(r[0].suggested, vec![(Who::Stored(9), Identifier::Phone)]);
        // customer 7 gained the phone, so the next stranger with it is suggested both
        assert_eq!(r[1].customer, Who::New(0));
        assert_eq!(r[1].suggested, vec![(Who::Stored(9), Identifier::Phone), (Who::Stored(7), Identifier::Phone)]);
    }

    #[test]
    fn an_identity_two_customers_hold_links_neither_and_a_later_unionid_does() {
        let mut stored = Stored::default();
        stored.identities.insert((IdentityKind::CtripMember, "CT1".into()), vec![3, 4, 3]);
        stored.identities.insert((IdentityKind::WechatUnionid, "u1".into()), vec![4]);
        let r = resolve(&[keys("CT1", None, Some("u1")), keys("CT1", None, None)], stored);
        assert_eq!(r[0].customer, Who::Stored(4));
        assert_eq!((r[1].customer, r[1].created), (Who::New(0), true));
    }

    #[test]
    fn a_merged_customer_gains_no_phone_to_be_found_by() {
        let mut stored = Stored::default();
        stored.identities.insert((IdentityKind::CtripMember, "CT1".into()), vec![5]);
        stored.contacts.insert(5, Contacts { has_phone: false, has_email: false, merged: true });
        let r = resolve(&[keys("CT1", Some("+8613900000002"), None), keys("CT2", Some("+8613900000002"), None)], stored);
        assert!(r[1].suggested.is_empty());
    }

    #[test]
    fn a_phone_held_by_too_many_links_nobody() {
        let mut stored = Stored::default();
        stored.phones.insert("+8613900000003".into(), (1..=6).collect());
        let r = resolve(&[keys("CT1", Some("+8613900000003"), None)], stored);
        assert!(r[0].suggested.is_empty());
    }

    fn contact(channel: &str, name: &str, phone: Option<&str>, email: Option<&str>) -> Keys {
        Keys { email: email.map(Into::into), name: NameForms::of(name), ..keys(channel, phone, None) }
    }

    #[test]
    fn the_same_email_and_name_in_pinyin_links_but_the_email_alone_suggests() {
        let mut stored = Stored::default();
        stored.emails.insert("zw@example.com".into(), vec![4]);
        stored.contacts.insert(4, Contacts { has_phone: false, has_email: true, merged: false });
        stored.names.insert(4, "张伟".into());
        let r = resolve(&[contact("CT1", "ZHANG/WEI", None, Some("zw@example.com")), contact("CT2", "李娜", None, Some("zw@example.com"))], stored);
        assert_eq!((r[0].customer, r[0].created), (Who::Stored(4), false));
        assert_eq!(r[1].customer, Who::New(0));
        assert_eq!(r[1].suggested, vec![(Who::Stored(4), Identifier::Email)]);
    }

    #[test]
    fn a_family_phone_with_a_members_name_goes_to_review() {
        let mut stored = Stored::default();
        stored.phones.insert("+8613900000004".into(), vec![1, 2]);
        for (id, name) in [(1, "张伟"), (2, "李娜")] {
            stored.contacts.insert(id, Contacts { has_phone: true, has_email: false, merged: false });
            stored.names.insert(id, name.into());
        }
        let r = resolve(&[contact("DY1", "张伟", Some("+8613900000004"), None)], stored);
        assert_eq!(r[0].customer, Who::New(0));
        assert_eq!(r[0].suggested.len(), 2);
    }

    #[test]
    fn a_personal_phone_with_the_same_name_links_within_one_batch() {
        let r = resolve(&[contact("CT1", "王芳", Some("+8613900000005"), None), contact("DY1", "王芳", Some("+8613900000005"), None)], Stored::default());
        assert_eq!((r[1].customer, r[1].created), (Who::New(0), false));
    }

    #[test]
    fn a_nameless_follower_takes_the_name_they_book_under_and_is_found_by_it() {
        let r = resolve(
            &[
                Keys { email: Some("yg@example.com".into()), wechat_unionid: Some("u9".into()), ..keys("WX1", None, None) },
                Keys { wechat_unionid: Some("u9".into()), ..contact("WX1", "张雨桂", None, None) },
                contact("CT1", "ZHANG/YUGUI", None, Some("yg@example.com")),
            ],
            Stored::default(),
        );
        assert!(!r[0].names_customer && r[1].names_customer);
        assert_eq!((r[2].customer, r[2].created), (Who::New(0), false), "the e-mail and the name it now has");
    }
}
