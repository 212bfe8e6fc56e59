use leptos::prelude::*;
use roundtrip_domain::dto::{JourneyCellQuery, StageFlow};
use roundtrip_domain::Stage;

use crate::i18n::{format_hours, group_thousands, percent, use_i18n, Label, Msg};

/// Each stage over all channels: how many went on, how many dropped off (a tap lists them),
/// and how long it took.
#[component]
pub fn StageFlowTable(stages: Vec<StageFlow>, query: Memo<JourneyCellQuery>, go: Callback<JourneyCellQuery>) -> impl IntoView {
    let i18n = use_i18n();
    let list = move |stage: Stage| go.run(JourneyCellQuery { stage: Some(stage), channel: None, dropped: Some(true), page: None, ..query.get_untracked() });
    view! {
        <section class="card" aria-labelledby="flow-title">
            <h2 id="flow-title">{i18n.text(Msg::StageFlowTitle)}</h2>
            <div class="table-scroll" tabindex="0"><table data-testid="stage-flow">
                <thead>
                    <tr>
                        <td></td>
                        <th scope="col" class="num">{i18n.text(Msg::JourneyCount)}</th>
                        <th scope="col" class="num">{i18n.text(Msg::Conversion)}</th>
                        <th scope="col" class="num">{i18n.text(Msg::DropOff)}</th>
                        <th scope="col" class="num">{i18n.text(Msg::MedianToNext)}</th>
                    </tr>
                </thead>
                <tbody>
                    {stages.into_iter().map(|f| view! {
                        <tr>
                            <th scope="row">{move || f.stage.label(i18n.locale())}</th>
                            <td class="num">{group_thousands(f.journeys as i64)}</td>
                            <td class="num">{percent(f.conversion)}</td>
                            <td class="num">{match f.conversion {
                                // the last stage is where a journey ends: nobody drops off it
                                None => view! { {percent(None)} }.into_any(),
                                Some(c) => {
                                    let stage = f.stage;
                                    view! {
                                        // the name a screen reader hears holds the visible figures (WCAG 2.5.3)
                                        <button type="button" class="link-button" data-testid="dropped-off"
                                            aria-pressed=move || query.with(|q| q.dropped == Some(true) && q.stage == Some(stage)).to_string()
                                            on:click=move |_| list(stage)>
                                            <span class="visually-hidden">{move || format!("{} {}: ", i18n.t(Msg::DroppedOffAt), stage.label(i18n.locale()))}</span>
                                            {percent(Some(1.0 - c))} " · " {group_thousands((f.journeys - f.reached_next) as i64)}
                                        </button>
                                    }.into_any()
                                }
                            }}</td>
                            <td class="num">{move || format_hours(f.median_hours_to_next, i18n.locale())}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table></div>
        </section>
    }
}
