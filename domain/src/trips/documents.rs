//! Travel documents and whether they carry a traveller through a trip. The rules are data: a
//! document must stay valid some months beyond the return date (six by default, as most
//! countries and airlines ask), with per-destination overrides; which document a mainland
//! traveller travels on, and where a visa is needed, are lists an agency can change.

use chrono::{Duration, Months, NaiveDate};

string_enum! {
    pub enum DocumentKind {
        Passport = "passport",
        /// 往来港澳通行证
        HkMacaoPermit = "hk_macao_permit",
        /// 往来台湾通行证
        TaiwanPermit = "taiwan_permit",
        Visa = "visa",
    }
}

/// A document as held on the traveller's profile (its number is sealed elsewhere).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TravelDocument {
    pub kind: DocumentKind,
    /// ISO 3166 alpha-2 of the issuer (`CN`; for a visa, the country that issued it).
    pub issuing_country: String,
    pub expires_on: NaiveDate,
}

/// An outbound trip as far as documents care: where to and when back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trip {
    /// ISO 3166 alpha-2 (`JP`, `HK`, `FR`).
    pub destination: String,
    pub departs_on: NaiveDate,
    pub returns_on: NaiveDate,
}

/// The agency's validity rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidityRules {
    /// Months a document must stay valid beyond the return date.
    pub months_beyond_return: u32,
    /// Destinations that ask for another margin (country, months).
    pub overrides: Vec<(String, u32)>,
    /// Destinations a mainland passport needs a visa for.
    pub visa_required: Vec<String>,
}

impl Default for ValidityRules {
    fn default() -> Self {
        let list = |codes: &[&str]| codes.iter().map(|c| c.to_string()).collect();
        ValidityRules {
            months_beyond_return: 6,
            // Schengen asks three months beyond leaving; Japan and the permits' regions only the stay
            overrides: ["FR", "DE", "IT", "ES", "CH", "AT", "NL", "GR"].iter().map(|c| (c.to_string(), 3)).chain(["JP", "HK", "MO", "TW"].iter().map(|c| (c.to_string(), 0))).collect(),
            visa_required: list(&["JP", "US", "GB", "AU", "CA", "FR", "DE", "IT", "ES", "CH", "AT", "NL", "GR", "IN"]),
        }
    }
}

/// What stops a traveller from leaving or coming back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocumentProblem {
    /// No document of the kind the destination asks for.
    Missing(DocumentKind),
    /// Valid, but not for long enough.
    ExpiresTooSoon { kind: DocumentKind, expires_on: NaiveDate, needed_until: NaiveDate },
}

/// The document a mainland traveller crosses with: the permits for Hong Kong, Macao and Taiwan,
/// a passport anywhere else.
pub fn travels_on(destination: &str) -> DocumentKind {
    match destination {
        "HK" | "MO" => DocumentKind::HkMacaoPermit,
        "TW" => DocumentKind::TaiwanPermit,
        _ => DocumentKind::Passport,
    }
}

impl ValidityRules {
    /// The last day the documents must be valid on for `trip`.
    pub fn needed_until(&self, trip: &Trip) -> NaiveDate {
        let months = self.overrides.iter().find(|(c, _)| *c == trip.destination).map_or(self.months_beyond_return, |(_, m)| *m);
        trip.returns_on.checked_add_months(Months::new(months)).unwrap_or(NaiveDate::MAX)
    }

    /// Every problem with `documents` for `trip`: none means ready.
    pub fn check(&self, trip: &Trip, documents: &[TravelDocument]) -> Vec<DocumentProblem> {
        let needed_until = self.needed_until(trip);
        let mut kinds = vec![travels_on(&trip.destination)];
        if self.visa_required.contains(&trip.destination) {
            kinds.push(DocumentKind::Visa);
        }
        kinds
            .into_iter()
            .filter_map(|kind| {
                // a visa is checked against the stay only; it admits, it does not carry home
                let until = if kind == DocumentKind::Visa { trip.returns_on } else { needed_until };
                let held: Vec<&TravelDocument> = documents.iter().filter(|d| d.kind == kind && (kind != DocumentKind::Visa || d.issuing_country == trip.destination)).collect();
                let best = held.iter().map(|d| d.expires_on).max();
                match best {
                    None => Some(DocumentProblem::Missing(kind)),
                    Some(expires_on) if expires_on < until => Some(DocumentProblem::ExpiresTooSoon { kind, expires_on, needed_until: until }),
                    Some(_) => None,
                }
            })
            .collect()
    }
}

/// Outbound trips are checked at booking and again as a care task this many days before
/// departure, with time left to renew.
pub const RECHECK_DAYS_BEFORE: i64 = 30;

/// The day the care task checking a trip's documents falls due.
pub fn recheck_on(trip: &Trip) -> NaiveDate {
    trip.departs_on - Duration::days(RECHECK_DAYS_BEFORE)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn trip(dest: &str) -> Trip {
        Trip { destination: dest.into(), departs_on: day("2027-02-01"), returns_on: day("2027-02-08") }
    }

    fn doc(kind: DocumentKind, country: &str, expires: &str) -> TravelDocument {
        TravelDocument { kind, issuing_country: country.into(), expires_on: day(expires) }
    }

    #[test]
    fn a_passport_must_outlast_the_return_by_six_months_unless_the_destination_says_otherwise() {
        let rules = ValidityRules::default();
        let passport = doc(DocumentKind::Passport, "CN", "2027-06-30");
        assert_eq!(
            rules.check(&trip("TH"), &[passport.clone()]),
            vec![DocumentProblem::ExpiresTooSoon { kind: DocumentKind::Passport, expires_on: day("2027-06-30"), needed_until: day("2027-08-08") }]
        );
        // Schengen: three months; France also wants its visa
        assert_eq!(rules.check(&trip("FR"), &[passport.clone(), doc(DocumentKind::Visa, "FR", "2027-03-01")]), vec![]);
        assert_eq!(rules.check(&trip("FR"), &[passport.clone()]), vec![DocumentProblem::Missing(DocumentKind::Visa)]);
    }

    #[test]
    fn hong_kong_takes_the_permit_not_the_passport() {
        let rules = ValidityRules::default();
        let passport = doc(DocumentKind::Passport, "CN", "2035-01-01");
        assert_eq!(rules.check(&trip("HK"), &[passport.clone()]), vec![DocumentProblem::Missing(DocumentKind::HkMacaoPermit)]);
        assert_eq!(rules.check(&trip("HK"), &[doc(DocumentKind::HkMacaoPermit, "CN", "2027-02-08")]), vec![]);
        // a visa for somewhere else does not count
        assert_eq!(rules.check(&trip("JP"), &[passport, doc(DocumentKind::Visa, "US", "2030-01-01")]), vec![DocumentProblem::Missing(DocumentKind::Visa)]);
    }

    #[test]
    fn the_recheck_falls_thirty_days_before_departure() {
        assert_eq!(recheck_on(&trip("JP")), day("2027-01-02"));
    }
}
