//! The marketing audience (managers): who a campaign on one channel may reach. Customers
//! without consent for that channel are never listed, only counted.

use leptos::prelude::*;
use roundtrip_domain::consent::ContactChannel;
use roundtrip_domain::{Segment, Tier};

use crate::api;
use crate::components::customer_table::CustomerTable;
use crate::components::period_filters::StoreOptions;
use crate::components::states::{error_fallback, Loading};
use crate::pages::customers::list::filters::FilterSelect;
use crate::i18n::{group_thousands, use_i18n, Label, Msg};

#[component]
pub fn AudiencePage() -> impl IntoView {
    let i18n = use_i18n();
    let channel = RwSignal::new(ContactChannel::Wechat);
    let segment = RwSignal::new(None::<Segment>);
    let tier = RwSignal::new(None::<Tier>);
    let store = RwSignal::new(None::<i64>);
    let audience = LocalResource::new(move || {
        let (c, s, t, st) = (channel.get(), segment.get(), tier.get(), store.get());
        async move { api::consent::audience(c, s, t, st).await }
    });

    view! {
        <section class="page audience">
            <h1>{i18n.text(Msg::AudienceTitle)}</h1>
            <p class="muted">{i18n.text(Msg::AudienceIntro)}</p>
            <div class="filters">
                <label for="audience-channel">{i18n.text(Msg::ConsentChannel)}</label>
                <select id="audience-channel" on:change=move |ev| if let Some(c) = ContactChannel::parse(&event_target_value(&ev)) { channel.set(c) }>
                    {ContactChannel::ALL.iter().filter(|c| **c != ContactChannel::Any).map(|c| { let c = *c; view! { <option value=c.as_str() selected=move || channel.get() == c>{move || c.label(i18n.locale())}</option> } }).collect_view()}
                </select>
                <FilterSelect id="audience-segment" label=Msg::FilterSegment options=Segment::ALL current=segment.into()
                    parse=Segment::parse text=Segment::as_str on_pick=Callback::new(move |s| segment.set(s))/>
                <FilterSelect id="audience-tier" label=Msg::FilterTier options=Tier::ALL current=tier.into()
                    parse=Tier::parse text=Tier::as_str on_pick=Callback::new(move |t| tier.set(t))/>
                <label for="audience-store">{i18n.text(Msg::FilterStore)}</label>
                <select id="audience-store" on:change=move |ev| store.set(event_target_value(&ev).parse().ok())>
                    <StoreOptions selected=store.into()/>
                </select>
            </div>
            <Transition fallback=|| view! { <Loading/> }>
                <ErrorBoundary fallback=error_fallback>
                    {move || audience.get().map(|r| r.map(|a| view! {
                        <p class="result-count" role="status" data-testid="audience-counts">
                            <strong data-testid="audience-eligible">{group_thousands(a.eligible as i64)}</strong> " " {i18n.text(Msg::AudienceEligible)} " · "
                            <span data-testid="audience-excluded">{group_thousands(a.excluded as i64)}</span> " " {i18n.text(Msg::AudienceExcluded)}
                        </p>
                        <p>
                            <a class="button" download data-testid="audience-export"
                                href=move || api::consent::audience_export_url(channel.get(), segment.get(), tier.get(), store.get())>
                                {i18n.text(Msg::AudienceExport)}
                            </a>
                        </p>
                        <CustomerTable items=a.items/>
                    }))}
                </ErrorBoundary>
            </Transition>
        </section>
    }
}
