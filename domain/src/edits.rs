//! Validation of staff edits on a customer, shared by the API (which enforces it) and the
//! console (which checks before sending, so people see the problem at once).

use chrono::{Duration, NaiveDate};
use crate::refusal::{Refusal, Rule};

pub const MAX_TAG_CHARS: usize = 20;
pub const MAX_TAGS: usize = 30;
pub const MAX_NOTE_CHARS: usize = 2_000;
pub const MAX_TITLE_CHARS: usize = 200;
/// A follow-up is due within two years of today, either way.
pub const DUE_DATE_SPAN_DAYS: i64 = 730;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    #[error("a tag must be 1 to {MAX_TAG_CHARS} characters without line breaks")]
    BadTag,
    #[error("a customer can have at most {MAX_TAGS} tags")]
    TooManyTags,
    #[error("a note must be 1 to {MAX_NOTE_CHARS} characters")]
    BadNote,
    #[error("a follow-up title must be 1 to {MAX_TITLE_CHARS} characters")]
    BadTitle,
    #[error("the due date must be within two years of today")]
    BadDueDate,
    #[error("a visit summary must be at most {} characters without line breaks", crate::offline::MAX_VISIT_CHARS)]
    BadVisit,
    #[error("feedback {0}")]
    BadFeedback(Refusal),
}

impl EditError {
    /// The field and the rule, for the console to word.
    pub fn refusal(&self) -> Refusal {
        match self {
            EditError::BadTag => Refusal::length("tag", 1, MAX_TAG_CHARS),
            EditError::TooManyTags => Refusal::bound("tags", Rule::TooMany, MAX_TAGS as i64),
            EditError::BadNote => Refusal::length("note", 1, MAX_NOTE_CHARS),
            EditError::BadTitle => Refusal::length("title", 1, MAX_TITLE_CHARS),
            EditError::BadDueDate => Refusal::bound("due_on", Rule::OutsideDays, DUE_DATE_SPAN_DAYS),
            EditError::BadVisit => Refusal::length("summary", 0, crate::offline::MAX_VISIT_CHARS),
            EditError::BadFeedback(r) => r.clone(),
        }
    }
}

fn fits(text: &str, max: usize) -> bool {
    let n = text.chars().count();
    n >= 1 && n <= max
}

/// Trims a tag and checks it; tags are short labels, not sentences.
pub fn clean_tag(raw: &str) -> Result<String, EditError> {
    let tag = raw.trim();
    if !fits(tag, MAX_TAG_CHARS) || tag.chars().any(char::is_control) {
        return Err(EditError::BadTag);
    }
    Ok(tag.to_string())
}

/// The tag set after an edit: removals first, then additions, no duplicates, order kept.
pub fn apply_tag_change(current: &[String], add: &[String], remove: &[String]) -> Result<Vec<String>, EditError> {
    let add: Vec<String> = add.iter().map(|t| clean_tag(t)).collect::<Result<_, _>>()?;
    let remove: Vec<String> = remove.iter().map(|t| t.trim().to_string()).collect();
    let mut tags: Vec<String> = current.iter().filter(|t| !remove.contains(t)).cloned().collect();
    for tag in add {
        if !tags.contains(&tag) {
            tags.push(tag);
        }
    }
    if tags.len() > MAX_TAGS {
        return Err(EditError::TooManyTags);
    }
    Ok(tags)
}

pub fn clean_note(raw: &str) -> Result<String, EditError> {
    let body = raw.trim();
    if !fits(body, MAX_NOTE_CHARS) {
        return Err(EditError::BadNote);
    }
    Ok(body.to_string())
}

pub fn check_follow_up(title: &str, due_on: NaiveDate, today: NaiveDate) -> Result<String, EditError> {
    let title = title.trim();
    if !fits(title, MAX_TITLE_CHARS) || title.chars().any(char::is_control) {
        return Err(EditError::BadTitle);
    }
    let span = Duration::days(DUE_DATE_SPAN_DAYS);
    if due_on < today - span || due_on > today + span {
        return Err(EditError::BadDueDate);
    }
    Ok(title.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn tag_changes_remove_then_add_without_duplicates() {
        let now = apply_tag_change(&v(&["海岛", "亲子"]), &v(&[" 摄影 ", "海岛"]), &v(&["亲子"])).unwrap();
        assert_eq!(now, v(&["海岛", "摄影"]));
    }

    #[test]
    fn bad_tags_are_refused() {
        assert_eq!(clean_tag("  "), Err(EditError::BadTag));
        assert_eq!(clean_tag(&"长".repeat(21)), Err(EditError::BadTag));
        assert_eq!(clean_tag("a\nb"), Err(EditError::BadTag));
        assert_eq!(clean_tag(&"长".repeat(20)).unwrap().chars().count(), 20);
        let many: Vec<String> = (0..MAX_TAGS + 1).map(|i| format!("t{i}")).collect();
        assert_eq!(apply_tag_change(&[], &many, &[]), Err(EditError::TooManyTags));
    }

    #[test]
    fn notes_and_follow_ups() {
        assert_eq!(clean_note("  客户想去北海道看雪  ").unwrap(), "客户想去北海道看雪");
        assert_eq!(clean_note(""), Err(EditError::BadNote));
        assert_eq!(clean_note(&"x".repeat(MAX_NOTE_CHARS + 1)), Err(EditError::BadNote));
        let today = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        assert!(check_follow_up("回访北海道报价", today + Duration::days(3), today).is_ok());
        assert_eq!(check_follow_up(" ", today, today), Err(EditError::BadTitle));
        assert_eq!(check_follow_up("x", today + Duration::days(800), today), Err(EditError::BadDueDate));
    }
}
