//! Small icons for channels and moods, shared by the timeline and the journey map.

use roundtrip_domain::{Channel, Mood};

pub fn channel_icon(c: Channel) -> &'static str {
    match c {
        Channel::Ctrip | Channel::Fliggy | Channel::Meituan | Channel::Qunar => "🧳",
        Channel::Wechat => "💬",
        Channel::Douyin | Channel::Xiaohongshu => "📱",
        Channel::App | Channel::Web => "🌐",
        Channel::Store => "🏬",
        Channel::CallCenter => "☎",
    }
}

pub fn sentiment_mark(s: Option<f64>) -> &'static str {
    match Mood::of(s) {
        Some(Mood::Positive) => "🙂",
        Some(Mood::Negative) => "🙁",
        Some(Mood::Neutral) => "😐",
        None => "",
    }
}
