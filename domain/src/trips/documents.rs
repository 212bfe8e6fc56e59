//! Travel documents and whether they carry a traveller through a trip. The rules are data: a
//! document must stay valid some months beyond the return date (six by default, as most
//! countries and airlines ask), with per-destination overrides; which document a mainland
//! traveller travels on, and where a visa is needed, are lists an agency can change.

use chrono::{DateTime, Duration, Months, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::refusal::{Refusal, Rule};

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
            visa_required: list(&["JP", "KR", "US", "GB", "AU", "CA", "FR", "DE", "IT", "ES", "CH", "AT", "NL", "GR", "IN"]),
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

/// Where the destinations the agency sells lie (ISO 3166 alpha-2); mainland China is `CN`.
const COUNTRIES: &[(&str, &str)] = &[
    ("东京", "JP"), ("大阪", "JP"), ("北海道", "JP"), ("京都", "JP"), ("冲绳", "JP"), ("首尔", "KR"), ("济州岛", "KR"),
    ("曼谷", "TH"), ("普吉岛", "TH"), ("清迈", "TH"), ("巴厘岛", "ID"), ("新加坡", "SG"), ("吉隆坡", "MY"),
    ("马尔代夫", "MV"), ("悉尼", "AU"), ("墨尔本", "AU"), ("巴黎", "FR"), ("瑞士", "CH"), ("罗马", "IT"), ("伦敦", "GB"),
    ("纽约", "US"), ("洛杉矶", "US"), ("迪拜", "AE"), ("香港", "HK"), ("澳门", "MO"), ("台北", "TW"),
    ("三亚", "CN"), ("丽江", "CN"), ("西双版纳", "CN"), ("张家界", "CN"), ("九寨沟", "CN"), ("桂林", "CN"), ("厦门", "CN"),
    ("敦煌", "CN"), ("新疆喀纳斯", "CN"), ("西藏林芝", "CN"), ("哈尔滨", "CN"), ("青岛", "CN"), ("北京", "CN"),
    ("上海", "CN"), ("广州", "CN"), ("深圳", "CN"), ("成都", "CN"), ("杭州", "CN"), ("西安", "CN"), ("重庆", "CN"),
];

/// The country of a destination as orders name it (a city, a region, or an ISO code already);
/// `None` for one the agency has not listed, which is then not checked.
pub fn country_of(destination: &str) -> Option<&str> {
    let d = destination.trim();
    if let Some((_, c)) = COUNTRIES.iter().find(|(name, _)| *name == d) {
        return Some(c);
    }
    (d.len() == 2 && d.bytes().all(|b| b.is_ascii_uppercase())).then_some(d)
}

/// The country of a trip that leaves the mainland (Hong Kong, Macao and Taiwan included).
pub fn outbound(destination: &str) -> Option<&str> {
    country_of(destination).filter(|c| *c != "CN")
}

/// The longest a document is issued for (a passport: ten years), with a margin.
const LONGEST_VALIDITY_YEARS: u32 = 12;

/// A document recorded at the counter (`POST /api/v1/customers/{id}/documents`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewDocument {
    pub kind: DocumentKind,
    /// As printed; spaces are dropped and letters capitalised. Stored sealed.
    pub number: String,
    /// ISO 3166 alpha-2 of the issuer (`CN`; for a visa, the country that issued it).
    pub issuing_country: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub expires_on: NaiveDate,
}

impl NewDocument {
    /// The document normalised, or why it was refused. An expired one is accepted (it is
    /// what the traveller holds; the checks then say it is expired).
    pub fn checked(&self, today: NaiveDate) -> Result<NewDocument, Refusal> {
        let number: String = self.number.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_uppercase();
        if !(5..=20).contains(&number.len()) || !number.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(Refusal::only("number", Rule::Format));
        }
        let country = self.issuing_country.trim().to_uppercase();
        if country.len() != 2 || !country.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(Refusal::only("issuing_country", Rule::Format));
        }
        let limit = i64::from(LONGEST_VALIDITY_YEARS) * 366;
        if (self.expires_on - today).num_days().abs() > limit {
            return Err(Refusal::bound("expires_on", Rule::OutsideDays, limit));
        }
        Ok(NewDocument { kind: self.kind, number, issuing_country: country, expires_on: self.expires_on })
    }
}

/// A refusal of [`NewDocument::checked`] in English, saying what the field takes.
pub fn refusal_message(r: &Refusal) -> String {
    match r.field.as_str() {
        "number" => "number: 5 to 20 letters and digits, as printed on the document".into(),
        "issuing_country" => "issuing_country: a two-letter country code (CN, JP)".into(),
        _ => r.to_string(),
    }
}

/// A document on a traveller's profile: the number only masked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DocumentOnFile {
    pub id: i64,
    pub kind: DocumentKind,
    pub issuing_country: String,
    /// `E1****678`: the number is sealed at rest and revealed only through an audited reveal.
    pub number_masked: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub expires_on: NaiveDate,
    pub recorded_at: DateTime<Utc>,
}

impl DocumentOnFile {
    pub fn held(&self) -> TravelDocument {
        TravelDocument { kind: self.kind, issuing_country: self.issuing_country.clone(), expires_on: self.expires_on }
    }
}

/// What a trip lacks: a document missing (`expires_on` empty) or one that ends too soon.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DocumentGap {
    pub kind: DocumentKind,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub expires_on: Option<NaiveDate>,
    /// The day it must be valid until.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub needed_until: NaiveDate,
}

/// One trip abroad and what the traveller's documents lack for it (nothing: ready).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TripCheck {
    pub order_id: i64,
    pub destination: String,
    pub country: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub departs_on: NaiveDate,
    pub gaps: Vec<DocumentGap>,
}

impl ValidityRules {
    /// The gaps of `documents` for a trip to `destination`, when it leaves the mainland; a trip
    /// without a return date is checked as a week away.
    pub fn gaps(&self, destination: &str, departs_on: NaiveDate, returns_on: Option<NaiveDate>, documents: &[TravelDocument]) -> Option<(String, Vec<DocumentGap>)> {
        let country = outbound(destination)?.to_owned();
        let trip = Trip { destination: country.clone(), departs_on, returns_on: returns_on.unwrap_or(departs_on + Duration::days(7)) };
        let gaps = self
            .check(&trip, documents)
            .into_iter()
            .map(|p| match p {
                DocumentProblem::Missing(kind) => {
                    DocumentGap { kind, expires_on: None, needed_until: if kind == DocumentKind::Visa { trip.returns_on } else { self.needed_until(&trip) } }
                }
                DocumentProblem::ExpiresTooSoon { kind, expires_on, needed_until } => DocumentGap { kind, expires_on: Some(expires_on), needed_until },
            })
            .collect();
        Some((country, gaps))
    }

    /// The trips abroad among `orders` still to come (from `today`, not cancelled or refunded),
    /// soonest first, each checked against `documents`.
    pub fn trip_checks<'a>(&self, orders: impl IntoIterator<Item = &'a crate::dto::Order>, documents: &[DocumentOnFile], today: NaiveDate) -> Vec<TripCheck> {
        use crate::model::OrderStatus::{Cancelled, Refunded};
        let held: Vec<TravelDocument> = documents.iter().map(DocumentOnFile::held).collect();
        let mut checks: Vec<TripCheck> = orders
            .into_iter()
            .filter(|o| !matches!(o.status, Cancelled | Refunded))
            .filter_map(|o| {
                let departs_on = o.departure.filter(|d| *d >= today)?;
                let (country, gaps) = self.gaps(&o.destination, departs_on, o.return_date, &held)?;
                Some(TripCheck { order_id: o.id, destination: o.destination.clone(), country, departs_on, gaps })
            })
            .collect();
        checks.sort_by_key(|c| (c.departs_on, c.order_id));
        checks
    }
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
    fn a_recorded_document_is_normalised_or_refused_by_field() {
        let today = day("2026-12-02");
        let new = |number: &str, country: &str, expires: &str| NewDocument { kind: DocumentKind::Passport, number: number.into(), issuing_country: country.into(), expires_on: day(expires) };
        let ok = new(" e1234 5678 ", "cn", "2031-05-01").checked(today).unwrap();
        assert_eq!((ok.number.as_str(), ok.issuing_country.as_str()), ("E12345678", "CN"));
        assert_eq!(new("E12-345678", "CN", "2031-05-01").checked(today).unwrap_err().field, "number");
        assert_eq!(new("E12345678", "China", "2031-05-01").checked(today).unwrap_err().field, "issuing_country");
        assert_eq!(new("E12345678", "CN", "2099-01-01").checked(today).unwrap_err().rule, Rule::OutsideDays);
        // an expired passport is what the traveller holds: recorded, and the checks say so
        assert!(new("E12345678", "CN", "2025-01-01").checked(today).is_ok());
    }

    #[test]
    fn only_trips_leaving_the_mainland_are_checked() {
        let rules = ValidityRules::default();
        let passport = doc(DocumentKind::Passport, "CN", "2027-03-01");
        assert_eq!(rules.gaps("三亚", day("2027-02-01"), None, &[]), None);
        assert_eq!(rules.gaps("火星", day("2027-02-01"), None, &[]), None, "an unlisted destination is not guessed");
        let (country, gaps) = rules.gaps("曼谷", day("2027-02-01"), Some(day("2027-02-08")), &[passport]).unwrap();
        assert_eq!(country, "TH");
        assert_eq!(gaps, vec![DocumentGap { kind: DocumentKind::Passport, expires_on: Some(day("2027-03-01")), needed_until: day("2027-08-08") }]);
        let (country, gaps) = rules.gaps("香港", day("2027-02-01"), None, &[]).unwrap();
        assert_eq!((country.as_str(), gaps[0].kind, gaps[0].expires_on), ("HK", DocumentKind::HkMacaoPermit, None));
        assert_eq!(outbound("JP"), Some("JP"));
    }

    #[test]
    fn the_recheck_falls_thirty_days_before_departure() {
        assert_eq!(recheck_on(&trip("JP")), day("2027-01-02"));
    }
}
