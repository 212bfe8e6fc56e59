//! Display masking for personal data (PIPL): roles without the reveal permission only ever
//! receive these forms from the API.

use crate::phone::national_number;

/// `+8613812345678` → `138****5678`; short or foreign numbers keep only their last four digits.
pub fn mask_phone(e164: &str) -> String {
    let national = national_number(e164);
    let chars: Vec<char> = national.chars().collect();
    if e164.starts_with("+86") && chars.len() == 11 {
        let head: String = chars[..3].iter().collect();
        let tail: String = chars[7..].iter().collect();
        return format!("{head}****{tail}");
    }
    let keep = chars.len().min(4);
    let tail: String = chars[chars.len() - keep..].iter().collect();
    format!("{}{tail}", "*".repeat(chars.len() - keep))
}

/// ID / passport numbers: a resident ID keeps its first and last four characters
/// (`110101199003071234` → `1101**********1234`); shorter numbers such as passports keep one
/// and two, so most of the number is always hidden (`E06295605` → `E******05`).
pub fn mask_id_number(id: &str) -> String {
    let chars: Vec<char> = id.chars().collect();
    let (head, tail) = match chars.len() {
        15.. => (4, 4),
        5..=14 => (1, 2),
        _ => (0, 0),
    };
    let hidden = chars.len() - head - tail;
    let (start, end): (String, String) = (chars[..head].iter().collect(), chars[head + hidden..].iter().collect());
    format!("{start}{}{end}", "*".repeat(hidden))
}

/// `zhang.wei@example.com` → `z***@example.com`.
pub fn mask_email(email: &str) -> String {
    match email.split_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}***@{domain}")
        }
        None => "***".to_string(),
    }
}

/// A reveal must say why (PIPL: purpose of processing); the reason is audited.
pub const MIN_REASON_CHARS: usize = 4;
pub const MAX_REASON_CHARS: usize = 200;

/// Trims a reveal reason and checks its length.
pub fn clean_reason(raw: &str) -> Option<String> {
    let reason = raw.trim();
    let n = reason.chars().count();
    (n >= MIN_REASON_CHARS && n <= MAX_REASON_CHARS && !reason.chars().any(char::is_control)).then(|| reason.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reveal_needs_a_real_reason() {
        assert_eq!(clean_reason("  回电确认行程 "), Some("回电确认行程".into()));
        assert_eq!(clean_reason("ok"), None);
        assert_eq!(clean_reason(&"x".repeat(201)), None);
        assert_eq!(clean_reason("line\nbreak"), None);
    }

    #[test]
    fn mobile_masks_the_middle_four() {
        assert_eq!(mask_phone("+8613812345678"), "138****5678");
    }

    #[test]
    fn foreign_numbers_show_only_the_tail() {
        assert_eq!(mask_phone("+85291234567"), "*******4567");
    }

    #[test]
    fn id_numbers_hide_the_middle() {
        assert_eq!(mask_id_number("110101199003071234"), "1101**********1234");
        assert_eq!(mask_id_number("E06295605"), "E******05");
        assert_eq!(mask_id_number("E1234567"), "E*****67");
        assert_eq!(mask_id_number("1234"), "****");
    }

    #[test]
    fn email_keeps_domain() {
        assert_eq!(mask_email("zhang.wei@example.com"), "z***@example.com");
        assert_eq!(mask_email("broken"), "***");
    }
}
