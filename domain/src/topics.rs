//! What a complaint is about, read from its text in Chinese or English: the recurring topics of
//! the ticketing handbook's feedback chapter (delays, baggage, staff attitude, missing
//! information) and the agency's own (an itinerary not as promised, a slow refund, a hotel not
//! as booked). The rules are data: cue words with weights; the highest total wins, nothing
//! positive is `other`. Keyword cues rather than word segmentation: a segmenter's dictionary
//! would ship inside the console's wasm, and these cues are whole words in either language.

string_enum! {
    pub enum Topic {
        Delay = "delay", Baggage = "baggage", StaffAttitude = "staff_attitude",
        MissingInformation = "missing_information", ItineraryNotAsPromised = "itinerary_not_as_promised",
        SlowRefund = "slow_refund", HotelNotAsBooked = "hotel_not_as_booked", Other = "other",
    }
}

/// One cue: a word (Chinese characters, or lower-case English matched from a word's start),
/// the topic it speaks for, how strongly, and whether a negation just before it cancels it
/// (`没有延误`, `not delayed`).
struct Cue(&'static str, Topic, i32, Negatable);

#[derive(Clone, Copy, PartialEq)]
enum Negatable {
    Yes,
    No,
}

use Negatable::{No, Yes};
use Topic::*;

const CUES: &[Cue] = &[
    Cue("延误", Delay, 3, Yes), Cue("晚点", Delay, 3, Yes), Cue("延迟", Delay, 3, Yes), Cue("误点", Delay, 3, Yes),
    Cue("推迟", Delay, 2, Yes), Cue("流量控制", Delay, 2, No), Cue("等了", Delay, 1, No), Cue("错过了转机", Delay, 2, No),
    Cue("准点", Delay, -4, No), Cue("准时", Delay, -4, No),
    Cue("delay", Delay, 3, Yes), Cue("late", Delay, 2, Yes), Cue("postponed", Delay, 2, Yes), Cue("waited all night", Delay, 1, No),
    Cue("on time", Delay, -4, No), Cue("晚了", Delay, 2, Yes), Cue("晚到", Delay, 2, Yes), Cue("延后", Delay, 2, Yes), Cue("起飞", Delay, 1, No),
    Cue("take-off", Delay, 1, No), Cue("takeoff", Delay, 1, No), Cue("waited", Delay, 1, No),
    Cue("行李", Baggage, 3, No), Cue("托运", Baggage, 2, No), Cue("箱子", Baggage, 2, No),
    Cue("baggage", Baggage, 3, No), Cue("luggage", Baggage, 3, No), Cue("suitcase", Baggage, 3, No), Cue("bag", Baggage, 2, No),
    Cue("态度", StaffAttitude, 3, No), Cue("不耐烦", StaffAttitude, 3, No), Cue("爱答不理", StaffAttitude, 3, No), Cue("冷漠", StaffAttitude, 3, No),
    Cue("说话很冲", StaffAttitude, 3, No), Cue("挂我电话", StaffAttitude, 3, No), Cue("挂了电话", StaffAttitude, 2, No), Cue("骂", StaffAttitude, 2, No),
    Cue("敷衍", StaffAttitude, 3, No), Cue("玩手机", StaffAttitude, 1, No), Cue("凶", StaffAttitude, 2, No),
    Cue("rude", StaffAttitude, 3, No), Cue("unfriendly", StaffAttitude, 3, No), Cue("impatient", StaffAttitude, 3, No),
    Cue("shouted", StaffAttitude, 3, No), Cue("hung up", StaffAttitude, 3, No), Cue("attitude", StaffAttitude, 3, No),
    Cue("黑着脸", StaffAttitude, 3, No), Cue("难听", StaffAttitude, 2, No), Cue("爱理不理", StaffAttitude, 3, No), Cue("不理人", StaffAttitude, 2, No),
    Cue("甩脸", StaffAttitude, 3, No), Cue("脸色", StaffAttitude, 2, No), Cue("condescending", StaffAttitude, 3, No), Cue("dismissive", StaffAttitude, 3, No),
    Cue("arrogant", StaffAttitude, 3, No), Cue("yelled", StaffAttitude, 3, No), Cue("ignored", StaffAttitude, 2, No),
    Cue("没有通知", MissingInformation, 3, No), Cue("没通知", MissingInformation, 3, No), Cue("未通知", MissingInformation, 3, No),
    Cue("没有人告知", MissingInformation, 3, No), Cue("没有告知", MissingInformation, 3, No), Cue("未告知", MissingInformation, 3, No),
    Cue("没告诉", MissingInformation, 3, No), Cue("没有告诉", MissingInformation, 3, No), Cue("没有提醒", MissingInformation, 3, No),
    Cue("没提醒", MissingInformation, 3, No), Cue("没人说", MissingInformation, 2, No), Cue("不知道", MissingInformation, 2, No),
    Cue("没写", MissingInformation, 2, No), Cue("没说清", MissingInformation, 2, No), Cue("出团通知", MissingInformation, 2, No),
    Cue("集合时间", MissingInformation, 1, No), Cue("没人通知", MissingInformation, 3, No), Cue("没有人通知", MissingInformation, 3, No),
    Cue("漏写", MissingInformation, 2, No), Cue("才知道", MissingInformation, 2, No), Cue("没说", MissingInformation, 2, No), Cue("没讲", MissingInformation, 2, No),
    Cue("never informed", MissingInformation, 3, No), Cue("never told", MissingInformation, 3, No), Cue("didn't tell", MissingInformation, 3, No),
    Cue("did not tell", MissingInformation, 3, No), Cue("no information", MissingInformation, 3, No),
    Cue("not informed", MissingInformation, 3, No), Cue("nobody told", MissingInformation, 3, No), Cue("no one told", MissingInformation, 3, No),
    Cue("nobody mentioned", MissingInformation, 3, No), Cue("no one mentioned", MissingInformation, 3, No), Cue("not told", MissingInformation, 3, No),
    Cue("without telling", MissingInformation, 3, No), Cue("had no ", MissingInformation, 2, No), Cue("departure notice", MissingInformation, 2, No),
    Cue("行程", ItineraryNotAsPromised, 1, No), Cue("景点", ItineraryNotAsPromised, 2, No), Cue("购物店", ItineraryNotAsPromised, 3, No),
    Cue("购物", ItineraryNotAsPromised, 2, No), Cue("纯玩", ItineraryNotAsPromised, 2, No), Cue("合同", ItineraryNotAsPromised, 2, No),
    Cue("自费项目", ItineraryNotAsPromised, 3, No), Cue("不符", ItineraryNotAsPromised, 2, No), Cue("缩水", ItineraryNotAsPromised, 3, No),
    Cue("少去了", ItineraryNotAsPromised, 3, No), Cue("临时取消", ItineraryNotAsPromised, 2, No), Cue("宣传", ItineraryNotAsPromised, 2, No),
    Cue("itinerary", ItineraryNotAsPromised, 2, No), Cue("advertised", ItineraryNotAsPromised, 3, No), Cue("brochure", ItineraryNotAsPromised, 3, No),
    Cue("shopping", ItineraryNotAsPromised, 3, No), Cue("shops", ItineraryNotAsPromised, 2, No), Cue("promised sights", ItineraryNotAsPromised, 3, No),
    Cue("skipped", ItineraryNotAsPromised, 2, No), Cue("activities", ItineraryNotAsPromised, 1, No),
    Cue("没去", ItineraryNotAsPromised, 2, No), Cue("被换", ItineraryNotAsPromised, 2, No), Cue("换成了别的", ItineraryNotAsPromised, 2, No),
    Cue("cut", ItineraryNotAsPromised, 2, No), Cue("not on the", ItineraryNotAsPromised, 2, No),
    Cue("退款", SlowRefund, 2, No), Cue("退钱", SlowRefund, 2, No), Cue("退票款", SlowRefund, 2, No), Cue("退的差价", SlowRefund, 3, No),
    Cue("差价", SlowRefund, 1, No), Cue("到账", SlowRefund, 2, No), Cue("迟迟", SlowRefund, 2, No), Cue("还没收到", SlowRefund, 2, No),
    Cue("没退", SlowRefund, 2, No), Cue("进度", SlowRefund, 1, No), Cue("退改签", SlowRefund, 2, No), Cue("太慢", SlowRefund, 1, No), Cue("很快就到", SlowRefund, -4, No),
    Cue("refund", SlowRefund, 3, No), Cue("money back", SlowRefund, 3, No), Cue("still waiting", SlowRefund, 2, No),
    Cue("taking forever", SlowRefund, 2, No), Cue("arrived quickly", SlowRefund, -4, No),
    Cue("钱还没", SlowRefund, 2, No), Cue("钱一直没", SlowRefund, 2, No), Cue("退回", SlowRefund, 2, No), Cue("银行卡", SlowRefund, 1, No),
    Cue("come back", SlowRefund, 2, No), Cue("reimburse", SlowRefund, 3, No), Cue("repaid", SlowRefund, 2, No),
    Cue("酒店", HotelNotAsBooked, 2, No), Cue("房间", HotelNotAsBooked, 2, No), Cue("房型", HotelNotAsBooked, 3, No), Cue("入住", HotelNotAsBooked, 2, No),
    Cue("没有房", HotelNotAsBooked, 2, No), Cue("海景", HotelNotAsBooked, 2, No), Cue("双床", HotelNotAsBooked, 2, No), Cue("大床", HotelNotAsBooked, 2, No),
    Cue("床单", HotelNotAsBooked, 2, No), Cue("异味", HotelNotAsBooked, 1, No),
    Cue("hotel", HotelNotAsBooked, 2, No), Cue("room", HotelNotAsBooked, 2, No), Cue("sea view", HotelNotAsBooked, 2, No),
    Cue("city view", HotelNotAsBooked, 2, No), Cue("twin", HotelNotAsBooked, 2, No), Cue("double bed", HotelNotAsBooked, 2, No),
    Cue("photos", HotelNotAsBooked, 1, No), Cue("smelled", HotelNotAsBooked, 1, No),
];

/// Words that, just before a negatable cue, say the opposite.
const NEGATIONS_ZH: &[&str] = &["没有", "没", "未", "不", "无"];
const NEGATIONS_EN: &[&str] = &["not ", "no ", "n't ", "never "];

/// Where a tie goes: the concrete, checkable topics first.
const PRIORITY: &[Topic] = &[Delay, Baggage, SlowRefund, HotelNotAsBooked, ItineraryNotAsPromised, MissingInformation, StaffAttitude];

/// Each topic's total for `text`, highest first (ties in [`PRIORITY`] order); only topics with
/// a positive total.
pub fn scores(text: &str) -> Vec<(Topic, i32)> {
    let lower = text.to_lowercase();
    let mut totals: Vec<(Topic, i32)> = PRIORITY.iter().map(|t| (*t, 0)).collect();
    for Cue(word, topic, weight, negatable) in CUES {
        let hits = lower.match_indices(word).filter(|(at, _)| starts_word(&lower, *at, word) && !(*negatable == Yes && negated(&lower[..*at]))).count();
        if hits > 0 {
            // a cue counts once, however often it is repeated
            totals.iter_mut().filter(|(t, _)| t == topic).for_each(|(_, total)| *total += weight);
        }
    }
    totals.retain(|(_, total)| *total > 0);
    totals.sort_by(|a, b| b.1.cmp(&a.1));
    totals
}

/// The complaint's topic: the highest-scoring one, or [`Topic::Other`].
pub fn classify(text: &str) -> Topic {
    scores(text).first().map_or(Other, |(t, _)| *t)
}

/// An English cue matches from a word's start (`late` is not in `chocolate`); Chinese has no
/// spaces to start from.
fn starts_word(text: &str, at: usize, word: &str) -> bool {
    !word.is_ascii() || !text[..at].chars().next_back().is_some_and(|c| c.is_ascii_alphanumeric())
}

fn negated(before: &str) -> bool {
    NEGATIONS_ZH.iter().chain(NEGATIONS_EN).any(|n| before.ends_with(n))
}

/// The agency month (`YYYY-MM`) an instant falls in.
pub fn month_of<Z: chrono::TimeZone>(t: chrono::DateTime<chrono::Utc>, zone: &Z) -> String {
    crate::calendar::day_of(t, zone).format("%Y-%m").to_string()
}

/// The months `from..=to` touch, oldest first.
pub fn months_between(from: chrono::NaiveDate, to: chrono::NaiveDate) -> Vec<String> {
    use chrono::Datelike;
    let mut out = Vec::new();
    let mut day = from.with_day(1).expect("every month has a first");
    while day <= to {
        out.push(day.format("%Y-%m").to_string());
        day = day.checked_add_months(chrono::Months::new(1)).expect("a later month");
    }
    out
}

/// The first and last day of a `YYYY-MM` month; `None` for anything else.
pub fn month_days(month: &str) -> Option<(chrono::NaiveDate, chrono::NaiveDate)> {
    let first = chrono::NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d").ok()?;
    let next = first.checked_add_months(chrono::Months::new(1))?;
    Some((first, next.pred_opt()?))
}

/// The last month's count against the one before; `None` with fewer than two months.
pub fn trend(per_month: &[u64]) -> Option<i64> {
    match per_month {
        [.., before, last] => Some(*last as i64 - *before as i64),
        _ => None,
    }
}

/// Per topic: how many texts the rules gave it, and how many of those carry it as their label.
pub fn precision_by_topic(labelled: &[(String, Topic)]) -> Vec<(Topic, u32, u32)> {
    Topic::ALL
        .iter()
        .map(|topic| {
            let given: Vec<&(String, Topic)> = labelled.iter().filter(|(text, _)| classify(text) == *topic).collect();
            (*topic, given.len() as u32, given.iter().filter(|(_, label)| label == topic).count() as u32)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_negated_delay_is_no_delay() {
        assert_eq!(classify("航班没有延误，但是行李箱是坏的"), Baggage);
        assert_eq!(classify("The flight was not delayed but my bag was lost"), Baggage);
        assert_eq!(classify("航班延误了三个小时"), Delay);
    }

    #[test]
    fn english_cues_start_a_word_and_nothing_found_is_other() {
        assert_eq!(classify("The chocolate at the hotel was lovely"), HotelNotAsBooked);
        assert_eq!(classify("发票还没开"), Other);
        assert_eq!(classify(""), Other);
    }

    #[test]
    fn a_fast_refund_is_no_complaint_about_refunds() {
        assert_eq!(classify("退款很快就到了，就是导游的态度太差"), StaffAttitude);
        assert_eq!(classify("酒店取消后的退款迟迟没有到账"), SlowRefund);
    }

    #[test]
    fn months_of_a_period_and_their_trend() {
        let day = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
        assert_eq!(months_between(day("2026-09-15"), day("2026-11-02")), ["2026-09", "2026-10", "2026-11"]);
        assert_eq!(month_days("2026-02"), Some((day("2026-02-01"), day("2026-02-28"))));
        assert_eq!(month_days("2026-13"), None);
        assert_eq!((trend(&[3, 5, 2]), trend(&[4])), (Some(-3), None));
        // 23:30 UTC on the last of October is already November in Beijing
        let t = "2026-10-31T23:30:00Z".parse().unwrap();
        assert_eq!(month_of(t, &chrono::FixedOffset::east_opt(8 * 3600).unwrap()), "2026-11");
    }

    /// The committed labelled set (`datasets/topics-labelled.csv`): each topic's precision, and
    /// how many texts it took, must hold.
    #[test]
    fn precision_per_topic_on_the_labelled_set() {
        let labelled: Vec<(String, Topic)> = include_str!("../../datasets/topics-labelled.csv")
            .lines()
            .skip(1)
            .map(|line| {
                let (text, topic) = line.rsplit_once(',').expect("text,topic");
                (text.to_owned(), Topic::parse(topic).expect("a topic"))
            })
            .collect();
        assert!(labelled.len() >= 75);
        for (topic, given, right) in precision_by_topic(&labelled) {
            let labelled_as = labelled.iter().filter(|(_, t)| *t == topic).count() as u32;
            println!("{:<28} given {given:>2}, right {right:>2}, labelled {labelled_as:>2}", topic.as_str());
            assert!(given > 0, "{topic:?} never given");
            assert!(right as f64 / given as f64 >= 0.9, "{topic:?}: {right} of {given} right");
            assert!(right as f64 / labelled_as as f64 >= 0.8, "{topic:?}: found {right} of {labelled_as}");
        }
    }
}
