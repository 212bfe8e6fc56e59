//! The agency's clock in the browser. The server cuts days in the agency's time zone, so the
//! console shows times and days in that zone too, wherever the browser is (a manager
//! travelling, a test machine on UTC); until the signed-in user says which zone, the
//! browser's own. The zone's offsets come from the browser's `Intl` (no time-zone data in
//! the wasm), and the zone is a signal so that times shown before it was known follow it.

use std::cell::RefCell;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, Offset, TimeZone, Utc};
use js_sys::{Array, Intl::DateTimeFormat, Object, Reflect};
use leptos::prelude::*;
use wasm_bindgen::JsValue;

thread_local! {
    static ZONE: ArcRwSignal<String> = ArcRwSignal::new(String::new());
    /// The formatter for the zone, built once (building one costs more than using it).
    static FORMAT: RefCell<Option<(String, DateTimeFormat)>> = const { RefCell::new(None) };
}

/// The agency's zone, a tz database name (`Asia/Shanghai`); empty keeps the browser's.
pub fn set_agency_zone(name: &str) {
    ZONE.with(|z| {
        if z.get_untracked() != name {
            z.set(name.to_owned());
        }
    });
}

fn formatter(zone: &str) -> Option<DateTimeFormat> {
    let options = Object::new();
    for (key, value) in [("timeZone", zone), ("hourCycle", "h23"), ("year", "numeric"), ("month", "numeric"), ("day", "numeric"), ("hour", "numeric"), ("minute", "numeric"), ("second", "numeric")] {
        Reflect::set(&options, &key.into(), &value.into()).ok()?;
    }
    // an unknown zone throws a RangeError: constructed through Reflect so it is an Err here
    let args = Array::of2(&Array::of1(&"en-US".into()), &options);
    let intl = Reflect::get(&js_sys::global(), &"Intl".into()).ok()?;
    let class: js_sys::Function = Reflect::get(&intl, &"DateTimeFormat".into()).ok()?.into();
    Reflect::construct(&class, &args).ok().map(Into::into)
}

/// The zone's wall clock at `t`, read from the formatter's parts.
fn wall_clock(format: &DateTimeFormat, t: DateTime<Utc>) -> Option<NaiveDateTime> {
    let parts = format.format_to_parts(&js_sys::Date::new(&JsValue::from_f64(t.timestamp_millis() as f64)));
    let (mut y, mut mo, mut d, mut h, mut mi, mut s) = (None, None, None, None, None, None);
    for part in parts.iter() {
        let kind = Reflect::get(&part, &"type".into()).ok()?.as_string()?;
        let value: Option<u32> = Reflect::get(&part, &"value".into()).ok()?.as_string().and_then(|v| v.parse().ok());
        match kind.as_str() {
            "year" => y = value,
            "month" => mo = value,
            "day" => d = value,
            "hour" => h = value,
            "minute" => mi = value,
            "second" => s = value,
            _ => {}
        }
    }
    NaiveDate::from_ymd_opt(y? as i32, mo?, d?)?.and_hms_opt(h?, mi?, s?)
}

/// The agency's offset from UTC at `t` (the browser's while the zone is unknown).
pub fn offset_at(t: DateTime<Utc>) -> FixedOffset {
    let zone = ZONE.with(|z| z.get());
    let browser = || chrono::Local.offset_from_utc_datetime(&t.naive_utc()).fix();
    if zone.is_empty() {
        return browser();
    }
    FORMAT.with(|f| {
        let mut f = f.borrow_mut();
        if f.as_ref().is_none_or(|(name, _)| *name != zone) {
            *f = formatter(&zone).map(|format| (zone.clone(), format));
        }
        let wall = wall_clock(&f.as_ref()?.1, t)?;
        FixedOffset::east_opt((wall - t.naive_utc()).num_seconds() as i32)
    })
    .unwrap_or_else(browser)
}

/// `t` on the agency's clock.
pub fn agency_time(t: DateTime<Utc>) -> DateTime<FixedOffset> {
    t.with_timezone(&offset_at(t))
}

/// The agency's calendar day `t` falls on.
pub fn agency_day(t: DateTime<Utc>) -> NaiveDate {
    agency_time(t).date_naive()
}

/// Today in the agency's calendar.
pub fn agency_today() -> NaiveDate {
    agency_day(Utc::now())
}

/// The instant the agency's wall clock shows `wall` (its offset read twice, so a wall time
/// just after a change of offset lands on the right side of it).
pub fn from_agency_wall(wall: NaiveDateTime) -> DateTime<Utc> {
    let as_utc = Utc.from_utc_datetime(&wall);
    let back = |t: DateTime<Utc>| as_utc - chrono::Duration::seconds(offset_at(t).local_minus_utc().into());
    back(back(as_utc))
}
