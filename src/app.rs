use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Redirect, Route, Router, Routes};
use leptos_router::path;

use crate::components::shell::Shell;
use crate::components::states::NotFound;
use crate::globals::Session;
use crate::i18n::{I18n, Locale};
use crate::pages::customers::journeys::CustomerJourneysPage;
use crate::pages::customers::list::CustomerListPage;
use crate::pages::customers::profile::CustomerProfilePage;
use crate::pages::duplicates::DuplicatesPage;
use crate::pages::import::ImportPage;
use crate::pages::journeys::JourneysPage;
use crate::pages::communities::{dashboard::CommunityDashboardPage, detail::CommunityPage, event::EventPage, CommunitiesPage};
use crate::pages::overview::OverviewPage;
use crate::pages::audit::AuditPage;
use crate::pages::login::LoginPage;
use crate::pages::sync::SyncPage;
use crate::pages::audience::AudiencePage;
use crate::pages::service::{care::CarePage, dashboard::ServiceDashboardPage, new_ticket::NewTicketPage, ticket::TicketPage, ServicePage};

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
                    <Route path=path!("customers/:id") view=CustomerProfilePage/>
                    <Route path=path!("customers/:id/journeys") view=CustomerJourneysPage/>
                    <Route path=path!("journeys") view=JourneysPage/>
                    <Route path=path!("overview") view=OverviewPage/>
                    <Route path=path!("audit") view=AuditPage/>
                    <Route path=path!("communities") view=CommunitiesPage/>
                    <Route path=path!("communities/dashboard") view=CommunityDashboardPage/>
                    <Route path=path!("communities/:id") view=CommunityPage/>
                    <Route path=path!("community-events/:id") view=EventPage/>
                    <Route path=path!("service") view=ServicePage/>
                    <Route path=path!("care") view=CarePage/>
                    <Route path=path!("service/new") view=NewTicketPage/>
                    <Route path=path!("service/dashboard") view=ServiceDashboardPage/>
                    <Route path=path!("service/:id") view=TicketPage/>
                    <Route path=path!("duplicates") view=DuplicatesPage/>
                    <Route path=path!("import") view=ImportPage/>
                    <Route path=path!("sync") view=SyncPage/>
                    <Route path=path!("audience") view=AudiencePage/>
                </ParentRoute>
            </Routes>
        </Router>
    }
}
