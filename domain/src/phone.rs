//! Phone numbers: every channel writes them differently (`138 0013 8000`, `+86-13800138000`,
//! `008613800138000`); identity matching and search need one form, E.164.

use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum PhoneError {
    #[error("phone number is empty")]
    Empty,
    #[error("phone number contains characters other than digits, spaces, dashes, dots, brackets and a leading +")]
    InvalidCharacters,
    #[error("not a mainland China mobile number (11 digits starting 13-19) or an international number")]
    NotAMobileNumber,
    #[error("placeholder phone number (repeated digits) cannot identify anyone")]
    Placeholder,
}

/// Normalises a phone number to E.164 (`+8613800138000`).
///
/// Mainland mobiles may come bare (11 digits), with `+86`, `86` or `0086`; other countries must
/// carry `+` or `00` and 8-15 digits. Separators (space, `-`, `.`, brackets) are ignored.
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
    let national = if let Some(rest) = digits.strip_prefix("86").filter(|r| r.len() == 11) {
        rest.to_string()
    } else if !international && digits.len() == 11 {
        digits.clone()
    } else if international && (8..=15).contains(&digits.len()) && !digits.starts_with("86") {
        return checked(format!("+{digits}"), &digits);
    } else {
        return Err(PhoneError::NotAMobileNumber);
    };
    let bytes = national.as_bytes();
    if bytes[0] != b'1' || !(b'3'..=b'9').contains(&bytes[1]) {
        return Err(PhoneError::NotAMobileNumber);
    }
    checked(format!("+86{national}"), &national)
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
    fn international_numbers_keep_their_country_code() {
        assert_eq!(normalize_phone("+852 9123 4567").as_deref(), Ok("+85291234567"));
        assert_eq!(normalize_phone("0044 20 7946 0958").as_deref(), Ok("+442079460958"));
    }

    #[test]
    fn rejects_what_cannot_be_a_customer_phone() {
        assert_eq!(normalize_phone(""), Err(PhoneError::Empty));
        assert_eq!(normalize_phone("1380013800a"), Err(PhoneError::InvalidCharacters));
        assert_eq!(normalize_phone("12800138000"), Err(PhoneError::NotAMobileNumber));
        assert_eq!(normalize_phone("1380013800"), Err(PhoneError::NotAMobileNumber));
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
