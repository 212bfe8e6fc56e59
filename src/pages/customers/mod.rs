pub mod journeys;
pub mod list;
pub mod profile;

use std::future::Future;

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api::ApiError;

/// The page's customer (the `:id` route parameter) and `fetch` of it; an id that is not a
/// number is "not found" without asking the server.
pub fn customer_resource<T, F, Fut>(fetch: F) -> (Memo<Option<i64>>, LocalResource<Result<T, ApiError>>)
where
    T: 'static,
    F: Fn(i64) -> Fut + Copy + 'static,
    Fut: Future<Output = Result<T, ApiError>> + 'static,
{
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok())));
    let resource = LocalResource::new(move || {
        let id = id.get();
        async move {
            match id {
                Some(id) => fetch(id).await,
                None => Err(ApiError::NotFound),
            }
        }
    });
    (id, resource)
}
