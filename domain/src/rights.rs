//! Data-subject rights that need rules of their own: correcting someone's personal details.
//! (Export and erasure are whole-record operations on the server; consent is `consent.rs`.)

use crate::dto::PersonalCorrection;
use crate::refusal::{Refusal, Rule};
use crate::matching::normalize_email;
use crate::phone::normalize_phone;

pub const MAX_NAME_CHARS: usize = 60;
pub const MAX_CITY_CHARS: usize = 30;

/// A correction as it will be written: trimmed, the phone in E.164, the email lower-cased.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Correction {
    pub name: Option<String>,
    pub phone_e164: Option<String>,
    pub email: Option<String>,
    pub city: Option<String>,
}

impl Correction {
    /// The fields changed, for the audit log (names only: the values are personal data).
    pub fn fields(&self) -> Vec<&'static str> {
        [("name", self.name.is_some()), ("phone", self.phone_e164.is_some()), ("email", self.email.is_some()), ("city", self.city.is_some())]
            .into_iter()
            .filter_map(|(f, set)| set.then_some(f))
            .collect()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CorrectionError {
    #[error("nothing to correct: give at least one of name, phone, email, city")]
    Nothing,
    #[error("name: 1 to {MAX_NAME_CHARS} characters without line breaks")]
    Name,
    #[error("phone: not a phone number we can reach")]
    Phone,
    #[error("email: not an email address")]
    Email,
    #[error("city: 1 to {MAX_CITY_CHARS} characters")]
    City,
    #[error("reason: 4 to 500 characters (who asked, how it was checked)")]
    Reason,
}

fn short_text(raw: &str, max: usize) -> Option<String> {
    let t = raw.trim();
    ((1..=max).contains(&t.chars().count()) && !t.chars().any(char::is_control)).then(|| t.to_string())
}

pub fn check_correction(req: &PersonalCorrection) -> Result<Correction, CorrectionError> {
    if !(4..=500).contains(&req.reason.trim().chars().count()) {
        return Err(CorrectionError::Reason);
    }
    let c = Correction {
        name: req.name.as_deref().map(|n| short_text(n, MAX_NAME_CHARS).ok_or(CorrectionError::Name)).transpose()?,
        phone_e164: req.phone.as_deref().map(|p| normalize_phone(p).map_err(|_| CorrectionError::Phone)).transpose()?,
        email: req.email.as_deref().map(|e| normalize_email(e).ok_or(CorrectionError::Email)).transpose()?,
        city: req.city.as_deref().map(|c| short_text(c, MAX_CITY_CHARS).ok_or(CorrectionError::City)).transpose()?,
    };
    if c == Correction::default() {
        return Err(CorrectionError::Nothing);
    }
    Ok(c)
}

/// Why an erasure request is not carried out.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ErasureError {
    #[error("reason: 4 to 500 characters (which request, from whom)")]
    Reason,
    #[error("type the customer's name exactly to confirm the erasure")]
    NotConfirmed,
}

impl ErasureError {
    /// The field and the rule, for the console to word.
    pub fn refusal(&self) -> Refusal {
        match self {
            ErasureError::Reason => Refusal::length("reason", 4, 500),
            ErasureError::NotConfirmed => Refusal::only("confirm_name", Rule::OneOf),
        }
    }
}

/// The reason an erasure is recorded with, trimmed: which request, from whom.
pub fn check_erasure_reason(reason: &str) -> Result<String, ErasureError> {
    let reason = reason.trim();
    (4..=500).contains(&reason.chars().count()).then(|| reason.to_string()).ok_or(ErasureError::Reason)
}

/// An erasure goes ahead only when the admin typed the customer's name exactly (spaces
/// around it aside): an irreversible step is not taken on a slip of the id.
pub fn check_erasure_confirmed(typed: &str, name: &str) -> Result<(), ErasureError> {
    (typed.trim() == name).then_some(()).ok_or(ErasureError::NotConfirmed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(name: Option<&str>, phone: Option<&str>, email: Option<&str>, reason: &str) -> PersonalCorrection {
        PersonalCorrection { version: 1, name: name.map(Into::into), phone: phone.map(Into::into), email: email.map(Into::into), city: None, reason: reason.into() }
    }

    #[test]
    fn a_correction_is_normalised_and_lists_its_fields() {
        let c = check_correction(&req(Some(" 王小明 "), Some("138 0013 8000"), Some(" Wang@Example.COM "), "客户来电更正")).unwrap();
        assert_eq!(c.name.as_deref(), Some("王小明"));
        assert_eq!(c.phone_e164.as_deref(), Some("+8613800138000"));
        assert_eq!(c.email.as_deref(), Some("wang@example.com"));
        assert_eq!(c.fields(), vec!["name", "phone", "email"]);
    }

    #[test]
    fn bad_corrections_say_which_field() {
        assert_eq!(check_correction(&req(None, None, None, "客户来电更正")), Err(CorrectionError::Nothing));
        assert_eq!(check_correction(&req(Some(""), None, None, "客户来电更正")), Err(CorrectionError::Name));
        assert_eq!(check_correction(&req(None, Some("12"), None, "客户来电更正")), Err(CorrectionError::Phone));
        assert_eq!(check_correction(&req(None, None, Some("not-an-address"), "客户来电更正")), Err(CorrectionError::Email));
        assert_eq!(check_correction(&req(Some("王"), None, None, "改")), Err(CorrectionError::Reason));
    }

    #[test]
    fn an_erasure_needs_a_reason_and_the_name_typed_exactly() {
        assert_eq!(check_erasure_reason("  PIPL 请求 #12  "), Ok("PIPL 请求 #12".to_string()));
        assert_eq!(check_erasure_reason(" 删 "), Err(ErasureError::Reason));
        assert_eq!(check_erasure_reason(&"x".repeat(501)), Err(ErasureError::Reason));
        assert_eq!(check_erasure_confirmed(" 王芳 ", "王芳"), Ok(()));
        assert_eq!(check_erasure_confirmed("王", "王芳"), Err(ErasureError::NotConfirmed));
    }
}