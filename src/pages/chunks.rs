//! Split points: each page here is compiled into its own wasm chunk, fetched on the first visit
//! (the service worker keeps every chunk at install, so an installed tablet has them offline).
//! The first screen (sign-in, the customer list, sync) stays in the main module. The profile is
//! a chunk: a quarter of the first load, which on store Wi-Fi is what a cold start waits for;
//! the service worker holds it before the first profile is opened offline.
//! Pages sharing a module name share a chunk.

use leptos::prelude::*;
use leptos::wasm_split::wasm_split;

use crate::components::lazy_page::ChunkUnavailable;

type Page = Result<AnyView, ChunkUnavailable>;

macro_rules! chunk {
    ($module:ident, $name:ident, $page:path) => {
        #[wasm_split($module, wasm_split_path = ::leptos::wasm_split, fallible)]
        pub fn $name() -> Page {
            use $page as Page;
            Ok(view! { <Page/> }.into_any())
        }
    };
}

chunk!(profile, customer_profile, crate::pages::customers::profile::CustomerProfilePage);
chunk!(journeys, journeys, crate::pages::journeys::JourneysPage);
chunk!(journeys, customer_journeys, crate::pages::customers::journeys::CustomerJourneysPage);
chunk!(overview, overview, crate::pages::overview::OverviewPage);
chunk!(audit, audit, crate::pages::audit::AuditPage);
chunk!(audit, tokens, crate::pages::tokens::TokensPage);
chunk!(audit, connectors, crate::pages::connectors::ConnectorsPage);
chunk!(communities, communities, crate::pages::communities::CommunitiesPage);
chunk!(communities, community_dashboard, crate::pages::communities::dashboard::CommunityDashboardPage);
chunk!(communities, community, crate::pages::communities::detail::CommunityPage);
chunk!(communities, community_event, crate::pages::communities::event::EventPage);
chunk!(service, service, crate::pages::service::ServicePage);
chunk!(service, care, crate::pages::service::care::CarePage);
chunk!(service, new_ticket, crate::pages::service::new_ticket::NewTicketPage);
chunk!(service, service_dashboard, crate::pages::service::dashboard::ServiceDashboardPage);
chunk!(service, ticket, crate::pages::service::ticket::TicketPage);
chunk!(service, disruptions, crate::pages::service::disruptions::DisruptionsPage);
chunk!(service, departures, crate::pages::service::departures::DeparturesPage);
chunk!(service, disruption, crate::pages::service::disruptions::detail::DisruptionPage);
chunk!(duplicates, duplicates, crate::pages::duplicates::DuplicatesPage);
chunk!(import, import, crate::pages::import::ImportPage);
chunk!(audience, audience, crate::pages::audience::AudiencePage);
