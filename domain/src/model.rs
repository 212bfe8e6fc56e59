//! The vocabulary of the domain brief, as closed sets.

string_enum! {
    /// Who is using the console; decides what the API reveals and which stores are in scope.
    pub enum Role { Admin = "admin", Manager = "manager", Staff = "staff" }
}

string_enum! {
    /// Where a customer touched the agency (渠道 / 触点).
    pub enum Channel {
        Ctrip = "ctrip", Fliggy = "fliggy", Meituan = "meituan", Qunar = "qunar",
        Wechat = "wechat", Douyin = "douyin", Xiaohongshu = "xiaohongshu",
        App = "app", Web = "web", Store = "store", CallCenter = "call_center",
    }
}

impl Channel {
    /// Offline channels are the ones where staff meet or speak to the customer.
    pub fn is_online(self) -> bool {
        !matches!(self, Channel::Store | Channel::CallCenter)
    }
}

string_enum! {
    /// Journey stages (客户旅程): pre-decision, booking, pre-trip, in-trip, post-trip sharing.
    pub enum Stage {
        PreDecision = "pre_decision", Booking = "booking", PreTrip = "pre_trip",
        InTrip = "in_trip", PostTrip = "post_trip",
    }
}

string_enum! {
    /// How a touchpoint went for the customer, from its sentiment score.
    pub enum Mood { Positive = "positive", Neutral = "neutral", Negative = "negative" }
}

impl Mood {
    /// Scores within ±0.3 of zero read as neutral.
    pub fn of(sentiment: Option<f64>) -> Option<Mood> {
        Some(match sentiment? {
            v if v >= 0.3 => Mood::Positive,
            v if v <= -0.3 => Mood::Negative,
            _ => Mood::Neutral,
        })
    }
}

string_enum! {
    /// Customer segments (客群).
    pub enum Segment {
        GenZ = "gen_z", Business = "business", Silver = "silver", Family = "family", Leisure = "leisure",
    }
}

string_enum! {
    /// Member tiers, earned with points (1 point per yuan).
    pub enum Tier { Basic = "basic", Silver = "silver", Gold = "gold", Platinum = "platinum" }
}

string_enum! {
    /// Customer lifecycle (客户生命周期).
    pub enum Lifecycle { New = "new", Growth = "growth", Mature = "mature", Decline = "decline" }
}

string_enum! {
    /// Which sides of the business know the customer.
    pub enum Presence { OnlineOnly = "online_only", OfflineOnly = "offline_only", Both = "both" }
}

impl Presence {
    pub fn from_flags(online: bool, offline: bool) -> Option<Self> {
        match (online, offline) {
            (true, true) => Some(Presence::Both),
            (true, false) => Some(Presence::OnlineOnly),
            (false, true) => Some(Presence::OfflineOnly),
            (false, false) => None,
        }
    }
}

string_enum! {
    /// Kinds of channel identity a customer can be known by.
    pub enum IdentityKind {
        CtripMember = "ctrip_member", FliggyMember = "fliggy_member", MeituanMember = "meituan_member",
        QunarMember = "qunar_member", WechatOpenid = "wechat_openid", WechatUnionid = "wechat_unionid",
        DouyinOpenId = "douyin_open_id", StoreCard = "store_card", AppAccount = "app_account",
        WebAccount = "web_account", XiaohongshuId = "xiaohongshu_id", CallCenterId = "call_center_id",
        Phone = "phone", Email = "email",
    }
}

impl IdentityKind {
    /// The channel that issues this kind of identity, where there is exactly one.
    pub fn channel(self) -> Option<Channel> {
        Some(match self {
            IdentityKind::CtripMember => Channel::Ctrip,
            IdentityKind::FliggyMember => Channel::Fliggy,
            IdentityKind::MeituanMember => Channel::Meituan,
            IdentityKind::QunarMember => Channel::Qunar,
            IdentityKind::WechatOpenid | IdentityKind::WechatUnionid => Channel::Wechat,
            IdentityKind::DouyinOpenId => Channel::Douyin,
            IdentityKind::StoreCard => Channel::Store,
            IdentityKind::AppAccount => Channel::App,
            IdentityKind::WebAccount => Channel::Web,
            IdentityKind::XiaohongshuId => Channel::Xiaohongshu,
            IdentityKind::CallCenterId => Channel::CallCenter,
            IdentityKind::Phone | IdentityKind::Email => return None,
        })
    }

    /// The identity a channel's own customer ids are (WeChat: the per-app openid).
    pub fn for_channel(channel: Channel) -> IdentityKind {
        *IdentityKind::ALL
            .iter()
            .find(|k| k.channel() == Some(channel) && **k != IdentityKind::WechatUnionid)
            .expect("every channel issues an identity kind")
    }
}

string_enum! {
    /// What a customer bought.
    pub enum ProductKind { Tour = "tour", Flight = "flight", Hotel = "hotel", Ticket = "ticket" }
}

string_enum! {
    pub enum OrderStatus {
        Quoted = "quoted", Booked = "booked", Paid = "paid", Completed = "completed", Cancelled = "cancelled",
        /// Refunded through a refund case (退票): no longer a trip, the money went back.
        Refunded = "refunded",
    }
}

string_enum! {
    /// Service ticket (feedback / complaint) workflow state.
    pub enum TicketStatus {
        Open = "open", WaitingCustomer = "waiting_customer", Answered = "answered", Resolved = "resolved",
    }
}

string_enum! {
    pub enum Severity { Low = "low", Medium = "medium", High = "high" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_names_round_trip_through_parse_and_serde() {
        for c in Channel::ALL {
            assert_eq!(Channel::parse(c.as_str()), Some(*c));
            let json = serde_json::to_string(c).unwrap();
            assert_eq!(json, format!("\"{}\"", c.as_str()));
        }
        assert_eq!(Stage::parse("in_trip"), Some(Stage::InTrip));
        assert_eq!(Segment::parse("GenZ"), None);
    }

    #[test]
    fn stores_and_call_centre_are_offline() {
        assert!(!Channel::Store.is_online());
        assert!(!Channel::CallCenter.is_online());
        assert!(Channel::Ctrip.is_online());
        assert!(Channel::Wechat.is_online());
    }

    #[test]
    fn every_channel_has_its_own_identity_kind() {
        for c in Channel::ALL {
            assert_eq!(IdentityKind::for_channel(*c).channel(), Some(*c));
        }
        assert_eq!(IdentityKind::for_channel(Channel::Wechat), IdentityKind::WechatOpenid);
    }

    #[test]
    fn moods_from_sentiment() {
        assert_eq!(Mood::of(None), None);
        assert_eq!(Mood::of(Some(0.3)), Some(Mood::Positive));
        assert_eq!(Mood::of(Some(0.29)), Some(Mood::Neutral));
        assert_eq!(Mood::of(Some(-0.8)), Some(Mood::Negative));
    }

    #[test]
    fn presence_from_flags() {
        assert_eq!(Presence::from_flags(true, true), Some(Presence::Both));
        assert_eq!(Presence::from_flags(false, true), Some(Presence::OfflineOnly));
        assert_eq!(Presence::from_flags(false, false), None);
    }
}
