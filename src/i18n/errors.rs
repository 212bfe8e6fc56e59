//! A failed request in the user's language. The server explains itself in English, for API
//! clients and logs; the Chinese interface says the same from the error's code instead, so
//! no English sentence from the server reaches it.

use super::{Locale, Msg};
use crate::api::ApiError;
use roundtrip_domain::refusal::{Refusal, Rule};

/// What a server error code means, where the console has words for it.
fn code_msg(code: &str) -> Option<Msg> {
    Some(match code {
        "invalid_body" | "invalid_query" | "malformed_json" | "unsupported_media_type" | "method_not_allowed" | "invalid_event" | "invalid_token_request" | "token_scope" => Msg::ErrCodeInput,
        "version_conflict" => Msg::ErrCodeVersion,
        "store_scope" => Msg::ErrCodeStoreScope,
        "forbidden" => Msg::ErrCodeForbidden,
        "event_full" => Msg::ErrCodeEventFull,
        "event_over" => Msg::ErrCodeEventOver,
        "not_checked_in" => Msg::ErrCodeNotCheckedIn,
        "duplicate_name" => Msg::ErrCodeDuplicateName,
        "merge_closed" => Msg::ErrCodeMergeClosed,
        "already_unmerged" => Msg::ErrCodeUnmerged,
        "invalid_credentials" => Msg::ErrCodeCredentials,
        "too_many_attempts" => Msg::ErrCodeTooMany,
        "self_disable" => Msg::ErrCodeSelfDisable,
        "confirmation_mismatch" => Msg::ErrCodeConfirmName,
        "invalid_assignee" => Msg::ErrCodeAssignee,
        "invalid_store" | "unknown_store" => Msg::ErrCodeStore,
        "event_conflict" => Msg::ErrCodeEventConflict,
        "connector_exists" => Msg::ErrCodeConnectorExists,
        "not_dead" => Msg::ErrCodeNotDead,
        "webhook_address" => Msg::ErrCodeWebhookAddress,
        "invalid_webhook" => Msg::ErrCodeInput,
        "invalid_connector" => Msg::ErrCodeInput,
        "ticket_state" => Msg::ErrCodeTicketState,
        "case_state" => Msg::ErrCodeCaseState,
        "case_open" => Msg::ErrCodeCaseOpen,
        "booking_not_open" => Msg::ErrCodeBookingNotOpen,
        "booking_departed" => Msg::ErrCodeBookingDeparted,
        "case_already_open" => Msg::ErrCodeCaseAlreadyOpen,
        "unknown_booking" => Msg::ErrCodeUnknownBooking,
        "id_number_unreadable" => Msg::ErrCodeIdNumber,
        "batch_too_large" | "body_too_large" => Msg::ErrCodeTooLarge,
        "cross_origin" => Msg::ErrCodeCrossOrigin,
        "request_timeout" => Msg::ErrorTimeout,
        "busy" => Msg::ErrorBusy,
        "storage_full" => Msg::ErrorStorageFull,
        "not_found" => Msg::ErrorNotFound,
        "unauthenticated" => Msg::ErrorSession,
        "internal" | "storage_unavailable" => Msg::ErrorServer,
        _ => return None,
    })
}

/// The failure's kind: the heading an error state shows, and the whole sentence for errors
/// that carry no code of their own.
pub fn error_heading(error: &ApiError) -> Msg {
    match error {
        ApiError::Network => Msg::ErrorNetwork,
        ApiError::Unauthenticated => Msg::ErrorSession,
        ApiError::NotFound => Msg::ErrorNotFound,
        ApiError::Rejected { .. } => Msg::ErrorInput,
        ApiError::Server(408) => Msg::ErrorTimeout,
        ApiError::Server(503) => Msg::ErrorBusy,
        ApiError::Server(507) => Msg::ErrorStorageFull,
        ApiError::Server(_) | ApiError::Decode => Msg::ErrorServer,
    }
}

/// A sentence for the failure: the server's own for a refused request in English, the one for
/// its code in Chinese (a code without one gets the general "check what was entered").
pub fn describe_error(error: &ApiError, locale: Locale) -> String {
    match error {
        ApiError::Rejected { code, message, refusal, .. } => describe_refusal(code, message, refusal.as_ref(), locale),
        other => error_heading(other).text(locale).to_owned(),
    }
}

/// A refusal the server explained with `code` and `message` (a request's, or one event's
/// of an import batch), in the interface's language.
pub fn describe_refusal(code: &str, message: &str, refusal: Option<&Refusal>, locale: Locale) -> String {
    if let Some(money) = refusal.and_then(|r| money_refusal(r, locale)) {
        return money;
    }
    match (locale, refusal) {
        (Locale::En, _) if !message.is_empty() => message.to_owned(),
        (Locale::Zh, Some(r)) => refusal_zh(r),
        _ => code_msg(code).unwrap_or(Msg::ErrCodeInput).text(locale).to_owned(),
    }
}

/// A refusal the console found itself (an import row), in the interface's language.
pub fn describe_rule(refusal: &Refusal, locale: Locale) -> String {
    match locale {
        // an event's field by what it is (`phone`), not its path in the event (`identity.phone`)
        Locale::En => Refusal { field: refusal.field.rsplit('.').next().unwrap_or(&refusal.field).to_owned(), ..refusal.clone() }.to_string(),
        Locale::Zh => refusal_zh(refusal),
    }
}

/// A refused amount (a field in fen) said in yuan, which is how the clerk typed it:
/// "Refund quoted: ¥0.00 to ¥1800.00." The server's English names the fen.
pub fn money_refusal(r: &Refusal, locale: Locale) -> Option<String> {
    use roundtrip_domain::trips::cases::yuan;
    let field = r.field.strip_suffix("_fen")?;
    let name = match (field, locale) {
        ("fee", Locale::En) => "Fee",
        ("fee", Locale::Zh) => "手续费",
        ("fare_difference", Locale::En) => "Fare difference",
        ("fare_difference", Locale::Zh) => "差价",
        ("refund", Locale::En) => "Refund",
        ("refund", Locale::Zh) => "退款金额",
        ("refund_paid", Locale::En) => "Refund paid",
        ("refund_paid", Locale::Zh) => "实退金额",
        (_, Locale::En) => "Amount",
        (_, Locale::Zh) => "金额",
    };
    Some(match (r.rule, r.min.zip(r.max), locale) {
        (Rule::Range, Some((min, max)), Locale::En) => format!("{name}: ¥{} to ¥{}.", yuan(min), yuan(max)),
        (Rule::Range, Some((min, max)), Locale::Zh) => format!("{name}：须为 ¥{} 至 ¥{}。", yuan(min), yuan(max)),
        (_, _, Locale::En) => format!("{name}: enter an amount in yuan."),
        (_, _, Locale::Zh) => format!("{name}：请输入以元为单位的金额。"),
    })
}

/// The field's name in Chinese; `None` for a field the console has no word for. An event's
/// field is named by its path (`identity.city`): its last part says what it is.
fn field_zh(field: &str) -> Option<&'static str> {
    Some(match field.rsplit('.').next().unwrap_or(field) {
        "note" => "备注",
        "city" => "城市",
        "expires_in_days" => "有效期",
        "per_minute" => "每分钟请求数",
        "account" => "账号名称",
        "token" => "令牌",
        "aes_key" => "消息加密密钥",
        "receive_id" => "企业编号",
        "client_secret" => "应用密钥",
        "url" => "接收地址",
        "events" => "事件",
        "description" => "接收系统",
        "store_id" => "门店",
        "source" => "来源渠道",
        "tag" | "tags" => "标签",
        "title" => "跟进事项",
        "due_on" => "到期日期",
        "summary" => "内容",
        "spoke_at" => "客户反馈时间",
        "kind" => "类型",
        "message" => "回复",
        "resolution" => "处理结果",
        "score" => "满意度",
        "points" => "积分",
        "reason" => "原因",
        "confirm_name" => "确认姓名",
        "member_id" | "source_customer_id" => "会员号",
        "name" => "姓名",
        "phone" => "手机号",
        "email" => "邮箱",
        "id_number" => "证件号",
        "wechat_unionid" => "微信 unionid",
        "sentiment" => "情绪值",
        "trip" => "行程",
        "order_id" => "订单",
        "travellers" => "出行人",
        "ticket_numbers" => "票号",
        "booking_ref" => "订单号",
        "flight" => "航班号",
        "new_departure" => "新起飞时间",
        "new_arrival" => "新到达时间",
        "outcome" => "客户选择",
        "change_id" => "变动编号",
        "number" => "证件号码",
        "issuing_country" => "签发国家/地区代码",
        "expires_on" => "有效期至",
        _ => return None,
    })
}

/// What was refused and why, in Chinese: "备注：1到2000个字符".
fn refusal_zh(r: &Refusal) -> String {
    let (min, max) = (r.min.unwrap_or(0), r.max.unwrap_or(0));
    let rule = match r.rule {
        Rule::Length if min == 0 => format!("最多{max}个字符"),
        Rule::Length => format!("须为{min}到{max}个字符"),
        Rule::Range => format!("须为{min}至{max}"),
        Rule::TooMany => format!("最多{max}个"),
        Rule::NotEnough => format!("仅有{max}可用"),
        Rule::OneOf => "不是可接受的值".to_owned(),
        Rule::InFuture => "不能晚于现在".to_owned(),
        Rule::TooOld => format!("已超过{max}天"),
        Rule::OutsideDays => format!("须在今天前后{max}天以内"),
        Rule::Format => "格式不正确".to_owned(),
        Rule::Control => "含有控制字符".to_owned(),
    };
    match field_zh(&r.field) {
        Some(field) => format!("{field}：{rule}。"),
        None => format!("输入的内容{rule}。"),
    }
}
