//! An audit entry's detail in the reader's language. What people typed (reasons, notice
//! versions) is shown as they typed it; entries written before details were data are shown
//! verbatim, as evidence.

use leptos::prelude::*;
use roundtrip_domain::audit::{AuditDetail, ConsentAnswer};

use crate::i18n::{group_thousands, use_i18n, Label, Locale};

/// A corrected field's name; the log names fields, never their values.
fn field_name(field: &str, locale: Locale) -> String {
    let (en, zh) = match field {
        "name" => ("name", "姓名"),
        "phone" => ("phone", "手机号"),
        "email" => ("email", "邮箱"),
        "city" => ("city", "城市"),
        other => (other, other),
    };
    (if locale == Locale::Zh { zh } else { en }).to_owned()
}

/// The facts of a detail as one line (without the reason the person gave).
pub fn describe(detail: &AuditDetail, locale: Locale) -> String {
    let zh = locale == Locale::Zh;
    match detail {
        AuditDetail::Reveal { field, .. } => (*field).label(locale).to_owned(),
        AuditDetail::Export => (if zh { "完整资料（文件）" } else { "the whole record, as a file" }).to_owned(),
        AuditDetail::Merge { merged, merge } if zh => format!("并入客户 #{merged}（合并记录 #{merge}）"),
        AuditDetail::Merge { merged, merge } => format!("folded in customer #{merged} (merge #{merge})"),
        AuditDetail::Unmerge { merged, merge } if zh => format!("恢复客户 #{merged}（合并记录 #{merge}）"),
        AuditDetail::Unmerge { merged, merge } => format!("brought back customer #{merged} (merge #{merge})"),
        AuditDetail::DismissDuplicate | AuditDetail::RestoreDuplicate => String::new(),
        AuditDetail::UserAccess { enabled } => (match (enabled, zh) {
            (true, true) => "已启用",
            (true, false) => "enabled",
            (false, true) => "已停用，登录已注销",
            (false, false) => "disabled, signed out",
        })
        .to_owned(),
        AuditDetail::ConsentGiven(a) | AuditDetail::ConsentWithdrawn(a) => consent(a, locale),
        AuditDetail::AudienceExport { channel, segment, tier, eligible, .. } => {
            let all = if zh { "全部" } else { "all" };
            let n = group_thousands(*eligible as i64);
            let size = if zh { format!("{n}位客户") } else { format!("{n} customers") };
            [channel.label(locale), segment.map_or(all, |s| s.label(locale)), tier.map_or(all, |t| t.label(locale)), &size].join(" · ")
        }
        AuditDetail::Erasure { erased, .. } if zh => format!("删除{}条客户记录", erased.len()),
        AuditDetail::Erasure { erased, .. } => format!("{} customer records erased", erased.len()),
        AuditDetail::PointsAdjust { points, .. } if zh => format!("{points:+} 积分"),
        AuditDetail::PointsAdjust { points, .. } => format!("{points:+} points"),
        AuditDetail::LoyaltyRules { points_per_yuan, expiry_months, tiers } => {
            let tiers = tiers.iter().map(|t| format!("{} {}/{}", t.tier.label(locale), group_thousands(t.min_qualifying), group_thousands(t.keep_qualifying)));
            let tiers = tiers.collect::<Vec<_>>().join(if zh { "，" } else { ", " });
            if zh {
                format!("每元{points_per_yuan}积分，有效期{expiry_months}个月；{tiers}")
            } else {
                format!("{points_per_yuan} points per yuan, valid {expiry_months} months; {tiers}")
            }
        }
        AuditDetail::Correction { fields, .. } => {
            let names: Vec<String> = fields.iter().map(|f| field_name(f, locale)).collect();
            if zh { format!("更正：{}", names.join("、")) } else { format!("corrected: {}", names.join(", ")) }
        }
        AuditDetail::TokenIssued { name } | AuditDetail::TokenRevoked { name } => name.clone(),
        AuditDetail::ConnectorAdded { channel, .. } | AuditDetail::DeliveryReplayed { channel, .. } => channel.label(locale).to_owned(),
        AuditDetail::WebhookAdded { .. } | AuditDetail::WebhookDisabled { .. } => String::new(),
        AuditDetail::ConnectorRotated { channel, finished, .. } => {
            let step = match (finished, zh) {
                (true, true) => "停用旧密钥",
                (true, false) => "old secrets retired",
                (false, true) => "启用新密钥",
                (false, false) => "new secrets taken",
            };
            format!("{} · {step}", channel.label(locale))
        }
        AuditDetail::DocumentRecorded { document, .. } => document.label(locale).to_owned(),
        AuditDetail::Recorded { text } => text.clone(),
    }
}

fn consent(a: &ConsentAnswer, locale: Locale) -> String {
    let notice = if locale == Locale::Zh { format!("告知版本 {}", a.text_version) } else { format!("notice {}", a.text_version) };
    [a.purpose.label(locale), a.channel.label(locale), &notice].join(" · ")
}

/// What the person wrote as their reason, if the action asks for one.
fn reason(detail: &AuditDetail) -> Option<&str> {
    match detail {
        AuditDetail::Reveal { reason, .. } | AuditDetail::Erasure { reason, .. } | AuditDetail::PointsAdjust { reason, .. } | AuditDetail::Correction { reason, .. } => {
            Some(reason.as_str()).filter(|r| !r.is_empty())
        }
        _ => None,
    }
}

#[component]
pub fn AuditDetailView(detail: Option<AuditDetail>) -> impl IntoView {
    let i18n = use_i18n();
    let Some(detail) = detail else { return ().into_any() };
    match detail {
        AuditDetail::Recorded { text } => return view! { <code class="audit-detail" translate="no">{text}</code> }.into_any(),
        // a token's name is what an admin typed: data, not interface words
        AuditDetail::TokenIssued { name } | AuditDetail::TokenRevoked { name } => {
            return view! { <span class="audit-detail" translate="no">{name}</span> }.into_any();
        }
        _ => {}
    }
    let why = reason(&detail).map(str::to_owned);
    // a channel account's name or a platform's message id: data, not interface words
    let data = match &detail {
        AuditDetail::ConnectorAdded { account, .. } | AuditDetail::ConnectorRotated { account, .. } => Some(account.clone()),
        AuditDetail::DeliveryReplayed { message_id, .. } => Some(message_id.clone()),
        AuditDetail::WebhookAdded { url } | AuditDetail::WebhookDisabled { url } => Some(url.clone()),
        AuditDetail::DocumentRecorded { masked, .. } => Some(masked.clone()),
        _ => None,
    };
    let worded = !describe(&detail, Locale::En).is_empty();
    view! {
        <span class="audit-detail">
            {move || describe(&detail, i18n.locale())}
            {data.map(|data| view! { {worded.then_some(" · ")} <span translate="no">{data}</span> })}
            {why.map(|why| view! {
                " · " <span class="audit-reason">{move || if i18n.locale() == Locale::Zh { "原因：" } else { "reason: " }}<q translate="no">{why}</q></span>
            })}
        </span>
    }
    .into_any()
}
