//! One journey drawn as SVG: stages as columns, channels as swimlanes, touchpoints placed in
//! time within their stage and coloured by mood; promises marked kept (✓) or broken (!).
//! Every touchpoint is a button: hover, tap, click or Enter shows it below the map.

use leptos::prelude::*;
use roundtrip_domain::dto::{CustomerJourney, Touchpoint};
use roundtrip_domain::journey::PromiseStatus;
use roundtrip_domain::{Channel, Mood, Stage};

use crate::components::marks::{channel_icon, sentiment_mark};
use crate::i18n::{format_date, format_datetime, kind_label, system_text, use_i18n, Label, Msg};

const WIDTH: f64 = 960.0;
const GUTTER: f64 = 130.0;
const HEAD: f64 = 40.0;
const LANE: f64 = 60.0;
const PAD: f64 = 24.0;
/// Closest two touchpoints of one lane may sit, so each keeps a 44 px target.
const MIN_GAP: f64 = 23.0;

struct Point {
    tp: Touchpoint,
    x: f64,
    y: f64,
    /// Set on a promise and on the delivery answering it.
    promise: Option<PromiseStatus>,
}

fn column_width() -> f64 {
    (WIDTH - GUTTER) / Stage::ALL.len() as f64
}

fn lane_y(lane: usize) -> f64 {
    HEAD + LANE * lane as f64 + LANE / 2.0
}

fn layout(j: &CustomerJourney) -> (Vec<Channel>, Vec<Point>) {
    let mut lanes: Vec<Channel> = j.touchpoints.iter().map(|t| t.channel).collect();
    lanes.sort();
    lanes.dedup();
    let mut points: Vec<Point> = Vec::with_capacity(j.touchpoints.len());
    for (col, stage) in Stage::ALL.iter().enumerate() {
        let in_stage: Vec<&Touchpoint> = j.touchpoints.iter().filter(|t| t.stage == *stage).collect();
        let (Some(first), Some(last)) = (in_stage.iter().map(|t| t.occurred_at).min(), in_stage.iter().map(|t| t.occurred_at).max()) else {
            continue;
        };
        let span = (last - first).num_seconds() as f64;
        let left = GUTTER + column_width() * col as f64 + PAD;
        let room = column_width() - 2.0 * PAD;
        for t in in_stage {
            let frac = if span > 0.0 { (t.occurred_at - first).num_seconds() as f64 / span } else { 0.5 };
            let lane = lanes.iter().position(|c| *c == t.channel).unwrap_or(0);
            let promise = j
                .promises
                .iter()
                .chain(&j.delivered_here)
                .find(|p| p.promise_touchpoint_id == t.id || p.delivery_touchpoint_id == Some(t.id))
                .map(|p| p.status);
            points.push(Point { tp: t.clone(), x: left + frac * room, y: lane_y(lane), promise });
        }
    }
    // nudge neighbours in a lane apart so none hides another
    points.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x)));
    for i in 1..points.len() {
        if points[i].y == points[i - 1].y && points[i].x - points[i - 1].x < MIN_GAP {
            points[i].x = points[i - 1].x + MIN_GAP;
        }
    }
    (lanes, points)
}

fn dot_class(p: &Point) -> String {
    let mood = Mood::of(p.tp.sentiment).map_or("unknown", |m| m.as_str());
    let promise = p.promise.map(|s| format!(" promise-{}", s.as_str())).unwrap_or_default();
    format!("tp mood-{mood}{promise}")
}

#[component]
pub fn JourneyMap(journey: CustomerJourney) -> impl IntoView {
    let i18n = use_i18n();
    let (lanes, mut points) = layout(&journey);
    let height = HEAD + LANE * lanes.len().max(1) as f64 + 8.0;
    // the path follows time, whatever the lane
    points.sort_by_key(|p| (p.tp.occurred_at, p.tp.id));
    let path = points.iter().map(|p| format!("{:.1},{:.1}", p.x, p.y)).collect::<Vec<_>>().join(" ");
    let selected = RwSignal::new(None::<usize>);
    let details = StoredValue::new(points.iter().map(|p| (p.tp.clone(), p.promise)).collect::<Vec<_>>());
    let promise_text = StoredValue::new(journey.promises.clone());
    let title = journey.order.as_ref().map(|o| o.title.clone());
    let dates = journey.order.as_ref().and_then(|o| Some((o.departure?, o.return_date?)));
    let (made, broken) = (journey.promises.iter().filter(|p| p.status != PromiseStatus::Void).count(), journey.broken_promises);
    let cw = column_width();

    let point_label = move |tp: &Touchpoint, promise: Option<PromiseStatus>| {
        let l = i18n.locale();
        let mut text = format!("{} · {} · {} · {}", tp.stage.label(l), tp.channel.label(l), kind_label(&tp.kind, l), format_datetime(tp.occurred_at, l));
        if let Some(m) = Mood::of(tp.sentiment) {
            text += &format!(" · {}", m.label(l));
        }
        if let Some(p) = promise {
            text += &format!(" · {}", p.label(l));
        }
        text
    };
    let rows = StoredValue::new(points.iter().map(|p| (p.tp.clone(), p.promise)).collect::<Vec<_>>());

    view! {
        <figure class="journey-map" data-testid="journey-map">
            <header class="journey-head">
                <h3>{move || title.clone().unwrap_or_else(|| i18n.t(Msg::Unbooked).to_string())}</h3>
                {dates.map(|(dep, ret)| view! {
                    <p class="muted">{i18n.text(Msg::TripDates)} " " {move || format_date(dep, i18n.locale())} " – " {move || format_date(ret, i18n.locale())}</p>
                })}
                {(made > 0).then(|| view! {
                    <p class={if broken > 0 { "badge broken" } else { "badge kept" }} data-testid="promise-count">
                        {i18n.text(Msg::PromisesMade)} " " {made} " · " {i18n.text(Msg::BrokenPromises)} " " {broken}
                    </p>
                })}
            </header>
            <div class="map-scroll">
                <svg viewBox=format!("0 0 {WIDTH} {height}") width=WIDTH height=height role="group"
                    aria-label=i18n.text(Msg::JourneyMapLabel)>
                    {Stage::ALL.iter().enumerate().map(|(i, s)| {
                        let s = *s;
                        let x = GUTTER + cw * i as f64;
                        view! {
                            <rect class={if i % 2 == 0 { "col even" } else { "col odd" }} x=x y=0 width=cw height=height/>
                            <text class="stage-name" x=x + cw / 2.0 y=24>{move || s.label(i18n.locale())}</text>
                        }
                    }).collect_view()}
                    {lanes.iter().enumerate().map(|(i, c)| {
                        let c = *c;
                        let y = lane_y(i);
                        view! {
                            <line class="lane" x1=GUTTER x2=WIDTH y1=y y2=y/>
                            <text class="lane-name" x=8 y=y + 5.0>{channel_icon(c)} " " {move || c.label(i18n.locale())}</text>
                        }
                    }).collect_view()}
                    <polyline class="path" points=path/>
                    {points.iter().enumerate().map(|(i, p)| {
                        let (label, status) = (p.tp.clone(), p.promise);
                        let mark = match p.promise {
                            Some(PromiseStatus::Broken) => "!",
                            Some(PromiseStatus::Kept) => "✓",
                            Some(PromiseStatus::Pending) => "…",
                            // mood is shown by a sign as well as by colour
                            _ => match Mood::of(p.tp.sentiment) {
                                Some(Mood::Positive) => "+",
                                Some(Mood::Negative) => "−",
                                _ => "",
                            },
                        };
                        view! {
                            <g class=dot_class(p) role="button" tabindex="0" data-testid="touchpoint"
                                aria-label=move || point_label(&label, status)
                                aria-pressed=move || (selected.get() == Some(i)).to_string()
                                on:click=move |_| selected.set(Some(i))
                                on:mouseenter=move |_| selected.set(Some(i))
                                on:keydown=move |ev| {
                                    if ev.key() == "Enter" || ev.key() == " " {
                                        ev.prevent_default();
                                        selected.set(Some(i));
                                    }
                                }>
                                <circle class="hit" cx=p.x cy=p.y r=23/>
                                <circle class="dot" cx=p.x cy=p.y r=11/>
                                <text class="mark" x=p.x y=p.y + 4.0>{mark}</text>
                            </g>
                        }
                    }).collect_view()}
                </svg>
            </div>
            <figcaption class="legend">
                {Mood::ALL.iter().map(|m| {
                    let m = *m;
                    let sign = match m { Mood::Positive => "+ ", Mood::Negative => "− ", Mood::Neutral => "" };
                    view! { <span class=format!("key mood-{}", m.as_str())>{sign} {move || m.label(i18n.locale())}</span> }
                }).collect_view()}
                <span class="key mood-unknown">{i18n.text(Msg::MoodUnknown)}</span>
                <span>"✓ " {move || PromiseStatus::Kept.label(i18n.locale())}</span>
                <span>"! " {move || PromiseStatus::Broken.label(i18n.locale())}</span>
            </figcaption>
            <details class="tp-list">
                <summary>{i18n.text(Msg::TouchpointsAsList)}</summary>
                <table>
                    <thead>
                        <tr>
                            <th scope="col">{i18n.text(Msg::When)}</th>
                            <th scope="col">{i18n.text(Msg::StageCol)}</th>
                            <th scope="col">{i18n.text(Msg::ColChannels)}</th>
                            <th scope="col">{i18n.text(Msg::WhatHappened)}</th>
                            <th scope="col">{i18n.text(Msg::Promise)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || rows.with_value(|rows| rows.iter().map(|(tp, status)| {
                            let l = i18n.locale();
                            let mood = Mood::of(tp.sentiment).map(|m| format!(" ({})", m.label(l))).unwrap_or_default();
                            view! {
                                <tr>
                                    <td>{format_datetime(tp.occurred_at, l)}</td>
                                    <td>{tp.stage.label(l)}</td>
                                    <td>{tp.channel.label(l)}</td>
                                    <td>{kind_label(&tp.kind, l)} ": " <span translate="no">{system_text(&tp.summary, l)}</span> {mood}</td>
                                    <td>{tp.promise.clone().or(tp.fulfils.clone()).unwrap_or_default()} " " {status.map(|s| s.label(l))}</td>
                                </tr>
                            }
                        }).collect_view())}
                    </tbody>
                </table>
            </details>
            <div class="tp-detail" aria-live="polite" data-testid="touchpoint-detail">
                {move || match selected.get().and_then(|i| details.with_value(|d| d.get(i).cloned())) {
                    None => view! { <p class="muted">{i18n.text(Msg::SelectTouchpoint)}</p> }.into_any(),
                    Some((tp, status)) => {
                        let l = i18n.locale();
                        let promise = tp.promise.clone().or(tp.fulfils.clone());
                        let owed = promise_text.with_value(|ps| ps.iter().any(|p| p.promise_touchpoint_id == tp.id));
                        view! {
                            <p class="when">{format_datetime(tp.occurred_at, l)} " · " {channel_icon(tp.channel)} " " {tp.channel.label(l)}
                                " · " {tp.stage.label(l)} " · " {kind_label(&tp.kind, l)} " " {sentiment_mark(tp.sentiment)}</p>
                            <p class="summary" translate="no">{system_text(&tp.summary, i18n.locale())}</p>
                            {promise.map(|text| view! {
                                <p class="promise">
                                    {if owed { i18n.t(Msg::Promise) } else { i18n.t(Msg::DeliveryOf) }} ": " {text}
                                    {status.map(|s| view! { " " <span class=format!("status status-{}", s.as_str())>{s.label(l)}</span> })}
                                </p>
                            })}
                        }.into_any()
                    }
                }}
            </div>
        </figure>
    }
}
