//! Names as staff type them on a Latin keyboard: full pinyin (`zhangwei`, `wei`) and initials
//! (`zw`). The keys live in the name index beside the name grams, marked so that a Latin query
//! looks them up apart from Latin names.

use pinyin::ToPinyinMulti;

/// Starts every pinyin key in the name index. A control character: no name holds one (ingestion
/// refuses them), so a pinyin key never collides with a name gram.
pub const PINYIN_MARK: char = '\u{1}';
/// Readings kept for the surname: 曾 is zēng as a surname and céng in words, 单 shàn and dān.
const SURNAME_READINGS: usize = 3;
/// Shortest pinyin query: one letter would match a whole alphabet's worth of initials.
const MIN_QUERY_LETTERS: usize = 2;

/// Each character's readings, plain, `ü` written `v` as pinyin keyboards do; a Latin letter or
/// digit stands for itself; anything else (brackets, dots) is dropped.
pub(crate) fn readings(c: char) -> Vec<String> {
    if let Some(multi) = c.to_pinyin_multi() {
        let mut out: Vec<String> = Vec::new();
        for p in multi {
            let r = p.plain().replace('ü', "v");
            if !out.contains(&r) {
                out.push(r);
            }
        }
        return out;
    }
    if c.is_alphanumeric() {
        return vec![c.to_lowercase().collect()];
    }
    Vec::new()
}

/// The pinyin keys of a name with Chinese characters (none for other names): for each reading
/// of the surname, the full pinyin and the initials of the whole name; then the full pinyin
/// from each later character on (so `wei` finds 张伟 by the given name).
pub fn pinyin_keys(name: &str) -> Vec<String> {
    if !name.chars().any(|c| c.to_pinyin_multi().is_some()) {
        return Vec::new();
    }
    let chars: Vec<Vec<String>> = name.chars().map(readings).filter(|r| !r.is_empty()).collect();
    let first = |r: &Vec<String>| r[0].clone();
    let initial = |r: &str| r.chars().next().map(String::from).unwrap_or_default();
    let mut keys: Vec<String> = Vec::new();
    let mut push = |k: String| {
        let k = format!("{PINYIN_MARK}{k}");
        if !keys.contains(&k) {
            keys.push(k);
        }
    };
    let rest_full: String = chars[1..].iter().map(first).collect();
    let rest_initials: String = chars[1..].iter().map(|r| initial(&r[0])).collect();
    for surname in chars[0].iter().take(SURNAME_READINGS) {
        push(format!("{surname}{rest_full}"));
        push(format!("{}{rest_initials}", initial(surname)));
    }
    for start in 1..chars.len() {
        push(chars[start..].iter().map(first).collect());
    }
    keys
}

/// The range of pinyin keys a query selects (`key >= low AND key < high`), when the query is
/// Latin letters that could be pinyin (`zhang wei`, `ZW`); spaces are ignored.
pub fn pinyin_query_range(query: &str) -> Option<(String, String)> {
    let q: String = query.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_lowercase();
    let typed = q.len() >= MIN_QUERY_LETTERS && q.bytes().all(|b| b.is_ascii_lowercase());
    typed.then(|| (format!("{PINYIN_MARK}{q}"), format!("{PINYIN_MARK}{q}{}", char::MAX)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finds(name: &str, query: &str) -> bool {
        let (low, high) = pinyin_query_range(query).expect("a pinyin query");
        pinyin_keys(name).iter().any(|k| *k >= low && *k < high)
    }

    #[test]
    fn full_pinyin_initials_and_the_given_name_find_the_person() {
        for q in ["zhangwei", "zhang wei", "ZhangWei", "zhang", "zhangw", "zw", "wei"] {
            assert!(finds("张伟", q), "{q}");
        }
        assert!(!finds("张伟", "wang"));
        assert!(!finds("王伟", "zw"));
        assert!(finds("欧阳娜娜", "ouyang"));
        assert!(finds("欧阳娜娜", "oynn"));
        assert!(finds("欧阳娜娜", "nana"));
    }

    #[test]
    fn a_surname_is_found_by_each_of_its_readings() {
        assert!(finds("曾小红", "zeng"));
        assert!(finds("曾小红", "zxh"));
        assert!(finds("吕方", "lvfang"), "ü typed as v");
    }

    #[test]
    fn latin_names_have_no_pinyin_keys_and_digits_or_one_letter_are_no_pinyin_query() {
        assert!(pinyin_keys("Li Wei").is_empty());
        assert!(pinyin_query_range("z").is_none());
        assert!(pinyin_query_range("1132").is_none());
        assert!(pinyin_query_range("张伟").is_none());
        assert!(pinyin_keys("导入客户1234").iter().any(|k| k.ends_with("daoruke hu1234".replace(' ', "").as_str())));
    }
}
