//! One generated person: their channels, identities, trips with the journey around each trip,
//! service tickets, community life and tags, written as one or two customer records.

use chrono::{DateTime, Duration, Timelike, Utc};
use chrono_tz::Tz;
use roundtrip_domain::calendar;
use rand::distributions::{Distribution, WeightedIndex};
use rand::seq::SliceRandom;
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use roundtrip_domain::assess::{assess, History};
use roundtrip_domain::dto::{Order, Ticket, Touchpoint};
use roundtrip_domain::phone::phone_tail;
use roundtrip_domain::*;

use super::names::*;
use super::relations::{Life, Relations};
use super::SeedReport;
use crate::time::rfc3339;
use crate::db::sql::{self, Conn, params, Stmt};

const SEGMENTS: &[(Segment, u32)] =
    &[(Segment::GenZ, 42), (Segment::Business, 18), (Segment::Silver, 12), (Segment::Family, 16), (Segment::Leisure, 12)];
/// Online-only, offline-only, both: overlap just under 30%, as the studies found.
const PRESENCE: &[(Presence, u32)] = &[(Presence::OnlineOnly, 57), (Presence::OfflineOnly, 15), (Presence::Both, 28)];
const ONLINE_CHANNELS: &[(Channel, u32)] = &[
    (Channel::Ctrip, 30), (Channel::Fliggy, 15), (Channel::Meituan, 12), (Channel::Qunar, 6), (Channel::Wechat, 25),
    (Channel::Douyin, 10), (Channel::Xiaohongshu, 5), (Channel::App, 10), (Channel::Web, 5),
];
/// Share of "both" people whose online and store memberships were never linked.
const SPLIT_PERCENT: u32 = 20;

fn weighted<T: Copy>(rng: &mut ChaCha8Rng, items: &[(T, u32)]) -> T {
    let dist = WeightedIndex::new(items.iter().map(|(_, w)| *w)).expect("weights");
    items[dist.sample(rng)].0
}

fn member_id(rng: &mut ChaCha8Rng, kind: IdentityKind, person: usize) -> String {
    let n = rng.gen_range(10_000_000..99_999_999u32);
    match kind {
        IdentityKind::CtripMember => format!("CT{n}"),
        IdentityKind::FliggyMember => format!("FZ{n}"),
        IdentityKind::MeituanMember => format!("MT{n}"),
        IdentityKind::QunarMember => format!("QN{n}"),
        IdentityKind::WechatOpenid => format!("oWx{person:07}{n:x}"),
        IdentityKind::WechatUnionid => format!("uWx{person:07}{n:x}"),
        IdentityKind::DouyinOpenId => format!("dy_{person:07}_{n:x}"),
        IdentityKind::AppAccount => format!("RT{person:07}"),
        _ => format!("{n}"),
    }
}

/// What the person did, before it is split into customer records.
struct Person {
    name: String,
    phone: Option<String>,
    email: Option<String>,
    city: &'static str,
    birth_year: i32,
    segment: Segment,
    store: Option<i64>,
    online: Vec<Channel>,
    offline: bool,
    first_seen: DateTime<Utc>,
}

/// A row of touchpoints in the making.
struct Tp {
    channel: Channel,
    stage: Stage,
    kind: &'static str,
    at: DateTime<Utc>,
    summary: String,
    sentiment: Option<f64>,
    promise: Option<String>,
    fulfils: Option<String>,
    kept: Option<bool>,
}

pub struct Writer<'t> {
    anchor: DateTime<Utc>,
    zone: Tz,
    communities: Vec<(i64, &'static str, Vec<(i64, DateTime<Utc>)>)>,
    relations: Relations<'t>,
    customer: Stmt<'t>,
    identity: Stmt<'t>,
    touchpoint: Stmt<'t>,
    order: Stmt<'t>,
    ticket: Stmt<'t>,
    member: Stmt<'t>,
    attendance: Stmt<'t>,
    tag: Stmt<'t>,
    tx: &'t Conn,
    phones: std::collections::HashSet<String>,
}

impl<'t> Writer<'t> {
    pub fn new(tx: &'t Conn, anchor: DateTime<Utc>, zone: Tz, communities: Vec<(i64, &'static str, Vec<(i64, DateTime<Utc>)>)>) -> sql::Result<Self> {
        Ok(Self {
            anchor,
            zone,
            communities,
            relations: Relations::new(tx, anchor, zone)?,
            customer: tx.prepare_cached(
                "INSERT INTO customers (name, phone_e164, phone_tail, email, city, birth_year, segment, tier, points, lifecycle,
                    online, offline, home_store_id, churn_risk, last_nps, lifetime_value_fen, first_seen_at, last_active_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18) RETURNING id",
            )?,
            identity: tx.prepare_cached(
                "INSERT INTO identities (customer_id, kind, value, source, first_seen_at, last_seen_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING",
            )?,
            touchpoint: tx.prepare_cached(
                "INSERT INTO touchpoints (customer_id, channel, stage, kind, occurred_at, summary, sentiment, promise, store_id, fulfils, kept)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) RETURNING id",
            )?,
            order: tx.prepare_cached(
                "INSERT INTO orders (customer_id, product, title, destination, channel, status, amount_fen, ordered_at, departure, return_date, store_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) RETURNING id",
            )?,
            ticket: tx.prepare_cached(
                "INSERT INTO tickets (customer_id, channel, kind, severity, status, summary, opened_at, first_response_at, resolved_at, store_id, csat,
                     due_at, recorded_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?7)",
            )?,
            member: tx.prepare_cached("INSERT INTO community_members (community_id, customer_id, joined_at) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING")?,
            attendance: tx.prepare_cached(
                "INSERT INTO event_attendance (event_id, customer_id, attended, signed_up_at, checked_in_at, satisfaction)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING",
            )?,
            tag: tx.prepare_cached("INSERT INTO customer_tags (customer_id, tag) VALUES (?1, ?2) ON CONFLICT DO NOTHING")?,
            tx,
            phones: Default::default(),
        })
    }

    /// Writes what is kept until every customer is known (the churn snapshots).
    pub fn finish(self) -> sql::Result<()> {
        self.relations.finish(self.tx)
    }

    pub fn person(&mut self, rng: &mut ChaCha8Rng, index: usize, report: &mut SeedReport) -> sql::Result<()> {
        let p = self.draw_person(rng, index);
        let split = !p.online.is_empty() && p.offline && rng.gen_range(0..100) < SPLIT_PERCENT;
        if split {
            // The same traveller, once as an OTA/WeChat member and once as a store member.
            let (online, offline) = (p.online.clone(), p.offline);
            let online_rec = Person { online, offline: false, store: None, ..self.clone_person(&p) };
            let store_rec = Person { online: vec![], offline, ..p };
            let first = self.record(rng, index, &online_rec, report)?;
            let second = self.record(rng, index, &store_rec, report)?;
            if online_rec.phone.is_some() {
                // what ingestion's phone rule would have found: a pair for a manager to review
                self.tx.execute(
                    "INSERT INTO duplicate_candidates (customer_id, other_id, identifier, created_at) VALUES (?1, ?2, 'phone', ?3)",
                    params![first, second, rfc3339(self.anchor - Duration::days(1))],
                )?;
            }
            Ok(())
        } else {
            self.record(rng, index, &p, report).map(|_| ())
        }
    }

    fn clone_person(&self, p: &Person) -> Person {
        Person {
            name: p.name.clone(),
            phone: p.phone.clone(),
            email: p.email.clone(),
            city: p.city,
            birth_year: p.birth_year,
            segment: p.segment,
            store: p.store,
            online: p.online.clone(),
            offline: p.offline,
            first_seen: p.first_seen,
        }
    }

    fn draw_person(&mut self, rng: &mut ChaCha8Rng, index: usize) -> Person {
        let segment = weighted(rng, SEGMENTS);
        let presence = weighted(rng, PRESENCE);
        let name = format!(
            "{}{}{}",
            SURNAMES.choose(rng).unwrap(),
            GIVEN.choose(rng).unwrap(),
            if rng.gen_bool(0.6) { *GIVEN.choose(rng).unwrap() } else { "" }
        );
        let phone = rng.gen_bool(0.95).then(|| loop {
            let second = *[3, 5, 7, 8, 9].choose(rng).unwrap();
            let candidate = format!("+861{second}{:09}", rng.gen_range(0..1_000_000_000u64));
            if self.phones.insert(candidate.clone()) {
                break candidate;
            }
        });
        let email = rng.gen_bool(0.35).then(|| format!("rt{index:06}@{}", ["qq.com", "163.com", "gmail.com", "outlook.com"].choose(rng).unwrap()));
        let birth_year = match segment {
            Segment::GenZ => rng.gen_range(1997..=2007),
            Segment::Business => rng.gen_range(1972..=1995),
            Segment::Silver => rng.gen_range(1948..=1965),
            Segment::Family => rng.gen_range(1980..=1993),
            Segment::Leisure => rng.gen_range(1965..=1996),
        };
        let store_weights: Vec<(usize, u32)> = STORES.iter().enumerate().map(|(i, s)| (i, s.3)).collect();
        let store_index = weighted(rng, &store_weights);
        let offline = presence != Presence::OnlineOnly;
        let mut online = Vec::new();
        if presence != Presence::OfflineOnly {
            for _ in 0..rng.gen_range(1..=3) {
                let c = weighted(rng, ONLINE_CHANNELS);
                if !online.contains(&c) {
                    online.push(c);
                }
            }
        }
        Person {
            name,
            phone,
            email,
            city: STORES[store_index].2,
            birth_year,
            segment,
            store: offline.then_some(store_index as i64 + 1),
            online,
            offline,
            first_seen: self.anchor - Duration::days(rng.gen_range(20..1_500)) - Duration::minutes(rng.gen_range(0..1_440)),
        }
    }

    /// Writes one customer record with everything that hangs off it; returns its id.
    fn record(&mut self, rng: &mut ChaCha8Rng, index: usize, p: &Person, report: &mut SeedReport) -> sql::Result<i64> {
        let channels: Vec<Channel> = p.online.iter().copied().chain(p.offline.then_some(Channel::Store)).collect();
        // A third of people went quiet at some point before today.
        let quiet_days = if rng.gen_bool(0.3) { rng.gen_range(100..700) } else { rng.gen_range(0..60) };
        let active_until = (self.anchor - Duration::days(quiet_days)).max(p.first_seen + Duration::days(1));
        let mut tps = Vec::new();
        let mut orders = Vec::new();
        let trips = match p.segment {
            Segment::Business => rng.gen_range(1..=9),
            _ => rng.gen_range(0..=5),
        };
        for _ in 0..trips {
            self.trip(rng, p, &channels, active_until, &mut tps, &mut orders);
        }
        // Browsing that has not (yet) become an order.
        for i in 0..rng.gen_range(1..=4) {
            // The latest browse marks when the customer was last active.
            let at = if i == 0 { daytime(active_until - Duration::minutes(rng.gen_range(0..7_200)), &self.zone) } else { between(rng, &self.zone, p.first_seen, active_until) };
            let channel = *channels.choose(rng).unwrap();
            let dest = DESTINATIONS.choose(rng).unwrap().0;
            let kind = if channel.is_online() { *["browse", "search", "inquiry"].choose(rng).unwrap() } else { "consultation" };
            tps.push(Tp { channel, stage: Stage::PreDecision, kind, at, summary: format!("了解{dest}行程"), sentiment: None, promise: None, fulfils: None, kept: None });
        }
        let tickets = self.tickets(rng, &channels, p.first_seen, active_until, &mut tps);
        tps.sort_by_key(|t| t.at);
        let last_active = tps.last().map(|t| t.at).unwrap_or(p.first_seen).max(p.first_seen);
        let touches: Vec<(&'static str, DateTime<Utc>)> = tps.iter().map(|t| (t.kind, t.at)).collect();
        let last_nps = rng.gen_bool(0.35).then(|| weighted(rng, &[(10u8, 25), (9, 20), (8, 15), (7, 15), (6, 10), (5, 7), (3, 5), (0, 3)]));
        let scores = assess(
            &History { first_seen_at: p.first_seen, last_active_at: last_active, orders: &orders, tickets: &tickets, last_nps },
            self.anchor,
        );

        let id = self.customer.insert_returning_id(params![
            p.name,
            p.phone,
            p.phone.as_deref().map(phone_tail),
            p.email,
            p.city,
            p.birth_year,
            p.segment.as_str(),
            scores.tier.as_str(),
            scores.qualifying_points,
            scores.lifecycle.as_str(),
            !p.online.is_empty(),
            p.offline,
            p.store,
            scores.churn.score,
            last_nps,
            scores.lifetime_value_fen,
            rfc3339(p.first_seen),
            rfc3339(last_active),
        ])?;
        crate::db::names::index_new_name(self.tx, id, &p.name)?;
        report.customers += 1;

        let first = rfc3339(p.first_seen);
        let last = rfc3339(last_active);
        let mut identity = |kind: IdentityKind, value: String, source: Channel| -> sql::Result<()> {
            report.identities += self.identity.execute(params![id, kind.as_str(), value, source.as_str(), first, last])? as u64;
            Ok(())
        };
        for c in &p.online {
            // Xiaohongshu and the website are browsed anonymously in the demo data
            if matches!(c, Channel::Xiaohongshu | Channel::Web) {
                continue;
            }
            let kind = IdentityKind::for_channel(*c);
            identity(kind, member_id(rng, kind, index), *c)?;
            if *c == Channel::Wechat {
                identity(IdentityKind::WechatUnionid, member_id(rng, IdentityKind::WechatUnionid, index), *c)?;
            }
        }
        if let Some(store) = p.store {
            identity(IdentityKind::StoreCard, format!("SC{}{index:07}", STORES[store as usize - 1].0), Channel::Store)?;
        }
        let phone_source = channels[0];
        if let Some(phone) = &p.phone {
            identity(IdentityKind::Phone, phone.clone(), phone_source)?;
        }
        if let Some(email) = &p.email {
            identity(IdentityKind::Email, email.clone(), phone_source)?;
        }

        // Care is the agency reaching out, so it never moved last_active above.
        let mut extra = self.relations.rng(id);
        let care_channel = if p.offline { Channel::Store } else { Channel::Wechat };
        for (at, summary) in self.relations.care(&mut extra, &orders, p.birth_year, p.first_seen) {
            tps.push(Tp { channel: care_channel, stage: Stage::PostTrip, kind: "care", at, summary: summary.into(), sentiment: None, promise: None, fulfils: None, kept: None });
        }
        tps.sort_by_key(|t| t.at);
        let mut history = Vec::with_capacity(tps.len());
        for t in tps {
            let store = (t.channel == Channel::Store).then_some(p.store).flatten();
            let touchpoint = self.touchpoint.insert_returning_id(params![
                id, t.channel.as_str(), t.stage.as_str(), t.kind, rfc3339(t.at), t.summary, t.sentiment, t.promise, store, t.fulfils, t.kept
            ])?;
            history.push(Touchpoint {
                id: touchpoint,
                channel: t.channel,
                stage: t.stage,
                kind: t.kind.to_string(),
                occurred_at: t.at,
                summary: t.summary,
                sentiment: t.sentiment,
                promise: t.promise,
                fulfils: t.fulfils,
                kept: t.kept,
            });
        }
        report.touchpoints += history.len() as u64;
        for o in orders.iter_mut() {
            let store = (o.channel == Channel::Store).then_some(p.store).flatten();
            o.id = self.order.insert_returning_id(params![
                id, o.product.as_str(), o.title, o.destination, o.channel.as_str(), o.status.as_str(), o.amount_fen,
                rfc3339(o.ordered_at), o.departure.map(|d| d.to_string()), o.return_date.map(|d| d.to_string()), store
            ])?;
        }
        report.orders += orders.len() as u64;
        crate::db::journeys::write(self.tx, id, p.segment.as_str(), p.store, &history, &orders, self.anchor)?;
        for t in &tickets {
            let resolved = (t.status == TicketStatus::Resolved).then(|| rfc3339(t.first_response_at.unwrap_or(t.opened_at) + Duration::hours(20)));
            // the customer's home store owns the relationship, whichever channel they used
            let store = p.store;
            let csat = resolved.is_some().then(|| Relations::csat(&mut extra, &t.kind));
            self.ticket.execute(params![
                id, t.channel.as_str(), t.kind, t.severity.as_str(), t.status.as_str(), t.summary, rfc3339(t.opened_at),
                t.first_response_at.map(rfc3339), resolved, store, csat, rfc3339(roundtrip_domain::service::first_due(t.opened_at))
            ])?;
        }
        report.tickets += tickets.len() as u64;
        let community = self.community_life(rng, &mut extra, id, p, last_active)?;
        let life = Life {
            id, segment: p.segment, store: p.store, first_seen: p.first_seen, touches: &touches, orders: &orders,
            tickets: &tickets, last_nps, community: &community,
        };
        self.relations.write(&mut extra, &life)?;
        let pool = TAGS_BY_SEGMENT.iter().find(|(s, _)| *s == p.segment.as_str()).map(|(_, t)| *t).unwrap_or(&[]);
        let count = rng.gen_range(1..=3);
        for tag in pool.choose_multiple(rng, count) {
            self.tag.execute(params![id, tag])?;
        }
        Ok(id)
    }

    /// One trip: inspiration, quote, order and payment, then the trip and what came after.
    fn trip(&self, rng: &mut ChaCha8Rng, p: &Person, channels: &[Channel], until: DateTime<Utc>, tps: &mut Vec<Tp>, orders: &mut Vec<Order>) {
        let (dest, price) = *DESTINATIONS.choose(rng).unwrap();
        let product = weighted(rng, &[(ProductKind::Tour, 50), (ProductKind::Flight, 20), (ProductKind::Hotel, 20), (ProductKind::Ticket, 10)]);
        let ordered_at = between(rng, &self.zone, p.first_seen + Duration::days(3), until);
        let channel = *channels.choose(rng).unwrap();
        let research = *channels.choose(rng).unwrap();
        let inspired = ordered_at - Duration::days(rng.gen_range(2..30));
        tps.push(Tp { channel: research, stage: Stage::PreDecision, kind: if research.is_online() { "search" } else { "consultation" }, at: inspired, summary: format!("比较{dest}的线路和价格"), sentiment: None, promise: None, fulfils: None, kept: None });
        let promise = rng.gen_bool(0.3).then(|| {
            [format!("定制{dest}行程，含私人导游"), format!("{dest}海景房升级"), format!("价格保证：{price}元/人含税"), "全程一对一管家服务".to_string()]
                .choose(rng)
                .unwrap()
                .clone()
        });
        tps.push(Tp { channel, stage: Stage::Booking, kind: "quote", at: daytime(ordered_at - Duration::hours(rng.gen_range(2..72)), &self.zone), summary: format!("{dest}报价"), sentiment: None, promise: promise.clone(), fulfils: None, kept: None });
        let people = match p.segment { Segment::Family => rng.gen_range(3..=4), Segment::Business => 1, _ => rng.gen_range(1..=2) };
        let factor = match product { ProductKind::Tour => 1.0, ProductKind::Flight => 0.35, ProductKind::Hotel => 0.4, ProductKind::Ticket => 0.08 };
        let amount_fen = ((price * people) as f64 * factor * rng.gen_range(0.8..1.3)) as i64 * 100;
        let departure = ordered_at + Duration::days(rng.gen_range(5..60));
        let back = departure + Duration::days(rng.gen_range(2..9));
        let cancelled = rng.gen_bool(0.08);
        let status = if cancelled {
            OrderStatus::Cancelled
        } else if back < self.anchor {
            OrderStatus::Completed
        } else {
            OrderStatus::Paid
        };
        let title = match product {
            ProductKind::Tour => format!("{dest}{}日游", (back - departure).num_days() + 1),
            ProductKind::Flight => format!("往返{dest}机票"),
            ProductKind::Hotel => format!("{dest}酒店{}晚", (back - departure).num_days()),
            ProductKind::Ticket => format!("{dest}景点门票"),
        };
        tps.push(Tp { channel, stage: Stage::Booking, kind: "order", at: ordered_at, summary: title.clone(), sentiment: None, promise: None, fulfils: None, kept: None });
        orders.push(Order {
            id: 0,
            product,
            title,
            destination: dest.to_string(),
            channel,
            status,
            amount_fen,
            ordered_at,
            departure: Some(departure.date_naive()),
            return_date: Some(back.date_naive()),
            // flights get their PNR and segments afterwards (`seed::air`), from the order id
            air: None,
            travellers: Vec::new(),
        });
        if cancelled {
            tps.push(Tp { channel, stage: Stage::Booking, kind: "cancellation", at: ordered_at + Duration::days(2), summary: "取消订单".into(), sentiment: Some(-0.3), promise: None, fulfils: None, kept: None });
            return;
        }
        let mut after = vec![
            (Stage::PreTrip, "reminder", departure - Duration::days(2), "出行提醒与行前说明".to_string()),
            (Stage::InTrip, "trip_start", departure, format!("抵达{dest}")),
            (Stage::PostTrip, "trip_end", back, "行程结束".to_string()),
        ];
        if rng.gen_bool(0.45) {
            after.push((Stage::PostTrip, "review", back + Duration::days(rng.gen_range(1..7)), format!("点评{dest}之行")));
        }
        if rng.gen_bool(0.2) {
            after.push((Stage::PostTrip, "share", back + Duration::days(rng.gen_range(1..10)), format!("分享{dest}游记")));
        }
        if rng.gen_bool(0.06) {
            after.push((Stage::PostTrip, "referral", back + Duration::days(rng.gen_range(5..40)), "推荐好友报名".to_string()));
        }
        if let Some(promise) = promise.filter(|_| departure < self.anchor) {
            // kept 70%, broken 19%, never recorded 11%; hashed from the order time so the
            // random stream (and so every other generated figure) stays as it was
            let roll = (ordered_at.timestamp() as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 58;
            if roll < 57 {
                let kept = roll < 45;
                let summary = format!("{}：{promise}", if kept { "兑现" } else { "未兑现" });
                let c = if p.offline { Channel::Store } else { channel };
                tps.push(Tp { channel: c, stage: Stage::InTrip, kind: "delivery", at: departure + Duration::hours(3), summary, sentiment: Some(if kept { 0.6 } else { -0.6 }), promise: None, fulfils: Some(promise), kept: Some(kept) });
            }
        }
        for (stage, kind, at, summary) in after {
            if at < self.anchor {
                let c = if stage == Stage::InTrip { channel } else { *channels.choose(rng).unwrap() };
                let sentiment = matches!(kind, "review" | "share").then(|| (rng.gen_range(-0.6..1.0f64) * 100.0).round() / 100.0);
                tps.push(Tp { channel: c, stage, kind, at, summary, sentiment, promise: None, fulfils: None, kept: None });
            }
        }
    }

    fn tickets(&self, rng: &mut ChaCha8Rng, channels: &[Channel], from: DateTime<Utc>, until: DateTime<Utc>, tps: &mut Vec<Tp>) -> Vec<Ticket> {
        if !rng.gen_bool(0.12) {
            return vec![];
        }
        let kind = weighted(rng, &[("complaint", 50), ("inquiry", 25), ("suggestion", 15), ("praise", 10)]);
        let opened_at = between(rng, &self.zone, from, until);
        let channel = *channels.choose(rng).unwrap();
        let recent = self.anchor - opened_at < Duration::days(5);
        let status = if recent { weighted(rng, &[(TicketStatus::Open, 50), (TicketStatus::Answered, 30), (TicketStatus::WaitingCustomer, 20)]) } else { TicketStatus::Resolved };
        let response_hours = weighted(rng, &[(2, 40), (8, 30), (20, 20), (30, 10)]);
        let first_response_at = (status != TicketStatus::Open).then(|| opened_at + Duration::hours(response_hours));
        let summary = match kind {
            // four drawn as before (the random stream stays as it was), each with a twin by the minute
            "complaint" => {
                const COMPLAINTS: [[&str; 2]; 4] = [
                    ["行程与线上承诺不符", "航班延误三小时无人安排"], ["导游服务态度差", "托运行李箱破损"],
                    ["酒店房型与预订不一致", "集合时间变更没有通知"], ["退改签处理太慢", "退款迟迟没有到账"],
                ];
                &COMPLAINTS.choose(rng).unwrap()[(opened_at.timestamp() / 60 % 2) as usize]
            }
            "inquiry" => ["咨询签证材料", "询问儿童价格", "改期政策"].choose(rng).unwrap(),
            "suggestion" => ["希望增加自由活动时间", "建议提供素食"].choose(rng).unwrap(),
            _ => ["感谢领队细心照顾", "行程安排非常满意"].choose(rng).unwrap(),
        };
        let sentiment = if kind == "complaint" { Some(-0.7) } else if kind == "praise" { Some(0.9) } else { None };
        tps.push(Tp { channel, stage: Stage::PostTrip, kind: "feedback", at: opened_at, summary: summary.to_string(), sentiment, promise: None, fulfils: None, kept: None });
        vec![Ticket {
            id: 0,
            channel,
            kind: kind.to_string(),
            severity: weighted(rng, &[(Severity::Low, 40), (Severity::Medium, 40), (Severity::High, 20)]),
            status,
            summary: summary.to_string(),
            opened_at,
            first_response_at,
        }]
    }

    /// Memberships and event attendance; returns the joins and attendances as activities.
    fn community_life(&mut self, rng: &mut ChaCha8Rng, extra: &mut ChaCha8Rng, id: i64, p: &Person, last_active: DateTime<Utc>)
        -> sql::Result<Vec<(i64, &'static str, DateTime<Utc>)>> {
        let mut done = Vec::new();
        let affinity = match p.segment { Segment::GenZ => 0.3, Segment::Silver => 0.25, Segment::Family => 0.2, _ => 0.12 };
        if !rng.gen_bool(affinity) {
            return Ok(done);
        }
        let preferred = match p.segment {
            Segment::GenZ => &["photography", "hiking", "diving", "food"][..],
            Segment::Silver => &["silver", "museum"][..],
            Segment::Family => &["family", "road_trip", "museum"][..],
            _ => &["food", "road_trip", "photography"][..],
        };
        let count = rng.gen_range(1..=2);
        let chosen: Vec<&str> = preferred.choose_multiple(rng, count).copied().collect();
        for interest in chosen {
            let Some((community, _, events)) = self.communities.iter().find(|(_, i, _)| *i == interest) else { continue };
            let joined = between(rng, &self.zone, p.first_seen, last_active);
            self.member.execute(params![community, id, rfc3339(joined)])?;
            done.push((*community, "join", joined));
            for (event, starts) in events {
                if rng.gen_bool(0.3) {
                    let attended = rng.gen_bool(0.75);
                    // only events after joining (the draws above keep the main stream as it was)
                    if *starts < joined || *starts > self.anchor {
                        continue;
                    }
                    let signed_up = *starts - Duration::days(extra.gen_range(1..14));
                    let checked_in = attended.then(|| rfc3339(*starts + Duration::minutes(extra.gen_range(-10..30))));
                    let satisfaction = (attended && extra.gen_bool(0.6)).then(|| extra.gen_range(3..=5).min(if extra.gen_bool(0.1) { 2 } else { 5 }));
                    self.attendance.execute(params![event, id, attended, rfc3339(signed_up), checked_in, satisfaction])?;
                    if attended {
                        done.push((*community, "attend", *starts));
                    }
                }
            }
        }
        Ok(done)
    }
}

/// A moment between `from` and `to`, in the agency's waking hours (see [`daytime`]).
fn between(rng: &mut ChaCha8Rng, zone: &Tz, from: DateTime<Utc>, to: DateTime<Utc>) -> DateTime<Utc> {
    let span = (to - from).num_minutes().max(1);
    daytime(from + Duration::minutes(rng.gen_range(0..span)), zone)
}

/// `t` moved into 08:30–22:00 of its local day, when stores are open and people answer the
/// phone: the day's 24 hours are squeezed into those, so the order of moments is kept.
fn daytime(t: DateTime<Utc>, zone: &Tz) -> DateTime<Utc> {
    let local = t.with_timezone(zone);
    let minute = i64::from(local.hour() * 60 + local.minute());
    calendar::day_start(local.date_naive(), zone) + Duration::minutes(OPENS + minute * (CLOSES - OPENS) / (24 * 60))
}

/// Minutes after local midnight between which the demo's customers act.
const OPENS: i64 = 8 * 60 + 30;
const CLOSES: i64 = 22 * 60;
