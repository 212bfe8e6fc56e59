//! Display names of the domain's closed sets, in both languages.

use roundtrip_domain::consent::{ContactChannel, Purpose};
use roundtrip_domain::dto::CustomerSort;
use roundtrip_domain::insight::{Budget, Companions};
use roundtrip_domain::journey::PromiseStatus;
use roundtrip_domain::matching::Identifier;
use roundtrip_domain::scoring::ChurnReason;
use roundtrip_domain::*;

use super::Locale;

/// Picks the text for the locale.
fn pick(locale: Locale, en: &'static str, zh: &'static str) -> &'static str {
    match locale {
        Locale::En => en,
        Locale::Zh => zh,
    }
}

pub trait Label {
    fn label(self, locale: Locale) -> &'static str;
}

macro_rules! labels {
    ($ty:ty { $($variant:ident => $en:literal, $zh:literal;)+ }) => {
        impl Label for $ty {
            fn label(self, locale: Locale) -> &'static str {
                match self { $(<$ty>::$variant => pick(locale, $en, $zh),)+ }
            }
        }
    };
}

labels!(Purpose {
    Marketing => "Marketing", "营销推广"; SensitiveData => "Sensitive personal data", "敏感个人信息"; CrossBorder => "Cross-border transfer", "跨境提供";
});
labels!(ContactChannel {
    Any => "Any channel", "全部渠道"; Sms => "SMS", "短信"; Phone => "Phone calls", "电话"; Email => "Email", "邮件";
    Wechat => "WeChat", "微信"; App => "App notifications", "App 推送";
});
labels!(roundtrip_domain::dto::RevealField { Phone => "Phone", "手机号"; Email => "Email", "邮箱"; IdNumber => "ID number", "证件号"; });
labels!(Role { Admin => "Administrator", "管理员"; Manager => "Manager", "经理"; Staff => "Store staff", "门店顾问"; });
labels!(Segment {
    GenZ => "Gen Z", "Z世代"; Business => "Business", "商务客"; Silver => "Silver-haired", "银发族";
    Family => "Family", "家庭"; Leisure => "Leisure", "休闲度假";
});
labels!(Tier { Basic => "Basic", "普通会员"; Silver => "Silver", "银卡"; Gold => "Gold", "金卡"; Platinum => "Platinum", "白金卡"; });
labels!(Lifecycle { New => "New", "新客"; Growth => "Growth", "成长期"; Mature => "Mature", "成熟期"; Decline => "Decline", "衰退期"; });
labels!(Presence { OnlineOnly => "Online only", "仅线上"; OfflineOnly => "Store only", "仅门店"; Both => "Online + store", "线上+门店"; });
labels!(Channel {
    Ctrip => "Ctrip", "携程"; Fliggy => "Fliggy", "飞猪"; Meituan => "Meituan", "美团"; Qunar => "Qunar", "去哪儿";
    Wechat => "WeChat", "微信"; Douyin => "Douyin", "抖音"; Xiaohongshu => "Xiaohongshu", "小红书"; App => "App", "App";
    Web => "Website", "官网"; Store => "Store", "门店"; CallCenter => "Call centre", "呼叫中心";
});
labels!(roundtrip_domain::hooks::HookChannel { Wecom => "WeCom", "企业微信"; Wechat => "WeChat Official Account", "微信公众号"; WechatPay => "WeChat Pay", "微信支付"; Douyin => "Douyin", "抖音"; });
labels!(roundtrip_domain::webhooks::WebhookEvent {
    CustomerMerged => "Customer records merged", "客户档案合并"; TicketOpened => "Ticket opened", "工单创建";
    TicketBreached => "Ticket past its 24 hours", "工单超时未响应"; ConsentWithdrawn => "Consent withdrawn", "撤回同意";
});
labels!(roundtrip_domain::webhooks::WebhookDeliveryStatus { Pending => "Retrying", "重试中"; Delivered => "Delivered", "已送达"; Failed => "Failed", "失败"; });
labels!(roundtrip_domain::hooks::Failure {
    Unreadable => "The message is not in the platform's format", "消息不符合平台格式";
    InvalidEvent => "The event it makes breaks an ingestion rule", "生成的事件不符合导入规则";
    Refused => "The customer record refused the event", "客户档案拒收了该事件";
    Storage => "The database was unavailable", "数据库暂时不可用";
});
labels!(Stage {
    PreDecision => "Pre-decision", "预决策"; Booking => "Booking", "预订"; PreTrip => "Pre-trip", "行前";
    InTrip => "In trip", "行中"; PostTrip => "Post-trip", "行后分享";
});
labels!(IdentityKind {
    CtripMember => "Ctrip member", "携程会员"; FliggyMember => "Fliggy member", "飞猪会员";
    MeituanMember => "Meituan member", "美团会员"; QunarMember => "Qunar member", "去哪儿会员";
    WechatOpenid => "WeChat openid", "微信 openid"; WechatUnionid => "WeChat unionid", "微信 unionid";
    DouyinOpenId => "Douyin open id", "抖音 open id"; StoreCard => "Store card", "门店会员卡";
    AppAccount => "App account", "App 账号"; WebAccount => "Website account", "官网账号";
    XiaohongshuId => "Xiaohongshu id", "小红书账号"; CallCenterId => "Call centre caller id", "呼叫中心客户号";
    Phone => "Phone", "手机"; Email => "Email", "邮箱";
});
labels!(Mood { Positive => "Positive", "正面"; Neutral => "Neutral", "中性"; Negative => "Negative", "负面"; });
labels!(PromiseStatus { Kept => "Kept", "已兑现"; Broken => "Broken", "未兑现"; Pending => "Pending", "待兑现"; Void => "Not owed", "无需兑现"; });
labels!(ProductKind { Tour => "Tour", "跟团/线路"; Flight => "Flight", "机票"; Hotel => "Hotel", "酒店"; Ticket => "Ticket", "门票"; });
labels!(OrderStatus {
    Quoted => "Quoted", "已报价"; Booked => "Booked", "已预订"; Paid => "Paid", "已付款";
    Completed => "Completed", "已完成"; Cancelled => "Cancelled", "已取消"; Refunded => "Refunded", "已退款";
});
labels!(roundtrip_domain::trips::air::Cabin {
    Economy => "Economy", "经济舱"; PremiumEconomy => "Premium economy", "超级经济舱"; Business => "Business", "公务舱"; First => "First", "头等舱";
});
labels!(roundtrip_domain::trips::cases::CaseKind { Change => "Change request", "改签申请"; Refund => "Refund request", "退票申请"; });
labels!(roundtrip_domain::trips::cases::CaseStage {
    Requested => "Requested", "已申请"; Quoted => "Quoted", "已报价"; Confirmed => "Confirmed by the customer", "客户已确认";
    Done => "Done", "已办结"; Refused => "Refused", "已拒绝";
});
labels!(TicketStatus {
    Open => "Open", "待处理"; WaitingCustomer => "Waiting for customer", "等待客户"; Answered => "Answered", "已回复";
    Resolved => "Resolved", "已解决";
});
labels!(Severity { Low => "Low", "低"; Medium => "Medium", "中"; High => "High", "高"; });
labels!(Budget { Economy => "Economy (under ¥3,000)", "经济型（3000元以下）"; MidRange => "Mid-range", "中端"; Premium => "Premium (¥10,000+)", "高端（1万元以上）"; });
labels!(roundtrip_domain::trips::disruptions::Outcome {
    Accepted => "Keeps the new time", "接受新时间"; Rebooked => "Rebooked", "改签"; Refunded => "Refunded", "退票";
});
labels!(roundtrip_domain::trips::disruptions::ContactState {
    Waiting => "To be told", "待通知"; Overdue => "Overdue", "已超时"; InTime => "Told in time", "按时通知"; Late => "Told late", "逾时通知";
});
labels!(roundtrip_domain::trips::travellers::Relation {
    Family => "Family", "家人"; Colleague => "Colleague", "同事"; Group => "Tour group", "同团游客"; Friend => "Friend", "朋友";
});
labels!(Companions { Solo => "Alone", "独自出行"; Family => "Family", "家人"; Partner => "Partner", "伴侣"; Friends => "Friends", "朋友"; });
labels!(CustomerSort {
    Recent => "Recently active", "最近活跃"; Name => "Name", "姓名"; ChurnRisk => "Churn risk", "流失风险";
    Value => "Lifetime value", "终身价值"; Points => "Points", "积分";
});
labels!(Identifier {
    ChannelId => "Channel member id", "渠道会员号"; WechatUnionid => "WeChat unionid", "微信 unionid";
    DouyinOpenId => "Douyin open id", "抖音 open id"; IdNumber => "ID number", "证件号"; Email => "Email", "邮箱";
    Phone => "Phone", "手机号";
});
labels!(roundtrip_domain::topics::Topic {
    Delay => "Delay", "延误"; Baggage => "Baggage", "行李"; StaffAttitude => "Staff attitude", "服务态度";
    MissingInformation => "Missing information", "信息未告知"; ItineraryNotAsPromised => "Itinerary not as promised", "行程与承诺不符";
    SlowRefund => "Slow refund", "退款慢"; HotelNotAsBooked => "Hotel not as booked", "酒店与预订不符"; Other => "Other", "其他";
});
labels!(ChurnReason {
    LongInactivity => "No activity for over 120 days", "超过120天无互动";
    RepeatedCancellations => "Two or more cancellations in 12 months", "12个月内取消两次及以上";
    UnresolvedComplaint => "Unresolved complaint", "投诉未解决";
    Detractor => "Gave a low NPS score (0-6)", "NPS评分偏低（0-6）";
});

/// Codes of open-ended sets (a channel's event kinds, audited actions) with their words:
/// (code, English, Chinese).
type Codes = [(&'static str, &'static str, &'static str)];

/// The words for `code` in `table`, in the reader's language, if the console knows it.
fn known(table: &Codes, code: &str, locale: Locale) -> Option<&'static str> {
    table.iter().find(|(c, _, _)| *c == code).map(|&(_, en, zh)| pick(locale, en, zh))
}

const KINDS: &Codes = &[
    ("browse", "Browsed", "浏览"),
    ("search", "Searched", "搜索"),
    ("inquiry", "Inquiry", "咨询"),
    ("consultation", "Consultation", "到店咨询"),
    ("quote", "Quote", "报价"),
    ("order", "Order", "下单"),
    ("payment", "Payment", "支付"),
    ("cancellation", "Cancellation", "取消"),
    ("reminder", "Pre-trip reminder", "行前提醒"),
    ("trip_start", "Trip started", "出发"),
    ("trip_end", "Trip ended", "返程"),
    ("review", "Review", "点评"),
    ("share", "Shared", "分享"),
    ("referral", "Referral", "推荐"),
    ("feedback", "Feedback", "反馈"),
    ("change", "Change request", "改签申请"),
    ("refund", "Refund request", "退票申请"),
    ("refund_quote", "Refund quoted", "退款报价"),
    ("change_request", "Change request", "改签申请"),
    ("refund_request", "Refund request", "退票申请"),
    ("refund_paid", "Refund paid", "退款到账"),
    ("schedule_change", "Schedule change", "航班变动"),
    ("ticket_issued", "Ticket issued", "已出票"),
    ("complaint", "Complaint", "投诉"),
    ("suggestion", "Suggestion", "建议"),
    ("praise", "Praise", "表扬"),
    ("delivery", "Delivery", "兑现"),
    ("visit", "Store visit", "到店"),
    ("care", "Care", "关怀"),
    ("member_import", "Member record imported", "会员资料导入"),
    ("wishlist", "Wishlist", "收藏"),
    ("coupon", "Coupon", "领券"),
    ("community_join", "Joined a community", "加入社群"),
    ("event_attend", "Attended an event", "参加活动"),
];

/// Touchpoint and ticket kinds are open-ended strings from channels; known ones are translated.
pub fn kind_label(kind: &str, locale: Locale) -> String {
    known(KINDS, kind, locale).map_or_else(|| kind.replace('_', " "), str::to_string)
}

labels!(roundtrip_domain::community::Level {
    Silent => "Silent", "沉默"; Observer => "Observer", "围观"; Participant => "Participant", "参与";
    Contributor => "Contributor", "贡献"; Advocate => "Advocate", "代言";
});

labels!(roundtrip_domain::dto::KpiKey {
    RepurchaseRate => "Repurchase rate", "复购率"; Nps => "NPS", "净推荐值 NPS"; Csat => "CSAT", "满意度 CSAT";
    MemberOverlap => "Member overlap", "会员重合率"; OnlineToOffline => "Online → offline conversion", "线上咨询→线下成交";
    SlaCompliance => "24 h response (SLA)", "24小时响应达标率"; CareCoverage => "Personalised-care coverage", "个性化关怀覆盖率";
    CommunityActivity => "Community activity (30 days)", "社群活跃度（30天）"; AdvocacyRate => "Advocacy rate", "口碑推荐率";
    ChurnRiskCount => "Customers at churn risk", "流失风险客户数";
});

pub fn kpi_label(key: roundtrip_domain::dto::KpiKey, locale: Locale) -> &'static str {
    key.label(locale)
}

/// How each KPI is computed, shown under its value and as the card's tooltip.
pub fn kpi_formula(key: roundtrip_domain::dto::KpiKey, locale: Locale) -> &'static str {
    use roundtrip_domain::dto::KpiKey::*;
    match key {
        RepurchaseRate => pick(locale, "buyers in the period with two or more orders so far ÷ buyers in the period", "本期下单且累计订单≥2的客户 ÷ 本期下单客户"),
        Nps => pick(locale, "% promoters (9–10) − % detractors (0–6) among NPS answers in the period", "本期NPS答卷中推荐者（9–10分）占比 − 贬损者（0–6分）占比"),
        Csat => pick(locale, "satisfied answers (4–5 of 5) ÷ survey answers on tickets resolved in the period", "本期解决工单的满意度答卷中4–5分的比例"),
        MemberOverlap => pick(locale, "customers known both online and offline ÷ all customers, as known at the end of the period", "期末同时有线上与线下身份的客户 ÷ 全部客户"),
        OnlineToOffline => pick(locale, "journeys begun with an online inquiry and booked in a store or by phone ÷ journeys begun with an online inquiry", "以线上咨询开始、在门店或电话成交的旅程 ÷ 以线上咨询开始的旅程"),
        SlaCompliance => pick(locale, "feedback answered within 24 h of the customer speaking ÷ feedback due in the period", "自客户发声起24小时内答复的反馈 ÷ 本期应答复的反馈"),
        CareCoverage => pick(locale, "customers with a care touch (birthday, anniversary, follow-up) in the period ÷ customers", "本期收到关怀（生日、纪念日、回访）的客户 ÷ 全部客户"),
        CommunityActivity => pick(locale, "community members active in the 30 days to the period's end ÷ members", "期末前30天内有互动的社群成员 ÷ 社群成员"),
        AdvocacyRate => pick(locale, "customers who referred, shared or were NPS promoters ÷ customers who bought, answered NPS or advocated in the period", "本期推荐、分享或为NPS推荐者的客户 ÷ 本期下单、答NPS或有推荐行为的客户"),
        ChurnRiskCount => pick(locale, "live customers with a churn-risk score of 50 or more at the period's end", "期末流失风险评分≥50的客户数"),
    }
}

/// The shared community rules' complaints, in the user's language.
pub fn community_error(e: &roundtrip_domain::community::CommunityError, locale: Locale) -> &'static str {
    use roundtrip_domain::community::CommunityError::*;
    match e {
        BadName => pick(locale, "A name or title needs 1 to 60 characters.", "名称或标题需为1至60个字符。"),
        BadInterest => pick(locale, "The interest is a short key of lower-case letters and underscores, e.g. photography.", "兴趣标识须为小写英文字母或下划线，例如 photography。"),
        BadDescription => pick(locale, "The description can be at most 500 characters.", "简介最多500个字符。"),
        StartsInThePast => pick(locale, "An event cannot start in the past.", "活动开始时间不能早于现在。"),
        BadCapacity => pick(locale, "Capacity is a whole number from 1 to 10,000.", "名额须为1至10000的整数。"),
        BadSatisfaction => pick(locale, "Satisfaction is a score from 1 to 5.", "满意度为1至5分。"),
    }
}

labels!(roundtrip_domain::service::ClockState {
    Running => "On time", "计时中"; DueSoon => "Due soon", "即将超时"; Breached => "Breached", "已超时";
    Paused => "Paused: waiting for the customer", "暂停：等待客户"; AnsweredInTime => "Answered in time", "按时答复";
    AnsweredLate => "Answered late", "超时答复";
});

/// What a history entry records.
pub fn ticket_action_label(action: &str, locale: Locale) -> &'static str {
    match action {
        "opened" => pick(locale, "Opened", "创建工单"),
        "answer" => pick(locale, "Answered", "答复客户"),
        "wait_for_customer" => pick(locale, "Waiting for the customer", "等待客户"),
        "resume" => pick(locale, "Customer replied", "客户已回复"),
        "handoff" => pick(locale, "Handed off", "转交"),
        "assign" => pick(locale, "Assigned", "分配"),
        "resolve" => pick(locale, "Resolved", "解决并关闭"),
        "csat" => pick(locale, "Satisfaction recorded", "记录满意度"),
        "topic" => pick(locale, "Topic corrected", "更正投诉类别"),
        "quote" => pick(locale, "Quoted", "报价"),
        "confirm" => pick(locale, "Customer confirmed", "客户确认"),
        "complete" => pick(locale, "Done", "办结"),
        "refuse" => pick(locale, "Refused", "拒绝"),
        _ => pick(locale, "Updated", "更新"),
    }
}

labels!(roundtrip_domain::loyalty::LedgerKind { Earn => "Earned", "获得"; Redeem => "Redeemed", "兑换"; Expire => "Expired", "过期"; Adjust => "Adjusted", "调整"; });
labels!(roundtrip_domain::trips::documents::DocumentKind { Passport => "Passport", "护照"; HkMacaoPermit => "HK/Macao permit", "港澳通行证"; TaiwanPermit => "Taiwan permit", "台湾通行证"; Visa => "Visa", "签证"; });
labels!(roundtrip_domain::trips::departures::NotReady { Documents => "Documents", "证件"; Unpaid => "Not paid", "未付款"; OpenPromises => "Promises open", "承诺未兑现"; });
labels!(roundtrip_domain::care::CareKind { Birthday => "Birthday", "生日"; TripAnniversary => "Trip anniversary", "出行周年"; PostTrip => "After the trip", "行后回访"; DocumentsCheck => "Documents check", "证件核对"; });

const AUDIT_ACTIONS: &Codes = &[
    ("reveal", "Revealed full details", "查看完整信息"),
    ("export", "Exported a person's data", "导出个人数据"),
    ("audience_export", "Exported a marketing audience", "导出营销受众"),
    ("consent_given", "Recorded consent", "登记同意"),
    ("consent_withdrawn", "Recorded a withdrawal", "登记撤回同意"),
    ("correction", "Corrected details", "更正资料"),
    ("erasure", "Erased a person", "删除个人数据"),
    ("merge", "Merged records", "合并档案"),
    ("unmerge", "Undid a merge", "撤销合并"),
    ("dismiss_duplicate", "Dismissed a duplicate", "忽略疑似重复"),
    ("restore_duplicate", "Put a duplicate back for review", "恢复疑似重复待审核"),
    ("points_adjust", "Adjusted points", "调整积分"),
    ("loyalty_rules", "Changed loyalty rules", "修改会员规则"),
    ("user_access", "Changed a user's access", "变更用户权限"),
    ("token_issued", "Issued an API token", "签发接口令牌"),
    ("token_revoked", "Revoked an API token", "吊销接口令牌"),
    ("connector_added", "Connected a channel account", "接入渠道账号"),
    ("connector_rotated", "Changed a connector's secrets", "更换渠道密钥"),
    ("delivery_replayed", "Replayed a failed delivery", "重新处理推送"),
    ("webhook_added", "Registered a webhook", "登记外发通知"),
    ("webhook_disabled", "Switched a webhook off", "停用外发通知"),
    ("document_recorded", "Recorded a travel document", "登记旅行证件"),
];

/// An audited action in the reader's language; an action this console does not know yet is
/// shown as its code.
/// The audited actions this console knows, for the audit filter.
pub fn audit_actions() -> impl Iterator<Item = &'static str> {
    AUDIT_ACTIONS.iter().map(|(code, _, _)| *code)
}

pub fn audit_action_label(code: &str, locale: Locale) -> String {
    known(AUDIT_ACTIONS, code, locale).unwrap_or(code).to_string()
}

const AUDIT_SUBJECTS: &Codes = &[
    ("customer", "Customer", "客户"),
    ("user", "User", "用户"),
    ("duplicate", "Duplicate pair", "疑似重复"),
    ("marketing", "Marketing audience", "营销受众"),
    ("loyalty", "Loyalty programme", "会员计划"),
    ("token", "API token", "接口令牌"),
    ("connector", "Channel connector", "渠道接入"),
    ("delivery", "Channel delivery", "渠道推送"),
    ("webhook", "Webhook", "外发通知"),
];

/// The kind of record an audit entry concerns, in the reader's language.
pub fn audit_subject_kind(kind: &str, locale: Locale) -> String {
    known(AUDIT_SUBJECTS, kind, locale).unwrap_or(kind).to_string()
}

/// A text the system wrote into a record in both languages (`中文 / English`), in the
/// reader's; what people typed comes back whole ([`roundtrip_domain::bilingual`]).
pub fn system_text(text: &str, locale: Locale) -> String {
    roundtrip_domain::bilingual::in_language(text, locale == Locale::Zh).to_string()
}
