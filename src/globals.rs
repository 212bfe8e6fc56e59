//! App-wide state provided as context at the root.

use leptos::prelude::*;
use roundtrip_domain::dto::Me;

/// The signed-in user, once known. `None` while loading or after signing out.
#[derive(Clone, Copy)]
pub struct Session(pub RwSignal<Option<Me>>);

impl Session {
    /// Signs `me` in for the console: their agency's clock is the one times are shown on.
    pub fn begin(&self, me: Me) {
        crate::i18n::set_agency_zone(&me.time_zone);
        self.0.set(Some(me));
    }
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}
