//! What complaints are about, for managers: each topic's complaints per agency month with its
//! trend and how often staff kept the rules' reading, by store and channel; a count opens the
//! complaints behind it.

use leptos::prelude::*;
use roundtrip_domain::dto::{JourneyQuery, TopicReport, TopicSplit};
use roundtrip_domain::topics::Topic;

use crate::components::states::{error_fallback, Empty, Loading};
use crate::i18n::{use_i18n, Label, Msg};
use super::dashboard::split_name;

#[component]
pub fn TopicsSection(query: Signal<JourneyQuery>) -> impl IntoView {
    let i18n = use_i18n();
    let report = LocalResource::new(move || {
        let q = query.get();
        async move { crate::api::service::topics(&q).await }
    });
    // the cell whose complaints are listed: a topic, and one month of it or the whole period
    let cell = RwSignal::new(None::<(Topic, Option<String>)>);
    view! {
        <section class="card" aria-labelledby="topics-title">
            <h2 id="topics-title">{i18n.text(Msg::TopicsTitle)}</h2>
            <p class="muted small">{i18n.text(Msg::TopicsIntro)}</p>
            <Transition fallback=|| view! { <Loading/> }>
                <ErrorBoundary fallback=error_fallback>
                    {move || { i18n.locale(); report.get().map(|r| r.map(|r| view! { <TopicTables r cell=cell.write_only()/> })) }}
                </ErrorBoundary>
            </Transition>
            <CellTickets query cell=cell.read_only()/>
        </section>
    }
}

#[component]
fn TopicTables(r: TopicReport, cell: WriteSignal<Option<(Topic, Option<String>)>>) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.locale();
    if r.complaints == 0 {
        return view! { <Empty msg=Msg::NoComplaints/> }.into_any();
    }
    let order: Vec<Topic> = r.topics.iter().map(|t| t.topic).collect();
    let months = r.months.clone();
    // the count is the button's visible name; the topic and month follow it for screen readers
    let count_button = move |n: u64, topic: Topic, month: Option<String>| {
        let context = format!(" {} {}", topic.label(locale), month.clone().unwrap_or_default());
        view! {
            <button type="button" class="link-button" disabled=n == 0
                on:click=move |_| cell.set(Some((topic, month.clone())))>{n}<span class="visually-hidden">{context}</span></button>
        }
    };
    view! {
        <p data-testid="topics-corrected">{format!("{} {} · {} {}", r.complaints, i18n.t(Msg::ComplaintsCount), r.corrected, i18n.t(Msg::TopicsCorrected))}</p>
        <div class="table-scroll" tabindex="0">
            <table class="data-table" data-testid="topics-by-month">
                <thead><tr>
                    <th scope="col">{i18n.t(Msg::TopicCol)}</th>
                    {months.iter().map(|m| view! { <th scope="col" class="num">{m.clone()}</th> }).collect_view()}
                    <th scope="col" class="num">{i18n.t(Msg::TotalCol)}</th>
                    <th scope="col" class="num">{i18n.t(Msg::TrendCol)}</th>
                    <th scope="col" class="num">{i18n.t(Msg::RulesKeptCol)}</th>
                </tr></thead>
                <tbody>
                    {r.topics.iter().map(|t| {
                        let topic = t.topic;
                        let trend = t.trend.map(|d| match d { 0 => "±0".to_string(), d if d > 0 => format!("↑ {d}"), d => format!("↓ {}", -d) }).unwrap_or_else(|| "—".into());
                        let kept = if t.by_rules == 0 { "—".to_string() } else { format!("{} / {}", t.kept, t.by_rules) };
                        view! {
                            <tr>
                                <th scope="row">{topic.label(locale)}</th>
                                {t.per_month.iter().zip(months.clone()).map(|(n, m)| view! { <td class="num">{count_button(*n, topic, Some(m))}</td> }).collect_view()}
                                <td class="num">{count_button(t.total, topic, None)}</td>
                                <td class="num">{trend}</td>
                                <td class="num">{kept}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        <SplitTable title=Msg::TopicsByStore rows=r.by_store.clone() order=order.clone() channel=false id="topics-by-store"/>
        <SplitTable title=Msg::TopicsByChannel rows=r.by_channel.clone() order channel=true id="topics-by-channel"/>
    }
    .into_any()
}

#[component]
fn SplitTable(title: Msg, rows: Vec<TopicSplit>, order: Vec<Topic>, channel: bool, id: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.locale();
    view! {
        <h3>{i18n.t(title)}</h3>
        <div class="table-scroll" tabindex="0">
            <table class="data-table" data-testid=id>
                <thead><tr>
                    <th scope="col">{if channel { i18n.t(Msg::ColChannels) } else { i18n.t(Msg::FilterStore) }}</th>
                    {order.iter().map(|t| view! { <th scope="col" class="num">{t.label(locale)}</th> }).collect_view()}
                </tr></thead>
                <tbody>
                    {rows.into_iter().map(|r| {
                        let name = split_name(channel, &r.key, &r.label, locale);
                        view! {
                            <tr>
                                <th scope="row">{name}</th>
                                {r.per_topic.iter().map(|n| view! { <td class="num">{*n}</td> }).collect_view()}
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// The complaints behind the chosen cell, each opening its ticket.
#[component]
fn CellTickets(query: Signal<JourneyQuery>, cell: ReadSignal<Option<(Topic, Option<String>)>>) -> impl IntoView {
    let i18n = use_i18n();
    let list = LocalResource::new(move || {
        let (q, c) = (query.get(), cell.get());
        async move {
            match c {
                Some((topic, month)) => crate::api::service::topic_tickets(&q, topic, month.as_deref()).await.map(Some),
                None => Ok(None),
            }
        }
    });
    view! {
        <Transition fallback=|| view! { <Loading/> }>
            <ErrorBoundary fallback=error_fallback>
                {move || list.get().map(|r| r.map(|found| found.map(|tickets| {
                    let (topic, month) = cell.get_untracked().expect("a cell is chosen");
                    view! {
                        <h3 id="topic-cell-title" tabindex="-1" data-testid="topic-cell-title">
                            {format!("{} {}", topic.label(i18n.locale()), month.unwrap_or_default())}
                        </h3>
                        <ul class="ticket-list" data-testid="topic-cell" aria-labelledby="topic-cell-title">
                            {tickets.into_iter().map(|t| view! {
                                <li class="ticket-item">
                                    <a class="row-link" href=format!("/service/{}", t.id) translate="no">{t.summary.clone()}</a>
                                    <span class="muted">" · " {t.customer_name.clone()}</span>
                                </li>
                            }).collect_view()}
                        </ul>
                    }
                })))}
            </ErrorBoundary>
        </Transition>
    }
}
