//! Member exports (CSV) as channel events: the console maps columns, this turns each row into
//! the same event the API ingests, so imports follow the same validation and matching.

use chrono::{DateTime, FixedOffset};

use crate::events::{drop_unusable, validate, ChannelEvent, EventIdentity, EventPayload, EventType, MAX_ID_CHARS};
use crate::refusal::{Refusal, Rule};
use crate::model::Channel;

/// Which column holds each field (0-based); only the customer id is required.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ColumnMap {
    pub customer_id: Option<usize>,
    pub name: Option<usize>,
    pub phone: Option<usize>,
    pub email: Option<usize>,
    pub id_number: Option<usize>,
    pub wechat_unionid: Option<usize>,
    pub city: Option<usize>,
    /// Staff remarks on the member; each becomes a customer note.
    pub note: Option<usize>,
}

/// Pre-selects columns from header names in Chinese or English.
pub fn guess_columns(headers: &[String]) -> ColumnMap {
    let find = |words: &[&str]| headers.iter().position(|h| {
        let h = h.trim().to_lowercase();
        words.iter().any(|w| h.contains(w))
    });
    ColumnMap {
        customer_id: find(&["会员号", "会员编号", "卡号", "member", "card", "customer id", "customer_id"]),
        name: find(&["姓名", "name"]),
        phone: find(&["手机", "电话", "phone", "mobile"]),
        email: find(&["邮箱", "email", "e-mail"]),
        id_number: find(&["证件", "身份证", "护照", "id number", "id_number", "passport"]),
        wechat_unionid: find(&["unionid"]),
        city: find(&["城市", "所在地", "city"]),
        note: find(&["备注", "note", "remark", "comment"]),
    }
}

/// A row that can be imported: its event, and the values left out of it (a junk phone, an
/// address that is not one), each with why.
#[derive(Debug, Clone, PartialEq)]
pub struct RowEvent {
    pub event: ChannelEvent,
    pub left_out: Vec<Refusal>,
}

/// The event for one data row. Its id derives from the source and what the row says, so
/// importing the same export twice changes nothing the second time, and a later export with
/// a member's new details is a new event that brings them. An unusable optional value is left out
/// and the member imported ([`drop_unusable`]); a row is refused only for what the event
/// cannot do without.
pub fn row_event(row: &[String], map: &ColumnMap, source: Channel, store_id: Option<i64>, at: DateTime<FixedOffset>) -> Result<RowEvent, Refusal> {
    let cell = |i: Option<usize>| i.and_then(|i| row.get(i)).map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
    let customer = cell(map.customer_id).ok_or_else(|| Refusal::length("member_id", 1, MAX_ID_CHARS))?;
    let mut event = ChannelEvent {
        event_id: String::new(),
        source,
        source_customer_id: customer,
        occurred_at: at,
        kind: EventType::MemberImport,
        identity: EventIdentity {
            name: cell(map.name),
            phone: cell(map.phone),
            email: cell(map.email),
            id_number: cell(map.id_number),
            wechat_unionid: cell(map.wechat_unionid),
            douyin_open_id: None,
            city: cell(map.city),
        },
        store_id,
        payload: EventPayload { summary: Some("会员资料导入 / member record imported".into()), note: cell(map.note), ..Default::default() },
    };
    let left_out = drop_unusable(&mut event).into_iter().map(|d| Refusal::only(d.field, Rule::Format)).collect();
    let what = serde_json::to_string(&(&event.source_customer_id, &event.identity, event.store_id, &event.payload)).expect("a row always serialises");
    event.event_id = format!("import-{}-{}", source.as_str(), &crate::events::sha256_hex(&what)[..24]);
    validate(&event).map_err(|e| e.refusal())?;
    Ok(RowEvent { event, left_out })
}

/// Members exported by a store belong to it: the import names the store before it runs.
pub fn needs_store(source: Channel) -> bool {
    source == Channel::Store
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn headers_in_either_language_are_recognised() {
        let m = guess_columns(&s(&["会员卡号", "姓名", "手机号码", "Email", "所在城市", "备注"]));
        assert_eq!((m.customer_id, m.name, m.phone, m.email, m.id_number), (Some(0), Some(1), Some(2), Some(3), None));
        assert_eq!((m.city, m.note), (Some(4), Some(5)));
        let m = guess_columns(&s(&["Member No", "Full name", "Mobile"]));
        assert_eq!((m.customer_id, m.name, m.phone), (Some(0), Some(1), Some(2)));
    }

    #[test]
    fn rows_become_idempotent_events_or_a_reason() {
        let map = ColumnMap { customer_id: Some(0), name: Some(1), phone: Some(2), ..Default::default() };
        let at = DateTime::parse_from_rfc3339("2026-11-24T09:00:00+08:00").unwrap();
        let e = row_event(&s(&["SC001", "张伟", "138 0013 8001"]), &map, Channel::Store, Some(1), at).unwrap().event;
        assert!(e.event_id.starts_with("import-store-") && e.event_id.len() <= MAX_ID_CHARS, "{}", e.event_id);
        let later = DateTime::parse_from_rfc3339("2026-12-24T09:00:00+08:00").unwrap();
        let again = row_event(&s(&["SC001", "张伟", "138 0013 8001"]), &map, Channel::Store, Some(1), later).unwrap().event;
        assert_eq!(again.event_id, e.event_id, "the same row imported again is the same event");
        assert_eq!(crate::events::fingerprint(&again), crate::events::fingerprint(&e), "whenever it is imported");
        let moved = row_event(&s(&["SC001", "张伟", "139 0013 8001"]), &map, Channel::Store, Some(1), at).unwrap().event;
        assert_ne!(moved.event_id, e.event_id, "new details are a new event");
        assert_eq!(e.identity.name.as_deref(), Some("张伟"));
        assert_eq!(e.kind, EventType::MemberImport);
        assert_eq!(row_event(&s(&["", "无号码", ""]), &map, Channel::Store, None, at).unwrap_err().field, "member_id");
        // a junk phone is left out, the member imported
        let bad_phone = row_event(&s(&["SC002", "李娜", "12345"]), &map, Channel::Store, None, at).unwrap();
        assert_eq!(bad_phone.event.identity.phone, None);
        assert_eq!((bad_phone.left_out[0].field.as_str(), bad_phone.left_out[0].rule), ("identity.phone", Rule::Format));
        let broken = row_event(&s(&["SC\u{0}005", "李娜", ""]), &map, Channel::Store, None, at).unwrap_err();
        assert_eq!((broken.field.as_str(), broken.rule), ("source_customer_id", Rule::Control));
        assert!(needs_store(Channel::Store) && !needs_store(Channel::Ctrip));
        let full = ColumnMap { city: Some(3), note: Some(4), ..map };
        let e = row_event(&s(&["SC003", "王芳", "", " 成都 ", "喜欢靠窗座位"]), &full, Channel::Store, Some(1), at).unwrap().event;
        assert_eq!((e.identity.city.as_deref(), e.payload.note.as_deref()), (Some("成都"), Some("喜欢靠窗座位")));
        let long_city = row_event(&s(&["SC004", "王芳", "", &"城".repeat(31), ""]), &full, Channel::Store, Some(1), at).unwrap_err();
        assert_eq!((long_city.field.as_str(), long_city.rule), ("identity.city", Rule::Length));
    }
}
