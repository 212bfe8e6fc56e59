use leptos::prelude::*;
use leptos_router::components::A;
use roundtrip_domain::dto::CommunityEvent;

use crate::i18n::{format_datetime, use_i18n, Msg};

/// Events with their date, place and turnout; each links to its door list.
#[component]
pub fn EventTable(events: Vec<CommunityEvent>, caption: Msg) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="table-scroll" tabindex="0">
            <table data-testid="event-table">
                <caption class="visually-hidden">{move || i18n.t(caption)}</caption>
                <thead><tr>
                    <th scope="col">{i18n.text(Msg::EventTitle)}</th>
                    <th scope="col">{i18n.text(Msg::EventStarts)}</th>
                    <th scope="col">{i18n.text(Msg::EventStore)}</th>
                    <th scope="col" class="num">{i18n.text(Msg::SignedUp)}</th>
                    <th scope="col" class="num">{i18n.text(Msg::Attended)}</th>
                </tr></thead>
                <tbody>
                    {events.into_iter().map(|e| {
                        let starts = e.starts_at;
                        let capacity = e.capacity.map(|c| format!(" / {c}")).unwrap_or_default();
                        view! {
                            <tr>
                                <th scope="row"><A href=format!("/community-events/{}", e.id)>{e.title.clone()}</A>
                                    <span class="muted small" translate="no">" · " {e.community_name.clone()}</span></th>
                                <td>{move || format_datetime(starts, i18n.locale())}</td>
                                <td>{e.store.map(|s| s.name).unwrap_or_default()}</td>
                                <td class="num">{format!("{}{capacity}", e.signed_up)}</td>
                                <td class="num">{e.attended}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
