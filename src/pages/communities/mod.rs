//! Interest communities: the events the user runs (store staff check members in there), the
//! communities with how alive they are, and for managers the forms that start them.

pub mod dashboard;
pub mod detail;
pub mod event;
mod events;
mod new_community;

use leptos::prelude::*;
use leptos_router::components::A;
use roundtrip_domain::Role;

use crate::components::states::{error_fallback, Empty, Loading};
use crate::globals::use_session;
use crate::i18n::{group_thousands, use_i18n, Msg};
pub use events::EventTable;

#[component]
pub fn CommunitiesPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let is_manager = move || session.0.get().is_some_and(|u| u.role != Role::Staff);
    let communities = LocalResource::new(crate::api::communities::list);
    let events = LocalResource::new(crate::api::communities::my_events);
    view! {
        <section class="page communities-page">
            <h1>{i18n.text(Msg::CommunitiesTitle)}</h1>
            <p class="muted">{i18n.text(Msg::CommunitiesIntro)}</p>
            <Show when=is_manager>
                <p><A href="/communities/dashboard" attr:class="button">{i18n.text(Msg::CommunityDashboardTitle)}</A></p>
            </Show>
            <h2>{i18n.text(Msg::EventsIRun)}</h2>
            <Transition fallback=|| view! { <Loading/> }>
                <ErrorBoundary fallback=error_fallback>
                    {move || events.get().map(|r| r.map(|list| if list.is_empty() {
                        view! { <Empty msg=Msg::NoEvents/> }.into_any()
                    } else {
                        view! { <EventTable events=list caption=Msg::EventsIRun/> }.into_any()
                    }))}
                </ErrorBoundary>
            </Transition>
            <h2>{i18n.text(Msg::CommunitiesHeading)}</h2>
            <Transition fallback=|| view! { <Loading/> }>
                <ErrorBoundary fallback=error_fallback>
                    {move || communities.get().map(|r| r.map(|list| view! {
                        <div class="table-scroll" tabindex="0">
                            <table data-testid="community-table">
                                <caption class="visually-hidden">{i18n.text(Msg::CommunitiesHeading)}</caption>
                                <thead><tr>
                                    <th scope="col">{i18n.text(Msg::CommunityName)}</th>
                                    <th scope="col" class="num">{i18n.text(Msg::CommunityMembers)}</th>
                                    <th scope="col" class="num">{i18n.text(Msg::Active30d)}</th>
                                    <th scope="col" class="num">{i18n.text(Msg::UpcomingEvents)}</th>
                                    <th scope="col">{i18n.text(Msg::Moderators)}</th>
                                </tr></thead>
                                <tbody>
                                    {list.into_iter().map(|c| view! {
                                        <tr>
                                            <th scope="row" translate="no"><A href=format!("/communities/{}", c.id)>{c.name.clone()}</A></th>
                                            <td class="num">{group_thousands(c.members as i64)}</td>
                                            <td class="num">{group_thousands(c.active_30d as i64)}</td>
                                            <td class="num">{c.upcoming_events}</td>
                                            <td>{c.moderators.iter().map(|m| m.display_name.clone()).collect::<Vec<_>>().join("、")}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }))}
                </ErrorBoundary>
            </Transition>
            <Show when=is_manager>
                <new_community::NewCommunityForm on_created=Callback::new(move |_| communities.refetch())/>
            </Show>
        </section>
    }
}
