//! KPI formulas from the domain brief, as pure functions over counts.


/// `part ÷ whole`, or `None` when there is nothing to divide by (shown as "—", never as 0%).
pub fn ratio(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

/// Net Promoter Score: % promoters (9-10) − % detractors (0-6), from -100 to 100.
pub fn nps(answers: &[u8]) -> Option<f64> {
    let promoters = answers.iter().filter(|a| **a >= 9).count() as u64;
    let detractors = answers.iter().filter(|a| **a <= 6).count() as u64;
    nps_from_counts(promoters, detractors, answers.len() as u64)
}

/// NPS from counted answers (what a database hands back).
pub fn nps_from_counts(promoters: u64, detractors: u64, answers: u64) -> Option<f64> {
    Some((ratio(promoters, answers)? - ratio(detractors, answers)?) * 100.0)
}

/// CSAT: satisfied answers (4 or 5 on a 1–5 survey) ÷ answers.
pub fn csat(satisfied: u64, answers: u64) -> Option<f64> {
    ratio(satisfied, answers)
}

/// The service promise: every customer gets an answer within this many hours.
pub const SLA_HOURS: i64 = 24;

/// SLA compliance: feedback answered in time ÷ feedback that is due.
pub fn sla_compliance(in_time: u64, due: u64) -> Option<f64> {
    ratio(in_time, due)
}

/// Personalised-care coverage: customers with a care touch in the period ÷ customers.
pub fn care_coverage(cared_for: u64, customers: u64) -> Option<f64> {
    ratio(cared_for, customers)
}

/// Community activity: members active in the last 7 or 30 days ÷ members.
pub fn community_activity(active: u64, members: u64) -> Option<f64> {
    ratio(active, members)
}

/// Advocacy (word-of-mouth) rate: customers who referred someone, shared, or answered NPS as
/// promoters in the period ÷ customers served in the period (bought, answered NPS, or advocated).
pub fn advocacy_rate(advocates: u64, served: u64) -> Option<f64> {
    ratio(advocates, served)
}

/// Member overlap rate: members known both online and offline ÷ all members.
pub fn overlap_rate(known_both: u64, all_members: u64) -> Option<f64> {
    ratio(known_both, all_members)
}

/// Repurchase rate: customers with two or more paid orders ÷ customers with at least one.
pub fn repurchase_rate(repeat_buyers: u64, buyers: u64) -> Option<f64> {
    ratio(repeat_buyers, buyers)
}

/// Service consistency: promises kept ÷ promises settled (kept + broken); pending ones wait.
pub fn service_consistency(kept: u64, broken: u64) -> Option<f64> {
    ratio(kept, kept + broken)
}

/// Median of `values` (reordered in place); the mean of the middle two for an even count.
pub fn median(values: &mut [i64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let mid = values.len() / 2;
    Some(if values.len() % 2 == 0 { (values[mid - 1] + values[mid]) as f64 / 2.0 } else { values[mid] as f64 })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nps_on_a_hand_computed_set() {
        // 4 promoters, 3 passives, 3 detractors out of 10 → 40% − 30% = 10
        let answers = [10, 9, 9, 10, 8, 7, 7, 6, 0, 3];
        assert!((nps(&answers).unwrap() - 10.0).abs() < 1e-9);
        assert_eq!(nps(&[]), None);
        assert_eq!(nps(&[0, 6]), Some(-100.0));
    }

    #[test]
    fn rates_and_empty_denominators() {
        assert_eq!(overlap_rate(30, 120), Some(0.25));
        assert_eq!(repurchase_rate(0, 0), None);
        assert_eq!(ratio(1, 4), Some(0.25));
        assert_eq!(service_consistency(3, 1), Some(0.75));
        assert_eq!(service_consistency(0, 0), None);
    }

    #[test]
    fn service_and_relationship_rates() {
        assert_eq!(nps_from_counts(4, 3, 10), nps(&[10, 9, 9, 10, 8, 7, 7, 6, 0, 3]));
        assert_eq!(csat(3, 4), Some(0.75));
        assert_eq!(sla_compliance(9, 10), Some(0.9));
        assert_eq!(care_coverage(15, 100), Some(0.15));
        assert_eq!(community_activity(0, 0), None);
        assert_eq!(advocacy_rate(45, 100), Some(0.45));
    }

    #[test]
    fn medians() {
        assert_eq!(median(&mut []), None);
        assert_eq!(median(&mut [5, 1, 3]), Some(3.0));
        assert_eq!(median(&mut [4, 1, 3, 10]), Some(3.5));
    }
}

/// Estimated duplicate-marketing share: of all member records, the share that are a second
/// record of someone already known (one per pending duplicate pair), so a campaign reaches the
/// same person twice. An estimate: pairs awaiting review may still be dismissed.
pub fn duplicate_marketing_share(pending_pairs: u64, member_records: u64) -> Option<f64> {
    ratio(pending_pairs.min(member_records), member_records)
}

#[cfg(test)]
mod identity_tests {
    use super::*;

    #[test]
    fn duplicate_marketing_share_counts_one_extra_record_per_pair() {
        assert_eq!(duplicate_marketing_share(25, 100), Some(0.25));
        assert_eq!(duplicate_marketing_share(0, 0), None);
        assert_eq!(duplicate_marketing_share(300, 100), Some(1.0));
    }
}
