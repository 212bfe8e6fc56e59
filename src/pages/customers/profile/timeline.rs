//! All touchpoints, newest first, filterable by channel and stage. Long histories are shown a
//! page at a time so a 2,000-event customer opens instantly.

use leptos::prelude::*;
use roundtrip_domain::dto::Touchpoint;
use roundtrip_domain::{Channel, Stage};

use crate::components::marks::{channel_icon, sentiment_mark};

use crate::i18n::{format_datetime, kind_label, system_text, use_i18n, Label, Msg};

const PAGE: usize = 50;

#[component]
pub fn Timeline(touchpoints: Vec<Touchpoint>) -> impl IntoView {
    let i18n = use_i18n();
    let all = StoredValue::new(touchpoints);
    let channel = RwSignal::new(None::<Channel>);
    let stage = RwSignal::new(None::<Stage>);
    let shown = RwSignal::new(PAGE);
    let filtered = Memo::new(move |_| {
        let (c, s) = (channel.get(), stage.get());
        all.with_value(|tps| {
            tps.iter().filter(|t| c.is_none_or(|c| t.channel == c) && s.is_none_or(|s| t.stage == s)).cloned().collect::<Vec<_>>()
        })
    });
    let present_channels: Vec<Channel> = all.with_value(|tps| {
        let mut cs: Vec<Channel> = tps.iter().map(|t| t.channel).collect();
        cs.sort();
        cs.dedup();
        cs
    });

    view! {
        <section class="card timeline" aria-labelledby="timeline-title">
            <h2 id="timeline-title">{i18n.text(Msg::Timeline)}</h2>
            <div class="filters">
                <div class="filter">
                    <label for="timeline-channel">{i18n.text(Msg::ColChannels)}</label>
                    <select id="timeline-channel" on:change=move |ev| { channel.set(Channel::parse(&event_target_value(&ev))); shown.set(PAGE); }>
                        <option value="">{i18n.text(Msg::Any)}</option>
                        {present_channels.into_iter().map(|c| view! { <option value=c.as_str()>{move || c.label(i18n.locale())}</option> }).collect_view()}
                    </select>
                </div>
                <div class="filter">
                    <label for="timeline-stage">{i18n.text(Msg::Stage)}</label>
                    <select id="timeline-stage" on:change=move |ev| { stage.set(Stage::parse(&event_target_value(&ev))); shown.set(PAGE); }>
                        <option value="">{i18n.text(Msg::Any)}</option>
                        {Stage::ALL.iter().map(|s| { let s = *s; view! { <option value=s.as_str()>{move || s.label(i18n.locale())}</option> } }).collect_view()}
                    </select>
                </div>
            </div>
            {move || {
                let items = filtered.get();
                if items.is_empty() {
                    return view! { <p class="state empty">{i18n.text(Msg::NoTouchpoints)}</p> }.into_any();
                }
                let total = items.len();
                let limit = shown.get().min(total);
                view! {
                    <ol class="touchpoints" data-testid="timeline">
                        {items.into_iter().take(limit).map(|t| view! {
                            <li class="touchpoint">
                                <span class="tp-icon" aria-hidden="true">{channel_icon(t.channel)}</span>
                                <div class="tp-body">
                                    <p class="tp-head">
                                        <strong>{move || kind_label(&t.kind, i18n.locale())}</strong>
                                        " · " {move || t.channel.label(i18n.locale())}
                                        " · " <span class="stage">{move || t.stage.label(i18n.locale())}</span>
                                    </p>
                                    <p translate="no">{ let summary = t.summary.clone(); move || system_text(&summary, i18n.locale()) } " " <span aria-hidden="true">{sentiment_mark(t.sentiment)}</span></p>
                                    {t.promise.clone().map(|p| view! { <p class="promise">{i18n.text(Msg::Promise)} ": " {p.clone()}</p> })}
                                </div>
                                <time class="muted" datetime=t.occurred_at.to_rfc3339()>{move || format_datetime(t.occurred_at, i18n.locale())}</time>
                            </li>
                        }).collect_view()}
                    </ol>
                    <p class="muted">{i18n.text(Msg::ShowingMore)} " " {limit} " " {i18n.text(Msg::Of)} " " {total}</p>
                    {(limit < total).then(|| view! {
                        <button type="button" class="button" on:click=move |_| shown.update(|n| *n += PAGE)>{i18n.text(Msg::ShowMore)}</button>
                    })}
                }.into_any()
            }}
        </section>
    }
}
