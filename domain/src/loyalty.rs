//! Loyalty: one points ledger across channels, and member tiers whose rules are data.
//!
//! Every change of points is a ledger entry (earn, redeem, expire, adjust); the balance is
//! their sum. *Qualifying* points (what tiers are decided on) are earned by spending and
//! counted over the last 12 months; redeeming does not lower them. A tier is reached at its
//! `min_qualifying` and kept down to its lower `keep_qualifying`, so a customer near a
//! boundary does not flip between tiers every month.

use chrono::{DateTime, Duration, Months, Utc};
use crate::refusal::{Refusal, Rule};
use serde::{Deserialize, Serialize};

use crate::model::Tier;

string_enum! {
    pub enum LedgerKind { Earn = "earn", Redeem = "redeem", Expire = "expire", Adjust = "adjust" }
}

/// One ledger entry. `points` is signed: earning adds, redeeming and expiring take away.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LedgerEntry {
    pub at: DateTime<Utc>,
    pub kind: LedgerKind,
    pub points: i64,
    /// Points that count towards the tier (earned by spending).
    pub qualifying: i64,
    /// When earned points lapse, if not redeemed first.
    pub expires_at: Option<DateTime<Utc>>,
    pub reason: Option<String>,
}

/// A tier's rule, stored as data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TierRule {
    pub tier: Tier,
    /// Qualifying points over 12 months to reach the tier.
    pub min_qualifying: i64,
    /// Qualifying points over 12 months to stay in it once reached.
    pub keep_qualifying: i64,
    pub benefits_en: String,
    pub benefits_zh: String,
}

/// The built-in rules, used until an admin stores others: (tier, reach, keep, benefits).
pub const DEFAULT_TIERS: [(Tier, i64, i64, &str, &str); 4] = [
    (Tier::Basic, 0, 0, "Member prices, birthday greeting", "会员价、生日问候"),
    (Tier::Silver, 5_000, 4_000, "Free date change once a year", "每年一次免费改期"),
    (Tier::Gold, 20_000, 16_000, "Priority service line, airport lounge twice a year", "优先服务专线、每年两次机场贵宾厅"),
    (Tier::Platinum, 50_000, 40_000, "Personal travel consultant, free upgrades when available", "专属旅行顾问、可升级时免费升级"),
];

pub fn default_tier_rules() -> Vec<TierRule> {
    DEFAULT_TIERS
        .iter()
        .map(|(tier, min, keep, en, zh)| TierRule { tier: *tier, min_qualifying: *min, keep_qualifying: *keep, benefits_en: en.to_string(), benefits_zh: zh.to_string() })
        .collect()
}

/// The programme's settings (stored as data).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Programme {
    pub points_per_yuan: i64,
    pub expiry_months: u32,
}

impl Programme {
    /// The entry for a paid order of `amount_fen` at `at`.
    pub fn earn(&self, amount_fen: i64, at: DateTime<Utc>) -> LedgerEntry {
        let points = amount_fen.max(0) / 100 * self.points_per_yuan;
        LedgerEntry { at, kind: LedgerKind::Earn, points, qualifying: points, expires_at: Some(at + Months::new(self.expiry_months)), reason: None }
    }
}

/// The reason written on the entry that takes lapsed points off.
pub const LAPSED: &str = "过期未用 / unspent past expiry";

pub fn balance(entries: &[LedgerEntry]) -> i64 {
    entries.iter().map(|e| e.points).sum()
}

/// Qualifying points of the 12 months up to `now`.
pub fn qualifying(entries: &[LedgerEntry], now: DateTime<Utc>) -> i64 {
    entries.iter().filter(|e| e.at > now - Duration::days(365) && e.at <= now).map(|e| e.qualifying).sum()
}

/// Points that have passed their expiry and are still unspent at `now`. Spending takes the
/// oldest points first, so whatever was redeemed, expired or adjusted away is counted against
/// the earliest earnings.
pub fn lapsed(entries: &[LedgerEntry], now: DateTime<Utc>) -> i64 {
    let spent: i64 = entries.iter().filter(|e| e.points < 0).map(|e| -e.points).sum();
    let past_expiry: i64 = entries.iter().filter(|e| e.points > 0 && e.expires_at.is_some_and(|x| x <= now)).map(|e| e.points).sum();
    (past_expiry - spent).max(0).min(balance(entries).max(0))
}

/// The tier after a review: up to the highest tier reached; kept while its keep threshold is
/// met; otherwise down to the highest lower tier whose keep threshold is met.
pub fn tier_after(current: Tier, qualifying: i64, rules: &[TierRule]) -> Tier {
    let reached = rules.iter().filter(|r| qualifying >= r.min_qualifying).map(|r| r.tier).max().unwrap_or(Tier::Basic);
    if reached > current {
        return reached;
    }
    let keeps = |t: Tier| rules.iter().find(|r| r.tier == t).is_none_or(|r| qualifying >= r.keep_qualifying);
    if keeps(current) {
        return current;
    }
    rules.iter().filter(|r| r.tier < current && qualifying >= r.keep_qualifying).map(|r| r.tier).max().unwrap_or(Tier::Basic)
}

/// The next tier up and the qualifying points still missing, if there is one.
pub fn next_tier(current: Tier, qualifying: i64, rules: &[TierRule]) -> Option<(Tier, i64)> {
    rules.iter().filter(|r| r.tier > current).min_by_key(|r| r.tier).map(|r| (r.tier, (r.min_qualifying - qualifying).max(0)))
}

/// A stored set of tier rules must name each tier once, start at 0 for basic, rise with the
/// tier, and keep each tier down to no lower than where the tier below starts.
pub fn check_rules(rules: &[TierRule]) -> Result<(), String> {
    let mut sorted = rules.to_vec();
    sorted.sort_by_key(|r| r.tier);
    if sorted.iter().map(|r| r.tier).collect::<Vec<_>>() != Tier::ALL {
        return Err("rules: exactly one rule for each of basic, silver, gold and platinum".into());
    }
    if sorted[0].min_qualifying != 0 || sorted[0].keep_qualifying != 0 {
        return Err("rules: basic starts at 0 qualifying points".into());
    }
    for pair in sorted.windows(2) {
        let (lower, upper) = (&pair[0], &pair[1]);
        if upper.min_qualifying <= lower.min_qualifying {
            return Err(format!("rules: {} must start above {}", upper.tier, lower.tier));
        }
        if upper.keep_qualifying > upper.min_qualifying || upper.keep_qualifying < lower.min_qualifying {
            return Err(format!("rules: {} is kept from between {} and its own start", upper.tier, lower.tier));
        }
    }
    if sorted.iter().any(|r| r.benefits_en.chars().count() > 200 || r.benefits_zh.chars().count() > 200) {
        return Err("rules: benefits are at most 200 characters".into());
    }
    Ok(())
}

/// Why a redemption or an adjustment is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LoyaltyError {
    #[error("points: a whole number above zero")]
    NotPositive,
    #[error("points: only {balance} available")]
    NotEnough { balance: i64 },
    #[error("points: an adjustment changes the balance by at most 100,000")]
    TooLarge,
    #[error("reason: 4 to 200 characters")]
    Reason,
}

impl LoyaltyError {
    /// The field and the rule, for the console to word.
    pub fn refusal(&self) -> Refusal {
        match self {
            LoyaltyError::NotPositive => Refusal::range("points", 1, MAX_ADJUSTMENT),
            LoyaltyError::NotEnough { balance } => Refusal::bound("points", Rule::NotEnough, *balance),
            LoyaltyError::TooLarge => Refusal::range("points", 1, MAX_ADJUSTMENT),
            LoyaltyError::Reason => Refusal::length("reason", 4, 200),
        }
    }
}

/// The most one adjustment changes a balance by.
pub const MAX_ADJUSTMENT: i64 = 100_000;

/// A redemption of `points` against `balance`.
pub fn check_redeem(points: i64, balance: i64) -> Result<(), LoyaltyError> {
    if points <= 0 {
        return Err(LoyaltyError::NotPositive);
    }
    if points > balance {
        return Err(LoyaltyError::NotEnough { balance });
    }
    Ok(())
}

/// A manual correction: never zero, bounded, never below a zero balance, always with a reason.
pub fn check_adjust(points: i64, balance: i64, reason: &str) -> Result<(), LoyaltyError> {
    let n = reason.trim().chars().count();
    if !(4..=200).contains(&n) {
        return Err(LoyaltyError::Reason);
    }
    if points == 0 {
        return Err(LoyaltyError::NotPositive);
    }
    if points.abs() > MAX_ADJUSTMENT {
        return Err(LoyaltyError::TooLarge);
    }
    if balance + points < 0 {
        return Err(LoyaltyError::NotEnough { balance });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn day(y: i32, m: u32, d: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, 12, 0, 0).unwrap()
    }

    fn rules() -> Vec<TierRule> {
        default_tier_rules()
    }

    const P: Programme = Programme { points_per_yuan: 1, expiry_months: 24 };

    fn spend(points: i64, at: DateTime<Utc>, kind: LedgerKind) -> LedgerEntry {
        LedgerEntry { at, kind, points: -points, qualifying: 0, expires_at: None, reason: None }
    }

    #[test]
    fn earning_follows_the_rate_and_expires_after_the_set_months() {
        let e = P.earn(123_456, day(2025, 1, 31));
        assert_eq!((e.points, e.qualifying), (1_234, 1_234), "whole yuan, fen dropped");
        assert_eq!(e.expires_at, Some(day(2027, 1, 31)));
        assert_eq!(Programme { points_per_yuan: 2, ..P }.earn(10_000, day(2025, 1, 1)).points, 200);
        assert_eq!(P.earn(-500, day(2025, 1, 1)).points, 0, "a refund earns nothing");
    }

    #[test]
    fn balance_and_qualifying_points() {
        let now = day(2026, 6, 1);
        let entries = vec![P.earn(800_000, day(2025, 3, 1)), P.earn(1_200_000, day(2026, 3, 1)), spend(3_000, day(2026, 4, 1), LedgerKind::Redeem)];
        assert_eq!(balance(&entries), 17_000);
        assert_eq!(qualifying(&entries, now), 12_000, "only the last 12 months; redeeming does not lower it");
    }

    #[test]
    fn unspent_points_lapse_oldest_first() {
        let entries = vec![P.earn(500_000, day(2024, 1, 1)), P.earn(300_000, day(2025, 1, 1)), spend(2_000, day(2025, 6, 1), LedgerKind::Redeem)];
        assert_eq!(lapsed(&entries, day(2025, 12, 31)), 0, "nothing past expiry yet");
        assert_eq!(lapsed(&entries, day(2026, 1, 2)), 3_000, "5,000 from 2024, 2,000 of them spent");
        let mut after = entries.clone();
        after.push(spend(3_000, day(2026, 1, 2), LedgerKind::Expire));
        assert_eq!(lapsed(&after, day(2026, 1, 3)), 0, "expired once, not twice");
        assert_eq!(lapsed(&after, day(2027, 1, 2)), 3_000);
    }

    #[test]
    fn tiers_go_up_at_min_and_down_below_keep() {
        let r = rules();
        assert_eq!(tier_after(Tier::Basic, 4_999, &r), Tier::Basic);
        assert_eq!(tier_after(Tier::Basic, 5_000, &r), Tier::Silver);
        assert_eq!(tier_after(Tier::Silver, 55_000, &r), Tier::Platinum, "jumps straight to the highest reached");
        assert_eq!(tier_after(Tier::Gold, 17_000, &r), Tier::Gold, "kept above its keep threshold");
        assert_eq!(tier_after(Tier::Gold, 15_999, &r), Tier::Silver);
        assert_eq!(tier_after(Tier::Platinum, 3_000, &r), Tier::Basic, "falls as far as the points say");
        assert_eq!(tier_after(Tier::Gold, 0, &[]), Tier::Gold, "no rules, no change");
        assert_eq!(next_tier(Tier::Silver, 12_000, &r), Some((Tier::Gold, 8_000)));
        assert_eq!(next_tier(Tier::Platinum, 60_000, &r), None);
    }

    #[test]
    fn stored_rules_are_checked() {
        assert!(check_rules(&rules()).is_ok());
        let mut missing = rules();
        missing.pop();
        assert!(check_rules(&missing).is_err());
        let mut falling = rules();
        falling[2].min_qualifying = 4_000;
        assert!(check_rules(&falling).unwrap_err().contains("gold"));
        let mut loose = rules();
        loose[3].keep_qualifying = 10_000;
        assert!(check_rules(&loose).is_err(), "platinum kept below where gold starts");
    }

    #[test]
    fn redemptions_and_adjustments_are_checked() {
        assert_eq!(check_redeem(0, 100), Err(LoyaltyError::NotPositive));
        assert_eq!(check_redeem(101, 100), Err(LoyaltyError::NotEnough { balance: 100 }));
        assert!(check_redeem(100, 100).is_ok());
        assert_eq!(check_adjust(50, 0, "补"), Err(LoyaltyError::Reason));
        assert_eq!(check_adjust(-150, 100, "重复入账冲正"), Err(LoyaltyError::NotEnough { balance: 100 }));
        assert_eq!(check_adjust(200_000, 0, "门店活动赠送"), Err(LoyaltyError::TooLarge));
        assert!(check_adjust(-100, 100, "重复入账冲正").is_ok());
    }
}
