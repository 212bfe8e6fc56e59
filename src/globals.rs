//! App-wide state provided as context at the root.

use leptos::prelude::*;
use roundtrip_domain::dto::Me;

/// The signed-in user, once known. `None` while loading or after signing out.
#[derive(Clone, Copy)]
pub struct Session(pub RwSignal<Option<Me>>);

pub fn use_session() -> Session {
    expect_context::<Session>()
}
