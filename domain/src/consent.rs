//! Consent per purpose and channel (PIPL). The history is append-only; for any use, the
//! latest answer that covers it decides. A withdrawal for "any channel" covers every channel,
//! so withdrawing once applies everywhere; a later grant for one channel opens that channel
//! again.

use crate::dto::ConsentRecord;

string_enum! {
    /// What the personal data may be used for.
    pub enum Purpose { Marketing = "marketing", SensitiveData = "sensitive_data", CrossBorder = "cross_border" }
}

string_enum! {
    /// How marketing may reach the customer; `any` covers them all (and is the only channel
    /// of the other purposes).
    pub enum ContactChannel { Any = "any", Sms = "sms", Phone = "phone", Email = "email", Wechat = "wechat", App = "app" }
}

/// The privacy notice customers are shown now; a consent names the version it answered.
pub const NOTICE_VERSION: &str = "2026-11";
pub const MAX_VERSION_CHARS: usize = 20;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConsentError {
    #[error("only marketing is given per channel; sensitive data and cross-border transfer use channel \"any\"")]
    ChannelNotForPurpose,
    #[error("text_version must name the notice the customer saw (1 to {MAX_VERSION_CHARS} characters)")]
    BadVersion,
}

pub fn check(purpose: Purpose, channel: ContactChannel, text_version: &str) -> Result<(), ConsentError> {
    if purpose != Purpose::Marketing && channel != ContactChannel::Any {
        return Err(ConsentError::ChannelNotForPurpose);
    }
    let v = text_version.trim();
    if v.is_empty() || v.chars().count() > MAX_VERSION_CHARS || v.chars().any(char::is_control) {
        return Err(ConsentError::BadVersion);
    }
    Ok(())
}

/// Whether `history` allows using the data for `purpose` through `channel`: the latest record
/// for that channel or for any channel must be a grant. No record means no.
pub fn allows(history: &[ConsentRecord], purpose: Purpose, channel: ContactChannel) -> bool {
    history
        .iter()
        .filter(|r| r.purpose == purpose && (r.channel == channel || r.channel == ContactChannel::Any))
        .max_by_key(|r| r.at)
        .is_some_and(|r| r.granted)
}

/// The latest record per purpose and channel, in a stable order, for the profile.
pub fn current(history: &[ConsentRecord]) -> Vec<ConsentRecord> {
    let mut latest: Vec<ConsentRecord> = Vec::new();
    for r in history {
        match latest.iter_mut().find(|l| l.purpose == r.purpose && l.channel == r.channel) {
            Some(l) if l.at <= r.at => *l = r.clone(),
            Some(_) => {}
            None => latest.push(r.clone()),
        }
    }
    latest.sort_by_key(|r| (r.purpose, r.channel));
    latest
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Channel;
    use chrono::{TimeZone, Utc};

    fn rec(purpose: Purpose, channel: ContactChannel, granted: bool, day: u32) -> ConsentRecord {
        ConsentRecord {
            purpose,
            channel,
            granted,
            text_version: NOTICE_VERSION.into(),
            at: Utc.with_ymd_and_hms(2026, 11, day, 9, 0, 0).unwrap(),
            source: Channel::Store,
            recorded_by: None,
        }
    }

    #[test]
    fn no_record_means_no() {
        assert!(!allows(&[], Purpose::Marketing, ContactChannel::Wechat));
    }

    #[test]
    fn a_grant_for_any_channel_covers_each_until_withdrawn_anywhere() {
        let mut h = vec![rec(Purpose::Marketing, ContactChannel::Any, true, 1)];
        assert!(allows(&h, Purpose::Marketing, ContactChannel::Sms));
        h.push(rec(Purpose::Marketing, ContactChannel::Sms, false, 2));
        assert!(!allows(&h, Purpose::Marketing, ContactChannel::Sms), "withdrawn for SMS");
        assert!(allows(&h, Purpose::Marketing, ContactChannel::Wechat), "still fine on WeChat");
        h.push(rec(Purpose::Marketing, ContactChannel::Any, false, 3));
        assert!(!allows(&h, Purpose::Marketing, ContactChannel::Wechat), "a withdrawal for any channel applies everywhere");
        h.push(rec(Purpose::Marketing, ContactChannel::Wechat, true, 4));
        assert!(allows(&h, Purpose::Marketing, ContactChannel::Wechat), "a later grant reopens that channel");
        assert!(!allows(&h, Purpose::Marketing, ContactChannel::Email));
        assert!(!allows(&h, Purpose::CrossBorder, ContactChannel::Any), "purposes are separate");
    }

    #[test]
    fn current_keeps_the_latest_per_purpose_and_channel() {
        let h = vec![
            rec(Purpose::Marketing, ContactChannel::Sms, true, 5),
            rec(Purpose::Marketing, ContactChannel::Sms, false, 3),
            rec(Purpose::SensitiveData, ContactChannel::Any, true, 1),
        ];
        let c = current(&h);
        assert_eq!(c.len(), 2);
        assert_eq!((c[0].purpose, c[0].granted, c[0].at.format("%d").to_string()), (Purpose::Marketing, true, "05".to_string()));
        assert_eq!(c[1].purpose, Purpose::SensitiveData);
    }

    #[test]
    fn channels_are_for_marketing_and_versions_are_named() {
        assert_eq!(check(Purpose::CrossBorder, ContactChannel::Sms, "2026-11"), Err(ConsentError::ChannelNotForPurpose));
        assert_eq!(check(Purpose::Marketing, ContactChannel::Sms, " "), Err(ConsentError::BadVersion));
        assert!(check(Purpose::Marketing, ContactChannel::Wechat, NOTICE_VERSION).is_ok());
        assert!(check(Purpose::SensitiveData, ContactChannel::Any, NOTICE_VERSION).is_ok());
    }
}
