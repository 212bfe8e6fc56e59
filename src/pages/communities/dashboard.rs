//! Community dashboard (managers): members and active members over the period, events and
//! attendance, engagement levels and their moves, advocacy and referred revenue, top
//! advocates and members going quiet. Every chart has its data as a table.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use roundtrip_domain::dto::{CommunityDashboard, CommunityQuery, JourneyQuery};

use crate::api::communities::{dashboard, from_query, query_string};
use crate::components::charts::{BarChart, LineChart};
use crate::components::period_filters::{answered_period, PeriodFilters};
use crate::components::states::{error_fallback, Loading};
use crate::i18n::{format_date, format_datetime, format_money, group_thousands, percent, use_i18n, Label, Msg};

#[component]
pub fn CommunityDashboardPage() -> impl IntoView {
    let i18n = use_i18n();
    let query_map = use_query_map();
    let query = Signal::derive(move || query_map.with(|m| from_query(|k| m.get(k))));
    let navigate = use_navigate();
    let go = Callback::new(move |q: CommunityQuery| navigate(&format!("/communities/dashboard?{}", query_string(&q)), Default::default()));
    let filters = Signal::derive(move || {
        let q = query.get();
        JourneyQuery { from: q.from, to: q.to, store_id: q.store_id, segment: q.segment }
    });
    let filter_go = Callback::new(move |f: JourneyQuery| go.run(CommunityQuery { from: f.from, to: f.to, store_id: f.store_id, segment: f.segment, community_id: query.get_untracked().community_id }));
    let communities = LocalResource::new(crate::api::communities::list);
    let figures = LocalResource::new(move || {
        let q = query.get();
        async move { dashboard(&q).await }
    });
    let period = answered_period(figures, |d| (d.from, d.to));
    view! {
        <section class="page community-dashboard">
            <h1>{i18n.text(Msg::CommunityDashboardTitle)}</h1>
            <PeriodFilters query=filters go=filter_go period id="community"/>
            <div class="filters">
                <div class="filter">
                    <label for="community-filter">{i18n.text(Msg::CommunitiesHeading)}</label>
                    <select id="community-filter" on:change=move |ev| {
                        let mut q = query.get_untracked();
                        q.community_id = event_target_value(&ev).parse().ok();
                        go.run(q);
                    }>
                        <option value="">{i18n.text(Msg::AllCommunities)}</option>
                        {move || communities.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|c| {
                            let id = c.id;
                            view! { <option value=id.to_string() selected=move || query.get().community_id == Some(id)>{c.name}</option> }
                        }).collect_view()}
                    </select>
                </div>
            </div>
            <Transition fallback=|| view! { <Loading/> }>
                <ErrorBoundary fallback=error_fallback>
                    // tracks the locale too: the figures are written in it
                    {move || { i18n.locale(); figures.get().map(|r| r.map(|d| view! { <Figures d/> })) }}
                </ErrorBoundary>
            </Transition>
        </section>
    }
}

#[component]
fn Figures(d: CommunityDashboard) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.locale();
    let ratio = |n: u64| if d.members > 0 { Some(n as f64 / d.members as f64) } else { None };
    let a = d.advocacy.clone();
    let x_labels: Vec<String> = d.series.iter().map(|p| format_date(p.date, locale)).collect();
    let series = vec![
        (i18n.t(Msg::CommunityMembers).to_string(), d.series.iter().map(|p| p.members as f64).collect()),
        (i18n.t(Msg::Active30d).to_string(), d.series.iter().map(|p| p.active_30d as f64).collect()),
        (i18n.t(Msg::Active7d).to_string(), d.series.iter().map(|p| p.active_7d as f64).collect()),
    ];
    let level_bars: Vec<(String, f64, String)> = d.levels.iter().map(|l| (l.level.label(locale).to_string(), l.members as f64, group_thousands(l.members as i64))).collect();
    let attendance_bars: Vec<(String, f64, String)> = d.events.iter().rev().take(12).rev()
        .map(|e| (format!("{} {}", format_date(crate::i18n::agency_day(e.starts_at), locale), e.community_name), e.attended as f64, format!("{} / {}", group_thousands(e.attended as i64), group_thousands(e.signed_up as i64))))
        .collect();
    view! {
        <dl class="kpis" data-testid="community-kpis">
            <div><dt>{i18n.t(Msg::CommunityMembers)}</dt><dd data-testid="dash-members">{group_thousands(d.members as i64)}</dd></div>
            <div><dt>{i18n.t(Msg::Active7d)}</dt><dd data-testid="dash-active-7d">{group_thousands(d.active_7d as i64)}</dd><dd class="formula">{percent(ratio(d.active_7d))}</dd></div>
            <div><dt>{i18n.t(Msg::Active30d)}</dt><dd>{group_thousands(d.active_30d as i64)}</dd><dd class="formula">{percent(ratio(d.active_30d))}</dd></div>
            <div><dt>{i18n.t(Msg::CommunityReferrals)}</dt><dd>{group_thousands(a.referrals as i64)}</dd></div>
            <div><dt>{i18n.t(Msg::Shares)}</dt><dd>{group_thousands(a.shares as i64)}</dd></div>
            <div><dt>{i18n.t(Msg::Promoters)}</dt><dd>{format!("{} / {}", group_thousands(a.promoters as i64), group_thousands(a.nps_answers as i64))}</dd></div>
            <div><dt>{i18n.t(Msg::ReferredBookings)}</dt><dd>{group_thousands(a.referred_bookings as i64)}</dd><dd class="formula">{format_money(a.referred_revenue_fen, locale)}</dd></div>
            <div><dt>{i18n.t(Msg::LevelMoves)}</dt><dd>{format!("▲ {} · ▼ {}", group_thousands(d.level_changes.up as i64), group_thousands(d.level_changes.down as i64))}</dd><dd class="formula">{i18n.t(Msg::LevelMovesHint)}</dd></div>
        </dl>
        <div class="chart-grid">
            <section aria-labelledby="members-chart">
                <h2 id="members-chart">{i18n.t(Msg::MembersOverTime)}</h2>
                <LineChart title=i18n.t(Msg::MembersOverTime).to_string() x_labels series/>
                <details class="data-table"><summary>{i18n.t(Msg::ShowAsTable)}</summary>
                    <table><thead><tr><th scope="col">{i18n.t(Msg::Date)}</th><th scope="col" class="num">{i18n.t(Msg::CommunityMembers)}</th>
                        <th scope="col" class="num">{i18n.t(Msg::Active30d)}</th><th scope="col" class="num">{i18n.t(Msg::Active7d)}</th></tr></thead>
                    <tbody>{d.series.clone().into_iter().map(|p| view! { <tr><th scope="row">{format_date(p.date, locale)}</th><td class="num">{group_thousands(p.members as i64)}</td><td class="num">{group_thousands(p.active_30d as i64)}</td><td class="num">{group_thousands(p.active_7d as i64)}</td></tr> }).collect_view()}</tbody></table>
                </details>
            </section>
            <section aria-labelledby="levels-chart">
                <h2 id="levels-chart">{i18n.t(Msg::EngagementLevels)}</h2>
                <BarChart title=i18n.t(Msg::EngagementLevels).to_string() bars=level_bars/>
                <p class="muted small">{i18n.t(Msg::EngagementRule)}</p>
                <table data-testid="level-table"><thead><tr><th scope="col">{i18n.t(Msg::Level)}</th><th scope="col" class="num">{i18n.t(Msg::CommunityMembers)}</th></tr></thead>
                    <tbody>{d.levels.clone().into_iter().map(|l| view! { <tr><th scope="row">{l.level.label(locale)}</th><td class="num">{group_thousands(l.members as i64)}</td></tr> }).collect_view()}</tbody></table>
            </section>
            <section class="wide" aria-labelledby="attendance-chart">
                <h2 id="attendance-chart">{i18n.t(Msg::EventAttendance)}</h2>
                <BarChart title=i18n.t(Msg::EventAttendance).to_string() bars=attendance_bars data_labels=true/>
                <details class="data-table"><summary>{i18n.t(Msg::ShowAsTable)}</summary>
                    <super::EventTable events=d.events.clone() caption=Msg::EventAttendance/>
                </details>
            </section>
        </div>
        <h2>{i18n.t(Msg::TopAdvocates)}</h2>
        <p class="muted small">{i18n.t(Msg::TopAdvocatesHint)}</p>
        <div class="table-scroll" tabindex="0"><table data-testid="top-advocates">
            <thead><tr><th scope="col">{i18n.t(Msg::CustomerName)}</th><th scope="col" class="num">{i18n.t(Msg::CommunityReferrals)}</th>
                <th scope="col" class="num">{i18n.t(Msg::Shares)}</th><th scope="col">{i18n.t(Msg::Promoters)}</th><th scope="col" class="num">{i18n.t(Msg::Score)}</th>
                <th scope="col">{i18n.t(Msg::Level)}</th></tr></thead>
            <tbody>{d.top_advocates.clone().into_iter().map(|a| view! {
                <tr><th scope="row" translate="no"><A href=format!("/customers/{}", a.customer.id)>{a.customer.name.clone()}</A></th>
                    <td class="num">{group_thousands(a.referrals as i64)}</td><td class="num">{group_thousands(a.shares as i64)}</td>
                    <td>{if a.promoter { i18n.t(Msg::Yes) } else { "—" }}</td><td class="num">{group_thousands(a.score as i64)}</td>
                    <td>{a.level.label(locale)}</td></tr>
            }).collect_view()}</tbody>
        </table></div>
        <h2>{i18n.t(Msg::GoingQuiet)}</h2>
        <p class="muted small">{i18n.t(Msg::GoingQuietHint)}</p>
        <div class="table-scroll" tabindex="0"><table data-testid="going-quiet">
            <thead><tr><th scope="col">{i18n.t(Msg::CustomerName)}</th><th scope="col">{i18n.t(Msg::LastActivity)}</th><th scope="col">{i18n.t(Msg::LevelBefore)}</th></tr></thead>
            <tbody>{d.going_quiet.clone().into_iter().map(|q| view! {
                <tr><th scope="row" translate="no"><A href=format!("/customers/{}", q.customer.id)>{q.customer.name.clone()}</A></th>
                    <td>{format_datetime(q.last_activity_at, locale)}</td><td>{q.level_before.label(locale)}</td></tr>
            }).collect_view()}</tbody>
        </table></div>
    }
}
