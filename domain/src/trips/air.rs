//! Air tickets on a booking: the PNR (the reservation's record locator), the ticket numbers
//! issued on it, and the flight segments with their date, route, cabin and fare class. They
//! are what a schedule change is matched against, so they are normalised when they arrive
//! (`mu 5101` is `MU5101`, `781-2345678901` is `7812345678901`).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

string_enum! {
    pub enum Cabin { Economy = "economy", PremiumEconomy = "premium_economy", Business = "business", First = "first" }
}

/// Most segments one booking carries (a round trip with connections both ways).
pub const MAX_SEGMENTS: usize = 8;
/// Most ticket numbers on one booking (a family or a small group on one PNR).
pub const MAX_TICKETS: usize = 20;

/// One flight of a booking.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct FlightSegment {
    /// Airline designator and number (`MU5101`).
    pub flight: String,
    /// The local date the flight leaves.
    pub date: NaiveDate,
    /// IATA airport codes (`PVG`, `KIX`).
    pub from: String,
    pub to: String,
    pub cabin: Cabin,
    /// The booking class letter (`Y`, `B`, `J`).
    pub fare_class: String,
}

/// The air part of a booking.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AirBooking {
    /// Record locator, 5 or 6 letters and digits (`HX7K2P`).
    pub pnr: String,
    /// 13-digit ticket numbers (airline prefix and serial), once issued.
    #[serde(default)]
    pub ticket_numbers: Vec<String>,
    pub segments: Vec<FlightSegment>,
}

/// What is wrong with an air booking: the field and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AirProblem {
    pub field: &'static str,
    pub why: &'static str,
}

fn problem(field: &'static str, why: &'static str) -> AirProblem {
    AirProblem { field, why }
}

/// `mu 5101` → `MU5101`; `None` unless two designator characters (one a letter at least) and
/// one to four digits, with an optional operational suffix letter.
pub fn normalize_flight(text: &str) -> Option<String> {
    let f: String = text.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_uppercase();
    let (designator, rest) = (f.get(..2)?, f.get(2..)?);
    let number = rest.strip_suffix(|c: char| c.is_ascii_uppercase()).unwrap_or(rest);
    let ok = designator.chars().all(|c| c.is_ascii_alphanumeric())
        && designator.chars().any(|c| c.is_ascii_uppercase())
        && (1..=4).contains(&number.len())
        && number.chars().all(|c| c.is_ascii_digit());
    ok.then_some(f)
}

/// `781-2345678901` → `7812345678901`; `None` unless 13 digits.
pub fn normalize_ticket_number(text: &str) -> Option<String> {
    let t: String = text.chars().filter(|c| !matches!(c, '-' | ' ')).collect();
    (t.len() == 13 && t.chars().all(|c| c.is_ascii_digit())).then_some(t)
}

fn airport(code: &str) -> Option<String> {
    let c = code.trim().to_ascii_uppercase();
    (c.len() == 3 && c.chars().all(|x| x.is_ascii_uppercase())).then_some(c)
}

impl AirBooking {
    /// The booking as stored: codes upper-cased, numbers without separators, or what is wrong.
    pub fn normalized(&self) -> Result<AirBooking, AirProblem> {
        let pnr = self.pnr.trim().to_ascii_uppercase();
        if !(5..=6).contains(&pnr.len()) || !pnr.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(problem("pnr", "5 or 6 letters and digits"));
        }
        if self.ticket_numbers.len() > MAX_TICKETS {
            return Err(problem("ticket_numbers", "at most 20 on one booking"));
        }
        let ticket_numbers = self.ticket_numbers.iter().map(|t| normalize_ticket_number(t)).collect::<Option<Vec<_>>>().ok_or(problem("ticket_numbers", "13 digits each"))?;
        if self.segments.is_empty() || self.segments.len() > MAX_SEGMENTS {
            return Err(problem("segments", "1 to 8 flights"));
        }
        let mut segments = Vec::with_capacity(self.segments.len());
        for s in &self.segments {
            let flight = normalize_flight(&s.flight).ok_or(problem("segments.flight", "airline and number, e.g. MU5101"))?;
            let (from, to) = (airport(&s.from).ok_or(problem("segments.from", "a 3-letter airport code"))?, airport(&s.to).ok_or(problem("segments.to", "a 3-letter airport code"))?);
            if from == to {
                return Err(problem("segments.to", "a flight goes somewhere else"));
            }
            let fare_class = s.fare_class.trim().to_ascii_uppercase();
            if fare_class.len() != 1 || !fare_class.chars().all(|c| c.is_ascii_uppercase()) {
                return Err(problem("segments.fare_class", "one letter"));
            }
            segments.push(FlightSegment { flight, date: s.date, from, to, cabin: s.cabin, fare_class });
        }
        if segments.windows(2).any(|w| w[1].date < w[0].date) {
            return Err(problem("segments.date", "flights in the order they fly"));
        }
        Ok(AirBooking { pnr, ticket_numbers, segments })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(flight: &str, day: u32, from: &str, to: &str) -> FlightSegment {
        FlightSegment { flight: flight.into(), date: NaiveDate::from_ymd_opt(2026, 12, day).unwrap(), from: from.into(), to: to.into(), cabin: Cabin::Economy, fare_class: "y".into() }
    }

    fn booking(segments: Vec<FlightSegment>) -> AirBooking {
        AirBooking { pnr: "hx7k2p".into(), ticket_numbers: vec!["781-2345678901".into()], segments }
    }

    #[test]
    fn flights_and_numbers_are_written_one_way() {
        assert_eq!(normalize_flight("mu 5101").as_deref(), Some("MU5101"));
        assert_eq!(normalize_flight("3U8881").as_deref(), Some("3U8881"));
        assert_eq!(normalize_flight("CA981A").as_deref(), Some("CA981A"));
        for bad in ["", "MU", "12345", "MU51011", "M-5101"] {
            assert_eq!(normalize_flight(bad), None, "{bad}");
        }
        assert_eq!(normalize_ticket_number("781 2345678901").as_deref(), Some("7812345678901"));
        assert_eq!(normalize_ticket_number("78123456789"), None);
    }

    #[test]
    fn a_round_trip_is_stored_normalised() {
        let b = booking(vec![seg("mu5101", 22, "pvg", "KIX"), seg("MU5102", 26, "KIX", "PVG")]).normalized().unwrap();
        assert_eq!((b.pnr.as_str(), b.ticket_numbers[0].as_str()), ("HX7K2P", "7812345678901"));
        assert_eq!((b.segments[0].flight.as_str(), b.segments[0].from.as_str(), b.segments[0].fare_class.as_str()), ("MU5101", "PVG", "Y"));
    }

    #[test]
    fn a_broken_air_booking_names_its_field() {
        assert_eq!(booking(vec![]).normalized().unwrap_err().field, "segments");
        assert_eq!(booking(vec![seg("MU5101", 22, "PVG", "PVG")]).normalized().unwrap_err().field, "segments.to");
        assert_eq!(booking(vec![seg("MU5102", 26, "KIX", "PVG"), seg("MU5101", 22, "PVG", "KIX")]).normalized().unwrap_err().field, "segments.date");
        assert_eq!(AirBooking { pnr: "X".into(), ..booking(vec![seg("MU5101", 22, "PVG", "KIX")]) }.normalized().unwrap_err().field, "pnr");
        assert_eq!(AirBooking { ticket_numbers: vec!["12".into()], ..booking(vec![seg("MU5101", 22, "PVG", "KIX")]) }.normalized().unwrap_err().field, "ticket_numbers");
    }
}
