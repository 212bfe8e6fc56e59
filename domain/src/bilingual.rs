//! Texts the system writes into records (a points expiry, an imported member, a birthday
//! task) are stored in both languages, `中文 / English`, because the record outlives the
//! interface language of whoever reads it. Each interface shows its own half.

/// The half of a system-written `中文 / English` text for the interface language; any other
/// text (what a person typed) is returned whole.
pub fn in_language(text: &str, chinese: bool) -> &str {
    let has_cjk = |s: &str| s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    match text.split_once(" / ") {
        Some((zh, en)) if has_cjk(zh) && !has_cjk(en) && !en.trim().is_empty() => if chinese { zh.trim() } else { en.trim() },
        _ => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_interface_shows_its_half_of_a_system_text() {
        assert_eq!(in_language("过期未用 / unspent past expiry", true), "过期未用");
        assert_eq!(in_language("过期未用 / unspent past expiry", false), "unspent past expiry");
    }

    #[test]
    fn what_people_typed_is_shown_whole() {
        assert_eq!(in_language("客户说 A / B 都行", true), "客户说 A / B 都行");
        assert_eq!(in_language("北京 / 上海", false), "北京 / 上海");
        assert_eq!(in_language("tour / discount", true), "tour / discount");
        assert_eq!(in_language("升舱", false), "升舱");
    }
}
