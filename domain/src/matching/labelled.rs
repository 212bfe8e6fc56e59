//! Scoring the matcher on a labelled set: records whose true person is known, run through
//! [`crate::resolve::resolve`] in order as channels would send them, then compared pair by pair.
//! Precision: of the record pairs merged automatically, the share that are one person. Recall:
//! of the record pairs that are one person and carry what the rules merge without a manager
//! (a trusted identifier in common, or the same e-mail and the same name, also in pinyin), the
//! share merged automatically. The share of every same-person pair merged is reported too:
//! pairs with only a phone, a nickname or nothing in common are for review, or cannot be found.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, FixedOffset};

use crate::events::{customer_facts, ChannelEvent, EventIdentity, EventType};
use crate::matching::compare_names;
use crate::resolve::{resolve, Keys, Stored, Who};
use crate::Channel;

/// One record of a labelled set, as a CSV row.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LabelledRecord {
    pub record: String,
    /// The true person: records with the same value are one traveller.
    pub person: String,
    /// What the record's person illustrates: `single`, `family`, `front_desk`, `same_name`.
    pub scenario: String,
    pub source: Channel,
    pub member_id: String,
    pub name: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub id_number: Option<String>,
    pub wechat_unionid: Option<String>,
    pub douyin_open_id: Option<String>,
    pub store_id: Option<i64>,
    pub occurred_at: DateTime<FixedOffset>,
}

impl LabelledRecord {
    /// The record as the channel event that would bring it in.
    pub fn event(&self) -> ChannelEvent {
        ChannelEvent {
            event_id: format!("labelled-{}", self.record),
            source: self.source,
            source_customer_id: self.member_id.clone(),
            occurred_at: self.occurred_at,
            kind: EventType::Inquiry,
            identity: EventIdentity {
                name: self.name.clone(),
                phone: self.phone.clone(),
                email: self.email.clone(),
                id_number: self.id_number.clone(),
                wechat_unionid: self.wechat_unionid.clone(),
                douyin_open_id: self.douyin_open_id.clone(),
                city: None,
            },
            store_id: self.store_id,
            payload: Default::default(),
        }
    }
}

/// Pair counts and the two rates.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct PairScore {
    /// Record pairs that are one person.
    pub true_pairs: u64,
    /// Record pairs merged automatically.
    pub merged_pairs: u64,
    /// Merged pairs that are one person.
    pub correct_pairs: u64,
    /// Pairs of customers put to a manager, and how many of them are one person.
    pub review_pairs: u64,
    pub review_true: u64,
    /// Same-person pairs whose records carry automatic-merge evidence, and how many merged.
    pub auto_evidence_pairs: u64,
    pub auto_evidence_merged: u64,
    pub precision: f64,
    /// `auto_evidence_merged / auto_evidence_pairs`: the target's recall.
    pub recall: f64,
    /// `correct_pairs / true_pairs`: every same-person pair, however little it shares.
    pub recall_all: f64,
}

/// The whole set's score, and each scenario's false merges (a pair counts for both records'
/// scenarios when they differ).
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Evaluation {
    pub records: usize,
    pub people: usize,
    pub score: PairScore,
    pub false_merges_by_scenario: BTreeMap<String, u64>,
    /// A few wrongly merged pairs, by record id, to look at.
    pub false_merge_examples: Vec<(String, String)>,
    /// A few target pairs left unmerged, by record id.
    pub missed_examples: Vec<(String, String)>,
}

/// The customer each record resolves to, and the customer pairs suggested for review, when
/// the records arrive one after another into an empty store. ID numbers are compared as
/// themselves (the store compares keyed hashes of them, which agree exactly when they do).
pub fn resolve_all(records: &[LabelledRecord]) -> (Vec<Who>, Vec<(Who, Who)>) {
    let events: Vec<ChannelEvent> = records.iter().map(LabelledRecord::event).collect();
    let keys: Vec<Keys> = events.iter().map(|e| Keys::of(e, &customer_facts(e), str::to_owned)).collect();
    let resolutions = resolve(&keys, Stored::default());
    let suggested = resolutions.iter().flat_map(|r| r.suggested.iter().map(move |(other, _)| (r.customer.min(*other), r.customer.max(*other)))).collect();
    (resolutions.into_iter().map(|r| r.customer).collect(), suggested)
}

/// Same-person record pairs that should merge without review: a trusted identifier in common
/// (member id, WeChat unionid, Douyin open id, ID number), or the same e-mail and agreeing
/// names. A phone is not enough on its own terms: families share them.
fn auto_evidence(records: &[LabelledRecord]) -> Vec<(usize, usize)> {
    let events: Vec<ChannelEvent> = records.iter().map(LabelledRecord::event).collect();
    let keys: Vec<Keys> = events.iter().map(|e| Keys::of(e, &customer_facts(e), str::to_owned)).collect();
    let mut by_person: HashMap<&str, Vec<usize>> = HashMap::new();
    records.iter().enumerate().for_each(|(i, r)| by_person.entry(&r.person).or_default().push(i));
    let same = |a: &Option<String>, b: &Option<String>| a.is_some() && a == b;
    let mut out = Vec::new();
    for members in by_person.values() {
        for (x, &i) in members.iter().enumerate() {
            for &j in &members[x + 1..] {
                let (a, b) = (&keys[i], &keys[j]);
                let trusted = a.channel == b.channel || same(&a.wechat_unionid, &b.wechat_unionid) || same(&a.id_hash, &b.id_hash) || same(&a.douyin_open_id, &b.douyin_open_id);
                if trusted || (same(&a.email, &b.email) && compare_names(a.name.as_ref(), b.name.as_ref()).agrees()) {
                    out.push((i, j));
                }
            }
        }
    }
    out
}

fn pairs(n: u64) -> u64 {
    n * n.saturating_sub(1) / 2
}

/// Scores `clusters` (the customer each record landed on) against the records' true people.
pub fn score(records: &[LabelledRecord], clusters: &[Who], suggested: &[(Who, Who)]) -> Evaluation {
    let mut people: HashMap<&str, u64> = HashMap::new();
    let mut sizes: HashMap<Who, u64> = HashMap::new();
    let mut joint: HashMap<(Who, &str), u64> = HashMap::new();
    let mut members: HashMap<Who, Vec<usize>> = HashMap::new();
    for (i, (r, who)) in records.iter().zip(clusters).enumerate() {
        *people.entry(&r.person).or_default() += 1;
        *sizes.entry(*who).or_default() += 1;
        *joint.entry((*who, &r.person)).or_default() += 1;
        members.entry(*who).or_default().push(i);
    }
    let true_pairs = people.values().map(|n| pairs(*n)).sum();
    let merged_pairs = sizes.values().map(|n| pairs(*n)).sum();
    let correct_pairs = joint.values().map(|n| pairs(*n)).sum();
    let mut eval = Evaluation { records: records.len(), people: people.len(), ..Default::default() };
    let mut clusters_sorted: Vec<_> = members.values().collect();
    clusters_sorted.sort();
    for m in clusters_sorted {
        for (x, &i) in m.iter().enumerate() {
            for &j in &m[x + 1..] {
                let (a, b) = (&records[i], &records[j]);
                if a.person != b.person {
                    for s in if a.scenario == b.scenario { vec![&a.scenario] } else { vec![&a.scenario, &b.scenario] } {
                        *eval.false_merges_by_scenario.entry(s.clone()).or_default() += 1;
                    }
                    if eval.false_merge_examples.len() < 10 {
                        eval.false_merge_examples.push((a.record.clone(), b.record.clone()));
                    }
                }
            }
        }
    }
    // a suggested pair is one person when both customers hold mostly that person's records
    let majority: HashMap<Who, &str> = members.iter().map(|(who, m)| {
        let mut count: HashMap<&str, usize> = HashMap::new();
        m.iter().for_each(|i| *count.entry(records[*i].person.as_str()).or_default() += 1);
        (*who, count.into_iter().max_by_key(|(p, n)| (*n, std::cmp::Reverse(*p))).map(|(p, _)| p).unwrap_or_default())
    }).collect();
    let mut review: Vec<(Who, Who)> = suggested.to_vec();
    review.sort();
    review.dedup();
    let review_true = review.iter().filter(|(a, b)| majority.get(a) == majority.get(b)).count() as u64;
    let rate = |num: u64, den: u64| if den == 0 { 1.0 } else { num as f64 / den as f64 };
    let expected = auto_evidence(records);
    let auto_evidence_merged = expected.iter().filter(|(i, j)| clusters[*i] == clusters[*j]).count() as u64;
    let mut missed: Vec<(String, String)> = expected.iter().filter(|(i, j)| clusters[*i] != clusters[*j]).map(|(i, j)| (records[*i].record.clone(), records[*j].record.clone())).collect();
    missed.sort();
    eval.missed_examples = missed.into_iter().take(10).collect();
    eval.score = PairScore {
        true_pairs,
        merged_pairs,
        correct_pairs,
        review_pairs: review.len() as u64,
        review_true,
        auto_evidence_pairs: expected.len() as u64,
        auto_evidence_merged,
        precision: rate(correct_pairs, merged_pairs),
        recall: rate(auto_evidence_merged, expected.len() as u64),
        recall_all: rate(correct_pairs, true_pairs),
    };
    eval
}

/// [`resolve_all`] then [`score`].
pub fn evaluate(records: &[LabelledRecord]) -> Evaluation {
    let (clusters, suggested) = resolve_all(records);
    score(records, &clusters, &suggested)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(record: &str, person: &str, source: Channel, name: &str, phone: Option<&str>, email: Option<&str>) -> LabelledRecord {
        LabelledRecord {
            record: record.into(),
            person: person.into(),
            scenario: "test".into(),
            source,
            member_id: format!("M{record}"),
            name: Some(name.into()),
            phone: phone.map(Into::into),
            email: email.map(Into::into),
            id_number: None,
            wechat_unionid: None,
            douyin_open_id: None,
            store_id: None,
            occurred_at: "2026-11-01T09:00:00+08:00".parse().unwrap(),
        }
    }

    #[test]
    fn pairs_are_counted_against_the_true_people() {
        let set = [
            rec("1", "p1", Channel::Ctrip, "张伟", None, Some("zw@example.com")),
            rec("2", "p1", Channel::Fliggy, "ZHANG/WEI", None, Some("zw@example.com")),
            rec("3", "p1", Channel::App, "Zhang Wei", Some("13912345678"), Some("zw@example.com")),
            // and by his own mobile with his name in characters: merged too, beyond the target's pairs
            rec("5", "p1", Channel::Store, "张伟", Some("13912345678"), None),
            rec("4", "p2", Channel::Ctrip, "李娜", Some("13912345678"), None),
        ];
        let e = evaluate(&set);
        assert_eq!((e.score.true_pairs, e.score.merged_pairs, e.score.correct_pairs), (6, 6, 6));
        assert_eq!((e.score.review_pairs, e.score.review_true), (1, 0), "his wife on his phone is put to a manager");
        assert_eq!((e.score.precision, e.score.recall, e.score.recall_all), (1.0, 1.0, 1.0));
        assert_eq!(e.score.auto_evidence_pairs, 3);
    }
}
