//! Who travels on a booking. The booker is the customer the order belongs to; the travellers
//! are the people on the tickets, each a customer of their own, found by ID or passport number
//! (or by phone with the same name) like any identity, or created. Who travels with whom, and
//! as what (family, colleagues, a tour group, friends), is read from those real bookings.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::insight::Companions;
use crate::matching::{NameAgreement, NameForms};

/// A booking lists at most this many travellers (a coach tour's roster fits).
pub const MAX_TRAVELLERS: usize = 60;

/// A booking with this many travellers or more is a tour group: people who met on it only are
/// the group, not friends.
pub const GROUP_SIZE: usize = 8;

/// A traveller as a channel's `order` event lists them (`payload.trip.travellers`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct EventTraveller {
    /// As on the ticket or the passport.
    pub name: String,
    /// Resident ID or passport number: matched like the customer's own, stored sealed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
}

/// A traveller on a booking as the profile shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BookingTraveller {
    pub customer_id: i64,
    /// The name on the ticket.
    pub name: String,
    /// The traveller is the one who booked.
    pub booker: bool,
}

string_enum! {
    /// How two people who travel together are related, as their bookings tell it.
    pub enum Relation { Family = "family", Colleague = "colleague", Group = "group", Friend = "friend" }
}

/// Someone the customer travelled with (or booked for, or was booked by), from real bookings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Companion {
    pub customer_id: i64,
    pub name: String,
    pub relation: Relation,
    /// Bookings the two share.
    pub trips: u32,
    pub last_departure: Option<chrono::NaiveDate>,
}

/// A booking two people share, as far as their relation cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SharedTrip {
    pub travellers: usize,
    /// Booked by a business customer (a company's travel).
    pub business: bool,
}

/// The surname as written: the first character of a Chinese name, the last word of a Latin one.
fn surname(name: &str) -> Option<String> {
    let name = name.trim();
    let first = name.chars().next()?;
    if first.is_ascii() {
        name.split_whitespace().last().map(str::to_lowercase)
    } else {
        Some(first.to_string())
    }
}

/// Family share a surname; people who only met on tour groups are the group; a company's
/// bookings make colleagues; everyone else is a friend.
pub fn relation(me: &str, other: &str, shared: &[SharedTrip]) -> Relation {
    if surname(me).is_some_and(|s| surname(other) == Some(s)) {
        Relation::Family
    } else if !shared.is_empty() && shared.iter().all(|t| t.travellers >= GROUP_SIZE) {
        Relation::Group
    } else if shared.iter().any(|t| t.business) {
        Relation::Colleague
    } else {
        Relation::Friend
    }
}

/// Who usually travels with the customer, from bookings that list travellers: `None` when
/// none does. Alone on most of them is solo; otherwise family if a relative shares the most
/// trips, a partner if one friend shares most of them, else friends.
pub fn companions_from(listed: u32, alone: u32, companions: &[Companion]) -> Option<Companions> {
    if listed == 0 {
        return None;
    }
    if alone * 2 > listed || companions.is_empty() {
        return Some(Companions::Solo);
    }
    let closest = companions.iter().max_by_key(|c| (c.trips, c.relation == Relation::Family))?;
    Some(match closest.relation {
        Relation::Family => Companions::Family,
        Relation::Friend if closest.trips * 2 >= listed - alone => Companions::Partner,
        _ => Companions::Friends,
    })
}

/// A booking someone is on, with everyone on it (the booker, who may not travel).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookingPeople {
    pub booker: (i64, String),
    /// The booker is a business customer.
    pub business: bool,
    pub departure: Option<chrono::NaiveDate>,
    pub travellers: Vec<(i64, String)>,
}

/// Everyone `me` shares bookings with, closest first, and who usually travels with them.
/// Bookings that list no travellers say nothing about companions and are left out.
pub fn companions(me: (i64, &str), bookings: &[BookingPeople]) -> (Vec<Companion>, Option<Companions>) {
    let listed: Vec<&BookingPeople> = bookings.iter().filter(|b| !b.travellers.is_empty()).collect();
    let alone = listed.iter().filter(|b| b.travellers.iter().all(|(c, _)| *c == me.0) && b.booker.0 == me.0).count();
    // each other person: their name, the trips shared, the last departure
    let mut shared: Vec<(i64, String, Vec<SharedTrip>, Option<chrono::NaiveDate>)> = Vec::new();
    for b in &listed {
        let trip = SharedTrip { travellers: b.travellers.len(), business: b.business };
        let people = b.travellers.iter().chain(std::iter::once(&b.booker));
        let mut on_this: Vec<i64> = Vec::new();
        for (id, name) in people.filter(|(id, _)| *id != me.0) {
            if on_this.contains(id) {
                continue;
            }
            on_this.push(*id);
            match shared.iter_mut().find(|s| s.0 == *id) {
                Some(s) => {
                    s.2.push(trip);
                    s.3 = s.3.max(b.departure);
                }
                None => shared.push((*id, name.clone(), vec![trip], b.departure)),
            }
        }
    }
    let mut out: Vec<Companion> = shared
        .into_iter()
        .map(|(id, name, trips, last)| Companion { customer_id: id, relation: relation(me.1, &name, &trips), name, trips: trips.len() as u32, last_departure: last })
        .collect();
    out.sort_by(|a, b| b.trips.cmp(&a.trips).then(b.last_departure.cmp(&a.last_departure)).then(a.customer_id.cmp(&b.customer_id)));
    let usual = companions_from(listed.len() as u32, alone as u32, &out);
    (out, usual)
}

/// What a traveller can be found by (the ID number as its keyed hash).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TravellerKeys {
    pub name: String,
    pub id_hash: Option<String>,
    pub phone: Option<String>,
    /// Who booked, and their name: the booker lists themselves often without a number.
    pub booker: (i64, String),
}

/// Customers already holding what the travellers carry.
#[derive(Debug, Default)]
pub struct Known {
    pub by_id: HashMap<String, Vec<i64>>,
    /// Unmerged customers by phone, with their names.
    pub by_phone: HashMap<String, Vec<(i64, String)>>,
}

/// Where a traveller lands: a stored customer, or the n-th one this batch creates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found {
    Stored(i64),
    New(usize),
}

/// Each traveller's customer, in order: the one customer holding their ID number, else the
/// booker when the names are the same, else the one customer with their phone under the same
/// name; otherwise a new customer, which later
/// travellers in the batch find by the same number or phone and name.
pub fn find(keys: &[TravellerKeys], known: &Known) -> Vec<Found> {
    let mut by_id: HashMap<&str, Vec<Found>> = known.by_id.iter().map(|(k, v)| (k.as_str(), v.iter().map(|c| Found::Stored(*c)).collect())).collect();
    let mut by_phone: HashMap<&str, Vec<(Found, &str)>> =
        known.by_phone.iter().map(|(k, v)| (k.as_str(), v.iter().map(|(c, n)| (Found::Stored(*c), n.as_str())).collect())).collect();
    let mut created = 0;
    keys.iter()
        .map(|k| {
            let by_number = k.id_hash.as_deref().and_then(|h| match by_id.get(h).map(Vec::as_slice) {
                Some([one]) => Some(*one),
                _ => None,
            });
            let same_name = |n: &str| {
                let (a, b) = (NameForms::of(&k.name), NameForms::of_customer(n));
                a.is_some() && a.zip(b).is_some_and(|(a, b)| a.compare(&b) == NameAgreement::Same)
            };
            let by_contact = || {
                let hits: Vec<Found> = k.phone.as_deref().and_then(|p| by_phone.get(p)).into_iter().flatten().filter(|(_, n)| same_name(n)).map(|(f, _)| *f).collect();
                match hits.as_slice() {
                    [one] => Some(*one),
                    _ => None,
                }
            };
            let booker = || same_name(&k.booker.1).then_some(Found::Stored(k.booker.0));
            let found = by_number.or_else(booker).or_else(by_contact).unwrap_or_else(|| {
                created += 1;
                Found::New(created - 1)
            });
            if let Found::New(_) = found {
                if let Some(h) = k.id_hash.as_deref() {
                    by_id.entry(h).or_default().push(found);
                }
                if let Some(p) = k.phone.as_deref() {
                    by_phone.entry(p).or_default().push((found, k.name.as_str()));
                }
            }
            found
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(name: &str, id: Option<&str>, phone: Option<&str>) -> TravellerKeys {
        TravellerKeys { name: name.into(), id_hash: id.map(Into::into), phone: phone.map(Into::into), booker: (5, "陈刚".into()) }
    }

    #[test]
    fn travellers_are_found_by_number_then_by_phone_and_name_or_created_once() {
        let mut known = Known::default();
        known.by_id.insert("h-wang".into(), vec![7]);
        known.by_id.insert("h-shared".into(), vec![8, 9]);
        known.by_phone.insert("+8613800000001".into(), vec![(11, "李娜".into())]);
        let found = find(
            &[
                keys("王芳", Some("h-wang"), None),
                keys("李娜", None, Some("+8613800000001")),
                keys("李四", None, Some("+8613800000001")),
                keys("张小明", Some("h-new"), None),
                keys("张小明", Some("h-new"), None),
                keys("赵六", Some("h-shared"), None),
                keys("陈 刚", Some("h-his-passport"), None),
            ],
            &known,
        );
        let booker = Found::Stored(5);
        assert_eq!(found, vec![Found::Stored(7), Found::Stored(11), Found::New(0), Found::New(1), Found::New(1), Found::New(2), booker]);
    }

    #[test]
    fn relations_come_from_names_and_the_bookings_shared() {
        let pair = SharedTrip { travellers: 2, business: false };
        let tour = SharedTrip { travellers: 24, business: false };
        assert_eq!(relation("王芳", "王小明", &[pair]), Relation::Family);
        assert_eq!(relation("Anna Smith", "Tom Smith", &[pair]), Relation::Family);
        assert_eq!(relation("王芳", "李娜", &[tour, tour]), Relation::Group);
        assert_eq!(relation("王芳", "李娜", &[tour, pair]), Relation::Friend);
        assert_eq!(relation("王芳", "李娜", &[SharedTrip { travellers: 3, business: true }]), Relation::Colleague);
    }

    #[test]
    fn companions_are_everyone_on_the_bookings_shared() {
        let on = |booker: (i64, &str), travellers: &[(i64, &str)], day: u32| BookingPeople {
            booker: (booker.0, booker.1.into()),
            business: false,
            departure: chrono::NaiveDate::from_ymd_opt(2026, 5, day),
            travellers: travellers.iter().map(|(c, n)| (*c, n.to_string())).collect(),
        };
        let me = (1, "王芳");
        let bookings = [
            on((1, "王芳"), &[(1, "王芳"), (2, "王小明"), (3, "李娜")], 1),
            on((1, "王芳"), &[(1, "王芳"), (2, "王小明")], 9),
            // her husband booked for the two of them; he stayed home
            on((4, "陈刚"), &[(1, "王芳"), (2, "王小明")], 20),
            on((1, "王芳"), &[], 25),
        ];
        let (list, usual) = companions(me, &bookings);
        let seen: Vec<(i64, Relation, u32)> = list.iter().map(|c| (c.customer_id, c.relation, c.trips)).collect();
        assert_eq!(seen, vec![(2, Relation::Family, 3), (4, Relation::Friend, 1), (3, Relation::Friend, 1)]);
        assert_eq!(list[0].last_departure, chrono::NaiveDate::from_ymd_opt(2026, 5, 20));
        assert_eq!(usual, Some(Companions::Family));
        assert_eq!(companions(me, &bookings[3..]), (vec![], None), "a booking without travellers says nothing");
        assert_eq!(companions(me, &[on((1, "王芳"), &[(1, "王芳")], 2)]).1, Some(Companions::Solo));
    }

    #[test]
    fn the_usual_companions_are_read_from_listed_bookings() {
        let c = |trips, relation| Companion { customer_id: 1, name: "x".into(), relation, trips, last_departure: None };
        assert_eq!(companions_from(0, 0, &[]), None, "no booking lists travellers: nothing to say");
        assert_eq!(companions_from(4, 3, &[c(1, Relation::Family)]), Some(Companions::Solo));
        assert_eq!(companions_from(4, 0, &[c(4, Relation::Family), c(1, Relation::Friend)]), Some(Companions::Family));
        assert_eq!(companions_from(4, 1, &[c(3, Relation::Friend)]), Some(Companions::Partner));
        assert_eq!(companions_from(6, 0, &[c(2, Relation::Friend), c(2, Relation::Group), c(1, Relation::Colleague)]), Some(Companions::Friends));
    }
}
