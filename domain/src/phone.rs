//! Phone numbers: every channel writes them differently (`138 0013 8000`, `+86-13800138000`,
//! `008613800138000`); identity matching and search need one form, E.164.

use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum PhoneError {
    #[error("phone number is empty")]
    Empty,
    #[error("phone number contains characters other than digits, spaces, dashes, dots, brackets and a leading +")]
    InvalidCharacters,
    #[error("not a mainland mobile (11 digits from 13 to 19), a landline with its area code (021-6123 4567) or an international number (+852 …)")]
    NotAPhoneNumber,
    #[error("placeholder phone number (repeated digits) cannot identify anyone")]
    Placeholder,
}

/// Normalises a phone number to E.164 (`+8613800138000`, `+862161234567`).
///
/// Mainland mobiles may come bare (11 digits), with `+86`, `86` or `0086`; landlines with their
/// area code after a trunk `0` (`021-6123 4567`) or after `+86` (`+86 21 6123 4567`); other
/// countries must carry `+` or `00` and 8-15 digits. Separators (space, `-`, `.`, brackets)
/// are ignored.
pub fn normalize_phone(raw: &str) -> Result<String, PhoneError> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Err(PhoneError::Empty);
    }
    let mut digits = String::with_capacity(trimmed.len());
    let mut international = false;
    for ch in trimmed.chars() {
        match ch {
            '0'..='9' => digits.push(ch),
            '+' if digits.is_empty() && !international => international = true,
            ' ' | '-' | '.' | '(' | ')' | '\u{3000}' => {}
            _ => return Err(PhoneError::InvalidCharacters),
        }
    }
    if let Some(rest) = digits.strip_prefix("00") {
        digits = rest.to_string();
        international = true;
    }
    if let Some(rest) = digits.strip_prefix("86").filter(|r| r.len() == 11 && r.starts_with('1')) {
        return mobile(rest);
    }
    if international {
        return match digits.strip_prefix("86") {
            // a landline after +86, its trunk 0 dropped if it was written too: +86 (0)21 …
            Some(rest) => landline(rest.strip_prefix('0').unwrap_or(rest)),
            None if (8..=15).contains(&digits.len()) => checked(format!("+{digits}"), &digits),
            None => Err(PhoneError::NotAPhoneNumber),
        };
    }
    match digits.strip_prefix('0') {
        Some(rest) => landline(rest),
        None if digits.len() == 11 => mobile(&digits),
        None => Err(PhoneError::NotAPhoneNumber),
    }
}

/// An 11-digit mainland mobile: 13 to 19.
fn mobile(national: &str) -> Result<String, PhoneError> {
    let bytes = national.as_bytes();
    if bytes.len() != 11 || bytes[0] != b'1' || !(b'3'..=b'9').contains(&bytes[1]) {
        return Err(PhoneError::NotAPhoneNumber);
    }
    checked(format!("+86{national}"), national)
}

/// A mainland landline without its trunk 0: Beijing `10` and the `2x` cities have two-digit
/// area codes and eight-digit numbers, the rest three-digit codes and seven or eight digits; a
/// subscriber number starts 2 to 9.
fn landline(national: &str) -> Result<String, PhoneError> {
    let area = match national.as_bytes().first() {
        Some(b'1') if national.starts_with("10") => 2,
        Some(b'2') => 2,
        Some(b'3'..=b'9') => 3,
        _ => return Err(PhoneError::NotAPhoneNumber),
    };
    let subscriber = &national[area.min(national.len())..];
    let lengths = if area == 2 { 8..=8 } else { 7..=8 };
    if !lengths.contains(&subscriber.len()) || !subscriber.starts_with(|c: char| ('2'..='9').contains(&c)) {
        return Err(PhoneError::NotAPhoneNumber);
    }
    checked(format!("+86{national}"), national)
}

fn checked(e164: String, subscriber: &str) -> Result<String, PhoneError> {
    let tail = &subscriber[subscriber.len() - 8..];
    if tail.chars().all(|c| c == tail.as_bytes()[0] as char) {
        return Err(PhoneError::Placeholder);
    }
    Ok(e164)
}

/// The last four digits: what a customer says at the counter, and what search indexes.
pub fn phone_tail(e164: &str) -> &str {
    let start = e164.len().saturating_sub(4);
    &e164[start..]
}

/// The national part of an E.164 number for display (`+8613800138000` → `13800138000`).
pub fn national_number(e164: &str) -> &str {
    e164.strip_prefix("+86").unwrap_or(e164.trim_start_matches('+'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mainland_forms_normalise_to_one_e164() {
        for raw in [
            "13800138000",
            "138 0013 8000",
            "138-0013-8000",
            "+86 138 0013 8000",
            "+86-13800138000",
            "008613800138000",
            "8613800138000",
            " (+86) 138.0013.8000 ",
        ] {
            assert_eq!(normalize_phone(raw).as_deref(), Ok("+8613800138000"), "{raw}");
        }
    }

    #[test]
    fn landlines_keep_their_area_code() {
        for raw in ["021-6123 4567", "(021)61234567", "+86 21 6123 4567", "0086-21-61234567", "+86 (0)21 6123 4567"] {
            assert_eq!(normalize_phone(raw).as_deref(), Ok("+862161234567"), "{raw}");
        }
        assert_eq!(normalize_phone("010-6234 5678").as_deref(), Ok("+861062345678"));
        assert_eq!(normalize_phone("0755 2345 6789").as_deref(), Ok("+8675523456789"));
        assert_eq!(normalize_phone("0571-8765432").as_deref(), Ok("+865718765432"), "seven digits after a three-digit code");
        assert_eq!(normalize_phone("021-1234 5678"), Err(PhoneError::NotAPhoneNumber), "no subscriber number starts 1");
        assert_eq!(normalize_phone("021-6123 456"), Err(PhoneError::NotAPhoneNumber), "too short for Shanghai");
        assert_eq!(normalize_phone("0123 4567 890"), Err(PhoneError::NotAPhoneNumber), "no area code 12");
        assert_eq!(normalize_phone("021-8888 8888"), Err(PhoneError::Placeholder));
    }

    #[test]
    fn international_numbers_keep_their_country_code() {
        assert_eq!(normalize_phone("+852 9123 4567").as_deref(), Ok("+85291234567"));
        assert_eq!(normalize_phone("0044 20 7946 0958").as_deref(), Ok("+442079460958"));
    }

    #[test]
    fn rejects_what_cannot_be_a_customer_phone() {
        assert_eq!(normalize_phone(""), Err(PhoneError::Empty));
        assert_eq!(normalize_phone("1380013800a"), Err(PhoneError::InvalidCharacters));
        assert_eq!(normalize_phone("12800138000"), Err(PhoneError::NotAPhoneNumber));
        assert_eq!(normalize_phone("1380013800"), Err(PhoneError::NotAPhoneNumber));
        assert_eq!(normalize_phone("13800000000"), Err(PhoneError::Placeholder));
        assert_eq!(normalize_phone("1+3800138000"), Err(PhoneError::InvalidCharacters));
    }

    #[test]
    fn tail_and_national_number() {
        assert_eq!(phone_tail("+8613800138000"), "8000");
        assert_eq!(national_number("+8613800138000"), "13800138000");
        assert_eq!(national_number("+85291234567"), "85291234567");
    }
}
