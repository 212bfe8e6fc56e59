use axum::extract::State;
use roundtrip_domain::dto::StoreRef;

use crate::auth::CurrentUser;
use crate::db::columns::store_col;
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
    let stores = state
        .db
        .call(move |conn| {
            let mut stmt = conn.prepare_cached("SELECT id, name, city FROM stores WHERE ?1 IS NULL OR id = ?1 ORDER BY id")?;
            let rows = stmt.query_map([scope], |r| Ok(store_col(r, 0)?.expect("id is not null")))?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })
        .await?;
    Ok(Json(stores))
}
