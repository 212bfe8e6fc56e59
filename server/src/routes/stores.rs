use axum::extract::State;
use roundtrip_domain::dto::StoreRef;

use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::extract::Json;
use crate::state::AppState;

/// The stores the caller may filter by: all for managers and admins, their own for staff.
#[utoipa::path(get, path = "/api/v1/stores", tag = "stores", security(("session_cookie" = [])),
    responses(
        (status = 200, description = "Stores in the caller's scope", body = [StoreRef]),
        crate::routes::SignedIn,
    ))]
pub async fn list_stores(State(state): State<AppState>, user: CurrentUser) -> Result<Json<Vec<StoreRef>>, AppError> {
    let scope = user.store_scope();
    let stores = state.db.call(move |conn| crate::db::stores::list(conn, scope)).await?;
    Ok(Json(stores))
}
