//! Whether two records carry the same person's name, however each channel wrote it: 张伟 in
//! the store, `ZHANG/WEI` from an airline booking, `Wei Zhang` typed into an app.

use crate::search::pinyin::readings;

/// Readings tried for a name's first character (曾 is zēng as a surname, céng in words).
const SURNAME_READINGS: usize = 3;

/// How two names compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum NameAgreement {
    /// The same once case, spaces and separators are set aside.
    Same,
    /// The same spoken name: Chinese characters against their pinyin, or the Latin parts in
    /// the other order (`Wei Zhang`, `ZHANG WEI`). A little weaker than the same characters:
    /// 朱雨 and 朱宇 are both `ZHU/YU`.
    Pinyin,
    Different,
    /// One record has no name of its own.
    Unknown,
}

impl NameAgreement {
    pub fn agrees(self) -> bool {
        matches!(self, NameAgreement::Same | NameAgreement::Pinyin)
    }
}

/// A name in the forms it is compared by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameForms {
    /// Letters and characters only, lower-cased, in the order written.
    plain: String,
    /// Spoken forms: the pinyin of each surname reading, the Latin parts in either order.
    spoken: Vec<String>,
}

impl NameForms {
    /// `None` for a name with nothing to compare (blank, punctuation only).
    pub fn of(name: &str) -> Option<NameForms> {
        let plain: String = name.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect();
        if plain.is_empty() {
            return None;
        }
        let chars: Vec<Vec<String>> = name.chars().map(readings).filter(|r| !r.is_empty()).collect();
        let mut spoken = Vec::new();
        if plain.chars().any(|c| !c.is_ascii()) {
            let rest: String = chars[1..].iter().map(|r| r[0].as_str()).collect();
            spoken.extend(chars[0].iter().take(SURNAME_READINGS).map(|s| format!("{s}{rest}")));
        } else {
            // Latin parts: as written, and with the surname moved from last to first (or back)
            let parts: Vec<String> = name.split(|c: char| !c.is_alphanumeric()).filter(|p| !p.is_empty()).map(str::to_lowercase).collect();
            spoken.push(parts.concat());
            if parts.len() >= 2 {
                let (last, first) = (parts[parts.len() - 1].clone(), parts[0].clone());
                spoken.push(format!("{last}{}", parts[..parts.len() - 1].concat()));
                spoken.push(format!("{}{first}", parts[1..].concat()));
            }
        }
        Some(NameForms { plain, spoken })
    }

    /// A stored customer's name; `None` for the stand-in of a record that came without one.
    pub fn of_customer(name: &str) -> Option<NameForms> {
        if crate::events::is_placeholder_name(name) { None } else { NameForms::of(name) }
    }

    pub fn compare(&self, other: &NameForms) -> NameAgreement {
        let han = |f: &NameForms| !f.plain.is_ascii();
        if self.plain == other.plain {
            NameAgreement::Same
        } else if han(self) && han(other) {
            // characters written on both sides decide: 杨一 and 杨怡 sound alike but are two names
            NameAgreement::Different
        } else if self.spoken.iter().any(|s| other.spoken.contains(s)) {
            NameAgreement::Pinyin
        } else {
            NameAgreement::Different
        }
    }
}

/// A Chinese name as airline and OTA passenger records write it, `SURNAME/GIVEN` in capitals
/// (`张伟` → `ZHANG/WEI`); `None` when a character has no reading. The surname is taken to
/// be the first character, and its first reading.
pub fn passenger_name(name: &str) -> Option<String> {
    let readings: Vec<String> = name.chars().filter(|c| !c.is_whitespace()).map(|c| readings(c).into_iter().next()).collect::<Option<_>>()?;
    let (surname, given) = readings.split_first()?;
    (!given.is_empty()).then(|| format!("{}/{}", surname.to_uppercase(), given.concat().to_uppercase()))
}

/// How two optional names compare.
pub fn compare_names(a: Option<&NameForms>, b: Option<&NameForms>) -> NameAgreement {
    match (a, b) {
        (Some(a), Some(b)) => a.compare(b),
        _ => NameAgreement::Unknown,
    }
}

/// [`compare_names`] over two stored customers' names.
pub fn compare_customers(a: &str, b: &str) -> NameAgreement {
    compare_names(NameForms::of_customer(a).as_ref(), NameForms::of_customer(b).as_ref())
}

#[cfg(test)]
fn compare_raw(a: &str, b: &str) -> NameAgreement {
    compare_names(NameForms::of(a).as_ref(), NameForms::of(b).as_ref())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_name_however_the_channel_wrote_it() {
        assert_eq!(compare_raw("张伟", " 张 伟 "), NameAgreement::Same);
        assert_eq!(compare_raw("Zhang Wei", "ZHANG WEI"), NameAgreement::Same);
        assert_eq!(compare_raw("ZHANG/WEI", "zhang wei"), NameAgreement::Same);
        assert_eq!(compare_raw("张伟", "ZHANG/WEI"), NameAgreement::Pinyin);
        assert_eq!(compare_raw("张伟", "Wei Zhang"), NameAgreement::Pinyin);
        assert_eq!(compare_raw("曾小华", "Zeng Xiaohua"), NameAgreement::Pinyin);
        assert_eq!(compare_raw("欧阳娜娜", "OUYANG NANA"), NameAgreement::Pinyin);
    }

    #[test]
    fn passenger_names() {
        assert_eq!(passenger_name("张伟").as_deref(), Some("ZHANG/WEI"));
        assert_eq!(passenger_name("欧阳娜娜").as_deref(), Some("OU/YANGNANA"));
        assert_eq!(passenger_name("伟"), None);
    }

    #[test]
    fn family_members_and_blanks_do_not_agree() {
        assert_eq!(compare_raw("张伟", "张磊"), NameAgreement::Different);
        assert_eq!(compare_raw("杨一", "杨怡"), NameAgreement::Different);
        assert_eq!(compare_raw("张伟", "Li Na"), NameAgreement::Different);
        assert_eq!(compare_raw("Wei Zhang", "Wei Zhao"), NameAgreement::Different);
        assert_eq!(compare_raw("张伟", "  "), NameAgreement::Unknown);
        assert!(!NameAgreement::Unknown.agrees());
        assert_eq!(compare_customers("douyin DY1", "张伟"), NameAgreement::Unknown);
    }
}
