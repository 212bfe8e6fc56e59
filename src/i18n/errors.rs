//! A failed request in the user's language. The server explains itself in English, for API
//! clients and logs; the Chinese interface says the same from the error's code instead, so
//! no English sentence from the server reaches it.

use super::{Locale, Msg};
use crate::api::ApiError;

/// What a server error code means, where the console has words for it.
fn code_msg(code: &str) -> Option<Msg> {
    Some(match code {
        "invalid_body" | "invalid_query" | "malformed_json" | "unsupported_media_type" | "method_not_allowed" | "invalid_event" => Msg::ErrCodeInput,
        "version_conflict" => Msg::ErrCodeVersion,
        "store_scope" => Msg::ErrCodeStoreScope,
        "forbidden" => Msg::ErrCodeForbidden,
        "event_full" => Msg::ErrCodeEventFull,
        "event_over" => Msg::ErrCodeEventOver,
        "not_checked_in" => Msg::ErrCodeNotCheckedIn,
        "duplicate_name" => Msg::ErrCodeDuplicateName,
        "merge_closed" => Msg::ErrCodeMergeClosed,
        "already_unmerged" => Msg::ErrCodeUnmerged,
        "invalid_credentials" => Msg::ErrCodeCredentials,
        "too_many_attempts" => Msg::ErrCodeTooMany,
        "self_disable" => Msg::ErrCodeSelfDisable,
        "confirmation_mismatch" => Msg::ErrCodeConfirmName,
        "invalid_assignee" => Msg::ErrCodeAssignee,
        "invalid_store" | "unknown_store" => Msg::ErrCodeStore,
        "ticket_state" => Msg::ErrCodeTicketState,
        "id_number_unreadable" => Msg::ErrCodeIdNumber,
        "batch_too_large" | "body_too_large" => Msg::ErrCodeTooLarge,
        "cross_origin" => Msg::ErrCodeCrossOrigin,
        "request_timeout" => Msg::ErrorTimeout,
        "busy" => Msg::ErrorBusy,
        "storage_full" => Msg::ErrorStorageFull,
        "not_found" => Msg::ErrorNotFound,
        "unauthenticated" => Msg::ErrorSession,
        "internal" | "storage_unavailable" => Msg::ErrorServer,
        _ => return None,
    })
}

/// The failure's kind: the heading an error state shows, and the whole sentence for errors
/// that carry no code of their own.
pub fn error_heading(error: &ApiError) -> Msg {
    match error {
        ApiError::Network => Msg::ErrorNetwork,
        ApiError::Unauthenticated => Msg::ErrorSession,
        ApiError::NotFound => Msg::ErrorNotFound,
        ApiError::Rejected { .. } => Msg::ErrorInput,
        ApiError::Server(408) => Msg::ErrorTimeout,
        ApiError::Server(503) => Msg::ErrorBusy,
        ApiError::Server(507) => Msg::ErrorStorageFull,
        ApiError::Server(_) | ApiError::Decode => Msg::ErrorServer,
    }
}

/// A sentence for the failure: the server's own for a refused request in English, the one for
/// its code in Chinese (a code without one gets the general "check what was entered").
pub fn describe_error(error: &ApiError, locale: Locale) -> String {
    match error {
        ApiError::Rejected { code, message, .. } => describe_refusal(code, message, locale),
        other => error_heading(other).text(locale).to_owned(),
    }
}

/// A refusal the server explained with `code` and `message` (a request's, or one event's
/// of an import batch), in the interface's language.
pub fn describe_refusal(code: &str, message: &str, locale: Locale) -> String {
    match locale {
        Locale::En if !message.is_empty() => message.to_owned(),
        _ => code_msg(code).unwrap_or(Msg::ErrCodeInput).text(locale).to_owned(),
    }
}
