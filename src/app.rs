use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Redirect, Route, Router, Routes};
use leptos_router::path;

use crate::components::lazy_page::LazyPage;
use crate::components::shell::Shell;
use crate::components::states::NotFound;
use crate::globals::Session;
use crate::i18n::{I18n, Locale};
use crate::pages::chunks;
use crate::pages::customers::list::CustomerListPage;
use crate::pages::login::LoginPage;
use crate::pages::sync::SyncPage;

#[component]
pub fn App() -> impl IntoView {
    let locale = RwSignal::new(Locale::detect());
    Effect::new(move |_| locale.get().apply());
    provide_context(I18n(locale));
    provide_context(Session(RwSignal::new(None)));
    provide_context(crate::cache::status::SyncStatus::new());

    view! {
        <Router>
            <Routes fallback=|| view! { <NotFound/> }>
                <Route path=path!("/login") view=LoginPage/>
                <ParentRoute path=path!("") view=Shell>
                    <Route path=path!("") view=|| view! { <Redirect path="/customers"/> }/>
                    <Route path=path!("customers") view=CustomerListPage/>
                    <Route path=path!("customers/:id") view=|| view! { <LazyPage load=chunks::customer_profile/> }/>
                    <Route path=path!("customers/:id/journeys") view=|| view! { <LazyPage load=chunks::customer_journeys/> }/>
                    <Route path=path!("journeys") view=|| view! { <LazyPage load=chunks::journeys/> }/>
                    <Route path=path!("overview") view=|| view! { <LazyPage load=chunks::overview/> }/>
                    <Route path=path!("audit") view=|| view! { <LazyPage load=chunks::audit/> }/>
                    <Route path=path!("tokens") view=|| view! { <LazyPage load=chunks::tokens/> }/>
                    <Route path=path!("connectors") view=|| view! { <LazyPage load=chunks::connectors/> }/>
                    <Route path=path!("communities") view=|| view! { <LazyPage load=chunks::communities/> }/>
                    <Route path=path!("communities/dashboard") view=|| view! { <LazyPage load=chunks::community_dashboard/> }/>
                    <Route path=path!("communities/:id") view=|| view! { <LazyPage load=chunks::community/> }/>
                    <Route path=path!("community-events/:id") view=|| view! { <LazyPage load=chunks::community_event/> }/>
                    <Route path=path!("service") view=|| view! { <LazyPage load=chunks::service/> }/>
                    <Route path=path!("care") view=|| view! { <LazyPage load=chunks::care/> }/>
                    <Route path=path!("service/new") view=|| view! { <LazyPage load=chunks::new_ticket/> }/>
                    <Route path=path!("service/dashboard") view=|| view! { <LazyPage load=chunks::service_dashboard/> }/>
                    <Route path=path!("service/disruptions") view=|| view! { <LazyPage load=chunks::disruptions/> }/>
                    <Route path=path!("service/departures") view=|| view! { <LazyPage load=chunks::departures/> }/>
                    <Route path=path!("service/disruptions/:id") view=|| view! { <LazyPage load=chunks::disruption/> }/>
                    <Route path=path!("service/:id") view=|| view! { <LazyPage load=chunks::ticket/> }/>
                    <Route path=path!("duplicates") view=|| view! { <LazyPage load=chunks::duplicates/> }/>
                    <Route path=path!("import") view=|| view! { <LazyPage load=chunks::import/> }/>
                    <Route path=path!("sync") view=SyncPage/>
                    <Route path=path!("audience") view=|| view! { <LazyPage load=chunks::audience/> }/>
                </ParentRoute>
            </Routes>
        </Router>
    }
}
