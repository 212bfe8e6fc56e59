//! A passport, permit or visa recorded at the counter.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use roundtrip_domain::dto::ErrorEnvelope;
use roundtrip_domain::trips::documents::{refusal_message, DocumentOnFile, NewDocument};

use super::parse_id;
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::extract::Json;
use crate::state::AppState;

/// Records a travel document on a customer the caller may see: the number sealed and masked,
/// the recording audited. The same number again updates its expiry (a retry is one document).
#[utoipa::path(post, path = "/api/v1/customers/{id}/documents", tag = "customers", params(("id" = i64, Path)),
    request_body = NewDocument, security(("session_cookie" = [])),
    responses(
        (status = 201, description = "The document as the profile lists it (number masked)", body = DocumentOnFile),
        (status = 404, description = "No such customer in the caller's scope", body = ErrorEnvelope),
        (status = 422, description = "A field is not valid; `details` names it", body = ErrorEnvelope),
        crate::routes::SignedIn,
    ))]
pub async fn record_document(State(state): State<AppState>, user: CurrentUser, Path(id): Path<String>, Json(body): Json<NewDocument>) -> Result<(StatusCode, Json<DocumentOnFile>), AppError> {
    let id = parse_id(&id)?;
    let doc = body.checked(state.clock.today()).map_err(|r| AppError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_body", refusal_message(&r)).with_refusal(r))?;
    let (scope, by, now, vault) = (user.store_scope(), user.id(), state.clock.now(), state.id_vault.clone());
    let saved = state.db.write(move |conn| crate::db::documents::record(conn, id, &doc, scope, by, now, &vault)).await?;
    Ok((StatusCode::CREATED, Json(saved)))
}
