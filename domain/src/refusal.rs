//! Why input was refused, as data: the field, the rule it broke and the rule's bounds. The
//! server sends it as an error's `details`; the console words it in the reader's language (the
//! error's English message stays for API clients and logs).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// `min` to `max` characters.
    Length,
    /// A number from `min` to `max`.
    Range,
    /// At most `max` of them.
    TooMany,
    /// Only `max` available.
    NotEnough,
    /// Not one of the accepted values.
    OneOf,
    /// A time that has not come yet.
    InFuture,
    /// More than `max` days ago.
    TooOld,
    /// More than `max` days before or after today.
    OutsideDays,
    /// Not a valid value of its kind (a phone, an email, an ID number).
    Format,
    /// Holds NUL or another control character (a broken export, or an attack on a terminal).
    Control,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Refusal {
    pub field: String,
    pub rule: Rule,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<i64>,
}

impl Refusal {
    pub fn new(field: &str, rule: Rule, min: Option<i64>, max: Option<i64>) -> Self {
        Self { field: field.to_owned(), rule, min, max }
    }

    pub fn length(field: &str, min: usize, max: usize) -> Self {
        Self::new(field, Rule::Length, Some(min as i64), Some(max as i64))
    }

    pub fn range(field: &str, min: i64, max: i64) -> Self {
        Self::new(field, Rule::Range, Some(min), Some(max))
    }

    pub fn bound(field: &str, rule: Rule, max: i64) -> Self {
        Self::new(field, rule, None, Some(max))
    }

    pub fn only(field: &str, rule: Rule) -> Self {
        Self::new(field, rule, None, None)
    }
}

/// The English wording, for API clients and logs.
impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (min, max) = (self.min.unwrap_or(0), self.max.unwrap_or(0));
        let field = &self.field;
        match self.rule {
            Rule::Length if min > 1 => write!(f, "{field}: write at least {min} characters, at most {max}"),
            Rule::Length => write!(f, "{field}: {min} to {max} characters"),
            Rule::Range => write!(f, "{field}: a number from {min} to {max}"),
            Rule::TooMany => write!(f, "{field}: at most {max}"),
            Rule::NotEnough => write!(f, "{field}: only {max} available"),
            Rule::OneOf => write!(f, "{field}: not one of the accepted values"),
            Rule::InFuture => write!(f, "{field}: cannot be in the future"),
            Rule::TooOld => write!(f, "{field}: more than {max} days ago"),
            Rule::OutsideDays => write!(f, "{field}: more than {max} days from today"),
            Rule::Format => write!(f, "{field}: not a valid value"),
            Rule::Control => write!(f, "{field}: contains a control character"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_travels_as_json_with_only_its_bounds() {
        let r = Refusal::length("note", 1, 2000);
        assert_eq!(serde_json::to_value(&r).unwrap(), serde_json::json!({ "field": "note", "rule": "length", "min": 1, "max": 2000 }));
        assert_eq!(serde_json::to_value(Refusal::only("spoke_at", Rule::InFuture)).unwrap(), serde_json::json!({ "field": "spoke_at", "rule": "in_future" }));
        let back: Refusal = serde_json::from_value(serde_json::json!({ "field": "points", "rule": "not_enough", "max": 120 })).unwrap();
        assert_eq!(back, Refusal::bound("points", Rule::NotEnough, 120));
        assert_eq!(back.to_string(), "points: only 120 available");
    }
}
