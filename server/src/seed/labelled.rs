//! The labelled matching set: travellers whose true identity is known, as the records their
//! channels would send, with the cases that trip matchers up: families on one phone (and
//! couples on one e-mail), front desks whose phone stands in for walk-ins', strangers with the
//! most common names, Douyin nicknames and store clerks' `张先生`. Deterministic: the same
//! options always give the same set (`datasets/matching-labelled.csv` is this with the defaults).

use chrono::{DateTime, Duration, FixedOffset, TimeZone};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use roundtrip_domain::matching::labelled::LabelledRecord;
use roundtrip_domain::matching::{id_card_check_digit, passenger_name};
use roundtrip_domain::Channel;

use super::names::{GIVEN, STORES, SURNAMES};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SetOptions {
    /// Travellers drawn (households count each member).
    pub people: usize,
    pub seed: u64,
}

impl Default for SetOptions {
    fn default() -> Self {
        SetOptions { people: 1_500, seed: 2026 }
    }
}

/// The names strangers most often share.
const COMMON_NAMES: &[&str] = &["张伟", "王伟", "王芳", "李伟", "李娜", "张敏", "李静", "王静", "刘伟", "王秀英", "张丽", "李强"];
const NICKNAMES: &[&str] = &["爱旅行的猫", "山海", "小鹿乱撞", "追光者", "一只鱼", "晴天", "Momo", "向日葵"];

#[derive(Debug, Clone)]
struct Person {
    key: String,
    scenario: &'static str,
    name: String,
    /// What the person gives as their phone: their own, or the family's.
    phone: Option<String>,
    email: Option<String>,
    id_number: Option<String>,
    unionid: String,
    store: i64,
    /// The store's front-desk phone, written in place of theirs on store records.
    desk_phone: Option<String>,
}

struct Draw {
    rng: ChaCha8Rng,
    phones: u32,
    emails: u32,
    ids: u32,
    members: u32,
}

impl Draw {
    fn phone(&mut self) -> String {
        self.phones += 1;
        format!("170{:08}", 10_000_000 + self.phones * 7)
    }

    fn email(&mut self) -> String {
        self.emails += 1;
        format!("traveller{}@mail{}.example.cn", self.emails, self.emails % 7)
    }

    fn id_number(&mut self) -> String {
        self.ids += 1;
        let year = self.rng.gen_range(1960..2005);
        let first17 = format!("110105{year}{:02}{:02}{:03}", self.rng.gen_range(1..=12), self.rng.gen_range(1..=28), self.ids % 1000);
        let check = id_card_check_digit(&first17).expect("17 digits");
        format!("{first17}{check}")
    }

    fn name(&mut self, surname: Option<&str>) -> String {
        let surname = surname.map(str::to_owned).unwrap_or_else(|| SURNAMES.choose(&mut self.rng).unwrap().to_string());
        let two = self.rng.gen_bool(0.6);
        format!("{surname}{}{}", GIVEN.choose(&mut self.rng).unwrap(), if two { GIVEN.choose(&mut self.rng).unwrap() } else { &"" })
    }

    fn person(&mut self, key: String, scenario: &'static str, name: String) -> Person {
        let store = self.rng.gen_range(1..=STORES.len() as i64);
        Person {
            key,
            scenario,
            name,
            phone: None,
            email: None,
            id_number: self.rng.gen_bool(0.7).then(|| self.id_number()),
            unionid: String::new(),
            store,
            desk_phone: None,
        }
        .with_unionid(&mut self.rng)
    }

    /// One member account of `p` on `source`, with what that channel typically carries.
    fn record(&mut self, p: &Person, source: Channel, at: DateTime<FixedOffset>, out: &mut Vec<LabelledRecord>) {
        self.members += 1;
        let rng = &mut self.rng;
        let name = match source {
            // clerks sometimes write the courtesy title instead of the given name
            Channel::Store if rng.gen_bool(0.04) => Some(format!("{}{}", p.name.chars().next().unwrap(), if rng.gen_bool(0.5) { "先生" } else { "女士" })),
            Channel::Store | Channel::CallCenter => Some(p.name.clone()),
            Channel::Ctrip | Channel::Fliggy | Channel::Qunar | Channel::Meituan => Some(match rng.gen_range(0..20) {
                0..=10 => p.name.clone(),
                11..=17 => passenger_name(&p.name).unwrap_or_else(|| p.name.clone()),
                _ => passenger_name(&p.name).map(|n| {
                    let (surname, given) = n.split_once('/').unwrap();
                    format!("{}{} {}{}", &given[..1], given[1..].to_lowercase(), &surname[..1], surname[1..].to_lowercase())
                }).unwrap_or_else(|| p.name.clone()),
            }),
            Channel::Douyin => match rng.gen_range(0..10) {
                0..=3 => None,
                4..=6 => Some(NICKNAMES.choose(rng).unwrap().to_string()),
                _ => Some(p.name.clone()),
            },
            _ => rng.gen_bool(0.7).then(|| p.name.clone()),
        };
        let (phone_p, email_p, id_p) = match source {
            Channel::Store => (0.95, 0.15, 0.3),
            Channel::CallCenter => (1.0, 0.05, 0.0),
            Channel::Ctrip | Channel::Fliggy | Channel::Qunar | Channel::Meituan => (0.85, 0.6, 0.4),
            Channel::Douyin => (0.5, 0.05, 0.0),
            _ => (0.7, 0.4, 0.0),
        };
        let phone = match (source, &p.desk_phone) {
            (Channel::Store, Some(desk)) => Some(desk.clone()),
            _ => p.phone.clone().filter(|_| rng.gen_bool(phone_p)),
        };
        out.push(LabelledRecord {
            record: format!("R{:05}", out.len() + 1),
            person: p.key.clone(),
            scenario: p.scenario.into(),
            source,
            member_id: format!("{}-{:06}", source.as_str().to_uppercase(), self.members),
            name,
            phone,
            email: p.email.clone().filter(|_| rng.gen_bool(email_p)),
            id_number: p.id_number.clone().filter(|_| rng.gen_bool(id_p)),
            wechat_unionid: matches!(source, Channel::Wechat).then(|| p.unionid.clone()).or_else(|| (source == Channel::App && rng.gen_bool(0.5)).then(|| p.unionid.clone())),
            douyin_open_id: None,
            store_id: (source == Channel::Store).then_some(p.store),
            occurred_at: at,
        });
    }
}

impl Person {
    fn with_unionid(mut self, rng: &mut ChaCha8Rng) -> Person {
        self.unionid = format!("oU{:016x}", rng.gen::<u64>());
        self
    }
}

const CHANNELS: &[(Channel, u32)] = &[
    (Channel::Store, 30), (Channel::Ctrip, 20), (Channel::Fliggy, 10), (Channel::Meituan, 6), (Channel::Qunar, 4),
    (Channel::Wechat, 14), (Channel::Douyin, 8), (Channel::App, 6), (Channel::CallCenter, 2),
];

fn channel(rng: &mut ChaCha8Rng) -> Channel {
    let total: u32 = CHANNELS.iter().map(|(_, w)| w).sum();
    let mut pick = rng.gen_range(0..total);
    for (c, w) in CHANNELS {
        if pick < *w {
            return *c;
        }
        pick -= w;
    }
    unreachable!("weights cover the range")
}

/// The set, its records in the order they arrive (a year of them).
pub fn labelled_set(opts: SetOptions) -> Vec<LabelledRecord> {
    let mut d = Draw { rng: ChaCha8Rng::seed_from_u64(opts.seed), phones: 0, emails: 0, ids: 0, members: 0 };
    let desk_phones: Vec<String> = (1..=STORES.len()).map(|s| format!("010-6512 3{s:03}")).collect();
    let mut people: Vec<Person> = Vec::new();
    while people.len() < opts.people {
        let n = people.len();
        match d.rng.gen_range(0..100) {
            // a household: the parent's phone is the family's, on the spouse's and children's
            // bookings too; a couple may share one e-mail
            0..=21 => {
                let surname: String = d.name(None).chars().next().unwrap().to_string();
                let family_phone = d.phone();
                let family_email = d.email();
                let size = d.rng.gen_range(2..=4);
                let mut taken: Vec<String> = Vec::new();
                for m in 0..size {
                    // no family gives two of its members one name
                    let name = loop {
                        let name = d.name(if m == 1 { None } else { Some(&surname) });
                        if !taken.contains(&name) {
                            break name;
                        }
                    };
                    taken.push(name.clone());
                    let mut p = d.person(format!("P{:05}", n + m + 1), "family", name);
                    match m {
                        0 => (p.phone, p.email) = (Some(family_phone.clone()), Some(family_email.clone())),
                        1 => {
                            p.phone = Some(if d.rng.gen_bool(0.5) { d.phone() } else { family_phone.clone() });
                            p.email = Some(if d.rng.gen_bool(0.3) { family_email.clone() } else { d.email() });
                        }
                        _ => (p.phone, p.id_number) = (Some(family_phone.clone()), None),
                    }
                    people.push(p);
                }
            }
            // walk-ins who gave no phone: the clerk typed the front desk's
            22..=33 => {
                let name = if d.rng.gen_bool(0.3) { COMMON_NAMES.choose(&mut d.rng).unwrap().to_string() } else { d.name(None) };
                let mut p = d.person(format!("P{:05}", n + 1), "front_desk", name);
                p.desk_phone = Some(desk_phones[(p.store - 1) as usize].clone());
                p.phone = d.rng.gen_bool(0.6).then(|| d.phone());
                p.email = d.rng.gen_bool(0.3).then(|| d.email());
                people.push(p);
            }
            // strangers who share the commonest names
            34..=45 => {
                let name = COMMON_NAMES.choose(&mut d.rng).unwrap().to_string();
                let mut p = d.person(format!("P{:05}", n + 1), "same_name", name);
                p.phone = Some(d.phone());
                p.email = d.rng.gen_bool(0.6).then(|| d.email());
                people.push(p);
            }
            _ => {
                let name = d.name(None);
                let mut p = d.person(format!("P{:05}", n + 1), "single", name);
                p.phone = Some(d.phone());
                p.email = d.rng.gen_bool(0.7).then(|| d.email());
                people.push(p);
            }
        }
    }
    people.truncate(opts.people);
    let start = FixedOffset::east_opt(8 * 3600).unwrap().with_ymd_and_hms(2025, 12, 1, 9, 0, 0).unwrap();
    let mut arrivals: Vec<(i64, usize, Channel)> = Vec::new();
    for (i, p) in people.iter().enumerate() {
        // how many member accounts the traveller ends up with across channels
        let accounts = match d.rng.gen_range(0..100) {
            0..=29 => 1,
            30..=64 => 2,
            65..=89 => 3,
            _ => 4,
        };
        for _ in 0..accounts {
            let source = if p.desk_phone.is_some() && d.rng.gen_bool(0.6) { Channel::Store } else { channel(&mut d.rng) };
            arrivals.push((d.rng.gen_range(0..365 * 24 * 60), i, source));
        }
    }
    arrivals.sort();
    let mut out = Vec::with_capacity(arrivals.len());
    for (minute, i, source) in arrivals {
        d.record(&people[i], source, start + Duration::minutes(minute), &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_options_give_the_same_set_with_every_hard_case() {
        let opts = SetOptions { people: 300, seed: 7 };
        let set = labelled_set(opts);
        assert_eq!(set, labelled_set(opts));
        for scenario in ["single", "family", "front_desk", "same_name"] {
            assert!(set.iter().any(|r| r.scenario == scenario), "{scenario}");
        }
        assert!(set.windows(2).all(|w| w[0].occurred_at <= w[1].occurred_at));
    }
}
